/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A datapath for suites that need a whole one (dp_kunit.c).
 */
#ifndef OVS_DP_KUNIT_H
#define OVS_DP_KUNIT_H

#include <linux/types.h>

struct net_device;
struct ovs_dp;
struct ovs_flow;
struct ovs_key;

/*
 * A datapath in init_net as OVS_DP_CMD_NEW makes it: its local port named
 * name, linked into the namespace's list.  NULL if any of it failed; the
 * suite destroys it with ovs_dp_destroy() under ovs_lock.
 */
struct ovs_dp *ovs_kt_dp_new(const char *name);

/* The device of dp's local port. */
struct net_device *ovs_kt_dp_local_dev(struct ovs_dp *dp);

/*
 * Inserts flow (its key masked, its actions set) into dp's table under
 * mask, named by the UFID ufid of ufid_len bytes or, with none, by its own
 * key; frees the flow if that fails.
 */
int ovs_kt_flow_insert(struct ovs_dp *dp, struct ovs_flow *flow,
		       const struct ovs_key *mask, const void *ufid,
		       u32 ufid_len);

#endif /* OVS_DP_KUNIT_H */
