#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check-vms: the VM suite on several guest kernels at once.
#
#   tests/vm/run-guests.sh GUEST...     (e.g. 6.1 6.12 6.1/bullseye)
#
# A GUEST is a kernel (run.sh --kernel) or KERNEL/SUITE: that kernel with
# another Debian suite's Open vSwitch userspace (run.sh VM_USERSPACE=SUITE:
# bullseye's 2.15, trixie's 3.5).  Such a run takes the tests that hold for
# any userspace, VM_USERSPACE_TESTS ('30-* 60-* 70-*': vswitchd's start and
# feature probes, forwarding, OpenFlow); the others compare transcripts of
# bookworm's 3.1 tools.
#
# Each guest is a single-threaded TCG QEMU (see tests/vm/run.sh), so it
# keeps one host CPU busy: with two or more CPUs, guests booted side by side
# finish in about the time of the longest instead of the sum.  run.sh does
# its preparation (packages, module, RPMs, downloads into the cache) one run
# at a time under a lock, so only the guests themselves overlap.
#
# At most VM_JOBS guests run at once (default: the number of CPUs).  Each
# run's output goes to build/vm/guests/<kernel>.log and is printed whole,
# in the order given, when that run ends; each keeps its own
# "vm: N passed, N failed" line.  Exits 1 if any run failed.

set -u

prog=check-vms
here=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)

[ $# -gt 0 ] || { echo "$prog: which guest kernels? (e.g. 6.1 6.12)" >&2; exit 2; }

jobs=${VM_JOBS:-$(nproc)}
[ "$jobs" -ge 1 ] 2> /dev/null || { echo "$prog: VM_JOBS must be a positive number, not '$jobs'" >&2; exit 2; }

logdir=$top/build/vm/guests
mkdir -p "$logdir"

declare -A pid_of
# shellcheck disable=SC2046 # one PID a word
trap 'kill -TERM $(jobs -p) 2> /dev/null; wait; exit 130' INT TERM

start=$(date +%s)
for k in "$@"; do
	case $k in
	*/*/*|/*|*/) echo "$prog: '$k' is neither KERNEL nor KERNEL/SUITE" >&2; exit 2 ;;
	esac
done
for k in "$@"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n 2> /dev/null || sleep 1
	done
	log=$logdir/${k//\//-}.log
	echo "$prog: starting the $k guest (output: $log)"
	case $k in
	*/*)
		VM_USERSPACE=${k#*/} VM_TESTS=${VM_USERSPACE_TESTS:-30-* 60-* 70-*} \
			"$here/run.sh" --kernel "${k%/*}" > "$log" 2>&1 & ;;
	*)
		"$here/run.sh" --kernel "$k" > "$log" 2>&1 & ;;
	esac
	pid_of[$k]=$!
done

fail=0
for k in "$@"; do
	wait "${pid_of[$k]}"
	rc=$?
	echo "$prog: the $k guest run ended with status $rc; its output:"
	cat "$logdir/${k//\//-}.log"
	[ "$rc" = 0 ] || fail=1
done
echo "$prog: $# guest runs, $jobs at a time, took $(($(date +%s) - start))s"
exit "$fail"
