#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Install datapath flows and meters in bulk over generic netlink (the
# benchmark's; meters for the VM tests).  ovs-dpctl add-flow costs one
# process per flow, which under TCG is seconds per hundred; this sends
# OVS_FLOW_CMD_NEW (OVS_METER_CMD_SET) messages from one process, standard
# library only (no pyroute2).
#
#   ovs-flows.py DP IN_PORT OUT_PORT one [meter=ID]
#       one flow: in_port, any Ethernet, IPv4 not fragmented; rest wildcarded;
#       with meter=ID its packets go through meter ID before the output
#   ovs-flows.py DP IN_PORT OUT_PORT many N MASKS
#       N flows over MASKS distinct masks: flow j matches UDP from
#       10.0.0.0 + j + 1 (exact) to 10.1.0.1 under an IPv4 destination
#       prefix and a UDP destination port mask that depend on j % MASKS;
#       together they cover the packets tests/bench/10-bench.sh makes
#       pktgen send (source 10.0.0.1 .. 10.0.0.N, to 10.1.0.1 port 5000,
#       any UDP source port).  Masks beyond the first 100 use other port
#       masks (up to 819,200 masks)
#   ovs-flows.py DP IN_PORT OUT_PORT manybad N MASKS
#       the same packets covered by masks that merge badly into tuples:
#       destination prefixes of whole bytes (/8 .. /32), no port, and an
#       IP TOS mask 1 .. 255 (a field a tuple keeps exactly), so every
#       mask is its own tuple (up to 1,020 masks)
#   ovs-flows.py DP IN_PORT OUT_PORT tse N [stop]
#       a tuple space explosion (CVE-2019-25076): first the flow that
#       matters (UDP to 10.9.0.1, exact, any source), then a flood of N
#       flows, one mask each, that no classifier merges: flow j matches UDP
#       from 10.0.0.0 + j + 1 (exact) to 10.1.0.1 under a /8, /16, /24 or
#       /32 destination prefix and distinct IP TOS and TTL masks (up to
#       260,100 masks; the keys' TOS 0 and TTL 32 are pktgen's).  Refused
#       puts are counted, not fatal (with stop, the first ends the flood:
#       each refusal costs the in-tree module a kernel warning).  Prints
#       "ACCEPTED REFUSED UNTRIED" (flows, the one that matters included),
#       then the errno counts and the first refusal's message
#   ovs-flows.py DP IN_PORT OUT_PORT bulk add|del N MASKS
#       the flows of "many", each with a UFID as ovs-vswitchd gives them,
#       installed (add) or deleted by UFID (del) FLOW_BATCH requests a
#       datagram, the messages built before the clock starts; prints
#       "N SECONDS KERNEL_SECONDS": the count, the time the requests took
#       and the part of it this process spent in the kernel (system time)
#   ovs-flows.py DP IN_PORT listen
#       an upcall listener that never reads: points port IN_PORT's upcall
#       PID at a socket with a receive buffer of LISTEN_RCVBUF, prints that
#       socket's netlink port id and sleeps; on SIGTERM it points the port
#       back at PID 0 and exits (the upcalls queued meanwhile are dropped
#       with the socket)
#   ovs-flows.py DP IN_PORT OUT_PORT churn SECONDS N MASKS
#       for SECONDS, rounds of: the N flows of "many" added, modified (their
#       actions: output to OUT_PORT, to IN_PORT, none), deleted (even flows
#       by UFID, odd by key; every fourth round one flush instead), the
#       masks cache resized between phases; every round checks that a
#       duplicate add, a delete and a modify of a deleted flow and two bad
#       cache sizes are refused.  Ends with an empty table and the default
#       cache size (256); prints the counts and the seconds they took
#   ovs-flows.py DP cache SIZE
#       set the datapath's per-CPU masks cache size (0 turns it off, so
#       every packet walks the mask list)
#   ovs-flows.py DP meters set|del FIRST COUNT
#       create (delete) meters FIRST .. FIRST + COUNT - 1, each with one drop
#       band of 1 Gbit/s that the benchmark's packets never exceed: the
#       meters cost lookups and token arithmetic, never drops (a faster band
#       would overflow the in-tree module's 32-bit token arithmetic after
#       idle periods and make it drop)
#
# Prints the number of flows (meters) installed or deleted; exits non-zero
# on the first error (one, many: after printing how many were installed).

