/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The binding to nf_conntrack (linux/conntrack.c): ct() installed and run,
 * a packet's connection as the flow key sees it, ct_clear, and the
 * per-namespace registrations conntrack keys need.  Without
 * CONFIG_NF_CONNTRACK the key always reads "untracked", only ct_state is
 * accepted and ct() is refused, as in-tree.
 */
#ifndef OVS_LINUX_CONNTRACK_H
#define OVS_LINUX_CONNTRACK_H

#include <linux/errno.h>
#include <linux/kconfig.h>
#include <linux/openvswitch.h>
#include <linux/skbuff.h>
#include <linux/types.h>

struct net;
struct nlattr;
struct ovs_key;
struct sk_buff;

/* The ct_state bits a key or mask may hold: all the in-tree module knows. */
#define OVS_CT_STATE_SUPPORTED	(OVS_CS_F_NEW | OVS_CS_F_ESTABLISHED |	\
				 OVS_CS_F_RELATED | OVS_CS_F_REPLY_DIR |	\
				 OVS_CS_F_INVALID | OVS_CS_F_TRACKED |	\
				 OVS_CS_F_SRC_NAT | OVS_CS_F_DST_NAT)

/* A ct() action as actions_check_ct.c has checked it. */
struct ovs_ct_params {
	bool ipv6;		/* the flow's IP version */
	u8 proto;		/* the flow's IP protocol: helper, timeout */
	u16 zone;
	bool commit;
	bool force;
	bool have_eventmask;
	u32 eventmask;
	u32 mark;
	u32 mark_mask;		/* 0: the mark is left alone */
	u32 labels[OVS_CT_LABELS_LEN_32];
	u32 labels_mask[OVS_CT_LABELS_LEN_32];
	const char *helper;	/* NUL-terminated, or NULL */
	const char *timeout;	/* a cttimeout policy name, or NULL */
	/*
	 * The checked ct() nest when it has an OVS_CT_ATTR_NAT nest (NULL:
	 * no NAT).  Each NAT nest adds to the ones before it, in order, as
	 * in-tree merges them: SRC or DST with its range (the first nest
	 * only), or none to NAT connections as they were set up.
	 */
	const struct nlattr *nats;
};

struct ovs_ct_info;

#if IS_ENABLED(CONFIG_NF_CONNTRACK)

/*
 * The installed form of a ct() action, with its template, helper and
 * timeout policy references.  -ENOENT: no such helper (for the flow's IP
 * version and protocol); -EPROTONOSUPPORT: the helper has no NAT half for
 * a ct() with NAT; -ENOMEM.  Sleeps (a helper may be loaded).
 */
int ovs_ct_info_new(struct net *net, const struct ovs_ct_params *p,
		    struct ovs_ct_info **info);
void ovs_ct_info_free(struct ovs_ct_info *info);
/* Puts info at the head of a chain; frees a whole chain (NULL: none). */
void ovs_ct_info_chain(struct ovs_ct_info *info, struct ovs_ct_info **head);
void ovs_ct_infos_free(struct ovs_ct_info *head);

/*
 * Runs info on skb (whose key is key) at the mac header; key's ct fields,
 * and after reassembly its headers, follow.  0; -EINPROGRESS: skb kept by
 * reassembly or nf_conntrack; otherwise skb was freed.
 */
int ovs_ct_execute(struct net *net, struct sk_buff *skb, struct ovs_key *key,
		   const struct ovs_ct_info *info);

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

static inline int ovs_ct_info_new(struct net *net,
				  const struct ovs_ct_params *p,
				  struct ovs_ct_info **info)
{
	return -EOPNOTSUPP;
}

static inline void ovs_ct_info_free(struct ovs_ct_info *info)
{
}

static inline void ovs_ct_info_chain(struct ovs_ct_info *info,
				     struct ovs_ct_info **head)
{
}

static inline void ovs_ct_infos_free(struct ovs_ct_info *head)
{
}

static inline int ovs_ct_execute(struct net *net, struct sk_buff *skb,
				 struct ovs_key *key,
				 const struct ovs_ct_info *info)
{
	kfree_skb(skb);
	return -EOPNOTSUPP;
}

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
