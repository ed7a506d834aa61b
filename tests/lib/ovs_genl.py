# SPDX-License-Identifier: GPL-2.0-only
#
# A minimal generic netlink client for the guest-side scripts of the VM
# tests and the benchmark (standard library only: the guest has no
# pyroute2).  run.sh copies this file beside the scripts that import it.

import os
import socket
import struct

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_VERSION = 3
CTRL_ATTR_OPS = 6
CTRL_ATTR_OP_ID = 1
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_DUMP = 0x300
NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLA_F_NESTED = 0x8000
NLM_F_ACK_TLVS = 0x200
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLMSGERR_ATTR_MSG = 1


def nla(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    pad = b"\0" * ((4 - len(payload) % 4) % 4)
    return hdr + payload + pad


def nest(atype, *attrs):
    return nla(atype | NLA_F_NESTED, b"".join(attrs))


def attrs(data, off=0):
    """(type, payload) of each attribute in data from off, flags masked."""
    while off + 4 <= len(data):
        alen, atype = struct.unpack_from("=HH", data, off)
        if alen < 4:
            return
        yield atype & 0x3fff, data[off + 4:off + alen]
        off += (alen + 3) & ~3


class Genl:
    def __init__(self, protocol=NETLINK_GENERIC):
        # The socket belongs to the network namespace the caller is in
        # now, for its whole life: requests act there.
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, protocol)
        # Errors come back with the kernel's extack message and without a
        # copy of the request (capped), so the message is found at once.
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = 0

    def send(self, family, cmd, version, payload, flags=NLM_F_REQUEST | NLM_F_ACK):
        self.seq += 1
        body = struct.pack("=BBH", cmd, version, 0) + payload
        msg = struct.pack("=IHHII", 16 + len(body), family, flags, self.seq, 0) + body
        self.sock.send(msg)

    def send_many(self, family, cmd, version, payloads, flags=NLM_F_REQUEST | NLM_F_ACK):
        """The requests in one datagram: the kernel handles them one after
        the other and acks each, for one system call instead of one each."""
        msgs = []
        for payload in payloads:
            self.seq += 1
            body = struct.pack("=BBH", cmd, version, 0) + payload
            msgs.append(struct.pack("=IHHII", 16 + len(body), family, flags, self.seq, 0) + body)
        self.sock.send(b"".join(msgs))

    def request(self, family, cmd, version, payload, flags=NLM_F_REQUEST | NLM_F_ACK):
        self.send(family, cmd, version, payload, flags)
        return self.wait_ack()

    def request_raw(self, mtype, payload, flags=NLM_F_REQUEST | NLM_F_ACK):
        """A request with no generic netlink header (a socket of another
        netlink protocol, e.g. NETLINK_ROUTE); replies as request's."""
        self.seq += 1
        msg = struct.pack("=IHHII", 16 + len(payload), mtype, flags, self.seq, 0) + payload
        self.sock.send(msg)
        return self.wait_ack()

    def close(self):
        self.sock.close()

    def wait_ack(self):
        """The replies to one request, up to its acknowledgement (or the
        end of its dump); OSError with the errno of a refusal, and the
        kernel's extack message after the errno's text if it gave one."""
        replies = []
        while True:
            data = self.sock.recv(65536)
            off = 0
            while off < len(data):
                length, mtype, flags, _, _ = struct.unpack_from("=IHHII", data, off)
                if mtype == NLMSG_ERROR:
                    err = struct.unpack_from("=i", data, off + 16)[0]
                    if err:
                        text = os.strerror(-err)
                        if flags & NLM_F_ACK_TLVS:
                            # error code, then the request's header alone
                            for atype, payload in attrs(data[off + 36:off + length]):
                                if atype == NLMSGERR_ATTR_MSG:
                                    text += ": " + payload.rstrip(b"\0").decode(errors="replace")
                        raise OSError(-err, text)
                    return replies
                if mtype == NLMSG_DONE:
                    return replies
                replies.append(data[off + 16:off + length])
                off += (length + 3) & ~3

    def family_info(self, name):
        """(id, version, [command ids]) of a family; OSError if absent."""
        fid, version, cmds = None, 1, []
        for r in self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1,
                              nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")):
            for atype, payload in attrs(r, 4):
                if atype == CTRL_ATTR_FAMILY_ID:
                    fid = struct.unpack_from("=H", payload)[0]
                elif atype == CTRL_ATTR_VERSION:
                    version = struct.unpack_from("=I", payload)[0]
                elif atype == CTRL_ATTR_OPS:
                    for _, op in attrs(payload):
                        for otype, val in attrs(op):
                            if otype == CTRL_ATTR_OP_ID:
                                cmds.append(struct.unpack_from("=I", val)[0])
        if fid is None:
            raise OSError("no generic netlink family " + name)
        return fid, version, cmds

    def family(self, name):
        return self.family_info(name)[0]
