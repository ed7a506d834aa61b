// SPDX-License-Identifier: GPL-2.0-only
/*
 * The flow table: TupleMerge search over megaflows (flow_tuple.c says how
 * flows are grouped into tuples and why a tuple only narrows the search).
 *
 * Layout.  Every flow sits in one hash table keyed by its key & its
 * tuple's mask (the hash covers only the tuple's byte range) and, when it
 * has a UFID, in a second one keyed by UFID.  Each table is an instance (bucket array, seed,
 * node version); growing or reseeding builds a new instance by linking the
 * flows through their other hash_node / ufid_node and publishes it with
 * RCU, so readers of the old one keep walking intact chains.  A rehash
 * waits for the grace period that retired the instance before the current
 * one (usually long over) before it reuses those nodes.  Bucket walks
 * compare the tuple and the key, not the stored hash: readers of an old
 * instance find every flow during a rehash.
 *
 * Masks and tuples are shared and refcounted: one per distinct (mask,
 * range).  A small hash of each (writers only) finds the mask and the tuple
 * for an insert in O(1), and each knows its slot in its array, so adding
 * or removing one is O(1) amortised however many there are
 * (CVE-2019-25076 is about thousands of masks: no step here is quadratic
 * in them).  Masks are kept as userspace gave them, for dumps and counts;
 * lookups only walk the tuples.
 *
 * Lookup.  The packet path tries, in order:
 *
 *  1. The per-CPU cache, indexed by the caller's hash of the key (its
 *     port, recirc_id and headers), 4-way associative.  An
 *     entry remembers the flow that matched and its tuple's slot.  The flow
 *     pointer is trusted only if the table's removal sequence is unchanged
 *     since the entry was written: every removal bumps the sequence after
 *     unlinking and before the flow can be freed, and a lookup reads it
 *     (acquire) inside its RCU section before walking, so an entry written
 *     before a removal is never dereferenced after it.  A trusted entry is
 *     then checked against the packet: (key & flow's mask) must equal the
 *     flow's key over the range.  A hit therefore costs one masked compare:
 *     no hashing and no bucket walk, where the in-tree cache re-probes the
 *     mask's hash table on every hit.  A hash shared by two megaflows,
 *     or a flow changed since, just fails the check.
 *  2. If the sequence moved on, the entry's tuple slot is probed as a hint
 *     (one hash lookup), which is what the in-tree cache does with a mask.
 *  3. Otherwise every tuple is probed, most used first, and n_mask_hit
 *     counts tuples.  Probes mask, hash and compare in one pass over the
 *     range's words, without building a masked copy of the key.  The
 *     result refills the cache entry.
 *
 * Flow removals invalidate whole caches at once (one sequence), which only
 * costs a tuple probe per entry for the next packet of each: between the
 * revalidators' deletion batches the caches answer with a compare.
 *
 * Ordering.  Each tuple counts its hits per CPU.  Reordering happens from
 * insert (which already holds ovs_lock and runs whenever traffic brings new
 * megaflows) at most once a second, because that is when the set of tuples
 * changes; and every few seconds from each namespace's periodic work
 * (datapath.c), because traffic also shifts between existing flows with no
 * insert at all.  The table itself owns no timer: the work needs ovs_lock
 * and a cancel outside it, which only the namespace's teardown can give.
 */

#include <linux/cache.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "flow_table_int.h"
#include "flow_tuple.h"

/* linux/module.c makes it the module parameter max_flows. */
unsigned int ovs_flow_max_flows __read_mostly;

#define OVS_TBL_MIN_BUCKETS	1024
#define OVS_TBL_REHASH_INTERVAL	(10 * 60 * HZ)
#define OVS_TBL_SORT_INTERVAL	HZ

/* --- hashing ------------------------------------------------------- */

static u32 ovs_ufid_hash(const struct ovs_flow_id *id, u64 seed)
{
	return jhash(id->ufid, id->len, (u32)seed);
}

/* --- hash table instances --------------------------------------------- */

static struct ovs_tbl_inst *ovs_ti_alloc(u32 n_buckets, u32 ver)
{
	struct ovs_tbl_inst *ti;
	u32 i;

	ti = kmalloc(sizeof(*ti), GFP_KERNEL);
	if (!ti)
		return NULL;
	ti->buckets = kvmalloc_array(n_buckets, sizeof(*ti->buckets),
				     GFP_KERNEL);
	if (!ti->buckets) {
		kfree(ti);
		return NULL;
	}
	for (i = 0; i < n_buckets; i++)
		INIT_HLIST_HEAD(&ti->buckets[i]);
	ti->n_buckets = n_buckets;
	ti->ver = ver;
	ti->prev_live = false;
	ti->seed = get_random_u64();
	return ti;
}

