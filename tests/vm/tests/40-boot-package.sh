#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The boot sequence of a host that installs our two RPMs (make rpm):
#
#   start from a host where the in-tree openvswitch.ko would load;
#   first as a XenServer 8 host: a stand-in for the platform's openvswitch
#   package (tests/packaging/fixtures/openvswitch-platform.spec.in) boots
#   Open vSwitch on the in-tree module, a bridge with flows of its own and
#   an address on its internal port forwards; rpm -i the module and boot
#   packages beside it (its files intact); %posttrans depmod makes updates/
#   win; the boot package's check says the platform's boot loads ours;
#   ovs-xen-kmod switches the running host to ours and back (flows, the
#   address and traffic survive, a stand-in xhad is restarted); the
#   platform package goes, and the host without it boots with ours:
#   a database holding a bridge from "before the boot"; the SysV init script
#   starts Open vSwitch: OUR module from the RPM is what loads, both daemons
#   run, the stale bridge is gone, the GRE firewall rule is there once (also
#   after a second start and a restart); ovs-xen-kmod switches to the
#   in-tree module and back through ovs-boot.sh; stop; rpm -e brings the
#   in-tree module back.
#
# The SysV path (/etc/init.d/openvswitch), because the guest has no systemd:
# PID 1 is tests/vm/guest-init.sh.  The packages go into the guest's root,
# which is the host's / under a tmpfs overlay: nothing reaches the host.
# Every command and its output go to results/boot-sequence.txt as well.
#
# ovsvm-needs: rpms (tests/vm/run.sh builds them into guest/rpms/)
# ovsvm-timeout: 900 (about 190 s under TCG on an idle host, three depmods, before the platform part)

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

guest_dir=$(dirname "$OVSVM_LIB")
uname_=$OVSVM_UNAME
moddir=/lib/modules/$uname_
ours=$moddir/updates/openvswitch.ko
# Real paths, as on a host: the boot script's defaults.
rpmdb=/var/lib/rpm
dbdir=/etc/openvswitch
initd=/etc/init.d/openvswitch
tx=$OVSVM_RESULTS/boot-sequence.txt

# Exit 77: skipped (run.sh shows SKIP and the reason).
if [ "$OVSVM_MODE" = reference ]; then
	echo "SKIP: --reference builds no RPMs of ours"
	exit 77
fi
if [ -f "$guest_dir/rpms-skip" ]; then
	echo "SKIP: no RPMs for this guest kernel: $(cat "$guest_dir/rpms-skip")"
	exit 77
fi
[ ! -f "$guest_dir/rpms-missing" ] || fail "no RPMs: $(cat "$guest_dir/rpms-missing")"
modrpm=$(find "$guest_dir/rpms" -name "openvswitch-modules-xen-$uname_-*.rpm" 2>/dev/null | head -n 1)
bootrpm=$(find "$guest_dir/rpms" -name 'openvswitch-xen-boot-*.noarch.rpm' 2>/dev/null | head -n 1)
if [ -z "$modrpm" ] || [ -z "$bootrpm" ]; then
	fail "the RPMs are not in $guest_dir/rpms/"
fi

