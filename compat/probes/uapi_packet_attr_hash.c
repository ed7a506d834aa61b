// SPDX-License-Identifier: GPL-2.0-only
/* UAPI: OVS_PACKET_ATTR_HASH (about 5.1); compat supplies the number before that. */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_PACKET_ATTR_HASH;
}
