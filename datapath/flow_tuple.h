/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TupleMerge: flows grouped into tuples, so that a packet probes a few
 * tuples instead of every megaflow mask.  A tuple is a struct
 * ovs_flow_mask in the table's tuple set whose mask is a subset of the mask
 * of every flow hashed under it; see the comment at the top of
 * flow_tuple.c.  Writers hold ovs_lock; the packet path reads under RCU.
 */
#ifndef OVS_FLOW_TUPLE_H
#define OVS_FLOW_TUPLE_H

#include <linux/moduleparam.h>
#include <linux/types.h>

#include "flow.h"

struct ovs_flow_table;
struct ovs_tbl_inst;

/*
 * Flows of one tuple with one key & tuple mask, at most: before a spill to
 * the flow's own mask, and always for a flow placed under a tuple of
 * another mask once the table holds OVS_TUPLE_MAX tuples.
 */
#define OVS_TUPLE_LIMIT		8

/*
 * Tuples a flow table holds at most (CVE-2019-25076, tuple space
 * explosion).  A packet that its cache entry does not answer probes the
 * tuples one by one, and a probe (hash the key under the tuple, walk its
 * bucket, compare) was measured at about 170 to 500 guest instructions
 * (make bench: rndbad1000x1k, 505 tuples probed for 139k instructions a
 * packet).  256 tuples bound the worst packet, a miss that walks them all,
 * to about 44k to 128k instructions: 4 to 13 times what building and
 * queueing its upcall costs (about 10k), less than in-tree's walk over
 * 1,000 masks (237k) and 50 times less than over its 4,096 (6.2M).  Masks
 * that differ only in IP prefix lengths or L4 ports merge (the bench's
 * 10,000 such masks make 4 tuples), so only masks that differ in the
 * fields a tuple keeps exactly (Ethernet addresses, TOS, TTL, VLAN,
 * tunnel or conntrack fields) count towards it: legitimate tables stay far
 * below.  At the cap a flow still goes under an existing tuple whose mask
 * is a subset of its own, if one has room (OVS_TUPLE_LIMIT); else its put
 * fails with -ENOSPC, and ovs-vswitchd keeps handling those packets by
 * upcall.  Memory: a tuple is one struct ovs_flow_mask, a slot and a
 * per-CPU counter, so tuples take at most OVS_TUPLE_MAX times that; flows
 * are bounded by the module parameter max_flows (none by default, as
 * in-tree).
 */
#define OVS_TUPLE_MAX		256
/* The most the module parameter max_tuples may raise the cap to. */
#define OVS_TUPLE_MAX_LIMIT	4096

/*
 * Module parameter max_tuples (registered by linux/module.c): the cap,
 * OVS_TUPLE_MAX by default, 1 to OVS_TUPLE_MAX_LIMIT, read at each insert
 * (lowering it removes no tuple).  Its ops refuse a value out of range.
 */
extern unsigned int ovs_flow_max_tuples;
extern const struct kernel_param_ops ovs_max_tuples_ops;

/*
 * The tuple mask of a flow with this mask and (masked) key: the mask with
 * its IP address prefixes rounded down, its L4 ports and TCP flags dropped,
 * and its range trimmed to the words left non-zero.
 */
void ovs_tuple_mask(struct ovs_key *tuple, struct ovs_key_range *range,
		    const struct ovs_flow_mask *mask, const struct ovs_key *key);
/*
 * Puts flow, whose mask is set, under a tuple: its rounded one, or its own
 * mask when the rounded one already holds the limit of flows with the same
 * key & tuple mask; when that tuple would be new and the table holds
 * OVS_TUPLE_MAX, an existing tuple whose mask is a subset of the flow's and
 * that has room for it.  Sets flow->tuple and takes a reference; links
 * nothing.  ovs_lock.  -ENOMEM; -ENOSPC: no tuple for it within the cap.
 */
int ovs_tuple_attach(struct ovs_flow_table *tbl, struct ovs_flow *flow);
/* Drops the flow's tuple reference, after the flow was unlinked. */
void ovs_tuple_detach(struct ovs_flow_table *tbl, struct ovs_flow *flow);
/*
 * The flow under tuple that key matches (confirmed against the flow's own
 * mask), in instance ti.  RCU or ovs_lock.
 */
struct ovs_flow *ovs_tuple_find(const struct ovs_tbl_inst *ti,
				const struct ovs_key *key,
				const struct ovs_flow_mask *tuple);
/*
 * The flow with exactly this mask whose key is key & mask.  ovs_lock.
 * Costs a walk over the tuples when the flow is not under its rounded or
 * its own mask (placed there at the cap): at most OVS_TUPLE_MAX probes.
 */
struct ovs_flow *ovs_tuple_find_masked(struct ovs_flow_table *tbl,
				       const struct ovs_key *key,
				       const struct ovs_flow_mask *mask);
/* Flows of tuple whose key & tuple mask equals flow's.  ovs_lock. */
u32 ovs_tuple_bucket_count(struct ovs_flow_table *tbl,
			   const struct ovs_flow_mask *tuple,
			   const struct ovs_flow *flow);

#endif /* OVS_FLOW_TUPLE_H */
