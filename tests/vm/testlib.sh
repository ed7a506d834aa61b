# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers for the VM tests (tests/vm/tests/NN-*.sh), sourced with
#   . "$OVSVM_LIB"
# The guest init exports OVSVM_MODE (ours|reference), OVSVM_RESULTS,
# OVSVM_KO_SRCVERSION, OVSVM_META_VERSION, TEST_NAME and TEST_TMP (an empty
# tmpfs directory for this test).
#
# Conventions: every step prints what it does; "fail" ends the test with a
# reason; every command that talks to the kernel or a daemon runs under a
# timeout so that a hang is a failure, not a stuck VM.

set -eu

# Lines in the kernel log that mean the kernel is unhappy.  The host checks
# the whole log for the same list; tests check their own slice so the
# failure lands on the test that caused it.
KLOG_BAD='WARNING:|BUG:|Oops|KASAN|refcount_t|UBSAN|unreferenced object|Call Trace|unregister_netdevice: waiting for'

step() {
	echo "== $*"
}

fail() {
	echo "FAIL: $*"
	exit 1
}

pass() {
	echo "PASS: ${*:-$TEST_NAME}"
	exit 0
}

# wait_until SECONDS COMMAND...: run COMMAND every 0.2 s until it succeeds
# (status 0) or SECONDS have passed (status 1).  For what the kernel or a
# daemon does in the background: a work item, a server getting ready.
wait_until() {
	local tries=$(($1 * 5))
	shift
	while ! "$@"; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || return 1
		sleep 0.2
	done
}

# The namespace's datapath NAME was torn down since marker MARK: the
# kernel's "left promiscuous mode" line for its local port says so.
klog_dp_gone() {
	klog_since "$1" | grep -Eq "$2.*left promiscuous mode"
}

# Port NAME is not (or no longer) a port of datapath DP.  A datapath that
# cannot be shown counts as "not gone": that is a failure of its own.
dp_port_gone() {
	local out
	out=$(timeout 10 ovs-dpctl show "$1") || return 1
	! echo "$out" | grep -Eq "^[[:space:]]*port [0-9]+: $2( |\$)"
}

# dp_wait_port_gone DP NAME WHY: ports leave from a work item after their
# device is gone; fail unless NAME has left DP within 10 s.
dp_wait_port_gone() {
	wait_until 10 dp_port_gone "$1" "$2" && return 0
	run ovs-dpctl show "$1"
	fail "port $2 still in $1 10 s after $3"
}

# Run a command with a timeout, echoing it and its output.
run() {
	echo "\$ $*" >&2
	timeout -k 5 "${RUN_TIMEOUT:-60}" "$@"
}

# tcp_transfer FROM_NS TO_NS TO_ADDR PORT BYTES [WHAT]: BYTES over TCP from
# a client in FROM_NS to a server in TO_NS listening on TO_ADDR:PORT; fail
# unless the server received exactly what the client sent (length and
# SHA-256).  WHAT, if given, goes into the failure messages.
OVSVM_TCP_PY=$(dirname "${BASH_SOURCE[0]}")/tcp-transfer.py
tcp_transfer() {
	local ready=$TEST_TMP/ready.$4 out=$TEST_TMP/server.$4
	local what=${6:+ ($6)} sent got spid
	rm -f "$ready"
	ip netns exec "$2" timeout 90 /usr/bin/python3 "$OVSVM_TCP_PY" server "$3" "$4" "$ready" \
		> "$out" 2>&1 &
	spid=$!
	wait_until 20 test -e "$ready" ||
		{ kill "$spid"; cat "$out"; fail "the TCP server in $2 did not start$what"; }
	sent=$(RUN_TIMEOUT=90 run ip netns exec "$1" /usr/bin/python3 "$OVSVM_TCP_PY" client "$3" "$4" "$5") ||
		{ kill "$spid"; fail "TCP client $1 -> $3:$4 failed$what"; }
	wait "$spid" || { cat "$out"; fail "TCP server $2 ($3:$4) failed$what"; }
	got=$(cat "$out")
	echo "sent: $sent"
	echo "got:  $got"
	[ "$sent" = "$got" ] || fail "TCP $1 -> $2$what: received data differ from what was sent"
}

