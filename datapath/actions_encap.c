// SPDX-License-Identifier: GPL-2.0-only
/*
 * Actions that add or remove headers (VLAN, MPLS, Ethernet, NSH) or change
 * the MPLS label and the IP TTL.
 *
 * While actions run, skb->data is at the start of the packet (the Ethernet
 * header, or the network header of an L3 packet), the MAC header is there
 * too, and the network header is where L2 ends: skb_network_offset() is
 * the L2 length, in-packet VLAN tags included, and the kernel helpers that
 * read skb->mac_len are handed that.
 *
 * Our own MPLS and Ethernet push/pop serve every kernel: the kernel's
 * versions only exist from about 5.4 (MPLS) and 5.6 (Ethernet).
 */

#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/mpls.h>
#include <net/nsh.h>

#include "actions_exec.h"

/* For CHECKSUM_COMPLETE: a 16-bit aligned word of the packet changed. */
static void ovs_rcsum_replace2(struct sk_buff *skb, __be16 from, __be16 to)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_add(csum_sub(skb->csum, (__force __wsum)from),
				     (__force __wsum)to);
}

/*
 * skb_vlan_pop() takes an in-packet tag only when skb->protocol names it;
 * say so whatever the key extraction left there.
 */
static void ovs_vlan_sync_protocol(struct ovs_exec_ctx *ctx,
				   struct sk_buff *skb)
{
	__be16 proto;

	if (ctx->key->mac_proto != OVS_MAC_PROTO_ETHERNET ||
	    skb_network_offset(skb) < VLAN_ETH_HLEN ||
	    skb_headlen(skb) < ETH_HLEN)
		return;
	proto = eth_hdr(skb)->h_proto;
	if (eth_type_vlan(proto))
		skb->protocol = proto;
}

int ovs_exec_push_vlan(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		       const struct ovs_action_push_vlan *vlan)
{
	struct ovs_key *key = ctx->key;

	/*
	 * With a tag already there (in hwaccel, or in the frame as packets
	 * userspace executes carry it) the new tag goes outside it: the old
	 * tag becomes the inner one, and what the key says after it (the
	 * type, anything beyond a second tag) changes too.
	 */
	if (skb_vlan_tag_present(skb) || key->eth.vlan.tci) {
		ctx->key_stale = true;
	} else {
		key->eth.vlan.tpid = vlan->vlan_tpid;
		key->eth.vlan.tci = vlan->vlan_tci;
	}
	skb->mac_len = skb_network_offset(skb);
	return skb_vlan_push(skb, vlan->vlan_tpid,
			     ntohs(vlan->vlan_tci) & ~VLAN_CFI_MASK);
}

int ovs_exec_pop_vlan(struct ovs_exec_ctx *ctx, struct sk_buff *skb)
{
	struct ovs_key *key = ctx->key;
	int err;

	ovs_vlan_sync_protocol(ctx, skb);
	err = skb_vlan_pop(skb);
	/* A tag left (moved up into hwaccel, or still in the packet). */
	if (skb_vlan_tag_present(skb) || eth_type_vlan(skb->protocol)) {
		ctx->key_stale = true;
	} else {
		key->eth.vlan.tpid = 0;
		key->eth.vlan.tci = 0;
	}
	return err;
}

/* The ethertype that ends an L2 header of l2_len bytes. */
static void ovs_set_ethertype(struct sk_buff *skb, unsigned int l2_len,
			      __be16 proto)
{
	__be16 *type = (__be16 *)(skb->data + l2_len - 2);

	ovs_rcsum_replace2(skb, *type, proto);
	*type = proto;
}

/*
 * Inserts a label stack entry after the L2 header (keep_l2) or in front of
 * the whole packet, which then has no L2 header.
 */
