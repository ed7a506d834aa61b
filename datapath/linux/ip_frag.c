// SPDX-License-Identifier: GPL-2.0-only
/*
 * Output of reassembled packets.  Userspace executes a packet it put
 * together from IP fragments with the size of the largest of them, the
 * MRU (OVS_CB(skb)->mru); where the whole packet does not fit, it must
 * leave in fragments no larger than those it arrived in.  A port whose
 * MTU is below the MRU could not have carried the originals either, and
 * gets nothing; neither does a packet that is not IP.
 *
 * The kernel's IPv4 and IPv6 fragmentation does the cutting.  It wants the
 * packet without its L2 header and with a route that names the output
 * device; the packet gets one on our stack for as long as the cutting
 * runs.  Every fragment comes back through ovs_frag_xmit(), which finds
 * this call's state from that route, so nothing is shared between CPUs or
 * between nested calls (a fragment sent to a port that loops back into
 * the datapath may be refragmented inside this one).
 */

#include <linux/bug.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>

#include "actions_exec.h"
#include "datapath.h"
#include "vport.h"
#include "linux/ip_frag.h"

/* Ethernet and two VLAN tags: as much L2 as a key describes. */
#define OVS_FRAG_MAX_L2		(ETH_HLEN + 2 * VLAN_HLEN)

/* One refragmentation: what every fragment gets back before it is sent. */
struct ovs_frag {
	/* The temporary route; its dst is at the same place in both. */
	union {
		struct rtable rt;
		struct rt6_info rt6;
	};
	struct ovs_vport *vport;
	unsigned long orig_refdst;	/* the packet's own route, held */
	struct ovs_skb_cb cb;
	__be16 protocol;
	__be16 vlan_proto;
	u16 vlan_tci;
	bool vlan_present;
	bool counted;			/* a drop was already counted */
	u8 mac_proto;
	unsigned int l2_len;
	u8 l2[OVS_FRAG_MAX_L2];
};

static unsigned int ovs_frag_dst_mtu(const struct dst_entry *dst)
{
	return READ_ONCE(dst->dev->mtu);
}

/* Only what the fragmentation code asks a route for. */
static struct dst_ops ovs_frag_dst_ops = {
	.family = AF_UNSPEC,
	.mtu = ovs_frag_dst_mtu,
};

/*
 * The fragmentation's output: skb is one fragment, its data at the IP
 * header.  Called from inside ip_do_fragment() or ip6_fragment(), which
 * free the rest of the packet when this fails.
 */
static int ovs_frag_xmit(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct ovs_frag *frag = container_of(skb_dst(skb), struct ovs_frag,
					     rt.dst);

	if (unlikely(skb_cow_head(skb, frag->l2_len))) {
		dev_core_stats_tx_dropped_inc(frag->vport->dev);
		frag->counted = true;
		kfree_skb(skb);
		return -ENOMEM;
	}

	/* The temporary route is not held: the packet's own replaces it. */
	__skb_dst_copy(skb, frag->orig_refdst);
	*OVS_CB(skb) = frag->cb;
	skb->protocol = frag->protocol;
	if (frag->vlan_present)
		__vlan_hwaccel_put_tag(skb, frag->vlan_proto, frag->vlan_tci);
	else
		__vlan_hwaccel_clear_tag(skb);

	__skb_push(skb, frag->l2_len);
	memcpy(skb->data, frag->l2, frag->l2_len);
	skb_postpush_rcsum(skb, skb->data, frag->l2_len);
	skb_reset_mac_header(skb);
	skb_reset_mac_len(skb);

	ovs_vport_send(frag->vport, skb, frag->mac_proto);
	return 0;
}

/*
 * The L2 header goes onto every fragment unchanged, so nothing in it may
 * depend on the length: Ethernet, VLAN tags, and the ethertype right
 * before the IP header (no 802.3 length with LLC/SNAP after it).  An L3
 * packet has none.  The header is in the linear area.
 */
static bool ovs_frag_l2_ok(const struct sk_buff *skb, u8 mac_proto)
{
	unsigned int len = skb_network_offset(skb);
	unsigned int off;

	if (mac_proto != OVS_MAC_PROTO_ETHERNET)
		return len == 0;
	if (len < ETH_HLEN || len > OVS_FRAG_MAX_L2)
		return false;
	for (off = 2 * ETH_ALEN; off + 2 < len; off += VLAN_HLEN) {
		if (!eth_type_vlan(*(__be16 *)(skb->data + off)))
			return false;
	}
	return off + 2 == len;
}

