/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nf_conncount as the newest kernels shape it, for linux/ct_limit.c: the
 * counting data made without an address family, and a count that reads
 * the connection from the skb.
 */
#ifndef OVS_COMPAT_CONNCOUNT_H
#define OVS_COMPAT_CONNCOUNT_H

#include <linux/kconfig.h>

#if IS_ENABLED(CONFIG_NETFILTER_CONNCOUNT)
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_count.h>
#include <net/netfilter/nf_conntrack_zones.h>

#ifdef HAVE_NF_CONNCOUNT_INIT_FAMILY
/*
 * The family asks for conntrack's hooks in the namespace; either family
 * would do for the datapath, which calls nf_conntrack itself: both, as the
 * in-tree module of these kernels asks.
 */
#define nf_conncount_init(net, keylen)					\
	nf_conncount_init(net, NFPROTO_INET, keylen)
#define nf_conncount_destroy(net, data)					\
	nf_conncount_destroy(net, NFPROTO_INET, data)
#endif

#ifndef HAVE_NF_CONNCOUNT_COUNT_SKB
/*
 * The older count takes the connection's original tuple and zone, or
 * neither to count without adding; a template is no connection yet.
 */
static inline unsigned int nf_conncount_count_skb(struct net *net,
						  const struct sk_buff *skb,
						  u16 l3num,
						  struct nf_conncount_data *data,
						  const u32 *key)
{
	const struct nf_conntrack_tuple *tuple = NULL;
	const struct nf_conntrack_zone *zone = NULL;
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct;

	ct = skb ? nf_ct_get(skb, &ctinfo) : NULL;
	if (ct && !nf_ct_is_template(ct)) {
		tuple = &ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
		zone = nf_ct_zone(ct);
	}
	return nf_conncount_count(net, data, key, tuple, zone);
}
#endif

#endif /* CONFIG_NETFILTER_CONNCOUNT */

#endif /* OVS_COMPAT_CONNCOUNT_H */
