#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build openvswitch.ko for one kernel in its own build directory.
#
#   scripts/build.sh [--uname U | --build-dir D] [--out DIR] [--werror]
#                    [--install [--mod-dir updates]] [-- extra kbuild args]
#
# The source tree is mirrored with symlinks into build/<uname>/ so that one
# checkout can hold builds for several kernels at once.  Kernel feature
# probes run first (compat/probe.sh, cached per tree).

set -eu

top=$(cd "$(dirname "$0")/.." && pwd -P)
prog=build.sh
detect_args=
out=
werror=0
install=0
mod_dir=${INSTALL_MOD_DIR:-updates}

while [ $# -gt 0 ]; do
	case $1 in
	--uname|--build-dir) [ $# -ge 2 ] || { echo "$prog: $1 needs a value" >&2; exit 2; }
		detect_args="$detect_args $1 $2"; shift ;;
	--out) out=$2; shift ;;
	--werror) werror=1 ;;
	--install) install=1 ;;
	--mod-dir) mod_dir=$2; shift ;;
	--) shift; break ;;
	*) echo "$prog: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done

# shellcheck disable=SC2086
detected=$("$top/scripts/kernel-detect.sh" $detect_args) || exit 1
eval "$detected"

bdir=${out:-$top/build/$KERNEL_UNAME}
mkdir -p "$bdir"
bdir=$(cd "$bdir" && pwd -P)

# A build directory belongs to one tree; a different tree of the same
# release (say a rebuilt kernel) starts from scratch.
if [ "$(cat "$bdir/.ksrc" 2>/dev/null)" != "$KERNEL_BUILD_DIR" ]; then
	find "$bdir" -mindepth 1 -delete
	echo "$KERNEL_BUILD_DIR" > "$bdir/.ksrc"
fi

# Mirror the sources; drop links whose source has gone.
(cd "$top" && find Kbuild datapath compat -name Kbuild -o -name '*.[ch]' -type f) |
while read -r f; do
	mkdir -p "$bdir/$(dirname "$f")"
	ln -sfn "$top/$f" "$bdir/$f"
done
find "$bdir" -type l ! -exec test -e {} \; -delete

gen=$bdir/generated
mkdir -p "$gen"
"$top/scripts/gen-meta-header.sh" > "$gen/ovs_meta.h.tmp"
if cmp -s "$gen/ovs_meta.h.tmp" "$gen/ovs_meta.h"; then
	rm -f "$gen/ovs_meta.h.tmp"
else
	mv "$gen/ovs_meta.h.tmp" "$gen/ovs_meta.h"
fi

"$top/compat/probe.sh" "$KERNEL_BUILD_DIR" "$gen"

jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
start=$(date +%s.%N)
make -C "$KERNEL_BUILD_DIR" M="$bdir" OVS_WERROR="$werror" -j"$jobs" "$@" modules
end=$(date +%s.%N)
echo "$prog: built $bdir/openvswitch.ko for $KERNEL_UNAME in $(echo "$start $end" | awk '{printf "%.1f", $2 - $1}')s"

if [ "$install" = 1 ]; then
	# Staging into INSTALL_MOD_PATH (packaging): kbuild must not run
	# depmod on the staging root; the package scriptlets do it.
	make -C "$KERNEL_BUILD_DIR" M="$bdir" INSTALL_MOD_DIR="$mod_dir" \
		${INSTALL_MOD_PATH:+DEPMOD=/bin/true} modules_install
	if [ -z "${INSTALL_MOD_PATH:-}" ]; then
		depmod -a "$KERNEL_UNAME"
		echo "$prog: installed; modinfo now resolves openvswitch to $(modinfo -k "$KERNEL_UNAME" -n openvswitch)"
	else
		echo "$prog: installed under $INSTALL_MOD_PATH; depmod is left to the package scriptlets"
	fi
fi
