// SPDX-License-Identifier: GPL-2.0-only
/*
 * The psample action's check (running it is linux/psample_send.c's).
 *
 * Its arguments are checked the same way on every kernel, so that a bad
 * action is told apart from one this kernel cannot run; only then is the
 * action refused where psample lacks cookies (ovs_compat_psample.h).
 * What the check accepts matches the in-tree datapath: a repeated
 * attribute is allowed and the last one counts.
 */

#include <linux/kernel.h>
#include <linux/openvswitch.h>
#include <net/netlink.h>

#include "actions_check.h"

int ovs_acts_check_psample(struct ovs_acts_ctx *c, const struct nlattr *a)
{
	const struct nlattr *n, *group = NULL;
	int rem;

	nla_for_each_nested(n, a, rem) {
		/* Strict netlink parsing refuses the flag on a plain value. */
		if (n->nla_type & NLA_F_NESTED)
			return ovs_acts_refuse(c, n,
					       "psample attribute wrongly flagged as nested");
		switch (nla_type(n)) {
		case OVS_PSAMPLE_ATTR_GROUP:
			if (nla_len(n) != sizeof(u32))
				return ovs_acts_refuse(c, n,
						       "psample group is not a u32");
			group = n;
			break;
		case OVS_PSAMPLE_ATTR_COOKIE:
			if (nla_len(n) > OVS_PSAMPLE_COOKIE_MAX_SIZE)
				return ovs_acts_refuse(c, n,
						       "psample cookie longer than 16 bytes");
			break;
		default:
			return ovs_acts_refuse(c, n, "unknown psample attribute");
		}
	}
	if (rem > 0)
		return ovs_acts_refuse(c, a,
				       "trailing bytes in psample's attributes");
	if (!group)
		return ovs_acts_refuse(c, a, "psample needs a group");
	if (!ovs_psample_supported())
		return ovs_acts_refuse(c, a,
				       "psample action not supported by this kernel's psample");
	return ovs_acts_copy_attr(c, a);
}
