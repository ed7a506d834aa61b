// SPDX-License-Identifier: GPL-2.0-only
/*
 * Action lists from userspace: checked once, when a flow is installed or a
 * packet executed, against the packet the key describes, and copied into
 * the form actions.h documents, which the executor trusts without a second
 * look.  (The way back to userspace is actions.c's.)
 *
 * Checking walks the list while tracking what earlier actions did to the
 * packet (struct ovs_acts_state): a set of an IPv4 field after push_mpls, or
 * a pop_vlan after pop_eth, would make the executor write to the wrong
 * bytes.  Nested lists recurse with a copy of that state, at most
 * OVS_ACTIONS_MAX_DEPTH deep, each level a few small frames
 * (CVE-2024-1151).
 */

#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/openvswitch.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/mpls.h>
#include <net/netlink.h>
#include <net/nsh.h>
#include <net/tun_proto.h>

#include "actions.h"
#include "actions_check.h"
#include "datapath.h"
#include "flow_attr.h"
#include "flow_key.h"

#define OVS_ACT_LEN_ANY		(-1)
#define OVS_ACT_LEN_UNKNOWN	(-2)

/* The payload size of each action type this datapath accepts. */
static int ovs_action_len(int type)
{
	switch (type) {
	case OVS_ACTION_ATTR_OUTPUT:
	case OVS_ACTION_ATTR_RECIRC:
	case OVS_ACTION_ATTR_DROP:
		return sizeof(u32);
	case OVS_ACTION_ATTR_PUSH_VLAN:
		return sizeof(struct ovs_action_push_vlan);
	case OVS_ACTION_ATTR_POP_VLAN:
	case OVS_ACTION_ATTR_POP_ETH:
	case OVS_ACTION_ATTR_POP_NSH:
	case OVS_ACTION_ATTR_CT_CLEAR:
		return 0;
	case OVS_ACTION_ATTR_HASH:
		return sizeof(struct ovs_action_hash);
	case OVS_ACTION_ATTR_TRUNC:
		return sizeof(struct ovs_action_trunc);
	case OVS_ACTION_ATTR_PUSH_MPLS:
		return sizeof(struct ovs_action_push_mpls);
	case OVS_ACTION_ATTR_POP_MPLS:
		return sizeof(__be16);
	case OVS_ACTION_ATTR_ADD_MPLS:
		return sizeof(struct ovs_action_add_mpls);
	case OVS_ACTION_ATTR_PUSH_ETH:
		return sizeof(struct ovs_action_push_eth);
	case OVS_ACTION_ATTR_USERSPACE:
	case OVS_ACTION_ATTR_SET:
	case OVS_ACTION_ATTR_SET_MASKED:
	case OVS_ACTION_ATTR_SAMPLE:
	case OVS_ACTION_ATTR_CLONE:
	case OVS_ACTION_ATTR_CHECK_PKT_LEN:
	case OVS_ACTION_ATTR_DEC_TTL:
	case OVS_ACTION_ATTR_PUSH_NSH:
	case OVS_ACTION_ATTR_PSAMPLE:
		return OVS_ACT_LEN_ANY;
	default:
		return OVS_ACT_LEN_UNKNOWN;
	}
}

static struct ovs_actions *ovs_actions_alloc(u32 cap)
{
	struct ovs_actions *acts;

	/* nla_len of a nest in the copy is 16 bits. */
	BUILD_BUG_ON(OVS_ACTIONS_MAX_SIZE > U16_MAX);
	acts = kvmalloc(offsetof(struct ovs_actions, actions) + cap,
			GFP_KERNEL);
	if (acts) {
		acts->len = 0;
		acts->ct = NULL;
		acts->hash_on_entry = true;
	}
	return acts;
}

/*
 * Appends size bytes (padded) to the copy and returns their offset.  Only
 * offsets survive: growing moves the copy.
 */
