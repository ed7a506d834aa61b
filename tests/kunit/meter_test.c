// SPDX-License-Identifier: GPL-2.0-only
/*
 * Meters: the token bucket on a synthetic clock (datapath/meter.c), the
 * table as it grows, shrinks, churns and holds OVS_METER_MAX_METERS, the
 * meter action at install and on packets (a meter deleted under a flow,
 * and under a packet running it), and the ovs_meter family through a
 * netlink socket (datapath/genl_meter.c): the in-tree answers, every
 * malformed SET refused with an extack message, dumps, and the datapath
 * deleted with its meters.
 */

#include <linux/bitops.h>
#include <linux/jhash.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "actions_copy_kunit.h"
#include "actions_exec_kunit.h"
#include "genl_client_kunit.h"
#include "meter.h"

/* Any start: the meters only ever see differences. */
#define MT_T0	100000ULL

/* --- the band algorithm ---------------------------------------------- */

struct mts {
	struct ovs_meter *m[2];
	struct ovs_meter_table *tbl;
};

static int mts_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct mts), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void mts_exit(struct kunit *test)
{
	struct mts *t = test->priv;
	int i;

	for (i = 0; i < ARRAY_SIZE(t->m); i++)
		kfree(t->m[i]);
	if (t->tbl) {
		ovs_lock();
		ovs_meter_tbl_destroy(t->tbl);
		ovs_unlock();
	}
	rcu_barrier();
}

/* A one-band drop meter, freed with the test. */
static struct ovs_meter *mts_meter(struct kunit *test, int slot, bool kbps,
				   u32 rate, u32 burst)
{
	struct mts *t = test->priv;
	struct ovs_meter *m;

	m = ovs_meter_alloc(1, 1, MT_T0);
	KUNIT_ASSERT_NOT_NULL(test, m);
	t->m[slot] = m;
	m->kbps = kbps;
	ovs_meter_band_init(m, 0, OVS_METER_BAND_TYPE_DROP, rate, burst);
	return m;
}

/* Packets of len bytes at now until one is dropped: how many passed. */
static u32 mts_until_drop(struct ovs_meter *m, u32 len, u64 now)
{
	u32 n = 0;

	while (n < 1000000 && !ovs_meter_run(m, len, now))
		n++;
	return n;
}

/* pps: the burst passes at once, then the rate, and idle time refills. */
static void mts_pps(struct kunit *test)
{
	struct ovs_meter *m = mts_meter(test, 0, false, 1000, 10);
	u64 drops = 1;

	KUNIT_EXPECT_EQ(test, mts_until_drop(m, 100, MT_T0), 10U);
	/* 1000 packets a second is one a millisecond. */
	KUNIT_EXPECT_EQ(test, mts_until_drop(m, 100, MT_T0 + 1), 1U);
	KUNIT_EXPECT_EQ(test, mts_until_drop(m, 100, MT_T0 + 6), 5U);
	/* Ten seconds idle refill no more than the burst. */
	KUNIT_EXPECT_EQ(test, mts_until_drop(m, 100, MT_T0 + 10006), 10U);
	drops += 3;

	KUNIT_EXPECT_EQ(test, m->stats.n_packets, 10 + 1 + 5 + 10 + drops);
	KUNIT_EXPECT_EQ(test, m->stats.n_bytes, 100 * m->stats.n_packets);
	KUNIT_EXPECT_EQ(test, m->bands[0].stats.n_packets, drops);
	KUNIT_EXPECT_EQ(test, m->bands[0].stats.n_bytes, 100 * drops);
	KUNIT_EXPECT_EQ(test, m->used_ms, MT_T0 + 10006);
}

/*
 * kbps: 8000 kbps is 1000 bytes a millisecond.  Offered three times that
 * for five seconds, what passes is the rate over the time plus the burst,
 * to within a packet.
 */
static void mts_kbps(struct kunit *test)
{
	struct ovs_meter *m = mts_meter(test, 0, true, 8000, 16);
	u64 passed = 0, ms;
	int i;

	/* 16 kilobits: four 500-byte packets. */
	KUNIT_EXPECT_EQ(test, mts_until_drop(m, 500, MT_T0), 4U);
	KUNIT_EXPECT_EQ(test, mts_until_drop(m, 500, MT_T0 + 1), 2U);

	for (ms = 2; ms <= 5001; ms++)
		for (i = 0; i < 3; i++)
			if (!ovs_meter_run(m, 1000, MT_T0 + ms))
				passed += 1000;
	KUNIT_EXPECT_EQ(test, passed, 5000ULL * 1000);
	KUNIT_EXPECT_EQ(test, m->bands[0].stats.n_packets,
			2 + 3 * 5000ULL - 5000);
}

/*
 * Another CPU may run the meter with an earlier reading of the clock: it
 * gets no credit, and the credit of the later reading is not given twice.
 */
static void mts_clock_back(struct kunit *test)
{
	struct ovs_meter *m = mts_meter(test, 0, false, 1000, 1);

	KUNIT_EXPECT_FALSE(test, ovs_meter_run(m, 64, MT_T0));
	KUNIT_EXPECT_FALSE(test, ovs_meter_run(m, 64, MT_T0 + 5));
	KUNIT_EXPECT_TRUE(test, ovs_meter_run(m, 64, MT_T0 + 3));
	KUNIT_EXPECT_EQ(test, m->used_ms, MT_T0 + 5);
	KUNIT_EXPECT_TRUE(test, ovs_meter_run(m, 64, MT_T0 + 5));
	KUNIT_EXPECT_FALSE(test, ovs_meter_run(m, 64, MT_T0 + 6));
}

/*
 * With several bands exceeded, the one of highest rate takes the packet
 * (in-tree's rule).  SET allows one band, as in-tree; the algorithm is
 * written for any number.
 */
