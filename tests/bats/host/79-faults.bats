#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016,SC2013 # bats sets status/output/stderr/lines
# The database under faults: a full disk, a crash between journal writes, odd
# bytes in a batch, a foreign or unreachable file.  A refused invocation
# changes nothing: `sqlite3 DB .dump` is compared before and after.

load helpers

setup() {
	common_setup
	MNT=
}

teardown() {
	if [ -n "$MNT" ] && mountpoint -q "$MNT"; then
		umount "$MNT"
	fi
	if [ -n "${SHARED_DIR:-}" ] && [ -d "$SHARED_DIR" ]; then
		rm -rf "$SHARED_DIR"
	fi
}

# A SIZE tmpfs at $MNT (root only: mount(2)).
small_fs() {
	[ "$(id -u)" = 0 ] || skip "mounting a tmpfs needs root"
	MNT=$BATS_TEST_TMPDIR/mnt
	mkdir -p "$MNT"
	mount -t tmpfs -o "size=$1" tmpfs "$MNT" || fail "cannot mount a tmpfs on $MNT"
}

# Fill $MNT until about KIB KiB are free.
fill_to() {
	local avail
	rm -f "$MNT/fill"
	avail=$(df -k --output=avail "$MNT" | tail -n1)
	[ "$avail" -gt "$1" ] || return 0
	dd if=/dev/zero of="$MNT/fill" bs=1k count=$((avail - $1)) status=none 2>/dev/null || true
}

dump() {
	sqlite3 "$1" .dump
}

# refused STATUS MESSAGE ARGS...: vportctl ARGS exits STATUS with MESSAGE
# (a substring) on stderr, nothing on stdout, and $DB's dump is unchanged.
refused() {
	local want=$1 msg=$2 before
	shift 2
	before=$(dump "$DB")
	run --separate-stderr "$VPORTCTL" "$@"
	assert_equal "$status" "$want"
	assert_no_stdout
	assert_stderr --partial "$msg"
	assert_equal "$(dump "$DB")" "$before"
}

# --- a full disk ---------------------------------------------------------------

@test "a full disk at any fill level: 1 with 'full', the database exactly as before, every retry" {
	small_fs 512k
	local db=$MNT/conf.db free i before
	off --db="$db" add-br br0
	for ((i = 1; i <= 2000; i++)); do echo "add-port br0 p$i type=internal"; done >"$BATS_TEST_TMPDIR/batch"
	for free in 4 8 16 20 22 24 26 28 32 48 64 128; do
		fill_to "$free"
		before=$(dump "$db")
		for try in 1 2; do
			run --separate-stderr vp --db="$db" --offline --batch="$BATS_TEST_TMPDIR/batch"
			assert_equal "$status" 1
			assert_no_stdout
			assert_stderr --partial "database or disk is full"
			assert_stderr --partial "$db"
			assert_equal "$(dump "$db")" "$before"
		done
		run sqlite3 "$db" 'SELECT count(*) FROM vport; SELECT count(*) FROM iface; PRAGMA integrity_check'
		assert_output $'1\n1\nok'
	done
	rm -f "$MNT/fill"
	run --separate-stderr vp --db="$db" --offline --batch="$BATS_TEST_TMPDIR/batch"
	assert_success
	run sqlite3 "$db" 'SELECT count(*) FROM vport'
	assert_output 2001
}

# --- odd bytes in a batch ------------------------------------------------------

@test "a NUL byte in a batch: 64 naming the line, nothing run" {
	off add-br br0
	printf 'add-br b5\0junk\nadd-br b6\n' >"$BATS_TEST_TMPDIR/cmds"
	refused 64 "line 1: NUL byte" --offline --batch="$BATS_TEST_TMPDIR/cmds"
	printf 'add-br b5\nadd-br b6\n\0\n' >"$BATS_TEST_TMPDIR/cmds"
	refused 64 "line 3: NUL byte" --offline --batch="$BATS_TEST_TMPDIR/cmds"
	printf 'add-br b5\0junk\nadd-br b6\n' >"$BATS_TEST_TMPDIR/cmds"
	before=$(dump "$DB")
	run --separate-stderr "$VPORTCTL" --offline --batch <"$BATS_TEST_TMPDIR/cmds"
	assert_equal "$status" 64
	assert_stderr "vportctl: line 1: NUL byte in the batch input"
	assert_equal "$(dump "$DB")" "$before"
}

