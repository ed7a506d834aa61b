// SPDX-License-Identifier: GPL-2.0-only
/*
 * ct() at flow install (datapath/actions_check_ct.c): every OVS_CT_ATTR_*
 * the in-tree module takes is installed and given back as sent, and every
 * malformed nest is refused with its own extack message; NAT included,
 * checked as in-tree (plus ranges that end before they start).
 */

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/kernel.h>
#include <linux/openvswitch.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "actions.h"
#include "flow_key.h"

#include "actions_copy_kunit.h"

/* Accepted: installed, and given back as sent. */
#define CT_OK		NULL

typedef void (*ct_build_t)(struct kunit *test, struct sk_buff *skb);

struct ct_case {
	const char *name;
	ct_build_t build;
	__be16 eth_type;	/* 0: the TCP/IPv4 key */
	const char *msg;	/* the refusal's, or CT_OK */
};

static void put_flag(struct kunit *test, struct sk_buff *skb, int type)
{
	ovs_kt_put(test, skb, type, NULL, 0);
}

static void put_u16(struct kunit *test, struct sk_buff *skb, int type, u16 v)
{
	ovs_kt_put(test, skb, type, &v, sizeof(v));
}

static void put_mark(struct kunit *test, struct sk_buff *skb, u32 v, u32 m)
{
	u32 mark[2] = { v, m };

	ovs_kt_put(test, skb, OVS_CT_ATTR_MARK, mark, sizeof(mark));
}

static void put_labels(struct kunit *test, struct sk_buff *skb, int len,
		       u8 mask)
{
	u8 labels[2 * OVS_CT_LABELS_LEN + 1] = {};

	memset(labels + OVS_CT_LABELS_LEN, mask, OVS_CT_LABELS_LEN);
	ovs_kt_put(test, skb, OVS_CT_ATTR_LABELS, labels, len);
}

static void b_empty(struct kunit *test, struct sk_buff *skb)
{
}

/* Everything but NAT, as vswitchd sends ct(commit,...) with a helper. */
static void b_all(struct kunit *test, struct sk_buff *skb)
{
	put_flag(test, skb, OVS_CT_ATTR_COMMIT);
	put_u16(test, skb, OVS_CT_ATTR_ZONE, 5);
	put_mark(test, skb, 1, 0xff);
	put_labels(test, skb, 2 * OVS_CT_LABELS_LEN, 0x0f);
	ovs_kt_string(test, skb, OVS_CT_ATTR_HELPER, "ftp");
	ovs_kt_u32(test, skb, OVS_CT_ATTR_EVENTMASK, 0x3f);
	ovs_kt_string(test, skb, OVS_CT_ATTR_TIMEOUT, "ovs_tp_1_tcp4");
}

static void b_force(struct kunit *test, struct sk_buff *skb)
{
	put_flag(test, skb, OVS_CT_ATTR_FORCE_COMMIT);
	put_mark(test, skb, 0, 1);
}

static void b_zone_twice(struct kunit *test, struct sk_buff *skb)
{
	put_u16(test, skb, OVS_CT_ATTR_ZONE, 5);
	put_u16(test, skb, OVS_CT_ATTR_ZONE, 6);
}

static struct nlattr *nat_begin(struct kunit *test, struct sk_buff *skb,
				int kind)
{
	struct nlattr *nat;

	put_flag(test, skb, OVS_CT_ATTR_COMMIT);
	nat = ovs_kt_nest(test, skb, OVS_CT_ATTR_NAT);
	if (kind)
		put_flag(test, skb, kind);
	return nat;
}

