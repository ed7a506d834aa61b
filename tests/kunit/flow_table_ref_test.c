// SPDX-License-Identifier: GPL-2.0-only
/*
 * The flow table against a reference: a brute-force scan of every installed
 * megaflow with a masked compare.  Randomised (seeded by ovs_fuzz_seed(), so
 * `make fuzz` varies it) but deterministic for a given seed.
 *
 * Masks look like what ovs-vswitchd installs: in_port, recirc_id and
 * eth_type always exact, IPv4/IPv6 source and destination prefixes of
 * varying length, the IP protocol, L4 ports exact or partly masked, and now
 * and then a VLAN tag, tunnel or conntrack fields.  Flows never overlap (an
 * insert that would is drawn again, as vswitchd guarantees), so a packet has
 * at most one answer and the table must return exactly the reference's.
 *
 * Inserts, deletes and lookups are interleaved; lookups go through the
 * per-CPU cache with hashes that repeat (recent packets replayed,
 * hashes shared by unrelated packets), so entries left stale by removals
 * and by masks moving between slots are exercised.  Other phases grow the
 * table past its buckets, force a reseed, take masks down to zero and back,
 * resize the mask cache and rebalance the masks.
 *
 * The table under test is the classifier's interface (flow_table.h), so
 * this suite is meant to hold unchanged for a new classifier (issue 16).
 * On top of it, the TupleMerge classifier's invariants (flow_tuple.c) are
 * checked after each phase: every flow's tuple is live and a subset of
 * its mask, and no bucket holds more rounded flows than the limit; and
 * cases run with the limit forced to 1 and 2, with the tuple cap forced
 * to 6, and with overlapping flows, where any matching flow is a right
 * answer.
 */

#include <kunit/test.h>
#include <linux/bitops.h>
#include <linux/if_vlan.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>

#include "datapath.h"
#include "flow_attr_int.h"
#include "flow_table.h"
#include "flow_table_int.h"
#include "flow_tuple.h"
#include "fuzz_kunit.h"
#include "test_hooks.h"

#define RF_SEED		0x5eed7ab1e0f10ffULL
/* Operations per run in `make check`; `make fuzz` raises it. */
#define RF_SHORT	40000UL
#define RF_MAX_MASKS	96
#define RF_RECENT	32
#define RF_WORDS	(sizeof(struct ovs_key) / sizeof(long))

struct rf_mask {
	struct ovs_key key;
	struct ovs_key_range range;
	bool ipv6;
	u32 users;			/* flows of the reference using it */
};

struct rf_flow {
	struct ovs_flow *flow;
	u32 mask;			/* index in masks[] */
	u32 ufid;			/* 0: named by its unmasked key */
	struct ovs_key key;		/* unmasked */
};

struct rf_recent {
	struct ovs_key key;
	u32 hash;
};

struct rf {
	struct kunit *test;
	struct ovs_flow_table *tbl;
	struct rnd_state r;
	struct rf_mask *masks;
	u32 n_masks;
	struct rf_flow *flows;
	u32 n_flows, cap;
	u32 next_ufid;
	u32 deleted_ufid;		/* the last flow deleted with a UFID */
	struct rf_recent *recent;
	u32 n_recent;
	struct ovs_key pkt;		/* scratch */
	bool overlap;			/* flows may overlap: any match will do */
	bool narrow;			/* few addresses: full tuple buckets */
	bool capped;			/* tuples capped low: puts refused */
	/* What the run did, for the log and for the checks that it did. */
	unsigned long lookups, hits, cache_hits, overlaps, inserts, deletes;
	unsigned long spilled;		/* flows seen under their own mask */
	unsigned long refused;		/* puts refused at the tuple cap */
	unsigned long borrowed;		/* flows seen under another's tuple */
};

static u32 rf_rand(struct rf *t, u32 n)
{
	return n ? prandom_u32_state(&t->r) % n : 0;
}

static bool rf_chance(struct rf *t, u32 percent)
{
	return rf_rand(t, 100) < percent;
}

static void rf_prefix(u8 *m, unsigned int bytes, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < bytes; i++, len = len > 8 ? len - 8 : 0)
		m[i] = len >= 8 ? 0xff : (u8)(0xff00 >> len);
}

/*
 * A random packet key.  Fields come from small sets (ports, tags, tunnel
 * ids) or from one /8 (addresses), so that random packets sometimes hit
 * flows with short prefixes and wildcarded ports.
 */
