// SPDX-License-Identifier: GPL-2.0-only
/*
 * Packet -> flow key.  ovs-vswitchd extracts its own flow from every
 * upcalled packet and compares it with the key we report, so each field
 * here follows what the in-tree datapath puts in its key, including its
 * choices for odd packets (802.3 frames, IPv6 fragments, MPLS stacks that
 * never end).
 *
 * skb->data stays at the MAC header from start to end; headers are only
 * pulled into the linear area, and every offset below is relative to
 * skb->data.  A header the packet is too short for ends the extraction
 * with the fields found so far.
 */

#include <linux/bits.h>
#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/llc.h>
#include <linux/mpls.h>
#include <linux/skbuff.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/mpls.h>
#include <net/ndisc.h>
#include <net/nsh.h>

#include "flow_key.h"
#include "linux/conntrack.h"

/* OVS_KEY_ATTR_IPV6_EXTHDRS bits (OpenFlow 1.2's OFPIEH12_*). */
enum {
	KEY_EXTHDR_NONEXT = BIT(0),	/* "no next header" seen */
	KEY_EXTHDR_ESP = BIT(1),
	KEY_EXTHDR_AUTH = BIT(2),
	KEY_EXTHDR_DEST = BIT(3),	/* one or two destination options */
	KEY_EXTHDR_FRAG = BIT(4),
	KEY_EXTHDR_ROUTER = BIT(5),
	KEY_EXTHDR_HOP = BIT(6),
	KEY_EXTHDR_UNREP = BIT(7),	/* a header repeated unexpectedly */
	KEY_EXTHDR_UNSEQ = BIT(8),	/* not in RFC 2460's preferred order */
};

/* Ethernet+IPv4 ARP, the only kind whose addresses the key holds. */
struct key_arp_eth {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	u8 sip[4];
	u8 tha[ETH_ALEN];
	u8 tip[4];
} __packed;

struct key_llc_snap {
	u8 dsap;
	u8 ssap;
	u8 ctrl;
	u8 oui[3];
	__be16 type;
} __packed;

/*
 * Makes the first len bytes linear: 1 if they are, 0 if the packet is
 * shorter (nothing to parse, not an error), -ENOMEM if pulling failed.
 */
static int key_pull(struct sk_buff *skb, unsigned int len)
{
	if (skb->len < len)
		return 0;
	if (unlikely(!pskb_may_pull(skb, len)))
		return -ENOMEM;
	return 1;
}

/* The 12 flag bits after the data offset, as OVS_KEY_ATTR_TCP_FLAGS. */
static __be16 key_tcp_flag_bits(const struct tcphdr *th)
{
	return ((const __be16 *)th)[6] & htons(0x0fff);
}

/* True if the TCP header at off, options included, is in the packet. */
static bool key_tcp_len_ok(const struct sk_buff *skb, unsigned int off,
			   const struct tcphdr *th)
{
	unsigned int len = th->doff * 4;

	return len >= sizeof(*th) && skb->len >= off + len;
}

/*
 * The transport header at skb's transport offset; key->ip.proto says
 * which.  The ICMP types use the port fields, in network byte order.
 */
