// SPDX-License-Identifier: GPL-2.0-only
/* 6.1: commands below resv_start_op keep the lenient legacy checks. */
#include <net/genetlink.h>

static struct genl_family ovs_probe_family __maybe_unused = {
	.resv_start_op = 1,
};