# Put a marker into the kernel log; klog_since prints what followed it.
klog_mark() {
	echo "ovsvm: mark $TEST_NAME $1" > /dev/kmsg
}

# Warnings of known bugs of the guest kernel itself are named, not shown
# (klog-known.awk says which and why).
KLOG_KNOWN=$(dirname "${BASH_SOURCE[0]}")/klog-known.awk

klog_since() {
	dmesg | awk -f "$KLOG_KNOWN" |
		awk -v m="ovsvm: mark $TEST_NAME $1" 'index($0, m) { p = 1; next } p'
}

# Fail if the kernel complained since the marker.
klog_assert_clean() {
	local bad
	bad=$(klog_since "$1" | grep -E "$KLOG_BAD" || true)
	if [ -n "$bad" ]; then
		echo "kernel log since mark '$1':"
		klog_since "$1"
		fail "the kernel logged a warning or worse (${2:-during this test})"
	fi
}

# modprobe openvswitch and check that what loaded is the module under test
# (our build, or the in-tree one in reference mode).
ovs_load() {
	run modprobe openvswitch || fail "modprobe openvswitch failed"
	ovs_assert_ours
}

ovs_assert_ours() {
	[ -d /sys/module/openvswitch ] || fail "openvswitch is not loaded"
	if [ "$OVSVM_MODE" = reference ]; then
		return 0
	fi
	local src
	src=$(cat /sys/module/openvswitch/srcversion 2>/dev/null || echo none)
	[ "$src" = "$OVSVM_KO_SRCVERSION" ] ||
		fail "the loaded openvswitch (srcversion $src) is not the module under test ($OVSVM_KO_SRCVERSION)"
}

# rmmod openvswitch and check nothing of it stays behind.
ovs_unload() {
	run rmmod openvswitch || fail "rmmod openvswitch failed (refcount $(cat /sys/module/openvswitch/refcnt 2>/dev/null))"
	ovs_assert_unloaded
}

ovs_assert_unloaded() {
	[ ! -e /sys/module/openvswitch ] || fail "/sys/module/openvswitch still exists after rmmod"
	! grep -q '^openvswitch ' /proc/modules || fail "openvswitch still in /proc/modules"
	# The generic netlink families must have gone with the module.
	local fams
	fams=$(timeout 10 genl ctrl list 2>/dev/null | sed -n 's/^Name: \(ovs_[a-z_]*\).*/\1/p' | tr '\n' ' ')
	[ -z "$fams" ] || fail "generic netlink families still registered after unload: $fams"
	# And so must every datapath device (ovs-system and internal ports).
	local devs
	devs=$(ip -o link show type openvswitch 2>/dev/null | awk -F': ' '{ print $2 }' | tr '\n' ' ')
	[ ! -e /sys/class/net/ovs-system ] || devs="$devs ovs-system"
	[ -z "$devs" ] || fail "openvswitch net devices left after unload: $devs"
}

# ---------------------------------------------------------------------------
# Debian's ovsdb-server + ovs-vswitchd, all state in $TEST_TMP/ovs.  The
# OVS_* variables make every OVS tool (ovs-vsctl, ovs-appctl, ovs-dpctl)
# find this instance and nothing of the host's.

ovs_env() {
	OVS_DIR=$TEST_TMP/ovs
	mkdir -p "$OVS_DIR"
	export OVS_RUNDIR=$OVS_DIR OVS_DBDIR=$OVS_DIR OVS_LOGDIR=$OVS_DIR \
		OVS_SYSCONFDIR=$OVS_DIR OVS_PKGDATADIR=${OVSVM_OVS_PKGDATADIR:-/usr/share/openvswitch}
}

