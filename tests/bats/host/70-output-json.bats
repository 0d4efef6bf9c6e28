#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016,SC2013 # bats sets status/output/stderr/lines
# show (text and JSON) without the kernel datapath, and the JSON of every
# listing command: valid (jq), the SPEC's shape, and escaped whatever the
# names contain (names that need escaping can only come from a database
# edited by hand: the CLI refuses them, so the tests write them with sqlite3).

load helpers

setup() {
	common_setup
}

fixture() {
	off add-br br1
	off add-br br0
	off add-port br0 p1 type=internal mtu_request=1400
	off add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 options:key=100
	off add-port br1 pa type=patch options:peer=pb
	off add-port br1 pb type=patch options:peer=pa
}

@test "show -f json on an empty configuration" {
	run --separate-stderr vp -f json show
	assert_success
	run jq -c '{d: .datapath.name, b: .bridges, k: .backers, s: .strays}' <<<"$output"
	assert_success
	assert_output '{"d":"ovs-system","b":[],"k":[],"s":[]}'
}

@test "show without the datapath: exit 0, says so on stderr, state unknown in JSON" {
	fixture
	run --separate-stderr vp -f json show
	assert_success
	assert_stderr --partial "kernel state unknown"
	assert_stderr --partial "vportdp"
	assert_stderr --partial "openvswitch"
	run jq -r '.datapath.present, (.bridges[] | .state), (.bridges[].ports[] | select(.ghost | not) | .state), (.backers[] | .state)' <<<"$output"
	assert_success
	assert_output $'null\nunknown\nunknown\nunknown\nunknown'
}

@test "show -f json: the SPEC's shape" {
	fixture
	run --separate-stderr vp -f json show
	assert_success
	local json=$output
	# bridges sorted; a bridge's own port is not in its ports; ports sorted
	run jq -c '[.bridges[] | {name, ports: [.ports[].name]}]' <<<"$json"
	assert_output '[{"name":"br0","ports":["p1","vx1"]},{"name":"br1","ports":["pa","pb"]}]'
	run jq -c '.bridges[0].ports[0] | {name, type, options, ghost, backer, dp_port}' <<<"$json"
	assert_output '{"name":"p1","type":"internal","options":{},"ghost":false,"backer":null,"dp_port":null}'
	run jq -c '.bridges[0].ports[1] | {name, type, options, ghost, backer, dp_port}' <<<"$json"
	assert_output '{"name":"vx1","type":"vxlan","options":{"key":"100","remote_ip":"10.0.0.2"},"ghost":true,"backer":"vxlan_sys_4789","dp_port":null}'
	run jq -c '.backers' <<<"$json"
	assert_output '[{"name":"vxlan_sys_4789","type":"vxlan","dst_port":4789,"dp_port":null,"users":["vx1"],"state":"unknown"}]'
	run jq -c '.strays' <<<"$json"
	assert_output '[]'
	run jq -r '.bridges[0] | has("dp_port")' <<<"$json"
	assert_output "true"
}

@test "show text: sorted, four spaces per level, options in braces" {
	fixture
	run --separate-stderr vp show
	assert_success
	assert_line --index 0 "Bridge br0"
	assert_line --index 1 "    Port br0"
	assert_line --index 2 "        Interface br0"
	assert_line --index 3 "            type: internal"
	assert_line '            options: {key="100", remote_ip="10.0.0.2"}'
	assert_line --regexp '^            dp_port: .*\(vxlan_sys_4789\)$'
	assert_line "            type: vxlan"
	assert_line "Bridge br1"
	assert_line '            options: {peer="pb"}'
	# order: br0 before br1, p1 before vx1
	local all=$output
	[[ $all == *"Port p1"*"Port vx1"*"Bridge br1"*"Port pa"*"Port pb"* ]] || fail "not sorted"
	refute_output --partial "error:"
}

@test "show text without the datapath marks kernel state unknown" {
	fixture
	run --separate-stderr vp show
	assert_success
	assert_stderr --partial "kernel state unknown"
	# SPEC section 4: show "then marks kernel state unknown" -- in the text too
	assert_output --partial "unknown"
}

@test "--format=text is the default; and --format json (separate argument)" {
	fixture
	run --separate-stderr vp show
	local text=$output
	run --separate-stderr vp --format=text show
	assert_equal "$output" "$text"
	run --separate-stderr vp --format json show
	assert_success
	jq -e . <<<"$output" >/dev/null
	run --separate-stderr vp -f json show
	local json=$output
	run --separate-stderr vp --format=json show
	assert_equal "$output" "$json"
}

