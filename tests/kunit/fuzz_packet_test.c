// SPDX-License-Identifier: GPL-2.0-only
/*
 * The packet fuzzer (issue 15 item 2): valid packets of every kind the key
 * extractor knows, mutated with knowledge of their headers (cuts at and
 * inside every header, bad IPv4/IPv6/extension/ND/TCP/NSH/ARP lengths and
 * fields, VLAN and MPLS stacks deeper than the key holds, another
 * ethertype or protocol, byte flips), put in skbs of every shape the
 * receive path sees (linear, page fragments, a frag_list, no headroom,
 * cloned, a tag in hwaccel, CHECKSUM_COMPLETE), then run through
 * ovs_flow_key_extract() and through action lists that the flow-install
 * check (ovs_actions_copy()) accepted against the packet's key under one
 * of several flow masks, as a flow put would have installed them.
 *
 * KASAN, UBSAN, lockdep and kmemleak watch for what a test cannot see;
 * the suite itself checks that nothing silently goes wrong: extraction
 * leaves the bytes alone, gives the same key for every skb shape and a
 * second time, and every key field agrees with the bytes it came from;
 * the actions never write into a clone's shared data, keep a
 * CHECKSUM_COMPLETE sum right, and leave a key that the frame they send
 * would give again.
 *
 * Budget and seed: fuzz_kunit.h.  Each parameterised case is one chunk
 * of OVS_FUZZ_CHUNK packets; packet i of a run is made from its own
 * generator state (seed, i), so a failure names what repeats it.
 */

#include <asm/unaligned.h>
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
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/mpls.h>
#include <net/ndisc.h>
#include <net/netlink.h>
#include <net/nsh.h>

#include "actions.h"
#include "actions_exec_kunit.h"
#include "datapath.h"
#include "flow_key.h"
#include "flow_key_pkts_kunit.h"
#include "fuzz_kunit.h"
#include "nl_kunit.h"

#define PF_SEED			0x6f76735f706b7466ULL	/* "ovs_pktf" */
/* The short slice: a few seconds of KUnit time under KASAN. */
#define PF_SHORT		3000UL
/* Action lists run per packet, each on its own skb. */
#define PF_RUNS			2
#define PF_IN_PORT		1
#define PF_NL_SIZE		8192
/* A chunk stops after this many failures: the first ones say enough. */
#define PF_MAX_FAILS		8
/* Frames larger than this are not compared byte for byte. */
#define PF_BUF			(2 * FK_PKT_MAX)

/* Layouts of the skbs a packet goes in. */
enum {
	PF_LINEAR,		/* headroom and tailroom */
	PF_TIGHT,		/* no headroom, what tailroom kmalloc leaves */
	PF_FRAGS,		/* part linear, the rest in page fragments */
	PF_FRAG_LIST,		/* part linear, the rest in chained skbs */
	PF_SHAPES
};

static const char *const ovs_pf_shape_names[PF_SHAPES] = {
	"linear", "tight", "frags", "frag_list",
};

/* What key extraction made of a packet. */
enum {
	PF_OUT_RUNT,		/* shorter than an Ethernet header */
	PF_OUT_L2,		/* an ethertype whose payload is not parsed */
	PF_OUT_ARP,
	PF_OUT_ARP_OTHER,	/* not Ethernet/IPv4 ARP, or cut */
	PF_OUT_IPV4_CUT,	/* no usable IPv4 header */
	PF_OUT_IPV4_L3,		/* IPv4, a transport the key does not read */
	PF_OUT_IPV4_L4,
	PF_OUT_IPV4_L4_CUT,	/* a transport header the key reads, cut */
	PF_OUT_IPV4_LATER,	/* a later fragment */
	PF_OUT_IPV6_CUT,
	PF_OUT_IPV6_L3,
	PF_OUT_IPV6_L4,
	PF_OUT_IPV6_L4_CUT,
	PF_OUT_IPV6_LATER,
	PF_OUT_IPV6_ND,		/* a neighbour discovery target */
	PF_OUT_MPLS,
	PF_OUT_MPLS_DEEP,	/* more labels than the key holds */
	PF_OUT_NSH,
	PF_OUT_NSH_OTHER,	/* cut, or a version the key does not read */
	PF_OUT_L3_PACKET,	/* no Ethernet header (counted besides) */
	PF_OUTCOMES
};

static const char *const ovs_pf_out_names[PF_OUTCOMES] = {
	"runt", "l2", "arp", "arp-other", "ipv4-cut", "ipv4-l3", "ipv4-l4",
	"ipv4-l4-cut", "ipv4-later", "ipv6-cut", "ipv6-l3", "ipv6-l4",
	"ipv6-l4-cut", "ipv6-later", "ipv6-nd", "mpls", "mpls-deep", "nsh",
	"nsh-other", "l3-packet",
};

/* The flow masks a list is checked under: what the flow matched. */
enum {
	PF_MASK_FULL,		/* every field */
	PF_MASK_L3,		/* up to the network header */
	PF_MASK_L2,		/* Ethernet and the type */
	PF_MASK_TYPE,		/* only the packet type */
	PF_MASK_NONE,		/* nothing but the metadata */
	PF_MASKS
};

struct ovs_pf_stats {
	unsigned long packets;
	unsigned long runs;
	unsigned long frames;
	unsigned long outcome[PF_OUTCOMES];
	unsigned long shape[PF_SHAPES];
	unsigned long cloned;
	unsigned long csum_complete;
	unsigned long hwaccel;
};

struct ovs_pf_list_stats {
	unsigned long tried;
	unsigned long accepted;
	unsigned long exec_err;	/* the list dropped the packet with an error */
};

typedef void (*ovs_pf_build_t)(struct kunit *test, struct sk_buff *nl,
			       const struct ovs_key *k, struct rnd_state *r);

/* An action list the runs choose from. */
struct ovs_pf_list {
	const char *name;
	ovs_pf_build_t build;
	/*
	 * Only sets, then output:1: the frame sent must give the key the
	 * actions left, if extraction read the packet to its end.
	 */
	bool in_step;
};

/* The fuzzer's state; test->priv is the action suites' struct axt. */
struct ovs_pf {
	struct kunit *test;
	struct ovs_fk_pkt p;		/* the packet under test */
	u8 before[PF_BUF];		/* a skb's bytes before extraction */
	u8 after[PF_BUF];		/* and after */
	struct ovs_key ref;		/* the key from a linear skb */
	struct ovs_key key;		/* the key from this run's skb */
	struct ovs_key again;		/* a second extraction */
	struct ovs_key masked;		/* the flow's key */
	struct ovs_key frame;		/* the key of a sent frame */
	struct sk_buff *nl;		/* the action list, as userspace sends it */
	struct netlink_ext_ack extack;

	/* This packet. */
	u64 seed;
	unsigned long idx;
	const char *seed_name;
	unsigned int shape;
	unsigned int lin;		/* linear bytes of a split skb */
	unsigned int split;		/* first piece of the rest */
	unsigned int headroom;
	bool cloned;
	bool csum_complete;
	const struct ovs_pf_list *list;
	unsigned int mask;

	struct ovs_pf_stats st;
	unsigned long fails;
};

/* One generator state per packet. */
static u32 ovs_pf_rand(struct rnd_state *r, u32 n)
{
	return n ? prandom_u32_state(r) % n : 0;
}

static bool ovs_pf_chance(struct rnd_state *r, u32 n)
{
	return !ovs_pf_rand(r, n);
}

/*
 * A failed check: says which packet, how it was built and its first
 * bytes, then stops checking this run (false).
 */
static bool ovs_pf_fail(struct ovs_pf *f, const char *what, const char *cond)
{
	f->fails++;
	KUNIT_FAIL(f->test,
		   "packet %lu (seed %#llx, %s, %u bytes, %s%s%s, lin %u, list %s, mask %u): %s: %s",
		   f->idx, f->seed, f->seed_name, f->p.len,
		   ovs_pf_shape_names[f->shape], f->cloned ? " cloned" : "",
		   f->csum_complete ? " csum" : "", f->lin,
		   f->list ? f->list->name : "-", f->mask,
		   what, cond);
	kunit_info(f->test, "bytes: %*ph\n", (int)min(f->p.len, 64U), f->p.data);
	return false;
}

#define PF_CHECK(f, what, cond) \
	((cond) ? true : ovs_pf_fail(f, what, #cond))

/* Seeds: valid packets of every kind. */

static void ovs_pf_udp(struct kunit *test, struct ovs_fk_pkt *p, u16 sport,
		       u16 dport)
{
	ovs_fk_l4_start(p);
	ovs_fk_put_be16(test, p, sport);
	ovs_fk_put_be16(test, p, dport);
	ovs_fk_put_be16(test, p, 16);
	ovs_fk_put(test, p, NULL, 2);
	p->l4_end = p->len;
}

static void ovs_pf_icmp(struct kunit *test, struct ovs_fk_pkt *p, u8 type,
			u8 code)
{
	ovs_fk_l4_start(p);
	ovs_fk_put(test, p, &type, 1);
	ovs_fk_put(test, p, &code, 1);
	ovs_fk_put(test, p, NULL, 6);
	p->l4_end = p->len;
}

static void ovs_pf_sctp(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_l4_start(p);
	ovs_fk_put_be16(test, p, 36412);
	ovs_fk_put_be16(test, p, 2905);
	ovs_fk_put_be32(test, p, 0xabcdef01);
	ovs_fk_put(test, p, NULL, 4);
	p->l4_end = p->len;
}

/* TCP with three words of options (MSS, window scale, NOPs). */
static void ovs_pf_tcp_opts(struct kunit *test, struct ovs_fk_pkt *p)
{
	static const u8 opts[12] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 7, 1, 1, 1, 0 };

	ovs_fk_l4_start(p);
	ovs_fk_put_be16(test, p, 40001);
	ovs_fk_put_be16(test, p, 443);
	ovs_fk_put_be32(test, p, 7);
	ovs_fk_put_be32(test, p, 0);
	ovs_fk_put_be16(test, p, 8 << 12 | 0x002);	/* SYN */
	ovs_fk_put_be16(test, p, 65535);
	ovs_fk_put(test, p, NULL, 4);
	ovs_fk_put(test, p, opts, sizeof(opts));
	p->l4_end = p->len;
}

static void ovs_pf_seed_ipv4_tcp_opts(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_TCP, 0, 10);	/* ihl 15 */
	ovs_pf_tcp_opts(test, p);
	ovs_fk_done(test, p, 20);
}

static void ovs_pf_seed_ipv4_igmp(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_IGMP, 0, 1);	/* router alert */
	ovs_pf_icmp(test, p, 0x16, 0);			/* v2 report */
	ovs_fk_done(test, p, 0);
}

static void ovs_pf_seed_ipv4_frag_mid(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_TCP, IP_MF | 100, 0);
	ovs_fk_done(test, p, 40);
}

static void ovs_pf_seed_ipv4_gre(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_GRE, 0, 0);
	ovs_fk_put_be16(test, p, 0);
	ovs_fk_put_be16(test, p, ETH_P_TEB);
	ovs_fk_done(test, p, 60);
}

static void ovs_pf_seed_ipv6_udp(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_UDP);
	ovs_pf_udp(test, p, 4789, 4789);
	ovs_fk_done(test, p, 30);
}

static void ovs_pf_seed_ipv6_sctp(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, IPPROTO_SCTP);
	ovs_pf_sctp(test, p);
	ovs_fk_done(test, p, 16);
}

static void ovs_pf_seed_ipv6_echo(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_ICMP);
	ovs_pf_icmp(test, p, ICMPV6_ECHO_REQUEST, 0);
	ovs_fk_done(test, p, 56);
}

/*
 * Hop-by-hop, destination options, routing, fragment, AH (whose length
 * counts 4-byte words), destination options again, UDP.
 */
static void ovs_pf_seed_ipv6_chain(struct kunit *test, struct ovs_fk_pkt *p)
{
	u8 ah[24] = { NEXTHDR_DEST, 4 };

	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_HOP);
	ovs_fk_ext(test, p, NEXTHDR_DEST);
	ovs_fk_ext(test, p, NEXTHDR_ROUTING);
	ovs_fk_ext(test, p, NEXTHDR_FRAGMENT);
	ovs_fk_frag6(test, p, NEXTHDR_AUTH, 0, false);
	ovs_fk_put(test, p, ah, sizeof(ah));
	ovs_fk_ext(test, p, NEXTHDR_UDP);
	ovs_pf_udp(test, p, 53, 53);
	ovs_fk_done(test, p, 8);
}

static void ovs_pf_seed_ipv6_esp(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_HOP);
	ovs_fk_ext(test, p, NEXTHDR_ESP);
	ovs_fk_done(test, p, 32);
}

static void ovs_pf_seed_ipv6_nonext(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_DEST);
	ovs_fk_ext(test, p, NEXTHDR_NONE);
	ovs_fk_done(test, p, 8);
}

static void ovs_pf_seed_ipv6_atomic_frag(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_FRAGMENT);
	ovs_fk_frag6(test, p, NEXTHDR_TCP, 0, false);
	ovs_fk_tcp(test, p, 80, 50000, 0x011);
	ovs_fk_done(test, p, 12);
}

/* ND: an ICMPv6 type with a target and then options as given. */
static void ovs_pf_nd(struct kunit *test, struct ovs_fk_pkt *p, u8 type,
		      const u8 *opts, unsigned int opts_len)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_ICMP);
	ovs_pf_icmp(test, p, type, 0);
	ovs_fk_put(test, p, &ovs_fk_ip6_dst, sizeof(ovs_fk_ip6_dst));
	ovs_fk_put(test, p, opts, opts_len);
	ovs_fk_done(test, p, 0);
}

