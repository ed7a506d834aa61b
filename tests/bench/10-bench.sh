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
#           1000x100nc the same with the masks cache off (size 0): every
#                      packet walks the mask list, the table's worst case
#           meter1     one flow through meter 1, the only meter (a drop band
#                      of 1 Gbit/s: metered, never dropped)
#           meter200k  the same flow through meter 100000 of 199,999 (as
#                      many as the in-tree module holds: it says 200,000
#                      and refuses the 200,000th with EFBIG): the meter
#                      lookup's cost with a full table, and the memory the
#                      meters take
#                      (growth of Slab + VmallocUsed in /proc/meminfo over
#                      the 200,000 SETs, and what their DELs give back)
#   Each case: flows installed over netlink by ovs-flows.py, pktgen warms
#   up 1 s, then s0's rx_packets over SECS seconds is the result (g1's, the
#   offered rate, is shown beside it).  The datapath's miss counter is
#   reported: misses mean the flows do not cover the traffic.
#
#   pktgen, veth and the datapath share the guest's CPU: the softirq that
#   runs the datapath runs inline after each pktgen transmit, so the rate
#   is 1 / (generator + veth + datapath cost) and the offered rate follows
#   the delivered one.  To isolate the datapath, each round also measures
#   "base": the same path with a tc mirred redirect g1 -> s1 instead of a
#   datapath.  The datapath's own cost per packet is then estimated as
#   1/pps - 1/base_pps: guest nanoseconds, or under QEMU -icount (what
#   scripts/bench.sh uses by default) guest instructions.
#
# Parameters (VM_PARAMS / OVSVM_PARAMS): rounds=N (5), secs=S (5),
# cases=C1,C2 (1flow,1000x100,1000x100nc), icount=SHIFT|off (what scripts/bench.sh gave QEMU: with a shift, guest
# seconds are instruction counts and the numbers do not move with the
# host's load).
# Results: results/bench.txt (per round, medians, ratio ours/in-tree).
# Never fails because of our module: a module that does not load, takes
# no flows or forwards nothing is reported as such, with 0 pps.
#
# ovsvm-timeout: 1500

# shellcheck source=SCRIPTDIR/../vm/testlib.sh
. "$OVSVM_LIB"

