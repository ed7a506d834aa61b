// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running action lists (datapath/actions_exec.c, actions_set.c,
 * actions_encap.c) on real packets: each test builds a frame with valid
 * checksums, an action list in the datapath's internal form, runs it, and
 * checks the frames two test ports transmitted, byte by byte, with every
 * checksum recomputed from scratch.
 */

#include <asm/unaligned.h>
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/sctp.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ipv6.h>
#include <net/ip6_checksum.h>
#include <net/mpls.h>
#include <net/netlink.h>
#include <net/sctp/checksum.h>

#include "actions.h"
#include "datapath.h"
#include "flow.h"
#include "vport.h"

#define AXT_PORTS	2
#define AXT_L3		ETH_HLEN	/* network offset of an untagged frame */

static const u8 axt_src_mac[ETH_ALEN] = { 2, 0, 0, 0, 0, 1 };
static const u8 axt_dst_mac[ETH_ALEN] = { 2, 0, 0, 0, 0, 2 };

/* A test port's device: it keeps what it is given to transmit. */
struct axt_dev {
	struct sk_buff_head tx;
};

struct axt {
	struct ovs_dp *dp;
	struct net_device *dev[AXT_PORTS];
	struct ovs_vport *vport[AXT_PORTS];
	struct sk_buff *nl;	/* the action list being built */
	struct sk_buff_head sent;	/* frames the test looked at */
	struct ovs_key key;
};

static netdev_tx_t axt_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct axt_dev *priv = netdev_priv(dev);

	skb_queue_tail(&priv->tx, skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops axt_netdev_ops = {
	.ndo_start_xmit = axt_xmit,
};

static void axt_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &axt_netdev_ops;
	/* Straight to axt_xmit, no qdisc; VLAN tags written into the frame. */
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->features = 0;
	ovs_netdev_set_lltx(dev);
}

static const struct ovs_vport_ops axt_vport_ops = {
	.type = OVS_VPORT_TYPE_NETDEV,
};

static int axt_init(struct kunit *test)
{
	struct axt *t;
	int i, err;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;

	skb_queue_head_init(&t->sent);
	t->nl = alloc_skb(OVS_ACTIONS_MAX_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->nl);
	t->dp = ovs_dp_alloc(&init_net);
	KUNIT_ASSERT_NOT_NULL(test, t->dp);

	for (i = 0; i < AXT_PORTS; i++) {
		struct ovs_vport_parms parms = {
			.dp = t->dp,
			.port_no = i + 1,
		};
		struct net_device *dev;
		struct ovs_vport *vport;

		dev = alloc_netdev(sizeof(struct axt_dev), "axt%d",
				   NET_NAME_ENUM, axt_setup);
		KUNIT_ASSERT_NOT_NULL(test, dev);
		skb_queue_head_init(&((struct axt_dev *)netdev_priv(dev))->tx);
		rtnl_lock();
		err = register_netdevice(dev);
		if (!err)
			err = dev_open(dev, NULL);
		rtnl_unlock();
		if (err)
			free_netdev(dev);
		KUNIT_ASSERT_EQ(test, err, 0);
		t->dev[i] = dev;

		vport = ovs_vport_alloc(&axt_vport_ops, &parms);
		KUNIT_ASSERT_FALSE(test, IS_ERR(vport));
		vport->dev = dev;
		hlist_add_head_rcu(&vport->dp_node,
				   ovs_dp_bucket(t->dp, vport->port_no));
		t->vport[i] = vport;
	}
	return 0;
}

static void axt_exit(struct kunit *test)
{
	struct axt *t = test->priv;
	int i;

	if (!t)
		return;
	for (i = 0; i < AXT_PORTS; i++) {
		if (t->vport[i]) {
			hlist_del_rcu(&t->vport[i]->dp_node);
			synchronize_rcu();
			ovs_vport_free(t->vport[i]);
		}
		if (t->dev[i]) {
			unregister_netdev(t->dev[i]);
			skb_queue_purge(&((struct axt_dev *)netdev_priv(t->dev[i]))->tx);
			free_netdev(t->dev[i]);
		}
	}
	if (t->dp)
		ovs_dp_free(t->dp);
	kfree_skb(t->nl);
	skb_queue_purge(&t->sent);
}

/* Action list building. */

static void axt_put(struct kunit *test, int type, const void *data, int len)
{
	struct axt *t = test->priv;

	KUNIT_ASSERT_EQ(test, nla_put(t->nl, type, len, data), 0);
}

static void axt_put_u32(struct kunit *test, int type, u32 v)
{
	axt_put(test, type, &v, sizeof(v));
}

static void axt_output(struct kunit *test, u32 port)
{
	axt_put_u32(test, OVS_ACTION_ATTR_OUTPUT, port);
}

static struct nlattr *axt_nest(struct kunit *test, int type)
{
	struct axt *t = test->priv;
	struct nlattr *nest = nla_nest_start_noflag(t->nl, type);

	KUNIT_ASSERT_NOT_NULL(test, nest);
	return nest;
}

static void axt_end(struct kunit *test, struct nlattr *nest)
{
	nla_nest_end(((struct axt *)test->priv)->nl, nest);
}

/* A set (mask NULL: the internal form of set(), all-ones mask) or masked set. */
static void axt_set(struct kunit *test, int key_type, const void *value,
		    const void *mask, int len)
{
	struct axt *t = test->priv;
	struct nlattr *outer, *attr;
	u8 *data;

	outer = axt_nest(test, mask ? OVS_ACTION_ATTR_SET_MASKED :
				      OVS_ACTION_ATTR_SET_TO_MASKED_PRIV);
	attr = nla_reserve(t->nl, key_type, 2 * len);
	KUNIT_ASSERT_NOT_NULL(test, attr);
	data = nla_data(attr);
	memcpy(data, value, len);
	if (mask)
		memcpy(data + len, mask, len);
	else
		memset(data + len, 0xff, len);
	axt_end(test, outer);
}

