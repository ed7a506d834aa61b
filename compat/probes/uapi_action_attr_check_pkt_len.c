// SPDX-License-Identifier: GPL-2.0-only
/*
 * UAPI: OVS_ACTION_ATTR_CHECK_PKT_LEN (about 5.3);
 * compat supplies it before that.
 */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_ACTION_ATTR_CHECK_PKT_LEN +
	       OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL;
}
