// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ovs_datapath family's door checks (datapath/genl_datapath.c): the
 * attribute policy as the family applies it (ovs_genl_parse() over a real
 * generic netlink message), the user feature negotiation ovs-vswitchd
 * performs, the masks cache size and the per-CPU upcall pid array.
 */

#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/if.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "datapath.h"
#include "genl.h"
#include "nl_kunit.h"

/* One request under construction, as ovs-vswitchd would send it. */
struct ovs_dp_test_msg {
	struct sk_buff *skb;
	void *hdr;		/* from genlmsg_put(), for genlmsg_end() */
	struct netlink_ext_ack extack;
	struct nlattr *a[OVS_DP_ATTR_MAX + 1];
};

static int ovs_dp_test_init(struct kunit *test)
{
	struct ovs_dp_test_msg *m;
	struct ovs_header *ovs_header;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	m->skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m->skb);
	test->priv = m;

	ovs_header = genlmsg_put(m->skb, 0, 1, &ovs_dp_genl_family, 0,
				 OVS_DP_CMD_NEW);
	KUNIT_ASSERT_NOT_NULL(test, ovs_header);
	ovs_header->dp_ifindex = 0;
	m->hdr = ovs_header;
	return 0;
}

static void ovs_dp_test_exit(struct kunit *test)
{
	struct ovs_dp_test_msg *m = test->priv;

	if (m)
		kfree_skb(m->skb);
}

/* Finishes the message and parses it exactly as the family's commands do. */
static int ovs_dp_test_parse(struct kunit *test)
{
	struct ovs_dp_test_msg *m = test->priv;
	struct genl_info info = {};

	genlmsg_end(m->skb, m->hdr);
	memset(&m->extack, 0, sizeof(m->extack));
	info.nlhdr = nlmsg_hdr(m->skb);
	info.genlhdr = nlmsg_data(info.nlhdr);
	info.extack = &m->extack;
	return ovs_dp_parse(&info, m->a);
}

/*
 * The datapath's initcall (its module_init) ran before the suites; a
 * failed initcall is not reported anywhere else in a KUnit boot.
 */
static void ovs_dp_test_family_registered(struct kunit *test)
{
	KUNIT_EXPECT_NE_MSG(test, ovs_dp_genl_family.id, 0,
			    "ovs_datapath is not registered: did ovs_module_init() fail?");
	KUNIT_EXPECT_STREQ(test, ovs_dp_genl_family.name, OVS_DATAPATH_FAMILY);
}

/* OVS_DP_ATTR_NAME: a NUL-terminated string shorter than IFNAMSIZ. */

static void ovs_dp_test_name_ok(struct kunit *test)
{
	struct ovs_dp_test_msg *m = test->priv;
	char name[IFNAMSIZ];

	/* The longest name a netdev can have: IFNAMSIZ - 1 characters. */
	memset(name, 'a', IFNAMSIZ - 1);
	name[IFNAMSIZ - 1] = '\0';
	ovs_kt_string(test, m->skb, OVS_DP_ATTR_NAME, name);
	ovs_kt_u32(test, m->skb, OVS_DP_ATTR_UPCALL_PID, 42);

	KUNIT_EXPECT_EQ(test, ovs_dp_test_parse(test), 0);
	KUNIT_EXPECT_NULL(test, m->extack._msg);
	KUNIT_ASSERT_NOT_NULL(test, m->a[OVS_DP_ATTR_NAME]);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(m->a[OVS_DP_ATTR_NAME]), name);
	KUNIT_ASSERT_NOT_NULL(test, m->a[OVS_DP_ATTR_UPCALL_PID]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(m->a[OVS_DP_ATTR_UPCALL_PID]), 42U);
}

static void ovs_dp_test_name_short_ok(struct kunit *test)
{
	struct ovs_dp_test_msg *m = test->priv;

	ovs_kt_string(test, m->skb, OVS_DP_ATTR_NAME, "ovs-system");
	KUNIT_EXPECT_EQ(test, ovs_dp_test_parse(test), 0);
	KUNIT_EXPECT_NULL(test, m->extack._msg);
	KUNIT_ASSERT_NOT_NULL(test, m->a[OVS_DP_ATTR_NAME]);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(m->a[OVS_DP_ATTR_NAME]), "ovs-system");
}

/* Name lengths (without the NUL) that must be refused. */
static const unsigned int ovs_dp_test_long_names[] = {
	IFNAMSIZ, IFNAMSIZ + 1, 64, 255,
};

