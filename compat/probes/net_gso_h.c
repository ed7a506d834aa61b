// SPDX-License-Identifier: GPL-2.0-only
/* 6.5 moved the GSO helpers (skb_gso_validate_mac_len) into <net/gso.h>. */
#include <linux/skbuff.h>
#include <net/gso.h>

static __maybe_unused bool ovs_probe(const struct sk_buff *skb)
{
	return skb_gso_validate_mac_len(skb, 0);
}
