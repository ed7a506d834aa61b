// SPDX-License-Identifier: GPL-2.0-only
/*
 * Set actions (datapath/actions_set.c) on real frames: each field a set
 * can change, checked byte by byte with every checksum recomputed.
 */

#include "actions_exec_kunit.h"

/* set(eth): both addresses; nothing else in the frame moves. */
static void ovs_axt_set_eth(struct kunit *test)
{
	struct ovs_key_ethernet eth = {
		.eth_src = { 0x0a, 1, 2, 3, 4, 5 },
		.eth_dst = { 0x0e, 6, 7, 8, 9, 10 },
	};
	struct axt *t = test->priv;
	struct sk_buff *in = ovs_axt_ipv4_tcp(test), *out;
	u8 *orig = kunit_kmalloc(test, in->len, GFP_KERNEL);
	unsigned int len = in->len;

	KUNIT_ASSERT_NOT_NULL(test, orig);
	memcpy(orig, in->data, len);
	ovs_axt_set(test, OVS_KEY_ATTR_ETHERNET, &eth, NULL, sizeof(eth));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	KUNIT_ASSERT_EQ(test, out->len, len);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, eth.eth_dst, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + ETH_ALEN, eth.eth_src, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + 12, orig + 12, len - 12), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->key.eth.src, eth.eth_src, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->key.eth.dst, eth.eth_dst, ETH_ALEN), 0);
}

/* set(ipv4(src, dst)) over TCP: the IP and the TCP pseudo-header sums. */
static void ovs_axt_set_ipv4_addrs(struct kunit *test)
{
	struct ovs_key_ipv4 v = {
		.ipv4_src = htonl(0xc0a80101), .ipv4_dst = htonl(0xac100203),
	};
	struct ovs_key_ipv4 m = {
		.ipv4_src = htonl(0xffffffff), .ipv4_dst = htonl(0xffffffff),
	};
	struct axt *t = test->priv;
	struct sk_buff *out;
	struct iphdr *ip;

	ovs_axt_set(test, OVS_KEY_ATTR_IPV4, &v, &m, sizeof(v));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	ip = (struct iphdr *)(out->data + AXT_L3);
	KUNIT_EXPECT_EQ(test, ntohl(ip->saddr), 0xc0a80101U);
	KUNIT_EXPECT_EQ(test, ntohl(ip->daddr), 0xac100203U);
	KUNIT_EXPECT_EQ(test, ip->ttl, 64);
	ovs_axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, ntohl(t->key.ipv4.src), 0xc0a80101U);
	KUNIT_EXPECT_EQ(test, ntohl(t->key.ipv4.dst), 0xac100203U);
}

/* set(ipv4(tos, ttl)), the internal form of a plain set: addresses stay. */
static void ovs_axt_set_ipv4_tos_ttl(struct kunit *test)
{
	struct ovs_key_ipv4 v = {
		.ipv4_src = htonl(0x0a000001), .ipv4_dst = htonl(0x0a000002),
		.ipv4_proto = IPPROTO_TCP, .ipv4_tos = 0xb8, .ipv4_ttl = 7,
	};
	struct axt *t = test->priv;
	struct sk_buff *out;
	struct iphdr *ip;

	ovs_axt_set(test, OVS_KEY_ATTR_IPV4, &v, NULL, sizeof(v));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	ip = (struct iphdr *)(out->data + AXT_L3);
	KUNIT_EXPECT_EQ(test, ip->tos, 0xb8);
	KUNIT_EXPECT_EQ(test, ip->ttl, 7);
	KUNIT_EXPECT_EQ(test, ntohl(ip->saddr), 0x0a000001U);
	ovs_axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, t->key.ip.tos, 0xb8);
	KUNIT_EXPECT_EQ(test, t->key.ip.ttl, 7);
}

/* Masked set of half a source address, over UDP with a checksum. */
static void ovs_axt_set_ipv4_masked(struct kunit *test)
{
	const struct ovs_axt_pkt p = { ETH_P_IP, IPPROTO_UDP, false, 21 };
	struct ovs_key_ipv4 v = { .ipv4_src = htonl(0xc0a80000) };
	struct ovs_key_ipv4 m = { .ipv4_src = htonl(0xffff0000) };
	struct sk_buff *out;
	struct iphdr *ip;

	ovs_axt_set(test, OVS_KEY_ATTR_IPV4, &v, &m, sizeof(v));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_packet(test, &p), ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	ip = (struct iphdr *)(out->data + AXT_L3);
	KUNIT_EXPECT_EQ(test, ntohl(ip->saddr), 0xc0a80001U);
	KUNIT_EXPECT_EQ(test, ntohl(ip->daddr), 0x0a000002U);
	ovs_axt_check_csums(test, out, AXT_L3);
}

