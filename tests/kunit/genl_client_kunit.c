// SPDX-License-Identifier: GPL-2.0-only
/* A generic netlink client in the kernel (see genl_client_kunit.h). */

#include "genl_client_kunit.h"

static void ovs_gc_sockopt(struct kunit *test, struct gc *g, int opt)
{
	int one = 1;

	KUNIT_ASSERT_EQ(test, g->sock->ops->setsockopt(g->sock, SOL_NETLINK,
						       opt,
						       KERNEL_SOCKPTR(&one),
						       sizeof(one)), 0);
}

struct gc *ovs_gc_init(struct kunit *test)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct gc *g;

	g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, g);
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, PF_NETLINK,
					       SOCK_RAW, NETLINK_GENERIC,
					       &g->sock), 0);
	/* On failure this releases the socket. */
	g->file = sock_alloc_file(g->sock, 0, NULL);
	if (IS_ERR(g->file)) {
		g->sock = NULL;
		KUNIT_ASSERT_FALSE(test, IS_ERR(g->file));
	}
	KUNIT_ASSERT_EQ(test, kernel_bind(g->sock, (struct sockaddr *)&addr,
					  sizeof(addr)), 0);
	KUNIT_ASSERT_GE(test, kernel_getsockname(g->sock,
						 (struct sockaddr *)&addr), 0);
	g->portid = addr.nl_pid;
	/* Extack messages in acks, without the request copied back. */
	ovs_gc_sockopt(test, g, NETLINK_EXT_ACK);
	ovs_gc_sockopt(test, g, NETLINK_CAP_ACK);
	return g;
}

struct sk_buff *ovs_gc_msg(struct kunit *test, struct gc *g,
			   const struct genl_family *family, u8 cmd, u16 flags)
{
	struct ovs_header *ovs_header;
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	ovs_header = genlmsg_put(skb, g->portid, ++g->seq, family,
				 flags | NLM_F_REQUEST | NLM_F_ACK, cmd);
	KUNIT_ASSERT_NOT_NULL(test, ovs_header);
	ovs_header->dp_ifindex = g->dp_ifindex;
	return skb;
}

/*
 * The extack message of an ack or of a dump's DONE, into g->ext_msg: with
 * NLM_F_ACK_TLVS its attributes follow the hdrlen bytes that carry the
 * error (the request's header, or the dump's errno alone).
 */
static void ovs_gc_ext_msg(struct gc *g, const struct nlmsghdr *nlh,
			   int hdrlen)
{
	const struct nlattr *msg;
	int len = nlmsg_len(nlh) - NLMSG_ALIGN(hdrlen);

	if (len <= 0 || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	msg = nla_find(nlmsg_data(nlh) + NLMSG_ALIGN(hdrlen), len,
		       NLMSGERR_ATTR_MSG);
	if (msg)
		nla_strscpy(g->ext_msg, msg, sizeof(g->ext_msg));
}

/* The ack of the request just sent; its extack message into g->ext_msg. */
static int ovs_gc_ack(struct kunit *test, struct gc *g,
		      const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);

	KUNIT_ASSERT_GE(test, nlmsg_len(nlh), (int)sizeof(*e));
	KUNIT_EXPECT_EQ(test, nlh->nlmsg_seq, g->seq);
	/* NETLINK_CAP_ACK: the request is not copied back, only its header. */
	ovs_gc_ext_msg(g, nlh, sizeof(*e));
	return e->error;
}

/*
 * The DONE that ends a dump: its errno, and for a refused dump the
 * extack message the kernel puts after it.
 */
static int ovs_gc_done(struct kunit *test, struct gc *g,
		       const struct nlmsghdr *nlh)
{
	int err;

	KUNIT_ASSERT_GE(test, nlmsg_len(nlh), (int)sizeof(err));
	KUNIT_EXPECT_EQ(test, nlh->nlmsg_seq, g->seq);
	memcpy(&err, nlmsg_data(nlh), sizeof(err));
	ovs_gc_ext_msg(g, nlh, sizeof(err));
	return err;
}

