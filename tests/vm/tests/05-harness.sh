#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The harness itself: the guest kernel rewrites its own code (static keys,
# jump labels) whenever a feature is switched on or off, and the datapath
# tests trigger that all the time (namespaces, netfilter hooks, module
# loads).  Under QEMU's multi-threaded TCG a vCPU can then run a stale
# translation that still holds the temporary int3 breakpoint, and the guest
# dies with "Oops: int3" in whatever code it was running (seen in CI on the
# 6.12 guest, in the timer softirq and in 60-forwarding).  run.sh uses
# single-threaded TCG for this; this test fails within seconds without it:
# it flips the scheduler's schedstats key while the other vCPU keeps
# running the code around it (a loop of short-lived processes: every fork,
# wakeup and exit goes through the scheduler).

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

secs=30
klog_mark start

step "flip kernel.sched_schedstats for ${secs}s while processes come and go"
[ -w /proc/sys/kernel/sched_schedstats ] ||
	fail "no /proc/sys/kernel/sched_schedstats in this guest kernel"
old=$(cat /proc/sys/kernel/sched_schedstats)
( end=$((SECONDS + secs)); while [ $SECONDS -lt $end ]; do /bin/true; done ) &
spin=$!
flips=0
end=$((SECONDS + secs))
while [ $SECONDS -lt $end ]; do
	echo 1 > /proc/sys/kernel/sched_schedstats
	echo 0 > /proc/sys/kernel/sched_schedstats
	flips=$((flips + 1))
done
wait "$spin"
echo "$old" > /proc/sys/kernel/sched_schedstats
echo "flipped the key on and off $flips times"
[ "$flips" -gt 0 ] || fail "the key was never flipped"

step "the kernel log"
klog_assert_clean start "while the kernel patched its code"
pass "the kernel patched a hot static key $flips times without a stale breakpoint"
