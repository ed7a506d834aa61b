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
#include "flow_attr_test.h"

struct fa_case {
	const char *name;
	void (*build)(struct fa_ctx *c);
};

static void fa_key_begin(struct fa_ctx *c)
{
	c->key = fa_nest(c->skb, OVS_FLOW_ATTR_KEY);
}

static void fa_key_end(struct fa_ctx *c)
{
	nla_nest_end(c->skb, c->key);
}

static void fa_mask_begin(struct fa_ctx *c)
{
	c->mask = fa_nest(c->skb, OVS_FLOW_ATTR_MASK);
}

static void fa_mask_end(struct fa_ctx *c)
{
	nla_nest_end(c->skb, c->mask);
}

/* A key of only an Ethernet header and this ethertype, and one attr. */
static void fa_eth_key(struct fa_ctx *c, u16 type)
{
	fa_key_begin(c);
	fa_eth(c->skb);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, type);
}

static void fa_one(struct fa_ctx *c, int type, int len, u8 fill)
{
	u8 buf[64];

	memset(buf, fill, sizeof(buf));
	fa_key_begin(c);
	fa_eth(c->skb);
	fa_put(c->skb, type, len, buf);
	fa_key_end(c);
}

static void r_unknown(struct fa_ctx *c) { fa_one(c, 40, 4, 0); }
static void r_unspec(struct fa_ctx *c) { fa_one(c, OVS_KEY_ATTR_UNSPEC, 0, 0); }
static void r_tunnel_info(struct fa_ctx *c) { fa_one(c, 31, 4, 0); }
static void r_nd_ext(struct fa_ctx *c) { fa_one(c, OVS_KEY_ATTR_ND_EXTENSIONS, 8, 0); }
static void r_short_prio(struct fa_ctx *c) { fa_one(c, OVS_KEY_ATTR_PRIORITY, 2, 0); }
static void r_long_mark(struct fa_ctx *c) { fa_one(c, OVS_KEY_ATTR_SKB_MARK, 8, 0); }

static void r_short_eth(struct fa_ctx *c)
{
	u8 buf[6] = {};

	fa_key_begin(c);
	fa_put(c->skb, OVS_KEY_ATTR_ETHERNET, sizeof(buf), buf);
	fa_key_end(c);
}

static void r_duplicate(struct fa_ctx *c)
{
	fa_key_begin(c);
	fa_u32(c->skb, OVS_KEY_ATTR_PRIORITY, 1);
	fa_eth(c->skb);
	fa_u32(c->skb, OVS_KEY_ATTR_PRIORITY, 1);
	fa_key_end(c);
}

static void r_duplicate_in_encap(struct fa_ctx *c)
{
	struct nlattr *e;

	fa_eth_key(c, ETH_P_8021Q);
	fa_be16(c->skb, OVS_KEY_ATTR_VLAN, VLAN_CFI_MASK | 1);
	e = fa_nest(c->skb, OVS_KEY_ATTR_ENCAP);
	fa_eth(c->skb);
	nla_nest_end(c->skb, e);
	fa_key_end(c);
}

static void r_trailing(struct fa_ctx *c)
{
	fa_key_begin(c);
	fa_eth(c->skb);
	skb_put_zero(c->skb, 3);
	fa_key_end(c);
}

static void r_low_ethertype(struct fa_ctx *c)
{
	fa_eth_key(c, 0x0100);
	fa_key_end(c);
}

static void r_no_l2_no_type(struct fa_ctx *c)
{
	fa_key_begin(c);
	fa_u32(c->skb, OVS_KEY_ATTR_PRIORITY, 1);
	fa_key_end(c);
}

static void r_in_port(struct fa_ctx *c)
{
	fa_key_begin(c);
	fa_u32(c->skb, OVS_KEY_ATTR_IN_PORT, OVS_DP_MAX_PORTS);
	fa_eth(c->skb);
	fa_key_end(c);
}

static void r_frag(struct fa_ctx *c)
{
	fa_eth_key(c, ETH_P_IP);
	fa_ipv4(c->skb, 99, OVS_FRAG_TYPE_MAX + 1);
	fa_key_end(c);
}

