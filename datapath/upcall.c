// SPDX-License-Identifier: GPL-2.0-only
/*
 * Upcalls: packets the datapath hands to userspace, on a flow miss or from
 * a userspace() action, as OVS_PACKET_CMD_MISS / _ACTION messages of the
 * ovs_packet family sent to one netlink port.
 *
 * Runs in softirq context: every allocation is atomic, and a failure only
 * loses this packet (counted in n_lost, as userspace expects).
 */

#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "actions.h"
#include "datapath.h"
#include "flow_attr.h"
#include "flow_key.h"
#include "genl.h"
#include "upcall.h"
#include "vport.h"

static size_t ovs_upcall_msg_size(const struct ovs_upcall_info *info,
				  unsigned int packet_len)
{
	size_t size = NLMSG_ALIGN(sizeof(struct ovs_header))
		+ nla_total_size(packet_len)		/* PACKET */
		+ nla_total_size(ovs_key_attrs_size())	/* KEY */
		+ nla_total_size(sizeof(u32))		/* LEN */
		+ nla_total_size(sizeof(u16))		/* MRU */
		+ nla_total_size(sizeof(u64));		/* HASH */

	if (info->userdata)
		size += nla_total_size(nla_len(info->userdata));
	if (info->actions)
		size += nla_total_size(info->actions_len);
	if (info->egress_tun_info)
		size += nla_total_size(ovs_tun_attrs_size());
	return size;
}

static void ovs_upcall_count(struct ovs_vport *vport, bool ok)
{
	struct ovs_vport_upcall_stats *s;

	if (!vport)
		return;
	s = this_cpu_ptr(vport->upcall_stats);
	u64_stats_update_begin(&s->syncp);
	if (ok)
		u64_stats_inc(&s->n_success);
	else
		u64_stats_inc(&s->n_fail);
	u64_stats_update_end(&s->syncp);
}

static void ovs_upcall_count_lost(struct ovs_dp *dp)
{
	struct ovs_dp_stats_percpu *s = this_cpu_ptr(dp->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->n_lost);
	u64_stats_update_end(&s->syncp);
}

/* Userspace keeps the hash to give it back with OVS_PACKET_CMD_EXECUTE. */
static int ovs_upcall_put_hash(struct sk_buff *msg, struct sk_buff *skb)
{
	u64 hash = skb_get_hash_raw(skb);

	if (skb->sw_hash)
		hash |= OVS_PACKET_HASH_SW;
	if (skb->l4_hash)
		hash |= OVS_PACKET_HASH_L4;
	/* The family has no pad attribute: the u64 may be unaligned. */
	return nla_put(msg, OVS_PACKET_ATTR_HASH, sizeof(hash), &hash);
}

/*
 * Builds and sends one message for skb, which is linear or not, has its
 * VLAN tag in the data and no partial checksum.
 */
static int ovs_upcall_send_one(struct ovs_dp *dp, int dp_ifindex,
			       struct sk_buff *skb, const struct ovs_key *key,
			       const struct ovs_upcall_info *info, u32 cutlen)
{
	unsigned int len = cutlen ? min(cutlen, skb->len) : skb->len;
	struct ovs_header *ovs_header;
	struct nlattr *attr;
	struct sk_buff *msg;
	int err;

	/* The packet attribute's length is 16 bits: it must not wrap. */
	if (nla_attr_size(len) > U16_MAX)
		return -EFBIG;

	msg = genlmsg_new(ovs_upcall_msg_size(info, len), GFP_ATOMIC);
	if (!msg)
		return -ENOMEM;

	ovs_header = genlmsg_put(msg, 0, 0, &ovs_packet_genl_family, 0,
				 info->cmd);
	if (!ovs_header) {
		err = -EMSGSIZE;
		goto err_free_msg;
	}
	ovs_header->dp_ifindex = dp_ifindex;

	err = ovs_key_to_attrs(key, key, OVS_PACKET_ATTR_KEY, false, msg);
	if (err)
		goto err_free_msg;

	if (info->userdata &&
	    nla_put(msg, OVS_PACKET_ATTR_USERDATA, nla_len(info->userdata),
		    nla_data(info->userdata))) {
		err = -EMSGSIZE;
		goto err_free_msg;
	}
	if (info->egress_tun_info) {
		err = ovs_tun_info_to_attrs(info->egress_tun_info,
					    OVS_PACKET_ATTR_EGRESS_TUN_KEY, msg);
		if (err)
			goto err_free_msg;
	}
	/* The list in the form userspace sent it, not the datapath's. */
	if (info->actions) {
		err = ovs_actions_list_to_attrs(info->actions, info->actions_len,
						OVS_PACKET_ATTR_ACTIONS, msg);
		if (err)
			goto err_free_msg;
	}
	if (info->mru && nla_put_u16(msg, OVS_PACKET_ATTR_MRU, info->mru)) {
		err = -EMSGSIZE;
		goto err_free_msg;
	}
	/* A truncated packet carries its original length. */
	if (len != skb->len && nla_put_u32(msg, OVS_PACKET_ATTR_LEN, skb->len)) {
		err = -EMSGSIZE;
		goto err_free_msg;
	}
	err = ovs_upcall_put_hash(msg, skb);
	if (err)
		goto err_free_msg;

	attr = nla_reserve(msg, OVS_PACKET_ATTR_PACKET, len);
	if (!attr) {
		err = -EMSGSIZE;
		goto err_free_msg;
	}
	err = skb_copy_bits(skb, 0, nla_data(attr), len);
	if (err)
		goto err_free_msg;

	genlmsg_end(msg, ovs_header);
	return genlmsg_unicast(ovs_dp_net(dp), msg, info->portid);

err_free_msg:
	nlmsg_free(msg);
	return err;
}

