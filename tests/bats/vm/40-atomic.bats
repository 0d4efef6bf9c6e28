#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Nothing half-done: when the kernel refuses a later step of an invocation,
# the earlier steps are undone and the database is rolled back.

load helpers

@test "a -- chain whose third command the kernel refuses changes nothing (from empty)" {
	local before
	before=$(state)
	run_vportctl 1 add-br br0 -- add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 -- add-port br0 lo
	assert_equal "$(state)" "$before"
	run dp_exists
	assert_failure
	run link_exists vxlan_sys_4789
	assert_failure
	run link_exists br0
	assert_failure
}

@test "a -- chain whose third command the kernel refuses changes nothing (existing config)" {
	nsip link add v0 type veth peer name v1
	vp add-br br0 -- add-port br0 p1 type=internal mtu_request=1400 -- add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2
	local before
	before=$(state)
	run_vportctl 1 add-port br0 p2 type=internal -- add-port br0 v0 -- add-port br0 eth9
	run_vportctl 1 del-port vx1 -- add-port br0 gn1 type=geneve options:remote_ip=10.0.0.3 -- add-port br0 lo
	run_vportctl 1 set interface p1 mtu_request=1300 -- del-port p1 -- add-port br0 lo
	run_vportctl 1 add-br br1 -- del-br br0 -- add-port br1 lo
	assert_equal "$(state)" "$before"
	run link_details v0
	refute_output --partial master
}

@test "a --batch with a failing last line changes nothing" {
	vp add-br br0
	local before
	before=$(state)
	printf '%s\n' 'add-port br0 p1 type=internal' 'add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.9' \
		'add-port br0 eth9' >"$BATS_TEST_TMPDIR/batch"
	run_vportctl 1 --batch="$BATS_TEST_TMPDIR/batch"
	assert_equal "$(state)" "$before"
}