static int ovs_acts_reserve(struct ovs_acts_ctx *c, u32 size,
			    const struct nlattr *why)
{
	struct ovs_actions *bigger;
	u32 need, cap, off = c->acts->len;

	if (size > OVS_ACTIONS_MAX_SIZE ||
	    check_add_overflow(off, (u32)NLA_ALIGN(size), &need) ||
	    need > OVS_ACTIONS_MAX_SIZE) {
		NL_SET_ERR_MSG_ATTR(c->extack, why,
				    "action list too large for the datapath");
		return -EOVERFLOW;
	}
	if (need > c->cap) {
		cap = max(need, min_t(u32, c->cap * 2, OVS_ACTIONS_MAX_SIZE));
		bigger = ovs_actions_alloc(cap);
		if (!bigger)
			return -ENOMEM;
		memcpy(bigger, c->acts,
		       offsetof(struct ovs_actions, actions) + c->acts->len);
		kvfree(c->acts);
		c->acts = bigger;
		c->cap = cap;
	}
	memset((u8 *)c->acts->actions + off + size, 0, NLA_ALIGN(size) - size);
	c->acts->len = need;
	return off;
}

int ovs_acts_put(struct ovs_acts_ctx *c, u16 nla_type, const void *data,
		 u32 len, const struct nlattr *why)
{
	struct nlattr *at;
	u32 size;
	int off;

	if (check_add_overflow(len, (u32)NLA_HDRLEN, &size))
		size = U32_MAX;		/* refused as too large */
	off = ovs_acts_reserve(c, size, why);
	if (off < 0)
		return off;
	at = ovs_acts_at(c, off);
	at->nla_type = nla_type;
	at->nla_len = size;
	if (data)
		memcpy(nla_data(at), data, len);
	return off;
}

int ovs_acts_copy_attr(struct ovs_acts_ctx *c, const struct nlattr *a)
{
	int off = ovs_acts_put(c, a->nla_type, nla_data(a), nla_len(a), a);

	return off < 0 ? off : 0;
}

/* True if a is the last attribute of the rem bytes it starts. */
static bool ovs_acts_is_last(const struct nlattr *a, int rem)
{
	return NLA_ALIGN(a->nla_len) >= rem;
}

/*
 * Splits the arguments of a nested action: each type 1..maxtype at most
 * once with its exact length (lens[type], OVS_ACT_LEN_ANY for any), and
 * nothing else.
 */
static int ovs_acts_parse(struct ovs_acts_ctx *c, const struct nlattr *nest,
			  const int *lens, int maxtype,
			  const struct nlattr **tb)
{
	const struct nlattr *a;
	int rem, type;

	memset(tb, 0, (maxtype + 1) * sizeof(*tb));
	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		if (!type || type > maxtype)
			return ovs_acts_refuse(c, a,
					       "unknown attribute in an action");
		if (tb[type])
			return ovs_acts_refuse(c, a,
					       "duplicate attribute in an action");
		if (lens[type] != OVS_ACT_LEN_ANY && nla_len(a) != lens[type])
			return ovs_acts_refuse(c, a,
					       "action attribute has the wrong length");
		tb[type] = a;
	}
	if (rem > 0)
		return ovs_acts_refuse(c, nest,
				       "trailing bytes in an action's attributes");
	return 0;
}

static int ovs_acts_check_list(struct ovs_acts_ctx *c,
			       const struct nlattr *list,
			       struct ovs_acts_state st, u32 depth);

/*
 * Copies nested action a child by child, in order; the children whose
 * types are in lists are action lists, checked one level deeper.
 */
static int ovs_acts_copy_nested(struct ovs_acts_ctx *c,
				const struct nlattr *a, u32 lists,
				const struct ovs_acts_state *st, u32 depth)
{
	const struct nlattr *n;
	int off, noff, rem, err;

	off = ovs_acts_put(c, a->nla_type, NULL, 0, a);
	if (off < 0)
		return off;
	nla_for_each_nested(n, a, rem) {
		if (!(lists & BIT(nla_type(n)))) {
			err = ovs_acts_copy_attr(c, n);
			if (err)
				return err;
			continue;
		}
		noff = ovs_acts_put(c, n->nla_type, NULL, 0, n);
		if (noff < 0)
			return noff;
		err = ovs_acts_check_list(c, n, *st, depth + 1);
		if (err)
			return err;
		ovs_acts_nest_end(c, noff);
	}
	ovs_acts_nest_end(c, off);
	return 0;
}

