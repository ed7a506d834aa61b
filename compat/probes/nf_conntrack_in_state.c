// SPDX-License-Identifier: GPL-2.0-only
/* nf_conntrack_in(skb, state) (4.20); before, net, pf and hook apart. */
#include <linux/netfilter.h>
#include <net/netfilter/nf_conntrack_core.h>

static __maybe_unused unsigned int ovs_probe(struct sk_buff *skb,
					     const struct nf_hook_state *state)
{
	return nf_conntrack_in(skb, state);
}
