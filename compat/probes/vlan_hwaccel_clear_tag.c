// SPDX-License-Identifier: GPL-2.0-only
/* __vlan_hwaccel_clear_tag() (4.20), when the tag got its own present bit. */
#include <linux/if_vlan.h>

static __maybe_unused void ovs_probe(struct sk_buff *skb)
{
	__vlan_hwaccel_clear_tag(skb);
}
