// SPDX-License-Identifier: GPL-2.0-only
/*
 * Flow objects: allocation, identity, masking and packet statistics.
 *
 * Statistics live in small spinlocked sets (see struct ovs_flow_stats_cpu):
 * the shared set inside the flow serves the first CPU that forwards the
 * flow's packets, and every other CPU that does gets its own set on its
 * first packet.  A flow that only one CPU sees (the common case with RSS)
 * costs no allocation beyond the flow itself, and 100k flows cost 100k
 * kmallocs, not 100k per-CPU areas.  If the atomic allocation fails the CPU
 * keeps using the shared set: slower, never wrong.
 */

#include <linux/cpumask.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>

#include "actions.h"
#include "flow_table.h"

/*
 * A flow is about 680 bytes plus a pointer per possible CPU: kmalloc would
 * round it up to 1 KiB, a third of it wasted on every flow.
 */
static struct kmem_cache *ovs_flow_cache;

int __init ovs_flow_init(void)
{
	struct ovs_flow *flow = NULL;

	ovs_flow_cache = kmem_cache_create("ovs_flow",
					   struct_size(flow, stats, nr_cpu_ids),
					   __alignof__(struct ovs_flow), 0,
					   NULL);
	return ovs_flow_cache ? 0 : -ENOMEM;
}

void ovs_flow_exit(void)
{
	kmem_cache_destroy(ovs_flow_cache);
}

struct ovs_flow *ovs_flow_alloc(void)
{
	struct ovs_flow *flow;

	flow = kmem_cache_zalloc(ovs_flow_cache, GFP_KERNEL);
	if (!flow)
		return NULL;
	spin_lock_init(&flow->stats_shared.lock);
	flow->stats_shared.cpu = -1;
	return flow;
}

static void ovs_flow_free_now(struct ovs_flow *flow)
{
	struct ovs_actions *acts;
	unsigned int cpu;

	acts = rcu_dereference_protected(flow->acts, true);
	if (acts)
		ovs_actions_free(acts);
	if (!ovs_flow_has_ufid(flow))
		kfree(flow->id.unmasked_key);
	for_each_possible_cpu(cpu)
		kfree(rcu_dereference_protected(flow->stats[cpu], true));
	kmem_cache_free(ovs_flow_cache, flow);
}

static void ovs_flow_free_rcu(struct rcu_head *head)
{
	ovs_flow_free_now(container_of(head, struct ovs_flow, rcu));
}

void ovs_flow_free(struct ovs_flow *flow, bool deferred)
{
	if (!flow)
		return;
	if (deferred)
		call_rcu(&flow->rcu, ovs_flow_free_rcu);
	else
		ovs_flow_free_now(flow);
}

static void ovs_flow_stats_add(struct ovs_flow_stats_cpu *s, __be16 tcp_flags,
			       unsigned int len)
{
	s->packets++;
	s->bytes += len;
	s->used = jiffies;
	s->tcp_flags |= tcp_flags;
}

/* A CPU's own set, holding this first packet; NULL if none could be had. */
static struct ovs_flow_stats_cpu *
ovs_flow_stats_new(struct ovs_flow *flow, unsigned int cpu, __be16 tcp_flags,
		   unsigned int len)
{
	struct ovs_flow_stats_cpu *s;

	s = kzalloc_node(sizeof(*s), GFP_NOWAIT | __GFP_NOWARN,
			 cpu_to_node(cpu));
	if (!s)
		return NULL;
	spin_lock_init(&s->lock);
	s->cpu = cpu;
	ovs_flow_stats_add(s, tcp_flags, len);
	rcu_assign_pointer(flow->stats[cpu], s);
	return s;
}

