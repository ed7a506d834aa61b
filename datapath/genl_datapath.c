// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ovs_datapath generic netlink family: create, delete, query, change
 * and dump datapaths, and negotiate user features.
 */

#include <linux/log2.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <net/netns/generic.h>

#include "datapath.h"
#include "flow_table.h"
#include "genl.h"
#include "vport.h"

const struct nla_policy ovs_dp_policy[OVS_DP_ATTR_MAX + 1] = {
	[OVS_DP_ATTR_NAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OVS_DP_ATTR_UPCALL_PID] = { .type = NLA_U32 },
	[OVS_DP_ATTR_USER_FEATURES] = { .type = NLA_U32 },
	[OVS_DP_ATTR_MASKS_CACHE_SIZE] = { .type = NLA_U32 },
	[OVS_DP_ATTR_PER_CPU_PIDS] = { .type = NLA_BINARY },
	[OVS_DP_ATTR_IFINDEX] = { .type = NLA_S32 },
};

static const struct genl_multicast_group ovs_dp_mcgrp = {
	.name = OVS_DATAPATH_MCGROUP,
};

int ovs_dp_check_user_features(u32 features, struct netlink_ext_ack *extack)
{
	if (features & OVS_DP_F_TC_RECIRC_SHARING) {
		NL_SET_ERR_MSG_MOD(extack,
				   "tc recirculation sharing is not supported");
		return -EOPNOTSUPP;
	}
	if (features & ~OVS_DP_F_SUPPORTED) {
		NL_SET_ERR_MSG_MOD(extack, "unknown datapath user feature");
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * The in-tree datapath refuses a size above its bound with ERANGE (its
 * attribute policy's range) and any other size that is neither 0 nor a
 * power of two with EINVAL; scripts read those errnos.
 */
int ovs_dp_check_masks_cache_size(u32 size, struct netlink_ext_ack *extack)
{
	if (size > OVS_DP_MASKS_CACHE_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "masks cache size out of range");
		return -ERANGE;
	}
	if (size && !is_power_of_2(size)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "masks cache size must be 0 or a power of two");
		return -EINVAL;
	}
	return 0;
}

/*
 * In-tree, the policy's range is checked before any command looks at the
 * request: a size too large is refused with ERANGE ahead of every other
 * error the request would get.
 */
int ovs_dp_parse(const struct genl_info *info, struct nlattr **a)
{
	const struct nlattr *size;
	int err;

	err = ovs_genl_parse(info, a, OVS_DP_ATTR_MAX, ovs_dp_policy);
	if (err)
		return err;
	size = a[OVS_DP_ATTR_MASKS_CACHE_SIZE];
	if (size && nla_get_u32(size) > OVS_DP_MASKS_CACHE_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, size,
				    "masks cache size out of range");
		return -ERANGE;
	}
	return 0;
}

int ovs_dp_check_per_cpu_pids(const struct nlattr *attr,
			      struct netlink_ext_ack *extack)
{
	int len = nla_len(attr);

	if (!len || len % sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "upcall pids must be a non-empty array of u32");
		return -EINVAL;
	}
	return 0;
}

/* The attribute must have passed ovs_dp_check_per_cpu_pids(). */
struct ovs_portids *ovs_portids_from_attr(const struct nlattr *attr, gfp_t gfp)
{
	u32 n = nla_len(attr) / sizeof(u32);
	struct ovs_portids *pids;

	/* n is bounded by a netlink attribute length: no overflow. */
	pids = kmalloc(sizeof(*pids) + n * sizeof(u32), gfp);
	if (!pids)
		return NULL;
	pids->n_ids = n;
	nla_memcpy(pids->ids, attr, n * sizeof(u32));
	return pids;
}

static size_t ovs_dp_msg_size(const struct ovs_dp *dp)
{
	const struct ovs_portids *pids = rcu_dereference_raw(dp->cpu_pids);

	return NLMSG_ALIGN(sizeof(struct ovs_header))
		+ nla_total_size(IFNAMSIZ)
		+ nla_total_size_64bit(sizeof(struct ovs_dp_stats))
		+ nla_total_size_64bit(sizeof(struct ovs_dp_megaflow_stats))
		+ nla_total_size(sizeof(u32))	/* USER_FEATURES */
		+ nla_total_size(sizeof(u32))	/* MASKS_CACHE_SIZE */
		+ (pids ? nla_total_size(pids->n_ids * sizeof(u32)) : 0);
}