import errno
import os
import signal
import socket
import struct
import sys
import time

from ovs_genl import Genl, attrs, nla, nest, NLM_F_REQUEST, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL

OVS_DP_CMD_GET = 3
OVS_DP_CMD_SET = 4
OVS_DP_VERSION = 2
OVS_DP_ATTR_USER_FEATURES = 5
OVS_DP_ATTR_MASKS_CACHE_SIZE = 7
OVS_DP_ATTR_PER_CPU_PIDS = 8
OVS_DP_F_DISPATCH_UPCALL_PER_CPU = 1 << 3
OVS_FLOW_CMD_NEW = 1
OVS_FLOW_CMD_DEL = 2
OVS_FLOW_CMD_SET = 4
OVS_FLOW_VERSION = 1
OVS_FLOW_ATTR_KEY = 1
OVS_FLOW_ATTR_ACTIONS = 2
OVS_FLOW_ATTR_MASK = 7
OVS_FLOW_ATTR_UFID = 9
OVS_KEY_ATTR_IN_PORT = 3
OVS_KEY_ATTR_ETHERNET = 4
OVS_KEY_ATTR_ETHERTYPE = 6
OVS_KEY_ATTR_IPV4 = 7
OVS_KEY_ATTR_UDP = 10
OVS_ACTION_ATTR_OUTPUT = 1
OVS_ACTION_ATTR_METER = 19
OVS_METER_CMD_SET = 2
OVS_METER_CMD_DEL = 3
OVS_METER_VERSION = 1
OVS_METER_ATTR_ID = 1
OVS_METER_ATTR_KBPS = 2
OVS_METER_ATTR_BANDS = 4
OVS_BAND_ATTR_TYPE = 1
OVS_BAND_ATTR_RATE = 2
OVS_BAND_ATTR_BURST = 3
OVS_METER_BAND_TYPE_DROP = 1
METER_KBPS = 1000000
# Requests in flight at once on the meter socket: one round trip per batch
# instead of one per meter.  Each request queues a reply and an ack of about
# 1 KiB of buffer each (skb truesize); 128 overflowed the default 208 KiB
# receive buffer on 6.12 (ENOBUFS), 32 leave it three quarters free.
METER_BATCH = 32
OVS_FRAG_TYPE_NONE = 0
# Flow requests in flight at once: only acks come back (no reply without
# NLM_F_ECHO or a listener on the flow group), sized as for meters.
FLOW_BATCH = 32
# Sizes the churn cycles the masks cache through: off, the smallest, the
# largest both modules accept (32 KiB of 8-byte entries a CPU), others.
CACHE_SIZES = (0, 1, 4096, 16, 1024, 256)
CACHE_DEFAULT = 256

PORT_MASKS = (0xffff, 0xff00, 0xf000, 0x8000)
# Port masks of masks 100 and up: small values, none of PORT_MASKS.
PORT_MASKS_MAX = 0x8000
OVS_VPORT_CMD_GET = 3
OVS_VPORT_CMD_SET = 4
OVS_VPORT_ATTR_PORT_NO = 1
OVS_VPORT_ATTR_UPCALL_PID = 5
SO_RCVBUFFORCE = 33
# Upcalls queued while the benchmark's upcall case runs: a 60-byte packet's
# upcall takes about 1 to 2 KiB of buffer (skb truesize), and a few seconds
# at the guest's rate are tens of thousands of them.  The kernel doubles it.
LISTEN_RCVBUF = 160 << 20


def ipv4(addr):
    return socket.inet_aton(addr)


def prefix(bits):
    return struct.pack("!I", (0xffffffff << (32 - bits)) & 0xffffffff if bits else 0)