: > "$tx"
# Transcript: "# ..." notes, "$ command", its output, and its exit status
# when not 0.  The output goes through a file, not a pipe: the init script
# leaves daemons behind, and they must not hold the reader.
note() {
	echo "# $*" | tee -a "$tx"
}
# x CMD...: run CMD under a timeout, into the transcript and the test log;
# its output is in $X_OUT afterwards, its status is x's.
x() {
	local rc=0 t0 took
	t0=$(cut -d' ' -f1 /proc/uptime)
	timeout -k 5 "${RUN_TIMEOUT:-60}" "$@" > "$TEST_TMP/x.out" 2>&1 < /dev/null || rc=$?
	took=$(awk -v t0="$t0" '{ d = $1 - t0; if (d >= 2) printf "   (%.1fs)", d }' /proc/uptime)
	# Debian's rpm says this on every install; it is not about our packages.
	X_OUT=$(grep -v -e 'use Alien instead' -e 'assuming you know what you are doing' "$TEST_TMP/x.out" || true)
	{
		printf '$ %s%s\n' "$*" "$took"
		[ -z "$X_OUT" ] || printf '%s\n' "$X_OUT"
		[ "$rc" = 0 ] || echo "[exit status $rc]"
	} | tee -a "$tx"
	return "$rc"
}
# The GRE rule as "iptables -S" prints it (protocol 47 by its name, gre).
gre_rules() {
	iptables -S INPUT | grep -cE -- '^-A INPUT -p (gre|47) -j ACCEPT$' || true
}
expect_gre_once() {
	x iptables -S INPUT || fail "iptables -S INPUT failed"
	local n
	n=$(gre_rules)
	[ "$n" = 1 ] || fail "the GRE rule is in INPUT $n times after $1, not once"
	x iptables -C INPUT -p 47 -j ACCEPT || fail "iptables -C finds no GRE rule after $1"
}
expect_running() {
	x "$initd" status || fail "'$initd status' exits non-zero after $1"
	pidof ovsdb-server > /dev/null || fail "ovsdb-server is not running after $1"
	pidof ovs-vswitchd > /dev/null || fail "ovs-vswitchd is not running after $1"
}
expect_our_module() {
	local src
	src=$(cat /sys/module/openvswitch/srcversion 2>/dev/null || echo none)
	note "loaded: srcversion $src, version $(cat /sys/module/openvswitch/version 2>/dev/null), taint '$(cat /sys/module/openvswitch/taint 2>/dev/null)'"
	[ "$src" = "$rpm_src" ] || fail "after $1 the loaded openvswitch (srcversion $src) is not the RPM's $ours ($rpm_src)"
}

# The platform's scripts directory: the fixture package's files go there.
ovs_scripts=/usr/share/openvswitch/scripts
platform_on=0
# A bridge's flows without their counters, sorted.
flows() {
	timeout 20 ovs-ofctl dump-flows "$1" | sed -n -e 's/ duration=[^,]*,//; s/ n_packets=[^,]*,//' \
		-e 's/ n_bytes=[^,]*,//; s/ idle_age=[^,]*,//; s/ hard_age=[^,]*,//; s/^ \{1,\}//p' | sort
}
ping_ok() {
	ip netns exec "$1" ping -c 1 -W 1 "$2" > /dev/null 2>&1
}
traffic_ok() {
	wait_until 20 ping_ok ns1 10.40.0.2 && wait_until 10 ping_ok ns1 10.40.0.254
}
expect_traffic() {
	traffic_ok || fail "no traffic from ns1 to ns2 (10.40.0.2) or to br0 (10.40.0.254) after $1"
	if ping_ok ns1 10.40.0.3; then
		fail "10.40.0.3 answers after $1: the flow that drops it is not there"
	fi
	note "after $1: ns1 -> 10.40.0.2 and -> 10.40.0.254 (br0's own address) pass, -> 10.40.0.3 dropped by its flow"
}
# expect_loaded ours|in-tree WHEN.  The in-tree module may have no
# srcversion (4.19's has none): it is the one without the out-of-tree taint.
expect_loaded() {
	local src taint
	[ -d /sys/module/openvswitch ] || fail "after $2 openvswitch is not loaded"
	src=$(cat /sys/module/openvswitch/srcversion 2>/dev/null || echo none)
	taint=$(cat /sys/module/openvswitch/taint 2>/dev/null || true)
	note "after $2: loaded openvswitch srcversion $src, version $(cat /sys/module/openvswitch/version 2>/dev/null || echo none), taint '$taint' ($1 expected)"
	if [ "$1" = ours ]; then
		[ "$src" = "$rpm_src" ] || fail "after $2 the loaded openvswitch (srcversion $src) is not the RPM's ($rpm_src)"
	else
		case $taint in *O*) fail "after $2 the loaded openvswitch is out-of-tree (taint $taint), not the kernel's own" ;; esac
		[ "$src" = "${intree_src:-none}" ] || fail "after $2 the loaded openvswitch (srcversion $src) is not the in-tree one (${intree_src:-none})"
	fi
}
# After a switch: the same flows, br0's address, forwarding on, traffic.
expect_switched() {
	local now
	now=$(flows br0)
	if [ "$now" != "$flows_before" ]; then
		fail "the flows of br0 after $1 are not the ones before: $(diff <(echo "$flows_before") <(echo "$now") | tr '\n' ' ')"
	fi
	x ip -o addr show dev br0 || fail "br0 is gone after $1"
	echo "$X_OUT" | grep -qF 10.40.0.254/24 || fail "br0 lost its address in $1"
	x ovs-vsctl --timeout=30 get Open_vSwitch . other_config || fail "ovs-vsctl get other_config failed"
	if echo "$X_OUT" | grep -q flow-restore-wait; then
		fail "flow-restore-wait is still set after $1"
	fi
	expect_traffic "$1"
}