/* Source address, a nonce, an unknown option, target address. */
static void ovs_pf_seed_nd_ns_opts(struct kunit *test, struct ovs_fk_pkt *p)
{
	static const u8 opts[] = {
		ND_OPT_SOURCE_LL_ADDR, 1, 2, 0, 0x5e, 0x10, 0, 1,
		14, 1, 1, 2, 3, 4, 5, 6,
		200, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		ND_OPT_TARGET_LL_ADDR, 1, 2, 0, 0x5e, 0x10, 0, 2,
	};

	ovs_pf_nd(test, p, NDISC_NEIGHBOUR_SOLICITATION, opts, sizeof(opts));
}

static void ovs_pf_seed_nd_rs(struct kunit *test, struct ovs_fk_pkt *p)
{
	static const u8 opts[] = {
		ND_OPT_SOURCE_LL_ADDR, 1, 2, 0, 0x5e, 0x10, 0, 1,
	};

	ovs_pf_nd(test, p, NDISC_ROUTER_SOLICITATION, opts, sizeof(opts));
}

static void ovs_pf_arp_body(struct kunit *test, struct ovs_fk_pkt *p, u16 op)
{
	u8 lens[2] = { ETH_ALEN, 4 };

	ovs_fk_put_be16(test, p, ARPHRD_ETHER);
	ovs_fk_put_be16(test, p, ETH_P_IP);
	ovs_fk_put(test, p, lens, sizeof(lens));
	ovs_fk_put_be16(test, p, op);
	ovs_fk_put(test, p, ovs_fk_eth_src, ETH_ALEN);
	ovs_fk_put_be32(test, p, FK_IP4_SRC);
	ovs_fk_put(test, p, ovs_fk_eth_dst, ETH_ALEN);
	ovs_fk_put_be32(test, p, FK_IP4_DST);
	ovs_fk_done(test, p, 14);
}

static void ovs_pf_seed_vlan_arp(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_macs(test, p);
	ovs_fk_vlan(test, p, ETH_P_8021Q, 7);
	ovs_fk_type(test, p, ETH_P_ARP);
	ovs_pf_arp_body(test, p, ARPOP_REPLY);
}

static void ovs_pf_seed_rarp_reply(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_RARP);
	ovs_pf_arp_body(test, p, ARPOP_RREPLY);
}

/* Four tags: 802.1ad outside, then three 802.1Q, more than the key holds. */
static void ovs_pf_seed_vlan_deep(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_macs(test, p);
	ovs_fk_vlan(test, p, ETH_P_8021AD, 0x100a);
	ovs_fk_vlan(test, p, ETH_P_8021Q, 0x0014);
	ovs_fk_vlan(test, p, ETH_P_8021Q, 0x001e);
	ovs_fk_vlan(test, p, ETH_P_8021Q, 0x0028);
	ovs_fk_type(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_UDP, 0, 0);
	ovs_pf_udp(test, p, 1, 2);
	ovs_fk_done(test, p, 8);
}

static void ovs_pf_seed_qinq_tcp(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_macs(test, p);
	ovs_fk_vlan(test, p, ETH_P_8021AD, 0x0064);
	ovs_fk_vlan(test, p, ETH_P_8021Q, 0xe0c8);
	ovs_fk_type(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_TCP, 0, 0);
	ovs_fk_tcp(test, p, 5000, 6000, 0x018);
	ovs_fk_done(test, p, 12);
}

/* The labels, bottom of stack on the last, then IPv4/UDP. */
static void ovs_pf_mpls_ipv4(struct kunit *test, struct ovs_fk_pkt *p,
			     unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		ovs_fk_mpls(test, p, 16 + i, i == n - 1);
	ovs_fk_ipv4(test, p, IPPROTO_UDP, 0, 0);
	ovs_pf_udp(test, p, 7, 9);
	ovs_fk_done(test, p, 8);
}

static void ovs_pf_seed_mpls1(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_MPLS_UC);
	ovs_pf_mpls_ipv4(test, p, 1);
}

static void ovs_pf_seed_mpls_mc(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_MPLS_MC);
	ovs_fk_mpls(test, p, 100, false);
	ovs_fk_mpls(test, p, 200, true);
	ovs_fk_ipv6(test, p, NEXTHDR_UDP);
	ovs_pf_udp(test, p, 7, 9);
	ovs_fk_done(test, p, 8);
}

static void ovs_pf_seed_mpls40(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_mpls_stack(test, p, 40);
}

static void ovs_pf_seed_vlan_mpls(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_macs(test, p);
	ovs_fk_vlan(test, p, ETH_P_8021Q, 0x0042);
	ovs_fk_type(test, p, ETH_P_MPLS_UC);
	ovs_pf_mpls_ipv4(test, p, 2);
}

/* NSH with MD type 2: one 8-byte TLV, then an IPv4 packet. */
static void ovs_pf_seed_nsh_md2(struct kunit *test, struct ovs_fk_pkt *p)
{
	static const u8 tlv[12] = { 0x01, 0x02, 0x03, 2, 1, 2, 3, 4, 5, 6, 7, 8 };
	u8 md_np[2] = { NSH_M_TYPE2, FK_NSH_NP_IPV4 };

	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_NSH);
	ovs_fk_put_be16(test, p, 63 << 6 | 5);
	ovs_fk_put(test, p, md_np, sizeof(md_np));
	ovs_fk_put_be32(test, p, 0x000abc << 8 | 255);
	ovs_fk_put(test, p, tlv, sizeof(tlv));
	ovs_fk_ipv4(test, p, IPPROTO_UDP, 0, 0);
	ovs_pf_udp(test, p, 3, 4);
	ovs_fk_done(test, p, 4);
}

static void ovs_pf_nsh_md1(struct kunit *test, struct ovs_fk_pkt *p, u8 np)
{
	u8 md_np[2] = { NSH_M_TYPE1, np };
	unsigned int i;

	ovs_fk_put_be16(test, p, 20 << 6 | 6);
	ovs_fk_put(test, p, md_np, sizeof(md_np));
	ovs_fk_put_be32(test, p, 0x000042 << 8 | 3);
	for (i = 0; i < OVS_KEY_NSH_CONTEXT; i++)
		ovs_fk_put_be32(test, p, 0x11110000 + i);
}

static void ovs_pf_seed_nsh_ipv4(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_NSH);
	ovs_pf_nsh_md1(test, p, FK_NSH_NP_IPV4);
	ovs_fk_ipv4(test, p, IPPROTO_TCP, 0, 0);
	ovs_fk_tcp(test, p, 1, 2, 0x010);
	ovs_fk_done(test, p, 0);
}

static void ovs_pf_seed_l3_ipv6(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_NONE);
	p->protocol = htons(ETH_P_IPV6);
	ovs_fk_ipv6(test, p, NEXTHDR_TCP);
	ovs_fk_tcp(test, p, 179, 40000, 0x018);
	ovs_fk_done(test, p, 19);
}

static void ovs_pf_seed_l3_mpls(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_NONE);
	p->protocol = htons(ETH_P_MPLS_UC);
	ovs_pf_mpls_ipv4(test, p, 2);
}

/* An L3 NSH packet carrying an Ethernet frame. */
static void ovs_pf_seed_l3_nsh(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_NONE);
	p->protocol = htons(ETH_P_NSH);
	ovs_pf_nsh_md1(test, p, FK_NSH_NP_ETHERNET);
	ovs_fk_eth(test, p, ETH_P_IP);
	ovs_fk_ipv4(test, p, IPPROTO_UDP, 0, 0);
	ovs_pf_udp(test, p, 5, 6);
	ovs_fk_done(test, p, 0);
}

static void ovs_pf_seed_lldp(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, p, 0x88cc);
	ovs_fk_done(test, p, 32);
}

static void ovs_pf_seed_runt(struct kunit *test, struct ovs_fk_pkt *p)
{
	ovs_fk_init(p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_macs(test, p);
	p->len = 10;
}

struct ovs_pf_seed {
	const char *name;
	ovs_fk_build_t build;
	unsigned int outcome;	/* what extraction makes of it whole */
};

static const struct ovs_pf_seed ovs_pf_seeds[] = {
	{ "ipv4 tcp", ovs_fk_build_ipv4_tcp, PF_OUT_IPV4_L4 },
	{ "ipv4 tcp options", ovs_pf_seed_ipv4_tcp_opts, PF_OUT_IPV4_L4 },
	{ "ipv4 udp options", ovs_fk_build_ipv4_udp_opts, PF_OUT_IPV4_L4 },
	{ "ipv4 sctp", ovs_fk_build_ipv4_sctp, PF_OUT_IPV4_L4 },
	{ "ipv4 icmp", ovs_fk_build_ipv4_icmp, PF_OUT_IPV4_L4 },
	{ "ipv4 igmp", ovs_pf_seed_ipv4_igmp, PF_OUT_IPV4_L3 },
	{ "ipv4 gre", ovs_pf_seed_ipv4_gre, PF_OUT_IPV4_L3 },
	{ "ipv4 first fragment", ovs_fk_build_ipv4_frag_first, PF_OUT_IPV4_L4 },
	{ "ipv4 middle fragment", ovs_pf_seed_ipv4_frag_mid, PF_OUT_IPV4_LATER },
	{ "ipv4 later fragment", ovs_fk_build_ipv4_frag_later, PF_OUT_IPV4_LATER },
	{ "ipv6 tcp ext", ovs_fk_build_ipv6_tcp_ext, PF_OUT_IPV6_L4 },
	{ "ipv6 udp", ovs_pf_seed_ipv6_udp, PF_OUT_IPV6_L4 },
	{ "ipv6 sctp", ovs_pf_seed_ipv6_sctp, PF_OUT_IPV6_L4 },
	{ "ipv6 echo", ovs_pf_seed_ipv6_echo, PF_OUT_IPV6_L4 },
	{ "ipv6 ext chain", ovs_pf_seed_ipv6_chain, PF_OUT_IPV6_L4 },
	{ "ipv6 esp", ovs_pf_seed_ipv6_esp, PF_OUT_IPV6_L3 },
	{ "ipv6 no next", ovs_pf_seed_ipv6_nonext, PF_OUT_IPV6_L3 },
	{ "ipv6 first fragment", ovs_fk_build_ipv6_frag_first, PF_OUT_IPV6_L4 },
	{ "ipv6 later fragment", ovs_fk_build_ipv6_frag_later, PF_OUT_IPV6_LATER },
	{ "ipv6 atomic fragment", ovs_pf_seed_ipv6_atomic_frag, PF_OUT_IPV6_L4 },
	{ "nd ns", ovs_fk_build_nd_ns, PF_OUT_IPV6_ND },
	{ "nd na", ovs_fk_build_nd_na, PF_OUT_IPV6_ND },
	{ "nd ns options", ovs_pf_seed_nd_ns_opts, PF_OUT_IPV6_ND },
	{ "nd rs", ovs_pf_seed_nd_rs, PF_OUT_IPV6_L4 },
	{ "arp request", ovs_fk_build_arp_request, PF_OUT_ARP },
	{ "arp reply", ovs_fk_build_arp_reply, PF_OUT_ARP },
	{ "rarp", ovs_fk_build_rarp, PF_OUT_ARP },
	{ "rarp reply", ovs_pf_seed_rarp_reply, PF_OUT_ARP },
	{ "vlan arp", ovs_pf_seed_vlan_arp, PF_OUT_ARP },
	{ "802.1q", ovs_fk_build_vlan, PF_OUT_IPV4_L4 },
	{ "qinq ipv6", ovs_fk_build_qinq, PF_OUT_IPV6_L4 },
	{ "qinq tcp", ovs_pf_seed_qinq_tcp, PF_OUT_IPV4_L4 },
	/* The third tag's type is the key's: nothing past it is read. */
	{ "vlan 4 deep", ovs_pf_seed_vlan_deep, PF_OUT_L2 },
	{ "hwaccel tag", ovs_fk_build_hwaccel, PF_OUT_IPV4_L4 },
	{ "hwaccel qinq", ovs_fk_build_hwaccel_qinq, PF_OUT_IPV4_L4 },
	{ "mpls 1", ovs_pf_seed_mpls1, PF_OUT_MPLS },
	{ "mpls 3", ovs_fk_build_mpls3, PF_OUT_MPLS },
	{ "mpls 10", ovs_fk_build_mpls10, PF_OUT_MPLS_DEEP },
	{ "mpls 40", ovs_pf_seed_mpls40, PF_OUT_MPLS_DEEP },
	{ "mpls mc ipv6", ovs_pf_seed_mpls_mc, PF_OUT_MPLS },
	{ "vlan mpls", ovs_pf_seed_vlan_mpls, PF_OUT_MPLS },
	{ "nsh md1 eth", ovs_fk_build_nsh_md1, PF_OUT_NSH },
	{ "nsh md1 ipv4", ovs_pf_seed_nsh_ipv4, PF_OUT_NSH },
	{ "nsh md2", ovs_pf_seed_nsh_md2, PF_OUT_NSH },
	{ "802.3 llc", ovs_fk_build_llc, PF_OUT_L2 },
	{ "802.3 snap", ovs_fk_build_snap, PF_OUT_IPV4_L4 },
	{ "lldp", ovs_pf_seed_lldp, PF_OUT_L2 },
	{ "runt", ovs_pf_seed_runt, PF_OUT_RUNT },
	{ "l3 ipv4", ovs_fk_build_l3_ipv4, PF_OUT_IPV4_L4 },
	{ "l3 ipv6", ovs_pf_seed_l3_ipv6, PF_OUT_IPV6_L4 },
	{ "l3 mpls", ovs_pf_seed_l3_mpls, PF_OUT_MPLS },
	{ "l3 nsh", ovs_pf_seed_l3_nsh, PF_OUT_NSH },
};

/* Where the layers of a (possibly mutated) packet are. */
struct ovs_pf_layout {
	__be16 type;		/* what follows the L2 header */
	unsigned int l2_types;	/* offset of the first type/tag field */
	unsigned int nh;
	u8 proto;		/* IPv4/IPv6: the transport protocol */
	unsigned int th;	/* 0: none found */
	unsigned int ext[8];	/* IPv6 extension headers */
	unsigned int n_ext;
};

static u16 ovs_pf_get16(const struct ovs_fk_pkt *p, unsigned int off)
{
	return off + 2 <= p->len ? get_unaligned_be16(p->data + off) : 0;
}

static void ovs_pf_locate(const struct ovs_fk_pkt *p, struct ovs_pf_layout *l)
{
	unsigned int off;
	u16 type;

	memset(l, 0, sizeof(*l));
	if (p->mac_proto == OVS_MAC_PROTO_NONE) {
		l->type = p->protocol;
	} else {
		off = 2 * ETH_ALEN;
		l->l2_types = off;
		type = ovs_pf_get16(p, off);
		while (eth_type_vlan(htons(type)) && off + 6 <= p->len) {
			off += VLAN_HLEN;
			type = ovs_pf_get16(p, off);
		}
		l->type = htons(type);
		l->nh = min(off + 2, p->len);
	}

	if (l->type == htons(ETH_P_IP) && l->nh + 20 <= p->len) {
		l->proto = p->data[l->nh + 9];
		l->th = l->nh + (p->data[l->nh] & 15) * 4;
	} else if (l->type == htons(ETH_P_IPV6) && l->nh + 40 <= p->len) {
		u8 next = p->data[l->nh + 6];

		off = l->nh + 40;
		while (off + 8 <= p->len && l->n_ext < ARRAY_SIZE(l->ext) &&
		       (next == NEXTHDR_HOP || next == NEXTHDR_DEST ||
			next == NEXTHDR_ROUTING || next == NEXTHDR_FRAGMENT ||
			next == NEXTHDR_AUTH)) {
			l->ext[l->n_ext++] = off;
			if (next == NEXTHDR_FRAGMENT)
				off += 8;
			else if (next == NEXTHDR_AUTH)
				off += (p->data[off + 1] + 2) * 4;
			else
				off += (p->data[off + 1] + 1) * 8;
			next = p->data[l->ext[l->n_ext - 1]];
		}
		l->proto = next;
		l->th = off;
	}
	if (l->th > p->len)
		l->th = 0;
}

/* Mutations. */

static void ovs_pf_cut(struct ovs_fk_pkt *p, unsigned int len)
{
	p->len = min(p->len, len);
}

/* Inserts len bytes (of byte fill) at off, as far as the buffer allows. */
static u8 *ovs_pf_insert(struct ovs_fk_pkt *p, unsigned int off,
			 unsigned int len)
{
	if (off > p->len || p->len + len > FK_PKT_MAX)
		return NULL;
	memmove(p->data + off + len, p->data + off, p->len - off);
	p->len += len;
	return p->data + off;
}

static const u16 ovs_pf_types[] = {
	ETH_P_IP, ETH_P_IPV6, ETH_P_ARP, ETH_P_RARP, ETH_P_MPLS_UC,
	ETH_P_MPLS_MC, ETH_P_NSH, ETH_P_8021Q, ETH_P_8021AD, ETH_P_TEB,
	0x88cc, 46, 0x05ff, 0x0600, 0,
};

static const u8 ovs_pf_protos[] = {
	IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_ICMP, IPPROTO_ICMPV6,
	IPPROTO_IGMP, IPPROTO_GRE, NEXTHDR_HOP, NEXTHDR_ROUTING,
	NEXTHDR_FRAGMENT, NEXTHDR_AUTH, NEXTHDR_ESP, NEXTHDR_NONE,
	NEXTHDR_DEST, 255,
};

/* Length-like values: the edges parsers get wrong. */
static u32 ovs_pf_edge(struct rnd_state *r, u32 max, u32 right)
{
	switch (ovs_pf_rand(r, 8)) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return max;
	case 3:
		return right ? right - 1 : 0;
	case 4:
		return right + 1 > max ? max : right + 1;
	case 5:
		return max - 1;
	default:
		return ovs_pf_rand(r, max + 1);
	}
}

