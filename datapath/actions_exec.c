// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running a checked action list on a packet: the loop over the actions,
 * output, upcalls, the nested lists (sample, clone, check_pkt_len,
 * dec_ttl) and recirculation.  Header rewrites are in actions_set.c,
 * pushes and pops in actions_encap.c, psample in linux/psample_send.c,
 * refragmenting in linux/ip_frag.c.
 *
 * Nested lists run at once, on the stack: their depth is bounded by the
 * check at install time (OVS_ACTIONS_MAX_DEPTH).  A nested list that may
 * change the key works on a copy taken from a per-CPU stack of keys, so
 * the stack frames stay small.  Recirculations are never run from inside
 * the list that asks for them: they wait in a per-CPU FIFO that the
 * outermost ovs_execute_actions() drains, so a recirculation loop costs
 * FIFO slots, not stack, and stops when they run out.  Nested lists
 * running in place on one CPU are counted across re-entries (an output
 * whose transmit feeds the datapath again while deep lists run at every
 * level): past OVS_EXEC_INPLACE, a nested list waits in the same FIFO with
 * its own copy of the key, as in-tree, so the stack stays bounded and no
 * list is skipped.
 */

#include <linux/if_vlan.h>
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <linux/smp.h>
#include <net/dst_metadata.h>

#include "actions_exec.h"
#include "datapath.h"
#include "meter.h"
#include "upcall.h"
#include "vport.h"
#include "linux/conntrack.h"
#include "linux/ip_frag.h"
#include "linux/psample_send.h"
#include "linux/tunnel_md.h"

/*
 * ovs_execute_actions() entered again on one CPU while a packet is in it:
 * output to a port whose transmit feeds the datapath again (an internal
 * port looped back, a veth pair inside the bridge).  Beyond this the
 * packet is in a loop.
 */
#define OVS_EXEC_MAX_LEVEL	5
/*
 * Nested lists that run in place on one CPU, whatever the re-entries: the
 * full depth one flow may have, so that a packet entering the datapath
 * once never waits.  One key copy each.
 */
#define OVS_EXEC_INPLACE	OVS_ACTIONS_MAX_DEPTH

/* A recirculation, or a nested list (actions) to run on skb. */
struct ovs_exec_deferred {
	struct sk_buff *skb;
	unsigned int recircs;	/* recirculations the packet went through */
	struct ovs_dp *dp;	/* nested list: the datapath it runs in */
	const struct nlattr *actions;
	int actions_len;
	bool key_stale;
	struct ovs_key key;
};

struct ovs_exec_cpu {
	unsigned int level;	/* nested ovs_execute_actions() calls */
	unsigned int depth;	/* nested lists running in place */
	unsigned int recircs;	/* of the packet whose actions run now */
	unsigned int fifo_head;
	unsigned int fifo_tail;
	struct ovs_key keys[OVS_EXEC_INPLACE];
	struct ovs_exec_deferred fifo[OVS_ACTIONS_RECIRC_FIFO];
};

/*
 * Each CPU's state is allocated on its own: with tunnel options in every
 * key it is larger than what the per-CPU allocator hands out (32 KiB).
 */
static struct ovs_exec_cpu * __percpu *ovs_exec_cpus;

static int ovs_exec_list(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			 const struct nlattr *attr, int len);

/* 0, or skb is gone: -EINPROGRESS if kept (reassembly), else freed. */
static int ovs_exec_ct(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
		       const struct nlattr *a)
{
	struct ovs_ct_info *info;
	int err;

	/* ct() reads the key's IP version, fragment type and ct state. */
	err = ovs_exec_refresh_key(ctx, skb);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	memcpy(&info, nla_data(a), sizeof(info));
	return ovs_ct_execute(ovs_dp_net(ctx->dp), skb, ctx->key, info);
}

int ovs_exec_refresh_key(struct ovs_exec_ctx *ctx, struct sk_buff *skb)
{
	int err;

	if (!ctx->key_stale)
		return 0;
	err = ovs_flow_key_extract_packet(skb, ctx->key);
	if (err)
		return err;
	ctx->key_stale = false;
	return 0;
}