static void r_label(struct fa_ctx *c)
{
	struct ovs_key_ipv6 ip = { .ipv6_label = htonl(0x100000) };

	fa_eth_key(c, ETH_P_IPV6);
	fa_put(c->skb, OVS_KEY_ATTR_IPV6, sizeof(ip), &ip);
	fa_key_end(c);
}

static void r_arp_op(struct fa_ctx *c)
{
	struct ovs_key_arp arp = { .arp_op = htons(0x101) };

	fa_eth_key(c, ETH_P_ARP);
	fa_put(c->skb, OVS_KEY_ATTR_ARP, sizeof(arp), &arp);
	fa_key_end(c);
}

static void fa_mpls(struct fa_ctx *c, int len)
{
	__be32 lse[5] = { htonl(0x100) };

	fa_eth_key(c, ETH_P_MPLS_UC);
	fa_put(c->skb, OVS_KEY_ATTR_MPLS, len, lse);
	fa_key_end(c);
}

static void r_mpls0(struct fa_ctx *c) { fa_mpls(c, 0); }
static void r_mpls4(struct fa_ctx *c) { fa_mpls(c, 16); }
static void r_mpls_odd(struct fa_ctx *c) { fa_mpls(c, 6); }

static void r_vlan_no_encap(struct fa_ctx *c)
{
	fa_eth_key(c, ETH_P_8021Q);
	fa_be16(c->skb, OVS_KEY_ATTR_VLAN, VLAN_CFI_MASK | 1);
	fa_key_end(c);
}

static void fa_vlan_key(struct fa_ctx *c, u16 tci, bool encap_content)
{
	struct nlattr *e;

	fa_eth_key(c, ETH_P_8021AD);
	fa_be16(c->skb, OVS_KEY_ATTR_VLAN, tci);
	e = fa_nest(c->skb, OVS_KEY_ATTR_ENCAP);
	if (encap_content)
		fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, ETH_P_ARP);
	nla_nest_end(c->skb, e);
}

static void r_vlan_no_cfi(struct fa_ctx *c)
{
	fa_vlan_key(c, 5, true);
	fa_key_end(c);
}

static void r_truncated_content(struct fa_ctx *c)
{
	fa_vlan_key(c, 0, true);
	fa_key_end(c);
}

static void r_vlan_not_vlan(struct fa_ctx *c)
{
	fa_eth_key(c, 0x88cc);
	fa_be16(c->skb, OVS_KEY_ATTR_VLAN, VLAN_CFI_MASK | 1);
	fa_key_end(c);
}

static void r_encap_not_vlan(struct fa_ctx *c)
{
	fa_eth_key(c, 0x88cc);
	nla_nest_end(c->skb, fa_nest(c->skb, OVS_KEY_ATTR_ENCAP));
	fa_key_end(c);
}

/* Tags nest two deep; a third VLAN attribute is out of place. */
static void r_third_vlan(struct fa_ctx *c)
{
	struct nlattr *e1, *e2, *e3;

	fa_eth_key(c, ETH_P_8021AD);
	fa_be16(c->skb, OVS_KEY_ATTR_VLAN, VLAN_CFI_MASK | 1);
	e1 = fa_nest(c->skb, OVS_KEY_ATTR_ENCAP);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, ETH_P_8021Q);
	fa_be16(c->skb, OVS_KEY_ATTR_VLAN, VLAN_CFI_MASK | 2);
	e2 = fa_nest(c->skb, OVS_KEY_ATTR_ENCAP);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, ETH_P_8021Q);
	fa_be16(c->skb, OVS_KEY_ATTR_VLAN, VLAN_CFI_MASK | 3);
	e3 = fa_nest(c->skb, OVS_KEY_ATTR_ENCAP);
	nla_nest_end(c->skb, e3);
	nla_nest_end(c->skb, e2);
	nla_nest_end(c->skb, e1);
	fa_key_end(c);
}

static void r_missing_ipv4(struct fa_ctx *c)
{
	fa_eth_key(c, ETH_P_IP);
	fa_key_end(c);
}

static void r_missing_tcp(struct fa_ctx *c)
{
	fa_eth_key(c, ETH_P_IP);
	fa_ipv4(c->skb, IPPROTO_TCP, 0);
	fa_key_end(c);
}

