// SPDX-License-Identifier: GPL-2.0-only
/*
 * UAPI: OVS_KEY_ATTR_PACKET_TYPE and ND_EXTENSIONS (about 4.20);
 * compat supplies it before that.
 */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_KEY_ATTR_PACKET_TYPE + OVS_KEY_ATTR_ND_EXTENSIONS;
}
