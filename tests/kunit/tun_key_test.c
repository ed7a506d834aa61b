// SPDX-License-Identifier: GPL-2.0-only
/*
 * OVS_KEY_ATTR_TUNNEL in flow keys and masks (datapath/flow_attr_tun.c):
 * IPv4 with VXLAN GBP, IPv6 with Geneve options, ERSPAN options and every
 * flag parsed into struct ovs_key, written back in the in-tree layout and
 * parsed again to the same key and mask; the mask of a flow given without
 * one; every malformed tunnel refused with its own extack message; and the
 * key of a packet that arrived with receive metadata
 * (linux/tunnel_md.c), which matches a flow installed from its own
 * attributes.
 */

#include <net/dst_metadata.h>
#include <net/ip_tunnels.h>
#include <net/vxlan.h>

#include "flow_attr_kunit.h"
#include "linux/tunnel_md.h"

#define TK_ID		0x123456789aULL
#define TK_SRC4		0xc0000201
#define TK_DST4		0xc6336407

static const u8 ovs_tk_geneve[] = {
	/* class 0x0102 type 0x80 (critical), 4 bytes; class 0xffff type 1, 8 */
	0x01, 0x02, 0x80, 0x01, 0xde, 0xad, 0xbe, 0xef,
	0xff, 0xff, 0x01, 0x02, 1, 2, 3, 4, 5, 6, 7, 8,
};

static void ovs_tk_addrs6(struct in6_addr *src, struct in6_addr *dst)
{
	ipv6_addr_set(src, htonl(0x20010db8), 0, 0, htonl(1));
	ipv6_addr_set(dst, htonl(0x20010db8), htonl(0xffff), 0, htonl(2));
}

/* The tunnel of a VXLAN GBP packet, every attribute in in-tree order. */
static void ovs_tk_put_vxlan(struct kunit *test, struct sk_buff *skb,
			     bool is_mask)
{
	__be64 id = cpu_to_be64(is_mask ? ~0ULL : TK_ID);
	struct nlattr *t, *v;

	t = ovs_kt_nest(test, skb, OVS_KEY_ATTR_TUNNEL);
	ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_ID, &id, sizeof(id));
	ovs_kt_u32(test, skb, OVS_TUNNEL_KEY_ATTR_IPV4_SRC,
		   is_mask ? ~0U : htonl(TK_SRC4));
	ovs_kt_u32(test, skb, OVS_TUNNEL_KEY_ATTR_IPV4_DST,
		   is_mask ? ~0U : htonl(TK_DST4));
	ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_TOS,
		   is_mask ? "\xff" : "\x28", 1);
	ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_TTL,
		   is_mask ? "\xff" : "\x3f", 1);
	ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT, NULL, 0);
	ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_CSUM, NULL, 0);
	ovs_kt_be16(test, skb, OVS_TUNNEL_KEY_ATTR_TP_SRC,
		    is_mask ? htons(0xffff) : htons(49152));
	ovs_kt_be16(test, skb, OVS_TUNNEL_KEY_ATTR_TP_DST,
		    is_mask ? htons(0xffff) : htons(4789));
	ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_OAM, NULL, 0);
	v = ovs_kt_nest(test, skb, OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS);
	ovs_kt_u32(test, skb, OVS_VXLAN_EXT_GBP, is_mask ? ~0U : 0x00880123);
	ovs_kt_nest_end(test, skb, v);
	ovs_kt_nest_end(test, skb, t);
}

static void ovs_tk_put_geneve6(struct kunit *test, struct sk_buff *skb,
			       const void *opts, int len)
{
	struct in6_addr src, dst;
	struct nlattr *t;

	ovs_tk_addrs6(&src, &dst);
	t = ovs_kt_nest(test, skb, OVS_KEY_ATTR_TUNNEL);
	ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_IPV6_SRC, &src, sizeof(src));
	ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_IPV6_DST, &dst, sizeof(dst));
	ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_TTL, "\x40", 1);
	ovs_kt_be16(test, skb, OVS_TUNNEL_KEY_ATTR_TP_DST, htons(6081));
	ovs_kt_put(test, skb, OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, opts, len);
	ovs_kt_nest_end(test, skb, t);
}

