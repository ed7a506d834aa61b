// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ovs_meter generic netlink family: what meters the datapath offers
 * (FEATURES), and setting, reading, deleting and dumping them.
 *
 * The answers are the in-tree datapath's, which ovs-vswitchd probes: a SET
 * replaces a meter of the same id and returns the replaced meter's
 * counters unless it was set with CLEAR; a DEL of an id with no meter
 * succeeds with an empty reply; a GET of one fails with ENOENT; a full
 * table refuses a new meter with EFBIG.  Where in-tree takes what it
 * cannot honour (no bands, band types other than drop), this family
 * refuses it, with an extack message for every refusal.
 */

#include <linux/kernel.h>
#include <linux/openvswitch.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "datapath.h"
#include "genl.h"
#include "meter.h"

const struct nla_policy ovs_meter_policy[OVS_METER_ATTR_MAX + 1] = {
	[OVS_METER_ATTR_ID] = { .type = NLA_U32 },
	[OVS_METER_ATTR_KBPS] = { .type = NLA_FLAG },
	[OVS_METER_ATTR_STATS] = { .len = sizeof(struct ovs_flow_stats) },
	[OVS_METER_ATTR_BANDS] = { .type = NLA_NESTED },
	[OVS_METER_ATTR_USED] = { .type = NLA_U64 },
	[OVS_METER_ATTR_CLEAR] = { .type = NLA_FLAG },
	[OVS_METER_ATTR_MAX_METERS] = { .type = NLA_U32 },
	[OVS_METER_ATTR_MAX_BANDS] = { .type = NLA_U32 },
};

/* In-tree registers the group, and never sends to it. */
static const struct genl_multicast_group ovs_meter_mcgrp = {
	.name = OVS_METER_MCGROUP,
};

/* One band of a SET, checked. */
struct ovs_meter_band_cfg {
	u32 type;
	u32 rate;
	u32 burst;
};

static size_t ovs_meter_msg_size(u16 n_bands)
{
	return NLMSG_ALIGN(sizeof(struct ovs_header))
		+ nla_total_size(sizeof(u32))			/* ID */
		+ nla_total_size(sizeof(struct ovs_flow_stats))	/* STATS */
		+ nla_total_size_64bit(sizeof(u64))		/* USED */
		+ nla_total_size(0)				/* BANDS */
		+ n_bands * (nla_total_size(0) +
			     nla_total_size(sizeof(struct ovs_flow_stats)));
}

static struct ovs_dp *ovs_meter_dp(struct genl_info *info)
{
	const struct ovs_header *ovs_header = genl_info_userhdr(info);
	struct ovs_dp *dp;

	dp = ovs_dp_lookup_by_ifindex(genl_info_net(info),
				      ovs_header->dp_ifindex);
	if (!dp)
		NL_SET_ERR_MSG_MOD(info->extack, "no such datapath");
	return dp;
}

/* A reply to info with room for size bytes; the header is in place. */
static struct sk_buff *ovs_meter_reply_new(struct genl_info *info, u8 cmd,
					   size_t size,
					   struct ovs_header **hdr)
{
	const struct ovs_header *req = genl_info_userhdr(info);
	struct sk_buff *skb;

	skb = genlmsg_new(size, GFP_KERNEL);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put_reply(skb, info, &ovs_meter_genl_family, 0, cmd);
	if (!*hdr) {
		kfree_skb(skb);
		return NULL;
	}
	(*hdr)->dp_ifindex = req->dp_ifindex;
	return skb;
}

/*
 * The meter's counters, as GET, DEL and SET report them.  Packets may be
 * running it on other CPUs: its lock makes the copy consistent.
 */
static int ovs_meter_put_stats(struct sk_buff *skb, struct ovs_meter *meter)
{
	struct nlattr *bands, *band;
	int err = -EMSGSIZE;
	u16 i;

	spin_lock_bh(&meter->lock);
	if (nla_put(skb, OVS_METER_ATTR_STATS, sizeof(meter->stats),
		    &meter->stats) ||
	    nla_put_u64_64bit(skb, OVS_METER_ATTR_USED, meter->used_ms,
			      OVS_METER_ATTR_PAD))
		goto out_unlock;
	bands = nla_nest_start_noflag(skb, OVS_METER_ATTR_BANDS);
	if (!bands)
		goto out_unlock;
	for (i = 0; i < meter->n_bands; i++) {
		band = nla_nest_start_noflag(skb, OVS_BAND_ATTR_UNSPEC);
		if (!band ||
		    nla_put(skb, OVS_BAND_ATTR_STATS,
			    sizeof(meter->bands[i].stats),
			    &meter->bands[i].stats))
			goto out_unlock;
		nla_nest_end(skb, band);
	}
	nla_nest_end(skb, bands);
	err = 0;
out_unlock:
	spin_unlock_bh(&meter->lock);
	return err;
}

