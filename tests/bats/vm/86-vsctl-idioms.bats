#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034 # bats sets status/output/stderr/lines
# The ovs-vsctl provisioning idioms of issue 13 against the real kernel
# datapath: each run twice, the kernel's vports, vportctl's own flows and
# `check` looked at after each.

load helpers

# vportctl's own flows, one "BRIDGE IFACE ACTIONS" line each, sorted.
own_flows() {
	vp -f json dump-flows | jq -r '.[] | select(.own) | "\(.bridge) \(.iface) \(.actions)"' | sort
}

@test "--may-exist add-port GRE -- set interface, twice, then a new remote_ip: one gre_sys, check clean" {
	run_vportctl add-br br0 -- add-port br0 g type=internal
	local i
	for i in 1 2; do
		run_vportctl --may-exist add-port br0 gre0 -- set interface gre0 type=gre options:remote_ip=192.0.2.1
		assert_output ""
		run kernel_ports
		assert_output $'0 ovs-system\n1 br0\n2 g\n3 gre_sys'
		run_vportctl 0 check
	done
	run own_flows
	assert_line --partial "br0 gre0 1,2"
	run_vportctl --may-exist add-port br0 gre0 -- set interface gre0 type=gre options:remote_ip=192.0.2.7
	run_vportctl get interface gre0 options:remote_ip
	assert_output '"192.0.2.7"'
	run own_flows
	assert_output --partial "set(tunnel(dst=192.0.2.7,ttl=64,flags(df))),3"
	refute_output --partial "192.0.2.1,"
	run kernel_ports
	assert_output $'0 ovs-system\n1 br0\n2 g\n3 gre_sys'
	run_vportctl 0 check
}

@test "--may-exist add-port type=internal and a patch pair, twice: the same vports, one domain" {
	run_vportctl add-br br0 -- add-br br1
	local i
	for i in 1 2; do
		run_vportctl --may-exist add-port br0 int0 -- set interface int0 type=internal
		run_vportctl --may-exist add-port br1 int1 type=internal
		run_vportctl --may-exist add-port br0 p0 -- set interface p0 type=patch options:peer=p1
		run_vportctl --may-exist add-port br1 p1 -- set interface p1 type=patch options:peer=p0
		run kernel_ports
		assert_output $'0 ovs-system\n1 br0\n2 br1\n3 int0\n4 int1'
		run_vportctl 0 check
		run own_flows
		assert_line "br0 int0 1,2,4"
		assert_line "br1 int1 1,2,3"
	done
}

@test "a patch in two steps: unpaired in between (no domain, check clean), then paired" {
	run_vportctl add-br br0 -- add-br br1 -- add-port br0 a type=internal -- add-port br1 b type=internal
	run_vportctl add-port br0 p0 -- set interface p0 type=patch
	run_vportctl add-port br1 p1 type=patch options:peer=p0
	run_vportctl 0 check
	run own_flows
	assert_output $'br0 a 1\nbr0 br0 3\nbr1 b 2\nbr1 br1 4'
	run_vportctl show
	assert_output --partial "error: patch peer not set"
	local i
	for i in 1 2; do
		run_vportctl set interface p0 options:peer=p1
		run_vportctl 0 check
		run own_flows
		assert_line "br0 a 1,2,4"
		assert_line "br1 b 1,2,3"
	done
	run_vportctl show
	refute_output --partial "error:"
}

@test "set-fail-mode secure and del-fail-mode, each twice: no own flows, then the flood back" {
	run_vportctl add-br br0 -- add-port br0 a type=internal
	local i
	for i in 1 2; do
		run_vportctl set-fail-mode br0 secure
		run own_flows
		assert_output ""
		run_vportctl get-fail-mode br0
		assert_output "secure"
		run_vportctl 0 check
	done
	for i in 1 2; do
		run_vportctl del-fail-mode br0
		run own_flows
		assert_output $'br0 a 1\nbr0 br0 2'
		run_vportctl 0 check
	done
}
