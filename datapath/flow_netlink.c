// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ovs_flow generic netlink family.
 *
 * This datapath has no flow table yet: it answers exactly as a datapath
 * holding no flows does, and refuses to install one with EINVAL, which is
 * what ovs-vswitchd's feature probes read as "not supported".
 */

#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "datapath.h"
#include "genl.h"

static const struct nla_policy ovs_flow_policy[OVS_FLOW_ATTR_MAX + 1] = {
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

/* Parses the request and checks that its datapath exists. */
static int ovs_flow_parse(struct genl_info *info, struct nlattr **a)
{
	const struct ovs_header *ovs_header = genl_info_userhdr(info);
	struct ovs_dp *dp;
	int err;

	err = ovs_genl_parse(info, a, OVS_FLOW_ATTR_MAX, ovs_flow_policy);
	if (err)
		return err;
	if (a[OVS_FLOW_ATTR_UFID] &&
	    nla_len(a[OVS_FLOW_ATTR_UFID]) > OVS_FLOW_UFID_MAX_SIZE) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_FLOW_ATTR_UFID],
				    "flow id longer than 16 bytes");
		return -EINVAL;
	}
	ovs_lock();
	dp = ovs_dp_lookup_by_ifindex(genl_info_net(info),
				      ovs_header->dp_ifindex);
	ovs_unlock();
	if (!dp) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such datapath");
		return -ENODEV;
	}
	return 0;
}

static int ovs_flow_cmd_put(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_FLOW_ATTR_MAX + 1];
	int err;

	err = ovs_flow_parse(info, a);
	if (err)
		return err;
	if (!a[OVS_FLOW_ATTR_KEY]) {
		NL_SET_ERR_MSG_MOD(info->extack, "flow key required");
		return -EINVAL;
	}
	NL_SET_ERR_MSG_MOD(info->extack,
			   "this datapath does not install flows yet");
	return -EINVAL;
}

static int ovs_flow_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_FLOW_ATTR_MAX + 1];
	int err;

	err = ovs_flow_parse(info, a);
	if (err)
		return err;
	/* Neither key nor id: flush the table, which is always empty. */
	if (!a[OVS_FLOW_ATTR_KEY] && !a[OVS_FLOW_ATTR_UFID])
		return 0;
	NL_SET_ERR_MSG_MOD(info->extack, "no such flow");
	return -ENOENT;
}

static int ovs_flow_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_FLOW_ATTR_MAX + 1];
	int err;

	err = ovs_flow_parse(info, a);
	if (err)
		return err;
	if (!a[OVS_FLOW_ATTR_KEY] && !a[OVS_FLOW_ATTR_UFID]) {
		NL_SET_ERR_MSG_MOD(info->extack, "flow key or id required");
		return -EINVAL;
	}
	NL_SET_ERR_MSG_MOD(info->extack, "no such flow");
	return -ENOENT;
}

static int ovs_flow_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ovs_header *ovs_header = genlmsg_data(nlmsg_data(cb->nlh));
	struct nlattr *a[OVS_FLOW_ATTR_MAX + 1];
	struct ovs_dp *dp;
	int err;

	err = ovs_genl_parse_dump(cb, a, OVS_FLOW_ATTR_MAX, ovs_flow_policy);
	if (err)
		return err;

	ovs_lock();
	dp = ovs_dp_lookup_by_ifindex(sock_net(skb->sk), ovs_header->dp_ifindex);
	ovs_unlock();
	if (!dp)
		return -ENODEV;
	return 0;
}

static const struct genl_ops ovs_flow_genl_ops[] = {
	{ .cmd = OVS_FLOW_CMD_NEW,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_flow_cmd_put,
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
	  .doit = ovs_flow_cmd_put,
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
