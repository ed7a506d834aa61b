#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Tunnels through the datapath, as ovs-vswitchd 3.1 runs them: it creates
# the tunnel devices itself in metadata mode (vxlan_sys_4789, genev_sys_6081,
# gre_sys, ip6gre_sys, erspan_sys, ip6erspan_sys) and adds them as netdev
# ports; packets get their tunnel from set(tunnel(...)) on the way out and
# bring it in the flow key on the way in.
#
# Two hosts: host A is the guest's own namespace, host B the namespace
# hostb, each with its own ovsdb-server and ovs-vswitchd (so its own
# datapath) and a bridge br0; an underlay veth between them (A 172.31.0.1
# and fd31::1, B 172.31.0.2 and fd31::2); on each bridge a veth to a
# "machine" namespace (ha 10.9.0.1, hb 10.9.0.2).  For each tunnel type
# in turn, a port on each br0 with the other host as remote_ip: ping both
# ways and a TCP transfer between ha and hb, and A's megaflows carry the
# tunnel key (ovs-dpctl dump-flows).  Refused: Geneve packets whose TLV
# option does not match the OpenFlow rule on B, and a set(tunnel())
# without a destination.  Teardown: the VXLAN ports (and so their
# device) deleted on both hosts under a ping flood, twice.
#
# ovsvm-timeout: 1500 (about 900 s under TCG on a loaded 2-core host)

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

# Packets still in flight when a tunnel port goes (the teardown steps, the
# end of each type's transfers) reach a datapath whose vswitchd no longer
# has a port for their tunnel: it says so, and drops them.
VSWITCHD_LOG_IGNORE+=('\|tunnel\([a-z0-9]+\)\|WARN\|receive tunnel port not found')
# The same lines, past the tunnel module's rate limit, counted.
VSWITCHD_LOG_IGNORE+=('\|tunnel\([a-z0-9]+\)\|WARN\|Dropped [0-9]+ log messages in last [0-9]+ seconds')
# Two vswitchds under TCG: their revalidator threads time their own loops
# too (the main thread's lines are ignored by testlib already).
VSWITCHD_LOG_IGNORE+=('\|timeval\([a-z0-9]+\)\|WARN\|')

ovs_load
klog_mark start

B=$TEST_TMP/ovs-b
mkdir -p "$B"
# onb CMD...: CMD on host B, for its own OVS daemons.
onb() {
	run env OVS_RUNDIR="$B" OVS_DBDIR="$B" OVS_LOGDIR="$B" \
		OVS_SYSCONFDIR="$B" OVS_PKGDATADIR=/usr/share/openvswitch \
		ip netns exec hostb "$@"
}

b_stop() {
	[ -f "$B/ovs-vswitchd.pid" ] && onb ovs-appctl --timeout=30 -t ovs-vswitchd exit --cleanup
	[ -f "$B/ovsdb-server.pid" ] && onb ovs-appctl --timeout=30 -t ovsdb-server exit
	rm -f "$B/ovs-vswitchd.pid" "$B/ovsdb-server.pid"
	wait_until 20 ovs_daemons_gone_b
}

ovs_daemons_gone_b() {
	! ip netns pids hostb 2>/dev/null | grep -q .
}

# shellcheck disable=SC2317 # run by the EXIT trap
on_exit() {
	local rc=$?
	set +e
	if [ "$rc" != 0 ]; then
		echo "--- ovs-dpctl dump-flows (A) ---"
		timeout 10 ovs-dpctl dump-flows
		echo "--- ovs-vswitchd.log (A) ---"
		cat "$OVS_DIR/ovs-vswitchd.log" 2>/dev/null
		echo "--- ovs-vswitchd.log (B) ---"
		cat "$B/ovs-vswitchd.log" 2>/dev/null
		b_stop > /dev/null 2>&1
		ovs_stop > /dev/null 2>&1
	fi
	ip netns del ha 2>/dev/null
	ip netns del hb 2>/dev/null
	ip netns del hostb 2>/dev/null
	return "$rc"
}
trap on_exit EXIT

# The tunnel drivers vswitchd's rtnetlink requests would load.
for m in vxlan geneve ip_gre ip6_gre; do
	run modprobe "$m" || fail "modprobe $m failed"
done

