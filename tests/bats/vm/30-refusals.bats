#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Kernel refusals surface clearly, and leave kernel and database as they were.

load helpers

setup() {
	vm_setup
	vp add-br br0 -- add-port br0 p1 type=internal
}

@test "a system port on a missing device is refused" {
	local before
	before=$(state)
	run_vportctl 1 add-port br0 eth9
	assert_stderr --partial 'no network device named eth9'
	assert_equal "$(state)" "$before"
}

@test "loopback is refused" {
	local before
	before=$(state)
	run_vportctl 1 add-port br0 lo
	assert_stderr --regexp '^vportctl: .*\blo\b'
	assert_equal "$(state)" "$before"
}

@test "a device already enslaved to a Linux bridge is refused with the kernel's reason" {
	nsip link add lb0 type bridge
	nsip link add v0 type veth peer name v1
	nsip link set v0 master lb0
	local before
	before=$(state)
	run_vportctl 1 add-port br0 v0
	assert_stderr --regexp '^vportctl: .*v0'
	assert_equal "$(state)" "$before"
	run link_details v0
	assert_output --partial 'master lb0'
}

@test "a requested port number already in use in the kernel is refused" {
	nsip link add d0 type dummy
	dpctl add-if ovs-system d0,port_no=9
	local before
	before=$(state)
	run_vportctl 1 add-port br0 p2 type=internal dp_port_request=9
	assert_stderr --regexp '^vportctl: .*p2'
	assert_equal "$(state)" "$before"
	run link_exists p2
	assert_failure
}

@test "a UDP port held by a plain Linux vxlan device: no backer left behind, and the port is named" {
	nsip link add vx0 type vxlan id 42 dstport 4789 local 127.0.0.1
	nsip link set vx0 up
	local before
	before=$(state)
	run_vportctl 1 add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2
	assert_stderr --partial 4789
	run link_exists vxlan_sys_4789
	assert_failure
	assert_equal "$(state)" "$before"
	# Another UDP port is free.
	run_vportctl add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 options:dst_port=4790
	link_exists vxlan_sys_4790
}

@test "a bridge name taken by a net device is refused" {
	nsip link add d1 type dummy
	local before
	before=$(state)
	run_vportctl 1 add-br d1
	assert_stderr --regexp '^vportctl: .*d1'
	assert_equal "$(state)" "$before"
}
