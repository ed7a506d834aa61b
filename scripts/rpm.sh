#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the RPMs (openvswitch-modules-*, openvswitch-xen-boot) from a clean
# source tarball, under build/rpm/, and print their paths.
#
#   scripts/rpm.sh [--uname UNAME] [-- extra rpmbuild arguments]
#
# Without --uname the spec's own detection (scripts/kernel-detect.sh)
# picks the kernel.  Needs rpmbuild (Debian: "scripts/install-deps.sh
# packaging").

set -eu

prog=rpm.sh
top=$(cd "$(dirname "$0")/.." && pwd -P)
topdir=${RPM_TOPDIR:-$top/build/rpm}
uname_=

while [ $# -gt 0 ]; do
	case $1 in
	--uname) [ $# -ge 2 ] || { echo "$prog: --uname needs a value" >&2; exit 2; }
		uname_=$2; shift ;;
	--) shift; break ;;
	*) echo "$prog: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done

command -v rpmbuild >/dev/null 2>&1 ||
	{ echo "$prog: rpmbuild is missing: run 'scripts/install-deps.sh packaging' (Debian) or install rpm-build" >&2; exit 1; }

mkdir -p "$topdir/SOURCES" "$topdir/SPECS" "$topdir/RPMS" "$topdir/BUILD"
"$top/scripts/dist.sh" "$topdir/SOURCES" >/dev/null
spec=$topdir/SPECS/openvswitch-modules-xen.spec
"$top/scripts/gen-spec.sh" > "$spec"

log=$topdir/rpmbuild.log
start=$(date +%s)
set +e
rpmbuild -bb --define "_topdir $topdir" \
	${uname_:+--define "kernel_uname $uname_"} "$@" "$spec" > "$log" 2>&1
rc=$?
set -e
if [ "$rc" != 0 ]; then
	tail -n 40 "$log" >&2
	echo "$prog: rpmbuild failed (full log: $log)" >&2
	exit "$rc"
fi
echo "$prog: built in $(($(date +%s) - start))s (log: $log):"
sed -n 's/^Wrote: //p' "$log"
