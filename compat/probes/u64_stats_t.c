// SPDX-License-Identifier: GPL-2.0-only
/* 5.5 added u64_stats_t and its accessors. */
#include <linux/u64_stats_sync.h>

static __maybe_unused u64 ovs_probe(u64_stats_t *p)
{
	u64_stats_inc(p);
	return u64_stats_read(p);
}
