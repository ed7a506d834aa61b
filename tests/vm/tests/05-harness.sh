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
# wakeup and exit goes through the scheduler).  Where the kernel has no
# kernel.sched_schedstats sysctl (4.19 has it only with SCHED_DEBUG, which
# the xs8 guest lacks), the key flipped is the sched_switch tracepoint's,
# on the same path.

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

secs=30
klog_mark start

key=/proc/sys/kernel/sched_schedstats
what=kernel.sched_schedstats
if [ ! -w "$key" ]; then
	tracing=/sys/kernel/tracing
	if ! mountpoint -q "$tracing"; then
		mount -t tracefs nodev "$tracing" ||
			fail "no $key, and tracefs cannot be mounted on $tracing"
		mounted=$tracing
	fi
	key=$tracing/events/sched/sched_switch/enable
	what="the sched_switch tracepoint"
	[ -w "$key" ] || fail "neither kernel.sched_schedstats nor $key in this guest kernel"
fi

step "flip $what for ${secs}s while processes come and go"
old=$(cat "$key")
( end=$((SECONDS + secs)); while [ $SECONDS -lt $end ]; do /bin/true; done ) &
spin=$!
flips=0
end=$((SECONDS + secs))
while [ $SECONDS -lt $end ]; do
	echo 1 > "$key"
	echo 0 > "$key"
	flips=$((flips + 1))
done
wait "$spin"
echo "$old" > "$key"
[ -z "${mounted:-}" ] || umount "$mounted"
echo "flipped the key on and off $flips times"
[ "$flips" -gt 0 ] || fail "the key was never flipped"

step "the kernel log"
klog_assert_clean start "while the kernel patched its code"
pass "the kernel patched a hot static key $flips times without a stale breakpoint"