/* A key (or mask) around the tunnel the caller puts: Ethernet, ARP. */
static void ovs_tk_begin(struct kunit *test, int type)
{
	struct ovs_fa_ctx *c = test->priv;
	struct nlattr *n = ovs_kt_nest(test, c->skb, type);

	if (type == OVS_FLOW_ATTR_KEY)
		c->key = n;
	else
		c->mask = n;
}

static void ovs_tk_end(struct kunit *test, int type)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key_arp arp = { .arp_op = htons(1) };

	if (type == OVS_FLOW_ATTR_KEY) {
		ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_IN_PORT, 2);
		ovs_fa_eth(test, c->skb);
		ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE,
			    htons(ETH_P_ARP));
		ovs_kt_put(test, c->skb, OVS_KEY_ATTR_ARP, &arp, sizeof(arp));
		ovs_kt_nest_end(test, c->skb, c->key);
	} else {
		ovs_kt_u32(test, c->skb, OVS_KEY_ATTR_IN_PORT, U32_MAX);
		ovs_kt_be16(test, c->skb, OVS_KEY_ATTR_ETHERTYPE,
			    htons(0xffff));
		ovs_kt_nest_end(test, c->skb, c->mask);
	}
}

/*
 * Key and mask written back and parsed again give the same key and mask
 * (the key as the flow holds it: masked).  A mask's tunnel flags come back
 * as the attributes can say them: the four flags and the key's options.
 */
/* Byte for byte, naming the first bytes that differ. */
static void ovs_tk_same(struct kunit *test, const struct ovs_key *got,
			const struct ovs_key *exp, const char *what)
{
	const u8 *g = (const u8 *)got, *e = (const u8 *)exp;
	unsigned int i, bad = 0;

	for (i = 0; i < sizeof(*got) && bad < 4; i++)
		if (g[i] != e[i]) {
			KUNIT_FAIL(test, "%s byte %u is %#x, expected %#x",
				   what, i, g[i], e[i]);
			bad++;
		}
}

static void ovs_tk_norm_flags(struct ovs_key *m, const struct ovs_key *k)
{
	m->tun.flags &= OVS_TUN_F_KEY | OVS_TUN_F_CSUM |
			OVS_TUN_F_DONT_FRAGMENT | OVS_TUN_F_OAM |
			(k->tun.flags & OVS_TUN_F_OPTS);
}

