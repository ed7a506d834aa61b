#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Layer-3 tunnels, as ovs-vswitchd 3.1 runs them: packets cross them
# without an Ethernet header.
#
#   GRE in L3 mode (type=gre, options:packet_type=legacy_l3): vswitchd
#   makes gre_sys of kind "gre" (not gretap) in metadata mode, an L3
#   (ARPHRD_NONE) device; towards it vswitchd pops the Ethernet header
#   (pop_eth), from it OpenFlow sees a frame with a dummy header that the
#   datapath pushes (push_eth).
#
#   VXLAN-GPE (type=vxlan, options:exts=gpe, packet_type=ptap): vxlan_sys_4790
#   in GPE mode, also L3; the OpenFlow rules say what to do with each
#   packet type: decap (pop_eth) towards it, packet_type=(1,0x800) matched
#   and encap(ethernet) (push_eth) from it.
#
# Two hosts as in 66-tunnels (host A the guest's namespace, host B the
# namespace l3b, each with its own ovsdb-server, ovs-vswitchd and br0, a
# veth underlay 172.31.3.1 <-> .2 and fd31:3::1 <-> ::2), a machine
# namespace on each br0 (l3ha 10.9.3.1, l3hb 10.9.3.2, static neighbours:
# no ARP crosses an L3 tunnel).  Per tunnel type (and VXLAN-GPE over IPv6
# too): ping both ways; A's megaflows from the tunnel carry its key and no
# Ethernet header (the kernel hands an L3 key back as
# an ethertype without eth(): that is how ovs-dpctl shows packet_type
# (1,0x800)) and push an Ethernet header, those towards it set the tunnel
# and pop the Ethernet header.  Refused, at flow install on a datapath of
# its own (vswitchd never asks for these): push_eth on a packet that has
# an Ethernet header, pop_eth on one that has none (each accepted the
# other way round).  bareudp (L3 too) is not in Debian's kernels
# (CONFIG_BAREUDP unset): the test says so and goes on.
#
# ovsvm-timeout: 900

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

# Packets in flight when a tunnel port goes (see 66-tunnels).
tunnel_log_ignore

ovs_load
klog_mark start

# shellcheck disable=SC2317 # run by the EXIT trap
on_exit() {
	local rc=$?
	set +e
	if [ "$rc" != 0 ]; then
		echo "--- ovs-ofctl dump-flows br0 (A) ---"
		timeout 20 ovs-ofctl -O OpenFlow15 dump-flows br0
		echo "--- ovs-dpctl dump-flows (A) ---"
		timeout 10 ovs-dpctl dump-flows
		echo "--- ovs-dpctl dump-flows (B) ---"
		timeout 10 ip netns exec l3b ovs-dpctl dump-flows
		echo "--- ovs-vswitchd.log (A) ---"
		cat "$OVS_DIR/ovs-vswitchd.log" 2>/dev/null
		echo "--- ovs-vswitchd.log (B) ---"
		cat "${B:-}/ovs-vswitchd.log" 2>/dev/null
		timeout 10 ovs-dpctl del-dp l3chk 2>/dev/null
		hostb_stop > /dev/null 2>&1
		ovs_stop > /dev/null 2>&1
	fi
	for n in l3ha l3hb l3b; do
		ip netns del "$n" 2>/dev/null
	done
	return "$rc"
}
trap on_exit EXIT

for m in vxlan ip_gre; do
	run modprobe "$m" || fail "modprobe $m failed"
done

hostb_setup l3b ul3-a ul3-b 172.31.3 fd31:3

step "ovs-vswitchd on each host, br0 in fail-mode secure"
ovs_start
hostb_start
RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-br br0 -- set-fail-mode br0 secure ||
	fail "ovs-vsctl add-br (A) failed"
RUN_TIMEOUT=90 onb ovs-vsctl --timeout=60 add-br br0 -- set-fail-mode br0 secure ||
	fail "ovs-vsctl add-br (B) failed"

# MAC of machine 1 (l3ha) and 2 (l3hb).
mac() { echo "02:00:00:03:00:0$1"; }

step "machines l3ha (on A's br0) and l3hb (on B's br0)"
for i in 1 2; do
	h=l3ha; [ "$i" = 2 ] && h=l3hb
	peer=$((3 - i))
	run ip netns add "$h" || fail "ip netns add $h failed"
	run ip link add "v-$h" type veth peer name eth0 netns "$h" || fail "veth for $h failed"
	run ip netns exec "$h" ip link set lo up
	run ip netns exec "$h" ip link set eth0 address "$(mac "$i")" mtu 1400
	run ip netns exec "$h" ip addr add "10.9.3.$i/24" dev eth0
	run ip netns exec "$h" ip link set eth0 up
	run ip netns exec "$h" ip neigh add "10.9.3.$peer" lladdr "$(mac "$peer")" dev eth0 ||
		fail "ip neigh add in $h failed"
