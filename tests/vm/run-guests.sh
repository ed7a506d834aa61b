#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check-vms: the VM suite on several guest kernels at once.
#
#   tests/vm/run-guests.sh JOB...     (e.g. 6.1 6.12 6.1/bullseye)
#
# A JOB is one of:
#   KERNEL          a guest kernel (run.sh --kernel), every test
#   KERNEL:FROM-TO  that guest, only the tests numbered FROM to TO (two
#                   digits each; either may be left out: 6.12:65- is 65 and
#                   later, xs8:-64 is up to 64).  One guest's tests split
#                   over two boots let two lanes share the longest guests.
#   KERNEL/SUITE    that kernel with another Debian suite's Open vSwitch
#                   userspace (run.sh VM_USERSPACE=SUITE: bullseye's 2.15,
#                   trixie's 3.5).  Such a run takes the tests that hold for
#                   any userspace, VM_USERSPACE_TESTS ('30-* 60-* 70-*':
#                   vswitchd's start and feature probes, forwarding,
#                   OpenFlow); the others compare transcripts of bookworm's
#                   3.1 tools.
#   matrix          the compile matrix (tests/matrix/run.sh) with one
#                   compiler job, so that it fills a lane the guests leave
#                   idle instead of running after them.
#
# Each guest is a single-threaded TCG QEMU (see tests/vm/run.sh), so it
# keeps one host CPU busy: with two or more CPUs, guests booted side by side
# finish in about the time of the longest instead of the sum.  run.sh does
# its preparation (packages, module, RPMs, downloads into the cache) one run
# at a time under a lock, so only the guests themselves overlap.
#
# At most VM_JOBS jobs run at once (default: the number of CPUs), started
# in the order given: give the longest first, so that the short ones fill
# whichever lane ends early.  Each job's output goes to
# build/vm/guests/<job>.log and is printed whole, in the order given, when
# that job ends; each keeps its own "vm: N passed, N failed" (or
# "matrix: ...") line.  Exits 1 if any job failed.

set -u

prog=check-vms
here=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)

[ $# -gt 0 ] || { echo "$prog: which guest kernels? (e.g. 6.1 6.12)" >&2; exit 2; }

jobs=${VM_JOBS:-$(nproc)}
[ "$jobs" -ge 1 ] 2> /dev/null || { echo "$prog: VM_JOBS must be a positive number, not '$jobs'" >&2; exit 2; }

logdir=$top/build/vm/guests
mkdir -p "$logdir"

# shellcheck disable=SC2046 # one PID a word
trap 'kill -TERM $(jobs -p) 2> /dev/null; wait; exit 130' INT TERM

# The globs run.sh's VM_TESTS takes for the tests numbered FROM to TO.
range_globs() {   # range_globs FROM TO
	local n globs=
	for n in $(seq "$((10#$1))" "$((10#$2))"); do
		globs="$globs $(printf '%02d-*' "$n")"
	done
	echo "${globs# }"
}

# run_job LOG CMD...: CMD in the background, its output in LOG and its
# exit status in LOG.rc.  The status is not left to this shell's wait:
# with pid_max at 32768 a long run wraps the PIDs, and once a later child
# of this shell reuses a finished job's PID, bash has forgotten that job's
# status (wait says 127).  That failed a make check whose tests had all
# passed.  The job's own shell has no other child; it passes INT and TERM
# on, so that an interrupted run.sh still stops its QEMU.
run_job() {
	local log=$1
	shift
	rm -f "$log.rc"
	(
		"$@" &
		child=$!
		trap 'kill -TERM "$child" 2> /dev/null' INT TERM
		while :; do
			wait "$child"
			rc=$?
			kill -0 "$child" 2> /dev/null || break
		done
		echo "$rc" > "$log.rc"
	) > "$log" 2>&1 &
}

start=$(date +%s)
for k in "$@"; do
	case $k in
	matrix) ;;
	*/*/*|/*|*/|*/*:*|*:*:*)
		echo "$prog: '$k' is none of KERNEL, KERNEL:FROM-TO, KERNEL/SUITE or matrix" >&2; exit 2 ;;
	*:*)
		if ! [[ ${k#*:} =~ ^([0-9][0-9])?-([0-9][0-9])?$ ]] || [ "${k#*:}" = - ]; then
			echo "$prog: '$k': the test range must be FROM-TO, two digits each, one of them maybe left out (e.g. 6.1:05-64, 6.1:65-)" >&2
			exit 2
		fi ;;
	esac
done
for k in "$@"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n 2> /dev/null || sleep 1
	done
	log=$logdir/$(echo "$k" | tr '/:' '--').log
	echo "$prog: starting the $k job (output: $log)"
	case $k in
	matrix)
		run_job "$log" env JOBS=1 PROBE_JOBS=1 "$top/tests/matrix/run.sh" ;;
	*/*)
		run_job "$log" env VM_USERSPACE="${k#*/}" \
			VM_TESTS="${VM_USERSPACE_TESTS:-30-* 60-* 70-*}" \
			"$here/run.sh" --kernel "${k%/*}" ;;
	*:*)
		r=${k#*:}
		from=${r%-*} to=${r#*-}
		run_job "$log" env VM_TESTS="$(range_globs "${from:-00}" "${to:-99}")" \
			"$here/run.sh" --kernel "${k%:*}" ;;
	*)
		run_job "$log" "$here/run.sh" --kernel "$k" ;;
	esac
done
wait

fail=0
for k in "$@"; do
	log=$logdir/$(echo "$k" | tr '/:' '--').log
	rc=$(cat "$log.rc" 2> /dev/null) || rc="unknown (the job wrote none)"
	echo "$prog: the $k job ended with status $rc; its output:"
	cat "$log"
	[ "$rc" = 0 ] || fail=1
done
echo "$prog: $# jobs, $jobs at a time, took $(($(date +%s) - start))s"
exit "$fail"
