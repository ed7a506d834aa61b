/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Flows and the flow table: masked ("megaflow") lookup for the packet path,
 * exact lookups by UFID or by unmasked key for the ovs_flow family.
 *
 * Writers hold ovs_lock; the packet path reads under RCU with bottom halves
 * disabled.  Flows, masks and actions are freed after a grace period.
 */
#ifndef OVS_FLOW_TABLE_H
#define OVS_FLOW_TABLE_H

#include <linux/bits.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "flow.h"

struct ovs_actions;

/* UFIDs are 1 to 16 bytes. */
#define OVS_FLOW_ID_MAX		16

/*
 * Module parameter max_flows: flows a table holds at most, an insert
 * beyond fails with -E2BIG; 0, the default, is no limit, as in-tree.
 * Read at each insert: lowering it removes no flow.
 */
extern unsigned int ovs_flow_max_flows;

/* A mask shared by every flow that uses it. */
struct ovs_flow_mask {
	int refcount;			/* flows using it, under ovs_lock */
	u32 index;			/* in the table's mask array */
	struct hlist_node node;		/* in the table's mask hash, ovs_lock */
	u64 __percpu *hits;		/* packets matched, for the ordering */
	u64 hits_seen;			/* sum of hits at the last ordering */
	u64 hits_recent;		/* hits since then, the sort key */
	struct rcu_head rcu;
	struct ovs_key_range range;
	struct ovs_key key;		/* zero outside range */
};

/*
 * How userspace names a flow: by UFID when it gave one, else by the flow's
 * unmasked key.
 */
struct ovs_flow_id {
	u32 len;			/* UFID bytes; 0: no UFID */
	union {
		u32 ufid[OVS_FLOW_ID_MAX / sizeof(u32)];
		struct ovs_key *unmasked_key;	/* len == 0; owned */
	};
};

/* A flow's counters summed over CPUs (the UAPI owns "ovs_flow_stats"). */
struct ovs_flow_stats_sum {
	u64 packets;
	u64 bytes;
	unsigned long used;		/* jiffies of the last packet */
	__be16 tcp_flags;		/* ORed over the packets */
};

/*
 * One set of counters.  A flow has one shared set, used by the first CPU
 * that sends it packets, and one per other CPU that does, allocated on that
 * CPU's first packet: no alloc_percpu() per flow, no shared lock between
 * CPUs once they have their own set.
 */
struct ovs_flow_stats_cpu {
	spinlock_t lock;		/* _bh outside the packet path */
	int cpu;			/* shared set: its first user, or -1 */
	u64 packets;
	u64 bytes;
	unsigned long used;
	__be16 tcp_flags;
};

struct ovs_flow {
	struct rcu_head rcu;
	struct hlist_node hash_node[2];	/* by masked key; two table versions */
	struct hlist_node ufid_node[2];	/* by UFID; two table versions */
	u32 hash;
	u32 ufid_hash;
	struct ovs_key key;		/* masked */
	struct ovs_flow_id id;
	struct ovs_flow_mask *mask;
	struct ovs_actions __rcu *acts;
	struct ovs_flow_stats_cpu stats_shared;
	/* Indexed by CPU id (nr_cpu_ids entries), NULL until allocated. */
	struct ovs_flow_stats_cpu __rcu *stats[];
};

struct ovs_flow_table;

/* flow.c: flow objects and their statistics. */
struct ovs_flow *ovs_flow_alloc(void);
/*
 * Frees the flow, its id and its actions, at once (never published) or
 * after a grace period (deferred).
 */
void ovs_flow_free(struct ovs_flow *flow, bool deferred);
/* Packet path: one more packet of len bytes, with these TCP flags. */
void ovs_flow_stats_update(struct ovs_flow *flow, __be16 tcp_flags,
			   unsigned int len);
void ovs_flow_stats_get(const struct ovs_flow *flow,
			struct ovs_flow_stats_sum *stats);
void ovs_flow_stats_clear(struct ovs_flow *flow);
/* Sets flow->id from a UFID attribute's bytes, or from the unmasked key. */
int ovs_flow_id_set(struct ovs_flow *flow, const void *ufid, u32 len,
		    const struct ovs_key *unmasked_key);
