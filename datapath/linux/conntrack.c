// SPDX-License-Identifier: GPL-2.0-only
/*
 * nf_conntrack as the datapath sees it.  The flow key's ct fields read a
 * packet's connection the way the in-tree module reads them, so that
 * ovs-vswitchd's ct_state, ct_zone, ct_mark, ct_label and ct_orig_tuple
 * matches mean the same with either module: one read for a packet that
 * arrives already tracked, ct_clear, and the per-namespace label bits.
 * ct() itself runs here too: lookup and commit through nf_conntrack_in()
 * in the action's zone, with its template (zone, helper, timeout policy),
 * marks, labels, event masks, helpers, and IP reassembly before it; NAT
 * through nf_nat, as in-tree: a binding made when a connection is
 * committed, then every packet of it (replies and ICMP errors too)
 * translated, and the key following what the packet now says.
 */

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/inet_frag.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ipv6_frag.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/ndisc.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_core.h>
#include <net/netfilter/nf_conntrack_ecache.h>
#include <net/netfilter/nf_conntrack_expect.h>
#include <net/netfilter/nf_conntrack_helper.h>
#include <net/netfilter/nf_conntrack_l4proto.h>
#include <net/netfilter/nf_conntrack_labels.h>
#include <net/netfilter/nf_conntrack_seqadj.h>
#include <net/netfilter/nf_conntrack_timeout.h>
#include <net/netfilter/nf_conntrack_zones.h>
#include <net/netfilter/nf_nat.h>

#include "datapath.h"
#include "flow_key.h"
#include "linux/conntrack.h"
#include "linux/ct_limit.h"

/*
 * One ct() action as installed: what nf_conntrack needs to run it, with
 * the references it holds.  Chained on the action list that owns it
 * (struct ovs_actions), which frees the chain with itself.
 */
struct ovs_ct_info {
	struct ovs_ct_info *next;
	/*
	 * A template entry: its zone, and the helper and timeout policy new
	 * connections get.  Marked confirmed so that nf_conntrack_in()
	 * replaces it rather than adding it.
	 */
	struct nf_conn *tmpl;
	struct nf_conntrack_helper *helper;	/* a module reference */
	struct nf_ct_timeout *timeout;		/* the policy tmpl holds */
	struct nf_conntrack_zone zone;
	u8 family;				/* NFPROTO_IPV4 or _IPV6 */
	bool commit;
	bool force;
	bool have_eventmask;
	u32 eventmask;
	u32 mark;
	u32 mark_mask;
	u32 labels[OVS_CT_LABELS_LEN_32];
	u32 labels_mask[OVS_CT_LABELS_LEN_32];
	u8 nat;					/* OVS_CT_NAT_* */
	bool nat_helper;			/* holds helper's NAT half */
#if IS_ENABLED(CONFIG_NF_NAT)
	struct nf_nat_range2 range;		/* for a SRC or DST binding */
#endif
};

/* ct() with NAT: connections as set up, and new ones get a binding. */
#define OVS_CT_NAT	BIT(0)
#define OVS_CT_NAT_SRC	BIT(1)
#define OVS_CT_NAT_DST	BIT(2)

#define OVS_CS_F_NAT	(OVS_CS_F_SRC_NAT | OVS_CS_F_DST_NAT)

/* What conntrack needs per namespace, beside struct ovs_net. */
struct ovs_ct_net {
	/* This namespace's connections have room for our 128 label bits. */
	bool labels;
};

static unsigned int ovs_ct_net_id __read_mostly;

bool ovs_ct_key_attr_supported(struct net *net, int type)
{
	switch (type) {
	case OVS_KEY_ATTR_CT_STATE:
		return true;
	case OVS_KEY_ATTR_CT_ZONE:
		return IS_ENABLED(CONFIG_NF_CONNTRACK_ZONES);
	case OVS_KEY_ATTR_CT_MARK:
		return IS_ENABLED(CONFIG_NF_CONNTRACK_MARK);
	case OVS_KEY_ATTR_CT_LABELS:
		return IS_ENABLED(CONFIG_NF_CONNTRACK_LABELS) &&
		       ((struct ovs_ct_net *)net_generic(net, ovs_ct_net_id))->labels;
	default:
		return false;
	}
}

/*
 * The key's state for ct.  nat: the connection's NAT bits; after ct()
 * only the NAT ct() itself did counts, so the caller adds those.
 */
static u8 ovs_ct_state(const struct nf_conn *ct, enum ip_conntrack_info ctinfo,
		       bool nat)
{
	u8 state = OVS_CS_F_TRACKED;

	switch (ctinfo) {
	case IP_CT_ESTABLISHED_REPLY:
		state |= OVS_CS_F_REPLY_DIR | OVS_CS_F_ESTABLISHED;
		break;
	case IP_CT_RELATED_REPLY:
		state |= OVS_CS_F_REPLY_DIR | OVS_CS_F_RELATED;
		break;
	case IP_CT_ESTABLISHED:
		state |= OVS_CS_F_ESTABLISHED;
		break;
	case IP_CT_RELATED:
		state |= OVS_CS_F_RELATED;
		break;
	case IP_CT_NEW:
		state |= OVS_CS_F_NEW;
		break;
	default:
		break;
	}
	/* Not yet in the table: new, whatever the packet's direction. */
	if (!nf_ct_is_confirmed(ct))
		state |= OVS_CS_F_NEW;
	/* An expected connection stays related for its whole life. */
	if (ct->master)
		state |= OVS_CS_F_RELATED;
	if (nat && (ct->status & IPS_SRC_NAT))
		state |= OVS_CS_F_SRC_NAT;
	if (nat && (ct->status & IPS_DST_NAT))
		state |= OVS_CS_F_DST_NAT;
	return state;
}

