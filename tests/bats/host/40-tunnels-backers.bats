#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016,SC2013 # bats sets status/output/stderr/lines
# Tunnel interfaces (vxlan, geneve, gre): option validation, duplicate
# tunnels, GBP, and the backer rules over sequences of commands, observed
# through `show -f json` .backers, `get interface X backer`, and the requests
# --dry-run says it would send.

load helpers

setup() {
	common_setup
	off add-br br0
}

vx() {	# vx NAME REMOTE [SETTING...]: an offline vxlan port on br0
	local n=$1 r=$2
	shift 2
	off add-port br0 "$n" type=vxlan options:remote_ip="$r" "$@"
}

NEW4789='OVS_VPORT_CMD_NEW name=vxlan_sys_4789 type=vxlan upcall_pid=0 options={dst_port=4789}'
NEW4790='OVS_VPORT_CMD_NEW name=vxlan_sys_4790 type=vxlan upcall_pid=0 options={dst_port=4790}'
DEL4789='OVS_VPORT_CMD_DEL name=vxlan_sys_4789'
DEL4790='OVS_VPORT_CMD_DEL name=vxlan_sys_4790'

# --- happy paths -----------------------------------------------------------

@test "add-port vxlan: options stored, backer vxlan_sys_4789" {
	run --separate-stderr vp --offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 options:key=100
	assert_success
	assert_no_stdout
	run --separate-stderr vp get interface vx1 type options options:key backer
	assert_success
	assert_output $'vxlan\n{key="100", remote_ip="10.0.0.2"}\n"100"\nvxlan_sys_4789'
}

@test "geneve defaults to genev_sys_6081, gre to gre_sys" {
	off add-port br0 gn1 type=geneve options:remote_ip=10.0.0.3
	off add-port br0 gr1 type=gre options:remote_ip=10.0.0.4
	run vp get interface gn1 backer
	assert_output "genev_sys_6081"
	run vp get interface gr1 backer
	assert_output "gre_sys"
}

@test "--dry-run add-port of the first tunnel of each type: its backer's request" {
	run --separate-stderr vp --dry-run add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2
	assert_success
	assert_output "$NEW4789"
	run --separate-stderr vp --dry-run add-port br0 gn1 type=geneve options:remote_ip=10.0.0.2
	assert_output "OVS_VPORT_CMD_NEW name=genev_sys_6081 type=geneve upcall_pid=0 options={dst_port=6081}"
	run --separate-stderr vp --dry-run add-port br0 gr1 type=gre options:remote_ip=10.0.0.2
	assert_output "OVS_VPORT_CMD_NEW name=gre_sys type=gre upcall_pid=0"
	run --separate-stderr vp --dry-run add-port br0 vx5 type=vxlan options:remote_ip=10.0.0.2 options:dst_port=5000 options:exts=gbp
	assert_output "OVS_VPORT_CMD_NEW name=vxlan_sys_5000 type=vxlan upcall_pid=0 options={dst_port=5000,exts=gbp}"
	run vp list-ports br0
	assert_no_stdout
}

@test "valid option values are accepted" {
	vx a1 10.0.0.1 options:key=16777215 options:tos=252 options:ttl=255 options:csum=true options:df_default=false
	vx a2 10.0.0.2 options:in_key=0 options:out_key=flow options:tos=inherit options:ttl=inherit
	vx a3 10.0.0.3 options:key=flow options:dst_port=1
	vx a4 10.0.0.4 options:dst_port=65535 options:local_ip=10.0.0.99
	vx a5 fd00::5 options:local_ip=fd00::99
	vx a6 flow options:local_ip=flow
	vx a7 10.0.0.7 options:exts=gbp options:dst_port=4800
	off add-port br0 g1 type=gre options:remote_ip=10.0.0.8 options:key=4294967295
	off add-port br0 n1 type=geneve options:remote_ip=10.0.0.9 options:key=16777215 options:csum=false
	run --separate-stderr vp list-ports br0
	assert_equal "${#lines[@]}" 9
}

