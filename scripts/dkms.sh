#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# DKMS support: generate dkms.conf from META, and install the source tree
# where DKMS wants it.
#
#   scripts/dkms.sh conf                      print dkms.conf on stdout
#   scripts/dkms.sh regex MIN MAX             print the kernel-release regex
#   scripts/dkms.sh install [--no-add] [--sourcetree DIR] [--dkmstree DIR]
#                           [--installtree DIR]
#                                             copy the sources to
#                                             DIR/<name>-<version>/ (default
#                                             /usr/src), write dkms.conf and
#                                             run "dkms add"
#
# DESTDIR=<root> with "install --no-add" stages the tree for a package.

set -eu

prog=dkms.sh
top=$(cd "$(dirname "$0")/.." && pwd -P)
meta=$top/scripts/meta.sh

# Regular expression for "every minor number >= $1" (any number of digits).
ge_re() {
	a=$1
	case ${#a} in
	1) printf '[%s-9]|[1-9][0-9]+' "$a" ;;
	2)
		t=${a%?} u=${a#?}
		printf '%s[%s-9]' "$t" "$u"
		[ "$t" -lt 9 ] && printf '|[%s-9][0-9]' "$((t + 1))"
		printf '|[1-9][0-9][0-9]+' ;;
	*) echo "$prog: minor number $a is too large" >&2; exit 1 ;;
	esac
}

# Every minor number from $1 to $2, spelled out (kernel minors are small).
range_re() {
	i=$1 sep=
	while [ "$i" -le "$2" ]; do
		printf '%s%s' "$sep" "$i"
		sep='|'
		i=$((i + 1))
	done
}

# A bash ERE matching the kernel releases ("uname -r") from MIN.x to MAX.y.z.
kernel_regex() {
	min=$1 max=$2
	lo_ma=${min%%.*} lo_mi=${min#*.}
	hi_ma=${max%%.*} hi_mi=${max#*.}
	for n in "$lo_ma" "$lo_mi" "$hi_ma" "$hi_mi"; do
		case $n in ''|*[!0-9]*) echo "$prog: '$min'/'$max' are not MAJOR.MINOR" >&2; exit 1 ;; esac
	done
	if [ "$lo_ma" -eq "$hi_ma" ]; then
		alt="$lo_ma\\.($(range_re "$lo_mi" "$hi_mi"))"
	else
		alt="$lo_ma\\.($(ge_re "$lo_mi"))"
		m=$((lo_ma + 1))
		if [ "$m" -lt "$hi_ma" ]; then
			alt="$alt|($(range_re "$m" "$((hi_ma - 1))"))\\.[0-9]+"
		fi
		alt="$alt|$hi_ma\\.($(range_re 0 "$hi_mi"))"
	fi
	printf '^(%s)([^0-9]|$)\n' "$alt"
}

gen_conf() {
	"$meta" --fill "$top/packaging/dkms.conf.in" KERNEL_REGEX="$(kernel_regex \
		"$("$meta" Linux-Minimum)" "$("$meta" Linux-Maximum)")"
}

# What DKMS needs to build: the kbuild files, the sources, the scripts
# (build.sh runs kernel-detect.sh, gen-meta-header.sh, meta.sh).
copy_sources() {
	dest=$1
	mkdir -p "$dest"
	(cd "$top" && tar -cf - --exclude='*.o' --exclude='*.ko' --exclude='*.cmd' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='*.order' \
		--exclude='*.symvers' --exclude='.*.d' \
		META Kbuild Makefile README.md datapath compat scripts) |
		(cd "$dest" && tar -xf -)
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
conf)
	gen_conf
	;;
regex)
	[ $# -eq 2 ] || { echo "usage: $prog regex MIN MAX" >&2; exit 2; }
	kernel_regex "$1" "$2"
	;;
install)
	add=1
	src_tree=/usr/src
	dkms_args=
	while [ $# -gt 0 ]; do
		case $1 in
		--no-add) add=0 ;;
		--sourcetree) src_tree=$2; shift ;;
		--dkmstree|--installtree) dkms_args="$dkms_args $1 $2"; shift ;;
		*) echo "$prog: unknown argument '$1'" >&2; exit 2 ;;
		esac
		shift
	done
	name=$("$meta" Name)
	version=$("$meta" Version)
	dest=${DESTDIR:-}$src_tree/$name-$version
	# A stale copy of the same version (an earlier "make dkms") is replaced.
	# shellcheck disable=SC2086
	if [ -n "$(dkms status -m "$name" -v "$version" $dkms_args --sourcetree "$src_tree" 2>/dev/null)" ] &&
	   [ "$add" = 1 ]; then
		echo "$prog: $name/$version is already added to DKMS; replacing it (dkms remove --all: install it again afterwards)"
		# shellcheck disable=SC2086
		dkms remove -m "$name" -v "$version" --all $dkms_args --sourcetree "$src_tree"
	fi
	rm -rf "$dest"
	copy_sources "$dest"
	gen_conf > "$dest/dkms.conf"
	echo "$prog: sources for $name $version in $dest"
	if [ "$add" = 1 ]; then
		command -v dkms > /dev/null ||
			{ echo "$prog: dkms is not installed ('scripts/install-deps.sh dkms')" >&2; exit 1; }
		# shellcheck disable=SC2086
		dkms add -m "$name" -v "$version" $dkms_args --sourcetree "$src_tree"
		echo "$prog: added; now 'dkms install -m $name -v $version' (or -k <uname>) builds and installs it"
	fi
	;;
*)
	sed -n 's/^#   //p' "$0" >&2
	exit 2
	;;
esac
