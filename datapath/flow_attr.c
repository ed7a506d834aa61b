// SPDX-License-Identifier: GPL-2.0-only
/*
 * OVS_KEY_ATTR_* netlink attributes into a flow key and its mask.
 *
 * ovs-vswitchd 3.1 was written against the in-tree datapath, so the rules
 * are that datapath's: which attributes are refused and which are merely
 * ignored, the VLAN encap nesting, in_port and ethertype defaults, which
 * mask fields are always exact.  Where the in-tree code stored an ignored
 * attribute into key bytes another field shares, this one skips it: the
 * same flows are accepted and refused, but an ignored attribute cannot
 * change what a flow matches.
 *
 * A mask's all-zero attributes count as absent (wildcards), as in-tree.
 * Without a mask, the mask is built from the key's own attributes with
 * every value all ones: the in-tree exact match.
 *
 * The key comes back unmasked, as userspace gave it; the caller masks it
 * (the unmasked key also names a flow that has no UFID).
 */

#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/string.h>
#include <net/netlink.h>
#include <net/nsh.h>

#include "datapath.h"
#include "flow_attr.h"
#include "flow_attr_int.h"
#include "flow_key.h"
#include "linux/conntrack.h"

/* The attributes of one key or mask, its VLAN encap levels merged in. */
struct ovs_attr_set {
	const struct nlattr *a[OVS_KEY_ATTR_LAST + 1];
	u64 present;	/* taken; a mask's all-zero attributes are not */
	u64 seen;	/* for duplicates: all-zero ones too */
};

struct ovs_attr_parse {
	struct net *net;
	struct netlink_ext_ack *extack;
	bool log;
	bool is_mask;
	bool exact;			/* mask made from the key: all ones */
	const struct ovs_key *key;	/* for a mask: the key, parsed */
	struct ovs_key *out;		/* the key or the mask being filled */
	/*
	 * The last VLAN attribute taken, the key's first, then the mask's:
	 * what a mask's tag level without one (or with a zero one) gets.
	 */
	__be16 last_tci;
};

static int ovs_attr_perr(const struct ovs_attr_parse *p,
			 const struct nlattr *nla, const char *msg)
{
	return ovs_attr_fail(p->extack, p->log, nla, msg);
}

#define ovs_attr_err(p, nla, msg) ovs_attr_perr(p, nla, OVS_ATTR_PREFIX msg)

/* Lengths are checked on collection, so len never exceeds the payload. */
static void ovs_attr_read(const struct ovs_attr_parse *p,
			  const struct nlattr *nla, void *buf, size_t len)
{
	if (p->exact)
		memset(buf, 0xff, len);
	else
		memcpy(buf, nla_data(nla), len);
}

static __be16 ovs_attr_be16(const struct ovs_attr_parse *p,
			    const struct nlattr *nla)
{
	__be16 v;

	ovs_attr_read(p, nla, &v, sizeof(v));
	return v;
}

static u32 ovs_attr_u32(const struct ovs_attr_parse *p,
			const struct nlattr *nla)
{
	u32 v;

	ovs_attr_read(p, nla, &v, sizeof(v));
	return v;
}

static bool ovs_attr_is_zero(const struct ovs_attr_parse *p,
			     const struct nlattr *nla)
{
	if (p->exact)
		return !nla_len(nla);
	return !memchr_inv(nla_data(nla), 0, nla_len(nla));
}

