#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# netlink/ on its own, against the loaded module: tests/nlsmoke walks every
# ovsnl_* and rtnl_* request (datapaths, each vport type, explicit and
# conflicting port numbers, errnos with their extack, multi-part dumps, a UDP
# port held by a Linux vxlan device) in a network namespace of its own.

load helpers

setup() {
	vm_setup
}

@test "netlink layer: every request and reply against $MODULE (tests/nlsmoke)" {
	local smoke=$ROOT/tests/nlsmoke/nlsmoke
	[ -x "$smoke" ] || fail "no $smoke: make builds it before the VM suites"
	run --separate-stderr timeout 300 unshare -n "$smoke" 3>&-
	echo "$output"
	assert_success
	assert_output --regexp '[1-9][0-9]* passed, 0 failed, 0 skipped'
}
