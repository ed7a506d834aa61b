// SPDX-License-Identifier: GPL-2.0-only
/*
 * UAPI: OVS_ACTION_ATTR_ADD_MPLS and struct ovs_action_add_mpls (about 5.10);
 * compat supplies it before that.
 */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_ACTION_ATTR_ADD_MPLS +
	       sizeof(struct ovs_action_add_mpls) +
	       OVS_MPLS_L3_TUNNEL_FLAG_MASK;
}