static int ovs_attr_collect(struct ovs_attr_parse *p,
			    const struct nlattr *attr, struct ovs_attr_set *set)
{
	const struct nlattr *nla;
	int rem;

	nla_for_each_nested(nla, attr, rem) {
		int type = nla_type(nla);
		int len = ovs_key_attr_len(type);

		if (type == OVS_KEY_ATTR_ND_EXTENSIONS)
			return ovs_attr_err(p, nla,
					    "ND extensions are not supported by this datapath");
		/*
		 * The in-tree module refuses it in keys, masks and packet
		 * keys alike; vswitchd says L3 with an ethertype and no
		 * ETHERNET instead.
		 */
		if (type == OVS_KEY_ATTR_PACKET_TYPE)
			return ovs_attr_err(p, nla,
					    "packet type attribute is not supported by this datapath");
		if (len == OVS_KEY_ATTR_LEN_INVALID)
			return ovs_attr_err(p, nla,
					    "unknown or kernel-internal key attribute");
		if (set->seen & BIT_ULL(type))
			return ovs_attr_err(p, nla, "duplicate key attribute");
		if (len >= 0 && nla_len(nla) != len)
			return ovs_attr_err(p, nla,
					    "key attribute has the wrong length");
		set->seen |= BIT_ULL(type);
		if (p->is_mask && ovs_attr_is_zero(p, nla))
			continue;
		set->present |= BIT_ULL(type);
		set->a[type] = nla;
		if (type == OVS_KEY_ATTR_VLAN)
			p->last_tci = ovs_attr_be16(p, nla);
	}
	if (rem)
		return ovs_attr_err(p, attr,
				    "key attributes end in a partial attribute");
	return 0;
}

/*
 * One VLAN level: ETHERTYPE (the TPID), VLAN (the TCI) and ENCAP (the rest
 * of the frame).  Returns 1 when the level was a tag and its encap was
 * merged into set, 0 when it was no tag, or an error.
 */
static int ovs_attr_vlan(struct ovs_attr_parse *p, struct ovs_attr_set *set,
			 bool inner)
{
	const struct ovs_key_vlan_tag *key_tag = inner ? &p->key->eth.cvlan :
							 &p->key->eth.vlan;
	struct ovs_key_vlan_tag *tag = inner ? &p->out->eth.cvlan :
					       &p->out->eth.vlan;
	const u64 level = OVS_KEY_BIT(ETHERTYPE) | OVS_KEY_BIT(VLAN) |
			  OVS_KEY_BIT(ENCAP);
	const struct nlattr *encap = set->a[OVS_KEY_ATTR_ENCAP];
	const struct nlattr *vlan = set->a[OVS_KEY_ATTR_VLAN];
	u64 has = set->present;
	__be16 tpid = 0;
	__be16 tci = 0;

	if (has & OVS_KEY_BIT(VLAN))
		tci = ovs_attr_be16(p, vlan);
	if (has & OVS_KEY_BIT(ETHERTYPE))
		tpid = ovs_attr_be16(p, set->a[OVS_KEY_ATTR_ETHERTYPE]);

	if (!p->is_mask) {
		if (!(has & OVS_KEY_BIT(ETHERNET)) ||
		    !(has & OVS_KEY_BIT(ETHERTYPE)) || !eth_type_vlan(tpid))
			return 0;
		if (!(has & OVS_KEY_BIT(VLAN)) || !(has & OVS_KEY_BIT(ENCAP)))
			return ovs_attr_err(p, set->a[OVS_KEY_ATTR_ETHERTYPE],
					    "VLAN frame without VLAN and encap attributes");
		if (!(tci & htons(VLAN_CFI_MASK))) {
			if (tci)
				return ovs_attr_err(p, vlan,
						    "VLAN TCI without the CFI bit");
			if (nla_len(encap))
				return ovs_attr_err(p, encap,
						    "truncated VLAN header with a nonempty encap");
			/*
			 * A tag cut short: no tag, and the TPID is the
			 * frame's ethertype, as extraction reports it.
			 */
			set->present &= ~(OVS_KEY_BIT(VLAN) | OVS_KEY_BIT(ENCAP));
			return 0;
		}
	} else {
		if (!(has & OVS_KEY_BIT(ENCAP)))
			return 0;
		if (!(key_tag->tci & htons(VLAN_CFI_MASK)))
			return ovs_attr_err(p, encap,
					    "encap mask for a frame without that VLAN tag");
		/*
		 * Without a TCI mask (a zero one is dropped as a wildcard) the
		 * in-tree datapath takes the last VLAN attribute it parsed.
		 * With one tag that is the key's own TCI.  With two it is the
		 * key's inner TCI for the outer level (refused if that tag was
		 * cut short: no CFI bit), and for the inner level the mask's
		 * outer TCI if it gave one, else the key's inner TCI.
		 */
		if (!(has & OVS_KEY_BIT(VLAN)))
			tci = p->last_tci;
		if (tpid != htons(0xffff))
			return ovs_attr_err(p, set->a[OVS_KEY_ATTR_ETHERTYPE],
					    "VLAN TPID must be matched exactly");
		if (!(tci & htons(VLAN_CFI_MASK)))
			return ovs_attr_err(p, vlan,
					    "VLAN CFI bit must be matched exactly");
	}

	tag->tpid = tpid;
	tag->tci = tci;
	set->present &= ~level;
	set->seen &= ~level;
	set->a[OVS_KEY_ATTR_ETHERTYPE] = NULL;
	set->a[OVS_KEY_ATTR_VLAN] = NULL;
	set->a[OVS_KEY_ATTR_ENCAP] = NULL;
	return ovs_attr_collect(p, encap, set) ?: 1;
}