static void ovs_tk_roundtrip(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct ovs_key *k = kunit_kmalloc(test, sizeof(*k), GFP_KERNEL);
	struct ovs_key *m = kunit_kmalloc(test, sizeof(*m), GFP_KERNEL);
	unsigned int i;
	int len;

	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_ASSERT_NOT_NULL(test, m);
	*k = c->k;
	*m = c->m;
	for (i = 0; i < sizeof(*k); i++)
		((u8 *)k)[i] &= ((u8 *)m)[i];

	skb_trim(c->skb, 0);
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(k, k, OVS_FLOW_ATTR_KEY, false,
					       c->skb), 0);
	c->key = (struct nlattr *)c->skb->data;
	len = c->skb->len;
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(k, m, OVS_FLOW_ATTR_MASK, true,
					       c->skb), 0);
	c->mask = (struct nlattr *)(c->skb->data + len);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	for (i = 0; i < sizeof(*k); i++)
		((u8 *)&c->k)[i] &= ((u8 *)&c->m)[i];
	ovs_tk_norm_flags(m, k);
	ovs_tk_norm_flags(&c->m, k);
	ovs_tk_same(test, &c->k, k, "key");
	ovs_tk_same(test, &c->m, m, "mask");
	KUNIT_EXPECT_EQ(test, memcmp(&c->k.tun, &k->tun, sizeof(k->tun)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(c->k.tun_opts, k->tun_opts,
				     sizeof(k->tun_opts)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&c->m.tun, &m->tun, sizeof(m->tun)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(c->m.tun_opts, m->tun_opts,
				     sizeof(m->tun_opts)), 0);
	ovs_fa_check_range(test, &c->m, &c->range);
}

static void ovs_tk_ipv4_vxlan(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct vxlan_metadata md;
	const u16 flags = OVS_TUN_F_KEY | OVS_TUN_F_CSUM |
			  OVS_TUN_F_DONT_FRAGMENT | OVS_TUN_F_OAM |
			  OVS_TUN_F_VXLAN_OPT;

	ovs_tk_begin(test, OVS_FLOW_ATTR_KEY);
	ovs_tk_put_vxlan(test, c->skb, false);
	ovs_tk_end(test, OVS_FLOW_ATTR_KEY);
	ovs_tk_begin(test, OVS_FLOW_ATTR_MASK);
	ovs_tk_put_vxlan(test, c->skb, true);
	ovs_tk_end(test, OVS_FLOW_ATTR_MASK);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);

	KUNIT_EXPECT_EQ(test, c->k.tun.proto, AF_INET);
	KUNIT_EXPECT_EQ(test, c->k.tun.id, cpu_to_be64(TK_ID));
	KUNIT_EXPECT_EQ(test, c->k.tun.ipv4.src, htonl(TK_SRC4));
	KUNIT_EXPECT_EQ(test, c->k.tun.ipv4.dst, htonl(TK_DST4));
	KUNIT_EXPECT_EQ(test, c->k.tun.tos, 0x28);
	KUNIT_EXPECT_EQ(test, c->k.tun.ttl, 0x3f);
	KUNIT_EXPECT_EQ(test, c->k.tun.tp_src, htons(49152));
	KUNIT_EXPECT_EQ(test, c->k.tun.tp_dst, htons(4789));
	KUNIT_EXPECT_EQ(test, c->k.tun.flags, flags);
	KUNIT_EXPECT_EQ(test, c->k.tun.opts_len, sizeof(md));
	memcpy(&md, ovs_key_tun_opts(&c->k, sizeof(md)), sizeof(md));
	KUNIT_EXPECT_EQ(test, md.gbp, 0x00880123U);
	/* The mask: exact on the presence of a tunnel and on its options. */
	KUNIT_EXPECT_EQ(test, c->m.tun.proto, 0xff);
	KUNIT_EXPECT_EQ(test, c->m.tun.opts_len, 0xff);
	KUNIT_EXPECT_EQ(test, c->m.tun.flags, flags);
	KUNIT_EXPECT_EQ(test, c->m.tun.ipv4.dst, ~0U);
	/* Only the option bytes, just before tun, in the mask's range. */
	KUNIT_EXPECT_FALSE(test, memchr_inv(c->m.tun_opts, 0,
					    OVS_KEY_TUN_OPTS_MAX - sizeof(md)));
	KUNIT_EXPECT_LE(test, (size_t)c->range.start,
			OVS_KEY_TUN_OPTS_MAX - sizeof(md));
	ovs_tk_roundtrip(test);
}

static void ovs_tk_ipv6_geneve(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	const int len = sizeof(ovs_tk_geneve);
	struct in6_addr src, dst;
	u8 ones[sizeof(ovs_tk_geneve)];

	ovs_tk_addrs6(&src, &dst);
	ovs_tk_begin(test, OVS_FLOW_ATTR_KEY);
	ovs_tk_put_geneve6(test, c->skb, ovs_tk_geneve, len);
	ovs_tk_end(test, OVS_FLOW_ATTR_KEY);
	/* Given without a mask: exact on every tunnel field. */
	c->mask = NULL;
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->k.tun.proto, AF_INET6);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&c->k.tun.ipv6.src, &src));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&c->k.tun.ipv6.dst, &dst));
	KUNIT_EXPECT_EQ(test, c->k.tun.flags, OVS_TUN_F_GENEVE_OPT);
	KUNIT_EXPECT_EQ(test, c->k.tun.opts_len, len);
	KUNIT_EXPECT_EQ(test, memcmp(ovs_key_tun_opts(&c->k, len),
				     ovs_tk_geneve, len), 0);
	memset(ones, 0xff, sizeof(ones));
	KUNIT_EXPECT_EQ(test, memcmp(ovs_key_tun_opts(&c->m, len), ones, len),
			0);
	KUNIT_EXPECT_FALSE(test, memchr_inv(&c->m.tun, 0xff,
					    offsetof(struct ovs_key_tun, pad)));
	KUNIT_EXPECT_FALSE(test, memchr_inv(c->m.tun.pad, 0, sizeof(c->m.tun.pad)));
	ovs_tk_roundtrip(test);

	/* A mask's options line up with the key's: as long, or refused. */
	skb_trim(c->skb, 0);
	ovs_tk_begin(test, OVS_FLOW_ATTR_KEY);
	ovs_tk_put_geneve6(test, c->skb, ovs_tk_geneve, len);
	ovs_tk_end(test, OVS_FLOW_ATTR_KEY);
	ovs_tk_begin(test, OVS_FLOW_ATTR_MASK);
	ovs_tk_put_geneve6(test, c->skb, ones, len - 4);
	ovs_tk_end(test, OVS_FLOW_ATTR_MASK);
	ovs_fa_expect_einval(test, "short Geneve mask");
	KUNIT_EXPECT_STREQ(test, c->extack._msg, KBUILD_MODNAME
			   ": Geneve options mask is not as long as the key's options");
}

