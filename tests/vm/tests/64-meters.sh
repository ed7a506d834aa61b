#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# OpenFlow 1.3 meters on br0 (fail-mode secure) between two namespaces,
# run by the datapath's meters (the ovs_meter family and the meter action):
#
#   - vswitchd's meter probe passes: its log has no "broken meter
#     implementation", no failed meter transaction, no WARN or ERR;
#   - "ovs-ofctl -O OpenFlow13 meter-features br0" equals the in-tree
#     module's on this kernel (tests/vm/expected/meter-features-<kernel>.txt,
#     recorded with --reference);
#   - a flood from ns1 to ns2 (UDP, four times each rate) through a meter
#     of R kbps (1000-byte datagrams) and one of P pps (small datagrams):
#     what ns2 receives over 5 s, once the burst is spent, is within 10%
#     of R and of P (over the time the guest did not stand still: an
#     unmetered stream beside them shows its stalls), and meter-stats
#     counts what came in and what the drop band dropped, the rest being
#     what ns2 got;
#   - the kbps meter deleted under the flood: its rule goes with it, the
#     fallback rule without a meter takes over and the rate goes up well
#     past R, with a clean kernel log.
#
# ovsvm-timeout: 900 (about 200-400 s under TCG on a loaded 2-core host)

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

PY=/usr/bin/python3
R=400		# kbps, counted on Ethernet frames as the datapath counts them
P=100		# packets per second
KB_PORT=5001	# 1000-byte datagrams through the kbps meter
PP_PORT=5002	# 18-byte datagrams (60-byte frames) through the pps meter
CT_PORT=5003	# 50 small datagrams a second, unmetered: shows guest stalls
KB_LEN=1000
PP_LEN=18
HDRS=42		# Ethernet, IPv4, UDP headers: the frame the meter sees

# Per guest kernel, as 45 and 80 do; meter-features-<kernel>-ours.txt
# where ours answers an old in-tree module's limits differently by design.
expected=$(dirname "$OVSVM_LIB")/expected/meter-features-$OVSVM_KERNEL.txt
if [ "$OVSVM_MODE" = ours ] && [ -f "${expected%.txt}-ours.txt" ]; then
	expected=${expected%.txt}-ours.txt
fi
got=$OVSVM_RESULTS/$TEST_NAME-features-$OVSVM_MODE-$OVSVM_KERNEL.txt

ovs_load
klog_mark start

# shellcheck disable=SC2317 # run by the EXIT trap
on_exit() {
	local rc=$?
	set +e
	touch "$TEST_TMP/stop-send" "$TEST_TMP/stop"
	wait
	ip netns del ns1 2>/dev/null
	ip netns del ns2 2>/dev/null
	if [ "$rc" != 0 ]; then
		echo "--- ovs-ofctl dump-flows br0 ---"
		timeout 20 ovs-ofctl -O OpenFlow13 dump-flows br0 2>/dev/null
		echo "--- ovs-dpctl dump-flows ---"
		timeout 20 ovs-dpctl dump-flows 2>/dev/null
		echo "--- ovs-vswitchd.log ---"
		cat "$OVS_DIR/ovs-vswitchd.log" 2>/dev/null
		ovs_stop > /dev/null 2>&1
	fi
	return "$rc"
}
trap on_exit EXIT

# Arrivals are timed by the kernel when ns2's device receives them
# (SO_TIMESTAMPNS, wall clock): the receiver, starved by the flood under
# TCG, reads them late, and its own clock would measure itself.
cat > "$TEST_TMP/flood.py" <<'EOF'
import os, select, socket, struct, sys, time
now = time.time
SO_TIMESTAMPNS, SO_RCVBUFFORCE = 35, 33
cmd = sys.argv[1]
if cmd == "send":       # ADDR STOP (PORT LEN PPS)...: each at its rate until STOP
    # Paced, not as fast as it can: a sender hogging a vCPU under TCG
    # leaves gaps in what reaches the meter, which its burst cannot bridge.
    addr, stop, flows = sys.argv[2], sys.argv[3], sys.argv[4:]
    flows = [(int(p), b"x" * int(l), int(r)) for p, l, r in zip(flows[0::3], flows[1::3], flows[2::3])]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sent, start, end = [0] * len(flows), now(), now() + 120
    while now() < end and not os.path.exists(stop):
        for i, (p, d, r) in enumerate(flows):
            while sent[i] < (now() - start) * r:
                try:
                    s.sendto(d, (addr, p))
                except OSError:
                    pass
                sent[i] += 1
        time.sleep(0.005)
    print("sent", sent, "in %.1f s" % (now() - start), flush=True)
