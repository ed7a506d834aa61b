// SPDX-License-Identifier: GPL-2.0-only
/*
 * Set actions: rewriting header fields in place, keeping every checksum
 * that covers them right (IPv4 header, TCP/UDP/ICMPv6 with their pseudo
 * headers, SCTP's CRC32c, and skb->csum of CHECKSUM_COMPLETE packets), and
 * the key in step with the packet.
 *
 * Both set and masked set arrive here as value then mask of one key
 * attribute (actions_check.c turns a set into a masked set with a full
 * mask).  A field changes only where its mask bits are set.
 */

#include <linux/crc32c.h>
#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/mpls.h>
#include <net/nsh.h>

#include "actions_exec.h"

/* The value and the mask of a key attribute, each half of its payload. */
static const void *ovs_set_value(const struct nlattr *a)
{
	return nla_data(a);
}

static const void *ovs_set_mask(const struct nlattr *a)
{
	return (const u8 *)nla_data(a) + nla_len(a) / 2;
}

static bool ovs_set_len_ok(const struct nlattr *a, size_t size)
{
	return nla_len(a) == 2 * size;
}

/* For CHECKSUM_COMPLETE: a 32-bit aligned word of the packet changed. */
static void ovs_rcsum_replace4(struct sk_buff *skb, __be32 from, __be32 to)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_add(csum_sub(skb->csum, (__force __wsum)from),
				     (__force __wsum)to);
}

/*
 * The packet's L4 header, made writable so that its checksum can follow an
 * address change; false if the packet has none (a later fragment, or too
 * short).  May move the headers: callers fetch them again afterwards.
 */
static bool ovs_set_l4_writable(struct sk_buff *skb, u8 proto, bool ipv6)
{
	unsigned int len;

	switch (proto) {
	case IPPROTO_TCP:
		len = sizeof(struct tcphdr);
		break;
	case IPPROTO_UDP:
		len = sizeof(struct udphdr);
		break;
	case IPPROTO_ICMPV6:
		if (!ipv6)
			return false;
		len = sizeof(struct icmp6hdr);
		break;
	default:
		return false;
	}
	if (!skb_transport_header_was_set(skb) ||
	    skb_transport_offset(skb) < skb_network_offset(skb))
		return false;
	return !skb_ensure_writable(skb, skb_transport_offset(skb) + len);
}

/*
 * An address in the pseudo header changed by from -> to (4 or 16 bytes).
 * False if no L4 checksum covers it (none, or a zero UDP checksum).
 */
static bool ovs_set_l4_csum(struct sk_buff *skb, u8 proto, const __be32 *from,
			    const __be32 *to, bool ipv6)
{
	__sum16 *check;

	switch (proto) {
	case IPPROTO_TCP:
		check = &tcp_hdr(skb)->check;
		break;
	case IPPROTO_UDP:
		check = &udp_hdr(skb)->check;
		/* Zero means "no checksum" over IPv4; keep it so. */
		if (!*check && skb->ip_summed != CHECKSUM_PARTIAL)
			return false;
		break;
	case IPPROTO_ICMPV6:
		check = &icmp6_hdr(skb)->icmp6_cksum;
		break;
	default:
		return false;
	}

	if (ipv6)
		inet_proto_csum_replace16(check, skb, from, to, true);
	else
		inet_proto_csum_replace4(check, skb, *from, *to, true);

	if (proto == IPPROTO_UDP && !*check)
		*check = CSUM_MANGLED_0;
	return true;
}

/* The packet's flow changed: its hash and conntrack entry are stale. */
static void ovs_set_flow_changed(struct sk_buff *skb)
{
	skb_clear_hash(skb);
	nf_reset_ct(skb);
}

static int ovs_set_eth(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		       const struct ovs_key_ethernet *v,
		       const struct ovs_key_ethernet *m)
{
	struct ethhdr *eth;
	int err, i;

	err = skb_ensure_writable(skb, ETH_HLEN);
	if (unlikely(err))
		return err;

	eth = eth_hdr(skb);
	skb_postpull_rcsum(skb, eth, 2 * ETH_ALEN);
	for (i = 0; i < ETH_ALEN; i++) {
		eth->h_source[i] = OVS_MASKED(eth->h_source[i], v->eth_src[i],
					      m->eth_src[i]);
		eth->h_dest[i] = OVS_MASKED(eth->h_dest[i], v->eth_dst[i],
					    m->eth_dst[i]);
	}
	skb_postpush_rcsum(skb, eth, 2 * ETH_ALEN);

	ether_addr_copy(ctx->key->eth.src, eth->h_source);
	ether_addr_copy(ctx->key->eth.dst, eth->h_dest);
	return 0;
}

