// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dumps of every family that has one, driven through a netlink socket
 * (genl_client_kunit.h): a request with a malformed attribute is refused
 * at the door with an extack message and the errno the family's other
 * commands give it (ERANGE from the policy for an attribute too short,
 * EINVAL from the module's size check for one too long); a dump of a
 * datapath that does not exist says so;
 * and what ovs-vswitchd 3.1 sends in its dumps (the datapath in the
 * header, OVS_FLOW_ATTR_UFID_FLAGS in a flow dump) is still accepted.
 */

#include <linux/kernel.h>
#include <linux/string.h>

#include "genl.h"
#include "genl_client_kunit.h"

/* What the module's size check at the door says (genl.c). */
#define DR_WRONG_SIZE	"attribute has the wrong size for its type"
/* What the policy check says of an attribute too short for its type. */
#define DR_POLICY	"Attribute failed policy validation"

struct dr_dump {
	const char *name;
	const struct genl_family *family;
	u8 cmd;
	/* A u32 attribute of the family's policy, sent malformed. */
	int u32_attr;
	/* Whether the dump lists the objects of one datapath. */
	bool per_dp;
};

static const struct dr_dump dr_dumps[] = {
	{ "datapath", &ovs_dp_genl_family, OVS_DP_CMD_GET,
	  OVS_DP_ATTR_UPCALL_PID, false },
	{ "vport", &ovs_vport_genl_family, OVS_VPORT_CMD_GET,
	  OVS_VPORT_ATTR_PORT_NO, true },
	{ "flow", &ovs_flow_genl_family, OVS_FLOW_CMD_GET,
	  OVS_FLOW_ATTR_UFID_FLAGS, true },
	{ "meter", &ovs_meter_genl_family, OVS_METER_CMD_GET,
	  OVS_METER_ATTR_ID, true },
};

static void dr_desc(const struct dr_dump *d, char *desc)
{
	strscpy(desc, d->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(dr_dumps, dr_dumps, dr_desc);

static void dr_each(struct kunit *test, const struct nlmsghdr *nlh, void *arg)
{
}

/* The dump with its u32 attribute of len bytes is refused: err, msg. */
static void dr_expect_refused(struct kunit *test, const void *val, int len,
			      int err, const char *msg)
{
	const struct dr_dump *d = test->param_value;
	struct gc *g = test->priv;
	struct sk_buff *req;

	req = ovs_gc_msg(test, g, d->family, d->cmd, 0);
	ovs_kt_put(test, req, d->u32_attr, val, len);
	KUNIT_EXPECT_EQ_MSG(test, ovs_gc_dump(test, g, req, dr_each, NULL), err,
			    "%s dump", d->name);
	KUNIT_EXPECT_STREQ_MSG(test, g->ext_msg, msg, "%s dump", d->name);
}

/*
 * A u32 attribute of eight bytes: the lenient parser only warns, the
 * module's size check refuses it.
 */
static void dr_too_long(struct kunit *test)
{
	u64 wide = 1;

	dr_expect_refused(test, &wide, sizeof(wide), -EINVAL, DR_WRONG_SIZE);
}

/* A u32 attribute of two bytes: the policy refuses it, with ERANGE. */
static void dr_too_short(struct kunit *test)
{
	u16 half = 1;

	dr_expect_refused(test, &half, sizeof(half), -ERANGE, DR_POLICY);
}

/* A NUL_STRING without its NUL: the policy itself refuses it. */
static void dr_unterminated_name(struct kunit *test)
{
	static const char name[] = { 'o', 'v', 's' };
	struct gc *g = test->priv;
	struct sk_buff *msg;
	int err;

	msg = ovs_gc_msg(test, g, &ovs_vport_genl_family, OVS_VPORT_CMD_GET, 0);
	ovs_kt_put(test, msg, OVS_VPORT_ATTR_NAME, name, sizeof(name));
	err = ovs_gc_dump(test, g, msg, dr_each, NULL);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	KUNIT_EXPECT_STREQ(test, g->ext_msg, DR_POLICY);
}

/* A dump of the objects of a datapath that does not exist. */
static void dr_no_datapath(struct kunit *test)
{
	const struct dr_dump *d = test->param_value;
	struct gc *g = test->priv;
	struct sk_buff *msg;
	int err;

	if (!d->per_dp)
		kunit_skip(test, "a datapath dump lists every datapath");
	msg = ovs_gc_msg(test, g, d->family, d->cmd, 0);
	((struct ovs_header *)genlmsg_data(nlmsg_data(nlmsg_hdr(msg))))->dp_ifindex =
		g->dp_ifindex + 1000;
	err = ovs_gc_dump(test, g, msg, dr_each, NULL);
	KUNIT_EXPECT_EQ_MSG(test, err, -ENODEV, "%s dump", d->name);
	KUNIT_EXPECT_STREQ_MSG(test, g->ext_msg,
			       KBUILD_MODNAME ": no such datapath", "%s dump",
			       d->name);
}

/*
 * The dumps as ovs-vswitchd 3.1 sends them: no attribute but a flow
 * dump's UFID_FLAGS, and an attribute type newer than the module, which
 * the lenient parser lets by.  A datapath dump finds the client's
 * datapath, a vport dump its local port.
 */
static void dr_well_formed(struct kunit *test)
{
	const struct dr_dump *d = test->param_value;
	struct gc *g = test->priv;
	struct sk_buff *msg;
	int err, min = 0;

	if (d->family == &ovs_dp_genl_family ||
	    d->family == &ovs_vport_genl_family)
		min = 1;

	msg = ovs_gc_msg(test, g, d->family, d->cmd, 0);
	if (d->family == &ovs_flow_genl_family)
		ovs_kt_u32(test, msg, OVS_FLOW_ATTR_UFID_FLAGS,
			   OVS_UFID_F_OMIT_KEY | OVS_UFID_F_OMIT_MASK);
	err = ovs_gc_dump(test, g, msg, dr_each, NULL);
	KUNIT_EXPECT_GE_MSG(test, err, min, "%s dump: %s", d->name, g->ext_msg);

	msg = ovs_gc_msg(test, g, d->family, d->cmd, 0);
	ovs_kt_u32(test, msg, 200, 0);
	err = ovs_gc_dump(test, g, msg, dr_each, NULL);
	KUNIT_EXPECT_GE_MSG(test, err, min, "%s dump: %s", d->name, g->ext_msg);
}

static struct kunit_case dr_cases[] = {
	KUNIT_CASE_PARAM(dr_too_long, dr_dumps_gen_params),
	KUNIT_CASE_PARAM(dr_too_short, dr_dumps_gen_params),
	KUNIT_CASE(dr_unterminated_name),
	KUNIT_CASE_PARAM(dr_no_datapath, dr_dumps_gen_params),
	KUNIT_CASE_PARAM(dr_well_formed, dr_dumps_gen_params),
	{}
};

static struct kunit_suite dr_suite = {
	.name = "ovs_dump_requests",
	.init = ovs_gc_suite_init_dp,
	.exit = ovs_gc_suite_exit,
	.test_cases = dr_cases,
};

kunit_test_suite(dr_suite);
