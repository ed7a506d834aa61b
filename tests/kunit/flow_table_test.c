// SPDX-License-Identifier: GPL-2.0-only
/*
 * The flow table (datapath/flow_table.c) and flow objects (datapath/flow.c)
 * with hand-built keys and masks: masked lookup over several masks, the
 * per-CPU cache and its invalidation, exact and UFID lookups, mask sharing,
 * growth, dumps, flush, the flow limit and per-flow statistics; the tuple
 * masks flows are hashed under, the bucket limit and the cap on tuples
 * (flow_tuple.c).
 */

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "datapath.h"
#include "flow_table.h"
#include "flow_table_int.h"
#include "flow_tuple.h"

struct ovs_ft_test {
	struct ovs_flow_table *tbl;
	struct ovs_key mask;		/* scratch */
	unsigned int max_flows;		/* the module parameter, restored */
	unsigned int max_tuples;	/* the same */
};

static int ovs_ft_test_init(struct kunit *test)
{
	struct ovs_ft_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->tbl = ovs_flow_tbl_alloc(OVS_DP_MASKS_CACHE_DEFAULT);
	KUNIT_ASSERT_NOT_NULL(test, t->tbl);
	t->max_flows = READ_ONCE(ovs_flow_max_flows);
	t->max_tuples = READ_ONCE(ovs_flow_max_tuples);
	test->priv = t;
	return 0;
}

static void ovs_ft_test_exit(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;

	if (!t)
		return;
	WRITE_ONCE(ovs_flow_max_flows, t->max_flows);
	WRITE_ONCE(ovs_flow_max_tuples, t->max_tuples);
	ovs_lock();
	ovs_flow_tbl_destroy(t->tbl);
	ovs_unlock();
	rcu_barrier();
}

/* The smallest long-aligned byte range holding every nonzero mask byte. */
static struct ovs_key_range ovs_ft_range(const struct ovs_key *mask)
{
	const unsigned long *m = (const unsigned long *)mask;
	unsigned int i, n = sizeof(*mask) / sizeof(long);
	struct ovs_key_range r = { 0, 0 };
	bool any = false;

	for (i = 0; i < n; i++) {
		if (!m[i])
			continue;
		if (!any)
			r.start = i * sizeof(long);
		r.end = (i + 1) * sizeof(long);
		any = true;
	}
	return r;
}

/* An IPv4 key: the fields the tests vary, the rest fixed. */
static void ovs_ft_key(struct ovs_key *key, u32 in_port, u32 src, u32 dst,
		       u16 tp_dst)
{
	memset(key, 0, sizeof(*key));
	key->in_port = in_port;
	key->mac_proto = OVS_MAC_PROTO_ETHERNET;
	key->eth.type = htons(ETH_P_IP);
	key->ip.proto = IPPROTO_TCP;
	key->ipv4.src = htonl(src);
	key->ipv4.dst = htonl(dst);
	key->tp.dst = htons(tp_dst);
	key->tp.src = htons(40000);
}

/* Masks: in_port always, plus the IPv4 source and destination bits given. */
static void ovs_ft_mask(struct ovs_key *mask, u32 src_bits, u32 dst_bits,
			bool tp_dst)
{
	memset(mask, 0, sizeof(*mask));
	mask->in_port = 0xffffffff;
	mask->eth.type = htons(0xffff);
	mask->ipv4.src = htonl(src_bits);
	mask->ipv4.dst = htonl(dst_bits);
	if (tp_dst)
		mask->tp.dst = htons(0xffff);
}

/* A flow for key under mask, with a UFID if ufid is nonzero, inserted. */
static struct ovs_flow *ovs_ft_add(struct kunit *test,
				   struct ovs_flow_table *tbl,
				   const struct ovs_key *key,
				   const struct ovs_key *mask, u32 ufid,
				   int expect)
{
	struct ovs_key_range range = ovs_ft_range(mask);
	const unsigned long *k = (const unsigned long *)key;
	const unsigned long *m = (const unsigned long *)mask;
	struct ovs_flow *flow;
	unsigned long *f;
	unsigned int i;
	int err;

	flow = ovs_flow_alloc();
	KUNIT_ASSERT_NOT_NULL(test, flow);
	f = (unsigned long *)&flow->key;
	for (i = 0; i < sizeof(*key) / sizeof(long); i++)
		f[i] = k[i] & m[i];
	if (ufid)
		err = ovs_flow_id_set(flow, &ufid, sizeof(ufid), NULL);
	else
		err = ovs_flow_id_set(flow, NULL, 0, key);
	KUNIT_ASSERT_EQ(test, err, 0);

	ovs_lock();
	err = ovs_flow_tbl_insert(tbl, flow, mask, &range);
	ovs_unlock();
	KUNIT_EXPECT_EQ(test, err, expect);
	if (err) {
		ovs_flow_free(flow, false);
		return NULL;
	}
	return flow;
}

static void ovs_ft_del(struct ovs_flow_table *tbl, struct ovs_flow *flow)
{
	ovs_lock();
	ovs_flow_tbl_remove(tbl, flow);
	ovs_unlock();
	ovs_flow_free(flow, true);
}

/* The packet path's lookup, in the packet path's context. */
static struct ovs_flow *ovs_ft_lookup(struct ovs_flow_table *tbl,
				      const struct ovs_key *key, u32 hash,
				      u32 *n_mask_hit, u32 *n_cache_hit)
{
	struct ovs_flow *flow;

	local_bh_disable();
	rcu_read_lock();
	flow = ovs_flow_tbl_lookup_stats(tbl, key, hash, n_mask_hit,
					 n_cache_hit);
	rcu_read_unlock();
	local_bh_enable();
	return flow;
}

static struct ovs_flow *ovs_ft_find(struct ovs_flow_table *tbl,
				    const struct ovs_key *key)
{
	u32 n_mask_hit, n_cache_hit;

	return ovs_ft_lookup(tbl, key, 0, &n_mask_hit, &n_cache_hit);
}

/* Three masks, flows on each; every packet finds its own flow. */
static void ovs_ft_test_masks(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	struct ovs_flow *a, *b, *c, *d;
	struct ovs_key key;

	/* a: port 1, any address.  b, c: port 2 by /24 dst.  d: port 3 exact. */
	ovs_ft_key(&key, 1, 0, 0, 0);
	ovs_ft_mask(&t->mask, 0, 0, false);
	a = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	ovs_ft_key(&key, 2, 0, 0x0a000100, 0);
	ovs_ft_mask(&t->mask, 0, 0xffffff00, false);
	b = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	ovs_ft_key(&key, 2, 0, 0x0a000200, 0);
	c = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	ovs_ft_key(&key, 3, 0x01020304, 0x05060708, 80);
	ovs_ft_mask(&t->mask, 0xffffffff, 0xffffffff, true);
	d = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	KUNIT_ASSERT_TRUE(test, a && b && c && d);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), 4U);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 3U);

	ovs_ft_key(&key, 1, 0x11111111, 0x22222222, 443);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_find(t->tbl, &key), a);
	ovs_ft_key(&key, 2, 0x11111111, 0x0a0001fe, 443);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_find(t->tbl, &key), b);
	ovs_ft_key(&key, 2, 0x11111111, 0x0a000201, 22);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_find(t->tbl, &key), c);
	ovs_ft_key(&key, 2, 0x11111111, 0x0a000301, 22);
	KUNIT_EXPECT_NULL(test, ovs_ft_find(t->tbl, &key));
	ovs_ft_key(&key, 3, 0x01020304, 0x05060708, 80);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_find(t->tbl, &key), d);
	ovs_ft_key(&key, 3, 0x01020304, 0x05060708, 81);
	KUNIT_EXPECT_NULL(test, ovs_ft_find(t->tbl, &key));
	/* Bytes outside every mask do not matter. */
	ovs_ft_key(&key, 3, 0x01020304, 0x05060708, 80);
	key.priority = 7;
	key.ip.ttl = 3;
	ovs_lock();
	KUNIT_EXPECT_PTR_EQ(test, ovs_flow_tbl_lookup(t->tbl, &key), d);
	ovs_unlock();

	ovs_ft_del(t->tbl, b);
	ovs_ft_key(&key, 2, 0x11111111, 0x0a0001fe, 443);
	KUNIT_EXPECT_NULL(test, ovs_ft_find(t->tbl, &key));
	ovs_ft_key(&key, 2, 0x11111111, 0x0a000201, 22);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_find(t->tbl, &key), c);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), 3U);
}

