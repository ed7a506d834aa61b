// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pushes and pops (datapath/actions_encap.c) on real frames: VLAN (802.1Q,
 * 802.1ad, in the frame and in hwaccel), MPLS, Ethernet, and dec_ttl.
 */

#include <net/nsh.h>
#include <net/tun_proto.h>

#include "actions_exec_kunit.h"

/* The frame as sent: 12 address bytes, then a tag of tpid/tci, then rest. */
static void ovs_axt_expect_tag(struct kunit *test, const u8 *frame,
			       unsigned int at, u16 tpid, u16 tci)
{
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(frame + at), tpid);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(frame + at + 2), tci);
}

/* push_vlan 802.1Q, then 802.1ad outside it: QinQ on the wire. */
static void ovs_axt_push_vlan(struct kunit *test)
{
	struct ovs_action_push_vlan q = {
		.vlan_tpid = htons(ETH_P_8021Q),
		.vlan_tci = htons(VLAN_CFI_MASK | 100),
	};
	struct ovs_action_push_vlan ad = {
		.vlan_tpid = htons(ETH_P_8021AD),
		.vlan_tci = htons(VLAN_CFI_MASK | 0x2000 | 7),
	};
	struct sk_buff *in = ovs_axt_ipv4_tcp(test), *out;
	struct axt *t = test->priv;
	unsigned int len = in->len;

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_VLAN, &q, sizeof(q));
	ovs_axt_output(test, 1);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_VLAN, &ad,
		   sizeof(ad));
	ovs_axt_output(test, 2);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, ntohs(t->key.eth.vlan.tci), VLAN_CFI_MASK | 100);
	KUNIT_EXPECT_EQ(test, ntohs(t->key.eth.vlan.tpid), ETH_P_8021Q);

	out = ovs_axt_sent(test, 1);
	KUNIT_ASSERT_EQ(test, out->len, len + VLAN_HLEN);
	ovs_axt_expect_tag(test, out->data, 12, ETH_P_8021Q, 100);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 16), ETH_P_IP);
	ovs_axt_check_csums(test, out, AXT_L3 + VLAN_HLEN);

	out = ovs_axt_sent(test, 2);
	KUNIT_ASSERT_EQ(test, out->len, len + 2 * VLAN_HLEN);
	ovs_axt_expect_tag(test, out->data, 12, ETH_P_8021AD, 0x2007);
	ovs_axt_expect_tag(test, out->data, 16, ETH_P_8021Q, 100);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 20), ETH_P_IP);
	ovs_axt_check_csums(test, out, AXT_L3 + 2 * VLAN_HLEN);
}

/* pop_vlan of an in-packet tag, then of a hwaccel tag. */
static void ovs_axt_pop_vlan(struct kunit *test)
{
	const struct ovs_actions *acts;
	struct axt *t = test->priv;
	struct sk_buff *in, *out;
	unsigned int len;

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
	ovs_axt_output(test, 1);
	acts = ovs_axt_acts(test);

	in = ovs_axt_tagged(test, ETH_P_8021Q, 100);
	len = in->len;
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, acts), 0);
	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, out->len, len - VLAN_HLEN);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 12), ETH_P_IP);
	ovs_axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, t->key.eth.vlan.tci, 0);

	in = ovs_axt_ipv4_tcp(test);
	__vlan_hwaccel_put_tag(in, htons(ETH_P_8021AD), 5);
	t->key.eth.vlan.tci = htons(VLAN_CFI_MASK | 5);
	len = in->len;
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, acts), 0);
	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, out->len, len);
	KUNIT_EXPECT_FALSE(test, skb_vlan_tag_present(out));
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 12), ETH_P_IP);
	KUNIT_EXPECT_EQ(test, t->key.eth.vlan.tci, 0);
}

/* QinQ: outer 802.1ad in hwaccel, inner 802.1Q in the frame; pop the outer. */
static void ovs_axt_pop_vlan_qinq(struct kunit *test)
{
	struct sk_buff *in = ovs_axt_tagged(test, ETH_P_8021Q, 100), *out;
	unsigned int len = in->len;

	__vlan_hwaccel_put_tag(in, htons(ETH_P_8021AD), 9);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);

	/* The inner tag is the only one left, first after the addresses. */
	out = ovs_axt_sent(test, 1);
	KUNIT_ASSERT_EQ(test, out->len, len);
	ovs_axt_expect_tag(test, out->data, 12, ETH_P_8021Q, 100);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 16), ETH_P_IP);
	ovs_axt_check_csums(test, out, AXT_L3 + VLAN_HLEN);
}

