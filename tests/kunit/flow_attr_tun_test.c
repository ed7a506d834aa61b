// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tunnel metadata as OVS_TUNNEL_KEY_ATTR_* (datapath/flow_attr_tun.c),
 * parsed back here field by field: IPv4 with VXLAN GBP, IPv6 with Geneve
 * options, each flag, ERSPAN options, bridge mode, the size bound.  And
 * the userspace() action's egress tunnel port: a port whose device fills
 * in the transmit metadata puts OVS_PACKET_ATTR_EGRESS_TUN_KEY in the
 * upcall, a plain netdev or internal port, a missing port or a packet
 * without metadata do not.  Upcalls are read from a kernel netlink socket.
 */

#include <linux/net.h>
#include <net/dst_metadata.h>
#include <net/ip_tunnels.h>
#include <net/sock.h>
#include <net/vxlan.h>

#include "actions_exec_kunit.h"
#include "flow_attr.h"

#define OVS_TT_OPTS_MAX	U8_MAX

/* What a nest of OVS_TUNNEL_KEY_ATTR_* held. */
struct ovs_tt_seen {
	u32 present;		/* BIT(type) of each attribute */
	u32 repeated;		/* BIT(type) of each seen twice */
	u32 bad_len;		/* BIT(type) of each with a wrong length */
	__be64 id;
	__be32 ip4_src, ip4_dst;
	struct in6_addr ip6_src, ip6_dst;
	u8 tos, ttl;
	__be16 tp_src, tp_dst;
	u8 opts[OVS_TT_OPTS_MAX];	/* GENEVE_OPTS or ERSPAN_OPTS */
	int opts_len;
	u32 gbp;
	u32 vxlan_attrs;	/* attributes inside VXLAN_OPTS */
};

#define TT(type)	BIT(OVS_TUNNEL_KEY_ATTR_##type)

static void ovs_tt_parse(const struct nlattr *nest, struct ovs_tt_seen *s)
{
	const struct nlattr *a, *v;
	int rem, vrem, type, len;

	memset(s, 0, sizeof(*s));
	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		if (type == OVS_TUNNEL_KEY_ATTR_PAD)
			continue;
		if (type >= 32) {
			s->bad_len |= BIT(31);
			continue;
		}
		if (s->present & BIT(type))
			s->repeated |= BIT(type);
		s->present |= BIT(type);

		len = type == OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE ? 0 :
		      ovs_tunnel_key_attr_len(type);
		if (len >= 0 && nla_len(a) != len) {
			s->bad_len |= BIT(type);
			continue;
		}
		switch (type) {
		case OVS_TUNNEL_KEY_ATTR_ID:
			s->id = nla_get_be64(a);
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV4_SRC:
			s->ip4_src = nla_get_in_addr(a);
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV4_DST:
			s->ip4_dst = nla_get_in_addr(a);
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV6_SRC:
			s->ip6_src = nla_get_in6_addr(a);
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV6_DST:
			s->ip6_dst = nla_get_in6_addr(a);
			break;
		case OVS_TUNNEL_KEY_ATTR_TOS:
			s->tos = nla_get_u8(a);
			break;
		case OVS_TUNNEL_KEY_ATTR_TTL:
			s->ttl = nla_get_u8(a);
			break;
		case OVS_TUNNEL_KEY_ATTR_TP_SRC:
			s->tp_src = nla_get_be16(a);
			break;
		case OVS_TUNNEL_KEY_ATTR_TP_DST:
			s->tp_dst = nla_get_be16(a);
			break;
		case OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS:
		case OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS:
			s->opts_len = min_t(int, nla_len(a), sizeof(s->opts));
			memcpy(s->opts, nla_data(a), s->opts_len);
			break;
		case OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS:
			nla_for_each_nested(v, a, vrem) {
				s->vxlan_attrs++;
				if (nla_type(v) == OVS_VXLAN_EXT_GBP &&
				    nla_len(v) == sizeof(u32))
					s->gbp = nla_get_u32(v);
			}
			break;
		}
	}
}

/* A zeroed info with room for opts_len bytes of options. */
static struct ip_tunnel_info *ovs_tt_info(struct kunit *test, u8 mode,
					  const void *opts, u8 opts_len)
{
	struct ip_tunnel_info *info;

	info = kunit_kzalloc(test, sizeof(*info) + OVS_TT_OPTS_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, info);
	info->mode = mode;
	ovs_tun_info_opts_set(info, opts, opts_len);
	return info;
}

