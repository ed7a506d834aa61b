/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Meters (meter.c): each datapath's table of OpenFlow meters, token
 * buckets that the meter action runs packets through, found by id in
 * constant time from every CPU at once.  Userspace sets, reads and deletes
 * them over the ovs_meter family (genl_meter.c).
 */
#ifndef OVS_METER_H
#define OVS_METER_H

#include <linux/openvswitch.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct ovs_dp;
struct sk_buff;

/*
 * What FEATURES announces, the in-tree datapath's limits: ovs-vswitchd
 * sizes its meter id pool by the first, and refuses OpenFlow meters with
 * more bands than the second.
 */
#define OVS_METER_MAX_METERS	200000U
#define OVS_METER_MAX_BANDS	1

struct ovs_meter_band {
	u32 type;			/* OVS_METER_BAND_TYPE_DROP */
	u32 rate;			/* kbps, or packets per second */
	/*
	 * Tokens: bits for a kbps meter, thousandths of a packet for a pps
	 * one, so that a rate times a number of milliseconds is tokens.
	 */
	u64 bucket;
	u64 bucket_max;			/* the burst, in tokens */
	struct ovs_flow_stats stats;	/* packets this band caught */
};

struct ovs_meter {
	spinlock_t lock;		/* buckets, stats and used_ms */
	u32 id;
	u64 used_ms;			/* when a packet last ran it */
	u16 n_bands;
	bool kbps;
	bool keep_stats;		/* SET without OVS_METER_ATTR_CLEAR */
	struct ovs_flow_stats stats;	/* every packet it saw */
	struct rcu_head rcu;
	struct ovs_meter_band bands[];
};

/*
 * Open addressing with linear probing from a keyed hash of the id: one
 * array of pointers, read under RCU.  A removed meter leaves a tombstone
 * so that probes for the meters after it still find them; the array is
 * rebuilt (grown, shrunk, swept of tombstones) under ovs_lock and
 * replaced as a whole.  At most half of it is ever in use, so a lookup
 * stops at an empty slot after about two probes.
 */
struct ovs_meter_slots {
	struct rcu_head rcu;
	u32 mask;			/* slots - 1, a power of two minus one */
	u32 seed;			/* of the hash placing ids in this array */
	struct ovs_meter __rcu *slot[];
};

struct ovs_meter_table {
	struct rcu_head rcu;
	struct ovs_meter_slots __rcu *slots;
	u32 count;			/* meters */
	u32 used;			/* meters and tombstones */
	u32 max;			/* meters allowed, as FEATURES says */
};

struct ovs_meter_table *ovs_meter_tbl_alloc(void);
/*
 * Frees the table and its meters after the packets still running them are
 * gone.  Under ovs_lock, or before the table was ever published.
 */
void ovs_meter_tbl_destroy(struct ovs_meter_table *tbl);

/* Under RCU or ovs_lock. */
struct ovs_meter *ovs_meter_lookup(const struct ovs_meter_table *tbl, u32 id);
/*
 * Puts meter in the table, in place of the meter with its id if there is
 * one, which is then returned in *old for the caller to free.  -EFBIG when
 * tbl->max meters are there already, -ENOMEM.  Under ovs_lock.
 */
int ovs_meter_insert(struct ovs_meter_table *tbl, struct ovs_meter *meter,
		     struct ovs_meter **old);
/* Takes the meter with this id out of the table and returns it, or NULL. */
struct ovs_meter *ovs_meter_remove(struct ovs_meter_table *tbl, u32 id);
/*
 * For dumps: the meter at or after slot *pos, *pos moved past it; NULL at
 * the end.  Under ovs_lock.
 */
struct ovs_meter *ovs_meter_tbl_next(const struct ovs_meter_table *tbl,
				     u32 *pos);

/*
 * A meter with n_bands bands, all zero, and its clock started at now_ms;
 * NULL if n_bands is 0 or memory is short.
 */
struct ovs_meter *ovs_meter_alloc(u32 id, u16 n_bands, u64 now_ms);
/* Band i of a new meter: full, so that a burst passes at once. */
void ovs_meter_band_init(struct ovs_meter *meter, u16 i, u32 type, u32 rate,
			 u32 burst);
/* After the readers that may still hold it are gone. */
void ovs_meter_free(struct ovs_meter *meter);

/* Milliseconds of the monotonic clock, the meters' time. */
u64 ovs_meter_now_ms(void);
/*
 * Runs a packet of len bytes through the meter at now_ms; true if a drop
 * band caught it.  On any CPU, bottom halves disabled.
 */
bool ovs_meter_run(struct ovs_meter *meter, u32 len, u64 now_ms);
/*
 * The meter action: true if the packet must be dropped.  A meter id with
 * no meter passes everything, as in-tree.  Under RCU, bottom halves
 * disabled.
 */
bool ovs_meter_exceeded(struct ovs_dp *dp, const struct sk_buff *skb, u32 id);

#endif /* OVS_METER_H */