static int ovs_acts_check_userspace(struct ovs_acts_ctx *c,
				    const struct nlattr *a)
{
	static const int lens[OVS_USERSPACE_ATTR_ACTIONS + 1] = {
		[OVS_USERSPACE_ATTR_PID] = sizeof(u32),
		[OVS_USERSPACE_ATTR_USERDATA] = OVS_ACT_LEN_ANY,
		[OVS_USERSPACE_ATTR_EGRESS_TUN_PORT] = sizeof(u32),
		[OVS_USERSPACE_ATTR_ACTIONS] = 0,
	};
	const struct nlattr *tb[OVS_USERSPACE_ATTR_ACTIONS + 1];
	int err;

	err = ovs_acts_parse(c, a, lens, OVS_USERSPACE_ATTR_ACTIONS, tb);
	if (err)
		return err;
	if (!tb[OVS_USERSPACE_ATTR_PID] ||
	    !nla_get_u32(tb[OVS_USERSPACE_ATTR_PID]))
		return ovs_acts_refuse(c, a, "userspace action needs a pid");
	return ovs_acts_copy_attr(c, a);
}

static int ovs_acts_copy_sample(struct ovs_acts_ctx *c,
				const struct nlattr *a,
				const struct ovs_acts_state *st, u32 depth)
{
	static const int lens[OVS_SAMPLE_ATTR_ACTIONS + 1] = {
		[OVS_SAMPLE_ATTR_PROBABILITY] = sizeof(u32),
		[OVS_SAMPLE_ATTR_ACTIONS] = OVS_ACT_LEN_ANY,
	};
	const struct nlattr *tb[OVS_SAMPLE_ATTR_ACTIONS + 1];
	int err;

	err = ovs_acts_parse(c, a, lens, OVS_SAMPLE_ATTR_ACTIONS, tb);
	if (err)
		return err;
	if (!tb[OVS_SAMPLE_ATTR_PROBABILITY] || !tb[OVS_SAMPLE_ATTR_ACTIONS])
		return ovs_acts_refuse(c, a,
				       "sample needs a probability and actions");
	return ovs_acts_copy_nested(c, a, BIT(OVS_SAMPLE_ATTR_ACTIONS), st,
				    depth);
}

static int ovs_acts_copy_check_pkt_len(struct ovs_acts_ctx *c,
				       const struct nlattr *a,
				       const struct ovs_acts_state *st,
				       u32 depth)
{
	static const int lens[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL + 1] = {
		[OVS_CHECK_PKT_LEN_ATTR_PKT_LEN] = sizeof(u16),
		[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER] = OVS_ACT_LEN_ANY,
		[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL] = OVS_ACT_LEN_ANY,
	};
	const struct nlattr *tb[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL + 1];
	int err;

	err = ovs_acts_parse(c, a, lens,
			     OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL, tb);
	if (err)
		return err;
	if (!tb[OVS_CHECK_PKT_LEN_ATTR_PKT_LEN] ||
	    !nla_get_u16(tb[OVS_CHECK_PKT_LEN_ATTR_PKT_LEN]))
		return ovs_acts_refuse(c, a,
				       "check_pkt_len needs a nonzero length");
	if (!tb[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER] ||
	    !tb[OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL])
		return ovs_acts_refuse(c, a,
				       "check_pkt_len needs both action lists");
	return ovs_acts_copy_nested(c, a,
				    BIT(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER) |
				    BIT(OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL),
				    st, depth);
}

static int ovs_acts_copy_dec_ttl(struct ovs_acts_ctx *c,
				 const struct nlattr *a,
				 const struct ovs_acts_state *st, u32 depth)
{
	static const int lens[OVS_DEC_TTL_ATTR_ACTION + 1] = {
		[OVS_DEC_TTL_ATTR_ACTION] = OVS_ACT_LEN_ANY,
	};
	const struct nlattr *tb[OVS_DEC_TTL_ATTR_ACTION + 1];
	int err;

	if (st->eth_type != htons(ETH_P_IP) && st->eth_type != htons(ETH_P_IPV6))
		return ovs_acts_refuse(c, a,
				       "dec_ttl needs an IPv4 or IPv6 packet");
	err = ovs_acts_parse(c, a, lens, OVS_DEC_TTL_ATTR_ACTION, tb);
	if (err)
		return err;
	if (!tb[OVS_DEC_TTL_ATTR_ACTION])
		return ovs_acts_refuse(c, a, "dec_ttl needs an action list");
	return ovs_acts_copy_nested(c, a, BIT(OVS_DEC_TTL_ATTR_ACTION), st,
				    depth);
}