done
run ip link set v-l3hb netns l3b || fail "cannot move v-l3hb to host B"
run ip link set v-l3ha up
run ip netns exec l3b ip link set v-l3hb up
RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-port br0 v-l3ha || fail "ovs-vsctl add-port (A) failed"
RUN_TIMEOUT=90 onb ovs-vsctl --timeout=60 add-port br0 v-l3hb || fail "ovs-vsctl add-port (B) failed"

# on HOST(a|b) CMD...
on() {
	if [ "$1" = a ]; then shift; run "$@"; else shift; onb "$@"; fi
}

FLOWS=$OVSVM_RESULTS/$TEST_NAME-flows.txt
: > "$FLOWS"

# megaflow DUMP KEY_RE ACTIONS_RE WHAT [l3]: a megaflow that counted
# packets, its key matching KEY_RE and its actions ACTIONS_RE; with l3,
# its key has no Ethernet header.
megaflow() {
	local line key found=
	while IFS= read -r line; do
		key=${line%%, packets:*}
		echo "$key" | grep -qE "$2" || continue
		echo "$line" | grep -qE 'packets:[1-9]' || continue
		echo "$line" | grep -qE "actions:.*$3" || continue
		if [ "${5:-}" = l3 ] && echo "$key" | grep -q 'eth('; then
			continue
		fi
		found=$line
		break
	done <<< "$1"
	[ -n "$found" ] || { echo "$1"; fail "$TUN: no megaflow $4"; }
	echo "$4: $found"
}

# dev_is_l3 DEV: DEV exists on host A and has no link-layer header
# (ARPHRD_NONE).
# shellcheck disable=SC2317 # run by wait_until
dev_is_l3() {
	[ "$(cat "/sys/class/net/$1/type" 2>/dev/null)" = 65534 ]
}

# [L3FAM=6] l3_tunnel NAME DEV TX_ACTIONS RX_MATCH RX_ACTIONS_PREFIX
# OPTIONS...: port t0 with OPTIONS on each br0, towards the other host
# (over IPv6 with L3FAM=6; vswitchd makes its device DEV, an L3 one);
# OpenFlow rules from the machine to t0 (TX_ACTIONS before the output) and
# from t0 (RX_MATCH) to the machine, its MACs set; ping both ways, then
# A's megaflows.
l3_tunnel() {
	local name=$1 dev=$2 tx=$3 rx=$4 rxpre=$5 x me peer rme i out
	local ua=172.31.3.1 ub=172.31.3.2
	local rxre='tunnel\(tun_id=0x64,src=172\.31\.3\.2,dst=172\.31\.3\.1,'
	local txre='set\(tunnel\(tun_id=0x64,dst=172\.31\.3\.2,'
	shift 5
	if [ "${L3FAM:-4}" = 6 ]; then
		ua=fd31:3::1 ub=fd31:3::2
		rxre='tunnel\(tun_id=0x64,ipv6_src=fd31:3::2,ipv6_dst=fd31:3::1,'
		txre='set\(tunnel\(tun_id=0x64,ipv6_dst=fd31:3::2,'
	fi
	TUN=$name
	step "$name: ports between A and B, pings, megaflows"
	for x in a b; do
		me=l3ha rme=$ub i=1
		[ "$x" = b ] && me=l3hb rme=$ua i=2
		peer=$((3 - i))
		RUN_TIMEOUT=90 on "$x" ovs-vsctl --timeout=60 add-port br0 t0 \
			-- set interface t0 options:remote_ip="$rme" options:key=100 "$@" ||
			fail "$name: ovs-vsctl add-port ($x) failed"
		on "$x" ovs-ofctl -O OpenFlow15 del-flows br0
		on "$x" ovs-ofctl -O OpenFlow15 add-flow br0 \
			"priority=10,in_port=v-$me,ip,actions=${tx}output:t0" ||
			fail "$name: add-flow towards t0 ($x) failed"
		on "$x" ovs-ofctl -O OpenFlow15 add-flow br0 \
			"priority=10,in_port=t0,$rx,actions=${rxpre}set_field:$(mac "$peer")->eth_src,set_field:$(mac "$i")->eth_dst,output:v-$me" ||
			fail "$name: add-flow from t0 ($x) failed"
	done
	wait_until 20 dev_is_l3 "$dev" ||
		fail "$name: $dev is not there or not an L3 device (type $(cat "/sys/class/net/$dev/type" 2>/dev/null))"
	run ip -d link show "$dev"
	nsping l3ha 10.9.3.2
	nsping l3hb 10.9.3.1
	out=$(run ovs-dpctl dump-flows) || fail "ovs-dpctl dump-flows failed"
	{ echo "### $name, host A"; echo "$out"; } >> "$FLOWS"
	# ovs-dpctl shows eth() for every Ethernet key, even one whose
	# addresses are wildcarded: an L3 key is one without.
	megaflow "$out" "$rxre.*eth_type\\(0x0800\\)" \
		'push_eth\(' "from the tunnel, L3, pushing Ethernet" l3
	megaflow "$out" 'eth\(.*eth_type\(0x0800\)' \
		"($txre.*pop_eth|pop_eth.*$txre)" "towards the tunnel, popping Ethernet"
	for x in a b; do
		RUN_TIMEOUT=90 on "$x" ovs-vsctl --timeout=60 del-port br0 t0 ||
			fail "$name: ovs-vsctl del-port ($x) failed"
	done
}

