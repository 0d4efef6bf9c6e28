#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016,SC2013 # bats sets status/output/stderr/lines
# `--` chains and --batch: one invocation is one transaction; a failure
# anywhere changes nothing (compared through `show -f json`).

load helpers

setup() {
	common_setup
	off add-br br0
	off add-port br0 p0 type=internal
	off add-port br0 vx0 type=vxlan options:remote_ip=10.0.0.100
}

# --- chains ------------------------------------------------------------------

@test "a chain of commands runs in order and later commands see earlier ones" {
	run --separate-stderr vp --offline add-br br1 -- add-port br1 p1 type=internal \
		-- set interface p1 mtu_request=1400 -- get interface p1 bridge mtu_request
	assert_success
	assert_output $'br1\n1400'
	run vp list-ports br1
	assert_output "p1"
}

@test "read-only commands in a chain print in order" {
	off add-br br1
	run --separate-stderr vp list-br -- list-ports br0 -- port-to-br vx0
	assert_success
	assert_output $'br0\nbr1\np0\nvx0\nbr0'
}

@test "the ovs-vsctl idiom: add-port then -- set interface X type=vxlan" {
	run --separate-stderr vp --offline add-port br0 vx1 -- set interface vx1 type=vxlan options:remote_ip=10.0.0.2 options:key=7
	assert_success
	run vp get interface vx1 type options backer
	assert_output $'vxlan\n{key="7", remote_ip="10.0.0.2"}\nvxlan_sys_4789'
}

@test "the idiom under --dry-run sends only the tunnel's backer (already there: nothing)" {
	run --separate-stderr vp --dry-run add-port br0 vx1 -- set interface vx1 type=vxlan options:remote_ip=10.0.0.2
	assert_success
	assert_no_stdout
	run --separate-stderr vp --dry-run add-port br0 gn1 -- set interface gn1 type=geneve options:remote_ip=10.0.0.2
	assert_success
	assert_output "OVS_VPORT_CMD_NEW name=genev_sys_6081 type=geneve upcall_pid=0 options={dst_port=6081}"
}

@test "a chain failing on its last command (conflict) changes nothing" {
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline add-br br1 -- add-port br1 p1 type=internal \
		-- add-port br1 vx1 type=vxlan options:remote_ip=10.0.0.1 -- add-port br1 p0 type=internal
	assert_equal "$status" 1
	assert_no_stdout
	assert_stderr "vportctl: cannot create a port named p0 because a port named p0 already exists on bridge br0"
	assert_unchanged
}

@test "a chain failing on an invalid value half way changes nothing" {
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline del-port p0 -- add-port br0 p2 type=internal \
		-- add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.2 options:ttl=0 -- add-br br1
	assert_equal "$status" 65
	assert_stderr "vportctl: invalid options:ttl '0' for vxlan interface vx2: expected 1-255 or inherit"
	assert_unchanged
}

@test "an invalid value is refused even when a later command deletes its interface" {
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.2 options:ttl=0 \
		-- del-port vx2 -- del-port p0
	assert_equal "$status" 65
	assert_stderr --partial "options:ttl '0'"
	assert_unchanged
}

@test "a chain with an unknown command anywhere is a usage error and runs nothing" {
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline del-br br0 -- add-br br1 -- frob
	assert_equal "$status" 64
	assert_stderr --partial "frob"
	assert_unchanged
}

@test "a chain that deletes the last tunnel of a backer then fails keeps the backer" {
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline del-port vx0 -- add-port br9 p9 type=internal
	assert_equal "$status" 1
	assert_stderr "vportctl: no bridge named br9"
	assert_unchanged
	run backers
	assert_output "vxlan_sys_4789 vx0"
}

@test "del-br then add-br of the same name in one chain" {
	run --separate-stderr vp --offline del-br br0 -- add-br br0
	assert_success
	run vp list-ports br0
	assert_no_stdout
}

@test "del-port then add-port of the same name in one chain: the type changes" {
	run --separate-stderr vp --offline del-port p0 -- add-port br0 p0 type=patch options:peer=x
	assert_success
	run vp get interface p0 type
	assert_output "patch"
}

@test "--may-exist in a later command's position" {
	run --separate-stderr vp --offline add-br br1 -- --may-exist add-br br1 -- --may-exist add-br br0
	assert_success
	run vp list-br
	assert_output $'br0\nbr1'
}

@test "--if-exists in a later command's position" {
	run --separate-stderr vp --offline add-br br1 -- --if-exists del-port nope -- --if-exists del-br nobr
	assert_success
	run vp br-exists br1
	assert_success
}

@test "an empty command in a chain: 64" {
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline add-br br1 -- -- add-br br2
	assert_equal "$status" 64
	run --separate-stderr vp --offline add-br br1 --
	assert_equal "$status" 64
	assert_unchanged
}

