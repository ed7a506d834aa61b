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
#           rnd1000x100 1000 flows over 100 masks (those of 1000x100), the
#                      packets' source address and UDP source port random
#                      (1000 x 65,535 distinct 5-tuples in random order, far
#                      more than any cache holds): the classifier's own cost
#           rnd1000x1k the same flows over 1,000 masks
#           rndbad1000x1k 1000 flows over 1,000 masks that merge badly
#                      into tuples (ovs-flows.py manybad: they differ in
#                      the IP TOS mask, which a tuple keeps): the worst
#                      case of the TupleMerge classifier, tuples = masks
#           rnd10kx10k 10,000 flows over 10,000 masks, one flow a mask
#                      (also the tuple-space explosion figure): for these
#                      three, the kernel memory the flows took is reported
#                      (growth of Slab + VmallocUsed + Percpu, and the drop
#                      of MemFree, which also sees large kmallocs)
#           tse        a tuple space explosion (CVE-2019-25076): the flow
#                      that matters (UDP to 10.9.0.1, any source), then a
#                      flood of 20,000 flows of 20,000 masks that no
#                      classifier merges (ovs-flows.py tse: distinct IP TOS
#                      and TTL masks); refused puts are counted (the
#                      in-tree module's flood stops at its first refusal:
#                      past 4,096 masks each one costs it a kernel warning,
#                      klog-known.awk names it); then three traffics
#                      measured in turn: the flood's (random sources of it
#                      and UDP source ports: tse), the flow that matters'
#                      (random UDP source ports: tse-matter, at once after
#                      the flood, and tse-settled, the same after 5 s more
#                      of it: both modules reorder their masks or tuples by
#                      recent hits every 4 s, so the flow that matters'
#                      mask moves ahead of the flood's) and packets
#                      of no flow (every mask or tuple probed, then lost:
#                      tse-miss); with the flows accepted and refused, the
#                      masks (ovs-dpctl show), the masks or tuples a packet
#                      probed, the memory the flood took (as rnd10kx10k)
#                      and the kernel log of the install
#           miss       no flow, the port's upcall PID 0: every packet is
#                      extracted, looked up, missed and dropped (lost) with
#                      no message built
#           upcall     no flow, the port's upcall PID a socket with a large
#                      receive buffer that never reads (ovs-flows.py
#                      listen, started after ovs-dpctl's last look at
#                      the datapath): every packet is queued to it as an
#                      upcall.
#                      upcall - miss is what building and queueing the
#                      message costs; /proc/net/netlink's Rmem and Drops of
#                      the socket show that the upcalls were queued, not
#                      dropped.  For miss and upcall the rate is what g1
#                      received (all of it goes through the datapath: the
#                      softirq runs inline after each transmit)
#           flows100k  no packets: 100,000 flows (100 masks, with UFIDs)
#                      installed over netlink, 32 requests a datagram, then
#                      deleted by UFID; installs and deletes per second
#                      (guest time of the requests, messages prebuilt) and
#                      the kernel's share of it (the sender's system time
#                      per flow, instructions under -icount), and the memory
#                      a flow takes (as above, and the slab caches that grew
#                      most, from /proc/slabinfo)
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
#   scripts/bench.sh uses by default) guest instructions.  The random
#   cases have their own base ("basernd": the same random packets through
#   tc), as pktgen's random numbers cost instructions too.
#
# Parameters (VM_PARAMS / OVSVM_PARAMS): rounds=N (5), secs=S (5),
# cases=C1,C2 (1flow,1000x100,1000x100nc), icount=SHIFT|off (what scripts/bench.sh gave QEMU: with a shift, guest
# seconds are instruction counts and the numbers do not move with the
# host's load).
# Results: results/bench.txt (per round, medians, ratio ours/in-tree).
# Never fails because of our module: a module that does not load, takes
# no flows or forwards nothing is reported as such, with 0 pps.
#
# ovsvm-timeout: 7200

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

# cost BASE PPS: the datapath's own cost per packet (see the top): guest
# nanoseconds, or under -icount instructions (2^shift ns each).
if [ "$icount" = off ]; then
	cost_div=1
	unit=ns
