// SPDX-License-Identifier: GPL-2.0-only
/*
 * UAPI: OVS_HASH_ALG_SYM_L4 (about 6.4);
 * compat supplies it before that.
 */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_HASH_ALG_SYM_L4;
}
