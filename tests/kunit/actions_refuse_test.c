// SPDX-License-Identifier: GPL-2.0-only
/*
 * Action list checks (datapath/actions_check.c, actions_check_set.c), what is
 * refused: every case of DESIGN.md section 5 that concerns actions, and
 * the other malformed lists, each with its errno and an extack message.
 */

#include <kunit/test.h>

#include "actions_copy_kunit.h"

/* set(type: len bytes) must be refused (CVE-2025-37789 and friends). */
static void ovs_at_set_refused(struct kunit *test, int action, int type,
			       int len, const char *what)
{
	static const u8 zero[2 * sizeof(struct ovs_key_ipv6) + 8];
	struct nlattr *set;

	ovs_at_begin(test);
	set = ovs_kt_nest(test, ovs_at_skb(test), action);
	ovs_kt_put(test, ovs_at_skb(test), type, zero, len);
	ovs_kt_nest_end(test, ovs_at_skb(test), set);
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
	s = ovs_kt_nest(test, ovs_at_skb(test), set);
	ovs_kt_put(test, ovs_at_skb(test), OVS_KEY_ATTR_IPV4, &ipv4,
		   sizeof(ipv4));
	ovs_kt_nest_end(test, ovs_at_skb(test), s);
	ovs_at_refused(test, -EINVAL, "ipv4 set changing the protocol");

	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_IPV6);
	s = ovs_kt_nest(test, ovs_at_skb(test), set);
	ipv6.ipv6_proto = IPPROTO_TCP;
	ovs_kt_put(test, ovs_at_skb(test), OVS_KEY_ATTR_IPV6, &ipv6,
		   sizeof(ipv6));
	ovs_kt_nest_end(test, ovs_at_skb(test), s);
	ovs_at_refused(test, -EINVAL, "ipv6 label of 21 bits");

	/* Two keys in one set(), or one key and garbage. */
	ovs_at_begin(test);
	s = ovs_kt_nest(test, ovs_at_skb(test), set);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_KEY_ATTR_PRIORITY, 1);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_KEY_ATTR_SKB_MARK, 1);
	ovs_kt_nest_end(test, ovs_at_skb(test), s);
	ovs_at_refused(test, -EINVAL, "set with two keys");

	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), set, &(u16){ 0 }, 2);
	ovs_at_refused(test, -EINVAL, "set shorter than a key header");

	/* L3 fields are out of reach once an MPLS label covers them. */
	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_PUSH_MPLS,
		   &(struct ovs_action_push_mpls){
			.mpls_ethertype = htons(ETH_P_MPLS_UC) },
		   sizeof(struct ovs_action_push_mpls));
	s = ovs_kt_nest(test, ovs_at_skb(test), set);
	ovs_kt_put(test, ovs_at_skb(test), OVS_KEY_ATTR_IPV4,
		   &(struct ovs_key_ipv4){ .ipv4_proto = IPPROTO_TCP },
		   sizeof(ipv4));
	ovs_kt_nest_end(test, ovs_at_skb(test), s);
	ovs_at_refused(test, -EINVAL, "ipv4 set after push_mpls");
}

/* action(nsh(type: data)) on an NSH MD1 packet carrying IPv4. */
static void ovs_at_nsh_build(struct kunit *test, int action, int type,
			     int len, const void *data)
{
	struct nlattr *set, *nsh;
	struct ovs_at *t;

	t = ovs_at_begin(test);
	t->key.eth.type = htons(ETH_P_NSH);
	t->key.nsh.mdtype = NSH_M_TYPE1;
	t->key.nsh.np = TUN_P_IPV4;
	set = ovs_kt_nest(test, ovs_at_skb(test), action);
	nsh = ovs_kt_nest(test, ovs_at_skb(test), OVS_KEY_ATTR_NSH);
	ovs_kt_put(test, ovs_at_skb(test), type, data, len);
	ovs_kt_nest_end(test, ovs_at_skb(test), nsh);
	ovs_kt_nest_end(test, ovs_at_skb(test), set);
}

/* The same, checked: the checker's result. */
static int ovs_at_nsh_set(struct kunit *test, int action, int type, int len,
			  const void *data)
{
	ovs_at_nsh_build(test, action, type, len, data);
	return ovs_at_copy(test);
}

