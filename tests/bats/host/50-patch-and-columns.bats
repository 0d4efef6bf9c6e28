#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016,SC2013 # bats sets status/output/stderr/lines
# Patch ports, and the columns of `get`/`set interface`.

load helpers

setup() {
	common_setup
	off add-br br0
	off add-br br1
}

# --- patch -------------------------------------------------------------------

@test "a patch pair: ghosts with no backer, no kernel request, no error line" {
	run --separate-stderr vp --dry-run add-port br0 pa type=patch options:peer=pb
	assert_success
	assert_no_stdout
	off add-port br0 pa type=patch options:peer=pb
	off add-port br1 pb type=patch options:peer=pa
	run --separate-stderr vp -f json show
	assert_success
	run jq -c '[.bridges[].ports[] | {name, type, options, ghost, backer, dp_port, error}]' <<<"$output"
	assert_output '[{"name":"pa","type":"patch","options":{"peer":"pb"},"ghost":true,"backer":null,"dp_port":null,"error":null},{"name":"pb","type":"patch","options":{"peer":"pa"},"ghost":true,"backer":null,"dp_port":null,"error":null}]'
	run --separate-stderr vp show
	refute_output --partial "error:"
	assert_output --partial 'options: {peer="pb"}'
}

@test "a patch whose peer does not exist yet is allowed and shown unpaired" {
	run --separate-stderr vp --offline add-port br0 pa type=patch options:peer=later
	assert_success
	run --separate-stderr vp show
	assert_success
	assert_output --partial "error: patch peer not found"
	run --separate-stderr vp -f json show
	run jq -r '.bridges[0].ports[0].error' <<<"$output"
	assert_output "patch peer not found"
}

@test "patch without peer: allowed, shown unpaired" {
	run --separate-stderr vp --offline add-port br0 pa type=patch
	assert_success
	run --separate-stderr vp --offline add-port br0 pb type=patch options:peer=
	assert_success
	run --separate-stderr vp show
	assert_output --partial $'Interface pa\n            type: patch\n            error: patch peer not set'
	run --separate-stderr vp -f json show
	run jq -c '[.bridges[0].ports[] | {name, options, state, error}]' <<<"$output"
	assert_output '[{"name":"pa","options":{},"state":"ok","error":"patch peer not set"},{"name":"pb","options":{},"state":"ok","error":"patch peer not set"}]'
}

@test "patch with peer=self: 65" {
	expect_error 65 "invalid options:peer 'pa' for patch interface pa: a patch port cannot be its own peer" \
		--offline add-port br0 pa type=patch options:peer=pa
}

@test "patch with an invalid peer name: 65" {
	expect_error_partial 65 "invalid options:peer 'a/b' for patch interface pa" \
		--offline add-port br0 pa type=patch options:peer=a/b
	expect_error_partial 65 "invalid options:peer '0123456789abcdef' for patch interface pa" \
		--offline add-port br0 pa type=patch options:peer=0123456789abcdef
}

@test "patch with extra option keys: 65, only peer allowed" {
	expect_error 65 "invalid option 'remote_ip' for patch interface pa: expected one of peer" \
		--offline add-port br0 pa type=patch options:peer=pb options:remote_ip=10.0.0.1
	expect_error 65 "invalid option 'key' for patch interface pa: expected one of peer" \
		--offline add-port br0 pa type=patch options:peer=pb options:key=1
}

@test "patch with mtu_request: 65" {
	run --separate-stderr vp --offline add-port br0 pa type=patch options:peer=pb mtu_request=1400
	assert_equal "$status" 65
	assert_stderr --partial "pa"
	assert_stderr --partial "mtu_request"
}

@test "set the peer of a patch, remove it, and self is refused" {
	off add-port br0 pa type=patch options:peer=pb
	run --separate-stderr vp --offline set interface pa options:peer=pc
	assert_success
	run vp get interface pa options:peer
	assert_output "pc"
	run --separate-stderr vp --offline set interface pa options:peer=
	assert_success
	run vp get interface pa options
	assert_output "{}"
	local before
	before=$(snapshot)
	expect_error 65 "invalid options:peer 'pa' for patch interface pa: a patch port cannot be its own peer" \
		--offline set interface pa options:peer=pa
	assert_unchanged
}

# --- get -------------------------------------------------------------------

@test "get: every column of a tunnel interface, one per line, [] when unset" {
	off add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 options:key=100
	run --separate-stderr vp get interface vx1 name type options options:key bridge backer
	assert_success
	assert_output $'vx1\nvxlan\n{key="100", remote_ip="10.0.0.2"}\n"100"\nbr0\nvxlan_sys_4789'
	# unset columns print [] as ovs-vsctl's get does
	run --separate-stderr vp get interface vx1 mtu_request dp_port_request ofport_request
	assert_success
	assert_output $'[]\n[]\n[]'
}

@test "get: internal interface columns" {
	off add-port br0 p1 type=internal mtu_request=1400 dp_port_request=9
	run --separate-stderr vp get interface p1 type mtu_request dp_port_request backer options
	assert_success
	assert_output $'internal\n1400\n9\n[]\n{}'
}

@test "get port is get interface" {
	off add-port br0 p1 type=internal
	run --separate-stderr vp get port p1 type bridge
	assert_success
	assert_output $'internal\nbr0'
}

@test "get of a missing interface: 1; --if-exists: 0 and nothing printed" {
	expect_error 1 "no interface named p9" get interface p9 type
	run --separate-stderr vp --if-exists get interface p9 type
	assert_success
	assert_no_stdout
	assert_equal "$stderr" ""
}

