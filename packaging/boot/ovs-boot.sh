#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Start and stop Open vSwitch on a XenServer / XCP-ng host (or any Linux
# host) with our openvswitch.ko.  Shared by the SysV script
# (/etc/init.d/openvswitch) and the systemd unit (openvswitch-xen.service).
#
# Two kinds of host.  Where the platform's openvswitch package boots Open
# vSwitch (XenServer 8, XCP-ng 8.x: its openvswitch.service runs
# $OVS_PLATFORM_BOOT, which loads the module with "modprobe openvswitch"),
# start only makes sure that modprobe resolves to our module (depmod when
# the index says otherwise while ours is on disk) and says which module the
# platform's boot will load and which one runs; stop stops nothing.
# Elsewhere start and stop do all of the below.
#
#   ovs-boot.sh start | stop [--unload-module] | restart | status
#
# start:   load the kernel module (and say which file was loaded), start
#          ovsdb-server (creating or upgrading the database), delete the
#          bridges left in the database by the previous boot, start
#          ovs-vswitchd, open the firewall for GRE (and VXLAN / Geneve
#          when enabled).  Running it again changes nothing.
# stop:    stop ovs-vswitchd, then ovsdb-server.  The module stays loaded
#          unless --unload-module is given or OVS_UNLOAD_MODULE=yes.
# status:  exit 0 if both daemons run, 3 if not (LSB).
#
# Settings come from $OVS_SYSCONFDIR/sysconfig/openvswitch-xen (see that file);
# the path variables below may also be set in the environment, which wins,
# so that the script runs in a sandbox:
#   OVS_SYSCONFDIR (/etc)  OVS_RUNDIR (/var/run/openvswitch)
#   OVS_DBDIR (/etc/openvswitch)  OVS_LOGDIR (/var/log/openvswitch)
#   OVS_BINDIR (/usr/bin)  OVS_SBINDIR (/usr/sbin)
#   OVS_PKGDATADIR (/usr/share/openvswitch)  OVS_SYSFS (/sys)
#   IPTABLES (iptables; empty: leave the firewall alone)
#   OVS_MODPROBE (modprobe)  OVS_MODINFO (modinfo)
#   OVS_KERNEL_UNAME (the running kernel: the one modinfo looks at)
#   OVS_DEPMOD (depmod)  OVS_MODULES_DIR (/lib/modules)
#   OVS_PLATFORM_BOOT (/usr/share/openvswitch/scripts/ovs-start; "none":
#   never treat the host as one the platform boots)
# ovsdb-server, ovs-vswitchd and ovs-vsctl read OVS_RUNDIR, OVS_DBDIR,
# OVS_LOGDIR and OVS_SYSCONFDIR themselves, so they are exported.

set -u

prog=ovs-boot

# Path settings given in the environment override the sysconfig file.
path_vars="OVS_SYSCONFDIR OVS_RUNDIR OVS_DBDIR OVS_LOGDIR OVS_BINDIR OVS_SBINDIR
	OVS_PKGDATADIR OVS_SYSFS IPTABLES OVS_MODPROBE OVS_MODINFO OVS_KERNEL_UNAME
	OVS_DEPMOD OVS_MODULES_DIR OVS_PLATFORM_BOOT"
for v in $path_vars; do
	eval "if [ \"\${$v+set}\" = set ]; then env_$v=\$$v; env_set_$v=1; fi"
done

OVS_SYSCONFDIR=${OVS_SYSCONFDIR:-/etc}
sysconfig=$OVS_SYSCONFDIR/sysconfig/openvswitch-xen
# shellcheck disable=SC1090
[ -r "$sysconfig" ] && . "$sysconfig"

for v in $path_vars; do
	eval "if [ \"\${env_set_$v-}\" = 1 ]; then $v=\$env_$v; fi"
done

