// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ovs_flow and ovs_datapath families driven through a netlink socket,
 * as ovs-dpctl and ovs-vswitchd drive them (datapath/genl_flow.c,
 * datapath/genl_datapath.c): a delete's reply built from the flow's mask
 * while that mask may already be freed; get, set and delete by unmasked
 * key when another flow's mask comes first for that key; the optional
 * flow limit and the cap on tuples; the masks cache sizes refused with the
 * in-tree errnos.
 */

#include <linux/rcupdate.h>
#include <linux/stringify.h>

#include "flow_attr.h"
#include "flow_attr_kunit.h"
#include "flow_table.h"
#include "flow_tuple.h"
#include "genl.h"
#include "genl_client_kunit.h"
#include "test_hooks.h"

/* A flow as these tests give it: IPv4 TCP from src to dst on in_port. */
struct fr_flow {
	u32 in_port;
	u32 src;
	u32 dst;
	u32 src_mask;		/* the mask: in_port, ethertype and these */
	u32 dst_mask;
	u32 ufid;		/* 0: none; the flow is named by its key */
	u8 tos_mask;		/* and these (the key's TTL is 64, TOS 0) */
	u8 ttl_mask;
};

static void fr_exit(struct kunit *test)
{
	/* Whatever a failed test left set: the suites run with the defaults. */
	WRITE_ONCE(ovs_test_flow_del_removed, NULL);
	WRITE_ONCE(ovs_flow_max_flows, 0);
	WRITE_ONCE(ovs_flow_max_tuples, OVS_TUPLE_MAX);
	ovs_gc_exit(test, test->priv);
}

static void fr_put_key(struct kunit *test, struct sk_buff *skb,
		       const struct fr_flow *f)
{
	struct ovs_key_ipv4 ip = {
		.ipv4_src = htonl(f->src),
		.ipv4_dst = htonl(f->dst),
		.ipv4_proto = IPPROTO_TCP,
		.ipv4_ttl = 64,
	};
	struct nlattr *key = ovs_kt_nest(test, skb, OVS_FLOW_ATTR_KEY);

	ovs_kt_u32(test, skb, OVS_KEY_ATTR_IN_PORT, f->in_port);
	ovs_fa_eth(test, skb);
	ovs_kt_be16(test, skb, OVS_KEY_ATTR_ETHERTYPE, htons(ETH_P_IP));
	ovs_kt_put(test, skb, OVS_KEY_ATTR_IPV4, &ip, sizeof(ip));
	ovs_fa_ports(test, skb, OVS_KEY_ATTR_TCP, 40000, 80);
	ovs_kt_be16(test, skb, OVS_KEY_ATTR_TCP_FLAGS, htons(0));
	ovs_kt_nest_end(test, skb, key);
}

