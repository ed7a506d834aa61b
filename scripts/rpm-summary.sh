#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The last words of an rpmbuild of the spec (its %clean): the RPMs written,
# what %check did, whether a debuginfo package was made, where the result
# differs from what Open vSwitch's XenServer guide describes, and the
# rpm -U line for the host.
#
#   scripts/rpm-summary.sh --rpmdir DIR --since FILE --module NAME --boot NAME
#       --uname UNAME --given TEXT --tree DIR --check 0|1 --debuginfo 0|1
#
# The RPMs are those under --rpmdir newer than --since (a file the spec's
# %prep touched), so earlier builds for other kernels are not named.

set -eu

prog=rpm-summary.sh
rpmdir=''
since=''
module=''
boot=''
uname_=''
given=''
tree=''
check=''
debuginfo=''
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || { echo "$prog: $1 needs a value" >&2; exit 2; }
	case $1 in
	--rpmdir) rpmdir=$2 ;;
	--since) since=$2 ;;
	--module) module=$2 ;;
	--boot) boot=$2 ;;
	--uname) uname_=$2 ;;
	--given) given=$2 ;;
	--tree) tree=$2 ;;
	--check) check=$2 ;;
	--debuginfo) debuginfo=$2 ;;
	*) echo "$prog: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift 2
done

if [ -f "$since" ]; then
	written=$(find "$rpmdir" -type f -name '*.rpm' -newer "$since" | LC_ALL=C sort)
else
	written=$(find "$rpmdir" -type f -name '*.rpm' | LC_ALL=C sort)
fi
mod_rpm=''
boot_rpm=''
debug_rpms=''
for f in $written; do
	case ${f##*/} in
	"$module"-debug*) debug_rpms="$debug_rpms $f" ;;
	"$module"-*) mod_rpm=$f ;;
	"$boot"-*) boot_rpm=$f ;;
	esac
done

p=openvswitch-modules-xen
echo "$p: built for kernel $uname_ (kernel parameter given: $given)"
echo "$p: wrote"
[ -z "$mod_rpm" ] || echo "    $mod_rpm  (the module)"
[ -z "$boot_rpm" ] || echo "    $boot_rpm  (boot script, systemd unit, XAPI plugin)"
for f in $debug_rpms; do echo "    $f  (debug information of the module)"; done

if [ "$check" = 1 ]; then
	echo "$p: %check ran scripts/check-module.sh: the module's vermagic and the symbols it imports (names and CRCs) match kernel $uname_ ($tree); --without check skips it"
else
	echo "$p: %check skipped (--without check): the module was not checked against kernel $uname_ (vermagic, imported symbols and their CRCs)"
fi
if [ "$debuginfo" = 1 ]; then
	debug_note="the module's debug information is in $module-debuginfo, written above"
else
	debug_note="this rpmbuild makes no -debuginfo packages (%_enable_debug_packages is not set, as with Debian's rpm, whose brp-strip removed the module's debug sections); where redhat-rpm-config sets it (CentOS-based build VMs, RHEL-likes) $module-debuginfo is written too"
fi

echo "$p: where this differs from Open vSwitch's XenServer guide:"
echo "    - no 'openvswitch' package: Open vSwitch userspace (ovs-vswitchd, ovsdb-server, ovs-vsctl) comes from the platform's or the distribution's package; $boot starts it on this module and requires it"
echo "    - the module package is $module, for x86_64 (the guide's openvswitch-modules-xen-\$XEN_KERNEL_VERSION for i386)"
echo "    - no 'openvswitch-debuginfo': $debug_note"
echo "    - %check tests the module against the kernel; there are no Open vSwitch unit tests to run (no userspace is built)"
if [ -n "$mod_rpm" ] && [ -n "$boot_rpm" ]; then
	echo "$p: on the host, once the RPMs are copied there:"
	echo "    rpm -U ${mod_rpm##*/} ${boot_rpm##*/}"
	echo "    (to remove: rpm -e $boot $module)"
else
	echo "$p: the module and boot packages were not both found under $rpmdir" >&2
fi
