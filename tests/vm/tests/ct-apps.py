#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# The applications 65-ct-helpers.sh runs in its namespaces, with the
# standard library only (ftplib, sockets): a minimal FTP server and client,
# a minimal TFTP server and client, UDP echo/send/receive and raw frames.
#
#   ftpd PORT,PORT... READY STOP
#       FTP server on every address, IPv4 and IPv6:
#       USER/PASS/TYPE/PASV/EPSV/PORT/EPRT/RETR/QUIT.  PORT and EPRT must
#       name the control connection's peer, as a real server insists (so
#       a client behind SNAT needs its PORT rewritten); RETR
#       sends FTP_DATA and answers "226 sent to ADDR PORT", the data
#       connection's peer.  An active data connection it cannot open in
#       8 s answers 425.
#   ftp ADDR PORT passive|active SRC TIMEOUT
#       fetch the file (from SRC, "-" for any), check it, print the 226
#       line; over IPv6 ftplib asks EPSV (passive) or sends EPRT (active);
#       the address in a 227 reply is used as given, not replaced
#       by the control connection's peer (ftplib's default): a DNATed
#       server's reply must have been rewritten for the transfer to work.
#   tftpd ADDR PORT,PORT... READY STOP
#       TFTP read requests answered from a fresh port (as TFTP does).
#   tftp ADDR PORT TIMEOUT
#       read the file, check it, print where its data came from.
#   echo ADDR PORT READY STOP      UDP: every datagram back to its sender
#   send ADDR SPORT DST DPORT SIZE WAIT
#       a datagram of SIZE bytes; with WAIT > 0, wait that long for the
#       same bytes to come back
#   recv ADDR PORT WAIT READY [echo]
#       wait for one datagram (exit 1 if none), send it back with "echo"
#   frag IFACE SRCMAC DSTMAC SRC DST
#       a first fragment alone (more fragments set, none ever sent) of a
#       UDP datagram to DST port 7001, IPv4 or IPv6, through a packet socket

import ftplib
import os
import select
import socket
import struct
import sys
import time

