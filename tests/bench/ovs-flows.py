#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Install the benchmark's datapath flows in bulk over generic netlink.
# ovs-dpctl add-flow costs one process per flow, which under TCG is
# seconds per hundred; this sends OVS_FLOW_CMD_NEW messages from one
# process, standard library only (no pyroute2).
#
#   ovs-flows.py DP IN_PORT OUT_PORT one
#       one flow: in_port, any Ethernet, IPv4 not fragmented; rest wildcarded
#   ovs-flows.py DP IN_PORT OUT_PORT many N MASKS
#       N flows over MASKS distinct masks: flow j matches UDP from
#       10.0.0.0 + j + 1 (exact) to 10.1.0.1 under an IPv4 destination
#       prefix and a UDP destination port mask that depend on j % MASKS;
#       together they cover the packets tests/bench/10-bench.sh makes
#       pktgen send (source 10.0.0.1 .. 10.0.0.N, to 10.1.0.1 port 5000).
#   ovs-flows.py DP cache SIZE
#       set the datapath's per-CPU masks cache size (0 turns it off, so
#       every packet walks the mask list)
#
# Prints the number of flows installed; exits non-zero on the first error.

import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400
NLMSG_ERROR = 2
NLA_F_NESTED = 0x8000

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
OVS_FRAG_TYPE_NONE = 0

PORT_MASKS = (0xffff, 0xff00, 0xf000, 0x8000)


def nla(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    pad = b"\0" * ((4 - len(payload) % 4) % 4)
    return hdr + payload + pad


def nest(atype, *attrs):
    return nla(atype | NLA_F_NESTED, b"".join(attrs))


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.bind((0, 0))
        self.seq = 0

    def request(self, family, cmd, version, payload, flags=NLM_F_REQUEST | NLM_F_ACK):
        self.seq += 1
        body = struct.pack("=BBH", cmd, version, 0) + payload
        msg = struct.pack("=IHHII", 16 + len(body), family, flags, self.seq, 0) + body
        self.sock.send(msg)
        replies = []
        while True:
            data = self.sock.recv(65536)
            off = 0
            while off < len(data):
                length, mtype, _, seq, _ = struct.unpack_from("=IHHII", data, off)
                if mtype == NLMSG_ERROR:
                    err = struct.unpack_from("=i", data, off + 16)[0]
                    if err:
                        raise OSError(-err, os.strerror(-err))
                    return replies
                replies.append(data[off + 16:off + length])
                off += (length + 3) & ~3

    def family(self, name):
        for r in self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1,
                              nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")):
            off = 4
            while off < len(r):
                alen, atype = struct.unpack_from("=HH", r, off)
                if atype == CTRL_ATTR_FAMILY_ID:
                    return struct.unpack_from("=H", r, off + 4)[0]
                off += (alen + 3) & ~3
        raise OSError("no generic netlink family " + name)


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


def main(argv):
    if len(argv) == 4 and argv[2] == "cache":
        set_cache(argv[1], int(argv[3]))
        return
    if len(argv) < 5:
        sys.exit("usage: ovs-flows.py DP IN_PORT OUT_PORT one | many N MASKS\n"
                 "       ovs-flows.py DP cache SIZE")
    dp, in_port, out_port, what = argv[1], int(argv[2]), int(argv[3]), argv[4]
    with open("/sys/class/net/%s/ifindex" % dp) as f:
        dp_ifindex = int(f.read())
    nl = Genl()
    fam = nl.family("ovs_flow")
    ovs_header = struct.pack("=i", dp_ifindex)
    actions = nest(OVS_FLOW_ATTR_ACTIONS, nla(OVS_ACTION_ATTR_OUTPUT, struct.pack("=I", out_port)))
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