static int ovs_acts_copy_clone(struct ovs_acts_ctx *c, const struct nlattr *a,
			       const struct ovs_acts_state *st, u32 depth)
{
	int off, err;

	off = ovs_acts_put(c, a->nla_type, NULL, 0, a);
	if (off < 0)
		return off;
	err = ovs_acts_check_list(c, a, *st, depth + 1);
	if (err)
		return err;
	ovs_acts_nest_end(c, off);
	return 0;
}

/* The one attribute that set() and push_nsh() carry. */
const struct nlattr *ovs_acts_single(const struct nlattr *a)
{
	const struct nlattr *k = nla_data(a);

	if (!nla_ok(k, nla_len(a)) || NLA_ALIGN(k->nla_len) != nla_len(a))
		return NULL;
	return k;
}

/*
 * The NSH length field counts 4-byte words in 6 bits: a header of 252
 * bytes at most, so MD type 2 metadata of 244 after the base header.
 * nsh.h's NSH_CTX_HDRS_MAX_LEN (248) would not fit, and push_nsh could
 * only drop every packet.
 */
#define OVS_NSH_MD2_MAX_LEN \
	((NSH_LEN_MASK >> NSH_LEN_SHIFT) * 4 - NSH_BASE_HDR_LEN)

static int ovs_acts_check_push_nsh(struct ovs_acts_ctx *c,
				   const struct nlattr *a,
				   struct ovs_acts_state *st)
{
	const struct nlattr *k, *n, *tb[OVS_NSH_KEY_ATTR_MD2 + 1] = {};
	const struct ovs_nsh_key_base *base;
	int rem, type, len;

	if (st->mac_proto != OVS_MAC_PROTO_ETHERNET &&
	    !tun_p_from_eth_p(st->eth_type))
		return ovs_acts_refuse(c, a,
				       "push_nsh on a packet NSH cannot carry");
	k = ovs_acts_single(a);
	if (!k || nla_type(k) != OVS_KEY_ATTR_NSH)
		return ovs_acts_refuse(c, a,
				       "push_nsh needs exactly one NSH key attribute");
	nla_for_each_nested(n, k, rem) {
		type = nla_type(n);
		len = nla_len(n);
		if (type < OVS_NSH_KEY_ATTR_BASE || type > OVS_NSH_KEY_ATTR_MD2)
			return ovs_acts_refuse(c, n, "unknown NSH key attribute");
		if (tb[type])
			return ovs_acts_refuse(c, n, "duplicate NSH key attribute");
		if (type == OVS_NSH_KEY_ATTR_MD2 && len > OVS_NSH_MD2_MAX_LEN)
			return ovs_acts_refuse(c, n,
					       "NSH MD2 metadata longer than the header length can say");
		if (type == OVS_NSH_KEY_ATTR_MD2 ? len <= 0 || len % 4 :
		    len != ovs_nsh_key_attr_len(type))
			return ovs_acts_refuse(c, n,
					       "NSH key attribute has the wrong length");
		tb[type] = n;
	}
	if (rem > 0)
		return ovs_acts_refuse(c, k, "trailing bytes in the NSH key");
	if (!tb[OVS_NSH_KEY_ATTR_BASE] ||
	    !tb[OVS_NSH_KEY_ATTR_MD1] == !tb[OVS_NSH_KEY_ATTR_MD2])
		return ovs_acts_refuse(c, k,
				       "push_nsh needs a base and one metadata attribute");
	base = nla_data(tb[OVS_NSH_KEY_ATTR_BASE]);
	if (base->mdtype != (tb[OVS_NSH_KEY_ATTR_MD1] ? NSH_M_TYPE1 :
			     NSH_M_TYPE2))
		return ovs_acts_refuse(c, k,
				       "push_nsh metadata does not match its MD type");
	st->mac_proto = OVS_MAC_PROTO_NONE;
	st->eth_type = htons(ETH_P_NSH);
	st->nsh_mdtype = base->mdtype;
	st->nsh_np = base->np;
	return ovs_acts_copy_attr(c, a);
}

static bool ovs_acts_is_ip(__be16 eth_type)
{
	return eth_type == htons(ETH_P_IP) || eth_type == htons(ETH_P_IPV6);
}

