# SPDX-License-Identifier: GPL-2.0-only
#
# Passes a kernel log through, but a warning of a known bug of the guest
# kernel's own code (its drivers, or its in-tree openvswitch.ko in
# --reference runs) becomes one line naming the bug.  Without this a test
# would have to stop exercising what triggers it.  Each signature must
# match the WARNING line, which names the function that warned, never one
# of ours, and say why it is here; a splat is what lies between "cut here"
# and "end trace".  Where the function that warned is a generic one, also[]
# names a function of the call trace that must be there too.

BEGIN {
	# Debian 6.12 (before the options became a flexible array): geneve
	# copies the options of a received packet past its ip_tunnel_info,
	# which FORTIFY_SOURCE sizes as the struct alone.  Any Geneve packet
	# with options triggers it, in-tree openvswitch.ko or ours.
	known["WARNING: .* at include/net/ip_tunnels\\.h:[0-9]+ geneve_udp_encap_recv\\+"] = \
		"geneve_udp_encap_recv: FORTIFY field-spanning write of the tunnel options (Debian 6.12)"
	# The same copy in the in-tree openvswitch.ko's set(tunnel()) with
	# options (--reference only: ours sets them in compat/).
	known["WARNING: .* at include/net/ip_tunnels\\.h:[0-9]+ validate_and_copy_set_tun\\+"] = \
		"in-tree validate_and_copy_set_tun: FORTIFY field-spanning write of the tunnel options (Debian 6.12)"
	# The in-tree openvswitch.ko grows its mask array 16 masks at a time
	# and its per-CPU usage counters with it (8 bytes a mask): past 4,096
	# masks they exceed the largest per-CPU allocation (32 KiB), which
	# pcpu_alloc refuses with this warning, and the flow put fails with
	# ENOMEM (CVE-2019-25076 floods; the bench's rnd10kx10k and tse).
	# Only with the in-tree function in the trace: ours has no such name.
	re = "WARNING: .* at mm/percpu\\.c:[0-9]+ pcpu_alloc(_noprof)?\\+"
	known[re] = "in-tree tbl_mask_array_realloc: per-CPU mask counters past 4,096 masks (pcpu_alloc: illegal size)"
	also[re] = "[ \t]tbl_mask_array_(re)?alloc\\+0x"
}

function also_in_splat(re,   j) {
	if (!(re in also))
		return 1
	for (j = 1; j <= n; j++)
		if (buf[j] ~ also[re])
			return 1
	return 0
}

function flush(   i, hit, re) {
	hit = ""
	for (i = 1; i <= n; i++)
		for (re in known)
			if (buf[i] ~ re && also_in_splat(re))
				hit = known[re]
	if (hit != "")
		print "ovsvm: known bug of the guest kernel's own code: " hit
	else
		for (i = 1; i <= n; i++)
			print buf[i]
	n = 0
	in_splat = 0
}

/-+\[ cut here \]-+/ {
	if (in_splat)
		flush()
	in_splat = 1
}

in_splat {
	buf[++n] = $0
	if ($0 ~ /---\[ end trace/)
		flush()
	next
}

{ print }

END {
	if (in_splat)
		flush()
}
