#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016 # bats sets status/output/stderr/lines
# Provisioning idioms of scripts written for ovs-vsctl (issue 13): each is run
# twice, or more, with --offline and the end state checked; --may-exist
# add-port applying its settings, patch ports configured in two steps,
# iface-to-br, br-to-vlan, br-to-parent, the fail-mode commands, the refused
# fake bridge, --oneline and --no-wait.  Bad input: the exit code, the
# message, and nothing changed.

load helpers

setup() {
	common_setup
	off add-br br0
	off add-br br1
}

# Run vportctl --offline ARGS... twice; both must succeed silently.
twice() {
	local i
	for i in 1 2; do
		run --separate-stderr vp --offline "$@"
		assert_success
		assert_no_stdout
		assert_equal "$stderr" ""
	done
}

# One interface as "type options" (options in show's text form).
iface() {
	vp get interface "$1" type options | paste -sd ' '
}

# The flow requests of a --dry-run invocation without their UFIDs, sorted.
flow_actions() {
	run --separate-stderr vp --dry-run "$@"
	assert_success
	output=$(grep '^OVS_FLOW' <<<"$output" | sed 's/ufid=[^ ]* //' | sort || true)
}

# --- --may-exist add-port --------------------------------------------------

@test "--may-exist add-port GRE -- set interface: twice, then a new remote_ip updates it" {
	twice --may-exist add-port br0 gre0 -- set interface gre0 type=gre options:remote_ip=192.0.2.1
	run iface gre0
	assert_output 'gre {remote_ip="192.0.2.1"}'
	run backers
	assert_output "gre_sys gre0"
	twice --may-exist add-port br0 gre0 -- set interface gre0 type=gre options:remote_ip=192.0.2.7
	run iface gre0
	assert_output 'gre {remote_ip="192.0.2.7"}'
	run vp list-ports br0
	assert_output "gre0"
}

@test "--may-exist add-port with type=internal, as a setting and through set: twice" {
	twice --may-exist add-port br0 int0 type=internal
	twice --may-exist add-port br0 int1 -- set interface int1 type=internal
	run vp get interface int0 type
	assert_output "internal"
	run vp get interface int1 type
	assert_output "internal"
	run vp list-ports br0
	assert_output $'int0\nint1'
}

@test "--may-exist add-port of patch pairs through set, both sides, twice: one domain" {
	twice --may-exist add-port br0 p0 -- set interface p0 type=patch options:peer=p1
	twice --may-exist add-port br1 p1 -- set interface p1 type=patch options:peer=p0
	run iface p0
	assert_output 'patch {peer=p1}'
	run iface p1
	assert_output 'patch {peer=p0}'
	run --separate-stderr vp -f json show
	run jq -c '[.bridges[] | {name, domain, errors: [.ports[].error]}]' <<<"$output"
	assert_output '[{"name":"br0","domain":["br0","br1"],"errors":[null]},{"name":"br1","domain":["br1","br0"],"errors":[null]}]'
}

@test "--may-exist add-br: twice, one bridge" {
	twice --may-exist add-br br2
	twice --may-exist add-br br2 -- --may-exist add-port br2 x type=internal
	run vp list-br
	assert_output $'br0\nbr1\nbr2'
	run vp list-ports br2
	assert_output "x"
}

@test "bare --may-exist add-port of an existing vxlan port: 0, nothing changed" {
	off add-port br0 vx type=vxlan options:remote_ip=10.0.0.2 options:key=7 mtu_request=
	local before
	before=$(snapshot)
	twice --may-exist add-port br0 vx
	assert_unchanged
}

@test "--may-exist add-port settings apply like set interface; absent ones are left alone" {
	off add-port br0 int0 type=internal mtu_request=1400 dp_port_request=9
	twice --may-exist add-port br0 int0 mtu_request=1500
	run vp get interface int0 type mtu_request dp_port_request
	assert_output $'internal\n1500\n9'
	off add-port br0 vx type=vxlan options:remote_ip=10.0.0.2 options:key=7
	twice --may-exist add-port br0 vx options:remote_ip=10.0.0.3
	run iface vx
	assert_output 'vxlan {key="7", remote_ip="10.0.0.3"}'
	twice --may-exist add-port br0 vx options:key=
	run iface vx
	assert_output 'vxlan {remote_ip="10.0.0.3"}'
}

