// SPDX-License-Identifier: GPL-2.0-only
/*
 * The flow table's masks and tuples (a tuple is a struct ovs_flow_mask in
 * the table's tuple set, see flow_tuple.c): shared and refcounted, found by
 * value in a small hash for inserts, kept in an RCU array (the tuples
 * ordered by recent use for lookups); and the per-CPU cache of the last
 * answer for each packet hash.  The design is described at the top of
 * flow_table.c.
 */

#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/topology.h>

#include "flow_table_int.h"

/*
 * A mask is its key plus a few words, under 600 bytes: kmalloc would round
 * it up to 1 KiB, and traffic that gives every megaflow a mask of its own
 * would pay that on every flow.
 */
static struct kmem_cache *ovs_mask_slab;

int __init ovs_mask_init(void)
{
	ovs_mask_slab = kmem_cache_create("ovs_flow_mask",
					  sizeof(struct ovs_flow_mask),
					  __alignof__(struct ovs_flow_mask), 0,
					  NULL);
	return ovs_mask_slab ? 0 : -ENOMEM;
}

void ovs_mask_exit(void)
{
	kmem_cache_destroy(ovs_mask_slab);
}

void ovs_mc_free(struct ovs_mask_cache *mc)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		kvfree(mc->cpu[cpu]);
	kfree(mc);
}

static void ovs_mc_free_rcu(struct rcu_head *head)
{
	ovs_mc_free(container_of(head, struct ovs_mask_cache, rcu));
}

/* Each CPU's entries near it, if its node is up (possible CPUs may not be). */
struct ovs_mask_cache *ovs_mc_alloc(u32 size)
{
	size_t bytes = array_size(size, sizeof(struct ovs_mc_entry));
	struct ovs_mask_cache *mc;
	unsigned int cpu;
	int node;

	mc = kzalloc(struct_size(mc, cpu, nr_cpu_ids), GFP_KERNEL);
	if (!mc)
		return NULL;
	mc->size = size;
	for_each_possible_cpu(cpu) {
		node = cpu_to_node(cpu);
		if (node != NUMA_NO_NODE && !node_online(node))
			node = NUMA_NO_NODE;
		mc->cpu[cpu] = kvzalloc_node(bytes, GFP_KERNEL, node);
		if (!mc->cpu[cpu]) {
			ovs_mc_free(mc);
			return NULL;
		}
	}
	return mc;
}

int ovs_flow_tbl_masks_cache_resize(struct ovs_flow_table *tbl, u32 size)
{
	struct ovs_mask_cache *old = ovs_dereference(tbl->mc);
	struct ovs_mask_cache *mc = NULL;

	ovs_lock_assert();

	if (size > OVS_DP_MASKS_CACHE_MAX || (size && !is_power_of_2(size)))
		return -EINVAL;
	if (size == tbl->mc_size)
		return 0;
	if (size) {
		mc = ovs_mc_alloc(size);
		if (!mc)
			return -ENOMEM;
	}
	rcu_assign_pointer(tbl->mc, mc);
	tbl->mc_size = size;
	if (old)
		call_rcu(&old->rcu, ovs_mc_free_rcu);
	return 0;
}

u32 ovs_flow_tbl_masks_cache_size(const struct ovs_flow_table *tbl)
{
	return tbl->mc_size;
}

struct ovs_mask_array *ovs_ma_alloc(u32 size)
{
	struct ovs_mask_array *ma;

	ma = kvzalloc(struct_size(ma, masks, size), GFP_KERNEL);
	if (ma)
		ma->size = size;
	return ma;
}

void ovs_ma_free_rcu(struct rcu_head *head)
{
	kvfree(container_of(head, struct ovs_mask_array, rcu));
}

/* A copy of ma's masks, in this order, in an array of size slots. */
static struct ovs_mask_array *ovs_ma_copy(struct ovs_mask_array *ma,
					  struct ovs_flow_mask **order,
					  u32 size)
{
	struct ovs_mask_array *new;
	struct ovs_flow_mask *mask;
	u32 i, n = 0;

	new = ovs_ma_alloc(size);
	if (!new)
		return NULL;
	for (i = 0; i < ma->count; i++) {
		mask = order ? order[i] : ovs_dereference(ma->masks[i]);
		if (!mask)
			continue;
		mask->index = n;
		RCU_INIT_POINTER(new->masks[n++], mask);
	}
	new->count = n;
	return new;
}

static void ovs_ma_replace(struct ovs_mask_set *set,
			   struct ovs_mask_array *old,
			   struct ovs_mask_array *new)
{
	rcu_assign_pointer(set->ma, new);
	call_rcu(&old->rcu, ovs_ma_free_rcu);
}

static u32 ovs_mask_hash(const struct ovs_key *mask,
			 const struct ovs_key_range *range)
{
	return jhash(ovs_key_words(mask, range), range->end - range->start,
		     (u32)range->start << 16 | range->end);
}

struct ovs_flow_mask *ovs_mask_find(struct ovs_mask_set *set,
				    const struct ovs_key *key,
				    const struct ovs_key_range *range)
{
	u32 h = ovs_mask_hash(key, range) % OVS_MASK_HASH_BUCKETS;
	struct ovs_flow_mask *mask;

	ovs_lock_assert();

	hlist_for_each_entry(mask, &set->hash[h], node)
		if (mask->range.start == range->start &&
		    mask->range.end == range->end &&
		    !memcmp(ovs_key_words(&mask->key, range),
			    ovs_key_words(key, range),
			    range->end - range->start))
			return mask;
	return NULL;
}

