// SPDX-License-Identifier: GPL-2.0-only
/* 6.0: per-CPU core stats; before that, net_device::tx_dropped was atomic. */
#include <linux/netdevice.h>

static __maybe_unused void ovs_probe(struct net_device *dev)
{
	dev_core_stats_tx_dropped_inc(dev);
}
