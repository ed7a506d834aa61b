// SPDX-License-Identifier: GPL-2.0-only
/* 5.4 gave the RCU list walkers an optional lockdep condition. */
#include <linux/rculist.h>

struct ovs_probe_s {
	struct hlist_node node;
};

int ovs_probe(struct hlist_head *head);
int ovs_probe(struct hlist_head *head)
{
	struct ovs_probe_s *p;
	int n = 0;

	hlist_for_each_entry_rcu(p, head, node, true)
		n++;
	return n;
}
