// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conntrack zone limits: the ovs_ct_limit family through a netlink socket
 * (set, get and delete, the default limit, malformed requests refused
 * whole with their extack messages), the limits enforced at ct(commit)
 * (linux/ct_limit.c on nf_conncount), and a namespace that goes away
 * with its limits set and connections counted (KASAN and the kmemleak
 * suite watch its teardown).
 */

#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/completion.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/openvswitch.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "actions.h"
#include "datapath.h"
#include "flow_key.h"
#include "genl.h"
#include "linux/conntrack.h"
#include "linux/ct_limit.h"

#include "actions_exec_kunit.h"
#include "genl_client_kunit.h"
#include "nl_kunit.h"

#define DEF	OVS_ZONE_LIMIT_DEFAULT_ZONE

/* --- the family ------------------------------------------------------- */

static int clg_init(struct kunit *test)
{
	test->priv = ovs_gc_init(test);
	return 0;
}

/* The limits of init_net go back to none, for the suites after this. */
static void clg_exit(struct kunit *test)
{
	static const struct ovs_zone_limit all[] = {
		{ DEF }, { 3 }, { 7 }, { 9 }, { 4 },
	};

	ovs_lock();
	ovs_ct_limit_del(&init_net, all, ARRAY_SIZE(all));
	ovs_unlock();
	ovs_gc_exit(test, test->priv);
}

/* A request of cmd carrying n records (raw bytes, len of them if >= 0). */
static int clg_call(struct kunit *test, u8 cmd, const void *recs, int len,
		    struct sk_buff **reply)
{
	struct sk_buff *msg;

	msg = ovs_gc_msg(test, test->priv, &ovs_ct_limit_genl_family, cmd, 0);
	if (len >= 0)
		ovs_kt_put(test, msg, OVS_CT_LIMIT_ATTR_ZONE_LIMIT, recs, len);
	return ovs_gc_call(test, test->priv, msg, reply);
}

/* The reply's records, checked against want (zone, limit, count). */
static void clg_expect(struct kunit *test, struct sk_buff *reply,
		       const struct ovs_zone_limit *want, unsigned int n)
{
	struct nlattr *a[OVS_CT_LIMIT_ATTR_MAX + 1];
	const struct ovs_zone_limit *got;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, reply);
	ovs_gc_parse(test, reply, a, OVS_CT_LIMIT_ATTR_MAX);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_CT_LIMIT_ATTR_ZONE_LIMIT]);
	KUNIT_ASSERT_EQ(test, nla_len(a[OVS_CT_LIMIT_ATTR_ZONE_LIMIT]),
			(int)(n * sizeof(*want)));
	got = nla_data(a[OVS_CT_LIMIT_ATTR_ZONE_LIMIT]);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, got[i].zone_id, want[i].zone_id,
				    "record %u", i);
		KUNIT_EXPECT_EQ_MSG(test, got[i].limit, want[i].limit,
				    "record %u (zone %d)", i, want[i].zone_id);
		KUNIT_EXPECT_EQ_MSG(test, got[i].count, want[i].count,
				    "record %u (zone %d)", i, want[i].zone_id);
	}
	kfree_skb(reply);
}

static void clg_get_all(struct kunit *test, const struct ovs_zone_limit *want,
			unsigned int n)
{
	struct sk_buff *reply;

	KUNIT_ASSERT_EQ(test, clg_call(test, OVS_CT_LIMIT_CMD_GET, NULL, -1,
				       &reply), 0);
	clg_expect(test, reply, want, n);
}

