# SPDX-License-Identifier: GPL-2.0-only
#
# One TCP transfer checked end to end, for the VM tests (testlib.sh's
# tcp_transfer):
#   tcp-transfer.py server ADDR PORT READY_FILE   (creates READY_FILE once
#                                                  listening)
#   tcp-transfer.py client ADDR PORT BYTES
# Each prints the length and SHA-256 of what it received or sent.
import hashlib, os, socket, sys
mode, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
if mode == "server":
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    s.settimeout(60)
    open(sys.argv[4], "w").close()
    c, _ = s.accept()
    c.settimeout(60)
    h, n = hashlib.sha256(), 0
    while True:
        b = c.recv(65536)
        if not b:
            break
        h.update(b)
        n += len(b)
    print(n, h.hexdigest())
else:
    data = os.urandom(int(sys.argv[4]))
    s = socket.create_connection((addr, port), timeout=60)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    s.close()
    print(len(data), hashlib.sha256(data).hexdigest())
