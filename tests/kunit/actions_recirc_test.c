// SPDX-License-Identifier: GPL-2.0-only
/*
 * Recirculation limits (datapath/actions_exec.c): a packet goes through at
 * most OVS_ACTIONS_MAX_RECIRC recirculations, and the recirculations one
 * packet entering the datapath gives rise to wait in a per-CPU FIFO of
 * OVS_ACTIONS_RECIRC_FIFO.  Past either limit the packet (or the copy a
 * recirc would have queued) is dropped and freed.  Also recirc inside
 * clone() and sample(): the recirculated copy carries the nested list's
 * key, refreshed if a push left it stale, and the outer packet goes on
 * unchanged, as in the in-tree datapath.
 *
 * The recirculated packets are looked up in the datapath's own table, so
 * each test installs flows matching on recirc_id.
 */

#include <linux/atomic.h>

#include "flow_attr_int.h"
#include "flow_table.h"
#include "actions_exec_kunit.h"
#include "dp_kunit.h"

#define AXR_FIFO	OVS_ACTIONS_RECIRC_FIFO

/* A flow's actions: kvmalloc'ed, as the table frees them with the flow. */
static struct ovs_actions *axr_flow_acts(struct kunit *test)
{
	return ovs_axt_acts_fill(test, kvzalloc(ovs_axt_acts_len(test), GFP_KERNEL));
}

/*
 * Installs the actions built so far as the flow for key (already masked)
 * under mask, with this UFID.
 */
static void axr_flow_key(struct kunit *test, const struct ovs_key *key,
			 const struct ovs_key *mask, u32 ufid)
{
	struct axt *t = test->priv;
	struct ovs_flow *flow;
	int err;

	flow = ovs_flow_alloc();
	KUNIT_ASSERT_NOT_NULL(test, flow);
	flow->key = *key;
	RCU_INIT_POINTER(flow->acts, axr_flow_acts(test));
	err = ovs_kt_flow_insert(t->dp, flow, mask, &ufid, sizeof(ufid));
	KUNIT_ASSERT_EQ(test, err, 0);
}

/*
 * Installs the actions built so far as the flow for recirc_id, also
 * matching eth_type if it is not zero.
 */
static void axr_flow(struct kunit *test, u32 recirc_id, __be16 eth_type)
{
	struct ovs_key *key, *mask;

	key = kunit_kzalloc(test, sizeof(*key), GFP_KERNEL);
	mask = kunit_kzalloc(test, sizeof(*mask), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, key);
	KUNIT_ASSERT_NOT_NULL(test, mask);
	mask->recirc_id = U32_MAX;
	if (eth_type)
		mask->eth.type = htons(0xffff);
	key->recirc_id = recirc_id;
	key->eth.type = eth_type;
	axr_flow_key(test, key, mask, recirc_id | (u32)ntohs(eth_type) << 16);
}

static void axr_set_mark(struct kunit *test, u32 mark)
{
	ovs_axt_set(test, OVS_KEY_ATTR_SKB_MARK, &mark, NULL, sizeof(mark));
}

static struct ovs_dp_stats axr_stats(struct kunit *test)
{
	struct ovs_dp_megaflow_stats mega;
	struct axt *t = test->priv;
	struct ovs_dp_stats stats;

	ovs_dp_stats_read(t->dp, &stats, &mega);
	return stats;
}

/* Counts the packets freed whose destructor is this. */
static atomic_t axr_freed = ATOMIC_INIT(0);

static void axr_destructor(struct sk_buff *skb)
{
	atomic_inc(&axr_freed);
}

static struct sk_buff *axr_tracked_packet(struct kunit *test)
{
	struct sk_buff *skb = ovs_axt_ipv4_tcp(test);

	atomic_set(&axr_freed, 0);
	skb->destructor = axr_destructor;
	return skb;
}

/*
 * recirc(1); flow i: set(skb_mark(i)), output:2, recirc(i + 1), for more
 * flows than the limit.  Exactly OVS_ACTIONS_MAX_RECIRC of them run, in
 * order; the recirc past the limit frees the packet (its own skb, as it is
 * the last action) and nothing else is sent.
 */
