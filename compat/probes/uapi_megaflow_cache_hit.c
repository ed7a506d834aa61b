// SPDX-License-Identifier: GPL-2.0-only
/* UAPI: ovs_dp_megaflow_stats::n_cache_hit (5.9) was pad1 before. */
#include <linux/openvswitch.h>

static __maybe_unused void ovs_probe(struct ovs_dp_megaflow_stats *m)
{
	m->n_cache_hit = 1;
}
