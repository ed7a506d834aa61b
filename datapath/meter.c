// SPDX-License-Identifier: GPL-2.0-only
/*
 * Meters: the per-datapath table (meter.h says how it is laid out) and the
 * token bucket each packet of a meter action goes through.
 *
 * The packet path takes no lock but the meter's own: the table is read
 * under RCU, and a meter's spinlock covers only its buckets and counters,
 * so CPUs metering different meters never meet, and those sharing one
 * hold its lock for a few additions.
 */

#include <linux/jhash.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/timekeeping.h>

#include "datapath.h"
#include "meter.h"

/* A new datapath's table: room for 127 meters before the first rebuild. */
#define OVS_METER_SLOTS_MIN	256U

/*
 * What a removed meter leaves in its slot: probes go on past it, and an
 * insert may take the slot.  Never a meter a lookup could return.
 */
static struct ovs_meter ovs_meter_tombstone;

static bool ovs_meter_live(const struct ovs_meter *m)
{
	return m && m != &ovs_meter_tombstone;
}

static u32 ovs_meter_home(const struct ovs_meter_slots *s, u32 id)
{
	/*
	 * Keyed, and rekeyed at every rebuild: ids chosen to share a home
	 * would turn every lookup into a walk of the table.
	 */
	return jhash_1word(id, s->seed) & s->mask;
}

static struct ovs_meter_slots *ovs_meter_slots_alloc(u32 size)
{
	struct ovs_meter_slots *s;

	s = kvzalloc(struct_size(s, slot, size), GFP_KERNEL_ACCOUNT);
	if (!s)
		return NULL;
	s->mask = size - 1;
	s->seed = get_random_u32();
	return s;
}

static void ovs_meter_slots_free_rcu(struct rcu_head *rcu)
{
	kvfree(container_of(rcu, struct ovs_meter_slots, rcu));
}

/* Slots for n meters with at least one to spare before half full. */
static u32 ovs_meter_slots_for(u32 n)
{
	return max_t(u32, OVS_METER_SLOTS_MIN, roundup_pow_of_two(2 * n + 2));
}

/*
 * The meter with this id and its slot, or NULL.  Bounded by the size, but
 * an empty slot (half of them are) ends it long before.
 */
static struct ovs_meter *ovs_meter_probe(const struct ovs_meter_slots *s,
					 u32 id, u32 *pos)
{
	u32 i = ovs_meter_home(s, id), n;
	struct ovs_meter *m;

	for (n = 0; n <= s->mask; n++, i = (i + 1) & s->mask) {
		m = rcu_dereference_check(s->slot[i], ovs_lock_is_held());
		if (!m)
			return NULL;
		if (m != &ovs_meter_tombstone && m->id == id) {
			*pos = i;
			return m;
		}
	}
	return NULL;
}

/*
 * Puts meter in the first slot of its probe sequence that holds no meter.
 * The caller made sure its id is not there and that a slot is free.
 * Returns true if it took an empty slot, false for a tombstone.
 */
static bool ovs_meter_place(struct ovs_meter_slots *s, struct ovs_meter *meter)
{
	u32 i = ovs_meter_home(s, meter->id);
	struct ovs_meter *m;

	for (;;) {
		m = rcu_dereference_protected(s->slot[i], true);
		if (!ovs_meter_live(m)) {
			rcu_assign_pointer(s->slot[i], meter);
			return !m;
		}
		i = (i + 1) & s->mask;
	}
}

/*
 * Replaces the slot array with one of size slots holding the same meters
 * and no tombstones.  Lookups still walking the old array find what they
 * would have found; it goes after them.  Under ovs_lock.
 */
static int ovs_meter_rebuild(struct ovs_meter_table *tbl, u32 size)
{
	struct ovs_meter_slots *old = ovs_dereference(tbl->slots);
	struct ovs_meter_slots *new;
	struct ovs_meter *m;
	u32 i;

	ovs_lock_assert();

	new = ovs_meter_slots_alloc(size);
	if (!new)
		return -ENOMEM;
	for (i = 0; i <= old->mask; i++) {
		m = ovs_dereference(old->slot[i]);
		if (ovs_meter_live(m))
			ovs_meter_place(new, m);
	}
	rcu_assign_pointer(tbl->slots, new);
	tbl->used = tbl->count;
	call_rcu(&old->rcu, ovs_meter_slots_free_rcu);
	return 0;
}

