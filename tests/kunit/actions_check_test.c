// SPDX-License-Identifier: GPL-2.0-only
/*
 * Action list checks (datapath/actions_check.c, actions_set.c): every
 * action accepted in a valid form and copied in the form actions.h
 * documents, given back byte for byte by ovs_actions_to_attrs(), and every
 * refusal of DESIGN.md section 5 that concerns actions ending in the right
 * errno with an extack message.
 */

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/kernel.h>
#include <linux/openvswitch.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/nsh.h>
#include <net/tun_proto.h>

#include "actions.h"
#include "datapath.h"
#include "flow.h"

/* Room for the largest list an nla_len can describe. */
#define OVS_AT_SKB_SIZE		(80 * 1024)

struct ovs_at {
	struct sk_buff *skb;		/* the list under construction */
	struct sk_buff *out;		/* ovs_actions_to_attrs() output */
	struct nlattr *list;		/* OVS_FLOW_ATTR_ACTIONS in skb */
	struct ovs_key key;
	struct netlink_ext_ack extack;
	struct ovs_actions *acts;
};

/* An Ethernet IPv4 TCP packet. */
static void ovs_at_key_tcp4(struct ovs_key *key)
{
	memset(key, 0, sizeof(*key));
	key->mac_proto = OVS_MAC_PROTO_ETHERNET;
	key->eth.type = htons(ETH_P_IP);
	key->ip.proto = IPPROTO_TCP;
	key->ip.ttl = 64;
}

static int ovs_at_init(struct kunit *test)
{
	struct ovs_at *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->skb = alloc_skb(OVS_AT_SKB_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->skb);
	t->out = alloc_skb(OVS_AT_SKB_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->out);
	test->priv = t;
	return 0;
}

static void ovs_at_exit(struct kunit *test)
{
	struct ovs_at *t = test->priv;

	if (!t)
		return;
	ovs_actions_free(t->acts);
	kfree_skb(t->skb);
	kfree_skb(t->out);
}

/* Starts a new list, for a packet described by a fresh TCP/IPv4 key. */
static struct ovs_at *ovs_at_begin(struct kunit *test)
{
	struct ovs_at *t = test->priv;

	ovs_actions_free(t->acts);
	t->acts = NULL;
	skb_trim(t->skb, 0);
	skb_trim(t->out, 0);
	ovs_at_key_tcp4(&t->key);
	t->list = nla_nest_start_noflag(t->skb, OVS_FLOW_ATTR_ACTIONS);
	KUNIT_ASSERT_NOT_NULL(test, t->list);
	return t;
}

static void ovs_at_put(struct kunit *test, int type, const void *data, int len)
{
	struct ovs_at *t = test->priv;

	KUNIT_ASSERT_EQ(test, nla_put(t->skb, type, len, data), 0);
}

static void ovs_at_u32(struct kunit *test, int type, u32 v)
{
	ovs_at_put(test, type, &v, sizeof(v));
}

static struct nlattr *ovs_at_nest(struct kunit *test, int type)
{
	struct ovs_at *t = test->priv;
	struct nlattr *nest = nla_nest_start_noflag(t->skb, type);

	KUNIT_ASSERT_NOT_NULL(test, nest);
	return nest;
}

static void ovs_at_end(struct kunit *test, struct nlattr *nest)
{
	struct ovs_at *t = test->priv;

	nla_nest_end(t->skb, nest);
}

static int ovs_at_copy(struct kunit *test)
{
	struct ovs_at *t = test->priv;

	nla_nest_end(t->skb, t->list);
	memset(&t->extack, 0, sizeof(t->extack));
	return ovs_actions_copy(&init_net, t->list, &t->key, &t->acts, false,
				&t->extack);
}

/* The list must be refused with err and a message, and nothing kept. */
static void ovs_at_refused(struct kunit *test, int err, const char *what)
{
	struct ovs_at *t = test->priv;

	KUNIT_EXPECT_EQ_MSG(test, ovs_at_copy(test), err, "%s", what);
	KUNIT_EXPECT_NOT_NULL_MSG(test, t->extack._msg, "%s", what);
	KUNIT_EXPECT_NULL_MSG(test, t->acts, "%s", what);
}

/* ovs_actions_to_attrs() gives back exactly the list that went in. */
static void ovs_at_expect_roundtrip(struct kunit *test)
{
	struct ovs_at *t = test->priv;

	KUNIT_ASSERT_NOT_NULL(test, t->acts);
	KUNIT_EXPECT_EQ(test, t->acts->orig_len, (u32)nla_len(t->list));
	skb_trim(t->out, 0);
	KUNIT_ASSERT_EQ(test, ovs_actions_to_attrs(t->acts,
						   OVS_FLOW_ATTR_ACTIONS,
						   t->out), 0);
	KUNIT_ASSERT_EQ(test, t->out->len, (u32)t->list->nla_len);
	KUNIT_EXPECT_EQ(test, memcmp(t->out->data, t->list, t->out->len), 0);
}

