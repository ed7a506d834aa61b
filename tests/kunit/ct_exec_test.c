// SPDX-License-Identifier: GPL-2.0-only
/*
 * ct() run on packets through nf_conntrack (linux/conntrack.c): commit in
 * a zone with a mark and labels, the key after it, replies seen as
 * established in that zone and new in another, a lookup that finds the
 * connection an upcall lost; and NAT through nf_nat: source and
 * destination bindings (IPv4 and IPv6) within their ranges, the packet
 * and key rewritten, replies translated back.
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/kernel.h>
#include <linux/openvswitch.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netlink.h>

#include "actions.h"
#include "datapath.h"
#include "flow_key.h"

#include "actions_exec_kunit.h"
#include "nl_kunit.h"

#define CT_NEW		(OVS_CS_F_TRACKED | OVS_CS_F_NEW)
#define CT_EST_RPL	(OVS_CS_F_TRACKED | OVS_CS_F_ESTABLISHED | \
			 OVS_CS_F_REPLY_DIR)

/*
 * A UDP packet of its own flow (ports sport -> 2000), or its reply; IPv4
 * 10.0.0.1 -> 10.0.0.2 or IPv6 2001:db8::1 -> 2001:db8::2.
 */
static struct sk_buff *ct_udp_ip(struct kunit *test, bool v6, u16 sport,
				 bool reply)
{
	const struct ovs_axt_pkt p = { v6 ? ETH_P_IPV6 : ETH_P_IP, IPPROTO_UDP,
				       false, 16 };
	struct axt *t = test->priv;
	struct sk_buff *skb = ovs_axt_packet(test, &p);
	struct udphdr *uh = udp_hdr(skb);
	__be16 port;

	/*
	 * The checksums stay right: both sum the two addresses and the two
	 * ports, whichever way round.  A source port for each test keeps
	 * its connections apart from the others'.
	 */
	csum_replace2(&uh->check, uh->source, htons(sport));
	uh->source = htons(sport);
	t->key.tp.src = uh->source;
	if (!reply)
		return skb;
	if (v6) {
		struct ipv6hdr *ip6 = ipv6_hdr(skb);

		swap(ip6->saddr, ip6->daddr);
		t->key.ipv6.src = ip6->saddr;
		t->key.ipv6.dst = ip6->daddr;
	} else {
		struct iphdr *ip = ip_hdr(skb);

		swap(ip->saddr, ip->daddr);
		t->key.ipv4.src = ip->saddr;
		t->key.ipv4.dst = ip->daddr;
	}
	port = uh->source;
	uh->source = uh->dest;
	uh->dest = port;
	t->key.tp.src = uh->source;
	t->key.tp.dst = uh->dest;
	return skb;
}

static struct sk_buff *ct_udp(struct kunit *test, u16 sport, bool reply)
{
	return ct_udp_ip(test, false, sport, reply);
}

/*
 * ct() with the attributes build adds, for a UDP flow of that IP version,
 * then output to port out (0: none), checked and copied as installed.
 */
static struct ovs_actions *ct_acts_ip(struct kunit *test,
				      void (*build)(struct kunit *,
						    struct sk_buff *, u16),
				      u16 zone, bool v6, u32 out)
{
	struct axt *t = test->priv;
	struct netlink_ext_ack extack = {};
	struct ovs_actions *acts = NULL;
	struct nlattr *list, *ct;
	struct sk_buff *nl = alloc_skb(1024, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, nl);
	/* The flow's key: ct() needs IP, the helper lookup the protocol. */
	t->key.eth.type = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);
	t->key.ip.proto = IPPROTO_UDP;
	list = ovs_kt_nest(test, nl, OVS_FLOW_ATTR_ACTIONS);
	ct = ovs_kt_nest(test, nl, OVS_ACTION_ATTR_CT);
	build(test, nl, zone);
	ovs_kt_nest_end(test, nl, ct);
	if (out)
		ovs_kt_u32(test, nl, OVS_ACTION_ATTR_OUTPUT, out);
	ovs_kt_nest_end(test, nl, list);
	KUNIT_EXPECT_EQ(test, ovs_actions_copy(&init_net, list, &t->key, &acts,
					       false, &extack), 0);
	KUNIT_EXPECT_NULL(test, extack._msg);
	kfree_skb(nl);
	KUNIT_ASSERT_NOT_NULL(test, acts);
	return acts;
}

