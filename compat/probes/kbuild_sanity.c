// SPDX-License-Identifier: GPL-2.0-only
/* Not a feature: proves the tree can compile a module at all. */
#include <linux/module.h>

static int __init ovs_probe_init(void)
{
	return 0;
}
module_init(ovs_probe_init);
MODULE_LICENSE("GPL");