static void ovs_tk_erspan(struct kunit *test)
{
	static const u8 md[12] = { 0, 0, 0, 2, 0, 0, 0, 0, 0x12, 0x34, 5, 6 };
	struct ovs_fa_ctx *c = test->priv;
	struct nlattr *t;

	ovs_tk_begin(test, OVS_FLOW_ATTR_KEY);
	t = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_TUNNEL);
	ovs_kt_u32(test, c->skb, OVS_TUNNEL_KEY_ATTR_IPV4_DST, htonl(TK_DST4));
	ovs_kt_put(test, c->skb, OVS_TUNNEL_KEY_ATTR_TTL, "\x01", 1);
	ovs_kt_put(test, c->skb, OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS, md,
		   sizeof(md));
	ovs_kt_nest_end(test, c->skb, t);
	ovs_tk_end(test, OVS_FLOW_ATTR_KEY);
	c->mask = NULL;
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->k.tun.flags, OVS_TUN_F_ERSPAN_OPT);
	/* An IPv4 key's exact mask leaves the rest of the address union. */
	KUNIT_EXPECT_EQ(test, c->m.tun.ipv4.dst, ~0U);
	KUNIT_EXPECT_FALSE(test, memchr_inv((u8 *)&c->m.tun.ipv6 +
					    sizeof(c->m.tun.ipv4), 0,
					    sizeof(c->m.tun.ipv6) -
					    sizeof(c->m.tun.ipv4)));
	KUNIT_EXPECT_EQ(test, c->k.tun.opts_len, sizeof(md));
	KUNIT_EXPECT_EQ(test, memcmp(ovs_key_tun_opts(&c->k, sizeof(md)), md,
				     sizeof(md)), 0);
	ovs_tk_roundtrip(test);
}

/* A mask whose tunnel is all zeros matches only packets from no tunnel. */
static void ovs_tk_zero_mask(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	struct nlattr *t, *out;

	ovs_tk_begin(test, OVS_FLOW_ATTR_KEY);
	ovs_tk_end(test, OVS_FLOW_ATTR_KEY);
	ovs_tk_begin(test, OVS_FLOW_ATTR_MASK);
	t = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_TUNNEL);
	ovs_kt_put(test, c->skb, OVS_TUNNEL_KEY_ATTR_TTL, "\0", 1);
	ovs_kt_nest_end(test, c->skb, t);
	ovs_tk_end(test, OVS_FLOW_ATTR_MASK);
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	KUNIT_EXPECT_EQ(test, c->k.tun.proto, 0);
	KUNIT_EXPECT_EQ(test, c->m.tun.proto, 0xff);

	/* The key of no tunnel has no TUNNEL; its mask has one. */
	skb_trim(c->skb, 0);
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(&c->k, &c->k, OVS_FLOW_ATTR_KEY,
					       false, c->skb), 0);
	out = (struct nlattr *)c->skb->data;
	KUNIT_EXPECT_NULL(test, nla_find_nested(out, OVS_KEY_ATTR_TUNNEL));
	skb_trim(c->skb, 0);
	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(&c->k, &c->m, OVS_FLOW_ATTR_MASK,
					       true, c->skb), 0);
	out = (struct nlattr *)c->skb->data;
	t = nla_find_nested(out, OVS_KEY_ATTR_TUNNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_NOT_NULL(test, nla_find_nested(t, OVS_TUNNEL_KEY_ATTR_TTL));
}

