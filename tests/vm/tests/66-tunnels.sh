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
# device) deleted on both hosts under a ping flood, twice; a namespace
# with a datapath and legacy tunnel ports deleted under a flood, twice
# (the tunnel drivers released, no device left held).  The legacy
# vport types (gre, vxlan, geneve: the datapath makes the device) on a
# datapath of their own per host, with static flows: reported back, ping
# through vxlan (also VLAN 10 tagged inside it) and gre, trunc(200) before
# the gre port (B's flow counts 200-byte frames), refusals, devices gone
# with port and datapath; ours: A's legacy ports still attached when the
# module is unloaded (their devices go with it, the tunnel drivers are
# released, no kernel warning).
#
# ovsvm-timeout: 1500 (about 900 s under TCG on a loaded 2-core host)

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

# Packets in flight when a tunnel port goes: the teardown steps, the end
# of each type's transfers.
tunnel_log_ignore

ovs_load
klog_mark start

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
		cat "${B:-}/ovs-vswitchd.log" 2>/dev/null
		hostb_stop > /dev/null 2>&1
		ovs_stop > /dev/null 2>&1
	fi
	[ -z "${fpid:-}" ] || kill "$fpid" 2>/dev/null
	ip link del vxs 2>/dev/null
	ip netns del tn 2>/dev/null
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

hostb_setup hostb ul-a ul-b 172.31.0 fd31

step "ovs-vswitchd on each host, br0 in fail-mode standalone"
ovs_start
hostb_start
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
	fpid=
	cat "$TEST_TMP/flood"
done
klog_assert_clean start "while tunnel ports were deleted under traffic"

VPORT_PY=$(dirname "$OVSVM_LIB")/tests/ovs-vport.py
step "a namespace with a datapath and tunnel ports deleted under traffic, twice"
# Namespace tn: a datapath (not vswitchd's) with the legacy vxlan, gre
# and geneve ports, an underlay veth to host A (172.30.0.x).  A plain
# vxlan device on A floods it; tn's flow sends what arrives back out
# through gre and geneve with set(tunnel()), so packets are in both
# directions when the namespace goes.  Its exit must tear down the
# datapath and the ports: ours then lets go of the tunnel drivers, and no
# device is left waiting for a reference.
refcnts() {
	local m
	for m in vxlan geneve ip_gre; do
		printf '%s=%s ' "$m" "$(cat "/sys/module/$m/refcnt" 2>/dev/null)"
	done
}
refcnts_back() {
	[ "$(refcnts)" = "$before" ]
}
before=$(refcnts)
for round in 1 2; do
	run ip netns add tn || fail "ip netns add tn failed"
	run ip link add tu-a type veth peer name tu-b netns tn || fail "veth tu-a failed"
	run ip addr add 172.30.0.2/24 dev tu-a
	run ip link set tu-a up
	run ip netns exec tn ip addr add 172.30.0.1/24 dev tu-b
	run ip netns exec tn ip link set tu-b up
	run ip netns exec tn ovs-dpctl add-dp tdp || fail "ovs-dpctl add-dp tdp (tn) failed"
	run ip netns exec tn /usr/bin/python3 "$VPORT_PY" add tdp tvx vxlan 4799 ||
		fail "the legacy vxlan port in tn was refused"
	run ip netns exec tn /usr/bin/python3 "$VPORT_PY" add tdp tgre gre ||
		fail "the legacy gre port in tn was refused"
	run ip netns exec tn /usr/bin/python3 "$VPORT_PY" add tdp tgnv geneve 6099 ||
		fail "the legacy geneve port in tn was refused"
	run ip netns exec tn ovs-dpctl add-flow tdp \
		"tunnel(tun_id=0x64,src=172.30.0.2,dst=172.30.0.1,ttl=64),in_port(1),eth(),eth_type(0x0800),ipv4()" \
		"set(tunnel(tun_id=0x64,dst=172.30.0.2,ttl=64,flags(key))),2,3" ||
		fail "add-flow in tn failed"
	run ip link add vxs type vxlan id 100 remote 172.30.0.1 local 172.30.0.2 dstport 4799 ||
		fail "the sending vxlan device failed"
	run ip addr add 10.77.0.2/24 dev vxs
	run ip link set vxs up
	run ip neigh add 10.77.0.1 lladdr 02:00:00:00:77:01 dev vxs
	ping -q -i 0.01 -w 60 10.77.0.1 > /dev/null 2>&1 &
	fpid=$!
	wait_until 10 sh -c "ip netns exec tn ovs-dpctl dump-flows tdp | grep -q 'packets:[1-9]'" ||
		fail "no packet through tn's datapath (round $round)"
	out=$(run ip netns exec tn ovs-dpctl dump-flows tdp)
	echo "$out"
	echo "$out" | grep -q 'tunnel(tun_id=0x64,src=172.30.0.2,dst=172.30.0.1' ||
		fail "tn's megaflow has no tunnel key from vxs (round $round)"
	echo "tunnel drivers' refcounts: $(refcnts)(before tn: $before)"
	# The check below means something only if tn's ports hold them.
	[ "$OVSVM_MODE" = reference ] || ! refcnts_back ||
		fail "tn's legacy ports hold no tunnel driver: $(refcnts)"
	run ip netns del tn || fail "ip netns del tn failed (round $round)"
	wait_until 30 sh -c '! grep -q "tu-a:" /proc/net/dev' ||
		fail "tu-a is still there 30 s after tn went (round $round)"
	if [ "$OVSVM_MODE" != reference ]; then
		wait_until 30 refcnts_back ||
			fail "the tunnel drivers are still held after tn went: $(refcnts), before: $before (round $round)"
	fi
	kill "$fpid"
	wait "$fpid" || true
	fpid=
	run ip link del vxs
