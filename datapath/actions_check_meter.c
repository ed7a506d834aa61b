// SPDX-License-Identifier: GPL-2.0-only
/*
 * The meter action's check (running it is meter.c's).
 *
 * As in-tree, the meter need not exist when the flow is installed: a flow
 * may name a meter userspace sets later, or one it deleted, and such a
 * meter lets every packet through until it exists.
 */

#include <linux/openvswitch.h>
#include <net/netlink.h>

#include "actions_check.h"

int ovs_acts_check_meter(struct ovs_acts_ctx *c, const struct nlattr *a)
{
	if (nla_len(a) != sizeof(u32))
		return ovs_acts_refuse(c, a, "meter action is not a u32 meter id");
	return ovs_acts_copy_attr(c, a);
}
