/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Legacy tunnel ports (linux/vport_tunnel.c): OVS_VPORT_TYPE_GRE, _VXLAN
 * and _GENEVE, whose metadata-mode device the datapath creates itself.
 */
#ifndef OVS_LINUX_VPORT_TUNNEL_H
#define OVS_LINUX_VPORT_TUNNEL_H

struct ovs_vport_ops;

extern const struct ovs_vport_ops ovs_tunnel_gre_vport_ops;
extern const struct ovs_vport_ops ovs_tunnel_vxlan_vport_ops;
extern const struct ovs_vport_ops ovs_tunnel_geneve_vport_ops;

#endif /* OVS_LINUX_VPORT_TUNNEL_H */
