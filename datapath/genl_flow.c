// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ovs_flow generic netlink family: userspace installs, changes, reads,
 * removes and dumps the datapath's flows.
 *
 * Requests are parsed, keys and actions converted and checked, and replies
 * allocated before ovs_lock is taken, so the lock covers only the table
 * operation itself.  Replies are built only when someone listens.
 */

#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "actions.h"
#include "datapath.h"
#include "flow_attr.h"
#include "flow_key.h"
#include "flow_table.h"
#include "flow_tuple.h"
#include "genl.h"
#include "test_hooks.h"

#if IS_ENABLED(CONFIG_OVS_DP_KUNIT)
void (*ovs_test_flow_del_removed)(void);
#endif

const struct nla_policy ovs_flow_policy[OVS_FLOW_ATTR_MAX + 1] = {
	[OVS_FLOW_ATTR_KEY] = { .type = NLA_NESTED },
	[OVS_FLOW_ATTR_ACTIONS] = { .type = NLA_NESTED },
	[OVS_FLOW_ATTR_CLEAR] = { .type = NLA_FLAG },
	[OVS_FLOW_ATTR_MASK] = { .type = NLA_NESTED },
	[OVS_FLOW_ATTR_PROBE] = { .type = NLA_FLAG },
	[OVS_FLOW_ATTR_UFID] = { .type = NLA_UNSPEC, .len = 1 },
	[OVS_FLOW_ATTR_UFID_FLAGS] = { .type = NLA_U32 },
};

static const struct genl_multicast_group ovs_flow_mcgrp = {
	.name = OVS_FLOW_MCGROUP,
};

/* A parsed request. */
struct ovs_flow_req {
	struct nlattr *a[OVS_FLOW_ATTR_MAX + 1];
	struct ovs_flow_id ufid;	/* len 0: none given */
	u32 ufid_flags;
	bool log;			/* false for feature probes */
};

static int ovs_flow_req_parse(struct genl_info *info, struct ovs_flow_req *req)
{
	struct nlattr **a = req->a;
	int err;

	memset(req, 0, sizeof(*req));
	err = ovs_genl_parse(info, a, OVS_FLOW_ATTR_MAX, ovs_flow_policy);
	if (err)
		return err;
	if (a[OVS_FLOW_ATTR_UFID]) {
		if (nla_len(a[OVS_FLOW_ATTR_UFID]) > OVS_FLOW_ID_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_FLOW_ATTR_UFID],
					    "flow id longer than 16 bytes");
			return -EINVAL;
		}
		req->ufid.len = nla_len(a[OVS_FLOW_ATTR_UFID]);
		memcpy(req->ufid.ufid, nla_data(a[OVS_FLOW_ATTR_UFID]),
		       req->ufid.len);
	}
	if (a[OVS_FLOW_ATTR_UFID_FLAGS])
		req->ufid_flags = nla_get_u32(a[OVS_FLOW_ATTR_UFID_FLAGS]);
	req->log = !a[OVS_FLOW_ATTR_PROBE];
	return 0;
}

/*
 * The kernel log line the in-tree module writes for refused actions: admins'
 * scripts and the kernel's own selftests look for it.  Not for probes.
 */
static void ovs_flow_log_unsafe(const struct ovs_flow_req *req)
{
	if (req->log)
		net_info_ratelimited("Flow actions may not be safe on all matching packets.\n");
}

static struct ovs_dp *ovs_flow_dp(struct genl_info *info)
{
	const struct ovs_header *ovs_header = genl_info_userhdr(info);
	struct ovs_dp *dp;

	dp = ovs_dp_lookup_by_ifindex(genl_info_net(info),
				      ovs_header->dp_ifindex);
	if (!dp)
		NL_SET_ERR_MSG_MOD(info->extack, "no such datapath");
	return dp;
}

/*
 * A flow named by its unmasked key has that key as its identifier and no
 * other; a flow named by a UFID has its masked key unless asked not to.
 */
