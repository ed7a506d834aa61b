/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one netlink attribute builder of the suites: attributes put into an
 * skb as userspace would send them.  An attribute that does not fit fails
 * the test (KUNIT_ASSERT), so no suite goes on with a truncated request.
 */
#ifndef OVS_NL_KUNIT_H
#define OVS_NL_KUNIT_H

#include <kunit/test.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/netlink.h>

void ovs_kt_put(struct kunit *test, struct sk_buff *skb, int type,
		const void *data, int len);
void *ovs_kt_reserve(struct kunit *test, struct sk_buff *skb, int type,
		     int len);
void ovs_kt_u32(struct kunit *test, struct sk_buff *skb, int type, u32 v);
void ovs_kt_be16(struct kunit *test, struct sk_buff *skb, int type,
		 __be16 v);
void ovs_kt_string(struct kunit *test, struct sk_buff *skb, int type,
		   const char *s);
struct nlattr *ovs_kt_nest(struct kunit *test, struct sk_buff *skb, int type);
void ovs_kt_nest_end(struct kunit *test, struct sk_buff *skb,
		     struct nlattr *nest);

#endif /* OVS_NL_KUNIT_H */
