// SPDX-License-Identifier: GPL-2.0-only
/*
 * ip_tunnel_info_opts() takes a const ip_tunnel_info since the options
 * became a flexible array (about 6.11); before, it dropped the const.
 */
#include <net/ip_tunnels.h>

static __maybe_unused const void *ovs_probe(const struct ip_tunnel_info *info)
{
	return ip_tunnel_info_opts(info);
}
