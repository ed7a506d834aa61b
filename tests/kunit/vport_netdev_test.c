// SPDX-License-Identifier: GPL-2.0-only
/*
 * Netdev vports (datapath/linux/vport_netdev.c, dp_notify.c) on real
 * net_devices of the test kernel: attach and release, the devices refused,
 * L3 (ARPHRD_NONE) devices in both directions, with the tunnel a metadata
 * mode device hands up, removal when the device is
 * unregistered (renames: tests/vm); and ovs_vport_send()'s drops, time
 * stamps and ovs_vport_upcall_portid()'s choice (datapath/vport.c).
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/dst_metadata.h>
#include <net/netns/generic.h>

#include "actions.h"
#include "datapath.h"
#include "flow_attr_int.h"
#include "flow_key.h"
#include "flow_table.h"
#include "vport.h"
#include "dp_kunit.h"
#include "flow_key_pkts_kunit.h"
#include "linux/vport_netdev.h"

#define OVS_VT_DP	"ovskt-dp"

struct ovs_vt {
	struct ovs_dp *dp;
	struct net_device *eth;		/* registered, up, not attached */
	struct netlink_ext_ack extack;
};

static atomic_t ovs_vt_xmits = ATOMIC_INIT(0);

/* What the test devices were last given to transmit. */
static struct {
	__be16 protocol;
	unsigned int len;
	u8 head[2];
	ktime_t tstamp;
} ovs_vt_last;

static netdev_tx_t ovs_vt_xmit(struct sk_buff *skb, struct net_device *dev)
{
	ovs_vt_last.protocol = skb->protocol;
	ovs_vt_last.len = skb->len;
	memset(ovs_vt_last.head, 0, sizeof(ovs_vt_last.head));
	skb_copy_bits(skb, 0, ovs_vt_last.head,
		      min_t(unsigned int, skb->len, sizeof(ovs_vt_last.head)));
	ovs_vt_last.tstamp = skb->tstamp;
	atomic_inc(&ovs_vt_xmits);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops ovs_vt_netdev_ops = {
	.ndo_start_xmit = ovs_vt_xmit,
};

static void ovs_vt_setup_eth(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &ovs_vt_netdev_ops;
	dev->priv_flags |= IFF_NO_QUEUE;
	eth_hw_addr_random(dev);
}

/* What "ip tuntap add mode tun" makes: no link-layer header at all. */
static void ovs_vt_setup_l3(struct net_device *dev)
{
	dev->netdev_ops = &ovs_vt_netdev_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->mtu = ETH_DATA_LEN;
}

static struct net_device *ovs_vt_new_dev(struct kunit *test, const char *name,
					 void (*setup)(struct net_device *))
{
	struct net_device *dev;

	dev = alloc_netdev(0, name, NET_NAME_USER, setup);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_ASSERT_EQ(test, register_netdev(dev), 0);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, dev_open(dev, NULL), 0);
	rtnl_unlock();
	return dev;
}

static void ovs_vt_del_dev(struct net_device *dev)
{
	unregister_netdev(dev);
	free_netdev(dev);
}

/* A datapath as OVS_DP_CMD_NEW makes it: local port, in the namespace list. */
static int ovs_vt_init(struct kunit *test)
{
	struct ovs_vt *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;

	t->dp = ovs_kt_dp_new(OVS_VT_DP);
	KUNIT_ASSERT_NOT_NULL(test, t->dp);

	t->eth = ovs_vt_new_dev(test, "ovskt-eth", ovs_vt_setup_eth);
	return 0;
}

static void ovs_vt_exit(struct kunit *test)
{
	struct ovs_vt *t = test->priv;

	if (!t)
		return;
	if (t->dp) {
		ovs_lock();
		ovs_dp_destroy(t->dp);
		ovs_unlock();
	}
	if (t->eth)
		ovs_vt_del_dev(t->eth);
	/* The ports' device references go in RCU callbacks. */
	rcu_barrier();
}

static struct ovs_vport *ovs_vt_attach(struct kunit *test, const char *name)
{
	struct ovs_vt *t = test->priv;
	struct ovs_vport_parms parms = {
		.name = name,
		.type = OVS_VPORT_TYPE_NETDEV,
		.port_no = 1,
		.dp = t->dp,
		.extack = &t->extack,
	};
	struct ovs_vport *vport;