done
klog_assert_clean start "while namespaces with tunnel ports were deleted under traffic"

step "legacy vport types: the datapath makes the gre, vxlan and geneve devices"
# ovs-vswitchd asks for these when it cannot create tunnel devices itself
# (ovs-dpctl add-if always tries rtnetlink first): ovs-vport.py sends the
# same OVS_VPORT_CMD_NEW.  A datapath lg on each host, not vswitchd's, with
# static flows; a second veth into each machine (10.10.0.x, static
# neighbours: only IPv4 needs flows).
for i in 1 2; do
	h=ha; [ "$i" = 2 ] && h=hb
	run ip link add "lg-$h" type veth peer name eth1 netns "$h" || fail "veth lg-$h failed"
	run ip netns exec "$h" ip link set eth1 address "02:00:00:00:0a:0$i" mtu 1400 up
	run ip netns exec "$h" ip addr add "10.10.0.$i/24" dev eth1
done
run ip netns exec ha ip neigh add 10.10.0.2 lladdr 02:00:00:00:0a:02 dev eth1
run ip netns exec hb ip neigh add 10.10.0.1 lladdr 02:00:00:00:0a:01 dev eth1
run ip link set lg-hb netns hostb || fail "cannot move lg-hb to host B"
onlg() { # HOST(a|b) CMD...: CMD in that host's namespace
	if [ "$1" = a ]; then shift; run "$@"; else shift; run ip netns exec hostb "$@"; fi
}
# vport_add HOST NAME TYPE [DST_PORT [gbp]] REPORT_RE: the echo of the new
# port (type and options as the datapath reports them) matches REPORT_RE.
vport_add() {
	local x=$1 n=$2 re=${*: -1} out
	set -- "${@:2:$#-2}"
	out=$(onlg "$x" /usr/bin/python3 "$VPORT_PY" add lg "$@") ||
		{ echo "$out"; fail "the legacy port $n ($x) was refused"; }
	echo "$out"
	echo "$out" | grep -qE "$re" || fail "the new port $n was reported as: $out"
}
for x in a b; do
	onlg "$x" ovs-dpctl add-dp lg || fail "ovs-dpctl add-dp lg ($x) failed"
	onlg "$x" ip link set "lg-h$x" up
	onlg "$x" ovs-dpctl add-if lg "lg-h$x" || fail "ovs-dpctl add-if lg-h$x failed"
	vport_add "$x" lvx vxlan 4790 'type vxlan, dst_port 4790$'
	vport_add "$x" lgre gre 'type gre$'
	vport_add "$x" lgnv geneve 6090 'type geneve, dst_port 6090$'
	vport_add "$x" lvxg vxlan 4792 gbp 'type vxlan, dst_port 4792, gbp$'
done
out=$(run ovs-dpctl show lg) || fail "ovs-dpctl show lg failed"
{ echo "### legacy ports, host A"; echo "$out"; } >> "$FLOWS"
echo "$out"
for re in 'port 2: lvx \(vxlan' 'port 3: lgre \(gre' 'port 4: lgnv \(geneve' 'port 5: lvxg \(vxlan'; do
	echo "$out" | grep -qE "$re" || fail "ovs-dpctl show: no line matching $re"
done
for d in lvx lgre lgnv lvxg; do
	grep -q "$d:" /proc/net/dev || fail "no device $d on host A"
done

step "legacy ports refuse what in-tree refuses and leave nothing behind"
if run /usr/bin/python3 "$VPORT_PY" add lg lbad vxlan; then
	fail "a vxlan port without a UDP port was taken"
fi
# One metadata-mode gretap per namespace: lgre is it.
if run /usr/bin/python3 "$VPORT_PY" add lg lbad gre; then
	fail "a second gre port was taken"
