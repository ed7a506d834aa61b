// SPDX-License-Identifier: GPL-2.0-only
/* <net/gso.h> (about 6.4) took __skb_gso_segment() out of netdevice.h. */
#include <net/gso.h>

static __maybe_unused void *ovs_probe(struct sk_buff *skb)
{
	return __skb_gso_segment(skb, 0, false);
}
