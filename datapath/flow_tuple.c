// SPDX-License-Identifier: GPL-2.0-only
/*
 * TupleMerge over megaflows.
 *
 * Megaflow masks stay exactly as userspace gave them: a flow matches a
 * packet when key & its mask equals its (masked) key, and megaflows have
 * no priority, so any installed flow that matches may be returned.  What
 * changes is how candidates are found.  The in-tree datapath probes one
 * hash table per mask; with thousands of masks (CVE-2019-25076) every
 * missed packet pays thousands of probes.
 *
 * Here each flow is hashed under a tuple: a mask that is a subset of its
 * own, shared with flows of other masks.  The tuple of mask M is R(M): M
 * with its IPv4 source and destination prefixes rounded down to a byte,
 * its IPv6 ones down to 16 bits, its L4 ports and TCP flags dropped, all
 * else kept exactly.  Masks that differ only in prefix lengths within a
 * byte, or in which ports they match, fall into one tuple.  An address
 * mask that is not a prefix gives the largest prefix it contains.
 *
 * A packet probes the tuples, most used first (flow_mask.c orders them),
 * hashing key & tuple mask, and confirms each candidate against the
 * candidate's own mask: the tuple only narrows.  Since a tuple mask is a
 * subset of each member's mask, a flow that matches a packet hashes with
 * the packet's key & tuple mask: it is always found in its bucket.
 *
 * Merging costs compares: the flows of one tuple with one key & tuple mask
 * share a bucket and are all compared.  At most OVS_TUPLE_LIMIT of them go
 * there; a flow that would exceed it is hashed under its own mask instead,
 * which only flows of that exact mask (and masks that round to it) share.
 * Picking a tuple is two lookups by value, whatever the number of masks.
 *
 * Tuples are capped (OVS_TUPLE_MAX, flow_tuple.h says why 256): masks that
 * differ in fields a tuple keeps exactly make one tuple each, and a flood
 * of them (CVE-2019-25076) would otherwise make every missed packet probe
 * thousands.  At the cap a flow that needs a new tuple goes under any
 * existing tuple that is a subset of its mask and holds fewer than
 * OVS_TUPLE_LIMIT flows with its key & tuple mask, which keeps lookups
 * exact (candidates are confirmed against their own mask) and buckets
 * short; if there is none its put is refused.  Then a packet probes at
 * most OVS_TUPLE_MAX tuples and compares, in each, its bucket's few flows.
 *
 * Tuples are refcounted by their flows, in their own set (array, hash) of
 * struct ovs_flow_mask, and freed after a grace period like masks.
 */

#include <linux/bitops.h>
#include <linux/if_ether.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/rculist.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "flow_table_int.h"
#include "flow_tuple.h"
#include "test_hooks.h"

#if IS_ENABLED(CONFIG_OVS_DP_KUNIT)
unsigned int ovs_test_tuple_limit;
#endif

/* Leading one bits of a mask of n big-endian words. */
static unsigned int ovs_prefix_len(const __be32 *mask, unsigned int n)
{
	unsigned int i, len = 0;
	u32 m;

	for (i = 0; i < n; i++) {
		m = be32_to_cpu(mask[i]);
		len += 32 - fls(~m);
		if (m != U32_MAX)
			break;
	}
	return len;
}

/* Overwrites a mask of n words with the prefix of len bits. */
static void ovs_prefix_set(__be32 *mask, unsigned int n, unsigned int len)
{
	unsigned int i, bits;

	for (i = 0; i < n; i++) {
		bits = min(len, 32U);
		mask[i] = bits ? cpu_to_be32(U32_MAX << (32 - bits)) : 0;
		len -= bits;
	}
}

/* An address mask of n words as the largest prefix of a multiple of step. */
static void ovs_prefix_round(__be32 *mask, unsigned int n, unsigned int step)
{
	ovs_prefix_set(mask, n, rounddown(ovs_prefix_len(mask, n), step));
}

/* Shrinks range to the words of mask that are not zero. */
static void ovs_tuple_trim(const struct ovs_key *mask,
			   struct ovs_key_range *range)
{
	const unsigned long *w = (const unsigned long *)mask;
	unsigned int start = range->start / sizeof(long);
	unsigned int end = range->end / sizeof(long);

	while (start < end && !w[start])
		start++;
	while (end > start && !w[end - 1])
		end--;
	if (start == end) {
		start = 0;
		end = 0;
	}
	range->start = start * sizeof(long);
	range->end = end * sizeof(long);
}

