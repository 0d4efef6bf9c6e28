# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034 # bats sets status/output/stderr/lines
# What the host suites (tests/bats/host) and the kernel-facing suites
# (tests/bats/vm) share: bats-support and bats-assert, the binary under test,
# a database of its own per test, and assertions on stderr.  Each side's
# helpers.bash loads this first and adds its own: `load helpers` from a suite.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

ROOT=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
VPORTCTL=${VPORTCTL:-$ROOT/vportctl}

# A missing binary is a failure, not a skip: a suite that silently skips
# cannot fail.  Every test gets a fresh database in $BATS_TEST_TMPDIR.
common_setup() {
	if [ ! -x "$VPORTCTL" ]; then
		echo "no executable $VPORTCTL: run make first" >&2
		return 1
	fi
	export VPORTCTL_DB=$BATS_TEST_TMPDIR/conf.db
	DB=$VPORTCTL_DB
	unset VPORTCTL_FORMAT
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

# Wait up to $2 seconds (default 10) for command "$1" (a string for eval) to
# succeed.
wait_for() {
	local i n=$((${2:-10} * 10))
	for ((i = 0; i < n; i++)); do
		eval "$1" && return 0
		sleep 0.1
	done
	echo "timed out waiting for: $1" >&2
	return 1
}
