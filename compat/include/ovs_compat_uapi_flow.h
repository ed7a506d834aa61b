/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Flow key and action UAPI numbers newer than the target kernel's
 * <linux/openvswitch.h>.  The values are the wire values of the newest
 * UAPI.  Older kernels' headers give OVS_KEY_ATTR_TUNNEL_INFO (kernel-only)
 * the number that later became OVS_KEY_ATTR_PACKET_TYPE: the datapath never
 * uses OVS_KEY_ATTR_TUNNEL_INFO, so that clash does not reach the wire.
 */
#ifndef OVS_COMPAT_UAPI_FLOW_H
#define OVS_COMPAT_UAPI_FLOW_H

#include <linux/bits.h>
#include <linux/openvswitch.h>
#include <linux/types.h>

#ifndef HAVE_UAPI_KEY_ATTR_PACKET_TYPE
#define OVS_KEY_ATTR_PACKET_TYPE	29
#define OVS_KEY_ATTR_ND_EXTENSIONS	30
#endif

#ifndef HAVE_UAPI_KEY_ATTR_IPV6_EXTHDRS
#define OVS_KEY_ATTR_IPV6_EXTHDRS	32
struct ovs_key_ipv6_exthdrs {
	__u16 hdrs;
};
#endif

#ifndef HAVE_UAPI_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE
#define OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE	16
#undef OVS_TUNNEL_KEY_ATTR_MAX
#define OVS_TUNNEL_KEY_ATTR_MAX		OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE
#endif

/* Key attributes this datapath knows, whatever the kernel headers say. */
#define OVS_KEY_ATTR_LAST		32

#ifndef HAVE_UAPI_ACTION_ATTR_CHECK_PKT_LEN
#define OVS_ACTION_ATTR_CHECK_PKT_LEN	21
#define OVS_CHECK_PKT_LEN_ATTR_PKT_LEN			1
#define OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER	2
#define OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL	3
#define OVS_CHECK_PKT_LEN_ATTR_MAX			3
#endif

#ifndef HAVE_UAPI_ACTION_ATTR_ADD_MPLS
#define OVS_ACTION_ATTR_ADD_MPLS	22
#define OVS_MPLS_L3_TUNNEL_FLAG_MASK	BIT(0)
struct ovs_action_add_mpls {
	__be32 mpls_lse;
	__be16 mpls_ethertype;
	__u16 tun_flags;
};
#endif

#ifndef HAVE_UAPI_ACTION_ATTR_DEC_TTL
#define OVS_ACTION_ATTR_DEC_TTL		23
#define OVS_DEC_TTL_ATTR_ACTION		1
#define OVS_DEC_TTL_ATTR_MAX		1
#endif

#ifndef HAVE_UAPI_CT_ATTR_TIMEOUT
#define OVS_CT_ATTR_TIMEOUT		9
#endif

#ifndef HAVE_UAPI_ACTION_ATTR_DROP
#define OVS_ACTION_ATTR_DROP		24
#endif

#ifndef HAVE_UAPI_ACTION_ATTR_PSAMPLE
#define OVS_ACTION_ATTR_PSAMPLE		25
#define OVS_PSAMPLE_ATTR_GROUP		1
#define OVS_PSAMPLE_ATTR_COOKIE		2
#define OVS_PSAMPLE_ATTR_MAX		2
#define OVS_PSAMPLE_COOKIE_MAX_SIZE	16
#endif

/* Action types this datapath knows, whatever the kernel headers say. */
#define OVS_ACTION_ATTR_LAST		25

#ifndef HAVE_UAPI_HASH_ALG_SYM_L4
#define OVS_HASH_ALG_SYM_L4		1
#endif

#endif /* OVS_COMPAT_UAPI_FLOW_H */
