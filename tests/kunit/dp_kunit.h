/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A datapath for suites that need a whole one (dp_kunit.c).
 */
#ifndef OVS_DP_KUNIT_H
#define OVS_DP_KUNIT_H

struct ovs_dp;

/*
 * A datapath in init_net as OVS_DP_CMD_NEW makes it: its local port named
 * name, linked into the namespace's list.  NULL if any of it failed; the
 * suite destroys it with ovs_dp_destroy() under ovs_lock.
 */
struct ovs_dp *ovs_kt_dp_new(const char *name);

#endif /* OVS_DP_KUNIT_H */
