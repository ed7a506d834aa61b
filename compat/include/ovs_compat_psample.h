/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The psample action (OVS_ACTION_ATTR_PSAMPLE) where the kernel can carry
 * it: psample with user cookies and probabilities (the probe), built in or
 * as a module this one can depend on.  Elsewhere the action is refused at
 * install time, and ovs_psample_send() is never reached.
 */
#ifndef OVS_COMPAT_PSAMPLE_H
#define OVS_COMPAT_PSAMPLE_H

#include <linux/kconfig.h>
#include <linux/skbuff.h>
#include <linux/types.h>

#if defined(HAVE_PSAMPLE_USER_COOKIE) && IS_REACHABLE(CONFIG_PSAMPLE)
#define OVS_PSAMPLE_SUPPORTED	1
#include <net/psample.h>
#else
#define OVS_PSAMPLE_SUPPORTED	0
#endif

/* One sample, as the datapath describes it to psample. */
struct ovs_psample {
	struct net *net;		/* whose psample listeners get it */
	u32 group;
	const u8 *cookie;		/* NULL or cookie_len bytes */
	u32 cookie_len;
	int in_ifindex;
	u32 trunc_size;			/* bytes of the packet to send */
	u32 probability;		/* sampled with probability / U32_MAX */
};

static inline bool ovs_psample_supported(void)
{
	return OVS_PSAMPLE_SUPPORTED;
}

static inline void ovs_psample_send(const struct sk_buff *skb,
				    const struct ovs_psample *ps)
{
#if OVS_PSAMPLE_SUPPORTED
	/* psample keeps neither: both may live on the stack. */
	struct psample_group group = {
		.net = ps->net,
		.group_num = ps->group,
	};
	struct psample_metadata md = {
		.trunc_size = ps->trunc_size,
		.in_ifindex = ps->in_ifindex,
		.rate_as_probability = 1,
		.user_cookie = ps->cookie,
		.user_cookie_len = ps->cookie_len,
	};

	psample_sample_packet(&group, skb, ps->probability, &md);
#endif
}

#endif /* OVS_COMPAT_PSAMPLE_H */
