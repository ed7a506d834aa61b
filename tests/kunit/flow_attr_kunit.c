// SPDX-License-Identifier: GPL-2.0-only
/* Flow key attributes built and parsed (see flow_attr_kunit.h). */

#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/random.h>
#include <net/ndisc.h>
#include <net/nsh.h>

#include "datapath.h"
#include "flow_attr_int.h"
#include "flow_attr_kunit.h"

const u8 ovs_fa_src[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };

const u8 ovs_fa_dst[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };

int ovs_fa_init(struct kunit *test)
{
	struct ovs_fa_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->skb = alloc_skb(FA_SKB_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->skb);
	test->priv = c;
	return 0;
}

void ovs_fa_eth(struct kunit *test, struct sk_buff *skb)
{
	struct ovs_key_ethernet eth;

	memcpy(eth.eth_src, ovs_fa_src, ETH_ALEN);
	memcpy(eth.eth_dst, ovs_fa_dst, ETH_ALEN);
	ovs_kt_put(test, skb, OVS_KEY_ATTR_ETHERNET, &eth, sizeof(eth));
}

void ovs_fa_ipv4(struct kunit *test, struct sk_buff *skb, u8 proto, u8 frag)
{
	struct ovs_key_ipv4 ip = {
		.ipv4_src = htonl(0x0a000001),
		.ipv4_dst = htonl(0x0a000002),
		.ipv4_proto = proto,
		.ipv4_tos = 0x10,
		.ipv4_ttl = 64,
		.ipv4_frag = frag,
	};

	ovs_kt_put(test, skb, OVS_KEY_ATTR_IPV4, &ip, sizeof(ip));
}

void ovs_fa_tcp_key(struct kunit *test, struct sk_buff *skb)
{
	ovs_kt_u32(test, skb, OVS_KEY_ATTR_PRIORITY, 7);
	ovs_kt_u32(test, skb, OVS_KEY_ATTR_IN_PORT, 3);
	ovs_kt_u32(test, skb, OVS_KEY_ATTR_SKB_MARK, 9);
	ovs_kt_u32(test, skb, OVS_KEY_ATTR_RECIRC_ID, 0);
	ovs_kt_u32(test, skb, OVS_KEY_ATTR_DP_HASH, 0);
	ovs_fa_eth(test, skb);
	ovs_kt_be16(test, skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IP));
	ovs_fa_ipv4(test, skb, IPPROTO_TCP, OVS_FRAG_TYPE_NONE);
	ovs_fa_ports(test, skb, OVS_KEY_ATTR_TCP, 80, 443);
	ovs_kt_be16(test, skb, OVS_KEY_ATTR_TCP_FLAGS, htons(0x12));
}

int ovs_fa_parse(struct kunit *test, bool want_mask)
{
	struct ovs_fa_ctx *c = test->priv;

	memset(&c->extack, 0, sizeof(c->extack));
	return ovs_key_from_attrs(&init_net, c->key, c->mask, &c->k,
				  want_mask ? &c->m : NULL, &c->range, false,
				  &c->extack);
}

void ovs_fa_check_range(struct kunit *test, const struct ovs_key *mask,
			const struct ovs_key_range *range)
{
	const u8 *b = (const u8 *)mask;
	size_t i;

	KUNIT_EXPECT_EQ(test, range->start % sizeof(long), 0);
	KUNIT_EXPECT_EQ(test, range->end % sizeof(long), 0);
	KUNIT_EXPECT_LE(test, range->start, range->end);
	KUNIT_EXPECT_LE(test, (size_t)range->end, sizeof(*mask));
	for (i = 0; i < sizeof(*mask); i++)
		if (i < range->start || i >= range->end)
			KUNIT_EXPECT_EQ_MSG(test, b[i], 0, "mask byte %zu", i);
	/* Tight: the first and last long of the range hold nonzero bytes. */
	if (range->end) {
		KUNIT_EXPECT_TRUE(test, memchr_inv(b + range->start, 0,
						   sizeof(long)));
		KUNIT_EXPECT_TRUE(test, memchr_inv(b + range->end - sizeof(long),
						   0, sizeof(long)));
	}
}

void ovs_fa_key_init(struct ovs_key *k, __be16 type)
{
	memset(k, 0, sizeof(*k));
	k->priority = 1;
	k->skb_mark = 2;
	k->in_port = 4;
	k->recirc_id = 5;
	k->dp_hash = 6;
	k->mac_proto = OVS_MAC_PROTO_ETHERNET;
	memcpy(k->eth.src, ovs_fa_src, ETH_ALEN);
	memcpy(k->eth.dst, ovs_fa_dst, ETH_ALEN);
	k->eth.type = type;
}

