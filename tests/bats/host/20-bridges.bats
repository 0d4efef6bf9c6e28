#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016,SC2013 # bats sets status/output/stderr/lines
# add-br, del-br, list-br, br-exists; bridge names; --may-exist/--if-exists.

load helpers

setup() {
	common_setup
}

@test "add-br then list-br, br-exists" {
	run --separate-stderr vp --offline add-br br0
	assert_success
	assert_no_stdout
	assert_equal "$stderr" ""
	run --separate-stderr vp list-br
	assert_success
	assert_output "br0"
	run vp br-exists br0
	assert_success
}

@test "list-br is sorted, one per line" {
	off add-br zeta
	off add-br alpha
	off add-br br-1.x
	run --separate-stderr vp list-br
	assert_success
	assert_output $'alpha\nbr-1.x\nzeta'
}

@test "list-br on an empty configuration prints nothing" {
	run --separate-stderr vp list-br
	assert_success
	assert_no_stdout
}

@test "a bridge is its own internal port" {
	off add-br br0
	run --separate-stderr vp get interface br0 type bridge
	assert_success
	assert_output $'internal\nbr0'
	run --separate-stderr vp list-ports br0
	assert_success
	assert_no_stdout
}

@test "add-br of an existing bridge: 1, ovs-vsctl wording" {
	off add-br br0
	expect_error 1 "cannot create a bridge named br0 because a bridge named br0 already exists" \
		--offline add-br br0
}

@test "add-br named like an existing port: 1" {
	off add-br br0
	off add-port br0 p1 type=internal
	expect_error 1 "cannot create a bridge named p1 because a port named p1 already exists on bridge br0" \
		--offline add-br p1
	run vp br-exists p1
	assert_equal "$status" 2
}

@test "--may-exist add-br: 0 and nothing changes" {
	off add-br br0
	off add-port br0 p1 type=internal
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline --may-exist add-br br0
	assert_success
	assert_equal "$stderr" ""
	assert_unchanged
}

@test "--may-exist add-br written in the first command's position after --" {
	off add-br br0
	run --separate-stderr vp --offline -- --may-exist add-br br0
	assert_success
}

@test "--may-exist add-br of a name used by a port is still an error" {
	off add-br br0
	off add-port br0 p1 type=internal
	run --separate-stderr vp --offline --may-exist add-br p1
	assert_equal "$status" 1
	assert_stderr --partial "p1"
}

@test "del-br removes the bridge and all its ports" {
	off add-br br0
	off add-br br1
	off add-port br0 p1 type=internal
	off add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2
	off add-port br1 p2 type=internal
	run --separate-stderr vp --offline del-br br0
	assert_success
	assert_no_stdout
	run vp list-br
	assert_output "br1"
	run vp list-ifaces
	assert_output "p2"
	run --separate-stderr vp port-to-br p1
	assert_equal "$status" 1
}

@test "del-br of a missing bridge: 1, no bridge named" {
	expect_error 1 "no bridge named br9" --offline del-br br9
}

@test "--if-exists del-br of a missing bridge: 0" {
	off add-br br0
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline --if-exists del-br br9
	assert_success
	assert_equal "$stderr" ""
	assert_unchanged
}

@test "del-br of a port name is not a bridge" {
	off add-br br0
	off add-port br0 p1 type=internal
	expect_error 1 "no bridge named p1" --offline del-br p1
}

@test "br-exists: 0, 2; never an error message" {
	off add-br br0
	run --separate-stderr vp br-exists br0
	assert_success
	run --separate-stderr vp br-exists br1
	assert_equal "$status" 2
	assert_equal "$stderr" ""
	off add-port br0 p1 type=internal
	run --separate-stderr vp br-exists p1
	assert_equal "$status" 2
}

@test "a name may be reused after del-br" {
	off add-br br0
	off del-br br0
	run --separate-stderr vp --offline add-br br0
	assert_success
	run vp list-br
	assert_output "br0"
}

