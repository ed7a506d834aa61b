// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running action lists (datapath/actions_exec.c): outputs, trunc, the
 * nested lists, hash, drop, recirculation and upcalls, nesting depth, and
 * a packet looping back into the datapath.
 */

#include "actions_exec_kunit.h"

/* hash: nonzero, the same for the same packet, and in the key. */
static void ovs_axt_hash(struct kunit *test)
{
	struct ovs_action_hash h = { .hash_alg = OVS_HASH_ALG_L4,
				     .hash_basis = 0x5eed };
	const struct ovs_actions *acts;
	struct axt *t = test->priv;
	u32 first;

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_HASH, &h, sizeof(h));
	ovs_axt_output(test, 1);
	acts = ovs_axt_acts(test);

	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts), 0);
	first = t->key.dp_hash;
	KUNIT_EXPECT_NE(test, first, 0U);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts), 0);
	KUNIT_EXPECT_EQ(test, t->key.dp_hash, first);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 2U);

	h.hash_alg = OVS_HASH_ALG_SYM_L4;
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_HASH, &h, sizeof(h));
	acts = ovs_axt_acts(test);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts), 0);
	first = t->key.dp_hash;
	KUNIT_EXPECT_NE(test, first, 0U);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts), 0);
	KUNIT_EXPECT_EQ(test, t->key.dp_hash, first);
}

/* trunc applies to the next output only. */
static void ovs_axt_trunc(struct kunit *test)
{
	struct ovs_action_trunc trunc = { .max_len = 60 };
	struct sk_buff *in = ovs_axt_ipv4_tcp(test), *out;
	unsigned int len = in->len;

	KUNIT_ASSERT_GT(test, len, 60U);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_TRUNC, &trunc,
		   sizeof(trunc));
	ovs_axt_output(test, 1);
	ovs_axt_output(test, 2);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, out->len, 60U);
	out = ovs_axt_sent(test, 2);
	KUNIT_EXPECT_EQ(test, out->len, len);
}

/*
 * trunc on a CHECKSUM_COMPLETE packet: the sum of what leaves covers what
 * leaves, not the bytes cut (the packet fuzzer's check of sent frames found
 * the sum of the whole packet left on the cut one).
 */
static void ovs_axt_trunc_csum_complete(struct kunit *test)
{
	struct ovs_action_trunc trunc = { .max_len = 61 };
	struct sk_buff *in = ovs_axt_ipv4_tcp(test), *out;

	in->ip_summed = CHECKSUM_COMPLETE;
	in->csum = skb_checksum(in, 0, in->len, 0);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_TRUNC, &trunc,
		   sizeof(trunc));
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 1);
	KUNIT_ASSERT_EQ(test, out->len, 61U);
	if (out->ip_summed == CHECKSUM_COMPLETE)
		KUNIT_EXPECT_EQ(test, csum_fold(out->csum),
				csum_fold(skb_checksum(out, 0, out->len, 0)));
}

/*
 * trunc(100) then a push or pop, then output: as in-tree, trunc names the
 * length to keep, so 100 bytes of frame leave whatever the push or pop did
 * in between, plus the tag the device adds from hwaccel.
 */
