// SPDX-License-Identifier: GPL-2.0-only
/*
 * The last suite of a tests/kunit/run.sh boot: run a kmemleak scan and
 * fail if it finds anything.
 *
 * kunit.py boots UML with no userspace, so nobody writes "scan" to
 * /sys/kernel/debug/kmemleak, and kmemleak's own thread first scans a
 * minute after boot, long after the run has halted.  Writing that file
 * from here does not work either: kernel_write() refuses files without
 * ->write_iter, and kmemleak's ->write copies from a user pointer we do
 * not have.  So this suite does what that write does in mm/kmemleak.c:
 * it takes scan_mutex and calls kmemleak_scan().  Both are static; with
 * CONFIG_KALLSYMS_ALL built-in code finds them by name.  This ties the
 * suite to kmemleak's internals, which is acceptable for the one pinned
 * kernel (6.1) the KUnit run uses; a failed lookup fails the test.
 *
 * kmemleak only reports objects older than five seconds (MSECS_MIN_AGE in
 * mm/kmemleak.c), and only objects whose contents did not change since the
 * previous scan, so the suite first waits that long, then scans twice.  The
 * hook Makefile links it after every other suite so that their allocations
 * are covered.
 * The kernel runs with kmemleak.verbose=1: each leaked object is printed
 * with its allocation backtrace, which tells which test (or the datapath's
 * initcall) leaked it; run.sh also fails on those lines.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/kallsyms.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>

/* mm/kmemleak.c: MSECS_MIN_AGE, plus slack for the jiffies rounding. */
#define OVS_KMEMLEAK_MIN_AGE_MS	(5000 + 500)

static void ovs_kmemleak_no_leaks(struct kunit *test)
{
	unsigned long scan_addr, mutex_addr, found_addr;
	struct mutex *scan_mutex;	/* kmemleak's, serialises scans */
	void (*scan)(void);
	bool *found_leaks;
	bool leaked;

	if (!IS_ENABLED(CONFIG_DEBUG_KMEMLEAK))
		kunit_skip(test, "CONFIG_DEBUG_KMEMLEAK is off");

	scan_addr = kallsyms_lookup_name("kmemleak_scan");
	mutex_addr = kallsyms_lookup_name("scan_mutex");
	found_addr = kallsyms_lookup_name("kmemleak_found_leaks");
	KUNIT_ASSERT_NE_MSG(test, scan_addr, 0UL,
			    "kmemleak_scan() not found (inlined? CONFIG_KALLSYMS off?)");
	KUNIT_ASSERT_NE_MSG(test, mutex_addr, 0UL,
			    "kmemleak's scan_mutex not found (CONFIG_KALLSYMS_ALL off?)");
	KUNIT_ASSERT_NE_MSG(test, found_addr, 0UL,
			    "kmemleak_found_leaks not found (CONFIG_KALLSYMS_ALL off?)");
	scan = (void (*)(void))scan_addr;
	scan_mutex = (struct mutex *)mutex_addr;
	found_leaks = (bool *)found_addr;

	/* Let the RCU-deferred frees of the earlier suites happen. */
	rcu_barrier();
	msleep(OVS_KMEMLEAK_MIN_AGE_MS);

	/*
	 * Twice: a scan gives every object whose contents changed since the
	 * previous scan (for the first scan: every object) the benefit of
	 * the doubt, so a leak is only reported by the second.
	 */
	mutex_lock(scan_mutex);
	scan();
	scan();
	mutex_unlock(scan_mutex);

	leaked = READ_ONCE(*found_leaks);
	KUNIT_EXPECT_FALSE_MSG(test, leaked,
			       "kmemleak found unreferenced objects: see the \"unreferenced object\" reports above");
}

static struct kunit_case ovs_kmemleak_cases[] = {
	KUNIT_CASE(ovs_kmemleak_no_leaks),
	{}
};

static struct kunit_suite ovs_kmemleak_suite = {
	.name = "ovs_kmemleak",
	.test_cases = ovs_kmemleak_cases,
};

kunit_test_suite(ovs_kmemleak_suite);

MODULE_LICENSE("GPL");
