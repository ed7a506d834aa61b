/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared generic-netlink plumbing of the four datapath families.
 */
#ifndef OVS_GENL_H
#define OVS_GENL_H

#include <net/genetlink.h>

/*
 * Each family validates its own attributes against its policy as the first
 * step of every command, the same way on every kernel: the genetlink core's
 * policy hooks moved three times between 4.19 and 6.2.  Parsing is lenient
 * about unknown attribute types, as the in-tree datapath is, so that newer
 * userspace keeps working; integer attributes must have exactly their size.
 */
int ovs_genl_parse(const struct genl_info *info, struct nlattr **attrs,
		   int maxtype, const struct nla_policy *policy);
int ovs_genl_parse_dump(struct netlink_callback *cb, struct nlattr **attrs,
			int maxtype, const struct nla_policy *policy);

/* Reply to the requester (if it asked for an echo) and tell the group. */
void ovs_genl_notify(struct genl_family *family, struct sk_buff *skb,
		     struct genl_info *info);

int ovs_genl_register(void);
void ovs_genl_unregister(void);

extern struct genl_family ovs_flow_genl_family;
extern struct genl_family ovs_packet_genl_family;

#endif /* OVS_GENL_H */
