// SPDX-License-Identifier: GPL-2.0-only
/* nf_ct_set_timeout(): a cttimeout policy by name on an entry (5.3). */
#include <net/netfilter/nf_conntrack_timeout.h>

static __maybe_unused int ovs_probe(struct net *net, struct nf_conn *ct)
{
	return nf_ct_set_timeout(net, ct, NFPROTO_IPV4, IPPROTO_UDP, "p");
}
