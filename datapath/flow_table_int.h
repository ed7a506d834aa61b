/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The flow table's private layout, shared by flow_table.c (hash tables,
 * lookups) and flow_mask.c (masks, their order and the per-CPU cache).
 * See the comment at the top of flow_table.c for the design.
 */
#ifndef OVS_FLOW_TABLE_INT_H
#define OVS_FLOW_TABLE_INT_H

#include <linux/list.h>
#include <linux/bitops.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "datapath.h"
#include "flow_table.h"

#define OVS_MASK_HASH_BUCKETS	1024
#define OVS_MASK_ARRAY_MIN	16
#define OVS_MC_WAYS		4

/* One hash table instance; flows link through their node[ver]. */
struct ovs_tbl_inst {
	struct rcu_head rcu;
	struct hlist_head *buckets;
	u32 n_buckets;			/* a power of two */
	u32 ver;			/* 0 or 1 */
	bool prev_live;			/* replaced an instance, at prev_gp */
	unsigned long prev_gp;		/* its readers are gone after this */
	u64 seed;
};

/* Slots [0, count) hold masks; readers may meet a NULL slot. */
struct ovs_mask_array {
	struct rcu_head rcu;
	u32 size;
	u32 count;
	struct ovs_flow_mask __rcu *masks[];
};

struct ovs_mc_entry {
	u32 hash;			/* 0: empty */
	u32 tuple_index;		/* slot in the tuple array: a hint */
	u64 seq;			/* tbl->seq when flow was found */
	struct ovs_flow *flow;		/* only valid while seq is current */
};

/* Each CPU's entries are touched by that CPU only, with BHs disabled. */
struct ovs_mask_cache {
	struct rcu_head rcu;
	u32 size;			/* entries per CPU, a power of two */
	struct ovs_mc_entry *cpu[];	/* nr_cpu_ids */
};

/*
 * Shared, refcounted struct ovs_flow_mask objects: an RCU array for the
 * packet path and a hash by value for writers.  A table has two: the masks
 * userspace gave, and the tuples lookups probe (flow_tuple.c).
 */
struct ovs_mask_set {
	struct ovs_mask_array __rcu *ma;
	struct hlist_head hash[OVS_MASK_HASH_BUCKETS];
	/* Per-CPU hit counters: only what lookups probe is ordered. */
	bool counts_hits;
};

struct ovs_flow_table {
	struct rcu_head rcu;
	struct ovs_tbl_inst __rcu *ti;	/* flows by key & their tuple */
	struct ovs_tbl_inst __rcu *ufid_ti;
	struct ovs_mask_cache __rcu *mc;
	u64 seq;			/* bumped by each flow removal */
	u32 count;
	u32 ufid_count;
	u32 mc_size;
	unsigned long last_rehash;
	unsigned long last_sort;
	struct ovs_mask_set masks;
	struct ovs_mask_set tuples;
};

#define ovs_tbl_deref(p) rcu_dereference_check(p, ovs_lock_is_held())

static inline const unsigned long *
ovs_key_words(const struct ovs_key *key, const struct ovs_key_range *range)
{
	return (const unsigned long *)((const u8 *)key + range->start);
}

static inline unsigned int ovs_range_words(const struct ovs_key_range *range)
{
	return (range->end - range->start) / sizeof(long);
}

/*
 * The word hash of key & mask, keyed by seed: no masked copy of the key
 * is made first, as jhash2 would need.
 */
static inline u32 ovs_masked_hash(const struct ovs_key *key,
				  const struct ovs_flow_mask *mask, u64 seed)
{
	const unsigned long *k = ovs_key_words(key, &mask->range);
	const unsigned long *m = ovs_key_words(&mask->key, &mask->range);
	unsigned int i, n = ovs_range_words(&mask->range);
	u64 h = seed ^ mask->range.start;

	for (i = 0; i < n; i++)
		h = ovs_hash_mix(h, k[i] & m[i]);
	return ovs_hash_final(h);
}

/* Does key, masked by the flow's mask, equal the flow's (masked) key? */
static inline bool ovs_masked_equal(const struct ovs_flow *flow,
				    const struct ovs_key *key,
				    const struct ovs_flow_mask *mask)
{
	const unsigned long *k = ovs_key_words(key, &mask->range);
	const unsigned long *m = ovs_key_words(&mask->key, &mask->range);
	const unsigned long *f = ovs_key_words(&flow->key, &mask->range);
	unsigned int i, n = ovs_range_words(&mask->range);
	unsigned long diff = 0;

	for (i = 0; i < n; i++)
		diff |= (k[i] & m[i]) ^ f[i];
	return !diff;
}

static inline struct hlist_head *ovs_ti_bucket(const struct ovs_tbl_inst *ti,
					       u32 h)
{
	return &ti->buckets[h & (ti->n_buckets - 1)];
}

/* flow_mask.c */
struct ovs_mask_array *ovs_ma_alloc(u32 size);
void ovs_ma_free_rcu(struct rcu_head *head);
struct ovs_flow_mask *ovs_mask_find(struct ovs_mask_set *set,
				    const struct ovs_key *key,
				    const struct ovs_key_range *range);
struct ovs_flow_mask *ovs_mask_get(struct ovs_mask_set *set,
				   const struct ovs_key *key,
				   const struct ovs_key_range *range);
void ovs_mask_put(struct ovs_mask_set *set, struct ovs_flow_mask *mask);
void ovs_mask_free_rcu(struct rcu_head *head);
struct ovs_mask_cache *ovs_mc_alloc(u32 size);
void ovs_mc_free(struct ovs_mask_cache *mc);

#endif /* OVS_FLOW_TABLE_INT_H */
