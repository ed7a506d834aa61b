// SPDX-License-Identifier: GPL-2.0-only
/* Packets for the flow key suites (see flow_key_pkts_kunit.h). */

#include "flow_key_pkts_kunit.h"

const u8 ovs_fk_eth_src[ETH_ALEN] = {
	0x02, 0x00, 0x5e, 0x10, 0x00, 0x01
};

const u8 ovs_fk_eth_dst[ETH_ALEN] = {
	0x02, 0x00, 0x5e, 0x10, 0x00, 0x02
};

const struct in6_addr ovs_fk_ip6_src = {
	.s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 }
};

const struct in6_addr ovs_fk_ip6_dst = {
	.s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 }
};

void ovs_fk_init(struct ovs_fk_pkt *p, u8 mac_proto)
{
	memset(p, 0, sizeof(*p));
	p->mac_proto = mac_proto;
	p->l3_min = FK_NEVER;
	p->l3_end = FK_NEVER;
	p->l4_end = FK_NEVER;
}

void *ovs_fk_put(struct kunit *test, struct ovs_fk_pkt *p, const void *src,
		 unsigned int len)
{
	u8 *d;

	KUNIT_ASSERT_LE(test, p->len + len, (unsigned int)FK_PKT_MAX);
	d = p->data + p->len;
	if (src)
		memcpy(d, src, len);
	else
		memset(d, 0, len);
	p->len += len;
	return d;
}

void ovs_fk_done(struct kunit *test, struct ovs_fk_pkt *p, unsigned int payload)
{
	p->full_end = p->len;
	while (payload--) {
		u8 b = payload;

		ovs_fk_put(test, p, &b, 1);
	}
}

void ovs_fk_ipv4(struct kunit *test, struct ovs_fk_pkt *p, u8 proto, u16 frag_off,
		 unsigned int opt_words)
{
	unsigned int ihl = 5 + opt_words;
	struct iphdr *iph;

	p->nh = p->len;
	iph = ovs_fk_put(test, p, NULL, ihl * 4);
	memset(iph + 1, IPOPT_NOOP, opt_words * 4);
	iph->version = 4;
	iph->ihl = ihl;
	iph->tos = FK_TOS;
	iph->tot_len = htons(ihl * 4 + 20);
	iph->id = htons(0x1234);
	iph->frag_off = htons(frag_off);
	iph->ttl = FK_TTL;
	iph->protocol = proto;
	iph->saddr = htonl(FK_IP4_SRC);
	iph->daddr = htonl(FK_IP4_DST);
	p->l3_min = p->len;
	p->l3_end = p->len;
	p->th = p->len;
}

void ovs_fk_ipv6(struct kunit *test, struct ovs_fk_pkt *p, u8 next)
{
	struct ipv6hdr *ip6;

	p->nh = p->len;
	ip6 = ovs_fk_put(test, p, NULL, sizeof(*ip6));
	*(__be32 *)ip6 = htonl(6 << 28 | FK_TOS << 20 | FK_FLOW_LABEL);
	ip6->payload_len = htons(64);
	ip6->nexthdr = next;
	ip6->hop_limit = FK_HLIMIT;
	ip6->saddr = ovs_fk_ip6_src;
	ip6->daddr = ovs_fk_ip6_dst;
	p->l3_min = p->len;
	p->l3_end = p->len;
	p->th = p->len;
}

void ovs_fk_ext(struct kunit *test, struct ovs_fk_pkt *p, u8 next)
{
	const u8 hdr[8] = { next, 0, 1, 4 };

	ovs_fk_put(test, p, hdr, sizeof(hdr));
	p->l3_end = p->len;
	p->th = p->len;
}

void ovs_fk_frag6(struct kunit *test, struct ovs_fk_pkt *p, u8 next, u16 offset,
		  bool more)
{
	ovs_fk_put(test, p, &next, 1);
	ovs_fk_put(test, p, NULL, 1);
	ovs_fk_put_be16(test, p, offset << 3 | more);
	ovs_fk_put_be32(test, p, 0xf00d);
	p->l3_end = p->len;
	p->th = p->len;
}

