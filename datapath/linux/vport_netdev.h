/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Netdev ports (linux/vport_netdev.c): existing devices attached through an
 * rx handler; the legacy tunnel ports (linux/vport_tunnel.c) attach the
 * devices they create the same way.
 */
#ifndef OVS_LINUX_VPORT_NETDEV_H
#define OVS_LINUX_VPORT_NETDEV_H

#include <linux/types.h>

struct net_device;
struct netlink_ext_ack;
struct ovs_vport;
struct ovs_vport_ops;
struct sk_buff;

extern const struct ovs_vport_ops ovs_netdev_vport_ops;

struct ovs_vport *ovs_netdev_vport(const struct net_device *dev);
bool ovs_netdev_is_attached(const struct ovs_vport *vport);
int ovs_netdev_attach(struct ovs_vport *vport, struct netlink_ext_ack *extack);
void ovs_netdev_detach(struct ovs_vport *vport);
void ovs_netdev_free_later(struct ovs_vport *vport);
void ovs_netdev_send(struct ovs_vport *vport, struct sk_buff *skb);

#endif /* OVS_LINUX_VPORT_NETDEV_H */
