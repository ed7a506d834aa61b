/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Action lists: checked and copied once when a flow is installed or a
 * packet is executed (actions_check.c), then run on packets
 * (actions_exec.c) without being checked again.
 */
#ifndef OVS_ACTIONS_H
#define OVS_ACTIONS_H

#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/netlink.h>

#include "flow.h"

struct ovs_dp;
struct net;

/* Nesting of sample, clone, check_pkt_len and dec_ttl: deeper is refused. */
#define OVS_ACTIONS_MAX_DEPTH		16
/* Recirculations and nested deferred actions one packet may go through. */
#define OVS_ACTIONS_MAX_RECIRC		4
/* A copied action list never grows past this (CVE-2022-2639). */
#define OVS_ACTIONS_MAX_SIZE		(32 * 1024)

/*
 * The internal form of a set(): its one key attribute holds the value then
 * an all-ones mask of the same size, as a masked set would.
 */
#define OVS_ACTION_ATTR_SET_TO_MASKED_PRIV	(OVS_ACTION_ATTR_LAST + 1)

/*
 * A checked action list: a stream of netlink attributes in the
 * datapath's own form (a set() becomes a masked set with a full mask, so
 * execution has one path), with enough kept to give userspace back exactly
 * what it sent.
 */
struct ovs_actions {
	struct rcu_head rcu;
	u32 orig_len;			/* length userspace sent */
	u32 len;			/* length of actions[] */
	struct nlattr actions[];
};

/*
 * Checks the OVS_*_ATTR_ACTIONS attribute attr against key (the flow's
 * masked key, or an executed packet's key) and copies it.  Every refusal
 * is -EINVAL (or -EOVERFLOW for a list too large) with an extack message.
 */
int ovs_actions_copy(struct net *net, const struct nlattr *attr,
		     const struct ovs_key *key, struct ovs_actions **acts,
		     bool log, struct netlink_ext_ack *extack);
/* Writes the actions as userspace sent them, nested in attrtype. */
int ovs_actions_to_attrs(const struct ovs_actions *acts, int attrtype,
			 struct sk_buff *skb);
void ovs_actions_free(struct ovs_actions *acts);
void ovs_actions_free_rcu(struct ovs_actions *acts);

/*
 * Runs acts on skb, whose key is key; consumes skb.  Under RCU with bottom
 * halves disabled.
 */
int ovs_execute_actions(struct ovs_dp *dp, struct sk_buff *skb,
			const struct ovs_actions *acts, struct ovs_key *key);
/* Per-CPU state of the above, allocated at module load. */
int ovs_actions_init(void);
void ovs_actions_exit(void);

#endif /* OVS_ACTIONS_H */