FTP_DATA = bytes((i * 7 + i // 251) & 0xff for i in range(20000))
TFTP_DATA = bytes((i * 13 + 5) & 0xff for i in range(1200))	# 3 blocks


def fam(a):
    return socket.AF_INET6 if ":" in a else socket.AF_INET


def ready(path):
    open(path, "w").close()


def serving(stop, end):
    return not os.path.exists(stop) and time.time() < end


def payload(n):
    return bytes((i * 31 + n) & 0xff for i in range(n))


def ftp_session(c, peer):
    f = c.makefile("rb")
    local = c.getsockname()[0]
    active = None
    pasv = None

    def say(s):
        c.sendall((s + "\r\n").encode())

    say("220 ovsvm")
    while True:
        line = f.readline()
        if not line:
            break
        cmd, _, arg = line.decode().strip().partition(" ")
        cmd = cmd.upper()
        if cmd == "USER":
            say("331 password")
        elif cmd in ("PASS", "TYPE"):
            say("230 ok" if cmd == "PASS" else "200 ok")
        elif cmd in ("PASV", "EPSV"):
            if pasv:
                pasv.close()
            pasv = socket.socket(fam(local))
            pasv.bind((local, 0))
            pasv.listen(1)
            pasv.settimeout(8)
            p = pasv.getsockname()[1]
            if cmd == "EPSV":
                say("229 Entering Extended Passive Mode (|||%d|)" % p)
            else:
                say("227 Entering Passive Mode (%s,%d,%d)" %
                    (local.replace(".", ","), p >> 8, p & 255))
        elif cmd in ("PORT", "EPRT"):
            if cmd == "EPRT":       # |2|ADDR|PORT|
                n = arg.split(arg[0])
                addr, p = n[2], int(n[3])
            else:
                n = arg.split(",")
                addr, p = ".".join(n[:4]), int(n[4]) * 256 + int(n[5])
            if addr != peer[0]:
                say("501 %s names %s, not the peer %s" % (cmd, addr, peer[0]))
                continue
            active = (addr, p)
            say("200 ok")
        elif cmd == "RETR":
            try:
                if active:
                    d = socket.create_connection(active, 8, (local, 0))
                    say("150 data")
                elif pasv:
                    say("150 data")
                    d, _ = pasv.accept()
                else:
                    raise OSError("no PORT or PASV")
            except OSError as e:
                say("425 no data connection: %s" % e)
                active = None
                continue
            dpeer = d.getpeername()
            d.sendall(FTP_DATA)
            d.close()
            active = None
            say("226 sent to %s %d" % (dpeer[0], dpeer[1]))
        elif cmd == "QUIT":
            say("221 bye")
            break
        else:
            say("502 not here")
    if pasv:
        pasv.close()


def ftpd(ports, rdy, stop):
    ls = []
    for p in ports.split(","):
        for a in ("0.0.0.0", "::"):
            s = socket.socket(fam(a))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if a == "::":
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            s.bind((a, int(p)))
            s.listen(4)
            ls.append(s)
    ready(rdy)
    end = time.time() + 600
    while serving(stop, end):
        r, _, _ = select.select(ls, [], [], 0.2)
        for s in r:
            c, peer = s.accept()
            c.settimeout(30)
            try:
                ftp_session(c, peer)
            except (OSError, ValueError, IndexError) as e:
                print("session with %s: %s" % (peer, e), flush=True)
            c.close()


def ftp(addr, port, mode, src, timeout):
    f = ftplib.FTP(timeout=timeout,
                   source_address=None if src == "-" else (src, 0))
    f.trust_server_pasv_ipv4_address = True
    got = bytearray()
    try:
        f.connect(addr, port)
        f.login("ovsvm", "ovsvm")
        f.set_pasv(mode == "passive")
        resp = f.retrbinary("RETR file", got.extend)
    except (OSError, EOFError, ftplib.Error) as e:
        sys.exit("ftp %s %s:%d: %s" % (mode, addr, port, e))
    if bytes(got) != FTP_DATA:
        sys.exit("ftp: %d bytes, not the file" % len(got))
    print(resp)
    f.close()


def tftpd(addr, ports, rdy, stop):
    ls = []
    for p in ports.split(","):
        s = socket.socket(fam(addr), socket.SOCK_DGRAM)
        s.bind((addr, int(p)))
        ls.append(s)
    ready(rdy)
    end = time.time() + 600
    while serving(stop, end):
        r, _, _ = select.select(ls, [], [], 0.2)
        for s in r:
            req, peer = s.recvfrom(600)
            if req[:2] != b"\0\1":
                continue
            t = socket.socket(fam(addr), socket.SOCK_DGRAM)
            t.bind((addr, 0))
            t.settimeout(2)
            for n in range(1, len(TFTP_DATA) // 512 + 2):
                blk = struct.pack("!HH", 3, n) + TFTP_DATA[(n - 1) * 512:n * 512]
                for _ in range(3):
                    t.sendto(blk, peer)
                    try:
                        a, p = t.recvfrom(100)
                        if p == peer and a == struct.pack("!HH", 4, n):
                            break
                    except socket.timeout:
                        pass
                else:
                    break
            t.close()


def tftp(addr, port, timeout):
    s = socket.socket(fam(addr), socket.SOCK_DGRAM)
    s.settimeout(timeout)
    s.sendto(b"\0\1file\0octet\0", (addr, port))
    got = b""
    n = 1
    src = None
    try:
        while True:
            d, p = s.recvfrom(600)
            if d[:4] != struct.pack("!HH", 3, n):
                continue
            src = p
            got += d[4:]
            s.sendto(struct.pack("!HH", 4, n), p)
            n += 1
            if len(d) < 516:
                break
    except socket.timeout:
        sys.exit("tftp %s:%d: no data (%d blocks)" % (addr, port, n - 1))
    if got != TFTP_DATA:
        sys.exit("tftp: %d bytes, not the file" % len(got))
    print("got %d bytes from %s %d" % (len(got), src[0], src[1]))


def udp_sock(addr, port):
    s = socket.socket(fam(addr), socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    return s


def echo(addr, port, rdy, stop):
    s = udp_sock(addr, port)
    s.settimeout(0.2)
    ready(rdy)
    end = time.time() + 600
    while serving(stop, end):
        try:
            d, p = s.recvfrom(65536)
        except socket.timeout:
            continue
        s.sendto(d, p)
        print("echoed %d bytes to %s %d" % (len(d), p[0], p[1]), flush=True)


def send(addr, sport, dst, dport, size, wait):
    s = udp_sock(addr, sport)
    d = payload(size)
    s.sendto(d, (dst, dport))
    if wait <= 0:
        return
    s.settimeout(wait)
    try:
        r, p = s.recvfrom(65536)
    except socket.timeout:
        sys.exit("no reply from %s %d in %g s" % (dst, dport, wait))
    if r != d:
        sys.exit("the reply (%d bytes) differs from what was sent" % len(r))
    print("reply of %d bytes from %s %d" % (len(r), p[0], p[1]))


def recv(addr, port, wait, rdy, back):
    s = udp_sock(addr, port)
    s.settimeout(wait)
    ready(rdy)
    try:
        d, p = s.recvfrom(65536)
    except socket.timeout:
        sys.exit("nothing came in %g s" % wait)
    if back:
        s.sendto(d, p)
    print("got %d bytes from %s %d" % (len(d), p[0], p[1]))


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def frag(iface, smac, dmac, src, dst):
    udp = struct.pack("!HHHH", 7000, 7001, 3008, 0) + b"x" * 1000
    if fam(dst) == socket.AF_INET:
        h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0x4242,
                        0x2000, 64, 17, 0, socket.inet_aton(src),
                        socket.inet_aton(dst))
        h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
        eth_type = 0x0800
    else:
        fh = struct.pack("!BBHI", 17, 0, 1, 0x4242)	# offset 0, M set
        h = struct.pack("!IHBB16s16s", 6 << 28, len(fh) + len(udp), 44, 64,
                        socket.inet_pton(socket.AF_INET6, src),
                        socket.inet_pton(socket.AF_INET6, dst)) + fh
        eth_type = 0x86dd
    eth = bytes.fromhex(dmac.replace(":", "")) + \
        bytes.fromhex(smac.replace(":", "")) + struct.pack("!H", eth_type)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    s.send(eth + h + udp)


def main(a):
    cmd = a[1]
    if cmd == "ftpd":
        ftpd(a[2], a[3], a[4])
    elif cmd == "ftp":
        ftp(a[2], int(a[3]), a[4], a[5], float(a[6]))
    elif cmd == "tftpd":
        tftpd(a[2], a[3], a[4], a[5])
    elif cmd == "tftp":
        tftp(a[2], int(a[3]), float(a[4]))
    elif cmd == "echo":
        echo(a[2], int(a[3]), a[4], a[5])
    elif cmd == "send":
        send(a[2], int(a[3]), a[4], int(a[5]), int(a[6]), float(a[7]))
    elif cmd == "recv":
        recv(a[2], int(a[3]), float(a[4]), a[5], len(a) > 6)
    elif cmd == "frag":
        frag(a[2], a[3], a[4], a[5], a[6])
    else:
        sys.exit("unknown command " + cmd)


main(sys.argv)
