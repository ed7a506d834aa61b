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

#include <linux/types.h>

#include "flow.h"

struct ovs_flow_table;
struct ovs_tbl_inst;

/* Flows of one tuple with one key & tuple mask, at most, before a spill. */
#define OVS_TUPLE_LIMIT		8

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
 * key & tuple mask.  Sets flow->tuple and takes a reference; links nothing.
 * ovs_lock.  -ENOMEM.
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
/* The flow with exactly this mask whose key is key & mask.  ovs_lock. */
struct ovs_flow *ovs_tuple_find_masked(struct ovs_flow_table *tbl,
				       const struct ovs_key *key,
				       const struct ovs_flow_mask *mask);
/* Flows of tuple whose key & tuple mask equals flow's.  ovs_lock. */
u32 ovs_tuple_bucket_count(struct ovs_flow_table *tbl,
			   const struct ovs_flow_mask *tuple,
			   const struct ovs_flow *flow);

#endif /* OVS_FLOW_TUPLE_H */