/* Encodes info as attribute 7 and parses it back. */
static void ovs_tt_encode(struct kunit *test, const struct ip_tunnel_info *info,
			  struct ovs_tt_seen *s)
{
	struct sk_buff *skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	struct nlattr *nest;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, ovs_tun_info_to_attrs(info, 7, skb), 0);
	nest = (struct nlattr *)skb->data;
	KUNIT_EXPECT_EQ(test, nla_type(nest), 7);
	KUNIT_EXPECT_EQ(test, nla_total_size(nla_len(nest)), skb->len);
	KUNIT_EXPECT_LE(test, (size_t)nla_len(nest), ovs_tun_attrs_size());
	ovs_tt_parse(nest, s);
	KUNIT_EXPECT_EQ(test, s->repeated, 0U);
	KUNIT_EXPECT_EQ(test, s->bad_len, 0U);
	kfree_skb(skb);
}

static void ovs_tt_ipv4_vxlan(struct kunit *test)
{
	struct vxlan_metadata md = { .gbp = 0x00880123 };
	struct ip_tunnel_info *info;
	struct ovs_tt_seen s;

	info = ovs_tt_info(test, IP_TUNNEL_INFO_TX, &md, sizeof(md));
	info->key.tun_id = cpu_to_be64(0x123456789aULL);
	info->key.u.ipv4.src = htonl(0xc0000201);
	info->key.u.ipv4.dst = htonl(0xc6336407);
	info->key.tos = 0x28;
	info->key.ttl = 63;
	info->key.tp_src = htons(49152);
	info->key.tp_dst = htons(4789);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_KEY_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_DONT_FRAGMENT_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_CSUM_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_OAM_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_VXLAN_OPT_BIT);
	ovs_tt_encode(test, info, &s);

	KUNIT_EXPECT_EQ(test, s.present,
			TT(ID) | TT(IPV4_SRC) | TT(IPV4_DST) | TT(TOS) |
			TT(TTL) | TT(DONT_FRAGMENT) | TT(CSUM) | TT(OAM) |
			TT(TP_SRC) | TT(TP_DST) | TT(VXLAN_OPTS));
	KUNIT_EXPECT_EQ(test, s.id, cpu_to_be64(0x123456789aULL));
	KUNIT_EXPECT_EQ(test, s.ip4_src, htonl(0xc0000201));
	KUNIT_EXPECT_EQ(test, s.ip4_dst, htonl(0xc6336407));
	KUNIT_EXPECT_EQ(test, s.tos, 0x28);
	KUNIT_EXPECT_EQ(test, s.ttl, 63);
	KUNIT_EXPECT_EQ(test, s.tp_src, htons(49152));
	KUNIT_EXPECT_EQ(test, s.tp_dst, htons(4789));
	KUNIT_EXPECT_EQ(test, s.vxlan_attrs, 1U);
	KUNIT_EXPECT_EQ(test, s.gbp, 0x00880123U);
}

static void ovs_tt_ipv6_geneve(struct kunit *test)
{
	/* Two options: class 0x0102 type 0x80 (4 bytes), class 0xffff type 1 (8). */
	static const u8 opts[] = {
		0x01, 0x02, 0x80, 0x01, 0xde, 0xad, 0xbe, 0xef,
		0xff, 0xff, 0x01, 0x02, 1, 2, 3, 4, 5, 6, 7, 8,
	};
	struct ip_tunnel_info *info;
	struct in6_addr src, dst;
	struct ovs_tt_seen s;

	ipv6_addr_set(&src, htonl(0x20010db8), 0, 0, htonl(1));
	ipv6_addr_set(&dst, htonl(0x20010db8), htonl(0xffff), 0, htonl(2));
	info = ovs_tt_info(test, IP_TUNNEL_INFO_TX | IP_TUNNEL_INFO_IPV6,
			   opts, sizeof(opts));
	info->key.u.ipv6.src = src;
	info->key.u.ipv6.dst = dst;
	/* An id without the key flag is not sent; TTL 0 still is. */
	info->key.tun_id = cpu_to_be64(99);
	info->key.tp_dst = htons(6081);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_GENEVE_OPT_BIT);
	ovs_tt_encode(test, info, &s);

	KUNIT_EXPECT_EQ(test, s.present,
			TT(IPV6_SRC) | TT(IPV6_DST) | TT(TTL) | TT(TP_DST) |
			TT(GENEVE_OPTS));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&s.ip6_src, &src));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&s.ip6_dst, &dst));
	KUNIT_EXPECT_EQ(test, s.ttl, 0);
	KUNIT_EXPECT_EQ(test, s.tp_dst, htons(6081));
	KUNIT_EXPECT_EQ(test, s.opts_len, (int)sizeof(opts));
	KUNIT_EXPECT_EQ(test, memcmp(s.opts, opts, sizeof(opts)), 0);

	/* Only one address set: only that one is sent. */
	memset(&info->key.u.ipv6.src, 0, sizeof(struct in6_addr));
	ovs_tt_encode(test, info, &s);
	KUNIT_EXPECT_EQ(test, s.present & (TT(IPV6_SRC) | TT(IPV6_DST) |
					   TT(IPV4_SRC) | TT(IPV4_DST)),
			TT(IPV6_DST));
}

