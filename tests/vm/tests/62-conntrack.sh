#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Conntrack through ovs-vswitchd 3.1 and OpenFlow ct() rules, between two
# namespaces on br0 (ns1 inside on port 1, ns2 outside on port 2):
#
#   a stateful firewall: connections from ns1 are committed in zone 1 with
#   ct_mark 0x5 and ct_label 0xabc; only established packets of a
#   connection whose mark and label match come back, so TCP and ping from
#   ns1 to ns2 work, while new connections from ns2 (TCP, ping) are
#   dropped; ovs-dpctl dump-conntrack shows the entries in zone 1 with
#   that mark and label (and none in zone 2), flush-conntrack zone=1
#   empties the zone.
#
# ovsvm-timeout: 400

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

PY=/usr/bin/python3

ovs_load
klog_mark start

# shellcheck disable=SC2317 # run by the EXIT trap
on_exit() {
	local rc=$?
	set +e
	for n in ns1 ns2; do
		ip netns del "$n" 2>/dev/null
		ip link del "veth-$n" 2>/dev/null
	done
	if [ "$rc" != 0 ]; then
		echo "--- ovs-ofctl dump-flows br0 ---"
		timeout 20 ovs-ofctl dump-flows br0 2>/dev/null
		# Lookups hit, missed and lost: whether packets reached the
		# datapath and their upcalls vswitchd.
		echo "--- ovs-dpctl show ---"
		timeout 20 ovs-dpctl show 2>/dev/null
		echo "--- ovs-dpctl dump-flows ---"
		timeout 20 ovs-dpctl dump-flows 2>/dev/null
		echo "--- ovs-dpctl dump-conntrack ---"
		timeout 20 ovs-dpctl dump-conntrack 2>/dev/null
		echo "--- ovs-vswitchd.log ---"
		cat "$OVS_DIR/ovs-vswitchd.log" 2>/dev/null
		ovs_stop > /dev/null 2>&1
	fi
	return "$rc"
}
trap on_exit EXIT

cat > "$TEST_TMP/ct.py" <<'EOF'
import os, socket, sys, time
if sys.argv[1] == "listen":       # ADDR PORT READY STOP
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((sys.argv[2], int(sys.argv[3])))
    s.listen(8)
    s.settimeout(0.2)
    open(sys.argv[4], "w").close()
    end = time.time() + 150
    while not os.path.exists(sys.argv[5]) and time.time() < end:
        try:
            c, a = s.accept()
            c.sendall(b"hello")
            c.close()
        except socket.timeout:
            pass
else:                             # connect ADDR PORT TIMEOUT
    try:
        c = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=float(sys.argv[4]))
        if c.recv(5) != b"hello":
            sys.exit("no data")
        print("connected")
    except OSError as e:
        sys.exit("no connection: %s" % e)
EOF

BG_PIDS=
STOP=$TEST_TMP/stop
listen() {   # listen NS ADDR PORT
	local ready=$TEST_TMP/ready.$1.$3
	rm -f "$ready" "$STOP"
	ip netns exec "$1" timeout 170 "$PY" "$TEST_TMP/ct.py" listen "$2" "$3" "$ready" "$STOP" &
	BG_PIDS="$BG_PIDS $!"
	wait_until 30 test -e "$ready" || fail "listener in $1 did not get ready"
}

connect_ok() {   # NS ADDR PORT
	RUN_TIMEOUT=40 run ip netns exec "$1" "$PY" "$TEST_TMP/ct.py" connect "$2" "$3" 15 ||
		fail "TCP from $1 to $2:$3 failed; it is allowed"
}

connect_no() {
	if RUN_TIMEOUT=30 run ip netns exec "$1" "$PY" "$TEST_TMP/ct.py" connect "$2" "$3" 4; then
		fail "TCP from $1 to $2:$3 connected; the firewall drops it"
	fi
	echo "(refused, as it should be)"
}

ping_ok() {
	RUN_TIMEOUT=40 run ip netns exec "$1" ping -c 3 -i 0.3 -w 20 "$2" ||
		fail "ping from $1 to $2 failed"
}

ping_no() {
	if RUN_TIMEOUT=20 run ip netns exec "$1" ping -c 2 -i 0.3 -w 4 "$2"; then
		fail "ping from $1 to $2 went through; it must not"
	fi
	echo "(no answer, as it should be)"
}