@test "every JSON-emitting command prints valid JSON" {
	fixture
	local args
	for args in "show" "list-br" "list-ports br0" "list-ports br1" "list-ifaces" "list-ifaces br1" \
		"port-to-br vx1" "get interface vx1 name type options options:key bridge dp_port backer mtu_request dp_port_request" \
		"get port p1 mtu_request" "get interface pa options:peer" \
		"list-br -- list-ports br0"; do
		# shellcheck disable=SC2086
		run --separate-stderr vp -f json $args
		assert_success
		run jq -e . <<<"$output"
		assert_success || fail "vportctl -f json $args: invalid JSON: $output"
	done
}

@test "-f json list-br, list-ports, list-ifaces, port-to-br, get: their shapes" {
	fixture
	run --separate-stderr vp -f json list-br
	run jq -c . <<<"$output"
	assert_output '["br0","br1"]'
	run --separate-stderr vp -f json list-ports br1
	run jq -c . <<<"$output"
	assert_output '["pa","pb"]'
	run --separate-stderr vp -f json list-ifaces
	run jq -c . <<<"$output"
	assert_output '["p1","pa","pb","vx1"]'
	run --separate-stderr vp -f json port-to-br pb
	run jq -c . <<<"$output"
	assert_output '"br1"'
	run --separate-stderr vp -f json get interface p1 type mtu_request
	run jq -c . <<<"$output"
	assert_output '{"type":"internal","mtu_request":1400}'
}

@test "-f json with empty results: empty arrays" {
	off add-br br0
	run --separate-stderr vp -f json list-ports br0
	run jq -c . <<<"$output"
	assert_output '[]'
	run --separate-stderr vp -f json list-ifaces
	run jq -c . <<<"$output"
	assert_output '[]'
}

@test "-f json on an error: nothing on stdout, the error on stderr" {
	run --separate-stderr vp -f json list-ports br9
	assert_equal "$status" 1
	assert_no_stdout
	assert_stderr "vportctl: no bridge named br9"
	run --separate-stderr vp -f json get interface nope type
	assert_equal "$status" 1
	assert_no_stdout
}

@test "-f json dp-show and check without the datapath: 69, no partial JSON" {
	local cmd
	for cmd in dp-show check; do
		run --separate-stderr vp -f json $cmd
		assert_equal "$status" 69
		assert_no_stdout
		assert_stderr --partial "vportdp"
	done
}

@test "JSON escapes quotes, backslashes and control characters in option values" {
	off add-br br0
	off add-port br0 pa type=patch options:peer=pb
	sqlite3 "$DB" "UPDATE iface SET options = 'peer=q\"u\\o' || char(9) || 'te' || char(10) WHERE name = 'pa'"
	run --separate-stderr vp -f json show
	assert_success
	run jq -r '.bridges[0].ports[0].options.peer' <<<"$output"
	assert_success
	assert_output $'q"u\\o\tte'
	run --separate-stderr vp -f json get interface pa options options:peer
	assert_success
	run jq -r '.options.peer, ."options:peer"' <<<"$output"
	assert_success
	assert_output $'q"u\\o\tte\nq"u\\o\tte'
}

@test "JSON escapes names that need it (a hand-edited database)" {
	off add-br br0
	sqlite3 "$DB" "INSERT INTO bridge (name) VALUES ('we\"ird\\');
		INSERT INTO iface (name, bridge, type, kname) VALUES ('we\"ird\\', 'we\"ird\\', 'internal', 'we\"ird\\');
		INSERT INTO iface (name, bridge, type, options) VALUES ('p' || char(1) || 'é', 'we\"ird\\', 'patch', 'peer=x' || char(10));"
	run --separate-stderr vp -f json show
	assert_success
	run jq -r '.bridges[].name, .bridges[1].ports[0].name' <<<"$output"
	assert_success
	assert_output $'br0\nwe"ird\\\np\x01é'
	local cmd
	for cmd in list-br list-ifaces; do
		run --separate-stderr vp -f json $cmd
		assert_success
		run jq -e . <<<"$output"
		assert_success
	done
	run --separate-stderr vp -f json list-ports "we\"ird\\"
	run jq -r '.[0]' <<<"$output"
	assert_output $'p\x01é'
}

@test "JSON stays valid UTF-8 with a name that is not" {
	off add-br br0
	sqlite3 "$DB" "INSERT INTO bridge (name) VALUES (CAST(X'62ff72' AS TEXT));
		INSERT INTO iface (name, bridge, type, kname) VALUES (CAST(X'62ff72' AS TEXT), CAST(X'62ff72' AS TEXT), 'internal', CAST(X'62ff72' AS TEXT));"
	run bash -c '"$0" -f json list-br | iconv -f UTF-8 -t UTF-8' "$VPORTCTL"
	assert_success
	run bash -c '"$0" -f json show 2>/dev/null | iconv -f UTF-8 -t UTF-8 | jq -e .' "$VPORTCTL"
	assert_success
}