/* Called under ovs_lock. */
static int ovs_dp_fill_info(struct ovs_dp *dp, struct sk_buff *skb, u32 portid,
			    u32 seq, u32 flags, u8 cmd)
{
	const struct ovs_portids *pids = ovs_dereference(dp->cpu_pids);
	struct ovs_dp_megaflow_stats mega;
	struct ovs_header *ovs_header;
	struct ovs_dp_stats stats;

	ovs_lock_assert();

	ovs_header = genlmsg_put(skb, portid, seq, &ovs_dp_genl_family, flags,
				 cmd);
	if (!ovs_header)
		return -EMSGSIZE;
	ovs_header->dp_ifindex = ovs_dp_ifindex(dp);

	ovs_dp_stats_read(dp, &stats, &mega);
	if (nla_put_string(skb, OVS_DP_ATTR_NAME, ovs_dp_name(dp)) ||
	    nla_put_64bit(skb, OVS_DP_ATTR_STATS, sizeof(stats), &stats,
			  OVS_DP_ATTR_PAD) ||
	    nla_put_64bit(skb, OVS_DP_ATTR_MEGAFLOW_STATS, sizeof(mega), &mega,
			  OVS_DP_ATTR_PAD) ||
	    nla_put_u32(skb, OVS_DP_ATTR_USER_FEATURES, dp->user_features) ||
	    nla_put_u32(skb, OVS_DP_ATTR_MASKS_CACHE_SIZE,
			dp->masks_cache_size))
		goto err_cancel;

	if (pids && nla_put(skb, OVS_DP_ATTR_PER_CPU_PIDS,
			    pids->n_ids * sizeof(u32), pids->ids))
		goto err_cancel;

	genlmsg_end(skb, ovs_header);
	return 0;

err_cancel:
	genlmsg_cancel(skb, ovs_header);
	return -EMSGSIZE;
}

/* Called under ovs_lock. */
static struct sk_buff *ovs_dp_msg_build(struct ovs_dp *dp,
					const struct genl_info *info, u8 cmd)
{
	struct sk_buff *skb;
	int err;

	ovs_lock_assert();

	skb = genlmsg_new(ovs_dp_msg_size(dp), GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);

	err = ovs_dp_fill_info(dp, skb, info->snd_portid, info->snd_seq, 0,
			       cmd);
	if (err) {
		kfree_skb(skb);
		return ERR_PTR(err);
	}
	return skb;
}

/* Called under ovs_lock. */
static struct ovs_dp *ovs_dp_lookup(struct net *net, const struct genl_info *info,
				    struct nlattr **a)
{
	const struct ovs_header *ovs_header = genl_info_userhdr(info);
	struct ovs_dp *dp;

	ovs_lock_assert();

	if (a[OVS_DP_ATTR_NAME])
		dp = ovs_dp_lookup_by_name(net, nla_data(a[OVS_DP_ATTR_NAME]));
	else
		dp = ovs_dp_lookup_by_ifindex(net, ovs_header->dp_ifindex);
	if (!dp)
		NL_SET_ERR_MSG_MOD(info->extack, "no such datapath");
	return dp;
}

/*
 * Every attribute is checked before anything changes, so a request either
 * applies entirely or not at all.
 */
static int ovs_dp_check_change(struct nlattr **a, struct netlink_ext_ack *extack)
{
	int err;

	if (a[OVS_DP_ATTR_USER_FEATURES]) {
		err = ovs_dp_check_user_features(nla_get_u32(a[OVS_DP_ATTR_USER_FEATURES]),
						 extack);
		if (err)
			return err;
	}
	if (a[OVS_DP_ATTR_MASKS_CACHE_SIZE]) {
		err = ovs_dp_check_masks_cache_size(nla_get_u32(a[OVS_DP_ATTR_MASKS_CACHE_SIZE]),
						    extack);
		if (err)
			return err;
	}
	if (a[OVS_DP_ATTR_PER_CPU_PIDS]) {
		err = ovs_dp_check_per_cpu_pids(a[OVS_DP_ATTR_PER_CPU_PIDS],
						extack);
		if (err)
			return err;
	}
	return 0;
}