/* The list built so far, as ovs_actions_copy() would hand it over. */
static const struct ovs_actions *axt_acts(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_actions *acts;

	acts = kunit_kzalloc(test, sizeof(*acts) + t->nl->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, acts);
	memcpy(acts->actions, t->nl->data, t->nl->len);
	acts->len = t->nl->len;
	acts->orig_len = t->nl->len;
	skb_trim(t->nl, 0);
	return acts;
}

/* Runs acts on skb as the packet path does: under RCU, bottom halves off. */
static int axt_run(struct kunit *test, struct sk_buff *skb,
		   const struct ovs_actions *acts)
{
	struct axt *t = test->priv;
	int err;

	local_bh_disable();
	rcu_read_lock();
	err = ovs_execute_actions(t->dp, skb, acts, &t->key);
	rcu_read_unlock();
	local_bh_enable();
	return err;
}

static unsigned int axt_count(struct kunit *test, u32 port)
{
	struct axt *t = test->priv;

	return skb_queue_len(&((struct axt_dev *)netdev_priv(t->dev[port - 1]))->tx);
}

/* The next frame port sent; freed with the test. */
static struct sk_buff *axt_sent(struct kunit *test, u32 port)
{
	struct axt *t = test->priv;
	struct sk_buff *skb;

	skb = skb_dequeue(&((struct axt_dev *)netdev_priv(t->dev[port - 1]))->tx);
	KUNIT_ASSERT_NOT_NULL_MSG(test, skb, "nothing sent on port %u", port);
	skb_queue_tail(&t->sent, skb);
	KUNIT_ASSERT_EQ(test, skb_linearize(skb), 0);
	return skb;
}

/* Packet building: Ethernet + IPv4/IPv6 + TCP/UDP/SCTP, checksums right. */

struct axt_pkt {
	u16 ethertype;		/* ETH_P_IP or ETH_P_IPV6 */
	u8 proto;		/* IPPROTO_TCP, _UDP or _SCTP */
	bool udp_no_csum;
	unsigned int payload;
};

static unsigned int axt_l4_len(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return sizeof(struct tcphdr);
	case IPPROTO_UDP:
		return sizeof(struct udphdr);
	default:
		return sizeof(struct sctphdr);
	}
}

static struct sk_buff *axt_packet(struct kunit *test, const struct axt_pkt *p)
{
	bool v6 = p->ethertype == ETH_P_IPV6;
	unsigned int l3len = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	unsigned int l4len = axt_l4_len(p->proto) + p->payload;
	struct axt *t = test->priv;
	struct ovs_key *key = &t->key;
	struct sk_buff *skb;
	struct ethhdr *eth;
	u8 *l4;
	unsigned int i;

	skb = alloc_skb(128 + ETH_HLEN + l3len + l4len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 64);

	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, axt_dst_mac);
	ether_addr_copy(eth->h_source, axt_src_mac);
	eth->h_proto = htons(p->ethertype);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + l3len);
	skb->protocol = htons(p->ethertype);
	skb->mac_len = ETH_HLEN;
	/* As if received on port 1. */
	skb->dev = t->dev[0];

	memset(key, 0, sizeof(*key));
	key->mac_proto = OVS_MAC_PROTO_ETHERNET;
	ether_addr_copy(key->eth.src, axt_src_mac);
	ether_addr_copy(key->eth.dst, axt_dst_mac);
	key->eth.type = htons(p->ethertype);
	key->ip.proto = p->proto;
	key->ip.ttl = 64;

	if (v6) {
		struct ipv6hdr *ip6 = skb_put_zero(skb, sizeof(*ip6));

		ip6->version = 6;
		ip6->payload_len = htons(l4len);
		ip6->nexthdr = p->proto;
		ip6->hop_limit = 64;
		ipv6_addr_set(&ip6->saddr, htonl(0x20010db8), 0, 0, htonl(1));
		ipv6_addr_set(&ip6->daddr, htonl(0x20010db8), 0, 0, htonl(2));
		key->ipv6.src = ip6->saddr;
		key->ipv6.dst = ip6->daddr;
	} else {
		struct iphdr *ip = skb_put_zero(skb, sizeof(*ip));

		ip->version = 4;
		ip->ihl = 5;
		ip->tot_len = htons(l3len + l4len);
		ip->id = htons(0x1234);
		ip->ttl = 64;
		ip->protocol = p->proto;
		ip->saddr = htonl(0x0a000001);
		ip->daddr = htonl(0x0a000002);
		ip->check = ip_fast_csum(ip, ip->ihl);
		key->ipv4.src = ip->saddr;
		key->ipv4.dst = ip->daddr;
	}

	l4 = skb_put_zero(skb, l4len);
	for (i = axt_l4_len(p->proto); i < l4len; i++)
		l4[i] = i * 7;
	/* Ports are the first four bytes of all three headers. */
	((__be16 *)l4)[0] = htons(1000);
	((__be16 *)l4)[1] = htons(2000);
	key->tp.src = htons(1000);
	key->tp.dst = htons(2000);

	if (p->proto == IPPROTO_SCTP) {
		struct sctphdr *sh = (struct sctphdr *)l4;

		sh->vtag = htonl(0xdeadbeef);
		sh->checksum = sctp_compute_cksum(skb, skb_transport_offset(skb));
		return skb;
	}

	if (p->proto == IPPROTO_TCP) {
		struct tcphdr *th = (struct tcphdr *)l4;

		th->seq = htonl(1);
		th->doff = 5;
		th->ack = 1;
		th->window = htons(1000);
	} else {
		((struct udphdr *)l4)->len = htons(l4len);
		if (p->udp_no_csum)
			return skb;
	}

	{
		__wsum sum = csum_partial(l4, l4len, 0);
		__sum16 *check = p->proto == IPPROTO_TCP ?
				 &((struct tcphdr *)l4)->check :
				 &((struct udphdr *)l4)->check;

		if (v6)
			*check = csum_ipv6_magic(&ipv6_hdr(skb)->saddr,
						 &ipv6_hdr(skb)->daddr, l4len,
						 p->proto, sum);
		else
			*check = csum_tcpudp_magic(ip_hdr(skb)->saddr,
						   ip_hdr(skb)->daddr, l4len,
						   p->proto, sum);
		if (!*check)
			*check = CSUM_MANGLED_0;
	}
	return skb;
}

