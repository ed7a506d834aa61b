/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Points inside datapath operations where a KUnit suite can act, to open
 * windows that only a slow grace period or a race opens in production.
 *
 * They exist only in the KUnit build (CONFIG_OVS_DP_KUNIT, which the
 * module's own build never defines): in the module each is an empty inline
 * function, so the module carries no code or data for them.
 */
#ifndef OVS_TEST_HOOKS_H
#define OVS_TEST_HOOKS_H

#if IS_ENABLED(CONFIG_OVS_DP_KUNIT)
/*
 * OVS_FLOW_CMD_DEL, under ovs_lock, just after the flow left the table.
 * A suite that waits for a grace period here (and for the callbacks it
 * released) proves that nothing the removal freed, such as the flow's mask
 * when the flow was its last user, is read afterwards.
 */
extern void (*ovs_test_flow_del_removed)(void);

/*
 * Flows one tuple bucket takes before a spill (flow_tuple.c); 0 is the
 * real limit, OVS_TUPLE_LIMIT.  Set by a suite around its inserts.
 */
extern unsigned int ovs_test_tuple_limit;

/* Set and cleared by the suite itself, never during the command. */
static inline void ovs_test_hook_flow_del_removed(void)
{
	if (ovs_test_flow_del_removed)
		ovs_test_flow_del_removed();
}
#else
static inline void ovs_test_hook_flow_del_removed(void)
{
}
#endif

#endif /* OVS_TEST_HOOKS_H */
