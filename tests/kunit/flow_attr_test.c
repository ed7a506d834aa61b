// SPDX-License-Identifier: GPL-2.0-only
/*
 * Flow keys as OVS_KEY_ATTR_* attributes (datapath/flow_attr*.c), over
 * real nested attributes in an skb: parsing with and without masks, mask
 * ranges, the in-tree datapath's refusals, the output layout ovs-vswitchd
 * reads back, and random attribute streams under KASAN and UBSAN.
 */

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/ndisc.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/nsh.h>

#include "datapath.h"
#include "flow_attr.h"
#include "flow_key.h"

#include "flow_attr_kunit.h"

static void ovs_fa_ipv4_tcp_exact(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	size_t end;

	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_fa_tcp_key(test, c->skb);
	ovs_kt_nest_end(test, c->skb, c->key);

	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_NULL(test, c->extack._msg);
	KUNIT_EXPECT_EQ(test, c->k.priority, 7U);
	KUNIT_EXPECT_EQ(test, c->k.in_port, 3U);
	KUNIT_EXPECT_EQ(test, c->k.skb_mark, 9U);
	KUNIT_EXPECT_EQ(test, c->k.mac_proto, OVS_MAC_PROTO_ETHERNET);
	KUNIT_EXPECT_EQ(test, memcmp(c->k.eth.src, ovs_fa_src, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(c->k.eth.dst, ovs_fa_dst, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, c->k.eth.type, htons(ETH_P_IP));
	KUNIT_EXPECT_EQ(test, c->k.ip.proto, IPPROTO_TCP);
	KUNIT_EXPECT_EQ(test, c->k.ip.tos, 0x10);
	KUNIT_EXPECT_EQ(test, c->k.ip.ttl, 64);
	KUNIT_EXPECT_EQ(test, c->k.ipv4.src, htonl(0x0a000001));
	KUNIT_EXPECT_EQ(test, c->k.ipv4.dst, htonl(0x0a000002));
	KUNIT_EXPECT_EQ(test, c->k.tp.src, htons(80));
	KUNIT_EXPECT_EQ(test, c->k.tp.dst, htons(443));
	KUNIT_EXPECT_EQ(test, c->k.tp.flags, htons(0x12));
	KUNIT_EXPECT_EQ(test, c->k.eth.vlan.tci, 0);

	/* No mask: exact on what the key gives, the TCIs and L2 presence. */
	KUNIT_EXPECT_EQ(test, c->m.priority, U32_MAX);
	KUNIT_EXPECT_EQ(test, c->m.in_port, U32_MAX);
	KUNIT_EXPECT_EQ(test, c->m.skb_mark, U32_MAX);
	KUNIT_EXPECT_EQ(test, c->m.recirc_id, U32_MAX);
	KUNIT_EXPECT_EQ(test, c->m.mac_proto, 0xff);
	KUNIT_EXPECT_EQ(test, c->m.eth.type, htons(0xffff));
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tci, htons(0xffff));
	KUNIT_EXPECT_EQ(test, c->m.eth.cvlan.tci, htons(0xffff));
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tpid, 0);
	KUNIT_EXPECT_EQ(test, c->m.ip.frag, 0xff);
	KUNIT_EXPECT_EQ(test, c->m.ipv4.dst, htonl(U32_MAX));
	KUNIT_EXPECT_EQ(test, c->m.tp.flags, htons(0xffff));
	KUNIT_EXPECT_EQ(test, c->m.ipv4.arp_sha[0], 0);
	KUNIT_EXPECT_EQ(test, c->m.pad_meta[0], 0);

	end = roundup(offsetof(struct ovs_key, ipv4.dst) + 4, sizeof(long));
	/* The tunnel, before the metadata, is not matched. */
	KUNIT_EXPECT_EQ(test, c->range.start,
			rounddown(offsetof(struct ovs_key, priority),
				  sizeof(long)));
	KUNIT_EXPECT_EQ(test, (size_t)c->range.end, end);
	ovs_fa_check_range(test, &c->m, &c->range);
}

