#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154 # bats sets status/output/lines
#
# Datapath flows through Open vSwitch's own ovs-dpctl (add-flow, mod-flows,
# del-flow(s), get-flow, dump-flows, show -s), within the subset of
# SPEC section 9 (keys in_port, tunnel, eth, eth_type; actions output and
# set(tunnel)), and real packets: ping between namespaces over internal
# and veth ports of one datapath, and over a vxlan backer between two
# hosts each with its own datapath, with the flows of reference/flows.md.
#
# Needs VPORTCTL_MODULE=vportdp or openvswitch: the expected output is the
# same for both, except where a test says otherwise.

load helpers
load topo

setup_file() {
	case ${VPORTCTL_MODULE:-} in
	vportdp | openvswitch) ;;
	*) echo "65-flows-dpctl.bats needs VPORTCTL_MODULE=vportdp|openvswitch" >&2; return 1 ;;
	esac
}

setup() { vm_setup; }
teardown() {
	topo_teardown
	vm_teardown
}

# ovs-dpctl in namespace $1 (topo_name), its INFO log lines dropped
# (vportdp has no meters, which ovs-dpctl notes at INFO level).
dpctl_in() {
	local n
	n=$(topo_name "$1")
	shift
	run --separate-stderr ip netns exec "$n" ovs-dpctl "$@"
	stderr=$(grep -v -E '\|dpif_netlink\|INFO\|' <<<"$stderr" || true)
	echo "\$ ovs-dpctl $*"
	[ -z "$output" ] || echo "$output"
	[ -z "$stderr" ] || echo "[stderr] $stderr"
}
dpctl_run() { dpctl_in - "$@"; }

# The flows of dp0 in namespace $1, one per line, sorted, without the
# "used:" age (it depends on timing).
flows_of() {
	ip netns exec "$(topo_name "$1")" ovs-dpctl dump-flows "${@:2}" dp0 2>/dev/null |
		sed 's/used:[0-9.]*s/used:N/' | sort
}

# A packet count of the flow whose dump line matches $2 in namespace $1.
flow_packets() {
	flows_of "$1" | grep -F -- "$2" | sed -n 's/.*packets:\([0-9]*\),.*/\1/p'
}