@test "a batch line longer than 8192 bytes: 64 naming the line; 8192 is accepted" {
	off add-br br0
	local pad
	pad=$(printf '%*s' 8180 '')
	# 8192 bytes: "add-br b7" (9), 8180 blanks, "#x" (2), one more blank
	printf 'add-br b7%s #x\n' "$pad" >"$BATS_TEST_TMPDIR/ok"
	[ "$(head -n1 "$BATS_TEST_TMPDIR/ok" | tr -d '\n' | wc -c)" = 8192 ]
	printf 'add-br b8\nadd-br b9%s  #x\n' "$pad" >"$BATS_TEST_TMPDIR/long"
	refused 64 "line 2: longer than 8192 bytes" --offline --batch="$BATS_TEST_TMPDIR/long"
	run --separate-stderr vp --offline --batch="$BATS_TEST_TMPDIR/ok"
	assert_success
	run vp list-br
	assert_output $'b7\nbr0'
}

@test "--batch=/dev/zero and an endless line stop at once, in bounded memory" {
	off add-br br0
	before=$(dump "$DB")
	# 64 MiB of address space is far less than an endless input would take.
	run --separate-stderr bash -c 'ulimit -v 65536; timeout 10 "$0" --offline --batch=/dev/zero' "$VPORTCTL"
	assert_equal "$status" 64
	assert_stderr "vportctl: line 1: NUL byte in the batch input"
	run --separate-stderr bash -c 'ulimit -v 65536; yes | tr -d "\n" | timeout 10 "$0" --offline --batch' "$VPORTCTL"
	assert_equal "$status" 64
	assert_stderr "vportctl: line 1: longer than 8192 bytes"
	assert_equal "$(dump "$DB")" "$before"
}

@test "--batch= and a directory as the batch: 64 naming the file" {
	off add-br br0
	refused 64 "--batch= needs a file name" --offline --batch=
	mkdir "$BATS_TEST_TMPDIR/dir"
	refused 64 "$BATS_TEST_TMPDIR/dir: Is a directory" --offline --batch="$BATS_TEST_TMPDIR/dir"
}

# --- a crash between journal writes ----------------------------------------------

# The reads of a database holding br0 with port p0, whoever runs them:
# exactly the configuration from before the crash.
reads_see_br0() {
	local runner=$1 db=$2
	run --separate-stderr "$runner" --db="$db" list-br
	assert_success
	assert_output "br0"
	run --separate-stderr "$runner" --db="$db" br-exists br0
	assert_success
	run --separate-stderr "$runner" --db="$db" br-exists br1
	assert_equal "$status" 2
	run --separate-stderr "$runner" --db="$db" get interface p0 type bridge
	assert_success
	assert_output $'internal\nbr0'
	run --separate-stderr "$runner" --db="$db" list-ifaces
	assert_output "p0"
	run --separate-stderr "$runner" --db="$db" -f json show
	assert_success
	run jq -c '[.bridges[].name]' <<<"$output"
	assert_output '["br0"]'
}

@test "killed at each commit syscall: reads answer with the configuration from before, as nobody and as root" {
	shared_dir
	local tmpl=$SHARED_DIR/template.db db=$SHARED_DIR/conf.db before point hot=0
	off --db="$tmpl" add-br br0
	off --db="$tmpl" add-port br0 p0 type=internal
	mkdir -m 1777 "$SHARED_DIR/tmp"
	before=$(dump "$tmpl")
	# The commit of a rollback journal: fdatasync of the journal, its
	# directory, the journal again, the database; then the journal's unlink.
	for point in fdatasync:when=1 fdatasync:when=2 fdatasync:when=3 fdatasync:when=4 unlink:when=1; do
		rm -f "$db" "$db-journal"
		cp "$tmpl" "$db"
		chmod 644 "$db"
		run strace -f -o /dev/null -e inject="${point%%:*}:signal=SIGKILL:${point#*:}" \
			"$VPORTCTL" --db="$db" --offline add-br br1 -- add-port br1 p1 type=internal
		assert_equal "$status" 137
		[ ! -s "$db-journal" ] || hot=$((hot + 1))
		# nobody cannot write the directory: it reads a private copy,
		# made in TMPDIR and removed
		TMPDIR=$SHARED_DIR/tmp reads_see_br0 as_nobody "$db"
		assert_equal "$(ls -A "$SHARED_DIR/tmp")" ""
		reads_see_br0 vp "$db"
		assert_equal "$(dump "$db")" "$before"
		run --separate-stderr vp --db="$db" --offline add-br br2
		assert_success
		run vp --db="$db" list-br
		assert_output $'br0\nbr2'
	done
	[ "$hot" -ge 2 ] || fail "only $hot kill points left a hot journal: the test tests nothing"
}

