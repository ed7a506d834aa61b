#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Conntrack NAT through ovs-vswitchd and OpenFlow ct(nat) rules, between
# two namespaces on br0 (ns1 inside on port 1, ns2 outside on port 2),
# IPv4 and IPv6, one zone:
#
#   SNAT: ns1's connections to ns2 leave from 10.0.1.100 / fd00:1::100
#   with a source port in 20000-20001; ns2's server sees that address and
#   port (it says so back), and the reply is translated back to ns1.
#   DNAT: ns1's connections to the virtual address 10.0.1.200 /
#   fd00:1::200 port 80 reach ns2's server on port 5001, which sees ns1's
#   own address; port 81 there has no rule and does not connect.
#   ICMP related: a UDP datagram from ns1 to a closed port of ns2 (SNATed)
#   comes back as a port unreachable that ct(nat) translates, embedded
#   header included, so ns1's socket reads "connection refused".
#   New connections from ns2 to ns1 are dropped.
#
# ovsvm-timeout: 400

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

PY=/usr/bin/python3

ovs_load
klog_mark start

br0_trap ns1 ns2

cat > "$TEST_TMP/nat.py" <<'EOF'
import os, socket, sys, time
def fam(a):
    return socket.AF_INET6 if ":" in a else socket.AF_INET
if sys.argv[1] == "listen":       # ADDR PORT READY STOP: says the peer back
    s = socket.socket(fam(sys.argv[2]))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((sys.argv[2], int(sys.argv[3])))
    s.listen(8)
    s.settimeout(0.2)
    open(sys.argv[4], "w").close()
    end = time.time() + 150
    while not os.path.exists(sys.argv[5]) and time.time() < end:
        try:
            c, a = s.accept()
            c.sendall(("hello %s %d\n" % (a[0], a[1])).encode())
            c.close()
        except socket.timeout:
            pass
elif sys.argv[1] == "connect":    # ADDR PORT TIMEOUT: prints what it heard
    try:
        c = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=float(sys.argv[4]))
        m = c.recv(100).decode()
        if not m.startswith("hello "):
            sys.exit("no data")
        print(m.strip())
    except OSError as e:
        sys.exit("no connection: %s" % e)
else:                             # refused ADDR PORT: a port unreachable comes back
    s = socket.socket(fam(sys.argv[2]), socket.SOCK_DGRAM)
    s.connect((sys.argv[2], int(sys.argv[3])))
    s.settimeout(3)
    for i in range(5):
        try:
            s.send(b"x")
            s.recv(10)
        except ConnectionRefusedError:
            print("connection refused")
            sys.exit(0)
        except socket.timeout:
            pass
    sys.exit("no port unreachable came back")
EOF

BG_PIDS=
STOP=$TEST_TMP/stop
listen() {   # listen NS ADDR PORT
	local ready=$TEST_TMP/ready.$1.$2.$3
	rm -f "$ready"
	ip netns exec "$1" timeout 170 "$PY" "$TEST_TMP/nat.py" listen "$2" "$3" "$ready" "$STOP" &
	BG_PIDS="$BG_PIDS $!"
	wait_until 30 test -e "$ready" || fail "listener in $1 on $2 did not get ready"
}

# connect_ok NS ADDR PORT PEER_RE: the server saw a peer matching PEER_RE
connect_ok() {
	RUN_TIMEOUT=40 run ip netns exec "$1" "$PY" "$TEST_TMP/nat.py" connect "$2" "$3" 15 \
		> "$TEST_TMP/heard" || fail "TCP from $1 to $2:$3 failed; it is allowed"
	cat "$TEST_TMP/heard"
	grep -Eq "^hello $4\$" "$TEST_TMP/heard" ||
		fail "the server saw $(cat "$TEST_TMP/heard"), not '$4'"
}

connect_no() {
	if RUN_TIMEOUT=30 run ip netns exec "$1" "$PY" "$TEST_TMP/nat.py" connect "$2" "$3" 4; then
		fail "TCP from $1 to $2:$3 connected; no rule lets it"
	fi
	echo "(refused, as it should be)"
}

