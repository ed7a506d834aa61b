// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the flow key parser refuses (-EINVAL with an extack message), what
 * it accepts and ignores, and OVS_PACKET_CMD_EXECUTE's metadata-only parse.
 * Each case builds a key (and maybe a mask) the way a peer could send it.
 */

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/ndisc.h>
#include <net/netlink.h>
#include <net/nsh.h>

#include "datapath.h"
#include "flow_attr.h"
#include "flow_key.h"
#include "flow_attr_kunit.h"

struct ovs_fa_case {
	const char *name;
	void (*build)(struct kunit *test, struct ovs_fa_ctx *c);
};

static void ovs_fa_key_begin(struct kunit *test, struct ovs_fa_ctx *c)
{
	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
}

static void ovs_fa_key_end(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_kt_nest_end(test, c->skb, c->key);
}

static void ovs_fa_mask_begin(struct kunit *test, struct ovs_fa_ctx *c)
{
	c->mask = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_MASK);
}

static void ovs_fa_mask_end(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_kt_nest_end(test, c->skb, c->mask);
}

/* A key of only an Ethernet header and this ethertype, and one attr. */
static void ovs_fa_eth_key(struct kunit *test, struct ovs_fa_ctx *c, u16 type)
{
	ovs_fa_key_begin(test, c);
	ovs_fa_eth(test, c->skb);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(type));
}

static void ovs_fa_one(struct kunit *test, struct ovs_fa_ctx *c, int type, int len,
		       u8 fill)
{
	u8 buf[64];

	memset(buf, fill, sizeof(buf));
	ovs_fa_key_begin(test, c);
	ovs_fa_eth(test, c->skb);
	ovs_kt_put(test, c->skb, type, buf, len);
	ovs_fa_key_end(test, c);
}

static void r_unknown(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_one(test, c, 40, 4, 0);
}

static void r_unspec(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_one(test, c, OVS_KEY_ATTR_UNSPEC, 0, 0);
}

static void r_tunnel_info(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_one(test, c, 31, 4, 0);
}

static void r_nd_ext(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_one(test, c, OVS_KEY_ATTR_ND_EXTENSIONS, 8, 0);
}

static void r_short_prio(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_one(test, c, OVS_KEY_ATTR_PRIORITY, 2, 0);
}

static void r_long_mark(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_one(test, c, OVS_KEY_ATTR_SKB_MARK, 8, 0);
}

static void r_short_eth(struct kunit *test, struct ovs_fa_ctx *c)
{
	u8 buf[6] = {};

	ovs_fa_key_begin(test, c);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_ETHERNET, buf, sizeof(buf));
	ovs_fa_key_end(test, c);
}

static void r_duplicate(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_key_begin(test, c);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_PRIORITY, 1);
	ovs_fa_eth(test, c->skb);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_PRIORITY, 1);
	ovs_fa_key_end(test, c);
}

static void r_duplicate_in_encap(struct kunit *test, struct ovs_fa_ctx *c)
{
	struct nlattr *e;

	ovs_fa_eth_key(test, c, ETH_P_8021Q);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(VLAN_CFI_MASK | 1));
	e = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	ovs_fa_eth(test, c->skb);
	ovs_kt_nest_end(test, c->skb, e);
	ovs_fa_key_end(test, c);
}

static void r_trailing(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_key_begin(test, c);
	ovs_fa_eth(test, c->skb);
	skb_put_zero(c->skb, 3);
	ovs_fa_key_end(test, c);
}

static void r_low_ethertype(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_eth_key(test, c, 0x0100);
	ovs_fa_key_end(test, c);
}

static void r_no_l2_no_type(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_key_begin(test, c);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_PRIORITY, 1);
	ovs_fa_key_end(test, c);
}

static void r_in_port(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_key_begin(test, c);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_IN_PORT, OVS_DP_MAX_PORTS);
	ovs_fa_eth(test, c->skb);
	ovs_fa_key_end(test, c);
}

static void r_frag(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_eth_key(test, c, ETH_P_IP);
	ovs_fa_ipv4(test, c->skb, 99, OVS_FRAG_TYPE_MAX + 1);
	ovs_fa_key_end(test, c);
}