elif cmd == "recv":     # PORT... READY STOP: "time port length" per datagram;
    # READY.first is made when the first one is read.
    ports, ready, stop = sys.argv[2:-2], sys.argv[-2], sys.argv[-1]
    socks = []
    for p in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 16 << 20)
        s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        s.bind(("0.0.0.0", int(p)))
        socks.append(s)
    open(ready, "w").close()
    out, end = [], now() + 120
    # STOP is looked at only when nothing is queued: all is read first.
    while now() < end:
        r = select.select(socks, [], [], 0.2)[0]
        if not r and os.path.exists(stop):
            break
        for s in r:
            d, anc, _, _ = s.recvmsg(65535, 64)
            t = [struct.unpack("qq", a[2][:16]) for a in anc if a[1] == SO_TIMESTAMPNS]
            if not out:
                open(ready + ".first", "w").close()
            out.append("%d.%09d %d %d" % (t[0] + (s.getsockname()[1], len(d))))
    print("\n".join(out))
elif cmd == "rate":     # FILE PORT BASE FROM TO HDRS [CTRL FILL]: frames, bytes,
    # kbps, pps in [BASE + FROM, BASE + TO), and the milliseconds in it when
    # nothing was offered for longer than FILL s after the meters filled up,
    # from the gaps in the unmetered CTRL port's arrivals: the guest stalled
    # (TCG on a busy host) and a meter's full bucket could not grow.
    f, port, base, t0, t1, hdrs = sys.argv[2:8]
    port, t0, t1, hdrs = int(port), float(t0), float(t1), int(hdrs)
    rows = [(float(t), int(p), int(ln)) for t, p, ln in (l.split() for l in open(f))]
    base = float(base)
    sel = [ln + hdrs for t, p, ln in rows if p == port and base + t0 <= t < base + t1]
    lost = 0
    if len(sys.argv) > 9:
        ctrl, fill = int(sys.argv[8]), float(sys.argv[9])
        ts = [base + t0] + [t for t, p, ln in rows if p == ctrl and base + t0 <= t < base + t1] + [base + t1]
        lost = sum(max(0, b - a - fill) for a, b in zip(ts, ts[1:]))
    print(len(sel), sum(sel), round(sum(sel) * 8 / (t1 - t0) / 1000), round(len(sel) / (t1 - t0)), round(lost * 1000))
EOF

now() {
	date +%s.%N
}

# The flood is measured over time: true once SECS have passed since BASE.
# shellcheck disable=SC2317 # called by wait_until
reached() {
	[ "$(echo "$(now) >= $1 + $2" | bc)" = 1 ]
}

# rate PORT BASE FROM TO [CTRL FILL]: arrivals on PORT in [BASE + FROM,
# BASE + TO): "frames bytes kbps pps stalled-ms".
rate() {
	"$PY" "$TEST_TMP/flood.py" rate "$TEST_TMP/arrivals" "$1" "$2" "$3" "$4" "$HDRS" "${@:5}"
}

# The datapath has a flow with a meter for each port.
# shellcheck disable=SC2317 # called by wait_until
dp_metered() {
	local f
	f=$(timeout 20 ovs-dpctl dump-flows 2>/dev/null) || return 1
	echo "$f" | grep "dst=$KB_PORT" | grep -q 'meter(' &&
		echo "$f" | grep "dst=$PP_PORT" | grep -q 'meter('
}

# meter-stats of meter ID: "packet_in_count band_packet_count".
meter_counts() {
	ovs-ofctl -O OpenFlow13 meter-stats br0 "meter=$1" | tr ' ' '\n' | awk -F: '
		$1 == "packet_in_count" { i = $2 }
		$1 == "packet_count" { b = $2 }
		END { print i + 0, b + 0 }'
}

# within VALUE LOW HIGH: VALUE is no more than 10% below LOW or above HIGH.
within() {
	[ "$1" -ge $(($2 * 9 / 10)) ] && [ "$1" -le $(($3 * 11 / 10)) ]
}

step "start the daemons, br0 with ns1 (port 1) and ns2 (port 2)"
ovs_start
RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-br br0 -- set-fail-mode br0 secure -- \
	set bridge br0 protocols=OpenFlow10,OpenFlow13 || fail "ovs-vsctl add-br br0 failed"
