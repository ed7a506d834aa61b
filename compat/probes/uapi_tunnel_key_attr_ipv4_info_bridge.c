// SPDX-License-Identifier: GPL-2.0-only
/*
 * UAPI: OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE (about 5.3);
 * compat supplies it before that.
 */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE;
}
