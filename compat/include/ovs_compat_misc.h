/* SPDX-License-Identifier: GPL-2.0-only */
/* Core helpers newer than some supported kernels. */
#ifndef OVS_COMPAT_MISC_H
#define OVS_COMPAT_MISC_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/u64_stats_sync.h>

#ifdef HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#ifndef HAVE_SKB_CLEAR_TSTAMP
/*
 * Without the skb's clock bit a departure time cannot be told from a
 * receive time stamp: forwarded packets leave with neither, as the
 * in-tree datapath's stable releases for these kernels send them.
 */
static inline void skb_clear_tstamp(struct sk_buff *skb)
{
	skb->tstamp = 0;
}
#endif

/*
 * Kernels before stack auto-initialisation have no use for the opt-out:
 * their stack variables are not cleared.
 */
#ifndef __uninitialized
#define __uninitialized
#endif

#ifndef HAVE_U64_STATS_T
/* 64-bit only: the datapath builds for x86_64, where u64 stores are atomic. */
struct ovs_compat_u64_stats {
	u64 v;
};

#define u64_stats_t struct ovs_compat_u64_stats

static inline u64 u64_stats_read(const u64_stats_t *p)
{
	return READ_ONCE(p->v);
}

static inline void u64_stats_add(u64_stats_t *p, unsigned long val)
{
	WRITE_ONCE(p->v, p->v + val);
}

static inline void u64_stats_inc(u64_stats_t *p)
{
	WRITE_ONCE(p->v, p->v + 1);
}
#endif

#endif /* OVS_COMPAT_MISC_H */
