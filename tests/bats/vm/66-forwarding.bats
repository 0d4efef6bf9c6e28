#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Forwarding (SPEC section 9): the flows vportctl installs make its bridges
# switch real packets: within a bridge, across patch pairs, over vxlan,
# geneve and gre between two "hosts" (network namespaces that each hold
# their own datapath and database), with tenant isolation by key, split
# horizon in a full mesh, fail_mode=secure, and the flows following every
# change in the same invocation.

load helpers
load topo

setup() {
	vm_setup
	# Guests send no IPv6 router solicitations or DAD: packet counts stay exact.
	sysctl -qw net.ipv6.conf.default.disable_ipv6=1 2>/dev/null || true
}

teardown() {
	topo_teardown
	vm_teardown
	sysctl -qw net.ipv6.conf.default.disable_ipv6=0 2>/dev/null || true
}

# vh HOST ARG...: vportctl on "host" HOST (a namespace from topo_ns) with its
# own database.
vh() {
	echo "\$ [$1] vportctl ${*:2}" >&2
	timeout -k 5 "$VP_TIMEOUT" ip netns exec "$(topo_name "$1")" "$VPORTCTL" \
		--db="$BATS_TEST_TMPDIR/host-$1.db" "${@:2}" 3>&-
}

# own_flows [HOST]: vportctl's own flows as "IFACE MATCH actions:ACTIONS",
# sorted; stats and UFIDs left out.
own_flows() {
	local out
	if [ -n "${1:-}" ]; then
		out=$(vh "$1" -f json dump-flows 2>/dev/null) || return 1
	else
		out=$(vp -f json dump-flows) || return 1
	fi
	jq -r '.[] | select(.own) | "\(.iface) \(.match) actions:\(.actions)"' <<<"$out" | sort
}

# A bridge in $NS with guests on internal ports: g1..gN with 10.0.0.1..N.
bridge_with_guests() {
	local br=$1 n=$2 i cmd
	cmd=(add-br "$br")
	for ((i = 1; i <= n; i++)); do cmd+=(-- add-port "$br" "g$i" type=internal); done
	vp "${cmd[@]}" || return 1
	for ((i = 1; i <= n; i++)); do topo_guest - "g$i" "g$i" "10.0.0.$i/24" || return 1; done
}

@test "one bridge, internal ports: guests ping each other; one flow per member" {
	bridge_with_guests br0 2
	assert_ping g1 10.0.0.2
	assert_ping g2 10.0.0.1
	local p0 p1 p2
	p0=$(dp_port_of br0) p1=$(dp_port_of g1) p2=$(dp_port_of g2)
	run own_flows
	assert_output "br0 in_port($p0),eth() actions:$p1,$p2
g1 in_port($p1),eth() actions:$p0,$p2
g2 in_port($p2),eth() actions:$p0,$p1"
	run_vportctl show
	assert_line --index 1 '    flows: 3'
	# The bridge's own flows are all vportctl's: UFIDs present, packets counted.
	run vp -f json dump-flows
	run jq -e 'all(.[]; .own and (.ufid | test("^76706374-"))) and (map(.packets) | add) > 0' <<<"$output"
	assert_success
}

@test "one bridge, veth (system) ports: guests ping each other" {
	topo_veth_guest - s1 h1 e1 10.0.0.1/24
	topo_veth_guest - s2 h2 e2 10.0.0.2/24
	run_vportctl add-br br0 -- add-port br0 s1 -- add-port br0 s2
	assert_ping h1 10.0.0.2
	assert_ping h2 10.0.0.1
}

@test "a patch pair joins two bridges; unpatched bridges stay apart; breaking the pair parts them" {
	run_vportctl add-br br0 -- add-br br1 -- add-br br2 \
		-- add-port br0 g1 type=internal -- add-port br1 g2 type=internal \
		-- add-port br2 g3 type=internal \
		-- add-port br0 pa type=patch options:peer=pb \
		-- add-port br1 pb type=patch options:peer=pa
	topo_guest - g1 g1 10.0.0.1/24
	topo_guest - g2 g2 10.0.0.2/24
	topo_guest - g3 g3 10.0.0.3/24
	assert_ping g1 10.0.0.2
	refute_ping g1 10.0.0.3
	refute_ping g3 10.0.0.2
	# br0's guest floods to br1's members too: one domain.
	local p2
	p2=$(dp_port_of g2)
	run own_flows
	assert_line --regexp "^g1 in_port\([0-9]+\),eth\(\) actions:([0-9]+,)*$p2(,[0-9]+)*$"
	run_vportctl del-port pb
	refute_ping g1 10.0.0.2
	run own_flows
	refute_line --regexp "^g1 .*actions:([0-9]+,)*$p2(,[0-9]+)*$"
	# the pair again, in one invocation: traffic resumes
	run_vportctl add-port br1 pb type=patch options:peer=pa
	assert_ping g1 10.0.0.2
}

