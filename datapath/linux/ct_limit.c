// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conntrack zone limits on nf_conncount.  A namespace has none until the
 * ovs_ct_limit family first sets one: then it gets a table of per-zone
 * limits, a default limit, and nf_conncount data keyed by zone, which
 * counts the connections each limited zone commits.  The packet path reads
 * the table under RCU; the family changes it under ovs_lock.
 *
 * The table goes when its namespace does, and with the module: unhooked
 * first, freed only after a grace period, so that a packet still running
 * a commit on another CPU never counts into freed data.
 */

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "datapath.h"
#include "linux/ct_limit.h"

/* Zones hash to a bucket by their low bits; a bucket is kept sorted. */
#define OVS_CT_LIMIT_BUCKETS	256

struct ovs_ct_zone_limit {
	struct hlist_node node;
	struct rcu_head rcu;
	u32 limit;		/* 0: this zone has no limit, whatever the default */
	u16 zone;
};

struct ovs_ct_limits {
	struct nf_conncount_data *data;
	u32 default_limit;	/* 0: no limit */
	unsigned int n_zones;
	struct hlist_head zones[OVS_CT_LIMIT_BUCKETS];
};

struct ovs_ct_limit_net {
	struct ovs_ct_limits __rcu *limits;
	/* Unhooked at namespace exit, freed after the grace period. */
	struct ovs_ct_limits *dying;
};

static unsigned int ovs_ct_limit_net_id __read_mostly;

static struct ovs_ct_limit_net *ovs_ct_limit_net(struct net *net)
{
	return net_generic(net, ovs_ct_limit_net_id);
}

static struct hlist_head *ovs_ct_limit_bucket(struct ovs_ct_limits *l,
					      u16 zone)
{
	return &l->zones[zone % OVS_CT_LIMIT_BUCKETS];
}

/* Under RCU. */
static u32 ovs_ct_limit_of(struct ovs_ct_limits *l, u16 zone)
{
	struct ovs_ct_zone_limit *z;

	hlist_for_each_entry_rcu(z, ovs_ct_limit_bucket(l, zone), node) {
		if (z->zone == zone)
			return READ_ONCE(z->limit);
		if (z->zone > zone)
			break;
	}
	return READ_ONCE(l->default_limit);
}

int ovs_ct_limit_check(struct net *net, const struct sk_buff *skb, u16 zone,
		       u8 family)
{
	struct ovs_ct_limits *l;
	u32 limit, key = zone;

	l = rcu_dereference(ovs_ct_limit_net(net)->limits);
	if (!l)
		return 0;
	limit = ovs_ct_limit_of(l, zone);
	if (!limit)
		return 0;
	if (nf_conncount_count_skb(net, skb, family, l->data, &key) <= limit)
		return 0;
	net_warn_ratelimited("conntrack zone %u is at its limit of %u connections\n",
			     zone, limit);
	return -ENOMEM;
}

/* Under ovs_lock: the namespace's table, made the first time. */
static struct ovs_ct_limits *ovs_ct_limits_get(struct net *net)
{
	struct ovs_ct_limit_net *ln = ovs_ct_limit_net(net);
	struct ovs_ct_limits *l;
	int err;

	l = ovs_dereference(ln->limits);
	if (l)
		return l;
	l = kzalloc(sizeof(*l), GFP_KERNEL_ACCOUNT);
	if (!l)
		return ERR_PTR(-ENOMEM);
	l->data = nf_conncount_init(net, sizeof(u32));
	if (IS_ERR(l->data)) {
		err = PTR_ERR(l->data);
		kfree(l);
		return ERR_PTR(err);
	}
	rcu_assign_pointer(ln->limits, l);
	return l;
}

/*
 * Under ovs_lock: a zone's entry, or the one it would follow in its
 * sorted bucket (NULL: it would come first).
 */
static struct ovs_ct_zone_limit *ovs_ct_zone_find(struct ovs_ct_limits *l,
						  u16 zone,
						  struct ovs_ct_zone_limit **prev)
{
	struct ovs_ct_zone_limit *z;

	*prev = NULL;
	hlist_for_each_entry(z, ovs_ct_limit_bucket(l, zone), node) {
		if (z->zone == zone)
			return z;
		if (z->zone > zone)
			break;
		*prev = z;
	}
	return NULL;
}

int ovs_ct_limit_set(struct net *net, const struct ovs_zone_limit *zl,
		     unsigned int n)
{
	struct ovs_ct_zone_limit *z, *old, *prev;
	struct hlist_node *tmp;
	struct ovs_ct_limits *l;
	HLIST_HEAD(fresh);
	unsigned int i;

	ovs_lock_assert();
	l = ovs_ct_limits_get(net);
	if (IS_ERR(l))
		return PTR_ERR(l);

	/* Every allocation first: a request applies whole or not at all. */
	for (i = 0; i < n; i++) {
		if (zl[i].zone_id == OVS_ZONE_LIMIT_DEFAULT_ZONE)
			continue;
		z = kmalloc(sizeof(*z), GFP_KERNEL_ACCOUNT);
		if (!z)
			goto err_free_fresh;
		hlist_add_head(&z->node, &fresh);
	}

	for (i = 0; i < n; i++) {
		if (zl[i].zone_id == OVS_ZONE_LIMIT_DEFAULT_ZONE) {
			WRITE_ONCE(l->default_limit, zl[i].limit);
			continue;
		}
		z = hlist_entry(fresh.first, struct ovs_ct_zone_limit, node);
		hlist_del(&z->node);
		old = ovs_ct_zone_find(l, zl[i].zone_id, &prev);
		if (old) {
			WRITE_ONCE(old->limit, zl[i].limit);
			kfree(z);
			continue;
		}
		z->zone = zl[i].zone_id;
		z->limit = zl[i].limit;
		if (prev)
			hlist_add_behind_rcu(&z->node, &prev->node);
		else
			hlist_add_head_rcu(&z->node,
					   ovs_ct_limit_bucket(l, z->zone));
		l->n_zones++;
	}
	return 0;

err_free_fresh:
	hlist_for_each_entry_safe(z, tmp, &fresh, node)
		kfree(z);
	return -ENOMEM;
}

