// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tunnel metadata (struct ip_tunnel_info) as the nested OVS_TUNNEL_KEY_ATTR_*
 * attributes userspace reads: in an upcall's OVS_PACKET_ATTR_EGRESS_TUN_KEY
 * today, in a key's OVS_KEY_ATTR_TUNNEL once tunnel ports match on it.
 *
 * What appears follows the in-tree datapath, since ovs-vswitchd parses
 * both the same way: the id only with the key flag; the addresses of the
 * info's family, each only when set; TOS when set, TTL always; each flag
 * as a flag attribute; ports when set; options by the flag naming their
 * format.  A bridge-mode info (a VLAN-to-tunnel-id mapping, no endpoints)
 * is its id and the bridge flag, nothing else.
 */

#include <linux/in6.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/openvswitch.h>
#include <linux/skbuff.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/vxlan.h>

#include "flow_attr.h"
#include "flow_key.h"

size_t ovs_tun_attrs_size(void)
{
	return nla_total_size_64bit(sizeof(__be64))	/* ID */
		+ 2 * nla_total_size(sizeof(struct in6_addr)) /* SRC, DST */
		+ nla_total_size(sizeof(u8))		/* TOS */
		+ nla_total_size(sizeof(u8))		/* TTL */
		+ 3 * nla_total_size(0)		/* DONT_FRAGMENT, CSUM, OAM */
		+ 2 * nla_total_size(sizeof(__be16))	/* TP_SRC, TP_DST */
		/*
		 * One kind of options at most; geneve's raw bytes are the
		 * largest (options_len is a u8), larger than VXLAN's nest.
		 */
		+ nla_total_size(U8_MAX);
}

static int ovs_tun_put_flag(struct sk_buff *skb,
			    const struct ip_tunnel_key *key,
			    unsigned int bit, int attrtype)
{
	if (!ovs_tun_flag_test(key, bit))
		return 0;
	return nla_put_flag(skb, attrtype);
}

static int ovs_tun_put_addrs(struct sk_buff *skb,
			     const struct ip_tunnel_info *info)
{
	const struct ip_tunnel_key *key = &info->key;

	if (ip_tunnel_info_af(info) == AF_INET6) {
		if (!ipv6_addr_any(&key->u.ipv6.src) &&
		    nla_put_in6_addr(skb, OVS_TUNNEL_KEY_ATTR_IPV6_SRC,
				     &key->u.ipv6.src))
			return -EMSGSIZE;
		if (!ipv6_addr_any(&key->u.ipv6.dst) &&
		    nla_put_in6_addr(skb, OVS_TUNNEL_KEY_ATTR_IPV6_DST,
				     &key->u.ipv6.dst))
			return -EMSGSIZE;
		return 0;
	}
	if (key->u.ipv4.src &&
	    nla_put_in_addr(skb, OVS_TUNNEL_KEY_ATTR_IPV4_SRC, key->u.ipv4.src))
		return -EMSGSIZE;
	if (key->u.ipv4.dst &&
	    nla_put_in_addr(skb, OVS_TUNNEL_KEY_ATTR_IPV4_DST, key->u.ipv4.dst))
		return -EMSGSIZE;
	return 0;
}

static int ovs_tun_put_opts(struct sk_buff *skb,
			    const struct ip_tunnel_info *info)
{
	const struct ip_tunnel_key *key = &info->key;
	const void *opts = ovs_tun_info_opts(info);
	unsigned int len = info->options_len;
	struct nlattr *nest;

	if (!len)
		return 0;
	if (ovs_tun_flag_test(key, IP_TUNNEL_GENEVE_OPT_BIT))
		return nla_put(skb, OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, len, opts);
	if (ovs_tun_flag_test(key, IP_TUNNEL_ERSPAN_OPT_BIT))
		return nla_put(skb, OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS, len, opts);
	if (!ovs_tun_flag_test(key, IP_TUNNEL_VXLAN_OPT_BIT))
		return 0;
	/* Shorter VXLAN metadata would be read past its end. */
	if (len < sizeof(struct vxlan_metadata))
		return 0;
	nest = nla_nest_start_noflag(skb, OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, OVS_VXLAN_EXT_GBP,
			((const struct vxlan_metadata *)opts)->gbp)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ovs_tun_put(struct sk_buff *skb, const struct ip_tunnel_info *info)
{
	const struct ip_tunnel_key *key = &info->key;

	if (ovs_tun_flag_test(key, IP_TUNNEL_KEY_BIT) &&
	    nla_put_be64(skb, OVS_TUNNEL_KEY_ATTR_ID, key->tun_id,
			 OVS_TUNNEL_KEY_ATTR_PAD))
		return -EMSGSIZE;
	if (info->mode & IP_TUNNEL_INFO_BRIDGE)
		return nla_put_flag(skb, OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE);

	if (ovs_tun_put_addrs(skb, info))
		return -EMSGSIZE;
	if (key->tos && nla_put_u8(skb, OVS_TUNNEL_KEY_ATTR_TOS, key->tos))
		return -EMSGSIZE;
	if (nla_put_u8(skb, OVS_TUNNEL_KEY_ATTR_TTL, key->ttl))
		return -EMSGSIZE;
	if (ovs_tun_put_flag(skb, key, IP_TUNNEL_DONT_FRAGMENT_BIT,
			     OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT) ||
	    ovs_tun_put_flag(skb, key, IP_TUNNEL_CSUM_BIT,
			     OVS_TUNNEL_KEY_ATTR_CSUM))
		return -EMSGSIZE;
	if (key->tp_src &&
	    nla_put_be16(skb, OVS_TUNNEL_KEY_ATTR_TP_SRC, key->tp_src))
		return -EMSGSIZE;
	if (key->tp_dst &&
	    nla_put_be16(skb, OVS_TUNNEL_KEY_ATTR_TP_DST, key->tp_dst))
		return -EMSGSIZE;
	if (ovs_tun_put_flag(skb, key, IP_TUNNEL_OAM_BIT,
			     OVS_TUNNEL_KEY_ATTR_OAM))
		return -EMSGSIZE;
	return ovs_tun_put_opts(skb, info);
}

int ovs_tun_info_to_attrs(const struct ip_tunnel_info *info, int attrtype,
			  struct sk_buff *skb)
{
	struct nlattr *nest;
	int err;

	nest = nla_nest_start_noflag(skb, attrtype);
	if (!nest)
		return -EMSGSIZE;
	err = ovs_tun_put(skb, info);
	if (err) {
		/* Nothing half-written stays behind for the caller. */
		nla_nest_cancel(skb, nest);
		return err;
	}
	nla_nest_end(skb, nest);
	return 0;
}
