# SPDX-License-Identifier: GPL-2.0-only
#
# The legacy tunnel vport types for the VM tests, as ovs-vswitchd asks a
# datapath for them when it cannot create the devices itself (ovs-dpctl
# add-if always creates them over rtnetlink first):
#   ovs-vport.py add DP NAME gre|vxlan|geneve [DST_PORT [gbp]]
#   ovs-vport.py del DP NAME
# OVS_VPORT_CMD_NEW / _DEL on the ovs_vport generic netlink family, with
# OVS_VPORT_ATTR_OPTIONS { OVS_TUNNEL_ATTR_DST_PORT, OVS_TUNNEL_ATTR_EXTENSION
# { OVS_VXLAN_EXT_GBP } }.  Standard library only: under TCG pyroute2's
# import alone takes many seconds.  A refusal prints the kernel's errno and
# extack message and exits 1.
import os, socket, struct, sys

NLM_F_REQUEST, NLM_F_ACK, NLM_F_ECHO = 1, 4, 8
NLMSG_ERROR = 2
SOL_NETLINK, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 270, 10, 11
NLMSGERR_ATTR_MSG = 1
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
OVS_VPORT_CMD_NEW, OVS_VPORT_CMD_DEL = 1, 2
OVS_VPORT_ATTR_TYPE, OVS_VPORT_ATTR_NAME = 2, 3
OVS_VPORT_ATTR_OPTIONS, OVS_VPORT_ATTR_UPCALL_PID = 4, 5
TYPES = {"gre": 3, "vxlan": 4, "geneve": 5}
OVS_TUNNEL_ATTR_DST_PORT, OVS_TUNNEL_ATTR_EXTENSION = 1, 2
OVS_VXLAN_EXT_GBP = 1


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("HH", n, t) + payload + b"\0" * (-n % 4)


def attrs(buf):
    while len(buf) >= 4:
        n, t = struct.unpack_from("HH", buf)
        if n < 4:
            break
        yield t & 0x3FFF, buf[4:n]
        buf = buf[(n + 3) & ~3:]


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
        self.s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.bind((0, 0))
        self.pid = self.s.getsockname()[0]
        self.seq = 0

    # Returns (error, extack message, first non-ack reply payload).
    def call(self, family, cmd, version, hdr, body, flags=0):
        self.seq += 1
        payload = struct.pack("BBH", cmd, version, 0) + hdr + body
        self.s.send(struct.pack("IHHII", 16 + len(payload), family,
                                NLM_F_REQUEST | NLM_F_ACK | flags, self.seq,
                                0) + payload)
        reply = None
        while True:
            data = self.s.recv(65536)
            while len(data) >= 16:
                n, t, _, seq, _ = struct.unpack_from("IHHII", data)
                msg, data = data[16:n], data[(n + 3) & ~3:]
                if seq != self.seq:
                    continue
                if t != NLMSG_ERROR:
                    reply = msg
                    continue
                err = struct.unpack_from("i", msg)[0]
                text = ""
                for at, val in attrs(msg[20:]):
                    if at == NLMSGERR_ATTR_MSG:
                        text = val.rstrip(b"\0").decode()
                return err, text, reply

    def family(self, name):
        err, text, reply = self.call(
            GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, b"",
            attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err or reply is None:
            sys.exit("no generic netlink family %s: %s" % (name, err))
        for at, val in attrs(reply[4:]):
            if at == CTRL_ATTR_FAMILY_ID:
                return struct.unpack("H", val[:2])[0]
        sys.exit("no id for family %s" % name)


def main():
    op, dp, name = sys.argv[1:4]
    g = Genl()
    fam = g.family("ovs_vport")
    # The datapath is named by its local port's ifindex.
    hdr = struct.pack("i", socket.if_nametoindex(dp))
    body = attr(OVS_VPORT_ATTR_NAME, name.encode() + b"\0")
    if op == "add":
        body += attr(OVS_VPORT_ATTR_TYPE, struct.pack("I", TYPES[sys.argv[4]]))
        body += attr(OVS_VPORT_ATTR_UPCALL_PID, struct.pack("I", 0))
        if len(sys.argv) > 5:
            opts = attr(OVS_TUNNEL_ATTR_DST_PORT,
                        struct.pack("H", int(sys.argv[5])))
            if "gbp" in sys.argv[6:]:
                opts += attr(OVS_TUNNEL_ATTR_EXTENSION,
                             attr(OVS_VXLAN_EXT_GBP, b""))
            body += attr(OVS_VPORT_ATTR_OPTIONS, opts)
        cmd = OVS_VPORT_CMD_NEW
    elif op == "del":
        cmd = OVS_VPORT_CMD_DEL
    else:
        sys.exit("unknown operation %s" % op)
    err, text, reply = g.call(fam, cmd, 1, hdr, body, NLM_F_ECHO)
    if err:
        print("%s %s: %s (%s)" % (op, name, os.strerror(-err), text))
        sys.exit(1)
    print("%s %s: ok" % (op, name), end="")
    # The port as the datapath reports it: type and options.
    names = dict((v, k) for k, v in TYPES.items())
    for at, val in attrs((reply or b"")[8:]):
        if at == OVS_VPORT_ATTR_TYPE:
            t = struct.unpack("I", val[:4])[0]
            print(", type %s" % names.get(t, t), end="")
        elif at == OVS_VPORT_ATTR_OPTIONS:
            for ot, ov in attrs(val):
                if ot == OVS_TUNNEL_ATTR_DST_PORT:
                    print(", dst_port %d" % struct.unpack("H", ov[:2]), end="")
                elif ot == OVS_TUNNEL_ATTR_EXTENSION:
                    for et, _ in attrs(ov):
                        if et == OVS_VXLAN_EXT_GBP:
                            print(", gbp", end="")
    print()


main()
