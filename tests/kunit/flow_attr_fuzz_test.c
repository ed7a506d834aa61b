// SPDX-License-Identifier: GPL-2.0-only
/*
 * Random input for the flow key parser, from a fixed seed so that a failure
 * repeats: attribute streams of random types, lengths and nesting, and
 * valid keys written out and then corrupted.  Every outcome must be a
 * clean 0 or -EINVAL (KASAN and UBSAN watch the rest), and every accepted
 * key must survive a trip out to attributes and back.
 */

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "datapath.h"
#include "flow_attr.h"
#include "flow_attr_int.h"
#include "flow_key.h"
#include "flow_attr_kunit.h"

#define FA_FUZZ_SEED		0x6f76735f61747472ULL
#define FA_FUZZ_ROUNDS		3000

/* An accepted key must come back the same from its own attributes. */
static void ovs_fa_fuzz_check_accepted(struct kunit *test, struct sk_buff *out,
				       const struct ovs_key *key,
				   const struct ovs_key *mask,
				   const struct ovs_key_range *range)
{
	struct ovs_fa_ctx *c = test->priv;
	struct netlink_ext_ack extack = {};
	struct ovs_key *again = &c->m;
	const struct nlattr *nla;
	int err;

	KUNIT_EXPECT_EQ(test, range->start % sizeof(long), 0);
	KUNIT_EXPECT_EQ(test, range->end % sizeof(long), 0);
	KUNIT_EXPECT_LE(test, (size_t)range->end, sizeof(*mask));
	KUNIT_EXPECT_EQ(test, mask->mac_proto, 0xff);

	skb_trim(out, 0);
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(key, key, OVS_FLOW_ATTR_KEY,
					       false, out), 0);
	KUNIT_EXPECT_LE(test, (size_t)out->len, ovs_key_attrs_size());
	nla = (const struct nlattr *)out->data;
	err = ovs_key_from_attrs(&init_net, nla, NULL, again, NULL, NULL,
				 false, &extack);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s", extack._msg ?: "");
	KUNIT_EXPECT_EQ(test, memcmp(again, key, sizeof(*key)), 0);

	skb_trim(out, 0);
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(key, mask, OVS_FLOW_ATTR_MASK,
					       true, out), 0);
	KUNIT_EXPECT_LE(test, (size_t)out->len, ovs_key_attrs_size());
}

static int ovs_fa_fuzz_one(struct kunit *test, struct sk_buff *out)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key *key = kunit_kzalloc(test, sizeof(*key), GFP_KERNEL);
	struct ovs_key *mask = kunit_kzalloc(test, sizeof(*mask), GFP_KERNEL);
	struct ovs_key_range range;
	int err, key_err;

	KUNIT_ASSERT_NOT_NULL(test, key);
	KUNIT_ASSERT_NOT_NULL(test, mask);
	memset(&c->extack, 0, sizeof(c->extack));
	err = ovs_key_from_attrs(&init_net, c->key, c->mask, key, mask, &range,
				 false, &c->extack);
	KUNIT_ASSERT_TRUE_MSG(test, err == 0 || err == -EINVAL, "err %d", err);
	if (err)
		KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);
	else
		ovs_fa_fuzz_check_accepted(test, out, key, mask, &range);
	key_err = err;

	memset(&c->extack, 0, sizeof(c->extack));
	err = ovs_key_metadata_from_attrs(&init_net, c->key, key, false,
					  &c->extack);
	KUNIT_ASSERT_TRUE_MSG(test, err == 0 || err == -EINVAL, "err %d", err);
	if (err)
		KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);

	kunit_kfree(test, key);
	kunit_kfree(test, mask);
	return key_err;
}

static void ovs_fa_fuzz_streams(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct rnd_state rnd;
	struct sk_buff *out;
	int i;

	out = alloc_skb(FA_SKB_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	prandom_seed_state(&rnd, FA_FUZZ_SEED);

	for (i = 0; i < FA_FUZZ_ROUNDS; i++) {
		skb_trim(c->skb, 0);
		c->key = nla_nest_start_noflag(c->skb, OVS_FLOW_ATTR_KEY);
		ovs_fa_fuzz_attrs(&rnd, c->skb, 0, 0);
		nla_nest_end(c->skb, c->key);
		c->mask = NULL;
		if (ovs_fa_rand(&rnd, 2)) {
			c->mask = nla_nest_start_noflag(c->skb, OVS_FLOW_ATTR_MASK);
			ovs_fa_fuzz_attrs(&rnd, c->skb, 0, 0);
			nla_nest_end(c->skb, c->mask);
		}
		ovs_fa_fuzz_one(test, out);
	}
	kfree_skb(out);
}

static void ovs_fa_fuzz_keys(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	struct rnd_state rnd;
	struct sk_buff *out;
	int i, accepted = 0;

	KUNIT_ASSERT_NOT_NULL(test, k);
	out = alloc_skb(FA_SKB_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	prandom_seed_state(&rnd, FA_FUZZ_SEED + 1);

	for (i = 0; i < FA_FUZZ_ROUNDS; i++) {
		u8 *payload;
		int len, flips;

		ovs_fa_fuzz_key(&rnd, k);
		skb_trim(c->skb, 0);
		KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(k, k, OVS_FLOW_ATTR_KEY,
						       false, c->skb), 0);
		c->key = (struct nlattr *)c->skb->data;
		c->mask = NULL;

		/* Unchanged, it must parse back to itself. */
		KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, false), 0);
		KUNIT_ASSERT_EQ(test, memcmp(&c->k, k, sizeof(*k)), 0);

		/* Then corrupted inside the outer attribute. */
		payload = nla_data(c->key);
		len = nla_len(c->key);
		flips = 1 + ovs_fa_rand(&rnd, 4);
		while (flips--)
			payload[ovs_fa_rand(&rnd, len)] ^= 1 << ovs_fa_rand(&rnd, 8);
		if (!ovs_fa_fuzz_one(test, out))
			accepted++;
	}
	/* Corruption often hits values only: many must still be accepted. */
	KUNIT_EXPECT_GT(test, accepted, FA_FUZZ_ROUNDS / 10);
	kfree_skb(out);
}

static struct kunit_case ovs_fa_fuzz_cases[] = {
	KUNIT_CASE(ovs_fa_fuzz_streams),
	KUNIT_CASE(ovs_fa_fuzz_keys),
	{}
};

static struct kunit_suite ovs_fa_fuzz_suite = {
	.name = "ovs_flow_attr_fuzz",
	.init = ovs_fa_init,
	.exit = ovs_fa_exit,
	.test_cases = ovs_fa_fuzz_cases,
};

kunit_test_suite(ovs_fa_fuzz_suite);