	memset(&t->extack, 0, sizeof(t->extack));
	ovs_lock();
	vport = ovs_vport_add(&parms);
	ovs_unlock();
	return vport;
}

static void ovs_vt_expect_released(struct kunit *test, struct net_device *dev)
{
	rtnl_lock();
	KUNIT_EXPECT_FALSE(test, netif_is_ovs_port(dev));
	KUNIT_EXPECT_NULL(test, rtnl_dereference(dev->rx_handler));
	KUNIT_EXPECT_NULL(test, netdev_master_upper_dev_get(dev));
	KUNIT_EXPECT_EQ(test, dev->promiscuity, 0U);
	rtnl_unlock();
}

static void ovs_vt_attach_and_del(struct kunit *test)
{
	struct ovs_vt *t = test->priv;
	struct net_device *local = ovs_kt_dp_local_dev(t->dp);
	struct ovs_vport *vport;

	vport = ovs_vt_attach(test, "ovskt-eth");
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(vport), "add failed: %ld (%s)",
			       PTR_ERR(vport), t->extack._msg);
	KUNIT_EXPECT_PTR_EQ(test, vport->dev, t->eth);
	KUNIT_EXPECT_PTR_EQ(test, vport->ops, &ovs_netdev_vport_ops);

	rtnl_lock();
	KUNIT_EXPECT_TRUE(test, netif_is_ovs_port(t->eth));
	KUNIT_EXPECT_PTR_EQ(test, netdev_master_upper_dev_get(t->eth), local);
	KUNIT_EXPECT_EQ(test, t->eth->promiscuity, 1U);
	KUNIT_EXPECT_PTR_EQ(test, ovs_vport_from_dev(t->eth), vport);
	rtnl_unlock();

	ovs_lock();
	KUNIT_EXPECT_PTR_EQ(test, ovs_dp_port(t->dp, 1), vport);
	KUNIT_EXPECT_PTR_EQ(test, ovs_vport_locate(&init_net, "ovskt-eth"), vport);
	ovs_vport_del(vport);
	KUNIT_EXPECT_NULL(test, ovs_dp_port(t->dp, 1));
	KUNIT_EXPECT_NULL(test, ovs_vport_locate(&init_net, "ovskt-eth"));
	ovs_unlock();

	ovs_vt_expect_released(test, t->eth);
}

static void ovs_vt_expect_refused(struct kunit *test, const char *name,
				  int err, const char *msg)
{
	struct ovs_vt *t = test->priv;
	struct ovs_vport *vport;

	vport = ovs_vt_attach(test, name);
	KUNIT_ASSERT_TRUE(test, IS_ERR(vport));
	KUNIT_EXPECT_EQ(test, PTR_ERR(vport), (long)err);
	KUNIT_ASSERT_NOT_NULL(test, t->extack._msg);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(t->extack._msg, msg),
				  "extack: %s", t->extack._msg);
	ovs_lock();
	KUNIT_EXPECT_NULL(test, ovs_dp_port(t->dp, 1));
	ovs_unlock();
}

static void ovs_vt_refuse_missing(struct kunit *test)
{
	ovs_vt_expect_refused(test, "ovskt-none", -ENODEV, "no such device");
}

static void ovs_vt_refuse_loopback(struct kunit *test)
{
	ovs_vt_expect_refused(test, "lo", -EINVAL, "loopback");
	ovs_vt_expect_released(test, init_net.loopback_dev);
}

static void ovs_vt_refuse_internal(struct kunit *test)
{
	ovs_vt_expect_refused(test, OVS_VT_DP, -EINVAL, "internal");
}

/*
 * A device that is a port of the datapath already, added again under
 * another port number: refused with EEXIST, as in-tree refuses it, and
 * with a reason; the first port is left as it was.
 */
