// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tunnel metadata as the nested OVS_TUNNEL_KEY_ATTR_* attributes, both
 * ways: a flow key's and mask's OVS_KEY_ATTR_TUNNEL (struct ovs_key's tun
 * and tun_opts), the tunnel a set(tunnel()) names, and the transmit
 * metadata of an upcall's OVS_PACKET_ATTR_EGRESS_TUN_KEY.
 *
 * What is accepted and what appears follows the in-tree datapath, since
 * ovs-vswitchd parses and builds both the same way: the id only with the
 * key flag; the addresses of the tunnel's family, each only when set; TOS
 * when set, TTL always; each flag as a flag attribute; ports when set;
 * options by the flag naming their format.  A bridge-mode tunnel (a
 * VLAN-to-tunnel-id mapping, no endpoints) is its id and the bridge flag,
 * nothing else.  Unlike in-tree, an attribute given twice is refused, and
 * an ignored attribute never lands in key bytes another field uses.
 */

#include <linux/in6.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/openvswitch.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/vxlan.h>

#include "flow_attr.h"
#include "flow_attr_int.h"
#include "flow_key.h"
#include "linux/tunnel_md.h"

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

/* --- parsing ---------------------------------------------------------- */

struct ovs_tun_parse {
	struct netlink_ext_ack *extack;
	bool log;
	bool is_mask;
	bool for_set;			/* set(tunnel()), not a flow key */
	const struct ovs_key *key;	/* for a mask: the key, parsed */
	struct ovs_key *out;
	bool ipv4, ipv6, ttl, bridge;
	int opts_type;			/* the options attribute, or 0 */
};

static int ovs_tun_perr(const struct ovs_tun_parse *p,
			const struct nlattr *nla, const char *msg)
{
	return ovs_attr_fail(p->extack, p->log, nla, msg);
}

#define ovs_tun_err(p, nla, msg) ovs_tun_perr(p, nla, OVS_ATTR_PREFIX msg)

/* Options of len bytes from data, with their format flag. */
static int ovs_tun_opts(struct ovs_tun_parse *p, const struct nlattr *nla,
			const void *data, int len, u16 flag)
{
	struct ovs_key *out = p->out;

	if (p->opts_type)
		return ovs_tun_err(p, nla,
				   "tunnel key has more than one kind of options");
	if (len > OVS_KEY_TUN_OPTS_MAX)
		return ovs_tun_err(p, nla, "tunnel options are too long");
	/*
	 * The length is matched exactly (a packet with more options of the
	 * same format is another flow); a mask's options line up with the
	 * key's, so they must be as long.
	 */
	if (p->is_mask) {
		if (flag == OVS_TUN_F_GENEVE_OPT && len != p->key->tun.opts_len)
			return ovs_tun_err(p, nla,
					   "Geneve options mask is not as long as the key's options");
		out->tun.opts_len = 0xff;
	} else {
		out->tun.opts_len = len;
	}
	memcpy(ovs_key_tun_opts(out, len), data, len);
	/* As the tunnel devices say it: no options, no format. */
	if (len)
		out->tun.flags |= flag;
	p->opts_type = nla_type(nla);
	return 0;
}

static int ovs_tun_vxlan(struct ovs_tun_parse *p, const struct nlattr *attr)
{
	struct vxlan_metadata md = { 0 };
	const struct nlattr *nla;
	bool gbp = false;
	int rem;

	nla_for_each_nested(nla, attr, rem) {
		if (nla_type(nla) != OVS_VXLAN_EXT_GBP)
			return ovs_tun_err(p, nla, "unknown VXLAN extension");
		if (nla_len(nla) != sizeof(u32))
			return ovs_tun_err(p, nla,
					   "VXLAN GBP extension has the wrong length");
		if (gbp)
			return ovs_tun_err(p, nla,
					   "duplicate VXLAN GBP extension");
		md.gbp = nla_get_u32(nla);
		gbp = true;
	}
	if (rem)
		return ovs_tun_err(p, attr,
				   "VXLAN options end in a partial attribute");
	return ovs_tun_opts(p, attr, &md, sizeof(md), OVS_TUN_F_VXLAN_OPT);
}