@test "--may-exist add-port of a port on another bridge: 1, ovs-vsctl wording, nothing changed" {
	off add-port br0 gre0 type=gre options:remote_ip=192.0.2.1
	local before
	before=$(snapshot)
	expect_error 1 '"--may-exist add-port br1 gre0" but gre0 is actually attached to bridge br0' \
		--offline --may-exist add-port br1 gre0 -- set interface gre0 type=gre options:remote_ip=192.0.2.2
	expect_error 1 '"--may-exist add-port br1 gre0" but gre0 is actually attached to bridge br0' \
		--offline --may-exist add-port br1 gre0
	assert_unchanged
}

@test "--may-exist add-port naming a bridge: 1, nothing changed" {
	local before
	before=$(snapshot)
	expect_error 1 "cannot create a port named br1 because a bridge named br1 already exists" \
		--offline --may-exist add-port br0 br1
	expect_error 1 "cannot create a port named br0 because a bridge named br0 already exists" \
		--offline --may-exist add-port br0 br0 type=internal
	assert_unchanged
}

@test "--may-exist add-port with a bad value on the re-run: 65, nothing changed" {
	off --may-exist add-port br0 gre0 -- set interface gre0 type=gre options:remote_ip=192.0.2.1
	local before
	before=$(snapshot)
	expect_error 65 "invalid options:remote_ip '192.0.2.300' for gre interface gre0: expected an IPv4 or IPv6 address, or flow" \
		--offline --may-exist add-port br0 gre0 -- set interface gre0 type=gre options:remote_ip=192.0.2.300
	expect_error 65 "invalid options:remote_ip '224.0.0.1' for gre interface gre0: multicast addresses are not allowed" \
		--offline --may-exist add-port br0 gre0 options:remote_ip=224.0.0.1
	expect_error 65 "invalid type 'vxlan6' for interface gre0: expected system, internal, vxlan, geneve, gre or patch" \
		--offline --may-exist add-port br0 gre0 type=vxlan6
	# a type whose options do not fit the existing ones: refused at the end
	expect_error 65 "invalid option 'remote_ip' for internal interface gre0: internal interfaces take no options" \
		--offline --may-exist add-port br0 gre0 type=internal
	assert_unchanged
}

@test "--dry-run of the re-run: no kernel request; of the first run: the backer" {
	run --separate-stderr vp --dry-run --may-exist add-port br0 gre0 -- set interface gre0 type=gre options:remote_ip=192.0.2.1
	assert_success
	assert_output "OVS_VPORT_CMD_NEW name=gre_sys type=gre upcall_pid=0"
	off --may-exist add-port br0 gre0 -- set interface gre0 type=gre options:remote_ip=192.0.2.1
	off --may-exist add-port br0 int0 type=internal
	local before i
	before=$(snapshot)
	for i in 1 2; do
		run --separate-stderr vp --dry-run --may-exist add-port br0 gre0 -- set interface gre0 type=gre options:remote_ip=192.0.2.1
		assert_success
		assert_no_stdout
		run --separate-stderr vp --dry-run --may-exist add-port br0 int0 type=internal
		assert_success
		assert_no_stdout
		run --separate-stderr vp --dry-run --may-exist add-port br0 gre0 options:remote_ip=192.0.2.9
		assert_success
		assert_no_stdout	# a ghost port: its backer stays as it is
	done
	assert_unchanged
}

# --- patch ports in two steps ----------------------------------------------

@test "patch in two steps: type=patch, then options:peer, each twice; unpaired in between" {
	off add-port br0 patch0 -- set interface patch0 type=patch
	twice --may-exist add-port br0 patch0 -- set interface patch0 type=patch
	run iface patch0
	assert_output 'patch {}'
	twice set interface patch0 type=patch
	run --separate-stderr vp show
	assert_success
	assert_output --partial $'    Port patch0\n        Interface patch0\n            type: patch\n            error: patch peer not set\n'
	run --separate-stderr vp -f json show
	run jq -c '.bridges[0] | {domain, ports: [.ports[] | {name, options, ghost, dp_port, state, error}]}' <<<"$output"
	assert_output '{"domain":["br0"],"ports":[{"name":"patch0","options":{},"ghost":true,"dp_port":null,"state":"ok","error":"patch peer not set"}]}'

	twice set interface patch0 options:peer=patch1
	run --separate-stderr vp show
	assert_output --partial $'            options: {peer="patch1"}\n            error: patch peer not found\n'
	twice --may-exist add-port br1 patch1 -- set interface patch1 type=patch -- set interface patch1 options:peer=patch0
	run --separate-stderr vp show
	refute_output --partial "error:"
	assert_output --partial "    domain: br0 br1"
}

