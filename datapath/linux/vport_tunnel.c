// SPDX-License-Identifier: GPL-2.0-only
/*
 * Legacy tunnel ports: for a gre, vxlan or geneve vport the datapath
 * creates the tunnel device itself, in metadata (collect_md) mode, in its
 * own namespace and under the port's name, attaches it as a netdev port is
 * attached, and deletes it with the port.  ovs-vswitchd asks for these when
 * it cannot create the devices over rtnetlink.
 *
 * The drivers' creation helpers are reached through symbol_request(): the
 * module then needs vxlan, geneve or ip_gre only while such a port exists,
 * and loads on kernels built without one of them.
 */

#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/geneve.h>
#include <net/gre.h>
#include <net/ip.h>
#include <net/rtnetlink.h>
#include <net/vxlan.h>

#include "datapath.h"
#include "vport.h"
#include "linux/vport_netdev.h"
#include "linux/vport_tunnel.h"

/* Takes a reference on the driver that creates type's device, or NULL. */
static void *ovs_tunnel_driver_get(enum ovs_vport_type type)
{
	switch (type) {
	case OVS_VPORT_TYPE_GRE:
		return symbol_request(gretap_fb_dev_create);
	case OVS_VPORT_TYPE_VXLAN:
		return symbol_request(vxlan_dev_create);
	case OVS_VPORT_TYPE_GENEVE:
		return symbol_request(geneve_dev_create_fb);
	default:
		return NULL;
	}
}

static void ovs_tunnel_driver_put(enum ovs_vport_type type)
{
	switch (type) {
	case OVS_VPORT_TYPE_GRE:
		symbol_put(gretap_fb_dev_create);
		break;
	case OVS_VPORT_TYPE_VXLAN:
		symbol_put(vxlan_dev_create);
		break;
	case OVS_VPORT_TYPE_GENEVE:
		symbol_put(geneve_dev_create_fb);
		break;
	default:
		break;
	}
}

/* The device, registered but down; called under rtnl. */
static struct net_device *ovs_tunnel_dev_new(const struct ovs_vport_parms *parms,
					     void *create)
{
	struct net *net = ovs_dp_net(parms->dp);

	ASSERT_RTNL();

	switch (parms->type) {
	case OVS_VPORT_TYPE_GRE: {
		typeof(gretap_fb_dev_create) *gre_create = create;

		return gre_create(net, parms->name, NET_NAME_USER);
	}
	case OVS_VPORT_TYPE_VXLAN: {
		typeof(vxlan_dev_create) *vxlan_create = create;
		struct vxlan_config conf = {
			/* Its own socket: never another device's. */
			.no_share = true,
			.flags = VXLAN_F_COLLECT_METADATA |
				 VXLAN_F_UDP_ZERO_CSUM6_RX,
			/* The flows decide what fits the underlay. */
			.mtu = IP_MAX_MTU,
			.dst_port = htons(parms->tun.dst_port),
		};

		if (parms->tun.vxlan_gbp)
			conf.flags |= VXLAN_F_GBP;
		return vxlan_create(net, parms->name, NET_NAME_USER, &conf);
	}
	case OVS_VPORT_TYPE_GENEVE: {
		typeof(geneve_dev_create_fb) *geneve_create = create;

		return geneve_create(net, parms->name, NET_NAME_USER,
				     parms->tun.dst_port);
	}
	default:
		return ERR_PTR(-EAFNOSUPPORT);
	}
}

/* Called under rtnl; the device is unregistered when rtnl is released. */
static void ovs_tunnel_dev_delete(struct net_device *dev)
{
	LIST_HEAD(kill);

	ASSERT_RTNL();

	if (dev->rtnl_link_ops && dev->rtnl_link_ops->dellink)
		dev->rtnl_link_ops->dellink(dev, &kill);
	else
		unregister_netdevice_queue(dev, &kill);
	unregister_netdevice_many(&kill);
}

/* The drivers give no extack: why creating the device failed, as we know it. */
static void ovs_tunnel_create_msg(const struct ovs_vport_parms *parms, int err)
{
	struct netlink_ext_ack *extack = parms->extack;

	switch (err) {
	case -EEXIST:
	case -EBUSY:
	case -EPERM:
		if (parms->type == OVS_VPORT_TYPE_GRE)
			NL_SET_ERR_MSG_MOD(extack,
					   "the namespace has a metadata-mode gretap device already");
		else
			NL_SET_ERR_MSG_MOD(extack,
					   "another tunnel device receives on this UDP port");
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack, "creating the tunnel device failed");
		break;
	}
}

