#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# OpenFlow rules (ovs-ofctl, bridges in fail-mode secure) turned by
# ovs-vswitchd 3.1 into datapath flows and actions, checked by what
# arrives in network namespaces:
#
#   filter  (br0: ns1 ns2 ns3)  ARP allowed (arping), IPv4 allowed, IPv6
#           not (no rule: dropped), TCP to port 5001 dropped while 5002
#           connects, everything from ns3's MAC dropped (dl_src);
#           output to two ports: UDP to 9000 reaches ns2 and a packet
#           socket in ns3, UDP to 9001 only ns2;
#           mod_dl_dst + mod_nw_src + mod_nw_dst + mod_tp_dst: a datagram
#           to 10.0.0.99:7000 arrives in ns2 on port 7001 from 10.0.0.77
#   vlan    (brv: ns4 tag=10, ns5 trunks=10,20 with eth0.10 and eth0.20,
#           ns6 tag=20, NORMAL): access<->trunk on both VLANs, no traffic
#           between VLAN 10 and 20 on one subnet, push_vlan/pop_vlan in the
#           datapath flows
#   mpls    (bra: ns7, brb: ns8, joined by a veth): IP pushed into MPLS
#           label 100 (push_mpls) on one bridge, popped (pop_mpls) on the
#           other, both ways; the receiving bridges accept only MPLS with
#           that label from the link, so a ping proves push and pop
#   learn   (brl: ns9 ns10): table 0 learns dl_dst -> in_port into table 1,
#           table 1 floods only multicast and drops unknown unicast: the
#           learned flows show in dump-flows and only they let the ping
#           through
#
# Every positive check has a negative twin (drop vs pass) so a rule that
# does nothing, or a datapath that drops everything, fails.
#
# ovsvm-timeout: 900 (about 330-480 s under TCG on a loaded 2-core host)

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

NSLIST="ns1 ns2 ns3 ns4 ns5 ns6 ns7 ns8 ns9 ns10"
PY=/usr/bin/python3

ovs_load
klog_mark start

# shellcheck disable=SC2317 # run by the EXIT trap
on_exit() {
	local rc=$?
	set +e
	for n in $NSLIST; do
		ip netns del "$n" 2>/dev/null
		ip link del "veth-$n" 2>/dev/null
	done
	ip link del mpls-a 2>/dev/null
	if [ "$rc" != 0 ]; then
		for b in br0 brv bra brb brl; do
			echo "--- ovs-ofctl dump-flows $b ---"
			timeout 20 ovs-ofctl dump-flows "$b" 2>/dev/null
		done
		echo "--- ovs-dpctl dump-flows ---"
		timeout 20 ovs-dpctl dump-flows 2>/dev/null
		echo "--- ovs-vswitchd.log ---"
		cat "$OVS_DIR/ovs-vswitchd.log" 2>/dev/null
		ovs_stop > /dev/null 2>&1
	fi
	return "$rc"
}
trap on_exit EXIT

cat > "$TEST_TMP/of.py" <<'EOF'
import os, socket, struct, sys, time
cmd = sys.argv[1]
# Listeners run until the STOP file exists (or 150 s have passed).
def going(stop, end=time.time() + 150):
    return not os.path.exists(stop) and time.time() < end
if cmd == "tcplisten":          # ADDR PORT... READY STOP
    addr, ports, ready, stop = sys.argv[2], sys.argv[3:-2], sys.argv[-2], sys.argv[-1]
    ls = []
    for p in ports:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr, int(p)))
        s.listen(8)
        s.settimeout(0.2)
        ls.append(s)
    open(ready, "w").close()
    while going(stop):
        for s in ls:
            try:
                c, a = s.accept()
                print("accepted on", s.getsockname()[1], "from", a[0], flush=True)
                c.close()
            except socket.timeout:
                pass
elif cmd == "tcpconnect":       # ADDR PORT TIMEOUT
    try:
        socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=float(sys.argv[4])).close()
        print("connected")
    except OSError as e:
        print("no connection:", e)
        sys.exit(1)
elif cmd == "udpsend":          # ADDR PORT COUNT
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(int(sys.argv[4])):
        s.sendto(b"ovsvm %d" % i, (sys.argv[2], int(sys.argv[3])))
        time.sleep(0.05)
