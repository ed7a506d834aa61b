#!/bin/sh
# Print one field of META: scripts/meta.sh Version
# With no argument print every field as shell-sourceable META_<FIELD>=value.
#
#   scripts/meta.sh --fill TEMPLATE [NAME=VALUE...]
#
# prints TEMPLATE with every @FIELD@ replaced by that META field (the name
# upper-cased, '-' as '_': @VERSION@, @MODULE_ABI@, @LINUX_MINIMUM@) and
# every @NAME@ given as NAME=VALUE by its value.  A placeholder left over
# is an error: the one place where templates are filled.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
meta="$top/META"

if [ "${1:-}" = --fill ]; then
	[ $# -ge 2 ] || { echo "meta.sh: --fill needs a template" >&2; exit 2; }
	template=$2
	shift 2
	[ -r "$template" ] || { echo "meta.sh: cannot read $template" >&2; exit 1; }
	# Literal replacement (no regex, no sed escapes): values hold '|', '\'.
	{ "$0"; for kv in "$@"; do printf '%s\n' "$kv"; done; } |
	awk -v template="$template" '
		function fill(line,    out, i, j, name) {
			out = ""
			while ((i = index(line, "@")) > 0) {
				j = index(substr(line, i + 1), "@")
				if (j == 0)
					break
				name = substr(line, i + 1, j - 1)
				if (name ~ /^[A-Z][A-Z0-9_]*$/) {
					if (!(name in val)) {
						printf "meta.sh: %s: no value for @%s@\n", template, name > "/dev/stderr"
						bad = 1
					}
					out = out substr(line, 1, i - 1) val[name]
				} else {
					out = out substr(line, 1, i + j - 1)
					line = substr(line, i + j)
					continue
				}
				line = substr(line, i + j + 1)
			}
			return out line
		}
		FNR == NR {
			eq = index($0, "=")
			name = substr($0, 1, eq - 1)
			v = substr($0, eq + 1)
			if (name ~ /^META_/) {
				name = substr(name, 6)
				gsub(/^\047|\047$/, "", v)
			}
			val[name] = v
			next
		}
		{ print fill($0) }
		END { exit bad }' - "$template"
	exit
fi

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