/* Random keys and attribute streams for the fuzz suites. */

static const u16 ovs_fa_fuzz_types[] = {
	OVS_KEY_ATTR_ENCAP, OVS_KEY_ATTR_PRIORITY, OVS_KEY_ATTR_IN_PORT,
	OVS_KEY_ATTR_ETHERNET, OVS_KEY_ATTR_VLAN, OVS_KEY_ATTR_ETHERTYPE,
	OVS_KEY_ATTR_ETHERTYPE, OVS_KEY_ATTR_ETHERNET, OVS_KEY_ATTR_IPV4,
	OVS_KEY_ATTR_IPV6, OVS_KEY_ATTR_TCP, OVS_KEY_ATTR_UDP,
	OVS_KEY_ATTR_ICMP, OVS_KEY_ATTR_ICMPV6, OVS_KEY_ATTR_ARP,
	OVS_KEY_ATTR_ND, OVS_KEY_ATTR_SKB_MARK, OVS_KEY_ATTR_TUNNEL,
	OVS_KEY_ATTR_SCTP, OVS_KEY_ATTR_TCP_FLAGS, OVS_KEY_ATTR_DP_HASH,
	OVS_KEY_ATTR_RECIRC_ID, OVS_KEY_ATTR_MPLS, OVS_KEY_ATTR_CT_STATE,
	OVS_KEY_ATTR_CT_ZONE, OVS_KEY_ATTR_CT_MARK, OVS_KEY_ATTR_CT_LABELS,
	OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6,
	OVS_KEY_ATTR_NSH, OVS_KEY_ATTR_PACKET_TYPE,
	OVS_KEY_ATTR_IPV6_EXTHDRS,
};

static const u16 ovs_fa_fuzz_ethertypes[] = {
	ETH_P_IP, ETH_P_IPV6, ETH_P_ARP, ETH_P_RARP, ETH_P_MPLS_UC,
	ETH_P_MPLS_MC, ETH_P_NSH, ETH_P_8021Q, ETH_P_8021AD, 0x88cc,
};

static const u8 ovs_fa_fuzz_protos[] = {
	IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_ICMP, IPPROTO_ICMPV6,
	IPPROTO_GRE,
};

u32 ovs_fa_rand(struct rnd_state *rnd, u32 n)
{
	return prandom_u32_state(rnd) % n;
}

static u8 ovs_fa_fuzz_proto(struct rnd_state *rnd)
{
	return ovs_fa_fuzz_protos[ovs_fa_rand(rnd, ARRAY_SIZE(ovs_fa_fuzz_protos))];
}

static u16 ovs_fa_rand_type(struct rnd_state *rnd)
{
	return ovs_fa_fuzz_ethertypes[ovs_fa_rand(rnd, ARRAY_SIZE(ovs_fa_fuzz_ethertypes))];
}

/* A payload for one attribute: mostly plausible, sometimes anything. */
static void ovs_fa_fuzz_payload(struct rnd_state *rnd, int type, u8 *buf, int len)
{
	__be16 be;
	int i;

	for (i = 0; i < len; i++)
		buf[i] = prandom_u32_state(rnd);
	if (!ovs_fa_rand(rnd, 6)) {
		memset(buf, 0, len);
		return;
	}
	if (ovs_fa_rand(rnd, 4) == 0)
		return;

	switch (type) {
	case OVS_KEY_ATTR_ETHERTYPE:
		be = htons(ovs_fa_rand_type(rnd));
		memcpy(buf, &be, min_t(int, len, sizeof(be)));
		break;
	case OVS_KEY_ATTR_VLAN:
		if (len >= 2)
			buf[0] = (buf[0] & 0x0f) | 0x10;
		break;
	case OVS_KEY_ATTR_IN_PORT:
		if (len == 4)
			memset(buf + 1, 0, 3);
		break;
	case OVS_KEY_ATTR_IPV4:
		if (len == sizeof(struct ovs_key_ipv4)) {
			buf[8] = ovs_fa_fuzz_proto(rnd);
			buf[11] = ovs_fa_rand(rnd, 4);
		}
		break;
	case OVS_KEY_ATTR_IPV6:
		if (len == sizeof(struct ovs_key_ipv6)) {
			buf[32] = 0;
			buf[33] &= 0x0f;
			buf[36] = ovs_fa_fuzz_proto(rnd);
			buf[39] = ovs_fa_rand(rnd, 4);
		}
		break;
	case OVS_KEY_ATTR_ICMPV6:
		if (len == 2)
			buf[0] = NDISC_NEIGHBOUR_SOLICITATION + ovs_fa_rand(rnd, 2);
		break;
	case OVS_KEY_ATTR_PACKET_TYPE:
		if (len == 4) {
			be = htons(ovs_fa_rand_type(rnd));
			buf[0] = 0;
			buf[1] = ovs_fa_rand(rnd, 2);
			memcpy(buf + 2, &be, sizeof(be));
		}
		break;
	case OVS_KEY_ATTR_ARP:
		if (len == sizeof(struct ovs_key_arp))
			buf[8] = 0;
		break;
	}
}

