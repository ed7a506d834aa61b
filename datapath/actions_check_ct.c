// SPDX-License-Identifier: GPL-2.0-only
/*
 * ct() checked when a flow is installed: the OVS_CT_ATTR_* the in-tree
 * module takes, with the lengths it takes them at, and its refusals, each
 * with an extack message.  As in-tree, an attribute may repeat (the last
 * one counts, but NAT nests add up and only the first may give SRC or
 * DST), mark and labels need a non-zero mask and commit, and NAT
 * addresses are as long as the flow's IP version says.  Beyond in-tree, a
 * NAT range whose minimum exceeds its maximum is refused: nf_nat would
 * wrap around it.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kernel.h>
#include <linux/openvswitch.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "actions.h"
#include "actions_check.h"
#include "flow_key.h"
#include "linux/conntrack.h"

/* Helper and timeout policy names, as nf_conntrack bounds them. */
#define OVS_CT_HELPER_NAME_LEN	16
#define OVS_CT_TIMEOUT_NAME_LEN	32

struct ovs_ct_len {
	u16 min;
	u16 max;
};

/* The attributes and the kernel option each needs, as in-tree. */
static bool ovs_ct_attr_known(int type)
{
	switch (type) {
	case OVS_CT_ATTR_COMMIT:
	case OVS_CT_ATTR_FORCE_COMMIT:
	case OVS_CT_ATTR_HELPER:
	case OVS_CT_ATTR_EVENTMASK:
		return true;
	case OVS_CT_ATTR_ZONE:
		return IS_ENABLED(CONFIG_NF_CONNTRACK_ZONES);
	case OVS_CT_ATTR_MARK:
		return IS_ENABLED(CONFIG_NF_CONNTRACK_MARK);
	case OVS_CT_ATTR_LABELS:
		return IS_ENABLED(CONFIG_NF_CONNTRACK_LABELS);
	case OVS_CT_ATTR_NAT:
		return IS_ENABLED(CONFIG_NF_NAT);
	case OVS_CT_ATTR_TIMEOUT:
		return OVS_CT_TIMEOUT_POLICIES;
	default:
		return false;
	}
}

static const struct ovs_ct_len ovs_ct_lens[OVS_CT_ATTR_TIMEOUT + 1] = {
	[OVS_CT_ATTR_ZONE]	= { sizeof(u16), sizeof(u16) },
	[OVS_CT_ATTR_MARK]	= { 2 * sizeof(u32), 2 * sizeof(u32) },
	[OVS_CT_ATTR_LABELS]	= { 2 * OVS_CT_LABELS_LEN,
				    2 * OVS_CT_LABELS_LEN },
	[OVS_CT_ATTR_HELPER]	= { 1, OVS_CT_HELPER_NAME_LEN },
	[OVS_CT_ATTR_NAT]	= { 0, U16_MAX },
	[OVS_CT_ATTR_EVENTMASK]	= { sizeof(u32), sizeof(u32) },
	[OVS_CT_ATTR_TIMEOUT]	= { 1, OVS_CT_TIMEOUT_NAME_LEN },
};

/* What the checks need to remember across the nest. */
struct ovs_ct_seen {
	struct ovs_ct_params p;
	bool nat;			/* a NAT nest before this one */
	const struct nlattr *helper;
	const struct nlattr *ct;	/* the nest */
};

static int ovs_ct_nat_len(int type, bool ipv6)
{
	switch (type) {
	case OVS_NAT_ATTR_SRC:
	case OVS_NAT_ATTR_DST:
	case OVS_NAT_ATTR_PERSISTENT:
	case OVS_NAT_ATTR_PROTO_HASH:
	case OVS_NAT_ATTR_PROTO_RANDOM:
		return 0;
	case OVS_NAT_ATTR_IP_MIN:
	case OVS_NAT_ATTR_IP_MAX:
		return ipv6 ? sizeof(struct in6_addr) : sizeof(struct in_addr);
	case OVS_NAT_ATTR_PROTO_MIN:
	case OVS_NAT_ATTR_PROTO_MAX:
		return sizeof(u16);
	default:
		return -1;
	}
}

/* Negative, zero or positive as a is below, equal to or above b. */
static int ovs_ct_nat_cmp(const struct nlattr *a, const struct nlattr *b)
{
	return memcmp(nla_data(a), nla_data(b), nla_len(a));
}