refused_ok() {   # NS ADDR PORT
	RUN_TIMEOUT=40 run ip netns exec "$1" "$PY" "$TEST_TMP/nat.py" refused "$2" "$3" ||
		fail "no translated ICMP error for UDP from $1 to $2:$3"
}

MAC1=02:00:00:00:03:01
MAC2=02:00:00:00:03:02
step "start the daemons, br0 with ns1 (inside) and ns2 (outside)"
br0_start
br0_netns ns1 1 $MAC1 10.0.1.1/24 fd00:1::1/64
br0_netns ns2 2 $MAC2 10.0.1.2/24 fd00:1::2/64
# Static neighbours, the NAT and virtual addresses included: nobody
# answers ARP or ND for those.
netns_neigh ns1 $MAC2 10.0.1.2 10.0.1.200 fd00:1::2 fd00:1::200
netns_neigh ns2 $MAC1 10.0.1.1 10.0.1.100 fd00:1::1 fd00:1::100
cat > "$TEST_TMP/flows" <<'EOF'
priority=100,arp,actions=NORMAL
priority=100,icmp6,icmp_type=135,actions=NORMAL
priority=100,icmp6,icmp_type=136,actions=NORMAL
priority=90,tcp,in_port=1,nw_dst=10.0.1.200,tp_dst=80,actions=ct(commit,zone=1,nat(dst=10.0.1.2:5001)),output:2
priority=90,tcp6,in_port=1,ipv6_dst=fd00:1::200,tp_dst=80,actions=ct(commit,zone=1,nat(dst=[fd00:1::2]:5001)),output:2
priority=80,ip,in_port=1,nw_dst=10.0.1.2,actions=ct(commit,zone=1,nat(src=10.0.1.100:20000-20001)),output:2
priority=80,ipv6,in_port=1,ipv6_dst=fd00:1::2,actions=ct(commit,zone=1,nat(src=[fd00:1::100]:20000-20001)),output:2
priority=80,ip,in_port=2,actions=ct(zone=1,nat,table=1)
priority=80,ipv6,in_port=2,actions=ct(zone=1,nat,table=1)
table=1,priority=100,ct_state=+trk+est,actions=output:1
table=1,priority=100,ct_state=+trk+rel,actions=output:1
table=1,priority=1,actions=drop
EOF
cat "$TEST_TMP/flows"
run ovs-ofctl add-flows br0 "$TEST_TMP/flows" || fail "ovs-ofctl add-flows failed"
listen ns2 10.0.1.2 5001
listen ns2 fd00:1::2 5001
listen ns1 10.0.1.1 5002

step "SNAT from ns1: ns2 sees 10.0.1.100 / fd00:1::100, ports 20000-20001"
connect_ok ns1 10.0.1.2 5001 '10\.0\.1\.100 2000[01]'
connect_ok ns1 fd00:1::2 5001 'fd00:1::100 2000[01]'
run ovs-dpctl dump-conntrack zone=1 > "$TEST_TMP/ct" || fail "dump-conntrack failed"
cat "$TEST_TMP/ct"
grep -Eq 'tcp,orig=\(src=10\.0\.1\.1,dst=10\.0\.1\.2,sport=[0-9]+,dport=5001\),reply=\(src=10\.0\.1\.2,dst=10\.0\.1\.100,sport=5001,dport=2000[01]\)' "$TEST_TMP/ct" ||
	fail "no SNAT entry for 10.0.1.1 -> 10.0.1.2:5001 through 10.0.1.100:20000-20001"

step "DNAT from ns1: 10.0.1.200:80 and [fd00:1::200]:80 reach ns2:5001"
connect_ok ns1 10.0.1.200 80 '10\.0\.1\.1 [0-9]+'
connect_ok ns1 fd00:1::200 80 'fd00:1::1 [0-9]+'
connect_no ns1 10.0.1.200 81

step "ICMP related: port unreachable for SNATed UDP translated back"
refused_ok ns1 10.0.1.2 9
refused_ok ns1 fd00:1::2 9

step "from ns2 in: new TCP dropped"
connect_no ns2 10.0.1.1 5002

br0_finish