/* The master's original direction, if the key's IP version is its own. */
static void ovs_ct_key_orig(const struct nf_conn *ct, struct ovs_key *key)
{
	const struct nf_conntrack_tuple *orig;
	u8 icmp;

	if (ct->master)
		ct = ct->master;
	orig = &ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;

	if (ovs_key_is_ipv4(key) && nf_ct_l3num(ct) == NFPROTO_IPV4) {
		key->ct.orig.ipv4.src = orig->src.u3.ip;
		key->ct.orig.ipv4.dst = orig->dst.u3.ip;
		icmp = IPPROTO_ICMP;
	} else if (ovs_key_is_ipv6(key) && nf_ct_l3num(ct) == NFPROTO_IPV6 &&
		   /* in-tree, ND fields and this tuple share key bytes */
		   !(key->ip.proto == IPPROTO_ICMPV6 &&
		     key->ip.frag != OVS_FRAG_TYPE_LATER &&
		     (key->tp.src == htons(NDISC_NEIGHBOUR_SOLICITATION) ||
		      key->tp.src == htons(NDISC_NEIGHBOUR_ADVERTISEMENT)))) {
		key->ct.orig.ipv6.src = orig->src.u3.in6;
		key->ct.orig.ipv6.dst = orig->dst.u3.in6;
		icmp = IPPROTO_ICMPV6;
	} else {
		return;
	}

	key->ct.orig_proto = orig->dst.protonum;
	if (orig->dst.protonum == icmp) {
		key->ct.orig_src_port = htons(orig->dst.u.icmp.type);
		key->ct.orig_dst_port = htons(orig->dst.u.icmp.code);
	} else {
		key->ct.orig_src_port = orig->src.u.all;
		key->ct.orig_dst_port = orig->dst.u.all;
	}
}

/*
 * key->ct from ct (NULL: none), in zone, with state already decided.  The
 * whole block is rewritten so that nothing of a previous connection stays.
 */
static void ovs_ct_key_set(struct ovs_key *key, u8 state, u16 zone,
			   const struct nf_conn *ct)
{
	struct nf_conn_labels *cl = ct ? nf_ct_labels_find(ct) : NULL;

	memset(&key->ct, 0, sizeof(key->ct));
	key->ct.state = state;
	key->ct.zone = zone;
	if (!ct)
		return;
#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
	key->ct.mark = READ_ONCE(ct->mark);
#endif
	if (cl)
		memcpy(key->ct.labels, cl->bits, sizeof(key->ct.labels));
	ovs_ct_key_orig(ct, key);
}

void ovs_ct_key_fill(const struct sk_buff *skb, struct ovs_key *key)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);

	if (!ct) {
		ovs_ct_key_set(key, 0, NF_CT_DEFAULT_ZONE_ID, NULL);
		return;
	}
	ovs_ct_key_set(key, ovs_ct_state(ct, ctinfo, true), nf_ct_zone(ct)->id,
		       ct);
}

void ovs_ct_clear(struct sk_buff *skb, struct ovs_key *key)
{
	nf_conntrack_put(skb_nfct(skb));
	nf_ct_set(skb, NULL, IP_CT_UNTRACKED);
	if (key)
		ovs_ct_key_set(key, 0, NF_CT_DEFAULT_ZONE_ID, NULL);
}

#if IS_ENABLED(CONFIG_NF_NAT)
/*
 * One checked NAT nest added to info as nf_nat takes it.  A maximum
 * missing from this nest is the minimum, as in-tree; PROTO_HASH and
 * PROTO_RANDOM are nf_nat's two kinds of random port choice.
 */
static void ovs_ct_nat_parse(struct ovs_ct_info *info, const struct nlattr *nat)
{
	struct nf_nat_range2 *r = &info->range;
	bool ip_max = false, port_max = false;
	const struct nlattr *a;
	int rem;

	info->nat |= OVS_CT_NAT;
	nla_for_each_nested(a, nat, rem) {
		switch (nla_type(a)) {
		case OVS_NAT_ATTR_SRC:
			info->nat |= OVS_CT_NAT_SRC;
			break;
		case OVS_NAT_ATTR_DST:
			info->nat |= OVS_CT_NAT_DST;
			break;
		case OVS_NAT_ATTR_IP_MIN:
			nla_memcpy(&r->min_addr, a, sizeof(r->min_addr));
			r->flags |= NF_NAT_RANGE_MAP_IPS;
			break;
		case OVS_NAT_ATTR_IP_MAX:
			nla_memcpy(&r->max_addr, a, sizeof(r->max_addr));
			r->flags |= NF_NAT_RANGE_MAP_IPS;
			ip_max = true;
			break;
		case OVS_NAT_ATTR_PROTO_MIN:
			r->min_proto.all = htons(nla_get_u16(a));
			r->flags |= NF_NAT_RANGE_PROTO_SPECIFIED;
			break;
		case OVS_NAT_ATTR_PROTO_MAX:
			r->max_proto.all = htons(nla_get_u16(a));
			r->flags |= NF_NAT_RANGE_PROTO_SPECIFIED;
			port_max = true;
			break;
		case OVS_NAT_ATTR_PERSISTENT:
			r->flags |= NF_NAT_RANGE_PERSISTENT;
			break;
		case OVS_NAT_ATTR_PROTO_HASH:
			r->flags |= NF_NAT_RANGE_PROTO_RANDOM;
			break;
		case OVS_NAT_ATTR_PROTO_RANDOM:
			r->flags |= NF_NAT_RANGE_PROTO_RANDOM_FULLY;
			break;
		}
	}
	if ((r->flags & NF_NAT_RANGE_MAP_IPS) && !ip_max)
		r->max_addr = r->min_addr;
	if ((r->flags & NF_NAT_RANGE_PROTO_SPECIFIED) && !port_max)
		r->max_proto = r->min_proto;
}