/* Consumes skb. */
static void ovs_exec_output(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			    u32 port_no)
{
	struct ovs_vport *vport = ovs_dp_port(ctx->dp, port_no);
	u32 cut = OVS_CB(skb)->cutlen;

	if (unlikely(!vport)) {
		kfree_skb(skb);
		return;
	}

	if (unlikely(cut)) {
		/* A trunc never cuts into the Ethernet header. */
		unsigned int min_len = ctx->key->mac_proto ==
				       OVS_MAC_PROTO_ETHERNET ? ETH_HLEN : 0;

		OVS_CB(skb)->cutlen = 0;
		/* _rcsum: a CHECKSUM_COMPLETE sum must not keep the cut bytes. */
		if (cut < skb->len && pskb_trim_rcsum(skb, max(cut, min_len))) {
			kfree_skb(skb);
			return;
		}
	}

	/* A reassembled packet leaves in fragments if it has to. */
	if (likely(!OVS_CB(skb)->mru ||
		   skb->len <= OVS_CB(skb)->mru + vport->dev->hard_header_len))
		ovs_vport_send(vport, skb, ctx->key->mac_proto);
	else
		ovs_exec_fragment(ctx, vport, skb);
}

/*
 * Where an action upcall goes: the port execute named, else in per-CPU
 * dispatch the handler thread of this CPU, else the action's own pid.
 */
static u32 ovs_exec_upcall_portid(const struct ovs_dp *dp,
				  const struct sk_buff *skb, u32 pid)
{
	if (OVS_CB(skb)->upcall_pid)
		return OVS_CB(skb)->upcall_pid;
	if (dp->user_features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU)
		return ovs_dp_cpu_upcall_portid(dp);
	return pid;
}

/*
 * Where the packet would leave through the tunnel port port_no, as that
 * port's device completes the skb's transmit metadata (source address and
 * port, chosen by route and flow hash), for sFlow and IPFIX to report.
 * NULL unless the port exists, its device can tell, and the packet has
 * transmit metadata (a set(tunnel(...)) ran) for it to complete.
 */
static const struct ip_tunnel_info *
ovs_exec_egress_tun_info(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			 u32 port_no)
{
	struct ovs_vport *vport = ovs_dp_port(ctx->dp, port_no);

	if (!vport || dev_fill_metadata_dst(vport->dev, skb))
		return NULL;
	return skb_tunnel_info(skb);
}

/*
 * Sends a copy of skb to userspace; skb stays with the caller.  list and
 * list_len are the list the action is in, which userspace may ask for.
 */
static void ovs_exec_userspace(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			       const struct nlattr *attr,
			       const struct nlattr *list, int list_len)
{
	struct ovs_upcall_info info = {
		.cmd = OVS_PACKET_CMD_ACTION,
		.mru = OVS_CB(skb)->mru,
	};
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		switch (nla_type(a)) {
		case OVS_USERSPACE_ATTR_USERDATA:
			info.userdata = a;
			break;
		case OVS_USERSPACE_ATTR_PID:
			info.portid = ovs_exec_upcall_portid(ctx->dp, skb,
							     nla_get_u32(a));
			break;
		case OVS_USERSPACE_ATTR_ACTIONS:
			info.actions = list;
			info.actions_len = list_len;
			break;
		case OVS_USERSPACE_ATTR_EGRESS_TUN_PORT:
			info.egress_tun_info =
				ovs_exec_egress_tun_info(ctx, skb, nla_get_u32(a));
			break;
		}
	}

	/* Userspace reads the key: it must describe the packet sent. */
	if (ovs_exec_refresh_key(ctx, skb))
		return;
	ovs_dp_upcall(ctx->dp, skb, ctx->key, &info, OVS_CB(skb)->cutlen);
}

/*
 * Queues the nested list to run on skb, with a copy of the key, after the
 * outermost list; consumes skb.
 */
static void ovs_exec_defer_list(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
				const struct nlattr *list)
{
	struct ovs_exec_cpu *cpu = *this_cpu_ptr(ovs_exec_cpus);
	struct ovs_exec_deferred *d;

	if (unlikely(cpu->fifo_tail >= OVS_ACTIONS_RECIRC_FIFO)) {
		net_warn_ratelimited("deferred action limit reached, nested actions dropped\n");
		kfree_skb(skb);
		return;
	}

	d = &cpu->fifo[cpu->fifo_tail++];
	d->skb = skb;
	d->recircs = cpu->recircs;
	d->dp = ctx->dp;
	d->actions = nla_data(list);
	d->actions_len = nla_len(list);
	d->key_stale = ctx->key_stale;
	d->key = *ctx->key;
}

/*
 * Runs the nested list inside the attribute list.  When it is the last
 * action, the packet and the key are handed over; otherwise the list runs
 * on a clone with a copy of the key, and what it does (or fails to do)
 * leaves skb and ctx as they were.
 */