# --- invalid option values: 65, naming the object, the value and what is allowed

@test "remote_ip missing: 65" {
	expect_error 65 "vxlan interface vx1 requires options:remote_ip (an IPv4 or IPv6 address, or flow)" \
		--offline add-port br0 vx1 type=vxlan
	expect_error 65 "gre interface g1 requires options:remote_ip (an IPv4 or IPv6 address, or flow)" \
		--offline add-port br0 g1 type=gre options:key=1
}

@test "remote_ip not an address: 65" {
	local v
	for v in 10.0.0.256 10.0.0 host.example abc 1.2.3.4/24 fd00::1::2 10.0.0.01; do
		expect_error 65 "invalid options:remote_ip '$v' for vxlan interface vx1: expected an IPv4 or IPv6 address, or flow" \
			--offline add-port br0 vx1 type=vxlan options:remote_ip="$v"
	done
}

@test "remote_ip multicast: 65" {
	local v
	for v in 224.0.0.1 239.1.2.3 ff02::1; do
		expect_error 65 "invalid options:remote_ip '$v' for vxlan interface vx1: multicast addresses are not allowed" \
			--offline add-port br0 vx1 type=vxlan options:remote_ip="$v"
	done
}

@test "remote_ip and local_ip unspecified: 65, nothing changed" {
	local v k before
	before=$(sqlite3 "$DB" .dump)
	for v in 0.0.0.0 :: 0:0:0:0:0:0:0:0 ::ffff:0.0.0.0; do
		expect_error 65 "invalid options:remote_ip '$v' for vxlan interface vx1: the unspecified address is not allowed" \
			--offline add-port br0 vx1 type=vxlan options:remote_ip="$v"
	done
	expect_error 65 "invalid options:local_ip '0.0.0.0' for gre interface g1: the unspecified address is not allowed" \
		--offline add-port br0 g1 type=gre options:remote_ip=10.0.0.1 options:local_ip=0.0.0.0
	expect_error 65 "invalid options:remote_ip '::ffff:224.0.0.1' for vxlan interface vx1: multicast addresses are not allowed" \
		--offline add-port br0 vx1 type=vxlan options:remote_ip=::ffff:224.0.0.1
	assert_equal "$(sqlite3 "$DB" .dump)" "$before"
}

@test "local_ip of the other family: 65" {
	expect_error 65 "invalid options:local_ip 'fd00::1' for vxlan interface vx1: remote_ip and local_ip must be of the same address family" \
		--offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 options:local_ip=fd00::1
	expect_error 65 "invalid options:local_ip '10.0.0.2' for geneve interface gn1: remote_ip and local_ip must be of the same address family" \
		--offline add-port br0 gn1 type=geneve options:remote_ip=fd00::1 options:local_ip=10.0.0.2
}

@test "local_ip=flow without remote_ip=flow: 65" {
	expect_error 65 "invalid options:local_ip 'flow' for vxlan interface vx1: local_ip=flow requires remote_ip=flow" \
		--offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 options:local_ip=flow
}

@test "local_ip not an address: 65" {
	expect_error 65 "invalid options:local_ip 'nope' for vxlan interface vx1: expected an IPv4 or IPv6 address, or flow" \
		--offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 options:local_ip=nope
}

@test "vxlan and geneve keys are 24-bit: 65 beyond" {
	local k t
	for t in vxlan geneve; do
		for k in key in_key out_key; do
			expect_error 65 "invalid options:$k '16777216' for $t interface t1: expected 0-16777215 or flow" \
				--offline add-port br0 t1 type=$t options:remote_ip=10.0.0.1 options:$k=16777216
		done
	done
}