rounds=5
secs=5
icount=off
CASES="1flow 1000x100 1000x100nc"
for p in ${OVSVM_PARAMS:-}; do
	case $p in
	cases=*) CASES=$(echo "${p#*=}" | tr ',' ' ') ;;
	icount=*) icount=${p#*=} ;;
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
if [ "$icount" = off ]; then
	say "guest clock: host time (no -icount): numbers move with the host's load"
else
	say "guest clock: QEMU -icount shift=$icount, one guest second = $((1000000000 >> icount)) instructions"
fi
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

stats() {	# "hit missed lost masks-hit cache-hit" of datapath bench
	timeout 20 ovs-dpctl show bench | awk '
		/lookups:/ { for (i = 2; i <= 4; i++) { split($i, f, ":"); v[i - 1] = f[2] } }
		/masks: hit:/ { split($2, f, ":"); v[4] = f[2] }
		/cache: hit:/ { split($2, f, ":"); v[5] = f[2] }
		END { printf "%d %d %d %d %d\n", v[1], v[2], v[3], v[4], v[5] }'
}

rxp() {	# rx_packets of a device
	cat "/sys/class/net/$1/statistics/rx_packets"
}

# measure [base]: forwarded pps (what reaches s0) into $PPS, a note into
# $NOTE: the offered rate (what entered the datapath port g1) and, unless
# base, the datapath's counters over the whole run (ovs-dpctl takes seconds
# under TCG: it stays out of the timed window): lookups hit/missed/lost,
# masks probed per packet and the masks cache hit rate.
measure() {
	local pgpid i0 i1 o0 o1 t0 t1 sa="0 0 0 0 0" sb="0 0 0 0 0"
	[ "${1:-}" = base ] || sa=$(stats)
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
	[ "${1:-}" = base ] || sb=$(stats)
	PPS=$(awk -v a="$o0" -v b="$o1" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%d", (b - a) / (t1 - t0) }')
	NOTE=$(echo "$i0 $i1 $t0 $t1 $sa $sb" | awk -v base="${1:-}" '{
		h = $10 - $5; m = $11 - $6; l = $12 - $7; mh = $13 - $8; ch = $14 - $9
		printf "offered %d pps", ($2 - $1) / ($4 - $3)
		if (base != "") exit
		printf "; dp hit %d missed %d lost %d", h, m, l
		if (h + m > 0) printf "; masks/pkt %.2f, cache hits %.0f%%", mh / (h + m), 100 * ch / (h + m)
		if (m > h / 100) printf " (MISSES: flows do not cover the traffic)" }')
}

# base ROUND: the same packets redirected g1 -> s1 by tc, no datapath.
base() {
	local why
	if ! why=$(tc qdisc add dev g1 ingress 2>&1 &&
		tc filter add dev g1 ingress matchall action mirred egress redirect dev s1 2>&1); then
		say "round $1 base: FAILED: tc mirred g1 -> s1: $(echo "$why" | tail -n 1)"
		RES[base:$1]=0
		tc qdisc del dev g1 ingress 2> /dev/null || true
		return 0
	fi
	measure base
	RES[base:$1]=$PPS
	say "$(printf 'round %d %-6s %-10s %9d pps   (tc redirect, no datapath; %s)' "$1" base - "$PPS" "$NOTE")"
	tc qdisc del dev g1 ingress || fail "cannot remove g1's ingress qdisc"
}

# Memory the kernel holds in slabs and vmalloc areas, kB: where a meter
# table and its meters live, in either module.
kmem() {
	awk '/^(Slab|VmallocUsed):/ { s += $2 } END { print s }' /proc/meminfo
}

# meters set|del N: make (remove) meters 1 .. N in datapath bench; sets
# MEM to the bytes per meter that Slab + VmallocUsed grew (shrank) by and
# MNOTE to a description with the time taken.
meters() {
	local m0 m1 t0 t1 n
	m0=$(kmem)
	t0=$(ut)
	if ! n=$(timeout 1800 /usr/bin/python3 "$flows_py" bench meters "$1" 1 "$2" 2>&1); then
		MNOTE="FAILED to $1 $2 meters: $(echo "$n" | tail -n 1)"
		return 1
	fi
	t1=$(ut)
	m1=$(kmem)
	MEM=$(awk -v a="$m0" -v b="$m1" -v n="$2" -v d="$1" 'BEGIN { v = (b - a) * 1024 / n; if (d == "del") v = -v; printf "%d", v }')
	MNOTE=$(awk -v n="$2" -v d="$1" -v t="$t0 $t1" -v m="$MEM" 'BEGIN {
		split(t, tt, " "); printf "%d meters %s in %.1fs, %s %d bytes a meter", n, d == "set" ? "set" : "deleted", tt[2] - tt[1], d == "set" ? "took" : "gave back", m }')
}

declare -A RES
run_module() {	# run_module intree|ours ROUND
	local m=$1 r=$2 why c n t0 t1 csize nmeters
	if [ "$m" = ours ] && [ -z "$ours" ]; then
		return 0
	fi
	if ! why=$(load_mod "$m"); then
		say "round $r $m: FAILED to load: $why"
		for c in $CASES; do RES[$m:$c:$r]=0; done
		[ ! -e /sys/module/openvswitch ] || unload_mod
		return 0
	fi
	if ! why=$(timeout 30 ovs-dpctl add-dp bench 2>&1 &&
		timeout 30 ovs-dpctl add-if bench g1,port_no=1 2>&1 &&
		timeout 30 ovs-dpctl add-if bench s1,port_no=2 2>&1); then
		say "round $r $m: FAILED: cannot make datapath bench with ports g1 (1), s1 (2): $(echo "$why" | tail -n 1)"
		for c in $CASES; do RES[$m:$c:$r]=0; done
		unload_mod
		return 0
	fi
	for c in $CASES; do
		timeout 30 ovs-dpctl del-flows bench > /dev/null 2>&1 || true
		nmeters=0
		case $c in
		meter1) nmeters=1 ;;
		meter200k) nmeters=199999 ;;
		esac
		if [ "$nmeters" -gt 0 ] && ! meters set "$nmeters"; then
			say "round $r $m $c: $MNOTE"
			RES[$m:$c:$r]=0
			continue
		fi
		[ "$nmeters" -lt 1000 ] || { RES[$m:$c:mem:$r]=$MEM; say "round $r $m $c: $MNOTE"; }
		t0=$(ut)
		case $c in
		1flow) set -- one ;;
		meter*) set -- one meter=$(((nmeters + 1) / 2)) ;;
		*) set -- many 1000 100 ;;
		esac
		# The cache size stays with the datapath: set it for every case.
		if [ "$c" = 1000x100nc ]; then csize=0; else csize=256; fi
		if ! why=$(timeout 30 /usr/bin/python3 "$flows_py" bench cache "$csize" 2>&1); then
			say "round $r $m $c: FAILED to set the masks cache size to $csize: $(echo "$why" | tail -n 1)"
			RES[$m:$c:$r]=0
			continue
		fi
		if ! n=$(timeout 300 /usr/bin/python3 "$flows_py" bench 1 2 "$@" 2>&1); then
			say "round $r $m $c: FAILED to install the flows: $(echo "$n" | tail -n 1)"
			RES[$m:$c:$r]=0
			continue
		fi
		t1=$(ut)
		measure
		RES[$m:$c:$r]=$PPS
		say "$(printf 'round %d %-6s %-10s %9d pps   (%s flows installed in %.1fs; %s)' \
			"$r" "$m" "$c" "$PPS" "$n" "$(echo "$t0 $t1" | awk '{ print $2 - $1 }')" "$NOTE")"
		timeout 30 ovs-dpctl del-flows bench > /dev/null 2>&1 || true
		if [ "$nmeters" -gt 0 ] && ! meters del "$nmeters"; then
			say "round $r $m $c: $MNOTE"
		elif [ "$nmeters" -ge 1000 ]; then
			say "round $r $m $c: $MNOTE"
		fi
	done
	unload_mod
}

