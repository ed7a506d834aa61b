#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Turn a kernel source (a Debian linux-source .deb, a source tarball or an
# unpacked tree) into a small, prepared x86_64 build tree that external
# modules such as ours can be compiled against.
#
#   tests/matrix/prepare-tree.sh SOURCE DEST
#   tests/matrix/prepare-tree.sh --config-version
#
# Steps: unpack (skipping the bulk that no module build reads), configure
# x86_64_defconfig plus what an OVS datapath needs, "make modules_prepare",
# then copy only what kbuild reads for M= builds into DEST, and check that
# a trivial module builds against the result.  DEST is created atomically:
# it exists only once it is complete (it then holds .ovs-matrix-tree,
# with the version of the configuration below: run.sh prepares a cached
# tree of an older one again).
#
# Environment: JOBS (default: number of CPUs), KEEP_WORK=1 keeps the
# unpacked tree (DEST.work) for debugging.

set -eu

prog=prepare-tree.sh
# Bump it with any change to the configuration lists below.
config_version=2
if [ "${1:-}" = --config-version ]; then
	echo "$config_version"
	exit 0
fi
[ $# -eq 2 ] || { sed -n 's/^#   //p' "$0" >&2; exit 2; }
src=$1
dest=$2
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { echo "$1 $(now)" | awk '{printf "%.1f", $2 - $1}'; }

[ -e "$src" ] || die "$src does not exist"
case $dest in /*) ;; *) dest=$(pwd)/$dest ;; esac
work=$dest.work
tree=$work/tree
log=$work/prepare.log
rm -rf "$work" "$dest.new"
mkdir -p "$work"

# --- unpack -----------------------------------------------------------------

# Decompressor for a tarball, by its name.  xz-compressed kernel tarballs
# are multi-block, so xz can decompress them on several threads.
decompress() {
	case $1 in
	*.tar.xz|*.txz) xz -T"$jobs" -dc "$1" ;;
	*.tar.gz|*.tgz) gzip -dc "$1" ;;
	*.tar.bz2) bzip2 -dc "$1" ;;
	*.tar.zst) zstd -q -dc "$1" ;;
	*.tar) cat "$1" ;;
	*) die "do not know how to unpack $1" ;;
	esac
}

# Most of a kernel tarball is driver, filesystem, network, sound and other
# architectures' code and documentation, none of which "make
# modules_prepare" or an external module build reads.  Skip those files by
# extension so that every Kconfig, Makefile and Kbuild file stays (the
# Kconfig tree sources files all over the tree).  Patterns are anchored to
# the tarball's top directory: an unanchored "*/net/*.h" would also drop
# include/net/.
skip_patterns() {
	t=$1
	for d in drivers sound Documentation fs net samples firmware \
		tools/perf tools/testing \
		arch/alpha arch/arc arch/arm arch/arm64 arch/c6x arch/csky \
		arch/h8300 arch/hexagon arch/ia64 arch/loongarch arch/m68k \
		arch/microblaze arch/mips arch/nds32 arch/nios2 arch/openrisc \
		arch/parisc arch/powerpc arch/riscv arch/s390 arch/sh \
		arch/sparc arch/unicore32 arch/xtensa; do
		for e in c h S rst txt dts dtsi yaml json svg; do
			printf -- '--exclude=%s/%s/*.%s\n' "$t" "$d" "$e"
		done
	done
}

untar() {
	tarball=$1
	# The top directory name; tar stops reading at the first entry.
	top=$(decompress "$tarball" 2>/dev/null | tar -tf - 2>/dev/null | head -n 1 | cut -d/ -f1) || true
	[ -n "$top" ] || die "cannot read $tarball"
	mkdir -p "$tree"
	# shellcheck disable=SC2046
	decompress "$tarball" | tar -x -C "$tree" --strip-components=1 \
		--anchored $(skip_patterns "$top")
}

start=$(now)
case $src in
*.deb)
	# linux-source-X.Y ships the tree as /usr/src/linux-source-X.Y.tar.xz.
	dpkg-deb --fsys-tarfile "$src" |
		tar -x -C "$work" --wildcards './usr/src/linux-source-*.tar.*'
	tarball=$(ls "$work"/usr/src/linux-source-*.tar.* 2>/dev/null | head -n 1)
	[ -n "$tarball" ] || die "$src holds no usr/src/linux-source-*.tar.*"
	untar "$tarball"
	rm -rf "${work:?}/usr"
	;;
*.tar|*.tar.*|*.tgz|*.txz)
	untar "$src"
	;;
*)
	if [ ! -f "$src/Makefile" ]; then
		die "$src is not a .deb, a tarball or a kernel tree"
	fi
	mkdir -p "$tree"
	tar -C "$src" -cf - . | tar -C "$tree" -xf -
	;;
esac
if [ ! -f "$tree/Makefile" ] || [ ! -f "$tree/Kconfig" ]; then
	die "$src did not unpack into a kernel tree"
fi
say "unpacked $src in $(since "$start")s ($(du -sm "$tree" | cut -f1) MB)"

# --- configure --------------------------------------------------------------

# What an OVS datapath uses, on top of x86_64_defconfig.  Modular where the
# distributions build it as a module.  Symbols a kernel does not know are
# dropped by olddefconfig (NF_NAT_IPV4/IPV6 exist only before 5.1, say).
config_y="NET INET IPV6 NETFILTER NETFILTER_ADVANCED MPLS NET_SCHED
	NET_CLS_ACT NET_TC_SKB_EXT NF_CONNTRACK_MARK NF_CONNTRACK_ZONES
	NF_CONNTRACK_LABELS NF_CONNTRACK_EVENTS NF_CONNTRACK_TIMEOUT
	NF_CT_NETLINK_TIMEOUT NET_UDP_TUNNEL LWTUNNEL DST_CACHE"
config_m="NF_CONNTRACK NF_NAT NF_NAT_IPV4 NF_NAT_IPV6 NF_DEFRAG_IPV4
	NF_DEFRAG_IPV6 NF_CT_NETLINK NETFILTER_XT_MATCH_CONNLIMIT
	NET_IPGRE_DEMUX NET_IPGRE IPV6_GRE VXLAN GENEVE NET_MPLS_GSO NET_NSH
	PSAMPLE TUN VETH OPENVSWITCH OPENVSWITCH_GRE OPENVSWITCH_VXLAN
	OPENVSWITCH_GENEVE"
# What must be on after olddefconfig, else the tree is useless to us.
# (NET_IPGRE silently disappears unless NET_IPGRE_DEMUX is on; the only
# way to nf_conncount, for zone limits, is a match that selects it.)
config_required="NET INET IPV6 NETFILTER NF_CONNTRACK NETFILTER_CONNCOUNT
	NF_NAT NF_DEFRAG_IPV4 NF_DEFRAG_IPV6 NET_IPGRE_DEMUX NET_IPGRE VXLAN GENEVE MPLS NET_MPLS_GSO
	NET_NSH PSAMPLE"

kmake() {
	make -C "$tree" "$@" >> "$log" 2>&1 || {
		tail -n 30 "$log" >&2
		die "'make $*' failed in $tree (log: $log)"
	}
}

start=$(now)
kmake x86_64_defconfig
set --
for s in $config_y; do set -- "$@" --enable "$s"; done
for s in $config_m; do set -- "$@" --module "$s"; done
"$tree/scripts/config" --file "$tree/.config" "$@"
kmake olddefconfig
missing=
for s in $config_required; do
	grep -Eq "^CONFIG_$s=(y|m)\$" "$tree/.config" || missing="$missing $s"
done
# NET_TC_SKB_EXT exists from 5.4 on; where it exists it must be on.
if grep -q '^config NET_TC_SKB_EXT$' "$tree/net/sched/Kconfig" 2>/dev/null &&
   ! grep -q '^CONFIG_NET_TC_SKB_EXT=y$' "$tree/.config"; then
	missing="$missing NET_TC_SKB_EXT"
fi
[ -z "$missing" ] || die "olddefconfig turned off:$missing"

# WERROR=0: the host tools of an older kernel (objtool of 4.19, say) were
# written before the compiler we build them with and warn under -Werror.
# It only concerns host tools; our module keeps its own -Werror.
kmake -j"$jobs" WERROR=0 modules_prepare
say "configured and ran modules_prepare in $(since "$start")s"

# --- prune ------------------------------------------------------------------

# What an external (M=) build reads: the top Makefile and every
# Makefile/Kbuild/Kconfig it may include, include/ with the generated
# headers and config, scripts/ with the host tools (fixdep, modpost,
# genksyms, module linker script, module-common.o on newer kernels),
# arch/x86/include, .config, Module.symvers when there is one, and objtool
# (plus resolve_btfids when BTF is on).
start=$(now)
(
	cd "$tree"
	find . -type f \( -name 'Kconfig*' -o -name 'Makefile*' -o -name 'Kbuild*' \)
	for p in include scripts arch/x86/include .config Module.symvers \
		tools/objtool/objtool tools/bpf/resolve_btfids/resolve_btfids; do
		[ -e "$p" ] && echo "./$p"
	done
	true
) > "$work/keep.list"
mkdir -p "$dest.new"
tar -C "$tree" -cf - -T "$work/keep.list" | tar -C "$dest.new" -xf -

# Check the pruned tree with a trivial module before anyone relies on it.
t=$work/sanity
mkdir -p "$t"
printf '%s\n' '#include <linux/module.h>' \
	'static int __init s_init(void) { return 0; }' 'module_init(s_init);' \
	'MODULE_LICENSE("GPL");' > "$t/sanity.c"
echo 'obj-m := sanity.o' > "$t/Kbuild"
# No Module.symvers in a tree from modules_prepare: see run.sh.
if ! make -C "$dest.new" M="$t" KBUILD_MODPOST_WARN=1 modules > "$t/log" 2>&1 ||
   [ ! -f "$t/sanity.ko" ]; then
	tail -n 30 "$t/log" >&2
	die "a trivial module does not build against the pruned tree $dest.new"
fi

printf 'source %s\nconfig %s\n' "$src" "$config_version" > "$dest.new/.ovs-matrix-tree"
rm -rf "$dest"
mv "$dest.new" "$dest"
[ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$work"
say "pruned into $dest in $(since "$start")s ($(du -sm "$dest" | cut -f1) MB)"