static void rf_rand_key(struct rf *t, struct ovs_key *k, bool ipv6)
{
	static const u16 ports[] = { 22, 53, 80, 443, 8080 };
	static const u8 protos[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP };

	memset(k, 0, sizeof(*k));
	k->in_port = 1 + rf_rand(t, 3);
	k->recirc_id = rf_chance(t, 25) ? 1 + rf_rand(t, 2) : 0;
	k->mac_proto = OVS_MAC_PROTO_ETHERNET;
	if (rf_chance(t, 30)) {
		k->eth.vlan.tpid = htons(ETH_P_8021Q);
		k->eth.vlan.tci = htons(VLAN_CFI_MASK | (1 + rf_rand(t, 3)));
	}
	if (rf_chance(t, 30)) {
		k->tun.proto = AF_INET;
		k->tun.id = cpu_to_be64(1 + rf_rand(t, 3));
		k->tun.ipv4.src = htonl(0xc0a80001 + rf_rand(t, 2));
		k->tun.ipv4.dst = htonl(0xc0a80101);
		k->tun.flags = OVS_TUN_F_KEY;
	}
	k->ct.state = rf_rand(t, 4) << 1;
	k->ct.zone = rf_rand(t, 2);
	k->ct.mark = rf_rand(t, 2);
	k->ip.proto = protos[rf_rand(t, ARRAY_SIZE(protos))];
	k->ip.ttl = 64;
	if (ipv6) {
		k->eth.type = htons(ETH_P_IPV6);
		k->ipv6.src.s6_addr[0] = 0xfd;
		k->ipv6.dst.s6_addr[0] = 0xfd;
		k->ipv6.src.s6_addr32[3] = prandom_u32_state(&t->r) & 0xffff;
		k->ipv6.dst.s6_addr32[3] = prandom_u32_state(&t->r) & 0xffff;
		k->ipv6.src.s6_addr[1] = rf_rand(t, 4);
		k->ipv6.dst.s6_addr[1] = rf_rand(t, 4);
	} else {
		k->eth.type = htons(ETH_P_IP);
		k->ipv4.src = htonl(0x0a000000 | (prandom_u32_state(&t->r) &
						  0xffffff));
		k->ipv4.dst = htonl(0x0a000000 | (prandom_u32_state(&t->r) &
						  0xffffff));
	}
	if (t->narrow) {
		/* Flows then differ in the bits a tuple rounds away. */
		k->ipv4.src &= htonl(0xff0000ff);
		k->ipv4.dst &= htonl(0xff0000ff);
		k->ipv6.src.s6_addr32[1] = 0;
		k->ipv6.dst.s6_addr32[1] = 0;
		k->ipv6.src.s6_addr[1] = 0;
		k->ipv6.dst.s6_addr[1] = 0;
	}
	k->tp.src = htons(rf_chance(t, 50) ? ports[rf_rand(t, 5)] :
			  prandom_u32_state(&t->r));
	k->tp.dst = htons(rf_chance(t, 50) ? ports[rf_rand(t, 5)] :
			  prandom_u32_state(&t->r));
}

/* A prefix length as vswitchd's prefix tracking produces: mostly long. */
static unsigned int rf_plen(struct rf *t, unsigned int bits)
{
	switch (rf_rand(t, 8)) {
	case 0:
		return 0;
	case 1:
		return bits;
	case 2:
		return bits / 2;
	default:
		return bits / 2 + rf_rand(t, bits / 2 + 1);
	}
}

/* A new distinct mask for the pool; false if the pool is full. */
static bool rf_new_mask(struct rf *t)
{
	static const u16 port_masks[] = { 0xffff, 0xff00, 0xfff0, 0xfffe,
					  0xfc00 };
	struct rf_mask *m;
	struct ovs_key *k;
	unsigned int tries, i;

	if (t->n_masks == RF_MAX_MASKS)
		return false;
	m = &t->masks[t->n_masks];
	k = &m->key;
	for (tries = 0; tries < 100; tries++) {
		memset(m, 0, sizeof(*m));
		k->in_port = 0xffffffff;
		k->recirc_id = 0xffffffff;
		k->mac_proto = 0xff;
		k->eth.type = htons(0xffff);
		m->ipv6 = rf_chance(t, 30);
		if (m->ipv6) {
			rf_prefix(k->ipv6.src.s6_addr, 16, rf_plen(t, 128));
			rf_prefix(k->ipv6.dst.s6_addr, 16, rf_plen(t, 128));
		} else {
			rf_prefix((u8 *)&k->ipv4.src, 4, rf_plen(t, 32));
			rf_prefix((u8 *)&k->ipv4.dst, 4, rf_plen(t, 32));
		}
		if (rf_chance(t, 85)) {
			k->ip.proto = 0xff;
			if (rf_chance(t, 70))
				k->tp.dst = htons(port_masks[rf_rand(t, 5)]);
			if (rf_chance(t, 20))
				k->tp.src = htons(port_masks[rf_rand(t, 5)]);
		}
		if (rf_chance(t, 20)) {
			k->eth.vlan.tpid = htons(0xffff);
			k->eth.vlan.tci = htons(0xffff);
		}
		if (rf_chance(t, 15)) {
			k->tun.proto = 0xff;
			k->tun.id = cpu_to_be64(~0ULL);
			k->tun.ipv4.src = htonl(0xffffffff);
			k->tun.ipv4.dst = htonl(0xffffffff);
			k->tun.flags = OVS_TUN_F_KEY;
		}
		if (rf_chance(t, 15)) {
			k->ct.state = 0xff;
			k->ct.zone = 0xffff;
			if (rf_chance(t, 50))
				k->ct.mark = 0xffffffff;
		}
		ovs_key_mask_range(k, &m->range);
		for (i = 0; i < t->n_masks; i++)
			if (!memcmp(&t->masks[i].key, k, sizeof(*k)))
				break;
		if (i == t->n_masks) {
			t->n_masks++;
			return true;
		}
	}
	return false;
}