/* Two levels at most: 802.1ad QinQ; a third tag ends the key. */
static int ovs_attr_vlans(struct ovs_attr_parse *p, struct ovs_attr_set *set)
{
	int err;

	err = ovs_attr_vlan(p, set, false);
	if (err <= 0)
		return err;
	if (!(p->key->eth.vlan.tci & htons(VLAN_CFI_MASK)))
		return 0;
	err = ovs_attr_vlan(p, set, true);
	return err < 0 ? err : 0;
}

/* TUNNEL: the outer headers of a packet from a tunnel (flow_attr_tun.c). */
static int ovs_attr_tun(struct ovs_attr_parse *p, const struct ovs_attr_set *set)
{
	/* A mask made from the key: exact on all of the key's tunnel. */
	if (p->exact) {
		ovs_tun_mask_exact(p->key, p->out);
		return 0;
	}
	if (!(set->present & OVS_KEY_BIT(TUNNEL)))
		return 0;
	return ovs_tun_from_attr(set->a[OVS_KEY_ATTR_TUNNEL], p->key, p->out,
				 p->is_mask, false, p->log, p->extack);
}

/*
 * Conntrack fields.  Those the kernel does not track (zones, marks, labels
 * are kernel options) are refused, as in-tree.  Both original tuples may
 * be given; the IPv6 one, taken last, wins, and the key checks refuse a
 * mask on the one that does not fit the ethertype.
 */
static int ovs_attr_ct(struct ovs_attr_parse *p, const struct ovs_attr_set *set)
{
	static const int fields[] = {
		OVS_KEY_ATTR_CT_STATE, OVS_KEY_ATTR_CT_ZONE,
		OVS_KEY_ATTR_CT_MARK, OVS_KEY_ATTR_CT_LABELS,
	};
	const struct nlattr * const *a = set->a;
	struct ovs_key *out = p->out;
	u64 has = set->present;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if ((has & BIT_ULL(fields[i])) &&
		    !ovs_ct_key_attr_supported(p->net, fields[i]))
			return ovs_attr_err(p, a[fields[i]],
					    "conntrack field not tracked by this kernel");

	if (has & OVS_KEY_BIT(CT_STATE)) {
		u32 state = ovs_attr_u32(p, a[OVS_KEY_ATTR_CT_STATE]);

		/* An exact mask covers the bits there are, as in-tree. */
		if (p->exact)
			state = OVS_CT_STATE_SUPPORTED;
		else if (state & ~OVS_CT_STATE_SUPPORTED)
			return ovs_attr_err(p, a[OVS_KEY_ATTR_CT_STATE],
					    "ct_state flags not supported by this datapath");
		out->ct.state = state;
	}
	if (has & OVS_KEY_BIT(CT_ZONE))
		ovs_attr_read(p, a[OVS_KEY_ATTR_CT_ZONE], &out->ct.zone,
			      sizeof(out->ct.zone));
	if (has & OVS_KEY_BIT(CT_MARK))
		out->ct.mark = ovs_attr_u32(p, a[OVS_KEY_ATTR_CT_MARK]);
	if (has & OVS_KEY_BIT(CT_LABELS))
		ovs_attr_read(p, a[OVS_KEY_ATTR_CT_LABELS], out->ct.labels,
			      sizeof(out->ct.labels));
	if (has & OVS_KEY_BIT(CT_ORIG_TUPLE_IPV4)) {
		struct ovs_key_ct_tuple_ipv4 t;

		ovs_attr_read(p, a[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4], &t,
			      sizeof(t));
		out->ct.orig.ipv4.src = t.ipv4_src;
		out->ct.orig.ipv4.dst = t.ipv4_dst;
		out->ct.orig_src_port = t.src_port;
		out->ct.orig_dst_port = t.dst_port;
		out->ct.orig_proto = t.ipv4_proto;
	}
	if (has & OVS_KEY_BIT(CT_ORIG_TUPLE_IPV6)) {
		struct ovs_key_ct_tuple_ipv6 t;

		ovs_attr_read(p, a[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6], &t,
			      sizeof(t));
		memcpy(&out->ct.orig.ipv6.src, t.ipv6_src,
		       sizeof(out->ct.orig.ipv6.src));
		memcpy(&out->ct.orig.ipv6.dst, t.ipv6_dst,
		       sizeof(out->ct.orig.ipv6.dst));
		out->ct.orig_src_port = t.src_port;
		out->ct.orig_dst_port = t.dst_port;
		out->ct.orig_proto = t.ipv6_proto;
	}
	return 0;
}

