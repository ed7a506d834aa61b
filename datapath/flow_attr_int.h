/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the OVS_KEY_ATTR_* code: flow_attr.c parses, flow_attr_check.c
 * checks key and mask against each other, flow_attr_put.c writes.  Not for
 * other users: flow_attr.h is the interface.
 */
#ifndef OVS_FLOW_ATTR_INT_H
#define OVS_FLOW_ATTR_INT_H

#include <linux/bits.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/types.h>

#include "flow_attr.h"

#define OVS_KEY_BIT(type)	BIT_ULL(OVS_KEY_ATTR_##type)

/*
 * Attributes that only belong in a key whose ethertype or IP protocol calls
 * for them, and in a mask only where the mask matches that ethertype or
 * protocol exactly.
 */
#define OVS_KEY_ATTRS_L3L4 (OVS_KEY_BIT(IPV4) | OVS_KEY_BIT(IPV6) |	\
			    OVS_KEY_BIT(TCP) | OVS_KEY_BIT(TCP_FLAGS) |	\
			    OVS_KEY_BIT(UDP) | OVS_KEY_BIT(SCTP) |		\
			    OVS_KEY_BIT(ICMP) | OVS_KEY_BIT(ICMPV6) |	\
			    OVS_KEY_BIT(ARP) | OVS_KEY_BIT(ND) |		\
			    OVS_KEY_BIT(MPLS) | OVS_KEY_BIT(NSH) |		\
			    OVS_KEY_BIT(CT_ORIG_TUPLE_IPV4) |		\
			    OVS_KEY_BIT(CT_ORIG_TUPLE_IPV6))

/*
 * Sets the extack message (and logs it unless log is false: feature probes
 * expect failures) and returns -EINVAL.  msg must be a literal.
 */
#define OVS_ATTR_ERR(extack, log, nla, msg)				\
	ovs_attr_fail(extack, log, nla, OVS_ATTR_PREFIX msg)
/* What every such message starts with. */
#define OVS_ATTR_PREFIX		KBUILD_MODNAME ": "

int ovs_attr_fail(struct netlink_ext_ack *extack, bool log,
		  const struct nlattr *nla, const char *msg);

/* flow_attr_check.c */

/* Whether attribute type describes a part of the packet key has. */
bool ovs_key_attr_applies(const struct ovs_key *key, int type);

/*
 * The in-tree datapath's consistency rules: the key must carry what its
 * ethertype and IP protocol call for, and the mask may only hold what the
 * key allows.  key_attrs and mask_attrs: OVS_KEY_ATTR_* bits present (a
 * mask's all-zero attributes not counted).  mask may be NULL.
 */
int ovs_key_attrs_check(const struct ovs_key *key, const struct ovs_key *mask,
			u64 key_attrs, u64 mask_attrs, bool log,
			struct netlink_ext_ack *extack);

void ovs_key_mask_range(const struct ovs_key *mask,
			struct ovs_key_range *range);

#endif /* OVS_FLOW_ATTR_INT_H */