static void ovs_set_ipv4_addr(struct sk_buff *skb, bool l4, __be32 *addr,
			      __be32 to)
{
	struct iphdr *nh = ip_hdr(skb);

	if (l4)
		ovs_set_l4_csum(skb, nh->protocol, addr, &to, false);
	csum_replace4(&nh->check, *addr, to);
	*addr = to;
	ovs_set_flow_changed(skb);
}

static int ovs_set_ipv4(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			const struct ovs_key_ipv4 *v,
			const struct ovs_key_ipv4 *m)
{
	struct ovs_key *key = ctx->key;
	struct iphdr *nh;
	bool l4 = false;
	__be32 addr;
	int err;

	err = skb_ensure_writable(skb, skb_network_offset(skb) + sizeof(*nh));
	if (unlikely(err))
		return err;

	nh = ip_hdr(skb);
	if ((m->ipv4_src || m->ipv4_dst) && !(nh->frag_off & htons(IP_OFFSET))) {
		l4 = ovs_set_l4_writable(skb, nh->protocol, false);
		nh = ip_hdr(skb);
	}

	/* Only a real change costs checksum updates and a conntrack reset. */
	addr = OVS_MASKED(nh->saddr, v->ipv4_src, m->ipv4_src);
	if (addr != nh->saddr) {
		ovs_set_ipv4_addr(skb, l4, &nh->saddr, addr);
		key->ipv4.src = addr;
	}
	addr = OVS_MASKED(nh->daddr, v->ipv4_dst, m->ipv4_dst);
	if (addr != nh->daddr) {
		ovs_set_ipv4_addr(skb, l4, &nh->daddr, addr);
		key->ipv4.dst = addr;
	}
	if (m->ipv4_tos) {
		ipv4_change_dsfield(nh, ~m->ipv4_tos, v->ipv4_tos & m->ipv4_tos);
		key->ip.tos = nh->tos;
	}
	if (m->ipv4_ttl) {
		u8 ttl = OVS_MASKED(nh->ttl, v->ipv4_ttl, m->ipv4_ttl);

		csum_replace2(&nh->check, htons(nh->ttl << 8), htons(ttl << 8));
		nh->ttl = ttl;
		key->ip.ttl = ttl;
	}
	return 0;
}

static bool ovs_ipv6_addr_masked(struct in6_addr *out,
				 const struct in6_addr *old, const __be32 *v,
				 const __be32 *m)
{
	int i;

	for (i = 0; i < 4; i++)
		out->s6_addr32[i] = OVS_MASKED(old->s6_addr32[i], v[i], m[i]);
	return !ipv6_addr_equal(out, old);
}

/* A routing header puts the final destination, not daddr, in the pseudo header. */
static bool ovs_ipv6_has_rthdr(struct sk_buff *skb)
{
	int flags = IP6_FH_F_SKIP_RH;
	unsigned int offset = 0;

	if (!ipv6_ext_hdr(ipv6_hdr(skb)->nexthdr))
		return false;
	return ipv6_find_hdr(skb, &offset, NEXTHDR_ROUTING, NULL, &flags) ==
	       NEXTHDR_ROUTING;
}

/*
 * An L4 checksum that follows the address changes by as much as the
 * address, the other way, and skb->csum of a CHECKSUM_COMPLETE packet
 * stays right.  Without one (another next header, a later fragment, a
 * routing header's final destination, a zero UDP checksum) skb->csum must
 * follow the address by itself.
 */
static void ovs_set_ipv6_addr(struct sk_buff *skb, u8 proto, bool l4,
			      struct in6_addr *addr, const struct in6_addr *to)
{
	if (!l4 || !ovs_set_l4_csum(skb, proto, addr->s6_addr32,
				    to->s6_addr32, true)) {
		skb_postpull_rcsum(skb, addr, sizeof(*addr));
		*addr = *to;
		skb_postpush_rcsum(skb, addr, sizeof(*addr));
	} else {
		*addr = *to;
	}
	ovs_set_flow_changed(skb);
}

