// SPDX-License-Identifier: GPL-2.0-only
/*
 * The psample action's check (datapath/actions_check_psample.c): every malformed
 * psample() refused with -EINVAL, its own extack message and the
 * offending attribute, on every kernel; a well-formed one accepted and
 * given back byte for byte where the kernel's psample can run it, and
 * elsewhere refused with -EINVAL saying so.
 */

#include <kunit/test.h>

#include "actions_copy_kunit.h"

#define OVS_PST_UNSUPPORTED \
	"psample action not supported by this kernel's psample"

/* Appends an attribute and returns where it landed in the list. */
static struct nlattr *ovs_pst_put(struct kunit *test, int type,
				  const void *data, int len)
{
	struct ovs_at *t = test->priv;
	struct nlattr *a = (struct nlattr *)skb_tail_pointer(t->skb);

	ovs_kt_put(test, ovs_at_skb(test), type, data, len);
	return a;
}

/* Refused with -EINVAL, exactly msg, pointing at bad; nothing kept. */
static void ovs_pst_refused(struct kunit *test, const struct nlattr *bad,
			    const char *msg, const char *what)
{
	struct ovs_at *t = test->priv;

	KUNIT_EXPECT_EQ_MSG(test, ovs_at_copy(test), -EINVAL, "%s", what);
	KUNIT_EXPECT_STREQ_MSG(test, t->extack._msg ?: "(no message)", msg,
			       "%s", what);
	KUNIT_EXPECT_PTR_EQ_MSG(test, t->extack.bad_attr, bad, "%s", what);
	KUNIT_EXPECT_NULL_MSG(test, t->acts, "%s", what);
}

/* A well-formed list holding psample() at ps. */
static void ovs_pst_well_formed(struct kunit *test, const struct nlattr *ps,
				const char *what)
{
	if (ovs_psample_supported())
		ovs_at_accepted_same(test, what);
	else
		ovs_pst_refused(test, ps, OVS_PST_UNSUPPORTED, what);
}

/* One bad attribute after a good group. */
static void ovs_pst_bad_attr(struct kunit *test, int type, int len,
			     const char *msg, const char *what)
{
	static const u8 data[OVS_PSAMPLE_COOKIE_MAX_SIZE + 4];
	struct nlattr *ps, *bad;

	ovs_at_begin(test);
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_GROUP, 1);
	bad = ovs_pst_put(test, type, data, len);
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_pst_refused(test, bad, msg, what);
}

static void ovs_pst_test_malformed(struct kunit *test)
{
	static const u8 cookie[4] = { 0xc0, 0xff, 0xee, 0x00 };
	struct nlattr *ps, *bad;
	struct ovs_at *t;

	ovs_pst_bad_attr(test, OVS_PSAMPLE_ATTR_COOKIE,
			 OVS_PSAMPLE_COOKIE_MAX_SIZE + 1,
			 "psample cookie longer than 16 bytes", "cookie of 17");
	ovs_pst_bad_attr(test, OVS_PSAMPLE_ATTR_COOKIE,
			 OVS_PSAMPLE_COOKIE_MAX_SIZE + 4,
			 "psample cookie longer than 16 bytes", "cookie of 20");
	ovs_pst_bad_attr(test, OVS_PSAMPLE_ATTR_GROUP, 2,
			 "psample group is not a u32", "group of 2 bytes");
	ovs_pst_bad_attr(test, OVS_PSAMPLE_ATTR_GROUP, 8,
			 "psample group is not a u32", "group of 8 bytes");
	ovs_pst_bad_attr(test, OVS_PSAMPLE_ATTR_GROUP, 0,
			 "psample group is not a u32", "empty group");
	ovs_pst_bad_attr(test, OVS_PSAMPLE_ATTR_MAX + 1, 4,
			 "unknown psample attribute", "attribute past the max");
	ovs_pst_bad_attr(test, 0, 4, "unknown psample attribute",
			 "attribute type 0");
	ovs_pst_bad_attr(test, OVS_PSAMPLE_ATTR_COOKIE | NLA_F_NESTED, 4,
			 "psample attribute wrongly flagged as nested",
			 "nested cookie");

	/* No group at all. */
	ovs_at_begin(test);
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_pst_refused(test, ps, "psample needs a group", "empty psample");

	ovs_at_begin(test);
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	ovs_kt_put(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_COOKIE, cookie,
		   sizeof(cookie));
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_pst_refused(test, ps, "psample needs a group", "cookie, no group");

	/* The group is checked before anything can be missing. */
	ovs_at_begin(test);
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	bad = ovs_pst_put(test, OVS_PSAMPLE_ATTR_GROUP | NLA_F_NESTED,
			  cookie, sizeof(u32));
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_pst_refused(test, bad,
			"psample attribute wrongly flagged as nested",
			"nested group");

	/* Bytes that do not make an attribute. */
	t = ovs_at_begin(test);
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_GROUP, 1);
	skb_put_zero(t->skb, 3);
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_pst_refused(test, ps, "trailing bytes in psample's attributes",
			"three stray bytes");

	ovs_at_begin(test);
	ps = ovs_pst_put(test, OVS_ACTION_ATTR_PSAMPLE, cookie, 2);
	ovs_pst_refused(test, ps, "trailing bytes in psample's attributes",
			"psample of two bytes");

	/* A group whose length runs past the psample() holding it. */
	ovs_at_begin(test);
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	bad = ovs_pst_put(test, OVS_PSAMPLE_ATTR_GROUP, cookie, sizeof(u32));
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	bad->nla_len = 12;
	ovs_pst_refused(test, ps, "trailing bytes in psample's attributes",
			"group running past psample");

	/* Checked inside nested lists too. */
	ovs_at_begin(test);
	bad = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_CLONE);
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_kt_nest_end(test, ovs_at_skb(test), bad);
	ovs_pst_refused(test, ps, "psample needs a group", "in clone, no group");
}