static void b_snat4(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat = nat_begin(test, skb, OVS_NAT_ATTR_SRC);

	ovs_kt_u32(test, skb, OVS_NAT_ATTR_IP_MIN, htonl(0x0a000001));
	ovs_kt_u32(test, skb, OVS_NAT_ATTR_IP_MAX, htonl(0x0a0000ff));
	put_u16(test, skb, OVS_NAT_ATTR_PROTO_MIN, 1024);
	put_u16(test, skb, OVS_NAT_ATTR_PROTO_MAX, 2048);
	put_flag(test, skb, OVS_NAT_ATTR_PERSISTENT);
	put_flag(test, skb, OVS_NAT_ATTR_PROTO_HASH);
	put_flag(test, skb, OVS_NAT_ATTR_PROTO_RANDOM);
	ovs_kt_nest_end(test, skb, nat);
}

static void b_dnat6(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat = nat_begin(test, skb, OVS_NAT_ATTR_DST);
	struct in6_addr a = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } };

	ovs_kt_put(test, skb, OVS_NAT_ATTR_IP_MIN, &a, sizeof(a));
	put_u16(test, skb, OVS_NAT_ATTR_PROTO_MIN, 80);
	ovs_kt_nest_end(test, skb, nat);
}

/* ct(nat): NAT of committed connections, no range. */
static void b_nat_plain(struct kunit *test, struct sk_buff *skb)
{
	ovs_kt_nest_end(test, skb, ovs_kt_nest(test, skb, OVS_CT_ATTR_NAT));
}

/* vswitchd's probe for "Conntrack all-zero IP SNAT". */
static void b_snat_zero(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat = nat_begin(test, skb, OVS_NAT_ATTR_SRC);

	ovs_kt_u32(test, skb, OVS_NAT_ATTR_IP_MIN, 0);
	ovs_kt_nest_end(test, skb, nat);
}

/* A helper with NAT: its NAT half (nf_nat_ftp) is taken at install. */
static void b_nat_helper(struct kunit *test, struct sk_buff *skb)
{
	ovs_kt_string(test, skb, OVS_CT_ATTR_HELPER, "ftp");
	b_snat4(test, skb);
}

static void b_unknown(struct kunit *test, struct sk_buff *skb)
{
	ovs_kt_u32(test, skb, OVS_CT_ATTR_TIMEOUT + 1, 0);
}

static void b_unspec(struct kunit *test, struct sk_buff *skb)
{
	put_flag(test, skb, OVS_CT_ATTR_UNSPEC);
}

static void b_commit_data(struct kunit *test, struct sk_buff *skb)
{
	ovs_kt_u32(test, skb, OVS_CT_ATTR_COMMIT, 1);
}

static void b_zone_u32(struct kunit *test, struct sk_buff *skb)
{
	ovs_kt_u32(test, skb, OVS_CT_ATTR_ZONE, 1);
}

static void b_mark_short(struct kunit *test, struct sk_buff *skb)
{
	put_flag(test, skb, OVS_CT_ATTR_COMMIT);
	ovs_kt_u32(test, skb, OVS_CT_ATTR_MARK, 1);
}

static void b_mark_zero_mask(struct kunit *test, struct sk_buff *skb)
{
	put_flag(test, skb, OVS_CT_ATTR_COMMIT);
	put_mark(test, skb, 1, 0);
}

static void b_mark_no_commit(struct kunit *test, struct sk_buff *skb)
{
	put_mark(test, skb, 1, 1);
}

static void b_labels_short(struct kunit *test, struct sk_buff *skb)
{
	put_flag(test, skb, OVS_CT_ATTR_COMMIT);
	put_labels(test, skb, OVS_CT_LABELS_LEN, 0xff);
}

static void b_labels_long(struct kunit *test, struct sk_buff *skb)
{
	put_flag(test, skb, OVS_CT_ATTR_COMMIT);
	put_labels(test, skb, 2 * OVS_CT_LABELS_LEN + 1, 0xff);
}

static void b_labels_zero_mask(struct kunit *test, struct sk_buff *skb)
{
	put_flag(test, skb, OVS_CT_ATTR_COMMIT);
	put_labels(test, skb, 2 * OVS_CT_LABELS_LEN, 0);
}