/* Called under ovs_lock, after ovs_dp_check_change(). */
static int ovs_dp_apply_change(struct ovs_dp *dp, struct nlattr **a)
{
	struct ovs_portids *pids, *old;
	int err;

	ovs_lock_assert();

	/* First what may fail, so that a failure changes nothing. */
	if (a[OVS_DP_ATTR_MASKS_CACHE_SIZE]) {
		u32 size = nla_get_u32(a[OVS_DP_ATTR_MASKS_CACHE_SIZE]);

		err = ovs_flow_tbl_masks_cache_resize(dp->table, size);
		if (err)
			return err;
		dp->masks_cache_size = size;
	}
	if (a[OVS_DP_ATTR_PER_CPU_PIDS]) {
		pids = ovs_portids_from_attr(a[OVS_DP_ATTR_PER_CPU_PIDS],
					     GFP_KERNEL);
		if (!pids)
			return -ENOMEM;
		old = ovs_dereference(dp->cpu_pids);
		rcu_assign_pointer(dp->cpu_pids, pids);
		if (old)
			kfree_rcu(old, rcu);
	}
	if (a[OVS_DP_ATTR_USER_FEATURES])
		dp->user_features = nla_get_u32(a[OVS_DP_ATTR_USER_FEATURES]);
	return 0;
}

static int ovs_dp_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_net *ovs_net = net_generic(genl_info_net(info), ovs_net_id);
	struct nlattr *a[OVS_DP_ATTR_MAX + 1];
	struct ovs_vport_parms parms = {};
	struct ovs_vport *vport;
	struct sk_buff *reply;
	struct ovs_dp *dp;
	int err;

	err = ovs_dp_parse(info, a);
	if (err)
		return err;
	if (!a[OVS_DP_ATTR_NAME] || !a[OVS_DP_ATTR_UPCALL_PID]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a new datapath needs a name and an upcall pid");
		return -EINVAL;
	}
	err = ovs_dp_check_change(a, info->extack);
	if (err)
		return err;
	if (a[OVS_DP_ATTR_IFINDEX] && nla_get_s32(a[OVS_DP_ATTR_IFINDEX]) < 0) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_DP_ATTR_IFINDEX],
				    "ifindex must not be negative");
		return -EINVAL;
	}

	parms.name = nla_data(a[OVS_DP_ATTR_NAME]);
	parms.type = OVS_VPORT_TYPE_INTERNAL;
	parms.port_no = OVSP_LOCAL;
	parms.extack = info->extack;
	if (a[OVS_DP_ATTR_IFINDEX])
		parms.desired_ifindex = nla_get_s32(a[OVS_DP_ATTR_IFINDEX]);
	parms.upcall_pids = ovs_portids_from_attr(a[OVS_DP_ATTR_UPCALL_PID],
						  GFP_KERNEL);
	if (!parms.upcall_pids)
		return -ENOMEM;

	ovs_lock();
	dp = ovs_dp_alloc(genl_info_net(info));
	if (!dp) {
		err = -ENOMEM;
		goto err_unlock;
	}
	err = ovs_dp_apply_change(dp, a);
	if (err)
		goto err_free_dp;

	parms.dp = dp;
	vport = ovs_vport_add(&parms);
	parms.upcall_pids = NULL;
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto err_free_dp;
	}

	list_add_tail_rcu(&dp->node, &ovs_net->dps);
	ovs_dp_rebalance_arm(ovs_net);

	reply = ovs_dp_msg_build(dp, info, OVS_DP_CMD_NEW);
	ovs_unlock();
	/* The datapath exists either way; only the echo is lost. */
	if (IS_ERR(reply))
		return 0;
	ovs_genl_notify(&ovs_dp_genl_family, reply, info);
	return 0;

err_free_dp:
	ovs_dp_free(dp);
