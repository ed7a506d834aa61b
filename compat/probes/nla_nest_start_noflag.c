// SPDX-License-Identifier: GPL-2.0-only
/* 5.2 split nla_nest_start() into flagged and _noflag forms. */
#include <net/netlink.h>

static __maybe_unused struct nlattr *ovs_probe(struct sk_buff *skb)
{
	return nla_nest_start_noflag(skb, 1);
}