/* No mask: the exact mask holds an IPV4 an 802.2 key does not allow. */
static void r_exact_ipv4_on_802_2(struct fa_ctx *c)
{
	fa_key_begin(c);
	fa_eth(c->skb);
	fa_ipv4(c->skb, 99, 0);
	fa_key_end(c);
}

static void r_mask_encap_no_tag(struct fa_ctx *c)
{
	struct ovs_key_arp arp = {};
	struct nlattr *e;

	fa_eth_key(c, ETH_P_ARP);
	fa_put(c->skb, OVS_KEY_ATTR_ARP, sizeof(arp), &arp);
	fa_key_end(c);
	fa_mask_begin(c);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
	fa_be16(c->skb, OVS_KEY_ATTR_VLAN, 0xffff);
	e = fa_nest(c->skb, OVS_KEY_ATTR_ENCAP);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
	nla_nest_end(c->skb, e);
	fa_mask_end(c);
}

static void fa_vlan_mask(struct fa_ctx *c, u16 tpid, u16 tci)
{
	struct nlattr *e;

	fa_vlan_key(c, VLAN_CFI_MASK | 9, false);
	fa_key_end(c);
	fa_mask_begin(c);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, tpid);
	fa_be16(c->skb, OVS_KEY_ATTR_VLAN, tci);
	e = fa_nest(c->skb, OVS_KEY_ATTR_ENCAP);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
	nla_nest_end(c->skb, e);
	fa_mask_end(c);
}

/*
 * A key with an outer tag of outer_tci and, unless inner_tci is -1, an
 * inner tag of inner_tci (0: cut short, an empty encap); LLDP inside.
 */
static void fa_tags_key(struct fa_ctx *c, u16 outer_tci, int inner_tci)
{
	struct nlattr *e1, *e2;

	fa_eth_key(c, inner_tci >= 0 ? ETH_P_8021AD : ETH_P_8021Q);
	fa_be16(c->skb, OVS_KEY_ATTR_VLAN, outer_tci);
	e1 = fa_nest(c->skb, OVS_KEY_ATTR_ENCAP);
	if (inner_tci >= 0) {
		fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, ETH_P_8021Q);
		fa_be16(c->skb, OVS_KEY_ATTR_VLAN, inner_tci);
		e2 = fa_nest(c->skb, OVS_KEY_ATTR_ENCAP);
		if (inner_tci)
			fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, 0x88cc);
		nla_nest_end(c->skb, e2);
	} else {
		fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, 0x88cc);
	}
	nla_nest_end(c->skb, e1);
	fa_key_end(c);
}

/*
 * Its mask: exact TPIDs and ethertype; outer_tci and inner_tci (if the key
 * has an inner tag) as TCI masks, and none at all where it is -1.
 */
static void fa_tags_mask(struct fa_ctx *c, int outer_tci, int inner_tci,
			 bool inner)
{
	struct nlattr *e1, *e2;

	fa_mask_begin(c);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
	if (outer_tci >= 0)
		fa_be16(c->skb, OVS_KEY_ATTR_VLAN, outer_tci);
	e1 = fa_nest(c->skb, OVS_KEY_ATTR_ENCAP);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
	if (inner) {
		if (inner_tci >= 0)
			fa_be16(c->skb, OVS_KEY_ATTR_VLAN, inner_tci);
		e2 = fa_nest(c->skb, OVS_KEY_ATTR_ENCAP);
		fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
		nla_nest_end(c->skb, e2);
	}
	nla_nest_end(c->skb, e1);
	fa_mask_end(c);
}

/* Two tags, the inner one cut short; no outer TCI mask. */
static void r_mask_no_tci_cut_inner(struct fa_ctx *c)
{
	fa_tags_key(c, VLAN_CFI_MASK | 5, 0);
	fa_tags_mask(c, -1, -1, false);
}

static void r_mask_tpid(struct fa_ctx *c) { fa_vlan_mask(c, 0xff00, 0xffff); }
static void r_mask_cfi(struct fa_ctx *c) { fa_vlan_mask(c, 0xffff, 0x0fff); }

