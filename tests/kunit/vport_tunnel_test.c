// SPDX-License-Identifier: GPL-2.0-only
/*
 * The legacy tunnel vport types (datapath/linux/vport_tunnel.c, options in
 * datapath/genl_vport.c) driven through a netlink socket as ovs-dpctl
 * add-if drives them: each type's metadata-mode device made, attached and
 * reported back with its options, deleted with its port, with its
 * datapath, from under it and with its namespace; every malformed request
 * refused with its message and nothing left behind.
 */

#include <linux/completion.h>
#include <linux/in.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>
#include <net/vxlan.h>

#include "genl_client_kunit.h"
#include "vport.h"

#define VTL_NAME	"ovskt-tun"
/* NL_SET_ERR_MSG_MOD()'s prefix. */
#define VTL_MOD		KBUILD_MODNAME ": "

/* Fills a request's OVS_VPORT_ATTR_OPTIONS (or leaves it out). */
typedef void (*vtl_opts_fn)(struct kunit *test, struct sk_buff *msg);

static void vtl_port(struct kunit *test, struct sk_buff *msg, u16 port)
{
	struct nlattr *o = ovs_kt_nest(test, msg, OVS_VPORT_ATTR_OPTIONS);

	ovs_kt_put(test, msg, OVS_TUNNEL_ATTR_DST_PORT, &port, sizeof(port));
	ovs_kt_nest_end(test, msg, o);
}

static void vtl_opts_4790(struct kunit *test, struct sk_buff *msg)
{
	vtl_port(test, msg, 4790);
}

static void vtl_opts_4791(struct kunit *test, struct sk_buff *msg)
{
	vtl_port(test, msg, 4791);
}

static void vtl_opts_4792(struct kunit *test, struct sk_buff *msg)
{
	vtl_port(test, msg, 4792);
}

static void vtl_opts_4793(struct kunit *test, struct sk_buff *msg)
{
	vtl_port(test, msg, 4793);
}

/* OPTIONS { DST_PORT 4790, EXTENSION { GBP of gbp_len bytes } x n } */
static void vtl_gbp(struct kunit *test, struct sk_buff *msg, int gbp_len,
		    int n, int ext_type)
{
	struct nlattr *o = ovs_kt_nest(test, msg, OVS_VPORT_ATTR_OPTIONS);
	u16 port = 4790;
	u32 zero = 0;
	struct nlattr *e;
	int i;

	ovs_kt_put(test, msg, OVS_TUNNEL_ATTR_DST_PORT, &port, sizeof(port));
	e = ovs_kt_nest(test, msg, OVS_TUNNEL_ATTR_EXTENSION);
	for (i = 0; i < n; i++)
		ovs_kt_put(test, msg, ext_type, &zero, gbp_len);
	ovs_kt_nest_end(test, msg, e);
	ovs_kt_nest_end(test, msg, o);
}

static void vtl_opts_gbp(struct kunit *test, struct sk_buff *msg)
{
	vtl_gbp(test, msg, 0, 1, OVS_VXLAN_EXT_GBP);
}

static void vtl_opts_gbp_payload(struct kunit *test, struct sk_buff *msg)
{
	vtl_gbp(test, msg, 4, 1, OVS_VXLAN_EXT_GBP);
}

static void vtl_opts_gbp_twice(struct kunit *test, struct sk_buff *msg)
{
	vtl_gbp(test, msg, 0, 2, OVS_VXLAN_EXT_GBP);
}

static void vtl_opts_ext_unknown(struct kunit *test, struct sk_buff *msg)
{
	vtl_gbp(test, msg, 0, 1, OVS_VXLAN_EXT_GBP + 1);
}

static void vtl_opts_none(struct kunit *test, struct sk_buff *msg)
{
}

static void vtl_opts_empty(struct kunit *test, struct sk_buff *msg)
{
	ovs_kt_nest_end(test, msg, ovs_kt_nest(test, msg,
					       OVS_VPORT_ATTR_OPTIONS));
}

static void vtl_opts_port_u32(struct kunit *test, struct sk_buff *msg)
{
	struct nlattr *o = ovs_kt_nest(test, msg, OVS_VPORT_ATTR_OPTIONS);

	ovs_kt_u32(test, msg, OVS_TUNNEL_ATTR_DST_PORT, 4790);
	ovs_kt_nest_end(test, msg, o);
}

