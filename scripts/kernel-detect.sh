#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Find the kernel to build the datapath for, and its build tree.
#
# Prints shell-sourceable KEY='value' lines on stdout; explanations (which
# tree was picked and why, what else was found) go to stderr so that
# "eval $(scripts/kernel-detect.sh)" stays clean.

set -eu

prog=kernel-detect.sh
top=$(cd "$(dirname "$0")/.." && pwd)

usage() {
	cat <<EOF
Usage: $prog [--uname UNAME | --build-dir DIR] [--quiet]

Find the target kernel and its prepared build tree.

  --uname UNAME     build for this kernel release (as "uname -r" prints it)
  --build-dir DIR   build against this kernel build tree (a kernel-devel,
                    linux-headers or prepared source tree)
  --quiet           do not explain the choice on stderr
  -h, --help        this text

With neither option: the running kernel's tree if it is installed, else the
newest installed kernel-devel / linux-headers tree.

Output (stdout), one KEY='value' per line:
  KERNEL_UNAME      kernel release string of the tree
  KERNEL_NAME       package base name (linux, kernel)
  KERNEL_VERSION    release without the flavor suffix
  KERNEL_FLAVOR     flavor suffix (amd64, cloud-amd64, ...), may be empty
  KERNEL_SCHEME     naming scheme: debian, redhat, xenserver, generic
  KERNEL_NUMERIC    upstream version of the tree, e.g. 6.1.192
  KERNEL_BUILD_DIR  the build tree (what make -C wants)
  KERNEL_REASON     why this tree was chosen
EOF
}

say() {
	[ "$quiet" = 1 ] || printf '%s: %s\n' "$prog" "$*" >&2
}

die() {
	printf '%s: error: %s\n' "$prog" "$*" >&2
	exit 1
}

# The release string the tree was configured for; empty if it has none.
tree_uname() {
	sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$1/include/generated/utsrelease.h" 2>/dev/null || true
}

# Why a directory is not a usable build tree; empty if it is one.
tree_problem() {
	if [ ! -d "$1" ]; then
		echo "$1 does not exist"
	elif [ ! -f "$1/Makefile" ]; then
		echo "$1 has no Makefile"
	elif [ ! -f "$1/.config" ] && [ ! -f "$1/include/config/auto.conf" ]; then
		echo "$1 is not configured (no .config)"
	elif [ ! -f "$1/include/generated/utsrelease.h" ] ||
	     [ ! -f "$1/include/generated/autoconf.h" ]; then
		echo "$1 is not prepared (include/generated is incomplete; run 'make modules_prepare' there, or reinstall the headers package)"
	elif [ ! -d "$1/scripts/basic" ] && [ ! -x "$1/scripts/basic/fixdep" ]; then
		echo "$1 lacks the kbuild host tools (scripts/basic); the headers package is half-installed"
	fi
}

# Upstream x.y.z of a prepared tree, from the generated version header.
tree_numeric() {
	code=$(sed -n 's/^#define LINUX_VERSION_CODE \([0-9]*\)$/\1/p' \
		"$1/include/generated/uapi/linux/version.h" 2>/dev/null || true)
	if [ -n "$code" ]; then
		echo "$((code >> 16)).$(((code >> 8) & 255)).$((code & 255))"
		return
	fi
	# Very old trees keep it only in the Makefile.
	awk -F' = ' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2}
		$1=="SUBLEVEL"{s=$2} END{if (v != "") print v "." p "." s}' \
		"$1/Makefile"
}

# Candidate build trees for a given release, most conventional first.
trees_for_uname() {
	echo "/lib/modules/$1/build"
	echo "/usr/src/kernels/$1"
	echo "/usr/src/kernels/$1-$(uname -m)"
	echo "/usr/src/linux-headers-$1"
}

