// SPDX-License-Identifier: GPL-2.0-only
/*
 * Action list checks (datapath/actions_check.c, actions_check_set.c), what gets
 * through: every action accepted in a valid form and copied in the form
 * actions.h documents, set() turned into the private masked form, and
 * ovs_actions_to_attrs() giving back the input byte for byte; plus the
 * limits next to what they let through (16/17 nesting levels, the list
 * size at and past OVS_ACTIONS_MAX_SIZE).
 */

#include <kunit/test.h>

#include "actions_copy_kunit.h"

static void ovs_at_test_simple_actions(struct kunit *test)
{
	struct ovs_action_push_vlan vlan = {
		.vlan_tpid = htons(ETH_P_8021Q),
		.vlan_tci = htons(0x1000 | 5),
	};
	struct ovs_action_hash hash = { .hash_alg = OVS_HASH_ALG_L4 };
	struct ovs_action_trunc trunc = { .max_len = ETH_HLEN };

	ovs_at_begin(test);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT,
		   OVS_DP_MAX_PORTS - 1);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_TRUNC, &trunc,
		   sizeof(trunc));
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_PUSH_VLAN, &vlan,
		   sizeof(vlan));
	vlan.vlan_tpid = htons(ETH_P_8021AD);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_PUSH_VLAN, &vlan,
		   sizeof(vlan));
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_HASH, &hash,
		   sizeof(hash));
	hash.hash_alg = OVS_HASH_ALG_SYM_L4;
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_HASH, &hash,
		   sizeof(hash));
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_RECIRC, 7);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_CT_CLEAR, NULL, 0);
	ovs_at_userspace(test);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_DROP, 0);
	ovs_at_accepted_same(test, "simple actions");

	/* An empty list drops the packet. */
	ovs_at_begin(test);
	ovs_at_accepted_same(test, "empty list");

	/* The userspace action needs only its pid. */
	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_USERSPACE, NULL, 0);
	ovs_at_refused(test, -EINVAL, "userspace without pid");
}

static void ovs_at_test_mpls_actions(struct kunit *test)
{
	struct ovs_action_push_mpls push = {
		.mpls_lse = htonl(100 << 12 | 1 << 8 | 64),
		.mpls_ethertype = htons(ETH_P_MPLS_UC),
	};
	struct ovs_action_add_mpls add = {
		.mpls_lse = htonl(200 << 12 | 1 << 8 | 64),
		.mpls_ethertype = htons(ETH_P_MPLS_UC),
	};
	struct ovs_at *t;

	/* Two labels pushed, two popped; the inner pop may go to IPv4. */
	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_PUSH_MPLS, &push,
		   sizeof(push));
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_PUSH_MPLS, &push,
		   sizeof(push));
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_POP_MPLS,
		   &(__be16){ htons(ETH_P_MPLS_UC) }, sizeof(__be16));
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_POP_MPLS,
		   &(__be16){ htons(ETH_P_IP) }, sizeof(__be16));
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 2);
	ovs_at_accepted_same(test, "push_mpls and pop_mpls");

	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_ADD_MPLS, &add,
		   sizeof(add));
	add.tun_flags = OVS_MPLS_L3_TUNNEL_FLAG_MASK;
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_ADD_MPLS, &add,
		   sizeof(add));
	ovs_at_accepted_same(test, "add_mpls");

	/* pop_mpls on a key that is MPLS. */
	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_MPLS_UC);
	t->key.mpls.lse[0] = push.mpls_lse;
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_POP_MPLS,
		   &(__be16){ htons(ETH_P_IP) }, sizeof(__be16));
	ovs_at_accepted_same(test, "pop_mpls of an MPLS key");

	/* ... but not twice: the key had one label. */
	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_MPLS_UC);
	t->key.mpls.lse[0] = push.mpls_lse;
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_POP_MPLS,
		   &(__be16){ htons(ETH_P_MPLS_UC) }, sizeof(__be16));
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_POP_MPLS,
		   &(__be16){ htons(ETH_P_IP) }, sizeof(__be16));
	ovs_at_refused(test, -EINVAL, "pop_mpls past the key's labels");
}

