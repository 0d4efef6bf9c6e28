#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Without CAP_NET_ADMIN: exit 77, a clear message, nothing changed.

load helpers

# vportctl as nobody, with no capabilities, in the test's namespace.
run_as_nobody() {
	local expected=$1
	shift
	echo "\$ (nobody) vportctl $*"
	run --separate-stderr timeout -k 5 "$VP_TIMEOUT" ip netns exec "$NS" \
		setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$VPORTCTL" "$@" 3>&-
	printf '%s\n' "$output" "$stderr"
	assert_equal "$status" "$expected"
}

setup() {
	vm_setup
	# A database nobody may write, so that only the kernel says no (bats'
	# own temporary directories are closed to other users).
	DBDIR=/tmp/$NS-db
	mkdir -m 0755 "$DBDIR"
	export VPORTCTL_DB=$DBDIR/conf.db
	DB=$VPORTCTL_DB
	vp add-br br0 -- add-port br0 p1 type=internal
	chown -R 65534:65534 "$DBDIR"
}

teardown() {
	rm -rf "$DBDIR"
	vm_teardown
}

@test "writes without CAP_NET_ADMIN exit 77 and change nothing" {
	local before
	before=$(state)
	run_as_nobody 77 add-br br1
	assert_stderr --regexp '^vportctl: .*([Pp]ermission|CAP_NET_ADMIN)'
	run_as_nobody 77 add-port br0 p2 type=internal
	run_as_nobody 77 del-port p1
	run_as_nobody 77 add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2
	assert_equal "$(state)" "$before"
	# reconcile with something to mend needs the capability too.
	dpctl del-if ovs-system p1
	run_as_nobody 77 reconcile
	run link_exists p1
	assert_failure
}

@test "reads work without CAP_NET_ADMIN" {
	run_as_nobody 0 list-br
	assert_output br0
	run_as_nobody 0 list-ports br0
	assert_output p1
	run_as_nobody 0 get interface p1 type
	assert_output internal
}

@test "a database nobody cannot write is 77 too" {
	chown -R 0:0 "$DBDIR"
	run_as_nobody 77 add-br br1
	assert_stderr --regexp '[Pp]ermission denied'
}