static int ovs_attr_ethertype(struct ovs_attr_parse *p,
			      const struct ovs_attr_set *set)
{
	const struct nlattr *nla = set->a[OVS_KEY_ATTR_ETHERTYPE];
	__be16 type;

	if (p->is_mask) {
		/* Always an exact match on the ethertype. */
		p->out->eth.type = htons(0xffff);
		return 0;
	}
	type = ovs_attr_be16(p, nla);
	if (!eth_proto_is_802_3(type))
		return ovs_attr_err(p, nla, "ethertype below 0x600");
	p->out->eth.type = type;
	return 0;
}

/* What the packet's port and skb give it, and whether it has an L2 header. */
static int ovs_attr_metadata(struct ovs_attr_parse *p, struct ovs_attr_set *set)
{
	const struct nlattr * const *a = set->a;
	struct ovs_key *out = p->out;
	u64 has = set->present;
	u8 mac_proto;
	int err;

	if (has & OVS_KEY_BIT(DP_HASH))
		out->dp_hash = ovs_attr_u32(p, a[OVS_KEY_ATTR_DP_HASH]);
	if (has & OVS_KEY_BIT(RECIRC_ID))
		out->recirc_id = ovs_attr_u32(p, a[OVS_KEY_ATTR_RECIRC_ID]);
	if (has & OVS_KEY_BIT(PRIORITY))
		out->priority = ovs_attr_u32(p, a[OVS_KEY_ATTR_PRIORITY]);
	if (has & OVS_KEY_BIT(SKB_MARK))
		out->skb_mark = ovs_attr_u32(p, a[OVS_KEY_ATTR_SKB_MARK]);
	if (has & OVS_KEY_BIT(IN_PORT)) {
		u32 port = ovs_attr_u32(p, a[OVS_KEY_ATTR_IN_PORT]);

		if (p->is_mask)
			port = U32_MAX;	/* always exact */
		else if (port >= OVS_DP_MAX_PORTS)
			return ovs_attr_err(p, a[OVS_KEY_ATTR_IN_PORT],
					    "input port out of range");
		out->in_port = port;
	} else if (!p->is_mask) {
		out->in_port = OVS_DP_MAX_PORTS;
	}

	err = ovs_attr_tun(p, set);
	if (err)
		return err;
	err = ovs_attr_ct(p, set);
	if (err)
		return err;

	/* An ethertype without an Ethernet header: an L3 packet. */
	if (!(has & OVS_KEY_BIT(ETHERNET)) && (has & OVS_KEY_BIT(ETHERTYPE)))
		mac_proto = OVS_MAC_PROTO_NONE;
	else
		mac_proto = OVS_MAC_PROTO_ETHERNET;
	/* Always an exact match on the L2 header's presence. */
	out->mac_proto = p->is_mask ? 0xff : mac_proto;

	if (!p->is_mask && mac_proto == OVS_MAC_PROTO_NONE &&
	    (has & OVS_KEY_BIT(ETHERTYPE)))
		return ovs_attr_ethertype(p, set);
	return 0;
}