static void ovs_vt_refuse_same_dp(struct kunit *test)
{
	struct ovs_vt *t = test->priv;
	struct ovs_vport_parms parms = {
		.name = "ovskt-eth",
		.type = OVS_VPORT_TYPE_NETDEV,
		.port_no = 2,
		.dp = t->dp,
		.extack = &t->extack,
	};
	struct ovs_vport *vport, *again;

	vport = ovs_vt_attach(test, "ovskt-eth");
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(vport), "add failed: %ld (%s)",
			       PTR_ERR(vport), t->extack._msg);

	memset(&t->extack, 0, sizeof(t->extack));
	ovs_lock();
	again = ovs_vport_add(&parms);
	ovs_unlock();
	KUNIT_ASSERT_TRUE(test, IS_ERR(again));
	KUNIT_EXPECT_EQ(test, PTR_ERR(again), (long)-EEXIST);
	KUNIT_EXPECT_NOT_NULL(test, t->extack._msg);
	if (t->extack._msg)
		KUNIT_EXPECT_NOT_NULL_MSG(test,
					  strstr(t->extack._msg,
						 "already a port of this datapath"),
					  "extack: %s", t->extack._msg);

	ovs_lock();
	KUNIT_EXPECT_NULL(test, ovs_dp_port(t->dp, 2));
	KUNIT_EXPECT_PTR_EQ(test, ovs_dp_port(t->dp, 1), vport);
	ovs_unlock();
	rtnl_lock();
	KUNIT_EXPECT_TRUE(test, ovs_netdev_is_attached(vport));
	KUNIT_EXPECT_EQ(test, t->eth->promiscuity, 1U);
	rtnl_unlock();

	ovs_lock();
	ovs_vport_del(vport);
	ovs_unlock();
	ovs_vt_expect_released(test, t->eth);
}

/*
 * An L3 device (tun in L3 mode, WireGuard, a GRE device in metadata mode)
 * is a port like any other, as with the in-tree datapath: its packets
 * enter with no Ethernet header.
 */
static void ovs_vt_attach_l3(struct kunit *test)
{
	struct ovs_vt *t = test->priv;
	struct net_device *local = ovs_kt_dp_local_dev(t->dp);
	struct ovs_vport *vport;
	struct net_device *dev;

	dev = ovs_vt_new_dev(test, "ovskt-l3", ovs_vt_setup_l3);
	vport = ovs_vt_attach(test, "ovskt-l3");
	KUNIT_EXPECT_FALSE_MSG(test, IS_ERR(vport), "add failed: %ld (%s)",
			       PTR_ERR(vport), t->extack._msg);
	if (!IS_ERR(vport)) {
		rtnl_lock();
		KUNIT_EXPECT_TRUE(test, netif_is_ovs_port(dev));
		KUNIT_EXPECT_PTR_EQ(test, netdev_master_upper_dev_get(dev),
				    local);
		KUNIT_EXPECT_PTR_EQ(test, ovs_vport_from_dev(dev), vport);
		rtnl_unlock();

		ovs_lock();
		ovs_vport_del(vport);
		ovs_unlock();
	}
	ovs_vt_expect_released(test, dev);
	rcu_barrier();
	ovs_vt_del_dev(dev);
}

/*
 * What "ip link add type gre" makes without "external": its own link-layer
 * type (ARPHRD_IPGRE), whose packets neither in-tree nor we take.  In
 * metadata mode the same device is ARPHRD_NONE, an L3 port.
 */
static void ovs_vt_setup_ipgre(struct net_device *dev)
{
	ovs_vt_setup_l3(dev);
	dev->type = ARPHRD_IPGRE;
}

static void ovs_vt_refuse_ipgre(struct kunit *test)
{
	struct net_device *dev;

	dev = ovs_vt_new_dev(test, "ovskt-gre", ovs_vt_setup_ipgre);
	ovs_vt_expect_refused(test, "ovskt-gre", -EINVAL,
			      "only Ethernet and L3");
	ovs_vt_expect_released(test, dev);
	ovs_vt_del_dev(dev);
}

/*
 * A flow: packets of in_port with this packet type (and, if tun is not
 * NULL, from that tunnel: its id and IPv4 source) go out of out_port.
 */
