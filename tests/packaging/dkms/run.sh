#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# DKMS test: the generated dkms.conf, then add / build / install / remove
# with Debian's dkms (3.0.10 on bookworm) for the installed Debian kernel,
# and "dkms autoinstall" for a second kernel (6.12 headers from
# bookworm-backports, unpacked, never installed).
#
#   tests/packaging/dkms/run.sh [--no-second-kernel] [--keep]
#
# Everything happens in a throwaway root: DKMS gets its own --dkmstree,
# --sourcetree and --installtree (a copy of /lib/modules/<uname> made of
# hard links), depmod and modinfo run with -b on it, and DKMS's MOK signing
# key is generated there.  The host's /lib/modules, /var/lib/dkms and
# /usr/src are checked to be untouched at the end.
#
# Prints "dkms: N passed, N failed"; exits non-zero on any failure.

set -u

top=$(cd "$(dirname "$0")/../../.." && pwd -P)
second=1
keep=0
for a in "$@"; do
	case $a in
	--no-second-kernel) second=0 ;;
	--keep) keep=1 ;;
	*) echo "usage: $0 [--no-second-kernel] [--keep]" >&2; exit 2 ;;
	esac
done

. "$top/tests/lib/results.sh"
finish() {
	t_summary dkms
	exit $?
}
now() { date +%s; }

[ "$(id -u)" = 0 ] || { echo "dkms: needs root (dkms, depmod)"; t_fail "run as root"; finish; }
"$top/scripts/install-deps.sh" dkms || { t_fail "install the dkms dependencies"; finish; }

name=$("$top/scripts/meta.sh" Name)
version=$("$top/scripts/meta.sh" Version)
cache=${OVS_CACHE:-/var/cache/ovs-datapath}

