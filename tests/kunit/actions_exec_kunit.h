/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the action suites (actions_*_test.c): a datapath with two test
 * ports whose devices keep what they transmit, action list and packet
 * builders, and a checker that recomputes every checksum of a sent frame.
 */
#ifndef OVS_ACTIONS_EXEC_KUNIT_H
#define OVS_ACTIONS_EXEC_KUNIT_H

#include <asm/unaligned.h>
#include <kunit/test.h>
#include <linux/if_arp.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/sctp.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ipv6.h>
#include <net/ip6_checksum.h>
#include <net/mpls.h>
#include <net/netlink.h>
#include <net/sctp/checksum.h>

#include "actions.h"
#include "datapath.h"
#include "flow_key.h"
#include "nl_kunit.h"
#include "vport.h"

#define AXT_PORTS	3
/* The last port's device is ARPHRD_NONE: it carries L3 packets, as tunnels do. */
#define AXT_L3_PORT	AXT_PORTS
#define AXT_L3		ETH_HLEN	/* network offset of an untagged frame */

extern const u8 ovs_axt_src_mac[ETH_ALEN];
extern const u8 ovs_axt_dst_mac[ETH_ALEN];

/*
 * A test port's device: it keeps what it is given to transmit, or with
 * loop_acts set feeds it back into the datapath, as a port whose transmit
 * loops back into the bridge would (loop_max times if it is not zero,
 * then it keeps what it is given again).
 */
struct ovs_axt_dev {
	struct sk_buff_head tx;
	struct ovs_dp *loop_dp;
	const struct ovs_actions *loop_acts;
	struct ovs_key *loop_key;
	unsigned int loops;
	unsigned int loop_max;
};

struct axt {
	struct ovs_dp *dp;
	struct net_device *dev[AXT_PORTS];
	struct ovs_vport *vport[AXT_PORTS];
	struct ovs_vport *local;	/* port 0 on dev[0]: names the datapath */
	struct sk_buff *nl;	/* the action list being built */
	struct sk_buff_head sent;	/* frames the test looked at */
	struct ovs_key key;
};

netdev_tx_t ovs_axt_xmit(struct sk_buff *skb, struct net_device *dev);

void ovs_axt_setup(struct net_device *dev);

/* What a netdev vport's send does, minus the rx handler bookkeeping. */
static inline void ovs_axt_vport_send(struct ovs_vport *vport, struct sk_buff *skb)
{
	skb->dev = vport->dev;
	dev_queue_xmit(skb);
}

extern const struct ovs_vport_ops ovs_axt_vport_ops;

int ovs_axt_init(struct kunit *test);

void ovs_axt_exit(struct kunit *test);

/* Action list building. */

/* The list under construction, for the ovs_kt_*() builders. */
static inline struct sk_buff *ovs_axt_nl(struct kunit *test)
{
	return ((struct axt *)test->priv)->nl;
}

static inline void ovs_axt_output(struct kunit *test, u32 port)
{
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_OUTPUT, port);
}

/* A set (mask NULL: the internal form of set(), all-ones mask) or masked set. */
void ovs_axt_set(struct kunit *test, int key_type, const void *value,
		 const void *mask, int len);

/* Moves the list built so far into acts, sized by ovs_axt_acts_len(). */
static inline unsigned int ovs_axt_acts_len(struct kunit *test)
{
	return sizeof(struct ovs_actions) + ((struct axt *)test->priv)->nl->len;
}

struct ovs_actions *ovs_axt_acts_fill(struct kunit *test, struct ovs_actions *acts);

/* The list built so far, as ovs_actions_copy() would hand it over. */
static inline const struct ovs_actions *ovs_axt_acts(struct kunit *test)
{
	return ovs_axt_acts_fill(test, kunit_kzalloc(test, ovs_axt_acts_len(test),
						 GFP_KERNEL));
}

/* Runs acts on skb as the packet path does: under RCU, bottom halves off. */
int ovs_axt_run(struct kunit *test, struct sk_buff *skb,
		const struct ovs_actions *acts);

static inline unsigned int ovs_axt_count(struct kunit *test, u32 port)
{
	struct axt *t = test->priv;

	return skb_queue_len(&((struct ovs_axt_dev *)netdev_priv(t->dev[port - 1]))->tx);
}

/* The next frame port sent; freed with the test. */
struct sk_buff *ovs_axt_sent(struct kunit *test, u32 port);

/* Packet building: Ethernet + IPv4/IPv6 + TCP/UDP/SCTP, checksums right. */

struct ovs_axt_pkt {
	u16 ethertype;		/* ETH_P_IP or ETH_P_IPV6 */
	u8 proto;		/* IPPROTO_TCP, _UDP or _SCTP */
	bool udp_no_csum;
	unsigned int payload;
};

struct sk_buff *ovs_axt_packet(struct kunit *test, const struct ovs_axt_pkt *p);

static inline struct sk_buff *ovs_axt_ipv4_tcp(struct kunit *test)
{
	const struct ovs_axt_pkt p = { ETH_P_IP, IPPROTO_TCP, false, 32 };

	return ovs_axt_packet(test, &p);
}

/*
 * skb with one tag of tpid/tci put in its bytes (not in hwaccel), as
 * packets that userspace executes carry it, and in the key.
 */
struct sk_buff *ovs_axt_tag_frame(struct kunit *test, struct sk_buff *skb, u16 tpid,
				  u16 tci);

/* An IPv4 TCP frame with one tag in its bytes. */
static inline struct sk_buff *ovs_axt_tagged(struct kunit *test, u16 tpid, u16 tci)
{
	return ovs_axt_tag_frame(test, ovs_axt_ipv4_tcp(test), tpid, tci);
}

/*
 * Every checksum of a sent frame whose IP header starts at l3, recomputed
 * from the bytes.  Returns the L4 header.
 */
void *ovs_axt_check_csums(struct kunit *test, struct sk_buff *skb, unsigned int l3);

#endif /* OVS_ACTIONS_EXEC_KUNIT_H */