static struct ovs_actions *ct_acts(struct kunit *test,
				   void (*build)(struct kunit *, struct sk_buff *,
						 u16),
				   u16 zone)
{
	return ct_acts_ip(test, build, zone, false, 0);
}

static void b_commit(struct kunit *test, struct sk_buff *nl, u16 zone)
{
	u32 mark[2] = { 0x11, 0xff };
	u32 labels[2 * OVS_CT_LABELS_LEN_32] = { 0xa5, 0, 0, 0, 0xff };

	ovs_kt_put(test, nl, OVS_CT_ATTR_COMMIT, NULL, 0);
	ovs_kt_put(test, nl, OVS_CT_ATTR_ZONE, &zone, sizeof(zone));
	ovs_kt_put(test, nl, OVS_CT_ATTR_MARK, mark, sizeof(mark));
	ovs_kt_put(test, nl, OVS_CT_ATTR_LABELS, labels, sizeof(labels));
}

static void b_lookup(struct kunit *test, struct sk_buff *nl, u16 zone)
{
	ovs_kt_put(test, nl, OVS_CT_ATTR_ZONE, &zone, sizeof(zone));
}

static void ovs_ct_exec_commit(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_actions *commit = ct_acts(test, b_commit, 5);
	struct ovs_actions *lookup5 = ct_acts(test, b_lookup, 5);
	struct ovs_actions *lookup6 = ct_acts(test, b_lookup, 6);
	struct sk_buff *skb;

	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3001, false),
					  commit), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_NEW);
	KUNIT_EXPECT_EQ(test, t->key.ct.zone, 5);
	KUNIT_EXPECT_EQ(test, t->key.ct.mark, 0x11U);
	KUNIT_EXPECT_EQ(test, t->key.ct.labels[0], 0xa5);
	KUNIT_EXPECT_EQ(test, t->key.ct.orig_proto, IPPROTO_UDP);
	KUNIT_EXPECT_EQ(test, t->key.ct.orig_src_port, htons(3001));
	KUNIT_EXPECT_EQ(test, t->key.ct.orig.ipv4.src, htonl(0x0a000001));

	/* The reply, in the connection's zone: established, reply. */
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3001, true),
					  lookup5), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_EST_RPL);
	KUNIT_EXPECT_EQ(test, t->key.ct.mark, 0x11U);
	KUNIT_EXPECT_EQ(test, t->key.ct.labels[0], 0xa5);
	/* The original tuple stays the first packet's. */
	KUNIT_EXPECT_EQ(test, t->key.ct.orig_src_port, htons(3001));

	/* The same reply in another zone is a connection of its own. */
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3001, true),
					  lookup6), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_NEW);
	KUNIT_EXPECT_EQ(test, t->key.ct.zone, 6);
	KUNIT_EXPECT_EQ(test, t->key.ct.mark, 0U);

	/* The first direction again, now that a reply was seen. */
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3001, false),
					  lookup5), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state,
			OVS_CS_F_TRACKED | OVS_CS_F_ESTABLISHED);

	/*
	 * An upcall loses skb->_nfct but not the key: the entry is found
	 * again from the key's state and zone, not run through conntrack a
	 * second time, so the key stays as userspace sent it.
	 */
	skb = ct_udp(test, 3001, false);
	t->key.ct.state = OVS_CS_F_TRACKED | OVS_CS_F_ESTABLISHED;
	t->key.ct.zone = 5;
	t->key.ct.mark = 0x99;
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, skb, lookup5), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.mark, 0x99U);

	ovs_actions_free(commit);
	ovs_actions_free(lookup5);
	ovs_actions_free(lookup6);
}

/* Not committed: the next packet is new again, and carries no mark. */
static void ovs_ct_exec_uncommitted(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_actions *lookup = ct_acts(test, b_lookup, 7);

	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3002, false),
					  lookup), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_NEW);
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3002, true),
					  lookup), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_NEW);
	KUNIT_EXPECT_EQ(test, t->key.ct.zone, 7);
	ovs_actions_free(lookup);
}

