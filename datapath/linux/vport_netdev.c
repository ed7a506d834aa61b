// SPDX-License-Identifier: GPL-2.0-only
/*
 * Netdev ports: an existing Ethernet or L3 (ARPHRD_NONE: tun in L3 mode,
 * WireGuard, tunnels in metadata mode) device of the datapath's namespace,
 * attached through an rx handler.  What the device receives enters the
 * datapath instead of the host stack; the datapath transmits on it.
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/dst_metadata.h>

#include "datapath.h"
#include "vport.h"
#include "linux/vport_internal.h"
#include "linux/vport_netdev.h"

/* Called under RCU with bottom halves disabled. */
static rx_handler_result_t ovs_netdev_frame_hook(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct ovs_vport *vport;

	/* Our own transmissions, looped back to taps: not for the datapath. */
	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	vport = rcu_dereference(skb->dev->rx_handler_data);
	if (unlikely(!vport || skb_warn_if_lro(skb))) {
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}

	/* Taps that saw the packet before us keep their view of it. */
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return RX_HANDLER_CONSUMED;

	/*
	 * The flow key is extracted from the Ethernet header on, which an
	 * L3 device never pulled (it has none, or carries the frame whole).
	 */
	if (skb->dev->type == ARPHRD_ETHER)
		skb_push_rcsum(skb, ETH_HLEN);
	/* A tunnel device in metadata mode says where the packet came from. */
	ovs_vport_receive(vport, skb, skb_tunnel_info(skb));
	return RX_HANDLER_CONSUMED;
}

/*
 * The vport a device is attached as, or NULL.  The private flag is set only
 * while our rx handler is registered, so rx_handler_data is ours.
 * Called under RCU, rtnl or ovs_lock.
 */
struct ovs_vport *ovs_netdev_vport(const struct net_device *dev)
{
	if (!netif_is_ovs_port(dev))
		return NULL;
	return rcu_dereference_check(dev->rx_handler_data,
				     rtnl_is_locked() || ovs_lock_is_held());
}

/*
 * Whether vport still owns its device.  After a detach the device may have
 * moved to another namespace and been attached again, as another vport.
 */
bool ovs_netdev_is_attached(const struct ovs_vport *vport)
{
	const struct net_device *dev = vport->dev;

	return netif_is_ovs_port(dev) &&
	       rcu_access_pointer(dev->rx_handler_data) == vport;
}

static int ovs_netdev_check(const struct net_device *dev,
			    struct netlink_ext_ack *extack)
{
	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a loopback device cannot be a datapath port");
		return -EINVAL;
	}
	if (ovs_is_internal_dev(dev)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "an internal port cannot also be a netdev port");
		return -EINVAL;
	}
	/* Ethernet frames, or packets with no link-layer header at all. */
	if ((dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN) &&
	    dev->type != ARPHRD_NONE) {
		NL_SET_ERR_MSG_MOD(extack,
				   "only Ethernet and L3 (ARPHRD_NONE) devices can be netdev ports");
		return -EINVAL;
	}
	return 0;
}

/*
 * Why the core would not make the datapath dev's master: it says so itself
 * only through a notifier that refused, and then its reason is kept.
 */
static void ovs_netdev_link_refused(int err, struct netlink_ext_ack *extack)
{
	switch (err) {
	case -EEXIST:
		/* Its master already is this datapath's local device. */
		NL_SET_ERR_MSG_MOD(extack,
				   "the device is already a port of this datapath");
		break;
	case -EBUSY:
		NL_SET_ERR_MSG_MOD(extack,
				   "the device belongs to another master");
		break;
	case -EMLINK:
		NL_SET_ERR_MSG_MOD(extack,
				   "the device is nested too deeply to be a port");
		break;
	default:
		if (extack && !extack->_msg)
			NL_SET_ERR_MSG_MOD(extack,
					   "the device refused the datapath as its master");
		break;
	}
}

/*
 * Hooks dev, whose reference vport->dev holds, to vport: what it receives
 * goes to the datapath from now on.  Called under rtnl.
 */