ovs_start() {
	ovs_env
	run ovsdb-tool create "$OVS_DIR/conf.db" "$OVS_PKGDATADIR/vswitch.ovsschema" ||
		fail "ovsdb-tool create failed"
	run ovsdb-server "$OVS_DIR/conf.db" \
		--remote="punix:$OVS_DIR/db.sock" \
		--pidfile="$OVS_DIR/ovsdb-server.pid" \
		--log-file="$OVS_DIR/ovsdb-server.log" \
		--detach --no-chdir || fail "ovsdb-server did not start"
	run ovs-vsctl --timeout=30 --no-wait init || fail "ovs-vsctl init failed"
	# Datapath flows idle for max-idle (10 s by default) are deleted.  The
	# tests dump them after a few steps that each take seconds under TCG
	# on a busy host, and the flow a step made must still be there.
	run ovs-vsctl --timeout=30 --no-wait set Open_vSwitch . other_config:max-idle=120000 ||
		fail "setting max-idle failed"
	ovs_start_vswitchd
}

# ovs-vswitchd 3.1 counts the CPUs it may use (count_cpu_cores() in
# lib/ovs-thread.c) at most once per 10 s of the monotonic clock, counting
# from 0: during a boot's first 10 s it answers 0.  In per-CPU upcall
# dispatch the datapath then gets no handler sockets, and when vswitchd
# later moves to 2 handlers it never makes them (its handlers_set only
# refreshes handlers that exist): every upcall is lost until vswitchd is
# restarted, with the in-tree module as with ours.  The first test of a
# boot would hit it; starting vswitchd past 10 s of uptime avoids it.
ovs_wait_boot_10s() {
	local up
	while up=$(cut -d. -f1 /proc/uptime) && [ "$up" -lt 11 ]; do
		sleep 0.5
	done
}

# ovs-vswitchd alone, on the database ovs_start made (started again after
# a stop that left ovsdb-server running).
ovs_start_vswitchd() {
	ovs_wait_boot_10s
	run ovs-vswitchd "unix:$OVS_DIR/db.sock" \
		--pidfile="$OVS_DIR/ovs-vswitchd.pid" \
		--log-file="$OVS_DIR/ovs-vswitchd.log" \
		--detach --no-chdir || fail "ovs-vswitchd did not start"
}

ovs_daemons_gone() {
	! pidof ovs-vswitchd ovsdb-server > /dev/null
}

# Stop both daemons; vswitchd's --cleanup deletes the datapath it made.
ovs_stop() {
	local ok=0
	if [ -f "$OVS_DIR/ovs-vswitchd.pid" ]; then
		run ovs-appctl --timeout=30 -t ovs-vswitchd exit --cleanup || ok=1
	fi
	if [ -f "$OVS_DIR/ovsdb-server.pid" ]; then
		run ovs-appctl --timeout=30 -t ovsdb-server exit || ok=1
	fi
	# exit is asynchronous: wait until both are really gone.
	if ! wait_until 20 ovs_daemons_gone; then
		echo "daemons still running after 20s: $(pidof ovs-vswitchd ovsdb-server)"
		return 1
	fi
	return "$ok"
}

# Print vswitchd's (or another log's) WARN and ERR lines.
ovs_log_problems() {
	grep -E '\|(WARN|ERR|EMER)\|' "$1" || true
}

# Log lines that are about the VM, not about the datapath.  Each entry is
# an extended regex matched against the whole line; say why it is here.
VSWITCHD_LOG_IGNORE=(
	# "Unreasonably long NNNNms poll interval" and its follow-up lines
	# ("faults:", "context switches:"): vswitchd timing the loop of its
	# main thread, or of another thread, which it then names in
	# parentheses (timeval(revalidator3)).  Under TCG on a shared 2-core
	# host an iteration that would take milliseconds takes seconds; it
	# says nothing about the datapath.
	'\|timeval(\([a-z_]+[0-9]*\))?\|WARN\|'
	# Its RCU thread, or the main thread in a synchronize (no thread
	# name then), waiting for such a slow thread: timing again.
	'\|ovs_rcu(\(urcu[0-9]+\))?\|WARN\|blocked [0-9]+ ms waiting for [a-z_]+[0-9]* to quiesce'
)

