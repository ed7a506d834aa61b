// SPDX-License-Identifier: GPL-2.0-only
/*
 * The netlink fuzzer.  Every command of every family the module registers
 * is sent valid requests mutated with their structure in mind, through a
 * generic netlink socket (genl_client_kunit.h) as userspace's requests
 * travel: the genetlink core's header checks, permission checks, dumps and
 * acks all run.  The families, their commands and the policies their
 * attributes are parsed with come from the module's own table,
 * ovs_genl_families(): a family, command or attribute added later is
 * fuzzed without a change here.  What this file knows about particular
 * attributes (flow keys, actions, meter bands, names of objects that
 * exist) only makes requests go deeper; an attribute it does not know is
 * built from its policy type.
 *
 * A datapath stays up across requests so that they find ports, flows and
 * meters to act on; every FZ_RESET_EVERY requests, and at the end of each
 * case, every object the fuzzer may have made is deleted and the datapath
 * made again.  Each case is OVS_FUZZ_CHUNK requests (or the short slice)
 * from its own seed, which it prints, and begins from that fresh state:
 * a run with the same openvswitch.fuzz_seed and fuzz_iterations sends
 * the same requests, and openvswitch.fuzz_first=F repeats the chunk
 * holding request F without the chunks before it.
 *
 * What must hold for every request: an answer (ack or dump end) with 0 or
 * an error, and a refusal by the family, dumps included, with an extack
 * message; EPERM for a command that needs CAP_NET_ADMIN sent without it;
 * EOPNOTSUPP for a command the family does not have; and no report from
 * KASAN, UBSAN, lockdep or kmemleak.  Over a whole run every command must
 * have accepted at least one request, or the fuzzer is not reaching it.
 */

#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/netdevice.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "datapath.h"
#include "flow_attr.h"
#include "flow_key.h"
#include "genl.h"
#include "flow_attr_kunit.h"
#include "fuzz_kunit.h"
#include "genl_client_kunit.h"

#define FZ_SEED			0x6f76735f6e6c667aULL
#define FZ_SHORT		10000UL
#define FZ_RESET_EVERY		500
#define FZ_MAX_FAMILIES		8
#define FZ_MAX_OPS		8
/* Per family: each op as a request and as a dump, then unknown commands. */
#define FZ_SLOTS		(2 * FZ_MAX_OPS + 1)
#define FZ_POOL			8
#define FZ_LEAF_MAX		256
#define FZ_ACTIONS_DEPTH	4

/* Nobody listens there: upcalls the fuzzer causes are counted lost. */
#define FZ_PID			0x7ff0f00dU
#define FZ_DP			"ovsfz0"

/* Names that exist, may exist, or can never: GET and DEL find something. */
static const char * const fz_dp_names[] = {
	FZ_DP, "ovsfz1", "ovsfz1", "ovsfz1", "ovsfz1", "", "lo",
	"ovsfz_0123456789",
};

static const char * const fz_port_names[] = {
	"fzp0", "fzp1", "fzp2", "fzp0", FZ_DP, "ovsfz1", "lo", "",
	"fzp_0123456789ab",
};

static const char * const fz_strings[] = {
	"ftp", "tftp", "nosuchhelper", "", "x", "fzp0",
};

struct fz_count {
	unsigned long sent;
	unsigned long accepted;
	unsigned long refused;
	unsigned long eperm;
	/* Refused by the family (not the genetlink core) without a message. */
	unsigned long nomsg;
};

struct fz {
	struct kunit *test;
	struct gc *g;
	struct rnd_state rnd;
	const struct ovs_genl_desc *fams;
	unsigned int n_fams;
	/* This request's family, its flow key, and how often to mutate. */
	const struct ovs_genl_desc *d;
	struct ovs_key key;
	struct ovs_key mask;
	u32 mut;
	struct sk_buff *scratch;
	unsigned long resets;
	/* The request being sent, counted from the run's first. */
	unsigned long index;
	struct fz_count count[FZ_MAX_FAMILIES][FZ_SLOTS];
};

/* The whole run's, for the coverage the last case prints and checks. */
static struct fz_count fz_total[FZ_MAX_FAMILIES][FZ_SLOTS];
static unsigned long fz_total_msgs;
static u64 fz_total_ns;

static u32 fz_rand(struct fz *f, u32 n)
{
	return ovs_fa_rand(&f->rnd, n);
}

static bool fz_one_in(struct fz *f, u32 n)
{
	return !fz_rand(f, n);
}

static u64 fz_u64(struct fz *f)
{
	u64 hi = prandom_u32_state(&f->rnd);

	return hi << 32 | prandom_u32_state(&f->rnd);
}

/* 0, 1, max, max-1, the sign bit and its neighbours, or anything. */
static u64 fz_edge(struct fz *f, int bytes)
{
	u64 max = bytes >= 8 ? U64_MAX : (1ULL << (bytes * 8)) - 1;
	u64 sign = 1ULL << (bytes * 8 - 1);

	switch (fz_rand(f, 8)) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return max;
	case 3:
		return max - 1;
	case 4:
		return sign;
	case 5:
		return sign - 1;
	case 6:
		return sign + 1;
	default:
		return fz_u64(f) & max;
	}
}

/* A type for a mutated attribute: a neighbour, unknown, or with a flag. */
static int fz_other_type(struct fz *f, int type)
{
	switch (fz_rand(f, 6)) {
	case 0:
		return 0;
	case 1:
		return type + 1;
	case 2:
		return type ? type - 1 : 1;
	case 3:
		return fz_rand(f, NLA_TYPE_MASK + 1);
	case 4:
		return type | NLA_F_NESTED;
	default:
		return type | NLA_F_NET_BYTEORDER;
	}
}

/*
 * Every leaf attribute goes through here, and one in f->mut is mutated:
 * its type, its length (short, long, zero), its bits, repeated, or put
 * inside nests where it belongs flat (sometimes many deep).
 */
static void fz_put(struct fz *f, struct sk_buff *skb, int type,
		   const void *data, int len)
{
	u8 buf[FZ_LEAF_MAX];
	struct nlattr *nests[48];
	int i, n;

	len = max(len, 0);
	if (!f->mut || len > FZ_LEAF_MAX || !fz_one_in(f, f->mut)) {
		nla_put(skb, type, len, data);
		return;
	}
	if (len)
		memcpy(buf, data, len);
	switch (fz_rand(f, 8)) {
	case 0:
		type = fz_other_type(f, type);
		break;
	case 1:
		len = len ? fz_rand(f, len) : 0;
		break;
	case 2:
		n = min(FZ_LEAF_MAX - len, 1 + (int)fz_rand(f, 16));
		prandom_bytes_state(&f->rnd, buf + len, n);
		len += n;
		break;
	case 3:
		len = 0;
		break;
	case 4:
		nla_put(skb, type, len, buf);
		if (len)
			buf[fz_rand(f, len)] ^= 1 << fz_rand(f, 8);
		break;
	case 5:
		n = fz_one_in(f, 4) ? 8 + fz_rand(f, ARRAY_SIZE(nests) - 8) : 1;
		for (i = 0; i < n; i++) {
			nests[i] = nla_nest_start_noflag(skb, type);
			if (!nests[i])
				break;
		}
		nla_put(skb, type, len, buf);
		while (i--)
			nla_nest_end(skb, nests[i]);
		return;
	default:
		n = 1 + fz_rand(f, 3);
		while (len && n--)
			buf[fz_rand(f, len)] ^= 1 << fz_rand(f, 8);
		break;
	}
	nla_put(skb, type, len, buf);
}

static void fz_put_int(struct fz *f, struct sk_buff *skb, int type, int bytes,
		       u64 v)
{
	u8 v8 = v;
	u16 v16 = v;
	u32 v32 = v;

	if (bytes == 1)
		fz_put(f, skb, type, &v8, 1);
	else if (bytes == 2)
		fz_put(f, skb, type, &v16, 2);
	else if (bytes == 4)
		fz_put(f, skb, type, &v32, 4);
	else
		fz_put(f, skb, type, &v, 8);
}

static void fz_put_u32(struct fz *f, struct sk_buff *skb, int type, u32 v)
{
	fz_put_int(f, skb, type, 4, v);
}