for i in 1 2; do
	run ip netns add "ns$i" || fail "ip netns add ns$i failed"
	run ip netns exec "ns$i" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	run ip link add "veth-ns$i" type veth peer name eth0 netns "ns$i" || fail "veth for ns$i failed"
	run ip netns exec "ns$i" ip link set eth0 address "02:00:00:00:00:0$i"
	run ip netns exec "ns$i" ip addr add "10.0.0.$i/24" dev eth0
	run ip netns exec "ns$i" ip link set eth0 up
	run ip netns exec "ns$i" ip link set lo up
	run ip link set "veth-ns$i" up
	RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-port br0 "veth-ns$i" -- \
		set interface "veth-ns$i" ofport_request="$i" || fail "add-port veth-ns$i failed"
done
# No ARP: only the flood crosses the bridge.
run ip netns exec ns1 ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev eth0 nud permanent

step "vswitchd's meter probe and meter-features"
run ovs-ofctl -O OpenFlow13 meter-features br0 | sed 's/ (xid=0x[0-9a-f]*)//' > "$got" || fail "meter-features failed"
cat "$got"
grep -q '^max_meter:[1-9]' "$got" || fail "meter-features shows no meters"
if grep -E 'broken meter|does not support meters|meter_transact.*failed' "$OVS_DIR/ovs-vswitchd.log"; then
	fail "vswitchd's meter probe failed"
fi
if [ "$OVSVM_MODE" = reference ] && [ ! -f "$expected" ]; then
	echo "reference mode, nothing to compare with yet: recorded in $got"
else
	[ -f "$expected" ] || fail "no $(basename "$expected"): record it from $got of a --reference run"
	diff -u "$expected" "$got" || fail "meter-features differ from the in-tree module's"
fi

# Bursts of a quarter second: what the meters may pass over 5 s beyond
# the rate, or fall short of it at the edges, stays within 5%.
step "meters: 1 at $R kbps, 2 at $P pps; a metered rule each"
run ovs-ofctl -O OpenFlow13 add-meter br0 "meter=1,kbps,burst,stats,bands=type=drop,rate=$R,burst_size=$((R / 4))" ||
	fail "add-meter 1 failed"
run ovs-ofctl -O OpenFlow13 add-meter br0 "meter=2,pktps,burst,stats,bands=type=drop,rate=$P,burst_size=$((P / 4))" ||
	fail "add-meter 2 failed"
cat > "$TEST_TMP/flows" <<EOF
priority=100,udp,nw_dst=10.0.0.2,tp_dst=$KB_PORT,actions=meter:1,output:2
priority=100,udp,nw_dst=10.0.0.2,tp_dst=$PP_PORT,actions=meter:2,output:2
priority=100,udp,nw_dst=10.0.0.2,tp_dst=$CT_PORT,actions=output:2
priority=10,udp,nw_dst=10.0.0.2,tp_dst=$KB_PORT,actions=output:2
priority=0,actions=drop
EOF
run ovs-ofctl -O OpenFlow13 add-flows br0 "$TEST_TMP/flows" || fail "add-flows failed"
run ovs-ofctl -O OpenFlow13 dump-meters br0

step "flood ns1 -> ns2, measured for 5 s once the datapath has both flows"
ip netns exec ns2 "$PY" "$TEST_TMP/flood.py" recv "$KB_PORT" "$PP_PORT" "$CT_PORT" \
	"$TEST_TMP/ready" "$TEST_TMP/stop" > "$TEST_TMP/arrivals" &
recv_pid=$!
wait_until 60 test -e "$TEST_TMP/ready" || fail "the receiver in ns2 did not get ready"
# Four times each meter's rate.
ip netns exec ns1 "$PY" "$TEST_TMP/flood.py" send 10.0.0.2 "$TEST_TMP/stop-send" \
	"$KB_PORT" "$KB_LEN" $((4 * R * 1000 / 8 / (KB_LEN + HDRS))) \
	"$PP_PORT" "$PP_LEN" $((4 * P)) "$CT_PORT" "$PP_LEN" 50 > "$TEST_TMP/sent" &