static void r_label(struct kunit *test, struct ovs_fa_ctx *c)
{
	struct ovs_key_ipv6 ip = { .ipv6_label = htonl(0x100000) };

	ovs_fa_eth_key(test, c, ETH_P_IPV6);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV6, &ip, sizeof(ip));
	ovs_fa_key_end(test, c);
}

static void r_arp_op(struct kunit *test, struct ovs_fa_ctx *c)
{
	struct ovs_key_arp arp = { .arp_op = htons(0x101) };

	ovs_fa_eth_key(test, c, ETH_P_ARP);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_ARP, &arp, sizeof(arp));
	ovs_fa_key_end(test, c);
}

static void ovs_fa_mpls(struct kunit *test, struct ovs_fa_ctx *c, int len)
{
	__be32 lse[5] = { htonl(0x100) };

	ovs_fa_eth_key(test, c, ETH_P_MPLS_UC);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_MPLS, lse, len);
	ovs_fa_key_end(test, c);
}

static void r_mpls0(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_mpls(test, c, 0);
}

static void r_mpls4(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_mpls(test, c, 16);
}

static void r_mpls_odd(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_mpls(test, c, 6);
}

static void r_vlan_no_encap(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_eth_key(test, c, ETH_P_8021Q);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(VLAN_CFI_MASK | 1));
	ovs_fa_key_end(test, c);
}

static void ovs_fa_vlan_key(struct kunit *test, struct ovs_fa_ctx *c, u16 tci,
			    bool encap_content)
{
	struct nlattr *e;

	ovs_fa_eth_key(test, c, ETH_P_8021AD);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(tci));
	e = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	if (encap_content)
		ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE,
			    htons(ETH_P_ARP));
	ovs_kt_nest_end(test, c->skb, e);
}

static void r_vlan_no_cfi(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_vlan_key(test, c, 5, true);
	ovs_fa_key_end(test, c);
}

static void r_truncated_content(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_vlan_key(test, c, 0, true);
	ovs_fa_key_end(test, c);
}

static void r_vlan_not_vlan(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_eth_key(test, c, 0x88cc);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(VLAN_CFI_MASK | 1));
	ovs_fa_key_end(test, c);
}

static void r_encap_not_vlan(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_eth_key(test, c, 0x88cc);
	ovs_kt_nest_end(test, c->skb,
			ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP));
	ovs_fa_key_end(test, c);
}

/* Tags nest two deep; a third VLAN attribute is out of place. */
static void r_third_vlan(struct kunit *test, struct ovs_fa_ctx *c)
{
	struct nlattr *e1, *e2, *e3;

	ovs_fa_eth_key(test, c, ETH_P_8021AD);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(VLAN_CFI_MASK | 1));
	e1 = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_8021Q));
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(VLAN_CFI_MASK | 2));
	e2 = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_8021Q));
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(VLAN_CFI_MASK | 3));
	e3 = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	ovs_kt_nest_end(test, c->skb, e3);
	ovs_kt_nest_end(test, c->skb, e2);
	ovs_kt_nest_end(test, c->skb, e1);
	ovs_fa_key_end(test, c);
}

static void r_missing_ipv4(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_eth_key(test, c, ETH_P_IP);
	ovs_fa_key_end(test, c);
}

static void r_missing_tcp(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_eth_key(test, c, ETH_P_IP);
	ovs_fa_ipv4(test, c->skb, IPPROTO_TCP, 0);
	ovs_fa_key_end(test, c);
}

/* No mask: the exact mask holds an IPV4 an 802.2 key does not allow. */
static void r_exact_ipv4_on_802_2(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_key_begin(test, c);
	ovs_fa_eth(test, c->skb);
	ovs_fa_ipv4(test, c->skb, 99, 0);
	ovs_fa_key_end(test, c);
}

static void r_mask_encap_no_tag(struct kunit *test, struct ovs_fa_ctx *c)
{
	struct ovs_key_arp arp = {};
	struct nlattr *e;

	ovs_fa_eth_key(test, c, ETH_P_ARP);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_ARP, &arp, sizeof(arp));
	ovs_fa_key_end(test, c);
	ovs_fa_mask_begin(test, c);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(0xffff));
	e = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	ovs_kt_nest_end(test, c->skb, e);
	ovs_fa_mask_end(test, c);
}

