// SPDX-License-Identifier: GPL-2.0-only
/*
 * Vport objects: allocation, attachment to a datapath's port table, and the
 * per-port state the netlink families report.
 */

#include <linux/if_vlan.h>
#include <linux/kernel.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/netns/generic.h>

#include "datapath.h"
#include "flow_key.h"
#include "vport.h"
#include "linux/tunnel_md.h"
#include "linux/vport_internal.h"
#include "linux/vport_netdev.h"
#include "linux/vport_tunnel.h"

static const struct ovs_vport_ops *ovs_vport_ops_for(enum ovs_vport_type type)
{
	switch (type) {
	case OVS_VPORT_TYPE_INTERNAL:
		return &ovs_internal_vport_ops;
	case OVS_VPORT_TYPE_NETDEV:
		return &ovs_netdev_vport_ops;
	case OVS_VPORT_TYPE_GRE:
		return &ovs_tunnel_gre_vport_ops;
	case OVS_VPORT_TYPE_VXLAN:
		return &ovs_tunnel_vxlan_vport_ops;
	case OVS_VPORT_TYPE_GENEVE:
		return &ovs_tunnel_geneve_vport_ops;
	default:
		return NULL;
	}
}

bool ovs_vport_type_is_tunnel(enum ovs_vport_type type)
{
	return type == OVS_VPORT_TYPE_GRE || type == OVS_VPORT_TYPE_VXLAN ||
	       type == OVS_VPORT_TYPE_GENEVE;
}

struct ovs_vport *ovs_vport_alloc(const struct ovs_vport_ops *ops,
				  const struct ovs_vport_parms *parms)
{
	struct ovs_vport *vport;
	int cpu;

	vport = kzalloc(sizeof(*vport), GFP_KERNEL);
	if (!vport)
		return ERR_PTR(-ENOMEM);

	vport->upcall_stats = alloc_percpu(struct ovs_vport_upcall_stats);
	if (!vport->upcall_stats) {
		kfree(vport);
		return ERR_PTR(-ENOMEM);
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(vport->upcall_stats, cpu)->syncp);

	vport->ops = ops;
	vport->dp = parms->dp;
	vport->port_no = parms->port_no;
	vport->tun = parms->tun;
	INIT_HLIST_NODE(&vport->dp_node);
	return vport;
}

void ovs_vport_free(struct ovs_vport *vport)
{
	kfree(rcu_dereference_raw(vport->upcall_pids));
	free_percpu(vport->upcall_stats);
	kfree(vport);
}

static void ovs_vport_free_rcu_cb(struct rcu_head *rcu)
{
	ovs_vport_free(container_of(rcu, struct ovs_vport, rcu));
}

/* Frees the vport once packet-path readers can no longer see it. */
void ovs_vport_free_rcu(struct ovs_vport *vport)
{
	call_rcu(&vport->rcu, ovs_vport_free_rcu_cb);
}

/* Called under ovs_lock.  Takes ownership of parms->upcall_pids. */
struct ovs_vport *ovs_vport_add(const struct ovs_vport_parms *parms)
{
	const struct ovs_vport_ops *ops = ovs_vport_ops_for(parms->type);
	struct ovs_dp *dp = parms->dp;
	struct ovs_vport *vport;

	ovs_lock_assert();

	if (!ops) {
		kfree(parms->upcall_pids);
		NL_SET_ERR_MSG_MOD(parms->extack,
				   "this vport type is not supported by this datapath");
		return ERR_PTR(-EAFNOSUPPORT);
	}

	vport = ops->create(parms);
	if (IS_ERR(vport)) {
		kfree(parms->upcall_pids);
		return vport;
	}

	rcu_assign_pointer(vport->upcall_pids, parms->upcall_pids);
	hlist_add_head_rcu(&vport->dp_node, ovs_dp_bucket(dp, vport->port_no));
	return vport;
}

/* Called under ovs_lock. */
void ovs_vport_del(struct ovs_vport *vport)
{
	ovs_lock_assert();
	hlist_del_init_rcu(&vport->dp_node);
	vport->ops->destroy(vport);
}

