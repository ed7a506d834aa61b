// SPDX-License-Identifier: GPL-2.0-only
/*
 * A datapath for suites that need a whole one.
 */

#include <linux/err.h>
#include <linux/rculist.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "datapath.h"
#include "flow.h"
#include "flow_attr_int.h"
#include "flow_table.h"
#include "vport.h"
#include "dp_kunit.h"

struct ovs_dp *ovs_kt_dp_new(const char *name)
{
	struct ovs_net *ovs_net = net_generic(&init_net, ovs_net_id);
	struct ovs_vport_parms parms = {
		.name = name,
		.type = OVS_VPORT_TYPE_INTERNAL,
		.port_no = OVSP_LOCAL,
	};
	struct ovs_vport *local;
	struct ovs_dp *dp;

	ovs_lock();
	dp = ovs_dp_alloc(&init_net);
	if (dp) {
		parms.dp = dp;
		local = ovs_vport_add(&parms);
		if (IS_ERR(local)) {
			ovs_dp_free(dp);
			dp = NULL;
		} else {
			list_add_tail_rcu(&dp->node, &ovs_net->dps);
		}
	}
	ovs_unlock();
	return dp;
}

struct net_device *ovs_kt_dp_local_dev(struct ovs_dp *dp)
{
	struct net_device *dev;

	ovs_lock();
	dev = ovs_dp_port(dp, OVSP_LOCAL)->dev;
	ovs_unlock();
	return dev;
}

int ovs_kt_flow_insert(struct ovs_dp *dp, struct ovs_flow *flow,
		       const struct ovs_key *mask, const void *ufid,
		       u32 ufid_len)
{
	struct ovs_key_range range;
	int err;

	ovs_key_mask_range(mask, &range);
	err = ovs_flow_id_set(flow, ufid, ufid_len, ufid ? NULL : &flow->key);
	if (!err) {
		ovs_lock();
		err = ovs_flow_tbl_insert(dp->table, flow, mask, &range);
		ovs_unlock();
	}
	if (err)
		ovs_flow_free(flow, false);
	return err;
}
