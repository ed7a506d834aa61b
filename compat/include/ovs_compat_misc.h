/* SPDX-License-Identifier: GPL-2.0-only */
/* Core helpers newer than some supported kernels. */
#ifndef OVS_COMPAT_MISC_H
#define OVS_COMPAT_MISC_H

#include <linux/overflow.h>
#include <linux/rculist.h>
#include <linux/u64_stats_sync.h>

#ifndef HAVE_STRUCT_SIZE
/* Callers bound n by a netlink attribute length, far below overflow. */
#define struct_size(p, member, n) \
	(sizeof(*(p)) + (size_t)(n) * sizeof(*(p)->member))
#endif

#ifndef HAVE_U64_STATS_T
/* 64-bit only: the datapath builds for x86_64, where u64 stores are atomic. */
typedef struct {
	u64 v;
} u64_stats_t;

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

#ifndef HAVE_HLIST_RCU_LOCKDEP_COND
/* Accept and ignore the lockdep condition older kernels cannot check. */
#undef hlist_for_each_entry_rcu
#define hlist_for_each_entry_rcu(pos, head, member, cond...)		\
	for (pos = hlist_entry_safe(rcu_dereference_raw(hlist_first_rcu(head)), \
				    typeof(*(pos)), member);		\
	     pos;							\
	     pos = hlist_entry_safe(rcu_dereference_raw(hlist_next_rcu(&(pos)->member)), \
				    typeof(*(pos)), member))
#endif

#endif /* OVS_COMPAT_MISC_H */