static void ovs_ti_free(struct ovs_tbl_inst *ti)
{
	kvfree(ti->buckets);
	kfree(ti);
}

static void ovs_ti_free_rcu(struct rcu_head *head)
{
	ovs_ti_free(container_of(head, struct ovs_tbl_inst, rcu));
}

static void ovs_ti_link(struct ovs_tbl_inst *ti, struct ovs_flow *flow)
{
	flow->hash = ovs_masked_hash(&flow->key, flow->tuple, ti->seed);
	hlist_add_head_rcu(&flow->hash_node[ti->ver],
			   ovs_ti_bucket(ti, flow->hash));
}

static void ovs_ti_link_ufid(struct ovs_tbl_inst *ti, struct ovs_flow *flow)
{
	flow->ufid_hash = ovs_ufid_hash(&flow->id, ti->seed);
	hlist_add_head_rcu(&flow->ufid_node[ti->ver],
			   ovs_ti_bucket(ti, flow->ufid_hash));
}

/*
 * A new instance of n_buckets holding every flow of old, with a new seed.
 * The nodes of the other version are free once the previous rehash's grace
 * period is over; waiting for it costs nothing in the usual case.
 */
static struct ovs_tbl_inst *ovs_ti_rehash(struct ovs_flow_table *tbl,
					  struct ovs_tbl_inst *old,
					  u32 n_buckets, bool ufid)
{
	struct ovs_tbl_inst *ti;
	struct ovs_flow *flow;
	u32 i;

	ti = ovs_ti_alloc(n_buckets, !old->ver);
	if (!ti)
		return NULL;
	if (old->prev_live)
		cond_synchronize_rcu(old->prev_gp);
	for (i = 0; i < old->n_buckets; i++) {
		if (ufid) {
			hlist_for_each_entry(flow, &old->buckets[i],
					     ufid_node[old->ver])
				ovs_ti_link_ufid(ti, flow);
		} else {
			hlist_for_each_entry(flow, &old->buckets[i],
					     hash_node[old->ver])
				ovs_ti_link(ti, flow);
		}
	}
	return ti;
}

static void ovs_ti_replace(struct ovs_flow_table *tbl,
			   struct ovs_tbl_inst __rcu **slot,
			   struct ovs_tbl_inst *old, struct ovs_tbl_inst *ti)
{
	rcu_assign_pointer(*slot, ti);
	call_rcu(&old->rcu, ovs_ti_free_rcu);
	ti->prev_gp = get_state_synchronize_rcu();
	ti->prev_live = true;
}

/* Grows when flows outnumber buckets, reseeds every 10 minutes. */
static void ovs_tbl_maybe_rehash(struct ovs_flow_table *tbl)
{
	struct ovs_tbl_inst *ti = ovs_dereference(tbl->ti);
	struct ovs_tbl_inst *ufid_ti = ovs_dereference(tbl->ufid_ti);
	bool stale = time_after(jiffies,
				tbl->last_rehash + OVS_TBL_REHASH_INTERVAL);
	struct ovs_tbl_inst *new;

	if (tbl->count > ti->n_buckets || stale) {
		new = ovs_ti_rehash(tbl, ti, tbl->count > ti->n_buckets ?
				    ti->n_buckets * 2 : ti->n_buckets, false);
		if (new)
			ovs_ti_replace(tbl, &tbl->ti, ti, new);
	}
	if (tbl->ufid_count > ufid_ti->n_buckets || stale) {
		new = ovs_ti_rehash(tbl, ufid_ti,
				    tbl->ufid_count > ufid_ti->n_buckets ?
				    ufid_ti->n_buckets * 2 :
				    ufid_ti->n_buckets, true);
		if (new)
			ovs_ti_replace(tbl, &tbl->ufid_ti, ufid_ti, new);
	}
	if (stale)
		tbl->last_rehash = jiffies;
}

/* --- the table ------------------------------------------------------- */

struct ovs_flow_table *ovs_flow_tbl_alloc(u32 masks_cache_size)
{
	struct ovs_flow_table *tbl;
	struct ovs_tbl_inst *ti, *ufid_ti;
	struct ovs_mask_array *ma, *ta;
	u32 i;

