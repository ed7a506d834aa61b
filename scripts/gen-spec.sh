#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Print the RPM spec: packaging/openvswitch-modules-xen.spec.in with the
# version, release, module ABI and kernel range of META filled in.
#
#   scripts/gen-spec.sh > openvswitch-modules-xen.spec
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
meta=$top/scripts/meta.sh
"$meta" --fill "$top/packaging/openvswitch-modules-xen.spec.in"
