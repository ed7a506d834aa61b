// SPDX-License-Identifier: GPL-2.0-only
/*
 * Key against mask: the in-tree datapath's consistency rules, which
 * ovs-vswitchd's masks are built to pass.  A key must carry the L3 and L4
 * attributes its ethertype and IP protocol call for (others it carries are
 * ignored); a mask may only hold those where it matches the ethertype, IP
 * protocol or ICMPv6 type exactly, so that no flow matches on bytes a
 * packet of another kind uses for something else.
 */

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/kernel.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/string.h>
#include <net/ndisc.h>

#include "flow_attr.h"
#include "flow_attr_int.h"
#include "flow_key.h"

/* What NL_SET_ERR_MSG_ATTR() does, for a message chosen by the caller. */
int ovs_attr_fail(struct netlink_ext_ack *extack, bool log,
		  const struct nlattr *nla, const char *msg)
{
	if (extack) {
		extack->_msg = msg;
		extack->bad_attr = nla;
	}
	/*
	 * msg starts with the module's name for the extack's reader; the log
	 * line gets it from pr_fmt.
	 */
	if (log)
		net_info_ratelimited("%s\n", msg + strlen(OVS_ATTR_PREFIX));
	return -EINVAL;
}

bool ovs_key_attr_applies(const struct ovs_key *key, int type)
{
	bool ipv4 = ovs_key_is_ipv4(key);
	bool ipv6 = ovs_key_is_ipv6(key);
	/* Later fragments have no transport header. */
	bool l4 = (ipv4 || ipv6) && key->ip.frag != OVS_FRAG_TYPE_LATER;

	switch (type) {
	case OVS_KEY_ATTR_IPV4:
		return ipv4;
	case OVS_KEY_ATTR_IPV6:
	case OVS_KEY_ATTR_IPV6_EXTHDRS:
		return ipv6;
	case OVS_KEY_ATTR_ARP:
		return ovs_key_is_arp(key);
	case OVS_KEY_ATTR_MPLS:
		return ovs_key_is_mpls(key);
	case OVS_KEY_ATTR_NSH:
		return ovs_key_is_nsh(key);
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_TCP_FLAGS:
		return l4 && key->ip.proto == IPPROTO_TCP;
	case OVS_KEY_ATTR_UDP:
		return l4 && key->ip.proto == IPPROTO_UDP;
	case OVS_KEY_ATTR_SCTP:
		return l4 && key->ip.proto == IPPROTO_SCTP;
	case OVS_KEY_ATTR_ICMP:
		return l4 && ipv4 && key->ip.proto == IPPROTO_ICMP;
	case OVS_KEY_ATTR_ICMPV6:
		return l4 && ipv6 && key->ip.proto == IPPROTO_ICMPV6;
	case OVS_KEY_ATTR_ND:
		return l4 && ipv6 && key->ip.proto == IPPROTO_ICMPV6 &&
		       (key->tp.src == htons(NDISC_NEIGHBOUR_SOLICITATION) ||
			key->tp.src == htons(NDISC_NEIGHBOUR_ADVERTISEMENT));
	default:
		return false;
	}
}

/* Whether mask matches exactly what decides that type applies. */
static bool ovs_key_mask_decides(const struct ovs_key *mask, int type)
{
	switch (type) {
	case OVS_KEY_ATTR_IPV4:
	case OVS_KEY_ATTR_IPV6:
	case OVS_KEY_ATTR_ARP:
	case OVS_KEY_ATTR_MPLS:
	case OVS_KEY_ATTR_NSH:
		return mask->eth.type == htons(0xffff);
	case OVS_KEY_ATTR_ND:
		return mask->tp.src == htons(0xff);
	default:
		return mask->ip.proto == 0xff;
	}
}

int ovs_key_attrs_check(const struct ovs_key *key, const struct ovs_key *mask,
			u64 key_attrs, u64 mask_attrs, bool log,
			struct netlink_ext_ack *extack)
{
	bool eth_exact = mask && mask->eth.type == htons(0xffff);
	u64 expected = 0;
	u64 allowed;
	int type;

	allowed = (key_attrs & ~OVS_KEY_ATTRS_L3L4) | OVS_KEY_BIT(TUNNEL) |
		  OVS_KEY_BIT(IN_PORT) | OVS_KEY_BIT(ETHERTYPE);

	for (type = 0; type <= OVS_KEY_ATTR_LAST; type++) {
		if (!(OVS_KEY_ATTRS_L3L4 & BIT_ULL(type)) ||
		    !ovs_key_attr_applies(key, type))
			continue;
		expected |= BIT_ULL(type);
		if (mask && ovs_key_mask_decides(mask, type))
			allowed |= BIT_ULL(type);
	}

	/* In-tree the IPv6 one shares its key bytes with ND: not both. */
	if (eth_exact && ovs_key_is_ipv4(key))
		allowed |= OVS_KEY_BIT(CT_ORIG_TUPLE_IPV4);
	if (eth_exact && ovs_key_is_ipv6(key) &&
	    !(expected & OVS_KEY_BIT(ND)))
		allowed |= OVS_KEY_BIT(CT_ORIG_TUPLE_IPV6);

	if ((key_attrs & expected) != expected)
		return OVS_ATTR_ERR(extack, log, NULL,
				    "flow key lacks attributes its ethertype or IP protocol call for");
	if (mask_attrs & ~allowed)
		return OVS_ATTR_ERR(extack, log, NULL,
				    "mask attribute its key does not allow");
	return 0;
}

void ovs_key_mask_range(const struct ovs_key *mask,
			struct ovs_key_range *range)
{
	const u8 *bytes = (const u8 *)mask;
	const u8 *first = memchr_inv(bytes, 0, sizeof(*mask));
	size_t last = sizeof(*mask);

	if (!first) {
		range->start = 0;
		range->end = 0;
		return;
	}
	while (!bytes[last - 1])
		last--;
	range->start = rounddown(first - bytes, sizeof(long));
	range->end = roundup(last, sizeof(long));
}