static struct sk_buff *axt_ipv4_tcp(struct kunit *test)
{
	const struct axt_pkt p = { ETH_P_IP, IPPROTO_TCP, false, 32 };

	return axt_packet(test, &p);
}

/*
 * Every checksum of a sent frame whose IP header starts at l3, recomputed
 * from the bytes.  Returns the L4 header.
 */
static void *axt_check_csums(struct kunit *test, struct sk_buff *skb,
			     unsigned int l3)
{
	unsigned int l4off, l4len;
	const u8 *l4;
	__wsum sum;
	u8 proto;

	if ((skb->data[l3] >> 4) == 6) {
		const struct ipv6hdr *ip6 = (void *)(skb->data + l3);

		l4off = l3 + sizeof(*ip6);
		l4len = ntohs(ip6->payload_len);
		proto = ip6->nexthdr;
		l4 = skb->data + l4off;
		sum = csum_partial(l4, l4len, 0);
		if (proto != IPPROTO_SCTP)
			KUNIT_EXPECT_EQ_MSG(test, (__force u16)
					    csum_ipv6_magic(&ip6->saddr, &ip6->daddr,
							    l4len, proto, sum), 0,
					    "L4 checksum over IPv6");
	} else {
		const struct iphdr *ip = (void *)(skb->data + l3);

		KUNIT_EXPECT_EQ_MSG(test, (__force u16)ip_fast_csum(ip, ip->ihl),
				    0, "IPv4 header checksum");
		l4off = l3 + ip->ihl * 4;
		l4len = ntohs(ip->tot_len) - ip->ihl * 4;
		proto = ip->protocol;
		l4 = skb->data + l4off;
		sum = csum_partial(l4, l4len, 0);
		if (proto == IPPROTO_TCP ||
		    (proto == IPPROTO_UDP && ((struct udphdr *)l4)->check))
			KUNIT_EXPECT_EQ_MSG(test, (__force u16)
					    csum_tcpudp_magic(ip->saddr, ip->daddr,
							      l4len, proto, sum), 0,
					    "L4 checksum over IPv4");
	}
	KUNIT_EXPECT_EQ(test, skb->len, l4off + l4len);
	if (proto == IPPROTO_SCTP)
		KUNIT_EXPECT_EQ_MSG(test, sctp_compute_cksum(skb, l4off),
				    ((struct sctphdr *)l4)->checksum,
				    "SCTP CRC32c");
	return (void *)l4;
}

/* set(eth): both addresses; nothing else in the frame moves. */
static void axt_set_eth(struct kunit *test)
{
	struct ovs_key_ethernet eth = {
		.eth_src = { 0x0a, 1, 2, 3, 4, 5 },
		.eth_dst = { 0x0e, 6, 7, 8, 9, 10 },
	};
	struct axt *t = test->priv;
	struct sk_buff *in = axt_ipv4_tcp(test), *out;
	u8 *orig = kunit_kmalloc(test, in->len, GFP_KERNEL);
	unsigned int len = in->len;

	KUNIT_ASSERT_NOT_NULL(test, orig);
	memcpy(orig, in->data, len);
	axt_set(test, OVS_KEY_ATTR_ETHERNET, &eth, NULL, sizeof(eth));
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, in, axt_acts(test)), 0);

	out = axt_sent(test, 1);
	KUNIT_ASSERT_EQ(test, out->len, len);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, eth.eth_dst, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + ETH_ALEN, eth.eth_src, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + 12, orig + 12, len - 12), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->key.eth.src, eth.eth_src, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->key.eth.dst, eth.eth_dst, ETH_ALEN), 0);
}

/* set(ipv4(src, dst)) over TCP: the IP and the TCP pseudo-header sums. */
static void axt_set_ipv4_addrs(struct kunit *test)
{
	struct ovs_key_ipv4 v = {
		.ipv4_src = htonl(0xc0a80101), .ipv4_dst = htonl(0xac100203),
	};
	struct ovs_key_ipv4 m = {
		.ipv4_src = htonl(0xffffffff), .ipv4_dst = htonl(0xffffffff),
	};
	struct axt *t = test->priv;
	struct sk_buff *out;
	struct iphdr *ip;

	axt_set(test, OVS_KEY_ATTR_IPV4, &v, &m, sizeof(v));
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), axt_acts(test)), 0);

	out = axt_sent(test, 1);
	ip = (struct iphdr *)(out->data + AXT_L3);
	KUNIT_EXPECT_EQ(test, ntohl(ip->saddr), 0xc0a80101U);
	KUNIT_EXPECT_EQ(test, ntohl(ip->daddr), 0xac100203U);
	KUNIT_EXPECT_EQ(test, ip->ttl, 64);
	axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, ntohl(t->key.ipv4.src), 0xc0a80101U);
	KUNIT_EXPECT_EQ(test, ntohl(t->key.ipv4.dst), 0xac100203U);
}

/* set(ipv4(tos, ttl)), the internal form of a plain set: addresses stay. */
static void axt_set_ipv4_tos_ttl(struct kunit *test)
{
	struct ovs_key_ipv4 v = {
		.ipv4_src = htonl(0x0a000001), .ipv4_dst = htonl(0x0a000002),
		.ipv4_proto = IPPROTO_TCP, .ipv4_tos = 0xb8, .ipv4_ttl = 7,
	};
	struct axt *t = test->priv;
	struct sk_buff *out;
	struct iphdr *ip;

	axt_set(test, OVS_KEY_ATTR_IPV4, &v, NULL, sizeof(v));
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), axt_acts(test)), 0);

	out = axt_sent(test, 1);
	ip = (struct iphdr *)(out->data + AXT_L3);
	KUNIT_EXPECT_EQ(test, ip->tos, 0xb8);
	KUNIT_EXPECT_EQ(test, ip->ttl, 7);
	KUNIT_EXPECT_EQ(test, ntohl(ip->saddr), 0x0a000001U);
	axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, t->key.ip.tos, 0xb8);
	KUNIT_EXPECT_EQ(test, t->key.ip.ttl, 7);
}

