#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016,SC2013 # bats sets status/output/stderr/lines
# --dry-run: one line per kernel request it would send, works without the
# kernel datapath, changes nothing (neither the database nor the kernel).

load helpers

setup() {
	common_setup
}

@test "first add-br on a missing database: the datapath, then the bridge; no file created" {
	run --separate-stderr vp --dry-run add-br br0
	assert_success
	assert_equal "$stderr" ""
	assert_output $'OVS_DP_CMD_NEW name=ovs-system upcall_pid=0 user_features=UNALIGNED|VPORT_PIDS\nOVS_VPORT_CMD_NEW name=br0 type=internal upcall_pid=0'
	[ ! -e "$DB" ] || fail "--dry-run created $DB"
}

@test "add-br when a bridge exists: only the bridge's vport" {
	off add-br br0
	run --separate-stderr vp --dry-run add-br br1
	assert_success
	assert_output "OVS_VPORT_CMD_NEW name=br1 type=internal upcall_pid=0"
	run vp br-exists br1
	assert_equal "$status" 2
}

@test "del-br of the last bridge: the bridge, then the datapath" {
	off add-br br0
	off add-port br0 p1 type=internal
	run --separate-stderr vp --dry-run del-br br0
	assert_success
	assert_output $'OVS_VPORT_CMD_DEL name=p1\nOVS_VPORT_CMD_DEL name=br0\nOVS_DP_CMD_DEL name=ovs-system'
	run vp list-br
	assert_output "br0"
}

@test "del-br of one of two bridges keeps the datapath" {
	off add-br br0
	off add-br br1
	run --separate-stderr vp --dry-run del-br br1
	assert_success
	assert_output "OVS_VPORT_CMD_DEL name=br1"
}

@test "patch ports send nothing" {
	off add-br br0
	run --separate-stderr vp --dry-run add-port br0 pa type=patch options:peer=pb
	assert_success
	assert_no_stdout
}

@test "requests of a chain in order; nothing changed" {
	off add-br br0
	off add-port br0 p1 type=internal
	local before
	before=$(snapshot)
	run --separate-stderr vp --dry-run add-port br0 p2 type=internal dp_port_request=5 \
		-- set interface p1 mtu_request=9000 \
		-- add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 options:dst_port=8472
	assert_success
	assert_line "OVS_VPORT_CMD_NEW name=p2 type=internal port_no=5 upcall_pid=0"
	assert_line "RTM_NEWLINK name=p1 mtu=9000"
	assert_line "OVS_VPORT_CMD_NEW name=vxlan_sys_8472 type=vxlan upcall_pid=0 options={dst_port=8472}"
	assert_equal "${#lines[@]}" 3
	assert_unchanged
}

@test "every write command under --dry-run changes nothing" {
	off add-br br0
	off add-br br1
	off add-port br0 p1 type=internal
	off add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1
	off add-port br1 pa type=patch options:peer=pb
	local before args
	before=$(snapshot)
	for args in "add-br br2" "del-br br0" "del-br br1" "add-port br0 p2 type=internal" \
		"del-port p1" "del-port vx1" "del-port br1 pa" \
		"set interface vx1 options:dst_port=4790" "set interface p1 mtu_request=1400" \
		"set interface vx1 type=gre" "--if-exists del-port nope" "--may-exist add-br br0"; do
		# shellcheck disable=SC2086
		run --separate-stderr vp --dry-run $args
		assert_success || fail "--dry-run $args: exit $status: $stderr"
		assert_unchanged
	done
}

@test "--dry-run applies the same validation as a real run" {
	off add-br br0
	off add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1
	expect_error 65 "invalid options:ttl '0' for vxlan interface vx2: expected 1-255 or inherit" \
		--dry-run add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.2 options:ttl=0
	expect_error 1 "cannot create interface vx2: tunnel with the same configuration as interface vx1" \
		--dry-run add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.1
	expect_error 1 "cannot create a bridge named br0 because a bridge named br0 already exists" \
		--dry-run add-br br0
	expect_error 1 "no port named nope" --dry-run del-port nope
	expect_error 64 "'add-br' command requires at least 1 argument" --dry-run add-br
}

@test "--dry-run with a failing later command prints no requests" {
	off add-br br0
	run --separate-stderr vp --dry-run add-br br1 -- add-br br0
	assert_equal "$status" 1
	assert_no_stdout
}

@test "--dry-run of read-only commands prints their normal output" {
	off add-br br0
	run --separate-stderr vp --dry-run list-br
	assert_success
	assert_output "br0"
}

@test "--dry-run dp-show, check and reconcile still need the datapath: 69" {
	local cmd
	for cmd in dp-show check reconcile; do
		run --separate-stderr vp --dry-run $cmd
		assert_equal "$status" 69 || fail "--dry-run $cmd: exit $status"
		assert_stderr --partial "vportdp"
	done
}
