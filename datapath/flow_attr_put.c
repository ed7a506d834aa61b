// SPDX-License-Identifier: GPL-2.0-only
/*
 * A flow key or mask as OVS_KEY_ATTR_* attributes, for flow replies, dumps
 * and upcalls.  ovs-vswitchd parses these back, and installs flows with the
 * upcall key it was given, so the layout is the in-tree datapath's: the
 * same attributes, in the same order and nesting, omitted where it omits
 * them.  Which attributes appear always follows the key; in a mask their
 * values come from the mask.
 */

#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/string.h>
#include <net/ndisc.h>
#include <net/netlink.h>
#include <net/nsh.h>

#include "datapath.h"
#include "flow_attr.h"
#include "flow_attr_int.h"
#include "flow_key.h"

/*
 * Conntrack fields: the state always, the fields the kernel tracks, and
 * the original tuple when the key has one (its mask too, then).
 */
static int ovs_put_ct(const struct ovs_key *key, const struct ovs_key *out,
		      struct sk_buff *skb)
{
	if (nla_put_u32(skb, OVS_KEY_ATTR_CT_STATE, out->ct.state))
		return -EMSGSIZE;
	if (IS_ENABLED(CONFIG_NF_CONNTRACK_ZONES) &&
	    nla_put_u16(skb, OVS_KEY_ATTR_CT_ZONE, out->ct.zone))
		return -EMSGSIZE;
	if (IS_ENABLED(CONFIG_NF_CONNTRACK_MARK) &&
	    nla_put_u32(skb, OVS_KEY_ATTR_CT_MARK, out->ct.mark))
		return -EMSGSIZE;
	if (IS_ENABLED(CONFIG_NF_CONNTRACK_LABELS) &&
	    nla_put(skb, OVS_KEY_ATTR_CT_LABELS, sizeof(out->ct.labels),
		    out->ct.labels))
		return -EMSGSIZE;

	if (!key->ct.orig_proto)
		return 0;
	if (ovs_key_is_ipv4(key)) {
		struct ovs_key_ct_tuple_ipv4 t;

		memset(&t, 0, sizeof(t));
		t.ipv4_src = out->ct.orig.ipv4.src;
		t.ipv4_dst = out->ct.orig.ipv4.dst;
		t.src_port = out->ct.orig_src_port;
		t.dst_port = out->ct.orig_dst_port;
		t.ipv4_proto = out->ct.orig_proto;
		return nla_put(skb, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4,
			       sizeof(t), &t);
	}
	if (ovs_key_is_ipv6(key)) {
		struct ovs_key_ct_tuple_ipv6 t;

		memset(&t, 0, sizeof(t));
		memcpy(t.ipv6_src, &out->ct.orig.ipv6.src, sizeof(t.ipv6_src));
		memcpy(t.ipv6_dst, &out->ct.orig.ipv6.dst, sizeof(t.ipv6_dst));
		t.src_port = out->ct.orig_src_port;
		t.dst_port = out->ct.orig_dst_port;
		t.ipv6_proto = out->ct.orig_proto;
		return nla_put(skb, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6,
			       sizeof(t), &t);
	}
	return 0;
}

static int ovs_put_metadata(const struct ovs_key *key,
			    const struct ovs_key *out, bool is_mask,
			    struct sk_buff *skb)
{
	if (nla_put_u32(skb, OVS_KEY_ATTR_RECIRC_ID, out->recirc_id) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_DP_HASH, out->dp_hash) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_PRIORITY, out->priority))
		return -EMSGSIZE;

	/* A key from no tunnel has no TUNNEL; a mask always has one. */
	if ((key->tun.proto || is_mask) && ovs_tun_to_attrs(key, out, skb))
		return -EMSGSIZE;

	/*
	 * A key without a port (OVS_DP_MAX_PORTS) omits it; its mask says
	 * whether the port was matched.  A mask's port is 16 bits wide with
	 * the upper half set, as the in-tree datapath reports it.
	 */
	if (key->in_port == OVS_DP_MAX_PORTS) {
		if (is_mask && (out->in_port & 0xffff) == 0xffff &&
		    nla_put_u32(skb, OVS_KEY_ATTR_IN_PORT, U32_MAX))
			return -EMSGSIZE;
	} else if (nla_put_u32(skb, OVS_KEY_ATTR_IN_PORT,
			       (is_mask ? 0xffff0000 : 0) |
			       (out->in_port & 0xffff))) {
		return -EMSGSIZE;
	}

	if (nla_put_u32(skb, OVS_KEY_ATTR_SKB_MARK, out->skb_mark))
		return -EMSGSIZE;
	return ovs_put_ct(key, out, skb);
}

