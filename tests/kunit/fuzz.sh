#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The long run of the fuzz suites (make fuzz): every KUnit suite named
# ovs_fuzz* (tests/kunit/fuzz_*_test.c), each with FUZZ_ITERATIONS inputs
# (default 1,000,000) instead of its short slice, then the kmemleak suite,
# in one UML boot under KASAN, UBSAN, lockdep and kmemleak.  Prints what
# the suites report of their seeds, rates and coverage, then run.sh's
# verdict line.
#
#   tests/kunit/fuzz.sh [kunit.py options]
#
# Environment: FUZZ_ITERATIONS, FUZZ_SEED (openvswitch.fuzz_seed, mixed
# into every suite's seed), FUZZ_FIRST (openvswitch.fuzz_first: start at
# that input, or at the start of its chunk for a suite that keeps state
# across inputs, so that a failure at input N is repeated with
# FUZZ_FIRST=N FUZZ_ITERATIONS=N+1 and the same FUZZ_SEED), KUNIT_TIMEOUT
# (default 14400 s for the boot), and whatever run.sh takes (OVS_CACHE,
# JOBS).

set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
iterations=${FUZZ_ITERATIONS:-1000000}
seed=${FUZZ_SEED:-0}
first=${FUZZ_FIRST:-0}
cache=${OVS_CACHE:-/var/cache/ovs-datapath}/kunit

# One filter glob reaches the kernel: ovs_fu* are the fuzz suites,
# ovs_km* the kmemleak scan that must run after them.
mkdir -p "$cache"
out=$cache/fuzz.out
{
	rc=0
	KUNIT_TIMEOUT=${KUNIT_TIMEOUT:-14400} "$here/run.sh" 'ovs_[fk][um]*' \
		--kernel_args "openvswitch.fuzz_iterations=$iterations" \
		--kernel_args "openvswitch.fuzz_seed=$seed" \
		--kernel_args "openvswitch.fuzz_first=$first" "$@" || rc=$?
	echo "$rc" > "$out.rc"
} 2>&1 | tee "$out"
rc=$(cat "$out.rc")

# What the fuzz suites said (their "# case: ..." lines), from the kernel
# log of the boot: kunit.py shows those of failed cases only.
ver=$(dpkg-query -W -f '${Version}' linux-source-6.1 2>/dev/null || true)
log=$cache/build-6.1_$ver/test.log
if [ -f "$log" ]; then
	echo "== fuzz suites' reports ($log)"
	awk '/^(not )?ok [0-9]+ / { on = 0 }
	     /# Subtest: ovs_fuzz/ { on = 1; next }
	     on && /^ *# [^ ]+: / && !/# Subtest: / && !/: pass:[0-9]+ fail:/ {
		sub(/^ *# [^ ]+: /, ""); print }' "$log"
fi
# run.sh's verdict last.
tail -n 1 "$out"
exit "$rc"
