// SPDX-License-Identifier: GPL-2.0-only
/*
 * Internal ports: a net_device owned by the datapath.  What the host
 * transmits on it enters the datapath; the datapath's local port (port 0,
 * named after the datapath) is one of these.
 */

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/rtnetlink.h>

#include "datapath.h"
#include "vport.h"
#include "linux/vport_internal.h"

struct ovs_internal_stats {
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_dropped;
	u64_stats_t rx_dropped;
	struct u64_stats_sync syncp;
};

struct ovs_internal_dev {
	struct ovs_vport __rcu *vport;
	struct ovs_internal_stats __percpu *stats;
};

static struct ovs_internal_dev *ovs_internal_priv(const struct net_device *dev)
{
	return netdev_priv(dev);
}

static netdev_tx_t ovs_internal_xmit(struct sk_buff *skb,
				     struct net_device *dev)
{
	struct ovs_internal_dev *priv = ovs_internal_priv(dev);
	struct ovs_internal_stats *s = this_cpu_ptr(priv->stats);
	unsigned int len = skb->len;
	struct ovs_vport *vport;

	rcu_read_lock();
	vport = rcu_dereference(priv->vport);
	if (unlikely(!vport)) {
		u64_stats_update_begin(&s->syncp);
		u64_stats_inc(&s->tx_dropped);
		u64_stats_update_end(&s->syncp);
		rcu_read_unlock();
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	u64_stats_update_end(&s->syncp);

	skb_reset_mac_header(skb);
	ovs_vport_receive(vport, skb, NULL);
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

static int ovs_internal_open(struct net_device *dev)
{
	netif_start_queue(dev);
	return 0;
}

static int ovs_internal_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
	return 0;
}

static void ovs_internal_get_stats64(struct net_device *dev,
				     struct rtnl_link_stats64 *stats)
{
	struct ovs_internal_dev *priv = ovs_internal_priv(dev);
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct ovs_internal_stats *s = per_cpu_ptr(priv->stats, cpu);
		u64 tx_packets, tx_bytes, rx_packets, rx_bytes;
		u64 tx_dropped, rx_dropped;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			tx_packets = u64_stats_read(&s->tx_packets);
			tx_bytes = u64_stats_read(&s->tx_bytes);
			rx_packets = u64_stats_read(&s->rx_packets);
			rx_bytes = u64_stats_read(&s->rx_bytes);
			tx_dropped = u64_stats_read(&s->tx_dropped);
			rx_dropped = u64_stats_read(&s->rx_dropped);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		stats->tx_packets += tx_packets;
		stats->tx_bytes += tx_bytes;
		stats->rx_packets += rx_packets;
		stats->rx_bytes += rx_bytes;
		stats->tx_dropped += tx_dropped;
		stats->rx_dropped += rx_dropped;
	}
}

static void ovs_internal_get_drvinfo(struct net_device *dev,
				     struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "openvswitch", sizeof(info->driver));
	strscpy(info->version, OVS_META_VERSION, sizeof(info->version));
}

static const struct ethtool_ops ovs_internal_ethtool_ops = {
	.get_drvinfo = ovs_internal_get_drvinfo,
	.get_link = ethtool_op_get_link,
};

static const struct net_device_ops ovs_internal_netdev_ops = {
	.ndo_open = ovs_internal_open,
	.ndo_stop = ovs_internal_stop,
	.ndo_start_xmit = ovs_internal_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_get_stats64 = ovs_internal_get_stats64,
};

/*
 * No dellink: an internal port goes away only with its vport, never by
 * "ip link del" behind the datapath's back.
 */
static struct rtnl_link_ops ovs_internal_link_ops __read_mostly = {
	.kind = "openvswitch",
};

/*
 * Idempotent: depending on the kernel, a failed register_netdevice() runs
 * the destructor itself or leaves it to us.
 */
static void ovs_internal_free(struct net_device *dev)
{
	struct ovs_internal_dev *priv = ovs_internal_priv(dev);

	free_percpu(priv->stats);
	priv->stats = NULL;
}

static void ovs_internal_setup(struct net_device *dev)
{
	ether_setup(dev);

	dev->netdev_ops = &ovs_internal_netdev_ops;
	dev->ethtool_ops = &ovs_internal_ethtool_ops;
	dev->rtnl_link_ops = &ovs_internal_link_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = ovs_internal_free;
	dev->max_mtu = ETH_MAX_MTU;

	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_OPENVSWITCH |
			   IFF_NO_QUEUE;

	/*
	 * Whatever leaves through the datapath is segmented, if at all, by the
	 * device it leaves by: the host's tunnel packets (VXLAN, GENEVE, GRE,
	 * IP-in-IP) routed over an internal port stay large until then.
	 */
	dev->features = NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA |
			NETIF_F_HW_CSUM | NETIF_F_GSO_SOFTWARE |
			NETIF_F_GSO_ENCAP_ALL;
	dev->vlan_features = dev->features;
	dev->hw_enc_features = dev->features;
	dev->features |= NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_STAG_TX;
	dev->hw_features = dev->features;
	ovs_netdev_set_lltx(dev);

	eth_hw_addr_random(dev);
}

