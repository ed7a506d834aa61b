#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Open vSwitch's own trees needed "./boot.sh" (autoreconf) before
# "./configure"; its XenServer guide starts with "./boot.sh && ./configure &&
# make dist".  This tree has no autotools and nothing to generate: boot.sh
# only checks that the tree is whole and says what comes next.

set -eu

prog=boot.sh
top=$(cd "$(dirname "$0")" && pwd -P)

[ $# -eq 0 ] || { echo "usage: ./$prog (it takes no arguments)" >&2; exit 2; }

for f in META Makefile Kbuild configure scripts/kernel-detect.sh scripts/dist.sh \
	scripts/gen-spec.sh packaging/openvswitch-modules-xen.spec.in; do
	[ -f "$top/$f" ] || { echo "$prog: $top/$f is missing: this is not a whole checkout" >&2; exit 1; }
done

echo "$prog: nothing to bootstrap: this tree (openvswitch.ko $("$top/scripts/meta.sh" Version), no userspace) has no autotools"
echo "$prog: next: ./configure [--with-linux=DIR], then make (the module), make rpm, or make dist"
