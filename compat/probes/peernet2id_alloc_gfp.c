// SPDX-License-Identifier: GPL-2.0-only
/* peernet2id_alloc() took a gfp_t from 5.4 (and in later 4.19 stable). */
#include <net/net_namespace.h>

static __maybe_unused int ovs_probe(struct net *net, struct net *peer)
{
	return peernet2id_alloc(net, peer, GFP_KERNEL);
}
