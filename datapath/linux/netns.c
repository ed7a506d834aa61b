// SPDX-License-Identifier: GPL-2.0-only
/*
 * The datapath's per-namespace state (struct ovs_net) and its lifetime: a
 * namespace that goes away takes its datapaths with it.
 */

#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "datapath.h"
#include "linux/dp_notify.h"
#include "linux/netns.h"

unsigned int ovs_net_id __read_mostly;

static int __net_init ovs_net_init(struct net *net)
{
	struct ovs_net *ovs_net = net_generic(net, ovs_net_id);

	INIT_LIST_HEAD(&ovs_net->dps);
	INIT_WORK(&ovs_net->notify_work, ovs_dp_notify_work);
	INIT_DELAYED_WORK(&ovs_net->masks_rebalance, ovs_dp_rebalance_work);
	return 0;
}

/*
 * The namespace is going away: its datapaths go with it, and their ports
 * release their devices, wherever those are.  So do the internal ports of
 * other namespaces' datapaths whose devices moved here.
 */
static void __net_exit ovs_net_exit(struct net *net)
{
	struct ovs_net *ovs_net = net_generic(net, ovs_net_id);
	struct ovs_dp *dp, *n;

	ovs_lock();
	list_for_each_entry_safe(dp, n, &ovs_net->dps, node)
		ovs_dp_destroy(dp);
	ovs_dp_notify_net_exit(net);
	ovs_unlock();

	/*
	 * No port is left to queue the one, no datapath to re-arm the
	 * other; both outside ovs_lock, which the works take.
	 */
	cancel_delayed_work_sync(&ovs_net->masks_rebalance);
	cancel_work_sync(&ovs_net->notify_work);
}

static struct pernet_operations ovs_net_ops = {
	.init = ovs_net_init,
	.exit = ovs_net_exit,
	.id = &ovs_net_id,
	.size = sizeof(struct ovs_net),
};

int __init ovs_netns_register(void)
{
	/* As a device user, so that our exit runs before devices are torn down. */
	return register_pernet_device(&ovs_net_ops);
}

void ovs_netns_unregister(void)
{
	unregister_pernet_device(&ovs_net_ops);
}