/* At a header boundary, or a few bytes either side of one. */
static void ovs_pf_mut_cut(struct ovs_fk_pkt *p, const struct ovs_pf_layout *l,
			   struct rnd_state *r)
{
	unsigned int bounds[16], n = 0, b;

	bounds[n++] = 0;
	bounds[n++] = ETH_HLEN;
	bounds[n++] = l->nh;
	if (l->th)
		bounds[n++] = l->th;
	if (l->n_ext)
		bounds[n++] = l->ext[ovs_pf_rand(r, l->n_ext)];
	if (p->th)
		bounds[n++] = p->th;
	if (p->l3_end != FK_NEVER)
		bounds[n++] = p->l3_end;
	if (p->l4_end != FK_NEVER)
		bounds[n++] = p->l4_end;
	if (p->full_end)
		bounds[n++] = p->full_end;
	bounds[n++] = ovs_pf_rand(r, p->len + 1);
	b = bounds[ovs_pf_rand(r, n)];
	if (ovs_pf_chance(r, 2))
		b += ovs_pf_rand(r, 9);
	b = b > 4 ? b - 4 : 0;
	ovs_pf_cut(p, b);
}

static void ovs_pf_mut_ipv4(struct ovs_fk_pkt *p, const struct ovs_pf_layout *l,
			    struct rnd_state *r)
{
	u8 *h = p->data + l->nh;
	u16 v;

	if (l->nh + 20 > p->len)
		return;
	switch (ovs_pf_rand(r, 4)) {
	case 0:
		h[0] = (h[0] & 0xf0) | ovs_pf_edge(r, 15, h[0] & 15);
		break;
	case 1:
		put_unaligned_be16(ovs_pf_edge(r, 0xffff, p->len - l->nh), h + 2);
		break;
	case 2:
		v = ovs_pf_chance(r, 2) ? IP_MF : 0;
		v |= ovs_pf_edge(r, IP_OFFSET, 1);
		put_unaligned_be16(v, h + 6);
		break;
	default:
		h[0] = (ovs_pf_rand(r, 16) << 4) | (h[0] & 15);
		break;
	}
}

static void ovs_pf_mut_ipv6(struct ovs_fk_pkt *p, const struct ovs_pf_layout *l,
			    struct rnd_state *r)
{
	u8 *h;

	if (l->nh + 40 > p->len)
		return;
	if (!l->n_ext || ovs_pf_chance(r, 3)) {
		h = p->data + l->nh;
		put_unaligned_be16(ovs_pf_edge(r, 0xffff, p->len - l->nh - 40),
				   h + 4);
		return;
	}
	h = p->data + l->ext[ovs_pf_rand(r, l->n_ext)];
	switch (ovs_pf_rand(r, 3)) {
	case 0:
		h[1] = ovs_pf_edge(r, 255, h[1]);
		break;
	case 1:
		h[0] = ovs_pf_protos[ovs_pf_rand(r, ARRAY_SIZE(ovs_pf_protos))];
		break;
	default:
		/* A fragment header's offset and more-fragments bit. */
		put_unaligned_be16(ovs_pf_edge(r, 0xffff, 8), h + 2);
		break;
	}
}

static void ovs_pf_mut_l4(struct ovs_fk_pkt *p, const struct ovs_pf_layout *l,
			  struct rnd_state *r)
{
	unsigned int off, end;
	u8 *h;

	if (!l->th || l->th + 4 > p->len)
		return;
	h = p->data + l->th;
	if (l->proto == IPPROTO_TCP && l->th + 13 <= p->len) {
		h[12] = (ovs_pf_edge(r, 15, 5) << 4) | (h[12] & 15);
		return;
	}
	if (l->proto != IPPROTO_ICMPV6)
		return;
	/* ND: a type, or an option's type or length. */
	if (ovs_pf_chance(r, 4)) {
		h[0] = NDISC_ROUTER_SOLICITATION + ovs_pf_rand(r, 5);
		return;
	}
	end = p->len;
	for (off = l->th + 24; off + 2 <= end; off += max(h[1] * 8U, 8U)) {
		h = p->data + off;
		if (ovs_pf_chance(r, 2))
			continue;
		if (ovs_pf_chance(r, 2))
			h[1] = ovs_pf_edge(r, 255, h[1]);
		else
			h[0] = ovs_pf_chance(r, 2) ? ND_OPT_SOURCE_LL_ADDR :
						     ND_OPT_TARGET_LL_ADDR;
		return;
	}
}

static void ovs_pf_mut_arp(struct ovs_fk_pkt *p, const struct ovs_pf_layout *l,
			   struct rnd_state *r)
{
	unsigned int off = l->nh + ovs_pf_rand(r, 8);

	if (off < p->len)
		p->data[off] = ovs_pf_chance(r, 2) ? 0 : prandom_u32_state(r);
}

/* Tags in front of the type: beyond what the key holds. */
static void ovs_pf_mut_vlans(struct ovs_fk_pkt *p, const struct ovs_pf_layout *l,
			     struct rnd_state *r)
{
	static const u16 tpids[] = { ETH_P_8021Q, ETH_P_8021AD, 0x9100 };
	unsigned int i, n = 1 + ovs_pf_rand(r, 24);
	u8 *t;

	if (p->mac_proto != OVS_MAC_PROTO_ETHERNET || p->len < ETH_HLEN)
		return;
	for (i = 0; i < n; i++) {
		t = ovs_pf_insert(p, l->l2_types, VLAN_HLEN);
		if (!t)
			return;
		put_unaligned_be16(tpids[ovs_pf_rand(r, ARRAY_SIZE(tpids))], t);
		put_unaligned_be16(prandom_u32_state(r), t + 2);
	}
}

/* Labels on top of the stack, none the bottom one, or no bottom at all. */
static void ovs_pf_mut_mpls(struct ovs_fk_pkt *p, const struct ovs_pf_layout *l,
			    struct rnd_state *r)
{
	unsigned int i, n;
	u8 *t;

	if (ovs_pf_chance(r, 2)) {
		for (i = l->nh; i + 4 <= p->len; i += 4)
			p->data[i + 2] &= ~1;
		return;
	}
	n = 1 + ovs_pf_rand(r, 60);
	for (i = 0; i < n; i++) {
		t = ovs_pf_insert(p, l->nh, MPLS_HLEN);
		if (!t)
			return;
		put_unaligned_be32(prandom_u32_state(r) & ~MPLS_LS_S_MASK, t);
	}
}

static void ovs_pf_mut_nsh(struct ovs_fk_pkt *p, const struct ovs_pf_layout *l,
			   struct rnd_state *r)
{
	u8 *h = p->data + l->nh;

	if (l->nh + 4 > p->len)
		return;
	switch (ovs_pf_rand(r, 4)) {
	case 0:
		h[1] = (h[1] & ~NSH_LEN_MASK) | ovs_pf_edge(r, 63, h[1] & 63);
		break;
	case 1:
		h[0] ^= 0x40 << ovs_pf_rand(r, 2);	/* version */
		break;
	case 2:
		h[2] = ovs_pf_rand(r, 4);		/* MD type */
		break;
	default:
		h[3] = ovs_pf_rand(r, 6);		/* next protocol */
		break;
	}
}

/* Another ethertype, L3 protocol or IP protocol for the same bytes. */
static void ovs_pf_mut_type(struct ovs_fk_pkt *p, const struct ovs_pf_layout *l,
			    struct rnd_state *r)
{
	u16 type = ovs_pf_types[ovs_pf_rand(r, ARRAY_SIZE(ovs_pf_types))];
	u8 proto = ovs_pf_protos[ovs_pf_rand(r, ARRAY_SIZE(ovs_pf_protos))];

	if (ovs_pf_chance(r, 2) && l->th) {
		if (l->type == htons(ETH_P_IP))
			p->data[l->nh + 9] = proto;
		else if (!l->n_ext)
			p->data[l->nh + 6] = proto;
		else
			p->data[l->ext[l->n_ext - 1]] = proto;
		return;
	}
	if (p->mac_proto == OVS_MAC_PROTO_NONE)
		p->protocol = htons(type);
	else if (l->nh >= ETH_HLEN && l->nh <= p->len)
		put_unaligned_be16(type, p->data + l->nh - 2);
}

static void ovs_pf_mut_flips(struct ovs_fk_pkt *p, struct rnd_state *r)
{
	unsigned int n = 1 + ovs_pf_rand(r, 8), off;

	while (p->len && n--) {
		/* Mostly in the headers. */
		off = ovs_pf_rand(r, ovs_pf_chance(r, 4) ? p->len :
				  min(p->len, 96U));
		if (ovs_pf_chance(r, 2))
			p->data[off] ^= 1 << ovs_pf_rand(r, 8);
		else
			p->data[off] = prandom_u32_state(r);
	}
}

