// SPDX-License-Identifier: GPL-2.0-only
/*
 * Random input for the flow key parser, from a fixed seed so that a failure
 * repeats: attribute streams of random types, lengths and nesting, and
 * valid keys written out and then corrupted.  Every outcome must be a
 * clean 0 or -EINVAL (KASAN and UBSAN watch the rest), and every accepted
 * key must survive a trip out to attributes and back.
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
#include <net/netlink.h>
#include <net/nsh.h>

#include "datapath.h"
#include "flow_attr.h"
#include "flow_attr_int.h"
#include "flow_key.h"
#include "flow_attr_kunit.h"

#define FA_FUZZ_SEED		0x6f76735f61747472ULL
#define FA_FUZZ_ROUNDS		3000

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

static u32 ovs_fa_rand(struct rnd_state *rnd, u32 n)
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

/* space: 0 key attributes, 1 NSH, 2 tunnel. */
static void ovs_fa_fuzz_attrs(struct rnd_state *rnd, struct sk_buff *skb,
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

/* An accepted key must come back the same from its own attributes. */
static void ovs_fa_fuzz_check_accepted(struct kunit *test, struct sk_buff *out,
				       const struct ovs_key *key,
				   const struct ovs_key *mask,
				   const struct ovs_key_range *range)
{
	struct ovs_fa_ctx *c = test->priv;
	struct netlink_ext_ack extack = {};
	struct ovs_key *again = &c->m;
	const struct nlattr *nla;
	int err;

	KUNIT_EXPECT_EQ(test, range->start % sizeof(long), 0);
	KUNIT_EXPECT_EQ(test, range->end % sizeof(long), 0);
	KUNIT_EXPECT_LE(test, (size_t)range->end, sizeof(*mask));
	KUNIT_EXPECT_EQ(test, mask->mac_proto, 0xff);

	skb_trim(out, 0);
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(key, key, OVS_FLOW_ATTR_KEY,
					       false, out), 0);
	KUNIT_EXPECT_LE(test, (size_t)out->len, ovs_key_attrs_size());
	nla = (const struct nlattr *)out->data;
	err = ovs_key_from_attrs(&init_net, nla, NULL, again, NULL, NULL,
				 false, &extack);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s", extack._msg ?: "");
	KUNIT_EXPECT_EQ(test, memcmp(again, key, sizeof(*key)), 0);

	skb_trim(out, 0);
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(key, mask, OVS_FLOW_ATTR_MASK,
					       true, out), 0);
	KUNIT_EXPECT_LE(test, (size_t)out->len, ovs_key_attrs_size());
}

static int ovs_fa_fuzz_one(struct kunit *test, struct sk_buff *out)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key *key = kunit_kzalloc(test, sizeof(*key), GFP_KERNEL);
	struct ovs_key *mask = kunit_kzalloc(test, sizeof(*mask), GFP_KERNEL);
	struct ovs_key_range range;
	int err, key_err;

	KUNIT_ASSERT_NOT_NULL(test, key);
	KUNIT_ASSERT_NOT_NULL(test, mask);
	memset(&c->extack, 0, sizeof(c->extack));
	err = ovs_key_from_attrs(&init_net, c->key, c->mask, key, mask, &range,
				 false, &c->extack);
	KUNIT_ASSERT_TRUE_MSG(test, err == 0 || err == -EINVAL, "err %d", err);
	if (err)
		KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);
	else
		ovs_fa_fuzz_check_accepted(test, out, key, mask, &range);
	key_err = err;

	memset(&c->extack, 0, sizeof(c->extack));
	err = ovs_key_metadata_from_attrs(&init_net, c->key, key, false,
					  &c->extack);
	KUNIT_ASSERT_TRUE_MSG(test, err == 0 || err == -EINVAL, "err %d", err);
	if (err)
		KUNIT_EXPECT_NOT_NULL(test, c->extack._msg);

	kunit_kfree(test, key);
	kunit_kfree(test, mask);
	return key_err;
}

static void ovs_fa_fuzz_streams(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct rnd_state rnd;
	struct sk_buff *out;
	int i;

	out = alloc_skb(FA_SKB_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	prandom_seed_state(&rnd, FA_FUZZ_SEED);

	for (i = 0; i < FA_FUZZ_ROUNDS; i++) {
		skb_trim(c->skb, 0);
		c->key = nla_nest_start_noflag(c->skb, OVS_FLOW_ATTR_KEY);
		ovs_fa_fuzz_attrs(&rnd, c->skb, 0, 0);
		nla_nest_end(c->skb, c->key);
		c->mask = NULL;
		if (ovs_fa_rand(&rnd, 2)) {
			c->mask = nla_nest_start_noflag(c->skb, OVS_FLOW_ATTR_MASK);
			ovs_fa_fuzz_attrs(&rnd, c->skb, 0, 0);
			nla_nest_end(c->skb, c->mask);
		}
		ovs_fa_fuzz_one(test, out);
	}
	kfree_skb(out);
}

/* A valid random key, in the shapes extraction produces. */
static void ovs_fa_fuzz_key(struct rnd_state *rnd, struct ovs_key *k)
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

static void ovs_fa_fuzz_keys(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	struct rnd_state rnd;
	struct sk_buff *out;
	int i, accepted = 0;

	KUNIT_ASSERT_NOT_NULL(test, k);
	out = alloc_skb(FA_SKB_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	prandom_seed_state(&rnd, FA_FUZZ_SEED + 1);

	for (i = 0; i < FA_FUZZ_ROUNDS; i++) {
		u8 *payload;
		int len, flips;

		ovs_fa_fuzz_key(&rnd, k);
		skb_trim(c->skb, 0);
		KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(k, k, OVS_FLOW_ATTR_KEY,
						       false, c->skb), 0);
		c->key = (struct nlattr *)c->skb->data;
		c->mask = NULL;

		/* Unchanged, it must parse back to itself. */
		KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, false), 0);
		KUNIT_ASSERT_EQ(test, memcmp(&c->k, k, sizeof(*k)), 0);

		/* Then corrupted inside the outer attribute. */
		payload = nla_data(c->key);
		len = nla_len(c->key);
		flips = 1 + ovs_fa_rand(&rnd, 4);
		while (flips--)
			payload[ovs_fa_rand(&rnd, len)] ^= 1 << ovs_fa_rand(&rnd, 8);
		if (!ovs_fa_fuzz_one(test, out))
			accepted++;
	}
	/* Corruption often hits values only: many must still be accepted. */
	KUNIT_EXPECT_GT(test, accepted, FA_FUZZ_ROUNDS / 10);
	kfree_skb(out);
}

static struct kunit_case ovs_fa_fuzz_cases[] = {
	KUNIT_CASE(ovs_fa_fuzz_streams),
	KUNIT_CASE(ovs_fa_fuzz_keys),
	{}
};

static struct kunit_suite ovs_fa_fuzz_suite = {
	.name = "ovs_flow_attr_fuzz",
	.init = ovs_fa_init,
	.exit = ovs_fa_exit,
	.test_cases = ovs_fa_fuzz_cases,
};

kunit_test_suite(ovs_fa_fuzz_suite);