# Put the guest back as the harness left it (its module in updates/, its
# module index), also when the test fails halfway; show the daemons' logs
# on failure.
saved=$TEST_TMP/harness-index
# shellcheck disable=SC2317 # run by the EXIT trap
on_exit() {
	local rc=$?
	set +e
	if [ "$platform_on" = 1 ]; then
		timeout 60 "$ovs_scripts/ovs-ctl" stop > /dev/null 2>&1
		timeout 60 rpm --dbpath "$rpmdb" -e --nodeps openvswitch > /dev/null 2>&1
	fi
	[ ! -d "$TEST_TMP/debian-scripts" ] || cp -a "$TEST_TMP/debian-scripts/." "$ovs_scripts/"
	rm -f /var/run/openvswitch.booted
	[ -z "${xhad_pid:-}" ] || kill "$xhad_pid" 2>/dev/null
	for n in 1 2; do ip netns del "ns$n" 2>/dev/null; done
	if [ "$rc" != 0 ]; then
		for f in ovs-vswitchd.log ovsdb-server.log; do
			echo "--- /var/log/openvswitch/$f ---"
			cat "/var/log/openvswitch/$f" 2>/dev/null || true
		done
		[ -x "$initd" ] && timeout 60 "$initd" stop > /dev/null 2>&1
		[ -f "$TEST_TMP/seed.pid" ] && kill "$(cat "$TEST_TMP/seed.pid")" 2>/dev/null
		timeout 60 rpm --dbpath "$rpmdb" -e --nodeps openvswitch-xen-boot \
			"openvswitch-modules-xen-$uname_" > /dev/null 2>&1
	fi
	iptables -D INPUT -p 47 -j ACCEPT 2>/dev/null
	[ -z "${iptables_was:-}" ] || update-alternatives --set iptables "$iptables_was" > /dev/null
	rm -f /etc/depmod.d/ovsvm-40-scope.conf
	if [ -d "$saved" ]; then
		mkdir -p "$moddir/updates"
		cp "$guest_dir/openvswitch.ko" "$ours"
		cp "$saved"/modules.* "$moddir/"
	fi
	return "$rc"
}
trap on_exit EXIT

klog_mark start

# ---------------------------------------------------------------------------
step "the packages and what they require"
note "boot sequence of $(basename "$modrpm") and $(basename "$bootrpm") on $uname_ (QEMU guest, SysV init: no systemd here)"
x rpm -qp --qf '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\n' "$modrpm" "$bootrpm" || fail "rpm -qp cannot read the packages"
x rpm -qpR "$modrpm" || fail "rpm -qpR $modrpm failed"
modreqs=$X_OUT
# The spec's two forms: XenServer's "kernel-uname-r = 4.19.0+1", and
# kernel-uname-r(<uname>) for a release that is no RPM version (two '-':
# Debian's 6.1.0-57-amd64).
case $uname_ in
*-*-*) kreq="kernel-uname-r($uname_)" ;;
*) kreq="kernel-uname-r = $uname_" ;;
esac
echo "$modreqs" | grep -qxF "$kreq" || fail "the module package does not require $kreq"
x rpm -qp --provides "$modrpm" || fail "rpm -qp --provides failed"
abi=$(echo "$X_OUT" | sed -n 's/^openvswitch\.ko\.\([0-9][0-9]*\)$/\1/p' | head -n 1)
[ -n "$abi" ] || fail "the module package provides no openvswitch.ko.<abi>"
x rpm -qpR "$bootrpm" || fail "rpm -qpR $bootrpm failed"
bootreqs=$X_OUT
for r in "openvswitch.ko.$abi" /usr/sbin/ovs-vswitchd /usr/sbin/ovsdb-server /usr/bin/ovs-vsctl; do
	echo "$bootreqs" | grep -qxF "$r" || fail "the boot package does not require $r"