@test "flows: add-flow, dump-flows, get-flow, mod-flows, del-flow, del-flows" {
	dpctl_run add-dp dp0
	dpctl_run add-if dp0 p1,type=internal p2,type=internal p3,type=internal
	assert_success
	# The flows match ports 11 to 16, which do not exist: the internal
	# ports' own packets (IPv6 ND) must not change the counters.
	dpctl_run add-flow dp0 'in_port(11),eth()' '2,3'
	assert_success
	dpctl_run add-flow dp0 'in_port(12),eth()' '1'
	dpctl_run add-flow dp0 'in_port(13),eth(src=00:11:22:33:44:55/ff:ff:ff:00:00:00),eth_type(0x88cc)' '1,2'
	dpctl_run add-flow dp0 'ufid:11111111-2222-3333-4444-555555555555,in_port(14),eth()' '1'
	assert_success
	run flows_of -
	assert_output "$(cat <<-'EOF'
		in_port(11),eth(),eth_type(0/0x0000), packets:0, bytes:0, used:never, actions:2,3
		in_port(12),eth(),eth_type(0/0x0000), packets:0, bytes:0, used:never, actions:1
		in_port(13),eth(src=00:11:22:33:44:55/ff:ff:ff:00:00:00),eth_type(0x88cc), packets:0, bytes:0, used:never, actions:1,2
		in_port(14),eth(), packets:0, bytes:0, used:never, actions:1
	EOF
	)"
	# Every attribute the kernel puts in the key and the mask, with -m.
	run flows_of - -m
	assert_line 'recirc_id(0/0),dp_hash(0/0),skb_priority(0/0),in_port(11),skb_mark(0/0),ct_state(0/0),ct_zone(0/0),ct_mark(0/0),ct_label(0/0),eth(src=00:00:00:00:00:00/00:00:00:00:00:00,dst=00:00:00:00:00:00/00:00:00:00:00:00),eth_type(0/0x0000), packets:0, bytes:0, used:never, dp:ovs, actions:p2,p3'
	assert_line 'ufid:11111111-2222-3333-4444-555555555555, recirc_id(0/0),dp_hash(0/0),skb_priority(0/0),in_port(14),skb_mark(0/0),ct_state(0/0),ct_zone(0/0),ct_mark(0/0),ct_label(0/0),eth(src=00:00:00:00:00:00/00:00:00:00:00:00,dst=00:00:00:00:00:00/00:00:00:00:00:00),eth_type(0x0000/0x0000), packets:0, bytes:0, used:never, dp:ovs, actions:p1'

	dpctl_run get-flow dp0 ufid:11111111-2222-3333-4444-555555555555
	assert_success
	assert_output --partial 'in_port(14),eth(), packets:0, bytes:0, used:never, actions:1'

	dpctl_run mod-flow dp0 'in_port(12),eth()' '1,3'
	assert_success
	run flows_of -
	assert_line 'in_port(12),eth(),eth_type(0/0x0000), packets:0, bytes:0, used:never, actions:1,3'
	dpctl_run mod-flow dp0 'in_port(19),eth()' '1'
	assert_failure
	assert_stderr --partial 'updating flow table (No such file or directory)'
	# mod-flows and add-flows read FLOW ACTIONS lines from a file.
	printf '%s\n' 'in_port(11),eth() 2' 'in_port(12),eth() 3' >"$BATS_TEST_TMPDIR/flows"
	dpctl_run mod-flows dp0 "$BATS_TEST_TMPDIR/flows"
	assert_success
	run flows_of -
	assert_line 'in_port(11),eth(),eth_type(0/0x0000), packets:0, bytes:0, used:never, actions:2'
	assert_line 'in_port(12),eth(),eth_type(0/0x0000), packets:0, bytes:0, used:never, actions:3'
	printf '%s\n' 'in_port(15),eth() 1' 'in_port(16),eth() 1,2,3' >"$BATS_TEST_TMPDIR/more"
	dpctl_run add-flows dp0 "$BATS_TEST_TMPDIR/more"
	assert_success
	dpctl_run mod-flow dp0 'in_port(11),eth()' '2,3'
	# del-flows reads one FLOW a line.
	printf '%s\n' 'in_port(15),eth()' 'in_port(16),eth()' >"$BATS_TEST_TMPDIR/keys"
	dpctl_run del-flows dp0 "$BATS_TEST_TMPDIR/keys"
	assert_success

	dpctl_run del-flow dp0 'in_port(12),eth()'
	assert_success
	dpctl_run del-flow dp0 'in_port(12),eth()'
	assert_failure
	assert_stderr --partial 'deleting flow (No such file or directory)'
	dpctl_run del-flow dp0 ufid:11111111-2222-3333-4444-555555555555
	assert_success
	run flows_of -
	assert_output "$(cat <<-'EOF'
		in_port(11),eth(),eth_type(0/0x0000), packets:0, bytes:0, used:never, actions:2,3
		in_port(13),eth(src=00:11:22:33:44:55/ff:ff:ff:00:00:00),eth_type(0x88cc), packets:0, bytes:0, used:never, actions:1,2
	EOF
	)"
	dpctl_run del-flows dp0
	assert_success
	run flows_of -
	assert_output ''
}

