// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-namespace mask rebalance work (datapath/datapath.c): traffic that moves
 * to a later mask without any insert moves that mask first; the work runs
 * while the namespace has datapaths and stops with the last one; tearing
 * the namespace down cancels it.  Each test runs in a namespace of its own,
 * so the works of other suites' datapaths (in init_net) stay out of it.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "datapath.h"
#include "flow_table.h"

#define OVS_RB_MASKS	4

struct ovs_rb_test {
	struct net *net;
	struct ovs_net *ovs_net;
	struct ovs_dp *dp;
	struct ovs_flow *flows[OVS_RB_MASKS];
};

/* What the namespace's teardown left, seen by a pernet exit after ours. */
static struct {
	struct net *net;
	bool work_pending;
	bool work_busy;
	bool dps_empty;
	struct completion done;
} ovs_rb_exit_seen;

static void __net_exit ovs_rb_exit_probe(struct net *net)
{
	struct ovs_net *ovs_net = net_generic(net, ovs_net_id);

	if (net != ovs_rb_exit_seen.net)
		return;
	ovs_rb_exit_seen.work_pending =
		delayed_work_pending(&ovs_net->masks_rebalance);
	ovs_rb_exit_seen.work_busy =
		work_busy(&ovs_net->masks_rebalance.work);
	ovs_rb_exit_seen.dps_empty = list_empty(&ovs_net->dps);
	complete(&ovs_rb_exit_seen.done);
}

/*
 * A subsystem's exit runs after every device's exit (the datapath's), and
 * before the namespace's generic storage is freed.
 */
static struct pernet_operations ovs_rb_exit_ops = {
	.exit = ovs_rb_exit_probe,
};

static int ovs_rb_init(struct kunit *test)
{
	struct ovs_rb_test *t;
	struct net *net;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;

	net = copy_net_ns(CLONE_NEWNET, &init_user_ns, &init_net);
	KUNIT_ASSERT_FALSE(test, IS_ERR(net));
	t->net = net;
	t->ovs_net = net_generic(net, ovs_net_id);

	t->dp = ovs_dp_alloc(net);
	KUNIT_ASSERT_NOT_NULL(test, t->dp);
	/* What OVS_DP_CMD_NEW does once the datapath is complete. */
	ovs_lock();
	list_add_tail_rcu(&t->dp->node, &t->ovs_net->dps);
	ovs_dp_rebalance_arm(t->ovs_net);
	ovs_unlock();
	return 0;
}

static void ovs_rb_exit(struct kunit *test)
{
	struct ovs_rb_test *t = test->priv;

	if (!t || !t->net)
		return;
	/* The namespace's teardown destroys what datapath is left. */
	put_net(t->net);
}

/* Flow i: in_port BIT(i) under a mask of in_port BIT(i), a mask each. */
static void ovs_rb_add_flows(struct kunit *test)
{
	struct ovs_rb_test *t = test->priv;
	struct ovs_key_range range = {
		.start = 0,
		.end = ALIGN(offsetofend(struct ovs_key, in_port), sizeof(long)),
	};
	struct ovs_key *mask;
	struct ovs_flow *flow;
	u32 i;

	mask = kunit_kzalloc(test, sizeof(*mask), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mask);
	for (i = 0; i < OVS_RB_MASKS; i++) {
		flow = ovs_flow_alloc();
		KUNIT_ASSERT_NOT_NULL(test, flow);
		flow->key.in_port = BIT(i);
		mask->in_port = BIT(i);
		KUNIT_ASSERT_EQ(test, ovs_flow_id_set(flow, &i, sizeof(i), NULL),
				0);
		ovs_lock();
		KUNIT_EXPECT_EQ(test, ovs_flow_tbl_insert(t->dp->table, flow,
							  mask, &range), 0);
		ovs_unlock();
		t->flows[i] = flow;
	}
	KUNIT_ASSERT_EQ(test, ovs_flow_tbl_num_masks(t->dp->table),
			(u32)OVS_RB_MASKS);
}

/* n packets of flow i, as the packet path looks them up (no cache). */
static u32 ovs_rb_traffic(struct kunit *test, u32 i, unsigned int n)
{
	struct ovs_rb_test *t = test->priv;
	u32 n_mask_hit = 0, n_cache_hit;
	struct ovs_flow *flow;
	struct ovs_key key;

	memset(&key, 0, sizeof(key));
	key.in_port = BIT(i);
	while (n--) {
		local_bh_disable();
		rcu_read_lock();
		flow = ovs_flow_tbl_lookup_stats(t->dp->table, &key, 0,
						 &n_mask_hit, &n_cache_hit);
		rcu_read_unlock();
		local_bh_enable();
		KUNIT_EXPECT_PTR_EQ(test, flow, t->flows[i]);
	}
	return n_mask_hit;
}

/*
 * Traffic shifts to the last mask, then to another, with no insert in
 * between: each time the work alone brings the busy mask to the front.
 */
