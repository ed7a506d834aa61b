// SPDX-License-Identifier: GPL-2.0-only
/*
 * The options became a flexible array member of ip_tunnel_info, counted
 * by options_len; before, they were the bytes after the struct.
 */
#include <net/ip_tunnels.h>

static __maybe_unused u8 *ovs_probe(struct ip_tunnel_info *info)
{
	return info->options;
}
