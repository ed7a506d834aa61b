/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test packets for the flow key suites: a builder that appends headers and
 * records where each layer starts and from which length each group of key
 * fields is complete, and the skbs the packets are put in (linear, or with
 * the tail in a page fragment).
 */
#ifndef OVS_FLOW_KEY_PKTS_KUNIT_H
#define OVS_FLOW_KEY_PKTS_KUNIT_H

#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/mpls.h>
#include <net/ndisc.h>
#include <net/nsh.h>

#include "flow_key.h"

#define FK_PKT_MAX	4608
#define FK_HEADROOM	64
/*
 * Fill the room around a packet: a read past its end shows in the key, as
 * a difference between two extractions with different poison.
 */
#define FK_POISON	0xa5
#define FK_POISON2	0x5a
#define FK_NEVER	UINT_MAX

#define FK_PRIORITY	0x10007
#define FK_MARK		0xcafe
#define FK_IN_PORT	3

#define FK_TOS		0x2e
#define FK_TTL		64
#define FK_IP4_SRC	0xc0000201	/* 192.0.2.1 */
#define FK_IP4_DST	0xc6336402	/* 198.51.100.2 */
#define FK_FLOW_LABEL	0xbeef5
#define FK_HLIMIT	63
/* NSH next protocol values (RFC 8300). */
#define FK_NSH_NP_IPV4		1
#define FK_NSH_NP_ETHERNET	3

struct ovs_fk_pkt {
	u8 data[FK_PKT_MAX];
	unsigned int len;
	u8 mac_proto;
	__be16 protocol;	/* skb->protocol of an L3 packet */
	__be16 hw_tpid;		/* a tag the NIC took out, if nonzero */
	u16 hw_tci;
	unsigned int nh;	/* network header */
	unsigned int l3_min;	/* L3 addresses complete; before: none */
	unsigned int l3_end;	/* every L3 field complete */
	unsigned int th;	/* transport header, 0 if none */
	unsigned int l4_end;	/* L4 fields complete; before: none */
	unsigned int full_end;	/* the whole key complete */
};

extern const u8 ovs_fk_eth_src[ETH_ALEN];

extern const u8 ovs_fk_eth_dst[ETH_ALEN];

/* 2001:db8::1 and 2001:db8::2 */
extern const struct in6_addr ovs_fk_ip6_src;

extern const struct in6_addr ovs_fk_ip6_dst;

void ovs_fk_init(struct ovs_fk_pkt *p, u8 mac_proto);

/* Appends len bytes (zeros if src is NULL). */
void *ovs_fk_put(struct kunit *test, struct ovs_fk_pkt *p, const void *src,
		 unsigned int len);

static inline void ovs_fk_put_be16(struct kunit *test, struct ovs_fk_pkt *p, u16 v)
{
	__be16 x = htons(v);

	ovs_fk_put(test, p, &x, sizeof(x));
}

static inline void ovs_fk_put_be32(struct kunit *test, struct ovs_fk_pkt *p, u32 v)
{
	__be32 x = htonl(v);

	ovs_fk_put(test, p, &x, sizeof(x));
}

/* The end of the headers: the key is complete from here on. */
void ovs_fk_done(struct kunit *test, struct ovs_fk_pkt *p, unsigned int payload);

static inline void ovs_fk_macs(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_put(test, p, ovs_fk_eth_dst, ETH_ALEN);
	ovs_fk_put(test, p, ovs_fk_eth_src, ETH_ALEN);
}

static inline void ovs_fk_vlan(struct kunit *test, struct ovs_fk_pkt *p, u16 tpid,
			       u16 tci)
{
	ovs_fk_put_be16(test, p, tpid);
	ovs_fk_put_be16(test, p, tci);
}

/* The type field and the start of the network header. */
static inline void ovs_fk_type(struct kunit *test, struct ovs_fk_pkt *p, u16 type)
{
	ovs_fk_put_be16(test, p, type);
	p->nh = p->len;
}

static inline void ovs_fk_eth(struct kunit *test, struct ovs_fk_pkt *p, u16 type)
{
	ovs_fk_macs(test, p);
	ovs_fk_type(test, p, type);
}

/* IPv4 with opt_words words of NOP options. */
void ovs_fk_ipv4(struct kunit *test, struct ovs_fk_pkt *p, u8 proto, u16 frag_off,
		 unsigned int opt_words);

void ovs_fk_ipv6(struct kunit *test, struct ovs_fk_pkt *p, u8 next);

/* An 8-byte extension header (options hold one PadN). */
void ovs_fk_ext(struct kunit *test, struct ovs_fk_pkt *p, u8 next);

void ovs_fk_frag6(struct kunit *test, struct ovs_fk_pkt *p, u8 next, u16 offset,
		  bool more);

static inline void ovs_fk_l4_start(struct ovs_fk_pkt *p)
{
	p->th = p->len;
	p->l3_end = min(p->l3_end, p->len);
}

void ovs_fk_tcp(struct kunit *test, struct ovs_fk_pkt *p, u16 sport, u16 dport,
		u16 flags);