T=$(mktemp -d /tmp/ovs-dkms-test.XXXXXX)
# shellcheck disable=SC2317
cleanup() {
	if [ "$keep" = 1 ]; then echo "dkms: kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

root=$T/root
itree=$root/lib/modules
stree=$T/src
dtree=$T/dkms
mkdir -p "$itree" "$stree" "$dtree"
# DKMS signs what it builds when the kernel's sign-file exists; keep the
# key it generates in the sandbox, not in /var/lib/dkms.
export mok_signing_key="$T/mok.key" mok_certificate="$T/mok.pub"
trees="--dkmstree $dtree --sourcetree $stree --installtree $itree"
run_dkms() { # log file, dkms args...
	log=$1; shift
	# shellcheck disable=SC2086
	dkms "$@" $trees > "$log" 2>&1
}
status() { # kernel -> "added", "built", "installed" or ""
	# shellcheck disable=SC2086
	dkms status -m "$name" -v "$version" $trees 2>/dev/null |
		if [ -n "$1" ]; then grep -F ", $1, "; else grep -F "$name/$version: "; fi |
		sed -n 's/.*: *\([a-z]*\).*/\1/p' | head -n 1
}
resolved() { # kernel -> path modinfo resolves openvswitch to in the sandbox
	modinfo -b "$root" -k "$1" -n openvswitch 2>/dev/null
}
host_state() {
	for k in /lib/modules/*/; do
		printf '%s %s\n' "$k" "$(modinfo -k "$(basename "$k")" -n openvswitch 2>/dev/null)"
		md5sum "$k/modules.dep" 2>/dev/null
		[ -d "$k/updates/dkms" ] && find "$k/updates/dkms" -name 'openvswitch.ko*'
	done
	ls -A /var/lib/dkms 2>/dev/null
	ls -d /usr/src/"$name"-* 2>/dev/null
}
host_before=$(host_state)

# --- 1. the generated dkms.conf ---------------------------------------------
conf=$T/dkms.conf
"$top/scripts/dkms.sh" conf > "$conf"
t_cmd "dkms.conf names $name $version" \
	grep -q "^PACKAGE_NAME=\"$name\"" "$conf"
t_cmd "dkms.conf: AUTOINSTALL, BUILT_MODULE_NAME, DEST_MODULE_LOCATION" sh -c "
	grep -q '^AUTOINSTALL=\"yes\"' '$conf' &&
	grep -q '^BUILT_MODULE_NAME\[0\]=\"openvswitch\"' '$conf' &&
	grep -q '^DEST_MODULE_LOCATION\[0\]=\"/updates\"' '$conf'"
min=$("$top/scripts/meta.sh" Linux-Minimum)
max=$("$top/scripts/meta.sh" Linux-Maximum)
t_cmd "dkms.conf: kernel range $min .. $max from META" sh -c "
	grep -q '^BUILD_EXCLUSIVE_KERNEL_MIN=\"$min\"' '$conf' &&
	grep -q '^BUILD_EXCLUSIVE_KERNEL_MAX=\"$max.999\"' '$conf'"
# The regex as DKMS sees it (sourced by bash), against release strings.
regex_ok=$(bash -c '. "$1"; for k in 4.19.0+1 4.20.17 5.10.0-30-amd64 6.1.0-56-amd64 \
		6.12.95+deb12-amd64 7.2.0-1-amd64; do [[ $k =~ $BUILD_EXCLUSIVE_KERNEL ]] || echo "rejects $k"; done
	for k in 3.10.0+2 4.4.0+10 4.18.0-553.el8.x86_64 7.3.0-1-amd64 7.10.0 8.0.0; do
		[[ $k =~ $BUILD_EXCLUSIVE_KERNEL ]] && echo "accepts $k"; done; true' _ "$conf")
if [ -z "$regex_ok" ]; then t_pass "BUILD_EXCLUSIVE_KERNEL regex matches exactly $min .. $max.*"
else t_fail "BUILD_EXCLUSIVE_KERNEL regex: $regex_ok"; fi

# --- 2. sandbox root with the installed Debian kernel ----------------------
k1=
for d in /lib/modules/*/; do
	k=$(basename "$d")
	if [ -e "$d/build/include" ] && [ -f "$d/kernel/net/openvswitch/openvswitch.ko" ]; then
		k1=$k
	fi
done
if [ -z "$k1" ]; then
	t_fail "an installed Debian kernel with headers and an in-tree openvswitch.ko (install linux-image-amd64 linux-headers-amd64)"
	finish
fi
mkdir -p "$itree/$k1"
cp -al "/lib/modules/$k1/kernel" "$itree/$k1/" 2>/dev/null || cp -a "/lib/modules/$k1/kernel" "$itree/$k1/"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -f "/lib/modules/$k1/$f" ] && cp "/lib/modules/$k1/$f" "$itree/$k1/"
done
ln -s "$(readlink -f "/lib/modules/$k1/build")" "$itree/$k1/build"
depmod -b "$root" "$k1"
intree=$itree/$k1/kernel/net/openvswitch/openvswitch.ko
t_cmd "before DKMS, $k1 resolves openvswitch to the in-tree module" \
	test "$(resolved "$k1")" = "$intree"

# --- 3. make dkms (scripts/dkms.sh install) -> dkms add ---------------------
t0=$(now)
if "$top/scripts/dkms.sh" install --sourcetree "$stree" --dkmstree "$dtree" > "$T/add.log" 2>&1; then
	t_pass "scripts/dkms.sh install: sources in $stree/$name-$version, dkms add ($(($(now) - t0))s)"
else
	t_fail "scripts/dkms.sh install"; cat "$T/add.log"
fi
t_cmd "the source tree has dkms.conf, META and the build scripts" sh -c "
	cmp -s '$conf' '$stree/$name-$version/dkms.conf' &&
	test -f '$stree/$name-$version/META' -a -x '$stree/$name-$version/scripts/build.sh'"
t_cmd "dkms status: added" test "$(status "")" = added
# "make dkms" again (same version): replaces the copy, stays added.
if "$top/scripts/dkms.sh" install --sourcetree "$stree" --dkmstree "$dtree" \
	--installtree "$itree" > "$T/add2.log" 2>&1 && [ "$(status "")" = added ]; then
	t_pass "scripts/dkms.sh install again replaces the added copy"
else
	t_fail "scripts/dkms.sh install again"; cat "$T/add2.log"
fi

# --- 4. build and install for $k1 -------------------------------------------
t0=$(now)
if run_dkms "$T/build1.log" build -m "$name" -v "$version" -k "$k1"; then
	t_pass "dkms build -k $k1 ($(($(now) - t0))s)"
else
	t_fail "dkms build -k $k1"; tail -n 30 "$T/build1.log"
	find "$dtree" -name make.log -exec tail -n 40 {} \;
fi
t_cmd "dkms status: built for $k1" test "$(status "$k1")" = built
t0=$(now)
if run_dkms "$T/install1.log" install -m "$name" -v "$version" -k "$k1" --no-depmod &&
   depmod -b "$root" "$k1"; then
	t_pass "dkms install -k $k1, depmod ($(($(now) - t0))s)"
else
	t_fail "dkms install -k $k1"; cat "$T/install1.log"
fi
t_cmd "dkms status: installed for $k1" test "$(status "$k1")" = installed
# Debian's dkms puts modules in updates/dkms whatever dkms.conf says.
dkmsmod=$itree/$k1/updates/dkms/openvswitch.ko
t_cmd "modinfo resolves openvswitch on $k1 to the DKMS module $dkmsmod" \
	test "$(resolved "$k1")" = "$dkmsmod"
t_cmd "the DKMS module is ours: version $version, vermagic $k1" sh -c "
	test \"\$(modinfo -F version '$dkmsmod')\" = '$version' &&
	modinfo -F vermagic '$dkmsmod' | grep -q '^$k1 '"
t_cmd "the in-tree module is left in place (Debian's dkms does not move it)" test -f "$intree"
echo "--- dkms install output ---"; sed -n '/^openvswitch.ko/,$p' "$T/install1.log"

# --- 5. an out-of-range kernel is skipped, not failed -----------------------
kx=7.99.0-1-amd64
case $max in 7.99) kx=99.0.0 ;; esac
mkdir -p "$itree/$kx/build/include"
run_dkms "$T/excl.log" build -m "$name" -v "$version" -k "$kx"
rc=$?
if [ "$rc" = 77 ] && grep -q BUILD_EXCLUSIVE "$T/excl.log"; then
	t_pass "dkms build -k $kx (beyond Linux-Maximum $max) is skipped with exit 77"
