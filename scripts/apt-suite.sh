#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Use packages of another Debian suite (bullseye, trixie, sid,
# bookworm-backports ...) without touching the system's apt configuration:
# a private sources list, package lists and archive cache per suite.
#
#   scripts/apt-suite.sh SUITE update
#   scripts/apt-suite.sh SUITE download DEST_DIR PACKAGE...
#   scripts/apt-suite.sh SUITE newest REGEX      newest package name matching
#   scripts/apt-suite.sh SUITE show PACKAGE
#
# The mirror is the one this machine's apt already uses for Debian.  State
# lives in $OVS_CACHE/apt/SUITE (default /var/cache/ovs-datapath).

set -eu

prog=apt-suite.sh
[ $# -ge 2 ] || { sed -n 's/^#   //p' "$0" >&2; exit 2; }
suite=$1
cmd=$2
shift 2

cache=${OVS_CACHE:-/var/cache/ovs-datapath}
state=$cache/apt/$suite
mkdir -p "$state/lists/partial" "$state/archives/partial"

# The Debian mirror configured on this machine (deb822 or one-line form).
mirror() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '/^URIs:/ { print $2 }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; break } }' "$f"
	done
}
uri=$(mirror | grep -E '/debian/?$' | head -n 1)
[ -n "$uri" ] || { echo "$prog: no Debian mirror found in this machine's apt sources" >&2; exit 1; }

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$uri" "$suite" > "$state/sources.list"

apt_opts() {
	printf '%s\n' \
		-o "Dir::Etc::SourceList=$state/sources.list" \
		-o "Dir::Etc::SourceParts=/nonexistent" \
		-o "Dir::State::Lists=$state/lists" \
		-o "Dir::Cache=$state" \
		-o "Dir::Cache::Archives=$state/archives" \
		-o "Dir::Cache::pkgcache=$state/pkgcache.bin" \
		-o "Dir::Cache::srcpkgcache=$state/srcpkgcache.bin" \
		-o "APT::Get::List-Cleanup=0"
}

run_apt() {
	tool=$1
	shift
	# shellcheck disable=SC2046
	"$tool" $(apt_opts) "$@"
}

# Lists older than a day are refreshed; a failed refresh with usable old
# lists is only a warning.
ensure_lists() {
	if [ -z "$(find "$state/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null)" ]; then
		if ! run_apt apt-get -q update > "$state/update.log" 2>&1; then
			if ls "$state/lists"/*Packages* > /dev/null 2>&1; then
				echo "$prog: warning: could not refresh $suite lists; using old ones" >&2
			else
				cat "$state/update.log" >&2
				echo "$prog: error: cannot read the $suite package lists from $uri" >&2
				exit 1
			fi
		fi
	fi
}

case $cmd in
update)
	rm -f "$state"/lists/*Packages*
	ensure_lists
	;;
download)
	[ $# -ge 2 ] || { echo "$prog: download needs DEST_DIR and packages" >&2; exit 2; }
	dest=$1
	shift
	ensure_lists
	mkdir -p "$dest"
	(cd "$dest" && run_apt apt-get -q download "$@")
	;;
newest)
	[ $# -eq 1 ] || { echo "$prog: newest needs one REGEX" >&2; exit 2; }
	ensure_lists
	run_apt apt-cache pkgnames | grep -E "^($1)\$" | sort -V | tail -n 1
	;;
show)
	ensure_lists
	run_apt apt-cache show "$@"
	;;
*)
	echo "$prog: unknown command '$cmd'" >&2
	exit 2
	;;
esac