static void ovs_at_test_eth_actions(struct kunit *test)
{
	struct ovs_action_push_eth eth = {
		.addresses = {
			.eth_src = { 0x02, 0, 0, 0, 0, 1 },
			.eth_dst = { 0x02, 0, 0, 0, 0, 2 },
		},
	};
	struct ovs_at *t;

	t = ovs_at_begin(test);
	t->key.mac_proto = OVS_MAC_PROTO_NONE;
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_PUSH_ETH, &eth,
		   sizeof(eth));
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_POP_ETH, NULL, 0);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_PUSH_ETH, &eth,
		   sizeof(eth));
	ovs_at_accepted_same(test, "push_eth, pop_eth");

	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_PUSH_ETH, &eth,
		   sizeof(eth));
	ovs_at_refused(test, -EINVAL, "push_eth over Ethernet");

	t = ovs_at_begin(test);
	t->key.eth.vlan.tci = htons(0x1000 | 10);
	t->key.eth.vlan.tpid = htons(ETH_P_8021Q);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_POP_ETH, NULL, 0);
	ovs_at_refused(test, -EINVAL, "pop_eth with a VLAN tag");

	t = ovs_at_begin(test);
	t->key.mac_proto = OVS_MAC_PROTO_NONE;
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
	ovs_at_refused(test, -EINVAL, "pop_vlan without Ethernet");
}

/* push_nsh(nsh(base, md1 or md2)). */
static void ovs_at_push_nsh(struct kunit *test, u8 mdtype, int mdlen)
{
	struct ovs_nsh_key_base base = {
		.ttl = 63, .mdtype = mdtype, .np = TUN_P_IPV4,
		.path_hdr = htonl(0x100 << 8 | 255),
	};
	static const u8 md[NSH_CTX_HDRS_MAX_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct nlattr *push, *nsh;

	push = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PUSH_NSH);
	nsh = ovs_kt_nest(test, ovs_at_skb(test), OVS_KEY_ATTR_NSH);
	ovs_kt_put(test, ovs_at_skb(test), OVS_NSH_KEY_ATTR_BASE, &base,
		   sizeof(base));
	ovs_kt_put(test, ovs_at_skb(test),
		   mdtype == NSH_M_TYPE1 ? OVS_NSH_KEY_ATTR_MD1 : OVS_NSH_KEY_ATTR_MD2,
		   md, mdlen);
	ovs_kt_nest_end(test, ovs_at_skb(test), nsh);
	ovs_kt_nest_end(test, ovs_at_skb(test), push);
}

static void ovs_at_test_nsh_actions(struct kunit *test)
{
	ovs_at_begin(test);
	ovs_at_push_nsh(test, NSH_M_TYPE1, 16);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_POP_NSH, NULL, 0);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 2);
	ovs_at_accepted_same(test, "push_nsh md1, pop_nsh");

	ovs_at_begin(test);
	ovs_at_push_nsh(test, NSH_M_TYPE2, 8);
	ovs_at_accepted_same(test, "push_nsh md2");

	ovs_at_begin(test);
	ovs_at_push_nsh(test, NSH_M_TYPE2, 16 - 1);
	ovs_at_refused(test, -EINVAL, "push_nsh md2 not in words");

	/*
	 * The header's length is 6 bits of 4-byte words: 252 bytes at most,
	 * 244 of them metadata after the base header.
	 */
	ovs_at_begin(test);
	ovs_at_push_nsh(test, NSH_M_TYPE2, 244);
	ovs_at_accepted_same(test, "push_nsh md2 of 244 bytes");

	ovs_at_begin(test);
	ovs_at_push_nsh(test, NSH_M_TYPE2, 248);
	ovs_at_refused(test, -EINVAL, "push_nsh md2 of 248 bytes");

	ovs_at_begin(test);
	ovs_at_push_nsh(test, NSH_M_TYPE1, 12);
	ovs_at_refused(test, -EINVAL, "push_nsh md1 short");

	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_POP_NSH, NULL, 0);
	ovs_at_refused(test, -EINVAL, "pop_nsh on IPv4");
}

/* The first action of the copy, which must be a single attribute. */
static const struct nlattr *ovs_at_first(struct kunit *test)
{
	struct ovs_at *t = test->priv;
	const struct nlattr *a = t->acts->actions;

	KUNIT_ASSERT_GE(test, t->acts->len, (u32)NLA_HDRLEN);
	KUNIT_ASSERT_TRUE(test, nla_ok(a, t->acts->len));
	return a;
}

/*
 * set(key type: value) is accepted and copied as PRIV(type: value, mask)
 * with mask the expected one, and given back as it was.
 */
