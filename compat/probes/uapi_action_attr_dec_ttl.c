// SPDX-License-Identifier: GPL-2.0-only
/*
 * UAPI: OVS_ACTION_ATTR_DEC_TTL (about 5.10);
 * compat supplies it before that.
 */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_ACTION_ATTR_DEC_TTL + OVS_DEC_TTL_ATTR_ACTION;
}
