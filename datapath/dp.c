// SPDX-License-Identifier: GPL-2.0-only
/*
 * Datapath objects: creation, teardown, lookup and statistics, and their
 * lifetime with respect to network namespaces.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "actions.h"
#include "datapath.h"
#include "flow.h"
#include "flow_table.h"
#include "vport.h"

static DEFINE_MUTEX(ovs_mutex);

void ovs_lock(void)
{
	mutex_lock(&ovs_mutex);
}

void ovs_unlock(void)
{
	mutex_unlock(&ovs_mutex);
}

#ifdef CONFIG_LOCKDEP
bool ovs_lock_is_held(void)
{
	if (debug_locks)
		return lockdep_is_held(&ovs_mutex);
	return true;
}
#endif

unsigned int ovs_net_id __read_mostly;

/* Called under ovs_lock, which excludes every writer of the port table. */
struct ovs_vport *ovs_dp_port(const struct ovs_dp *dp, u32 port_no)
{
	struct ovs_vport *vport;

	hlist_for_each_entry(vport, ovs_dp_bucket(dp, port_no), dp_node) {
		if (vport->port_no == port_no)
			return vport;
	}
	return NULL;
}

/* The packet path's lookup: called under RCU. */
struct ovs_vport *ovs_dp_port_rcu(const struct ovs_dp *dp, u32 port_no)
{
	struct ovs_vport *vport;

	hlist_for_each_entry_rcu(vport, ovs_dp_bucket(dp, port_no), dp_node) {
		if (vport->port_no == port_no)
			return vport;
	}
	return NULL;
}

/* The local port exists for the datapath's whole life. */
const char *ovs_dp_name(const struct ovs_dp *dp)
{
	return ovs_dp_port(dp, OVSP_LOCAL)->dev->name;
}

int ovs_dp_ifindex(const struct ovs_dp *dp)
{
	return ovs_dp_port(dp, OVSP_LOCAL)->dev->ifindex;
}

/*
 * Userspace names a datapath by the ifindex of one of its internal ports,
 * normally the local one.  An internal port moved to another namespace
 * names nothing there: that namespace does not own the datapath.
 * Called under RCU or ovs_lock.
 */
struct ovs_dp *ovs_dp_lookup_by_ifindex(struct net *net, int ifindex)
{
	struct net_device *dev;
	struct ovs_vport *vport;
	struct ovs_dp *dp = NULL;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	if (dev && ovs_is_internal_dev(dev)) {
		vport = ovs_internal_dev_vport(dev);
		if (vport && net_eq(ovs_dp_net(vport->dp), net))
			dp = vport->dp;
	}
	rcu_read_unlock();
	return dp;
}

/* Called under ovs_lock. */
struct ovs_dp *ovs_dp_lookup_by_name(struct net *net, const char *name)
{
	struct ovs_vport *vport = ovs_vport_locate(net, name);

	if (!vport || vport->port_no != OVSP_LOCAL)
		return NULL;
	return vport->dp;
}

struct ovs_dp *ovs_dp_alloc(struct net *net)
{
	struct ovs_dp *dp;
	int cpu;

	dp = kzalloc(sizeof(*dp), GFP_KERNEL);
	if (!dp)
		return NULL;

	dp->ports = kcalloc(OVS_DP_VPORT_HASH_BUCKETS, sizeof(*dp->ports),
			    GFP_KERNEL);
	if (!dp->ports)
		goto err_free_dp;

	dp->stats = alloc_percpu(struct ovs_dp_stats_percpu);
	if (!dp->stats)
		goto err_free_ports;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(dp->stats, cpu)->syncp);

	dp->table = ovs_flow_tbl_alloc(OVS_DP_MASKS_CACHE_DEFAULT);
	if (!dp->table)
		goto err_free_stats;

	INIT_LIST_HEAD(&dp->node);
	write_pnet(&dp->net, net);
	dp->masks_cache_size = OVS_DP_MASKS_CACHE_DEFAULT;
	return dp;

err_free_stats:
	free_percpu(dp->stats);
err_free_ports:
	kfree(dp->ports);
err_free_dp:
	kfree(dp);
	return NULL;
}

static void ovs_dp_free_mem(struct ovs_dp *dp)
{
	kfree(rcu_dereference_raw(dp->cpu_pids));
	free_percpu(dp->stats);
	kfree(dp->ports);
	kfree(dp);
}

/* Frees a datapath that was never published. */
void ovs_dp_free(struct ovs_dp *dp)
{
	ovs_flow_tbl_destroy(dp->table);
	ovs_dp_free_mem(dp);
}

static void ovs_dp_free_rcu(struct rcu_head *rcu)
{
	ovs_dp_free_mem(container_of(rcu, struct ovs_dp, rcu));
}

/*
 * Detaches every port, the local one last since it names the datapath,
 * then unpublishes and frees the datapath after readers are gone.
 * Called under ovs_lock.
 */
void ovs_dp_destroy(struct ovs_dp *dp)
{
	struct ovs_vport *vport;
	struct hlist_node *n;
	int i;

	for (i = 0; i < OVS_DP_VPORT_HASH_BUCKETS; i++)
		hlist_for_each_entry_safe(vport, n, &dp->ports[i], dp_node)
			if (vport->port_no != OVSP_LOCAL)
				ovs_vport_del(vport);

	list_del_rcu(&dp->node);

	vport = ovs_dp_port(dp, OVSP_LOCAL);
	if (vport)
		ovs_vport_del(vport);

	/* Packets still in flight keep using the table until it goes. */
	ovs_flow_tbl_destroy(dp->table);
	call_rcu(&dp->rcu, ovs_dp_free_rcu);
}

