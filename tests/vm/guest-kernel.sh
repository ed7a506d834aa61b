#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Find (or fetch) the kernel the test VM boots, and the tree to build our
# module against.
#
#   tests/vm/guest-kernel.sh 6.1|6.12|xs8
#
# Prints shell-sourceable KEY='value' lines on stdout, messages on stderr:
#   GUEST_UNAME      uname -r of the guest kernel
#   GUEST_VMLINUZ    the kernel image QEMU boots
#   GUEST_MODROOT    directory holding lib/modules/<uname> ("/" for the host's)
#   GUEST_BUILD_ARGS arguments for scripts/build.sh (--uname U or --build-dir D)
#   GUEST_RPM_ROOT   (xs8 only) a root whose usr/src/kernels/<uname>-x86_64 is
#                    the kernel-devel tree, for scripts/rpm.sh through
#                    KERNEL_DETECT_ROOT; GUEST_DEVEL_VERSION its package version
#
# 6.1 is Debian bookworm's own kernel, installed on this machine
# (linux-image-amd64 + linux-headers-amd64).  6.12 comes from
# bookworm-backports (VM_SUITE overrides): image, headers and kbuild .debs are
# unpacked with dpkg -x into the cache, never installed, so the host's
# /boot, /lib/modules and /usr/src stay as they are.  xs8 is the XenServer 8
# stand-in (4.19, uname 4.19.0+1) of ../shared/kernels/xs8-4.19/ beside the
# project root (DESIGN.md section 11): its vmlinuz is booted from there, its
# modules and kernel-devel tree are unpacked into the cache.

set -eu

prog=guest-kernel.sh
top=$(cd "$(dirname "$0")/../.." && pwd -P)
cache=${OVS_CACHE:-/var/cache/ovs-datapath}

die() {
	printf '%s: error: %s\n' "$prog" "$*" >&2
	exit 1
}

say() {
	printf '%s: %s\n' "$prog" "$*" >&2
}

q() {
	printf "%s='%s'\n" "$1" "$(printf %s "$2" | sed "s/'/'\\\\''/g")"
}

[ $# -eq 1 ] || die "usage: $prog 6.1|6.12|xs8"

host_61() {
	# Newest installed bookworm 6.1 image; its modules and headers come
	# from the same linux-image-amd64 / linux-headers-amd64 upgrade.
	img=$(printf '%s\n' /boot/vmlinuz-6.1.*-amd64 | sort -V | tail -n 1)
	[ -f "$img" ] || die "no /boot/vmlinuz-6.1.*-amd64; run 'scripts/install-deps.sh vm' (linux-image-amd64)"
	u=${img#/boot/vmlinuz-}
	[ -r "$img" ] || die "$img is not readable (QEMU has to read it)"
	[ -f "/lib/modules/$u/modules.dep" ] || die "/lib/modules/$u/modules.dep is missing; reinstall linux-image-$u"
	[ -e "/lib/modules/$u/build" ] || [ -d "/usr/src/linux-headers-$u" ] ||
		die "no headers for $u: the newest 6.1 image and linux-headers-amd64 disagree; 'apt-get install linux-headers-$u'"
	q GUEST_UNAME "$u"
	q GUEST_VMLINUZ "$img"
	q GUEST_MODROOT /
	q GUEST_BUILD_ARGS "--uname $u"
}

# Unpack one Debian kernel (image + headers + kbuild) into the cache.
fetch_deb_kernel() {
	series=$1
	suite=${VM_SUITE:-bookworm-backports}
	apt_suite=$top/scripts/apt-suite.sh
	re=$(printf %s "$series" | sed 's/\./\\./g')
	# The plain flavour only: no -rt, -cloud.  The signed image package
	# carries vmlinuz and every module, as the -unsigned one does; take
	# the signed one (what users install) and fall back to -unsigned.
	img=$("$apt_suite" "$suite" newest "linux-image-$re\\.[0-9]+\\+deb[0-9]+(\\+bpo)?-amd64") || exit 1
	[ -n "$img" ] || img=$("$apt_suite" "$suite" newest "linux-image-$re\\.[0-9]+\\+deb[0-9]+(\\+bpo)?-amd64-unsigned") || exit 1
	[ -n "$img" ] || die "$suite has no linux-image-$series.*-amd64"
	u=${img#linux-image-}
	u=${u%-unsigned}
	abi=${u%-amd64}
	dir=$cache/vm/kernels/$u
	root=$dir/root
	if [ ! -f "$dir/.unpacked" ]; then
		say "fetching $u from $suite"
		rm -rf "$dir"
		mkdir -p "$dir/debs" "$root"
		"$apt_suite" "$suite" download "$dir/debs" "$img" \
			"linux-headers-$u" "linux-headers-$abi-common" "linux-kbuild-$abi" >&2 ||
			die "could not download the $u packages from $suite"
		for deb in "$dir"/debs/*.deb; do
			dpkg -x "$deb" "$root" || die "dpkg -x $deb failed"
		done
		hdr=$root/usr/src/linux-headers-$u
		# The flavour Makefile is one line, "include /usr/src/...-common/
		# Makefile": point it at the unpacked copy.  Relative links
		# (scripts, tools -> ../../lib/linux-kbuild-*) already resolve
		# inside $root.
		sed -i "s#^include /usr/src/#include $root/usr/src/#" "$hdr/Makefile"
		! grep -q '^include /usr/' "$hdr/Makefile" || die "could not rewrite $hdr/Makefile"
		# build/source links in lib/modules are absolute; nothing in the
		# guest needs them, but a dangling link to the host's /usr/src is
		# a trap for whoever looks.
		ln -sfn "../../../usr/src/linux-headers-$u" "$root/lib/modules/$u/build"
		ln -sfn "../../../usr/src/linux-headers-$abi-common" "$root/lib/modules/$u/source"
		# The packages' postinst would run depmod; the initramfs builder
		# and the guest need modules.dep.
		depmod -b "$root" "$u" || die "depmod for $u failed"
		# Debian's headers ask for their own compiler by name.
		cc=$(sed -n 's/^CC = .*\(gcc-[0-9]*\)$/\1/p' "$hdr/.kernelvariables" 2>/dev/null || true)
		if [ -n "$cc" ] && ! command -v "x86_64-linux-gnu-$cc" > /dev/null; then
			say "warning: $u is built with $cc, which is not installed; the module build will fail"
		fi
		touch "$dir/.unpacked"
	fi
	q GUEST_UNAME "$u"
	q GUEST_VMLINUZ "$root/boot/vmlinuz-$u"
	q GUEST_MODROOT "$root"
	q GUEST_BUILD_ARGS "--build-dir $root/usr/src/linux-headers-$u"
}

# XenServer 8's kernel, unpacked into the cache by tests/lib/xs8-kernel.sh
# (shared with the compile matrix).
xs8_kernel() {
	xs8=$("$top/tests/lib/xs8-kernel.sh") || exit 1
	eval "$xs8"
	q GUEST_UNAME "$XS8_UNAME"
	q GUEST_VMLINUZ "$XS8_VMLINUZ"
	q GUEST_MODROOT "$XS8_ROOT"
	q GUEST_BUILD_ARGS "--build-dir $XS8_BUILD_DIR"
	q GUEST_RPM_ROOT "$XS8_ROOT"
	q GUEST_DEVEL_VERSION "$XS8_DEVEL_VERSION"
}

case $1 in
6.1) host_61 ;;
6.12) fetch_deb_kernel 6.12 ;;
xs8) xs8_kernel ;;
*) die "unknown guest kernel '$1' (6.1, 6.12 or xs8)" ;;
esac
