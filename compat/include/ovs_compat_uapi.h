/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Open vSwitch UAPI numbers newer than the target kernel's own
 * <linux/openvswitch.h>.  The wire protocol is append-only, so each missing
 * attribute has the value it has in the newest UAPI, and the *_MAX of each
 * enum grows to cover it.
 */
#ifndef OVS_COMPAT_UAPI_H
#define OVS_COMPAT_UAPI_H

#include <linux/bits.h>
#include <linux/openvswitch.h>

#ifndef OVS_DP_F_TC_RECIRC_SHARING
#define OVS_DP_F_TC_RECIRC_SHARING	BIT(2)
#endif
#ifndef OVS_DP_F_DISPATCH_UPCALL_PER_CPU
#define OVS_DP_F_DISPATCH_UPCALL_PER_CPU	BIT(3)
#endif

#ifndef HAVE_UAPI_DP_ATTR_MASKS_CACHE_SIZE
#define OVS_DP_ATTR_MASKS_CACHE_SIZE	7
#endif
#ifndef HAVE_UAPI_DP_ATTR_PER_CPU_PIDS
#define OVS_DP_ATTR_PER_CPU_PIDS	8
#endif
#ifndef HAVE_UAPI_DP_ATTR_IFINDEX
#define OVS_DP_ATTR_IFINDEX		9
#undef OVS_DP_ATTR_MAX
#define OVS_DP_ATTR_MAX			OVS_DP_ATTR_IFINDEX
#endif

#ifndef HAVE_UAPI_VPORT_ATTR_UPCALL_STATS
#define OVS_VPORT_ATTR_UPCALL_STATS	10
#undef OVS_VPORT_ATTR_MAX
#define OVS_VPORT_ATTR_MAX		OVS_VPORT_ATTR_UPCALL_STATS
#define OVS_VPORT_UPCALL_ATTR_SUCCESS	0
#define OVS_VPORT_UPCALL_ATTR_FAIL	1
#endif

#ifndef HAVE_UAPI_PACKET_ATTR_HASH
#define OVS_PACKET_ATTR_HASH		11
#endif
#ifndef HAVE_UAPI_PACKET_ATTR_UPCALL_PID
#define OVS_PACKET_ATTR_UPCALL_PID	12
#undef OVS_PACKET_ATTR_MAX
#define OVS_PACKET_ATTR_MAX		OVS_PACKET_ATTR_UPCALL_PID
#endif

static inline void
ovs_megaflow_stats_set_cache_hit(struct ovs_dp_megaflow_stats *mega, __u64 n)
{
#ifdef HAVE_UAPI_MEGAFLOW_CACHE_HIT
	mega->n_cache_hit = n;
#else
	/* The same bytes, before they had a name. */
	mega->pad1 = n;
#endif
}

#endif /* OVS_COMPAT_UAPI_H */