static void vtl_opts_port_twice(struct kunit *test, struct sk_buff *msg)
{
	struct nlattr *o = ovs_kt_nest(test, msg, OVS_VPORT_ATTR_OPTIONS);
	u16 port = 4790;

	ovs_kt_put(test, msg, OVS_TUNNEL_ATTR_DST_PORT, &port, sizeof(port));
	ovs_kt_put(test, msg, OVS_TUNNEL_ATTR_DST_PORT, &port, sizeof(port));
	ovs_kt_nest_end(test, msg, o);
}

static void vtl_opts_port_zero(struct kunit *test, struct sk_buff *msg)
{
	vtl_port(test, msg, 0);
}

static void vtl_opts_unknown(struct kunit *test, struct sk_buff *msg)
{
	struct nlattr *o = ovs_kt_nest(test, msg, OVS_VPORT_ATTR_OPTIONS);
	u16 port = 4790;

	ovs_kt_put(test, msg, OVS_TUNNEL_ATTR_DST_PORT, &port, sizeof(port));
	ovs_kt_u32(test, msg, OVS_TUNNEL_ATTR_EXTENSION + 1, 0);
	ovs_kt_nest_end(test, msg, o);
}

/* A nest whose last bytes are not a whole attribute. */
static void vtl_opts_partial(struct kunit *test, struct sk_buff *msg)
{
	struct nlattr *o = ovs_kt_nest(test, msg, OVS_VPORT_ATTR_OPTIONS);
	u16 port = 4790;

	ovs_kt_put(test, msg, OVS_TUNNEL_ATTR_DST_PORT, &port, sizeof(port));
	ovs_kt_nest_end(test, msg, o);
	/* Two bytes of a third attribute header, inside the nest's length. */
	skb_put_zero(msg, 2);
	o->nla_len += 2;
}

/* ovs-dpctl add-if NAME,type=TYPE: returns the ack's error, reply kept. */
static int vtl_new(struct kunit *test, const char *name, u32 type,
		   vtl_opts_fn opts, struct sk_buff **reply)
{
	struct gc *g = test->priv;
	struct sk_buff *msg;

	msg = ovs_gc_msg(test, g, &ovs_vport_genl_family, OVS_VPORT_CMD_NEW,
			 NLM_F_ECHO);
	ovs_kt_string(test, msg, OVS_VPORT_ATTR_NAME, name);
	ovs_kt_u32(test, msg, OVS_VPORT_ATTR_TYPE, type);
	ovs_kt_u32(test, msg, OVS_VPORT_ATTR_UPCALL_PID, g->portid);
	opts(test, msg);
	return ovs_gc_call(test, g, msg, reply);
}

static int vtl_del(struct kunit *test, const char *name)
{
	struct gc *g = test->priv;
	struct sk_buff *msg;

	msg = ovs_gc_msg(test, g, &ovs_vport_genl_family, OVS_VPORT_CMD_DEL, 0);
	ovs_kt_string(test, msg, OVS_VPORT_ATTR_NAME, name);
	return ovs_gc_call(test, g, msg, NULL);
}

/* What a vport message says: its type and its options as parsed back. */
struct vtl_info {
	char name[IFNAMSIZ];
	u32 type;
	bool has_opts;
	int dst_port;		/* -1: none */
	bool gbp;
};

static void vtl_info_parse(struct kunit *test, const struct nlmsghdr *nlh,
			   struct vtl_info *info)
{
	struct nlattr *a[OVS_VPORT_ATTR_MAX + 1];
	const struct nlattr *o, *e;
	int rem, erem;

