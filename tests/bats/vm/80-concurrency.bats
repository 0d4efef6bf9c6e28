#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Concurrent invocations serialize: nothing is lost, nothing is corrupted.

load helpers

# 400 invocations under TCG (about 40 s on an idle host): more than the
# default per-test bound on a loaded one.
BATS_TEST_TIMEOUT=900

# Wait for the given jobs only: a bare `wait` would also wait for the
# watchdog bats starts for BATS_TEST_TIMEOUT.
wait_jobs() {
	local pid rc=0
	for pid in "$@"; do wait "$pid" || rc=$?; done
	return $rc
}

@test "8 processes adding 50 ports each at once lose nothing" {
	vp add-br br0
	local w pids=()
	for w in 0 1 2 3 4 5 6 7; do
		ip netns exec "$NS" bash -c '
			for i in $(seq 0 49); do
				"$1" -t 120 add-port br0 "w$2-$i" type=internal || echo "w$2-$i: exit $?"
			done' _ "$VPORTCTL" "$w" >"$BATS_TEST_TMPDIR/w$w.log" 2>&1 3>&- &
		pids+=($!)
	done
	wait_jobs "${pids[@]}"
	run cat "$BATS_TEST_TMPDIR"/w*.log
	assert_output ''
	run_vportctl list-ports br0
	assert_equal "${#lines[@]}" 400
	run kernel_ports
	assert_equal "${#lines[@]}" 402
	# Port numbers are unique, and the database and the kernel agree on them.
	run_vportctl -f json show
	run jq -r '[.bridges[0].ports[].dp_port] | (length == (unique | length)) and (length == 400)' <<<"$output"
	assert_output true
	run_vportctl check
	run sqlite3 "$DB" 'PRAGMA integrity_check'
	assert_output ok
	run nsip -o link show
	assert_equal "$(grep -c ': w[0-7]-[0-9]' <<<"$output")" 400
}

@test "concurrent add-br --may-exist and del-port on different ports" {
	vp add-br br0
	local i
	for ((i = 0; i < 20; i++)); do echo "add-port br0 q$i type=internal"; done >"$BATS_TEST_TMPDIR/b"
	vp --batch="$BATS_TEST_TMPDIR/b"
	local pids=()
	for i in 0 1 2 3; do
		ip netns exec "$NS" bash -c '
			for j in 0 1 2 3 4; do
				"$1" -t 120 --may-exist add-br br0 || echo "add-br: exit $?"
				"$1" -t 120 del-port "q$(( $2 * 5 + j ))" || echo "del-port: exit $?"
			done' _ "$VPORTCTL" "$i" >"$BATS_TEST_TMPDIR/d$i.log" 2>&1 3>&- &
		pids+=($!)
	done
	wait_jobs "${pids[@]}"
	run cat "$BATS_TEST_TMPDIR"/d*.log
	assert_output ''
	run_vportctl list-ports br0
	assert_output ''
	run kernel_ports
	assert_output $'0 ovs-system\n1 br0'
	run_vportctl check
}