/* Flows with equal masks share one; the last flow's removal drops it. */
static void ovs_ft_test_mask_sharing(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	struct ovs_flow *a, *b, *c;
	struct ovs_key key;

	ovs_ft_mask(&t->mask, 0, 0xffff0000, false);
	ovs_ft_key(&key, 1, 0, 0x0a010000, 0);
	a = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	ovs_ft_key(&key, 1, 0, 0x0a020000, 0);
	b = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	ovs_ft_mask(&t->mask, 0, 0xff000000, false);
	ovs_ft_key(&key, 1, 0, 0x0b000000, 0);
	c = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	KUNIT_ASSERT_TRUE(test, a && b && c);
	KUNIT_EXPECT_PTR_EQ(test, a->mask, b->mask);
	KUNIT_EXPECT_PTR_NE(test, a->mask, c->mask);
	KUNIT_EXPECT_EQ(test, a->mask->refcount, 2);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 2U);

	ovs_ft_del(t->tbl, a);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 2U);
	KUNIT_EXPECT_EQ(test, b->mask->refcount, 1);
	ovs_ft_del(t->tbl, b);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 1U);
	/* c's mask moved into the freed slot and still works. */
	KUNIT_EXPECT_EQ(test, c->mask->index, 0U);
	ovs_ft_key(&key, 1, 0, 0x0b0c0d0e, 0);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_find(t->tbl, &key), c);
	ovs_ft_del(t->tbl, c);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 0U);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), 0U);
}

/* Flows without a UFID are named by unmasked key and mask together. */
static void ovs_ft_test_lookup_exact(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	struct ovs_key_range range;
	struct ovs_key key, other;
	struct ovs_flow *a;

	ovs_ft_mask(&t->mask, 0, 0xffffff00, false);
	range = ovs_ft_range(&t->mask);
	ovs_ft_key(&key, 1, 0, 0x0a000105, 0);
	a = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, a);

	ovs_lock();
	KUNIT_EXPECT_PTR_EQ(test, ovs_flow_tbl_lookup_exact(t->tbl, &key,
							    &t->mask, &range),
			    a);
	/* Same masked key, different unmasked key: not this flow's name. */
	ovs_ft_key(&other, 1, 0, 0x0a000106, 0);
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup_exact(t->tbl, &other,
							  &t->mask, &range));
	/* Same unmasked key, another mask: not this flow either. */
	ovs_ft_mask(&t->mask, 0, 0xffff0000, false);
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup_exact(t->tbl, &key,
							  &t->mask, &range));
	ovs_ft_mask(&t->mask, 0, 0xffffff00, true);
	range = ovs_ft_range(&t->mask);
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup_exact(t->tbl, &key,
							  &t->mask, &range));
	ovs_unlock();
	/* The packet path still finds it for the other key. */
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_find(t->tbl, &other), a);
}

static void ovs_ft_test_lookup_ufid(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	struct ovs_flow_id id = { .len = 4 };
	struct ovs_flow *a, *b, *c;
	struct ovs_key key;

	ovs_ft_mask(&t->mask, 0, 0xffffffff, false);
	ovs_ft_key(&key, 1, 0, 1, 0);
	a = ovs_ft_add(test, t->tbl, &key, &t->mask, 0xaaaa, 0);
	ovs_ft_key(&key, 1, 0, 2, 0);
	b = ovs_ft_add(test, t->tbl, &key, &t->mask, 0xbbbb, 0);
	KUNIT_ASSERT_TRUE(test, a && b);
	KUNIT_EXPECT_TRUE(test, ovs_flow_has_ufid(a));

	/* A second flow with a taken UFID is refused. */
	ovs_ft_key(&key, 1, 0, 3, 0);
	ovs_ft_add(test, t->tbl, &key, &t->mask, 0xaaaa, -EEXIST);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), 2U);
	/* Same megaflow, another UFID: accepted, each found by its UFID. */
	ovs_ft_key(&key, 1, 0, 2, 0);
	c = ovs_ft_add(test, t->tbl, &key, &t->mask, 0xcccc, 0);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), 3U);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 1U);
	KUNIT_EXPECT_TRUE(test, ovs_ft_find(t->tbl, &key) == b ||
			  ovs_ft_find(t->tbl, &key) == c);
	ovs_ft_del(t->tbl, c);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_find(t->tbl, &key), b);

	ovs_lock();
	id.ufid[0] = 0xaaaa;
	KUNIT_EXPECT_PTR_EQ(test, ovs_flow_tbl_lookup_ufid(t->tbl, &id), a);
	id.ufid[0] = 0xbbbb;
	KUNIT_EXPECT_PTR_EQ(test, ovs_flow_tbl_lookup_ufid(t->tbl, &id), b);
	id.ufid[0] = 0xcccc;
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup_ufid(t->tbl, &id));
	id.ufid[0] = 0xdddd;
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup_ufid(t->tbl, &id));
	/* Same bytes, another length. */
	id.ufid[0] = 0xaaaa;
	id.len = 8;
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup_ufid(t->tbl, &id));
	id.len = 4;
	ovs_unlock();

	ovs_ft_del(t->tbl, a);
	ovs_lock();
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup_ufid(t->tbl, &id));
	ovs_unlock();

	/* Ids: 1 to 16 bytes, or an unmasked key. */
	a = ovs_flow_alloc();
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, ovs_flow_id_set(a, &id, 17, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, ovs_flow_id_set(a, &id, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, ovs_flow_id_set(a, NULL, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, ovs_flow_id_set(a, NULL, 0, &key), 0);
	KUNIT_EXPECT_FALSE(test, ovs_flow_has_ufid(a));
	KUNIT_EXPECT_EQ(test, ovs_flow_id_set(a, &id, 16, NULL), 0);
	KUNIT_EXPECT_EQ(test, a->id.len, 16U);
	ovs_flow_free(a, false);
}

/* The mask that answered stays tried first for the same skb hash. */
static void ovs_ft_test_cache_hit(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	u32 n_mask_hit, n_cache_hit, i;
	struct ovs_flow *flow, *last = NULL;
	struct ovs_key key;

	/*
	 * 20 masks (/1 .. /20 on the destination), one flow each: flow /i
	 * matches the addresses with exactly i - 1 leading zero bits.
	 */
	for (i = 1; i <= 20; i++) {
		ovs_ft_mask(&t->mask, 0, ~0U << (32 - i), false);
		ovs_ft_key(&key, 1, 0, 1U << (32 - i), 0);
		last = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
		KUNIT_ASSERT_NOT_NULL(test, last);
	}
	KUNIT_ASSERT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 20U);

	/*
	 * A packet only the /20 flow matches.  The 20 masks are 3 tuples
	 * (destination /0, /8 and /16 once rounded to a byte), all probed.
	 */
	ovs_ft_key(&key, 1, 0, 0x1234, 0);
	flow = ovs_ft_lookup(t->tbl, &key, 0x1234, &n_mask_hit, &n_cache_hit);
	KUNIT_EXPECT_PTR_EQ(test, flow, last);
	KUNIT_EXPECT_EQ(test, n_cache_hit, 0U);
	KUNIT_EXPECT_EQ(test, n_mask_hit, 3U);
	flow = ovs_ft_lookup(t->tbl, &key, 0x1234, &n_mask_hit, &n_cache_hit);
	KUNIT_EXPECT_PTR_EQ(test, flow, last);
	KUNIT_EXPECT_EQ(test, n_cache_hit, 1U);
	KUNIT_EXPECT_EQ(test, n_mask_hit, 1U);

	/* Without a hash there is no cache. */
	flow = ovs_ft_lookup(t->tbl, &key, 0, &n_mask_hit, &n_cache_hit);
	KUNIT_EXPECT_PTR_EQ(test, flow, last);
	KUNIT_EXPECT_EQ(test, n_cache_hit, 0U);

	/* Another packet with the same hash: the cached flow does not match. */
	ovs_ft_key(&key, 1, 0, 0x80000000, 0);
	flow = ovs_ft_lookup(t->tbl, &key, 0x1234, &n_mask_hit, &n_cache_hit);
	KUNIT_EXPECT_NOT_NULL(test, flow);
	KUNIT_EXPECT_PTR_NE(test, flow, last);
	KUNIT_EXPECT_EQ(test, n_cache_hit, 0U);
	KUNIT_EXPECT_PTR_EQ(test, flow, ovs_ft_find(t->tbl, &key));
	KUNIT_EXPECT_EQ(test, flow ? flow->mask->range.end : 0,
			last->mask->range.end);
	KUNIT_EXPECT_EQ(test, flow ? ntohl(flow->mask->key.ipv4.dst) : 0,
			0x80000000U);

	/* A miss counts every tuple and caches nothing. */
	ovs_ft_key(&key, 2, 0, 0, 0);
	flow = ovs_ft_lookup(t->tbl, &key, 0x4321, &n_mask_hit, &n_cache_hit);
	KUNIT_EXPECT_NULL(test, flow);
	KUNIT_EXPECT_EQ(test, n_mask_hit, 3U);
	flow = ovs_ft_lookup(t->tbl, &key, 0x4321, &n_mask_hit, &n_cache_hit);
	KUNIT_EXPECT_EQ(test, n_cache_hit, 0U);
	KUNIT_EXPECT_EQ(test, n_mask_hit, 3U);
}