static void ovs_dp_test_long_name_desc(const unsigned int *len, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u chars", *len);
}

KUNIT_ARRAY_PARAM(ovs_dp_test_long_name, ovs_dp_test_long_names,
		  ovs_dp_test_long_name_desc);

static void ovs_dp_test_name_too_long(struct kunit *test)
{
	const unsigned int len = *(const unsigned int *)test->param_value;
	struct ovs_dp_test_msg *m = test->priv;
	char *name;

	name = kunit_kzalloc(test, len + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, name);
	memset(name, 'x', len);
	ovs_kt_string(test, m->skb, OVS_DP_ATTR_NAME, name);

	KUNIT_EXPECT_LT(test, ovs_dp_test_parse(test), 0);
	KUNIT_EXPECT_NOT_NULL(test, m->extack._msg);
}

static void ovs_dp_test_name_unterminated(struct kunit *test)
{
	struct ovs_dp_test_msg *m = test->priv;

	/* Three bytes and no NUL: not a string. */
	ovs_kt_put(test, m->skb, OVS_DP_ATTR_NAME, "dp0", 3);
	KUNIT_EXPECT_LT(test, ovs_dp_test_parse(test), 0);
	KUNIT_EXPECT_NOT_NULL(test, m->extack._msg);
}

static void ovs_dp_test_name_empty_payload(struct kunit *test)
{
	struct ovs_dp_test_msg *m = test->priv;

	ovs_kt_put(test, m->skb, OVS_DP_ATTR_NAME, "", 0);
	KUNIT_EXPECT_LT(test, ovs_dp_test_parse(test), 0);
	KUNIT_EXPECT_NOT_NULL(test, m->extack._msg);
}

/* OVS_DP_ATTR_UPCALL_PID: a u32. */

static const unsigned int ovs_dp_test_short_pid_lens[] = { 0, 1, 2, 3 };

static void ovs_dp_test_len_desc(const unsigned int *len, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u bytes", *len);
}

KUNIT_ARRAY_PARAM(ovs_dp_test_short_pid, ovs_dp_test_short_pid_lens,
		  ovs_dp_test_len_desc);

static void ovs_dp_test_upcall_pid_short(struct kunit *test)
{
	const unsigned int len = *(const unsigned int *)test->param_value;
	static const u8 bytes[4] = { 1, 2, 3, 4 };
	struct ovs_dp_test_msg *m = test->priv;

	ovs_kt_put(test, m->skb, OVS_DP_ATTR_UPCALL_PID, bytes, len);
	KUNIT_EXPECT_LT(test, ovs_dp_test_parse(test), 0);
	KUNIT_EXPECT_NOT_NULL(test, m->extack._msg);
}

/*
 * An over-long u32 (8 bytes).  The lenient parser the family uses
 * (nlmsg_parse_deprecated) only logs "attribute type N has an invalid
 * length" and accepts it; the design asks for a clean refusal.
 */
static void ovs_dp_test_upcall_pid_long(struct kunit *test)
{
	static const u32 pids[2] = { 42, 43 };
	struct ovs_dp_test_msg *m = test->priv;

	ovs_kt_put(test, m->skb, OVS_DP_ATTR_UPCALL_PID, pids, sizeof(pids));
	KUNIT_EXPECT_LT(test, ovs_dp_test_parse(test), 0);
	KUNIT_EXPECT_NOT_NULL(test, m->extack._msg);
}

static void ovs_dp_test_upcall_pid_ok(struct kunit *test)
{
	struct ovs_dp_test_msg *m = test->priv;

	ovs_kt_u32(test, m->skb, OVS_DP_ATTR_UPCALL_PID, 0xfedcba98);
	KUNIT_EXPECT_EQ(test, ovs_dp_test_parse(test), 0);
	KUNIT_EXPECT_NULL(test, m->extack._msg);
	KUNIT_ASSERT_NOT_NULL(test, m->a[OVS_DP_ATTR_UPCALL_PID]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(m->a[OVS_DP_ATTR_UPCALL_PID]), 0xfedcba98U);
}

/* User features, as parsed from the wire and then negotiated. */

static const u32 ovs_dp_test_known[] = {
	OVS_DP_F_UNALIGNED,
	OVS_DP_F_VPORT_PIDS,
	OVS_DP_F_DISPATCH_UPCALL_PER_CPU,
};

