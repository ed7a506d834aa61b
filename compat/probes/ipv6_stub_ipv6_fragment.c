// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipv6_stub->ipv6_fragment (5.x, 6.x): IPv6 fragmentation reachable when
 * IPv6 is a module, or absent.  Kernels where IPv6 can only be built in
 * dropped the stub and export ip6_fragment() itself.
 */
#include <linux/skbuff.h>
#include <net/ipv6_stubs.h>

static __maybe_unused int
ovs_probe(struct net *net, struct sk_buff *skb,
	  int (*output)(struct net *, struct sock *, struct sk_buff *))
{
	return ipv6_stub->ipv6_fragment(net, NULL, skb, output);
}