bool ovs_is_internal_dev(const struct net_device *dev)
{
	return dev->netdev_ops == &ovs_internal_netdev_ops;
}

/* Called under RCU, rtnl or ovs_lock. */
struct ovs_vport *ovs_internal_dev_vport(const struct net_device *dev)
{
	return rcu_dereference_check(ovs_internal_priv(dev)->vport,
				     rtnl_is_locked() || ovs_lock_is_held());
}

static struct ovs_vport *ovs_internal_create(const struct ovs_vport_parms *parms)
{
	struct ovs_internal_dev *priv;
	struct ovs_vport *vport;
	struct net_device *dev;
	int err;

	ovs_lock_assert();

	/* A '%' would make the kernel pick a name other than the one asked for. */
	if (!dev_valid_name(parms->name) || strchr(parms->name, '%')) {
		NL_SET_ERR_MSG_MOD(parms->extack, "invalid device name");
		return ERR_PTR(-EINVAL);
	}

	vport = ovs_vport_alloc(&ovs_internal_vport_ops, parms);
	if (IS_ERR(vport))
		return vport;

	dev = alloc_netdev(sizeof(*priv), parms->name, NET_NAME_USER,
			   ovs_internal_setup);
	if (!dev) {
		err = -ENOMEM;
		goto err_free_vport;
	}
	priv = ovs_internal_priv(dev);
	priv->stats = alloc_percpu(struct ovs_internal_stats);
	if (!priv->stats) {
		err = -ENOMEM;
		goto err_free_netdev;
	}
	dev_net_set(dev, ovs_dp_net(parms->dp));
	/*
	 * The local port names the datapath in its namespace.  The others
	 * may go to another namespace (an OpenStack agent's, a container's)
	 * and stay in the datapath there.
	 */
	if (parms->port_no == OVSP_LOCAL)
		ovs_netdev_set_netns_local(dev);
	dev->ifindex = parms->desired_ifindex;
	RCU_INIT_POINTER(priv->vport, vport);
	vport->dev = dev;

	rtnl_lock();
	err = register_netdevice(dev);
	if (err) {
		if (err == -EEXIST || err == -EBUSY)
			NL_SET_ERR_MSG_MOD(parms->extack,
					   "a device with this name or ifindex exists");
		goto err_unlock;
	}
	dev_set_promiscuity(dev, 1);
	netif_start_queue(dev);
	rtnl_unlock();
	return vport;

err_unlock:
	rtnl_unlock();
	/* Never registered, so needs_free_netdev does not apply. */
	ovs_internal_free(dev);
err_free_netdev:
	free_netdev(dev);
err_free_vport:
	ovs_vport_free(vport);
	return ERR_PTR(err);
}

/* Called under ovs_lock, with the vport already unhooked from its datapath. */
static void ovs_internal_destroy(struct ovs_vport *vport)
{
	struct net_device *dev = vport->dev;

	ovs_lock_assert();

	rtnl_lock();
	RCU_INIT_POINTER(ovs_internal_priv(dev)->vport, NULL);
	dev_set_promiscuity(dev, -1);
	unregister_netdevice(dev);
	rtnl_unlock();

	ovs_vport_free_rcu(vport);
}

/*
 * The datapath sends to an internal port: the frame goes up the host stack
 * as if the device had received it.  Called under RCU with bottom halves
 * disabled.
 */
static void ovs_internal_send(struct ovs_vport *vport, struct sk_buff *skb)
{
	struct net_device *dev = vport->dev;
	unsigned int len = skb->len;
	struct ovs_internal_stats *s;

	s = this_cpu_ptr(ovs_internal_priv(dev)->stats);
	if (unlikely(!(dev->flags & IFF_UP))) {
		u64_stats_update_begin(&s->syncp);
		u64_stats_inc(&s->rx_dropped);
		u64_stats_update_end(&s->syncp);
		kfree_skb(skb);
		return;
	}

	/* Routing, conntrack and xfrm state of its way here do not apply. */
	skb_scrub_packet(skb, false);
	skb->protocol = eth_type_trans(skb, dev);
	skb_postpull_rcsum(skb, eth_hdr(skb), ETH_HLEN);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	u64_stats_update_end(&s->syncp);

	netif_rx(skb);
}

const struct ovs_vport_ops ovs_internal_vport_ops = {
	.type = OVS_VPORT_TYPE_INTERNAL,
	.create = ovs_internal_create,
	.destroy = ovs_internal_destroy,
	.send = ovs_internal_send,
};

int __init ovs_internal_dev_init(void)
{
	return rtnl_link_register(&ovs_internal_link_ops);
}

void ovs_internal_dev_exit(void)
{
	rtnl_link_unregister(&ovs_internal_link_ops);
}