static void ovs_fa_vlan_mask(struct kunit *test, struct ovs_fa_ctx *c, u16 tpid, u16 tci)
{
	struct nlattr *e;

	ovs_fa_vlan_key(test, c, VLAN_CFI_MASK | 9, false);
	ovs_fa_key_end(test, c);
	ovs_fa_mask_begin(test, c);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(tpid));
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(tci));
	e = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	ovs_kt_nest_end(test, c->skb, e);
	ovs_fa_mask_end(test, c);
}

/*
 * A key with an outer tag of outer_tci and, unless inner_tci is -1, an
 * inner tag of inner_tci (0: cut short, an empty encap); LLDP inside.
 */
static void ovs_fa_tags_key(struct kunit *test, struct ovs_fa_ctx *c, u16 outer_tci,
			    int inner_tci)
{
	struct nlattr *e1, *e2;

	ovs_fa_eth_key(test, c, inner_tci >= 0 ? ETH_P_8021AD : ETH_P_8021Q);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(outer_tci));
	e1 = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	if (inner_tci >= 0) {
		ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE,
			    htons(ETH_P_8021Q));
		ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(inner_tci));
		e2 = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
		if (inner_tci)
			ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE,
				    htons(0x88cc));
		ovs_kt_nest_end(test, c->skb, e2);
	} else {
		ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0x88cc));
	}
	ovs_kt_nest_end(test, c->skb, e1);
	ovs_fa_key_end(test, c);
}

/*
 * Its mask: exact TPIDs and ethertype; outer_tci and inner_tci (if the key
 * has an inner tag) as TCI masks, and none at all where it is -1.
 */
static void ovs_fa_tags_mask(struct kunit *test, struct ovs_fa_ctx *c, int outer_tci,
			     int inner_tci, bool inner)
{
	struct nlattr *e1, *e2;

	ovs_fa_mask_begin(test, c);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	if (outer_tci >= 0)
		ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(outer_tci));
	e1 = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	if (inner) {
		if (inner_tci >= 0)
			ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN,
				    htons(inner_tci));
		e2 = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
		ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
		ovs_kt_nest_end(test, c->skb, e2);
	}
	ovs_kt_nest_end(test, c->skb, e1);
	ovs_fa_mask_end(test, c);
}

/* Two tags, the inner one cut short; no outer TCI mask. */
static void r_mask_no_tci_cut_inner(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_tags_key(test, c, VLAN_CFI_MASK | 5, 0);
	ovs_fa_tags_mask(test, c, -1, -1, false);
}

static void r_mask_tpid(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_vlan_mask(test, c, 0xff00, 0xffff);
}

static void r_mask_cfi(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_vlan_mask(test, c, 0xffff, 0x0fff);
}

static void r_mask_ipv4_inexact_type(struct kunit *test, struct ovs_fa_ctx *c)
{
	struct ovs_key_ipv4 ipm = { .ipv4_src = htonl(U32_MAX) };

	ovs_fa_eth_key(test, c, ETH_P_IP);
	ovs_fa_ipv4(test, c->skb, 99, 0);
	ovs_fa_key_end(test, c);
	ovs_fa_mask_begin(test, c);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV4, &ipm, sizeof(ipm));
	ovs_fa_mask_end(test, c);
}

static void ovs_fa_nd_key(struct kunit *test, struct ovs_fa_ctx *c)
{
	struct ovs_key_ipv6 ip = { .ipv6_proto = IPPROTO_ICMPV6 };
	struct ovs_key_icmpv6 icmp = { .icmpv6_type = NDISC_NEIGHBOUR_ADVERTISEMENT };
	struct ovs_key_nd nd = { .nd_tll = { 1 } };

	ovs_fa_eth_key(test, c, ETH_P_IPV6);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV6, &ip, sizeof(ip));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_ICMPV6, &icmp, sizeof(icmp));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_ND, &nd, sizeof(nd));
	ovs_fa_key_end(test, c);
}

