/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The flow table: masked ("megaflow") lookup for the packet path, exact
 * lookups by UFID or by unmasked key for the ovs_flow family (flow_table.c);
 * its masks and their per-CPU cache (flow_mask.c).
 *
 * Writers hold ovs_lock; the packet path reads under RCU with bottom halves
 * disabled.  Flows, masks and actions are freed after a grace period.
 */
#ifndef OVS_FLOW_TABLE_H
#define OVS_FLOW_TABLE_H

#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/stddef.h>
#include <linux/types.h>

#include "flow.h"

struct ovs_flow_table;

/*
 * Module parameter max_flows: flows a table holds at most, an insert
 * beyond fails with -E2BIG; 0, the default, is no limit, as in-tree.
 * Read at each insert: lowering it removes no flow.
 */
extern unsigned int ovs_flow_max_flows;

/* flow_table.c */
struct ovs_flow_table *ovs_flow_tbl_alloc(u32 masks_cache_size);
/* Removes and frees every flow; frees the table after a grace period. */
void ovs_flow_tbl_destroy(struct ovs_flow_table *tbl);
/* Buckets of the masked-key hash table, for tests and diagnostics. */
u32 ovs_flow_tbl_n_buckets(const struct ovs_flow_table *tbl);

/*
 * The table's word hash: a multiply-rotate mix per word and a final
 * avalanche, a few cycles a word (ovs_masked_hash() and the cache index).
 */
static inline u64 ovs_hash_mix(u64 h, unsigned long word)
{
	h ^= word;
	h *= 0x9e3779b97f4a7c15ULL;
	return rol64(h, 31);
}

static inline u32 ovs_hash_final(u64 h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (u32)h;
}

/*
 * The packet path's index into the per-CPU cache: a hash of the key's
 * port, recirculation and header words, never 0.  The skb hash would do
 * as well, but a packet that comes without one pays the flow dissector and
 * siphash for it, more than all the rest of a cache hit; the key is at
 * hand.
 */
static inline u32 ovs_flow_key_cache_hash(const struct ovs_key *key)
{
	const unsigned long *w = (const unsigned long *)key;
	size_t i, meta_end, hdr_start, hdr_end;
	u64 h = 0;

	/* in_port, recirc_id, dp_hash and mac_proto; then eth to IPv6 dst. */
	meta_end = DIV_ROUND_UP(offsetofend(struct ovs_key, mac_proto),
				sizeof(long));
	hdr_start = offsetof(struct ovs_key, eth) / sizeof(long);
	hdr_end = DIV_ROUND_UP(offsetofend(struct ovs_key, ipv6.dst),
			       sizeof(long));
	for (i = offsetof(struct ovs_key, in_port) / sizeof(long);
	     i < meta_end; i++)
		h = ovs_hash_mix(h, w[i]);
	for (i = hdr_start; i < hdr_end; i++)
		h = ovs_hash_mix(h, w[i]);
	return ovs_hash_final(h) ?: 1;
}

/*
 * Packet path.  hash, normally ovs_flow_key_cache_hash(key), indexes the
 * per-CPU cache (0: no cache); any value gives the right flow, but two
 * keys the packet path sees often (before and after a recirculation, say)
 * keep their own entries only if their hashes differ.  n_mask_hit counts
 * the tuples tried, n_cache_hit is set when the cache answered.
 */
struct ovs_flow *ovs_flow_tbl_lookup_stats(struct ovs_flow_table *tbl,
					   const struct ovs_key *key,
					   u32 hash, u32 *n_mask_hit,
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
 * the flow limit, -ENOSPC when its mask needs a tuple beyond OVS_TUPLE_MAX
 * (flow_tuple.h), -EEXIST if a flow has the same UFID, -EINVAL for a range
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

/*
 * flow_mask.c: the masks' slab cache (created at module load, destroyed at
 * unload after the last RCU free has run), the per-CPU mask cache and the
 * order masks are tried in.
 */
int ovs_mask_init(void);
void ovs_mask_exit(void);
int ovs_flow_tbl_masks_cache_resize(struct ovs_flow_table *tbl, u32 size);
u32 ovs_flow_tbl_masks_cache_size(const struct ovs_flow_table *tbl);
/*
 * Reorders the masks by the packets they matched since the last call, most
 * used first.  ovs_lock.  Inserts call it at most once a second, and each
 * namespace's periodic work every OVS_DP_REBALANCE_INTERVAL (datapath.c).
 */
void ovs_flow_tbl_masks_rebalance(struct ovs_flow_table *tbl);

#endif /* OVS_FLOW_TABLE_H */