static void fz_put_flag(struct fz *f, struct sk_buff *skb, int type)
{
	fz_put(f, skb, type, NULL, 0);
}

static void fz_put_str(struct fz *f, struct sk_buff *skb, int type,
		       const char *s)
{
	fz_put(f, skb, type, s, strlen(s) + 1);
}

static void fz_put_random(struct fz *f, struct sk_buff *skb, int type, int len)
{
	u8 buf[FZ_LEAF_MAX];

	len = min(len, FZ_LEAF_MAX);
	prandom_bytes_state(&f->rnd, buf, len);
	fz_put(f, skb, type, buf, len);
}

/* A nest, sometimes under a type it does not have. */
static struct nlattr *fz_nest(struct fz *f, struct sk_buff *skb, int type)
{
	if (f->mut && fz_one_in(f, 4 * f->mut))
		type = fz_other_type(f, type);
	return nla_nest_start_noflag(skb, type);
}

static void fz_nest_end(struct sk_buff *skb, struct nlattr *nest)
{
	if (nest)
		nla_nest_end(skb, nest);
}

/* Values that name what the fuzzer made, or nothing, or edges. */
static u32 fz_port_no(struct fz *f)
{
	return fz_one_in(f, 4) ? fz_edge(f, 4) : fz_rand(f, 5);
}

static u32 fz_meter_id(struct fz *f)
{
	static const u32 ids[] = { 199999, 200000, U32_MAX };

	if (fz_one_in(f, 6))
		return ids[fz_rand(f, ARRAY_SIZE(ids))];
	return fz_one_in(f, 8) ? fz_edge(f, 4) : fz_rand(f, 4);
}

static u32 fz_pid_val(struct fz *f)
{
	u32 pid = fz_one_in(f, 4) ? fz_edge(f, 4) : FZ_PID;

	/* Upcalls to the client's own socket would crowd out its acks. */
	return pid == f->g->portid ? FZ_PID : pid;
}

/* --- attributes the fuzzer knows -------------------------------------- */

static void fz_gen_dp_name(struct fz *f, struct sk_buff *skb, int type)
{
	fz_put_str(f, skb, type, fz_dp_names[fz_rand(f, ARRAY_SIZE(fz_dp_names))]);
}

static void fz_gen_port_name(struct fz *f, struct sk_buff *skb, int type)
{
	fz_put_str(f, skb, type,
		   fz_port_names[fz_rand(f, ARRAY_SIZE(fz_port_names))]);
}

static void fz_gen_pid(struct fz *f, struct sk_buff *skb, int type)
{
	fz_put_u32(f, skb, type, fz_pid_val(f));
}

/* An array of u32 port ids, sometimes empty or with an odd length. */
static void fz_gen_pids(struct fz *f, struct sk_buff *skb, int type)
{
	u32 pids[16];
	int i, n = fz_rand(f, ARRAY_SIZE(pids) + 1);

	for (i = 0; i < n; i++)
		pids[i] = fz_pid_val(f);
	fz_put(f, skb, type, pids, n * sizeof(u32) - (fz_one_in(f, 16) && n));
}

static void fz_gen_dp_features(struct fz *f, struct sk_buff *skb, int type)
{
	fz_put_u32(f, skb, type, fz_one_in(f, 4) ? fz_edge(f, 4) :
		   fz_rand(f, OVS_DP_F_DISPATCH_UPCALL_PER_CPU << 1));
}

static void fz_gen_cache_size(struct fz *f, struct sk_buff *skb, int type)
{
	fz_put_u32(f, skb, type, fz_one_in(f, 4) ? fz_edge(f, 4) :
		   1U << fz_rand(f, 15));
}

static void fz_gen_port_no(struct fz *f, struct sk_buff *skb, int type)
{
	fz_put_u32(f, skb, type, fz_port_no(f));
}

static void fz_gen_vport_type(struct fz *f, struct sk_buff *skb, int type)
{
	u32 t = fz_one_in(f, 8) ? fz_edge(f, 4) : fz_rand(f, OVS_VPORT_TYPE_MAX + 2);

	/* Internal ports most: they need no device of their own. */
	if (fz_one_in(f, 2))
		t = OVS_VPORT_TYPE_INTERNAL;
	fz_put_u32(f, skb, type, t);
}

static void fz_gen_vport_options(struct fz *f, struct sk_buff *skb, int type)
{
	static const u16 ports[] = { 4789, 6081, 0, 65535, 8472 };
	struct nlattr *nest, *ext;

	nest = fz_nest(f, skb, type);
	if (!fz_one_in(f, 4))
		fz_put_int(f, skb, OVS_TUNNEL_ATTR_DST_PORT, 2,
			   ports[fz_rand(f, ARRAY_SIZE(ports))]);
	if (fz_one_in(f, 3)) {
		ext = fz_nest(f, skb, OVS_TUNNEL_ATTR_EXTENSION);
		if (!fz_one_in(f, 4))
			fz_put_flag(f, skb, OVS_VXLAN_EXT_GBP);
		fz_nest_end(skb, ext);
	}
	if (fz_one_in(f, 8))
		fz_put_random(f, skb, fz_rand(f, 8), fz_rand(f, 8));
	fz_nest_end(skb, nest);
}

/*
 * Flow keys come from a small pool (so that GET, SET and DEL find the
 * flows NEW made) or are new; either way valid, in the shapes packet
 * extraction produces.
 */
static void fz_pick_key(struct fz *f)
{
	struct rnd_state pool;

	if (fz_one_in(f, 4)) {
		ovs_fa_fuzz_key(&f->rnd, &f->key);
		return;
	}
	prandom_seed_state(&pool, FZ_SEED + fz_rand(f, FZ_POOL));
	ovs_fa_fuzz_key(&pool, &f->key);
}

/* Some bits of the attribute just put (the last in skb) flipped. */
static void fz_flip_inside(struct fz *f, struct nlattr *a)
{
	u8 *p = nla_data(a);
	int len = nla_len(a), n = 1 + fz_rand(f, 4);

	while (len > 0 && n--)
		p[fz_rand(f, len)] ^= 1 << fz_rand(f, 8);
}

static void fz_gen_key(struct fz *f, struct sk_buff *skb, int type)
{
	struct nlattr *start = (struct nlattr *)skb_tail_pointer(skb);
	struct nlattr *nest;

	if (f->mut && fz_one_in(f, 8)) {
		/* A stream of key attributes, any type, length or nesting. */
		nest = fz_nest(f, skb, type);
		ovs_fa_fuzz_attrs(&f->rnd, skb, 0, 0);
		fz_nest_end(skb, nest);
		return;
	}
	if (ovs_key_to_attrs(&f->key, &f->key, type, false, skb))
		return;
	if (f->mut && fz_one_in(f, f->mut))
		fz_flip_inside(f, start);
}

static void fz_gen_mask(struct fz *f, struct sk_buff *skb, int type)
{
	struct nlattr *start = (struct nlattr *)skb_tail_pointer(skb);
	struct nlattr *nest;

	switch (fz_rand(f, 8)) {
	case 0:
		/* Nothing matters. */
		memset(&f->mask, 0, sizeof(f->mask));
		break;
	case 1:
		prandom_bytes_state(&f->rnd, &f->mask, sizeof(f->mask));
		break;
	case 2:
		nest = fz_nest(f, skb, type);
		ovs_fa_fuzz_attrs(&f->rnd, skb, 0, 0);
		fz_nest_end(skb, nest);
		return;
	default:
		memset(&f->mask, 0xff, sizeof(f->mask));
		break;
	}
	if (ovs_key_to_attrs(&f->key, &f->mask, type, true, skb))
		return;
	if (f->mut && fz_one_in(f, f->mut))
		fz_flip_inside(f, start);
}

static void fz_gen_ufid(struct fz *f, struct sk_buff *skb, int type)
{
	u8 ufid[20];

	memset(ufid, 0xa0 + fz_rand(f, FZ_POOL), sizeof(ufid));
	fz_put(f, skb, type, ufid, fz_one_in(f, 8) ? 1 + fz_rand(f, 20) : 16);
}

