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
