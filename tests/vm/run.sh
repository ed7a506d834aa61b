#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check-vm: our openvswitch.ko in a QEMU guest, against Debian's
# ovs-dpctl and ovs-vswitchd 3.1.
#
#   tests/vm/run.sh [--kernel 6.1|6.12|xs8] [--keep] [--reference]
#
#   --kernel K    guest kernel: 6.1 (default: bookworm's, installed here),
#                 6.12 (bookworm-backports, fetched into the cache) or xs8
#                 (XenServer 8's 4.19.0+1 from ../shared/kernels/xs8-4.19/
#                 beside the project root, unpacked into the cache)
#   --keep        never prune this run's directory (by default each run
#                 removes the earlier unkept run directories; a failed run
#                 is always kept)
#   --reference   run the tests against Debian's in-tree openvswitch.ko
#                 instead of ours, to check the tests themselves and to
#                 compare answers; our module is neither built nor installed
#
# Environment:
#   VM_TESTS         space-separated globs selecting tests ("10-* 20-*")
#   VM_TESTS_DIR     where the NN-*.sh come from (tests/vm/tests; the
#                    benchmark, scripts/bench.sh, points it at tests/bench)
#   VM_TIMEOUT       guest watchdog, seconds (480; 900 with VM_GUEST_DEPMOD=1)
#   VM_TEST_TIMEOUT  per test, seconds (240; a test may ask for more with a
#                    line "# ovsvm-timeout: SECONDS", which also extends the
#                    guest watchdog by the difference)
#   VM_MEM, VM_CPUS  guest size (1024 MiB, 2)
#   VM_ICOUNT        QEMU -icount options (e.g. shift=3): the guest clock
#                    then counts executed instructions, not host time, so
#                    timings inside the guest do not depend on host load
#                    (the benchmark uses it); unset: the real clock
#   VM_PARAMS        words passed to the tests as OVSVM_PARAMS (the
#                    benchmark's rounds=N secs=S)
#   VM_GUEST_DEPMOD  1: run depmod -a in the guest (minutes under TCG)
#                    instead of installing the index depmod made on the host
#   VM_APPEND        more guest kernel parameters (e.g. slub_debug=FZPU to
#                    catch a slab object written out of bounds or after free)
#   VM_SUITE         where --kernel 6.12 comes from (bookworm-backports)
#   VM_USERSPACE     bullseye (Open vSwitch 2.15) or trixie (3.5): the tests
#                    run that suite's ovs-vswitchd, ovsdb-server and tools
#                    (tests/vm/prepare-userspace.sh) instead of bookworm's
#                    3.1; unset: bookworm's, installed here
#   OVS_CACHE        cache directory (/var/cache/ovs-datapath)
#
# The guest: QEMU with TCG (this machine has no usable KVM), no network
# device at all, the host's / read-only over virtio-9p under a tmpfs
# overlay, and the run directory build/vm/<run>/ read-write over a second
# 9p share.  Its init (guest-init.sh) installs the module into updates/,
# proves modprobe loads it, runs tests/vm/tests/NN-*.sh and writes
# results/.  This script then checks the results and the guest kernel log
# and prints "vm: N passed, N failed".

set -eu

prog=check-vm
here=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)
. "$top/tests/lib/results.sh"

kernel=6.1
keep=0
mode=ours
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) [ $# -ge 2 ] || { echo "$prog: --kernel needs 6.1, 6.12 or xs8" >&2; exit 2; }
		kernel=$2; shift ;;
	--kernel=*) kernel=${1#*=} ;;
	--keep) keep=1 ;;
	--reference) mode=reference ;;
	-h|--help) sed -n '3,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "$prog: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
	shift
done
case $kernel in
6.1|6.12|xs8) ;;
*) echo "$prog: --kernel must be 6.1, 6.12 or xs8, not '$kernel'" >&2; exit 2 ;;
esac