#define NAT_PORT_MIN	5000
#define NAT_PORT_MAX	5001
/* SNAT's IPv4 address, and DNAT's with its port. */
#define NAT_SRC4	0x0a000064	/* 10.0.0.100 */
#define NAT_DST4	0x0a000032	/* 10.0.0.50 */
#define NAT_DST_PORT	8080

static void put_u16(struct kunit *test, struct sk_buff *nl, int type, u16 v)
{
	ovs_kt_put(test, nl, type, &v, sizeof(v));
}

/* commit in zone, nat(kind) with the port range NAT_PORT_MIN-MAX */
static struct nlattr *b_nat_begin(struct kunit *test, struct sk_buff *nl,
				  u16 zone, int kind)
{
	struct nlattr *nat;

	ovs_kt_put(test, nl, OVS_CT_ATTR_COMMIT, NULL, 0);
	ovs_kt_put(test, nl, OVS_CT_ATTR_ZONE, &zone, sizeof(zone));
	nat = ovs_kt_nest(test, nl, OVS_CT_ATTR_NAT);
	ovs_kt_put(test, nl, kind, NULL, 0);
	return nat;
}

static void b_snat4(struct kunit *test, struct sk_buff *nl, u16 zone)
{
	struct nlattr *nat = b_nat_begin(test, nl, zone, OVS_NAT_ATTR_SRC);

	ovs_kt_u32(test, nl, OVS_NAT_ATTR_IP_MIN, htonl(NAT_SRC4));
	put_u16(test, nl, OVS_NAT_ATTR_PROTO_MIN, NAT_PORT_MIN);
	put_u16(test, nl, OVS_NAT_ATTR_PROTO_MAX, NAT_PORT_MAX);
	ovs_kt_nest_end(test, nl, nat);
}

static const struct in6_addr nat_src6 = {
	.s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [14] = 1, [15] = 0 }
};

static void b_snat6(struct kunit *test, struct sk_buff *nl, u16 zone)
{
	struct nlattr *nat = b_nat_begin(test, nl, zone, OVS_NAT_ATTR_SRC);

	ovs_kt_put(test, nl, OVS_NAT_ATTR_IP_MIN, &nat_src6, sizeof(nat_src6));
	ovs_kt_put(test, nl, OVS_NAT_ATTR_IP_MAX, &nat_src6, sizeof(nat_src6));
	put_u16(test, nl, OVS_NAT_ATTR_PROTO_MIN, NAT_PORT_MIN);
	put_u16(test, nl, OVS_NAT_ATTR_PROTO_MAX, NAT_PORT_MAX);
	ovs_kt_nest_end(test, nl, nat);
}

static void b_dnat4(struct kunit *test, struct sk_buff *nl, u16 zone)
{
	struct nlattr *nat = b_nat_begin(test, nl, zone, OVS_NAT_ATTR_DST);

	ovs_kt_u32(test, nl, OVS_NAT_ATTR_IP_MIN, htonl(NAT_DST4));
	put_u16(test, nl, OVS_NAT_ATTR_PROTO_MIN, NAT_DST_PORT);
	ovs_kt_nest_end(test, nl, nat);
}

static const struct in6_addr nat_dst6 = {
	.s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x50 }
};

static void b_dnat6(struct kunit *test, struct sk_buff *nl, u16 zone)
{
	struct nlattr *nat = b_nat_begin(test, nl, zone, OVS_NAT_ATTR_DST);

	ovs_kt_put(test, nl, OVS_NAT_ATTR_IP_MIN, &nat_dst6, sizeof(nat_dst6));
	put_u16(test, nl, OVS_NAT_ATTR_PROTO_MIN, NAT_DST_PORT);
	ovs_kt_nest_end(test, nl, nat);
}

/*
 * DNAT, then a NAT nest with no SRC or DST: in-tree adds the nests up, so
 * the binding is still the first nest's.
 */
static void b_dnat4_twice(struct kunit *test, struct sk_buff *nl, u16 zone)
{
	b_dnat4(test, nl, zone);
	ovs_kt_nest_end(test, nl, ovs_kt_nest(test, nl, OVS_CT_ATTR_NAT));
}

