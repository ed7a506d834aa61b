/* SPDX-License-Identifier: GPL-2.0-only */
/* Packet helpers the action code uses, under their modern names. */
#ifndef OVS_COMPAT_ACTIONS_H
#define OVS_COMPAT_ACTIONS_H

#include <linux/skbuff.h>
#ifdef HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#ifndef HAVE_NF_RESET_CT
/* Only the conntrack reference: ct_clear leaves bridge netfilter alone. */
static inline void nf_reset_ct(struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_NF_CONNTRACK)
	nf_conntrack_put(skb_nfct(skb));
	skb->_nfct = 0;
#endif
}
#endif

#endif /* OVS_COMPAT_ACTIONS_H */