static void ovs_vt_flow_tun(struct kunit *test, u32 in_port, u8 mac_proto,
			    __be16 eth_type, const struct ovs_key_tun *tun,
			    u32 out_port)
{
	struct ovs_vt *t = test->priv;
	struct ovs_actions *acts;
	struct ovs_flow *flow;
	struct ovs_key *mask;
	struct nlattr *a;
	int err;

	mask = kunit_kzalloc(test, sizeof(*mask), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mask);
	mask->in_port = U32_MAX;
	mask->mac_proto = 0xff;
	mask->eth.type = htons(0xffff);
	if (tun) {
		mask->tun.proto = 0xff;
		mask->tun.id = cpu_to_be64(U64_MAX);
		mask->tun.ipv4.src = htonl(U32_MAX);
	}

	acts = kvzalloc(sizeof(*acts) + nla_total_size(sizeof(u32)),
			GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, acts);
	a = acts->actions;
	a->nla_type = OVS_ACTION_ATTR_OUTPUT;
	a->nla_len = nla_attr_size(sizeof(u32));
	*(u32 *)nla_data(a) = out_port;
	acts->len = nla_total_size(sizeof(u32));
	acts->orig_len = acts->len;

	flow = ovs_flow_alloc();
	if (!flow)
		kvfree(acts);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	flow->key.in_port = in_port;
	flow->key.mac_proto = mac_proto;
	flow->key.eth.type = eth_type;
	if (tun) {
		flow->key.tun.proto = tun->proto;
		flow->key.tun.id = tun->id;
		flow->key.tun.ipv4.src = tun->ipv4.src;
	}
	RCU_INIT_POINTER(flow->acts, acts);
	err = ovs_kt_flow_insert(t->dp, flow, mask, NULL, 0);
	KUNIT_ASSERT_EQ(test, err, 0);
}

static void ovs_vt_flow(struct kunit *test, u32 in_port, u8 mac_proto,
			__be16 eth_type, u32 out_port)
{
	ovs_vt_flow_tun(test, in_port, mac_proto, eth_type, NULL, out_port);
}

/* dev's driver hands skb up; true if a test device then sent one packet. */
static bool ovs_vt_rx(struct net_device *dev, struct sk_buff *skb)
{
	int before = atomic_read(&ovs_vt_xmits);

	skb->dev = dev;
	local_bh_disable();
	netif_receive_skb(skb);
	local_bh_enable();
	return atomic_read(&ovs_vt_xmits) == before + 1;
}

/*
 * From an L3 port, an IP packet has no Ethernet header and its key says
 * so (packet_type (1, ethertype)); an Ethernet frame carried as ETH_P_TEB
 * is a frame.  Out of an L3 port, each leaves as it is, the frame as
 * ETH_P_TEB.
 */
static void ovs_vt_receive_l3(struct kunit *test)
{
	struct ovs_vt *t = test->priv;
	struct ovs_vport *vport;
	struct net_device *dev;
	struct sk_buff *skb;
	struct ovs_fk_pkt *p;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	dev = ovs_vt_new_dev(test, "ovskt-l3", ovs_vt_setup_l3);
	vport = ovs_vt_attach(test, "ovskt-l3");
	KUNIT_EXPECT_FALSE_MSG(test, IS_ERR(vport), "add failed: %ld (%s)",
			       PTR_ERR(vport), t->extack._msg);
	if (IS_ERR(vport))
		goto out_del_dev;
	ovs_vt_flow(test, 1, OVS_MAC_PROTO_NONE, htons(ETH_P_IP), 1);
	ovs_vt_flow(test, 1, OVS_MAC_PROTO_ETHERNET, htons(ETH_P_IP), 1);

	ovs_fk_build_l3_ipv4(test, p);
	skb = ovs_fk_skb(test, p, p->len, p->len);
	KUNIT_EXPECT_TRUE(test, ovs_vt_rx(dev, skb));
	KUNIT_EXPECT_EQ(test, ovs_vt_last.protocol, htons(ETH_P_IP));
	KUNIT_EXPECT_EQ(test, ovs_vt_last.len, p->len);
	KUNIT_EXPECT_EQ(test, ovs_vt_last.head[0], 0x45);

	ovs_fk_build_ipv4_tcp(test, p);
	skb = ovs_fk_skb(test, p, p->len, p->len);
	skb->protocol = htons(ETH_P_TEB);
	KUNIT_EXPECT_TRUE(test, ovs_vt_rx(dev, skb));
	KUNIT_EXPECT_EQ(test, ovs_vt_last.protocol, htons(ETH_P_TEB));
	KUNIT_EXPECT_EQ(test, ovs_vt_last.len, p->len);
	KUNIT_EXPECT_EQ(test, ovs_vt_last.head[0], ovs_fk_eth_dst[0]);

	ovs_lock();
	ovs_vport_del(vport);
	ovs_unlock();
	rcu_barrier();
out_del_dev:
	ovs_vt_del_dev(dev);
}

