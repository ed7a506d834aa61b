// SPDX-License-Identifier: GPL-2.0-only
/*
 * ip_tunnel_info_opts() became a _Generic macro that keeps a const
 * ip_tunnel_info const; before, it was a function that dropped the const.
 */
#include <net/ip_tunnels.h>

static __maybe_unused const void *ovs_probe(const struct ip_tunnel_info *info)
{
	return ip_tunnel_info_opts(info);
}
