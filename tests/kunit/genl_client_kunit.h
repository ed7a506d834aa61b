/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A generic netlink client inside the kernel, for suites that drive the
 * datapath's families the way ovs-dpctl does: requests go through a
 * netlink socket into the genetlink core (policy, permission checks,
 * NLM_F_ECHO, acks with extack messages), replies and acks come back on
 * the socket.  ovs_gc_dp_create() makes a datapath with OVS_DP_CMD_NEW; the
 * client deletes it again in ovs_gc_exit().
 */
#ifndef OVS_GENL_CLIENT_KUNIT_H
#define OVS_GENL_CLIENT_KUNIT_H

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
	/* The last ack's or refused dump's extack message, or "". */
	char ext_msg[128];
};

struct gc *ovs_gc_init(struct kunit *test);

/* A request of family's cmd for the client's datapath; add attributes. */
struct sk_buff *ovs_gc_msg(struct kunit *test, struct gc *g,
			   const struct genl_family *family, u8 cmd, u16 flags);

/*
 * Sends msg (and frees it); returns the ack's error.  With reply non-NULL,
 * the first message that is not the ack is kept there (NULL if none), for
 * the caller to free; any other message is dropped.
 */
int ovs_gc_call(struct kunit *test, struct gc *g, struct sk_buff *msg,
		struct sk_buff **reply);

/*
 * Sends msg, a request with NLM_F_DUMP (and frees it), and reads the whole
 * dump as userspace does, each read letting the kernel fill the next
 * batch; calls each() on every message but the final NLMSG_DONE.  Returns
 * the number of messages, or the dump's error, whose extack message is
 * then in g->ext_msg whether it came in an ack (refused before the dump
 * began) or in the NLMSG_DONE (refused by the family's dump callback).
 */
int ovs_gc_dump(struct kunit *test, struct gc *g, struct sk_buff *msg,
		void (*each)(struct kunit *test, const struct nlmsghdr *nlh,
			     void *arg),
		void *arg);

/* The attributes of a reply from family (after its ovs_header). */
void ovs_gc_parse(struct kunit *test, const struct sk_buff *reply, struct nlattr **a,
		  int maxtype);

/* A datapath named GC_DP_NAME, as ovs-dpctl add-dp makes it. */
void ovs_gc_dp_create(struct kunit *test, struct gc *g);

void ovs_gc_exit(struct kunit *test, struct gc *g);

/*
 * A suite's .init and .exit for tests that drive a datapath of their own:
 * a client in test->priv with GC_DP_NAME made, deleted at the end.
 */
int ovs_gc_suite_init_dp(struct kunit *test);
void ovs_gc_suite_exit(struct kunit *test);

#endif /* OVS_GENL_CLIENT_KUNIT_H */
