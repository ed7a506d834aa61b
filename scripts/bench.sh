#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: packets per second through the datapath, the in-tree
# openvswitch.ko and ours loaded in turn in one QEMU boot (TCG: compare
# the ratio, not the absolute numbers).  The guest side is
# tests/bench/10-bench.sh, run by the VM harness tests/vm/run.sh.
#
#   scripts/bench.sh [--reference-only] [--kernel 6.1|6.12] [--rounds N] [--secs S]
#                    [--cases C1,C2] [--icount SHIFT | --wall-clock]
#
#   --reference-only  the in-tree module only; ours is not built
#   --cases C1,C2     the cases to run (1flow,1000x100,1000x100nc; also
#                     meter1, meter200k; rnd1000x100, rnd1000x1k, rnd10kx10k
#                     (random 5-tuples over 100, 1,000 and 10,000 masks),
#                     rndbad1000x1k (1,000 masks that merge badly),
#                     miss and upcall (the cost of an upcall), flows100k
#                     (installs and deletes per second, memory per flow),
#                     tse (a tuple space explosion: a flow that matters,
#                     then 20,000 flows of masks that do not merge):
#                     see tests/bench/10-bench.sh; "all" is every case)
#   --rounds N        rounds, each loading both modules (5)
#   --secs S          seconds measured per case (5)
#   --icount SHIFT    QEMU -icount shift=SHIFT (3): the guest clock advances
#                     2^SHIFT ns per executed instruction, so packets per
#                     second become packets per instruction budget, the
#                     same on a busy or a quiet host
#                     (one vCPU: QEMU 7.2 never brought up a second vCPU
#                     under -icount, and with one the packets and pktgen
#                     share one CPU by construction)
#   --wall-clock      no -icount, two vCPUs: the guest clock is host time,
#                     and the numbers move with the host's load
#
# Prints the per-round numbers, the medians and the ratio ours/in-tree
# (also in build/vm/<run>/results/bench.txt).  Exit status 0 when the
# benchmark ran, whatever our module's numbers; non-zero when the in-tree
# side gave none (the benchmark is broken) or the VM failed.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd -P)
mode=
kernel=6.1
rounds=5
secs=5
cases=1flow,1000x100,1000x100nc
icount=3
while [ $# -gt 0 ]; do
	case $1 in
	--reference-only) mode=--reference ;;
	--kernel) kernel=$2; shift ;;
	--rounds) rounds=$2; shift ;;
	--secs) secs=$2; shift ;;
	--cases) cases=$2; shift ;;
	--icount) icount=$2; shift ;;
	--wall-clock) icount= ;;
	-h|--help) sed -n '3,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "bench.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
	shift
done
case $rounds$secs$icount in
*[!0-9]*) echo "bench.sh: --rounds, --secs and --icount take numbers" >&2; exit 2 ;;
esac
all=1flow,1000x100,1000x100nc,rnd1000x100,rnd1000x1k,rndbad1000x1k,rnd10kx10k,tse,miss,upcall,flows100k,meter1,meter200k
[ "$cases" != all ] || cases=$all
for c in $(echo "$cases" | tr ',' ' '); do
	case $c in
	1flow|1000x100|1000x100nc|meter1|meter200k) ;;
	rnd1000x100|rnd1000x1k|rndbad1000x1k|rnd10kx10k|tse|miss|upcall|flows100k) ;;
	*) echo "bench.sh: unknown case '$c' ($all)" >&2; exit 2 ;;
	esac
done

# The run directory from run.sh's own words: build/vm/latest may point at
# another run started meanwhile.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
	rc=0
	VM_TESTS_DIR=$top/tests/bench VM_TESTS='*' VM_PARAMS="rounds=$rounds secs=$secs cases=$cases icount=${icount:-off}" \
		VM_ICOUNT=${icount:+shift=$icount,sleep=on} VM_CPUS=${icount:+1} \
		"$top/tests/vm/run.sh" --kernel "$kernel" $mode 2>&1 || rc=$?
	echo "$rc" > "$tmp/rc"
} | tee "$tmp/log"
rc=$(cat "$tmp/rc" 2>/dev/null || echo 1)
run=$(sed -n 's/.*artifacts in \(\/[^ ]*\)$/\1/p' "$tmp/log" | head -n 1)
res=${run:-/nonexistent}/results/bench.txt
echo
if [ -s "$res" ]; then
	echo "--- $res ---"
	cat "$res"
else
	echo "bench.sh: no $res: the benchmark did not run (see above)"
	[ "$rc" != 0 ] || rc=1
fi
exit "$rc"
