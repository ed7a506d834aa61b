// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ovs_packet family both ways, as a netlink socket sees it: upcalls
 * (datapath/upcall.c) received on a real generic netlink socket, and
 * OVS_PACKET_CMD_EXECUTE (datapath/genl_packet.c) on a datapath made as
 * OVS_DP_CMD_NEW makes it, with its internal local port.
 *
 *  - a UFO packet goes up as IP fragments, and only the first one has the
 *    key of a first fragment;
 *  - a packet too big for a netlink attribute is refused with EFBIG and
 *    counted lost, instead of going up with a wrapped length;
 *  - a packet that reaches an upcall while its datapath is being deleted
 *    (local port already unlinked, its device not yet gone) is counted
 *    lost, and nothing dereferences the missing local port;
 *  - an executed packet leaves with the mark and priority of its key.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "actions_exec_kunit.h"
#include "flow_key_pkts_kunit.h"
#include "genl.h"
#include "upcall.h"

/* What OVS_PACKET_ATTR_PACKET can carry: its nla_len is 16 bits. */
#define PKT_MAX_LEN	(U16_MAX - NLA_HDRLEN)

/* The netlink socket upcalls are sent to, as a handler thread's would be. */
static struct socket *pkt_sock;
static u32 pkt_portid;
/* Messages the test took off it: freed before the socket they count on. */
static struct sk_buff_head pkt_msgs;

static int pkt_sock_open(struct kunit *test)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	int err;

	skb_queue_head_init(&pkt_msgs);
	err = sock_create_kern(&init_net, AF_NETLINK, SOCK_RAW,
			       NETLINK_GENERIC, &pkt_sock);
	KUNIT_ASSERT_EQ(test, err, 0);
	/* nl_pid 0: the kernel picks a free port id. */
	err = kernel_bind(pkt_sock, (struct sockaddr *)&addr, sizeof(addr));
	KUNIT_ASSERT_EQ(test, err, 0);
	err = kernel_getsockname(pkt_sock, (struct sockaddr *)&addr);
	KUNIT_ASSERT_GE(test, err, 0);
	pkt_portid = addr.nl_pid;
	KUNIT_ASSERT_NE(test, pkt_portid, 0U);
	return 0;
}

static void pkt_sock_close(void)
{
	skb_queue_purge(&pkt_msgs);
	if (pkt_sock)
		sock_release(pkt_sock);
	pkt_sock = NULL;
	pkt_portid = 0;
}

/* The next message queued on the socket, or NULL; freed with the test. */
static struct sk_buff *pkt_recv(struct kunit *test)
{
	struct sk_buff *msg;
	int err;

	msg = skb_recv_datagram(pkt_sock->sk, MSG_DONTWAIT, &err);
	if (msg)
		skb_queue_tail(&pkt_msgs, msg);
	return msg;
}

static unsigned int pkt_queued(void)
{
	return skb_queue_len(&pkt_sock->sk->sk_receive_queue);
}

/* An upcall message's attributes, after checking its headers. */
static void pkt_parse(struct kunit *test, struct sk_buff *msg, u8 cmd,
		      int dp_ifindex, struct nlattr **a)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	const struct genlmsghdr *gnlh;
	const struct ovs_header *oh;

	KUNIT_ASSERT_TRUE(test, nlmsg_ok(nlh, msg->len));
	KUNIT_ASSERT_EQ(test, nlh->nlmsg_type, ovs_packet_genl_family.id);
	gnlh = nlmsg_data(nlh);
	KUNIT_EXPECT_EQ(test, gnlh->cmd, cmd);
	oh = genlmsg_data(gnlh);
	KUNIT_EXPECT_EQ(test, oh->dp_ifindex, dp_ifindex);
	KUNIT_ASSERT_EQ(test, nlmsg_parse_deprecated(nlh, GENL_HDRLEN + sizeof(*oh),
						     a, OVS_PACKET_ATTR_MAX,
						     NULL, NULL), 0);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_PACKET_ATTR_PACKET]);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_PACKET_ATTR_KEY]);
}

static u64 pkt_lost(const struct ovs_dp *dp)
{
	struct ovs_dp_megaflow_stats mega;
	struct ovs_dp_stats stats;

	ovs_dp_stats_read(dp, &stats, &mega);
	return stats.n_lost;
}

/* Suite ovs_packet_upcall: ovs_dp_upcall() on the action suites' datapath. */

static int pkt_upcall_init(struct kunit *test)
{
	ovs_axt_init(test);
	return pkt_sock_open(test);
}

