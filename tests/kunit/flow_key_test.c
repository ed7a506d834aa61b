// SPDX-License-Identifier: GPL-2.0-only
/*
 * Flow key extraction (datapath/flow_key.c) from real packets in skbs.
 *
 * ovs_flow_key: one packet per protocol, the whole key compared byte for
 * byte with the key the in-tree datapath would give, plus the skb header
 * offsets the action code relies on.
 * ovs_flow_key_truncated: every packet cut at every length, in linear and
 * non-linear skbs, with the room around the data poisoned: no report, the
 * data untouched, and the fields before the cut right, none after it.
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ipv6.h>
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/nsh.h>

#include "flow_key.h"
#include "flow_key_pkts_kunit.h"

/* OVS_KEY_ATTR_IPV6_EXTHDRS bits. */
#define FK_EH_NONEXT	BIT(0)
#define FK_EH_AUTH	BIT(2)
#define FK_EH_DEST	BIT(3)
#define FK_EH_FRAG	BIT(4)
#define FK_EH_ROUTER	BIT(5)
#define FK_EH_HOP	BIT(6)
#define FK_EH_UNREP	BIT(7)
#define FK_EH_UNSEQ	BIT(8)

/* Running one packet through ovs_flow_key_extract(). */

struct ovs_fk_ctx {
	struct ovs_fk_pkt p;
	struct sk_buff *skb;
	struct ovs_key key;
	struct ovs_key exp;
};

static int ovs_fk_test_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct ovs_fk_ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, test->priv);
	return 0;
}

static void ovs_fk_test_exit(struct kunit *test)
{
	struct ovs_fk_ctx *c = test->priv;

	if (c)
		kfree_skb(c->skb);
}

/*
 * Builds the packet, extracts its key into c->key and starts c->exp: the
 * metadata and, for Ethernet, the addresses.
 */
static struct ovs_fk_ctx *ovs_fk_run(struct kunit *test, ovs_fk_build_t build)
{
	struct ovs_fk_ctx *c = test->priv;

	build(test, &c->p);
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, FK_IN_PORT,
						   c->p.mac_proto, &c->key),
			0);

	memset(&c->exp, 0, sizeof(c->exp));
	c->exp.priority = FK_PRIORITY;
	c->exp.skb_mark = FK_MARK;
	c->exp.in_port = FK_IN_PORT;
	c->exp.mac_proto = c->p.mac_proto;
	if (c->p.mac_proto == OVS_MAC_PROTO_ETHERNET) {
		ether_addr_copy(c->exp.eth.src, ovs_fk_eth_src);
		ether_addr_copy(c->exp.eth.dst, ovs_fk_eth_dst);
	}
	/* Data where it was, all of it. */
	KUNIT_EXPECT_EQ(test, skb_headroom(c->skb), FK_HEADROOM);
	KUNIT_EXPECT_EQ(test, c->skb->len, c->p.len);
	KUNIT_EXPECT_EQ(test, skb_mac_offset(c->skb), 0);
	return c;
}

/* The whole key, padding included, must be c->exp. */
static void ovs_fk_expect_key(struct kunit *test, struct ovs_fk_ctx *c)
{
	const u8 *got = (const u8 *)&c->key, *exp = (const u8 *)&c->exp;
	unsigned int i, bad = 0;

	for (i = 0; i < sizeof(c->key); i++) {
		if (got[i] == exp[i])
			continue;
		KUNIT_FAIL(test, "key byte %u (of %zu) is %#04x, expected %#04x",
			   i, sizeof(c->key), got[i], exp[i]);
		if (++bad == 8)
			break;
	}
}

static void ovs_fk_expect_offsets(struct kunit *test, struct ovs_fk_ctx *c,
				  unsigned int nh, unsigned int th)
{
	KUNIT_EXPECT_EQ(test, skb_network_offset(c->skb), (int)nh);
	KUNIT_EXPECT_EQ(test, c->skb->mac_len, nh);
	KUNIT_EXPECT_EQ(test, skb_transport_offset(c->skb), (int)th);
}

static void ovs_fk_exp_ipv4(struct ovs_fk_ctx *c, u8 proto, u8 frag)
{
	c->exp.eth.type = htons(ETH_P_IP);
	c->exp.ip.proto = proto;
	c->exp.ip.tos = FK_TOS;
	c->exp.ip.ttl = FK_TTL;
	c->exp.ip.frag = frag;
	c->exp.ipv4.src = htonl(FK_IP4_SRC);
	c->exp.ipv4.dst = htonl(FK_IP4_DST);
}

static void ovs_fk_exp_ipv6(struct ovs_fk_ctx *c, u8 proto, u8 frag, u16 exthdrs)
{
	c->exp.eth.type = htons(ETH_P_IPV6);
	c->exp.ip.proto = proto;
	c->exp.ip.tos = FK_TOS;
	c->exp.ip.ttl = FK_HLIMIT;
	c->exp.ip.frag = frag;
	c->exp.ipv6.src = ovs_fk_ip6_src;
	c->exp.ipv6.dst = ovs_fk_ip6_dst;
	c->exp.ipv6.label = htonl(FK_FLOW_LABEL);
	c->exp.ipv6.exthdrs = exthdrs;
}

