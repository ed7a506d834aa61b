// SPDX-License-Identifier: GPL-2.0-only
/*
 * set(tunnel(...)) (datapath/actions_check_tun.c, linux/tunnel_md.c):
 * accepted as vswitchd sends it for VXLAN, Geneve over IPv6 and a
 * bridge-mode id, copied as OVS_ACTION_ATTR_SET_TUNNEL_PRIV and given back
 * unchanged; refused with a message when masked, without a destination or
 * TTL, or with Geneve options that are not whole TLVs; and run on packets:
 * what the output port's device gets carries transmit metadata with every
 * field, the options and the critical-option bit, one metadata dst per
 * packet, freed with it (kmemleak checks the frees).
 */

#include <net/dst_metadata.h>
#include <net/ip_tunnels.h>

#include "actions_copy_kunit.h"
#include "actions_exec_kunit.h"

#define TS_DST4		0xc6336407

/* A critical option (type 0x80) of 4 bytes of data, then one of none. */
static const u8 ovs_ts_geneve[] = {
	0x01, 0x02, 0x80, 0x01, 0xde, 0xad, 0xbe, 0xef,
	0xff, 0xff, 0x01, 0x00,
};

static void ovs_ts_dst6(struct in6_addr *dst)
{
	ipv6_addr_set(dst, htonl(0x20010db8), 0, 0, htonl(2));
}

/* The nested tunnel of a set(), in the in-tree attribute order. */
static void ovs_ts_put_tun(struct kunit *test, struct sk_buff *skb, int kind,
			   const void *opts, int opts_len)
{
	__be64 id = cpu_to_be64(5001);
	struct in6_addr dst;
	struct nlattr *t, *v;

	t = ovs_kt_nest(test, skb, OVS_KEY_ATTR_TUNNEL);
	ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_ID, &id, sizeof(id));
	switch (kind) {
	case 4:
		ovs_kt_u32(test, skb, OVS_TUNNEL_KEY_ATTR_IPV4_DST,
			   htonl(TS_DST4));
		ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_TOS, "\x10", 1);
		ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_TTL, "\x40", 1);
		ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT, NULL, 0);
		ovs_kt_be16(test, skb, OVS_TUNNEL_KEY_ATTR_TP_DST, htons(4789));
		v = ovs_kt_nest(test, skb, OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS);
		ovs_kt_u32(test, skb, OVS_VXLAN_EXT_GBP, 0x00880123);
		ovs_kt_nest_end(test, skb, v);
		break;
	case 6:
		ovs_ts_dst6(&dst);
		ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_IPV6_DST, &dst,
			   sizeof(dst));
		ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_TTL, "\x40", 1);
		ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_CSUM, NULL, 0);
		ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, opts,
			   opts_len);
		break;
	default:	/* bridge mode */
		ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE,
			   NULL, 0);
		break;
	}
	ovs_kt_nest_end(test, skb, t);
}

static void ovs_ts_set(struct kunit *test, int type, int kind,
		       const void *opts, int opts_len)
{
	struct nlattr *set = ovs_kt_nest(test, ovs_at_skb(test), type);

	ovs_ts_put_tun(test, ovs_at_skb(test), kind, opts, opts_len);
	ovs_kt_nest_end(test, ovs_at_skb(test), set);
}

/* Accepted, held in the private form, given back as sent. */
static void ovs_ts_accepted(struct kunit *test)
{
	static const int kinds[] = { 4, 6, 0 };
	struct ovs_at *t;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		t = ovs_at_begin(test);
		ovs_ts_set(test, OVS_ACTION_ATTR_SET, kinds[i], ovs_ts_geneve,
			   sizeof(ovs_ts_geneve));
		ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 2);
		KUNIT_ASSERT_EQ_MSG(test, ovs_at_copy(test), 0, "kind %d",
				    kinds[i]);
		KUNIT_EXPECT_NULL(test, t->extack._msg);
		KUNIT_EXPECT_EQ(test, nla_type(t->acts->actions),
				OVS_ACTION_ATTR_SET_TUNNEL_PRIV);
		ovs_at_expect_roundtrip(test);
	}
}

static void ovs_ts_refused_msg(struct kunit *test, const char *msg)
{
	struct ovs_at *t = test->priv;

	ovs_at_refused(test, -EINVAL, msg);
	if (t->extack._msg)
		KUNIT_EXPECT_TRUE_MSG(test, strstr(t->extack._msg, msg), "%s",
				      t->extack._msg);
}

