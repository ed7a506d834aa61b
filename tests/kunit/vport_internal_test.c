// SPDX-License-Identifier: GPL-2.0-only
/*
 * Internal vports (datapath/linux/vport_internal.c) and the request that
 * makes them, OVS_VPORT_CMD_NEW (datapath/genl_vport.c), run through the
 * family's own handler: the offloads the device offers, the port number a
 * request asks for or leaves to the datapath, and a port whose device moves
 * to another namespace (lookups, packets, that namespace's end, del-dp).
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/user_namespace.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "datapath.h"
#include "genl.h"
#include "vport.h"
#include "dp_kunit.h"

#define OVS_IT_DP	"ovskt-idp"
#define OVS_IT_PORT	"ovskt-int"

struct ovs_it {
	struct ovs_dp *dp;
	struct net *net2;	/* another namespace, while a test holds one */
	struct netlink_ext_ack extack;
};

/* A datapath as OVS_DP_CMD_NEW makes it: local port, in the namespace list. */
static int ovs_it_init(struct kunit *test)
{
	struct ovs_it *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;

	t->dp = ovs_kt_dp_new(OVS_IT_DP);
	KUNIT_ASSERT_NOT_NULL(test, t->dp);
	return 0;
}

static void ovs_it_exit(struct kunit *test)
{
	struct ovs_it *t = test->priv;

	if (!t)
		return;
	if (t->dp) {
		ovs_lock();
		ovs_dp_destroy(t->dp);
		ovs_unlock();
	}
	if (t->net2)
		put_net(t->net2);
	rcu_barrier();
}

static struct ovs_vport *ovs_it_add(struct kunit *test, const char *name,
				    u32 port_no)
{
	struct ovs_it *t = test->priv;
	struct ovs_vport_parms parms = {
		.name = name,
		.type = OVS_VPORT_TYPE_INTERNAL,
		.port_no = port_no,
		.dp = t->dp,
		.extack = &t->extack,
	};
	struct ovs_vport *vport;

	memset(&t->extack, 0, sizeof(t->extack));
	ovs_lock();
	vport = ovs_vport_add(&parms);
	ovs_unlock();
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(vport), "add failed: %ld (%s)",
			       PTR_ERR(vport), t->extack._msg);
	return vport;
}

/*
 * The in-tree datapath's offer: the host's tunnel traffic routed over an
 * internal port (VXLAN, GENEVE, GRE, IP-in-IP) goes down as one large
 * packet, segmented at the physical device or by its driver, and VLAN
 * insertion can be turned off with ethtool.
 */
static void ovs_it_expect_features(struct kunit *test, struct net_device *dev)
{
	const netdev_features_t base = NETIF_F_SG | NETIF_F_FRAGLIST |
		NETIF_F_HIGHDMA | NETIF_F_HW_CSUM | NETIF_F_GSO_SOFTWARE |
		NETIF_F_GSO_ENCAP_ALL;
	const netdev_features_t all = base | NETIF_F_HW_VLAN_CTAG_TX |
		NETIF_F_HW_VLAN_STAG_TX;

	KUNIT_EXPECT_EQ_MSG(test, dev->features & all, all, "%s features %pNF",
			    dev->name, &dev->features);
	KUNIT_EXPECT_EQ_MSG(test, dev->hw_features & all, all,
			    "%s hw_features %pNF", dev->name, &dev->hw_features);
	/* Registration adds to these (SG, GSO_PARTIAL): at least ours. */
	KUNIT_EXPECT_EQ_MSG(test, dev->hw_enc_features & base, base,
			    "%s hw_enc_features %pNF", dev->name,
			    &dev->hw_enc_features);
	KUNIT_EXPECT_EQ_MSG(test, dev->vlan_features & base, base,
			    "%s vlan_features %pNF", dev->name,
			    &dev->vlan_features);
}

static void ovs_it_features(struct kunit *test)
{
	struct ovs_vport *vport = ovs_it_add(test, OVS_IT_PORT, 1);
	struct ovs_it *t = test->priv;

	ovs_it_expect_features(test, vport->dev);
	ovs_it_expect_features(test, ovs_kt_dp_local_dev(t->dp));
}

/*
 * Sends OVS_VPORT_CMD_NEW for an internal port name, with port_no if not
 * NULL, to the family's handler; returns its answer.
 */