/* Masked set of half a source address, over UDP with a checksum. */
static void axt_set_ipv4_masked(struct kunit *test)
{
	const struct axt_pkt p = { ETH_P_IP, IPPROTO_UDP, false, 21 };
	struct ovs_key_ipv4 v = { .ipv4_src = htonl(0xc0a80000) };
	struct ovs_key_ipv4 m = { .ipv4_src = htonl(0xffff0000) };
	struct sk_buff *out;
	struct iphdr *ip;

	axt_set(test, OVS_KEY_ATTR_IPV4, &v, &m, sizeof(v));
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_packet(test, &p), axt_acts(test)), 0);

	out = axt_sent(test, 1);
	ip = (struct iphdr *)(out->data + AXT_L3);
	KUNIT_EXPECT_EQ(test, ntohl(ip->saddr), 0xc0a80001U);
	KUNIT_EXPECT_EQ(test, ntohl(ip->daddr), 0x0a000002U);
	axt_check_csums(test, out, AXT_L3);
}

/* A UDP checksum of zero means none: an address change keeps it zero. */
static void axt_set_ipv4_udp_no_csum(struct kunit *test)
{
	const struct axt_pkt p = { ETH_P_IP, IPPROTO_UDP, true, 16 };
	struct ovs_key_ipv4 v = { .ipv4_dst = htonl(0x0a0000fe) };
	struct ovs_key_ipv4 m = { .ipv4_dst = htonl(0xffffffff) };
	struct udphdr *uh;
	struct sk_buff *out;

	axt_set(test, OVS_KEY_ATTR_IPV4, &v, &m, sizeof(v));
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_packet(test, &p), axt_acts(test)), 0);

	out = axt_sent(test, 1);
	uh = axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, (__force u16)uh->check, 0);
	KUNIT_EXPECT_EQ(test, ntohl(((struct iphdr *)(out->data + AXT_L3))->daddr),
			0x0a0000feU);
}

/* set(ipv6(src, dst, label)) over TCP. */
static void axt_set_ipv6(struct kunit *test)
{
	const struct axt_pkt p = { ETH_P_IPV6, IPPROTO_TCP, false, 40 };
	struct ovs_key_ipv6 v = {}, m = {};
	struct axt *t = test->priv;
	struct ipv6hdr *ip6;
	struct sk_buff *out;
	struct in6_addr a;

	v.ipv6_src[0] = htonl(0xfd000000);
	v.ipv6_src[3] = htonl(0x11);
	v.ipv6_dst[0] = htonl(0xfd000001);
	v.ipv6_dst[3] = htonl(0x22);
	v.ipv6_label = htonl(0xabcde);
	memset(m.ipv6_src, 0xff, sizeof(m.ipv6_src));
	memset(m.ipv6_dst, 0xff, sizeof(m.ipv6_dst));
	m.ipv6_label = htonl(0xfffff);

	axt_set(test, OVS_KEY_ATTR_IPV6, &v, &m, sizeof(v));
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_packet(test, &p), axt_acts(test)), 0);

	out = axt_sent(test, 1);
	ip6 = (struct ipv6hdr *)(out->data + AXT_L3);
	memcpy(&a, v.ipv6_src, sizeof(a));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ip6->saddr, &a));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&t->key.ipv6.src, &a));
	memcpy(&a, v.ipv6_dst, sizeof(a));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ip6->daddr, &a));
	KUNIT_EXPECT_EQ(test, ntohl(*(__be32 *)ip6), 0x600abcdeU);
	KUNIT_EXPECT_EQ(test, ip6->hop_limit, 64);
	KUNIT_EXPECT_EQ(test, ntohl(t->key.ipv6.label), 0xabcdeU);
	axt_check_csums(test, out, AXT_L3);
}

/* set(tcp) and set(udp): both ports, checksum fixed. */
static void axt_set_ports(struct kunit *test, u8 proto, int key_type)
{
	const struct axt_pkt p = { ETH_P_IP, proto, false, 33 };
	__be16 v[2] = { htons(4444), htons(53) };
	struct axt *t = test->priv;
	struct sk_buff *out;
	__be16 *ports;

	axt_set(test, key_type, v, NULL, sizeof(v));
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_packet(test, &p), axt_acts(test)), 0);

	out = axt_sent(test, 1);
	ports = axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, ntohs(ports[0]), 4444);
	KUNIT_EXPECT_EQ(test, ntohs(ports[1]), 53);
	KUNIT_EXPECT_EQ(test, ntohs(t->key.tp.src), 4444);
	KUNIT_EXPECT_EQ(test, ntohs(t->key.tp.dst), 53);
}

static void axt_set_tcp(struct kunit *test)
{
	axt_set_ports(test, IPPROTO_TCP, OVS_KEY_ATTR_TCP);
}

static void axt_set_udp(struct kunit *test)
{
	axt_set_ports(test, IPPROTO_UDP, OVS_KEY_ATTR_UDP);
}

/* set_masked(sctp(dst)): the CRC32c is recomputed. */
static void axt_set_sctp(struct kunit *test)
{
	const struct axt_pkt p = { ETH_P_IP, IPPROTO_SCTP, false, 64 };
	struct ovs_key_sctp v = { .sctp_dst = htons(3868) };
	struct ovs_key_sctp m = { .sctp_dst = htons(0xffff) };
	struct sctphdr *sh;
	struct sk_buff *out;

	axt_set(test, OVS_KEY_ATTR_SCTP, &v, &m, sizeof(v));
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_packet(test, &p), axt_acts(test)), 0);

	out = axt_sent(test, 1);
	sh = axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, ntohs(sh->source), 1000);
	KUNIT_EXPECT_EQ(test, ntohs(sh->dest), 3868);
}