# Two hosts A and B over a veth underlay, each with bridge br0, a guest on an
# internal port (10.0.0.1 on A, 10.0.0.2 on B) and a tunnel to the other.
# $1: the tunnel settings for A (remote B), $2: those for B (remote A).
two_hosts_tunnel() {
	topo_two_hosts a b
	vh a add-br br0 -- add-port br0 ga type=internal -- add-port br0 tun $1 || return 1
	vh b add-br br0 -- add-port br0 gb type=internal -- add-port br0 tun $2 || return 1
	topo_guest a ga guest-a 10.0.0.1/24 || return 1
	topo_guest b gb guest-b 10.0.0.2/24
}

@test "vxlan between two hosts: guests ping across" {
	two_hosts_tunnel "type=vxlan options:remote_ip=192.0.2.2" "type=vxlan options:remote_ip=192.0.2.1"
	assert_ping guest-a 10.0.0.2
	assert_ping guest-b 10.0.0.1
	run own_flows a
	assert_line --regexp '^tun tunnel\(tun_id=0x0,src=192\.0\.2\.2,.*flags\(\+key\)\),in_port\([0-9]+\),eth\(\) actions:[0-9]+,[0-9]+$'
	assert_line --regexp '^ga in_port\([0-9]+\),eth\(\) actions:[0-9]+,set\(tunnel\(dst=192\.0\.2\.2,ttl=64,flags\(df\)\)\),[0-9]+$'
}

@test "geneve between two hosts: guests ping across" {
	two_hosts_tunnel "type=geneve options:remote_ip=192.0.2.2 options:key=7" \
		"type=geneve options:remote_ip=192.0.2.1 options:key=7"
	assert_ping guest-a 10.0.0.2
}

@test "gre between two hosts, with and then without a key: guests ping across" {
	two_hosts_tunnel "type=gre options:remote_ip=192.0.2.2 options:key=5" \
		"type=gre options:remote_ip=192.0.2.1 options:key=5"
	assert_ping guest-a 10.0.0.2
	vh a set interface tun options:key= || return 1
	refute_ping guest-a 10.0.0.2
	vh b set interface tun options:key= || return 1
	assert_ping guest-a 10.0.0.2
}

@test "vxlan over an IPv6 underlay, with local_ip: guests ping across" {
	topo_two_hosts a b
	ip -n "$(topo_name a)" addr add 2001:db8::1/64 dev ul nodad
	ip -n "$(topo_name b)" addr add 2001:db8::2/64 dev ul nodad
	vh a add-br br0 -- add-port br0 ga type=internal \
		-- add-port br0 tun type=vxlan options:remote_ip=2001:db8::2 options:local_ip=2001:db8::1 options:key=9
	vh b add-br br0 -- add-port br0 gb type=internal \
		-- add-port br0 tun type=vxlan options:remote_ip=2001:db8::1 options:key=9
	topo_guest a ga guest-a 10.0.0.1/24
	topo_guest b gb guest-b 10.0.0.2/24
	assert_ping guest-a 10.0.0.2
	run own_flows a
	assert_line --regexp '^tun tunnel\(tun_id=0x9,ipv6_src=2001:db8::2,ipv6_dst=2001:db8::1,.*\),in_port'
}

@test "two tenants on one vxlan backer, keys 100 and 200: each reaches its peer only" {
	topo_two_hosts a b
	local h peer
	for h in a b; do
		[ $h = a ] && peer=192.0.2.2 || peer=192.0.2.1
		vh $h add-br t1 -- add-br t2 \
			-- add-port t1 g1$h type=internal -- add-port t2 g2$h type=internal \
			-- add-port t1 vx100 type=vxlan options:remote_ip=$peer options:key=100 \
			-- add-port t2 vx200 type=vxlan options:remote_ip=$peer options:key=200 || return 1
	done
	# one subnet for both tenants: only the keys keep them apart
	topo_guest a g1a t1-a 10.0.0.1/24
	topo_guest b g1b t1-b 10.0.0.2/24
	topo_guest a g2a t2-a 10.0.0.3/24
	topo_guest b g2b t2-b 10.0.0.4/24
	run --separate-stderr vh a -f json dp-show
	assert_equal "$(jq '[.datapaths[0].ports[] | select(.type == "vxlan")] | length' <<<"$output")" 1
	assert_ping t1-a 10.0.0.2
	assert_ping t2-a 10.0.0.4
	refute_ping t1-a 10.0.0.4
	refute_ping t2-a 10.0.0.2
}