static void ovs_at_set_ok(struct kunit *test, int type, const void *value,
			  int len, const void *mask)
{
	struct ovs_at *t = test->priv;
	const struct nlattr *a, *k;
	struct nlattr *set;

	set = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SET);
	ovs_kt_put(test, ovs_at_skb(test), type, value, len);
	ovs_kt_nest_end(test, ovs_at_skb(test), set);
	KUNIT_ASSERT_EQ_MSG(test, ovs_at_copy(test), 0, "set of key type %d",
			    type);
	KUNIT_EXPECT_NULL(test, t->extack._msg);

	a = ovs_at_first(test);
	KUNIT_EXPECT_EQ(test, nla_type(a), OVS_ACTION_ATTR_SET_TO_MASKED_PRIV);
	KUNIT_EXPECT_EQ(test, nla_len(a), nla_total_size(2 * len));
	k = nla_data(a);
	KUNIT_EXPECT_EQ(test, nla_type(k), type);
	KUNIT_ASSERT_EQ(test, nla_len(k), 2 * len);
	KUNIT_EXPECT_EQ(test, memcmp(nla_data(k), value, len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(nla_data(k) + len, mask, len), 0);
	KUNIT_EXPECT_EQ(test, t->acts->len, (u32)nla_total_size(nla_len(a)));
	ovs_at_expect_roundtrip(test);
}

static void ovs_at_test_set_converted(struct kunit *test)
{
	struct ovs_key_ethernet eth = {
		.eth_src = { 0x02, 1, 2, 3, 4, 5 },
		.eth_dst = { 0x02, 6, 7, 8, 9, 10 },
	};
	struct ovs_key_ipv4 ipv4 = {
		.ipv4_src = htonl(0x0a000001), .ipv4_dst = htonl(0x0a000002),
		.ipv4_proto = IPPROTO_TCP, .ipv4_tos = 4, .ipv4_ttl = 9,
	};
	struct ovs_key_ipv6 ipv6 = {
		.ipv6_src = { htonl(0x20010db8), 0, 0, htonl(1) },
		.ipv6_dst = { htonl(0x20010db8), 0, 0, htonl(2) },
		.ipv6_label = htonl(0x12345), .ipv6_proto = IPPROTO_UDP,
		.ipv6_tclass = 1, .ipv6_hlimit = 2,
	};
	struct ovs_key_tcp tcp = { .tcp_src = htons(80), .tcp_dst = htons(81) };
	struct ovs_key_udp udp = { .udp_src = htons(53), .udp_dst = htons(54) };
	struct ovs_key_sctp sctp = { .sctp_src = htons(9), .sctp_dst = htons(8) };
	struct ovs_key_mpls mpls = { .mpls_lse = htonl(100 << 12 | 1 << 8 | 3) };
	struct ovs_key_ipv4 ipv4_mask;
	struct ovs_key_ipv6 ipv6_mask;
	u8 ones[sizeof(struct ovs_key_ipv6)];
	u32 u = 0x01020304;
	struct ovs_at *t;

	memset(ones, 0xff, sizeof(ones));
	memset(&ipv4_mask, 0xff, sizeof(ipv4_mask));
	ipv4_mask.ipv4_proto = 0;
	ipv4_mask.ipv4_frag = 0;
	memset(&ipv6_mask, 0xff, sizeof(ipv6_mask));
	ipv6_mask.ipv6_proto = 0;
	ipv6_mask.ipv6_frag = 0;
	ipv6_mask.ipv6_label = htonl(0x000fffff);

	ovs_at_begin(test);
	ovs_at_set_ok(test, OVS_KEY_ATTR_PRIORITY, &u, sizeof(u), ones);
	ovs_at_begin(test);
	ovs_at_set_ok(test, OVS_KEY_ATTR_SKB_MARK, &u, sizeof(u), ones);
	ovs_at_begin(test);
	ovs_at_set_ok(test, OVS_KEY_ATTR_ETHERNET, &eth, sizeof(eth), ones);
	ovs_at_begin(test);
	ovs_at_set_ok(test, OVS_KEY_ATTR_IPV4, &ipv4, sizeof(ipv4), &ipv4_mask);
	ovs_at_begin(test);
	ovs_at_set_ok(test, OVS_KEY_ATTR_TCP, &tcp, sizeof(tcp), ones);

	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_IPV6);
	t->key.ip.proto = IPPROTO_UDP;
	ovs_at_set_ok(test, OVS_KEY_ATTR_IPV6, &ipv6, sizeof(ipv6), &ipv6_mask);
	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_IPV6);
	t->key.ip.proto = IPPROTO_UDP;
	ovs_at_set_ok(test, OVS_KEY_ATTR_UDP, &udp, sizeof(udp), ones);
	t = ovs_at_begin(test);
	t->key.ip.proto = IPPROTO_SCTP;
	ovs_at_set_ok(test, OVS_KEY_ATTR_SCTP, &sctp, sizeof(sctp), ones);
	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_MPLS_UC);
	t->key.mpls.lse[0] = mpls.mpls_lse;
	ovs_at_set_ok(test, OVS_KEY_ATTR_MPLS, &mpls, sizeof(mpls), ones);
}