static void fz_gen_ufid_flags(struct fz *f, struct sk_buff *skb, int type)
{
	fz_put_u32(f, skb, type, fz_one_in(f, 4) ? fz_edge(f, 4) : fz_rand(f, 8));
}

static void fz_gen_mru(struct fz *f, struct sk_buff *skb, int type)
{
	static const u16 mrus[] = { 0, 1, 68, 576, 1280, 1500, 9000, 65535 };

	fz_put_int(f, skb, type, 2, mrus[fz_rand(f, ARRAY_SIZE(mrus))]);
}

/*
 * A frame for the request's key: Ethernet, VLAN tags, IPv4 or IPv6 and a
 * transport header as the key says, the rest random, sometimes cut short.
 */
static void fz_gen_packet(struct fz *f, struct sk_buff *skb, int type)
{
	const struct ovs_key *k = &f->key;
	u8 buf[FZ_LEAF_MAX];
	struct ethhdr *eth = (struct ethhdr *)buf;
	int len = ETH_HLEN, l4 = 0;
	__be16 proto = k->eth.type;

	prandom_bytes_state(&f->rnd, buf, sizeof(buf));
	memcpy(eth->h_dest, k->eth.dst, ETH_ALEN);
	memcpy(eth->h_source, k->eth.src, ETH_ALEN);
	if (k->eth.vlan.tci) {
		eth->h_proto = k->eth.vlan.tpid;
		*(__be16 *)(buf + len) = k->eth.vlan.tci;
		len += VLAN_HLEN;
	}
	*(__be16 *)(buf + len - 2) = proto;
	if (proto == htons(ETH_P_IP)) {
		struct iphdr *ip = (struct iphdr *)(buf + len);

		memset(ip, 0, sizeof(*ip));
		ip->version = 4;
		ip->ihl = 5;
		ip->ttl = k->ip.ttl;
		ip->tos = k->ip.tos;
		ip->protocol = k->ip.proto;
		ip->saddr = k->ipv4.src;
		ip->daddr = k->ipv4.dst;
		l4 = len + sizeof(*ip);
		ip->tot_len = htons(sizeof(*ip) + 40);
	} else if (proto == htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)(buf + len);

		memset(ip6, 0, sizeof(*ip6));
		ip6->version = 6;
		ip6->nexthdr = k->ip.proto;
		ip6->hop_limit = k->ip.ttl;
		ip6->saddr = k->ipv6.src;
		ip6->daddr = k->ipv6.dst;
		ip6->payload_len = htons(40);
		l4 = len + sizeof(*ip6);
	}
	if (l4) {
		/* Ports where TCP, UDP and SCTP keep them; lengths that fit. */
		*(__be16 *)(buf + l4) = k->tp.src;
		*(__be16 *)(buf + l4 + 2) = k->tp.dst;
		if (k->ip.proto == IPPROTO_TCP)
			((struct tcphdr *)(buf + l4))->doff = 5;
		if (k->ip.proto == IPPROTO_UDP)
			((struct udphdr *)(buf + l4))->len = htons(40);
		len = l4 + 40;
	} else {
		len += fz_rand(f, 64);
	}
	if (f->mut && fz_one_in(f, f->mut))
		len = fz_rand(f, len + 1);
	fz_put(f, skb, type, buf, len);
}

static void fz_actions(struct fz *f, struct sk_buff *skb, int depth);

/* A nest of actions inside an action (sample, clone, check_pkt_len...). */
static void fz_actions_nest(struct fz *f, struct sk_buff *skb, int type,
			    int depth)
{
	struct nlattr *nest = fz_nest(f, skb, type);

	fz_actions(f, skb, depth + 1);
	fz_nest_end(skb, nest);
}

/* set(tunnel(...)): where the packet goes next to be encapsulated. */
static void fz_set_tunnel(struct fz *f, struct sk_buff *skb)
{
	struct nlattr *tun = fz_nest(f, skb, OVS_KEY_ATTR_TUNNEL);

	fz_put_int(f, skb, OVS_TUNNEL_KEY_ATTR_ID, 8, fz_u64(f));
	if (fz_one_in(f, 4))
		fz_put_random(f, skb, OVS_TUNNEL_KEY_ATTR_IPV6_DST, 16);
	else
		fz_put_u32(f, skb, OVS_TUNNEL_KEY_ATTR_IPV4_DST, fz_edge(f, 4));
	fz_put_int(f, skb, OVS_TUNNEL_KEY_ATTR_TTL, 1, fz_edge(f, 1));
	if (fz_one_in(f, 2))
		fz_put_int(f, skb, OVS_TUNNEL_KEY_ATTR_TP_DST, 2, fz_edge(f, 2));
	if (fz_one_in(f, 4))
		fz_put_random(f, skb, OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS,
			      4 * fz_rand(f, 8));
	fz_nest_end(skb, tun);
}

/* One attribute of the request's key, as set() and set_masked() take it. */
static void fz_set_action(struct fz *f, struct sk_buff *skb, int type)
{
	struct nlattr *nest, *a, *pick = NULL;
	u8 buf[FZ_LEAF_MAX];
	int rem, n = 0, len;

	nest = fz_nest(f, skb, type);
	if (fz_one_in(f, 8)) {
		ovs_fa_fuzz_attrs(&f->rnd, skb, 0, 1);
		fz_nest_end(skb, nest);
		return;
	}
	if (type == OVS_ACTION_ATTR_SET && fz_one_in(f, 6)) {
		fz_set_tunnel(f, skb);
		fz_nest_end(skb, nest);
		return;
	}
	skb_trim(f->scratch, 0);
	if (ovs_key_to_attrs(&f->key, &f->key, OVS_FLOW_ATTR_KEY, false,
			     f->scratch))
		goto out;
	nla_for_each_nested(a, (struct nlattr *)f->scratch->data, rem)
		if (!fz_rand(f, ++n))
			pick = a;
	if (!pick)
		goto out;
	len = nla_len(pick);
	if (type == OVS_ACTION_ATTR_SET_MASKED && 2 * len <= FZ_LEAF_MAX) {
		memcpy(buf, nla_data(pick), len);
		if (fz_one_in(f, 2))
			memset(buf + len, 0xff, len);
		else
			prandom_bytes_state(&f->rnd, buf + len, len);
		fz_put(f, skb, nla_type(pick), buf, 2 * len);
	} else {
		fz_put(f, skb, nla_type(pick), nla_data(pick), len);
	}
out:
	fz_nest_end(skb, nest);
}

static void fz_ct_action(struct fz *f, struct sk_buff *skb, int type)
{
	struct nlattr *nest, *nat;
	u8 buf[32];

	nest = fz_nest(f, skb, type);
	if (fz_one_in(f, 2))
		fz_put_flag(f, skb, fz_one_in(f, 4) ? OVS_CT_ATTR_FORCE_COMMIT :
			    OVS_CT_ATTR_COMMIT);
	if (fz_one_in(f, 2))
		fz_put_int(f, skb, OVS_CT_ATTR_ZONE, 2,
			   fz_one_in(f, 2) ? fz_rand(f, 4) : fz_edge(f, 2));
	if (fz_one_in(f, 4))
		fz_put_random(f, skb, OVS_CT_ATTR_MARK, 8);
	if (fz_one_in(f, 4))
		fz_put_random(f, skb, OVS_CT_ATTR_LABELS, 32);
	if (fz_one_in(f, 4))
		fz_put_str(f, skb, OVS_CT_ATTR_HELPER,
			   fz_strings[fz_rand(f, ARRAY_SIZE(fz_strings))]);
	if (fz_one_in(f, 4))
		fz_put_u32(f, skb, OVS_CT_ATTR_EVENTMASK, fz_edge(f, 4));
	if (fz_one_in(f, 8))
		fz_put_str(f, skb, OVS_CT_ATTR_TIMEOUT,
			   fz_strings[fz_rand(f, ARRAY_SIZE(fz_strings))]);
	if (fz_one_in(f, 3)) {
		nat = fz_nest(f, skb, OVS_CT_ATTR_NAT);
		if (!fz_one_in(f, 4))
			fz_put_flag(f, skb, fz_one_in(f, 2) ? OVS_NAT_ATTR_SRC :
				    OVS_NAT_ATTR_DST);
		prandom_bytes_state(&f->rnd, buf, sizeof(buf));
		if (fz_one_in(f, 2))
			fz_put(f, skb, OVS_NAT_ATTR_IP_MIN, buf,
			       fz_one_in(f, 2) ? 4 : 16);
		if (fz_one_in(f, 3))
			fz_put(f, skb, OVS_NAT_ATTR_IP_MAX, buf + 16,
			       fz_one_in(f, 2) ? 4 : 16);
		if (fz_one_in(f, 3))
			fz_put_int(f, skb, OVS_NAT_ATTR_PROTO_MIN, 2,
				   fz_edge(f, 2));
		if (fz_one_in(f, 3))
			fz_put_int(f, skb, OVS_NAT_ATTR_PROTO_MAX, 2,
				   fz_edge(f, 2));
		if (fz_one_in(f, 4))
			fz_put_flag(f, skb, OVS_NAT_ATTR_PERSISTENT +
				    fz_rand(f, 3));
		fz_nest_end(skb, nat);
	}
	fz_nest_end(skb, nest);
}