static bool rf_match(const struct ovs_key *pkt, const struct ovs_key *key,
		     const struct rf_mask *m)
{
	const unsigned long *p = (const unsigned long *)pkt;
	const unsigned long *k = (const unsigned long *)key;
	const unsigned long *mk = (const unsigned long *)&m->key;
	unsigned int i;

	for (i = m->range.start / sizeof(long);
	     i < m->range.end / sizeof(long); i++)
		if ((p[i] ^ k[i]) & mk[i])
			return false;
	return true;
}

/* Some packet matches both (k1 under m1) and (k2 under m2). */
static bool rf_overlap(const struct ovs_key *k1, const struct rf_mask *m1,
		       const struct ovs_key *k2, const struct rf_mask *m2)
{
	const unsigned long *a = (const unsigned long *)k1;
	const unsigned long *b = (const unsigned long *)k2;
	const unsigned long *ma = (const unsigned long *)&m1->key;
	const unsigned long *mb = (const unsigned long *)&m2->key;
	unsigned int i = max(m1->range.start, m2->range.start) / sizeof(long);
	unsigned int end = min(m1->range.end, m2->range.end) / sizeof(long);

	for (; i < end; i++)
		if ((a[i] ^ b[i]) & ma[i] & mb[i])
			return false;
	return true;
}

/* The reference: the one installed flow pkt matches, or -1. */
static int rf_ref_lookup(const struct rf *t, const struct ovs_key *pkt)
{
	u32 i;

	for (i = 0; i < t->n_flows; i++)
		if (rf_match(pkt, &t->flows[i].key,
			     &t->masks[t->flows[i].mask]))
			return i;
	return -1;
}

static u32 rf_masks_in_use(const struct rf *t)
{
	u32 i, n = 0;

	for (i = 0; i < t->n_masks; i++)
		n += !!t->masks[i].users;
	return n;
}

/* Inserts a new flow under mask mi; false if every draw overlapped. */
static bool rf_insert(struct rf *t, u32 mi)
{
	struct kunit *test = t->test;
	struct rf_mask *m = &t->masks[mi];
	const unsigned long *k, *mk;
	struct rf_flow *f;
	unsigned long *fk;
	unsigned int tries, i;
	int err;

	if (t->n_flows == t->cap)
		return false;
	f = &t->flows[t->n_flows];
	for (tries = 0; tries < 8; tries++) {
		rf_rand_key(t, &f->key, m->ipv6);
		for (i = 0; i < t->n_flows; i++)
			if (rf_overlap(&f->key, m, &t->flows[i].key,
				       &t->masks[t->flows[i].mask]) &&
			    (!t->overlap || t->flows[i].mask == mi))
				break;
		if (i == t->n_flows)
			break;
		t->overlaps++;
	}
	if (tries == 8)
		return false;

	f->flow = ovs_flow_alloc();
	KUNIT_ASSERT_NOT_NULL(test, f->flow);
	k = (const unsigned long *)&f->key;
	mk = (const unsigned long *)&m->key;
	fk = (unsigned long *)&f->flow->key;
	for (i = 0; i < RF_WORDS; i++)
		fk[i] = k[i] & mk[i];
	/* Most flows have a UFID, as vswitchd gives them; some do not. */
	f->ufid = rf_chance(t, 85) ? ++t->next_ufid : 0;
	if (f->ufid)
		err = ovs_flow_id_set(f->flow, &f->ufid, sizeof(f->ufid),
				      NULL);
	else
		err = ovs_flow_id_set(f->flow, NULL, 0, &f->key);
	if (err)
		ovs_flow_free(f->flow, false);
	KUNIT_ASSERT_EQ(test, err, 0);
	f->mask = mi;

	ovs_lock();
	err = ovs_flow_tbl_insert(t->tbl, f->flow, &m->key, &m->range);
	ovs_unlock();
	if (err)
		ovs_flow_free(f->flow, false);
	if (err == -ENOSPC && t->capped) {
		t->refused++;
		return false;
	}
	KUNIT_ASSERT_EQ(test, err, 0);
	m->users++;
	t->n_flows++;
	t->inserts++;
	return true;
}

static void rf_delete(struct rf *t, u32 i)
{
	struct rf_flow *f = &t->flows[i];

	ovs_lock();
	ovs_flow_tbl_remove(t->tbl, f->flow);
	ovs_unlock();
	ovs_flow_free(f->flow, true);
	if (f->ufid)
		t->deleted_ufid = f->ufid;
	t->masks[f->mask].users--;
	t->n_flows--;
	if (i != t->n_flows)
		memcpy(f, &t->flows[t->n_flows], sizeof(*f));
	t->deletes++;
}