fi
! grep -q 'lbad:' /proc/net/dev || fail "a refused port left its device behind"
[ "$(run ovs-dpctl show lg | grep -c 'port [0-9]')" = 6 ] ||
	fail "a refused port is in the datapath"

# legacy NAME PORT TUN_ID SET_EXTRA: A and B forward 10.10.0.x through
# their port PORT, ping both ways, A's flow from the tunnel matched.
legacy() {
	local name=$1 p=$2 id=$3 extra=$4 out x me peer
	TUN="legacy $name"
	for x in a b; do
		me=172.31.0.1 peer=172.31.0.2
		[ "$x" = b ] && me=172.31.0.2 peer=172.31.0.1
		onlg "$x" ovs-dpctl del-flows lg
		onlg "$x" ovs-dpctl add-flow lg "in_port(1),eth(),eth_type(0x0800),ipv4()" \
			"set(tunnel(tun_id=$id,dst=$peer,ttl=64${extra}flags(key))),$p" ||
			fail "$TUN: add-flow towards the tunnel ($x) failed"
		onlg "$x" ovs-dpctl add-flow lg \
			"tunnel(tun_id=$id,src=$peer,dst=$me,ttl=64),in_port($p),eth(),eth_type(0x0800),ipv4()" 1 ||
			fail "$TUN: add-flow from the tunnel ($x) failed"
	done
	nsping ha 10.10.0.2
	nsping hb 10.10.0.1
	out=$(run ovs-dpctl dump-flows lg) || fail "ovs-dpctl dump-flows lg failed"
	{ echo "### $TUN, host A"; echo "$out"; } >> "$FLOWS"
	echo "$out" | grep -E "tunnel\(tun_id=$id,src=172\.31\.0\.2,dst=172\.31\.0\.1" |
		grep -E 'packets:[1-9]' || { echo "$out"; fail "$TUN: no packets from the tunnel"; }
	echo "$out" | grep -E "set\(tunnel\(tun_id=$id,dst=172\.31\.0\.2" |
		grep -E 'packets:[1-9]' || { echo "$out"; fail "$TUN: no packets into the tunnel"; }
}
legacy vxlan 2 0x65 ",tp_dst=4790,"

# VLAN inside VXLAN: the machines' VLAN 10 carried tagged through lvx.
TUN="VLAN 10 inside legacy vxlan"
for i in 1 2; do
	h=ha; [ "$i" = 2 ] && h=hb
	run ip netns exec "$h" ip link add link eth1 name eth1.10 type vlan id 10
	run ip netns exec "$h" ip addr add "10.11.0.$i/24" dev eth1.10
	run ip netns exec "$h" ip link set eth1.10 up
done
run ip netns exec ha ip neigh add 10.11.0.2 lladdr 02:00:00:00:0a:02 dev eth1.10
run ip netns exec hb ip neigh add 10.11.0.1 lladdr 02:00:00:00:0a:01 dev eth1.10
for x in a b; do
	me=172.31.0.1 peer=172.31.0.2
	[ "$x" = b ] && me=172.31.0.2 peer=172.31.0.1
	onlg "$x" ovs-dpctl add-flow lg \
		"in_port(1),eth(),eth_type(0x8100),vlan(vid=10),encap(eth_type(0x0800),ipv4())" \
		"set(tunnel(tun_id=0x67,dst=$peer,ttl=64,tp_dst=4790,flags(key))),2" ||
		fail "$TUN: add-flow towards the tunnel ($x) failed"
	onlg "$x" ovs-dpctl add-flow lg \
		"tunnel(tun_id=0x67,src=$peer,dst=$me,ttl=64),in_port(2),eth(),eth_type(0x8100),vlan(vid=10),encap(eth_type(0x0800),ipv4())" 1 ||
		fail "$TUN: add-flow from the tunnel ($x) failed"
done
nsping ha 10.11.0.2
nsping hb 10.11.0.1
out=$(run ovs-dpctl dump-flows lg) || fail "ovs-dpctl dump-flows lg failed"
{ echo "### $TUN, host A"; echo "$out"; } >> "$FLOWS"
echo "$out" | grep -E 'tunnel\(tun_id=0x67,src=172\.31\.0\.2,dst=172\.31\.0\.1' |
	grep -E 'vlan\(vid=10' | grep -E 'packets:[1-9]' ||
	{ echo "$out"; fail "$TUN: no tagged packets from the tunnel"; }
legacy gre 3 0x66 ","

step "trunc(200) before output to a GRE port: B receives 200-byte frames"
# B's flow counts the frames as its gre port hands them up: their length
# is what crossed the tunnel.  Truncated echo requests get no reply.
TUN="trunc to legacy gre"
for x in a b; do
	onlg "$x" ovs-dpctl del-flows lg