static void ovs_fk_exp_ports(struct ovs_fk_ctx *c, u16 src, u16 dst)
{
	c->exp.tp.src = htons(src);
	c->exp.tp.dst = htons(dst);
}

static void ovs_fk_test_ipv4_tcp(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_ipv4_tcp);

	ovs_fk_exp_ipv4(c, IPPROTO_TCP, OVS_FRAG_TYPE_NONE);
	ovs_fk_exp_ports(c, 12345, 80);
	c->exp.tp.flags = htons(0x112);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 14, 34);
	KUNIT_EXPECT_EQ(test, c->skb->protocol, htons(ETH_P_IP));
	KUNIT_EXPECT_EQ(test, ovs_flow_key_tcp_flags(c->skb, &c->key),
			htons(0x112));
}

static void ovs_fk_test_ipv4_udp_opts(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_ipv4_udp_opts);

	ovs_fk_exp_ipv4(c, IPPROTO_UDP, OVS_FRAG_TYPE_NONE);
	ovs_fk_exp_ports(c, 5353, 53);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 14, 14 + 28);
	KUNIT_EXPECT_EQ(test, ovs_flow_key_tcp_flags(c->skb, &c->key), 0);
}

static void ovs_fk_test_ipv4_sctp(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_ipv4_sctp);

	ovs_fk_exp_ipv4(c, IPPROTO_SCTP, OVS_FRAG_TYPE_NONE);
	ovs_fk_exp_ports(c, 2905, 3868);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 14, 34);
}

static void ovs_fk_test_ipv4_icmp(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_ipv4_icmp);

	ovs_fk_exp_ipv4(c, IPPROTO_ICMP, OVS_FRAG_TYPE_NONE);
	ovs_fk_exp_ports(c, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 14, 34);
}

static void ovs_fk_test_ipv4_frag_first(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_ipv4_frag_first);

	ovs_fk_exp_ipv4(c, IPPROTO_UDP, OVS_FRAG_TYPE_FIRST);
	ovs_fk_exp_ports(c, 4789, 4789);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 14, 34);
}

static void ovs_fk_test_ipv4_frag_later(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_ipv4_frag_later);

	ovs_fk_exp_ipv4(c, IPPROTO_UDP, OVS_FRAG_TYPE_LATER);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 14, 34);
}

/* A UDP packet the stack will fragment (UFO) matches as a first fragment. */
static void ovs_fk_test_ipv4_ufo(struct kunit *test)
{
	struct ovs_fk_ctx *c = test->priv;

	ovs_fk_build_ipv4_udp_opts(test, &c->p);
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	skb_shinfo(c->skb)->gso_type = SKB_GSO_UDP;
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &c->key), 0);
	KUNIT_EXPECT_EQ(test, c->key.ip.frag, OVS_FRAG_TYPE_FIRST);
	KUNIT_EXPECT_EQ(test, c->key.tp.dst, htons(53));
}

/* A header length below 20 bytes: addresses only with a valid header. */
static void ovs_fk_test_ipv4_bad_ihl(struct kunit *test)
{
	struct ovs_fk_ctx *c = test->priv;

	ovs_fk_build_ipv4_tcp(test, &c->p);
	c->p.data[ETH_HLEN] = 0x44;
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &c->key), 0);
	KUNIT_EXPECT_EQ(test, c->key.eth.type, htons(ETH_P_IP));
	KUNIT_EXPECT_EQ(test, c->key.ipv4.src, 0);
	KUNIT_EXPECT_EQ(test, c->key.ip.proto, 0);
	KUNIT_EXPECT_EQ(test, c->key.tp.src, 0);
	KUNIT_EXPECT_EQ(test, skb_transport_offset(c->skb), ETH_HLEN);
}

static void ovs_fk_test_ipv6_tcp_ext(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_ipv6_tcp_ext);

	ovs_fk_exp_ipv6(c, IPPROTO_TCP, OVS_FRAG_TYPE_FIRST,
			FK_EH_HOP | FK_EH_DEST | FK_EH_ROUTER | FK_EH_FRAG);
	ovs_fk_exp_ports(c, 443, 40000);
	c->exp.tp.flags = htons(0x018);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 14, 14 + 40 + 4 * 8);
	KUNIT_EXPECT_EQ(test, c->skb->protocol, htons(ETH_P_IPV6));
	KUNIT_EXPECT_EQ(test, ovs_flow_key_tcp_flags(c->skb, &c->key),
			htons(0x018));
}

