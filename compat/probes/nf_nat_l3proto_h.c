// SPDX-License-Identifier: GPL-2.0-only
/*
 * nf_nat_l3proto.h: the per-family NAT calls (ICMP error translation) in
 * their own header and modules, nf_nat_ipv4 and nf_nat_ipv6 (until 5.1).
 */
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_nat.h>
#include <net/netfilter/nf_nat_l3proto.h>

static __maybe_unused int ovs_probe(struct sk_buff *skb, struct nf_conn *ct)
{
	return nf_nat_icmp_reply_translation(skb, ct, IP_CT_RELATED,
					     NF_INET_LOCAL_IN);
}
