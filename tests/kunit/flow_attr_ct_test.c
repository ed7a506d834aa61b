// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conntrack fields of the flow key: OVS_KEY_ATTR_CT_* parsed with and
 * without masks, refused where in-tree refuses them, written back as
 * ovs-vswitchd reads them; and read from a packet's connection
 * (skb->_nfct) on receive and cleared by ct_clear (linux/conntrack.c).
 */

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/ndisc.h>
#include <net/net_namespace.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_labels.h>
#include <net/netfilter/nf_conntrack_zones.h>
#include <net/netlink.h>

#include "flow_attr.h"
#include "flow_key.h"
#include "linux/conntrack.h"

#include "flow_attr_kunit.h"
#include "flow_key_pkts_kunit.h"

#define CT_EST_TRK	(OVS_CS_F_ESTABLISHED | OVS_CS_F_TRACKED)

static const u8 ct_labels[OVS_CT_LABELS_LEN] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x80,
};

static const struct ovs_key_ct_tuple_ipv4 ct_t4 = {
	.ipv4_src = htonl(0x0a000002),
	.ipv4_dst = htonl(0x0a000001),
	.src_port = htons(443),
	.dst_port = htons(80),
	.ipv4_proto = IPPROTO_TCP,
};

/* A TCP key with every conntrack field, as an upcall after ct() has it. */
static void ct_key(struct kunit *test, struct sk_buff *skb, u32 state)
{
	ovs_fa_tcp_key(test, skb);
	ovs_kt_u32(test, skb, OVS_KEY_ATTR_CT_STATE, state);
	ovs_kt_put(test, skb, OVS_KEY_ATTR_CT_ZONE, &(u16){ 7 }, sizeof(u16));
	ovs_kt_u32(test, skb, OVS_KEY_ATTR_CT_MARK, 0x55aa);
	ovs_kt_put(test, skb, OVS_KEY_ATTR_CT_LABELS, ct_labels,
		   sizeof(ct_labels));
	ovs_kt_put(test, skb, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4, &ct_t4,
		   sizeof(ct_t4));
}

static void ovs_fa_ct_values(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	u8 ones[OVS_CT_LABELS_LEN];

	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ct_key(test, c->skb, CT_EST_TRK | OVS_CS_F_REPLY_DIR);
	ovs_kt_nest_end(test, c->skb, c->key);

	/* Exact: every bit of every field, ct_state the bits there are. */
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_NULL(test, c->extack._msg);
	KUNIT_EXPECT_EQ(test, c->k.ct.state,
			CT_EST_TRK | OVS_CS_F_REPLY_DIR);
	KUNIT_EXPECT_EQ(test, c->k.ct.zone, 7);
	KUNIT_EXPECT_EQ(test, c->k.ct.mark, 0x55aaU);
	KUNIT_EXPECT_EQ(test, memcmp(c->k.ct.labels, ct_labels,
				     sizeof(ct_labels)), 0);
	KUNIT_EXPECT_EQ(test, c->k.ct.orig.ipv4.src, htonl(0x0a000002));
	KUNIT_EXPECT_EQ(test, c->k.ct.orig.ipv4.dst, htonl(0x0a000001));
	KUNIT_EXPECT_EQ(test, c->k.ct.orig_src_port, htons(443));
	KUNIT_EXPECT_EQ(test, c->k.ct.orig_dst_port, htons(80));
	KUNIT_EXPECT_EQ(test, c->k.ct.orig_proto, IPPROTO_TCP);

	memset(ones, 0xff, sizeof(ones));
	KUNIT_EXPECT_EQ(test, c->m.ct.state, OVS_CT_STATE_SUPPORTED);
	KUNIT_EXPECT_EQ(test, c->m.ct.zone, 0xffff);
	KUNIT_EXPECT_EQ(test, c->m.ct.mark, U32_MAX);
	KUNIT_EXPECT_EQ(test, memcmp(c->m.ct.labels, ones, sizeof(ones)), 0);
	KUNIT_EXPECT_EQ(test, c->m.ct.orig.ipv4.src, htonl(U32_MAX));
	KUNIT_EXPECT_EQ(test, c->m.ct.orig_proto, 0xff);
	ovs_fa_check_range(test, &c->m, &c->range);

	/* A mask: ct_state's trk and est bits only, nothing else of ct. */
	c->mask = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_MASK);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_CT_STATE, CT_EST_TRK);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_CT_MARK, 0);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	ovs_kt_nest_end(test, c->skb, c->mask);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.ct.state, CT_EST_TRK);
	KUNIT_EXPECT_EQ(test, c->m.ct.mark, 0U);
	KUNIT_EXPECT_EQ(test, c->m.ct.zone, 0);
	KUNIT_EXPECT_EQ(test, c->m.ct.orig_proto, 0);
	/* ct_state is among the first bytes a mask covers. */
	KUNIT_EXPECT_LT(test, (size_t)c->range.start,
			offsetof(struct ovs_key, ct.state) + 1);
	ovs_fa_check_range(test, &c->m, &c->range);
}