/* An L2.5 header may be pushed only above headers of known layout. */
static bool ovs_acts_mpls_can_push(const struct ovs_acts_state *st)
{
	return !(st->vlan_tci & htons(VLAN_CFI_MASK)) &&
	       (ovs_acts_is_ip(st->eth_type) ||
		st->eth_type == htons(ETH_P_ARP) ||
		st->eth_type == htons(ETH_P_RARP) ||
		eth_p_mpls(st->eth_type));
}

static int ovs_acts_check_mpls(struct ovs_acts_ctx *c, const struct nlattr *a,
			       struct ovs_acts_state *st)
{
	const struct ovs_action_push_mpls *push = nla_data(a);
	const struct ovs_action_add_mpls *add = nla_data(a);
	__be16 proto;

	switch (nla_type(a)) {
	case OVS_ACTION_ATTR_PUSH_MPLS:
		if (!eth_p_mpls(push->mpls_ethertype))
			return ovs_acts_refuse(c, a,
					       "push_mpls needs an MPLS ethertype");
		if (!ovs_acts_mpls_can_push(st))
			return ovs_acts_refuse(c, a,
					       "push_mpls on a packet of unknown layout");
		st->eth_type = push->mpls_ethertype;
		st->mpls_labels++;
		return 0;
	case OVS_ACTION_ATTR_ADD_MPLS:
		if (!eth_p_mpls(add->mpls_ethertype))
			return ovs_acts_refuse(c, a,
					       "add_mpls needs an MPLS ethertype");
		if (add->tun_flags & OVS_MPLS_L3_TUNNEL_FLAG_MASK) {
			if (!ovs_acts_mpls_can_push(st))
				return ovs_acts_refuse(c, a,
						       "add_mpls on a packet of unknown layout");
			st->mpls_labels++;
		} else if (st->mac_proto == OVS_MAC_PROTO_ETHERNET) {
			/* The label goes in front of the Ethernet header. */
			st->mpls_labels = 1;
			st->mac_proto = OVS_MAC_PROTO_NONE;
		} else {
			st->mpls_labels++;
		}
		st->eth_type = add->mpls_ethertype;
		return 0;
	default: /* OVS_ACTION_ATTR_POP_MPLS */
		if ((st->vlan_tci & htons(VLAN_CFI_MASK)) ||
		    !eth_p_mpls(st->eth_type) || !st->mpls_labels)
			return ovs_acts_refuse(c, a,
					       "pop_mpls on a packet that is not MPLS");
		proto = nla_get_be16(a);
		if (proto == htons(ETH_P_TEB) &&
		    st->mac_proto != OVS_MAC_PROTO_NONE)
			return ovs_acts_refuse(c, a,
					       "pop_mpls to Ethernet needs an L3 packet");
		st->mpls_labels--;
		/*
		 * Nothing checks what lies under the last label, so no L3
		 * action may follow its removal.
		 */
		st->eth_type = eth_p_mpls(proto) && st->mpls_labels ?
			       proto : htons(0);
		return 0;
	}
}

/* Actions with a fixed-size argument: check and track, then copy. */
static int ovs_acts_check_simple(struct ovs_acts_ctx *c,
				 const struct nlattr *a,
				 struct ovs_acts_state *st, bool last)
{
	const struct ovs_action_push_vlan *vlan;
	const struct ovs_action_hash *hash;
	__be16 inner;