	tbl = kzalloc(sizeof(*tbl), GFP_KERNEL);
	if (!tbl)
		return NULL;
	ti = ovs_ti_alloc(OVS_TBL_MIN_BUCKETS, 0);
	if (!ti)
		goto free_tbl;
	ufid_ti = ovs_ti_alloc(OVS_TBL_MIN_BUCKETS, 0);
	if (!ufid_ti)
		goto free_ti;
	ma = ovs_ma_alloc(OVS_MASK_ARRAY_MIN);
	if (!ma)
		goto free_ufid_ti;
	ta = ovs_ma_alloc(OVS_MASK_ARRAY_MIN);
	if (!ta)
		goto free_ma;
	RCU_INIT_POINTER(tbl->ti, ti);
	RCU_INIT_POINTER(tbl->ufid_ti, ufid_ti);
	RCU_INIT_POINTER(tbl->masks.ma, ma);
	RCU_INIT_POINTER(tbl->tuples.ma, ta);
	tbl->tuples.counts_hits = true;
	for (i = 0; i < OVS_MASK_HASH_BUCKETS; i++) {
		INIT_HLIST_HEAD(&tbl->masks.hash[i]);
		INIT_HLIST_HEAD(&tbl->tuples.hash[i]);
	}
	tbl->last_rehash = jiffies;
	tbl->last_sort = jiffies;
	if (masks_cache_size) {
		tbl->mc_size = masks_cache_size;
		RCU_INIT_POINTER(tbl->mc, ovs_mc_alloc(masks_cache_size));
		if (!rcu_access_pointer(tbl->mc))
			goto free_ta;
	}
	return tbl;

free_ta:
	kvfree(ta);
free_ma:
	kvfree(ma);
free_ufid_ti:
	ovs_ti_free(ufid_ti);
free_ti:
	ovs_ti_free(ti);
free_tbl:
	kfree(tbl);
	return NULL;
}

/* Unhashes every mask (or tuple) of a set and frees it after a grace period. */
static void ovs_set_empty(struct ovs_mask_set *set)
{
	struct ovs_flow_mask *mask;
	struct hlist_node *tmp;
	u32 i;

	for (i = 0; i < OVS_MASK_HASH_BUCKETS; i++)
		hlist_for_each_entry_safe(mask, tmp, &set->hash[i], node) {
			hlist_del(&mask->node);
			call_rcu(&mask->rcu, ovs_mask_free_rcu);
		}
}

/*
 * Unlinks every flow, mask and tuple into fresh, empty structures
 * (published before anything is freed) and frees the flows after a grace
 * period.  Callers exclude writers (ovs_lock, or a table nobody else can
 * reach).
 */
static void ovs_tbl_empty(struct ovs_flow_table *tbl, bool destroying)
{
	struct ovs_tbl_inst *ti = rcu_dereference_protected(tbl->ti, true);
	struct ovs_tbl_inst *ufid_ti =
		rcu_dereference_protected(tbl->ufid_ti, true);
	struct ovs_mask_array *ma =
		rcu_dereference_protected(tbl->masks.ma, true);
	struct ovs_mask_array *ta =
		rcu_dereference_protected(tbl->tuples.ma, true);
	struct ovs_tbl_inst *new_ti = NULL, *new_ufid_ti = NULL;
	struct ovs_mask_array *new_ma = NULL, *new_ta = NULL;
	struct hlist_node *tmp;
	struct ovs_flow *flow;
	u32 i;

	if (!destroying) {
		new_ti = ovs_ti_alloc(OVS_TBL_MIN_BUCKETS, 0);
		new_ufid_ti = ovs_ti_alloc(OVS_TBL_MIN_BUCKETS, 0);
		new_ma = ovs_ma_alloc(OVS_MASK_ARRAY_MIN);
		new_ta = ovs_ma_alloc(OVS_MASK_ARRAY_MIN);
		if (!new_ti || !new_ufid_ti || !new_ma || !new_ta) {
			/* No memory for fresh ones: unlink one by one. */
			if (new_ti)
				ovs_ti_free(new_ti);
			if (new_ufid_ti)
				ovs_ti_free(new_ufid_ti);
			kvfree(new_ma);
			kvfree(new_ta);
			for (i = 0; i < ti->n_buckets; i++)
				hlist_for_each_entry_safe(flow, tmp,
							  &ti->buckets[i],
							  hash_node[ti->ver]) {
					ovs_flow_tbl_remove(tbl, flow);
					ovs_flow_free(flow, true);
				}
			return;
		}
		/* The old flows are never linked into these: no wait. */
		rcu_assign_pointer(tbl->ti, new_ti);
		rcu_assign_pointer(tbl->ufid_ti, new_ufid_ti);
		rcu_assign_pointer(tbl->masks.ma, new_ma);
		rcu_assign_pointer(tbl->tuples.ma, new_ta);
	}
	/* After the unpublish, as in ovs_flow_tbl_remove(). */
	smp_store_release(&tbl->seq, tbl->seq + 1);
	tbl->count = 0;
	tbl->ufid_count = 0;

	for (i = 0; i < ti->n_buckets; i++)
		hlist_for_each_entry_safe(flow, tmp, &ti->buckets[i],
					  hash_node[ti->ver])
			ovs_flow_free(flow, true);
	ovs_set_empty(&tbl->masks);
	ovs_set_empty(&tbl->tuples);
	if (destroying)
		return;
	call_rcu(&ti->rcu, ovs_ti_free_rcu);
	call_rcu(&ufid_ti->rcu, ovs_ti_free_rcu);
	call_rcu(&ma->rcu, ovs_ma_free_rcu);
	call_rcu(&ta->rcu, ovs_ma_free_rcu);
}