/* Bits the in-tree module does not know, in a key or in a mask. */
static void ovs_fa_ct_state_bits(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;

	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ct_key(test, c->skb, OVS_CS_F_TRACKED | 0x100);
	ovs_kt_nest_end(test, c->skb, c->key);
	ovs_fa_expect_einval(test, "ct_state bit 8 in a key");
	KUNIT_EXPECT_STREQ(test, c->extack._msg,
			   KBUILD_MODNAME ": ct_state flags not supported by this datapath");

	skb_trim(c->skb, 0);
	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ct_key(test, c->skb, OVS_CS_F_TRACKED);
	ovs_kt_nest_end(test, c->skb, c->key);
	c->mask = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_MASK);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_CT_STATE, 0x80000000);
	ovs_kt_nest_end(test, c->skb, c->mask);
	ovs_fa_expect_einval(test, "ct_state bit 31 in a mask");

	/* The same key and an all-known mask are fine. */
	skb_trim(c->skb, 0);
	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ct_key(test, c->skb, OVS_CS_F_TRACKED | OVS_CS_F_DST_NAT);
	ovs_kt_nest_end(test, c->skb, c->key);
	c->mask = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_MASK);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_CT_STATE,
		   OVS_CT_STATE_SUPPORTED);
	ovs_kt_nest_end(test, c->skb, c->mask);
	KUNIT_EXPECT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.ct.state, OVS_CT_STATE_SUPPORTED);
}

/* Each conntrack attribute one byte short or long. */
static void ovs_fa_ct_lengths(struct kunit *test)
{
	static const int types[] = {
		OVS_KEY_ATTR_CT_STATE, OVS_KEY_ATTR_CT_ZONE,
		OVS_KEY_ATTR_CT_MARK, OVS_KEY_ATTR_CT_LABELS,
		OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4,
		OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6,
	};
	struct ovs_fa_ctx *c = test->priv;
	u8 buf[48] = {};
	int i, d;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		for (d = -1; d <= 1; d += 2) {
			skb_trim(c->skb, 0);
			c->mask = NULL;
			c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
			ovs_fa_eth(test, c->skb);
			ovs_kt_put(test, c->skb, types[i], buf,
				   ovs_key_attr_len(types[i]) + d);
			ovs_kt_nest_end(test, c->skb, c->key);
			ovs_fa_expect_einval(test, "conntrack length");
			KUNIT_EXPECT_STREQ(test, c->extack._msg,
					   KBUILD_MODNAME ": key attribute has the wrong length");
		}
	}
}

/*
 * Written back: the same values, the original tuple only when the key has
 * one (in-tree: ct_orig_proto), and as the key's IP version.
 */