done
onlg a ovs-dpctl add-flow lg "in_port(1),eth(),eth_type(0x0800),ipv4()" \
	"trunc(200),set(tunnel(tun_id=0x68,dst=172.31.0.2,ttl=64,flags(key))),3" ||
	fail "$TUN: add-flow towards the tunnel (a) failed"
onlg b ovs-dpctl add-flow lg \
	"tunnel(tun_id=0x68,src=172.31.0.1,dst=172.31.0.2,ttl=64),in_port(3),eth(),eth_type(0x0800),ipv4()" 1 ||
	fail "$TUN: add-flow from the tunnel (b) failed"
# 1042-byte frames (1000 bytes of ICMP data).
run ip netns exec ha ping -c 3 -i 0.3 -W 1 -s 1000 10.10.0.2 || true
for x in a b; do
	out=$(onlg "$x" ovs-dpctl dump-flows lg) || fail "ovs-dpctl dump-flows lg ($x) failed"
	{ echo "### $TUN, host $x"; echo "$out"; } >> "$FLOWS"
	echo "$out"
	if [ "$x" = a ]; then
		line=$(echo "$out" | grep -F 'actions:trunc(200),set(tunnel(tun_id=0x68,') ||
			fail "$TUN: A's flow does not truncate"
		len=1042
	else
		line=$(echo "$out" | grep -F 'tunnel(tun_id=0x68,src=172.31.0.1,dst=172.31.0.2,') ||
			fail "$TUN: B has no flow from the tunnel"
		len=200
	fi
	n=$(echo "$line" | sed -n 's/.*packets:\([0-9]*\), bytes:\([0-9]*\),.*/\1 \2/p')
	# shellcheck disable=SC2086 # two numbers
	set -- $n
	if [ "${1:-0}" -lt 1 ] || [ "$2" != $(($1 * len)) ]; then
		fail "$TUN: host $x counted ${1:-?} packets, ${2:-?} bytes, not $len bytes each"
	fi
done

step "a legacy port's device goes with its port, the others with the datapath"
run /usr/bin/python3 "$VPORT_PY" del lg lvx || fail "deleting the legacy vxlan port failed"
! grep -q 'lvx:' /proc/net/dev || fail "lvx is still there after its port went"
# Ours: A's lg stays, with its gre, geneve and vxlan ports, for the
# unload.  In-tree's legacy types are modules of their own, which hold
# openvswitch and are held by their ports: they all go first.
lg_hosts="b"
[ "$OVSVM_MODE" = reference ] && lg_hosts="a b"
for x in $lg_hosts; do
	onlg "$x" ovs-dpctl del-dp lg || fail "ovs-dpctl del-dp lg ($x) failed"
done
for d in lvx lgre lgnv lvxg; do
	! ip netns exec hostb grep -q "$d:" /proc/net/dev ||
		fail "$d (host B) is still there after its datapath went"
	[ "$OVSVM_MODE" = reference ] || continue
	! grep -q "$d:" /proc/net/dev || fail "$d is still there after its datapath went"
done
[ "$OVSVM_MODE" = reference ] && run modprobe -r vport_vxlan vport_gre vport_geneve

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
hostb_stop || fail "host B's OVS daemons did not stop"
ovs_stop || fail "the OVS daemons did not stop"
ovs_assert_vswitchd_log_clean
OVS_DIR=$B ovs_assert_vswitchd_log_clean
for h in ha hb hostb; do
	run ip netns del "$h" || fail "ip netns del $h failed"
done

step "unload"
if [ "$OVSVM_MODE" != reference ]; then
	for d in lgre lgnv lvxg; do
		grep -q "$d:" /proc/net/dev || fail "$d went before the module"
	done
fi
ovs_unload
for d in lgre lgnv lvxg; do
	! grep -q "$d:" /proc/net/dev || fail "$d is still there after the module went"
done
if [ "$OVSVM_MODE" != reference ]; then
	# Ours holds the tunnel drivers only while a legacy port exists.
	for m in vxlan geneve ip_gre; do
		[ "$(cat "/sys/module/$m/refcnt")" = 0 ] ||
			fail "$m is still held ($(cat "/sys/module/$m/refcnt")) after the module went"
	done
fi
klog_assert_clean start
pass "VXLAN (v4, v6), GRE, ip6gre, ERSPAN v1/v2, ip6erspan v1/v2, Geneve (TLV matched, v4, v6): ping, TCP, tunnel keys; teardown under traffic; legacy vxlan/gre/geneve vports: made, reported, ping through vxlan (and VLAN inside it) and gre, trunc before gre, deleted, unloaded with ports"