/* Accepted and copied unchanged (no set() in the list). */
static void ovs_at_accepted_same(struct kunit *test, const char *what)
{
	struct ovs_at *t = test->priv;

	KUNIT_ASSERT_EQ_MSG(test, ovs_at_copy(test), 0, "%s", what);
	KUNIT_EXPECT_NULL_MSG(test, t->extack._msg, "%s", what);
	KUNIT_ASSERT_NOT_NULL(test, t->acts);
	KUNIT_ASSERT_EQ_MSG(test, t->acts->len, (u32)nla_len(t->list), "%s",
			    what);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(t->acts->actions, nla_data(t->list),
					 t->acts->len), 0, "%s", what);
	ovs_at_expect_roundtrip(test);
}

static void ovs_at_userspace(struct kunit *test)
{
	static const u8 cookie[5] = { 1, 2, 3, 4, 5 };
	struct nlattr *us;

	us = ovs_at_nest(test, OVS_ACTION_ATTR_USERSPACE);
	ovs_at_u32(test, OVS_USERSPACE_ATTR_PID, 4242);
	ovs_at_put(test, OVS_USERSPACE_ATTR_USERDATA, cookie, sizeof(cookie));
	ovs_at_u32(test, OVS_USERSPACE_ATTR_EGRESS_TUN_PORT, 3);
	ovs_at_put(test, OVS_USERSPACE_ATTR_ACTIONS, NULL, 0);
	ovs_at_end(test, us);
}