/* SET, GET (all, and by zone), DEL: what dpctl/ct-*-limits send. */
static void clg_round_trip(struct kunit *test)
{
	static const struct ovs_zone_limit set[] = {
		{ 7, 2 }, { DEF, 5 }, { 3, 10, 99 },
	};
	static const struct ovs_zone_limit all[] = {
		{ DEF, 5 }, { 3, 10 }, { 7, 2 },
	};
	static const struct ovs_zone_limit ask[] = { { 3 }, { 9 }, { DEF } };
	/* Zone 9 has no limit of its own: the default's. */
	static const struct ovs_zone_limit asked[] = {
		{ 3, 10 }, { 9, 5 }, { DEF, 5 },
	};
	static const struct ovs_zone_limit change[] = { { 3, 4 } };
	static const struct ovs_zone_limit changed[] = {
		{ DEF, 5 }, { 3, 4 }, { 7, 2 },
	};
	static const struct ovs_zone_limit del[] = { { 3 }, { DEF }, { 9 } };
	static const struct ovs_zone_limit left[] = { { DEF, 0 }, { 7, 2 } };
	static const struct ovs_zone_limit none[] = { { DEF, 0 } };
	struct sk_buff *reply;

	clg_get_all(test, none, ARRAY_SIZE(none));

	KUNIT_ASSERT_EQ(test, clg_call(test, OVS_CT_LIMIT_CMD_SET, set,
				       sizeof(set), &reply), 0);
	/* The header alone. */
	KUNIT_ASSERT_NOT_NULL(test, reply);
	KUNIT_EXPECT_EQ(test, nlmsg_hdr(reply)->nlmsg_len,
			NLMSG_LENGTH(GENL_HDRLEN + sizeof(struct ovs_header)));
	kfree_skb(reply);
	clg_get_all(test, all, ARRAY_SIZE(all));

	KUNIT_ASSERT_EQ(test, clg_call(test, OVS_CT_LIMIT_CMD_GET, ask,
				       sizeof(ask), &reply), 0);
	clg_expect(test, reply, asked, ARRAY_SIZE(asked));

	/* A zone set again keeps one entry, with the new limit. */
	KUNIT_ASSERT_EQ(test, clg_call(test, OVS_CT_LIMIT_CMD_SET, change,
				       sizeof(change), NULL), 0);
	clg_get_all(test, changed, ARRAY_SIZE(changed));

	/* Deleting the default puts it back to 0; zone 9 had none. */
	KUNIT_ASSERT_EQ(test, clg_call(test, OVS_CT_LIMIT_CMD_DEL, del,
				       sizeof(del), &reply), 0);
	KUNIT_ASSERT_NOT_NULL(test, reply);
	kfree_skb(reply);
	clg_get_all(test, left, ARRAY_SIZE(left));

	/* An empty list changes nothing and reports nothing. */
	KUNIT_ASSERT_EQ(test, clg_call(test, OVS_CT_LIMIT_CMD_SET, NULL, 0,
				       NULL), 0);
	KUNIT_ASSERT_EQ(test, clg_call(test, OVS_CT_LIMIT_CMD_GET, NULL, 0,
				       &reply), 0);
	clg_expect(test, reply, NULL, 0);
	clg_get_all(test, left, ARRAY_SIZE(left));
}

struct clg_bad {
	const char *what;
	u8 cmd;
	int len;		/* of recs; -1: no attribute */
	struct ovs_zone_limit recs[2];
	const char *msg;
};

/*
 * Malformed requests, refused whole with their message: the good record
 * before a bad one (zone 4, limit 1) is not applied either.
 */
static void clg_refused(struct kunit *test)
{
	static const struct clg_bad bad[] = {
		{ "SET without zones", OVS_CT_LIMIT_CMD_SET, -1, {},
		  "the request needs zone limits" },
		{ "DEL without zones", OVS_CT_LIMIT_CMD_DEL, -1, {},
		  "the request needs zone limits" },
		{ "a record of 8 bytes", OVS_CT_LIMIT_CMD_SET, 8, { { 4, 1 } },
		  "12 bytes each" },
		{ "trailing bytes", OVS_CT_LIMIT_CMD_SET, 16,
		  { { 4, 1 }, { 5, 1 } }, "trailing bytes after the last" },
		{ "trailing bytes in a GET", OVS_CT_LIMIT_CMD_GET, 13,
		  { { 4, 1 } }, "trailing bytes after the last" },
		{ "zone 65536", OVS_CT_LIMIT_CMD_SET, 24,
		  { { 4, 1 }, { 65536, 1 } }, "zone id out of range" },
		{ "zone -2", OVS_CT_LIMIT_CMD_SET, 24, { { 4, 1 }, { -2, 1 } },
		  "zone id out of range" },
		{ "zone -2 in a DEL", OVS_CT_LIMIT_CMD_DEL, 12, { { -2 } },
		  "zone id out of range" },
		{ "zone 70000 in a GET", OVS_CT_LIMIT_CMD_GET, 12,
		  { { 70000 } }, "zone id out of range" },
	};
	static const struct ovs_zone_limit none[] = { { DEF, 0 } };
	struct gc *g = test->priv;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, clg_call(test, bad[i].cmd,
						   bad[i].recs, bad[i].len,
						   NULL),
				    -EINVAL, "%s", bad[i].what);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(g->ext_msg, bad[i].msg),
					  "%s: extack \"%s\"", bad[i].what,
					  g->ext_msg);
		clg_get_all(test, none, ARRAY_SIZE(none));
	}
}

