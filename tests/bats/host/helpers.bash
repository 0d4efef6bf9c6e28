# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034 # bats sets status/output/stderr/lines
# Shared set-up for the host suites: no kernel datapath here, so the tests use
# --offline, --dry-run and a database of their own (VPORTCTL_DB) per test.
#
# Load with `load helpers` from a tests/bats/host/*.bats file.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

ROOT=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
VPORTCTL=${VPORTCTL:-$ROOT/vportctl}

# Every suite's setup() calls this first.  A missing binary is a failure, not
# a skip: a suite that silently skips cannot fail.
common_setup() {
	if [ ! -x "$VPORTCTL" ]; then
		echo "no executable $VPORTCTL: run make first" >&2
		return 1
	fi
	export VPORTCTL_DB=$BATS_TEST_TMPDIR/conf.db
	DB=$VPORTCTL_DB
	unset VPORTCTL_FORMAT
}

# vportctl as is (use with `run --separate-stderr vp ...`).
vp() {
	"$VPORTCTL" "$@"
}

# vportctl --offline, for building a configuration in setup: it must succeed,
# so a broken fixture fails the test instead of testing the wrong thing.
off() {
	"$VPORTCTL" --offline "$@" || {
		echo "fixture failed (exit $?): vportctl --offline $*" >&2
		return 1
	}
}

# The whole configuration as JSON (kernel state is unknown on this host, and
# the "datapath not available" note on stderr is dropped).
snapshot() {
	"$VPORTCTL" -f json show 2>/dev/null
}

# The backers, one line each: "NAME USER,USER...", sorted.
backers() {
	snapshot | jq -r '.backers[] | "\(.name) \(.users | sort | join(","))"' | sort
}

# assert_output / assert_line / refute_output / refute_line on $stderr instead
# of $output (this bats-assert has no assert_stderr).  After
# `run --separate-stderr`.
assert_stderr() {
	local output=$stderr
	local -a lines=("${stderr_lines[@]}")
	assert_output "$@"
}

assert_stderr_line() {
	local output=$stderr
	local -a lines=("${stderr_lines[@]}")
	assert_line "$@"
}

refute_stderr() {
	local output=$stderr
	local -a lines=("${stderr_lines[@]}")
	refute_output "$@"
}

# No output on stdout.
assert_no_stdout() {
	assert_equal "$output" ""
}

# `run --separate-stderr` COMMAND and expect exit STATUS and exactly one
# stderr line MESSAGE (with the "vportctl: " prefix added), nothing on stdout.
# Usage: expect_error STATUS MESSAGE vportctl-args...
expect_error() {
	local status_want=$1 msg=$2
	shift 2
	run --separate-stderr "$VPORTCTL" "$@"
	assert_equal "$status" "$status_want"
	assert_no_stdout
	assert_stderr "vportctl: $msg"
}

# Same, but the message is matched as a substring (for messages that carry a
# system error text or a path).
expect_error_partial() {
	local status_want=$1 msg=$2
	shift 2
	run --separate-stderr "$VPORTCTL" "$@"
	assert_equal "$status" "$status_want"
	assert_no_stdout
	assert_stderr --partial "$msg"
	assert_stderr --regexp '^vportctl: '
}

# The configuration must not have changed since `before=$(snapshot)`.
assert_unchanged() {
	assert_equal "$(snapshot)" "$before"
}