static void pkt_upcall_exit(struct kunit *test)
{
	pkt_sock_close();
	ovs_axt_exit(test);
}

/* A miss upcall of skb, as the packet path raises it. */
static int pkt_upcall(struct kunit *test, struct sk_buff *skb,
		      const struct ovs_key *key, u32 cutlen)
{
	struct axt *t = test->priv;
	struct ovs_upcall_info info = {
		.cmd = OVS_PACKET_CMD_MISS,
		.portid = pkt_portid,
	};
	int err;

	OVS_CB(skb)->input_vport = t->vport[0];
	local_bh_disable();
	rcu_read_lock();
	err = ovs_dp_upcall(t->dp, skb, key, &info, cutlen);
	rcu_read_unlock();
	local_bh_enable();
	return err;
}

/* A UDP frame of len bytes (Ethernet header included); freed with the test. */
static struct sk_buff *pkt_udp_frame(struct kunit *test, u16 ethertype,
				     unsigned int len)
{
	unsigned int l3 = ethertype == ETH_P_IP ? sizeof(struct iphdr) :
						  sizeof(struct ipv6hdr);
	const struct ovs_axt_pkt p = {
		.ethertype = ethertype,
		.proto = IPPROTO_UDP,
		.payload = len - ETH_HLEN - l3 - sizeof(struct udphdr),
	};
	struct axt *t = test->priv;
	struct sk_buff *skb = ovs_axt_packet(test, &p);

	skb_queue_tail(&t->sent, skb);
	KUNIT_ASSERT_EQ(test, skb->len, len);
	return skb;
}

static void pkt_extract(struct kunit *test, struct sk_buff *skb,
			struct ovs_key *key)
{
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(skb, 1,
						   OVS_MAC_PROTO_ETHERNET,
						   key), 0);
}

/* The fragment type in an upcall's key, and whether it has ports. */
static u8 pkt_key_frag(struct kunit *test, const struct nlattr *key,
		       bool v6, bool *ports)
{
	const struct nlattr *a;

	*ports = nla_find_nested(key, OVS_KEY_ATTR_UDP);
	a = nla_find_nested(key, v6 ? OVS_KEY_ATTR_IPV6 : OVS_KEY_ATTR_IPV4);
	KUNIT_ASSERT_NOT_NULL(test, a);
	if (v6) {
		KUNIT_ASSERT_EQ(test, nla_len(a), (int)sizeof(struct ovs_key_ipv6));
		return ((const struct ovs_key_ipv6 *)nla_data(a))->ipv6_frag;
	}
	KUNIT_ASSERT_EQ(test, nla_len(a), (int)sizeof(struct ovs_key_ipv4));
	return ((const struct ovs_key_ipv4 *)nla_data(a))->ipv4_frag;
}

/* Whether the IP packet in an upcall is a fragment at a nonzero offset. */
static bool pkt_is_later_frag(struct kunit *test, const struct nlattr *packet,
			      bool v6)
{
	const u8 *l3 = (const u8 *)nla_data(packet) + ETH_HLEN;
	const struct frag_hdr *fh;

	if (!v6)
		return !!(((const struct iphdr *)l3)->frag_off & htons(IP_OFFSET));
	/* UFO puts the fragment header right after the fixed header. */
	KUNIT_ASSERT_EQ(test, ((const struct ipv6hdr *)l3)->nexthdr,
			NEXTHDR_FRAGMENT);
	fh = (const struct frag_hdr *)(l3 + sizeof(struct ipv6hdr));
	return !!(fh->frag_off & htons(IP6_OFFSET));
}

static const u16 pkt_ufo_families[] = { ETH_P_IP, ETH_P_IPV6 };

static void pkt_family_desc(const u16 *ethertype, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s",
		 *ethertype == ETH_P_IP ? "IPv4" : "IPv6");
}

KUNIT_ARRAY_PARAM(pkt_ufo, pkt_ufo_families, pkt_family_desc);

/*
 * A UDP datagram a guest handed over whole (UFO, SKB_GSO_UDP) goes up as
 * the IP fragments it will leave as.  Its key, extracted before
 * segmentation, is a first fragment's; the later fragments have no UDP
 * header, and their upcalls must say so, as the in-tree datapath's do, or
 * userspace installs a flow for them that matches ports they lack.
 */
