// SPDX-License-Identifier: GPL-2.0-only
/* UAPI: OVS_VPORT_ATTR_UPCALL_STATS (about 6.2); compat supplies the number before that. */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_VPORT_ATTR_UPCALL_STATS;
}
