#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the datapath into a UML kernel with its KUnit suites and run them
# with kunit.py, under KASAN, UBSAN, lockdep and kmemleak.
#
#   tests/kunit/run.sh [kunit.py exec options, e.g. a filter glob 'ovs_dp*']
#
# Environment: OVS_CACHE (default /var/cache/ovs-datapath) holds the
# extracted linux-source-6.1 tree and the UML build directory, so a warm run
# only rebuilds what changed.  JOBS (default 2) for make.  OVS_WERROR=0
# lets warnings in our sources through (default: they fail the build).
# KUNIT_TIMEOUT (default 300) bounds the UML boot in seconds.
#
# How our sources get in: the kernel tree gets one hook directory,
# net/ovs_dp_kunit/, sourced from net/Kconfig and net/Makefile, holding
# links to tests/kunit/hook/{Kconfig,Makefile}, the module's Kbuild, and
# the datapath/, compat/ and tests/kunit/ directories of this checkout.
# .kunitconfig turns on CONFIG_OVS_DP_KUNIT, which builds the module in.
#
# The run fails on any failed or crashed test and on any report in the
# kernel log from KASAN, UBSAN, lockdep, RCU checking, WARN*(), BUG*(),
# kmemleak or a panic.  The last line is always "kunit: N passed, N failed"
# where "failed" counts failed tests plus kernel-log reports.

set -eu

prog=tests/kunit/run.sh
here=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)
. "$top/tests/lib/results.sh"
cache=${OVS_CACHE:-/var/cache/ovs-datapath}/kunit
jobs=${JOBS:-2}
werror=${OVS_WERROR:-1}
timeout=${KUNIT_TIMEOUT:-300}

passed=0
failed=0
finish() {
	T_PASSED=$passed T_FAILED=$failed
	t_summary kunit || true
	if [ "$failed" -eq 0 ] && [ "${1:-0}" -eq 0 ]; then
		exit 0
	fi
	exit 1
}
die() {
	echo "$prog: $*" >&2
	failed=$((failed + 1))
	finish 1
}

"$top/scripts/install-deps.sh" build kunit >&2 || die "installing dependencies failed"
command -v flock > /dev/null || die "flock (util-linux) is missing"

mkdir -p "$cache"
# One run at a time per cache: the tree and build directory are shared.
exec 9> "$cache/.lock"
if ! flock -n 9; then
	echo "$prog: waiting for another run using $cache" >&2
	flock 9
fi

# 1. The kernel tree: linux-source-6.1 extracted once per package version.
tarball=/usr/src/linux-source-6.1.tar.xz
ver=$(dpkg-query -W -f '${Version}' linux-source-6.1) || die "linux-source-6.1 is not installed"
ksrc=$cache/linux-source-6.1_$ver
kbuild=$cache/build-6.1_$ver
if [ ! -f "$ksrc/.ovs-extracted" ]; then
	for old in "$cache"/linux-source-6.1_* "$cache"/build-6.1_*; do
		[ -e "$old" ] || continue
		echo "$prog: removing $old (not linux-source-6.1 $ver)" >&2
		rm -rf "$old"
	done
	echo "$prog: extracting $tarball into $cache" >&2
	rm -rf "$cache/extract.tmp"
	mkdir "$cache/extract.tmp"
	tar -xJf "$tarball" -C "$cache/extract.tmp" || die "extracting $tarball failed"
	mv "$cache/extract.tmp/linux-source-6.1" "$ksrc"
	rmdir "$cache/extract.tmp"
	touch "$ksrc/.ovs-extracted"
fi

# 2. The hook.  Links are refreshed every run so they follow this checkout.
hook=$ksrc/net/ovs_dp_kunit
mkdir -p "$hook/generated"
ln -sfn "$here/hook/Kconfig" "$hook/Kconfig"
ln -sfn "$here/hook/Makefile" "$hook/Makefile"
ln -sfn "$top/Kbuild" "$hook/ovs.kbuild"
ln -sfn "$top/datapath" "$hook/datapath"
ln -sfn "$top/compat" "$hook/compat"
ln -sfn "$here" "$hook/tests"
grep -qx 'source "net/ovs_dp_kunit/Kconfig"' "$ksrc/net/Kconfig" ||
	printf '\nsource "net/ovs_dp_kunit/Kconfig"\n' >> "$ksrc/net/Kconfig"
grep -qx 'obj-$(CONFIG_OVS_DP_KUNIT) += ovs_dp_kunit/' "$ksrc/net/Makefile" ||
	printf '%s\n' 'obj-$(CONFIG_OVS_DP_KUNIT) += ovs_dp_kunit/' >> "$ksrc/net/Makefile"