static bool ovs_flow_fill_key(const struct ovs_flow_id *id, u32 ufid_flags)
{
	return id->len && !(ufid_flags & OVS_UFID_F_OMIT_KEY);
}

static size_t ovs_flow_msg_size(const struct ovs_actions *acts,
				const struct ovs_flow_id *id, u32 ufid_flags)
{
	size_t key_size = nla_total_size(ovs_key_attrs_size());
	size_t size = NLMSG_ALIGN(sizeof(struct ovs_header))
		+ nla_total_size_64bit(sizeof(struct ovs_flow_stats))
		+ nla_total_size(1)			/* TCP_FLAGS */
		+ nla_total_size_64bit(8);		/* USED */

	/* A flow without a UFID is named by its unmasked key. */
	size += id->len ? nla_total_size(id->len) : key_size;
	if (ovs_flow_fill_key(id, ufid_flags))
		size += key_size;
	if (!(ufid_flags & OVS_UFID_F_OMIT_MASK))
		size += key_size;
	if (!(ufid_flags & OVS_UFID_F_OMIT_ACTIONS) && acts)
		size += nla_total_size(acts->orig_len);
	return size;
}

/* USED is in milliseconds of the monotonic clock, as userspace keeps time. */
static u64 ovs_flow_used_ms(unsigned long used)
{
	return ktime_to_ms(ktime_get()) - jiffies_to_msecs(jiffies - used);
}

static int ovs_flow_fill_stats(const struct ovs_flow *flow,
			       struct sk_buff *skb)
{
	struct ovs_flow_stats_sum sum;
	struct ovs_flow_stats stats;
	u8 tcp_flags;

	ovs_flow_stats_get(flow, &sum);
	stats.n_packets = sum.packets;
	stats.n_bytes = sum.bytes;
	tcp_flags = (u8)ntohs(sum.tcp_flags);

	if (sum.used &&
	    nla_put_u64_64bit(skb, OVS_FLOW_ATTR_USED,
			      ovs_flow_used_ms(sum.used), OVS_FLOW_ATTR_PAD))
		return -EMSGSIZE;
	if (stats.n_packets &&
	    nla_put_64bit(skb, OVS_FLOW_ATTR_STATS, sizeof(stats), &stats,
			  OVS_FLOW_ATTR_PAD))
		return -EMSGSIZE;
	if (tcp_flags && nla_put_u8(skb, OVS_FLOW_ATTR_TCP_FLAGS, tcp_flags))
		return -EMSGSIZE;
	return 0;
}

/*
 * An action list can be longer than a dump message: the first flow of a
 * dump message goes without its actions then (userspace can get them with
 * a GET), any later one waits for the next message.
 */
static int ovs_flow_fill_actions(const struct ovs_flow *flow,
				 struct sk_buff *skb, bool first)
{
	const struct ovs_actions *acts = rcu_dereference_check(flow->acts,
							       ovs_lock_is_held());
	int err;

	err = ovs_actions_to_attrs(acts, OVS_FLOW_ATTR_ACTIONS, skb);
	if (err && first)
		return 0;
	return err;
}

