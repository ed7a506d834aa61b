#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Internal ports moved to another namespace, as OpenStack's DHCP and L3
# agents and container runtimes do: only the local port (which names the
# datapath) stays put; a moved port stays in its datapath (ovs-dpctl show
# lists it, del-if finds it by name), packets flow through it from the
# other namespace; del-dp takes it from there; deleting the namespace
# while the port lives in it removes the port from its datapath, without
# a WARN and without the device waiting for references.
# ovsvm-timeout: 600

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

ns=ovsvm-in-agent
ns_peer=ovsvm-in-peer
ns_gone=ovsvm-in-gone

list_ports() {
	local out
	out=$(run ovs-dpctl show dp0) || fail "ovs-dpctl show dp0 failed"
	echo "$out"
	ports=$(echo "$out" | sed -n 's/^[[:space:]]*port \([0-9]*\): \([^ ]*\).*/\2=\1/p')
}

# The port number of $1 in the last listing, or nothing.
port_no() {
	echo "$ports" | sed -n "s/^$1=//p"
}

expect_port() {
	[ -n "$(port_no "$1")" ] || fail "dp0 does not list port $1 ($2)"
}

assert_no_lingering() {
	if klog_since "$1" | grep -q 'waiting for .* to become free'; then
		klog_since "$1"
		fail "a device waited for its references after $2"
	fi
}

ovs_load
klog_mark start

step "dp0: internal port p1, veth port iv1a (peer iv1b in $ns_peer)"
run ip netns add "$ns" || fail "ip netns add $ns failed"
run ip netns add "$ns_peer" || fail "ip netns add $ns_peer failed"
run ip link add iv1a type veth peer name iv1b netns "$ns_peer" || fail "veth v1 failed"
run ip link set iv1a up || fail "ip link set iv1a up failed"
run ovs-dpctl add-dp dp0 || fail "add-dp dp0 failed"
run ovs-dpctl add-if dp0 p1,type=internal || fail "add-if dp0 p1 (internal) failed"
run ovs-dpctl add-if dp0 iv1a || fail "add-if dp0 iv1a failed"
list_ports
p1=$(port_no p1)
iv1=$(port_no iv1a)
[ -n "$p1" ] && [ -n "$iv1" ] || fail "dp0 does not list p1 and iv1a"

step "move p1 to $ns; dp0 itself stays"
klog_mark move
run ip link set p1 netns "$ns" || fail "moving internal port p1 to $ns failed"
run ip -n "$ns" link show p1 || fail "p1 is not in $ns"
[ ! -e /sys/class/net/p1 ] || fail "p1 is still in the initial namespace"
if run ip link set dp0 netns "$ns"; then
	fail "the local port dp0 moved to $ns"
fi
[ -e /sys/class/net/dp0 ] || fail "dp0 left the initial namespace"
list_ports
[ "$(port_no p1)" = "$p1" ] || fail "dp0 no longer lists p1 as port $p1 after the move"
run ovs-dpctl show -s dp0 > /dev/null || fail "ovs-dpctl show -s dp0 failed"
klog_assert_clean move "by moving an internal port"

step "ping from $ns over p1, dp0 and iv1a to $ns_peer"
run ip -n "$ns" addr add 192.0.2.1/24 dev p1 || fail "ip addr add on p1 failed"
run ip -n "$ns" link set p1 up || fail "ip link set p1 up failed"
run ip -n "$ns_peer" addr add 192.0.2.2/24 dev iv1b || fail "ip addr add on iv1b failed"
run ip -n "$ns_peer" link set iv1b up || fail "ip link set iv1b up failed"
for t in "0x0806),arp()" "0x0800),ipv4()"; do
	run ovs-dpctl add-flow dp0 "in_port($p1),eth(),eth_type($t" "$iv1" ||
		fail "add-flow from p1 failed"
	run ovs-dpctl add-flow dp0 "in_port($iv1),eth(),eth_type($t" "$p1" ||
		fail "add-flow to p1 failed"
done
run ip netns exec "$ns" ping -c 3 -i 0.5 -W 2 192.0.2.2 ||
	fail "no ping from p1 in $ns to iv1b through dp0"
out=$(run ovs-dpctl dump-flows dp0) || fail "dump-flows dp0 failed"
echo "$out"
# ovs-dpctl names the ports it can, numbers the others.
echo "$out" | grep -E "in_port\(($p1|p1)\).*0x0800.*packets:[1-9]" > /dev/null ||
	fail "no IPv4 packets counted from p1"
echo "$out" | grep -E "in_port\(($iv1|iv1a)\).*0x0800.*packets:[1-9]" > /dev/null ||
	fail "no IPv4 packets counted to p1"
run ovs-dpctl del-flows dp0

step "del-if p1, by name, while it lives in $ns"
klog_mark delif
run ovs-dpctl del-if dp0 p1 || fail "del-if dp0 p1 failed"
list_ports
[ -z "$(port_no p1)" ] || fail "dp0 still lists p1 after del-if"
if run ip -n "$ns" link show p1 2> /dev/null; then
	fail "p1's device outlived its port in $ns"
fi
klog_assert_clean delif "by del-if of a moved port"

step "delete namespace $ns_gone while internal port p2 lives there"
klog_mark nsdel
run ip netns add "$ns_gone" || fail "ip netns add $ns_gone failed"
run ovs-dpctl add-if dp0 p2,type=internal || fail "add-if dp0 p2 (internal) failed"
run ip link set p2 netns "$ns_gone" || fail "moving p2 to $ns_gone failed"
run ip -n "$ns_gone" link set p2 up
list_ports
expect_port p2 "after moving it to $ns_gone"
run ip netns del "$ns_gone" || fail "ip netns del $ns_gone failed"
dp_wait_port_gone dp0 p2 "deleting $ns_gone"
list_ports > /dev/null
expect_port dp0 "after deleting $ns_gone"
expect_port iv1a "after deleting $ns_gone"
assert_no_lingering nsdel "deleting $ns_gone"
klog_assert_clean nsdel "by deleting a namespace holding an internal port"

step "del-dp dp0 while internal port p3 lives in $ns"
klog_mark deldp
run ovs-dpctl add-if dp0 p3,type=internal || fail "add-if dp0 p3 (internal) failed"
run ip link set p3 netns "$ns" || fail "moving p3 to $ns failed"
run ovs-dpctl del-dp dp0 || fail "del-dp dp0 failed"
if run ip -n "$ns" link show p3 2> /dev/null; then
	fail "p3's device outlived its datapath in $ns"
fi
[ ! -e /sys/class/net/dp0 ] || fail "dp0's device outlived its datapath"
assert_no_lingering deldp "del-dp"
klog_assert_clean deldp "by del-dp with a moved port"

step "unload"
ovs_unload
run ip link del iv1a 2> /dev/null || true
run ip netns del "$ns" || true
run ip netns del "$ns_peer" || true
klog_assert_clean start
pass "internal ports in other namespaces: move, ping, show, del-if, namespace deletion, del-dp"
