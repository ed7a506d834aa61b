// SPDX-License-Identifier: GPL-2.0-only
/*
 * Flow key extraction from damaged packets: every test packet cut at
 * every length from 0 to its full length, in a linear skb and in skbs
 * whose tail (from byte 0, 14, and just past the network header) is in a
 * page fragment.  The room around the data is poisoned, so a read past
 * the cut shows in the key even where KASAN cannot see it.  Each cut must
 * give 0, leave the data where and as it was, and give a key whose fields
 * before the cut are those of the whole packet and with none after it.
 */

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "flow_key.h"
#include "flow_key_pkts_kunit.h"

struct ovs_fk_trunc_case {
	const char *name;
	ovs_fk_build_t build;
};

static const struct ovs_fk_trunc_case ovs_fk_trunc_cases[] = {
	{ "ipv4 tcp", ovs_fk_build_ipv4_tcp },
	{ "ipv4 udp options", ovs_fk_build_ipv4_udp_opts },
	{ "ipv4 sctp", ovs_fk_build_ipv4_sctp },
	{ "ipv4 icmp", ovs_fk_build_ipv4_icmp },
	{ "ipv4 first fragment", ovs_fk_build_ipv4_frag_first },
	{ "ipv4 later fragment", ovs_fk_build_ipv4_frag_later },
	{ "ipv6 tcp extension headers", ovs_fk_build_ipv6_tcp_ext },
	{ "ipv6 first fragment", ovs_fk_build_ipv6_frag_first },
	{ "ipv6 later fragment", ovs_fk_build_ipv6_frag_later },
	{ "nd solicitation", ovs_fk_build_nd_ns },
	{ "nd advertisement", ovs_fk_build_nd_na },
	{ "arp request", ovs_fk_build_arp_request },
	{ "arp reply", ovs_fk_build_arp_reply },
	{ "rarp", ovs_fk_build_rarp },
	{ "802.1q", ovs_fk_build_vlan },
	{ "qinq", ovs_fk_build_qinq },
	{ "hwaccel tag", ovs_fk_build_hwaccel },
	{ "hwaccel qinq", ovs_fk_build_hwaccel_qinq },
	{ "mpls 3 labels", ovs_fk_build_mpls3 },
	{ "mpls 10 labels", ovs_fk_build_mpls10 },
	{ "nsh md1", ovs_fk_build_nsh_md1 },
	{ "802.3 llc", ovs_fk_build_llc },
	{ "802.3 snap", ovs_fk_build_snap },
	{ "l3 ipv4", ovs_fk_build_l3_ipv4 },
};

