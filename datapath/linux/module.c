// SPDX-License-Identifier: GPL-2.0-only
/*
 * Module entry points for the Open vSwitch datapath.
 */

#include <linux/module.h>

static int __init ovs_module_init(void)
{
	return 0;
}

static void __exit ovs_module_exit(void)
{
}

module_init(ovs_module_init);
module_exit(ovs_module_exit);

MODULE_DESCRIPTION("Open vSwitch switching datapath");
MODULE_LICENSE("GPL");
MODULE_VERSION(OVS_META_VERSION);