static void b_labels_no_commit(struct kunit *test, struct sk_buff *skb)
{
	put_labels(test, skb, 2 * OVS_CT_LABELS_LEN, 1);
}

static void b_helper_long(struct kunit *test, struct sk_buff *skb)
{
	ovs_kt_string(test, skb, OVS_CT_ATTR_HELPER, "a-helper-name-of-17");
}

static void b_helper_empty(struct kunit *test, struct sk_buff *skb)
{
	ovs_kt_put(test, skb, OVS_CT_ATTR_HELPER, NULL, 0);
}

static void b_helper_no_nul(struct kunit *test, struct sk_buff *skb)
{
	ovs_kt_put(test, skb, OVS_CT_ATTR_HELPER, "ftp", 3);
}

static void b_helper_unknown(struct kunit *test, struct sk_buff *skb)
{
	ovs_kt_string(test, skb, OVS_CT_ATTR_HELPER, "no-such-helper");
}

/* tftp is a UDP helper; the flow is TCP. */
static void b_helper_wrong_proto(struct kunit *test, struct sk_buff *skb)
{
	ovs_kt_string(test, skb, OVS_CT_ATTR_HELPER, "tftp");
}

static void b_timeout_long(struct kunit *test, struct sk_buff *skb)
{
	char name[40];

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ovs_kt_put(test, skb, OVS_CT_ATTR_TIMEOUT, name, 33);
}

static void b_timeout_no_nul(struct kunit *test, struct sk_buff *skb)
{
	ovs_kt_put(test, skb, OVS_CT_ATTR_TIMEOUT, "abcd", 4);
}

static void b_eventmask_short(struct kunit *test, struct sk_buff *skb)
{
	put_u16(test, skb, OVS_CT_ATTR_EVENTMASK, 1);
}

static void b_nat_both(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat = nat_begin(test, skb, OVS_NAT_ATTR_SRC);

	put_flag(test, skb, OVS_NAT_ATTR_DST);
	ovs_kt_nest_end(test, skb, nat);
}

static void b_nat_no_commit(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat = ovs_kt_nest(test, skb, OVS_CT_ATTR_NAT);

	put_flag(test, skb, OVS_NAT_ATTR_SRC);
	ovs_kt_nest_end(test, skb, nat);
}

static void b_nat_flags_alone(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat = nat_begin(test, skb, 0);

	put_flag(test, skb, OVS_NAT_ATTR_PERSISTENT);
	ovs_kt_nest_end(test, skb, nat);
}

static void b_nat_unknown(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat = nat_begin(test, skb, OVS_NAT_ATTR_SRC);

	put_flag(test, skb, OVS_NAT_ATTR_MAX + 1);
	ovs_kt_nest_end(test, skb, nat);
}

/* An IPv6 address in an IPv4 flow's NAT. */
static void b_nat_ip_len(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat = nat_begin(test, skb, OVS_NAT_ATTR_SRC);
	struct in6_addr a = {};

	ovs_kt_put(test, skb, OVS_NAT_ATTR_IP_MIN, &a, sizeof(a));
	ovs_kt_nest_end(test, skb, nat);
}

static void b_nat_port_len(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat = nat_begin(test, skb, OVS_NAT_ATTR_DST);

	ovs_kt_u32(test, skb, OVS_NAT_ATTR_PROTO_MIN, 80);
	ovs_kt_nest_end(test, skb, nat);
}

static void b_nat_flag_data(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat = nat_begin(test, skb, OVS_NAT_ATTR_DST);

	ovs_kt_u32(test, skb, OVS_NAT_ATTR_PERSISTENT, 1);
	ovs_kt_nest_end(test, skb, nat);
}

static void b_nat_ip_reversed(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat = nat_begin(test, skb, OVS_NAT_ATTR_SRC);

	ovs_kt_u32(test, skb, OVS_NAT_ATTR_IP_MIN, htonl(0x0a000002));
	ovs_kt_u32(test, skb, OVS_NAT_ATTR_IP_MAX, htonl(0x0a000001));
	ovs_kt_nest_end(test, skb, nat);
}

