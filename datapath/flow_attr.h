/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Flow keys and masks as OVS_KEY_ATTR_* netlink attributes, both ways, and
 * tunnel metadata as OVS_TUNNEL_KEY_ATTR_*: what the ovs_flow and ovs_packet
 * families and the action checks use.  (Upstream's flow_netlink.c holds the
 * same.)  flow_attr_int.h is what these files share among themselves.
 */
#ifndef OVS_FLOW_ATTR_H
#define OVS_FLOW_ATTR_H

#include <linux/types.h>

#include "flow_key.h"

struct ip_tunnel_info;
struct net;
struct netlink_ext_ack;
struct nlattr;
struct sk_buff;

/*
 * flow_attr.c: parsing.
 *
 * ovs_key_from_attrs() parses a key and an optional mask (no mask: exact
 * match on every field the key gives) into key and mask, checks that they
 * are consistent as the in-tree datapath does, and computes the mask's byte
 * range.  Unsupported attributes (ND extensions, conntrack fields the
 * kernel does not track, unknown ct_state bits) fail with -EINVAL and an
 * extack message, which is what ovs-vswitchd's feature probes read as
 * "not supported".
 * key comes back unmasked, as given (the caller masks it); mask may be
 * NULL (the key alone, for a get or delete by key), range may be NULL.
 */
int ovs_key_from_attrs(struct net *net, const struct nlattr *key_attr,
		       const struct nlattr *mask_attr, struct ovs_key *key,
		       struct ovs_key *mask, struct ovs_key_range *range,
		       bool log, struct netlink_ext_ack *extack);
/* OVS_PACKET_CMD_EXECUTE: the metadata fields only (packet fields ignored). */
int ovs_key_metadata_from_attrs(struct net *net, const struct nlattr *key_attr,
				struct ovs_key *key, bool log,
				struct netlink_ext_ack *extack);

/*
 * flow_attr_put.c: writes the nested attribute attrtype describing key (is_mask false) or
 * the mask output for key (is_mask true: which attributes appear follows
 * key, their values come from output).
 */
int ovs_key_to_attrs(const struct ovs_key *key, const struct ovs_key *output,
		     int attrtype, bool is_mask, struct sk_buff *skb);
/* Upper bound of ovs_key_to_attrs()'s output, for reply sizing. */
size_t ovs_key_attrs_size(void);

/* flow_attr_len.c: the payload size of each key attribute type. */
#define OVS_KEY_ATTR_LEN_INVALID	(-1)	/* unknown or kernel-internal */
#define OVS_KEY_ATTR_LEN_VARIABLE	(-2)	/* e.g. MPLS: n * 4 bytes */
#define OVS_KEY_ATTR_LEN_NESTED		(-3)	/* ENCAP, TUNNEL, NSH */
int ovs_key_attr_len(int type);
int ovs_nsh_key_attr_len(int type);
int ovs_tunnel_key_attr_len(int type);

/*
 * flow_attr_tun.c: tunnel metadata as a nest of OVS_TUNNEL_KEY_ATTR_*.
 *
 * ovs_tun_from_attr() parses OVS_KEY_ATTR_TUNNEL into out->tun and
 * out->tun_opts: a key (key == out; checked to name a destination and a
 * TTL, or for set(tunnel()) to be a bridge-mode id) or a mask for the
 * already parsed key.
 * ovs_tun_mask_exact() is the mask of a flow given without one.
 * The writers put OVS_KEY_ATTR_TUNNEL for a key (out == key) or its mask
 * (out: the mask), for a set(tunnel()) as a checked list holds it (struct
 * ovs_key_tun then the options), or attrtype for transmit metadata
 * (OVS_PACKET_ATTR_EGRESS_TUN_KEY).  They fail with -EMSGSIZE, skb as it
 * was, if the nest does not fit; ovs_tun_attrs_size() bounds its payload.
 */
int ovs_tun_from_attr(const struct nlattr *attr, const struct ovs_key *key,
		      struct ovs_key *out, bool is_mask, bool for_set, bool log,
		      struct netlink_ext_ack *extack);
void ovs_tun_mask_exact(const struct ovs_key *key, struct ovs_key *mask);
int ovs_tun_to_attrs(const struct ovs_key *key, const struct ovs_key *out,
		     struct sk_buff *skb);
int ovs_tun_set_to_attrs(const void *data, struct sk_buff *skb);
int ovs_tun_info_to_attrs(const struct ip_tunnel_info *info, int attrtype,
			  struct sk_buff *skb);
size_t ovs_tun_attrs_size(void);

#endif /* OVS_FLOW_ATTR_H */