void ovs_dp_stats_read(const struct ovs_dp *dp, struct ovs_dp_stats *stats,
		       struct ovs_dp_megaflow_stats *mega)
{
	u64 n_cache_hit = 0;
	int cpu;

	memset(stats, 0, sizeof(*stats));
	memset(mega, 0, sizeof(*mega));

	for_each_possible_cpu(cpu) {
		const struct ovs_dp_stats_percpu *s = per_cpu_ptr(dp->stats, cpu);
		u64 hit, missed, lost, mask_hit, cache_hit;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			hit = u64_stats_read(&s->n_hit);
			missed = u64_stats_read(&s->n_missed);
			lost = u64_stats_read(&s->n_lost);
			mask_hit = u64_stats_read(&s->n_mask_hit);
			cache_hit = u64_stats_read(&s->n_cache_hit);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		stats->n_hit += hit;
		stats->n_missed += missed;
		stats->n_lost += lost;
		mega->n_mask_hit += mask_hit;
		n_cache_hit += cache_hit;
	}
	ovs_megaflow_stats_set_cache_hit(mega, n_cache_hit);
	stats->n_flows = ovs_flow_tbl_count(dp->table);
	mega->n_masks = ovs_flow_tbl_num_masks(dp->table);
}

u32 ovs_dp_cpu_upcall_portid(const struct ovs_dp *dp)
{
	const struct ovs_portids *pids = rcu_dereference(dp->cpu_pids);

	if (!pids || !pids->n_ids)
		return 0;
	return pids->ids[smp_processor_id() % pids->n_ids];
}

static void ovs_dp_count(struct ovs_dp *dp, bool hit, u32 n_mask_hit,
			 u32 n_cache_hit)
{
	struct ovs_dp_stats_percpu *s = this_cpu_ptr(dp->stats);

	u64_stats_update_begin(&s->syncp);
	if (hit)
		u64_stats_inc(&s->n_hit);
	else
		u64_stats_inc(&s->n_missed);
	u64_stats_add(&s->n_mask_hit, n_mask_hit);
	u64_stats_add(&s->n_cache_hit, n_cache_hit);
	u64_stats_update_end(&s->syncp);
}

/* No flow matched: userspace decides, and usually installs one. */
static void ovs_dp_miss(struct ovs_dp *dp, struct sk_buff *skb,
			const struct ovs_key *key)
{
	struct ovs_upcall_info info = { .cmd = OVS_PACKET_CMD_MISS };

	if (dp->user_features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU)
		info.portid = ovs_dp_cpu_upcall_portid(dp);
	else
		info.portid = ovs_vport_upcall_portid(OVS_CB(skb)->input_vport,
						      skb);
	info.mru = OVS_CB(skb)->mru;

	/* ovs_dp_upcall() counts a failure as lost. */
	if (ovs_dp_upcall(dp, skb, key, &info, 0))
		kfree_skb(skb);
	else
		consume_skb(skb);
}

void ovs_dp_process_packet(struct sk_buff *skb, struct ovs_key *key)
{
	struct ovs_dp *dp = OVS_CB(skb)->input_vport->dp;
	const struct ovs_actions *acts;
	u32 n_mask_hit = 0, n_cache_hit = 0;
	struct ovs_flow *flow;

	flow = ovs_flow_tbl_lookup_stats(dp->table, key, skb_get_hash(skb),
					 &n_mask_hit, &n_cache_hit);
	if (unlikely(!flow)) {
		ovs_dp_count(dp, false, n_mask_hit, n_cache_hit);
		ovs_dp_miss(dp, skb, key);
		return;
	}

	ovs_dp_count(dp, true, n_mask_hit, n_cache_hit);
	ovs_flow_stats_update(flow, key->tp.flags, skb->len);
	acts = rcu_dereference(flow->acts);
	ovs_execute_actions(dp, skb, acts, key);
}

void ovs_dp_rebalance_arm(struct ovs_net *ovs_net)
{
	/* Already pending: the datapath is included when it runs. */
	queue_delayed_work(system_power_efficient_wq, &ovs_net->masks_rebalance,
			   round_jiffies_relative(OVS_DP_REBALANCE_INTERVAL));
}

/*
 * Inserts reorder a table's masks, but traffic can move between existing
 * flows without any insert; this catches up every few seconds.  It stops
 * with the namespace's last datapath (no idle wakeups in namespaces that
 * never had one) and the next datapath's creation starts it again: both
 * happen under ovs_lock, so one of the two always sees the other.
 */
static void ovs_dp_rebalance_work(struct work_struct *work)
{
	struct ovs_net *ovs_net = container_of(to_delayed_work(work),
					       struct ovs_net, masks_rebalance);
	struct ovs_dp *dp;

	ovs_lock();
	list_for_each_entry(dp, &ovs_net->dps, node)
		ovs_flow_tbl_masks_rebalance(dp->table);
	if (!list_empty(&ovs_net->dps))
		ovs_dp_rebalance_arm(ovs_net);
	ovs_unlock();
}

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

int ovs_dp_pernet_register(void)
{
	/* As a device user, so that our exit runs before devices are torn down. */
	return register_pernet_device(&ovs_net_ops);
}

void ovs_dp_pernet_unregister(void)
{
	unregister_pernet_device(&ovs_net_ops);
}
