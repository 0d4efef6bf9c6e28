#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034 # bats sets status/output/stderr/lines
# The flows vportctl derives (SPEC section 9), printed by --dry-run without a
# kernel: the port numbers are those the kernel will give (the lowest free,
# in creation order), and the UFIDs follow from the keys, so each line is
# exact.  Also fail_mode (set/get bridge), the domain size limit, --offline.

load helpers

setup() {
	common_setup
}

# The flow requests of a --dry-run invocation, in the order sent.
flows() {
	run --separate-stderr vp --dry-run "$@"
	assert_success
	output=$(grep '^OVS_FLOW' <<<"$output" || true)
	lines=()
	[ -z "$output" ] || mapfile -t lines <<<"$output"
}

@test "one bridge: each member floods to every other member" {
	flows add-br br0 -- add-port br0 p1 type=internal -- add-port br0 p2 type=internal
	assert_output "OVS_FLOW_CMD_NEW ufid=76706374-be4f-c90a-2df9-9c31779f9f93 key=in_port(1),eth() actions=2,3
OVS_FLOW_CMD_NEW ufid=76706374-7565-bf2f-f682-ff335a2c2068 key=in_port(2),eth() actions=1,3
OVS_FLOW_CMD_NEW ufid=76706374-bb89-3fb4-c68f-6a1ca3813e9b key=in_port(3),eth() actions=1,2"
}

@test "a lone bridge gets no flow: nothing to flood to" {
	flows add-br br0
	assert_output ''
}

@test "a chain of patch pairs is one domain; an unpaired patch port joins nothing" {
	flows add-br a -- add-br b -- add-br c -- add-br d \
		-- add-port a ab type=patch options:peer=ba -- add-port b ba type=patch options:peer=ab \
		-- add-port b bc type=patch options:peer=cb -- add-port c cb type=patch options:peer=bc \
		-- add-port c cd type=patch options:peer=dc
	# a, b, c are ports 1, 2, 3: one domain; d (4) is alone
	assert_output "OVS_FLOW_CMD_NEW ufid=76706374-be4f-c90a-2df9-9c31779f9f93 key=in_port(1),eth() actions=2,3
OVS_FLOW_CMD_NEW ufid=76706374-7565-bf2f-f682-ff335a2c2068 key=in_port(2),eth() actions=1,3
OVS_FLOW_CMD_NEW ufid=76706374-bb89-3fb4-c68f-6a1ca3813e9b key=in_port(3),eth() actions=1,2"
}

@test "tunnels: keys, in_key/out_key, IPv6 with local_ip, tos, ttl, csum, df; flow keys get none" {
	flows add-br br0 -- add-port br0 g1 type=internal \
		-- add-port br0 vx type=vxlan options:remote_ip=2001:db8::2 options:local_ip=2001:db8::1 \
		options:in_key=5 options:out_key=6 options:tos=0x10 options:ttl=9 options:csum=true \
		options:df_default=false \
		-- add-port br0 vf type=vxlan options:remote_ip=10.0.0.3 options:key=flow options:dst_port=4790
	assert_output "OVS_FLOW_CMD_NEW ufid=76706374-be4f-c90a-2df9-9c31779f9f93 key=in_port(1),eth() actions=2,set(tunnel(tun_id=0x6,ipv6_src=2001:db8::1,ipv6_dst=2001:db8::2,tos=0x10,ttl=9,flags(csum|key))),3
OVS_FLOW_CMD_NEW ufid=76706374-7565-bf2f-f682-ff335a2c2068 key=in_port(2),eth() actions=1,set(tunnel(tun_id=0x6,ipv6_src=2001:db8::1,ipv6_dst=2001:db8::2,tos=0x10,ttl=9,flags(csum|key))),3
OVS_FLOW_CMD_NEW ufid=76706374-3b6c-28fc-78db-a687d46a5321 key=tunnel(tun_id=0x5,ipv6_src=2001:db8::2,ipv6_dst=2001:db8::1,ttl=64/0x0,flags(+key)),in_port(3),eth() actions=1,2"
}