	memset(info, 0, sizeof(*info));
	info->dst_port = -1;
	KUNIT_ASSERT_EQ(test, nlmsg_parse_deprecated(nlh, GENL_HDRLEN +
						     sizeof(struct ovs_header),
						     a, OVS_VPORT_ATTR_MAX,
						     NULL, NULL), 0);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_VPORT_ATTR_TYPE]);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_VPORT_ATTR_NAME]);
	info->type = nla_get_u32(a[OVS_VPORT_ATTR_TYPE]);
	nla_strscpy(info->name, a[OVS_VPORT_ATTR_NAME], sizeof(info->name));
	if (!a[OVS_VPORT_ATTR_OPTIONS])
		return;
	info->has_opts = true;
	nla_for_each_nested(o, a[OVS_VPORT_ATTR_OPTIONS], rem) {
		switch (nla_type(o)) {
		case OVS_TUNNEL_ATTR_DST_PORT:
			KUNIT_EXPECT_EQ(test, nla_len(o), 2);
			info->dst_port = nla_get_u16(o);
			break;
		case OVS_TUNNEL_ATTR_EXTENSION:
			nla_for_each_nested(e, o, erem) {
				KUNIT_EXPECT_EQ(test, nla_type(e),
						OVS_VXLAN_EXT_GBP);
				KUNIT_EXPECT_EQ(test, nla_len(e), 0);
				info->gbp = true;
			}
			break;
		default:
			KUNIT_FAIL(test, "unexpected tunnel option %d",
				   nla_type(o));
		}
	}
}

/* The port's device as the datapath made it. */
static void vtl_expect_dev(struct kunit *test, const char *name,
			   const char *kind)
{
	struct net_device *dev;

	rtnl_lock();
	dev = __dev_get_by_name(&init_net, name);
	KUNIT_ASSERT_NOT_NULL_MSG(test, dev, "no device %s", name);
	KUNIT_EXPECT_TRUE(test, netif_is_ovs_port(dev));
	KUNIT_EXPECT_TRUE(test, dev->flags & IFF_UP);
	KUNIT_ASSERT_NOT_NULL(test, dev->rtnl_link_ops);
	KUNIT_EXPECT_STREQ(test, dev->rtnl_link_ops->kind, kind);
	/* Not limited to the underlay's MTU: the flows decide. */
	KUNIT_EXPECT_GT(test, dev->mtu, 9000U);
	KUNIT_EXPECT_NOT_NULL(test, ovs_vport_from_dev(dev));
	rtnl_unlock();
}

/* A device of that name, of kind (or NULL: no rtnl_link_ops). */
static void vtl_expect_dev_kind(struct kunit *test, const char *name,
				const char *kind)
{
	struct net_device *dev;

	rtnl_lock();
	dev = __dev_get_by_name(&init_net, name);
	KUNIT_EXPECT_NOT_NULL(test, dev);
	if (dev && kind) {
		KUNIT_EXPECT_NOT_NULL(test, dev->rtnl_link_ops);
		if (dev->rtnl_link_ops)
			KUNIT_EXPECT_STREQ(test, dev->rtnl_link_ops->kind,
					   kind);
	}
	rtnl_unlock();
}

static void vtl_expect_no_dev(struct kunit *test, const char *name)
{
	rtnl_lock();
	KUNIT_EXPECT_NULL_MSG(test, __dev_get_by_name(&init_net, name),
			      "device %s left behind", name);
	rtnl_unlock();
}

static void vtl_count(struct kunit *test, const struct nlmsghdr *nlh,
		      void *arg)
{
	(*(int *)arg)++;
}

/* How many ports the datapath has, by a dump. */
static int vtl_n_ports(struct kunit *test)
{
	struct gc *g = test->priv;
	int n = 0;

	KUNIT_EXPECT_GE(test, ovs_gc_dump(test, g,
					  ovs_gc_msg(test, g,
						     &ovs_vport_genl_family,
						     OVS_VPORT_CMD_GET, 0),
					  vtl_count, &n), 0);
	return n;
}