static int ovs_ct_check_nat(struct ovs_acts_ctx *c, const struct nlattr *nat,
			    bool ipv6, struct ovs_ct_seen *seen)
{
	const struct nlattr *tb[OVS_NAT_ATTR_MAX + 1] = {};
	const struct nlattr *a;
	bool flags = false, range = false;
	int rem;

	nla_for_each_nested(a, nat, rem) {
		int type = nla_type(a);
		int len = ovs_ct_nat_len(type, ipv6);

		if (len < 0)
			return ovs_acts_refuse(c, a, "unknown ct NAT attribute");
		if (nla_len(a) != len)
			return ovs_acts_refuse(c, a,
					       "ct NAT attribute has the wrong length for the flow's IP version");
		if (type == OVS_NAT_ATTR_SRC || type == OVS_NAT_ATTR_DST) {
			if (range)
				return ovs_acts_refuse(c, a,
						       "ct NAT may be SRC or DST, not both");
			/*
			 * In-tree merges the nests in order but takes SRC or
			 * DST from the first only.
			 */
			if (seen->nat)
				return ovs_acts_refuse(c, a,
						       "ct NAT SRC or DST only in the first NAT nest");
			/* In-tree reads commit as far as the nest got. */
			if (!seen->p.commit)
				return ovs_acts_refuse(c, a,
						       "ct NAT SRC or DST needs commit before it");
			range = true;
		} else {
			flags = true;
		}
		tb[type] = a;
	}
	if (rem)
		return ovs_acts_refuse(c, nat,
				       "ct NAT attributes end in a partial attribute");
	if (flags && !range && !seen->nat)
		return ovs_acts_refuse(c, nat,
				       "ct NAT addresses, ports and flags need SRC or DST");
	/* In-tree asks commit of any NAT nest after the first. */
	if (seen->nat && !seen->p.commit)
		return ovs_acts_refuse(c, nat,
				       "ct NAT nest after the first needs commit before it");
	seen->nat = true;
	if (tb[OVS_NAT_ATTR_IP_MIN] && tb[OVS_NAT_ATTR_IP_MAX] &&
	    ovs_ct_nat_cmp(tb[OVS_NAT_ATTR_IP_MIN], tb[OVS_NAT_ATTR_IP_MAX]) > 0)
		return ovs_acts_refuse(c, tb[OVS_NAT_ATTR_IP_MAX],
				       "ct NAT address range ends before it starts");
	if (tb[OVS_NAT_ATTR_PROTO_MIN] && tb[OVS_NAT_ATTR_PROTO_MAX] &&
	    nla_get_u16(tb[OVS_NAT_ATTR_PROTO_MIN]) >
	    nla_get_u16(tb[OVS_NAT_ATTR_PROTO_MAX]))
		return ovs_acts_refuse(c, tb[OVS_NAT_ATTR_PROTO_MAX],
				       "ct NAT port range ends before it starts");
	return 0;
}

static bool ovs_ct_nonzero(const void *p, size_t len)
{
	return memchr_inv(p, 0, len);
}

/* One attribute of the nest, its length already checked. */
static int ovs_ct_check_attr(struct ovs_acts_ctx *c, const struct nlattr *a,
			     bool ipv6, struct ovs_ct_seen *seen)
{
	struct ovs_ct_params *p = &seen->p;
	const u32 *v = nla_data(a);
	int err;

	switch (nla_type(a)) {
	case OVS_CT_ATTR_COMMIT:
	case OVS_CT_ATTR_FORCE_COMMIT:
		p->commit = true;
		p->force |= nla_type(a) == OVS_CT_ATTR_FORCE_COMMIT;
		return 0;
	case OVS_CT_ATTR_ZONE:
		p->zone = nla_get_u16(a);
		return 0;
	case OVS_CT_ATTR_MARK:
		if (!v[1])
			return ovs_acts_refuse(c, a, "ct mark mask cannot be 0");
		p->mark = v[0];
		p->mark_mask = v[1];
		return 0;
	case OVS_CT_ATTR_LABELS:
		if (!ovs_ct_nonzero(v + OVS_CT_LABELS_LEN_32, OVS_CT_LABELS_LEN))
			return ovs_acts_refuse(c, a,
					       "ct labels mask cannot be 0");
		memcpy(p->labels, v, OVS_CT_LABELS_LEN);
		memcpy(p->labels_mask, v + OVS_CT_LABELS_LEN_32,
		       OVS_CT_LABELS_LEN);
		return 0;
	case OVS_CT_ATTR_HELPER:
		if (!memchr(nla_data(a), '\0', nla_len(a)))
			return ovs_acts_refuse(c, a,
					       "ct helper name is not a string");
		seen->helper = a;
		p->helper = nla_data(a);
		return 0;
	case OVS_CT_ATTR_TIMEOUT:
		if (!memchr(nla_data(a), '\0', nla_len(a)))
			return ovs_acts_refuse(c, a,
					       "ct timeout policy name is not a string");
		p->timeout = nla_data(a);
		return 0;
	case OVS_CT_ATTR_NAT:
		err = ovs_ct_check_nat(c, a, ipv6, seen);
		if (err)
			return err;
		p->nats = seen->ct;
		return 0;
	default:	/* OVS_CT_ATTR_EVENTMASK */
		p->have_eventmask = true;
		p->eventmask = nla_get_u32(a);
		return 0;
	}
}