@test "gre keys are 32-bit: 65 beyond" {
	local k
	for k in key in_key out_key; do
		expect_error 65 "invalid options:$k '4294967296' for gre interface g1: expected 0-4294967295 or flow" \
			--offline add-port br0 g1 type=gre options:remote_ip=10.0.0.1 options:$k=4294967296
	done
}

@test "keys that are not numbers: 65" {
	local v
	for v in -1 abc 1e3 " 5" 5x 0x0x10 0X0x10 0x 0x-1 "0x 1" 0x+1 +5; do
		expect_error 65 "invalid options:key '$v' for vxlan interface vx1: expected 0-16777215 or flow" \
			--offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 options:key="$v"
	done
}

@test "dst_port 0 and 65536: 65" {
	local v
	for v in 0 65536 -1 http; do
		expect_error 65 "invalid options:dst_port '$v' for vxlan interface vx1: expected a UDP port 1-65535" \
			--offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 options:dst_port="$v"
	done
	expect_error 65 "invalid options:dst_port '0' for geneve interface gn1: expected a UDP port 1-65535" \
		--offline add-port br0 gn1 type=geneve options:remote_ip=10.0.0.1 options:dst_port=0
}

@test "dst_port on gre: 65, the allowed keys listed" {
	expect_error 65 "invalid option 'dst_port' for gre interface g1: expected one of remote_ip, local_ip, key, in_key, out_key, tos, ttl, csum, df_default" \
		--offline add-port br0 g1 type=gre options:remote_ip=10.0.0.1 options:dst_port=4789
}

@test "tos: not a multiple of 4, or over 252: 65" {
	local v
	for v in 1 3 253 256 -4 high; do
		expect_error 65 "invalid options:tos '$v' for vxlan interface vx1: expected a DSCP TOS byte 0-252 with the two ECN bits clear (a multiple of 4), or inherit" \
			--offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 options:tos="$v"
	done
}

@test "ttl 0 and 256: 65" {
	local v
	for v in 0 256 -1 abc; do
		expect_error 65 "invalid options:ttl '$v' for vxlan interface vx1: expected 1-255 or inherit" \
			--offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 options:ttl="$v"
	done
}

@test "csum and df_default other than true/false: 65" {
	local k v
	for k in csum df_default; do
		for v in yes 1 TRUE; do
			expect_error 65 "invalid options:$k '$v' for vxlan interface vx1: expected true or false" \
				--offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 options:$k="$v"
		done
	done
}

@test "exts other than gbp: 65; exts on geneve or gre: 65" {
	expect_error 65 "invalid options:exts 'gpe' for vxlan interface vx1: expected gbp" \
		--offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 options:exts=gpe
	expect_error 65 "invalid option 'exts' for geneve interface gn1: expected one of remote_ip, local_ip, key, in_key, out_key, dst_port, tos, ttl, csum, df_default" \
		--offline add-port br0 gn1 type=geneve options:remote_ip=10.0.0.1 options:exts=gbp
	expect_error_partial 65 "invalid option 'exts' for gre interface g1: expected one of" \
		--offline add-port br0 g1 type=gre options:remote_ip=10.0.0.1 options:exts=gbp
}

@test "unknown option keys: 65, the valid keys listed" {
	expect_error 65 "invalid option 'colour' for vxlan interface vx1: expected one of remote_ip, local_ip, key, in_key, out_key, dst_port, tos, ttl, csum, df_default, exts" \
		--offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 options:colour=red
	expect_error_partial 65 "invalid option 'peer' for vxlan interface vx1" \
		--offline add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1 options:peer=x
}

@test "invalid values through set: 65 and the interface unchanged" {
	vx vx1 10.0.0.1 options:key=7
	local before
	before=$(snapshot)
	expect_error 65 "invalid options:key '16777216' for vxlan interface vx1: expected 0-16777215 or flow" \
		--offline set interface vx1 options:key=16777216
	expect_error 65 "vxlan interface vx1 requires options:remote_ip (an IPv4 or IPv6 address, or flow)" \
		--offline set interface vx1 options:remote_ip=
	expect_error 65 "invalid option 'dst_port' for gre interface vx1: expected one of remote_ip, local_ip, key, in_key, out_key, tos, ttl, csum, df_default" \
		--offline set interface vx1 type=gre options:dst_port=4789
	assert_unchanged
}

