#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The datapath benchmark (make bench, scripts/bench.sh): packets per second
# through the kernel datapath, the in-tree module and ours loaded in turn
# (rmmod/insmod between them, the order alternating by round) in one boot.
#
#   pktgen (kernel packet generator, no userspace per packet) sends 60-byte
#   UDP packets into veth g0; g1 is datapath port 1; the flows send them to
#   port 2, s1, whose peer s0 counts what arrives (rx_packets).
#   Cases:  1flow      one flow (in_port, IPv4, everything else wildcarded)
#           1000x100   1000 flows over 100 masks (IPv4 destination prefix
#                      lengths x UDP port masks, source exact: ovs-flows.py)
#                      and packets cycling over all 1000 sources
#   Each case: flows installed over netlink by ovs-flows.py, pktgen warms
#   up 1 s, then s0's rx_packets over SECS seconds is the result (g1's, the
#   offered rate, is shown beside it).  The datapath's miss counter is
#   reported: misses mean the flows do not cover the traffic.
#
# Parameters (VM_PARAMS / OVSVM_PARAMS): rounds=N (5), secs=S (5).
# Results: results/bench.txt (per round, medians, ratio ours/in-tree).
# Never fails because of our module: a module that does not load, takes
# no flows or forwards nothing is reported as such, with 0 pps.
#
# ovsvm-timeout: 1500

# shellcheck source=SCRIPTDIR/../vm/testlib.sh
. "$OVSVM_LIB"

rounds=5
secs=5
for p in ${OVSVM_PARAMS:-}; do
	case $p in
	rounds=[0-9]*) rounds=${p#*=} ;;
	secs=[0-9]*) secs=${p#*=} ;;
	esac
done

guest_dir=$(dirname "$OVSVM_LIB")
flows_py=$guest_dir/tests/ovs-flows.py
out=$OVSVM_RESULTS/bench.txt
intree=$(find "/lib/modules/$OVSVM_UNAME/kernel/net/openvswitch" -name 'openvswitch.ko*' | head -n 1)
ours=
[ "$OVSVM_MODE" != ours ] || ours=$guest_dir/openvswitch.ko
[ -n "$intree" ] || fail "no in-tree openvswitch.ko for $OVSVM_UNAME"

ut() {
	cut -d' ' -f1 /proc/uptime
}

say() {
	echo "$*" | tee -a "$out"
}

: > "$out"
say "datapath benchmark on $OVSVM_UNAME (QEMU TCG: compare the ratio, not the absolute numbers)"
say "rounds $rounds, $secs s per case, pktgen 60-byte UDP through g0 -> [dp port 1 -> port 2] -> s0"
say "in-tree: $intree"
say "ours:    ${ours:-not built (reference mode)}"

klog_mark start
run modprobe pktgen || fail "modprobe pktgen failed (CONFIG_NET_PKTGEN)"
[ -e /proc/net/pktgen/pgctrl ] || fail "no /proc/net/pktgen/pgctrl"
run ip link add g0 type veth peer name g1 || fail "veth g0 failed"
run ip link add s0 type veth peer name s1 || fail "veth s0 failed"
for d in g0 g1 s0 s1; do
	run ip link set "$d" up
done
# IPv6 autoconfiguration would add its own packets to the counters.
for d in g0 g1 s0 s1; do
	echo 1 > "/proc/sys/net/ipv6/conf/$d/disable_ipv6"
done

pg() {	# pg FILE COMMAND
	echo "$2" > "/proc/net/pktgen/$1" || fail "pktgen: '$2' > $1 refused"
}
pg kpktgend_0 rem_device_all
pg kpktgend_0 "add_device g0"
for c in "count 0" "clone_skb 0" "burst 1" "pkt_size 60" "delay 0" \
	"dst_mac $(cat /sys/class/net/s0/address)" "dst 10.1.0.1" \
	"src_min 10.0.0.1" "src_max 10.0.3.232" \
	"udp_src_min 9" "udp_src_max 9" "udp_dst_min 5000" "udp_dst_max 5000"; do
	pg g0 "$c"
done

# load_mod intree|ours: insmod the file after its dependencies; prints
# nothing, returns non-zero with the reason on stdout.
load_mod() {
	local f deps
	if [ "$1" = intree ]; then f=$intree; else f=$ours; fi
	deps=$(modinfo -F depends "$f" | tr ',' ' ')
	# shellcheck disable=SC2086
	[ -z "$deps" ] || timeout 60 modprobe -a $deps || { echo "modprobe of its dependencies ($deps) failed"; return 1; }
	timeout 60 insmod "$f" || { echo "insmod $f failed"; return 1; }
	local taint
	taint=$(cat /sys/module/openvswitch/taint)
	case $1:$taint in
	intree:*O*) echo "the loaded module is out-of-tree, not the in-tree one"; return 1 ;;
	ours:*O*) ;;
	ours:*) echo "the loaded module is not ours (taint '$taint')"; return 1 ;;
	esac
	if [ "$1" = ours ] && [ "$(cat /sys/module/openvswitch/srcversion)" != "$OVSVM_KO_SRCVERSION" ]; then
		echo "the loaded module's srcversion is not the build's"
		return 1
	fi
}

unload_mod() {
	timeout 20 ovs-dpctl del-dp bench > /dev/null 2>&1 || true
	timeout 30 rmmod openvswitch || fail "rmmod openvswitch failed"
}

