// SPDX-License-Identifier: GPL-2.0-only
/*
 * nf_ipv6_ops->fragment: how code outside IPv6 reached ip6_fragment()
 * before ipv6_stub had it (4.19).
 */
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>

static __maybe_unused int
ovs_probe(struct net *net, struct sk_buff *skb,
	  int (*output)(struct net *, struct sock *, struct sk_buff *))
{
	const struct nf_ipv6_ops *ops = nf_get_ipv6_ops();

	return ops->fragment(net, NULL, skb, output);
}