/*
 * Userspace wants each packet as it would be on the wire: a segment at a
 * time, the VLAN tag in the header, the checksum complete.
 */
static int ovs_upcall_send_gso(struct ovs_dp *dp, int dp_ifindex,
			       struct sk_buff *skb, const struct ovs_key *key,
			       const struct ovs_upcall_info *info, u32 cutlen)
{
	bool ufo = skb_shinfo(skb)->gso_type & SKB_GSO_UDP;
	const struct ovs_key *seg_key = key;
	struct sk_buff *segs, *seg, *next;
	struct ovs_key later;
	int err = 0;

	segs = __skb_gso_segment(skb, NETIF_F_SG, false);
	if (IS_ERR(segs))
		return PTR_ERR(segs);
	if (!segs)
		return -EINVAL;

	/*
	 * UFO segments a UDP datagram into IP fragments: the key, taken
	 * from the whole datagram, is the first one's; the others have
	 * no UDP header.
	 */
	if (ufo) {
		later = *key;
		later.ip.frag = OVS_FRAG_TYPE_LATER;
	}

	for (seg = segs; seg; seg = next) {
		next = seg->next;
		seg->next = NULL;
		if (!err)
			err = ovs_upcall_send_one(dp, dp_ifindex, seg, seg_key,
						  info, cutlen);
		consume_skb(seg);
		if (ufo)
			seg_key = &later;
	}
	return err;
}

int ovs_dp_upcall(struct ovs_dp *dp, struct sk_buff *skb,
		  const struct ovs_key *key, const struct ovs_upcall_info *info,
		  u32 cutlen)
{
	struct ovs_vport *vport = OVS_CB(skb)->input_vport;
	struct sk_buff *copy = NULL;
	int dp_ifindex;
	int err;

	if (!info->portid) {
		err = -ENOTCONN;
		goto out;
	}
	/*
	 * Upcalls name the datapath by its local port, which a datapath
	 * being destroyed may have lost already; its userspace is going.
	 */
	dp_ifindex = ovs_dp_ifindex(dp);
	if (!dp_ifindex) {
		err = -ENODEV;
		goto out;
	}

	if (skb_vlan_tag_present(skb) ||
	    (skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb))) {
		copy = skb_copy(skb, GFP_ATOMIC);
		if (!copy) {
			err = -ENOMEM;
			goto out;
		}
		if (skb_vlan_tag_present(copy)) {
			copy = __vlan_hwaccel_push_inside(copy);
			if (!copy) {
				err = -ENOMEM;
				goto out;
			}
		}
		if (copy->ip_summed == CHECKSUM_PARTIAL &&
		    !skb_is_gso(copy)) {
			err = skb_checksum_help(copy);
			if (err)
				goto out;
		}
		skb = copy;
	}

	if (skb_is_gso(skb))
		err = ovs_upcall_send_gso(dp, dp_ifindex, skb, key, info,
					  cutlen);
	else
		err = ovs_upcall_send_one(dp, dp_ifindex, skb, key, info,
					  cutlen);

out:
	kfree_skb(copy);
	ovs_upcall_count(vport, !err);
	if (err)
		ovs_upcall_count_lost(dp);
	return err;
}
