#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016 # bats sets status/output/stderr/lines
# The columns provisioning scripts written for ovs-vsctl set (issue 13):
# external_ids and other_config on interfaces, ports and bridges, ofport and
# ofport_request, column names as ovs-vsctl takes them; values as ovs-vsctl
# prints them; list and find with their formatting options.  Each idiom runs
# twice, and the end state is checked.

load helpers

setup() {
	common_setup
	off add-br br0
	off add-port br0 p1 type=internal
	off add-port br0 vx type=vxlan options:remote_ip=10.0.0.3 options:key=100
}

# Run a command line twice; both runs must succeed with no output.
twice() {
	local i
	for i in 1 2; do
		run --separate-stderr vp "$@"
		assert_success
		assert_no_stdout
		assert_equal "$stderr" ""
	done
}

# The database as SQL, to show that a refused command changed nothing.
dump() {
	sqlite3 "$DB" .dump
}

# --- external_ids, other_config ------------------------------------------------

@test "external_ids on an interface, as OpenStack plugs it: set twice, the keys kept" {
	twice --offline set interface p1 external_ids:iface-id=4f1c external_ids:attached-mac=fa:16:3e:00:00:01 \
		external_ids:iface-status=active
	run --separate-stderr vp get interface p1 external_ids
	assert_success
	assert_output '{attached-mac="fa:16:3e:00:00:01", iface-id="4f1c", iface-status=active}'
	run --separate-stderr vp get interface p1 external_ids:iface-status external_ids:attached-mac
	assert_output $'active\n"fa:16:3e:00:00:01"'
	# the other map and the port's own are untouched
	run vp get interface p1 other_config
	assert_output '{}'
	run vp get port p1 external_ids
	assert_output '{}'
}

@test "external-ids, unique prefixes and any case name the same column, as in ovs-vsctl" {
	twice --offline set Interface p1 external-ids:vm-uuid=ab53a2b7-3e2e-4b71-9d1e-6ff1b2a5c7a1
	twice --offline set INT p1 External_Ids:k=v
	run --separate-stderr vp get interface p1 external_ids
	assert_output '{k=v, vm-uuid="ab53a2b7-3e2e-4b71-9d1e-6ff1b2a5c7a1"}'
	run --separate-stderr vp get interface vx option:remote_ip opt:key ty
	assert_success
	assert_output $'"10.0.0.3"\n"100"\nvxlan'
	expect_error 65 "ambiguous column 'o' in table interface: it is the start of ofport, ofport_request, options, other_config" \
		get interface p1 o
	expect_error 65 "unknown table 'q': expected interface, port or bridge" get q p1 name
}

@test "a port's maps are the Port's, apart from its interface's" {
	twice --offline set port p1 external_ids:owner=port other_config:x=1
	twice --offline set interface p1 external_ids:owner=iface
	run vp get port p1 external_ids other_config
	assert_output $'{owner=port}\n{x="1"}'
	run vp get interface p1 external_ids other_config
	assert_output $'{owner=iface}\n{}'
	# the rest of the port table is its interface's
	run vp get port p1 type name interfaces
	assert_output $'internal\np1\n[p1]'
}

@test "a bridge's maps; br-set-external-id and br-get-external-id" {
	twice --offline set bridge br0 external_ids:bridge-id=br0 other_config:hwaddr=\"00:00:5e:00:53:01\"
	run vp get bridge br0 external_ids other_config
	assert_output $'{bridge-id=br0}\n{hwaddr="00:00:5e:00:53:01"}'
	twice --offline br-set-external-id br0 xs-network-uuids 9a1
	run --separate-stderr vp br-get-external-id br0
	assert_success
	assert_output $'bridge-id=br0\nxs-network-uuids=9a1'
	run vp br-get-external-id br0 xs-network-uuids
	assert_output 9a1
	run --separate-stderr vp br-get-external-id br0 nothing
	assert_success
	assert_no_stdout
	run vp -f json br-get-external-id br0
	assert_output '{"bridge-id": "br0", "xs-network-uuids": "9a1"}'
	# no VALUE removes the key
	twice --offline br-set-external-id br0 xs-network-uuids
	run vp br-get-external-id br0
	assert_output 'bridge-id=br0'
	expect_error 1 "no bridge named br9" --offline br-set-external-id br9 k v
	expect_error 1 "no bridge named br9" br-get-external-id br9
}