static void ovs_mask_free(struct ovs_flow_mask *mask)
{
	free_percpu(mask->hits);
	kmem_cache_free(ovs_mask_slab, mask);
}

void ovs_mask_free_rcu(struct rcu_head *head)
{
	ovs_mask_free(container_of(head, struct ovs_flow_mask, rcu));
}

static u64 ovs_mask_hits(const struct ovs_flow_mask *mask)
{
	unsigned int cpu;
	u64 sum = 0;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(mask->hits, cpu));
	return sum;
}

/* The shared mask for (key, range), created if new, with a reference. */
struct ovs_flow_mask *ovs_mask_get(struct ovs_mask_set *set,
				   const struct ovs_key *key,
				   const struct ovs_key_range *range)
{
	struct ovs_mask_array *ma = ovs_dereference(set->ma);
	struct ovs_flow_mask *mask;
	struct ovs_mask_array *new;

	ovs_lock_assert();

	mask = ovs_mask_find(set, key, range);
	if (mask) {
		mask->refcount++;
		return mask;
	}

	mask = kmem_cache_zalloc(ovs_mask_slab, GFP_KERNEL);
	if (!mask)
		return NULL;
	if (set->counts_hits) {
		mask->hits = alloc_percpu(u64);
		if (!mask->hits)
			goto free_mask;
	}
	mask->refcount = 1;
	mask->range = *range;
	memcpy((u8 *)&mask->key + range->start, ovs_key_words(key, range),
	       range->end - range->start);

	if (ma->count == ma->size) {
		new = ovs_ma_copy(ma, NULL, ma->size * 2);
		if (!new)
			goto free_hits;
		ovs_ma_replace(set, ma, new);
		ma = new;
	}
	mask->index = ma->count;
	rcu_assign_pointer(ma->masks[ma->count], mask);
	WRITE_ONCE(ma->count, ma->count + 1);
	hlist_add_head(&mask->node, &set->hash[ovs_mask_hash(key, range) %
						OVS_MASK_HASH_BUCKETS]);
	return mask;

free_hits:
	free_percpu(mask->hits);
free_mask:
	kmem_cache_free(ovs_mask_slab, mask);
	return NULL;
}

/*
 * Drops a reference; the last one takes the mask out of the array (the
 * last mask moves into its slot) and frees it after a grace period.
 */
void ovs_mask_put(struct ovs_mask_set *set, struct ovs_flow_mask *mask)
{
	struct ovs_mask_array *ma = ovs_dereference(set->ma);
	struct ovs_flow_mask *last;
	struct ovs_mask_array *new;
	u32 n = ma->count - 1;

	ovs_lock_assert();

	if (--mask->refcount)
		return;
	hlist_del(&mask->node);
	last = ovs_dereference(ma->masks[n]);
	if (last != mask) {
		last->index = mask->index;
		rcu_assign_pointer(ma->masks[mask->index], last);
	}
	WRITE_ONCE(ma->count, n);
	RCU_INIT_POINTER(ma->masks[n], NULL);
	call_rcu(&mask->rcu, ovs_mask_free_rcu);

	/* Shrinking at a quarter keeps add/remove cycles amortised O(1). */
	if (ma->size > OVS_MASK_ARRAY_MIN && n < ma->size / 4) {
		new = ovs_ma_copy(ma, NULL, ma->size / 2);
		if (new)
			ovs_ma_replace(set, ma, new);
	}
}

static int ovs_mask_cmp(const void *a, const void *b)
{
	const struct ovs_flow_mask *ma = *(struct ovs_flow_mask * const *)a;
	const struct ovs_flow_mask *mb = *(struct ovs_flow_mask * const *)b;

	if (ma->hits_recent != mb->hits_recent)
		return ma->hits_recent > mb->hits_recent ? -1 : 1;
	return ma->index < mb->index ? -1 : 1;
}

/*
 * Lookups probe tuples, not masks (flow_tuple.c): the tuples are what is
 * ordered.  The name stays, for the callers and the in-tree parallel.
 */
void ovs_flow_tbl_masks_rebalance(struct ovs_flow_table *tbl)
{
	struct ovs_mask_set *set = &tbl->tuples;
	struct ovs_mask_array *ma = ovs_dereference(set->ma);
	struct ovs_flow_mask **order;
	struct ovs_mask_array *new;
	u32 i, n = ma->count;
	u64 hits;

	ovs_lock_assert();

	tbl->last_sort = jiffies;
	if (n < 2)
		return;
	order = kvmalloc_array(n, sizeof(*order), GFP_KERNEL);
	if (!order)
		return;
	for (i = 0; i < n; i++) {
		order[i] = ovs_dereference(ma->masks[i]);
		hits = ovs_mask_hits(order[i]);
		order[i]->hits_recent = hits - order[i]->hits_seen;
		order[i]->hits_seen = hits;
	}
	sort(order, n, sizeof(*order), ovs_mask_cmp, NULL);
	for (i = 0; i < n; i++)
		if (order[i]->index != i)
			break;
	if (i < n) {
		new = ovs_ma_copy(ma, order, ma->size);
		if (new)
			ovs_ma_replace(set, ma, new);
	}
	kvfree(order);
}