/* A UDP checksum of zero means none: an address change keeps it zero. */
static void ovs_axt_set_ipv4_udp_no_csum(struct kunit *test)
{
	const struct ovs_axt_pkt p = { ETH_P_IP, IPPROTO_UDP, true, 16 };
	struct ovs_key_ipv4 v = { .ipv4_dst = htonl(0x0a0000fe) };
	struct ovs_key_ipv4 m = { .ipv4_dst = htonl(0xffffffff) };
	struct udphdr *uh;
	struct sk_buff *out;

	ovs_axt_set(test, OVS_KEY_ATTR_IPV4, &v, &m, sizeof(v));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_packet(test, &p), ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	uh = ovs_axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, (__force u16)uh->check, 0);
	KUNIT_EXPECT_EQ(test, ntohl(((struct iphdr *)(out->data + AXT_L3))->daddr),
			0x0a0000feU);
}

/* set(ipv6(src, dst, label)) over TCP. */
static void ovs_axt_set_ipv6(struct kunit *test)
{
	const struct ovs_axt_pkt p = { ETH_P_IPV6, IPPROTO_TCP, false, 40 };
	struct ovs_key_ipv6 v = {}, m = {};
	struct axt *t = test->priv;
	struct ipv6hdr *ip6;
	struct sk_buff *out;
	struct in6_addr a;

	v.ipv6_src[0] = htonl(0xfd000000);
	v.ipv6_src[3] = htonl(0x11);
	v.ipv6_dst[0] = htonl(0xfd000001);
	v.ipv6_dst[3] = htonl(0x22);
	v.ipv6_label = htonl(0xabcde);
	memset(m.ipv6_src, 0xff, sizeof(m.ipv6_src));
	memset(m.ipv6_dst, 0xff, sizeof(m.ipv6_dst));
	m.ipv6_label = htonl(0xfffff);

	ovs_axt_set(test, OVS_KEY_ATTR_IPV6, &v, &m, sizeof(v));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_packet(test, &p), ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	ip6 = (struct ipv6hdr *)(out->data + AXT_L3);
	memcpy(&a, v.ipv6_src, sizeof(a));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ip6->saddr, &a));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&t->key.ipv6.src, &a));
	memcpy(&a, v.ipv6_dst, sizeof(a));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ip6->daddr, &a));
	KUNIT_EXPECT_EQ(test, ntohl(*(__be32 *)ip6), 0x600abcdeU);
	KUNIT_EXPECT_EQ(test, ip6->hop_limit, 64);
	KUNIT_EXPECT_EQ(test, ntohl(t->key.ipv6.label), 0xabcdeU);
	ovs_axt_check_csums(test, out, AXT_L3);
}

/* set(tcp) and set(udp): both ports, checksum fixed. */
static void ovs_axt_set_ports(struct kunit *test, u8 proto, int key_type)
{
	const struct ovs_axt_pkt p = { ETH_P_IP, proto, false, 33 };
	__be16 v[2] = { htons(4444), htons(53) };
	struct axt *t = test->priv;
	struct sk_buff *out;
	__be16 *ports;

	ovs_axt_set(test, key_type, v, NULL, sizeof(v));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_packet(test, &p), ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	ports = ovs_axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, ntohs(ports[0]), 4444);
	KUNIT_EXPECT_EQ(test, ntohs(ports[1]), 53);
	KUNIT_EXPECT_EQ(test, ntohs(t->key.tp.src), 4444);
	KUNIT_EXPECT_EQ(test, ntohs(t->key.tp.dst), 53);
}

static void ovs_axt_set_tcp(struct kunit *test)
{
	ovs_axt_set_ports(test, IPPROTO_TCP, OVS_KEY_ATTR_TCP);
}

static void ovs_axt_set_udp(struct kunit *test)
{
	ovs_axt_set_ports(test, IPPROTO_UDP, OVS_KEY_ATTR_UDP);
}

