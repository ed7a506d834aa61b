// SPDX-License-Identifier: GPL-2.0-only
/* 5.0 gave dev_change_flags() an extack argument. */
#include <linux/netdevice.h>

static __maybe_unused int ovs_probe(struct net_device *dev)
{
	return dev_change_flags(dev, dev->flags, NULL);
}
