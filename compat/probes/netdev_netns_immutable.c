// SPDX-License-Identifier: GPL-2.0-only
/* net_device::netns_local was renamed netns_immutable (6.15, and stable). */
#include <linux/netdevice.h>

static __maybe_unused void ovs_probe(struct net_device *dev)
{
	dev->netns_immutable = true;
}
