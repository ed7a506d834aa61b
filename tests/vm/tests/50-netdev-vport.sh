#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Netdev vports through ovs-dpctl: existing devices (veths, a dummy) become
# ports of dp0 with dp0 as their master; devices that cannot be ports are
# refused cleanly (loopback, a Linux bridge's port, another datapath's
# local port); an L3 device (tun in L3 mode) is a port, as with the in-tree
# module: its packets enter without an Ethernet header, IP packets leave
# through it as they are; a port whose device is deleted, moved to another
# namespace or loses its namespace leaves the datapath; a rename is seen
# at once; del-dp and rmmod give every device back (no master, promiscuity
# 0) without a WARN.
# Each ovs-dpctl call takes seconds under TCG: the checks share "show"s.
# ovsvm-timeout: 600

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

ns_move=ovsvm-nd-move
ns_peer=ovsvm-nd-peer
ns_dp=ovsvm-nd-dp

# dp0's ports, one name per line, into $ports.
list_ports() {
	out_show=$(run ovs-dpctl show dp0) || fail "ovs-dpctl show dp0 failed"
	ports=$(echo "$out_show" | sed -n 's/^[[:space:]]*port [0-9]*: \([^ ]*\).*/\1/p')
	echo "dp0 ports: $(echo "$ports" | tr "\n" " ")"
}

# The number of port $1 in the last listing.
port_no() {
	echo "$out_show" | sed -n "s/^[[:space:]]*port \([0-9]*\): $1\( .*\)*\$/\1/p"
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
# Refused devices are not ports, and the other ports are untouched.
expect_ports "dp0 v1a v2a d0" "lo d1 dpx"

step "L3 ports: tun0 and tun1 in tun mode, packets from and to them"
klog_mark l3
# The guest's /dev is a bare devtmpfs: the tun node may need making.
modprobe tun 2> /dev/null || true
if [ ! -e /dev/net/tun ]; then
	mkdir -p /dev/net
	mknod /dev/net/tun c 10 200 || true
fi
# The devices stay down until tun.py holds them open.  A persistent tun
# device without a reader has no carrier, and the carrier that TUNSETIFF
# turns on starts its transmit queues only later, from the link-watch
# work: a packet sent before that is dropped by the kernel (noop qdisc),
# not by us, and the test raced it.  "ip link set up" with the carrier
# already on starts the queues before it returns.
for d in tun0 tun1; do
	run ip tuntap add dev "$d" mode tun || fail "ip tuntap add $d failed"
	run ovs-dpctl add-if dp0 "$d" || fail "add-if dp0 $d (an L3 device) failed"
done
expect_ports "dp0 v1a tun0 tun1"
assert_master tun0 dp0
tun0_port=$(port_no tun0)
tun1_port=$(port_no tun1)
v1_port=$(port_no v1a)
l3_mac=02:00:00:00:00:99
# An IP packet from tun0 has no Ethernet header: its key says
# packet_type(ns=1,id=0x800), and it leaves by tun1 as it came.  A frame
# from v1a leaves by tun0 whole, as transparent Ethernet (ETH_P_TEB).
# (ovs-dpctl 3.1 cannot parse push_eth/pop_eth, so no flow converts.)
run ovs-dpctl add-flow dp0 "in_port($tun0_port),packet_type(ns=1,id=0x800),ipv4()" \
	"$tun1_port" || fail "add-flow tun0 -> tun1 failed"
run ovs-dpctl add-flow dp0 "in_port($v1_port),eth(),eth_type(0x0800),ipv4()" \
	"$tun0_port" || fail "add-flow v1a -> tun0 failed"
run ip neigh replace 192.0.2.99 lladdr "$l3_mac" dev v1b || fail "ip neigh on v1b failed"
cat > "$TEST_TMP/tun.py" << 'EOF'
import fcntl, os, select, socket, struct, subprocess, sys

TUNSETIFF, IFF_TUN, IFF_NO_PI = 0x400454ca, 0x0001, 0x1000
ETH_P_IP, ETH_P_TEB = 0x0800, 0x6558
me, peer = '192.0.2.2', '192.0.2.99'


def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s & 0xffff) + (s >> 16)
    s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def tun(name, flags):
    fd = os.open('/dev/net/tun', os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack('16sH', name.encode(), flags))
    return fd


def read_until(fd, want, what):
    while True:
        r, _, _ = select.select([fd], [], [], 10)
        assert r, 'nothing like %s read in 10 s' % what
        pkt = os.read(fd, 4096)
        if want(pkt):
            return pkt
        print('skipped a packet of %d bytes: %s' % (len(pkt), pkt[:24].hex()))


tun0 = tun(sys.argv[1], IFF_TUN)                # with the 4-byte PI header
tun1 = tun(sys.argv[2], IFF_TUN | IFF_NO_PI)
for name in sys.argv[1:3]:
    subprocess.run(['ip', 'link', 'set', name, 'up'], check=True)