done
# What --nodeps skips below: kernel-uname-r(...) has no provider on Debian
# (XenServer's kernel package provides it), and the OVS userspace here is
# Debian's (dpkg), unknown to the RPM database.  Check by hand that the
# files are there.
for f in /usr/sbin/ovs-vswitchd /usr/sbin/ovsdb-server /usr/bin/ovs-vsctl /usr/bin/python3; do
	[ -x "$f" ] || fail "$f (required by the boot package) is missing in the guest"
done
note "requirements met outside RPM: kernel $uname_ is running; ovs-vswitchd, ovsdb-server, ovs-vsctl from Debian's openvswitch-switch, python3 (XAPI plugin) from Debian"

# ---------------------------------------------------------------------------
step "iptables works in the guest"
# XenServer 8's own iptables is the legacy (x_tables) one.  Debian's
# default, iptables-nft 1.8.9, cannot insert a rule into 4.19's nf_tables
# as the xs8 guest kernel is configured ("RULE_INSERT failed (No such file
# or directory)"): where the nf_tables variant cannot add the GRE rule,
# this guest's root (its overlay only, never the host's) switches to
# iptables-legacy, and the test puts the old choice back at the end.
if iptables -I INPUT -p 47 -j ACCEPT 2> /dev/null; then
	iptables -D INPUT -p 47 -j ACCEPT
else
	iptables_was=$(readlink /etc/alternatives/iptables)
	note "iptables ($iptables_was) cannot insert a rule into this kernel; using iptables-legacy, as XenServer 8 does"
	x update-alternatives --set iptables /usr/sbin/iptables-legacy || fail "cannot switch to iptables-legacy"
fi
x iptables -S INPUT || fail "iptables does not work in the guest (nf_tables modules?)"
[ "$(gre_rules)" = 0 ] || fail "a GRE rule is in INPUT before the boot package ran"

# ---------------------------------------------------------------------------
step "start where the in-tree module would load"
[ ! -e /sys/module/openvswitch ] || fail "openvswitch is loaded before the test"
mkdir -p "$saved"
cp "$moddir"/modules.* "$saved/"
# depmod over the guest's whole module tree reads ~4000 files over 9p
# under TCG: 2.5 to 4.5 minutes, three times here.  Leave out the
# directories that hold nothing this test loads (drivers, sound, fs: the
# virtio, 9p and overlay modules are loaded already); kernel/net (the
# in-tree openvswitch, netfilter) and the updates/ directory stay in, so
# the choice between updates/ and kernel/ is depmod's own.
# veth (drivers/net, a module on Debian's kernels) for the platform part's
# namespaces, before the index leaves drivers out.
x modprobe veth || fail "modprobe veth failed"
mkdir -p /etc/depmod.d
printf 'exclude drivers\nexclude sound\nexclude fs\n' > /etc/depmod.d/ovsvm-40-scope.conf
note "the harness's updates/openvswitch.ko removed; depmod scope for this VM: $(tr '\n' ' ' < /etc/depmod.d/ovsvm-40-scope.conf)"
rm -f "$ours"
RUN_TIMEOUT=200 x depmod -a "$uname_" || fail "depmod -a failed"
x modinfo -n openvswitch || fail "modinfo finds no openvswitch"
case $X_OUT in
"$moddir/kernel/"*) intree=$X_OUT ;;
*) fail "without our module openvswitch resolves to $X_OUT, not to the in-tree kernel/" ;;
esac
intree_src=$(modinfo -F srcversion "$intree")

