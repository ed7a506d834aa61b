// SPDX-License-Identifier: GPL-2.0-only
/*
 * Output of packets that carry an MRU (datapath/linux/ip_frag.c): what
 * fits leaves whole, IPv4 and IPv6 leave in fragments no larger than the
 * MRU with the packet's L2 header and VLAN tag, and what cannot be
 * fragmented (MRU above the port's MTU, not IP) is dropped and counted.
 */

#include <net/ip.h>

#include "actions_exec_kunit.h"

#define FXT_MRU		1400
#define FXT_MAX_FRAGS	8

/* What the ports' send saw in skb->cb, before the device overwrote it. */
static struct {
	unsigned int n;
	u16 mru[FXT_MAX_FRAGS];
	struct ovs_vport *input_vport[FXT_MAX_FRAGS];
} fxt_seen;

static void fxt_vport_send(struct ovs_vport *vport, struct sk_buff *skb)
{
	if (fxt_seen.n < FXT_MAX_FRAGS) {
		fxt_seen.mru[fxt_seen.n] = OVS_CB(skb)->mru;
		fxt_seen.input_vport[fxt_seen.n] = OVS_CB(skb)->input_vport;
	}
	fxt_seen.n++;
	ovs_axt_vport_send(vport, skb);
}

static const struct ovs_vport_ops fxt_vport_ops = {
	.type = OVS_VPORT_TYPE_NETDEV,
	.send = fxt_vport_send,
};

static int fxt_init(struct kunit *test)
{
	struct axt *t;
	int i, err;

	err = ovs_axt_init(test);
	if (err)
		return err;
	t = test->priv;
	for (i = 0; i < AXT_PORTS; i++)
		t->vport[i]->ops = &fxt_vport_ops;
	memset(&fxt_seen, 0, sizeof(fxt_seen));
	return 0;
}

static u64 fxt_tx_dropped(struct kunit *test, u32 port)
{
	struct axt *t = test->priv;
	struct rtnl_link_stats64 stats;

	dev_get_stats(t->dev[port - 1], &stats);
	return stats.tx_dropped;
}

/*
 * An Ethernet + IP + UDP frame with l4_len bytes of UDP, checksummed, its
 * key made by the datapath's own extraction, and the MRU set.
 */
static struct sk_buff *fxt_udp(struct kunit *test, u16 ethertype,
			       unsigned int l4_len, u16 mru)
{
	const struct ovs_axt_pkt p = { ethertype, IPPROTO_UDP, false,
				   l4_len - sizeof(struct udphdr) };
	struct axt *t = test->priv;
	struct sk_buff *skb = ovs_axt_packet(test, &p);

	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(skb, 1, OVS_MAC_PROTO_ETHERNET,
						   &t->key), 0);
	OVS_CB(skb)->mru = mru;
	return skb;
}

/* A copy of skb as it is now, freed with the test. */
static struct sk_buff *fxt_copy(struct kunit *test, struct sk_buff *skb)
{
	struct axt *t = test->priv;
	struct sk_buff *copy = skb_copy(skb, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, copy);
	skb_queue_tail(&t->sent, copy);
	return copy;
}

struct fxt_expect {
	const struct sk_buff *orig;	/* the frame before output */
	unsigned int l2_len;		/* of the frames sent */
	const u8 *l2;			/* their L2 header: orig's if NULL */
	unsigned int mru;		/* FXT_MRU if 0 */
	unsigned int n;			/* fragments */
	unsigned int sizes[FXT_MAX_FRAGS];	/* their IP payloads */
	bool l4_csum;			/* the payloads together are orig's L4 */
};

/*
 * The next frames port sent are e's fragments of e->orig: L2 header,
 * sizes, offsets, MF bits, IPv4 header checksums, IPv6 fragment headers,
 * and the payload bytes at each offset.
 */