# Fail on vswitchd's WARN and ERR lines but those VSWITCHD_LOG_IGNORE names.
ovs_assert_vswitchd_log_clean() {
	local problems re

	step "vswitchd's log: WARN and ERR lines"
	problems=$(ovs_log_problems "$OVS_DIR/ovs-vswitchd.log")
	for re in "${VSWITCHD_LOG_IGNORE[@]}"; do
		problems=$(echo "$problems" | grep -Ev -- "$re" || true)
	done
	if [ -n "$problems" ]; then
		echo "$problems"
		fail "ovs-vswitchd logged warnings or errors"
	fi
	echo "none"
}

# ---------------------------------------------------------------------------
# A bridge with traffic through it, for tests that change things under a
# switch that keeps forwarding (35-reload, 37-churn).

# NS1 reaches 10.0.1.2 (NS2 on br0_pinging's bridge) with one ping.
br0_forwards() {	# NS1
	ip netns exec "$1" ping -c 1 -W 1 10.0.1.2 > /dev/null 2>&1
}

# br0_pinging NS1 NS2: on the running vswitchd, br0 in standalone mode
# (NORMAL) with namespaces NS1 (10.0.1.1/24) and NS2 (10.0.1.2/24) on
# veths veth-NS1 and veth-NS2; fails unless NS1 reaches NS2 through it
# within 60 s, then leaves NS1 pinging NS2 every 0.2 s in the background
# for the whole test: its output in $TEST_TMP/bgping.txt, its pid in
# BGPING (SIGINT makes it print its summary).
br0_pinging() {	# NS1 NS2
	local i=0 n
	RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-br br0 -- set-fail-mode br0 standalone ||
		fail "ovs-vsctl add-br br0 failed"
	for n in "$@"; do
		i=$((i + 1))
		run ip netns add "$n" || fail "ip netns add $n failed"
		run ip link add "veth-$n" type veth peer name eth0 netns "$n" || fail "veth for $n failed"
		run ip netns exec "$n" ip addr add "10.0.1.$i/24" dev eth0
		run ip netns exec "$n" ip link set eth0 up
		run ip link set "veth-$n" up
		RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-port br0 "veth-$n" ||
			fail "ovs-vsctl add-port br0 veth-$n failed"
	done
	wait_until 60 br0_forwards "$1" || fail "no ping from $1 to $2 through br0"
	ip netns exec "$1" ping -i 0.2 10.0.1.2 > "$TEST_TMP/bgping.txt" 2>&1 &
	# shellcheck disable=SC2034 # the tests' to stop
	BGPING=$!
}

# The end of a test on br0_pinging's bridge: vswitchd's log clean, br0
# deleted, the daemons stopped, the module unloaded, and no kernel
# warning since klog mark MARK.
br0_teardown() {	# MARK
	ovs_assert_vswitchd_log_clean
	step "stop and unload"
	run ovs-vsctl --timeout=60 del-br br0 || fail "ovs-vsctl del-br br0 failed"
	ovs_stop || fail "the daemons did not stop"
	ovs_unload
	klog_assert_clean "$1"
}

# A second host for the tunnel tests: the namespace $HOSTB_NS with its own
# ovsdb-server and ovs-vswitchd (all state in $B, so its own datapath), and
# a veth underlay between it and host A (the guest's own namespace).

# Packets still in flight when a tunnel port goes reach a datapath whose
# vswitchd no longer has a port for their tunnel: it says so (past the
# tunnel module's rate limit, counted), and drops them.
tunnel_log_ignore() {
	VSWITCHD_LOG_IGNORE+=('\|tunnel\([a-z0-9]+\)\|WARN\|receive tunnel port not found')
	VSWITCHD_LOG_IGNORE+=('\|tunnel\([a-z0-9]+\)\|WARN\|Dropped [0-9]+ log messages in last [0-9]+ seconds')
}