static void mts_bands(struct kunit *test)
{
	struct mts *t = test->priv;
	struct ovs_meter *m;

	m = ovs_meter_alloc(2, 2, MT_T0);
	KUNIT_ASSERT_NOT_NULL(test, m);
	t->m[0] = m;
	ovs_meter_band_init(m, 0, OVS_METER_BAND_TYPE_DROP, 10, 1);
	ovs_meter_band_init(m, 1, OVS_METER_BAND_TYPE_DROP, 20, 2);

	KUNIT_EXPECT_FALSE(test, ovs_meter_run(m, 64, MT_T0));
	/* Band 0 is out, band 1 still has a packet. */
	KUNIT_EXPECT_TRUE(test, ovs_meter_run(m, 64, MT_T0));
	KUNIT_EXPECT_EQ(test, m->bands[0].stats.n_packets, 1ULL);
	KUNIT_EXPECT_EQ(test, m->bands[1].stats.n_packets, 0ULL);
	/* Both out: the faster band counts it. */
	KUNIT_EXPECT_TRUE(test, ovs_meter_run(m, 64, MT_T0));
	KUNIT_EXPECT_EQ(test, m->bands[0].stats.n_packets, 1ULL);
	KUNIT_EXPECT_EQ(test, m->bands[1].stats.n_packets, 1ULL);
}

/* The largest rates, bursts and idle times overflow nothing. */
static void mts_limits(struct kunit *test)
{
	struct ovs_meter *m = mts_meter(test, 0, true, U32_MAX, U32_MAX);
	struct ovs_meter *zero = mts_meter(test, 1, false, 1, 0);

	KUNIT_EXPECT_FALSE(test, ovs_meter_run(m, 65535, MT_T0));
	KUNIT_EXPECT_FALSE(test, ovs_meter_run(m, 65535, U64_MAX / 2));
	KUNIT_EXPECT_FALSE(test, ovs_meter_run(m, U32_MAX, U64_MAX));
	KUNIT_EXPECT_EQ(test, m->bands[0].bucket_max, (u64)U32_MAX * 1000);
	KUNIT_EXPECT_LE(test, m->bands[0].bucket, m->bands[0].bucket_max);

	/* A burst of 0 (as in-tree takes it) lets nothing through. */
	KUNIT_EXPECT_TRUE(test, ovs_meter_run(zero, 64, MT_T0));
	KUNIT_EXPECT_TRUE(test, ovs_meter_run(zero, 64, U64_MAX));
	KUNIT_EXPECT_EQ(test, zero->bands[0].stats.n_packets, 2ULL);
}

/* --- the table ------------------------------------------------------- */

static struct ovs_meter_table *mts_tbl(struct kunit *test)
{
	struct mts *t = test->priv;

	t->tbl = ovs_meter_tbl_alloc();
	KUNIT_ASSERT_NOT_NULL(test, t->tbl);
	KUNIT_ASSERT_GT(test, t->tbl->max, 0U);
	return t->tbl;
}

static int mts_add(struct ovs_meter_table *tbl, u32 id)
{
	struct ovs_meter *m, *old;
	int err;

	m = ovs_meter_alloc(id, 1, MT_T0);
	if (!m)
		return -ENOMEM;
	ovs_meter_band_init(m, 0, OVS_METER_BAND_TYPE_DROP, 1, 1);
	err = ovs_meter_insert(tbl, m, &old);
	if (err)
		kfree(m);
	else if (old)
		ovs_meter_free(old);
	return err;
}

static void mts_del(struct kunit *test, struct ovs_meter_table *tbl, u32 id)
{
	struct ovs_meter *m = ovs_meter_remove(tbl, id);

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->id, id);
	ovs_meter_free(m);
}

/* Under ovs_lock. */
static bool mts_found(struct ovs_meter_table *tbl, u32 id)
{
	struct ovs_meter *m = ovs_meter_lookup(tbl, id);

	return m && m->id == id;
}

static u32 mts_size(struct ovs_meter_table *tbl)
{
	return ovs_dereference(tbl->slots)->mask + 1;
}

/* Never more than half the slots taken, meters and tombstones alike. */
static void mts_expect_sound(struct kunit *test, struct ovs_meter_table *tbl)
{
	KUNIT_EXPECT_LE(test, 2 * tbl->used, mts_size(tbl));
	KUNIT_EXPECT_LE(test, tbl->count, tbl->used);
}

/* Ids spread over the whole u32 range, like vswitchd's probe ids. */
static u32 mts_sparse_id(u32 i)
{
	return i * 2654435761U + 54545401U;
}

/* The table grows with its meters and shrinks after them. */
static void mts_grow_shrink(struct kunit *test)
{
	struct ovs_meter_table *tbl = mts_tbl(test);
	const u32 n = 5000;
	u32 i, min;

	ovs_lock();
	min = mts_size(tbl);
	for (i = 0; i < n; i++) {
		KUNIT_ASSERT_EQ(test, mts_add(tbl, i), 0);
		KUNIT_ASSERT_EQ(test, mts_add(tbl, mts_sparse_id(i)), 0);
	}
	KUNIT_EXPECT_EQ(test, tbl->count, 2 * n);
	KUNIT_EXPECT_GT(test, mts_size(tbl), 4 * n);
	mts_expect_sound(test, tbl);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_TRUE(test, mts_found(tbl, i));
		KUNIT_EXPECT_TRUE(test, mts_found(tbl, mts_sparse_id(i)));
	}
	KUNIT_EXPECT_NULL(test, ovs_meter_lookup(tbl, n));
	KUNIT_EXPECT_NULL(test, ovs_meter_remove(tbl, n));

	for (i = 0; i < n; i += 2) {
		mts_del(test, tbl, i);
		mts_del(test, tbl, mts_sparse_id(i));
	}
	mts_expect_sound(test, tbl);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, mts_found(tbl, i), i % 2 == 1);
	for (i = 1; i < n; i += 2) {
		mts_del(test, tbl, i);
		mts_del(test, tbl, mts_sparse_id(i));
	}
	KUNIT_EXPECT_EQ(test, tbl->count, 0U);
	KUNIT_EXPECT_EQ(test, mts_size(tbl), min);
	ovs_unlock();
}

