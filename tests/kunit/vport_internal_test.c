// SPDX-License-Identifier: GPL-2.0-only
/*
 * Internal vports (datapath/linux/vport_internal.c): the offloads the
 * device offers.
 */

#include <kunit/test.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/netns/generic.h>

#include "datapath.h"
#include "vport.h"

#define OVS_IT_DP	"ovskt-idp"
#define OVS_IT_PORT	"ovskt-int"

struct ovs_it {
	struct ovs_dp *dp;
	struct netlink_ext_ack extack;
};

/* A datapath as OVS_DP_CMD_NEW makes it: local port, in the namespace list. */
static int ovs_it_init(struct kunit *test)
{
	struct ovs_net *ovs_net = net_generic(&init_net, ovs_net_id);
	struct ovs_vport_parms parms = {
		.name = OVS_IT_DP,
		.type = OVS_VPORT_TYPE_INTERNAL,
		.port_no = OVSP_LOCAL,
	};
	struct ovs_vport *local;
	struct ovs_it *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;

	ovs_lock();
	t->dp = ovs_dp_alloc(&init_net);
	if (t->dp) {
		parms.dp = t->dp;
		local = ovs_vport_add(&parms);
		if (IS_ERR(local)) {
			ovs_dp_free(t->dp);
			t->dp = NULL;
		} else {
			list_add_tail_rcu(&t->dp->node, &ovs_net->dps);
		}
	}
	ovs_unlock();
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

static struct net_device *ovs_it_local_dev(struct kunit *test)
{
	struct ovs_it *t = test->priv;
	struct net_device *dev;

	ovs_lock();
	dev = ovs_dp_port(t->dp, OVSP_LOCAL)->dev;
	ovs_unlock();
	return dev;
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

	ovs_it_expect_features(test, vport->dev);
	ovs_it_expect_features(test, ovs_it_local_dev(test));
}

static struct kunit_case ovs_it_cases[] = {
	KUNIT_CASE(ovs_it_features),
	{}
};

static struct kunit_suite ovs_it_suite = {
	.name = "ovs_vport_internal",
	.init = ovs_it_init,
	.exit = ovs_it_exit,
	.test_cases = ovs_it_cases,
};

kunit_test_suite(ovs_it_suite);