static int ovs_tun_attr(struct ovs_tun_parse *p, const struct nlattr *nla)
{
	struct ovs_key_tun *t = &p->out->tun;

	switch (nla_type(nla)) {
	case OVS_TUNNEL_KEY_ATTR_ID:
		t->id = nla_get_be64(nla);
		t->flags |= OVS_TUN_F_KEY;
		break;
	case OVS_TUNNEL_KEY_ATTR_IPV4_SRC:
		t->ipv4.src = nla_get_in_addr(nla);
		p->ipv4 = true;
		break;
	case OVS_TUNNEL_KEY_ATTR_IPV4_DST:
		t->ipv4.dst = nla_get_in_addr(nla);
		p->ipv4 = true;
		break;
	case OVS_TUNNEL_KEY_ATTR_IPV6_SRC:
		t->ipv6.src = nla_get_in6_addr(nla);
		p->ipv6 = true;
		break;
	case OVS_TUNNEL_KEY_ATTR_IPV6_DST:
		t->ipv6.dst = nla_get_in6_addr(nla);
		p->ipv6 = true;
		break;
	case OVS_TUNNEL_KEY_ATTR_TOS:
		t->tos = nla_get_u8(nla);
		break;
	case OVS_TUNNEL_KEY_ATTR_TTL:
		t->ttl = nla_get_u8(nla);
		p->ttl = true;
		break;
	case OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT:
		t->flags |= OVS_TUN_F_DONT_FRAGMENT;
		break;
	case OVS_TUNNEL_KEY_ATTR_CSUM:
		t->flags |= OVS_TUN_F_CSUM;
		break;
	case OVS_TUNNEL_KEY_ATTR_OAM:
		t->flags |= OVS_TUN_F_OAM;
		break;
	case OVS_TUNNEL_KEY_ATTR_TP_SRC:
		t->tp_src = nla_get_be16(nla);
		break;
	case OVS_TUNNEL_KEY_ATTR_TP_DST:
		t->tp_dst = nla_get_be16(nla);
		break;
	case OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS:
		/* TLVs of 4-byte words; their inner layout is not matched. */
		if (nla_len(nla) % 4)
			return ovs_tun_err(p, nla,
					   "Geneve options are not a multiple of 4 bytes");
		return ovs_tun_opts(p, nla, nla_data(nla), nla_len(nla),
				    OVS_TUN_F_GENEVE_OPT);
	case OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS:
		return ovs_tun_opts(p, nla, nla_data(nla), nla_len(nla),
				    OVS_TUN_F_ERSPAN_OPT);
	case OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS:
		return ovs_tun_vxlan(p, nla);
	case OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE:
		p->bridge = true;
		p->ipv4 = true;
		break;
	}
	return 0;
}

/* A key's tunnel must say where it goes (or be a bridge-mode mapping). */
static int ovs_tun_check_key(struct ovs_tun_parse *p, const struct nlattr *attr)
{
	const struct ovs_key_tun *t = &p->out->tun;

	if (!p->ipv4 && !p->ipv6)
		return ovs_tun_err(p, attr, "tunnel key has no destination address");
	if (p->bridge) {
		/* A mapping for a device to fill in, never a packet's tunnel. */
		if (!p->for_set)
			return ovs_tun_err(p, attr,
					   "bridge-mode tunnel in a flow key");
		if (t->ipv4.src || t->ipv4.dst || t->tp_src || t->tp_dst ||
		    t->ttl || t->tos || (t->flags & ~OVS_TUN_F_KEY))
			return ovs_tun_err(p, attr,
					   "bridge-mode tunnel key with more than an id");
		return 0;
	}
	if (p->ipv4 && !t->ipv4.dst)
		return ovs_tun_err(p, attr, "IPv4 tunnel destination is zero");
	if (p->ipv6 && ipv6_addr_any(&t->ipv6.dst))
		return ovs_tun_err(p, attr, "IPv6 tunnel destination is zero");
	if (!p->ttl)
		return ovs_tun_err(p, attr, "tunnel key has no TTL");
	return 0;
}

int ovs_tun_from_attr(const struct nlattr *attr, const struct ovs_key *key,
		      struct ovs_key *out, bool is_mask, bool for_set, bool log,
		      struct netlink_ext_ack *extack)
{
	struct ovs_tun_parse p = {
		.extack = extack,
		.log = log,
		.is_mask = is_mask,
		.for_set = for_set,
		.key = key,
		.out = out,
	};
	const struct nlattr *nla;
	u32 seen = 0;
	int rem, err;