static void ovs_fa_ct_roundtrip(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	struct nlattr *out, *nla;
	struct sk_buff *skb;

	KUNIT_ASSERT_NOT_NULL(test, k);
	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ct_key(test, c->skb, CT_EST_TRK | OVS_CS_F_SRC_NAT);
	ovs_kt_nest_end(test, c->skb, c->key);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);

	skb = alloc_skb(FA_SKB_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(&c->k, &c->k, OVS_FLOW_ATTR_KEY,
					       false, skb), 0);
	out = (struct nlattr *)skb->data;
	nla = nla_find_nested(out, OVS_KEY_ATTR_CT_STATE);
	KUNIT_ASSERT_NOT_NULL(test, nla);
	KUNIT_EXPECT_EQ(test, nla_get_u32(nla),
			(u32)(CT_EST_TRK | OVS_CS_F_SRC_NAT));
	nla = nla_find_nested(out, OVS_KEY_ATTR_CT_ZONE);
	KUNIT_ASSERT_NOT_NULL(test, nla);
	KUNIT_EXPECT_EQ(test, nla_get_u16(nla), 7);
	nla = nla_find_nested(out, OVS_KEY_ATTR_CT_MARK);
	KUNIT_ASSERT_NOT_NULL(test, nla);
	KUNIT_EXPECT_EQ(test, nla_get_u32(nla), 0x55aaU);
	nla = nla_find_nested(out, OVS_KEY_ATTR_CT_LABELS);
	KUNIT_ASSERT_NOT_NULL(test, nla);
	KUNIT_EXPECT_EQ(test, memcmp(nla_data(nla), ct_labels,
				     sizeof(ct_labels)), 0);
	nla = nla_find_nested(out, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4);
	KUNIT_ASSERT_NOT_NULL(test, nla);
	KUNIT_EXPECT_EQ(test, memcmp(nla_data(nla), &ct_t4, sizeof(ct_t4)), 0);
	KUNIT_EXPECT_NULL(test, nla_find_nested(out,
						OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6));

	/* Parsed again, the same key. */
	c->key = out;
	c->mask = NULL;
	memcpy(k, &c->k, sizeof(*k));
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, false), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&k->ct, &c->k.ct, sizeof(k->ct)), 0);

	/* No original tuple: none written, even in the mask. */
	k->ct.orig_proto = 0;
	skb_trim(skb, 0);
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(k, &c->m, OVS_FLOW_ATTR_MASK,
					       true, skb), 0);
	out = (struct nlattr *)skb->data;
	KUNIT_EXPECT_NULL(test, nla_find_nested(out,
						OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4));
	nla = nla_find_nested(out, OVS_KEY_ATTR_CT_STATE);
	KUNIT_ASSERT_NOT_NULL(test, nla);
	KUNIT_EXPECT_EQ(test, nla_get_u32(nla), (u32)OVS_CT_STATE_SUPPORTED);

	/* An IPv6 key writes an IPv6 tuple. */
	ovs_fa_key_init(k, htons(ETH_P_IPV6));
	k->ct.orig_proto = IPPROTO_UDP;
	k->ct.orig.ipv6.src.s6_addr[15] = 1;
	k->ct.orig_dst_port = htons(53);
	skb_trim(skb, 0);
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(k, k, OVS_FLOW_ATTR_KEY, false,
					       skb), 0);
	out = (struct nlattr *)skb->data;
	nla = nla_find_nested(out, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6);
	KUNIT_ASSERT_NOT_NULL(test, nla);
	{
		const struct ovs_key_ct_tuple_ipv6 *t6 = nla_data(nla);

		KUNIT_EXPECT_EQ(test, ((const u8 *)t6->ipv6_src)[15], 1);
		KUNIT_EXPECT_EQ(test, t6->dst_port, htons(53));
		KUNIT_EXPECT_EQ(test, t6->ipv6_proto, IPPROTO_UDP);
	}
	kfree_skb(skb);
}

/* ND shares key bytes with the IPv6 tuple in-tree: no mask on both. */
static void ovs_fa_ct_nd(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key_ct_tuple_ipv6 t6 = { .ipv6_proto = IPPROTO_ICMPV6 };
	struct ovs_key_ipv6 ip6 = { .ipv6_proto = IPPROTO_ICMPV6 };
	struct ovs_key_icmpv6 icmp = {
		.icmpv6_type = NDISC_NEIGHBOUR_SOLICITATION,
	};
	struct ovs_key_nd nd = {};

	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_fa_eth(test, c->skb);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IPV6));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV6, &ip6, sizeof(ip6));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_ICMPV6, &icmp, sizeof(icmp));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_ND, &nd, sizeof(nd));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6, &t6,
		   sizeof(t6));
	ovs_kt_nest_end(test, c->skb, c->key);
	ovs_fa_expect_einval(test, "IPv6 tuple mask on an ND key");
}