/* The helper's NAT half, loaded if need be, for a ct() with NAT. */
static int ovs_ct_nat_helper_get(struct ovs_ct_info *info,
				 const struct ovs_ct_params *p)
{
	if (!info->nat || !info->helper)
		return 0;
	if (nf_nat_helper_try_module_get(p->helper, info->family, p->proto))
		return -EPROTONOSUPPORT;
	info->nat_helper = true;
	return 0;
}

static void ovs_ct_nat_helper_put(struct ovs_ct_info *info)
{
	if (info->nat_helper)
		nf_nat_helper_put(info->helper);
}
#else
static void ovs_ct_nat_parse(struct ovs_ct_info *info, const struct nlattr *nat)
{
}

static int ovs_ct_nat_helper_get(struct ovs_ct_info *info,
				 const struct ovs_ct_params *p)
{
	return 0;
}

static void ovs_ct_nat_helper_put(struct ovs_ct_info *info)
{
}
#endif /* CONFIG_NF_NAT */

int ovs_ct_info_new(struct net *net, const struct ovs_ct_params *p,
		    struct ovs_ct_info **infop)
{
	struct ovs_ct_info *info;
	int err;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	info->family = p->ipv6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
	info->commit = p->commit;
	info->force = p->force;
	info->have_eventmask = p->have_eventmask;
	info->eventmask = p->eventmask;
	info->mark = p->mark & p->mark_mask;
	info->mark_mask = p->mark_mask;
	memcpy(info->labels, p->labels, sizeof(info->labels));
	memcpy(info->labels_mask, p->labels_mask, sizeof(info->labels_mask));
	nf_ct_zone_init(&info->zone, p->zone, NF_CT_DEFAULT_ZONE_DIR, 0);
	if (p->nats) {
		const struct nlattr *a;
		int rem;

		nla_for_each_nested(a, p->nats, rem)
			if (nla_type(a) == OVS_CT_ATTR_NAT)
				ovs_ct_nat_parse(info, a);
	}

	info->tmpl = nf_ct_tmpl_alloc(net, &info->zone, GFP_KERNEL);
	if (!info->tmpl) {
		err = -ENOMEM;
		goto err_free_info;
	}

	/*
	 * A policy that cannot be attached is no error, as in-tree: the
	 * connection then has the default timeouts.
	 */
	if (p->timeout && p->timeout[0] &&
	    !nf_ct_set_timeout(net, info->tmpl, info->family, p->proto,
			       p->timeout)) {
		struct nf_conn_timeout *t = nf_ct_timeout_find(info->tmpl);

		info->timeout = t ? rcu_access_pointer(t->timeout) : NULL;
	}

	if (p->helper) {
		struct nf_conn_help *help;

		info->helper = nf_conntrack_helper_try_module_get(p->helper,
								  info->family,
								  p->proto);
		if (!info->helper) {
			err = -ENOENT;
			goto err_free_tmpl;
		}
		help = nf_ct_helper_ext_add(info->tmpl, GFP_KERNEL);
		if (!help) {
			err = -ENOMEM;
			goto err_free_tmpl;
		}
		rcu_assign_pointer(help->helper, info->helper);
		err = ovs_ct_nat_helper_get(info, p);
		if (err)
			goto err_free_tmpl;
	}

	__set_bit(IPS_CONFIRMED_BIT, &info->tmpl->status);
	*infop = info;
	return 0;

err_free_tmpl:
	ovs_ct_info_free(info);
	return err;
err_free_info:
	kfree(info);
	return err;
}

/* Releases info and what it holds; the chain after it is the caller's. */
void ovs_ct_info_free(struct ovs_ct_info *info)
{
	if (info->helper) {
		ovs_ct_nat_helper_put(info);
		nf_conntrack_helper_put(info->helper);
	}
	if (info->tmpl) {
		if (info->timeout)
			nf_ct_destroy_timeout(info->tmpl);
		nf_ct_tmpl_free(info->tmpl);
	}
	kfree(info);
}

void ovs_ct_infos_free(struct ovs_ct_info *info)
{
	while (info) {
		struct ovs_ct_info *next = info->next;

		ovs_ct_info_free(info);
		info = next;
	}
}

void ovs_ct_info_chain(struct ovs_ct_info *info, struct ovs_ct_info **head)
{
	info->next = *head;
	*head = info;
}

/* Netfilter verdicts as the action loop's errors. */
static int ovs_ct_verdict(unsigned int verdict)
{
	switch (verdict & NF_VERDICT_MASK) {
	case NF_ACCEPT:
		return 0;
	case NF_STOLEN:
		return -EINPROGRESS;
	default:
		return -EINVAL;
	}
}

