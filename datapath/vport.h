/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Vports (vport.c): the datapath's ports, each backed by a net_device; the
 * kinds of port are in linux/vport_internal.c and linux/vport_netdev.c.
 */
#ifndef OVS_VPORT_H
#define OVS_VPORT_H

#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/rcupdate.h>
#include <linux/u64_stats_sync.h>

#include "datapath.h"

struct ip_tunnel_info;
struct ovs_vport;

/*
 * What a legacy tunnel port (OVS_VPORT_TYPE_GRE, _VXLAN, _GENEVE) was
 * created with, as OVS_VPORT_ATTR_OPTIONS gives it back.
 */
struct ovs_vport_tun_opts {
	u16 dst_port;		/* UDP, host order; 0 for gre */
	bool vxlan_gbp;		/* OVS_VXLAN_EXT_GBP */
};

struct ovs_vport_parms {
	const char *name;
	enum ovs_vport_type type;
	u32 port_no;
	int desired_ifindex;		/* 0: let the kernel choose */
	struct ovs_dp *dp;
	struct ovs_portids *upcall_pids;	/* consumed by ovs_vport_add */
	struct ovs_vport_tun_opts tun;
	struct netlink_ext_ack *extack;
};

struct ovs_vport_ops {
	enum ovs_vport_type type;
	/* Creates the vport and its device; called with ovs_lock held. */
	struct ovs_vport *(*create)(const struct ovs_vport_parms *parms);
	/* Detaches from the device; the vport is freed after a grace period. */
	void (*destroy)(struct ovs_vport *vport);
	/*
	 * Hands a packet of the device's kind (an Ethernet frame; for an L3
	 * device, any packet) that fits the device to it; consumes skb.
	 * Called under RCU with bottom halves disabled.
	 */
	void (*send)(struct ovs_vport *vport, struct sk_buff *skb);
};

struct ovs_vport_upcall_stats {
	u64_stats_t n_success;
	u64_stats_t n_fail;
	struct u64_stats_sync syncp;
};

struct ovs_vport {
	struct net_device *dev;
	struct ovs_dp *dp;
	u32 port_no;
	const struct ovs_vport_ops *ops;
	struct hlist_node dp_node;		/* in dp->ports */
	struct list_head detach_node;		/* ovs_dp_notify_net_exit() */
	struct ovs_portids __rcu *upcall_pids;
	struct ovs_vport_upcall_stats __percpu *upcall_stats;
	struct ovs_vport_tun_opts tun;
	struct rcu_head rcu;
};

/* Whether type is one of the legacy tunnel types. */
bool ovs_vport_type_is_tunnel(enum ovs_vport_type type);
struct ovs_vport *ovs_vport_alloc(const struct ovs_vport_ops *ops,
				  const struct ovs_vport_parms *parms);
void ovs_vport_free(struct ovs_vport *vport);
void ovs_vport_free_rcu(struct ovs_vport *vport);
struct ovs_vport *ovs_vport_add(const struct ovs_vport_parms *parms);
void ovs_vport_del(struct ovs_vport *vport);
struct ovs_vport *ovs_vport_from_dev(const struct net_device *dev);
struct ovs_vport *ovs_vport_locate(struct net *net, const char *name);
struct ovs_vport *ovs_vport_find_moved(struct net *net,
				       bool (*fn)(struct ovs_vport *, void *),
				       void *arg);
void ovs_vport_get_stats(const struct ovs_vport *vport,
			 struct ovs_vport_stats *stats);
void ovs_vport_set_upcall_pids(struct ovs_vport *vport,
			       struct ovs_portids *pids);
void ovs_vport_receive(struct ovs_vport *vport, struct sk_buff *skb,
		       const struct ip_tunnel_info *tun_info);
/*
 * Transmits skb on the vport's device (an L2 frame when mac_proto is
 * OVS_MAC_PROTO_ETHERNET); consumes skb.  Drops what the device cannot
 * carry (too long, wrong L2 type).
 */
void ovs_vport_send(struct ovs_vport *vport, struct sk_buff *skb, u8 mac_proto);
/* The netlink port for a miss upcall of skb received on vport. */
u32 ovs_vport_upcall_portid(const struct ovs_vport *vport,
			    struct sk_buff *skb);

#endif /* OVS_VPORT_H */