static void ovs_fk_test_ipv6_frag_first(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_ipv6_frag_first);

	ovs_fk_exp_ipv6(c, IPPROTO_UDP, OVS_FRAG_TYPE_FIRST, FK_EH_FRAG);
	ovs_fk_exp_ports(c, 1000, 2000);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 14, 14 + 48);
}

/* Later fragments: the protocol is "fragment", as in-tree. */
static void ovs_fk_test_ipv6_frag_later(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_ipv6_frag_later);

	ovs_fk_exp_ipv6(c, NEXTHDR_FRAGMENT, OVS_FRAG_TYPE_LATER, FK_EH_FRAG);
	ovs_fk_expect_key(test, c);
	KUNIT_EXPECT_EQ(test, skb_network_offset(c->skb), 14);
}

static void ovs_fk_test_nd_ns(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_nd_ns);

	ovs_fk_exp_ipv6(c, IPPROTO_ICMPV6, OVS_FRAG_TYPE_NONE, 0);
	ovs_fk_exp_ports(c, NDISC_NEIGHBOUR_SOLICITATION, 0);
	c->exp.ipv6.nd_target = ovs_fk_ip6_dst;
	ether_addr_copy(c->exp.ipv6.nd_sll, ovs_fk_eth_src);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 14, 54);
}

static void ovs_fk_test_nd_na(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_nd_na);

	ovs_fk_exp_ipv6(c, IPPROTO_ICMPV6, OVS_FRAG_TYPE_NONE, 0);
	ovs_fk_exp_ports(c, NDISC_NEIGHBOUR_ADVERTISEMENT, 0);
	c->exp.ipv6.nd_target = ovs_fk_ip6_dst;
	ether_addr_copy(c->exp.ipv6.nd_tll, ovs_fk_eth_dst);
	ovs_fk_expect_key(test, c);
}

/* Two source link-layer options: no ND fields at all. */
static void ovs_fk_test_nd_repeated_sll(struct kunit *test)
{
	struct ovs_fk_ctx *c = test->priv;
	const u8 opt[8] = { ND_OPT_SOURCE_LL_ADDR, 1, 0x02, 1, 2, 3, 4, 5 };

	ovs_fk_build_nd_ns(test, &c->p);
	ovs_fk_put(test, &c->p, opt, sizeof(opt));
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &c->key), 0);
	KUNIT_EXPECT_EQ(test, c->key.tp.src,
			htons(NDISC_NEIGHBOUR_SOLICITATION));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_any(&c->key.ipv6.nd_target));
	KUNIT_EXPECT_TRUE(test, is_zero_ether_addr(c->key.ipv6.nd_sll));
	KUNIT_EXPECT_TRUE(test, is_zero_ether_addr(c->key.ipv6.nd_tll));
}

/* An option of length 0 ends the walk; what came before it stays. */
static void ovs_fk_test_nd_zero_len_opt(struct kunit *test)
{
	struct ovs_fk_ctx *c = test->priv;
	const u8 opt[8] = { ND_OPT_TARGET_LL_ADDR, 0, 0x02, 1, 2, 3, 4, 5 };

	ovs_fk_build_nd_ns(test, &c->p);
	ovs_fk_put(test, &c->p, opt, sizeof(opt));
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &c->key), 0);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&c->key.ipv6.nd_target,
						&ovs_fk_ip6_dst));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(c->key.ipv6.nd_sll,
						 ovs_fk_eth_src));
	KUNIT_EXPECT_TRUE(test, is_zero_ether_addr(c->key.ipv6.nd_tll));
}

/* ND fields only for code 0. */
static void ovs_fk_test_nd_code(struct kunit *test)
{
	struct ovs_fk_ctx *c = test->priv;

	ovs_fk_build_nd_ns(test, &c->p);
	c->p.data[c->p.th + 1] = 1;
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &c->key), 0);
	KUNIT_EXPECT_EQ(test, c->key.tp.dst, htons(1));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_any(&c->key.ipv6.nd_target));
	KUNIT_EXPECT_TRUE(test, is_zero_ether_addr(c->key.ipv6.nd_sll));
}

static void ovs_fk_exp_arp(struct ovs_fk_ctx *c, u16 type, u8 op)
{
	c->exp.eth.type = htons(type);
	c->exp.ip.proto = op;
	c->exp.ipv4.src = htonl(FK_IP4_SRC);
	c->exp.ipv4.dst = htonl(FK_IP4_DST);
	ether_addr_copy(c->exp.ipv4.arp_sha, ovs_fk_eth_src);
}

static void ovs_fk_test_arp_request(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_arp_request);

	ovs_fk_exp_arp(c, ETH_P_ARP, ARPOP_REQUEST);
	ovs_fk_expect_key(test, c);
	KUNIT_EXPECT_EQ(test, skb_network_offset(c->skb), ETH_HLEN);
}

static void ovs_fk_test_arp_reply(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_arp_reply);

	ovs_fk_exp_arp(c, ETH_P_ARP, ARPOP_REPLY);
	ether_addr_copy(c->exp.ipv4.arp_tha, ovs_fk_eth_dst);
	ovs_fk_expect_key(test, c);
}