static int ovs_exec_nested(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			   const struct nlattr *list, bool last)
{
	struct ovs_exec_cpu *cpu = *this_cpu_ptr(ovs_exec_cpus);
	struct ovs_exec_ctx inner;
	int err;

	if (!last) {
		skb = skb_clone(skb, GFP_ATOMIC);
		if (!skb)
			return 0;
	}

	if (unlikely(cpu->depth >= OVS_EXEC_INPLACE)) {
		ovs_exec_defer_list(ctx, skb, list);
		return 0;
	}

	cpu->depth++;
	if (last) {
		err = ovs_exec_list(ctx, skb, nla_data(list), nla_len(list));
		cpu->depth--;
		return err;
	}

	inner.dp = ctx->dp;
	inner.key_stale = ctx->key_stale;
	inner.key = &cpu->keys[cpu->depth - 1];
	*inner.key = *ctx->key;
	ovs_exec_list(&inner, skb, nla_data(list), nla_len(list));
	cpu->depth--;
	return 0;
}

static int ovs_exec_sample(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			   const struct nlattr *attr, bool last)
{
	u32 probability = 0, outer = OVS_CB(skb)->probability;
	const struct nlattr *list = NULL, *a;
	int rem, err;

	nla_for_each_nested(a, attr, rem) {
		if (nla_type(a) == OVS_SAMPLE_ATTR_PROBABILITY)
			probability = nla_get_u32(a);
		else if (nla_type(a) == OVS_SAMPLE_ATTR_ACTIONS)
			list = a;
	}

	/* The packet is sampled with probability / U32_MAX. */
	if (!list || (probability != U32_MAX &&
		      (!probability || get_random_u32() > probability))) {
		if (last)
			consume_skb(skb);
		return 0;
	}

	OVS_CB(skb)->probability = probability;
	err = ovs_exec_nested(ctx, skb, list, last);
	/* The list ran on a clone: the actions after it are outside. */
	if (!last)
		OVS_CB(skb)->probability = outer;
	return err;
}

static int ovs_exec_check_pkt_len(struct ovs_exec_ctx *ctx,
				  struct sk_buff *skb,
				  const struct nlattr *attr, bool last)
{
	const struct nlattr *greater = NULL, *less_equal = NULL, *a;
	unsigned int len, max_len = 0;
	const struct nlattr *list;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		switch (nla_type(a)) {
		case OVS_CHECK_PKT_LEN_ATTR_PKT_LEN:
			max_len = nla_get_u16(a);
			break;
		case OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER:
			greater = a;
			break;
		case OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL:
			less_equal = a;
			break;
		}
	}

	/* A reassembled packet is as long as its largest fragment was. */
	if (OVS_CB(skb)->mru)
		len = OVS_CB(skb)->mru + skb_network_offset(skb);
	else
		len = skb->len;

	if (len <= max_len ||
	    (skb_is_gso(skb) && skb_gso_validate_mac_len(skb, max_len)))
		list = less_equal;
	else
		list = greater;

	if (!list) {
		if (last)
			consume_skb(skb);
		return 0;
	}
	return ovs_exec_nested(ctx, skb, list, last);
}

/* The expiry branch of dec_ttl: the packet goes there and nowhere else. */
static int ovs_exec_ttl_expired(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
				const struct nlattr *attr)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		if (nla_type(a) == OVS_DEC_TTL_ATTR_ACTION)
			return ovs_exec_nested(ctx, skb, a, true);
	}
	consume_skb(skb);
	return 0;
}

static void ovs_exec_hash(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			  const struct ovs_action_hash *act)
{
	u32 hash;

	if (act->hash_alg == OVS_HASH_ALG_SYM_L4)
		hash = __skb_get_hash_symmetric(skb);
	else
		hash = skb_get_hash(skb);
	hash = jhash_1word(hash, act->hash_basis);
	/* Zero would read as "no hash computed" in a dp_hash match. */
	ctx->key->dp_hash = hash ? hash : 1;
}

/*
 * Queues the packet (skb itself if last, else a clone) for a new lookup
 * with recirc_id.  It runs after the current list, from the FIFO.
 */
static int ovs_exec_recirc(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			   u32 recirc_id, bool last)
{
	struct ovs_exec_cpu *cpu = *this_cpu_ptr(ovs_exec_cpus);
	struct ovs_exec_deferred *d;
	int err;

	err = ovs_exec_refresh_key(ctx, skb);
	if (err)
		goto err_free;

	if (unlikely(cpu->recircs >= OVS_ACTIONS_MAX_RECIRC ||
		     cpu->fifo_tail >= OVS_ACTIONS_RECIRC_FIFO)) {
		net_warn_ratelimited("recirculation limit reached, recirc(%#x) dropped\n",
				     recirc_id);
		err = 0;
		goto err_free;
	}

	if (!last) {
		skb = skb_clone(skb, GFP_ATOMIC);
		if (!skb)
			return 0;
	}

	d = &cpu->fifo[cpu->fifo_tail++];
	d->skb = skb;
	d->recircs = cpu->recircs + 1;
	d->actions = NULL;
	d->key = *ctx->key;
	d->key.recirc_id = recirc_id;
	return 0;

err_free:
	if (last)
		kfree_skb(skb);
	return err;
}