static void ovs_pf_mutate(struct ovs_pf *f, struct rnd_state *r)
{
	struct ovs_fk_pkt *p = &f->p;
	struct ovs_pf_layout l;
	unsigned int n = ovs_pf_rand(r, 4);
	u8 *t;

	while (n--) {
		ovs_pf_locate(p, &l);
		switch (ovs_pf_rand(r, 10)) {
		case 0:
			ovs_pf_mut_cut(p, &l, r);
			break;
		case 1:
			if (l.type == htons(ETH_P_IP))
				ovs_pf_mut_ipv4(p, &l, r);
			else if (l.type == htons(ETH_P_IPV6))
				ovs_pf_mut_ipv6(p, &l, r);
			else if (eth_p_mpls(l.type))
				ovs_pf_mut_mpls(p, &l, r);
			else if (l.type == htons(ETH_P_NSH))
				ovs_pf_mut_nsh(p, &l, r);
			else
				ovs_pf_mut_arp(p, &l, r);
			break;
		case 2:
			ovs_pf_mut_l4(p, &l, r);
			break;
		case 3:
			ovs_pf_mut_vlans(p, &l, r);
			break;
		case 4:
			if (eth_p_mpls(l.type))
				ovs_pf_mut_mpls(p, &l, r);
			else
				ovs_pf_mut_nsh(p, &l, r);
			break;
		case 5:
			ovs_pf_mut_type(p, &l, r);
			break;
		case 6:
			/* The NIC took a tag out, or the packet carries none. */
			if (p->hw_tpid) {
				p->hw_tpid = 0;
			} else {
				p->hw_tpid = htons(ovs_pf_chance(r, 2) ? ETH_P_8021Q :
						   ETH_P_8021AD);
				p->hw_tci = prandom_u32_state(r);
			}
			break;
		case 7:
			t = ovs_pf_insert(p, p->len, ovs_pf_rand(r, 64));
			if (t)
				prandom_bytes_state(r, t, p->data + p->len - t);
			break;
		default:
			ovs_pf_mut_flips(p, r);
			break;
		}
	}
	ovs_pf_locate(p, &l);
	if (ovs_pf_chance(r, 3))
		ovs_pf_mut_cut(p, &l, r);
	if (ovs_pf_chance(r, 2))
		ovs_pf_mut_flips(p, r);
}

/* skbs. */

/* An skb holding the packet in the layout f chose; *orig: the clone's source. */
static struct sk_buff *ovs_pf_skb(struct ovs_pf *f, unsigned int shape,
				  struct sk_buff **orig)
{
	const struct ovs_fk_pkt *p = &f->p;
	unsigned int lin = p->len, off, n, k;
	struct sk_buff *skb, *child, **tail;
	struct page *page;

	*orig = NULL;
	if (shape == PF_FRAGS || shape == PF_FRAG_LIST)
		lin = min(f->lin, p->len);
	skb = alloc_skb((shape == PF_TIGHT ? 0 : f->headroom) + lin +
			(shape == PF_LINEAR ? FK_HEADROOM : 0), GFP_KERNEL);
	if (!skb)
		return NULL;
	if (shape != PF_TIGHT)
		skb_reserve(skb, f->headroom);
	skb_put_data(skb, p->data, lin);

	off = lin;
	tail = &skb_shinfo(skb)->frag_list;
	for (k = 0; off < p->len && k < 8; k++) {
		n = p->len - off;
		if (!k && f->split)
			n = min(n, f->split);
		if (shape == PF_FRAGS) {
			unsigned int po = k ? 0 : f->headroom;

			n = min_t(unsigned int, n, PAGE_SIZE - po);
			page = alloc_page(GFP_KERNEL);
			if (!page)
				goto err_free;
			memcpy(page_address(page) + po, p->data + off, n);
			skb_add_rx_frag(skb, k, page, po, n, PAGE_SIZE);
		} else {
			child = alloc_skb(n, GFP_KERNEL);
			if (!child)
				goto err_free;
			skb_put_data(child, p->data + off, n);
			*tail = child;
			tail = &child->next;
			skb->len += n;
			skb->data_len += n;
			skb->truesize += child->truesize;
		}
		off += n;
	}
	if (off != p->len)
		goto err_free;

	skb->priority = FK_PRIORITY;
	skb->mark = FK_MARK;
	skb->protocol = p->protocol;
	if (p->hw_tpid)
		__vlan_hwaccel_put_tag(skb, p->hw_tpid, p->hw_tci);
	/* As a NIC that sums the whole frame hands it over. */
	if (f->csum_complete) {
		skb->ip_summed = CHECKSUM_COMPLETE;
		skb->csum = skb_checksum(skb, 0, skb->len, 0);
	}
	if (f->cloned) {
		*orig = skb;
		skb = skb_clone(skb, GFP_KERNEL);
		if (!skb) {
			kfree_skb(*orig);
			*orig = NULL;
		}
	}
	return skb;

err_free:
	kfree_skb(skb);
	return NULL;
}

static void ovs_pf_choose_shape(struct ovs_pf *f, struct rnd_state *r)
{
	f->shape = ovs_pf_rand(r, PF_SHAPES);
	f->lin = ovs_pf_rand(r, f->p.len + 1);
	/* Often just at or past the headers. */
	if (ovs_pf_chance(r, 2))
		f->lin = min_t(unsigned int, f->p.len,
			       ovs_pf_chance(r, 2) ? ETH_HLEN : 34 + ovs_pf_rand(r, 40));
	f->split = ovs_pf_chance(r, 2) ? 1 + ovs_pf_rand(r, 64) : 0;
	f->headroom = ovs_pf_chance(r, 4) ? ovs_pf_rand(r, 8) : FK_HEADROOM;
	f->cloned = ovs_pf_chance(r, 5);
	f->csum_complete = ovs_pf_chance(r, 4);
}

/* The bytes of skb into buf; false if it does not fit. */
static bool ovs_pf_bytes(const struct sk_buff *skb, u8 *buf)
{
	return skb->len <= PF_BUF && !skb_copy_bits(skb, 0, buf, skb->len);
}

/* Key checks. */

static bool ovs_pf_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

/* Everything from the network layer fields on is zero. */
static bool ovs_pf_no_l3(const struct ovs_key *k)
{
	return ovs_pf_zero(&k->ip, sizeof(*k) - offsetof(struct ovs_key, ip));
}

static bool ovs_pf_no_l4(const struct ovs_key *k)
{
	return ovs_pf_zero(&k->tp, sizeof(k->tp));
}

/* How long the transport header of proto must be for the key to read it. */
static unsigned int ovs_pf_l4_need(const u8 *d, unsigned int len,
				   unsigned int th, u8 proto, bool ipv6)
{
	unsigned int doff;

	switch (proto) {
	case IPPROTO_TCP:
		if (th + 20 > len)
			return 20;
		doff = (d[th + 12] >> 4) * 4;
		return doff < 20 ? UINT_MAX : doff;
	case IPPROTO_UDP:
		return 8;
	case IPPROTO_SCTP:
		return 12;
	case IPPROTO_ICMP:
		return ipv6 ? 0 : 8;
	case IPPROTO_ICMPV6:
		return ipv6 ? 8 : 0;
	default:
		return 0;
	}
}

/* What became of a transport header. */
enum {
	PF_L4_NONE,		/* a protocol the key does not read */
	PF_L4_READ,
	PF_L4_CUT,		/* one it reads, too short or malformed */
};

/* The transport fields, against the bytes at th. */
static bool ovs_pf_check_l4(struct ovs_pf *f, const struct ovs_key *k,
			    const u8 *d, unsigned int len, unsigned int th,
			    bool ipv6, int *l4)
{
	unsigned int need = ovs_pf_l4_need(d, len, th, k->ip.proto, ipv6);
	const u8 *h = d + th;

	*l4 = need ? PF_L4_CUT : PF_L4_NONE;
	if (!need || need == UINT_MAX || th + need > len)
		return PF_CHECK(f, "no transport fields", ovs_pf_no_l4(k));
	*l4 = PF_L4_READ;
	if (k->ip.proto == IPPROTO_ICMP || k->ip.proto == IPPROTO_ICMPV6)
		return PF_CHECK(f, "icmp type", k->tp.src == htons(h[0])) &&
		       PF_CHECK(f, "icmp code", k->tp.dst == htons(h[1])) &&
		       PF_CHECK(f, "icmp flags", !k->tp.flags);
	if (!PF_CHECK(f, "source port", k->tp.src == get_unaligned((const __be16 *)h)) ||
	    !PF_CHECK(f, "destination port",
		      k->tp.dst == get_unaligned((const __be16 *)(h + 2))))
		return false;
	if (k->ip.proto == IPPROTO_TCP)
		return PF_CHECK(f, "tcp flags",
				k->tp.flags == (get_unaligned((const __be16 *)(h + 12)) &
						htons(0x0fff)));
	return PF_CHECK(f, "no tcp flags", !k->tp.flags);
}

static bool ovs_pf_check_ipv4(struct ovs_pf *f, const struct sk_buff *skb,
			      const struct ovs_key *k, const u8 *d,
			      unsigned int len, unsigned int nh, int *l4)
{
	int th = skb_transport_offset(skb);
	const u8 *h = d + nh;
	u16 frag;

	*l4 = PF_L4_NONE;
	if (th == nh)
		return PF_CHECK(f, "ipv4 without a header", ovs_pf_no_l3(k));
	if (!PF_CHECK(f, "ipv4 header length", th - nh == (h[0] & 15) * 4 &&
		      th - nh >= 20 && th <= len) ||
	    !PF_CHECK(f, "ipv4 src", k->ipv4.src == get_unaligned((const __be32 *)(h + 12))) ||
	    !PF_CHECK(f, "ipv4 dst", k->ipv4.dst == get_unaligned((const __be32 *)(h + 16))) ||
	    !PF_CHECK(f, "ipv4 proto", k->ip.proto == h[9]) ||
	    !PF_CHECK(f, "ipv4 tos", k->ip.tos == h[1]) ||
	    !PF_CHECK(f, "ipv4 ttl", k->ip.ttl == h[8]))
		return false;
	frag = get_unaligned_be16(h + 6);
	if (frag & IP_OFFSET)
		return PF_CHECK(f, "ipv4 later fragment",
				k->ip.frag == OVS_FRAG_TYPE_LATER && ovs_pf_no_l4(k));
	if (!PF_CHECK(f, "ipv4 fragment type",
		      k->ip.frag == ((frag & IP_MF) ? OVS_FRAG_TYPE_FIRST :
				     OVS_FRAG_TYPE_NONE)))
		return false;
	return ovs_pf_check_l4(f, k, d, len, th, false, l4);
}

static bool ovs_pf_check_ipv6(struct ovs_pf *f, const struct sk_buff *skb,
			      const struct ovs_key *k, const u8 *d,
			      unsigned int len, unsigned int nh, int *l4)
{
	int th = skb_transport_offset(skb);
	const u8 *h = d + nh;

	*l4 = PF_L4_NONE;
	if (nh + sizeof(struct ipv6hdr) > len)
		return PF_CHECK(f, "ipv6 without a header", ovs_pf_no_l3(k));
	if (!PF_CHECK(f, "ipv6 src", !memcmp(&k->ipv6.src, h + 8, 16)) ||
	    !PF_CHECK(f, "ipv6 dst", !memcmp(&k->ipv6.dst, h + 24, 16)) ||
	    !PF_CHECK(f, "ipv6 label",
		      k->ipv6.label == (get_unaligned((const __be32 *)h) &
					htonl(IPV6_FLOWINFO_FLOWLABEL))) ||
	    !PF_CHECK(f, "ipv6 hop limit", k->ip.ttl == h[7]) ||
	    !PF_CHECK(f, "ipv6 class", k->ip.tos == ipv6_get_dsfield((const struct ipv6hdr *)h)))
		return false;
	if (k->ip.frag == OVS_FRAG_TYPE_LATER)
		return PF_CHECK(f, "ipv6 later fragment",
				k->ip.proto == NEXTHDR_FRAGMENT && ovs_pf_no_l4(k));
	if (th == nh)
		return PF_CHECK(f, "ipv6 chain not followed",
				k->ip.proto == NEXTHDR_NONE && ovs_pf_no_l4(k));
	if (!PF_CHECK(f, "ipv6 transport offset", th >= nh + 40 && th <= len))
		return false;
	if (!ovs_pf_check_l4(f, k, d, len, th, true, l4))
		return false;
	/* A target is kept unless a repeated option wiped the ND part. */
	if (!ovs_pf_zero(&k->ipv6.nd_target, 16) && *l4 == PF_L4_READ &&
	    !PF_CHECK(f, "nd target", th + 24 <= len &&
		      !memcmp(&k->ipv6.nd_target, d + th + 8, 16)))
		return false;
	return true;
}

static bool ovs_pf_check_arp(struct ovs_pf *f, const struct ovs_key *k,
			     const u8 *d, unsigned int len, unsigned int nh,
			     bool *parsed)
{
	const u8 *h = d + nh;
	u16 op;

	*parsed = nh + 28 <= len && get_unaligned_be16(h) == ARPHRD_ETHER &&
		  get_unaligned_be16(h + 2) == ETH_P_IP && h[4] == ETH_ALEN &&
		  h[5] == 4;
	if (!*parsed)
		return PF_CHECK(f, "arp not parsed", ovs_pf_no_l3(k));
	op = get_unaligned_be16(h + 6);
	return PF_CHECK(f, "arp op", k->ip.proto == (op <= 0xff ? op : 0)) &&
	       PF_CHECK(f, "arp sha", !memcmp(k->ipv4.arp_sha, h + 8, ETH_ALEN)) &&
	       PF_CHECK(f, "arp sip", !memcmp(&k->ipv4.src, h + 14, 4)) &&
	       PF_CHECK(f, "arp tha", !memcmp(k->ipv4.arp_tha, h + 18, ETH_ALEN)) &&
	       PF_CHECK(f, "arp tip", !memcmp(&k->ipv4.dst, h + 24, 4));
}

/* The top labels, up to the bottom of the stack. */
static bool ovs_pf_check_mpls(struct ovs_pf *f, const struct sk_buff *skb,
			      const struct ovs_key *k, const u8 *d,
			      unsigned int len, unsigned int nh, bool *deep)
{
	unsigned int i, off = nh;
	bool bottom = false;
	__be32 lse;
	int inner;

	for (i = 0; i < OVS_KEY_MPLS_DEPTH; i++) {
		if (bottom || off + MPLS_HLEN > len) {
			if (!PF_CHECK(f, "no more labels", !k->mpls.lse[i]))
				return false;
			continue;
		}
		lse = get_unaligned((const __be32 *)(d + off));
		if (!PF_CHECK(f, "label", k->mpls.lse[i] == lse))
			return false;
		bottom = lse & htonl(MPLS_LS_S_MASK);
		off += MPLS_HLEN;
	}
	inner = skb_inner_network_offset(skb);
	*deep = !bottom && inner > (int)off;
	return PF_CHECK(f, "mpls inner network header",
			inner >= (int)nh && inner <= (int)len &&
			(inner - nh) % MPLS_HLEN == 0) &&
	       PF_CHECK(f, "mpls ip fields", ovs_pf_zero(&k->ip, sizeof(k->ip)) &&
			ovs_pf_no_l4(k));
}