void ovs_fk_tcp(struct kunit *test, struct ovs_fk_pkt *p, u16 sport, u16 dport,
		u16 flags)
{
	ovs_fk_l4_start(p);
	ovs_fk_put_be16(test, p, sport);
	ovs_fk_put_be16(test, p, dport);
	ovs_fk_put_be32(test, p, 1000);	/* seq */
	ovs_fk_put_be32(test, p, 2000);	/* ack */
	ovs_fk_put_be16(test, p, 5 << 12 | flags);
	ovs_fk_put_be16(test, p, 8192);	/* window */
	ovs_fk_put(test, p, NULL, 4);	/* checksum, urgent pointer */
	p->l4_end = p->len;
}

static void ovs_fk_udp(struct kunit *test, struct ovs_fk_pkt *p, u16 sport, u16 dport)
{
	ovs_fk_l4_start(p);
	ovs_fk_put_be16(test, p, sport);
	ovs_fk_put_be16(test, p, dport);
	ovs_fk_put_be16(test, p, 16);
	ovs_fk_put(test, p, NULL, 2);
	p->l4_end = p->len;
}

static void ovs_fk_sctp(struct kunit *test, struct ovs_fk_pkt *p, u16 sport, u16 dport)
{
	ovs_fk_l4_start(p);
	ovs_fk_put_be16(test, p, sport);
	ovs_fk_put_be16(test, p, dport);
	ovs_fk_put_be32(test, p, 0x11223344);	/* verification tag */
	ovs_fk_put(test, p, NULL, 4);
	p->l4_end = p->len;
}

/* ICMP and ICMPv6: type, code, checksum, 4 more bytes. */
static void ovs_fk_icmp(struct kunit *test, struct ovs_fk_pkt *p, u8 type, u8 code)
{
	ovs_fk_l4_start(p);
	ovs_fk_put(test, p, &type, 1);
	ovs_fk_put(test, p, &code, 1);
	ovs_fk_put(test, p, NULL, 6);
	p->l4_end = p->len;
}

struct sk_buff *ovs_fk_skb_poisoned(struct kunit *test, const struct ovs_fk_pkt *p,
				    unsigned int len, unsigned int lin, u8 poison)
{
	struct sk_buff *skb;
	struct page *page;

	lin = min(lin, len);
	KUNIT_ASSERT_LE(test, len - lin, (unsigned int)PAGE_SIZE);
	skb = alloc_skb(FK_HEADROOM + lin, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, FK_HEADROOM);
	skb_put_data(skb, p->data, lin);
	memset(skb_tail_pointer(skb), poison, skb_tailroom(skb));
	if (len > lin) {
		page = alloc_page(GFP_KERNEL);
		if (!page)
			kfree_skb(skb);
		KUNIT_ASSERT_NOT_NULL(test, page);
		memset(page_address(page), poison, PAGE_SIZE);
		memcpy(page_address(page), p->data + lin, len - lin);
		skb_add_rx_frag(skb, 0, page, 0, len - lin, PAGE_SIZE);
	}
	skb->priority = FK_PRIORITY;
	skb->mark = FK_MARK;
	skb->protocol = p->protocol;
	if (p->hw_tpid)
		__vlan_hwaccel_put_tag(skb, p->hw_tpid, p->hw_tci);
	return skb;
}

void ovs_fk_build_ipv4_tcp(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_TCP, 0, 0);
	ovs_fk_tcp(test, p, 12345, 80, 0x112);	/* NS, ACK, SYN */
	ovs_fk_done(test, p, 6);
}

void ovs_fk_build_ipv4_udp_opts(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_UDP, 0, 2);
	ovs_fk_udp(test, p, 5353, 53);
	ovs_fk_done(test, p, 4);
}