static void axr_chain_limit(struct kunit *test)
{
	const struct ovs_actions *acts;
	struct sk_buff *out;
	struct ovs_dp_stats st;
	u32 i, pass;

	for (i = 1; i <= OVS_ACTIONS_MAX_RECIRC + 3; i++) {
		axr_set_mark(test, i);
		ovs_axt_output(test, 2);
		ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, i + 1);
		axr_flow(test, i, 0);
	}
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 1);
	acts = ovs_axt_acts(test);

	/* Twice: the per-CPU state is back to zero after the first packet. */
	for (pass = 1; pass <= 2; pass++) {
		KUNIT_EXPECT_EQ(test, ovs_axt_run(test, axr_tracked_packet(test),
						  acts), 0);

		KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2),
				(unsigned int)OVS_ACTIONS_MAX_RECIRC);
		for (i = 1; i <= OVS_ACTIONS_MAX_RECIRC; i++) {
			out = ovs_axt_sent(test, 2);
			KUNIT_EXPECT_EQ(test, out->mark, i);
		}
		/* The packet itself went through every pass and was freed. */
		KUNIT_EXPECT_EQ(test, atomic_read(&axr_freed), 1);
		st = axr_stats(test);
		KUNIT_EXPECT_EQ(test, st.n_hit,
				(u64)pass * OVS_ACTIONS_MAX_RECIRC);
		KUNIT_EXPECT_EQ(test, st.n_missed, 0ULL);
	}
}

/*
 * The same limit when the recirc past it is not the last action: only the
 * copy it would have queued is dropped, the packet goes on to the output.
 */
static void axr_chain_limit_not_last(struct kunit *test)
{
	u32 i;

	for (i = 1; i <= OVS_ACTIONS_MAX_RECIRC + 1; i++) {
		axr_set_mark(test, i);
		ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, i + 1);
		ovs_axt_output(test, 2);
		axr_flow(test, i, 0);
	}
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 1);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, axr_tracked_packet(test),
					  ovs_axt_acts(test)), 0);

	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 1U);
	/* Flows 1 to the limit output; the next one's was never queued. */
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2),
			(unsigned int)OVS_ACTIONS_MAX_RECIRC);
	for (i = 1; i <= OVS_ACTIONS_MAX_RECIRC; i++)
		KUNIT_EXPECT_EQ(test, ovs_axt_sent(test, 2)->mark, i);
	KUNIT_EXPECT_EQ(test, axr_stats(test).n_hit,
			(u64)OVS_ACTIONS_MAX_RECIRC);
	/* The original skb: output on port 1, kept by the test. */
	KUNIT_EXPECT_EQ(test, atomic_read(&axr_freed), 0);
}

/*
 * AXR_FIFO + 1 recircs in one list: the FIFO takes AXR_FIFO copies, the
 * one after is dropped; as the last action, the packet itself is freed.
 */
static void axr_fifo_fanout(struct kunit *test)
{
	u32 i;

	ovs_axt_output(test, 2);
	axr_flow(test, 10, 0);

	for (i = 0; i < AXR_FIFO + 1; i++)
		ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 10);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), (unsigned int)AXR_FIFO);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 1U);
	KUNIT_EXPECT_EQ(test, axr_stats(test).n_hit, (u64)AXR_FIFO);

	for (i = 0; i < AXR_FIFO + 1; i++)
		ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 10);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, axr_tracked_packet(test),
					  ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), 2U * AXR_FIFO);
	KUNIT_EXPECT_EQ(test, atomic_read(&axr_freed), 1);
	KUNIT_EXPECT_EQ(test, axr_stats(test).n_hit, 2ULL * AXR_FIFO);
}

/*
 * The FIFO is per packet entering the datapath, shared by everything it
 * recirculates into: fan = AXR_FIFO / 2 x recirc(30), flow 30: 2 x
 * recirc(31), flow 31: output:2.  The fan copies for flow 30 fill half the
 * slots; the first half of them fill the rest; the others find it full.
 */
static void axr_fifo_shared(struct kunit *test)
{
	const u32 fan = AXR_FIFO / 2;
	struct ovs_dp_stats st;
	u32 i;

	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 31);
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 31);
	axr_flow(test, 30, 0);
	ovs_axt_output(test, 2);
	axr_flow(test, 31, 0);

	for (i = 0; i < fan; i++)
		ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 30);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);

	st = axr_stats(test);
	KUNIT_EXPECT_EQ(test, st.n_hit, 2ULL * fan);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), fan);
	KUNIT_EXPECT_EQ(test, st.n_missed, 0ULL);
}