@test "KEY= removes a key; a whole map replaces one; {} empties it" {
	off set interface p1 external_ids:a=1 external_ids:b=2
	twice --offline set interface p1 external_ids:a=
	run vp get interface p1 external_ids
	assert_output '{b="2"}'
	twice --offline set interface p1 'external_ids={x=y, "c d"="e,f"}'
	run vp get interface p1 external_ids
	assert_output '{"c d"="e,f", x=y}'
	twice --offline set interface p1 'external_ids={}'
	run vp get interface p1 external_ids
	assert_output '{}'
	expect_error 65 'invalid value for external_ids of interface p1: {a=1, a=2}: map contains duplicate key a' \
		--offline set interface p1 'external_ids={a=1, a=2}'
	expect_error 65 'invalid value for external_ids of interface p1: {a=1: missing "}" at end of map' \
		--offline set interface p1 'external_ids={a=1'
}

@test "a quoted value is read as ovs-vsctl reads it, and printed back the same way" {
	twice --offline set interface p1 'external_ids:q="a\"b\\c"' 'external_ids:"key two"=x' \
		external_ids:t=true external_ids:n=10
	run vp get interface p1 external_ids
	assert_output '{"key two"=x, n="10", q="a\"b\\c", t="true"}'
	run vp get interface p1 'external_ids:"key two"' external_ids:q
	assert_output $'x\n"a\\"b\\\\c"'
	run vp -f json get interface p1 external_ids:q
	assert_output '{"external_ids:q": "a\"b\\c"}'
	twice --offline set interface vx 'options:remote_ip="10.0.0.4"'
	run vp get interface vx options:remote_ip
	assert_output '"10.0.0.4"'
}

@test "the maps never reach the kernel: --dry-run sends nothing for them" {
	run --separate-stderr vp --dry-run set interface p1 external_ids:iface-id=x other_config:a=b
	assert_success
	assert_no_stdout
	run --separate-stderr vp --dry-run set interface p1 external_ids:iface-id=x mtu_request=1400
	assert_success
	assert_output "RTM_NEWLINK name=p1 mtu=1400"
	run --separate-stderr vp --dry-run set bridge br0 external_ids:a=b -- br-set-external-id br0 c d
	assert_success
	assert_no_stdout
	# --dry-run commits nothing
	run vp get interface p1 external_ids
	assert_output '{}'
}

@test "bad map keys and values: 65, nothing changed" {
	local before long256 long1025
	long256=$(printf 'k%.0s' {1..256})
	long1025=$(printf 'v%.0s' {1..1025})
	off set interface p1 external_ids:keep=1
	before=$(dump)
	expect_error 65 "invalid key '$long256' in external_ids of interface p1: expected 1-255 bytes, without '=' or a newline" \
		--offline set interface p1 "external_ids:$long256=x"
	expect_error 65 "invalid value for external_ids:k of interface p1: expected at most 1024 bytes, without a newline" \
		--offline set interface p1 "external_ids:k=$long1025"
	expect_error 65 "invalid key 'a=b' in other_config of port p1: expected 1-255 bytes, without '=' or a newline" \
		--offline set port p1 'other_config:"a=b"=c'
	expect_error 65 "invalid value for external_ids of interface p1: it contains a newline" \
		--offline set interface p1 $'external_ids:k=a\nb'
	expect_error 65 "invalid key '' in external_ids of bridge br0: expected 1-255 bytes, without '=' or a newline" \
		--offline set bridge br0 external_ids:=x
	expect_error 65 "invalid key '' in external_ids of bridge br0: expected 1-255 bytes, without '=' or a newline" \
		--offline br-set-external-id br0 '' x
	# one bad setting among good ones: none of them is applied
	expect_error 65 "invalid mtu_request '1' for interface p1: expected 68-65535" \
		--offline set interface p1 external_ids:new=1 mtu_request=1
	assert_equal "$(dump)" "$before"
}

