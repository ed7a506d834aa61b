// SPDX-License-Identifier: GPL-2.0-only
/* UAPI: OVS_DP_ATTR_PER_CPU_PIDS (about 5.15); compat supplies the number before that. */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_DP_ATTR_PER_CPU_PIDS;
}