/* Made, reported in the echo, by GET and by a dump, and deleted. */
static void vtl_one(struct kunit *test, u32 type, vtl_opts_fn opts,
		    const char *kind, int dst_port, bool gbp)
{
	struct gc *g = test->priv;
	struct vtl_info info;
	struct sk_buff *reply, *msg;
	int err;

	err = vtl_new(test, VTL_NAME, type, opts, &reply);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "add: \"%s\"", g->ext_msg);
	KUNIT_ASSERT_NOT_NULL(test, reply);
	vtl_info_parse(test, nlmsg_hdr(reply), &info);
	kfree_skb(reply);
	KUNIT_EXPECT_EQ(test, info.type, type);
	KUNIT_EXPECT_STREQ(test, info.name, VTL_NAME);
	/* gre has no options, and no empty nest either. */
	KUNIT_EXPECT_EQ(test, info.has_opts, dst_port >= 0);
	KUNIT_EXPECT_EQ(test, info.dst_port, dst_port);
	KUNIT_EXPECT_EQ(test, info.gbp, gbp);
	vtl_expect_dev(test, VTL_NAME, kind);

	msg = ovs_gc_msg(test, g, &ovs_vport_genl_family, OVS_VPORT_CMD_GET, 0);
	ovs_kt_string(test, msg, OVS_VPORT_ATTR_NAME, VTL_NAME);
	KUNIT_ASSERT_EQ(test, ovs_gc_call(test, g, msg, &reply), 0);
	KUNIT_ASSERT_NOT_NULL(test, reply);
	vtl_info_parse(test, nlmsg_hdr(reply), &info);
	kfree_skb(reply);
	KUNIT_EXPECT_EQ(test, info.type, type);
	KUNIT_EXPECT_EQ(test, info.dst_port, dst_port);
	KUNIT_EXPECT_EQ(test, info.gbp, gbp);
	KUNIT_EXPECT_EQ(test, vtl_n_ports(test), 2);

	KUNIT_EXPECT_EQ(test, vtl_del(test, VTL_NAME), 0);
	vtl_expect_no_dev(test, VTL_NAME);
	KUNIT_EXPECT_EQ(test, vtl_n_ports(test), 1);
}

static void vtl_vxlan(struct kunit *test)
{
	vtl_one(test, OVS_VPORT_TYPE_VXLAN, vtl_opts_4790, "vxlan", 4790, false);
}

static void vtl_vxlan_gbp(struct kunit *test)
{
	struct net_device *dev;

	KUNIT_ASSERT_EQ(test, vtl_new(test, VTL_NAME, OVS_VPORT_TYPE_VXLAN,
				      vtl_opts_gbp, NULL), 0);
	rtnl_lock();
	dev = __dev_get_by_name(&init_net, VTL_NAME);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	/* What the device was configured with, not only what we report. */
	KUNIT_EXPECT_TRUE(test, ((struct vxlan_dev *)netdev_priv(dev))->cfg.flags &
			  VXLAN_F_GBP);
	KUNIT_EXPECT_TRUE(test, ((struct vxlan_dev *)netdev_priv(dev))->cfg.flags &
			  VXLAN_F_COLLECT_METADATA);
	KUNIT_EXPECT_EQ(test, ((struct vxlan_dev *)netdev_priv(dev))->cfg.dst_port,
			htons(4790));
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, vtl_del(test, VTL_NAME), 0);

	vtl_one(test, OVS_VPORT_TYPE_VXLAN, vtl_opts_gbp, "vxlan", 4790, true);
}

static void vtl_geneve(struct kunit *test)
{
	vtl_one(test, OVS_VPORT_TYPE_GENEVE, vtl_opts_4790, "geneve", 4790,
		false);
}

static void vtl_gre(struct kunit *test)
{
	vtl_one(test, OVS_VPORT_TYPE_GRE, vtl_opts_none, "gretap", -1, false);
	/* What vswitchd may send for gre: an empty nest. */
	vtl_one(test, OVS_VPORT_TYPE_GRE, vtl_opts_empty, "gretap", -1, false);
}

struct vtl_bad {
	const char *what;
	u32 type;
	vtl_opts_fn opts;
	int err;
	const char *msg;
};