void ovs_flow_tbl_flush(struct ovs_flow_table *tbl)
{
	ovs_lock_assert();
	ovs_tbl_empty(tbl, false);
}

static void ovs_tbl_free_rcu(struct rcu_head *head)
{
	struct ovs_flow_table *tbl = container_of(head, struct ovs_flow_table,
						  rcu);
	struct ovs_mask_cache *mc = rcu_dereference_protected(tbl->mc, true);

	ovs_ti_free(rcu_dereference_protected(tbl->ti, true));
	ovs_ti_free(rcu_dereference_protected(tbl->ufid_ti, true));
	kvfree(rcu_dereference_protected(tbl->masks.ma, true));
	kvfree(rcu_dereference_protected(tbl->tuples.ma, true));
	if (mc)
		ovs_mc_free(mc);
	kfree(tbl);
}

void ovs_flow_tbl_destroy(struct ovs_flow_table *tbl)
{
	if (!tbl)
		return;
	ovs_tbl_empty(tbl, true);
	call_rcu(&tbl->rcu, ovs_tbl_free_rcu);
}

u32 ovs_flow_tbl_count(const struct ovs_flow_table *tbl)
{
	return READ_ONCE(tbl->count);
}

u32 ovs_flow_tbl_num_masks(const struct ovs_flow_table *tbl)
{
	return READ_ONCE(rcu_dereference_check(tbl->masks.ma, true)->count);
}

u32 ovs_flow_tbl_n_buckets(const struct ovs_flow_table *tbl)
{
	return rcu_dereference_check(tbl->ti, true)->n_buckets;
}

/* --- lookups --------------------------------------------------------- */

/* Every tuple in order but skip; the matching flow and its tuple's slot. */
static struct ovs_flow *ovs_tbl_walk(const struct ovs_tbl_inst *ti,
				     const struct ovs_mask_array *ta,
				     const struct ovs_key *key, u32 skip,
				     u32 *n_mask_hit, u32 *index)
{
	u32 i, count = min(READ_ONCE(ta->count), ta->size);
	struct ovs_flow_mask *tuple;
	struct ovs_flow *flow;

	for (i = 0; i < count; i++) {
		if (i == skip)
			continue;
		tuple = ovs_tbl_deref(ta->masks[i]);
		if (!tuple)
			continue;
		(*n_mask_hit)++;
		flow = ovs_tuple_find(ti, key, tuple);
		if (flow) {
			*index = i;
			return flow;
		}
	}
	return NULL;
}

static struct ovs_flow *ovs_tbl_probe(const struct ovs_tbl_inst *ti,
				      const struct ovs_mask_array *ta,
				      const struct ovs_key *key, u32 index,
				      u32 *n_mask_hit)
{
	struct ovs_flow_mask *tuple;

	if (index >= min(READ_ONCE(ta->count), ta->size))
		return NULL;
	tuple = rcu_dereference(ta->masks[index]);
	if (!tuple)
		return NULL;
	(*n_mask_hit)++;
	return ovs_tuple_find(ti, key, tuple);
}