else
	t_fail "dkms build -k $kx: exit $rc, expected 77 (BUILD_EXCLUSIVE)"; cat "$T/excl.log"
fi
rm -rf "${itree:?}/$kx"

# --- 6. a new kernel arrives: dkms autoinstall builds for it too -----------------------------------
if [ "$second" = 1 ]; then
	suite=bookworm-backports
	debs=$cache/dkms/debs
	mkdir -p "$debs"
	apt_suite=$top/scripts/apt-suite.sh
	hdr=$("$apt_suite" "$suite" newest 'linux-headers-6\.12\.[0-9]+\+deb12-amd64' 2>"$T/apt.log")
	ver=${hdr#linux-headers-}; ver=${ver%-amd64}
	k2=$ver-amd64
	if [ -z "$hdr" ]; then
		t_fail "find the newest 6.12 headers in $suite"; cat "$T/apt.log"
	else
		pkgs="linux-headers-$ver-amd64 linux-headers-$ver-common linux-kbuild-$ver"
		need=
		for p in $pkgs; do
			ls "$debs/${p}_"*.deb > /dev/null 2>&1 || need="$need $p"
		done
		t0=$(now)
		# shellcheck disable=SC2086
		[ -z "$need" ] || "$apt_suite" "$suite" download "$debs" $need > "$T/apt.log" 2>&1 ||
			{ t_fail "download$need from $suite"; cat "$T/apt.log"; }
		for p in $pkgs; do
			f=$(find "$debs" -maxdepth 1 -name "${p}_*.deb" | sort -V | tail -n 1)
			[ -n "$f" ] && dpkg -x "$f" "$root"
		done
		# The packages carry absolute paths: the headers' Makefile includes
		# the common tree and /lib/modules/<uname>/build points into /usr/src.
		hdir=$root/usr/src/linux-headers-$k2
		sed -i "s|/usr/src/linux-headers-$ver-common|$root/usr/src/linux-headers-$ver-common|" "$hdir/Makefile" 2>/dev/null
		mkdir -p "$itree/$k2"
		# What the kernel image package would bring; depmod wants them.
		for f in modules.order modules.builtin modules.builtin.modinfo; do
			: > "$itree/$k2/$f"
		done
		ln -sfn "$hdir" "$itree/$k2/build" 2>/dev/null
		ln -sfn "$root/usr/src/linux-headers-$ver-common" "$itree/$k2/source" 2>/dev/null
		if [ -f "$hdir/include/generated/utsrelease.h" ] && [ -e "$itree/$k2/build/include" ]; then
			t_pass "$k2 headers from $suite unpacked into the sandbox ($(($(now) - t0))s)"
		else
			t_fail "$k2 headers unpacked"
		fi
		t0=$(now)
		# Debian's dkms 3.0.10 looks for the tree in /lib/modules/<uname>/build
		# of the host, whatever --installtree says (later DKMS versions
		# look in the install tree): name it.
		if run_dkms "$T/auto.log" autoinstall -k "$k2" --kernelsourcedir "$hdir" --no-depmod &&
		   depmod -b "$root" "$k2"; then
			t_pass "dkms autoinstall -k $k2 ($(($(now) - t0))s)"
		else
			t_fail "dkms autoinstall -k $k2"; tail -n 30 "$T/auto.log"
			find "$dtree" -path "*$k2*" -name make.log -exec tail -n 40 {} \;
		fi
		t_cmd "dkms status: installed for $k2" test "$(status "$k2")" = installed
		m2=$itree/$k2/updates/dkms/openvswitch.ko
		t_cmd "modinfo resolves openvswitch on $k2 to the DKMS module" \
			test "$(resolved "$k2")" = "$m2"
		t_cmd "the $k2 module has vermagic $k2" sh -c "modinfo -F vermagic '$m2' | grep -q '^$k2 '"
	fi
fi

# --- 7. remove restores the in-tree module ----------------------------------
t0=$(now)
if run_dkms "$T/remove1.log" remove -m "$name" -v "$version" -k "$k1" --no-depmod &&
   depmod -b "$root" "$k1"; then
	t_pass "dkms remove -k $k1 ($(($(now) - t0))s)"
else
	t_fail "dkms remove -k $k1"; cat "$T/remove1.log"
fi
t_cmd "after dkms remove, $k1 resolves openvswitch to the in-tree module again" \
	test "$(resolved "$k1")" = "$intree"
t_cmd "no openvswitch.ko left under updates/ for $k1" \
	test -z "$(find "$itree/$k1" -path '*/updates/*' -name 'openvswitch.ko*')"
if [ "$second" = 1 ] && [ -n "${k2:-}" ]; then
	t_cmd "$k2 keeps its DKMS module when $k1's is removed" test "$(status "$k2")" = installed
else
	# DKMS 3 drops a module from its tree with its last kernel.
	t_cmd "dkms status: $name gone with its last kernel" test -z "$(status "")"
fi

# --- 8. remove everything; the host is untouched ----------------------------
if [ -n "$(status "")$(status "${k2:-none}")" ]; then
	if run_dkms "$T/remove-all.log" remove -m "$name" -v "$version" --all --no-depmod; then
		t_pass "dkms remove --all"
	else
		t_fail "dkms remove --all"; cat "$T/remove-all.log"
	fi
fi
t_cmd "the DKMS tree no longer knows $name" test -z "$(find "$dtree" -mindepth 1 -maxdepth 1 -name "$name")"
t_cmd "no openvswitch.ko left under any updates/ in the sandbox" \
	test -z "$(find "$itree" -path '*/updates/*' -name 'openvswitch.ko*')"
host_after=$(host_state)
t_cmd "host /lib/modules, /var/lib/dkms and /usr/src unchanged" test "$host_before" = "$host_after"

finish