/* push_mpls after L2, then pop_mpls: the original frame comes back. */
static void ovs_axt_push_pop_mpls(struct kunit *test)
{
	struct ovs_action_push_mpls push = {
		.mpls_lse = htonl((1000 << 12) | (1 << 8) | 64),
		.mpls_ethertype = htons(ETH_P_MPLS_UC),
	};
	struct sk_buff *in = ovs_axt_ipv4_tcp(test), *out;
	__be16 ip = htons(ETH_P_IP);
	unsigned int len = in->len;
	u8 *orig;

	orig = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	memcpy(orig, in->data, len);

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_MPLS, &push,
		   sizeof(push));
	ovs_axt_output(test, 1);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_POP_MPLS, &ip,
		   sizeof(ip));
	ovs_axt_output(test, 2);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	KUNIT_ASSERT_EQ(test, out->len, len + MPLS_HLEN);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, orig, 12), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 12), ETH_P_MPLS_UC);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(out->data + 14),
			(1000U << 12) | (1 << 8) | 64);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + 18, orig + 14, len - 14), 0);
	KUNIT_EXPECT_EQ(test, ntohs(out->protocol), ETH_P_MPLS_UC);

	out = ovs_axt_sent(test, 2);
	KUNIT_ASSERT_EQ(test, out->len, len);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, orig, len), 0);
}

/* set(mpls): the label changes, the rest of the entry stays. */
static void ovs_axt_set_mpls(struct kunit *test)
{
	struct ovs_action_push_mpls push = {
		.mpls_lse = htonl((1000 << 12) | (1 << 8) | 64),
		.mpls_ethertype = htons(ETH_P_MPLS_UC),
	};
	__be32 lse = htonl(77 << 12), mask = htonl(0xfffff000);
	struct sk_buff *out;

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_MPLS, &push,
		   sizeof(push));
	ovs_axt_set(test, OVS_KEY_ATTR_MPLS, &lse, &mask, sizeof(lse));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(out->data + 14),
			(77U << 12) | (1 << 8) | 64);
	ovs_axt_check_csums(test, out, AXT_L3 + MPLS_HLEN);
}

/* add_mpls without the L3 flag: the label goes in front of the frame. */
static void ovs_axt_add_mpls(struct kunit *test)
{
	struct ovs_action_add_mpls add = {
		.mpls_lse = htonl((5 << 12) | (1 << 8) | 3),
		.mpls_ethertype = htons(ETH_P_MPLS_UC),
	};
	struct sk_buff *in = ovs_axt_ipv4_tcp(test), *out;
	struct axt *t = test->priv;
	unsigned int len = in->len;
	u8 *orig;

	orig = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	memcpy(orig, in->data, len);

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_ADD_MPLS, &add,
		   sizeof(add));
	ovs_axt_output(test, AXT_L3_PORT);
	add.tun_flags = OVS_MPLS_L3_TUNNEL_FLAG_MASK;
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, t->key.mac_proto, OVS_MAC_PROTO_NONE);

	out = ovs_axt_sent(test, AXT_L3_PORT);
	KUNIT_ASSERT_EQ(test, out->len, len + MPLS_HLEN);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(out->data),
			(5U << 12) | (1 << 8) | 3);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + MPLS_HLEN, orig, len), 0);

	/* With the flag: after the Ethernet header, like push_mpls. */
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_ADD_MPLS, &add,
		   sizeof(add));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, t->key.mac_proto, OVS_MAC_PROTO_ETHERNET);
	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 12), ETH_P_MPLS_UC);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(out->data + 14),
			(5U << 12) | (1 << 8) | 3);
}

/* pop_eth then push_eth with new addresses. */
static void ovs_axt_pop_push_eth(struct kunit *test)
{
	struct ovs_action_push_eth push = {
		.addresses = {
			.eth_src = { 2, 0xaa, 0, 0, 0, 1 },
			.eth_dst = { 2, 0xbb, 0, 0, 0, 2 },
		},
	};
	struct sk_buff *in = ovs_axt_ipv4_tcp(test), *out;
	struct axt *t = test->priv;
	unsigned int len = in->len;
	u8 *orig;

	orig = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	memcpy(orig, in->data, len);

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_POP_ETH, NULL, 0);
	ovs_axt_output(test, AXT_L3_PORT);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_ETH, &push,
		   sizeof(push));
	ovs_axt_output(test, 2);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, t->key.mac_proto, OVS_MAC_PROTO_ETHERNET);

	out = ovs_axt_sent(test, AXT_L3_PORT);
	KUNIT_ASSERT_EQ(test, out->len, len - ETH_HLEN);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, orig + ETH_HLEN, len - ETH_HLEN), 0);
	ovs_axt_check_csums(test, out, 0);

	out = ovs_axt_sent(test, 2);
	KUNIT_ASSERT_EQ(test, out->len, len);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, push.addresses.eth_dst, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + 6, push.addresses.eth_src, 6), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + 12, orig + 12, len - 12), 0);
}