def cache_request(nl, fam, dp_ifindex, size):
    nl.request(fam, OVS_DP_CMD_SET, OVS_DP_VERSION,
               struct.pack("=i", dp_ifindex) +
               nla(OVS_DP_ATTR_MASKS_CACHE_SIZE, struct.pack("=I", size)))


def set_cache(dp, size):
    with open("/sys/class/net/%s/ifindex" % dp) as f:
        dp_ifindex = int(f.read())
    nl = Genl()
    cache_request(nl, nl.family("ovs_datapath"), dp_ifindex, size)
    print(size)


def meters(dp, what, first, count):
    with open("/sys/class/net/%s/ifindex" % dp) as f:
        dp_ifindex = int(f.read())
    nl = Genl()
    fam = nl.family("ovs_meter")
    ovs_header = struct.pack("=i", dp_ifindex)
    band = nest(OVS_METER_ATTR_BANDS,
                nest(0, nla(OVS_BAND_ATTR_TYPE, struct.pack("=I", OVS_METER_BAND_TYPE_DROP)),
                     nla(OVS_BAND_ATTR_RATE, struct.pack("=I", METER_KBPS)),
                     nla(OVS_BAND_ATTR_BURST, struct.pack("=I", METER_KBPS))))
    done = 0
    while done < count:
        batch = min(METER_BATCH, count - done)
        for i in range(batch):
            mid = nla(OVS_METER_ATTR_ID, struct.pack("=I", first + done + i))
            if what == "set":
                nl.send(fam, OVS_METER_CMD_SET, OVS_METER_VERSION,
                        ovs_header + mid + nla(OVS_METER_ATTR_KBPS, b"") + band)
            else:
                nl.send(fam, OVS_METER_CMD_DEL, OVS_METER_VERSION, ovs_header + mid)
        for i in range(batch):
            nl.wait_ack()
        done += batch
    print(count)


