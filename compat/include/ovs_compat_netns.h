/* SPDX-License-Identifier: GPL-2.0-only */
/* Network namespace ids under their modern signature. */
#ifndef OVS_COMPAT_NETNS_H
#define OVS_COMPAT_NETNS_H

#include <net/net_namespace.h>

#ifndef HAVE_PEERNET2ID_ALLOC_GFP
/*
 * The older function allocates with GFP_ATOMIC under a spinlock whatever
 * the caller could afford; the flags have nowhere to go.
 */
#define peernet2id_alloc(net, peer, gfp) peernet2id_alloc(net, peer)
#endif

#endif /* OVS_COMPAT_NETNS_H */
