// SPDX-License-Identifier: GPL-2.0-only
/* 6.1: commands below resv_start_op keep the lenient legacy checks. */
#include <net/genetlink.h>

struct genl_family ovs_probe_family = {
	.resv_start_op = 1,
};