/* ND in a mask needs an exact ICMPv6 type. */
static void r_mask_nd_inexact_type(struct kunit *test, struct ovs_fa_ctx *c)
{
	struct ovs_key_ipv6 ipm = { .ipv6_proto = 0xff };
	struct ovs_key_icmpv6 icmpm = { .icmpv6_type = 0xf0 };
	struct ovs_key_nd ndm = { .nd_tll = { 0xff } };

	ovs_fa_nd_key(test, c);
	ovs_fa_mask_begin(test, c);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV6, &ipm, sizeof(ipm));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_ICMPV6, &icmpm, sizeof(icmpm));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_ND, &ndm, sizeof(ndm));
	ovs_fa_mask_end(test, c);
}

static void r_mask_eth_on_l3(struct kunit *test, struct ovs_fa_ctx *c)
{
	__be32 lse = htonl(0x100);

	ovs_fa_key_begin(test, c);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_MPLS_UC));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_MPLS, &lse, sizeof(lse));
	ovs_fa_key_end(test, c);
	ovs_fa_mask_begin(test, c);
	ovs_fa_eth(test, c->skb);
	ovs_fa_mask_end(test, c);
}

static void ovs_fa_nsh(struct kunit *test, struct ovs_fa_ctx *c, u8 mdtype,
		       int extra_type, int len)
{
	struct ovs_nsh_key_base base = { .mdtype = mdtype, .np = 1 };
	u8 buf[32] = {};
	struct nlattr *n;

	ovs_fa_eth_key(test, c, ETH_P_NSH);
	n = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_NSH);
	ovs_kt_put(test, c->skb, OVS_NSH_KEY_ATTR_BASE, &base, sizeof(base));
	if (extra_type >= 0)
		ovs_kt_put(test, c->skb, extra_type, buf, len);
	ovs_kt_nest_end(test, c->skb, n);
	ovs_fa_key_end(test, c);
}

static void r_nsh_md2(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_nsh(test, c, 2, OVS_NSH_KEY_ATTR_MD2, 8);
}

static void r_nsh_md1_type2(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_nsh(test, c, 2, OVS_NSH_KEY_ATTR_MD1, 16);
}

static void r_nsh_unknown(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_nsh(test, c, 1, 7, 4);
}

static void r_nsh_md1_short(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_nsh(test, c, 1, OVS_NSH_KEY_ATTR_MD1, 12);
}

static void r_nsh_dup_base(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_nsh(test, c, 1, OVS_NSH_KEY_ATTR_BASE, 8);
}

static void ovs_fa_tunnel(struct kunit *test, struct ovs_fa_ctx *c, int type, int len,
			  u8 fill)
{
	struct nlattr *t;
	u8 buf[16];

	memset(buf, fill, sizeof(buf));
	ovs_fa_key_begin(test, c);
	t = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_TUNNEL);
	ovs_kt_put(test, c->skb, type, buf, len);
	ovs_kt_nest_end(test, c->skb, t);
	ovs_fa_eth(test, c->skb);
	ovs_fa_key_end(test, c);
}

static void r_tun_dst(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_tunnel(test, c, OVS_TUNNEL_KEY_ATTR_IPV4_DST, 4, 1);
}

static void r_tun_csum(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_tunnel(test, c, OVS_TUNNEL_KEY_ATTR_CSUM, 0, 0);
}

static void r_tun_unknown(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_tunnel(test, c, 40, 4, 0);
}

static void r_tun_len(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_tunnel(test, c, OVS_TUNNEL_KEY_ATTR_TTL, 4, 0);
}

static void r_tun_geneve(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_tunnel(test, c, OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, 8, 2);
}

static void ovs_fa_pt(struct kunit *test, struct ovs_fa_ctx *c, u32 pt, bool eth,
		      int type)
{
	__be32 be_pt = htonl(pt);
	__be32 lse = htonl(0x100);

	ovs_fa_key_begin(test, c);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_PACKET_TYPE, &be_pt,
		   sizeof(be_pt));
	if (eth)
		ovs_fa_eth(test, c->skb);
	if (type)
		ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(type));
	if (type == ETH_P_MPLS_UC || (!type && (pt & 0xffff) == ETH_P_MPLS_UC))
		ovs_kt_put(test, c->skb, OVS_KEY_ATTR_MPLS, &lse, sizeof(lse));
	ovs_fa_key_end(test, c);
}