@test "unknown columns say unknown column, naming the table the user wrote" {
	local before
	before=$(dump)
	expect_error 65 "unknown column 'colour' for interface p1 (columns: backer, bridge, dp_port, dp_port_request, external_ids, mtu_request, name, ofport, ofport_request, options, other_config, type)" \
		--offline set interface p1 colour:x=1
	expect_error 65 "unknown column 'colour' for port p1 (columns: backer, bridge, dp_port, dp_port_request, external_ids, interfaces, mtu_request, name, ofport, ofport_request, options, other_config, type)" \
		get port p1 colour:x
	expect_error 65 "unknown column 'colour' for bridge br0 (columns: external_ids, fail_mode, name, other_config, ports)" \
		--offline set bridge br0 colour:x=1
	expect_error 65 "invalid setting 'name:x=1' for port p1: column name is not a map, so it takes no key" \
		--offline set port p1 name:x=1
	expect_error 65 "cannot specify key to get for non-map column mtu_request" get interface p1 mtu_request:x
	expect_error 65 "unknown column '_uuid' in table port: vportctl has no record UUIDs; a record is named by its name" \
		get port p1 _uuid
	expect_error 65 "unknown column '_uuid' in table interface: vportctl has no record UUIDs; a record is named by its name" \
		--columns=_uuid,name list interface
	expect_error 1 "no port named p9" --offline set port p9 external_ids:a=b
	expect_error 65 "add-port does not set external_ids: add '-- set interface p9 external_ids:KEY=VALUE'" \
		--offline add-port br0 p9 type=internal external_ids:a=b
	expect_error 1 "no bridge named br9" get bridge br9 external_ids
	expect_error 65 "cannot set column ports of bridge br0: it is read-only (settable: external_ids:KEY, fail_mode, other_config:KEY)" \
		--offline set bridge br0 ports=x
	assert_equal "$(dump)" "$before"
}

# --- ofport, ofport_request ----------------------------------------------------

@test "ofport_request is dp_port_request, ofport is dp_port" {
	twice --offline set interface p1 ofport_request=7
	run vp get interface p1 ofport_request dp_port_request
	assert_output $'7\n7'
	# ofport reads what dp_port reads
	run vp get interface p1 ofport
	assert_output "$(vp get interface p1 dp_port)"
	run vp -f json get interface p1 ofport_request
	assert_output '{"ofport_request": 7}'
	twice --offline set interface p1 ofport_request=
	run vp get interface p1 dp_port_request
	assert_output '[]'
	local before
	before=$(dump)
	expect_error 65 "invalid ofport_request '0' for interface p1: expected 1-65534" \
		--offline set interface p1 ofport_request=0
	expect_error 65 "cannot set column ofport of interface p1: it is read-only (settable: dp_port_request, external_ids:KEY, mtu_request, ofport_request, options:KEY, other_config:KEY, type)" \
		--offline set interface p1 ofport=3
	expect_error 65 "cannot configure vxlan interface vx with dp_port_request: it applies only to system and internal interfaces" \
		--offline set interface vx ofport_request=9
	assert_equal "$(dump)" "$before"
}

@test "ofport is the port number the kernel gave, in get and list (--dry-run)" {
	run --separate-stderr vp --dry-run add-port br0 p2 type=internal -- get interface p2 ofport
	assert_success
	# the port numbers are not known before the kernel answers; an unknown one is []
	assert_line '[]'
}

# --- get: values as ovs-vsctl prints them -------------------------------------

@test "get quotes strings that need it, numbers bare, unset []" {
	off set interface p1 mtu_request=1400
	run --separate-stderr vp get interface p1 name type mtu_request ofport_request bridge backer
	assert_success
	assert_output $'p1\ninternal\n1400\n[]\nbr0\n[]'
	run vp get interface vx options backer
	assert_output $'{key="100", remote_ip="10.0.0.3"}\nvxlan_sys_4789'
	run vp get bridge br0 name ports fail_mode
	assert_output $'br0\n[br0, p1, vx]\nstandalone'
}