/*
 * Where flows overlap, megaflows having no priority, any installed flow
 * that matches pkt is right: got becomes the reference's answer if it is
 * one.  Else (or if it is not) got must be the reference's answer.
 */
static struct ovs_flow *rf_accept(const struct rf *t,
				  const struct ovs_key *pkt,
				  struct ovs_flow *got, struct ovs_flow *want)
{
	u32 i;

	if (!t->overlap || !got || !want)
		return want;
	for (i = 0; i < t->n_flows; i++)
		if (t->flows[i].flow == got &&
		    rf_match(pkt, &t->flows[i].key,
			     &t->masks[t->flows[i].mask]))
			return got;
	return want;
}

/* Both masked lookups for pkt must give the reference's flow. */
static void rf_check_pkt(struct rf *t, const struct ovs_key *pkt,
			 u32 hash, int expect_own)
{
	struct kunit *test = t->test;
	struct ovs_flow *got, *want = NULL;
	u32 n_mask_hit, n_cache_hit;
	int ref;

	ref = rf_ref_lookup(t, pkt);
	if (ref >= 0)
		want = t->flows[ref].flow;
	if (expect_own >= 0 && !t->overlap)
		KUNIT_ASSERT_EQ(test, ref, expect_own);

	local_bh_disable();
	rcu_read_lock();
	got = ovs_flow_tbl_lookup_stats(t->tbl, pkt, hash, &n_mask_hit,
					&n_cache_hit);
	rcu_read_unlock();
	local_bh_enable();
	want = rf_accept(t, pkt, got, want);
	if (got != want)
		kunit_info(test, "lookup_stats: ref flow %d of %u, hash %#x, got %p, want %p, masks tried %u, cache %u\n",
			   ref, t->n_flows, hash, got, want, n_mask_hit,
			   n_cache_hit);
	KUNIT_ASSERT_PTR_EQ(test, got, want);
	/*
	 * Tuples probed, plus one for a cache entry's hint: a mask's flows
	 * are under at most two tuples (its rounded one, its own).
	 */
	KUNIT_ASSERT_LE(test, n_mask_hit, 2 * rf_masks_in_use(t) + 1);
	t->cache_hits += n_cache_hit;

	/* The uncached walk every other time: it costs a scan of masks. */
	if (t->lookups & 1) {
		ovs_lock();
		got = ovs_flow_tbl_lookup(t->tbl, pkt);
		ovs_unlock();
		KUNIT_ASSERT_PTR_EQ(test, got, rf_accept(t, pkt, got, want));
	}
	t->lookups++;
	t->hits += !!want;
}

/* Copies a random bit pattern outside flow f's mask into t->pkt. */
static void rf_pkt_from(struct rf *t, const struct rf_flow *f)
{
	const unsigned long *k = (const unsigned long *)&f->key;
	const unsigned long *mk = (const unsigned long *)&t->masks[f->mask].key;
	unsigned long *p = (unsigned long *)&t->pkt;
	unsigned int i;

	rf_rand_key(t, &t->pkt, rf_chance(t, 50));
	for (i = 0; i < RF_WORDS; i++)
		p[i] = (p[i] & ~mk[i]) | (k[i] & mk[i]);
}

/* Flips one bit that f's mask matches on: f no longer matches. */
static void rf_flip_masked_bit(struct rf *t, const struct rf_flow *f)
{
	const struct rf_mask *m = &t->masks[f->mask];
	const unsigned long *mk = (const unsigned long *)&m->key;
	unsigned long *p = (unsigned long *)&t->pkt;
	unsigned int first = m->range.start / sizeof(long);
	unsigned int n = (m->range.end - m->range.start) / sizeof(long);
	unsigned int w, b;

	do {
		w = first + rf_rand(t, n);
	} while (!mk[w]);
	b = rf_rand(t, BITS_PER_LONG);
	while (!(mk[w] & BIT(b)))
		b = (b + 1) % BITS_PER_LONG;
	p[w] ^= BIT(b);
}

/* The packet path's own cache index. */
static u32 rf_hash(const struct ovs_key *pkt)
{
	return ovs_flow_key_cache_hash(pkt);
}

/*
 * One lookup of a packet drawn one of several ways, with a cache hash that
 * makes the per-CPU cache matter: a recent packet again with its own hash
 * (a cache hit, or a stale entry after a removal), a hash shared by
 * unrelated packets (the cached flow must fail its compare), none at all.
 */