@test "br-exists false inside a chain: 2 and nothing is committed" {
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline add-br br1 -- br-exists nobr
	assert_equal "$status" 2
	assert_unchanged
}

@test "a duplicate tunnel within one chain blames the later interface" {
	local before
	before=$(snapshot)
	run --separate-stderr vp --offline add-port br0 a1 type=vxlan options:remote_ip=10.0.0.1 \
		-- add-port br0 b1 type=vxlan options:remote_ip=10.0.0.1
	assert_equal "$status" 1
	assert_stderr "vportctl: cannot create interface b1: tunnel with the same configuration as interface a1"
	assert_unchanged
}

@test "a chain without --offline: 69, nothing changed" {
	local before
	before=$(snapshot)
	run --separate-stderr vp add-br br1 -- add-port br1 p1 type=internal
	assert_equal "$status" 69
	assert_stderr --partial "vportdp"
	assert_unchanged
}

# --- batch -------------------------------------------------------------------

@test "--batch=FILE: quoting, comments, blank lines" {
	cat >"$BATS_TEST_TMPDIR/cmds" <<-'EOF'
		# a comment line
		add-br br1

		   # an indented comment
		add-port br1 "p1" 'type=internal'   # a trailing comment
		add-port br1 vx1 type=vxlan "options:remote_ip=10.0.0.1" 'options:key=5'
		add-port br1 pa type=patch "options:peer=p#b"
	EOF
	run --separate-stderr vp --offline --batch="$BATS_TEST_TMPDIR/cmds"
	assert_failure 65 # 'p#b' is quoted, so it is a value, and an invalid peer name
	assert_stderr --partial "'p#b'"
	sed -i 's/p#b/pb/' "$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr vp --offline --batch="$BATS_TEST_TMPDIR/cmds"
	assert_success
	run vp list-ports br1
	assert_output $'p1\npa\nvx1'
	run vp get interface vx1 options
	assert_output '{key="5", remote_ip="10.0.0.1"}'
}

@test "--batch reads stdin" {
	run --separate-stderr bash -c 'printf "add-br br1\nadd-port br1 p1 type=internal\n" | "$0" --offline --batch' "$VPORTCTL"
	assert_success
	run vp list-ports br1
	assert_output "p1"
}

@test "--batch: read-only commands print their output" {
	run --separate-stderr bash -c 'printf "list-br\nlist-ports br0\n" | "$0" --batch' "$VPORTCTL"
	assert_success
	assert_output $'br0\np0\nvx0'
}

@test "--batch: a line may hold a -- chain" {
	run --separate-stderr bash -c 'printf "add-br br1 -- add-br br2\n" | "$0" --offline --batch' "$VPORTCTL"
	assert_success
	run vp list-br
	assert_output $'br0\nbr1\nbr2'
}

@test "--batch: a bad value on line 3 leaves nothing of lines 1-2, and says line 3" {
	local before
	before=$(snapshot)
	printf '%s\n' 'add-br br1' 'add-port br1 p1 type=internal' 'add-port br1 p2 type=bogus' 'add-br br2' \
		>"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr vp --offline --batch="$BATS_TEST_TMPDIR/cmds"
	assert_equal "$status" 65
	assert_no_stdout
	assert_stderr "vportctl: line 3: invalid type 'bogus' for interface p2: expected system, internal, vxlan, geneve, gre or patch"
	assert_unchanged
}

@test "--batch: a conflict on line 3 changes nothing and says line 3" {
	local before
	before=$(snapshot)
	printf '%s\n' 'add-br br1' 'del-port vx0' 'add-port br1 p0 type=internal' >"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr vp --offline --batch="$BATS_TEST_TMPDIR/cmds"
	assert_equal "$status" 1
	assert_stderr "vportctl: line 3: cannot create a port named p0 because a port named p0 already exists on bridge br0"
	assert_unchanged
}

@test "--batch: an unknown command on line 2: 64, line 2, nothing changed" {
	local before
	before=$(snapshot)
	run --separate-stderr bash -c 'printf "add-br br1\nfrob x\n" | "$0" --offline --batch' "$VPORTCTL"
	assert_equal "$status" 64
	assert_stderr "vportctl: line 2: unknown command 'frob'; use --help for help"
	assert_unchanged
}

@test "--batch: an unterminated quote: 64, the line named" {
	local before
	before=$(snapshot)
	run --separate-stderr bash -c 'printf "add-br br1\nadd-br \"br2\n" | "$0" --offline --batch' "$VPORTCTL"
	assert_equal "$status" 64
	assert_stderr --partial "line 2"
	assert_stderr --partial "quote"
	assert_unchanged
}