static const struct vtl_bad vtl_bads[] = {
	{ "vxlan without options", OVS_VPORT_TYPE_VXLAN, vtl_opts_none,
	  -EINVAL, VTL_MOD "a vxlan or geneve port needs OVS_TUNNEL_ATTR_DST_PORT" },
	{ "geneve, empty options", OVS_VPORT_TYPE_GENEVE, vtl_opts_empty,
	  -EINVAL, VTL_MOD "a vxlan or geneve port needs OVS_TUNNEL_ATTR_DST_PORT" },
	{ "u32 port", OVS_VPORT_TYPE_VXLAN, vtl_opts_port_u32,
	  -EINVAL, "OVS_TUNNEL_ATTR_DST_PORT is a u16" },
	{ "port twice", OVS_VPORT_TYPE_GENEVE, vtl_opts_port_twice,
	  -EINVAL, "duplicate OVS_TUNNEL_ATTR_DST_PORT" },
	{ "port 0", OVS_VPORT_TYPE_VXLAN, vtl_opts_port_zero,
	  -EINVAL, "UDP destination port 0" },
	{ "unknown option", OVS_VPORT_TYPE_VXLAN, vtl_opts_unknown,
	  -EINVAL, "unknown tunnel option" },
	{ "partial option", OVS_VPORT_TYPE_VXLAN, vtl_opts_partial,
	  -EINVAL, "partial attribute in the tunnel options" },
	{ "GBP on geneve", OVS_VPORT_TYPE_GENEVE, vtl_opts_gbp,
	  -EINVAL, "only vxlan ports take extensions" },
	{ "port on gre", OVS_VPORT_TYPE_GRE, vtl_opts_4790,
	  -EINVAL, "a gre port has no UDP port" },
	{ "GBP with payload", OVS_VPORT_TYPE_VXLAN, vtl_opts_gbp_payload,
	  -EINVAL, "OVS_VXLAN_EXT_GBP is a flag: it has no payload" },
	{ "GBP twice", OVS_VPORT_TYPE_VXLAN, vtl_opts_gbp_twice,
	  -EINVAL, "duplicate OVS_VXLAN_EXT_GBP" },
	{ "unknown extension", OVS_VPORT_TYPE_VXLAN, vtl_opts_ext_unknown,
	  -EINVAL, "unknown VXLAN extension" },
	{ "options on netdev", OVS_VPORT_TYPE_NETDEV, vtl_opts_4790,
	  -EINVAL, "this vport type has no options" },
	{ "options on internal", OVS_VPORT_TYPE_INTERNAL, vtl_opts_empty,
	  -EINVAL, "this vport type has no options" },
};

/* Refused with its message; nothing added, no device left. */
static void vtl_expect_refused(struct kunit *test, const char *name,
			       const struct vtl_bad *b, int n_ports)
{
	struct gc *g = test->priv;
	int err;

	err = vtl_new(test, name, b->type, b->opts, NULL);
	KUNIT_EXPECT_EQ_MSG(test, err, b->err, "%s", b->what);
	KUNIT_EXPECT_STREQ_MSG(test, g->ext_msg, b->msg, "%s", b->what);
	vtl_expect_no_dev(test, name);
	KUNIT_EXPECT_EQ_MSG(test, vtl_n_ports(test), n_ports, "%s", b->what);
}

static void vtl_refuse_malformed(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(vtl_bads); i++)
		vtl_expect_refused(test, VTL_NAME, &vtl_bads[i], 1);
}

/* A second tunnel on the same UDP port, or a second metadata gretap. */
static void vtl_refuse_in_use(struct kunit *test)
{
	static const struct vtl_bad vxlan = {
		"vxlan port taken", OVS_VPORT_TYPE_VXLAN, vtl_opts_4791,
		-EEXIST, VTL_MOD "another tunnel device receives on this UDP port",
	};
	static const struct vtl_bad geneve = {
		"geneve port taken", OVS_VPORT_TYPE_GENEVE, vtl_opts_4793,
		-EBUSY, VTL_MOD "another tunnel device receives on this UDP port",
	};
	static const struct vtl_bad gre = {
		"second gre", OVS_VPORT_TYPE_GRE, vtl_opts_none,
		-EEXIST, VTL_MOD "the namespace has a metadata-mode gretap device already",
	};
	struct gc *g = test->priv;
	int n;

	/* The datapath's own local port is a device of that name. */
	KUNIT_EXPECT_EQ(test, vtl_new(test, GC_DP_NAME, OVS_VPORT_TYPE_VXLAN,
				      vtl_opts_4791, NULL), -EEXIST);
	KUNIT_EXPECT_STREQ(test, g->ext_msg, VTL_MOD "a device of that name exists");
	vtl_expect_dev_kind(test, GC_DP_NAME, "openvswitch");
	KUNIT_EXPECT_EQ(test, vtl_n_ports(test), 1);

	KUNIT_ASSERT_EQ(test, vtl_new(test, "ovskt-vx0", OVS_VPORT_TYPE_VXLAN,
				      vtl_opts_4791, NULL), 0);
	/* Another driver's socket on the same port could not bind. */
	KUNIT_ASSERT_EQ(test, vtl_new(test, "ovskt-gnv0",
				      OVS_VPORT_TYPE_GENEVE, vtl_opts_4793,
				      NULL), 0);
	KUNIT_ASSERT_EQ(test, vtl_new(test, "ovskt-gre0", OVS_VPORT_TYPE_GRE,
				      vtl_opts_none, NULL), 0);
	n = vtl_n_ports(test);
	KUNIT_EXPECT_EQ(test, n, 4);

	vtl_expect_refused(test, VTL_NAME, &vxlan, n);
	vtl_expect_refused(test, VTL_NAME, &geneve, n);
	vtl_expect_refused(test, VTL_NAME, &gre, n);
}