int ovs_gc_call(struct kunit *test, struct gc *g, struct sk_buff *msg,
		struct sk_buff **reply)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct msghdr mh = {
		.msg_name = &kernel,
		.msg_namelen = sizeof(kernel),
	};
	struct kvec iov;
	struct sk_buff *skb;
	int err = 1, sent;

	nlmsg_end(msg, nlmsg_hdr(msg));
	iov.iov_base = msg->data;
	iov.iov_len = msg->len;
	g->ext_msg[0] = '\0';
	if (reply)
		*reply = NULL;
	/* The genetlink core handles the request before this returns. */
	sent = kernel_sendmsg(g->sock, &mh, &iov, 1, msg->len);
	kfree_skb(msg);
	KUNIT_ASSERT_GE(test, sent, 0);

	while ((skb = skb_dequeue(&g->sock->sk->sk_receive_queue))) {
		if (nlmsg_hdr(skb)->nlmsg_type == NLMSG_ERROR && err > 0) {
			err = ovs_gc_ack(test, g, nlmsg_hdr(skb));
			kfree_skb(skb);
		} else if (reply && !*reply) {
			*reply = skb;
		} else {
			kfree_skb(skb);
		}
	}
	KUNIT_ASSERT_LE_MSG(test, err, 0, "no ack");
	return err;
}

int ovs_gc_dump(struct kunit *test, struct gc *g, struct sk_buff *msg,
		void (*each)(struct kunit *test, const struct nlmsghdr *nlh,
			     void *arg),
		void *arg)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct msghdr mh = {
		.msg_name = &kernel,
		.msg_namelen = sizeof(kernel),
	};
	const size_t size = 64 * 1024;
	const struct nlmsghdr *nlh;
	int n = 0, len, sent;
	struct kvec iov;
	void *buf;

	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_DUMP;
	nlmsg_end(msg, nlmsg_hdr(msg));
	iov.iov_base = msg->data;
	iov.iov_len = msg->len;
	g->ext_msg[0] = '\0';
	sent = kernel_sendmsg(g->sock, &mh, &iov, 1, msg->len);
	kfree_skb(msg);
	KUNIT_ASSERT_GE(test, sent, 0);

	buf = kunit_kmalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (;;) {
		iov.iov_base = buf;
		iov.iov_len = size;
		/* Each read lets netlink run the dump for the next batch. */
		len = kernel_recvmsg(g->sock, &mh, &iov, 1, size, MSG_DONTWAIT);
		KUNIT_ASSERT_GT_MSG(test, len, 0, "the dump ended without DONE");
		for (nlh = buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
			/*
			 * DONE carries the error of a dump that failed once
			 * it ran; a refusal before it ran is an ack.
			 */
			if (nlh->nlmsg_type == NLMSG_DONE)
				return ovs_gc_done(test, g, nlh) ?: n;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return ovs_gc_ack(test, g, nlh);
			each(test, nlh, arg);
			n++;
		}
	}
}

void ovs_gc_parse(struct kunit *test, const struct sk_buff *reply, struct nlattr **a,
		  int maxtype)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(reply);

	KUNIT_ASSERT_EQ(test, nlmsg_parse_deprecated(nlh,
						     GENL_HDRLEN +
						     sizeof(struct ovs_header),
						     a, maxtype, NULL, NULL), 0);
}

void ovs_gc_dp_create(struct kunit *test, struct gc *g)
{
	const struct ovs_header *ovs_header;
	struct sk_buff *msg, *reply;

	msg = ovs_gc_msg(test, g, &ovs_dp_genl_family, OVS_DP_CMD_NEW,
			 NLM_F_ECHO);
	ovs_kt_string(test, msg, OVS_DP_ATTR_NAME, GC_DP_NAME);
	ovs_kt_u32(test, msg, OVS_DP_ATTR_UPCALL_PID, g->portid);
	KUNIT_ASSERT_EQ(test, ovs_gc_call(test, g, msg, &reply), 0);
	KUNIT_ASSERT_NOT_NULL(test, reply);
	ovs_header = genlmsg_data(nlmsg_data(nlmsg_hdr(reply)));
	g->dp_ifindex = ovs_header->dp_ifindex;
	kfree_skb(reply);
	KUNIT_ASSERT_GT(test, g->dp_ifindex, 0);
}

void ovs_gc_exit(struct kunit *test, struct gc *g)
{
	struct sk_buff *msg;

	if (!g)
		return;
	if (g->sock && g->dp_ifindex) {
		msg = ovs_gc_msg(test, g, &ovs_dp_genl_family, OVS_DP_CMD_DEL, 0);
		KUNIT_EXPECT_EQ(test, ovs_gc_call(test, g, msg, NULL), 0);
		g->dp_ifindex = 0;
	}
	if (g->sock)
		fput(g->file);
	g->sock = NULL;
	rcu_barrier();
}

int ovs_gc_suite_init_dp(struct kunit *test)
{
	test->priv = ovs_gc_init(test);
	ovs_gc_dp_create(test, test->priv);
	return 0;
}

void ovs_gc_suite_exit(struct kunit *test)
{
	ovs_gc_exit(test, test->priv);
}