static void ovs_dp_test_features_supported(struct kunit *test)
{
	unsigned int combo, i;

	/* Every subset of the three features we implement, 0 included. */
	for (combo = 0; combo < BIT(ARRAY_SIZE(ovs_dp_test_known)); combo++) {
		struct netlink_ext_ack extack = {};
		u32 features = 0;

		for (i = 0; i < ARRAY_SIZE(ovs_dp_test_known); i++)
			if (combo & BIT(i))
				features |= ovs_dp_test_known[i];

		KUNIT_EXPECT_EQ_MSG(test, ovs_dp_check_user_features(features, &extack), 0,
				    "features %#x", features);
		KUNIT_EXPECT_NULL_MSG(test, extack._msg, "features %#x", features);
	}
}

static void ovs_dp_test_expect_refused(struct kunit *test, u32 features)
{
	struct netlink_ext_ack extack = {};

	KUNIT_EXPECT_EQ_MSG(test, ovs_dp_check_user_features(features, &extack),
			    -EOPNOTSUPP, "features %#x", features);
	KUNIT_EXPECT_NOT_NULL_MSG(test, extack._msg, "features %#x", features);
}

static void ovs_dp_test_features_unknown(struct kunit *test)
{
	const u32 all_known = OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS |
			      OVS_DP_F_DISPATCH_UPCALL_PER_CPU;
	unsigned int bit;

	/* Every other bit, alone and next to every known feature. */
	for (bit = 0; bit < 32; bit++) {
		if (BIT(bit) & all_known)
			continue;
		ovs_dp_test_expect_refused(test, BIT(bit));
		ovs_dp_test_expect_refused(test, BIT(bit) | all_known);
	}
	ovs_dp_test_expect_refused(test, U32_MAX);
}

/* ovs-vswitchd's negotiation, in the order it sends its requests. */
static void ovs_dp_test_features_vswitchd(struct kunit *test)
{
	struct ovs_dp_test_msg *m = test->priv;
	struct netlink_ext_ack extack = {};
	u32 features;

	/* 1. OVS_DP_CMD_NEW with a bit no kernel knows: must be refused. */
	ovs_kt_u32(test, m->skb, OVS_DP_ATTR_USER_FEATURES,
		   OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS | BIT(31));
	KUNIT_ASSERT_EQ(test, ovs_dp_test_parse(test), 0);
	KUNIT_ASSERT_NOT_NULL(test, m->a[OVS_DP_ATTR_USER_FEATURES]);
	features = nla_get_u32(m->a[OVS_DP_ATTR_USER_FEATURES]);
	KUNIT_EXPECT_EQ(test, ovs_dp_check_user_features(features, &extack), -EOPNOTSUPP);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);

	/* 2. Then without it, and 3. with per-CPU dispatch: accepted. */
	memset(&extack, 0, sizeof(extack));
	KUNIT_EXPECT_EQ(test, ovs_dp_check_user_features(OVS_DP_F_UNALIGNED |
							 OVS_DP_F_VPORT_PIDS, &extack), 0);
	KUNIT_EXPECT_EQ(test, ovs_dp_check_user_features(OVS_DP_F_UNALIGNED |
							 OVS_DP_F_VPORT_PIDS |
							 OVS_DP_F_DISPATCH_UPCALL_PER_CPU,
							 &extack), 0);
	KUNIT_EXPECT_NULL(test, extack._msg);
}

static void ovs_dp_test_features_tc_recirc(struct kunit *test)
{
	unsigned int combo, i;

	/* Refused alone and next to every subset of the known features. */
	for (combo = 0; combo < BIT(ARRAY_SIZE(ovs_dp_test_known)); combo++) {
		u32 features = OVS_DP_F_TC_RECIRC_SHARING;

		for (i = 0; i < ARRAY_SIZE(ovs_dp_test_known); i++)
			if (combo & BIT(i))
				features |= ovs_dp_test_known[i];
		ovs_dp_test_expect_refused(test, features);
	}
}

/*
 * OVS_DP_ATTR_MASKS_CACHE_SIZE: 0 or a power of two up to the maximum, the
 * in-tree bound (4096 with 4 KiB pages).  As in-tree, a size above it is
 * refused with ERANGE (ovs-dpctl cache-set-size prints that), any other
 * with EINVAL.
 */

static const u32 ovs_dp_test_good_sizes[] = { 0, 1, 2, 256, 4096 };

static const u32 ovs_dp_test_bad_sizes[] = { 3, 100, 255, 257, 4095 };

static const u32 ovs_dp_test_large_sizes[] = {
	4097, 8191, 8192, 8193, 16384, 80000, BIT(31), 0x80000001, 0xffffffff,
};