# hostb_setup NS DEV_A DEV_B V4NET [V6NET]: host B is namespace NS; the
# underlay is the veth DEV_A (host A: V4NET.1/24 and V6NET::1/64) to DEV_B
# (in NS: .2 and ::2), checked by a ping each way it carries.
hostb_setup() {
	HOSTB_NS=$1
	B=$TEST_TMP/ovs-b
	mkdir -p "$B"
	step "host B (namespace $1) and the underlay between A and B"
	run ip netns add "$1" || fail "ip netns add $1 failed"
	run ip link add "$2" type veth peer name "$3" netns "$1" || fail "the underlay veth failed"
	run ip addr add "$4.1/24" dev "$2" || fail "ip addr add on $2 failed"
	run ip netns exec "$1" ip addr add "$4.2/24" dev "$3" || fail "ip addr add on $3 failed"
	if [ -n "${5:-}" ]; then
		run ip addr add "$5::1/64" dev "$2" nodad || fail "ip addr add on $2 failed"
		run ip netns exec "$1" ip addr add "$5::2/64" dev "$3" nodad ||
			fail "ip addr add on $3 failed"
	fi
	run ip link set "$2" up
	run ip netns exec "$1" ip link set lo up
	run ip netns exec "$1" ip link set "$3" up
	RUN_TIMEOUT=30 run ping -c 1 -w 20 "$4.2" > /dev/null || fail "the underlay does not carry IPv4"
	if [ -n "${5:-}" ]; then
		RUN_TIMEOUT=30 run ping -c 1 -w 20 "$5::2" > /dev/null ||
			fail "the underlay does not carry IPv6"
	fi
}

# onb CMD...: CMD on host B, for its own OVS daemons.
onb() {
	run env OVS_RUNDIR="$B" OVS_DBDIR="$B" OVS_LOGDIR="$B" \
		OVS_SYSCONFDIR="$B" OVS_PKGDATADIR=/usr/share/openvswitch \
		ip netns exec "$HOSTB_NS" "$@"
}

# hostb_start: ovsdb-server and ovs-vswitchd on host B (max-idle as
# ovs_start sets it).
hostb_start() {
	onb ovsdb-tool create "$B/conf.db" /usr/share/openvswitch/vswitch.ovsschema ||
		fail "ovsdb-tool create (B) failed"
	onb ovsdb-server "$B/conf.db" --remote="punix:$B/db.sock" \
		--pidfile="$B/ovsdb-server.pid" --log-file="$B/ovsdb-server.log" \
		--detach --no-chdir || fail "ovsdb-server (B) did not start"
	onb ovs-vsctl --timeout=30 --no-wait init || fail "ovs-vsctl init (B) failed"
	onb ovs-vsctl --timeout=30 --no-wait set Open_vSwitch . other_config:max-idle=120000 ||
		fail "setting max-idle (B) failed"
	ovs_wait_boot_10s
	onb ovs-vswitchd "unix:$B/db.sock" --pidfile="$B/ovs-vswitchd.pid" \
		--log-file="$B/ovs-vswitchd.log" --detach --no-chdir ||
		fail "ovs-vswitchd (B) did not start"
}

hostb_daemons_gone() {
	! ip netns pids "$HOSTB_NS" 2>/dev/null | grep -q .
}

hostb_stop() {
	[ -n "${B:-}" ] || return 0
	[ -f "$B/ovs-vswitchd.pid" ] && onb ovs-appctl --timeout=30 -t ovs-vswitchd exit --cleanup
	[ -f "$B/ovsdb-server.pid" ] && onb ovs-appctl --timeout=30 -t ovsdb-server exit
	rm -f "$B/ovs-vswitchd.pid" "$B/ovsdb-server.pid"
	wait_until 20 hostb_daemons_gone
}

# nsping FROM TO_ADDR: three echo replies within 20 s, or fail ($TUN says
# over what).
nsping() {
	local out
	if ! out=$(RUN_TIMEOUT=30 run ip netns exec "$1" ping -c 3 -i 0.3 -w 20 "$2" 2>&1); then
		echo "$out"
		fail "ping from $1 to $2 failed (${TUN:-})"
	fi
	echo "$out" | tail -n 2
}

# Namespaces plugged into br0, one veth each, as the conntrack tests use
# them (62, 63, 65): br0_start, then br0_trap and br0_netns per namespace.

