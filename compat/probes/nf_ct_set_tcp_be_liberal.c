// SPDX-License-Identifier: GPL-2.0-only
/*
 * nf_ct_set_tcp_be_liberal() and nf_conntrack_tcp_established() (5.13):
 * established TCP not marked invalid when out of window.
 */
#include <net/netfilter/nf_conntrack_l4proto.h>

static __maybe_unused void ovs_probe(struct nf_conn *ct)
{
	if (nf_conntrack_tcp_established(ct))
		nf_ct_set_tcp_be_liberal(ct);
}