static int key_parse_l4(struct sk_buff *skb, struct ovs_key *key)
{
	unsigned int off = skb_transport_offset(skb);
	bool ipv6 = ovs_key_is_ipv6(key);
	const struct tcphdr *th;
	const struct udphdr *uh;
	const struct ovs_sctphdr *sh;
	const struct icmphdr *ih;
	const struct icmp6hdr *i6h;
	int ret;

	switch (key->ip.proto) {
	case IPPROTO_TCP:
		ret = key_pull(skb, off + sizeof(*th));
		if (ret <= 0)
			return ret;
		th = (const struct tcphdr *)(skb->data + off);
		if (!key_tcp_len_ok(skb, off, th))
			return 0;
		key->tp.src = th->source;
		key->tp.dst = th->dest;
		key->tp.flags = key_tcp_flag_bits(th);
		return 0;
	case IPPROTO_UDP:
		ret = key_pull(skb, off + sizeof(*uh));
		if (ret <= 0)
			return ret;
		uh = (const struct udphdr *)(skb->data + off);
		key->tp.src = uh->source;
		key->tp.dst = uh->dest;
		return 0;
	case IPPROTO_SCTP:
		ret = key_pull(skb, off + sizeof(*sh));
		if (ret <= 0)
			return ret;
		sh = (const struct ovs_sctphdr *)(skb->data + off);
		key->tp.src = sh->source;
		key->tp.dst = sh->dest;
		return 0;
	case IPPROTO_ICMP:
		if (ipv6)
			return 0;
		/* The whole 8-byte header, as the in-tree datapath wants. */
		ret = key_pull(skb, off + sizeof(*ih));
		if (ret <= 0)
			return ret;
		ih = (const struct icmphdr *)(skb->data + off);
		key->tp.src = htons(ih->type);
		key->tp.dst = htons(ih->code);
		return 0;
	case IPPROTO_ICMPV6:
		if (!ipv6)
			return 0;
		ret = key_pull(skb, off + sizeof(*i6h));
		if (ret <= 0)
			return ret;
		i6h = (const struct icmp6hdr *)(skb->data + off);
		key->tp.src = htons(i6h->icmp6_type);
		key->tp.dst = htons(i6h->icmp6_code);
		return 0;
	}
	return 0;
}

/*
 * Neighbour solicitation and advertisement: the target and the link-layer
 * address options.  Options are read in place (no linearising: the key
 * only needs a copy).  A repeated address option makes the whole ND part
 * of the key zero, an option running past the packet ends the walk with
 * what was found before it; both as in-tree.
 */
static void key_parse_nd(const struct sk_buff *skb, struct ovs_key *key)
{
	unsigned int off = skb_transport_offset(skb);
	const struct nd_msg *nd;
	struct nd_msg nd_buf;
	const u8 *opt;
	u8 opt_buf[8];
	u8 *lladdr;

	if (key->tp.dst != htons(0) ||
	    (key->tp.src != htons(NDISC_NEIGHBOUR_SOLICITATION) &&
	     key->tp.src != htons(NDISC_NEIGHBOUR_ADVERTISEMENT)))
		return;

	nd = skb_header_pointer(skb, off, sizeof(*nd), &nd_buf);
	if (!nd)
		return;
	key->ipv6.nd_target = nd->target;

	/* Each option is at least 8 bytes long: the walk is bounded. */
	off += sizeof(*nd);
	while (skb->len >= off + sizeof(opt_buf)) {
		unsigned int opt_len;

		opt = skb_header_pointer(skb, off, sizeof(opt_buf), opt_buf);
		if (!opt)
			return;
		opt_len = opt[1] * 8;
		if (!opt_len || opt_len > skb->len - off)
			return;

		lladdr = NULL;
		if (opt_len == 8 && opt[0] == ND_OPT_SOURCE_LL_ADDR)
			lladdr = key->ipv6.nd_sll;
		else if (opt_len == 8 && opt[0] == ND_OPT_TARGET_LL_ADDR)
			lladdr = key->ipv6.nd_tll;
		if (lladdr) {
			if (!is_zero_ether_addr(lladdr))
				goto invalid;
			memcpy(lladdr, opt + 2, ETH_ALEN);
		}
		off += opt_len;
	}
	return;

invalid:
	memset(&key->ipv6.nd_target, 0, sizeof(key->ipv6.nd_target));
	eth_zero_addr(key->ipv6.nd_sll);
	eth_zero_addr(key->ipv6.nd_tll);
}

/* Adds the bit of a header that belongs only after the headers in prior. */
static u16 key_exthdr_add(u16 seen, u16 bit, u16 prior, int n_dest)
{
	if (seen & bit)
		seen |= KEY_EXTHDR_UNREP;
	if ((seen & ~(prior | KEY_EXTHDR_UNREP)) || n_dest >= 2)
		seen |= KEY_EXTHDR_UNSEQ;
	return seen | bit;
}

/*
 * OVS_KEY_ATTR_IPV6_EXTHDRS, bit for bit as the in-tree datapath computes
 * it: the walk covers what ipv6_ext_hdr() calls an extension header (so an
 * ESP header ends it and KEY_EXTHDR_ESP stays clear) and steps over every
 * header by its 8-byte-unit length, AH included.  Each step advances at
 * least 8 bytes and a header past the end stops it, so the loop is bounded
 * by the packet length.
 */