else
	cost_div=$((1 << icount))
	unit=instr
fi
cost() {
	awk -v b="$1" -v p="$2" -v d="$cost_div" 'BEGIN { if (b > 0 && p > 0) printf "%.0f", (1e9 / p - 1e9 / b) / d; else print "n/a" }'
}

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

# The source addresses of N flows' packets end at 10.0.0.0 + N.
last_src() {
	awk -v n="$1" 'BEGIN { printf "10.%d.%d.%d\n", int(n / 65536) % 256, int(n / 256) % 256, n % 256 }'
}

# traffic seq|rnd N: pktgen's packets cycle over N sources, UDP source port
# 9 (seq), or take a random source of N and a random UDP source port (rnd).
traffic() {
	local neg='!' p0=9 p1=9
	[ "$1" = seq ] || { neg=; p0=1; p1=65535; }
	pg g0 "flag ${neg}IPSRC_RND"
	pg g0 "flag ${neg}UDPSRC_RND"
	pg g0 "src_max $(last_src "$2")"
	pg g0 "udp_src_min $p0"
	pg g0 "udp_src_max $p1"
}

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

txd() {	# tx_dropped of a device
	cat "/sys/class/net/$1/statistics/tx_dropped"
}

# Time the CPU spent serving softirqs (/proc/stat, in USER_HZ ticks of
# 1/100 s): where the datapath runs, whether inline after pktgen's
# transmit or in ksoftirqd.
sirq() {
	awk '/^cpu / { print $8 }' /proc/stat
}

# counters: what measure() reads at both ends of its window: g1's
# received, s0's received, s1's and g0's dropped transmits, softirq time,
# uptime.
counters() {
	echo "$(rxp g1) $(rxp s0) $(txd s1) $(txd g0) $(sirq) $(ut)"
}

# measure [base|miss|upcall]: the packets the datapath processed per second into
# $PPS: what it output to s1 (what reached s0 and what s1 dropped because
# the CPU's backlog was full); with miss, what g1 received (nothing is
# forwarded).  The softirq time a processed packet took into $SIRQ
# (instructions under -icount, else ns): unlike PPS it does not assume
# that the softirq runs inline after each transmit.  A note into $NOTE:
# the offered rate (what entered g1), drops, and, unless base, the
# datapath's counters over the whole run (ovs-dpctl takes seconds under
# TCG: it stays out of the timed window): lookups hit/missed/lost, masks
# probed per packet and the masks cache hit rate.  Input drops (pktgen's
# packets refused by a full backlog) mean that pktgen outran the datapath
# and the softirq no longer ran inline: PPS then depends on how the
# scheduler shares the CPU between pktgen and ksoftirqd, SIRQ does not.
measure() {
	local pgpid c0 c1 sa="0 0 0 0 0" sb="0 0 0 0 0"
	[ "${1:-}" = base ] || sa=$(stats)
	# ovs-dpctl (stats) opens the datapath as its owner and may repoint
	# the ports' upcall PIDs: the listener comes after it.
	if [ "${1:-}" = upcall ]; then
		upcall_listen || return 1
		set -- miss
	fi
	echo start > /proc/net/pktgen/pgctrl &
	pgpid=$!
	sleep 1
	c0=$(counters)
	sleep "$secs"
	c1=$(counters)
	echo stop > /proc/net/pktgen/pgctrl
	wait "$pgpid" 2> /dev/null || true
	[ "${1:-}" = base ] || sb=$(stats)
	local how=${1:-} x y
	read -r -a x <<< "$c0"
	read -r -a y <<< "$c1"
	# x, y: g1 rx, s0 rx, s1 tx_dropped, g0 tx_dropped, softirq, uptime
	PPS=$(awk -v miss="$how" -v x="${x[*]}" -v y="${y[*]}" 'BEGIN {
		split(x, a, " "); split(y, b, " ")
		n = miss == "miss" ? b[1] - a[1] : b[2] - a[2] + b[3] - a[3]
		printf "%d", n / (b[6] - a[6]) }')
	SIRQ=$(awk -v p="$PPS" -v x="${x[*]}" -v y="${y[*]}" -v dv="$cost_div" 'BEGIN {
		split(x, a, " "); split(y, b, " ")
		if (p > 0) printf "%.0f", (b[5] - a[5]) / 100 * 1e9 / dv / (p * (b[6] - a[6])); else print 0 }')
	NOTE=$(echo "${x[0]} ${y[0]} ${x[5]} ${y[5]} $sa $sb ${x[2]} ${y[2]} ${x[3]} ${y[3]}" |
		awk -v base="$how" -v sirq="$SIRQ" -v unit="$unit" '{
		h = $10 - $5; m = $11 - $6; l = $12 - $7; mh = $13 - $8; ch = $14 - $9
		od = $16 - $15; id = $18 - $17
		printf "offered %d pps; softirq %d %s/pkt", ($2 - $1) / ($4 - $3), sirq, unit
		if (od + id > 0) printf "; output drops %d, input drops %d", od, id
		if (id > ($2 - $1) / 100) printf " (NOT INLINE: pktgen outran the datapath, trust softirq/pkt)"
		if (base == "base") exit
		printf "; dp hit %d missed %d lost %d", h, m, l
		if (h + m > 0) printf "; masks/pkt %.2f, cache hits %.0f%%", mh / (h + m), 100 * ch / (h + m)
		if (base == "" && m > h / 100) printf " (MISSES: flows do not cover the traffic)"
		if (base == "miss" && h > 0) printf " (HITS: the table is not empty)" }')
}

