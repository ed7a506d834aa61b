/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Flow objects (flow.c): a masked key, the mask it shares with other flows,
 * how userspace names it, its actions and its packet statistics.  The flow
 * table (flow_table.h) indexes them.
 */
#ifndef OVS_FLOW_H
#define OVS_FLOW_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "flow_key.h"

struct ovs_actions;

/* UFIDs are 1 to 16 bytes. */
#define OVS_FLOW_ID_MAX		16

/* A mask shared by every flow that uses it. */
struct ovs_flow_mask {
	int refcount;			/* flows using it, under ovs_lock */
	u32 index;			/* in the table's mask array */
	struct hlist_node node;		/* in the table's mask hash, ovs_lock */
	u64 __percpu *hits;		/* packets matched (tuples only) */
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
	/* The tuple it is hashed under, a subset of mask (flow_tuple.h). */
	struct ovs_flow_mask *tuple;
	struct ovs_actions __rcu *acts;
	struct ovs_flow_stats_cpu stats_shared;
	/* Indexed by CPU id (nr_cpu_ids entries), NULL until allocated. */
	struct ovs_flow_stats_cpu __rcu *stats[];
};

/*
 * The flows' slab cache: created at module load, destroyed at unload after
 * the last RCU free has run.
 */
int ovs_flow_init(void);
void ovs_flow_exit(void);
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

#endif /* OVS_FLOW_H */
