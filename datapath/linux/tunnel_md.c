// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tunnel devices ovs-vswitchd creates in metadata mode (vxlan, geneve,
 * gretap, ip6gretap, erspan, ip6erspan, and the L3 gre, VXLAN-GPE and
 * bareudp) hand up each packet with a metadata dst holding the outer
 * headers (struct ip_tunnel_info, mode RX), and encapsulate what they are
 * given by the transmit metadata dst on it (mode TX).
 *
 * The datapath keeps tunnels in its own layout (struct ovs_key_tun), the
 * same on every kernel; the flag bits and the options accessor that
 * changed are compat/'s (ovs_compat_tunnel.h).
 *
 * set(tunnel()) gets a metadata dst of its own for each packet, not one
 * shared by every packet of the flow as in-tree: the checked action list
 * then holds no reference (actions.h), and nothing outlives a flow that a
 * packet in flight still uses.
 */

#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <net/dst.h>
#include <net/dst_metadata.h>
#include <net/ip_tunnels.h>

#include "flow_key.h"
#include "linux/tunnel_md.h"

static const struct {
	unsigned int bit;	/* IP_TUNNEL_*_BIT */
	u16 flag;		/* OVS_TUN_F_* */
} ovs_tunnel_md_flags[] = {
	{ IP_TUNNEL_KEY_BIT, OVS_TUN_F_KEY },
	{ IP_TUNNEL_CSUM_BIT, OVS_TUN_F_CSUM },
	{ IP_TUNNEL_DONT_FRAGMENT_BIT, OVS_TUN_F_DONT_FRAGMENT },
	{ IP_TUNNEL_OAM_BIT, OVS_TUN_F_OAM },
	{ IP_TUNNEL_GENEVE_OPT_BIT, OVS_TUN_F_GENEVE_OPT },
	{ IP_TUNNEL_VXLAN_OPT_BIT, OVS_TUN_F_VXLAN_OPT },
	{ IP_TUNNEL_ERSPAN_OPT_BIT, OVS_TUN_F_ERSPAN_OPT },
	{ IP_TUNNEL_CRIT_OPT_BIT, OVS_TUN_F_CRIT_OPT },
};

void ovs_tunnel_md_read(const struct ip_tunnel_info *info,
			struct ovs_key_tun *tun)
{
	const struct ip_tunnel_key *key = &info->key;
	unsigned int i;

	memset(tun, 0, sizeof(*tun));
	tun->id = key->tun_id;
	if (ip_tunnel_info_af(info) == AF_INET6) {
		tun->proto = AF_INET6;
		tun->ipv6.src = key->u.ipv6.src;
		tun->ipv6.dst = key->u.ipv6.dst;
	} else {
		tun->proto = AF_INET;
		tun->ipv4.src = key->u.ipv4.src;
		tun->ipv4.dst = key->u.ipv4.dst;
	}
	tun->tos = key->tos;
	tun->ttl = key->ttl;
	tun->tp_src = key->tp_src;
	tun->tp_dst = key->tp_dst;
	/* A received packet's critical-option bit is the driver's own. */
	for (i = 0; i < ARRAY_SIZE(ovs_tunnel_md_flags); i++)
		if (ovs_tunnel_md_flags[i].flag != OVS_TUN_F_CRIT_OPT &&
		    ovs_tun_flag_test(key, ovs_tunnel_md_flags[i].bit))
			tun->flags |= ovs_tunnel_md_flags[i].flag;
	tun->opts_len = info->options_len;
}

const void *ovs_tunnel_md_opts(const struct ip_tunnel_info *info)
{
	return ovs_tun_info_opts(info);
}

bool ovs_tunnel_md_is_bridge(const struct ip_tunnel_info *info)
{
	return info->mode & IP_TUNNEL_INFO_BRIDGE;
}

void ovs_tunnel_md_key(const struct ip_tunnel_info *info, struct ovs_key *key)
{
	ovs_tunnel_md_read(info, &key->tun);
	memcpy(ovs_key_tun_opts(key, key->tun.opts_len),
	       ovs_tun_info_opts(info), key->tun.opts_len);
}

int ovs_tunnel_md_attach(struct sk_buff *skb, const void *data)
{
	struct ip_tunnel_info *info;
	struct metadata_dst *md;
	struct ovs_key_tun tun;
	unsigned int i;

	/* The copy keeps attributes 4-byte aligned only. */
	memcpy(&tun, data, sizeof(tun));
	md = metadata_dst_alloc(tun.opts_len, METADATA_IP_TUNNEL, GFP_ATOMIC);
	if (!md)
		return -ENOMEM;

	info = &md->u.tun_info;
	info->mode = IP_TUNNEL_INFO_TX;
	if (tun.proto == AF_INET6) {
		info->mode |= IP_TUNNEL_INFO_IPV6;
		info->key.u.ipv6.src = tun.ipv6.src;
		info->key.u.ipv6.dst = tun.ipv6.dst;
	} else {
		if (ovs_tun_is_bridge(&tun))
			info->mode |= IP_TUNNEL_INFO_BRIDGE;
		info->key.u.ipv4.src = tun.ipv4.src;
		info->key.u.ipv4.dst = tun.ipv4.dst;
	}
	info->key.tun_id = tun.id;
	info->key.tos = tun.tos;
	info->key.ttl = tun.ttl;
	info->key.tp_src = tun.tp_src;
	info->key.tp_dst = tun.tp_dst;
	for (i = 0; i < ARRAY_SIZE(ovs_tunnel_md_flags); i++)
		if (tun.flags & ovs_tunnel_md_flags[i].flag)
			ovs_tun_flag_set(&info->key, ovs_tunnel_md_flags[i].bit);
	ovs_tun_info_opts_set(info, (const u8 *)data + sizeof(tun),
			      tun.opts_len);

	skb_dst_drop(skb);
	skb_dst_set(skb, &md->dst);
	return 0;
}
