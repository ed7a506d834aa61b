// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEMPORARY, for the wt-aexec branch only: the lead deletes this file (and
 * its line in Kbuild) when merging, as the real functions come from other
 * branches (vport.c, the upcall and packet path, flow_key.c).
 *
 * Minimal stand-ins so that actions_exec.c links and its tests run.  They
 * do no more than the real functions promise: a send transmits on the
 * port's device, an upcall and a key extraction succeed, a recirculated
 * packet is consumed.
 */

#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "datapath.h"
#include "flow.h"
#include "vport.h"

void ovs_vport_send(struct ovs_vport *vport, struct sk_buff *skb, u8 mac_proto)
{
	skb->dev = vport->dev;
	dev_queue_xmit(skb);
}

int ovs_dp_upcall(struct ovs_dp *dp, struct sk_buff *skb,
		  const struct ovs_key *key, const struct ovs_upcall_info *info,
		  u32 cutlen)
{
	return 0;
}

void ovs_dp_process_packet(struct sk_buff *skb, struct ovs_key *key)
{
	consume_skb(skb);
}

int ovs_flow_key_extract_packet(struct sk_buff *skb, struct ovs_key *key)
{
	return 0;
}