static void b_nat_port_reversed(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat = nat_begin(test, skb, OVS_NAT_ATTR_SRC);

	put_u16(test, skb, OVS_NAT_ATTR_PROTO_MIN, 2000);
	put_u16(test, skb, OVS_NAT_ATTR_PROTO_MAX, 1999);
	ovs_kt_nest_end(test, skb, nat);
}

/* Two NAT nests: in-tree adds them up, SRC or DST in the first only. */
static void b_snat_then_dnat(struct kunit *test, struct sk_buff *skb)
{
	b_snat4(test, skb);
	ovs_kt_nest_end(test, skb, nat_begin(test, skb, OVS_NAT_ATTR_DST));
}

static void b_nat_then_snat(struct kunit *test, struct sk_buff *skb)
{
	put_flag(test, skb, OVS_CT_ATTR_COMMIT);
	b_nat_plain(test, skb);
	ovs_kt_nest_end(test, skb, nat_begin(test, skb, OVS_NAT_ATTR_SRC));
}

static void b_snat_then_nat(struct kunit *test, struct sk_buff *skb)
{
	b_snat4(test, skb);
	b_nat_plain(test, skb);
}

/* Flags in a second nest count as the first nest's SRC or DST's. */
static void b_nat_then_flags(struct kunit *test, struct sk_buff *skb)
{
	struct nlattr *nat;

	b_nat_plain(test, skb);
	nat = nat_begin(test, skb, 0);
	put_flag(test, skb, OVS_NAT_ATTR_PERSISTENT);
	ovs_kt_nest_end(test, skb, nat);
}

/* Two plain nests ask commit, though one alone does not. */
static void b_nat_twice_no_commit(struct kunit *test, struct sk_buff *skb)
{
	b_nat_plain(test, skb);
	b_nat_plain(test, skb);
}

