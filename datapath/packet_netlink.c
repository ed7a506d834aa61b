// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ovs_packet generic netlink family: userspace hands the datapath a
 * packet with actions to execute.  Upcalls travel the other way on the
 * same family.
 *
 * Action execution comes with the flow table; until then a well-formed
 * request is refused with EINVAL, which ovs-vswitchd's execute probes read
 * as "not supported".
 */

#include <linux/if_ether.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "datapath.h"
#include "genl.h"

static const struct nla_policy ovs_packet_policy[OVS_PACKET_ATTR_MAX + 1] = {
	[OVS_PACKET_ATTR_PACKET] = { .type = NLA_UNSPEC, .len = ETH_HLEN },
	[OVS_PACKET_ATTR_KEY] = { .type = NLA_NESTED },
	[OVS_PACKET_ATTR_ACTIONS] = { .type = NLA_NESTED },
	[OVS_PACKET_ATTR_PROBE] = { .type = NLA_FLAG },
	[OVS_PACKET_ATTR_MRU] = { .type = NLA_U16 },
	[OVS_PACKET_ATTR_HASH] = { .type = NLA_U64 },
	[OVS_PACKET_ATTR_UPCALL_PID] = { .type = NLA_U32 },
};

static int ovs_packet_cmd_execute(struct sk_buff *skb, struct genl_info *info)
{
	const struct ovs_header *ovs_header = genl_info_userhdr(info);
	struct nlattr *a[OVS_PACKET_ATTR_MAX + 1];
	struct ovs_dp *dp;
	int err;

	err = ovs_genl_parse(info, a, OVS_PACKET_ATTR_MAX, ovs_packet_policy);
	if (err)
		return err;
	if (!a[OVS_PACKET_ATTR_PACKET] || !a[OVS_PACKET_ATTR_KEY] ||
	    !a[OVS_PACKET_ATTR_ACTIONS]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "execute needs a packet, a key and actions");
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
	NL_SET_ERR_MSG_MOD(info->extack,
			   "this datapath does not execute actions yet");
	return -EINVAL;
}

static const struct genl_ops ovs_packet_genl_ops[] = {
	{ .cmd = OVS_PACKET_CMD_EXECUTE,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_packet_cmd_execute,
	},
};

struct genl_family ovs_packet_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_PACKET_FAMILY,
	.version = OVS_PACKET_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	OVS_GENL_RESV_START_OP(OVS_PACKET_CMD_EXECUTE + 1)
	.ops = ovs_packet_genl_ops,
	.n_ops = ARRAY_SIZE(ovs_packet_genl_ops),
	.module = THIS_MODULE,
};
