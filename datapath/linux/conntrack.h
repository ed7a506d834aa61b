/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The binding to nf_conntrack (linux/conntrack.c): a packet's connection
 * as the flow key sees it, ct_clear, and the per-namespace registrations
 * conntrack keys need.  Without CONFIG_NF_CONNTRACK the key always reads
 * "untracked" and only ct_state is accepted, as in-tree.
 */
#ifndef OVS_LINUX_CONNTRACK_H
#define OVS_LINUX_CONNTRACK_H

#include <linux/kconfig.h>
#include <linux/openvswitch.h>
#include <linux/types.h>

struct net;
struct ovs_key;
struct sk_buff;

/* The ct_state bits a key or mask may hold: all the in-tree module knows. */
#define OVS_CT_STATE_SUPPORTED	(OVS_CS_F_NEW | OVS_CS_F_ESTABLISHED |	\
				 OVS_CS_F_RELATED | OVS_CS_F_REPLY_DIR |	\
				 OVS_CS_F_INVALID | OVS_CS_F_TRACKED |	\
				 OVS_CS_F_SRC_NAT | OVS_CS_F_DST_NAT)

#if IS_ENABLED(CONFIG_NF_CONNTRACK)

int ovs_ct_register(void);
void ovs_ct_unregister(void);

/*
 * Whether net's flows may match key attribute type (CT_STATE, _ZONE, _MARK
 * or _LABELS): the kernel must track that field, and labels need this
 * namespace's label bits, registered when it was set up.
 */
bool ovs_ct_key_attr_supported(struct net *net, int type);

/*
 * key->ct from the connection skb already carries (say, from iptables in
 * the same namespace) as a packet enters the datapath.  After the headers:
 * the original tuple is kept only where the key's IP version matches.
 */
void ovs_ct_key_fill(const struct sk_buff *skb, struct ovs_key *key);

/*
 * ct_clear: the packet leaves its connection and is marked untracked, as
 * in-tree; key (if not NULL) reads "untracked" after it.
 */
void ovs_ct_clear(struct sk_buff *skb, struct ovs_key *key);

#else /* !CONFIG_NF_CONNTRACK */

static inline int ovs_ct_register(void)
{
	return 0;
}

static inline void ovs_ct_unregister(void)
{
}

static inline bool ovs_ct_key_attr_supported(struct net *net, int type)
{
	return type == OVS_KEY_ATTR_CT_STATE;
}

static inline void ovs_ct_key_fill(const struct sk_buff *skb,
				   struct ovs_key *key)
{
}

static inline void ovs_ct_clear(struct sk_buff *skb, struct ovs_key *key)
{
}

#endif /* CONFIG_NF_CONNTRACK */

#endif /* OVS_LINUX_CONNTRACK_H */