static u16 key_ipv6_exthdrs(const struct sk_buff *skb, unsigned int off,
			    u8 next)
{
	const u16 routing_prior = KEY_EXTHDR_HOP | KEY_EXTHDR_DEST;
	const u16 frag_prior = routing_prior | KEY_EXTHDR_ROUTER;
	const u16 auth_prior = frag_prior | KEY_EXTHDR_FRAG;
	const u16 esp_prior = auth_prior | KEY_EXTHDR_AUTH;
	int n_dest = 0;
	u16 seen = 0;

	while (ipv6_ext_hdr(next)) {
		const struct ipv6_opt_hdr *hp;
		struct ipv6_opt_hdr buf;

		switch (next) {
		case NEXTHDR_NONE:
			return seen | KEY_EXTHDR_NONEXT;
		case NEXTHDR_AUTH:
			seen = key_exthdr_add(seen, KEY_EXTHDR_AUTH, auth_prior,
					      n_dest);
			break;
		case NEXTHDR_FRAGMENT:
			seen = key_exthdr_add(seen, KEY_EXTHDR_FRAG, frag_prior,
					      n_dest);
			break;
		case NEXTHDR_ROUTING:
			seen = key_exthdr_add(seen, KEY_EXTHDR_ROUTER,
					      routing_prior, n_dest);
			break;
		case NEXTHDR_DEST:
			/* Before the routing header and after AH/ESP. */
			if (n_dest == 0)
				seen = key_exthdr_add(seen, KEY_EXTHDR_DEST,
						      KEY_EXTHDR_HOP, 0);
			else if (n_dest == 1)
				seen = key_exthdr_add(seen, 0,
						      esp_prior | KEY_EXTHDR_ESP,
						      0);
			else
				seen |= KEY_EXTHDR_UNREP;
			n_dest++;
			break;
		case NEXTHDR_HOP:
			/* Only as the very first header. */
			if (seen & KEY_EXTHDR_HOP)
				seen |= KEY_EXTHDR_UNREP;
			seen |= seen ? KEY_EXTHDR_UNSEQ : KEY_EXTHDR_HOP;
			break;
		default:
			return seen;
		}

		hp = skb_header_pointer(skb, off, sizeof(buf), &buf);
		if (!hp)
			break;
		next = hp->nexthdr;
		off += ipv6_optlen(hp);
	}
	return seen;
}

static int key_parse_ipv4(struct sk_buff *skb, struct ovs_key *key)
{
	unsigned int off = skb_network_offset(skb);
	const struct iphdr *iph;
	unsigned int ihl;
	int ret;

	ret = key_pull(skb, off + sizeof(*iph));
	if (ret <= 0)
		return ret;
	iph = ip_hdr(skb);
	ihl = iph->ihl * 4;
	if (ihl < sizeof(*iph) || skb->len < off + ihl)
		return 0;
	ret = key_pull(skb, off + ihl);
	if (ret <= 0)
		return ret;
	iph = ip_hdr(skb);

	key->ipv4.src = iph->saddr;
	key->ipv4.dst = iph->daddr;
	key->ip.proto = iph->protocol;
	key->ip.tos = iph->tos;
	key->ip.ttl = iph->ttl;
	skb_set_transport_header(skb, off + ihl);

	if (iph->frag_off & htons(IP_OFFSET)) {
		key->ip.frag = OVS_FRAG_TYPE_LATER;
		return 0;
	}
	/* A UFO packet will leave as fragments: match it as the first one. */
	if ((iph->frag_off & htons(IP_MF)) ||
	    (skb_shinfo(skb)->gso_type & SKB_GSO_UDP))
		key->ip.frag = OVS_FRAG_TYPE_FIRST;
	return key_parse_l4(skb, key);
}