static void ovs_at_test_simple_actions(struct kunit *test)
{
	struct ovs_action_push_vlan vlan = {
		.vlan_tpid = htons(ETH_P_8021Q),
		.vlan_tci = htons(0x1000 | 5),
	};
	struct ovs_action_hash hash = { .hash_alg = OVS_HASH_ALG_L4 };
	struct ovs_action_trunc trunc = { .max_len = ETH_HLEN };

	ovs_at_begin(test);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, OVS_DP_MAX_PORTS - 1);
	ovs_at_put(test, OVS_ACTION_ATTR_TRUNC, &trunc, sizeof(trunc));
	ovs_at_put(test, OVS_ACTION_ATTR_PUSH_VLAN, &vlan, sizeof(vlan));
	vlan.vlan_tpid = htons(ETH_P_8021AD);
	ovs_at_put(test, OVS_ACTION_ATTR_PUSH_VLAN, &vlan, sizeof(vlan));
	ovs_at_put(test, OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
	ovs_at_put(test, OVS_ACTION_ATTR_HASH, &hash, sizeof(hash));
	hash.hash_alg = OVS_HASH_ALG_SYM_L4;
	ovs_at_put(test, OVS_ACTION_ATTR_HASH, &hash, sizeof(hash));
	ovs_at_u32(test, OVS_ACTION_ATTR_RECIRC, 7);
	ovs_at_put(test, OVS_ACTION_ATTR_CT_CLEAR, NULL, 0);
	ovs_at_userspace(test);
	ovs_at_u32(test, OVS_ACTION_ATTR_DROP, 0);
	ovs_at_accepted_same(test, "simple actions");

	/* An empty list drops the packet. */
	ovs_at_begin(test);
	ovs_at_accepted_same(test, "empty list");

	/* The userspace action needs only its pid. */
	ovs_at_begin(test);
	ovs_at_end(test, ovs_at_nest(test, OVS_ACTION_ATTR_USERSPACE));
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
	ovs_at_put(test, OVS_ACTION_ATTR_PUSH_MPLS, &push, sizeof(push));
	ovs_at_put(test, OVS_ACTION_ATTR_PUSH_MPLS, &push, sizeof(push));
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_put(test, OVS_ACTION_ATTR_POP_MPLS,
		   &(__be16){ htons(ETH_P_MPLS_UC) }, sizeof(__be16));
	ovs_at_put(test, OVS_ACTION_ATTR_POP_MPLS,
		   &(__be16){ htons(ETH_P_IP) }, sizeof(__be16));
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 2);
	ovs_at_accepted_same(test, "push_mpls and pop_mpls");

	ovs_at_begin(test);
	ovs_at_put(test, OVS_ACTION_ATTR_ADD_MPLS, &add, sizeof(add));
	add.tun_flags = OVS_MPLS_L3_TUNNEL_FLAG_MASK;
	ovs_at_put(test, OVS_ACTION_ATTR_ADD_MPLS, &add, sizeof(add));
	ovs_at_accepted_same(test, "add_mpls");

	/* pop_mpls on a key that is MPLS. */
	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_MPLS_UC);
	t->key.mpls.lse[0] = push.mpls_lse;
	ovs_at_put(test, OVS_ACTION_ATTR_POP_MPLS,
		   &(__be16){ htons(ETH_P_IP) }, sizeof(__be16));
	ovs_at_accepted_same(test, "pop_mpls of an MPLS key");

	/* ... but not twice: the key had one label. */
	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_MPLS_UC);
	t->key.mpls.lse[0] = push.mpls_lse;
	ovs_at_put(test, OVS_ACTION_ATTR_POP_MPLS,
		   &(__be16){ htons(ETH_P_MPLS_UC) }, sizeof(__be16));
	ovs_at_put(test, OVS_ACTION_ATTR_POP_MPLS,
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
	ovs_at_put(test, OVS_ACTION_ATTR_PUSH_ETH, &eth, sizeof(eth));
	ovs_at_put(test, OVS_ACTION_ATTR_POP_ETH, NULL, 0);
	ovs_at_put(test, OVS_ACTION_ATTR_PUSH_ETH, &eth, sizeof(eth));
	ovs_at_accepted_same(test, "push_eth, pop_eth");

	ovs_at_begin(test);
	ovs_at_put(test, OVS_ACTION_ATTR_PUSH_ETH, &eth, sizeof(eth));
	ovs_at_refused(test, -EINVAL, "push_eth over Ethernet");

	t = ovs_at_begin(test);
	t->key.eth.vlan.tci = htons(0x1000 | 10);
	t->key.eth.vlan.tpid = htons(ETH_P_8021Q);
	ovs_at_put(test, OVS_ACTION_ATTR_POP_ETH, NULL, 0);
	ovs_at_refused(test, -EINVAL, "pop_eth with a VLAN tag");

	t = ovs_at_begin(test);
	t->key.mac_proto = OVS_MAC_PROTO_NONE;
	ovs_at_put(test, OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
	ovs_at_refused(test, -EINVAL, "pop_vlan without Ethernet");
}

/* push_nsh(nsh(base, md1 or md2)). */
static void ovs_at_push_nsh(struct kunit *test, u8 mdtype, int mdlen)
{
	struct ovs_nsh_key_base base = {
		.ttl = 63, .mdtype = mdtype, .np = TUN_P_IPV4,
		.path_hdr = htonl(0x100 << 8 | 255),
	};
	static const u8 md[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct nlattr *push, *nsh;

	push = ovs_at_nest(test, OVS_ACTION_ATTR_PUSH_NSH);
	nsh = ovs_at_nest(test, OVS_KEY_ATTR_NSH);
	ovs_at_put(test, OVS_NSH_KEY_ATTR_BASE, &base, sizeof(base));
	ovs_at_put(test, mdtype == NSH_M_TYPE1 ? OVS_NSH_KEY_ATTR_MD1 :
		   OVS_NSH_KEY_ATTR_MD2, md, mdlen);
	ovs_at_end(test, nsh);
	ovs_at_end(test, push);
}

static void ovs_at_test_nsh_actions(struct kunit *test)
{
	ovs_at_begin(test);
	ovs_at_push_nsh(test, NSH_M_TYPE1, 16);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_put(test, OVS_ACTION_ATTR_POP_NSH, NULL, 0);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 2);
	ovs_at_accepted_same(test, "push_nsh md1, pop_nsh");

	ovs_at_begin(test);
	ovs_at_push_nsh(test, NSH_M_TYPE2, 8);
	ovs_at_accepted_same(test, "push_nsh md2");

	ovs_at_begin(test);
	ovs_at_push_nsh(test, NSH_M_TYPE2, 16 - 1);
	ovs_at_refused(test, -EINVAL, "push_nsh md2 not in words");

	ovs_at_begin(test);
	ovs_at_push_nsh(test, NSH_M_TYPE1, 12);
	ovs_at_refused(test, -EINVAL, "push_nsh md1 short");

	ovs_at_begin(test);
	ovs_at_put(test, OVS_ACTION_ATTR_POP_NSH, NULL, 0);
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

	set = ovs_at_nest(test, OVS_ACTION_ATTR_SET);
	ovs_at_put(test, type, value, len);
	ovs_at_end(test, set);
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
	set = ovs_at_nest(test, OVS_ACTION_ATTR_SET);
	nsh = ovs_at_nest(test, OVS_KEY_ATTR_NSH);
	ovs_at_put(test, OVS_NSH_KEY_ATTR_BASE, &base, sizeof(base));
	ovs_at_put(test, OVS_NSH_KEY_ATTR_MD1, &md1, sizeof(md1));
	ovs_at_end(test, nsh);
	ovs_at_end(test, set);
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
	set = ovs_at_nest(test, OVS_ACTION_ATTR_SET_MASKED);
	nsh = ovs_at_nest(test, OVS_KEY_ATTR_NSH);
	memcpy(md1_masked, &md1, sizeof(md1));
	memset(md1_masked + sizeof(md1), 0xff, sizeof(md1));
	ovs_at_put(test, OVS_NSH_KEY_ATTR_MD1, md1_masked, sizeof(md1_masked));
	ovs_at_end(test, nsh);
	ovs_at_end(test, set);
	ovs_at_accepted_same(test, "set_masked nsh md1");
}

static void ovs_at_set_masked_ipv4(struct kunit *test,
				   const struct ovs_key_ipv4 *v)
{
	struct nlattr *set;

	ovs_at_begin(test);
	set = ovs_at_nest(test, OVS_ACTION_ATTR_SET_MASKED);
	ovs_at_put(test, OVS_KEY_ATTR_IPV4, v, 2 * sizeof(*v));
	ovs_at_end(test, set);
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
	n = ovs_at_nest(test, OVS_ACTION_ATTR_SAMPLE);
	ovs_at_u32(test, OVS_SAMPLE_ATTR_PROBABILITY, U32_MAX / 2);
	l = ovs_at_nest(test, OVS_SAMPLE_ATTR_ACTIONS);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 3);
	ovs_at_end(test, l);
	ovs_at_end(test, n);

	n = ovs_at_nest(test, OVS_ACTION_ATTR_CHECK_PKT_LEN);
	ovs_at_put(test, OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, &(u16){ 1500 }, 2);
	l = ovs_at_nest(test, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_end(test, l);
	l = ovs_at_nest(test, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL);
	ovs_at_end(test, l);
	ovs_at_end(test, n);

	n = ovs_at_nest(test, OVS_ACTION_ATTR_DEC_TTL);
	l = ovs_at_nest(test, OVS_DEC_TTL_ATTR_ACTION);
	ovs_at_userspace(test);
	ovs_at_end(test, l);
	ovs_at_end(test, n);
	ovs_at_accepted_same(test, "sample, check_pkt_len, dec_ttl");

	/* clone(set(priority), output) */
	t = ovs_at_begin(test);
	n = ovs_at_nest(test, OVS_ACTION_ATTR_CLONE);
	s = ovs_at_nest(test, OVS_ACTION_ATTR_SET);
	ovs_at_u32(test, OVS_KEY_ATTR_PRIORITY, 7);
	ovs_at_end(test, s);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 4);
	ovs_at_end(test, n);
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
	n = ovs_at_nest(test, OVS_ACTION_ATTR_SAMPLE);
	ovs_at_u32(test, OVS_SAMPLE_ATTR_PROBABILITY, 1);
	ovs_at_end(test, n);
	ovs_at_refused(test, -EINVAL, "sample without actions");

	ovs_at_begin(test);
	n = ovs_at_nest(test, OVS_ACTION_ATTR_CHECK_PKT_LEN);
	ovs_at_put(test, OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, &(u16){ 1500 }, 2);
	ovs_at_end(test, ovs_at_nest(test,
				     OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER));
	ovs_at_end(test, n);
	ovs_at_refused(test, -EINVAL, "check_pkt_len with one list");

	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_ARP);
	n = ovs_at_nest(test, OVS_ACTION_ATTR_DEC_TTL);
	ovs_at_end(test, ovs_at_nest(test, OVS_DEC_TTL_ATTR_ACTION));
	ovs_at_end(test, n);
	ovs_at_refused(test, -EINVAL, "dec_ttl on ARP");

	/* A refusal deep inside a nested list ends the whole copy. */
	ovs_at_begin(test);
	n = ovs_at_nest(test, OVS_ACTION_ATTR_CLONE);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 4);
	ovs_at_u32(test, OVS_ACTION_ATTR_METER, 1);
	ovs_at_end(test, n);
	ovs_at_refused(test, -EINVAL, "meter inside clone");
}