/*
 * The key after nf_conntrack ran: its entry, or "invalid" in the action's
 * zone when conntrack would not track the packet.  The NAT bits stay as
 * the caller left them.
 */
static void ovs_ct_key_update(const struct sk_buff *skb, struct ovs_key *key,
			      const struct ovs_ct_info *info)
{
	u8 nat = key->ct.state & OVS_CS_F_NAT;
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);

	if (!ct) {
		ovs_ct_key_set(key, OVS_CS_F_TRACKED | OVS_CS_F_INVALID,
			       info->zone.id, NULL);
		return;
	}
	ovs_ct_key_set(key, ovs_ct_state(ct, ctinfo, false) | nat,
		       nf_ct_zone(ct)->id, ct);
}

/* As nf_conntrack_core's (unexported) resolve_normal_ct() decides it. */
static enum ip_conntrack_info
ovs_ct_info_of(const struct nf_conntrack_tuple_hash *h)
{
	const struct nf_conn *ct = nf_ct_tuplehash_to_ctrack(h);

	if (NF_CT_DIRECTION(h) == IP_CT_DIR_REPLY)
		return IP_CT_ESTABLISHED_REPLY;
	if (test_bit(IPS_SEEN_REPLY_BIT, &ct->status))
		return IP_CT_ESTABLISHED;
	if (test_bit(IPS_EXPECTED_BIT, &ct->status))
		return IP_CT_RELATED;
	return IP_CT_NEW;
}

/*
 * The entry a packet that lost its skb->_nfct (an upcall) had, found again
 * without counting it twice; attached to skb.  natted: the packet was
 * already translated, so its tuple is the entry's other direction.
 */
static struct nf_conn *ovs_ct_find_existing(struct net *net,
					    const struct ovs_ct_info *info,
					    struct sk_buff *skb, bool natted)
{
	struct nf_conntrack_tuple tuple, inverse;
	struct nf_conntrack_tuple_hash *h;
	struct nf_conn *ct;

	if (!nf_ct_get_tuplepr(skb, skb_network_offset(skb), info->family,
			       net, &tuple))
		return NULL;
	if (natted) {
		if (!nf_ct_invert_tuple(&inverse, &tuple))
			return NULL;
		tuple = inverse;
	}
	h = nf_conntrack_find_get(net, &info->zone, &tuple);
	if (!h)
		return NULL;
	ct = nf_ct_tuplehash_to_ctrack(h);
	if (natted)
		h = &ct->tuplehash[!h->tuple.dst.dir];
	nf_ct_set(skb, ct, ovs_ct_info_of(h));
	return ct;
}

/*
 * Whether skb->_nfct already is what running conntrack again would give:
 * a ct() in the same zone before a recirculation, or (found again) before
 * an upcall.  A forced commit in the other direction drops the entry.
 */
static bool ovs_ct_cached(struct net *net, const struct ovs_key *key,
			  const struct ovs_ct_info *info, struct sk_buff *skb)
{
	enum ip_conntrack_info ctinfo;
	bool executed = true;
	struct nf_conn *ct;

	ct = nf_ct_get(skb, &ctinfo);
	if (!ct) {
		executed = (key->ct.state & OVS_CS_F_TRACKED) &&
			   !(key->ct.state & OVS_CS_F_INVALID) &&
			   key->ct.zone == info->zone.id;
		if (executed || (!key->ct.state && info->force))
			ct = ovs_ct_find_existing(net, info, skb,
						  key->ct.state & OVS_CS_F_NAT);
		if (!ct)
			return false;
		nf_ct_get(skb, &ctinfo);
	}

	if (!net_eq(net, nf_ct_net(ct)))
		return false;
	if (!nf_ct_zone_equal_any(info->tmpl, nf_ct_zone(ct)))
		return false;
	if (info->helper) {
		struct nf_conn_help *help = nfct_help(ct);

		if (help && rcu_access_pointer(help->helper) != info->helper)
			return false;
	}
	if (info->timeout) {
		struct nf_conn_timeout *t = nf_ct_timeout_find(ct);

		if (!t || rcu_access_pointer(t->timeout) != info->timeout)
			return false;
	}
	if (info->force && CTINFO2DIR(ctinfo) != IP_CT_DIR_ORIGINAL) {
		if (nf_ct_is_confirmed(ct))
			nf_ct_delete(ct, 0, 0);
		nf_conntrack_put(&ct->ct_general);
		nf_ct_set(skb, NULL, 0);
		return false;
	}
	return executed;
}

/* The connection's helper on skb (at its network header). */
static int ovs_ct_help(struct sk_buff *skb, struct nf_conn *ct,
		       enum ip_conntrack_info ctinfo, u8 family)
{
	const struct nf_conntrack_helper *helper;
	const struct nf_conn_help *help;
	unsigned int protoff;
	int ret;

	if (ctinfo == IP_CT_RELATED_REPLY)
		return NF_ACCEPT;
	help = nfct_help(ct);
	helper = help ? rcu_dereference(help->helper) : NULL;
	if (!helper)
		return NF_ACCEPT;

	if (family == NFPROTO_IPV4) {
		protoff = ip_hdrlen(skb);
	} else {
		u8 nexthdr = ipv6_hdr(skb)->nexthdr;
		__be16 frag_off;
		int ofs = ipv6_skip_exthdr(skb, sizeof(struct ipv6hdr),
					   &nexthdr, &frag_off);

		if (ofs < 0 || (frag_off & htons(~0x7)))
			return NF_ACCEPT;
		protoff = ofs;
	}

