// SPDX-License-Identifier: GPL-2.0-only
/*
 * skb_clear_tstamp() (5.18) keeps a monotonic delivery time, marked since
 * then by a bit of the skb (mono_delivery_time, later tstamp_type).
 */
#include <linux/skbuff.h>

static __maybe_unused void ovs_probe(struct sk_buff *skb)
{
	skb_clear_tstamp(skb);
}