static void fxt_check(struct kunit *test, u32 port, const struct fxt_expect *e)
{
	const unsigned int ol3 = skb_network_offset(e->orig);
	const u8 *oip = e->orig->data + ol3;
	bool v6 = (oip[0] >> 4) == 6;
	unsigned int hlen = v6 ? sizeof(struct ipv6hdr) + sizeof(struct frag_hdr) :
				 sizeof(struct iphdr);
	unsigned int ohlen = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	unsigned int i, off = 0;
	__be32 frag_id = 0;
	__wsum sum = 0;

	KUNIT_ASSERT_EQ(test, ovs_axt_count(test, port), e->n);
	for (i = 0; i < e->n; i++) {
		struct sk_buff *out = ovs_axt_sent(test, port);
		const u8 *ip = out->data + e->l2_len;
		unsigned int size = e->sizes[i];
		bool last = i == e->n - 1;

		KUNIT_EXPECT_EQ_MSG(test, out->len, e->l2_len + hlen + size,
				    "fragment %u", i);
		if (out->len != e->l2_len + hlen + size)
			return;
		KUNIT_EXPECT_LE(test, hlen + size, e->mru ?: FXT_MRU);
		KUNIT_EXPECT_EQ(test, memcmp(out->data, e->l2 ? e->l2 : e->orig->data,
					     e->l2_len), 0);
		KUNIT_EXPECT_EQ(test, skb_network_offset(out), (int)e->l2_len);

		if (v6) {
			const struct ipv6hdr *ip6 = (const void *)ip;
			const struct frag_hdr *fh = (const void *)(ip6 + 1);

			/* Version, class and label; then the hop limit. */
			KUNIT_EXPECT_EQ(test, memcmp(ip6, oip, 4), 0);
			KUNIT_EXPECT_EQ(test, ip6->hop_limit, oip[7]);
			KUNIT_EXPECT_EQ(test, ip6->nexthdr, NEXTHDR_FRAGMENT);
			KUNIT_EXPECT_EQ(test, memcmp(&ip6->saddr, oip + 8, 32), 0);
			KUNIT_EXPECT_EQ(test, ntohs(ip6->payload_len),
					sizeof(*fh) + size);
			KUNIT_EXPECT_EQ(test, fh->nexthdr, IPPROTO_UDP);
			KUNIT_EXPECT_EQ(test, ntohs(fh->frag_off) & IP6_OFFSET,
					off);
			KUNIT_EXPECT_EQ(test, !!(fh->frag_off & htons(IP6_MF)),
					!last);
			if (i)
				KUNIT_EXPECT_EQ(test, fh->identification, frag_id);
			frag_id = fh->identification;
		} else {
			const struct iphdr *iph = (const void *)ip;
			const struct iphdr *oiph = (const void *)oip;

			KUNIT_EXPECT_EQ(test, (__force u16)ip_fast_csum(iph, iph->ihl),
					0);
			KUNIT_EXPECT_EQ(test, (unsigned int)iph->ihl, 5U);
			KUNIT_EXPECT_EQ(test, ntohs(iph->tot_len), hlen + size);
			KUNIT_EXPECT_EQ(test, iph->id, oiph->id);
			KUNIT_EXPECT_EQ(test, iph->protocol, IPPROTO_UDP);
			KUNIT_EXPECT_EQ(test, iph->saddr, oiph->saddr);
			KUNIT_EXPECT_EQ(test, iph->daddr, oiph->daddr);
			KUNIT_EXPECT_EQ(test, (ntohs(iph->frag_off) & IP_OFFSET) * 8,
					off);
			KUNIT_EXPECT_EQ(test, !!(iph->frag_off & htons(IP_MF)),
					!last);
			KUNIT_EXPECT_FALSE(test, iph->frag_off & htons(IP_DF));
		}
		KUNIT_EXPECT_EQ_MSG(test, memcmp(ip + hlen,
						 oip + ohlen + off, size), 0,
				    "payload of fragment %u", i);
		/* Every offset but the last payload's end is a multiple of 8. */
		sum = csum_add(sum, csum_partial(ip + hlen, size, 0));
		off += size;
	}

	if (!e->l4_csum)
		return;
	if (v6) {
		const struct ipv6hdr *oip6 = (const void *)oip;

		KUNIT_EXPECT_EQ(test, off, ntohs(oip6->payload_len));
		KUNIT_EXPECT_EQ_MSG(test, (__force u16)
				    csum_ipv6_magic(&oip6->saddr, &oip6->daddr,
						    off, IPPROTO_UDP, sum), 0,
				    "UDP checksum over the reassembled payload");
	} else {
		const struct iphdr *oiph = (const void *)oip;

		KUNIT_EXPECT_EQ(test, off, ntohs(oiph->tot_len) - ohlen);
		KUNIT_EXPECT_EQ_MSG(test, (__force u16)
				    csum_tcpudp_magic(oiph->saddr, oiph->daddr,
						      off, IPPROTO_UDP, sum), 0,
				    "UDP checksum over the reassembled payload");
	}
}

/* Every frame the ports' send saw carried skb->cb as the packet had it. */
static void fxt_check_cb(struct kunit *test, unsigned int n, u16 mru)
{
	struct axt *t = test->priv;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, fxt_seen.n, n);
	for (i = 0; i < min_t(unsigned int, n, FXT_MAX_FRAGS); i++) {
		KUNIT_EXPECT_EQ(test, fxt_seen.mru[i], mru);
		KUNIT_EXPECT_PTR_EQ(test, fxt_seen.input_vport[i], t->vport[0]);
	}
}