static void ovs_fk_test_rarp(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_rarp);

	ovs_fk_exp_arp(c, ETH_P_RARP, ARPOP_RREQUEST);
	ether_addr_copy(c->exp.ipv4.arp_tha, ovs_fk_eth_dst);
	ovs_fk_expect_key(test, c);
}

/* An opcode above 0xff is 0 in the key; non-Ethernet ARP has no fields. */
static void ovs_fk_test_arp_odd(struct kunit *test)
{
	struct ovs_fk_ctx *c = test->priv;
	struct ovs_key key;
	struct sk_buff *skb;

	ovs_fk_build_arp_reply(test, &c->p);
	c->p.data[ETH_HLEN + 6] = 0x01;	/* opcode 0x0102 */
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &c->key), 0);
	KUNIT_EXPECT_EQ(test, c->key.ip.proto, 0);
	KUNIT_EXPECT_EQ(test, c->key.ipv4.src, htonl(FK_IP4_SRC));

	c->p.data[ETH_HLEN + 4] = 8;	/* hardware address length */
	skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_EXPECT_EQ(test, ovs_flow_key_extract(skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &key), 0);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, key.eth.type, htons(ETH_P_ARP));
	KUNIT_EXPECT_EQ(test, key.ipv4.src, 0);
	KUNIT_EXPECT_TRUE(test, is_zero_ether_addr(key.ipv4.arp_sha));
}

static void ovs_fk_test_vlan(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_vlan);

	c->exp.eth.vlan.tpid = htons(ETH_P_8021Q);
	c->exp.eth.vlan.tci = htons(0x3064);
	ovs_fk_exp_ipv4(c, IPPROTO_UDP, OVS_FRAG_TYPE_NONE);
	ovs_fk_exp_ports(c, 67, 68);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 18, 38);
	/* The tag is still in the packet, for the VLAN actions. */
	KUNIT_EXPECT_EQ(test, c->skb->protocol, htons(ETH_P_8021Q));
	KUNIT_EXPECT_FALSE(test, skb_vlan_tag_present(c->skb));
}

static void ovs_fk_test_qinq(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_qinq);

	c->exp.eth.vlan.tpid = htons(ETH_P_8021AD);
	c->exp.eth.vlan.tci = htons(0xb00a);
	c->exp.eth.cvlan.tpid = htons(ETH_P_8021Q);
	c->exp.eth.cvlan.tci = htons(0x1014);
	ovs_fk_exp_ipv6(c, IPPROTO_UDP, OVS_FRAG_TYPE_NONE, 0);
	ovs_fk_exp_ports(c, 546, 547);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 22, 62);
	KUNIT_EXPECT_EQ(test, c->skb->protocol, htons(ETH_P_8021AD));
}

/* A third tag is not parsed: its TPID is the key's type. */
static void ovs_fk_test_three_tags(struct kunit *test)
{
	struct ovs_fk_ctx *c = test->priv;

	ovs_fk_init(&c->p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_macs(test, &c->p);
	ovs_fk_vlan(test, &c->p, ETH_P_8021AD, 1);
	ovs_fk_vlan(test, &c->p, ETH_P_8021Q, 2);
	ovs_fk_vlan(test, &c->p, ETH_P_8021Q, 3);
	ovs_fk_type(test, &c->p, ETH_P_IP);
	ovs_fk_ipv4(test, &c->p, IPPROTO_UDP, 0, 0);
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &c->key), 0);
	KUNIT_EXPECT_EQ(test, c->key.eth.cvlan.tci, htons(0x1002));
	KUNIT_EXPECT_EQ(test, c->key.eth.type, htons(ETH_P_8021Q));
	KUNIT_EXPECT_EQ(test, skb_network_offset(c->skb), 22);
	KUNIT_EXPECT_EQ(test, c->key.ipv4.src, 0);
}

static void ovs_fk_test_hwaccel(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_hwaccel);

	c->exp.eth.vlan.tpid = htons(ETH_P_8021Q);
	c->exp.eth.vlan.tci = htons(0x7005);
	ovs_fk_exp_ipv4(c, IPPROTO_TCP, OVS_FRAG_TYPE_NONE);
	ovs_fk_exp_ports(c, 22, 51000);
	c->exp.tp.flags = htons(0x010);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 14, 34);
	KUNIT_EXPECT_EQ(test, c->skb->protocol, htons(ETH_P_IP));
	KUNIT_EXPECT_TRUE(test, skb_vlan_tag_present(c->skb));
}

