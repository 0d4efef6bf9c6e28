#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016,SC2013 # bats sets status/output/stderr/lines
# add-port, del-port, list-ports, list-ifaces, port-to-br for system and
# internal interfaces; port names; --may-exist/--if-exists; system devices
# checked through rtnetlink under --dry-run (which needs no datapath).

load helpers

setup() {
	common_setup
	off add-br br0
	off add-br br1
}

@test "add-port internal: listed, typed, on its bridge" {
	run --separate-stderr vp --offline add-port br0 p1 type=internal
	assert_success
	assert_no_stdout
	assert_equal "$stderr" ""
	run --separate-stderr vp list-ports br0
	assert_output "p1"
	run --separate-stderr vp port-to-br p1
	assert_success
	assert_output "br0"
	run --separate-stderr vp get interface p1 type
	assert_output "internal"
}

@test "add-port with no type is a system interface (offline: no device check)" {
	run --separate-stderr vp --offline add-port br0 eth7
	assert_success
	run --separate-stderr vp get interface eth7 type
	assert_output "system"
}

@test "type= (empty) is system, as in Open vSwitch" {
	off add-port br0 e2 type=
	run --separate-stderr vp get interface e2 type
	assert_output "system"
}

@test "list-ports: sorted, without the bridge's own port" {
	off add-port br0 zz type=internal
	off add-port br0 aa type=internal
	off add-port br0 mm type=internal
	off add-port br1 other type=internal
	run --separate-stderr vp list-ports br0
	assert_success
	assert_output $'aa\nmm\nzz'
}

@test "list-ports of a missing bridge: 1" {
	expect_error 1 "no bridge named br9" list-ports br9
}

@test "list-ifaces: all non-local interfaces, or those of one bridge, sorted" {
	off add-port br1 b type=internal
	off add-port br0 c type=internal
	off add-port br0 a type=internal
	run --separate-stderr vp list-ifaces
	assert_success
	assert_output $'a\nb\nc'
	run --separate-stderr vp list-ifaces br0
	assert_output $'a\nc'
	expect_error 1 "no bridge named br9" list-ifaces br9
}

@test "port-to-br of a missing port, or of a bridge: 1" {
	expect_error 1 "no port named p9" port-to-br p9
	run --separate-stderr vp port-to-br br0
	assert_equal "$status" 1
}

@test "add-port to a missing bridge: 1" {
	expect_error 1 "no bridge named br9" --offline add-port br9 p1 type=internal
}

@test "add-port of an existing port, on the same or another bridge: 1, ovs-vsctl wording" {
	off add-port br0 p1 type=internal
	expect_error 1 "cannot create a port named p1 because a port named p1 already exists on bridge br0" \
		--offline add-port br0 p1 type=internal
	expect_error 1 "cannot create a port named p1 because a port named p1 already exists on bridge br0" \
		--offline add-port br1 p1 type=internal
}

@test "add-port named like a bridge: 1" {
	expect_error 1 "cannot create a port named br1 because a bridge named br1 already exists" \
		--offline add-port br0 br1 type=internal
	expect_error 1 "cannot create a port named br0 because a bridge named br0 already exists" \
		--offline add-port br0 br0 type=internal
}

@test "--may-exist add-port with the same settings: 0, nothing changes" {
	off add-port br0 p1 type=internal mtu_request=1400
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline --may-exist add-port br0 p1 type=internal mtu_request=1400
	assert_success
	assert_equal "$stderr" ""
	assert_unchanged
}

@test "--may-exist add-port with other settings: 0, the settings given are applied" {
	off add-port br0 p1 type=internal mtu_request=1400
	local before
	before=$(snapshot)
	# bare: the internal port stays as it is
	run --separate-stderr vp --offline --may-exist add-port br0 p1
	assert_success
	assert_unchanged
	run --separate-stderr vp --offline --may-exist add-port br0 p1 mtu_request=1500
	assert_success
	run vp get interface p1 type mtu_request
	assert_output $'internal\n1500'
}

@test "--may-exist add-port of a port on another bridge: 1" {
	off add-port br0 p1 type=internal
	expect_error 1 '"--may-exist add-port br1 p1" but p1 is actually attached to bridge br0' \
		--offline --may-exist add-port br1 p1 type=internal
}

