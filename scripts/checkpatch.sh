#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the kernel's checkpatch.pl --strict over every C source and header of
# ours.  checkpatch.pl comes from Debian's linux-source-6.1, extracted once
# into the cache.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd -P)
. "$top/tests/lib/results.sh"
cache=${OVS_CACHE:-/var/cache/ovs-datapath}/checkpatch
tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)

if [ ! -x "$cache/scripts/checkpatch.pl" ]; then
	[ -n "$tarball" ] || "$top/scripts/install-deps.sh" lint
	tarball=/usr/src/linux-source-6.1.tar.xz
	mkdir -p "$cache.tmp"
	echo "checkpatch.sh: extracting checkpatch.pl from $tarball"
	tar -C "$cache.tmp" --strip-components=1 -xJf "$tarball" \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
	rm -rf "$cache"
	mv "$cache.tmp" "$cache"
fi

cd "$top"
files=$(find datapath compat tests/kunit -name '*.[ch]' | sort)
n=0
bad=0
for f in $files; do
	n=$((n + 1))
	# --no-tree: we are not inside a kernel tree.  FILE_PATH_CHANGES and
	# the MAINTAINERS check only make sense for patches to the kernel.
	if ! out=$("$cache/scripts/checkpatch.pl" --strict --no-tree --quiet \
		   --show-types --ignore FILE_PATH_CHANGES -f "$f" 2>&1); then
		bad=$((bad + 1))
		printf '%s\n' "$out"
	elif [ -n "$out" ]; then
		bad=$((bad + 1))
		printf '%s\n' "$out"
	fi
done
T_PASSED=$((n - bad)) T_FAILED=$bad
t_summary checkpatch
