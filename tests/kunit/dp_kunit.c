// SPDX-License-Identifier: GPL-2.0-only
/*
 * A datapath for suites that need a whole one.
 */

#include <linux/err.h>
#include <linux/rculist.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "datapath.h"
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
