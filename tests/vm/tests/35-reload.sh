#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The module replaced under a running switch, as `ovs-ctl force-reload-kmod`
# does it: vswitchd stops (ovsdb-server and its bridge stay), the datapath
# is deleted, the module unloaded and loaded again, vswitchd started on the
# same database.  Two namespaces on br0 (NORMAL) ping each other all along,
# also while no module is loaded.  Each cycle must bring forwarding back
# (a fresh ping through within 60 s) with the module under test loaded;
# at the end the kernel log and vswitchd's log are clean, the background
# ping got replies, and the unreclaimable slab after the last cycle is
# within 1 MiB + 16 KiB a cycle of what it was after the first (a datapath
# with its ports and flows leaked each time would exceed it within a
# hundred cycles).
#
# Cycles: VM_PARAMS="reload_cycles=N" (3; make check-vm-reload runs 100).
#
# ovsvm-timeout: 600

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

cycles=3
for p in ${OVSVM_PARAMS:-}; do
	case $p in
	reload_cycles=[0-9]*) cycles=${p#*=} ;;
	esac
done
NS="rl1 rl2"
BGPING=

ovs_load
klog_mark start

# shellcheck disable=SC2317 # run by the EXIT trap
on_exit() {
	local rc=$?
	set +e
	[ -z "$BGPING" ] || kill -INT "$BGPING" 2> /dev/null
	for n in $NS; do
		ip netns del "$n" 2> /dev/null
		ip link del "veth-$n" 2> /dev/null
	done
	if [ "$rc" != 0 ]; then
		echo "--- ovs-vswitchd.log ---"
		cat "$OVS_DIR/ovs-vswitchd.log" 2> /dev/null
		ovs_stop > /dev/null 2>&1
	fi
	return "$rc"
}
trap on_exit EXIT

sunreclaim() {	# kB
	awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo
}

# shellcheck disable=SC2317 # run by wait_until
vswitchd_gone() {
	! pidof ovs-vswitchd > /dev/null
}

step "br0 (NORMAL) with two namespaces on it, pinging all along"
ovs_start
br0_pinging rl1 rl2

first=
total=0
for c in $(seq 1 "$cycles"); do
	step "cycle $c of $cycles: stop vswitchd, delete the datapath, reload the module, start vswitchd"
	t0=$(date +%s.%N)
	RUN_TIMEOUT=40 run ovs-appctl --timeout=30 -t ovs-vswitchd exit ||
		fail "vswitchd did not take exit"
	wait_until 20 vswitchd_gone || fail "vswitchd still runs 20 s after exit"
	run ovs-dpctl del-dp ovs-system || fail "del-dp ovs-system failed"
	ovs_unload
	ovs_load
	ovs_start_vswitchd
	wait_until 60 br0_forwards rl1 || fail "cycle $c: forwarding did not come back within 60 s"
	t1=$(date +%s.%N)
	kb=$(sunreclaim)
	[ -n "$first" ] || first=$kb
	took=$(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')
	total=$(echo "$total $took" | awk '{ print $1 + $2 }')
	echo "cycle $c: forwarding back after ${took}s; SUnreclaim ${kb} kB"
done
echo "$cycles cycles in ${total}s ($(echo "$cycles $total" | awk '{ printf "%.1f", $2 / $1 }')s a cycle)"

step "what the background ping saw, and memory"
# SIGINT: ping flushes its output and prints its summary.
kill -INT "$BGPING"
wait "$BGPING" 2> /dev/null || true
BGPING=
tail -n 2 "$TEST_TMP/bgping.txt"
replies=$(grep -c 'bytes from' "$TEST_TMP/bgping.txt" || true)
echo "background ping: $replies replies"
[ "$replies" -gt "$cycles" ] || fail "the background ping got $replies replies over $cycles cycles"
last=$(sunreclaim)
bound=$((1024 + 16 * (cycles - 1)))
echo "SUnreclaim after cycle 1: $first kB, after cycle $cycles: $last kB (bound: +$bound kB)"
[ $((last - first)) -le "$bound" ] || fail "unreclaimable slab grew by $((last - first)) kB over $cycles cycles"

br0_teardown start
pass "$cycles reloads under traffic, forwarding back each time"