	switch (nla_type(a)) {
	case OVS_ACTION_ATTR_OUTPUT:
		if (nla_get_u32(a) >= OVS_DP_MAX_PORTS)
			return ovs_acts_refuse(c, a, "output port out of range");
		break;
	case OVS_ACTION_ATTR_TRUNC:
		if (((const struct ovs_action_trunc *)nla_data(a))->max_len <
		    ETH_HLEN)
			return ovs_acts_refuse(c, a,
					       "trunc below an Ethernet header");
		break;
	case OVS_ACTION_ATTR_HASH:
		hash = nla_data(a);
		if (hash->hash_alg != OVS_HASH_ALG_L4 &&
		    hash->hash_alg != OVS_HASH_ALG_SYM_L4)
			return ovs_acts_refuse(c, a, "unknown hash algorithm");
		break;
	case OVS_ACTION_ATTR_DROP:
		/* Of its own list, nested or not, as upstream. */
		if (!last)
			return ovs_acts_refuse(c, a,
					       "drop must be the last action");
		break;
	case OVS_ACTION_ATTR_RECIRC:
	case OVS_ACTION_ATTR_CT_CLEAR:
		break;
	case OVS_ACTION_ATTR_PUSH_VLAN:
		vlan = nla_data(a);
		if (st->mac_proto != OVS_MAC_PROTO_ETHERNET)
			return ovs_acts_refuse(c, a,
					       "push_vlan on a packet without Ethernet");
		if (!eth_type_vlan(vlan->vlan_tpid))
			return ovs_acts_refuse(c, a, "push_vlan with a bad tpid");
		if (!(vlan->vlan_tci & htons(VLAN_CFI_MASK)))
			return ovs_acts_refuse(c, a,
					       "push_vlan tci needs the present bit");
		st->vlan_tci = vlan->vlan_tci;
		break;
	case OVS_ACTION_ATTR_POP_VLAN:
		if (st->mac_proto != OVS_MAC_PROTO_ETHERNET)
			return ovs_acts_refuse(c, a,
					       "pop_vlan on a packet without Ethernet");
		st->vlan_tci = htons(0);
		break;
	case OVS_ACTION_ATTR_PUSH_MPLS:
	case OVS_ACTION_ATTR_POP_MPLS:
	case OVS_ACTION_ATTR_ADD_MPLS:
		if (ovs_acts_check_mpls(c, a, st))
			return -EINVAL;
		break;
	case OVS_ACTION_ATTR_PUSH_ETH:
		if (st->mac_proto != OVS_MAC_PROTO_NONE)
			return ovs_acts_refuse(c, a,
					       "push_eth on a packet with Ethernet");
		st->mac_proto = OVS_MAC_PROTO_ETHERNET;
		break;
	case OVS_ACTION_ATTR_POP_ETH:
		if (st->mac_proto != OVS_MAC_PROTO_ETHERNET)
			return ovs_acts_refuse(c, a,
					       "pop_eth on a packet without Ethernet");
		if (st->vlan_tci & htons(VLAN_CFI_MASK))
			return ovs_acts_refuse(c, a,
					       "pop_eth on a VLAN tagged packet");
		st->mac_proto = OVS_MAC_PROTO_NONE;
		break;
	default: /* OVS_ACTION_ATTR_POP_NSH */
		if (st->eth_type != htons(ETH_P_NSH))
			return ovs_acts_refuse(c, a,
					       "pop_nsh on a packet that is not NSH");
		inner = tun_p_to_eth_p(st->nsh_np);
		if (!inner)
			return ovs_acts_refuse(c, a,
					       "pop_nsh of unknown next protocol");
		if (st->nsh_np == TUN_P_ETHERNET) {
			st->mac_proto = OVS_MAC_PROTO_ETHERNET;
			st->eth_type = htons(0);
		} else {
			st->mac_proto = OVS_MAC_PROTO_NONE;
			st->eth_type = inner;
		}
		st->vlan_tci = htons(0);
		break;
	}
	return ovs_acts_copy_attr(c, a);
}

static int ovs_acts_check_one(struct ovs_acts_ctx *c, const struct nlattr *a,
			      struct ovs_acts_state *st, u32 depth,
			      bool last)
{
	int type = nla_type(a);
	int len = ovs_action_len(type);

	switch (type) {
	case OVS_ACTION_ATTR_CT:
		return ovs_acts_check_ct(c, a);
	case OVS_ACTION_ATTR_METER:
		return ovs_acts_check_meter(c, a);
	}
	if (len == OVS_ACT_LEN_UNKNOWN)
		return ovs_acts_refuse(c, a, "unknown action type");
	if (len != OVS_ACT_LEN_ANY && nla_len(a) != len)
		return ovs_acts_refuse(c, a, "action has the wrong length");

	switch (type) {
	case OVS_ACTION_ATTR_USERSPACE:
		return ovs_acts_check_userspace(c, a);
	case OVS_ACTION_ATTR_SET:
		return ovs_acts_check_set(c, a, st, false);
	case OVS_ACTION_ATTR_SET_MASKED:
		return ovs_acts_check_set(c, a, st, true);
	case OVS_ACTION_ATTR_SAMPLE:
		return ovs_acts_copy_sample(c, a, st, depth);
	case OVS_ACTION_ATTR_CLONE:
		return ovs_acts_copy_clone(c, a, st, depth);
	case OVS_ACTION_ATTR_CHECK_PKT_LEN:
		return ovs_acts_copy_check_pkt_len(c, a, st, depth);
	case OVS_ACTION_ATTR_DEC_TTL:
		return ovs_acts_copy_dec_ttl(c, a, st, depth);
	case OVS_ACTION_ATTR_PUSH_NSH:
		return ovs_acts_check_push_nsh(c, a, st);
	case OVS_ACTION_ATTR_PSAMPLE:
		return ovs_acts_check_psample(c, a);
	default:
		return ovs_acts_check_simple(c, a, st, last);
	}
}