/* Called under ovs_lock or RCU. */
static int ovs_flow_fill_info(const struct ovs_flow *flow, int dp_ifindex,
			      struct sk_buff *skb, u32 portid, u32 seq,
			      u32 flags, u8 cmd, u32 ufid_flags)
{
	bool first = !skb->len;
	struct ovs_header *ovs_header;
	int err;

	ovs_header = genlmsg_put(skb, portid, seq, &ovs_flow_genl_family,
				 flags, cmd);
	if (!ovs_header)
		return -EMSGSIZE;
	ovs_header->dp_ifindex = dp_ifindex;

	if (flow->id.len)
		err = nla_put(skb, OVS_FLOW_ATTR_UFID, flow->id.len,
			      flow->id.ufid);
	else
		err = ovs_key_to_attrs(flow->id.unmasked_key,
				       flow->id.unmasked_key,
				       OVS_FLOW_ATTR_KEY, false, skb);
	if (err)
		goto err_cancel;

	if (ovs_flow_fill_key(&flow->id, ufid_flags)) {
		err = ovs_key_to_attrs(&flow->key, &flow->key,
				       OVS_FLOW_ATTR_KEY, false, skb);
		if (err)
			goto err_cancel;
	}
	if (!(ufid_flags & OVS_UFID_F_OMIT_MASK)) {
		err = ovs_key_to_attrs(&flow->key, &flow->mask->key,
				       OVS_FLOW_ATTR_MASK, true, skb);
		if (err)
			goto err_cancel;
	}
	err = ovs_flow_fill_stats(flow, skb);
	if (err)
		goto err_cancel;
	if (!(ufid_flags & OVS_UFID_F_OMIT_ACTIONS)) {
		err = ovs_flow_fill_actions(flow, skb, first);
		if (err)
			goto err_cancel;
	}

	genlmsg_end(skb, ovs_header);
	return 0;

err_cancel:
	genlmsg_cancel(skb, ovs_header);
	return err;
}

/* NULL when nobody asked for an echo and nobody listens to the group. */
static struct sk_buff *ovs_flow_reply_alloc(const struct ovs_actions *acts,
					    const struct ovs_flow_id *id,
					    struct genl_info *info, bool always,
					    u32 ufid_flags)
{
	struct sk_buff *skb;

	if (!always && !(info->nlhdr->nlmsg_flags & NLM_F_ECHO) &&
	    !genl_has_listeners(&ovs_flow_genl_family, genl_info_net(info), 0))
		return NULL;

	skb = genlmsg_new(ovs_flow_msg_size(acts, id, ufid_flags), GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);
	return skb;
}

/* The reply was sized for this flow, so filling it cannot fail. */
static void ovs_flow_reply_fill(struct sk_buff *reply,
				const struct ovs_flow *flow, struct ovs_dp *dp,
				struct genl_info *info, u8 cmd, u32 ufid_flags)
{
	int err;

	err = ovs_flow_fill_info(flow, ovs_dp_ifindex(dp), reply,
				 info->snd_portid, info->snd_seq, 0, cmd,
				 ufid_flags);
	WARN_ON_ONCE(err);
}

/* The parsed match of a request: unmasked key, mask and its range. */
struct ovs_flow_match {
	struct ovs_key key;
	struct ovs_flow_mask mask;	/* only key and range are used */
};

static int ovs_flow_match_parse(struct genl_info *info,
				const struct ovs_flow_req *req,
				struct ovs_flow_match *m, bool with_mask)
{
	return ovs_key_from_attrs(genl_info_net(info), req->a[OVS_FLOW_ATTR_KEY],
				  with_mask ? req->a[OVS_FLOW_ATTR_MASK] : NULL,
				  &m->key, &m->mask.key, &m->mask.range, req->log,
				  info->extack);
}

static void ovs_flow_match_masked(const struct ovs_flow_match *m,
				  struct ovs_key *masked)
{
	ovs_flow_mask_key(masked, &m->key, &m->mask);
}

/*
 * Is existing the flow this request names?  With a UFID, the masked keys
 * must agree; without, the unmasked keys and the masks.
 */
static bool ovs_flow_same(const struct ovs_flow *existing,
			  const struct ovs_flow *new_flow,
			  const struct ovs_flow_match *m)
{
	if (existing->mask->range.start != m->mask.range.start ||
	    existing->mask->range.end != m->mask.range.end ||
	    memcmp(&existing->mask->key, &m->mask.key, sizeof(m->mask.key)))
		return false;
	if (new_flow->id.len)
		return existing->id.len == new_flow->id.len &&
		       !memcmp(existing->id.ufid, new_flow->id.ufid,
			       new_flow->id.len) &&
		       !memcmp(&existing->key, &new_flow->key,
			       sizeof(existing->key));
	return !existing->id.len &&
	       !memcmp(existing->id.unmasked_key, &m->key, sizeof(m->key));
}

