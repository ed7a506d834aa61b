// SPDX-License-Identifier: GPL-2.0-only
/*
 * set() and set_masked() of packet fields, checked against the packet the
 * earlier actions leave and copied in the one form the executor knows: a
 * value followed by a mask (actions.h).
 *
 * Every key's length must be exactly its type's (CVE-2025-37789 read past
 * a set() whose nested key was shorter than its type), and the masked NSH
 * form has its own layout, checked attribute by attribute rather than
 * through the flow key parser (CVE-2025-40254).
 */

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/kernel.h>
#include <linux/openvswitch.h>
#include <linux/string.h>
#include <net/mpls.h>
#include <net/netlink.h>
#include <net/nsh.h>

#include "actions.h"
#include "actions_check.h"
#include "flow_attr.h"
#include "flow_key.h"

/* The largest fixed-size key that can be set. */
#define OVS_SET_KEY_MAX_LEN	sizeof(struct ovs_key_ipv6)

static bool ovs_set_value_in_mask(const u8 *value, const u8 *mask, int len)
{
	while (len--)
		if (*value++ & ~*mask++)
			return false;
	return true;
}

/*
 * Clears from a full mask the bits of a key type the datapath never
 * writes: the protocol and fragment type say what the packet is, and a
 * flow label has 20 bits.
 */
static void ovs_set_mask_writable(int type, void *mask)
{
	struct ovs_key_ipv4 *ipv4 = mask;
	struct ovs_key_ipv6 *ipv6 = mask;

	switch (type) {
	case OVS_KEY_ATTR_IPV4:
		ipv4->ipv4_proto = 0;
		ipv4->ipv4_frag = 0;
		break;
	case OVS_KEY_ATTR_IPV6:
		ipv6->ipv6_proto = 0;
		ipv6->ipv6_frag = 0;
		ipv6->ipv6_label &= htonl(0x000fffff);
		break;
	}
}

/* Whether a masked set's mask covers bits that cannot be written. */
static bool ovs_set_mask_writes_fixed(int type, const u8 *mask, int len)
{
	u8 writable[OVS_SET_KEY_MAX_LEN];
	int i;

	memset(writable, 0xff, len);
	ovs_set_mask_writable(type, writable);
	for (i = 0; i < len; i++)
		if (mask[i] & ~writable[i])
			return true;
	return false;
}

static bool ovs_set_is_ip(__be16 eth_type)
{
	return eth_type == htons(ETH_P_IP) || eth_type == htons(ETH_P_IPV6);
}

/* Whether the packet, as the actions leave it, has the field to set. */
static int ovs_set_check_packet(struct ovs_acts_ctx *c,
				const struct nlattr *k,
				const struct ovs_acts_state *st, bool masked)
{
	const struct ovs_key_ipv4 *ipv4 = nla_data(k);
	const struct ovs_key_ipv6 *ipv6 = nla_data(k);
	u8 proto = c->key->ip.proto;

	switch (nla_type(k)) {
	case OVS_KEY_ATTR_ETHERNET:
		if (st->mac_proto != OVS_MAC_PROTO_ETHERNET)
			return ovs_acts_refuse(c, k,
					       "Ethernet set on a packet without Ethernet");
		return 0;
	case OVS_KEY_ATTR_IPV4:
		if (st->eth_type != htons(ETH_P_IP))
			return ovs_acts_refuse(c, k,
					       "IPv4 set on a packet that is not IPv4");
		if (!masked && (ipv4->ipv4_proto != proto ||
				ipv4->ipv4_frag != c->key->ip.frag))
			return ovs_acts_refuse(c, k,
					       "set cannot change the IP protocol or fragment type");
		return 0;
	case OVS_KEY_ATTR_IPV6:
		if (st->eth_type != htons(ETH_P_IPV6))
			return ovs_acts_refuse(c, k,
					       "IPv6 set on a packet that is not IPv6");
		if (!masked && (ipv6->ipv6_proto != proto ||
				ipv6->ipv6_frag != c->key->ip.frag))
			return ovs_acts_refuse(c, k,
					       "set cannot change the IP protocol or fragment type");
		if (ipv6->ipv6_label & ~htonl(0x000fffff))
			return ovs_acts_refuse(c, k,
					       "IPv6 flow label has more than 20 bits");
		return 0;
	case OVS_KEY_ATTR_TCP:
		if (!ovs_set_is_ip(st->eth_type) || proto != IPPROTO_TCP)
			return ovs_acts_refuse(c, k,
					       "TCP set on a packet that is not TCP");
		return 0;
	case OVS_KEY_ATTR_UDP:
		if (!ovs_set_is_ip(st->eth_type) || proto != IPPROTO_UDP)
			return ovs_acts_refuse(c, k,
					       "UDP set on a packet that is not UDP");
		return 0;
	case OVS_KEY_ATTR_SCTP:
		if (!ovs_set_is_ip(st->eth_type) || proto != IPPROTO_SCTP)
			return ovs_acts_refuse(c, k,
					       "SCTP set on a packet that is not SCTP");
		return 0;
	case OVS_KEY_ATTR_MPLS:
		if (!eth_p_mpls(st->eth_type))
			return ovs_acts_refuse(c, k,
					       "MPLS set on a packet that is not MPLS");
		return 0;
	default: /* PRIORITY, SKB_MARK: metadata every packet has */
		return 0;
	}
}

