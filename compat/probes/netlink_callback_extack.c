// SPDX-License-Identifier: GPL-2.0-only
/* 4.20 gave dump callbacks an extack, whose message ends the dump. */
#include <linux/netlink.h>

static __maybe_unused struct netlink_ext_ack *
ovs_probe(struct netlink_callback *cb)
{
	return cb->extack;
}