@test "options:KEY= removes the key" {
	vx vx1 10.0.0.1 options:key=7 options:ttl=9
	run --separate-stderr vp --offline set interface vx1 options:key= options:ttl=
	assert_success
	run vp get interface vx1 options
	assert_output '{remote_ip="10.0.0.1"}'
}

# --- duplicates and GBP ----------------------------------------------------

@test "a duplicate tunnel is refused with the SPEC's wording" {
	vx vx1 10.0.0.2 options:key=100
	expect_error 1 "cannot create interface vx2: tunnel with the same configuration as interface vx1" \
		--offline add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.2 options:key=100
}

@test "duplicates: key and in_key are the same match; out_key does not count; no key is key 0" {
	vx vx1 10.0.0.2 options:key=100
	expect_error 1 "cannot create interface vx2: tunnel with the same configuration as interface vx1" \
		--offline add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.2 options:in_key=100 options:out_key=5
	vx vx3 10.0.0.3
	expect_error 1 "cannot create interface vx4: tunnel with the same configuration as interface vx3" \
		--offline add-port br0 vx4 type=vxlan options:remote_ip=10.0.0.3 options:key=0
}

@test "duplicates: the same address written two ways is the same" {
	vx vx1 fd00::1
	expect_error 1 "cannot create interface vx2: tunnel with the same configuration as interface vx1" \
		--offline add-port br0 vx2 type=vxlan options:remote_ip=fd00:0:0::1
}

@test "duplicates: an IPv4-mapped IPv6 address is the IPv4 address, both ways" {
	vx vx1 10.0.0.1 options:key=16
	expect_error 1 "cannot create interface vx2: tunnel with the same configuration as interface vx1" \
		--offline add-port br0 vx2 type=vxlan options:remote_ip=::ffff:10.0.0.1 options:key=0x10
	vx vx3 ::FFFF:10.0.0.3 options:local_ip=10.0.0.9
	expect_error 1 "cannot create interface vx4: tunnel with the same configuration as interface vx3" \
		--offline add-port br0 vx4 type=vxlan options:remote_ip=10.0.0.3 options:local_ip=::ffff:10.0.0.9
	vx vx5 ::ffff:10.0.0.5
	run vp get interface vx5 options
	assert_output '{remote_ip="::ffff:10.0.0.5"}'
}

@test "duplicates: explicit default dst_port is the default" {
	vx vx1 10.0.0.2
	expect_error 1 "cannot create interface vx2: tunnel with the same configuration as interface vx1" \
		--offline add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.2 options:dst_port=4789
}

@test "not duplicates: another key, remote, local, dst_port or type" {
	vx vx1 10.0.0.2 options:key=100
	vx vx2 10.0.0.2 options:key=101
	vx vx3 10.0.0.3 options:key=100
	vx vx4 10.0.0.2 options:key=100 options:local_ip=10.0.0.9
	vx vx5 10.0.0.2 options:key=100 options:dst_port=4790
	off add-port br0 gn1 type=geneve options:remote_ip=10.0.0.2 options:key=100
	off add-port br0 gr1 type=gre options:remote_ip=10.0.0.2 options:key=100
	run vp list-ports br0
	assert_equal "${#lines[@]}" 7
}

@test "a duplicate made by set is refused too, nothing changed" {
	vx vx1 10.0.0.2
	vx vx2 10.0.0.3
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline set interface vx2 options:remote_ip=10.0.0.2
	assert_equal "$status" 1
	assert_stderr --partial "interface vx2: tunnel with the same configuration as interface vx1"
	assert_unchanged
}

