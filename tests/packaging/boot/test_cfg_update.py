#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# The XAPI plugin openvswitch-cfg-update against a fake XAPI: an XML-RPC
# server on 127.0.0.1 that answers session.login_with_password,
# pool.get_all and pool.get_vswitch_controller the way XAPI does
# ({'Status': 'Success', 'Value': ...}), a fake ovs-vsctl that records its
# calls, and a fake interface-reconfigure.
#
#   test_cfg_update.py PLUGIN WORKDIR
#
# Prints one "PASS: ..." / "FAIL: ..." line per check and a last line
# "RESULT <passed> <failed>".  Every server and child is bounded in time.

import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import threading
import time
from xmlrpc.server import SimpleXMLRPCServer

PLUGIN, WORK = sys.argv[1], sys.argv[2]
passed = failed = 0


def check(desc, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("PASS: " + desc)
    else:
        failed += 1
        print("FAIL: %s%s" % (desc, (" -- " + detail) if detail else ""))
    sys.stdout.flush()


# --- fake XAPI ----------------------------------------------------------------

class FakeXapi:
    SESSION = "OpaqueRef:11111111-2222-3333-4444-555555555555"
    POOL = "OpaqueRef:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"

    def __init__(self):
        self.controller = ""
        self.calls = []

    @staticmethod
    def ok(value):
        return {"Status": "Success", "Value": value}

    @staticmethod
    def fail(*desc):
        return {"Status": "Failure", "ErrorDescription": list(desc)}

    def _dispatch(self, method, params):
        self.calls.append(method)
        if method == "session.login_with_password":
            if len(params) < 2 or params[0] != "root":
                return self.fail("SESSION_AUTHENTICATION_FAILED", str(params[:1]), "")
            return self.ok(self.SESSION)
        if method == "session.logout":
            return self.ok("")
        if not params or params[0] != self.SESSION:
            return self.fail("SESSION_INVALID", str(params[:1]))
        if method == "pool.get_all":
            return self.ok([self.POOL])
        if method == "pool.get_vswitch_controller":
            if len(params) != 2 or params[1] != self.POOL:
                return self.fail("HANDLE_INVALID", "pool", str(params[1:]))
            return self.ok(self.controller)
        return self.fail("MESSAGE_METHOD_UNKNOWN", method)


xapi = FakeXapi()
server = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False, allow_none=True)
server.register_instance(xapi)
server.timeout = 1
port = server.server_address[1]
stop_at = time.time() + 120  # the server lives two minutes at most
thread = threading.Thread(
    target=lambda: [server.handle_request() for _ in iter(lambda: time.time() < stop_at and not done.is_set(), False)],
    daemon=True)
done = threading.Event()
thread.start()

# --- fake commands ------------------------------------------------------------

vsctl_log = os.path.join(WORK, "vsctl.calls")
vsctl_state = os.path.join(WORK, "vsctl.managers")
ifr_log = os.path.join(WORK, "ifr.calls")
fake_vsctl = os.path.join(WORK, "ovs-vsctl")
fake_ifr = os.path.join(WORK, "interface-reconfigure")
with open(fake_vsctl, "w") as f:
    f.write("""#!/bin/sh
# fake ovs-vsctl: records its arguments; managers live in a file
echo "$*" >> '%s'
[ "$1" = --timeout=30 ] && shift
case $1 in
get-manager) cat '%s' 2>/dev/null ;;
set-manager) shift; : > '%s'; for m in "$@"; do echo "$m" >> '%s'; done ;;
emer-reset) : > '%s' ;;
*) echo "fake ovs-vsctl: unexpected $*" >&2; exit 1 ;;
esac
""" % (vsctl_log, vsctl_state, vsctl_state, vsctl_state, vsctl_state))
with open(fake_ifr, "w") as f:
    f.write("#!/bin/sh\necho \"$*\" >> '%s'\n" % ifr_log)
os.chmod(fake_vsctl, 0o755)
os.chmod(fake_ifr, 0o755)

os.environ.update({
    "OVS_XAPI_URL": "http://127.0.0.1:%d/" % port,
    "OVS_VSCTL": fake_vsctl,
    "OVS_INTERFACE_RECONFIGURE": fake_ifr,
})


def read_lines(path):
    try:
        with open(path) as f:
            return [line.rstrip("\n") for line in f]
    except FileNotFoundError:
        return []


def reset(controller, ovs_managers):
    xapi.controller = controller
    xapi.calls = []
    for p in (vsctl_log, ifr_log):
        if os.path.exists(p):
            os.unlink(p)
    with open(vsctl_state, "w") as f:
        for m in ovs_managers:
            f.write(m + "\n")


# --- 1. the logic imports without XenAPIPlugin / XenAPI -----------------------