static int ovs_fa_fuzz_len(struct rnd_state *rnd, int expected)
{
	if (expected >= 0 && ovs_fa_rand(rnd, 4))
		return expected;
	if (expected == OVS_KEY_ATTR_LEN_VARIABLE && ovs_fa_rand(rnd, 4))
		return 4 * ovs_fa_rand(rnd, 5);
	return ovs_fa_rand(rnd, 48);
}

void ovs_fa_fuzz_attrs(struct rnd_state *rnd, struct sk_buff *skb,
		       int space, int depth)
{
	int n = ovs_fa_rand(rnd, 10);
	u8 buf[48];
	int i;

	for (i = 0; i < n; i++) {
		int type, len;

		if (space == 1) {
			type = ovs_fa_rand(rnd, 5);
			len = ovs_nsh_key_attr_len(type);
		} else if (space == 2) {
			type = ovs_fa_rand(rnd, 20);
			len = ovs_tunnel_key_attr_len(type);
		} else if (ovs_fa_rand(rnd, 8)) {
			type = ovs_fa_fuzz_types[ovs_fa_rand(rnd, ARRAY_SIZE(ovs_fa_fuzz_types))];
			len = ovs_key_attr_len(type);
		} else {
			type = ovs_fa_rand(rnd, 40);
			len = ovs_key_attr_len(type);
		}

		if (len == OVS_KEY_ATTR_LEN_NESTED && depth < 3 &&
		    ovs_fa_rand(rnd, 8)) {
			struct nlattr *nest = nla_nest_start_noflag(skb, type);
			int sub = 0;

			if (!nest)
				return;
			if (space == 0 && type == OVS_KEY_ATTR_NSH)
				sub = 1;
			else if (space == 0 && type == OVS_KEY_ATTR_TUNNEL)
				sub = 2;
			ovs_fa_fuzz_attrs(rnd, skb, sub, depth + 1);
			nla_nest_end(skb, nest);
			continue;
		}
		len = ovs_fa_fuzz_len(rnd, len);
		ovs_fa_fuzz_payload(rnd, space ? -1 : type, buf, len);
		if (nla_put(skb, type, len, buf))
			return;
	}
	/* Now and then a partial attribute at the end. */
	if (!ovs_fa_rand(rnd, 16) && skb_tailroom(skb) > 4)
		skb_put_zero(skb, 1 + ovs_fa_rand(rnd, 3));
}

