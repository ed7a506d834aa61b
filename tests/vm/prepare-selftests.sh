#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Host side of tests/vm/tests/90-kernel-selftests.sh: the kernel's own
# datapath selftests (tools/testing/selftests/net/openvswitch/) from
# Debian's linux-source-6.12, unpacked once into the cache, then copied
# into the run directory with the copy's pyroute2 version check patched.
#
#   tests/vm/prepare-selftests.sh DEST_DIR
#
# The cache: $OVS_CACHE/selftests/<package version>/openvswitch/ (only
# that directory of the 150 MB source tarball; the .deb is deleted after).
# The suite is bookworm-backports (VM_SELFTESTS_SUITE to change).  The
# tests 6.12's set lacks (tunnel_metadata, tunnel_refcount) come from the
# newest linux-source of sid (VM_SELFTESTS_NEXT_SUITE), cached in
# $OVS_CACHE/selftests/next/<version>/ and copied into DEST_DIR/next.
#
# The patch (DESIGN.md section 7): Debian's python3-pyroute2 0.7.2 says its
# version is "unknown", which the check in ovs-dpctl.py cannot parse.  The
# copy takes dpkg's version of python3-pyroute2 instead when __version__ is
# not a number.  Nothing committed, and never the cached file, is changed.

set -eu

prog=prepare-selftests.sh
top=$(cd "$(dirname "$0")/../.." && pwd -P)
cache=${OVS_CACHE:-/var/cache/ovs-datapath}/selftests
suite=${VM_SELFTESTS_SUITE:-bookworm-backports}
next_suite=${VM_SELFTESTS_NEXT_SUITE:-sid}
sub=tools/testing/selftests/net/openvswitch

die() {
	echo "$prog: error: $*" >&2
	exit 1
}

say() {
	echo "$prog: $*" >&2
}

[ $# -eq 1 ] || die "usage: $prog DEST_DIR"
dest=$1

"$top/scripts/install-deps.sh" vm > /dev/null || die "installing the vm packages (python3-pyroute2, ping, arping, nc) failed"

# fetch_set SUITE PACKAGE_RE CACHE_DIR: the newest copy of $sub unpacked in
# CACHE_DIR (<version>/openvswitch/), or else the newest version of the
# newest package of SUITE matching PACKAGE_RE fetched and unpacked there;
# prints its directory.
fetch_set() {
	f_suite=$1 f_dir=$3
	f_src=$(find "$f_dir" -mindepth 2 -maxdepth 2 -name .unpacked 2>/dev/null | sort -V | tail -n 1)
	if [ -n "$f_src" ]; then
		dirname "$f_src"
		return
	fi
	f_pkg=$("$top/scripts/apt-suite.sh" "$f_suite" newest "$2")
	[ -n "$f_pkg" ] || die "$f_suite has no package matching $2"
	f_ver=$("$top/scripts/apt-suite.sh" "$f_suite" show "$f_pkg" |
		sed -n 's/^Version: //p' | sort -V | tail -n 1)
	[ -n "$f_ver" ] || die "$f_suite has no $f_pkg"
	f_src=$f_dir/$f_ver
	say "fetching $f_pkg $f_ver from $f_suite for its $sub"
	rm -rf "$f_src"
	mkdir -p "$f_src/deb"
	"$top/scripts/apt-suite.sh" "$f_suite" download "$f_src/deb" "$f_pkg=$f_ver" >&2 ||
		die "downloading $f_pkg $f_ver failed"
	f_deb=$(find "$f_src/deb" -name "${f_pkg}_*.deb" | head -n 1)
	[ -n "$f_deb" ] || die "no $f_pkg .deb in $f_src/deb"
	# The .deb holds one tarball, $f_pkg.tar.xz: take the one directory
	# out of it without unpacking the rest.
	dpkg-deb --fsys-tarfile "$f_deb" |
		tar -xO --wildcards "*/$f_pkg.tar.xz" |
		xz -dc | tar -x -C "$f_src" --strip-components=1 "$f_pkg/$sub" ||
		die "extracting $sub from $f_deb failed"
	[ -f "$f_src/$sub/openvswitch.sh" ] || die "$sub/openvswitch.sh not found in $f_pkg"
	mv "$f_src/$sub" "$f_src/openvswitch"
	rm -rf "$f_src/deb" "$f_src/tools"
	echo "$f_pkg $f_ver ($f_suite)" > "$f_src/SOURCE"
	touch "$f_src/.unpacked"
	echo "$f_src"
}

# copy_set SRC DEST: the copy the guest gets, its version check patched.
copy_set() {
	rm -rf "$2"
	cp -r "$1/openvswitch" "$2"
	cp "$1/SOURCE" "$2/SOURCE"
	grep -qxF "$check" "$2/ovs-dpctl.py" || die "the pyroute2 version check in $2/ovs-dpctl.py is not the expected line; look at it again"
	sed -i "s|^$check\$|    prverscheck = (pyroute2.__version__ if pyroute2.__version__[:1].isdigit() else \"$pyver\").split(\".\")  # ovsvm: Debian's pyroute2 says \"unknown\"|" \
		"$2/ovs-dpctl.py"
	grep -q 'ovsvm: Debian' "$2/ovs-dpctl.py" || die "patching the pyroute2 version check failed"
	echo "python3-pyroute2 $pyver; ovs-dpctl.py version check patched in this copy" >> "$2/SOURCE"
}

pyver=$(dpkg-query -W -f '${Version}' python3-pyroute2 2>/dev/null | sed 's/^[0-9]*://; s/-[^-]*$//')
[ -n "$pyver" ] || die "python3-pyroute2 is not installed"
check='    prverscheck = pyroute2.__version__.split(".")'

src=$(fetch_set "$suite" 'linux-source-6\.12' "$cache")
copy_set "$src" "$dest"
# Ours, not the kernel's: runs ovs-dpctl.py without its start-up cost.
cp "$top/tests/vm/selftests-zygote.py" "$dest/"

# The newer set, for the tests 6.12's lacks (90-kernel-selftests.sh names
# them): the newest linux-source of $next_suite, in $cache/next.
nsrc=$(fetch_set "$next_suite" 'linux-source-[0-9]+\.[0-9]+' "$cache/next")
copy_set "$nsrc" "$dest/next"
say "selftests from $(head -n 1 "$dest/SOURCE") in $dest, newer ones from $(head -n 1 "$dest/next/SOURCE") in $dest/next"