send_pid=$!
wait_until 60 test -e "$TEST_TMP/ready.first" || fail "nothing reached ns2"
# Until vswitchd has put the flows in the datapath, packets go up to it
# and most are lost on the way: the meters see a trickle.
wait_until 120 dp_metered || fail "the metered flows did not reach the datapath"
start=$(now)
echo "flows in the datapath at $start"
run ovs-dpctl dump-flows
# One second for the bursts to go, five measured.
wait_until 60 reached "$start" 6.5 || fail "the clock did not move"
dp_metered || fail "the metered flows left the datapath during the measurement"

step "delete meter 1 under the flood"
run ovs-ofctl -O OpenFlow13 meter-stats br0
before=$(meter_counts 1)
run ovs-ofctl -O OpenFlow13 del-meter br0 meter=1 || fail "del-meter 1 failed"
deleted=$(now)
ovs-ofctl -O OpenFlow13 dump-flows br0 | grep -q 'meter:1' && fail "the rule with meter 1 is still there"
ovs-ofctl -O OpenFlow13 meter-stats br0 | grep -q '^meter:1 ' && fail "meter 1 is still there"
# The datapath's flows are revalidated away from meter 1 within a moment.
wait_until 60 reached "$deleted" 4 ||
	fail "the clock did not move"
touch "$TEST_TMP/stop-send"
wait "$send_pid" || fail "the sender failed"
cat "$TEST_TMP/sent"
# The sender is gone and what it sent has crossed (the path is
# synchronous up to ns2's socket): meter 2's counters are final.
run ovs-ofctl -O OpenFlow13 meter-stats br0
pp_counts=$(meter_counts 2)
touch "$TEST_TMP/stop"
wait "$recv_pid" || fail "the receiver failed"
cp "$TEST_TMP/arrivals" "$OVSVM_RESULTS/$TEST_NAME-arrivals-$OVSVM_MODE.txt"
klog_assert_clean start "by the flood or the deletion"

step "what ns2 received"
kb=$(rate "$KB_PORT" "$start" 1 6 "$CT_PORT" 0.25)
pp=$(rate "$PP_PORT" "$start" 1 6 "$CT_PORT" 0.25)
pp_all=$(rate "$PP_PORT" "$start" -100000 100000)
after=$(rate "$KB_PORT" "$deleted" 2 4)
echo "kbps meter, 5 s: frames bytes kbps pps stalled-ms = $kb (want $R kbps)"
echo "pps meter, 5 s: frames bytes kbps pps stalled-ms = $pp (want $P pps)"
echo "after deleting meter 1, 2 s: $after"
echo "meter 1 before deletion (in, dropped): $before; meter 2 at the end: $pp_counts"
read -r _ _ kbps _ stalled <<< "$kb"
read -r _ _ _ pps _ <<< "$pp"
read -r _ _ after_kbps _ <<< "$after"
read -r pp_frames _ <<< "$pp_all"
read -r kb_in kb_dropped <<< "$before"
read -r pp_in pp_dropped <<< "$pp_counts"
# Time the guest stood still past a full bucket is time no meter could
# use: the rate is expected over the rest of the 5 s.
[ "$stalled" -lt 2500 ] || fail "the guest stood still for $stalled ms of the 5 s: nothing to measure"
echo "guest stalls past a full bucket: $stalled ms of 5000"
within "$kbps" $((R * (5000 - stalled) / 5000)) "$R" || fail "$kbps kbps through the $R kbps meter"
within "$pps" $((P * (5000 - stalled) / 5000)) "$P" || fail "$pps pps through the $P pps meter"
[ "$kb_dropped" -gt $((kb_in / 2)) ] || fail "meter 1 dropped $kb_dropped of $kb_in: the flood did not exceed it"
[ "$pp_dropped" -gt $((pp_in / 2)) ] || fail "meter 2 dropped $pp_dropped of $pp_in: the flood did not exceed it"
# What meter 2 let through is what ns2 received on its port.
[ $((pp_in - pp_dropped)) = "$pp_frames" ] ||
	fail "meter 2 passed $((pp_in - pp_dropped)) packets, ns2 received $pp_frames"
[ "$after_kbps" -gt $((2 * R)) ] || fail "$after_kbps kbps after meter 1 was deleted: still limited"

step "stop"
run ovs-vsctl --timeout=60 del-br br0 || fail "ovs-vsctl del-br br0 failed"
ovs_assert_vswitchd_log_clean
ovs_stop || fail "the OVS daemons did not stop"
ovs_unload
klog_assert_clean start
pass "meters at $kbps of $R kbps and $pps of $P pps, drops counted, deleted under traffic"