static void fr_put_mask(struct kunit *test, struct sk_buff *skb,
			const struct fr_flow *f)
{
	struct ovs_key_ipv4 ip = {
		.ipv4_src = htonl(f->src_mask),
		.ipv4_dst = htonl(f->dst_mask),
		.ipv4_tos = f->tos_mask,
		.ipv4_ttl = f->ttl_mask,
	};
	struct nlattr *mask = ovs_kt_nest(test, skb, OVS_FLOW_ATTR_MASK);

	ovs_kt_u32(test, skb, OVS_KEY_ATTR_IN_PORT, U32_MAX);
	ovs_kt_be16(test, skb, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
	ovs_kt_put(test, skb, OVS_KEY_ATTR_IPV4, &ip, sizeof(ip));
	ovs_kt_nest_end(test, skb, mask);
}

/* A request naming f: by UFID if it has one, else by its unmasked key. */
static struct sk_buff *fr_req(struct kunit *test, u8 cmd, u16 flags,
			      const struct fr_flow *f)
{
	struct gc *g = test->priv;
	struct sk_buff *msg;

	msg = ovs_gc_msg(test, g, &ovs_flow_genl_family, cmd, flags);
	if (f->ufid)
		ovs_kt_put(test, msg, OVS_FLOW_ATTR_UFID, &f->ufid,
			   sizeof(f->ufid));
	else
		fr_put_key(test, msg, f);
	return msg;
}

/* ovs-dpctl add-flow: OVS_FLOW_CMD_NEW, output to out_port (0: drop). */
static int fr_add(struct kunit *test, const struct fr_flow *f, u32 out_port)
{
	struct sk_buff *msg = fr_req(test, OVS_FLOW_CMD_NEW, NLM_F_CREATE, f);
	struct gc *g = test->priv;
	struct nlattr *acts;
	int err;

	if (f->ufid)
		fr_put_key(test, msg, f);
	fr_put_mask(test, msg, f);
	acts = ovs_kt_nest(test, msg, OVS_FLOW_ATTR_ACTIONS);
	if (out_port)
		ovs_kt_u32(test, msg, OVS_ACTION_ATTR_OUTPUT, out_port);
	ovs_kt_nest_end(test, msg, acts);
	err = ovs_gc_call(test, g, msg, NULL);
	if (err)
		kunit_info(test, "add-flow: %d \"%s\"\n", err, g->ext_msg);
	return err;
}

/* A flow reply: its key and mask parsed back, and its output port. */
struct fr_reply {
	struct ovs_key key;
	struct ovs_key mask;
	u32 out_port;		/* 0: no output action */
};

static void fr_reply_parse(struct kunit *test, const struct sk_buff *reply,
			   struct fr_reply *r)
{
	struct nlattr *a[OVS_FLOW_ATTR_MAX + 1];
	struct netlink_ext_ack extack = {};
	const struct nlattr *out;

	memset(r, 0, sizeof(*r));
	KUNIT_ASSERT_NOT_NULL_MSG(test, reply, "no reply");
	ovs_gc_parse(test, reply, a, OVS_FLOW_ATTR_MAX);
	KUNIT_ASSERT_NOT_NULL_MSG(test, a[OVS_FLOW_ATTR_KEY], "reply without key");
	KUNIT_ASSERT_NOT_NULL_MSG(test, a[OVS_FLOW_ATTR_MASK], "reply without mask");
	KUNIT_ASSERT_EQ(test, ovs_key_from_attrs(&init_net, a[OVS_FLOW_ATTR_KEY],
						 a[OVS_FLOW_ATTR_MASK], &r->key,
						 &r->mask, NULL, false, &extack),
			0);
	if (a[OVS_FLOW_ATTR_ACTIONS]) {
		out = nla_find_nested(a[OVS_FLOW_ATTR_ACTIONS],
				      OVS_ACTION_ATTR_OUTPUT);
		if (out)
			r->out_port = nla_get_u32(out);
	}
}

/* Request cmd on f, with an echo; the reply parsed into r. */
static int fr_echo(struct kunit *test, u8 cmd, const struct fr_flow *f,
		   struct fr_reply *r)
{
	struct sk_buff *reply;
	int err;

	err = ovs_gc_call(test, test->priv, fr_req(test, cmd, NLM_F_ECHO, f),
			  &reply);
	if (!err)
		fr_reply_parse(test, reply, r);
	kfree_skb(reply);
	return err;
}

/*
 * The request succeeded and its reply came from this flow: the flow's
 * mask, and its key under that mask.
 */
static void fr_expect_flow(struct kunit *test, int err,
			   const struct fr_reply *r, const struct fr_flow *f,
			   const char *what)
{
	u32 src_mask = ntohl(r->mask.ipv4.src);
	u32 dst_mask = ntohl(r->mask.ipv4.dst);
	u32 src = ntohl(r->key.ipv4.src) & f->src_mask;
	u32 dst = ntohl(r->key.ipv4.dst) & f->dst_mask;

	KUNIT_EXPECT_EQ_MSG(test, err, 0, "%s", what);
	if (err)
		return;
	KUNIT_EXPECT_EQ_MSG(test, r->mask.in_port, U32_MAX, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, src_mask, f->src_mask, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, dst_mask, f->dst_mask, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, r->key.in_port, f->in_port, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, src, f->src & f->src_mask, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, dst, f->dst & f->dst_mask, "%s", what);
}

static void fr_grace_period(void)
{
	synchronize_rcu();
	rcu_barrier();
}

/*
 * ovs-dpctl del-flow, and vswitchd's delete by UFID, with the reply that
 * carries the mask.  Each flow is its mask's last user, so the removal
 * queues the mask for freeing; the hook lets a grace period and its
 * callbacks pass right after the removal.  A reply filled after that reads
 * freed memory (KASAN); it must have been filled before.
 */
static void fr_del_reply_mask(struct kunit *test)
{
	const struct fr_flow by_key = {
		.in_port = 1, .src = 0x0a000001, .dst = 0x0a000002,
		.dst_mask = U32_MAX,
	};
	const struct fr_flow by_ufid = {
		.in_port = 2, .src = 0x0a000003, .dst = 0x0a000004,
		.src_mask = 0xffffff00, .ufid = 0x5eed,
	};
	struct fr_reply r;
	int err;

	KUNIT_ASSERT_EQ(test, fr_add(test, &by_key, 0), 0);
	KUNIT_ASSERT_EQ(test, fr_add(test, &by_ufid, 0), 0);

	WRITE_ONCE(ovs_test_flow_del_removed, fr_grace_period);
	err = fr_echo(test, OVS_FLOW_CMD_DEL, &by_key, &r);
	fr_expect_flow(test, err, &r, &by_key, "deleted by key");
	err = fr_echo(test, OVS_FLOW_CMD_DEL, &by_ufid, &r);
	fr_expect_flow(test, err, &r, &by_ufid, "deleted by UFID");
	WRITE_ONCE(ovs_test_flow_del_removed, NULL);

	KUNIT_EXPECT_EQ(test, fr_echo(test, OVS_FLOW_CMD_GET, &by_key, &r),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, fr_echo(test, OVS_FLOW_CMD_GET, &by_ufid, &r),
			-ENOENT);
}

static struct ovs_flow_table *fr_table(struct kunit *test)
{
	struct gc *g = test->priv;
	struct ovs_dp *dp;

	dp = ovs_dp_lookup_by_ifindex(&init_net, g->dp_ifindex);
	KUNIT_ASSERT_NOT_NULL(test, dp);
	return dp->table;
}

/*
 * Flows without a UFID are named by their unmasked key, whatever flow a
 * packet with that key would hit.  Here a broad flow's mask comes first
 * for the narrow flow's key: get, set and delete by the narrow flow's key
 * still reach the narrow flow, and leave the broad one alone.
 */
static void fr_key_behind_other_mask(struct kunit *test)
{
	/* Only there to take the first mask slot, then leave it. */
	const struct fr_flow first = {
		.in_port = 1, .src = 0x0a0000ff, .dst = 0x0a000009,
		.src_mask = U32_MAX,
	};
	const struct fr_flow narrow = {
		.in_port = 1, .src = 0x0a000001, .dst = 0x0a000002,
		.dst_mask = U32_MAX,
	};
	const struct fr_flow broad = {
		.in_port = 1, .src = 0x0a000001, .dst = 0x0a000009,
	};
	struct ovs_flow_table *tbl;
	struct ovs_flow *flow;
	struct nlattr *acts;
	struct sk_buff *msg;
	struct fr_reply r;
	struct ovs_key *key;
	int err;

	/* broad's key is outside narrow's flow, so both can be added. */
	KUNIT_ASSERT_EQ(test, fr_add(test, &first, 0), 0);
	KUNIT_ASSERT_EQ(test, fr_add(test, &narrow, 0), 0);
	KUNIT_ASSERT_EQ(test, fr_add(test, &broad, 3), 0);
	/* broad's mask, the last, moves into the slot first leaves. */
	KUNIT_ASSERT_EQ(test, fr_echo(test, OVS_FLOW_CMD_DEL, &first, &r), 0);

	/* The packet path: narrow's key meets broad's mask first. */
	/* Off the stack: with tunnel options and conntrack it is large. */
	key = kunit_kzalloc(test, sizeof(*key), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, key);
	key->in_port = narrow.in_port;
	key->mac_proto = OVS_MAC_PROTO_ETHERNET;
	key->eth.type = htons(ETH_P_IP);
	key->ipv4.src = htonl(narrow.src);
	key->ipv4.dst = htonl(narrow.dst);
	tbl = fr_table(test);
	ovs_lock();
	flow = ovs_flow_tbl_lookup(tbl, key);
	KUNIT_EXPECT_TRUE(test, flow && !flow->mask->key.ipv4.dst);
	ovs_unlock();

	err = fr_echo(test, OVS_FLOW_CMD_GET, &narrow, &r);
	fr_expect_flow(test, err, &r, &narrow, "get narrow by key");
	KUNIT_EXPECT_EQ(test, r.out_port, 0U);

	/* ovs-dpctl mod-flow: new actions by key, no mask. */
	msg = fr_req(test, OVS_FLOW_CMD_SET, 0, &narrow);
	acts = ovs_kt_nest(test, msg, OVS_FLOW_ATTR_ACTIONS);
	ovs_kt_u32(test, msg, OVS_ACTION_ATTR_OUTPUT, 7);
	ovs_kt_nest_end(test, msg, acts);
	KUNIT_EXPECT_EQ(test, ovs_gc_call(test, test->priv, msg, NULL), 0);
	err = fr_echo(test, OVS_FLOW_CMD_GET, &narrow, &r);
	fr_expect_flow(test, err, &r, &narrow, "narrow after set");
	KUNIT_EXPECT_EQ(test, r.out_port, 7U);
	err = fr_echo(test, OVS_FLOW_CMD_GET, &broad, &r);
	fr_expect_flow(test, err, &r, &broad, "broad after set");
	KUNIT_EXPECT_EQ(test, r.out_port, 3U);

	err = fr_echo(test, OVS_FLOW_CMD_DEL, &narrow, &r);
	fr_expect_flow(test, err, &r, &narrow, "narrow deleted");
	KUNIT_EXPECT_EQ(test, fr_echo(test, OVS_FLOW_CMD_GET, &narrow, &r),
			-ENOENT);
	err = fr_echo(test, OVS_FLOW_CMD_GET, &broad, &r);
	fr_expect_flow(test, err, &r, &broad, "broad after the delete");
}

/* The optional limit (module parameter max_flows) as userspace sees it. */
static void fr_max_flows(struct kunit *test)
{
	const struct fr_flow a = { .in_port = 1, .dst = 1, .dst_mask = U32_MAX };
	const struct fr_flow b = { .in_port = 1, .dst = 2, .dst_mask = U32_MAX };
	unsigned int saved = READ_ONCE(ovs_flow_max_flows);
	struct gc *g = test->priv;
	int err;

	/* No limit unless the administrator sets one, as in-tree. */
	KUNIT_EXPECT_EQ(test, saved, 0U);
	WRITE_ONCE(ovs_flow_max_flows, 1);
	KUNIT_EXPECT_EQ(test, fr_add(test, &a, 0), 0);
	err = fr_add(test, &b, 0);
	WRITE_ONCE(ovs_flow_max_flows, saved);
	KUNIT_EXPECT_EQ(test, err, -E2BIG);
	KUNIT_EXPECT_NOT_NULL(test, strstr(g->ext_msg, "flow table is full"));
	KUNIT_EXPECT_EQ(test, fr_add(test, &b, 0), 0);
}

/*
 * The cap on tuples (OVS_TUPLE_MAX, forced down to 4 by the test hook) as
 * userspace sees it: a put whose mask needs a fifth tuple (TOS and TTL
 * masks, which tuples keep exactly, none a subset of another) is refused
 * with ENOSPC and a message naming the limit; after a delete it goes in.
 */
static void fr_tuple_max(struct kunit *test)
{
	static const u8 tos[] = { 0x0f, 0x33, 0x55, 0xf0, 0xcc };
	struct fr_flow f = { .in_port = 1, .dst_mask = U32_MAX, .ufid = 1 };
	struct gc *g = test->priv;
	u32 i;

	WRITE_ONCE(ovs_flow_max_tuples, 4);
	for (i = 0; i < ARRAY_SIZE(tos); i++) {
		f.dst = i + 1;
		f.ufid = i + 1;
		f.tos_mask = tos[i];
		f.ttl_mask = ~tos[i];
		KUNIT_EXPECT_EQ(test, fr_add(test, &f, 0), i < 4 ? 0 : -ENOSPC);
	}
	KUNIT_EXPECT_NOT_NULL(test, strstr(g->ext_msg, "beyond the table's limit"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(g->ext_msg, "max_tuples"));

	f.ufid = 2;
	KUNIT_EXPECT_EQ(test, ovs_gc_call(test, g,
					  fr_req(test, OVS_FLOW_CMD_DEL, 0, &f),
					  NULL), 0);
	f.dst = 5;
	f.ufid = 5;
	f.tos_mask = 0xcc;
	f.ttl_mask = 0x33;
	KUNIT_EXPECT_EQ(test, fr_add(test, &f, 0), 0);
	WRITE_ONCE(ovs_flow_max_tuples, OVS_TUPLE_MAX);
}

static struct kunit_case fr_cases[] = {
	KUNIT_CASE(fr_del_reply_mask),
	KUNIT_CASE(fr_key_behind_other_mask),
	KUNIT_CASE(fr_max_flows),
	KUNIT_CASE(fr_tuple_max),
	{}
};

static struct kunit_suite fr_suite = {
	.name = "ovs_flow_requests",
	.init = ovs_gc_suite_init_dp,
	.exit = fr_exit,
	.test_cases = fr_cases,
};

/* ovs-dpctl cache-set-size and add-dp with a masks cache size. */

static int dr_set_cache(struct kunit *test, u32 size, u32 features)
{
	struct gc *g = test->priv;
	struct sk_buff *msg;

	msg = ovs_gc_msg(test, g, &ovs_dp_genl_family, OVS_DP_CMD_SET, 0);
	ovs_kt_u32(test, msg, OVS_DP_ATTR_MASKS_CACHE_SIZE, size);
	if (features)
		ovs_kt_u32(test, msg, OVS_DP_ATTR_USER_FEATURES, features);
	return ovs_gc_call(test, g, msg, NULL);
}

static u32 dr_cache_size(struct kunit *test)
{
	struct nlattr *a[OVS_DP_ATTR_MAX + 1];
	struct gc *g = test->priv;
	struct sk_buff *reply;
	u32 size;

	KUNIT_ASSERT_EQ(test, ovs_gc_call(test, g,
					  ovs_gc_msg(test, g, &ovs_dp_genl_family,
						     OVS_DP_CMD_GET, 0), &reply), 0);
	KUNIT_ASSERT_NOT_NULL(test, reply);
	ovs_gc_parse(test, reply, a, OVS_DP_ATTR_MAX);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_DP_ATTR_MASKS_CACHE_SIZE]);
	size = nla_get_u32(a[OVS_DP_ATTR_MASKS_CACHE_SIZE]);
	kfree_skb(reply);
	return size;
}