static void ovs_axt_trunc_push_pop(struct kunit *test)
{
	struct ovs_action_trunc trunc = { .max_len = 100 };
	struct ovs_action_push_vlan q = {
		.vlan_tpid = htons(ETH_P_8021Q),
		.vlan_tci = htons(VLAN_CFI_MASK | 100),
	};
	const struct ovs_axt_pkt p = { ETH_P_IP, IPPROTO_UDP, false, 200 };
	const struct ovs_actions *push, *pop;
	struct axt *t = test->priv;
	struct sk_buff *in;

	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_TRUNC, &trunc,
		   sizeof(trunc));
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_PUSH_VLAN, &q, sizeof(q));
	ovs_axt_output(test, 1);
	push = ovs_axt_acts(test);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_TRUNC, &trunc,
		   sizeof(trunc));
	ovs_kt_put(test, ovs_axt_nl(test), OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
	ovs_axt_output(test, 1);
	pop = ovs_axt_acts(test);

	/* Untagged: the pushed tag goes to hwaccel. */
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_packet(test, &p), push), 0);
	KUNIT_EXPECT_EQ_MSG(test, ovs_axt_sent(test, 1)->len, 100U + VLAN_HLEN,
			    "trunc(100), push_vlan, output of an untagged frame");

	/* Tagged in hwaccel: the push moves that tag into the frame. */
	in = ovs_axt_packet(test, &p);
	__vlan_hwaccel_put_tag(in, htons(ETH_P_8021AD), 5);
	t->key.eth.vlan.tpid = htons(ETH_P_8021AD);
	t->key.eth.vlan.tci = htons(VLAN_CFI_MASK | 5);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, push), 0);
	KUNIT_EXPECT_EQ_MSG(test, ovs_axt_sent(test, 1)->len, 100U + VLAN_HLEN,
			    "trunc(100), push_vlan, output of a hwaccel-tagged frame");

	/* QinQ: the pop takes the outer tag, the inner one moves to hwaccel. */
	in = ovs_axt_tag_frame(test, ovs_axt_packet(test, &p), ETH_P_8021Q, 100);
	__vlan_hwaccel_put_tag(in, htons(ETH_P_8021AD), 9);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, in, pop), 0);
	KUNIT_EXPECT_EQ_MSG(test, ovs_axt_sent(test, 1)->len, 100U + VLAN_HLEN,
			    "trunc(100), pop_vlan, output of a QinQ frame");
}

/* check_pkt_len(100): a short packet goes one way, a long one the other. */
static void ovs_axt_check_pkt_len(struct kunit *test)
{
	const struct ovs_axt_pkt big = { ETH_P_IP, IPPROTO_UDP, false, 200 };
	const struct ovs_actions *acts;
	struct nlattr *cpl, *list;
	u16 max = 100;

	cpl = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_CHECK_PKT_LEN);
	ovs_kt_put(test, ovs_axt_nl(test), OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, &max,
		   sizeof(max));
	list = ovs_kt_nest(test, ovs_axt_nl(test),
			   OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER);
	ovs_axt_output(test, 2);
	ovs_kt_nest_end(test, ovs_axt_nl(test), list);
	list = ovs_kt_nest(test, ovs_axt_nl(test),
			   OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL);
	ovs_axt_output(test, 1);
	ovs_kt_nest_end(test, ovs_axt_nl(test), list);
	ovs_kt_nest_end(test, ovs_axt_nl(test), cpl);
	acts = ovs_axt_acts(test);

	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 1U);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), 0U);

	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_packet(test, &big), acts), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 1U);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), 1U);
}

/* sample(probability, actions(output:2)), output:1 */
static const struct ovs_actions *ovs_axt_sample_acts(struct kunit *test, u32 prob)
{
	struct nlattr *sample, *list;

	sample = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_SAMPLE);
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_SAMPLE_ATTR_PROBABILITY, prob);
	list = ovs_kt_nest(test, ovs_axt_nl(test), OVS_SAMPLE_ATTR_ACTIONS);
	ovs_axt_output(test, 2);
	ovs_kt_nest_end(test, ovs_axt_nl(test), list);
	ovs_kt_nest_end(test, ovs_axt_nl(test), sample);
	ovs_axt_output(test, 1);
	return ovs_axt_acts(test);
}

static void ovs_axt_sample(struct kunit *test)
{
	const struct ovs_actions *never = ovs_axt_sample_acts(test, 0);
	const struct ovs_actions *always = ovs_axt_sample_acts(test, U32_MAX);
	int i;

	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), never), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), 0U);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 8U);

	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), always), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), 8U);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 16U);
}

/*
 * sample(all, actions(sample(U32_MAX - 1, actions(output:2)), output:2)),
 * output:1: each list's packets carry its sample's probability for
 * psample, and the lists after a sample see the outer one again.  The
 * test ports have no qdisc, so their transmit leaves that word of cb alone.
 */