@test "GBP and non-GBP on one dst_port: 1, both ways" {
	vx vx1 10.0.0.1
	run --separate-stderr vp --offline add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.2 options:exts=gbp
	assert_equal "$status" 1
	assert_stderr --partial "cannot create interface vx2"
	assert_stderr --partial "4789"
	assert_stderr --partial "vx1"
	vx vx3 10.0.0.3 options:exts=gbp options:dst_port=4790
	run --separate-stderr vp --offline add-port br0 vx4 type=vxlan options:remote_ip=10.0.0.4 options:dst_port=4790
	assert_equal "$status" 1
	assert_stderr --partial "4790"
	assert_stderr --partial "vx3"
	run vp list-ports br0
	assert_output $'vx1\nvx3'
}

@test "GBP set on the only user of a port: allowed; on one of two: refused" {
	vx vx1 10.0.0.1
	run --separate-stderr vp --offline set interface vx1 options:exts=gbp
	assert_success
	vx vx2 10.0.0.2 options:exts=gbp
	vx vx3 10.0.0.3 options:exts=gbp
	run --separate-stderr vp --offline set interface vx2 options:exts=
	assert_equal "$status" 1
	assert_stderr --partial "vx2"
}

# --- backer rules over sequences -------------------------------------------

@test "three vxlan ports on 4789 and one on 4790: two backers" {
	vx vx1 10.0.0.1
	vx vx2 10.0.0.2
	vx vx3 10.0.0.3
	vx vx4 10.0.0.4 options:dst_port=4790
	run backers
	assert_output $'vxlan_sys_4789 vx1,vx2,vx3\nvxlan_sys_4790 vx4'
	run vp get interface vx4 backer
	assert_output "vxlan_sys_4790"
	run --separate-stderr vp -f json show
	run jq -r '.backers[] | "\(.name) \(.type) \(.dst_port)"' <<<"$output"
	assert_output $'vxlan_sys_4789 vxlan 4789\nvxlan_sys_4790 vxlan 4790'
}

@test "a second tunnel on an existing backer sends no request" {
	vx vx1 10.0.0.1
	run --separate-stderr vp --dry-run add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.2
	assert_success
	assert_no_stdout
}

@test "delete two of three: the backer stays, no request; delete the last: DEL, gone" {
	vx vx1 10.0.0.1
	vx vx2 10.0.0.2
	vx vx3 10.0.0.3
	vx vx4 10.0.0.4 options:dst_port=4790
	run --separate-stderr vp --dry-run del-port vx1
	assert_success
	assert_no_stdout
	off del-port vx1
	off del-port vx2
	run backers
	assert_output $'vxlan_sys_4789 vx3\nvxlan_sys_4790 vx4'
	run vp get interface vx3 backer
	assert_output "vxlan_sys_4789"
	run --separate-stderr vp --dry-run del-port vx3
	assert_success
	assert_output "$DEL4789"
	off del-port vx3
	run backers
	assert_output "vxlan_sys_4790 vx4"
}

@test "deleting two sharers in one invocation keeps the backer for the third" {
	vx vx1 10.0.0.1
	vx vx2 10.0.0.2
	vx vx3 10.0.0.3
	run --separate-stderr vp --dry-run del-port vx1 -- del-port vx2
	assert_success
	assert_no_stdout
	run --separate-stderr vp --dry-run del-port vx1 -- del-port vx2 -- del-port vx3
	assert_output "$DEL4789"
}

@test "change dst_port of the only user: the backer moves (DEL old, NEW new)" {
	vx vx1 10.0.0.1
	run --separate-stderr vp --dry-run set interface vx1 options:dst_port=4790
	assert_success
	assert_line --index 0 "$DEL4789"
	assert_line --index 1 "$NEW4790"
	assert_equal "${#lines[@]}" 2
	off set interface vx1 options:dst_port=4790
	run backers
	assert_output "vxlan_sys_4790 vx1"
	run vp get interface vx1 backer
	assert_output "vxlan_sys_4790"
}