@test "flows: what the kernel refuses (reference/flows.md)" {
	dpctl_run add-dp dp0
	dpctl_run add-if dp0 p1,type=internal p2,type=internal
	# Neither Ethernet header nor EtherType.
	dpctl_run add-flow dp0 'in_port(1)' '2'
	assert_failure
	assert_stderr --partial 'updating flow table (Invalid argument)'
	# EtherType 0, and an exact ARP type without arp().
	dpctl_run add-flow dp0 'in_port(1),eth(),eth_type(0/0)' '2'
	assert_failure
	assert_stderr --partial '(Invalid argument)'
	dpctl_run add-flow dp0 'in_port(1),eth(),eth_type(0x0806)' '2'
	assert_failure
	assert_stderr --partial '(Invalid argument)'
	# A tunnel key needs a dst and a ttl.
	dpctl_run add-flow dp0 'tunnel(tun_id=0x64,src=192.0.2.2,flags(+key)),in_port(2),eth()' '1'
	assert_failure
	assert_stderr --partial '(Invalid argument)'
	dpctl_run add-flow dp0 'tunnel(tun_id=0x64,src=192.0.2.2,dst=192.0.2.1,flags(+key)),in_port(2),eth()' '1'
	assert_failure
	assert_stderr --partial '(Invalid argument)'
	dpctl_run add-flow dp0 'tunnel(tun_id=0x64,src=192.0.2.2,dst=192.0.2.1,ttl=64/0,flags(+key)),in_port(2),eth()' '1'
	assert_success
	dpctl_run add-flow dp0 'tunnel(tun_id=0xc8,src=192.0.2.3,dst=0.0.0.1/0.0.0.0,ttl=64/0,flags(+key)),in_port(2),eth()' '1'
	assert_success
	# set(tunnel) needs a ttl; without flags() it is a masked set.
	dpctl_run add-flow dp0 'in_port(1),eth()' 'set(tunnel(tun_id=0x64,dst=192.0.2.2,flags(df|key))),2'
	assert_failure
	assert_stderr --partial '(Invalid argument)'
	dpctl_run add-flow dp0 'in_port(1),eth()' 'set(tunnel(tun_id=0x64,dst=192.0.2.2,ttl=64)),2'
	assert_failure
	assert_stderr --partial '(Invalid argument)'
	# The flows taken match port 11, which does not exist: p1's own packets
	# (IPv6 router solicitations) must not change the counters.
	dpctl_run add-flow dp0 'in_port(11),eth()' 'set(tunnel(tun_id=0x64,dst=192.0.2.2,ttl=64,flags(df|key))),2,set(tunnel(tun_id=0xc8,dst=192.0.2.3,ttl=64,flags(df|key))),2'
	assert_success
	# The same key again: add-flow asks for a new flow.
	dpctl_run add-flow dp0 'in_port(11),eth()' '2'
	assert_failure
	assert_stderr --partial 'updating flow table (File exists)'
	run flows_of -
	assert_output "$(cat <<-'EOF'
		in_port(11),eth(),eth_type(0/0x0000), packets:0, bytes:0, used:never, actions:set(tunnel(tun_id=0x64,dst=192.0.2.2,ttl=64,flags(df|key))),2,set(tunnel(tun_id=0xc8,dst=192.0.2.3,ttl=64,flags(df|key))),2
		tunnel(tun_id=0x64,src=192.0.2.2,dst=192.0.2.1,flags(+key)),in_port(2),eth(),eth_type(0/0x0000), packets:0, bytes:0, used:never, actions:1
		tunnel(tun_id=0xc8,src=192.0.2.3,flags(+key)),in_port(2),eth(),eth_type(0/0x0000), packets:0, bytes:0, used:never, actions:1
	EOF
	)"
}

@test "flows: outside the subset, vportdp refuses what openvswitch.ko takes" {
	dpctl_run add-dp dp0
	dpctl_run add-if dp0 p1,type=internal p2,type=internal
	dpctl_run add-flow dp0 'in_port(1),eth(),eth_type(0x0800),ipv4()' '2'
	if [ "$MODULE" = vportdp ]; then
		assert_failure
		assert_stderr --partial 'updating flow table (Operation not supported)'
	else
		assert_success
	fi
	dpctl_run add-flow dp0 'in_port(2),eth()' 'push_vlan(vid=5,pcp=0),1'
	if [ "$MODULE" = vportdp ]; then
		assert_failure
		assert_stderr --partial '(Operation not supported)'
	else
		assert_success
	fi
}

@test "flows: ping between guests on internal ports; counters in dump-flows and show -s" {
	dpctl_run add-dp dp0
	dpctl_run add-if dp0 p1,type=internal p2,type=internal
	topo_guest - p1 g1 10.0.0.1/24
	topo_guest - p2 g2 10.0.0.2/24
	# No flow: nothing gets through, every packet is a miss.
	refute_ping g1 10.0.0.2
	dpctl_run show -s dp0
	assert_output --regexp 'lookups: hit:0 missed:[1-9][0-9]* lost:[1-9][0-9]*'
	assert_output --regexp 'flows: 0'

	dpctl_run add-flow dp0 'in_port(1),eth()' '2'
	dpctl_run add-flow dp0 'in_port(2),eth()' '1'
	assert_ping g1 10.0.0.2
	assert_ping g2 10.0.0.1
	topo_x g1 ping -q -c 5 -i 0.2 -W 2 10.0.0.2
	dpctl_run show -s dp0
	assert_output --regexp 'lookups: hit:[1-9][0-9]* missed:[1-9][0-9]* lost:[1-9][0-9]*'
	assert_output --regexp 'flows: 2'
	assert_output --regexp 'masks: hit:[1-9][0-9]* total:1 hit/pkt:'
	# At least the 5+1+1 echo requests went one way and their replies back.
	[ "$(flow_packets - 'in_port(1),')" -ge 7 ]
	[ "$(flow_packets - 'in_port(2),')" -ge 7 ]
	run flows_of -
	assert_line --regexp '^in_port\(1\),eth\(\),eth_type\(0/0x0000\), packets:[0-9]+, bytes:[0-9]+, used:N, actions:2$'
	# Deleting the flows stops the traffic again.
	dpctl_run del-flows dp0
	refute_ping g1 10.0.0.2
}

