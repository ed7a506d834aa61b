// SPDX-License-Identifier: GPL-2.0-only
/*
 * Generic netlink plumbing shared by the datapath families, and the order
 * in which they come and go.
 */

#include <linux/module.h>
#include <net/genetlink.h>

#include "datapath.h"
#include "genl.h"
#include "vport.h"

int ovs_genl_parse(const struct genl_info *info, struct nlattr **attrs,
		   int maxtype, const struct nla_policy *policy)
{
	return nlmsg_parse_deprecated(info->nlhdr,
				      GENL_HDRLEN + sizeof(struct ovs_header),
				      attrs, maxtype, policy, info->extack);
}

int ovs_genl_parse_dump(struct netlink_callback *cb, struct nlattr **attrs,
			int maxtype, const struct nla_policy *policy)
{
	return nlmsg_parse_deprecated(cb->nlh,
				      GENL_HDRLEN + sizeof(struct ovs_header),
				      attrs, maxtype, policy, NULL);
}

void ovs_genl_notify(struct genl_family *family, struct sk_buff *skb,
		     struct genl_info *info)
{
	genl_notify(family, skb, info, 0, GFP_KERNEL);
}

static struct genl_family * const ovs_families[] = {
	&ovs_dp_genl_family,
	&ovs_vport_genl_family,
	&ovs_flow_genl_family,
	&ovs_packet_genl_family,
};

int ovs_genl_register(void)
{
	int err;
	int i;

	for (i = 0; i < ARRAY_SIZE(ovs_families); i++) {
		err = genl_register_family(ovs_families[i]);
		if (err)
			goto err_unregister_families;
	}
	return 0;

err_unregister_families:
	while (--i >= 0)
		genl_unregister_family(ovs_families[i]);
	return err;
}

void ovs_genl_unregister(void)
{
	int i = ARRAY_SIZE(ovs_families);

	while (--i >= 0)
		genl_unregister_family(ovs_families[i]);
}

/* Lets "genl ctrl" lookups and ovs-vswitchd autoload this module. */
MODULE_ALIAS_GENL_FAMILY(OVS_DATAPATH_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_VPORT_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_FLOW_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_PACKET_FAMILY);
