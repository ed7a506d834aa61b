// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ovs_vport generic netlink family: add, delete, query, change and dump
 * a datapath's ports, with notifications on the ovs_vport group.
 */

#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "datapath.h"
#include "genl.h"
#include "vport.h"

const struct nla_policy ovs_vport_policy[OVS_VPORT_ATTR_MAX + 1] = {
	[OVS_VPORT_ATTR_PORT_NO] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_TYPE] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_NAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OVS_VPORT_ATTR_OPTIONS] = { .type = NLA_NESTED },
	[OVS_VPORT_ATTR_UPCALL_PID] = { .type = NLA_BINARY },
	[OVS_VPORT_ATTR_STATS] = { .len = sizeof(struct ovs_vport_stats) },
	[OVS_VPORT_ATTR_IFINDEX] = { .type = NLA_S32 },
	[OVS_VPORT_ATTR_NETNSID] = { .type = NLA_S32 },
	[OVS_VPORT_ATTR_UPCALL_STATS] = { .type = NLA_NESTED },
};

static const struct genl_multicast_group ovs_vport_mcgrp = {
	.name = OVS_VPORT_MCGROUP,
};

static size_t ovs_vport_msg_size(const struct ovs_vport *vport)
{
	const struct ovs_portids *pids = rcu_dereference_raw(vport->upcall_pids);

	return NLMSG_ALIGN(sizeof(struct ovs_header))
		+ nla_total_size(sizeof(u32))		/* PORT_NO */
		+ nla_total_size(sizeof(u32))		/* TYPE */
		+ nla_total_size(IFNAMSIZ)		/* NAME */
		+ nla_total_size(sizeof(s32))		/* IFINDEX */
		+ nla_total_size(sizeof(s32))		/* NETNSID */
		+ nla_total_size_64bit(sizeof(struct ovs_vport_stats))
		+ nla_total_size((pids ? pids->n_ids : 1) * sizeof(u32))
		+ nla_total_size(0)			/* UPCALL_STATS */
		+ 2 * nla_total_size_64bit(sizeof(u64))
		+ nla_total_size(0)			/* OPTIONS */
		+ nla_total_size(sizeof(u16))		/* DST_PORT */
		+ nla_total_size(0)			/* EXTENSION */
		+ nla_total_size(0);			/* GBP */
}

