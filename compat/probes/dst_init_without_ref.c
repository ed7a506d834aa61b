// SPDX-License-Identifier: GPL-2.0-only
/*
 * dst_init() without the initial_ref argument (between 6.1 and 6.12): a
 * route entry always starts with one reference.
 */
#include <net/dst.h>

static __maybe_unused void ovs_probe(struct dst_entry *dst, struct dst_ops *ops)
{
	dst_init(dst, ops, NULL, DST_OBSOLETE_NONE, DST_NOCOUNT);
}