/* Called under RCU, rtnl or ovs_lock. */
struct ovs_vport *ovs_vport_from_dev(const struct net_device *dev)
{
	if (ovs_is_internal_dev(dev))
		return ovs_internal_dev_vport(dev);
	return ovs_netdev_vport(dev);
}

/*
 * Calls fn on each internal port of net's datapaths whose device lives in
 * another namespace, until fn returns true; returns that port, or NULL.
 * Called under ovs_lock.
 */
struct ovs_vport *ovs_vport_find_moved(struct net *net,
				       bool (*fn)(struct ovs_vport *, void *),
				       void *arg)
{
	struct ovs_net *ovs_net = net_generic(net, ovs_net_id);
	struct ovs_vport *vport;
	struct ovs_dp *dp;
	int i;

	ovs_lock_assert();

	list_for_each_entry(dp, &ovs_net->dps, node) {
		for (i = 0; i < OVS_DP_VPORT_HASH_BUCKETS; i++) {
			hlist_for_each_entry(vport, &dp->ports[i], dp_node) {
				if (vport->ops == &ovs_internal_vport_ops &&
				    !net_eq(dev_net(vport->dev), net) &&
				    fn(vport, arg))
					return vport;
			}
		}
	}
	return NULL;
}

static bool ovs_vport_named(struct ovs_vport *vport, void *name)
{
	return !strcmp(vport->dev->name, name);
}

/*
 * Vports are found through their device, so a rename under us is seen at
 * once; by name in their datapath's namespace, also when an internal
 * port's device lives in another one (and not from there).  Called under
 * ovs_lock, which keeps the vport alive.
 */
struct ovs_vport *ovs_vport_locate(struct net *net, const char *name)
{
	struct ovs_vport *vport = NULL;
	struct net_device *dev;

	ovs_lock_assert();

	rcu_read_lock();
	dev = dev_get_by_name_rcu(net, name);
	if (dev)
		vport = ovs_vport_from_dev(dev);
	rcu_read_unlock();
	if (vport && net_eq(ovs_dp_net(vport->dp), net))
		return vport;
	return ovs_vport_find_moved(net, ovs_vport_named, (void *)name);
}

void ovs_vport_get_stats(const struct ovs_vport *vport,
			 struct ovs_vport_stats *stats)
{
	struct rtnl_link_stats64 dev_stats;

	dev_get_stats(vport->dev, &dev_stats);
	stats->rx_packets = dev_stats.rx_packets;
	stats->rx_bytes = dev_stats.rx_bytes;
	stats->rx_errors = dev_stats.rx_errors;
	stats->rx_dropped = dev_stats.rx_dropped;
	stats->tx_packets = dev_stats.tx_packets;
	stats->tx_bytes = dev_stats.tx_bytes;
	stats->tx_errors = dev_stats.tx_errors;
	stats->tx_dropped = dev_stats.tx_dropped;
}

/* Called under ovs_lock.  Takes ownership of pids. */
void ovs_vport_set_upcall_pids(struct ovs_vport *vport,
			       struct ovs_portids *pids)
{
	struct ovs_portids *old = ovs_dereference(vport->upcall_pids);

	ovs_lock_assert();

	rcu_assign_pointer(vport->upcall_pids, pids);
	if (old)
		kfree_rcu(old, rcu);
}

/*
 * What precedes the network header of a packet from skb->dev: an L3 device
 * hands up bare packets, and Ethernet frames marked ETH_P_TEB.  Negative
 * for a device that changed type under the port (TUNSETLINK).
 */
static int ovs_vport_rx_mac_proto(const struct sk_buff *skb)
{
	switch (skb->dev->type) {
	case ARPHRD_ETHER:
		return OVS_MAC_PROTO_ETHERNET;
	case ARPHRD_NONE:
		if (skb->protocol == htons(ETH_P_TEB))
			return OVS_MAC_PROTO_ETHERNET;
		return OVS_MAC_PROTO_NONE;
	default:
		return -EINVAL;
	}
}