/*
 * The lookups before and after a recirculation (recirc_id 0, then another)
 * differ only in recirc_id.  Each must keep its own cache entry under the
 * packet path's own hash: once warm, both are answered by the cache.
 */
static void ovs_ft_test_cache_recirc(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	u32 n_mask_hit, n_cache_hit, round, r;
	static const u32 recirc_ids[] = { 0, 7 };
	struct ovs_flow *flows[2];
	struct ovs_key key;

	/* A mask of their own each, so that a miss walks more than one. */
	for (r = 0; r < ARRAY_SIZE(recirc_ids); r++) {
		ovs_ft_mask(&t->mask, 0, r ? 0xffffff00 : 0xffff0000, false);
		t->mask.recirc_id = U32_MAX;
		ovs_ft_key(&key, 1, 0, 0x0a000001, 0);
		key.recirc_id = recirc_ids[r];
		flows[r] = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
		KUNIT_ASSERT_NOT_NULL(test, flows[r]);
	}

	for (round = 0; round < 3; round++) {
		for (r = 0; r < ARRAY_SIZE(recirc_ids); r++) {
			ovs_ft_key(&key, 1, 0, 0x0a000001, 0);
			key.recirc_id = recirc_ids[r];
			KUNIT_EXPECT_PTR_EQ(test,
					    ovs_ft_lookup(t->tbl, &key,
							  ovs_flow_key_cache_hash(&key),
							  &n_mask_hit,
							  &n_cache_hit),
					    flows[r]);
			KUNIT_EXPECT_EQ_MSG(test, n_cache_hit, round ? 1U : 0U,
					    "round %u, recirc_id %u", round,
					    recirc_ids[r]);
		}
	}
}

static void ovs_ft_test_cache_resize(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	u32 n_mask_hit, n_cache_hit;
	struct ovs_flow *a;
	struct ovs_key key;

	ovs_ft_mask(&t->mask, 0, 0xffffffff, false);
	ovs_ft_key(&key, 1, 0, 9, 0);
	a = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_masks_cache_size(t->tbl),
			(u32)OVS_DP_MASKS_CACHE_DEFAULT);

	ovs_lock();
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_masks_cache_resize(t->tbl, 3),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			ovs_flow_tbl_masks_cache_resize(t->tbl,
							OVS_DP_MASKS_CACHE_MAX * 2),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_masks_cache_resize(t->tbl, 0), 0);
	ovs_unlock();
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_masks_cache_size(t->tbl), 0U);
	ovs_ft_lookup(t->tbl, &key, 77, &n_mask_hit, &n_cache_hit);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_lookup(t->tbl, &key, 77, &n_mask_hit,
						&n_cache_hit), a);
	KUNIT_EXPECT_EQ(test, n_cache_hit, 0U);

	/* One entry, then the largest cache: both work. */
	ovs_lock();
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_masks_cache_resize(t->tbl, 1), 0);
	ovs_unlock();
	ovs_ft_lookup(t->tbl, &key, 77, &n_mask_hit, &n_cache_hit);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_lookup(t->tbl, &key, 77, &n_mask_hit,
						&n_cache_hit), a);
	KUNIT_EXPECT_EQ(test, n_cache_hit, 1U);
	ovs_lock();
	KUNIT_EXPECT_EQ(test,
			ovs_flow_tbl_masks_cache_resize(t->tbl,
							OVS_DP_MASKS_CACHE_MAX),
			0);
	ovs_unlock();
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_masks_cache_size(t->tbl),
			(u32)OVS_DP_MASKS_CACHE_MAX);
	/* A new cache starts empty. */
	ovs_ft_lookup(t->tbl, &key, 77, &n_mask_hit, &n_cache_hit);
	KUNIT_EXPECT_EQ(test, n_cache_hit, 0U);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_lookup(t->tbl, &key, 77, &n_mask_hit,
						&n_cache_hit), a);
	KUNIT_EXPECT_EQ(test, n_cache_hit, 1U);
}

