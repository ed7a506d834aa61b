/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tunnel metadata (struct ip_tunnel_info) read and written the same way on
 * every kernel: its flags were __be16 TUNNEL_* bits before they became a
 * bitmap of IP_TUNNEL_*_BIT, its options accessor gained const, and its
 * options became a flexible array member.
 */
#ifndef OVS_COMPAT_TUNNEL_H
#define OVS_COMPAT_TUNNEL_H

#include <linux/bitops.h>
#include <linux/compiler.h>
#include <linux/string.h>
#include <linux/types.h>
#include <net/ip_tunnels.h>

#ifndef HAVE_IP_TUNNEL_FLAGS_BITMAP
/*
 * The bitmap kept the old flags' bit positions; these are the ones the
 * datapath uses, numbered as the bitmap's names are.
 */
enum {
	IP_TUNNEL_CSUM_BIT = 0,
	IP_TUNNEL_KEY_BIT = 2,
	IP_TUNNEL_DONT_FRAGMENT_BIT = 8,
	IP_TUNNEL_OAM_BIT = 9,
	IP_TUNNEL_CRIT_OPT_BIT = 10,
	IP_TUNNEL_GENEVE_OPT_BIT = 11,
	IP_TUNNEL_VXLAN_OPT_BIT = 12,
	IP_TUNNEL_ERSPAN_OPT_BIT = 14,
};
#endif

static inline bool ovs_tun_flag_test(const struct ip_tunnel_key *key,
				     unsigned int bit)
{
#ifdef HAVE_IP_TUNNEL_FLAGS_BITMAP
	return test_bit(bit, key->tun_flags);
#else
	return key->tun_flags & cpu_to_be16(BIT(bit));
#endif
}

static inline void ovs_tun_flag_set(struct ip_tunnel_key *key,
				    unsigned int bit)
{
#ifdef HAVE_IP_TUNNEL_FLAGS_BITMAP
	__set_bit(bit, key->tun_flags);
#else
	key->tun_flags |= cpu_to_be16(BIT(bit));
#endif
}

static inline const void *ovs_tun_info_opts(const struct ip_tunnel_info *info)
{
#ifdef HAVE_IP_TUNNEL_INFO_OPTS_CONST
	return ip_tunnel_info_opts(info);
#else
	/* The accessor only computes an address; it writes nothing. */
	return ip_tunnel_info_opts((struct ip_tunnel_info *)info);
#endif
}

/*
 * Sets the options of a tunnel_info that metadata_dst_alloc() sized for
 * them.  While the options are the bytes after the struct, FORTIFY_SOURCE
 * sizes a write there by the struct, the union member of metadata_dst it
 * is, and WARNs on the copy ("field-spanning write"): the destination is
 * hidden from it.  As a flexible array counted by options_len they are
 * checked against that count, so it is set first.
 */
static inline void ovs_tun_info_opts_set(struct ip_tunnel_info *info,
					 const void *from, u8 len)
{
	void *to;

	info->options_len = len;
#ifdef HAVE_IP_TUNNEL_INFO_OPTIONS_MEMBER
	to = info->options;
#else
	to = ip_tunnel_info_opts(info);
	OPTIMIZER_HIDE_VAR(to);
#endif
	memcpy(to, from, len);
}

#endif /* OVS_COMPAT_TUNNEL_H */