static int ovs_vport_put_upcall_stats(struct sk_buff *skb,
				      const struct ovs_vport *vport)
{
	u64 success = 0, fail = 0;
	struct nlattr *nest;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct ovs_vport_upcall_stats *s =
			per_cpu_ptr(vport->upcall_stats, cpu);
		u64 n_success, n_fail;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			n_success = u64_stats_read(&s->n_success);
			n_fail = u64_stats_read(&s->n_fail);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		success += n_success;
		fail += n_fail;
	}

	nest = nla_nest_start_noflag(skb, OVS_VPORT_ATTR_UPCALL_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, OVS_VPORT_UPCALL_ATTR_SUCCESS, success,
			      OVS_VPORT_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, OVS_VPORT_UPCALL_ATTR_FAIL, fail,
			      OVS_VPORT_ATTR_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Without VPORT_PIDS userspace expects exactly one pid. */
static int ovs_vport_put_upcall_pids(struct sk_buff *skb,
				     const struct ovs_vport *vport)
{
	const struct ovs_portids *pids = ovs_dereference(vport->upcall_pids);

	if (!pids)
		return nla_put_u32(skb, OVS_VPORT_ATTR_UPCALL_PID, 0);
	if (vport->dp->user_features & OVS_DP_F_VPORT_PIDS)
		return nla_put(skb, OVS_VPORT_ATTR_UPCALL_PID,
			       pids->n_ids * sizeof(u32), pids->ids);
	return nla_put_u32(skb, OVS_VPORT_ATTR_UPCALL_PID, pids->ids[0]);
}

/*
 * A legacy tunnel port's options, as it was created with them; gre has
 * none, and then there is no attribute at all, as from in-tree.
 */
static int ovs_vport_put_options(struct sk_buff *skb,
				 const struct ovs_vport *vport)
{
	struct nlattr *opts, *ext;

	if (vport->ops->type != OVS_VPORT_TYPE_VXLAN &&
	    vport->ops->type != OVS_VPORT_TYPE_GENEVE)
		return 0;

	opts = nla_nest_start_noflag(skb, OVS_VPORT_ATTR_OPTIONS);
	if (!opts)
		return -EMSGSIZE;
	if (nla_put_u16(skb, OVS_TUNNEL_ATTR_DST_PORT, vport->tun.dst_port))
		goto err_cancel;
	if (vport->tun.vxlan_gbp) {
		ext = nla_nest_start_noflag(skb, OVS_TUNNEL_ATTR_EXTENSION);
		if (!ext || nla_put_flag(skb, OVS_VXLAN_EXT_GBP))
			goto err_cancel;
		nla_nest_end(skb, ext);
	}
	nla_nest_end(skb, opts);
	return 0;

err_cancel:
	nla_nest_cancel(skb, opts);
	return -EMSGSIZE;
}

/*
 * A device in a namespace other than the reader's (an internal port moved
 * away) is named by the reader's id for that namespace.
 */
static int ovs_vport_put_netnsid(struct sk_buff *skb,
				 const struct ovs_vport *vport, struct net *net)
{
	struct net *dev_ns = dev_net(vport->dev);

	if (net_eq(net, dev_ns))
		return 0;
	return nla_put_s32(skb, OVS_VPORT_ATTR_NETNSID,
			   peernet2id_alloc(net, dev_ns, GFP_KERNEL));
}

/* Called under ovs_lock; net is the reader's namespace. */
static int ovs_vport_fill_info(struct ovs_vport *vport, struct sk_buff *skb,
			       struct net *net, u32 portid, u32 seq, u32 flags,
			       u8 cmd)
{
	struct ovs_header *ovs_header;
	struct ovs_vport_stats stats;

	ovs_lock_assert();

	ovs_header = genlmsg_put(skb, portid, seq, &ovs_vport_genl_family,
				 flags, cmd);
	if (!ovs_header)
		return -EMSGSIZE;
	ovs_header->dp_ifindex = ovs_dp_ifindex(vport->dp);

	ovs_vport_get_stats(vport, &stats);
	if (nla_put_u32(skb, OVS_VPORT_ATTR_PORT_NO, vport->port_no) ||
	    nla_put_u32(skb, OVS_VPORT_ATTR_TYPE, vport->ops->type) ||
	    nla_put_string(skb, OVS_VPORT_ATTR_NAME, vport->dev->name) ||
	    nla_put_s32(skb, OVS_VPORT_ATTR_IFINDEX, vport->dev->ifindex) ||
	    ovs_vport_put_netnsid(skb, vport, net) ||
	    nla_put_64bit(skb, OVS_VPORT_ATTR_STATS, sizeof(stats), &stats,
			  OVS_VPORT_ATTR_PAD) ||
	    ovs_vport_put_upcall_pids(skb, vport) ||
	    ovs_vport_put_options(skb, vport) ||
	    ovs_vport_put_upcall_stats(skb, vport))
		goto err_cancel;

	genlmsg_end(skb, ovs_header);
	return 0;

err_cancel:
	genlmsg_cancel(skb, ovs_header);
	return -EMSGSIZE;
}

/* Called under ovs_lock. */
static struct sk_buff *ovs_vport_msg_build(struct ovs_vport *vport,
					   struct net *net, u32 portid,
					   u32 seq, u8 cmd)
{
	struct sk_buff *skb;
	int err;

	ovs_lock_assert();

	skb = genlmsg_new(ovs_vport_msg_size(vport), GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);

	err = ovs_vport_fill_info(vport, skb, net, portid, seq, 0, cmd);
	if (err) {
		kfree_skb(skb);
		return ERR_PTR(err);
	}
	return skb;
}

/*
 * For changes nobody asked for over netlink (a port whose device went
 * away).  A listener that cannot be told learns that it missed something.
 */
void ovs_vport_notify(struct ovs_vport *vport, u8 cmd)
{
	struct net *net = ovs_dp_net(vport->dp);
	struct sk_buff *skb;

	ovs_lock_assert();

	skb = ovs_vport_msg_build(vport, net, 0, 0, cmd);
	if (IS_ERR(skb)) {
		genl_set_err(&ovs_vport_genl_family, net, 0, 0, PTR_ERR(skb));
		return;
	}
	genlmsg_multicast_netns(&ovs_vport_genl_family, net, skb, 0, 0,
				GFP_KERNEL);
}

/*
 * A vport is named either by its device name, or by its datapath's ifindex
 * plus its port number.  Called under ovs_lock.
 */
static struct ovs_vport *ovs_vport_lookup(struct net *net,
					  const struct genl_info *info,
					  struct nlattr **a)
{
	const struct ovs_header *ovs_header = genl_info_userhdr(info);
	struct ovs_vport *vport;
	struct ovs_dp *dp;
	u32 port_no;

	ovs_lock_assert();

	if (a[OVS_VPORT_ATTR_NAME]) {
		vport = ovs_vport_locate(net, nla_data(a[OVS_VPORT_ATTR_NAME]));
		if (!vport || (ovs_header->dp_ifindex &&
			       ovs_header->dp_ifindex != ovs_dp_ifindex(vport->dp))) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_VPORT_ATTR_NAME],
					    "no such vport");
			return ERR_PTR(-ENODEV);
		}
		return vport;
	}

	if (!a[OVS_VPORT_ATTR_PORT_NO]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a vport is named by name or by port number");
		return ERR_PTR(-EINVAL);
	}
	port_no = nla_get_u32(a[OVS_VPORT_ATTR_PORT_NO]);
	if (port_no >= OVS_DP_MAX_PORTS) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_VPORT_ATTR_PORT_NO],
				    "port number out of range");
		return ERR_PTR(-EFBIG);
	}
	dp = ovs_dp_lookup_by_ifindex(net, ovs_header->dp_ifindex);
	if (!dp) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such datapath");
		return ERR_PTR(-ENODEV);
	}
	vport = ovs_dp_port(dp, port_no);
	if (!vport) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_VPORT_ATTR_PORT_NO],
				    "no such vport");
		return ERR_PTR(-ENODEV);
	}
	return vport;
}