/* A SET of an existing id replaces it in place and hands the old one back. */
static void mts_replace(struct kunit *test)
{
	struct ovs_meter_table *tbl = mts_tbl(test);
	struct ovs_meter *a, *b, *old;

	a = ovs_meter_alloc(5, 1, MT_T0);
	b = ovs_meter_alloc(5, 1, MT_T0);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	ovs_lock();
	KUNIT_EXPECT_EQ(test, ovs_meter_insert(tbl, a, &old), 0);
	KUNIT_EXPECT_NULL(test, old);
	KUNIT_EXPECT_EQ(test, ovs_meter_insert(tbl, b, &old), 0);
	KUNIT_EXPECT_PTR_EQ(test, old, a);
	KUNIT_EXPECT_PTR_EQ(test, ovs_meter_lookup(tbl, 5), b);
	KUNIT_EXPECT_EQ(test, tbl->count, 1U);
	ovs_unlock();
	ovs_meter_free(a);
}

/* A full table refuses a new id (EFBIG, as in-tree) but replaces. */
static void mts_full(struct kunit *test)
{
	struct ovs_meter_table *tbl = mts_tbl(test);

	ovs_lock();
	tbl->max = 3;
	KUNIT_EXPECT_EQ(test, mts_add(tbl, 1), 0);
	KUNIT_EXPECT_EQ(test, mts_add(tbl, 2), 0);
	KUNIT_EXPECT_EQ(test, mts_add(tbl, 3), 0);
	KUNIT_EXPECT_EQ(test, mts_add(tbl, 4), -EFBIG);
	KUNIT_EXPECT_EQ(test, mts_add(tbl, 2), 0);
	KUNIT_EXPECT_EQ(test, tbl->count, 3U);
	mts_del(test, tbl, 3);
	KUNIT_EXPECT_EQ(test, mts_add(tbl, 4), 0);
	ovs_unlock();
}

/*
 * Meters set and deleted over and over: tombstones never fill the table,
 * it stays small, and the live meters stay found.
 */
static void mts_churn(struct kunit *test)
{
	struct ovs_meter_table *tbl = mts_tbl(test);
	u32 i, j, min;

	ovs_lock();
	min = mts_size(tbl);
	for (i = 0; i < 50; i++)
		KUNIT_ASSERT_EQ(test, mts_add(tbl, mts_sparse_id(i)), 0);
	for (i = 50; i < 20000; i++) {
		mts_del(test, tbl, mts_sparse_id(i - 50));
		KUNIT_ASSERT_EQ(test, mts_add(tbl, mts_sparse_id(i)), 0);
	}
	mts_expect_sound(test, tbl);
	KUNIT_EXPECT_EQ(test, tbl->count, 50U);
	KUNIT_EXPECT_EQ(test, mts_size(tbl), min);
	for (j = 20000 - 50; j < 20000; j++)
		KUNIT_EXPECT_TRUE(test, mts_found(tbl, mts_sparse_id(j)));
	KUNIT_EXPECT_FALSE(test, mts_found(tbl, mts_sparse_id(20000 - 51)));
	ovs_unlock();
}

/*
 * As many meters as the newest in-tree datapath holds, dense ids as
 * vswitchd allocates them: one more is refused, lookups take a couple of
 * probes, and the memory a meter costs here is logged.
 */
static void mts_scale(struct kunit *test)
{
	struct ovs_meter_table *tbl = mts_tbl(test);
	u64 bytes = 0, probes = 0, max_probe = 0, d;
	const struct ovs_meter_slots *s;
	size_t meter_size, slots_size;
	struct ovs_meter *m;
	u32 i, n;

	n = min(tbl->max, OVS_METER_MAX_METERS);
	KUNIT_EXPECT_EQ(test, n, OVS_METER_MAX_METERS);
	ovs_lock();
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, mts_add(tbl, i), 0);
	KUNIT_EXPECT_EQ(test, tbl->count, n);
	if (tbl->max == n)
		KUNIT_EXPECT_EQ(test, mts_add(tbl, n), -EFBIG);
	mts_expect_sound(test, tbl);

	s = ovs_dereference(tbl->slots);
	for (i = 0; i <= s->mask; i++) {
		m = ovs_dereference(s->slot[i]);
		if (!m || m->id >= n)
			continue;
		bytes += ksize(m);
		d = (i - (jhash_1word(m->id, s->seed) & s->mask)) & s->mask;
		probes += d + 1;
		max_probe = max(max_probe, d + 1);
	}
	for (i = 0; i < n; i += 997)
		KUNIT_EXPECT_TRUE(test, mts_found(tbl, i));
	meter_size = ksize(ovs_meter_lookup(tbl, 0));
	slots_size = struct_size(s, slot, s->mask + 1);
	ovs_unlock();

	bytes += slots_size;
	kunit_info(test, "%u meters: %llu bytes each (meter %zu, slots %zu; sizeof %zu), %llu.%02llu probes per lookup, at most %llu\n",
		   n, div_u64(bytes, n), meter_size, slots_size / n,
		   struct_size(m, bands, 1), div_u64(probes, n),
		   div_u64(probes * 100, n) % 100, max_probe);
	KUNIT_EXPECT_LT(test, probes, 2ULL * n);
}

/* --- the meter action -------------------------------------------------- */

