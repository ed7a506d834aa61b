// SPDX-License-Identifier: GPL-2.0-only
/* struct_size() arrived in 5.0. */
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/types.h>

struct ovs_probe_s {
	int n;
	u32 a[];
};

size_t ovs_probe(struct ovs_probe_s *p, int n);
size_t ovs_probe(struct ovs_probe_s *p, int n)
{
	return struct_size(p, a, n);
}
