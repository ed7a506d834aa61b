// SPDX-License-Identifier: GPL-2.0-only
/*
 * UAPI: OVS_CT_ATTR_TIMEOUT, a ct() timeout policy by name (5.3);
 * compat supplies it before that.
 */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_CT_ATTR_TIMEOUT;
}
