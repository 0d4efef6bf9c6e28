#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2030,SC2031 # bats sets status/output/stderr/lines; teardown sees the test's PIDS
# --netns: vportctl run from the root namespace works in another one, with
# its datapath and its own database; and internal ports moved into another
# namespace (as container set-ups do) stay healthy.

load helpers

setup() {
	vm_setup
	EXTRA=()	# more namespaces, deleted in teardown
	PIDS=()		# processes holding unnamed namespaces
	NSDB=/var/lib/vportctl/netns/$NS.db
}

teardown() {
	if [ ${#PIDS[@]} -gt 0 ]; then
		kill -9 "${PIDS[@]}" 2>/dev/null
		wait "${PIDS[@]}" 2>/dev/null || true
	fi
	for n in "${EXTRA[@]}"; do
		ip netns del "$n" 2>/dev/null
	done
	rm -f "$NSDB" "$NSDB-journal" /run/netns/"$NS"-notns
	vm_teardown
}

# run_root [EXPECTED|'?'] ARG...: vportctl from the root namespace (as
# run_vportctl, without ip netns exec).
run_root() {
	local expected=0
	case ${1:-} in
	'?' | [0-9] | [0-9][0-9]) expected=$1; shift ;;
	esac
	echo "\$ vportctl $*"
	run --separate-stderr timeout -k 5 "$VP_TIMEOUT" "$VPORTCTL" "$@" 3>&-
	[ -z "$output" ] || printf '%s\n' "$output"
	[ -z "$stderr" ] || printf '%s\n' "$stderr" | sed 's/^/[stderr] /'
	[ "$expected" = '?' ] || [ "$status" = "$expected" ] || {
		echo "exit status $status, expected $expected" >&2
		return 1
	}
}

# Another named namespace.
add_ns() {
	ip netns add "$1" && ip -n "$1" link set lo up && EXTRA+=("$1")
}

# The vports of ovs-system in namespace $1, "PORT_NO NAME" lines.
ports_in() {
	ip netns exec "$1" ovs-dpctl show ovs-system 2>/dev/null |
		sed -n 's/^ *port \([0-9]*\): \([^ ]*\).*/\1 \2/p' | sort -n
}

# The root namespace has no datapath.
root_has_no_dp() {
	! ovs-dpctl show ovs-system >/dev/null 2>&1
}

@test "per-namespace bridges: each namespace its datapath and database; twice is idempotent" {
	local B=$NS-b
	add_ns "$B"
	local line=(--may-exist add-br br0 -- --may-exist add-port br0 p1 type=internal)
	run_root --netns "$NS" --db="$BATS_TEST_TMPDIR/a.db" "${line[@]}"
	run_root --netns "$NS" --db="$BATS_TEST_TMPDIR/a.db" "${line[@]}"
	run_root --netns "$B" --db="$BATS_TEST_TMPDIR/b.db" --may-exist add-br br1
	run_root --netns "$B" --db="$BATS_TEST_TMPDIR/b.db" --may-exist add-br br1
	assert_equal "$(ports_in "$NS" | cut -d' ' -f2 | tr '\n' ' ')" "ovs-system br0 p1 "
	assert_equal "$(ports_in "$B" | cut -d' ' -f2 | tr '\n' ' ')" "ovs-system br1 "
	root_has_no_dp
	run ip link show p1
	assert_failure

	# show names the namespace; check and list-br see only its bridges.
	run_root --netns "$NS" --db="$BATS_TEST_TMPDIR/a.db" show
	assert_line --index 0 "netns: $NS"
	assert_line --index 1 "Bridge br0"
	refute_output --partial error
	run_root --netns "$NS" --db="$BATS_TEST_TMPDIR/a.db" -f json show
	run jq -r '.netns, .datapath.present, (.bridges[] | .name, .state)' <<<"$output"
	assert_output "$NS"$'\ntrue\nbr0\nok'
	run_root --netns "$B" --db="$BATS_TEST_TMPDIR/b.db" check
	run_root --netns "$B" --db="$BATS_TEST_TMPDIR/b.db" list-br
	assert_output br1

	# The same database seen from inside (ip netns exec) agrees: no netns line.
	run_vportctl --db="$BATS_TEST_TMPDIR/a.db" show
	assert_line --index 0 "Bridge br0"
	run_vportctl --db="$BATS_TEST_TMPDIR/a.db" check

	# --dry-run in the namespace: the kernel there already has it all.
	run_root --netns "$NS" --db="$BATS_TEST_TMPDIR/a.db" --dry-run --may-exist add-br br0
	assert_output ""
	run_root --netns "$NS" --db="$BATS_TEST_TMPDIR/a.db" --dry-run add-port br0 p2 type=internal
	assert_output --partial 'OVS_VPORT_CMD_NEW name=p2 type=internal'
	refute_output --partial 'OVS_DP_CMD_NEW'

	# Deleting the last bridge takes that namespace's datapath only.
	run_root --netns "$B" --db="$BATS_TEST_TMPDIR/b.db" del-br br1
	assert_equal "$(ports_in "$B")" ""
	assert_equal "$(ports_in "$NS" | wc -l)" 3
}

@test "--netns NAME: the default database is /var/lib/vportctl/netns/NAME.db; --offline then reconcile" {
	rm -f "$NSDB"
	VPORTCTL_DB='' run_root --netns "$NS" --offline add-br br0
	[ -f "$NSDB" ]
	assert_equal "$(stat -c %a "$NSDB") $(stat -c %a "${NSDB%/*}")" "644 755"
	assert_equal "$(ports_in "$NS")" ""	# --offline: nothing in the kernel
	VPORTCTL_DB='' run_root --netns "$NS" reconcile
	VPORTCTL_DB='' run_root --netns "$NS" reconcile
	assert_equal "$(ports_in "$NS" | cut -d' ' -f2 | tr '\n' ' ')" "ovs-system br0 "
	VPORTCTL_DB='' run_root --netns "$NS" check
	# --db and VPORTCTL_DB win.
	run_root --netns "$NS" list-br
	assert_output ""
	run_root --netns "$NS" --db="$NSDB" list-br
	assert_output br0
	root_has_no_dp
}

@test "--netns pid:N: the process's namespace; its /run/netns name, else --db is needed" {
	ip netns exec "$NS" sleep 300 3>&- &
	PIDS+=($!)
	wait_for "[ \"\$(stat -L -c %i /proc/$!/ns/net)\" = \"\$(stat -L -c %i /run/netns/$NS)\" ]" 10
	VPORTCTL_DB='' run_root --netns "pid:$!" --may-exist add-br br0
	VPORTCTL_DB='' run_root --netns "pid:$!" --may-exist add-br br0
	[ -f "$NSDB" ]
	assert_equal "$(ports_in "$NS" | cut -d' ' -f2 | tr '\n' ' ')" "ovs-system br0 "
	VPORTCTL_DB='' run_root --netns "pid:$!" show
	assert_line --index 0 "netns: $NS"

	# A namespace with no name: the pid is no stable name for a database.
	unshare -n sleep 300 3>&- &
	local pid=$!
	PIDS+=("$pid")
	wait_for "[ \"\$(stat -L -c %i /proc/$pid/ns/net)\" != \"\$(stat -L -c %i /proc/self/ns/net)\" ]" 10
	VPORTCTL_DB='' run_root 64 --netns "pid:$pid" add-br br9
	assert_stderr --partial "the network namespace of process $pid has no name under /run/netns"
	assert_stderr --partial -- '--db'
	run_root --netns "pid:$pid" --db="$BATS_TEST_TMPDIR/u.db" add-br br9
	run_root --netns "pid:$pid" --db="$BATS_TEST_TMPDIR/u.db" show
	assert_line --index 0 "netns: pid:$pid"
	run nsenter --net="/proc/$pid/ns/net" ovs-dpctl show ovs-system
	assert_output --partial br9
	root_has_no_dp
	# The namespace goes with its process, and its datapath with it.
	kill -9 "$pid"
	wait "$pid" 2>/dev/null || true
	root_has_no_dp
}

@test "bad --netns: exit 65 for a bad name, 1 for a missing namespace, 77 without CAP_SYS_ADMIN" {
	local bad
	for bad in a/b .. . '' "pid:" pid:0 pid:x "$(printf 'n%.0s' {1..253})"; do
		run_root 65 --netns "$bad" add-br br0
		assert_stderr --regexp '^vportctl: invalid (network namespace name|--netns)'
	done
	run_root 1 --netns "$NS-nosuch" add-br br0
	assert_stderr "vportctl: no network namespace named $NS-nosuch (/run/netns/$NS-nosuch; see ip netns list)"
	run_root 1 --netns pid:999999 add-br br0
	assert_stderr "vportctl: --netns pid:999999: no process 999999"
	touch /run/netns/"$NS"-notns
	run_root 1 --netns "$NS"-notns add-br br0
	assert_stderr "vportctl: --netns $NS-notns: /run/netns/$NS-notns is not a network namespace"
	# Entering needs CAP_SYS_ADMIN; nothing is written.
	echo "\$ (nobody) vportctl --netns $NS add-br br0"
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$VPORTCTL" --netns "$NS" --db="/tmp/$NS-nobody.db" add-br br0
	echo "$stderr"
	assert_equal "$status" 77
	assert_stderr "vportctl: permission denied: entering network namespace $NS needs CAP_SYS_ADMIN"
	[ ! -e "/tmp/$NS-nobody.db" ]
	assert_equal "$(ports_in "$NS")" ""
	root_has_no_dp
}

@test "an internal port moved into another namespace stays healthy; reconcile keeps it; del-port deletes it" {
	local C=$NS-c
	add_ns "$C"
	vp add-br br0 -- add-port br0 p1 type=internal mtu_request=1400 \
		-- add-port br0 p2 type=internal
	local before no
	before=$(kernel_ports)
	no=$(dp_port_of p1)
	run_vportctl dump-flows br0
	assert_output --partial "in_port($no)"
	nsip link set p1 netns "$C"
	ip -n "$C" link show p1 >/dev/null
	run link_exists p1
	assert_failure
	# A device of the same name here is another one: not compared.
	nsip link add p1 mtu 9000 type veth peer name p1x

	run_vportctl show
	assert_output --partial "            dp_port: $no
            netns: $C"
	refute_output --partial error
	run_vportctl -f json show
	run jq -r '.netns, (.bridges[0].ports[] | select(.name == "p1") |
		.state, .netns, (.netnsid | type)), (.bridges[0].ports[] | select(.name == "p2") |
		.netns, .netnsid)' <<<"$output"
	assert_output "null"$'\nok\n'"$C"$'\nnumber\nnull\nnull'
	run_vportctl check
	run_vportctl check
	run_vportctl reconcile
	refute_output --regexp 'creat|delet|set '
	run_vportctl reconcile
	refute_output --regexp 'creat|delet|set '
	assert_equal "$(kernel_ports)" "$before"
	assert_equal "$(dp_port_of p1)" "$no"
	# Its flows are still there (check compared them), with its number.
	run_vportctl dump-flows br0
	assert_output --partial "in_port($no)"
	run ip -n "$C" -o link show p1
	assert_output --partial 'mtu 1400 '

	# Its MTU is not ours to change; nothing changes.
	run_vportctl 1 set interface p1 mtu_request=1500
	assert_stderr "vportctl: cannot set the MTU of p1: its device was moved into network namespace $C; set it there"
	run_vportctl get interface p1 mtu_request
	assert_output 1400

	# In a namespace with no name: shown by its id.
	unshare -n sleep 300 3>&- &
	PIDS+=($!)
	wait_for "[ \"\$(stat -L -c %i /proc/$!/ns/net)\" != \"\$(stat -L -c %i /proc/self/ns/net)\" ]" 10
	nsip link set p2 netns "$!"
	run_vportctl show
	assert_output --regexp $'Interface p2\n.*\n.*\n +netns: nsid [0-9]+'
	run_vportctl check

	# del-port deletes it wherever it is.
	run_vportctl --if-exists del-port p1
	run_vportctl --if-exists del-port p1
	run ip -n "$C" link show p1
	assert_failure
	run kernel_ports
	refute_line --regexp ' p1$'
	link_exists p1	# the dummy is left alone
	run_vportctl check
}

@test "--netns with a moved port: show from outside names where it is" {
	local C=$NS-c
	add_ns "$C"
	run_root --netns "$NS" --db="$DB" add-br br0 -- add-port br0 p1 type=internal
	nsip link set p1 netns "$C"
	run_root --netns "$NS" --db="$DB" show
	assert_line --index 0 "netns: $NS"
	assert_output --partial "            netns: $C"
	run_root --netns "$NS" --db="$DB" check
	run_root --netns "$NS" --db="$DB" del-port p1
	run ip -n "$C" link show p1
	assert_failure
	root_has_no_dp
}