void ovs_tuple_mask(struct ovs_key *tuple, struct ovs_key_range *range,
		    const struct ovs_flow_mask *mask, const struct ovs_key *key)
{
	/* Masks are zero outside their range: so is the copy. */
	memcpy(tuple, &mask->key, sizeof(*tuple));
	*range = mask->range;

	tuple->tp.src = 0;
	tuple->tp.dst = 0;
	tuple->tp.flags = 0;
	/* The union is IP addresses only where the type is matched exactly. */
	if (mask->key.eth.type == htons(0xffff)) {
		if (ovs_key_is_ipv4(key)) {
			ovs_prefix_round(&tuple->ipv4.src, 1, 8);
			ovs_prefix_round(&tuple->ipv4.dst, 1, 8);
		} else if (ovs_key_is_ipv6(key)) {
			ovs_prefix_round(tuple->ipv6.src.s6_addr32, 4, 16);
			ovs_prefix_round(tuple->ipv6.dst.s6_addr32, 4, 16);
		}
	}
	ovs_tuple_trim(tuple, range);
}

/* Is a & mask equal to b & mask, over the mask's range? */
static bool ovs_keys_equal_under(const struct ovs_key *a,
				 const struct ovs_key *b,
				 const struct ovs_flow_mask *mask)
{
	const unsigned long *ka = ovs_key_words(a, &mask->range);
	const unsigned long *kb = ovs_key_words(b, &mask->range);
	const unsigned long *m = ovs_key_words(&mask->key, &mask->range);
	unsigned int i, n = ovs_range_words(&mask->range);
	unsigned long diff = 0;

	for (i = 0; i < n; i++)
		diff |= (ka[i] ^ kb[i]) & m[i];
	return !diff;
}

u32 ovs_tuple_bucket_count(struct ovs_flow_table *tbl,
			   const struct ovs_flow_mask *tuple,
			   const struct ovs_flow *flow)
{
	struct ovs_tbl_inst *ti = ovs_dereference(tbl->ti);
	struct hlist_head *head;
	struct ovs_flow *f;
	u32 n = 0;

	ovs_lock_assert();

	head = ovs_ti_bucket(ti, ovs_masked_hash(&flow->key, tuple, ti->seed));
	hlist_for_each_entry(f, head, hash_node[ti->ver])
		if (f->tuple == tuple &&
		    ovs_keys_equal_under(&f->key, &flow->key, tuple))
			n++;
	return n;
}

static unsigned int ovs_tuple_limit(void)
{
#if IS_ENABLED(CONFIG_OVS_DP_KUNIT)
	unsigned int limit = READ_ONCE(ovs_test_tuple_limit);

	if (limit)
		return limit;
#endif
	return OVS_TUPLE_LIMIT;
}

unsigned int ovs_flow_max_tuples __read_mostly = OVS_TUPLE_MAX;

/*
 * 0 would refuse every flow of a new mask, and past OVS_TUPLE_MAX_LIMIT a
 * missed packet costs more than in-tree's worst walk: both are mistakes,
 * which modprobe or the sysfs write reports instead of taking.
 */
static int ovs_max_tuples_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int err;

	err = kstrtouint(val, 0, &n);
	if (err)
		return err;
	if (n < 1 || n > OVS_TUPLE_MAX_LIMIT) {
		pr_err("max_tuples=%u: must be 1 to %u\n", n,
		       OVS_TUPLE_MAX_LIMIT);
		return -EINVAL;
	}
	WRITE_ONCE(*(unsigned int *)kp->arg, n);
	return 0;
}

const struct kernel_param_ops ovs_max_tuples_ops = {
	.set = ovs_max_tuples_set,
	.get = param_get_uint,
};

static unsigned int ovs_tuple_max(void)
{
	return READ_ONCE(ovs_flow_max_tuples);
}

/* Is the tuple's mask a subset of mask (masks are zero outside ranges)? */
static bool ovs_tuple_covers(const struct ovs_flow_mask *tuple,
			     const struct ovs_flow_mask *mask)
{
	const unsigned long *t = ovs_key_words(&tuple->key, &tuple->range);
	const unsigned long *m = ovs_key_words(&mask->key, &tuple->range);
	unsigned int i, n = ovs_range_words(&tuple->range);

	for (i = 0; i < n; i++)
		if (t[i] & ~m[i])
			return false;
	return true;
}

/*
 * At the cap: an existing tuple that is a subset of the flow's mask and
 * holds fewer than the limit of flows with the flow's key under it.  One
 * pass over at most OVS_TUPLE_MAX tuples, on inserts at the cap only.
 */
static struct ovs_flow_mask *ovs_tuple_subset(struct ovs_flow_table *tbl,
					      const struct ovs_flow *flow)
{
	struct ovs_mask_array *ta = ovs_dereference(tbl->tuples.ma);
	struct ovs_flow_mask *tuple;
	u32 i;

	for (i = 0; i < ta->count; i++) {
		tuple = ovs_dereference(ta->masks[i]);
		if (tuple && ovs_tuple_covers(tuple, flow->mask) &&
		    ovs_tuple_bucket_count(tbl, tuple, flow) <
		    ovs_tuple_limit())
			return tuple;
	}
	return NULL;
}

