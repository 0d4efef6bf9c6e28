# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154 # bats sets status/output
# Topology helpers for the forwarding suites: extra network namespaces,
# veth pairs between them, guests on internal ports, two "hosts" joined by a
# veth underlay (each with its own datapath), and ping assertions.
#
# Load after helpers (`load helpers` then `load topo`).  Every namespace made
# here is named after the test's $NS and deleted by topo_teardown (call it
# from teardown() before vm_teardown), so a failed test leaves nothing.
# Addresses are from the documentation ranges: 192.0.2.0/24 for underlays,
# 10.0.0.0/24 and up for guests.  Device names are passed to ip after "dev"
# (a name such as "g" would otherwise be taken for a keyword).

TOPO_NAMESPACES=()

# topo_ns NAME: make namespace "$NS-NAME" with lo up; prints nothing.  Its
# full name is then $(topo_name NAME).
topo_ns() {
	local n=$NS-$1
	ip netns add "$n" || return 1
	TOPO_NAMESPACES+=("$n")
	ip -n "$n" link set lo up
}

# topo_name NAME: the full name of namespace NAME made by topo_ns ("" or
# "-" stand for the test's own $NS).
topo_name() {
	case $1 in '' | -) echo "$NS" ;; *) echo "$NS-$1" ;; esac
}

# topo_x NAME CMD...: run CMD in namespace NAME (as topo_name).
topo_x() {
	local n
	n=$(topo_name "$1")
	shift
	ip netns exec "$n" "$@"
}

# topo_veth NS_A IF_A NS_B IF_B: a veth pair IF_A in NS_A and IF_B in NS_B
# (names as for topo_name), both up.
topo_veth() {
	local a b
	a=$(topo_name "$1") b=$(topo_name "$3")
	ip -n "$a" link add dev "$2" type veth peer name "$4" netns "$b" || return 1
	ip -n "$a" link set dev "$2" up
	ip -n "$b" link set dev "$4" up
}

# topo_addr NS IF ADDR/LEN: give IF in NS an address (none if ADDR is "")
# and bring it up.
topo_addr() {
	local n
	n=$(topo_name "$1")
	[ -z "$3" ] || ip -n "$n" addr add "$3" dev "$2" || return 1
	ip -n "$n" link set dev "$2" up
}

# topo_guest HOST_NS IF GUEST ADDR/LEN: move IF (an internal port, or the
# guest end of a veth) from HOST_NS into a new namespace GUEST, give it
# ADDR and bring it up.  The guest is "a machine" plugged into the port.
topo_guest() {
	local h
	h=$(topo_name "$1")
	topo_ns "$3" || return 1
	ip -n "$h" link set dev "$2" netns "$NS-$3" || return 1
	topo_addr "$3" "$2" "$4"
}

# topo_veth_guest HOST_NS PORT_IF GUEST GUEST_IF ADDR/LEN: a new namespace
# GUEST joined to HOST_NS by a veth pair: PORT_IF stays in HOST_NS (to be
# added to a datapath as a system port), GUEST_IF gets ADDR in GUEST.
topo_veth_guest() {
	topo_ns "$3" || return 1
	topo_veth "$1" "$2" "$3" "$4" || return 1
	topo_addr "$3" "$4" "$5"
}

# topo_two_hosts A B: two "hosts", namespaces A and B, joined by a veth
# underlay: "ul" in each, 192.0.2.1/24 in A and 192.0.2.2/24 in B.  Each
# host can then run its own datapath (ovs-dpctl or vportctl run with
# topo_x A ...).
topo_two_hosts() {
	topo_ns "$1" || return 1
	topo_ns "$2" || return 1
	topo_veth "$1" ul "$2" ul || return 1
	topo_addr "$1" ul 192.0.2.1/24
	topo_addr "$2" ul 192.0.2.2/24
}

# topo_ping NS ADDR [COUNT [SECS]]: ping ADDR from NS, up to COUNT (default 3)
# replies wanted within SECS (default 5); returns ping's status.  The first
# packets may be lost to ARP and to flows still being installed: ping
# returns 0 as soon as any reply comes back (-c with -w).
topo_ping() {
	topo_x "$1" ping -q -c "${3:-3}" -i 0.2 -w "${4:-5}" -W 1 "$2" >/dev/null 2>&1
}

# assert_ping NS ADDR: NS reaches ADDR (at least one reply), else the test
# fails saying so.
assert_ping() {
	# Up to 10 s: after a refute_ping the guest's ARP entry for ADDR has
	# failed, and a loaded TCG guest can take seconds to resolve it again.
	topo_ping "$1" "$2" 1 10 && return 0
	echo "no ping reply from $2 in namespace $(topo_name "$1") within 10 s" >&2
	return 1
}

# refute_ping NS ADDR: NS gets no reply from ADDR in 2 seconds (three
# probes), else the test fails saying so.
refute_ping() {
	if topo_x "$1" ping -q -c 3 -i 0.3 -w 2 -W 1 "$2" >/dev/null 2>&1; then
		echo "unexpected ping reply from $2 in namespace $(topo_name "$1")" >&2
		return 1
	fi
	return 0
}

# topo_teardown: kill what runs in the namespaces made by topo_ns, then
# delete them (their devices, datapaths and ports go with them).
topo_teardown() {
	local n pids
	for n in "${TOPO_NAMESPACES[@]}"; do
		pids=$(ip netns pids "$n" 2>/dev/null)
		[ -z "$pids" ] || kill -9 $pids 2>/dev/null
		ip netns del "$n" 2>/dev/null || true
	done
	TOPO_NAMESPACES=()
}