def many(common_key, common_mask, n, nmasks, bad=False):
    """The (key, mask) attribute lists of the "many" flow set; with bad,
    those of "manybad"."""
    if nmasks > 25 * PORT_MASKS_MAX or (bad and nmasks > 4 * 255):
        sys.exit("at most %d masks" % (4 * 255 if bad else 25 * PORT_MASKS_MAX))
    dst = struct.unpack("!I", ipv4("10.1.0.1"))[0]
    flows = []
    for j in range(n):
        m = j % nmasks
        bits, pmask = 8 + m % 25, PORT_MASKS[m // 25] if m // 25 < len(PORT_MASKS) else m // 25
        tos = 0
        if bad:
            bits, pmask, tos = 8 * (1 + m % 4), 0, 1 + m // 4
        dmask = struct.unpack("!I", prefix(bits))[0]
        src = struct.pack("!I", 0x0a000000 + j + 1)
        key = common_key + [
            nla(OVS_KEY_ATTR_IPV4, src + struct.pack("!I", dst & dmask) +
                struct.pack("=BBBB", 17, 0, 0, OVS_FRAG_TYPE_NONE)),
            nla(OVS_KEY_ATTR_UDP, struct.pack("!HH", 0, 5000 & pmask))]
        mask = common_mask + [
            nla(OVS_KEY_ATTR_IPV4, b"\xff" * 4 + struct.pack("!I", dmask) +
                struct.pack("=BBBB", 0xff, tos, 0, 0xff)),
            nla(OVS_KEY_ATTR_UDP, struct.pack("!HH", 0, pmask))]
        flows.append((key, mask))
    return flows


TSE_MASKS = 4 * 255 * 255
PKTGEN_TTL = 32


def tse(common_key, common_mask, n):
    """The (key, mask) attribute lists of "tse": the flow that matters
    first, then the flood."""
    if n > TSE_MASKS:
        sys.exit("at most %d flood flows" % TSE_MASKS)
    udp_key = nla(OVS_KEY_ATTR_UDP, struct.pack("!HH", 0, 0))
    udp_mask = nla(OVS_KEY_ATTR_UDP, struct.pack("!HH", 0, 0))
    flows = [(common_key + [nla(OVS_KEY_ATTR_IPV4, b"\0" * 4 + ipv4("10.9.0.1") +
                                struct.pack("=BBBB", 17, 0, 0, OVS_FRAG_TYPE_NONE)), udp_key],
              common_mask + [nla(OVS_KEY_ATTR_IPV4, b"\0" * 4 + b"\xff" * 4 +
                                 struct.pack("=BBBB", 0xff, 0, 0, 0xff)), udp_mask])]
    dst = struct.unpack("!I", ipv4("10.1.0.1"))[0]
    for j in range(n):
        tos, ttl, bits = 1 + j % 255, 1 + j // 255 % 255, 8 * (1 + j // (255 * 255))
        dmask = struct.unpack("!I", prefix(bits))[0]
        src = struct.pack("!I", 0x0a000000 + j + 1)
        key = common_key + [
            nla(OVS_KEY_ATTR_IPV4, src + struct.pack("!I", dst & dmask) +
                struct.pack("=BBBB", 17, 0, PKTGEN_TTL & ttl, OVS_FRAG_TYPE_NONE)), udp_key]
        mask = common_mask + [
            nla(OVS_KEY_ATTR_IPV4, b"\xff" * 4 + struct.pack("!I", dmask) +
                struct.pack("=BBBB", 0xff, tos, ttl, 0xff)), udp_mask]
        flows.append((key, mask))
    return flows


def tse_install(nl, fam, ovs_header, flows, actions, stop):
    """Installs the flows, counting refusals instead of stopping at the
    first (unless stop); the first flow, the one that matters, must go in."""
    done, errs, first = 0, {}, ""
    for j, (key, mask) in enumerate(flows):
        try:
            nl.request(fam, OVS_FLOW_CMD_NEW, OVS_FLOW_VERSION,
                       ovs_header + nest(OVS_FLOW_ATTR_KEY, *key) + nest(OVS_FLOW_ATTR_MASK, *mask) + actions,
                       NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
            done += 1
        except OSError as e:
            if j == 0:
                print(0, flush=True)
                sys.exit("the flow that matters was refused: %s" % e)
            name = errno.errorcode.get(e.errno, str(e.errno))
            errs[name] = errs.get(name, 0) + 1
            if not first:
                first = "first refused: flow %d of %d, %s" % (j + 1, len(flows), e)
            if stop:
                break
    refused = sum(errs.values())
    print(done, refused, len(flows) - done - refused)
    note = "; ".join("%s %d" % kv for kv in sorted(errs.items())) or "none refused"
    print(note + ("; " + first if first else ""))


def pipeline(nl, fam, cmd, payloads, flags=NLM_F_REQUEST | NLM_F_ACK):
    """Send the requests FLOW_BATCH at a time, then read their acks; the
    first refusal raises OSError."""
    for i in range(0, len(payloads), FLOW_BATCH):
        batch = payloads[i:i + FLOW_BATCH]
        for p in batch:
            nl.send(fam, cmd, OVS_FLOW_VERSION, p, flags)
        for _ in batch:
            nl.wait_ack()
    return len(payloads)


def bulk(nl, fam, dp_ifindex, flows, what, actions):
    hdr = struct.pack("=i", dp_ifindex)
    ufid = [nla(OVS_FLOW_ATTR_UFID, struct.pack("=IIII", 0x62656e63, 0x68, j >> 32, j & 0xffffffff))
            for j in range(len(flows))]
    if what == "add":
        cmd, flags = OVS_FLOW_CMD_NEW, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL
        payloads = [hdr + ufid[j] + nest(OVS_FLOW_ATTR_KEY, *k) + nest(OVS_FLOW_ATTR_MASK, *m) + actions
                    for j, (k, m) in enumerate(flows)]
    else:
        cmd, flags = OVS_FLOW_CMD_DEL, NLM_F_REQUEST | NLM_F_ACK
        payloads = [hdr + u for u in ufid]
    t0, k0 = time.monotonic(), os.times().system
    for i in range(0, len(payloads), FLOW_BATCH):
        batch = payloads[i:i + FLOW_BATCH]
        nl.send_many(fam, cmd, OVS_FLOW_VERSION, batch, flags)
        for _ in batch:
            nl.wait_ack()
    t1, k1 = time.monotonic(), os.times().system
    print("%d %.3f %.3f" % (len(payloads), t1 - t0, k1 - k0))


def listen(dp, port):
    with open("/sys/class/net/%s/ifindex" % dp) as f:
        dp_ifindex = int(f.read())
    nl = Genl()
    nl.sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, LISTEN_RCVBUF)
    pid = nl.sock.getsockname()[0]
    fam, version, _ = nl.family_info("ovs_vport")

    def point(sock, upcall_pid):
        sock.request(fam, OVS_VPORT_CMD_SET, version,
                     struct.pack("=i", dp_ifindex) + nla(OVS_VPORT_ATTR_PORT_NO, struct.pack("=I", port)) +
                     nla(OVS_VPORT_ATTR_UPCALL_PID, struct.pack("=I", upcall_pid)))

    def stop(signum, frame):
        # This socket's buffer is full of upcalls: the ack comes on another.
        point(Genl(), 0)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    point(nl, pid)
    # ovs-dpctl turns per-CPU upcall dispatch on where the module has it:
    # then the datapath's per-CPU PIDs are used, not the port's.  The
    # features are sent back as they are (a SET without them clears them).
    dpfam = nl.family("ovs_datapath")
    hdr = struct.pack("=i", dp_ifindex)
    features = 0
    for r in nl.request(dpfam, OVS_DP_CMD_GET, OVS_DP_VERSION, hdr):
        for t, v in attrs(r, 8):
            if t == OVS_DP_ATTR_USER_FEATURES:
                features = struct.unpack_from("=I", v)[0]
    if features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU:
        nl.request(dpfam, OVS_DP_CMD_SET, OVS_DP_VERSION,
                   hdr + nla(OVS_DP_ATTR_USER_FEATURES, struct.pack("=I", features)) +
                   nla(OVS_DP_ATTR_PER_CPU_PIDS, struct.pack("=%dI" % os.cpu_count(), *[pid] * os.cpu_count())))
    # The port must now name this socket, or the benchmark measures lost
    # upcalls instead of queued ones.
    got = []
    for r in nl.request(fam, OVS_VPORT_CMD_GET, version,
                        struct.pack("=i", dp_ifindex) + nla(OVS_VPORT_ATTR_PORT_NO, struct.pack("=I", port))):
        got += [struct.unpack_from("=I", p)[0] for t, p in attrs(r, 8) if t == OVS_VPORT_ATTR_UPCALL_PID]
    if got != [pid]:
        sys.exit("port %d's upcall PID is %s, not this socket's %d" % (port, got, pid))
    print(pid, flush=True)
    while True:
        signal.pause()


def expect_refusal(what, err, fn, *args):
    try:
        fn(*args)
    except OSError as e:
        if e.errno == err:
            return
        raise
    sys.exit("%s was accepted, expected %s" % (what, errno.errorcode[err]))


def cache_supported(nl, dpfam, dp_ifindex):
    """Whether the datapath reports a masks cache size (4.19's module has
    none and ignores the attribute)."""
    for r in nl.request(dpfam, OVS_DP_CMD_GET, OVS_DP_VERSION, struct.pack("=i", dp_ifindex)):
        for atype, _ in attrs(r, 8):
            if atype == OVS_DP_ATTR_MASKS_CACHE_SIZE:
                return True
    return False


def churn(nl, fam, dp_ifindex, flows, in_port, out_port, seconds):
    hdr = struct.pack("=i", dp_ifindex)
    dpfam = nl.family("ovs_datapath")
    with_cache = cache_supported(nl, dpfam, dp_ifindex)
    acts = [nest(OVS_FLOW_ATTR_ACTIONS, nla(OVS_ACTION_ATTR_OUTPUT, struct.pack("=I", p)))
            for p in (out_port, in_port)] + [nest(OVS_FLOW_ATTR_ACTIONS)]
    # Even flows carry a UFID (as vswitchd's do) and are deleted by it,
    # odd ones are found by their key: both lookups churn.
    ufid = [nla(OVS_FLOW_ATTR_UFID, struct.pack("=IIII", 0x6f76, 0x7363, 0x6875, j)) if j % 2 == 0 else b""
            for j in range(len(flows))]
    match = [nest(OVS_FLOW_ATTR_KEY, *k) + nest(OVS_FLOW_ATTR_MASK, *m) for k, m in flows]
    new = [hdr + ufid[j] + match[j] + acts[0] for j in range(len(flows))]
    mod = [[hdr + ufid[j] + match[j] + a for j in range(len(flows))] for a in acts[1:] + acts[:1]]
    dele = [hdr + (ufid[j] if j % 2 == 0 else nest(OVS_FLOW_ATTR_KEY, *flows[j][0])) for j in range(len(flows))]
    create = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL
    n = {"add": 0, "mod": 0, "del": 0, "flush": 0, "flushes": 0, "resize": 0}
    t = {"add": 0.0, "mod": 0.0, "del": 0.0}
    rounds, sizes = 0, 0

    def resize():
        nonlocal sizes
        if with_cache:
            cache_request(nl, dpfam, dp_ifindex, CACHE_SIZES[sizes % len(CACHE_SIZES)])
            sizes += 1
            n["resize"] += 1

    def timed(what, cmd, payloads, flags=NLM_F_REQUEST | NLM_F_ACK):
        t0 = time.monotonic()
        n[what] += pipeline(nl, fam, cmd, payloads, flags)
        t[what] += time.monotonic() - t0

    start = time.monotonic()
    while time.monotonic() - start < seconds:
        timed("add", OVS_FLOW_CMD_NEW, new, create)
        expect_refusal("adding an existing flow", errno.EEXIST,
                       nl.request, fam, OVS_FLOW_CMD_NEW, OVS_FLOW_VERSION, new[0], create)
        resize()
        timed("mod", OVS_FLOW_CMD_SET, mod[rounds % len(mod)])
        resize()
        if rounds % 4 == 3:
            nl.request(fam, OVS_FLOW_CMD_DEL, OVS_FLOW_VERSION, hdr)
            n["flush"] += len(flows)
            n["flushes"] += 1
        else:
            timed("del", OVS_FLOW_CMD_DEL, dele)
        resize()
        for j in range(min(2, len(flows))):
            expect_refusal("deleting a deleted flow", errno.ENOENT,
                           nl.request, fam, OVS_FLOW_CMD_DEL, OVS_FLOW_VERSION, dele[j])
            expect_refusal("modifying a deleted flow", errno.ENOENT,
                           nl.request, fam, OVS_FLOW_CMD_SET, OVS_FLOW_VERSION, mod[0][j])
        if with_cache:
            # Not a power of two; above the largest (the attribute's range).
            for bad, err in ((100, errno.EINVAL), (8192, errno.ERANGE)):
                expect_refusal("masks cache size %d" % bad, err,
                               cache_request, nl, dpfam, dp_ifindex, bad)
        rounds += 1
    if with_cache:
        cache_request(nl, dpfam, dp_ifindex, CACHE_DEFAULT)
    elapsed = time.monotonic() - start

    def rate(what):
        return "%d %s (%.0f/s)" % (n[what], {"add": "added", "mod": "modified", "del": "deleted"}[what],
                                   n[what] / t[what] if t[what] else 0)
    print("flows: %s, %s, %s, %d flushed by %d flushes; %s masks cache resizes; %d rounds in %.1f s"
          % (rate("add"), rate("mod"), rate("del"), n["flush"], n["flushes"],
             n["resize"] if with_cache else "no (unsupported)", rounds, elapsed))


def main(argv):
    if len(argv) == 4 and argv[2] == "cache":
        set_cache(argv[1], int(argv[3]))
        return
    if len(argv) == 6 and argv[2] == "meters" and argv[3] in ("set", "del"):
        meters(argv[1], argv[3], int(argv[4]), int(argv[5]))
        return
    if len(argv) == 4 and argv[3] == "listen":
        listen(argv[1], int(argv[2]))
        return
    if len(argv) < 5:
        sys.exit("usage: ovs-flows.py DP IN_PORT OUT_PORT one [meter=ID] | many|manybad N MASKS | tse N [stop]\n"
                 "       ovs-flows.py DP IN_PORT OUT_PORT bulk add|del N MASKS\n"
                 "       ovs-flows.py DP IN_PORT listen\n"
                 "       ovs-flows.py DP IN_PORT OUT_PORT churn SECONDS N MASKS\n"
                 "       ovs-flows.py DP cache SIZE\n"
                 "       ovs-flows.py DP meters set|del FIRST COUNT")
    dp, in_port, out_port, what = argv[1], int(argv[2]), int(argv[3]), argv[4]
    with open("/sys/class/net/%s/ifindex" % dp) as f:
        dp_ifindex = int(f.read())
    nl = Genl()
    fam = nl.family("ovs_flow")
    ovs_header = struct.pack("=i", dp_ifindex)
    meter = [nla(OVS_ACTION_ATTR_METER, struct.pack("=I", int(a[6:])))
             for a in argv[5:] if a.startswith("meter=")]
    actions = nest(OVS_FLOW_ATTR_ACTIONS, *meter, nla(OVS_ACTION_ATTR_OUTPUT, struct.pack("=I", out_port)))
    common_key = [nla(OVS_KEY_ATTR_IN_PORT, struct.pack("=I", in_port)),
                  nla(OVS_KEY_ATTR_ETHERNET, b"\0" * 12),
                  nla(OVS_KEY_ATTR_ETHERTYPE, struct.pack("!H", 0x0800))]
    common_mask = [nla(OVS_KEY_ATTR_IN_PORT, struct.pack("=I", 0xffffffff)),
                   nla(OVS_KEY_ATTR_ETHERNET, b"\0" * 12),
                   nla(OVS_KEY_ATTR_ETHERTYPE, struct.pack("!H", 0xffff))]
    if what == "one":
        key = common_key + [nla(OVS_KEY_ATTR_IPV4, b"\0" * 8 + struct.pack("=BBBB", 0, 0, 0, OVS_FRAG_TYPE_NONE))]
        mask = common_mask + [nla(OVS_KEY_ATTR_IPV4, b"\0" * 8 + struct.pack("=BBBB", 0, 0, 0, 0xff))]
        flows = [(key, mask)]
    elif what in ("many", "manybad"):
        flows = many(common_key, common_mask, int(argv[5]), int(argv[6]),
                     what == "manybad")
    elif what == "tse":
        tse_install(nl, fam, ovs_header, tse(common_key, common_mask, int(argv[5])), actions,
                    argv[6:] == ["stop"])
        return
    elif what == "bulk" and len(argv) == 8 and argv[5] in ("add", "del"):
        bulk(nl, fam, dp_ifindex, many(common_key, common_mask, int(argv[6]), int(argv[7])),
             argv[5], actions)
        return
    elif what == "churn":
        churn(nl, fam, dp_ifindex, many(common_key, common_mask, int(argv[6]), int(argv[7])),
              in_port, out_port, float(argv[5]))
        return
    else:
        sys.exit("unknown flow set '%s' (one, many, manybad, tse, bulk, churn)" % what)
    done = 0
    try:
        for key, mask in flows:
            nl.request(fam, OVS_FLOW_CMD_NEW, OVS_FLOW_VERSION,
                       ovs_header + nest(OVS_FLOW_ATTR_KEY, *key) + nest(OVS_FLOW_ATTR_MASK, *mask) + actions,
                       NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
            done += 1
    except OSError as e:
        # The count first: the benchmark reports how far a module got.
        print(done, flush=True)
        sys.exit("flow %d refused: %s" % (done + 1, e))
    print(len(flows))


if __name__ == "__main__":
    main(sys.argv)