/*
 * Entries are only added at the tail until the FIFO is reset, so a nested
 * list can work on its entry's key in place.
 */
static void ovs_exec_run_deferred(struct ovs_exec_cpu *cpu)
{
	while (cpu->fifo_head < cpu->fifo_tail) {
		struct ovs_exec_deferred *d = &cpu->fifo[cpu->fifo_head++];

		cpu->recircs = d->recircs;
		if (d->actions) {
			struct ovs_exec_ctx ctx = {
				.dp = d->dp,
				.key = &d->key,
				.key_stale = d->key_stale,
			};

			ovs_exec_list(&ctx, d->skb, d->actions,
				      d->actions_len);
		} else {
			ovs_dp_process_packet(d->skb, &d->key);
		}
	}
	cpu->fifo_head = 0;
	cpu->fifo_tail = 0;
	cpu->recircs = 0;
}

/*
 * Runs one list on skb, which it consumes.  Returns 0, or the error that
 * made it drop the packet.
 */
static int ovs_exec_list(struct ovs_exec_ctx *ctx, struct sk_buff *skb,
			 const struct nlattr *attr, int len)
{
	const struct nlattr *a;
	int rem;

	for (a = attr, rem = len; rem > 0; a = nla_next(a, &rem)) {
		bool last = nla_is_last(a, rem);
		struct sk_buff *clone;
		int err = 0;

		switch (nla_type(a)) {
		case OVS_ACTION_ATTR_OUTPUT:
			if (last) {
				ovs_exec_output(ctx, skb, nla_get_u32(a));
				return 0;
			}
			clone = skb_clone(skb, GFP_ATOMIC);
			if (clone)
				ovs_exec_output(ctx, clone, nla_get_u32(a));
			/* A trunc applies to the next output only. */
			OVS_CB(skb)->cutlen = 0;
			break;

		case OVS_ACTION_ATTR_USERSPACE:
			ovs_exec_userspace(ctx, skb, a, attr, len);
			OVS_CB(skb)->cutlen = 0;
			break;

		case OVS_ACTION_ATTR_PSAMPLE:
			ovs_exec_psample(ctx, skb, a);
			/* Like an output, psample uses up a pending trunc. */
			OVS_CB(skb)->cutlen = 0;
			break;

		case OVS_ACTION_ATTR_TRUNC: {
			const struct ovs_action_trunc *trunc = nla_data(a);

			/*
			 * The length to keep, not the bytes to cut: a push or
			 * pop before the output leaves max_len bytes all the
			 * same, as in-tree.  Never 0: the check wants 14 or more.
			 */
			OVS_CB(skb)->cutlen = trunc->max_len;
			break;
		}

		case OVS_ACTION_ATTR_SET_MASKED:
		case OVS_ACTION_ATTR_SET_TO_MASKED_PRIV:
			err = ovs_exec_set(ctx, skb, nla_data(a));
			break;

		case OVS_ACTION_ATTR_SET_TUNNEL_PRIV:
			err = ovs_tunnel_md_attach(skb, nla_data(a));
			break;

		case OVS_ACTION_ATTR_PUSH_VLAN:
			err = ovs_exec_push_vlan(ctx, skb, nla_data(a));
			break;

		case OVS_ACTION_ATTR_POP_VLAN:
			err = ovs_exec_pop_vlan(ctx, skb);
			break;

		case OVS_ACTION_ATTR_PUSH_MPLS: {
			const struct ovs_action_push_mpls *mpls = nla_data(a);

			err = ovs_exec_push_mpls(ctx, skb, mpls->mpls_lse,
						 mpls->mpls_ethertype, true);
			break;
		}

		case OVS_ACTION_ATTR_ADD_MPLS: {
			const struct ovs_action_add_mpls *mpls = nla_data(a);

			err = ovs_exec_push_mpls(ctx, skb, mpls->mpls_lse,
						 mpls->mpls_ethertype,
						 mpls->tun_flags &
						 OVS_MPLS_L3_TUNNEL_FLAG_MASK);
			break;
		}

		case OVS_ACTION_ATTR_POP_MPLS:
			err = ovs_exec_pop_mpls(ctx, skb, nla_get_be16(a));
			break;

		case OVS_ACTION_ATTR_PUSH_ETH:
			err = ovs_exec_push_eth(ctx, skb, nla_data(a));
			break;

		case OVS_ACTION_ATTR_POP_ETH:
			err = ovs_exec_pop_eth(ctx, skb);
			break;

		case OVS_ACTION_ATTR_PUSH_NSH:
			err = ovs_exec_push_nsh(ctx, skb, nla_data(a));
			break;

		case OVS_ACTION_ATTR_POP_NSH:
			err = ovs_exec_pop_nsh(ctx, skb);
			break;

		case OVS_ACTION_ATTR_HASH:
			ovs_exec_hash(ctx, skb, nla_data(a));
			break;

		case OVS_ACTION_ATTR_CT_CLEAR:
			ovs_ct_clear(skb, ctx->key);
			break;

		case OVS_ACTION_ATTR_CT_PRIV:
			err = ovs_exec_ct(ctx, skb, a);
			/* Freed, or kept until its datagram is whole. */
			if (err)
				return err == -EINPROGRESS ? 0 : err;
			break;

		case OVS_ACTION_ATTR_RECIRC:
			err = ovs_exec_recirc(ctx, skb, nla_get_u32(a), last);
			if (last)
				return err;
			break;

		case OVS_ACTION_ATTR_SAMPLE:
			err = ovs_exec_sample(ctx, skb, a, last);
			if (last)
				return err;
			break;

		case OVS_ACTION_ATTR_CLONE:
			err = ovs_exec_nested(ctx, skb, a, last);
			if (last)
				return err;
			break;

		case OVS_ACTION_ATTR_CHECK_PKT_LEN:
			err = ovs_exec_check_pkt_len(ctx, skb, a, last);
			if (last)
				return err;
			break;

		case OVS_ACTION_ATTR_DEC_TTL:
			err = ovs_exec_dec_ttl(ctx, skb);
			if (err == -EHOSTUNREACH)
				return ovs_exec_ttl_expired(ctx, skb, a);
			break;

		case OVS_ACTION_ATTR_METER:
			if (ovs_meter_exceeded(ctx->dp, skb, nla_get_u32(a))) {
				kfree_skb(skb);
				return 0;
			}
			break;

		case OVS_ACTION_ATTR_DROP:
			kfree_skb(skb);
			return 0;

		default:
			/* Refused at install time; fail closed all the same. */
			err = -EOPNOTSUPP;
			break;
		}

		if (unlikely(err)) {
			kfree_skb(skb);
			return err;
		}
	}

	consume_skb(skb);
	return 0;
}