/* Each flag alone; options follow the flag that names their format. */
static void ovs_tt_flags(struct kunit *test)
{
	static const struct {
		unsigned int bit;
		u32 attr;
	} flags[] = {
		{ IP_TUNNEL_DONT_FRAGMENT_BIT, TT(DONT_FRAGMENT) },
		{ IP_TUNNEL_CSUM_BIT, TT(CSUM) },
		{ IP_TUNNEL_OAM_BIT, TT(OAM) },
		{ IP_TUNNEL_KEY_BIT, TT(ID) },
	};
	static const u8 erspan[8] = { 0, 0, 0, 1, 0x12, 0x34, 0x56, 0x78 };
	const u32 flag_attrs = TT(DONT_FRAGMENT) | TT(CSUM) | TT(OAM) | TT(ID);
	struct ip_tunnel_info *info;
	struct ovs_tt_seen s;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		info = ovs_tt_info(test, IP_TUNNEL_INFO_TX, NULL, 0);
		ovs_tun_flag_set(&info->key, flags[i].bit);
		ovs_tt_encode(test, info, &s);
		KUNIT_EXPECT_EQ_MSG(test, s.present & flag_attrs, flags[i].attr,
				    "flag bit %u", flags[i].bit);
		/* Zero addresses, TOS and ports are left out. */
		KUNIT_EXPECT_EQ(test, s.present & ~flag_attrs, TT(TTL));
	}

	info = ovs_tt_info(test, IP_TUNNEL_INFO_TX, erspan, sizeof(erspan));
	ovs_tun_flag_set(&info->key, IP_TUNNEL_ERSPAN_OPT_BIT);
	ovs_tt_encode(test, info, &s);
	KUNIT_EXPECT_EQ(test, s.present, TT(TTL) | TT(ERSPAN_OPTS));
	KUNIT_EXPECT_EQ(test, s.opts_len, (int)sizeof(erspan));
	KUNIT_EXPECT_EQ(test, memcmp(s.opts, erspan, sizeof(erspan)), 0);

	/* Options without a format flag, or a format flag without options. */
	info = ovs_tt_info(test, IP_TUNNEL_INFO_TX, erspan, sizeof(erspan));
	ovs_tt_encode(test, info, &s);
	KUNIT_EXPECT_EQ(test, s.present, TT(TTL));
	info = ovs_tt_info(test, IP_TUNNEL_INFO_TX, NULL, 0);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_VXLAN_OPT_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_GENEVE_OPT_BIT);
	ovs_tt_encode(test, info, &s);
	KUNIT_EXPECT_EQ(test, s.present, TT(TTL));
}

/* Bridge mode: the id and the bridge flag, whatever else the info holds. */
static void ovs_tt_bridge(struct kunit *test)
{
	struct ip_tunnel_info *info;
	struct ovs_tt_seen s;

	info = ovs_tt_info(test, IP_TUNNEL_INFO_BRIDGE, NULL, 0);
	info->key.tun_id = cpu_to_be64(4000);
	info->key.u.ipv4.dst = htonl(0x0a000001);
	info->key.ttl = 5;
	ovs_tun_flag_set(&info->key, IP_TUNNEL_KEY_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_CSUM_BIT);
	ovs_tt_encode(test, info, &s);
	KUNIT_EXPECT_EQ(test, s.present, TT(ID) | TT(IPV4_INFO_BRIDGE));
	KUNIT_EXPECT_EQ(test, s.id, cpu_to_be64(4000));
}

/*
 * The largest info fits ovs_tun_attrs_size(); one byte less room fails
 * cleanly, leaving the message as it was.
 */