step "host B (namespace hostb) and the underlay between A and B"
run ip netns add hostb || fail "ip netns add hostb failed"
run ip link add ul-a type veth peer name ul-b netns hostb || fail "the underlay veth failed"
run ip addr add 172.31.0.1/24 dev ul-a || fail "ip addr add on ul-a failed"
run ip addr add fd31::1/64 dev ul-a nodad || fail "ip addr add on ul-a failed"
run ip link set ul-a up
run ip netns exec hostb ip link set lo up
run ip netns exec hostb ip addr add 172.31.0.2/24 dev ul-b || fail "ip addr add on ul-b failed"
run ip netns exec hostb ip addr add fd31::2/64 dev ul-b nodad || fail "ip addr add on ul-b failed"
run ip netns exec hostb ip link set ul-b up
RUN_TIMEOUT=30 run ping -c 1 -w 20 172.31.0.2 > /dev/null || fail "the underlay does not carry IPv4"
RUN_TIMEOUT=30 run ping -c 1 -w 20 fd31::2 > /dev/null || fail "the underlay does not carry IPv6"

step "ovs-vswitchd on each host, br0 in fail-mode standalone"
ovs_start
onb ovsdb-tool create "$B/conf.db" /usr/share/openvswitch/vswitch.ovsschema ||
	fail "ovsdb-tool create (B) failed"
onb ovsdb-server "$B/conf.db" --remote="punix:$B/db.sock" \
	--pidfile="$B/ovsdb-server.pid" --log-file="$B/ovsdb-server.log" \
	--detach --no-chdir || fail "ovsdb-server (B) did not start"
onb ovs-vsctl --timeout=30 --no-wait init || fail "ovs-vsctl init (B) failed"
onb ovs-vswitchd "unix:$B/db.sock" --pidfile="$B/ovs-vswitchd.pid" \
	--log-file="$B/ovs-vswitchd.log" --detach --no-chdir ||
	fail "ovs-vswitchd (B) did not start"
# Megaflows idle for 10 s expire; under TCG on a loaded host a transfer's
# last packet can be that old by the time its flows are dumped.
RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-br br0 -- set-fail-mode br0 standalone \
	-- set Open_vSwitch . other_config:max-idle=60000 ||
	fail "ovs-vsctl add-br (A) failed"
RUN_TIMEOUT=90 onb ovs-vsctl --timeout=60 add-br br0 -- set-fail-mode br0 standalone \
	-- set Open_vSwitch . other_config:max-idle=60000 ||
	fail "ovs-vsctl add-br (B) failed"

step "machines ha (on A's br0) and hb (on B's br0)"
i=0
for h in ha hb; do
	i=$((i + 1))
	run ip netns add "$h" || fail "ip netns add $h failed"
	run ip link add "v-$h" type veth peer name eth0 netns "$h" || fail "veth for $h failed"
	run ip netns exec "$h" ip link set lo up
	run ip netns exec "$h" ip link set eth0 address "02:00:00:00:09:0$i"
	# Room for the outer headers on the 1500-byte underlay.
	run ip netns exec "$h" ip link set eth0 mtu 1400
	run ip netns exec "$h" ip addr add "10.9.0.$i/24" dev eth0
	run ip netns exec "$h" ip link set eth0 up
done
run ip link set v-hb netns hostb || fail "cannot move v-hb to host B"
run ip link set v-ha up
run ip netns exec hostb ip link set v-hb up
RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-port br0 v-ha || fail "ovs-vsctl add-port (A) failed"
RUN_TIMEOUT=90 onb ovs-vsctl --timeout=60 add-port br0 v-hb || fail "ovs-vsctl add-port (B) failed"

# nsping FROM TO_ADDR: three echo replies within 20 s, or fail.
nsping() {
	local out
	if ! out=$(RUN_TIMEOUT=30 run ip netns exec "$1" ping -c 3 -i 0.3 -w 20 "$2" 2>&1); then
		echo "$out"
		fail "ping from $1 to $2 failed ($TUN)"
	fi
	echo "$out" | tail -n 2
}

# nsping_refused FROM TO_ADDR: no echo reply within 3 s.
nsping_refused() {
	if RUN_TIMEOUT=30 run ip netns exec "$1" ping -c 2 -i 0.3 -w 3 "$2"; then
		fail "ping from $1 to $2 got through ($TUN)"
	fi
}


# tcp FROM TO TO_ADDR PORT: 128 KiB from FROM to a server in TO.
tcp() {
	tcp_transfer "$1" "$2" "$3" "$4" 131072 "over $TUN"
	# Flows expire 10 s after their last packet: dump them now.
	run ovs-dpctl dump-flows >> "$TEST_TMP/dump" || fail "ovs-dpctl dump-flows failed"
	onb ovs-dpctl dump-flows >> "$TEST_TMP/dump-b" || fail "ovs-dpctl dump-flows (B) failed"
}

