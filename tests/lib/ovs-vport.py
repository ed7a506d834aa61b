#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# The legacy tunnel vport types for the VM tests, as ovs-vswitchd asks a
# datapath for them when it cannot create the devices itself (ovs-dpctl
# add-if always creates them over rtnetlink first):
#   ovs-vport.py add DP NAME gre|vxlan|geneve [DST_PORT [gbp]]
#   ovs-vport.py del DP NAME
# OVS_VPORT_CMD_NEW / _DEL on the ovs_vport generic netlink family, with
# OVS_VPORT_ATTR_OPTIONS { OVS_TUNNEL_ATTR_DST_PORT, OVS_TUNNEL_ATTR_EXTENSION
# { OVS_VXLAN_EXT_GBP } }.  Prints the port as the datapath echoes it back
# (type and options); a refusal prints the kernel's errno and extack
# message and exits 1.

import socket
import struct
import sys

from ovs_genl import Genl, attrs, nla, NLM_F_REQUEST, NLM_F_ACK

NLM_F_ECHO = 8
OVS_VPORT_CMD_NEW, OVS_VPORT_CMD_DEL = 1, 2
OVS_VPORT_ATTR_TYPE, OVS_VPORT_ATTR_NAME = 2, 3
OVS_VPORT_ATTR_OPTIONS, OVS_VPORT_ATTR_UPCALL_PID = 4, 5
TYPES = {"gre": 3, "vxlan": 4, "geneve": 5}
OVS_TUNNEL_ATTR_DST_PORT, OVS_TUNNEL_ATTR_EXTENSION = 1, 2
OVS_VXLAN_EXT_GBP = 1


def main(argv):
    if len(argv) < 4 or argv[1] not in ("add", "del") or (argv[1] == "add" and len(argv) < 5):
        sys.exit("usage: ovs-vport.py add DP NAME gre|vxlan|geneve [DST_PORT [gbp]]\n"
                 "       ovs-vport.py del DP NAME")
    op, dp, name = argv[1:4]
    nl = Genl()
    fam, version, _ = nl.family_info("ovs_vport")
    # The datapath is named by its local port's ifindex.
    hdr = struct.pack("=i", socket.if_nametoindex(dp))
    body = nla(OVS_VPORT_ATTR_NAME, name.encode() + b"\0")
    if op == "add":
        body += nla(OVS_VPORT_ATTR_TYPE, struct.pack("=I", TYPES[argv[4]]))
        body += nla(OVS_VPORT_ATTR_UPCALL_PID, struct.pack("=I", 0))
        if len(argv) > 5:
            opts = nla(OVS_TUNNEL_ATTR_DST_PORT, struct.pack("=H", int(argv[5])))
            if "gbp" in argv[6:]:
                opts += nla(OVS_TUNNEL_ATTR_EXTENSION, nla(OVS_VXLAN_EXT_GBP, b""))
            body += nla(OVS_VPORT_ATTR_OPTIONS, opts)
        cmd = OVS_VPORT_CMD_NEW
    else:
        cmd = OVS_VPORT_CMD_DEL
    try:
        replies = nl.request(fam, cmd, version, hdr + body,
                             NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)
    except OSError as e:
        # "errno text: extack message" (ovs_genl) -> "errno text (message)"
        text, _, msg = e.strerror.partition(": ")
        print("%s %s: %s (%s)" % (op, name, text, msg))
        return 1
    out = "%s %s: ok" % (op, name)
    names = dict((v, k) for k, v in TYPES.items())
    for atype, val in attrs(replies[0] if replies else b"", 8):
        if atype == OVS_VPORT_ATTR_TYPE:
            t = struct.unpack_from("=I", val)[0]
            out += ", type %s" % names.get(t, t)
        elif atype == OVS_VPORT_ATTR_OPTIONS:
            for otype, oval in attrs(val):
                if otype == OVS_TUNNEL_ATTR_DST_PORT:
                    out += ", dst_port %d" % struct.unpack_from("=H", oval)
                elif otype == OVS_TUNNEL_ATTR_EXTENSION:
                    if any(et == OVS_VXLAN_EXT_GBP for et, _ in attrs(oval)):
                        out += ", gbp"
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
