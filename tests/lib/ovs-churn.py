#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Ports, datapaths and network namespaces made and destroyed in one
# long-lived process, for VM test 37 (churn).  Under TCG starting a
# process (ovs-dpctl, ip) costs about a second, which kept these rates
# near 0.1/s; here every operation is one netlink request.
#
#   ovs-churn.py DP SECONDS
#
# For SECONDS, rounds of (k counts rounds):
#   ports on DP: a veth cva<k>/cvb<k> made over rtnetlink and added as a
#       netdev port, an internal port cvi<k> added; cvi<k> deleted by
#       name; cva<k> deleted by port number (odd rounds) or its device
#       deleted under the port (even rounds: the port leaves through the
#       netdevice notifier);
#   a datapath cdp<k> made in this namespace, a second one of the same
#       name refused (EEXIST), cdp<k> deleted;
#   a new network namespace (unshare) holding a datapath nsdp with an
#       internal port i0, made through a socket opened inside it; the
#       namespace is then given up by closing that socket, after deleting
#       nsdp (even rounds) or with nsdp still in it (odd rounds: the
#       namespace's teardown deletes it).
# Prints "RESULT ports|datapaths|namespaces COUNT SECONDS" (the lines 37
# reads; the three share the SECONDS, taking turns) and exits non-zero
# on the first unexpected answer.

import ctypes
import errno
import os
import socket
import struct
import sys
import time

from ovs_genl import Genl, attrs, nla, NLM_F_REQUEST, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL

NLM_F_ECHO = 8
CLONE_NEWNET = 0x40000000
OVS_DP_CMD_NEW, OVS_DP_CMD_DEL = 1, 2
OVS_DP_ATTR_NAME, OVS_DP_ATTR_UPCALL_PID = 1, 2
OVS_VPORT_CMD_NEW, OVS_VPORT_CMD_DEL = 1, 2
OVS_VPORT_ATTR_PORT_NO, OVS_VPORT_ATTR_TYPE = 1, 2
OVS_VPORT_ATTR_NAME, OVS_VPORT_ATTR_UPCALL_PID = 3, 5
OVS_VPORT_TYPE_NETDEV, OVS_VPORT_TYPE_INTERNAL = 1, 2
RTM_NEWLINK, RTM_DELLINK = 16, 17
IFLA_IFNAME, IFLA_LINKINFO = 3, 18
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
VETH_INFO_PEER = 1
ECHO = NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO

libc = ctypes.CDLL(None, use_errno=True)


def name(s):
    return s.encode() + b"\0"


def ifinfo():
    return struct.pack("=BxHiII", socket.AF_UNSPEC, 0, 0, 0, 0)


class Ovs:
    """The ovs families on a socket of the namespace it was made in."""

    def __init__(self):
        self.nl = Genl()
        self.dp_fam, self.dp_ver, _ = self.nl.family_info("ovs_datapath")
        self.vp_fam, self.vp_ver, _ = self.nl.family_info("ovs_vport")

    def dp_new(self, dp):
        """The new datapath's ifindex (its local port's)."""
        r = self.nl.request(self.dp_fam, OVS_DP_CMD_NEW, self.dp_ver,
                            struct.pack("=i", 0) + nla(OVS_DP_ATTR_NAME, name(dp)) +
                            nla(OVS_DP_ATTR_UPCALL_PID, struct.pack("=I", 0)), ECHO)
        return struct.unpack_from("=i", r[0], 4)[0]

    def dp_del(self, dp):
        self.nl.request(self.dp_fam, OVS_DP_CMD_DEL, self.dp_ver,
                        struct.pack("=i", 0) + nla(OVS_DP_ATTR_NAME, name(dp)))

    def port_new(self, dp_ifindex, port, vtype):
        """The new port's number."""
        r = self.nl.request(self.vp_fam, OVS_VPORT_CMD_NEW, self.vp_ver,
                            struct.pack("=i", dp_ifindex) +
                            nla(OVS_VPORT_ATTR_NAME, name(port)) +
                            nla(OVS_VPORT_ATTR_TYPE, struct.pack("=I", vtype)) +
                            nla(OVS_VPORT_ATTR_UPCALL_PID, struct.pack("=I", 0)), ECHO)
        for atype, val in attrs(r[0], 8):
            if atype == OVS_VPORT_ATTR_PORT_NO:
                return struct.unpack_from("=I", val)[0]
        raise OSError(errno.EPROTO, "vport new: no port number in the reply")

    def port_del(self, dp_ifindex, port=None, port_no=None):
        attr = (nla(OVS_VPORT_ATTR_NAME, name(port)) if port is not None else
                nla(OVS_VPORT_ATTR_PORT_NO, struct.pack("=I", port_no)))
        self.nl.request(self.vp_fam, OVS_VPORT_CMD_DEL, self.vp_ver,
                        struct.pack("=i", dp_ifindex) + attr)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET):
        e = ctypes.get_errno()
        raise OSError(e, "setns: " + os.strerror(e))