@test "change dst_port of one of two: old backer stays, new one created" {
	vx vx1 10.0.0.1
	vx vx2 10.0.0.2
	run --separate-stderr vp --dry-run set interface vx2 options:dst_port=4790
	assert_output "$NEW4790"
	off set interface vx2 options:dst_port=4790
	run backers
	assert_output $'vxlan_sys_4789 vx1\nvxlan_sys_4790 vx2'
}

@test "change dst_port onto an existing backer: only the old one goes" {
	vx vx1 10.0.0.1
	vx vx2 10.0.0.2 options:dst_port=4790
	run --separate-stderr vp --dry-run set interface vx2 options:dst_port=4789
	assert_output "$DEL4790"
	off set interface vx2 options:dst_port=
	run backers
	assert_output "vxlan_sys_4789 vx1,vx2"
}

@test "setting an unchanged dst_port or another option sends nothing" {
	vx vx1 10.0.0.1
	run --separate-stderr vp --dry-run set interface vx1 options:dst_port=4789 options:remote_ip=10.0.0.7
	assert_success
	assert_no_stdout
}

@test "type change vxlan -> geneve: backer moves" {
	vx vx1 10.0.0.1
	run --separate-stderr vp --dry-run set interface vx1 type=geneve
	assert_output $'OVS_VPORT_CMD_DEL name=vxlan_sys_4789\nOVS_VPORT_CMD_NEW name=genev_sys_6081 type=geneve upcall_pid=0 options={dst_port=6081}'
	off set interface vx1 type=geneve
	run backers
	assert_output "genev_sys_6081 vx1"
}

@test "type change vxlan -> internal: backer goes, internal vport comes" {
	vx vx1 10.0.0.1
	run --separate-stderr vp --dry-run set interface vx1 type=internal options:remote_ip=
	assert_success
	assert_output $'OVS_VPORT_CMD_DEL name=vxlan_sys_4789\nOVS_VPORT_CMD_NEW name=vx1 type=internal upcall_pid=0'
	off set interface vx1 type=internal options:remote_ip=
	run backers
	assert_no_stdout
	run vp get interface vx1 backer
	assert_output "[]"
}

@test "type change internal -> vxlan: the internal vport goes, backer comes" {
	off add-port br0 p1 type=internal
	run --separate-stderr vp --dry-run set interface p1 type=vxlan options:remote_ip=10.0.0.1
	assert_success
	assert_line "OVS_VPORT_CMD_DEL name=p1"
	assert_line "$NEW4789"
	assert_equal "${#lines[@]}" 2
}

@test "gre tunnels share gre_sys whatever their remote" {
	off add-port br0 g1 type=gre options:remote_ip=10.0.0.1
	off add-port br0 g2 type=gre options:remote_ip=10.0.0.2 options:key=5
	run backers
	assert_output "gre_sys g1,g2"
	run --separate-stderr vp --dry-run del-port g1
	assert_no_stdout
	run --separate-stderr vp --dry-run del-port g2 -- del-port g1
	assert_output "OVS_VPORT_CMD_DEL name=gre_sys"
}

@test "del-br: every backer of its tunnels goes, then the bridge, then the datapath" {
	vx vx1 10.0.0.1
	vx vx2 10.0.0.2
	vx vx3 10.0.0.3 options:dst_port=4790
	off add-port br0 g1 type=gre options:remote_ip=10.0.0.1
	run --separate-stderr vp --dry-run del-br br0
	assert_success
	assert_line "$DEL4789"
	assert_line "$DEL4790"
	assert_line "OVS_VPORT_CMD_DEL name=gre_sys"
	assert_line "OVS_VPORT_CMD_DEL name=br0"
	assert_line --index 4 "OVS_DP_CMD_DEL name=ovs-system"
	assert_equal "${#lines[@]}" 5
	off del-br br0
	run backers
	assert_no_stdout
	run vp list-ifaces
	assert_no_stdout
}