/* set(priority), set_masked(skb_mark): metadata, not packet bytes. */
static void axt_set_meta(struct kunit *test)
{
	u32 prio = 7, mark = 0xab00, mark_mask = 0xff00;
	struct axt *t = test->priv;
	struct sk_buff *in = axt_ipv4_tcp(test), *out;

	in->mark = 0x12345;
	axt_set(test, OVS_KEY_ATTR_PRIORITY, &prio, NULL, sizeof(prio));
	axt_set(test, OVS_KEY_ATTR_SKB_MARK, &mark, &mark_mask, sizeof(mark));
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, in, axt_acts(test)), 0);

	out = axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, out->priority, 7U);
	KUNIT_EXPECT_EQ(test, out->mark, 0x1ab45U);
	KUNIT_EXPECT_EQ(test, t->key.skb_mark, 0x1ab45U);
}

/* The frame as sent: 12 address bytes, then a tag of tpid/tci, then rest. */
static void axt_expect_tag(struct kunit *test, const u8 *frame,
			   unsigned int at, u16 tpid, u16 tci)
{
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(frame + at), tpid);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(frame + at + 2), tci);
}

/* push_vlan 802.1Q, then 802.1ad outside it: QinQ on the wire. */
static void axt_push_vlan(struct kunit *test)
{
	struct ovs_action_push_vlan q = {
		.vlan_tpid = htons(ETH_P_8021Q),
		.vlan_tci = htons(VLAN_CFI_MASK | 100),
	};
	struct ovs_action_push_vlan ad = {
		.vlan_tpid = htons(ETH_P_8021AD),
		.vlan_tci = htons(VLAN_CFI_MASK | 0x2000 | 7),
	};
	struct sk_buff *in = axt_ipv4_tcp(test), *out;
	struct axt *t = test->priv;
	unsigned int len = in->len;

	axt_put(test, OVS_ACTION_ATTR_PUSH_VLAN, &q, sizeof(q));
	axt_output(test, 1);
	axt_put(test, OVS_ACTION_ATTR_PUSH_VLAN, &ad, sizeof(ad));
	axt_output(test, 2);
	KUNIT_EXPECT_EQ(test, axt_run(test, in, axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, ntohs(t->key.eth.vlan.tci), VLAN_CFI_MASK | 100);
	KUNIT_EXPECT_EQ(test, ntohs(t->key.eth.vlan.tpid), ETH_P_8021Q);

	out = axt_sent(test, 1);
	KUNIT_ASSERT_EQ(test, out->len, len + VLAN_HLEN);
	axt_expect_tag(test, out->data, 12, ETH_P_8021Q, 100);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 16), ETH_P_IP);
	axt_check_csums(test, out, AXT_L3 + VLAN_HLEN);

	out = axt_sent(test, 2);
	KUNIT_ASSERT_EQ(test, out->len, len + 2 * VLAN_HLEN);
	axt_expect_tag(test, out->data, 12, ETH_P_8021AD, 0x2007);
	axt_expect_tag(test, out->data, 16, ETH_P_8021Q, 100);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 20), ETH_P_IP);
	axt_check_csums(test, out, AXT_L3 + 2 * VLAN_HLEN);
}

/* A frame with one 802.1Q tag in its bytes (not in hwaccel). */
static struct sk_buff *axt_tagged(struct kunit *test, u16 tpid, u16 tci)
{
	struct sk_buff *skb = axt_ipv4_tcp(test);
	struct axt *t = test->priv;
	u8 *p;

	p = skb_push(skb, VLAN_HLEN);
	memmove(p, p + VLAN_HLEN, 2 * ETH_ALEN);
	put_unaligned_be16(tpid, p + 12);
	put_unaligned_be16(tci, p + 14);
	skb_reset_mac_header(skb);
	skb->mac_len = VLAN_ETH_HLEN;
	t->key.eth.vlan.tpid = htons(tpid);
	t->key.eth.vlan.tci = htons(tci | VLAN_CFI_MASK);
	return skb;
}

/* pop_vlan of an in-packet tag, then of a hwaccel tag. */
static void axt_pop_vlan(struct kunit *test)
{
	const struct ovs_actions *acts;
	struct axt *t = test->priv;
	struct sk_buff *in, *out;
	unsigned int len;

	axt_put(test, OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
	axt_output(test, 1);
	acts = axt_acts(test);

	in = axt_tagged(test, ETH_P_8021Q, 100);
	len = in->len;
	KUNIT_EXPECT_EQ(test, axt_run(test, in, acts), 0);
	out = axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, out->len, len - VLAN_HLEN);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 12), ETH_P_IP);
	axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, t->key.eth.vlan.tci, 0);

	in = axt_ipv4_tcp(test);
	__vlan_hwaccel_put_tag(in, htons(ETH_P_8021AD), 5);
	t->key.eth.vlan.tci = htons(VLAN_CFI_MASK | 5);
	len = in->len;
	KUNIT_EXPECT_EQ(test, axt_run(test, in, acts), 0);
	out = axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, out->len, len);
	KUNIT_EXPECT_FALSE(test, skb_vlan_tag_present(out));
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 12), ETH_P_IP);
	KUNIT_EXPECT_EQ(test, t->key.eth.vlan.tci, 0);
}

/* QinQ: outer 802.1ad in hwaccel, inner 802.1Q in the frame; pop the outer. */
static void axt_pop_vlan_qinq(struct kunit *test)
{
	struct sk_buff *in = axt_tagged(test, ETH_P_8021Q, 100), *out;
	unsigned int len = in->len;

	__vlan_hwaccel_put_tag(in, htons(ETH_P_8021AD), 9);
	axt_put(test, OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, in, axt_acts(test)), 0);

	/* The inner tag is the only one left, first after the addresses. */
	out = axt_sent(test, 1);
	KUNIT_ASSERT_EQ(test, out->len, len);
	axt_expect_tag(test, out->data, 12, ETH_P_8021Q, 100);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 16), ETH_P_IP);
	axt_check_csums(test, out, AXT_L3 + VLAN_HLEN);
}