/* ct(zone, nat): the connections' own bindings, as vswitchd's replies use. */
static void b_nat_lookup(struct kunit *test, struct sk_buff *nl, u16 zone)
{
	ovs_kt_put(test, nl, OVS_CT_ATTR_ZONE, &zone, sizeof(zone));
	ovs_kt_nest_end(test, nl, ovs_kt_nest(test, nl, OVS_CT_ATTR_NAT));
}

/* The frame port 2 sent, its checksums right; its UDP header. */
static struct udphdr *ct_sent_udp(struct kunit *test)
{
	return ovs_axt_check_csums(test, ovs_axt_sent(test, 2), AXT_L3);
}

/*
 * SNAT of two connections into one address and a two-port range: each
 * gets its own port of the range, packet and key say so, and a reply to
 * the translated address and port goes back to the original source.
 */
static void ovs_ct_exec_snat4(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_actions *snat = ct_acts_ip(test, b_snat4, 10, false, 2);
	struct ovs_actions *rev = ct_acts_ip(test, b_nat_lookup, 10, false, 2);
	u16 ports[2];
	int i;

	for (i = 0; i < 2; i++) {
		struct sk_buff *skb;
		struct udphdr *uh;

		KUNIT_ASSERT_EQ(test, ovs_axt_run(test,
						  ct_udp(test, 3100 + i, false),
						  snat), 0);
		KUNIT_EXPECT_EQ(test, t->key.ct.state,
				CT_NEW | OVS_CS_F_SRC_NAT);
		KUNIT_EXPECT_EQ(test, t->key.ipv4.src, htonl(NAT_SRC4));
		KUNIT_EXPECT_EQ(test, t->key.ipv4.dst, htonl(0x0a000002));
		KUNIT_EXPECT_EQ(test, t->key.tp.dst, htons(2000));
		/* The original tuple stays as the packet came. */
		KUNIT_EXPECT_EQ(test, t->key.ct.orig.ipv4.src,
				htonl(0x0a000001));
		KUNIT_EXPECT_EQ(test, t->key.ct.orig_src_port, htons(3100 + i));

		uh = ct_sent_udp(test);
		skb = skb_peek_tail(&t->sent);
		KUNIT_EXPECT_EQ(test, ip_hdr(skb)->saddr, htonl(NAT_SRC4));
		KUNIT_EXPECT_EQ(test, uh->source, t->key.tp.src);
		ports[i] = ntohs(uh->source);
		KUNIT_EXPECT_GE(test, ports[i], NAT_PORT_MIN);
		KUNIT_EXPECT_LE(test, ports[i], NAT_PORT_MAX);
	}
	KUNIT_EXPECT_NE(test, ports[0], ports[1]);

	/* The reply to the second connection's binding, translated back. */
	for (i = 1; i >= 0; i--) {
		struct sk_buff *skb = ct_udp(test, 2000, false);
		struct udphdr *uh = udp_hdr(skb);
		struct iphdr *ip = ip_hdr(skb);

		/* 10.0.0.2:2000 -> 10.0.0.100:port, checksum kept right */
		csum_replace4(&uh->check, ip->saddr, htonl(0x0a000002));
		csum_replace4(&uh->check, ip->daddr, htonl(NAT_SRC4));
		csum_replace2(&uh->check, uh->dest, htons(ports[i]));
		csum_replace4(&ip->check, ip->saddr, htonl(0x0a000002));
		csum_replace4(&ip->check, ip->daddr, htonl(NAT_SRC4));
		ip->saddr = htonl(0x0a000002);
		ip->daddr = htonl(NAT_SRC4);
		uh->dest = htons(ports[i]);
		t->key.ipv4.src = ip->saddr;
		t->key.ipv4.dst = ip->daddr;
		t->key.tp.dst = uh->dest;

		KUNIT_ASSERT_EQ(test, ovs_axt_run(test, skb, rev), 0);
		KUNIT_EXPECT_EQ(test, t->key.ct.state,
				CT_EST_RPL | OVS_CS_F_DST_NAT);
		KUNIT_EXPECT_EQ(test, t->key.ipv4.dst, htonl(0x0a000001));
		KUNIT_EXPECT_EQ(test, t->key.tp.dst, htons(3100 + i));
		KUNIT_EXPECT_EQ(test, t->key.ipv4.src, htonl(0x0a000002));

		uh = ct_sent_udp(test);
		skb = skb_peek_tail(&t->sent);
		KUNIT_EXPECT_EQ(test, ip_hdr(skb)->daddr, htonl(0x0a000001));
		KUNIT_EXPECT_EQ(test, uh->dest, htons(3100 + i));
		KUNIT_EXPECT_EQ(test, uh->source, htons(2000));
	}
	ovs_actions_free(snat);
	ovs_actions_free(rev);
}

