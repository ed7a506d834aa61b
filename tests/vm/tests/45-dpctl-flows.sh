#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Flows through ovs-dpctl: keys with and without masks, UFIDs, and most
# action types go in with add-flow and come back out of dump-flows and
# get-flow; mod-flow, del-flow and del-flows change and remove them.
# Userspace must not be able to tell us from the in-tree module, so the
# transcript (every command's exit status and output, the dumps sorted) is
# compared with tests/vm/expected/dpctl-flows-<major.minor>.txt, recorded from Debian's
# in-tree module with `tests/vm/run.sh --reference`.  Requests the datapath
# must refuse (conntrack, tunnels: a later issue) are in it too.

# shellcheck source=SCRIPTDIR/../testlib.sh
. "$OVSVM_LIB"

# Recorded per kernel: the in-tree module's answers change between releases.
# Where ours answers differently from an old in-tree module by design (4.19:
# features newer than it, and its own dump bugs; tests/vm/README),
# dpctl-flows-<kernel>-ours.txt is what ours must answer there.
expected=$(dirname "$OVSVM_LIB")/expected/dpctl-flows-$OVSVM_KERNEL.txt
if [ "$OVSVM_MODE" = ours ] && [ -f "${expected%.txt}-ours.txt" ]; then
	expected=${expected%.txt}-ours.txt
fi
out=$OVSVM_RESULTS/dpctl-flows-$OVSVM_MODE.txt

ovs_load
klog_mark start
run ovs-dpctl add-dp dp0 || fail "ovs-dpctl add-dp dp0 failed"

: > "$out"
# Runs ovs-dpctl, appending the command, its exit status and its output
# (sorted: the dump order is the table's, which may differ) to the record.
rec() {
	local rc=0 text
	text=$(timeout -k 5 60 ovs-dpctl "$@" 2>&1) || rc=$?
	{
		echo "\$ ovs-dpctl $*"
		# Error texts carry the errno's string: keep them, drop pids.
		# Where a module lacks meters, ovs-dpctl says so: not a difference.
		text=$(echo "$text" | grep -v 'does not support meters' || true)
		echo "$text" | sed -E 's/^[0-9-]+T[0-9:.]+Z\|[0-9]+\|/LOG|/' | sort
		echo "exit $rc"
	} >> "$out"
}

e='eth(src=00:00:00:00:00:01,dst=00:00:00:00:00:02)'
ip4='ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,tos=0,ttl=64,frag=no)'

step "add flows"
rec add-flow dp0 "in_port(1),$e,eth_type(0x0800),$ip4,tcp(src=1000,dst=80),tcp_flags(0/0)" 2
rec add-flow dp0 "in_port(1),eth(src=00:00:00:00:00:01/ff:ff:ff:00:00:00,dst=00:00:00:00:00:03),eth_type(0x0800),ipv4(src=10.1.0.0/255.255.0.0,dst=10.2.0.0/255.255.255.0,proto=17/0xff,frag=no),udp(dst=53)" "set(ipv4(src=10.9.9.9)),2,3"
rec add-flow dp0 "in_port(2),$e,eth_type(0x0806),arp(sip=10.0.0.1,tip=10.0.0.2,op=1,sha=00:00:00:00:00:01,tha=00:00:00:00:00:00)" "push_vlan(vid=10,pcp=3),1"
rec add-flow dp0 "in_port(3),$e,eth_type(0x8100),vlan(vid=10,pcp=0),encap(eth_type(0x0800),ipv4(src=10.0.0.5,dst=10.0.0.6,proto=1,tos=0,ttl=64,frag=no),icmp(type=8,code=0))" "pop_vlan,1"
rec add-flow dp0 "in_port(4),$e,eth_type(0x88a8),vlan(vid=20,pcp=0),encap(eth_type(0x8100),vlan(vid=30,pcp=0),encap(eth_type(0x0800),ipv4(src=10.0.0.7,dst=10.0.0.8,proto=6,tos=0,ttl=64,frag=no),tcp(src=1,dst=2),tcp_flags(0/0)))" 1
rec add-flow dp0 "in_port(5),$e,eth_type(0x86dd),ipv6(src=2001:db8::1/ffff:ffff:ffff:ffff::,dst=2001:db8::2,label=0,proto=58,tclass=0,hlimit=255,frag=no),icmpv6(type=135,code=0),nd(target=2001:db8::2)" "userspace(pid=4242,userdata(01020304))"
rec add-flow dp0 "in_port(6),$e,eth_type(0x8847),mpls(label=100,tc=0,ttl=64,bos=1)" 1
rec add-flow dp0 "in_port(7),$e,eth_type(0x0800),ipv4(src=10.0.0.9,dst=10.0.0.10,proto=6,tos=0,ttl=64,frag=no),tcp(src=5,dst=6),tcp_flags(0x10)" 1
rec add-flow dp0 "recirc_id(0),in_port(8),$e,eth_type(0x0800),ipv4(src=10.0.0.11,dst=10.0.0.12,proto=17,tos=0,ttl=64,frag=no),udp(src=7,dst=8)" "recirc(5)"
rec add-flow dp0 "recirc_id(5),dp_hash(0x1/0xf),in_port(8),$e,eth_type(0x0800),ipv4(src=10.0.0.11,dst=10.0.0.12,proto=17,tos=0,ttl=64,frag=no),udp(src=7,dst=8)" "sample(sample=50.0%,actions(1)),clone(trunc(100),2),3"
rec add-flow dp0 "in_port(9),$e,eth_type(0x0800),ipv4(src=10.0.0.13,dst=10.0.0.14,proto=6,tos=0,ttl=64,frag=no),tcp(src=9,dst=10),tcp_flags(0x002/0x002)" "check_pkt_len(size=200,gt(1),le(2))"
rec add-flow dp0 "skb_priority(0x7),skb_mark(0x10/0xff),in_port(10),$e,eth_type(0x0800),ipv4(src=10.0.0.15,dst=10.0.0.16,proto=6,tos=0,ttl=64,frag=no),tcp(src=11,dst=12),tcp_flags(0/0)" "set(tcp(dst=8080)),set(eth(src=00:00:00:00:00:0a,dst=00:00:00:00:00:0b)),1"
rec add-flow dp0 "ufid:11111111-2222-3333-4444-555555555555,in_port(11),$e,eth_type(0x0800),ipv4(src=10.0.0.17,dst=10.0.0.18,proto=132,tos=0,ttl=64,frag=no),sctp(src=13,dst=14)" 1
rec add-flow dp0 "in_port(12),$e,eth_type(0x0800),ipv4(src=10.0.0.19,dst=10.0.0.20,proto=17,tos=0,ttl=64,frag=first),udp(src=15,dst=16)" 1
rec add-flow dp0 "in_port(13),$e,eth_type(0x0800),ipv4(src=10.0.0.21,dst=10.0.0.22,proto=17,tos=0,ttl=64,frag=later)" 1