/*
 * Action types, the common ones (what ovs-vswitchd sends most) several
 * times: a list of a few actions is then valid often enough for flows to
 * be made and packets to run through them.
 */
static const u8 fz_action_types[] = {
	OVS_ACTION_ATTR_OUTPUT, OVS_ACTION_ATTR_OUTPUT, OVS_ACTION_ATTR_OUTPUT,
	OVS_ACTION_ATTR_OUTPUT, OVS_ACTION_ATTR_USERSPACE,
	OVS_ACTION_ATTR_USERSPACE, OVS_ACTION_ATTR_SET, OVS_ACTION_ATTR_SET,
	OVS_ACTION_ATTR_SET_MASKED, OVS_ACTION_ATTR_SET_MASKED,
	OVS_ACTION_ATTR_PUSH_VLAN, OVS_ACTION_ATTR_POP_VLAN,
	OVS_ACTION_ATTR_SAMPLE, OVS_ACTION_ATTR_SAMPLE, OVS_ACTION_ATTR_RECIRC,
	OVS_ACTION_ATTR_RECIRC, OVS_ACTION_ATTR_HASH, OVS_ACTION_ATTR_PUSH_MPLS,
	OVS_ACTION_ATTR_POP_MPLS, OVS_ACTION_ATTR_CT, OVS_ACTION_ATTR_CT,
	OVS_ACTION_ATTR_CT, OVS_ACTION_ATTR_TRUNC, OVS_ACTION_ATTR_TRUNC,
	OVS_ACTION_ATTR_PUSH_ETH, OVS_ACTION_ATTR_POP_ETH,
	OVS_ACTION_ATTR_CT_CLEAR, OVS_ACTION_ATTR_PUSH_NSH,
	OVS_ACTION_ATTR_POP_NSH, OVS_ACTION_ATTR_METER, OVS_ACTION_ATTR_METER,
	OVS_ACTION_ATTR_CLONE, OVS_ACTION_ATTR_CLONE,
	OVS_ACTION_ATTR_CHECK_PKT_LEN, OVS_ACTION_ATTR_CHECK_PKT_LEN,
	OVS_ACTION_ATTR_ADD_MPLS, OVS_ACTION_ATTR_DEC_TTL,
	OVS_ACTION_ATTR_DROP, OVS_ACTION_ATTR_PSAMPLE,
};

static void fz_action(struct fz *f, struct sk_buff *skb, int depth)
{
	int type = fz_action_types[fz_rand(f, ARRAY_SIZE(fz_action_types))];
	struct nlattr *nest;
	u8 buf[16];

	if (fz_one_in(f, 32))
		type = fz_rand(f, OVS_ACTION_ATTR_LAST + 8);
	prandom_bytes_state(&f->rnd, buf, sizeof(buf));
	switch (type) {
	case OVS_ACTION_ATTR_OUTPUT:
		fz_put_u32(f, skb, type, fz_port_no(f));
		break;
	case OVS_ACTION_ATTR_USERSPACE:
		nest = fz_nest(f, skb, type);
		fz_put_u32(f, skb, OVS_USERSPACE_ATTR_PID, fz_pid_val(f));
		if (fz_one_in(f, 2))
			fz_put(f, skb, OVS_USERSPACE_ATTR_USERDATA, buf,
			       fz_rand(f, sizeof(buf)));
		if (fz_one_in(f, 8))
			fz_put_u32(f, skb, OVS_USERSPACE_ATTR_EGRESS_TUN_PORT,
				   fz_port_no(f));
		if (fz_one_in(f, 4))
			fz_put_flag(f, skb, OVS_USERSPACE_ATTR_ACTIONS);
		fz_nest_end(skb, nest);
		break;
	case OVS_ACTION_ATTR_SET:
	case OVS_ACTION_ATTR_SET_MASKED:
		fz_set_action(f, skb, type);
		break;
	case OVS_ACTION_ATTR_PUSH_VLAN: {
		struct ovs_action_push_vlan v = {
			.vlan_tpid = htons(fz_one_in(f, 2) ? ETH_P_8021Q : ETH_P_8021AD),
			.vlan_tci = htons(VLAN_CFI_MASK | fz_rand(f, 0x10000)),
		};

		if (fz_one_in(f, 8))
			memcpy(&v, buf, sizeof(v));
		fz_put(f, skb, type, &v, sizeof(v));
		break;
	}
	case OVS_ACTION_ATTR_SAMPLE:
		nest = fz_nest(f, skb, type);
		fz_put_u32(f, skb, OVS_SAMPLE_ATTR_PROBABILITY, fz_edge(f, 4));
		fz_actions_nest(f, skb, OVS_SAMPLE_ATTR_ACTIONS, depth);
		fz_nest_end(skb, nest);
		break;
	case OVS_ACTION_ATTR_RECIRC:
		fz_put_u32(f, skb, type, fz_one_in(f, 2) ? fz_rand(f, 4) :
			   fz_edge(f, 4));
		break;
	case OVS_ACTION_ATTR_HASH: {
		struct ovs_action_hash h = {
			.hash_alg = fz_one_in(f, 4) ? fz_edge(f, 4) : fz_rand(f, 2),
			.hash_basis = fz_edge(f, 4),
		};

		fz_put(f, skb, type, &h, sizeof(h));
		break;
	}
	case OVS_ACTION_ATTR_PUSH_MPLS:
	case OVS_ACTION_ATTR_ADD_MPLS: {
		struct ovs_action_add_mpls m = {
			.mpls_lse = (__force __be32)(u32)fz_edge(f, 4),
			.mpls_ethertype = htons(fz_one_in(f, 2) ? ETH_P_MPLS_UC :
						fz_one_in(f, 2) ? ETH_P_MPLS_MC :
						fz_edge(f, 2)),
			.tun_flags = fz_rand(f, 3),
		};

		fz_put(f, skb, type, &m, type == OVS_ACTION_ATTR_ADD_MPLS ?
		       sizeof(m) : sizeof(struct ovs_action_push_mpls));
		break;
	}
	case OVS_ACTION_ATTR_POP_MPLS:
	case OVS_ACTION_ATTR_TRUNC:
	case OVS_ACTION_ATTR_METER: {
		static const u16 eth_types[] = { ETH_P_IP, ETH_P_IPV6, ETH_P_MPLS_UC,
						 ETH_P_ARP, 0 };
		__be16 et = htons(eth_types[fz_rand(f, ARRAY_SIZE(eth_types))]);

		if (type == OVS_ACTION_ATTR_POP_MPLS)
			fz_put(f, skb, type, &et, sizeof(et));
		else
			fz_put_u32(f, skb, type, type == OVS_ACTION_ATTR_METER ?
				   fz_meter_id(f) : fz_edge(f, 4));
		break;
	}
	case OVS_ACTION_ATTR_PUSH_ETH:
		fz_put(f, skb, type, buf, sizeof(struct ovs_action_push_eth));
		break;
	case OVS_ACTION_ATTR_PUSH_NSH:
		nest = fz_nest(f, skb, type);
		ovs_fa_fuzz_attrs(&f->rnd, skb, 1, 1);
		fz_nest_end(skb, nest);
		break;
	case OVS_ACTION_ATTR_CT:
		fz_ct_action(f, skb, type);
		break;
	case OVS_ACTION_ATTR_CLONE:
		fz_actions_nest(f, skb, type, depth);
		break;
	case OVS_ACTION_ATTR_CHECK_PKT_LEN:
		nest = fz_nest(f, skb, type);
		fz_put_int(f, skb, OVS_CHECK_PKT_LEN_ATTR_PKT_LEN, 2,
			   fz_one_in(f, 2) ? 60 + fz_rand(f, 100) : fz_edge(f, 2));
		fz_actions_nest(f, skb, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_GREATER,
				depth);
		fz_actions_nest(f, skb, OVS_CHECK_PKT_LEN_ATTR_ACTIONS_IF_LESS_EQUAL,
				depth);
		fz_nest_end(skb, nest);
		break;
	case OVS_ACTION_ATTR_DEC_TTL:
		nest = fz_nest(f, skb, type);
		fz_actions_nest(f, skb, OVS_DEC_TTL_ATTR_ACTION, depth);
		fz_nest_end(skb, nest);
		break;
	case OVS_ACTION_ATTR_PSAMPLE:
		nest = fz_nest(f, skb, type);
		fz_put_u32(f, skb, OVS_PSAMPLE_ATTR_GROUP, fz_edge(f, 4));
		if (fz_one_in(f, 2))
			fz_put(f, skb, OVS_PSAMPLE_ATTR_COOKIE, buf,
			       fz_rand(f, sizeof(buf) + 1));
		fz_nest_end(skb, nest);
		break;
	case OVS_ACTION_ATTR_POP_VLAN:
	case OVS_ACTION_ATTR_POP_ETH:
	case OVS_ACTION_ATTR_CT_CLEAR:
	case OVS_ACTION_ATTR_POP_NSH:
	case OVS_ACTION_ATTR_DROP:
		fz_put(f, skb, type, buf, fz_one_in(f, 8) ? 4 : 0);
		break;
	default:
		fz_put(f, skb, type, buf, fz_rand(f, sizeof(buf) + 1));
		break;
	}
}

