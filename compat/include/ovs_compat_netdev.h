/* SPDX-License-Identifier: GPL-2.0-only */
/* net_device flags that moved from feature bits to fields. */
#ifndef OVS_COMPAT_NETDEV_H
#define OVS_COMPAT_NETDEV_H

#include <linux/netdevice.h>

static inline void ovs_netdev_set_lltx(struct net_device *dev)
{
#ifdef HAVE_NETDEV_LLTX
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

static inline void ovs_netdev_set_netns_local(struct net_device *dev)
{
#if defined(HAVE_NETDEV_NETNS_IMMUTABLE)
	dev->netns_immutable = true;
#elif defined(HAVE_NETDEV_NETNS_LOCAL)
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

#ifndef HAVE_DEV_CORE_STATS_TX_DROPPED_INC
/* dev_get_stats() adds this counter to the driver's tx_dropped. */
static inline void dev_core_stats_tx_dropped_inc(struct net_device *dev)
{
	atomic_long_inc(&dev->tx_dropped);
}
#endif

#ifndef HAVE_DEV_CHANGE_FLAGS_EXTACK
/* Before 5.0 the drivers could give no reason. */
#define dev_change_flags(dev, flags, extack) dev_change_flags(dev, flags)
#endif

#endif /* OVS_COMPAT_NETDEV_H */