/* --- refusals ----------------------------------------------------------- */

enum {
	TK_ID_ATTR = BIT(0), TK_V4DST = BIT(1), TK_V6DST = BIT(2),
	TK_TTL = BIT(3), TK_ZERO_DST = BIT(4),
};

/* A tunnel of the given parts, then extra bytes put as they are. */
static void ovs_tk_bad(struct kunit *test, unsigned int parts,
		       const void *extra, int extra_len, bool partial)
{
	struct ovs_fa_ctx *c = test->priv;
	struct in6_addr src, dst;
	__be64 id = cpu_to_be64(1);
	struct nlattr *t;

	ovs_tk_addrs6(&src, &dst);
	if (parts & TK_ZERO_DST)
		memset(&dst, 0, sizeof(dst));
	skb_trim(c->skb, 0);
	c->mask = NULL;
	ovs_tk_begin(test, OVS_FLOW_ATTR_KEY);
	t = ovs_kt_nest(test, c->skb, OVS_KEY_ATTR_TUNNEL);
	if (parts & TK_ID_ATTR)
		ovs_kt_put(test, c->skb, OVS_TUNNEL_KEY_ATTR_ID, &id, sizeof(id));
	if (parts & TK_V4DST)
		ovs_kt_u32(test, c->skb, OVS_TUNNEL_KEY_ATTR_IPV4_DST,
			   parts & TK_ZERO_DST ? 0 : htonl(TK_DST4));
	if (parts & TK_V6DST)
		ovs_kt_put(test, c->skb, OVS_TUNNEL_KEY_ATTR_IPV6_DST, &dst,
			   sizeof(dst));
	if (parts & TK_TTL)
		ovs_kt_put(test, c->skb, OVS_TUNNEL_KEY_ATTR_TTL, "\x40", 1);
	if (extra_len)
		skb_put_data(c->skb, extra, extra_len);
	if (partial)
		skb_put_zero(c->skb, NLA_HDRLEN);
	ovs_kt_nest_end(test, c->skb, t);
	ovs_tk_end(test, OVS_FLOW_ATTR_KEY);
}