/* A cached flow that was removed (and freed) is never returned. */
static void ovs_ft_test_stale_cache(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	u32 n_mask_hit, n_cache_hit;
	struct ovs_flow *a, *b, *c;
	struct ovs_key key, pkt;

	ovs_ft_mask(&t->mask, 0, 0xffffff00, false);
	ovs_ft_key(&key, 1, 0, 0x0a000100, 0);
	a = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, a);
	ovs_ft_key(&pkt, 1, 0, 0x0a000107, 0);
	ovs_ft_lookup(t->tbl, &pkt, 99, &n_mask_hit, &n_cache_hit);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_lookup(t->tbl, &pkt, 99, &n_mask_hit,
						&n_cache_hit), a);
	KUNIT_EXPECT_EQ(test, n_cache_hit, 1U);

	/* Gone, and its memory really freed: KASAN would catch a read. */
	ovs_ft_del(t->tbl, a);
	rcu_barrier();
	KUNIT_EXPECT_NULL(test, ovs_ft_lookup(t->tbl, &pkt, 99, &n_mask_hit,
					      &n_cache_hit));

	/* A new flow for the same packet, same mask: the new one. */
	b = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_lookup(t->tbl, &pkt, 99, &n_mask_hit,
						&n_cache_hit), b);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_lookup(t->tbl, &pkt, 99, &n_mask_hit,
						&n_cache_hit), b);
	KUNIT_EXPECT_EQ(test, n_cache_hit, 1U);

	/* Replaced by a flow of another mask that the cached slot holds now. */
	ovs_ft_del(t->tbl, b);
	rcu_barrier();
	ovs_ft_mask(&t->mask, 0, 0xffff0000, false);
	c = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 1U);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_lookup(t->tbl, &pkt, 99, &n_mask_hit,
						&n_cache_hit), c);
	KUNIT_EXPECT_EQ(test, n_cache_hit, 1U);

	/* Flushed: nothing, for any hash. */
	ovs_lock();
	ovs_flow_tbl_flush(t->tbl);
	ovs_unlock();
	rcu_barrier();
	KUNIT_EXPECT_NULL(test, ovs_ft_lookup(t->tbl, &pkt, 99, &n_mask_hit,
					      &n_cache_hit));
	KUNIT_EXPECT_EQ(test, n_mask_hit, 0U);
}

#define OVS_FT_MANY	3000

/* Past the initial buckets: every flow found, then a flush empties it. */
static void ovs_ft_test_growth_flush(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	u32 buckets = ovs_flow_tbl_n_buckets(t->tbl);
	struct ovs_flow **flows;
	struct ovs_key key;
	u32 i, found = 0;

	flows = kunit_kcalloc(test, OVS_FT_MANY, sizeof(*flows), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, flows);
	for (i = 0; i < OVS_FT_MANY; i++) {
		/* Three masks, so growth rehashes flows of each. */
		ovs_ft_mask(&t->mask, 0, 0xffffffff, i % 3 == 1);
		if (i % 3 == 2)
			t->mask.ipv4.src = htonl(0xffffffff);
		ovs_ft_key(&key, 1, i, i, i);
		flows[i] = ovs_ft_add(test, t->tbl, &key, &t->mask, i + 1, 0);
		KUNIT_ASSERT_NOT_NULL(test, flows[i]);
	}
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), (u32)OVS_FT_MANY);
	KUNIT_EXPECT_GE(test, ovs_flow_tbl_n_buckets(t->tbl), (u32)OVS_FT_MANY);
	KUNIT_EXPECT_GT(test, ovs_flow_tbl_n_buckets(t->tbl), buckets);
	for (i = 0; i < OVS_FT_MANY; i++) {
		struct ovs_flow_id id = { .len = 4, .ufid = { i + 1 } };

		ovs_ft_key(&key, 1, i, i, i);
		ovs_lock();
		if (ovs_flow_tbl_lookup(t->tbl, &key) == flows[i] &&
		    ovs_flow_tbl_lookup_ufid(t->tbl, &id) == flows[i])
			found++;
		ovs_unlock();
	}
	KUNIT_EXPECT_EQ(test, found, (u32)OVS_FT_MANY);

	ovs_lock();
	ovs_flow_tbl_flush(t->tbl);
	ovs_unlock();
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), 0U);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 0U);
	ovs_ft_key(&key, 1, 5, 5, 5);
	KUNIT_EXPECT_NULL(test, ovs_ft_find(t->tbl, &key));
	/* Usable again after the flush. */
	ovs_ft_mask(&t->mask, 0, 0xffffffff, false);
	KUNIT_EXPECT_NOT_NULL(test, ovs_ft_add(test, t->tbl, &key, &t->mask,
					       1, 0));
	KUNIT_EXPECT_PTR_NE(test, ovs_ft_find(t->tbl, &key), NULL);
}

/* A dump of an unchanged table visits every flow exactly once. */
static void ovs_ft_test_dump(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	u32 bucket = 0, idx = 0, seen = 0, dup = 0, i, n = 1500;
	unsigned long *visited;
	struct ovs_flow *flow;
	struct ovs_key key;

	visited = kunit_kcalloc(test, BITS_TO_LONGS(n), sizeof(long),
				GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, visited);
	for (i = 0; i < n; i++) {
		ovs_ft_mask(&t->mask, 0xffffffff, 0xffffffff << (i % 5), false);
		ovs_ft_key(&key, 1, i, 0, 0);
		KUNIT_ASSERT_NOT_NULL(test, ovs_ft_add(test, t->tbl, &key,
						       &t->mask, 0, 0));
	}
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 5U);

	/* One flow per call, as a netlink dump resuming each time. */
	for (;;) {
		rcu_read_lock();
		flow = ovs_flow_tbl_dump_next(t->tbl, &bucket, &idx);
		if (flow) {
			i = ntohl(flow->key.ipv4.src);
			if (i >= n || __test_and_set_bit(i, visited))
				dup++;
			seen++;
		}
		rcu_read_unlock();
		if (!flow || seen > n)
			break;
	}
	KUNIT_EXPECT_EQ(test, seen, n);
	KUNIT_EXPECT_EQ(test, dup, 0U);
	KUNIT_EXPECT_EQ(test, (u32)bitmap_weight(visited, n), n);
	/* The end stays the end. */
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_dump_next(t->tbl, &bucket, &idx));
	rcu_read_unlock();
}

static void ovs_ft_test_limits(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	struct ovs_key_range bad;
	struct ovs_flow *flow;
	struct ovs_key key;
	u32 i;

	WRITE_ONCE(ovs_flow_max_flows, 3);
	ovs_ft_mask(&t->mask, 0, 0xffffffff, false);
	for (i = 0; i < 3; i++) {
		ovs_ft_key(&key, 1, 0, i, 0);
		KUNIT_EXPECT_NOT_NULL(test, ovs_ft_add(test, t->tbl, &key,
						       &t->mask, 0, 0));
	}
	ovs_ft_key(&key, 1, 0, 3, 0);
	KUNIT_EXPECT_NULL(test, ovs_ft_add(test, t->tbl, &key, &t->mask, 0,
					   -E2BIG));
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), 3U);

	/* Lowering the limit below the count removes nothing. */
	WRITE_ONCE(ovs_flow_max_flows, 2);
	KUNIT_EXPECT_NULL(test, ovs_ft_add(test, t->tbl, &key, &t->mask, 0,
					   -E2BIG));
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), 3U);
	ovs_ft_key(&key, 1, 0, 0, 0);
	KUNIT_EXPECT_PTR_NE(test, ovs_ft_find(t->tbl, &key), NULL);
	/* 0: no limit. */
	WRITE_ONCE(ovs_flow_max_flows, 0);
	ovs_ft_key(&key, 1, 0, 3, 0);
	KUNIT_EXPECT_NOT_NULL(test, ovs_ft_add(test, t->tbl, &key, &t->mask, 0,
					       0));

	/* Ranges past the key or not aligned are refused. */
	flow = ovs_flow_alloc();
	KUNIT_ASSERT_NOT_NULL(test, flow);
	ovs_lock();
	bad.start = 0;
	bad.end = sizeof(struct ovs_key) + sizeof(long);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_insert(t->tbl, flow, &t->mask, &bad),
			-EINVAL);
	bad.start = 3;
	bad.end = 16;
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_insert(t->tbl, flow, &t->mask, &bad),
			-EINVAL);
	bad.start = 16;
	bad.end = 8;
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_insert(t->tbl, flow, &t->mask, &bad),
			-EINVAL);
	ovs_unlock();
	ovs_flow_free(flow, false);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), 4U);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 1U);
}