elif cmd == "udprecv":          # PORT READY STOP
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", int(sys.argv[2])))
    s.settimeout(0.2)
    open(sys.argv[3], "w").close()
    while going(sys.argv[4]):
        try:
            d, a = s.recvfrom(2048)
            print("from %s to port %s: %s" % (a[0], sys.argv[2], d.decode()), flush=True)
        except socket.timeout:
            pass
elif cmd == "sniff":            # IFACE UDPPORT READY STOP: count IPv4 UDP frames
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    s.bind((sys.argv[2], 0))
    s.settimeout(0.2)
    open(sys.argv[4], "w").close()
    port, n = int(sys.argv[3]), 0
    while going(sys.argv[5]):
        try:
            f, a = s.recvfrom(65535)
        except socket.timeout:
            continue
        if a[2] == socket.PACKET_OUTGOING or len(f) < 42 or f[12:14] != b"\x08\x00" or f[23] != 17:
            continue
        ihl = (f[14] & 15) * 4
        if struct.unpack("!H", f[14 + ihl + 2:14 + ihl + 4])[0] == port:
            n += 1
    print(n)
EOF

# bg NS OUTFILE ARGS...: start the listener of.py ARGS READY STOP in NS
# in the background and wait until it is ready; bg_wait stops them all.
BG_PIDS=
STOP=$TEST_TMP/stop
bg() {
	local ns=$1 out=$2 ready _
	shift 2
	ready=$TEST_TMP/ready.$(basename "$out")
	rm -f "$ready" "$STOP"
	ip netns exec "$ns" timeout 170 "$PY" "$TEST_TMP/of.py" "$@" "$ready" "$STOP" > "$out" 2>&1 &
	BG_PIDS="$BG_PIDS $!"
	wait_until 30 test -e "$ready" && return 0
	cat "$out"
	fail "of.py $1 in $ns did not get ready"
}

bg_wait() {
	local p
	# Let the last packets arrive.
	sleep 1
	touch "$STOP"
	for p in $BG_PIDS; do
		wait "$p" || true
	done
	BG_PIDS=
}