/* push_mpls after L2, then pop_mpls: the original frame comes back. */
static void axt_push_pop_mpls(struct kunit *test)
{
	struct ovs_action_push_mpls push = {
		.mpls_lse = htonl((1000 << 12) | (1 << 8) | 64),
		.mpls_ethertype = htons(ETH_P_MPLS_UC),
	};
	struct sk_buff *in = axt_ipv4_tcp(test), *out;
	__be16 ip = htons(ETH_P_IP);
	unsigned int len = in->len;
	u8 *orig;

	orig = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	memcpy(orig, in->data, len);

	axt_put(test, OVS_ACTION_ATTR_PUSH_MPLS, &push, sizeof(push));
	axt_output(test, 1);
	axt_put(test, OVS_ACTION_ATTR_POP_MPLS, &ip, sizeof(ip));
	axt_output(test, 2);
	KUNIT_EXPECT_EQ(test, axt_run(test, in, axt_acts(test)), 0);

	out = axt_sent(test, 1);
	KUNIT_ASSERT_EQ(test, out->len, len + MPLS_HLEN);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, orig, 12), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 12), ETH_P_MPLS_UC);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(out->data + 14),
			(1000U << 12) | (1 << 8) | 64);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + 18, orig + 14, len - 14), 0);
	KUNIT_EXPECT_EQ(test, ntohs(out->protocol), ETH_P_MPLS_UC);

	out = axt_sent(test, 2);
	KUNIT_ASSERT_EQ(test, out->len, len);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, orig, len), 0);
}

/* set(mpls): the label changes, the rest of the entry stays. */
static void axt_set_mpls(struct kunit *test)
{
	struct ovs_action_push_mpls push = {
		.mpls_lse = htonl((1000 << 12) | (1 << 8) | 64),
		.mpls_ethertype = htons(ETH_P_MPLS_UC),
	};
	__be32 lse = htonl(77 << 12), mask = htonl(0xfffff000);
	struct sk_buff *out;

	axt_put(test, OVS_ACTION_ATTR_PUSH_MPLS, &push, sizeof(push));
	axt_set(test, OVS_KEY_ATTR_MPLS, &lse, &mask, sizeof(lse));
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), axt_acts(test)), 0);

	out = axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(out->data + 14),
			(77U << 12) | (1 << 8) | 64);
	axt_check_csums(test, out, AXT_L3 + MPLS_HLEN);
}

/* add_mpls without the L3 flag: the label goes in front of the frame. */
static void axt_add_mpls(struct kunit *test)
{
	struct ovs_action_add_mpls add = {
		.mpls_lse = htonl((5 << 12) | (1 << 8) | 3),
		.mpls_ethertype = htons(ETH_P_MPLS_UC),
	};
	struct sk_buff *in = axt_ipv4_tcp(test), *out;
	struct axt *t = test->priv;
	unsigned int len = in->len;
	u8 *orig;

	orig = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	memcpy(orig, in->data, len);

	axt_put(test, OVS_ACTION_ATTR_ADD_MPLS, &add, sizeof(add));
	axt_output(test, 1);
	add.tun_flags = OVS_MPLS_L3_TUNNEL_FLAG_MASK;
	KUNIT_EXPECT_EQ(test, axt_run(test, in, axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, t->key.mac_proto, OVS_MAC_PROTO_NONE);

	out = axt_sent(test, 1);
	KUNIT_ASSERT_EQ(test, out->len, len + MPLS_HLEN);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(out->data),
			(5U << 12) | (1 << 8) | 3);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + MPLS_HLEN, orig, len), 0);

	/* With the flag: after the Ethernet header, like push_mpls. */
	axt_put(test, OVS_ACTION_ATTR_ADD_MPLS, &add, sizeof(add));
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, t->key.mac_proto, OVS_MAC_PROTO_ETHERNET);
	out = axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, get_unaligned_be16(out->data + 12), ETH_P_MPLS_UC);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(out->data + 14),
			(5U << 12) | (1 << 8) | 3);
}

/* pop_eth then push_eth with new addresses. */
static void axt_pop_push_eth(struct kunit *test)
{
	struct ovs_action_push_eth push = {
		.addresses = {
			.eth_src = { 2, 0xaa, 0, 0, 0, 1 },
			.eth_dst = { 2, 0xbb, 0, 0, 0, 2 },
		},
	};
	struct sk_buff *in = axt_ipv4_tcp(test), *out;
	struct axt *t = test->priv;
	unsigned int len = in->len;
	u8 *orig;

	orig = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	memcpy(orig, in->data, len);

	axt_put(test, OVS_ACTION_ATTR_POP_ETH, NULL, 0);
	axt_output(test, 1);
	axt_put(test, OVS_ACTION_ATTR_PUSH_ETH, &push, sizeof(push));
	axt_output(test, 2);
	KUNIT_EXPECT_EQ(test, axt_run(test, in, axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, t->key.mac_proto, OVS_MAC_PROTO_ETHERNET);

	out = axt_sent(test, 1);
	KUNIT_ASSERT_EQ(test, out->len, len - ETH_HLEN);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, orig + ETH_HLEN, len - ETH_HLEN), 0);
	axt_check_csums(test, out, 0);

	out = axt_sent(test, 2);
	KUNIT_ASSERT_EQ(test, out->len, len);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, push.addresses.eth_dst, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + 6, push.addresses.eth_src, 6), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + 12, orig + 12, len - 12), 0);
}