/* One message of a dump: the meter's id and counters. */
static int ovs_meter_fill(struct sk_buff *skb, struct ovs_meter *meter,
			  int dp_ifindex, u32 portid, u32 seq, u32 flags,
			  u8 cmd)
{
	struct ovs_header *hdr;

	hdr = genlmsg_put(skb, portid, seq, &ovs_meter_genl_family, flags,
			  cmd);
	if (!hdr)
		return -EMSGSIZE;
	hdr->dp_ifindex = dp_ifindex;
	if (nla_put_u32(skb, OVS_METER_ATTR_ID, meter->id) ||
	    ovs_meter_put_stats(skb, meter)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * A band as SET describes it.  Attribute types it does not know are
 * skipped, as in-tree skips them, so that newer userspace still works;
 * the ones it knows must have their size.
 */
static int ovs_meter_parse_band(const struct nlattr *nest,
				struct ovs_meter_band_cfg *cfg,
				struct netlink_ext_ack *extack)
{
	const u32 needed = BIT(OVS_BAND_ATTR_TYPE) | BIT(OVS_BAND_ATTR_RATE) |
			   BIT(OVS_BAND_ATTR_BURST);
	const struct nlattr *a;
	u32 seen = 0, *field;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case OVS_BAND_ATTR_TYPE:
			field = &cfg->type;
			break;
		case OVS_BAND_ATTR_RATE:
			field = &cfg->rate;
			break;
		case OVS_BAND_ATTR_BURST:
			field = &cfg->burst;
			break;
		case OVS_BAND_ATTR_STATS:
			/* Taken as in-tree takes it: a new band counts from 0. */
			if (nla_len(a) != sizeof(struct ovs_flow_stats)) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "band stats have the wrong size");
				return -EINVAL;
			}
			continue;
		default:
			continue;
		}
		if (nla_len(a) != sizeof(u32)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "band type, rate and burst are u32");
			return -EINVAL;
		}
		*field = nla_get_u32(a);
		seen |= BIT(nla_type(a));
	}
	if (rem > 0) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "trailing bytes in a band");
		return -EINVAL;
	}
	if (seen != needed) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a band needs a type, a rate and a burst");
		return -EINVAL;
	}
	if (cfg->type != OVS_METER_BAND_TYPE_DROP) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "unknown band type: only drop bands are supported");
		return -EINVAL;
	}
	if (!cfg->rate) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "a band's rate must not be zero");
		return -EINVAL;
	}
	return 0;
}

/* The meter a SET describes, checked whole before anything changes. */
static struct ovs_meter *ovs_meter_from_attrs(struct nlattr **a,
					      struct netlink_ext_ack *extack)
{
	struct ovs_meter_band_cfg cfg[OVS_METER_MAX_BANDS];
	const struct nlattr *nla;
	struct ovs_meter *meter;
	u16 n = 0, i;
	int rem, err;

	if (!a[OVS_METER_ATTR_ID]) {
		NL_SET_ERR_MSG_MOD(extack, "a meter needs an id");
		return ERR_PTR(-EINVAL);
	}
	if (!a[OVS_METER_ATTR_BANDS]) {
		NL_SET_ERR_MSG_MOD(extack, "a meter needs bands");
		return ERR_PTR(-EINVAL);
	}
	if (a[OVS_METER_ATTR_STATS] &&
	    nla_len(a[OVS_METER_ATTR_STATS]) != sizeof(struct ovs_flow_stats)) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_METER_ATTR_STATS],
				    "meter stats have the wrong size");
		return ERR_PTR(-EINVAL);
	}

	nla_for_each_nested(nla, a[OVS_METER_ATTR_BANDS], rem) {
		if (n == OVS_METER_MAX_BANDS) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "too many bands: a meter has one");
			return ERR_PTR(-EINVAL);
		}
		err = ovs_meter_parse_band(nla, &cfg[n], extack);
		if (err)
			return ERR_PTR(err);
		n++;
	}
	if (rem > 0) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_METER_ATTR_BANDS],
				    "trailing bytes after the bands");
		return ERR_PTR(-EINVAL);
	}
	if (!n) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_METER_ATTR_BANDS],
				    "a meter needs at least one band");
		return ERR_PTR(-EINVAL);
	}

	meter = ovs_meter_alloc(nla_get_u32(a[OVS_METER_ATTR_ID]), n,
				ovs_meter_now_ms());
	if (!meter)
		return ERR_PTR(-ENOMEM);
	meter->kbps = !!a[OVS_METER_ATTR_KBPS];
	meter->keep_stats = !a[OVS_METER_ATTR_CLEAR];
	if (meter->keep_stats && a[OVS_METER_ATTR_STATS])
		nla_memcpy(&meter->stats, a[OVS_METER_ATTR_STATS],
			   sizeof(meter->stats));
	for (i = 0; i < n; i++)
		ovs_meter_band_init(meter, i, cfg[i].type, cfg[i].rate,
				    cfg[i].burst);
	return meter;
}