guest_depmod=${VM_GUEST_DEPMOD:-0}
# depmod -a in the guest alone takes 2.5 to 4.5 minutes under TCG.
if [ "$guest_depmod" = 1 ]; then
	vm_timeout=${VM_TIMEOUT:-900}
else
	vm_timeout=${VM_TIMEOUT:-480}
fi
test_timeout=${VM_TEST_TIMEOUT:-240}
mem=${VM_MEM:-1024}
cpus=${VM_CPUS:-2}

say() {
	echo "$prog: $*"
}

die() {
	echo "$prog: error: $*" >&2
	exit 1
}

# The run cannot even start (module does not build, ...): still end with
# the summary line, so whoever reads only that sees a failure.
abort_run() {
	echo "$prog: error: $*" >&2
	T_FAILED=1
	t_summary vm
	exit 1
}

now() {
	date +%s.%N
}

secs() {
	echo "$1 $2" | awk '{ printf "%.1f", $2 - $1 }'
}

t_start=$(now)

# Runs may overlap (make check-vms boots its guests side by side; a
# developer may start one during another).  They share the cache, the
# package state and build/vm/rpm-<uname>, so everything up to the boot
# happens one run at a time; the lock is let go just before QEMU starts.
cache=${OVS_CACHE:-/var/cache/ovs-datapath}
mkdir -p "$cache/vm"
exec 9> "$cache/vm/prepare.lock"
if ! flock -n 9; then
	say "waiting for another run to finish its preparation ($cache/vm/prepare.lock)"
	flock 9
fi

# --- packages, guest kernel, module, initramfs ------------------------------

"$top/scripts/install-deps.sh" build vm || abort_run "installing the build and vm packages failed"

guest_vars=$("$here/guest-kernel.sh" "$kernel") || abort_run "no guest kernel $kernel"
USERSPACE_BIN='' USERSPACE_PKGDATADIR='' USERSPACE_VERSION=''
if [ -n "${VM_USERSPACE:-}" ]; then
	userspace_vars=$("$here/prepare-userspace.sh" "$VM_USERSPACE") ||
		abort_run "no Open vSwitch userspace from $VM_USERSPACE"
	eval "$userspace_vars"
	say "userspace: $USERSPACE_VERSION from $VM_USERSPACE ($USERSPACE_BIN)"
fi
eval "$guest_vars"
say "guest kernel $GUEST_UNAME ($GUEST_VMLINUZ)"

t_build=$(now)
ko=
if [ "$mode" = ours ]; then
	# shellcheck disable=SC2086
	"$top/scripts/build.sh" $GUEST_BUILD_ARGS || abort_run "building openvswitch.ko for $GUEST_UNAME failed"
	ko=$top/build/$GUEST_UNAME/openvswitch.ko
	[ -f "$ko" ] || abort_run "scripts/build.sh did not produce $ko"
	vermagic=$(modinfo -F vermagic "$ko")
	case $vermagic in
	"$GUEST_UNAME "*) ;;
	*) abort_run "$ko has vermagic '$vermagic', not for $GUEST_UNAME" ;;
	esac
fi
t_initrd=$(now)
initrd=$("$here/mkinitramfs.sh" "$GUEST_UNAME" "$GUEST_MODROOT") || abort_run "building the initramfs failed"
t_index=$(now)

# --- the run directory --------------------------------------------------------

vmdir=$top/build/vm
mkdir -p "$vmdir"
# Earlier runs are pruned unless they were kept (--keep) or are still
# going (another make check-vm at the same time owns its .pid).
for d in "$vmdir"/run-*; do
	if [ ! -d "$d" ] || [ -e "$d/.keep" ]; then
		continue
	fi
	if [ -f "$d/.pid" ] && kill -0 "$(cat "$d/.pid")" 2> /dev/null; then
		continue
	fi
	rm -rf "$d"