static void ovs_tt_size(struct kunit *test)
{
	u8 opts[OVS_TT_OPTS_MAX];
	struct ip_tunnel_info *info;
	unsigned int room, need;
	struct sk_buff *skb;

	memset(opts, 0x5a, sizeof(opts));
	info = ovs_tt_info(test, IP_TUNNEL_INFO_TX | IP_TUNNEL_INFO_IPV6,
			   opts, sizeof(opts));
	memset(&info->key.u.ipv6, 0xff, sizeof(info->key.u.ipv6));
	info->key.tun_id = cpu_to_be64(1);
	info->key.tos = 1;
	info->key.ttl = 1;
	info->key.tp_src = htons(1);
	info->key.tp_dst = htons(1);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_KEY_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_DONT_FRAGMENT_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_CSUM_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_OAM_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_GENEVE_OPT_BIT);

	room = nla_total_size(ovs_tun_attrs_size());
	skb = alloc_skb(room, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	/* Exactly room bytes to write into, whatever the allocator gave. */
	skb_reserve(skb, skb_tailroom(skb) - room);
	KUNIT_EXPECT_EQ(test, ovs_tun_info_to_attrs(info, 1, skb), 0);
	need = skb->len;
	kunit_info(test, "largest nest: %u of %u bytes\n", need, room);
	kfree_skb(skb);

	/*
	 * Short of room anywhere in the nest: an error, nothing written.  The
	 * id's pad attribute comes and goes with the tail's alignment, so
	 * at another alignment the nest may be that much shorter.
	 */
	need -= nla_total_size(0);
	for (room = 0; room < need; room += room + 13 < need ? 13 : 1) {
		skb = alloc_skb(room + 64, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		skb_reserve(skb, skb_tailroom(skb) - room);
		KUNIT_EXPECT_EQ_MSG(test, ovs_tun_info_to_attrs(info, 1, skb),
				    -EMSGSIZE, "room %u", room);
		KUNIT_EXPECT_EQ(test, skb->len, 0U);
		kfree_skb(skb);
	}
}

/* --- the egress tunnel port in upcalls -------------------------------- */

#define OVS_TT_TUN_PORT	(AXT_PORTS + 1)
#define OVS_TT_INT_PORT	(AXT_PORTS + 2)

/* Beside the harness's struct axt, which stays test->priv. */
struct ovs_tt {
	struct socket *sock;
	u32 portid;
	struct net_device *tun_dev;
	struct ovs_vport *tun_vport;
	struct ovs_vport *int_vport;
};

static struct ovs_tt *ovs_tt_cur;
static unsigned int ovs_tt_fills;

/* What a collect_md tunnel device does: source address and port. */
static int ovs_tt_fill_metadata_dst(struct net_device *dev,
				    struct sk_buff *skb)
{
	struct ip_tunnel_info *info = skb_tunnel_info(skb);

	ovs_tt_fills++;
	info->key.u.ipv4.src = htonl(0xc0000263);
	info->key.tp_src = htons(51000);
	return 0;
}

static const struct net_device_ops ovs_tt_tun_ops = {
	.ndo_start_xmit = ovs_axt_xmit,
	.ndo_fill_metadata_dst = ovs_tt_fill_metadata_dst,
};

static void ovs_tt_tun_setup(struct net_device *dev)
{
	ovs_axt_setup(dev);
	dev->netdev_ops = &ovs_tt_tun_ops;
}

static int ovs_tt_init(struct kunit *test)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct ovs_vport_parms parms = {
		.name = "ovstt_int",
		.type = OVS_VPORT_TYPE_INTERNAL,
		.port_no = OVS_TT_INT_PORT,
	};
	struct ovs_vport_parms tun_parms = { .port_no = OVS_TT_TUN_PORT };
	struct net_device *dev;
	struct ovs_tt *tt;
	struct axt *t;
	int err;

	ovs_tt_cur = NULL;
	err = ovs_axt_init(test);
	if (err)
		return err;
	t = test->priv;
	tt = kunit_kzalloc(test, sizeof(*tt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tt);
	ovs_tt_cur = tt;

	err = sock_create_kern(&init_net, PF_NETLINK, SOCK_RAW,
			       NETLINK_GENERIC, &tt->sock);
	KUNIT_ASSERT_EQ(test, err, 0);
	/* Port id 0: the kernel picks one. */
	KUNIT_ASSERT_EQ(test, kernel_bind(tt->sock, (struct sockaddr *)&addr,
					  sizeof(addr)), 0);
	KUNIT_ASSERT_GE(test, kernel_getsockname(tt->sock,
						 (struct sockaddr *)&addr), 0);
	tt->portid = addr.nl_pid;
	KUNIT_ASSERT_NE(test, tt->portid, 0U);

	dev = alloc_netdev(sizeof(struct ovs_axt_dev), "ovstt%d", NET_NAME_ENUM,
			   ovs_tt_tun_setup);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	skb_queue_head_init(&((struct ovs_axt_dev *)netdev_priv(dev))->tx);
	rtnl_lock();
	err = register_netdevice(dev);
	rtnl_unlock();
	if (err)
		free_netdev(dev);
	KUNIT_ASSERT_EQ(test, err, 0);
	tt->tun_dev = dev;
	tun_parms.dp = t->dp;
	tt->tun_vport = ovs_vport_alloc(&ovs_axt_vport_ops, &tun_parms);
	KUNIT_ASSERT_FALSE(test, IS_ERR(tt->tun_vport));
	tt->tun_vport->dev = dev;
	hlist_add_head_rcu(&tt->tun_vport->dp_node,
			   ovs_dp_bucket(t->dp, OVS_TT_TUN_PORT));

	/* A real internal port, as OVS_VPORT_CMD_NEW makes it. */
	parms.dp = t->dp;
	ovs_lock();
	tt->int_vport = ovs_vport_add(&parms);
	ovs_unlock();
	KUNIT_ASSERT_FALSE(test, IS_ERR(tt->int_vport));
	return 0;
}

static void ovs_tt_exit(struct kunit *test)
{
	struct ovs_tt *tt = ovs_tt_cur;

	if (!tt)
		goto harness;
	if (tt->int_vport && !IS_ERR(tt->int_vport)) {
		ovs_lock();
		ovs_vport_del(tt->int_vport);
		ovs_unlock();
	}
	if (tt->tun_vport && !IS_ERR(tt->tun_vport)) {
		hlist_del_rcu(&tt->tun_vport->dp_node);
		synchronize_rcu();
		ovs_vport_free(tt->tun_vport);
	}
	if (tt->tun_dev) {
		unregister_netdev(tt->tun_dev);
		skb_queue_purge(&((struct ovs_axt_dev *)netdev_priv(tt->tun_dev))->tx);
		free_netdev(tt->tun_dev);
	}
	if (tt->sock)
		sock_release(tt->sock);
	ovs_tt_cur = NULL;
harness:
	ovs_axt_exit(test);
	rcu_barrier();
}

/*
 * The next upcall on the socket: whether it has an egress tunnel key, and
 * that key parsed into s.
 */
static bool ovs_tt_upcall(struct kunit *test, struct ovs_tt_seen *s)
{
	struct nlattr *a[OVS_PACKET_ATTR_MAX + 1];
	struct genlmsghdr *gnlh;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	bool egress = false;
	int err;

	memset(s, 0, sizeof(*s));
	skb = skb_dequeue(&ovs_tt_cur->sock->sk->sk_receive_queue);
	KUNIT_ASSERT_NOT_NULL_MSG(test, skb, "no upcall");
	nlh = nlmsg_hdr(skb);
	gnlh = nlmsg_data(nlh);
	err = nlmsg_parse_deprecated(nlh, GENL_HDRLEN + sizeof(struct ovs_header),
				     a, OVS_PACKET_ATTR_MAX, NULL, NULL);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (!err) {
		KUNIT_EXPECT_EQ(test, gnlh->cmd, OVS_PACKET_CMD_ACTION);
		KUNIT_EXPECT_NOT_NULL(test, a[OVS_PACKET_ATTR_PACKET]);
		KUNIT_EXPECT_NOT_NULL(test, a[OVS_PACKET_ATTR_KEY]);
		egress = a[OVS_PACKET_ATTR_EGRESS_TUN_KEY];
		if (egress)
			ovs_tt_parse(a[OVS_PACKET_ATTR_EGRESS_TUN_KEY], s);
	}
	kfree_skb(skb);
	return egress;
}

/* A packet bound for a VXLAN-like remote: transmit metadata, no source. */
static struct sk_buff *ovs_tt_tunneled_packet(struct kunit *test)
{
	struct sk_buff *skb = ovs_axt_ipv4_tcp(test);
	struct metadata_dst *md;
	struct ip_tunnel_info *info;

	md = metadata_dst_alloc(0, METADATA_IP_TUNNEL, GFP_KERNEL);
	if (!md)
		kfree_skb(skb);
	KUNIT_ASSERT_NOT_NULL(test, md);
	info = &md->u.tun_info;
	info->mode = IP_TUNNEL_INFO_TX;
	info->key.tun_id = cpu_to_be64(5001);
	info->key.u.ipv4.dst = htonl(0xc6336401);
	info->key.ttl = 64;
	info->key.tp_dst = htons(4789);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_KEY_BIT);
	skb_dst_set(skb, &md->dst);
	return skb;
}