/* What a tunnel device in metadata mode attaches to what it hands up. */
static void ovs_vt_set_rx_tunnel(struct kunit *test, struct sk_buff *skb,
				 u64 id, __be32 src)
{
	struct metadata_dst *md;
	struct ip_tunnel_info *info;

	md = metadata_dst_alloc(0, METADATA_IP_TUNNEL, GFP_KERNEL);
	if (!md)
		kfree_skb(skb);
	KUNIT_ASSERT_NOT_NULL(test, md);
	info = &md->u.tun_info;
	info->key.tun_id = cpu_to_be64(id);
	info->key.u.ipv4.src = src;
	info->key.u.ipv4.dst = htonl(0xac1f0001);
	info->key.ttl = 64;
	ovs_tun_flag_set(&info->key, IP_TUNNEL_KEY_BIT);
	skb_dst_set(skb, &md->dst);
}

/*
 * A GRE device in L3 mode or a VXLAN-GPE one, in metadata mode, is an L3
 * device whose packets come with the tunnel they came out of: the key has
 * both the packet type (no Ethernet) and the tunnel.  A flow that matches
 * the tunnel's id and source takes only that tunnel's packets.
 */
static void ovs_vt_receive_l3_tunnel(struct kunit *test)
{
	const struct ovs_key_tun tun = {
		.proto = AF_INET,
		.id = cpu_to_be64(100),
		.ipv4.src = htonl(0xac1f0002),
	};
	struct ovs_vt *t = test->priv;
	struct ovs_vport *vport;
	struct net_device *dev;
	struct sk_buff *skb;
	struct ovs_fk_pkt *p;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	dev = ovs_vt_new_dev(test, "ovskt-l3", ovs_vt_setup_l3);
	vport = ovs_vt_attach(test, "ovskt-l3");
	KUNIT_EXPECT_FALSE_MSG(test, IS_ERR(vport), "add failed: %ld (%s)",
			       PTR_ERR(vport), t->extack._msg);
	if (IS_ERR(vport))
		goto out_del_dev;
	ovs_vt_flow_tun(test, 1, OVS_MAC_PROTO_NONE, htons(ETH_P_IP), &tun, 1);
	ovs_fk_build_l3_ipv4(test, p);

	skb = ovs_fk_skb(test, p, p->len, p->len);
	ovs_vt_set_rx_tunnel(test, skb, 100, tun.ipv4.src);
	KUNIT_EXPECT_TRUE(test, ovs_vt_rx(dev, skb));
	KUNIT_EXPECT_EQ(test, ovs_vt_last.protocol, htons(ETH_P_IP));
	KUNIT_EXPECT_EQ(test, ovs_vt_last.len, p->len);
	KUNIT_EXPECT_EQ(test, ovs_vt_last.head[0], 0x45);

	/* Another tunnel id, another source, or no tunnel: another key. */
	skb = ovs_fk_skb(test, p, p->len, p->len);
	ovs_vt_set_rx_tunnel(test, skb, 101, tun.ipv4.src);
	KUNIT_EXPECT_FALSE(test, ovs_vt_rx(dev, skb));
	skb = ovs_fk_skb(test, p, p->len, p->len);
	ovs_vt_set_rx_tunnel(test, skb, 100, htonl(0xac1f0003));
	KUNIT_EXPECT_FALSE(test, ovs_vt_rx(dev, skb));
	skb = ovs_fk_skb(test, p, p->len, p->len);
	KUNIT_EXPECT_FALSE(test, ovs_vt_rx(dev, skb));

	ovs_lock();
	ovs_vport_del(vport);
	ovs_unlock();
	rcu_barrier();
out_del_dev:
	ovs_vt_del_dev(dev);
}

/* An Ethernet device hands frames up past their header: all of it enters. */
static void ovs_vt_receive_eth(struct kunit *test)
{
	struct ovs_vt *t = test->priv;
	struct ovs_vport *vport;
	struct sk_buff *skb;
	struct ovs_fk_pkt *p;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	vport = ovs_vt_attach(test, "ovskt-eth");
	KUNIT_ASSERT_FALSE(test, IS_ERR(vport));
	ovs_vt_flow(test, 1, OVS_MAC_PROTO_NONE, htons(ETH_P_IP), 1);
	ovs_vt_flow(test, 1, OVS_MAC_PROTO_ETHERNET, htons(ETH_P_IP), 1);

	ovs_fk_build_ipv4_tcp(test, p);
	skb = ovs_fk_skb(test, p, p->len, p->len);
	skb->protocol = eth_type_trans(skb, t->eth);
	KUNIT_EXPECT_TRUE(test, ovs_vt_rx(t->eth, skb));
	KUNIT_EXPECT_EQ(test, ovs_vt_last.protocol, htons(ETH_P_IP));
	KUNIT_EXPECT_EQ(test, ovs_vt_last.len, p->len);
	KUNIT_EXPECT_EQ(test, ovs_vt_last.head[0], ovs_fk_eth_dst[0]);
}

