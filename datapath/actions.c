// SPDX-License-Identifier: GPL-2.0-only
/*
 * A checked action list as an object (struct ovs_actions, actions.h): its
 * release, and the way back to userspace in flow replies and upcalls.
 * Checking and copying are actions_check.c's, running actions_exec.c's.
 */

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/openvswitch.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "actions.h"
#include "flow_attr.h"
#include "linux/conntrack.h"

void ovs_actions_free(struct ovs_actions *acts)
{
	if (!acts)
		return;
	ovs_ct_infos_free(acts->ct);
	kvfree(acts);
}

static void ovs_actions_free_rcu_cb(struct rcu_head *rcu)
{
	ovs_actions_free(container_of(rcu, struct ovs_actions, rcu));
}

void ovs_actions_free_rcu(struct ovs_actions *acts)
{
	if (acts)
		call_rcu(&acts->rcu, ovs_actions_free_rcu_cb);
}

static int ovs_acts_put_list(const struct nlattr *head, int len,
			     struct sk_buff *skb);

/* A converted set() as userspace sent it: the value without the mask. */
static int ovs_acts_put_set(const struct nlattr *a, struct sk_buff *skb)
{
	const struct nlattr *k = nla_data(a), *n;
	struct nlattr *set, *nest;
	int rem, err;

	set = nla_nest_start_noflag(skb, OVS_ACTION_ATTR_SET |
				    (a->nla_type & ~NLA_TYPE_MASK));
	if (!set)
		return -EMSGSIZE;
	if (nla_type(k) != OVS_KEY_ATTR_NSH) {
		err = nla_put(skb, k->nla_type, nla_len(k) / 2, nla_data(k));
		if (err)
			return err;
		nla_nest_end(skb, set);
		return 0;
	}
	nest = nla_nest_start_noflag(skb, k->nla_type);
	if (!nest)
		return -EMSGSIZE;
	nla_for_each_nested(n, k, rem) {
		err = nla_put(skb, n->nla_type, nla_len(n) / 2, nla_data(n));
		if (err)
			return err;
	}
	nla_nest_end(skb, nest);
	nla_nest_end(skb, set);
	return 0;
}

/* A set(tunnel()) as userspace sent it, in the in-tree layout. */
static int ovs_acts_put_set_tun(const struct nlattr *a, struct sk_buff *skb)
{
	struct nlattr *set;
	int err;

	set = nla_nest_start_noflag(skb, OVS_ACTION_ATTR_SET |
				    (a->nla_type & ~NLA_TYPE_MASK));
	if (!set)
		return -EMSGSIZE;
	err = ovs_tun_set_to_attrs(nla_data(a), skb);
	if (err)
		return err;
	nla_nest_end(skb, set);
	return 0;
}

/* A nested action whose children of the types in lists are lists. */
static int ovs_acts_put_nested(const struct nlattr *a, u32 lists,
			       struct sk_buff *skb)
{
	const struct nlattr *n;
	struct nlattr *nest, *list;
	int rem, err;

	nest = nla_nest_start_noflag(skb, a->nla_type);
	if (!nest)
		return -EMSGSIZE;
	nla_for_each_nested(n, a, rem) {
		if (!(lists & BIT(nla_type(n)))) {
			err = nla_put(skb, n->nla_type, nla_len(n), nla_data(n));
			if (err)
				return err;
			continue;
		}
		list = nla_nest_start_noflag(skb, n->nla_type);
		if (!list)
			return -EMSGSIZE;
		err = ovs_acts_put_list(nla_data(n), nla_len(n), skb);
		if (err)
			return err;
		nla_nest_end(skb, list);
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ovs_acts_put_clone(const struct nlattr *a, struct sk_buff *skb)
{
	struct nlattr *nest;
	int err;

	nest = nla_nest_start_noflag(skb, a->nla_type);
	if (!nest)
		return -EMSGSIZE;
	err = ovs_acts_put_list(nla_data(a), nla_len(a), skb);
	if (err)
		return err;
	nla_nest_end(skb, nest);
	return 0;
}

/* Recursion is bounded: the copy nests at most OVS_ACTIONS_MAX_DEPTH. */
static int ovs_acts_put_list(const struct nlattr *head, int len,
			     struct sk_buff *skb)
{
	const struct nlattr *a;
	int rem, err;

	nla_for_each_attr(a, head, len, rem) {
		switch (nla_type(a)) {
		case OVS_ACTION_ATTR_SET_TO_MASKED_PRIV:
			err = ovs_acts_put_set(a, skb);
			break;
		case OVS_ACTION_ATTR_SET_TUNNEL_PRIV:
			err = ovs_acts_put_set_tun(a, skb);
			break;
		case OVS_ACTION_ATTR_CLONE:
			err = ovs_acts_put_clone(a, skb);
			break;
		case OVS_ACTION_ATTR_SAMPLE:
			err = ovs_acts_put_nested(a, BIT(OVS_SAMPLE_ATTR_ACTIONS),
						  skb);
			break;
		case OVS_ACTION_ATTR_CHECK_PKT_LEN:
			err = ovs_acts_put_nested(a,
						  BIT(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER) |
						  BIT(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL),
						  skb);
			break;
		case OVS_ACTION_ATTR_DEC_TTL:
			err = ovs_acts_put_nested(a, BIT(OVS_DEC_TTL_ATTR_ACTION),
						  skb);
			break;
		case OVS_ACTION_ATTR_CT_PRIV:
			/* The nest as sent, after the pointer. */
			err = nla_put(skb, OVS_ACTION_ATTR_CT |
				      (a->nla_type & ~NLA_TYPE_MASK),
				      nla_len(a) - sizeof(void *),
				      nla_data(a) + sizeof(void *));
			break;
		default:
			err = nla_put(skb, a->nla_type, nla_len(a), nla_data(a));
			break;
		}
		if (err)
			return err;
	}
	return 0;
}

int ovs_actions_list_to_attrs(const struct nlattr *list, int len,
			      int attrtype, struct sk_buff *skb)
{
	struct nlattr *start;
	int err;

	start = nla_nest_start_noflag(skb, attrtype);
	if (!start)
		return -EMSGSIZE;
	err = ovs_acts_put_list(list, len, skb);
	if (err) {
		nla_nest_cancel(skb, start);
		return err;
	}
	nla_nest_end(skb, start);
	return 0;
}

int ovs_actions_to_attrs(const struct ovs_actions *acts, int attrtype,
			 struct sk_buff *skb)
{
	return ovs_actions_list_to_attrs(acts->actions, acts->len, attrtype,
					 skb);
}
