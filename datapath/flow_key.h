/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The flow key: everything a packet is matched on, in one fixed layout that
 * masks apply to byte for byte.  Extracted from packets (flow_key.c),
 * converted from and to OVS_KEY_ATTR_* netlink attributes (flow_attr.h) and
 * looked up in the flow table (flow_table.h).
 */
#ifndef OVS_FLOW_KEY_H
#define OVS_FLOW_KEY_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/openvswitch.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/types.h>

/* MPLS label stack entries a key holds (vswitchd probes for 3). */
#define OVS_KEY_MPLS_DEPTH		3
/* NSH MD type 1 context words. */
#define OVS_KEY_NSH_CONTEXT		4
/* Tunnel option bytes a key holds: what ip_tunnel_info's u8 length allows. */
#define OVS_KEY_TUN_OPTS_MAX		255

/*
 * The SCTP common header.  Ours rather than <linux/sctp.h>, whose UAPI half
 * does not build with W=1 on some kernels (4.19: -Wpacked-not-aligned).
 */
struct ovs_sctphdr {
	__be16 source;
	__be16 dest;
	__be32 vtag;
	__le32 checksum;
};

/* What precedes the network header: Ethernet, or nothing (an L3 packet). */
enum ovs_mac_proto {
	OVS_MAC_PROTO_NONE = 0,
	OVS_MAC_PROTO_ETHERNET = 1,
};

/*
 * A VLAN tag as the key holds it.  The tag is present if and only if
 * VLAN_CFI_MASK is set in tci (the wire form of OVS_KEY_ATTR_VLAN), so a
 * zero tci means "no tag" both in a key and in a mask.
 */
struct ovs_key_vlan_tag {
	__be16 tpid;
	__be16 tci;
};

/* struct ovs_key_tun's flags: the tunnel flags userspace matches on. */
enum {
	OVS_TUN_F_KEY = BIT(0),		/* the id was on the wire */
	OVS_TUN_F_CSUM = BIT(1),
	OVS_TUN_F_DONT_FRAGMENT = BIT(2),
	OVS_TUN_F_OAM = BIT(3),
	OVS_TUN_F_GENEVE_OPT = BIT(4),	/* options are Geneve TLVs */
	OVS_TUN_F_VXLAN_OPT = BIT(5),	/* options are struct vxlan_metadata */
	OVS_TUN_F_ERSPAN_OPT = BIT(6),	/* options are struct erspan_metadata */
	/*
	 * Never in a key: a set(tunnel()) whose Geneve options include a
	 * critical one, which the Geneve header must say.
	 */
	OVS_TUN_F_CRIT_OPT = BIT(7),
};

#define OVS_TUN_F_OPTS	(OVS_TUN_F_GENEVE_OPT | OVS_TUN_F_VXLAN_OPT |	\
			 OVS_TUN_F_ERSPAN_OPT)

/*
 * The outer headers of a packet that came out of a tunnel device in
 * metadata mode (its struct ip_tunnel_info), in the datapath's own layout
 * and flag bits so that the key is the same on every kernel.  The options
 * themselves are in struct ovs_key's tun_opts.
 */
struct ovs_key_tun {
	__be64 id;
	union {
		struct {
			__be32 src;
			__be32 dst;
		} ipv4;
		struct {
			struct in6_addr src;
			struct in6_addr dst;
		} ipv6;
	};
	__be16 tp_src;
	__be16 tp_dst;
	u16 flags;		/* OVS_TUN_F_* */
	u8 tos;
	u8 ttl;
	u8 proto;		/* AF_INET, AF_INET6; 0: not from a tunnel */
	u8 opts_len;		/* bytes at the end of tun_opts */
	u8 pad[6];
};

struct ovs_key_nsh_fields {
	u8 flags;
	u8 ttl;
	u8 mdtype;
	u8 np;
	__be32 path_hdr;
	__be32 context[OVS_KEY_NSH_CONTEXT];
};

/*
 * Every byte of a key is meaningful to a masked compare, padding included:
 * keys are zeroed before they are filled, and masks use the same layout.
 * Fields userspace masks most often come first, so that a mask's byte range
 * (struct ovs_key_range) is short.
 */
struct ovs_key {
	/*
	 * Tunnel metadata, first: masks of flows that do not match on it
	 * start past it.  The options are the last tun.opts_len bytes of
	 * tun_opts, just before tun, so a mask that matches short options
	 * covers only those bytes of the array.
	 */
	u8 tun_opts[OVS_KEY_TUN_OPTS_MAX];
	u8 pad_tun;
	struct ovs_key_tun tun;

	/* Metadata: where and how the packet arrived, not its contents. */
	u32 priority;		/* skb->priority */
	u32 skb_mark;		/* skb->mark */
	u32 in_port;		/* datapath port number */
	u32 recirc_id;		/* 0 until a recirc action */
	u32 dp_hash;		/* 0 until a hash action */
	u8 mac_proto;		/* enum ovs_mac_proto; with eth.type: packet_type */
	u8 pad_meta[3];