static void r_mask_ipv4_inexact_type(struct fa_ctx *c)
{
	struct ovs_key_ipv4 ipm = { .ipv4_src = htonl(U32_MAX) };

	fa_eth_key(c, ETH_P_IP);
	fa_ipv4(c->skb, 99, 0);
	fa_key_end(c);
	fa_mask_begin(c);
	fa_put(c->skb, OVS_KEY_ATTR_IPV4, sizeof(ipm), &ipm);
	fa_mask_end(c);
}

static void fa_nd_key(struct fa_ctx *c)
{
	struct ovs_key_ipv6 ip = { .ipv6_proto = IPPROTO_ICMPV6 };
	struct ovs_key_icmpv6 icmp = { .icmpv6_type = NDISC_NEIGHBOUR_ADVERTISEMENT };
	struct ovs_key_nd nd = { .nd_tll = { 1 } };

	fa_eth_key(c, ETH_P_IPV6);
	fa_put(c->skb, OVS_KEY_ATTR_IPV6, sizeof(ip), &ip);
	fa_put(c->skb, OVS_KEY_ATTR_ICMPV6, sizeof(icmp), &icmp);
	fa_put(c->skb, OVS_KEY_ATTR_ND, sizeof(nd), &nd);
	fa_key_end(c);
}

/* ND in a mask needs an exact ICMPv6 type. */
static void r_mask_nd_inexact_type(struct fa_ctx *c)
{
	struct ovs_key_ipv6 ipm = { .ipv6_proto = 0xff };
	struct ovs_key_icmpv6 icmpm = { .icmpv6_type = 0xf0 };
	struct ovs_key_nd ndm = { .nd_tll = { 0xff } };

	fa_nd_key(c);
	fa_mask_begin(c);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
	fa_put(c->skb, OVS_KEY_ATTR_IPV6, sizeof(ipm), &ipm);
	fa_put(c->skb, OVS_KEY_ATTR_ICMPV6, sizeof(icmpm), &icmpm);
	fa_put(c->skb, OVS_KEY_ATTR_ND, sizeof(ndm), &ndm);
	fa_mask_end(c);
}

static void r_mask_eth_on_l3(struct fa_ctx *c)
{
	__be32 lse = htonl(0x100);

	fa_key_begin(c);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, ETH_P_MPLS_UC);
	fa_put(c->skb, OVS_KEY_ATTR_MPLS, sizeof(lse), &lse);
	fa_key_end(c);
	fa_mask_begin(c);
	fa_eth(c->skb);
	fa_mask_end(c);
}

static void fa_nsh(struct fa_ctx *c, u8 mdtype, int extra_type, int len)
{
	struct ovs_nsh_key_base base = { .mdtype = mdtype, .np = 1 };
	u8 buf[32] = {};
	struct nlattr *n;

	fa_eth_key(c, ETH_P_NSH);
	n = fa_nest(c->skb, OVS_KEY_ATTR_NSH);
	fa_put(c->skb, OVS_NSH_KEY_ATTR_BASE, sizeof(base), &base);
	if (extra_type >= 0)
		fa_put(c->skb, extra_type, len, buf);
	nla_nest_end(c->skb, n);
	fa_key_end(c);
}

static void r_nsh_md2(struct fa_ctx *c) { fa_nsh(c, 2, OVS_NSH_KEY_ATTR_MD2, 8); }
static void r_nsh_md1_type2(struct fa_ctx *c) { fa_nsh(c, 2, OVS_NSH_KEY_ATTR_MD1, 16); }
static void r_nsh_unknown(struct fa_ctx *c) { fa_nsh(c, 1, 7, 4); }
static void r_nsh_md1_short(struct fa_ctx *c) { fa_nsh(c, 1, OVS_NSH_KEY_ATTR_MD1, 12); }
static void r_nsh_dup_base(struct fa_ctx *c) { fa_nsh(c, 1, OVS_NSH_KEY_ATTR_BASE, 8); }

static void fa_tunnel(struct fa_ctx *c, int type, int len, u8 fill)
{
	struct nlattr *t;
	u8 buf[16];

	memset(buf, fill, sizeof(buf));
	fa_key_begin(c);
	t = fa_nest(c->skb, OVS_KEY_ATTR_TUNNEL);
	fa_put(c->skb, type, len, buf);
	nla_nest_end(c->skb, t);
	fa_eth(c->skb);
	fa_key_end(c);
}