/*
 * The in-tree errnos: ERANGE above its bound (4096 entries with 4 KiB
 * pages), before anything else in the request is looked at; EINVAL for a
 * size within it that is not 0 or a power of two.
 */
static void dr_cache_set_size(struct kunit *test)
{
	static const u32 too_large[] = {
		80000, OVS_DP_MASKS_CACHE_MAX + 1, OVS_DP_MASKS_CACHE_MAX * 2,
		U32_MAX,
	};
	static const u32 not_pow2[] = { 3, 100, OVS_DP_MASKS_CACHE_MAX - 1 };
	struct gc *g = test->priv;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, (u32)OVS_DP_MASKS_CACHE_MAX,
			(u32)(PCPU_MIN_UNIT_SIZE / (2 * sizeof(u32))));
	for (i = 0; i < ARRAY_SIZE(too_large); i++) {
		KUNIT_EXPECT_EQ_MSG(test, dr_set_cache(test, too_large[i], 0),
				    -ERANGE, "size %u", too_large[i]);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(g->ext_msg, "out of range"),
					  "size %u: \"%s\"", too_large[i],
					  g->ext_msg);
	}
	/* Checked before the features, which ask for EOPNOTSUPP. */
	KUNIT_EXPECT_EQ(test, dr_set_cache(test, 80000, BIT(31)), -ERANGE);
	for (i = 0; i < ARRAY_SIZE(not_pow2); i++) {
		KUNIT_EXPECT_EQ_MSG(test, dr_set_cache(test, not_pow2[i], 0),
				    -EINVAL, "size %u", not_pow2[i]);
		KUNIT_EXPECT_STRNEQ(test, g->ext_msg, "");
	}
	KUNIT_EXPECT_EQ(test, dr_cache_size(test),
			(u32)OVS_DP_MASKS_CACHE_DEFAULT);

	KUNIT_EXPECT_EQ(test, dr_set_cache(test, OVS_DP_MASKS_CACHE_MAX, 0), 0);
	KUNIT_EXPECT_EQ(test, dr_cache_size(test), (u32)OVS_DP_MASKS_CACHE_MAX);
	KUNIT_EXPECT_EQ(test, dr_set_cache(test, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, dr_cache_size(test), 0U);
}