/* set(nsh(base, md1)) on an NSH MD type 1 packet. */
static void ovs_at_test_set_nsh(struct kunit *test)
{
	struct ovs_nsh_key_base base = {
		.flags = 1, .ttl = 20, .mdtype = NSH_M_TYPE1, .np = TUN_P_IPV4,
		.path_hdr = htonl(0x200 << 8 | 9),
	};
	struct ovs_nsh_key_md1 md1 = { .context = { htonl(1), htonl(2) } };
	u8 md1_masked[2 * sizeof(struct ovs_nsh_key_md1)];
	struct ovs_nsh_key_base base_mask;
	const struct nlattr *a, *k, *n;
	struct nlattr *set, *nsh;
	u8 ones[sizeof(md1)];
	struct ovs_at *t;

	memset(ones, 0xff, sizeof(ones));
	memset(&base_mask, 0xff, sizeof(base_mask));
	base_mask.mdtype = 0;
	base_mask.np = 0;

	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_NSH);
	t->key.ip.proto = 0;
	t->key.nsh.mdtype = NSH_M_TYPE1;
	t->key.nsh.np = TUN_P_IPV4;
	set = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SET);
	nsh = ovs_kt_nest(test, ovs_at_skb(test), OVS_KEY_ATTR_NSH);
	ovs_kt_put(test, ovs_at_skb(test), OVS_NSH_KEY_ATTR_BASE, &base,
		   sizeof(base));
	ovs_kt_put(test, ovs_at_skb(test), OVS_NSH_KEY_ATTR_MD1, &md1,
		   sizeof(md1));
	ovs_kt_nest_end(test, ovs_at_skb(test), nsh);
	ovs_kt_nest_end(test, ovs_at_skb(test), set);
	KUNIT_ASSERT_EQ(test, ovs_at_copy(test), 0);

	a = ovs_at_first(test);
	KUNIT_EXPECT_EQ(test, nla_type(a), OVS_ACTION_ATTR_SET_TO_MASKED_PRIV);
	k = nla_data(a);
	KUNIT_EXPECT_EQ(test, nla_type(k), OVS_KEY_ATTR_NSH);
	KUNIT_ASSERT_EQ(test, nla_len(k),
			nla_total_size(2 * sizeof(base)) +
			nla_total_size(2 * sizeof(md1)));
	n = nla_data(k);
	KUNIT_EXPECT_EQ(test, nla_type(n), OVS_NSH_KEY_ATTR_BASE);
	KUNIT_ASSERT_EQ(test, nla_len(n), (int)(2 * sizeof(base)));
	KUNIT_EXPECT_EQ(test, memcmp(nla_data(n), &base, sizeof(base)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(nla_data(n) + sizeof(base), &base_mask,
				     sizeof(base)), 0);
	n = nla_next(n, &(int){ nla_len(k) });
	KUNIT_EXPECT_EQ(test, nla_type(n), OVS_NSH_KEY_ATTR_MD1);
	KUNIT_ASSERT_EQ(test, nla_len(n), (int)(2 * sizeof(md1)));
	KUNIT_EXPECT_EQ(test, memcmp(nla_data(n), &md1, sizeof(md1)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(nla_data(n) + sizeof(md1), ones,
				     sizeof(md1)), 0);
	ovs_at_expect_roundtrip(test);

	/* The masked form is kept as it came. */
	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_NSH);
	t->key.nsh.mdtype = NSH_M_TYPE1;
	set = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SET_MASKED);
	nsh = ovs_kt_nest(test, ovs_at_skb(test), OVS_KEY_ATTR_NSH);
	memcpy(md1_masked, &md1, sizeof(md1));
	memset(md1_masked + sizeof(md1), 0xff, sizeof(md1));
	ovs_kt_put(test, ovs_at_skb(test), OVS_NSH_KEY_ATTR_MD1, md1_masked,
		   sizeof(md1_masked));
	ovs_kt_nest_end(test, ovs_at_skb(test), nsh);
	ovs_kt_nest_end(test, ovs_at_skb(test), set);
	ovs_at_accepted_same(test, "set_masked nsh md1");
}