static int key_parse_ipv6(struct sk_buff *skb, struct ovs_key *key)
{
	unsigned int off = skb_network_offset(skb);
	unsigned int payload = 0;
	const struct ipv6hdr *ip6;
	unsigned short frag_off;
	int next, flags = 0;
	int ret;

	ret = key_pull(skb, off + sizeof(*ip6));
	if (ret <= 0)
		return ret;
	ip6 = ipv6_hdr(skb);

	key->ipv6.exthdrs = key_ipv6_exthdrs(skb, off + sizeof(*ip6),
					     ip6->nexthdr);
	key->ipv6.src = ip6->saddr;
	key->ipv6.dst = ip6->daddr;
	key->ipv6.label = ip6_flowlabel(ip6);
	key->ip.tos = ipv6_get_dsfield(ip6);
	key->ip.ttl = ip6->hop_limit;
	/* What a chain we cannot follow to its end leaves in the key. */
	key->ip.proto = NEXTHDR_NONE;

	next = ipv6_find_hdr(skb, &payload, -1, &frag_off, &flags);
	if (flags & IP6_FH_F_FRAG) {
		if (frag_off) {
			key->ip.frag = OVS_FRAG_TYPE_LATER;
			key->ip.proto = NEXTHDR_FRAGMENT;
			return 0;
		}
		key->ip.frag = OVS_FRAG_TYPE_FIRST;
	}
	if (next < 0)
		return 0;

	skb_set_transport_header(skb, payload);
	key->ip.proto = next;
	if (skb_shinfo(skb)->gso_type & SKB_GSO_UDP)
		key->ip.frag = OVS_FRAG_TYPE_FIRST;

	ret = key_parse_l4(skb, key);
	if (ret == 0 && key->ip.proto == IPPROTO_ICMPV6 &&
	    skb->len >= payload + sizeof(struct icmp6hdr))
		key_parse_nd(skb, key);
	return ret;
}

static int key_parse_arp(struct sk_buff *skb, struct ovs_key *key)
{
	unsigned int off = skb_network_offset(skb);
	const struct key_arp_eth *arp;
	int ret;

	ret = key_pull(skb, off + sizeof(*arp));
	if (ret <= 0)
		return ret;
	arp = (const struct key_arp_eth *)(skb->data + off);
	if (arp->hdr.ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->hdr.ar_pro != htons(ETH_P_IP) ||
	    arp->hdr.ar_hln != ETH_ALEN || arp->hdr.ar_pln != 4)
		return 0;

	/* Only the low byte of the opcode is matched on. */
	if (ntohs(arp->hdr.ar_op) <= 0xff)
		key->ip.proto = ntohs(arp->hdr.ar_op);
	memcpy(&key->ipv4.src, arp->sip, sizeof(key->ipv4.src));
	memcpy(&key->ipv4.dst, arp->tip, sizeof(key->ipv4.dst));
	memcpy(key->ipv4.arp_sha, arp->sha, ETH_ALEN);
	memcpy(key->ipv4.arp_tha, arp->tha, ETH_ALEN);
	return 0;
}

/*
 * The label stack up to its bottom entry, of which the key keeps the top
 * OVS_KEY_MPLS_DEPTH.  The walk goes on to the bottom of the stack (or the
 * end of the packet) because the inner network header, which MPLS GSO
 * relies on, goes right after it.  It advances four bytes per entry and
 * stops at the end of the packet, so no stack can make it loop
 * (CVE-2025-38146 was a label counter that wrapped).
 */
static int key_parse_mpls(struct sk_buff *skb, struct ovs_key *key)
{
	unsigned int off = skb_network_offset(skb);
	unsigned int n = 0;
	const __be32 *lse;
	__be32 buf;
	int ret;

	skb_set_inner_network_header(skb, off);
	while (skb->len >= off + MPLS_HLEN) {
		if (n < OVS_KEY_MPLS_DEPTH) {
			ret = key_pull(skb, off + MPLS_HLEN);
			if (ret < 0)
				return ret;
			key->mpls.lse[n++] = *(const __be32 *)(skb->data + off);
			lse = &key->mpls.lse[n - 1];
		} else {
			lse = skb_header_pointer(skb, off, MPLS_HLEN, &buf);
			if (!lse)
				break;
		}
		off += MPLS_HLEN;
		skb_set_inner_network_header(skb, off);
		if (*lse & htonl(MPLS_LS_S_MASK))
			break;
	}
	return 0;
}

