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
#       pktgen send (source 10.0.0.1 .. 10.0.0.N, to 10.1.0.1 port 5000).
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
# on the first error.

import socket
import struct
import sys

from ovs_genl import Genl, nla, nest, NLM_F_REQUEST, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL

OVS_DP_CMD_SET = 4
OVS_DP_VERSION = 2
OVS_DP_ATTR_MASKS_CACHE_SIZE = 7
OVS_FLOW_CMD_NEW = 1
OVS_FLOW_VERSION = 1
OVS_FLOW_ATTR_KEY = 1
OVS_FLOW_ATTR_ACTIONS = 2
OVS_FLOW_ATTR_MASK = 7
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

PORT_MASKS = (0xffff, 0xff00, 0xf000, 0x8000)


def ipv4(addr):
    return socket.inet_aton(addr)


def prefix(bits):
    return struct.pack("!I", (0xffffffff << (32 - bits)) & 0xffffffff if bits else 0)


def set_cache(dp, size):
    with open("/sys/class/net/%s/ifindex" % dp) as f:
        dp_ifindex = int(f.read())
    nl = Genl()
    nl.request(nl.family("ovs_datapath"), OVS_DP_CMD_SET, OVS_DP_VERSION,
               struct.pack("=i", dp_ifindex) +
               nla(OVS_DP_ATTR_MASKS_CACHE_SIZE, struct.pack("=I", size)))
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


def main(argv):
    if len(argv) == 4 and argv[2] == "cache":
        set_cache(argv[1], int(argv[3]))
        return
    if len(argv) == 6 and argv[2] == "meters" and argv[3] in ("set", "del"):
        meters(argv[1], argv[3], int(argv[4]), int(argv[5]))
        return
    if len(argv) < 5:
        sys.exit("usage: ovs-flows.py DP IN_PORT OUT_PORT one [meter=ID] | many N MASKS\n"
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
    flows = []
    if what == "one":
        key = common_key + [nla(OVS_KEY_ATTR_IPV4, b"\0" * 8 + struct.pack("=BBBB", 0, 0, 0, OVS_FRAG_TYPE_NONE))]
        mask = common_mask + [nla(OVS_KEY_ATTR_IPV4, b"\0" * 8 + struct.pack("=BBBB", 0, 0, 0, 0xff))]
        flows.append((key, mask))
    elif what == "many":
        n, nmasks = int(argv[5]), int(argv[6])
        if nmasks > 25 * len(PORT_MASKS):
            sys.exit("at most %d masks" % (25 * len(PORT_MASKS)))
        dst = struct.unpack("!I", ipv4("10.1.0.1"))[0]
        for j in range(n):
            m = j % nmasks
            bits, pmask = 8 + m % 25, PORT_MASKS[m // 25]
            dmask = struct.unpack("!I", prefix(bits))[0]
            src = struct.pack("!I", 0x0a000000 + j + 1)
            key = common_key + [
                nla(OVS_KEY_ATTR_IPV4, src + struct.pack("!I", dst & dmask) +
                    struct.pack("=BBBB", 17, 0, 0, OVS_FRAG_TYPE_NONE)),
                nla(OVS_KEY_ATTR_UDP, struct.pack("!HH", 0, 5000 & pmask))]
            mask = common_mask + [
                nla(OVS_KEY_ATTR_IPV4, b"\xff" * 4 + struct.pack("!I", dmask) +
                    struct.pack("=BBBB", 0xff, 0, 0, 0xff)),
                nla(OVS_KEY_ATTR_UDP, struct.pack("!HH", 0, pmask))]
            flows.append((key, mask))
    else:
        sys.exit("unknown flow set '%s' (one, many)" % what)
    for key, mask in flows:
        nl.request(fam, OVS_FLOW_CMD_NEW, OVS_FLOW_VERSION,
                   ovs_header + nest(OVS_FLOW_ATTR_KEY, *key) + nest(OVS_FLOW_ATTR_MASK, *mask) + actions,
                   NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
    print(len(flows))


if __name__ == "__main__":
    main(sys.argv)