/* dec_ttl: 64 -> 63 with the header checksum fixed, IPv4 and IPv6. */
static void axt_dec_ttl(struct kunit *test)
{
	const struct axt_pkt p6 = { ETH_P_IPV6, IPPROTO_UDP, false, 8 };
	const struct ovs_actions *acts;
	struct axt *t = test->priv;
	struct nlattr *dec, *list;
	struct sk_buff *out;

	dec = axt_nest(test, OVS_ACTION_ATTR_DEC_TTL);
	list = axt_nest(test, OVS_DEC_TTL_ATTR_ACTION);
	axt_output(test, 2);
	axt_end(test, list);
	axt_end(test, dec);
	axt_output(test, 1);
	acts = axt_acts(test);

	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), acts), 0);
	KUNIT_EXPECT_EQ(test, t->key.ip.ttl, 63);
	out = axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, ((struct iphdr *)(out->data + AXT_L3))->ttl, 63);
	axt_check_csums(test, out, AXT_L3);

	KUNIT_EXPECT_EQ(test, axt_run(test, axt_packet(test, &p6), acts), 0);
	out = axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, ((struct ipv6hdr *)(out->data + AXT_L3))->hop_limit, 63);
	axt_check_csums(test, out, AXT_L3);
	KUNIT_EXPECT_EQ(test, axt_count(test, 2), 0U);
}

/* dec_ttl of TTL 1: the nested list runs instead of the rest. */
static void axt_dec_ttl_expired(struct kunit *test)
{
	struct ovs_key_ipv4 v = { .ipv4_ttl = 1 }, m = { .ipv4_ttl = 0xff };
	struct nlattr *dec, *list;
	struct sk_buff *out;

	axt_set(test, OVS_KEY_ATTR_IPV4, &v, &m, sizeof(v));
	dec = axt_nest(test, OVS_ACTION_ATTR_DEC_TTL);
	list = axt_nest(test, OVS_DEC_TTL_ATTR_ACTION);
	axt_output(test, 2);
	axt_end(test, list);
	axt_end(test, dec);
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), axt_acts(test)), 0);

	KUNIT_EXPECT_EQ(test, axt_count(test, 1), 0U);
	out = axt_sent(test, 2);
	KUNIT_EXPECT_EQ(test, ((struct iphdr *)(out->data + AXT_L3))->ttl, 1);
	axt_check_csums(test, out, AXT_L3);
}

/* hash: nonzero, the same for the same packet, and in the key. */
static void axt_hash(struct kunit *test)
{
	struct ovs_action_hash h = { .hash_alg = OVS_HASH_ALG_L4,
				     .hash_basis = 0x5eed };
	const struct ovs_actions *acts;
	struct axt *t = test->priv;
	u32 first;

	axt_put(test, OVS_ACTION_ATTR_HASH, &h, sizeof(h));
	axt_output(test, 1);
	acts = axt_acts(test);

	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), acts), 0);
	first = t->key.dp_hash;
	KUNIT_EXPECT_NE(test, first, 0U);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), acts), 0);
	KUNIT_EXPECT_EQ(test, t->key.dp_hash, first);
	KUNIT_EXPECT_EQ(test, axt_count(test, 1), 2U);

	h.hash_alg = OVS_HASH_ALG_SYM_L4;
	axt_put(test, OVS_ACTION_ATTR_HASH, &h, sizeof(h));
	acts = axt_acts(test);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), acts), 0);
	first = t->key.dp_hash;
	KUNIT_EXPECT_NE(test, first, 0U);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), acts), 0);
	KUNIT_EXPECT_EQ(test, t->key.dp_hash, first);
}

/* trunc applies to the next output only. */
static void axt_trunc(struct kunit *test)
{
	struct ovs_action_trunc trunc = { .max_len = 60 };
	struct sk_buff *in = axt_ipv4_tcp(test), *out;
	unsigned int len = in->len;

	KUNIT_ASSERT_GT(test, len, 60U);
	axt_put(test, OVS_ACTION_ATTR_TRUNC, &trunc, sizeof(trunc));
	axt_output(test, 1);
	axt_output(test, 2);
	KUNIT_EXPECT_EQ(test, axt_run(test, in, axt_acts(test)), 0);

	out = axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, out->len, 60U);
	out = axt_sent(test, 2);
	KUNIT_EXPECT_EQ(test, out->len, len);
}

/* check_pkt_len(100): a short packet goes one way, a long one the other. */
static void axt_check_pkt_len(struct kunit *test)
{
	const struct axt_pkt big = { ETH_P_IP, IPPROTO_UDP, false, 200 };
	const struct ovs_actions *acts;
	struct nlattr *cpl, *list;
	u16 max = 100;

	cpl = axt_nest(test, OVS_ACTION_ATTR_CHECK_PKT_LEN);
	axt_put(test, OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, &max, sizeof(max));
	list = axt_nest(test, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER);
	axt_output(test, 2);
	axt_end(test, list);
	list = axt_nest(test, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL);
	axt_output(test, 1);
	axt_end(test, list);
	axt_end(test, cpl);
	acts = axt_acts(test);

	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), acts), 0);
	KUNIT_EXPECT_EQ(test, axt_count(test, 1), 1U);
	KUNIT_EXPECT_EQ(test, axt_count(test, 2), 0U);

	KUNIT_EXPECT_EQ(test, axt_run(test, axt_packet(test, &big), acts), 0);
	KUNIT_EXPECT_EQ(test, axt_count(test, 1), 1U);
	KUNIT_EXPECT_EQ(test, axt_count(test, 2), 1U);
}

/* sample(probability, actions(output:2)), output:1 */
static const struct ovs_actions *axt_sample_acts(struct kunit *test, u32 prob)
{
	struct nlattr *sample, *list;

	sample = axt_nest(test, OVS_ACTION_ATTR_SAMPLE);
	axt_put_u32(test, OVS_SAMPLE_ATTR_PROBABILITY, prob);
	list = axt_nest(test, OVS_SAMPLE_ATTR_ACTIONS);
	axt_output(test, 2);
	axt_end(test, list);
	axt_end(test, sample);
	axt_output(test, 1);
	return axt_acts(test);
}

