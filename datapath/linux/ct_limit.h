/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Conntrack zone limits (linux/ct_limit.c): each namespace's limits, per
 * zone and by default, and the count of each limited zone's connections
 * that nf_conncount keeps.  genl_ct_limit.c sets and reads them; a ct()
 * commit asks whether a new connection fits.  Without
 * CONFIG_NETFILTER_CONNCOUNT there are none and the ovs_ct_limit family
 * is not registered, as in-tree.
 */
#ifndef OVS_LINUX_CT_LIMIT_H
#define OVS_LINUX_CT_LIMIT_H

#include <linux/kconfig.h>
#include <linux/openvswitch.h>
#include <linux/types.h>

struct net;
struct sk_buff;

/*
 * A zone limit as the ovs_ct_limit family carries it: zone_id is
 * OVS_ZONE_LIMIT_DEFAULT_ZONE or 0..65535 (the family checks that), limit
 * 0 means no limit, and count is what is reported back.
 */
typedef int (*ovs_ct_limit_put_t)(const struct ovs_zone_limit *zl, void *arg);

#if IS_ENABLED(CONFIG_NETFILTER_CONNCOUNT)

/*
 * At the commit of skb's connection, new in zone (family: NFPROTO_IPV4
 * or _IPV6): counts it in its zone, and -ENOMEM if that makes one more
 * than the zone's limit, as in-tree answers.  Under RCU.
 */
int ovs_ct_limit_check(struct net *net, const struct sk_buff *skb, u16 zone,
		       u8 family);

/*
 * Under ovs_lock.  Set applies all n records or none (-ENOMEM, or
 * nf_conncount's error the first time a namespace sets a limit); del
 * removes zones' limits and puts the default back to "no limit".
 */
int ovs_ct_limit_set(struct net *net, const struct ovs_zone_limit *zl,
		     unsigned int n);
void ovs_ct_limit_del(struct net *net, const struct ovs_zone_limit *zl,
		      unsigned int n);

/*
 * Under ovs_lock.  How many records a full read gives (the default and
 * each zone with a limit of its own); fill one record's limit and count
 * (the default's count is 0, as in-tree); put each of them in turn, the
 * default first, stopping at put's first error.
 */
unsigned int ovs_ct_limit_n_records(struct net *net);
void ovs_ct_limit_read(struct net *net, struct ovs_zone_limit *zl);
int ovs_ct_limit_read_all(struct net *net, ovs_ct_limit_put_t put, void *arg);

int ovs_ct_limit_register(void);
void ovs_ct_limit_unregister(void);

#else /* !CONFIG_NETFILTER_CONNCOUNT */

static inline int ovs_ct_limit_check(struct net *net,
				     const struct sk_buff *skb, u16 zone,
				     u8 family)
{
	return 0;
}

static inline int ovs_ct_limit_register(void)
{
	return 0;
}

static inline void ovs_ct_limit_unregister(void)
{
}

#endif /* CONFIG_NETFILTER_CONNCOUNT */

#endif /* OVS_LINUX_CT_LIMIT_H */
