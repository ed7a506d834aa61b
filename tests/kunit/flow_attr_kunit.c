// SPDX-License-Identifier: GPL-2.0-only
/* Flow key attributes built and parsed (see flow_attr_kunit.h). */

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