@test "get of a missing map key: 1 as ovs-vsctl; --if-exists: an empty line" {
	expect_error 1 'no key "tos" in interface record "vx" column options' get interface vx options:tos
	expect_error 1 'no key "k" in bridge record "br0" column external_ids' get bridge br0 external_ids:k
	run bash -c '"$0" --if-exists get interface vx options:tos type | od -An -c | tr -d " "' "$VPORTCTL"
	assert_output '\nvxlan\n'
	run vp -f json --if-exists get interface vx options:tos
	assert_output '{"options:tos": null}'
}

# --- list -----------------------------------------------------------------------

@test "list: ovs-vsctl's list format, 20 wide, records apart by a blank line" {
	off set interface p1 external_ids:iface-id=abc mtu_request=1400
	run --separate-stderr vp list interface p1
	assert_success
	assert_output 'external_ids        : {iface-id=abc}
mtu_request         : 1400
name                : p1
ofport              : []
ofport_request      : []
options             : {}
other_config        : {}
type                : internal'
	run --separate-stderr vp list bridge
	assert_output 'external_ids        : {}
fail_mode           : standalone
name                : br0
other_config        : {}
ports               : [br0, p1, vx]'
	run --separate-stderr vp --columns=name,type list Interface
	assert_output $'name                : br0\ntype                : internal\n\nname                : p1\ntype                : internal\n\nname                : vx\ntype                : vxlan'
	run --separate-stderr vp list port p1
	assert_output $'external_ids        : {}\ninterfaces          : [p1]\nname                : p1\nother_config        : {}'
}

@test "list of records: in the order given; a missing one is 1, --if-exists skips it" {
	run --separate-stderr vp --columns=name list interface vx p1
	assert_output $'name                : vx\n\nname                : p1'
	expect_error 1 "no interface named p9" list interface p1 p9
	run --separate-stderr vp --columns=name --if-exists list interface p9 p1
	assert_success
	assert_output 'name                : p1'
}

@test "list -f table, -f json, --data=bare, --no-heading" {
	off set interface vx external_ids:a=b external_ids:c=d
	run --separate-stderr vp -f table --columns=name,type,options list interface
	assert_success
	assert_output 'name type     options
---- -------- ---------------------------------
br0  internal {}
p1   internal {}
vx   vxlan    {key="100", remote_ip="10.0.0.3"}'
	run --separate-stderr vp -f table --no-heading --columns=name,ofport list interface p1 vx
	assert_output $'p1 []\nvx []'
	run --separate-stderr vp --data=bare --columns=name,external_ids,ofport list interface vx
	assert_output $'name                : vx\nexternal_ids        : a=b c=d\nofport              : '
	run --separate-stderr vp -f json --columns=name,external_ids,ofport,mtu_request list interface vx
	assert_output '{"data":[["vx",["map",[["a","b"],["c","d"]]],["set",[]],["set",[]]]],"headings":["name","external_ids","ofport","mtu_request"]}'
	run jq -c . <<<"$output"
	assert_success
	run --separate-stderr vp -f json --columns=name,ports list bridge
	assert_output '{"data":[["br0",["set",["br0","p1","vx"]]]],"headings":["name","ports"]}'
	# two tables in one invocation are apart by a blank line, as ovs-vsctl prints them
	run --separate-stderr vp -f table --columns=name list bridge -- list bridge br0
	assert_output $'name\n----\nbr0\n\nname\n----\nbr0'
}

@test "list and --columns=: bad input" {
	expect_error 65 "unknown column 'colour' in table interface (columns: backer, bridge, dp_port, dp_port_request, external_ids, mtu_request, name, ofport, ofport_request, options, other_config, type)" \
		--columns=name,colour list interface
	expect_error 65 "unknown table 'qos': expected interface, port or bridge" list qos
	expect_error 64 "invalid --data 'json': expected string or bare" --data=json list bridge
	expect_error 64 "invalid format 'yaml': expected text, json, table or list" -f yaml list bridge
	# --columns without a value is still the completion's column table
	run --separate-stderr vp --columns
	assert_success
	assert_line $'external_ids\texternal_ids:\tinterface,port,bridge'
	assert_line $'ofport\t-\tinterface,port'
	assert_line $'fail_mode\tfail_mode=\tbridge'
}