static void ovs_fk_trunc_desc(const struct ovs_fk_trunc_case *t, char *desc)
{
	strscpy(desc, t->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ovs_fk_trunc, ovs_fk_trunc_cases, ovs_fk_trunc_desc);

/* One cut of one packet, for the failure messages. */
struct ovs_fk_cut {
	struct kunit *test;
	const char *name;
	unsigned int len;
	unsigned int lin;
};

static bool ovs_fk_check(const struct ovs_fk_cut *cut, bool ok, const char *what)
{
	if (!ok)
		KUNIT_FAIL(cut->test, "%s cut to %u bytes (%u linear): %s",
			   cut->name, cut->len, cut->lin, what);
	return ok;
}

#define FK_CHECK(cut, cond)	ovs_fk_check(cut, cond, #cond)

static bool ovs_fk_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

/* Everything after the Ethernet fields: L3 and L4. */
static bool ovs_fk_l3_zero(const struct ovs_key *key)
{
	const size_t off = offsetof(struct ovs_key, ip);

	return ovs_fk_zero((const u8 *)key + off, sizeof(*key) - off);
}

static bool ovs_fk_l3_addrs_equal(const struct ovs_key *key,
				  const struct ovs_key *full)
{
	if (key->ip.tos != full->ip.tos || key->ip.ttl != full->ip.ttl)
		return false;
	if (ovs_key_is_ipv6(full))
		return ipv6_addr_equal(&key->ipv6.src, &full->ipv6.src) &&
		       ipv6_addr_equal(&key->ipv6.dst, &full->ipv6.dst) &&
		       key->ipv6.label == full->ipv6.label;
	if (ovs_key_is_ipv4(full) || ovs_key_is_arp(full))
		return key->ipv4.src == full->ipv4.src &&
		       key->ipv4.dst == full->ipv4.dst;
	return true;
}

static bool ovs_fk_check_key(const struct ovs_fk_cut *cut, const struct ovs_fk_pkt *p,
			     const struct sk_buff *skb, const struct ovs_key *key,
			 const struct ovs_key *full)
{
	const unsigned int len = cut->len;
	bool ok = true;

	ok = ok && FK_CHECK(cut, key->priority == FK_PRIORITY &&
			    key->skb_mark == FK_MARK &&
			    key->in_port == FK_IN_PORT &&
			    key->mac_proto == p->mac_proto &&
			    !key->recirc_id && !key->dp_hash);
	if (p->mac_proto == OVS_MAC_PROTO_NONE)
		ok = ok && FK_CHECK(cut, key->eth.type == p->protocol &&
				    is_zero_ether_addr(key->eth.src) &&
				    is_zero_ether_addr(key->eth.dst));
	else if (len < ETH_HLEN)
		ok = ok && FK_CHECK(cut, ovs_fk_zero(&key->eth, sizeof(key->eth)) &&
				    ovs_fk_l3_zero(key));
	else
		ok = ok && FK_CHECK(cut, ether_addr_equal(key->eth.src,
							  full->eth.src) &&
				    ether_addr_equal(key->eth.dst,
						     full->eth.dst));

	if (len >= p->nh)
		ok = ok && FK_CHECK(cut, !memcmp(&key->eth, &full->eth,
						 sizeof(key->eth)) &&
				    skb_network_offset(skb) == p->nh &&
				    skb->mac_len == p->nh);

	if (len < p->l3_min)
		ok = ok && FK_CHECK(cut, ovs_fk_l3_zero(key));
	else
		ok = ok && FK_CHECK(cut, ovs_fk_l3_addrs_equal(key, full));

	if (len >= p->l3_end) {
		ok = ok && FK_CHECK(cut, key->ip.proto == full->ip.proto &&
				    key->ip.frag == full->ip.frag);
		if (ovs_key_is_ipv6(full))
			ok = ok && FK_CHECK(cut, key->ipv6.exthdrs ==
					    full->ipv6.exthdrs);
		if (p->th)
			ok = ok && FK_CHECK(cut, skb_transport_offset(skb) ==
					    p->th);
	}

	if (len < p->l4_end)
		ok = ok && FK_CHECK(cut, !key->tp.src && !key->tp.dst &&
				    !key->tp.flags);
	if (len >= p->full_end)
		ok = ok && FK_CHECK(cut, !memcmp(key, full, sizeof(*key)));
	return ok;
}

/* The same cut with the other poison: any difference is a read past it. */
static bool ovs_fk_cut_repoisoned(struct ovs_fk_cut *cut, const struct ovs_fk_pkt *p,
				  const struct ovs_key *key)
{
	struct ovs_key other;
	struct sk_buff *skb;
	int ret;

	skb = ovs_fk_skb_poisoned(cut->test, p, cut->len, cut->lin, FK_POISON2);
	ret = ovs_flow_key_extract(skb, FK_IN_PORT, p->mac_proto, &other);
	kfree_skb(skb);
	return FK_CHECK(cut, ret == 0 && !memcmp(key, &other, sizeof(other)));
}

static bool ovs_fk_cut_one(struct ovs_fk_cut *cut, const struct ovs_fk_pkt *p,
			   const struct ovs_key *full, u8 *copy)
{
	struct sk_buff *skb;
	struct ovs_key key;
	bool ok = true;
	int ret;

	skb = ovs_fk_skb(cut->test, p, cut->len, cut->lin);
	ret = ovs_flow_key_extract(skb, FK_IN_PORT, p->mac_proto, &key);

	ok = ok && FK_CHECK(cut, ret == 0);
	ok = ok && ovs_fk_cut_repoisoned(cut, p, &key);
	/* skb->data did not move; the bytes are all there, unchanged. */
	ok = ok && FK_CHECK(cut, skb_headroom(skb) == FK_HEADROOM &&
			    skb->len == cut->len &&
			    skb_mac_offset(skb) == 0);
	ok = ok && FK_CHECK(cut, !skb_copy_bits(skb, 0, copy, cut->len) &&
			    !memcmp(copy, p->data, cut->len));
	ok = ok && ovs_fk_check_key(cut, p, skb, &key, full);
	kfree_skb(skb);
	return ok;
}

static void ovs_fk_test_truncated(struct kunit *test)
{
	const struct ovs_fk_trunc_case *t = test->param_value;
	struct ovs_fk_cut cut = { .test = test, .name = t->name };
	struct ovs_key full;
	struct sk_buff *skb;
	unsigned int lins[4];
	struct ovs_fk_pkt *p;
	unsigned int i;
	u8 *copy;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	copy = kunit_kzalloc(test, FK_PKT_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	t->build(test, p);
	KUNIT_ASSERT_GT(test, p->full_end, 0U);
	KUNIT_ASSERT_LE(test, p->full_end, p->len);

	skb = ovs_fk_skb(test, p, p->len, FK_PKT_MAX);
	KUNIT_ASSERT_EQ(test, ovs_flow_key_extract(skb, FK_IN_PORT,
						   p->mac_proto, &full), 0);
	kfree_skb(skb);

	lins[0] = FK_PKT_MAX;
	lins[1] = 0;
	lins[2] = ETH_HLEN;
	lins[3] = p->nh + 1;
	for (i = 0; i < ARRAY_SIZE(lins); i++) {
		cut.lin = lins[i];
		for (cut.len = 0; cut.len <= p->len; cut.len++)
			if (!ovs_fk_cut_one(&cut, p, &full, copy))
				break;
	}
}

static struct kunit_case ovs_fk_trunc_test_cases[] = {
	KUNIT_CASE_PARAM(ovs_fk_test_truncated, ovs_fk_trunc_gen_params),
	{}
};

static struct kunit_suite ovs_fk_trunc_suite = {
	.name = "ovs_flow_key_truncated",
	.test_cases = ovs_fk_trunc_test_cases,
};

kunit_test_suite(ovs_fk_trunc_suite);