loader = importlib.machinery.SourceFileLoader("cfg_update", PLUGIN)
spec = importlib.util.spec_from_loader("cfg_update", loader)
mod = importlib.util.module_from_spec(spec)
try:
    loader.exec_module(mod)
    check("the plugin imports without XenAPIPlugin (XenAPIPlugin is %r)"
          % (mod.XenAPIPlugin,), mod.XenAPIPlugin is None)
except Exception as e:  # noqa
    check("the plugin imports without XenAPIPlugin", False, repr(e))
    print("RESULT %d %d" % (passed, failed))
    sys.exit(1)

check("manager_target: bare IPv4 -> ssl:<ip>:6632",
      mod.manager_target("192.0.2.10") == "ssl:192.0.2.10:6632")
check("manager_target: IPv6 in brackets",
      mod.manager_target("2001:db8::1") == "ssl:[2001:db8::1]:6632")
check("manager_target: a full target is kept",
      mod.manager_target("ssl:192.0.2.10:6640") == "ssl:192.0.2.10:6640")
check("manager_target: empty -> none", mod.manager_target("  ") == "")

# --- 2. the four manager cases, through update() in-process -------------------

X, Y = "192.0.2.10", "198.51.100.7"
XT, YT = "ssl:%s:6632" % X, "ssl:%s:6632" % Y
T = "--timeout=30"
cases = [
    ("XAPI none / OVS none", "", [], [T + " get-manager"], []),
    ("XAPI X / OVS none", X, [], [T + " get-manager", T + " set-manager " + XT], [XT]),
    ("XAPI X / OVS Y", X, [YT],
     [T + " get-manager", T + " emer-reset", T + " set-manager " + XT], [XT]),
    ("XAPI none / OVS Y", "", [YT], [T + " get-manager", T + " emer-reset"], []),
    ("XAPI X / OVS X (nothing to do)", X, [XT], [T + " get-manager"], [XT]),
]
for name, controller, have, want_calls, want_after in cases:
    reset(controller, have)
    try:
        result = mod.update(None, {})
        err = None
    except Exception as e:  # noqa
        result, err = None, repr(e)
    check("%s: update() returns a string" % name, isinstance(result, str), err or repr(result))
    calls = read_lines(vsctl_log)
    check("%s: ovs-vsctl calls are exactly %s" % (name, want_calls), calls == want_calls,
          "got %s" % calls)
    check("%s: OVS managers afterwards %s" % (name, want_after),
          read_lines(vsctl_state) == want_after, "got %s" % read_lines(vsctl_state))
    check("%s: interface-reconfigure rewrite ran once" % name,
          read_lines(ifr_log) == ["rewrite"], "got %s" % read_lines(ifr_log))
    check("%s: XAPI asked login, pool.get_all, pool.get_vswitch_controller" % name,
          xapi.calls[:3] == ["session.login_with_password", "pool.get_all",
                             "pool.get_vswitch_controller"], "got %s" % xapi.calls)

# --- 3. as a command, the way an admin (or an init script) runs it ------------

reset(X, [YT])
try:
    out = subprocess.run([sys.executable, PLUGIN, "update"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    check("'openvswitch-cfg-update update' exits 0", out.returncode == 0, out.stderr.strip())
    check("'openvswitch-cfg-update update' resets and sets the manager",
          read_lines(vsctl_log) == [T + " get-manager", T + " emer-reset",
                                    T + " set-manager " + XT],
          "got %s" % read_lines(vsctl_log))
except subprocess.TimeoutExpired:
    check("'openvswitch-cfg-update update' finishes within 60s", False)

# --- 4. XAPI failures are errors, not silent resets --------------------------

reset(X, [XT])
saved = xapi.SESSION
xapi.SESSION = "OpaqueRef:other"  # the login answer no longer matches later calls
orig_login = FakeXapi._dispatch


def broken(self, method, params):
    if method == "session.login_with_password":
        self.calls.append(method)
        return self.ok("OpaqueRef:stale")
    return orig_login(self, method, params)


FakeXapi._dispatch = broken
try:
    mod.update(None, {})
    raised = False
except Exception as e:  # noqa
    raised = "SESSION_INVALID" in repr(e)
FakeXapi._dispatch = orig_login
xapi.SESSION = saved
check("a XAPI failure (SESSION_INVALID) raises instead of touching OVS", raised)
check("... and ovs-vsctl was not called to change anything",
      all("emer-reset" not in c and "set-manager" not in c for c in read_lines(vsctl_log)),
      "got %s" % read_lines(vsctl_log))

done.set()
thread.join(5)
server.server_close()
check("the fake XAPI server stopped", not thread.is_alive())
print("RESULT %d %d" % (passed, failed))
sys.exit(1 if failed else 0)