/* userspace(pid, egress_tun_port(port)) on skb. */
static void ovs_tt_run(struct kunit *test, struct sk_buff *skb, u32 port)
{
	struct nlattr *up;

	up = ovs_kt_nest(test, ovs_axt_nl(test), OVS_ACTION_ATTR_USERSPACE);
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_USERSPACE_ATTR_PID,
		   ovs_tt_cur->portid);
	ovs_kt_u32(test, ovs_axt_nl(test), OVS_USERSPACE_ATTR_EGRESS_TUN_PORT, port);
	ovs_kt_nest_end(test, ovs_axt_nl(test), up);
	KUNIT_EXPECT_EQ(test, ovs_axt_run(test, skb, ovs_axt_acts(test)), 0);
}

static void ovs_tt_upcall_egress(struct kunit *test)
{
	struct ovs_tt_seen s;

	ovs_tt_fills = 0;
	ovs_tt_run(test, ovs_tt_tunneled_packet(test), OVS_TT_TUN_PORT);
	KUNIT_EXPECT_EQ(test, ovs_tt_fills, 1U);
	KUNIT_ASSERT_TRUE(test, ovs_tt_upcall(test, &s));
	KUNIT_EXPECT_EQ(test, s.bad_len, 0U);
	KUNIT_EXPECT_EQ(test, s.repeated, 0U);
	KUNIT_EXPECT_EQ(test, s.present,
			TT(ID) | TT(IPV4_SRC) | TT(IPV4_DST) | TT(TTL) |
			TT(TP_SRC) | TT(TP_DST));
	KUNIT_EXPECT_EQ(test, s.id, cpu_to_be64(5001));
	/* Filled in by the port's device. */
	KUNIT_EXPECT_EQ(test, s.ip4_src, htonl(0xc0000263));
	KUNIT_EXPECT_EQ(test, s.tp_src, htons(51000));
	KUNIT_EXPECT_EQ(test, s.ip4_dst, htonl(0xc6336401));
	KUNIT_EXPECT_EQ(test, s.ttl, 64);
	KUNIT_EXPECT_EQ(test, s.tp_dst, htons(4789));
	/* One upcall, one message. */
	KUNIT_EXPECT_NULL(test, skb_peek(&ovs_tt_cur->sock->sk->sk_receive_queue));
}