@test "del-port PORT and del-port BR PORT" {
	off add-port br0 p1 type=internal
	off add-port br0 p2 type=internal
	run --separate-stderr vp --offline del-port p1
	assert_success
	assert_no_stdout
	run --separate-stderr vp --offline del-port br0 p2
	assert_success
	run vp list-ports br0
	assert_no_stdout
}

@test "del-port of a missing port: 1; --if-exists: 0" {
	expect_error 1 "no port named p9" --offline del-port p9
	run --separate-stderr vp --offline --if-exists del-port p9
	assert_success
	assert_equal "$stderr" ""
	run --separate-stderr vp --offline --if-exists del-port br0 p9
	assert_success
}

@test "del-port BR PORT with PORT on another bridge: 1, nothing deleted" {
	off add-port br0 p1 type=internal
	expect_error 1 "bridge br1 does not have a port p1" --offline del-port br1 p1
	run vp list-ports br0
	assert_output "p1"
}

@test "del-port BR PORT on a missing bridge: 1" {
	off add-port br0 p1 type=internal
	expect_error 1 "no bridge named br9" --offline del-port br9 p1
}

@test "del-port of a bridge's own port: 1, use del-br" {
	expect_error 1 "cannot delete port br0 because it is the local port for bridge br0 (deleting this port requires deleting the entire bridge)" \
		--offline del-port br0
	run vp br-exists br0
	assert_success
}

@test "invalid port names: 16 bytes, slash, space, empty, '.', '..': 65" {
	local n
	for n in 0123456789abcdef a/b "a b" "" . ..; do
		run --separate-stderr vp --offline add-port br0 "$n" type=internal
		assert_equal "$status" 65 || fail "add-port br0 '$n': exit $status"
		assert_no_stdout
		assert_stderr --partial "invalid port name '$n'"
	done
	run vp list-ports br0
	assert_no_stdout
}

@test "reserved port names: 65" {
	local n
	for n in ovs-system vxlan_sys_4789 genev_sys_6081 gre_sys vxlan_sys genev_sysx lisp_sys stt_sys; do
		expect_error 65 "invalid port name '$n': the name is reserved for the datapath or a tunnel backer" \
			--offline add-port br0 "$n" type=internal
	done
}

@test "a 15-byte port name is fine" {
	run --separate-stderr vp --offline add-port br0 abcdefghijklmno type=internal
	assert_success
	run vp list-ports br0
	assert_output "abcdefghijklmno"
}

@test "malformed settings: 65, the setting named" {
	expect_error 65 "invalid setting 'foo' for interface p1: expected COLUMN=VALUE or options:KEY=VALUE" \
		--offline add-port br0 p1 type=internal foo
	expect_error 65 "invalid type 'bogus' for interface p1: expected system, internal, vxlan, geneve, gre or patch" \
		--offline add-port br0 p1 type=bogus
	expect_error_partial 65 "unknown column 'colour' for interface p1" \
		--offline add-port br0 p1 colour=red
	expect_error_partial 65 "cannot set column dp_port of interface p1: it is read-only" \
		--offline add-port br0 p1 type=internal dp_port=3
	run vp list-ports br0
	assert_no_stdout
}

@test "mtu_request: 68-65535 accepted, outside refused with the range" {
	run --separate-stderr vp --offline add-port br0 p1 type=internal mtu_request=68
	assert_success
	run --separate-stderr vp --offline add-port br0 p2 type=internal mtu_request=65535
	assert_success
	local v
	for v in 67 65536 0 -1 abc 1.5; do
		expect_error 65 "invalid mtu_request '$v' for interface p3: expected 68-65535" \
			--offline add-port br0 p3 type=internal mtu_request="$v"
	done
}

@test "dp_port_request: 1-65534 accepted, outside refused with the range" {
	run --separate-stderr vp --offline add-port br0 p1 type=internal dp_port_request=1
	assert_success
	run --separate-stderr vp --offline add-port br0 p2 type=internal dp_port_request=65534
	assert_success
	local v
	for v in 0 65535 -1 abc; do
		expect_error 65 "invalid dp_port_request '$v' for interface p3: expected 1-65534" \
			--offline add-port br0 p3 type=internal dp_port_request="$v"
	done
}