/*
 * clone(set(eth), recirc(40)), output:1: the copy recirculates with the
 * clone's key and headers, the packet leaves port 1 as it came.
 */
static void axr_clone_recirc(struct kunit *test)
{
	struct ovs_key_ethernet eth = {
		.eth_src = { 2, 9, 9, 9, 9, 9 }, .eth_dst = { 2, 8, 8, 8, 8, 8 },
	};
	struct axt *t = test->priv;
	struct nlattr *clone;
	struct sk_buff *out;

	ovs_axt_output(test, 2);
	axr_flow(test, 40, 0);

	clone = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_CLONE);
	ovs_axt_set(test, OVS_KEY_ATTR_ETHERNET, &eth, NULL, sizeof(eth));
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 40);
	ovs_kt_nest_end(test, ovs_axt_nl(test), clone);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 2);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, eth.eth_dst, ETH_ALEN), 0);
	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, ovs_axt_dst_mac, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, t->key.recirc_id, 0U);
	KUNIT_EXPECT_EQ(test, memcmp(t->key.eth.dst, ovs_axt_dst_mac, ETH_ALEN), 0);
}

/*
 * clone(push_mpls, recirc(43)): the push left the clone's key stale; the
 * recirculated copy is looked up with a fresh one, so only a flow for
 * MPLS matches it.
 */
static void axr_clone_recirc_stale_key(struct kunit *test)
{
	struct ovs_action_push_mpls mpls = {
		.mpls_lse = htonl(100 << MPLS_LS_LABEL_SHIFT | MPLS_LS_S_MASK |
				  64),
		.mpls_ethertype = htons(ETH_P_MPLS_UC),
	};
	struct nlattr *clone;
	struct sk_buff *out;

	ovs_axt_output(test, 2);
	axr_flow(test, 43, htons(ETH_P_MPLS_UC));
	ovs_axt_output(test, 3);
	axr_flow(test, 43, htons(ETH_P_IP));

	clone = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_CLONE);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_MPLS, &mpls,
		   sizeof(mpls));
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 43);
	ovs_kt_nest_end(test, ovs_axt_nl(test), clone);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);

	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 3), 0U);
	out = ovs_axt_sent(test, 2);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 2 * ETH_ALEN),
			ETH_P_MPLS_UC);
	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 2 * ETH_ALEN),
			ETH_P_IP);
}

/*
 * sample(p, actions(recirc(41))), then output:1 or nothing: with p = 1 the
 * copy (or, as the last action, the packet itself) recirculates and leaves
 * port 2; with p = 0 nothing does, and a last sample frees the packet.
 */
static void axr_sample_recirc(struct kunit *test)
{
	struct nlattr *sample, *list;
	u32 prob, last;

	ovs_axt_output(test, 2);
	axr_flow(test, 41, 0);

	for (last = 0; last <= 1; last++) {
		for (prob = 0; prob <= 1; prob++) {
			unsigned int before = ovs_axt_count(test, 2);

			sample = ovs_kt_nest(test, ovs_axt_nl(test),
					     OVS_ACTION_ATTR_SAMPLE);
			ovs_kt_u32(test, ovs_axt_nl(test),
				   OVS_SAMPLE_ATTR_PROBABILITY,
				   prob ? U32_MAX : 0);
			list = ovs_kt_nest(test, ovs_axt_nl(test),
					   OVS_SAMPLE_ATTR_ACTIONS);
			ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC,
				   41);
			ovs_kt_nest_end(test, ovs_axt_nl(test), list);
			ovs_kt_nest_end(test, ovs_axt_nl(test), sample);
			if (!last)
				ovs_axt_output(test, 1);
			KUNIT_EXPECT_EQ(test,
					ovs_axt_run(test, axr_tracked_packet(test),
						    ovs_axt_acts(test)),
					0);
			KUNIT_EXPECT_EQ_MSG(test, ovs_axt_count(test, 2) - before,
					    prob, "last %u prob %u", last, prob);
			/*
			 * Kept by a port's queue, or freed by a last sample
			 * that did not take it.
			 */
			KUNIT_EXPECT_EQ_MSG(test, atomic_read(&axr_freed),
					    (int)(last && !prob),
					    "last %u prob %u", last, prob);
		}
	}
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 2U);
}