static bool ovs_pf_check_nsh(struct ovs_pf *f, const struct ovs_key *k,
			     const u8 *d, unsigned int len, unsigned int nh,
			     bool *parsed)
{
	const struct nshhdr *h = (const struct nshhdr *)(d + nh);
	unsigned int hlen;

	*parsed = nh + NSH_BASE_HDR_LEN <= len && nsh_get_ver(h) == 0 &&
		  nh + nsh_hdr_len(h) <= len;
	if (!*parsed)
		return PF_CHECK(f, "nsh not parsed", ovs_pf_no_l3(k));
	/* A length below the base header still gives the base fields. */
	hlen = nsh_hdr_len(h);
	if (!PF_CHECK(f, "nsh flags", k->nsh.flags == nsh_get_flags(h)) ||
	    !PF_CHECK(f, "nsh ttl", k->nsh.ttl == nsh_get_ttl(h)) ||
	    !PF_CHECK(f, "nsh mdtype", k->nsh.mdtype == h->mdtype) ||
	    !PF_CHECK(f, "nsh np", k->nsh.np == h->np) ||
	    !PF_CHECK(f, "nsh path", k->nsh.path_hdr == get_unaligned(&h->path_hdr)))
		return false;
	if (h->mdtype == NSH_M_TYPE1 && hlen == NSH_M_TYPE1_LEN)
		return PF_CHECK(f, "nsh context",
				!memcmp(k->nsh.context, d + nh + NSH_BASE_HDR_LEN,
					sizeof(k->nsh.context)));
	/* MD type 1 of another length: a context the key does not hold. */
	if (h->mdtype == NSH_M_TYPE1)
		*parsed = false;
	return PF_CHECK(f, "nsh no context",
			ovs_pf_zero(k->nsh.context, sizeof(k->nsh.context)));
}

/* The VLAN fields and the type against the frame's L2 header. */
static bool ovs_pf_check_l2(struct ovs_pf *f, const struct sk_buff *skb,
			    const struct ovs_key *k, const u8 *d,
			    unsigned int nh)
{
	bool hw = skb_vlan_tag_present(skb);
	unsigned int pos = 2 * ETH_ALEN;
	u16 type;

	if (!PF_CHECK(f, "eth dst", !memcmp(k->eth.dst, d, ETH_ALEN)) ||
	    !PF_CHECK(f, "eth src", !memcmp(k->eth.src, d + ETH_ALEN, ETH_ALEN)) ||
	    !PF_CHECK(f, "mac_len", skb->mac_len == nh) ||
	    !PF_CHECK(f, "network offset after ethernet", nh >= ETH_HLEN))
		return false;
	if (hw) {
		if (!PF_CHECK(f, "hwaccel tag in the key",
			      k->eth.vlan.tpid == skb->vlan_proto &&
			      k->eth.vlan.tci == htons(skb_vlan_tag_get(skb) |
						       VLAN_CFI_MASK)))
			return false;
	} else if (k->eth.vlan.tci) {
		if (!PF_CHECK(f, "outer tag",
			      k->eth.vlan.tpid == get_unaligned((const __be16 *)(d + pos)) &&
			      k->eth.vlan.tci == (get_unaligned((const __be16 *)(d + pos + 2)) |
						  htons(VLAN_CFI_MASK))))
			return false;
		pos += VLAN_HLEN;
	} else if (!PF_CHECK(f, "no outer tag", !k->eth.vlan.tpid && !k->eth.cvlan.tci)) {
		return false;
	}
	if (k->eth.cvlan.tci) {
		if (!PF_CHECK(f, "inner tag",
			      k->eth.cvlan.tpid == get_unaligned((const __be16 *)(d + pos)) &&
			      k->eth.cvlan.tci == (get_unaligned((const __be16 *)(d + pos + 2)) |
						   htons(VLAN_CFI_MASK))))
			return false;
		pos += VLAN_HLEN;
	}
	if (!PF_CHECK(f, "type after the tags", nh >= pos + 2))
		return false;
	type = get_unaligned_be16(d + nh - 2);
	if (k->eth.type == htons(ETH_P_802_2))
		return PF_CHECK(f, "802.3 length", type < ETH_P_802_3_MIN);
	return PF_CHECK(f, "eth type", k->eth.type == htons(type));
}

/*
 * Every field of key k of skb (whose bytes d were len long) agrees with
 * the bytes.  *outcome: what the extraction made of it.
 */
static bool ovs_pf_check_key(struct ovs_pf *f, const struct sk_buff *skb,
			     const struct ovs_key *k, const u8 *d,
			     unsigned int len, u8 mac_proto, __be16 protocol,
			     unsigned int *outcome)
{
	int nh = skb_network_offset(skb), th = skb_transport_offset(skb);
	bool ok, deeper = false;
	int l4 = PF_L4_NONE;

	*outcome = PF_OUT_L2;
	if (!PF_CHECK(f, "length kept", skb->len == len) ||
	    !PF_CHECK(f, "data at the mac header", skb_mac_offset(skb) == 0) ||
	    !PF_CHECK(f, "mac_proto", k->mac_proto == mac_proto) ||
	    !PF_CHECK(f, "network header in the linear part",
		      nh >= 0 && nh <= skb_headlen(skb)) ||
	    !PF_CHECK(f, "transport header in the packet",
		      th >= nh && th <= (int)len))
		return false;

	if (mac_proto == OVS_MAC_PROTO_NONE) {
		if (!PF_CHECK(f, "l3 packet", nh == 0 && k->eth.type == protocol &&
			      ovs_pf_zero(&k->eth, offsetof(typeof(k->eth), type))))
			return false;
	} else if (len < ETH_HLEN) {
		*outcome = PF_OUT_RUNT;
		return PF_CHECK(f, "runt", nh == 0 &&
				ovs_pf_zero(&k->eth.type, sizeof(*k) -
					    offsetof(struct ovs_key, eth.type)));
	} else if (!ovs_pf_check_l2(f, skb, k, d, nh)) {
		return false;
	}

	switch (ntohs(k->eth.type)) {
	case ETH_P_IP:
		ok = ovs_pf_check_ipv4(f, skb, k, d, len, nh, &l4);
		*outcome = th == nh ? PF_OUT_IPV4_CUT :
			   k->ip.frag == OVS_FRAG_TYPE_LATER ? PF_OUT_IPV4_LATER :
			   l4 == PF_L4_READ ? PF_OUT_IPV4_L4 :
			   l4 == PF_L4_CUT ? PF_OUT_IPV4_L4_CUT : PF_OUT_IPV4_L3;
		break;
	case ETH_P_IPV6:
		ok = ovs_pf_check_ipv6(f, skb, k, d, len, nh, &l4);
		*outcome = nh + 40 > len ? PF_OUT_IPV6_CUT :
			   k->ip.frag == OVS_FRAG_TYPE_LATER ? PF_OUT_IPV6_LATER :
			   !ovs_pf_zero(&k->ipv6.nd_target, 16) ? PF_OUT_IPV6_ND :
			   l4 == PF_L4_READ ? PF_OUT_IPV6_L4 :
			   l4 == PF_L4_CUT ? PF_OUT_IPV6_L4_CUT : PF_OUT_IPV6_L3;
		break;
	case ETH_P_ARP:
	case ETH_P_RARP:
		ok = ovs_pf_check_arp(f, k, d, len, nh, &deeper) &&
		     PF_CHECK(f, "arp transport", ovs_pf_no_l4(k));
		*outcome = deeper ? PF_OUT_ARP : PF_OUT_ARP_OTHER;
		break;
	case ETH_P_MPLS_UC:
	case ETH_P_MPLS_MC:
		ok = ovs_pf_check_mpls(f, skb, k, d, len, nh, &deeper);
		*outcome = deeper ? PF_OUT_MPLS_DEEP : PF_OUT_MPLS;
		break;
	case ETH_P_NSH:
		ok = ovs_pf_check_nsh(f, k, d, len, nh, &deeper) &&
		     PF_CHECK(f, "nsh ip fields",
			      ovs_pf_zero(&k->ip, sizeof(k->ip)) && ovs_pf_no_l4(k));
		*outcome = deeper ? PF_OUT_NSH : PF_OUT_NSH_OTHER;
		break;
	default:
		ok = PF_CHECK(f, "nothing past an unknown type", ovs_pf_no_l3(k));
		break;
	}
	return ok;
}

/*
 * Extracts skb's key into k as the receive path does and checks it: 0,
 * the bytes untouched, every field from the bytes, and the same key a
 * second time.
 */
static bool ovs_pf_extract(struct ovs_pf *f, struct sk_buff *skb,
			   struct ovs_key *k, u8 mac_proto,
			   unsigned int *outcome)
{
	__be16 protocol = skb->protocol;
	unsigned int len = skb->len;
	bool whole = ovs_pf_bytes(skb, f->before);
	int err;

	err = ovs_flow_key_extract(skb, PF_IN_PORT, mac_proto, k);
	/* A tag needs an Ethernet header: such a packet is dropped. */
	if (mac_proto == OVS_MAC_PROTO_NONE && eth_type_vlan(protocol)) {
		PF_CHECK(f, "L3 packet with a VLAN type refused", err == -EINVAL);
		return false;
	}
	if (!PF_CHECK(f, "extraction", err == 0))
		return false;
	if (!whole)
		return true;
	if (!PF_CHECK(f, "bytes kept", ovs_pf_bytes(skb, f->after) &&
		      !memcmp(f->before, f->after, len)) ||
	    !ovs_pf_check_key(f, skb, k, f->before, len, mac_proto, protocol,
			      outcome))
		return false;

	/* What the first pass left (skb->protocol, pulls) changes nothing. */
	err = ovs_flow_key_extract(skb, PF_IN_PORT, mac_proto, &f->again);
	return PF_CHECK(f, "second extraction", err == 0) &&
	       PF_CHECK(f, "same key again", !memcmp(k, &f->again, sizeof(*k)));
}

/* The flow's key: the packet's key under one of the masks. */
static void ovs_pf_mask_key(struct ovs_pf *f, struct rnd_state *r)
{
	struct ovs_key *m = &f->masked;
	size_t from;

	*m = f->key;
	f->mask = ovs_pf_rand(r, PF_MASKS);
	switch (f->mask) {
	case PF_MASK_FULL:
		return;
	case PF_MASK_L3:
		from = offsetof(struct ovs_key, tp);
		break;
	case PF_MASK_L2:
		from = offsetof(struct ovs_key, ip);
		break;
	case PF_MASK_TYPE:
		memset(&m->eth, 0, offsetof(typeof(m->eth), type));
		from = offsetof(struct ovs_key, ip);
		break;
	default:
		from = offsetof(struct ovs_key, eth);
		break;
	}
	memset((u8 *)m + from, 0, sizeof(*m) - from);
}

/* Action lists. */

static void ovs_pf_out(struct kunit *test, struct sk_buff *nl, u32 port)
{
	ovs_kt_u32(test, nl, OVS_ACTION_ATTR_OUTPUT, port);
}

/* A set() (mask NULL) or set_masked() of one key attribute. */
static void ovs_pf_set(struct kunit *test, struct sk_buff *nl, int type,
		       const void *value, const void *mask, int len)
{
	struct nlattr *outer;
	u8 *d;
	int i;

	outer = ovs_kt_nest(test, nl, mask ? OVS_ACTION_ATTR_SET_MASKED :
						OVS_ACTION_ATTR_SET);
	d = ovs_kt_reserve(test, nl, type, mask ? 2 * len : len);
	for (i = 0; i < len; i++)
		d[i] = mask ? ((const u8 *)value)[i] & ((const u8 *)mask)[i] :
			      ((const u8 *)value)[i];
	if (mask)
		memcpy(d + len, mask, len);
	ovs_kt_nest_end(test, nl, outer);
}

/* A random mask: whole fields, none, or random bits. */
static void ovs_pf_rand_mask(struct rnd_state *r, void *mask, int len)
{
	switch (ovs_pf_rand(r, 3)) {
	case 0:
		memset(mask, 0xff, len);
		break;
	case 1:
		prandom_bytes_state(r, mask, len);
		break;
	default:
		memset(mask, 0, len);
		memset(mask, 0xff, ovs_pf_rand(r, len + 1));
		break;
	}
}