	/*
	 * Conntrack: what the packet's connection (skb->_nfct) says, set on
	 * receive and by the ct and ct_clear actions.  Metadata too: it
	 * stays through recirculation and header re-extraction.
	 */
	struct {
		u8 state;	/* OVS_CS_F_* */
		u8 orig_proto;	/* 0: no original-direction tuple below */
		u16 zone;
		u32 mark;
		u8 labels[OVS_CT_LABELS_LEN];
		/* The original direction (of the master, if related). */
		__be16 orig_src_port;	/* ICMP: type */
		__be16 orig_dst_port;	/* ICMP: code */
		union {
			struct {
				__be32 src;
				__be32 dst;
			} ipv4;
			struct {
				struct in6_addr src;
				struct in6_addr dst;
			} ipv6;
		} orig;
	} ct;

	struct {
		u8 src[ETH_ALEN];
		u8 dst[ETH_ALEN];
		struct ovs_key_vlan_tag vlan;	/* outer tag */
		struct ovs_key_vlan_tag cvlan;	/* inner tag (802.1ad QinQ) */
		__be16 type;	/* ethertype after the tags; for L3 packets too */
	} eth;

	struct {
		u8 proto;	/* IP protocol; ARP: low byte of the opcode */
		u8 tos;
		u8 ttl;
		u8 frag;	/* enum ovs_frag_type */
	} ip;

	struct {
		__be16 src;	/* also ICMP type and code, in network order */
		__be16 dst;
		__be16 flags;	/* TCP flags, as OVS_KEY_ATTR_TCP_FLAGS */
	} tp;
	u8 pad_tp[2];

	union {
		struct {
			__be32 src;
			__be32 dst;
			u8 arp_sha[ETH_ALEN];
			u8 arp_tha[ETH_ALEN];
		} ipv4;
		struct {
			struct in6_addr src;
			struct in6_addr dst;
			__be32 label;		/* low 20 bits */
			u16 exthdrs;		/* OVS_KEY_ATTR_IPV6_EXTHDRS bits */
			u8 pad[2];
			struct in6_addr nd_target;
			u8 nd_sll[ETH_ALEN];
			u8 nd_tll[ETH_ALEN];
		} ipv6;
		struct {
			__be32 lse[OVS_KEY_MPLS_DEPTH];
		} mpls;
		struct ovs_key_nsh_fields nsh;
	};
} __aligned(BITS_PER_LONG / 8);

/* The bytes of a key a mask covers: [start, end), multiples of a long. */
struct ovs_key_range {
	u16 start;
	u16 end;
};

/*
 * A set(tunnel()) with an IPv4 tunnel and no destination: a bridge-mode
 * mapping of a VLAN to a tunnel id, for a device that holds the endpoints.
 */
static inline bool ovs_tun_is_bridge(const struct ovs_key_tun *tun)
{
	return tun->proto == AF_INET && !tun->ipv4.dst;
}

/* Where a key's (or a mask's) tunnel options of length len start. */
static inline u8 *ovs_key_tun_opts(struct ovs_key *key, unsigned int len)
{
	return key->tun_opts + OVS_KEY_TUN_OPTS_MAX - len;
}

static inline const u8 *ovs_key_tun_opts_const(const struct ovs_key *key,
					       unsigned int len)
{
	return key->tun_opts + OVS_KEY_TUN_OPTS_MAX - len;
}

/* Which of the key's union members and L4 fields are meaningful. */
static inline bool ovs_key_is_ipv4(const struct ovs_key *key)
{
	return key->eth.type == htons(ETH_P_IP);
}

static inline bool ovs_key_is_ipv6(const struct ovs_key *key)
{
	return key->eth.type == htons(ETH_P_IPV6);
}

static inline bool ovs_key_is_arp(const struct ovs_key *key)
{
	return key->eth.type == htons(ETH_P_ARP) ||
	       key->eth.type == htons(ETH_P_RARP);
}

static inline bool ovs_key_is_mpls(const struct ovs_key *key)
{
	return key->eth.type == htons(ETH_P_MPLS_UC) ||
	       key->eth.type == htons(ETH_P_MPLS_MC);
}

static inline bool ovs_key_is_nsh(const struct ovs_key *key)
{
	return key->eth.type == htons(ETH_P_NSH);
}

/* packet_type as OVS_KEY_ATTR_PACKET_TYPE carries it (namespace << 16 | type). */
static inline __be32 ovs_key_packet_type(const struct ovs_key *key)
{
	if (key->mac_proto == OVS_MAC_PROTO_ETHERNET)
		return htonl(0);
	return htonl((1 << 16) | ntohs(key->eth.type));
}

/*
 * flow_key.c: extraction from packets.
 *
 * On entry skb->data points at the MAC header (at the network header for
 * OVS_MAC_PROTO_NONE).  Headers are pulled into the linear area as needed;
 * skb->data does not move; the mac, network and transport header offsets
 * are set for the action code.  A truncated or malformed packet yields a
 * partial key (the fields up to the damage) and still returns 0; only an
 * allocation failure returns an error.
 */

/* A packet received on a port: metadata from the skb, then the headers. */
int ovs_flow_key_extract(struct sk_buff *skb, u32 in_port, u8 mac_proto,
			 struct ovs_key *key);
/* Headers only; key's metadata (priority ... ct) is kept. */
int ovs_flow_key_extract_packet(struct sk_buff *skb, struct ovs_key *key);
/* TCP flags of a packet whose key says it is TCP, for flow statistics. */
__be16 ovs_flow_key_tcp_flags(const struct sk_buff *skb,
			      const struct ovs_key *key);

#endif /* OVS_FLOW_KEY_H */