done
# Two runs of one kernel (make check-vms splits a guest's tests over two
# boots) can get here within the same second: the second takes a suffix.
base=$vmdir/run-$(date -u +%Y%m%d-%H%M%S)-$GUEST_UNAME-$mode
run=$base
n=1
while ! mkdir "$run" 2> /dev/null; do
	n=$((n + 1))
	[ "$n" -le 50 ] || abort_run "cannot make a run directory like $base in $vmdir"
	run=$base-$n
done
mkdir -p "$run/guest/tests" "$run/results"
echo $$ > "$run/.pid"
[ "$keep" = 0 ] || touch "$run/.keep"
ln -sfn "$(basename "$run")" "$vmdir/latest"

# The guest runs a snapshot of the scripts, not the live tree, so editing
# tests/vm while a run is going does not change it halfway.
cp "$here/guest-init.sh" "$here/testlib.sh" "$here/klog-known.awk" "$here/tcp-transfer.py" \
	"$run/guest/"
# Expected answers some tests compare with (dp-features-*, selftests-*).
cp -r "$here/expected" "$run/guest/expected"
tests_dir=${VM_TESTS_DIR:-$here/tests}
tests=
# Tests marked "# ovsvm-expect: reference-only" do not run against our
# module: the datapath cannot pass them yet.  They count as SKIP with the
# reason; --reference runs them.  Removing the marker turns them on.
ref_only=
for t in "$tests_dir"/[0-9][0-9]-*.sh; do
	[ -f "$t" ] || continue
	b=$(basename "$t")
	if [ -n "${VM_TESTS:-}" ]; then
		sel=0
		# Globs are for case, not for the file system.
		set -f
		for g in $VM_TESTS; do
			# shellcheck disable=SC2254
			case $b in $g) sel=1 ;; esac
		done
		set +f
		[ "$sel" = 1 ] || continue
	fi
	if [ "$mode" = ours ] && grep -q '^# ovsvm-expect: *reference-only' "$t"; then
		ref_only="$ref_only $b"
		continue
	fi
	cp "$t" "$run/guest/tests/"
	tests="$tests $b"
	# A test's own longer limit ("# ovsvm-timeout: SECONDS", applied by
	# guest-init.sh) adds the difference to the guest watchdog.
	limit=$(sed -n 's/^# ovsvm-timeout: *\([0-9][0-9]*\).*$/\1/p' "$t" | head -n 1)
	if [ -n "$limit" ] && [ "$limit" -gt "$test_timeout" ] && [ -z "${VM_TIMEOUT:-}" ]; then
		vm_timeout=$((vm_timeout + limit - test_timeout))
	fi
