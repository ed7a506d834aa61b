#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Packaging tests: kernel detection against fixture trees and a private RPM
# database of fake XenServer kernel-devel packages; the RPM spec in its three
# forms against the installed Debian headers; bad parameters; the commands
# of Open vSwitch's XenServer guide as written; install, upgrade and erase in
# a throwaway root.
#
#   tests/packaging/run.sh [--keep]      (--keep: leave the work directory)
#
# Needs rpm/rpmbuild ("scripts/install-deps.sh build packaging") and one
# installed, buildable kernel tree (linux-headers-amd64).  Prints
# "packaging: N passed, N failed"; exits non-zero on any failure.
#
# Time: one real module build (the first rpmbuild, about a minute on two
# cores); the other rpmbuild runs share its build directory through the
# spec's ovs_build_cache macro, so kbuild finds the module up to date and
# only detection, install, %check and packaging run again.  Every form still
# goes through its own parse-time detection, %install and %check.

set -u

top=$(cd "$(dirname "$0")/../.." && pwd -P)
here=$top/tests/packaging
fixtures=$here/fixtures
keep=0
[ "${1:-}" = --keep ] && keep=1

. "$top/tests/lib/results.sh"
started=$(date +%s)

# Like the other test targets: install what this one needs.
"$top/scripts/install-deps.sh" build packaging >&2 || true
command -v rpmbuild >/dev/null 2>&1 || {
	echo "packaging: rpmbuild missing: run 'scripts/install-deps.sh build packaging'" >&2
	t_fail "rpmbuild installed"
	t_summary packaging
	exit 1
}