# base ROUND [rnd]: the same packets redirected g1 -> s1 by tc, no
# datapath (with rnd, the random packets of the rnd* cases).
base() {
	local why b=base
	[ -z "${2:-}" ] || { b=basernd; traffic rnd 10000; }
	if ! why=$(tc qdisc add dev g1 ingress 2>&1 &&
		tc filter add dev g1 ingress matchall action mirred egress redirect dev s1 2>&1); then
		say "round $1 $b: FAILED: tc mirred g1 -> s1: $(echo "$why" | tail -n 1)"
		RES[$b:$1]=0
		tc qdisc del dev g1 ingress 2> /dev/null || true
		traffic seq 1000
		return 0
	fi
	measure base
	RES[$b:$1]=$PPS
	RES[$b:sirq:$1]=$SIRQ
	say "$(printf 'round %d %-6s %-11s %9d pps   (tc redirect, no datapath; %s)' "$1" "$b" - "$PPS" "$NOTE")"
	tc qdisc del dev g1 ingress || fail "cannot remove g1's ingress qdisc"
	traffic seq 1000
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

# Kernel memory, kB: Slab + VmallocUsed + Percpu (where flows, masks and
# their statistics live), and MemFree (which also drops for kmallocs too
# large for a slab, such as big hash tables).
kmem_all() {
	awk '/^(Slab|VmallocUsed|Percpu):/ { s += $2 } END { print s }' /proc/meminfo
}
memfree() {
	awk '/^MemFree:/ { print $2 }' /proc/meminfo
}

# slab_top BEFORE AFTER N: the four slab caches whose objects grew most
# between two copies of /proc/slabinfo, in bytes per one of N.
slab_top() {
	awk 'NR == FNR { if (FNR > 2) a[$1] = $3 * $4; next }
		FNR > 2 { d = $3 * $4 - a[$1]; if (d > 0) print d, $1 }' "$1" "$2" |
		sort -rn | head -n 4 |
		awk -v n="$3" '{ printf "%s%s %.0f", sep, $2, $1 / n; sep = ", " }'
}

# flows100k MODULE ROUND: install 100,000 flows, then delete them (see the
# top); the rates, the kernel's cost per flow and the memory per flow go
# into RES.
FLOWS_BULK=100000
flows100k() {
	local m=$1 r=$2 a d k0 k1 k2 f0 f1 f2 top
	k0=$(kmem_all)
	f0=$(memfree)
	cat /proc/slabinfo > /tmp/bench-slab0
	if ! a=$(timeout 3600 /usr/bin/python3 "$flows_py" bench 1 2 bulk add "$FLOWS_BULK" 100 2>&1); then
		say "round $r $m flows100k: FAILED to install the flows: $(echo "$a" | tail -n 1)"
		return 0
	fi
	k1=$(kmem_all)
	f1=$(memfree)
	cat /proc/slabinfo > /tmp/bench-slab1
	top=$(slab_top /tmp/bench-slab0 /tmp/bench-slab1 "$FLOWS_BULK")
	if ! d=$(timeout 3600 /usr/bin/python3 "$flows_py" bench 1 2 bulk del "$FLOWS_BULK" 100 2>&1); then
		say "round $r $m flows100k: FAILED to delete the flows: $(echo "$d" | tail -n 1)"
		d="0 0 0"
	fi
	# Deleted flows are freed after an RCU grace period.
	sleep 2
	k2=$(kmem_all)
	f2=$(memfree)
	# shellcheck disable=SC2046
	set -- $(echo "$a $d $k0 $k1 $k2 $f0 $f1 $f2" | awk -v dv="$cost_div" '{
		printf "%d %.0f %d %.0f %.0f %.0f %.0f %.0f\n",
			($2 > 0 ? $1 / $2 : 0), $3 * 1e9 / dv / $1,
			($5 > 0 ? $4 / $5 : 0), ($4 > 0 ? $6 * 1e9 / dv / $4 : 0),
			($8 - $7) * 1024 / $1, ($10 - $11) * 1024 / $1,
			($8 - $9) * 1024 / $1, ($12 - $11) * 1024 / $1 }')
	RES[$m:add:$r]=$1
	RES[$m:addk:$r]=$2
	RES[$m:del:$r]=$3
	RES[$m:delk:$r]=$4
	RES[$m:mem:$r]=$5
	RES[$m:memf:$r]=$6
	say "$(printf 'round %d %-6s flows100k: %d flows added, %d/s (kernel %d %s a flow), deleted %d/s (kernel %d %s a flow)' \
		"$r" "$m" "$FLOWS_BULK" "$1" "$2" "$unit" "$3" "$4" "$unit")"
	say "$(printf 'round %d %-6s flows100k: a flow took %d bytes (Slab + VmallocUsed + Percpu), %d bytes (MemFree); deletes gave back %d and %d bytes a flow' \
		"$r" "$m" "$5" "$6" "$7" "$8")"
	say "round $r $m flows100k: slab caches grown most, bytes a flow: $top"
}

# masks_total: the datapath's masks, as ovs-dpctl show counts them (ours:
# the masks userspace gave, not the tuples).
masks_total() {
	timeout 60 ovs-dpctl show bench | awk '/masks: hit:/ {
		for (i = 2; i <= NF; i++) if ($i ~ /^total:/) { split($i, f, ":"); print f[2] } }'
}

