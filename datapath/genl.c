// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generic netlink plumbing shared by the datapath families, and the order
 * in which they come and go.
 */

#include <net/genetlink.h>

#include "datapath.h"
#include "genl.h"
#include "vport.h"

static int ovs_genl_fixed_size(u16 type)
{
	switch (type) {
	case NLA_U8:
	case NLA_S8:
		return 1;
	case NLA_U16:
	case NLA_S16:
		return 2;
	case NLA_U32:
	case NLA_S32:
		return 4;
	case NLA_U64:
	case NLA_S64:
	case NLA_MSECS:
		return 8;
	default:
		return 0;
	}
}

/*
 * The lenient parser only warns about an integer attribute longer than its
 * type; code that trusts the policy would then read part of it, or (for an
 * array) take the excess as more entries.  Refuse it at the door.
 */
static int ovs_genl_check_sizes(struct nlattr **attrs, int maxtype,
				const struct nla_policy *policy,
				struct netlink_ext_ack *extack)
{
	int size;
	int i;

	for (i = 0; i <= maxtype; i++) {
		if (!attrs[i])
			continue;
		size = ovs_genl_fixed_size(policy[i].type);
		if (size && nla_len(attrs[i]) != size) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[i],
					    "attribute has the wrong size for its type");
			return -EINVAL;
		}
	}
	return 0;
}

static int ovs_genl_parse_msg(const struct nlmsghdr *nlh, struct nlattr **attrs,
			      int maxtype, const struct nla_policy *policy,
			      struct netlink_ext_ack *extack)
{
	int err;

	err = nlmsg_parse_deprecated(nlh, GENL_HDRLEN + sizeof(struct ovs_header),
				     attrs, maxtype, policy, extack);
	if (err)
		return err;
	return ovs_genl_check_sizes(attrs, maxtype, policy, extack);
}

int ovs_genl_parse(const struct genl_info *info, struct nlattr **attrs,
		   int maxtype, const struct nla_policy *policy)
{
	return ovs_genl_parse_msg(info->nlhdr, attrs, maxtype, policy,
				  info->extack);
}

/*
 * A dump is parsed on each of its calls (the request stays the same, so
 * only the first can fail); the refusal's message ends the dump, in its
 * NLMSG_DONE.
 */
int ovs_genl_parse_dump(struct netlink_callback *cb, struct nlattr **attrs,
			int maxtype, const struct nla_policy *policy)
{
	return ovs_genl_parse_msg(cb->nlh, attrs, maxtype, policy,
				  ovs_netlink_cb_extack(cb));
}

void ovs_genl_notify(struct genl_family *family, struct sk_buff *skb,
		     struct genl_info *info)
{
	genl_notify(family, skb, info, 0, GFP_KERNEL);
}

static const struct ovs_genl_desc ovs_families[] = {
	{ &ovs_dp_genl_family, ovs_dp_policy, OVS_DP_ATTR_MAX },
	{ &ovs_vport_genl_family, ovs_vport_policy, OVS_VPORT_ATTR_MAX },
	{ &ovs_flow_genl_family, ovs_flow_policy, OVS_FLOW_ATTR_MAX },
	{ &ovs_packet_genl_family, ovs_packet_policy, OVS_PACKET_ATTR_MAX },
	{ &ovs_meter_genl_family, ovs_meter_policy, OVS_METER_ATTR_MAX },
#if IS_ENABLED(CONFIG_NETFILTER_CONNCOUNT)
	{ &ovs_ct_limit_genl_family, ovs_ct_limit_policy,
	  OVS_CT_LIMIT_ATTR_MAX },
#endif
};

const struct ovs_genl_desc *ovs_genl_families(unsigned int *n)
{
	*n = ARRAY_SIZE(ovs_families);
	return ovs_families;
}

int __init ovs_genl_register(void)
{
	int err;
	int i;

	for (i = 0; i < ARRAY_SIZE(ovs_families); i++) {
		err = genl_register_family(ovs_families[i].family);
		if (err)
			goto err_unregister_families;
	}
	return 0;

err_unregister_families:
	while (--i >= 0)
		genl_unregister_family(ovs_families[i].family);
	return err;
}

void ovs_genl_unregister(void)
{
	int i = ARRAY_SIZE(ovs_families);

	while (--i >= 0)
		genl_unregister_family(ovs_families[i].family);
}