# --- a file that is not vportctl's -----------------------------------------------

@test "another application's SQLite file is refused, read or written, naming the file; it is not touched" {
	local f=$BATS_TEST_TMPDIR/other.db before
	for setup_sql in "CREATE TABLE foo (x); INSERT INTO foo VALUES (1);" \
		"CREATE TABLE foo (x); PRAGMA user_version = 1;" \
		"CREATE TABLE bridge (name); CREATE TABLE iface (x); CREATE TABLE vport (y); CREATE TABLE extra (z); PRAGMA user_version = 1;" \
		"PRAGMA application_id = 305419896;" \
		"CREATE TABLE bridge (name); PRAGMA application_id = 305419896; PRAGMA user_version = 1;"; do
		rm -f "$f"
		sqlite3 "$f" "$setup_sql"
		before=$(dump "$f"; sqlite3 "$f" 'PRAGMA user_version; PRAGMA application_id')
		for args in "--offline add-br br0" "list-br" "br-exists br0" "show" "--dry-run add-br br0"; do
			# shellcheck disable=SC2086 # args are words
			run --separate-stderr vp --db="$f" $args
			assert_equal "$status" 1
			assert_no_stdout
			assert_stderr "vportctl: database $f is not a vportctl database (another application's SQLite file); refusing to use it"
		done
		assert_equal "$(dump "$f"; sqlite3 "$f" 'PRAGMA user_version; PRAGMA application_id')" "$before"
	done
}

@test "a new database carries vportctl's application_id; one from before the mark is read and marked at its next write" {
	off add-br br0
	run sqlite3 "$DB" 'PRAGMA application_id'
	assert_output "$((0x76706374))"
	sqlite3 "$DB" 'PRAGMA application_id = 0'
	run --separate-stderr vp list-br
	assert_success
	assert_output "br0"
	run sqlite3 "$DB" 'PRAGMA application_id'
	assert_output 0
	off add-br br1
	run sqlite3 "$DB" 'PRAGMA application_id'
	assert_output "$((0x76706374))"
}

@test "an empty file is an empty configuration, and becomes vportctl's at the first write" {
	: >"$DB"
	run --separate-stderr vp list-br
	assert_success
	assert_no_stdout
	off add-br br0
	run sqlite3 "$DB" 'PRAGMA application_id; SELECT name FROM bridge'
	assert_output $'1987076980\nbr0'
}

# --- a database that cannot be reached or is not a file ------------------------

@test "a database in a directory the user cannot enter: 77 naming the file, for reads too (not an empty configuration)" {
	[ "$(id -u)" = 0 ] || skip "needs root to make a directory another user cannot enter"
	shared_dir
	local db=$SHARED_DIR/private/conf.db args
	mkdir -m 700 "$SHARED_DIR/private"
	off --db="$db" add-br br0
	before=$(dump "$db")
	for args in "list-br" "br-exists br0" "list-ports br0" "show" "get interface br0 type" "--offline add-br br1" "--dry-run add-br br1"; do
		# shellcheck disable=SC2086 # args are words
		run --separate-stderr as_nobody --db="$db" $args
		assert_equal "$status" 77
		assert_no_stdout
		assert_stderr "vportctl: permission denied: cannot reach the database $db"
	done
	chmod 711 "$SHARED_DIR/private"
	chmod 600 "$db"
	run --separate-stderr as_nobody --db="$db" list-br
	assert_equal "$status" 77
	assert_stderr "vportctl: permission denied: cannot read the database $db"
	assert_equal "$(dump "$db")" "$before"
	run vp --db="$db" list-br
	assert_output "br0"
}

@test "a FIFO as the database does not hang: 1 naming the file" {
	mkfifo "$DB"
	local args
	for args in "list-br" "br-exists br0" "show" "--offline add-br br0" "--dry-run add-br br0"; do
		# shellcheck disable=SC2086 # args are words
		run --separate-stderr timeout 10 "$VPORTCTL" $args
		assert_equal "$status" 1
		assert_no_stdout
		assert_stderr "vportctl: database $DB is not a regular file"
	done
	[ -p "$DB" ]
}