/* 3000 bytes of IPv4, MRU 1400: 1376 + 1376 + 228, to two ports. */
static void fxt_ipv4(struct kunit *test)
{
	struct sk_buff *in = fxt_udp(test, ETH_P_IP, 2980, FXT_MRU);
	struct fxt_expect e = {
		.orig = fxt_copy(test, in), .l2_len = ETH_HLEN,
		.n = 3, .sizes = { 1376, 1376, 228 }, .l4_csum = true,
	};

	ovs_axt_output(test, 1);
	ovs_axt_output(test, 2);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);

	fxt_check(test, 1, &e);
	fxt_check(test, 2, &e);
	fxt_check_cb(test, 6, FXT_MRU);
	KUNIT_EXPECT_EQ(test, fxt_tx_dropped(test, 1), 0ULL);
}

/* 3000 bytes of IPv6 payload, MRU 1400: 1352 + 1352 + 256, fragment headers. */
static void fxt_ipv6(struct kunit *test)
{
	struct sk_buff *in = fxt_udp(test, ETH_P_IPV6, 2960, FXT_MRU);
	struct fxt_expect e = {
		.orig = fxt_copy(test, in), .l2_len = ETH_HLEN,
		.n = 3, .sizes = { 1352, 1352, 256 }, .l4_csum = true,
	};
	struct sk_buff *out;

	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	fxt_check(test, 1, &e);
	fxt_check_cb(test, 3, FXT_MRU);

	/* skb->protocol and the MAC header of what was sent. */
	in = fxt_udp(test, ETH_P_IPV6, 2960, FXT_MRU);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	KUNIT_ASSERT_EQ(test, ovs_axt_count(test, 1), 3U);
	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, out->protocol, htons(ETH_P_IPV6));
	KUNIT_EXPECT_PTR_EQ(test, skb_mac_header(out), out->data);
}

/* A packet within MRU + the L2 header leaves as it is; one byte more does not. */
static void fxt_fits(struct kunit *test)
{
	struct sk_buff *in = fxt_udp(test, ETH_P_IP, FXT_MRU - 20, FXT_MRU);
	struct fxt_expect e = {
		.l2_len = ETH_HLEN, .n = 2, .sizes = { 1376, 5 },
		.l4_csum = true,
	};
	struct sk_buff *orig, *out;

	/* DF: a packet run through fragmentation would lose it. */
	ip_hdr(in)->frag_off = htons(IP_DF);
	ip_send_check(ip_hdr(in));
	orig = fxt_copy(test, in);

	KUNIT_ASSERT_EQ(test, in->len, (unsigned int)FXT_MRU + ETH_HLEN);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	KUNIT_ASSERT_EQ(test, ovs_axt_count(test, 1), 1U);
	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, out->len, orig->len);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, orig->data, orig->len), 0);
	fxt_check_cb(test, 1, FXT_MRU);

	in = fxt_udp(test, ETH_P_IP, FXT_MRU - 20 + 1, FXT_MRU);
	e.orig = fxt_copy(test, in);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	fxt_check(test, 1, &e);
}

/* MRU above the port's MTU: dropped and counted; at the MTU: fragmented. */
static void fxt_mru_over_mtu(struct kunit *test)
{
	struct sk_buff *in = fxt_udp(test, ETH_P_IP, 2980, 1501);
	struct fxt_expect e = {
		.l2_len = ETH_HLEN, .mru = 1500, .n = 3,
		.sizes = { 1480, 1480, 20 }, .l4_csum = true,
	};

	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 0U);
	KUNIT_EXPECT_EQ(test, fxt_seen.n, 0U);
	KUNIT_EXPECT_EQ(test, fxt_tx_dropped(test, 1), 1ULL);

	in = fxt_udp(test, ETH_P_IP, 2980, 1500);
	e.orig = fxt_copy(test, in);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	fxt_check(test, 1, &e);
	KUNIT_EXPECT_EQ(test, fxt_tx_dropped(test, 1), 1ULL);
}

/* Not IP: nothing to fragment, dropped and counted. */
static void fxt_non_ip(struct kunit *test)
{
	struct axt *t = test->priv;
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(NET_SKB_PAD + 3000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, NET_SKB_PAD);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, ovs_axt_dst_mac);
	ether_addr_copy(eth->h_source, ovs_axt_src_mac);
	eth->h_proto = htons(ETH_P_802_EX1);
	memset(skb_put(skb, 3000 - ETH_HLEN), 0x5a, 3000 - ETH_HLEN);
	skb->protocol = eth->h_proto;
	skb->dev = t->dev[0];
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(skb, 1, OVS_MAC_PROTO_ETHERNET,
						   &t->key), 0);
	KUNIT_ASSERT_EQ(test, t->key.eth.type, htons(ETH_P_802_EX1));
	OVS_CB(skb)->mru = FXT_MRU;

	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, skb, ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 0U);
	KUNIT_EXPECT_EQ(test, fxt_seen.n, 0U);
	KUNIT_EXPECT_EQ(test, fxt_tx_dropped(test, 1), 1ULL);
}