/* A mask wildcards what it does not give, and what it gives as zeros. */
static void ovs_fa_mask_wildcards(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key_ipv4 ipm = { .ipv4_dst = htonl(0xffffff00) };
	struct ovs_key_ipv4 ipz = {};

	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_fa_tcp_key(test, c->skb);
	ovs_kt_nest_end(test, c->skb, c->key);
	c->mask = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_MASK);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_IN_PORT, 1);	/* nonzero: exact */
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_PRIORITY,
		   0);	/* zero: a wildcard */
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE,
		    htons(0x1234));	/* exact */
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV4, &ipm, sizeof(ipm));
	ovs_kt_nest_end(test, c->skb, c->mask);

	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.in_port, U32_MAX);
	KUNIT_EXPECT_EQ(test, c->m.priority, 0U);
	KUNIT_EXPECT_EQ(test, c->m.skb_mark, 0U);
	KUNIT_EXPECT_EQ(test, c->m.eth.type, htons(0xffff));
	KUNIT_EXPECT_EQ(test, c->m.eth.src[0], 0);
	KUNIT_EXPECT_EQ(test, c->m.ipv4.dst, htonl(0xffffff00));
	KUNIT_EXPECT_EQ(test, c->m.ipv4.src, 0);
	KUNIT_EXPECT_EQ(test, c->m.ip.proto, 0);
	KUNIT_EXPECT_EQ(test, c->m.tp.src, 0);
	KUNIT_EXPECT_EQ(test, c->m.mac_proto, 0xff);
	/* The key is returned as given, not masked. */
	KUNIT_EXPECT_EQ(test, c->k.ipv4.src, htonl(0x0a000001));
	KUNIT_EXPECT_EQ(test, c->k.priority, 7U);
	KUNIT_EXPECT_EQ(test, c->range.start,
			rounddown(offsetof(struct ovs_key, in_port), sizeof(long)));
	ovs_fa_check_range(test, &c->m, &c->range);

	/* TCP in the mask needs an exact IP protocol, which this lacks. */
	skb_trim(c->skb, 0);
	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_fa_tcp_key(test, c->skb);
	ovs_kt_nest_end(test, c->skb, c->key);
	c->mask = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_MASK);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV4, &ipm, sizeof(ipm));
	ovs_fa_ports(test, c->skb, OVS_KEY_ATTR_TCP, 0xffff, 0);
	ovs_kt_nest_end(test, c->skb, c->mask);
	ovs_fa_expect_einval(test, "TCP mask without exact IP protocol");

	/* An all-zero L3 mask attribute is a wildcard, so it is allowed. */
	skb_trim(c->skb, 0);
	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_fa_tcp_key(test, c->skb);
	ovs_kt_nest_end(test, c->skb, c->key);
	c->mask = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_MASK);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV4, &ipz, sizeof(ipz));
	ovs_kt_nest_end(test, c->skb, c->mask);
	KUNIT_EXPECT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.eth.type, 0);
}

static void ovs_fa_roundtrip_one(struct kunit *test, const struct ovs_key *k,
				 const char *what)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key *mask = kunit_kzalloc(test, sizeof(*mask), GFP_KERNEL);
	unsigned int len;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, mask);
	skb_trim(c->skb, 0);
	KUNIT_ASSERT_EQ_MSG(test, ovs_key_to_attrs(k, k, OVS_FLOW_ATTR_KEY,
						   false, c->skb), 0, "%s", what);
	KUNIT_EXPECT_LE_MSG(test, (size_t)c->skb->len, ovs_key_attrs_size(),
			    "%s", what);
	c->key = (struct nlattr *)c->skb->data;
	c->mask = NULL;
	err = ovs_fa_parse(test, false);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s: %s", what,
			    c->extack._msg ?: "");
	KUNIT_EXPECT_EQ_MSG(test, memcmp(&c->k, k, sizeof(*k)), 0, "%s", what);

	/* The mask form of an all-ones mask stays within the bound too. */
	memset(mask, 0xff, sizeof(*mask));
	len = c->skb->len;
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(k, mask, OVS_FLOW_ATTR_MASK,
					       true, c->skb), 0);
	KUNIT_EXPECT_LE_MSG(test, (size_t)(c->skb->len - len),
			    ovs_key_attrs_size(), "%s", what);
}