static int ovs_flow_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_flow *new_flow, *flow = NULL;
	struct ovs_actions *acts, *old_acts;
	struct ovs_flow_match *m;
	struct ovs_flow_req req;
	struct sk_buff *reply;
	struct ovs_dp *dp;
	int err;

	err = ovs_flow_req_parse(info, &req);
	if (err)
		return err;
	if (!req.a[OVS_FLOW_ATTR_KEY] || !req.a[OVS_FLOW_ATTR_ACTIONS]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a new flow needs a key and actions");
		return -EINVAL;
	}

	m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	err = ovs_flow_match_parse(info, &req, m, true);
	if (err)
		goto err_free_match;

	new_flow = ovs_flow_alloc();
	if (!new_flow) {
		err = -ENOMEM;
		goto err_free_match;
	}
	ovs_flow_match_masked(m, &new_flow->key);
	err = ovs_flow_id_set(new_flow, req.ufid.len ? req.ufid.ufid : NULL,
			      req.ufid.len, &m->key);
	if (err)
		goto err_free_flow;

	err = ovs_actions_copy(genl_info_net(info), req.a[OVS_FLOW_ATTR_ACTIONS],
			       &new_flow->key, &acts, req.log, info->extack);
	if (err) {
		ovs_flow_log_unsafe(&req);
		goto err_free_flow;
	}

	reply = ovs_flow_reply_alloc(acts, &new_flow->id, info, false,
				     req.ufid_flags);
	if (IS_ERR(reply)) {
		err = PTR_ERR(reply);
		goto err_free_acts;
	}

	ovs_lock();
	dp = ovs_flow_dp(info);
	if (!dp) {
		err = -ENODEV;
		goto err_unlock;
	}

	if (new_flow->id.len)
		flow = ovs_flow_tbl_lookup_ufid(dp->table, &new_flow->id);
	if (!flow)
		flow = ovs_flow_tbl_lookup(dp->table, &m->key);

	if (!flow) {
		rcu_assign_pointer(new_flow->acts, acts);
		err = ovs_flow_tbl_insert(dp->table, new_flow, &m->mask.key,
					  &m->mask.range);
		if (err) {
			if (err == -E2BIG)
				NL_SET_ERR_MSG_MOD(info->extack,
						   "the flow table is full");
			/*
			 * ovs-vswitchd logs a refused put and keeps handling
			 * the flow's packets by upcall.
			 */
			if (err == -ENOSPC)
				NL_SET_ERR_MSG_MOD(info->extack,
						   "the flow's mask needs a tuple beyond the table's limit (module parameter max_tuples)");
			/* The flow owns the actions now. */
			acts = NULL;
			goto err_unlock;
		}
		if (reply)
			ovs_flow_reply_fill(reply, new_flow, dp, info,
					    OVS_FLOW_CMD_NEW, req.ufid_flags);
		ovs_unlock();
		goto out_notify;
	}

	/*
	 * NLM_F_CREATE stands for NLM_F_EXCL here: generic netlink reads
	 * NLM_F_EXCL on a request as a dump.
	 */
	if (info->nlhdr->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL)) {
		NL_SET_ERR_MSG_MOD(info->extack, "the flow already exists");
		err = -EEXIST;
		goto err_unlock;
	}
	if (!ovs_flow_same(flow, new_flow, m)) {
		if (!flow->id.len && !new_flow->id.len)
			flow = ovs_flow_tbl_lookup_exact(dp->table, &m->key,
							 &m->mask.key,
							 &m->mask.range);
		else
			flow = NULL;
		if (!flow) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "an overlapping flow exists");
			err = -ENOENT;
			goto err_unlock;
		}
	}

	old_acts = ovs_dereference(flow->acts);
	rcu_assign_pointer(flow->acts, acts);
	if (reply)
		ovs_flow_reply_fill(reply, flow, dp, info, OVS_FLOW_CMD_NEW,
				    req.ufid_flags);
	ovs_unlock();
	ovs_actions_free_rcu(old_acts);
	ovs_flow_free(new_flow, false);

