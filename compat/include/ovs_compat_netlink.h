/* SPDX-License-Identifier: GPL-2.0-only */
/* Netlink and generic netlink API under its modern names. */
#ifndef OVS_COMPAT_NETLINK_H
#define OVS_COMPAT_NETLINK_H

#include <net/genetlink.h>
#include <net/netlink.h>

#ifndef HAVE_NLMSG_PARSE_DEPRECATED
/* Before the strict parser existed, nlmsg_parse() was the lenient one. */
#define nlmsg_parse_deprecated nlmsg_parse
#endif

#ifndef HAVE_NLA_NEST_START_NOFLAG
#define nla_nest_start_noflag nla_nest_start
#endif

#ifndef HAVE_GENL_INFO_USERHDR
static inline void *genl_info_userhdr(const struct genl_info *info)
{
	return info->userhdr;
}
#endif

/*
 * A dump callback's extack: its message goes out in the dump's NLMSG_DONE.
 * Before 4.20 a dump had none, and a refused dump says only its errno.
 */
static inline struct netlink_ext_ack *
ovs_netlink_cb_extack(const struct netlink_callback *cb)
{
#ifdef HAVE_NETLINK_CALLBACK_EXTACK
	return cb->extack;
#else
	return NULL;
#endif
}

/*
 * Where the kernel has resv_start_op, commands below it keep the legacy
 * flag handling the OVS families were defined with, and are not handed
 * a reject-all policy; older kernels behave that way for every command.
 */
#ifdef HAVE_GENL_RESV_START_OP
#define OVS_GENL_RESV_START_OP(op) .resv_start_op = (op),
#else
#define OVS_GENL_RESV_START_OP(op)
#endif

#endif /* OVS_COMPAT_NETLINK_H */