static void r_pt_ns(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_pt(test, c, 0x20000 | ETH_P_IP, false, 0);
}

static void r_pt_l3_eth(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_pt(test, c, 0x10000 | ETH_P_MPLS_UC, true, 0);
}

static void r_pt_disagree(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_pt(test, c, 0x10000 | ETH_P_IP, false, ETH_P_MPLS_UC);
}

static void r_pt_eth_no_l2(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_pt(test, c, 0, false, ETH_P_MPLS_UC);
}

static void r_pt_low(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_pt(test, c, 0x10000 | 0x100, false, 0);
}

static void r_pt_eth(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_pt(test, c, 0, true, 0);
}

static void r_pt_l3(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_pt(test, c, 0x10000 | ETH_P_MPLS_UC, false, 0);
}

static void r_pt_l3_type(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_pt(test, c, 0x10000 | ETH_P_MPLS_UC, false, ETH_P_MPLS_UC);
}

/* Even a zero one, which a mask would otherwise skip. */
static void r_pt_mask(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_key_begin(test, c);
	ovs_fa_tcp_key(test, c->skb);
	ovs_fa_key_end(test, c);
	ovs_fa_mask_begin(test, c);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_PACKET_TYPE, 0);
	ovs_fa_mask_end(test, c);
}

static const struct ovs_fa_case ovs_fa_reject_cases[] = {
	{ "unknown type", r_unknown },
	{ "OVS_KEY_ATTR_UNSPEC", r_unspec },
	{ "kernel-internal TUNNEL_INFO", r_tunnel_info },
	{ "ND_EXTENSIONS", r_nd_ext },
	{ "short PRIORITY", r_short_prio },
	{ "long SKB_MARK", r_long_mark },
	{ "short ETHERNET", r_short_eth },
	{ "duplicate", r_duplicate },
	{ "duplicate inside ENCAP", r_duplicate_in_encap },
	{ "trailing bytes", r_trailing },
	{ "ethertype below 0x600", r_low_ethertype },
	{ "neither ETHERNET nor ETHERTYPE", r_no_l2_no_type },
	{ "in_port 65535", r_in_port },
	{ "IPv4 frag type", r_frag },
	{ "IPv6 label", r_label },
	{ "ARP opcode", r_arp_op },
	{ "MPLS 0 labels", r_mpls0 },
	{ "MPLS 4 labels", r_mpls4 },
	{ "MPLS 6 bytes", r_mpls_odd },
	{ "VLAN without ENCAP", r_vlan_no_encap },
	{ "VLAN TCI without CFI", r_vlan_no_cfi },
	{ "truncated VLAN with content", r_truncated_content },
	{ "VLAN without a VLAN ethertype", r_vlan_not_vlan },
	{ "ENCAP without a VLAN ethertype", r_encap_not_vlan },
	{ "third VLAN", r_third_vlan },
	{ "IPv4 ethertype without IPV4", r_missing_ipv4 },
	{ "TCP protocol without TCP", r_missing_tcp },
	{ "exact mask: IPV4 on 802.2", r_exact_ipv4_on_802_2 },
	{ "mask ENCAP without a tag", r_mask_encap_no_tag },
	{ "mask without outer TCI, inner tag cut", r_mask_no_tci_cut_inner },
	{ "mask TPID inexact", r_mask_tpid },
	{ "mask TCI without CFI", r_mask_cfi },
	{ "mask IPV4 with inexact ethertype", r_mask_ipv4_inexact_type },
	{ "mask ND with inexact ICMPv6 type", r_mask_nd_inexact_type },
	{ "mask ETHERNET on an L3 key", r_mask_eth_on_l3 },
	{ "NSH MD2", r_nsh_md2 },
	{ "NSH MD1 with MD type 2", r_nsh_md1_type2 },
	{ "NSH unknown attribute", r_nsh_unknown },
	{ "NSH short MD1", r_nsh_md1_short },
	{ "NSH duplicate BASE", r_nsh_dup_base },
	{ "tunnel dst", r_tun_dst },
	{ "tunnel csum flag", r_tun_csum },
	{ "tunnel unknown attribute", r_tun_unknown },
	{ "tunnel TTL length", r_tun_len },
	{ "tunnel geneve options", r_tun_geneve },
	{ "packet type namespace 2", r_pt_ns },
	{ "L3 packet type with ETHERNET", r_pt_l3_eth },
	{ "packet type and ethertype disagree", r_pt_disagree },
	{ "Ethernet packet type without ETHERNET", r_pt_eth_no_l2 },
	{ "packet type ethertype below 0x600", r_pt_low },
	{ "Ethernet packet type with ETHERNET", r_pt_eth },
	{ "L3 packet type", r_pt_l3 },
	{ "L3 packet type with its ethertype", r_pt_l3_type },
	{ "zero packet type in a mask", r_pt_mask },
};