/*
 * The installed form: the info (chained on the list, which frees it) and
 * the nest as sent, for the way back.
 */
static int ovs_ct_copy(struct ovs_acts_ctx *c, const struct nlattr *ct,
		       const struct ovs_ct_seen *seen)
{
	struct ovs_ct_info *info;
	int off, err;

	err = ovs_ct_info_new(c->net, &seen->p, &info);
	if (err == -ENOENT)
		return ovs_acts_refuse(c, seen->helper, "unknown ct helper");
	if (err == -EPROTONOSUPPORT)
		return ovs_acts_refuse(c, seen->helper,
				       "ct helper has no NAT support in this kernel");
	if (err) {
		NL_SET_ERR_MSG_ATTR(c->extack, ct,
				    "ct state could not be set up");
		return err;
	}
	ovs_ct_info_chain(info, &c->acts->ct);

	off = ovs_acts_put(c, OVS_ACTION_ATTR_CT_PRIV, NULL,
			   sizeof(info) + nla_len(ct), ct);
	if (off < 0)
		return off;
	memcpy(nla_data(ovs_acts_at(c, off)), &info, sizeof(info));
	memcpy(nla_data(ovs_acts_at(c, off)) + sizeof(info), nla_data(ct),
	       nla_len(ct));
	/* The flag bits as sent, for the way back. */
	ovs_acts_at(c, off)->nla_type |= ct->nla_type & ~NLA_TYPE_MASK;
	return 0;
}

int ovs_acts_check_ct(struct ovs_acts_ctx *c, const struct nlattr *ct)
{
	const struct ovs_key *key = c->key;
	const struct nlattr *a, *mark = NULL, *labels = NULL;
	struct ovs_ct_seen seen = { .ct = ct };
	int rem, err;

	if (!IS_ENABLED(CONFIG_NF_CONNTRACK))
		return ovs_acts_refuse(c, ct,
				       "conntrack is not in this kernel");
	if (!ovs_key_is_ipv4(key) && !ovs_key_is_ipv6(key))
		return ovs_acts_refuse(c, ct,
				       "ct needs a flow that matches IPv4 or IPv6");

	nla_for_each_nested(a, ct, rem) {
		int type = nla_type(a);

		if (type == OVS_CT_ATTR_TIMEOUT && !OVS_CT_TIMEOUT_POLICIES)
			return ovs_acts_refuse(c, a,
					       "this kernel cannot attach ct timeout policies");
		if (type > OVS_CT_ATTR_TIMEOUT || !ovs_ct_attr_known(type))
			return ovs_acts_refuse(c, a, "unknown ct attribute");
		if (nla_len(a) < ovs_ct_lens[type].min ||
		    nla_len(a) > ovs_ct_lens[type].max) {
			if (type == OVS_CT_ATTR_HELPER)
				return ovs_acts_refuse(c, a,
						       "ct helper name empty or too long");
			if (type == OVS_CT_ATTR_TIMEOUT)
				return ovs_acts_refuse(c, a,
						       "ct timeout policy name empty or too long");
			return ovs_acts_refuse(c, a,
					       "ct attribute has the wrong length");
		}
		err = ovs_ct_check_attr(c, a, ovs_key_is_ipv6(key), &seen);
		if (err)
			return err;
		if (type == OVS_CT_ATTR_MARK)
			mark = a;
		else if (type == OVS_CT_ATTR_LABELS)
			labels = a;
	}
	if (rem)
		return ovs_acts_refuse(c, ct,
				       "ct attributes end in a partial attribute");
	if (mark && !seen.p.commit)
		return ovs_acts_refuse(c, mark, "ct mark needs commit");
	if (labels && !seen.p.commit)
		return ovs_acts_refuse(c, labels, "ct labels need commit");

	seen.p.ipv6 = ovs_key_is_ipv6(key);
	seen.p.proto = key->ip.proto;
	return ovs_ct_copy(c, ct, &seen);
}