/*
 * A packet entered the datapath from this port, its MAC header (or for an
 * L3 packet its network header) at skb->data; tun_info: the tunnel it came
 * out of, or NULL.  Called under RCU with
 * bottom halves disabled.
 */
void ovs_vport_receive(struct ovs_vport *vport, struct sk_buff *skb,
		       const struct ip_tunnel_info *tun_info)
{
	int mac_proto = ovs_vport_rx_mac_proto(skb);
	/* Key extraction clears it: no second clear by the compiler. */
	struct ovs_key key __uninitialized;

	if (unlikely(mac_proto < 0)) {
		kfree_skb(skb);
		return;
	}

	/*
	 * A packet from another namespace keeps nothing of it but its mark:
	 * not its tunnel either, whose metadata dst the scrub frees.
	 */
	if (unlikely(!net_eq(dev_net(skb->dev), ovs_dp_net(vport->dp)))) {
		u32 mark = skb->mark;

		skb_scrub_packet(skb, true);
		skb->mark = mark;
		tun_info = NULL;
	}

	memset(OVS_CB(skb), 0, sizeof(struct ovs_skb_cb));
	OVS_CB(skb)->input_vport = vport;

	if (unlikely(ovs_flow_key_extract(skb, vport->port_no, mac_proto,
					  &key))) {
		kfree_skb(skb);
		return;
	}
	if (tun_info)
		ovs_tunnel_md_key(tun_info, &key);
	ovs_dp_process_packet(skb, &key);
}

/*
 * What the device's MTU limits: the frame past its L2 header, and past one
 * VLAN tag still in the data, as drivers leave room for one.
 */
static unsigned int ovs_vport_l3_len(const struct sk_buff *skb,
				     const struct net_device *dev)
{
	unsigned int hdr = dev->hard_header_len;

	if (!skb_vlan_tag_present(skb) && eth_type_vlan(skb->protocol))
		hdr += VLAN_HLEN;
	return skb->len > hdr ? skb->len - hdr : 0;
}

/* Called under RCU with bottom halves disabled. */
void ovs_vport_send(struct ovs_vport *vport, struct sk_buff *skb, u8 mac_proto)
{
	struct net_device *dev = vport->dev;

	/*
	 * An Ethernet device carries only frames; an L3 device (a tunnel in
	 * L3 mode) carries packets, and frames as transparent Ethernet.
	 */
	switch (dev->type) {
	case ARPHRD_ETHER:
		if (unlikely(mac_proto != OVS_MAC_PROTO_ETHERNET))
			goto err_drop;
		break;
	case ARPHRD_NONE:
		if (mac_proto == OVS_MAC_PROTO_ETHERNET) {
			skb_reset_network_header(skb);
			skb_reset_mac_len(skb);
			skb->protocol = htons(ETH_P_TEB);
		}
		break;
	default:
		goto err_drop;
	}
	/* GSO packets are cut to size on the way out. */
	if (unlikely(ovs_vport_l3_len(skb, dev) > dev->mtu &&
		     !skb_is_gso(skb))) {
		if (dev->flags & IFF_UP)
			net_warn_ratelimited("%s: dropped a %u-byte packet over the MTU of %u\n",
					     dev->name, skb->len, dev->mtu);
		goto err_drop;
	}
	/*
	 * A receive time stamp would read as a departure time to pacing
	 * qdiscs; a departure time in the monotonic clock (EDT) is one.
	 */
	skb_clear_tstamp(skb);
	vport->ops->send(vport, skb);
	return;

err_drop:
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
}

/*
 * With several pids (OVS_DP_F_VPORT_PIDS), a flow's misses always go to the
 * same one, so that a handler thread sees them in order.
 * Called under RCU.
 */
u32 ovs_vport_upcall_portid(const struct ovs_vport *vport,
			    struct sk_buff *skb)
{
	const struct ovs_portids *pids = rcu_dereference(vport->upcall_pids);

	if (!pids || !pids->n_ids)
		return 0;
	if (pids->n_ids == 1)
		return pids->ids[0];
	return pids->ids[reciprocal_scale(skb_get_hash(skb), pids->n_ids)];
}
