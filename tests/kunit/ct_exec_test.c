// SPDX-License-Identifier: GPL-2.0-only
/*
 * ct() run on packets through nf_conntrack (linux/conntrack.c): commit in
 * a zone with a mark and labels, the key after it, replies seen as
 * established in that zone and new in another, a lookup that finds the
 * connection an upcall lost, and ct_clear.
 */

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/openvswitch.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netlink.h>

#include "actions.h"
#include "datapath.h"
#include "flow_key.h"

#include "actions_exec_kunit.h"
#include "nl_kunit.h"

#define CT_NEW		(OVS_CS_F_TRACKED | OVS_CS_F_NEW)
#define CT_EST_RPL	(OVS_CS_F_TRACKED | OVS_CS_F_ESTABLISHED | \
			 OVS_CS_F_REPLY_DIR)

/* A UDP packet of its own flow (ports sport -> 2000), or its reply. */
static struct sk_buff *ct_udp(struct kunit *test, u16 sport, bool reply)
{
	const struct ovs_axt_pkt p = { ETH_P_IP, IPPROTO_UDP, false, 16 };
	struct axt *t = test->priv;
	struct sk_buff *skb = ovs_axt_packet(test, &p);
	struct iphdr *ip = ip_hdr(skb);
	struct udphdr *uh = udp_hdr(skb);
	__be32 a;
	__be16 port;

	/*
	 * The checksums stay right: both sum the two addresses and the two
	 * ports, whichever way round.  A source port for each test keeps
	 * its connections apart from the others'.
	 */
	csum_replace2(&uh->check, uh->source, htons(sport));
	uh->source = htons(sport);
	t->key.tp.src = uh->source;
	if (reply) {
		a = ip->saddr;
		ip->saddr = ip->daddr;
		ip->daddr = a;
		port = uh->source;
		uh->source = uh->dest;
		uh->dest = port;
		t->key.ipv4.src = ip->saddr;
		t->key.ipv4.dst = ip->daddr;
		t->key.tp.src = uh->source;
		t->key.tp.dst = uh->dest;
	}
	return skb;
}

/* ct() with the attributes build adds, checked and copied as installed. */
static struct ovs_actions *ct_acts(struct kunit *test,
				   void (*build)(struct kunit *, struct sk_buff *,
						 u16),
				   u16 zone)
{
	struct axt *t = test->priv;
	struct netlink_ext_ack extack = {};
	struct ovs_actions *acts = NULL;
	struct nlattr *list, *ct;
	struct sk_buff *nl = alloc_skb(1024, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, nl);
	/* The flow's key: ct() needs IP, the helper lookup the protocol. */
	t->key.eth.type = htons(ETH_P_IP);
	t->key.ip.proto = IPPROTO_UDP;
	list = ovs_kt_nest(test, nl, OVS_FLOW_ATTR_ACTIONS);
	ct = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_CT);
	build(test, nl, zone);
	ovs_kt_nest_end(test, nl, ct);
	ovs_kt_nest_end(test, nl, list);
	KUNIT_EXPECT_EQ(test, ovs_actions_copy(&init_net, list, &t->key, &acts,
					       false, &extack), 0);
	KUNIT_EXPECT_NULL(test, extack._msg);
	kfree_skb(nl);
	KUNIT_ASSERT_NOT_NULL(test, acts);
	return acts;
}

static void b_commit(struct kunit *test, struct sk_buff *nl, u16 zone)
{
	u32 mark[2] = { 0x11, 0xff };
	u32 labels[2 * OVS_CT_LABELS_LEN_32] = { 0xa5, 0, 0, 0, 0xff };

	ovs_kt_put(test, nl, OVS_CT_ATTR_COMMIT, NULL, 0);
	ovs_kt_put(test, nl, OVS_CT_ATTR_ZONE, &zone, sizeof(zone));
	ovs_kt_put(test, nl, OVS_CT_ATTR_MARK, mark, sizeof(mark));
	ovs_kt_put(test, nl, OVS_CT_ATTR_LABELS, labels, sizeof(labels));
}

static void b_lookup(struct kunit *test, struct sk_buff *nl, u16 zone)
{
	ovs_kt_put(test, nl, OVS_CT_ATTR_ZONE, &zone, sizeof(zone));
}

static void ovs_ct_exec_commit(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_actions *commit = ct_acts(test, b_commit, 5);
	struct ovs_actions *lookup5 = ct_acts(test, b_lookup, 5);
	struct ovs_actions *lookup6 = ct_acts(test, b_lookup, 6);
	struct sk_buff *skb;

	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3001, false),
					  commit), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_NEW);
	KUNIT_EXPECT_EQ(test, t->key.ct.zone, 5);
	KUNIT_EXPECT_EQ(test, t->key.ct.mark, 0x11U);
	KUNIT_EXPECT_EQ(test, t->key.ct.labels[0], 0xa5);
	KUNIT_EXPECT_EQ(test, t->key.ct.orig_proto, IPPROTO_UDP);
	KUNIT_EXPECT_EQ(test, t->key.ct.orig_src_port, htons(3001));
	KUNIT_EXPECT_EQ(test, t->key.ct.orig.ipv4.src, htonl(0x0a000001));

	/* The reply, in the connection's zone: established, reply. */
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3001, true),
					  lookup5), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_EST_RPL);
	KUNIT_EXPECT_EQ(test, t->key.ct.mark, 0x11U);
	KUNIT_EXPECT_EQ(test, t->key.ct.labels[0], 0xa5);
	/* The original tuple stays the first packet's. */
	KUNIT_EXPECT_EQ(test, t->key.ct.orig_src_port, htons(3001));

	/* The same reply in another zone is a connection of its own. */
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3001, true),
					  lookup6), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_NEW);
	KUNIT_EXPECT_EQ(test, t->key.ct.zone, 6);
	KUNIT_EXPECT_EQ(test, t->key.ct.mark, 0U);

	/* The first direction again, now that a reply was seen. */
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3001, false),
					  lookup5), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state,
			OVS_CS_F_TRACKED | OVS_CS_F_ESTABLISHED);

	/*
	 * An upcall loses skb->_nfct but not the key: the entry is found
	 * again from the key's state and zone, not run through conntrack a
	 * second time, so the key stays as userspace sent it.
	 */
	skb = ct_udp(test, 3001, false);
	t->key.ct.state = OVS_CS_F_TRACKED | OVS_CS_F_ESTABLISHED;
	t->key.ct.zone = 5;
	t->key.ct.mark = 0x99;
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, skb, lookup5), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.mark, 0x99U);

	ovs_actions_free(commit);
	ovs_actions_free(lookup5);
	ovs_actions_free(lookup6);
}

/* Not committed: the next packet is new again, and carries no mark. */
static void ovs_ct_exec_uncommitted(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_actions *lookup = ct_acts(test, b_lookup, 7);

	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3002, false),
					  lookup), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_NEW);
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3002, true),
					  lookup), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_NEW);
	KUNIT_EXPECT_EQ(test, t->key.ct.zone, 7);
	ovs_actions_free(lookup);
}

static struct kunit_case ovs_ct_exec_cases[] = {
	KUNIT_CASE(ovs_ct_exec_commit),
	KUNIT_CASE(ovs_ct_exec_uncommitted),
	{}
};

static struct kunit_suite ovs_ct_exec_suite = {
	.name = "ovs_ct_exec",
	.init = ovs_axt_init,
	.exit = ovs_axt_exit,
	.test_cases = ovs_ct_exec_cases,
};

kunit_test_suite(ovs_ct_exec_suite);
