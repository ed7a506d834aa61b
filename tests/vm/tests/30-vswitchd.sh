#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Debian's ovsdb-server + ovs-vswitchd 3.1 against our module: start them
# on a fresh database, add bridge br0, see it in ovs-vsctl and in the
# kernel datapath, and find no datapath complaint in vswitchd's log (its
# feature probes turn every unexpected errno into a WARN: DESIGN.md
# section 4).  Then stop vswitchd and unload the module.

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

ovs_load
klog_mark start

step "start ovsdb-server and ovs-vswitchd"
ovs_start
# On failure: show the daemons' logs, then stop them.
# shellcheck disable=SC2317 # run by the EXIT trap
on_exit() {
	local rc=$?
	if [ "$rc" != 0 ]; then
		for f in ovs-vswitchd.log ovsdb-server.log; do
			echo "--- $f ---"
			cat "$OVS_DIR/$f" 2>/dev/null || true
		done
		ovs_stop > /dev/null 2>&1 || true
	fi
	return "$rc"
}
trap on_exit EXIT

step "add-br br0"
RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-br br0 || fail "ovs-vsctl add-br br0 failed"

step "ovs-vsctl show"
out=$(run ovs-vsctl --timeout=30 show) || fail "ovs-vsctl show failed"
echo "$out"
echo "$out" | grep -q 'Bridge br0' || fail "ovs-vsctl show does not list br0"
# vswitchd reports a bridge it could not open as an error on the interface.
if echo "$out" | grep -q 'error:'; then
	fail "ovs-vsctl show reports an error for br0"
fi

step "ovs-dpctl show"
out=$(run ovs-dpctl show) || { echo "$out"; fail "ovs-dpctl show failed"; }
echo "$out"
echo "$out" | grep -q '^system@ovs-system:' || fail "ovs-dpctl show does not list the system@ovs-system datapath"
echo "$out" | grep -Eq '^[[:space:]]+port [0-9]+: br0 \(internal\)' || fail "ovs-dpctl show does not list port br0 (internal)"
[ -e /sys/class/net/br0 ] || fail "no br0 net device"

step "datapath features as vswitchd probed them"
# Kept in the results to compare with the in-tree module's answer
# (run.sh --reference; DESIGN.md section 4 lists it).
run ovs-appctl --timeout=30 dpif/show-dp-features br0 | tee "$OVSVM_RESULTS/dp-features.txt" ||
	echo "(dpif/show-dp-features failed)"

ovs_assert_ours

step "del-br br0, stop the daemons"
run ovs-vsctl --timeout=60 del-br br0 || fail "ovs-vsctl del-br br0 failed"
ovs_stop || fail "the OVS daemons did not stop"
out=$(run ovs-dpctl dump-dps) || fail "ovs-dpctl dump-dps failed"
[ -z "$out" ] || fail "datapaths left after vswitchd exit --cleanup: $out"

ovs_assert_vswitchd_log_clean

step "unload"
ovs_unload
klog_assert_clean start
pass "vswitchd 3.1 runs br0 on the datapath; clean log; module unloads"
