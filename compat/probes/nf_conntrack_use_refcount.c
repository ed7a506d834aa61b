// SPDX-License-Identifier: GPL-2.0-only
/*
 * nf_conntrack's use count became a refcount_t (5.19), and a template
 * then came from nf_ct_tmpl_alloc() holding one reference; an atomic_t
 * one started at zero.
 */
#include <linux/refcount.h>
#include <net/netfilter/nf_conntrack.h>

static __maybe_unused unsigned int ovs_probe(struct nf_conn *ct)
{
	return refcount_read(&ct->ct_general.use);
}