static void ovs_fa_roundtrip(struct kunit *test)
{
	struct ovs_key *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, k);

	ovs_fa_key_init(k, htons(ETH_P_IP));
	k->ip.proto = IPPROTO_UDP;
	k->ip.ttl = 3;
	k->ipv4.src = htonl(1);
	k->tp.src = htons(53);
	ovs_fa_roundtrip_one(test, k, "ipv4 udp");

	k->ip.proto = IPPROTO_ICMP;
	k->tp.src = htons(8);
	k->tp.dst = htons(0);
	ovs_fa_roundtrip_one(test, k, "ipv4 icmp");

	k->ip.proto = IPPROTO_TCP;
	k->ip.frag = OVS_FRAG_TYPE_LATER;
	k->tp.src = 0;
	ovs_fa_roundtrip_one(test, k, "ipv4 later fragment");

	ovs_fa_key_init(k, htons(ETH_P_IPV6));
	k->ip.proto = IPPROTO_ICMPV6;
	k->ipv6.src.s6_addr[0] = 0xfe;
	k->ipv6.label = htonl(0xfffff);
	k->ipv6.exthdrs = 0x40;
	k->tp.src = htons(NDISC_NEIGHBOUR_SOLICITATION);
	k->ipv6.nd_target.s6_addr[15] = 1;
	k->ipv6.nd_sll[0] = 0xaa;
	ovs_fa_roundtrip_one(test, k, "ipv6 nd");

	k->ip.proto = IPPROTO_TCP;
	k->tp.src = htons(22);
	k->tp.flags = htons(0x2);
	memset(&k->ipv6.nd_target, 0, sizeof(k->ipv6.nd_target));
	k->ipv6.nd_sll[0] = 0;
	k->in_port = OVS_DP_MAX_PORTS;	/* no port */
	ovs_fa_roundtrip_one(test, k, "ipv6 tcp, no in_port");

	ovs_fa_key_init(k, htons(ETH_P_ARP));
	k->ip.proto = 2;
	k->ipv4.src = htonl(3);
	k->ipv4.arp_tha[5] = 9;
	ovs_fa_roundtrip_one(test, k, "arp");

	ovs_fa_key_init(k, htons(ETH_P_MPLS_UC));
	k->mpls.lse[0] = htonl(0x12345100);
	ovs_fa_roundtrip_one(test, k, "mpls 1 label");
	k->mpls.lse[1] = htonl(0x00001140);
	k->mpls.lse[2] = htonl(0x00002140);
	ovs_fa_roundtrip_one(test, k, "mpls 3 labels");

	ovs_fa_key_init(k, htons(ETH_P_NSH));
	k->nsh.mdtype = NSH_M_TYPE1;
	k->nsh.np = 3;
	k->nsh.path_hdr = htonl(0x100);
	k->nsh.context[3] = htonl(7);
	ovs_fa_roundtrip_one(test, k, "nsh md1");

	ovs_fa_key_init(k, htons(ETH_P_IP));
	k->mac_proto = OVS_MAC_PROTO_NONE;
	memset(k->eth.src, 0, ETH_ALEN);
	memset(k->eth.dst, 0, ETH_ALEN);
	k->ip.proto = IPPROTO_SCTP;
	k->tp.dst = htons(9);
	ovs_fa_roundtrip_one(test, k, "L3 ipv4 sctp");

	ovs_fa_key_init(k, htons(ETH_P_802_2));
	ovs_fa_roundtrip_one(test, k, "802.2");

	ovs_fa_key_init(k, htons(ETH_P_IP));
	k->eth.vlan.tpid = htons(ETH_P_8021Q);
	k->eth.vlan.tci = htons(VLAN_CFI_MASK | 10);
	ovs_fa_roundtrip_one(test, k, "vlan");

	k->eth.vlan.tpid = htons(ETH_P_8021AD);
	k->eth.cvlan.tpid = htons(ETH_P_8021Q);
	k->eth.cvlan.tci = htons(VLAN_CFI_MASK | 20);
	ovs_fa_roundtrip_one(test, k, "qinq");

	k->eth.type = htons(ETH_P_8021Q);
	ovs_fa_roundtrip_one(test, k, "three tags");

	k->eth.cvlan.tpid = 0;
	k->eth.cvlan.tci = 0;
	ovs_fa_roundtrip_one(test, k, "truncated inner tag");

	ovs_fa_key_init(k, htons(ETH_P_8021Q));
	ovs_fa_roundtrip_one(test, k, "truncated tag");
}