static const struct ct_case ct_cases[] = {
	{ "empty", b_empty, 0, CT_OK },
	{ "every attribute", b_all, 0, CT_OK },
	{ "every attribute, IPv6", b_all, htons(ETH_P_IPV6), CT_OK },
	{ "force_commit and mark", b_force, 0, CT_OK },
	{ "zone twice", b_zone_twice, 0, CT_OK },
	{ "snat4 range", b_snat4, 0, CT_OK },
	{ "dnat6", b_dnat6, htons(ETH_P_IPV6), CT_OK },
	{ "nat", b_nat_plain, 0, CT_OK },
	{ "snat to 0.0.0.0", b_snat_zero, 0, CT_OK },
	{ "nat with the ftp helper", b_nat_helper, 0, CT_OK },
	{ "ARP flow", b_empty, htons(ETH_P_ARP),
	  "ct needs a flow that matches IPv4 or IPv6" },
	{ "unknown attribute", b_unknown, 0, "unknown ct attribute" },
	{ "attribute 0", b_unspec, 0, "unknown ct attribute" },
	{ "commit with data", b_commit_data, 0,
	  "ct attribute has the wrong length" },
	{ "zone u32", b_zone_u32, 0, "ct attribute has the wrong length" },
	{ "mark short", b_mark_short, 0, "ct attribute has the wrong length" },
	{ "mark mask 0", b_mark_zero_mask, 0, "ct mark mask cannot be 0" },
	{ "mark no commit", b_mark_no_commit, 0, "ct mark needs commit" },
	{ "labels short", b_labels_short, 0,
	  "ct attribute has the wrong length" },
	{ "labels long", b_labels_long, 0,
	  "ct attribute has the wrong length" },
	{ "labels mask 0", b_labels_zero_mask, 0,
	  "ct labels mask cannot be 0" },
	{ "labels no commit", b_labels_no_commit, 0, "ct labels need commit" },
	{ "helper too long", b_helper_long, 0, "ct helper name empty or too long" },
	{ "helper empty", b_helper_empty, 0, "ct helper name empty or too long" },
	{ "helper no NUL", b_helper_no_nul, 0,
	  "ct helper name is not a string" },
	{ "helper unknown", b_helper_unknown, 0, "unknown ct helper" },
	{ "helper wrong protocol", b_helper_wrong_proto, 0,
	  "unknown ct helper" },
	{ "timeout too long", b_timeout_long, 0,
	  "ct timeout policy name empty or too long" },
	{ "timeout no NUL", b_timeout_no_nul, 0,
	  "ct timeout policy name is not a string" },
	{ "eventmask short", b_eventmask_short, 0,
	  "ct attribute has the wrong length" },
	{ "nat src and dst", b_nat_both, 0,
	  "ct NAT may be SRC or DST, not both" },
	{ "nat without commit", b_nat_no_commit, 0,
	  "ct NAT SRC or DST needs commit before it" },
	{ "nat flags alone", b_nat_flags_alone, 0,
	  "ct NAT addresses, ports and flags need SRC or DST" },
	{ "nat unknown", b_nat_unknown, 0, "unknown ct NAT attribute" },
	{ "nat v6 address in v4", b_nat_ip_len, 0,
	  "ct NAT attribute has the wrong length for the flow's IP version" },
	{ "nat port u32", b_nat_port_len, 0,
	  "ct NAT attribute has the wrong length for the flow's IP version" },
	{ "nat flag with data", b_nat_flag_data, 0,
	  "ct NAT attribute has the wrong length for the flow's IP version" },
	{ "nat v4 snat4 range on v6", b_snat4, htons(ETH_P_IPV6),
	  "ct NAT attribute has the wrong length for the flow's IP version" },
	{ "nat addresses reversed", b_nat_ip_reversed, 0,
	  "ct NAT address range ends before it starts" },
	{ "nat ports reversed", b_nat_port_reversed, 0,
	  "ct NAT port range ends before it starts" },
	{ "snat then nat", b_snat_then_nat, 0, CT_OK },
	{ "nat then flags", b_nat_then_flags, 0, CT_OK },
	{ "snat then dnat", b_snat_then_dnat, 0,
	  "ct NAT SRC or DST only in the first NAT nest" },
	{ "nat then snat", b_nat_then_snat, 0,
	  "ct NAT SRC or DST only in the first NAT nest" },
	{ "nat twice without commit", b_nat_twice_no_commit, 0,
	  "ct NAT nest after the first needs commit before it" },
};

static void ovs_ct_check_cases(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(ct_cases); i++) {
		const struct ct_case *cc = &ct_cases[i];
		struct ovs_at *t = ovs_at_begin(test);
		struct nlattr *ct;

		if (cc->eth_type)
			t->key.eth.type = cc->eth_type;
		ct = ovs_kt_nest(test, t->skb, OVS_ACTION_ATTR_CT);
		cc->build(test, t->skb);
		ovs_kt_nest_end(test, t->skb, ct);
		if (!cc->msg) {
			KUNIT_EXPECT_EQ_MSG(test, ovs_at_copy(test), 0, "%s",
					    cc->name);
			KUNIT_EXPECT_NULL_MSG(test, t->extack._msg, "%s",
					      cc->name);
			if (t->acts)
				ovs_at_expect_roundtrip(test);
			continue;
		}
		ovs_at_refused(test, -EINVAL, cc->name);
		if (t->extack._msg)
			KUNIT_EXPECT_STREQ_MSG(test, t->extack._msg, cc->msg,
					       "%s", cc->name);
	}
}