	ret = helper->help(skb, protoff, ct, ctinfo);
	if (ret != NF_ACCEPT)
		return ret;
	/* A helper that resized a NATed payload left sequence numbers to fix. */
	if (test_bit(IPS_SEQ_ADJUST_BIT, &ct->status) &&
	    !nf_ct_seq_adjust(skb, ct, ctinfo, protoff))
		return NF_DROP;
	return NF_ACCEPT;
}

#if IS_ENABLED(CONFIG_NF_NAT)
/*
 * The key's addresses and ports on the side mtype translated, read back
 * from the packet (an ICMP error's outer header included), and the NAT
 * bit that says so.
 */
static void ovs_ct_nat_key(struct ovs_key *key, const struct sk_buff *skb,
			   enum nf_nat_manip_type mtype)
{
	bool src = mtype == NF_NAT_MANIP_SRC;
	__be16 ports[2], *pp;

	key->ct.state |= src ? OVS_CS_F_SRC_NAT : OVS_CS_F_DST_NAT;
	if (ovs_key_is_ipv4(key)) {
		const struct iphdr *nh = ip_hdr(skb);

		if (src)
			key->ipv4.src = nh->saddr;
		else
			key->ipv4.dst = nh->daddr;
	} else if (ovs_key_is_ipv6(key)) {
		const struct ipv6hdr *nh = ipv6_hdr(skb);

		if (src)
			key->ipv6.src = nh->saddr;
		else
			key->ipv6.dst = nh->daddr;
	} else {
		return;
	}

	/* TCP, UDP and SCTP all start with the two ports. */
	if (key->ip.proto != IPPROTO_TCP && key->ip.proto != IPPROTO_UDP &&
	    key->ip.proto != IPPROTO_SCTP)
		return;
	pp = skb_header_pointer(skb, skb_transport_offset(skb), sizeof(ports),
				ports);
	if (!pp)
		return;
	if (src)
		key->tp.src = pp[0];
	else
		key->tp.dst = pp[1];
}

/*
 * An ICMP error about a translated connection: nf_nat rewrites the
 * embedded packet and the outer header.  False: skb is no ICMP error, and
 * is translated as any other packet of its connection.
 */
static bool ovs_ct_nat_icmp(struct sk_buff *skb, struct nf_conn *ct,
			    enum ip_conntrack_info ctinfo, unsigned int hook,
			    u8 family, unsigned int *verdict)
{
	int ok;

	if (family == NFPROTO_IPV4) {
		if (!OVS_NF_NAT_IPV4 || ip_hdr(skb)->protocol != IPPROTO_ICMP)
			return false;
		ok = nf_nat_icmp_reply_translation(skb, ct, ctinfo, hook);
	} else {
		u8 nexthdr = ipv6_hdr(skb)->nexthdr;
		__be16 frag_off;
		int ofs;

		if (!OVS_NF_NAT_IPV6)
			return false;
		ofs = ipv6_skip_exthdr(skb, sizeof(struct ipv6hdr), &nexthdr,
				       &frag_off);
		if (ofs < 0 || nexthdr != IPPROTO_ICMPV6)
			return false;
		ok = nf_nat_icmpv6_reply_translation(skb, ct, ctinfo, hook, ofs);
	}
	*verdict = ok ? NF_ACCEPT : NF_DROP;
	return true;
}

/*
 * One side (mtype) of skb's connection translated, its binding made first
 * if the connection has none on that side yet: from range when it maps
 * addresses, else the identity (nf_nat still moves a clashing port).  A
 * related packet that is no ICMP error (an expected connection) is bound
 * as a new one.
 */
static unsigned int ovs_ct_nat_side(struct sk_buff *skb, struct nf_conn *ct,
				    enum ip_conntrack_info ctinfo,
				    const struct nf_nat_range2 *range,
				    enum nf_nat_manip_type mtype,
				    struct ovs_key *key, u8 family)
{
	/* nf_nat tells the sides apart by hook, as HOOK2MANIP() maps them. */
	unsigned int hook = mtype == NF_NAT_MANIP_SRC ? NF_INET_LOCAL_IN :
							NF_INET_LOCAL_OUT;
	unsigned int verdict;

	if ((ctinfo == IP_CT_RELATED || ctinfo == IP_CT_RELATED_REPLY) &&
	    ovs_ct_nat_icmp(skb, ct, ctinfo, hook, family, &verdict))
		goto out;

	switch (ctinfo) {
	case IP_CT_RELATED:
	case IP_CT_RELATED_REPLY:
	case IP_CT_NEW:
		if (!nf_nat_initialized(ct, mtype)) {
			if (range && (range->flags & NF_NAT_RANGE_MAP_IPS))
				verdict = nf_nat_setup_info(ct, range, mtype);
			else
				verdict = nf_nat_alloc_null_binding(ct, hook);
			if (verdict != NF_ACCEPT)
				goto out;
		}
		break;
	case IP_CT_ESTABLISHED:
	case IP_CT_ESTABLISHED_REPLY:
		break;
	default:
		return NF_DROP;
	}
	verdict = nf_nat_packet(ct, ctinfo, hook, skb);
out:
	if (verdict == NF_ACCEPT)
		ovs_ct_nat_key(key, skb, mtype);
	return verdict;
}

