// SPDX-License-Identifier: GPL-2.0-only
/*
 * Module entry points for the Open vSwitch datapath.
 */

#include <linux/module.h>
#include <linux/moduleparam.h>

#include "actions.h"
#include "datapath.h"
#include "flow.h"
#include "flow_table.h"
#include "flow_tuple.h"
#include "genl.h"
#include "vport.h"
#include "linux/conntrack.h"
#include "linux/ct_limit.h"
#include "linux/dp_notify.h"
#include "linux/netns.h"
#include "linux/vport_internal.h"

static int __init ovs_module_init(void)
{
	int err;

	err = ovs_flow_init();
	if (err)
		return err;

	err = ovs_mask_init();
	if (err)
		goto err_flow_exit;

	err = ovs_actions_init();
	if (err)
		goto err_mask_exit;

	err = ovs_internal_dev_init();
	if (err)
		goto err_actions_exit;

	/*
	 * Before any datapath can exist, and gone only after the last one:
	 * a port's device unregistered unnoticed would wait for it forever.
	 */
	err = ovs_dp_notifier_register();
	if (err)
		goto err_internal_dev_exit;

	err = ovs_ct_register();
	if (err)
		goto err_unregister_notifier;

	/* Exits after struct ovs_net's: the datapaths go before the limits. */
	err = ovs_ct_limit_register();
	if (err)
		goto err_ct_unregister;

	err = ovs_netns_register();
	if (err)
		goto err_ct_limit_unregister;

	/* Last: once the families are visible, requests may arrive. */
	err = ovs_genl_register();
	if (err)
		goto err_unregister_pernet;

	pr_info("Open vSwitch datapath %s\n", OVS_META_VERSION);
	return 0;

err_unregister_pernet:
	ovs_netns_unregister();
err_ct_limit_unregister:
	ovs_ct_limit_unregister();
err_ct_unregister:
	ovs_ct_unregister();
err_unregister_notifier:
	ovs_dp_notifier_unregister();
err_internal_dev_exit:
	ovs_internal_dev_exit();
err_actions_exit:
	ovs_actions_exit();
err_mask_exit:
	ovs_mask_exit();
err_flow_exit:
	ovs_flow_exit();
	return err;
}

static void __exit ovs_module_exit(void)
{
	ovs_genl_unregister();
	/*
	 * Destroys the datapaths of every namespace, and with them every
	 * internal device, before their link ops go: unregistering link ops
	 * with devices left would call their (absent) dellink.
	 */
	ovs_netns_unregister();
	/* Frees every namespace's limits and nf_conncount data. */
	ovs_ct_limit_unregister();
	ovs_ct_unregister();
	ovs_dp_notifier_unregister();
	ovs_internal_dev_exit();
	ovs_actions_exit();
	/*
	 * Let pending RCU frees of datapaths, vports, flows and masks run
	 * before unload, and before their caches go.
	 */
	rcu_barrier();
	ovs_mask_exit();
	ovs_flow_exit();
}

module_init(ovs_module_init);
module_exit(ovs_module_exit);

MODULE_DESCRIPTION("Open vSwitch switching datapath");
MODULE_LICENSE("GPL");
MODULE_VERSION(OVS_META_VERSION);

module_param_named(max_flows, ovs_flow_max_flows, uint, 0644);
MODULE_PARM_DESC(max_flows,
		 "Flows each datapath holds at most; 0 (the default): no limit");
module_param_cb(max_tuples, &ovs_max_tuples_ops, &ovs_flow_max_tuples, 0644);
MODULE_PARM_DESC(max_tuples,
		 "Tuples (merged masks) each datapath holds at most, 1 to 4096; 256 by default");

/* Lets genetlink family lookups (ovs-vswitchd, "genl ctrl") autoload us. */
MODULE_ALIAS_GENL_FAMILY(OVS_DATAPATH_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_VPORT_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_FLOW_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_PACKET_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_METER_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_CT_LIMIT_FAMILY);