/*
 * A VLAN level: the TPID (exact in a mask), the TCI, and the start of the
 * encap holding the rest.  A tag cut short has a zero TCI and the frame's
 * ethertype for TPID.
 */
static struct nlattr *ovs_put_vlan(const struct ovs_key *out,
				   const struct ovs_key_vlan_tag *tag,
				   bool is_mask, struct sk_buff *skb)
{
	__be16 tpid;

	if (is_mask)
		tpid = htons(0xffff);
	else
		tpid = tag->tci ? tag->tpid : out->eth.type;
	if (nla_put_be16(skb, OVS_KEY_ATTR_ETHERTYPE, tpid) ||
	    nla_put_be16(skb, OVS_KEY_ATTR_VLAN, tag->tci))
		return NULL;
	return nla_nest_start_noflag(skb, OVS_KEY_ATTR_ENCAP);
}

/* The entries up to the last nonzero one: the key has no count. */
static int ovs_put_mpls(const struct ovs_key *out, struct sk_buff *skb)
{
	int n = OVS_KEY_MPLS_DEPTH;

	while (n > 1 && !out->mpls.lse[n - 1])
		n--;
	return nla_put(skb, OVS_KEY_ATTR_MPLS, n * sizeof(__be32),
		       out->mpls.lse);
}