/* The NSH set layout: BASE and/or MD1, each value (then mask). */
static int ovs_set_check_nsh(struct ovs_acts_ctx *c, const struct nlattr *k,
			     const struct ovs_acts_state *st, bool masked)
{
	const struct nlattr *n, *tb[OVS_NSH_KEY_ATTR_MD1 + 1] = {};
	const struct ovs_nsh_key_base *base;
	int rem, type, len;

	if (st->eth_type != htons(ETH_P_NSH))
		return ovs_acts_refuse(c, k, "NSH set on a packet that is not NSH");
	nla_for_each_nested(n, k, rem) {
		type = nla_type(n);
		if (type == OVS_NSH_KEY_ATTR_MD2)
			return ovs_acts_refuse(c, n,
					       "NSH MD type 2 context cannot be set");
		if (type != OVS_NSH_KEY_ATTR_BASE && type != OVS_NSH_KEY_ATTR_MD1)
			return ovs_acts_refuse(c, n, "unknown NSH key attribute");
		if (tb[type])
			return ovs_acts_refuse(c, n, "duplicate NSH key attribute");
		len = ovs_nsh_key_attr_len(type);
		if (nla_len(n) != (masked ? 2 * len : len))
			return ovs_acts_refuse(c, n,
					       "NSH set attribute has the wrong length");
		if (masked && !ovs_set_value_in_mask(nla_data(n),
						     nla_data(n) + len, len))
			return ovs_acts_refuse(c, n,
					       "masked set value has bits outside its mask");
		tb[type] = n;
	}
	if (rem > 0)
		return ovs_acts_refuse(c, k, "trailing bytes in the NSH key");
	if (!tb[OVS_NSH_KEY_ATTR_BASE] && !tb[OVS_NSH_KEY_ATTR_MD1])
		return ovs_acts_refuse(c, k, "NSH set carries no field");
	if (tb[OVS_NSH_KEY_ATTR_MD1] && st->nsh_mdtype != NSH_M_TYPE1)
		return ovs_acts_refuse(c, tb[OVS_NSH_KEY_ATTR_MD1],
				       "NSH MD1 set on a packet of another MD type");
	if (tb[OVS_NSH_KEY_ATTR_BASE]) {
		base = nla_data(tb[OVS_NSH_KEY_ATTR_BASE]);
		if (masked ? base[1].mdtype || base[1].np :
		    base->mdtype != st->nsh_mdtype || base->np != st->nsh_np)
			return ovs_acts_refuse(c, tb[OVS_NSH_KEY_ATTR_BASE],
					       "NSH set cannot change the MD type or next protocol");
		/*
		 * The header would keep only the low bits and the key all of
		 * them: a later match or set would see a value the packet
		 * does not carry.  A mask may be wider; the value may not.
		 */
		if (base->flags & ~(NSH_FLAGS_MASK >> NSH_FLAGS_SHIFT) ||
		    base->ttl & ~(NSH_TTL_MASK >> NSH_TTL_SHIFT))
			return ovs_acts_refuse(c, tb[OVS_NSH_KEY_ATTR_BASE],
					       "NSH flags have 2 bits and the TTL 6");
	}
	return 0;
}