def unshare_net():
    if libc.unshare(CLONE_NEWNET):
        e = ctypes.get_errno()
        raise OSError(e, "unshare: " + os.strerror(e))


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: ovs-churn.py DP SECONDS")
    dp, seconds = argv[1], float(argv[2])
    ovs = Ovs()
    rt = Genl(socket.NETLINK_ROUTE)
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    dp_ifindex = socket.if_nametoindex(dp)
    ports = dps = nss = 0
    start = time.monotonic()
    k = 0
    what = "start"
    try:
        while time.monotonic() - start < seconds:
            veth, peer, internal = "cva%d" % k, "cvb%d" % k, "cvi%d" % k
            what = "veth %s" % veth
            rt.request_raw(RTM_NEWLINK, ifinfo() + nla(IFLA_IFNAME, name(veth)) +
                           nla(IFLA_LINKINFO, nla(IFLA_INFO_KIND, name("veth")) +
                               nla(IFLA_INFO_DATA, nla(VETH_INFO_PEER, ifinfo() +
                                                       nla(IFLA_IFNAME, name(peer))))),
                           NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
            what = "port %s on %s" % (veth, dp)
            veth_no = ovs.port_new(dp_ifindex, veth, OVS_VPORT_TYPE_NETDEV)
            what = "port %s on %s" % (internal, dp)
            ovs.port_new(dp_ifindex, internal, OVS_VPORT_TYPE_INTERNAL)
            what = "deleting port %s" % internal
            ovs.port_del(dp_ifindex, port=internal)
            if k % 2:
                what = "deleting port %u (%s)" % (veth_no, veth)
                ovs.port_del(dp_ifindex, port_no=veth_no)
            what = "deleting device %s" % veth
            rt.request_raw(RTM_DELLINK, ifinfo() + nla(IFLA_IFNAME, name(veth)))
            ports += 2

            cdp = "cdp%d" % k
            what = "datapath %s" % cdp
            ovs.dp_new(cdp)
            what = "a second datapath %s" % cdp
            try:
                ovs.dp_new(cdp)
                raise OSError(0, "a second datapath %s was not refused" % cdp)
            except OSError as e:
                if e.errno != errno.EEXIST:
                    raise
            what = "deleting datapath %s" % cdp
            ovs.dp_del(cdp)
            dps += 1

            what = "namespace %d" % k
            unshare_net()
            try:
                inside = Ovs()
            finally:
                setns(home)
            what = "datapath nsdp in namespace %d" % k
            ns_ifindex = inside.dp_new("nsdp")
            what = "port i0 on nsdp in namespace %d" % k
            inside.port_new(ns_ifindex, "i0", OVS_VPORT_TYPE_INTERNAL)
            if k % 2 == 0:
                what = "deleting nsdp in namespace %d" % k
                inside.dp_del("nsdp")
            # The socket held the namespace's last reference.
            inside.nl.close()
            nss += 1
            dps += 1
            k += 1
    except OSError as e:
        print("FAIL: round %d, %s: %s" % (k, what, e.strerror or e))
        return 1
    # All three over the same time: they take turns in one process.
    took = time.monotonic() - start
    print("RESULT ports %d %.1f" % (ports, took))
    print("RESULT datapaths %d %.1f" % (dps, took))
    print("RESULT namespaces %d %.1f" % (nss, took))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
