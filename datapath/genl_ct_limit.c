// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ovs_ct_limit generic netlink family: conntrack zone limits, per
 * network namespace, set, deleted and read (the limits themselves are
 * linux/ct_limit.c's).  Every command carries its zones as one
 * OVS_CT_LIMIT_ATTR_ZONE_LIMIT attribute holding struct ovs_zone_limit
 * records back to back; zone OVS_ZONE_LIMIT_DEFAULT_ZONE is the default.
 *
 * The answers are the in-tree datapath's, which ovs-vswitchd's dpctl/ct-*
 * commands read: SET and DEL reply with the header alone, a GET without
 * zones reports the default and every zone with a limit of its own, a GET
 * with zones reports those (the default's limit for a zone without one),
 * each zone with its count of connections.  Where in-tree logs a bad
 * record and goes on (a zone out of range, bytes after the last record),
 * this family refuses the whole request before anything changes, with an
 * extack message.
 */

#include <linux/kernel.h>
#include <linux/openvswitch.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "datapath.h"
#include "genl.h"
#include "linux/ct_limit.h"

const struct nla_policy ovs_ct_limit_policy[OVS_CT_LIMIT_ATTR_MAX + 1] = {
	/* Records, not attributes: their sizes are checked below. */
	[OVS_CT_LIMIT_ATTR_ZONE_LIMIT] = { .type = NLA_UNSPEC },
};

/* In-tree registers the group, and never sends to it. */
static const struct genl_multicast_group ovs_ct_limit_mcgrp = {
	.name = OVS_CT_LIMIT_MCGROUP,
};

/*
 * The request's records, checked whole: *zl points into the message, at
 * *n of them.  No attribute: none, unless needed.
 */
static int ovs_ct_limit_parse(struct genl_info *info, bool needed,
			      const struct ovs_zone_limit **zl,
			      unsigned int *n)
{
	struct nlattr *a[OVS_CT_LIMIT_ATTR_MAX + 1];
	const struct ovs_zone_limit *r;
	const struct nlattr *attr;
	unsigned int i, len;
	int err;

	err = ovs_genl_parse(info, a, OVS_CT_LIMIT_ATTR_MAX,
			     ovs_ct_limit_policy);
	if (err)
		return err;
	*zl = NULL;
	*n = 0;
	attr = a[OVS_CT_LIMIT_ATTR_ZONE_LIMIT];
	if (!attr) {
		if (!needed)
			return 0;
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the request needs zone limits");
		return -EINVAL;
	}
	len = nla_len(attr);
	if (len && len < sizeof(*r)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "zone limit records are struct ovs_zone_limit, 12 bytes each");
		return -EINVAL;
	}
	if (len % sizeof(*r)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "trailing bytes after the last zone limit record");
		return -EINVAL;
	}
	r = nla_data(attr);
	for (i = 0; i < len / sizeof(*r); i++) {
		if (r[i].zone_id != OVS_ZONE_LIMIT_DEFAULT_ZONE &&
		    (r[i].zone_id < 0 || r[i].zone_id > U16_MAX)) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "zone id out of range: 0 to 65535, or -1 for the default");
			return -EINVAL;
		}
	}
	*zl = r;
	*n = len / sizeof(*r);
	return 0;
}

/* A reply to info with room for n records; the header is in place. */
static struct sk_buff *ovs_ct_limit_reply_new(struct genl_info *info, u8 cmd,
					      unsigned int n,
					      struct ovs_header **hdr)
{
	const struct ovs_header *req = genl_info_userhdr(info);
	struct sk_buff *skb;
	size_t size;

	size = NLMSG_ALIGN(sizeof(struct ovs_header));
	if (n)
		size += nla_total_size(n * sizeof(struct ovs_zone_limit));
	skb = genlmsg_new(size, GFP_KERNEL);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put_reply(skb, info, &ovs_ct_limit_genl_family, 0, cmd);
	if (!*hdr) {
		kfree_skb(skb);
		return NULL;
	}
	(*hdr)->dp_ifindex = req->dp_ifindex;
	return skb;
}