static void pkt_ufo_later_frags(struct kunit *test)
{
	const u16 ethertype = *(const u16 *)test->param_value;
	const bool v6 = ethertype == ETH_P_IPV6;
	struct axt *t = test->priv;
	struct nlattr *a[OVS_PACKET_ATTR_MAX + 1];
	struct sk_buff *skb, *msg;
	struct ovs_key key;
	bool ports, later;
	unsigned int n;

	/* 3000 bytes of UDP in three fragments of 1000. */
	skb = pkt_udp_frame(test, ethertype, AXT_L3 + (v6 ? 40 : 20) + 3000);
	skb_shinfo(skb)->gso_type = SKB_GSO_UDP;
	skb_shinfo(skb)->gso_size = 1000;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct udphdr, check);
	pkt_extract(test, skb, &key);
	KUNIT_ASSERT_EQ(test, key.ip.frag, OVS_FRAG_TYPE_FIRST);

	KUNIT_ASSERT_EQ(test, pkt_upcall(test, skb, &key, 0), 0);
	KUNIT_EXPECT_EQ(test, pkt_lost(t->dp), 0ULL);
	KUNIT_ASSERT_EQ(test, pkt_queued(), 3U);

	for (n = 0; n < 3; n++) {
		msg = pkt_recv(test);
		KUNIT_ASSERT_NOT_NULL(test, msg);
		pkt_parse(test, msg, OVS_PACKET_CMD_MISS, t->dev[0]->ifindex, a);
		later = pkt_is_later_frag(test, a[OVS_PACKET_ATTR_PACKET], v6);
		KUNIT_EXPECT_EQ_MSG(test, later, n > 0, "segment %u", n);
		KUNIT_EXPECT_EQ_MSG(test, pkt_key_frag(test, a[OVS_PACKET_ATTR_KEY],
						       v6, &ports),
				    n ? OVS_FRAG_TYPE_LATER : OVS_FRAG_TYPE_FIRST,
				    "segment %u", n);
		KUNIT_EXPECT_EQ_MSG(test, ports, n == 0, "segment %u", n);
	}
}

/* Other GSO packets keep one key for every segment. */
static void pkt_tso_same_key(struct kunit *test)
{
	const struct ovs_axt_pkt p = { ETH_P_IP, IPPROTO_TCP, false, 3000 };
	struct nlattr *a[OVS_PACKET_ATTR_MAX + 1];
	struct axt *t = test->priv;
	struct sk_buff *skb, *msg;
	struct ovs_key key;
	unsigned int n;
	bool ports;

	skb = ovs_axt_packet(test, &p);
	skb_queue_tail(&t->sent, skb);
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb_shinfo(skb)->gso_size = 1000;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct tcphdr, check);
	pkt_extract(test, skb, &key);
	KUNIT_ASSERT_EQ(test, key.ip.frag, OVS_FRAG_TYPE_NONE);

	KUNIT_ASSERT_EQ(test, pkt_upcall(test, skb, &key, 0), 0);
	KUNIT_ASSERT_EQ(test, pkt_queued(), 3U);
	for (n = 0; n < 3; n++) {
		msg = pkt_recv(test);
		KUNIT_ASSERT_NOT_NULL(test, msg);
		pkt_parse(test, msg, OVS_PACKET_CMD_MISS, t->dev[0]->ifindex, a);
		KUNIT_EXPECT_EQ(test, pkt_key_frag(test, a[OVS_PACKET_ATTR_KEY],
						   false, &ports),
				OVS_FRAG_TYPE_NONE);
		KUNIT_EXPECT_TRUE(test, nla_find_nested(a[OVS_PACKET_ATTR_KEY],
							OVS_KEY_ATTR_TCP));
	}
}

/*
 * OVS_PACKET_ATTR_PACKET has a 16-bit length: a bigger packet (a 64 KiB
 * frame sent on an internal port, whose MTU goes up to 65535) would go
 * up with its length wrapped, and userspace would read the key of the
 * next attribute out of the packet.  It is refused and counted lost, as
 * in-tree; one that fits only after a trunc action cut it still goes.
 */