@test "patch without a peer: no kernel request, no flows; it joins no domain" {
	run --separate-stderr vp --dry-run add-port br0 patch0 type=patch
	assert_success
	assert_no_stdout
	# in one --dry-run invocation the port numbers are known: b0 1, b1 2, a 3, b 4
	# (br0 and br1, made --offline, have none yet and are alone)
	flow_actions add-br b0 -- add-br b1 -- add-port b0 a type=internal -- add-port b1 b type=internal \
		-- add-port b0 p0 -- set interface p0 type=patch \
		-- add-port b1 p1 type=patch options:peer=p0
	assert_output "OVS_FLOW_CMD_NEW key=in_port(1),eth() actions=3
OVS_FLOW_CMD_NEW key=in_port(2),eth() actions=4
OVS_FLOW_CMD_NEW key=in_port(3),eth() actions=1
OVS_FLOW_CMD_NEW key=in_port(4),eth() actions=2"
	# the peer set in the same invocation: one domain
	flow_actions add-br b0 -- add-br b1 -- add-port b0 a type=internal -- add-port b1 b type=internal \
		-- add-port b0 p0 -- set interface p0 type=patch \
		-- add-port b1 p1 type=patch options:peer=p0 -- set interface p0 options:peer=p1
	assert_output "OVS_FLOW_CMD_NEW key=in_port(1),eth() actions=2,3,4
OVS_FLOW_CMD_NEW key=in_port(2),eth() actions=1,3,4
OVS_FLOW_CMD_NEW key=in_port(3),eth() actions=1,2,4
OVS_FLOW_CMD_NEW key=in_port(4),eth() actions=1,2,3"
}

@test "removing a patch's peer unpairs it, twice; the other side shows its peer not found" {
	off add-port br0 pa type=patch options:peer=pb -- add-port br1 pb type=patch options:peer=pa
	twice set interface pa options:peer=
	run --separate-stderr vp -f json show
	run jq -r '.bridges[] | "\(.name) \(.domain | join(",")) \(.ports[0].error)"' <<<"$output"
	assert_output $'br0 br0 patch peer not set\nbr1 br1 patch peer not found'
}

@test "patch rules that stay: peer not itself, a valid name, no other option; nothing changed" {
	off add-port br0 patch0 type=patch
	local before
	before=$(snapshot)
	expect_error 65 "invalid options:peer 'patch0' for patch interface patch0: a patch port cannot be its own peer" \
		--offline set interface patch0 options:peer=patch0
	expect_error_partial 65 "invalid options:peer 'a/b' for patch interface patch0" \
		--offline set interface patch0 options:peer=a/b
	expect_error 65 "invalid option 'remote_ip' for patch interface patch0: expected one of peer" \
		--offline set interface patch0 options:remote_ip=10.0.0.1
	expect_error 65 "invalid option 'key' for patch interface patch1: expected one of peer" \
		--offline add-port br0 patch1 -- set interface patch1 type=patch options:key=1
	assert_unchanged
}

# --- iface-to-br, br-to-vlan, br-to-parent ---------------------------------

@test "iface-to-br: the bridge of an interface, of a bridge's own interface; text and JSON" {
	off add-port br0 p1 type=internal -- add-port br1 vx type=vxlan options:remote_ip=10.0.0.2
	local i
	for i in 1 2; do
		run --separate-stderr vp iface-to-br p1
		assert_success
		assert_output "br0"
		run --separate-stderr vp iface-to-br vx
		assert_output "br1"
		run --separate-stderr vp iface-to-br br1
		assert_success
		assert_output "br1"
		run --separate-stderr vp -f json iface-to-br p1
		assert_output '"br0"'
	done
	run --separate-stderr vp iface-to-br br1 -- port-to-br p1 -- iface-to-br vx
	assert_output $'br1\nbr0\nbr1'
}