static void ovs_dp_test_size_desc(const u32 *size, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u", *size);
}

KUNIT_ARRAY_PARAM(ovs_dp_test_good_size, ovs_dp_test_good_sizes, ovs_dp_test_size_desc);
KUNIT_ARRAY_PARAM(ovs_dp_test_bad_size, ovs_dp_test_bad_sizes, ovs_dp_test_size_desc);
KUNIT_ARRAY_PARAM(ovs_dp_test_large_size, ovs_dp_test_large_sizes,
		  ovs_dp_test_size_desc);

static void ovs_dp_test_masks_cache_ok(struct kunit *test)
{
	const u32 size = *(const u32 *)test->param_value;
	struct ovs_dp_test_msg *m = test->priv;
	struct netlink_ext_ack extack = {};

	/* Through the wire first, so that the policy is exercised too. */
	ovs_kt_u32(test, m->skb, OVS_DP_ATTR_MASKS_CACHE_SIZE, size);
	KUNIT_ASSERT_EQ(test, ovs_dp_test_parse(test), 0);
	KUNIT_ASSERT_NOT_NULL(test, m->a[OVS_DP_ATTR_MASKS_CACHE_SIZE]);
	KUNIT_ASSERT_EQ(test, nla_get_u32(m->a[OVS_DP_ATTR_MASKS_CACHE_SIZE]), size);

	KUNIT_EXPECT_EQ(test, ovs_dp_check_masks_cache_size(size, &extack), 0);
	KUNIT_EXPECT_NULL(test, extack._msg);
}