/*
 * No attribute, but still the upcall: a plain netdev port, an internal
 * port, a port the datapath does not have, and a packet without transmit
 * metadata on the tunnel port.
 */
static void ovs_tt_upcall_no_egress(struct kunit *test)
{
	static const u32 ports[] = { 1, OVS_TT_INT_PORT, 77 };
	struct ovs_tt_seen s;
	unsigned int i;

	ovs_tt_fills = 0;
	for (i = 0; i < ARRAY_SIZE(ports); i++) {
		ovs_tt_run(test, ovs_tt_tunneled_packet(test), ports[i]);
		KUNIT_EXPECT_FALSE_MSG(test, ovs_tt_upcall(test, &s),
				       "port %u", ports[i]);
	}
	ovs_tt_run(test, ovs_axt_ipv4_tcp(test), OVS_TT_TUN_PORT);
	KUNIT_EXPECT_FALSE(test, ovs_tt_upcall(test, &s));
	KUNIT_EXPECT_EQ(test, ovs_tt_fills, 0U);
}

static struct kunit_case ovs_tt_cases[] = {
	KUNIT_CASE(ovs_tt_ipv4_vxlan),
	KUNIT_CASE(ovs_tt_ipv6_geneve),
	KUNIT_CASE(ovs_tt_flags),
	KUNIT_CASE(ovs_tt_bridge),
	KUNIT_CASE(ovs_tt_size),
	KUNIT_CASE(ovs_tt_upcall_egress),
	KUNIT_CASE(ovs_tt_upcall_no_egress),
	{}
};

static struct kunit_suite ovs_tt_suite = {
	.name = "ovs_flow_attr_tun",
	.init = ovs_tt_init,
	.exit = ovs_tt_exit,
	.test_cases = ovs_tt_cases,
};

kunit_test_suite(ovs_tt_suite);
