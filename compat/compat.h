/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Force-included into every datapath source (see Kbuild).  datapath/ is
 * written against the newest kernel API; the headers below supply that API
 * on older kernels, driven only by the compile probes' HAVE_* results in
 * the generated ovs_compat_config.h.  No kernel version numbers here.
 */
#ifndef OVS_COMPAT_H
#define OVS_COMPAT_H

/*
 * Not compat, but it must come before the first kernel header, and this
 * one is read first: every message the module logs is prefixed with its
 * name, as the in-tree module's are.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "ovs_compat_config.h"
#include "ovs_meta.h"

#include "ovs_compat_uapi.h"
#include "ovs_compat_uapi_flow.h"
#include "ovs_compat_netlink.h"
#include "ovs_compat_netdev.h"
#include "ovs_compat_netns.h"
#include "ovs_compat_misc.h"
#include "ovs_compat_actions.h"
#include "ovs_compat_psample.h"
#include "ovs_compat_frag.h"
#include "ovs_compat_tunnel.h"
#include "ovs_compat_conntrack.h"
#include "ovs_compat_conncount.h"

#endif /* OVS_COMPAT_H */