static void ovs_dp_test_masks_cache_bad(struct kunit *test)
{
	const u32 size = *(const u32 *)test->param_value;
	struct netlink_ext_ack extack = {};

	KUNIT_EXPECT_EQ(test, ovs_dp_check_masks_cache_size(size, &extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
}

/* Refused by the family's parse already, naming the attribute. */
static void ovs_dp_test_masks_cache_large(struct kunit *test)
{
	const u32 size = *(const u32 *)test->param_value;
	struct ovs_dp_test_msg *m = test->priv;
	struct netlink_ext_ack extack = {};

	ovs_kt_u32(test, m->skb, OVS_DP_ATTR_MASKS_CACHE_SIZE, size);
	KUNIT_EXPECT_EQ(test, ovs_dp_test_parse(test), -ERANGE);
	KUNIT_EXPECT_NOT_NULL(test, m->extack._msg);
	KUNIT_EXPECT_NOT_NULL(test, m->extack.bad_attr);

	KUNIT_EXPECT_EQ(test, ovs_dp_check_masks_cache_size(size, &extack), -ERANGE);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
}

static void ovs_dp_test_masks_cache_every_bit(struct kunit *test)
{
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		struct netlink_ext_ack extack = {};
		u32 size = BIT(bit);
		int want = size <= OVS_DP_MASKS_CACHE_MAX ? 0 : -ERANGE;

		KUNIT_EXPECT_EQ_MSG(test, ovs_dp_check_masks_cache_size(size, &extack),
				    want, "size %u", size);
		if (bit >= 1) {
			want = size + 1 <= OVS_DP_MASKS_CACHE_MAX ? -EINVAL : -ERANGE;
			KUNIT_EXPECT_EQ_MSG(test,
					    ovs_dp_check_masks_cache_size(size + 1, &extack),
					    want, "size %u", size + 1);
		}
	}
}

/* OVS_DP_ATTR_PER_CPU_PIDS: a non-empty array of u32. */

static const unsigned int ovs_dp_test_bad_pids_lens[] = { 0, 1, 2, 3, 5, 6, 7, 9 };
static const unsigned int ovs_dp_test_good_pids_lens[] = { 4, 8, 12, 256 * 4 };

KUNIT_ARRAY_PARAM(ovs_dp_test_bad_pids, ovs_dp_test_bad_pids_lens, ovs_dp_test_len_desc);
KUNIT_ARRAY_PARAM(ovs_dp_test_good_pids, ovs_dp_test_good_pids_lens, ovs_dp_test_len_desc);

/* Puts a PER_CPU_PIDS attribute of len bytes (pids 1, 2, 3...) and parses. */
static const struct nlattr *ovs_dp_test_put_pids(struct kunit *test,
						 unsigned int len)
{
	struct ovs_dp_test_msg *m = test->priv;
	u8 *data;
	unsigned int i;

	data = kunit_kzalloc(test, len + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, data);
	for (i = 0; i + sizeof(u32) <= len; i += sizeof(u32)) {
		u32 pid = i / sizeof(u32) + 1;

		memcpy(data + i, &pid, sizeof(pid));
	}
	ovs_kt_put(test, m->skb, OVS_DP_ATTR_PER_CPU_PIDS, data, len);
	KUNIT_ASSERT_EQ(test, ovs_dp_test_parse(test), 0);
	KUNIT_ASSERT_NOT_NULL(test, m->a[OVS_DP_ATTR_PER_CPU_PIDS]);
	KUNIT_ASSERT_EQ(test, nla_len(m->a[OVS_DP_ATTR_PER_CPU_PIDS]), (int)len);
	return m->a[OVS_DP_ATTR_PER_CPU_PIDS];
}

static void ovs_dp_test_per_cpu_pids_bad(struct kunit *test)
{
	const unsigned int len = *(const unsigned int *)test->param_value;
	struct netlink_ext_ack extack = {};
	const struct nlattr *attr;

	attr = ovs_dp_test_put_pids(test, len);
	KUNIT_EXPECT_EQ(test, ovs_dp_check_per_cpu_pids(attr, &extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	KUNIT_EXPECT_PTR_EQ(test, extack.bad_attr, attr);
}

static void ovs_dp_test_per_cpu_pids_ok(struct kunit *test)
{
	const unsigned int len = *(const unsigned int *)test->param_value;
	struct netlink_ext_ack extack = {};
	const struct nlattr *attr;
	struct ovs_portids *pids;
	u32 i;

	attr = ovs_dp_test_put_pids(test, len);
	KUNIT_EXPECT_EQ(test, ovs_dp_check_per_cpu_pids(attr, &extack), 0);
	KUNIT_EXPECT_NULL(test, extack._msg);

	/* And the array the datapath keeps is the one that was sent. */
	pids = ovs_portids_from_attr(attr, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pids);
	KUNIT_EXPECT_EQ(test, pids->n_ids, len / (u32)sizeof(u32));
	for (i = 0; i < pids->n_ids && i < len / sizeof(u32); i++)
		KUNIT_EXPECT_EQ(test, pids->ids[i], i + 1);
	kfree(pids);
}

static struct kunit_case ovs_genl_datapath_cases[] = {
	KUNIT_CASE(ovs_dp_test_family_registered),
	KUNIT_CASE(ovs_dp_test_name_ok),
	KUNIT_CASE(ovs_dp_test_name_short_ok),
	KUNIT_CASE_PARAM(ovs_dp_test_name_too_long, ovs_dp_test_long_name_gen_params),
	KUNIT_CASE(ovs_dp_test_name_unterminated),
	KUNIT_CASE(ovs_dp_test_name_empty_payload),
	KUNIT_CASE(ovs_dp_test_upcall_pid_ok),
	KUNIT_CASE_PARAM(ovs_dp_test_upcall_pid_short, ovs_dp_test_short_pid_gen_params),
	KUNIT_CASE(ovs_dp_test_upcall_pid_long),
	KUNIT_CASE(ovs_dp_test_features_supported),
	KUNIT_CASE(ovs_dp_test_features_unknown),
	KUNIT_CASE(ovs_dp_test_features_tc_recirc),
	KUNIT_CASE(ovs_dp_test_features_vswitchd),
	KUNIT_CASE_PARAM(ovs_dp_test_masks_cache_ok, ovs_dp_test_good_size_gen_params),
	KUNIT_CASE_PARAM(ovs_dp_test_masks_cache_bad, ovs_dp_test_bad_size_gen_params),
	KUNIT_CASE_PARAM(ovs_dp_test_masks_cache_large, ovs_dp_test_large_size_gen_params),
	KUNIT_CASE(ovs_dp_test_masks_cache_every_bit),
	KUNIT_CASE_PARAM(ovs_dp_test_per_cpu_pids_bad, ovs_dp_test_bad_pids_gen_params),
	KUNIT_CASE_PARAM(ovs_dp_test_per_cpu_pids_ok, ovs_dp_test_good_pids_gen_params),
	{}
};

static struct kunit_suite ovs_genl_datapath_suite = {
	.name = "ovs_genl_datapath",
	.init = ovs_dp_test_init,
	.exit = ovs_dp_test_exit,
	.test_cases = ovs_genl_datapath_cases,
};

kunit_test_suite(ovs_genl_datapath_suite);