static int ovs_put_nsh(const struct ovs_key *key, const struct ovs_key *out,
		       bool is_mask, struct sk_buff *skb)
{
	struct ovs_nsh_key_base base;
	struct nlattr *nest;

	nest = nla_nest_start_noflag(skb, OVS_KEY_ATTR_NSH);
	if (!nest)
		return -EMSGSIZE;
	memset(&base, 0, sizeof(base));
	base.flags = out->nsh.flags;
	base.ttl = out->nsh.ttl;
	base.mdtype = out->nsh.mdtype;
	base.np = out->nsh.np;
	base.path_hdr = out->nsh.path_hdr;
	if (nla_put(skb, OVS_NSH_KEY_ATTR_BASE, sizeof(base), &base))
		return -EMSGSIZE;
	if ((is_mask || key->nsh.mdtype == NSH_M_TYPE1) &&
	    nla_put(skb, OVS_NSH_KEY_ATTR_MD1, sizeof(out->nsh.context),
		    out->nsh.context))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ovs_put_l3(const struct ovs_key *key, const struct ovs_key *out,
		      bool is_mask, struct sk_buff *skb)
{
	if (ovs_key_is_ipv4(key)) {
		struct ovs_key_ipv4 ip;

		memset(&ip, 0, sizeof(ip));
		ip.ipv4_src = out->ipv4.src;
		ip.ipv4_dst = out->ipv4.dst;
		ip.ipv4_proto = out->ip.proto;
		ip.ipv4_tos = out->ip.tos;
		ip.ipv4_ttl = out->ip.ttl;
		ip.ipv4_frag = out->ip.frag;
		return nla_put(skb, OVS_KEY_ATTR_IPV4, sizeof(ip), &ip);
	}
	if (ovs_key_is_ipv6(key)) {
		struct ovs_key_ipv6_exthdrs ext;
		struct ovs_key_ipv6 ip;

		memset(&ip, 0, sizeof(ip));
		memcpy(ip.ipv6_src, &out->ipv6.src, sizeof(ip.ipv6_src));
		memcpy(ip.ipv6_dst, &out->ipv6.dst, sizeof(ip.ipv6_dst));
		ip.ipv6_label = out->ipv6.label;
		ip.ipv6_proto = out->ip.proto;
		ip.ipv6_tclass = out->ip.tos;
		ip.ipv6_hlimit = out->ip.ttl;
		ip.ipv6_frag = out->ip.frag;
		memset(&ext, 0, sizeof(ext));
		ext.hdrs = out->ipv6.exthdrs;
		if (nla_put(skb, OVS_KEY_ATTR_IPV6, sizeof(ip), &ip) ||
		    nla_put(skb, OVS_KEY_ATTR_IPV6_EXTHDRS, sizeof(ext), &ext))
			return -EMSGSIZE;
		return 0;
	}
	if (ovs_key_is_nsh(key))
		return ovs_put_nsh(key, out, is_mask, skb);
	if (ovs_key_is_arp(key)) {
		struct ovs_key_arp arp;

		memset(&arp, 0, sizeof(arp));
		arp.arp_sip = out->ipv4.src;
		arp.arp_tip = out->ipv4.dst;
		arp.arp_op = htons(out->ip.proto);
		ether_addr_copy(arp.arp_sha, out->ipv4.arp_sha);
		ether_addr_copy(arp.arp_tha, out->ipv4.arp_tha);
		return nla_put(skb, OVS_KEY_ATTR_ARP, sizeof(arp), &arp);
	}
	if (ovs_key_is_mpls(key))
		return ovs_put_mpls(out, skb);
	return 0;
}

static int ovs_put_ports(int type, const struct ovs_key *out,
			 struct sk_buff *skb)
{
	__be16 ports[2] = { out->tp.src, out->tp.dst };

	return nla_put(skb, type, sizeof(ports), ports);
}

static int ovs_put_l4(const struct ovs_key *key, const struct ovs_key *out,
		      struct sk_buff *skb)
{
	u8 icmp[2] = { ntohs(out->tp.src), ntohs(out->tp.dst) };

	if (ovs_key_attr_applies(key, OVS_KEY_ATTR_TCP)) {
		if (ovs_put_ports(OVS_KEY_ATTR_TCP, out, skb) ||
		    nla_put_be16(skb, OVS_KEY_ATTR_TCP_FLAGS, out->tp.flags))
			return -EMSGSIZE;
	} else if (ovs_key_attr_applies(key, OVS_KEY_ATTR_UDP)) {
		return ovs_put_ports(OVS_KEY_ATTR_UDP, out, skb);
	} else if (ovs_key_attr_applies(key, OVS_KEY_ATTR_SCTP)) {
		return ovs_put_ports(OVS_KEY_ATTR_SCTP, out, skb);
	} else if (ovs_key_attr_applies(key, OVS_KEY_ATTR_ICMP)) {
		return nla_put(skb, OVS_KEY_ATTR_ICMP, sizeof(icmp), icmp);
	} else if (ovs_key_attr_applies(key, OVS_KEY_ATTR_ICMPV6)) {
		struct ovs_key_nd nd;

		if (nla_put(skb, OVS_KEY_ATTR_ICMPV6, sizeof(icmp), icmp))
			return -EMSGSIZE;
		if (!ovs_key_attr_applies(key, OVS_KEY_ATTR_ND))
			return 0;
		memset(&nd, 0, sizeof(nd));
		memcpy(nd.nd_target, &out->ipv6.nd_target,
		       sizeof(nd.nd_target));
		ether_addr_copy(nd.nd_sll, out->ipv6.nd_sll);
		ether_addr_copy(nd.nd_tll, out->ipv6.nd_tll);
		return nla_put(skb, OVS_KEY_ATTR_ND, sizeof(nd), &nd);
	}
	return 0;
}

static int ovs_put_packet(const struct ovs_key *key, const struct ovs_key *out,
			  bool is_mask, struct sk_buff *skb)
{
	struct nlattr *encap = NULL;
	struct nlattr *in_encap = NULL;
	struct ovs_key_ethernet eth;
	int err;

	if (key->mac_proto != OVS_MAC_PROTO_ETHERNET)
		goto ethertype;

	ether_addr_copy(eth.eth_src, out->eth.src);
	ether_addr_copy(eth.eth_dst, out->eth.dst);
	if (nla_put(skb, OVS_KEY_ATTR_ETHERNET, sizeof(eth), &eth))
		return -EMSGSIZE;

	if (key->eth.vlan.tci || eth_type_vlan(key->eth.type)) {
		encap = ovs_put_vlan(out, &out->eth.vlan, is_mask, skb);
		if (!encap)
			return -EMSGSIZE;
		if (!key->eth.vlan.tci)
			goto close;
		if (key->eth.cvlan.tci || eth_type_vlan(key->eth.type)) {
			in_encap = ovs_put_vlan(out, &out->eth.cvlan, is_mask,
						skb);
			if (!in_encap)
				return -EMSGSIZE;
			if (!key->eth.cvlan.tci)
				goto close;
		}
	}

	/* 802.2: no ETHERTYPE in a key; in a mask, whether it was matched. */
	if (key->eth.type == htons(ETH_P_802_2)) {
		if (is_mask && out->eth.type &&
		    nla_put_be16(skb, OVS_KEY_ATTR_ETHERTYPE, out->eth.type))
			return -EMSGSIZE;
		goto close;
	}

ethertype:
	if (nla_put_be16(skb, OVS_KEY_ATTR_ETHERTYPE, out->eth.type))
		return -EMSGSIZE;
	/* A third tag: nothing is known past it. */
	if (eth_type_vlan(key->eth.type))
		goto close;
	err = ovs_put_l3(key, out, is_mask, skb);
	if (err)
		return err;
	err = ovs_put_l4(key, out, skb);
	if (err)
		return err;

close:
	if (in_encap)
		nla_nest_end(skb, in_encap);
	if (encap)
		nla_nest_end(skb, encap);
	return 0;
}

int ovs_key_to_attrs(const struct ovs_key *key, const struct ovs_key *output,
		     int attrtype, bool is_mask, struct sk_buff *skb)
{
	struct nlattr *start;
	int err;

	start = nla_nest_start_noflag(skb, attrtype);
	if (!start)
		return -EMSGSIZE;
	err = ovs_put_metadata(key, output, is_mask, skb);
	if (!err)
		err = ovs_put_packet(key, output, is_mask, skb);
	if (err) {
		nla_nest_cancel(skb, start);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, start);
	return 0;
}

size_t ovs_key_attrs_size(void)
{
	/*
	 * The longest layout: a mask for a QinQ IPv6 neighbour discovery,
	 * with an original tuple from userspace's key.
	 */
	return nla_total_size(0)			/* the nest itself */
		+ nla_total_size(4)			/* RECIRC_ID */
		+ nla_total_size(4)			/* DP_HASH */
		+ nla_total_size(4)			/* PRIORITY */
		+ nla_total_size(ovs_tun_attrs_size())	/* TUNNEL */
		+ nla_total_size(4)			/* IN_PORT */
		+ nla_total_size(4)			/* SKB_MARK */
		+ nla_total_size(4)			/* CT_STATE */
		+ nla_total_size(2)			/* CT_ZONE */
		+ nla_total_size(4)			/* CT_MARK */
		+ nla_total_size(sizeof(struct ovs_key_ct_labels))
		+ nla_total_size(sizeof(struct ovs_key_ct_tuple_ipv6))
		+ nla_total_size(sizeof(struct ovs_key_ethernet))
		+ 2 * (nla_total_size(2)		/* ETHERTYPE (TPID) */
		       + nla_total_size(2)		/* VLAN */
		       + nla_total_size(0))		/* ENCAP */
		+ nla_total_size(2)			/* ETHERTYPE */
		+ nla_total_size(sizeof(struct ovs_key_ipv6))
		+ nla_total_size(sizeof(struct ovs_key_ipv6_exthdrs))
		+ nla_total_size(sizeof(struct ovs_key_icmpv6))
		+ nla_total_size(sizeof(struct ovs_key_nd));
}