/*
 * No limit unless the administrator sets one, as in-tree: a table that
 * already holds 2^20 flows (as its count says) takes another.
 */
static void ovs_ft_test_no_default_limit(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	struct ovs_flow *flow;
	struct ovs_key key;

	ovs_ft_mask(&t->mask, 0, 0xffffffff, false);
	ovs_ft_key(&key, 1, 0, 1, 0);
	ovs_lock();
	t->tbl->count += BIT(20);
	ovs_unlock();
	flow = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	ovs_lock();
	t->tbl->count -= BIT(20);
	ovs_unlock();
	KUNIT_EXPECT_NOT_NULL(test, flow);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_find(t->tbl, &key), flow);
}

/* Thousands of masks: inserts, lookups and removals stay correct. */
static void ovs_ft_test_many_masks(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	u32 i, n = 2000, found = 0, n_mask_hit, n_cache_hit;
	struct ovs_flow **flows;
	struct ovs_key key;

	flows = kunit_kcalloc(test, n, sizeof(*flows), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, flows);
	for (i = 0; i < n; i++) {
		/* Distinct masks; in_port keeps the flows apart. */
		ovs_ft_mask(&t->mask, i + 1, 0, false);
		ovs_ft_key(&key, i + 1, i + 1, 0, 0);
		flows[i] = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
		KUNIT_ASSERT_NOT_NULL(test, flows[i]);
	}
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), n);
	for (i = 0; i < n; i++) {
		ovs_ft_key(&key, i + 1, i + 1, 0, 0);
		if (ovs_ft_lookup(t->tbl, &key, i + 1, &n_mask_hit,
				  &n_cache_hit) == flows[i] &&
		    n_mask_hit <= n)
			found++;
	}
	KUNIT_EXPECT_EQ(test, found, n);
	/* Remove from the middle outwards: slots move, lookups still work. */
	for (i = 0; i < n; i += 2)
		ovs_ft_del(t->tbl, flows[i]);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), n / 2);
	found = 0;
	for (i = 1; i < n; i += 2) {
		ovs_ft_key(&key, i + 1, i + 1, 0, 0);
		if (ovs_ft_lookup(t->tbl, &key, i + 1, &n_mask_hit,
				  &n_cache_hit) == flows[i])
			found++;
	}
	KUNIT_EXPECT_EQ(test, found, n / 2);
	for (i = 1; i < n; i += 2)
		ovs_ft_del(t->tbl, flows[i]);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 0U);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), 0U);
}

/*
 * The benchmark's shape: 1000 flows over 100 masks, packets of 128 skb
 * hashes that the cache can hold.  Once warm every lookup is answered by
 * the cache with one masked compare.
 */
static void ovs_ft_test_warm_cache(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	u32 i, pass, n_mask_hit, n_cache_hit, hits, masks_tried, right;
	struct ovs_flow *flow;
	struct ovs_key key;

	for (i = 0; i < 1000; i++) {
		/*
		 * Mask m = i % 100: source /(32 - m / 25), destination
		 * /(8 + m % 25); in_port m keeps each mask's flows apart.
		 */
		ovs_ft_mask(&t->mask, ~0U << (i % 100 / 25),
			    ~0U << (24 - i % 100 % 25), false);
		ovs_ft_key(&key, i % 100, i, 0x0a000000, 0);
		KUNIT_ASSERT_NOT_NULL(test, ovs_ft_add(test, t->tbl, &key,
						       &t->mask, 0, 0));
	}
	KUNIT_ASSERT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 100U);

	for (pass = 0; pass < 2; pass++) {
		hits = 0;
		masks_tried = 0;
		right = 0;
		for (i = 0; i < 128; i++) {
			u32 f = i * 7 % 1000;

			ovs_ft_key(&key, f % 100, f, 0x0a000000, 1000 + i);
			flow = ovs_ft_lookup(t->tbl, &key, i + 1, &n_mask_hit,
					     &n_cache_hit);
			/* Flow f: its key holds f's masked source. */
			if (flow && flow->key.in_port == f % 100 &&
			    ntohl(flow->key.ipv4.src) ==
			    (f & ~0U << (f % 100 / 25)))
				right++;
			hits += n_cache_hit;
			masks_tried += n_mask_hit;
		}
		kunit_info(test, "pass %u: %u/128 cache hits, %u masks tried\n",
			   pass, hits, masks_tried);
		KUNIT_EXPECT_EQ(test, right, 128U);
	}
	KUNIT_EXPECT_EQ(test, hits, 128U);
	KUNIT_EXPECT_EQ(test, masks_tried, 128U);
}

/* The most used mask moves first. */
static void ovs_ft_test_rebalance(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	u32 i, n_mask_hit, n_cache_hit;
	struct ovs_flow *flows[8];
	struct ovs_key key;

	for (i = 0; i < 8; i++) {
		ovs_ft_mask(&t->mask, 0, 0xffffffff, false);
		t->mask.in_port = BIT(i);
		ovs_ft_key(&key, BIT(i), 0, 1, 0);
		flows[i] = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
		KUNIT_ASSERT_NOT_NULL(test, flows[i]);
	}
	ovs_ft_key(&key, BIT(7), 0, 1, 0);
	ovs_ft_lookup(t->tbl, &key, 0, &n_mask_hit, &n_cache_hit);
	KUNIT_EXPECT_EQ(test, n_mask_hit, 8U);
	for (i = 0; i < 10; i++)
		ovs_ft_lookup(t->tbl, &key, 5, &n_mask_hit, &n_cache_hit);
	ovs_ft_key(&key, BIT(3), 0, 1, 0);
	for (i = 0; i < 5; i++)
		ovs_ft_lookup(t->tbl, &key, 0, &n_mask_hit, &n_cache_hit);

	ovs_lock();
	ovs_flow_tbl_masks_rebalance(t->tbl);
	ovs_unlock();
	KUNIT_EXPECT_EQ(test, flows[7]->tuple->index, 0U);
	KUNIT_EXPECT_EQ(test, flows[3]->tuple->index, 1U);
	ovs_ft_key(&key, BIT(7), 0, 1, 0);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_lookup(t->tbl, &key, 0, &n_mask_hit,
						&n_cache_hit), flows[7]);
	KUNIT_EXPECT_EQ(test, n_mask_hit, 1U);
	/* Every flow is still found after the reorder. */
	for (i = 0; i < 8; i++) {
		ovs_ft_key(&key, BIT(i), 0, 1, 0);
		KUNIT_EXPECT_PTR_EQ(test, ovs_ft_find(t->tbl, &key), flows[i]);
	}
}