# ---------------------------------------------------------------------------
step "a XenServer 8 host: the platform's openvswitch package boots Open vSwitch (in-tree module)"
# The fixture package owns ovs-start, ovs-ctl and ovs-lib in
# /usr/share/openvswitch/scripts, where Debian's real ones are: keep
# Debian's aside (its ovs-ctl reads ovs-lib beside itself) and let the
# fixture's ovs-ctl hand over to it.
cp -a "$ovs_scripts" "$TEST_TMP/debian-scripts"
export OVS_FIXTURE_OVS_CTL=$TEST_TMP/debian-scripts/ovs-ctl
platrpm=$(find "$guest_dir/rpms" -name 'openvswitch-[0-9]*.noarch.rpm' | head -n 1)
[ -n "$platrpm" ] || fail "the fixture openvswitch package is not in $guest_dir/rpms/"
x rpm --dbpath "$rpmdb" --initdb || fail "rpm --initdb failed"
# --nodeps: /bin/sh for its scriptlets is dpkg's here.
x rpm --dbpath "$rpmdb" -i --nodeps "$platrpm" || fail "rpm -i of the fixture platform package failed"
platform_on=1
RUN_TIMEOUT=120 x "$ovs_scripts/ovs-start" || fail "the platform's ovs-start failed"
expect_loaded in-tree "the platform's boot"
# Two namespaces on br0 and the bridge's own (internal) port with an
# address, as XenServer's management interface has; flows of our own, so
# that a datapath that came back without them (default NORMAL, or
# flow-restore-wait left set) shows: 10.40.0.3 is dropped by a flow.
for n in 1 2; do
	ip netns add "ns$n"
	ip link add "p$n" type veth peer name "e$n"
	ip link set "e$n" netns "ns$n"
	ip -n "ns$n" addr add "10.40.0.$n/24" dev "e$n"
	ip -n "ns$n" link set "e$n" up
	ip link set "p$n" up
done
ip -n ns2 addr add 10.40.0.3/24 dev e2
x ovs-vsctl --timeout=30 add-br br0 -- add-port br0 p1 -- set Interface p1 ofport_request=1 \
	-- add-port br0 p2 -- set Interface p2 ofport_request=2 || fail "cannot build br0"
x ip addr add 10.40.0.254/24 dev br0 || fail "cannot address br0"
x ip link set br0 up || fail "cannot bring br0 up"
x ovs-ofctl del-flows br0 || fail "del-flows failed"
printf '%s\n' 'priority=0 actions=drop' \
	'priority=200,ip,nw_dst=10.40.0.3 actions=drop' \
	'priority=100,in_port=1 actions=output:2,LOCAL' \
	'priority=100,in_port=2 actions=output:1,LOCAL' \
	'priority=100,in_port=LOCAL actions=output:1,output:2' > "$TEST_TMP/flows"
x ovs-ofctl add-flows br0 "$TEST_TMP/flows" || fail "add-flows failed"
flows_before=$(flows br0)
note "flows of br0: $(echo "$flows_before" | tr '\n' ';')"
if ! traffic_ok; then
	# DESIGN.md section 7: the first vswitchd of a boot may lose every
	# upcall with the in-tree module; a restart of vswitchd cures it.
	note "no traffic with the first vswitchd of this boot: restarting it once (DESIGN.md section 7)"
	RUN_TIMEOUT=120 x "$ovs_scripts/ovs-ctl" restart --system-id=random || fail "ovs-ctl restart failed"
	expect_traffic "the platform's boot (after a restart)"
fi

# ---------------------------------------------------------------------------
step "rpm -i both packages, beside the platform's"
x rpm --dbpath "$rpmdb" --initdb || fail "rpm --initdb failed"
# --nodeps: see "what --nodeps skips" above; the Requires were checked there.
RUN_TIMEOUT=200 x rpm --dbpath "$rpmdb" -i --nodeps "$modrpm" "$bootrpm" || fail "rpm -i failed"
echo "$X_OUT" | grep -qx "openvswitch-xen-boot: to run ours now, without a reboot: ovs-xen-kmod ours" ||
	fail "rpm -i did not say how to switch the running host to ours"
