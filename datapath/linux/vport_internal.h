/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal ports (linux/vport_internal.c): net_devices the datapath owns.
 */
#ifndef OVS_LINUX_VPORT_INTERNAL_H
#define OVS_LINUX_VPORT_INTERNAL_H

#include <linux/types.h>

struct net_device;
struct ovs_vport;
struct ovs_vport_ops;

extern const struct ovs_vport_ops ovs_internal_vport_ops;

bool ovs_is_internal_dev(const struct net_device *dev);
/* The device's vport, or NULL once it is being torn down. */
struct ovs_vport *ovs_internal_dev_vport(const struct net_device *dev);
int ovs_internal_dev_init(void);
void ovs_internal_dev_exit(void);

#endif /* OVS_LINUX_VPORT_INTERNAL_H */