static void ovs_fa_rejects(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	int i;

	for (i = 0; i < ARRAY_SIZE(ovs_fa_reject_cases); i++) {
		skb_trim(c->skb, 0);
		c->key = NULL;
		c->mask = NULL;
		ovs_fa_reject_cases[i].build(test, c);
		ovs_fa_expect_einval(test, ovs_fa_reject_cases[i].name);
	}
}

static void a_ct_zero(struct kunit *test, struct ovs_fa_ctx *c)
{
	struct ovs_key_ct_labels lab = {};
	struct ovs_key_arp arp = {};

	ovs_fa_eth_key(test, c, ETH_P_ARP);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_ARP, &arp, sizeof(arp));
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_CT_STATE, 0);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_CT_LABELS, &lab, sizeof(lab));
	ovs_fa_key_end(test, c);
}

static void a_truncated(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_vlan_key(test, c, 0, false);
	ovs_fa_key_end(test, c);
	ovs_fa_mask_begin(test, c);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	ovs_fa_mask_end(test, c);
}

static void a_nd(struct kunit *test, struct ovs_fa_ctx *c)
{
	ovs_fa_nd_key(test, c);
}

static const struct ovs_fa_case ovs_fa_accept_cases[] = {
	{ "zero conntrack", a_ct_zero },
	{ "truncated VLAN with a mask", a_truncated },
	{ "IPv6 neighbour advertisement", a_nd },
};

static void ovs_fa_accepts(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	int i;

	for (i = 0; i < ARRAY_SIZE(ovs_fa_accept_cases); i++) {
		skb_trim(c->skb, 0);
		c->key = NULL;
		c->mask = NULL;
		ovs_fa_accept_cases[i].build(test, c);
		KUNIT_EXPECT_EQ_MSG(test, ovs_fa_parse(test, true), 0, "%s: %s",
				    ovs_fa_accept_cases[i].name,
				    c->extack._msg ?: "");
	}

	/* A truncated tag: no tag, the TPID as the frame's ethertype. */
	skb_trim(c->skb, 0);
	a_truncated(test, c);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->k.eth.vlan.tci, 0);
	KUNIT_EXPECT_EQ(test, c->k.eth.type, htons(ETH_P_8021AD));

	/* ND fields land in the key, with the exact ICMPv6 type. */
	skb_trim(c->skb, 0);
	c->mask = NULL;
	ovs_fa_nd_key(test, c);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->k.ipv6.nd_tll[0], 1);
	KUNIT_EXPECT_EQ(test, c->m.tp.src, htons(0xff));

	/*
	 * An attribute the key's ethertype does not call for, with a mask
	 * that leaves it out: accepted, and it changes nothing.
	 */
	skb_trim(c->skb, 0);
	ovs_fa_eth_key(test, c, ETH_P_IP);
	ovs_fa_ipv4(test, c->skb, 99, 0);
	{
		struct ovs_key_ipv6 ip6;

		memset(&ip6, 0xee, sizeof(ip6));
		ip6.ipv6_frag = 0;
		ip6.ipv6_label = 0;
		ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV6, &ip6, sizeof(ip6));
	}
	ovs_fa_key_end(test, c);
	ovs_fa_mask_begin(test, c);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	ovs_fa_mask_end(test, c);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->k.ipv4.src, htonl(0x0a000001));
	KUNIT_EXPECT_EQ(test, c->k.ip.proto, 99);
	KUNIT_EXPECT_EQ(test, c->k.ipv4.arp_sha[0], 0);
}

