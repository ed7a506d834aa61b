// SPDX-License-Identifier: GPL-2.0-only
/*
 * UAPI: OVS_KEY_ATTR_IPV6_EXTHDRS and struct ovs_key_ipv6_exthdrs (about 6.9);
 * compat supplies it before that.
 */
#include <linux/openvswitch.h>

static __maybe_unused int ovs_probe(void)
{
	return OVS_KEY_ATTR_IPV6_EXTHDRS + sizeof(struct ovs_key_ipv6_exthdrs);
}