int ovs_execute_actions(struct ovs_dp *dp, struct sk_buff *skb,
			const struct ovs_actions *acts, struct ovs_key *key)
{
	struct ovs_exec_cpu *cpu = *this_cpu_ptr(ovs_exec_cpus);
	struct ovs_exec_ctx ctx = { .dp = dp, .key = key };
	int err;

	if (unlikely(cpu->level >= OVS_EXEC_MAX_LEVEL)) {
		net_crit_ratelimited("packet looped back into the datapath %u times, dropped\n",
				     cpu->level);
		kfree_skb(skb);
		return -ENETDOWN;
	}

	cpu->level++;
	OVS_CB(skb)->acts_origlen = acts->orig_len;
	err = ovs_exec_list(&ctx, skb, acts->actions, acts->len);
	if (cpu->level == 1)
		ovs_exec_run_deferred(cpu);
	cpu->level--;
	return err;
}

void ovs_actions_exit(void)
{
	int i;

	for_each_possible_cpu(i)
		kvfree(*per_cpu_ptr(ovs_exec_cpus, i));
	free_percpu(ovs_exec_cpus);
}

int __init ovs_actions_init(void)
{
	struct ovs_exec_cpu *cpu;
	int i;

	ovs_exec_cpus = alloc_percpu(struct ovs_exec_cpu *);
	if (!ovs_exec_cpus)
		return -ENOMEM;
	for_each_possible_cpu(i) {
		cpu = kvzalloc_node(sizeof(*cpu), GFP_KERNEL, cpu_to_node(i));
		if (!cpu) {
			/* The CPUs done so far; the rest are NULL. */
			ovs_actions_exit();
			return -ENOMEM;
		}
		*per_cpu_ptr(ovs_exec_cpus, i) = cpu;
	}
	return 0;
}