/* set_masked(sctp(dst)): the CRC32c is recomputed. */
static void ovs_axt_set_sctp(struct kunit *test)
{
	const struct ovs_axt_pkt p = { ETH_P_IP, IPPROTO_SCTP, false, 64 };
	struct ovs_key_sctp v = { .sctp_dst = htons(3868) };
	struct ovs_key_sctp m = { .sctp_dst = htons(0xffff) };
	struct sctphdr *sh;
	struct sk_buff *out;

	ovs_axt_set(test, OVS_KEY_ATTR_SCTP, &v, &m, sizeof(v));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_packet(test, &p), ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	sh = ovs_axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, ntohs(sh->source), 1000);
	KUNIT_EXPECT_EQ(test, ntohs(sh->dest), 3868);
}

/* Marks skb CHECKSUM_COMPLETE, skb->csum right over its bytes. */
static struct sk_buff *ovs_axt_csum_complete(struct sk_buff *skb)
{
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = csum_partial(skb->data, skb->len, 0);
	return skb;
}

/* A CHECKSUM_COMPLETE frame's skb->csum still covers exactly its bytes. */
static void ovs_axt_expect_csum_complete(struct kunit *test,
					 const struct sk_buff *skb,
				     const char *what)
{
	if (skb->ip_summed != CHECKSUM_COMPLETE)
		return;
	KUNIT_EXPECT_EQ_MSG(test, (__force u16)csum_fold(skb->csum),
			    (__force u16)csum_fold(csum_partial(skb->data,
								skb->len, 0)),
			    "skb->csum after %s", what);
}

/*
 * Address sets on CHECKSUM_COMPLETE IPv6 packets.  Over TCP the checksum
 * update balances the address change inside skb->csum; where no L4
 * checksum follows the address (SCTP, a later fragment) skb->csum must
 * follow it by itself.
 */
static void ovs_axt_set_ipv6_csum_complete(struct kunit *test)
{
	static const struct {
		u8 proto;
		bool later_frag;
		const char *what;
	} cases[] = {
		{ IPPROTO_TCP, false, "set(ipv6) over TCP" },
		{ IPPROTO_SCTP, false, "set(ipv6) over SCTP" },
		{ IPPROTO_TCP, true, "set(ipv6) of a later fragment" },
	};
	struct ovs_key_ipv6 v = {}, m = {};
	struct axt *t = test->priv;
	const struct ovs_actions *acts;
	unsigned int i;

	v.ipv6_src[0] = htonl(0xfd000000);
	v.ipv6_src[3] = htonl(0x11);
	v.ipv6_dst[0] = htonl(0xfd000001);
	v.ipv6_dst[3] = htonl(0x2203);
	memset(m.ipv6_src, 0xff, sizeof(m.ipv6_src));
	memset(m.ipv6_dst, 0xff, sizeof(m.ipv6_dst));
	ovs_axt_set(test, OVS_KEY_ATTR_IPV6, &v, &m, sizeof(v));
	ovs_axt_output(test, 1);
	acts = ovs_axt_acts(test);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct ovs_axt_pkt p = { ETH_P_IPV6, cases[i].proto, false, 41 };
		struct sk_buff *in = ovs_axt_csum_complete(ovs_axt_packet(test, &p));

		if (cases[i].later_frag)
			t->key.ip.frag = OVS_FRAG_TYPE_LATER;
		KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, acts), 0);
		ovs_axt_expect_csum_complete(test, ovs_axt_sent(test, 1), cases[i].what);
	}
}

/* set(sctp): the ports and the CRC32c change, skb->csum must follow. */
static void ovs_axt_set_sctp_csum_complete(struct kunit *test)
{
	const struct ovs_axt_pkt p = { ETH_P_IPV6, IPPROTO_SCTP, false, 64 };
	struct ovs_key_sctp v = { .sctp_src = htons(7), .sctp_dst = htons(3868) };
	struct sk_buff *out;

	ovs_axt_set(test, OVS_KEY_ATTR_SCTP, &v, NULL, sizeof(v));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_csum_complete(ovs_axt_packet(test, &p)),
					  ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	ovs_axt_check_csums(test, out, AXT_L3);
	ovs_axt_expect_csum_complete(test, out, "set(sctp)");
}