/* SET and DEL: apply the records, reply with the header. */
static int ovs_ct_limit_change(struct genl_info *info, u8 cmd)
{
	struct net *net = genl_info_net(info);
	const struct ovs_zone_limit *zl;
	struct ovs_header *hdr;
	struct sk_buff *reply;
	unsigned int n;
	int err;

	err = ovs_ct_limit_parse(info, true, &zl, &n);
	if (err)
		return err;
	reply = ovs_ct_limit_reply_new(info, cmd, 0, &hdr);
	if (!reply)
		return -ENOMEM;

	ovs_lock();
	if (cmd == OVS_CT_LIMIT_CMD_SET) {
		err = ovs_ct_limit_set(net, zl, n);
	} else {
		ovs_ct_limit_del(net, zl, n);
		err = 0;
	}
	ovs_unlock();
	if (err) {
		kfree_skb(reply);
		return err;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

static int ovs_ct_limit_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	return ovs_ct_limit_change(info, OVS_CT_LIMIT_CMD_SET);
}

static int ovs_ct_limit_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	return ovs_ct_limit_change(info, OVS_CT_LIMIT_CMD_DEL);
}

/* Where ovs_ct_limit_read_all() puts the next record, and room left. */
struct ovs_ct_limit_out {
	struct ovs_zone_limit *zl;
	unsigned int left;
};

static int ovs_ct_limit_put(const struct ovs_zone_limit *zl, void *arg)
{
	struct ovs_ct_limit_out *out = arg;

	if (!out->left)
		return -EMSGSIZE;
	memcpy(out->zl++, zl, sizeof(*zl));
	out->left--;
	return 0;
}

static int ovs_ct_limit_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct ovs_ct_limit_out out;
	const struct ovs_zone_limit *req;
	struct ovs_header *hdr;
	struct sk_buff *reply;
	struct nlattr *attr;
	unsigned int n, i;
	int err;

	err = ovs_ct_limit_parse(info, false, &req, &n);
	if (err)
		return err;

	ovs_lock();
	/* Sized under the lock that keeps the zones as they are. */
	if (!req)
		n = ovs_ct_limit_n_records(net);
	reply = ovs_ct_limit_reply_new(info, OVS_CT_LIMIT_CMD_GET, n ? n : 1,
				       &hdr);
	if (!reply) {
		err = -ENOMEM;
		goto err_unlock;
	}
	attr = nla_reserve(reply, OVS_CT_LIMIT_ATTR_ZONE_LIMIT,
			   n * sizeof(struct ovs_zone_limit));
	if (!attr) {
		err = -EMSGSIZE;
		goto err_free_reply;
	}
	out.zl = nla_data(attr);
	out.left = n;
	if (req) {
		for (i = 0; i < n; i++) {
			out.zl[i].zone_id = req[i].zone_id;
			ovs_ct_limit_read(net, &out.zl[i]);
		}
	} else {
		err = ovs_ct_limit_read_all(net, ovs_ct_limit_put, &out);
		if (err)
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

static const struct genl_ops ovs_ct_limit_genl_ops[] = {
	{ .cmd = OVS_CT_LIMIT_CMD_SET,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_ct_limit_cmd_set,
	},
	{ .cmd = OVS_CT_LIMIT_CMD_DEL,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_ct_limit_cmd_del,
	},
	{ .cmd = OVS_CT_LIMIT_CMD_GET,
	  .doit = ovs_ct_limit_cmd_get,
	},
};

struct genl_family ovs_ct_limit_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_CT_LIMIT_FAMILY,
	.version = OVS_CT_LIMIT_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	OVS_GENL_RESV_START_OP(OVS_CT_LIMIT_CMD_GET + 1)
	.ops = ovs_ct_limit_genl_ops,
	.n_ops = ARRAY_SIZE(ovs_ct_limit_genl_ops),
	.mcgrps = &ovs_ct_limit_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};