/* depth clones nested in one another around an output. */
static void ovs_at_clones(struct kunit *test, int depth)
{
	struct nlattr *nest[OVS_ACTIONS_MAX_DEPTH + 2];
	int i;

	for (i = 0; i < depth; i++)
		nest[i] = ovs_at_nest(test, OVS_ACTION_ATTR_CLONE);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	while (i--)
		ovs_at_end(test, nest[i]);
}

/* depth nested lists of every kind in turn around an output. */
static void ovs_at_mixed_nesting(struct kunit *test, int depth)
{
	struct nlattr *nest[2 * (OVS_ACTIONS_MAX_DEPTH + 2)];
	int i, n = 0;

	for (i = 0; i < depth; i++) {
		switch (i % 4) {
		case 0:
			nest[n++] = ovs_at_nest(test, OVS_ACTION_ATTR_CLONE);
			break;
		case 1:
			nest[n++] = ovs_at_nest(test, OVS_ACTION_ATTR_SAMPLE);
			ovs_at_u32(test, OVS_SAMPLE_ATTR_PROBABILITY, U32_MAX);
			nest[n++] = ovs_at_nest(test, OVS_SAMPLE_ATTR_ACTIONS);
			break;
		case 2:
			nest[n++] = ovs_at_nest(test, OVS_ACTION_ATTR_DEC_TTL);
			nest[n++] = ovs_at_nest(test, OVS_DEC_TTL_ATTR_ACTION);
			break;
		default:
			nest[n++] = ovs_at_nest(test,
						OVS_ACTION_ATTR_CHECK_PKT_LEN);
			ovs_at_put(test, OVS_CHECK_PKT_LEN_ATTR_PKT_LEN,
				   &(u16){ 64 }, sizeof(u16));
			ovs_at_end(test,
				   ovs_at_nest(test,
					       OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER));
			nest[n++] = ovs_at_nest(test,
						OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL);
			break;
		}
	}
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	while (n--)
		ovs_at_end(test, nest[n]);
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

/* Callers without an extack, asking for a log line, still get -EINVAL. */
static void ovs_at_test_no_extack(struct kunit *test)
{
	struct ovs_at *t = ovs_at_begin(test);

	ovs_at_u32(test, OVS_ACTION_ATTR_TRUNC, 1);
	nla_nest_end(t->skb, t->list);
	KUNIT_EXPECT_EQ(test, ovs_actions_copy(&init_net, t->list, &t->key,
					       &t->acts, true, NULL), -EINVAL);
	KUNIT_EXPECT_NULL(test, t->acts);
}

/* CVE-2022-2639: the copy stops at OVS_ACTIONS_MAX_SIZE. */
static void ovs_at_test_huge_lists(struct kunit *test)
{
	int i, n = OVS_ACTIONS_MAX_SIZE / nla_total_size(sizeof(u32));
	struct nlattr *set;

	ovs_at_begin(test);
	for (i = 0; i < n; i++)
		ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_accepted_same(test, "list exactly at the size limit");

	ovs_at_begin(test);
	for (i = 0; i < n + 1; i++)
		ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_refused(test, -EOVERFLOW, "list one output past the limit");

	/* As large as a netlink attribute can be. */
	ovs_at_begin(test);
	for (i = 0; i < (U16_MAX - NLA_HDRLEN) / 8; i++)
		ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_refused(test, -EOVERFLOW, "largest list netlink can carry");

	/* Within the limit as sent, past it once set() gains its mask. */
	ovs_at_begin(test);
	for (i = 0; i < OVS_ACTIONS_MAX_SIZE / 12 - 1; i++) {
		set = ovs_at_nest(test, OVS_ACTION_ATTR_SET);
		ovs_at_u32(test, OVS_KEY_ATTR_SKB_MARK, i);
		ovs_at_end(test, set);
	}
	ovs_at_refused(test, -EOVERFLOW, "sets growing past the limit");
}

/* set(type: len bytes) must be refused (CVE-2025-37789 and friends). */
static void ovs_at_set_refused(struct kunit *test, int action, int type,
			       int len, const char *what)
{
	static const u8 zero[2 * sizeof(struct ovs_key_ipv6) + 8];
	struct nlattr *set;

	ovs_at_begin(test);
	set = ovs_at_nest(test, action);
	ovs_at_put(test, type, zero, len);
	ovs_at_end(test, set);
	ovs_at_refused(test, -EINVAL, what);
}

static void ovs_at_test_set_refused(struct kunit *test)
{
	const int set = OVS_ACTION_ATTR_SET, masked = OVS_ACTION_ATTR_SET_MASKED;
	struct ovs_key_ipv4 ipv4 = { .ipv4_proto = IPPROTO_UDP };
	struct ovs_key_ipv6 ipv6 = { .ipv6_label = htonl(0x100000) };
	struct nlattr *s;
	struct ovs_at *t;

	ovs_at_set_refused(test, set, OVS_KEY_ATTR_PRIORITY, 8, "priority 8");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_PRIORITY, 2, "priority 2");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_IPV4, 11, "ipv4 11 bytes");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_ETHERNET, 16, "eth 16");
	ovs_at_set_refused(test, masked, OVS_KEY_ATTR_IPV4,
			   sizeof(struct ovs_key_ipv4), "masked without mask");
	ovs_at_set_refused(test, masked, OVS_KEY_ATTR_TCP, 12, "masked tcp 12");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_MPLS, 8, "two MPLS labels");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_IPV6,
			   sizeof(struct ovs_key_ipv6), "ipv6 on an IPv4 key");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_UDP,
			   sizeof(struct ovs_key_udp), "udp on a TCP key");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_MPLS, 4, "mpls on IPv4");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_ARP,
			   sizeof(struct ovs_key_arp), "arp cannot be set");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_IN_PORT, 4, "in_port");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_TUNNEL, 0, "tunnel");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_CT_MARK, 4, "ct_mark");
	ovs_at_set_refused(test, masked, OVS_KEY_ATTR_CT_LABELS, 32, "ct_label");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_LAST + 1, 4, "unknown key");
	ovs_at_set_refused(test, set, OVS_KEY_ATTR_NSH, 0, "nsh on IPv4");

	/* A set() changing what the packet is. */
	ovs_at_begin(test);
	s = ovs_at_nest(test, set);
	ovs_at_put(test, OVS_KEY_ATTR_IPV4, &ipv4, sizeof(ipv4));
	ovs_at_end(test, s);
	ovs_at_refused(test, -EINVAL, "ipv4 set changing the protocol");

	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_IPV6);
	s = ovs_at_nest(test, set);
	ipv6.ipv6_proto = IPPROTO_TCP;
	ovs_at_put(test, OVS_KEY_ATTR_IPV6, &ipv6, sizeof(ipv6));
	ovs_at_end(test, s);
	ovs_at_refused(test, -EINVAL, "ipv6 label of 21 bits");

	/* Two keys in one set(), or one key and garbage. */
	ovs_at_begin(test);
	s = ovs_at_nest(test, set);
	ovs_at_u32(test, OVS_KEY_ATTR_PRIORITY, 1);
	ovs_at_u32(test, OVS_KEY_ATTR_SKB_MARK, 1);
	ovs_at_end(test, s);
	ovs_at_refused(test, -EINVAL, "set with two keys");

	ovs_at_begin(test);
	ovs_at_put(test, set, &(u16){ 0 }, 2);
	ovs_at_refused(test, -EINVAL, "set shorter than a key header");

	/* L3 fields are out of reach once an MPLS label covers them. */
	ovs_at_begin(test);
	ovs_at_put(test, OVS_ACTION_ATTR_PUSH_MPLS, &(struct ovs_action_push_mpls){
			.mpls_ethertype = htons(ETH_P_MPLS_UC) },
		   sizeof(struct ovs_action_push_mpls));
	s = ovs_at_nest(test, set);
	ovs_at_put(test, OVS_KEY_ATTR_IPV4, &(struct ovs_key_ipv4){
			.ipv4_proto = IPPROTO_TCP }, sizeof(ipv4));
	ovs_at_end(test, s);
	ovs_at_refused(test, -EINVAL, "ipv4 set after push_mpls");
}