out_notify:
	if (reply)
		ovs_genl_notify(&ovs_flow_genl_family, reply, info);
	kfree(m);
	return 0;

err_unlock:
	ovs_unlock();
	if (!IS_ERR_OR_NULL(reply))
		kfree_skb(reply);
err_free_acts:
	if (acts)
		ovs_actions_free(acts);
err_free_flow:
	ovs_flow_free(new_flow, false);
err_free_match:
	kfree(m);
	return err;
}

/* Finds the flow a GET, SET or DEL names.  Called under ovs_lock. */
static struct ovs_flow *ovs_flow_find(struct ovs_dp *dp,
				      const struct ovs_flow_req *req,
				      const struct ovs_flow_match *m,
				      bool with_mask)
{
	ovs_lock_assert();
	if (req->ufid.len)
		return ovs_flow_tbl_lookup_ufid(dp->table, &req->ufid);
	if (with_mask)
		return ovs_flow_tbl_lookup_exact(dp->table, &m->key,
						 &m->mask.key, &m->mask.range);
	return ovs_flow_tbl_lookup_unmasked(dp->table, &m->key);
}

/* Under ovs_lock: the flow a GET or SET names, and its datapath. */
static struct ovs_flow *ovs_flow_locate(struct genl_info *info,
					const struct ovs_flow_req *req,
					const struct ovs_flow_match *m,
					bool with_mask, struct ovs_dp **dpp)
{
	struct ovs_flow *flow;

	ovs_lock_assert();

	*dpp = ovs_flow_dp(info);
	if (!*dpp)
		return ERR_PTR(-ENODEV);
	flow = ovs_flow_find(*dpp, req, m, with_mask);
	if (!flow) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such flow");
		return ERR_PTR(-ENOENT);
	}
	return flow;
}

static int ovs_flow_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_actions *acts = NULL, *old_acts = NULL;
	struct sk_buff *reply = NULL;
	struct ovs_flow_match *m;
	struct ovs_key *masked;
	struct ovs_flow_req req;
	struct ovs_flow *flow;
	struct ovs_dp *dp;
	bool with_mask;
	int err;

	err = ovs_flow_req_parse(info, &req);
	if (err)
		return err;
	if (!req.a[OVS_FLOW_ATTR_KEY] &&
	    (!req.ufid.len || req.a[OVS_FLOW_ATTR_ACTIONS])) {
		if (req.ufid.len)
			NL_SET_ERR_MSG_MOD(info->extack,
					   "new actions need the flow key to be checked against");
		else
			NL_SET_ERR_MSG_MOD(info->extack,
					   "a flow key or id is required");
		return -EINVAL;
	}
	with_mask = req.a[OVS_FLOW_ATTR_MASK];

	m = kmalloc(sizeof(*m) + sizeof(*masked), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	masked = (struct ovs_key *)(m + 1);
	if (req.a[OVS_FLOW_ATTR_KEY]) {
		err = ovs_flow_match_parse(info, &req, m, true);
		if (err)
			goto err_free_match;
	}

	if (req.a[OVS_FLOW_ATTR_ACTIONS]) {
		ovs_flow_match_masked(m, masked);
		err = ovs_actions_copy(genl_info_net(info),
				       req.a[OVS_FLOW_ATTR_ACTIONS], masked,
				       &acts, req.log, info->extack);
		if (err) {
			ovs_flow_log_unsafe(&req);
			goto err_free_match;
		}

		reply = ovs_flow_reply_alloc(acts, &req.ufid, info, false,
					     req.ufid_flags);
		if (IS_ERR(reply)) {
			err = PTR_ERR(reply);
			goto err_free_acts;
		}
	}

	ovs_lock();
	flow = ovs_flow_locate(info, &req, m, with_mask, &dp);
	if (IS_ERR(flow)) {
		err = PTR_ERR(flow);
		goto err_unlock;
	}

	if (acts) {
		old_acts = ovs_dereference(flow->acts);
		rcu_assign_pointer(flow->acts, acts);
		if (reply)
			ovs_flow_reply_fill(reply, flow, dp, info,
					    OVS_FLOW_CMD_SET, req.ufid_flags);
	} else {
		/* Without new actions, the reply is the flow as it stands. */
		reply = ovs_flow_reply_alloc(ovs_dereference(flow->acts),
					     &flow->id, info, false,
					     req.ufid_flags);
		if (!IS_ERR_OR_NULL(reply))
			ovs_flow_reply_fill(reply, flow, dp, info,
					    OVS_FLOW_CMD_SET, req.ufid_flags);
	}
	/* The reply carries the statistics from before the clear. */
	if (req.a[OVS_FLOW_ATTR_CLEAR])
		ovs_flow_stats_clear(flow);
	ovs_unlock();

	if (old_acts)
		ovs_actions_free_rcu(old_acts);
	if (IS_ERR(reply)) {
		kfree(m);
		return PTR_ERR(reply);
	}
	if (reply)
		ovs_genl_notify(&ovs_flow_genl_family, reply, info);
	kfree(m);
	return 0;

err_unlock:
	ovs_unlock();
	if (!IS_ERR_OR_NULL(reply))
		kfree_skb(reply);
err_free_acts:
	if (acts)
		ovs_actions_free(acts);
err_free_match:
	kfree(m);
	return err;
}