/*
 * NSH base header and MD type 1 context.  MD type 2 metadata is not in
 * the key: its context stays zero.
 */
static int key_parse_nsh(struct sk_buff *skb, struct ovs_key *key)
{
	unsigned int off = skb_network_offset(skb);
	const struct nshhdr *nsh;
	unsigned int len;
	int ret;

	ret = key_pull(skb, off + NSH_BASE_HDR_LEN);
	if (ret <= 0)
		return ret;
	nsh = (const struct nshhdr *)(skb->data + off);
	if (nsh_get_ver(nsh) != 0)
		return 0;
	len = nsh_hdr_len(nsh);
	ret = key_pull(skb, off + len);
	if (ret <= 0)
		return ret;
	nsh = (const struct nshhdr *)(skb->data + off);

	key->nsh.flags = nsh_get_flags(nsh);
	key->nsh.ttl = nsh_get_ttl(nsh);
	key->nsh.mdtype = nsh->mdtype;
	key->nsh.np = nsh->np;
	key->nsh.path_hdr = nsh->path_hdr;
	if (nsh->mdtype == NSH_M_TYPE1 && len == NSH_M_TYPE1_LEN)
		memcpy(key->nsh.context, nsh->md1.context,
		       sizeof(key->nsh.context));
	return 0;
}

/* Network and transport layers; the network header is set. */
static int key_parse_l3(struct sk_buff *skb, struct ovs_key *key)
{
	/* No transport header until one is found. */
	skb_set_transport_header(skb, skb_network_offset(skb));

	switch (key->eth.type) {
	case htons(ETH_P_IP):
		return key_parse_ipv4(skb, key);
	case htons(ETH_P_IPV6):
		return key_parse_ipv6(skb, key);
	case htons(ETH_P_ARP):
	case htons(ETH_P_RARP):
		return key_parse_arp(skb, key);
	case htons(ETH_P_MPLS_UC):
	case htons(ETH_P_MPLS_MC):
		return key_parse_mpls(skb, key);
	case htons(ETH_P_NSH):
		return key_parse_nsh(skb, key);
	}
	return 0;
}

/*
 * A VLAN tag at *off, if there is one (and room for the type after it):
 * 1 and *off moved past it, 0 if none, -ENOMEM.  The first len bytes are
 * linear, *off + 2 <= len.
 */
static int key_parse_vlan_tag(struct sk_buff *skb, unsigned int *off,
			      struct ovs_key_vlan_tag *tag)
{
	const __be16 *vh = (const __be16 *)(skb->data + *off);
	int ret;

	if (!eth_type_vlan(vh[0]))
		return 0;
	ret = key_pull(skb, *off + VLAN_HLEN + sizeof(__be16));
	if (ret <= 0)
		return ret;
	vh = (const __be16 *)(skb->data + *off);
	tag->tpid = vh[0];
	tag->tci = vh[1] | htons(VLAN_CFI_MASK);
	*off += VLAN_HLEN;
	return 1;
}

/*
 * The type of an 802.3 frame (a length where the type would be) at off:
 * 802.2 LLC, unless an LLC/SNAP header with a zero OUI names an
 * Ethernet type; then *off moves past that header.
 */
static int key_parse_llc(struct sk_buff *skb, unsigned int *off,
			 __be16 *type)
{
	const struct key_llc_snap *llc;
	int ret;

	*type = htons(ETH_P_802_2);
	ret = key_pull(skb, *off + sizeof(*llc));
	if (ret <= 0)
		return ret;
	llc = (const struct key_llc_snap *)(skb->data + *off);
	if (llc->dsap != LLC_SAP_SNAP || llc->ssap != LLC_SAP_SNAP ||
	    (llc->oui[0] | llc->oui[1] | llc->oui[2]) != 0)
		return 0;
	*off += sizeof(*llc);
	if (eth_proto_is_802_3(llc->type))
		*type = llc->type;
	return 0;
}

/*
 * Ethernet addresses, up to two VLAN tags (the outer one may have been
 * taken out of the packet by the NIC), the type; sets the network header.
 */