nsadd() {   # NS OFPORT MAC ADDR
	run ip netns add "$1" || fail "ip netns add $1 failed"
	run ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	run ip link add "veth-$1" type veth peer name eth0 netns "$1" || fail "veth for $1 failed"
	run ip netns exec "$1" ip link set lo up
	run ip netns exec "$1" ip link set eth0 address "$3"
	run ip netns exec "$1" ip addr add "$4" dev eth0
	run ip netns exec "$1" ip link set eth0 up
	run ip link set "veth-$1" up
	RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-port br0 "veth-$1" -- \
		set interface "veth-$1" ofport_request="$2" || fail "add-port veth-$1 failed"
}

step "start the daemons, br0 with ns1 (inside) and ns2 (outside)"
ovs_start
RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-br br0 -- set-fail-mode br0 secure ||
	fail "ovs-vsctl add-br br0 failed"
nsadd ns1 1 02:00:00:00:02:01 10.0.1.1/24
nsadd ns2 2 02:00:00:00:02:02 10.0.1.2/24
# Static neighbours: ARP through a vswitchd that stalls for seconds on a
# loaded TCG guest would fail connects with "No route to host".
run ip netns exec ns1 ip neigh replace 10.0.1.2 lladdr 02:00:00:00:02:02 dev eth0 nud permanent
run ip netns exec ns2 ip neigh replace 10.0.1.1 lladdr 02:00:00:00:02:01 dev eth0 nud permanent
cat > "$TEST_TMP/flows" <<'EOF'
priority=100,arp,actions=NORMAL
priority=90,ip,ct_state=-trk,actions=ct(zone=1,table=1)
table=1,priority=100,ip,in_port=1,ct_state=+trk+new,actions=ct(commit,zone=1,exec(set_field:0x5->ct_mark,set_field:0xabc->ct_label)),output:2
table=1,priority=100,ip,ct_state=+trk+est,ct_zone=1,ct_mark=0x5,ct_label=0xabc,actions=NORMAL
table=1,priority=1,actions=drop
EOF
cat "$TEST_TMP/flows"
run ovs-ofctl add-flows br0 "$TEST_TMP/flows" || fail "ovs-ofctl add-flows failed"

step "from ns1 out: TCP and ping pass, replies come back"
listen ns2 10.0.1.2 5001
listen ns1 10.0.1.1 5002
connect_ok ns1 10.0.1.2 5001
ping_ok ns1 10.0.1.2

step "from ns2 in: new TCP and ping dropped"
connect_no ns2 10.0.1.1 5002
ping_no ns2 10.0.1.1

step "ovs-dpctl dump-conntrack: zone 1 entries, mark 5, label 0xabc"
run ovs-dpctl dump-conntrack zone=1 > "$TEST_TMP/ct1" || fail "dump-conntrack failed"
cat "$TEST_TMP/ct1"
grep -q 'tcp,orig=(src=10.0.1.1,dst=10.0.1.2,.*dport=5001).*zone=1,mark=5,labels=0xabc' "$TEST_TMP/ct1" ||
	fail "no TCP entry in zone 1 with mark 5 and label 0xabc"
grep -q 'icmp,orig=(src=10.0.1.1,dst=10.0.1.2' "$TEST_TMP/ct1" || fail "no ICMP entry in zone 1"
if grep -q 'dport=5002' "$TEST_TMP/ct1"; then
	fail "the refused connection to ns1 was committed"
fi
run ovs-dpctl dump-conntrack zone=2 > "$TEST_TMP/ct2" || fail "dump-conntrack zone=2 failed"
if grep -q '10.0.1.' "$TEST_TMP/ct2"; then
	cat "$TEST_TMP/ct2"
	fail "entries in zone 2, where nothing was committed"
fi

step "ovs-dpctl flush-conntrack zone=1 empties the zone"
run ovs-dpctl flush-conntrack zone=1 || fail "flush-conntrack failed"
run ovs-dpctl dump-conntrack zone=1 > "$TEST_TMP/ct1" || fail "dump-conntrack failed"
if grep -q '10.0.1.' "$TEST_TMP/ct1"; then
	cat "$TEST_TMP/ct1"
	fail "entries left in zone 1 after the flush"
fi

step "stop"
touch "$STOP"
for p in $BG_PIDS; do
	wait "$p" || true
done
run ovs-vsctl --timeout=60 del-br br0 || fail "ovs-vsctl del-br br0 failed"
ovs_stop || fail "the OVS daemons did not stop"
ovs_unload
klog_assert_clean start
pass