static int ovs_set_ipv6(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			const struct ovs_key_ipv6 *v,
			const struct ovs_key_ipv6 *m)
{
	struct ovs_key *key = ctx->key;
	u8 proto = key->ip.proto;
	struct in6_addr addr;
	struct ipv6hdr *nh;
	__be32 *word, w0, w1;
	bool l4;
	int err;

	err = skb_ensure_writable(skb, skb_network_offset(skb) + sizeof(*nh));
	if (unlikely(err))
		return err;

	l4 = key->ip.frag != OVS_FRAG_TYPE_LATER &&
	     ovs_set_l4_writable(skb, proto, true);
	nh = ipv6_hdr(skb);

	if (ovs_ipv6_addr_masked(&addr, &nh->saddr, v->ipv6_src, m->ipv6_src)) {
		ovs_set_ipv6_addr(skb, proto, l4, &nh->saddr, &addr);
		key->ipv6.src = addr;
	}
	if (ovs_ipv6_addr_masked(&addr, &nh->daddr, v->ipv6_dst, m->ipv6_dst)) {
		ovs_set_ipv6_addr(skb, proto, l4 && !ovs_ipv6_has_rthdr(skb),
				  &nh->daddr, &addr);
		key->ipv6.dst = addr;
	}

	/* Version, class and label share word 0; hop limit is in word 1. */
	word = (__be32 *)nh;
	w0 = word[0];
	w1 = word[1];
	if (m->ipv6_tclass) {
		ipv6_change_dsfield(nh, ~m->ipv6_tclass,
				    v->ipv6_tclass & m->ipv6_tclass);
		key->ip.tos = ipv6_get_dsfield(nh);
	}
	if (m->ipv6_label) {
		__be32 mask = m->ipv6_label & htonl(IPV6_FLOWINFO_FLOWLABEL);

		word[0] = OVS_MASKED(word[0], v->ipv6_label, mask);
		key->ipv6.label = word[0] & htonl(IPV6_FLOWINFO_FLOWLABEL);
	}
	if (m->ipv6_hlimit) {
		nh->hop_limit = OVS_MASKED(nh->hop_limit, v->ipv6_hlimit,
					   m->ipv6_hlimit);
		key->ip.ttl = nh->hop_limit;
	}
	ovs_rcsum_replace4(skb, w0, word[0]);
	ovs_rcsum_replace4(skb, w1, word[1]);
	return 0;
}

/* CRC32c of the SCTP packet at off, its checksum field counted as zero. */
static __le32 ovs_sctp_crc(const struct sk_buff *skb, unsigned int off)
{
	static const u8 zero[4];
	unsigned int pos, n;
	const void *p;
	u8 buf[64];
	u32 crc;

	crc = crc32c(~0U, skb->data + off, 8);
	crc = crc32c(crc, zero, sizeof(zero));
	for (pos = off + sizeof(struct ovs_sctphdr); pos < skb->len; pos += n) {
		if (pos < skb_headlen(skb)) {
			/* The linear part in place, in one go. */
			n = skb_headlen(skb) - pos;
			p = skb->data + pos;
		} else {
			n = min_t(unsigned int, skb->len - pos, sizeof(buf));
			if (skb_copy_bits(skb, pos, buf, n))
				break;
			p = buf;
		}
		crc = crc32c(crc, p, n);
	}
	return cpu_to_le32(~crc);
}

/*
 * TCP and UDP ports: the checksum covers them, without a pseudo header,
 * and its update balances the port's inside skb->csum.  A UDP packet
 * without a checksum has nothing to balance it.
 */
static void ovs_set_port(struct sk_buff *skb, __be16 *port, __be16 to,
			 __sum16 *check)
{
	if (check) {
		inet_proto_csum_replace2(check, skb, *port, to, false);
		*port = to;
		return;
	}
	skb_postpull_rcsum(skb, port, sizeof(*port));
	*port = to;
	skb_postpush_rcsum(skb, port, sizeof(*port));
}

static int ovs_set_tcp(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		       const struct ovs_key_tcp *v, const struct ovs_key_tcp *m)
{
	struct tcphdr *th;
	__be16 src, dst;
	int err;

	err = skb_ensure_writable(skb, skb_transport_offset(skb) + sizeof(*th));
	if (unlikely(err))
		return err;

	th = tcp_hdr(skb);
	src = OVS_MASKED(th->source, v->tcp_src, m->tcp_src);
	dst = OVS_MASKED(th->dest, v->tcp_dst, m->tcp_dst);
	if (src != th->source)
		ovs_set_port(skb, &th->source, src, &th->check);
	if (dst != th->dest)
		ovs_set_port(skb, &th->dest, dst, &th->check);
	ctx->key->tp.src = src;
	ctx->key->tp.dst = dst;
	ovs_set_flow_changed(skb);
	return 0;
}

