/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nf_conntrack as the newest kernels shape it, for linux/conntrack.c.
 * Each shim follows the kernel's own declaration, so a function-like
 * macro of the same name can call the older form.
 */
#ifndef OVS_COMPAT_CONNTRACK_H
#define OVS_COMPAT_CONNTRACK_H

#include <linux/kconfig.h>

/*
 * ct(timeout=NAME) needs nf_ct_set_timeout() to attach the policy.  Where
 * the kernel lacks it the attribute is refused, as the in-tree module of
 * such a kernel refuses it, so that vswitchd's probe says "Conntrack
 * timeout policy: No" instead of installing policies that do nothing.
 */
#if defined(HAVE_NF_CT_SET_TIMEOUT) && IS_ENABLED(CONFIG_NF_CONNTRACK_TIMEOUT)
#define OVS_CT_TIMEOUT_POLICIES 1
#else
#define OVS_CT_TIMEOUT_POLICIES 0
#endif

#if IS_ENABLED(CONFIG_NF_CONNTRACK)
#include <linux/netfilter.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_core.h>
#include <net/netfilter/nf_conntrack_l4proto.h>
#include <net/netfilter/nf_conntrack_timeout.h>

#ifndef HAVE_NF_CONNTRACK_IN_STATE
#define nf_conntrack_in(skb, state) ({					\
	const struct nf_hook_state *ovs_state_ = (state);		\
									\
	nf_conntrack_in(ovs_state_->net, ovs_state_->pf, ovs_state_->hook, \
			(skb));						\
})
#endif

#ifndef HAVE_NF_CONNTRACK_USE_REFCOUNT
/*
 * A template came with no reference: the first packet to take one (the
 * ct action sets it on the skb) and give it back (nf_conntrack_in()
 * replacing it) freed it under the action.  Newer kernels hand it out
 * holding one, which the action keeps until nf_ct_tmpl_free().
 */
#define nf_ct_tmpl_alloc(net, zone, flags) ({				\
	struct nf_conn *ovs_tmpl_ = nf_ct_tmpl_alloc(net, zone, flags);	\
									\
	if (ovs_tmpl_)							\
		nf_conntrack_get(&ovs_tmpl_->ct_general);		\
	ovs_tmpl_;							\
})
#endif

#ifndef HAVE_NF_CT_INVERT_TUPLE_2ARG
#define nf_ct_invert_tuple(inverse, orig) nf_ct_invert_tuplepr(inverse, orig)
#endif

#ifndef HAVE_NF_CT_SET_TIMEOUT
/* Never reached: OVS_CT_TIMEOUT_POLICIES refuses the attribute. */
static inline int nf_ct_set_timeout(struct net *net, struct nf_conn *ct,
				    u8 l3num, u8 l4num,
				    const char *timeout_name)
{
	return -EOPNOTSUPP;
}

static inline void nf_ct_destroy_timeout(struct nf_conn *ct)
{
}
#endif

#ifndef HAVE_NF_CT_SET_TCP_BE_LIBERAL
/* Out-of-window TCP stays as strict as the kernel's tracker is. */
static inline bool nf_conntrack_tcp_established(const struct nf_conn *ct)
{
	return false;
}

static inline void nf_ct_set_tcp_be_liberal(struct nf_conn *ct)
{
}
#endif

#ifndef HAVE_NF_CT_SHARED
/*
 * Taken as shared: an unconfirmed entry is then run through conntrack
 * again before a commit, which costs a lookup and is always correct.
 */
static inline bool nf_ct_shared(const struct nf_conn *ct)
{
	return true;
}
#endif

#if IS_ENABLED(CONFIG_NF_NAT)
#include <linux/kmod.h>
#include <net/netfilter/nf_conntrack_helper.h>
#include <net/netfilter/nf_nat.h>

/*
 * Which families nf_nat can translate ICMP errors for: where
 * nf_nat_l3proto.h exists, each family is a module of its own, present
 * only if configured; later kernels build both into nf_nat.
 */
#ifdef HAVE_NF_NAT_L3PROTO_H
#include <net/netfilter/nf_nat_core.h>
#include <net/netfilter/nf_nat_l3proto.h>
#define OVS_NF_NAT_IPV4 IS_ENABLED(CONFIG_NF_NAT_IPV4)
#define OVS_NF_NAT_IPV6 IS_ENABLED(CONFIG_NF_NAT_IPV6)
#else
#define OVS_NF_NAT_IPV4 1
#define OVS_NF_NAT_IPV6 IS_ENABLED(CONFIG_IPV6)
#endif

#ifndef HAVE_NF_NAT_HELPER_TRY_MODULE_GET
/*
 * No registry of NAT helpers: a conntrack helper reaches its NAT half
 * through a hook that the nf_nat_NAME module sets when it loads.  Loading
 * it is all that can be done; no reference is held, so a NAT helper
 * unloaded by hand leaves its connections without NAT.
 */
static inline int nf_nat_helper_try_module_get(const char *name, u16 l3num,
					       u8 protonum)
{
	request_module("nf_nat_%s", name);
	return 0;
}

static inline void nf_nat_helper_put(struct nf_conntrack_helper *helper)
{
}
#endif
#endif /* CONFIG_NF_NAT */

#endif /* CONFIG_NF_CONNTRACK */

#endif /* OVS_COMPAT_CONNTRACK_H */