static void ovs_fk_test_hwaccel_qinq(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_hwaccel_qinq);

	c->exp.eth.vlan.tpid = htons(ETH_P_8021AD);
	c->exp.eth.vlan.tci = htons(0x1bb8);
	c->exp.eth.cvlan.tpid = htons(ETH_P_8021Q);
	c->exp.eth.cvlan.tci = htons(0x1fff);
	ovs_fk_exp_ipv4(c, IPPROTO_UDP, OVS_FRAG_TYPE_NONE);
	ovs_fk_exp_ports(c, 111, 2049);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 18, 38);
	KUNIT_EXPECT_EQ(test, c->skb->protocol, htons(ETH_P_8021Q));
}

static void ovs_fk_exp_mpls(struct ovs_fk_ctx *c, unsigned int n)
{
	unsigned int i;

	c->exp.eth.type = htons(ETH_P_MPLS_UC);
	for (i = 0; i < OVS_KEY_MPLS_DEPTH; i++)
		c->exp.mpls.lse[i] = htonl((1000 + i) << 12 | 5 << 9 |
					   (i == n - 1) << 8 | 64);
}

static void ovs_fk_test_mpls3(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_mpls3);

	ovs_fk_exp_mpls(c, 3);
	ovs_fk_expect_key(test, c);
	KUNIT_EXPECT_EQ(test, skb_network_offset(c->skb), ETH_HLEN);
	KUNIT_EXPECT_EQ(test, c->skb->mac_len, ETH_HLEN);
	/* MPLS GSO finds the payload at the inner network header. */
	KUNIT_EXPECT_EQ(test, skb_inner_network_offset(c->skb), 14 + 12);
}

static void ovs_fk_test_mpls10(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_mpls10);

	ovs_fk_exp_mpls(c, 10);
	ovs_fk_expect_key(test, c);
	KUNIT_EXPECT_EQ(test, skb_inner_network_offset(c->skb), 14 + 40);
}

/*
 * CVE-2025-38146: a stack with no bottom entry, longer than any counter
 * of labels, ends at the end of the packet.
 */
static void ovs_fk_test_mpls_endless(struct kunit *test)
{
	struct ovs_fk_ctx *c = test->priv;
	unsigned int i, n = 1100;

	ovs_fk_init(&c->p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, &c->p, ETH_P_MPLS_UC);
	for (i = 0; i < n; i++)
		ovs_fk_mpls(test, &c->p, 1000 + i, false);
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, 1024);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &c->key), 0);
	ovs_fk_exp_mpls(c, 0);
	KUNIT_EXPECT_EQ(test, memcmp(c->key.mpls.lse, c->exp.mpls.lse,
				     sizeof(c->key.mpls.lse)), 0);
	KUNIT_EXPECT_EQ(test, skb_inner_network_offset(c->skb),
			14 + 4 * n);
}

static void ovs_fk_test_nsh_md1(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_nsh_md1);
	unsigned int i;

	c->exp.eth.type = htons(ETH_P_NSH);
	c->exp.nsh.flags = 2;
	c->exp.nsh.ttl = 63;
	c->exp.nsh.mdtype = NSH_M_TYPE1;
	c->exp.nsh.np = FK_NSH_NP_ETHERNET;
	c->exp.nsh.path_hdr = htonl(0x123456fe);
	for (i = 0; i < OVS_KEY_NSH_CONTEXT; i++)
		c->exp.nsh.context[i] = htonl(0xc0de0000 + i);
	ovs_fk_expect_key(test, c);
	KUNIT_EXPECT_EQ(test, skb_network_offset(c->skb), ETH_HLEN);
}

/* MD type 2: base fields, no context (its TLVs are not in the key). */
static void ovs_fk_test_nsh_md2(struct kunit *test)
{
	struct ovs_fk_ctx *c = test->priv;
	const u8 tlv[8] = { 0x01, 0x02, 0x03, 0x01, 0xaa, 0xbb, 0xcc, 0xdd };
	u8 md_np[2] = { NSH_M_TYPE2, FK_NSH_NP_IPV4 };

	ovs_fk_init(&c->p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, &c->p, ETH_P_NSH);
	ovs_fk_put_be16(test, &c->p, 1 << 12 | 10 << 6 | 4);
	ovs_fk_put(test, &c->p, md_np, sizeof(md_np));
	ovs_fk_put_be32(test, &c->p, 0xabcdef << 8 | 1);
	ovs_fk_put(test, &c->p, tlv, sizeof(tlv));
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &c->key), 0);
	KUNIT_EXPECT_EQ(test, c->key.nsh.flags, 1);
	KUNIT_EXPECT_EQ(test, c->key.nsh.ttl, 10);
	KUNIT_EXPECT_EQ(test, c->key.nsh.mdtype, NSH_M_TYPE2);
	KUNIT_EXPECT_EQ(test, c->key.nsh.np, FK_NSH_NP_IPV4);
	KUNIT_EXPECT_EQ(test, c->key.nsh.path_hdr, htonl(0xabcdef01));
	KUNIT_EXPECT_EQ(test, c->key.nsh.context[0], 0);
}