/* The same for IPv6, with an address range of one. */
static void ovs_ct_exec_snat6(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_actions *snat = ct_acts_ip(test, b_snat6, 11, true, 2);
	struct ovs_actions *rev = ct_acts_ip(test, b_nat_lookup, 11, true, 2);
	struct in6_addr peer, orig;
	struct ipv6hdr *ip6;
	struct sk_buff *skb;
	struct udphdr *uh;
	u16 port;

	skb = ct_udp_ip(test, true, 3200, false);
	orig = ipv6_hdr(skb)->saddr;
	peer = ipv6_hdr(skb)->daddr;
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, skb, snat), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_NEW | OVS_CS_F_SRC_NAT);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&t->key.ipv6.src, &nat_src6));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&t->key.ct.orig.ipv6.src,
						&orig));
	uh = ct_sent_udp(test);
	skb = skb_peek_tail(&t->sent);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ipv6_hdr(skb)->saddr,
						&nat_src6));
	port = ntohs(uh->source);
	KUNIT_EXPECT_GE(test, port, NAT_PORT_MIN);
	KUNIT_EXPECT_LE(test, port, NAT_PORT_MAX);
	KUNIT_EXPECT_EQ(test, t->key.tp.src, uh->source);

	/* peer:2000 -> nat_src6:port, the checksum kept right */
	skb = ct_udp_ip(test, true, 2000, false);
	ip6 = ipv6_hdr(skb);
	uh = udp_hdr(skb);
	inet_proto_csum_replace16(&uh->check, skb, ip6->saddr.s6_addr32,
				  peer.s6_addr32, true);
	inet_proto_csum_replace16(&uh->check, skb, ip6->daddr.s6_addr32,
				  nat_src6.s6_addr32, true);
	csum_replace2(&uh->check, uh->dest, htons(port));
	ip6->saddr = peer;
	ip6->daddr = nat_src6;
	uh->dest = htons(port);
	t->key.ipv6.src = peer;
	t->key.ipv6.dst = nat_src6;
	t->key.tp.dst = uh->dest;
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, skb, rev), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_EST_RPL | OVS_CS_F_DST_NAT);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&t->key.ipv6.dst, &orig));
	KUNIT_EXPECT_EQ(test, t->key.tp.dst, htons(3200));
	uh = ct_sent_udp(test);
	skb = skb_peek_tail(&t->sent);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ipv6_hdr(skb)->daddr, &orig));
	KUNIT_EXPECT_EQ(test, uh->dest, htons(3200));

	ovs_actions_free(snat);
	ovs_actions_free(rev);
}

/*
 * DNAT to one address and port.  As in-tree, the original direction also
 * reads SNAT: the source side gets its identity binding then.  The reply
 * leaves with the address and port the client sent to.
 */