static inline bool ovs_flow_has_ufid(const struct ovs_flow *flow)
{
	return flow->id.len != 0;
}

/* Masks a key over the range of a mask: dst = src & mask. */
void ovs_flow_mask_key(struct ovs_key *dst, const struct ovs_key *src,
		       const struct ovs_flow_mask *mask);

/* flow_table.c */
struct ovs_flow_table *ovs_flow_tbl_alloc(u32 masks_cache_size);
/* Removes and frees every flow; frees the table after a grace period. */
void ovs_flow_tbl_destroy(struct ovs_flow_table *tbl);
int ovs_flow_tbl_masks_cache_resize(struct ovs_flow_table *tbl, u32 size);
u32 ovs_flow_tbl_masks_cache_size(const struct ovs_flow_table *tbl);
/*
 * Reorders the masks by the packets they matched since the last call, most
 * used first.  ovs_lock.  Inserts call it at most once a second, and each
 * namespace's periodic work every OVS_DP_REBALANCE_INTERVAL (dp.c).
 */
void ovs_flow_tbl_masks_rebalance(struct ovs_flow_table *tbl);
/* Buckets of the masked-key hash table, for tests and diagnostics. */
u32 ovs_flow_tbl_n_buckets(const struct ovs_flow_table *tbl);

/*
 * Packet path.  skb_hash, with the key's recirc_id mixed in, indexes the
 * per-CPU mask cache (0: no cache); n_mask_hit counts the masks tried,
 * n_cache_hit is set when the cache answered.
 */
struct ovs_flow *ovs_flow_tbl_lookup_stats(struct ovs_flow_table *tbl,
					   const struct ovs_key *key,
					   u32 skb_hash, u32 *n_mask_hit,
					   u32 *n_cache_hit);
/* The same without the cache and counters; RCU or ovs_lock. */
struct ovs_flow *ovs_flow_tbl_lookup(struct ovs_flow_table *tbl,
				     const struct ovs_key *key);
/* The flow with exactly this unmasked key and mask; ovs_lock. */
struct ovs_flow *ovs_flow_tbl_lookup_exact(struct ovs_flow_table *tbl,
					   const struct ovs_key *unmasked_key,
					   const struct ovs_key *mask,
					   const struct ovs_key_range *range);
/* The flow without a UFID whose unmasked key is key, any mask; ovs_lock. */
struct ovs_flow *ovs_flow_tbl_lookup_unmasked(struct ovs_flow_table *tbl,
					      const struct ovs_key *key);
struct ovs_flow *ovs_flow_tbl_lookup_ufid(struct ovs_flow_table *tbl,
					  const struct ovs_flow_id *id);

/*
 * Inserts flow, whose key is already masked and whose id is set, with this
 * mask (shared with flows that have the same one).  ovs_lock.  -E2BIG at
 * the flow limit, -EEXIST if a flow has the same UFID, -EINVAL for a range
 * that is not within a key or not aligned.  Like the in-tree datapath it
 * accepts a second flow with the same mask and masked key under another
 * UFID (two handler threads installing one megaflow); lookups return one.
 */
int ovs_flow_tbl_insert(struct ovs_flow_table *tbl, struct ovs_flow *flow,
			const struct ovs_key *mask,
			const struct ovs_key_range *range);
/* Unlinks flow; the caller frees it with ovs_flow_free(flow, true). */
void ovs_flow_tbl_remove(struct ovs_flow_table *tbl, struct ovs_flow *flow);
/* Removes and frees every flow.  ovs_lock. */
void ovs_flow_tbl_flush(struct ovs_flow_table *tbl);
u32 ovs_flow_tbl_count(const struct ovs_flow_table *tbl);
u32 ovs_flow_tbl_num_masks(const struct ovs_flow_table *tbl);

/*
 * Dumps: returns the flow at position (*bucket, *idx) or the next one, and
 * advances the position past it; NULL at the end.  Under RCU; a dump that
 * races with a table resize may repeat or miss flows, never crash.
 */
struct ovs_flow *ovs_flow_tbl_dump_next(struct ovs_flow_table *tbl,
					u32 *bucket, u32 *idx);

#endif /* OVS_FLOW_TABLE_H */