void ovs_ct_limit_del(struct net *net, const struct ovs_zone_limit *zl,
		      unsigned int n)
{
	struct ovs_ct_zone_limit *z, *prev;
	struct ovs_ct_limits *l;
	unsigned int i;

	ovs_lock_assert();
	l = ovs_dereference(ovs_ct_limit_net(net)->limits);
	if (!l)
		return;
	for (i = 0; i < n; i++) {
		if (zl[i].zone_id == OVS_ZONE_LIMIT_DEFAULT_ZONE) {
			WRITE_ONCE(l->default_limit, 0);
			continue;
		}
		z = ovs_ct_zone_find(l, zl[i].zone_id, &prev);
		if (!z)
			continue;
		hlist_del_rcu(&z->node);
		kfree_rcu(z, rcu);
		l->n_zones--;
	}
}

unsigned int ovs_ct_limit_n_records(struct net *net)
{
	struct ovs_ct_limits *l;

	ovs_lock_assert();
	l = ovs_dereference(ovs_ct_limit_net(net)->limits);
	return 1 + (l ? l->n_zones : 0);
}

/* nf_conncount's count of a zone's connections (it collects the closed). */
static u32 ovs_ct_limit_count(struct net *net, struct ovs_ct_limits *l,
			      u16 zone)
{
	u32 key = zone, count;

	rcu_read_lock();
	count = nf_conncount_count_skb(net, NULL, 0, l->data, &key);
	rcu_read_unlock();
	return count;
}

void ovs_ct_limit_read(struct net *net, struct ovs_zone_limit *zl)
{
	struct ovs_ct_zone_limit *z, *prev;
	struct ovs_ct_limits *l;

	ovs_lock_assert();
	l = ovs_dereference(ovs_ct_limit_net(net)->limits);
	zl->limit = 0;
	zl->count = 0;
	if (!l)
		return;
	if (zl->zone_id == OVS_ZONE_LIMIT_DEFAULT_ZONE) {
		zl->limit = l->default_limit;
		return;
	}
	z = ovs_ct_zone_find(l, zl->zone_id, &prev);
	zl->limit = z ? z->limit : l->default_limit;
	zl->count = ovs_ct_limit_count(net, l, zl->zone_id);
}

int ovs_ct_limit_read_all(struct net *net, ovs_ct_limit_put_t put, void *arg)
{
	struct ovs_zone_limit zl = {
		.zone_id = OVS_ZONE_LIMIT_DEFAULT_ZONE,
	};
	struct ovs_ct_zone_limit *z;
	struct ovs_ct_limits *l;
	unsigned int b;
	int err;

	ovs_lock_assert();
	l = ovs_dereference(ovs_ct_limit_net(net)->limits);
	if (l)
		zl.limit = l->default_limit;
	err = put(&zl, arg);
	if (err || !l)
		return err;
	for (b = 0; b < OVS_CT_LIMIT_BUCKETS; b++) {
		hlist_for_each_entry(z, &l->zones[b], node) {
			zl.zone_id = z->zone;
			zl.limit = z->limit;
			zl.count = ovs_ct_limit_count(net, l, z->zone);
			err = put(&zl, arg);
			if (err)
				return err;
		}
	}
	return 0;
}

/* After the grace period: no packet reads l any more. */
static void ovs_ct_limits_free(struct net *net, struct ovs_ct_limits *l)
{
	struct ovs_ct_zone_limit *z;
	struct hlist_node *tmp;
	unsigned int b;

	nf_conncount_destroy(net, l->data);
	for (b = 0; b < OVS_CT_LIMIT_BUCKETS; b++)
		hlist_for_each_entry_safe(z, tmp, &l->zones[b], node)
			kfree(z);
	kfree(l);
}

/*
 * The namespaces' datapaths are gone or going, but a packet of theirs may
 * still be counting on another CPU: unhook every table, wait once for the
 * whole batch, then free.  No request can come from a dying namespace.
 */
static void __net_exit ovs_ct_limit_net_exit_batch(struct list_head *nets)
{
	struct ovs_ct_limit_net *ln;
	bool any = false;
	struct net *net;

	list_for_each_entry(net, nets, exit_list) {
		ln = ovs_ct_limit_net(net);
		ln->dying = rcu_dereference_protected(ln->limits, true);
		RCU_INIT_POINTER(ln->limits, NULL);
		any |= !!ln->dying;
	}
	if (!any)
		return;
	synchronize_rcu();
	list_for_each_entry(net, nets, exit_list) {
		ln = ovs_ct_limit_net(net);
		if (ln->dying)
			ovs_ct_limits_free(net, ln->dying);
		ln->dying = NULL;
	}
}

static struct pernet_operations ovs_ct_limit_net_ops = {
	.exit_batch = ovs_ct_limit_net_exit_batch,
	.id = &ovs_ct_limit_net_id,
	.size = sizeof(struct ovs_ct_limit_net),
};

int __init ovs_ct_limit_register(void)
{
	return register_pernet_device(&ovs_ct_limit_net_ops);
}

void ovs_ct_limit_unregister(void)
{
	unregister_pernet_device(&ovs_ct_limit_net_ops);
}