/* Accepted at install whether the meter exists or not, as in-tree. */
static void mts_action_check(struct kunit *test)
{
	struct nlattr *n;

	ovs_at_begin(test);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_METER, 1);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 2);
	ovs_at_accepted_same(test, "meter then output");

	ovs_at_begin(test);
	n = ovs_kt_nest(test, ovs_at_skb(test), OVS_ACTION_ATTR_CLONE);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_METER, U32_MAX);
	ovs_kt_u32(test, ovs_at_skb(test), OVS_ACTION_ATTR_OUTPUT, 4);
	ovs_kt_nest_end(test, ovs_at_skb(test), n);
	ovs_at_accepted_same(test, "meter inside clone");

	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_METER,
		   &(u64){ 1 }, sizeof(u64));
	ovs_at_refused(test, -EINVAL, "meter with a u64 id");

	ovs_at_begin(test);
	ovs_kt_put(test, ovs_at_skb(test), OVS_ACTION_ATTR_METER, NULL, 0);
	ovs_at_refused(test, -EINVAL, "meter without an id");
}

/* Meter id on t->dp: 1 packet a second, a burst of one. */
static void mts_dp_meter(struct kunit *test, u32 id)
{
	struct axt *t = test->priv;

	ovs_lock();
	KUNIT_EXPECT_EQ(test, mts_add(t->dp->meters, id), 0);
	ovs_unlock();
}

static const struct ovs_actions *mts_meter_output(struct kunit *test, u32 id)
{
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_METER, id);
	ovs_axt_output(test, 1);
	return ovs_axt_acts(test);
}

static struct ovs_meter *mts_dp_lookup(struct kunit *test, u32 id)
{
	struct axt *t = test->priv;
	struct ovs_meter *m;

	ovs_lock();
	m = ovs_meter_lookup(t->dp->meters, id);
	ovs_unlock();
	return m;
}

/*
 * The action drops what the meter drops and counts it; a meter id with no
 * meter passes everything.
 */
static void mts_action_run(struct kunit *test)
{
	const struct ovs_actions *acts;
	struct nlattr *n;
	int i;

	mts_dp_meter(test, 7);
	acts = mts_meter_output(test, 7);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 1U);
	KUNIT_EXPECT_EQ(test, mts_dp_lookup(test, 7)->stats.n_packets, 5ULL);
	KUNIT_EXPECT_EQ(test, mts_dp_lookup(test, 7)->bands[0].stats.n_packets, 4ULL);

	acts = mts_meter_output(test, 8);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 6U);

	/* Inside a clone it drops the clone's copy only. */
	mts_dp_meter(test, 9);
	n = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_CLONE);
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_ACTION_ATTR_METER, 9);
	ovs_axt_output(test, 2);
	ovs_kt_nest_end(test, ovs_axt_nl(test), n);
	ovs_axt_output(test, 1);
	acts = ovs_axt_acts(test);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts), 0);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 9U);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 2), 1U);
}

/*
 * A meter deleted while flows name it: their packets pass, and meet the
 * next meter set with that id.  A packet that was running the meter when
 * it was deleted finishes on it: the meter is freed after the packet.
 */
static void mts_action_deleted(struct kunit *test)
{
	struct axt *t = test->priv;
	const struct ovs_actions *acts;
	struct ovs_meter *m;
	int i;

	mts_dp_meter(test, 7);
	acts = mts_meter_output(test, 7);
	for (i = 0; i < 3; i++)
		ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 1U);

	/* The reader section a packet metering it would be in. */
	ovs_lock();
	rcu_read_lock();
	m = ovs_meter_remove(t->dp->meters, 7);
	KUNIT_ASSERT_NOT_NULL(test, m);
	ovs_meter_free(m);
	/* KASAN would catch this if the meter were freed already. */
	local_bh_disable();
	KUNIT_EXPECT_TRUE(test, ovs_meter_run(m, 64, ovs_meter_now_ms()));
	local_bh_enable();
	rcu_read_unlock();
	ovs_unlock();
	rcu_barrier();

	for (i = 0; i < 3; i++)
		ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 4U);

	mts_dp_meter(test, 7);
	for (i = 0; i < 3; i++)
		ovs_axt_run(test, ovs_axt_ipv4_tcp(test), acts);
	KUNIT_EXPECT_EQ(test, ovs_axt_count(test, 1), 5U);
}

/* --- the ovs_meter family --------------------------------------------- */

static struct sk_buff *mg_msg(struct kunit *test, u8 cmd)
{
	return ovs_gc_msg(test, test->priv, &ovs_meter_genl_family, cmd,
			  NLM_F_ECHO);
}

static void mg_band(struct kunit *test, struct sk_buff *msg, u32 type,
		    u32 rate, u32 burst)
{
	struct nlattr *band = ovs_kt_nest(test, msg, OVS_BAND_ATTR_UNSPEC);

	ovs_kt_u32(test, msg, OVS_BAND_ATTR_TYPE, type);
	ovs_kt_u32(test, msg, OVS_BAND_ATTR_RATE, rate);
	ovs_kt_u32(test, msg, OVS_BAND_ATTR_BURST, burst);
	ovs_kt_nest_end(test, msg, band);
}

/* A SET of a one-band kbps drop meter, as vswitchd sends it. */
static struct sk_buff *mg_set_msg(struct kunit *test, u32 id, u32 rate)
{
	struct sk_buff *msg = mg_msg(test, OVS_METER_CMD_SET);
	struct nlattr *bands;

	ovs_kt_u32(test, msg, OVS_METER_ATTR_ID, id);
	ovs_kt_put(test, msg, OVS_METER_ATTR_KBPS, NULL, 0);
	bands = ovs_kt_nest(test, msg, OVS_METER_ATTR_BANDS);
	mg_band(test, msg, OVS_METER_BAND_TYPE_DROP, rate, rate);
	ovs_kt_nest_end(test, msg, bands);
	return msg;
}

static int mg_call(struct kunit *test, struct sk_buff *msg,
		   struct sk_buff **reply)
{
	return ovs_gc_call(test, test->priv, msg, reply);
}

static int mg_id_cmd(struct kunit *test, u8 cmd, u32 id,
		     struct sk_buff **reply)
{
	struct sk_buff *msg = mg_msg(test, cmd);