# --- find -----------------------------------------------------------------------

@test "find as ovs-docker calls it prints the interface name alone" {
	off set interface p1 external_ids:container_id=c1 external_ids:container_iface=eth0
	off add-port br0 p2 type=internal -- set interface p2 external_ids:container_id=c1 \
		external_ids:container_iface=eth1
	local i
	for i in 1 2; do
		run --separate-stderr vp --data=bare --no-heading --columns=name find interface \
			external_ids:container_id="c1" external_ids:container_iface="eth0"
		assert_success
		assert_output p1
	done
	run --separate-stderr vp --data=bare --no-heading --columns=name find interface external_ids:container_id=c1
	assert_output $'p1\n\np2'
	run --separate-stderr vp --data=bare --no-heading --columns=name find interface external_ids:container_id=c9
	assert_success
	assert_no_stdout
}

@test "the os-vif and ovs-docker plug idioms, run twice, then unplugged" {
	local i
	for i in 1 2; do
		run --separate-stderr vp --offline -- --may-exist add-port br0 tap0 -- set Interface tap0 \
			external_ids:iface-id=4f1c external_ids:iface-status=active \
			external_ids:attached-mac=fa:16:3e:00:00:01 \
			external_ids:vm-uuid=ab53a2b7-3e2e-4b71-9d1e-6ff1b2a5c7a1
		assert_success
		run --separate-stderr vp --offline --may-exist add-port br0 c1_l -- set interface c1_l \
			external_ids:container_id=c1 external_ids:container_iface=eth0
		assert_success
	done
	run vp get interface tap0 external_ids
	assert_output '{attached-mac="fa:16:3e:00:00:01", iface-id="4f1c", iface-status=active, vm-uuid="ab53a2b7-3e2e-4b71-9d1e-6ff1b2a5c7a1"}'
	run vp --data=bare --no-heading --columns=name find interface external_ids:container_id=c1 \
		external_ids:container_iface=eth0
	assert_output c1_l
	for i in 1 2; do
		run --separate-stderr vp --offline --if-exists del-port c1_l
		assert_success
	done
	run --separate-stderr vp --data=bare --no-heading --columns=name find interface external_ids:container_id=c1
	assert_no_stdout
}

@test "find: columns, map keys, the operators of ovs-vsctl" {
	off set interface p1 mtu_request=1400 external_ids:a=b -- add-port br0 p2 type=internal mtu_request=9000
	find_names() {
		run --separate-stderr vp --data=bare --no-heading --columns=name find "$@"
		assert_success
		output=$(tr '\n' ' ' <<<"$output" | tr -s ' ')
	}
	find_names interface type=vxlan
	assert_output 'vx '
	find_names interface 'options:remote_ip="10.0.0.3"'
	assert_output 'vx '
	find_names interface type!=internal
	assert_output 'vx '
	find_names interface 'mtu_request>1400'
	assert_output 'p2 '
	# an unset column is the empty set, less than any value, as in ovs-vsctl
	find_names interface 'mtu_request<=1400'
	assert_output 'br0 p1 vx '
	find_names interface 'mtu_request=[]' type=internal
	assert_output 'br0 '
	# a record without the key meets only the set operators
	find_names interface external_ids:a!=x
	assert_output 'p1 '
	find_names interface 'external_ids{<=}{a=b}'
	assert_output 'br0 p1 p2 vx '
	find_names interface 'external_ids{>=}{a=b}'
	assert_output 'p1 '
	find_names interface 'external_ids={}'
	assert_output 'br0 p2 vx '
	find_names bridge 'ports{>=}[p1]'
	assert_output 'br0 '
	find_names port name=p1
	assert_output 'p1 '
	find_names interface
	assert_output 'br0 p1 p2 vx '
}