static void ovs_fk_test_llc(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_llc);

	c->exp.eth.type = htons(ETH_P_802_2);
	ovs_fk_expect_key(test, c);
	KUNIT_EXPECT_EQ(test, skb_network_offset(c->skb), ETH_HLEN);
	KUNIT_EXPECT_EQ(test, c->skb->protocol, htons(ETH_P_802_2));
}

static void ovs_fk_test_snap(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_snap);

	ovs_fk_exp_ipv4(c, IPPROTO_UDP, OVS_FRAG_TYPE_NONE);
	ovs_fk_exp_ports(c, 161, 162);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 22, 42);
}

/* SNAP with a nonzero OUI is plain 802.2. */
static void ovs_fk_test_snap_oui(struct kunit *test)
{
	struct ovs_fk_ctx *c = test->priv;

	ovs_fk_build_snap(test, &c->p);
	c->p.data[ETH_HLEN + 5] = 0x0c;
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &c->key), 0);
	KUNIT_EXPECT_EQ(test, c->key.eth.type, htons(ETH_P_802_2));
	KUNIT_EXPECT_EQ(test, skb_network_offset(c->skb), ETH_HLEN);
	KUNIT_EXPECT_EQ(test, c->key.ipv4.src, 0);
}

static void ovs_fk_test_l3_ipv4(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_l3_ipv4);

	ovs_fk_exp_ipv4(c, IPPROTO_UDP, OVS_FRAG_TYPE_NONE);
	ovs_fk_exp_ports(c, 6081, 6081);
	ovs_fk_expect_key(test, c);
	ovs_fk_expect_offsets(test, c, 0, 20);
	KUNIT_EXPECT_EQ(test, ovs_key_packet_type(&c->key),
			htonl(1 << 16 | ETH_P_IP));
}

/* An L3 packet cannot be a tagged one: refused, as in-tree, both TPIDs. */
static void ovs_fk_test_l3_vlan(struct kunit *test)
{
	static const __be16 tpids[] = { htons(ETH_P_8021Q), htons(ETH_P_8021AD) };
	struct ovs_fk_ctx *c = test->priv;
	int i;

	for (i = 0; i < ARRAY_SIZE(tpids); i++) {
		ovs_fk_build_l3_ipv4(test, &c->p);
		c->p.protocol = tpids[i];
		c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
		KUNIT_EXPECT_EQ(test, ovs_flow_key_extract(c->skb, 0,
							   OVS_MAC_PROTO_NONE,
							   &c->key), -EINVAL);
		KUNIT_EXPECT_EQ(test, ovs_flow_key_extract_packet(c->skb,
								  &c->key),
				-EINVAL);
		kfree_skb(c->skb);
		c->skb = NULL;
	}
}

/* Re-extraction keeps the metadata and clears every stale field. */
static void ovs_fk_test_extract_packet(struct kunit *test)
{
	struct ovs_fk_ctx *c = ovs_fk_run(test, ovs_fk_build_ipv4_icmp);

	memset(&c->key, 0xff, sizeof(c->key));
	c->key.priority = 9;
	c->key.skb_mark = 10;
	c->key.in_port = 11;
	c->key.recirc_id = 12;
	c->key.dp_hash = 13;
	c->key.mac_proto = OVS_MAC_PROTO_ETHERNET;
	memset(c->key.pad_meta, 0, sizeof(c->key.pad_meta));
	/* The tunnel a packet came from is metadata too. */
	memset(c->key.tun_opts, 0, offsetof(struct ovs_key, priority));
	c->key.tun.proto = AF_INET;
	c->key.tun.id = cpu_to_be64(14);
	c->key.tun_opts[OVS_KEY_TUN_OPTS_MAX - 1] = 15;
	c->key.tun.opts_len = 4;
	/* Conntrack state is metadata too: a recirculation keeps it. */
	memset(&c->key.ct, 0, sizeof(c->key.ct));
	c->key.ct.state = OVS_CS_F_TRACKED | OVS_CS_F_ESTABLISHED;
	c->key.ct.zone = 3;
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract_packet(c->skb, &c->key), 0);

	c->exp.priority = 9;
	c->exp.skb_mark = 10;
	c->exp.in_port = 11;
	c->exp.recirc_id = 12;
	c->exp.dp_hash = 13;
	c->exp.tun.proto = AF_INET;
	c->exp.tun.id = cpu_to_be64(14);
	c->exp.tun_opts[OVS_KEY_TUN_OPTS_MAX - 1] = 15;
	c->exp.tun.opts_len = 4;
	c->exp.ct.state = OVS_CS_F_TRACKED | OVS_CS_F_ESTABLISHED;
	c->exp.ct.zone = 3;
	ovs_fk_exp_ipv4(c, IPPROTO_ICMP, OVS_FRAG_TYPE_NONE);
	ovs_fk_exp_ports(c, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH);
	ovs_fk_expect_key(test, c);
}