/*
 * OVS_KEY_ATTR_PACKET_TYPE is refused wherever a key or mask is parsed,
 * whatever it says, as in-tree: vswitchd strips it for kernel datapaths.
 */
static void ovs_fa_packet_type(struct kunit *test)
{
	static const struct ovs_fa_case pts[] = {
		{ "Ethernet", r_pt_eth },
		{ "L3", r_pt_l3 },
		{ "L3 with its ethertype", r_pt_l3_type },
		{ "mask", r_pt_mask },
		{ "namespace 2", r_pt_ns },
	};
	struct ovs_fa_ctx *c = test->priv;
	int i;

	for (i = 0; i < ARRAY_SIZE(pts); i++) {
		skb_trim(c->skb, 0);
		c->key = NULL;
		c->mask = NULL;
		pts[i].build(test, c);
		KUNIT_EXPECT_EQ_MSG(test, ovs_fa_parse(test, true), -EINVAL,
				    "%s", pts[i].name);
		KUNIT_EXPECT_NOT_NULL_MSG(test,
					  c->extack._msg ?
					  strstr(c->extack._msg,
						 "packet type attribute is not supported") :
					  NULL, "%s: %s", pts[i].name,
					  c->extack._msg ?: "");
	}

	/* The packet key of OVS_PACKET_CMD_EXECUTE too. */
	skb_trim(c->skb, 0);
	r_pt_l3_type(test, c);
	memset(&c->extack, 0, sizeof(c->extack));
	KUNIT_EXPECT_EQ(test, ovs_key_metadata_from_attrs(&init_net, c->key,
							  &c->k, false,
							  &c->extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);
}

/* OVS_PACKET_CMD_EXECUTE: metadata only, packet fields not looked at. */
static void ovs_fa_metadata(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key_ipv4 bad = { .ipv4_frag = 200 };

	ovs_fa_key_begin(test, c);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_PRIORITY, 11);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_SKB_MARK, 12);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_RECIRC_ID, 13);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_DP_HASH, 14);
	ovs_fa_eth(test, c->skb);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IP));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV4, &bad, sizeof(bad));
	ovs_fa_key_end(test, c);
	KUNIT_ASSERT_EQ(test, ovs_key_metadata_from_attrs(&init_net, c->key,
							  &c->k, false,
							  &c->extack), 0);
	KUNIT_EXPECT_EQ(test, c->k.priority, 11U);
	KUNIT_EXPECT_EQ(test, c->k.skb_mark, 12U);
	KUNIT_EXPECT_EQ(test, c->k.recirc_id, 13U);
	KUNIT_EXPECT_EQ(test, c->k.dp_hash, 14U);
	KUNIT_EXPECT_EQ(test, c->k.in_port, (u32)OVS_DP_MAX_PORTS);
	KUNIT_EXPECT_EQ(test, c->k.mac_proto, OVS_MAC_PROTO_ETHERNET);
	KUNIT_EXPECT_EQ(test, c->k.eth.type, 0);
	KUNIT_EXPECT_EQ(test, c->k.ipv4.src, 0);

	/* L3: the ethertype is metadata. */
	skb_trim(c->skb, 0);
	ovs_fa_key_begin(test, c);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_IN_PORT, 9);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IPV6));
	ovs_fa_key_end(test, c);
	KUNIT_ASSERT_EQ(test, ovs_key_metadata_from_attrs(&init_net, c->key,
							  &c->k, false,
							  &c->extack), 0);
	KUNIT_EXPECT_EQ(test, c->k.in_port, 9U);
	KUNIT_EXPECT_EQ(test, c->k.mac_proto, OVS_MAC_PROTO_NONE);
	KUNIT_EXPECT_EQ(test, c->k.eth.type, htons(ETH_P_IPV6));

	/* Attribute checks and unsupported state still apply. */
	skb_trim(c->skb, 0);
	r_duplicate(test, c);
	memset(&c->extack, 0, sizeof(c->extack));
	KUNIT_EXPECT_EQ(test, ovs_key_metadata_from_attrs(&init_net, c->key,
							  &c->k, false,
							  &c->extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);

	skb_trim(c->skb, 0);
	ovs_fa_key_begin(test, c);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_CT_STATE, 0x100);
	ovs_fa_key_end(test, c);
	memset(&c->extack, 0, sizeof(c->extack));
	KUNIT_EXPECT_EQ(test, ovs_key_metadata_from_attrs(&init_net, c->key,
							  &c->k, false,
							  &c->extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);

	skb_trim(c->skb, 0);
	r_in_port(test, c);
	memset(&c->extack, 0, sizeof(c->extack));
	KUNIT_EXPECT_EQ(test, ovs_key_metadata_from_attrs(&init_net, c->key,
							  &c->k, false,
							  &c->extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);
}

/*
 * A tag level of a mask with ENCAP but no TCI mask (or a zero one, which
 * counts as none) takes the last VLAN attribute parsed before it, as the
 * in-tree datapath does: with one tag the key's own TCI, with two the
 * key's inner TCI for the outer level, and the mask's outer TCI (else the
 * key's inner TCI) for the inner level.
 */
static void ovs_fa_mask_tag_without_tci(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;

	ovs_fa_tags_key(test, c, VLAN_CFI_MASK | 5, -1);
	ovs_fa_tags_mask(test, c, -1, -1, false);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tci, htons(VLAN_CFI_MASK | 5));
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tpid, htons(0xffff));

	skb_trim(c->skb, 0);
	ovs_fa_tags_key(test, c, VLAN_CFI_MASK | 5, -1);
	ovs_fa_tags_mask(test, c, 0, -1, false);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tci, htons(VLAN_CFI_MASK | 5));

	skb_trim(c->skb, 0);
	ovs_fa_tags_key(test, c, VLAN_CFI_MASK | 5, VLAN_CFI_MASK | 7);
	ovs_fa_tags_mask(test, c, -1, 0xffff, true);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tci, htons(VLAN_CFI_MASK | 7));
	KUNIT_EXPECT_EQ(test, c->m.eth.cvlan.tci, htons(0xffff));

	skb_trim(c->skb, 0);
	ovs_fa_tags_key(test, c, VLAN_CFI_MASK | 5, VLAN_CFI_MASK | 7);
	ovs_fa_tags_mask(test, c, VLAN_CFI_MASK | 0xff, -1, true);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tci, htons(VLAN_CFI_MASK | 0xff));
	KUNIT_EXPECT_EQ(test, c->m.eth.cvlan.tci, htons(VLAN_CFI_MASK | 0xff));

	skb_trim(c->skb, 0);
	ovs_fa_tags_key(test, c, VLAN_CFI_MASK | 5, VLAN_CFI_MASK | 7);
	ovs_fa_tags_mask(test, c, 0, 0, true);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tci, htons(VLAN_CFI_MASK | 7));
	KUNIT_EXPECT_EQ(test, c->m.eth.cvlan.tci, htons(VLAN_CFI_MASK | 7));

	/* The cut inner tag: refused, saying why. */
	skb_trim(c->skb, 0);
	r_mask_no_tci_cut_inner(test, c);
	KUNIT_EXPECT_EQ(test, ovs_fa_parse(test, true), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);
	KUNIT_EXPECT_NOT_NULL(test, c->extack._msg ?
			      strstr(c->extack._msg, "CFI") : NULL);
}

static struct kunit_case ovs_fa_reject_test_cases[] = {
	KUNIT_CASE(ovs_fa_rejects),
	KUNIT_CASE(ovs_fa_accepts),
	KUNIT_CASE(ovs_fa_mask_tag_without_tci),
	KUNIT_CASE(ovs_fa_metadata),
	KUNIT_CASE(ovs_fa_packet_type),
	{}
};

static struct kunit_suite ovs_fa_reject_suite = {
	.name = "ovs_flow_attr_reject",
	.init = ovs_fa_init,
	.exit = ovs_fa_exit,
	.test_cases = ovs_fa_reject_test_cases,
};

kunit_test_suite(ovs_fa_reject_suite);