void ovs_fk_build_ipv4_sctp(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_SCTP, 0, 0);
	ovs_fk_sctp(test, p, 2905, 3868);
	ovs_fk_done(test, p, 16);
}

void ovs_fk_build_ipv4_icmp(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_ICMP, 0, 0);
	ovs_fk_icmp(test, p, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH);
	ovs_fk_done(test, p, 8);
}

void ovs_fk_build_ipv4_frag_first(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_UDP, IP_MF, 0);
	ovs_fk_udp(test, p, 4789, 4789);
	ovs_fk_done(test, p, 8);
}

void ovs_fk_build_ipv6_tcp_ext(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_HOP);
	ovs_fk_ext(test, p, NEXTHDR_DEST);
	ovs_fk_ext(test, p, NEXTHDR_ROUTING);
	ovs_fk_ext(test, p, NEXTHDR_FRAGMENT);
	ovs_fk_frag6(test, p, NEXTHDR_TCP, 0, true);
	ovs_fk_tcp(test, p, 443, 40000, 0x018);	/* PSH, ACK */
	ovs_fk_done(test, p, 10);
}

void ovs_fk_build_ipv6_frag_first(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_FRAGMENT);
	ovs_fk_frag6(test, p, NEXTHDR_UDP, 0, true);
	ovs_fk_udp(test, p, 1000, 2000);
	ovs_fk_done(test, p, 8);
}

void ovs_fk_build_ipv6_frag_later(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_FRAGMENT);
	ovs_fk_frag6(test, p, NEXTHDR_UDP, 100, false);
	p->th = 0;	/* no transport header in a later fragment */
	ovs_fk_done(test, p, 16);
}

void ovs_fk_nd(struct kunit *test, struct ovs_fk_pkt *p, u8 type, u8 opt,
	       const u8 *lladdr)
{
	u8 hdr[2] = { opt, 1 };

	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_ICMP);
	ovs_fk_icmp(test, p, type, 0);
	ovs_fk_put(test, p, &ovs_fk_ip6_dst, sizeof(ovs_fk_ip6_dst));	/* target */
	ovs_fk_put(test, p, hdr, sizeof(hdr));
	ovs_fk_put(test, p, lladdr, ETH_ALEN);
	ovs_fk_done(test, p, 0);
}

void ovs_fk_arp(struct kunit *test, struct ovs_fk_pkt *p, u16 type, u16 op)
{
	u8 lens[2] = { ETH_ALEN, 4 };

	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, type);
	ovs_fk_put_be16(test, p, ARPHRD_ETHER);
	ovs_fk_put_be16(test, p, ETH_P_IP);
	ovs_fk_put(test, p, lens, sizeof(lens));
	ovs_fk_put_be16(test, p, op);
	ovs_fk_put(test, p, ovs_fk_eth_src, ETH_ALEN);
	ovs_fk_put_be32(test, p, FK_IP4_SRC);
	ovs_fk_put(test, p, op == ARPOP_REQUEST ? NULL : ovs_fk_eth_dst, ETH_ALEN);
	ovs_fk_put_be32(test, p, FK_IP4_DST);
	p->l3_min = p->len;
	p->l3_end = p->len;
	ovs_fk_done(test, p, 18);	/* the padding to 60 bytes */
}

void ovs_fk_build_vlan(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_macs(test, p);
	ovs_fk_vlan(test, p, ETH_P_8021Q, 0x2064);	/* PCP 1, VID 100 */
	ovs_fk_type(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_UDP, 0, 0);
	ovs_fk_udp(test, p, 67, 68);
	ovs_fk_done(test, p, 4);
}

void ovs_fk_build_qinq(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_macs(test, p);
	ovs_fk_vlan(test, p, ETH_P_8021AD, 0xa00a);	/* PCP 5, VID 10 */
	ovs_fk_vlan(test, p, ETH_P_8021Q, 0x0014);	/* VID 20 */
	ovs_fk_type(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_UDP);
	ovs_fk_udp(test, p, 546, 547);
	ovs_fk_done(test, p, 4);
}

