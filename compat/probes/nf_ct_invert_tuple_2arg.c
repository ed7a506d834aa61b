// SPDX-License-Identifier: GPL-2.0-only
/*
 * nf_ct_invert_tuple(inverse, orig) (5.1); before, it took the protocol
 * trackers and nf_ct_invert_tuplepr() was the two-argument one.
 */
#include <net/netfilter/nf_conntrack_core.h>

static __maybe_unused bool ovs_probe(struct nf_conntrack_tuple *inverse,
				     const struct nf_conntrack_tuple *orig)
{
	return nf_ct_invert_tuple(inverse, orig);
}