x rpm --dbpath "$rpmdb" -qf "$ours" "$initd" || fail "rpm does not own $ours and $initd"
x grep -F "updates/openvswitch.ko:" "$moddir/modules.dep" ||
	fail "%posttrans did not index updates/openvswitch.ko (no depmod?)"
x modinfo -n openvswitch || fail "modinfo finds no openvswitch after rpm -i"
[ "$X_OUT" = "$ours" ] || fail "after rpm -i modinfo resolves openvswitch to $X_OUT, not $ours"
rpm_src=$(modinfo -F srcversion "$ours")
x modinfo -F version "$ours" || fail "modinfo cannot read $ours"
[ "$X_OUT" = "$OVSVM_META_VERSION" ] || fail "the RPM's module is version $X_OUT, not META's $OVSVM_META_VERSION"
note "srcversion: RPM's module $rpm_src, in-tree module ${intree_src:-none}"
if [ -z "$rpm_src" ] || [ "$rpm_src" = "$intree_src" ]; then
	fail "cannot tell the RPM's module from the in-tree one by srcversion"
fi
x rpm --dbpath "$rpmdb" -V --nodeps openvswitch || fail "the platform's files changed after rpm -i of ours"
x readlink /etc/xapi.d/plugins/openvswitch-cfg-update || true
[ -z "$X_OUT" ] || fail "our XAPI plugin link replaced the platform's plugin"
x ovs-xen-kmod status || fail "ovs-xen-kmod status failed"
echo "$X_OUT" | grep -qx "to run ours now, without a reboot: ovs-xen-kmod ours" ||
	fail "ovs-xen-kmod status does not say how to switch to ours"

step "the boot package's check on a platform host"
RUN_TIMEOUT=120 x /usr/share/openvswitch-xen/ovs-boot.sh start || fail "ovs-boot.sh start (platform host) failed"
echo "$X_OUT" | grep -qF "the platform's boot loads $ours (out-of-tree" ||
	fail "ovs-boot.sh start does not say the platform's boot loads $ours"
echo "$X_OUT" | grep -qF "'ovs-xen-kmod ours' switches this host" ||
	fail "ovs-boot.sh start does not say the in-tree module runs and how to switch"
expect_loaded in-tree "ovs-boot.sh start on a platform host"

step "switch the running host to our module: ovs-xen-kmod ours"
# XenServer's HA daemon loses its heartbeat while the datapath is away:
# a stand-in xhad runs, and its stop/start commands record their calls.
mkdir -p "$TEST_TMP/xha"
cp "$(command -v sleep)" "$TEST_TMP/xha/xhad"
"$TEST_TMP/xha/xhad" 600 &
xhad_pid=$!
for c in ha_stop_daemon ha_start_daemon; do
	printf '#!/bin/sh\necho %s >> %s\n' "$c" "$TEST_TMP/xha.log" > "$TEST_TMP/xha/$c"
	chmod +x "$TEST_TMP/xha/$c"