struct ovs_flow *ovs_flow_tbl_lookup_stats(struct ovs_flow_table *tbl,
					   const struct ovs_key *key,
					   u32 hash, u32 *n_mask_hit,
					   u32 *n_cache_hit)
{
	/* Before anything is read from the table: see the top comment. */
	u64 seq = smp_load_acquire(&tbl->seq);
	struct ovs_tbl_inst *ti = rcu_dereference(tbl->ti);
	struct ovs_mask_array *ta = rcu_dereference(tbl->tuples.ma);
	struct ovs_mask_cache *mc = rcu_dereference(tbl->mc);
	struct ovs_mc_entry *set, *e = NULL;
	struct ovs_flow *flow;
	u32 ways, skip = U32_MAX, index = 0, i;

	*n_mask_hit = 0;
	*n_cache_hit = 0;
	if (!mc || !hash) {
		flow = ovs_tbl_walk(ti, ta, key, skip, n_mask_hit, &index);
		goto found;
	}

	ways = min_t(u32, OVS_MC_WAYS, mc->size);
	set = mc->cpu[smp_processor_id()] +
	      (hash & (mc->size - 1) & ~(ways - 1));
	for (i = 0; i < ways; i++) {
		if (set[i].hash != hash)
			continue;
		e = &set[i];
		if (e->flow && e->seq == seq) {
			(*n_mask_hit)++;
			flow = e->flow;
			if (ovs_masked_equal(flow, key, flow->mask)) {
				(*n_cache_hit)++;
				this_cpu_inc(*flow->tuple->hits);
				return flow;
			}
			break;
		}
		flow = ovs_tbl_probe(ti, ta, key, e->tuple_index, n_mask_hit);
		if (flow) {
			(*n_cache_hit)++;
			index = e->tuple_index;
			goto fill;
		}
		skip = e->tuple_index;
		break;
	}
	if (!e) {
		/* An empty way if there is one, else a pseudo-random one. */
		e = &set[(hash >> 30) & (ways - 1)];
		for (i = 0; i < ways; i++)
			if (!set[i].hash)
				e = &set[i];
	}
	flow = ovs_tbl_walk(ti, ta, key, skip, n_mask_hit, &index);
	if (!flow) {
		/* Keep the way for a hit; a miss would only evict. */
		return NULL;
	}
fill:
	e->hash = hash;
	e->tuple_index = index;
	e->seq = seq;
	e->flow = flow;
found:
	if (flow)
		this_cpu_inc(*flow->tuple->hits);
	return flow;
}

struct ovs_flow *ovs_flow_tbl_lookup(struct ovs_flow_table *tbl,
				     const struct ovs_key *key)
{
	struct ovs_tbl_inst *ti = ovs_tbl_deref(tbl->ti);
	struct ovs_mask_array *ta = ovs_tbl_deref(tbl->tuples.ma);
	u32 n_mask_hit = 0, index;

	return ovs_tbl_walk(ti, ta, key, U32_MAX, &n_mask_hit, &index);
}

static bool ovs_range_valid(const struct ovs_key_range *range)
{
	return range->start <= range->end &&
	       range->end <= sizeof(struct ovs_key) &&
	       IS_ALIGNED(range->start, sizeof(long)) &&
	       IS_ALIGNED(range->end, sizeof(long));
}

struct ovs_flow *ovs_flow_tbl_lookup_exact(struct ovs_flow_table *tbl,
					   const struct ovs_key *unmasked_key,
					   const struct ovs_key *mask_key,
					   const struct ovs_key_range *range)
{
	struct ovs_flow_mask *mask;
	struct ovs_flow *flow;

	ovs_lock_assert();

	if (!ovs_range_valid(range))
		return NULL;
	/* Found by value, so the flow's mask is this one exactly. */
	mask = ovs_mask_find(&tbl->masks, mask_key, range);
	if (!mask)
		return NULL;
	flow = ovs_tuple_find_masked(tbl, unmasked_key, mask);
	if (!flow || ovs_flow_has_ufid(flow))
		return flow;
	/* Same masked key; only the same unmasked key names this flow. */
	if (memcmp(ovs_key_words(flow->id.unmasked_key, range),
		   ovs_key_words(unmasked_key, range),
		   range->end - range->start))
		return NULL;
	return flow;
}

/*
 * Every tuple, not only the first whose flow a packet with this key would
 * hit: another flow may come first for the key that names this one.
 */