static void pkt_too_big(struct kunit *test)
{
	const unsigned int len = ETH_HLEN + U16_MAX;
	struct nlattr *a[OVS_PACKET_ATTR_MAX + 1];
	struct axt *t = test->priv;
	struct sk_buff *skb, *msg;
	struct ovs_key key;

	skb = pkt_udp_frame(test, ETH_P_IP, len);
	pkt_extract(test, skb, &key);

	KUNIT_EXPECT_EQ(test, pkt_upcall(test, skb, &key, 0), -EFBIG);
	KUNIT_EXPECT_EQ(test, pkt_lost(t->dp), 1ULL);
	KUNIT_EXPECT_EQ(test, pkt_queued(), 0U);

	/* cutlen is the length a trunc action keeps. */
	KUNIT_EXPECT_EQ(test, pkt_upcall(test, skb, &key, PKT_MAX_LEN + 1),
			-EFBIG);
	KUNIT_EXPECT_EQ(test, pkt_lost(t->dp), 2ULL);
	KUNIT_EXPECT_EQ(test, pkt_queued(), 0U);

	/* The largest that fits. */
	KUNIT_ASSERT_EQ(test, pkt_upcall(test, skb, &key, PKT_MAX_LEN), 0);
	KUNIT_EXPECT_EQ(test, pkt_lost(t->dp), 2ULL);
	msg = pkt_recv(test);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	pkt_parse(test, msg, OVS_PACKET_CMD_MISS, t->dev[0]->ifindex, a);
	KUNIT_EXPECT_EQ(test, nla_len(a[OVS_PACKET_ATTR_PACKET]), (int)PKT_MAX_LEN);
	KUNIT_EXPECT_EQ(test, memcmp(nla_data(a[OVS_PACKET_ATTR_PACKET]),
				     skb->data, PKT_MAX_LEN), 0);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_PACKET_ATTR_LEN]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(a[OVS_PACKET_ATTR_LEN]), len);
	KUNIT_EXPECT_EQ(test, pkt_queued(), 0U);
}

static struct kunit_case pkt_upcall_cases[] = {
	KUNIT_CASE_PARAM(pkt_ufo_later_frags, pkt_ufo_gen_params),
	KUNIT_CASE(pkt_tso_same_key),
	KUNIT_CASE(pkt_too_big),
	{}
};

static struct kunit_suite pkt_upcall_suite = {
	.name = "ovs_packet_upcall",
	.init = pkt_upcall_init,
	.exit = pkt_upcall_exit,
	.test_cases = pkt_upcall_cases,
};

/*
 * Suite ovs_packet_live: a datapath as OVS_DP_CMD_NEW makes it (its local
 * port an internal device, the datapath in its namespace's list), plus a
 * port 1 that keeps what the datapath sends it.
 */

#define PKT_DP		"ovskt-pkt"
#define PKT_MARK	0xcafe
#define PKT_PRIORITY	0x10007

struct pkt_live {
	struct ovs_dp *dp;		/* NULL once the test destroyed it */
	struct ovs_vport *local;
	struct net_device *port1_dev;	/* never registered: no traffic */
	struct ovs_vport *port1;
	struct completion destroyed;
};

/* What port 1 was given to send. */
static struct sk_buff_head pkt_port1_sent;

static void pkt_port1_send(struct ovs_vport *vport, struct sk_buff *skb)
{
	skb_queue_tail(&pkt_port1_sent, skb);
}

static const struct ovs_vport_ops pkt_port1_ops = {
	.type = OVS_VPORT_TYPE_NETDEV,
	.send = pkt_port1_send,
};

static void pkt_port1_setup(struct net_device *dev)
{
	ether_setup(dev);
}

static int pkt_live_init(struct kunit *test)
{
	struct ovs_net *ovs_net = net_generic(&init_net, ovs_net_id);
	struct ovs_vport_parms parms = {
		.name = PKT_DP,
		.type = OVS_VPORT_TYPE_INTERNAL,
		.port_no = OVSP_LOCAL,
	};
	struct ovs_vport *local = NULL;
	struct pkt_live *l;

	l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, l);
	test->priv = l;
	skb_queue_head_init(&pkt_port1_sent);
	init_completion(&l->destroyed);

	ovs_lock();
	l->dp = ovs_dp_alloc(&init_net);
	if (l->dp) {
		parms.dp = l->dp;
		local = ovs_vport_add(&parms);
		if (IS_ERR(local)) {
			ovs_dp_free(l->dp);
			l->dp = NULL;
		} else {
			list_add_tail_rcu(&l->dp->node, &ovs_net->dps);
			l->local = local;
		}
	}
	ovs_unlock();
	KUNIT_ASSERT_NOT_NULL(test, l->dp);
	return pkt_sock_open(test);
}

/* Port 1: its own ops, so ovs_dp_destroy() must never see it. */
static void pkt_live_add_port1(struct kunit *test)
{
	struct pkt_live *l = test->priv;
	struct ovs_vport_parms parms = { .dp = l->dp, .port_no = 1 };
	struct ovs_vport *vport;

	l->port1_dev = alloc_netdev(0, "ovskt-p1", NET_NAME_USER,
				    pkt_port1_setup);
	KUNIT_ASSERT_NOT_NULL(test, l->port1_dev);
	vport = ovs_vport_alloc(&pkt_port1_ops, &parms);
	KUNIT_ASSERT_FALSE(test, IS_ERR(vport));
	vport->dev = l->port1_dev;
	ovs_lock();
	hlist_add_head_rcu(&vport->dp_node, ovs_dp_bucket(l->dp, 1));
	ovs_unlock();
	l->port1 = vport;
}

