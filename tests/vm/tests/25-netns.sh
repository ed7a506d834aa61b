#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Datapaths belong to a network namespace: one created in a namespace is
# invisible from the others, the same name may exist in each, and deleting
# the namespace destroys its datapaths (and their local ports) with it.
# The kernel's own "left promiscuous mode" line for the namespace's local
# port is the evidence that the datapath's teardown ran: the namespace's
# default device cleanup alone would not drop the promiscuity the datapath
# took.  The namespace's datapath holds meters when it goes, and (ours
# only: the in-tree module refuses rmmod while a datapath exists) the
# module is unloaded with a datapath full of meters left; the kernel log
# must stay clean through both.

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

ns=ovsvm-ns1
flows_py=$(dirname "$OVSVM_LIB")/tests/ovs-flows.py
ovs_load
klog_mark start

step "a datapath inside namespace $ns"
run ip netns add "$ns" || fail "ip netns add failed"
run ip netns exec "$ns" ovs-dpctl add-dp nsdp0 || fail "add-dp nsdp0 in $ns failed"
out=$(run ip netns exec "$ns" ovs-dpctl show) || fail "ovs-dpctl show in $ns failed"
echo "$out"
echo "$out" | grep -q '^system@nsdp0:' || fail "$ns does not see its own datapath nsdp0"
run ip netns exec "$ns" test -e /sys/class/net/nsdp0 || fail "no nsdp0 device in $ns"
n=$(RUN_TIMEOUT=120 run ip netns exec "$ns" /usr/bin/python3 "$flows_py" nsdp0 meters set 1 500) ||
	fail "500 meters in $ns's nsdp0 failed"
[ "$n" = 500 ] || fail "ovs-flows.py set '$n' meters, not 500"

step "invisible from the initial namespace"
out=$(run ovs-dpctl dump-dps) || fail "ovs-dpctl dump-dps failed"
echo "dump-dps: ${out:-(none)}"
echo "$out" | grep -q nsdp0 && fail "the initial namespace sees $ns's datapath"
[ ! -e /sys/class/net/nsdp0 ] || fail "nsdp0's device leaked into the initial namespace"

step "the same name in the initial namespace"
run ovs-dpctl add-dp nsdp0 || fail "add-dp nsdp0 in the initial namespace failed"
out=$(run ovs-dpctl show nsdp0) || fail "ovs-dpctl show nsdp0 failed"
echo "$out" | grep -Eq 'port 0: nsdp0 \(internal\)' || fail "no local port for the initial namespace's nsdp0"
run ovs-dpctl del-dp nsdp0 || fail "del-dp nsdp0 in the initial namespace failed"
out=$(run ip netns exec "$ns" ovs-dpctl dump-dps) || fail "dump-dps in $ns failed"
echo "$out" | grep -q nsdp0 || fail "deleting the initial namespace's nsdp0 removed $ns's"

step "delete the namespace with its datapath in it"
klog_mark nsdel
run ip netns del "$ns" || fail "ip netns del failed"
# Namespaces are torn down by a worker; give it time.
gone=0
wait_until 30 klog_dp_gone nsdel nsdp0 && gone=1
klog_since nsdel
[ "$gone" = 1 ] || fail "no sign in 30 s that the namespace's datapath was torn down"
klog_assert_clean nsdel "by the namespace teardown"

if [ "$OVSVM_MODE" = ours ]; then
	step "unload with a datapath and its meters left"
	run ovs-dpctl add-dp dpmeters || fail "add-dp dpmeters failed"
	n=$(RUN_TIMEOUT=120 run /usr/bin/python3 "$flows_py" dpmeters meters set 1 500) ||
		fail "500 meters in dpmeters failed"
	[ "$n" = 500 ] || fail "ovs-flows.py set '$n' meters, not 500"
fi

step "unload"
ovs_unload
[ ! -e /sys/class/net/dpmeters ] || fail "dpmeters' local port outlived the module"
klog_assert_clean start
pass "per-namespace datapaths: isolated, same name allowed, destroyed with the namespace"
