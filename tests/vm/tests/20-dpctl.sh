#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A datapath through ovs-dpctl, the thinnest client of the ovs_datapath and
# ovs_vport families: create dp0, see it and its local port, refuse a
# second dp0 cleanly (an error, no kernel WARN: DESIGN.md section 5), delete
# it, and unload the module (no reference left behind).

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

ovs_load
klog_mark start

step "add-dp dp0"
run ovs-dpctl add-dp dp0 || fail "ovs-dpctl add-dp dp0 failed"

step "show"
out=$(run ovs-dpctl show) || { echo "$out"; fail "ovs-dpctl show failed"; }
echo "$out"
echo "$out" | grep -q '^system@dp0:' || fail "ovs-dpctl show does not list system@dp0"
# The local port: port 0, named after the datapath, type internal.
echo "$out" | grep -Eq '^[[:space:]]+port 0: dp0 \(internal\)' ||
	fail "ovs-dpctl show does not list dp0's local port (port 0: dp0 (internal))"
[ -e /sys/class/net/dp0 ] || fail "no dp0 net device for the local port"

step "add-dp dp0 again must fail cleanly"
klog_mark again
rc=0
run ovs-dpctl add-dp dp0 || rc=$?
case $rc in
0) fail "a second add-dp dp0 succeeded" ;;
124|137) fail "the second add-dp dp0 hung" ;;
esac
echo "refused with exit status $rc (expected)"
klog_assert_clean again "by the second add-dp dp0"
# The failed attempt must not have disturbed the first datapath.
out=$(run ovs-dpctl show dp0) || fail "dp0 is gone after the failed second add-dp"
echo "$out" | grep -Eq 'port 0: dp0 \(internal\)' || fail "dp0 lost its local port after the failed second add-dp"

step "del-dp dp0"
run ovs-dpctl del-dp dp0 || fail "ovs-dpctl del-dp dp0 failed"
out=$(run ovs-dpctl dump-dps) || fail "ovs-dpctl dump-dps failed"
[ -z "$out" ] || fail "datapaths left after del-dp: $out"
[ ! -e /sys/class/net/dp0 ] || fail "the dp0 net device outlived its datapath"

step "unload"
ovs_unload
klog_assert_clean start
pass "add-dp, show, duplicate add-dp refused, del-dp, unload"
