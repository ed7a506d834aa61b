#!/bin/sh
# Print one field of META: scripts/meta.sh Version
# With no argument print every field as shell-sourceable META_<FIELD>=value.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
meta="$top/META"

if [ $# -eq 0 ]; then
	sed -n 's/^\([A-Za-z][A-Za-z-]*\):[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*$/\1 \2/p' "$meta" |
	while read -r key value; do
		printf "META_%s='%s'\n" "$(printf %s "$key" | tr 'a-z-' 'A-Z_')" "$value"
	done
	exit 0
fi

value=$(sed -n "s/^$1:[[:space:]]*\\(.*[^[:space:]]\\)[[:space:]]*\$/\\1/p" "$meta")
if [ -z "$value" ]; then
	echo "meta.sh: META has no field '$1'" >&2
	exit 1
fi
printf '%s\n' "$value"