static void rf_lookup_one(struct rf *t)
{
	struct rf_recent *rc;
	int own = -1;
	u32 hash, i;

	switch (rf_rand(t, 6)) {
	case 0:
	case 1:
		if (t->n_flows) {
			i = rf_rand(t, t->n_flows);
			rf_pkt_from(t, &t->flows[i]);
			own = i;
			break;
		}
		fallthrough;
	case 2:
		rf_rand_key(t, &t->pkt, rf_chance(t, 30));
		break;
	case 3:
		if (t->n_flows) {
			i = rf_rand(t, t->n_flows);
			rf_pkt_from(t, &t->flows[i]);
			rf_flip_masked_bit(t, &t->flows[i]);
			break;
		}
		fallthrough;
	default:
		if (t->n_recent) {
			rc = &t->recent[rf_rand(t, t->n_recent)];
			rf_check_pkt(t, &rc->key, rc->hash, -1);
			return;
		}
		rf_rand_key(t, &t->pkt, false);
		break;
	}
	switch (rf_rand(t, 8)) {
	case 0:
		hash = 0;
		break;
	case 1:
	case 2:
		hash = 1 + rf_rand(t, 16);
		break;
	default:
		hash = rf_hash(&t->pkt);
		break;
	}
	rf_check_pkt(t, &t->pkt, hash, own);
	if (hash) {
		i = t->n_recent < RF_RECENT ? t->n_recent++ :
		    rf_rand(t, RF_RECENT);
		t->recent[i].key = t->pkt;
		t->recent[i].hash = hash;
	}
}

/* Is the flow hashed under its own mask (rounded to itself or spilled)? */
static bool rf_tuple_exact(const struct ovs_flow *flow)
{
	return !memcmp(&flow->tuple->key, &flow->mask->key,
		       sizeof(flow->mask->key));
}

static unsigned int rf_limit(void)
{
	return READ_ONCE(ovs_test_tuple_limit) ?: OVS_TUPLE_LIMIT;
}

/*
 * The classifier's own invariants, ovs_lock held.  Each flow's tuple is in
 * the tuple array at its slot, is a subset of the flow's mask, and holds a
 * reference per flow; in each bucket (one tuple, one key & tuple mask) at
 * most the limit of flows got there by rounding: only flows whose own mask
 * is the tuple's may add to a full one.
 */
static void rf_check_tuples(struct rf *t)
{
	struct ovs_tbl_inst *ti = ovs_tbl_deref(t->tbl->ti);
	struct ovs_mask_array *ta = ovs_tbl_deref(t->tbl->tuples.ma);
	struct kunit *test = t->test;
	const unsigned long *tw, *mw;
	struct ovs_flow *flow, *g;
	struct ovs_flow_mask *tuple;
	struct ovs_key_range range;
	u32 max = READ_ONCE(ovs_flow_max_tuples);
	struct hlist_head *head;
	u32 i, w, n, refs = 0;

	for (i = 0; i < ta->count; i++) {
		tuple = ovs_tbl_deref(ta->masks[i]);
		KUNIT_ASSERT_NOT_NULL(test, tuple);
		KUNIT_EXPECT_EQ(test, tuple->index, i);
		KUNIT_EXPECT_GT(test, tuple->refcount, 0);
		refs += tuple->refcount;
	}
	KUNIT_EXPECT_EQ(test, refs, t->n_flows);
	KUNIT_EXPECT_LE(test, ta->count, t->n_flows);
	KUNIT_EXPECT_LE(test, ta->count, max);

	for (i = 0; i < t->n_flows; i++) {
		flow = t->flows[i].flow;
		tuple = flow->tuple;
		KUNIT_ASSERT_LT(test, tuple->index, ta->count);
		KUNIT_ASSERT_PTR_EQ(test, ovs_tbl_deref(ta->masks[tuple->index]),
				    tuple);
		tw = (const unsigned long *)&tuple->key;
		mw = (const unsigned long *)&flow->mask->key;
		for (w = 0; w < RF_WORDS; w++)
			KUNIT_ASSERT_EQ(test, tw[w] & ~mw[w], 0UL);
		if (rf_tuple_exact(flow)) {
			ovs_tuple_mask(&t->pkt, &range, flow->mask,
				       &flow->key);
			t->spilled += !!memcmp(&t->pkt, &flow->mask->key,
					       sizeof(t->pkt));
			continue;
		}
		/* At the cap, any subset tuple with room may hold it. */
		ovs_tuple_mask(&t->pkt, &range, flow->mask, &flow->key);
		if (memcmp(&t->pkt, &tuple->key, sizeof(t->pkt)))
			t->borrowed++;
		else
			KUNIT_EXPECT_TRUE(test, !tuple->key.tp.src &&
					  !tuple->key.tp.dst);
		n = 0;
		head = ovs_ti_bucket(ti, ovs_masked_hash(&flow->key, tuple,
							 ti->seed));
		hlist_for_each_entry(g, head, hash_node[ti->ver]) {
			tw = (const unsigned long *)&g->key;
			mw = (const unsigned long *)&flow->key;
			if (g->tuple != tuple || rf_tuple_exact(g))
				continue;
			for (w = tuple->range.start / sizeof(long);
			     w < tuple->range.end / sizeof(long); w++)
				if ((tw[w] ^ mw[w]) &
				    ((const unsigned long *)&tuple->key)[w])
					break;
			n += w == tuple->range.end / sizeof(long);
		}
		KUNIT_EXPECT_GE(test, n, 1U);
		KUNIT_EXPECT_LE(test, n, rf_limit());
	}
}