static void ovs_axt_sample_probability(struct kunit *test)
{
	struct nlattr *outer, *list, *inner, *inner_list;

	outer = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_SAMPLE);
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_SAMPLE_ATTR_PROBABILITY, U32_MAX);
	list = ovs_kt_nest(test, ovs_axt_nl(test), OVS_SAMPLE_ATTR_ACTIONS);
	inner = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_SAMPLE);
	/* Skipped only when get_random_u32() returns U32_MAX. */
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_SAMPLE_ATTR_PROBABILITY, U32_MAX - 1);
	inner_list = ovs_kt_nest(test, ovs_axt_nl(test), OVS_SAMPLE_ATTR_ACTIONS);
	ovs_axt_output(test, 2);
	ovs_kt_nest_end(test, ovs_axt_nl(test), inner_list);
	ovs_kt_nest_end(test, ovs_axt_nl(test), inner);
	ovs_axt_output(test, 2);
	ovs_kt_nest_end(test, ovs_axt_nl(test), list);
	ovs_kt_nest_end(test, ovs_axt_nl(test), outer);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);

	KUNIT_ASSERT_EQ(test, ovs_axt_count(test, 2), 2U);
	KUNIT_EXPECT_EQ(test, OVS_CB(ovs_axt_sent(test, 2))->probability, U32_MAX - 1);
	KUNIT_EXPECT_EQ(test, OVS_CB(ovs_axt_sent(test, 2))->probability, U32_MAX);
	KUNIT_EXPECT_EQ(test, OVS_CB(ovs_axt_sent(test, 1))->probability, 0U);
}

/* clone(set(eth), output:2), output:1: the clone's change stays in it. */
static void ovs_axt_clone(struct kunit *test)
{
	struct ovs_key_ethernet eth = {
		.eth_src = { 2, 9, 9, 9, 9, 9 }, .eth_dst = { 2, 8, 8, 8, 8, 8 },
	};
	struct axt *t = test->priv;
	struct nlattr *clone;
	struct sk_buff *out;

	clone = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_CLONE);
	ovs_axt_set(test, OVS_KEY_ATTR_ETHERNET, &eth, NULL, sizeof(eth));
	ovs_axt_output(test, 2);
	ovs_kt_nest_end(test, ovs_axt_nl(test), clone);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);

	out = ovs_axt_sent(test, 2);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, eth.eth_dst, ETH_ALEN), 0);
	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, ovs_axt_dst_mac, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + ETH_ALEN, ovs_axt_src_mac, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->key.eth.src, ovs_axt_src_mac, ETH_ALEN), 0);
}

/* drop: nothing leaves, nothing leaks (kmemleak runs after the suites). */
static void ovs_axt_drop(struct kunit *test)
{
	ovs_axt_output(test, 1);
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_DROP, 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 1U);

	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_DROP, 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 1U);
}

/* recirc and userspace leave the packet to the actions after them. */
static void ovs_axt_recirc_userspace(struct kunit *test)
{
	struct nlattr *up;

	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_RECIRC, 5);
	up = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_USERSPACE);
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_USERSPACE_ATTR_PID, 1);
	ovs_kt_nest_end(test, ovs_axt_nl(test), up);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 1U);
}

/*
 * Sixteen clones deep (the install-time limit), each level followed by an
 * output, so every level works on its own clone and key copy.
 */
static void ovs_axt_nested_depth(struct kunit *test)
{
	struct ovs_key_ethernet eth = { .eth_src = { 2, 7 }, .eth_dst = { 2, 6 } };
	struct nlattr *nest[OVS_ACTIONS_MAX_DEPTH];
	struct axt *t = test->priv;
	struct sk_buff *out;
	int i;

	for (i = 0; i < OVS_ACTIONS_MAX_DEPTH; i++)
		nest[i] = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_CLONE);
	ovs_axt_set(test, OVS_KEY_ATTR_ETHERNET, &eth, NULL, sizeof(eth));
	ovs_axt_output(test, 1);
	for (i = OVS_ACTIONS_MAX_DEPTH - 1; i >= 0; i--) {
		ovs_kt_nest_end(test, ovs_axt_nl(test), nest[i]);
		ovs_axt_output(test, 2);
	}
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);

	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 1U);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), (unsigned int)OVS_ACTIONS_MAX_DEPTH);
	out = ovs_axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, eth.eth_dst, ETH_ALEN), 0);
	out = ovs_axt_sent(test, 2);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, ovs_axt_dst_mac, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->key.eth.dst, ovs_axt_dst_mac, ETH_ALEN), 0);
}