work=$(mktemp -d /tmp/ovs-packaging.XXXXXX)
cleanup() {
	if [ "$keep" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Debian's rpm warns on every install that dpkg owns the system; the
# throwaway roots here are not the system.
rpm_() { rpm "$@" 2> >(grep -v -e 'use Alien instead' -e 'assuming you know what you are doing' >&2); }

detect() { "$top/scripts/kernel-detect.sh" "$@"; }

# expect UNAME NAME VERSION FLAVOR SCHEME NUMERIC BUILD_DIR DEVEL REASON
expect() {
	local a i=0
	for a in "$@"; do	# quoted as kernel-detect.sh quotes
		set -- "$@" "$(printf %s "$a" | sed "s/'/'\\\\''/g")"
		i=$((i + 1))
	done
	shift "$i"
	printf "KERNEL_UNAME='%s'\nKERNEL_NAME='%s'\nKERNEL_VERSION='%s'\nKERNEL_FLAVOR='%s'\nKERNEL_SCHEME='%s'\nKERNEL_NUMERIC='%s'\nKERNEL_BUILD_DIR='%s'\nKERNEL_DEVEL_PACKAGE='%s'\nKERNEL_REASON='%s'" "$@"
}

echo "== kernel detection: fixture trees and a private RPM database"

xs56=2.6.32.12-0.7.1.xs5.6.100.323.170596
xs56_pkgrel=0.7.1.xs5.6.100.323.170596

# Fixture kernel-devel RPMs, as XenServer ships them: 5.6 FP1 (no
# kernel-devel-uname-r provide then; kernel-<flavor>-devel), 6.5 and 8.x.
fxtop=$work/fixture-rpm
fxrpm() {
	rpmbuild -bb --quiet --define "_topdir $fxtop" -D "fx_mktree $fixtures/mktree.sh" \
		"$@" "$fixtures/kernel-devel.spec.in" > "$fxtop.log" 2>&1 ||
		{ cat "$fxtop.log"; return 1; }
}
fxrpm -D "fx_name kernel-xen-devel" -D "fx_version 2.6.32.12" -D "fx_release $xs56_pkgrel" \
	-D "fx_uname ${xs56}xen" -D "fx_numeric 2.6.32" &&
fxrpm -D "fx_name kernel-kdump-devel" -D "fx_version 2.6.32.12" -D "fx_release $xs56_pkgrel" \
	-D "fx_uname ${xs56}kdump" -D "fx_numeric 2.6.32" &&
fxrpm -D "fx_name kernel-devel" -D "fx_version 3.10.41" -D "fx_release 323.380407" \
	-D "fx_uname 3.10.0+2" -D "fx_numeric 3.10.41" -D "fx_provides_uname 1" &&
fxrpm -D "fx_name kernel-devel" -D "fx_version 4.19.19" -D "fx_release 7.0.9.1.xs8" \
	-D "fx_uname 4.19.0+1" -D "fx_numeric 4.19.19" -D "fx_provides_uname 1"
t_same "fixture kernel-devel RPMs built" 4 "$(find "$fxtop/RPMS" -name '*.rpm' | wc -l)"
rpmdir=$fxtop/RPMS/x86_64

# R1: the four packages installed into a root with its own database.
r1=$work/r1
mkdir -p "$r1"
rpm_ --root "$r1" --dbpath /var/lib/rpm --initdb
# --nodeps: a fixture root has no glibc, filesystem and so on to satisfy.
rpm_ --root "$r1" --dbpath /var/lib/rpm -i --nodeps "$rpmdir"/*.rpm
t_same "fixture packages in the private database" \
	"kernel-devel-3.10.41-323.380407
kernel-devel-4.19.19-7.0.9.1.xs8
kernel-kdump-devel-2.6.32.12-$xs56_pkgrel
kernel-xen-devel-2.6.32.12-$xs56_pkgrel" \
	"$(rpm --dbpath "$r1/var/lib/rpm" -qa --qf '%{NAME}-%{VERSION}-%{RELEASE}\n' | sort)"
t_same "6.5 and later provide kernel-devel-uname-r" \
	"kernel-devel-uname-r = 3.10.0+2
kernel-devel-uname-r = 4.19.0+1" \
	"$(rpm --dbpath "$r1/var/lib/rpm" -q --whatprovides kernel-devel-uname-r --provides | grep uname-r | sort)"

export KERNEL_DETECT_RUNNING=9.9.9-test
k=$r1/usr/src/kernels
out=$(KERNEL_DETECT_ROOT=$r1 detect 2>"$work/err"); rc=$?
t_same "XenServer root, nothing given: picks 8.x (4.19.0+1)" \
	"$(expect 4.19.0+1 kernel 4.19.0+1 '' xenserver 4.19.19 "$k/4.19.0+1-x86_64" kernel-devel \
	"the running kernel 9.9.9-test has no build tree; newest of 4 installed, kdump flavors last")" "$out"
t_same "XenServer root, nothing given: exit 0" 0 "$rc"
t_same "several found: listed, with the pick and why" \
"kernel-detect.sh: found 4 kernel build trees:
kernel-detect.sh:     ${xs56}kdump  $k/${xs56}kdump-x86_64  (kernel-kdump-devel-2.6.32.12-$xs56_pkgrel)
kernel-detect.sh:     ${xs56}xen  $k/${xs56}xen-x86_64  (kernel-xen-devel-2.6.32.12-$xs56_pkgrel)
kernel-detect.sh:     3.10.0+2  $k/3.10.0+2-x86_64  (kernel-devel-3.10.41-323.380407)
kernel-detect.sh:   * 4.19.0+1  $k/4.19.0+1-x86_64  (kernel-devel-4.19.19-7.0.9.1.xs8)
kernel-detect.sh: picked 4.19.0+1: the running kernel 9.9.9-test has no build tree; newest of 4 installed, kdump flavors last
kernel-detect.sh: kernel 4.19.0+1 (4.19.19) at $k/4.19.0+1-x86_64: the running kernel 9.9.9-test has no build tree; newest of 4 installed, kdump flavors last" \
	"$(cat "$work/err")"

out=$(KERNEL_DETECT_ROOT=$r1 KERNEL_DETECT_RUNNING=3.10.0+2 detect --no-range-check 2>"$work/err")
t_same "the running kernel's tree wins over a newer one (6.5, 3.10.0+2)" \
	"$(expect 3.10.0+2 kernel 3.10.0+2 '' xenserver 3.10.41 "$k/3.10.0+2-x86_64" kernel-devel \
	"the running kernel's build tree")" "$out"
t_contains "running kernel picked: said so" "picked 3.10.0+2: the running kernel's build tree" "$(cat "$work/err")"

out=$(KERNEL_DETECT_ROOT=$r1 detect --uname 3.10.0+2 --no-range-check 2>/dev/null)
t_same "--uname 3.10.0+2 (XenServer 6.5)" \
	"$(expect 3.10.0+2 kernel 3.10.0+2 '' xenserver 3.10.41 "$k/3.10.0+2-x86_64" kernel-devel \
	"kernel release given explicitly")" "$out"

out=$(KERNEL_DETECT_ROOT=$r1 detect --uname "${xs56}kdump" --no-range-check 2>/dev/null)
t_same "--uname <5.6 FP1>kdump" \
	"$(expect "${xs56}kdump" kernel-kdump "$xs56" kdump xenserver-legacy 2.6.32 "$k/${xs56}kdump-x86_64" \
	kernel-kdump-devel "kernel release given explicitly")" "$out"

for name in xen kernel-xen kernel-xen-devel; do
	out=$(KERNEL_DETECT_ROOT=$r1 detect --name "$name" --version "$xs56" --flavor xen --no-range-check 2>/dev/null)
	t_same "--name $name --version <5.6 FP1> --flavor xen" \
		"$(expect "${xs56}xen" kernel-xen "$xs56" xen xenserver-legacy 2.6.32 "$k/${xs56}xen-x86_64" \
		kernel-xen-devel "kernel given as name kernel-xen, version $xs56, flavor xen")" "$out"
done

err=$(KERNEL_DETECT_ROOT=$r1 detect --name xen --version "$xs56" --flavor xen 2>&1 >/dev/null); rc=$?
t_same "5.6 FP1 is below META's Linux-Minimum: refused" \
	"1 kernel-detect.sh: error: kernel ${xs56}xen is 2.6.32; this datapath supports $("$top/scripts/meta.sh" Linux-Minimum) and later (META Linux-Minimum)" \
	"$rc $err"

err=$(KERNEL_DETECT_ROOT=$r1 detect --name xen --version 2.6.32.12-0.7.1.xs9 --flavor xen 2>&1 >/dev/null); rc=$?
t_contains "legacy form naming no installed kernel: says what it tried" \
	"no usable build tree for kernel name 'xen' version '2.6.32.12-0.7.1.xs9' flavor 'xen' (tried release 2.6.32.12-0.7.1.xs9xen 2.6.32.12-0.7.1.xs9-xen)" "$err"
t_same "legacy form naming no installed kernel: exit 1" 1 "$rc"

# R2: trees without a package database, one per remaining naming form.
r2=$work/r2
"$fixtures/mktree.sh" "$r2/usr/src/kernels/3.10.0+10-x86_64" 3.10.0+10 3.10.96
mkdir -p "$r2/lib/modules/3.10.0+10"
ln -s /usr/src/kernels/3.10.0+10-x86_64 "$r2/lib/modules/3.10.0+10/build"
"$fixtures/mktree.sh" "$r2/usr/src/kernels/4.4.0+10-x86_64" 4.4.0+10 4.4.52
"$fixtures/mktree.sh" "$r2/usr/src/linux-headers-6.1.0-99-amd64" 6.1.0-99-amd64 6.1.158
"$fixtures/mktree.sh" "$r2/usr/src/kernels/4.18.0-513.el8.x86_64" 4.18.0-513.el8.x86_64 4.18.0
"$fixtures/mktree.sh" "$r2/lib/modules/6.6.7/build" 6.6.7 6.6.7

out=$(KERNEL_DETECT_ROOT=$r2 detect --uname 3.10.0+10 --no-range-check 2>/dev/null)
t_same "--uname 3.10.0+10 (XenServer 7.0, via /lib/modules/<uname>/build)" \
	"$(expect 3.10.0+10 kernel 3.10.0+10 '' xenserver 3.10.96 "$r2/usr/src/kernels/3.10.0+10-x86_64" \
	kernel-devel "kernel release given explicitly")" "$out"
out=$(KERNEL_DETECT_ROOT=$r2 detect --uname 4.4.0+10 --no-range-check 2>/dev/null)
t_same "--uname 4.4.0+10 (XenServer 7.5/7.6, /usr/src/kernels/<uname>-x86_64 only)" \
	"$(expect 4.4.0+10 kernel 4.4.0+10 '' xenserver 4.4.52 "$r2/usr/src/kernels/4.4.0+10-x86_64" \
	kernel-devel "kernel release given explicitly")" "$out"
out=$(KERNEL_DETECT_ROOT=$r2 detect --uname 6.1.0-99-amd64 2>/dev/null)
t_same "--uname 6.1.0-99-amd64 (Debian)" \
	"$(expect 6.1.0-99-amd64 linux 6.1.0-99 amd64 debian 6.1.158 "$r2/usr/src/linux-headers-6.1.0-99-amd64" \
	linux-headers-6.1.0-99-amd64 "kernel release given explicitly")" "$out"
out=$(KERNEL_DETECT_ROOT=$r2 detect --name linux --version 6.1.0-99 --flavor amd64 2>/dev/null)
t_same "--name linux --version 6.1.0-99 --flavor amd64 (legacy form, Debian release)" \
	"$(expect 6.1.0-99-amd64 linux 6.1.0-99 amd64 debian 6.1.158 "$r2/usr/src/linux-headers-6.1.0-99-amd64" \
	linux-headers-6.1.0-99-amd64 "kernel given as name linux, version 6.1.0-99, flavor amd64")" "$out"
out=$(KERNEL_DETECT_ROOT=$r2 detect --uname 4.18.0-513.el8.x86_64 --no-range-check 2>/dev/null)
t_same "--uname 4.18.0-513.el8.x86_64 (RHEL)" \
	"$(expect 4.18.0-513.el8.x86_64 kernel 4.18.0-513.el8.x86_64 '' redhat 4.18.0 \
	"$r2/usr/src/kernels/4.18.0-513.el8.x86_64" kernel-devel "kernel release given explicitly")" "$out"
out=$(KERNEL_DETECT_ROOT=$r2 detect 2>"$work/err")
t_same "plain root, nothing given: newest (6.6.7, generic)" \
	"$(expect 6.6.7 linux 6.6.7 '' generic 6.6.7 "$r2/lib/modules/6.6.7/build" '' \
	"the running kernel 9.9.9-test has no build tree; newest of 5 installed")" "$out"
t_contains "plain root: all five listed" "found 5 kernel build trees:" "$(cat "$work/err")"

err=$(KERNEL_DETECT_ROOT=$work/empty detect 2>&1 >/dev/null); rc=$?
t_same "no kernel at all: message and exit 1" \
	"1 kernel-detect.sh: error: no kernel build tree found (the running kernel 9.9.9-test has none, and no other is installed); install the kernel headers: on Debian/Ubuntu 'apt-get install linux-headers-amd64' (or linux-headers-\$(uname -r)), on XenServer/XCP-ng/RHEL 'yum install kernel-devel'" \
	"$rc $err"

# R3: kernel-devel installed, then its tree damaged: one removed, one
# half-installed (no kbuild host tools).
r3=$work/r3
mkdir -p "$r3"
rpm_ --root "$r3" --dbpath /var/lib/rpm --initdb
rpm_ --root "$r3" --dbpath /var/lib/rpm -i --nodeps "$rpmdir"/kernel-devel-4.19.19-*.rpm \
	"$rpmdir"/kernel-devel-3.10.41-*.rpm
rm -rf "$r3/usr/src/kernels/4.19.0+1-x86_64" "$r3/usr/src/kernels/3.10.0+2-x86_64/scripts"
err=$(KERNEL_DETECT_ROOT=$r3 detect 2>&1 >/dev/null); rc=$?
t_contains "packages without a usable tree: named" \
	"no kernel build tree found (the running kernel 9.9.9-test has none, and no other is installed; installed kernel-devel packages without a usable tree: kernel-devel-3.10.41-323.380407 kernel-devel-4.19.19-7.0.9.1.xs8)" "$err"
err=$(KERNEL_DETECT_ROOT=$r3 detect --uname 4.19.0+1 2>&1 >/dev/null); rc=$?
t_contains "--uname of a package whose tree is gone" \
	"no usable build tree for kernel 4.19.0+1; the package kernel-devel-4.19.19-7.0.9.1.xs8 is installed but its tree is missing or incomplete: reinstall it" "$err"
err=$(KERNEL_DETECT_ROOT=$r3 detect --uname 3.10.0+2 2>&1 >/dev/null); rc=$?
t_contains "half-installed tree: says what is missing" \
	"$r3/usr/src/kernels/3.10.0+2-x86_64 lacks the kbuild host tools (scripts/basic); the headers package is half-installed" "$err"
t_same "half-installed tree: exit 1" 1 "$rc"
unset KERNEL_DETECT_RUNNING

echo "== the RPM spec"

eval "$(detect --quiet)" || { t_fail "a buildable kernel tree on this machine"; t_summary packaging; exit 1; }
uname_=$KERNEL_UNAME
kver=$KERNEL_VERSION
kflavor=$KERNEL_FLAVOR
version=$("$top/scripts/meta.sh" Version)
release=$("$top/scripts/meta.sh" Release)
abi=$("$top/scripts/meta.sh" Module-ABI)
arch=$(rpm --eval '%{_arch}')
echo "   (host kernel tree: $uname_ at $KERNEL_BUILD_DIR)"

dist=$work/dist
tarball=$("$top/scripts/dist.sh" "$dist") || t_fail "make dist"
spec=$work/openvswitch-modules-xen.spec
"$top/scripts/gen-spec.sh" > "$spec"
t_contains "spec generated with META's version" "%global ovs_tarball     openvswitch-datapath-$version" "$(cat "$spec")"
# One spec only, at the path Open vSwitch's XenServer guide builds:
# "rpmbuild -tb" refuses a tarball with two ("Found more than one spec file").
t_same "tarball carries the generated spec as xenserver/openvswitch-xen.spec, and no other" \
	"openvswitch-datapath-$version/xenserver/openvswitch-xen.spec" "$(tar -tzf "$tarball" | grep '\.spec$')"
t_same "the tarball's spec is gen-spec.sh's" "$(cat "$spec")" \
	"$(tar -xzOf "$tarball" "openvswitch-datapath-$version/xenserver/openvswitch-xen.spec")"

cache=$work/kbuild-cache
# rb NAME [rpmbuild args]: build into $work/NAME/; log in $work/NAME.log.
rb() {
	local name=$1; shift
	local t0; t0=$(date +%s)
	mkdir -p "$work/$name"
	rpmbuild -bb --define "_topdir $work/$name" --define "_sourcedir $dist" \
		--define "ovs_build_cache $cache" "$@" "$spec" > "$work/$name.log" 2>&1
	local rc=$?
	echo "   (rpmbuild $name: rc $rc, $(($(date +%s) - t0))s)"
	return $rc
}
rpms() { (cd "$work/$1/RPMS" 2>/dev/null && find . -name '*.rpm' | sed 's|^\./||' | LC_ALL=C sort); }

# 1. kernel_uname (XenServer 6.5 and later).
if rb uname -D "kernel_uname $uname_"; then t_pass "rpmbuild -D kernel_uname $uname_"; else
	t_fail "rpmbuild -D kernel_uname $uname_" "$(tail -n 30 "$work/uname.log")"; fi
modrpm=$work/uname/RPMS/$arch/openvswitch-modules-xen-$uname_-$version-$release.$arch.rpm
bootrpm=$work/uname/RPMS/noarch/openvswitch-xen-boot-$version-$release.noarch.rpm
t_same "kernel_uname form: the two RPMs" \
	"noarch/openvswitch-xen-boot-$version-$release.noarch.rpm
$arch/openvswitch-modules-xen-$uname_-$version-$release.$arch.rpm" "$(rpms uname)"
t_contains "%check ran: vermagic" "check-module.sh: vermagic '$uname_ " "$(cat "$work/uname.log")"
t_contains "%check ran: symbols" "undefined symbols are exported by the kernel" "$(cat "$work/uname.log")"
t_same "module package: only the module, under updates/ (no depmod output staged)" \
	"/lib/modules/$uname_/updates/openvswitch.ko" "$(rpm -qpl "$modrpm" 2>/dev/null)"
reqs=$(rpm -qpR "$modrpm" 2>/dev/null)
provs=$(rpm -qp --provides "$modrpm" 2>/dev/null)
# Debian's two-dash release is no valid RPM version: the kernel is named
# kernel-uname-r(<uname>) (see the spec); XenServer's get "= <uname>",
# checked on the fixture kernels below.
t_contains "module Requires the kernel" "kernel-uname-r($uname_)" "$reqs"
t_contains "module Provides openvswitch.ko.$abi" "openvswitch.ko.$abi" "$provs"
t_contains "module Provides kmod-openvswitch" "kmod-openvswitch = $version-$release" "$provs"
scripts=$(rpm -qp --scripts "$modrpm" 2>/dev/null)
t_contains "depmod in %posttrans" "posttrans scriptlet (using /bin/sh):" "$scripts"
t_same "no %post depmod (it would run before an upgrade removes old files)" "" \
	"$(printf '%s\n' "$scripts" | grep '^postinstall')"
# None of the paths XenServer 8's openvswitch package owns (the coexistence
# test below installs both).
t_same "boot package files" \
	"/etc/init.d/openvswitch
/etc/sysconfig/openvswitch-xen
/usr/lib/systemd/system/openvswitch-xen.service
/usr/sbin/ovs-xen-kmod
/usr/share/openvswitch-xen
/usr/share/openvswitch-xen/openvswitch-cfg-update
/usr/share/openvswitch-xen/ovs-boot.sh" "$(rpm -qpl "$bootrpm" 2>/dev/null)"
breqs=$(rpm -qpR "$bootrpm" 2>/dev/null)
for r in "openvswitch.ko.$abi" /usr/sbin/ovs-vswitchd /usr/sbin/ovsdb-server /usr/bin/ovs-vsctl; do
	t_contains "boot package Requires $r" "$r" "$breqs"
done
t_same "boot package is noarch" noarch "$(rpm -qp --qf '%{ARCH}' "$bootrpm" 2>/dev/null)"
t_same "sysconfig is %config(noreplace)" "/etc/sysconfig/openvswitch-xen" \
	"$(rpm -qp --configfiles "$bootrpm" 2>/dev/null)"

# %check's load checks refuse a module that would not load: against a
# tree of another release, and against one whose exports lack a symbol or
# carry another CRC ("Unknown symbol", "disagrees about version").
ko=$cache/$uname_/openvswitch.ko
other=$work/other-tree
cp -r "$r1/usr/src/kernels/4.19.0+1-x86_64" "$other"
grep -v -w 'rtnl_unlock' "$KERNEL_BUILD_DIR/Module.symvers" > "$other/Module.symvers"
out=$("$top/scripts/check-module.sh" "$ko" "$other" 2>&1); rc=$?
t_contains "check-module: vermagic of another kernel refused" \
	"vermagic '$uname_ " "$(printf '%s\n' "$out" | grep FAIL)"
t_contains "check-module: a symbol the kernel does not export refused" \
	"1 symbols are not exported by the kernel ($other/Module.symvers): rtnl_unlock" "$out"
t_same "check-module: exit 1" 1 "$rc"
sed -i "s/^\(0x[0-9a-f]*\)\(\trtnl_lock\t\)/0xdeadbeef\2/" "$other/Module.symvers"
sed "s/^#define UTS_RELEASE .*/#define UTS_RELEASE \"$uname_\"/" \
	"$KERNEL_BUILD_DIR/include/generated/utsrelease.h" > "$other/include/generated/utsrelease.h"
out=$("$top/scripts/check-module.sh" "$ko" "$other" 2>&1); rc=$?
t_contains "check-module: a CRC mismatch refused" "symbol versions differ from the kernel's: rtnl_lock" "$out"

# 2. The XenServer 5.6 to 6.2 form.  Debian's release is "<version>-<flavor>"
# (6.1.0-56 and amd64): the legacy form joins version and flavor directly
# first (5.6 FP1: ...170596 + xen) and with '-' when only that names a
# kernel, so name/version/flavor reach the Debian tree.
if rb legacy -D "openvswitch_version $version+build7" -D "kernel_name linux" \
	-D "kernel_version $kver" -D "kernel_flavor $kflavor"; then
	t_pass "rpmbuild -D openvswitch_version -D kernel_name -D kernel_version -D kernel_flavor"; else
	t_fail "rpmbuild legacy form" "$(tail -n 30 "$work/legacy.log")"; fi
t_same "legacy form: openvswitch-modules-<flavor>-<kernel_version>, openvswitch_version honoured" \
	"noarch/openvswitch-xen-boot-$version+build7-$release.noarch.rpm
$arch/openvswitch-modules-$kflavor-$kver-$version+build7-$release.$arch.rpm" "$(rpms legacy)"
t_same "legacy form: module for $uname_" "/lib/modules/$uname_/updates/openvswitch.ko" \
	"$(rpm -qpl "$work/legacy/RPMS/$arch/openvswitch-modules-$kflavor-$kver-$version+build7-$release.$arch.rpm" 2>/dev/null)"

# 3. Nothing given: the spec runs kernel-detect.sh.
if rb detected; then t_pass "rpmbuild with no kernel given (detection)"; else
	t_fail "rpmbuild with no kernel given" "$(tail -n 30 "$work/detected.log")"; fi
t_same "detection form: the two RPMs" \
	"noarch/openvswitch-xen-boot-$version-$release.noarch.rpm
$arch/openvswitch-modules-xen-$uname_-$version-$release.$arch.rpm" "$(rpms detected)"
t_contains "detection form: detection's explanation in the log" "kernel-detect.sh: kernel $uname_" "$(cat "$work/detected.log")"

# The tarball alone, as on a DDK VM: rpmbuild -tb takes the spec from it.
mkdir -p "$work/tb"
if rpmbuild -tb --define "_topdir $work/tb" --define "ovs_build_cache $cache" \
	-D "kernel_uname $uname_" "$tarball" > "$work/tb.log" 2>&1; then
	t_pass "rpmbuild -tb <tarball> -D kernel_uname $uname_"; else
	t_fail "rpmbuild -tb" "$(tail -n 30 "$work/tb.log")"; fi
t_same "rpmbuild -tb: the two RPMs" \
	"noarch/openvswitch-xen-boot-$version-$release.noarch.rpm
$arch/openvswitch-modules-xen-$uname_-$version-$release.$arch.rpm" "$(rpms tb)"

# Release 2, installed into extra/ and built --without check: the upgrade
# below moves the module, which shows when depmod runs.
if rb rel2 -D "kernel_uname $uname_" -D "ovs_release 2" -D "module_dir extra" --without check; then
	t_pass "rpmbuild release 2, module_dir extra, --without check"; else
	t_fail "rpmbuild release 2" "$(tail -n 30 "$work/rel2.log")"; fi
mod2=$work/rel2/RPMS/$arch/openvswitch-modules-xen-$uname_-$version-2.$arch.rpm
t_same "module_dir override" "/lib/modules/$uname_/extra/openvswitch.ko" "$(rpm -qpl "$mod2" 2>/dev/null)"
t_same "--without check skips %check" "" "$(grep 'check-module.sh' "$work/rel2.log")"

# Where rpm makes debuginfo packages (XenServer's and XCP-ng's CentOS-based
# build VMs, RHEL-likes), redhat-rpm-config sets %_enable_debug_packages and
# prepends %debug_package to %install; these macros do the same here.
# find-debuginfo looks at executable files only: a 0644 module left
# debugfiles.list empty, and rpmbuild failed ("Empty %files file").
cat > "$work/redhat-debuginfo.macros" <<'EOF'
%_enable_debug_packages 1
%install %{?_enable_debug_packages:%{?buildsubdir:%{debug_package}}}\
%%install\
%{nil}
EOF
if rb debuginfo -D "kernel_uname $uname_" --load "$work/redhat-debuginfo.macros"; then
	t_pass "rpmbuild where rpm makes debuginfo packages"; else
	t_fail "rpmbuild where rpm makes debuginfo packages" "$(tail -n 30 "$work/debuginfo.log")"; fi
dbgrpm=$work/debuginfo/RPMS/$arch/openvswitch-modules-xen-$uname_-debuginfo-$version-$release.$arch.rpm
t_same "debuginfo: the module's debuginfo package, beside the two" \
	"noarch/openvswitch-xen-boot-$version-$release.noarch.rpm
$arch/openvswitch-modules-xen-$uname_-$version-$release.$arch.rpm
$arch/openvswitch-modules-xen-$uname_-debuginfo-$version-$release.$arch.rpm" "$(rpms debuginfo)"
t_same "debuginfo: it holds the module's debug information" \
	"/usr/lib/debug/lib/modules/$uname_/updates/openvswitch.ko-$version-$release.$arch.debug" \
	"$(rpm -qpl "$dbgrpm" 2>/dev/null | grep '\.debug$')"
t_same "debuginfo: the module is still packed 0644" "-rw-r--r--" \
	"$(rpm -qplv "$work/debuginfo/RPMS/$arch/openvswitch-modules-xen-$uname_-$version-$release.$arch.rpm" \
	2>/dev/null | awk '{ print $1 }')"
t_contains "debuginfo: %check passed on the stripped module" "check-module.sh: all " "$(cat "$work/debuginfo.log")"

# The XenServer forms of the dependencies, from the fixture kernels: the
# spec is parsed (and the kernel detected) against the fixture root.
q=$(KERNEL_DETECT_ROOT=$r1 rpmspec -q --define "_sourcedir $dist" -D "kernel_uname 4.19.0+1" \
	--qf '%{NAME}\n' "$spec" 2>"$work/rpmspec.err")
t_same "spec for XenServer 8 (fixture 4.19.0+1): package names" \
	"openvswitch-modules-xen-4.19.0+1
openvswitch-xen-boot" "$q"
q=$(KERNEL_DETECT_ROOT=$r1 rpmspec -q --define "_sourcedir $dist" -D "kernel_uname 4.19.0+1" \
	--requires "$spec" 2>/dev/null)
t_contains "spec for XenServer 8: Requires kernel-uname-r = 4.19.0+1" "kernel-uname-r = 4.19.0+1" "$q"
q=$(KERNEL_DETECT_ROOT=$r1 rpmspec -q --define "_sourcedir $dist" -D "kernel_uname 4.19.0+1" \
	--buildrequires "$spec" 2>/dev/null)
t_contains "spec for XenServer 8: BuildRequires kernel-devel-uname-r = 4.19.0+1" \
	"kernel-devel-uname-r = 4.19.0+1" "$q"
q=$(KERNEL_DETECT_ROOT=$r1 KERNEL_DETECT_RUNNING=none rpmspec -q --define "_sourcedir $dist" \
	--qf '%{NAME}\n' "$spec" 2>/dev/null | head -n 1)
t_same "spec with nothing given on a XenServer 8 root: detects 4.19.0+1" "openvswitch-modules-xen-4.19.0+1" "$q"
q=$(KERNEL_DETECT_ROOT=$r1 rpmspec -q --define "_sourcedir $dist" -D "kernel_version 4.19.0+1" \
	--qf '%{NAME}\n' "$spec" 2>/dev/null | head -n 1)
t_same "kernel_version alone (XenServer kernel-devel's macro) is the release" \
	"openvswitch-modules-xen-4.19.0+1" "$q"

echo "== bad parameters end before any RPM"

# bad_params NAME NEEDLE [rpmbuild args]
bad_params() {
	local name=$1 needle=$2; shift 2
	mkdir -p "$work/$name"
	local rc=0
	rpmbuild -bb --define "_topdir $work/$name" --define "_sourcedir $dist" "$@" "$spec" \
		> "$work/$name.log" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then t_fail "$name: rpmbuild succeeded"; return; fi
	t_contains "$name: message" "$needle" "$(cat "$work/$name.log")"
	t_same "$name: no RPM written" "" "$(rpms "$name")"
	t_same "$name: stopped before %prep" "" "$(grep -E '^Executing\(%prep\)' "$work/$name.log")"
}
bad_params bad-uname "no usable build tree for kernel 9.9.9-nope" -D "kernel_uname 9.9.9-nope"
bad_params bad-legacy "no usable build tree for kernel name 'xen' version '$xs56' flavor 'xen'" \
	-D "kernel_name xen" -D "kernel_version $xs56" -D "kernel_flavor xen"
bad_params bad-flavor-only "kernel_name/kernel_flavor need kernel_version" -D "kernel_flavor xen"
KERNEL_DETECT_ROOT=$r3 bad_params half-installed \
	"lacks the kbuild host tools (scripts/basic); the headers package is half-installed" \
	-D "kernel_uname 3.10.0+2"
KERNEL_DETECT_ROOT=$r3 bad_params devel-tree-gone \
	"the package kernel-devel-4.19.19-7.0.9.1.xs8 is installed but its tree is missing" \
	-D "kernel_uname 4.19.0+1"
KERNEL_DETECT_ROOT=$r1 bad_params too-old "kernel 3.10.0+2 is 3.10.41; this datapath supports" \
	-D "kernel_uname 3.10.0+2"
bad_params bad-version "contains '-', which an RPM version cannot" -D "openvswitch_version 1.0-2" \
	-D "kernel_uname $uname_"
mkdir -p "$work/nosrc"
bad_params no-tarball "openvswitch-datapath-$version.tar.gz is missing" --define "_sourcedir $work/nosrc" \
	-D "kernel_uname $uname_"

# A kernel parameter rpm would ignore, misspelled, must not end in detection
# picking some other kernel.  kenel_uname, the spelling of Open vSwitch's
# XenServer guide, is read as kernel_uname: on the XenServer fixture root
# the 3.10.0+2 it names is refused as too old, where detection would have
# taken 4.19.0+1.
KERNEL_DETECT_ROOT=$r1 bad_params kenel-uname-is-read "kernel 3.10.0+2 is 3.10.41; this datapath supports" \
	-D "kenel_uname 3.10.0+2"
t_contains "kenel-uname-is-read: a warning with the right spelling" \
	"kenel_uname (as Open vSwitch's XenServer guide spells it) read as kernel_uname: building for 3.10.0+2" \
	"$(cat "$work/kenel-uname-is-read.log")"
bad_params near-miss-uname 'did you mean kernel_uname?' -D "kernel_unmae $uname_"
bad_params near-miss-case '-D "KERNEL_UNAME ..." is not a parameter of this spec' -D "KERNEL_UNAME $uname_"
bad_params near-miss-dash 'did you mean kernel_flavor?' -D "kernel_name linux" -D "kernel_version $kver" \
	-D "kernel-flavor $kflavor"
bad_params near-miss-version 'did you mean kernel_version?' --define="kernal_version $kver"
bad_params near-miss-name 'did you mean kernel_name?' -Dkernelname\ linux -D "kernel_version $kver" \
	-D "kernel_flavor $kflavor"
bad_params other-kernel-word '-D "kernel_release ..." is not a parameter of this spec' -D "kernel_release $uname_"
bad_params kenel-and-kernel-disagree "kenel_uname '4.19.0+1' and kernel_uname '$uname_' name two kernels" \
	-D "kenel_uname 4.19.0+1" -D "kernel_uname $uname_"

echo "== Open vSwitch's XenServer guide, its commands as written"
# As an admin's shell runs them: under "make check-packaging" the make
# variables that say "inside make" would change what make prints.
unset MAKELEVEL MAKEFLAGS MFLAGS

# Documentation/intro/install/xenserver.rst, "Open vSwitch on Citrix
# XenServer" (removed from Open vSwitch in 3.0): on a git tree "./boot.sh",
# "./configure", "make dist"; the tarball copied into the SOURCES directory
# and unpacked into a temporary directory; there "rpmbuild -bb
# xenserver/openvswitch-xen.spec", with "--without check", with the four -D
# build parameters, and with -D "kenel_uname $KERNEL_UNAME" (sic) for
# XenServer 6.5 and later.  Each rpmbuild gets a HOME of its own, so
# %_topdir is $HOME/rpmbuild (the DDK's /usr/src/redhat) and nothing but
# the command line differs from an admin's.  ~/.rpmmacros only shares the
# kbuild directory, as rb does.
g=$work/guide
mkdir -p "$g/git" "$g/tmp"
# A git tree of this one as it is now, uncommitted edits included.
tar -C "$top" --exclude=./build --exclude=./.git --exclude=./config.mk -cf - . | tar -C "$g/git" -xf -
(cd "$g/git" && git init -q && git add -A &&
	git -c user.name=guide -c user.email=guide@invalid commit -q -m "as tested") ||
	t_fail "a git tree to run the guide in"

mk_n() { (cd "$g/git" && make -n module 2>&1 | sed 's/  */ /g; s/ *$//'); }
t_same "guide: before ./configure, make runs build.sh alone" "$g/git/scripts/build.sh --" "$(mk_n)"
out=$(cd "$g/git" && { ./boot.sh && ./configure && make dist; } 2>&1); rc=$?
printf '%s\n' "$out" > "$g/dist.log"
t_same "guide: ./boot.sh && ./configure && make dist on a git tree" 0 "$rc"
t_contains "guide: ./boot.sh says there is nothing to bootstrap" "boot.sh: nothing to bootstrap" "$out"
t_contains "guide: ./configure says which kernel make builds for" \
	"configure: make will build openvswitch.ko for kernel $uname_ ($KERNEL_NUMERIC), build tree $KERNEL_BUILD_DIR" "$out"
t_same "guide: ./configure writes the kernel for make into config.mk" \
	"CONFIGURED_KERNEL_UNAME := $uname_
CONFIGURED_KSRC := $KERNEL_BUILD_DIR" "$(grep '^CONFIGURED_' "$g/git/config.mk")"
gtar=$g/git/build/dist/openvswitch-datapath-$version.tar.gz
t_same "guide: make dist prints the tarball's path" "$gtar" "$(printf '%s\n' "$out" | tail -n 1)"
t_same "guide: the tarball holds xenserver/openvswitch-xen.spec, generated from META" "$(cat "$spec")" \
	"$(tar -xzOf "$gtar" "openvswitch-datapath-$version/xenserver/openvswitch-xen.spec" 2>&1)"
t_same "guide: config.mk stays out of the tarball" "" "$(tar -tzf "$gtar" | grep 'config\.mk$')"
t_same "guide: make builds for ./configure's kernel, and says so" \
	"echo \"make: kernel $uname_ from ./configure (config.mk)\"
$g/git/scripts/build.sh --build-dir $KERNEL_BUILD_DIR --" "$(mk_n)"
err=$(cd "$g/git" && ./configure --with-linux=/nonexistent 2>&1); rc=$?
t_contains "guide: ./configure --with-linux=<not a tree> stops, saying why" \
	"configure: error: --with-linux=/nonexistent is no kernel to build for" "$err"
t_same "guide: ./configure --with-linux=<not a tree>: exit 1" 1 "$rc"
out=$(cd "$g/git" && ./configure --with-linux="/lib/modules/$uname_/build" 2>&1); rc=$?
t_same "guide: ./configure --with-linux=/lib/modules/<uname>/build" "0 CONFIGURED_KSRC := $KERNEL_BUILD_DIR" \
	"$rc $(grep '^CONFIGURED_KSRC' "$g/git/config.mk")"
err=$(cd "$g/git" && KERNEL_DETECT_ROOT=$work/empty ./configure 2>&1); rc=$?
t_contains "guide: ./configure with no kernel here: make dist still can follow" \
	"make dist and rpmbuild do not need one" "$err"
t_same "guide: ./configure with no kernel here: exit 0" 0 "$rc"

# The unpacked tarball, and a HOME per rpmbuild with the tarball in its
# SOURCES.  guide NAME [VAR=value...] < lines: the guide's lines, as written,
# run by bash in the unpacked tarball; output in $g/NAME.log, RPMs under
# $work/guide/NAME/rpmbuild/RPMS.
tar -xzf "$gtar" -C "$g/tmp"
gsrc=$g/tmp/openvswitch-datapath-$version
guide() {
	local name=$1; shift
	local home=$g/$name
	if [ ! -f "$gsrc/xenserver/openvswitch-xen.spec" ]; then
		t_fail "guide $name: the unpacked tarball has no xenserver/openvswitch-xen.spec"
		return 99
	fi
	mkdir -p "$home"
	mkdir -p "$(HOME=$home rpm --eval '%{_sourcedir}')"
	cp "$gtar" "$(HOME=$home rpm --eval '%{_sourcedir}')/"
	printf '%%ovs_build_cache %s\n' "$cache" > "$home/.rpmmacros"
	[ ! -f "$g/$name.macros" ] || cat "$g/$name.macros" >> "$home/.rpmmacros"
	(cd "$gsrc" && env HOME="$home" "$@" bash -e) > "$g/$name.log" 2>&1
}
grpms() { rpms "guide/$1/rpmbuild"; }
modname=openvswitch-modules-xen-$uname_
modfile=$modname-$version-$release.$arch.rpm
bootfile=openvswitch-xen-boot-$version-$release.noarch.rpm
two="noarch/$bootfile
$arch/$modfile"
# The end of the build says what was written, what differs from the guide,
# and the rpm -U line; after the last package is written.
summary() { sed -n '/^openvswitch-modules-xen: built for kernel/,$p' "$g/$1.log"; }
last_wrote() { grep -n '^Wrote: ' "$g/$1.log" | tail -n 1 | cut -d: -f1; }
first_summary() { grep -n '^openvswitch-modules-xen: built for kernel' "$g/$1.log" | head -n 1 | cut -d: -f1; }

guide plain <<'EOF'
rpmbuild -bb xenserver/openvswitch-xen.spec
EOF
t_same "guide: rpmbuild -bb xenserver/openvswitch-xen.spec" 0 "$?"
t_same "guide: rpmbuild -bb: our two packages" "$two" "$(grpms plain)"
t_contains "guide: rpmbuild -bb: %check ran" "check-module.sh: vermagic '$uname_ " "$(cat "$g/plain.log")"
s=$(summary plain)
if [ -n "$(last_wrote plain)" ] && [ "$(first_summary plain)" -gt "$(last_wrote plain)" ]; then
	t_pass "guide: the summary comes after the last 'Wrote:'"
else
	t_fail "guide: the summary comes after the last 'Wrote:'" "$(tail -n 30 "$g/plain.log")"
fi
t_contains "guide: summary names the RPMs written" "    $g/plain/rpmbuild/RPMS/$arch/$modfile  (the module)
    $g/plain/rpmbuild/RPMS/noarch/$bootfile  (boot script, systemd unit, XAPI plugin)" "$s"
t_contains "guide: summary says what %check ran" \
	"%check ran scripts/check-module.sh: the module's vermagic and the symbols it imports (names and CRCs) match kernel $uname_" "$s"
t_contains "guide: summary: no userspace openvswitch package, and why" \
	"no 'openvswitch' package: Open vSwitch userspace (ovs-vswitchd, ovsdb-server, ovs-vsctl) comes from the platform's or the distribution's package" "$s"
t_contains "guide: summary: our module package's name" "the module package is $modname, for x86_64" "$s"
t_contains "guide: summary: no debuginfo here, and why" \
	"no 'openvswitch-debuginfo': this rpmbuild makes no -debuginfo packages (%_enable_debug_packages is not set" "$s"
t_contains "guide: summary: the rpm -U line" "    rpm -U $modfile $bootfile
    (to remove: rpm -e openvswitch-xen-boot $modname)" "$s"

guide nocheck <<'EOF'
rpmbuild -bb --without check xenserver/openvswitch-xen.spec
EOF
t_same "guide: rpmbuild -bb --without check xenserver/openvswitch-xen.spec" 0 "$?"
t_same "guide: --without check: our two packages" "$two" "$(grpms nocheck)"
t_same "guide: --without check: no %check" "" "$(grep 'check-module.sh: vermagic' "$g/nocheck.log")"
t_contains "guide: --without check: the summary says so" \
	"%check skipped (--without check): the module was not checked against kernel $uname_" "$(summary nocheck)"

guide params VERSION="$version" KERNEL_NAME=linux KERNEL_VERSION="$kver" KERNEL_FLAVOR="$kflavor" <<'EOF'
rpmbuild \
     -D "openvswitch_version $VERSION" \
     -D "kernel_name $KERNEL_NAME" \
     -D "kernel_version $KERNEL_VERSION" \
     -D "kernel_flavor $KERNEL_FLAVOR" \
     -bb xenserver/openvswitch-xen.spec
EOF
t_same "guide: rpmbuild with the four -D build parameters" 0 "$?"
t_same "guide: four parameters: openvswitch-modules-<flavor>-<kernel_version>, as the guide's spec named it" \
	"noarch/$bootfile
$arch/openvswitch-modules-$kflavor-$kver-$version-$release.$arch.rpm" "$(grpms params)"
t_contains "guide: four parameters: the rpm -U line" \
	"rpm -U openvswitch-modules-$kflavor-$kver-$version-$release.$arch.rpm $bootfile" "$(summary params)"

guide kenel KERNEL_UNAME="$uname_" <<'EOF'
rpmbuild \
    -D "kenel_uname $KERNEL_UNAME" \
    -bb xenserver/openvswitch-xen.spec
EOF
t_same "guide: rpmbuild -D \"kenel_uname \$KERNEL_UNAME\" (XenServer 6.5 and later)" 0 "$?"
t_same "guide: kenel_uname: our two packages" "$two" "$(grpms kenel)"
t_contains "guide: kenel_uname: a warning with the right spelling" \
	"warning: openvswitch-modules-xen: kenel_uname (as Open vSwitch's XenServer guide spells it) read as kernel_uname: building for $uname_; the right spelling is -D \"kernel_uname $uname_\"" \
	"$(cat "$g/kenel.log")"
t_contains "guide: kenel_uname: the kernel named, not detected" \
	"kernel-detect.sh: kernel $uname_ ($KERNEL_NUMERIC) at $KERNEL_BUILD_DIR: kernel release given explicitly" \
	"$(cat "$g/kenel.log")"
t_contains "guide: kenel_uname: the summary says how the kernel was given" \
	"built for kernel $uname_ (kernel parameter given: kenel_uname (read as kernel_uname))" "$(summary kenel)"

# XenServer 8's release on a machine without its kernel-devel: detection
# would find this machine's kernel and build for it, without a word.
guide kenel-absent KERNEL_UNAME=4.19.0+1 <<'EOF'
rpmbuild \
    -D "kenel_uname $KERNEL_UNAME" \
    -bb xenserver/openvswitch-xen.spec
EOF
t_same "guide: kenel_uname of a kernel not installed here: rpmbuild fails" 1 "$?"
t_contains "guide: kenel_uname of a kernel not installed here: says which" \
	"no usable build tree for kernel 4.19.0+1" "$(cat "$g/kenel-absent.log")"
t_same "guide: kenel_uname of a kernel not installed here: no RPM" "" "$(grpms kenel-absent)"
t_same "guide: kenel_uname of a kernel not installed here: nothing built" "" \
	"$(grep -E '^Executing\(%prep\)' "$g/kenel-absent.log")"

# The guide's openvswitch-debuginfo, on an rpm configured to make
# debuginfo packages (the macros of the spec section above).
cp "$work/redhat-debuginfo.macros" "$g/ddk.macros"
guide ddk <<'EOF'
rpmbuild -bb xenserver/openvswitch-xen.spec
EOF
t_same "guide: rpmbuild -bb where rpm makes debuginfo packages" 0 "$?"
dbgfile=$modname-debuginfo-$version-$release.$arch.rpm
t_same "guide: with debuginfo: the module's debuginfo package too" "$two
$arch/$dbgfile" "$(grpms ddk)"
t_contains "guide: with debuginfo: the summary names it" \
	"    $g/ddk/rpmbuild/RPMS/$arch/$dbgfile  (debug information of the module)" "$(summary ddk)"
t_contains "guide: with debuginfo: in place of openvswitch-debuginfo" \
	"no 'openvswitch-debuginfo': the module's debug information is in $modname-debuginfo" "$(summary ddk)"

echo "== install, upgrade, erase in a throwaway root"

# A root with just enough to run the scriptlets: /bin/sh and depmod with
# their libraries, the target kernel's own openvswitch.ko (to show ours
# wins), and XenServer's depmod search order.
# systemd is "running" in it (/run/systemd/system), with a systemctl that
# only records what the scriptlets ask of it.
copy_bin() {	# copy_bin SRC DEST-IN-ROOT
	mkdir -p "$root$(dirname "$2")"
	cp -L "$1" "$root$2"
	ldd "$1" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
		[ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
	done
}
intree=/lib/modules/$uname_/kernel/net/openvswitch/openvswitch.ko
make_root() {
	root=$1
	for b in sh depmod ln readlink mkdir rm sed; do
		copy_bin "$(readlink -f "$(command -v "$b")")" "/bin/$b"
	done
	mkdir -p "$root/lib/modules/$uname_/kernel/net/openvswitch" "$root/etc/depmod.d" "$root/dev" \
		"$root/run/systemd/system" "$root/usr/bin" "$root/var/log"
	ln -s /bin/depmod "$root/bin/modinfo"
	printf '#!/bin/sh\necho "systemctl $*" >> /var/log/systemctl.log\n' > "$root/usr/bin/systemctl"
	chmod +x "$root/usr/bin/systemctl"
	# Scriptlets redirect to /dev/null; a plain file serves where mknod cannot.
	mknod -m 666 "$root/dev/null" c 1 3 2>/dev/null || : > "$root/dev/null"
	if [ -f "$intree" ]; then cp "$intree" "$root$intree"; else
		cp "$(find "$work/uname/BUILD" -name openvswitch.ko | head -n 1)" "$root$intree"; fi
	echo "search updates extra built-in weak-updates" > "$root/etc/depmod.d/xenserver.conf"
	# The kernel as installed: its modules indexed.
	chroot "$root" /bin/depmod -a "$uname_" 2>/dev/null
	rpm_ --root "$root" --dbpath /var/lib/rpm --initdb
}
make_root "$work/root"
resolve() { modinfo -b "$root" -k "$uname_" -n openvswitch 2>&1; }
t_same "before: the kernel's own module" "$root$intree" "$(resolve)"

# --nodeps: this Debian root has no kernel-uname-r provider (XenServer's
# kernel package) and no RPM-installed Open vSwitch userspace; the
# Requires themselves are checked above with rpm -qpR.
if rpm_ --root "$root" --dbpath /var/lib/rpm -i --nodeps "$modrpm" "$bootrpm" 2>"$work/install.err"; then
	t_pass "rpm -i release 1 (module and boot packages)"; else t_fail "rpm -i" "$(cat "$work/install.err")"; fi
t_same "installed: module file" "yes" "$([ -f "$root/lib/modules/$uname_/updates/openvswitch.ko" ] && echo yes)"
t_same "installed: boot files" "6" \
	"$(ls "$root/etc/init.d/openvswitch" "$root/etc/sysconfig/openvswitch-xen" \
	"$root/usr/sbin/ovs-xen-kmod" "$root/usr/lib/systemd/system/openvswitch-xen.service" \
	"$root/usr/share/openvswitch-xen/ovs-boot.sh" "$root/usr/share/openvswitch-xen/openvswitch-cfg-update" \
	2>/dev/null | wc -l)"
t_same "no platform package: our XAPI plugin under the name XAPI calls" \
	"/usr/share/openvswitch-xen/openvswitch-cfg-update" \
	"$(readlink "$root/etc/xapi.d/plugins/openvswitch-cfg-update")"
t_same "no platform package: %post enabled openvswitch-xen.service" \
	"systemctl daemon-reload
systemctl enable openvswitch-xen.service" "$(cat "$root/var/log/systemctl.log" 2>/dev/null)"
t_same "depmod ran: modprobe openvswitch would load ours, from updates/" \
	"$root/lib/modules/$uname_/updates/openvswitch.ko" "$(resolve)"

if rpm_ --root "$root" --dbpath /var/lib/rpm -U -vv --nodeps "$mod2" > "$work/upgrade.log" 2>&1; then
	t_pass "rpm -U to release 2"; else t_fail "rpm -U" "$(grep -v '^D:' "$work/upgrade.log" | tail)"; fi
t_same "upgraded: one module package, release 2" "openvswitch-modules-xen-$uname_-$version-2" \
	"$(rpm --dbpath "$root/var/lib/rpm" -qa --qf '%{NAME}-%{VERSION}-%{RELEASE}\n' 'openvswitch-modules-*')"
t_same "upgraded: old module file gone" "gone" \
	"$([ -e "$root/lib/modules/$uname_/updates/openvswitch.ko" ] || echo gone)"
t_same "depmod after the old files went: resolves to extra/" \
	"$root/lib/modules/$uname_/extra/openvswitch.ko" "$(resolve)"
order=$(grep -oE '%(pre|post|preun|postun|posttrans)\(openvswitch-modules[^)]*\)' "$work/upgrade.log" |
	sed "s/-$uname_-$version-\([0-9]*\)\.$arch/ r\1/" | uniq)
t_same "scriptlet order on upgrade: old %postun before new %posttrans" \
	"%postun(openvswitch-modules-xen r1)
%posttrans(openvswitch-modules-xen r2)" "$(printf '%s\n' "$order" | grep -E 'postun|posttrans')"

if rpm_ --root "$root" --dbpath /var/lib/rpm -e openvswitch-xen-boot "openvswitch-modules-xen-$uname_" \
	2>"$work/erase.err"; then t_pass "rpm -e both"; else t_fail "rpm -e" "$(cat "$work/erase.err")"; fi
t_same "erased: nothing of ours left" "" \
	"$(find "$root/lib/modules/$uname_/updates" "$root/lib/modules/$uname_/extra" "$root/etc/init.d" \
	"$root/usr/share/openvswitch-xen" "$root/etc/xapi.d" "$root/usr/sbin" \( -type f -o -type l \) 2>/dev/null)"
t_same "depmod after erase: back to the kernel's own module" "$root$intree" "$(resolve)"
t_same "erase disabled openvswitch-xen.service" "systemctl disable openvswitch-xen.service" \
	"$(tail -n 1 "$root/var/log/systemctl.log" 2>/dev/null)"

echo "== beside the platform's openvswitch package (XenServer 8), in a throwaway root"

# The fixture owns what XenServer 8's openvswitch owns (DESIGN.md section
# 10) and enables its unit.  Ours install, upgrade and erase beside it,
# without --replacefiles or --force: no file conflict, nothing of the
# platform's disabled, changed or removed.
mkdir -p "$work/platform"
if rpmbuild -bb --define "_topdir $work/platform" "$fixtures/openvswitch-platform.spec.in" \
	> "$work/platform.log" 2>&1; then t_pass "fixture openvswitch (platform) package built"; else
	t_fail "fixture openvswitch package" "$(tail -n 20 "$work/platform.log")"; fi
platrpm=$work/platform/RPMS/noarch/openvswitch-2.17.7-1.fixture.noarch.rpm
boot2=$work/rel2/RPMS/noarch/openvswitch-xen-boot-$version-2.noarch.rpm
make_root "$work/proot"
wants=/etc/systemd/system/multi-user.target.wants/openvswitch.service
platform_intact() {	# platform_intact WHEN
	t_same "$1: the platform's files verify (rpm -V openvswitch)" "" \
		"$(rpm --root "$root" --dbpath /var/lib/rpm -V --nodeps openvswitch 2>&1)"
	t_same "$1: the platform's unit is still enabled" /usr/lib/systemd/system/openvswitch.service \
		"$(readlink "$root$wants")"
	t_same "$1: the XAPI plugin is the platform's" "" \
		"$(readlink "$root/etc/xapi.d/plugins/openvswitch-cfg-update")"
	t_same "$1: systemctl asked about our unit only" "" \
		"$(grep -v -e ' openvswitch-xen\.service$' -e '^systemctl daemon-reload$' "$root/var/log/systemctl.log" 2>/dev/null)"
}
rpm_ --root "$root" --dbpath /var/lib/rpm -i --nodeps "$platrpm" 2>"$work/pinstall.err" ||
	t_fail "rpm -i the fixture platform package" "$(cat "$work/pinstall.err")"
t_same "platform root: the platform's unit enabled" /usr/lib/systemd/system/openvswitch.service \
	"$(readlink "$root$wants")"
if rpm_ --root "$root" --dbpath /var/lib/rpm -i --nodeps "$modrpm" "$bootrpm" > "$work/p-i.out" 2>&1; then
	t_pass "rpm -i ours beside the platform: no conflict"; else t_fail "rpm -i ours beside the platform" "$(cat "$work/p-i.out")"; fi
platform_intact "after rpm -i"
t_same "after rpm -i: modprobe openvswitch (the platform's boot) loads ours" \
	"$root/lib/modules/$uname_/updates/openvswitch.ko" "$(resolve)"
t_same "after rpm -i: %post enabled openvswitch-xen.service (the module check before the platform's boot)" \
	"systemctl daemon-reload
systemctl enable openvswitch-xen.service" "$(cat "$root/var/log/systemctl.log" 2>/dev/null)"
if rpm_ --root "$root" --dbpath /var/lib/rpm -U --nodeps "$mod2" "$boot2" > "$work/p-U.out" 2>&1; then
	t_pass "rpm -U ours to release 2 beside the platform: no conflict"; else t_fail "rpm -U ours beside the platform" "$(cat "$work/p-U.out")"; fi
t_same "after rpm -U: release 2 of both" "openvswitch-modules-xen-$uname_-$version-2
openvswitch-xen-boot-$version-2" \
	"$(rpm --dbpath "$root/var/lib/rpm" -qa --qf '%{NAME}-%{VERSION}-%{RELEASE}\n' 'openvswitch-*' | grep -v '^openvswitch-2' | sort)"
platform_intact "after rpm -U"
t_same "after rpm -U: modprobe openvswitch loads ours (extra/)" \
	"$root/lib/modules/$uname_/extra/openvswitch.ko" "$(resolve)"
if rpm_ --root "$root" --dbpath /var/lib/rpm -e openvswitch-xen-boot "openvswitch-modules-xen-$uname_" \
	> "$work/p-e.out" 2>&1; then t_pass "rpm -e ours beside the platform"; else t_fail "rpm -e ours beside the platform" "$(cat "$work/p-e.out")"; fi
platform_intact "after rpm -e"
t_same "after rpm -e: the platform's package is all that is left" "openvswitch-2.17.7-1.fixture" \
	"$(rpm --dbpath "$root/var/lib/rpm" -qa --qf '%{NAME}-%{VERSION}-%{RELEASE}\n' 'openvswitch*')"
t_same "after rpm -e: modprobe openvswitch loads the kernel's own module again" "$root$intree" "$(resolve)"

echo "   (took $(($(date +%s) - started))s)"
t_summary packaging