@test "a full mesh of three vxlan hosts: broadcast does not loop" {
	# underlay: a Linux bridge in its own namespace, a veth to each host
	local h i ip peers
	topo_ns ul
	ip -n "$(topo_name ul)" link add sw type bridge
	ip -n "$(topo_name ul)" link set sw up
	for i in 1 2 3; do
		topo_ns h$i
		topo_veth ul u$i h$i ul
		ip -n "$(topo_name ul)" link set u$i master sw
		topo_addr h$i ul 192.0.2.$i/24
	done
	for i in 1 2 3; do
		peers=()
		for ip in 1 2 3; do
			[ $ip = $i ] || peers+=(-- add-port br0 vx$ip type=vxlan options:remote_ip=192.0.2.$ip)
		done
		vh h$i add-br br0 -- add-port br0 g$i type=internal "${peers[@]}" || return 1
		topo_guest h$i g$i guest$i 10.0.0.$i/24
	done
	assert_ping guest1 10.0.0.2
	assert_ping guest1 10.0.0.3
	assert_ping guest2 10.0.0.3
	# 20 broadcast frames from guest1: each other guest receives each once.
	local before2 before3 after2 after3
	before2=$(topo_x guest2 cat /sys/class/net/g2/statistics/rx_packets)
	before3=$(topo_x guest3 cat /sys/class/net/g3/statistics/rx_packets)
	topo_x guest1 ping -q -b -c 20 -i 0.05 -W 1 10.0.0.255 >/dev/null 2>&1 || true
	sleep 1
	after2=$(topo_x guest2 cat /sys/class/net/g2/statistics/rx_packets)
	after3=$(topo_x guest3 cat /sys/class/net/g3/statistics/rx_packets)
	echo "guest2 received $((after2 - before2)), guest3 $((after3 - before3)) for 20 sent"
	# 20, plus at most a few ARP or reply frames: a loop would multiply them
	[ $((after2 - before2)) -ge 20 ] && [ $((after2 - before2)) -le 26 ]
	[ $((after3 - before3)) -ge 20 ] && [ $((after3 - before3)) -le 26 ]
}

@test "fail_mode=secure: nothing crosses; standalone again: traffic resumes" {
	bridge_with_guests br0 2
	assert_ping g1 10.0.0.2
	run_vportctl set bridge br0 fail_mode=secure
	run_vportctl get bridge br0 fail_mode
	assert_output secure
	run own_flows
	assert_output ''
	refute_ping g1 10.0.0.2
	run_vportctl set bridge br0 fail_mode=standalone
	assert_ping g1 10.0.0.2
	run own_flows
	assert_equal "${#lines[@]}" 3
}

@test "the flows follow a deleted port, a new remote_ip, a new key and del-br" {
	topo_two_hosts a b
	vh a add-br br0 -- add-port br0 ga type=internal -- add-port br0 gx type=internal \
		-- add-port br0 tun type=vxlan options:remote_ip=192.0.2.9 options:key=1
	vh b add-br br0 -- add-port br0 gb type=internal \
		-- add-port br0 tun type=vxlan options:remote_ip=192.0.2.1 options:key=2
	topo_guest a ga guest-a 10.0.0.1/24
	topo_guest b gb guest-b 10.0.0.2/24
	refute_ping guest-a 10.0.0.2
	# the right remote, still the wrong key
	vh a set interface tun options:remote_ip=192.0.2.2
	refute_ping guest-a 10.0.0.2
	vh b set interface tun options:key=1
	assert_ping guest-a 10.0.0.2
	run own_flows a
	assert_equal "${#lines[@]}" 4
	assert_line --partial 'set(tunnel(tun_id=0x1,dst=192.0.2.2,ttl=64,flags(df|key)))'
	refute_line --partial '192.0.2.9'
	# a deleted port leaves no flow and no output behind
	local px
	px=$(vh a get interface gx dp_port)
	vh a del-port gx
	run own_flows a
	assert_equal "${#lines[@]}" 3
	refute_line --regexp "(in_port\($px\)|actions:($px,|.*,$px(,|$)))"
	assert_ping guest-a 10.0.0.2
	vh a del-br br0
	run own_flows a
	assert_output ''
	run --separate-stderr vh a -f json dump-flows
	assert_output '[]'
}