/* dec_ttl: 64 -> 63 with the header checksum fixed, IPv4 and IPv6. */
static void ovs_axt_dec_ttl(struct kunit *test)
{
	const struct ovs_axt_pkt p6 = { ETH_P_IPV6, IPPROTO_UDP, false, 8 };
	const struct ovs_actions *acts;
	struct axt *t = test->priv;
	struct nlattr *dec, *list;
	struct sk_buff *out;

	dec = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_DEC_TTL);
	list = ovs_kt_nest(test, ovs_axt_nl(test), OVS_DEC_TTL_ATTR_ACTION);
	ovs_axt_output(test, 2);
	ovs_kt_nest_end(test, ovs_axt_nl(test), list);
	ovs_kt_nest_end(test, ovs_axt_nl(test), dec);
	ovs_axt_output(test, 1);
	acts = ovs_axt_acts(test);

	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts), 0);
	KUNIT_EXPECT_EQ(test, t->key.ip.ttl, 63);
	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, ((struct iphdr *)(out->data + AXT_L3))->ttl, 63);
	ovs_axt_check_csums(test, out, AXT_L3);

	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_packet(test, &p6), acts), 0);
	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, ((struct ipv6hdr *)(out->data + AXT_L3))->hop_limit, 63);
	ovs_axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), 0U);
}

/* dec_ttl of TTL 1: the nested list runs instead of the rest. */
static void ovs_axt_dec_ttl_expired(struct kunit *test)
{
	struct ovs_key_ipv4 v = { .ipv4_ttl = 1 }, m = { .ipv4_ttl = 0xff };
	struct nlattr *dec, *list;
	struct sk_buff *out;

	ovs_axt_set(test, OVS_KEY_ATTR_IPV4, &v, &m, sizeof(v));
	dec = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_DEC_TTL);
	list = ovs_kt_nest(test, ovs_axt_nl(test), OVS_DEC_TTL_ATTR_ACTION);
	ovs_axt_output(test, 2);
	ovs_kt_nest_end(test, ovs_axt_nl(test), list);
	ovs_kt_nest_end(test, ovs_axt_nl(test), dec);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);

	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 0U);
	out = ovs_axt_sent(test, 2);
	KUNIT_EXPECT_EQ(test, ((struct iphdr *)(out->data + AXT_L3))->ttl, 1);
	ovs_axt_check_csums(test, out, AXT_L3);
}

/* pop_eth, push_nsh (MD type 1), then back: pop_nsh, push_eth. */
static void ovs_axt_push_pop_nsh(struct kunit *test)
{
	struct ovs_nsh_key_base base = {
		.flags = 0, .ttl = 63, .mdtype = NSH_M_TYPE1, .np = TUN_P_IPV4,
		.path_hdr = htonl((0x123 << 8) | 255),
	};
	struct ovs_nsh_key_md1 md1 = {
		.context = { htonl(1), htonl(2), htonl(3), htonl(4) },
	};
	struct ovs_action_push_eth eth = {};
	struct sk_buff *in = ovs_axt_ipv4_tcp(test), *out;
	struct nlattr *push, *key;
	unsigned int len = in->len;
	u8 *orig;

	orig = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	memcpy(orig, in->data, len);
	ether_addr_copy(eth.addresses.eth_src, ovs_axt_src_mac);
	ether_addr_copy(eth.addresses.eth_dst, ovs_axt_dst_mac);

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_POP_ETH, NULL, 0);
	push = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_NSH);
	key = ovs_kt_nest(test, ovs_axt_nl(test), OVS_KEY_ATTR_NSH);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_NSH_KEY_ATTR_BASE, &base,
		   sizeof(base));
	ovs_kt_put(test, ovs_axt_nl(test), OVS_NSH_KEY_ATTR_MD1, &md1, sizeof(md1));
	ovs_kt_nest_end(test, ovs_axt_nl(test), key);
	ovs_kt_nest_end(test, ovs_axt_nl(test), push);
	ovs_axt_output(test, AXT_L3_PORT);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_POP_NSH, NULL, 0);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_ETH, &eth,
		   sizeof(eth));
	ovs_axt_output(test, 2);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, AXT_L3_PORT);
	KUNIT_ASSERT_EQ(test, out->len, len - ETH_HLEN + NSH_M_TYPE1_LEN);
	KUNIT_EXPECT_EQ(test, nsh_get_ttl((struct nshhdr *)out->data), 63);
	KUNIT_EXPECT_EQ(test, nsh_hdr_len((struct nshhdr *)out->data),
			NSH_M_TYPE1_LEN);
	KUNIT_EXPECT_EQ(test, out->data[2], NSH_M_TYPE1);
	KUNIT_EXPECT_EQ(test, out->data[3], TUN_P_IPV4);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(out->data + 4),
			(0x123U << 8) | 255);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(out->data + 20), 4U);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + NSH_M_TYPE1_LEN,
				     orig + ETH_HLEN, len - ETH_HLEN), 0);

	out = ovs_axt_sent(test, 2);
	KUNIT_ASSERT_EQ(test, out->len, len);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, orig, len), 0);
}

