#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016,SC2013 # bats sets status/output/stderr/lines
# The database: file and directory modes, schema version, a missing database,
# serialized writers, lock timeout (75), permission denied (77).

load helpers

setup() {
	common_setup
	HOLDER_PID=
}

teardown() {
	release_lock
	if [ -n "${SHARED_DIR:-}" ] && [ -d "$SHARED_DIR" ]; then
		rm -rf "$SHARED_DIR"
	fi
}

# Hold the database's write lock from another process (the sqlite3 shell, in
# BEGIN IMMEDIATE) until release_lock.
hold_lock() {
	local fifo=$BATS_TEST_TMPDIR/lock.fifo mark=$BATS_TEST_TMPDIR/lock.held i
	mkfifo "$fifo"
	sqlite3 "$1" <"$fifo" >/dev/null 2>&1 3>&- &
	HOLDER_PID=$!
	exec {LOCK_FD}>"$fifo"
	echo 'BEGIN IMMEDIATE;' >&"$LOCK_FD"
	echo ".shell touch $mark" >&"$LOCK_FD"
	for ((i = 0; i < 100; i++)); do
		[ -e "$mark" ] && return 0
		sleep 0.1
	done
	fail "the sqlite3 lock holder did not start"
}

release_lock() {
	[ -n "${HOLDER_PID:-}" ] || return 0
	echo 'ROLLBACK;' >&"$LOCK_FD" || true
	exec {LOCK_FD}>&-
	wait "$HOLDER_PID" || true
	HOLDER_PID=
}

@test "first write creates the file 0644, whatever the umask" {
	run --separate-stderr bash -c 'umask 077 && "$0" --offline add-br br0' "$VPORTCTL"
	assert_success
	run stat -c %a "$DB"
	assert_output "644"
}

@test "first write creates the directory 0755, whatever the umask" {
	local db=$BATS_TEST_TMPDIR/lib/conf.db
	run --separate-stderr bash -c 'umask 077 && "$0" --db="$1" --offline add-br br0' "$VPORTCTL" "$db"
	assert_success
	run stat -c %a "$db"
	assert_output "644"
	run stat -c %a "$BATS_TEST_TMPDIR/lib"
	assert_output "755"
}

@test "first write with the usual umask: directory 0755, file 0644" {
	local db=$BATS_TEST_TMPDIR/lib/conf.db
	run --separate-stderr bash -c 'umask 022 && "$0" --db="$1" --offline add-br br0' "$VPORTCTL" "$db"
	assert_success
	run stat -c %a "$BATS_TEST_TMPDIR/lib" "$db"
	assert_output $'755\n644'
}

@test "the database is SQLite with a schema version" {
	off add-br br0
	run sqlite3 "$DB" 'PRAGMA user_version'
	assert_success
	[ "$output" -ge 1 ] || fail "schema version '$output'"
	run sqlite3 "$DB" 'PRAGMA integrity_check'
	assert_output "ok"
}

@test "a database from a newer vportctl is refused, naming the file and versions" {
	off add-br br0
	sqlite3 "$DB" 'PRAGMA user_version = 999'
	run --separate-stderr vp list-br
	assert_equal "$status" 1
	assert_no_stdout
	assert_stderr --partial "$DB"
	assert_stderr --partial "schema version 999"
	run --separate-stderr vp --offline add-br br1
	assert_equal "$status" 1
	run sqlite3 "$DB" 'SELECT name FROM bridge'
	assert_output "br0"
}

@test "a file that is not a database: 1, naming the file" {
	echo "not a database" >"$DB"
	run --separate-stderr vp list-br
	assert_equal "$status" 1
	assert_stderr --partial "$DB"
	run --separate-stderr vp --offline add-br br0
	assert_equal "$status" 1
	assert_stderr --partial "$DB"
	run cat "$DB"
	assert_output "not a database"
}

@test "read-only commands on a missing database: an empty configuration, no file created" {
	local db=$BATS_TEST_TMPDIR/missing/conf.db
	export VPORTCTL_DB=$db
	run --separate-stderr vp list-br
	assert_success
	assert_no_stdout
	run --separate-stderr vp list-ifaces
	assert_success
	assert_no_stdout
	run --separate-stderr vp show
	assert_success
	assert_no_stdout
	run --separate-stderr vp -f json show
	assert_success
	run jq -c '[.bridges, .backers, .strays]' <<<"$output"
	assert_output '[[],[],[]]'
	run --separate-stderr vp br-exists br0
	assert_equal "$status" 2
	expect_error 1 "no bridge named br0" list-ports br0
	expect_error 1 "no port named p1" port-to-br p1
	expect_error 1 "no interface named p1" get interface p1 type
	[ ! -e "$db" ] || fail "a read-only command created $db"
	[ ! -e "${db%/*}" ] || fail "a read-only command created ${db%/*}"
}