/* A mask given, then written out and parsed back, is the same mask. */
static void ovs_fa_mask_roundtrip(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key *m1 = kunit_kzalloc(test, sizeof(*m1), GFP_KERNEL);
	struct ovs_key_ipv4 ipm = { .ipv4_src = htonl(0xffff0000),
				    .ipv4_proto = 0xff, .ipv4_frag = 0xff };
	struct nlattr *encap;
	int len;

	KUNIT_ASSERT_NOT_NULL(test, m1);
	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_RECIRC_ID, 0);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_IN_PORT, 1);
	ovs_fa_eth(test, c->skb);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_8021Q));
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(VLAN_CFI_MASK | 5));
	encap = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IP));
	ovs_fa_ipv4(test, c->skb, IPPROTO_UDP, 0);
	ovs_fa_ports(test, c->skb, OVS_KEY_ATTR_UDP, 1, 2);
	ovs_kt_nest_end(test, c->skb, encap);
	ovs_kt_nest_end(test, c->skb, c->key);

	c->mask = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_MASK);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_IN_PORT, U32_MAX);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_RECIRC_ID, U32_MAX);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN,
		    htons(VLAN_CFI_MASK | 0xfff));
	encap = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV4, &ipm, sizeof(ipm));
	ovs_fa_ports(test, c->skb, OVS_KEY_ATTR_UDP, 0, 0xffff);
	ovs_kt_nest_end(test, c->skb, encap);
	ovs_kt_nest_end(test, c->skb, c->mask);

	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tci, htons(VLAN_CFI_MASK | 0xfff));
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tpid, htons(0xffff));
	KUNIT_EXPECT_EQ(test, c->m.eth.cvlan.tci, htons(0xffff));
	KUNIT_EXPECT_EQ(test, c->m.tp.dst, htons(0xffff));
	KUNIT_EXPECT_EQ(test, c->m.ipv4.src, htonl(0xffff0000));
	*m1 = c->m;

	/* Key and mask as a flow reply carries them. */
	len = c->skb->len;
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(&c->k, &c->k, OVS_FLOW_ATTR_KEY,
					       false, c->skb), 0);
	c->key = (struct nlattr *)(c->skb->data + len);
	len = c->skb->len;
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(&c->k, m1, OVS_FLOW_ATTR_MASK,
					       true, c->skb), 0);
	c->mask = (struct nlattr *)(c->skb->data + len);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	/*
	 * A mask is written with a TUNNEL, as in-tree, and a mask's TUNNEL
	 * matches whether there is a tunnel exactly: here, none.
	 */
	m1->tun.proto = 0xff;
	KUNIT_EXPECT_EQ(test, memcmp(&c->m, m1, sizeof(*m1)), 0);
}

/* Attribute types of a nest, in order. */
static int ovs_fa_types(const struct nlattr *nest, int *types, int max)
{
	const struct nlattr *nla;
	int rem, n = 0;

	nla_for_each_nested(nla, nest, rem)
		if (n < max)
			types[n++] = nla_type(nla);
	return n;
}

static void ovs_fa_expect_types(struct kunit *test, const struct nlattr *nest,
				const int *want, int n_want, const char *what)
{
	int got[40];
	int n = ovs_fa_types(nest, got, ARRAY_SIZE(got));
	int i;

	KUNIT_ASSERT_EQ_MSG(test, n, n_want, "%s", what);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, got[i], want[i], "%s: attribute %d",
				    what, i);
}

