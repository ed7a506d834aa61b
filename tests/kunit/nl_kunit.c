// SPDX-License-Identifier: GPL-2.0-only
/* The netlink attribute builder the suites share (see nl_kunit.h). */

#include "nl_kunit.h"

void ovs_kt_put(struct kunit *test, struct sk_buff *skb, int type,
		const void *data, int len)
{
	KUNIT_ASSERT_EQ_MSG(test, nla_put(skb, type, len, data), 0,
			    "attribute %d of %d bytes does not fit", type, len);
}

/* Room for an attribute of len bytes, for the caller to fill in. */
void *ovs_kt_reserve(struct kunit *test, struct sk_buff *skb, int type,
		     int len)
{
	struct nlattr *attr = nla_reserve(skb, type, len);

	KUNIT_ASSERT_NOT_NULL_MSG(test, attr,
				  "attribute %d of %d bytes does not fit",
				  type, len);
	return nla_data(attr);
}

void ovs_kt_u32(struct kunit *test, struct sk_buff *skb, int type, u32 v)
{
	ovs_kt_put(test, skb, type, &v, sizeof(v));
}

void ovs_kt_be16(struct kunit *test, struct sk_buff *skb, int type,
		 __be16 v)
{
	ovs_kt_put(test, skb, type, &v, sizeof(v));
}

/* With its NUL, as userspace sends strings. */
void ovs_kt_string(struct kunit *test, struct sk_buff *skb, int type,
		   const char *s)
{
	ovs_kt_put(test, skb, type, s, strlen(s) + 1);
}

struct nlattr *ovs_kt_nest(struct kunit *test, struct sk_buff *skb, int type)
{
	struct nlattr *nest = nla_nest_start_noflag(skb, type);

	KUNIT_ASSERT_NOT_NULL_MSG(test, nest, "nest %d does not fit", type);
	return nest;
}

/* test is unused: it keeps the call shape of the other builders. */
void ovs_kt_nest_end(struct kunit *test, struct sk_buff *skb,
		     struct nlattr *nest)
{
	nla_nest_end(skb, nest);
}
