/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The device notifier (linux/dp_notify.c): ports whose device goes away.
 */
#ifndef OVS_LINUX_DP_NOTIFY_H
#define OVS_LINUX_DP_NOTIFY_H

struct net;
struct work_struct;

/* struct ovs_net's notify_work. */
void ovs_dp_notify_work(struct work_struct *work);
/* Internal ports whose devices are in this dying namespace leave. */
void ovs_dp_notify_net_exit(struct net *dnet);
int ovs_dp_notifier_register(void);
void ovs_dp_notifier_unregister(void);

#endif /* OVS_LINUX_DP_NOTIFY_H */