done
[ -n "$tests$ref_only" ] || die "no tests selected (VM_TESTS='${VM_TESTS:-}')"
# Helpers the tests run: their directory's own, and tests/lib's (the
# generic netlink client ovs_genl.py and ovs-flows.py, which installs flows
# and meters in bulk).
for f in "$tests_dir"/*.py "$top"/tests/lib/*.py; do
	[ ! -f "$f" ] || cp "$f" "$run/guest/tests/"
done
for b in $ref_only; do
	name=${b%.sh}
	echo "SKIP: marked '# ovsvm-expect: reference-only': our datapath cannot pass it yet (run.sh --reference runs it)" > "$run/results/$name.log"
	echo 77 > "$run/results/$name.rc"
done

ko_src=
if [ -n "$ko" ]; then
	cp "$ko" "$run/guest/openvswitch.ko"
	ko_src=$(modinfo -F srcversion "$ko")
fi
if [ -n "$ko" ] && [ "$guest_depmod" != 1 ]; then
	# The module index for the guest, made here: depmod -a inside the
	# guest has to read all ~4000 modules over 9p under TCG, which took
	# 144 to 266 s (host load) against 2 s natively.  Same depmod binary (the guest runs the
	# host's root), same input: the guest's module tree, as a symlink
	# farm, plus updates/openvswitch.ko.  The guest copies the index
	# files in; VM_GUEST_DEPMOD=1 makes it run depmod -a itself instead.
	stage=$run/stage
	mkdir -p "$stage/lib/modules"
	cp -rs "$GUEST_MODROOT/lib/modules/$GUEST_UNAME" "$stage/lib/modules/"
	sdir=$stage/lib/modules/$GUEST_UNAME
	# depmod replaces its outputs by rename, never writing through a
	# link, but drop the links to the host's index files anyway.
	rm -f "$sdir"/modules.*.bin "$sdir/modules.dep" "$sdir/modules.alias" \
		"$sdir/modules.symbols" "$sdir/modules.devname" "$sdir/modules.softdep"
	mkdir -p "$sdir/updates"
	cp "$ko" "$sdir/updates/openvswitch.ko"
	# kmod 30 warns that 4.19 (xs8) has no modules.builtin.modinfo.
	{ depmod -b "$stage" "$GUEST_UNAME" 2>&1 || echo "depmod failed"; } |
		grep -v 'modules\.builtin\.modinfo' > "$run/depmod.log" || true
	cat "$run/depmod.log"
	! grep -qx 'depmod failed' "$run/depmod.log" || abort_run "depmod for the guest's module index failed"
	grep -q '^updates/openvswitch.ko:' "$sdir/modules.dep" ||
		abort_run "depmod did not index updates/openvswitch.ko"
	mkdir -p "$run/guest/modindex"
	find "$sdir" -maxdepth 1 -type f -name 'modules.*' -exec mv {} "$run/guest/modindex/" \;
	rm -rf "$stage"
fi
# --- RPMs, for the tests that install them (40-boot-package) -------------------
# A test with the line "# ovsvm-needs: rpms" finds the two packages of
# "make rpm", built for the guest kernel, in guest/rpms/.  scripts/rpm.sh
# builds them from a clean source tarball in build/vm/rpm-<uname>/, and keeps
# its kbuild output in build/vm/rpm-<uname>/kbuild (the spec's
# ovs_build_cache): after the first run kbuild finds the module up to date
# and this costs about 5 s.
# rpm.sh takes a kernel by its release only, so a guest kernel whose tree
# is in the cache (6.12) gets guest/rpms-skip with the reason instead; a
# failed build leaves guest/rpms-missing, which fails the test.  The xs8
# guest's kernel-devel tree is laid out as on a XenServer build host under
# GUEST_RPM_ROOT: rpm.sh finds it there by its release (KERNEL_DETECT_ROOT),
# and the spec's BuildRequires (kernel-devel-uname-r) is met by a
# kernel-devel package recorded in that root's RPM database
# (kernel-devel-rpmdb.sh, once per unpacked kernel).
t_rpm=$(now)
if [ "$mode" = ours ] && grep -qs '^# ovsvm-needs: rpms' "$run"/guest/tests/*.sh; then
	rpm_env=
	rpm_args=
	rpm_by=
	case $GUEST_BUILD_ARGS in "--uname $GUEST_UNAME") rpm_by=release ;; esac
	if [ -n "${GUEST_RPM_ROOT:-}" ]; then
		rpm_env="KERNEL_DETECT_ROOT=$GUEST_RPM_ROOT"
		rpm_args="_dbpath $GUEST_RPM_ROOT/var/lib/rpm"
		rpm_by=release
		"$here/kernel-devel-rpmdb.sh" "$GUEST_RPM_ROOT" "$GUEST_UNAME" "$GUEST_DEVEL_VERSION" || rpm_by=broken
	fi
	rtop=$vmdir/rpm-$GUEST_UNAME
	case $rpm_by in
	release)
		say "building the RPMs for $GUEST_UNAME (scripts/rpm.sh${rpm_env:+ with $rpm_env})"
		mkdir -p "$run/guest/rpms"
		# shellcheck disable=SC2086 # rpm_env: one word or none
		if rpm_out=$(env $rpm_env RPM_TOPDIR="$rtop" "$top/scripts/rpm.sh" --uname "$GUEST_UNAME" -- \
			--define "ovs_build_cache $rtop/kbuild" ${rpm_args:+--define "$rpm_args"}); then
			printf '%s\n' "$rpm_out" | grep -v '^/' | sed "s/^/$prog: /"
			for f in $(printf '%s\n' "$rpm_out" | grep '^/.*\.rpm$'); do
				cp "$f" "$run/guest/rpms/"
			done
			# A stand-in for XenServer 8's own openvswitch package: 40 also
			# boots a host that has it.
			if rpmbuild -bb --define "_topdir $rtop/platform" \
				"$top/tests/packaging/fixtures/openvswitch-platform.spec.in" > "$rtop/platform.log" 2>&1; then
				cp "$rtop"/platform/RPMS/noarch/openvswitch-[0-9]*.rpm "$run/guest/rpms/"
			else
				say "warning: the fixture openvswitch package did not build (log: $rtop/platform.log)"
			fi
		else
			echo "scripts/rpm.sh failed; log: $rtop/rpmbuild.log" > "$run/guest/rpms-missing"
			say "error: building the RPMs failed (log: $rtop/rpmbuild.log); the tests that need them will fail"
		fi
		;;
	broken)
		echo "tests/vm/kernel-devel-rpmdb.sh could not record the kernel-devel package in $GUEST_RPM_ROOT" > "$run/guest/rpms-missing" ;;
	*)
		echo "scripts/rpm.sh builds for a kernel found by its release; the $GUEST_UNAME guest's tree is in the cache ($GUEST_BUILD_ARGS)" > "$run/guest/rpms-skip" ;;
	esac
fi
t_rpm_end=$(now)

# --- the kernel's own datapath selftests (90-kernel-selftests) ----------------
# A test with the line "# ovsvm-needs: selftests" finds a copy of
# tools/testing/selftests/net/openvswitch/ from Debian's linux-source-6.12
# in guest/selftests/, unpacked once into $OVS_CACHE/selftests by
# prepare-selftests.sh, its pyroute2 version check patched in the copy.
# A failure leaves guest/selftests-missing, which fails the test.
if grep -qs '^# ovsvm-needs: selftests' "$run"/guest/tests/*.sh; then
	if ! "$here/prepare-selftests.sh" "$run/guest/selftests"; then
		echo "tests/vm/prepare-selftests.sh failed (see the output of run.sh)" > "$run/guest/selftests-missing"
		say "error: preparing the kernel selftests failed; the tests that need them will fail"
	fi
fi

{
	printf "OVSVM_MODE='%s'\n" "$mode"
	printf "OVSVM_KERNEL='%s'\n" "$kernel"
	printf "OVSVM_TESTS='%s'\n" "${tests# }"
	printf "OVSVM_PARAMS='%s'\n" "${VM_PARAMS:-}"
	printf "OVSVM_TIMEOUT='%s'\n" "$vm_timeout"
	printf "OVSVM_TEST_TIMEOUT='%s'\n" "$test_timeout"
	printf "OVSVM_MODROOT='%s'\n" "$GUEST_MODROOT"
	printf "OVSVM_GUEST_DEPMOD='%s'\n" "$guest_depmod"
	printf "OVSVM_USERSPACE_BIN='%s'\n" "$USERSPACE_BIN"
	printf "OVSVM_OVS_PKGDATADIR='%s'\n" "${USERSPACE_PKGDATADIR:-/usr/share/openvswitch}"
	printf "OVSVM_META_VERSION='%s'\n" "$("$top/scripts/meta.sh" Version)"
	printf "export OVSVM_MODE OVSVM_KERNEL OVSVM_PARAMS OVSVM_META_VERSION OVSVM_OVS_PKGDATADIR OVSVM_KO_SRCVERSION='%s'\n" "$ko_src"
} > "$run/guest/env"

# --- boot ---------------------------------------------------------------------

# No network device at all (-nodefaults, -nic none): nothing the guest
# does can reach a network.  -no-reboot turns a guest panic (panic=-1
# reboots at once) into QEMU exiting.  The host timeout covers boot and a
# guest whose own watchdog did not fire.  thread=single: with one host
# thread per vCPU, a vCPU can run a stale translation of code the guest
# kernel has just patched (a static key's temporary int3) and the guest
# oopses; tests/vm/tests/05-harness.sh catches that within seconds.
# no_timer_check: at boot the kernel counts timer interrupts for a few
# milliseconds and panics ("IO-APIC + timer doesn't work!") when a busy
# host gave the vCPU too little time to take them.
host_timeout=$((vm_timeout + 120))
# shellcheck disable=SC2054 # commas inside QEMU option values
qemu=(
	qemu-system-x86_64
	-name ovsvm
	-machine pc
	-accel tcg,thread=single
	-cpu max
	-smp "$cpus"
	-m "$mem"
	-nodefaults -no-user-config
	-display none -monitor none
	-nic none
	-no-reboot
	-kernel "$GUEST_VMLINUZ"
	-initrd "$initrd"
	-append "console=ttyS0,115200 panic=-1 mitigations=off no_timer_check${VM_APPEND:+ $VM_APPEND}"
	-serial "file:$run/console.log"
	-fsdev "local,id=hostroot,path=/,readonly=on,security_model=none,multidevs=remap"
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
	-fsdev "local,id=ovsvm,path=$run,security_model=none"
	-device virtio-9p-pci,fsdev=ovsvm,mount_tag=ovsvm
)
[ -z "${VM_ICOUNT:-}" ] || qemu+=(-icount "$VM_ICOUNT")
printf '%q ' "${qemu[@]}" > "$run/qemu.cmd"
echo >> "$run/qemu.cmd"

exec 9>&-
t_boot=$(now)
say "booting the guest (TCG, ${cpus} vCPUs, ${mem} MiB); artifacts in $run"
qemu_rc=0
t_qemu=$(now)
# timeout puts QEMU in its own process group, out of reach of a Ctrl-C
# on the terminal: pass INT/TERM on ourselves, or QEMU would outlive us.
timeout -k 10 "$host_timeout" "${qemu[@]}" > "$run/qemu.log" 2>&1 &
qemu_pid=$!
trap 'kill -TERM "$qemu_pid" 2> /dev/null; wait "$qemu_pid"; echo "$prog: interrupted; artifacts in $run" >&2; rm -f "$run/.pid"; exit 130' INT TERM
wait "$qemu_pid" || qemu_rc=$?
trap - INT TERM
rm -f "$run/.pid"
t_end=$(now)

# --- results ------------------------------------------------------------------

passed=0
failed=0
skipped=0
failures=
res=$run/results

record() {   # record NAME pass|fail [detail]
	if [ "$2" = pass ]; then
		passed=$((passed + 1))
		printf '  PASS  %s%s\n' "$1" "${3:+  ($3)}"
	else
		failed=$((failed + 1))
		failures="$failures $1"
		printf '  FAIL  %s%s\n' "$1" "${3:+  ($3)}"
	fi
}

echo
say "results (guest kernel $GUEST_UNAME, $mode module${USERSPACE_VERSION:+, $USERSPACE_VERSION from $VM_USERSPACE}):"
if [ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ]; then
	record vm fail "QEMU killed after ${host_timeout}s: the guest hung"
elif [ "$qemu_rc" != 0 ]; then
	record vm fail "QEMU exited with status $qemu_rc; see $run/qemu.log"
	sed 's/^/    /' "$run/qemu.log" | tail -n 20
elif [ -e "$res/watchdog" ]; then
	record vm fail "$(cat "$res/watchdog")"
elif [ ! -e "$res/done" ]; then
	record vm fail "the guest stopped before finishing; see $run/console.log"
fi

for name in install $(for t in $tests $ref_only; do basename "$t" .sh; done | sort); do
	if [ ! -f "$res/$name.rc" ]; then
		record "$name" fail "no result: the guest never finished it"
		continue
	fi
	rc=$(cat "$res/$name.rc")
	case $rc in
	0) record "$name" pass ;;
	77)	# The test cannot run here (exit 77, automake's SKIP); it says why.
		skipped=$((skipped + 1))
		printf '  SKIP  %s  (%s)\n' "$name" "$(sed -n 's/^SKIP: //p' "$res/$name.log" | head -n 1)" ;;
	124) record "$name" fail "timed out (after ${test_timeout}s or its own ovsvm-timeout)" ;;
	125) record "$name" fail "not run: the install/identity check failed" ;;
	*) record "$name" fail "exit status $rc; log: $res/$name.log" ;;
	esac
done

klog_bad='WARNING:|BUG:|Oops|KASAN|refcount_t|UBSAN|unreferenced object|Call Trace'
# Each bad line is shown with the test that was running when it came
# (guest-init.sh puts "ovsvm: begin test NAME" markers in the log).
klog_scan() {
	tr -d '\r' < "$1" | awk -f "$here/klog-known.awk" | awk -v bad="$klog_bad" '
		/ovsvm: begin install/ { cur = "install" }
		/ovsvm: begin test / { cur = $NF }
		$0 ~ bad { printf "    [%s] %s\n", cur == "" ? "boot" : cur, $0 }'
}
# dmesg.txt is the whole log if the guest finished; the console has the
# same lines (and survives a guest that did not finish): scan both, show
# each line once.
bad=$(for f in "$res/dmesg.txt" "$run/console.log"; do
	[ -s "$f" ] && klog_scan "$f"
done | awk '!seen[$0]++')
if [ -n "$bad" ]; then
	record kernel-log fail "the guest kernel logged warnings or worse; full log: $res/dmesg.txt"
	echo "$bad" | head -n 40
else
	record kernel-log pass "no WARNING/BUG/Oops/KASAN/UBSAN/refcount/leak/Call Trace"
fi
# Known bugs of the guest kernel itself: not failures, but said.
if [ -s "$res/dmesg.txt" ]; then
	tr -d '\r' < "$res/dmesg.txt" | awk -f "$here/klog-known.awk" |
		sed -n 's/^ovsvm: known bug/  note: a known bug/p' | sort -u
fi

# The failing tests' own words.
for name in $failures; do
	[ -f "$res/$name.log" ] || continue
	echo
	echo "--- $name.log (FAIL lines and the last lines) ---"
	# With what the test printed just before: often the reason.
	grep -a -B 8 '^FAIL' "$res/$name.log" | sed 's/^/    /' || true
	tail -n 25 "$res/$name.log" | sed 's/^/    /'
done

# Timings: where the time went.
boot_to_init=$(sed -n 's/^guest kernel .* up \([0-9.]*\)s$/\1/p' "$res/guest.log" 2>/dev/null | head -n 1)
echo
say "timings: prepare $(secs "$t_start" "$t_boot")s (module build $(secs "$t_build" "$t_initrd")s, initramfs $(secs "$t_initrd" "$t_index")s, run dir + module index + RPMs $(secs "$t_index" "$t_boot")s, of which RPMs $(secs "$t_rpm" "$t_rpm_end")s), VM $(secs "$t_qemu" "$t_end")s (guest init reached at ${boot_to_init:-?}s uptime), total $(secs "$t_start" "$t_end")s"
# A failed run is never pruned by the next one: make check runs guest
# after guest, and the logs of the failure are what is needed.
if [ "$failed" != 0 ]; then
	touch "$run/.keep"
	say "artifacts (kept: the run failed): $run (console.log, results/)"
else
	say "artifacts: $run (console.log, results/)"
fi
T_PASSED=$passed T_FAILED=$failed T_SKIPPED=$skipped
t_summary vm