/* Checks and copies the action list that is list's payload. */
static int ovs_acts_check_list(struct ovs_acts_ctx *c,
			       const struct nlattr *list,
			       struct ovs_acts_state st, u32 depth)
{
	const struct nlattr *a;
	int rem, err;

	if (depth > OVS_ACTIONS_MAX_DEPTH) {
		NL_SET_ERR_MSG_ATTR(c->extack, list, "actions nested too deeply");
		return -EOVERFLOW;
	}
	nla_for_each_nested(a, list, rem) {
		err = ovs_acts_check_one(c, a, &st, depth,
					 ovs_acts_is_last(a, rem));
		if (err)
			return err;
	}
	if (rem > 0)
		return ovs_acts_refuse(c, list, "trailing bytes after an action");
	return 0;
}

/* The packet as the (masked) flow key describes it. */
static void ovs_acts_state_init(struct ovs_acts_state *st,
				const struct ovs_key *key)
{
	int i;

	memset(st, 0, sizeof(*st));
	st->mac_proto = key->mac_proto;
	st->eth_type = key->eth.type;
	st->vlan_tci = key->eth.vlan.tci;
	if (ovs_key_is_nsh(key)) {
		st->nsh_mdtype = key->nsh.mdtype;
		st->nsh_np = key->nsh.np;
	}
	/*
	 * The key does not say how many labels the flow matched: count up to
	 * the deepest label it matched on, and at least the one it has.
	 */
	if (ovs_key_is_mpls(key)) {
		st->mpls_labels = 1;
		for (i = 0; i < OVS_KEY_MPLS_DEPTH; i++)
			if (key->mpls.lse[i])
				st->mpls_labels = i + 1;
	}
}

bool ovs_actions_hash_on_entry(const struct ovs_actions *acts)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_attr(a, acts->actions, acts->len, rem) {
		switch (nla_type(a)) {
		case OVS_ACTION_ATTR_OUTPUT:
		case OVS_ACTION_ATTR_TRUNC:
		case OVS_ACTION_ATTR_METER:
		case OVS_ACTION_ATTR_HASH:
		case OVS_ACTION_ATTR_RECIRC:
		case OVS_ACTION_ATTR_DROP:
			break;
		default:
			return true;
		}
	}
	return false;
}

int ovs_actions_copy(struct net *net, const struct nlattr *attr,
		     const struct ovs_key *key, struct ovs_actions **acts,
		     bool log, struct netlink_ext_ack *extack)
{
	struct ovs_acts_ctx c = {
		.net = net,
		.key = key,
		.extack = extack,
		.log = log,
	};
	struct ovs_acts_state st;
	int err;

	if (nla_len(attr) < 0)
		return ovs_acts_refuse(&c, attr, "malformed action list");

	/* Sets grow in the copy; start at the input size, grow as needed. */
	c.cap = clamp_t(u32, nla_len(attr), NLA_HDRLEN, OVS_ACTIONS_MAX_SIZE);
	c.acts = ovs_actions_alloc(c.cap);
	if (!c.acts)
		return -ENOMEM;
	c.acts->orig_len = nla_len(attr);

	ovs_acts_state_init(&st, key);
	err = ovs_acts_check_list(&c, attr, st, 0);
	if (err) {
		/* With the ct() state the list took so far. */
		ovs_actions_free(c.acts);
		return err;
	}
	c.acts->hash_on_entry = ovs_actions_hash_on_entry(c.acts);
	*acts = c.acts;
	return 0;
}