/* set_masked(nsh(...)) with a layout that does not fit (CVE-2025-40254). */
static void ovs_at_nsh_masked_refused(struct kunit *test, int type, int len,
				      const void *data, const char *what)
{
	struct nlattr *set, *nsh;
	struct ovs_at *t;

	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_NSH);
	t->key.nsh.mdtype = NSH_M_TYPE1;
	t->key.nsh.np = TUN_P_IPV4;
	set = ovs_at_nest(test, OVS_ACTION_ATTR_SET_MASKED);
	nsh = ovs_at_nest(test, OVS_KEY_ATTR_NSH);
	ovs_at_put(test, type, data, len);
	ovs_at_end(test, nsh);
	ovs_at_end(test, set);
	ovs_at_refused(test, -EINVAL, what);
}

static void ovs_at_test_set_nsh_refused(struct kunit *test)
{
	struct ovs_nsh_key_base base[2] = { { .ttl = 3 }, { .ttl = 0xff } };
	struct ovs_nsh_key_md1 md1[2] = {};
	struct nlattr *set, *nsh, *inner;
	struct ovs_at *t;

	ovs_at_nsh_masked_refused(test, OVS_NSH_KEY_ATTR_BASE, sizeof(base[0]),
				  base, "masked base without its mask");
	ovs_at_nsh_masked_refused(test, OVS_NSH_KEY_ATTR_MD1, sizeof(md1[0]),
				  md1, "masked md1 without its mask");
	ovs_at_nsh_masked_refused(test, OVS_NSH_KEY_ATTR_MD2, 8, md1,
				  "md2 cannot be set");
	ovs_at_nsh_masked_refused(test, OVS_NSH_KEY_ATTR_MD2 + 1, 4, md1,
				  "unknown nsh attribute");
	base[0].flags = 1;
	ovs_at_nsh_masked_refused(test, OVS_NSH_KEY_ATTR_BASE, sizeof(base),
				  base, "value outside the mask");
	base[0].flags = 0;
	base[1].np = 0xff;
	ovs_at_nsh_masked_refused(test, OVS_NSH_KEY_ATTR_BASE, sizeof(base),
				  base, "mask covering np");

	/*
	 * A set_masked() nested where the NSH fields belong, in the layout
	 * the in-tree datapath could never check.
	 */
	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_NSH);
	t->key.nsh.mdtype = NSH_M_TYPE1;
	set = ovs_at_nest(test, OVS_ACTION_ATTR_SET_MASKED);
	nsh = ovs_at_nest(test, OVS_KEY_ATTR_NSH);
	inner = ovs_at_nest(test, OVS_ACTION_ATTR_SET_MASKED);
	ovs_at_put(test, OVS_NSH_KEY_ATTR_BASE, base, sizeof(base));
	ovs_at_end(test, inner);
	ovs_at_end(test, nsh);
	ovs_at_end(test, set);
	ovs_at_refused(test, -EINVAL, "nested set_masked inside nsh");
}

