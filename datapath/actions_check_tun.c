// SPDX-License-Identifier: GPL-2.0-only
/*
 * set(tunnel(...)): the tunnel a packet is to be encapsulated in by the
 * tunnel port it is output to.  Checked once here as a flow key's tunnel
 * is (flow_attr_tun.c: a destination, a TTL, options of one format) and,
 * since the Geneve device copies its options onto the wire as they are,
 * the Geneve options as TLVs that fill them exactly.  Copied as
 * OVS_ACTION_ATTR_SET_TUNNEL_PRIV (actions.h), which linux/tunnel_md.c
 * turns into transmit metadata for each packet.
 */

#include <linux/kernel.h>
#include <linux/openvswitch.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/geneve.h>
#include <net/netlink.h>

#include "actions.h"
#include "actions_check.h"
#include "flow_attr.h"
#include "flow_key.h"

/* Whether the options are whole TLVs; *crit: one of them is critical. */
static bool ovs_set_tun_geneve_ok(const u8 *opts, int len, bool *crit)
{
	*crit = false;
	while (len > 0) {
		const struct geneve_opt *opt = (const struct geneve_opt *)opts;
		int opt_len;

		if (len < sizeof(*opt))
			return false;
		opt_len = sizeof(*opt) + opt->length * 4;
		if (opt_len > len)
			return false;
		if (opt->type & GENEVE_CRIT_OPT_TYPE)
			*crit = true;
		opts += opt_len;
		len -= opt_len;
	}
	return true;
}

int ovs_acts_check_set_tun(struct ovs_acts_ctx *c, const struct nlattr *a,
			   const struct nlattr *k, bool masked)
{
	struct ovs_key *key;
	const u8 *opts;
	bool crit;
	int off, err;

	if (masked)
		return ovs_acts_refuse(c, k, "a tunnel can only be set whole");

	/* Too large for the stack of a check that nests 16 deep. */
	key = kzalloc(sizeof(*key), GFP_KERNEL);
	if (!key)
		return -ENOMEM;
	err = ovs_tun_from_attr(k, key, key, false, true, c->log, c->extack);
	if (err)
		goto out;
	opts = ovs_key_tun_opts(key, key->tun.opts_len);
	if (key->tun.flags & OVS_TUN_F_GENEVE_OPT) {
		if (!ovs_set_tun_geneve_ok(opts, key->tun.opts_len, &crit)) {
			err = ovs_acts_refuse(c, k,
					      "Geneve options are not whole TLVs");
			goto out;
		}
		if (crit)
			key->tun.flags |= OVS_TUN_F_CRIT_OPT;
	}

	off = ovs_acts_put(c, OVS_ACTION_ATTR_SET_TUNNEL_PRIV |
			   (a->nla_type & ~NLA_TYPE_MASK), NULL,
			   sizeof(key->tun) + key->tun.opts_len, a);
	if (off < 0) {
		err = off;
		goto out;
	}
	memcpy(nla_data(ovs_acts_at(c, off)), &key->tun, sizeof(key->tun));
	memcpy((u8 *)nla_data(ovs_acts_at(c, off)) + sizeof(key->tun), opts,
	       key->tun.opts_len);
	err = 0;
out:
	kfree(key);
	return err;
}
