/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the action list suites (actions_check_test.c,
 * actions_refuse_test.c): a list built in an skb as ovs-vswitchd would
 * send it, copied with ovs_actions_copy() against a key, and the checks on
 * the result.
 */
#ifndef OVS_ACTIONS_COPY_KUNIT_H
#define OVS_ACTIONS_COPY_KUNIT_H

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/kernel.h>
#include <linux/openvswitch.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/nsh.h>
#include <net/tun_proto.h>

#include "actions.h"
#include "datapath.h"
#include "flow_key.h"
#include "nl_kunit.h"

/* Room for the largest list an nla_len can describe. */
#define OVS_AT_SKB_SIZE		(80 * 1024)

struct ovs_at {
	struct sk_buff *skb;		/* the list under construction */
	struct sk_buff *out;		/* ovs_actions_to_attrs() output */
	struct nlattr *list;		/* OVS_FLOW_ATTR_ACTIONS in skb */
	struct ovs_key key;
	struct netlink_ext_ack extack;
	struct ovs_actions *acts;
};

int ovs_at_init(struct kunit *test);

void ovs_at_exit(struct kunit *test);

/* Starts a new list, for a packet described by a fresh TCP/IPv4 key. */
struct ovs_at *ovs_at_begin(struct kunit *test);

/* The list under construction, for the ovs_kt_*() builders. */
static inline struct sk_buff *ovs_at_skb(struct kunit *test)
{
	return ((struct ovs_at *)test->priv)->skb;
}

int ovs_at_copy(struct kunit *test);

/* The list must be refused with err and a message, and nothing kept. */
void ovs_at_refused(struct kunit *test, int err, const char *what);

/* ovs_actions_to_attrs() gives back exactly the list that went in. */
void ovs_at_expect_roundtrip(struct kunit *test);

/* Accepted and copied unchanged (no set() in the list). */
void ovs_at_accepted_same(struct kunit *test, const char *what);

void ovs_at_userspace(struct kunit *test);

#endif /* OVS_ACTIONS_COPY_KUNIT_H */
