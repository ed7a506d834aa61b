/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Upcalls (upcall.c): packets handed to userspace as OVS_PACKET_CMD_MISS or
 * _ACTION messages of the ovs_packet family.
 */
#ifndef OVS_UPCALL_H
#define OVS_UPCALL_H

#include <linux/bits.h>
#include <linux/types.h>

struct ip_tunnel_info;
struct nlattr;
struct ovs_dp;
struct ovs_key;
struct sk_buff;

/*
 * OVS_PACKET_ATTR_HASH: the skb hash in the low half, how it was computed
 * in these bits; upcalls send it, userspace gives it back with execute.
 */
#define OVS_PACKET_HASH_SW	BIT_ULL(32)
#define OVS_PACKET_HASH_L4	BIT_ULL(33)

/* An upcall: a packet sent to userspace, for a miss or by an action. */
struct ovs_upcall_info {
	u8 cmd;				/* OVS_PACKET_CMD_MISS or _ACTION */
	u16 mru;
	u32 portid;			/* netlink port to send to */
	const struct nlattr *userdata;
	const struct nlattr *actions;	/* OVS_USERSPACE_ATTR_ACTIONS */
	u32 actions_len;
	/* OVS_USERSPACE_ATTR_EGRESS_TUN_PORT's answer; the skb's own. */
	const struct ip_tunnel_info *egress_tun_info;
};

/*
 * Queues a copy of skb to userspace, no longer than cutlen unless that is
 * 0; skb stays the caller's.  Under RCU with bottom halves disabled.  A failure is counted
 * in the datapath's n_lost.
 */
int ovs_dp_upcall(struct ovs_dp *dp, struct sk_buff *skb,
		  const struct ovs_key *key, const struct ovs_upcall_info *info,
		  u32 cutlen);

#endif /* OVS_UPCALL_H */
