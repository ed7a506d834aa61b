#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Will this module load on that kernel?  The checks behind the two most
# common "it does not load" reports:
#
#   - vermagic: the module's vermagic names the tree's release (utsrelease.h);
#   - symbols: every undefined symbol of the module is exported by the kernel
#     (the tree's Module.symvers; System.map if there is no Module.symvers),
#     and where both sides carry CRCs (CONFIG_MODVERSIONS) they agree, or
#     the load fails with "Unknown symbol" / "disagrees about version".
#
#   scripts/check-module.sh MODULE.ko KERNEL_BUILD_DIR [UNAME]
#
# Used by the RPM's %check; exits non-zero with the offending symbols.

set -eu

prog=check-module.sh
[ $# -ge 2 ] || { echo "usage: $prog MODULE.ko KERNEL_BUILD_DIR [UNAME]" >&2; exit 2; }
ko=$1
tree=$2
want=${3:-}
fail=0

bad() {
	printf '%s: FAIL: %s\n' "$prog" "$*" >&2
	fail=1
}

[ -f "$ko" ] || { echo "$prog: no module at $ko" >&2; exit 1; }
release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$tree/include/generated/utsrelease.h" 2>/dev/null || true)
[ -n "$release" ] || { echo "$prog: $tree has no include/generated/utsrelease.h" >&2; exit 1; }
[ -z "$want" ] || [ "$want" = "$release" ] || bad "the tree at $tree is $release, not $want"

vermagic=$(modinfo -F vermagic "$ko")
if [ "${vermagic%% *}" = "$release" ]; then
	echo "$prog: vermagic '$vermagic' matches $release"
else
	bad "vermagic '$vermagic' does not start with the kernel release $release"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -u "$ko" | awk '{ print $NF }' | sort -u > "$tmp/undefined"

if [ -f "$tree/Module.symvers" ]; then
	source=$tree/Module.symvers
	awk '{ print $2 }' "$source" | sort -u > "$tmp/exported"
elif [ -f "$tree/System.map" ]; then
	source=$tree/System.map
	awk '{ print $3 }' "$source" | sort -u > "$tmp/exported"
else
	echo "$prog: $tree has neither Module.symvers nor System.map" >&2
	exit 1
fi
comm -23 "$tmp/undefined" "$tmp/exported" > "$tmp/missing"
if [ -s "$tmp/missing" ]; then
	bad "$(wc -l < "$tmp/missing") symbols are not exported by the kernel ($source): $(tr '\n' ' ' < "$tmp/missing")"
else
	echo "$prog: all $(wc -l < "$tmp/undefined") undefined symbols are exported by the kernel ($source)"
fi

# CRCs: what the module was built against versus what the kernel exports.
if [ "$source" = "$tree/Module.symvers" ] &&
   modprobe --dump-modversions "$ko" > "$tmp/crcs" 2>/dev/null && [ -s "$tmp/crcs" ]; then
	# Compared as text: normalise case and leading zeros first.
	awk 'NR == FNR { crc[$2] = tolower($1); sub(/^0x0*/, "", crc[$2]); next }
	     { c = tolower($1); sub(/^0x0*/, "", c) }
	     ($2 in crc) && crc[$2] != c { print $2 }' \
		"$source" "$tmp/crcs" > "$tmp/crc-bad"
	if [ -s "$tmp/crc-bad" ]; then
		bad "symbol versions differ from the kernel's: $(tr '\n' ' ' < "$tmp/crc-bad")"
	else
		echo "$prog: all $(wc -l < "$tmp/crcs") symbol versions (CRCs) match"
	fi
fi

exit "$fail"