/* set_masked(nsh(...)) with a layout that does not fit (CVE-2025-40254). */
static void ovs_at_nsh_masked_refused(struct kunit *test, int type, int len,
				      const void *data, const char *what)
{
	ovs_at_nsh_build(test, OVS_ACTION_ATTR_SET_MASKED, type, len, data);
	ovs_at_refused(test, -EINVAL, what);
}

/*
 * NSH flags and TTL wider than the header's 2 and 6 bits: the header would
 * keep the low bits, the key all of them.  A mask may be wider.
 */
static void ovs_at_test_set_nsh_width(struct kunit *test)
{
	const int set = OVS_ACTION_ATTR_SET, masked = OVS_ACTION_ATTR_SET_MASKED;
	struct ovs_nsh_key_base b = {
		.flags = 3, .ttl = 63, .mdtype = NSH_M_TYPE1, .np = TUN_P_IPV4,
	};
	struct ovs_nsh_key_base m[2] = {
		{ .flags = 3, .ttl = 63 }, { .flags = 0xff, .ttl = 0xff },
	};
	struct ovs_at *t = test->priv;

	KUNIT_EXPECT_EQ(test, ovs_at_nsh_set(test, set, OVS_NSH_KEY_ATTR_BASE,
					     sizeof(b), &b), 0);
	KUNIT_EXPECT_EQ(test, ovs_at_nsh_set(test, masked, OVS_NSH_KEY_ATTR_BASE,
					     sizeof(m), m), 0);

	b.ttl = 64;
	KUNIT_EXPECT_EQ(test, ovs_at_nsh_set(test, set, OVS_NSH_KEY_ATTR_BASE,
					     sizeof(b), &b), -EINVAL);
	KUNIT_EXPECT_STREQ(test, t->extack._msg ?: "",
			   "NSH flags have 2 bits and the TTL 6");
	b.ttl = 63;
	b.flags = 4;
	KUNIT_EXPECT_EQ(test, ovs_at_nsh_set(test, set, OVS_NSH_KEY_ATTR_BASE,
					     sizeof(b), &b), -EINVAL);
	m[0].ttl = 0x80;
	KUNIT_EXPECT_EQ(test, ovs_at_nsh_set(test, masked, OVS_NSH_KEY_ATTR_BASE,
					     sizeof(m), m), -EINVAL);
	KUNIT_EXPECT_STREQ(test, t->extack._msg ?: "",
			   "NSH flags have 2 bits and the TTL 6");
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
	set = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SET_MASKED);
	nsh = ovs_kt_nest(test, ovs_at_skb(test), OVS_KEY_ATTR_NSH);
	inner = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SET_MASKED);
	ovs_kt_put(test, ovs_at_skb(test), OVS_NSH_KEY_ATTR_BASE, base,
		   sizeof(base));
	ovs_kt_nest_end(test, ovs_at_skb(test), inner);
	ovs_kt_nest_end(test, ovs_at_skb(test), nsh);
	ovs_kt_nest_end(test, ovs_at_skb(test), set);
	ovs_at_refused(test, -EINVAL, "nested set_masked inside nsh");
}

