/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the fuzz suites (fuzz_*_test.c) share: how many inputs a run throws
 * and from which seed.  `make check` runs each suite's short slice; `make
 * fuzz` boots with openvswitch.fuzz_iterations=N (and optionally
 * openvswitch.fuzz_seed=S, openvswitch.fuzz_first=F) on the kernel
 * command line.
 */
#ifndef OVS_FUZZ_KUNIT_H
#define OVS_FUZZ_KUNIT_H

#include <linux/types.h>

/*
 * Inputs per suite, split into chunks of at most OVS_FUZZ_CHUNK so that
 * each parameterised case stays far inside KUnit's fixed per-case timeout
 * even under KASAN.
 */
#define OVS_FUZZ_CHUNK		20000UL

/* The run's budget: the command line's if given, else short_default. */
unsigned long ovs_fuzz_iterations(unsigned long short_default);

/*
 * The seed for a suite: suite_seed mixed with the command line's seed, so
 * that one run is repeated exactly by passing the seed it printed.
 */
u64 ovs_fuzz_seed(u64 suite_seed);

/*
 * The first input to run (0 unless the command line says): a failure at
 * input F of a long run is repeated without the inputs before it.  A suite
 * whose inputs depend on the ones before (state kept across requests)
 * starts at the beginning of F's chunk instead, which repeats F all the
 * same since every chunk starts from fresh state and its own seed.
 */
unsigned long ovs_fuzz_first(void);

#endif /* OVS_FUZZ_KUNIT_H */