/*
 * Port 0 is the local port, made only with its datapath: a request for it
 * means "any", as it does to the in-tree datapath.  Called under ovs_lock.
 */
static int ovs_vport_pick_port_no(struct ovs_dp *dp, struct nlattr **a,
				  struct netlink_ext_ack *extack, u32 *port_no)
{
	u32 i = 0;

	ovs_lock_assert();

	if (a[OVS_VPORT_ATTR_PORT_NO])
		i = nla_get_u32(a[OVS_VPORT_ATTR_PORT_NO]);
	if (i) {
		if (i >= OVS_DP_MAX_PORTS) {
			NL_SET_ERR_MSG_ATTR(extack, a[OVS_VPORT_ATTR_PORT_NO],
					    "port number out of range");
			return -EFBIG;
		}
		if (ovs_dp_port(dp, i)) {
			NL_SET_ERR_MSG_ATTR(extack, a[OVS_VPORT_ATTR_PORT_NO],
					    "port number in use");
			return -EBUSY;
		}
		*port_no = i;
		return 0;
	}

	for (i = 1; i < OVS_DP_MAX_PORTS; i++) {
		if (!ovs_dp_port(dp, i)) {
			*port_no = i;
			return 0;
		}
	}
	NL_SET_ERR_MSG_MOD(extack, "datapath has no free port number");
	return -EFBIG;
}

/* OVS_TUNNEL_ATTR_EXTENSION of a new vxlan port. */
static int ovs_vport_parse_vxlan_ext(const struct nlattr *ext,
				     struct ovs_vport_tun_opts *tun,
				     struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, ext, rem) {
		if (nla_type(a) != OVS_VXLAN_EXT_GBP) {
			NL_SET_ERR_MSG_ATTR(extack, a, "unknown VXLAN extension");
			return -EINVAL;
		}
		if (nla_len(a)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "OVS_VXLAN_EXT_GBP is a flag: it has no payload");
			return -EINVAL;
		}
		if (tun->vxlan_gbp) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "duplicate OVS_VXLAN_EXT_GBP");
			return -EINVAL;
		}
		tun->vxlan_gbp = true;
	}
	if (rem) {
		NL_SET_ERR_MSG_ATTR(extack, ext,
				    "partial attribute in the VXLAN extensions");
		return -EINVAL;
	}
	return 0;
}