static void r_tun_dst(struct fa_ctx *c) { fa_tunnel(c, OVS_TUNNEL_KEY_ATTR_IPV4_DST, 4, 1); }
static void r_tun_csum(struct fa_ctx *c) { fa_tunnel(c, OVS_TUNNEL_KEY_ATTR_CSUM, 0, 0); }
static void r_tun_unknown(struct fa_ctx *c) { fa_tunnel(c, 40, 4, 0); }
static void r_tun_len(struct fa_ctx *c) { fa_tunnel(c, OVS_TUNNEL_KEY_ATTR_TTL, 4, 0); }
static void r_tun_geneve(struct fa_ctx *c) { fa_tunnel(c, OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, 8, 2); }

static void fa_pt(struct fa_ctx *c, u32 pt, bool eth, int type)
{
	__be32 be_pt = htonl(pt);
	__be32 lse = htonl(0x100);

	fa_key_begin(c);
	fa_put(c->skb, OVS_KEY_ATTR_PACKET_TYPE, sizeof(be_pt), &be_pt);
	if (eth)
		fa_eth(c->skb);
	if (type)
		fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, type);
	if (type == ETH_P_MPLS_UC || (!type && (pt & 0xffff) == ETH_P_MPLS_UC))
		fa_put(c->skb, OVS_KEY_ATTR_MPLS, sizeof(lse), &lse);
	fa_key_end(c);
}

static void r_pt_ns(struct fa_ctx *c) { fa_pt(c, 0x20000 | ETH_P_IP, false, 0); }
static void r_pt_l3_eth(struct fa_ctx *c) { fa_pt(c, 0x10000 | ETH_P_MPLS_UC, true, 0); }
static void r_pt_disagree(struct fa_ctx *c) { fa_pt(c, 0x10000 | ETH_P_IP, false, ETH_P_MPLS_UC); }
static void r_pt_eth_no_l2(struct fa_ctx *c) { fa_pt(c, 0, false, ETH_P_MPLS_UC); }
static void r_pt_low(struct fa_ctx *c) { fa_pt(c, 0x10000 | 0x100, false, 0); }

static const struct fa_case fa_reject_cases[] = {
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
};

static void fa_rejects(struct kunit *test)
{
	struct fa_ctx *c = test->priv;
	int i;

	for (i = 0; i < ARRAY_SIZE(fa_reject_cases); i++) {
		skb_trim(c->skb, 0);
		c->key = NULL;
		c->mask = NULL;
		fa_reject_cases[i].build(c);
		fa_expect_einval(test, fa_reject_cases[i].name);
	}
}

static void a_ct_zero(struct fa_ctx *c)
{
	struct ovs_key_ct_labels lab = {};
	struct ovs_key_arp arp = {};

	fa_eth_key(c, ETH_P_ARP);
	fa_put(c->skb, OVS_KEY_ATTR_ARP, sizeof(arp), &arp);
	fa_u32(c->skb, OVS_KEY_ATTR_CT_STATE, 0);
	fa_put(c->skb, OVS_KEY_ATTR_CT_LABELS, sizeof(lab), &lab);
	nla_nest_end(c->skb, fa_nest(c->skb, OVS_KEY_ATTR_TUNNEL));
	fa_key_end(c);
}

static void a_pt_eth(struct fa_ctx *c) { fa_pt(c, 0, true, 0); }
static void a_pt_l3(struct fa_ctx *c) { fa_pt(c, 0x10000 | ETH_P_MPLS_UC, false, 0); }
static void a_truncated(struct fa_ctx *c)
{
	fa_vlan_key(c, 0, false);
	fa_key_end(c);
	fa_mask_begin(c);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
	fa_mask_end(c);
}

static void a_nd(struct fa_ctx *c) { fa_nd_key(c); }