@test "gre with and without a key: the key flag matched set or clear; one backer, two remotes" {
	flows add-br br0 -- add-port br0 g type=gre options:remote_ip=10.0.0.9 \
		-- add-port br0 gk type=gre options:remote_ip=10.0.0.8 options:key=0x10
	assert_output "OVS_FLOW_CMD_NEW ufid=76706374-be4f-c90a-2df9-9c31779f9f93 key=in_port(1),eth() actions=set(tunnel(dst=10.0.0.9,ttl=64,flags(df))),2,set(tunnel(tun_id=0x10,dst=10.0.0.8,ttl=64,flags(df|key))),2
OVS_FLOW_CMD_NEW ufid=76706374-8766-fe43-5473-7603ce1fd3a8 key=tunnel(src=10.0.0.9,dst=0.0.0.1/0.0.0.0,ttl=64/0x0,flags(-key)),in_port(2),eth() actions=1
OVS_FLOW_CMD_NEW ufid=76706374-6c0a-3bae-c398-e1000d36cfda key=tunnel(tun_id=0x10,src=10.0.0.8,dst=0.0.0.1/0.0.0.0,ttl=64/0x0,flags(+key)),in_port(2),eth() actions=1"
}

@test "a vxlan tunnel without a key: VNI 0 matched with the key flag, sent without" {
	flows add-br br0 -- add-port br0 vx type=vxlan options:remote_ip=10.0.0.2
	assert_line --index 0 --regexp 'key=in_port\(1\),eth\(\) actions=set\(tunnel\(dst=10\.0\.0\.2,ttl=64,flags\(df\)\)\),2$'
	assert_line --index 1 --regexp 'key=tunnel\(tun_id=0x0,src=10\.0\.0\.2,dst=0\.0\.0\.1/0\.0\.0\.0,ttl=64/0x0,flags\(\+key\)\),in_port\(2\),eth\(\) actions=1$'
}

@test "fail_mode=secure in the same invocation: no flows for the domain" {
	flows add-br br0 -- set bridge br0 fail_mode=secure -- add-port br0 p1 type=internal
	assert_output ''
	# one secure bridge silences its whole domain
	flows add-br a -- add-br b -- set bridge b fail_mode=secure \
		-- add-port a ab type=patch options:peer=ba -- add-port b ba type=patch options:peer=ab \
		-- add-port a p1 type=internal
	assert_output ''
}

@test "set bridge / get bridge: fail_mode, in text and JSON" {
	off add-br br0
	run --separate-stderr vp get bridge br0 fail_mode
	assert_success
	assert_output standalone
	off set bridge br0 fail_mode=secure
	run --separate-stderr vp get bridge br0 name fail_mode
	assert_output $'br0\nsecure'
	run --separate-stderr vp -f json get bridge br0 fail_mode
	assert_output '{"fail_mode": "secure"}'
	run --separate-stderr vp -f json show
	off set bridge br0 fail_mode=standalone
	run --separate-stderr vp get bridge br0 fail_mode
	assert_output standalone
}

@test "set bridge / get bridge: bad input is refused, nothing changed" {
	off add-br br0
	local before
	before=$(sqlite3 "$DB" .dump)
	expect_error 65 "invalid fail_mode 'open' for bridge br0: expected standalone or secure" \
		--offline set bridge br0 fail_mode=open
	expect_error 65 "invalid fail_mode '' for bridge br0: expected standalone or secure" \
		--offline set bridge br0 fail_mode=
	expect_error 65 "unknown column 'stp' for bridge br0 (columns: external_ids, fail_mode, name, other_config, ports)" \
		--offline set bridge br0 stp=true
	expect_error 65 "cannot set column name of bridge br0: it is read-only (settable: external_ids:KEY, fail_mode, other_config:KEY)" --offline set bridge br0 name=x
	expect_error 65 "invalid setting 'fail_mode' for bridge br0: expected COLUMN=VALUE or COLUMN:KEY=VALUE" --offline set bridge br0 fail_mode
	expect_error 1 "no bridge named br9" --offline set bridge br9 fail_mode=secure
	expect_error 1 "no bridge named br9" get bridge br9 fail_mode
	expect_error 65 "unknown column 'colour' for bridge br0 (columns: external_ids, fail_mode, name, other_config, ports)" \
		get bridge br0 colour
	assert_equal "$(sqlite3 "$DB" .dump)" "$before"
	run --separate-stderr vp --offline --if-exists set bridge br9 fail_mode=secure
	assert_success
}