int ovs_exec_push_mpls(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		       __be32 lse, __be16 ethertype, bool keep_l2)
{
	unsigned int l2_len = keep_l2 ? skb_network_offset(skb) : 0;
	struct mpls_shim_hdr *hdr;
	int err;

	/* GSO cannot segment MPLS over an already encapsulated packet. */
	if (skb->encapsulation)
		return -EINVAL;

	err = skb_cow_head(skb, MPLS_HLEN);
	if (unlikely(err))
		return err;

	/* Where GSO finds the payload to segment. */
	if (!skb->inner_protocol) {
		skb_set_inner_network_header(skb, skb_network_offset(skb));
		skb_set_inner_protocol(skb, skb->protocol);
	}

	__skb_push(skb, MPLS_HLEN);
	memmove(skb->data, skb->data + MPLS_HLEN, l2_len);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, l2_len);
	skb->mac_len = l2_len;

	hdr = mpls_hdr(skb);
	hdr->label_stack_entry = lse;
	skb_postpush_rcsum(skb, hdr, MPLS_HLEN);
	if (l2_len >= ETH_HLEN && ctx->key->mac_proto == OVS_MAC_PROTO_ETHERNET)
		ovs_set_ethertype(skb, l2_len, ethertype);
	skb->protocol = ethertype;

	if (!l2_len)
		ctx->key->mac_proto = OVS_MAC_PROTO_NONE;
	ctx->key_stale = true;
	return 0;
}

int ovs_exec_pop_mpls(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		      __be16 ethertype)
{
	unsigned int l2_len = skb_network_offset(skb);
	int err;

	if (!eth_p_mpls(skb->protocol))
		return 0;

	err = skb_ensure_writable(skb, l2_len + MPLS_HLEN);
	if (unlikely(err))
		return err;

	skb_postpull_rcsum(skb, mpls_hdr(skb), MPLS_HLEN);
	memmove(skb->data + MPLS_HLEN, skb->data, l2_len);
	__skb_pull(skb, MPLS_HLEN);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, l2_len);
	skb->mac_len = l2_len;

	if (l2_len >= ETH_HLEN && ctx->key->mac_proto == OVS_MAC_PROTO_ETHERNET)
		ovs_set_ethertype(skb, l2_len, ethertype);
	skb->protocol = ethertype;

	/* An L3 MPLS packet carrying Ethernet is now that Ethernet frame. */
	if (ethertype == htons(ETH_P_TEB))
		ctx->key->mac_proto = OVS_MAC_PROTO_ETHERNET;
	ctx->key_stale = true;
	return 0;
}

int ovs_exec_set_mpls(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		      __be32 lse, __be32 mask)
{
	struct mpls_shim_hdr *hdr;
	__be32 old;
	int err;

	err = skb_ensure_writable(skb, skb_network_offset(skb) + MPLS_HLEN);
	if (unlikely(err))
		return err;

	hdr = mpls_hdr(skb);
	old = hdr->label_stack_entry;
	hdr->label_stack_entry = OVS_MASKED(old, lse, mask);
	skb_postpull_rcsum(skb, &old, MPLS_HLEN);
	skb_postpush_rcsum(skb, hdr, MPLS_HLEN);
	ctx->key->mpls.lse[0] = hdr->label_stack_entry;
	return 0;
}

int ovs_exec_push_eth(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		      const struct ovs_action_push_eth *push)
{
	struct ethhdr *eth;
	int err;

	if (skb_network_offset(skb) || skb_vlan_tag_present(skb))
		return -EPROTO;

	err = skb_cow_head(skb, ETH_HLEN);
	if (unlikely(err))
		return err;

	__skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	skb->mac_len = ETH_HLEN;
	eth = eth_hdr(skb);
	ether_addr_copy(eth->h_dest, push->addresses.eth_dst);
	ether_addr_copy(eth->h_source, push->addresses.eth_src);
	eth->h_proto = skb->protocol;
	skb_postpush_rcsum(skb, eth, ETH_HLEN);

	ctx->key->mac_proto = OVS_MAC_PROTO_ETHERNET;
	ctx->key_stale = true;
	return 0;
}