# tse_traffic flood|matter|miss: pktgen's packets for the tse case (the
# flood's: random sources of its flows; the flow that matters' and no
# flow's: one source outside the flood, to 10.9.0.1 or 10.99.0.1), all with
# random UDP source ports, so that no cache holds them.
tse_traffic() {
	case $1 in
	flood)
		traffic rnd "$TSE_FLOOD"
		pg g0 "src_min 10.0.0.1"
		pg g0 "dst 10.1.0.1"
		;;
	*)
		traffic rnd 1
		pg g0 "flag !IPSRC_RND"
		pg g0 "src_min 10.200.0.1"
		pg g0 "src_max 10.200.0.1"
		if [ "$1" = matter ]; then pg g0 "dst 10.9.0.1"; else pg g0 "dst 10.99.0.1"; fi
		;;
	esac
}

# tse_case MODULE ROUND: the tse case (see the top); results into RES as
# tse (flood), tse-matter, tse-settled and tse-miss.
TSE_FLOOD=20000
tse_case() {
	local m=$1 r=$2 n why stop='' k0 k1 f0 f1 t0 t1 nm log warn known sub c
	[ "$m" != intree ] || stop=stop
	if ! why=$(timeout 30 /usr/bin/python3 "$flows_py" bench cache 256 2>&1); then
		say "round $r $m tse: FAILED to set the masks cache size: $(echo "$why" | tail -n 1)"
		return 0
	fi
	klog_mark "tse-$m-$r"
	t0=$(ut)
	k0=$(kmem_all)
	f0=$(memfree)
	if ! n=$(timeout 3600 /usr/bin/python3 "$flows_py" bench 1 2 tse "$TSE_FLOOD" $stop 2>&1); then
		say "round $r $m tse: FAILED to install the flows: $(echo "$n" | tail -n 1)"
		return 0
	fi
	t1=$(ut)
	k1=$(kmem_all)
	f1=$(memfree)
	nm=$(masks_total)
	log=$(klog_since "tse-$m-$r")
	warn=$(echo "$log" | grep -cE "$KLOG_BAD" || true)
	known=$(echo "$log" | grep -c "known bug" || true)
	# shellcheck disable=SC2046
	set -- $(echo "$n" | head -n 1)
	RES[$m:tse:acc:$r]=$1
	RES[$m:tse:ref:$r]=$2
	RES[$m:tse:untried:$r]=$3
	RES[$m:tse:masks:$r]=$nm
	RES[$m:tse:warn:$r]=$((warn + known))
	RES[$m:tse:kmem:$r]=$((k1 - k0))
	RES[$m:tse:memf:$r]=$((f0 - f1))
	say "$(printf 'round %d %-6s tse: %d flows accepted (the one that matters first), %d refused, %d not tried, in %.1fs; %s masks (ovs-dpctl)' \
		"$r" "$m" "$1" "$2" "$3" "$(echo "$t0 $t1" | awk '{ print $2 - $1 }')" "$nm")"
	say "round $r $m tse: refusals: $(echo "$n" | sed -n 2p)"
	say "round $r $m tse: the flows took $((k1 - k0)) kB (Slab + VmallocUsed + Percpu), MemFree fell $((f0 - f1)) kB; kernel log of the install: $warn warnings, $known of a known bug$( [ "$known" = 0 ] || echo ": $(echo "$log" | grep "known bug" | sort -u | sed 's/.*own code: //' | head -n 1)")"
	for sub in flood matter settled miss; do
		if [ "$sub" = settled ]; then
			# The flow that matters' traffic goes on: past a
			# reordering (OVS_DP_REBALANCE_INTERVAL, in-tree's too).
			echo start > /proc/net/pktgen/pgctrl &
			sleep 5
			echo stop > /proc/net/pktgen/pgctrl
			wait $! 2> /dev/null || true
		else
			tse_traffic "$sub"
		fi
		if [ "$sub" = miss ]; then measure miss; else measure; fi
		case $sub in flood) c=tse ;; *) c=tse-$sub ;; esac
		RES[$m:$c:$r]=$PPS
		RES[$m:$c:sirq:$r]=$SIRQ
		say "$(printf 'round %d %-6s %-11s %9d pps   (%s)' "$r" "$m" "$c" "$PPS" "$NOTE")"
	done
	pg g0 "dst 10.1.0.1"
	pg g0 "src_min 10.0.0.1"
	traffic seq 1000
	timeout 60 ovs-dpctl del-flows bench > /dev/null 2>&1 || true
}