/*
 * An action list: a few actions, nested lists down to FZ_ACTIONS_DEPTH;
 * now and then a chain of clones far deeper than the datapath allows.
 */
static void fz_actions(struct fz *f, struct sk_buff *skb, int depth)
{
	struct nlattr *nests[40];
	int i, n;

	if (depth == 0 && f->mut && fz_one_in(f, 4 * f->mut)) {
		n = 8 + fz_rand(f, ARRAY_SIZE(nests) - 8);
		for (i = 0; i < n; i++) {
			nests[i] = nla_nest_start_noflag(skb, OVS_ACTION_ATTR_CLONE);
			if (!nests[i])
				break;
		}
		fz_put_u32(f, skb, OVS_ACTION_ATTR_OUTPUT, 0);
		while (i--)
			nla_nest_end(skb, nests[i]);
		return;
	}
	n = depth < FZ_ACTIONS_DEPTH ? fz_rand(f, 4 - depth) : 0;
	for (i = 0; i < n; i++)
		fz_action(f, skb, depth);
}

static void fz_gen_actions(struct fz *f, struct sk_buff *skb, int type)
{
	struct nlattr *nest = fz_nest(f, skb, type);

	fz_actions(f, skb, 0);
	fz_nest_end(skb, nest);
}

static void fz_gen_meter_id(struct fz *f, struct sk_buff *skb, int type)
{
	fz_put_u32(f, skb, type, fz_meter_id(f));
}

static void fz_gen_bands(struct fz *f, struct sk_buff *skb, int type)
{
	struct nlattr *bands, *band;
	int i, n = fz_one_in(f, 4) ? fz_rand(f, 4) : 1;

	bands = fz_nest(f, skb, type);
	for (i = 0; i < n; i++) {
		band = fz_nest(f, skb, OVS_BAND_ATTR_UNSPEC);
		if (!fz_one_in(f, 8))
			fz_put_u32(f, skb, OVS_BAND_ATTR_TYPE,
				   fz_one_in(f, 8) ? fz_edge(f, 4) :
				   OVS_METER_BAND_TYPE_DROP);
		if (!fz_one_in(f, 8))
			fz_put_u32(f, skb, OVS_BAND_ATTR_RATE,
				   fz_one_in(f, 2) ? 1 + fz_rand(f, 10000) :
				   fz_edge(f, 4));
		if (!fz_one_in(f, 8))
			fz_put_u32(f, skb, OVS_BAND_ATTR_BURST, fz_edge(f, 4));
		if (fz_one_in(f, 8))
			fz_put_random(f, skb, OVS_BAND_ATTR_STATS,
				      sizeof(struct ovs_flow_stats));
		fz_nest_end(skb, band);
	}
	fz_nest_end(skb, bands);
}

static void fz_gen_zone_limits(struct fz *f, struct sk_buff *skb, int type)
{
	static const s32 zones[] = {
		OVS_ZONE_LIMIT_DEFAULT_ZONE, 0, 1, 7, 65535, 65536, -2,
	};
	struct ovs_zone_limit zl[4];
	int i, len, n = fz_rand(f, ARRAY_SIZE(zl) + 1);

	for (i = 0; i < n; i++) {
		zl[i].zone_id = zones[fz_rand(f, ARRAY_SIZE(zones))];
		zl[i].limit = fz_one_in(f, 2) ? fz_rand(f, 4) : fz_edge(f, 4);
		zl[i].count = fz_edge(f, 4);
	}
	len = n * sizeof(zl[0]);
	/* A record cut short. */
	if (len && fz_one_in(f, 16))
		len -= 1 + fz_rand(f, sizeof(zl[0]) - 1);
	fz_put(f, skb, type, zl, len);
}

/* Any attribute of a policy type, for what the fuzzer knows no better. */
static void fz_gen_by_policy(struct fz *f, struct sk_buff *skb, int type,
			     const struct nla_policy *p)
{
	struct nlattr *nest;
	int i, n;

	switch (p->type) {
	case NLA_U8:
	case NLA_S8:
		fz_put_int(f, skb, type, 1, fz_edge(f, 1));
		break;
	case NLA_U16:
	case NLA_S16:
		fz_put_int(f, skb, type, 2, fz_edge(f, 2));
		break;
	case NLA_U32:
	case NLA_S32:
		fz_put_int(f, skb, type, 4, fz_edge(f, 4));
		break;
	case NLA_U64:
	case NLA_S64:
	case NLA_MSECS:
		fz_put_int(f, skb, type, 8, fz_edge(f, 8));
		break;
	case NLA_FLAG:
		fz_put_flag(f, skb, type);
		break;
	case NLA_STRING:
	case NLA_NUL_STRING:
		fz_put_str(f, skb, type,
			   fz_port_names[fz_rand(f, ARRAY_SIZE(fz_port_names))]);
		break;
	case NLA_NESTED:
		nest = fz_nest(f, skb, type);
		n = fz_rand(f, 4);
		for (i = 0; i < n; i++)
			fz_put_random(f, skb, fz_rand(f, 8), fz_rand(f, 12));
		fz_nest_end(skb, nest);
		break;
	default:
		fz_put_random(f, skb, type, p->len ? p->len : fz_rand(f, 32));
		break;
	}
}

typedef void (*fz_gen_t)(struct fz *f, struct sk_buff *skb, int type);

/*
 * What the fuzzer knows of an attribute: how to make a plausible one (NULL:
 * from its policy type), and in how many requests out of 16 to put it:
 * what commands need often, what makes most requests fail (a namespace id,
 * options on a port type that takes none) seldom.
 */
struct fz_gen {
	const char *family;
	int type;
	fz_gen_t gen;
	u32 often;
};

