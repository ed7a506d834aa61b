#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Load, unload, load again, unload: each load must be our module, each
# unload must leave nothing behind (module, genetlink families, devices),
# and the kernel must stay quiet throughout.  A second load catches init
# code that only works once (state not reset by exit, double registration).

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

klog_mark start

step "first load"
ovs_load
echo "version $(cat /sys/module/openvswitch/version), refcnt $(cat /sys/module/openvswitch/refcnt)"
echo "generic netlink families: $(timeout 10 genl ctrl list | sed -n 's/^Name: \(ovs_[a-z_]*\).*/\1/p' | tr '\n' ' ')"

step "unload"
ovs_unload

step "second load"
ovs_load

step "second unload"
ovs_unload

step "the kernel log"
klog_assert_clean start "while loading and unloading"
pass "load, unload, load, unload; nothing left behind"
