/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What refragmenting a packet on output needs from the route and IP
 * layers, under the names the newest kernels give it.
 */
#ifndef OVS_COMPAT_FRAG_H
#define OVS_COMPAT_FRAG_H

#include <linux/errno.h>
#include <linux/if_vlan.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/ip6_route.h>
#if defined(HAVE_IPV6_STUB_IPV6_FRAGMENT)
#include <net/ipv6_stubs.h>
#elif defined(HAVE_NF_IPV6_OPS_FRAGMENT)
#include <linux/netfilter_ipv6.h>
#endif

#ifndef HAVE_DST_INIT_WITHOUT_REF
/* The one reference newer kernels start every route entry with. */
#define dst_init(dst, ops, dev, obsolete, flags) \
	dst_init(dst, ops, dev, 1, obsolete, flags)
#endif

#ifndef HAVE_VLAN_HWACCEL_CLEAR_TAG
/* The tag's present bit lived in vlan_tci itself. */
static inline void __vlan_hwaccel_clear_tag(struct sk_buff *skb)
{
	skb->vlan_tci = 0;
}
#endif

/*
 * ip6_fragment() is exported only by kernels whose IPv6 cannot be a
 * module (their header also supplies it when IPv6 is off).  Elsewhere it
 * is reached through a table IPv6 fills in when it loads; until then the
 * table's entry, or our fallback, drops the packet with EAFNOSUPPORT.
 * Both consume skb, as ip6_fragment() does.
 */
#if defined(HAVE_IPV6_STUB_IPV6_FRAGMENT)
static inline int
ovs_compat_ip6_fragment(struct net *net, struct sock *sk, struct sk_buff *skb,
			int (*output)(struct net *, struct sock *,
				      struct sk_buff *))
{
	return ipv6_stub->ipv6_fragment(net, sk, skb, output);
}

#define ip6_fragment ovs_compat_ip6_fragment
#elif defined(HAVE_NF_IPV6_OPS_FRAGMENT)
static inline int
ovs_compat_ip6_fragment(struct net *net, struct sock *sk, struct sk_buff *skb,
			int (*output)(struct net *, struct sock *,
				      struct sk_buff *))
{
	const struct nf_ipv6_ops *ops = nf_get_ipv6_ops();

	if (!ops) {
		kfree_skb(skb);
		return -EAFNOSUPPORT;
	}
	return ops->fragment(net, sk, skb, output);
}

#define ip6_fragment ovs_compat_ip6_fragment
#endif

#endif /* OVS_COMPAT_FRAG_H */
