// SPDX-License-Identifier: GPL-2.0-only
/*
 * psample as the psample action needs it: metadata passed by pointer,
 * with a user cookie and the rate read as a probability.
 * Whether psample is built at all is decided in ovs_compat_psample.h.
 */
#include <linux/skbuff.h>
#include <net/psample.h>

static __maybe_unused void ovs_probe(struct net *net,
				     const struct sk_buff *skb,
				     const u8 *cookie)
{
	struct psample_group group = { .net = net, .group_num = 1 };
	struct psample_metadata md = {
		.user_cookie = cookie,
		.user_cookie_len = 4,
		.rate_as_probability = 1,
		.in_ifindex = 1,
		.trunc_size = 64,
	};

	psample_sample_packet(&group, skb, U32_MAX, &md);
}
