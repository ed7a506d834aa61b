// SPDX-License-Identifier: GPL-2.0-only
/*
 * <net/gso.h> (about 6.4) took the GSO helpers (__skb_gso_segment,
 * skb_gso_validate_mac_len) out of netdevice.h and skbuff.h.
 */
#include <linux/skbuff.h>
#include <net/gso.h>

static __maybe_unused bool ovs_probe(struct sk_buff *skb)
{
	return skb_gso_validate_mac_len(skb, 0) && __skb_gso_segment(skb, 0, false);
}