/* A partial attribute at the end of the nest, and inside NAT. */
static void ovs_ct_check_partial(struct kunit *test)
{
	struct ovs_at *t = ovs_at_begin(test);
	struct nlattr *ct, *nat;

	ct = ovs_kt_nest(test, t->skb, OVS_ACTION_ATTR_CT);
	put_u16(test, t->skb, OVS_CT_ATTR_ZONE, 1);
	ovs_kt_nest_end(test, t->skb, ct);
	ct->nla_len -= 4;	/* the zone's header, without its payload */
	ovs_at_refused(test, -EINVAL, "partial ct attribute");
	KUNIT_EXPECT_STREQ(test, t->extack._msg,
			   "ct attributes end in a partial attribute");

	t = ovs_at_begin(test);
	ct = ovs_kt_nest(test, t->skb, OVS_ACTION_ATTR_CT);
	nat = nat_begin(test, t->skb, OVS_NAT_ATTR_SRC);
	put_u16(test, t->skb, OVS_NAT_ATTR_PROTO_MIN, 1);
	ovs_kt_nest_end(test, t->skb, nat);
	nat->nla_len -= 4;
	ovs_kt_nest_end(test, t->skb, ct);
	ovs_at_refused(test, -EINVAL, "partial NAT attribute");
	KUNIT_EXPECT_STREQ(test, t->extack._msg,
			   "ct NAT attributes end in a partial attribute");
}

/*
 * Inside clone() the same checks apply, and an installed
 * clone(ct(commit)) keeps its ct() state on the list, which frees it
 * (CVE-2022-49086: kmemleak_check.c would report a leak).
 */
static void ovs_ct_check_nested(struct kunit *test)
{
	struct ovs_at *t = ovs_at_begin(test);
	struct nlattr *clone, *ct;

	clone = ovs_kt_nest(test, t->skb, OVS_ACTION_ATTR_CLONE);
	ct = ovs_kt_nest(test, t->skb, OVS_ACTION_ATTR_CT);
	b_all(test, t->skb);
	ovs_kt_nest_end(test, t->skb, ct);
	ovs_kt_nest_end(test, t->skb, clone);
	ovs_kt_u32(test, t->skb, OVS_ACTION_ATTR_OUTPUT, 1);
	KUNIT_ASSERT_EQ(test, ovs_at_copy(test), 0);
	KUNIT_EXPECT_NOT_NULL(test, t->acts->ct);
	ovs_at_expect_roundtrip(test);

	/* A second ct() after a good one: the first one's state goes too. */
	t = ovs_at_begin(test);
	ct = ovs_kt_nest(test, t->skb, OVS_ACTION_ATTR_CT);
	b_all(test, t->skb);
	ovs_kt_nest_end(test, t->skb, ct);
	ct = ovs_kt_nest(test, t->skb, OVS_ACTION_ATTR_CT);
	b_helper_unknown(test, t->skb);
	ovs_kt_nest_end(test, t->skb, ct);
	ovs_at_refused(test, -EINVAL, "good ct() then an unknown helper");
	KUNIT_EXPECT_STREQ(test, t->extack._msg, "unknown ct helper");

	t = ovs_at_begin(test);

	clone = ovs_kt_nest(test, t->skb, OVS_ACTION_ATTR_CLONE);
	ct = ovs_kt_nest(test, t->skb, OVS_ACTION_ATTR_CT);
	put_mark(test, t->skb, 1, 1);
	ovs_kt_nest_end(test, t->skb, ct);
	ovs_kt_nest_end(test, t->skb, clone);
	ovs_at_refused(test, -EINVAL, "clone(ct(mark without commit))");
	KUNIT_EXPECT_STREQ(test, t->extack._msg, "ct mark needs commit");
}

static struct kunit_case ovs_ct_check_test_cases[] = {
	KUNIT_CASE(ovs_ct_check_cases),
	KUNIT_CASE(ovs_ct_check_partial),
	KUNIT_CASE(ovs_ct_check_nested),
	{}
};

static struct kunit_suite ovs_ct_check_suite = {
	.name = "ovs_actions_check_ct",
	.init = ovs_at_init,
	.exit = ovs_at_exit,
	.test_cases = ovs_ct_check_test_cases,
};

kunit_test_suite(ovs_ct_check_suite);