/*
 * As in-tree, the meters of one datapath may take a 32nd of the memory
 * that is free when it is created, at most OVS_METER_MAX_METERS; a meter
 * is counted without its bands, as in-tree counts it, so that no host
 * allows fewer meters than the in-tree module would.
 */
static u32 ovs_meter_tbl_limit(void)
{
	u64 budget = (u64)nr_free_buffer_pages() * (PAGE_SIZE / 32);

	return min_t(u64, OVS_METER_MAX_METERS,
		     div_u64(budget, sizeof(struct ovs_meter)));
}

struct ovs_meter_table *ovs_meter_tbl_alloc(void)
{
	struct ovs_meter_table *tbl;
	struct ovs_meter_slots *s;

	tbl = kzalloc(sizeof(*tbl), GFP_KERNEL_ACCOUNT);
	if (!tbl)
		return NULL;
	s = ovs_meter_slots_alloc(OVS_METER_SLOTS_MIN);
	if (!s) {
		kfree(tbl);
		return NULL;
	}
	RCU_INIT_POINTER(tbl->slots, s);
	tbl->max = ovs_meter_tbl_limit();
	return tbl;
}

static void ovs_meter_tbl_free_rcu(struct rcu_head *rcu)
{
	struct ovs_meter_table *tbl = container_of(rcu, struct ovs_meter_table,
						   rcu);

	kvfree(rcu_dereference_protected(tbl->slots, true));
	kfree(tbl);
}

/*
 * Nobody can change the table any more (its datapath is going, or never
 * was published), but packets may still be metering: everything goes
 * after them.
 */
void ovs_meter_tbl_destroy(struct ovs_meter_table *tbl)
{
	struct ovs_meter_slots *s;
	struct ovs_meter *m;
	u32 i;

	if (!tbl)
		return;
	s = rcu_dereference_protected(tbl->slots, true);
	for (i = 0; i <= s->mask; i++) {
		m = rcu_dereference_protected(s->slot[i], true);
		if (ovs_meter_live(m))
			ovs_meter_free(m);
	}
	call_rcu(&tbl->rcu, ovs_meter_tbl_free_rcu);
}

struct ovs_meter *ovs_meter_lookup(const struct ovs_meter_table *tbl, u32 id)
{
	u32 pos;

	return ovs_meter_probe(rcu_dereference_check(tbl->slots,
						     ovs_lock_is_held()),
			       id, &pos);
}

int ovs_meter_insert(struct ovs_meter_table *tbl, struct ovs_meter *meter,
		     struct ovs_meter **old)
{
	struct ovs_meter_slots *s = ovs_dereference(tbl->slots);
	u32 pos;
	int err;

	ovs_lock_assert();

	/* Same slot: a lookup finds the old meter or the new, never none. */
	*old = ovs_meter_probe(s, meter->id, &pos);
	if (*old) {
		rcu_assign_pointer(s->slot[pos], meter);
		return 0;
	}

	if (tbl->count >= tbl->max)
		return -EFBIG;
	if (2 * (tbl->used + 1) > s->mask + 1) {
		err = ovs_meter_rebuild(tbl, ovs_meter_slots_for(tbl->count + 1));
		if (err)
			return err;
		s = ovs_dereference(tbl->slots);
	}
	if (ovs_meter_place(s, meter))
		tbl->used++;
	tbl->count++;
	return 0;
}

struct ovs_meter *ovs_meter_remove(struct ovs_meter_table *tbl, u32 id)
{
	struct ovs_meter_slots *s = ovs_dereference(tbl->slots);
	struct ovs_meter *meter;
	u32 pos, i;

	ovs_lock_assert();

	meter = ovs_meter_probe(s, id, &pos);
	if (!meter)
		return NULL;
	rcu_assign_pointer(s->slot[pos], &ovs_meter_tombstone);
	tbl->count--;

