// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fuzz suites' budget and seed, from the kernel command line
 * (openvswitch.fuzz_iterations, openvswitch.fuzz_seed) so that `make fuzz`
 * and `make check` run the same code at different lengths, and where to
 * start (openvswitch.fuzz_first) so that one failure is repeated alone.
 */

#include <linux/moduleparam.h>

#include "fuzz_kunit.h"

static unsigned long ovs_fuzz_iterations_param;
module_param_named(fuzz_iterations, ovs_fuzz_iterations_param, ulong, 0444);
MODULE_PARM_DESC(fuzz_iterations, "inputs per fuzz suite (0: the short slice)");

static u64 ovs_fuzz_seed_param;
module_param_named(fuzz_seed, ovs_fuzz_seed_param, ullong, 0444);
MODULE_PARM_DESC(fuzz_seed, "mixed into every fuzz suite's seed");

static unsigned long ovs_fuzz_first_param;
module_param_named(fuzz_first, ovs_fuzz_first_param, ulong, 0444);
MODULE_PARM_DESC(fuzz_first, "the first input of each fuzz suite to run (0: from the start)");

unsigned long ovs_fuzz_iterations(unsigned long short_default)
{
	return ovs_fuzz_iterations_param ?: short_default;
}

u64 ovs_fuzz_seed(u64 suite_seed)
{
	/* An odd multiplier keeps distinct command-line seeds distinct. */
	return suite_seed ^ (ovs_fuzz_seed_param * 0x9e3779b97f4a7c15ULL);
}

unsigned long ovs_fuzz_first(void)
{
	return ovs_fuzz_first_param;
}