	BUILD_BUG_ON(OVS_TUNNEL_KEY_ATTR_MAX >= 32);
	nla_for_each_nested(nla, attr, rem) {
		int type = nla_type(nla);
		int len = ovs_tunnel_key_attr_len(type);

		if (type == OVS_TUNNEL_KEY_ATTR_PAD)
			continue;
		if (len == OVS_KEY_ATTR_LEN_INVALID)
			return ovs_tun_err(&p, nla, "unknown tunnel key attribute");
		if (len >= 0 && nla_len(nla) != len)
			return ovs_tun_err(&p, nla,
					   "tunnel key attribute has the wrong length");
		if (seen & BIT(type))
			return ovs_tun_err(&p, nla, "duplicate tunnel key attribute");
		seen |= BIT(type);
		err = ovs_tun_attr(&p, nla);
		if (err)
			return err;
	}
	if (rem)
		return ovs_tun_err(&p, attr,
				   "tunnel key ends in a partial attribute");
	if (p.ipv4 && p.ipv6)
		return ovs_tun_err(&p, attr,
				   "tunnel key mixes IPv4 and IPv6 attributes");
	if (is_mask) {
		/* A mask that names the tunnel matches its presence exactly. */
		out->tun.proto = 0xff;
		return 0;
	}
	out->tun.proto = p.ipv6 ? AF_INET6 : AF_INET;
	return ovs_tun_check_key(&p, attr);
}

void ovs_tun_mask_exact(const struct ovs_key *key, struct ovs_key *mask)
{
	/* A key without a tunnel leaves it wildcarded, as in-tree. */
	if (!key->tun.proto)
		return;
	memset(&mask->tun, 0xff, sizeof(mask->tun));
	memset(mask->tun.pad, 0, sizeof(mask->tun.pad));
	/* Of the address union, only what the key's family uses. */
	if (key->tun.proto == AF_INET)
		memset((u8 *)&mask->tun.ipv6 + sizeof(mask->tun.ipv4), 0,
		       sizeof(mask->tun.ipv6) - sizeof(mask->tun.ipv4));
	memset(ovs_key_tun_opts(mask, key->tun.opts_len), 0xff,
	       key->tun.opts_len);
}

/* --- the way back ------------------------------------------------------ */

static int ovs_tun_put_flag(struct sk_buff *skb, const struct ovs_key_tun *t,
			    u16 flag, int attrtype)
{
	if (!(t->flags & flag))
		return 0;
	return nla_put_flag(skb, attrtype);
}

static int ovs_tun_put_addrs(struct sk_buff *skb, const struct ovs_key_tun *t,
			     u8 proto)
{
	if (proto == AF_INET6) {
		if (!ipv6_addr_any(&t->ipv6.src) &&
		    nla_put_in6_addr(skb, OVS_TUNNEL_KEY_ATTR_IPV6_SRC,
				     &t->ipv6.src))
			return -EMSGSIZE;
		if (!ipv6_addr_any(&t->ipv6.dst) &&
		    nla_put_in6_addr(skb, OVS_TUNNEL_KEY_ATTR_IPV6_DST,
				     &t->ipv6.dst))
			return -EMSGSIZE;
		return 0;
	}
	if (proto != AF_INET)
		return 0;
	if (t->ipv4.src &&
	    nla_put_in_addr(skb, OVS_TUNNEL_KEY_ATTR_IPV4_SRC, t->ipv4.src))
		return -EMSGSIZE;
	if (t->ipv4.dst &&
	    nla_put_in_addr(skb, OVS_TUNNEL_KEY_ATTR_IPV4_DST, t->ipv4.dst))
		return -EMSGSIZE;
	return 0;
}

/*
 * The options are of the format kind names (the key's flag); a mask puts
 * them only where it matches that flag too.
 */