	ovs_kt_u32(test, msg, OVS_METER_ATTR_ID, id);
	return mg_call(test, msg, reply);
}

static struct ovs_dp *mg_dp(struct kunit *test)
{
	struct gc *g = test->priv;
	struct ovs_dp *dp;

	ovs_lock();
	dp = ovs_dp_lookup_by_ifindex(&init_net, g->dp_ifindex);
	ovs_unlock();
	KUNIT_ASSERT_NOT_NULL(test, dp);
	return dp;
}

/* Runs n packets of len bytes through meter id, at its own time. */
static void mg_traffic(struct kunit *test, u32 id, int n, u32 len)
{
	struct ovs_dp *dp = mg_dp(test);
	struct ovs_meter *m;
	int i;

	rcu_read_lock();
	local_bh_disable();
	m = ovs_meter_lookup(dp->meters, id);
	KUNIT_EXPECT_NOT_NULL(test, m);
	for (i = 0; m && i < n; i++)
		ovs_meter_run(m, len, m->used_ms);
	local_bh_enable();
	rcu_read_unlock();
}

static bool mg_exists(struct kunit *test, u32 id)
{
	struct ovs_dp *dp = mg_dp(test);
	bool found;

	ovs_lock();
	found = ovs_meter_lookup(dp->meters, id);
	ovs_unlock();
	return found;
}

/* FEATURES: what the in-tree datapath announces, and the table's limit. */
static void mg_features(struct kunit *test)
{
	struct nlattr *a[OVS_METER_ATTR_MAX + 1], *b[OVS_BAND_ATTR_MAX + 1];
	struct gc *g = test->priv;
	struct sk_buff *reply;
	struct nlattr *band;
	int rem, n = 0;

	KUNIT_ASSERT_EQ(test, mg_call(test, mg_msg(test, OVS_METER_CMD_FEATURES),
				      &reply), 0);
	KUNIT_ASSERT_NOT_NULL(test, reply);
	ovs_gc_parse(test, reply, a, OVS_METER_ATTR_MAX);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_METER_ATTR_MAX_METERS]);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_METER_ATTR_MAX_BANDS]);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_METER_ATTR_BANDS]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(a[OVS_METER_ATTR_MAX_METERS]),
			mg_dp(test)->meters->max);
	KUNIT_EXPECT_EQ(test, nla_get_u32(a[OVS_METER_ATTR_MAX_METERS]),
			OVS_METER_MAX_METERS);
	KUNIT_EXPECT_EQ(test, nla_get_u32(a[OVS_METER_ATTR_MAX_BANDS]), 1U);
	nla_for_each_nested(band, a[OVS_METER_ATTR_BANDS], rem) {
		KUNIT_ASSERT_EQ(test, nla_parse_nested_deprecated(b, OVS_BAND_ATTR_MAX,
								  band, NULL, NULL), 0);
		KUNIT_ASSERT_NOT_NULL(test, b[OVS_BAND_ATTR_TYPE]);
		KUNIT_EXPECT_EQ(test, nla_get_u32(b[OVS_BAND_ATTR_TYPE]),
				(u32)OVS_METER_BAND_TYPE_DROP);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 1);
	kfree_skb(reply);

	/* No datapath there. */
	g->dp_ifindex += 1000;
	KUNIT_EXPECT_EQ(test, mg_call(test, mg_msg(test, OVS_METER_CMD_FEATURES),
				      NULL), -ENODEV);
	KUNIT_EXPECT_EQ(test, mg_id_cmd(test, OVS_METER_CMD_GET, 1, NULL),
			-ENODEV);
	KUNIT_EXPECT_NOT_NULL(test, strstr(g->ext_msg, "no such datapath"));
	g->dp_ifindex -= 1000;
}

/* The stats a GET, DEL or SET reply carries: the meter's and its band's. */
static void mg_expect_stats(struct kunit *test, struct sk_buff *reply, u32 id,
			    u64 packets, u64 band_packets)
{
	struct nlattr *a[OVS_METER_ATTR_MAX + 1], *b[OVS_BAND_ATTR_MAX + 1];
	const struct ovs_flow_stats *st;
	struct nlattr *band;
	int rem, n = 0;

	KUNIT_ASSERT_NOT_NULL(test, reply);
	ovs_gc_parse(test, reply, a, OVS_METER_ATTR_MAX);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_METER_ATTR_ID]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(a[OVS_METER_ATTR_ID]), id);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_METER_ATTR_STATS]);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_METER_ATTR_USED]);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_METER_ATTR_BANDS]);
	st = nla_data(a[OVS_METER_ATTR_STATS]);
	KUNIT_EXPECT_EQ(test, st->n_packets, packets);
	nla_for_each_nested(band, a[OVS_METER_ATTR_BANDS], rem) {
		KUNIT_ASSERT_EQ(test, nla_parse_nested_deprecated(b, OVS_BAND_ATTR_MAX,
								  band, NULL, NULL), 0);
		KUNIT_ASSERT_NOT_NULL(test, b[OVS_BAND_ATTR_STATS]);
		st = nla_data(b[OVS_BAND_ATTR_STATS]);
		KUNIT_EXPECT_EQ(test, st->n_packets, band_packets);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 1);
	kfree_skb(reply);
}

