#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Another Debian suite's Open vSwitch userspace, to drive our module with in
# the VM (VM_USERSPACE=bullseye: 2.15, trixie: 3.5): its binary packages,
# and the libraries it needs that bookworm lacks or has too old, fetched
# with scripts/apt-suite.sh (private apt state) and unpacked with dpkg -x
# into $OVS_CACHE/userspace/<suite>-<version>/root, never installed.
# Then wrappers in .../bin run each tool from that root: through the
# suite's own dynamic loader when its libc is newer than bookworm's
# (trixie), with the root's libraries first and bookworm's after them.
#
#   tests/vm/prepare-userspace.sh SUITE
#
# Prints shell-sourceable lines: USERSPACE_BIN (the wrappers: ovsdb-tool,
# ovsdb-server, ovs-vswitchd, ovs-vsctl, ovs-appctl, ovs-ofctl, ovs-dpctl),
# USERSPACE_PKGDATADIR (the suite's /usr/share/openvswitch, with its
# vswitch.ovsschema), USERSPACE_VERSION (ovs-vswitchd --version).

set -eu

prog=prepare-userspace.sh
top=$(cd "$(dirname "$0")/../.." && pwd -P)
cache=${OVS_CACHE:-/var/cache/ovs-datapath}/userspace
apt_suite=$top/scripts/apt-suite.sh

die() {
	printf '%s: error: %s\n' "$prog" "$*" >&2
	exit 1
}

q() {
	printf "%s='%s'\n" "$1" "$(printf %s "$2" | sed "s/'/'\\\\''/g")"
}

[ $# -eq 1 ] || die "usage: $prog SUITE (bullseye or trixie)"
suite=$1
# Beside openvswitch-common and -switch, per suite: the libraries whose
# bookworm version is missing (bullseye's libssl1.1) or too old for the
# binaries (trixie's need glibc 2.38 and the t64 libraries).  Anything
# else comes from bookworm, the guest's root.
case $suite in
bullseye) libs="libssl1.1" ;;
trixie) libs="libc6 libssl3t64 libbpf1 libxdp1 libelf1t64 libcap-ng0 libnuma1 zlib1g libzstd1" ;;
*) die "no userspace recipe for suite '$suite' (bullseye or trixie)" ;;
esac

# The suite's own version: apt-cache show lists the system's installed
# one too (bookworm's 3.1), which has no Filename: in the suite.
ver=$("$apt_suite" "$suite" show openvswitch-switch 2>/dev/null |
	awk '/^Version: / { v = $2 } /^Filename: / { print v }' | sort -V | tail -n 1) || true
[ -n "$ver" ] || die "$suite has no openvswitch-switch"
dir=$cache/$suite-$(printf %s "$ver" | tr ':/~' '___')
root=$dir/root
if [ ! -f "$dir/.unpacked" ]; then
	echo "$prog: fetching Open vSwitch $ver and its libraries from $suite" >&2
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$root"
	chown _apt "$dir/debs" 2>/dev/null || true
	# shellcheck disable=SC2086 # one package per word
	"$apt_suite" "$suite" download "$dir/debs" "openvswitch-common=$ver" \
		"openvswitch-switch=$ver" $libs >&2 || die "downloading from $suite failed"
	for deb in "$dir"/debs/*.deb; do
		dpkg -x "$deb" "$root" || die "dpkg -x $deb failed"
	done
	rm -rf "$dir/debs"
	touch "$dir/.unpacked"
fi

# The loader: the suite's own if it brought a libc, else the system's.
ld=
for l in "$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$root/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"; do
	[ -e "$l" ] && { ld=$l; break; }
done
# bullseye keeps its own libraries in usr/lib/openvswitch-common, reached
# through alternatives that dpkg -x does not make: link them by soname.
mkdir -p "$dir/lib"
for f in "$root"/usr/lib/openvswitch-common/lib*.so.*; do
	[ -f "$f" ] || continue
	ln -sfn "$f" "$dir/lib/$(basename "$f" | sed 's/\(\.so\.[0-9]*\).*/\1/')"
done
libpath=$dir/lib:$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu
bin=$dir/bin
rm -rf "$bin"
mkdir -p "$bin"
for name in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-appctl ovs-ofctl ovs-dpctl; do
	# bullseye's ovs-vswitchd is an alternative (/usr/sbin links to it,
	# through /etc/alternatives, which dpkg -x does not make).
	exe=
	for d in usr/sbin usr/bin usr/lib/openvswitch-switch usr/lib/openvswitch-common; do
		if [ -f "$root/$d/$name" ] && [ -x "$root/$d/$name" ]; then
			exe=$root/$d/$name
			break
		fi
	done
	[ -n "$exe" ] || die "no $name in the $suite packages"
	# The process name stays the tool's (pidof ovs-vswitchd, pid files):
	# exec -a for the loader's argv[0] is not what the kernel shows, so
	# the loader gets --argv0 where it knows it (glibc 2.33+).
	if [ -n "$ld" ]; then
		printf '#!/bin/sh\nexec %s --library-path %s --argv0 %s %s "$@"\n' \
			"$ld" "$libpath" "$name" "$exe" > "$bin/$name"
	else
		printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' "$libpath" "$exe" > "$bin/$name"
	fi
	chmod 755 "$bin/$name"
done
version=$("$bin/ovs-vswitchd" --version | head -n 1) ||
	die "$suite's ovs-vswitchd does not run here (missing libraries?): $("$bin/ovs-vswitchd" --version 2>&1 | head -n 3)"
"$bin/ovs-vsctl" --version > /dev/null || die "$suite's ovs-vsctl does not run here"
q USERSPACE_BIN "$bin"
q USERSPACE_PKGDATADIR "$root/usr/share/openvswitch"
q USERSPACE_VERSION "$version"
