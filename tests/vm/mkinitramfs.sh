#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build (or reuse) the test VM's initramfs: static busybox, the guest
# kernel's modules that mounting the host root needs, and
# tests/vm/initramfs-init as /init.  Prints the path of the cpio.gz.
#
#   tests/vm/mkinitramfs.sh UNAME MODROOT
#
# MODROOT holds lib/modules/UNAME (with modules.dep).  The image is cached
# in $OVS_CACHE/vm/initramfs/, keyed by everything that goes into it, so a
# warm run costs nothing and any change rebuilds it.

set -eu

prog=mkinitramfs.sh
here=$(cd "$(dirname "$0")" && pwd -P)
cache=${OVS_CACHE:-/var/cache/ovs-datapath}

die() {
	printf '%s: error: %s\n' "$prog" "$*" >&2
	exit 1
}

[ $# -eq 2 ] || die "usage: $prog UNAME MODROOT"
uname_=$1
moddir=$2/lib/modules/$uname_
busybox=/bin/busybox

# What the initramfs must mount: the host root over virtio-9p (PCI
# transport), and an overlay on top of it.  Their dependencies (virtio,
# virtio_ring, netfs, 9pnet, ...) are read from modules.dep.
wanted="virtio_pci 9pnet_virtio 9p overlay"

[ -f "$moddir/modules.dep" ] || die "$moddir/modules.dep is missing"
[ -x "$busybox" ] || die "$busybox is missing; install busybox-static"
# The initramfs has no libc: a dynamic busybox would not start.
ldd "$busybox" 2>&1 | grep -q 'not a dynamic executable' ||
	die "$busybox is not static; install busybox-static (not busybox)"

# modules.dep line: "kernel/fs/9p/9p.ko: kernel/fs/netfs/netfs.ko ...".
# Module names use '_' where file names may use '-'.
mod_path() {
	awk -F: -v m="$1" '{
		n = $1; sub(/.*\//, "", n); sub(/\.ko(\.[a-z]+)?$/, "", n); gsub(/-/, "_", n)
		if (n == m) { print $1; exit }
	}' "$moddir/modules.dep"
}

is_builtin() {
	# modules.builtin lists kernel/.../name.ko for each built-in module.
	sed 's#.*/##; s#\.ko$##; s#-#_#g' "$moddir/modules.builtin" 2>/dev/null | grep -qx "$1"
}

# Depth-first: dependencies before the module, each once.
order=
add_module() {
	# Recursive: keep this call's variables its own (dash and bash
	# both have local).
	# shellcheck disable=SC3043
	local m p d n
	m=$1
	case " $order " in *" $m "*) return 0 ;; esac
	p=$(mod_path "$m")
	if [ -z "$p" ]; then
		is_builtin "$m" && return 0
		die "module $m is neither in $moddir/modules.dep nor built in"
	fi
	# shellcheck disable=SC2013 # module paths have no spaces
	for d in $(awk -F: -v p="$p" '$1 == p { print $2; exit }' "$moddir/modules.dep"); do
		n=$(basename "$d" | sed 's/\.ko\(\.[a-z]*\)\{0,1\}$//; s/-/_/g')
		add_module "$n"
	done
	order="$order $m"
	paths="$paths $m:$p"
}
paths=
for m in $wanted; do
	if [ -z "$(mod_path "$m")" ] && is_builtin "$m"; then
		continue
	fi
	add_module "$m"
done

# Cache key: the init script, busybox, the module files and the order.
key=$({
	cat "$here/initramfs-init"
	sha256sum "$busybox"
	echo "$uname_ $order"
	for mp in $paths; do
		sha256sum "$moddir/${mp#*:}"
	done
} | sha256sum | cut -c1-16)
out=$cache/vm/initramfs/$uname_-$key.cpio.gz
if [ -s "$out" ]; then
	echo "$prog: cached $out (modules:$order)" >&2
	echo "$out"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/dev" "$work/proc" "$work/sys" "$work/lib/modules" \
	"$work/host" "$work/rw" "$work/newroot"
cp "$busybox" "$work/bin/busybox"
ln -s busybox "$work/bin/sh"
cp "$here/initramfs-init" "$work/init"
chmod 755 "$work/init"
# busybox insmod cannot read compressed modules; unpack them here.
for mp in $paths; do
	m=${mp%%:*}
	src=$moddir/${mp#*:}
	case $src in
	*.ko.xz) xz -dc "$src" > "$work/lib/modules/$m.ko" ;;
	*.ko.zst) zstd -qdc "$src" > "$work/lib/modules/$m.ko" ;;
	*.ko.gz) gzip -dc "$src" > "$work/lib/modules/$m.ko" ;;
	*.ko) cp "$src" "$work/lib/modules/$m.ko" ;;
	*) die "do not know how to unpack $src" ;;
	esac
	echo "$m" >> "$work/modules.order"
done
touch "$work/modules.order"

mkdir -p "$(dirname "$out")"
(cd "$work" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
# Older images for this kernel (other init script, busybox, ...) are dead.
for old in "$cache/vm/initramfs/$uname_"-*.cpio.gz; do
	[ "$old" = "$out" ] || rm -f "$old"
done
echo "$prog: built $out (modules:$order)" >&2
echo "$out"
