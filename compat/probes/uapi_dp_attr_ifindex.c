// SPDX-License-Identifier: GPL-2.0-only
/* UAPI: OVS_DP_ATTR_IFINDEX (about 6.2); compat supplies the number before that. */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_DP_ATTR_IFINDEX;
}
