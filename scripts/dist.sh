#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Make the source tarball openvswitch-datapath-<version>.tar.gz that the RPM
# spec builds from, with the generated spec as xenserver/openvswitch-xen.spec:
# the path Open vSwitch's XenServer guide builds ("rpmbuild -bb
# xenserver/openvswitch-xen.spec" in the unpacked tarball).  It is the only
# spec in the tarball: "rpmbuild -tb <tarball>" refuses a tarball with two.
#
#   scripts/dist.sh [OUTPUT_DIR]        default: build/dist
#
# In a git checkout: the files git knows about plus untracked ones that
# .gitignore does not exclude, as they are in the work tree (uncommitted
# edits included); elsewhere every file but build/, .git and ./configure's
# config.mk.  Prints the tarball's path.

set -eu

top=$(cd "$(dirname "$0")/.." && pwd -P)
out=${1:-$top/build/dist}
version=$("$top/scripts/meta.sh" Version)
base=openvswitch-datapath-$version

mkdir -p "$out"
out=$(cd "$out" && pwd -P)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$base"

cd "$top"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files --cached --others --exclude-standard
else
	find . \( -path ./build -o -path ./.git \) -prune -o \( -type f -o -type l \) -print |
		sed 's|^\./||'
fi | while IFS= read -r f; do
	# Tracked files deleted in the work tree are not shipped.
	[ -e "$f" ] || [ -L "$f" ] || continue
	case $f in build/*|config.mk|xenserver/openvswitch-xen.spec) continue ;; esac
	printf '%s\n' "$f"
done | tar -cf - --no-recursion -T - | tar -xf - -C "$stage/$base"

mkdir -p "$stage/$base/xenserver"
"$top/scripts/gen-spec.sh" > "$stage/$base/xenserver/openvswitch-xen.spec"

# Reproducible: fixed owner, order and times.
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner \
	--mtime="@$(git log -1 --format=%ct 2>/dev/null || date +%s)" \
	-czf "$out/$base.tar.gz.tmp" "$base"
mv "$out/$base.tar.gz.tmp" "$out/$base.tar.gz"
echo "$out/$base.tar.gz"