static void ovs_ct_exec_dnat4(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_actions *dnat = ct_acts_ip(test, b_dnat4, 12, false, 2);
	struct ovs_actions *rev = ct_acts_ip(test, b_nat_lookup, 12, false, 2);
	struct sk_buff *skb;
	struct udphdr *uh;
	struct iphdr *ip;

	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3300, false),
					  dnat), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state,
			CT_NEW | OVS_CS_F_DST_NAT | OVS_CS_F_SRC_NAT);
	KUNIT_EXPECT_EQ(test, t->key.ipv4.dst, htonl(NAT_DST4));
	KUNIT_EXPECT_EQ(test, t->key.tp.dst, htons(NAT_DST_PORT));
	KUNIT_EXPECT_EQ(test, t->key.ipv4.src, htonl(0x0a000001));
	KUNIT_EXPECT_EQ(test, t->key.tp.src, htons(3300));
	uh = ct_sent_udp(test);
	skb = skb_peek_tail(&t->sent);
	KUNIT_EXPECT_EQ(test, ip_hdr(skb)->daddr, htonl(NAT_DST4));
	KUNIT_EXPECT_EQ(test, uh->dest, htons(NAT_DST_PORT));

	/* 10.0.0.50:8080 -> 10.0.0.1:3300 */
	skb = ct_udp(test, 3300, true);
	ip = ip_hdr(skb);
	uh = udp_hdr(skb);
	csum_replace4(&uh->check, ip->saddr, htonl(NAT_DST4));
	csum_replace2(&uh->check, uh->source, htons(NAT_DST_PORT));
	csum_replace4(&ip->check, ip->saddr, htonl(NAT_DST4));
	ip->saddr = htonl(NAT_DST4);
	uh->source = htons(NAT_DST_PORT);
	t->key.ipv4.src = ip->saddr;
	t->key.tp.src = uh->source;
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, skb, rev), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_EST_RPL | OVS_CS_F_SRC_NAT);
	KUNIT_EXPECT_EQ(test, t->key.ipv4.src, htonl(0x0a000002));
	KUNIT_EXPECT_EQ(test, t->key.tp.src, htons(2000));
	uh = ct_sent_udp(test);
	skb = skb_peek_tail(&t->sent);
	KUNIT_EXPECT_EQ(test, ip_hdr(skb)->saddr, htonl(0x0a000002));
	KUNIT_EXPECT_EQ(test, uh->source, htons(2000));

	ovs_actions_free(dnat);
	ovs_actions_free(rev);
}

/*
 * DNAT over IPv6 to one address and port; the reply leaves with the
 * address and port the client sent to.
 */
static void ovs_ct_exec_dnat6(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_actions *dnat = ct_acts_ip(test, b_dnat6, 16, true, 2);
	struct ovs_actions *rev = ct_acts_ip(test, b_nat_lookup, 16, true, 2);
	struct in6_addr client, server;
	struct ipv6hdr *ip6;
	struct sk_buff *skb;
	struct udphdr *uh;

	skb = ct_udp_ip(test, true, 3500, false);
	client = ipv6_hdr(skb)->saddr;
	server = ipv6_hdr(skb)->daddr;
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, skb, dnat), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state,
			CT_NEW | OVS_CS_F_DST_NAT | OVS_CS_F_SRC_NAT);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&t->key.ipv6.dst, &nat_dst6));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&t->key.ct.orig.ipv6.dst,
						&server));
	KUNIT_EXPECT_EQ(test, t->key.tp.dst, htons(NAT_DST_PORT));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&t->key.ipv6.src, &client));
	uh = ct_sent_udp(test);
	skb = skb_peek_tail(&t->sent);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ipv6_hdr(skb)->daddr,
						&nat_dst6));
	KUNIT_EXPECT_EQ(test, uh->dest, htons(NAT_DST_PORT));

	/* [nat_dst6]:8080 -> client:3500, the checksum kept right */
	skb = ct_udp_ip(test, true, 3500, true);
	ip6 = ipv6_hdr(skb);
	uh = udp_hdr(skb);
	inet_proto_csum_replace16(&uh->check, skb, ip6->saddr.s6_addr32,
				  nat_dst6.s6_addr32, true);
	csum_replace2(&uh->check, uh->source, htons(NAT_DST_PORT));
	ip6->saddr = nat_dst6;
	uh->source = htons(NAT_DST_PORT);
	t->key.ipv6.src = nat_dst6;
	t->key.tp.src = uh->source;
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, skb, rev), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_EST_RPL | OVS_CS_F_SRC_NAT);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&t->key.ipv6.src, &server));
	KUNIT_EXPECT_EQ(test, t->key.tp.src, htons(2000));
	uh = ct_sent_udp(test);
	skb = skb_peek_tail(&t->sent);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ipv6_hdr(skb)->saddr,
						&server));
	KUNIT_EXPECT_EQ(test, uh->source, htons(2000));

	ovs_actions_free(dnat);
	ovs_actions_free(rev);
}