/*
 * skb translated as its connection says, or as info binds a new one.  A
 * related connection (not an ICMP error) is bound only when committed.  A
 * connection translated on its destination gets an identity binding on
 * its source too, as in-tree, so that both sides are set up when it is
 * confirmed.
 */
static unsigned int ovs_ct_nat(struct ovs_key *key,
			       const struct ovs_ct_info *info,
			       struct sk_buff *skb, struct nf_conn *ct,
			       enum ip_conntrack_info ctinfo)
{
	bool reply = CTINFO2DIR(ctinfo) == IP_CT_DIR_REPLY;
	enum nf_nat_manip_type mtype;
	unsigned int verdict;

	if (!nf_ct_is_confirmed(ct) && !nf_ct_nat_ext_add(ct))
		return NF_ACCEPT;

	if (ctinfo != IP_CT_NEW && (ct->status & IPS_NAT_MASK) &&
	    (ctinfo != IP_CT_RELATED || info->commit)) {
		/* Replies undo the binding: the other side. */
		bool snat = ct->status & IPS_SRC_NAT;

		mtype = reply != snat ? NF_NAT_MANIP_SRC : NF_NAT_MANIP_DST;
	} else if (info->nat & OVS_CT_NAT_SRC) {
		mtype = NF_NAT_MANIP_SRC;
	} else if (info->nat & OVS_CT_NAT_DST) {
		mtype = NF_NAT_MANIP_DST;
	} else {
		return NF_ACCEPT;
	}

	verdict = ovs_ct_nat_side(skb, ct, ctinfo, &info->range, mtype, key,
				  info->family);
	if (verdict != NF_ACCEPT || !(ct->status & IPS_DST_NAT))
		return verdict;
	if (ct->status & IPS_SRC_NAT)
		return ovs_ct_nat_side(skb, ct, ctinfo, &info->range,
				       mtype == NF_NAT_MANIP_SRC ?
				       NF_NAT_MANIP_DST : NF_NAT_MANIP_SRC,
				       key, info->family);
	if (!reply)
		return ovs_ct_nat_side(skb, ct, ctinfo, NULL, NF_NAT_MANIP_SRC,
				       key, info->family);
	return NF_ACCEPT;
}
#else
static unsigned int ovs_ct_nat(struct ovs_key *key,
			       const struct ovs_ct_info *info,
			       struct sk_buff *skb, struct nf_conn *ct,
			       enum ip_conntrack_info ctinfo)
{
	return NF_ACCEPT;
}
#endif /* CONFIG_NF_NAT */

/*
 * skb through nf_conntrack_in() in the action's zone, unless it already
 * went (ovs_ct_cached()); the key updated; the helper run on confirmed
 * connections.  New connections get their helper and extensions only when
 * committed.
 */
static int ovs_ct_lookup_skb(struct net *net, struct ovs_key *key,
			     const struct ovs_ct_info *info,
			     struct sk_buff *skb)
{
	bool cached = ovs_ct_cached(net, key, info, skb);
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct;
	int err;

	/* An unconfirmed entry another skb shares may not gain extensions. */
	if (cached && info->commit) {
		ct = nf_ct_get(skb, &ctinfo);
		if (ct && !nf_ct_is_confirmed(ct) && nf_ct_shared(ct)) {
			nf_reset_ct(skb);
			cached = false;
		}
	}

	if (!cached) {
		struct nf_hook_state state = {
			.hook = NF_INET_PRE_ROUTING,
			.pf = info->family,
			.net = net,
		};

		/* The template gives nf_conntrack_in() zone, helper, timeout. */
		nf_conntrack_put(skb_nfct(skb));
		nf_conntrack_get(&info->tmpl->ct_general);
		nf_ct_set(skb, info->tmpl, IP_CT_NEW);

		err = ovs_ct_verdict(nf_conntrack_in(skb, &state));
		if (err)
			return err;
		key->ct.state = 0;
		ovs_ct_key_update(skb, key, info);
	}

	ct = nf_ct_get(skb, &ctinfo);
	if (!ct)
		return 0;

	/*
	 * Once per packet and zone (the key's NAT bits say it was done), and
	 * for a new connection only at its commit, before its helper runs:
	 * the helper must see the binding.
	 */
	if (info->nat && !(key->ct.state & OVS_CS_F_NAT) &&
	    (nf_ct_is_confirmed(ct) || info->commit)) {
		err = ovs_ct_verdict(ovs_ct_nat(key, info, skb, ct, ctinfo));
		if (err)
			return err;
	}

	/* A lookup before a commit with a helper: attach it now. */
	if (!nf_ct_is_confirmed(ct) && info->commit && info->helper &&
	    !nfct_help(ct)) {
		err = __nf_ct_try_assign_helper(ct, info->tmpl, GFP_ATOMIC);
		if (err)
			return err;
		/* A helper that resizes a NATed payload fixes sequences. */
		if (info->nat && !nfct_seqadj(ct) && !nfct_seqadj_ext_add(ct))
			return -EINVAL;
	}

	/* Unconfirmed connections see their helper at commit. */
	if (nf_ct_is_confirmed(ct) && !cached) {
		err = ovs_ct_verdict(ovs_ct_help(skb, ct, ctinfo,
						 info->family));
		if (err)
			return err;
	}