static void ovs_at_test_drop_trunc(struct kunit *test)
{
	struct nlattr *n;

	ovs_at_begin(test);
	ovs_at_u32(test, OVS_ACTION_ATTR_DROP, 0);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_refused(test, -EINVAL, "drop before output");

	ovs_at_begin(test);
	n = ovs_at_nest(test, OVS_ACTION_ATTR_CLONE);
	ovs_at_u32(test, OVS_ACTION_ATTR_DROP, 0);
	ovs_at_end(test, n);
	ovs_at_refused(test, -EINVAL, "drop inside clone");

	ovs_at_begin(test);
	ovs_at_u32(test, OVS_ACTION_ATTR_TRUNC, ETH_HLEN - 1);
	ovs_at_refused(test, -EINVAL, "trunc 13");

	ovs_at_begin(test);
	ovs_at_u32(test, OVS_ACTION_ATTR_TRUNC, 0);
	ovs_at_refused(test, -EINVAL, "trunc 0");
}

/* Attributes of output_userspace that must not get through. */
static void ovs_at_test_userspace_refused(struct kunit *test)
{
	static const struct {
		int type;
		int len;
		const char *what;
	} bad[] = {
		{ OVS_USERSPACE_ATTR_ACTIONS + 1, 4, "unknown attribute" },
		{ 0, 4, "attribute type 0" },
		{ OVS_USERSPACE_ATTR_PID, 4, "duplicate pid" },
		{ OVS_USERSPACE_ATTR_EGRESS_TUN_PORT, 2, "short tunnel port" },
		{ OVS_USERSPACE_ATTR_ACTIONS, 4, "actions flag with data" },
	};
	static const u32 data[2] = { 1, 1 };
	struct nlattr *us;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ovs_at_begin(test);
		us = ovs_at_nest(test, OVS_ACTION_ATTR_USERSPACE);
		ovs_at_u32(test, OVS_USERSPACE_ATTR_PID, 1);
		ovs_at_put(test, bad[i].type, data, bad[i].len);
		ovs_at_end(test, us);
		ovs_at_refused(test, -EINVAL, bad[i].what);
	}

	ovs_at_begin(test);
	us = ovs_at_nest(test, OVS_ACTION_ATTR_USERSPACE);
	ovs_at_u32(test, OVS_USERSPACE_ATTR_PID, 0);
	ovs_at_end(test, us);
	ovs_at_refused(test, -EINVAL, "pid 0");

	ovs_at_begin(test);
	us = ovs_at_nest(test, OVS_ACTION_ATTR_USERSPACE);
	ovs_at_put(test, OVS_USERSPACE_ATTR_PID, data, 8);
	ovs_at_end(test, us);
	ovs_at_refused(test, -EINVAL, "pid of 8 bytes");

	/* Three stray bytes after the last attribute. */
	ovs_at_begin(test);
	us = ovs_at_nest(test, OVS_ACTION_ATTR_USERSPACE);
	ovs_at_u32(test, OVS_USERSPACE_ATTR_PID, 1);
	ovs_at_put(test, OVS_USERSPACE_ATTR_USERDATA, NULL, 0);
	ovs_at_end(test, us);
	us->nla_len -= 1;	/* now ends inside the userdata header */
	ovs_at_refused(test, -EINVAL, "truncated userdata header");
}