/* The attributes in a legacy tunnel port's OVS_VPORT_ATTR_OPTIONS. */
static int ovs_vport_parse_tun_attrs(u32 type, const struct nlattr *opts,
				     struct ovs_vport_tun_opts *tun,
				     struct netlink_ext_ack *extack)
{
	const struct nlattr *a, *ext = NULL;
	int rem;

	nla_for_each_nested(a, opts, rem) {
		switch (nla_type(a)) {
		case OVS_TUNNEL_ATTR_DST_PORT:
			if (type == OVS_VPORT_TYPE_GRE) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "a gre port has no UDP port");
				return -EINVAL;
			}
			if (nla_len(a) != sizeof(u16)) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "OVS_TUNNEL_ATTR_DST_PORT is a u16");
				return -EINVAL;
			}
			if (tun->dst_port) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "duplicate OVS_TUNNEL_ATTR_DST_PORT");
				return -EINVAL;
			}
			tun->dst_port = nla_get_u16(a);
			if (!tun->dst_port) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "UDP destination port 0");
				return -EINVAL;
			}
			break;
		case OVS_TUNNEL_ATTR_EXTENSION:
			if (type != OVS_VPORT_TYPE_VXLAN) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "only vxlan ports take extensions");
				return -EINVAL;
			}
			if (ext) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "duplicate OVS_TUNNEL_ATTR_EXTENSION");
				return -EINVAL;
			}
			ext = a;
			break;
		default:
			NL_SET_ERR_MSG_ATTR(extack, a, "unknown tunnel option");
			return -EINVAL;
		}
	}
	if (rem) {
		NL_SET_ERR_MSG_ATTR(extack, opts,
				    "partial attribute in the tunnel options");
		return -EINVAL;
	}
	return ext ? ovs_vport_parse_vxlan_ext(ext, tun, extack) : 0;
}

/*
 * OVS_VPORT_ATTR_OPTIONS of a new port of type: only the legacy tunnel
 * types take any (vxlan and geneve need their UDP port, as in-tree); types
 * this datapath does not know are refused as such later.
 */
static int ovs_vport_parse_options(u32 type, const struct nlattr *opts,
				   struct ovs_vport_tun_opts *tun,
				   struct netlink_ext_ack *extack)
{
	int err;

	if (!ovs_vport_type_is_tunnel(type)) {
		if (opts && (type == OVS_VPORT_TYPE_NETDEV ||
			     type == OVS_VPORT_TYPE_INTERNAL)) {
			NL_SET_ERR_MSG_ATTR(extack, opts,
					    "this vport type has no options");
			return -EINVAL;
		}
		return 0;
	}
	if (opts) {
		err = ovs_vport_parse_tun_attrs(type, opts, tun, extack);
		if (err)
			return err;
	}
	if (type != OVS_VPORT_TYPE_GRE && !tun->dst_port) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a vxlan or geneve port needs OVS_TUNNEL_ATTR_DST_PORT");
		return -EINVAL;
	}
	return 0;
}