static void pkt_live_exit(struct kunit *test)
{
	struct pkt_live *l = test->priv;

	pkt_sock_close();
	if (!l)
		return;
	if (l->port1) {
		ovs_lock();
		hlist_del_init_rcu(&l->port1->dp_node);
		ovs_unlock();
		synchronize_rcu();
		ovs_vport_free(l->port1);
	}
	if (l->dp) {
		ovs_lock();
		ovs_dp_destroy(l->dp);
		ovs_unlock();
	}
	if (l->port1_dev)
		free_netdev(l->port1_dev);
	skb_queue_purge(&pkt_port1_sent);
	/* The local port's device and vport go in RCU callbacks. */
	rcu_barrier();
}

static int pkt_destroy_thread(void *arg)
{
	struct pkt_live *l = arg;

	ovs_lock();
	ovs_dp_destroy(l->dp);
	ovs_unlock();
	complete(&l->destroyed);
	return 0;
}

static const struct ovs_actions *pkt_userspace_acts(struct kunit *test,
						    u32 pid)
{
	const int len = nla_total_size(nla_total_size(sizeof(u32)));
	struct ovs_actions *acts;
	struct nlattr *up, *a;

	acts = kunit_kzalloc(test, sizeof(*acts) + len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, acts);
	up = acts->actions;
	up->nla_type = OVS_ACTION_ATTR_USERSPACE;
	up->nla_len = nla_attr_size(nla_total_size(sizeof(u32)));
	a = nla_data(up);
	a->nla_type = OVS_USERSPACE_ATTR_PID;
	a->nla_len = nla_attr_size(sizeof(u32));
	*(u32 *)nla_data(a) = pid;
	acts->len = len;
	acts->orig_len = len;
	return acts;
}

/*
 * Deleting a datapath unlinks its local port, then waits for rtnl to
 * unregister the port's device; until then the device still leads to the
 * datapath.  A frame the host sends on that device in between misses (the
 * table is still there) and its upcall finds no local port to name the
 * datapath by; so does a userspace action on a packet executed with
 * in_port 0 that looked its port up just before.  Neither could serve
 * a userspace that is deleting the datapath: both are refused and counted
 * lost, as in-tree, whose upcall gives up (ENODEV) on a dp_ifindex of 0.
 *
 * The test holds rtnl to keep the deletion in that window, and sends
 * from there.
 */
static void pkt_upcall_while_deleted(struct kunit *test)
{
	struct pkt_live *l = test->priv;
	struct ovs_vport *local = l->local;
	struct net_device *dev = local->dev;
	struct sk_buff *skb, *skb2;
	struct ovs_portids *pids;
	struct task_struct *task;
	u64 lost = 0, missed = 0;
	struct ovs_dp_megaflow_stats mega;
	struct ovs_dp_stats stats;
	const struct ovs_actions *acts;
	struct ovs_key key;
	struct ovs_fk_pkt *p;
	bool in_window;
	int i;

	pids = kzalloc(struct_size(pids, ids, 1), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pids);
	pids->n_ids = 1;
	pids->ids[0] = pkt_portid;
	ovs_lock();
	ovs_vport_set_upcall_pids(local, pids);
	ovs_unlock();

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	ovs_fk_build_ipv4_tcp(test, p);
	skb = ovs_fk_skb(test, p, p->len, p->len);
	skb2 = ovs_fk_skb(test, p, p->len, p->len);
	skb->dev = dev;
	memset(OVS_CB(skb2), 0, sizeof(struct ovs_skb_cb));
	OVS_CB(skb2)->input_vport = local;
	skb2->dev = dev;
	skb_reset_mac_header(skb2);
	acts = pkt_userspace_acts(test, pkt_portid);

	rtnl_lock();
	task = kthread_run(pkt_destroy_thread, l, "ovskt-destroy");
	if (IS_ERR(task)) {
		rtnl_unlock();
		kfree_skb(skb);
		kfree_skb(skb2);
		KUNIT_FAIL(test, "kthread_run: %ld", PTR_ERR(task));
		return;
	}
	for (i = 0; i < 1000 && !hlist_unhashed_lockless(&local->dp_node); i++)
		usleep_range(5000, 10000);
	in_window = hlist_unhashed_lockless(&local->dp_node);
	if (in_window) {
		ovs_dp_stats_read(l->dp, &stats, &mega);
		lost = stats.n_lost;
		missed = stats.n_missed;

		/* As the stack hands a frame to the device's driver. */
		local_bh_disable();
		netdev_start_xmit(skb, dev, netdev_get_tx_queue(dev, 0), false);
		local_bh_enable();

		/* As OVS_PACKET_CMD_EXECUTE runs the actions. */
		local_bh_disable();
		rcu_read_lock();
		if (ovs_flow_key_extract(skb2, OVSP_LOCAL,
					 OVS_MAC_PROTO_ETHERNET, &key))
			kfree_skb(skb2);
		else
			ovs_execute_actions(l->dp, skb2, acts, &key);
		rcu_read_unlock();
		local_bh_enable();

		ovs_dp_stats_read(l->dp, &stats, &mega);
		lost = stats.n_lost - lost;
		missed = stats.n_missed - missed;
	} else {
		kfree_skb(skb);
		kfree_skb(skb2);
	}
	rtnl_unlock();

	wait_for_completion(&l->destroyed);
	l->dp = NULL;

	KUNIT_ASSERT_TRUE_MSG(test, in_window,
			      "the local port was never unlinked");
	KUNIT_EXPECT_EQ(test, missed, 1ULL);
	KUNIT_EXPECT_EQ(test, lost, 2ULL);
	KUNIT_EXPECT_EQ(test, pkt_queued(), 0U);
}