# Every installed tree, one "uname<TAB>dir" per line, deduplicated.
installed_trees() {
	for d in /lib/modules/*/build /usr/src/kernels/* /usr/src/linux-headers-*; do
		[ -d "$d" ] || continue
		[ -z "$(tree_problem "$d")" ] || continue
		u=$(tree_uname "$d")
		[ -n "$u" ] || continue
		printf '%s\t%s\n' "$u" "$(cd "$d" && pwd -P)"
	done | sort -u -t "$(printf '\t')" -k1,1
}

# Split a release string into name / version / flavor by naming scheme.
classify() {
	u=$1
	case $u in
	*.el[0-9]*.*)
		scheme=redhat name=kernel version=$u flavor= ;;
	*+[0-9]*)
		# XenServer 6.5 and later: "3.10.0+2", "4.19.0+1".
		scheme=xenserver name=kernel version=$u flavor= ;;
	*)
		flavor=$(printf %s "$u" | sed -n 's/^[0-9][0-9.]*-[0-9][0-9]*-\(.*\)$/\1/p')
		if [ -n "$flavor" ]; then
			scheme=debian name=linux version=${u%-"$flavor"}
		else
			scheme=generic name=linux version=$u
		fi ;;
	esac
}

q() {
	printf "%s='%s'\n" "$1" "$(printf %s "$2" | sed "s/'/'\\\\''/g")"
}

quiet=0
want_uname=
want_dir=
while [ $# -gt 0 ]; do
	case $1 in
	--uname) [ $# -ge 2 ] || die "--uname needs a value"; want_uname=$2; shift ;;
	--uname=*) want_uname=${1#*=} ;;
	--build-dir) [ $# -ge 2 ] || die "--build-dir needs a value"; want_dir=$2; shift ;;
	--build-dir=*) want_dir=${1#*=} ;;
	--quiet) quiet=1 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" ;;
	esac
	shift
done

install_hint="install the kernel headers: on Debian/Ubuntu 'apt-get install linux-headers-amd64' (or linux-headers-\$(uname -r)), on XenServer/XCP-ng/RHEL 'yum install kernel-devel'"

if [ -n "$want_dir" ]; then
	problem=$(tree_problem "$want_dir")
	[ -z "$problem" ] || die "$problem"
	dir=$(cd "$want_dir" && pwd -P)
	uname_=$(tree_uname "$dir")
	[ -n "$uname_" ] || die "$dir has no include/generated/utsrelease.h; run 'make modules_prepare' there"
	if [ -n "$want_uname" ] && [ "$want_uname" != "$uname_" ]; then
		die "--uname $want_uname does not match the tree at $dir, which is $uname_"
	fi
	reason="build tree given explicitly"
elif [ -n "$want_uname" ]; then
	dir=
	problems=
	for d in $(trees_for_uname "$want_uname"); do
		[ -e "$d" ] || continue
		problem=$(tree_problem "$d")
		if [ -z "$problem" ]; then
			dir=$(cd "$d" && pwd -P)
			break
		fi
		problems="$problems; $problem"
	done
	[ -n "$dir" ] || die "no usable build tree for kernel $want_uname${problems}; $install_hint"
	uname_=$want_uname
	reason="kernel release given explicitly"
else
	running=$(uname -r)
	dir=
	for d in $(trees_for_uname "$running"); do
		[ -e "$d" ] && [ -z "$(tree_problem "$d")" ] || continue
		dir=$(cd "$d" && pwd -P)
		break
	done
	if [ -n "$dir" ]; then
		uname_=$running
		reason="the running kernel's build tree"
	else
		all=$(installed_trees)
		[ -n "$all" ] || die "no kernel build tree found (the running kernel $running has none, and no other is installed); $install_hint"
		line=$(printf '%s\n' "$all" | sort -V -k1,1 | tail -n 1)
		uname_=$(printf %s "$line" | cut -f1)
		dir=$(printf %s "$line" | cut -f2)
		count=$(printf '%s\n' "$all" | wc -l)
		reason="the running kernel $running has no build tree; newest of $count installed"
		if [ "$count" -gt 1 ]; then
			say "installed kernel trees:"
			printf '%s\n' "$all" | sort -V -k1,1 | while IFS="$(printf '\t')" read -r u d; do
				say "  $u  $d"
			done
		fi
	fi
fi

tree_release=$(tree_uname "$dir")
if [ -n "$tree_release" ] && [ "$tree_release" != "$uname_" ]; then
	die "the tree at $dir was prepared for $tree_release, not $uname_"
fi

numeric=$(tree_numeric "$dir")
[ -n "$numeric" ] || die "cannot tell the kernel version of $dir"
min=$("$top/scripts/meta.sh" Linux-Minimum)
max=$("$top/scripts/meta.sh" Linux-Maximum)
lowest=$(printf '%s\n%s\n' "$min" "$numeric" | sort -V | head -n 1)
if [ "$lowest" != "$min" ]; then
	die "kernel $uname_ is $numeric; this datapath supports $min and later (META Linux-Minimum)"
fi
major_minor=$(printf %s "$numeric" | cut -d. -f1,2)
highest=$(printf '%s\n%s\n' "$max" "$major_minor" | sort -V | tail -n 1)
if [ "$highest" != "$max" ]; then
	say "warning: kernel $numeric is newer than the newest tested ($max, META Linux-Maximum)"
fi

classify "$uname_"
say "kernel $uname_ ($numeric) at $dir: $reason"

q KERNEL_UNAME "$uname_"
q KERNEL_NAME "$name"
q KERNEL_VERSION "$version"
q KERNEL_FLAVOR "$flavor"
q KERNEL_SCHEME "$scheme"
q KERNEL_NUMERIC "$numeric"
q KERNEL_BUILD_DIR "$dir"
q KERNEL_REASON "$reason"