/* Packet path: RCU held, bottom halves disabled. */
void ovs_flow_stats_update(struct ovs_flow *flow, __be16 tcp_flags,
			   unsigned int len)
{
	unsigned int cpu = smp_processor_id();
	struct ovs_flow_stats_cpu *s;

	s = rcu_dereference(flow->stats[cpu]);
	if (likely(s)) {
		spin_lock(&s->lock);
		ovs_flow_stats_add(s, tcp_flags, len);
		spin_unlock(&s->lock);
		return;
	}

	/* Only this CPU publishes its own set, so no race to allocate it. */
	s = &flow->stats_shared;
	spin_lock(&s->lock);
	if (s->cpu >= 0 && s->cpu != cpu &&
	    ovs_flow_stats_new(flow, cpu, tcp_flags, len)) {
		spin_unlock(&s->lock);
		return;
	}
	if (s->cpu < 0)
		s->cpu = cpu;
	ovs_flow_stats_add(s, tcp_flags, len);
	spin_unlock(&s->lock);
}

static void ovs_flow_stats_fold(struct ovs_flow_stats_cpu *s,
				struct ovs_flow_stats_sum *stats)
{
	spin_lock_bh(&s->lock);
	stats->packets += s->packets;
	stats->bytes += s->bytes;
	if (s->used && (!stats->used || time_after(s->used, stats->used)))
		stats->used = s->used;
	stats->tcp_flags |= s->tcp_flags;
	spin_unlock_bh(&s->lock);
}

/*
 * The sets are written by the packet path under their locks, and a CPU's
 * set may be published while we look; none is freed before the flow.
 */
void ovs_flow_stats_get(const struct ovs_flow *flow,
			struct ovs_flow_stats_sum *stats)
{
	/* The locks are not part of the flow's value: drop const for them. */
	struct ovs_flow *f = (struct ovs_flow *)flow;
	struct ovs_flow_stats_cpu *s;
	unsigned int cpu;

	memset(stats, 0, sizeof(*stats));
	ovs_flow_stats_fold(&f->stats_shared, stats);
	for_each_possible_cpu(cpu) {
		s = rcu_dereference_check(f->stats[cpu], true);
		if (s)
			ovs_flow_stats_fold(s, stats);
	}
}

static void ovs_flow_stats_zero(struct ovs_flow_stats_cpu *s)
{
	spin_lock_bh(&s->lock);
	s->packets = 0;
	s->bytes = 0;
	s->used = 0;
	s->tcp_flags = 0;
	spin_unlock_bh(&s->lock);
}

void ovs_flow_stats_clear(struct ovs_flow *flow)
{
	struct ovs_flow_stats_cpu *s;
	unsigned int cpu;

	ovs_flow_stats_zero(&flow->stats_shared);
	for_each_possible_cpu(cpu) {
		s = rcu_dereference_check(flow->stats[cpu], true);
		if (s)
			ovs_flow_stats_zero(s);
	}
}

int ovs_flow_id_set(struct ovs_flow *flow, const void *ufid, u32 len,
		    const struct ovs_key *unmasked_key)
{
	struct ovs_key *copy;

	if (ufid) {
		if (!len || len > OVS_FLOW_ID_MAX)
			return -EINVAL;
		if (!ovs_flow_has_ufid(flow))
			kfree(flow->id.unmasked_key);
		memset(flow->id.ufid, 0, sizeof(flow->id.ufid));
		memcpy(flow->id.ufid, ufid, len);
		flow->id.len = len;
		return 0;
	}

	if (!unmasked_key)
		return -EINVAL;
	copy = kmemdup(unmasked_key, sizeof(*copy), GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	if (!ovs_flow_has_ufid(flow))
		kfree(flow->id.unmasked_key);
	flow->id.len = 0;
	flow->id.unmasked_key = copy;
	return 0;
}

void ovs_flow_mask_key(struct ovs_key *dst, const struct ovs_key *src,
		       const struct ovs_flow_mask *mask)
{
	const unsigned long *s = (const unsigned long *)src;
	const unsigned long *m = (const unsigned long *)&mask->key;
	unsigned long *d = (unsigned long *)dst;
	unsigned int i;

	memset(dst, 0, sizeof(*dst));
	for (i = mask->range.start / sizeof(long);
	     i < mask->range.end / sizeof(long); i++)
		d[i] = s[i] & m[i];
}
