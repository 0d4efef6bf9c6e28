# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034 # bats sets status/output/stderr/lines
# The host suites: no kernel datapath here, so the tests use --offline,
# --dry-run and a database of their own (VPORTCTL_DB, common_setup) per test.
#
# Load with `load helpers` from a tests/bats/host/*.bats file.

load ../common

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

# Run vportctl as an unprivileged user (nobody) when we are root; as is
# otherwise (then we are unprivileged already).
as_nobody() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$VPORTCTL" "$@"
	else
		"$VPORTCTL" "$@"
	fi
}

# A directory other users can enter (BATS_TEST_TMPDIR's parents are 0700), in
# $SHARED_DIR; the suite's teardown removes it.
shared_dir() {
	SHARED_DIR=$(mktemp -d "${TMPDIR:-/tmp}/vportctl-hosttest.XXXXXX")
	chmod 755 "$SHARED_DIR"
}
