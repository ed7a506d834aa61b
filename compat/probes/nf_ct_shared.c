// SPDX-License-Identifier: GPL-2.0-only
/* nf_ct_shared(): whether another skb holds the entry too (5.10). */
#include <net/netfilter/nf_conntrack.h>

static __maybe_unused bool ovs_probe(const struct nf_conn *ct)
{
	return nf_ct_shared(ct);
}