static void ovs_rb_traffic_shift(struct kunit *test)
{
	struct ovs_rb_test *t = test->priv;
	struct delayed_work *work = &t->ovs_net->masks_rebalance;

	KUNIT_EXPECT_TRUE(test, delayed_work_pending(work));
	ovs_rb_add_flows(test);

	/* Run whatever reordering is due, so that the inserts are behind. */
	flush_delayed_work(work);
	KUNIT_EXPECT_EQ(test, ovs_rb_traffic(test, 3, 1), (u32)OVS_RB_MASKS);
	ovs_rb_traffic(test, 3, 20);
	ovs_rb_traffic(test, 2, 5);

	KUNIT_EXPECT_TRUE(test, flush_delayed_work(work));
	KUNIT_EXPECT_EQ(test, t->flows[3]->tuple->index, 0U);
	KUNIT_EXPECT_EQ(test, t->flows[2]->tuple->index, 1U);
	KUNIT_EXPECT_EQ(test, ovs_rb_traffic(test, 3, 1), 1U);
	/* The datapath is still there: the work armed itself again. */
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(work));

	/* The traffic moves on; only the window since the last run counts. */
	ovs_rb_traffic(test, 1, 10);
	KUNIT_EXPECT_TRUE(test, flush_delayed_work(work));
	KUNIT_EXPECT_EQ(test, t->flows[1]->tuple->index, 0U);
	KUNIT_EXPECT_EQ(test, ovs_rb_traffic(test, 1, 1), 1U);
	KUNIT_EXPECT_EQ(test, ovs_rb_traffic(test, 0, 1), (u32)OVS_RB_MASKS);
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(work));
}

/* The last datapath's removal lets the work lapse; a new one arms it. */
static void ovs_rb_stops_and_restarts(struct kunit *test)
{
	struct ovs_rb_test *t = test->priv;
	struct delayed_work *work = &t->ovs_net->masks_rebalance;

	ovs_lock();
	ovs_dp_destroy(t->dp);
	ovs_unlock();
	t->dp = NULL;
	/* Pending from the creation; it runs, finds nothing, stays off. */
	KUNIT_EXPECT_TRUE(test, flush_delayed_work(work));
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(work));
	KUNIT_EXPECT_FALSE(test, flush_delayed_work(work));

	t->dp = ovs_dp_alloc(t->net);
	KUNIT_ASSERT_NOT_NULL(test, t->dp);
	ovs_lock();
	list_add_tail_rcu(&t->dp->node, &t->ovs_net->dps);
	ovs_dp_rebalance_arm(t->ovs_net);
	/* Arming twice is harmless. */
	ovs_dp_rebalance_arm(t->ovs_net);
	ovs_unlock();
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(work));
	ovs_rb_add_flows(test);
	ovs_rb_traffic(test, 2, 3);
	KUNIT_EXPECT_TRUE(test, flush_delayed_work(work));
	KUNIT_EXPECT_EQ(test, t->flows[2]->tuple->index, 0U);
}

/*
 * A namespace goes away with its datapath and an armed work: the teardown
 * destroys the datapath and cancels the work before the namespace's memory
 * goes (KASAN would see the timer fire into it, lockdep a cancel under
 * ovs_lock).
 */
static void ovs_rb_netns_exit(struct kunit *test)
{
	struct ovs_rb_test *t = test->priv;
	struct delayed_work *work = &t->ovs_net->masks_rebalance;
	unsigned long left;

	ovs_rb_add_flows(test);
	ovs_rb_traffic(test, 1, 2);
	/* The work has run in this namespace, and is armed again. */
	KUNIT_EXPECT_TRUE(test, flush_delayed_work(work));
	KUNIT_EXPECT_EQ(test, t->flows[1]->tuple->index, 0U);
	KUNIT_ASSERT_TRUE(test, delayed_work_pending(work));

	init_completion(&ovs_rb_exit_seen.done);
	ovs_rb_exit_seen.net = t->net;
	ovs_rb_exit_seen.work_pending = true;
	ovs_rb_exit_seen.work_busy = true;
	ovs_rb_exit_seen.dps_empty = false;
	KUNIT_ASSERT_EQ(test, register_pernet_subsys(&ovs_rb_exit_ops), 0);

	put_net(t->net);
	t->net = NULL;
	t->dp = NULL;
	left = wait_for_completion_timeout(&ovs_rb_exit_seen.done, 30 * HZ);
	ovs_rb_exit_seen.net = NULL;
	unregister_pernet_subsys(&ovs_rb_exit_ops);

	KUNIT_ASSERT_NE_MSG(test, left, 0UL, "the namespace was not torn down");
	KUNIT_EXPECT_TRUE(test, ovs_rb_exit_seen.dps_empty);
	KUNIT_EXPECT_FALSE(test, ovs_rb_exit_seen.work_pending);
	KUNIT_EXPECT_FALSE(test, ovs_rb_exit_seen.work_busy);
}

static struct kunit_case ovs_rb_cases[] = {
	KUNIT_CASE(ovs_rb_traffic_shift),
	KUNIT_CASE(ovs_rb_stops_and_restarts),
	KUNIT_CASE(ovs_rb_netns_exit),
	{}
};

static struct kunit_suite ovs_rb_suite = {
	.name = "ovs_dp_rebalance",
	.init = ovs_rb_init,
	.exit = ovs_rb_exit,
	.test_cases = ovs_rb_cases,
};

kunit_test_suite(ovs_rb_suite);
