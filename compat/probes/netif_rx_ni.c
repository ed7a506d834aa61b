// SPDX-License-Identifier: GPL-2.0-only
/* netif_rx_ni() was folded into netif_rx() in 5.18. */
#include <linux/netdevice.h>

int ovs_probe(struct sk_buff *skb);
int ovs_probe(struct sk_buff *skb)
{
	return netif_rx_ni(skb);
}