OVS_RUNDIR=${OVS_RUNDIR:-/var/run/openvswitch}
OVS_DBDIR=${OVS_DBDIR:-/etc/openvswitch}
OVS_LOGDIR=${OVS_LOGDIR:-/var/log/openvswitch}
OVS_BINDIR=${OVS_BINDIR:-/usr/bin}
OVS_SBINDIR=${OVS_SBINDIR:-/usr/sbin}
OVS_PKGDATADIR=${OVS_PKGDATADIR:-/usr/share/openvswitch}
OVS_SYSFS=${OVS_SYSFS:-/sys}
IPTABLES=${IPTABLES-iptables}
OVS_MODPROBE=${OVS_MODPROBE:-modprobe}
OVS_MODINFO=${OVS_MODINFO:-modinfo}
OVS_KERNEL_UNAME=${OVS_KERNEL_UNAME:-$(uname -r)}
OVS_MODULE=${OVS_MODULE:-openvswitch}
OVS_DEPMOD=${OVS_DEPMOD:-depmod}
OVS_MODULES_DIR=${OVS_MODULES_DIR:-/lib/modules}
OVS_PLATFORM_BOOT=${OVS_PLATFORM_BOOT:-/usr/share/openvswitch/scripts/ovs-start}
OVS_ENABLE_PROTOCOLS=${OVS_ENABLE_PROTOCOLS:-}
OVS_DELETE_BRIDGES=${OVS_DELETE_BRIDGES:-boot}
OVS_UNLOAD_MODULE=${OVS_UNLOAD_MODULE:-no}
OVS_VSWITCHD_MLOCKALL=${OVS_VSWITCHD_MLOCKALL:-yes}
OVSDB_SERVER_OPTIONS=${OVSDB_SERVER_OPTIONS:-}
OVS_VSWITCHD_OPTIONS=${OVS_VSWITCHD_OPTIONS:-}
OVS_STOP_TIMEOUT=${OVS_STOP_TIMEOUT:-10}
XENSOURCE_INVENTORY=${XENSOURCE_INVENTORY:-/etc/xensource-inventory}
XENSOURCE_NETWORK_CONF=${XENSOURCE_NETWORK_CONF:-/etc/xensource/network.conf}

export OVS_SYSCONFDIR OVS_RUNDIR OVS_DBDIR OVS_LOGDIR OVS_PKGDATADIR

db=$OVS_DBDIR/conf.db
schema=$OVS_PKGDATADIR/vswitch.ovsschema
sock=$OVS_RUNDIR/db.sock
vsctl=$OVS_BINDIR/ovs-vsctl
ovsdb_tool=$OVS_BINDIR/ovsdb-tool
# Log to the file only; errors also to syslog.
# Before --log-file on the command line: options apply in order, and
# opening the log file is itself logged, to the console unless told not to.
vlog="-vconsole:emer -vsyslog:err -vfile:info"
# First start since boot: $OVS_RUNDIR lives on a tmpfs.
booted_flag=$OVS_RUNDIR/.ovs-boot-started

log() { echo "$prog: $*"; }
warn() { echo "$prog: warning: $*" >&2; }
err() { echo "$prog: error: $*" >&2; }

# --- daemons -----------------------------------------------------------------

pidfile() { echo "$OVS_RUNDIR/$1.pid"; }

# Pid of a running daemon, from its pidfile; nothing if it does not run.
daemon_pid() {
	f=$(pidfile "$1")
	[ -r "$f" ] || return 1
	pid=$(cat "$f" 2>/dev/null)
	case $pid in ''|*[!0-9]*) return 1 ;; esac
	kill -0 "$pid" 2>/dev/null || return 1
	# A recycled pid is not our daemon.
	if [ -r "/proc/$pid/comm" ]; then
		[ "$(cat "/proc/$pid/comm")" = "$1" ] || return 1
	fi
	echo "$pid"
}

stop_daemon() {
	name=$1
	pid=$(daemon_pid "$name") || { log "$name is not running"; return 0; }
	kill -TERM "$pid" 2>/dev/null
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$i" -ge "$((OVS_STOP_TIMEOUT * 10))" ]; then
			warn "$name (pid $pid) did not stop in ${OVS_STOP_TIMEOUT}s; killing it"
			kill -KILL "$pid" 2>/dev/null
			break
		fi
		sleep 0.1
		i=$((i + 1))
	done
	rm -f "$(pidfile "$name")"
	log "stopped $name (pid $pid)"
}

# --- kernel module -----------------------------------------------------------

