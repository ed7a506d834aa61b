// SPDX-License-Identifier: GPL-2.0-only
/*
 * The psample action: a copy of the packet, with the flow's cookie, to the
 * psample group of the datapath's namespace, for observers such as
 * ovs-sample or tc-style samplers.
 *
 * Its arguments are checked the same way on every kernel, so that a bad
 * action is told apart from one this kernel cannot run; only then is the
 * action refused where psample lacks cookies (ovs_compat_psample.h).
 * What the check accepts matches the in-tree datapath: a repeated
 * attribute is allowed and the last one counts.
 */

#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/skbuff.h>
#include <net/netlink.h>

#include "actions_check.h"
#include "actions_exec.h"
#include "datapath.h"
#include "vport.h"

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

void ovs_exec_psample(struct ovs_exec_ctx *ctx, const struct sk_buff *skb,
		      const struct nlattr *attr)
{
	const struct ovs_vport *input = OVS_CB(skb)->input_vport;
	u32 cut = OVS_CB(skb)->cutlen;
	struct ovs_psample ps = {
		.net = ovs_dp_net(ctx->dp),
		.in_ifindex = input ? input->dev->ifindex : 0,
		/* A pending trunc shortens the sample as it would the output. */
		.trunc_size = cut ? min(cut, skb->len) : skb->len,
		/* Outside any sample action every packet is taken. */
		.probability = OVS_CB(skb)->probability ?: U32_MAX,
	};
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		if (nla_type(a) == OVS_PSAMPLE_ATTR_GROUP) {
			ps.group = nla_get_u32(a);
		} else {
			ps.cookie = nla_data(a);
			ps.cookie_len = nla_len(a);
		}
	}
	ovs_psample_send(skb, &ps);
}