static int ovs_it_cmd_new(struct kunit *test, const char *name,
			  const u32 *port_no)
{
	const struct genl_ops *op = NULL;
	struct ovs_it *t = test->priv;
	struct genl_info info = {};
	struct ovs_header *hdr;
	struct sk_buff *skb;
	int i, err;

	for (i = 0; i < ovs_vport_genl_family.n_ops; i++)
		if (ovs_vport_genl_family.ops[i].cmd == OVS_VPORT_CMD_NEW)
			op = &ovs_vport_genl_family.ops[i];
	KUNIT_ASSERT_NOT_NULL(test, op);

	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	hdr = genlmsg_put(skb, 0, 1, &ovs_vport_genl_family, 0,
			  OVS_VPORT_CMD_NEW);
	if (!hdr)
		kfree_skb(skb);
	KUNIT_ASSERT_NOT_NULL(test, hdr);
	ovs_lock();
	hdr->dp_ifindex = ovs_dp_ifindex(t->dp);
	ovs_unlock();
	err = nla_put_string(skb, OVS_VPORT_ATTR_NAME, name) ||
	      nla_put_u32(skb, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_INTERNAL) ||
	      nla_put_u32(skb, OVS_VPORT_ATTR_UPCALL_PID, 0) ||
	      (port_no && nla_put_u32(skb, OVS_VPORT_ATTR_PORT_NO, *port_no));
	if (err)
		kfree_skb(skb);
	KUNIT_ASSERT_EQ(test, err, 0);
	genlmsg_end(skb, hdr);

	info.snd_seq = 1;
	info.nlhdr = nlmsg_hdr(skb);
	info.genlhdr = nlmsg_data(info.nlhdr);
	info.userhdr = genlmsg_data(info.genlhdr);
	info.extack = &t->extack;
	genl_info_net_set(&info, &init_net);
	memset(&t->extack, 0, sizeof(t->extack));
	err = op->doit(skb, &info);
	kfree_skb(skb);
	return err;
}

/* The port number of the vport named name, or -1. */
static long ovs_it_port_no(const char *name)
{
	struct ovs_vport *vport;
	long port_no = -1;

	ovs_lock();
	vport = ovs_vport_locate(&init_net, name);
	if (vport)
		port_no = vport->port_no;
	ovs_unlock();
	return port_no;
}

/*
 * No OVS_VPORT_ATTR_PORT_NO, or one of 0, lets the datapath choose (the
 * lowest free number), as in-tree; any other number is taken as asked,
 * if it is free and in range.
 */
static void ovs_it_port_no_choice(struct kunit *test)
{
	struct ovs_it *t = test->priv;
	const u32 zero = 0, five = 5, max = OVS_DP_MAX_PORTS;

	KUNIT_EXPECT_EQ_MSG(test, ovs_it_cmd_new(test, "ovskt-p0", &zero), 0,
			    "extack: %s", t->extack._msg);
	KUNIT_EXPECT_EQ(test, ovs_it_port_no("ovskt-p0"), 1);

	KUNIT_EXPECT_EQ(test, ovs_it_cmd_new(test, "ovskt-pa", NULL), 0);
	KUNIT_EXPECT_EQ(test, ovs_it_port_no("ovskt-pa"), 2);

	KUNIT_EXPECT_EQ(test, ovs_it_cmd_new(test, "ovskt-p5", &five), 0);
	KUNIT_EXPECT_EQ(test, ovs_it_port_no("ovskt-p5"), 5);

	KUNIT_EXPECT_EQ(test, ovs_it_cmd_new(test, "ovskt-p5b", &five), -EBUSY);
	KUNIT_EXPECT_NOT_NULL(test, t->extack._msg);
	KUNIT_EXPECT_EQ(test, ovs_it_port_no("ovskt-p5b"), -1);

	KUNIT_EXPECT_EQ(test, ovs_it_cmd_new(test, "ovskt-pmax", &max), -EFBIG);
	KUNIT_EXPECT_NOT_NULL(test, t->extack._msg);
	KUNIT_EXPECT_EQ(test, ovs_it_port_no("ovskt-pmax"), -1);

	/* After 5, the lowest free number is still chosen. */
	KUNIT_EXPECT_EQ(test, ovs_it_cmd_new(test, "ovskt-pz", &zero), 0);
	KUNIT_EXPECT_EQ(test, ovs_it_port_no("ovskt-pz"), 3);
}

static struct net *ovs_it_new_net(struct kunit *test)
{
	struct ovs_it *t = test->priv;
	struct net *net;

	net = copy_net_ns(CLONE_NEWNET, &init_user_ns, &init_net);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(net), "copy_net_ns: %ld",
			       PTR_ERR(net));
	t->net2 = net;
	return net;
}

static int ovs_it_move(struct net_device *dev, struct net *net)
{
	int err;

	rtnl_lock();
	err = dev_change_net_namespace(dev, net, NULL);
	rtnl_unlock();
	return err;
}

static u64 ovs_it_missed(struct ovs_dp *dp)
{
	struct ovs_dp_megaflow_stats mega;
	struct ovs_dp_stats stats;

	ovs_dp_stats_read(dp, &stats, &mega);
	return stats.n_missed;
}

/*
 * A port moved to another namespace (an OpenStack agent's, a container's)
 * stays in its datapath, is still found by name in the datapath's
 * namespace and only there, and carries packets.  The local port, which
 * names the datapath, stays where it is.
 */
