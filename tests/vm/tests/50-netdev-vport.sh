#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Netdev vports through ovs-dpctl: existing devices (veths, a dummy) become
# ports of dp0 with dp0 as their master; devices that cannot be ports are
# refused cleanly (loopback, a Linux bridge's port, an L3 tun device);
# a port whose device is deleted, moved to another namespace or loses its
# namespace leaves the datapath; a rename is seen at once; del-dp and
# rmmod give every device back (no master, promiscuity 0) without a WARN.
# Each ovs-dpctl call takes seconds under TCG: the checks share "show"s.
# ovsvm-timeout: 600

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

ns_move=ovsvm-nd-move
ns_peer=ovsvm-nd-peer
ns_dp=ovsvm-nd-dp

# dp0's ports, one name per line, into $ports.
list_ports() {
	local out
	out=$(run ovs-dpctl show dp0) || fail "ovs-dpctl show dp0 failed"
	ports=$(echo "$out" | sed -n 's/^[[:space:]]*port [0-9]*: \([^ ]*\).*/\1/p')
	echo "dp0 ports: $(echo "$ports" | tr "\n" " ")"
}

in_ports() {
	echo "$ports" | grep -qx "$1"
}

# expect_ports "present ..." "absent ..."
expect_ports() {
	local d
	list_ports
	for d in $1; do
		in_ports "$d" || fail "dp0 does not list port $d"
	done
	for d in ${2:-}; do
		in_ports "$d" && fail "dp0 lists port $d"
	done
	return 0
}

# Ports leave from a work item after the device is gone: give it time.
wait_port_gone() {
	local _
	for _ in $(seq 1 40); do
		list_ports
		in_ports "$1" || return 0
		sleep 0.25
	done
	fail "port $1 still in dp0 10 s after $2"
}

assert_master() {
	ip -o link show "$1" | grep -q " master $2 " ||
		{ ip -o link show "$1"; fail "$1 does not show master $2"; }
}

# A device given back: no master, promiscuity back to 0.  $2: its namespace.
assert_released() {
	local d
	d=$(run ip ${2:+-n "$2"} -d -o link show "$1") || fail "ip link show $1 failed"
	echo "$d"
	echo "$d" | grep -q ' master ' && fail "$1 still has a master"
	echo "$d" | grep -Eq 'promiscuity 0[^0-9]' || fail "$1 is still promiscuous"
	return 0
}

# The device's last reference must go with its port, not linger.
assert_no_lingering() {
	if klog_since "$1" | grep -q 'waiting for .* to become free'; then
		klog_since "$1"
		fail "a device waited for its references after $2"
	fi
}

# An add-if that must fail with a clean error.
refuse_if() {
	local what=$1 dev=$2 rc=0
	klog_mark "refuse-$dev"
	run ovs-dpctl add-if dp0 "$dev" || rc=$?
	case $rc in
	0) fail "add-if of $what ($dev) succeeded" ;;
	124|137) fail "add-if of $what ($dev) hung" ;;
	esac
	echo "refused with exit status $rc (expected)"
	klog_assert_clean "refuse-$dev" "by add-if of $what"
}

ovs_load
klog_mark start

step "devices: two veth pairs, a dummy"
run ip link add v1a type veth peer name v1b || fail "veth v1 failed"
run ip link add v2a type veth peer name v2b || fail "veth v2 failed"
run ip link add d0 type dummy || fail "dummy d0 failed"
for d in v1a v1b v2a v2b d0; do
	run ip link set "$d" up || fail "ip link set $d up failed"
done

step "add-dp dp0, add-if v1a v2a d0"
run ovs-dpctl add-dp dp0 || fail "add-dp dp0 failed"
for d in v1a v2a d0; do
	run ovs-dpctl add-if dp0 "$d" || fail "add-if dp0 $d failed"
done
expect_ports "dp0 v1a v2a d0"
for d in v1a v2a d0; do
	assert_master "$d" dp0
done
# Traffic into a port enters the datapath (a miss, for now) without harm.
run ip addr add 192.0.2.2/24 dev v1b || fail "ip addr add on v1b failed"
run ping -c 2 -W 1 192.0.2.1 > /dev/null 2>&1 || true
klog_assert_clean start "while adding ports"

step "refusals"
refuse_if loopback lo
run ip link add brx type bridge || fail "ip link add brx type bridge failed"
run ip link add d1 type dummy || fail "dummy d1 failed"
run ip link set d1 master brx || fail "enslaving d1 to brx failed"
refuse_if "a bridge port" d1
assert_master d1 brx
# Not dp0 itself: ovs-dpctl knows dp0 as internal and refuses on its own.
run ovs-dpctl add-dp dpx || fail "add-dp dpx failed"
refuse_if "another datapath's local port" dpx
run ovs-dpctl del-dp dpx || fail "del-dp dpx failed"
# The guest's /dev is a bare devtmpfs: the tun node may need making.
modprobe tun 2> /dev/null || true
if [ ! -e /dev/net/tun ]; then
	mkdir -p /dev/net
	mknod /dev/net/tun c 10 200 || true
