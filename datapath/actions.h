/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Action lists: checked and copied once when a flow is installed or a
 * packet is executed (actions_check.c), then run on packets
 * (actions_exec.c) without being checked again; freed and written back to
 * userspace by actions.c.
 */
#ifndef OVS_ACTIONS_H
#define OVS_ACTIONS_H

#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/netlink.h>

#include "flow_attr.h"
#include "flow_key.h"

struct ovs_dp;
struct net;

/* Nesting of sample, clone, check_pkt_len and dec_ttl: deeper is refused. */
#define OVS_ACTIONS_MAX_DEPTH		16
/*
 * Recirculations one packet may go through in a row.  The in-tree datapath
 * has no such count: three levels run in place and then its 10-slot FIFO
 * stops a chain after about 30, so a pipeline shorter than that must not
 * be cut short here either.
 */
#define OVS_ACTIONS_MAX_RECIRC		32
/* Recirculations queued, in all, for one packet entering the datapath. */
#define OVS_ACTIONS_RECIRC_FIFO		64
/* A copied action list never grows past this (CVE-2022-2639). */
#define OVS_ACTIONS_MAX_SIZE		(32 * 1024)

/*
 * A set() as the datapath keeps it.  The number is past every action type
 * this datapath accepts from userspace (so userspace cannot send it), and
 * deliberately not the kernel header's OVS_ACTION_ATTR_SET_TO_MASKED, whose
 * value differs between kernels.
 */
#define OVS_ACTION_ATTR_SET_TO_MASKED_PRIV	(OVS_ACTION_ATTR_LAST + 1)
/* A ct() as the datapath keeps it; likewise out of userspace's reach. */
#define OVS_ACTION_ATTR_CT_PRIV			(OVS_ACTION_ATTR_LAST + 2)
/* A set(tunnel()) as the datapath keeps it; past every type, likewise. */
#define OVS_ACTION_ATTR_SET_TUNNEL_PRIV		(OVS_ACTION_ATTR_LAST + 3)

struct ovs_ct_info;

/*
 * A checked action list: a stream of netlink attributes in the
 * datapath's own form, with enough kept to give userspace back exactly
 * what it sent.  The executor trusts it completely:
 *
 * - It is the attribute stream userspace sent, after validation, every
 *   attribute padded to NLA_ALIGNTO with zeroed padding, and the same
 *   attribute types (flag bits included) in the same order, except that
 *   every OVS_ACTION_ATTR_SET has become OVS_ACTION_ATTR_SET_TO_MASKED_PRIV,
 *   or OVS_ACTION_ATTR_SET_TUNNEL_PRIV for a tunnel.
 *   Use nla_type(), never ->nla_type, when switching on a type.
 * - OVS_ACTION_ATTR_SET_TO_MASKED_PRIV and OVS_ACTION_ATTR_SET_MASKED hold
 *   exactly one key attribute (nla_type() of it: PRIORITY, SKB_MARK,
 *   ETHERNET, IPV4, IPV6, TCP, UDP, SCTP, MPLS or NSH) whose payload is
 *   the value followed by a mask of the same size, exactly
 *   2 * ovs_key_attr_len() bytes (MPLS: 2 * sizeof(struct ovs_key_mpls)).
 *   For NSH the key attribute is nested: one OVS_NSH_KEY_ATTR_BASE and/or
 *   one OVS_NSH_KEY_ATTR_MD1 (MD1 only when the packet is MD type 1), each
 *   holding value then mask (2 * ovs_nsh_key_attr_len() bytes).
 *   No value bit is set outside its mask.  A converted set() has an all-ones
 *   mask except on bits the datapath never writes, which are zero in every
 *   mask: IPv4 and IPv6 proto and frag, the top 12 bits of the IPv6 label,
 *   NSH mdtype and np.  So execution has only the masked path.
 * - OVS_ACTION_ATTR_SET_TUNNEL_PRIV holds a struct ovs_key_tun (flow_key.h,
 *   4-byte aligned only) and then its opts_len option bytes: a tunnel with
 *   a nonzero destination and a TTL, or an IPv4 one without destination
 *   (bridge mode); options of the one format its flags name, Geneve ones
 *   whole TLVs (OVS_TUN_F_CRIT_OPT set if one is critical).
 * - Nested action lists keep their nesting and are in this same form:
 *   OVS_ACTION_ATTR_CLONE's payload is a list; OVS_ACTION_ATTR_SAMPLE holds
 *   OVS_SAMPLE_ATTR_PROBABILITY (u32) and OVS_SAMPLE_ATTR_ACTIONS (a list);
 *   OVS_ACTION_ATTR_CHECK_PKT_LEN holds OVS_CHECK_PKT_LEN_ATTR_PKT_LEN
 *   (u16, not zero) and both ..._ACTIONS_IF_GREATER and
 *   ..._ACTIONS_IF_LESS_EQUAL (lists); OVS_ACTION_ATTR_DEC_TTL holds
 *   OVS_DEC_TTL_ATTR_ACTION (a list).  Each of those children appears
 *   exactly once, in the order userspace sent them, and nothing else.
 *   Lists nest at most OVS_ACTIONS_MAX_DEPTH deep, so a recursive executor
 *   is bounded.  Lists may be empty.
 * - OVS_ACTION_ATTR_USERSPACE holds OVS_USERSPACE_ATTR_PID (u32, not
 *   zero), and optionally USERDATA (any length), EGRESS_TUN_PORT (u32)
 *   and the ACTIONS flag, each at most once.
 * - OVS_ACTION_ATTR_PSAMPLE appears only where the kernel's psample can
 *   run it.  It is as userspace sent it: OVS_PSAMPLE_ATTR_GROUP (u32) and
 *   optionally OVS_PSAMPLE_ATTR_COOKIE (0 to OVS_PSAMPLE_COOKIE_MAX_SIZE
 *   bytes), and nothing else; either may repeat, the last one counts.
 * - OVS_ACTION_ATTR_PUSH_NSH holds one nested OVS_KEY_ATTR_NSH with one
 *   BASE and exactly one of MD1 (mdtype 1) or MD2 (mdtype 2, 4 to 244
 *   bytes, a multiple of 4: what the header's length field can say).
 * - Every other action has its UAPI fixed size and was checked against the
 *   packet as the key describes it (e.g. output port < OVS_DP_MAX_PORTS,
 *   trunc max_len >= ETH_HLEN, hash alg L4 or SYM_L4, push_vlan tpid
 *   802.1Q or 802.1ad with VLAN_CFI_MASK set).  OVS_ACTION_ATTR_DROP only
 *   comes last in its list, top-level or nested.  OVS_ACTION_ATTR_CT_CLEAR
 *   and OVS_ACTION_ATTR_METER (a u32 id, of a meter that may not exist)
 *   may appear.
 * - Every OVS_ACTION_ATTR_CT has become OVS_ACTION_ATTR_CT_PRIV: a pointer
 *   to its struct ovs_ct_info (linux/conntrack.h, read with memcpy: the
 *   payload is only 4-byte aligned), then the nest userspace sent.
 * - The struct ovs_ct_info of every ct() in the list, nested ones
 *   included, is on the chain ct, which the list's release frees with it
 *   (CVE-2022-49086 leaked those of nested lists).  Nothing else in the
 *   copy holds a pointer or a reference.
 */