/* One attribute (type, len bytes of fill) in a buffer, for ovs_tk_bad. */
static int ovs_tk_attr(u8 *buf, int type, int len, u8 fill)
{
	struct nlattr *nla = (struct nlattr *)buf;

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memset(buf + NLA_HDRLEN, fill, len);
	memset(buf + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	return NLA_HDRLEN + NLA_ALIGN(len);
}

static void ovs_tk_refused(struct kunit *test, const char *msg)
{
	struct ovs_fa_ctx *c = test->priv;

	ovs_fa_expect_einval(test, msg);
	if (c->extack._msg)
		KUNIT_EXPECT_STREQ_MSG(test, c->extack._msg + strlen(KBUILD_MODNAME ": "),
				       msg, "extack");
}

static void ovs_tk_malformed(struct kunit *test)
{
	const unsigned int ok4 = TK_V4DST | TK_TTL;
	const unsigned int ok6 = TK_V6DST | TK_TTL;
	u8 buf[600];
	int n;

	/* The well-formed base is accepted: the refusals below are theirs. */
	ovs_tk_bad(test, ok4, NULL, 0, false);
	KUNIT_EXPECT_EQ(test, ovs_fa_parse(test, true), 0);
	ovs_tk_bad(test, ok6 | TK_ID_ATTR, NULL, 0, false);
	KUNIT_EXPECT_EQ(test, ovs_fa_parse(test, true), 0);

	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_MAX + 1, 4, 0);
	ovs_tk_bad(test, ok4, buf, n, false);
	ovs_tk_refused(test, "unknown tunnel key attribute");

	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_TOS, 4, 0);
	ovs_tk_bad(test, ok4, buf, n, false);
	ovs_tk_refused(test, "tunnel key attribute has the wrong length");
	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_CSUM, 1, 0);
	ovs_tk_bad(test, ok4, buf, n, false);
	ovs_tk_refused(test, "tunnel key attribute has the wrong length");
	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_IPV6_SRC, 4, 1);
	ovs_tk_bad(test, ok6, buf, n, false);
	ovs_tk_refused(test, "tunnel key attribute has the wrong length");

	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_TTL, 1, 9);
	ovs_tk_bad(test, ok4, buf, n, false);
	ovs_tk_refused(test, "duplicate tunnel key attribute");

	ovs_tk_bad(test, ok4, NULL, 0, true);
	ovs_tk_refused(test, "tunnel key ends in a partial attribute");

	/* Options: alignment, length, one kind. */
	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, 6, 1);
	ovs_tk_bad(test, ok4, buf, n, false);
	ovs_tk_refused(test, "Geneve options are not a multiple of 4 bytes");
	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, 256, 1);
	ovs_tk_bad(test, ok4, buf, n, false);
	ovs_tk_refused(test, "tunnel options are too long");
	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS, 300, 1);
	ovs_tk_bad(test, ok4, buf, n, false);
	ovs_tk_refused(test, "tunnel options are too long");
	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS, 8, 1);
	n += ovs_tk_attr(buf + n, OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS, 12, 1);
	ovs_tk_bad(test, ok4, buf, n, false);
	ovs_tk_refused(test, "tunnel key has more than one kind of options");

	/* VXLAN's nest: GBP only, 4 bytes, once, nothing after it. */
	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS, 8, 0);
	ovs_tk_attr(buf + NLA_HDRLEN, OVS_VXLAN_EXT_GBP + 1, 4, 0);
	ovs_tk_bad(test, ok4, buf, n, false);
	ovs_tk_refused(test, "unknown VXLAN extension");
	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS, 8, 0);
	ovs_tk_attr(buf + NLA_HDRLEN, OVS_VXLAN_EXT_GBP, 2, 0);
	ovs_tk_bad(test, ok4, buf, n, false);
	ovs_tk_refused(test, "VXLAN GBP extension has the wrong length");
	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS, 16, 0);
	ovs_tk_attr(buf + NLA_HDRLEN, OVS_VXLAN_EXT_GBP, 4, 0);
	ovs_tk_attr(buf + NLA_HDRLEN + 8, OVS_VXLAN_EXT_GBP, 4, 0);
	ovs_tk_bad(test, ok4, buf, n, false);
	ovs_tk_refused(test, "duplicate VXLAN GBP extension");
	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS, 10, 0);
	ovs_tk_attr(buf + NLA_HDRLEN, OVS_VXLAN_EXT_GBP, 4, 0);
	ovs_tk_bad(test, ok4, buf, n, false);
	ovs_tk_refused(test, "VXLAN options end in a partial attribute");

	/* Families and destinations. */
	ovs_tk_bad(test, ok4 | TK_V6DST, NULL, 0, false);
	ovs_tk_refused(test, "tunnel key mixes IPv4 and IPv6 attributes");
	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE, 0, 0);
	ovs_tk_bad(test, TK_V6DST | TK_TTL, buf, n, false);
	ovs_tk_refused(test, "tunnel key mixes IPv4 and IPv6 attributes");
	ovs_tk_bad(test, TK_ID_ATTR | TK_TTL, NULL, 0, false);
	ovs_tk_refused(test, "tunnel key has no destination address");
	ovs_tk_bad(test, ok4 | TK_ZERO_DST, NULL, 0, false);
	ovs_tk_refused(test, "IPv4 tunnel destination is zero");
	ovs_tk_bad(test, ok6 | TK_ZERO_DST, NULL, 0, false);
	ovs_tk_refused(test, "IPv6 tunnel destination is zero");
	ovs_tk_bad(test, TK_V4DST, NULL, 0, false);
	ovs_tk_refused(test, "tunnel key has no TTL");
	ovs_tk_bad(test, TK_V6DST | TK_ID_ATTR, NULL, 0, false);
	ovs_tk_refused(test, "tunnel key has no TTL");

	/* Bridge mode: only for set(tunnel()) (tun_set_test.c). */
	n = ovs_tk_attr(buf, OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE, 0, 0);
	ovs_tk_bad(test, TK_ID_ATTR, buf, n, false);
	ovs_tk_refused(test, "bridge-mode tunnel in a flow key");
}