/* QinQ both ways, and the in-tree nesting on output. */
static void ovs_fa_qinq(struct kunit *test)
{
	static const int top_key[] = {
		OVS_KEY_ATTR_RECIRC_ID, OVS_KEY_ATTR_DP_HASH,
		OVS_KEY_ATTR_PRIORITY, OVS_KEY_ATTR_IN_PORT,
		OVS_KEY_ATTR_SKB_MARK, OVS_KEY_ATTR_CT_STATE,
		OVS_KEY_ATTR_CT_ZONE, OVS_KEY_ATTR_CT_MARK,
		OVS_KEY_ATTR_CT_LABELS, OVS_KEY_ATTR_ETHERNET,
		OVS_KEY_ATTR_ETHERTYPE, OVS_KEY_ATTR_VLAN, OVS_KEY_ATTR_ENCAP,
	};
	static const int top_mask[] = {
		OVS_KEY_ATTR_RECIRC_ID, OVS_KEY_ATTR_DP_HASH,
		OVS_KEY_ATTR_PRIORITY, OVS_KEY_ATTR_TUNNEL,
		OVS_KEY_ATTR_IN_PORT, OVS_KEY_ATTR_SKB_MARK,
		OVS_KEY_ATTR_CT_STATE, OVS_KEY_ATTR_CT_ZONE,
		OVS_KEY_ATTR_CT_MARK, OVS_KEY_ATTR_CT_LABELS,
		OVS_KEY_ATTR_ETHERNET, OVS_KEY_ATTR_ETHERTYPE,
		OVS_KEY_ATTR_VLAN, OVS_KEY_ATTR_ENCAP,
	};
	static const int mid[] = {
		OVS_KEY_ATTR_ETHERTYPE, OVS_KEY_ATTR_VLAN, OVS_KEY_ATTR_ENCAP,
	};
	static const int inner[] = {
		OVS_KEY_ATTR_ETHERTYPE, OVS_KEY_ATTR_IPV4, OVS_KEY_ATTR_UDP,
	};
	struct ovs_fa_ctx *c = test->priv;
	struct nlattr *e1, *e2, *out;
	int len;

	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_IN_PORT, 2);
	ovs_fa_eth(test, c->skb);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_8021AD));
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(VLAN_CFI_MASK | 100));
	e1 = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_8021Q));
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_VLAN, htons(VLAN_CFI_MASK | 200));
	e2 = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_ENCAP);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IP));
	ovs_fa_ipv4(test, c->skb, IPPROTO_UDP, 0);
	ovs_fa_ports(test, c->skb, OVS_KEY_ATTR_UDP, 5, 6);
	ovs_kt_nest_end(test, c->skb, e2);
	ovs_kt_nest_end(test, c->skb, e1);
	ovs_kt_nest_end(test, c->skb, c->key);

	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->k.eth.vlan.tpid, htons(ETH_P_8021AD));
	KUNIT_EXPECT_EQ(test, c->k.eth.vlan.tci, htons(VLAN_CFI_MASK | 100));
	KUNIT_EXPECT_EQ(test, c->k.eth.cvlan.tpid, htons(ETH_P_8021Q));
	KUNIT_EXPECT_EQ(test, c->k.eth.cvlan.tci, htons(VLAN_CFI_MASK | 200));
	KUNIT_EXPECT_EQ(test, c->k.eth.type, htons(ETH_P_IP));
	KUNIT_EXPECT_EQ(test, c->k.tp.dst, htons(6));
	KUNIT_EXPECT_EQ(test, c->m.eth.vlan.tpid, htons(0xffff));
	KUNIT_EXPECT_EQ(test, c->m.eth.cvlan.tci, htons(0xffff));

	/* Key form. */
	len = c->skb->len;
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(&c->k, &c->k, OVS_FLOW_ATTR_KEY,
					       false, c->skb), 0);
	out = (struct nlattr *)(c->skb->data + len);
	ovs_fa_expect_types(test, out, top_key, ARRAY_SIZE(top_key), "key top");
	e1 = nla_find_nested(out, OVS_KEY_ATTR_ENCAP);
	KUNIT_ASSERT_NOT_NULL(test, e1);
	KUNIT_EXPECT_EQ(test, nla_get_be16(nla_find_nested(out, OVS_KEY_ATTR_ETHERTYPE)),
			htons(ETH_P_8021AD));
	ovs_fa_expect_types(test, e1, mid, ARRAY_SIZE(mid), "key encap");
	KUNIT_EXPECT_EQ(test, nla_get_be16(nla_find_nested(e1, OVS_KEY_ATTR_ETHERTYPE)),
			htons(ETH_P_8021Q));
	KUNIT_EXPECT_EQ(test, nla_get_be16(nla_find_nested(e1, OVS_KEY_ATTR_VLAN)),
			htons(VLAN_CFI_MASK | 200));
	e2 = nla_find_nested(e1, OVS_KEY_ATTR_ENCAP);
	KUNIT_ASSERT_NOT_NULL(test, e2);
	ovs_fa_expect_types(test, e2, inner, ARRAY_SIZE(inner), "key inner encap");

	/* Mask form: exact TPIDs, a wildcarded tunnel. */
	len = c->skb->len;
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(&c->k, &c->m, OVS_FLOW_ATTR_MASK,
					       true, c->skb), 0);
	out = (struct nlattr *)(c->skb->data + len);
	ovs_fa_expect_types(test, out, top_mask, ARRAY_SIZE(top_mask), "mask top");
	e1 = nla_find_nested(out, OVS_KEY_ATTR_ENCAP);
	KUNIT_ASSERT_NOT_NULL(test, e1);
	KUNIT_EXPECT_EQ(test, nla_get_be16(nla_find_nested(e1, OVS_KEY_ATTR_ETHERTYPE)),
			htons(0xffff));
	e2 = nla_find_nested(e1, OVS_KEY_ATTR_ENCAP);
	KUNIT_ASSERT_NOT_NULL(test, e2);
	ovs_fa_expect_types(test, e2, inner, ARRAY_SIZE(inner), "mask inner encap");
}