static void ovs_it_netns_move(struct kunit *test)
{
	struct ovs_it *t = test->priv;
	struct net_device *local = ovs_kt_dp_local_dev(t->dp);
	struct ovs_vport *vport;
	struct net_device *dev;
	struct sk_buff *skb;
	struct net *net2;
	u64 missed;
	int err;

	net2 = ovs_it_new_net(test);
	vport = ovs_it_add(test, OVS_IT_PORT, 1);
	dev = vport->dev;

	err = ovs_it_move(dev, net2);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "moving %s: %d", OVS_IT_PORT, err);
	KUNIT_EXPECT_TRUE(test, net_eq(dev_net(dev), net2));

	ovs_lock();
	KUNIT_EXPECT_PTR_EQ(test, ovs_dp_port(t->dp, 1), vport);
	KUNIT_EXPECT_PTR_EQ(test, vport->dev, dev);
	KUNIT_EXPECT_PTR_EQ(test, ovs_vport_locate(&init_net, OVS_IT_PORT),
			    vport);
	/* The other namespace holds the device, not the datapath. */
	KUNIT_EXPECT_NULL(test, ovs_vport_locate(net2, OVS_IT_PORT));
	KUNIT_EXPECT_NULL(test, ovs_dp_lookup_by_ifindex(net2, dev->ifindex));
	ovs_unlock();

	KUNIT_EXPECT_EQ(test, ovs_it_move(local, net2), -EINVAL);
	KUNIT_EXPECT_TRUE(test, net_eq(dev_net(local), &init_net));

	/* What the other namespace sends on it enters the datapath. */
	rtnl_lock();
	err = dev_open(dev, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	skb = alloc_skb(ETH_HLEN + 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, ETH_HLEN + 64);
	skb_reset_mac_header(skb);
	eth_hdr(skb)->h_proto = htons(ETH_P_IP);
	skb->protocol = htons(ETH_P_IP);
	skb->dev = dev;
	missed = ovs_it_missed(t->dp);
	KUNIT_EXPECT_EQ(test, dev_queue_xmit(skb), NET_XMIT_SUCCESS);
	KUNIT_EXPECT_EQ(test, ovs_it_missed(t->dp), missed + 1);

	/* And back home, under the same name. */
	KUNIT_EXPECT_EQ(test, ovs_it_move(dev, &init_net), 0);
	ovs_lock();
	KUNIT_EXPECT_PTR_EQ(test, ovs_vport_locate(&init_net, OVS_IT_PORT),
			    vport);
	ovs_unlock();
}

/*
 * The namespace the device moved to goes away: the port leaves its
 * datapath before the device does (else the datapath would keep a freed
 * device), and the datapath lives on.
 */
static void ovs_it_netns_destroyed(struct kunit *test)
{
	struct ovs_it *t = test->priv;
	struct ovs_vport *vport;
	bool gone = false;
	int i;

	vport = ovs_it_add(test, OVS_IT_PORT, 1);
	KUNIT_ASSERT_EQ(test, ovs_it_move(vport->dev, ovs_it_new_net(test)), 0);

	put_net(t->net2);
	t->net2 = NULL;
	/* Namespaces are torn down by a worker. */
	for (i = 0; i < 200 && !gone; i++) {
		msleep(50);
		ovs_lock();
		gone = !ovs_dp_port(t->dp, 1);
		ovs_unlock();
	}
	KUNIT_EXPECT_TRUE_MSG(test, gone,
			      "port 1 still in the datapath 10 s after its namespace went");
	ovs_lock();
	KUNIT_EXPECT_NOT_NULL(test, ovs_dp_port(t->dp, OVSP_LOCAL));
	KUNIT_EXPECT_NULL(test, ovs_vport_locate(&init_net, OVS_IT_PORT));
	ovs_unlock();
}

/* Deleting the datapath takes its ports' devices, wherever they are. */
static void ovs_it_netns_dp_destroy(struct kunit *test)
{
	struct ovs_it *t = test->priv;
	struct ovs_vport *vport;
	struct net *net2;

	net2 = ovs_it_new_net(test);
	vport = ovs_it_add(test, OVS_IT_PORT, 1);
	KUNIT_ASSERT_EQ(test, ovs_it_move(vport->dev, net2), 0);

	ovs_lock();
	ovs_dp_destroy(t->dp);
	t->dp = NULL;
	ovs_unlock();

	rtnl_lock();
	KUNIT_EXPECT_NULL(test, __dev_get_by_name(net2, OVS_IT_PORT));
	rtnl_unlock();
}

static struct kunit_case ovs_it_cases[] = {
	KUNIT_CASE(ovs_it_features),
	KUNIT_CASE(ovs_it_port_no_choice),
	KUNIT_CASE(ovs_it_netns_move),
	KUNIT_CASE(ovs_it_netns_destroyed),
	KUNIT_CASE(ovs_it_netns_dp_destroy),
	{}
};

static struct kunit_suite ovs_it_suite = {
	.name = "ovs_vport_internal",
	.init = ovs_it_init,
	.exit = ovs_it_exit,
	.test_cases = ovs_it_cases,
};

kunit_test_suite(ovs_it_suite);