# upcall_listen: start the listener that never reads (ovs-flows.py listen)
# on port 1; sets LPID and LPORT (its netlink port id), or LERR.  Not in a
# $(...): the listener must be this shell's child.  The caller kills it.
upcall_listen() {
	local f=/tmp/bench-listen i
	/usr/bin/python3 "$flows_py" bench 1 listen > "$f" 2>&1 &
	LPID=$!
	for i in $(seq 1 600); do
		LPORT=$(sed -n 's/^\([0-9][0-9]*\)$/\1/p' "$f")
		[ -z "$LPORT" ] || return 0
		kill -0 "$LPID" 2> /dev/null || break
		sleep 0.1
	done
	LERR="the listener did not start: $(tail -n 1 "$f")"
	kill "$LPID" 2> /dev/null
	wait "$LPID" 2> /dev/null
	return 1
}

# The receive queue (bytes) and drops of netlink socket $1.
nl_queue() {
	awk -v p="$1" '$3 == p { printf "queued %.1f MiB, drops %d", $5 / 1048576, $9 }' /proc/net/netlink
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
		if [ "$c" = flows100k ]; then
			flows100k "$m" "$r"
			continue
		fi
		if [ "$c" = tse ]; then
			tse_case "$m" "$r"
			continue
		fi
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
		k0=$(kmem_all)
		f0=$(memfree)
		traffic seq 1000
		case $c in
		1flow) set -- one ;;
		meter*) set -- one meter=$(((nmeters + 1) / 2)) ;;
		rnd1000x100) set -- many 1000 100; traffic rnd 1000 ;;
		rnd1000x1k) set -- many 1000 1000; traffic rnd 1000 ;;
		rnd10kx10k) set -- many 10000 10000; traffic rnd 10000 ;;
		rndbad1000x1k) set -- manybad 1000 1000; traffic rnd 1000 ;;
		miss|upcall) set -- ;;
		*) set -- many 1000 100 ;;
		esac
		# The cache size stays with the datapath: set it for every case.
		if [ "$c" = 1000x100nc ]; then csize=0; else csize=256; fi
		if ! why=$(timeout 30 /usr/bin/python3 "$flows_py" bench cache "$csize" 2>&1); then
			say "round $r $m $c: FAILED to set the masks cache size to $csize: $(echo "$why" | tail -n 1)"
			RES[$m:$c:$r]=0
			continue
		fi
		n=0
		if [ $# -gt 0 ] && ! n=$(timeout 1800 /usr/bin/python3 "$flows_py" bench 1 2 "$@" 2>&1); then
			# A table refusing more masks is itself a result for
			# the rnd* cases: measure what it holds (the packets of
			# the refused flows miss).
			case $c:$(echo "$n" | head -n 1) in
			rnd*:[1-9]*)
				say "round $r $m $c: only $(echo "$n" | head -n 1) of $2 flows installed: $(echo "$n" | tail -n 1)"
				n=$(echo "$n" | head -n 1)
				;;
			*)
				say "round $r $m $c: FAILED to install the flows: $(echo "$n" | tail -n 1)"
				RES[$m:$c:$r]=0
				continue
				;;
			esac
		fi
		t1=$(ut)
		k1=$(kmem_all)
		f1=$(memfree)
		case $c in
		rnd*)
			RES[$m:$c:kmem:$r]=$((k1 - k0))
			RES[$m:$c:memf:$r]=$((f0 - f1))
			;;
		esac
		case $c in
		miss) measure miss ;;
		upcall)
			if ! measure upcall; then
				say "round $r $m $c: FAILED: $LERR"
				RES[$m:$c:$r]=0
				continue
			fi
			;;
		*) measure ;;
		esac
		if [ "$c" = upcall ]; then
			NOTE="$NOTE; listener $(nl_queue "$LPORT")"
			kill "$LPID"
			wait "$LPID" 2> /dev/null || true
		fi
		RES[$m:$c:$r]=$PPS
		RES[$m:$c:sirq:$r]=$SIRQ
		say "$(printf 'round %d %-6s %-11s %9d pps   (%s flows installed in %.1fs; %s)' \
			"$r" "$m" "$c" "$PPS" "$n" "$(echo "$t0 $t1" | awk '{ print $2 - $1 }')" "$NOTE")"
		case $c in
		rnd*) say "round $r $m $c: the flows took $((k1 - k0)) kB (Slab + VmallocUsed + Percpu), MemFree fell $((f0 - f1)) kB" ;;
		esac
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
rnd=
case " $CASES " in
*" rnd"* | *" tse "*) rnd=1 ;;
esac
for r in $(seq 1 "$rounds"); do
	base "$r"
	[ -z "$rnd" ] || base "$r" rnd
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