/* A UDP socket holds the port: the device is made, fails to come up, goes. */
static void vtl_refuse_udp_bound(struct kunit *test)
{
	static const struct vtl_bad bound = {
		"UDP port bound", OVS_VPORT_TYPE_VXLAN, vtl_opts_4792,
		-EADDRINUSE, VTL_MOD "the tunnel's UDP port is in use",
	};
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(4792),
	};
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, PF_INET, SOCK_DGRAM,
					       IPPROTO_UDP, &sock), 0);
	if (kernel_bind(sock, (struct sockaddr *)&sin, sizeof(sin))) {
		sock_release(sock);
		KUNIT_FAIL(test, "binding UDP port 4792 failed");
		return;
	}
	vtl_expect_refused(test, VTL_NAME, &bound, 1);
	sock_release(sock);
}

static void vtl_refuse_set_options(struct kunit *test)
{
	struct gc *g = test->priv;
	struct sk_buff *msg;

	KUNIT_ASSERT_EQ(test, vtl_new(test, VTL_NAME, OVS_VPORT_TYPE_GENEVE,
				      vtl_opts_4790, NULL), 0);
	msg = ovs_gc_msg(test, g, &ovs_vport_genl_family, OVS_VPORT_CMD_SET, 0);
	ovs_kt_string(test, msg, OVS_VPORT_ATTR_NAME, VTL_NAME);
	vtl_opts_4791(test, msg);
	KUNIT_EXPECT_EQ(test, ovs_gc_call(test, g, msg, NULL), -EOPNOTSUPP);
	KUNIT_EXPECT_STREQ(test, g->ext_msg, "a vport's options cannot change");
	vtl_expect_dev(test, VTL_NAME, "geneve");
}

/* Deleting the datapath deletes the devices of its tunnel ports. */
static void vtl_dp_del(struct kunit *test)
{
	struct gc *g = test->priv;
	struct sk_buff *msg;

	KUNIT_ASSERT_EQ(test, vtl_new(test, "ovskt-vx0", OVS_VPORT_TYPE_VXLAN,
				      vtl_opts_4790, NULL), 0);
	KUNIT_ASSERT_EQ(test, vtl_new(test, "ovskt-gre0", OVS_VPORT_TYPE_GRE,
				      vtl_opts_none, NULL), 0);
	msg = ovs_gc_msg(test, g, &ovs_dp_genl_family, OVS_DP_CMD_DEL, 0);
	KUNIT_EXPECT_EQ(test, ovs_gc_call(test, g, msg, NULL), 0);
	g->dp_ifindex = 0;
	vtl_expect_no_dev(test, "ovskt-vx0");
	vtl_expect_no_dev(test, "ovskt-gre0");
}

/* The device deleted by hand ("ip link del"): its port leaves. */
static void vtl_dev_del(struct kunit *test)
{
	struct net_device *dev;
	LIST_HEAD(kill);

	KUNIT_ASSERT_EQ(test, vtl_new(test, VTL_NAME, OVS_VPORT_TYPE_VXLAN,
				      vtl_opts_4790, NULL), 0);
	rtnl_lock();
	dev = __dev_get_by_name(&init_net, VTL_NAME);
	if (dev) {
		dev->rtnl_link_ops->dellink(dev, &kill);
		unregister_netdevice_many(&kill);
	}
	/* Returns once the port's device reference is gone. */
	rtnl_unlock();
	KUNIT_ASSERT_NOT_NULL(test, dev);
	vtl_expect_no_dev(test, VTL_NAME);
	KUNIT_EXPECT_EQ(test, vtl_n_ports(test), 1);
	/* And the name and UDP port are free for a new one. */
	KUNIT_EXPECT_EQ(test, vtl_new(test, VTL_NAME, OVS_VPORT_TYPE_VXLAN,
				      vtl_opts_4790, NULL), 0);
	vtl_expect_dev(test, VTL_NAME, "vxlan");
}

/* The devices vtl_netns_exit() waits to see unregistered. */
static struct net_device *vtl_watched[2];
static atomic_t vtl_unregistered;
static DECLARE_COMPLETION(vtl_all_unregistered);

