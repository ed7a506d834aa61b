/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private to the action list checks (actions_check.c, actions_check_set.c,
 * actions_check_tun.c, actions_check_psample.c, actions_check_meter.c,
 * actions_check_ct.c): the copy under construction and the packet as the
 * actions so far leave it.
 */
#ifndef OVS_ACTIONS_CHECK_H
#define OVS_ACTIONS_CHECK_H

#include <linux/net.h>
#include <linux/types.h>
#include <net/netlink.h>

#include "actions.h"
#include "flow_key.h"

struct ovs_acts_ctx {
	struct net *net;
	struct ovs_actions *acts;
	u32 cap;			/* bytes allocated for acts->actions */
	const struct ovs_key *key;
	struct netlink_ext_ack *extack;
	bool log;
};

struct ovs_acts_state {
	u32 mpls_labels;		/* label stack depth, when eth_type is MPLS */
	__be16 eth_type;		/* 0: unknown, no L3 action may follow */
	__be16 vlan_tci;		/* VLAN_CFI_MASK set: a tag is present */
	u8 mac_proto;			/* enum ovs_mac_proto */
	u8 nsh_mdtype;			/* when eth_type is NSH */
	u8 nsh_np;
};

/* The log line for a refusal, if the caller asked for one. */
static inline int ovs_acts_refused(const struct ovs_acts_ctx *c)
{
	if (c->log)
		net_warn_ratelimited("action list refused: %s\n",
				     c->extack && c->extack->_msg ?
				     c->extack->_msg : "invalid action");
	return -EINVAL;
}

/*
 * Refuses attr with an extack message: -EINVAL.  A macro because older
 * kernels' NL_SET_ERR_MSG_ATTR() takes only a string literal.
 */
#define ovs_acts_refuse(c, attr, msg) ({				\
	const struct ovs_acts_ctx *__c = (c);				\
									\
	NL_SET_ERR_MSG_ATTR(__c->extack, attr, msg);			\
	ovs_acts_refused(__c);						\
})

/* Only offsets into the copy survive an append: appending may move it. */
static inline struct nlattr *ovs_acts_at(struct ovs_acts_ctx *c, int off)
{
	return (struct nlattr *)((u8 *)c->acts->actions + off);
}

/*
 * Appends an attribute (payload left to the caller if data is NULL) and
 * returns its offset, or -EOVERFLOW past OVS_ACTIONS_MAX_SIZE, -ENOMEM.
 */
int ovs_acts_put(struct ovs_acts_ctx *c, u16 nla_type, const void *data,
		 u32 len, const struct nlattr *why);
int ovs_acts_copy_attr(struct ovs_acts_ctx *c, const struct nlattr *a);

/* Closes the nest started by ovs_acts_put(c, type, NULL, 0, ...) at off. */
static inline void ovs_acts_nest_end(struct ovs_acts_ctx *c, int off)
{
	ovs_acts_at(c, off)->nla_len = c->acts->len - off;
}

/* The single attribute a set() or push_nsh() carries, or NULL. */
const struct nlattr *ovs_acts_single(const struct nlattr *a);

/* actions_check_set.c: set() and set_masked(), copied in the masked form. */
int ovs_acts_check_set(struct ovs_acts_ctx *c, const struct nlattr *a,
		       const struct ovs_acts_state *st, bool masked);

/* actions_check_tun.c: set(tunnel()), k its OVS_KEY_ATTR_TUNNEL. */
int ovs_acts_check_set_tun(struct ovs_acts_ctx *c, const struct nlattr *a,
			   const struct nlattr *k, bool masked);

/*
 * actions_check_psample.c: psample(), checked on every kernel, copied as sent
 * where the kernel's psample can run it.
 */
int ovs_acts_check_psample(struct ovs_acts_ctx *c, const struct nlattr *a);

/* actions_check_meter.c: meter(), a u32 meter id, existing or not. */
int ovs_acts_check_meter(struct ovs_acts_ctx *c, const struct nlattr *a);

/* actions_check_ct.c: ct(), checked against the flow's key. */
int ovs_acts_check_ct(struct ovs_acts_ctx *c, const struct nlattr *a);

#endif /* OVS_ACTIONS_CHECK_H */