@test "a kernel refusal mid-way leaves the flows exactly as they were" {
	bridge_with_guests br0 2
	local before
	before=$(own_flows)
	# A foreign flow holds the match the new port's flow needs: the NEW of
	# that flow fails after the other flows were already changed.
	dpctl add-flow ovs-system "in_port(9),eth()" "1"
	run_vportctl 1 add-port br0 g3 type=internal dp_port_request=9
	assert_stderr --partial 'g3'
	run own_flows
	assert_output "$before"
	run vp list-ports br0
	assert_output $'g1\ng2'
	assert_ping g1 10.0.0.2
	# the foreign flow is still there, untouched
	run dpctl dump-flows ovs-system
	assert_line --partial 'in_port(9)'
}

@test "check names missing flows, reconcile restores them; foreign flows are left alone" {
	bridge_with_guests br0 2
	local before
	before=$(own_flows)
	run_vportctl check
	dpctl del-flows ovs-system
	dpctl add-flow ovs-system "in_port(7),eth()" "1"
	run_vportctl 1 check
	assert_output --regexp 'flow .* from g1.*missing in kernel'
	refute_output --partial 'in_port(7)'
	refute_ping g1 10.0.0.2
	run_vportctl reconcile
	run own_flows
	assert_output "$before"
	# g1's ARP entry for 10.0.0.2 failed while the flows were gone; let it
	# resolve afresh, so that the ping measures the flows, not the guest's
	# back-off (3 of 6 whole-file runs timed out here, none alone).
	topo_x g1 ip neigh flush all
	assert_ping g1 10.0.0.2
	run_vportctl check
	run dpctl dump-flows ovs-system
	assert_line --partial 'in_port(7)'
}

@test "check reports an own flow whose actions differ, reconcile mends it" {
	bridge_with_guests br0 2
	local ufid p1
	p1=$(dp_port_of g1)
	ufid=$(vp -f json dump-flows | jq -r --arg i g1 '.[] | select(.iface == $i) | .ufid')
	dpctl mod-flow ovs-system "ufid:$ufid,in_port($p1),eth()" "1"
	run_vportctl 1 check
	assert_output --regexp "flow .* from g1.*differs"
	run_vportctl reconcile
	run_vportctl check
	assert_ping g1 10.0.0.2
}

@test "a domain too large for one flow's actions is refused before anything changes" {
	local f=$BATS_TEST_TMPDIR/big i
	run_vportctl add-br br0
	{
		for ((i = 1; i <= 1800; i++)); do
			echo "add-port br0 v$i type=vxlan options:remote_ip=10.1.$((i / 256)).$((i % 256))"
		done
	} >"$f"
	run_vportctl 1 --batch="$f"
	assert_stderr --partial 'more than the 64000 one flow can hold'
	assert_stderr --partial '1801 members'
	run kernel_ports
	assert_output $'0 ovs-system\n1 br0'
	run vp list-ports br0
	assert_output ''
	# with fail_mode=secure the same bridge takes them: no flows
	run_vportctl set bridge br0 fail_mode=secure
	run_vportctl --batch="$f"
	run own_flows
	assert_output ''
}

@test "dump-flows: text as ovs-dpctl prints it, JSON, and one bridge's flows" {
	run_vportctl add-br br0 -- add-br br1 -- add-port br0 p1 type=internal \
		-- add-port br1 q1 type=internal
	run_vportctl dump-flows br1
	assert_equal "${#lines[@]}" 2
	assert_line --regexp '^ufid:76706374-[0-9a-f-]+, in_port\([0-9]+\),eth\(\), packets:[0-9]+, bytes:[0-9]+, used:(never|[0-9.]+s), actions:[0-9]+ \(vportctl: br1 (br1|q1)\)$'
	run_vportctl -f json dump-flows
	run jq -e 'length == 4 and all(.[]; .own and (.bridge | test("^br[01]$")))' <<<"$output"
	assert_success
	run_vportctl 1 dump-flows br9
	assert_stderr 'vportctl: no bridge named br9'
}
