#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# PID 1 of the test VM, started by the initramfs after switch_root into the
# overlay root.  It installs our openvswitch.ko the way a real install does
# (updates/ + depmod), proves that a plain "modprobe openvswitch" now loads
# OUR module, runs every test script, writes results to /ovsvm/results and
# powers the VM off.  It never exits (PID 1 exiting panics the kernel) and a
# watchdog powers the VM off if anything hangs.
#
# Inputs, all in the run directory (/ovsvm, shared read-write with the host):
#   guest/env             settings written by tests/vm/run.sh
#   guest/openvswitch.ko  the module under test (mode "ours")
#   guest/modindex/       depmod's output for the guest's modules + ours
#   guest/tests/NN-*.sh   the tests, guest/testlib.sh their helpers
# Outputs, in /ovsvm/results:
#   NAME.log NAME.rc      per test ("install" is the install + identity proof)
#   guest.log             this script's own log (also on the serial console)
#   dmesg.txt             the guest kernel log at the end
#   done                  written last: the guest finished normally

set -u

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb

guest=/ovsvm/guest
results=/ovsvm/results
mkdir -p "$results"

log() {
	echo "ovsvm: $*"
	echo "$*" >> "$results/guest.log"
}

# Send the kernel log home, flush, and power off.  Used on every way out.
finish() {
	dmesg > "$results/dmesg.txt" 2>&1
	sync
	/bin/busybox poweroff -f
	# If that did not work, the kernel's own way.
	echo o > /proc/sysrq-trigger
	sleep 600
}

# shellcheck disable=SC1091
. "$guest/env" || { log "error: cannot read $guest/env"; finish; }
# Another suite's Open vSwitch userspace (run.sh VM_USERSPACE): its
# wrappers come first.
[ -z "$OVSVM_USERSPACE_BIN" ] || PATH=$OVSVM_USERSPACE_BIN:$PATH

# A guest kernel that is not the host's (6.12 from the cache) has its
# modules only in the cache directory, which the host root share shows
# at the same path.  Through the overlay it is writable, so depmod works.
# Bound in place before the fresh /run and /tmp below: a cache under
# either (OVS_CACHE=/tmp/...) would be hidden by them.
uname_=$(uname -r)
if [ ! -d "/lib/modules/$uname_" ]; then
	if [ -d "$OVSVM_MODROOT/lib/modules/$uname_" ]; then
		if ! mkdir -p "/lib/modules/$uname_" ||
			! mount --bind "$OVSVM_MODROOT/lib/modules/$uname_" "/lib/modules/$uname_"; then
			log "error: cannot bind $OVSVM_MODROOT/lib/modules/$uname_ on /lib/modules"
			finish
		fi
	else
		log "error: no modules for $uname_ (looked in /lib/modules and $OVSVM_MODROOT)"
		finish
	fi
fi

# The other userspace's directory (wrappers and unpacked root, named by
# absolute paths) in such a cache would be hidden the same way: kept
# reachable here, and bound back at its own path below.
us_dir=
if [ -n "$OVSVM_USERSPACE_BIN" ]; then
	us_dir=$(dirname "$OVSVM_USERSPACE_BIN")
	if ! mkdir -p /ovsvm-userspace || ! mount --bind "$us_dir" /ovsvm-userspace; then
		log "error: cannot bind the userspace directory $us_dir"
		finish
	fi
fi

# Fresh runtime state: the host's /run, /tmp (seen through the overlay)
# hold its own pid files and sockets, OVS's among them.
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
if [ -n "$us_dir" ] && [ ! -d "$OVSVM_USERSPACE_BIN" ]; then
	if ! mkdir -p "$us_dir" || ! mount --bind /ovsvm-userspace "$us_dir"; then
		log "error: cannot bind the userspace directory back at $us_dir"
		finish
	fi
fi
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620 devpts /dev/pts
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
hostname ovsvm
ip link set lo up

log "guest kernel $uname_, mode $OVSVM_MODE, up $(cut -d' ' -f1 /proc/uptime)s"

# Watchdog: if the run takes too long, show the blocked tasks (goes to the
# kernel log, so the host flags it), record it and power off.  The host's
# own timeout around QEMU is the last resort.
(
	sleep "$OVSVM_TIMEOUT"
	log "error: guest watchdog: run not finished after ${OVSVM_TIMEOUT}s, powering off"
	echo "guest watchdog fired after ${OVSVM_TIMEOUT}s" > "$results/watchdog"
	echo w > /proc/sysrq-trigger
	finish
) &