l3_tunnel "GRE in L3 mode (legacy_l3)" gre_sys "" "ip" "" \
	type=gre options:packet_type=legacy_l3
l3_tunnel "VXLAN-GPE (ptap)" vxlan_sys_4789 "decap," "packet_type=(1,0x800)" "encap(ethernet)," \
	type=vxlan options:exts=gpe options:packet_type=ptap
L3FAM=6 l3_tunnel "VXLAN-GPE over IPv6 (ptap)" vxlan_sys_4789 "decap," "packet_type=(1,0x800)" \
	"encap(ethernet)," type=vxlan options:exts=gpe options:packet_type=ptap
if run modprobe bareudp 2> /dev/null; then
	echo "bareudp: this kernel has it, but this test does not cover it yet"
else
	echo "bareudp: not in this kernel (CONFIG_BAREUDP unset), not tested"
fi

step "pop_eth and push_eth refused where the packet type says so"
# vswitchd never asks for these: a datapath of its own, raw OVS_FLOW_CMD_NEW
# (ovs-dpctl 3.1 cannot parse push_eth/pop_eth).  An L3 key, as in-tree
# takes it: an ethertype without an Ethernet header.
run ovs-dpctl add-dp l3chk || fail "ovs-dpctl add-dp l3chk failed"
cat > "$TEST_TMP/l3flows.py" << 'EOF'
import errno, socket, struct, sys
from ovs_genl import Genl, nla, nest

IN_PORT, ETHERNET, ETHERTYPE, IPV4 = 3, 4, 6, 7
OUTPUT, PUSH_ETH, POP_ETH = 1, 14, 15
FLOW_KEY, FLOW_ACTIONS, FLOW_CMD_NEW = 1, 2, 1

nl = Genl()
fam, version, _ = nl.family_info("ovs_flow")
hdr = struct.pack("=i", socket.if_nametoindex(sys.argv[1]))


def key(port, l2):
    k = nla(IN_PORT, struct.pack("=I", port))
    if l2:
        k += nla(ETHERNET, bytes(12))
    return k + nla(ETHERTYPE, struct.pack("!H", 0x0800)) + nla(IPV4, bytes(12))


push = nla(PUSH_ETH, bytes.fromhex("020000000001" "020000000002"))
pop = nla(POP_ETH, b"")
bad = 0
for port, l2, act, what, ok in (
        (1, True, push, "push_eth on an Ethernet packet", False),
        (1, True, pop, "pop_eth on an Ethernet packet", True),
        (2, False, pop, "pop_eth on an L3 packet", False),
        (2, False, push, "push_eth on an L3 packet", True)):
    body = hdr + nest(FLOW_KEY, key(port, l2)) + \
        nest(FLOW_ACTIONS, act, nla(OUTPUT, struct.pack("=I", 3)))
    try:
        nl.request(fam, FLOW_CMD_NEW, version, body)
        print("%s: accepted" % what)
        good = ok
    except OSError as e:
        print("%s: refused: %s" % (what, e.strerror))
        good = not ok and e.errno == errno.EINVAL
    if not good:
        print("  ... but should have been %s" % ("accepted" if ok else "refused with EINVAL"))
        bad += 1
sys.exit(bad)
EOF
RUN_TIMEOUT=30 run env PYTHONPATH="$(dirname "$OVSVM_LIB")/tests" \
	/usr/bin/python3 "$TEST_TMP/l3flows.py" l3chk ||
	fail "push_eth/pop_eth not checked against the packet type as in-tree does"
out=$(run ovs-dpctl dump-flows l3chk) || fail "ovs-dpctl dump-flows l3chk failed"
{ echo "### l3chk: the two flows accepted"; echo "$out"; } >> "$FLOWS"
echo "$out"
[ "$(echo "$out" | grep -c 'actions:')" = 2 ] || fail "l3chk does not hold exactly the two accepted flows"
run ovs-dpctl del-dp l3chk || fail "ovs-dpctl del-dp l3chk failed"
ovs_assert_ours

step "del-br, stop the daemons of both hosts"
RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 del-br br0 || fail "ovs-vsctl del-br (A) failed"
RUN_TIMEOUT=90 onb ovs-vsctl --timeout=60 del-br br0 || fail "ovs-vsctl del-br (B) failed"
hostb_stop || fail "host B's OVS daemons did not stop"
ovs_stop || fail "the OVS daemons did not stop"
ovs_assert_vswitchd_log_clean
OVS_DIR=$B ovs_assert_vswitchd_log_clean
for h in l3ha l3hb l3b; do
	run ip netns del "$h" || fail "ip netns del $h failed"
done

step "unload"
ovs_unload
klog_assert_clean start
pass "GRE in L3 mode and VXLAN-GPE (IPv4, IPv6): ping both ways, L3 megaflows with the tunnel key, pop_eth/push_eth; push_eth/pop_eth refused against the packet type"