@test "a domain too large for one flow's actions is refused before anything changes, offline too" {
	local f=$BATS_TEST_TMPDIR/big i before
	off add-br br0
	for ((i = 1; i <= 1800; i++)); do
		echo "add-port br0 v$i type=vxlan options:remote_ip=10.1.$((i / 256)).$((i % 256))"
	done >"$f"
	before=$(sqlite3 "$DB" .dump)
	run --separate-stderr vp --offline --batch="$f"
	assert_equal "$status" 1
	assert_stderr --partial "bridge br0: its broadcast domain (1 bridge) has 1801 members"
	assert_stderr --partial "more than the 64000 one flow can hold"
	assert_equal "$(sqlite3 "$DB" .dump)" "$before"
	# fewer fit
	head -n 1000 "$f" >"$f.1000"
	run --separate-stderr vp --offline --batch="$f.1000"
	assert_success
}

@test "--offline records no flows (no port numbers yet); reconcile installs them later" {
	off add-br br0 -- add-port br0 p1 type=internal
	assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM flow')" 0
	# a --dry-run over vports without numbers cannot say their flows
	flows add-port br0 p2 type=internal
	assert_output ''
}

# A database as vportctl before forwarding wrote it (schema version 1).
v1_db() {
	sqlite3 "$1" "CREATE TABLE bridge (name TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
		CREATE TABLE iface (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, bridge TEXT NOT NULL,
		 type TEXT NOT NULL, options TEXT NOT NULL DEFAULT '', mtu_request INTEGER,
		 dp_port_request INTEGER, kname TEXT, backer_cfg TEXT NOT NULL DEFAULT '', tnl_id TEXT);
		CREATE TABLE vport (name TEXT PRIMARY KEY NOT NULL, type INTEGER NOT NULL, dst_port INTEGER,
		 gbp INTEGER NOT NULL DEFAULT 0, port_no INTEGER, port_request INTEGER, mtu INTEGER) WITHOUT ROWID;
		INSERT INTO bridge VALUES ('br0');
		INSERT INTO iface (name, bridge, type, kname) VALUES ('br0', 'br0', 'internal', 'br0');
		INSERT INTO vport (name, type) VALUES ('br0', 2);
		PRAGMA user_version = 1;"
}

@test "a version 1 database reads as it was for a user who cannot upgrade it" {
	shared_dir
	local db=$SHARED_DIR/v1.db
	v1_db "$db"
	chmod 644 "$db"
	run --separate-stderr as_nobody --db="$db" list-br
	assert_success
	assert_output br0
	run --separate-stderr as_nobody --db="$db" get bridge br0 fail_mode
	assert_success
	assert_output standalone
	assert_equal "$(sqlite3 "$db" 'PRAGMA user_version')" 1
	rm -rf "$SHARED_DIR"
}

@test "a version 1 database is upgraded by a write: bridges keep working, standalone" {
	v1_db "$DB"
	off add-port br0 p1 type=internal
	run --separate-stderr vp get bridge br0 fail_mode
	assert_output standalone
	assert_equal "$(sqlite3 "$DB" 'PRAGMA user_version')" 3
}

@test "show: each bridge's domain, fail_mode and flow count (text and JSON)" {
	off add-br br0 -- add-br br1 -- add-br br2 \
		-- add-port br0 pa type=patch options:peer=pb -- add-port br1 pb type=patch options:peer=pa \
		-- set bridge br1 fail_mode=secure
	run --separate-stderr vp show
	assert_success
	assert_line --index 0 'Bridge br0'
	assert_line --index 1 '    domain: br0 br1'
	assert_line 'Bridge br1'
	assert_line '    fail_mode: secure'
	assert_line '    domain: br1 br0'
	refute_line --partial 'flows:'
	run --separate-stderr vp -f json show
	run jq -c '[.bridges[] | {name, fail_mode, domain, flows}]' <<<"$output"
	assert_output '[{"name":"br0","fail_mode":"standalone","domain":["br0","br1"],"flows":0},{"name":"br1","fail_mode":"secure","domain":["br1","br0"],"flows":0},{"name":"br2","fail_mode":"standalone","domain":["br2"],"flows":0}]'
}