static const struct fz_gen fz_gens[] = {
	{ OVS_DATAPATH_FAMILY, OVS_DP_ATTR_NAME, fz_gen_dp_name, 15 },
	{ OVS_DATAPATH_FAMILY, OVS_DP_ATTR_UPCALL_PID, fz_gen_pid, 14 },
	{ OVS_DATAPATH_FAMILY, OVS_DP_ATTR_USER_FEATURES, fz_gen_dp_features, 8 },
	{ OVS_DATAPATH_FAMILY, OVS_DP_ATTR_MASKS_CACHE_SIZE, fz_gen_cache_size, 6 },
	{ OVS_DATAPATH_FAMILY, OVS_DP_ATTR_PER_CPU_PIDS, fz_gen_pids, 4 },
	{ OVS_DATAPATH_FAMILY, OVS_DP_ATTR_IFINDEX, NULL, 2 },
	{ OVS_VPORT_FAMILY, OVS_VPORT_ATTR_PORT_NO, fz_gen_port_no, 8 },
	{ OVS_VPORT_FAMILY, OVS_VPORT_ATTR_TYPE, fz_gen_vport_type, 14 },
	{ OVS_VPORT_FAMILY, OVS_VPORT_ATTR_NAME, fz_gen_port_name, 14 },
	{ OVS_VPORT_FAMILY, OVS_VPORT_ATTR_OPTIONS, fz_gen_vport_options, 4 },
	{ OVS_VPORT_FAMILY, OVS_VPORT_ATTR_UPCALL_PID, fz_gen_pids, 14 },
	{ OVS_VPORT_FAMILY, OVS_VPORT_ATTR_IFINDEX, NULL, 2 },
	{ OVS_VPORT_FAMILY, OVS_VPORT_ATTR_NETNSID, NULL, 2 },
	{ OVS_FLOW_FAMILY, OVS_FLOW_ATTR_KEY, fz_gen_key, 15 },
	{ OVS_FLOW_FAMILY, OVS_FLOW_ATTR_MASK, fz_gen_mask, 12 },
	{ OVS_FLOW_FAMILY, OVS_FLOW_ATTR_ACTIONS, fz_gen_actions, 14 },
	{ OVS_FLOW_FAMILY, OVS_FLOW_ATTR_UFID, fz_gen_ufid, 12 },
	{ OVS_FLOW_FAMILY, OVS_FLOW_ATTR_UFID_FLAGS, fz_gen_ufid_flags, 8 },
	{ OVS_PACKET_FAMILY, OVS_PACKET_ATTR_PACKET, fz_gen_packet, 15 },
	{ OVS_PACKET_FAMILY, OVS_PACKET_ATTR_KEY, fz_gen_key, 15 },
	{ OVS_PACKET_FAMILY, OVS_PACKET_ATTR_ACTIONS, fz_gen_actions, 15 },
	{ OVS_PACKET_FAMILY, OVS_PACKET_ATTR_MRU, fz_gen_mru, 4 },
	{ OVS_PACKET_FAMILY, OVS_PACKET_ATTR_UPCALL_PID, fz_gen_pid, 8 },
	{ OVS_METER_FAMILY, OVS_METER_ATTR_ID, fz_gen_meter_id, 15 },
	{ OVS_METER_FAMILY, OVS_METER_ATTR_BANDS, fz_gen_bands, 14 },
	{ OVS_CT_LIMIT_FAMILY, OVS_CT_LIMIT_ATTR_ZONE_LIMIT, fz_gen_zone_limits, 14 },
};

static const struct fz_gen *fz_known(const struct ovs_genl_desc *d, int type)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(fz_gens); i++)
		if (fz_gens[i].type == type &&
		    !strcmp(fz_gens[i].family, d->family->name))
			return &fz_gens[i];
	return NULL;
}

/*
 * The attributes of a request: each one the family's policy has, with a
 * chance (flags, which change what a command does, less often), in order
 * or reversed, sometimes one repeated, sometimes unknown ones added, and
 * now and then one with another attribute's content: the wrong nest.
 */
static void fz_attrs(struct fz *f, struct sk_buff *skb)
{
	const struct ovs_genl_desc *d = f->d;
	bool reverse = fz_one_in(f, 8);
	int i, type;

	for (i = 1; i <= d->maxattr; i++) {
		const struct nla_policy *p;
		const struct fz_gen *known;
		fz_gen_t gen;
		int reps = 1;

		type = reverse ? d->maxattr + 1 - i : i;
		p = &d->policy[type];
		known = fz_known(d, type);
		if (p->type == NLA_UNSPEC && !p->len && !known)
			continue;	/* not in the policy: no attribute */
		if (fz_rand(f, 16) >= (known ? known->often :
				       p->type == NLA_FLAG ? 4 : 12))
			continue;
		if (f->mut && fz_one_in(f, 2 * f->mut))
			reps = 2 + fz_rand(f, 2);
		while (reps--) {
			gen = known ? known->gen : NULL;
			if (f->mut && fz_one_in(f, 4 * f->mut))
				gen = fz_gens[fz_rand(f, ARRAY_SIZE(fz_gens))].gen;
			if (gen)
				gen(f, skb, type);
			else
				fz_gen_by_policy(f, skb, type, p);
		}
	}
	if (f->mut && fz_one_in(f, f->mut))
		fz_put_random(f, skb, d->maxattr + 1 + fz_rand(f, 4),
			      fz_rand(f, 16));
}

/* --- sending ---------------------------------------------------------- */

static int fz_family_index(struct fz *f, const char *name)
{
	int i;

	for (i = 0; i < f->n_fams; i++)
		if (!strcmp(f->fams[i].family->name, name))
			return i;
	return -1;
}

static int fz_call(struct fz *f, struct sk_buff *msg)
{
	return ovs_gc_call(f->test, f->g, msg, NULL);
}

/* A request made by hand (setup and cleanup): no mutation. */
static struct sk_buff *fz_msg(struct fz *f, const char *family, u8 cmd,
			      int dp_ifindex)
{
	int i = fz_family_index(f, family);
	struct sk_buff *msg;

	if (i < 0)
		return NULL;
	msg = ovs_gc_msg(f->test, f->g, f->fams[i].family, cmd, 0);
	((struct ovs_header *)genlmsg_data(nlmsg_data(nlmsg_hdr(msg))))->dp_ifindex =
		dp_ifindex;
	return msg;
}

static void fz_dump_each(struct kunit *test, const struct nlmsghdr *nlh,
			 void *arg)
{
}

/* The names of the datapaths a dump lists, to delete them. */
struct fz_dp_list {
	char name[16][IFNAMSIZ];
	int n;
};

static void fz_dump_dp_name(struct kunit *test, const struct nlmsghdr *nlh,
			    void *arg)
{
	struct fz_dp_list *list = arg;
	const struct nlattr *name;

	name = nlmsg_find_attr(nlh, GENL_HDRLEN + sizeof(struct ovs_header),
			       OVS_DP_ATTR_NAME);
	KUNIT_ASSERT_NOT_NULL(test, name);
	KUNIT_ASSERT_LT(test, list->n, ARRAY_SIZE(list->name));
	nla_strscpy(list->name[list->n++], name, IFNAMSIZ);
}

static bool fz_dp_alive(struct fz *f)
{
	bool alive;

	rcu_read_lock();
	alive = f->g->dp_ifindex &&
		ovs_dp_lookup_by_ifindex(&init_net, f->g->dp_ifindex);
	rcu_read_unlock();
	return alive;
}

