#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016,SC2013 # bats sets status/output/stderr/lines
# Usage, help, --version, --commands, --options and the exit codes of the
# command line itself.

load helpers

setup() {
	common_setup
}

@test "no arguments: usage error 64 asking for a command" {
	run --separate-stderr vp
	assert_equal "$status" 64
	assert_no_stdout
	assert_stderr --regexp '^vportctl: .*command'
	assert_stderr --partial -- '--help'
}

@test "--help prints the usage on stdout and exits 0" {
	run --separate-stderr vp --help
	assert_success
	assert_line --index 0 --regexp '^Usage: vportctl '
	assert_output --partial -- '--batch'
	assert_output --partial 'add-port BR PORT'
	assert_equal "$stderr" ""
}

@test "-h is --help" {
	run --separate-stderr vp --help
	local long=$output
	run --separate-stderr vp -h
	assert_success
	assert_equal "$output" "$long"
}

@test "--help lists every command of --commands" {
	run --separate-stderr vp --help
	assert_success
	local help=$output cmd
	run --separate-stderr vp --commands
	assert_success
	[ "${#lines[@]}" -ge 16 ] || fail "--commands lists ${#lines[@]} commands"
	for cmd in $(cut -f1 <<<"$output"); do
		[[ $help == *"  $cmd "* ]] || fail "--help does not list '$cmd'"
	done
}

@test "--help lists every exit code" {
	run --separate-stderr vp --help
	assert_success
	local code
	for code in 0 1 2 64 65 69 75 77; do
		assert_output --regexp "(^|[^0-9])$code [a-z]"
	done
}

@test "help add-port explains the settings and exits 0" {
	run --separate-stderr vp help add-port
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 --partial 'add-port BR PORT'
	assert_output --partial 'remote_ip'
	assert_output --partial 'dst_port'
	assert_output --partial 'peer'
	assert_output --partial -- '--may-exist'
}

@test "help COMMAND works for every command" {
	run --separate-stderr vp --commands
	assert_success
	[ "${#lines[@]}" -ge 16 ] || fail "--commands lists ${#lines[@]} commands"
	local cmd
	for cmd in $(cut -f1 <<<"$output"); do
		run --separate-stderr vp help "$cmd"
		assert_success
		assert_output --partial "$cmd"
	done
}

@test "help of an unknown command is a usage error" {
	run --separate-stderr vp help frobnicate
	assert_equal "$status" 64
	assert_no_stdout
	assert_stderr --partial "frobnicate"
}

@test "--version prints one line naming vportctl" {
	run --separate-stderr vp --version
	assert_success
	assert_equal "${#lines[@]}" 1
	assert_output --regexp '^vportctl [^ ]+'
	assert_equal "$stderr" ""
}

@test "--commands: NAME<TAB>OPTIONS<TAB>SYNOPSIS for every command of the SPEC" {
	run --separate-stderr vp --commands
	assert_success
	local l
	for l in "${lines[@]}"; do
		[[ $l =~ ^[a-z-]+$'\t'(-|--[a-z-]+(,--[a-z-]+)*)$'\t'.*$ ]] ||
			fail "malformed --commands line: '$l'"
	done
	local cmd
	for cmd in add-br del-br list-br br-exists add-port del-port list-ports list-ifaces \
		port-to-br set get show dp-show check reconcile help; do
		assert_line --regexp "^$cmd"$'\t'
	done
}

@test "--commands gives each command its options and synopsis" {
	run --separate-stderr vp --commands
	assert_success
	assert_line "add-br"$'\t'"--may-exist"$'\t'"BR"
	assert_line "del-br"$'\t'"--if-exists"$'\t'"BR"
	assert_line "add-port"$'\t'"--may-exist"$'\t'"BR PORT [COL[:KEY]=VALUE]..."
	assert_line "del-port"$'\t'"--if-exists"$'\t'"[BR] PORT"
	assert_line --regexp "^list-br"$'\t'"-"$'\t'
}

@test "--options lists the global options, '=' marking those with a value" {
	run --separate-stderr vp --options
	assert_success
	local o
	for o in --db= --format= --dry-run --offline --timeout= --verbose --batch --version \
		--help --commands --force; do
		assert_line "$o"
	done
	refute_line -- "--dry-run="
}

@test "unknown option: 64 and the option named" {
	expect_error_partial 64 "'--bogus'" --bogus show
}

@test "unknown command: 64 and the command named" {
	expect_error_partial 64 "unknown command 'frob'" frob
}

@test "too few arguments: 64" {
	expect_error 64 "'add-br' command requires at least 1 argument" add-br
	expect_error 64 "'port-to-br' command requires 1 argument" port-to-br
}

@test "too many arguments: 64" {
	expect_error_partial 64 "'add-br' command takes at most 3 arguments" --offline add-br a b 1 c
	expect_error_partial 64 "'port-to-br' command takes at most 1 argument" port-to-br a b
}

@test "wrong argument counts of other commands: 64" {
	local args
	for args in "add-port br0" "del-port" "del-port a b c" "br-exists" "list-ports" \
		"port-to-br" "get interface" "set interface p1" "list-br x" "show x"; do
		# shellcheck disable=SC2086
		run --separate-stderr vp --offline $args
		assert_equal "$status" 64 || fail "vportctl --offline $args: exit $status, not 64"
		assert_no_stdout
		assert_stderr --regexp '^vportctl: '
	done
}

@test "bad --format value: 64" {
	expect_error_partial 64 "'yaml'" -f yaml show
}

@test "bad --timeout values: 64" {
	local t
	for t in 0 -1 abc 1.5 ''; do
		run --separate-stderr vp --timeout="$t" show
		assert_equal "$status" 64 || fail "--timeout='$t': exit $status"
		assert_stderr --partial "timeout"
	done
}