/* Actions this datapath does not do, and types that are no action. */
static void ovs_at_test_unsupported(struct kunit *test)
{
	static const struct {
		int type;
		int len;
		const char *what;
	} bad[] = {
		{ OVS_ACTION_ATTR_CT, 0, "ct" },
		{ OVS_ACTION_ATTR_METER, 4, "meter" },
		{ OVS_ACTION_ATTR_PSAMPLE, 8, "psample" },
		{ OVS_ACTION_ATTR_UNSPEC, 4, "type 0" },
		{ OVS_ACTION_ATTR_SET_TO_MASKED_PRIV, 8, "private set type" },
		{ OVS_ACTION_ATTR_LAST + 2, 4, "unknown type" },
		{ 1000, 4, "type 1000" },
		{ OVS_ACTION_ATTR_OUTPUT, 2, "short output" },
		{ OVS_ACTION_ATTR_OUTPUT, 8, "long output" },
		{ OVS_ACTION_ATTR_POP_VLAN, 4, "pop_vlan with data" },
		{ OVS_ACTION_ATTR_HASH, 4, "short hash" },
	};
	static const u8 data[8];
	struct ovs_action_hash hash = { .hash_alg = OVS_HASH_ALG_SYM_L4 + 1 };
	struct ovs_action_push_vlan vlan = {
		.vlan_tpid = htons(ETH_P_IP), .vlan_tci = htons(0x1000),
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ovs_at_begin(test);
		ovs_at_put(test, bad[i].type, data, bad[i].len);
		ovs_at_refused(test, -EINVAL, bad[i].what);
	}

	ovs_at_begin(test);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, OVS_DP_MAX_PORTS);
	ovs_at_refused(test, -EINVAL, "output port too large");

	ovs_at_begin(test);
	ovs_at_put(test, OVS_ACTION_ATTR_HASH, &hash, sizeof(hash));
	ovs_at_refused(test, -EINVAL, "unknown hash algorithm");

	ovs_at_begin(test);
	ovs_at_put(test, OVS_ACTION_ATTR_PUSH_VLAN, &vlan, sizeof(vlan));
	ovs_at_refused(test, -EINVAL, "push_vlan with an IP tpid");

	vlan.vlan_tpid = htons(ETH_P_8021Q);
	vlan.vlan_tci = htons(5);
	ovs_at_begin(test);
	ovs_at_put(test, OVS_ACTION_ATTR_PUSH_VLAN, &vlan, sizeof(vlan));
	ovs_at_refused(test, -EINVAL, "push_vlan without the present bit");

	ovs_at_begin(test);
	ovs_at_put(test, OVS_ACTION_ATTR_PUSH_MPLS,
		   &(struct ovs_action_push_mpls){ .mpls_ethertype = htons(ETH_P_IP) },
		   sizeof(struct ovs_action_push_mpls));
	ovs_at_refused(test, -EINVAL, "push_mpls with an IP ethertype");

	ovs_at_begin(test);
	ovs_at_put(test, OVS_ACTION_ATTR_POP_MPLS,
		   &(__be16){ htons(ETH_P_IP) }, sizeof(__be16));
	ovs_at_refused(test, -EINVAL, "pop_mpls on IPv4");
}