/* set(udp) without a UDP checksum: nothing balances the ports in skb->csum. */
static void ovs_axt_set_udp_no_csum_complete(struct kunit *test)
{
	const struct ovs_axt_pkt p = { ETH_P_IP, IPPROTO_UDP, true, 33 };
	__be16 v[2] = { htons(4444), htons(53) };
	struct sk_buff *out;

	ovs_axt_set(test, OVS_KEY_ATTR_UDP, v, NULL, sizeof(v));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_csum_complete(ovs_axt_packet(test, &p)),
					  ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, ((struct udphdr *)(out->data + AXT_L3 +
						 sizeof(struct iphdr)))->check, 0);
	ovs_axt_expect_csum_complete(test, out, "set(udp) without a checksum");
}

/* set(priority), set_masked(skb_mark): metadata, not packet bytes. */
static void ovs_axt_set_meta(struct kunit *test)
{
	u32 prio = 7, mark = 0xab00, mark_mask = 0xff00;
	struct axt *t = test->priv;
	struct sk_buff *in = ovs_axt_ipv4_tcp(test), *out;

	in->mark = 0x12345;
	ovs_axt_set(test, OVS_KEY_ATTR_PRIORITY, &prio, NULL, sizeof(prio));
	ovs_axt_set(test, OVS_KEY_ATTR_SKB_MARK, &mark, &mark_mask, sizeof(mark));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, out->priority, 7U);
	KUNIT_EXPECT_EQ(test, out->mark, 0x1ab45U);
	KUNIT_EXPECT_EQ(test, t->key.skb_mark, 0x1ab45U);
}

/*
 * set(tcp) on a later fragment: what follows its IP header is payload, not
 * ports, and must leave as it came (the fuzzer's "key in step" check found
 * the ports written into the payload).
 */
static void ovs_axt_set_tcp_later_fragment(struct kunit *test)
{
	const struct ovs_axt_pkt p = { ETH_P_IP, IPPROTO_TCP, false, 40 };
	__be16 v[2] = { htons(4444), htons(53) };
	struct axt *t = test->priv;
	struct sk_buff *in = ovs_axt_packet(test, &p), *out;
	unsigned int len = in->len;
	struct iphdr *ip = ip_hdr(in);
	u8 *orig;

	ip->frag_off = htons(100);
	ip->check = 0;
	ip->check = ip_fast_csum(ip, ip->ihl);
	t->key.ip.frag = OVS_FRAG_TYPE_LATER;
	t->key.tp.src = 0;
	t->key.tp.dst = 0;
	orig = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	memcpy(orig, in->data, len);

	ovs_axt_set(test, OVS_KEY_ATTR_TCP, v, NULL, sizeof(v));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	KUNIT_ASSERT_EQ(test, out->len, len);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(out->data, orig, len), 0,
			    "the later fragment's payload was rewritten");
	KUNIT_EXPECT_EQ(test, ntohs(t->key.tp.src), 0);
	KUNIT_EXPECT_EQ(test, ntohs(t->key.tp.dst), 0);
}

static struct kunit_case ovs_axt_cases[] = {
	KUNIT_CASE(ovs_axt_set_eth),
	KUNIT_CASE(ovs_axt_set_ipv4_addrs),
	KUNIT_CASE(ovs_axt_set_ipv4_tos_ttl),
	KUNIT_CASE(ovs_axt_set_ipv4_masked),
	KUNIT_CASE(ovs_axt_set_ipv4_udp_no_csum),
	KUNIT_CASE(ovs_axt_set_ipv6),
	KUNIT_CASE(ovs_axt_set_tcp),
	KUNIT_CASE(ovs_axt_set_udp),
	KUNIT_CASE(ovs_axt_set_sctp),
	KUNIT_CASE(ovs_axt_set_ipv6_csum_complete),
	KUNIT_CASE(ovs_axt_set_sctp_csum_complete),
	KUNIT_CASE(ovs_axt_set_udp_no_csum_complete),
	KUNIT_CASE(ovs_axt_set_meta),
	KUNIT_CASE(ovs_axt_set_tcp_later_fragment),
	{}
};

static struct kunit_suite ovs_axt_suite = {
	.name = "ovs_actions_exec_set",
	.init = ovs_axt_init,
	.exit = ovs_axt_exit,
	.test_cases = ovs_axt_cases,
};

kunit_test_suite(ovs_axt_suite);