# nsadd NS BRIDGE OFPORT MAC [ADDR/LEN] [PORT-OPTIONS...]
nsadd() {
	local ns=$1 br=$2 ofp=$3 mac=$4 addr=${5:-}
	shift 4
	[ $# -gt 0 ] && shift
	run ip netns add "$ns" || fail "ip netns add $ns failed"
	# No IPv6 unless asked for: its autoconfiguration sends untagged
	# router solicitations from the trunk port's namespace, which
	# vswitchd drops with a WARN, and upcalls that only slow the test.
	run ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	run ip link add "veth-$ns" type veth peer name eth0 netns "$ns" || fail "veth for $ns failed"
	run ip netns exec "$ns" ip link set lo up
	run ip netns exec "$ns" ip link set eth0 address "$mac"
	[ -z "$addr" ] || run ip netns exec "$ns" ip addr add "$addr" dev eth0
	run ip netns exec "$ns" ip link set eth0 up
	run ip link set "veth-$ns" up
	RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-port "$br" "veth-$ns" "$@" -- \
		set interface "veth-$ns" ofport_request="$ofp" || fail "add-port $br veth-$ns failed"
}

addbr() {
	RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-br "$1" -- set-fail-mode "$1" secure ||
		fail "ovs-vsctl add-br $1 failed"
}

flows() {   # flows BRIDGE < rules
	local br=$1
	cat > "$TEST_TMP/flows.$br"
	run ovs-ofctl del-flows "$br" || fail "ovs-ofctl del-flows $br failed"
	run ovs-ofctl add-flows "$br" "$TEST_TMP/flows.$br" || fail "ovs-ofctl add-flows $br failed"
	cat "$TEST_TMP/flows.$br"
}

# ping_ok / ping_no NS ADDR [ping options]
ping_ok() {
	local ns=$1 a=$2 out
	shift 2
	out=$(RUN_TIMEOUT=40 run ip netns exec "$ns" ping "$@" -c 3 -i 0.3 -w 20 "$a" 2>&1) ||
		{ echo "$out"; fail "ping from $ns to $a failed"; }
	echo "$out" | tail -n 2
}
ping_no() {
	local ns=$1 a=$2 out
	shift 2
	if out=$(RUN_TIMEOUT=20 run ip netns exec "$ns" ping "$@" -c 2 -i 0.3 -w 4 "$a" 2>&1); then
		echo "$out"
		fail "ping from $ns to $a went through; it must not"
	fi
	echo "$out" | tail -n 2
	echo "(no answer, as it should be)"
}

dpflows() {
	run ovs-dpctl dump-flows > "$TEST_TMP/dpflows" || fail "ovs-dpctl dump-flows failed"
	cat "$TEST_TMP/dpflows" >> "$OVSVM_RESULTS/$TEST_NAME-dpflows.txt"
}

step "start the daemons"
ovs_start
: > "$OVSVM_RESULTS/$TEST_NAME-dpflows.txt"

# ---------------------------------------------------------------------------
step "filter: br0 with ns1 ns2 ns3"
addbr br0
nsadd ns1 br0 1 02:00:00:00:01:01 10.0.0.1/24
nsadd ns2 br0 2 02:00:00:00:01:02 10.0.0.2/24
nsadd ns3 br0 3 02:00:00:00:01:03 10.0.0.3/24
for n in ns1 ns2; do
	run ip netns exec "$n" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0
	run ip netns exec "$n" ip addr add "fd00::${n#ns}/64" dev eth0 nodad
done
# Whatever reaches 10.0.0.99 must come from the rewrite rule, via this
# static neighbour entry: no one answers ARP for .99.
run ip netns exec ns1 ip neigh add 10.0.0.99 lladdr 02:00:00:00:01:99 dev eth0
flows br0 <<'EOF'
priority=300,dl_src=02:00:00:00:01:03,actions=drop
priority=200,tcp,nw_dst=10.0.0.2,tp_dst=5001,actions=drop
priority=200,udp,in_port=1,nw_dst=10.0.0.2,tp_dst=9000,actions=output:2,output:3
priority=200,udp,in_port=1,nw_dst=10.0.0.99,tp_dst=7000,actions=mod_dl_dst:02:00:00:00:01:02,mod_nw_src:10.0.0.77,mod_nw_dst:10.0.0.2,mod_tp_dst:7001,output:2
priority=50,arp,actions=NORMAL
priority=10,ip,actions=NORMAL
EOF

step "ARP allowed: arping ns1 -> ns2"
RUN_TIMEOUT=30 run ip netns exec ns1 arping -c 2 -w 15 -I eth0 10.0.0.2 ||
	fail "arping from ns1 to ns2 got no reply"

step "IPv4 allowed, IPv6 dropped (no rule)"
ping_ok ns1 10.0.0.2
ping_ok ns2 10.0.0.1
ping_no ns1 fd00::2

step "dl_src: everything from ns3's MAC dropped"
ping_no ns3 10.0.0.1

step "tcp: port 5001 dropped, 5002 connects"
bg ns2 "$TEST_TMP/tcplisten.out" tcplisten 10.0.0.2 5001 5002
RUN_TIMEOUT=30 run ip netns exec ns1 "$PY" "$TEST_TMP/of.py" tcpconnect 10.0.0.2 5002 15 ||
	fail "TCP to 10.0.0.2:5002 failed; it is allowed"
if RUN_TIMEOUT=30 run ip netns exec ns1 "$PY" "$TEST_TMP/of.py" tcpconnect 10.0.0.2 5001 4; then
	fail "TCP to 10.0.0.2:5001 connected; the rule drops it"
fi
bg_wait
cat "$TEST_TMP/tcplisten.out"
grep -q 'accepted on 5002' "$TEST_TMP/tcplisten.out" || fail "the listener saw no connection on 5002"
! grep -q 'accepted on 5001' "$TEST_TMP/tcplisten.out" || fail "the listener saw a connection on 5001"

step "output to two ports: UDP 9000 reaches ns2 and ns3, UDP 9001 only ns2"
bg ns2 "$TEST_TMP/recv9000" udprecv 9000
bg ns2 "$TEST_TMP/recv9001" udprecv 9001
bg ns3 "$TEST_TMP/sniff9000" sniff eth0 9000
bg ns3 "$TEST_TMP/sniff9001" sniff eth0 9001
run ip netns exec ns1 "$PY" "$TEST_TMP/of.py" udpsend 10.0.0.2 9000 5 || fail "udpsend failed"
run ip netns exec ns1 "$PY" "$TEST_TMP/of.py" udpsend 10.0.0.2 9001 5 || fail "udpsend failed"
bg_wait
r9000=$(grep -c '^from 10.0.0.1 ' "$TEST_TMP/recv9000" || true)
r9001=$(grep -c '^from 10.0.0.1 ' "$TEST_TMP/recv9001" || true)
s9000=$(cat "$TEST_TMP/sniff9000")
s9001=$(cat "$TEST_TMP/sniff9001")
echo "ns2 received: port 9000 $r9000, port 9001 $r9001; ns3 saw: port 9000 $s9000, port 9001 $s9001"
[ "$r9000" = 5 ] || fail "ns2 received $r9000 of 5 datagrams to 9000"
[ "$r9001" = 5 ] || fail "ns2 received $r9001 of 5 datagrams to 9001"
[ "$s9000" = 5 ] || fail "ns3 saw $s9000 of the 5 datagrams to 9000 (output to two ports)"
[ "$s9001" = 0 ] || fail "ns3 saw $s9001 datagrams to 9001; only ns2 should"

step "rewrite: to 10.0.0.99:7000 becomes 10.0.0.77 -> 10.0.0.2:7001"
bg ns2 "$TEST_TMP/recv7001" udprecv 7001
bg ns2 "$TEST_TMP/recv7000" udprecv 7000
run ip netns exec ns1 "$PY" "$TEST_TMP/of.py" udpsend 10.0.0.99 7000 3 || fail "udpsend failed"
bg_wait
cat "$TEST_TMP/recv7001" "$TEST_TMP/recv7000"
n=$(grep -c '^from 10.0.0.77 to port 7001' "$TEST_TMP/recv7001" || true)
[ "$n" = 3 ] || fail "ns2 got $n of 3 rewritten datagrams (from 10.0.0.77 on port 7001)"
[ ! -s "$TEST_TMP/recv7000" ] || fail "datagrams arrived on port 7000: mod_tp_dst not applied"
dpflows
grep -q 'set(ipv4(src=10.0.0.77' "$TEST_TMP/dpflows" ||
	grep -q 'set(ipv4(src=10.0.0.77' "$OVSVM_RESULTS/$TEST_NAME-dpflows.txt" ||
	echo "note: no set(ipv4(src=10.0.0.77...)) flow left in the dump (expired?)"

# ---------------------------------------------------------------------------
step "vlan: brv with access ports tag 10 (ns4), 20 (ns6) and a trunk 10,20 (ns5)"
addbr brv
flows brv <<'EOF'
priority=0,actions=NORMAL
EOF
nsadd ns4 brv 1 02:00:00:00:02:04 10.10.0.4/24 -- set port veth-ns4 tag=10
nsadd ns5 brv 2 02:00:00:00:02:05 "" -- set port veth-ns5 trunks=10,20
nsadd ns6 brv 3 02:00:00:00:02:06 10.10.0.6/24 -- set port veth-ns6 tag=20
for v in 10 20; do
	run ip netns exec ns5 ip link add link eth0 name "eth0.$v" type vlan id "$v" || fail "eth0.$v in ns5 failed"
	run ip netns exec ns5 ip addr add "10.$v.0.5/24" dev "eth0.$v"
	run ip netns exec ns5 ip link set "eth0.$v" up
done
# ns6 is on VLAN 20 but numbered in VLAN 10's subnet: only VLAN
# separation keeps ns4 from reaching it.  Its own way to ns5 is 10.20/16.
run ip netns exec ns6 ip addr add 10.20.0.6/24 dev eth0
ping_ok ns4 10.10.0.5
ping_ok ns5 10.10.0.4
ping_ok ns6 10.20.0.5
ping_ok ns5 10.20.0.6
ping_no ns4 10.10.0.6
dpflows
grep -Eq 'push_vlan\(vid=10' "$TEST_TMP/dpflows" || fail "no push_vlan(vid=10) in the datapath flows"
grep -Eq 'push_vlan\(vid=20' "$TEST_TMP/dpflows" || fail "no push_vlan(vid=20) in the datapath flows"
grep -q 'pop_vlan' "$TEST_TMP/dpflows" || fail "no pop_vlan in the datapath flows"

# ---------------------------------------------------------------------------
step "mpls: bra (ns7) and brb (ns8) joined by veth mpls-a/mpls-b"
addbr bra
addbr brb
nsadd ns7 bra 1 02:00:00:00:03:07 10.30.0.7/24
nsadd ns8 brb 1 02:00:00:00:03:08 10.30.0.8/24
run ip link add mpls-a type veth peer name mpls-b || fail "veth mpls-a failed"
run ip link set mpls-a up
run ip link set mpls-b up
RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-port bra mpls-a -- set interface mpls-a ofport_request=2 ||
	fail "add-port bra mpls-a failed"
RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-port brb mpls-b -- set interface mpls-b ofport_request=2 ||
	fail "add-port brb mpls-b failed"
for b in bra brb; do
	flows "$b" <<'EOF'
priority=100,in_port=1,arp,actions=output:2
priority=100,in_port=2,arp,actions=output:1
priority=100,in_port=1,ip,actions=push_mpls:0x8847,set_field:100->mpls_label,output:2
priority=100,in_port=2,mpls,mpls_label=100,actions=pop_mpls:0x0800,output:1
EOF
done
ping_ok ns7 10.30.0.8
ping_ok ns8 10.30.0.7
dpflows
grep -q 'push_mpls(label=100' "$TEST_TMP/dpflows" || fail "no push_mpls(label=100,...) in the datapath flows"
grep -q 'pop_mpls(eth_type=0x800)' "$TEST_TMP/dpflows" || fail "no pop_mpls(eth_type=0x800) in the datapath flows"
step "mpls: a label the far side does not accept is dropped"
flows bra <<'EOF'
priority=100,in_port=1,arp,actions=output:2
priority=100,in_port=2,arp,actions=output:1
priority=100,in_port=1,ip,actions=push_mpls:0x8847,set_field:200->mpls_label,output:2
priority=100,in_port=2,mpls,mpls_label=100,actions=pop_mpls:0x0800,output:1
EOF
ping_no ns7 10.30.0.8

# ---------------------------------------------------------------------------
step "learn: brl (ns9, ns10) learns MAC -> port into table 1"
addbr brl
nsadd ns9 brl 1 02:00:00:00:04:09 10.40.0.9/24
nsadd ns10 brl 2 02:00:00:00:04:0a 10.40.0.10/24
flows brl <<'EOF'
table=0,priority=0,actions=learn(table=1,priority=10,hard_timeout=300,NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],output:NXM_OF_IN_PORT[]),resubmit(,1)
table=1,priority=5,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=FLOOD
table=1,priority=0,actions=drop
EOF
ping_ok ns9 10.40.0.10
out=$(run ovs-ofctl dump-flows brl table=1) || fail "ovs-ofctl dump-flows brl failed"
echo "$out"
echo "$out" | grep -Eq 'priority=10,dl_dst=02:00:00:00:04:09 actions=output:(1|"veth-ns9")' ||
	fail "no learned flow dl_dst=02:00:00:00:04:09 -> port 1 in table 1"