/* A recirc in a clone counts toward the packet's limit like any other. */
static void axr_clone_recirc_limit(struct kunit *test)
{
	struct nlattr *clone;
	u32 i;

	for (i = 1; i <= OVS_ACTIONS_MAX_RECIRC + 1; i++) {
		axr_set_mark(test, i);
		clone = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_CLONE);
		ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, i + 1);
		ovs_kt_nest_end(test, ovs_axt_nl(test), clone);
		ovs_axt_output(test, 2);
		axr_flow(test, i, 0);
	}
	clone = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_CLONE);
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 1);
	ovs_kt_nest_end(test, ovs_axt_nl(test), clone);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);

	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2),
			(unsigned int)OVS_ACTIONS_MAX_RECIRC);
	for (i = 1; i <= OVS_ACTIONS_MAX_RECIRC; i++)
		KUNIT_EXPECT_EQ(test, ovs_axt_sent(test, 2)->mark, i);
}

/*
 * push_vlan over a frame whose tag is in its bytes, as a packet userspace
 * executes has it, then recirc(44): the pushed tag is the outer one and the
 * old tag the inner one, so the recirculated key must say so, extracted
 * from the packet, not be the old key with its outer tag overwritten.
 */
static void axr_push_vlan_recirc_key(struct kunit *test)
{
	struct ovs_action_push_vlan ad = {
		.vlan_tpid = htons(ETH_P_8021AD),
		.vlan_tci = htons(VLAN_CFI_MASK | 200),
	};
	struct ovs_key *key, *mask;
	struct sk_buff *out;

	key = kunit_kzalloc(test, sizeof(*key), GFP_KERNEL);
	mask = kunit_kzalloc(test, sizeof(*mask), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, key);
	KUNIT_ASSERT_NOT_NULL(test, mask);
	mask->recirc_id = U32_MAX;
	memset(&mask->eth.vlan, 0xff, sizeof(mask->eth.vlan));
	memset(&mask->eth.cvlan, 0xff, sizeof(mask->eth.cvlan));
	mask->eth.type = htons(0xffff);
	key->recirc_id = 44;
	key->eth.vlan.tpid = htons(ETH_P_8021AD);
	key->eth.vlan.tci = htons(VLAN_CFI_MASK | 200);
	key->eth.cvlan.tpid = htons(ETH_P_8021Q);
	key->eth.cvlan.tci = htons(VLAN_CFI_MASK | 100);
	key->eth.type = htons(ETH_P_IP);
	ovs_axt_output(test, 2);
	axr_flow_key(test, key, mask, 44);

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_VLAN, &ad,
		   sizeof(ad));
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 44);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_tagged(test, ETH_P_8021Q, 100),
					  ovs_axt_acts(test)), 0);

	KUNIT_ASSERT_EQ_MSG(test, ovs_axt_count(test, 2), 1U,
			    "recirculated key: the pushed tag outside, the old one inside");
	out = ovs_axt_sent(test, 2);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 12), ETH_P_8021AD);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 14), 200);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 16), ETH_P_8021Q);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 18), 100);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 20), ETH_P_IP);
}

static struct kunit_case axr_cases[] = {
	KUNIT_CASE(axr_chain_limit),
	KUNIT_CASE(axr_chain_limit_not_last),
	KUNIT_CASE(axr_fifo_fanout),
	KUNIT_CASE(axr_fifo_shared),
	KUNIT_CASE(axr_clone_recirc),
	KUNIT_CASE(axr_clone_recirc_stale_key),
	KUNIT_CASE(axr_sample_recirc),
	KUNIT_CASE(axr_clone_recirc_limit),
	KUNIT_CASE(axr_push_vlan_recirc_key),
	{}
};

static struct kunit_suite axr_suite = {
	.name = "ovs_actions_recirc",
	.init = ovs_axt_init,
	.exit = ovs_axt_exit,
	.test_cases = axr_cases,
};

kunit_test_suite(axr_suite);