void ovs_fa_fuzz_key(struct rnd_state *rnd, struct ovs_key *k)
{
	static const u16 types[] = {
		ETH_P_IP, ETH_P_IPV6, ETH_P_ARP, ETH_P_RARP, ETH_P_MPLS_UC,
		ETH_P_MPLS_MC, ETH_P_NSH, 0x88cc, ETH_P_802_2,
	};
	bool l2 = ovs_fa_rand(rnd, 8);
	int tags = l2 ? ovs_fa_rand(rnd, 3) : 0;
	int i;

	memset(k, 0, sizeof(*k));
	k->priority = prandom_u32_state(rnd);
	k->skb_mark = ovs_fa_rand(rnd, 2) ? prandom_u32_state(rnd) : 0;
	k->in_port = ovs_fa_rand(rnd, 5) ? ovs_fa_rand(rnd, 100) : OVS_DP_MAX_PORTS;
	k->recirc_id = ovs_fa_rand(rnd, 2) ? prandom_u32_state(rnd) : 0;
	k->dp_hash = ovs_fa_rand(rnd, 2) ? prandom_u32_state(rnd) : 0;
	k->mac_proto = l2 ? OVS_MAC_PROTO_ETHERNET : OVS_MAC_PROTO_NONE;
	k->eth.type = htons(types[ovs_fa_rand(rnd, ARRAY_SIZE(types) - !l2)]);
	if (l2) {
		prandom_bytes_state(rnd, k->eth.src, ETH_ALEN);
		prandom_bytes_state(rnd, k->eth.dst, ETH_ALEN);
	}
	if (tags) {
		k->eth.vlan.tpid = htons(ovs_fa_rand(rnd, 2) ? ETH_P_8021Q : ETH_P_8021AD);
		k->eth.vlan.tci = htons(VLAN_CFI_MASK | ovs_fa_rand(rnd, 0x10000));
	}
	if (tags > 1) {
		k->eth.cvlan.tpid = htons(ETH_P_8021Q);
		k->eth.cvlan.tci = htons(VLAN_CFI_MASK | ovs_fa_rand(rnd, 0x10000));
	}

	if (ovs_key_is_ipv4(k) || ovs_key_is_ipv6(k)) {
		k->ip.proto = ovs_fa_fuzz_proto(rnd);
		k->ip.tos = prandom_u32_state(rnd);
		k->ip.ttl = prandom_u32_state(rnd);
		k->ip.frag = ovs_fa_rand(rnd, OVS_FRAG_TYPE_MAX + 1);
		if (ovs_key_is_ipv4(k)) {
			k->ipv4.src = (__force __be32)prandom_u32_state(rnd);
			k->ipv4.dst = (__force __be32)prandom_u32_state(rnd);
		} else {
			prandom_bytes_state(rnd, &k->ipv6.src, 16);
			prandom_bytes_state(rnd, &k->ipv6.dst, 16);
			k->ipv6.label = htonl(ovs_fa_rand(rnd, 1 << 20));
			k->ipv6.exthdrs = prandom_u32_state(rnd);
		}
		if (ovs_key_attr_applies(k, OVS_KEY_ATTR_ICMP) ||
		    ovs_key_attr_applies(k, OVS_KEY_ATTR_ICMPV6)) {
			k->tp.src = htons(ovs_fa_rand(rnd, 256));
			k->tp.dst = htons(ovs_fa_rand(rnd, 256));
			if (ovs_fa_rand(rnd, 2) && ovs_key_is_ipv6(k))
				k->tp.src = htons(NDISC_NEIGHBOUR_ADVERTISEMENT);
		} else if (ovs_key_attr_applies(k, OVS_KEY_ATTR_TCP) ||
			   ovs_key_attr_applies(k, OVS_KEY_ATTR_UDP) ||
			   ovs_key_attr_applies(k, OVS_KEY_ATTR_SCTP)) {
			k->tp.src = (__force __be16)prandom_u32_state(rnd);
			k->tp.dst = (__force __be16)prandom_u32_state(rnd);
		}
		if (ovs_key_attr_applies(k, OVS_KEY_ATTR_TCP_FLAGS))
			k->tp.flags = htons(ovs_fa_rand(rnd, 0x1000));
		if (ovs_key_attr_applies(k, OVS_KEY_ATTR_ND)) {
			prandom_bytes_state(rnd, &k->ipv6.nd_target, 16);
			prandom_bytes_state(rnd, k->ipv6.nd_sll, ETH_ALEN);
		}
	} else if (ovs_key_is_arp(k)) {
		k->ip.proto = ovs_fa_rand(rnd, 256);
		k->ipv4.src = (__force __be32)prandom_u32_state(rnd);
		prandom_bytes_state(rnd, k->ipv4.arp_sha, ETH_ALEN);
	} else if (ovs_key_is_mpls(k)) {
		int n = 1 + ovs_fa_rand(rnd, OVS_KEY_MPLS_DEPTH);

		for (i = 0; i < n; i++)
			k->mpls.lse[i] = htonl(prandom_u32_state(rnd) | 0x100);
	} else if (ovs_key_is_nsh(k)) {
		k->nsh.mdtype = 1 + ovs_fa_rand(rnd, 2);
		k->nsh.np = prandom_u32_state(rnd);
		k->nsh.path_hdr = (__force __be32)prandom_u32_state(rnd);
		if (k->nsh.mdtype == NSH_M_TYPE1)
			prandom_bytes_state(rnd, k->nsh.context,
					    sizeof(k->nsh.context));
	}
}