/*
 * An execute request for the live datapath, its packet put; the caller
 * adds the key and actions and hands it to pkt_execute_doit().
 */
static struct sk_buff *pkt_execute_start(struct kunit *test, const void *data,
					 unsigned int len)
{
	struct pkt_live *l = test->priv;
	struct ovs_header *ovs_header;
	struct sk_buff *msg;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	/* Freed with the other messages of the test. */
	skb_queue_tail(&pkt_msgs, msg);
	ovs_header = genlmsg_put(msg, 0, 1, &ovs_packet_genl_family, 0,
				 OVS_PACKET_CMD_EXECUTE);
	KUNIT_ASSERT_NOT_NULL(test, ovs_header);
	ovs_header->dp_ifindex = l->local->dev->ifindex;
	ovs_kt_put(test, msg, OVS_PACKET_ATTR_PACKET, data, len);
	return msg;
}

/* The execute command's doit on msg; the extack message, if any, in *msg_out. */
static int pkt_execute_doit(struct kunit *test, struct sk_buff *msg,
			    const char **msg_out)
{
	struct netlink_ext_ack extack = {};
	struct genl_info info = {};
	const struct genl_ops *op;
	int err;

	nlmsg_end(msg, nlmsg_hdr(msg));
	info.nlhdr = nlmsg_hdr(msg);
	info.genlhdr = nlmsg_data(info.nlhdr);
	info.userhdr = genlmsg_data(info.genlhdr);
	info.extack = &extack;
	genl_info_net_set(&info, &init_net);

	KUNIT_ASSERT_EQ(test, ovs_packet_genl_family.n_ops, 1);
	op = &ovs_packet_genl_family.ops[0];
	KUNIT_ASSERT_EQ(test, op->cmd, OVS_PACKET_CMD_EXECUTE);
	err = op->doit(msg, &info);
	if (err && extack._msg)
		kunit_info(test, "execute: %d, %s", err, extack._msg);
	if (msg_out)
		*msg_out = extack._msg;
	return err;
}

/*
 * Execute, as ovs-vswitchd sends it after a miss, on the live datapath:
 * set_masked(tcp(src=tcp_src)) first unless tcp_src is 0, then output.
 * The extack message, if any, in *msg.
 */
