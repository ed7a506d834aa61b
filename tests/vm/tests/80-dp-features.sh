#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What ovs-vswitchd 3.1 finds the datapath can do (its feature probes,
# "ovs-appctl dpif/show-dp-features br0") must be what it finds with the
# in-tree module of the same kernel, recorded in
# tests/vm/expected/dp-features-<major.minor>.txt by a --reference run.
#
# Not compared (IGNORE below; the real 3.1 output has this line): "Tunnel
# push pop:" (a feature of the userspace datapath, "No" on every kernel).
# The conntrack lines ("CT state: ...", "Conntrack clear: ..." and the
# like) are compared as every other.  3.1 prints no meter line.  On a
# mismatch both outputs are in results/.
#
# Where ours answers more than the in-tree module of a kernel by design
# (4.19, the xs8 guest: check_pkt_len, add_mpls and three MPLS labels are
# ours on every kernel, newer than 4.19's own module),
# tests/vm/expected/dp-features-<kernel>-ours.txt holds ours' exact answer:
# ours must then give exactly it, and every in-tree line of the kernel's
# own file at least (tests/vm/README, "Expected answers").
#

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

# Lines left out of the comparison, as an extended regex on the whole line.
IGNORE='^(Tunnel push pop:)'

guest_dir=$(dirname "$OVSVM_LIB")
series=$OVSVM_KERNEL
expected=$guest_dir/expected/dp-features-$series.txt
expected_ours=$guest_dir/expected/dp-features-$series-ours.txt
got=$OVSVM_RESULTS/$TEST_NAME-$OVSVM_MODE-$series.txt

ovs_load
klog_mark start

# shellcheck disable=SC2317 # run by the EXIT trap
on_exit() {
	local rc=$?
	if [ "$rc" != 0 ]; then
		echo "--- ovs-vswitchd.log ---"
		cat "$OVS_DIR/ovs-vswitchd.log" 2>/dev/null || true
		ovs_stop > /dev/null 2>&1 || true
	fi
	return "$rc"
}
trap on_exit EXIT

step "start the daemons, add br0"
ovs_start
RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-br br0 || fail "ovs-vsctl add-br br0 failed"

step "ovs-appctl dpif/show-dp-features br0"
run ovs-appctl --timeout=30 dpif/show-dp-features br0 > "$got" || fail "dpif/show-dp-features failed"
cat "$got"
[ -s "$got" ] || fail "dpif/show-dp-features printed nothing"
ovs_assert_ours

step "stop"
run ovs-vsctl --timeout=60 del-br br0 || fail "ovs-vsctl del-br br0 failed"
ovs_stop || fail "the OVS daemons did not stop"
ovs_unload
klog_assert_clean start

if [ "$OVSVM_MODE" = ours ] && [ -f "$expected_ours" ]; then
	step "compare with $(basename "$expected_ours"), ours' own answer on $series (ignoring lines matching $IGNORE)"
	grep -Ev -- "$IGNORE" "$expected_ours" > "$TEST_TMP/want-ours"
	grep -Ev -- "$IGNORE" "$got" > "$TEST_TMP/have-ours"
	diff -u "$TEST_TMP/want-ours" "$TEST_TMP/have-ours" ||
		fail "the datapath features differ from $(basename "$expected_ours")"
fi

step "compare with $(basename "$expected") (ignoring lines matching $IGNORE)"
[ -f "$expected" ] || fail "no $expected: record it from $got of a --reference run"
cp "$expected" "$OVSVM_RESULTS/$TEST_NAME-expected-$series.txt"
grep -Ev -- "$IGNORE" "$expected" > "$TEST_TMP/want"
grep -Ev -- "$IGNORE" "$got" > "$TEST_TMP/have"
# Where ours does more than the in-tree module of this kernel (hash
# algorithms and actions newer than its headers, which compat/ supplies),
# a larger number or a Yes for a No is not a difference: the line is taken
# as the in-tree one, and said.
while IFS= read -r want; do
	name=${want%%:*}
	have=$(grep -F -- "$name:" "$TEST_TMP/have" | head -n 1)
	if [ -z "$have" ] || [ "$have" = "$want" ]; then
		continue
	fi
	w=${want#*: } h=${have#*: }
	better=0
	case "$w/$h" in
	No/Yes) better=1 ;;
	*)
		if [[ $w =~ ^[0-9]+$ && $h =~ ^[0-9]+$ ]] && [ "$h" -gt "$w" ]; then
			better=1
		fi ;;
	esac
	[ "$better" = 1 ] || continue
	echo "ours does more: '$have' (in-tree: '$want')"
	sed -i "s|^$name: .*\$|$want|" "$TEST_TMP/have"
done < "$TEST_TMP/want"
echo "compared lines: $(wc -l < "$TEST_TMP/want"), ignored: $(grep -Ec -- "$IGNORE" "$expected")"
if ! diff -u "$TEST_TMP/want" "$TEST_TMP/have"; then
	echo "expected (in-tree): $OVSVM_RESULTS/$TEST_NAME-expected-$series.txt"
	echo "this module:        $got"
	fail "the datapath features differ from the in-tree module's"
fi
pass "dp features as the in-tree module's on $series ($(wc -l < "$TEST_TMP/want") lines compared)"