static int ovs_tun_put_opts(struct sk_buff *skb, const struct ovs_key_tun *t,
			    u16 kind, const void *opts, unsigned int len)
{
	u16 flag = t->flags & kind;
	struct nlattr *nest;

	if (!len)
		return 0;
	if (flag & OVS_TUN_F_GENEVE_OPT)
		return nla_put(skb, OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, len, opts);
	if (flag & OVS_TUN_F_ERSPAN_OPT)
		return nla_put(skb, OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS, len, opts);
	if (!(flag & OVS_TUN_F_VXLAN_OPT))
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

/* Whose tunnel is being written: the format of its options, its family. */
struct ovs_tun_of {
	u16 kind;		/* OVS_TUN_F_OPTS bits of the key */
	u8 proto;
	bool bridge;		/* an id-only bridge-mode mapping */
};

/* t's values (a key's or a mask's), len bytes of options at opts. */
static int ovs_tun_put(struct sk_buff *skb, const struct ovs_key_tun *t,
		       const struct ovs_tun_of *of, const void *opts,
		       unsigned int len)
{
	if ((t->flags & OVS_TUN_F_KEY) &&
	    nla_put_be64(skb, OVS_TUNNEL_KEY_ATTR_ID, t->id,
			 OVS_TUNNEL_KEY_ATTR_PAD))
		return -EMSGSIZE;
	if (of->bridge)
		return nla_put_flag(skb, OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE);

	if (ovs_tun_put_addrs(skb, t, of->proto))
		return -EMSGSIZE;
	if (t->tos && nla_put_u8(skb, OVS_TUNNEL_KEY_ATTR_TOS, t->tos))
		return -EMSGSIZE;
	if (nla_put_u8(skb, OVS_TUNNEL_KEY_ATTR_TTL, t->ttl))
		return -EMSGSIZE;
	if (ovs_tun_put_flag(skb, t, OVS_TUN_F_DONT_FRAGMENT,
			     OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT) ||
	    ovs_tun_put_flag(skb, t, OVS_TUN_F_CSUM, OVS_TUNNEL_KEY_ATTR_CSUM))
		return -EMSGSIZE;
	if (t->tp_src &&
	    nla_put_be16(skb, OVS_TUNNEL_KEY_ATTR_TP_SRC, t->tp_src))
		return -EMSGSIZE;
	if (t->tp_dst &&
	    nla_put_be16(skb, OVS_TUNNEL_KEY_ATTR_TP_DST, t->tp_dst))
		return -EMSGSIZE;
	if (ovs_tun_put_flag(skb, t, OVS_TUN_F_OAM, OVS_TUNNEL_KEY_ATTR_OAM))
		return -EMSGSIZE;
	return ovs_tun_put_opts(skb, t, of->kind, opts, len);
}

static int ovs_tun_nest(struct sk_buff *skb, int attrtype,
			const struct ovs_key_tun *t, const struct ovs_tun_of *of,
			const void *opts, unsigned int len)
{
	struct nlattr *nest;
	int err;

	nest = nla_nest_start_noflag(skb, attrtype);
	if (!nest)
		return -EMSGSIZE;
	err = ovs_tun_put(skb, t, of, opts, len);
	if (err) {
		/* Nothing half-written stays behind for the caller. */
		nla_nest_cancel(skb, nest);
		return err;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int ovs_tun_to_attrs(const struct ovs_key *key, const struct ovs_key *out,
		     struct sk_buff *skb)
{
	const struct ovs_tun_of of = {
		.kind = key->tun.flags & OVS_TUN_F_OPTS,
		.proto = key->tun.proto,
	};
	unsigned int len = key->tun.opts_len;

	return ovs_tun_nest(skb, OVS_KEY_ATTR_TUNNEL, &out->tun, &of,
			    ovs_key_tun_opts_const(out, len), len);
}

/* A set(tunnel()) as a checked list holds it: the tunnel, its options. */
int ovs_tun_set_to_attrs(const void *data, struct sk_buff *skb)
{
	struct ovs_key_tun t;
	struct ovs_tun_of of;

	memcpy(&t, data, sizeof(t));
	of.kind = t.flags & OVS_TUN_F_OPTS;
	of.proto = t.proto;
	of.bridge = ovs_tun_is_bridge(&t);
	return ovs_tun_nest(skb, OVS_KEY_ATTR_TUNNEL, &t, &of,
			    (const u8 *)data + sizeof(t), t.opts_len);
}

int ovs_tun_info_to_attrs(const struct ip_tunnel_info *info, int attrtype,
			  struct sk_buff *skb)
{
	struct ovs_key_tun t;
	struct ovs_tun_of of;

	ovs_tunnel_md_read(info, &t);
	of.kind = t.flags & OVS_TUN_F_OPTS;
	of.proto = t.proto;
	of.bridge = ovs_tunnel_md_is_bridge(info);
	return ovs_tun_nest(skb, attrtype, &t, &of, ovs_tunnel_md_opts(info),
			    t.opts_len);
}