static int ovs_vport_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	const struct ovs_header *ovs_header = genl_info_userhdr(info);
	struct nlattr *a[OVS_VPORT_ATTR_MAX + 1];
	struct ovs_vport_parms parms = {};
	struct ovs_vport *vport;
	struct sk_buff *reply;
	struct ovs_dp *dp;
	int err;

	err = ovs_genl_parse(info, a, OVS_VPORT_ATTR_MAX, ovs_vport_policy);
	if (err)
		return err;
	if (!a[OVS_VPORT_ATTR_NAME] || !a[OVS_VPORT_ATTR_TYPE] ||
	    !a[OVS_VPORT_ATTR_UPCALL_PID]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a new vport needs a name, a type and an upcall pid");
		return -EINVAL;
	}
	err = ovs_dp_check_per_cpu_pids(a[OVS_VPORT_ATTR_UPCALL_PID],
					info->extack);
	if (err)
		return err;

	parms.name = nla_data(a[OVS_VPORT_ATTR_NAME]);
	parms.type = nla_get_u32(a[OVS_VPORT_ATTR_TYPE]);
	parms.extack = info->extack;
	err = ovs_vport_parse_options(parms.type, a[OVS_VPORT_ATTR_OPTIONS],
				      &parms.tun, info->extack);
	if (err)
		return err;
	if (a[OVS_VPORT_ATTR_IFINDEX]) {
		if (parms.type != OVS_VPORT_TYPE_INTERNAL) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_VPORT_ATTR_IFINDEX],
					    "only internal ports take an ifindex");
			return -EOPNOTSUPP;
		}
		parms.desired_ifindex = nla_get_s32(a[OVS_VPORT_ATTR_IFINDEX]);
		if (parms.desired_ifindex < 0) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_VPORT_ATTR_IFINDEX],
					    "ifindex must not be negative");
			return -EINVAL;
		}
	}
	parms.upcall_pids = ovs_portids_from_attr(a[OVS_VPORT_ATTR_UPCALL_PID],
						  GFP_KERNEL);
	if (!parms.upcall_pids)
		return -ENOMEM;

	ovs_lock();
	dp = ovs_dp_lookup_by_ifindex(genl_info_net(info),
				      ovs_header->dp_ifindex);
	if (!dp) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such datapath");
		err = -ENODEV;
		goto err_unlock;
	}
	err = ovs_vport_pick_port_no(dp, a, info->extack, &parms.port_no);
	if (err)
		goto err_unlock;

	parms.dp = dp;
	vport = ovs_vport_add(&parms);
	parms.upcall_pids = NULL;
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto err_unlock;
	}

	reply = ovs_vport_msg_build(vport, genl_info_net(info),
				    info->snd_portid, info->snd_seq,
				    OVS_VPORT_CMD_NEW);
	ovs_unlock();
	/* The port exists either way; only the echo is lost. */
	if (!IS_ERR(reply))
		ovs_genl_notify(&ovs_vport_genl_family, reply, info);
	return 0;

err_unlock:
	ovs_unlock();
	kfree(parms.upcall_pids);
	return err;
}

static int ovs_vport_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_VPORT_ATTR_MAX + 1];
	struct ovs_vport *vport;
	struct sk_buff *reply;
	int err;

	err = ovs_genl_parse(info, a, OVS_VPORT_ATTR_MAX, ovs_vport_policy);
	if (err)
		return err;

	ovs_lock();
	vport = ovs_vport_lookup(genl_info_net(info), info, a);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto err_unlock;
	}
	if (vport->port_no == OVSP_LOCAL) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the local port goes only with its datapath");
		err = -EINVAL;
		goto err_unlock;
	}
	reply = ovs_vport_msg_build(vport, genl_info_net(info),
				    info->snd_portid, info->snd_seq,
				    OVS_VPORT_CMD_DEL);
	if (IS_ERR(reply)) {
		err = PTR_ERR(reply);
		goto err_unlock;
	}
	ovs_vport_del(vport);
	ovs_unlock();

	ovs_genl_notify(&ovs_vport_genl_family, reply, info);
	return 0;

err_unlock:
	ovs_unlock();
	return err;
}

static int ovs_vport_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_VPORT_ATTR_MAX + 1];
	struct ovs_portids *pids = NULL;
	struct ovs_vport *vport;
	struct sk_buff *reply;
	int err;

	err = ovs_genl_parse(info, a, OVS_VPORT_ATTR_MAX, ovs_vport_policy);
	if (err)
		return err;
	if (a[OVS_VPORT_ATTR_UPCALL_PID]) {
		err = ovs_dp_check_per_cpu_pids(a[OVS_VPORT_ATTR_UPCALL_PID],
						info->extack);
		if (err)
			return err;
		pids = ovs_portids_from_attr(a[OVS_VPORT_ATTR_UPCALL_PID],
					     GFP_KERNEL);
		if (!pids)
			return -ENOMEM;
	}

	ovs_lock();
	vport = ovs_vport_lookup(genl_info_net(info), info, a);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto err_unlock;
	}
	if (a[OVS_VPORT_ATTR_TYPE] &&
	    nla_get_u32(a[OVS_VPORT_ATTR_TYPE]) != vport->ops->type) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_VPORT_ATTR_TYPE],
				    "a vport's type cannot change");
		err = -EINVAL;
		goto err_unlock;
	}
	/* Tunnel ports keep theirs (as in-tree), the others have none. */
	if (a[OVS_VPORT_ATTR_OPTIONS]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_VPORT_ATTR_OPTIONS],
				    "a vport's options cannot change");
		err = -EOPNOTSUPP;
		goto err_unlock;
	}
	if (pids) {
		ovs_vport_set_upcall_pids(vport, pids);
		pids = NULL;
	}
	reply = ovs_vport_msg_build(vport, genl_info_net(info),
				    info->snd_portid, info->snd_seq,
				    OVS_VPORT_CMD_SET);
	ovs_unlock();

	if (!IS_ERR(reply))
		ovs_genl_notify(&ovs_vport_genl_family, reply, info);
	return 0;

