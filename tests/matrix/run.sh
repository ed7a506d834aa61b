#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel compile matrix: build openvswitch.ko with -Werror and W=1
# against every Debian kernel we support, plus any prepared tree given.
#
#   tests/matrix/run.sh [--ksrc DIR]... [--only NAME]...
#
# Debian kernels: 5.10 (bullseye), 6.1 (bookworm, installed), 6.12 (trixie,
# else bookworm-backports) and the newest 7.x in sid; and XenServer 8's
# 4.19.0+1, row xs8-4.19: the kernel-devel tree of ../shared/kernels/
# xs8-4.19/ beside the project, unpacked into the cache by
# tests/lib/xs8-kernel.sh (with its Module.symvers: modpost checks every
# symbol); that directory missing fails the row.  For each Debian kernel, the
# linux-source package is fetched through scripts/apt-suite.sh, unpacked,
# configured and pruned by tests/matrix/prepare-tree.sh, and the result is
# cached under $OVS_CACHE/matrix/trees (default /var/cache/ovs-datapath),
# keyed by package version: a warm run downloads and prepares nothing.
#
# --ksrc DIR   also build against this prepared kernel tree (repeatable),
#              named after its directory (make check-matrix KSRC=DIR)
# --only NAME  build only the kernels named NAME (repeatable): a row name
#              (debian-6.12, xs8-4.19), a Debian series (6.12), a suite
#              (sid) or xs8
#
# Builds go to build/matrix/<name>/, logs to build/matrix/<name>.log.  The
# table ends with "matrix: N passed, N failed"; the exit status is non-zero
# if any kernel failed.

set -eu

prog=matrix
top=$(cd "$(dirname "$0")/../.." && pwd -P)
here=$top/tests/matrix
. "$top/tests/lib/results.sh"
cache=${OVS_CACHE:-/var/cache/ovs-datapath}
mcache=$cache/matrix
outdir=$top/build/matrix

usage() { awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$0" >&2; exit 2; }
say() { printf '%s: %s\n' "$prog" "$*" >&2; }
now() { date +%s.%N; }
since() { echo "$1 $(now)" | awk '{printf "%.1f", $2 - $1}'; }

ksrcs=
only=
while [ $# -gt 0 ]; do
	case $1 in
	--ksrc) [ $# -ge 2 ] || usage; ksrcs="$ksrcs $(cd "$2" 2>/dev/null && pwd -P || echo "$2")"; shift ;;
	--ksrc=*) ksrcs="$ksrcs ${1#*=}" ;;
	--only) [ $# -ge 2 ] || usage; only="$only $2"; shift ;;
	--only=*) only="$only ${1#*=}" ;;
	-h|--help) usage ;;
	*) say "unknown argument '$1'"; usage ;;
	esac
	shift
done

t_all=$(now)
"$top/scripts/install-deps.sh" build matrix >&2

mkdir -p "$mcache/trees" "$mcache/debs" "$outdir"
# apt downloads as the _apt user when it can write the directory.
chown _apt "$mcache/debs" 2>/dev/null || true

# The Debian kernels: row name, suites to try in order ("installed" is the
# system's own bookworm package), package name regex.
debian_kernels() {
	cat <<-EOF
	debian-5.10	bullseye	linux-source-5\.10
	debian-6.1	installed	linux-source-6\.1
	debian-6.12	trixie bookworm-backports	linux-source-6\.12
	debian-7	sid	linux-source-7\.[0-9]+
	EOF
}

# Is a row wanted?  $1 row name, $2 suite (may be empty).
wanted() {
	[ -n "$only" ] || return 0
	for o in $only; do
		for w in "$1" "${1#debian-}" $2; do
			[ "$o" != "$w" ] || return 0
		done
	done
	return 1
}

# Warnings of the toolchain, not of our code: see build_one.
tolerated_re='objtool: missing symbol for section'

results=$outdir/results.txt
: > "$results"
failures=$outdir/failures.txt
: > "$failures"

# One result row: name, version, result, probe time, build time.
row() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$results"; }

# Record a failure and the lines that explain it (from stdin).
fail_detail() {
	{
		echo "--- $1: $2"
		sed 's/^/    /'
	} >> "$failures"
}