	/*
	 * Tombstones just before an empty slot end no probe that could go
	 * further: they can be emptied, which keeps sparse tables clean
	 * without a rebuild.
	 */
	i = pos;
	if (!rcu_access_pointer(s->slot[(i + 1) & s->mask])) {
		while (rcu_access_pointer(s->slot[i]) == &ovs_meter_tombstone) {
			RCU_INIT_POINTER(s->slot[i], NULL);
			tbl->used--;
			i = (i - 1) & s->mask;
		}
	}

	/* Mostly empty: shrink.  A failure leaves a correct, larger table. */
	if (s->mask + 1 > OVS_METER_SLOTS_MIN && 8 * tbl->count < s->mask + 1)
		ovs_meter_rebuild(tbl, ovs_meter_slots_for(tbl->count));
	return meter;
}

struct ovs_meter *ovs_meter_tbl_next(const struct ovs_meter_table *tbl,
				     u32 *pos)
{
	const struct ovs_meter_slots *s = ovs_dereference(tbl->slots);
	struct ovs_meter *m;

	ovs_lock_assert();

	while (*pos <= s->mask) {
		m = ovs_dereference(s->slot[(*pos)++]);
		if (ovs_meter_live(m))
			return m;
	}
	return NULL;
}

struct ovs_meter *ovs_meter_alloc(u32 id, u16 n_bands, u64 now_ms)
{
	struct ovs_meter *meter;

	if (!n_bands)
		return NULL;
	meter = kzalloc(struct_size(meter, bands, n_bands), GFP_KERNEL_ACCOUNT);
	if (!meter)
		return NULL;
	spin_lock_init(&meter->lock);
	meter->id = id;
	meter->n_bands = n_bands;
	meter->used_ms = now_ms;
	return meter;
}

void ovs_meter_band_init(struct ovs_meter *meter, u16 i, u32 type, u32 rate,
			 u32 burst)
{
	struct ovs_meter_band *band = &meter->bands[i];

	band->type = type;
	band->rate = rate;
	/* A burst is in kilobits or packets: 1000 tokens each. */
	band->bucket_max = (u64)burst * 1000;
	band->bucket = band->bucket_max;
}

void ovs_meter_free(struct ovs_meter *meter)
{
	kfree_rcu(meter, rcu);
}

u64 ovs_meter_now_ms(void)
{
	return div_u64(ktime_get_ns(), NSEC_PER_MSEC);
}

bool ovs_meter_run(struct ovs_meter *meter, u32 len, u64 now_ms)
{
	u64 cost = meter->kbps ? (u64)len * 8 : 1000;
	struct ovs_meter_band *band, *hit = NULL;
	u64 elapsed = 0, credit;
	bool drop;
	u16 i;

	spin_lock(&meter->lock);

	/*
	 * A CPU that read the clock earlier may get the lock later: it adds
	 * nothing, and the meter's time never goes back, so no millisecond
	 * is credited twice.
	 */
	if (now_ms > meter->used_ms) {
		elapsed = now_ms - meter->used_ms;
		meter->used_ms = now_ms;
	}
	/* Past 49 days every bucket is full anyway; and no overflow below. */
	elapsed = min_t(u64, elapsed, U32_MAX);

	meter->stats.n_packets++;
	meter->stats.n_bytes += len;

	for (i = 0; i < meter->n_bands; i++) {
		band = &meter->bands[i];
		credit = elapsed * band->rate;
		if (credit >= band->bucket_max - band->bucket)
			band->bucket = band->bucket_max;
		else
			band->bucket += credit;

		if (band->bucket >= cost)
			band->bucket -= cost;
		else if (!hit || band->rate > hit->rate)
			/* Of the bands exceeded, the one of highest rate acts. */
			hit = band;
	}

	drop = false;
	if (hit) {
		hit->stats.n_packets++;
		hit->stats.n_bytes += len;
		drop = hit->type == OVS_METER_BAND_TYPE_DROP;
	}

	spin_unlock(&meter->lock);
	return drop;
}

bool ovs_meter_exceeded(struct ovs_dp *dp, const struct sk_buff *skb, u32 id)
{
	struct ovs_meter *meter = ovs_meter_lookup(dp->meters, id);

	if (!meter)
		return false;
	return ovs_meter_run(meter, skb->len, ovs_meter_now_ms());
}