static void ovs_at_set_masked_ipv4(struct kunit *test,
				   const struct ovs_key_ipv4 *v)
{
	struct nlattr *set;

	ovs_at_begin(test);
	set = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SET_MASKED);
	ovs_kt_put(test, ovs_at_skb(test), OVS_KEY_ATTR_IPV4, v, 2 * sizeof(*v));
	ovs_kt_nest_end(test, ovs_at_skb(test), set);
}

/* set_masked() is kept as it came; value bits must lie inside the mask. */
static void ovs_at_test_set_masked(struct kunit *test)
{
	struct ovs_key_ipv4 v[2] = {
		{ .ipv4_ttl = 9, .ipv4_tos = 0x04 },
		{ .ipv4_ttl = 0xff, .ipv4_tos = 0xfc },
	};

	ovs_at_set_masked_ipv4(test, v);
	ovs_at_accepted_same(test, "set_masked ipv4 ttl and tos");

	v[0].ipv4_tos = 0x07;	/* ECN bits outside the mask */
	ovs_at_set_masked_ipv4(test, v);
	ovs_at_refused(test, -EINVAL, "set_masked value outside mask");

	v[0].ipv4_tos = 0;
	v[1].ipv4_proto = 0xff;	/* the protocol cannot be written */
	ovs_at_set_masked_ipv4(test, v);
	ovs_at_refused(test, -EINVAL, "set_masked of the IPv4 protocol");
}

/* Every kind of nested list, with a set() inside converted in place. */
static void ovs_at_test_nested_lists(struct kunit *test)
{
	struct nlattr *n, *l, *s;
	const struct nlattr *a, *k;
	struct ovs_at *t;
	int rem, found = 0;

	ovs_at_begin(test);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SAMPLE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_SAMPLE_ATTR_PROBABILITY,
		   U32_MAX / 2);
	l = ovs_kt_nest(test, ovs_at_skb(test), OVS_SAMPLE_ATTR_ACTIONS);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 3);
	ovs_kt_nest_end(test, ovs_at_skb(test), l);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);

	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_CHECK_PKT_LEN);
	ovs_kt_put(test, ovs_at_skb(test), OVS_CHECK_PKT_LEN_ATTR_PKT_LEN,
		   &(u16){ 1500 }, 2);
	l = ovs_kt_nest(test, ovs_at_skb(test),
			OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_kt_nest_end(test, ovs_at_skb(test), l);
	l = ovs_kt_nest(test, ovs_at_skb(test),
			OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL);
	ovs_kt_nest_end(test, ovs_at_skb(test), l);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);

	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_DEC_TTL);
	l = ovs_kt_nest(test, ovs_at_skb(test), OVS_DEC_TTL_ATTR_ACTION);
	ovs_at_userspace(test);
	ovs_kt_nest_end(test, ovs_at_skb(test), l);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	ovs_at_accepted_same(test, "sample, check_pkt_len, dec_ttl");

	/* clone(set(priority), output) */
	t = ovs_at_begin(test);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_CLONE);
	s = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SET);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_KEY_ATTR_PRIORITY, 7);
	ovs_kt_nest_end(test, ovs_at_skb(test), s);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 4);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	KUNIT_ASSERT_EQ(test, ovs_at_copy(test), 0);
	a = ovs_at_first(test);
	KUNIT_EXPECT_EQ(test, nla_type(a), OVS_ACTION_ATTR_CLONE);
	nla_for_each_nested(k, a, rem) {
		if (nla_type(k) != OVS_ACTION_ATTR_SET_TO_MASKED_PRIV)
			continue;
		found++;
		KUNIT_EXPECT_EQ(test, nla_len(k), nla_total_size(8));
		KUNIT_EXPECT_EQ(test, *(u32 *)nla_data(nla_data(k)), 7U);
		KUNIT_EXPECT_EQ(test, *((u32 *)nla_data(nla_data(k)) + 1),
				U32_MAX);
	}
	KUNIT_EXPECT_EQ(test, found, 1);
	ovs_at_expect_roundtrip(test);

	ovs_at_begin(test);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SAMPLE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_SAMPLE_ATTR_PROBABILITY, 1);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	ovs_at_refused(test, -EINVAL, "sample without actions");

	ovs_at_begin(test);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_CHECK_PKT_LEN);
	ovs_kt_put(test, ovs_at_skb(test), OVS_CHECK_PKT_LEN_ATTR_PKT_LEN,
		   &(u16){ 1500 }, 2);
	ovs_kt_put(test, ovs_at_skb(test),
		   OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER, NULL, 0);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	ovs_at_refused(test, -EINVAL, "check_pkt_len with one list");

	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_ARP);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_DEC_TTL);
	ovs_kt_put(test, ovs_at_skb(test), OVS_DEC_TTL_ATTR_ACTION, NULL, 0);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	ovs_at_refused(test, -EINVAL, "dec_ttl on ARP");

	/* A refusal deep inside a nested list ends the whole copy. */
	ovs_at_begin(test);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_CLONE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 4);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_TRUNC, ETH_HLEN - 1);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	ovs_at_refused(test, -EINVAL, "short trunc inside clone");
}

