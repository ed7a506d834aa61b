#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Install the Debian (bookworm) packages that building and testing need.
# Idempotent: packages already present are left alone, and the script says
# what it installs.  Kernels of other suites are not installed here: the
# test harnesses fetch those through scripts/apt-suite.sh.
#
#   scripts/install-deps.sh [GROUP...]      default: every group
#
# Groups: build kunit vm matrix lint dkms packaging

set -eu

prog=install-deps.sh

group_build="build-essential bc bison flex libelf-dev libssl-dev dwarves kmod
	cpio rsync xz-utils linux-headers-amd64"
group_kunit="python3 linux-source-6.1"
group_vm="qemu-system-x86 linux-image-amd64 openvswitch-switch
	openvswitch-common busybox-static iproute2 procps psmisc kmod cpio xz-utils
	rpm iptables iputils-ping iputils-arping netcat-openbsd python3-pyroute2"
group_matrix="xz-utils apt linux-source-6.1"
group_lint="sparse perl linux-source-6.1"
group_dkms="dkms openssl kmod build-essential dwarves linux-headers-amd64 linux-image-amd64"
group_packaging="rpm kmod binutils tar gzip git debugedit elfutils"

[ $# -gt 0 ] || set -- build kunit vm matrix lint

want=
for g in "$@"; do
	eval "pkgs=\${group_$g-}"
	[ -n "$pkgs" ] || { echo "$prog: unknown group '$g' (build kunit vm matrix lint dkms packaging)" >&2; exit 2; }
	want="$want $pkgs"
done

missing=
for p in $want; do
	case " $missing " in *" $p "*) continue ;; esac
	st=$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
	echo "$prog: everything for '$*' is installed"
	exit 0
fi

[ "$(id -u)" = 0 ] || { echo "$prog: need root to install:$missing" >&2; exit 1; }
echo "$prog: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet.
if ! apt-get install -y -q --no-install-recommends $missing; then
	apt-get update -q
	apt-get install -y -q --no-install-recommends $missing
fi
