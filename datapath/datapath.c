// SPDX-License-Identifier: GPL-2.0-only
/*
 * Datapath objects: creation, teardown, lookup and statistics; ovs_lock;
 * the packet path from flow lookup to actions or a miss upcall; the
 * periodic mask reordering.  Namespaces come and go in linux/netns.c.
 */

#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "actions.h"
#include "datapath.h"
#include "flow_key.h"
#include "flow_table.h"
#include "meter.h"
#include "upcall.h"
#include "vport.h"
#include "linux/vport_internal.h"

/* ovs_lock(): every configuration change, in every namespace. */
DEFINE_MUTEX(ovs_mutex);

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

/*
 * Called under RCU or ovs_lock: writers of the port table hold ovs_lock,
 * so one walk serves both, and lockdep checks that one of them is held.
 * Open-coded: the list macros of older kernels take no such condition,
 * and newer ones check it only with CONFIG_PROVE_RCU_LIST.
 */
struct ovs_vport *ovs_dp_port(const struct ovs_dp *dp, u32 port_no)
{
	struct hlist_head *bucket = ovs_dp_bucket(dp, port_no);
	struct ovs_vport *vport;
	struct hlist_node *node;

	for (node = rcu_dereference_check(hlist_first_rcu(bucket),
					  ovs_lock_is_held());
	     node;
	     node = rcu_dereference_check(hlist_next_rcu(node),
					  ovs_lock_is_held())) {
		vport = hlist_entry(node, struct ovs_vport, dp_node);
		if (vport->port_no == port_no)
			return vport;
	}
	return NULL;
}

/*
 * The local port names the datapath.  Under ovs_lock it is always there;
 * under RCU the packet path can still run between ovs_dp_destroy()
 * unlinking it and its device going away.
 */
const char *ovs_dp_name(const struct ovs_dp *dp)
{
	const struct ovs_vport *local = ovs_dp_port(dp, OVSP_LOCAL);

	return local ? local->dev->name : "";
}

/* 0, which no device has, once the datapath is being destroyed. */
int ovs_dp_ifindex(const struct ovs_dp *dp)
{
	const struct ovs_vport *local = ovs_dp_port(dp, OVSP_LOCAL);

	return local ? local->dev->ifindex : 0;
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

	ovs_lock_assert();

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

	dp->meters = ovs_meter_tbl_alloc();
	if (!dp->meters)
		goto err_destroy_table;

	INIT_LIST_HEAD(&dp->node);
	write_pnet(&dp->net, net);
	dp->masks_cache_size = OVS_DP_MASKS_CACHE_DEFAULT;
	return dp;

err_destroy_table:
	ovs_flow_tbl_destroy(dp->table);
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
	ovs_meter_tbl_destroy(dp->meters);
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

	ovs_lock_assert();

	for (i = 0; i < OVS_DP_VPORT_HASH_BUCKETS; i++)
		hlist_for_each_entry_safe(vport, n, &dp->ports[i], dp_node)
			if (vport->port_no != OVSP_LOCAL)
				ovs_vport_del(vport);

	list_del_rcu(&dp->node);

	vport = ovs_dp_port(dp, OVSP_LOCAL);
	if (vport)
		ovs_vport_del(vport);

	/* Packets still in flight keep using the tables until they go. */
	ovs_meter_tbl_destroy(dp->meters);
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

	flow = ovs_flow_tbl_lookup_stats(dp->table, key,
					 ovs_flow_key_cache_hash(key),
					 &n_mask_hit, &n_cache_hit);
	if (unlikely(!flow)) {
		ovs_dp_count(dp, false, n_mask_hit, n_cache_hit);
		/* The upcall gives userspace the hash, as in-tree. */
		skb_get_hash(skb);
		ovs_dp_miss(dp, skb, key);
		return;
	}

	ovs_dp_count(dp, true, n_mask_hit, n_cache_hit);
	/* A tag the device took off into the skb was part of the frame. */
	ovs_flow_stats_update(flow, key->tp.flags, skb->len +
			      (skb_vlan_tag_present(skb) ? VLAN_HLEN : 0));
	acts = rcu_dereference(flow->acts);
	if (acts->hash_on_entry)
		skb_get_hash(skb);
	ovs_execute_actions(dp, skb, acts, key);
}

void ovs_dp_rebalance_arm(struct ovs_net *ovs_net)
{
	ovs_lock_assert();
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
void ovs_dp_rebalance_work(struct work_struct *work)
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
