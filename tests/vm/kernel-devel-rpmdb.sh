#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Make an unpacked kernel-devel tree look installed by RPM, as on a
# XenServer build host: pack ROOT/usr/src/kernels/UNAME-x86_64 into a
# kernel-devel package that provides kernel-devel-uname-r = UNAME (the
# packaging fixture spec, tests/packaging/fixtures/kernel-devel.spec.in)
# and record it in ROOT/var/lib/rpm with rpm --justdb (the files are
# there already).  The module spec's BuildRequires then resolves against
# that database, and scripts/kernel-detect.sh names the package.
#
#   tests/vm/kernel-devel-rpmdb.sh ROOT UNAME NUMERIC
#
# NUMERIC is the package version (the upstream release of the tree).  Done
# once per ROOT (ROOT/.kernel-devel-rpmdb marks it): about 30 s cold.

set -eu

prog=kernel-devel-rpmdb.sh
top=$(cd "$(dirname "$0")/../.." && pwd -P)

die() {
	printf '%s: error: %s\n' "$prog" "$*" >&2
	exit 1
}

[ $# -eq 3 ] || die "usage: $prog ROOT UNAME NUMERIC"
root=$1 uname_=$2 numeric=$3
tree=$root/usr/src/kernels/$uname_-x86_64
mark=$root/.kernel-devel-rpmdb
[ -f "$tree/Makefile" ] || die "$tree is not a kernel tree"
if [ -f "$mark" ]; then
	echo "$prog: $(cat "$mark") is in $root/var/lib/rpm already" >&2
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# An uncompressed payload and no post-install processing: the package is
# only ever recorded, never unpacked, so only its headers matter.
rpmbuild -bb --quiet --define "_topdir $work" \
	--define "_binary_payload w0.ufdio" --define "__spec_install_post %{nil}" \
	-D "fx_name kernel-devel" -D "fx_version $numeric" -D "fx_release 1.ovsvm" \
	-D "fx_uname $uname_" -D "fx_numeric $numeric" -D "fx_provides_uname 1" \
	-D "fx_tree $tree" "$top/tests/packaging/fixtures/kernel-devel.spec.in" \
	> "$work/rpmbuild.log" 2>&1 || { cat "$work/rpmbuild.log" >&2; die "rpmbuild of the kernel-devel fixture failed"; }
pkg=$(find "$work/RPMS" -name 'kernel-devel-*.rpm' | head -n 1)
[ -n "$pkg" ] || die "rpmbuild wrote no kernel-devel package"
mkdir -p "$root/var/lib/rpm"
rpm --root "$root" --dbpath /var/lib/rpm --initdb
# --nodeps: the root has no glibc, filesystem and so on to satisfy.
rpm --root "$root" --dbpath /var/lib/rpm -i --justdb --nodeps "$pkg" 2>&1 |
	grep -v -e 'use Alien instead' -e 'assuming you know what you are doing' >&2 || true
# (rpm -q --whatprovides takes a name, not "name = version".)
name=$(rpm --root "$root" --dbpath /var/lib/rpm -q --whatprovides kernel-devel-uname-r) || name=
if [ -z "$name" ] || ! rpm --root "$root" --dbpath /var/lib/rpm -q --provides "$name" |
	grep -qxF "kernel-devel-uname-r = $uname_"; then
	die "after rpm -i --justdb nothing in $root/var/lib/rpm provides kernel-devel-uname-r = $uname_"
fi
echo "$name" > "$mark"
echo "$prog: $name recorded in $root/var/lib/rpm" >&2