static void ovs_ts_refused(struct kunit *test)
{
	static const u8 short_tlv[] = { 0x01, 0x02, 0x03, 0x02, 1, 2, 3, 4 };
	__be64 id = cpu_to_be64(1);
	struct nlattr *set, *tun;

	ovs_at_begin(test);
	ovs_ts_set(test, OVS_ACTION_ATTR_SET_MASKED, 4, NULL, 0);
	ovs_ts_refused_msg(test, "a tunnel can only be set whole");

	/* An option claiming 8 bytes of data with 4 left. */
	ovs_at_begin(test);
	ovs_ts_set(test, OVS_ACTION_ATTR_SET, 6, short_tlv, sizeof(short_tlv));
	ovs_ts_refused_msg(test, "Geneve options are not whole TLVs");

	/* An id alone: no destination. */
	ovs_at_begin(test);
	set = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SET);
	tun = ovs_kt_nest(test, ovs_at_skb(test), OVS_KEY_ATTR_TUNNEL);
	ovs_kt_put(test, ovs_at_skb(test), OVS_TUNNEL_KEY_ATTR_ID, &id,
		   sizeof(id));
	ovs_kt_nest_end(test, ovs_at_skb(test), tun);
	ovs_kt_nest_end(test, ovs_at_skb(test), set);
	ovs_ts_refused_msg(test, "tunnel key has no destination address");

	/* Bridge mode: an id and nothing else. */
	ovs_at_begin(test);
	set = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SET);
	tun = ovs_kt_nest(test, ovs_at_skb(test), OVS_KEY_ATTR_TUNNEL);
	ovs_kt_put(test, ovs_at_skb(test), OVS_TUNNEL_KEY_ATTR_ID, &id,
		   sizeof(id));
	ovs_kt_put(test, ovs_at_skb(test), OVS_TUNNEL_KEY_ATTR_TTL, "\x40", 1);
	ovs_kt_put(test, ovs_at_skb(test), OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE,
		   NULL, 0);
	ovs_kt_nest_end(test, ovs_at_skb(test), tun);
	ovs_kt_nest_end(test, ovs_at_skb(test), set);
	ovs_ts_refused_msg(test, "bridge-mode tunnel key with more than an id");

	/* A destination without a TTL. */
	ovs_at_begin(test);
	set = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_SET);
	tun = ovs_kt_nest(test, ovs_at_skb(test), OVS_KEY_ATTR_TUNNEL);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_TUNNEL_KEY_ATTR_IPV4_DST,
		   htonl(TS_DST4));
	ovs_kt_nest_end(test, ovs_at_skb(test), tun);
	ovs_kt_nest_end(test, ovs_at_skb(test), set);
	ovs_ts_refused_msg(test, "tunnel key has no TTL");
}

static struct kunit_case ovs_ts_check_cases[] = {
	KUNIT_CASE(ovs_ts_accepted),
	KUNIT_CASE(ovs_ts_refused),
	{}
};

static struct kunit_suite ovs_ts_check_suite = {
	.name = "ovs_tun_set_check",
	.init = ovs_at_init,
	.exit = ovs_at_exit,
	.test_cases = ovs_ts_check_cases,
};

/* --- run on packets ------------------------------------------------------ */

/* set(tunnel(kind)), output(1) twice: checked, copied, run on skb. */
static void ovs_ts_run(struct kunit *test, int kind, struct sk_buff *skb)
{
	struct sk_buff *nl = alloc_skb(1024, GFP_KERNEL);
	struct netlink_ext_ack extack = {};
	struct ovs_actions *acts = NULL;
	struct ovs_key key = {};
	struct nlattr *list, *set;

	KUNIT_ASSERT_NOT_NULL(test, nl);
	list = ovs_kt_nest(test, nl, OVS_FLOW_ATTR_ACTIONS);
	set = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_SET);
	ovs_ts_put_tun(test, nl, kind, ovs_ts_geneve, sizeof(ovs_ts_geneve));
	ovs_kt_nest_end(test, nl, set);
	ovs_kt_u32(test, nl, OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_kt_u32(test, nl, OVS_ACTION_ATTR_OUTPUT, 1);
	ovs_kt_nest_end(test, nl, list);
	key.mac_proto = OVS_MAC_PROTO_ETHERNET;
	key.eth.type = htons(ETH_P_IP);
	key.ip.proto = IPPROTO_TCP;
	KUNIT_ASSERT_EQ(test, ovs_actions_copy(&init_net, list, &key, &acts,
					       false, &extack), 0);
	kfree_skb(nl);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, skb, acts), 0);
	ovs_actions_free(acts);
}

