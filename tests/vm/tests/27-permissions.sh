#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Who may drive the datapath: CAP_NET_ADMIN over the datapath's network
# namespace, as in-tree.  genl-perms.py sends every command of every family
# (as the kernel lists them) and checks which are refused with EPERM:
#   - an unprivileged user (nobody, no capabilities): every command that
#     changes something refused, the read-only ones (GET and its dump,
#     meter FEATURES) answered;
#   - the same user as root of its own user namespace, still in the
#     initial network namespace: refused the same way (its capabilities
#     do not reach a namespace it does not own), and `ovs-dpctl del-dp`
#     of the initial namespace's datapath fails;
#   - that user with a user namespace AND a network namespace of its own:
#     nothing refused, and it makes a datapath with an internal port and a
#     flow there, and deletes it.
# After each, the initial namespace's datapath still has its port and flow.

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

perms=$(dirname "$OVSVM_LIB")/tests/genl-perms.py
dp=permdp0
flow='in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)'
# ovs_ct_limit exists where the kernel has nf_conncount (not XenServer
# 8's 4.19), in either module.
opt=()
modinfo nf_conncount > /dev/null 2>&1 || opt=(--optional ovs_ct_limit)

# What follows it runs as uid/gid 65534 with no capabilities.
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all)

# The initial namespace's datapath as it was made: port 1 and one flow.
dp_intact() {
	local out
	out=$(ovs-dpctl show "$dp" 2>&1) || { echo "$out"; return 1; }
	echo "$out" | grep -q 'port 1: permi1 (internal)' || { echo "$out"; return 1; }
	[ "$(ovs-dpctl dump-flows "$dp" | grep -c 'in_port(1)')" = 1 ]
}

ovs_load
klog_mark start

step "a datapath in the initial namespace, with a port and a flow"
run ovs-dpctl add-dp "$dp" || fail "add-dp $dp failed"
run ovs-dpctl add-if "$dp" permi1,type=internal || fail "add-if permi1 failed"
run ovs-dpctl add-flow "$dp" "$flow" 1 || fail "add-flow failed"
ifindex=$(cat "/sys/class/net/$dp/ifindex") || fail "no ifindex for $dp"
dp_intact || fail "the datapath is not as made"

step "an unprivileged user: every mutating command refused with EPERM"
RUN_TIMEOUT=60 run "${nobody[@]}" /usr/bin/python3 "$perms" refused "$ifindex" "${opt[@]}" ||
	fail "an unprivileged user's requests were not answered as in-tree (see above)"
dp_intact || fail "an unprivileged user changed the datapath"

step "root of its own user namespace, in the initial network namespace: refused too"
RUN_TIMEOUT=60 run "${nobody[@]}" unshare -U -r /usr/bin/python3 "$perms" refused "$ifindex" "${opt[@]}" ||
	fail "a user namespace's root was let in to the initial namespace's datapath"
if run "${nobody[@]}" unshare -U -r ovs-dpctl del-dp "$dp"; then
	fail "a user namespace's root deleted the initial namespace's datapath"
fi
dp_intact || fail "a user namespace's root changed the datapath"

step "a user and network namespace of its own: the user manages a datapath there"
RUN_TIMEOUT=90 run "${nobody[@]}" unshare -U -r -n sh -ec "
	/usr/bin/python3 '$perms' allowed 0 ${opt[*]}
	ovs-dpctl add-dp userdp
	ovs-dpctl add-if userdp useri1,type=internal
	ovs-dpctl add-flow userdp '$flow' 1
	ovs-dpctl show userdp | grep -q 'port 1: useri1 (internal)'
	ovs-dpctl dump-flows userdp | grep -q 'in_port(1)'
	ovs-dpctl del-dp userdp
	! ovs-dpctl show userdp 2> /dev/null" ||
	fail "the owner of a user and network namespace could not manage a datapath in it"
dp_intact || fail "the other namespace's datapath changed this one"

step "unload"
run ovs-dpctl del-dp "$dp" || fail "del-dp $dp failed"
ovs_unload
klog_assert_clean start
pass "mutating commands need CAP_NET_ADMIN over the datapath's namespace; read-only ones do not"