static int pkt_execute_msg(struct kunit *test, const struct ovs_fk_pkt *p,
			   u32 mark, u32 priority, u32 out_port, u16 tcp_src,
			   const char **msg_out)
{
	struct nlattr *nest;
	struct sk_buff *msg;

	msg = pkt_execute_start(test, p->data, p->len);
	nest = nla_nest_start_noflag(msg, OVS_PACKET_ATTR_KEY);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	ovs_kt_u32(test, msg, OVS_KEY_ATTR_PRIORITY, priority);
	ovs_kt_u32(test, msg, OVS_KEY_ATTR_SKB_MARK, mark);
	ovs_kt_u32(test, msg, OVS_KEY_ATTR_IN_PORT, OVSP_LOCAL);
	ovs_kt_nest_end(test, msg, nest);
	nest = nla_nest_start_noflag(msg, OVS_PACKET_ATTR_ACTIONS);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	if (tcp_src) {
		struct ovs_key_tcp tcp[2] = {
			{ .tcp_src = htons(tcp_src) }, { .tcp_src = htons(0xffff) },
		};
		struct nlattr *set;

		set = nla_nest_start_noflag(msg, OVS_ACTION_ATTR_SET_MASKED);
		KUNIT_ASSERT_NOT_NULL(test, set);
		ovs_kt_put(test, msg, OVS_KEY_ATTR_TCP, tcp, sizeof(tcp));
		ovs_kt_nest_end(test, msg, set);
	}
	ovs_kt_u32(test, msg, OVS_ACTION_ATTR_OUTPUT, out_port);
	ovs_kt_nest_end(test, msg, nest);
	return pkt_execute_doit(test, msg, msg_out);
}

static int pkt_execute(struct kunit *test, const struct ovs_fk_pkt *p,
		       u32 mark, u32 priority, u32 out_port)
{
	return pkt_execute_msg(test, p, mark, priority, out_port, 0, NULL);
}

/*
 * An execute whose actions fail on the packet (a set of a TCP header the
 * packet has only part of: the key says TCP, ports unknown) is refused,
 * and says so: the netlink fuzzer found it answered with a bare errno.
 */
static void pkt_execute_failed_says_why(struct kunit *test)
{
	const char *msg = NULL;
	struct ovs_fk_pkt *p;

	pkt_live_add_port1(test);
	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	ovs_fk_build_ipv4_tcp(test, p);

	/* Whole, it goes out with its new port. */
	KUNIT_EXPECT_EQ(test, pkt_execute_msg(test, p, 0, 0, 1, 4242, &msg), 0);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&pkt_port1_sent), 1U);
	skb_queue_purge(&pkt_port1_sent);

	p->len = p->th + 10;
	KUNIT_EXPECT_LT(test, pkt_execute_msg(test, p, 0, 0, 1, 4242, &msg), 0);
	KUNIT_EXPECT_NOT_NULL_MSG(test, msg, "a failed execute without a message");
	KUNIT_EXPECT_EQ(test, skb_queue_len(&pkt_port1_sent), 0U);
}

/*
 * An L3 packet (the key has an ethertype and no Ethernet header) whose
 * ethertype is a VLAN tag's: its key cannot be extracted, since the tag
 * would need an Ethernet header to sit in.  Refused with EINVAL, as
 * in-tree, and with a reason: the netlink fuzzer found it refused with
 * no message.  The same packet said to be IPv4 is executed.
 */
static void pkt_execute_l3_vlan(struct kunit *test)
{
	static const u16 types[] = { ETH_P_8021Q, ETH_P_8021AD, ETH_P_IP };
	const char *why;
	struct ovs_fk_pkt *p;
	struct sk_buff *msg;
	struct nlattr *nest;
	int i, err;

	pkt_live_add_port1(test);
	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	ovs_fk_build_ipv4_tcp(test, p);
	KUNIT_ASSERT_EQ(test, p->nh, (unsigned int)ETH_HLEN);

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		why = NULL;
		/* The IPv4 packet without its Ethernet header. */
		msg = pkt_execute_start(test, p->data + ETH_HLEN,
					p->len - ETH_HLEN);
		nest = nla_nest_start_noflag(msg, OVS_PACKET_ATTR_KEY);
		KUNIT_ASSERT_NOT_NULL(test, nest);
		ovs_kt_u32(test, msg, OVS_KEY_ATTR_IN_PORT, OVSP_LOCAL);
		ovs_kt_be16(test, msg, OVS_KEY_ATTR_ETHERTYPE, htons(types[i]));
		ovs_kt_nest_end(test, msg, nest);
		nest = nla_nest_start_noflag(msg, OVS_PACKET_ATTR_ACTIONS);
		KUNIT_ASSERT_NOT_NULL(test, nest);
		ovs_kt_u32(test, msg, OVS_ACTION_ATTR_OUTPUT, 1);
		ovs_kt_nest_end(test, msg, nest);

		err = pkt_execute_doit(test, msg, &why);
		if (types[i] == ETH_P_IP) {
			/* Port 1 is Ethernet: the L3 packet is dropped there. */
			KUNIT_EXPECT_EQ_MSG(test, err, 0, "%s", why);
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, err, -EINVAL, "ethertype %#x",
				    types[i]);
		KUNIT_EXPECT_NOT_NULL_MSG(test, why,
					  "ethertype %#x refused without a message",
					  types[i]);
		KUNIT_EXPECT_EQ(test, skb_queue_len(&pkt_port1_sent), 0U);
	}
	skb_queue_purge(&pkt_port1_sent);
}