@test "--batch: a duplicate tunnel on line 3 names line 3 and the later interface" {
	local before
	before=$(snapshot)
	printf '%s\n' 'add-br br1' 'add-port br1 a1 type=vxlan options:remote_ip=10.0.0.1' \
		'add-port br1 b1 type=vxlan options:remote_ip=10.0.0.1' >"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr vp --offline --batch="$BATS_TEST_TMPDIR/cmds"
	assert_equal "$status" 1
	assert_stderr "vportctl: line 3: cannot create interface b1: tunnel with the same configuration as interface a1"
	assert_unchanged
}

@test "--batch: a patch that is its own peer on line 2 names line 2" {
	local before
	before=$(snapshot)
	printf '%s\n' 'add-br br1' 'add-port br1 pa type=patch options:peer=pa' 'add-br br2' >"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr vp --offline --batch="$BATS_TEST_TMPDIR/cmds"
	assert_equal "$status" 65
	assert_stderr "vportctl: line 2: invalid options:peer 'pa' for patch interface pa: a patch port cannot be its own peer"
	assert_unchanged
}

@test "--batch with commands on the command line too: 64" {
	printf 'add-br br1\n' >"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr vp --offline --batch="$BATS_TEST_TMPDIR/cmds" add-br br2
	assert_equal "$status" 64
	run vp list-br
	assert_output "br0"
}

@test "--batch of a missing file: fails naming the file" {
	run --separate-stderr vp --offline --batch="$BATS_TEST_TMPDIR/nope"
	assert_failure
	assert_no_stdout
	assert_stderr --partial "$BATS_TEST_TMPDIR/nope"
}

@test "--batch of only comments and blank lines: 0, nothing changed" {
	local before
	before=$(snapshot)
	printf '\n# nothing\n   \n' >"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr vp --offline --batch="$BATS_TEST_TMPDIR/cmds"
	assert_success
	assert_unchanged
}

@test "--batch without --offline: 69, nothing changed" {
	local before
	before=$(snapshot)
	printf 'add-br br1\n' >"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr vp --batch="$BATS_TEST_TMPDIR/cmds"
	assert_equal "$status" 69
	assert_stderr --partial "openvswitch"
	assert_unchanged
}

@test "--dry-run --batch prints the requests of all lines, once per backer" {
	printf '%s\n' 'add-br br1' 'add-port br1 t1 type=geneve options:remote_ip=10.0.0.1' \
		'add-port br1 t2 type=geneve options:remote_ip=10.0.0.2' >"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr vp --dry-run --batch="$BATS_TEST_TMPDIR/cmds"
	assert_success
	# the vports, then the flows of br1's domain (85-flows.bats checks those)
	assert_equal "$(grep -c '^OVS_FLOW_CMD_NEW ' <<<"$output")" 3
	output=$(grep -v '^OVS_FLOW' <<<"$output")
	assert_output $'OVS_VPORT_CMD_NEW name=br1 type=internal upcall_pid=0\nOVS_VPORT_CMD_NEW name=genev_sys_6081 type=geneve upcall_pid=0 options={dst_port=6081}'
	run vp br-exists br1
	assert_equal "$status" 2
}

@test "a 10 000-line batch is one transaction (and one failing line undoes all)" {
	local f=$BATS_TEST_TMPDIR/big i
	{
		# one domain of 10 000 members: too many to flood, so no flows
		echo "add-br big -- set bridge big fail_mode=secure"
		for ((i = 1; i < 10000; i++)); do
			echo "add-port big v$i type=vxlan options:remote_ip=10.1.$((i / 256)).$((i % 256)) options:key=$i"
		done
	} >"$f"
	assert_equal "$(wc -l <"$f")" 10000
	# the same file with one bad last line: nothing at all
	local before
	before=$(snapshot)
	cp "$f" "$f.bad"
	echo "add-port big v1 type=internal" >>"$f.bad"
	run --separate-stderr vp --offline --batch="$f.bad"
	assert_equal "$status" 1
	assert_stderr --partial "line 10001"
	assert_unchanged
	# the good file: every port, one backer shared by all
	run --separate-stderr vp --offline --batch="$f"
	assert_success
	run --separate-stderr vp list-ports big
	assert_equal "${#lines[@]}" 9999
	run --separate-stderr vp -f json show
	run jq -r '.backers[] | "\(.name) \(.users | length)"' <<<"$output"
	assert_output "vxlan_sys_4789 10000"
}

@test "--batch: command options on a line" {
	printf '%s\n' '--may-exist add-br br0' '--if-exists del-port nope' 'add-br br1' >"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr vp --offline --batch="$BATS_TEST_TMPDIR/cmds"
	assert_success
	run vp list-br
	assert_output $'br0\nbr1'
}

@test "--dry-run --batch with a failing line prints no requests" {
	printf '%s\n' 'add-br br1' 'add-br br2' 'add-br br1' >"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr vp --dry-run --batch="$BATS_TEST_TMPDIR/cmds"
	assert_equal "$status" 1
	assert_no_stdout
	assert_stderr "vportctl: line 3: cannot create a bridge named br1 because a bridge named br1 already exists"
}
