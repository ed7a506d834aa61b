// SPDX-License-Identifier: GPL-2.0-only
/*
 * Packets received on a port and switched by the datapath's own table
 * (ovs_vport_receive(), ovs_dp_process_packet() in datapath/datapath.c): what a
 * flow's counters count, and the mask cache across a recirculation.
 */

#include "flow_attr_int.h"
#include "flow_table.h"
#include "actions_exec_kunit.h"
#include "dp_kunit.h"

/* Installs the actions built so far as the flow of port 1 and recirc_id. */
static struct ovs_flow *dpp_flow(struct kunit *test, u32 recirc_id)
{
	struct axt *t = test->priv;
	struct ovs_flow *flow;
	struct ovs_key *mask;
	int err;

	mask = kunit_kzalloc(test, sizeof(*mask), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mask);
	mask->in_port = U32_MAX;
	mask->recirc_id = U32_MAX;

	flow = ovs_flow_alloc();
	KUNIT_ASSERT_NOT_NULL(test, flow);
	flow->key.in_port = 1;
	flow->key.recirc_id = recirc_id;
	/* kvmalloc'ed, as the table frees actions with the flow. */
	RCU_INIT_POINTER(flow->acts,
			 ovs_axt_acts_fill(test, kvzalloc(ovs_axt_acts_len(test),
							  GFP_KERNEL)));
	err = ovs_kt_flow_insert(t->dp, flow, mask, &recirc_id,
				 sizeof(recirc_id));
	KUNIT_ASSERT_EQ(test, err, 0);
	return flow;
}

/* skb arrives on port 1, as a netdev port's rx handler hands it over. */
static void dpp_receive(struct kunit *test, struct sk_buff *skb)
{
	struct axt *t = test->priv;

	local_bh_disable();
	rcu_read_lock();
	ovs_vport_receive(t->vport[0], skb, NULL);
	rcu_read_unlock();
	local_bh_enable();
}

/*
 * A flow counts the frame as it was on the wire: a tag the device took
 * off into the skb (hardware acceleration) is four of its bytes, as
 * in-tree and as when the tag is still in the data.
 */
static void dpp_bytes_vlan_accel(struct kunit *test)
{
	struct ovs_flow_stats_sum sum;
	struct ovs_flow *flow;
	struct sk_buff *skb;
	unsigned int len;

	ovs_axt_output(test, 2);
	flow = dpp_flow(test, 0);

	skb = ovs_axt_ipv4_tcp(test);
	len = skb->len;
	dpp_receive(test, skb);
	skb = ovs_axt_ipv4_tcp(test);
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), 10);
	dpp_receive(test, skb);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), 2U);

	ovs_flow_stats_get(flow, &sum);
	KUNIT_EXPECT_EQ(test, sum.packets, 2ULL);
	KUNIT_EXPECT_EQ(test, sum.bytes, (u64)len + len + VLAN_HLEN);
}

static u64 dpp_cache_hits(struct kunit *test)
{
	struct axt *t = test->priv;
	u64 n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += u64_stats_read(&per_cpu_ptr(t->dp->stats, cpu)->n_cache_hit);
	return n;
}

/*
 * recirc(1), then output: the same packet, with the same skb hash, is
 * looked up twice per pass.  From the second pass on the mask cache
 * answers both lookups.
 */
static void dpp_recirc_cache(struct kunit *test)
{
	struct sk_buff *skb;
	u64 before;
	int pass;

	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 1);
	dpp_flow(test, 0);
	ovs_axt_output(test, 2);
	dpp_flow(test, 1);

	for (pass = 0; pass < 3; pass++) {
		skb = ovs_axt_ipv4_tcp(test);
		skb_set_hash(skb, 0x12345678, PKT_HASH_TYPE_L4);
		before = dpp_cache_hits(test);
		dpp_receive(test, skb);
		KUNIT_EXPECT_EQ_MSG(test, dpp_cache_hits(test) - before,
				    pass ? 2ULL : 0ULL, "pass %d", pass);
	}
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), 3U);
}

/*
 * The packet path indexes its cache with a hash of the key, so a flow
 * that only forwards costs no flow dissector: the frame leaves without an
 * skb hash, and whatever needs one later computes it from the same
 * headers.
 */
static void dpp_forward_no_hash(struct kunit *test)
{
	struct sk_buff *out;
	u64 before;
	int pass;

	ovs_axt_output(test, 2);
	dpp_flow(test, 0);

	for (pass = 0; pass < 2; pass++) {
		before = dpp_cache_hits(test);
		dpp_receive(test, ovs_axt_ipv4_tcp(test));
		KUNIT_EXPECT_EQ_MSG(test, dpp_cache_hits(test) - before,
				    pass ? 1ULL : 0ULL, "pass %d", pass);
		out = ovs_axt_sent(test, 2);
		KUNIT_EXPECT_EQ(test, out->hash, 0U);
		KUNIT_EXPECT_FALSE(test, out->l4_hash);
		KUNIT_EXPECT_FALSE(test, out->sw_hash);
	}
}

/*
 * A flow that changes the headers: the skb hash is the one of the frame
 * as it arrived, computed before the actions, as in-tree, not one of the
 * tagged frame computed wherever the output needs it.
 */
static void dpp_hash_on_entry(struct kunit *test)
{
	struct ovs_action_push_vlan q = {
		.vlan_tpid = htons(ETH_P_8021Q),
		.vlan_tci = htons(VLAN_CFI_MASK | 100),
	};
	struct sk_buff *in = ovs_axt_ipv4_tcp(test), *out;
	struct axt *t = test->priv;
	u32 want;

	want = skb_get_hash(in);
	KUNIT_ASSERT_NE(test, want, 0U);
	skb_clear_hash(in);

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_VLAN, &q,
		   sizeof(q));
	ovs_axt_output(test, 2);
	dpp_flow(test, 0);
	/* A frame from the same builder: in itself stays the test's. */
	skb_queue_tail(&t->sent, in);
	dpp_receive(test, ovs_axt_ipv4_tcp(test));

	out = ovs_axt_sent(test, 2);
	KUNIT_ASSERT_EQ(test, out->len, in->len + VLAN_HLEN);
	KUNIT_EXPECT_EQ(test, out->hash, want);
	KUNIT_EXPECT_TRUE(test, out->l4_hash);
}

static struct kunit_case dpp_cases[] = {
	KUNIT_CASE(dpp_bytes_vlan_accel),
	KUNIT_CASE(dpp_recirc_cache),
	KUNIT_CASE(dpp_forward_no_hash),
	KUNIT_CASE(dpp_hash_on_entry),
	{}
};

static struct kunit_suite dpp_suite = {
	.name = "ovs_dp_packet",
	.init = ovs_axt_init,
	.exit = ovs_axt_exit,
	.test_cases = dpp_cases,
};

kunit_test_suite(dpp_suite);