/* What the output omits: the port-less in_port, 802.2's ethertype. */
static void ovs_fa_output_rules(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	struct ovs_key *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct nlattr *out, *nla;
	struct sk_buff *tiny;
	unsigned int len;

	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_ASSERT_NOT_NULL(test, m);
	ovs_fa_key_init(k, htons(ETH_P_802_2));
	k->in_port = OVS_DP_MAX_PORTS;

	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(k, k, OVS_FLOW_ATTR_KEY, false,
					       c->skb), 0);
	out = (struct nlattr *)c->skb->data;
	KUNIT_EXPECT_NULL(test, nla_find_nested(out, OVS_KEY_ATTR_IN_PORT));
	KUNIT_EXPECT_NULL(test, nla_find_nested(out, OVS_KEY_ATTR_ETHERTYPE));
	KUNIT_EXPECT_NULL(test, nla_find_nested(out, OVS_KEY_ATTR_TUNNEL));
	nla = nla_find_nested(out, OVS_KEY_ATTR_CT_STATE);
	KUNIT_ASSERT_NOT_NULL(test, nla);
	KUNIT_EXPECT_EQ(test, nla_get_u32(nla), 0U);

	/* Mask: the port appears only if matched; 802.2 as 0xffff. */
	skb_trim(c->skb, 0);
	m->eth.type = htons(0xffff);
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(k, m, OVS_FLOW_ATTR_MASK, true,
					       c->skb), 0);
	out = (struct nlattr *)c->skb->data;
	KUNIT_EXPECT_NULL(test, nla_find_nested(out, OVS_KEY_ATTR_IN_PORT));
	nla = nla_find_nested(out, OVS_KEY_ATTR_ETHERTYPE);
	KUNIT_ASSERT_NOT_NULL(test, nla);
	KUNIT_EXPECT_EQ(test, nla_get_be16(nla), htons(0xffff));
	KUNIT_EXPECT_NOT_NULL(test, nla_find_nested(out, OVS_KEY_ATTR_TUNNEL));

	skb_trim(c->skb, 0);
	m->in_port = U32_MAX;
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(k, m, OVS_FLOW_ATTR_MASK, true,
					       c->skb), 0);
	nla = nla_find_nested((struct nlattr *)c->skb->data,
			      OVS_KEY_ATTR_IN_PORT);
	KUNIT_ASSERT_NOT_NULL(test, nla);
	KUNIT_EXPECT_EQ(test, nla_get_u32(nla), U32_MAX);

	/* A port in the key: the mask says 0xffff in the upper half. */
	skb_trim(c->skb, 0);
	k->in_port = 7;
	m->in_port = 0;
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(k, m, OVS_FLOW_ATTR_MASK, true,
					       c->skb), 0);
	nla = nla_find_nested((struct nlattr *)c->skb->data,
			      OVS_KEY_ATTR_IN_PORT);
	KUNIT_ASSERT_NOT_NULL(test, nla);
	KUNIT_EXPECT_EQ(test, nla_get_u32(nla), 0xffff0000U);

	/* No room: -EMSGSIZE and nothing left behind. */
	tiny = alloc_skb(64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tiny);
	skb_put_zero(tiny, skb_tailroom(tiny) - 40);
	len = tiny->len;
	KUNIT_EXPECT_EQ(test, ovs_key_to_attrs(k, k, OVS_FLOW_ATTR_KEY, false,
					       tiny), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, tiny->len, len);
	kfree_skb(tiny);
}