FLOWS=$OVSVM_RESULTS/$TEST_NAME-flows.txt
: > "$FLOWS"

# tunnel NAME TYPE FAMILY(4|6) SET_RE [OPTIONS...]: a port t0 of TYPE on
# each br0, ping both ways and TCP; then A's megaflows: one that matches
# the tunnel key of what arrives from B, one whose actions match SET_RE
# (the set(tunnel(...)) towards B, as ovs-dpctl prints it).  Then the
# ports go (unless TUN_KEEP is set).
tunnel() {
	local name=$1 type=$2 fam=$3 set_re=$4 ra=172.31.0.1 rb=172.31.0.2
	local rx_re=$V4RX out
	shift 4
	TUN=$name
	if [ "$fam" = 6 ]; then
		ra=fd31::1
		rb=fd31::2
		rx_re=$V6RX
	fi
	step "$name: $type ports between A ($ra) and B ($rb)"
	RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-port br0 t0 \
		-- set interface t0 type="$type" options:remote_ip="$rb" "$@" ||
		fail "ovs-vsctl add-port of a $type port (A) failed"
	RUN_TIMEOUT=90 onb ovs-vsctl --timeout=60 add-port br0 t0 \
		-- set interface t0 type="$type" options:remote_ip="$ra" "$@" ||
		fail "ovs-vsctl add-port of a $type port (B) failed"
	nsping ha 10.9.0.2
	nsping hb 10.9.0.1
	: > "$TEST_TMP/dump"
	: > "$TEST_TMP/dump-b"
	# One way: the other carries its ACKs.
	tcp ha hb 10.9.0.2 5001
	out=$(cat "$TEST_TMP/dump")
	{ echo "### $name"; echo "$out"; } >> "$FLOWS"
	echo "$out" | grep -E "$rx_re" | grep -E 'packets:[1-9]' ||
		{ echo "$out"; fail "$name: no megaflow matching the tunnel key $rx_re"; }
	echo "$out" | grep -E "actions:.*$set_re" | grep -E 'packets:[1-9]' ||
		{ echo "$out"; fail "$name: no megaflow whose actions match $set_re"; }
	[ -z "${TUN_KEEP:-}" ] || return 0
	tunnel_del
}

tunnel_del() {
	RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 del-port br0 t0 ||
		fail "ovs-vsctl del-port (A) failed"
	RUN_TIMEOUT=90 onb ovs-vsctl --timeout=60 del-port br0 t0 ||
		fail "ovs-vsctl del-port (B) failed"
}

# What arrives on A from B, as A's megaflows match it, and A's set()
# towards B.
V4RX='tunnel\(tun_id=0x64,src=172\.31\.0\.2,dst=172\.31\.0\.1,'
V6RX='tunnel\(tun_id=0x64,ipv6_src=fd31::2,ipv6_dst=fd31::1,'
V4TX='set\(tunnel\(tun_id=0x64,dst=172\.31\.0\.2,'
V6TX='set\(tunnel\(tun_id=0x64,ipv6_dst=fd31::2,'
tunnel "VXLAN" vxlan 4 "$V4TX.*tp_dst=4789" options:key=100
tunnel "VXLAN over IPv6" vxlan 6 "$V6TX.*tp_dst=4789" options:key=100
tunnel "GRE" gre 4 "$V4TX" options:key=100
tunnel "ip6gre" ip6gre 6 "$V6TX" options:key=100
tunnel "ERSPAN v1" erspan 4 "$V4TX.*erspan\(ver=1," \
	options:key=100 options:erspan_ver=1 options:erspan_idx=7
tunnel "ERSPAN v2" erspan 4 "$V4TX.*erspan\(ver=2," \
	options:key=100 options:erspan_ver=2 options:erspan_dir=1 options:erspan_hwid=4
tunnel "ip6erspan v1" ip6erspan 6 "$V6TX.*erspan\(ver=1," \
	options:key=100 options:erspan_ver=1 options:erspan_idx=9
tunnel "ip6erspan v2" ip6erspan 6 "$V6TX.*erspan\(ver=2," \
	options:key=100 options:erspan_ver=2 options:erspan_dir=0 options:erspan_hwid=5

step "Geneve with a TLV option set on A and matched on B"
run ovs-ofctl add-tlv-map br0 "{class=0xffff,type=0x80,len=4}->tun_metadata0" ||
	fail "ovs-ofctl add-tlv-map (A) failed"
