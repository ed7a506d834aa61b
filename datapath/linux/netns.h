/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Namespaces (linux/netns.c): struct ovs_net's setup and teardown.
 */
#ifndef OVS_LINUX_NETNS_H
#define OVS_LINUX_NETNS_H

int ovs_netns_register(void);
void ovs_netns_unregister(void);

#endif /* OVS_LINUX_NETNS_H */