@test "a directory as the database: 1, saying so" {
	mkdir "$DB"
	local args
	for args in "list-br" "--offline add-br br0" "--dry-run add-br br0"; do
		# shellcheck disable=SC2086 # args are words
		run --separate-stderr vp $args
		assert_equal "$status" 1
		assert_no_stdout
		assert_stderr "vportctl: database $DB is a directory, not a file"
	done
	assert_equal "$(ls -A "$DB")" ""
}

@test "a truncated database is 'malformed' for reads and writes, and is not rewritten" {
	local i args size
	off add-br br0
	for ((i = 0; i < 200; i++)); do echo "add-port br0 vx$i type=vxlan options:remote_ip=10.0.$((i / 200)).$((i % 200 + 1))"; done |
		off --batch
	cp "$DB" "$BATS_TEST_TMPDIR/full.db"
	for size in 1 16 50 99 100 512 4095 4096 8192 20000; do
		cp "$BATS_TEST_TMPDIR/full.db" "$DB"
		truncate -s "$size" "$DB"
		cp "$DB" "$BATS_TEST_TMPDIR/cut.db"
		for args in "list-br" "br-exists br0" "list-ports br0" "show" "get interface vx199 type" "--offline add-br br1"; do
			# shellcheck disable=SC2086 # args are words
			run --separate-stderr vp $args
			assert_equal "$status" 1
			assert_no_stdout
			assert_stderr --partial "$DB"
			assert_stderr --regexp "malformed|not a database"
		done
		cmp "$DB" "$BATS_TEST_TMPDIR/cut.db" || fail "a refused invocation changed the ${size}-byte file"
	done
}

@test "a database whose directory the user cannot write: 77, saying the journal cannot be made" {
	[ "$(id -u)" = 0 ] || skip "needs root to give a file to another user"
	shared_dir
	local db=$SHARED_DIR/conf.db
	off --db="$db" add-br br0
	chmod 666 "$db"
	DB=$db
	local before
	before=$(dump "$db")
	run --separate-stderr as_nobody --db="$db" --offline add-br br1
	assert_equal "$status" 77
	assert_no_stdout
	assert_stderr "vportctl: permission denied: cannot create the rollback journal of the database $db: the directory $SHARED_DIR is not writable"
	assert_equal "$(dump "$db")" "$before"
	run --separate-stderr as_nobody --db="$db" list-br
	assert_success
	assert_output "br0"
}

@test "a database on a read-only file system: 77 saying so; reads work" {
	small_fs 1m
	local db=$MNT/conf.db before
	off --db="$db" add-br br0
	before=$(dump "$db")
	mount -o remount,ro "$MNT"
	DB=$db
	refused 77 "permission denied: the database $db is on a read-only file system" --db="$db" --offline add-br br1
	run --separate-stderr vp --db="$db" list-br
	assert_success
	assert_output "br0"
	expect_error 77 "cannot create database $MNT/new.db: Read-only file system" --db="$MNT/new.db" --offline add-br br0
}

# --- output that cannot be written ---------------------------------------------

@test "output that cannot be written: 1 with a message, and a write with output commits nothing" {
	off add-br br0
	off add-br br1
	local before args
	before=$(dump "$DB")
	for args in "--offline add-br b9 -- list-br" "--offline add-port br0 p1 type=internal -- get interface p1 type" \
		"--offline del-br br0 -- list-br"; do
		# shellcheck disable=SC2086 # args are words
		run --separate-stderr bash -c '"$0" "$@" >/dev/full' "$VPORTCTL" $args
		assert_equal "$status" 1
		assert_stderr "vportctl: cannot write the output: No space left on device"
		assert_equal "$(dump "$DB")" "$before"
	done
	for args in "list-br" "-f json show" "list-br -- list-ports br0" "show"; do
		# shellcheck disable=SC2086 # args are words
		run --separate-stderr bash -c '"$0" "$@" >/dev/full' "$VPORTCTL" $args
		assert_equal "$status" 1
		assert_stderr --partial "vportctl: cannot write the output: No space left on device"
	done
	run --separate-stderr bash -c '"$0" "$@" >&-' "$VPORTCTL" list-br
	assert_equal "$status" 1
	assert_stderr "vportctl: cannot write the output: Bad file descriptor"
	# A write that prints nothing has nothing to lose.
	run --separate-stderr bash -c '"$0" "$@" >/dev/full' "$VPORTCTL" --offline add-br b9
	assert_success
	run vp list-br
	assert_output $'b9\nbr0\nbr1'
}