/* depth clones nested in one another around an output. */
static void ovs_at_clones(struct kunit *test, int depth)
{
	struct nlattr *nest[OVS_ACTIONS_MAX_DEPTH + 2];
	int i;

	for (i = 0; i < depth; i++)
		nest[i] = ovs_kt_nest(test, ovs_at_skb(test),
				      OVS_ACTION_ATTR_CLONE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	while (i--)
		ovs_kt_nest_end(test, ovs_at_skb(test), nest[i]);
}

/* depth nested lists of every kind in turn around an output. */
static void ovs_at_mixed_nesting(struct kunit *test, int depth)
{
	struct nlattr *nest[2 * (OVS_ACTIONS_MAX_DEPTH + 2)];
	int i, n = 0;

	for (i = 0; i < depth; i++) {
		switch (i % 4) {
		case 0:
			nest[n++] = ovs_kt_nest(test, ovs_at_skb(test),
						OVS_ACTION_ATTR_CLONE);
			break;
		case 1:
			nest[n++] = ovs_kt_nest(test, ovs_at_skb(test),
						OVS_ACTION_ATTR_SAMPLE);
			ovs_kt_u32(test, ovs_at_skb(test),
				   OVS_SAMPLE_ATTR_PROBABILITY, U32_MAX);
			nest[n++] = ovs_kt_nest(test, ovs_at_skb(test),
						OVS_SAMPLE_ATTR_ACTIONS);
			break;
		case 2:
			nest[n++] = ovs_kt_nest(test, ovs_at_skb(test),
						OVS_ACTION_ATTR_DEC_TTL);
			nest[n++] = ovs_kt_nest(test, ovs_at_skb(test),
						OVS_DEC_TTL_ATTR_ACTION);
			break;
		default:
			nest[n++] = ovs_kt_nest(test, ovs_at_skb(test),
						OVS_ACTION_ATTR_CHECK_PKT_LEN);
			ovs_kt_put(test, ovs_at_skb(test),
				   OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, &(u16){ 64 },
				   sizeof(u16));
			ovs_kt_put(test, ovs_at_skb(test),
				   OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER,
				   NULL, 0);
			nest[n++] = ovs_kt_nest(test, ovs_at_skb(test),
						OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL);
			break;
		}
	}
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	while (n--)
		ovs_kt_nest_end(test, ovs_at_skb(test), nest[n]);
}

/*
 * drop as the last action of a nested list (clone, sample, both
 * check_pkt_len branches, dec_ttl's): accepted, as upstream takes it at the
 * end of any list.
 */
static void ovs_at_test_drop_nested(struct kunit *test)
{
	struct nlattr *n, *l;

	ovs_at_begin(test);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_CLONE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_DROP, 0);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 2);
	ovs_at_accepted_same(test, "clone(output, drop), output");

	ovs_at_begin(test);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SAMPLE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_SAMPLE_ATTR_PROBABILITY,
		   U32_MAX / 2);
	l = ovs_kt_nest(test, ovs_at_skb(test), OVS_SAMPLE_ATTR_ACTIONS);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_DROP, 0);
	ovs_kt_nest_end(test, ovs_at_skb(test), l);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 2);
	ovs_at_accepted_same(test, "sample(drop), output");

	ovs_at_begin(test);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_CHECK_PKT_LEN);
	ovs_kt_put(test, ovs_at_skb(test), OVS_CHECK_PKT_LEN_ATTR_PKT_LEN,
		   &(u16){ 1500 }, 2);
	l = ovs_kt_nest(test, ovs_at_skb(test),
			OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_DROP, 1);
	ovs_kt_nest_end(test, ovs_at_skb(test), l);
	l = ovs_kt_nest(test, ovs_at_skb(test),
			OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_DROP, 0);
	ovs_kt_nest_end(test, ovs_at_skb(test), l);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	ovs_at_accepted_same(test, "check_pkt_len(drop, output drop)");

	ovs_at_begin(test);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_DEC_TTL);
	l = ovs_kt_nest(test, ovs_at_skb(test), OVS_DEC_TTL_ATTR_ACTION);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_DROP, 0);
	ovs_kt_nest_end(test, ovs_at_skb(test), l);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_accepted_same(test, "dec_ttl(drop), output");
}