/* A well-formed IP header of the key's version, in the linear area. */
static bool ovs_frag_l3_ok(struct sk_buff *skb, bool ipv4)
{
	unsigned int off = skb_network_offset(skb);

	if (ipv4) {
		if (!pskb_may_pull(skb, off + sizeof(struct iphdr)) ||
		    ip_hdr(skb)->version != 4 || ip_hdr(skb)->ihl < 5)
			return false;
		return pskb_may_pull(skb, off + ip_hdrlen(skb));
	}
	return pskb_may_pull(skb, off + sizeof(struct ipv6hdr)) &&
	       ipv6_hdr(skb)->version == 6;
}

/* Takes what the fragments need from skb and pulls its L2 header. */
static void ovs_frag_prepare(struct ovs_frag *frag, struct ovs_vport *vport,
			     struct sk_buff *skb, u8 mac_proto)
{
	BUILD_BUG_ON(offsetof(struct ovs_frag, rt.dst) !=
		     offsetof(struct ovs_frag, rt6.dst));

	memset(frag, 0, sizeof(*frag));
	dst_init(&frag->rt.dst, &ovs_frag_dst_ops, NULL, DST_OBSOLETE_NONE,
		 DST_NOCOUNT);
	/* Not held: the route lives shorter than the caller's RCU section. */
	frag->rt.dst.dev = vport->dev;

	frag->vport = vport;
	frag->cb = *OVS_CB(skb);
	frag->protocol = skb->protocol;
	frag->vlan_present = skb_vlan_tag_present(skb);
	frag->vlan_proto = skb->vlan_proto;
	frag->vlan_tci = skb_vlan_tag_get(skb);
	frag->mac_proto = mac_proto;
	frag->l2_len = skb_network_offset(skb);
	memcpy(frag->l2, skb->data, frag->l2_len);

	frag->orig_refdst = skb->_skb_refdst;
	skb_dst_set_noref(skb, &frag->rt.dst);
	__skb_pull(skb, frag->l2_len);
}

void ovs_exec_fragment(struct ovs_exec_ctx *ctx, struct ovs_vport *vport,
		       struct sk_buff *skb)
{
	struct net_device *dev = vport->dev;
	u16 mru = OVS_CB(skb)->mru;
	const struct ovs_key *key;
	struct ovs_frag frag;
	bool ipv4;
	int err;

	if (mru > dev->mtu)
		goto err_drop;

	/* A push or pop since the key was made may have moved the IP header. */
	if (ovs_exec_refresh_key(ctx, skb))
		goto err_drop;
	key = ctx->key;
	ipv4 = ovs_key_is_ipv4(key);
	if (!ipv4 && !ovs_key_is_ipv6(key)) {
		net_warn_ratelimited("%s: dropped a packet of type %#06x longer than its MRU of %u: only IP can be fragmented\n",
				     dev->name, ntohs(key->eth.type), mru);
		goto err_drop;
	}
	if (!ovs_frag_l3_ok(skb, ipv4) || !ovs_frag_l2_ok(skb, key->mac_proto)) {
		net_warn_ratelimited("%s: dropped a packet longer than its MRU of %u: its headers cannot be fragmented\n",
				     dev->name, mru);
		goto err_drop;
	}

	/*
	 * Its sender let it be fragmented on the way, which is how it came
	 * to have an MRU; a DF bit here is not the sender's, and IPv6 would
	 * refuse with an ICMP error through our temporary route.
	 */
	skb->ignore_df = 1;

	ovs_frag_prepare(&frag, vport, skb, key->mac_proto);
	if (ipv4) {
		memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
		IPCB(skb)->frag_max_size = mru;
		err = ip_do_fragment(ovs_dp_net(ctx->dp), skb->sk, skb,
				     ovs_frag_xmit);
	} else {
		memset(IP6CB(skb), 0, sizeof(struct inet6_skb_parm));
		IP6CB(skb)->frag_max_size = mru;
		err = ip6_fragment(ovs_dp_net(ctx->dp), skb->sk, skb,
				   ovs_frag_xmit);
	}
	refdst_drop(frag.orig_refdst);
	if (err && !frag.counted)
		dev_core_stats_tx_dropped_inc(dev);
	return;

err_drop:
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
}
