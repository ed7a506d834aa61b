// SPDX-License-Identifier: GPL-2.0-only
/*
 * UAPI: OVS_ACTION_ATTR_PSAMPLE (about 6.11);
 * compat supplies it before that.
 */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_ACTION_ATTR_PSAMPLE +
	       OVS_PSAMPLE_ATTR_COOKIE +
	       OVS_PSAMPLE_COOKIE_MAX_SIZE;
}