/* OVS_DP_CMD_NEW with a size too large creates nothing. */
static void dr_new_with_cache_size(struct kunit *test)
{
	struct gc *g = test->priv;
	struct sk_buff *msg;

	msg = ovs_gc_msg(test, g, &ovs_dp_genl_family, OVS_DP_CMD_NEW, 0);
	ovs_kt_string(test, msg, OVS_DP_ATTR_NAME, "ovskunit1");
	ovs_kt_u32(test, msg, OVS_DP_ATTR_UPCALL_PID, g->portid);
	ovs_kt_u32(test, msg, OVS_DP_ATTR_MASKS_CACHE_SIZE, 80000);
	KUNIT_EXPECT_EQ(test, ovs_gc_call(test, g, msg, NULL), -ERANGE);

	msg = ovs_gc_msg(test, g, &ovs_dp_genl_family, OVS_DP_CMD_GET, 0);
	ovs_kt_string(test, msg, OVS_DP_ATTR_NAME, "ovskunit1");
	KUNIT_EXPECT_EQ(test, ovs_gc_call(test, g, msg, NULL), -ENODEV);
}

static struct kunit_case dr_cases[] = {
	KUNIT_CASE(dr_cache_set_size),
	KUNIT_CASE(dr_new_with_cache_size),
	{}
};

static struct kunit_suite dr_suite = {
	.name = "ovs_dp_requests",
	.init = ovs_gc_suite_init_dp,
	.exit = ovs_gc_suite_exit,
	.test_cases = dr_cases,
};

kunit_test_suites(&fr_suite, &dr_suite);