/* A tag in the packet is part of the L2 header every fragment gets. */
static void fxt_vlan_in_packet(struct kunit *test)
{
	struct axt *t = test->priv;
	struct sk_buff *in = fxt_udp(test, ETH_P_IP, 2980, FXT_MRU);
	struct fxt_expect e = {
		.l2_len = VLAN_ETH_HLEN, .n = 3, .sizes = { 1376, 1376, 228 },
		.l4_csum = true,
	};
	struct sk_buff *out;
	unsigned int i;

	in = vlan_insert_tag(in, htons(ETH_P_8021Q), 100);
	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(in, 1, OVS_MAC_PROTO_ETHERNET,
						   &t->key), 0);
	KUNIT_ASSERT_EQ(test, skb_network_offset(in), VLAN_ETH_HLEN);
	OVS_CB(in)->mru = FXT_MRU;
	e.orig = fxt_copy(test, in);

	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	fxt_check(test, 1, &e);
	skb_queue_walk(&t->sent, out) {
		if (out == e.orig)
			continue;
		KUNIT_EXPECT_EQ(test, out->protocol, htons(ETH_P_8021Q));
		KUNIT_EXPECT_FALSE(test, skb_vlan_tag_present(out));
	}
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, fxt_seen.mru[i], FXT_MRU);
}

/*
 * push_vlan puts the tag out of band; every fragment must carry it (the
 * test device writes it into the frame, having no VLAN offload).
 */
static void fxt_vlan_pushed(struct kunit *test)
{
	struct ovs_action_push_vlan vlan = {
		.vlan_tpid = htons(ETH_P_8021Q),
		.vlan_tci = htons(VLAN_CFI_MASK | 200),
	};
	struct sk_buff *in = fxt_udp(test, ETH_P_IP, 2980, FXT_MRU);
	struct fxt_expect e = {
		.orig = fxt_copy(test, in), .l2_len = VLAN_ETH_HLEN,
		.n = 3, .sizes = { 1376, 1376, 228 }, .l4_csum = true,
	};
	u8 l2[VLAN_ETH_HLEN];

	memcpy(l2, e.orig->data, 2 * ETH_ALEN);
	put_unaligned_be16(ETH_P_8021Q, l2 + 12);
	put_unaligned_be16(200, l2 + 14);
	put_unaligned_be16(ETH_P_IP, l2 + 16);
	e.l2 = l2;

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_VLAN, &vlan,
		   sizeof(vlan));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	fxt_check(test, 1, &e);
	fxt_check_cb(test, 3, FXT_MRU);
}

/* trunc cuts first; the MRU then applies to what is left. */
static void fxt_trunc(struct kunit *test)
{
	struct ovs_action_trunc trunc = { .max_len = 1000 };
	struct sk_buff *in = fxt_udp(test, ETH_P_IP, 2980, FXT_MRU);
	struct sk_buff *orig = fxt_copy(test, in), *out;
	struct fxt_expect e = {
		.l2_len = ETH_HLEN, .n = 2, .sizes = { 1376, 2000 - 34 - 1376 },
	};

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_TRUNC, &trunc,
		   sizeof(trunc));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	KUNIT_ASSERT_EQ(test, ovs_axt_count(test, 1), 1U);
	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, out->len, 1000U);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, orig->data, 1000), 0);

	/* Still longer than the MRU after the cut: fragments of what is left. */
	trunc.max_len = 2000;
	in = fxt_udp(test, ETH_P_IP, 2980, FXT_MRU);
	e.orig = fxt_copy(test, in);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_TRUNC, &trunc,
		   sizeof(trunc));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	fxt_check(test, 1, &e);
	KUNIT_EXPECT_EQ(test, fxt_tx_dropped(test, 1), 0ULL);
}

static struct kunit_case fxt_cases[] = {
	KUNIT_CASE(fxt_ipv4),
	KUNIT_CASE(fxt_ipv6),
	KUNIT_CASE(fxt_fits),
	KUNIT_CASE(fxt_mru_over_mtu),
	KUNIT_CASE(fxt_non_ip),
	KUNIT_CASE(fxt_vlan_in_packet),
	KUNIT_CASE(fxt_vlan_pushed),
	KUNIT_CASE(fxt_trunc),
	{}
};

static struct kunit_suite fxt_suite = {
	.name = "ovs_ip_frag",
	.init = fxt_init,
	.exit = ovs_axt_exit,
	.test_cases = fxt_cases,
};

kunit_test_suite(fxt_suite);