# med KEY: the median over the rounds of RES[KEY:round], "-" if none.
med() {
	local v=() r
	for r in $(seq 1 "$rounds"); do
		[ -z "${RES[$1:$r]:-}" ] || v+=("${RES[$1:$r]}")
	done
	if [ ${#v[@]} = 0 ]; then echo -; else median "${v[@]}"; fi
}
# ratio A B [inverse]: A/B (B/A), "n/a" unless both are numbers above 0.
ratio() {
	awk -v a="$1" -v b="$2" -v inv="${3:-}" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", inv ? b / a : a / b; else print "n/a" }'
}
bs=()
for r in $(seq 1 "$rounds"); do
	bs+=("${RES[base:$r]:-0}")
done
mb=$(median "${bs[@]}")
say ""
say "base (tc redirect, no datapath) median: $mb pps"
if [ -n "$rnd" ]; then
	bs=()
	for r in $(seq 1 "$rounds"); do
		bs+=("${RES[basernd:$r]:-0}")
	done
	mbr=$(median "${bs[@]}")
	say "basernd (the same with the rnd* cases' random packets) median: $mbr pps"
fi
# The rows of the tables: tse is measured with three traffics.
ROWS=$(echo " $CASES " | sed 's/ tse / tse tse-matter tse-settled tse-miss /')
say "$(printf '%-11s %12s %12s %7s   %16s %16s %11s' case "in-tree pps" "ours pps" "ratio" \
	"in-tree $unit/pkt" "ours $unit/pkt" "cost ratio")"
bad=0
declare -A COST
for c in $ROWS; do
	[ "$c" != flows100k ] || continue
	cb=$mb
	case $c in rnd* | tse*) cb=$mbr ;; esac
	a=()
	b=()
	for r in $(seq 1 "$rounds"); do
		a+=("${RES[intree:$c:$r]:-0}")
		[ -z "$ours" ] || b+=("${RES[ours:$c:$r]:-0}")
	done
	mi=$(median "${a[@]}")
	ci=$(cost "$cb" "$mi")
	COST[intree:$c]=$ci
	if [ -n "$ours" ]; then
		mo=$(median "${b[@]}")
		ratio=$(awk -v o="$mo" -v i="$mi" 'BEGIN { if (i > 0) printf "%.2f", o / i; else print "n/a" }')
		co=$(cost "$cb" "$mo")
		COST[ours:$c]=$co
		cratio=$(awk -v o="$co" -v i="$ci" 'BEGIN { if (o + 0 > 0 && i + 0 > 0) printf "%.2f", i / o; else print "n/a" }')
	else
		mo="-"
		ratio="-"
		co="-"
		cratio="-"
	fi
	[ "$mi" -gt 0 ] || bad=1
	say "$(printf '%-11s %12s %12s %7s   %16s %16s %11s' "$c" "$mi" "$mo" "$ratio" "$ci" "$co" "$cratio")"
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
say ""
say "softirq time per processed packet (all of net_rx: veth, datapath, output; $unit), and the"
say "datapath's share: minus the same for base (basernd for rnd*); holds whether or not the softirq ran inline"
say "$(printf '%-11s %12s %12s   %16s %16s %11s' case "in-tree" "ours" "in-tree dp" "ours dp" "cost ratio")"
sb=$(med base:sirq)
sbr=$(med basernd:sirq)
for c in $ROWS; do
	[ "$c" != flows100k ] || continue
	cb=$sb
	case $c in rnd* | tse*) cb=$sbr ;; esac
	si=$(med "intree:$c:sirq")
	so=$(med "ours:$c:sirq")
	di=$(awk -v a="$si" -v b="$cb" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.0f", a - b; else print "n/a" }')
	dout=$(awk -v a="$so" -v b="$cb" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.0f", a - b; else print "n/a" }')
	COST[sirq:intree:$c]=$di
	COST[sirq:ours:$c]=$dout
	say "$(printf '%-11s %12s %12s   %16s %16s %11s' "$c" "$si" "$so" "$di" "$dout" "$(ratio "$dout" "$di" inverse)")"
done
say ""
for c in $CASES; do
	case $c in rnd* | tse) ;; *) continue ;; esac
	say "$(printf '%-11s memory the flows took (median): in-tree %s kB, ours %s kB (Slab + VmallocUsed + Percpu); MemFree fell in-tree %s kB, ours %s kB' \
		"$c" "$(med "intree:$c:kmem")" "$(med "ours:$c:kmem")" "$(med "intree:$c:memf")" "$(med "ours:$c:memf")")"
