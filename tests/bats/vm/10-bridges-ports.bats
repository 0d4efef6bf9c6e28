#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Bridges, internal and system ports against the real kernel datapath.

load helpers

@test "the datapath appears with the first add-br and goes with the last del-br" {
	run dp_exists
	assert_failure
	run_vportctl add-br br0
	dp_exists
	link_exists br0
	run kernel_ports
	assert_output $'0 ovs-system\n1 br0'
	run_vportctl add-br br1
	run_vportctl del-br br0
	dp_exists
	run link_exists br0
	assert_failure
	run_vportctl del-br br1
	run dp_exists
	assert_failure
	run link_exists ovs-system
	assert_failure
}

@test "an existing ovs-system is reused, not recreated" {
	dpctl add-dp ovs-system
	nsip link set ovs-system alias keep-me
	run_vportctl add-br br0
	run nsip link show ovs-system
	assert_output --partial 'alias keep-me'
	run_vportctl --may-exist add-br br0
	run kernel_ports
	assert_output $'0 ovs-system\n1 br0'
}

@test "an internal port is a net device of the datapath, and goes with del-port" {
	run_vportctl add-br br0 -- add-port br0 p1 type=internal
	run link_details p1
	assert_output --partial ' openvswitch '
	run_vportctl get interface p1 dp_port
	assert_output 2
	run kernel_ports
	assert_line '2 p1'
	run_vportctl del-port br0 p1
	run link_exists p1
	assert_failure
	run kernel_ports
	refute_line --partial p1
}

@test "a system port on a veth is attached, and released on delete" {
	nsip link add v0 type veth peer name v1
	run_vportctl add-br br0 -- add-port br0 v0
	run link_details v0
	assert_output --partial 'master ovs-system'
	run_vportctl get interface v0 type
	assert_output system
	run kernel_ports
	assert_line "$(dp_port_of v0) v0"
	run_vportctl del-port v0
	link_exists v0
	run link_details v0
	refute_output --partial 'master'
	run kernel_ports
	refute_line --partial v0
	# The bridge itself stays.
	link_exists br0
}

@test "del-br releases its system ports and deletes its internal ports" {
	nsip link add v0 type veth peer name v1
	run_vportctl add-br br0 -- add-port br0 v0 -- add-port br0 p1 type=internal -- add-br br1
	run_vportctl del-br br0
	run link_details v0
	refute_output --partial master
	run link_exists p1
	assert_failure
	run kernel_ports
	assert_output "0 ovs-system"$'\n'"$(dp_port_of br1) br1"
}

@test "list-br, list-ports, port-to-br, br-exists and get agree with the kernel" {
	run_vportctl add-br br0 -- add-br br1 -- add-port br0 p2 type=internal -- add-port br0 p1 type=internal -- add-port br1 q1 type=internal
	run_vportctl list-br
	assert_output $'br0\nbr1'
	run_vportctl list-ports br0
	assert_output $'p1\np2'
	run_vportctl port-to-br q1
	assert_output br1
	run_vportctl br-exists br1
	run_vportctl 2 br-exists br9
	run kernel_ports
	local k=$output iface
	for iface in br0 br1 p1 p2 q1; do
		run_vportctl get interface "$iface" dp_port
		[[ $'\n'$k$'\n' == *$'\n'"$output $iface"$'\n'* ]] ||
			fail "$iface: dp_port $output is not in the kernel's ports: $k"
	done
}

@test "dp-show agrees with ip link and with ovs-dpctl show" {
	nsip link add v0 type veth peer name v1
	run_vportctl add-br br0 -- add-port br0 p1 type=internal -- add-port br0 v0 \
		-- add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 \
		-- add-port br0 gn1 type=geneve options:remote_ip=10.0.0.3 \
		-- add-port br0 gr1 type=gre options:remote_ip=10.0.0.4
	run vp_dp_ports
	local mine=$output
	run kernel_ports
	assert_equal "$(cut -d' ' -f1,2 <<<"$mine")" "$output"
	assert_equal "$(wc -l <<<"$mine")" 7
	# Internal vports are openvswitch devices; the others are attached.
	local n
	for n in br0 p1; do
		run link_details "$n"
		assert_output --partial ' openvswitch '
	done
	for n in v0 vxlan_sys_4789 genev_sys_6081 gre_sys; do
		run link_details "$n"
		assert_output --partial 'master ovs-system'
	done
	# The text form lists the same ports.
	run_vportctl dp-show
	assert_line --partial 'port 0: ovs-system (internal)'
	assert_line --partial 'port 1: br0 (internal)'
	assert_line --regexp 'port [0-9]+: vxlan_sys_4789 \(vxlan.*dst_port=4789'
	assert_line --regexp 'port [0-9]+: genev_sys_6081 \(geneve.*dst_port=6081'
	assert_line --regexp 'port [0-9]+: gre_sys \(gre'
}

@test "dp-show -s shows statistics" {
	run_vportctl add-br br0
	run_vportctl dp-show -s
	assert_output --regexp 'RX packets:?[ ]*[0-9]+'
}

@test "mtu_request reaches internal and system devices, and set changes it" {
	nsip link add v0 type veth peer name v1
	run_vportctl add-br br0 -- add-port br0 p1 type=internal mtu_request=1400 -- add-port br0 v0 mtu_request=1300
	run link_details p1
	assert_output --partial 'mtu 1400 '
	run link_details v0
	assert_output --partial 'mtu 1300 '
	run_vportctl set interface p1 mtu_request=1450
	run link_details p1
	assert_output --partial 'mtu 1450 '
	run_vportctl get interface p1 mtu_request
	assert_output 1450
}

@test "dp_port_request is honoured" {
	nsip link add v0 type veth peer name v1
	run_vportctl add-br br0 -- add-port br0 p1 type=internal dp_port_request=7 \
		-- add-port br0 v0 dp_port_request=40
	run kernel_ports
	assert_line '7 p1'
	assert_line '40 v0'
	run_vportctl get interface p1 dp_port
	assert_output 7
	run_vportctl get interface v0 dp_port
	assert_output 40
	run_vportctl set interface p1 dp_port_request=8
	run kernel_ports
	assert_line '8 p1'
}

@test "show reports the kernel's port numbers and state ok" {
	run_vportctl add-br br0 -- add-port br0 p1 type=internal
	run_vportctl show
	assert_line '            dp_port: 2'
	refute_output --partial 'error:'
	run_vportctl -f json show
	run jq -r '.datapath.present, (.bridges[0].ports[0] | "\(.name) \(.dp_port) \(.state)")' <<<"$output"
	assert_output $'true\np1 2 ok'
}