static int ovs_set_udp(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		       const struct ovs_key_udp *v, const struct ovs_key_udp *m)
{
	__sum16 *check = NULL;
	struct udphdr *uh;
	__be16 src, dst;
	int err;

	err = skb_ensure_writable(skb, skb_transport_offset(skb) + sizeof(*uh));
	if (unlikely(err))
		return err;

	uh = udp_hdr(skb);
	/* A zero UDP checksum is "none" and stays none. */
	if (uh->check || skb->ip_summed == CHECKSUM_PARTIAL)
		check = &uh->check;
	src = OVS_MASKED(uh->source, v->udp_src, m->udp_src);
	dst = OVS_MASKED(uh->dest, v->udp_dst, m->udp_dst);
	if (src != uh->source)
		ovs_set_port(skb, &uh->source, src, check);
	if (dst != uh->dest)
		ovs_set_port(skb, &uh->dest, dst, check);
	if (check && !*check && skb->ip_summed != CHECKSUM_PARTIAL)
		*check = CSUM_MANGLED_0;
	ctx->key->tp.src = src;
	ctx->key->tp.dst = dst;
	ovs_set_flow_changed(skb);
	return 0;
}

static int ovs_set_sctp(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			const struct ovs_key_sctp *v,
			const struct ovs_key_sctp *m)
{
	unsigned int off = skb_transport_offset(skb);
	__le32 old, old_correct, new_correct;
	struct ovs_sctphdr *sh;
	int err;

	err = skb_ensure_writable(skb, off + sizeof(*sh));
	if (unlikely(err))
		return err;

	sh = (struct ovs_sctphdr *)skb_transport_header(skb);
	old = sh->checksum;
	old_correct = ovs_sctp_crc(skb, off);
	/* The CRC is no ones' complement sum: skb->csum follows the bytes. */
	skb_postpull_rcsum(skb, sh, sizeof(*sh));
	sh->source = OVS_MASKED(sh->source, v->sctp_src, m->sctp_src);
	sh->dest = OVS_MASKED(sh->dest, v->sctp_dst, m->sctp_dst);
	new_correct = ovs_sctp_crc(skb, off);
	/* A packet that arrived with a bad CRC leaves with a bad CRC. */
	sh->checksum = old ^ old_correct ^ new_correct;
	skb_postpush_rcsum(skb, sh, sizeof(*sh));

	ctx->key->tp.src = sh->source;
	ctx->key->tp.dst = sh->dest;
	ovs_set_flow_changed(skb);
	return 0;
}

/* NSH: nested attributes, each value then mask. */
static int ovs_set_nsh(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		       const struct nlattr *attr)
{
	unsigned int off = skb_network_offset(skb);
	struct ovs_key *key = ctx->key;
	const struct nlattr *a;
	struct nshhdr *nh;
	unsigned int len;
	int err, rem, i;

	err = skb_ensure_writable(skb, off + NSH_BASE_HDR_LEN);
	if (unlikely(err))
		return err;
	len = nsh_hdr_len(nsh_hdr(skb));
	if (len < NSH_BASE_HDR_LEN)
		return -EINVAL;
	err = skb_ensure_writable(skb, off + len);
	if (unlikely(err))
		return err;

	nh = nsh_hdr(skb);
	skb_postpull_rcsum(skb, nh, len);
	nla_for_each_nested(a, attr, rem) {
		switch (nla_type(a)) {
		case OVS_NSH_KEY_ATTR_BASE: {
			const struct ovs_nsh_key_base *v = ovs_set_value(a);
			const struct ovs_nsh_key_base *m = ovs_set_mask(a);
			u8 flags, ttl;

			if (!ovs_set_len_ok(a, sizeof(*v)))
				goto err_layout;
			flags = OVS_MASKED(nsh_get_flags(nh), v->flags, m->flags);
			ttl = OVS_MASKED(nsh_get_ttl(nh), v->ttl, m->ttl);
			nsh_set_flags_and_ttl(nh, flags, ttl);
			nh->path_hdr = OVS_MASKED(nh->path_hdr, v->path_hdr,
						  m->path_hdr);
			key->nsh.flags = flags;
			key->nsh.ttl = ttl;
			key->nsh.path_hdr = nh->path_hdr;
			break;
		}
		case OVS_NSH_KEY_ATTR_MD1: {
			const struct ovs_nsh_key_md1 *v = ovs_set_value(a);
			const struct ovs_nsh_key_md1 *m = ovs_set_mask(a);

			if (!ovs_set_len_ok(a, sizeof(*v)) ||
			    nh->mdtype != NSH_M_TYPE1 ||
			    len < NSH_M_TYPE1_LEN)
				goto err_layout;
			for (i = 0; i < NSH_MD1_CONTEXT_SIZE; i++) {
				nh->md1.context[i] =
					OVS_MASKED(nh->md1.context[i],
						   v->context[i], m->context[i]);
				key->nsh.context[i] = nh->md1.context[i];
			}
			break;
		}
		default:
			goto err_layout;
		}
	}
	skb_postpush_rcsum(skb, nh, len);
	return 0;

err_layout:
	/* The packet is dropped: its checksum no longer matters. */
	return -EINVAL;
}