/* --- a packet's receive metadata ------------------------------------------ */

/*
 * What a Geneve device in metadata mode hands up, into the key: every
 * field, the options at the end of tun_opts, the driver's own flags left
 * out; and the key's attributes, installed as a flow's exact key, give the
 * same key back.
 */
static void ovs_tk_from_info(struct kunit *test)
{
	struct ovs_fa_ctx *c = test->priv;
	const int len = sizeof(ovs_tk_geneve);
	struct ovs_key *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	struct ip_tunnel_info *info;
	struct metadata_dst *md;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, k);
	md = metadata_dst_alloc(len, METADATA_IP_TUNNEL, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, md);
	info = &md->u.tun_info;
	info->mode = IP_TUNNEL_INFO_IPV6;
	ovs_tk_addrs6(&info->key.u.ipv6.src, &info->key.u.ipv6.dst);
	info->key.tun_id = cpu_to_be64(0x77);
	info->key.tos = 4;
	info->key.ttl = 9;
	info->key.tp_src = htons(1234);
	info->key.tp_dst = htons(6081);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_KEY_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_OAM_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_GENEVE_OPT_BIT);
	ovs_tun_flag_set(&info->key, IP_TUNNEL_CRIT_OPT_BIT);
	ovs_tun_info_opts_set(info, ovs_tk_geneve, len);

	ovs_fa_key_init(k, htons(ETH_P_ARP));
	ovs_tunnel_md_key(info, k);
	dst_release(&md->dst);
	KUNIT_EXPECT_EQ(test, k->tun.proto, AF_INET6);
	KUNIT_EXPECT_EQ(test, k->tun.id, cpu_to_be64(0x77));
	KUNIT_EXPECT_EQ(test, k->tun.tos, 4);
	KUNIT_EXPECT_EQ(test, k->tun.ttl, 9);
	KUNIT_EXPECT_EQ(test, k->tun.tp_src, htons(1234));
	KUNIT_EXPECT_EQ(test, k->tun.flags,
			OVS_TUN_F_KEY | OVS_TUN_F_OAM | OVS_TUN_F_GENEVE_OPT);
	KUNIT_EXPECT_EQ(test, k->tun.opts_len, len);
	KUNIT_EXPECT_EQ(test, memcmp(ovs_key_tun_opts(k, len), ovs_tk_geneve,
				     len), 0);
	KUNIT_EXPECT_FALSE(test, memchr_inv(k->tun_opts, 0,
					    OVS_KEY_TUN_OPTS_MAX - len));

	KUNIT_ASSERT_EQ(test, ovs_key_to_attrs(k, k, OVS_FLOW_ATTR_KEY, false,
					       c->skb), 0);
	c->key = (struct nlattr *)c->skb->data;
	c->mask = NULL;
	KUNIT_ASSERT_EQ(test, ovs_fa_parse(test, true), 0);
	for (i = 0; i < sizeof(*k); i++)
		KUNIT_EXPECT_EQ_MSG(test, ((u8 *)&c->k)[i], ((u8 *)k)[i],
				    "key byte %u", i);
}

static struct kunit_case ovs_tk_cases[] = {
	KUNIT_CASE(ovs_tk_ipv4_vxlan),
	KUNIT_CASE(ovs_tk_ipv6_geneve),
	KUNIT_CASE(ovs_tk_erspan),
	KUNIT_CASE(ovs_tk_zero_mask),
	KUNIT_CASE(ovs_tk_malformed),
	KUNIT_CASE(ovs_tk_from_info),
	{}
};

static struct kunit_suite ovs_tk_suite = {
	.name = "ovs_tun_key",
	.init = ovs_fa_init,
	.exit = ovs_fa_exit,
	.test_cases = ovs_tk_cases,
};

kunit_test_suite(ovs_tk_suite);