@test "flows: ping between guests on veth (system) ports, three guests flooded" {
	dpctl_run add-dp dp0
	topo_veth_guest - va ga ea 10.0.0.1/24
	topo_veth_guest - vb gb eb 10.0.0.2/24
	topo_veth_guest - vc gc ec 10.0.0.3/24
	dpctl_run add-if dp0 va vb vc
	assert_success
	# A hub: each port floods to the others (one output is the skb, the
	# other a clone).
	dpctl_run add-flow dp0 'in_port(1),eth()' '2,3'
	dpctl_run add-flow dp0 'in_port(2),eth()' '1,3'
	dpctl_run add-flow dp0 'in_port(3),eth()' '1,2'
	assert_ping ga 10.0.0.2
	assert_ping gb 10.0.0.3
	assert_ping gc 10.0.0.1
	# Port 3 taken out of port 1's flood: ga cannot reach gc any more.
	dpctl_run mod-flow dp0 'in_port(1),eth()' '2'
	assert_success
	topo_x ga ip neigh flush all
	refute_ping ga 10.0.0.3
	assert_ping ga 10.0.0.2
}

# Host $1 (192.0.2.$2 on the underlay, the other host 192.0.2.$3): a
# datapath with a vxlan port (2: vxlan_sys_4789) and two tenants on
# internal ports, 1 (key 0x64, guest $1g at 10.0.0.$2) and 3 (key 0xc8,
# guest $1t at 10.0.0.1$2), with the flows of SPEC section 9.
vxlan_host() {
	local h=$1 me=192.0.2.$2 peer=192.0.2.$3 f=$BATS_TEST_TMPDIR/flows-$1
	dpctl_in "$h" add-dp dp0
	dpctl_in "$h" add-if dp0 g,type=internal vx,type=vxlan,remote_ip=flow,key=flow t,type=internal
	assert_success
	topo_guest "$h" g "${h}g" "10.0.0.$2/24"
	topo_guest "$h" t "${h}t" "10.0.0.1$2/24"
	# One ovs-dpctl run for the four flows (each run costs seconds here).
	cat >"$f" <<-EOF
		in_port(1),eth() set(tunnel(tun_id=0x64,dst=$peer,ttl=64,flags(df|key))),2
		in_port(3),eth() set(tunnel(tun_id=0xc8,dst=$peer,ttl=64,flags(df|key))),2
		tunnel(tun_id=0x64,src=$peer,dst=$me,ttl=64/0,flags(+key)),in_port(2),eth() 1
		tunnel(tun_id=0xc8,src=$peer,dst=0.0.0.1/0.0.0.0,ttl=64/0,flags(+key)),in_port(2),eth() 3
	EOF
	dpctl_in "$h" add-flows dp0 "$f"
	assert_success
	dpctl_in "$h" show dp0
	assert_output --regexp 'port 2: vxlan_sys_4789 \(vxlan'
	assert_output --regexp 'flows: 4'
}

@test "flows: vxlan between two hosts, each with its own datapath; keys isolate two tenants" {
	topo_two_hosts a b
	vxlan_host a 1 2
	vxlan_host b 2 1
	assert_ping ag 10.0.0.2
	assert_ping bg 10.0.0.1
	assert_ping at 10.0.0.12
	assert_ping bt 10.0.0.11
	# Tenant 0x64 does not reach tenant 0xc8, either way.
	refute_ping ag 10.0.0.12
	refute_ping at 10.0.0.2
	# The tunnel flows counted what came in.
	[ "$(flow_packets a 'tunnel(tun_id=0x64,src=')" -ge 2 ]
	[ "$(flow_packets b 'tunnel(tun_id=0xc8,src=')" -ge 2 ]
	# What host b sent carried the key and came from 192.0.2.2.
	run flows_of a
	assert_line --regexp '^tunnel\(tun_id=0x64,src=192.0.2.2,dst=192.0.2.1,flags\(\+key\)\),in_port\(2\),eth\(\),eth_type\(0/0x0000\), packets:[1-9][0-9]*, bytes:[1-9][0-9]*, used:N, actions:1$'
}