@test "find: bad conditions are 65 with a clear message" {
	expect_error 65 "invalid condition 'type{~}x': unknown operator at '{~}x' (expected =, !=, <, >, <=, >=, {=}, {!=}, {<}, {>}, {<=} or {>=})" \
		find interface 'type{~}x'
	expect_error 65 "invalid condition 'type': expected COLUMN[:KEY]=VALUE (or !=, <, >, <=, >=, {=}, {!=}, {<}, {>}, {<=}, {>=})" \
		find interface type
	expect_error 65 "unknown column 'colour' in table interface (columns: backer, bridge, dp_port, dp_port_request, external_ids, mtu_request, name, ofport, ofport_request, options, other_config, type)" \
		find interface colour=red
	expect_error 65 "invalid condition 'mtu_request=big': big: \"big\" is not a valid integer" \
		find interface mtu_request=big
	expect_error 65 "invalid condition 'type:k=x': column type is not a map, so it takes no key" \
		find interface type:k=x
}

# --- show -----------------------------------------------------------------------

@test "show prints the maps where they are set, and only there" {
	off set interface vx external_ids:iface-id=abc -- set port vx other_config:x=y \
		-- set bridge br0 external_ids:bridge-id=br0
	run --separate-stderr vp show
	assert_output 'Bridge br0
    external_ids: {bridge-id=br0}
    Port br0
        Interface br0
            type: internal
            dp_port: none
            state: unknown (kernel datapath not available)
    Port p1
        Interface p1
            type: internal
            dp_port: none
            state: unknown (kernel datapath not available)
    Port vx
        other_config: {x=y}
        Interface vx
            type: vxlan
            options: {key="100", remote_ip="10.0.0.3"}
            external_ids: {iface-id=abc}
            dp_port: none (vxlan_sys_4789)
            state: unknown (kernel datapath not available)'
	run --separate-stderr vp -f json show
	run jq -c '.bridges[0] | {external_ids, other_config, ports: [.ports[] | {name, external_ids, other_config, port_external_ids, port_other_config}]}' <<<"$output"
	assert_output '{"external_ids":{"bridge-id":"br0"},"other_config":{},"ports":[{"name":"p1","external_ids":{},"other_config":{},"port_external_ids":{},"port_other_config":{}},{"name":"vx","external_ids":{"iface-id":"abc"},"other_config":{},"port_external_ids":{},"port_other_config":{"x":"y"}}]}'
}

# --- the schema -------------------------------------------------------------------

# A database as vportctl wrote it before the maps (schema version 2).
v2_db() {
	sqlite3 "$1" "CREATE TABLE bridge (name TEXT PRIMARY KEY NOT NULL,
		 fail_mode TEXT NOT NULL DEFAULT 'standalone') WITHOUT ROWID;
		CREATE TABLE iface (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, bridge TEXT NOT NULL,
		 type TEXT NOT NULL, options TEXT NOT NULL DEFAULT '', mtu_request INTEGER,
		 dp_port_request INTEGER, kname TEXT, backer_cfg TEXT NOT NULL DEFAULT '', tnl_id TEXT);
		CREATE TABLE vport (name TEXT PRIMARY KEY NOT NULL, type INTEGER NOT NULL, dst_port INTEGER,
		 gbp INTEGER NOT NULL DEFAULT 0, port_no INTEGER, port_request INTEGER, mtu INTEGER) WITHOUT ROWID;
		CREATE TABLE flow (ufid BLOB PRIMARY KEY NOT NULL, bridge TEXT NOT NULL, iface TEXT NOT NULL,
		 domain TEXT NOT NULL, key BLOB NOT NULL, mask BLOB NOT NULL, actions BLOB NOT NULL) WITHOUT ROWID;
		INSERT INTO bridge (name) VALUES ('br0');
		INSERT INTO iface (name, bridge, type, kname) VALUES ('br0', 'br0', 'internal', 'br0');
		INSERT INTO vport (name, type) VALUES ('br0', 2);
		PRAGMA user_version = 2;"
}