# ovs_start and br0 in fail-mode secure: only the test's flows forward.
br0_start() {
	ovs_start
	RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-br br0 -- set-fail-mode br0 secure ||
		fail "ovs-vsctl add-br br0 failed"
}

# br0_netns NS OFPORT MAC ADDR...: namespace NS whose eth0 (MAC, the
# addresses, IPv6 ones without DAD) is the peer of veth-NS, port OFPORT of
# br0.  With no IPv6 address, IPv6 is off in NS, so no solicitation of
# its own crosses the flows.
br0_netns() {
	local ns=$1 port=$2 mac=$3 a nodad
	shift 3
	run ip netns add "$ns" || fail "ip netns add $ns failed"
	if [[ "$*" == *:* ]]; then
		run ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
	else
		run ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	fi
	run ip link add "veth-$ns" type veth peer name eth0 netns "$ns" || fail "veth for $ns failed"
	run ip netns exec "$ns" ip link set lo up
	run ip netns exec "$ns" ip link set eth0 address "$mac"
	for a in "$@"; do
		nodad=
		[[ "$a" == *:* ]] && nodad=nodad
		# shellcheck disable=SC2086 # nodad: a word or none
		run ip netns exec "$ns" ip addr add "$a" dev eth0 $nodad ||
			fail "address $a in $ns failed"
	done
	run ip netns exec "$ns" ip link set eth0 up
	run ip link set "veth-$ns" up
	RUN_TIMEOUT=90 run ovs-vsctl --timeout=60 add-port br0 "veth-$ns" -- \
		set interface "veth-$ns" ofport_request="$port" || fail "add-port veth-$ns failed"
}

# netns_neigh NS MAC ADDR...: static neighbours.  ARP or ND through a
# vswitchd that stalls for seconds on a loaded TCG guest would fail
# connects with "No route to host", and nobody answers for NAT and
# virtual addresses.
netns_neigh() {
	local ns=$1 mac=$2 a
	shift 2
	for a in "$@"; do
		run ip netns exec "$ns" ip neigh replace "$a" lladdr "$mac" dev eth0 nud permanent
	done
}

# br0_trap NS...: on exit, servers told to stop (touch $STOP, if the test
# has one) and the namespaces deleted; on failure, before that, br0's
# flows, the datapath (lookups hit, missed and lost: whether packets
# reached it and their upcalls vswitchd), its flows and conntrack, the
# test's $TEST_TMP/*.log and vswitchd's log, then the daemons stopped.
br0_trap() {
	BR0_TRAP_NS="$*"
	trap br0_on_exit EXIT
}

# shellcheck disable=SC2317 # run by the EXIT trap
br0_on_exit() {
	local rc=$? n f
	set +e
	[ -n "${STOP:-}" ] && touch "$STOP"
	if [ "$rc" != 0 ]; then
		echo "--- ovs-ofctl dump-flows br0 ---"
		timeout 20 ovs-ofctl dump-flows br0 2>/dev/null
		echo "--- ovs-dpctl show ---"
		timeout 20 ovs-dpctl show 2>/dev/null
		echo "--- ovs-dpctl dump-flows ---"
		timeout 20 ovs-dpctl dump-flows 2>/dev/null
		echo "--- ovs-dpctl dump-conntrack -m -s ---"
		timeout 20 ovs-dpctl dump-conntrack -m -s 2>/dev/null
		for f in "$TEST_TMP"/*.log; do
			[ -f "$f" ] || continue
			echo "--- $(basename "$f") ---"
			cat "$f"
		done
		echo "--- ovs-vswitchd.log ---"
		cat "$OVS_DIR/ovs-vswitchd.log" 2>/dev/null
	fi
	for n in $BR0_TRAP_NS; do
		ip netns del "$n" 2>/dev/null
		ip link del "veth-$n" 2>/dev/null
	done
	[ "$rc" != 0 ] && ovs_stop > /dev/null 2>&1
	return "$rc"
}

# br0_finish: the end of a br0 test: its servers stopped ($STOP, then the
# pids in $BG_PIDS), br0 and the daemons gone, the module unloaded, the
# kernel log clean since the "start" marker; then pass.
br0_finish() {
	local p
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
}