done
export OVS_XHA_DIRS=$TEST_TMP/xha
RUN_TIMEOUT=180 x ovs-xen-kmod ours || fail "ovs-xen-kmod ours failed"
expect_loaded ours "ovs-xen-kmod ours"
x lsmod || true
echo "$X_OUT" | grep -q '^openvswitch ' || fail "lsmod does not list openvswitch after the switch"
expect_switched "ovs-xen-kmod ours"
[ "$(cat "$TEST_TMP/xha.log")" = "ha_stop_daemon
ha_start_daemon" ] || fail "xhad was not restarted (stop, then start): $(cat "$TEST_TMP/xha.log")"
x ovs-xen-kmod ours || fail "ovs-xen-kmod ours, a second time, failed"
echo "$X_OUT" | grep -q "already ours" || fail "a second 'ovs-xen-kmod ours' did not say there is nothing to do"

step "and back: ovs-xen-kmod in-tree"
: > "$TEST_TMP/xha.log"
RUN_TIMEOUT=180 x ovs-xen-kmod in-tree || fail "ovs-xen-kmod in-tree failed"
echo "$X_OUT" | grep -qF "the next boot loads ours again" || fail "ovs-xen-kmod in-tree does not say what the next boot loads"
expect_loaded in-tree "ovs-xen-kmod in-tree"
expect_switched "ovs-xen-kmod in-tree"
kill "$xhad_pid"
x rpm --dbpath "$rpmdb" -V --nodeps openvswitch || fail "the platform's files changed during the switches"

step "the platform package goes: a host without it"
RUN_TIMEOUT=120 x "$ovs_scripts/ovs-ctl" stop || fail "the platform's ovs-ctl stop failed"
for dp in $(timeout 20 ovs-dpctl dump-dps 2>/dev/null); do
	x ovs-dpctl del-dp "$dp" || fail "ovs-dpctl del-dp $dp failed"
done
x rmmod openvswitch || fail "rmmod openvswitch failed"
for n in 1 2; do ip netns del "ns$n"; done
while iptables -D INPUT -p 47 -j ACCEPT 2> /dev/null; do :; done
x rpm --dbpath "$rpmdb" -e openvswitch || fail "rpm -e of the fixture platform package failed"
platform_on=0
cp -a "$TEST_TMP/debian-scripts/." "$ovs_scripts/"
rm -f /var/run/openvswitch.booted
x ovs-xen-kmod status || fail "ovs-xen-kmod status failed"
echo "$X_OUT" | grep -qF "boot:               openvswitch-xen" ||
	fail "without the platform package, ovs-xen-kmod does not name our boot"

# ---------------------------------------------------------------------------
step "a database with a bridge from before the boot"
rm -f "$dbdir/conf.db" "$dbdir/.conf.db.~lock~" "$dbdir/system-id.conf"
mkdir -p "$dbdir"
x ovsdb-tool create "$dbdir/conf.db" /usr/share/openvswitch/vswitch.ovsschema || fail "ovsdb-tool create failed"
x ovsdb-server "$dbdir/conf.db" --remote="punix:$TEST_TMP/seed.sock" \
	--unixctl="$TEST_TMP/seed.ctl" --pidfile="$TEST_TMP/seed.pid" \
	--log-file="$TEST_TMP/seed.log" --detach --no-chdir || fail "ovsdb-server (seeding) did not start"
x ovs-vsctl --db="unix:$TEST_TMP/seed.sock" --timeout=30 --no-wait init -- add-br stale0 ||
	fail "ovs-vsctl add-br stale0 failed"
x ovs-vsctl --db="unix:$TEST_TMP/seed.sock" --timeout=30 --no-wait list-br || fail "list-br on the seeded database failed"
[ "$X_OUT" = stale0 ] || fail "the seeded database lists '$X_OUT', not stale0"
seed_pid=$(cat "$TEST_TMP/seed.pid")
x ovs-appctl --timeout=30 -t "$TEST_TMP/seed.ctl" exit || fail "the seeding ovsdb-server did not exit"
pid_gone() { ! kill -0 "$1" 2>/dev/null; }
wait_until 20 pid_gone "$seed_pid" || fail "the seeding ovsdb-server is still running"
rm -f "$TEST_TMP/seed.pid"
[ ! -e /sys/module/openvswitch ] || fail "openvswitch got loaded before the init script ran"

# ---------------------------------------------------------------------------
step "$initd start"
RUN_TIMEOUT=120 x "$initd" start || fail "'$initd start' failed"
start1=$X_OUT
echo "$start1" | grep -qF "resolves to $ours (out-of-tree" ||
	fail "the init script did not say it loads $ours"
expect_our_module "start"
case $(cat /sys/module/openvswitch/taint) in
*O*) ;;
*) fail "the loaded module is not marked out-of-tree" ;;
esac
expect_running "start"
echo "$start1" | grep -qF "deleted bridge stale0" || fail "the init script did not say it deleted stale0"
x ovs-vsctl --timeout=30 list-br || fail "ovs-vsctl list-br failed"
[ -z "$X_OUT" ] || fail "bridges left after the first start since boot: $X_OUT"
expect_gre_once "start"

step "a bridge made while running survives a second start and a restart"
RUN_TIMEOUT=90 x ovs-vsctl --timeout=60 add-br br-live || fail "ovs-vsctl add-br br-live failed"