v1b_mac = bytes.fromhex(sys.argv[3].replace(':', ''))
peer_mac = bytes.fromhex(sys.argv[4].replace(':', ''))

# L3 in, L3 out: a bare IPv4/UDP packet written to tun0 is read from tun1.
payload = b'tun0-to-tun1'
udp = struct.pack('!HHHH', 4000, 4001, 8 + len(payload), 0) + payload
ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                 socket.inet_aton(peer), socket.inet_aton('198.51.100.1'))
ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
os.write(tun0, struct.pack('!HH', 0, ETH_P_IP) + ip + udp)
got = read_until(tun1, lambda p: p.endswith(payload), 'the packet from tun0')
assert got == ip + udp, got.hex()
print('tun0 -> tun1: the IPv4 packet of %d bytes, unchanged' % len(got))

# Ethernet in, L3 out: what v1b sends to the peer leaves tun0 as a
# transparent Ethernet frame.
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((me, 0))
sock.sendto(b'v1b-to-tun0', (peer, 9998))
got = read_until(tun0, lambda p: p.endswith(b'v1b-to-tun0'), 'the frame from v1b')
flags, proto = struct.unpack('!HH', got[:4])
frame = got[4:]
assert proto == ETH_P_TEB, 'protocol %#x, not ETH_P_TEB' % proto
assert frame[0:6] == peer_mac and frame[6:12] == v1b_mac, frame[:14].hex()
assert frame[12:14] == b'\x08\x00' and frame[14] == 0x45, frame[:16].hex()
print('v1b -> tun0: a %d-byte Ethernet frame as ETH_P_TEB' % len(frame))
EOF
RUN_TIMEOUT=60 run /usr/bin/python3 "$TEST_TMP/tun.py" tun0 tun1 \
	"$(cat /sys/class/net/v1b/address)" "$l3_mac" ||
	fail "packets from and to the L3 ports did not go as the in-tree module sends them"
out=$(run ovs-dpctl dump-flows dp0) || fail "dump-flows dp0 failed"
echo "$out"
# An L3 flow comes back with an ethertype and no eth(), as in-tree.
echo "$out" | grep -E "^in_port\(($tun0_port|tun0)\),eth_type\(0x0800\).*packets:[1-9]" > /dev/null ||
	fail "no packets counted on the L3 flow from tun0"
run ovs-dpctl del-flows dp0
for d in tun0 tun1; do
	run ovs-dpctl del-if dp0 "$d" || fail "del-if dp0 $d failed"
	assert_released "$d"
	run ip tuntap del dev "$d" mode tun
done
run ip neigh del 192.0.2.99 dev v1b
klog_assert_clean l3 "by the L3 ports"

step "ip link del d0 under the datapath"
klog_mark del
run ip link del d0 || fail "ip link del d0 failed"
dp_wait_port_gone dp0 d0 "ip link del d0"
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
if ! run ovs-dpctl del-if dp0 v2new; then
	# The in-tree module files a port under a hash of the name it had
	# when added and never files it again: after a rename, a lookup by
	# the new name looks in another bucket and misses (seen with 4.19's).
	# Ours must find it.
	[ "$OVSVM_MODE" = reference ] || fail "del-if by the new name v2new failed"
	echo "in-tree: the renamed port is not found by its new name; removed by its old one"
	run ip link set v2new down
	run ip link set v2new name v2a || fail "renaming v2new back failed"
	run ovs-dpctl del-if dp0 v2a || fail "del-if v2a (renamed back) failed"
	run ip link set v2a name v2new || fail "renaming v2a to v2new again failed"
	run ip link set v2new up
fi
assert_released v2new
run ovs-dpctl add-if dp0 v2new || fail "add-if v2new again failed"
klog_assert_clean rename "by the rename"

step "move v1a to namespace $ns_move"
klog_mark move
run ip netns add "$ns_move" || fail "ip netns add $ns_move failed"
run ip link set v1a netns "$ns_move" || fail "moving v1a failed"
dp_wait_port_gone dp0 v1a "moving v1a to $ns_move"
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
dp_wait_port_gone dp0 v3a "destroying $ns_peer (v3a's peer)"
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
wait_until 30 klog_dp_gone nsdp nsdp ||
	fail "no sign in 30 s that $ns_dp's datapath was torn down"
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
if [ "$OVSVM_MODE" = reference ]; then
	# In-tree, each vport holds a reference on the module: rmmod is
	# refused until the datapath is gone.  Ours unloads and gives the
	# devices back.
	run rmmod openvswitch && fail "in-tree: rmmod succeeded with dp9 left"
	echo "in-tree: rmmod refused while dp9 has ports; dp9 deleted first"
	run ovs-dpctl del-dp dp9 || fail "del-dp dp9 failed"
fi
ovs_unload
assert_released d2
for d in v1b v2new v2b d1 brx d2; do
	ip link del "$d" 2> /dev/null || true
done
run ip netns del "$ns_move" || true
klog_assert_clean start
pass "netdev ports: add, refusals, device delete/rename/move/netns destroy, del-dp, unload"