static void axt_sample(struct kunit *test)
{
	const struct ovs_actions *never = axt_sample_acts(test, 0);
	const struct ovs_actions *always = axt_sample_acts(test, U32_MAX);
	int i;

	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), never), 0);
	KUNIT_EXPECT_EQ(test, axt_count(test, 2), 0U);
	KUNIT_EXPECT_EQ(test, axt_count(test, 1), 8U);

	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), always), 0);
	KUNIT_EXPECT_EQ(test, axt_count(test, 2), 8U);
	KUNIT_EXPECT_EQ(test, axt_count(test, 1), 16U);
}

/* clone(set(eth), output:2), output:1: the clone's change stays in it. */
static void axt_clone(struct kunit *test)
{
	struct ovs_key_ethernet eth = {
		.eth_src = { 2, 9, 9, 9, 9, 9 }, .eth_dst = { 2, 8, 8, 8, 8, 8 },
	};
	struct axt *t = test->priv;
	struct nlattr *clone;
	struct sk_buff *out;

	clone = axt_nest(test, OVS_ACTION_ATTR_CLONE);
	axt_set(test, OVS_KEY_ATTR_ETHERNET, &eth, NULL, sizeof(eth));
	axt_output(test, 2);
	axt_end(test, clone);
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), axt_acts(test)), 0);

	out = axt_sent(test, 2);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, eth.eth_dst, ETH_ALEN), 0);
	out = axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, axt_dst_mac, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out->data + ETH_ALEN, axt_src_mac, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->key.eth.src, axt_src_mac, ETH_ALEN), 0);
}

/* drop: nothing leaves, nothing leaks (kmemleak runs after the suites). */
static void axt_drop(struct kunit *test)
{
	axt_output(test, 1);
	axt_put_u32(test, OVS_ACTION_ATTR_DROP, 0);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, axt_count(test, 1), 1U);

	axt_put_u32(test, OVS_ACTION_ATTR_DROP, 0);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, axt_count(test, 1), 1U);
}

/* recirc and userspace leave the packet to the actions after them. */
static void axt_recirc_userspace(struct kunit *test)
{
	struct nlattr *up;

	axt_put_u32(test, OVS_ACTION_ATTR_RECIRC, 5);
	up = axt_nest(test, OVS_ACTION_ATTR_USERSPACE);
	axt_put_u32(test, OVS_USERSPACE_ATTR_PID, 1);
	axt_end(test, up);
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, axt_count(test, 1), 1U);
}

/*
 * Sixteen clones deep (the install-time limit), each level followed by an
 * output, so every level works on its own clone and key copy.
 */
static void axt_nested_depth(struct kunit *test)
{
	struct ovs_key_ethernet eth = { .eth_src = { 2, 7 }, .eth_dst = { 2, 6 } };
	struct nlattr *nest[OVS_ACTIONS_MAX_DEPTH];
	struct axt *t = test->priv;
	struct sk_buff *out;
	int i;

	for (i = 0; i < OVS_ACTIONS_MAX_DEPTH; i++)
		nest[i] = axt_nest(test, OVS_ACTION_ATTR_CLONE);
	axt_set(test, OVS_KEY_ATTR_ETHERNET, &eth, NULL, sizeof(eth));
	axt_output(test, 1);
	for (i = OVS_ACTIONS_MAX_DEPTH - 1; i >= 0; i--) {
		axt_end(test, nest[i]);
		axt_output(test, 2);
	}
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), axt_acts(test)), 0);

	KUNIT_EXPECT_EQ(test, axt_count(test, 1), 1U);
	KUNIT_EXPECT_EQ(test, axt_count(test, 2), (unsigned int)OVS_ACTIONS_MAX_DEPTH);
	out = axt_sent(test, 1);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, eth.eth_dst, ETH_ALEN), 0);
	out = axt_sent(test, 2);
	KUNIT_EXPECT_EQ(test, memcmp(out->data, axt_dst_mac, ETH_ALEN), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->key.eth.dst, axt_dst_mac, ETH_ALEN), 0);
}

/* An output to a port the datapath does not have drops the packet. */
static void axt_output_no_port(struct kunit *test)
{
	axt_output(test, 99);
	axt_output(test, 1);
	KUNIT_EXPECT_EQ(test, axt_run(test, axt_ipv4_tcp(test), axt_acts(test)), 0);
	KUNIT_EXPECT_EQ(test, axt_count(test, 1), 1U);
}

static struct kunit_case axt_cases[] = {
	KUNIT_CASE(axt_set_eth),
	KUNIT_CASE(axt_set_ipv4_addrs),
	KUNIT_CASE(axt_set_ipv4_tos_ttl),
	KUNIT_CASE(axt_set_ipv4_masked),
	KUNIT_CASE(axt_set_ipv4_udp_no_csum),
	KUNIT_CASE(axt_set_ipv6),
	KUNIT_CASE(axt_set_tcp),
	KUNIT_CASE(axt_set_udp),
	KUNIT_CASE(axt_set_sctp),
	KUNIT_CASE(axt_set_meta),
	KUNIT_CASE(axt_push_vlan),
	KUNIT_CASE(axt_pop_vlan),
	KUNIT_CASE(axt_pop_vlan_qinq),
	KUNIT_CASE(axt_push_pop_mpls),
	KUNIT_CASE(axt_set_mpls),
	KUNIT_CASE(axt_add_mpls),
	KUNIT_CASE(axt_pop_push_eth),
	KUNIT_CASE(axt_dec_ttl),
	KUNIT_CASE(axt_dec_ttl_expired),
	KUNIT_CASE(axt_hash),
	KUNIT_CASE(axt_trunc),
	KUNIT_CASE(axt_check_pkt_len),
	KUNIT_CASE(axt_sample),
	KUNIT_CASE(axt_clone),
	KUNIT_CASE(axt_drop),
	KUNIT_CASE(axt_recirc_userspace),
	KUNIT_CASE(axt_nested_depth),
	KUNIT_CASE(axt_output_no_port),
	{}
};

static struct kunit_suite axt_suite = {
	.name = "ovs_actions_exec",
	.init = axt_init,
	.exit = axt_exit,
	.test_cases = axt_cases,
};

kunit_test_suite(axt_suite);