/*
 * Every flow is found by UFID, by its key and mask and by a packet made of
 * its unmasked key; counts agree with the reference.
 */
static void rf_check_all(struct rf *t)
{
	struct kunit *test = t->test;
	struct ovs_flow_id id = { .len = sizeof(u32) };
	struct ovs_flow *got;
	struct rf_flow *f;
	struct rf_mask *m;
	u32 i;

	ovs_lock();
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), t->n_flows);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl),
			rf_masks_in_use(t));
	for (i = 0; i < t->n_flows; i++) {
		f = &t->flows[i];
		m = &t->masks[f->mask];
		got = ovs_flow_tbl_lookup_exact(t->tbl, &f->key, &m->key,
						&m->range);
		KUNIT_EXPECT_PTR_EQ(test, got, f->flow);
		if (f->ufid) {
			id.ufid[0] = f->ufid;
			got = ovs_flow_tbl_lookup_ufid(t->tbl, &id);
		} else {
			got = ovs_flow_tbl_lookup_unmasked(t->tbl, &f->key);
		}
		KUNIT_EXPECT_PTR_EQ(test, got, f->flow);
		got = ovs_flow_tbl_lookup(t->tbl, &f->key);
		KUNIT_EXPECT_PTR_EQ(test, got,
				    rf_accept(t, &f->key, got, f->flow));
	}
	/* A UFID no flow has, and one of a deleted flow. */
	id.ufid[0] = t->next_ufid + 1;
	KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup_ufid(t->tbl, &id));
	id.ufid[0] = t->deleted_ufid;
	if (t->deleted_ufid)
		KUNIT_EXPECT_NULL(test, ovs_flow_tbl_lookup_ufid(t->tbl, &id));
	rf_check_tuples(t);
	ovs_unlock();
}

/* Everything a case allocates is freed here, even after a failed assert. */
static int rf_init(struct kunit *test)
{
	struct rf *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	test->priv = t;
	return 0;
}

static void rf_exit(struct kunit *test)
{
	struct rf *t = test->priv;

	if (!t)
		return;
	WRITE_ONCE(ovs_test_tuple_limit, 0);
	WRITE_ONCE(ovs_flow_max_tuples, OVS_TUPLE_MAX);
	kunit_info(test, "%lu inserts (%lu overlapping draws), %lu deletes, %lu lookups, %lu hits, %lu cache hits, %u masks, %lu spilled flows seen, %lu refused, %lu borrowed\n",
		   t->inserts, t->overlaps, t->deletes, t->lookups, t->hits,
		   t->cache_hits, t->n_masks, t->spilled, t->refused,
		   t->borrowed);
	if (t->tbl) {
		ovs_lock();
		ovs_flow_tbl_destroy(t->tbl);
		ovs_unlock();
	}
	rcu_barrier();
	kvfree(t->flows);
	kvfree(t->masks);
	kvfree(t->recent);
}

static struct rf *rf_setup(struct kunit *test, u32 cap, u64 salt)
{
	struct rf *t = test->priv;
	u64 seed = ovs_fuzz_seed(RF_SEED) ^ salt;

	prandom_seed_state(&t->r, seed);
	kunit_info(test, "seed %#llx\n", seed);
	t->tbl = ovs_flow_tbl_alloc(OVS_DP_MASKS_CACHE_DEFAULT);
	KUNIT_ASSERT_NOT_NULL(test, t->tbl);
	t->masks = kvcalloc(RF_MAX_MASKS, sizeof(*t->masks), GFP_KERNEL);
	t->cap = cap;
	t->flows = kvcalloc(cap, sizeof(*t->flows), GFP_KERNEL);
	t->recent = kvcalloc(RF_RECENT, sizeof(*t->recent), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, t->masks && t->flows && t->recent);
	return t;
}

static u32 rf_pick_mask(struct rf *t, u32 new_percent)
{
	if ((!t->n_masks || rf_chance(t, new_percent)) && rf_new_mask(t))
		return t->n_masks - 1;
	KUNIT_ASSERT_GT(t->test, t->n_masks, 0U);
	return rf_rand(t, t->n_masks);
}

static const u32 rf_cache_sizes[] = { 0, 4, 32, OVS_DP_MASKS_CACHE_DEFAULT,
				      512 };

static void rf_cache_resize(struct rf *t, u32 size)
{
	int err;

	ovs_lock();
	err = ovs_flow_tbl_masks_cache_resize(t->tbl, size);
	ovs_unlock();
	KUNIT_ASSERT_EQ(t->test, err, 0);
	KUNIT_EXPECT_EQ(t->test, ovs_flow_tbl_masks_cache_size(t->tbl), size);
}

static void rf_rebalance(struct rf *t)
{
	ovs_lock();
	ovs_flow_tbl_masks_rebalance(t->tbl);
	ovs_unlock();
}

static unsigned long rf_total(void)
{
	return ovs_fuzz_iterations(RF_SHORT);
}