# What "modprobe $OVS_MODULE" would load: sets file, fver, fsrc and kind.
resolve_module() {
	file=$($OVS_MODINFO -k "$OVS_KERNEL_UNAME" -n "$OVS_MODULE" 2>/dev/null)
	fver=$($OVS_MODINFO -k "$OVS_KERNEL_UNAME" -F version "$OVS_MODULE" 2>/dev/null | head -n 1)
	fsrc=$($OVS_MODINFO -k "$OVS_KERNEL_UNAME" -F srcversion "$OVS_MODULE" 2>/dev/null | head -n 1)
	case $file in
	*/updates/*|*/extra/*|*/override/*|*/weak-updates/*) kind="out-of-tree" ;;
	*/kernel/*) kind="in-tree" ;;
	*) kind="unknown" ;;
	esac
}

load_module() {
	resolve_module
	if [ -z "$file" ]; then
		warn "no $OVS_MODULE module for kernel $OVS_KERNEL_UNAME (modinfo finds none)"
	fi
	log "module $OVS_MODULE for $OVS_KERNEL_UNAME resolves to ${file:-nothing} ($kind, version ${fver:-none}, srcversion ${fsrc:-none})"
	if ! $OVS_MODPROBE "$OVS_MODULE"; then
		err "'$OVS_MODPROBE $OVS_MODULE' failed"
		return 1
	fi
	sys=$OVS_SYSFS/module/$OVS_MODULE
	if [ -r "$sys/srcversion" ]; then
		lsrc=$(cat "$sys/srcversion")
		lver=$(cat "$sys/version" 2>/dev/null)
		log "loaded $OVS_MODULE: srcversion $lsrc, version ${lver:-none}"
		if [ -n "$fsrc" ] && [ "$lsrc" != "$fsrc" ]; then
			warn "the loaded $OVS_MODULE (srcversion $lsrc) is not $file (srcversion $fsrc): an older module was already loaded; 'rmmod $OVS_MODULE' and start again to use the installed one"
		fi
	elif [ -d "$sys" ]; then
		log "loaded $OVS_MODULE (built into the kernel or without srcversion)"
	else
		log "'$OVS_MODPROBE $OVS_MODULE' succeeded but $sys does not exist (modprobe overridden?); it would have loaded ${file:-nothing}"
	fi
}

unload_module() {
	if [ -d "$OVS_SYSFS/module/$OVS_MODULE" ]; then
		if $OVS_MODPROBE -r "$OVS_MODULE"; then
			log "unloaded $OVS_MODULE"
		else
			warn "could not unload $OVS_MODULE"
		fi
	fi
}

# --- a host the platform's openvswitch package boots -------------------------

platform_boots() {
	[ "$OVS_PLATFORM_BOOT" != none ] && [ -e "$OVS_PLATFORM_BOOT" ]
}

# Out-of-tree modules on disk for the kernel, whatever the index says.
out_of_tree_files() {
	for d in updates extra override weak-updates; do
		for f in "$OVS_MODULES_DIR/$OVS_KERNEL_UNAME/$d/$OVS_MODULE".ko*; do
			[ -e "$f" ] && echo "$f"
		done
	done
}

# The platform's boot loads the module itself ("modprobe openvswitch"):
# make that resolve to ours, and say what it will load and what runs now.
# Never fails: the platform's boot must go on whatever this finds.
platform_check() {
	log "the platform's Open vSwitch boot ($OVS_PLATFORM_BOOT, openvswitch.service) starts the daemons and loads the module; checking which module that is"
	resolve_module
	if [ "$kind" != out-of-tree ] && [ -n "$(out_of_tree_files)" ]; then
		log "modprobe $OVS_MODULE resolves to ${file:-nothing}, but $(out_of_tree_files | head -n 1) is installed: running $OVS_DEPMOD -a $OVS_KERNEL_UNAME"
		$OVS_DEPMOD -a "$OVS_KERNEL_UNAME" || warn "'$OVS_DEPMOD -a $OVS_KERNEL_UNAME' failed"
		resolve_module
	fi
	if [ "$kind" = out-of-tree ]; then
		log "the platform's boot loads $file (out-of-tree, version ${fver:-none}, srcversion ${fsrc:-none})"
	else
		warn "the platform's boot loads ${file:-nothing} ($kind, version ${fver:-none}), not an out-of-tree module: is openvswitch-modules-xen-$OVS_KERNEL_UNAME installed?"
	fi
	sys=$OVS_SYSFS/module/$OVS_MODULE
	# The kernel's own module may have no srcversion at all.
	lsrc=$(cat "$sys/srcversion" 2>/dev/null)
	if [ ! -d "$sys" ]; then
		log "$OVS_MODULE is not loaded yet"
	elif [ -n "$lsrc" ] && [ "$lsrc" = "$fsrc" ]; then
		log "loaded now: $OVS_MODULE srcversion $lsrc, that module"
	else
		warn "loaded now: $OVS_MODULE srcversion ${lsrc:-none}, not $file; it runs until the next boot, or 'ovs-xen-kmod ours' switches this host to $file now"
	fi
	return 0
}

# --- database ----------------------------------------------------------------

start_ovsdb() {
	mkdir -p "$OVS_RUNDIR" "$OVS_LOGDIR" "$OVS_DBDIR"
	if pid=$(daemon_pid ovsdb-server); then
		log "ovsdb-server is already running (pid $pid)"
		return 0
	fi
	if [ ! -s "$db" ]; then
		rm -f "$db"
		"$ovsdb_tool" create "$db" "$schema" || { err "cannot create $db"; return 1; }
		log "created $db from $schema"
	elif [ "$("$ovsdb_tool" needs-conversion "$db" "$schema" 2>/dev/null)" = yes ]; then
		cp -p "$db" "$db.backup-$(date +%Y%m%d%H%M%S)"
		"$ovsdb_tool" convert "$db" "$schema" || { err "cannot convert $db to $schema"; return 1; }
		log "converted $db to the schema of $schema (backup kept)"
	fi
	# shellcheck disable=SC2086
	"$OVS_SBINDIR/ovsdb-server" "$db" \
		--remote="punix:$sock" \
		--remote=db:Open_vSwitch,Open_vSwitch,manager_options \
		--private-key=db:Open_vSwitch,SSL,private_key \
		--certificate=db:Open_vSwitch,SSL,certificate \
		--bootstrap-ca-cert=db:Open_vSwitch,SSL,ca_cert \
		--pidfile="$(pidfile ovsdb-server)" \
		$vlog --log-file="$OVS_LOGDIR/ovsdb-server.log" \
		--detach $OVSDB_SERVER_OPTIONS || { err "ovsdb-server did not start"; return 1; }
	log "started ovsdb-server (pid $(daemon_pid ovsdb-server))"
}

# Identify the host in the database: XAPI's installation UUID on XenServer,
# else a UUID kept in $OVS_DBDIR/system-id.conf.
set_system_id() {
	id=
	if [ -r "$XENSOURCE_INVENTORY" ]; then
		id=$(sed -n "s/^INSTALLATION_UUID=['\"]*\([^'\"]*\)['\"]*$/\1/p" "$XENSOURCE_INVENTORY")
	fi
	if [ -z "$id" ]; then
		f=$OVS_DBDIR/system-id.conf
		[ -s "$f" ] || cat /proc/sys/kernel/random/uuid > "$f" 2>/dev/null
		id=$(cat "$f" 2>/dev/null)
	fi
	set -- --no-wait -- init
	[ -n "$id" ] && set -- "$@" -- set Open_vSwitch . "external-ids:system-id=$id"
	if [ -r "$XENSOURCE_INVENTORY" ] && [ -n "$id" ]; then
		set -- "$@" "external-ids:xs-system-uuid=$id"
	fi
	"$vsctl" "$@" || warn "could not initialise the Open_vSwitch record"
}

delete_bridges() {
	case $OVS_DELETE_BRIDGES in
	no|never) return 0 ;;
	always) ;;
	*)	# boot: only on the first start since the host booted, so that a
		# "restart" on a running host does not take its networks away.
		if [ -e "$booted_flag" ]; then
			log "not the first start since boot: keeping the bridges (OVS_DELETE_BRIDGES=$OVS_DELETE_BRIDGES)"
			return 0
		fi ;;
	esac
	brs=$("$vsctl" --no-wait list-br) || { warn "cannot list bridges"; return 0; }
	for br in $brs; do
		if "$vsctl" --no-wait del-br "$br"; then
			log "deleted bridge $br left from before"
		else
			warn "could not delete bridge $br"
		fi
	done
}

start_vswitchd() {
	if pid=$(daemon_pid ovs-vswitchd); then
		log "ovs-vswitchd is already running (pid $pid)"
		return 0
	fi
	mlock=
	case $OVS_VSWITCHD_MLOCKALL in yes|y|1|true) mlock=--mlockall ;; esac
	# shellcheck disable=SC2086
	"$OVS_SBINDIR/ovs-vswitchd" "unix:$sock" $mlock \
		--pidfile="$(pidfile ovs-vswitchd)" \
		$vlog --log-file="$OVS_LOGDIR/ovs-vswitchd.log" \
		--detach $OVS_VSWITCHD_OPTIONS || { err "ovs-vswitchd did not start"; return 1; }
	log "started ovs-vswitchd (pid $(daemon_pid ovs-vswitchd))"
}

# --- firewall ----------------------------------------------------------------

# Insert an INPUT rule unless it is there already.
fw_allow() {
	what=$1; shift
	if $IPTABLES -C INPUT "$@" -j ACCEPT 2>/dev/null; then
		log "firewall already allows $what"
	elif $IPTABLES -I INPUT "$@" -j ACCEPT; then
		log "firewall: allowed $what"
	else
		warn "could not add the firewall rule for $what"
	fi
}

firewall() {
	if [ -z "$IPTABLES" ]; then
		log "IPTABLES is empty: leaving the firewall alone"
		return 0
	fi
	first=${IPTABLES%% *}
	if ! command -v "$first" > /dev/null 2>&1; then
		log "no $first here: leaving the firewall alone"
		return 0
	fi
	fw_allow "GRE (IP protocol 47)" -p 47
	for p in $(printf '%s' "$OVS_ENABLE_PROTOCOLS" | tr ',' ' '); do
		case $p in
		gre|GRE) ;;
		vxlan|VXLAN) fw_allow "VXLAN (udp 4789)" -p udp --dport 4789 ;;
		geneve|GENEVE) fw_allow "Geneve (udp 6081)" -p udp --dport 6081 ;;
		*) warn "OVS_ENABLE_PROTOCOLS: unknown protocol '$p' (gre, vxlan, geneve)" ;;
		esac
	done
}

# --- commands ----------------------------------------------------------------

# XenServer's network backend may be the Linux bridge instead of OVS.
xenserver_uses_bridge() {
	[ -r "$XENSOURCE_NETWORK_CONF" ] || return 1
	case $(cat "$XENSOURCE_NETWORK_CONF") in
	bridge*) return 0 ;;
	esac
	return 1
}

start() {
	if xenserver_uses_bridge; then
		log "$XENSOURCE_NETWORK_CONF selects the Linux bridge: not starting Open vSwitch"
		return 0
	fi
	if platform_boots; then
		platform_check
		return 0
	fi
	load_module || return 1
	start_ovsdb || return 1
	set_system_id
	delete_bridges
	start_vswitchd || return 1
	: > "$booted_flag"
	firewall
	return 0
}

stop() {
	if platform_boots; then
		log "the platform's openvswitch.service runs the daemons: nothing to stop here"
		return 0
	fi
	stop_daemon ovs-vswitchd
	stop_daemon ovsdb-server
	case ${1:-} in --unload-module) OVS_UNLOAD_MODULE=yes ;; esac
	case $OVS_UNLOAD_MODULE in yes|y|1|true) unload_module ;; esac
	return 0
}

status() {
	rc=0
	for d in ovsdb-server ovs-vswitchd; do
		if pid=$(daemon_pid "$d"); then
			echo "$d is running with pid $pid"
		else
			echo "$d is not running"
			rc=3
		fi
	done
	return $rc
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
start) start ;;
stop) stop "$@" ;;
restart) stop && start ;;
status) status ;;
*)
	echo "usage: $0 start | stop [--unload-module] | restart | status" >&2
	exit 2 ;;
esac