static void ovs_fa_mpls_depth(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	__be32 lse[4] = { htonl(0x1000), htonl(0x2000), htonl(0x3100),
			  htonl(0x4100) };
	struct nlattr *mpls;
	unsigned int len;

	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_fa_eth(test, c->skb);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_MPLS_UC));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_MPLS, lse, 3 * sizeof(__be32));
	ovs_kt_nest_end(test, c->skb, c->key);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->k.mpls.lse[0], lse[0]);
	KUNIT_EXPECT_EQ(test, c->k.mpls.lse[2], lse[2]);
	KUNIT_EXPECT_EQ(test, c->m.mpls.lse[2], htonl(U32_MAX));
	len = c->skb->len;
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(&c->k, &c->k, OVS_FLOW_ATTR_KEY,
					       false, c->skb), 0);
	mpls = nla_find_nested((struct nlattr *)(c->skb->data + len),
			       OVS_KEY_ATTR_MPLS);
	KUNIT_ASSERT_NOT_NULL(test, mpls);
	KUNIT_EXPECT_EQ(test, nla_len(mpls), 12);

	skb_trim(c->skb, 0);
	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_fa_eth(test, c->skb);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_MPLS_UC));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_MPLS, lse, 4 * sizeof(__be32));
	ovs_kt_nest_end(test, c->skb, c->key);
	ovs_fa_expect_einval(test, "4 MPLS labels");
}