void ovs_fk_build_hwaccel(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	p->hw_tpid = htons(ETH_P_8021Q);
	p->hw_tci = 0x6005;	/* PCP 3, VID 5 */
	ovs_fk_eth(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_TCP, 0, 0);
	ovs_fk_tcp(test, p, 22, 51000, 0x010);
	ovs_fk_done(test, p, 0);
}

void ovs_fk_build_hwaccel_qinq(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	p->hw_tpid = htons(ETH_P_8021AD);
	p->hw_tci = 0x0bb8;	/* VID 3000 */
	ovs_fk_macs(test, p);
	ovs_fk_vlan(test, p, ETH_P_8021Q, 0x0fff);
	ovs_fk_type(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_UDP, 0, 0);
	ovs_fk_udp(test, p, 111, 2049);
	ovs_fk_done(test, p, 0);
}

void ovs_fk_mpls_stack(struct kunit *test, struct ovs_fk_pkt *p, unsigned int n)
{
	unsigned int i;

	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_MPLS_UC);
	for (i = 0; i < n; i++)
		ovs_fk_mpls(test, p, 1000 + i, i == n - 1);
	p->l3_end = p->nh +
		    min_t(unsigned int, n, OVS_KEY_MPLS_DEPTH) * MPLS_HLEN;
	p->full_end = p->l3_end;
	ovs_fk_ipv4(test, p, IPPROTO_UDP, 0, 0);	/* not looked at */
	p->nh = ETH_HLEN;
	p->th = 0;
	p->l3_min = ETH_HLEN + MPLS_HLEN;
	p->l3_end = p->full_end;
}

void ovs_fk_build_nsh_md1(struct kunit *test, struct ovs_fk_pkt *p)
{
	u8 md_np[2] = { NSH_M_TYPE1, FK_NSH_NP_ETHERNET };
	unsigned int i;

	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_NSH);
	/* Version 0, O bit, TTL 63, length 6 words. */
	ovs_fk_put_be16(test, p, 2 << 12 | 63 << 6 | 6);
	ovs_fk_put(test, p, md_np, sizeof(md_np));
	ovs_fk_put_be32(test, p, 0x123456 << 8 | 254);	/* SPI, SI */
	for (i = 0; i < OVS_KEY_NSH_CONTEXT; i++)
		ovs_fk_put_be32(test, p, 0xc0de0000 + i);
	p->l3_min = p->len;
	p->l3_end = p->len;
	ovs_fk_done(test, p, 0);
	ovs_fk_eth(test, p, ETH_P_IP);	/* inner frame, not looked at */
	p->nh = ETH_HLEN;
}

void ovs_fk_build_llc(struct kunit *test, struct ovs_fk_pkt *p)
{
	const u8 llc[] = { 0x42, 0x42, 0x03, 0x00, 0x00, 0x00, 0x00 };

	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_macs(test, p);
	ovs_fk_type(test, p, 38);
	ovs_fk_done(test, p, 0);
	ovs_fk_put(test, p, llc, sizeof(llc));
	ovs_fk_put(test, p, NULL, 31);
}

void ovs_fk_build_snap(struct kunit *test, struct ovs_fk_pkt *p)
{
	const u8 snap[] = { 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00 };

	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_macs(test, p);
	ovs_fk_put_be16(test, p, 8 + 20 + 8 + 4);
	ovs_fk_put(test, p, snap, sizeof(snap));
	ovs_fk_ipv4(test, p, IPPROTO_UDP, 0, 0);
	ovs_fk_udp(test, p, 161, 162);
	ovs_fk_done(test, p, 4);
}

void ovs_fk_build_l3_ipv4(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_NONE);
	p->protocol = htons(ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_UDP, 0, 0);
	ovs_fk_udp(test, p, 6081, 6081);
	ovs_fk_done(test, p, 8);
}