/* sample(probability, actions(psample(group))) */
static struct nlattr *ovs_pst_in_sample(struct kunit *test, u32 probability)
{
	struct nlattr *sample, *list, *ps;

	sample = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SAMPLE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_SAMPLE_ATTR_PROBABILITY,
		   probability);
	list = ovs_kt_nest(test, ovs_at_skb(test), OVS_SAMPLE_ATTR_ACTIONS);
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_GROUP, 2);
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 3);
	ovs_kt_nest_end(test, ovs_at_skb(test), list);
	ovs_kt_nest_end(test, ovs_at_skb(test), sample);
	return ps;
}

static void ovs_pst_test_well_formed(struct kunit *test)
{
	static const u8 cookie[OVS_PSAMPLE_COOKIE_MAX_SIZE] = { 0xc0, 0xff };
	struct ovs_action_trunc trunc = { .max_len = ETH_HLEN };
	struct nlattr *ps, *clone;

	ovs_at_begin(test);
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_GROUP, 1);
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_pst_well_formed(test, ps, "group only");

	/* As the kernel selftest installs it: after a trunc, before output. */
	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_TRUNC, &trunc,
		   sizeof(trunc));
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_GROUP, 1);
	ovs_kt_put(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_COOKIE, cookie, 3);
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 2);
	ovs_pst_well_formed(test, ps, "trunc, psample with cookie, output");

	ovs_at_begin(test);
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	ovs_kt_put(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_COOKIE, cookie,
		   sizeof(cookie));
	ovs_kt_u32(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_GROUP, U32_MAX);
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_pst_well_formed(test, ps, "16-byte cookie before the group");

	ovs_at_begin(test);
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_GROUP, 0);
	ovs_kt_put(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_COOKIE, NULL, 0);
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_pst_well_formed(test, ps, "group 0, empty cookie");

	/* The in-tree datapath takes repeats: the last one counts. */
	ovs_at_begin(test);
	ps = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_PSAMPLE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_GROUP, 1);
	ovs_kt_put(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_COOKIE, cookie, 2);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_GROUP, 2);
	ovs_kt_put(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_COOKIE, cookie, 4);
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_pst_well_formed(test, ps, "repeated group and cookie");

	/* Flag bits on the action itself are the list's business. */
	ovs_at_begin(test);
	ps = ovs_kt_nest(test, ovs_at_skb(test),
			 OVS_ACTION_ATTR_PSAMPLE | NLA_F_NESTED);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_PSAMPLE_ATTR_GROUP, 1);
	ovs_kt_nest_end(test, ovs_at_skb(test), ps);
	ovs_pst_well_formed(test, ps, "psample flagged nested");

	/* Anywhere in a list, nested or not, last or not. */
	ovs_at_begin(test);
	ps = ovs_pst_in_sample(test, U32_MAX / 2);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_pst_well_formed(test, ps, "in sample");

	ovs_at_begin(test);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 1);
	clone = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_CLONE);
	ps = ovs_pst_in_sample(test, U32_MAX);
	ovs_kt_nest_end(test, ovs_at_skb(test), clone);
	ovs_pst_well_formed(test, ps, "in sample in clone, last");
}

static struct kunit_case ovs_pst_cases[] = {
	KUNIT_CASE(ovs_pst_test_malformed),
	KUNIT_CASE(ovs_pst_test_well_formed),
	{}
};

static struct kunit_suite ovs_pst_suite = {
	.name = "ovs_actions_psample",
	.init = ovs_at_init,
	.exit = ovs_at_exit,
	.test_cases = ovs_pst_cases,
};

kunit_test_suite(ovs_pst_suite);