step "refusals"
# The same flow again: it exists.
rec add-flow dp0 "in_port(1),$e,eth_type(0x0800),$ip4,tcp(src=1000,dst=80),tcp_flags(0/0)" 2
# L4 fields without their protocol, IPv4 fields on an ARP key.
rec add-flow dp0 "in_port(22),$e,eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no),tcp(src=1,dst=2)" 1
rec add-flow dp0 "in_port(23),$e,eth_type(0x0806),arp(sip=10.0.0.1,tip=10.0.0.2,op=1,sha=00:00:00:00:00:01,tha=00:00:00:00:00:00)" "set(ipv4(src=1.1.1.1,dst=2.2.2.2,proto=6,tos=0,ttl=1,frag=no)),1"
# trunc below an Ethernet header.
rec add-flow dp0 "in_port(24),$e,eth_type(0x0800),$ip4,tcp(src=1,dst=3),tcp_flags(0/0)" "trunc(10),1"

step "dump, get, modify, delete"
rec dump-flows dp0
rec get-flow dp0 ufid:11111111-2222-3333-4444-555555555555
rec mod-flow dp0 "in_port(1),$e,eth_type(0x0800),$ip4,tcp(src=1000,dst=80),tcp_flags(0/0)" 3
rec mod-flow --clear dp0 "in_port(12),$e,eth_type(0x0800),ipv4(src=10.0.0.19,dst=10.0.0.20,proto=17,tos=0,ttl=64,frag=first),udp(src=15,dst=16)" 4
rec del-flow dp0 "in_port(13),$e,eth_type(0x0800),ipv4(src=10.0.0.21,dst=10.0.0.22,proto=17,tos=0,ttl=64,frag=later)"
rec del-flow dp0 ufid:11111111-2222-3333-4444-555555555555
rec del-flow dp0 "in_port(99),$e,eth_type(0x0800),$ip4,tcp(src=1,dst=4),tcp_flags(0/0)"
rec dump-flows dp0
rec del-flows dp0
rec dump-flows dp0

# A meter action is accepted whether its meter exists or not, as in-tree.
step "meter(1), with no such meter, accepted"
run ovs-dpctl add-flow dp0 "in_port(21),$e,eth_type(0x0800),$ip4,tcp(src=1,dst=2),tcp_flags(0/0)" "meter(1),1" ||
	fail "the datapath refused meter(1)"
run ovs-dpctl dump-flows dp0 | grep -F 'actions:meter(1),1' || fail "meter(1) did not come back"

# ct() is accepted and comes back as it went in, as in-tree.  The
# transcripts were recorded before the datapath had conntrack, so this is
# checked here, against the same answer in both modes.
step "ct(commit) and ct_clear,ct(zone=5) accepted and dumped back"
for req in "in_port(20),$e,eth_type(0x0800),$ip4,tcp(src=1,dst=1),tcp_flags(0/0)|ct(commit),1" \
	   "in_port(22),$e,eth_type(0x0800),$ip4,tcp(src=1,dst=3),tcp_flags(0/0)|ct_clear,ct(zone=5),1"; do
	run ovs-dpctl add-flow dp0 "${req%%|*}" "${req#*|}" ||
		fail "the datapath refused ${req#*|}"
done
dump=$(run ovs-dpctl dump-flows dp0) || fail "dump-flows failed"
echo "$dump"
for acts in 'ct(commit),1' 'ct_clear,ct(zone=5),1'; do
	echo "$dump" | grep -qF "actions:$acts" || fail "$acts did not come back"
done
run ovs-dpctl del-flows dp0 || fail "del-flows failed"
klog_assert_clean start "by the flow requests"

step "compare with the in-tree module's transcript"
cat "$out"
if [ ! -s "$expected" ]; then
	[ "$OVSVM_MODE" = reference ] ||
		fail "no $(basename "$expected"): record it from a --reference run on this kernel"
	echo "reference mode, nothing to compare with yet: transcript recorded in $out"
elif ! diff -u "$expected" "$out"; then
	fail "ovs-dpctl saw a difference from the in-tree module (diff above)"
fi

run ovs-dpctl del-dp dp0 || fail "ovs-dpctl del-dp dp0 failed"
ovs_unload
klog_assert_clean start
pass "flows in and out as the in-tree module does them"