/* Everything any request may have made, gone: datapaths, zone limits. */
static void fz_cleanup(struct fz *f)
{
	static const struct ovs_zone_limit def = {
		.zone_id = OVS_ZONE_LIMIT_DEFAULT_ZONE,
	};
	static const struct ovs_zone_limit zones[] = {
		{ .zone_id = 0 }, { .zone_id = 1 }, { .zone_id = 7 },
		{ .zone_id = 65535 },
	};
	struct fz_dp_list *dps;
	struct sk_buff *msg;
	int i, err;

	/*
	 * Every datapath: requests with damaged names make datapaths of
	 * names no list holds.  Their ports go with them.
	 */
	f->mut = 0;
	dps = kunit_kzalloc(f->test, sizeof(*dps), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(f->test, dps);
	msg = fz_msg(f, OVS_DATAPATH_FAMILY, OVS_DP_CMD_GET, 0);
	KUNIT_ASSERT_GE(f->test, ovs_gc_dump(f->test, f->g, msg,
					     fz_dump_dp_name, dps), 0);
	for (i = 0; i < dps->n; i++) {
		msg = fz_msg(f, OVS_DATAPATH_FAMILY, OVS_DP_CMD_DEL, 0);
		ovs_kt_string(f->test, msg, OVS_DP_ATTR_NAME, dps->name[i]);
		err = fz_call(f, msg);
		KUNIT_EXPECT_EQ_MSG(f->test, err, 0, "deleting %s: %s",
				    dps->name[i], f->g->ext_msg);
	}
	kunit_kfree(f->test, dps);
	f->g->dp_ifindex = 0;

	msg = fz_msg(f, OVS_CT_LIMIT_FAMILY, OVS_CT_LIMIT_CMD_SET, 0);
	if (msg) {
		ovs_kt_put(f->test, msg, OVS_CT_LIMIT_ATTR_ZONE_LIMIT, &def,
			   sizeof(def));
		KUNIT_EXPECT_EQ(f->test, fz_call(f, msg), 0);
		msg = fz_msg(f, OVS_CT_LIMIT_FAMILY, OVS_CT_LIMIT_CMD_DEL, 0);
		ovs_kt_put(f->test, msg, OVS_CT_LIMIT_ATTR_ZONE_LIMIT, zones,
			   sizeof(zones));
		KUNIT_EXPECT_EQ(f->test, fz_call(f, msg), 0);
	}
}

/* The datapath requests act on, made as ovs-vswitchd makes one. */
static void fz_setup(struct fz *f)
{
	const struct ovs_header *hdr;
	struct sk_buff *msg, *reply;

	fz_cleanup(f);
	msg = fz_msg(f, OVS_DATAPATH_FAMILY, OVS_DP_CMD_NEW, 0);
	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ECHO;
	ovs_kt_string(f->test, msg, OVS_DP_ATTR_NAME, FZ_DP);
	ovs_kt_u32(f->test, msg, OVS_DP_ATTR_UPCALL_PID, FZ_PID);
	ovs_kt_u32(f->test, msg, OVS_DP_ATTR_USER_FEATURES,
		   OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS);
	KUNIT_ASSERT_EQ_MSG(f->test, ovs_gc_call(f->test, f->g, msg, &reply), 0,
			    "%s", f->g->ext_msg);
	KUNIT_ASSERT_NOT_NULL(f->test, reply);
	hdr = genlmsg_data(nlmsg_data(nlmsg_hdr(reply)));
	f->g->dp_ifindex = hdr->dp_ifindex;
	kfree_skb(reply);
	KUNIT_ASSERT_GT(f->test, f->g->dp_ifindex, 0);
	f->resets++;
}

/* Sent by a task without CAP_NET_ADMIN. */
static int fz_send_unprivileged(struct fz *f, struct sk_buff *msg, bool dump)
{
	const struct cred *old;
	struct cred *cred;
	int err;

	cred = prepare_creds();
	if (!cred) {
		kfree_skb(msg);
		KUNIT_ASSERT_NOT_NULL(f->test, cred);
	}
	cap_lower(cred->cap_effective, CAP_NET_ADMIN);
	old = override_creds(cred);
	if (dump)
		err = ovs_gc_dump(f->test, f->g, msg, fz_dump_each, NULL);
	else
		err = fz_call(f, msg);
	revert_creds(old);
	put_cred(cred);
	return err;
}

/* Whole-message damage: bits flipped anywhere after the header, a cut. */
static bool fz_damage(struct fz *f, struct sk_buff *msg)
{
	const int hdrlen = NLMSG_HDRLEN + GENL_HDRLEN + sizeof(struct ovs_header);
	bool short_hdr = false;
	int n;

	if (!f->mut)
		return false;
	if (fz_one_in(f, 2 * f->mut) && msg->len > hdrlen) {
		n = 1 + fz_rand(f, 4);
		while (n--)
			msg->data[hdrlen + fz_rand(f, msg->len - hdrlen)] ^=
				1 << fz_rand(f, 8);
	}
	if (fz_one_in(f, 2 * f->mut)) {
		if (fz_one_in(f, 16)) {
			skb_trim(msg, NLMSG_HDRLEN + fz_rand(f, hdrlen - NLMSG_HDRLEN));
			short_hdr = true;
		} else if (msg->len > hdrlen) {
			skb_trim(msg, hdrlen + fz_rand(f, msg->len - hdrlen));
		}
	}
	return short_hdr;
}

static void fz_one(struct fz *f)
{
	const struct genl_family *family;
	const struct genl_ops *op = NULL;
	struct sk_buff *msg;
	struct fz_count *c;
	bool dump, priv, short_hdr;
	int fi, oi, err, i;
	u16 flags = 0;
	u8 cmd;

	fi = fz_rand(f, f->n_fams);
	f->d = &f->fams[fi];
	family = f->d->family;
	KUNIT_ASSERT_LE(f->test, family->n_ops, FZ_MAX_OPS);

	/* Most requests valid-ish, some untouched, some badly damaged. */
	switch (fz_rand(f, 8)) {
	case 0:
	case 1:
		f->mut = 0;
		break;
	case 2:
		f->mut = 2;
		break;
	default:
		f->mut = 12;
		break;
	}

	if (fz_one_in(f, 32)) {
		/* A command the family does not have. */
		do {
			cmd = fz_rand(f, 256);
			for (i = 0; i < family->n_ops; i++)
				if (family->ops[i].cmd == cmd)
					break;
		} while (i < family->n_ops);
		oi = -1;
	} else {
		oi = fz_rand(f, family->n_ops);
		op = &family->ops[oi];
		cmd = op->cmd;
	}
	dump = op ? (op->dumpit && fz_one_in(f, 3)) || fz_one_in(f, 32) :
		fz_one_in(f, 4);
	priv = !fz_one_in(f, 32);
	if (fz_one_in(f, 4))
		flags |= NLM_F_ECHO;
	/*
	 * One of the NEW flags: NLM_F_REPLACE and NLM_F_EXCL share their bits
	 * with NLM_F_ROOT and NLM_F_MATCH, and both together are a dump.
	 */
	if (fz_one_in(f, 8)) {
		static const u16 new_flags[] = {
			NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_APPEND,
		};

		flags |= new_flags[fz_rand(f, ARRAY_SIZE(new_flags))];
	}

	fz_pick_key(f);
	msg = ovs_gc_msg(f->test, f->g, family, cmd, flags);
	if (f->mut && fz_one_in(f, 2 * f->mut)) {
		int ifindex[] = { 0, 1, -1, f->g->dp_ifindex + 1 };

		((struct ovs_header *)genlmsg_data(nlmsg_data(nlmsg_hdr(msg))))->dp_ifindex =
			ifindex[fz_rand(f, ARRAY_SIZE(ifindex))];
	}
	fz_attrs(f, msg);
	short_hdr = fz_damage(f, msg);

	if (!priv)
		err = fz_send_unprivileged(f, msg, dump);
	else if (dump)
		err = ovs_gc_dump(f->test, f->g, msg, fz_dump_each, NULL);
	else
		err = fz_call(f, msg);

	c = &f->count[fi][op ? 2 * oi + dump : 2 * FZ_MAX_OPS];
	c->sent++;
	if (err >= 0)
		c->accepted++;
	else
		c->refused++;
	if (err == -EPERM)
		c->eperm++;
	if (err < 0 && op && (!dump || op->dumpit) && !short_hdr &&
	    (priv || err != -EPERM) && !f->g->ext_msg[0]) {
		c->nomsg++;
		/*
		 * The refusals that cannot say why are the genetlink core's
		 * own and are not counted here: EPERM for a missing
		 * capability (a request sent with it must not get EPERM
		 * without a reason), EOPNOTSUPP for an unknown command or
		 * for a dump of a command that has none, EINVAL for a cut
		 * header.  A dump the family refuses says why in its DONE
		 * message, which ovs_gc_dump() reads as it reads an ack.
		 * Allocation failures never happen here (no fault
		 * injection), so an ENOMEM is an action or parser mistaking
		 * a short packet for memory pressure, and is reported too.
		 */
		KUNIT_FAIL(f->test,
			   "%s cmd %u (request %lu, mut %u, flags %#x): error %d without an extack message",
			   family->name, cmd, f->index, f->mut, flags, err);
	}

	if (short_hdr) {
		KUNIT_EXPECT_EQ(f->test, err, -EINVAL);
	} else if (!op) {
		/*
		 * Past the commands it had when the core began to check
		 * headers, NEW's flags on a request are refused first.
		 */
		u16 core = dump ? flags & ~NLM_F_DUMP : flags;
		int want = -EOPNOTSUPP;

		if (cmd >= family->resv_start_op &&
		    (core & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)))
			want = -EINVAL;
		KUNIT_EXPECT_EQ_MSG(f->test, err, want, "%s cmd %u flags %#x",
				    family->name, cmd, flags);
	} else if (!priv && (op->flags & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM))) {
		KUNIT_EXPECT_EQ_MSG(f->test, err, -EPERM, "%s cmd %u",
				    family->name, cmd);
	} else if (dump && !op->dumpit) {
		KUNIT_EXPECT_EQ_MSG(f->test, err, -EOPNOTSUPP, "%s cmd %u dump",
				    family->name, cmd);
	}

	/* A request may have deleted the datapath the others act on. */
	if (!fz_dp_alive(f))
		fz_setup(f);
}