static int ovs_attr_eth(struct ovs_attr_parse *p, const struct ovs_attr_set *set)
{
	const struct nlattr * const *a = set->a;
	struct ovs_key *out = p->out;
	u64 has = set->present;
	int err;

	/* VLAN levels were taken off already: these are out of place. */
	if (has & (OVS_KEY_BIT(VLAN) | OVS_KEY_BIT(ENCAP)))
		return ovs_attr_err(p, a[OVS_KEY_ATTR_VLAN] ?: a[OVS_KEY_ATTR_ENCAP],
				    "VLAN or encap attribute where no VLAN tag can be");

	if (has & OVS_KEY_BIT(ETHERNET)) {
		struct ovs_key_ethernet eth;

		ovs_attr_read(p, a[OVS_KEY_ATTR_ETHERNET], &eth, sizeof(eth));
		ether_addr_copy(out->eth.src, eth.eth_src);
		ether_addr_copy(out->eth.dst, eth.eth_dst);
	}

	if (has & OVS_KEY_BIT(ETHERTYPE)) {
		err = ovs_attr_ethertype(p, set);
		if (err)
			return err;
	} else if (!p->is_mask && (has & OVS_KEY_BIT(ETHERNET))) {
		/* No ethertype in an Ethernet key: an 802.2 frame. */
		out->eth.type = htons(ETH_P_802_2);
	}

	if (!p->key->eth.type)
		return ovs_attr_err(p, NULL,
				    "either an Ethernet header or an ethertype is required");
	return 0;
}

/* NSH: BASE and MD type 1 context; MD type 2 is not matched on. */
static int ovs_attr_nsh(struct ovs_attr_parse *p, const struct nlattr *attr,
			struct ovs_key_nsh_fields *nsh)
{
	const struct nlattr *nla;
	bool has_md1 = false;
	u8 mdtype = 0;
	u32 seen = 0;
	int rem;

	nla_for_each_nested(nla, attr, rem) {
		int type = nla_type(nla);
		int len = ovs_nsh_key_attr_len(type);
		struct ovs_nsh_key_base base;
		struct ovs_nsh_key_md1 md1;

		if (len == OVS_KEY_ATTR_LEN_INVALID)
			return ovs_attr_err(p, nla, "unknown NSH key attribute");
		if (seen & BIT(type))
			return ovs_attr_err(p, nla, "duplicate NSH key attribute");
		seen |= BIT(type);
		if (len >= 0 && nla_len(nla) != len)
			return ovs_attr_err(p, nla,
					    "NSH key attribute has the wrong length");

		switch (type) {
		case OVS_NSH_KEY_ATTR_BASE:
			ovs_attr_read(p, nla, &base, sizeof(base));
			nsh->flags = base.flags;
			nsh->ttl = base.ttl;
			nsh->mdtype = base.mdtype;
			nsh->np = base.np;
			nsh->path_hdr = base.path_hdr;
			mdtype = base.mdtype;
			break;
		case OVS_NSH_KEY_ATTR_MD1:
			ovs_attr_read(p, nla, &md1, sizeof(md1));
			memcpy(nsh->context, md1.context, sizeof(nsh->context));
			has_md1 = true;
			break;
		default:
			return ovs_attr_err(p, nla,
					    "NSH MD type 2 is not supported by this datapath");
		}
	}
	if (rem)
		return ovs_attr_err(p, attr, "NSH key ends in a partial attribute");
	if (!p->is_mask && has_md1 && mdtype != NSH_M_TYPE1)
		return ovs_attr_err(p, attr, "NSH MD1 context with another MD type");
	return 0;
}

static int ovs_attr_mpls(struct ovs_attr_parse *p, const struct nlattr *nla,
			 bool store)
{
	__be32 lse[OVS_KEY_MPLS_DEPTH];
	int len = nla_len(nla);

	if (!len || len % sizeof(__be32) || len > sizeof(lse))
		return ovs_attr_err(p, nla,
				    "MPLS attribute must hold 1 to 3 label stack entries");
	ovs_attr_read(p, nla, lse, len);
	if (store)
		memcpy(p->out->mpls.lse, lse, len);
	return 0;
}

