#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Sends every command of every Open vSwitch generic netlink family, as the
# kernel lists them, with an empty body, and checks which ones the kernel
# refuses with EPERM (27-permissions.sh runs it as different users):
#
#   genl-perms.py refused DP_IFINDEX [--optional FAMILY]...
#       the caller lacks CAP_NET_ADMIN over the netns: every command that
#       changes something must be refused with EPERM, every read-only one
#       (and its dump) must not be
#   genl-perms.py allowed DP_IFINDEX [--optional FAMILY]...
#       the caller has CAP_NET_ADMIN over the netns: no command refused
#       with EPERM (give DP_IFINDEX 0: the bodies are empty, and an empty
#       DEL would delete the datapath it names)
#
# A command the kernel lists that the table below does not classify fails
# the check: a family that grows a command must say whether it mutates.
# Prints a line a command; exits 1 on the first family missing (unless
# --optional) and after all commands if any answered wrongly.

import errno
import struct
import sys

from ovs_genl import Genl, NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP

MUTATES, READS = "mutates", "reads"
# The in-tree module's classification (its GENL_UNS_ADMIN_PERM flags).
TABLE = {
    "ovs_datapath": {1: ("NEW", MUTATES), 2: ("DEL", MUTATES), 3: ("GET", READS), 4: ("SET", MUTATES)},
    "ovs_vport": {1: ("NEW", MUTATES), 2: ("DEL", MUTATES), 3: ("GET", READS), 4: ("SET", MUTATES)},
    "ovs_flow": {1: ("NEW", MUTATES), 2: ("DEL", MUTATES), 3: ("GET", READS), 4: ("SET", MUTATES)},
    "ovs_packet": {3: ("EXECUTE", MUTATES)},
    "ovs_meter": {1: ("FEATURES", READS), 2: ("SET", MUTATES), 3: ("DEL", MUTATES), 4: ("GET", READS)},
    "ovs_ct_limit": {1: ("SET", MUTATES), 2: ("DEL", MUTATES), 3: ("GET", READS)},
}


def outcome(nl, fid, version, cmd, header, flags):
    try:
        nl.request(fid, cmd, version, header, flags)
        return 0
    except OSError as e:
        return e.errno or errno.EIO


def main(argv):
    if len(argv) < 3 or argv[1] not in ("refused", "allowed"):
        sys.exit("usage: genl-perms.py refused|allowed DP_IFINDEX [--optional FAMILY]...")
    expect, header = argv[1], struct.pack("=i", int(argv[2]))
    optional = [argv[i + 1] for i in range(3, len(argv) - 1) if argv[i] == "--optional"]
    nl = Genl()
    bad = 0
    for family, cmds in TABLE.items():
        try:
            fid, version, listed = nl.family_info(family)
        except OSError:
            if family in optional:
                print("%s: absent (optional here)" % family)
                continue
            print("%s: FAMILY ABSENT" % family)
            return 1
        for cmd in sorted(set(listed) | set(cmds)):
            name, kind = cmds.get(cmd, ("cmd %d" % cmd, None))
            if kind is None or cmd not in listed:
                print("%s %s: %s" % (family, name, "NOT CLASSIFIED" if kind is None else "NOT REGISTERED"))
                bad += 1
                continue
            tries = [("", NLM_F_REQUEST | NLM_F_ACK)]
            if kind == READS:
                tries.append((" dump", NLM_F_REQUEST | NLM_F_DUMP))
            for what, flags in tries:
                err = outcome(nl, fid, version, cmd, header, flags)
                want_eperm = expect == "refused" and kind == MUTATES
                ok = (err == errno.EPERM) == want_eperm
                print("%s %s%s (%s): %s, want %s%s" % (
                    family, name, what, kind, errno.errorcode.get(err, "OK") if err else "OK",
                    "EPERM" if want_eperm else "anything but EPERM", "" if ok else "  <-- WRONG"))
                bad += not ok
    print("%d wrong" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