static int ovs_meter_parse_id(struct genl_info *info, struct nlattr **a,
			      u32 *id)
{
	int err;

	err = ovs_genl_parse(info, a, OVS_METER_ATTR_MAX, ovs_meter_policy);
	if (err)
		return err;
	if (!a[OVS_METER_ATTR_ID]) {
		NL_SET_ERR_MSG_MOD(info->extack, "the request needs a meter id");
		return -EINVAL;
	}
	*id = nla_get_u32(a[OVS_METER_ATTR_ID]);
	return 0;
}

static int ovs_meter_cmd_features(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_METER_ATTR_MAX + 1];
	struct nlattr *bands, *band;
	struct ovs_header *hdr;
	struct sk_buff *reply;
	struct ovs_dp *dp;
	u32 max;
	int err;

	err = ovs_genl_parse(info, a, OVS_METER_ATTR_MAX, ovs_meter_policy);
	if (err)
		return err;

	ovs_lock();
	dp = ovs_meter_dp(info);
	if (!dp) {
		ovs_unlock();
		return -ENODEV;
	}
	max = dp->meters->max;
	ovs_unlock();

	reply = ovs_meter_reply_new(info, OVS_METER_CMD_FEATURES,
				    NLMSG_ALIGN(sizeof(struct ovs_header)) +
				    3 * nla_total_size(sizeof(u32)) +
				    2 * nla_total_size(0), &hdr);
	if (!reply)
		return -ENOMEM;
	if (nla_put_u32(reply, OVS_METER_ATTR_MAX_METERS, max) ||
	    nla_put_u32(reply, OVS_METER_ATTR_MAX_BANDS, OVS_METER_MAX_BANDS))
		goto err_free_reply;
	bands = nla_nest_start_noflag(reply, OVS_METER_ATTR_BANDS);
	if (!bands)
		goto err_free_reply;
	band = nla_nest_start_noflag(reply, OVS_BAND_ATTR_UNSPEC);
	if (!band ||
	    nla_put_u32(reply, OVS_BAND_ATTR_TYPE, OVS_METER_BAND_TYPE_DROP))
		goto err_free_reply;
	nla_nest_end(reply, band);
	nla_nest_end(reply, bands);
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);

err_free_reply:
	kfree_skb(reply);
	return -EMSGSIZE;
}

static int ovs_meter_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_METER_ATTR_MAX + 1];
	struct ovs_meter *meter, *old;
	struct ovs_header *hdr;
	struct sk_buff *reply;
	struct ovs_dp *dp;
	int err;
	u32 id;

	err = ovs_genl_parse(info, a, OVS_METER_ATTR_MAX, ovs_meter_policy);
	if (err)
		return err;
	meter = ovs_meter_from_attrs(a, info->extack);
	if (IS_ERR(meter))
		return PTR_ERR(meter);
	/* Once published and unlocked, the meter may be deleted at any time. */
	id = meter->id;

	ovs_lock();
	dp = ovs_meter_dp(info);
	if (!dp) {
		err = -ENODEV;
		goto err_unlock;
	}
	/* Sized for the meter it replaces, whose counters go back. */
	old = ovs_meter_lookup(dp->meters, id);
	reply = ovs_meter_reply_new(info, OVS_METER_CMD_SET,
				    ovs_meter_msg_size(old ? old->n_bands : 0),
				    &hdr);
	if (!reply) {
		err = -ENOMEM;
		goto err_unlock;
	}
	err = ovs_meter_insert(dp->meters, meter, &old);
	if (err) {
		if (err == -EFBIG)
			NL_SET_ERR_MSG_MOD(info->extack,
					   "the datapath's meter table is full");
		goto err_free_reply;
	}
	ovs_unlock();

	/* The room was reserved: these cannot fail. */
	WARN_ON_ONCE(nla_put_u32(reply, OVS_METER_ATTR_ID, id));
	if (old) {
		if (old->keep_stats)
			WARN_ON_ONCE(ovs_meter_put_stats(reply, old));
		ovs_meter_free(old);
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);

err_free_reply:
	kfree_skb(reply);
err_unlock:
	ovs_unlock();
	kfree(meter);
	return err;
}