static rx_handler_result_t ovs_vt_other_hook(struct sk_buff **pskb)
{
	return RX_HANDLER_PASS;
}

/* As a bond or team port would be: another rx handler, but no master. */
static void ovs_vt_refuse_rx_handler(struct kunit *test)
{
	struct ovs_vt *t = test->priv;
	int marker;

	rtnl_lock();
	KUNIT_ASSERT_EQ(test, netdev_rx_handler_register(t->eth,
							 ovs_vt_other_hook,
							 &marker), 0);
	rtnl_unlock();

	ovs_vt_expect_refused(test, "ovskt-eth", -EBUSY, "another master");

	rtnl_lock();
	/* The other owner keeps its device as it was. */
	KUNIT_EXPECT_PTR_EQ(test, rtnl_dereference(t->eth->rx_handler_data),
			    (void *)&marker);
	KUNIT_EXPECT_FALSE(test, netif_is_ovs_port(t->eth));
	KUNIT_EXPECT_NULL(test, netdev_master_upper_dev_get(t->eth));
	KUNIT_EXPECT_EQ(test, t->eth->promiscuity, 0U);
	netdev_rx_handler_unregister(t->eth);
	rtnl_unlock();
}

/*
 * unregister_netdev() returns only once the device's last reference is
 * gone: the notifier must have detached it and the work item removed the
 * vport from the datapath.
 */
static void ovs_vt_unregister(struct kunit *test)
{
	struct ovs_vt *t = test->priv;
	struct net_device *dev = t->eth;
	struct ovs_vport *vport;

	vport = ovs_vt_attach(test, "ovskt-eth");
	KUNIT_ASSERT_FALSE(test, IS_ERR(vport));

	t->eth = NULL;
	unregister_netdev(dev);
	rtnl_lock();
	KUNIT_EXPECT_FALSE(test, netif_is_ovs_port(dev));
	KUNIT_EXPECT_NULL(test, netdev_master_upper_dev_get(dev));
	rtnl_unlock();
	free_netdev(dev);

	ovs_lock();
	KUNIT_EXPECT_NULL(test, ovs_dp_port(t->dp, 1));
	KUNIT_EXPECT_NOT_NULL(test, ovs_dp_port(t->dp, OVSP_LOCAL));
	ovs_unlock();
}

static struct sk_buff *ovs_vt_frame(struct kunit *test)
{
	struct sk_buff *skb;

	skb = alloc_skb(ETH_HLEN + 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, ETH_HLEN + 64);
	skb_reset_mac_header(skb);
	skb->protocol = htons(ETH_P_IP);
	return skb;
}

/* Sends skb as a frame; true if a test device transmitted it. */
static bool ovs_vt_send(struct ovs_vport *vport, struct sk_buff *skb)
{
	int before = atomic_read(&ovs_vt_xmits);

	rcu_read_lock();
	local_bh_disable();
	ovs_vport_send(vport, skb, OVS_MAC_PROTO_ETHERNET);
	local_bh_enable();
	rcu_read_unlock();
	return atomic_read(&ovs_vt_xmits) == before + 1;
}

/* The datapath transmits a frame through the attached device. */
static void ovs_vt_send_xmits(struct kunit *test)
{
	struct ovs_vport *vport;

	vport = ovs_vt_attach(test, "ovskt-eth");
	KUNIT_ASSERT_FALSE(test, IS_ERR(vport));
	KUNIT_EXPECT_TRUE(test, ovs_vt_send(vport, ovs_vt_frame(test)));
}

/*
 * A departure time in the monotonic clock (EDT, set by TCP or a BPF
 * program for pacing) leaves with the packet; a receive time stamp, which
 * a pacing qdisc would take for one, does not.
 */