@test "a version 2 database is upgraded by a write; the maps start empty" {
	rm -f "$DB"
	v2_db "$DB"
	run --separate-stderr vp get bridge br0 external_ids
	assert_success
	assert_output '{}'
	assert_equal "$(sqlite3 "$DB" 'PRAGMA user_version')" 2
	twice --offline set bridge br0 external_ids:a=b
	assert_equal "$(sqlite3 "$DB" 'PRAGMA user_version')" 3
	run vp get bridge br0 external_ids fail_mode
	assert_output $'{a=b}\nstandalone'
}

@test "a version 2 database reads as migrated for a user who cannot upgrade it" {
	shared_dir
	local db=$SHARED_DIR/v2.db
	v2_db "$db"
	chmod 644 "$db"
	run --separate-stderr as_nobody --db="$db" list bridge
	assert_success
	assert_line 'external_ids        : {}'
	run --separate-stderr as_nobody --db="$db" get interface br0 external_ids ofport
	assert_output $'{}\n[]'
	assert_equal "$(sqlite3 "$db" 'PRAGMA user_version')" 2
	rm -rf "$SHARED_DIR"
}

@test "help names the new commands and columns" {
	run --separate-stderr vp help find
	assert_success
	assert_output --partial '{=} | {!=}'
	run --separate-stderr vp help set
	assert_output --partial 'external_ids:KEY=VALUE'
	run --separate-stderr vp help list
	assert_output --partial 'no _uuid'
}

# --- remove, clear --------------------------------------------------------------

@test "remove: keys, KEY=VALUE pairs only with that value, optional values" {
	off set interface p1 'external_ids={a=1, b=2, c=3}' mtu_request=1400
	twice --offline remove interface p1 external_ids a b=9 c=3 nothere
	run vp get interface p1 external_ids
	assert_output '{b="2"}'
	twice --offline remove interface vx options key
	run vp get interface vx options
	assert_output '{remote_ip="10.0.0.3"}'
	twice --offline remove interface p1 mtu_request 1300
	run vp get interface p1 mtu_request
	assert_output 1400
	twice --offline remove interface p1 mtu_request 1400
	run vp get interface p1 mtu_request
	assert_output '[]'
	off set port p1 external_ids:k=v
	twice --offline remove port p1 external_ids k
	run vp get port p1 external_ids
	assert_output '{}'
	run --separate-stderr vp --offline --if-exists remove port p9 external_ids k
	assert_success
}

@test "clear: maps empty, optional columns unset, fail_mode standalone" {
	off set interface p1 external_ids:a=1 other_config:b=2 ofport_request=5 -- set bridge br0 fail_mode=secure
	twice --offline clear interface p1 external_ids other_config ofport_request
	run vp get interface p1 external_ids other_config ofport_request
	assert_output $'{}\n{}\n[]'
	twice --offline clear bridge br0 fail_mode
	run vp get bridge br0 fail_mode
	assert_output standalone
}

@test "remove and clear: bad input is 65 or the rules' error, nothing changed" {
	local before
	before=$(dump)
	expect_error 65 "cannot clear column type of interface p1: it cannot be empty" --offline clear interface p1 type
	expect_error 65 "cannot clear column name of interface p1: it cannot be empty (it is read-only)" \
		--offline clear interface p1 name
	expect_error 65 "cannot remove from column type of interface p1: it cannot be empty" \
		--offline remove interface p1 type internal
	expect_error 65 "invalid mtu_request 'x' for interface p1: expected 68-65535" \
		--offline remove interface p1 mtu_request x
	expect_error 65 "invalid value for external_ids of interface p1: {: syntax error at '{'" \
		--offline remove interface p1 external_ids '{'
	expect_error 65 "vxlan interface vx requires options:remote_ip (an IPv4 or IPv6 address, or flow)" \
		--offline remove interface vx options remote_ip
	expect_error 65 "vxlan interface vx requires options:remote_ip (an IPv4 or IPv6 address, or flow)" \
		--offline clear interface vx options
	expect_error 64 "'remove' command requires at least 4 arguments" --offline remove interface p1 external_ids
	assert_equal "$(dump)" "$before"
	# a map change alone reaches no kernel
	off set interface p1 external_ids:a=1
	run --separate-stderr vp --dry-run remove interface p1 external_ids a -- clear interface p1 other_config
	assert_success
	assert_no_stdout
}