/*
 * Values are checked whether or not they apply to the key (the in-tree
 * datapath refuses a bad value either way) but only stored where they do.
 */
static int ovs_attr_l3(struct ovs_attr_parse *p, const struct ovs_attr_set *set)
{
	const struct nlattr * const *a = set->a;
	const struct ovs_key *key = p->key;
	struct ovs_key *out = p->out;
	u64 has = set->present;

	if (has & OVS_KEY_BIT(IPV4)) {
		struct ovs_key_ipv4 ip;

		ovs_attr_read(p, a[OVS_KEY_ATTR_IPV4], &ip, sizeof(ip));
		if (!p->is_mask && ip.ipv4_frag > OVS_FRAG_TYPE_MAX)
			return ovs_attr_err(p, a[OVS_KEY_ATTR_IPV4],
					    "IPv4 fragment type out of range");
		if (ovs_key_attr_applies(key, OVS_KEY_ATTR_IPV4)) {
			out->ip.proto = ip.ipv4_proto;
			out->ip.tos = ip.ipv4_tos;
			out->ip.ttl = ip.ipv4_ttl;
			out->ip.frag = ip.ipv4_frag;
			out->ipv4.src = ip.ipv4_src;
			out->ipv4.dst = ip.ipv4_dst;
		}
	}

	if (has & OVS_KEY_BIT(IPV6)) {
		struct ovs_key_ipv6 ip;

		ovs_attr_read(p, a[OVS_KEY_ATTR_IPV6], &ip, sizeof(ip));
		if (!p->is_mask && ip.ipv6_frag > OVS_FRAG_TYPE_MAX)
			return ovs_attr_err(p, a[OVS_KEY_ATTR_IPV6],
					    "IPv6 fragment type out of range");
		if (!p->is_mask && (ip.ipv6_label & htonl(0xfff00000)))
			return ovs_attr_err(p, a[OVS_KEY_ATTR_IPV6],
					    "IPv6 flow label wider than 20 bits");
		if (ovs_key_attr_applies(key, OVS_KEY_ATTR_IPV6)) {
			out->ip.proto = ip.ipv6_proto;
			out->ip.tos = ip.ipv6_tclass;
			out->ip.ttl = ip.ipv6_hlimit;
			out->ip.frag = ip.ipv6_frag;
			out->ipv6.label = ip.ipv6_label;
			memcpy(&out->ipv6.src, ip.ipv6_src, sizeof(out->ipv6.src));
			memcpy(&out->ipv6.dst, ip.ipv6_dst, sizeof(out->ipv6.dst));
		}
	}

	if ((has & OVS_KEY_BIT(IPV6_EXTHDRS)) &&
	    ovs_key_attr_applies(key, OVS_KEY_ATTR_IPV6_EXTHDRS)) {
		struct ovs_key_ipv6_exthdrs ext;

		ovs_attr_read(p, a[OVS_KEY_ATTR_IPV6_EXTHDRS], &ext, sizeof(ext));
		out->ipv6.exthdrs = ext.hdrs;
	}

	if (has & OVS_KEY_BIT(ARP)) {
		struct ovs_key_arp arp;

		ovs_attr_read(p, a[OVS_KEY_ATTR_ARP], &arp, sizeof(arp));
		if (!p->is_mask && (arp.arp_op & htons(0xff00)))
			return ovs_attr_err(p, a[OVS_KEY_ATTR_ARP],
					    "ARP opcode above 255");
		if (ovs_key_attr_applies(key, OVS_KEY_ATTR_ARP)) {
			out->ipv4.src = arp.arp_sip;
			out->ipv4.dst = arp.arp_tip;
			out->ip.proto = ntohs(arp.arp_op) & 0xff;
			ether_addr_copy(out->ipv4.arp_sha, arp.arp_sha);
			ether_addr_copy(out->ipv4.arp_tha, arp.arp_tha);
		}
	}

	if (has & OVS_KEY_BIT(NSH)) {
		struct ovs_key_nsh_fields nsh;
		int err;

		memset(&nsh, 0, sizeof(nsh));
		err = ovs_attr_nsh(p, a[OVS_KEY_ATTR_NSH], &nsh);
		if (err)
			return err;
		if (ovs_key_attr_applies(key, OVS_KEY_ATTR_NSH))
			out->nsh = nsh;
	}

	if (has & OVS_KEY_BIT(MPLS))
		return ovs_attr_mpls(p, a[OVS_KEY_ATTR_MPLS],
				     ovs_key_attr_applies(key, OVS_KEY_ATTR_MPLS));
	return 0;
}