/* --- the suite -------------------------------------------------------- */

/*
 * Each request depends on the state the ones before it in its chunk left,
 * so a run asked to start at request F starts at F's chunk.
 */
static const void *fz_params(const void *prev, char *desc)
{
	unsigned long total = ovs_fuzz_iterations(FZ_SHORT);
	unsigned long chunk = prev ? (unsigned long)prev :
		ovs_fuzz_first() / OVS_FUZZ_CHUNK;
	unsigned long first = chunk * OVS_FUZZ_CHUNK;

	if (first >= total)
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "requests %lu-%lu", first,
		 min(total, first + OVS_FUZZ_CHUNK) - 1);
	/* Chunk numbers from 1: a NULL parameter would end the list. */
	return (const void *)(chunk + 1);
}

static void fz_print_count(struct kunit *test, const char *family,
			   const char *what, const struct fz_count *c)
{
	kunit_info(test, "fuzz netlink: %s %s: %lu sent, %lu accepted, %lu refused (%lu EPERM, %lu without a message)\n",
		   family, what, c->sent, c->accepted, c->refused, c->eperm,
		   c->nomsg);
}

/* The run's coverage: what reached each command, and what it accepted. */
static void fz_print_totals(struct kunit *test, struct fz *f)
{
	const struct genl_family *family;
	const struct fz_count *c;
	char what[32];
	int fi, oi, dump;

	kunit_info(test, "fuzz netlink: %lu requests in %llu ms, %llu/s\n",
		   fz_total_msgs, div64_u64(fz_total_ns, NSEC_PER_MSEC),
		   fz_total_ns ? div64_u64((u64)fz_total_msgs * NSEC_PER_SEC,
					   fz_total_ns) : 0);
	for (fi = 0; fi < f->n_fams; fi++) {
		family = f->fams[fi].family;
		for (oi = 0; oi < family->n_ops; oi++) {
			for (dump = 0; dump < 2; dump++) {
				c = &fz_total[fi][2 * oi + dump];
				if (dump && !family->ops[oi].dumpit && !c->sent)
					continue;
				snprintf(what, sizeof(what), "cmd %u%s",
					 family->ops[oi].cmd,
					 dump ? " dump" : "");
				fz_print_count(test, family->name, what, c);
				/* Reached, not only refused at the door. */
				if ((!dump || family->ops[oi].dumpit) &&
				    fz_total_msgs >= FZ_SHORT)
					KUNIT_EXPECT_GT_MSG(test, c->accepted, 0,
							    "%s %s never accepted",
							    family->name, what);
			}
		}
		fz_print_count(test, family->name, "unknown cmds",
			       &fz_total[fi][2 * FZ_MAX_OPS]);
	}
}

static void fz_run(struct kunit *test)
{
	unsigned long chunk = (unsigned long)test->param_value - 1;
	unsigned long total = ovs_fuzz_iterations(FZ_SHORT);
	unsigned long first = chunk * OVS_FUZZ_CHUNK;
	unsigned long n = min(total - first, OVS_FUZZ_CHUNK);
	unsigned long i, accepted = 0, sent = 0;
	struct fz *f = test->priv;
	u64 seed, start, ns;
	int fi, s;

	seed = ovs_fuzz_seed(FZ_SEED) + chunk;
	prandom_seed_state(&f->rnd, seed);
	kunit_info(test, "fuzz netlink: seed 0x%016llx (chunk %lu), %u families\n",
		   seed, chunk, f->n_fams);

	fz_setup(f);
	start = ktime_get_ns();
	for (i = 0; i < n; i++) {
		f->index = first + i;
		fz_one(f);
		if (i % FZ_RESET_EVERY == FZ_RESET_EVERY - 1)
			fz_setup(f);
	}
	fz_cleanup(f);
	ns = ktime_get_ns() - start;

	for (fi = 0; fi < f->n_fams; fi++) {
		for (s = 0; s < FZ_SLOTS; s++) {
			const struct fz_count *c = &f->count[fi][s];
			struct fz_count *t = &fz_total[fi][s];

			sent += c->sent;
			accepted += c->accepted;
			t->sent += c->sent;
			t->accepted += c->accepted;
			t->refused += c->refused;
			t->eperm += c->eperm;
			t->nomsg += c->nomsg;
		}
	}
	KUNIT_EXPECT_EQ(test, sent, n);
	fz_total_msgs += n;
	fz_total_ns += ns;
	kunit_info(test, "fuzz netlink: %lu requests in %llu ms, %llu/s, %lu accepted, %lu datapath resets\n",
		   n, div64_u64(ns, NSEC_PER_MSEC),
		   ns ? div64_u64((u64)n * NSEC_PER_SEC, ns) : 0, accepted,
		   f->resets);
	if (first + n >= total)
		fz_print_totals(test, f);
}

static int fz_init(struct kunit *test)
{
	struct fz *f;
	int i;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	test->priv = f;
	f->test = test;
	f->fams = ovs_genl_families(&f->n_fams);
	KUNIT_ASSERT_LE(test, f->n_fams, FZ_MAX_FAMILIES);
	/* Commands are found in .ops: a family must not hide any elsewhere. */
	for (i = 0; i < f->n_fams; i++)
		KUNIT_ASSERT_EQ_MSG(test, f->fams[i].family->n_small_ops, 0,
				    "%s has small_ops the fuzzer does not walk",
				    f->fams[i].family->name);
	f->scratch = alloc_skb(FA_SKB_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->scratch);
	f->g = ovs_gc_init(test);
	return 0;
}

/* Nothing the requests made outlives the case. */
static void fz_exit(struct kunit *test)
{
	struct fz *f = test->priv;
	struct net_device *dev;
	struct sk_buff *msg;
	int i;

	if (!f)
		return;
	if (f->g && f->g->sock) {
		fz_cleanup(f);
		msg = fz_msg(f, OVS_DATAPATH_FAMILY, OVS_DP_CMD_GET, 0);
		KUNIT_EXPECT_EQ_MSG(test, ovs_gc_dump(test, f->g, msg,
						      fz_dump_each, NULL), 0,
				    "datapaths are left");
	}
	for (i = 0; i < ARRAY_SIZE(fz_port_names); i++) {
		if (!strcmp(fz_port_names[i], "lo"))
			continue;
		dev = dev_get_by_name(&init_net, fz_port_names[i]);
		KUNIT_EXPECT_NULL_MSG(test, dev, "%s is left", fz_port_names[i]);
		if (dev)
			dev_put(dev);
	}
	ovs_gc_exit(test, f->g);
	kfree_skb(f->scratch);
}

static struct kunit_case ovs_fuzz_netlink_cases[] = {
	KUNIT_CASE_PARAM(fz_run, fz_params),
	{}
};

static struct kunit_suite ovs_fuzz_netlink_suite = {
	.name = "ovs_fuzz_netlink",
	.init = fz_init,
	.exit = fz_exit,
	.test_cases = ovs_fuzz_netlink_cases,
};

kunit_test_suite(ovs_fuzz_netlink_suite);