static void ovs_at_test_drop_trunc(struct kunit *test)
{
	struct nlattr *n;

	ovs_at_begin(test);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_DROP, 0);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_at_refused(test, -EINVAL, "drop before output");

	/* Last in its own list, whether or not that list is nested. */
	ovs_at_begin(test);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_CLONE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_DROP, 0);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	ovs_at_refused(test, -EINVAL, "drop before output inside clone");

	ovs_at_begin(test);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_TRUNC, ETH_HLEN - 1);
	ovs_at_refused(test, -EINVAL, "trunc 13");

	ovs_at_begin(test);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_TRUNC, 0);
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
		us = ovs_kt_nest(test, ovs_at_skb(test),
				 OVS_ACTION_ATTR_USERSPACE);
		ovs_kt_u32(test, ovs_at_skb(test), OVS_USERSPACE_ATTR_PID, 1);
		ovs_kt_put(test, ovs_at_skb(test), bad[i].type, data,
			   bad[i].len);
		ovs_kt_nest_end(test, ovs_at_skb(test), us);
		ovs_at_refused(test, -EINVAL, bad[i].what);
	}

	ovs_at_begin(test);
	us = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_USERSPACE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_USERSPACE_ATTR_PID, 0);
	ovs_kt_nest_end(test, ovs_at_skb(test), us);
	ovs_at_refused(test, -EINVAL, "pid 0");

	ovs_at_begin(test);
	us = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_USERSPACE);
	ovs_kt_put(test, ovs_at_skb(test), OVS_USERSPACE_ATTR_PID, data, 8);
	ovs_kt_nest_end(test, ovs_at_skb(test), us);
	ovs_at_refused(test, -EINVAL, "pid of 8 bytes");

	/* Three stray bytes after the last attribute. */
	ovs_at_begin(test);
	us = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_USERSPACE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_USERSPACE_ATTR_PID, 1);
	ovs_kt_put(test, ovs_at_skb(test), OVS_USERSPACE_ATTR_USERDATA, NULL, 0);
	ovs_kt_nest_end(test, ovs_at_skb(test), us);
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
		{ OVS_ACTION_ATTR_METER, 2, "short meter" },
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
		ovs_kt_put(test, ovs_at_skb(test), bad[i].type, data,
			   bad[i].len);
		ovs_at_refused(test, -EINVAL, bad[i].what);
	}

	ovs_at_begin(test);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT,
		   OVS_DP_MAX_PORTS);
	ovs_at_refused(test, -EINVAL, "output port too large");

	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_HASH, &hash,
		   sizeof(hash));
	ovs_at_refused(test, -EINVAL, "unknown hash algorithm");

	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_PUSH_VLAN, &vlan,
		   sizeof(vlan));
	ovs_at_refused(test, -EINVAL, "push_vlan with an IP tpid");

	vlan.vlan_tpid = htons(ETH_P_8021Q);
	vlan.vlan_tci = htons(5);
	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_PUSH_VLAN, &vlan,
		   sizeof(vlan));
	ovs_at_refused(test, -EINVAL, "push_vlan without the present bit");

	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_PUSH_MPLS,
		   &(struct ovs_action_push_mpls){ .mpls_ethertype = htons(ETH_P_IP) },
		   sizeof(struct ovs_action_push_mpls));
	ovs_at_refused(test, -EINVAL, "push_mpls with an IP ethertype");

	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_POP_MPLS,
		   &(__be16){ htons(ETH_P_IP) }, sizeof(__be16));
	ovs_at_refused(test, -EINVAL, "pop_mpls on IPv4");
}

/* Bytes after the last action that do not make an attribute. */
static void ovs_at_test_trailing_bytes(struct kunit *test)
{
	struct ovs_at *t;
	struct nlattr *n;

	t = ovs_at_begin(test);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	skb_put_zero(t->skb, 2);
	ovs_at_refused(test, -EINVAL, "two stray bytes at the top");

	t = ovs_at_begin(test);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_CLONE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	skb_put_zero(t->skb, 3);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	ovs_at_refused(test, -EINVAL, "three stray bytes inside clone");

	/* An attribute claiming more than the list holds. */
	t = ovs_at_begin(test);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	((struct nlattr *)nla_data(t->list))->nla_len = 12;
	ovs_at_refused(test, -EINVAL, "output running past the list");
}

/* Callers without an extack, asking for a log line, still get -EINVAL. */
static void ovs_at_test_no_extack(struct kunit *test)
{
	struct ovs_at *t = ovs_at_begin(test);

	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_TRUNC, 1);
	ovs_kt_nest_end(test, t->skb, t->list);
	KUNIT_EXPECT_EQ(test, ovs_actions_copy(&init_net, t->list, &t->key,
					       &t->acts, true, NULL), -EINVAL);
	KUNIT_EXPECT_NULL(test, t->acts);
}

static struct kunit_case ovs_at_refuse_cases[] = {
	KUNIT_CASE(ovs_at_test_set_refused),
	KUNIT_CASE(ovs_at_test_set_nsh_refused),
	KUNIT_CASE(ovs_at_test_set_nsh_width),
	KUNIT_CASE(ovs_at_test_drop_trunc),
	KUNIT_CASE(ovs_at_test_userspace_refused),
	KUNIT_CASE(ovs_at_test_unsupported),
	KUNIT_CASE(ovs_at_test_trailing_bytes),
	KUNIT_CASE(ovs_at_test_no_extack),
	{}
};

static struct kunit_suite ovs_at_refuse_suite = {
	.name = "ovs_actions_check_refuse",
	.init = ovs_at_init,
	.exit = ovs_at_exit,
	.test_cases = ovs_at_refuse_cases,
};

kunit_test_suite(ovs_at_refuse_suite);