# --- messages and JSON, whatever the bytes -----------------------------------

@test "control bytes and non-UTF-8 bytes in an echoed value are escaped; UTF-8 text is kept" {
	off add-br br0
	refused 1 'no bridge named x\x1b[2J\x07\x7f\x9b\xc2\x9b' --offline del-br $'x\e[2J\a\x7f\x9b\xc2\x9b'
	assert_stderr 'vportctl: no bridge named x\x1b[2J\x07\x7f\x9b\xc2\x9b'
	refused 1 'no port named p\x0a1' --offline del-port $'p\n1'
	assert_equal "${#stderr_lines[@]}" 1
	refused 65 "invalid options:remote_ip '10.0.0.1\\x1b]0;owned\\x07é'" --offline add-port br0 vx1 type=vxlan \
		options:remote_ip=$'10.0.0.1\e]0;owned\aé'
	refused 64 "unknown command 'x\\x1b[2J'" --offline $'x\e[2J'
	refused 64 "line 1: unknown command 'y\\x1b[H'" --offline --batch=<(printf 'y\e[H\n')
}

@test "an empty name shows as ''" {
	off add-br br0
	refused 1 "no bridge named ''" --offline del-br ''
	refused 1 "no port named ''" --offline del-port ''
	refused 1 "no port named ''" --offline del-port br0 ''
	refused 1 "no bridge named ''" --offline del-port '' br0
	refused 1 "no bridge named ''" list-ports ''
	refused 1 "no port named ''" port-to-br ''
	refused 1 "no interface named ''" get interface '' type
	refused 1 "no interface named ''" --offline set interface '' mtu_request=1400
	refused 1 "no bridge named ''" --offline add-port '' p1
}

@test "--verbose=1 and other options that take no value: 64 saying so" {
	local o
	for o in verbose dry-run offline force may-exist; do
		expect_error 64 "--$o takes no value" --$o=1 list-br
	done
	expect_error 64 "--verbose takes no value" --verb=yes list-br
	expect_error 64 "unknown option '-x'; use --help for help" -x list-br
}

@test "JSON output is valid UTF-8 whatever the bytes; a column asked for twice is one key" {
	off add-br br0
	off add-port br0 p1 type=internal
	local key=$'\xff\xed\xa0\x80\xe0\x80\xaf\xf4\x90\x80\x80\xc0\xaf\xc3\xa9\x01'
	run --separate-stderr vp -f json --if-exists get interface p1 "options:$key" name
	assert_success
	python3 -c 'import json, sys; d = json.loads(sys.stdin.buffer.read().decode("utf-8", "strict")); print(json.dumps(d, ensure_ascii=True))' <<<"$output" >"$BATS_TEST_TMPDIR/parsed" ||
		fail "not UTF-8 JSON: $output"
	run cat "$BATS_TEST_TMPDIR/parsed"
	assert_output '{"options:\u00ff\u00ed\u00a0\u0080\u00e0\u0080\u00af\u00f4\u0090\u0080\u0080\u00c0\u00af\u00e9\u0001": null, "name": "p1"}'
	run --separate-stderr vp -f json get interface p1 name name type name
	assert_success
	assert_output '{"name": "p1", "type": "internal"}'
	run --separate-stderr vp get interface p1 name name
	assert_output $'p1\np1'
}

# --- waits ---------------------------------------------------------------------

@test "a reader waits at most --timeout for a lock held by another process" {
	off add-br br0
	local fifo=$BATS_TEST_TMPDIR/lock.fifo mark=$BATS_TEST_TMPDIR/lock.held holder i start end
	mkfifo "$fifo"
	sqlite3 "$DB" <"$fifo" >/dev/null 2>&1 3>&- &
	holder=$!
	exec {fd}>"$fifo"
	echo 'BEGIN EXCLUSIVE;' >&"$fd"
	echo ".shell touch $mark" >&"$fd"
	for ((i = 0; i < 100; i++)); do [ -e "$mark" ] && break; sleep 0.1; done
	[ -e "$mark" ] || fail "the lock holder did not start"
	# Each statement waiting --timeout afresh made it 4 s and more.
	for args in "list-br" "get interface br0 type" "--dry-run add-br br1" "--offline add-br br1"; do
		start=$(date +%s%N)
		# shellcheck disable=SC2086 # args are words
		run --separate-stderr vp --timeout=2 $args
		end=$(date +%s%N)
		assert_equal "$status" 75
		assert_stderr "vportctl: timed out after 2 s waiting for the database lock on $DB (another vportctl is running)"
		[ $(((end - start) / 1000000)) -lt 3500 ] || fail "$args waited $(((end - start) / 1000000)) ms with --timeout=2"
	done
	echo 'ROLLBACK;' >&"$fd"
	exec {fd}>&-
	wait "$holder"
}

