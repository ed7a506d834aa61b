// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running the psample action: a copy of the packet, with the flow's
 * cookie, to the psample group of the datapath's namespace, for observers
 * such as ovs-sample or tc-style samplers.  The arguments were checked at
 * install time (actions_check_psample.c); where the kernel's psample lacks
 * cookies the action never gets this far (ovs_compat_psample.h).
 */

#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/skbuff.h>
#include <net/netlink.h>

#include "actions_exec.h"
#include "datapath.h"
#include "linux/psample_send.h"
#include "vport.h"

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