/* A connection of the init namespace, not in any table. */
static struct nf_conn *ct_alloc(struct kunit *test, u16 zone_id, u8 proto,
				u16 sport, u16 dport)
{
	struct nf_conntrack_tuple orig = {}, repl = {};
	struct nf_conntrack_zone zone;
	struct nf_conn *ct;

	nf_ct_zone_init(&zone, zone_id, NF_CT_DEFAULT_ZONE_DIR, 0);
	orig.src.l3num = AF_INET;
	orig.src.u3.ip = htonl(FK_IP4_SRC);
	orig.dst.u3.ip = htonl(FK_IP4_DST);
	orig.dst.protonum = proto;
	if (proto == IPPROTO_ICMP) {
		orig.dst.u.icmp.type = sport;
		orig.dst.u.icmp.code = dport;
	} else {
		orig.src.u.all = htons(sport);
		orig.dst.u.all = htons(dport);
	}
	repl = orig;
	repl.src.u3.ip = orig.dst.u3.ip;
	repl.dst.u3.ip = orig.src.u3.ip;
	repl.dst.dir = IP_CT_DIR_REPLY;
	ct = nf_conntrack_alloc(&init_net, &zone, &orig, &repl, GFP_KERNEL);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(ct));
	return ct;
}

/* skb's connection goes without a reference count drop: ct has none. */
static void ct_free(struct sk_buff *skb, struct nf_conn *ct)
{
	skb->_nfct = 0;
	kfree_skb(skb);
	nf_conntrack_free(ct);
}

static struct sk_buff *ct_pkt(struct kunit *test, ovs_fk_build_t build)
{
	struct ovs_fk_pkt *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	build(test, p);
	return ovs_fk_skb(test, p, p->len, FK_PKT_MAX);
}

/* A packet that arrives tracked is seen as in-tree sees it. */
static void ovs_fa_ct_extract(struct kunit *test)
{
	struct ovs_key *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	struct nf_conn_labels *cl;
	struct sk_buff *skb;
	struct nf_conn *ct, *master;

	KUNIT_ASSERT_NOT_NULL(test, k);

	/* Untracked: all zero. */
	skb = ct_pkt(test, ovs_fk_build_ipv4_tcp);
	memset(k, 0xa5, sizeof(*k));
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(skb, 1,
						   OVS_MAC_PROTO_ETHERNET, k), 0);
	KUNIT_EXPECT_EQ(test, k->ct.state, 0);
	KUNIT_EXPECT_EQ(test, k->ct.orig_proto, 0);
	KUNIT_EXPECT_EQ(test, k->ct.mark, 0U);
	kfree_skb(skb);

	/* New, unconfirmed, in zone 9, with mark, labels and DNAT. */
	skb = ct_pkt(test, ovs_fk_build_ipv4_tcp);
	ct = ct_alloc(test, 9, IPPROTO_TCP, 12345, 80);
	cl = nf_ct_labels_ext_add(ct);
	KUNIT_ASSERT_NOT_NULL(test, cl);
	memcpy(cl->bits, ct_labels, sizeof(ct_labels));
	WRITE_ONCE(ct->mark, 0x1234);
	ct->status |= IPS_DST_NAT;
	nf_ct_set(skb, ct, IP_CT_NEW);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(skb, 1,
						   OVS_MAC_PROTO_ETHERNET, k), 0);
	KUNIT_EXPECT_EQ(test, k->ct.state, OVS_CS_F_TRACKED | OVS_CS_F_NEW |
					   OVS_CS_F_DST_NAT);
	KUNIT_EXPECT_EQ(test, k->ct.zone, 9);
	KUNIT_EXPECT_EQ(test, k->ct.mark, 0x1234U);
	KUNIT_EXPECT_EQ(test, memcmp(k->ct.labels, ct_labels,
				     sizeof(ct_labels)), 0);
	KUNIT_EXPECT_EQ(test, k->ct.orig_proto, IPPROTO_TCP);
	KUNIT_EXPECT_EQ(test, k->ct.orig.ipv4.src, htonl(FK_IP4_SRC));
	KUNIT_EXPECT_EQ(test, k->ct.orig.ipv4.dst, htonl(FK_IP4_DST));
	KUNIT_EXPECT_EQ(test, k->ct.orig_src_port, htons(12345));
	KUNIT_EXPECT_EQ(test, k->ct.orig_dst_port, htons(80));

	/* Confirmed, a reply: established, reply direction, no new bit. */
	ct->status |= IPS_CONFIRMED;
	ct->status &= ~IPS_DST_NAT;
	nf_ct_set(skb, ct, IP_CT_ESTABLISHED_REPLY);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(skb, 1,
						   OVS_MAC_PROTO_ETHERNET, k), 0);
	KUNIT_EXPECT_EQ(test, k->ct.state, CT_EST_TRK | OVS_CS_F_REPLY_DIR);

	/* Related to a master: its tuple, related on every packet. */
	master = ct_alloc(test, 9, IPPROTO_TCP, 2000, 21);
	ct->master = master;
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(skb, 1,
						   OVS_MAC_PROTO_ETHERNET, k), 0);
	KUNIT_EXPECT_EQ(test, k->ct.state, CT_EST_TRK | OVS_CS_F_REPLY_DIR |
					   OVS_CS_F_RELATED);
	KUNIT_EXPECT_EQ(test, k->ct.orig_dst_port, htons(21));
	ct->master = NULL;
	nf_conntrack_free(master);

	/* An IPv6 packet on an IPv4 connection: no tuple. */
	ct_free(skb, ct);
	skb = ct_pkt(test, ovs_fk_build_ipv6_tcp_ext);
	ct = ct_alloc(test, 0, IPPROTO_TCP, 1, 2);
	nf_ct_set(skb, ct, IP_CT_NEW);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(skb, 1,
						   OVS_MAC_PROTO_ETHERNET, k), 0);
	KUNIT_EXPECT_EQ(test, k->ct.state, OVS_CS_F_TRACKED | OVS_CS_F_NEW);
	KUNIT_EXPECT_EQ(test, k->ct.orig_proto, 0);
	ct_free(skb, ct);

	/* ICMP: the tuple's ports are type and code. */
	skb = ct_pkt(test, ovs_fk_build_ipv4_icmp);
	ct = ct_alloc(test, 0, IPPROTO_ICMP, ICMP_ECHO, 0);
	nf_ct_set(skb, ct, IP_CT_NEW);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(skb, 1,
						   OVS_MAC_PROTO_ETHERNET, k), 0);
	KUNIT_EXPECT_EQ(test, k->ct.orig_proto, IPPROTO_ICMP);
	KUNIT_EXPECT_EQ(test, k->ct.orig_src_port, htons(ICMP_ECHO));
	KUNIT_EXPECT_EQ(test, k->ct.orig_dst_port, htons(0));
	ct_free(skb, ct);
}

