#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build with sparse checking every file (C=2) and fail on any sparse
# warning or error in our sources; kbuild alone only prints them.
#   scripts/sparse.sh [build.sh kernel options]

set -eu

top=$(cd "$(dirname "$0")/.." && pwd -P)
command -v sparse > /dev/null || "$top/scripts/install-deps.sh" lint

out=$top/build/sparse
log=$top/build/sparse.log
mkdir -p "$top/build"
# A fresh directory, so that every file is checked again.
rm -rf "$out"
"$top/scripts/build.sh" "$@" --out "$out" -- C=2 > "$log" 2>&1 || {
	cat "$log"
	echo "sparse: the build failed"
	exit 1
}

files=$(grep -c '^  CHECK ' "$log" || true)
findings=$(grep -E "^$out/.*: (warning|error):" "$log" || true)
if [ -n "$findings" ]; then
	printf '%s\n' "$findings"
	echo "sparse: $(printf '%s\n' "$findings" | wc -l) findings in $files files checked"
	exit 1
fi
echo "sparse: $files files checked, no findings ($(sparse --version 2>&1 | head -n 1))"