static const struct fa_case fa_accept_cases[] = {
	{ "zero conntrack and empty tunnel", a_ct_zero },
	{ "Ethernet packet type", a_pt_eth },
	{ "L3 packet type", a_pt_l3 },
	{ "truncated VLAN with a mask", a_truncated },
	{ "IPv6 neighbour advertisement", a_nd },
};

static void fa_accepts(struct kunit *test)
{
	struct fa_ctx *c = test->priv;
	int i;

	for (i = 0; i < ARRAY_SIZE(fa_accept_cases); i++) {
		skb_trim(c->skb, 0);
		c->key = NULL;
		c->mask = NULL;
		fa_accept_cases[i].build(c);
		KUNIT_EXPECT_EQ_MSG(test, fa_parse(test, true), 0, "%s: %s",
				    fa_accept_cases[i].name,
				    c->extack._msg ?: "");
	}

	/* The L3 packet type gave the ethertype and no L2 header. */
	skb_trim(c->skb, 0);
	a_pt_l3(c);
	KUNIT_ASSERT_EQ(test, fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->k.mac_proto, OVS_MAC_PROTO_NONE);
	KUNIT_EXPECT_EQ(test, c->k.eth.type, htons(ETH_P_MPLS_UC));
	KUNIT_EXPECT_EQ(test, ovs_key_packet_type(&c->k),
			htonl(0x10000 | ETH_P_MPLS_UC));

	/* A truncated tag: no tag, the TPID as the frame's ethertype. */
	skb_trim(c->skb, 0);
	a_truncated(c);
	KUNIT_ASSERT_EQ(test, fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->k.eth.vlan.tci, 0);
	KUNIT_EXPECT_EQ(test, c->k.eth.type, htons(ETH_P_8021AD));

	/* ND fields land in the key, with the exact ICMPv6 type. */
	skb_trim(c->skb, 0);
	c->mask = NULL;
	fa_nd_key(c);
	KUNIT_ASSERT_EQ(test, fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->k.ipv6.nd_tll[0], 1);
	KUNIT_EXPECT_EQ(test, c->m.tp.src, htons(0xff));

	/*
	 * An attribute the key's ethertype does not call for, with a mask
	 * that leaves it out: accepted, and it changes nothing.
	 */
	skb_trim(c->skb, 0);
	fa_eth_key(c, ETH_P_IP);
	fa_ipv4(c->skb, 99, 0);
	{
		struct ovs_key_ipv6 ip6;

		memset(&ip6, 0xee, sizeof(ip6));
		ip6.ipv6_frag = 0;
		ip6.ipv6_label = 0;
		fa_put(c->skb, OVS_KEY_ATTR_IPV6, sizeof(ip6), &ip6);
	}
	fa_key_end(c);
	fa_mask_begin(c);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
	fa_mask_end(c);
	KUNIT_ASSERT_EQ(test, fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->k.ipv4.src, htonl(0x0a000001));
	KUNIT_EXPECT_EQ(test, c->k.ip.proto, 99);
	KUNIT_EXPECT_EQ(test, c->k.ipv4.arp_sha[0], 0);
}

