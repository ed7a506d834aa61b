# SPDX-License-Identifier: GPL-2.0-only
#
# Passes a kernel log through, but a warning of a known bug of the guest
# kernel's own code (its drivers, or its in-tree openvswitch.ko in
# --reference runs) becomes one line naming the bug.  Without this a test
# would have to stop exercising what triggers it.  Each signature must
# match the WARNING line, which names the function that warned, never one
# of ours, and say why it is here; a splat is what lies between "cut here"
# and "end trace".

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
}

function flush(   i, hit, re) {
	hit = ""
	for (i = 1; i <= n; i++)
		for (re in known)
			if (buf[i] ~ re)
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