echo "$out" | grep -Eq 'priority=10,dl_dst=02:00:00:00:04:0a actions=output:(2|"veth-ns10")' ||
	fail "no learned flow dl_dst=02:00:00:00:04:0a -> port 2 in table 1"
step "learn: without learning, unicast is dropped"
flows brl <<'EOF'
table=0,priority=0,actions=resubmit(,1)
table=1,priority=5,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=FLOOD
table=1,priority=0,actions=drop
EOF
run ip netns exec ns9 ip neigh flush dev eth0
run ip netns exec ns10 ip neigh flush dev eth0
ping_no ns9 10.40.0.10

ovs_assert_ours

# ---------------------------------------------------------------------------
step "tear down"
# Bridges first: ports vanishing under vswitchd are WARNs in its log.
for b in br0 brv bra brb brl; do
	run ovs-vsctl --timeout=60 del-br "$b" || fail "ovs-vsctl del-br $b failed"
done
for n in $NSLIST; do
	run ip netns del "$n" || fail "ip netns del $n failed"
done
run ip link del mpls-a
ovs_stop || fail "the OVS daemons did not stop"

ovs_assert_vswitchd_log_clean

ovs_unload
klog_assert_clean start
pass "OpenFlow filter, multi-output, rewrite, VLAN access/trunk, MPLS push/pop, learn"