@test "mtu_request= and dp_port_request= (empty) clear the column" {
	off add-port br0 p1 type=internal mtu_request=1400 dp_port_request=5
	run --separate-stderr vp --offline set interface p1 mtu_request= dp_port_request=
	assert_success
	run --separate-stderr vp -f json get interface p1 mtu_request dp_port_request
	assert_success
	run jq -c . <<<"$output"
	assert_output '{"mtu_request":null,"dp_port_request":null}'
}

@test "options on system and internal interfaces: 65" {
	expect_error 65 "invalid option 'remote_ip' for internal interface p1: internal interfaces take no options" \
		--offline add-port br0 p1 type=internal options:remote_ip=10.0.0.1
	expect_error 65 "invalid option 'peer' for system interface e1: system interfaces take no options" \
		--offline add-port br0 e1 options:peer=x
}

@test "--dry-run add-port of an existing net device: one OVS_VPORT_CMD_NEW of type netdev" {
	[ -e /sys/class/net/lo ] || fail "no lo on this host"
	local dev
	dev=$(ip -o link show | awk -F': ' '$2 != "lo" && $0 ~ /link\/ether/ {sub(/@.*/, "", $2); print $2; exit}')
	[ -n "$dev" ] || skip "no Ethernet device on this host"
	local before
	before=$(snapshot)
	run --separate-stderr vp --dry-run add-port br0 "$dev"
	assert_success
	assert_output "OVS_VPORT_CMD_NEW name=$dev type=netdev upcall_pid=0"
	assert_unchanged
}

@test "--dry-run add-port of a missing net device: 1, no network device named" {
	local dev=vpt-nodev0
	[ ! -e /sys/class/net/$dev ] || skip "$dev exists"
	run --separate-stderr vp --dry-run add-port br0 $dev
	assert_equal "$status" 1
	assert_no_stdout
	assert_stderr --regexp "^vportctl: cannot add system interface $dev: no network device named $dev"
}

@test "--dry-run add-port of the loopback device: 1, refused" {
	run --separate-stderr vp --dry-run add-port br0 lo
	assert_equal "$status" 1
	assert_no_stdout
	assert_stderr --partial "cannot add system interface lo"
	assert_stderr --partial "loopback"
}

@test "--dry-run add-port internal with mtu_request and dp_port_request" {
	run --separate-stderr vp --dry-run add-port br0 p1 type=internal mtu_request=1400 dp_port_request=7
	assert_success
	assert_line --index 0 "OVS_VPORT_CMD_NEW name=p1 type=internal port_no=7 upcall_pid=0"
	assert_line --index 1 "RTM_NEWLINK name=p1 mtu=1400"
	assert_equal "${#lines[@]}" 2
}

@test "--dry-run del-port internal: one OVS_VPORT_CMD_DEL" {
	off add-port br0 p1 type=internal
	run --separate-stderr vp --dry-run del-port p1
	assert_success
	assert_output "OVS_VPORT_CMD_DEL name=p1"
	run vp list-ports br0
	assert_output "p1"
}

@test "add-port and del-port without --offline: 69, nothing changed" {
	off add-port br0 p1 type=internal
	local before
	before=$(snapshot)
	run --separate-stderr vp add-port br0 p2 type=internal
	assert_equal "$status" 69
	assert_stderr --partial "vportdp"
	assert_stderr --partial "openvswitch"
	run --separate-stderr vp del-port p1
	assert_equal "$status" 69
	assert_stderr --partial "vportdp"
	assert_unchanged
}

@test "-f json list-ports, list-ifaces, port-to-br" {
	off add-port br0 p1 type=internal
	off add-port br0 p2 type=internal
	run --separate-stderr vp -f json list-ports br0
	assert_success
	run jq -c . <<<"$output"
	assert_output '["p1","p2"]'
	run --separate-stderr vp -f json list-ifaces
	assert_success
	run jq -c . <<<"$output"
	assert_output '["p1","p2"]'
	run --separate-stderr vp -f json port-to-br p1
	assert_success
	run jq -c . <<<"$output"
	assert_output '"br0"'
}