/* Transport ports: TCP, UDP and SCTP share a layout, first src then dst. */
static void ovs_attr_ports(struct ovs_attr_parse *p,
			   const struct ovs_attr_set *set, int type)
{
	__be16 ports[2];

	if (!(set->present & BIT_ULL(type)) ||
	    !ovs_key_attr_applies(p->key, type))
		return;
	ovs_attr_read(p, set->a[type], ports, sizeof(ports));
	p->out->tp.src = ports[0];
	p->out->tp.dst = ports[1];
}

/* ICMP and ICMPv6: type, code; the key keeps them in tp, network order. */
static void ovs_attr_icmp(struct ovs_attr_parse *p,
			  const struct ovs_attr_set *set, int type)
{
	u8 tc[2];

	if (!(set->present & BIT_ULL(type)) ||
	    !ovs_key_attr_applies(p->key, type))
		return;
	ovs_attr_read(p, set->a[type], tc, sizeof(tc));
	p->out->tp.src = htons(tc[0]);
	p->out->tp.dst = htons(tc[1]);
}

static void ovs_attr_l4(struct ovs_attr_parse *p, const struct ovs_attr_set *set)
{
	struct ovs_key *out = p->out;

	BUILD_BUG_ON(sizeof(struct ovs_key_tcp) != 2 * sizeof(__be16));
	BUILD_BUG_ON(sizeof(struct ovs_key_udp) != 2 * sizeof(__be16));
	BUILD_BUG_ON(sizeof(struct ovs_key_sctp) != 2 * sizeof(__be16));
	BUILD_BUG_ON(sizeof(struct ovs_key_icmp) != 2);
	BUILD_BUG_ON(sizeof(struct ovs_key_icmpv6) != 2);

	ovs_attr_ports(p, set, OVS_KEY_ATTR_TCP);
	if ((set->present & OVS_KEY_BIT(TCP_FLAGS)) &&
	    ovs_key_attr_applies(p->key, OVS_KEY_ATTR_TCP_FLAGS))
		out->tp.flags = ovs_attr_be16(p, set->a[OVS_KEY_ATTR_TCP_FLAGS]);
	ovs_attr_ports(p, set, OVS_KEY_ATTR_UDP);
	ovs_attr_ports(p, set, OVS_KEY_ATTR_SCTP);
	ovs_attr_icmp(p, set, OVS_KEY_ATTR_ICMP);
	ovs_attr_icmp(p, set, OVS_KEY_ATTR_ICMPV6);

	if ((set->present & OVS_KEY_BIT(ND)) &&
	    ovs_key_attr_applies(p->key, OVS_KEY_ATTR_ND)) {
		struct ovs_key_nd nd;

		ovs_attr_read(p, set->a[OVS_KEY_ATTR_ND], &nd, sizeof(nd));
		memcpy(&out->ipv6.nd_target, nd.nd_target,
		       sizeof(out->ipv6.nd_target));
		ether_addr_copy(out->ipv6.nd_sll, nd.nd_sll);
		ether_addr_copy(out->ipv6.nd_tll, nd.nd_tll);
	}
}

/*
 * The original tuple as the way back writes it: none where the key has
 * no protocol for it or is not IP, only the IPv4 part in an IPv4 key.
 * What this drops cannot be matched: a mask on it is refused, or no
 * packet's key holds it.
 */