fi
if run ip tuntap add dev tun0 mode tun; then
	if [ "$OVSVM_MODE" = reference ]; then
		# The in-tree module takes ARPHRD_NONE devices; ours only Ethernet.
		echo "reference mode: not asserting the tun refusal"
	else
		refuse_if "an L3 tun device" tun0
	fi
	run ip tuntap del dev tun0 mode tun
else
	echo "no tun device in this guest: skipped the tun refusal"
fi
# Refused devices are not ports, and the other ports are untouched.
expect_ports "dp0 v1a v2a d0" "lo d1 dpx tun0"

step "ip link del d0 under the datapath"
klog_mark del
run ip link del d0 || fail "ip link del d0 failed"
wait_port_gone d0 "ip link del d0"
assert_no_lingering del "ip link del d0"
klog_assert_clean del "by deleting an attached device"

step "rename v2a to v2new"
klog_mark rename
run ip link set v2a down
run ip link set v2a name v2new || fail "renaming v2a failed"
run ip link set v2new up
expect_ports v2new v2a
assert_master v2new dp0
# Lookups by name (del-if queries the port by name first).
run ovs-dpctl del-if dp0 v2a && fail "del-if by the old name v2a succeeded"
run ovs-dpctl del-if dp0 v2new || fail "del-if by the new name v2new failed"
assert_released v2new
run ovs-dpctl add-if dp0 v2new || fail "add-if v2new again failed"
klog_assert_clean rename "by the rename"

step "move v1a to namespace $ns_move"
klog_mark move
run ip netns add "$ns_move" || fail "ip netns add $ns_move failed"
run ip link set v1a netns "$ns_move" || fail "moving v1a failed"
wait_port_gone v1a "moving v1a to $ns_move"
assert_released v1a "$ns_move"
assert_no_lingering move "the move"
klog_assert_clean move "by moving an attached device"

step "destroy namespace $ns_peer holding the peer of attached v3a"
klog_mark peer
run ip netns add "$ns_peer" || fail "ip netns add $ns_peer failed"
run ip link add v3a type veth peer name v3b netns "$ns_peer" || fail "veth v3 failed"
run ip link set v3a up
run ovs-dpctl add-if dp0 v3a || fail "add-if dp0 v3a failed"
expect_ports v3a
run ip netns del "$ns_peer" || fail "ip netns del $ns_peer failed"
wait_port_gone v3a "destroying $ns_peer (v3a's peer)"
assert_no_lingering peer "destroying $ns_peer"
klog_assert_clean peer "by destroying a namespace"

step "destroy namespace $ns_dp holding a datapath with an attached device"
klog_mark nsdp
run ip netns add "$ns_dp" || fail "ip netns add $ns_dp failed"
run ip -n "$ns_dp" link add dn0 type dummy || fail "dummy dn0 in $ns_dp failed"
run ip netns exec "$ns_dp" ovs-dpctl add-dp nsdp || fail "add-dp nsdp in $ns_dp failed"
run ip netns exec "$ns_dp" ovs-dpctl add-if nsdp dn0 || fail "add-if nsdp dn0 failed"
run ip netns exec "$ns_dp" ovs-dpctl show nsdp | grep -Eq 'port [0-9]+: dn0$' ||
	fail "nsdp in $ns_dp does not list dn0"
run ip netns del "$ns_dp" || fail "ip netns del $ns_dp failed"
gone=0
for _ in $(seq 1 60); do
	if klog_since nsdp | grep -Eq 'nsdp.*left promiscuous mode'; then
		gone=1
		break
	fi
	sleep 0.5
done
[ "$gone" = 1 ] || fail "no sign in 30 s that $ns_dp's datapath was torn down"
klog_assert_clean nsdp "by destroying a namespace with a datapath"

step "del-dp dp0 with ports attached"
klog_mark deldp
expect_ports "dp0 v2new" "d0 v1a v3a"
run ovs-dpctl del-dp dp0 || fail "del-dp dp0 failed"
[ ! -e /sys/class/net/dp0 ] || fail "dp0's device outlived its datapath"
assert_released v2new
klog_assert_clean deldp "by del-dp with ports"

step "rmmod with a datapath and a port left"
run ip link add d2 type dummy || fail "dummy d2 failed"
run ovs-dpctl add-dp dp9 || fail "add-dp dp9 failed"
run ovs-dpctl add-if dp9 d2 || fail "add-if dp9 d2 failed"
assert_master d2 dp9
ovs_unload
assert_released d2
for d in v1b v2new v2b d1 brx d2; do
	ip link del "$d" 2> /dev/null || true
done
run ip netns del "$ns_move" || true
klog_assert_clean start
pass "netdev ports: add, refusals, device delete/rename/move/netns destroy, del-dp, unload"
