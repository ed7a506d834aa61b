// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ovs_packet generic netlink family: userspace hands the datapath a
 * packet with actions to run on it (OVS_PACKET_CMD_EXECUTE), for packets
 * it handled after an upcall and for its feature probes.  Upcalls travel
 * the other way on the same family (upcall.c).
 */

#include <linux/if_ether.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "actions.h"
#include "datapath.h"
#include "flow_attr.h"
#include "flow_key.h"
#include "genl.h"
#include "upcall.h"
#include "vport.h"

const struct nla_policy ovs_packet_policy[OVS_PACKET_ATTR_MAX + 1] = {
	[OVS_PACKET_ATTR_PACKET] = { .type = NLA_UNSPEC, .len = ETH_HLEN },
	[OVS_PACKET_ATTR_KEY] = { .type = NLA_NESTED },
	[OVS_PACKET_ATTR_ACTIONS] = { .type = NLA_NESTED },
	[OVS_PACKET_ATTR_PROBE] = { .type = NLA_FLAG },
	[OVS_PACKET_ATTR_MRU] = { .type = NLA_U16 },
	[OVS_PACKET_ATTR_HASH] = { .type = NLA_U64 },
	[OVS_PACKET_ATTR_UPCALL_PID] = { .type = NLA_U32 },
};

static struct sk_buff *ovs_packet_from_attrs(struct nlattr **a)
{
	const struct nlattr *data = a[OVS_PACKET_ATTR_PACKET];
	struct sk_buff *packet;
	int len = nla_len(data);

	packet = __dev_alloc_skb(NET_IP_ALIGN + len, GFP_KERNEL);
	if (!packet)
		return NULL;
	skb_reserve(packet, NET_IP_ALIGN);
	nla_memcpy(__skb_put(packet, len), data, len);

	memset(OVS_CB(packet), 0, sizeof(struct ovs_skb_cb));
	if (a[OVS_PACKET_ATTR_MRU]) {
		/* Reassembled fragments: output refragments to this size. */
		OVS_CB(packet)->mru = nla_get_u16(a[OVS_PACKET_ATTR_MRU]);
		packet->ignore_df = 1;
	}
	if (a[OVS_PACKET_ATTR_HASH]) {
		u64 hash = nla_get_u64(a[OVS_PACKET_ATTR_HASH]);

		__skb_set_hash(packet, lower_32_bits(hash),
			       !!(hash & OVS_PACKET_HASH_SW),
			       !!(hash & OVS_PACKET_HASH_L4));
	}
	if (a[OVS_PACKET_ATTR_UPCALL_PID])
		OVS_CB(packet)->upcall_pid =
			nla_get_u32(a[OVS_PACKET_ATTR_UPCALL_PID]);
	return packet;
}

/* The packet's headers, under the metadata userspace gave. */
static int ovs_packet_key(struct genl_info *info, struct nlattr **a,
			  struct sk_buff *packet, struct ovs_key *key, bool log)
{
	int err;

	err = ovs_key_metadata_from_attrs(genl_info_net(info),
					  a[OVS_PACKET_ATTR_KEY], key, log,
					  info->extack);
	if (err)
		return err;

	skb_reset_mac_header(packet);
	if (key->mac_proto == OVS_MAC_PROTO_ETHERNET) {
		packet->protocol = eth_hdr(packet)->h_proto;
	} else {
		packet->protocol = key->eth.type;
		skb_reset_network_header(packet);
	}
	err = ovs_flow_key_extract_packet(packet, key);
	/*
	 * Extraction refuses (EINVAL) an L3 packet whose ethertype is a VLAN
	 * tag's: the tag would need an Ethernet header to sit in.  Anything
	 * else is a header that could not be pulled in.
	 */
	if (err == -EINVAL)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a packet without an Ethernet header cannot have a VLAN ethertype");
	else if (err)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the packet's headers could not be read");
	return err;
}

static int ovs_packet_cmd_execute(struct sk_buff *skb, struct genl_info *info)
{
	const struct ovs_header *ovs_header = genl_info_userhdr(info);
	struct nlattr *a[OVS_PACKET_ATTR_MAX + 1];
	struct ovs_actions *acts;
	struct ovs_vport *input;
	struct sk_buff *packet;
	struct ovs_key *key;
	struct ovs_dp *dp;
	bool log;
	int err;

	err = ovs_genl_parse(info, a, OVS_PACKET_ATTR_MAX, ovs_packet_policy);
	if (err)
		return err;
	if (!a[OVS_PACKET_ATTR_PACKET] || !a[OVS_PACKET_ATTR_KEY] ||
	    !a[OVS_PACKET_ATTR_ACTIONS]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "execute needs a packet, a key and actions");
		return -EINVAL;
	}
	log = !a[OVS_PACKET_ATTR_PROBE];

	packet = ovs_packet_from_attrs(a);
	if (!packet)
		return -ENOMEM;
	key = kzalloc(sizeof(*key), GFP_KERNEL);
	if (!key) {
		err = -ENOMEM;
		goto err_free_packet;
	}
	err = ovs_packet_key(info, a, packet, key, log);
	if (err)
		goto err_free_key;
	/* Metadata the key gives is the packet's, as on a received one. */
	packet->mark = key->skb_mark;
	packet->priority = key->priority;

	err = ovs_actions_copy(genl_info_net(info), a[OVS_PACKET_ATTR_ACTIONS],
			       key, &acts, log, info->extack);
	if (err)
		goto err_free_key;

	rcu_read_lock();
	dp = ovs_dp_lookup_by_ifindex(genl_info_net(info),
				      ovs_header->dp_ifindex);
	if (!dp) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such datapath");
		err = -ENODEV;
		goto err_unlock;
	}
	/* Actions may refer to the input port: use it if it still exists. */
	input = ovs_dp_port(dp, key->in_port);
	if (!input)
		input = ovs_dp_port(dp, OVSP_LOCAL);
	if (!input) {
		NL_SET_ERR_MSG_MOD(info->extack, "the datapath is being deleted");
		err = -ENODEV;
		goto err_unlock;
	}
	packet->dev = input->dev;
	OVS_CB(packet)->input_vport = input;

	local_bh_disable();
	err = ovs_execute_actions(dp, packet, acts, key);
	local_bh_enable();
	rcu_read_unlock();
	/*
	 * The packet path has no extack to say which action failed: mostly
	 * one whose header the packet has only part of (its key had the
	 * protocol but not the fields), which skb_ensure_writable() calls
	 * ENOMEM.
	 */
	if (err)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "an action failed on the packet, e.g. one changing a header the packet has only part of");

	ovs_actions_free(acts);
	kfree(key);
	return err;

err_unlock:
	rcu_read_unlock();
	ovs_actions_free(acts);
err_free_key:
	kfree(key);
err_free_packet:
	kfree_skb(packet);
	return err;
}

static const struct genl_ops ovs_packet_genl_ops[] = {
	{ .cmd = OVS_PACKET_CMD_EXECUTE,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = ovs_packet_cmd_execute,
	},
};

struct genl_family ovs_packet_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_PACKET_FAMILY,
	.version = OVS_PACKET_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	OVS_GENL_RESV_START_OP(OVS_PACKET_CMD_EXECUTE + 1)
	.ops = ovs_packet_genl_ops,
	.n_ops = ARRAY_SIZE(ovs_packet_genl_ops),
	.module = THIS_MODULE,
};