int ovs_netdev_attach(struct ovs_vport *vport, struct netlink_ext_ack *extack)
{
	struct net_device *local = ovs_dp_port(vport->dp, OVSP_LOCAL)->dev;
	struct net_device *dev = vport->dev;
	int err;

	ASSERT_RTNL();

	err = ovs_netdev_check(dev, extack);
	if (err)
		return err;
	/* "ip link" then shows the datapath as the device's master. */
	err = netdev_master_upper_dev_link(dev, local, NULL, NULL, extack);
	if (err) {
		ovs_netdev_link_refused(err, extack);
		return err;
	}
	err = netdev_rx_handler_register(dev, ovs_netdev_frame_hook, vport);
	if (err) {
		if (err == -EBUSY)
			NL_SET_ERR_MSG_MOD(extack,
					   "the device belongs to another master");
		goto err_upper_unlink;
	}
	/* Merged frames could not be forwarded as they were received. */
	dev_disable_lro(dev);
	dev_set_promiscuity(dev, 1);
	dev->priv_flags |= IFF_OVS_DATAPATH;
	return 0;

err_upper_unlink:
	netdev_upper_dev_unlink(dev, local);
	return err;
}

static struct ovs_vport *ovs_netdev_create(const struct ovs_vport_parms *parms)
{
	struct ovs_vport *vport;
	struct net_device *dev;
	int err;

	ovs_lock_assert();

	vport = ovs_vport_alloc(&ovs_netdev_vport_ops, parms);
	if (IS_ERR(vport))
		return vport;

	dev = dev_get_by_name(ovs_dp_net(parms->dp), parms->name);
	if (!dev) {
		NL_SET_ERR_MSG_MOD(parms->extack, "no such device");
		err = -ENODEV;
		goto err_free_vport;
	}
	vport->dev = dev;

	rtnl_lock();
	err = ovs_netdev_attach(vport, parms->extack);
	rtnl_unlock();
	if (err)
		goto err_put_dev;
	return vport;

err_put_dev:
	dev_put(dev);
err_free_vport:
	ovs_vport_free(vport);
	return ERR_PTR(err);
}

/*
 * Gives the device back to the host; the vport may stay in its datapath a
 * little longer (see dp_notify.c).  Called under rtnl.
 */
void ovs_netdev_detach(struct ovs_vport *vport)
{
	struct net_device *dev = vport->dev;
	struct net_device *master;

	ASSERT_RTNL();
	dev->priv_flags &= ~IFF_OVS_DATAPATH;
	/* Waits for receivers still running the hook. */
	netdev_rx_handler_unregister(dev);
	master = netdev_master_upper_dev_get(dev);
	if (master)
		netdev_upper_dev_unlink(dev, master);
	dev_set_promiscuity(dev, -1);
}

static void ovs_netdev_free_rcu(struct rcu_head *rcu)
{
	struct ovs_vport *vport = container_of(rcu, struct ovs_vport, rcu);

	dev_put(vport->dev);
	ovs_vport_free(vport);
}

/*
 * Frees a detached vport and puts its device once senders that may still
 * hold the vport are done.
 */
void ovs_netdev_free_later(struct ovs_vport *vport)
{
	call_rcu(&vport->rcu, ovs_netdev_free_rcu);
}

/* Called under ovs_lock, with the vport already unhooked from its datapath. */
static void ovs_netdev_destroy(struct ovs_vport *vport)
{
	ovs_lock_assert();
	rtnl_lock();
	/* The notifier may have detached it already. */
	if (ovs_netdev_is_attached(vport))
		ovs_netdev_detach(vport);
	rtnl_unlock();

	/* Senders may still hold the vport; the device reference outlives them. */
	ovs_netdev_free_later(vport);
}

void ovs_netdev_send(struct ovs_vport *vport, struct sk_buff *skb)
{
	skb->dev = vport->dev;
	dev_queue_xmit(skb);
}

const struct ovs_vport_ops ovs_netdev_vport_ops = {
	.type = OVS_VPORT_TYPE_NETDEV,
	.create = ovs_netdev_create,
	.destroy = ovs_netdev_destroy,
	.send = ovs_netdev_send,
};
