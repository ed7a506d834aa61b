// SPDX-License-Identifier: GPL-2.0-only
/* nf_conncount_init() and _destroy() take an address family. */
#include <linux/netfilter.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_count.h>

static __maybe_unused void ovs_probe(struct net *net)
{
	struct nf_conncount_data *data;

	data = nf_conncount_init(net, NFPROTO_INET, sizeof(u32));
	nf_conncount_destroy(net, NFPROTO_INET, data);
}