int ovs_exec_set(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		 const struct nlattr *a)
{
	const void *v = ovs_set_value(a);
	const void *m = ovs_set_mask(a);
	int type = nla_type(a);
	int err;

	/* Header offsets and ip.proto come from a key that describes the packet. */
	if (type != OVS_KEY_ATTR_PRIORITY && type != OVS_KEY_ATTR_SKB_MARK) {
		err = ovs_exec_refresh_key(ctx, skb);
		if (err)
			return err;
	}

	/*
	 * A later fragment has no transport header: where its ports would be
	 * is payload, which a port rewrite must leave alone.  (In-tree never
	 * runs one there: it refuses an L4 set unless the flow matches ports,
	 * which are zero in a later fragment's key.)
	 */
	if ((type == OVS_KEY_ATTR_TCP || type == OVS_KEY_ATTR_UDP ||
	     type == OVS_KEY_ATTR_SCTP) &&
	    ctx->key->ip.frag == OVS_FRAG_TYPE_LATER)
		return 0;

	switch (type) {
	case OVS_KEY_ATTR_PRIORITY:
		if (!ovs_set_len_ok(a, sizeof(u32)))
			break;
		skb->priority = OVS_MASKED(skb->priority, *(const u32 *)v,
					   *(const u32 *)m);
		ctx->key->priority = skb->priority;
		return 0;
	case OVS_KEY_ATTR_SKB_MARK:
		if (!ovs_set_len_ok(a, sizeof(u32)))
			break;
		skb->mark = OVS_MASKED(skb->mark, *(const u32 *)v,
				       *(const u32 *)m);
		ctx->key->skb_mark = skb->mark;
		return 0;
	case OVS_KEY_ATTR_ETHERNET:
		if (!ovs_set_len_ok(a, sizeof(struct ovs_key_ethernet)))
			break;
		return ovs_set_eth(ctx, skb, v, m);
	case OVS_KEY_ATTR_IPV4:
		if (!ovs_set_len_ok(a, sizeof(struct ovs_key_ipv4)))
			break;
		return ovs_set_ipv4(ctx, skb, v, m);
	case OVS_KEY_ATTR_IPV6:
		if (!ovs_set_len_ok(a, sizeof(struct ovs_key_ipv6)))
			break;
		return ovs_set_ipv6(ctx, skb, v, m);
	case OVS_KEY_ATTR_TCP:
		if (!ovs_set_len_ok(a, sizeof(struct ovs_key_tcp)))
			break;
		return ovs_set_tcp(ctx, skb, v, m);
	case OVS_KEY_ATTR_UDP:
		if (!ovs_set_len_ok(a, sizeof(struct ovs_key_udp)))
			break;
		return ovs_set_udp(ctx, skb, v, m);
	case OVS_KEY_ATTR_SCTP:
		if (!ovs_set_len_ok(a, sizeof(struct ovs_key_sctp)))
			break;
		return ovs_set_sctp(ctx, skb, v, m);
	case OVS_KEY_ATTR_MPLS:
		/* The top label only: the key holds what lies below as is. */
		if (!ovs_set_len_ok(a, sizeof(struct ovs_key_mpls)))
			break;
		return ovs_exec_set_mpls(ctx, skb, *(const __be32 *)v,
					 *(const __be32 *)m);
	case OVS_KEY_ATTR_NSH:
		return ovs_set_nsh(ctx, skb, a);
	}
	/* Anything else was refused at install time. */
	return -EINVAL;
}