static void ovs_vt_send_tstamp(struct kunit *test)
{
	ktime_t edt = ktime_add_ms(ktime_get(), 5);
	struct ovs_vport *vport;
	struct sk_buff *skb;

	vport = ovs_vt_attach(test, "ovskt-eth");
	KUNIT_ASSERT_FALSE(test, IS_ERR(vport));

	skb = ovs_vt_frame(test);
	skb_set_delivery_time(skb, edt, true);
	KUNIT_EXPECT_TRUE(test, ovs_vt_send(vport, skb));
	KUNIT_EXPECT_EQ(test, ovs_vt_last.tstamp, edt);

	skb = ovs_vt_frame(test);
	__net_timestamp(skb);
	KUNIT_EXPECT_NE(test, skb->tstamp, 0);
	KUNIT_EXPECT_TRUE(test, ovs_vt_send(vport, skb));
	KUNIT_EXPECT_EQ(test, ovs_vt_last.tstamp, 0);
}

/* ovs_vport_send()'s checks, on a vport whose send only counts. */

static unsigned int ovs_vt_sent;
static ktime_t ovs_vt_sent_tstamp;

static void ovs_vt_count_send(struct ovs_vport *vport, struct sk_buff *skb)
{
	ovs_vt_sent++;
	ovs_vt_sent_tstamp = skb->tstamp;
	kfree_skb(skb);
}

static const struct ovs_vport_ops ovs_vt_count_ops = {
	.type = OVS_VPORT_TYPE_NETDEV,
	.send = ovs_vt_count_send,
};

static u64 ovs_vt_tx_dropped(struct net_device *dev)
{
	struct rtnl_link_stats64 stats;

	dev_get_stats(dev, &stats);
	return stats.tx_dropped;
}

/* Sends a frame of len bytes (Ethernet header included); true if it went. */
static bool ovs_vt_try_send(struct kunit *test, unsigned int len,
			    __be16 proto, u8 mac_proto, bool gso)
{
	struct ovs_vt *t = test->priv;
	struct ovs_vport vport = {
		.dev = t->eth,
		.ops = &ovs_vt_count_ops,
	};
	unsigned int sent = ovs_vt_sent;
	u64 dropped = ovs_vt_tx_dropped(t->eth);
	struct sk_buff *skb;

	skb = alloc_skb(len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, len);
	skb_reset_mac_header(skb);
	skb->protocol = proto;
	if (gso) {
		skb_shinfo(skb)->gso_size = 1000;
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	}

	rcu_read_lock();
	local_bh_disable();
	ovs_vport_send(&vport, skb, mac_proto);
	local_bh_enable();
	rcu_read_unlock();

	if (ovs_vt_sent == sent) {
		KUNIT_EXPECT_EQ(test, ovs_vt_tx_dropped(t->eth), dropped + 1);
		return false;
	}
	KUNIT_EXPECT_EQ(test, ovs_vt_sent, sent + 1);
	KUNIT_EXPECT_EQ(test, ovs_vt_tx_dropped(t->eth), dropped);
	return true;
}

static void ovs_vt_send_mtu(struct kunit *test)
{
	struct ovs_vt *t = test->priv;
	unsigned int mtu = t->eth->mtu;
	__be16 ip = htons(ETH_P_IP);
	__be16 vlan = htons(ETH_P_8021Q);

	KUNIT_ASSERT_EQ(test, mtu, (unsigned int)ETH_DATA_LEN);
	KUNIT_EXPECT_TRUE(test, ovs_vt_try_send(test, ETH_HLEN + mtu, ip,
						OVS_MAC_PROTO_ETHERNET, false));
	KUNIT_EXPECT_FALSE(test, ovs_vt_try_send(test, ETH_HLEN + mtu + 1, ip,
						 OVS_MAC_PROTO_ETHERNET, false));
	/* One tag in the data does not count against the MTU... */
	KUNIT_EXPECT_TRUE(test, ovs_vt_try_send(test, VLAN_ETH_HLEN + mtu, vlan,
						OVS_MAC_PROTO_ETHERNET, false));
	KUNIT_EXPECT_FALSE(test, ovs_vt_try_send(test, VLAN_ETH_HLEN + mtu + 1,
						 vlan, OVS_MAC_PROTO_ETHERNET,
						 false));
	/* ...and GSO packets are segmented to fit later. */
	KUNIT_EXPECT_TRUE(test, ovs_vt_try_send(test, ETH_HLEN + 3 * mtu, ip,
						OVS_MAC_PROTO_ETHERNET, true));
}