static void ovs_ts_exec_vxlan(struct kunit *test)
{
	const struct ip_tunnel_info *info, *other;
	struct sk_buff *a, *b;
	u32 gbp;

	ovs_ts_run(test, 4, ovs_axt_ipv4_tcp(test));
	KUNIT_ASSERT_EQ(test, ovs_axt_count(test, 1), 2U);
	a = ovs_axt_sent(test, 1);
	b = ovs_axt_sent(test, 1);
	info = skb_tunnel_info(a);
	other = skb_tunnel_info(b);
	KUNIT_ASSERT_NOT_NULL(test, info);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_EXPECT_EQ(test, info->mode, IP_TUNNEL_INFO_TX);
	KUNIT_EXPECT_EQ(test, info->key.tun_id, cpu_to_be64(5001));
	KUNIT_EXPECT_EQ(test, info->key.u.ipv4.dst, htonl(TS_DST4));
	KUNIT_EXPECT_EQ(test, info->key.u.ipv4.src, 0U);
	KUNIT_EXPECT_EQ(test, info->key.tos, 0x10);
	KUNIT_EXPECT_EQ(test, info->key.ttl, 0x40);
	KUNIT_EXPECT_EQ(test, info->key.tp_dst, htons(4789));
	KUNIT_EXPECT_TRUE(test, ovs_tun_flag_test(&info->key, IP_TUNNEL_KEY_BIT));
	KUNIT_EXPECT_TRUE(test, ovs_tun_flag_test(&info->key,
						  IP_TUNNEL_DONT_FRAGMENT_BIT));
	KUNIT_EXPECT_TRUE(test, ovs_tun_flag_test(&info->key,
						  IP_TUNNEL_VXLAN_OPT_BIT));
	KUNIT_EXPECT_FALSE(test, ovs_tun_flag_test(&info->key,
						   IP_TUNNEL_CSUM_BIT));
	KUNIT_ASSERT_EQ(test, info->options_len, 4);
	memcpy(&gbp, ovs_tun_info_opts(info), sizeof(gbp));
	KUNIT_EXPECT_EQ(test, gbp, 0x00880123U);
	/* The clone shares the dst the set() attached: one per packet. */
	KUNIT_EXPECT_PTR_EQ(test, info, other);
}

static void ovs_ts_exec_geneve6(struct kunit *test)
{
	const struct ip_tunnel_info *info;
	struct in6_addr dst;
	struct sk_buff *a;

	ovs_ts_dst6(&dst);
	ovs_ts_run(test, 6, ovs_axt_ipv4_tcp(test));
	KUNIT_ASSERT_EQ(test, ovs_axt_count(test, 1), 2U);
	a = ovs_axt_sent(test, 1);
	info = skb_tunnel_info(a);
	KUNIT_ASSERT_NOT_NULL(test, info);
	KUNIT_EXPECT_EQ(test, info->mode,
			IP_TUNNEL_INFO_TX | IP_TUNNEL_INFO_IPV6);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&info->key.u.ipv6.dst, &dst));
	KUNIT_EXPECT_TRUE(test, ovs_tun_flag_test(&info->key, IP_TUNNEL_CSUM_BIT));
	KUNIT_EXPECT_TRUE(test, ovs_tun_flag_test(&info->key,
						  IP_TUNNEL_GENEVE_OPT_BIT));
	KUNIT_EXPECT_TRUE(test, ovs_tun_flag_test(&info->key,
						  IP_TUNNEL_CRIT_OPT_BIT));
	KUNIT_ASSERT_EQ(test, info->options_len, sizeof(ovs_ts_geneve));
	KUNIT_EXPECT_EQ(test, memcmp(ovs_tun_info_opts(info), ovs_ts_geneve,
				     sizeof(ovs_ts_geneve)), 0);
	ovs_axt_sent(test, 1);
}

static void ovs_ts_exec_bridge(struct kunit *test)
{
	const struct ip_tunnel_info *info;

	ovs_ts_run(test, 0, ovs_axt_ipv4_tcp(test));
	KUNIT_ASSERT_EQ(test, ovs_axt_count(test, 1), 2U);
	info = skb_tunnel_info(ovs_axt_sent(test, 1));
	KUNIT_ASSERT_NOT_NULL(test, info);
	KUNIT_EXPECT_EQ(test, info->mode,
			IP_TUNNEL_INFO_TX | IP_TUNNEL_INFO_BRIDGE);
	KUNIT_EXPECT_EQ(test, info->key.tun_id, cpu_to_be64(5001));
	ovs_axt_sent(test, 1);
}

static struct kunit_case ovs_ts_exec_cases[] = {
	KUNIT_CASE(ovs_ts_exec_vxlan),
	KUNIT_CASE(ovs_ts_exec_geneve6),
	KUNIT_CASE(ovs_ts_exec_bridge),
	{}
};

/* Port 1's device keeps the dst of what it sends, as tunnel devices do. */
static int ovs_ts_exec_init(struct kunit *test)
{
	int err = ovs_axt_init(test);

	if (!err)
		netif_keep_dst(((struct axt *)test->priv)->dev[0]);
	return err;
}

static struct kunit_suite ovs_ts_exec_suite = {
	.name = "ovs_tun_set_exec",
	.init = ovs_ts_exec_init,
	.exit = ovs_axt_exit,
	.test_cases = ovs_ts_exec_cases,
};

kunit_test_suites(&ovs_ts_check_suite, &ovs_ts_exec_suite);
