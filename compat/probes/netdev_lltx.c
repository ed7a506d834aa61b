// SPDX-License-Identifier: GPL-2.0-only
/* 6.12 turned NETIF_F_LLTX into net_device::lltx. */
#include <linux/netdevice.h>

static __maybe_unused void ovs_probe(struct net_device *dev)
{
	dev->lltx = true;
}