@test "a batch bigger than SQLite's page cache does not lock readers out before its commit" {
	# secure: 20 000 ports are too many to flood (85-flows.bats)
	off add-br br0 -- set bridge br0 fail_mode=secure
	local i fifo=$BATS_TEST_TMPDIR/out.fifo writer drain
	# 20 000 ports: 3.4 MB of pages, beyond SQLite's 2 MB page cache.
	for ((i = 1; i <= 20000; i++)); do echo "add-port br0 p$i type=internal"; done >"$BATS_TEST_TMPDIR/cmds"
	# Its output, 140 KB, goes into a pipe nobody reads: the writer stops in
	# the write just before its commit, every statement done.
	echo "list-ports br0" >>"$BATS_TEST_TMPDIR/cmds"
	mkfifo "$fifo"
	exec {keep}<>"$fifo"
	"$VPORTCTL" --offline --batch="$BATS_TEST_TMPDIR/cmds" >"$fifo" 3>&- &
	writer=$!
	for ((i = 0; i < 1200; i++)); do
		grep -q pipe_write "/proc/$writer/wchan" 2>/dev/null && break
		sleep 0.05
	done
	grep -q pipe_write "/proc/$writer/wchan" || fail "the batch did not reach its output"
	run --separate-stderr vp --timeout=1 list-br
	assert_success
	assert_output "br0"
	run --separate-stderr vp --timeout=1 list-ports br0
	assert_success
	assert_no_stdout
	cat "$fifo" >/dev/null {keep}<&- 3>&- &
	drain=$!
	wait "$writer"
	exec {keep}<&-
	wait "$drain"
	run bash -c '"$0" list-ports br0 | wc -l' "$VPORTCTL"
	assert_output 20000
}

# --- leaks and the build -------------------------------------------------------------

@test "usage-error and refused exits are LeakSanitizer-clean; make CFLAGS=... keeps the include paths" {
	local d=$BATS_TEST_TMPDIR/lsan args
	echo 'int main(void) { return 0; }' >"$BATS_TEST_TMPDIR/t.c"
	cc -fsanitize=leak -o "$BATS_TEST_TMPDIR/t" "$BATS_TEST_TMPDIR/t.c" 2>/dev/null ||
		skip "the compiler cannot link -fsanitize=leak (liblsan0)"
	# CFLAGS on the command line replaces the Makefile's: the build must still find netlink/.
	run make -s -C "$ROOT" BUILDDIR="$d" PROG="$d/vportctl" STATIC_LIBS=no \
		CFLAGS="-O1 -g -fsanitize=leak -fno-omit-frame-pointer" all
	assert_success
	[ -x "$d/vportctl" ]
	off add-br br0
	printf 'add-br a\nnosuch\n' >"$BATS_TEST_TMPDIR/bad"
	printf 'add-br a\0\n' >"$BATS_TEST_TMPDIR/nul"
	local -a cases=("" "--bogus" "--verbose=1" "nosuch" "add-br" "add-br a b" "--may-exist list-br"
		"--batch=" "--batch=/nonexistent" "--batch=$BATS_TEST_TMPDIR/bad" "--batch=$BATS_TEST_TMPDIR/nul"
		"--offline --dry-run add-br x" "--offline dp-show" "list-br -- nosuch"
		"--offline add-br b -- --bogus add-br c" "help nosuch" "dp-show -x"
		"--if-exists --if-exists del-br x" "--offline add-br br0" "--offline del-br nosuch"
		"--offline add-port br0 vx type=vxlan options:remote_ip=::" "list-ports nosuch")
	for args in "${cases[@]}"; do
		# shellcheck disable=SC2086 # args are words
		run --separate-stderr env LSAN_OPTIONS=exitcode=99 "$d/vportctl" $args
		[ "$status" != 99 ] && [[ $stderr != *LeakSanitizer* ]] || fail "leak in 'vportctl $args': $stderr"
		[ "$status" != 0 ] || fail "'vportctl $args' succeeded"
	done
}