err_unlock:
	ovs_unlock();
	kfree(pids);
	return err;
}

static int ovs_vport_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_VPORT_ATTR_MAX + 1];
	struct ovs_vport *vport;
	struct sk_buff *reply;
	int err;

	err = ovs_genl_parse(info, a, OVS_VPORT_ATTR_MAX, ovs_vport_policy);
	if (err)
		return err;

	ovs_lock();
	vport = ovs_vport_lookup(genl_info_net(info), info, a);
	if (IS_ERR(vport)) {
		ovs_unlock();
		return PTR_ERR(vport);
	}
	reply = ovs_vport_msg_build(vport, genl_info_net(info),
				    info->snd_portid, info->snd_seq,
				    OVS_VPORT_CMD_GET);
	ovs_unlock();
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	return genlmsg_reply(reply, info);
}

/* cb->args[0] is the hash bucket to resume at, cb->args[1] the entry in it. */
static int ovs_vport_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ovs_header *ovs_header = genlmsg_data(nlmsg_data(cb->nlh));
	long bucket = cb->args[0], skip = cb->args[1];
	struct nlattr *a[OVS_VPORT_ATTR_MAX + 1];
	struct ovs_vport *vport;
	struct ovs_dp *dp;
	long i = 0;
	int err;

	/* The datapath is the header's; attributes are only checked. */
	err = ovs_genl_parse_dump(cb, a, OVS_VPORT_ATTR_MAX, ovs_vport_policy);
	if (err)
		return err;

	ovs_lock();
	dp = ovs_dp_lookup_by_ifindex(sock_net(skb->sk), ovs_header->dp_ifindex);
	if (!dp) {
		ovs_unlock();
		NL_SET_ERR_MSG_MOD(ovs_netlink_cb_extack(cb), "no such datapath");
		return -ENODEV;
	}
	for (; bucket < OVS_DP_VPORT_HASH_BUCKETS; bucket++, skip = 0) {
		i = 0;
		hlist_for_each_entry(vport, &dp->ports[bucket], dp_node) {
			if (i >= skip &&
			    ovs_vport_fill_info(vport, skb, sock_net(skb->sk),
						NETLINK_CB(cb->skb).portid,
						cb->nlh->nlmsg_seq, NLM_F_MULTI,
						OVS_VPORT_CMD_GET) < 0)
				goto out;
			i++;
		}
	}
out:
	ovs_unlock();

	cb->args[0] = bucket;
	cb->args[1] = i;
	return skb->len;
}

static const struct genl_ops ovs_vport_genl_ops[] = {
	{ .cmd = OVS_VPORT_CMD_NEW,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_vport_cmd_new,
	},
	{ .cmd = OVS_VPORT_CMD_DEL,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_vport_cmd_del,
	},
	{ .cmd = OVS_VPORT_CMD_GET,
	  .doit = ovs_vport_cmd_get,
	  .dumpit = ovs_vport_cmd_dump,
	},
	{ .cmd = OVS_VPORT_CMD_SET,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_vport_cmd_set,
	},
};

struct genl_family ovs_vport_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_VPORT_FAMILY,
	.version = OVS_VPORT_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	OVS_GENL_RESV_START_OP(OVS_VPORT_CMD_SET + 1)
	.ops = ovs_vport_genl_ops,
	.n_ops = ARRAY_SIZE(ovs_vport_genl_ops),
	.mcgrps = &ovs_vport_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};
