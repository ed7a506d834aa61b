/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the flow_attr suites: attributes built in an skb. */
#ifndef OVS_FLOW_ATTR_KUNIT_H
#define OVS_FLOW_ATTR_KUNIT_H

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/kernel.h>
#include <linux/prandom.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "flow_attr.h"
#include "flow_key.h"
#include "nl_kunit.h"

#define FA_SKB_SIZE	4096

struct ovs_fa_ctx {
	struct sk_buff *skb;
	struct nlattr *key;
	struct nlattr *mask;
	struct netlink_ext_ack extack;
	struct ovs_key k;
	struct ovs_key m;
	struct ovs_key_range range;
};

extern const u8 ovs_fa_src[ETH_ALEN];
extern const u8 ovs_fa_dst[ETH_ALEN];

int ovs_fa_init(struct kunit *test);

static inline void ovs_fa_exit(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;

	if (c)
		kfree_skb(c->skb);
}

void ovs_fa_eth(struct kunit *test, struct sk_buff *skb);

void ovs_fa_ipv4(struct kunit *test, struct sk_buff *skb, u8 proto, u8 frag);

static inline void ovs_fa_ports(struct kunit *test, struct sk_buff *skb, int type,
				u16 src, u16 dst)
{
	__be16 ports[2] = { htons(src), htons(dst) };

	ovs_kt_put(test, skb, type, ports, sizeof(ports));
}

/* An Ethernet IPv4 TCP key: the usual shape of a vswitchd flow. */
void ovs_fa_tcp_key(struct kunit *test, struct sk_buff *skb);

int ovs_fa_parse(struct kunit *test, bool want_mask);

static inline void ovs_fa_expect_einval(struct kunit *test, const char *what)
{
	struct ovs_fa_ctx *c = test->priv;

	KUNIT_EXPECT_EQ_MSG(test, ovs_fa_parse(test, true), -EINVAL, "%s", what);
	KUNIT_EXPECT_NOT_NULL_MSG(test, c->extack._msg, "%s", what);
}

/* Every mask byte outside the range is zero; the range is long-aligned. */
void ovs_fa_check_range(struct kunit *test, const struct ovs_key *mask,
			const struct ovs_key_range *range);

/* A plain Ethernet key of the given ethertype, every metadata field set. */
void ovs_fa_key_init(struct ovs_key *k, __be16 type);

/*
 * For the fuzz suites (flow_attr_fuzz_test.c, fuzz_netlink_test.c), from
 * their own seeded rnd: a number below n; key attributes of random types,
 * lengths and nesting put into skb (space 0: OVS_KEY_ATTR_*, 1: NSH,
 * 2: tunnel; depth: how deep skb already is); a valid key in one of the
 * shapes extraction produces.
 */
u32 ovs_fa_rand(struct rnd_state *rnd, u32 n);
void ovs_fa_fuzz_attrs(struct rnd_state *rnd, struct sk_buff *skb,
		       int space, int depth);
void ovs_fa_fuzz_key(struct rnd_state *rnd, struct ovs_key *k);

#endif /* OVS_FLOW_ATTR_KUNIT_H */