/* Tagged frames are refused: a tag cannot live without its Ethernet header. */
int ovs_exec_pop_eth(struct ovs_exec_ctx *ctx, struct sk_buff *skb)
{
	if (skb_vlan_tag_present(skb) || skb_network_offset(skb) != ETH_HLEN)
		return -EPROTO;
	if (!pskb_may_pull(skb, ETH_HLEN))
		return -ENOMEM;

	skb_pull_rcsum(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	skb->mac_len = 0;

	ctx->key->mac_proto = OVS_MAC_PROTO_NONE;
	ctx->key_stale = true;
	return 0;
}

/* The header of a push_nsh: attribute a is OVS_KEY_ATTR_NSH. */
static int ovs_nsh_from_attr(const struct nlattr *attr, struct nshhdr *nh)
{
	const struct ovs_nsh_key_base *base = NULL;
	const struct nlattr *md = NULL, *a;
	unsigned int len;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		switch (nla_type(a)) {
		case OVS_NSH_KEY_ATTR_BASE:
			if (nla_len(a) != sizeof(*base))
				return -EINVAL;
			base = nla_data(a);
			break;
		case OVS_NSH_KEY_ATTR_MD1:
		case OVS_NSH_KEY_ATTR_MD2:
			md = a;
			break;
		}
	}
	if (!base)
		return -EINVAL;

	/* The header's length field counts 4-byte words in 6 bits. */
	len = NSH_BASE_HDR_LEN + (md ? nla_len(md) : 0);
	if (len > (NSH_LEN_MASK >> NSH_LEN_SHIFT) * 4 || len % 4)
		return -EINVAL;

	nh->ver_flags_ttl_len = 0;
	nsh_set_flags_ttl_len(nh, base->flags, base->ttl, len);
	nh->mdtype = base->mdtype;
	nh->np = base->np;
	nh->path_hdr = base->path_hdr;
	if (md)
		memcpy((u8 *)nh + NSH_BASE_HDR_LEN, nla_data(md), nla_len(md));
	return 0;
}

/* Not inlined: its header buffer stays out of the action loop's frame. */
noinline int ovs_exec_push_nsh(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			       const struct nlattr *a)
{
	union {
		struct nshhdr nh;
		u8 bytes[NSH_HDR_MAX_LEN];
	} buf;
	int err;

	err = ovs_nsh_from_attr(a, &buf.nh);
	if (err)
		return err;

	/* nsh_push() reads skb->mac_len: nonzero means Ethernet inside. */
	skb->mac_len = skb_network_offset(skb);
	err = nsh_push(skb, &buf.nh);
	if (err)
		return err;

	ctx->key->mac_proto = OVS_MAC_PROTO_NONE;
	ctx->key_stale = true;
	return 0;
}

int ovs_exec_pop_nsh(struct ovs_exec_ctx *ctx, struct sk_buff *skb)
{
	int err;

	err = nsh_pop(skb);
	if (err)
		return err;

	ctx->key->mac_proto = skb->protocol == htons(ETH_P_TEB) ?
			      OVS_MAC_PROTO_ETHERNET : OVS_MAC_PROTO_NONE;
	ctx->key_stale = true;
	return 0;
}

/*
 * -EHOSTUNREACH when the TTL would expire: the caller then runs the
 * expiry actions instead of the rest of the list.
 */
int ovs_exec_dec_ttl(struct ovs_exec_ctx *ctx, struct sk_buff *skb)
{
	unsigned int off = skb_network_offset(skb);
	int err;

	if (skb->protocol == htons(ETH_P_IPV6)) {
		struct ipv6hdr *nh;
		__be16 *word, old;

		err = skb_ensure_writable(skb, off + sizeof(*nh));
		if (unlikely(err))
			return err;
		nh = ipv6_hdr(skb);
		if (nh->hop_limit <= 1)
			return -EHOSTUNREACH;

		/* Next header and hop limit share one 16-bit word. */
		word = (__be16 *)&nh->nexthdr;
		old = *word;
		nh->hop_limit--;
		ovs_rcsum_replace2(skb, old, *word);
		ctx->key->ip.ttl = nh->hop_limit;
	} else if (skb->protocol == htons(ETH_P_IP)) {
		struct iphdr *nh;

		err = skb_ensure_writable(skb, off + sizeof(*nh));
		if (unlikely(err))
			return err;
		nh = ip_hdr(skb);
		if (nh->ttl <= 1)
			return -EHOSTUNREACH;

		/* The header checksum fix keeps skb->csum as it was. */
		ip_decrease_ttl(nh);
		ctx->key->ip.ttl = nh->ttl;
	}
	return 0;
}