# ---------------------------------------------------------------------------
# Install our module like a real install does, and prove it is what loads.

install_ours() {
	ko=$guest/openvswitch.ko
	ours_src=$(modinfo -F srcversion "$ko")
	intree=$(find "/lib/modules/$uname_/kernel/net/openvswitch" -name 'openvswitch.ko*' 2>/dev/null | head -n 1)
	echo "built module:   $ko (srcversion $ours_src)"
	echo "in-tree module: ${intree:-none}"

	if [ -e /sys/module/openvswitch ]; then
		echo "FAIL: an openvswitch module is loaded before we installed ours"
		return 1
	fi
	[ -n "$ours_src" ] || { echo "FAIL: the built module has no srcversion (MODULE_VERSION missing?)"; return 1; }

	mkdir -p "/lib/modules/$uname_/updates"
	cp "$ko" "/lib/modules/$uname_/updates/openvswitch.ko"
	if [ "$OVSVM_GUEST_DEPMOD" = 1 ]; then
		t0=$(cut -d' ' -f1 /proc/uptime)
		depmod -a "$uname_" || { echo "FAIL: depmod -a failed"; return 1; }
		t1=$(cut -d' ' -f1 /proc/uptime)
		echo "depmod -a took $(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')s"
	else
		# What depmod -a would write here, made on the host by the same
		# depmod from the same tree plus updates/openvswitch.ko (see
		# run.sh: depmod over 9p under TCG takes minutes).
		cp "$guest"/modindex/modules.* "/lib/modules/$uname_/" ||
			{ echo "FAIL: cannot install the module index"; return 1; }
		echo "module index: depmod output from the host, installed into /lib/modules/$uname_"
	fi

	resolved=$(modinfo -n openvswitch)
	echo "modinfo -n openvswitch: $resolved"
	case $resolved in
	"/lib/modules/$uname_/updates/"*) ;;
	*) echo "FAIL: modinfo resolves openvswitch to $resolved, not into updates/"; return 1 ;;
	esac

	modprobe openvswitch || { echo "FAIL: modprobe openvswitch failed"; return 1; }
	loaded_src=$(cat /sys/module/openvswitch/srcversion 2>/dev/null || echo none)
	loaded_ver=$(cat /sys/module/openvswitch/version 2>/dev/null || echo none)
	taint=$(cat /sys/module/openvswitch/taint 2>/dev/null || true)
	echo "loaded: srcversion $loaded_src, version $loaded_ver, taint '$taint'"
	rc=0
	if [ "$loaded_src" != "$ours_src" ]; then
		echo "FAIL: loaded srcversion $loaded_src is not the built module's $ours_src"
		rc=1
	fi
	if [ "$loaded_ver" != "$OVSVM_META_VERSION" ]; then
		echo "FAIL: loaded version $loaded_ver is not META's $OVSVM_META_VERSION"
		rc=1
	fi
	# The kernel taints with O (out-of-tree) every module without the
	# intree tag; the in-tree file carries "intree: Y".
	case $taint in
	*O*) ;;
	*) echo "FAIL: the loaded module is not marked out-of-tree (taint '$taint'): the in-tree one?"; rc=1 ;;
	esac
	if [ -n "$intree" ]; then
		it_src=$(modinfo -F srcversion "$intree")
		it_flag=$(modinfo -F intree "$intree")
		echo "in-tree file: srcversion '${it_src:-none}', intree '$it_flag'"
		if [ -n "$it_src" ] && [ "$it_src" = "$loaded_src" ]; then
			echo "FAIL: the loaded module's srcversion is the in-tree file's"
			rc=1
		fi
	fi
	rmmod openvswitch || { echo "FAIL: rmmod openvswitch failed"; rc=1; }
	[ "$rc" = 0 ] && echo "PASS: modprobe openvswitch loads our module from updates/"
	return "$rc"
}

