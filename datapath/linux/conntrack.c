// SPDX-License-Identifier: GPL-2.0-only
/*
 * nf_conntrack as the datapath sees it.  The flow key's ct fields read a
 * packet's connection the way the in-tree module reads them, so that
 * ovs-vswitchd's ct_state, ct_zone, ct_mark, ct_label and ct_orig_tuple
 * matches mean the same with either module: one read for a packet that
 * arrives already tracked, ct_clear, and the per-namespace label bits.
 */

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/ndisc.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_labels.h>
#include <net/netfilter/nf_conntrack_zones.h>

#include "flow_key.h"
#include "linux/conntrack.h"

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
