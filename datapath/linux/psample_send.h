/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Samples to psample (linux/psample_send.c).
 */
#ifndef OVS_LINUX_PSAMPLE_SEND_H
#define OVS_LINUX_PSAMPLE_SEND_H

struct nlattr;
struct ovs_exec_ctx;
struct ovs_vport;
struct sk_buff;

/*
 * A sample of skb to psample; skb stays with the caller, its pending trunc
 * still pending.
 */
void ovs_exec_psample(struct ovs_exec_ctx *ctx, const struct sk_buff *skb,
		      const struct nlattr *attr);

#endif /* OVS_LINUX_PSAMPLE_SEND_H */