/* SET, GET, SET again, DEL, DEL again, GET: the in-tree answers. */
static void mg_lifecycle(struct kunit *test)
{
	struct nlattr *a[OVS_METER_ATTR_MAX + 1];
	struct gc *g = test->priv;
	struct sk_buff *reply;

	/* A new meter: the reply has its id and nothing else. */
	KUNIT_ASSERT_EQ(test, mg_call(test, mg_set_msg(test, 3, 1000), &reply), 0);
	KUNIT_ASSERT_NOT_NULL(test, reply);
	ovs_gc_parse(test, reply, a, OVS_METER_ATTR_MAX);
	KUNIT_EXPECT_EQ(test, nla_get_u32(a[OVS_METER_ATTR_ID]), 3U);
	KUNIT_EXPECT_NULL(test, a[OVS_METER_ATTR_STATS]);
	kfree_skb(reply);

	/* Traffic on it, as the packet path counts it. */
	mg_traffic(test, 3, 10, 1000);

	KUNIT_ASSERT_EQ(test, mg_id_cmd(test, OVS_METER_CMD_GET, 3, &reply), 0);
	/* 1000 kbits of burst: 125 packets of 1000 bytes, none dropped. */
	mg_expect_stats(test, reply, 3, 10, 0);

	/* Replaced: the reply has the old meter's counters. */
	KUNIT_ASSERT_EQ(test, mg_call(test, mg_set_msg(test, 3, 10), &reply), 0);
	mg_expect_stats(test, reply, 3, 10, 0);
	mg_traffic(test, 3, 10, 1000);

	/* Deleted: the last counters; 10 kbits pass one 1000-byte packet. */
	KUNIT_ASSERT_EQ(test, mg_id_cmd(test, OVS_METER_CMD_DEL, 3, &reply), 0);
	mg_expect_stats(test, reply, 3, 10, 9);

	/* Gone: DEL succeeds with an empty reply, GET fails. */
	KUNIT_ASSERT_EQ(test, mg_id_cmd(test, OVS_METER_CMD_DEL, 3, &reply), 0);
	KUNIT_ASSERT_NOT_NULL(test, reply);
	ovs_gc_parse(test, reply, a, OVS_METER_ATTR_MAX);
	KUNIT_EXPECT_NULL(test, a[OVS_METER_ATTR_ID]);
	KUNIT_EXPECT_NULL(test, a[OVS_METER_ATTR_STATS]);
	kfree_skb(reply);
	KUNIT_EXPECT_EQ(test, mg_id_cmd(test, OVS_METER_CMD_GET, 3, NULL),
			-ENOENT);
	KUNIT_EXPECT_NOT_NULL(test, strstr(g->ext_msg, "no such meter"));
	KUNIT_EXPECT_EQ(test, mg_dp(test)->meters->count, 0U);
}

/*
 * Stats given with SET start the meter's counters, unless CLEAR; a meter
 * set with CLEAR gives no counters back when it is replaced.
 */
static void mg_stats_clear(struct kunit *test)
{
	struct ovs_flow_stats st = { .n_packets = 42, .n_bytes = 4200 };
	struct nlattr *a[OVS_METER_ATTR_MAX + 1];
	struct sk_buff *msg, *reply;

	msg = mg_set_msg(test, 4, 100);
	ovs_kt_put(test, msg, OVS_METER_ATTR_STATS, &st, sizeof(st));
	KUNIT_ASSERT_EQ(test, mg_call(test, msg, NULL), 0);
	KUNIT_ASSERT_EQ(test, mg_id_cmd(test, OVS_METER_CMD_GET, 4, &reply), 0);
	mg_expect_stats(test, reply, 4, 42, 0);

	msg = mg_set_msg(test, 4, 100);
	ovs_kt_put(test, msg, OVS_METER_ATTR_STATS, &st, sizeof(st));
	ovs_kt_put(test, msg, OVS_METER_ATTR_CLEAR, NULL, 0);
	KUNIT_ASSERT_EQ(test, mg_call(test, msg, &reply), 0);
	mg_expect_stats(test, reply, 4, 42, 0);
	KUNIT_ASSERT_EQ(test, mg_id_cmd(test, OVS_METER_CMD_GET, 4, &reply), 0);
	mg_expect_stats(test, reply, 4, 0, 0);

	KUNIT_ASSERT_EQ(test, mg_call(test, mg_set_msg(test, 4, 100), &reply), 0);
	KUNIT_ASSERT_NOT_NULL(test, reply);
	ovs_gc_parse(test, reply, a, OVS_METER_ATTR_MAX);
	KUNIT_EXPECT_NOT_NULL(test, a[OVS_METER_ATTR_ID]);
	KUNIT_EXPECT_NULL(test, a[OVS_METER_ATTR_STATS]);
	kfree_skb(reply);
}

/* ovs-vswitchd's probe for broken meters, with its ids, must pass. */
static void mg_vswitchd_probe(struct kunit *test)
{
	struct sk_buff *reply;

	KUNIT_EXPECT_EQ(test, mg_call(test, mg_set_msg(test, 54545401, 1), NULL), 0);
	KUNIT_EXPECT_EQ(test, mg_call(test, mg_set_msg(test, 54545402, 1), NULL), 0);
	KUNIT_ASSERT_EQ(test, mg_id_cmd(test, OVS_METER_CMD_GET, 54545401, &reply), 0);
	mg_expect_stats(test, reply, 54545401, 0, 0);
	KUNIT_ASSERT_EQ(test, mg_id_cmd(test, OVS_METER_CMD_GET, 54545402, &reply), 0);
	mg_expect_stats(test, reply, 54545402, 0, 0);
	KUNIT_ASSERT_EQ(test, mg_id_cmd(test, OVS_METER_CMD_DEL, 54545401, &reply), 0);
	mg_expect_stats(test, reply, 54545401, 0, 0);
	KUNIT_ASSERT_EQ(test, mg_id_cmd(test, OVS_METER_CMD_DEL, 54545402, &reply), 0);
	mg_expect_stats(test, reply, 54545402, 0, 0);
}

struct mg_bad {
	const char *what;
	const char *msg;	/* in the extack message */
	int err;
};

static void mg_expect_refused(struct kunit *test, struct sk_buff *msg,
			      const struct mg_bad *bad)
{
	struct gc *g = test->priv;

	KUNIT_EXPECT_EQ_MSG(test, mg_call(test, msg, NULL), bad->err, "%s",
			    bad->what);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(g->ext_msg, bad->msg),
				  "%s: extack \"%s\"", bad->what, g->ext_msg);
	KUNIT_EXPECT_EQ_MSG(test, mg_dp(test)->meters->count, 0U, "%s",
			    bad->what);
}

