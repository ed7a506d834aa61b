// SPDX-License-Identifier: GPL-2.0-only
/*
 * Netdev (and legacy tunnel) ports whose device goes away (deleted, moved
 * to another namespace, or its namespace destroyed) leave their datapath.
 *
 * The device cannot go until its last reference does, and the notifier
 * runs under rtnl, which ovs_lock nests outside of: so the notifier only
 * detaches the device at once, and a work item removes the vport from its
 * datapath under ovs_lock and tells userspace.
 *
 * Internal ports follow their device to other namespaces; one whose
 * device's namespace is destroyed leaves its datapath as that namespace
 * goes (ovs_dp_notify_net_exit()).
 */

#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rwsem.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "datapath.h"
#include "genl.h"
#include "vport.h"
#include "linux/dp_notify.h"
#include "linux/vport_internal.h"
#include "linux/vport_netdev.h"

void ovs_dp_notify_work(struct work_struct *work)
{
	struct ovs_net *ovs_net = container_of(work, struct ovs_net,
					       notify_work);
	struct ovs_vport *vport;
	struct hlist_node *n;
	struct ovs_dp *dp;
	int i;

	ovs_lock();
	list_for_each_entry(dp, &ovs_net->dps, node) {
		for (i = 0; i < OVS_DP_VPORT_HASH_BUCKETS; i++) {
			hlist_for_each_entry_safe(vport, n, &dp->ports[i],
						  dp_node) {
				/* Every other port has an rx handler. */
				if (vport->ops == &ovs_internal_vport_ops ||
				    ovs_netdev_is_attached(vport))
					continue;
				ovs_vport_notify(vport, OVS_VPORT_CMD_DEL);
				ovs_vport_del(vport);
			}
		}
	}
	ovs_unlock();
}

/* Ports of other namespaces' datapaths whose device is in dnet. */
struct ovs_dp_moved {
	struct net *dnet;
	struct list_head list;
};

/* Queues a moved port whose device lives in the dying namespace. */
static bool ovs_dp_collect_moved(struct ovs_vport *vport, void *arg)
{
	struct ovs_dp_moved *moved = arg;

	if (net_eq(dev_net(vport->dev), moved->dnet))
		list_add_tail(&vport->detach_node, &moved->list);
	return false;
}

/*
 * dnet is going away.  Its device cleanup would unregister the internal
 * port devices that moved there without a word to their datapaths: take
 * those ports out first.  Runs before that cleanup, as the namespace's
 * exit for device users does; called under ovs_lock.
 */
void ovs_dp_notify_net_exit(struct net *dnet)
{
	struct ovs_dp_moved moved = { .dnet = dnet };
	struct ovs_vport *vport, *n;
	struct net *net;

	ovs_lock_assert();

	INIT_LIST_HEAD(&moved.list);
	/* Datapaths of dnet itself are gone already. */
	down_read(&net_rwsem);
	for_each_net(net)
		if (!net_eq(net, dnet))
			ovs_vport_find_moved(net, ovs_dp_collect_moved, &moved);
	up_read(&net_rwsem);

	/* Deleting takes rtnl, which others hold when they take net_rwsem. */
	list_for_each_entry_safe(vport, n, &moved.list, detach_node) {
		list_del(&vport->detach_node);
		ovs_vport_notify(vport, OVS_VPORT_CMD_DEL);
		ovs_vport_del(vport);
	}
}

static int ovs_dp_device_event(struct notifier_block *nb,
			       unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct ovs_net *ovs_net;
	struct ovs_vport *vport;

	/* Also sent, in the old namespace, when a device changes namespace. */
	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;

	vport = ovs_netdev_vport(dev);
	if (!vport)
		return NOTIFY_DONE;

	/*
	 * The datapath outlives this: destroying it detaches its ports
	 * under rtnl first, and it is freed only after that.
	 */
	ovs_net = net_generic(ovs_dp_net(vport->dp), ovs_net_id);
	ovs_netdev_detach(vport);
	queue_work(system_wq, &ovs_net->notify_work);
	return NOTIFY_DONE;
}

static struct notifier_block ovs_dp_device_notifier = {
	.notifier_call = ovs_dp_device_event,
};

int __init ovs_dp_notifier_register(void)
{
	return register_netdevice_notifier(&ovs_dp_device_notifier);
}

void ovs_dp_notifier_unregister(void)
{
	unregister_netdevice_notifier(&ovs_dp_device_notifier);
}