int ovs_tuple_attach(struct ovs_flow_table *tbl, struct ovs_flow *flow)
{
	struct ovs_key_range range;
	struct ovs_flow_mask *tuple;
	struct ovs_key tkey;

	ovs_lock_assert();

	ovs_tuple_mask(&tkey, &range, flow->mask, &flow->key);
	tuple = ovs_mask_find(&tbl->tuples, &tkey, &range);
	if (tuple &&
	    ovs_tuple_bucket_count(tbl, tuple, flow) >= ovs_tuple_limit()) {
		/* Full: the flow's own mask, which nothing rounds past. */
		memcpy(&tkey, &flow->mask->key, sizeof(tkey));
		range = flow->mask->range;
		ovs_tuple_trim(&tkey, &range);
		tuple = ovs_mask_find(&tbl->tuples, &tkey, &range);
	}
	if (tuple) {
		tuple->refcount++;
	} else if (ovs_dereference(tbl->tuples.ma)->count >=
		   ovs_tuple_max()) {
		tuple = ovs_tuple_subset(tbl, flow);
		if (!tuple)
			return -ENOSPC;
		tuple->refcount++;
	} else {
		tuple = ovs_mask_get(&tbl->tuples, &tkey, &range);
		if (!tuple)
			return -ENOMEM;
	}
	flow->tuple = tuple;
	return 0;
}

void ovs_tuple_detach(struct ovs_flow_table *tbl, struct ovs_flow *flow)
{
	ovs_lock_assert();

	ovs_mask_put(&tbl->tuples, flow->tuple);
}

struct ovs_flow *ovs_tuple_find(const struct ovs_tbl_inst *ti,
				const struct ovs_key *key,
				const struct ovs_flow_mask *tuple)
{
	struct hlist_head *head;
	struct ovs_flow *flow;

	head = ovs_ti_bucket(ti, ovs_masked_hash(key, tuple, ti->seed));
	hlist_for_each_entry_rcu(flow, head, hash_node[ti->ver])
		if (flow->tuple == tuple &&
		    ovs_masked_equal(flow, key, flow->mask))
			return flow;
	return NULL;
}

/* The flow of exactly this mask under tuple, if there is one. */
static struct ovs_flow *ovs_tuple_find_in(const struct ovs_tbl_inst *ti,
					  const struct ovs_key *key,
					  const struct ovs_flow_mask *tuple,
					  const struct ovs_flow_mask *mask)
{
	struct hlist_head *head;
	struct ovs_flow *flow;

	if (!tuple)
		return NULL;
	head = ovs_ti_bucket(ti, ovs_masked_hash(key, tuple, ti->seed));
	hlist_for_each_entry(flow, head, hash_node[ti->ver])
		if (flow->tuple == tuple && flow->mask == mask &&
		    ovs_masked_equal(flow, key, mask))
			return flow;
	return NULL;
}

struct ovs_flow *ovs_tuple_find_masked(struct ovs_flow_table *tbl,
				       const struct ovs_key *key,
				       const struct ovs_flow_mask *mask)
{
	struct ovs_tbl_inst *ti = ovs_dereference(tbl->ti);
	struct ovs_mask_array *ta = ovs_dereference(tbl->tuples.ma);
	struct ovs_flow_mask *rounded, *own, *tuple;
	struct ovs_key_range range;
	struct ovs_flow *flow;
	struct ovs_key tkey;
	u32 i;

	ovs_lock_assert();

	/* Where an insert put it: the rounded tuple, else its own mask. */
	ovs_tuple_mask(&tkey, &range, mask, key);
	rounded = ovs_mask_find(&tbl->tuples, &tkey, &range);
	flow = ovs_tuple_find_in(ti, key, rounded, mask);
	if (flow)
		return flow;
	memcpy(&tkey, &mask->key, sizeof(tkey));
	range = mask->range;
	ovs_tuple_trim(&tkey, &range);
	own = ovs_mask_find(&tbl->tuples, &tkey, &range);
	flow = ovs_tuple_find_in(ti, key, own, mask);
	if (flow)
		return flow;
	/*
	 * An insert at the cap may have put it under any subset tuple (and
	 * the table may have shrunk since): at most OVS_TUPLE_MAX probes.
	 */
	for (i = 0; i < ta->count; i++) {
		tuple = ovs_dereference(ta->masks[i]);
		if (!tuple || tuple == rounded || tuple == own ||
		    !ovs_tuple_covers(tuple, mask))
			continue;
		flow = ovs_tuple_find_in(ti, key, tuple, mask);
		if (flow)
			return flow;
	}
	return NULL;
}