static int key_parse_eth(struct sk_buff *skb, struct ovs_key *key)
{
	unsigned int off = 2 * ETH_ALEN;
	const struct ethhdr *eth;
	int ret;

	ret = key_pull(skb, ETH_HLEN);
	if (ret <= 0)
		return ret;
	eth = eth_hdr(skb);
	ether_addr_copy(key->eth.src, eth->h_source);
	ether_addr_copy(key->eth.dst, eth->h_dest);

	if (skb_vlan_tag_present(skb)) {
		key->eth.vlan.tpid = skb->vlan_proto;
		key->eth.vlan.tci = htons(skb_vlan_tag_get(skb) |
					  VLAN_CFI_MASK);
		ret = key_parse_vlan_tag(skb, &off, &key->eth.cvlan);
	} else {
		ret = key_parse_vlan_tag(skb, &off, &key->eth.vlan);
		if (ret > 0)
			ret = key_parse_vlan_tag(skb, &off, &key->eth.cvlan);
	}
	if (ret < 0)
		return ret;

	key->eth.type = *(const __be16 *)(skb->data + off);
	off += sizeof(__be16);
	if (!eth_proto_is_802_3(key->eth.type)) {
		ret = key_parse_llc(skb, &off, &key->eth.type);
		if (ret < 0)
			return ret;
	}

	/*
	 * The type of what follows the addresses in the packet: a tag left
	 * in the packet for the VLAN actions to pop, else the key's type.
	 */
	if (key->eth.vlan.tci && !skb_vlan_tag_present(skb))
		skb->protocol = key->eth.vlan.tpid;
	else if (key->eth.cvlan.tci)
		skb->protocol = key->eth.cvlan.tpid;
	else
		skb->protocol = key->eth.type;

	skb_set_network_header(skb, off);
	skb->mac_len = off;
	return 1;
}

static int key_extract_headers(struct sk_buff *skb, struct ovs_key *key)
{
	int ret;

	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
	skb->mac_len = 0;

	if (key->mac_proto == OVS_MAC_PROTO_NONE) {
		/*
		 * A tag needs an Ethernet header to sit in: the packet is
		 * malformed, and the in-tree module drops it as well.
		 */
		if (eth_type_vlan(skb->protocol))
			return -EINVAL;
		key->eth.type = skb->protocol;
	} else {
		ret = key_parse_eth(skb, key);
		if (ret <= 0)
			return ret;
	}
	return key_parse_l3(skb, key);
}

int ovs_flow_key_extract(struct sk_buff *skb, u32 in_port, u8 mac_proto,
			 struct ovs_key *key)
{
	int err;

	memset(key, 0, sizeof(*key));
	key->priority = skb->priority;
	key->skb_mark = skb->mark;
	key->in_port = in_port;
	key->mac_proto = mac_proto;
	err = key_extract_headers(skb, key);
	if (err)
		return err;
	/*
	 * After the headers: the original tuple depends on the IP version.
	 * key->ct is zero already, all a packet with no connection needs.
	 */
	if (skb_nfct(skb))
		ovs_ct_key_fill(skb, key);
	return 0;
}

int ovs_flow_key_extract_packet(struct sk_buff *skb, struct ovs_key *key)
{
	const size_t keep = offsetofend(struct ovs_key, ct);

	memset((u8 *)key + keep, 0, sizeof(*key) - keep);
	return key_extract_headers(skb, key);
}

__be16 ovs_flow_key_tcp_flags(const struct sk_buff *skb,
			      const struct ovs_key *key)
{
	const struct tcphdr *th;
	struct tcphdr buf;
	int off;

	if ((!ovs_key_is_ipv4(key) && !ovs_key_is_ipv6(key)) ||
	    key->ip.proto != IPPROTO_TCP ||
	    key->ip.frag == OVS_FRAG_TYPE_LATER ||
	    !skb_transport_header_was_set(skb))
		return 0;

	off = skb_transport_offset(skb);
	if (off < 0)
		return 0;
	th = skb_header_pointer(skb, off, sizeof(buf), &buf);
	if (!th || !key_tcp_len_ok(skb, off, th))
		return 0;
	return key_tcp_flag_bits(th);
}