stats() {	# "hit missed lost" of datapath bench
	timeout 20 ovs-dpctl show bench | sed -n 's/.*lookups: hit:\([0-9]*\) missed:\([0-9]*\) lost:\([0-9]*\).*/\1 \2 \3/p'
}

rxp() {	# rx_packets of a device
	cat "/sys/class/net/$1/statistics/rx_packets"
}

# measure: forwarded pps (what reaches s0) into $PPS, a note into $NOTE:
# the offered rate (what entered the datapath port g1) and the datapath's
# hit/missed/lost counters over the whole run (ovs-dpctl takes seconds
# under TCG: it stays out of the timed window).
measure() {
	local pgpid i0 i1 o0 o1 t0 t1 sa sb
	sa=$(stats)
	echo start > /proc/net/pktgen/pgctrl &
	pgpid=$!
	sleep 1
	i0=$(rxp g1)
	o0=$(rxp s0)
	t0=$(ut)
	sleep "$secs"
	i1=$(rxp g1)
	o1=$(rxp s0)
	t1=$(ut)
	echo stop > /proc/net/pktgen/pgctrl
	wait "$pgpid" 2> /dev/null || true
	sb=$(stats)
	PPS=$(awk -v a="$o0" -v b="$o1" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%d", (b - a) / (t1 - t0) }')
	NOTE=$(echo "$i0 $i1 $t0 $t1 $sa $sb" | awk '{ h = $8 - $5; m = $9 - $6; l = $10 - $7;
		printf "offered %d pps; dp hit %d missed %d lost %d", ($2 - $1) / ($4 - $3), h, m, l
		if (m > h / 100) printf " (MISSES: flows do not cover the traffic)" }')
}

declare -A RES
run_module() {	# run_module intree|ours ROUND
	local m=$1 r=$2 why c n t0 t1
	if [ "$m" = ours ] && [ -z "$ours" ]; then
		return 0
	fi
	if ! why=$(load_mod "$m"); then
		say "round $r $m: FAILED to load: $why"
		RES[$m:1flow:$r]=0
		RES[$m:1000x100:$r]=0
		[ ! -e /sys/module/openvswitch ] || unload_mod
		return 0
	fi
	if ! why=$(timeout 30 ovs-dpctl add-dp bench 2>&1 &&
		timeout 30 ovs-dpctl add-if bench g1,port_no=1 2>&1 &&
		timeout 30 ovs-dpctl add-if bench s1,port_no=2 2>&1); then
		say "round $r $m: FAILED: cannot make datapath bench with ports g1 (1), s1 (2): $(echo "$why" | tail -n 1)"
		RES[$m:1flow:$r]=0
		RES[$m:1000x100:$r]=0
		unload_mod
		return 0
	fi
	for c in 1flow 1000x100; do
		timeout 30 ovs-dpctl del-flows bench > /dev/null 2>&1 || true
		t0=$(ut)
		if [ "$c" = 1flow ]; then
			set -- one
		else
			set -- many 1000 100
		fi
		if ! n=$(timeout 300 /usr/bin/python3 "$flows_py" bench 1 2 "$@" 2>&1); then
			say "round $r $m $c: FAILED to install the flows: $(echo "$n" | tail -n 1)"
			RES[$m:$c:$r]=0
			continue
		fi
		t1=$(ut)
		measure
		RES[$m:$c:$r]=$PPS
		say "$(printf 'round %d %-6s %-9s %9d pps   (%s flows installed in %.1fs; %s)' \
			"$r" "$m" "$c" "$PPS" "$n" "$(echo "$t0 $t1" | awk '{ print $2 - $1 }')" "$NOTE")"
	done
	unload_mod
}

[ ! -e /sys/module/openvswitch ] || run rmmod openvswitch || fail "openvswitch is loaded and cannot be removed"
for r in $(seq 1 "$rounds"); do
	if [ $((r % 2)) = 1 ]; then
		run_module intree "$r"
		run_module ours "$r"
	else
		run_module ours "$r"
		run_module intree "$r"
	fi
done

pg kpktgend_0 rem_device_all
for d in g0 s0; do
	run ip link del "$d"
done
run rmmod pktgen

median() {	# median of the words given
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

say ""
say "$(printf '%-10s %16s %16s %14s' case "in-tree median" "ours median" "ours/in-tree")"
bad=0
for c in 1flow 1000x100; do
	a=()
	b=()
	for r in $(seq 1 "$rounds"); do
		a+=("${RES[intree:$c:$r]:-0}")
		[ -z "$ours" ] || b+=("${RES[ours:$c:$r]:-0}")
	done
	mi=$(median "${a[@]}")
	if [ -n "$ours" ]; then
		mo=$(median "${b[@]}")
		ratio=$(awk -v o="$mo" -v i="$mi" 'BEGIN { if (i > 0) printf "%.2f", o / i; else print "n/a" }')
	else
		mo="-"
		ratio="-"
	fi
	[ "$mi" -gt 0 ] || bad=1
	say "$(printf '%-10s %12s pps %12s pps %14s' "$c" "$mi" "$mo" "$ratio")"
	[ "$mo" != 0 ] || say "           ours: 0 pps, our module does not forward this case (see the rounds above)"
done

klog_assert_clean start
[ "$bad" = 0 ] || fail "the in-tree module gave no numbers: the benchmark itself is broken"
pass "benchmark done: $out"