	/* As in-tree: established TCP is not marked invalid out of window. */
	if (nf_ct_protonum(ct) == IPPROTO_TCP && nf_ct_is_confirmed(ct) &&
	    nf_conntrack_tcp_established(ct))
		nf_ct_set_tcp_be_liberal(ct);
	return 0;
}

/*
 * An expected connection (FTP data, say) is reported new and related
 * without going through nf_conntrack_in(), which would consume the
 * expectation before the commit that should; a stale entry that clashes
 * with the expectation goes.
 */
static bool ovs_ct_expected(struct net *net, struct ovs_key *key,
			    const struct ovs_ct_info *info,
			    const struct sk_buff *skb)
{
	struct nf_conntrack_tuple tuple;
	struct nf_conntrack_tuple_hash *h;
	struct nf_conntrack_expect *exp;

	if (!nf_ct_get_tuplepr(skb, skb_network_offset(skb), info->family,
			       net, &tuple))
		return false;
	exp = __nf_ct_expect_find(net, &info->zone, &tuple);
	if (!exp)
		return false;
	h = nf_conntrack_find_get(net, &info->zone, &tuple);
	if (h) {
		struct nf_conn *ct = nf_ct_tuplehash_to_ctrack(h);

		nf_ct_delete(ct, 0, 0);
		nf_conntrack_put(&ct->ct_general);
	}
	ovs_ct_key_set(key, OVS_CS_F_TRACKED | OVS_CS_F_NEW | OVS_CS_F_RELATED,
		       info->zone.id, exp->master);
	return true;
}

static int ovs_ct_lookup(struct net *net, struct ovs_key *key,
			 const struct ovs_ct_info *info, struct sk_buff *skb)
{
	struct nf_conn *ct;
	int err;

	if (ovs_ct_expected(net, key, info, skb))
		return 0;
	err = ovs_ct_lookup_skb(net, key, info, skb);
	if (err)
		return err;
	ct = (struct nf_conn *)skb_nfct(skb);
	if (ct)
		nf_ct_deliver_cached_events(ct);
	return 0;
}

static void ovs_ct_set_mark(struct nf_conn *ct, struct ovs_key *key,
			    const struct ovs_ct_info *info)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK_MARK)
	u32 mark = info->mark | (READ_ONCE(ct->mark) & ~info->mark_mask);

	if (READ_ONCE(ct->mark) == mark)
		return;
	WRITE_ONCE(ct->mark, mark);
	if (nf_ct_is_confirmed(ct))
		nf_conntrack_event_cache(IPCT_MARK, ct);
	key->ct.mark = mark;
#endif
}

static bool ovs_ct_labels_masked(const struct ovs_ct_info *info)
{
	return memchr_inv(info->labels_mask, 0, sizeof(info->labels_mask));
}

static struct nf_conn_labels *ovs_ct_labels_of(struct nf_conn *ct)
{
	struct nf_conn_labels *cl = nf_ct_labels_find(ct);

	if (!cl && !nf_ct_is_confirmed(ct))
		cl = nf_ct_labels_ext_add(ct);
	return cl;
}

/*
 * Labels of a connection being committed: the master's (a related
 * connection inherits them), then the action's where its mask says.  No
 * one else sees the entry yet, so they are written over.
 */
static int ovs_ct_init_labels(struct nf_conn *ct, struct ovs_key *key,
			      const struct ovs_ct_info *info)
{
	struct nf_conn_labels *master = ct->master ?
					nf_ct_labels_find(ct->master) : NULL;
	bool masked = ovs_ct_labels_masked(info);
	struct nf_conn_labels *cl;
	u32 *bits;
	int i;

	if (!master && !masked)
		return 0;
	cl = ovs_ct_labels_of(ct);
	if (!cl)
		return -ENOSPC;
	if (master)
		*cl = *master;
	bits = (u32 *)cl->bits;
	for (i = 0; i < OVS_CT_LABELS_LEN_32; i++)
		bits[i] = (bits[i] & ~info->labels_mask[i]) |
			  (info->labels[i] & info->labels_mask[i]);
	/* The NEW event carries labels only with this bit. */
	nf_conntrack_event_cache(IPCT_LABEL, ct);
	memcpy(key->ct.labels, cl->bits, sizeof(key->ct.labels));
	return 0;
}

static int ovs_ct_set_labels(struct nf_conn *ct, struct ovs_key *key,
			     const struct ovs_ct_info *info)
{
	struct nf_conn_labels *cl = ovs_ct_labels_of(ct);
	int err;

	if (!cl)
		return -ENOSPC;
	err = nf_connlabels_replace(ct, info->labels, info->labels_mask,
				    OVS_CT_LABELS_LEN_32);
	if (err)
		return err;
	memcpy(key->ct.labels, cl->bits, sizeof(key->ct.labels));
	return 0;
}