static inline void ovs_fk_mpls(struct kunit *test, struct ovs_fk_pkt *p, u32 label,
			       bool bos)
{
	ovs_fk_put_be32(test, p, label << 12 | 5 << 9 | bos << 8 | 64);
	if (p->l3_min == FK_NEVER)
		p->l3_min = p->len;
}

/*
 * An skb holding the first len bytes of p, lin of them in the linear area
 * and the rest in a page fragment; the room around them is poisoned.
 */
struct sk_buff *ovs_fk_skb_poisoned(struct kunit *test, const struct ovs_fk_pkt *p,
				    unsigned int len, unsigned int lin, u8 poison);

static inline struct sk_buff *ovs_fk_skb(struct kunit *test,
					 const struct ovs_fk_pkt *p,
				     unsigned int len, unsigned int lin)
{
	return ovs_fk_skb_poisoned(test, p, len, lin, FK_POISON);
}

typedef void (*ovs_fk_build_t)(struct kunit *test, struct ovs_fk_pkt *p);

/* The packets.  Each records its layout in p for the truncation suite. */

void ovs_fk_build_ipv4_tcp(struct kunit *test, struct ovs_fk_pkt *p);

/* Options in the IP header move the transport header. */
void ovs_fk_build_ipv4_udp_opts(struct kunit *test, struct ovs_fk_pkt *p);

void ovs_fk_build_ipv4_sctp(struct kunit *test, struct ovs_fk_pkt *p);

void ovs_fk_build_ipv4_icmp(struct kunit *test, struct ovs_fk_pkt *p);

void ovs_fk_build_ipv4_frag_first(struct kunit *test, struct ovs_fk_pkt *p);

/* Offset 185 * 8: the payload is not a UDP header. */
static inline void ovs_fk_build_ipv4_frag_later(struct kunit *test,
						struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_UDP, 185, 0);
	ovs_fk_done(test, p, 16);
}

/* Hop-by-hop, destination options, routing, fragment (offset 0), TCP. */
void ovs_fk_build_ipv6_tcp_ext(struct kunit *test, struct ovs_fk_pkt *p);

void ovs_fk_build_ipv6_frag_first(struct kunit *test, struct ovs_fk_pkt *p);

void ovs_fk_build_ipv6_frag_later(struct kunit *test, struct ovs_fk_pkt *p);

/* ICMPv6 type 135/136 with a link-layer address option (type 1/2). */
void ovs_fk_nd(struct kunit *test, struct ovs_fk_pkt *p, u8 type, u8 opt,
	       const u8 *lladdr);

static inline void ovs_fk_build_nd_ns(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_nd(test, p, NDISC_NEIGHBOUR_SOLICITATION, ND_OPT_SOURCE_LL_ADDR,
		  ovs_fk_eth_src);
}

static inline void ovs_fk_build_nd_na(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_nd(test, p, NDISC_NEIGHBOUR_ADVERTISEMENT, ND_OPT_TARGET_LL_ADDR,
		  ovs_fk_eth_dst);
}

void ovs_fk_arp(struct kunit *test, struct ovs_fk_pkt *p, u16 type, u16 op);

static inline void ovs_fk_build_arp_request(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_arp(test, p, ETH_P_ARP, ARPOP_REQUEST);
}

static inline void ovs_fk_build_arp_reply(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_arp(test, p, ETH_P_ARP, ARPOP_REPLY);
}

static inline void ovs_fk_build_rarp(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_arp(test, p, ETH_P_RARP, ARPOP_RREQUEST);
}

void ovs_fk_build_vlan(struct kunit *test, struct ovs_fk_pkt *p);

void ovs_fk_build_qinq(struct kunit *test, struct ovs_fk_pkt *p);

/* The NIC took the only tag out of the packet. */
void ovs_fk_build_hwaccel(struct kunit *test, struct ovs_fk_pkt *p);

/* The NIC took the outer 802.1ad tag; the 802.1Q tag is in the packet. */
void ovs_fk_build_hwaccel_qinq(struct kunit *test, struct ovs_fk_pkt *p);

void ovs_fk_mpls_stack(struct kunit *test, struct ovs_fk_pkt *p, unsigned int n);

static inline void ovs_fk_build_mpls3(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_mpls_stack(test, p, 3);
}

static inline void ovs_fk_build_mpls10(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_mpls_stack(test, p, 10);
}

void ovs_fk_build_nsh_md1(struct kunit *test, struct ovs_fk_pkt *p);

/* 802.3 with an LLC header that is not SNAP: type 802.2. */
void ovs_fk_build_llc(struct kunit *test, struct ovs_fk_pkt *p);

/* 802.3 with LLC/SNAP, OUI 0: the SNAP type, then the IPv4 in it. */
void ovs_fk_build_snap(struct kunit *test, struct ovs_fk_pkt *p);

/* An L3 packet (from an L3 tunnel port): IPv4 from the first byte. */
void ovs_fk_build_l3_ipv4(struct kunit *test, struct ovs_fk_pkt *p);

#endif /* OVS_FLOW_KEY_PKTS_KUNIT_H */