static void ovs_fk_test_tcp_flags(struct kunit *test)
{
	struct ovs_fk_ctx *c = test->priv;
	struct ovs_key key;

	/* All 12 bits, and none of the data offset. */
	ovs_fk_init(&c->p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, &c->p, ETH_P_IPV6);
	ovs_fk_ipv6(test, &c->p, NEXTHDR_TCP);
	ovs_fk_tcp(test, &c->p, 1, 2, 0xfff);
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &c->key), 0);
	KUNIT_EXPECT_EQ(test, c->key.tp.flags, htons(0xfff));
	KUNIT_EXPECT_EQ(test, ovs_flow_key_tcp_flags(c->skb, &c->key),
			htons(0xfff));

	/* Only for TCP keys, never for a later fragment. */
	key = c->key;
	key.ip.proto = IPPROTO_UDP;
	KUNIT_EXPECT_EQ(test, ovs_flow_key_tcp_flags(c->skb, &key), 0);
	key = c->key;
	key.eth.type = htons(ETH_P_ARP);
	KUNIT_EXPECT_EQ(test, ovs_flow_key_tcp_flags(c->skb, &key), 0);
	key = c->key;
	key.ip.frag = OVS_FRAG_TYPE_LATER;
	KUNIT_EXPECT_EQ(test, ovs_flow_key_tcp_flags(c->skb, &key), 0);

	/* A data offset past the end of the packet: no header, no flags. */
	c->p.data[c->p.th + 12] = 0xff;
	kfree_skb(c->skb);
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &key), 0);
	KUNIT_EXPECT_EQ(test, key.tp.src, 0);
	KUNIT_EXPECT_EQ(test, ovs_flow_key_tcp_flags(c->skb, &c->key), 0);
}

/* OVS_KEY_ATTR_IPV6_EXTHDRS for chains of 8-byte extension headers. */
struct ovs_fk_exthdr_case {
	const char *name;
	unsigned int n;
	u8 chain[6];
	u16 exthdrs;
	u8 proto;
};

static const struct ovs_fk_exthdr_case ovs_fk_exthdr_cases[] = {
	{ "rfc order", 6, { NEXTHDR_HOP, NEXTHDR_DEST, NEXTHDR_ROUTING,
			 NEXTHDR_FRAGMENT, NEXTHDR_AUTH, NEXTHDR_DEST },
	  FK_EH_HOP | FK_EH_DEST | FK_EH_ROUTER | FK_EH_FRAG | FK_EH_AUTH,
	  IPPROTO_TCP },
	{ "routing then hop", 2, { NEXTHDR_ROUTING, NEXTHDR_HOP },
	  FK_EH_ROUTER | FK_EH_UNSEQ, IPPROTO_TCP },
	{ "hop twice", 2, { NEXTHDR_HOP, NEXTHDR_HOP },
	  FK_EH_HOP | FK_EH_UNREP | FK_EH_UNSEQ, IPPROTO_TCP },
	{ "three dest", 3, { NEXTHDR_DEST, NEXTHDR_DEST, NEXTHDR_DEST },
	  FK_EH_DEST | FK_EH_UNREP, IPPROTO_TCP },
	{ "frag then routing", 2, { NEXTHDR_FRAGMENT, NEXTHDR_ROUTING },
	  FK_EH_FRAG | FK_EH_ROUTER | FK_EH_UNSEQ, IPPROTO_TCP },
	{ "routing twice", 2, { NEXTHDR_ROUTING, NEXTHDR_ROUTING },
	  FK_EH_ROUTER | FK_EH_UNREP | FK_EH_UNSEQ, IPPROTO_TCP },
	{ "two dest then routing", 3, { NEXTHDR_DEST, NEXTHDR_DEST,
				     NEXTHDR_ROUTING },
	  FK_EH_DEST | FK_EH_ROUTER | FK_EH_UNSEQ, IPPROTO_TCP },
	{ "auth then frag", 2, { NEXTHDR_AUTH, NEXTHDR_FRAGMENT },
	  FK_EH_AUTH | FK_EH_FRAG | FK_EH_UNSEQ, IPPROTO_TCP },
	{ "no next header", 1, { NEXTHDR_NONE }, FK_EH_NONEXT, NEXTHDR_NONE },
	{ "dest, no next header", 2, { NEXTHDR_DEST, NEXTHDR_NONE },
	  FK_EH_DEST | FK_EH_NONEXT, NEXTHDR_NONE },
	/* ESP is no extension header to ipv6_ext_hdr(): the walk ends. */
	{ "dest then esp", 2, { NEXTHDR_DEST, NEXTHDR_ESP },
	  FK_EH_DEST, NEXTHDR_ESP },
	{ "none", 0, { }, 0, IPPROTO_TCP },
};