static int ovs_ct_commit(struct net *net, struct ovs_key *key,
			 const struct ovs_ct_info *info, struct sk_buff *skb)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct;
	int err;

	err = ovs_ct_lookup_skb(net, key, info, skb);
	if (err)
		return err;
	/* Invalid packets have no entry to commit. */
	ct = nf_ct_get(skb, &ctinfo);
	if (!ct)
		return 0;
	/* A new connection over its zone's limit is not committed. */
	if (!nf_ct_is_confirmed(ct)) {
		err = ovs_ct_limit_check(net, skb, info->zone.id, info->family);
		if (err)
			return err;
	}

	if (info->have_eventmask) {
		struct nf_conntrack_ecache *cache = nf_ct_ecache_find(ct);

		if (cache)
			cache->ctmask = info->eventmask;
	}

	/* Before the confirmation, so that its NEW event carries them. */
	if (info->mark_mask)
		ovs_ct_set_mark(ct, key, info);
	if (!nf_ct_is_confirmed(ct)) {
		err = ovs_ct_init_labels(ct, key, info);
		if (err)
			return err;
		/* Every extension exists now: the helper may run. */
		err = ovs_ct_verdict(ovs_ct_help(skb, ct, ctinfo,
						 info->family));
		if (err)
			return err;
	} else if (IS_ENABLED(CONFIG_NF_CONNTRACK_LABELS) &&
		   ovs_ct_labels_masked(info)) {
		err = ovs_ct_set_labels(ct, key, info);
		if (err)
			return err;
	}
	/* Sends the queued events even for an entry already confirmed. */
	return ovs_ct_verdict(nf_conntrack_confirm(skb));
}

/* IP length, without the lower layer's padding, which checksums include. */
static int ovs_ct_trim(struct sk_buff *skb)
{
	unsigned int len;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		len = ntohs(ip_hdr(skb)->tot_len);
		break;
	case htons(ETH_P_IPV6):
		len = sizeof(struct ipv6hdr) + ntohs(ipv6_hdr(skb)->payload_len);
		break;
	default:
		len = skb->len;
	}
	return pskb_trim_rcsum(skb, len);
}

/*
 * Reassembly in the zone's defrag user.  0: skb is the whole datagram,
 * with its MRU; -EINPROGRESS: kept until the rest arrives; else freed.
 */
static int ovs_ct_defrag(struct net *net, struct sk_buff *skb,
			 const struct ovs_ct_info *info)
{
	struct ovs_skb_cb cb = *OVS_CB(skb);
	int err;

	if (info->family == NFPROTO_IPV4) {
		memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
		err = ip_defrag(net, skb, IP_DEFRAG_CONNTRACK_IN + info->zone.id);
		if (err)
			return err;
		cb.mru = IPCB(skb)->frag_max_size;
	} else if (IS_ENABLED(CONFIG_NF_DEFRAG_IPV6)) {
		memset(IP6CB(skb), 0, sizeof(struct inet6_skb_parm));
		err = nf_ct_frag6_gather(net, skb,
					 IP6_DEFRAG_CONNTRACK_IN + info->zone.id);
		if (err) {
			if (err != -EINPROGRESS)
				kfree_skb(skb);
			return err;
		}
		cb.mru = IP6CB(skb)->frag_max_size;
	} else {
		kfree_skb(skb);
		return -EPFNOSUPPORT;
	}
	*OVS_CB(skb) = cb;
	skb_clear_hash(skb);
	skb->ignore_df = 1;
	return 0;
}

int ovs_ct_execute(struct net *net, struct sk_buff *skb, struct ovs_key *key,
		   const struct ovs_ct_info *info)
{
	int nh_ofs = skb_network_offset(skb);
	int err;

	/* nf_conntrack works at the network header. */
	skb_pull_rcsum(skb, nh_ofs);
	err = ovs_ct_trim(skb);
	if (err)
		goto err_free;

	if (key->ip.frag != OVS_FRAG_TYPE_NONE) {
		err = ovs_ct_defrag(net, skb, info);
		if (err)
			return err;
		/* The key came from one fragment: read the datagram's. */
		skb_push_rcsum(skb, nh_ofs);
		err = ovs_flow_key_extract_packet(skb, key);
		if (err)
			goto err_free;
		skb_pull_rcsum(skb, nh_ofs);
	}

	if (info->commit)
		err = ovs_ct_commit(net, key, info, skb);
	else
		err = ovs_ct_lookup(net, key, info, skb);
	if (err == -EINPROGRESS)
		return err;
	skb_push_rcsum(skb, nh_ofs);
	if (err)
		goto err_free;
	return 0;

err_free:
	kfree_skb(skb);
	return err;
}

static int __net_init ovs_ct_net_init(struct net *net)
{
	struct ovs_ct_net *ct_net = net_generic(net, ovs_ct_net_id);

	/*
	 * Without room for the labels this namespace's flows may not match
	 * them; everything else still works, as in-tree.
	 */
	ct_net->labels = IS_ENABLED(CONFIG_NF_CONNTRACK_LABELS) &&
			 !nf_connlabels_get(net, OVS_CT_LABELS_LEN * BITS_PER_BYTE - 1);
	return 0;
}

static void __net_exit ovs_ct_net_exit(struct net *net)
{
	struct ovs_ct_net *ct_net = net_generic(net, ovs_ct_net_id);

	if (ct_net->labels)
		nf_connlabels_put(net);
}

static struct pernet_operations ovs_ct_net_ops = {
	.init = ovs_ct_net_init,
	.exit = ovs_ct_net_exit,
	.id = &ovs_ct_net_id,
	.size = sizeof(struct ovs_ct_net),
};

int __init ovs_ct_register(void)
{
	/*
	 * Before struct ovs_net's operations: a namespace's datapaths, and
	 * the flows that match labels, go before its label bits do.
	 */
	return register_pernet_device(&ovs_ct_net_ops);
}

void ovs_ct_unregister(void)
{
	unregister_pernet_device(&ovs_ct_net_ops);
}