/* A request sent by a task without CAP_NET_ADMIN. */
static int clg_call_unprivileged(struct kunit *test, u8 cmd, const void *recs,
				 int len, struct sk_buff **reply)
{
	const struct cred *old;
	struct cred *cred;
	int err;

	cred = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, cred);
	cap_lower(cred->cap_effective, CAP_NET_ADMIN);
	old = override_creds(cred);
	err = clg_call(test, cmd, recs, len, reply);
	revert_creds(old);
	put_cred(cred);
	return err;
}

/* Without CAP_NET_ADMIN the limits may be read, not changed. */
static void clg_unprivileged(struct kunit *test)
{
	static const struct ovs_zone_limit set[] = { { 9, 1 } };
	static const struct ovs_zone_limit none[] = { { DEF, 0 } };
	static const struct ovs_zone_limit nine[] = { { DEF, 0 }, { 9, 1 } };
	struct sk_buff *reply;

	KUNIT_EXPECT_EQ(test, clg_call_unprivileged(test, OVS_CT_LIMIT_CMD_SET,
						    set, sizeof(set), NULL),
			-EPERM);
	KUNIT_EXPECT_EQ(test, clg_call_unprivileged(test, OVS_CT_LIMIT_CMD_GET,
						    NULL, -1, &reply), 0);
	clg_expect(test, reply, none, ARRAY_SIZE(none));

	KUNIT_ASSERT_EQ(test, clg_call(test, OVS_CT_LIMIT_CMD_SET, set,
				       sizeof(set), NULL), 0);
	KUNIT_EXPECT_EQ(test, clg_call_unprivileged(test, OVS_CT_LIMIT_CMD_DEL,
						    set, sizeof(set), NULL),
			-EPERM);
	clg_get_all(test, nine, ARRAY_SIZE(nine));
}

static struct kunit_case ovs_ct_limit_genl_cases[] = {
	KUNIT_CASE(clg_round_trip),
	KUNIT_CASE(clg_refused),
	KUNIT_CASE(clg_unprivileged),
	{}
};

static struct kunit_suite ovs_ct_limit_genl_suite = {
	.name = "ovs_ct_limit_genl",
	.init = clg_init,
	.exit = clg_exit,
	.test_cases = ovs_ct_limit_genl_cases,
};

/* --- enforcement at ct(commit) ------------------------------------------ */

/* A UDP packet 10.0.0.1:sport -> :2000 of its own connection, or its reply. */
static struct sk_buff *cle_udp(struct kunit *test, u16 sport, bool reply)
{
	const struct ovs_axt_pkt p = { ETH_P_IP, IPPROTO_UDP, false, 16 };
	struct axt *t = test->priv;
	struct sk_buff *skb = ovs_axt_packet(test, &p);
	struct iphdr *ip = ip_hdr(skb);
	struct udphdr *uh = udp_hdr(skb);
	__be32 a;

	/* Both checksums sum addresses and ports, whichever way round. */
	csum_replace2(&uh->check, uh->source, htons(sport));
	uh->source = htons(sport);
	if (reply) {
		a = ip->saddr;
		ip->saddr = ip->daddr;
		ip->daddr = a;
		uh->source = uh->dest;
		uh->dest = htons(sport);
	}
	t->key.ipv4.src = ip->saddr;
	t->key.ipv4.dst = ip->daddr;
	t->key.tp.src = uh->source;
	t->key.tp.dst = uh->dest;
	return skb;
}

