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
Usage: $prog [--uname UNAME | --build-dir DIR |
              --name NAME --version VERSION --flavor FLAVOR]
             [--no-range-check] [--quiet]

Find the target kernel and its prepared build tree.

  --uname UNAME     build for this kernel release (as "uname -r" prints it)
  --build-dir DIR   build against this kernel build tree (a kernel-devel,
                    linux-headers or prepared source tree)
  --name N --version V --flavor F
                    the XenServer 5.6 to 6.2 form: the release is V
                    followed by F (2.6.32.12-0.7.1.xs5.6.100.323.170596 +
                    xen); the kernel-devel package is kernel-F-devel and V
                    its "%{Version}-%{Release}".  N names that package
                    (xen, kernel-xen and kernel-xen-devel all mean
                    kernel-xen-devel; linux for Debian).  Where V followed
                    directly by F names no installed kernel but V-F does
                    (Debian: 6.1.0-56 and amd64), V-F is used.
  --no-range-check  report the kernel even if META's Linux-Minimum/Maximum
                    exclude it
  --quiet           do not explain the choice on stderr
  -h, --help        this text

With no kernel given: the running kernel's tree if it is installed, else the
newest installed kernel-devel / linux-headers tree (kdump flavors last: they
are crash kernels, not the one that runs the switch).  Trees are looked for
in /lib/modules/*/build, /usr/src/kernels/* (XenServer and XCP-ng put
<uname>-x86_64 there) and /usr/src/linux-headers-*; the kernel-devel RPMs
installed name the package of each tree (kernel-devel-uname-r provides from
XenServer 6.5 on, kernel-<flavor>-devel before) and are reported when their
tree is missing.

Output (stdout), one KEY='value' per line:
  KERNEL_UNAME      kernel release string of the tree
  KERNEL_NAME       package base name (linux, kernel, kernel-xen)
  KERNEL_VERSION    release without the flavor suffix
  KERNEL_FLAVOR     flavor suffix (amd64, xen, kdump, ...), may be empty
  KERNEL_SCHEME     naming scheme: debian, redhat, xenserver (6.5 and later:
                    3.10.0+2, 4.19.0+1), xenserver-legacy (5.6 to 6.2:
                    <version>xen, <version>kdump), generic
  KERNEL_NUMERIC    upstream version of the tree, e.g. 6.1.192
  KERNEL_BUILD_DIR  the build tree (what make -C wants)
  KERNEL_DEVEL_PACKAGE  the package that provides the tree (from the RPM
                    database when it knows, else by naming scheme)
  KERNEL_REASON     why this tree was chosen

Environment, for tests and chroots:
  KERNEL_DETECT_ROOT     prefix every searched directory with this root
  KERNEL_DETECT_RPMDB    RPM database to query (rpm --dbpath); default the
                         root's /var/lib/rpm when KERNEL_DETECT_ROOT is set
  KERNEL_DETECT_RUNNING  pretend this is "uname -r"
  KERNEL_DETECT_MIN, KERNEL_DETECT_MAX
                         the supported range where META is not at hand
                         (the RPM spec passes them)
EOF
}

say() {
	[ "$quiet" = 1 ] || printf '%s: %s\n' "$prog" "$*" >&2
}

die() {
	printf '%s: error: %s\n' "$prog" "$*" >&2
	exit 1
}

tab=$(printf '\t')
root=${KERNEL_DETECT_ROOT:-}
root=${root%/}
arch=$(uname -m)

# A path inside the searched root, following one absolute symlink within
# the root (kernel-devel's /lib/modules/<uname>/build -> /usr/src/kernels/...).
rooted() {
	p=$root$1
	if [ -n "$root" ] && [ -L "$p" ]; then
		t=$(readlink "$p")
		case $t in /*) p=$root$t ;; esac
	fi
	printf '%s\n' "$p"
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
	rooted "/lib/modules/$1/build"
	rooted "/usr/src/kernels/$1"
	rooted "/usr/src/kernels/$1-$arch"
	rooted "/usr/src/linux-headers-$1"
}

# Installed kernel-devel RPMs, one "uname<TAB>name<TAB>version-release" per line.  From
# XenServer 6.5 on kernel-devel provides kernel-devel-uname-r = <uname>;
# before, kernel-<flavor>-devel's version-release followed by the flavor is
# the release (kernel-xen-devel 2.6.32.12-0.7.1.xs5.6.100.323.170596 ->
# 2.6.32.12-0.7.1.xs5.6.100.323.170596xen).
rpm_kernels() {
	command -v rpm >/dev/null 2>&1 || return 0
	db=${KERNEL_DETECT_RPMDB:-}
	[ -n "$db" ] || [ -z "$root" ] || db=$root/var/lib/rpm
	if [ -n "$db" ]; then
		[ -d "$db" ] || return 0
		set -- --dbpath "$(cd "$db" && pwd -P)"
	else
		set --
	fi
	rpm "$@" -qa --queryformat '[%{PROVIDENAME}\t%{PROVIDEVERSION}\t%{=NAME}\t%{=VERSION}-%{=RELEASE}\n]' 2>/dev/null |
		awk -F'\t' '$1 == "kernel-devel-uname-r" { print $2 "\t" $3 "\t" $4 }'
	rpm "$@" -qa --queryformat '%{NAME}\t%{VERSION}-%{RELEASE}\n' 2>/dev/null |
		awk -F'\t' '$1 ~ /^kernel-[a-z0-9]+-devel$/ {
			f = $1; sub(/^kernel-/, "", f); sub(/-devel$/, "", f)
			print $2 f "\t" $1 "\t" $2 }'
}

rpm_list=
# The installed package (name, or name-version-release with "full") of a
# release's tree; empty if the RPM database knows none.
rpm_package() {
	printf '%s\n' "$rpm_list" | awk -F'\t' -v u="$1" -v full="${2:-}" \
		'$1 == u { print (full == "" ? $2 : $2 "-" $3); exit }'
}

# Every installed tree, one "uname<TAB>dir<TAB>package" per line, one per
# release.
installed_trees() {
	for d in "$root"/lib/modules/*/build "$root"/usr/src/kernels/* "$root"/usr/src/linux-headers-*; do
		d=$(rooted "${d#"$root"}")
		[ -d "$d" ] || continue
		[ -z "$(tree_problem "$d")" ] || continue
		u=$(tree_uname "$d")
		[ -n "$u" ] || continue
		printf '%s\t%s\t%s\n' "$u" "$(cd "$d" && pwd -P)" "$(rpm_package "$u" full)"
	done | sort -u -t "$tab" -k1,1
}

# Split a release string into name / version / flavor by naming scheme, and
# name the package that should provide its tree.
classify() {
	u=$1
	case $u in
	*.xs[0-9]*xen|*.xs[0-9]*kdump)
		# XenServer 5.6 to 6.2: "2.6.32.12-0.7.1.xs5.6.100.323.170596xen".
		flavor=${u##*[0-9]}
		scheme=xenserver-legacy name=kernel-$flavor version=${u%"$flavor"} ;;
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
	case $scheme in
	debian) devel=linux-headers-$u ;;
	xenserver-legacy) devel=$name-devel ;;
	generic) devel= ;;
	*) devel=kernel-devel ;;
	esac
}

# The usable tree for a release on stdout, or nothing; what is wrong with
# the trees found for it on fd 3.
find_tree() {
	for d in $(trees_for_uname "$1"); do
		[ -e "$d" ] || [ -L "$d" ] || continue
		problem=$(tree_problem "$d")
		if [ -z "$problem" ]; then
			(cd "$d" && pwd -P)
			return
		fi
		printf '; %s' "$problem" >&3
	done
}

# Order candidates so that the best is last: kdump flavors first (picked
# only when nothing else is there), then by release.
rank() {
	awk -F'\t' '{ print ($1 ~ /kdump$/ ? 0 : 1) "\t" $0 }' |
		sort -t "$tab" -k1,1n -k2,2V | cut -f2-
}

# What an installed RPM says about a release whose tree is unusable.
rpm_hint() {
	p=$(rpm_package "$1" full)
	[ -z "$p" ] || printf '; the package %s is installed but its tree is missing or incomplete: reinstall it' "$p"
}

q() {
	printf "%s='%s'\n" "$1" "$(printf %s "$2" | sed "s/'/'\\\\''/g")"
}

quiet=0
range_check=1
want_uname=
want_dir=
want_name=
want_version=
want_flavor=
legacy=0
while [ $# -gt 0 ]; do
	case $1 in
	--uname|--build-dir|--name|--version|--flavor)
		[ $# -ge 2 ] || die "$1 needs a value" ;;
	esac
	case $1 in
	--uname) want_uname=$2; shift ;;
	--uname=*) want_uname=${1#*=} ;;
	--build-dir) want_dir=$2; shift ;;
	--build-dir=*) want_dir=${1#*=} ;;
	--name) want_name=$2; legacy=1; shift ;;
	--name=*) want_name=${1#*=}; legacy=1 ;;
	--version) want_version=$2; legacy=1; shift ;;
	--version=*) want_version=${1#*=}; legacy=1 ;;
	--flavor) want_flavor=$2; legacy=1; shift ;;
	--flavor=*) want_flavor=${1#*=}; legacy=1 ;;
	--no-range-check) range_check=0 ;;
	--quiet) quiet=1 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" ;;
	esac
	shift
done

if [ "$legacy" = 1 ]; then
	[ -n "$want_version" ] || die "--name/--flavor need --version (the kernel-devel package's version-release)"
	[ -z "$want_uname$want_dir" ] || die "give either --uname/--build-dir or --name/--version/--flavor, not both"
fi

install_hint="install the kernel headers: on Debian/Ubuntu 'apt-get install linux-headers-amd64' (or linux-headers-\$(uname -r)), on XenServer/XCP-ng/RHEL 'yum install kernel-devel'"

rpm_list=$(rpm_kernels | sort -u)
problems_file=$(mktemp)
trap 'rm -f "$problems_file"' EXIT

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
	dir=$(find_tree "$want_uname" 3>"$problems_file")
	[ -n "$dir" ] || die "no usable build tree for kernel $want_uname$(rpm_hint "$want_uname")$(cat "$problems_file"); $install_hint"
	uname_=$want_uname
	reason="kernel release given explicitly"
elif [ "$legacy" = 1 ]; then
	# The kernel-devel package, however it was spelled.
	n=${want_name%-devel}
	case $n in
	'') n=kernel${want_flavor:+-$want_flavor} ;;
	kernel|kernel-*|linux|linux-*) ;;
	*) n=kernel-$n ;;
	esac
	dir=
	tried=
	cands=$want_version$want_flavor
	case $want_version in
	*-) ;;
	*) [ -z "$want_flavor" ] || cands="$cands $want_version-$want_flavor" ;;
	esac
	for u in $cands; do
		tried="$tried $u"
		dir=$(find_tree "$u" 3>>"$problems_file")
		[ -z "$dir" ] || break
	done
	[ -n "$dir" ] || die "no usable build tree for kernel name '$want_name' version '$want_version' flavor '$want_flavor' (tried release$tried)$(rpm_hint "$want_version$want_flavor")$(cat "$problems_file"); $install_hint"
	uname_=$u
	reason="kernel given as name $n, version $want_version, flavor $want_flavor"
else
	running=${KERNEL_DETECT_RUNNING:-$(uname -r)}
	all=$(installed_trees)
	count=$(printf '%s' "$all" | grep -c . || true)
	dir=$(find_tree "$running" 3>/dev/null)
	if [ -n "$dir" ]; then
		uname_=$running
		reason="the running kernel's build tree"
	else
		if [ "$count" = 0 ]; then
			broken=
			[ -z "$rpm_list" ] || broken="; installed kernel-devel packages without a usable tree: $(printf '%s\n' "$rpm_list" | awk -F'\t' '{ print $2 "-" $3 }' | tr '\n' ' ' | sed 's/ $//')"
			die "no kernel build tree found (the running kernel $running has none, and no other is installed$broken); $install_hint"
		fi
		line=$(printf '%s\n' "$all" | rank | tail -n 1)
		uname_=$(printf %s "$line" | cut -f1)
		dir=$(printf %s "$line" | cut -f2)
		reason="the running kernel $running has no build tree; newest of $count installed"
		case $uname_ in
		*kdump) ;;
		*) if printf '%s\n' "$all" | cut -f1 | grep -q 'kdump$'; then
			reason="$reason, kdump flavors last"
		   fi ;;
		esac
	fi
	if [ "$count" -gt 1 ]; then
		say "found $count kernel build trees:"
		printf '%s\n' "$all" | rank | while IFS="$tab" read -r u d p; do
			mark=" "
			[ "$u" != "$uname_" ] || mark="*"
			say "  $mark $u  $d${p:+  ($p)}"
		done
		say "picked $uname_: $reason"
	fi
fi

tree_release=$(tree_uname "$dir")
if [ -n "$tree_release" ] && [ "$tree_release" != "$uname_" ]; then
	die "the tree at $dir was prepared for $tree_release, not $uname_"
fi

numeric=$(tree_numeric "$dir")
[ -n "$numeric" ] || die "cannot tell the kernel version of $dir"
if [ "$range_check" = 1 ]; then
	min=${KERNEL_DETECT_MIN:-$("$top/scripts/meta.sh" Linux-Minimum)}
	max=${KERNEL_DETECT_MAX:-$("$top/scripts/meta.sh" Linux-Maximum)}
	lowest=$(printf '%s\n%s\n' "$min" "$numeric" | sort -V | head -n 1)
	if [ "$lowest" != "$min" ]; then
		die "kernel $uname_ is $numeric; this datapath supports $min and later (META Linux-Minimum)"
	fi
	major_minor=$(printf %s "$numeric" | cut -d. -f1,2)
	highest=$(printf '%s\n%s\n' "$max" "$major_minor" | sort -V | tail -n 1)
	if [ "$highest" != "$max" ]; then
		say "warning: kernel $numeric is newer than the newest tested ($max, META Linux-Maximum)"
	fi
fi

classify "$uname_"
if [ "$legacy" = 1 ]; then
	version=$want_version flavor=$want_flavor name=$n
	[ "$scheme" != xenserver-legacy ] || devel=$n-devel
fi
pkg=$(rpm_package "$uname_")
[ -z "$pkg" ] || devel=$pkg
say "kernel $uname_ ($numeric) at $dir: $reason"

q KERNEL_UNAME "$uname_"
q KERNEL_NAME "$name"
q KERNEL_VERSION "$version"
q KERNEL_FLAVOR "$flavor"
q KERNEL_SCHEME "$scheme"
q KERNEL_NUMERIC "$numeric"
q KERNEL_BUILD_DIR "$dir"
q KERNEL_DEVEL_PACKAGE "$devel"
q KERNEL_REASON "$reason"