/* Every malformed SET, refused with its extack message; nothing is set. */
static void mg_set_refused(struct kunit *test)
{
	static const struct mg_bad bad[] = {
		{ "no id", "a meter needs an id", -EINVAL },
		{ "no bands", "a meter needs bands", -EINVAL },
		{ "empty bands", "at least one band", -EINVAL },
		{ "two bands", "too many bands", -EINVAL },
		{ "zero rate", "rate must not be zero", -EINVAL },
		{ "unspec band type", "unknown band type", -EINVAL },
		{ "unknown band type", "unknown band type", -EINVAL },
		{ "band without rate", "a type, a rate and a burst", -EINVAL },
		{ "band without burst", "a type, a rate and a burst", -EINVAL },
		{ "band without type", "a type, a rate and a burst", -EINVAL },
		{ "u64 rate", "are u32", -EINVAL },
		{ "u16 id", "failed policy validation", -ERANGE },
		{ "u64 id", "wrong size", -EINVAL },
		{ "long stats", "stats have the wrong size", -EINVAL },
		{ "short band stats", "stats have the wrong size", -EINVAL },
		{ "trailing bytes in bands", "trailing bytes", -EINVAL },
		{ "kbps flag with a value", "failed policy validation", -ERANGE },
	};
	const u64 long_stats[3] = { 1, 2, 3 };
	struct nlattr *bands, *band;
	struct sk_buff *msg;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		msg = mg_msg(test, OVS_METER_CMD_SET);
		if (i == 11)
			ovs_kt_put(test, msg, OVS_METER_ATTR_ID, &(u16){ 1 }, 2);
		else if (i == 12)
			ovs_kt_put(test, msg, OVS_METER_ATTR_ID, &(u64){ 1 }, 8);
		else if (i != 0)
			ovs_kt_u32(test, msg, OVS_METER_ATTR_ID, 1);
		if (i == 13)
			ovs_kt_put(test, msg, OVS_METER_ATTR_STATS, long_stats,
				   sizeof(long_stats));
		if (i == 16)
			ovs_kt_u32(test, msg, OVS_METER_ATTR_KBPS, 1);
		if (i == 1) {
			mg_expect_refused(test, msg, &bad[i]);
			continue;
		}
		bands = ovs_kt_nest(test, msg, OVS_METER_ATTR_BANDS);
		switch (i) {
		case 2:
			break;
		case 3:
			mg_band(test, msg, OVS_METER_BAND_TYPE_DROP, 10, 10);
			mg_band(test, msg, OVS_METER_BAND_TYPE_DROP, 20, 20);
			break;
		case 4:
			mg_band(test, msg, OVS_METER_BAND_TYPE_DROP, 0, 10);
			break;
		case 5:
			mg_band(test, msg, OVS_METER_BAND_TYPE_UNSPEC, 10, 10);
			break;
		case 6:
			mg_band(test, msg, OVS_METER_BAND_TYPE_MAX + 1, 10, 10);
			break;
		case 7 ... 10:
			band = ovs_kt_nest(test, msg, OVS_BAND_ATTR_UNSPEC);
			if (i != 9)
				ovs_kt_u32(test, msg, OVS_BAND_ATTR_TYPE,
					   OVS_METER_BAND_TYPE_DROP);
			if (i == 10)
				ovs_kt_put(test, msg, OVS_BAND_ATTR_RATE,
					   &(u64){ 10 }, 8);
			else if (i != 7)
				ovs_kt_u32(test, msg, OVS_BAND_ATTR_RATE, 10);
			if (i != 8)
				ovs_kt_u32(test, msg, OVS_BAND_ATTR_BURST, 10);
			ovs_kt_nest_end(test, msg, band);
			break;
		case 14:
			band = ovs_kt_nest(test, msg, OVS_BAND_ATTR_UNSPEC);
			ovs_kt_u32(test, msg, OVS_BAND_ATTR_TYPE,
				   OVS_METER_BAND_TYPE_DROP);
			ovs_kt_u32(test, msg, OVS_BAND_ATTR_RATE, 10);
			ovs_kt_u32(test, msg, OVS_BAND_ATTR_BURST, 10);
			ovs_kt_put(test, msg, OVS_BAND_ATTR_STATS, &(u64){ 1 }, 8);
			ovs_kt_nest_end(test, msg, band);
			break;
		case 15:
			mg_band(test, msg, OVS_METER_BAND_TYPE_DROP, 10, 10);
			/* Less than an attribute header: the parser stops there. */
			skb_put_zero(msg, NLA_HDRLEN);
			break;
		default:
			mg_band(test, msg, OVS_METER_BAND_TYPE_DROP, 10, 10);
			break;
		}
		ovs_kt_nest_end(test, msg, bands);
		mg_expect_refused(test, msg, &bad[i]);
	}
}

/*
 * What a SET may carry beyond what this datapath reads, as in-tree takes
 * it: unknown band attributes, a band's stats, a burst of 0.
 */
static void mg_set_lenient(struct kunit *test)
{
	struct nlattr *bands, *band;
	struct ovs_flow_stats st = {};
	struct sk_buff *msg;

	msg = mg_msg(test, OVS_METER_CMD_SET);
	ovs_kt_u32(test, msg, OVS_METER_ATTR_ID, 9);
	bands = ovs_kt_nest(test, msg, OVS_METER_ATTR_BANDS);
	band = ovs_kt_nest(test, msg, OVS_BAND_ATTR_UNSPEC);
	ovs_kt_u32(test, msg, OVS_BAND_ATTR_TYPE, OVS_METER_BAND_TYPE_DROP);
	ovs_kt_u32(test, msg, OVS_BAND_ATTR_RATE, 10);
	ovs_kt_u32(test, msg, OVS_BAND_ATTR_BURST, 0);
	ovs_kt_put(test, msg, OVS_BAND_ATTR_STATS, &st, sizeof(st));
	ovs_kt_u32(test, msg, OVS_BAND_ATTR_MAX + 1, 7);
	ovs_kt_nest_end(test, msg, band);
	ovs_kt_nest_end(test, msg, bands);
	KUNIT_EXPECT_EQ(test, mg_call(test, msg, NULL), 0);
	KUNIT_EXPECT_TRUE(test, mg_exists(test, 9));
}