static int vtl_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	int i;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	for (i = 0; i < ARRAY_SIZE(vtl_watched); i++)
		if (READ_ONCE(vtl_watched[i]) == dev &&
		    atomic_inc_return(&vtl_unregistered) ==
		    ARRAY_SIZE(vtl_watched))
			complete(&vtl_all_unregistered);
	return NOTIFY_DONE;
}

static struct notifier_block vtl_notifier = {
	.notifier_call = vtl_netdev_event,
};

/*
 * A namespace that goes with a datapath and its legacy ports in it: the
 * devices go too, with no warning, no wait for a reference, no leak.
 */
static void vtl_netns_exit(struct kunit *test)
{
	struct ovs_vport_parms local = {
		.name = "ovskt-nsdp",
		.type = OVS_VPORT_TYPE_INTERNAL,
		.port_no = OVSP_LOCAL,
	};
	struct ovs_vport_parms vx = {
		.name = "ovskt-nsvx",
		.type = OVS_VPORT_TYPE_VXLAN,
		.port_no = 1,
		.tun.dst_port = 4790,
	};
	struct ovs_vport_parms gre = {
		.name = "ovskt-nsgre",
		.type = OVS_VPORT_TYPE_GRE,
		.port_no = 2,
	};
	struct ovs_vport *v[3];
	struct ovs_dp *dp;
	struct net *net;
	int i;

	net = copy_net_ns(CLONE_NEWNET, &init_user_ns, &init_net);
	KUNIT_ASSERT_FALSE(test, IS_ERR(net));
	dp = ovs_dp_alloc(net);
	if (!dp) {
		put_net(net);
		KUNIT_FAIL(test, "no datapath");
		return;
	}
	local.dp = dp;
	vx.dp = dp;
	gre.dp = dp;
	ovs_lock();
	v[0] = ovs_vport_add(&local);
	if (IS_ERR(v[0])) {
		ovs_dp_free(dp);
		dp = NULL;
	} else {
		list_add_tail_rcu(&dp->node,
				  &((struct ovs_net *)net_generic(net, ovs_net_id))->dps);
		v[1] = ovs_vport_add(&vx);
		v[2] = ovs_vport_add(&gre);
	}
	ovs_unlock();
	if (!dp) {
		put_net(net);
		KUNIT_FAIL(test, "no local port");
		return;
	}
	for (i = 1; i < 3; i++) {
		KUNIT_EXPECT_FALSE(test, IS_ERR(v[i]));
		WRITE_ONCE(vtl_watched[i - 1], IS_ERR(v[i]) ? NULL : v[i]->dev);
	}
	atomic_set(&vtl_unregistered, 0);
	reinit_completion(&vtl_all_unregistered);
	KUNIT_ASSERT_EQ(test, register_netdevice_notifier(&vtl_notifier), 0);

	put_net(net);
	KUNIT_EXPECT_GT_MSG(test,
			    wait_for_completion_timeout(&vtl_all_unregistered,
							30 * HZ), 0UL,
			    "the tunnel devices outlived their namespace");
	/* The rest of the namespace's teardown, before the next test. */
	net_ns_barrier();
	rcu_barrier();
	memset(vtl_watched, 0, sizeof(vtl_watched));
	unregister_netdevice_notifier(&vtl_notifier);
}

static struct kunit_case vtl_cases[] = {
	KUNIT_CASE(vtl_vxlan),
	KUNIT_CASE(vtl_vxlan_gbp),
	KUNIT_CASE(vtl_geneve),
	KUNIT_CASE(vtl_gre),
	KUNIT_CASE(vtl_refuse_malformed),
	KUNIT_CASE(vtl_refuse_in_use),
	KUNIT_CASE(vtl_refuse_udp_bound),
	KUNIT_CASE(vtl_refuse_set_options),
	KUNIT_CASE(vtl_dp_del),
	KUNIT_CASE(vtl_dev_del),
	KUNIT_CASE(vtl_netns_exit),
	{}
};

static struct kunit_suite vtl_suite = {
	.name = "ovs_vport_tunnel",
	.init = ovs_gc_suite_init_dp,
	.exit = ovs_gc_suite_exit,
	.test_cases = vtl_cases,
};

kunit_test_suite(vtl_suite);