err_unlock:
	ovs_unlock();
	kfree(parms.upcall_pids);
	return err;
}

static int ovs_dp_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_DP_ATTR_MAX + 1];
	struct sk_buff *reply;
	struct ovs_dp *dp;
	int err;

	err = ovs_dp_parse(info, a);
	if (err)
		return err;

	ovs_lock();
	dp = ovs_dp_lookup(genl_info_net(info), info, a);
	if (!dp) {
		err = -ENODEV;
		goto err_unlock;
	}
	reply = ovs_dp_msg_build(dp, info, OVS_DP_CMD_DEL);
	if (IS_ERR(reply)) {
		err = PTR_ERR(reply);
		goto err_unlock;
	}
	ovs_dp_destroy(dp);
	ovs_unlock();

	ovs_genl_notify(&ovs_dp_genl_family, reply, info);
	return 0;

err_unlock:
	ovs_unlock();
	return err;
}

static int ovs_dp_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_DP_ATTR_MAX + 1];
	struct sk_buff *reply;
	struct ovs_dp *dp;
	int err;

	err = ovs_dp_parse(info, a);
	if (err)
		return err;
	err = ovs_dp_check_change(a, info->extack);
	if (err)
		return err;

	ovs_lock();
	dp = ovs_dp_lookup(genl_info_net(info), info, a);
	if (!dp) {
		err = -ENODEV;
		goto err_unlock;
	}
	err = ovs_dp_apply_change(dp, a);
	if (err)
		goto err_unlock;
	reply = ovs_dp_msg_build(dp, info, OVS_DP_CMD_SET);
	ovs_unlock();

	if (!IS_ERR(reply))
		ovs_genl_notify(&ovs_dp_genl_family, reply, info);
	return 0;

err_unlock:
	ovs_unlock();
	return err;
}

static int ovs_dp_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_DP_ATTR_MAX + 1];
	struct sk_buff *reply;
	struct ovs_dp *dp;
	int err;

	err = ovs_dp_parse(info, a);
	if (err)
		return err;

	ovs_lock();
	dp = ovs_dp_lookup(genl_info_net(info), info, a);
	if (!dp) {
		ovs_unlock();
		return -ENODEV;
	}
	reply = ovs_dp_msg_build(dp, info, OVS_DP_CMD_GET);
	ovs_unlock();
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	return genlmsg_reply(reply, info);
}

static int ovs_dp_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ovs_net *ovs_net = net_generic(sock_net(skb->sk), ovs_net_id);
	struct nlattr *a[OVS_DP_ATTR_MAX + 1];
	long skip = cb->args[0];
	struct ovs_dp *dp;
	long i = 0;
	int err;

	/*
	 * A dump reads no attribute, but a malformed one is refused as
	 * every other command of the family refuses it.
	 */
	err = ovs_genl_parse_dump(cb, a, OVS_DP_ATTR_MAX, ovs_dp_policy);
	if (err)
		return err;

	ovs_lock();
	list_for_each_entry(dp, &ovs_net->dps, node) {
		if (i >= skip &&
		    ovs_dp_fill_info(dp, skb, NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI,
				     OVS_DP_CMD_GET) < 0)
			break;
		i++;
	}
	ovs_unlock();

	cb->args[0] = i;
	return skb->len;
}

static const struct genl_ops ovs_dp_genl_ops[] = {
	{ .cmd = OVS_DP_CMD_NEW,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_dp_cmd_new,
	},
	{ .cmd = OVS_DP_CMD_DEL,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_dp_cmd_del,
	},
	{ .cmd = OVS_DP_CMD_GET,
	  .doit = ovs_dp_cmd_get,
	  .dumpit = ovs_dp_cmd_dump,
	},
	{ .cmd = OVS_DP_CMD_SET,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_dp_cmd_set,
	},
};

struct genl_family ovs_dp_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_DATAPATH_FAMILY,
	.version = OVS_DATAPATH_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	OVS_GENL_RESV_START_OP(OVS_DP_CMD_SET + 1)
	.ops = ovs_dp_genl_ops,
	.n_ops = ARRAY_SIZE(ovs_dp_genl_ops),
	.mcgrps = &ovs_dp_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};