# Reference mode: the tests run against Debian's in-tree module, to check
# the tests themselves and to compare answers.  Nothing is installed.
install_reference() {
	resolved=$(modinfo -n openvswitch)
	echo "reference mode: modinfo -n openvswitch: $resolved"
	case $resolved in
	"/lib/modules/$uname_/kernel/"*) ;;
	*) echo "FAIL: openvswitch does not resolve to the in-tree module"; return 1 ;;
	esac
	modprobe openvswitch || { echo "FAIL: modprobe openvswitch failed"; return 1; }
	echo "loaded: version $(cat /sys/module/openvswitch/version 2>/dev/null || echo none), taint '$(cat /sys/module/openvswitch/taint)'"
	rmmod openvswitch || { echo "FAIL: rmmod openvswitch failed"; return 1; }
	echo "PASS: in-tree module loads"
}

echo "ovsvm: begin install" > /dev/kmsg
if [ "$OVSVM_MODE" = reference ]; then
	install_reference > "$results/install.log" 2>&1
else
	install_ours > "$results/install.log" 2>&1
fi
install_rc=$?
echo "$install_rc" > "$results/install.rc"
cat "$results/install.log"
log "install: rc $install_rc"

# ---------------------------------------------------------------------------
# The tests.  Each runs in bash under a timeout, with a kernel log marker
# before and after so that its log ends with what the kernel said meanwhile.

# After a test, put the guest back to a clean state for the next one and
# say so in the test's log: a test that leaves things behind should fail
# itself, this only keeps the others meaningful.
cleanup_after() {
	for d in ovs-vswitchd ovsdb-server; do
		if pids=$(pidof "$d"); then
			echo "ovsvm: cleanup: killing leftover $d ($pids)"
			# shellcheck disable=SC2086
			kill -9 $pids
		fi
	done
	if [ -e /sys/module/openvswitch ]; then
		for dp in $(timeout 20 ovs-dpctl dump-dps 2>/dev/null); do
			echo "ovsvm: cleanup: deleting leftover datapath $dp"
			timeout 20 ovs-dpctl del-dp "$dp"
		done
		echo "ovsvm: cleanup: unloading the openvswitch module left loaded"
		timeout 30 rmmod openvswitch || echo "ovsvm: cleanup: rmmod openvswitch failed"
	fi
}

export OVSVM_RESULTS="$results" OVSVM_LIB="$guest/testlib.sh" OVSVM_UNAME="$uname_"
for t in $OVSVM_TESTS; do
	name=$(basename "$t" .sh)
	if [ "$install_rc" != 0 ]; then
		echo "not run: the install/identity check failed, so a test could run against the wrong module (see install.log)" > "$results/$name.log"
		echo 125 > "$results/$name.rc"
		log "$name: not run"
		continue
	fi
	log "$name: start at $(cut -d' ' -f1 /proc/uptime)s"
	mkdir -p "/run/ovsvm-test/$name"
	echo "ovsvm: begin test $name" > /dev/kmsg
	# A test that needs longer says so: "# ovsvm-timeout: SECONDS" (the
	# larger of that and OVSVM_TEST_TIMEOUT applies).
	limit=$(sed -n 's/^# ovsvm-timeout: *\([0-9][0-9]*\).*$/\1/p' "$guest/tests/$t" | head -n 1)
	if [ -z "$limit" ] || [ "$limit" -le "$OVSVM_TEST_TIMEOUT" ]; then
		limit=$OVSVM_TEST_TIMEOUT
	fi
	TEST_NAME=$name TEST_TMP=/run/ovsvm-test/$name \
		timeout -k 10 "$limit" /bin/bash "$guest/tests/$t" > "$results/$name.log" 2>&1 < /dev/null
	rc=$?
	echo "ovsvm: end test $name rc $rc" > /dev/kmsg
	[ "$rc" = 124 ] && echo "ovsvm: TIMEOUT: killed after ${limit}s" >> "$results/$name.log"
	cleanup_after >> "$results/$name.log" 2>&1
	{
		echo "--- kernel log during $name ---"
		dmesg | awk -v b="ovsvm: begin test $name" 'index($0, b) { p = 1 } p'
	} >> "$results/$name.log"
	echo "$rc" > "$results/$name.rc"
	log "$name: rc $rc at $(cut -d' ' -f1 /proc/uptime)s"
done

log "all done at $(cut -d' ' -f1 /proc/uptime)s"
dmesg > "$results/dmesg.txt" 2>&1
echo ok > "$results/done"
finish