done
case " $CASES " in
*" tse "*)
	for k in "acc:flows accepted" "ref:flows refused" "untried:flows not tried" \
		"masks:masks (ovs-dpctl show)" "warn:kernel warnings (install)"; do
		say "$(printf 'tse %-28s in-tree %8s   ours %8s' "${k#*:}" "$(med "intree:tse:${k%%:*}")" "$(med "ours:tse:${k%%:*}")")"
	done
	say "tse: of $TSE_FLOOD flood flows and the one that matters; the masks or tuples a packet probed are in the rounds' notes (masks/pkt; tse-miss probes them all)"
	;;
esac
case " $CASES " in
*" miss "*) with_miss=1 ;;
*) with_miss= ;;
esac
case $with_miss:" $CASES " in
1:*" upcall "*)
	# From the rates themselves: the base's output to s0, which neither
	# case has, drops out.
	ui=$(cost "$(med intree:miss)" "$(med intree:upcall)")
	uo=-
	[ -z "$ours" ] || uo=$(cost "$(med ours:miss)" "$(med ours:upcall)")
	say "$(printf 'upcall cost (upcall - miss: building and queueing the message), %s: in-tree %s, ours %s, cost ratio %s' \
		"$unit" "$ui" "$uo" "$(ratio "$uo" "$ui" inverse)")"
	ui=$(awk -v u="$(med intree:upcall:sirq)" -v m="$(med intree:miss:sirq)" 'BEGIN { if (u + 0 > 0 && m + 0 > 0) printf "%.0f", u - m; else print "n/a" }')
	uo=$(awk -v u="$(med ours:upcall:sirq)" -v m="$(med ours:miss:sirq)" 'BEGIN { if (u + 0 > 0 && m + 0 > 0) printf "%.0f", u - m; else print "n/a" }')
	say "$(printf 'upcall cost from softirq time (upcall - miss), %s: in-tree %s, ours %s, cost ratio %s' \
		"$unit" "$ui" "$uo" "$(ratio "$uo" "$ui" inverse)")"
	say "$(printf 'miss and upcall path from packet arrival (%s/pkt, as in the table: includes nothing of the base'"'"'s output to s1): in-tree %s, ours %s' \
		"$unit" "${COST[intree:upcall]}" "${COST[ours:upcall]:--}")"
	;;