static void ovs_pf_l_output(struct kunit *test, struct sk_buff *nl,
			    const struct ovs_key *k, struct rnd_state *r)
{
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_set_eth(struct kunit *test, struct sk_buff *nl,
			   struct rnd_state *r, bool masked)
{
	struct ovs_key_ethernet v, m;

	prandom_bytes_state(r, &v, sizeof(v));
	ovs_pf_rand_mask(r, &m, sizeof(m));
	ovs_pf_set(test, nl, OVS_KEY_ATTR_ETHERNET, &v, masked ? &m : NULL,
		   sizeof(v));
}

static void ovs_pf_l_set_eth(struct kunit *test, struct sk_buff *nl,
			     const struct ovs_key *k, struct rnd_state *r)
{
	ovs_pf_set_eth(test, nl, r, ovs_pf_chance(r, 2));
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_set_ipv4(struct kunit *test, struct sk_buff *nl,
			    const struct ovs_key *k, struct rnd_state *r,
			    bool masked)
{
	struct ovs_key_ipv4 v, m;

	prandom_bytes_state(r, &v, sizeof(v));
	v.ipv4_proto = k->ip.proto;
	v.ipv4_frag = k->ip.frag;
	ovs_pf_rand_mask(r, &m, sizeof(m));
	m.ipv4_proto = 0;
	m.ipv4_frag = 0;
	ovs_pf_set(test, nl, OVS_KEY_ATTR_IPV4, &v, masked ? &m : NULL,
		   sizeof(v));
}

static void ovs_pf_l_set_ipv4(struct kunit *test, struct sk_buff *nl,
			      const struct ovs_key *k, struct rnd_state *r)
{
	ovs_pf_set_ipv4(test, nl, k, r, ovs_pf_chance(r, 2));
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_set_ipv6(struct kunit *test, struct sk_buff *nl,
			    const struct ovs_key *k, struct rnd_state *r,
			    bool masked)
{
	struct ovs_key_ipv6 v, m;

	prandom_bytes_state(r, &v, sizeof(v));
	v.ipv6_label &= htonl(IPV6_FLOWINFO_FLOWLABEL);
	v.ipv6_proto = k->ip.proto;
	v.ipv6_frag = k->ip.frag;
	ovs_pf_rand_mask(r, &m, sizeof(m));
	m.ipv6_label &= htonl(IPV6_FLOWINFO_FLOWLABEL);
	m.ipv6_proto = 0;
	m.ipv6_frag = 0;
	ovs_pf_set(test, nl, OVS_KEY_ATTR_IPV6, &v, masked ? &m : NULL,
		   sizeof(v));
}

static void ovs_pf_l_set_ipv6(struct kunit *test, struct sk_buff *nl,
			      const struct ovs_key *k, struct rnd_state *r)
{
	ovs_pf_set_ipv6(test, nl, k, r, ovs_pf_chance(r, 2));
	ovs_pf_out(test, nl, 1);
}

/* Ports of the key's transport protocol (TCP if it has none). */
static void ovs_pf_set_l4(struct kunit *test, struct sk_buff *nl,
			  const struct ovs_key *k, struct rnd_state *r,
			  bool masked)
{
	int type = k->ip.proto == IPPROTO_UDP ? OVS_KEY_ATTR_UDP :
		   k->ip.proto == IPPROTO_SCTP ? OVS_KEY_ATTR_SCTP :
		   OVS_KEY_ATTR_TCP;
	__be16 v[2], m[2];

	prandom_bytes_state(r, v, sizeof(v));
	ovs_pf_rand_mask(r, m, sizeof(m));
	ovs_pf_set(test, nl, type, v, masked ? m : NULL, sizeof(v));
}

static void ovs_pf_l_set_l4(struct kunit *test, struct sk_buff *nl,
			    const struct ovs_key *k, struct rnd_state *r)
{
	ovs_pf_set_l4(test, nl, k, r, ovs_pf_chance(r, 2));
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_set_mpls(struct kunit *test, struct sk_buff *nl,
			    struct rnd_state *r, bool masked)
{
	__be32 v = (__force __be32)prandom_u32_state(r), m;

	ovs_pf_rand_mask(r, &m, sizeof(m));
	ovs_pf_set(test, nl, OVS_KEY_ATTR_MPLS, &v, masked ? &m : NULL,
		   sizeof(v));
}

/*
 * The label, TC and TTL, not the bottom of stack bit, which vswitchd never
 * sets (it changes what the key's other labels are).
 */
static void ovs_pf_l_set_mpls(struct kunit *test, struct sk_buff *nl,
			      const struct ovs_key *k, struct rnd_state *r)
{
	__be32 v = (__force __be32)prandom_u32_state(r), m;

	ovs_pf_rand_mask(r, &m, sizeof(m));
	m &= ~htonl(MPLS_LS_S_MASK);
	ovs_pf_set(test, nl, OVS_KEY_ATTR_MPLS, &v, &m, sizeof(v));
	ovs_pf_out(test, nl, 1);
}

/* set(nsh(base, md1)) or set_masked(nsh(...)), as vswitchd sends them. */
static void ovs_pf_set_nsh(struct kunit *test, struct sk_buff *nl,
			   const struct ovs_key *k, struct rnd_state *r,
			   bool masked)
{
	struct ovs_nsh_key_base base[2];
	struct ovs_nsh_key_md1 md1[2];
	struct nlattr *outer, *nsh;
	bool with_md1 = k->nsh.mdtype == NSH_M_TYPE1 || ovs_pf_chance(r, 8);
	int i, n = masked ? 2 : 1;

	prandom_bytes_state(r, base, sizeof(base));
	prandom_bytes_state(r, md1, sizeof(md1));
	/* Values the header's 2-bit flags and 6-bit TTL can hold. */
	base[0].flags &= NSH_FLAGS_MASK >> NSH_FLAGS_SHIFT;
	base[0].ttl &= NSH_TTL_MASK >> NSH_TTL_SHIFT;
	base[0].mdtype = k->nsh.mdtype;
	base[0].np = k->nsh.np;
	if (masked) {
		base[1].mdtype = 0;
		base[1].np = 0;
		for (i = 0; i < (int)sizeof(base[0]); i++)
			((u8 *)&base[0])[i] &= ((u8 *)&base[1])[i];
		for (i = 0; i < (int)sizeof(md1[0]); i++)
			((u8 *)&md1[0])[i] &= ((u8 *)&md1[1])[i];
	}
	outer = ovs_kt_nest(test, nl, masked ? OVS_ACTION_ATTR_SET_MASKED :
						  OVS_ACTION_ATTR_SET);
	nsh = ovs_kt_nest(test, nl, OVS_KEY_ATTR_NSH);
	if (!with_md1 || ovs_pf_chance(r, 2))
		ovs_kt_put(test, nl, OVS_NSH_KEY_ATTR_BASE, base,
			   n * sizeof(base[0]));
	if (with_md1)
		ovs_kt_put(test, nl, OVS_NSH_KEY_ATTR_MD1, md1,
			   n * sizeof(md1[0]));
	ovs_kt_nest_end(test, nl, nsh);
	ovs_kt_nest_end(test, nl, outer);
}

static void ovs_pf_l_set_nsh(struct kunit *test, struct sk_buff *nl,
			     const struct ovs_key *k, struct rnd_state *r)
{
	ovs_pf_set_nsh(test, nl, k, r, ovs_pf_chance(r, 2));
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_l_set_meta(struct kunit *test, struct sk_buff *nl,
			      const struct ovs_key *k, struct rnd_state *r)
{
	u32 v = prandom_u32_state(r), m = prandom_u32_state(r);

	ovs_pf_set(test, nl, OVS_KEY_ATTR_PRIORITY, &v, NULL, sizeof(v));
	ovs_pf_set(test, nl, OVS_KEY_ATTR_SKB_MARK, &v, &m, sizeof(v));
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_push_vlan(struct kunit *test, struct sk_buff *nl,
			     struct rnd_state *r)
{
	struct ovs_action_push_vlan v = {
		.vlan_tpid = htons(ovs_pf_chance(r, 2) ? ETH_P_8021Q : ETH_P_8021AD),
		.vlan_tci = htons(prandom_u32_state(r) | VLAN_CFI_MASK),
	};

	ovs_kt_put(test, nl, OVS_ACTION_ATTR_PUSH_VLAN, &v, sizeof(v));
}

static void ovs_pf_pop_vlan(struct kunit *test, struct sk_buff *nl)
{
	ovs_kt_put(test, nl, OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
}

static void ovs_pf_l_push_vlan(struct kunit *test, struct sk_buff *nl,
			       const struct ovs_key *k, struct rnd_state *r)
{
	ovs_pf_push_vlan(test, nl, r);
	ovs_pf_out(test, nl, 1);
	if (ovs_pf_chance(r, 2)) {
		ovs_pf_push_vlan(test, nl, r);
		ovs_pf_out(test, nl, 2);
		ovs_pf_pop_vlan(test, nl);
		ovs_pf_out(test, nl, 1);
	}
}

static void ovs_pf_l_pop_vlan(struct kunit *test, struct sk_buff *nl,
			      const struct ovs_key *k, struct rnd_state *r)
{
	unsigned int n = 1 + ovs_pf_rand(r, 3);

	while (n--)
		ovs_pf_pop_vlan(test, nl);
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_push_mpls(struct kunit *test, struct sk_buff *nl,
			     struct rnd_state *r)
{
	struct ovs_action_push_mpls m = {
		.mpls_lse = (__force __be32)prandom_u32_state(r),
		.mpls_ethertype = htons(ovs_pf_chance(r, 2) ? ETH_P_MPLS_UC :
					ETH_P_MPLS_MC),
	};

	ovs_kt_put(test, nl, OVS_ACTION_ATTR_PUSH_MPLS, &m, sizeof(m));
}

static void ovs_pf_pop_mpls(struct kunit *test, struct sk_buff *nl,
			    struct rnd_state *r)
{
	static const u16 types[] = {
		ETH_P_IP, ETH_P_IPV6, ETH_P_MPLS_UC, ETH_P_TEB, ETH_P_ARP,
	};

	ovs_kt_be16(test, nl, OVS_ACTION_ATTR_POP_MPLS,
		    htons(types[ovs_pf_rand(r, ARRAY_SIZE(types))]));
}

static void ovs_pf_l_push_mpls(struct kunit *test, struct sk_buff *nl,
			       const struct ovs_key *k, struct rnd_state *r)
{
	unsigned int n = ovs_pf_chance(r, 2) ? 1 : 1 + ovs_pf_rand(r, 8);

	while (n--)
		ovs_pf_push_mpls(test, nl, r);
	if (ovs_pf_chance(r, 2))
		ovs_pf_set_mpls(test, nl, r, ovs_pf_chance(r, 2));
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_l_pop_mpls(struct kunit *test, struct sk_buff *nl,
			      const struct ovs_key *k, struct rnd_state *r)
{
	unsigned int n = 1 + ovs_pf_rand(r, 3);

	while (n--)
		ovs_pf_pop_mpls(test, nl, r);
	ovs_pf_out(test, nl, 1 + ovs_pf_rand(r, AXT_PORTS));
}

static void ovs_pf_l_add_mpls(struct kunit *test, struct sk_buff *nl,
			      const struct ovs_key *k, struct rnd_state *r)
{
	struct ovs_action_add_mpls m = {
		.mpls_lse = (__force __be32)prandom_u32_state(r),
		.mpls_ethertype = htons(ETH_P_MPLS_UC),
		.tun_flags = ovs_pf_rand(r, 2),
	};

	ovs_kt_put(test, nl, OVS_ACTION_ATTR_ADD_MPLS, &m, sizeof(m));
	ovs_pf_out(test, nl, m.tun_flags ? 1 : AXT_L3_PORT);
}

static void ovs_pf_push_eth(struct kunit *test, struct sk_buff *nl,
			    struct rnd_state *r)
{
	struct ovs_action_push_eth e;

	prandom_bytes_state(r, &e, sizeof(e));
	ovs_kt_put(test, nl, OVS_ACTION_ATTR_PUSH_ETH, &e, sizeof(e));
}

static void ovs_pf_l_pop_eth(struct kunit *test, struct sk_buff *nl,
			     const struct ovs_key *k, struct rnd_state *r)
{
	ovs_kt_put(test, nl, OVS_ACTION_ATTR_POP_ETH, NULL, 0);
	if (ovs_pf_chance(r, 2)) {
		ovs_pf_out(test, nl, AXT_L3_PORT);
		return;
	}
	ovs_pf_push_eth(test, nl, r);
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_l_push_eth(struct kunit *test, struct sk_buff *nl,
			      const struct ovs_key *k, struct rnd_state *r)
{
	ovs_pf_push_eth(test, nl, r);
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_push_nsh(struct kunit *test, struct sk_buff *nl,
			    struct rnd_state *r)
{
	struct ovs_nsh_key_base base;
	struct nlattr *push, *nsh;
	u8 md[OVS_KEY_NSH_CONTEXT * 4 * 8];
	bool md1 = ovs_pf_chance(r, 2);

	prandom_bytes_state(r, &base, sizeof(base));
	prandom_bytes_state(r, md, sizeof(md));
	base.mdtype = md1 ? NSH_M_TYPE1 : NSH_M_TYPE2;
	base.np = 1 + ovs_pf_rand(r, 4);
	push = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_PUSH_NSH);
	nsh = ovs_kt_nest(test, nl, OVS_KEY_ATTR_NSH);
	ovs_kt_put(test, nl, OVS_NSH_KEY_ATTR_BASE, &base, sizeof(base));
	if (md1)
		ovs_kt_put(test, nl, OVS_NSH_KEY_ATTR_MD1, md,
			   sizeof(struct ovs_nsh_key_md1));
	else
		ovs_kt_put(test, nl, OVS_NSH_KEY_ATTR_MD2, md,
			   4 * (1 + ovs_pf_rand(r, sizeof(md) / 4)));
	ovs_kt_nest_end(test, nl, nsh);
	ovs_kt_nest_end(test, nl, push);
}

static void ovs_pf_l_push_nsh(struct kunit *test, struct sk_buff *nl,
			      const struct ovs_key *k, struct rnd_state *r)
{
	ovs_pf_push_nsh(test, nl, r);
	if (ovs_pf_chance(r, 2)) {
		ovs_pf_out(test, nl, AXT_L3_PORT);
		return;
	}
	ovs_kt_put(test, nl, OVS_ACTION_ATTR_POP_NSH, NULL, 0);
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_l_pop_nsh(struct kunit *test, struct sk_buff *nl,
			     const struct ovs_key *k, struct rnd_state *r)
{
	ovs_kt_put(test, nl, OVS_ACTION_ATTR_POP_NSH, NULL, 0);
	ovs_pf_out(test, nl, 1 + ovs_pf_rand(r, AXT_PORTS));
}

static void ovs_pf_trunc(struct kunit *test, struct sk_buff *nl,
			 struct rnd_state *r)
{
	struct ovs_action_trunc t = { .max_len = ETH_HLEN + ovs_pf_rand(r, 120) };

	ovs_kt_put(test, nl, OVS_ACTION_ATTR_TRUNC, &t, sizeof(t));
}

static void ovs_pf_l_trunc(struct kunit *test, struct sk_buff *nl,
			   const struct ovs_key *k, struct rnd_state *r)
{
	ovs_pf_trunc(test, nl, r);
	ovs_pf_out(test, nl, 1);
	ovs_pf_out(test, nl, 2);
}

static void ovs_pf_l_sample(struct kunit *test, struct sk_buff *nl,
			    const struct ovs_key *k, struct rnd_state *r)
{
	struct nlattr *sample, *list;

	sample = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_SAMPLE);
	ovs_kt_u32(test, nl, OVS_SAMPLE_ATTR_PROBABILITY,
		   ovs_pf_chance(r, 2) ? U32_MAX : prandom_u32_state(r));
	list = ovs_kt_nest(test, nl, OVS_SAMPLE_ATTR_ACTIONS);
	ovs_pf_set_eth(test, nl, r, true);
	ovs_pf_out(test, nl, 2);
	ovs_kt_nest_end(test, nl, list);
	ovs_kt_nest_end(test, nl, sample);
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_l_clone(struct kunit *test, struct sk_buff *nl,
			   const struct ovs_key *k, struct rnd_state *r)
{
	struct nlattr *clone;

	clone = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_CLONE);
	ovs_pf_push_vlan(test, nl, r);
	if (ovs_pf_chance(r, 2))
		ovs_pf_push_mpls(test, nl, r);
	ovs_pf_out(test, nl, 2);
	ovs_kt_nest_end(test, nl, clone);
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_l_recirc(struct kunit *test, struct sk_buff *nl,
			    const struct ovs_key *k, struct rnd_state *r)
{
	struct ovs_action_hash h = {
		.hash_alg = ovs_pf_chance(r, 2) ? OVS_HASH_ALG_L4 :
						  OVS_HASH_ALG_SYM_L4,
		.hash_basis = prandom_u32_state(r),
	};

	ovs_kt_put(test, nl, OVS_ACTION_ATTR_HASH, &h, sizeof(h));
	ovs_kt_u32(test, nl, OVS_ACTION_ATTR_RECIRC, prandom_u32_state(r));
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_userspace(struct kunit *test, struct sk_buff *nl,
			     struct rnd_state *r)
{
	struct nlattr *us;
	u8 cookie[20];

	prandom_bytes_state(r, cookie, sizeof(cookie));
	us = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_USERSPACE);
	ovs_kt_u32(test, nl, OVS_USERSPACE_ATTR_PID, 1);
	ovs_kt_put(test, nl, OVS_USERSPACE_ATTR_USERDATA, cookie,
		   ovs_pf_rand(r, sizeof(cookie) + 1));
	if (ovs_pf_chance(r, 2))
		ovs_kt_put(test, nl, OVS_USERSPACE_ATTR_ACTIONS, NULL, 0);
	if (ovs_pf_chance(r, 2))
		ovs_kt_u32(test, nl, OVS_USERSPACE_ATTR_EGRESS_TUN_PORT,
			   1 + ovs_pf_rand(r, AXT_PORTS));
	ovs_kt_nest_end(test, nl, us);
}

static void ovs_pf_l_userspace(struct kunit *test, struct sk_buff *nl,
			       const struct ovs_key *k, struct rnd_state *r)
{
	if (ovs_pf_chance(r, 2))
		ovs_pf_trunc(test, nl, r);
	ovs_pf_userspace(test, nl, r);
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_l_check_pkt_len(struct kunit *test, struct sk_buff *nl,
				   const struct ovs_key *k, struct rnd_state *r)
{
	struct nlattr *cpl, *list;

	cpl = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_CHECK_PKT_LEN);
	ovs_kt_put(test, nl, OVS_CHECK_PKT_LEN_ATTR_PKT_LEN,
		   &(u16){ 1 + ovs_pf_rand(r, 200) }, sizeof(u16));
	list = ovs_kt_nest(test, nl, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER);
	ovs_pf_pop_vlan(test, nl);
	ovs_pf_out(test, nl, 1);
	ovs_kt_nest_end(test, nl, list);
	list = ovs_kt_nest(test, nl, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL);
	ovs_pf_trunc(test, nl, r);
	ovs_pf_out(test, nl, 2);
	ovs_kt_nest_end(test, nl, list);
	ovs_kt_nest_end(test, nl, cpl);
}

static void ovs_pf_dec_ttl(struct kunit *test, struct sk_buff *nl,
			   struct rnd_state *r)
{
	struct nlattr *dec, *list;

	dec = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_DEC_TTL);
	list = ovs_kt_nest(test, nl, OVS_DEC_TTL_ATTR_ACTION);
	if (ovs_pf_chance(r, 2))
		ovs_pf_userspace(test, nl, r);
	ovs_kt_nest_end(test, nl, list);
	ovs_kt_nest_end(test, nl, dec);
}

static void ovs_pf_l_dec_ttl(struct kunit *test, struct sk_buff *nl,
			     const struct ovs_key *k, struct rnd_state *r)
{
	ovs_pf_dec_ttl(test, nl, r);
	ovs_pf_out(test, nl, 1);
}

static void ovs_pf_l_ct_clear(struct kunit *test, struct sk_buff *nl,
			      const struct ovs_key *k, struct rnd_state *r)
{
	ovs_kt_put(test, nl, OVS_ACTION_ATTR_CT_CLEAR, NULL, 0);
	ovs_pf_out(test, nl, 1);
}

/* A random sequence of actions, nested in clone/sample/check_pkt_len. */
static void ovs_pf_compose(struct kunit *test, struct sk_buff *nl,
			   const struct ovs_key *k, struct rnd_state *r,
			   unsigned int depth)
{
	unsigned int n = 1 + ovs_pf_rand(r, 6);
	struct nlattr *nest, *list;

	while (n--) {
		switch (ovs_pf_rand(r, depth < 3 ? 22 : 19)) {
		case 0:
			ovs_pf_push_vlan(test, nl, r);
			break;
		case 1:
			ovs_pf_pop_vlan(test, nl);
			break;
		case 2:
			ovs_pf_push_mpls(test, nl, r);
			break;
		case 3:
			ovs_pf_pop_mpls(test, nl, r);
			break;
		case 4:
			ovs_pf_set_eth(test, nl, r, ovs_pf_chance(r, 2));
			break;
		case 5:
			if (ovs_key_is_ipv6(k))
				ovs_pf_set_ipv6(test, nl, k, r, ovs_pf_chance(r, 2));
			else
				ovs_pf_set_ipv4(test, nl, k, r, ovs_pf_chance(r, 2));
			break;
		case 6:
			ovs_pf_set_l4(test, nl, k, r, ovs_pf_chance(r, 2));
			break;
		case 7:
			ovs_pf_set_mpls(test, nl, r, ovs_pf_chance(r, 2));
			break;
		case 8:
			ovs_pf_set_nsh(test, nl, k, r, ovs_pf_chance(r, 2));
			break;
		case 9:
			ovs_kt_put(test, nl, OVS_ACTION_ATTR_POP_ETH, NULL, 0);
			break;
		case 10:
			ovs_pf_push_eth(test, nl, r);
			break;
		case 11:
			ovs_pf_push_nsh(test, nl, r);
			break;
		case 12:
			ovs_kt_put(test, nl, OVS_ACTION_ATTR_POP_NSH, NULL, 0);
			break;
		case 13:
			ovs_pf_trunc(test, nl, r);
			break;
		case 14:
			ovs_pf_userspace(test, nl, r);
			break;
		case 15:
			ovs_kt_u32(test, nl, OVS_ACTION_ATTR_RECIRC,
				   prandom_u32_state(r));
			break;
		case 16:
			ovs_pf_dec_ttl(test, nl, r);
			break;
		case 17:
			ovs_kt_put(test, nl, OVS_ACTION_ATTR_CT_CLEAR, NULL, 0);
			break;
		case 18:
			/* Port 99 does not exist. */
			ovs_pf_out(test, nl, ovs_pf_chance(r, 8) ? 99 :
					     1 + ovs_pf_rand(r, AXT_PORTS));
			break;
		case 19:
			nest = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_CLONE);
			ovs_pf_compose(test, nl, k, r, depth + 1);
			ovs_kt_nest_end(test, nl, nest);
			break;
		case 20:
			nest = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_SAMPLE);
			ovs_kt_u32(test, nl, OVS_SAMPLE_ATTR_PROBABILITY,
				   ovs_pf_chance(r, 2) ? U32_MAX :
							 prandom_u32_state(r));
			list = ovs_kt_nest(test, nl, OVS_SAMPLE_ATTR_ACTIONS);
			ovs_pf_compose(test, nl, k, r, depth + 1);
			ovs_kt_nest_end(test, nl, list);
			ovs_kt_nest_end(test, nl, nest);
			break;
		default:
			nest = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_CHECK_PKT_LEN);
			ovs_kt_put(test, nl, OVS_CHECK_PKT_LEN_ATTR_PKT_LEN,
				   &(u16){ 1 + ovs_pf_rand(r, 300) }, sizeof(u16));
			list = ovs_kt_nest(test, nl,
					   OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER);
			ovs_pf_compose(test, nl, k, r, depth + 1);
			ovs_kt_nest_end(test, nl, list);
			list = ovs_kt_nest(test, nl,
					   OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL);
			ovs_pf_compose(test, nl, k, r, depth + 1);
			ovs_kt_nest_end(test, nl, list);
			ovs_kt_nest_end(test, nl, nest);
			break;
		}
	}
	if (ovs_pf_chance(r, 2))
		ovs_pf_out(test, nl, 1 + ovs_pf_rand(r, AXT_PORTS));
}

static void ovs_pf_l_compose(struct kunit *test, struct sk_buff *nl,
			     const struct ovs_key *k, struct rnd_state *r)
{
	ovs_pf_compose(test, nl, k, r, 0);
}

static const struct ovs_pf_list ovs_pf_lists[] = {
	{ "output", ovs_pf_l_output, true },
	{ "set eth", ovs_pf_l_set_eth, true },
	{ "set ipv4", ovs_pf_l_set_ipv4, true },
	{ "set ipv6", ovs_pf_l_set_ipv6, true },
	{ "set l4", ovs_pf_l_set_l4, true },
	{ "set mpls", ovs_pf_l_set_mpls, true },
	{ "set nsh", ovs_pf_l_set_nsh, true },
	{ "set meta", ovs_pf_l_set_meta, true },
	{ "push vlan", ovs_pf_l_push_vlan, false },
	{ "pop vlan", ovs_pf_l_pop_vlan, false },
	{ "push mpls", ovs_pf_l_push_mpls, false },
	{ "pop mpls", ovs_pf_l_pop_mpls, false },
	{ "add mpls", ovs_pf_l_add_mpls, false },
	{ "pop eth", ovs_pf_l_pop_eth, false },
	{ "push eth", ovs_pf_l_push_eth, false },
	{ "push nsh", ovs_pf_l_push_nsh, false },
	{ "pop nsh", ovs_pf_l_pop_nsh, false },
	{ "trunc", ovs_pf_l_trunc, false },
	{ "sample", ovs_pf_l_sample, false },
	{ "clone", ovs_pf_l_clone, false },
	{ "hash recirc", ovs_pf_l_recirc, false },
	{ "userspace", ovs_pf_l_userspace, false },
	{ "check_pkt_len", ovs_pf_l_check_pkt_len, false },
	{ "dec_ttl", ovs_pf_l_dec_ttl, true },
	{ "ct_clear", ovs_pf_l_ct_clear, true },
	{ "composed", ovs_pf_l_compose, false },
};

#define PF_LISTS	ARRAY_SIZE(ovs_pf_lists)

/* The context and the list statistics of the running case. */
struct ovs_pf_case {
	struct ovs_pf *f;
	struct ovs_pf_list_stats lists[PF_LISTS];
};

static struct ovs_pf_case *ovs_pf_cur;

/* Checks. */

/* Whether extraction read every header of the packet k describes. */
static bool ovs_pf_key_whole(unsigned int outcome)
{
	switch (outcome) {
	case PF_OUT_ARP_OTHER:
	case PF_OUT_IPV4_CUT:
	case PF_OUT_IPV4_L4_CUT:
	case PF_OUT_IPV6_CUT:
	case PF_OUT_IPV6_L4_CUT:
	case PF_OUT_NSH_OTHER:
		return false;
	default:
		return true;
	}
}

/* The same sum, whichever of ones' complement's two zeros each one holds. */
static bool ovs_pf_csum_equal(__wsum a, __wsum b)
{
	u16 d = (__force u16)csum_fold(csum_sub(a, b));

	return d == 0 || d == 0xffff;
}

/* A frame a port sent: its checksum and its own key. */
static void ovs_pf_check_frame(struct ovs_pf *f, struct sk_buff *skb,
			       unsigned int port, bool in_step, bool whole)
{
	struct axt *t = f->test->priv;
	u8 mac_proto = OVS_MAC_PROTO_ETHERNET;
	unsigned int outcome;
	const size_t from = offsetof(struct ovs_key, eth);

	f->st.frames++;
	if (skb->ip_summed == CHECKSUM_COMPLETE &&
	    !PF_CHECK(f, "CHECKSUM_COMPLETE sum of a sent frame",
		      ovs_pf_csum_equal(skb->csum,
					skb_checksum(skb, 0, skb->len, 0)))) {
		kunit_info(f->test, "port %u sent %u bytes (%u linear), protocol %#06x, tag %#06x/%#06x: %*ph\n",
			   port, skb->len, skb_headlen(skb), ntohs(skb->protocol),
			   skb_vlan_tag_present(skb) ? ntohs(skb->vlan_proto) : 0,
			   skb_vlan_tag_present(skb) ? skb_vlan_tag_get(skb) : 0,
			   (int)min(skb_headlen(skb), 64U), skb->data);
		return;
	}
	if (port == AXT_L3_PORT && skb->protocol != htons(ETH_P_TEB))
		mac_proto = OVS_MAC_PROTO_NONE;
	if (!ovs_pf_extract(f, skb, &f->frame, mac_proto, &outcome) ||
	    !in_step || !whole)
		return;
	PF_CHECK(f, "key in step with the frame sent",
		 !memcmp((u8 *)&f->frame + from, (u8 *)&t->key + from,
			 sizeof(f->frame) - from) &&
		 f->frame.priority == t->key.priority &&
		 f->frame.skb_mark == t->key.skb_mark);
}

static void ovs_pf_drain(struct ovs_pf *f, bool in_step, bool whole)
{
	struct axt *t = f->test->priv;
	struct sk_buff *skb;
	unsigned int port;

	for (port = 1; port <= AXT_PORTS; port++) {
		struct ovs_axt_dev *priv = netdev_priv(t->dev[port - 1]);

		while ((skb = skb_dequeue(&priv->tx))) {
			if (f->fails < PF_MAX_FAILS)
				ovs_pf_check_frame(f, skb, port,
						   in_step && port == 1, whole);
			kfree_skb(skb);
		}
	}
}

/* One run: extraction, the list's check against the flow's key, execution. */
static void ovs_pf_run(struct ovs_pf *f, struct ovs_pf_list_stats *ls,
		       const struct ovs_pf_list *forced, struct rnd_state *r,
		       unsigned int ref_outcome)
{
	struct kunit *test = f->test;
	struct axt *t = test->priv;
	struct ovs_actions *acts = NULL;
	struct sk_buff *skb, *orig;
	struct nlattr *list;
	unsigned int outcome;
	int err;

	ovs_pf_choose_shape(f, r);
	skb = ovs_pf_skb(f, f->shape, &orig);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	f->st.runs++;
	f->st.shape[f->shape]++;
	f->st.cloned += f->cloned;
	f->st.csum_complete += f->csum_complete;
	f->st.hwaccel += skb_vlan_tag_present(skb);

	if (!ovs_pf_extract(f, skb, &f->key, f->p.mac_proto, &outcome) ||
	    !PF_CHECK(f, "same key in every skb layout",
		      !memcmp(&f->key, &f->ref, sizeof(f->key))))
		goto out_free;

	ovs_pf_mask_key(f, r);
	f->list = forced ?: &ovs_pf_lists[ovs_pf_rand(r, PF_LISTS)];
	ls += f->list - ovs_pf_lists;
	ls->tried++;
	skb_trim(f->nl, 0);
	list = ovs_kt_nest(test, f->nl, OVS_FLOW_ATTR_ACTIONS);
	f->list->build(test, f->nl, &f->masked, r);
	ovs_kt_nest_end(test, f->nl, list);

	memset(&f->extack, 0, sizeof(f->extack));
	err = ovs_actions_copy(&init_net, list, &f->masked, &acts, false,
			       &f->extack);
	if (err) {
		PF_CHECK(f, "refusal", (err == -EINVAL && f->extack._msg) ||
			 err == -EOVERFLOW);
		goto out_free;
	}
	ls->accepted++;

	/* As the receive path hands it to the flow's actions, from port 1. */
	memset(OVS_CB(skb), 0, sizeof(struct ovs_skb_cb));
	skb->dev = t->dev[0];
	t->key = f->key;
	err = ovs_axt_run(test, skb, acts);
	skb = NULL;
	ovs_actions_free(acts);
	if (err)
		ls->exec_err++;
	PF_CHECK(f, "execution returns 0 or an error", err <= 0 && err > -MAX_ERRNO);
	ovs_pf_drain(f, f->list->in_step && !err,
		     ovs_pf_key_whole(ref_outcome));

	if (orig)
		PF_CHECK(f, "the clone's source untouched",
			 ovs_pf_bytes(orig, f->after) &&
			 !memcmp(f->after, f->p.data, f->p.len));
out_free:
	kfree_skb(skb);
	kfree_skb(orig);
}

/* Packet idx of a run from seed: made, checked in a linear skb, then run. */
static void ovs_pf_one(struct ovs_pf *f, struct ovs_pf_list_stats *lists,
		       unsigned long idx)
{
	const struct ovs_pf_seed *s;
	struct sk_buff *skb, *orig;
	struct rnd_state r;
	unsigned int outcome = PF_OUT_L2, i;

	prandom_seed_state(&r, f->seed ^ ((u64)idx * 0x9e3779b97f4a7c15ULL));
	f->idx = idx;
	f->list = NULL;
	s = &ovs_pf_seeds[ovs_pf_rand(&r, ARRAY_SIZE(ovs_pf_seeds))];
	f->seed_name = s->name;
	s->build(f->test, &f->p);
	/* One packet in eight is the seed itself. */
	if (!ovs_pf_chance(&r, 8))
		ovs_pf_mutate(f, &r);
	f->st.packets++;

	f->shape = PF_LINEAR;
	f->headroom = FK_HEADROOM;
	f->cloned = false;
	f->csum_complete = false;
	skb = ovs_pf_skb(f, PF_LINEAR, &orig);
	KUNIT_ASSERT_NOT_NULL(f->test, skb);
	if (!ovs_pf_extract(f, skb, &f->ref, f->p.mac_proto, &outcome)) {
		kfree_skb(skb);
		return;
	}
	kfree_skb(skb);
	f->st.outcome[outcome]++;
	if (f->p.mac_proto == OVS_MAC_PROTO_NONE)
		f->st.outcome[PF_OUT_L3_PACKET]++;

	for (i = 0; i < PF_RUNS && f->fails < PF_MAX_FAILS; i++)
		ovs_pf_run(f, lists, NULL, &r, outcome);
}

static void ovs_pf_report(struct kunit *test, const struct ovs_pf *f,
			  const struct ovs_pf_list_stats *lists, u64 ns)
{
	char line[480];
	int i, n;

	kunit_info(test, "seed %#llx: %lu packets, %lu runs, %lu frames in %llu ms, %llu packets/s\n",
		   f->seed, f->st.packets, f->st.runs, f->st.frames,
		   ns / NSEC_PER_MSEC,
		   ns ? div64_u64((u64)f->st.packets * NSEC_PER_SEC, ns) : 0);
	for (i = 0, n = 0; i < PF_OUTCOMES; i++)
		n += scnprintf(line + n, sizeof(line) - n, " %s %lu",
			       ovs_pf_out_names[i], f->st.outcome[i]);
	kunit_info(test, "key extraction:%s\n", line);
	for (i = 0, n = 0; i < PF_SHAPES; i++)
		n += scnprintf(line + n, sizeof(line) - n, " %s %lu",
			       ovs_pf_shape_names[i], f->st.shape[i]);
	kunit_info(test, "skbs:%s, cloned %lu, CHECKSUM_COMPLETE %lu, hwaccel tag %lu\n",
		   line, f->st.cloned, f->st.csum_complete, f->st.hwaccel);
	for (i = 0; i < PF_LISTS; i++)
		kunit_info(test, "list %-14s tried %lu accepted %lu dropped with an error %lu\n",
			   ovs_pf_lists[i].name, lists[i].tried,
			   lists[i].accepted, lists[i].exec_err);
}

/*
 * Chunks: parameter n (from 1) is packets [(n - 1) * CHUNK, n * CHUNK),
 * from the chunk that holds openvswitch.fuzz_first.
 */
static unsigned long ovs_pf_total(void)
{
	return ovs_fuzz_iterations(PF_SHORT);
}

static const void *ovs_pf_gen(const void *prev, char *desc)
{
	unsigned long n = prev ? (uintptr_t)prev :
		ovs_fuzz_first() / OVS_FUZZ_CHUNK;

	if (n * OVS_FUZZ_CHUNK >= ovs_pf_total() ||
	    ovs_fuzz_first() >= ovs_pf_total())
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "packets %lu..%lu",
		 max(n * OVS_FUZZ_CHUNK, ovs_fuzz_first()),
		 min((n + 1) * OVS_FUZZ_CHUNK, ovs_pf_total()) - 1);
	return (const void *)(uintptr_t)(n + 1);
}

static int ovs_pf_init(struct kunit *test)
{
	struct axt *t;
	struct ovs_pf_case *c;
	int i, err;

	err = ovs_axt_init(test);
	if (err)
		return err;
	t = test->priv;
	/*
	 * Tags stay in hwaccel on the way out, MPLS frames' too: the transmit
	 * path would put them in the frame without updating a
	 * CHECKSUM_COMPLETE sum, which the frame checks read.
	 */
	for (i = 0; i < AXT_PORTS; i++) {
		t->dev[i]->features |= NETIF_F_HW_VLAN_CTAG_TX |
				       NETIF_F_HW_VLAN_STAG_TX;
		t->dev[i]->mpls_features |= NETIF_F_HW_VLAN_CTAG_TX |
					    NETIF_F_HW_VLAN_STAG_TX;
	}
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	c->f = kunit_kzalloc(test, sizeof(*c->f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->f);
	c->f->test = test;
	c->f->nl = alloc_skb(PF_NL_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->f->nl);
	ovs_pf_cur = c;
	return 0;
}

static void ovs_pf_exit(struct kunit *test)
{
	if (ovs_pf_cur)
		kfree_skb(ovs_pf_cur->f->nl);
	ovs_pf_cur = NULL;
	ovs_axt_exit(test);
}

static void ovs_pf_packets(struct kunit *test)
{
	unsigned long chunk = (uintptr_t)test->param_value - 1;
	unsigned long first = chunk * OVS_FUZZ_CHUNK;
	unsigned long last = min(first + OVS_FUZZ_CHUNK, ovs_pf_total());
	struct ovs_pf_case *c = ovs_pf_cur;
	struct ovs_pf *f = c->f;
	unsigned long i;
	u64 start;
	int l;

	/* Each packet stands alone: a run can begin at any of them. */
	first = max(first, ovs_fuzz_first());
	f->seed = ovs_fuzz_seed(PF_SEED);
	start = ktime_get_ns();
	for (i = first; i < last && f->fails < PF_MAX_FAILS; i++)
		ovs_pf_one(f, c->lists, i);
	ovs_pf_report(test, f, c->lists, ktime_get_ns() - start);

	/* A fuzzer that stopped reaching the actions would pass: it must not. */
	if (last - first < 1000)
		return;
	for (l = 0; l < (int)PF_LISTS; l++)
		KUNIT_EXPECT_GT_MSG(test, c->lists[l].accepted, 0UL,
				    "list %s never accepted", ovs_pf_lists[l].name);
	for (l = 0; l < PF_OUT_L3_PACKET; l++)
		KUNIT_EXPECT_GT_MSG(test, f->st.outcome[l], 0UL,
				    "key extraction never gave %s",
				    ovs_pf_out_names[l]);
}

/*
 * Every seed unchanged: extraction reads it as the table says, and every
 * list runs on it twice (in random skb layouts).  What the mutations start
 * from, and a check that the seeds are the packets they claim to be.
 */
static void ovs_pf_seeds_whole(struct kunit *test)
{
	struct ovs_pf_case *c = ovs_pf_cur;
	struct ovs_pf *f = c->f;
	struct sk_buff *skb, *orig;
	unsigned int s, l, outcome;
	struct rnd_state r;

	f->seed = PF_SEED;
	prandom_seed_state(&r, PF_SEED);
	for (s = 0; s < ARRAY_SIZE(ovs_pf_seeds); s++) {
		f->idx = s;
		f->seed_name = ovs_pf_seeds[s].name;
		f->list = NULL;
		ovs_pf_seeds[s].build(test, &f->p);
		f->shape = PF_LINEAR;
		f->headroom = FK_HEADROOM;
		f->cloned = false;
		f->csum_complete = false;
		skb = ovs_pf_skb(f, PF_LINEAR, &orig);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		outcome = PF_OUT_L2;
		KUNIT_EXPECT_TRUE(test, ovs_pf_extract(f, skb, &f->ref,
						       f->p.mac_proto, &outcome));
		kfree_skb(skb);
		KUNIT_EXPECT_STREQ_MSG(test, ovs_pf_out_names[outcome],
				       ovs_pf_out_names[ovs_pf_seeds[s].outcome],
				       "seed %s", f->seed_name);
		for (l = 0; l < 2 * PF_LISTS; l++)
			ovs_pf_run(f, c->lists, &ovs_pf_lists[l / 2], &r,
				   outcome);
	}
	KUNIT_EXPECT_EQ(test, f->fails, 0UL);
	for (l = 0; l < PF_LISTS; l++)
		KUNIT_EXPECT_GT_MSG(test, c->lists[l].accepted, 0UL,
				    "list %s never accepted", ovs_pf_lists[l].name);
	ovs_pf_report(test, f, c->lists, 0);
}

static struct kunit_case ovs_pf_cases[] = {
	KUNIT_CASE(ovs_pf_seeds_whole),
	KUNIT_CASE_PARAM(ovs_pf_packets, ovs_pf_gen),
	{}
};

static struct kunit_suite ovs_pf_suite = {
	.name = "ovs_fuzz_packet",
	.init = ovs_pf_init,
	.exit = ovs_pf_exit,
	.test_cases = ovs_pf_cases,
};

kunit_test_suite(ovs_pf_suite);