# --- Debian kernels: resolve, fetch, prepare ---------------------------------

# Find the package of a Debian kernel.  $1 row name, $2 suites, $3 package
# regex.  Sets name (a 7.x row is named after the series it found:
# debian-7.2), pkg, ver, suite and, for the installed package, src; pkg is
# empty when no suite has it.
debian_resolve() {
	name=$1 suites=$2 regex=$3
	pkg='' ver='' suite='' src=''
	for s in $suites; do
		if [ "$s" = installed ]; then
			pkg=$(dpkg-query -W -f '${Package} ${db:Status-Status}\n' 'linux-source-*' 2>/dev/null |
				awk '$2 == "installed" { print $1 }' |
				grep -E "^($regex)\$" | sort -V | tail -n 1) || true
			[ -n "$pkg" ] || continue
			ver=$(dpkg-query -W -f '${Version}' "$pkg")
			src=$(ls /usr/src/"$pkg".tar.* 2>/dev/null | head -n 1)
			[ -n "$src" ] || { pkg=; continue; }
		else
			pkg=$("$top/scripts/apt-suite.sh" "$s" newest "$regex" 2>>"$rlog") || pkg=
			[ -n "$pkg" ] || continue
			# apt-get download takes the candidate; name the version
			# explicitly so that what we cache under is what we fetch.
			ver=$("$top/scripts/apt-suite.sh" "$s" show "$pkg" 2>>"$rlog" |
				sed -n 's/^Version: //p' | sort -V | tail -n 1) || ver=
			[ -n "$ver" ] || { pkg=; continue; }
		fi
		suite=$s
		break
	done
	[ -z "$pkg" ] || name=debian-${pkg#linux-source-}
}

# A complete tree, prepared with today's configuration lists.
tree_config=$("$here/prepare-tree.sh" --config-version)
tree_current() {
	grep -qx "config $tree_config" "$1/.ovs-matrix-tree" 2>/dev/null
}

# Make sure a prepared tree exists for the resolved package; sets tree, or
# records why not and returns 1.  Uses name, pkg, ver, suite, src, regex.
debian_tree() {
	if [ -z "$pkg" ]; then
		# Offline: fall back to the newest tree prepared earlier.
		cached=$(ls -d "$mcache/trees/$name"*@* 2>/dev/null | sort -V | tail -n 1)
		if [ -n "$cached" ] && tree_current "$cached"; then
			say "$name: no package found in $suites; using the cached $(basename "$cached")"
			tree=$cached
			name=$(basename "$cached" | cut -d@ -f1)
			return 0
		fi
		tail -n 5 "$rlog" | fail_detail "$name" "no $regex package in: $suites"
		row "$name" "-" FAIL - -
		return 1
	fi
	key=$(printf %s "$ver" | tr ':/' '__')
	tree=$mcache/trees/$name@$key
	if tree_current "$tree"; then
		say "$name: cached tree for $pkg $ver ($suite)"
		return 0
	fi
	t0=$(now)
	log=$outdir/$name.prepare.log
	: > "$log"
	deb=
	if [ "$suite" != installed ]; then
		# apt names the file pkg_version_arch.deb, with ":" as "%3a".
		debglob=$mcache/debs/${pkg}_$(printf %s "$ver" | sed 's/:/%3a/')_
		deb=$(ls "$debglob"*.deb 2>/dev/null | head -n 1)
		if [ -z "$deb" ]; then
			say "$name: downloading $pkg $ver from $suite"
			if ! "$top/scripts/apt-suite.sh" "$suite" download "$mcache/debs" "$pkg=$ver" >>"$log" 2>&1; then
				tail -n 5 "$log" | fail_detail "$name" "download of $pkg $ver failed"
				row "$name" "-" FAIL - -
				return 1
			fi
			deb=$(ls "$debglob"*.deb 2>/dev/null | head -n 1)
			[ -n "$deb" ] || {
				echo "apt-get download left no ${debglob}*.deb" | fail_detail "$name" "download failed"
				row "$name" "-" FAIL - -
				return 1
			}
		fi
		src=$deb
	fi
	say "$name: preparing $pkg $ver from $suite (unpack, configure, modules_prepare, prune)"
	if ! "$here/prepare-tree.sh" "$src" "$tree" 2>>"$log"; then
		tail -n 15 "$log" | fail_detail "$name" "preparing the tree failed (log: $log)"
		row "$name" "-" FAIL - -
		return 1
	fi
	grep "^prepare-tree.sh:" "$log" | sed "s/^prepare-tree.sh: /$prog: $name: /" >&2 || true
	# The package is not needed any more, nor older trees of this series.
	[ -z "$deb" ] || rm -f "$deb"
	for old in "$mcache/trees/$name"@*; do
		[ "$old" = "$tree" ] || rm -rf "$old"
	done
	say "$name: tree ready in $(since "$t0")s"
	return 0
}

# --- build -------------------------------------------------------------------

# Build our module against one tree and record the row.  $1 name, $2 tree.
build_one() {
	name=$1 tree=$2
	blog=$outdir/$name.log
	version=$(sed -n 's/^#define LINUX_VERSION_CODE \([0-9]*\)$/\1/p' \
		"$tree/include/generated/uapi/linux/version.h" 2>/dev/null || true)
	if [ -n "$version" ]; then
		version=$((version >> 16)).$(((version >> 8) & 255)).$((version & 255))
		# LINUX_VERSION_CODE clamps the sublevel at 255 (4.19.256 and
		# later stable releases, say): take it from the Makefile.
		sub=$(sed -n 's/^SUBLEVEL = //p' "$tree/Makefile" 2>/dev/null | head -n 1)
		[ -z "$sub" ] || version=${version%.*}.$sub
	else
		version=-
	fi
	# A tree made by "make modules_prepare" has no Module.symvers (that
	# needs a full kernel build).  Without it modpost errors on every
	# symbol the module imports from 6.12 on ("ERROR: modpost: ...
	# undefined!"; measured: 4.19, 5.10 and 6.1 only warn);
	# KBUILD_MODPOST_WARN=1 turns those into warnings, at the price of no
	# symbol check.  Trees with a Module.symvers (Debian's linux-headers,
	# a vendor kernel-devel) keep the full check.
	extra=
	[ -f "$tree/Module.symvers" ] || extra=KBUILD_MODPOST_WARN=1
	say "$name: building against $tree"
	t0=$(now)
	rc=0
	# shellcheck disable=SC2086
	"$top/scripts/build.sh" --build-dir "$tree" --out "$outdir/$name" \
		--werror -- W=1 $extra > "$blog" 2>&1 || rc=$?
	total=$(since "$t0")
	probe=$(sed -n 's/^compat\/probe\.sh: .* in \([0-9.]*\)s .*/\1s/p' "$blog" | tail -n 1)
	grep -q '^compat/probe\.sh: cached results' "$blog" && probe=cached
	build=$(sed -n 's/^build\.sh: built .* in \([0-9.]*\)s$/\1s/p' "$blog" | tail -n 1)
	[ -n "$build" ] || build="(${total}s)"
	# Warnings that are not errors: modpost's own (section mismatches and
	# the like), or a compiler warning that escaped -Werror.  The missing
	# Module.symvers and what modpost says about it are expected: 4.19
	# "Symbol version dump ./Module.symvers is missing", 5.10 "Symbol info
	# of vmlinux is missing", 6.1 "suppressed N unresolved symbol
	# warnings", and "undefined!" per symbol.
	warnings=$(grep -E '(^|: )(warning|WARNING):' "$blog" |
		grep -vE 'undefined!|Module\.symvers|modules will have no dependencies|Symbol info of vmlinux is missing|unresolved symbol warnings' || true)
	# Known toolchain warnings are not our code's: they are shown, and do
	# not fail the row.  Old objtool (before upstream 8782e7cab51b and
	# e81e07244325, Linux 5.7; the 4.19.108 tree has neither) cannot cope
	# with GNU as >= 2.36, which drops unused section symbols: "objtool:
	# missing symbol for section .text" on every object with an unsymboled
	# .text reference (ClangBuiltLinux/linux#669).
	tolerated=$(printf '%s\n' "$warnings" | grep -E "$tolerated_re" || true)
	warnings=$(printf '%s\n' "$warnings" | grep -vE "$tolerated_re" | grep . || true)
	if [ -n "$tolerated" ]; then
		printf '%s\n' "$tolerated" | sed "s#$outdir/$name/##g" |
			awk '!seen[$0]++' | fail_detail "$name" "note: toolchain warnings, not ours (tolerated)"
	fi
	if [ "$rc" = 0 ] && [ -z "$warnings" ]; then
		row "$name" "$version" ok "${probe:--}" "$build"
		return 0
	fi
	row "$name" "$version" FAIL "${probe:--}" "$build"
	if [ "$rc" = 0 ]; then
		printf '%s\n' "$warnings" | sed "s#$outdir/$name/##g" | awk '!seen[$0]++' | head -n 10 |
			fail_detail "$name" "built, but with warnings (log: $blog)"
	else
		# The first compiler errors, with build-dir paths shortened to ours.
		errs=$(grep -E '(^|: )(fatal )?error:|^ERROR:|^make.*Error|compat/probe\.sh: error' "$blog" |
			grep -v '^make' | head -n 12)
		[ -n "$errs" ] || errs=$(tail -n 12 "$blog")
		printf '%s\n' "$errs" | sed "s#$outdir/$name/##g; s#^\(\./\)*##" | awk '!seen[$0]++' |
			fail_detail "$name" "exit status $rc (log: $blog)"
	fi
	return 1
}

# --- run ---------------------------------------------------------------------

n_rows=0
tab=$(printf '\t')
rlog=$outdir/resolve.log
: > "$rlog"
debian_kernels > "$outdir/kernels.txt"
# fd 3: the loop's commands (apt, make) must not eat the list from stdin.
while IFS=$tab read -r name suites regex <&3; do
	# Cheap first test, before any network: the 7.x row's final name is
	# known only after the lookup.
	case $name in debian-7) ;; *) wanted "$name" "$suites" || continue ;; esac
	debian_resolve "$name" "$suites" "$regex"
	wanted "$name" "$suites" || continue
	n_rows=$((n_rows + 1))
	tree=
	debian_tree || continue
	build_one "$name" "$tree" < /dev/null || true