static void ovs_fk_exthdr_desc(const struct ovs_fk_exthdr_case *t, char *desc)
{
	strscpy(desc, t->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ovs_fk_exthdr, ovs_fk_exthdr_cases, ovs_fk_exthdr_desc);

static void ovs_fk_test_exthdrs(struct kunit *test)
{
	const struct ovs_fk_exthdr_case *t = test->param_value;
	struct ovs_fk_ctx *c = test->priv;
	bool frag = false;
	unsigned int i;
	u8 next;

	ovs_fk_init(&c->p, OVS_MAC_PROTO_ETHERNET);
	ovs_fk_eth(test, &c->p, ETH_P_IPV6);
	ovs_fk_ipv6(test, &c->p, t->n ? t->chain[0] : NEXTHDR_TCP);
	for (i = 0; i < t->n; i++) {
		if (t->chain[i] == NEXTHDR_NONE || t->chain[i] == NEXTHDR_ESP)
			break;
		next = i + 1 < t->n ? t->chain[i + 1] : NEXTHDR_TCP;
		if (t->chain[i] == NEXTHDR_FRAGMENT) {
			ovs_fk_frag6(test, &c->p, next, 0, false);
			frag = true;
		} else {
			ovs_fk_ext(test, &c->p, next);
		}
	}
	ovs_fk_tcp(test, &c->p, 7, 9, 0x002);
	c->skb = ovs_fk_skb(test, &c->p, c->p.len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(c->skb, 0,
						   OVS_MAC_PROTO_ETHERNET,
						   &c->key), 0);
	KUNIT_EXPECT_EQ(test, c->key.ipv6.exthdrs, t->exthdrs);
	KUNIT_EXPECT_EQ(test, c->key.ip.proto, t->proto);
	KUNIT_EXPECT_EQ(test, c->key.ip.frag,
			frag ? OVS_FRAG_TYPE_FIRST : OVS_FRAG_TYPE_NONE);
	if (t->proto == IPPROTO_TCP)
		KUNIT_EXPECT_EQ(test, c->key.tp.dst, htons(9));
}

static struct kunit_case ovs_fk_cases[] = {
	KUNIT_CASE(ovs_fk_test_ipv4_tcp),
	KUNIT_CASE(ovs_fk_test_ipv4_udp_opts),
	KUNIT_CASE(ovs_fk_test_ipv4_sctp),
	KUNIT_CASE(ovs_fk_test_ipv4_icmp),
	KUNIT_CASE(ovs_fk_test_ipv4_frag_first),
	KUNIT_CASE(ovs_fk_test_ipv4_frag_later),
	KUNIT_CASE(ovs_fk_test_ipv4_ufo),
	KUNIT_CASE(ovs_fk_test_ipv4_bad_ihl),
	KUNIT_CASE(ovs_fk_test_ipv6_tcp_ext),
	KUNIT_CASE(ovs_fk_test_ipv6_frag_first),
	KUNIT_CASE(ovs_fk_test_ipv6_frag_later),
	KUNIT_CASE_PARAM(ovs_fk_test_exthdrs, ovs_fk_exthdr_gen_params),
	KUNIT_CASE(ovs_fk_test_nd_ns),
	KUNIT_CASE(ovs_fk_test_nd_na),
	KUNIT_CASE(ovs_fk_test_nd_repeated_sll),
	KUNIT_CASE(ovs_fk_test_nd_zero_len_opt),
	KUNIT_CASE(ovs_fk_test_nd_code),
	KUNIT_CASE(ovs_fk_test_arp_request),
	KUNIT_CASE(ovs_fk_test_arp_reply),
	KUNIT_CASE(ovs_fk_test_rarp),
	KUNIT_CASE(ovs_fk_test_arp_odd),
	KUNIT_CASE(ovs_fk_test_vlan),
	KUNIT_CASE(ovs_fk_test_qinq),
	KUNIT_CASE(ovs_fk_test_three_tags),
	KUNIT_CASE(ovs_fk_test_hwaccel),
	KUNIT_CASE(ovs_fk_test_hwaccel_qinq),
	KUNIT_CASE(ovs_fk_test_mpls3),
	KUNIT_CASE(ovs_fk_test_mpls10),
	KUNIT_CASE(ovs_fk_test_mpls_endless),
	KUNIT_CASE(ovs_fk_test_nsh_md1),
	KUNIT_CASE(ovs_fk_test_nsh_md2),
	KUNIT_CASE(ovs_fk_test_llc),
	KUNIT_CASE(ovs_fk_test_snap),
	KUNIT_CASE(ovs_fk_test_snap_oui),
	KUNIT_CASE(ovs_fk_test_l3_ipv4),
	KUNIT_CASE(ovs_fk_test_l3_vlan),
	KUNIT_CASE(ovs_fk_test_extract_packet),
	KUNIT_CASE(ovs_fk_test_tcp_flags),
	{}
};

static struct kunit_suite ovs_fk_suite = {
	.name = "ovs_flow_key",
	.init = ovs_fk_test_init,
	.exit = ovs_fk_test_exit,
	.test_cases = ovs_fk_cases,
};

kunit_test_suite(ovs_fk_suite);