static const void *rf_gen(const void *prev, char *desc)
{
	unsigned long n = prev ? (unsigned long)prev : 0;

	if (n * OVS_FUZZ_CHUNK >= rf_total())
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "operations %lu-%lu",
		 n * OVS_FUZZ_CHUNK,
		 min((n + 1) * OVS_FUZZ_CHUNK, rf_total()) - 1);
	return (const void *)(n + 1);
}

/*
 * Inserts, deletes and lookups in random order around a flow count that
 * swings between a few and hundreds, masks coming and going, the cache
 * resized and the masks rebalanced along the way.
 */
static void rf_run_interleaved(struct rf *t, unsigned long ops)
{
	struct kunit *test = t->test;
	unsigned long op;
	u32 target = 0, r, i;

	for (op = 0; op < ops; op++) {
		if (op % 2000 == 0)
			target = 8 + rf_rand(t, 600);
		if (op % 1000 == 999)
			rf_rebalance(t);
		r = rf_rand(t, 100);
		if (op % 3000 == 1500)
			rf_cache_resize(t, rf_cache_sizes[r % ARRAY_SIZE(rf_cache_sizes)]);
		if (op % 1500 == 1499)
			rf_check_all(t);
		if (r < 30 && t->n_flows < target) {
			rf_insert(t, rf_pick_mask(t, 10));
		} else if (r < 30 || (r < 45 && t->n_flows > target)) {
			if (t->n_flows)
				rf_delete(t, rf_rand(t, t->n_flows));
		} else if (r == 45 && t->n_flows) {
			/* Every flow of one mask: the mask goes away. */
			u32 mi = t->flows[rf_rand(t, t->n_flows)].mask;

			for (i = 0; i < t->n_flows; )
				if (t->flows[i].mask == mi)
					rf_delete(t, i);
				else
					i++;
			KUNIT_ASSERT_EQ(test, t->masks[mi].users, 0U);
			KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl),
					rf_masks_in_use(t));
		} else {
			rf_lookup_one(t);
		}
	}
	rf_check_all(t);
	KUNIT_EXPECT_GT(test, t->hits, 0UL);
	KUNIT_EXPECT_GT(test, t->lookups - t->hits, 0UL);
	KUNIT_EXPECT_GT(test, t->cache_hits, 0UL);
	KUNIT_EXPECT_GT(test, t->deletes, 0UL);
}

static void rf_test_interleaved(struct kunit *test)
{
	unsigned long chunk = (unsigned long)test->param_value - 1;
	unsigned long first = chunk * OVS_FUZZ_CHUNK;
	unsigned long ops = min(first + OVS_FUZZ_CHUNK, rf_total()) - first;

	rf_run_interleaved(rf_setup(test, 1024, chunk), ops);
}

/*
 * The bucket limit forced down to 1 and 2 (the test hook): full buckets
 * are common, flows spill to their own masks, and deletes empty tuples of
 * either kind.
 */
static void rf_test_limit(struct kunit *test, unsigned int limit, u64 salt)
{
	struct rf *t = rf_setup(test, 1024, salt);

	WRITE_ONCE(ovs_test_tuple_limit, limit);
	t->narrow = true;
	rf_run_interleaved(t, RF_SHORT / 4);
	KUNIT_EXPECT_GT(test, t->spilled, 0UL);
}

static void rf_test_limit1(struct kunit *test)
{
	rf_test_limit(test, 1, 0x3000);
}

static void rf_test_limit2(struct kunit *test)
{
	rf_test_limit(test, 2, 0x4000);
}

/*
 * The tuple cap forced down to 6 (max_tuples) and the bucket limit to
 * 2: tables sit at the cap, puts go under other masks' tuples or are
 * refused, and every answer still agrees with the reference.
 */
static void rf_test_tuple_max(struct kunit *test)
{
	struct rf *t = rf_setup(test, 1024, 0x6000);

	WRITE_ONCE(ovs_flow_max_tuples, 6);
	WRITE_ONCE(ovs_test_tuple_limit, 2);
	t->capped = true;
	t->narrow = true;
	rf_run_interleaved(t, RF_SHORT / 4);
	KUNIT_EXPECT_GT(test, t->refused, 0UL);
	KUNIT_EXPECT_GT(test, t->borrowed, 0UL);
}

/*
 * Flows of different masks overlap, as megaflows may after a revalidation
 * race: a lookup may return any flow that matches, but must find one.
 */
static void rf_test_overlap(struct kunit *test)
{
	struct rf *t = rf_setup(test, 1024, 0x5000);

	t->overlap = true;
	rf_run_interleaved(t, RF_SHORT / 4);
}

/*
 * Thousands of flows: the hash table doubles three times while lookups go on,
 * then a forced reseed, then every flow deleted (the masks down to zero)
 * and some added back.
 */