static void ovs_ft_test_stats(struct kunit *test)
{
	struct ovs_flow_stats_sum st;
	struct ovs_flow *flow;

	flow = ovs_flow_alloc();
	KUNIT_ASSERT_NOT_NULL(test, flow);
	ovs_flow_stats_get(flow, &st);
	KUNIT_EXPECT_EQ(test, st.packets, 0ULL);
	KUNIT_EXPECT_EQ(test, st.used, 0UL);

	local_bh_disable();
	rcu_read_lock();
	ovs_flow_stats_update(flow, htons(0x02), 60);
	ovs_flow_stats_update(flow, htons(0x10), 1500);
	ovs_flow_stats_update(flow, 0, 40);
	rcu_read_unlock();
	local_bh_enable();

	ovs_flow_stats_get(flow, &st);
	KUNIT_EXPECT_EQ(test, st.packets, 3ULL);
	KUNIT_EXPECT_EQ(test, st.bytes, 1600ULL);
	KUNIT_EXPECT_EQ(test, st.tcp_flags, htons(0x12));
	KUNIT_EXPECT_NE(test, st.used, 0UL);
	KUNIT_EXPECT_FALSE(test, time_after(st.used, jiffies));

	/* Another CPU's packets: a set of its own, summed with the rest. */
	flow->stats_shared.cpu = flow->stats_shared.cpu ? 0 : 1;
	local_bh_disable();
	rcu_read_lock();
	ovs_flow_stats_update(flow, htons(0x01), 100);
	rcu_read_unlock();
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, flow->stats_shared.packets, 3ULL);
	ovs_flow_stats_get(flow, &st);
	KUNIT_EXPECT_EQ(test, st.packets, 4ULL);
	KUNIT_EXPECT_EQ(test, st.bytes, 1700ULL);
	KUNIT_EXPECT_EQ(test, st.tcp_flags, htons(0x13));

	ovs_flow_stats_clear(flow);
	ovs_flow_stats_get(flow, &st);
	KUNIT_EXPECT_EQ(test, st.packets, 0ULL);
	KUNIT_EXPECT_EQ(test, st.bytes, 0ULL);
	KUNIT_EXPECT_EQ(test, st.tcp_flags, 0);
	KUNIT_EXPECT_EQ(test, st.used, 0UL);
	ovs_flow_free(flow, false);
}

/* ovs_flow_mask_key(): dst = src & mask inside the range, zero outside. */
static void ovs_ft_test_mask_key(struct kunit *test)
{
	struct ovs_flow_mask *mask;
	struct ovs_key src, dst;

	mask = kunit_kzalloc(test, sizeof(*mask), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mask);
	ovs_ft_mask(&mask->key, 0, 0xffff0000, false);
	mask->range = ovs_ft_range(&mask->key);
	ovs_ft_key(&src, 5, 0x01020304, 0x0a0b0c0d, 80);
	src.priority = 9;
	memset(&dst, 0xaa, sizeof(dst));
	ovs_flow_mask_key(&dst, &src, mask);
	KUNIT_EXPECT_EQ(test, dst.in_port, 5U);
	KUNIT_EXPECT_EQ(test, dst.priority, 0U);
	KUNIT_EXPECT_EQ(test, dst.eth.type, htons(ETH_P_IP));
	KUNIT_EXPECT_EQ(test, dst.ipv4.dst, htonl(0x0a0b0000));
	KUNIT_EXPECT_EQ(test, dst.ipv4.src, 0U);
	KUNIT_EXPECT_EQ(test, dst.tp.dst, 0);
}

/* The rounding of a mask into its tuple mask, field by field. */
static void ovs_ft_test_tuple_mask(struct kunit *test)
{
	struct ovs_key_range range;
	struct ovs_flow_mask *mask;
	struct ovs_key key, tm;

	mask = kunit_kzalloc(test, sizeof(*mask), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mask);

	/* IPv4: /20 -> /16, /7 -> /0, ports and flags dropped. */
	ovs_ft_mask(&mask->key, 0xfffff000, 0xfe000000, true);
	mask->key.tp.src = htons(0xff00);
	mask->key.tp.flags = htons(0x0fff);
	mask->key.ip.proto = 0xff;
	mask->range = ovs_ft_range(&mask->key);
	ovs_ft_key(&key, 1, 0x0a000000, 0, 80);
	ovs_tuple_mask(&tm, &range, mask, &key);
	KUNIT_EXPECT_EQ(test, tm.ipv4.src, htonl(0xffff0000));
	KUNIT_EXPECT_EQ(test, tm.ipv4.dst, 0U);
	KUNIT_EXPECT_EQ(test, tm.tp.src, 0);
	KUNIT_EXPECT_EQ(test, tm.tp.dst, 0);
	KUNIT_EXPECT_EQ(test, tm.tp.flags, 0);
	KUNIT_EXPECT_EQ(test, tm.ip.proto, 0xff);
	KUNIT_EXPECT_EQ(test, tm.in_port, 0xffffffffU);
	KUNIT_EXPECT_EQ(test, tm.eth.type, htons(0xffff));
	KUNIT_EXPECT_LE(test, mask->range.start, range.start);
	KUNIT_EXPECT_GE(test, mask->range.end, range.end);

	/* Not a prefix: the largest prefix inside, rounded (/12 -> /8). */
	ovs_ft_mask(&mask->key, 0xfff0ff00, 0xffffffff, false);
	mask->range = ovs_ft_range(&mask->key);
	ovs_tuple_mask(&tm, &range, mask, &key);
	KUNIT_EXPECT_EQ(test, tm.ipv4.src, htonl(0xff000000));
	KUNIT_EXPECT_EQ(test, tm.ipv4.dst, htonl(0xffffffff));

	/* IPv6: /50 -> /48, /128 stays, /15 -> /0. */
	memset(&mask->key, 0, sizeof(mask->key));
	mask->key.in_port = 0xffffffff;
	mask->key.eth.type = htons(0xffff);
	mask->key.ipv6.src.s6_addr32[0] = htonl(0xffffffff);
	mask->key.ipv6.src.s6_addr32[1] = htonl(0xffffc000);
	memset(&mask->key.ipv6.dst, 0xff, sizeof(mask->key.ipv6.dst));
	mask->key.ipv6.label = htonl(0xfffff);
	mask->range = ovs_ft_range(&mask->key);
	memset(&key, 0, sizeof(key));
	key.eth.type = htons(ETH_P_IPV6);
	ovs_tuple_mask(&tm, &range, mask, &key);
	KUNIT_EXPECT_EQ(test, tm.ipv6.src.s6_addr32[0], htonl(0xffffffff));
	KUNIT_EXPECT_EQ(test, tm.ipv6.src.s6_addr32[1], htonl(0xffff0000));
	KUNIT_EXPECT_EQ(test, tm.ipv6.src.s6_addr32[2], 0U);
	KUNIT_EXPECT_EQ(test, tm.ipv6.dst.s6_addr32[3], htonl(0xffffffff));
	KUNIT_EXPECT_EQ(test, tm.ipv6.label, htonl(0xfffff));
	mask->key.ipv6.src.s6_addr32[0] = htonl(0xfffe0000);
	mask->key.ipv6.src.s6_addr32[1] = 0;
	ovs_tuple_mask(&tm, &range, mask, &key);
	KUNIT_EXPECT_EQ(test, tm.ipv6.src.s6_addr32[0], 0U);

	/* ARP's addresses share the union: kept as they are. */
	key.eth.type = htons(ETH_P_ARP);
	ovs_tuple_mask(&tm, &range, mask, &key);
	KUNIT_EXPECT_EQ(test, tm.ipv6.src.s6_addr32[0], htonl(0xfffe0000));

	/* Nothing left: an empty range. */
	memset(&mask->key, 0, sizeof(mask->key));
	mask->key.tp.dst = htons(0xffff);
	mask->range = ovs_ft_range(&mask->key);
	ovs_tuple_mask(&tm, &range, mask, &key);
	KUNIT_EXPECT_EQ(test, range.start, range.end);
}