static int ovs_flow_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_flow_match *m = NULL;
	struct ovs_flow_req req;
	struct sk_buff *reply;
	struct ovs_flow *flow;
	struct ovs_dp *dp;
	int err;

	err = ovs_flow_req_parse(info, &req);
	if (err)
		return err;
	if (!req.ufid.len) {
		if (!req.a[OVS_FLOW_ATTR_KEY]) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "a flow key or id is required");
			return -EINVAL;
		}
		m = kmalloc(sizeof(*m), GFP_KERNEL);
		if (!m)
			return -ENOMEM;
		err = ovs_flow_match_parse(info, &req, m, false);
		if (err)
			goto out_free_match;
	}

	ovs_lock();
	flow = ovs_flow_locate(info, &req, m, false, &dp);
	if (IS_ERR(flow)) {
		err = PTR_ERR(flow);
		goto out_unlock;
	}
	reply = ovs_flow_reply_alloc(ovs_dereference(flow->acts), &flow->id,
				     info, true, req.ufid_flags);
	if (IS_ERR(reply)) {
		err = PTR_ERR(reply);
		goto out_unlock;
	}
	ovs_flow_reply_fill(reply, flow, dp, info, OVS_FLOW_CMD_GET,
			    req.ufid_flags);
	ovs_unlock();
	kfree(m);
	return genlmsg_reply(reply, info);

out_unlock:
	ovs_unlock();
out_free_match:
	kfree(m);
	return err;
}