[ ! -e /sys/module/openvswitch ] || run rmmod openvswitch || fail "openvswitch is loaded and cannot be removed"
for r in $(seq 1 "$rounds"); do
	base "$r"
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

# cost BASE PPS: the datapath's own cost per packet (see the top): guest
# nanoseconds, or under -icount instructions (2^shift ns each).
cost() {
	awk -v b="$1" -v p="$2" -v d="$cost_div" 'BEGIN { if (b > 0 && p > 0) printf "%.0f", (1e9 / p - 1e9 / b) / d; else print "n/a" }'
}
if [ "$icount" = off ]; then
	cost_div=1
	unit=ns
else
	cost_div=$((1 << icount))
	unit=instr
fi

bs=()
for r in $(seq 1 "$rounds"); do
	bs+=("${RES[base:$r]:-0}")
done
mb=$(median "${bs[@]}")
say ""
say "base (tc redirect, no datapath) median: $mb pps"
say "$(printf '%-10s %12s %12s %7s   %16s %16s %11s' case "in-tree pps" "ours pps" "ratio" \
	"in-tree $unit/pkt" "ours $unit/pkt" "cost ratio")"
bad=0
for c in $CASES; do
	a=()
	b=()
	for r in $(seq 1 "$rounds"); do
		a+=("${RES[intree:$c:$r]:-0}")
		[ -z "$ours" ] || b+=("${RES[ours:$c:$r]:-0}")
	done
	mi=$(median "${a[@]}")
	ci=$(cost "$mb" "$mi")
	if [ -n "$ours" ]; then
		mo=$(median "${b[@]}")
		ratio=$(awk -v o="$mo" -v i="$mi" 'BEGIN { if (i > 0) printf "%.2f", o / i; else print "n/a" }')
		co=$(cost "$mb" "$mo")
		cratio=$(awk -v o="$co" -v i="$ci" 'BEGIN { if (o + 0 > 0 && i + 0 > 0) printf "%.2f", i / o; else print "n/a" }')
	else
		mo="-"
		ratio="-"
		co="-"
		cratio="-"
	fi
	[ "$mi" -gt 0 ] || bad=1
	say "$(printf '%-10s %12s %12s %7s   %16s %16s %11s' "$c" "$mi" "$mo" "$ratio" "$ci" "$co" "$cratio")"
	[ "$mo" != 0 ] || say "           ours: 0 pps, our module does not forward this case (see the rounds above)"
done
for c in $CASES; do
	a=()
	b=()
	for r in $(seq 1 "$rounds"); do
		[ -z "${RES[intree:$c:mem:$r]:-}" ] || a+=("${RES[intree:$c:mem:$r]}")
		[ -z "${RES[ours:$c:mem:$r]:-}" ] || b+=("${RES[ours:$c:mem:$r]}")
	done
	[ ${#a[@]} -gt 0 ] || [ ${#b[@]} -gt 0 ] || continue
	mo=-
	[ ${#b[@]} = 0 ] || mo=$(median "${b[@]}")
	say "$(printf '%-10s memory a meter (Slab + VmallocUsed growth, median): in-tree %s bytes, ours %s bytes' \
		"$c" "$(median "${a[@]}")" "$mo")"
done
say "ratio: ours/in-tree packets per second; $unit/pkt: the datapath's own cost"
say "(1/pps - 1/base); cost ratio: in-tree cost / ours (above 1: ours is cheaper)"

klog_assert_clean start
[ "$bad" = 0 ] || fail "the in-tree module gave no numbers: the benchmark itself is broken"
pass "benchmark done: $out"
