// SPDX-License-Identifier: GPL-2.0-only
/* 5.2 made nlmsg_parse() strict and renamed the lenient one. */
#include <net/netlink.h>

static __maybe_unused int ovs_probe(const struct nlmsghdr *nlh, struct nlattr **tb)
{
	return nlmsg_parse_deprecated(nlh, 0, tb, 1, NULL, NULL);
}
