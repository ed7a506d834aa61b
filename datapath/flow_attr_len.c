// SPDX-License-Identifier: GPL-2.0-only
/*
 * The payload size of each OVS_KEY_ATTR_* type, shared by the flow key
 * parser and the set action checks, so the two cannot disagree
 * (CVE-2025-37789 was a set() whose nested length did not match its type).
 */

#include <linux/openvswitch.h>
#include <linux/types.h>

#include "flow_attr.h"
#include "flow_key.h"

int ovs_key_attr_len(int type)
{
	switch (type) {
	case OVS_KEY_ATTR_ENCAP:
	case OVS_KEY_ATTR_TUNNEL:
	case OVS_KEY_ATTR_NSH:
		return OVS_KEY_ATTR_LEN_NESTED;
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_IN_PORT:
	case OVS_KEY_ATTR_SKB_MARK:
	case OVS_KEY_ATTR_DP_HASH:
	case OVS_KEY_ATTR_RECIRC_ID:
	case OVS_KEY_ATTR_CT_STATE:
	case OVS_KEY_ATTR_CT_MARK:
	case OVS_KEY_ATTR_PACKET_TYPE:
		return sizeof(u32);
	case OVS_KEY_ATTR_VLAN:
	case OVS_KEY_ATTR_ETHERTYPE:
	case OVS_KEY_ATTR_TCP_FLAGS:
	case OVS_KEY_ATTR_CT_ZONE:
		return sizeof(__be16);
	case OVS_KEY_ATTR_ETHERNET:
		return sizeof(struct ovs_key_ethernet);
	case OVS_KEY_ATTR_IPV4:
		return sizeof(struct ovs_key_ipv4);
	case OVS_KEY_ATTR_IPV6:
		return sizeof(struct ovs_key_ipv6);
	case OVS_KEY_ATTR_TCP:
		return sizeof(struct ovs_key_tcp);
	case OVS_KEY_ATTR_UDP:
		return sizeof(struct ovs_key_udp);
	case OVS_KEY_ATTR_SCTP:
		return sizeof(struct ovs_key_sctp);
	case OVS_KEY_ATTR_ICMP:
		return sizeof(struct ovs_key_icmp);
	case OVS_KEY_ATTR_ICMPV6:
		return sizeof(struct ovs_key_icmpv6);
	case OVS_KEY_ATTR_ARP:
		return sizeof(struct ovs_key_arp);
	case OVS_KEY_ATTR_ND:
		return sizeof(struct ovs_key_nd);
	case OVS_KEY_ATTR_MPLS:
		return OVS_KEY_ATTR_LEN_VARIABLE;
	case OVS_KEY_ATTR_CT_LABELS:
		return sizeof(struct ovs_key_ct_labels);
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4:
		return sizeof(struct ovs_key_ct_tuple_ipv4);
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6:
		return sizeof(struct ovs_key_ct_tuple_ipv6);
	case OVS_KEY_ATTR_IPV6_EXTHDRS:
		return sizeof(struct ovs_key_ipv6_exthdrs);
	default:
		/* ND_EXTENSIONS is userspace's own; TUNNEL_INFO never crosses. */
		return OVS_KEY_ATTR_LEN_INVALID;
	}
}

int ovs_nsh_key_attr_len(int type)
{
	switch (type) {
	case OVS_NSH_KEY_ATTR_BASE:
		return sizeof(struct ovs_nsh_key_base);
	case OVS_NSH_KEY_ATTR_MD1:
		return sizeof(struct ovs_nsh_key_md1);
	case OVS_NSH_KEY_ATTR_MD2:
		return OVS_KEY_ATTR_LEN_VARIABLE;
	default:
		return OVS_KEY_ATTR_LEN_INVALID;
	}
}

int ovs_tunnel_key_attr_len(int type)
{
	switch (type) {
	case OVS_TUNNEL_KEY_ATTR_ID:
		return sizeof(__be64);
	case OVS_TUNNEL_KEY_ATTR_IPV4_SRC:
	case OVS_TUNNEL_KEY_ATTR_IPV4_DST:
		return sizeof(__be32);
	case OVS_TUNNEL_KEY_ATTR_TOS:
	case OVS_TUNNEL_KEY_ATTR_TTL:
		return sizeof(u8);
	case OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT:
	case OVS_TUNNEL_KEY_ATTR_CSUM:
	case OVS_TUNNEL_KEY_ATTR_OAM:
	case OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE:
		return 0;
	case OVS_TUNNEL_KEY_ATTR_TP_SRC:
	case OVS_TUNNEL_KEY_ATTR_TP_DST:
		return sizeof(__be16);
	case OVS_TUNNEL_KEY_ATTR_IPV6_SRC:
	case OVS_TUNNEL_KEY_ATTR_IPV6_DST:
		return sizeof(struct in6_addr);
	case OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS:
	case OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS:
		return OVS_KEY_ATTR_LEN_VARIABLE;
	case OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS:
		return OVS_KEY_ATTR_LEN_NESTED;
	default:
		return OVS_KEY_ATTR_LEN_INVALID;
	}
}