/*
 * push_nsh with the most MD type 2 metadata the header's 6-bit length
 * (in 4-byte words) can describe: 244 bytes after the base header.  The
 * install-time check takes no more than this.
 */
static void ovs_axt_push_nsh_md2_max(struct kunit *test)
{
	struct ovs_nsh_key_base base = {
		.ttl = 9, .mdtype = NSH_M_TYPE2, .np = TUN_P_IPV4,
		.path_hdr = htonl((0x42 << 8) | 7),
	};
	const unsigned int mdlen = 244;
	struct sk_buff *in = ovs_axt_ipv4_tcp(test), *out;
	struct nlattr *push, *key;
	unsigned int len = in->len;
	u8 *md;

	md = kunit_kmalloc(test, mdlen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, md);
	memset(md, 0x5a, mdlen);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_POP_ETH, NULL, 0);
	push = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_NSH);
	key = ovs_kt_nest(test, ovs_axt_nl(test), OVS_KEY_ATTR_NSH);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_NSH_KEY_ATTR_BASE, &base,
		   sizeof(base));
	ovs_kt_put(test, ovs_axt_nl(test), OVS_NSH_KEY_ATTR_MD2, md, mdlen);
	ovs_kt_nest_end(test, ovs_axt_nl(test), key);
	ovs_kt_nest_end(test, ovs_axt_nl(test), push);
	ovs_axt_output(test, AXT_L3_PORT);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, AXT_L3_PORT);
	KUNIT_ASSERT_EQ(test, out->len, len - ETH_HLEN + NSH_BASE_HDR_LEN + mdlen);
	KUNIT_EXPECT_EQ(test, nsh_hdr_len((struct nshhdr *)out->data),
			NSH_BASE_HDR_LEN + mdlen);
	KUNIT_EXPECT_EQ(test, out->data[2], NSH_M_TYPE2);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + NSH_BASE_HDR_LEN, md, mdlen), 0);
	ovs_axt_check_csums(test, out, NSH_BASE_HDR_LEN + mdlen);
}

static struct kunit_case ovs_axt_cases[] = {
	KUNIT_CASE(ovs_axt_push_vlan),
	KUNIT_CASE(ovs_axt_pop_vlan),
	KUNIT_CASE(ovs_axt_pop_vlan_qinq),
	KUNIT_CASE(ovs_axt_push_pop_mpls),
	KUNIT_CASE(ovs_axt_set_mpls),
	KUNIT_CASE(ovs_axt_add_mpls),
	KUNIT_CASE(ovs_axt_pop_push_eth),
	KUNIT_CASE(ovs_axt_push_pop_nsh),
	KUNIT_CASE(ovs_axt_push_nsh_md2_max),
	KUNIT_CASE(ovs_axt_dec_ttl),
	KUNIT_CASE(ovs_axt_dec_ttl_expired),
	{}
};

static struct kunit_suite ovs_axt_suite = {
	.name = "ovs_actions_exec_encap",
	.init = ovs_axt_init,
	.exit = ovs_axt_exit,
	.test_cases = ovs_axt_cases,
};

kunit_test_suite(ovs_axt_suite);