static int ovs_meter_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_METER_ATTR_MAX + 1];
	struct ovs_meter *meter;
	struct ovs_header *hdr;
	struct sk_buff *reply;
	struct ovs_dp *dp;
	int err;
	u32 id;

	err = ovs_meter_parse_id(info, a, &id);
	if (err)
		return err;

	ovs_lock();
	dp = ovs_meter_dp(info);
	if (!dp) {
		err = -ENODEV;
		goto err_unlock;
	}
	meter = ovs_meter_lookup(dp->meters, id);
	if (!meter) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such meter");
		err = -ENOENT;
		goto err_unlock;
	}
	reply = ovs_meter_reply_new(info, OVS_METER_CMD_GET,
				    ovs_meter_msg_size(meter->n_bands), &hdr);
	if (!reply) {
		err = -ENOMEM;
		goto err_unlock;
	}
	if (nla_put_u32(reply, OVS_METER_ATTR_ID, id) ||
	    ovs_meter_put_stats(reply, meter)) {
		err = -EMSGSIZE;
		goto err_free_reply;
	}
	ovs_unlock();

	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);

err_free_reply:
	kfree_skb(reply);
err_unlock:
	ovs_unlock();
	return err;
}

static int ovs_meter_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_METER_ATTR_MAX + 1];
	struct ovs_meter *meter;
	struct ovs_header *hdr;
	struct sk_buff *reply;
	struct ovs_dp *dp;
	int err;
	u32 id;

	err = ovs_meter_parse_id(info, a, &id);
	if (err)
		return err;

	ovs_lock();
	dp = ovs_meter_dp(info);
	if (!dp) {
		err = -ENODEV;
		goto err_unlock;
	}
	/* Sized first: once removed, the meter's last counters must go out. */
	meter = ovs_meter_lookup(dp->meters, id);
	reply = ovs_meter_reply_new(info, OVS_METER_CMD_DEL,
				    ovs_meter_msg_size(meter ? meter->n_bands : 0),
				    &hdr);
	if (!reply) {
		err = -ENOMEM;
		goto err_unlock;
	}
	meter = ovs_meter_remove(dp->meters, id);
	ovs_unlock();

	/* No such meter: an empty reply, as in-tree. */
	if (meter) {
		WARN_ON_ONCE(nla_put_u32(reply, OVS_METER_ATTR_ID, id) ||
			     ovs_meter_put_stats(reply, meter));
		ovs_meter_free(meter);
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);

err_unlock:
	ovs_unlock();
	return err;
}

/* cb->args[0] is the slot of the next meter to dump. */
static int ovs_meter_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct ovs_header *req = genlmsg_data(nlmsg_data(cb->nlh));
	struct nlattr *a[OVS_METER_ATTR_MAX + 1];
	struct ovs_meter *meter;
	u32 pos = cb->args[0], prev;
	struct ovs_dp *dp;
	int err;

	err = ovs_genl_parse_dump(cb, a, OVS_METER_ATTR_MAX, ovs_meter_policy);
	if (err)
		return err;

	ovs_lock();
	dp = ovs_dp_lookup_by_ifindex(sock_net(skb->sk), req->dp_ifindex);
	if (!dp) {
		ovs_unlock();
		NL_SET_ERR_MSG_MOD(ovs_netlink_cb_extack(cb), "no such datapath");
		return -ENODEV;
	}
	for (;;) {
		prev = pos;
		meter = ovs_meter_tbl_next(dp->meters, &pos);
		if (!meter)
			break;
		if (ovs_meter_fill(skb, meter, req->dp_ifindex,
				   NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI,
				   OVS_METER_CMD_GET)) {
			pos = prev;
			break;
		}
	}
	ovs_unlock();

	cb->args[0] = pos;
	return skb->len;
}

static const struct genl_ops ovs_meter_genl_ops[] = {
	{ .cmd = OVS_METER_CMD_FEATURES,
	  .doit = ovs_meter_cmd_features,
	},
	{ .cmd = OVS_METER_CMD_SET,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_meter_cmd_set,
	},
	{ .cmd = OVS_METER_CMD_DEL,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_meter_cmd_del,
	},
	{ .cmd = OVS_METER_CMD_GET,
	  .doit = ovs_meter_cmd_get,
	  .dumpit = ovs_meter_cmd_dump,
	},
};

struct genl_family ovs_meter_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_METER_FAMILY,
	.version = OVS_METER_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	OVS_GENL_RESV_START_OP(OVS_METER_CMD_GET + 1)
	.ops = ovs_meter_genl_ops,
	.n_ops = ARRAY_SIZE(ovs_meter_genl_ops),
	.mcgrps = &ovs_meter_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};
