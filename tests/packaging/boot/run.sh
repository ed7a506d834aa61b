#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot package tests, on this machine, without loading a kernel module:
#   (a) packaging/boot/ovs-boot.sh (and the SysV script around it) in a
#       sandbox: Debian's ovsdb-server and ovs-vswitchd really run, from a
#       temporary run/db/log directory; modprobe, iptables and /sys are
#       fakes that record what they are asked;
#   (b) the XAPI plugin openvswitch-cfg-update against a fake XAPI on
#       127.0.0.1 (test_cfg_update.py).
#
#   tests/packaging/boot/run.sh [--keep]
#
# Prints "boot: N passed, N failed"; exits non-zero on any failure.  Every
# daemon started here is stopped by its pid at the end.

set -u

here=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$here/../../.." && pwd -P)
boot=$top/packaging/boot/ovs-boot.sh
init=$top/packaging/boot/openvswitch.init
plugin=$top/packaging/boot/openvswitch-cfg-update
keep=0
[ "${1:-}" = --keep ] && keep=1

. "$top/tests/lib/results.sh"

for b in /usr/sbin/ovsdb-server /usr/sbin/ovs-vswitchd /usr/bin/ovs-vsctl /usr/bin/ovsdb-tool; do
	if [ ! -x "$b" ]; then
		"$top/scripts/install-deps.sh" vm > /dev/null || true
		break
	fi
done

S=$(mktemp -d /tmp/ovs-boot-test.XXXXXX)
seed_pid=