@test "br-to-vlan prints 0, br-to-parent the bridge; text and JSON" {
	local i
	for i in 1 2; do
		run --separate-stderr vp br-to-vlan br0
		assert_success
		assert_output "0"
		run --separate-stderr vp br-to-parent br1
		assert_success
		assert_output "br1"
	done
	run --separate-stderr vp -f json br-to-vlan br0
	assert_output "0"
	run --separate-stderr vp -f json br-to-parent br0
	assert_output '"br0"'
}

@test "iface-to-br, br-to-vlan, br-to-parent of unknown names: 1; wrong counts: 64" {
	off add-port br0 p1 type=internal
	expect_error 1 "no interface named p9" iface-to-br p9
	expect_error 1 "no bridge named br9" br-to-vlan br9
	expect_error 1 "no bridge named br9" br-to-parent br9
	expect_error 1 "no bridge named p1" br-to-parent p1
	expect_error 64 "'iface-to-br' command requires 1 argument" iface-to-br
	expect_error 64 "'br-to-vlan' command takes at most 1 argument" br-to-vlan br0 br1
	expect_error 64 "'br-to-parent' command requires 1 argument" br-to-parent
}

# --- fake bridges ------------------------------------------------------------

@test "add-br BR PARENT VLAN (a fake bridge): 1, said not supported, nothing changed" {
	local before
	before=$(snapshot)
	expect_error 1 "cannot create bridge vlan9 on VLAN 9 of bridge br0: fake (VLAN) bridges are not supported" \
		--offline add-br vlan9 br0 9
	expect_error 1 "cannot create bridge vlan9 on VLAN 9 of bridge br0: fake (VLAN) bridges are not supported" \
		--offline --may-exist add-br vlan9 br0 9
	expect_error 1 "cannot create bridge br1 on VLAN 0 of bridge br0: fake (VLAN) bridges are not supported" \
		--offline add-br br1 br0 0
	expect_error 64 "'add-br' command takes exactly 1 or 3 arguments" add-br vlan9 br0
	expect_error 64 "'add-br' command takes exactly 1 or 3 arguments" --offline add-br br2 -- add-br vlan9 br0
	expect_error 64 "'add-br' command takes at most 3 arguments" --offline add-br vlan9 br0 9 x
	assert_unchanged
}

# --- set-fail-mode, get-fail-mode, del-fail-mode ---------------------------

@test "set-fail-mode, get-fail-mode, del-fail-mode: each twice; the fail_mode of get bridge" {
	twice set-fail-mode br0 secure
	run --separate-stderr vp get-fail-mode br0
	assert_success
	assert_output "secure"
	run vp get bridge br0 fail_mode
	assert_output "secure"
	run vp get-fail-mode br1
	assert_output "standalone"
	run --separate-stderr vp -f json get-fail-mode br0
	assert_output '"secure"'
	twice del-fail-mode br0
	run vp get-fail-mode br0
	assert_output "standalone"
	twice set-fail-mode br1 standalone
	run vp get bridge br1 fail_mode
	assert_output "standalone"
	off set bridge br1 fail_mode=secure
	run vp get-fail-mode br1
	assert_output "secure"
}

@test "set-fail-mode and del-fail-mode change the flows as set bridge fail_mode does" {
	local chain=(add-br b0 -- add-port b0 a type=internal -- add-port b0 b type=internal)
	flow_actions "${chain[@]}" -- set-fail-mode b0 secure
	assert_output ""
	flow_actions "${chain[@]}" -- set bridge b0 fail_mode=secure
	assert_output ""
	flow_actions "${chain[@]}" -- set-fail-mode b0 secure -- del-fail-mode b0
	assert_output "OVS_FLOW_CMD_NEW key=in_port(1),eth() actions=2,3
OVS_FLOW_CMD_NEW key=in_port(2),eth() actions=1,3
OVS_FLOW_CMD_NEW key=in_port(3),eth() actions=1,2"
	local want=$output
	flow_actions "${chain[@]}" -- set-fail-mode b0 standalone
	assert_output "$want"
}