static const struct ovs_vport_ops *ovs_tunnel_ops(enum ovs_vport_type type)
{
	switch (type) {
	case OVS_VPORT_TYPE_GRE:
		return &ovs_tunnel_gre_vport_ops;
	case OVS_VPORT_TYPE_VXLAN:
		return &ovs_tunnel_vxlan_vport_ops;
	default:
		return &ovs_tunnel_geneve_vport_ops;
	}
}

static struct ovs_vport *ovs_tunnel_create(const struct ovs_vport_parms *parms)
{
	struct netlink_ext_ack *extack = parms->extack;
	struct ovs_vport *vport;
	struct net_device *dev;
	void *create;
	int err;

	ovs_lock_assert();

	vport = ovs_vport_alloc(ovs_tunnel_ops(parms->type), parms);
	if (IS_ERR(vport))
		return vport;

	/* Before rtnl: loading the driver registers its link type under it. */
	create = ovs_tunnel_driver_get(parms->type);
	if (!create) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the kernel has no driver for this tunnel type");
		err = -EAFNOSUPPORT;
		goto err_free_vport;
	}

	rtnl_lock();
	if (__dev_get_by_name(ovs_dp_net(parms->dp), parms->name)) {
		NL_SET_ERR_MSG_MOD(extack, "a device of that name exists");
		err = -EEXIST;
		goto err_unlock;
	}
	dev = ovs_tunnel_dev_new(parms, create);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		ovs_tunnel_create_msg(parms, err);
		goto err_unlock;
	}
	dev_hold(dev);
	vport->dev = dev;

	err = dev_change_flags(dev, dev->flags | IFF_UP, extack);
	if (err) {
		/* The UDP socket is bound when the device comes up. */
		if (err == -EADDRINUSE)
			NL_SET_ERR_MSG_MOD(extack,
					   "the tunnel's UDP port is in use");
		else
			NL_SET_ERR_MSG_MOD(extack,
					   "bringing the tunnel device up failed");
		goto err_delete_dev;
	}
	err = ovs_netdev_attach(vport, extack);
	if (err)
		goto err_delete_dev;
	rtnl_unlock();
	return vport;

err_delete_dev:
	ovs_tunnel_dev_delete(dev);
	/* Before rtnl_unlock(), which waits for the last reference. */
	dev_put(dev);
err_unlock:
	rtnl_unlock();
	ovs_tunnel_driver_put(parms->type);
err_free_vport:
	ovs_vport_free(vport);
	return ERR_PTR(err);
}

/* Called under ovs_lock, with the vport already unhooked from its datapath. */
static void ovs_tunnel_destroy(struct ovs_vport *vport)
{
	enum ovs_vport_type type = vport->ops->type;
	struct net_device *dev = vport->dev;

	ovs_lock_assert();

	rtnl_lock();
	/* The notifier may have detached it already. */
	if (ovs_netdev_is_attached(vport))
		ovs_netdev_detach(vport);
	/*
	 * Not when it is on its way out already (deleted by hand, its
	 * namespace dying), nor once moved to another namespace: then it
	 * is no longer the port's.
	 */
	if (dev->reg_state == NETREG_REGISTERED &&
	    net_eq(dev_net(dev), ovs_dp_net(vport->dp)))
		ovs_tunnel_dev_delete(dev);
	/*
	 * rtnl_unlock() waits for the device's last reference, which the
	 * RCU callback drops: it must be queued first.
	 */
	ovs_netdev_free_later(vport);
	rtnl_unlock();
	ovs_tunnel_driver_put(type);
}

const struct ovs_vport_ops ovs_tunnel_gre_vport_ops = {
	.type = OVS_VPORT_TYPE_GRE,
	.create = ovs_tunnel_create,
	.destroy = ovs_tunnel_destroy,
	.send = ovs_netdev_send,
};

const struct ovs_vport_ops ovs_tunnel_vxlan_vport_ops = {
	.type = OVS_VPORT_TYPE_VXLAN,
	.create = ovs_tunnel_create,
	.destroy = ovs_tunnel_destroy,
	.send = ovs_netdev_send,
};

const struct ovs_vport_ops ovs_tunnel_geneve_vport_ops = {
	.type = OVS_VPORT_TYPE_GENEVE,
	.create = ovs_tunnel_create,
	.destroy = ovs_tunnel_destroy,
	.send = ovs_netdev_send,
};