/* Conntrack and tunnel attributes in keys and masks: taken or refused. */
static void ovs_fa_ct_tunnel(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key_ct_tuple_ipv6 t6 = {};
	struct ovs_key_ct_tuple_ipv4 t4 = {};
	struct ovs_key_ct_labels lab = {};
	struct nlattr *tun;
	static const int ct_types[] = {
		OVS_KEY_ATTR_CT_STATE, OVS_KEY_ATTR_CT_ZONE,
		OVS_KEY_ATTR_CT_MARK, OVS_KEY_ATTR_CT_LABELS,
		OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4,
		OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6,
	};
	u8 one[40] = { 1 };
	int i;

	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_CT_STATE, 0);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_CT_ZONE, &lab, 2);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_CT_MARK, 0);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_CT_LABELS, &lab, sizeof(lab));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6, &t6,
		   sizeof(t6));
	ovs_fa_eth(test, c->skb);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IPV6));
	{
		struct ovs_key_ipv6 ip6 = { .ipv6_proto = 99 };

		ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV6, &ip6, sizeof(ip6));
	}
	ovs_kt_nest_end(test, c->skb, c->key);
	/* Exact match: the zero state must match, which every packet does. */
	KUNIT_EXPECT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_NULL(test, c->extack._msg);
	KUNIT_EXPECT_EQ(test, c->k.ip.proto, 99);

	/*
	 * An IPv4 tuple in an IPv6 key: its exact mask is not allowed (as
	 * in-tree), given a mask that leaves it out it is ignored.
	 */
	skb_trim(c->skb, 0);
	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4, &t4,
		   sizeof(t4));
	ovs_fa_eth(test, c->skb);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_ARP));
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_ARP, one,
		   sizeof(struct ovs_key_arp));
	ovs_kt_nest_end(test, c->skb, c->key);
	ovs_fa_expect_einval(test, "exact mask of an IPv4 tuple in an ARP key");
	c->mask = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_MASK);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	ovs_kt_nest_end(test, c->skb, c->mask);
	KUNIT_EXPECT_EQ(test, ovs_fa_parse(test, true), 0);

	skb_trim(c->skb, 0);
	c->mask = NULL;
	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_kt_put(test, c->skb, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6, &t6,
		   sizeof(t6));
	ovs_fa_eth(test, c->skb);
	ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IPV6));
	{
		struct ovs_key_ipv6 ip6 = { .ipv6_proto = 99 };

		ovs_kt_put(test, c->skb, OVS_KEY_ATTR_IPV6, &ip6, sizeof(ip6));
	}
	ovs_kt_nest_end(test, c->skb, c->key);
	KUNIT_EXPECT_EQ(test, ovs_fa_parse(test, true), 0);

	/*
	 * A mask with zero conntrack fields: wildcards; with a zero tunnel:
	 * only packets from no tunnel.
	 */
	c->mask = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_MASK);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_CT_STATE, 0);
	tun = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_TUNNEL);
	ovs_kt_put(test, c->skb, OVS_TUNNEL_KEY_ATTR_TTL, &lab, 1);
	ovs_kt_nest_end(test, c->skb, tun);
	ovs_kt_nest_end(test, c->skb, c->mask);
	KUNIT_EXPECT_EQ(test, ovs_fa_parse(test, true), 0);

	/* A mask matching conntrack state is taken (flow_attr_ct_test.c). */
	skb_trim(c->skb, 0);
	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_CT_STATE, 0);
	ovs_fa_eth(test, c->skb);
	ovs_kt_nest_end(test, c->skb, c->key);
	c->mask = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_MASK);
	ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_CT_STATE, 0x20);
	ovs_kt_nest_end(test, c->skb, c->mask);
	KUNIT_EXPECT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->m.ct.state, 0x20);

	/*
	 * Nonzero values in a key, as vswitchd's probes send them: taken,
	 * but for the IPv6 tuple whose exact mask an IPv4 key does not allow.
	 */
	for (i = 0; i < ARRAY_SIZE(ct_types); i++) {
		skb_trim(c->skb, 0);
		c->mask = NULL;
		c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
		ovs_fa_eth(test, c->skb);
		ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE,
			    htons(ETH_P_IP));
		ovs_fa_ipv4(test, c->skb, 99, 0);
		ovs_kt_put(test, c->skb, ct_types[i], one,
			   ovs_key_attr_len(ct_types[i]));
		ovs_kt_nest_end(test, c->skb, c->key);
		if (ct_types[i] != OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6) {
			KUNIT_EXPECT_EQ(test, ovs_fa_parse(test, true), 0);
			continue;
		}
		ovs_fa_expect_einval(test, "IPv6 tuple in an IPv4 key");
		KUNIT_EXPECT_STREQ(test, c->extack._msg,
				   KBUILD_MODNAME ": mask attribute its key does not allow");
	}

	skb_trim(c->skb, 0);
	c->key = ovs_kt_nest(test, c->skb, OVS_FLOW_ATTR_KEY);
	tun = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_TUNNEL);
	{
		__be64 id = cpu_to_be64(5);

		ovs_kt_put(test, c->skb, OVS_TUNNEL_KEY_ATTR_ID, &id,
			   sizeof(id));
	}
	ovs_kt_nest_end(test, c->skb, tun);
	ovs_fa_eth(test, c->skb);
	ovs_kt_nest_end(test, c->skb, c->key);
	ovs_fa_expect_einval(test, "tunnel id without a destination");
	KUNIT_EXPECT_STREQ(test, c->extack._msg,
			   KBUILD_MODNAME ": tunnel key has no destination address");
}

static struct kunit_case ovs_fa_cases[] = {
	KUNIT_CASE(ovs_fa_ipv4_tcp_exact),
	KUNIT_CASE(ovs_fa_mask_wildcards),
	KUNIT_CASE(ovs_fa_roundtrip),
	KUNIT_CASE(ovs_fa_mask_roundtrip),
	KUNIT_CASE(ovs_fa_qinq),
	KUNIT_CASE(ovs_fa_output_rules),
	KUNIT_CASE(ovs_fa_mpls_depth),
	KUNIT_CASE(ovs_fa_ct_tunnel),
	{}
};

static struct kunit_suite ovs_fa_suite = {
	.name = "ovs_flow_attr",
	.init = ovs_fa_init,
	.exit = ovs_fa_exit,
	.test_cases = ovs_fa_cases,
};

kunit_test_suite(ovs_fa_suite);