@test "del-br keeps a backer another bridge's tunnel still uses" {
	off add-br br1
	vx vx1 10.0.0.1
	off add-port br1 vx2 type=vxlan options:remote_ip=10.0.0.2
	run --separate-stderr vp --dry-run del-br br0
	assert_success
	assert_output "OVS_VPORT_CMD_DEL name=br0"
	off del-br br0
	run backers
	assert_output "vxlan_sys_4789 vx2"
}

@test "add then delete in one invocation: no request at all" {
	run --separate-stderr vp --dry-run add-port br0 vx9 type=vxlan options:remote_ip=10.0.0.1 -- del-port vx9
	assert_success
	assert_no_stdout
}

@test "one invocation adding many tunnels sends each backer once" {
	run --separate-stderr vp --dry-run add-port br0 a type=vxlan options:remote_ip=10.0.0.1 \
		-- add-port br0 b type=vxlan options:remote_ip=10.0.0.2 \
		-- add-port br0 c type=gre options:remote_ip=10.0.0.1 \
		-- add-port br0 d type=geneve options:remote_ip=10.0.0.1
	assert_success
	assert_output $'OVS_VPORT_CMD_NEW name=vxlan_sys_4789 type=vxlan upcall_pid=0 options={dst_port=4789}\nOVS_VPORT_CMD_NEW name=gre_sys type=gre upcall_pid=0\nOVS_VPORT_CMD_NEW name=genev_sys_6081 type=geneve upcall_pid=0 options={dst_port=6081}'
}

@test "show -f json: tunnel ports are ghosts with their backer" {
	vx vx1 10.0.0.2 options:key=100
	run --separate-stderr vp -f json show
	assert_success
	run jq -c '.bridges[0].ports[0] | {name, type, options, ghost, backer}' <<<"$output"
	assert_output '{"name":"vx1","type":"vxlan","options":{"key":"100","remote_ip":"10.0.0.2"},"ghost":true,"backer":"vxlan_sys_4789"}'
}

@test "tunnel writes without --offline: 69" {
	run --separate-stderr vp add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.1
	assert_equal "$status" 69
	assert_stderr --partial "vportdp"
	run vp list-ports br0
	assert_no_stdout
}

# --- --may-exist on tunnels --------------------------------------------------

@test "--may-exist add-port of a tunnel with the same settings, in the same order: 0" {
	vx vx1 10.0.0.2 options:key=100
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline --may-exist add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 options:key=100
	assert_success
	assert_equal "$stderr" ""
	assert_unchanged
}

@test "--may-exist add-port of a tunnel with the same settings in another order: 0" {
	vx vx1 10.0.0.2 options:key=100
	run --separate-stderr vp --offline --may-exist add-port br0 vx1 type=vxlan options:key=100 options:remote_ip=10.0.0.2
	assert_success
}

@test "--may-exist add-port of a tunnel with other settings: 0, they are applied" {
	vx vx1 10.0.0.2 options:key=100
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline --may-exist add-port br0 vx1
	assert_success
	assert_unchanged
	run --separate-stderr vp --offline --may-exist add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.3
	assert_success
	run vp get interface vx1 options
	assert_output '{key="100", remote_ip="10.0.0.3"}'
	run --separate-stderr vp --offline --may-exist add-port br0 vx1 type=geneve
	assert_success
	run backers
	assert_output "genev_sys_6081 vx1"
	# a bad value: 65, nothing changed
	before=$(snapshot)
	expect_error 65 "invalid options:key '16777216' for geneve interface vx1: expected 0-16777215 or flow" \
		--offline --may-exist add-port br0 vx1 options:key=16777216
	assert_unchanged
}