/* ct(zone, commit if asked), checked and copied as a flow's actions. */
static struct ovs_actions *cle_acts(struct kunit *test, u16 zone, bool commit)
{
	struct axt *t = test->priv;
	struct netlink_ext_ack extack = {};
	struct ovs_actions *acts = NULL;
	struct sk_buff *nl = alloc_skb(256, GFP_KERNEL);
	struct nlattr *list, *ct;

	KUNIT_ASSERT_NOT_NULL(test, nl);
	t->key.eth.type = htons(ETH_P_IP);
	t->key.ip.proto = IPPROTO_UDP;
	list = ovs_kt_nest(test, nl, OVS_FLOW_ATTR_ACTIONS);
	ct = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_CT);
	if (commit)
		ovs_kt_put(test, nl, OVS_CT_ATTR_COMMIT, NULL, 0);
	ovs_kt_put(test, nl, OVS_CT_ATTR_ZONE, &zone, sizeof(zone));
	ovs_kt_nest_end(test, nl, ct);
	ovs_kt_nest_end(test, nl, list);
	KUNIT_EXPECT_EQ(test, ovs_actions_copy(&init_net, list, &t->key, &acts,
					       false, &extack), 0);
	kfree_skb(nl);
	KUNIT_ASSERT_NOT_NULL(test, acts);
	return acts;
}

static void cle_set(struct kunit *test, struct net *net,
		    const struct ovs_zone_limit *zl, unsigned int n)
{
	int err;

	ovs_lock();
	err = ovs_ct_limit_set(net, zl, n);
	ovs_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
}

static u32 cle_count(struct net *net, int zone)
{
	struct ovs_zone_limit zl = { .zone_id = zone };

	ovs_lock();
	ovs_ct_limit_read(net, &zl);
	ovs_unlock();
	return zl.count;
}

/* The reply of sport's connection in zone: was the connection committed? */
static bool cle_committed(struct kunit *test, u16 zone, u16 sport)
{
	struct ovs_actions *lookup = cle_acts(test, zone, false);
	struct axt *t = test->priv;

	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, cle_udp(test, sport, true),
					  lookup), 0);
	ovs_actions_free(lookup);
	return t->key.ct.state & OVS_CS_F_ESTABLISHED;
}

/*
 * Zone 11 with a limit of 2: two connections commit, packets of theirs
 * still pass, the third is dropped uncommitted; zone 12 (no limit) is not
 * touched by it; zone 13 gets the default of 1, zone 14 opts out with 0.
 */
static void cle_enforced(struct kunit *test)
{
	static const struct ovs_zone_limit limits[] = {
		{ 11, 2 }, { DEF, 1 }, { 14, 0 }, { 12, 0 },
	};
	static const struct ovs_zone_limit clear[] = {
		{ 11 }, { DEF }, { 14 }, { 12 },
	};
	struct ovs_actions *c11 = cle_acts(test, 11, true);
	struct ovs_actions *c12 = cle_acts(test, 12, true);
	struct ovs_actions *c13 = cle_acts(test, 13, true);
	struct ovs_actions *c14 = cle_acts(test, 14, true);

	cle_set(test, &init_net, limits, ARRAY_SIZE(limits));

	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, cle_udp(test, 4001, false),
					  c11), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, cle_udp(test, 4002, false),
					  c11), 0);
	/* A connection already committed is not counted again. */
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, cle_udp(test, 4001, false),
					  c11), 0);
	KUNIT_EXPECT_EQ(test, cle_count(&init_net, 11), 2U);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, cle_udp(test, 4003, false),
					  c11), -ENOMEM);
	KUNIT_EXPECT_TRUE(test, cle_committed(test, 11, 4001));
	KUNIT_EXPECT_TRUE(test, cle_committed(test, 11, 4002));
	KUNIT_EXPECT_FALSE(test, cle_committed(test, 11, 4003));

	/* The same connection in zone 12: no limit there. */
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, cle_udp(test, 4003, false),
					  c12), 0);
	KUNIT_EXPECT_TRUE(test, cle_committed(test, 12, 4003));

	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, cle_udp(test, 4004, false),
					  c13), 0);
	KUNIT_EXPECT_EQ(test, cle_count(&init_net, 13), 1U);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, cle_udp(test, 4005, false),
					  c13), -ENOMEM);

	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, cle_udp(test, 4004, false),
					  c14), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, cle_udp(test, 4005, false),
					  c14), 0);
	KUNIT_EXPECT_TRUE(test, cle_committed(test, 14, 4005));

	/*
	 * nf_conncount counted the refused connections too; it forgets
	 * them once they are older than two jiffies and not in conntrack.
	 */
	msleep(50);
	KUNIT_EXPECT_EQ(test, cle_count(&init_net, 11), 2U);
	KUNIT_EXPECT_EQ(test, cle_count(&init_net, 13), 1U);

	ovs_lock();
	ovs_ct_limit_del(&init_net, clear, ARRAY_SIZE(clear));
	ovs_unlock();
	/* No limit any more: the third connection of zone 11 commits. */
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, cle_udp(test, 4003, false),
					  c11), 0);
	KUNIT_EXPECT_TRUE(test, cle_committed(test, 11, 4003));

	ovs_actions_free(c11);
	ovs_actions_free(c12);
	ovs_actions_free(c13);
	ovs_actions_free(c14);
}