/* set(nsh(...)) as PRIV(nsh(base(value, mask), md1(value, mask))). */
static int ovs_set_copy_nsh(struct ovs_acts_ctx *c, const struct nlattr *a,
			    const struct nlattr *k)
{
	struct ovs_nsh_key_base *mask;
	const struct nlattr *n;
	int off, koff, noff, rem, len;
	u8 *p;

	off = ovs_acts_put(c, OVS_ACTION_ATTR_SET_TO_MASKED_PRIV |
			   (a->nla_type & ~NLA_TYPE_MASK), NULL, 0, a);
	if (off < 0)
		return off;
	koff = ovs_acts_put(c, k->nla_type, NULL, 0, k);
	if (koff < 0)
		return koff;
	nla_for_each_nested(n, k, rem) {
		len = nla_len(n);
		noff = ovs_acts_put(c, n->nla_type, NULL, 2 * len, n);
		if (noff < 0)
			return noff;
		p = nla_data(ovs_acts_at(c, noff));
		memcpy(p, nla_data(n), len);
		memset(p + len, 0xff, len);
		if (nla_type(n) == OVS_NSH_KEY_ATTR_BASE) {
			mask = (struct ovs_nsh_key_base *)(p + len);
			mask->mdtype = 0;
			mask->np = 0;
		}
	}
	ovs_acts_nest_end(c, koff);
	ovs_acts_nest_end(c, off);
	return 0;
}

int ovs_acts_check_set(struct ovs_acts_ctx *c, const struct nlattr *a,
		       const struct ovs_acts_state *st, bool masked)
{
	const struct nlattr *k = ovs_acts_single(a);
	int off, koff, len, err;
	const u8 *value;
	u8 *p;

	BUILD_BUG_ON(sizeof(struct ovs_key_ethernet) > OVS_SET_KEY_MAX_LEN);
	if (!k)
		return ovs_acts_refuse(c, a,
				       "set needs exactly one key attribute");
	switch (nla_type(k)) {
	case OVS_KEY_ATTR_TUNNEL:
		return ovs_acts_check_set_tun(c, a, k, masked);
	case OVS_KEY_ATTR_CT_STATE:
	case OVS_KEY_ATTR_CT_ZONE:
	case OVS_KEY_ATTR_CT_MARK:
	case OVS_KEY_ATTR_CT_LABELS:
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4:
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6:
		return ovs_acts_refuse(c, k,
				       "conntrack is not supported by this datapath");
	case OVS_KEY_ATTR_NSH:
		err = ovs_set_check_nsh(c, k, st, masked);
		if (err)
			return err;
		return masked ? ovs_acts_copy_attr(c, a) :
				ovs_set_copy_nsh(c, a, k);
	case OVS_KEY_ATTR_MPLS:
		len = sizeof(struct ovs_key_mpls);
		break;
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_SKB_MARK:
	case OVS_KEY_ATTR_ETHERNET:
	case OVS_KEY_ATTR_IPV4:
	case OVS_KEY_ATTR_IPV6:
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_UDP:
	case OVS_KEY_ATTR_SCTP:
		len = ovs_key_attr_len(nla_type(k));
		break;
	default:
		return ovs_acts_refuse(c, k, "this key field cannot be set");
	}
	if (nla_len(k) != (masked ? 2 * len : len))
		return ovs_acts_refuse(c, k,
				       "set key has the wrong length for its type");
	value = nla_data(k);
	if (masked && !ovs_set_value_in_mask(value, value + len, len))
		return ovs_acts_refuse(c, k,
				       "masked set value has bits outside its mask");
	if (masked && ovs_set_mask_writes_fixed(nla_type(k), value + len, len))
		return ovs_acts_refuse(c, k,
				       "masked set covers a field that cannot be set");
	err = ovs_set_check_packet(c, k, st, masked);
	if (err)
		return err;
	if (masked)
		return ovs_acts_copy_attr(c, a);

	off = ovs_acts_put(c, OVS_ACTION_ATTR_SET_TO_MASKED_PRIV |
			   (a->nla_type & ~NLA_TYPE_MASK), NULL, 0, a);
	if (off < 0)
		return off;
	koff = ovs_acts_put(c, k->nla_type, NULL, 2 * len, k);
	if (koff < 0)
		return koff;
	p = nla_data(ovs_acts_at(c, koff));
	memcpy(p, value, len);
	memset(p + len, 0xff, len);
	ovs_set_mask_writable(nla_type(k), p + len);
	ovs_acts_nest_end(c, off);
	return 0;
}