/*
 * Nine flows that differ only in the destination port under one mask (/20
 * destination, port exact): one tuple (/16, no port) and one bucket.  The
 * ninth would exceed OVS_TUPLE_LIMIT there and is hashed under its own
 * mask; all nine are found, and the tuples go with their last flow.
 */
static void ovs_ft_test_tuple_spill(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	struct ovs_flow *flows[OVS_TUPLE_LIMIT + 1], *flow;
	const u32 last = OVS_TUPLE_LIMIT;
	u32 i, n_mask_hit, n_cache_hit;
	struct ovs_key key;

	ovs_ft_mask(&t->mask, 0, 0xfffff000, true);
	for (i = 0; i <= last; i++) {
		ovs_ft_key(&key, 1, 0, 0x0a010000, 100 + i);
		flows[i] = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
		KUNIT_ASSERT_NOT_NULL(test, flows[i]);
	}
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 1U);
	KUNIT_EXPECT_EQ(test, rcu_access_pointer(t->tbl->tuples.ma)->count, 2U);
	KUNIT_EXPECT_PTR_EQ(test, flows[0]->tuple, flows[last - 1]->tuple);
	KUNIT_EXPECT_PTR_NE(test, flows[0]->tuple, flows[last]->tuple);
	KUNIT_EXPECT_EQ(test, flows[0]->tuple->key.ipv4.dst, htonl(0xffff0000));
	KUNIT_EXPECT_EQ(test, flows[last]->tuple->key.ipv4.dst,
			htonl(0xfffff000));
	for (i = 0; i <= last; i++) {
		ovs_ft_key(&key, 1, 0, 0x0a010abc, 100 + i);
		flow = ovs_ft_lookup(t->tbl, &key, 0, &n_mask_hit,
				     &n_cache_hit);
		KUNIT_EXPECT_PTR_EQ(test, flow, flows[i]);
		KUNIT_EXPECT_LE(test, n_mask_hit, 2U);
		/* Named by the unmasked key it was added with (no UFID). */
		ovs_ft_key(&key, 1, 0, 0x0a010000, 100 + i);
		ovs_lock();
		flow = ovs_flow_tbl_lookup_exact(t->tbl, &key, &t->mask,
						 &flows[i]->mask->range);
		ovs_unlock();
		KUNIT_EXPECT_PTR_EQ(test, flow, flows[i]);
	}
	/* Another address under the /16 tuple: a bucket of its own. */
	ovs_ft_key(&key, 1, 0, 0x0a020000, 100);
	flow = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	KUNIT_EXPECT_PTR_EQ(test, flow->tuple, flows[0]->tuple);

	ovs_ft_del(t->tbl, flows[last]);
	KUNIT_EXPECT_EQ(test, rcu_access_pointer(t->tbl->tuples.ma)->count, 1U);
	ovs_ft_key(&key, 1, 0, 0x0a010abc, 100 + last);
	KUNIT_EXPECT_NULL(test, ovs_ft_lookup(t->tbl, &key, 0, &n_mask_hit,
					      &n_cache_hit));
	/* Still full; one fewer there, a new flow goes to the merged tuple. */
	ovs_ft_key(&key, 1, 0, 0x0a010000, 98);
	flow = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	KUNIT_EXPECT_PTR_NE(test, flow->tuple, flows[0]->tuple);
	ovs_ft_del(t->tbl, flow);
	ovs_ft_del(t->tbl, flows[1]);
	ovs_ft_key(&key, 1, 0, 0x0a010000, 99);
	flow = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	KUNIT_EXPECT_PTR_EQ(test, flow->tuple, flows[0]->tuple);
}

/*
 * The nth 16-bit value with 8 bits set: none is a subset of another, so
 * as TOS and TTL masks (fields a tuple keeps exactly) they make masks that
 * neither merge nor fit under each other's tuples.
 */
static u16 ovs_ft_antichain_next(u32 *v)
{
	while (hweight16(++*v) != 8)
		;
	return *v;
}

/* An IPv4 key to dst, and a mask of dst/32 with TOS and TTL bits v. */
static void ovs_ft_cap_flow(struct ovs_key *key, struct ovs_key *mask,
			    u32 dst, u32 src_bits, u16 v)
{
	ovs_ft_key(key, 1, 0x0b000000, dst, 80);
	key->ip.ttl = 64;
	ovs_ft_mask(mask, src_bits, 0xffffffff, false);
	mask->ip.tos = v >> 8;
	mask->ip.ttl = v & 0xff;
}

static u32 ovs_ft_tuples(struct ovs_flow_table *tbl)
{
	return rcu_access_pointer(tbl->tuples.ma)->count;
}

/*
 * The module parameter max_tuples: out-of-range values are refused and
 * leave it as it was; a value in range is the cap the next put sees.
 */
static void ovs_ft_test_max_tuples_param(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	unsigned int v = 7;
	const struct kernel_param kp = { .arg = &v };
	const struct kernel_param real = { .arg = &ovs_flow_max_tuples };
	u32 i, bits = 0;
	struct ovs_key key;

	KUNIT_EXPECT_EQ(test, ovs_max_tuples_ops.set("0", &kp), -EINVAL);
	KUNIT_EXPECT_EQ(test, ovs_max_tuples_ops.set("4097", &kp), -EINVAL);
	KUNIT_EXPECT_EQ(test, ovs_max_tuples_ops.set("many", &kp), -EINVAL);
	KUNIT_EXPECT_EQ(test, v, 7U);
	KUNIT_EXPECT_EQ(test, ovs_max_tuples_ops.set("4096", &kp), 0);
	KUNIT_EXPECT_EQ(test, v, 4096U);

	/* The real parameter, at 3: the fourth mask that cannot merge fails. */
	KUNIT_ASSERT_EQ(test, ovs_max_tuples_ops.set("3", &real), 0);
	for (i = 0; i < 4; i++) {
		ovs_ft_cap_flow(&key, &t->mask, 0x0a000000 + i, 0,
				ovs_ft_antichain_next(&bits));
		if (!ovs_ft_add(test, t->tbl, &key, &t->mask, 0,
				i < 3 ? 0 : -ENOSPC))
			break;
	}
	KUNIT_EXPECT_EQ(test, i, 3U);
	KUNIT_EXPECT_EQ(test, ovs_ft_tuples(t->tbl), 3U);
}

/*
 * Tuple space explosion (CVE-2019-25076): masks that cannot merge fill
 * the table up to OVS_TUPLE_MAX tuples and the next one is refused; a mask
 * that is a superset of the tuples still goes in, under one of them, at
 * most OVS_TUPLE_LIMIT flows with one key a tuple; every flow is found by
 * its packet and by its key and mask; deletes free tuples for new puts.
 */