/* OVS_PACKET_CMD_EXECUTE: metadata only, packet fields not looked at. */
static void fa_metadata(struct kunit *test)
{
	struct fa_ctx *c = test->priv;
	struct ovs_key_ipv4 bad = { .ipv4_frag = 200 };

	fa_key_begin(c);
	fa_u32(c->skb, OVS_KEY_ATTR_PRIORITY, 11);
	fa_u32(c->skb, OVS_KEY_ATTR_SKB_MARK, 12);
	fa_u32(c->skb, OVS_KEY_ATTR_RECIRC_ID, 13);
	fa_u32(c->skb, OVS_KEY_ATTR_DP_HASH, 14);
	fa_eth(c->skb);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, ETH_P_IP);
	fa_put(c->skb, OVS_KEY_ATTR_IPV4, sizeof(bad), &bad);
	fa_key_end(c);
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
	fa_key_begin(c);
	fa_u32(c->skb, OVS_KEY_ATTR_IN_PORT, 9);
	fa_be16(c->skb, OVS_KEY_ATTR_ETHERTYPE, ETH_P_IPV6);
	fa_key_end(c);
	KUNIT_ASSERT_EQ(test, ovs_key_metadata_from_attrs(&init_net, c->key,
							  &c->k, false,
							  &c->extack), 0);
	KUNIT_EXPECT_EQ(test, c->k.in_port, 9U);
	KUNIT_EXPECT_EQ(test, c->k.mac_proto, OVS_MAC_PROTO_NONE);
	KUNIT_EXPECT_EQ(test, c->k.eth.type, htons(ETH_P_IPV6));

	/* Attribute checks and unsupported state still apply. */
	skb_trim(c->skb, 0);
	r_duplicate(c);
	memset(&c->extack, 0, sizeof(c->extack));
	KUNIT_EXPECT_EQ(test, ovs_key_metadata_from_attrs(&init_net, c->key,
							  &c->k, false,
							  &c->extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);

	skb_trim(c->skb, 0);
	fa_key_begin(c);
	fa_u32(c->skb, OVS_KEY_ATTR_CT_MARK, 1);
	fa_key_end(c);
	memset(&c->extack, 0, sizeof(c->extack));
	KUNIT_EXPECT_EQ(test, ovs_key_metadata_from_attrs(&init_net, c->key,
							  &c->k, false,
							  &c->extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);

	skb_trim(c->skb, 0);
	r_in_port(c);
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
static void fa_mask_tag_without_tci(struct kunit *test)
{
	struct fa_ctx *c = test->priv;

	fa_tags_key(c, VLAN_CFI_MASK | 5, -1);
	fa_tags_mask(c, -1, -1, false);
	KUNIT_ASSERT_EQ(test, fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tci, htons(VLAN_CFI_MASK | 5));
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tpid, htons(0xffff));

	skb_trim(c->skb, 0);
	fa_tags_key(c, VLAN_CFI_MASK | 5, -1);
	fa_tags_mask(c, 0, -1, false);
	KUNIT_ASSERT_EQ(test, fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tci, htons(VLAN_CFI_MASK | 5));

	skb_trim(c->skb, 0);
	fa_tags_key(c, VLAN_CFI_MASK | 5, VLAN_CFI_MASK | 7);
	fa_tags_mask(c, -1, 0xffff, true);
	KUNIT_ASSERT_EQ(test, fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tci, htons(VLAN_CFI_MASK | 7));
	KUNIT_EXPECT_EQ(test, c->m.eth.cvlan.tci, htons(0xffff));

	skb_trim(c->skb, 0);
	fa_tags_key(c, VLAN_CFI_MASK | 5, VLAN_CFI_MASK | 7);
	fa_tags_mask(c, VLAN_CFI_MASK | 0xff, -1, true);
	KUNIT_ASSERT_EQ(test, fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tci, htons(VLAN_CFI_MASK | 0xff));
	KUNIT_EXPECT_EQ(test, c->m.eth.cvlan.tci, htons(VLAN_CFI_MASK | 0xff));

	skb_trim(c->skb, 0);
	fa_tags_key(c, VLAN_CFI_MASK | 5, VLAN_CFI_MASK | 7);
	fa_tags_mask(c, 0, 0, true);
	KUNIT_ASSERT_EQ(test, fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tci, htons(VLAN_CFI_MASK | 7));
	KUNIT_EXPECT_EQ(test, c->m.eth.cvlan.tci, htons(VLAN_CFI_MASK | 7));

	/* The cut inner tag: refused, saying why. */
	skb_trim(c->skb, 0);
	r_mask_no_tci_cut_inner(c);
	KUNIT_EXPECT_EQ(test, fa_parse(test, true), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);
	KUNIT_EXPECT_NOT_NULL(test, c->extack._msg ?
			      strstr(c->extack._msg, "CFI") : NULL);
}

static struct kunit_case fa_reject_test_cases[] = {
	KUNIT_CASE(fa_rejects),
	KUNIT_CASE(fa_accepts),
	KUNIT_CASE(fa_mask_tag_without_tci),
	KUNIT_CASE(fa_metadata),
	{}
};

static struct kunit_suite fa_reject_suite = {
	.name = "ovs_flow_attr_reject",
	.init = fa_init,
	.exit = fa_exit,
	.test_cases = fa_reject_test_cases,
};

kunit_test_suite(fa_reject_suite);