esac
case " $CASES " in
*" flows100k "*)
	say "$(printf '%-30s %12s %12s %7s' "flows100k ($FLOWS_BULK flows)" in-tree ours ratio)"
	for k in "add:installs per second" "del:deletes per second" "addk:kernel $unit an install" \
		"delk:kernel $unit a delete" "mem:bytes a flow (slab etc.)" "memf:bytes a flow (MemFree)"; do
		i=$(med "intree:${k%%:*}")
		o=$(med "ours:${k%%:*}")
		case ${k%%:*} in
		add|del) rt=$(ratio "$o" "$i") ;;
		*) rt=$(ratio "$o" "$i" inverse) ;;
		esac
		say "$(printf '%-30s %12s %12s %7s' "${k#*:}" "$i" "$o" "$rt")"
	done
	say "flows100k ratio: ours/in-tree for rates, in-tree/ours for costs and bytes (above 1: ours is better)"
	[ "$(med intree:add)" != - ] || bad=1
	;;
esac
say "ratio: ours/in-tree packets per second; $unit/pkt: the datapath's own cost"
say "(1/pps - 1/base); cost ratio: in-tree cost / ours (above 1: ours is cheaper)"

klog_assert_clean start
[ "$bad" = 0 ] || fail "the in-tree module gave no numbers: the benchmark itself is broken"
pass "benchmark done: $out"