static void ovs_attr_ct_orig_fixup(struct ovs_key *key)
{
	if (!key->ct.orig_proto ||
	    (!ovs_key_is_ipv4(key) && !ovs_key_is_ipv6(key))) {
		key->ct.orig_proto = 0;
		key->ct.orig_src_port = 0;
		key->ct.orig_dst_port = 0;
		memset(&key->ct.orig, 0, sizeof(key->ct.orig));
	} else if (ovs_key_is_ipv4(key)) {
		__be32 src = key->ct.orig.ipv4.src;
		__be32 dst = key->ct.orig.ipv4.dst;

		memset(&key->ct.orig, 0, sizeof(key->ct.orig));
		key->ct.orig.ipv4.src = src;
		key->ct.orig.ipv4.dst = dst;
	}
}

/* One key or one mask, from its nested attribute attr. */
static int ovs_attr_parse(struct ovs_attr_parse *p, const struct nlattr *attr,
			  struct ovs_attr_set *set)
{
	int err;

	err = ovs_attr_collect(p, attr, set);
	if (err)
		return err;
	err = ovs_attr_vlans(p, set);
	if (err)
		return err;
	err = ovs_attr_metadata(p, set);
	if (err)
		return err;
	err = ovs_attr_eth(p, set);
	if (err)
		return err;
	err = ovs_attr_l3(p, set);
	if (err)
		return err;
	ovs_attr_l4(p, set);
	return 0;
}

/*
 * mask may be NULL: the key alone, as a flow get or delete by key gives it.
 * range may be NULL.  On error key and mask hold partial results.
 */
int ovs_key_from_attrs(struct net *net, const struct nlattr *key_attr,
		       const struct nlattr *mask_attr, struct ovs_key *key,
		       struct ovs_key *mask, struct ovs_key_range *range,
		       bool log, struct netlink_ext_ack *extack)
{
	struct ovs_attr_parse p = {
		.net = net,
		.extack = extack,
		.log = log,
		.key = key,
		.out = key,
	};
	struct ovs_attr_set set;
	u64 key_attrs, mask_attrs = 0;
	int err;

	memset(key, 0, sizeof(*key));
	if (mask)
		memset(mask, 0, sizeof(*mask));
	if (range)
		memset(range, 0, sizeof(*range));
	if (!key_attr)
		return ovs_attr_err(&p, NULL, "flow key required");

	memset(&set, 0, sizeof(set));
	err = ovs_attr_parse(&p, key_attr, &set);
	if (err)
		return err;
	key_attrs = set.present;
	ovs_attr_ct_orig_fixup(key);

	if (mask) {
		p.is_mask = true;
		p.exact = !mask_attr;
		p.out = mask;
		/* Always exact on the TCIs: no tag matches only no tag. */
		mask->eth.vlan.tci = htons(0xffff);
		mask->eth.cvlan.tci = htons(0xffff);
		memset(&set, 0, sizeof(set));
		err = ovs_attr_parse(&p, mask_attr ?: key_attr, &set);
		if (err)
			return err;
		mask_attrs = set.present;
	}

	err = ovs_key_attrs_check(key, mask, key_attrs, mask_attrs, log,
				  extack);
	if (err)
		return err;
	if (mask && range)
		ovs_key_mask_range(mask, range);
	return 0;
}

/*
 * The attributes are checked as a flow key's are (types, lengths,
 * duplicates, unsupported state); of the values only the metadata is
 * taken: the packet's own headers give the rest.
 */
int ovs_key_metadata_from_attrs(struct net *net, const struct nlattr *key_attr,
				struct ovs_key *key, bool log,
				struct netlink_ext_ack *extack)
{
	struct ovs_attr_parse p = {
		.net = net,
		.extack = extack,
		.log = log,
		.key = key,
		.out = key,
	};
	struct ovs_attr_set set;
	int err;

	memset(key, 0, sizeof(*key));
	if (!key_attr)
		return ovs_attr_err(&p, NULL, "flow key required");
	memset(&set, 0, sizeof(set));
	err = ovs_attr_collect(&p, key_attr, &set);
	if (err)
		return err;
	return ovs_attr_metadata(&p, &set);
}