struct ovs_flow *ovs_flow_tbl_lookup_unmasked(struct ovs_flow_table *tbl,
					      const struct ovs_key *key)
{
	struct ovs_tbl_inst *ti = ovs_dereference(tbl->ti);
	struct ovs_mask_array *ta = ovs_dereference(tbl->tuples.ma);
	struct ovs_flow_mask *tuple;
	struct hlist_head *head;
	struct ovs_flow *flow;
	u32 i;

	ovs_lock_assert();

	for (i = 0; i < ta->count; i++) {
		tuple = ovs_dereference(ta->masks[i]);
		head = ovs_ti_bucket(ti, ovs_masked_hash(key, tuple,
							 ti->seed));
		hlist_for_each_entry(flow, head, hash_node[ti->ver])
			if (flow->tuple == tuple && !ovs_flow_has_ufid(flow) &&
			    ovs_masked_equal(flow, key, flow->mask) &&
			    !memcmp(flow->id.unmasked_key, key, sizeof(*key)))
				return flow;
	}
	return NULL;
}

struct ovs_flow *ovs_flow_tbl_lookup_ufid(struct ovs_flow_table *tbl,
					  const struct ovs_flow_id *id)
{
	struct ovs_tbl_inst *ti = ovs_tbl_deref(tbl->ufid_ti);
	struct hlist_head *head;
	struct ovs_flow *flow;

	if (!id->len || id->len > OVS_FLOW_ID_MAX)
		return NULL;
	head = ovs_ti_bucket(ti, ovs_ufid_hash(id, ti->seed));
	hlist_for_each_entry_rcu(flow, head, ufid_node[ti->ver])
		if (flow->id.len == id->len &&
		    !memcmp(flow->id.ufid, id->ufid, id->len))
			return flow;
	return NULL;
}

/* --- insert, remove, dump -------------------------------------------- */

int ovs_flow_tbl_insert(struct ovs_flow_table *tbl, struct ovs_flow *flow,
			const struct ovs_key *mask_key,
			const struct ovs_key_range *range)
{
	unsigned int max_flows = READ_ONCE(ovs_flow_max_flows);
	struct ovs_flow_mask *mask;
	int err;

	ovs_lock_assert();

	if (!ovs_range_valid(range))
		return -EINVAL;
	if (max_flows && tbl->count >= max_flows)
		return -E2BIG;
	if (ovs_flow_has_ufid(flow) && ovs_flow_tbl_lookup_ufid(tbl, &flow->id))
		return -EEXIST;
	mask = ovs_mask_get(&tbl->masks, mask_key, range);
	if (!mask)
		return -ENOMEM;
	flow->mask = mask;
	err = ovs_tuple_attach(tbl, flow);
	if (err)
		goto put_mask;

	ovs_ti_link(ovs_dereference(tbl->ti), flow);
	tbl->count++;
	if (ovs_flow_has_ufid(flow)) {
		ovs_ti_link_ufid(ovs_dereference(tbl->ufid_ti), flow);
		tbl->ufid_count++;
	}
	ovs_tbl_maybe_rehash(tbl);
	if (time_after(jiffies, tbl->last_sort + OVS_TBL_SORT_INTERVAL))
		ovs_flow_tbl_masks_rebalance(tbl);
	return 0;

put_mask:
	ovs_mask_put(&tbl->masks, mask);
	return err;
}

void ovs_flow_tbl_remove(struct ovs_flow_table *tbl, struct ovs_flow *flow)
{
	struct ovs_tbl_inst *ti = ovs_dereference(tbl->ti);
	struct ovs_tbl_inst *ufid_ti = ovs_dereference(tbl->ufid_ti);

	ovs_lock_assert();

	hlist_del_rcu(&flow->hash_node[ti->ver]);
	tbl->count--;
	if (ovs_flow_has_ufid(flow)) {
		hlist_del_rcu(&flow->ufid_node[ufid_ti->ver]);
		tbl->ufid_count--;
	}
	/* After the unlink, before anything can be freed: caches go stale. */
	smp_store_release(&tbl->seq, tbl->seq + 1);
	ovs_tuple_detach(tbl, flow);
	ovs_mask_put(&tbl->masks, flow->mask);
}

struct ovs_flow *ovs_flow_tbl_dump_next(struct ovs_flow_table *tbl,
					u32 *bucket, u32 *idx)
{
	struct ovs_tbl_inst *ti = ovs_tbl_deref(tbl->ti);
	struct ovs_flow *flow;
	u32 b, i;

	for (b = *bucket; b < ti->n_buckets; b++) {
		i = 0;
		hlist_for_each_entry_rcu(flow, &ti->buckets[b],
					 hash_node[ti->ver]) {
			if (i++ < *idx)
				continue;
			*bucket = b;
			*idx = i;
			return flow;
		}
		*idx = 0;
	}
	*bucket = b;
	return NULL;
}
