// SPDX-License-Identifier: GPL-2.0-only
/*
 * UAPI: OVS_ACTION_ATTR_DROP (about 6.4);
 * compat supplies it before that.
 */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_ACTION_ATTR_DROP;
}
