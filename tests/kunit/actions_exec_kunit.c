// SPDX-License-Identifier: GPL-2.0-only
/* The action suites' datapath and packets (see actions_exec_kunit.h). */

#include "flow_table.h"
#include "actions_exec_kunit.h"

const u8 ovs_axt_src_mac[ETH_ALEN] = { 2, 0, 0, 0, 0, 1 };

const u8 ovs_axt_dst_mac[ETH_ALEN] = { 2, 0, 0, 0, 0, 2 };

static const struct net_device_ops ovs_axt_netdev_ops = {
	.ndo_start_xmit = ovs_axt_xmit,
};

const struct ovs_vport_ops ovs_axt_vport_ops = {
	.type = OVS_VPORT_TYPE_NETDEV,
	.send = ovs_axt_vport_send,
};

netdev_tx_t ovs_axt_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct ovs_axt_dev *priv = netdev_priv(dev);

	if (priv->loop_acts &&
	    (!priv->loop_max || priv->loops < priv->loop_max)) {
		priv->loops++;
		ovs_execute_actions(priv->loop_dp, skb, priv->loop_acts,
				    priv->loop_key);
		return NETDEV_TX_OK;
	}
	skb_queue_tail(&priv->tx, skb);
	return NETDEV_TX_OK;
}

void ovs_axt_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &ovs_axt_netdev_ops;
	/* Straight to ovs_axt_xmit, no qdisc; VLAN tags written into the frame. */
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->features = 0;
	ovs_netdev_set_lltx(dev);
}

/* Upcalls name the datapath by its local port's ifindex: port 0 on dev[0]. */
static void ovs_axt_add_local(struct kunit *test, struct axt *t)
{
	struct ovs_vport_parms parms = {
		.dp = t->dp,
		.port_no = OVSP_LOCAL,
	};

	t->local = ovs_vport_alloc(&ovs_axt_vport_ops, &parms);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t->local));
	t->local->dev = t->dev[0];
	hlist_add_head_rcu(&t->local->dp_node,
			   ovs_dp_bucket(t->dp, OVSP_LOCAL));
}

int ovs_axt_init(struct kunit *test)
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

		dev = alloc_netdev(sizeof(struct ovs_axt_dev), "axt%d",
				   NET_NAME_ENUM, ovs_axt_setup);
		KUNIT_ASSERT_NOT_NULL(test, dev);
		skb_queue_head_init(&((struct ovs_axt_dev *)netdev_priv(dev))->tx);
		rtnl_lock();
		err = register_netdevice(dev);
		if (!err)
			err = dev_open(dev, NULL);
		rtnl_unlock();
		if (err)
			free_netdev(dev);
		KUNIT_ASSERT_EQ(test, err, 0);
		t->dev[i] = dev;
		if (i + 1 == AXT_L3_PORT)
			dev->type = ARPHRD_NONE;

		vport = ovs_vport_alloc(&ovs_axt_vport_ops, &parms);
		KUNIT_ASSERT_FALSE(test, IS_ERR(vport));
		vport->dev = dev;
		hlist_add_head_rcu(&vport->dp_node,
				   ovs_dp_bucket(t->dp, vport->port_no));
		t->vport[i] = vport;
	}

	ovs_axt_add_local(test, t);
	return 0;
}

void ovs_axt_exit(struct kunit *test)
{
	struct axt *t = test->priv;
	int i;

	if (!t)
		return;
	/* Flows a suite installed go first, under the lock their masks need. */
	if (t->dp) {
		ovs_lock();
		ovs_flow_tbl_flush(t->dp->table);
		ovs_unlock();
	}
	if (t->local) {
		hlist_del_rcu(&t->local->dp_node);
		synchronize_rcu();
		ovs_vport_free(t->local);
	}
	for (i = 0; i < AXT_PORTS; i++) {
		if (t->vport[i]) {
			hlist_del_rcu(&t->vport[i]->dp_node);
			synchronize_rcu();
			ovs_vport_free(t->vport[i]);
		}
		if (t->dev[i]) {
			unregister_netdev(t->dev[i]);
			skb_queue_purge(&((struct ovs_axt_dev *)netdev_priv(t->dev[i]))->tx);
			free_netdev(t->dev[i]);
		}
	}
	if (t->dp)
		ovs_dp_free(t->dp);
	kfree_skb(t->nl);
	skb_queue_purge(&t->sent);
}

void ovs_axt_set(struct kunit *test, int key_type, const void *value,
		 const void *mask, int len)
{
	struct nlattr *outer;
	u8 *data;

	outer = ovs_kt_nest(test, ovs_axt_nl(test),
			    mask ? OVS_ACTION_ATTR_SET_MASKED :
				   OVS_ACTION_ATTR_SET_TO_MASKED_PRIV);
	data = ovs_kt_reserve(test, ovs_axt_nl(test), key_type, 2 * len);
	memcpy(data, value, len);
	if (mask)
		memcpy(data + len, mask, len);
	else
		memset(data + len, 0xff, len);
	ovs_kt_nest_end(test, ovs_axt_nl(test), outer);
}

struct ovs_actions *ovs_axt_acts_fill(struct kunit *test, struct ovs_actions *acts)
{
	struct axt *t = test->priv;

	KUNIT_ASSERT_NOT_NULL(test, acts);
	memcpy(acts->actions, t->nl->data, t->nl->len);
	acts->len = t->nl->len;
	acts->orig_len = t->nl->len;
	acts->hash_on_entry = ovs_actions_hash_on_entry(acts);
	skb_trim(t->nl, 0);
	return acts;
}

int ovs_axt_run(struct kunit *test, struct sk_buff *skb,
		const struct ovs_actions *acts)
{
	struct axt *t = test->priv;
	int err;

	/* Every packet in a datapath came in on a port (execute: in_port). */
	if (!OVS_CB(skb)->input_vport)
		OVS_CB(skb)->input_vport = t->vport[0];

	local_bh_disable();
	rcu_read_lock();
	err = ovs_execute_actions(t->dp, skb, acts, &t->key);
	rcu_read_unlock();
	local_bh_enable();
	return err;
}

struct sk_buff *ovs_axt_sent(struct kunit *test, u32 port)
{
	struct axt *t = test->priv;
	struct sk_buff *skb;

	skb = skb_dequeue(&((struct ovs_axt_dev *)netdev_priv(t->dev[port - 1]))->tx);
	KUNIT_ASSERT_NOT_NULL_MSG(test, skb, "nothing sent on port %u", port);
	skb_queue_tail(&t->sent, skb);
	KUNIT_ASSERT_EQ(test, skb_linearize(skb), 0);
	return skb;
}

static unsigned int ovs_axt_l4_len(u8 proto)
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

struct sk_buff *ovs_axt_packet(struct kunit *test, const struct ovs_axt_pkt *p)
{
	bool v6 = p->ethertype == ETH_P_IPV6;
	unsigned int l3len = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	unsigned int l4len = ovs_axt_l4_len(p->proto) + p->payload;
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
	ether_addr_copy(eth->h_dest, ovs_axt_dst_mac);
	ether_addr_copy(eth->h_source, ovs_axt_src_mac);
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
	ether_addr_copy(key->eth.src, ovs_axt_src_mac);
	ether_addr_copy(key->eth.dst, ovs_axt_dst_mac);
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
	for (i = ovs_axt_l4_len(p->proto); i < l4len; i++)
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

struct sk_buff *ovs_axt_tag_frame(struct kunit *test, struct sk_buff *skb, u16 tpid,
				  u16 tci)
{
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

void *ovs_axt_check_csums(struct kunit *test, struct sk_buff *skb, unsigned int l3)
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
