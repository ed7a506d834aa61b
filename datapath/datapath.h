/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The datapath object (datapath.c): a set of vports switched by one flow
 * table, owned by one network namespace and driven over generic netlink;
 * ovs_lock; what a packet carries in skb->cb while it is in the datapath.
 */
#ifndef OVS_DATAPATH_H
#define OVS_DATAPATH_H

#include <linux/bits.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

struct ovs_vport;
struct ovs_flow_table;
struct ovs_meter_table;
struct ovs_key;

/* Port numbers are u32 on the wire; like the in-tree datapath we cap them. */
#define OVS_DP_MAX_PORTS		USHRT_MAX
#define OVS_DP_VPORT_HASH_BUCKETS	1024

/*
 * Per-CPU mask cache entries: 0 or a power of two, at most this many.  The
 * bound is the in-tree datapath's (its per-CPU allocation unit over its
 * 8-byte entries: 4096 with 4 KiB pages), so that userspace sees the same
 * sizes accepted and the same errnos for the others.
 */
#define OVS_DP_MASKS_CACHE_MAX		(PCPU_MIN_UNIT_SIZE / (2 * sizeof(u32)))
#define OVS_DP_MASKS_CACHE_DEFAULT	256

/* User features we implement; anything else is refused with EOPNOTSUPP. */
#define OVS_DP_F_SUPPORTED (OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS | \
			    OVS_DP_F_DISPATCH_UPCALL_PER_CPU)

struct ovs_dp_stats_percpu {
	u64_stats_t n_hit;
	u64_stats_t n_missed;
	u64_stats_t n_lost;
	u64_stats_t n_mask_hit;
	u64_stats_t n_cache_hit;
	struct u64_stats_sync syncp;
};

/* An immutable array of netlink port ids, replaced as a whole under RCU. */
struct ovs_portids {
	struct rcu_head rcu;
	u32 n_ids;
	u32 ids[];
};

struct ovs_dp {
	struct rcu_head rcu;
	struct list_head node;		/* in ovs_net.dps, under ovs_lock */
	possible_net_t net;

	struct hlist_head *ports;	/* by port_no, OVS_DP_VPORT_HASH_BUCKETS */

	struct ovs_dp_stats_percpu __percpu *stats;
	u32 user_features;
	u32 masks_cache_size;
	struct ovs_portids __rcu *cpu_pids;	/* per-CPU dispatch mode */
	struct ovs_flow_table *table;	/* for the datapath's whole life */
	struct ovs_meter_table *meters;	/* meter.h; for its whole life too */
};

/*
 * What the datapath keeps in skb->cb while a packet is in it.  Set when the
 * packet enters (ovs_vport_receive, OVS_PACKET_CMD_EXECUTE).
 */
struct ovs_skb_cb {
	struct ovs_vport *input_vport;	/* executed packets: in_port or local */
	u16 mru;			/* reassembled fragments' max size, or 0 */
	u16 acts_origlen;		/* for upcalls from inside actions */
	u32 cutlen;			/* a trunc's max length on output, or 0 */
	u32 upcall_pid;			/* OVS_PACKET_ATTR_UPCALL_PID, or 0 */
	/*
	 * The probability of the innermost sample action whose list the
	 * packet is in (recirculations from there included), which psample
	 * reports with each sample; 0 outside any sample action.
	 */
	u32 probability;
};

#define OVS_CB(skb) ((struct ovs_skb_cb *)(skb)->cb)

/* Per network namespace state. */
struct ovs_net {
	struct list_head dps;		/* under ovs_lock, or RCU for dumps */
	/* Removes the ports whose devices were unregistered (dp_notify.c). */
	struct work_struct notify_work;
	/*
	 * Reorders each datapath's masks by recent traffic (datapath.c).  Pending
	 * while the namespace has datapaths; takes ovs_lock, so it is
	 * cancelled only outside it.
	 */
	struct delayed_work masks_rebalance;
};

extern unsigned int ovs_net_id;

static inline struct net *ovs_dp_net(const struct ovs_dp *dp)
{
	return read_pnet(&dp->net);
}

/* ovs_lock serialises every configuration change; the packet path uses RCU. */
void ovs_lock(void);
void ovs_unlock(void);
#ifdef CONFIG_LOCKDEP
bool ovs_lock_is_held(void);
#else
static inline bool ovs_lock_is_held(void)
{
	return true;
}
#endif
#define ovs_dereference(p) rcu_dereference_protected(p, ovs_lock_is_held())

extern struct mutex ovs_mutex;
/*
 * First thing in every function whose callers must hold ovs_lock: lockdep
 * (on in the KUnit kernel) checks it, other builds compile it away.
 */
#define ovs_lock_assert()	lockdep_assert_held(&ovs_mutex)

static inline struct hlist_head *ovs_dp_bucket(const struct ovs_dp *dp,
					       u32 port_no)
{
	return &dp->ports[port_no & (OVS_DP_VPORT_HASH_BUCKETS - 1)];
}

/* Lifecycle and lookups. */
struct ovs_dp *ovs_dp_lookup_by_ifindex(struct net *net, int ifindex);
struct ovs_dp *ovs_dp_lookup_by_name(struct net *net, const char *name);
const char *ovs_dp_name(const struct ovs_dp *dp);
int ovs_dp_ifindex(const struct ovs_dp *dp);
struct ovs_vport *ovs_dp_port(const struct ovs_dp *dp, u32 port_no);
struct ovs_dp *ovs_dp_alloc(struct net *net);
void ovs_dp_free(struct ovs_dp *dp);
void ovs_dp_destroy(struct ovs_dp *dp);
void ovs_dp_stats_read(const struct ovs_dp *dp, struct ovs_dp_stats *stats,
		       struct ovs_dp_megaflow_stats *mega);

/*
 * The packet path: looks the key up and runs the flow's actions, or sends
 * a miss upcall (upcall.h); consumes skb.  Under RCU with bottom halves
 * disabled.
 */
void ovs_dp_process_packet(struct sk_buff *skb, struct ovs_key *key);
/* Per-CPU dispatch: the port id for upcalls raised on this CPU, or 0. */
u32 ovs_dp_cpu_upcall_portid(const struct ovs_dp *dp);
/* Between two periodic mask reorderings of a namespace's datapaths. */
#define OVS_DP_REBALANCE_INTERVAL	(4 * HZ)
/* A datapath joined ovs_net->dps: keep its masks in order.  ovs_lock. */
void ovs_dp_rebalance_arm(struct ovs_net *ovs_net);
/* The work item behind the above (struct ovs_net's masks_rebalance). */
void ovs_dp_rebalance_work(struct work_struct *work);

#endif /* OVS_DATAPATH_H */