/*
 * The key's skb_mark and priority are the packet's: routing rules,
 * qdiscs and a later upcall see what userspace said, as in-tree.
 */
static void pkt_execute_mark_priority(struct kunit *test)
{
	struct sk_buff *skb;
	struct ovs_fk_pkt *p;

	pkt_live_add_port1(test);
	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	ovs_fk_build_ipv4_tcp(test, p);

	KUNIT_ASSERT_EQ(test, pkt_execute(test, p, PKT_MARK, PKT_PRIORITY, 1), 0);
	skb = skb_dequeue(&pkt_port1_sent);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->len, p->len);
	KUNIT_EXPECT_EQ(test, skb->mark, (u32)PKT_MARK);
	KUNIT_EXPECT_EQ(test, skb->priority, (u32)PKT_PRIORITY);
	kfree_skb(skb);

	/* And none when the key has none. */
	KUNIT_ASSERT_EQ(test, pkt_execute(test, p, 0, 0, 1), 0);
	skb = skb_dequeue(&pkt_port1_sent);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->mark, 0U);
	KUNIT_EXPECT_EQ(test, skb->priority, 0U);
	kfree_skb(skb);
}

/*
 * A miss gives userspace the packet's skb hash (which execute hands
 * back), as in-tree, though the packet path no longer needs one itself.
 */
static void pkt_miss_hash(struct kunit *test)
{
	struct nlattr *a[OVS_PACKET_ATTR_MAX + 1];
	struct pkt_live *l = test->priv;
	struct ovs_portids *pids;
	struct sk_buff *skb, *msg;
	struct ovs_fk_pkt *p;
	struct ovs_key *key;
	u32 want;
	u64 hash;

	pkt_live_add_port1(test);
	pids = kzalloc(struct_size(pids, ids, 1), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pids);
	pids->n_ids = 1;
	pids->ids[0] = pkt_portid;
	ovs_lock();
	ovs_vport_set_upcall_pids(l->port1, pids);
	ovs_unlock();

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	ovs_fk_build_ipv4_tcp(test, p);
	/* The hash of the frame as the datapath sees it: after extraction. */
	key = kunit_kzalloc(test, sizeof(*key), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, key);
	skb = ovs_fk_skb(test, p, p->len, p->len);
	skb->dev = l->port1_dev;
	KUNIT_EXPECT_EQ(test, ovs_flow_key_extract(skb, 1,
						   OVS_MAC_PROTO_ETHERNET,
						   key), 0);
	want = skb_get_hash(skb);
	kfree_skb(skb);
	KUNIT_ASSERT_NE(test, want, 0U);

	skb = ovs_fk_skb(test, p, p->len, p->len);
	skb->dev = l->port1_dev;
	local_bh_disable();
	rcu_read_lock();
	ovs_vport_receive(l->port1, skb, NULL);
	rcu_read_unlock();
	local_bh_enable();

	msg = pkt_recv(test);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	pkt_parse(test, msg, OVS_PACKET_CMD_MISS, l->local->dev->ifindex, a);
	KUNIT_ASSERT_NOT_NULL(test, a[OVS_PACKET_ATTR_HASH]);
	KUNIT_ASSERT_EQ(test, nla_len(a[OVS_PACKET_ATTR_HASH]), 8);
	memcpy(&hash, nla_data(a[OVS_PACKET_ATTR_HASH]), sizeof(hash));
	KUNIT_EXPECT_EQ(test, (u32)hash, want);
	KUNIT_EXPECT_TRUE(test, hash & OVS_PACKET_HASH_L4);
}

static struct kunit_case pkt_live_cases[] = {
	KUNIT_CASE(pkt_miss_hash),
	KUNIT_CASE(pkt_execute_mark_priority),
	KUNIT_CASE(pkt_execute_failed_says_why),
	KUNIT_CASE(pkt_execute_l3_vlan),
	/* Last: it deletes the datapath. */
	KUNIT_CASE(pkt_upcall_while_deleted),
	{}
};

static struct kunit_suite pkt_live_suite = {
	.name = "ovs_packet_live",
	.init = pkt_live_init,
	.exit = pkt_live_exit,
	.test_cases = pkt_live_cases,
};

kunit_test_suites(&pkt_upcall_suite, &pkt_live_suite);