/* Bytes after the last action that do not make an attribute. */
static void ovs_at_test_trailing_bytes(struct kunit *test)
{
	struct ovs_at *t;
	struct nlattr *n;

	t = ovs_at_begin(test);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	skb_put_zero(t->skb, 2);
	ovs_at_refused(test, -EINVAL, "two stray bytes at the top");

	t = ovs_at_begin(test);
	n = ovs_at_nest(test, OVS_ACTION_ATTR_CLONE);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	skb_put_zero(t->skb, 3);
	ovs_at_end(test, n);
	ovs_at_refused(test, -EINVAL, "three stray bytes inside clone");

	/* An attribute claiming more than the list holds. */
	t = ovs_at_begin(test);
	ovs_at_u32(test, OVS_ACTION_ATTR_OUTPUT, 1);
	((struct nlattr *)nla_data(t->list))->nla_len = 12;
	ovs_at_refused(test, -EINVAL, "output running past the list");
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
	KUNIT_CASE(ovs_at_test_nesting_depth),
	KUNIT_CASE(ovs_at_test_huge_lists),
	KUNIT_CASE(ovs_at_test_set_refused),
	KUNIT_CASE(ovs_at_test_set_nsh_refused),
	KUNIT_CASE(ovs_at_test_drop_trunc),
	KUNIT_CASE(ovs_at_test_userspace_refused),
	KUNIT_CASE(ovs_at_test_unsupported),
	KUNIT_CASE(ovs_at_test_trailing_bytes),
	KUNIT_CASE(ovs_at_test_no_extack),
	{}
};

static struct kunit_suite ovs_at_suite = {
	.name = "ovs_actions_check",
	.init = ovs_at_init,
	.exit = ovs_at_exit,
	.test_cases = ovs_at_cases,
};

kunit_test_suite(ovs_at_suite);
