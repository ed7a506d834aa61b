#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# The rules datapath/README states about where things live, checked:
#
#   linux-api   datapath/*.c registers nothing with Linux and drives no
#               other subsystem: those calls belong in datapath/linux/.
#   headers     every datapath/linux/*.c but module.c has its own header.
#   labels      a header section labelled "file.c" (a comment that starts
#               with the file's name) declares only functions that file
#               defines; a header with no labels declares only functions
#               its own X.c or X_*.c define.
#
# Prints each violation and "layout: N passed, N failed" (one check per
# file looked at).

import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DP = os.path.join(TOP, 'datapath')

# Calls that bind to, or drive, a Linux subsystem other than the packet,
# netlink and RCU basics.
LINUX_API = re.compile(
    r'\b(register_\w+|unregister_\w+|netdev_rx_handler_\w+|dev_queue_xmit'
    r'|psample_\w+|ip_do_fragment|ip6_fragment|ipv6_stub|alloc_netdev\w*'
    r'|rtnl_link_\w+|\w*pernet\w*|\w*_notifier\w*|nf_conntrack_\w+|nf_ct_\w+|nf_nat_\w+|ip_tunnel_\w+_xmit'
    r'|udp_tunnel_\w+)\s*\(')

FUNC_DEF = re.compile(r'^[a-z][^;(]*?\b(ovs_\w+)\(', re.M)
PROTO = re.compile(r'^[a-z][^;{]*?\b(ovs_\w+)\((?:[^;{}])*?\);', re.M)
LABEL = re.compile(r'^/\*\s*\n?\s*\*?\s*((?:linux/)?[a-z_0-9]+\.c)\b', re.M)


def read(path):
    with open(path) as f:
        return f.read()


def strip_comments_keep_labels(text):
    return text


def definitions(cfile):
    if not os.path.exists(cfile):
        return None
    text = read(cfile)
    return set(m.group(1) for m in FUNC_DEF.finditer(text)
               if not text[m.end():].lstrip().startswith(';'))


def main():
    passed = failed = 0
    problems = []

    # linux-api
    for name in sorted(os.listdir(DP)):
        if not name.endswith('.c'):
            continue
        text = read(os.path.join(DP, name))
        code = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
        bad = sorted(set(m.group(1) for m in LINUX_API.finditer(code)))
        if bad:
            failed += 1
            problems.append('datapath/%s: calls %s: that belongs in '
                            'datapath/linux/' % (name, ', '.join(bad)))
        else:
            passed += 1

    # headers
    ldir = os.path.join(DP, 'linux')
    for name in sorted(os.listdir(ldir)):
        if not name.endswith('.c') or name == 'module.c':
            continue
        if os.path.exists(os.path.join(ldir, name[:-2] + '.h')):
            passed += 1
        else:
            failed += 1
            problems.append('datapath/linux/%s has no header of its own'
                            % name)

    # labels
    headers = [os.path.join(DP, n) for n in os.listdir(DP) if n.endswith('.h')]
    headers += [os.path.join(ldir, n) for n in os.listdir(ldir)
                if n.endswith('.h')]
    for h in sorted(headers):
        text = read(h)
        rel = os.path.relpath(h, DP)
        hdir = os.path.dirname(h)
        base = os.path.basename(h)[:-2]
        if base.endswith('_int'):
            base = base[:-4]
        # Sections: (start offset, file) from each label.
        labels = [(m.start(), m.group(1)) for m in LABEL.finditer(text)]
        bad = []
        for m in PROTO.finditer(text):
            fn = m.group(1)
            owner = None
            for start, f in labels:
                if start < m.start():
                    owner = f
            if owner:
                cands = [os.path.join(DP, owner)]
            else:
                cands = [os.path.join(hdir, n) for n in os.listdir(hdir)
                         if n == base + '.c' or
                         (n.startswith(base + '_') and n.endswith('.c'))]
            found = any(fn in (definitions(c) or ()) for c in cands)
            if not found:
                where = owner or (base + '.c / ' + base + '_*.c')
                bad.append('%s is not defined in %s' % (fn, where))
        if bad:
            failed += 1
            problems.extend('datapath/%s: %s' % (rel, b) for b in bad)
        else:
            passed += 1

    for p in problems:
        print(p)
    print('layout: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