/*
 * Port 2 loops what it sends back into the datapath twice, so the list
 * below runs three times, nested: 16 clones deep each time, every clone
 * followed by an output, which takes 48 key copies on one CPU.  Those that
 * find no copy left wait and run after the outermost list, as in-tree: every
 * output happens, none is skipped.
 */
static void ovs_axt_nested_reentry(struct kunit *test)
{
	struct nlattr *nest[OVS_ACTIONS_MAX_DEPTH];
	struct axt *t = test->priv;
	struct ovs_axt_dev *priv = netdev_priv(t->dev[1]);
	const struct ovs_actions *acts;
	int i;

	for (i = 0; i < OVS_ACTIONS_MAX_DEPTH; i++)
		nest[i] = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_CLONE);
	ovs_axt_output(test, 1);
	ovs_axt_output(test, 2);
	for (i = OVS_ACTIONS_MAX_DEPTH - 1; i >= 0; i--) {
		ovs_kt_nest_end(test, ovs_axt_nl(test), nest[i]);
		ovs_axt_output(test, 1);
	}
	acts = ovs_axt_acts(test);
	priv->loop_dp = t->dp;
	priv->loop_acts = acts;
	priv->loop_key = &t->key;
	priv->loop_max = 2;
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts), 0);
	priv->loop_acts = NULL;

	KUNIT_EXPECT_EQ(test, priv->loops, 2U);
	/* Each run: one output in the innermost clone, one after each clone. */
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1),
			3U * (OVS_ACTIONS_MAX_DEPTH + 1));
	/* The third run's packet, which the port no longer loops. */
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), 1U);
}

/* An output to a port the datapath does not have drops the packet. */
static void ovs_axt_output_no_port(struct kunit *test)
{
	ovs_axt_output(test, 99);
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 1U);
}

/*
 * Port 2 feeds what it sends back into the datapath, whose actions send it
 * to port 2 again.  The loop must end, inside the datapath and before the
 * kernel's own transmit recursion limit (8) would end it.
 */
static void ovs_axt_output_loop(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_axt_dev *priv = netdev_priv(t->dev[1]);
	const struct ovs_actions *acts;

	ovs_axt_output(test, 2);
	acts = ovs_axt_acts(test);
	priv->loop_dp = t->dp;
	priv->loop_acts = acts;
	priv->loop_key = &t->key;
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts), 0);
	priv->loop_acts = NULL;

	/* The datapath's limit: five passes through ovs_execute_actions(). */
	KUNIT_EXPECT_EQ(test, priv->loops, 5U);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), 0U);

	/* The per-CPU state unwound: a normal packet goes through after it. */
	ovs_axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), ovs_axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 1U);
}

static struct kunit_case ovs_axt_cases[] = {
	KUNIT_CASE(ovs_axt_hash),
	KUNIT_CASE(ovs_axt_trunc),
	KUNIT_CASE(ovs_axt_trunc_push_pop),
	KUNIT_CASE(ovs_axt_trunc_csum_complete),
	KUNIT_CASE(ovs_axt_check_pkt_len),
	KUNIT_CASE(ovs_axt_sample),
	KUNIT_CASE(ovs_axt_sample_probability),
	KUNIT_CASE(ovs_axt_clone),
	KUNIT_CASE(ovs_axt_drop),
	KUNIT_CASE(ovs_axt_recirc_userspace),
	KUNIT_CASE(ovs_axt_nested_depth),
	KUNIT_CASE(ovs_axt_nested_reentry),
	KUNIT_CASE(ovs_axt_output_no_port),
	KUNIT_CASE(ovs_axt_output_loop),
	{}
};

static struct kunit_suite ovs_axt_suite = {
	.name = "ovs_actions_exec",
	.init = ovs_axt_init,
	.exit = ovs_axt_exit,
	.test_cases = ovs_axt_cases,
};

kunit_test_suite(ovs_axt_suite);
