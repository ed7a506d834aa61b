/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A generic netlink client inside the kernel, for suites that drive the
 * datapath's families the way ovs-dpctl does: requests go through a
 * netlink socket into the genetlink core (policy, permission checks,
 * NLM_F_ECHO, acks with extack messages), replies and acks come back on
 * the socket.  gc_dp_create() makes a datapath with OVS_DP_CMD_NEW; the
 * client deletes it again in gc_exit().
 */
#ifndef OVS_GENL_CLIENT_H
#define OVS_GENL_CLIENT_H

#include <kunit/test.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <linux/sockptr.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "datapath.h"
#include "genl.h"
#include "nl_kunit.h"

#define GC_DP_NAME	"ovskunit0"

struct gc {
	struct socket *sock;
	struct file *file;	/* the genetlink core checks its credentials */
	u32 portid;
	u32 seq;
	int dp_ifindex;		/* 0: no datapath */
	char ext_msg[128];	/* the last ack's extack message, or "" */
};

static inline void gc_sockopt(struct kunit *test, struct gc *g, int opt)
{
	int one = 1;

	KUNIT_ASSERT_EQ(test, g->sock->ops->setsockopt(g->sock, SOL_NETLINK,
						       opt,
						       KERNEL_SOCKPTR(&one),
						       sizeof(one)), 0);
}

static inline struct gc *gc_init(struct kunit *test)
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
	gc_sockopt(test, g, NETLINK_EXT_ACK);
	gc_sockopt(test, g, NETLINK_CAP_ACK);
	return g;
}

/* A request of family's cmd for the client's datapath; add attributes. */
static inline struct sk_buff *gc_msg(struct kunit *test, struct gc *g,
				     const struct genl_family *family, u8 cmd,
				     u16 flags)
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

/* The ack of the request just sent; its extack message into g->ext_msg. */
static inline int gc_ack(struct kunit *test, struct gc *g, struct sk_buff *skb)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(skb);
	const struct nlmsgerr *e = nlmsg_data(nlh);
	const struct nlattr *msg = NULL;
	int len = nlmsg_len(nlh) - (int)sizeof(*e);

	KUNIT_ASSERT_GE(test, nlmsg_len(nlh), (int)sizeof(*e));
	KUNIT_EXPECT_EQ(test, nlh->nlmsg_seq, g->seq);
	if (len > 0 && (nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		msg = nla_find((const struct nlattr *)(e + 1), len,
			       NLMSGERR_ATTR_MSG);
	if (msg)
		nla_strscpy(g->ext_msg, msg, sizeof(g->ext_msg));
	return e->error;
}

/*
 * Sends msg (and frees it); returns the ack's error.  With reply non-NULL,
 * the first message that is not the ack is kept there (NULL if none), for
 * the caller to free; any other message is dropped.
 */
static inline int gc_call(struct kunit *test, struct gc *g, struct sk_buff *msg,
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
			err = gc_ack(test, g, skb);
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

/* The attributes of a reply from family (after its ovs_header). */
static inline void gc_parse(struct kunit *test, const struct sk_buff *reply,
			    struct nlattr **a, int maxtype)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(reply);

	KUNIT_ASSERT_EQ(test, nlmsg_parse_deprecated(nlh,
						     GENL_HDRLEN +
						     sizeof(struct ovs_header),
						     a, maxtype, NULL, NULL), 0);
}

/* A datapath named GC_DP_NAME, as ovs-dpctl add-dp makes it. */
static inline void gc_dp_create(struct kunit *test, struct gc *g)
{
	const struct ovs_header *ovs_header;
	struct sk_buff *msg, *reply;

	msg = gc_msg(test, g, &ovs_dp_genl_family, OVS_DP_CMD_NEW,
		     NLM_F_ECHO);
	ovs_kt_string(test, msg, OVS_DP_ATTR_NAME, GC_DP_NAME);
	ovs_kt_u32(test, msg, OVS_DP_ATTR_UPCALL_PID, g->portid);
	KUNIT_ASSERT_EQ(test, gc_call(test, g, msg, &reply), 0);
	KUNIT_ASSERT_NOT_NULL(test, reply);
	ovs_header = genlmsg_data(nlmsg_data(nlmsg_hdr(reply)));
	g->dp_ifindex = ovs_header->dp_ifindex;
	kfree_skb(reply);
	KUNIT_ASSERT_GT(test, g->dp_ifindex, 0);
}

static inline void gc_exit(struct kunit *test, struct gc *g)
{
	struct sk_buff *msg;

	if (!g)
		return;
	if (g->sock && g->dp_ifindex) {
		msg = gc_msg(test, g, &ovs_dp_genl_family, OVS_DP_CMD_DEL, 0);
		KUNIT_EXPECT_EQ(test, gc_call(test, g, msg, NULL), 0);
		g->dp_ifindex = 0;
	}
	if (g->sock)
		fput(g->file);
	g->sock = NULL;
	rcu_barrier();
}

#endif /* OVS_GENL_CLIENT_H */