static int ovs_flow_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_flow_match *m = NULL;
	struct sk_buff *reply = NULL;
	struct ovs_flow_req req;
	struct ovs_flow *flow;
	struct ovs_dp *dp;
	int err;

	err = ovs_flow_req_parse(info, &req);
	if (err)
		return err;
	if (req.a[OVS_FLOW_ATTR_KEY] && !req.ufid.len) {
		m = kmalloc(sizeof(*m), GFP_KERNEL);
		if (!m)
			return -ENOMEM;
		err = ovs_flow_match_parse(info, &req, m, false);
		if (err)
			goto out_free_match;
	}

	ovs_lock();
	dp = ovs_flow_dp(info);
	if (!dp) {
		err = -ENODEV;
		goto out_unlock;
	}
	/* Neither key nor id: every flow goes. */
	if (!m && !req.ufid.len) {
		ovs_flow_tbl_flush(dp->table);
		err = 0;
		goto out_unlock;
	}
	flow = ovs_flow_find(dp, &req, m, false);
	if (!flow) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such flow");
		err = -ENOENT;
		goto out_unlock;
	}

	/*
	 * The reply is filled before the removal: the flow may be its mask's
	 * last user, and then the removal queues the mask for freeing while
	 * we hold no RCU read lock (and the reply's allocation may sleep).
	 */
	reply = ovs_flow_reply_alloc(ovs_dereference(flow->acts), &flow->id,
				     info, false, req.ufid_flags);
	if (!IS_ERR_OR_NULL(reply))
		ovs_flow_reply_fill(reply, flow, dp, info, OVS_FLOW_CMD_DEL,
				    req.ufid_flags);
	ovs_flow_tbl_remove(dp->table, flow);
	ovs_test_hook_flow_del_removed();
	ovs_unlock();
	/* Readers are done with the flow only after a grace period. */
	ovs_flow_free(flow, true);

	/* The flow is gone either way; only the reply may be lost. */
	if (!IS_ERR_OR_NULL(reply))
		ovs_genl_notify(&ovs_flow_genl_family, reply, info);
	kfree(m);
	return 0;

out_unlock:
	ovs_unlock();
out_free_match:
	kfree(m);
	return err;
}

/* cb->args[0] and [1] hold the table position of the next flow to dump. */
static int ovs_flow_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct ovs_header *ovs_header = genlmsg_data(nlmsg_data(cb->nlh));
	struct nlattr *a[OVS_FLOW_ATTR_MAX + 1];
	u32 bucket, idx, ufid_flags = 0;
	struct ovs_flow *flow;
	struct ovs_dp *dp;
	int err;

	err = ovs_genl_parse_dump(cb, a, OVS_FLOW_ATTR_MAX, ovs_flow_policy);
	if (err)
		return err;
	if (a[OVS_FLOW_ATTR_UFID_FLAGS])
		ufid_flags = nla_get_u32(a[OVS_FLOW_ATTR_UFID_FLAGS]);

	rcu_read_lock();
	dp = ovs_dp_lookup_by_ifindex(sock_net(skb->sk), ovs_header->dp_ifindex);
	if (!dp) {
		rcu_read_unlock();
		NL_SET_ERR_MSG_MOD(ovs_netlink_cb_extack(cb), "no such datapath");
		return -ENODEV;
	}

	bucket = cb->args[0];
	idx = cb->args[1];
	for (;;) {
		u32 prev_bucket = bucket, prev_idx = idx;

		flow = ovs_flow_tbl_dump_next(dp->table, &bucket, &idx);
		if (!flow)
			break;
		if (ovs_flow_fill_info(flow, ovs_header->dp_ifindex, skb,
				       NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI,
				       OVS_FLOW_CMD_GET, ufid_flags) < 0) {
			bucket = prev_bucket;
			idx = prev_idx;
			break;
		}
	}
	cb->args[0] = bucket;
	cb->args[1] = idx;
	rcu_read_unlock();
	return skb->len;
}

static const struct genl_ops ovs_flow_genl_ops[] = {
	{ .cmd = OVS_FLOW_CMD_NEW,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_flow_cmd_new,
	},
	{ .cmd = OVS_FLOW_CMD_DEL,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_flow_cmd_del,
	},
	{ .cmd = OVS_FLOW_CMD_GET,
	  .doit = ovs_flow_cmd_get,
	  .dumpit = ovs_flow_cmd_dump,
	},
	{ .cmd = OVS_FLOW_CMD_SET,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_flow_cmd_set,
	},
};

struct genl_family ovs_flow_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_FLOW_FAMILY,
	.version = OVS_FLOW_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	OVS_GENL_RESV_START_OP(OVS_FLOW_CMD_SET + 1)
	.ops = ovs_flow_genl_ops,
	.n_ops = ARRAY_SIZE(ovs_flow_genl_ops),
	.mcgrps = &ovs_flow_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};
