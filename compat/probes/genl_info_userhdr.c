// SPDX-License-Identifier: GPL-2.0-only
/* 6.7 replaced genl_info::userhdr with an accessor. */
#include <net/genetlink.h>

static __maybe_unused void *ovs_probe(const struct genl_info *info)
{
	return genl_info_userhdr(info);
}