/* An L3 packet has no Ethernet header for an Ethernet device. */
static void ovs_vt_send_l3(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, ovs_vt_try_send(test, 64, htons(ETH_P_IP),
						 OVS_MAC_PROTO_NONE, false));
}

/* Whatever the port's type: internal ports' time stamps are cleared too. */
static void ovs_vt_send_tstamp_any(struct kunit *test)
{
	struct ovs_vt *t = test->priv;
	struct ovs_vport vport = {
		.dev = t->eth,
		.ops = &ovs_vt_count_ops,
	};
	ktime_t edt = ktime_add_ms(ktime_get(), 5);
	struct sk_buff *skb;

	skb = ovs_vt_frame(test);
	__net_timestamp(skb);
	ovs_vt_sent_tstamp = skb->tstamp;
	rcu_read_lock();
	local_bh_disable();
	ovs_vport_send(&vport, skb, OVS_MAC_PROTO_ETHERNET);
	local_bh_enable();
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ovs_vt_sent_tstamp, 0);

	skb = ovs_vt_frame(test);
	skb_set_delivery_time(skb, edt, true);
	rcu_read_lock();
	local_bh_disable();
	ovs_vport_send(&vport, skb, OVS_MAC_PROTO_ETHERNET);
	local_bh_enable();
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ovs_vt_sent_tstamp, edt);
}

static void ovs_vt_upcall_portid(struct kunit *test)
{
	struct ovs_vport vport = {};
	struct ovs_portids *pids;
	struct sk_buff *skb;

	skb = alloc_skb(64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	pids = kzalloc(struct_size(pids, ids, 3), GFP_KERNEL);
	if (!pids)
		kfree_skb(skb);
	KUNIT_ASSERT_NOT_NULL(test, pids);

	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, ovs_vport_upcall_portid(&vport, skb), 0U);

	pids->n_ids = 1;
	pids->ids[0] = 11;
	RCU_INIT_POINTER(vport.upcall_pids, pids);
	skb_set_hash(skb, 0xc0000000, PKT_HASH_TYPE_L4);
	KUNIT_EXPECT_EQ(test, ovs_vport_upcall_portid(&vport, skb), 11U);

	/* reciprocal_scale(): the hash's share of 2^32 picks the entry. */
	pids->n_ids = 3;
	pids->ids[1] = 22;
	pids->ids[2] = 33;
	KUNIT_EXPECT_EQ(test, ovs_vport_upcall_portid(&vport, skb), 33U);
	skb_set_hash(skb, 0x60000000, PKT_HASH_TYPE_L4);
	KUNIT_EXPECT_EQ(test, ovs_vport_upcall_portid(&vport, skb), 22U);
	skb_set_hash(skb, 0x10, PKT_HASH_TYPE_L4);
	KUNIT_EXPECT_EQ(test, ovs_vport_upcall_portid(&vport, skb), 11U);
	rcu_read_unlock();

	kfree(pids);
	kfree_skb(skb);
}

static struct kunit_case ovs_vt_cases[] = {
	KUNIT_CASE(ovs_vt_attach_and_del),
	KUNIT_CASE(ovs_vt_refuse_missing),
	KUNIT_CASE(ovs_vt_refuse_loopback),
	KUNIT_CASE(ovs_vt_refuse_internal),
	KUNIT_CASE(ovs_vt_refuse_same_dp),
	KUNIT_CASE(ovs_vt_attach_l3),
	KUNIT_CASE(ovs_vt_refuse_ipgre),
	KUNIT_CASE(ovs_vt_receive_l3),
	KUNIT_CASE(ovs_vt_receive_l3_tunnel),
	KUNIT_CASE(ovs_vt_receive_eth),
	KUNIT_CASE(ovs_vt_refuse_rx_handler),
	KUNIT_CASE(ovs_vt_unregister),
	KUNIT_CASE(ovs_vt_send_xmits),
	KUNIT_CASE(ovs_vt_send_tstamp),
	KUNIT_CASE(ovs_vt_send_mtu),
	KUNIT_CASE(ovs_vt_send_l3),
	KUNIT_CASE(ovs_vt_send_tstamp_any),
	KUNIT_CASE(ovs_vt_upcall_portid),
	{}
};

static struct kunit_suite ovs_vt_suite = {
	.name = "ovs_vport_netdev",
	.init = ovs_vt_init,
	.exit = ovs_vt_exit,
	.test_cases = ovs_vt_cases,
};

kunit_test_suite(ovs_vt_suite);