@test "-t SECS and --timeout SECS in the separate-argument form" {
	run --separate-stderr vp -t 5 list-br
	assert_success
	run --separate-stderr vp --timeout 5 list-br
	assert_success
}

@test "--offline and --dry-run together: 64" {
	expect_error_partial 64 "cannot be combined" --offline --dry-run add-br br0
	[ ! -e "$DB" ]
}

@test "an option after the command name is not a global option" {
	run --separate-stderr vp list-br --offline
	assert_equal "$status" 64
}

@test "exit 2: br-exists on a missing bridge, silently" {
	run --separate-stderr vp br-exists br0
	assert_equal "$status" 2
	assert_no_stdout
	assert_equal "$stderr" ""
}

@test "exit 0: br-exists on an existing bridge" {
	off add-br br0
	run --separate-stderr vp br-exists br0
	assert_success
	assert_no_stdout
}

@test "exit 1: a conflict" {
	off add-br br0
	expect_error 1 "cannot create a bridge named br0 because a bridge named br0 already exists" \
		--offline add-br br0
}

@test "exit 65: an invalid value" {
	expect_error 65 "invalid bridge name 'a/b': expected 1-15 characters of A-Z a-z 0-9 _ . - (not '.' or '..')" \
		--offline add-br a/b
}

@test "exit 69: dp-show, dp-show -s, check, reconcile, reconcile --prune need the datapath" {
	local args
	for args in dp-show "dp-show -s" check reconcile "reconcile --prune"; do
		# shellcheck disable=SC2086
		run --separate-stderr vp $args
		assert_equal "$status" 69 || fail "vportctl $args: exit $status"
		assert_no_stdout
		assert_stderr --partial "vportdp"
		assert_stderr --partial "openvswitch"
	done
}

@test "exit 69 message: the families are missing, load vportdp or openvswitch" {
	run --separate-stderr vp --db="$DB" check
	assert_equal "$status" 69
	assert_stderr --partial "ovs_datapath"
	assert_stderr --partial "ovs_vport"
	assert_stderr --partial "modprobe vportdp"
	assert_stderr --partial "modprobe openvswitch"
	[ ! -e "$DB" ] || fail "check created $DB"
}

@test "dp-show, check and reconcile with --offline: usage error 64" {
	local cmd
	for cmd in dp-show check reconcile; do
		run --separate-stderr vp --offline $cmd
		assert_equal "$status" 64 || fail "--offline $cmd: exit $status"
		assert_stderr --partial "--offline"
	done
}

@test "bad arguments of dp-show and reconcile are usage errors even without the datapath" {
	run --separate-stderr vp dp-show -x
	assert_equal "$status" 64
	assert_stderr --partial "'-x'"
	run --separate-stderr vp reconcile --frob
	assert_equal "$status" 64
	assert_stderr --partial "'--frob'"
}

@test "help with no command prints the usage" {
	run --separate-stderr vp help
	assert_success
	assert_line --index 0 --regexp '^Usage: vportctl '
}

@test "a command option a command does not take: 64, ovs-vsctl wording" {
	expect_error 64 "'add-br' command has no '--if-exists' option" --offline --if-exists add-br br0
	expect_error 64 "'del-br' command has no '--may-exist' option" --offline --may-exist del-br br0
	expect_error 64 "'list-br' command has no '--may-exist' option" --may-exist list-br
	off add-br br0
	expect_error 64 "'del-br' command has no '--may-exist' option" --offline add-br br1 -- --may-exist del-br br1
	run vp list-br
	assert_output "br0"
}

@test "--option-keys=TYPE lists the option keys of each type" {
	run --separate-stderr vp --option-keys=vxlan
	assert_success
	assert_output $'remote_ip\nlocal_ip\nkey\nin_key\nout_key\ndst_port\ntos\nttl\ncsum\ndf_default\nexts'
	run --separate-stderr vp --option-keys=geneve
	assert_success
	refute_line "exts"
	assert_line "dst_port"
	run --separate-stderr vp --option-keys=gre
	assert_success
	refute_line "dst_port"
	refute_line "exts"
	assert_line "key"
	run --separate-stderr vp --option-keys=patch
	assert_output "peer"
	local t
	for t in system internal; do
		run --separate-stderr vp --option-keys=$t
		assert_success
		assert_no_stdout
	done
}

@test "--option-keys of an unknown type: 65; without a type: 64 naming the option" {
	expect_error 65 "invalid type 'bogus': expected system, internal, vxlan, geneve, gre or patch" --option-keys=bogus
	run --separate-stderr vp --option-keys
	assert_equal "$status" 64
	assert_stderr --partial -- "--option-keys"
}

@test "-v with --dry-run still prints the requests on stdout" {
	run --separate-stderr vp -v --dry-run add-br br0
	assert_success
	assert_line "OVS_VPORT_CMD_NEW name=br0 type=internal upcall_pid=0"
}

@test "exit 69: every write command without --offline, nothing created" {
	local args
	for args in "add-br br0" "del-br br0" "add-port br0 p1 type=internal" "del-port p1" \
		"set interface p1 mtu_request=1400" "add-br br0 -- add-port br0 p1 type=internal"; do
		# shellcheck disable=SC2086
		run --separate-stderr vp $args
		assert_equal "$status" 69 || fail "vportctl $args: exit $status"
		assert_no_stdout
		assert_stderr --partial "vportdp"
		assert_stderr --partial "openvswitch"
	done
	[ ! -e "$DB" ] || fail "a refused write created $DB"
}