@test "--db wins over VPORTCTL_DB" {
	local other=$BATS_TEST_TMPDIR/other.db
	run --separate-stderr vp --db="$other" --offline add-br br0
	assert_success
	[ -e "$other" ]
	[ ! -e "$DB" ] || fail "wrote $DB despite --db"
	run --separate-stderr vp --db="$other" list-br
	assert_output "br0"
	run --separate-stderr vp list-br
	assert_no_stdout
}

@test "the default database is /var/lib/vportctl/conf.db (as --help says)" {
	run --separate-stderr vp --help
	assert_output --partial "/var/lib/vportctl/conf.db"
}

@test "concurrent --offline writers serialize: every change lands" {
	off add-br br0
	local w i pids=()
	for w in 1 2 3 4; do
		(
			for i in 1 2 3 4 5 6 7 8; do
				"$VPORTCTL" --offline add-port br0 "w$w-$i" type=internal ||
					exit 1
			done
		) 3>&- &
		pids+=($!)
	done
	local failed=0 p
	for p in "${pids[@]}"; do
		wait "$p" || failed=$((failed + 1))
	done
	assert_equal "$failed" 0
	run --separate-stderr vp list-ports br0
	assert_equal "${#lines[@]}" 32
	run sqlite3 "$DB" 'PRAGMA integrity_check'
	assert_output "ok"
}

@test "concurrent writers of the same name: exactly one wins, the others fail with 1" {
	off add-br br0
	local i pids=() codes=()
	for i in 1 2 3 4 5 6; do
		"$VPORTCTL" --offline add-br same 2>/dev/null 3>&- &
		pids+=($!)
	done
	local ok=0 conflict=0 other=0 p rc
	for p in "${pids[@]}"; do
		rc=0
		wait "$p" || rc=$?
		case $rc in
		0) ok=$((ok + 1)) ;;
		1) conflict=$((conflict + 1)) ;;
		*) other=$((other + 1)) ;;
		esac
	done
	assert_equal "$ok $conflict $other" "1 5 0"
	run vp list-br
	assert_output $'br0\nsame'
}

@test "--timeout=1 with the database locked by another process: 75, nothing changed" {
	off add-br br0
	hold_lock "$DB"
	run --separate-stderr vp --offline --timeout=1 add-br br1
	assert_equal "$status" 75
	assert_no_stdout
	assert_stderr --partial "timed out"
	assert_stderr --partial "$DB"
	release_lock
	run vp list-br
	assert_output "br0"
	run --separate-stderr vp --offline --timeout=1 add-br br1
	assert_success
}

@test "read-only commands still work while another process holds the write lock" {
	off add-br br0
	hold_lock "$DB"
	run --separate-stderr vp --timeout=1 list-br
	assert_success
	assert_output "br0"
	run --separate-stderr vp --timeout=1 -f json show
	assert_success
}

@test "a database the user cannot write: 77, nothing changed; reading still works" {
	shared_dir
	local db=$SHARED_DIR/conf.db
	off --db="$db" add-br br0
	[ "$(id -u)" = 0 ] || chmod 444 "$db"
	run --separate-stderr as_nobody --db="$db" --offline add-br br1
	assert_equal "$status" 77
	assert_no_stdout
	assert_stderr --partial "permission denied"
	assert_stderr --partial "$db"
	run --separate-stderr as_nobody --db="$db" list-br
	assert_success
	assert_output "br0"
}

@test "a database that cannot be created: 77" {
	shared_dir
	local db=$SHARED_DIR/conf.db
	[ "$(id -u)" = 0 ] || chmod 555 "$SHARED_DIR"
	run --separate-stderr as_nobody --db="$db" --offline add-br br0
	assert_equal "$status" 77
	assert_no_stdout
	assert_stderr --partial "$db"
	[ ! -e "$db" ]
}

@test "a failed invocation leaves the database as it was" {
	off add-br br0
	off add-port br0 p1 type=internal
	local sum
	sum=$(sqlite3 "$DB" '.dump')
	run --separate-stderr vp --offline add-port br0 p2 type=internal -- add-port br0 p1 type=internal
	assert_equal "$status" 1
	assert_equal "$(sqlite3 "$DB" '.dump')" "$sum"
}