# Stop whatever this test started, by pid only.
cleanup() {
	for f in "$S"/run/*.pid "$S"/seed/*.pid; do
		[ -f "$f" ] || continue
		p=$(cat "$f" 2>/dev/null)
		case $p in ''|*[!0-9]*) continue ;; esac
		kill -TERM "$p" 2>/dev/null
	done
	[ -n "$seed_pid" ] && kill -TERM "$seed_pid" 2>/dev/null
	sleep 0.3
	for f in "$S"/run/*.pid "$S"/seed/*.pid; do
		[ -f "$f" ] || continue
		p=$(cat "$f" 2>/dev/null)
		case $p in ''|*[!0-9]*) continue ;; esac
		kill -KILL "$p" 2>/dev/null
	done
	if [ "$keep" = 1 ]; then echo "boot: kept $S"; else rm -rf "$S"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$S/etc/sysconfig" "$S/run" "$S/db" "$S/log" "$S/sys" "$S/bin" "$S/seed"

# Fake iptables: rules kept one per line in $FAKE_FW.
cat > "$S/bin/iptables" <<'EOF'
#!/bin/sh
f=${FAKE_FW:?}
touch "$f"
op=$1; shift
rule="$*"
case $op in
-C) grep -qxF -- "$rule" "$f" ;;
-I|-A) echo "$rule" >> "$f" ;;
*) echo "fake iptables: unsupported $op" >&2; exit 2 ;;
esac
EOF
# Fake modprobe: records its arguments.
cat > "$S/bin/modprobe" <<'EOF'
#!/bin/sh
echo "$*" >> "${FAKE_MODPROBE_LOG:?}"
EOF
chmod +x "$S/bin/iptables" "$S/bin/modprobe"

uuid=0d7a3c64-5e3b-4a51-9c1f-2b8e4f6a7d90
echo "INSTALLATION_UUID='$uuid'" > "$S/xensource-inventory"

# A kernel whose modules modinfo can look at: the running one if its
# modules are installed, else any installed one.
kuname=$(uname -r)
if [ ! -d "/lib/modules/$kuname" ]; then
	for d in /lib/modules/*/; do [ -d "$d" ] && kuname=$(basename "$d"); done
fi
expect_file=$(modinfo -k "$kuname" -n openvswitch 2>/dev/null)

export OVS_SYSCONFDIR="$S/etc" OVS_RUNDIR="$S/run" OVS_DBDIR="$S/db" OVS_LOGDIR="$S/log"
export IPTABLES="$S/bin/iptables" FAKE_FW="$S/fw"
export OVS_MODPROBE="$S/bin/modprobe" FAKE_MODPROBE_LOG="$S/modprobe.log"
export OVS_KERNEL_UNAME="$kuname" OVS_SYSFS="$S/sys" OVS_VSWITCHD_MLOCKALL=no
export XENSOURCE_INVENTORY="$S/xensource-inventory" XENSOURCE_NETWORK_CONF="$S/network.conf"
export OVS_STOP_TIMEOUT=10
# No platform openvswitch package here, whatever this machine has; the
# platform case is tested at the end.
export OVS_PLATFORM_BOOT="$S/platform/ovs-start"

sysconfig() { printf '%s\n' "$@" > "$S/etc/sysconfig/openvswitch-xen"; }
boot() { timeout 60 "$boot" "$@" > "$S/out" 2>&1; rc=$?; cat "$S/out" >> "$S/boot.log"; return $rc; }
pid_of() { cat "$S/run/$1.pid" 2>/dev/null; }
alive() { p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
rules() { grep -cxF -- "$1" "$S/fw" 2>/dev/null || true; }
vsctl() { timeout 20 ovs-vsctl --timeout=10 "$@"; }

# --- (a) ovs-boot.sh ---------------------------------------------------------

# A database left from "before the reboot", with two bridges in it.
ovsdb-tool create "$S/db/conf.db" /usr/share/openvswitch/vswitch.ovsschema
OVS_RUNDIR=$S/seed timeout 20 ovsdb-server "$S/db/conf.db" --remote="punix:$S/seed/db.sock" \
	--pidfile="$S/seed/seed.pid" --detach -vconsole:emer --log-file="$S/seed/seed.log"
seed_pid=$(cat "$S/seed/seed.pid" 2>/dev/null)
OVS_RUNDIR=$S/seed timeout 20 ovs-vsctl --db="unix:$S/seed/db.sock" --no-wait -- init \
	-- add-br br-stale -- add-br xenbr0
seeded=$(OVS_RUNDIR=$S/seed timeout 20 ovs-vsctl --db="unix:$S/seed/db.sock" --no-wait list-br | tr '\n' ' ')
kill -TERM "$seed_pid" 2>/dev/null
i=0; while kill -0 "$seed_pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
seed_pid=
t_cmd "seeded database has bridges br-stale and xenbr0" test "$seeded" = "br-stale xenbr0 "

sysconfig 'OVS_ENABLE_PROTOCOLS=""'
t0=$(date +%s.%N)
boot start; rc=$?
t1=$(date +%s.%N)
t_cmd "start exits 0 ($(echo "$t0 $t1" | awk '{printf "%.1f", $2 - $1}')s)" test "$rc" = 0
[ "$rc" = 0 ] || cat "$S/out"
t_cmd "start asked modprobe for openvswitch" test "$(cat "$S/modprobe.log" 2>/dev/null)" = openvswitch
if [ -n "$expect_file" ]; then
	t_cmd "start logs the module file modinfo resolves ($expect_file)" \
		grep -qF "resolves to $expect_file" "$S/out"
	t_cmd "start logs what it would have loaded with modprobe overridden" \
		grep -qF "it would have loaded $expect_file" "$S/out"
else
	t_cmd "start logs that modinfo finds no module for $kuname" grep -q "no openvswitch module" "$S/out"
fi
t_cmd "ovsdb-server runs (pidfile $S/run/ovsdb-server.pid)" alive ovsdb-server
t_cmd "ovs-vswitchd runs (pidfile $S/run/ovs-vswitchd.pid)" alive ovs-vswitchd
t_cmd "ovs-vswitchd runs without the kernel module (it says so in its log)" \
	grep -q "kernel module is probably not loaded" "$S/log/ovs-vswitchd.log"
t_cmd "bridges left in the database are gone" test -z "$(vsctl list-br)"
t_cmd "start logged deleting br-stale and xenbr0" sh -c \
	"grep -q 'deleted bridge br-stale' '$S/out' && grep -q 'deleted bridge xenbr0' '$S/out'"
t_cmd "system-id is XenServer's INSTALLATION_UUID" \
	test "$(vsctl get Open_vSwitch . external_ids:system-id | tr -d '"')" = "$uuid"
t_cmd "GRE allowed once" test "$(rules 'INPUT -p 47 -j ACCEPT')" = 1
t_cmd "no UDP port opened with OVS_ENABLE_PROTOCOLS empty" test "$(grep -c udp "$S/fw")" = 0
boot status; rc=$?
t_cmd "status exits 0 with both daemons running" test "$rc" = 0

# Start again while running: nothing changes.
p1=$(pid_of ovsdb-server) p2=$(pid_of ovs-vswitchd)
boot start; rc=$?
t_cmd "second start exits 0" test "$rc" = 0
t_cmd "second start keeps the same daemons" \
	test "$(pid_of ovsdb-server) $(pid_of ovs-vswitchd)" = "$p1 $p2"
t_cmd "GRE rule still there exactly once after two starts" \
	test "$(rules 'INPUT -p 47 -j ACCEPT')" = 1

# A bridge made at run time survives "restart" (not the first start since
# boot); VXLAN and Geneve get opened once each however often start runs.
vsctl --no-wait add-br br-live
sysconfig 'OVS_ENABLE_PROTOCOLS="vxlan, geneve"'
mkdir -p "$S/sys/module/openvswitch"
echo 0123456789ABCDEF0123456 > "$S/sys/module/openvswitch/srcversion"
boot restart; rc=$?
t_cmd "restart exits 0" test "$rc" = 0
t_cmd "restart replaced both daemons" sh -c \
	"test '$(pid_of ovsdb-server)' != '$p1' && test '$(pid_of ovs-vswitchd)' != '$p2'"
t_cmd "restart keeps br-live (bridges are deleted on the first start after boot only)" \
	test "$(vsctl list-br)" = br-live
t_cmd "start logs the loaded module's srcversion from sysfs" \
	grep -q "loaded openvswitch: srcversion 0123456789ABCDEF0123456" "$S/out"
boot start
boot start
t_cmd "VXLAN 4789/udp allowed exactly once" \
	test "$(rules 'INPUT -p udp --dport 4789 -j ACCEPT')" = 1
t_cmd "Geneve 6081/udp allowed exactly once" \
	test "$(rules 'INPUT -p udp --dport 6081 -j ACCEPT')" = 1
t_cmd "GRE still exactly once; three rules in all" sh -c \
	"test '$(rules 'INPUT -p 47 -j ACCEPT')' = 1 && test \$(wc -l < '$S/fw') = 3"

# The SysV script drives the same script.
export OVS_BOOT_SCRIPT="$boot" OVS_LOCKFILE="$S/lock/openvswitch"
timeout 30 "$init" status > /dev/null; rc=$?
t_cmd "init script: status 0 while running" test "$rc" = 0
t_cmd "init script has a chkconfig header and an LSB header" sh -c \
	"grep -q '^# chkconfig: 2345 09 91' '$init' && grep -q '^### BEGIN INIT INFO' '$init'"

# Stop.
p1=$(pid_of ovsdb-server) p2=$(pid_of ovs-vswitchd)
: > "$S/modprobe.log"
timeout 60 "$init" stop > "$S/out" 2>&1; rc=$?
t_cmd "init script: stop exits 0" test "$rc" = 0
t_cmd "stop ends both daemons" sh -c "! kill -0 $p1 2>/dev/null && ! kill -0 $p2 2>/dev/null"
t_cmd "stop leaves the module loaded (no modprobe -r)" test ! -s "$S/modprobe.log"
t_cmd "stop removes the pidfiles" sh -c "test ! -e '$S/run/ovsdb-server.pid' && test ! -e '$S/run/ovs-vswitchd.pid'"
boot status; rc=$?
t_cmd "status exits 3 when stopped" test "$rc" = 3
timeout 30 "$init" status > /dev/null; rc=$?
t_cmd "init script: status 3 when stopped" test "$rc" = 3
boot stop; rc=$?
t_cmd "stop when stopped exits 0" test "$rc" = 0

# start through the init script, stop --unload-module.
timeout 60 "$init" start > "$S/out" 2>&1; rc=$?
t_cmd "init script: start exits 0 and both daemons run" sh -c \
	"test $rc = 0 && kill -0 \$(cat '$S/run/ovsdb-server.pid') && kill -0 \$(cat '$S/run/ovs-vswitchd.pid')"
t_cmd "init script: lock file made" test -e "$S/lock/openvswitch"
: > "$S/modprobe.log"
boot stop --unload-module
t_cmd "stop --unload-module runs modprobe -r openvswitch" \
	test "$(cat "$S/modprobe.log")" = "-r openvswitch"

# XenServer on the Linux bridge backend: start leaves OVS alone.
echo bridge > "$S/network.conf"
boot start; rc=$?
t_cmd "network.conf=bridge: start exits 0 and starts nothing" sh -c \
	"test $rc = 0 && test ! -e '$S/run/ovsdb-server.pid'"
rm -f "$S/network.conf"

# No process of ours is left: look for any process whose command line
# names the sandbox.
stray=
for d in /proc/[0-9]*; do
	[ -r "$d/cmdline" ] || continue
	if tr '\0' ' ' < "$d/cmdline" 2>/dev/null | grep -qF "$S/"; then
		case ${d#/proc/} in "$$") continue ;; esac
		stray="$stray ${d#/proc/}"
	fi
done
t_cmd "no stray processes (ovsdb-server, ovs-vswitchd) remain" test -z "$stray"
[ -z "$stray" ] || ps -o pid,args -p "$(echo "${stray# }" | tr ' ' ',')" 2>/dev/null

# The systemd unit: the commands and the ordering it promises.
unit=$top/packaging/boot/openvswitch-xen.service
t_cmd "systemd unit runs ovs-boot.sh start/stop, oneshot + RemainAfterExit" sh -c "
	grep -qx 'ExecStart=/usr/share/openvswitch-xen/ovs-boot.sh start' '$unit' &&
	grep -qx 'ExecStop=/usr/share/openvswitch-xen/ovs-boot.sh stop' '$unit' &&
	grep -qx 'Type=oneshot' '$unit' && grep -qx 'RemainAfterExit=yes' '$unit'"
t_cmd "systemd unit is ordered before the platform's openvswitch.service, xcp-networkd, xapi and network.target" sh -c "
	grep '^Before=' '$unit' | grep -Eq '(=| )openvswitch[.]service( |$)' &&
	grep '^Before=' '$unit' | grep -q xcp-networkd.service &&
	grep '^Before=' '$unit' | grep -q xapi.service &&
	grep '^Before=' '$unit' | grep -q network.target"
if command -v systemd-analyze > /dev/null; then
	out=$(systemd-analyze verify "$unit" 2>&1 | grep -v 'is not executable' || true)
	if [ -z "$out" ]; then t_pass "systemd-analyze verify: no complaints"
	else t_fail "systemd-analyze verify: $out"; fi
fi
t_cmd "sysconfig file is valid shell that sets nothing by default" sh -c "
	env -i sh -c '. \"$top/packaging/boot/openvswitch-xen.sysconfig\" && test -z \"\${OVS_ENABLE_PROTOCOLS+set}\"'"

# A host the platform's openvswitch package boots (XenServer 8): start only
# checks which module "modprobe openvswitch" loads, running depmod when the
# index misses our module on disk, and starts and stops nothing.  modinfo
# and depmod are fakes: the index says $S/mi/file until depmod runs.
mkdir -p "$S/platform" "$S/mi" "$S/modules/$kuname/updates" "$S/modules/$kuname/kernel/net/openvswitch"
: > "$S/platform/ovs-start"
: > "$S/modules/$kuname/updates/openvswitch.ko"
echo "$S/modules/$kuname/kernel/net/openvswitch/openvswitch.ko" > "$S/mi/file"
echo INTREESRC > "$S/mi/src"
cat > "$S/bin/modinfo" <<'EOF'
#!/bin/sh
case " $* " in
*" -n "*) cat "$FAKE_MI/file" ;;
*" version "*) echo 9.9.9 ;;
*" srcversion "*) cat "$FAKE_MI/src" ;;
esac
EOF
cat > "$S/bin/depmod" <<'EOF'
#!/bin/sh
echo "$*" >> "$FAKE_MI/depmod.log"
echo "$OVS_MODULES_DIR/$OVS_KERNEL_UNAME/updates/openvswitch.ko" > "$FAKE_MI/file"
echo OURSRC > "$FAKE_MI/src"
EOF
chmod +x "$S/bin/modinfo" "$S/bin/depmod"
echo INTREESRC > "$S/sys/module/openvswitch/srcversion"
: > "$S/modprobe.log"
export OVS_MODINFO="$S/bin/modinfo" OVS_DEPMOD="$S/bin/depmod" FAKE_MI="$S/mi" \
	OVS_MODULES_DIR="$S/modules"
boot start; rc=$?
t_cmd "platform host: start exits 0" test "$rc" = 0
t_cmd "platform host: start ran depmod once (the index missed updates/)" \
	test "$(cat "$S/mi/depmod.log" 2>/dev/null)" = "-a $kuname"
t_contains "platform host: says the platform's boot loads ours" \
	"the platform's boot loads $S/modules/$kuname/updates/openvswitch.ko (out-of-tree, version 9.9.9, srcversion OURSRC)" \
	"$(cat "$S/out")"
t_contains "platform host: says the in-tree module runs and how to switch" \
	"loaded now: openvswitch srcversion INTREESRC, not $S/modules/$kuname/updates/openvswitch.ko; it runs until the next boot, or 'ovs-xen-kmod ours'" \
	"$(cat "$S/out")"
t_cmd "platform host: start loads nothing and starts no daemon" sh -c \
	"test ! -s '$S/modprobe.log' && test ! -e '$S/run/ovsdb-server.pid' && test ! -e '$S/run/ovs-vswitchd.pid'"
echo OURSRC > "$S/sys/module/openvswitch/srcversion"
boot start
t_cmd "platform host: no depmod when the index already resolves to ours" \
	test "$(wc -l < "$S/mi/depmod.log")" = 1
t_contains "platform host: the loaded module is ours, said so" \
	"loaded now: openvswitch srcversion OURSRC, that module" "$(cat "$S/out")"
boot stop; rc=$?
t_contains "platform host: stop stops nothing" "nothing to stop here" "$(cat "$S/out")"
t_cmd "platform host: stop exits 0" test "$rc" = 0

# --- (b) the XAPI plugin -----------------------------------------------------

py=/usr/bin/python3
[ -x "$py" ] || py=python3
mkdir -p "$S/plugin"
timeout 150 "$py" "$here/test_cfg_update.py" "$plugin" "$S/plugin" > "$S/plugin.out" 2>&1
rc=$?
grep -E '^(PASS|FAIL): ' "$S/plugin.out"
res=$(sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$S/plugin.out")
if [ -n "$res" ]; then
	T_PASSED=$((T_PASSED + ${res% *}))
	T_FAILED=$((T_FAILED + ${res#* }))
fi
if [ -z "$res" ] || { [ "$rc" != 0 ] && [ "${res#* }" = 0 ]; }; then
	t_fail "XAPI plugin test ran to the end (exit $rc)"
	tail -n 20 "$S/plugin.out"
fi

t_summary boot