struct ovs_actions {
	struct rcu_head rcu;
	struct ovs_ct_info *ct;		/* every ct() of the list */
	u32 orig_len;			/* length userspace sent */
	u32 len;			/* length of actions[] */
	/*
	 * The packet path computes the skb hash before these actions run,
	 * where the in-tree module always has: they may change the headers
	 * (or hand the packet over) before something reads the hash.  A list
	 * that only outputs, truncates, meters, hashes or recirculates
	 * leaves the headers as they came, so a later skb_get_hash() gives
	 * the same value and the common case skips the flow dissector.
	 */
	bool hash_on_entry;
	struct nlattr actions[];
};

/*
 * actions_check.c: checks the OVS_*_ATTR_ACTIONS attribute attr against key (the flow's
 * masked key, or an executed packet's key) and copies it.  Every refusal
 * is -EINVAL (or -EOVERFLOW for a list too large) with an extack message.
 */
int ovs_actions_copy(struct net *net, const struct nlattr *attr,
		     const struct ovs_key *key, struct ovs_actions **acts,
		     bool log, struct netlink_ext_ack *extack);
/* Whether acts needs the skb hash computed before it runs (see above). */
bool ovs_actions_hash_on_entry(const struct ovs_actions *acts);
/* actions.c: writes the actions as userspace sent them, nested in attrtype. */
int ovs_actions_to_attrs(const struct ovs_actions *acts, int attrtype,
			 struct sk_buff *skb);
/*
 * The same for a list inside a copy (a userspace() action's context):
 * never longer than len.
 */
int ovs_actions_list_to_attrs(const struct nlattr *list, int len,
			      int attrtype, struct sk_buff *skb);
void ovs_actions_free(struct ovs_actions *acts);
void ovs_actions_free_rcu(struct ovs_actions *acts);

/*
 * actions_exec.c: runs acts on skb, whose key is key; consumes skb.  Under RCU with bottom
 * halves disabled.
 */
int ovs_execute_actions(struct ovs_dp *dp, struct sk_buff *skb,
			const struct ovs_actions *acts, struct ovs_key *key);
/* Per-CPU state of the above, allocated at module load. */
int ovs_actions_init(void);
void ovs_actions_exit(void);

#endif /* OVS_ACTIONS_H */