static void rf_test_expansion(struct kunit *test)
{
	struct rf *t = rf_setup(test, 4400, 0x1000);
	u32 n_buckets = ovs_flow_tbl_n_buckets(t->tbl);
	struct ovs_tbl_inst *ti;
	u64 old_seed;
	u32 i;

	while (t->n_flows < 4200) {
		if (!rf_insert(t, rf_pick_mask(t, 2)))
			continue;
		if (t->n_flows % 4 == 0)
			rf_lookup_one(t);
		if (t->n_flows % 700 == 0) {
			rf_rebalance(t);
			rf_check_all(t);
		}
	}
	KUNIT_EXPECT_GE(test, ovs_flow_tbl_n_buckets(t->tbl), 8 * n_buckets);
	rf_check_all(t);

	/* The ten-minute reseed, now: the next insert rehashes in place. */
	ovs_lock();
	ti = ovs_tbl_deref(t->tbl->ti);
	old_seed = ti->seed;
	t->tbl->last_rehash = jiffies - 11 * 60 * HZ;
	ovs_unlock();
	KUNIT_ASSERT_TRUE(test, rf_insert(t, 0) || rf_insert(t, 1));
	ovs_lock();
	ti = ovs_tbl_deref(t->tbl->ti);
	KUNIT_EXPECT_NE(test, ti->seed, old_seed);
	ovs_unlock();
	for (i = 0; i < 500; i++)
		rf_lookup_one(t);
	rf_check_all(t);

	while (t->n_flows) {
		rf_delete(t, rf_rand(t, t->n_flows));
		if (t->n_flows % 3 == 0)
			rf_lookup_one(t);
		if (t->n_flows % 900 == 0)
			rf_check_all(t);
	}
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), 0U);
	KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 0U);
	for (i = 0; i < 200; i++)
		rf_lookup_one(t);

	rf_cache_resize(t, 32);
	while (t->n_flows < 300) {
		rf_insert(t, rf_pick_mask(t, 0));
		rf_lookup_one(t);
	}
	rf_check_all(t);
	KUNIT_EXPECT_GT(test, t->hits, 0UL);
}

/*
 * Masks taken to zero one after another while the caches remember their
 * slots (the last mask moves into a freed slot), rebalanced by traffic,
 * and brought back.
 */
static void rf_test_masks_zero(struct kunit *test)
{
	struct rf *t = rf_setup(test, 1024, 0x2000);
	u32 order[RF_MAX_MASKS];
	u32 i, j, n, round;

	for (i = 0; i < 40; i++)
		rf_new_mask(t);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 400; i++)
			rf_insert(t, rf_rand(t, t->n_masks));
		/* Skewed traffic, so that the rebalance reorders. */
		for (i = 0; i < 600; i++) {
			if (t->n_flows && rf_chance(t, 50))
				rf_pkt_from(t, &t->flows[rf_rand(t, 1 +
					t->n_flows / 8)]);
			else
				rf_rand_key(t, &t->pkt, false);
			rf_check_pkt(t, &t->pkt, rf_hash(&t->pkt), -1);
			if (t->n_recent < RF_RECENT) {
				t->recent[t->n_recent].key = t->pkt;
				t->recent[t->n_recent++].hash =
					rf_hash(&t->pkt);
			}
		}
		rf_rebalance(t);
		rf_check_all(t);

		n = t->n_masks;
		for (i = 0; i < n; i++)
			order[i] = i;
		for (i = n - 1; i > 0; i--) {
			j = rf_rand(t, i + 1);
			swap(order[i], order[j]);
		}
		for (j = 0; j < n; j++) {
			for (i = 0; i < t->n_flows; )
				if (t->flows[i].mask == order[j])
					rf_delete(t, i);
				else
					i++;
			for (i = 0; i < t->n_recent; i++)
				rf_check_pkt(t, &t->recent[i].key,
					     t->recent[i].hash, -1);
			for (i = 0; i < 8; i++)
				rf_lookup_one(t);
			KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl),
					rf_masks_in_use(t));
			if (j % 8 == 7)
				rf_rebalance(t);
		}
		KUNIT_EXPECT_EQ(test, ovs_flow_tbl_num_masks(t->tbl), 0U);
		KUNIT_EXPECT_EQ(test, ovs_flow_tbl_count(t->tbl), 0U);
		rf_cache_resize(t, rf_cache_sizes[(round + 2) %
						  ARRAY_SIZE(rf_cache_sizes)]);
	}
	KUNIT_EXPECT_GT(test, t->cache_hits, 0UL);
}

static struct kunit_case ovs_flow_table_ref_cases[] = {
	KUNIT_CASE_PARAM(rf_test_interleaved, rf_gen),
	KUNIT_CASE(rf_test_expansion),
	KUNIT_CASE(rf_test_masks_zero),
	KUNIT_CASE(rf_test_limit1),
	KUNIT_CASE(rf_test_limit2),
	KUNIT_CASE(rf_test_overlap),
	KUNIT_CASE(rf_test_tuple_max),
	{}
};

static struct kunit_suite ovs_flow_table_ref_suite = {
	.name = "ovs_flow_table_ref",
	.init = rf_init,
	.exit = rf_exit,
	.test_cases = ovs_flow_table_ref_cases,
};

kunit_test_suite(ovs_flow_table_ref_suite);
