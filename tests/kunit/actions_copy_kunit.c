// SPDX-License-Identifier: GPL-2.0-only
/* Action lists built, copied and checked (see actions_copy_kunit.h). */

#include "actions_copy_kunit.h"

/* An Ethernet IPv4 TCP packet. */
static void ovs_at_key_tcp4(struct ovs_key *key)
{
	memset(key, 0, sizeof(*key));
	key->mac_proto = OVS_MAC_PROTO_ETHERNET;
	key->eth.type = htons(ETH_P_IP);
	key->ip.proto = IPPROTO_TCP;
	key->ip.ttl = 64;
}

int ovs_at_init(struct kunit *test)
{
	struct ovs_at *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->skb = alloc_skb(OVS_AT_SKB_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->skb);
	t->out = alloc_skb(OVS_AT_SKB_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->out);
	test->priv = t;
	return 0;
}

void ovs_at_exit(struct kunit *test)
{
	struct ovs_at *t = test->priv;

	if (!t)
		return;
	ovs_actions_free(t->acts);
	kfree_skb(t->skb);
	kfree_skb(t->out);
}

struct ovs_at *ovs_at_begin(struct kunit *test)
{
	struct ovs_at *t = test->priv;

	ovs_actions_free(t->acts);
	t->acts = NULL;
	skb_trim(t->skb, 0);
	skb_trim(t->out, 0);
	ovs_at_key_tcp4(&t->key);
	t->list = nla_nest_start_noflag(t->skb, OVS_FLOW_ATTR_ACTIONS);
	KUNIT_ASSERT_NOT_NULL(test, t->list);
	return t;
}

int ovs_at_copy(struct kunit *test)
{
	struct ovs_at *t = test->priv;

	ovs_kt_nest_end(test, t->skb, t->list);
	memset(&t->extack, 0, sizeof(t->extack));
	return ovs_actions_copy(&init_net, t->list, &t->key, &t->acts, false,
				&t->extack);
}

void ovs_at_refused(struct kunit *test, int err, const char *what)
{
	struct ovs_at *t = test->priv;

	KUNIT_EXPECT_EQ_MSG(test, ovs_at_copy(test), err, "%s", what);
	KUNIT_EXPECT_NOT_NULL_MSG(test, t->extack._msg, "%s", what);
	KUNIT_EXPECT_NULL_MSG(test, t->acts, "%s", what);
}

void ovs_at_expect_roundtrip(struct kunit *test)
{
	struct ovs_at *t = test->priv;

	KUNIT_ASSERT_NOT_NULL(test, t->acts);
	KUNIT_EXPECT_EQ(test, t->acts->orig_len, (u32)nla_len(t->list));
	skb_trim(t->out, 0);
	KUNIT_ASSERT_EQ(test, ovs_actions_to_attrs(t->acts,
						   OVS_FLOW_ATTR_ACTIONS,
						   t->out), 0);
	KUNIT_ASSERT_EQ(test, t->out->len, (u32)t->list->nla_len);
	KUNIT_EXPECT_EQ(test, memcmp(t->out->data, t->list, t->out->len), 0);
}

void ovs_at_accepted_same(struct kunit *test, const char *what)
{
	struct ovs_at *t = test->priv;

	KUNIT_ASSERT_EQ_MSG(test, ovs_at_copy(test), 0, "%s", what);
	KUNIT_EXPECT_NULL_MSG(test, t->extack._msg, "%s", what);
	KUNIT_ASSERT_NOT_NULL(test, t->acts);
	KUNIT_ASSERT_EQ_MSG(test, t->acts->len, (u32)nla_len(t->list), "%s",
			    what);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(t->acts->actions, nla_data(t->list),
					 t->acts->len), 0, "%s", what);
	ovs_at_expect_roundtrip(test);
}

void ovs_at_userspace(struct kunit *test)
{
	static const u8 cookie[5] = { 1, 2, 3, 4, 5 };
	struct nlattr *us;

	us = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_USERSPACE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_USERSPACE_ATTR_PID, 4242);
	ovs_kt_put(test, ovs_at_skb(test), OVS_USERSPACE_ATTR_USERDATA, cookie,
		   sizeof(cookie));
	ovs_kt_u32(test, ovs_at_skb(test), OVS_USERSPACE_ATTR_EGRESS_TUN_PORT,
		   3);
	ovs_kt_put(test, ovs_at_skb(test), OVS_USERSPACE_ATTR_ACTIONS, NULL, 0);
	ovs_kt_nest_end(test, ovs_at_skb(test), us);
}