/*
 * Two NAT nests in one ct(): the second, with no SRC or DST, adds to the
 * first's DNAT instead of replacing it, as in-tree.
 */
static void ovs_ct_exec_nat_nests(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_actions *dnat = ct_acts_ip(test, b_dnat4_twice, 17, false,
					      2);
	struct udphdr *uh;

	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3600, false),
					  dnat), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state,
			CT_NEW | OVS_CS_F_DST_NAT | OVS_CS_F_SRC_NAT);
	KUNIT_EXPECT_EQ(test, t->key.ipv4.dst, htonl(NAT_DST4));
	uh = ct_sent_udp(test);
	KUNIT_EXPECT_EQ(test, ip_hdr(skb_peek_tail(&t->sent))->daddr,
			htonl(NAT_DST4));
	KUNIT_EXPECT_EQ(test, uh->dest, htons(NAT_DST_PORT));
	ovs_actions_free(dnat);
}

/*
 * A connection committed without NAT is left alone by ct(nat): its
 * packets and key keep their addresses, no NAT bit.
 */
static void ovs_ct_exec_nat_none(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_actions *commit = ct_acts(test, b_commit, 13);
	struct ovs_actions *nat = ct_acts_ip(test, b_nat_lookup, 13, false, 2);
	struct udphdr *uh;

	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3400, false),
					  commit), 0);
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3400, true),
					  nat), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state, CT_EST_RPL);
	KUNIT_EXPECT_EQ(test, t->key.ipv4.dst, htonl(0x0a000001));
	uh = ct_sent_udp(test);
	KUNIT_EXPECT_EQ(test, ip_hdr(skb_peek_tail(&t->sent))->daddr,
			htonl(0x0a000001));
	KUNIT_EXPECT_EQ(test, uh->dest, htons(3400));
	ovs_actions_free(commit);
	ovs_actions_free(nat);
}

/*
 * A port unreachable from 10.0.0.2 about the UDP datagram it got from
 * to:tport (10.0.0.2:2000 its destination), with every checksum right.
 */
static struct sk_buff *ct_unreach(struct kunit *test, __be32 to, u16 tport)
{
	unsigned int len = 2 * (sizeof(struct iphdr) + 8);
	struct axt *t = test->priv;
	struct sk_buff *skb = alloc_skb(64 + ETH_HLEN + len, GFP_KERNEL);
	struct iphdr *ip, *in;
	struct icmphdr *ic;
	struct udphdr *uh;
	struct ethhdr *eth;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 64);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, ovs_axt_dst_mac);
	ether_addr_copy(eth->h_source, ovs_axt_src_mac);
	eth->h_proto = htons(ETH_P_IP);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + sizeof(*ip));
	skb->protocol = htons(ETH_P_IP);
	skb->mac_len = ETH_HLEN;
	skb->dev = t->dev[0];

	ip = skb_put_zero(skb, len);
	ic = (struct icmphdr *)(ip + 1);
	in = (struct iphdr *)(ic + 1);
	uh = (struct udphdr *)(in + 1);
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(len);
	ip->ttl = 64;
	ip->protocol = IPPROTO_ICMP;
	ip->saddr = htonl(0x0a000002);
	ip->daddr = to;
	ip->check = ip_fast_csum(ip, ip->ihl);
	*in = *ip;
	in->protocol = IPPROTO_UDP;
	in->tot_len = htons(sizeof(*in) + sizeof(*uh) + 16);
	in->saddr = to;
	in->daddr = htonl(0x0a000002);
	in->check = 0;
	in->check = ip_fast_csum(in, in->ihl);
	uh->source = htons(tport);
	uh->dest = htons(2000);
	uh->len = htons(sizeof(*uh) + 16);
	ic->type = ICMP_DEST_UNREACH;
	ic->code = ICMP_PORT_UNREACH;
	ic->checksum = ip_compute_csum(ic, len - sizeof(*ip));

	memset(&t->key, 0, sizeof(t->key));
	t->key.mac_proto = OVS_MAC_PROTO_ETHERNET;
	ether_addr_copy(t->key.eth.src, ovs_axt_src_mac);
	ether_addr_copy(t->key.eth.dst, ovs_axt_dst_mac);
	t->key.eth.type = htons(ETH_P_IP);
	t->key.ip.proto = IPPROTO_ICMP;
	t->key.ip.ttl = 64;
	t->key.ipv4.src = ip->saddr;
	t->key.ipv4.dst = ip->daddr;
	t->key.tp.src = htons(ICMP_DEST_UNREACH);
	t->key.tp.dst = htons(ICMP_PORT_UNREACH);
	return skb;
}

