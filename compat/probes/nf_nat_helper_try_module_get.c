// SPDX-License-Identifier: GPL-2.0-only
/* nf_nat_helper_try_module_get(): a helper's NAT half by name (5.7). */
#include <net/netfilter/nf_conntrack_helper.h>

static __maybe_unused int ovs_probe(void)
{
	return nf_nat_helper_try_module_get("ftp", NFPROTO_IPV4, IPPROTO_TCP);
}