static void ovs_ft_test_tuple_cap(struct kunit *test)
{
	struct ovs_ft_test *t = test->priv;
	const u32 max = OVS_TUPLE_MAX, per = OVS_TUPLE_LIMIT;
	u32 i, v = 0, n_mask_hit, n_cache_hit, n_super = 0, *vs;
	struct ovs_flow **flows, **super, *flow;
	struct ovs_key key;

	kunit_info(test, "a tuple: struct ovs_flow_mask %zu bytes, a slot %zu and a per-CPU u64; a flow %zu bytes\n",
		   sizeof(struct ovs_flow_mask), sizeof(void *),
		   sizeof(struct ovs_flow));
	flows = kunit_kcalloc(test, max + 1, sizeof(*flows), GFP_KERNEL);
	super = kunit_kcalloc(test, max * per + 1, sizeof(*super), GFP_KERNEL);
	vs = kunit_kcalloc(test, max, sizeof(*vs), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, flows && super && vs);

	for (i = 0; i < max; i++) {
		vs[i] = ovs_ft_antichain_next(&v);
		ovs_ft_cap_flow(&key, &t->mask, 0x0a000000 + i, 0, vs[i]);
		flows[i] = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
		KUNIT_ASSERT_NOT_NULL(test, flows[i]);
	}
	KUNIT_EXPECT_EQ(test, ovs_ft_tuples(t->tbl), max);

	/* One more mask that fits under none of them: refused. */
	ovs_ft_cap_flow(&key, &t->mask, 0x0a000000 + max, 0,
			ovs_ft_antichain_next(&v));
	KUNIT_EXPECT_NULL(test, ovs_ft_add(test, t->tbl, &key, &t->mask, 0,
					   -ENOSPC));
	KUNIT_EXPECT_EQ(test, ovs_ft_tuples(t->tbl), max);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), max);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), max);

	/* A delete frees its tuple: the same put goes in, with its own. */
	ovs_ft_del(t->tbl, flows[5]);
	KUNIT_EXPECT_EQ(test, ovs_ft_tuples(t->tbl), max - 1);
	flows[5] = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, flows[5]);
	vs[5] = v;
	KUNIT_EXPECT_EQ(test, ovs_ft_tuples(t->tbl), max);

	/*
	 * Masks that are supersets of every tuple (TOS, TTL and the source
	 * exact), one destination: each tuple takes the limit of them, then
	 * the next is refused.
	 */
	for (i = 0; i <= max * per; i++) {
		ovs_ft_cap_flow(&key, &t->mask, 0x0c000000, 0xffffffff,
				0xffff);
		key.ipv4.src = htonl(0x0b000000 + i);
		super[i] = ovs_ft_add(test, t->tbl, &key, &t->mask, 0,
				      i < max * per ? 0 : -ENOSPC);
		if (!super[i])
			break;
		n_super++;
	}
	KUNIT_EXPECT_EQ(test, n_super, max * per);
	KUNIT_EXPECT_EQ(test, ovs_ft_tuples(t->tbl), max);

	/* Each flow answers its own packets, probing at most the cap. */
	for (i = 0; i < max; i++) {
		/* Flow 5 is the one that went in after the delete. */
		ovs_ft_cap_flow(&key, &t->mask, 0x0a000000 + (i == 5 ? max : i),
				0, vs[i]);
		flow = ovs_ft_lookup(t->tbl, &key, 0, &n_mask_hit,
				     &n_cache_hit);
		KUNIT_EXPECT_PTR_EQ(test, flow, flows[i]);
		KUNIT_EXPECT_LE(test, n_mask_hit, max);
	}
	for (i = 0; i < n_super; i++) {
		ovs_ft_cap_flow(&key, &t->mask, 0x0c000000, 0xffffffff,
				0xffff);
		key.ipv4.src = htonl(0x0b000000 + i);
		flow = ovs_ft_lookup(t->tbl, &key, 0, &n_mask_hit,
				     &n_cache_hit);
		KUNIT_EXPECT_PTR_EQ(test, flow, super[i]);
		KUNIT_EXPECT_LE(test, n_mask_hit, max);
		/* Named by key and mask, wherever the cap put it. */
		ovs_lock();
		flow = ovs_flow_tbl_lookup_exact(t->tbl, &key, &t->mask,
						 &super[i]->mask->range);
		ovs_unlock();
		KUNIT_EXPECT_PTR_EQ(test, flow, super[i]);
		/* Not under its own mask: that tuple was never made. */
		KUNIT_EXPECT_FALSE(test, super[i]->tuple->key.ip.tos == 0xff &&
				   super[i]->tuple->key.ip.ttl == 0xff);
	}
	/* Another source under no flow: a miss. */
	key.ipv4.src = htonl(0x0b000000 + max * per);
	KUNIT_EXPECT_NULL(test, ovs_ft_find(t->tbl, &key));

	/* Room again under a tuple once one of its flows goes. */
	ovs_ft_del(t->tbl, super[3]);
	ovs_ft_cap_flow(&key, &t->mask, 0x0c000000, 0xffffffff, 0xffff);
	key.ipv4.src = htonl(0x0b000000 + max * per);
	super[3] = ovs_ft_add(test, t->tbl, &key, &t->mask, 0, 0);
	KUNIT_EXPECT_NOT_NULL(test, super[3]);
	KUNIT_EXPECT_PTR_EQ(test, ovs_ft_find(t->tbl, &key), super[3]);
}

static struct kunit_case ovs_flow_table_cases[] = {
	KUNIT_CASE(ovs_ft_test_masks),
	KUNIT_CASE(ovs_ft_test_mask_sharing),
	KUNIT_CASE(ovs_ft_test_lookup_exact),
	KUNIT_CASE(ovs_ft_test_lookup_ufid),
	KUNIT_CASE(ovs_ft_test_cache_hit),
	KUNIT_CASE(ovs_ft_test_cache_recirc),
	KUNIT_CASE(ovs_ft_test_cache_resize),
	KUNIT_CASE(ovs_ft_test_stale_cache),
	KUNIT_CASE(ovs_ft_test_growth_flush),
	KUNIT_CASE(ovs_ft_test_dump),
	KUNIT_CASE(ovs_ft_test_limits),
	KUNIT_CASE(ovs_ft_test_no_default_limit),
	KUNIT_CASE(ovs_ft_test_many_masks),
	KUNIT_CASE(ovs_ft_test_warm_cache),
	KUNIT_CASE(ovs_ft_test_rebalance),
	KUNIT_CASE(ovs_ft_test_stats),
	KUNIT_CASE(ovs_ft_test_mask_key),
	KUNIT_CASE(ovs_ft_test_tuple_mask),
	KUNIT_CASE(ovs_ft_test_tuple_spill),
	KUNIT_CASE(ovs_ft_test_tuple_cap),
	KUNIT_CASE(ovs_ft_test_max_tuples_param),
	{}
};

static struct kunit_suite ovs_flow_table_suite = {
	.name = "ovs_flow_table",
	.init = ovs_ft_test_init,
	.exit = ovs_ft_test_exit,
	.test_cases = ovs_flow_table_cases,
};

kunit_test_suite(ovs_flow_table_suite);