# make decides by timestamps; a different checkout's files may be older
# than our objects, so a change of checkout drops our objects.
mkdir -p "$kbuild"
if [ "$(cat "$kbuild/.ovs-checkout" 2>/dev/null)" != "$top" ]; then
	rm -rf "$kbuild/net/ovs_dp_kunit"
	echo "$top" > "$kbuild/.ovs-checkout"
fi

kunit() {
	python3 "$ksrc/tools/testing/kunit/kunit.py" "$@" \
		--build_dir "$kbuild" --kunitconfig "$here/.kunitconfig" \
		--make_options "OVS_WERROR=$werror"
}

start=$(date +%s)

# 3. Configure and prepare the tree, so that the probes can compile
#    against it before our own sources need their results.
kunit config > "$kbuild/ovs-config.log" 2>&1 || {
	cat "$kbuild/ovs-config.log" >&2
	die "kunit.py config failed"
}
make -s -C "$ksrc" ARCH=um O="$kbuild" -j"$jobs" prepare > "$kbuild/ovs-prepare.log" 2>&1 || {
	tail -n 30 "$kbuild/ovs-prepare.log" >&2
	die "make prepare of the UML tree failed"
}

# 4. Generated headers: META values and this tree's probe results.
gen=$hook/generated
"$top/scripts/gen-meta-header.sh" > "$gen/ovs_meta.h.tmp" || die "gen-meta-header.sh failed"
if cmp -s "$gen/ovs_meta.h.tmp" "$gen/ovs_meta.h"; then
	rm -f "$gen/ovs_meta.h.tmp"
else
	mv "$gen/ovs_meta.h.tmp" "$gen/ovs_meta.h"
fi
ARCH=um PROBE_JOBS=$jobs "$top/compat/probe.sh" "$kbuild" "$gen" >&2 ||
	die "compat/probe.sh against the UML tree failed"

# 5. Build and boot.  kunit.py keeps the kernel's output in test.log.
#    init_on_alloc=1: fresh allocations hold no stale pointers that would
#    hide a leak from kmemleak.
log=$kbuild/test.log
rm -f "$log"
out=$kbuild/ovs-kunit.out
set +e
kunit run --jobs "$jobs" --timeout "$timeout" \
	--kernel_args kmemleak.verbose=1 --kernel_args init_on_alloc=1 "$@" 2>&1 | tee "$out"
set -e
end=$(date +%s)
echo "$prog: kunit.py took $((end - start))s (build dir $kbuild)"

if [ ! -s "$log" ]; then
	grep -q 'Build Error\|error:' "$out" && die "the UML kernel did not build"
	die "the UML kernel did not run (no $log)"
fi

# 6. Counts from kunit.py's summary ("Ran N tests: passed: P, failed: F,
#    crashed: C, skipped: S, errors: E"); a crash or parse error is a failure.
summary=$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep 'Testing complete\.' | tail -n 1)
count() {
	echo "$summary" | sed -n "s/.*[ ,]$1: \([0-9]*\).*/\1/p" | grep . || echo 0
}
passed=$(count passed)
failed=$(( $(count failed) + $(count crashed) + $(count errors) ))
if [ -z "$summary" ]; then
	echo "$prog: kunit.py printed no summary; see $log" >&2
	failed=$((failed + 1))
fi

# 7. The kernel log.  Each line that starts a report counts once (a leak is
#    its "unreferenced object" line: kmemleak.verbose=1 prints every one).
reports=$kbuild/ovs-reports.txt
grep -n -E \
	-e 'BUG: |WARNING: |UBSAN: |INFO: |Kernel panic|Oops|DEBUG_LOCKS_WARN_ON' \
	-e 'possible circular locking|suspicious RCU|kernel BUG at' \
	-e 'kmemleak: .*(disabled|[Cc]annot|[Ff]ailed)' \
	-e 'unreferenced object 0x' \
	"$log" > "$reports" || true
nreports=$(grep -c . "$reports" || true)
if [ "$nreports" -gt 0 ]; then
	echo "$prog: $nreports report(s) in the kernel log $log:" >&2
	head -n 40 "$reports" >&2
	[ "$nreports" -le 40 ] || echo "$prog: ... ($reports has them all)" >&2
	failed=$((failed + nreports))
fi
grep -q 'kmemleak: Kernel memory leak detector initialized' "$log" ||
	echo "$prog: note: kmemleak did not report itself initialized; leaks are not checked" >&2

finish 0