/* A full table: EFBIG for a new id, with a message; a replace works. */
static void mg_full(struct kunit *test)
{
	struct ovs_dp *dp = mg_dp(test);
	struct gc *g = test->priv;
	u32 max;

	ovs_lock();
	max = dp->meters->max;
	dp->meters->max = 2;
	ovs_unlock();
	KUNIT_EXPECT_EQ(test, mg_call(test, mg_set_msg(test, 1, 10), NULL), 0);
	KUNIT_EXPECT_EQ(test, mg_call(test, mg_set_msg(test, 2, 10), NULL), 0);
	KUNIT_EXPECT_EQ(test, mg_call(test, mg_set_msg(test, 3, 10), NULL), -EFBIG);
	KUNIT_EXPECT_NOT_NULL(test, strstr(g->ext_msg, "meter table is full"));
	KUNIT_EXPECT_EQ(test, mg_call(test, mg_set_msg(test, 2, 20), NULL), 0);
	ovs_lock();
	dp->meters->max = max;
	ovs_unlock();
}

static void mg_dump_one(struct kunit *test, const struct nlmsghdr *nlh,
			void *arg)
{
	struct nlattr *a[OVS_METER_ATTR_MAX + 1];
	unsigned long *seen = arg;
	u32 id;

	KUNIT_ASSERT_EQ(test, nlmsg_parse_deprecated(nlh, GENL_HDRLEN +
						     sizeof(struct ovs_header),
						     a, OVS_METER_ATTR_MAX,
						     NULL, NULL), 0);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_METER_ATTR_ID]);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_METER_ATTR_STATS]);
	id = nla_get_u32(a[OVS_METER_ATTR_ID]);
	KUNIT_ASSERT_LT(test, id, 1000U);
	KUNIT_EXPECT_FALSE_MSG(test, test_and_set_bit(id, seen),
			       "meter %u dumped twice", id);
}

/* A dump over several messages gives every meter once. */
static void mg_dump(struct kunit *test)
{
	unsigned long *seen;
	struct gc *g = test->priv;
	int i;

	seen = kunit_kzalloc(test, BITS_TO_LONGS(1000) * sizeof(long),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	KUNIT_EXPECT_EQ(test, ovs_gc_dump(test, g, mg_msg(test, OVS_METER_CMD_GET),
					  mg_dump_one, seen), 0);
	for (i = 0; i < 1000; i += 3)
		KUNIT_ASSERT_EQ(test, mg_call(test, mg_set_msg(test, i, 10), NULL), 0);
	KUNIT_EXPECT_EQ(test, ovs_gc_dump(test, g, mg_msg(test, OVS_METER_CMD_GET),
					  mg_dump_one, seen), 334);
	for (i = 0; i < 1000; i++)
		KUNIT_EXPECT_EQ(test, test_bit(i, seen), i % 3 == 0);
}

static struct kunit_case ovs_meter_cases[] = {
	KUNIT_CASE(mts_pps),
	KUNIT_CASE(mts_kbps),
	KUNIT_CASE(mts_clock_back),
	KUNIT_CASE(mts_bands),
	KUNIT_CASE(mts_limits),
	KUNIT_CASE(mts_grow_shrink),
	KUNIT_CASE(mts_replace),
	KUNIT_CASE(mts_full),
	KUNIT_CASE(mts_churn),
	KUNIT_CASE(mts_scale),
	{}
};

static struct kunit_suite ovs_meter_suite = {
	.name = "ovs_meter",
	.init = mts_init,
	.exit = mts_exit,
	.test_cases = ovs_meter_cases,
};

static struct kunit_case ovs_meter_check_cases[] = {
	KUNIT_CASE(mts_action_check),
	{}
};

static struct kunit_suite ovs_meter_check_suite = {
	.name = "ovs_meter_action_check",
	.init = ovs_at_init,
	.exit = ovs_at_exit,
	.test_cases = ovs_meter_check_cases,
};

static struct kunit_case ovs_meter_exec_cases[] = {
	KUNIT_CASE(mts_action_run),
	KUNIT_CASE(mts_action_deleted),
	{}
};

static struct kunit_suite ovs_meter_exec_suite = {
	.name = "ovs_meter_action_exec",
	.init = ovs_axt_init,
	.exit = ovs_axt_exit,
	.test_cases = ovs_meter_exec_cases,
};

static struct kunit_case ovs_genl_meter_cases[] = {
	KUNIT_CASE(mg_features),
	KUNIT_CASE(mg_lifecycle),
	KUNIT_CASE(mg_stats_clear),
	KUNIT_CASE(mg_vswitchd_probe),
	KUNIT_CASE(mg_set_refused),
	KUNIT_CASE(mg_set_lenient),
	KUNIT_CASE(mg_full),
	KUNIT_CASE(mg_dump),
	{}
};

static struct kunit_suite ovs_genl_meter_suite = {
	.name = "ovs_meter_genl",
	.init = ovs_gc_suite_init_dp,
	/* Deleting the datapath frees its meters (kmemleak checks it). */
	.exit = ovs_gc_suite_exit,
	.test_cases = ovs_genl_meter_cases,
};

kunit_test_suites(&ovs_meter_suite, &ovs_meter_check_suite,
		  &ovs_meter_exec_suite, &ovs_genl_meter_suite);
