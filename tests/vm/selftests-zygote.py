#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the kernel selftests' ovs-dpctl.py without paying its start-up for
# every call.  Under QEMU TCG "import pyroute2" alone takes 15 to 50 s, and
# openvswitch.sh runs ovs-dpctl.py a dozen times per test.  The server
# imports ovs-dpctl.py once (after the openvswitch module is loaded: it
# binds the ovs_packet family at import) and forks a child per request; the
# client hands over its argv, cwd, environment, stdin/stdout/stderr and
# network namespace (SCM_RIGHTS) and exits with the child's status.  A client killed (the
# selftests stop their upcall listeners with kill -TERM) closes the socket,
# which ends its child.
#
#   selftests-zygote.py serve SOCKET OVS_DPCTL_PY
#   selftests-zygote.py call SOCKET OVS_DPCTL_PY [ARGS...]
#
# "call" falls back to running OVS_DPCTL_PY itself when no server answers.

import array
import ctypes
import json
import os
import socket
import struct
import sys


CLONE_NEWNET = 0x40000000


def recv_exact(conn, n):
    data = b""
    while len(data) < n:
        b = conn.recv(n - len(data))
        if not b:
            return None
        data += b
    return data


def serve(path, script):
    import faulthandler
    import importlib.util
    import signal
    import threading
    import traceback

    spec = importlib.util.spec_from_file_location("ovs_dpctl", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(16)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    print("zygote: %s imported, serving on %s" % (script, path), flush=True)
    while True:
        conn, _ = srv.accept()
        if os.fork():
            conn.close()
            continue
        srv.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        fds = array.array("i")
        msg, anc, _, _ = conn.recvmsg(4, socket.CMSG_LEN(4 * fds.itemsize))
        for level, typ, data in anc:
            if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
        req = json.loads(recv_exact(conn, struct.unpack("=I", msg)[0]))
        if len(fds) > 3:
            # The client's network namespace (ip netns exec ...): the
            # sockets the request opens must be there, not in ours.
            ns = fds.pop()
            if ctypes.CDLL(None, use_errno=True).setns(ns, CLONE_NEWNET):
                print("zygote: setns: %s" % os.strerror(ctypes.get_errno()),
                      file=sys.stderr, flush=True)
                conn.sendall(struct.pack("=i", 1))
                os._exit(0)
            os.close(ns)
        sys.stdout.flush()
        sys.stderr.flush()
        for i, fd in enumerate(fds):
            os.dup2(fd, i)
            os.close(fd)
        os.chdir(req["cwd"])
        os.environ.clear()
        os.environ.update(req["env"])
        sys.argv = req["argv"]

        answered = threading.Event()

        def watch():
            # The client went away: so does this request.  Once the
            # answer is sent the client exits at once, which wakes this
            # thread before the child's own exit: that is no hang.
            # Otherwise a timeout or a kill -TERM ended the client: say
            # where this request was (ovs-dpctl.py and pyroute2 have no
            # timeouts of their own).
            conn.recv(1)
            if answered.is_set():
                return
            print("zygote: client gone, request %s stuck here:" % sys.argv[1:],
                  file=sys.stderr, flush=True)
            faulthandler.dump_traceback(all_threads=True)
            os._exit(143)
        threading.Thread(target=watch, daemon=True).start()
        try:
            rc = mod.main(sys.argv)
        except SystemExit as e:
            rc = e.code
        except BaseException:
            traceback.print_exc()
            rc = 1
        if rc is None:
            rc = 0
        elif not isinstance(rc, int):
            print(rc, file=sys.stderr)
            rc = 1
        sys.stdout.flush()
        sys.stderr.flush()
        answered.set()
        conn.sendall(struct.pack("=i", rc))
        os._exit(0)


def call(path, argv):
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
    except OSError:
        os.execv(sys.executable, [sys.executable] + argv)
    fds = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
            fds.append(fd)
        except OSError:
            fds.append(os.open(os.devnull, os.O_RDWR))
    fds.append(os.open("/proc/self/ns/net", os.O_RDONLY))
    req = json.dumps({"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
    s.sendmsg([struct.pack("=I", len(req))],
              [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
    s.sendall(req)
    rc = recv_exact(s, 4)
    sys.exit(struct.unpack("=i", rc)[0] if rc else 1)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "call":
        call(sys.argv[2], sys.argv[3:])
    else:
        sys.exit("usage: selftests-zygote.py serve|call SOCKET OVS_DPCTL_PY [ARGS...]")