/* Sees a namespace's exit through, after the datapath's own exits. */
static struct {
	struct net *net;
	struct completion done;
} cle_exit_seen;

static void __net_exit cle_exit_net(struct net *net)
{
	if (net == cle_exit_seen.net)
		complete(&cle_exit_seen.done);
}

static struct pernet_operations cle_exit_ops = {
	.exit = cle_exit_net,
};

/*
 * A namespace with limits set and connections counted goes away: its
 * limits and nf_conncount data go with it (kmemleak, KASAN).
 */
static void cle_netns_exit(struct kunit *test)
{
	static const struct ovs_zone_limit limits[] = {
		{ 21, 1 }, { 22, 5 }, { DEF, 3 },
	};
	const struct ovs_ct_params p = {
		.proto = IPPROTO_UDP, .zone = 21, .commit = true,
	};
	struct axt *t = test->priv;
	struct ovs_ct_info *info;
	struct sk_buff *skb;
	struct net *net;
	unsigned long left;
	int err;

	net = copy_net_ns(CLONE_NEWNET, &init_user_ns, &init_net);
	KUNIT_ASSERT_FALSE(test, IS_ERR(net));
	cle_set(test, net, limits, ARRAY_SIZE(limits));
	KUNIT_ASSERT_EQ(test, ovs_ct_info_new(net, &p, &info), 0);

	skb = cle_udp(test, 4101, false);
	local_bh_disable();
	rcu_read_lock();
	err = ovs_ct_execute(net, skb, &t->key, info);
	rcu_read_unlock();
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, err, 0);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, cle_count(net, 21), 1U);
	/* init_net's own limits are another namespace's: none here. */
	KUNIT_EXPECT_EQ(test, cle_count(&init_net, 21), 0U);

	skb = cle_udp(test, 4102, false);
	local_bh_disable();
	rcu_read_lock();
	err = ovs_ct_execute(net, skb, &t->key, info);
	rcu_read_unlock();
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, err, -ENOMEM);
	/* Let through, it would hold an entry the namespace waits for. */
	if (!err)
		kfree_skb(skb);
	ovs_ct_info_free(info);

	init_completion(&cle_exit_seen.done);
	cle_exit_seen.net = net;
	KUNIT_ASSERT_EQ(test, register_pernet_subsys(&cle_exit_ops), 0);
	put_net(net);
	left = wait_for_completion_timeout(&cle_exit_seen.done, 30 * HZ);
	cle_exit_seen.net = NULL;
	unregister_pernet_subsys(&cle_exit_ops);
	KUNIT_EXPECT_NE(test, left, 0UL);
}

static struct kunit_case ovs_ct_limit_exec_cases[] = {
	KUNIT_CASE(cle_enforced),
	KUNIT_CASE(cle_netns_exit),
	{}
};

static struct kunit_suite ovs_ct_limit_exec_suite = {
	.name = "ovs_ct_limit_exec",
	.init = ovs_axt_init,
	.exit = ovs_axt_exit,
	.test_cases = ovs_ct_limit_exec_cases,
};

kunit_test_suites(&ovs_ct_limit_genl_suite, &ovs_ct_limit_exec_suite);