@test "flows: ports and flows deleted and re-added while packets flow" {
	dpctl_run add-dp dp0
	dpctl_run add-if dp0 p1,type=internal p2,type=internal
	topo_guest - p1 g1 10.0.0.1/24
	topo_guest - p2 g2 10.0.0.2/24
	topo_veth_guest - va ga ea 10.0.0.3/24
	dpctl_run add-if dp0 va p4,type=internal
	local flows=('in_port(1),eth()' '2,3,4' 'in_port(2),eth()' '1,3,4' 'in_port(3),eth()' '1,2,4')
	add_flows() {
		local i
		for ((i = 0; i < ${#flows[@]}; i += 2)); do
			ip netns exec "$NS" ovs-dpctl add-flow dp0 "${flows[i]}" "${flows[i + 1]}" 2>/dev/null
		done
	}
	add_flows
	assert_ping g1 10.0.0.2
	# Floods in both directions while the ports they go to come and go
	# (100 packets a second each: more starves the emulated guest).
	# (wait for these only: bats has a watchdog of its own in the background)
	local i pids=()
	topo_x g1 ping -q -i 0.01 -w 12 10.0.0.2 >/dev/null 2>&1 &
	pids+=($!)
	topo_x ga ping -q -i 0.01 -w 12 10.0.0.1 >/dev/null 2>&1 &
	pids+=($!)
	for i in 1 2 3; do
		ip netns exec "$NS" ovs-dpctl del-if dp0 p4 2>/dev/null
		ip netns exec "$NS" ovs-dpctl del-if dp0 va 2>/dev/null
		ip netns exec "$NS" ovs-dpctl del-flows dp0 2>/dev/null
		ip netns exec "$NS" ovs-dpctl add-if dp0 va,port_no=3 p4,type=internal,port_no=4 2>/dev/null
		nsip link set p4 up
		add_flows
		ip netns exec "$NS" ovs-dpctl mod-flow dp0 'in_port(1),eth()' '4,3,2' 2>/dev/null
	done
	wait "${pids[@]}"
	# Everything still works afterwards.
	dpctl_run show dp0
	assert_output --regexp 'port 3: va'
	assert_output --regexp 'port 4: p4 \(internal\)'
	assert_ping g1 10.0.0.2
	assert_ping ga 10.0.0.2
	# And the datapath can go while a flood runs through it.
	topo_x g1 ping -q -i 0.01 -w 3 10.0.0.2 >/dev/null 2>&1 &
	pids=($!)
	sleep 1
	dpctl_run del-dp dp0
	assert_success
	wait "${pids[@]}"
}

@test "flows: an unprivileged user in their own namespaces cannot wedge the datapath" {
	local mf=$ROOT/tests/malformed/ovs-malformed args=()
	[ -x "$mf" ] || make -s -C "$ROOT/tests/malformed" >&2
	[ "$MODULE" != vportdp ] || args+=(--subset)
	# The guest may forbid user namespaces: then there is nothing to try.
	unshare -Urn true 2>/dev/null || skip 'user namespaces are not permitted in this guest'
	# In a user namespace that owns a new network namespace: capabilities
	# there, none in the initial namespaces.
	run timeout 600 unshare -Urn sh -c '
			ip link set lo up
			ovs-dpctl add-dp dp0 2>/dev/null || exit 3
			idx=$(ip -o link show dev dp0 | cut -d: -f1)
			"$0" --strict --random=3000 --dp-ifindex="$idx" "$@" | tail -n 3
			ovs-dpctl add-flow dp0 "in_port(0),eth()" "0" 2>/dev/null || exit 4
			ovs-dpctl dump-flows dp0 2>/dev/null
			ovs-dpctl del-dp dp0 2>/dev/null' "$mf" "${args[@]}"
	echo "$output"
	assert_success
	assert_line --regexp ' 0 not$'
	assert_output --partial 'in_port(0),eth(),eth_type(0/0x0000), packets:0, bytes:0, used:never, actions:0'
}