/* ct_clear: the reference goes, the packet is untracked, the key zero. */
static void ovs_fa_ct_clear(struct kunit *test)
{
	struct ovs_key *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	enum ip_conntrack_info ctinfo;
	struct sk_buff *skb;
	struct nf_conn *ct;

	KUNIT_ASSERT_NOT_NULL(test, k);
	skb = ct_pkt(test, ovs_fk_build_ipv4_tcp);
	ct = ct_alloc(test, 3, IPPROTO_TCP, 12345, 80);
	/* One for the skb, one kept here so that the put frees nothing. */
	refcount_set(&ct->ct_general.use, 2);
	nf_ct_set(skb, ct, IP_CT_NEW);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(skb, 1,
						   OVS_MAC_PROTO_ETHERNET, k), 0);
	KUNIT_EXPECT_EQ(test, k->ct.zone, 3);

	ovs_ct_clear(skb, k);
	KUNIT_EXPECT_EQ(test, refcount_read(&ct->ct_general.use), 1U);
	KUNIT_EXPECT_NULL(test, nf_ct_get(skb, &ctinfo));
	KUNIT_EXPECT_EQ(test, (int)ctinfo, (int)IP_CT_UNTRACKED);
	KUNIT_EXPECT_EQ(test, k->ct.state, 0);
	KUNIT_EXPECT_EQ(test, k->ct.zone, 0);
	KUNIT_EXPECT_EQ(test, k->ct.orig_proto, 0);
	KUNIT_EXPECT_EQ(test, k->ct.labels[0], 0);

	refcount_set(&ct->ct_general.use, 0);
	kfree_skb(skb);
	nf_conntrack_free(ct);
}

static struct kunit_case ovs_fa_ct_cases[] = {
	KUNIT_CASE(ovs_fa_ct_values),
	KUNIT_CASE(ovs_fa_ct_state_bits),
	KUNIT_CASE(ovs_fa_ct_lengths),
	KUNIT_CASE(ovs_fa_ct_roundtrip),
	KUNIT_CASE(ovs_fa_ct_nd),
	KUNIT_CASE(ovs_fa_ct_extract),
	KUNIT_CASE(ovs_fa_ct_clear),
	{}
};

static struct kunit_suite ovs_fa_ct_suite = {
	.name = "ovs_flow_attr_ct",
	.init = ovs_fa_init,
	.exit = ovs_fa_exit,
	.test_cases = ovs_fa_ct_cases,
};

kunit_test_suite(ovs_fa_ct_suite);