done 3< "$outdir/kernels.txt"

# XenServer 8 (4.19.0+1): its kernel-devel tree, as the XenServer build
# host has it.
if wanted xs8-4.19 xs8; then
	n_rows=$((n_rows + 1))
	if xs8=$("$top/tests/lib/xs8-kernel.sh" 2> "$outdir/xs8-4.19.prepare.log"); then
		eval "$xs8"
		build_one xs8-4.19 "$XS8_BUILD_DIR" < /dev/null || true
	else
		tail -n 5 "$outdir/xs8-4.19.prepare.log" | fail_detail xs8-4.19 "no XenServer 8 kernel-devel tree"
		row xs8-4.19 - FAIL - -
	fi
fi

for k in $ksrcs; do
	name=$(basename "$k")
	# Two trees of the same directory name get distinct rows.
	while grep -q "^$name$tab" "$results"; do name=$name+; done
	wanted "$name" "" || continue
	n_rows=$((n_rows + 1))
	problem=$("$top/scripts/kernel-detect.sh" --quiet --build-dir "$k" 2>&1 >/dev/null) || {
		echo "$problem" | fail_detail "$name" "not a usable kernel tree"
		row "$name" - FAIL - -
		continue
	}
	build_one "$name" "$k" < /dev/null || true
done

[ "$n_rows" -gt 0 ] || { say "nothing matches --only$only"; exit 2; }

# --- report ------------------------------------------------------------------

echo
awk -F'\t' 'BEGIN { printf "%-16s %-10s %-6s %8s %9s\n", "KERNEL", "VERSION", "RESULT", "PROBE", "BUILD" }
	{ printf "%-16s %-10s %-6s %8s %9s\n", $1, $2, $3, $4, $5 }' "$results"
if [ -s "$failures" ]; then
	echo
	cat "$failures"
fi
passed=$(awk -F'\t' '$3 == "ok"' "$results" | wc -l)
failed=$(awk -F'\t' '$3 != "ok"' "$results" | wc -l)
echo
echo "matrix: total time $(since "$t_all")s; trees cached in $mcache/trees ($(du -sm "$mcache/trees" | cut -f1) MB)"
T_PASSED=$passed T_FAILED=$failed
t_summary matrix
