/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The generic netlink families userspace drives the datapath with, one
 * file each (genl_datapath.c, genl_vport.c, genl_flow.c, genl_packet.c,
 * genl_meter.c, genl_ct_limit.c; upcalls, which travel on ovs_packet, are upcall.c's), and
 * the plumbing they share (genl.c).
 */
#ifndef OVS_GENL_H
#define OVS_GENL_H

#include <linux/openvswitch.h>
#include <net/genetlink.h>

struct ovs_portids;
struct ovs_vport;

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

/*
 * A family the module registers and the policy its commands parse their
 * attributes with.  The genetlink core is not given the policy (see
 * ovs_genl_parse()), so the table of these that registration walks is the
 * one place that pairs the two: code that must cover every command of
 * every family, such as the netlink fuzz suite, finds them all here.
 */
struct ovs_genl_desc {
	struct genl_family *family;
	const struct nla_policy *policy;
	int maxattr;
};

/* The families in registration order; *n is set to their number. */
const struct ovs_genl_desc *ovs_genl_families(unsigned int *n);

int ovs_genl_register(void);
void ovs_genl_unregister(void);

/* genl_datapath.c: the ovs_datapath family and its door checks. */
extern const struct nla_policy ovs_dp_policy[OVS_DP_ATTR_MAX + 1];
extern struct genl_family ovs_dp_genl_family;
/* ovs_genl_parse() with ovs_dp_policy, and the ranges in-tree's checks. */
int ovs_dp_parse(const struct genl_info *info, struct nlattr **a);
int ovs_dp_check_user_features(u32 features, struct netlink_ext_ack *extack);
int ovs_dp_check_masks_cache_size(u32 size, struct netlink_ext_ack *extack);
int ovs_dp_check_per_cpu_pids(const struct nlattr *attr,
			      struct netlink_ext_ack *extack);
struct ovs_portids *ovs_portids_from_attr(const struct nlattr *attr, gfp_t gfp);

/* genl_vport.c: the ovs_vport family. */
extern const struct nla_policy ovs_vport_policy[OVS_VPORT_ATTR_MAX + 1];
extern struct genl_family ovs_vport_genl_family;
/* Tells the ovs_vport group of the datapath's namespace; under ovs_lock. */
void ovs_vport_notify(struct ovs_vport *vport, u8 cmd);

/* genl_flow.c: the ovs_flow family. */
extern const struct nla_policy ovs_flow_policy[OVS_FLOW_ATTR_MAX + 1];
extern struct genl_family ovs_flow_genl_family;

/* genl_packet.c: the ovs_packet family (its execute command). */
extern const struct nla_policy ovs_packet_policy[OVS_PACKET_ATTR_MAX + 1];
extern struct genl_family ovs_packet_genl_family;

/* genl_meter.c: the ovs_meter family. */
extern const struct nla_policy ovs_meter_policy[OVS_METER_ATTR_MAX + 1];
extern struct genl_family ovs_meter_genl_family;

/* genl_ct_limit.c: the ovs_ct_limit family, where nf_conncount is. */
extern const struct nla_policy ovs_ct_limit_policy[OVS_CT_LIMIT_ATTR_MAX + 1];
extern struct genl_family ovs_ct_limit_genl_family;

#endif /* OVS_GENL_H */