step "$initd start, again"
RUN_TIMEOUT=120 x "$initd" start || fail "the second '$initd start' failed"
echo "$X_OUT" | grep -qF "ovs-vswitchd is already running" || fail "the second start did not find vswitchd running"
expect_running "a second start"
expect_gre_once "a second start"
x ovs-vsctl --timeout=30 list-br || fail "ovs-vsctl list-br failed"
[ "$X_OUT" = br-live ] || fail "after a second start the bridges are '$X_OUT', not br-live"

step "$initd restart"
RUN_TIMEOUT=120 x "$initd" restart || fail "'$initd restart' failed"
expect_our_module "restart"
expect_running "restart"
expect_gre_once "restart"
x ovs-vsctl --timeout=30 list-br || fail "ovs-vsctl list-br failed"
[ "$X_OUT" = br-live ] || fail "after restart the bridges are '$X_OUT', not br-live"
step "the switch where our boot runs the daemons: ovs-xen-kmod in-tree, then ours"
RUN_TIMEOUT=180 x ovs-xen-kmod in-tree || fail "ovs-xen-kmod in-tree (our boot) failed"
echo "$X_OUT" | grep -qF "Open vSwitch is run by /usr/share/openvswitch-xen/ovs-boot.sh" ||
	fail "ovs-xen-kmod did not go through ovs-boot.sh on a host without the platform package"
expect_loaded in-tree "ovs-xen-kmod in-tree (our boot)"
RUN_TIMEOUT=180 x ovs-xen-kmod ours || fail "ovs-xen-kmod ours (our boot) failed"
expect_our_module "ovs-xen-kmod ours (our boot)"
expect_running "ovs-xen-kmod ours (our boot)"
x ovs-vsctl --timeout=30 list-br || fail "ovs-vsctl list-br failed"
[ "$X_OUT" = br-live ] || fail "after the switches the bridges are '$X_OUT', not br-live"

RUN_TIMEOUT=90 x ovs-vsctl --timeout=60 del-br br-live || fail "ovs-vsctl del-br br-live failed"

step "$initd stop"
RUN_TIMEOUT=120 x "$initd" stop || fail "'$initd stop' failed"
rc=0
x "$initd" status || rc=$?
[ "$rc" = 3 ] || fail "'$initd status' exits $rc after stop, not 3"
! pidof ovsdb-server ovs-vswitchd > /dev/null || fail "daemons still running after stop: $(pidof ovsdb-server ovs-vswitchd)"
[ -e /sys/module/openvswitch ] || fail "stop unloaded the module (OVS_UNLOAD_MODULE defaults to no)"
expect_our_module "stop"
# vswitchd stopped by the init script keeps its datapath; a host would reboot.
for dp in $(timeout 20 ovs-dpctl dump-dps 2>/dev/null); do
	x ovs-dpctl del-dp "$dp" || fail "ovs-dpctl del-dp $dp failed"
done
x rmmod openvswitch || fail "rmmod openvswitch failed"
ovs_assert_unloaded
x iptables -D INPUT -p 47 -j ACCEPT || fail "iptables -D of the GRE rule failed"

# ---------------------------------------------------------------------------
step "rpm -e both packages"
RUN_TIMEOUT=200 x rpm --dbpath "$rpmdb" -e openvswitch-xen-boot "openvswitch-modules-xen-$uname_" ||
	fail "rpm -e failed"
[ ! -e "$ours" ] || fail "$ours is still there after rpm -e"
[ ! -e "$initd" ] || fail "$initd is still there after rpm -e"
if grep -q '^updates/openvswitch.ko:' "$moddir/modules.dep"; then
	fail "the module index still lists updates/openvswitch.ko after rpm -e (%postun depmod?)"
fi
x modinfo -n openvswitch || fail "modinfo finds no openvswitch after rpm -e"
[ "$X_OUT" = "$intree" ] || fail "after rpm -e openvswitch resolves to $X_OUT, not the in-tree $intree"

klog_assert_clean start
note "ok"
pass "rpm -i, %posttrans depmod, init script start/start/restart/stop with our module, rpm -e"