@test "15-byte names are accepted" {
	run --separate-stderr vp --offline add-br 0123456789abcde
	assert_success
	run vp list-br
	assert_output "0123456789abcde"
}

@test "the allowed characters: A-Z a-z 0-9 _ . -" {
	run --separate-stderr vp --offline add-br Az09_.-x
	assert_success
	run --separate-stderr vp --offline add-br .x
	assert_success
	run --separate-stderr vp --offline add-br ...
	assert_success
	run vp list-br
	assert_output $'...\n.x\nAz09_.-x'
}

@test "a 16-byte name: 65, the length said" {
	expect_error 65 "invalid bridge name '0123456789abcdef': 16 bytes long, at most 15 allowed" \
		--offline add-br 0123456789abcdef
	[ ! -e "$DB" ] || { run vp list-br; assert_no_stdout; }
}

@test "a 16-byte UTF-8 name (8 characters) is still 16 bytes: 65" {
	run --separate-stderr vp --offline add-br "éééééééé"
	assert_equal "$status" 65
	assert_no_stdout
}

@test "invalid bridge names: slash, space, empty, '.', '..', other characters: 65" {
	local n
	for n in a/b "a b" "" . .. "a:b" "a,b" 'a"b' "a*b" "a=b"; do
		run --separate-stderr vp --offline add-br "$n"
		assert_equal "$status" 65 || fail "add-br '$n': exit $status"
		assert_no_stdout
		assert_stderr --partial "invalid bridge name '$n'"
	done
	run vp list-br
	assert_no_stdout
}

@test "a control character in a name is refused and not echoed raw" {
	run --separate-stderr vp --offline add-br $'a\tb'
	assert_equal "$status" 65
	assert_stderr --partial "invalid bridge name 'a"
	[[ $stderr != *$'\t'* ]] || fail "raw tab in the message: $stderr"
}

@test "invalid bridge name messages say what is allowed" {
	expect_error 65 "invalid bridge name 'a b': expected 1-15 characters of A-Z a-z 0-9 _ . - (not '.' or '..')" \
		--offline add-br "a b"
	expect_error 65 "invalid bridge name '..': expected 1-15 characters of A-Z a-z 0-9 _ . - (not '.' or '..')" \
		--offline add-br ..
	expect_error_partial 65 "invalid bridge name ''" --offline add-br ""
}

@test "reserved names: ovs-system and the backer prefixes: 65" {
	local n
	for n in ovs-system vxlan_sys vxlan_sys_4789 genev_sys genev_sys_6081 gre_sys gre_sys2 \
		lisp_sys_4341 stt_sys_7471 erspan_sys ip6erspan_sys ip6gre_sys gtpu_sys_2152 \
		udp_sys_6635 srv6_sys; do
		run --separate-stderr vp --offline add-br "$n"
		assert_equal "$status" 65 || fail "add-br $n: exit $status"
		assert_stderr "vportctl: invalid bridge name '$n': the name is reserved for the datapath or a tunnel backer"
	done
}

@test "names that merely contain a backer prefix later on are fine" {
	run --separate-stderr vp --offline add-br my_vxlan_sys
	assert_success
	run --separate-stderr vp --offline add-br ovs-system2
	assert_success
	run vp list-br
	assert_output $'my_vxlan_sys\novs-system2'
}

@test "-f json list-br: a JSON array" {
	off add-br br1
	off add-br br0
	run --separate-stderr vp -f json list-br
	assert_success
	run jq -c . <<<"$output"
	assert_success
	assert_output '["br0","br1"]'
}

@test "write commands without --offline: 69, naming vportdp and openvswitch, nothing written" {
	local args
	for args in "add-br br0" "del-br br0" "--if-exists del-br br0"; do
		# shellcheck disable=SC2086
		run --separate-stderr vp $args
		assert_equal "$status" 69 || fail "vportctl $args: exit $status"
		assert_no_stdout
		assert_stderr --partial "vportdp"
		assert_stderr --partial "openvswitch"
	done
	run vp list-br
	assert_no_stdout
}