@test "fail-mode commands: bad mode 65, unknown bridge 1, wrong counts 64; nothing changed" {
	off set-fail-mode br0 secure
	local before
	before=$(snapshot)
	expect_error 65 "invalid fail_mode 'open' for bridge br0: expected standalone or secure" \
		--offline set-fail-mode br0 open
	expect_error 65 "invalid fail_mode '' for bridge br1: expected standalone or secure" \
		--offline set-fail-mode br1 ''
	expect_error 1 "no bridge named br9" --offline set-fail-mode br9 secure
	expect_error 1 "no bridge named br9" --offline del-fail-mode br9
	expect_error 1 "no bridge named br9" get-fail-mode br9
	expect_error 64 "'set-fail-mode' command requires 2 arguments" --offline set-fail-mode br0
	expect_error 64 "'get-fail-mode' command takes at most 1 argument" get-fail-mode br0 br1
	expect_error 64 "'del-fail-mode' command has no '--if-exists' option" --offline --if-exists del-fail-mode br0
	assert_unchanged
}

# --- --oneline, --no-wait ----------------------------------------------------

@test "--oneline: one line per command, newlines as \\n, a silent command an empty line" {
	off add-port br0 p1 type=internal -- add-port br0 p2 type=internal
	local i
	for i in 1 2; do
		run --separate-stderr vp --oneline list-br -- list-ports br0 -- br-to-vlan br0 -- br-exists br0
		assert_success
		assert_output $'br0\\nbr1\np1\\np2\n0'	# and an empty line: $output drops it
		run bash -c '"$0" --oneline list-br -- br-exists br0 -- list-ports br1 | od -An -c | tr -s " "' "$VPORTCTL"
		assert_output ' b r 0 \ n b r 1 \n \n \n'	# od: a backslash, n; newlines
	done
	# a write: one empty line, and it is done
	run --separate-stderr vp --oneline --offline add-port br1 p3 type=internal
	assert_success
	assert_output ""
	run bash -c '"$0" --oneline --offline --may-exist add-port br1 p3 -- iface-to-br p3 | od -An -c | tr -s " "' "$VPORTCTL"
	assert_output ' \n b r 1 \n'
	run --separate-stderr vp --oneline -f json list-br
	assert_output '["br0", "br1"]'
}

@test "--oneline doubles backslashes, as ovs-vsctl" {
	off add-port br0 vx type=vxlan options:remote_ip=10.0.0.2
	# show prints multi-line text: one line, with \n between its lines
	run --separate-stderr vp --oneline show
	assert_success
	[ ${#lines[@]} -eq 1 ]
	assert_output --regexp '^Bridge br0\\n    Port br0\\n'
	# help's usage text has backslashes (in --oneline's own line): doubled;
	# compare with a plain run escaped by hand
	local plain
	plain=$(vp help | sed 's/\\/\\\\/g' | sed ':a;N;$!ba;s/\n/\\n/g')
	[[ $plain == *'newlines as \\n'* ]] || fail "no backslash in help: $plain"
	run vp --oneline help
	assert_output "$plain"
	[ ${#lines[@]} -eq 1 ]
}

@test "--oneline leaves the tables of list and find whole, as ovs-vsctl" {
	off add-port br0 p1 type=internal -- set interface p1 external_ids:iface-id=a
	local i
	for i in 1 2; do
		run --separate-stderr vp --oneline list-ports br0 -- find interface external_ids:iface-id=a \
			-- port-to-br p1
		assert_success
		assert_line --index 0 'p1'
		assert_line --index 1 --regexp '^_?[a-z_]+ +: '
		assert_line 'name                : p1'
		assert_line --index $((${#lines[@]} - 1)) 'br0'
		[ ${#lines[@]} -gt 4 ]
	done
}

@test "--oneline and --no-wait are global options only; --no-wait changes nothing" {
	twice --no-wait --may-exist add-br br2
	run vp list-br
	assert_output $'br0\nbr1\nbr2'
	run --separate-stderr vp --no-wait list-br
	assert_success
	assert_output $'br0\nbr1\nbr2'
	expect_error 64 "unknown option '--no-wait'; use --help for help" list-br -- --no-wait list-br
	expect_error 64 "unknown option '--oneline'; use --help for help" list-br -- --oneline list-br
	expect_error 64 "--oneline takes no value" --oneline=1 list-br
}
