// SPDX-License-Identifier: GPL-2.0-only
/* 6.10 turned ip_tunnel_key::tun_flags from __be16 TUNNEL_* bits into a bitmap. */
#include <net/ip_tunnels.h>

static __maybe_unused bool ovs_probe(const struct ip_tunnel_key *key)
{
	return test_bit(IP_TUNNEL_CSUM_BIT, key->tun_flags);
}
