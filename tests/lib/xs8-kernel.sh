#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The XenServer 8 stand-in kernel (4.19, uname 4.19.0+1) that lives beside
# the project, in ../shared/kernels/xs8-4.19/ (DESIGN.md section 11; never
# copied into the repository, never fetched): check it against its
# SHA256SUMS, unpack its modules and kernel-devel tree once into
# $OVS_CACHE/vm/kernels/xs8-<key>/root (key: a hash of SHA256SUMS, so new
# artifacts unpack afresh and the old copy goes), link
# lib/modules/<uname>/build to the tree as the kernel-devel package does,
# and run depmod -b there.  Used by the VM harness (--kernel xs8) and the
# compile matrix (row xs8-4.19).
#
#   tests/lib/xs8-kernel.sh
#
# Prints shell-sourceable lines: XS8_UNAME, XS8_VMLINUZ, XS8_ROOT (holds
# lib/modules/<uname> and usr/src/kernels/<uname>-x86_64), XS8_BUILD_DIR
# (the kernel-devel tree), XS8_DEVEL_VERSION (the upstream release the tree
# was built from, for a kernel-devel package version).  CI clones the
# project next to shared/: a missing directory is an error naming the path,
# never a reason to skip.  OVS_XS8_DIR overrides the directory.

set -eu

prog=xs8-kernel.sh
top=$(cd "$(dirname "$0")/../.." && pwd -P)
cache=${OVS_CACHE:-/var/cache/ovs-datapath}

die() {
	printf '%s: error: %s\n' "$prog" "$*" >&2
	exit 1
}

q() {
	printf "%s='%s'\n" "$1" "$(printf %s "$2" | sed "s/'/'\\\\''/g")"
}

src=${OVS_XS8_DIR:-$top/../shared/kernels/xs8-4.19}
u=4.19.0+1
for f in SHA256SUMS vmlinuz modules.tar.xz kernel-devel.tar.xz; do
	[ -f "$src/$f" ] ||
		die "the XenServer 8 kernel needs $src/$f, which is missing: the project expects ../shared/kernels/xs8-4.19/ beside its root (DESIGN.md section 11; OVS_XS8_DIR overrides)"
done
src=$(cd "$src" && pwd -P)
(cd "$src" && sha256sum --quiet -c SHA256SUMS) >&2 ||
	die "$src: the files do not match its SHA256SUMS"
key=$(sha256sum < "$src/SHA256SUMS" | cut -c1-16)
dir=$cache/vm/kernels/xs8-$key
root=$dir/root
devel=usr/src/kernels/$u-x86_64
if [ ! -f "$dir/.unpacked" ]; then
	echo "$prog: unpacking $u from $src into $dir" >&2
	rm -rf "$dir"
	mkdir -p "$root"
	tar -xJf "$src/modules.tar.xz" -C "$root" || die "cannot unpack $src/modules.tar.xz"
	tar -xJf "$src/kernel-devel.tar.xz" -C "$root" || die "cannot unpack $src/kernel-devel.tar.xz"
	[ -f "$root/lib/modules/$u/kernel/net/openvswitch/openvswitch.ko" ] ||
		die "$src/modules.tar.xz holds no lib/modules/$u/kernel/net/openvswitch/openvswitch.ko"
	[ -f "$root/$devel/Module.symvers" ] ||
		die "$src/kernel-devel.tar.xz holds no $devel/Module.symvers"
	ln -sfn "../../../$devel" "$root/lib/modules/$u/build"
	# As for the other guests: the module index made here, by the host's
	# depmod.  kmod 30 warns that 4.19 has no modules.builtin.modinfo.
	depmod -b "$root" "$u" 2>&1 | grep -v 'modules\.builtin\.modinfo' >&2 || true
	[ -s "$root/lib/modules/$u/modules.dep" ] || die "depmod -b $root $u failed"
	touch "$dir/.unpacked"
	for old in "$cache"/vm/kernels/xs8-*; do
		[ "$old" = "$dir" ] || rm -rf "$old"
	done
fi
q XS8_UNAME "$u"
q XS8_VMLINUZ "$src/vmlinuz"
q XS8_ROOT "$root"
q XS8_BUILD_DIR "$root/$devel"
# Upstream 4.19.108 relabelled 4.19.0+1 (the directory's README.md).
q XS8_DEVEL_VERSION 4.19.108
