/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tunnel devices in metadata (collect_md) mode and their struct
 * ip_tunnel_info (linux/tunnel_md.c): read into a flow key on receive, and
 * attached in a metadata dst for set(tunnel()) so that they encapsulate.
 */
#ifndef OVS_LINUX_TUNNEL_MD_H
#define OVS_LINUX_TUNNEL_MD_H

#include <linux/types.h>

struct ip_tunnel_info;
struct ovs_key;
struct ovs_key_tun;
struct sk_buff;

/* info's endpoints, ports, TOS, TTL, flags and options length into tun. */
void ovs_tunnel_md_read(const struct ip_tunnel_info *info,
			struct ovs_key_tun *tun);
const void *ovs_tunnel_md_opts(const struct ip_tunnel_info *info);
bool ovs_tunnel_md_is_bridge(const struct ip_tunnel_info *info);
/* The tunnel a packet arrived through, options included, into key. */
void ovs_tunnel_md_key(const struct ip_tunnel_info *info, struct ovs_key *key);
/*
 * Gives skb the transmit metadata data describes (struct ovs_key_tun, then
 * its options: a set(tunnel()) as checked), replacing any dst it had.
 * -ENOMEM leaves skb as it was.  Under RCU with bottom halves disabled.
 */
int ovs_tunnel_md_attach(struct sk_buff *skb, const void *data);

#endif /* OVS_LINUX_TUNNEL_MD_H */