/*
 * An ICMP error about a SNATed connection is related and translated back,
 * outer destination and embedded source both; one about no connection
 * is invalid and left as it is.
 */
static void ovs_ct_exec_snat4_icmp(struct kunit *test)
{
	struct axt *t = test->priv;
	struct ovs_actions *snat = ct_acts_ip(test, b_snat4, 14, false, 2);
	struct ovs_actions *rev = ct_acts_ip(test, b_nat_lookup, 14, false, 2);
	struct iphdr *ip, *in;
	struct sk_buff *skb;
	struct udphdr *uh;
	u16 port;

	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_udp(test, 3500, false),
					  snat), 0);
	uh = ct_sent_udp(test);
	port = ntohs(uh->source);

	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_unreach(test,
							   htonl(NAT_SRC4),
							   port), rev), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state,
			OVS_CS_F_TRACKED | OVS_CS_F_RELATED |
			OVS_CS_F_REPLY_DIR | OVS_CS_F_DST_NAT);
	KUNIT_EXPECT_EQ(test, t->key.ipv4.dst, htonl(0x0a000001));
	skb = ovs_axt_sent(test, 2);
	ip = (struct iphdr *)(skb->data + AXT_L3);
	KUNIT_EXPECT_EQ(test, (__force u16)ip_fast_csum(ip, ip->ihl), 0);
	KUNIT_EXPECT_EQ(test, ip->daddr, htonl(0x0a000001));
	KUNIT_EXPECT_EQ(test, (__force u16)ip_compute_csum(ip + 1,
							   ntohs(ip->tot_len) -
							   sizeof(*ip)), 0);
	in = (struct iphdr *)((u8 *)(ip + 1) + sizeof(struct icmphdr));
	KUNIT_EXPECT_EQ(test, in->saddr, htonl(0x0a000001));
	KUNIT_EXPECT_EQ(test, ((struct udphdr *)(in + 1))->source,
			htons(3500));

	/* About a port nothing was bound to: no connection, not translated. */
	KUNIT_ASSERT_EQ(test, ovs_axt_run(test, ct_unreach(test,
							   htonl(NAT_SRC4),
							   port == NAT_PORT_MIN ?
							   NAT_PORT_MAX :
							   NAT_PORT_MIN), rev), 0);
	KUNIT_EXPECT_EQ(test, t->key.ct.state,
			OVS_CS_F_TRACKED | OVS_CS_F_INVALID);
	KUNIT_EXPECT_EQ(test, t->key.ipv4.dst, htonl(NAT_SRC4));
	skb = ovs_axt_sent(test, 2);
	ip = (struct iphdr *)(skb->data + AXT_L3);
	KUNIT_EXPECT_EQ(test, ip->daddr, htonl(NAT_SRC4));

	ovs_actions_free(snat);
	ovs_actions_free(rev);
}

static struct kunit_case ovs_ct_exec_cases[] = {
	KUNIT_CASE(ovs_ct_exec_commit),
	KUNIT_CASE(ovs_ct_exec_uncommitted),
	KUNIT_CASE(ovs_ct_exec_snat4),
	KUNIT_CASE(ovs_ct_exec_snat6),
	KUNIT_CASE(ovs_ct_exec_dnat4),
	KUNIT_CASE(ovs_ct_exec_dnat6),
	KUNIT_CASE(ovs_ct_exec_nat_nests),
	KUNIT_CASE(ovs_ct_exec_nat_none),
	KUNIT_CASE(ovs_ct_exec_snat4_icmp),
	{}
};

static struct kunit_suite ovs_ct_exec_suite = {
	.name = "ovs_ct_exec",
	.init = ovs_axt_init,
	.exit = ovs_axt_exit,
	.test_cases = ovs_ct_exec_cases,
};

kunit_test_suite(ovs_ct_exec_suite);
