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
#   empties the zone;
#
#   zone limits (the ovs_ct_limit family, where the kernel has
#   nf_conncount): dpctl/ct-set-limits, ct-get-limits (with counts) and
#   ct-del-limits; with zone 1 limited to 2 connections, two UDP flows
#   from ns1 pass and a third is dropped uncommitted, until the limit is
#   deleted.  Limits stay set for the module unload.
#
# ovsvm-timeout: 400

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

PY=/usr/bin/python3

ovs_load
klog_mark start

br0_trap ns1 ns2

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
elif sys.argv[1] == "udprecv":    # ADDR PORT READY OUT STOP
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((sys.argv[2], int(sys.argv[3])))
    s.settimeout(0.2)
    open(sys.argv[4], "w").close()
    end = time.time() + 150
    while not os.path.exists(sys.argv[6]) and time.time() < end:
        try:
            d, a = s.recvfrom(100)
            with open(sys.argv[5], "a") as f:
                f.write("%s %d\n" % (d.decode(), a[1]))
        except socket.timeout:
            pass
elif sys.argv[1] == "udpsend":    # ADDR PORT SPORT PAYLOAD
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("", int(sys.argv[4])))
    s.sendto(sys.argv[5].encode(), (sys.argv[2], int(sys.argv[3])))
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

step "start the daemons, br0 with ns1 (inside) and ns2 (outside)"
br0_start
br0_netns ns1 1 02:00:00:00:02:01 10.0.1.1/24
br0_netns ns2 2 02:00:00:00:02:02 10.0.1.2/24
netns_neigh ns1 02:00:00:00:02:02 10.0.1.2
netns_neigh ns2 02:00:00:00:02:01 10.0.1.1
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

udp_send() {   # SPORT PAYLOAD: from ns1 to ns2's UDP port 5003
	run ip netns exec ns1 "$PY" "$TEST_TMP/ct.py" udpsend 10.0.1.2 5003 "$1" "$2" ||
		fail "sending UDP from ns1 port $1 failed"
}

udp_got() {   # PAYLOAD: ns2 received it
	grep -q "^$1 " "$TEST_TMP/udp" 2>/dev/null
}

limits() {   # the ct-get-limits output, checked to contain each argument
	local l
	run ovs-appctl dpctl/ct-get-limits > "$TEST_TMP/limits" ||
		fail "dpctl/ct-get-limits failed"
	cat "$TEST_TMP/limits"
	for l in "$@"; do
		grep -qx -- "$l" "$TEST_TMP/limits" || fail "ct-get-limits: no line '$l'"
	done
}

if ! modinfo nf_conncount > /dev/null 2>&1; then
	# No ovs_ct_limit family without it, in-tree or ours.
	step "zone limits: skipped, the kernel has no nf_conncount"
else
	step "zone limits: dpctl/ct-set-limits, ct-get-limits, ct-del-limits"
	run ovs-appctl dpctl/ct-set-limits default=10 zone=1,limit=2 zone=3,limit=7 ||
		fail "dpctl/ct-set-limits failed"
	limits "default limit=10" "zone=1,limit=2,count=0" "zone=3,limit=7,count=0"
	run ovs-appctl dpctl/ct-del-limits zone=3 || fail "dpctl/ct-del-limits failed"
	limits "default limit=10" "zone=1,limit=2,count=0"
	grep -q "zone=3" "$TEST_TMP/limits" && fail "zone 3's limit is still there"

	step "zone 1 limited to 2: two UDP flows pass, the third is dropped"
	rm -f "$TEST_TMP/udp" "$STOP"
	ip netns exec ns2 timeout 170 "$PY" "$TEST_TMP/ct.py" udprecv 10.0.1.2 5003 \
		"$TEST_TMP/ready.udp" "$TEST_TMP/udp" "$STOP" &
	BG_PIDS="$BG_PIDS $!"
	wait_until 30 test -e "$TEST_TMP/ready.udp" || fail "UDP receiver in ns2 did not get ready"
	udp_send 6001 one
	wait_until 20 udp_got one || fail "the first UDP flow did not pass"
	udp_send 6002 two
	wait_until 20 udp_got two || fail "the second UDP flow did not pass"
	udp_send 6003 three
	# A flow already committed still passes, after the refused one.
	udp_send 6001 again
	wait_until 20 udp_got again || fail "a packet of the first flow did not pass"
	cat "$TEST_TMP/udp"
	udp_got three && fail "the third UDP flow passed zone 1's limit of 2"
	echo "(the third flow was dropped, as it should be)"
	limits "zone=1,limit=2,count=2"
	run ovs-dpctl dump-conntrack zone=1 > "$TEST_TMP/ct1" || fail "dump-conntrack failed"
	cat "$TEST_TMP/ct1"
	[ "$(grep -c 'udp,orig=(src=10.0.1.1,dst=10.0.1.2,sport=600[0-9],dport=5003' "$TEST_TMP/ct1")" = 2 ] ||
		fail "zone 1 should hold the two UDP flows that passed, and only those"

	step "zone 1's limit deleted: the third flow passes"
	run ovs-appctl dpctl/ct-del-limits zone=1 || fail "dpctl/ct-del-limits failed"
	limits "default limit=10"
	udp_send 6003 three
	wait_until 20 udp_got three || fail "the third UDP flow did not pass once the limit was gone"
	# Left set: the module goes with limits in place.
	run ovs-appctl dpctl/ct-set-limits zone=5,limit=3 || fail "dpctl/ct-set-limits failed"
fi

br0_finish