onb ovs-ofctl add-tlv-map br0 "{class=0xffff,type=0x80,len=4}->tun_metadata0" ||
	fail "ovs-ofctl add-tlv-map (B) failed"
run ovs-ofctl add-flow br0 "priority=10,in_port=v-ha,actions=set_field:0x1234->tun_metadata0,NORMAL" ||
	fail "ovs-ofctl add-flow (A) failed"
# From the tunnel (tun_id 100) only with the option, on B.
onb ovs-ofctl add-flow br0 "priority=10,tun_id=0x64,tun_metadata0=0x1234,actions=NORMAL" ||
	fail "ovs-ofctl add-flow (B) failed"
onb ovs-ofctl add-flow br0 "priority=5,tun_id=0x64,actions=drop" ||
	fail "ovs-ofctl add-flow (B) failed"
# The option A sets is in A's set(tunnel()); B matches on it, so B's
# megaflow's tunnel key holds it.
TUN_KEEP=1 tunnel "Geneve" geneve 4 \
	"$V4TX.*tp_dst=6081.*geneve\(\{class=0xffff,type=0x80,len=4,0x1234" options:key=100
out=$(cat "$TEST_TMP/dump-b")
{ echo "### Geneve, host B"; echo "$out"; } >> "$FLOWS"
echo "$out" | grep -E 'geneve\(\{class=0xffff,type=0x80,len=4,0x1234' | grep -E 'packets:[1-9]' ||
	{ echo "$out"; fail "Geneve: no megaflow on B matching the TLV option"; }
TUN="Geneve, another option value"
run ovs-ofctl mod-flows br0 "priority=10,in_port=v-ha,actions=set_field:0x9999->tun_metadata0,NORMAL" ||
	fail "ovs-ofctl mod-flows (A) failed"
nsping_refused ha 10.9.0.2
run ovs-ofctl del-flows br0 || fail "ovs-ofctl del-flows (A) failed"
onb ovs-ofctl del-flows br0 || fail "ovs-ofctl del-flows (B) failed"
run ovs-ofctl add-flow br0 "priority=0,actions=NORMAL" || fail "ovs-ofctl add-flow (A) failed"
onb ovs-ofctl add-flow br0 "priority=0,actions=NORMAL" || fail "ovs-ofctl add-flow (B) failed"
tunnel_del
tunnel "Geneve over IPv6" geneve 6 "$V6TX.*tp_dst=6081" options:key=100

step "teardown under traffic: tunnel ports and their device deleted while packets flow"
for round in 1 2; do
	TUN_KEEP=1 tunnel "VXLAN, to be deleted under traffic ($round)" vxlan 4 "$V4TX" options:key=100
	ip netns exec ha ping -q -i 0.02 -w 6 10.9.0.2 > "$TEST_TMP/flood" 2>&1 &
	fpid=$!
	sleep 1
	tunnel_del
	wait_until 20 sh -c '! grep -q vxlan_sys_4789 /proc/net/dev' ||
		fail "vxlan_sys_4789 still there after its port went (round $round)"
	wait "$fpid" || true
	cat "$TEST_TMP/flood"
done
klog_assert_clean start "while tunnel ports were deleted under traffic"

step "a set(tunnel()) without a destination is refused"
# vswitchd's own parser takes it: the refusal must be the kernel's.
if out=$(run ovs-dpctl add-flow "in_port(1),eth(),eth_type(0x0800),ipv4()" \
	"set(tunnel(tun_id=0x1,ttl=64)),1" 2>&1); then
	fail "ovs-dpctl add-flow took a tunnel without a destination"
fi
echo "$out"
echo "$out" | grep -q 'Invalid argument' ||
	fail "a tunnel without a destination was not refused with EINVAL"
ovs_assert_ours

step "del-br, stop the daemons of both hosts"
RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 del-br br0 || fail "ovs-vsctl del-br (A) failed"
RUN_TIMEOUT=90 onb ovs-vsctl --timeout=60 del-br br0 || fail "ovs-vsctl del-br (B) failed"
b_stop || fail "host B's OVS daemons did not stop"
ovs_stop || fail "the OVS daemons did not stop"
ovs_assert_vswitchd_log_clean
OVS_DIR=$B ovs_assert_vswitchd_log_clean
for h in ha hb hostb; do
	run ip netns del "$h" || fail "ip netns del $h failed"
done

step "unload"
ovs_unload
klog_assert_clean start
pass "VXLAN (v4, v6), GRE, ip6gre, ERSPAN v1/v2, ip6erspan v1/v2, Geneve (TLV matched, v4, v6): ping, TCP, tunnel keys; teardown under traffic"