/* CVE-2024-1151: 16 nested clones are fine, 17 are refused. */
static void ovs_at_test_nesting_depth(struct kunit *test)
{
	ovs_at_begin(test);
	ovs_at_clones(test, OVS_ACTIONS_MAX_DEPTH);
	ovs_at_accepted_same(test, "16 nested clones");

	ovs_at_begin(test);
	ovs_at_clones(test, OVS_ACTIONS_MAX_DEPTH + 1);
	ovs_at_refused(test, -EOVERFLOW, "17 nested clones");

	ovs_at_begin(test);
	ovs_at_mixed_nesting(test, OVS_ACTIONS_MAX_DEPTH);
	ovs_at_accepted_same(test, "16 nested lists of all kinds");

	ovs_at_begin(test);
	ovs_at_mixed_nesting(test, OVS_ACTIONS_MAX_DEPTH + 1);
	ovs_at_refused(test, -EOVERFLOW, "17 nested lists of all kinds");
}

/* CVE-2022-2639: the copy stops at OVS_ACTIONS_MAX_SIZE. */
static void ovs_at_test_huge_lists(struct kunit *test)
{
	int i, n = OVS_ACTIONS_MAX_SIZE / nla_total_size(sizeof(u32));
	struct nlattr *set;

	ovs_at_begin(test);
	for (i = 0; i < n; i++)
		ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_accepted_same(test, "list exactly at the size limit");

	ovs_at_begin(test);
	for (i = 0; i < n + 1; i++)
		ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_refused(test, -EOVERFLOW, "list one output past the limit");

	/* As large as a netlink attribute can be. */
	ovs_at_begin(test);
	for (i = 0; i < (U16_MAX - NLA_HDRLEN) / 8; i++)
		ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_refused(test, -EOVERFLOW, "largest list netlink can carry");

	/* Within the limit as sent, past it once set() gains its mask. */
	ovs_at_begin(test);
	for (i = 0; i < OVS_ACTIONS_MAX_SIZE / 12 - 1; i++) {
		set = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SET);
		ovs_kt_u32(test, ovs_at_skb(test), OVS_KEY_ATTR_SKB_MARK, i);
		ovs_kt_nest_end(test, ovs_at_skb(test), set);
	}
	ovs_at_refused(test, -EOVERFLOW, "sets growing past the limit");
}

static struct kunit_case ovs_at_cases[] = {
	KUNIT_CASE(ovs_at_test_simple_actions),
	KUNIT_CASE(ovs_at_test_mpls_actions),
	KUNIT_CASE(ovs_at_test_eth_actions),
	KUNIT_CASE(ovs_at_test_nsh_actions),
	KUNIT_CASE(ovs_at_test_set_converted),
	KUNIT_CASE(ovs_at_test_set_nsh),
	KUNIT_CASE(ovs_at_test_set_masked),
	KUNIT_CASE(ovs_at_test_nested_lists),
	KUNIT_CASE(ovs_at_test_drop_nested),
	KUNIT_CASE(ovs_at_test_nesting_depth),
	KUNIT_CASE(ovs_at_test_huge_lists),
	{}
};

static struct kunit_suite ovs_at_suite = {
	.name = "ovs_actions_check",
	.init = ovs_at_init,
	.exit = ovs_at_exit,
	.test_cases = ovs_at_cases,
};

kunit_test_suite(ovs_at_suite);
