/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the files that run action lists: actions_exec.c (the loop,
 * output, upcalls, nesting, recirculation), actions_set.c (header
 * rewrites) and actions_encap.c (pushing and popping headers), and by the
 * two that hand packets to other kernel subsystems, linux/ip_frag.c
 * (refragmenting on output) and linux/psample_send.c (samples to psample).
 */
#ifndef OVS_ACTIONS_EXEC_H
#define OVS_ACTIONS_EXEC_H

#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/netlink.h>

#include "actions.h"
#include "flow_key.h"

struct ovs_vport;

/*
 * The state one action list runs with.  A nested list that may change the
 * key gets its own copy of the key, and with it its own key_stale.
 */
struct ovs_exec_ctx {
	struct ovs_dp *dp;
	struct ovs_key *key;
	/*
	 * A header was pushed or popped: the key's packet fields no longer
	 * describe the packet and must be extracted again before anyone
	 * outside this list (a recirculation, an upcall) reads them.
	 */
	bool key_stale;
};

/* new where mask is set, old elsewhere. */
#define OVS_MASKED(old, new, mask) ({				\
	typeof(mask) ovs_mask_ = (mask);				\
	((new) & ovs_mask_) | ((old) & ~ovs_mask_);			\
})

/* Brings ctx->key up to date with the packet if a push or pop left it stale. */
int ovs_exec_refresh_key(struct ovs_exec_ctx *ctx, struct sk_buff *skb);

/* actions_exec.c */

/* actions_set.c: a set or masked set; a is the key attribute inside it. */
int ovs_exec_set(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		 const struct nlattr *a);

/* actions_encap.c */
int ovs_exec_push_vlan(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		       const struct ovs_action_push_vlan *vlan);
int ovs_exec_pop_vlan(struct ovs_exec_ctx *ctx, struct sk_buff *skb);
int ovs_exec_push_mpls(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		       __be32 lse, __be16 ethertype, bool keep_l2);
int ovs_exec_pop_mpls(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		      __be16 ethertype);
int ovs_exec_push_eth(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		      const struct ovs_action_push_eth *eth);
int ovs_exec_pop_eth(struct ovs_exec_ctx *ctx, struct sk_buff *skb);
int ovs_exec_push_nsh(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		      const struct nlattr *a);
int ovs_exec_pop_nsh(struct ovs_exec_ctx *ctx, struct sk_buff *skb);
int ovs_exec_set_mpls(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		      __be32 lse, __be32 mask);
int ovs_exec_dec_ttl(struct ovs_exec_ctx *ctx, struct sk_buff *skb);

#endif /* OVS_ACTIONS_EXEC_H */
