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
# The suite is bookworm-backports (VM_SELFTESTS_SUITE to change).
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

# Newest cached copy, or fetch one.
src=$(find "$cache" -mindepth 2 -maxdepth 2 -name .unpacked 2>/dev/null | sort -V | tail -n 1)
if [ -n "$src" ]; then
	src=$(dirname "$src")
else
	ver=$("$top/scripts/apt-suite.sh" "$suite" show linux-source-6.12 |
		sed -n 's/^Version: //p' | sort -V | tail -n 1)
	[ -n "$ver" ] || die "$suite has no linux-source-6.12"
	src=$cache/$ver
	say "fetching linux-source-6.12 $ver from $suite for its $sub"
	rm -rf "$src"
	mkdir -p "$src/deb"
	"$top/scripts/apt-suite.sh" "$suite" download "$src/deb" "linux-source-6.12=$ver" >&2 ||
		die "downloading linux-source-6.12 $ver failed"
	deb=$(find "$src/deb" -name 'linux-source-6.12_*.deb' | head -n 1)
	[ -n "$deb" ] || die "no linux-source-6.12 .deb in $src/deb"
	# The .deb holds one tarball, linux-source-6.12.tar.xz: take the
	# one directory out of it without unpacking the rest.
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO --wildcards '*/linux-source-6.12.tar.xz' |
		xz -dc | tar -x -C "$src" --strip-components=1 "linux-source-6.12/$sub" ||
		die "extracting $sub from $deb failed"
	[ -f "$src/$sub/openvswitch.sh" ] || die "$sub/openvswitch.sh not found in linux-source-6.12"
	mv "$src/$sub" "$src/openvswitch"
	rm -rf "$src/deb" "$src/tools"
	echo "linux-source-6.12 $ver ($suite)" > "$src/SOURCE"
	touch "$src/.unpacked"
fi

rm -rf "$dest"
cp -r "$src/openvswitch" "$dest"
cp "$src/SOURCE" "$dest/SOURCE"
# Ours, not the kernel's: runs ovs-dpctl.py without its start-up cost.
cp "$top/tests/vm/selftests-zygote.py" "$dest/"

pyver=$(dpkg-query -W -f '${Version}' python3-pyroute2 2>/dev/null | sed 's/^[0-9]*://; s/-[^-]*$//')
[ -n "$pyver" ] || die "python3-pyroute2 is not installed"
check='    prverscheck = pyroute2.__version__.split(".")'
grep -qxF "$check" "$dest/ovs-dpctl.py" || die "the pyroute2 version check in ovs-dpctl.py is not the expected line; look at it again"
sed -i "s|^$check\$|    prverscheck = (pyroute2.__version__ if pyroute2.__version__[:1].isdigit() else \"$pyver\").split(\".\")  # ovsvm: Debian's pyroute2 says \"unknown\"|" \
	"$dest/ovs-dpctl.py"
grep -q 'ovsvm: Debian' "$dest/ovs-dpctl.py" || die "patching the pyroute2 version check failed"
echo "python3-pyroute2 $pyver; ovs-dpctl.py version check patched in this copy" >> "$dest/SOURCE"
say "selftests from $(head -n 1 "$dest/SOURCE") in $dest"
