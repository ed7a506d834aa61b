/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Refragmenting on output (linux/ip_frag.c).
 */
#ifndef OVS_LINUX_IP_FRAG_H
#define OVS_LINUX_IP_FRAG_H

struct nlattr;
struct ovs_exec_ctx;
struct ovs_vport;
struct sk_buff;

/*
 * Output of skb, which carries an MRU and is longer than it, in fragments
 * no larger than the MRU; consumes skb.
 */
void ovs_exec_fragment(struct ovs_exec_ctx *ctx, struct ovs_vport *vport,
		       struct sk_buff *skb);

#endif /* OVS_LINUX_IP_FRAG_H */