@test "get of a missing options key: 1" {
	off add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2
	expect_error 1 'no key "tos" in interface record "vx1" column options' get interface vx1 options:tos
}

@test "get of an unknown column: 65, the columns listed" {
	off add-port br0 p1 type=internal
	expect_error 65 "unknown column 'colour' for interface p1 (columns: backer, bridge, dp_port, dp_port_request, external_ids, mtu_request, name, ofport, ofport_request, options, other_config, type)" \
		get interface p1 colour
}

@test "get of an unknown table: 65" {
	expect_error 65 "unknown table 'qos': expected interface, port or bridge" get qos br0 name
}

@test "get -f json: one object, keyed by the columns asked" {
	off add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 options:key=100
	run --separate-stderr vp -f json get interface vx1 name type options options:key bridge dp_port backer mtu_request dp_port_request
	assert_success
	run jq -c . <<<"$output"
	assert_success
	assert_output '{"name":"vx1","type":"vxlan","options":{"key":"100","remote_ip":"10.0.0.2"},"options:key":"100","bridge":"br0","dp_port":null,"backer":"vxlan_sys_4789","mtu_request":null,"dp_port_request":null}'
}

@test "get of a bridge's own interface" {
	run --separate-stderr vp get interface br0 type bridge backer
	assert_success
	assert_output $'internal\nbr0\n[]'
}

# --- set -------------------------------------------------------------------

@test "set: several columns at once" {
	off add-port br0 p1 type=internal
	run --separate-stderr vp --offline set interface p1 mtu_request=9000 dp_port_request=3
	assert_success
	assert_no_stdout
	run vp get interface p1 mtu_request dp_port_request
	assert_output $'9000\n3'
}

@test "set port is set interface" {
	off add-port br0 p1 type=internal
	run --separate-stderr vp --offline set port p1 mtu_request=1280
	assert_success
	run vp get interface p1 mtu_request
	assert_output "1280"
}

@test "set of a missing interface: 1; --if-exists: 0" {
	expect_error 1 "no interface named p9" --offline set interface p9 mtu_request=1400
	run --separate-stderr vp --offline --if-exists set interface p9 mtu_request=1400
	assert_success
	assert_equal "$stderr" ""
}

@test "set of read-only columns: 65, the settable ones listed" {
	off add-port br0 p1 type=internal
	local col
	for col in name bridge dp_port backer; do
		expect_error 65 "cannot set column $col of interface p1: it is read-only (settable: dp_port_request, external_ids:KEY, mtu_request, ofport_request, options:KEY, other_config:KEY, type)" \
			--offline set interface p1 $col=x
	done
}

@test "set of an unknown column or table: 65" {
	off add-port br0 p1 type=internal
	expect_error_partial 65 "unknown column 'colour' for interface p1" --offline set interface p1 colour=red
	expect_error 65 "unknown table 'qos': expected interface, port or bridge" --offline set qos br0 stp_enable=true
	expect_error 65 "unknown column 'stp_enable' for bridge br0 (columns: external_ids, fail_mode, name, other_config, ports)" --offline set bridge br0 stp_enable=true
}

@test "set without '=': 65" {
	off add-port br0 p1 type=internal
	expect_error 65 "invalid setting 'type' for interface p1: expected COLUMN=VALUE or COLUMN:KEY=VALUE" \
		--offline set interface p1 type
}

@test "set of a bridge's own interface type: refused" {
	run --separate-stderr vp --offline set interface br0 type=system
	assert_failure
	assert_stderr --partial "br0"
	run vp get interface br0 type
	assert_output "internal"
}

@test "set mtu_request on a tunnel: 65" {
	off add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2
	run --separate-stderr vp --offline set interface vx1 mtu_request=1400
	assert_equal "$status" 65
	assert_stderr --partial "vx1"
	assert_stderr --partial "mtu_request"
}

@test "--dry-run set mtu_request on an internal port: one RTM_NEWLINK" {
	off add-port br0 p1 type=internal
	run --separate-stderr vp --dry-run set interface p1 mtu_request=1400
	assert_success
	assert_output "RTM_NEWLINK name=p1 mtu=1400"
	run vp get interface p1 mtu_request
	assert_output "[]"
}

@test "set without --offline: 69, unchanged" {
	off add-port br0 p1 type=internal
	run --separate-stderr vp set interface p1 mtu_request=1400
	assert_equal "$status" 69
	assert_stderr --partial "vportdp"
	run vp get interface p1 mtu_request
	assert_output "[]"
}

@test "del-br leaves the patch peer on the other bridge unpaired" {
	off add-port br0 pa type=patch options:peer=pb
	off add-port br1 pb type=patch options:peer=pa
	off del-br br1
	run --separate-stderr vp -f json show
	assert_success
	run jq -r '.bridges[] | select(.name == "br0") | .ports[] | "\(.name) \(.error)"' <<<"$output"
	assert_output "pa patch peer not found"
}

@test "dp_port_request on a tunnel or patch: 65" {
	run --separate-stderr vp --offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 dp_port_request=5
	assert_equal "$status" 65
	assert_stderr --partial "vx1"
	assert_stderr --partial "dp_port_request"
	run --separate-stderr vp --offline add-port br0 pa type=patch options:peer=pb dp_port_request=5
	assert_equal "$status" 65
}

@test "set type from vxlan to patch: the tunnel options must go, peer must come" {
	off add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1
	run --separate-stderr vp --offline set interface vx1 type=patch
	assert_equal "$status" 65
	run --separate-stderr vp --offline set interface vx1 type=patch options:remote_ip= options:peer=zz
	assert_success
	run vp get interface vx1 type options backer
	assert_output $'patch\n{peer=zz}\n[]'
	run backers
	assert_no_stdout
}
