#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154 # bats sets status/output/lines
#
# Open vSwitch's own ovs-dpctl (Debian's openvswitch-switch, OVS 3.1) as an
# independent client of the datapath: add-dp, add-if (internal, system,
# vxlan), show, del-if, del-dp, dump-dps, its error messages, and that it
# sees what vportctl made.
#
# Needs VPORTCTL_MODULE=vportdp or openvswitch; the expected output is the
# same for both (ovs-dpctl cannot tell them apart), except where noted.

load helpers

setup_file() {
	case ${VPORTCTL_MODULE:-} in
	vportdp | openvswitch) ;;
	*) echo "60-dpctl.bats needs VPORTCTL_MODULE=vportdp|openvswitch" >&2; return 1 ;;
	esac
}

# ovs-dpctl logs "The kernel module does not support meters." (both
# modules) and the dispatch mode at INFO level on stderr; drop those.
dpctl_run() {
	run --separate-stderr ip netns exec "$NS" ovs-dpctl "$@"
	stderr=$(grep -v -E '\|dpif_netlink\|INFO\|' <<<"$stderr" || true)
	echo "$output"
	[ -z "$stderr" ] || echo "[stderr] $stderr"
}

@test "dpctl: add-dp, show, dump-dps, del-dp" {
	dpctl_run add-dp dp0
	assert_success
	dpctl_run show dp0
	assert_success
	assert_line --index 0 'system@dp0:'
	assert_output --regexp 'lookups: hit:0 missed:0 lost:0'
	assert_output --regexp 'flows: 0'
	assert_output --regexp 'port 0: dp0 \(internal\)'
	link_exists dp0
	dpctl_run dump-dps
	assert_output 'system@dp0'
	dpctl_run del-dp dp0
	assert_success
	! link_exists dp0
	dpctl_run dump-dps
	assert_output ''
}

@test "dpctl: add-if internal, system and vxlan; show; del-if" {
	nsip link add va type veth peer name vb
	dpctl_run add-dp dp0
	dpctl_run add-if dp0 p1,type=internal va vx0,type=vxlan,remote_ip=192.0.2.1
	assert_success
	assert_stderr ''
	dpctl_run show dp0
	assert_output --regexp 'port 1: p1 \(internal\)'
	assert_line --regexp '^ *port 2: va$'
	# OVS 3.1 makes the vxlan device over rtnetlink, then adds it as a
	# netdev vport named after the UDP port.
	assert_output --regexp 'port 3: vxlan_sys_4789 \(vxlan'
	# ovs-dpctl brings the new devices up.
	link_details p1 | grep -q 'state UNKNOWN\|,UP'
	link_details va | grep -q 'master dp0'
	link_details va | grep -q 'openvswitch_slave'
	link_details vxlan_sys_4789 | grep -q 'vxlan external'
	link_details vxlan_sys_4789 | grep -q 'dstport 4789'
	link_details dp0 | grep -q 'openvswitch'

	dpctl_run del-if dp0 p1 va
	assert_success
	dpctl_run show dp0
	refute_output --partial 'p1'
	refute_output --regexp 'port 2: va'
	! link_exists p1
	# A system device is released, not deleted.
	link_exists va
	run link_details va
	refute_output --partial 'master'
	dpctl_run del-if dp0 vxlan_sys_4789
	assert_success
	dpctl_run del-dp dp0
	assert_success
}

@test "dpctl: explicit port numbers, and a port number in use" {
	dpctl_run add-dp dp0
	dpctl_run add-if dp0 p7,type=internal,port_no=7
	assert_success
	dpctl_run show dp0
	assert_output --regexp 'port 7: p7 \(internal\)'
	dpctl_run add-if dp0 p8,type=internal,port_no=7
	assert_failure
	assert_stderr --partial 'adding p8 to dp0 failed (Device or resource busy)'
	# First free number from 1 when none is asked for.
	dpctl_run add-if dp0 p9,type=internal
	dpctl_run show dp0
	assert_output --regexp 'port 1: p9 \(internal\)'
}

@test "dpctl: error for a missing device" {
	dpctl_run add-dp dp0
	dpctl_run add-if dp0 nosuchdev
	assert_failure
	assert_stderr --partial 'ovs-dpctl: nosuchdev: failed to open network device (No such device)'
}

@test "dpctl: error for a device already in use" {
	nsip link add va type veth peer name vb
	dpctl_run add-dp dp0
	dpctl_run add-dp dp1
	dpctl_run add-if dp0 va
	assert_success
	# Already a port of another datapath: it has a master.
	dpctl_run add-if dp1 va
	assert_failure
	assert_stderr --partial 'adding va to dp1 failed (Device or resource busy)'
	# A Linux bridge port (it has a master and an rx handler).
	nsip link add br9 type bridge
	nsip link add vc type veth peer name vd
	nsip link set vc master br9
	dpctl_run add-if dp0 vc
	assert_failure
	assert_stderr --partial 'adding vc to dp0 failed (Device or resource busy)'
}

@test "dpctl: errors for a missing datapath and for deleting the local port" {
	dpctl_run show nodp
	assert_failure
	assert_stderr --partial 'ovs-dpctl: opening datapath nodp failed (No such device)'
	dpctl_run del-dp nodp
	assert_failure
	assert_stderr --partial 'ovs-dpctl: opening datapath (No such device)'
	dpctl_run add-dp dp0
	dpctl_run add-dp dp0
	assert_failure
	assert_stderr --partial 'ovs-dpctl: add_dp (File exists)'
	dpctl_run del-if dp0 0
	assert_failure
	assert_stderr --partial 'deleting port 0 from dp0 failed (Invalid argument)'
}

@test "dpctl: the flow table is empty" {
	dpctl_run add-dp dp0
	dpctl_run dump-flows dp0
	assert_success
	assert_output ''
	dpctl_run del-flows dp0
	assert_success
}

@test "dpctl: show lists what vportctl created" {
	nsip link add va type veth peer name vb
	run_vportctl add-br br0
	run_vportctl add-port br0 p1 type=internal
	run_vportctl add-port br0 va
	dpctl_run show ovs-system
	assert_success
	assert_output --regexp 'port 0: ovs-system \(internal\)'
	assert_output --regexp 'port [0-9]+: br0 \(internal\)'
	assert_output --regexp 'port [0-9]+: p1 \(internal\)'
	assert_line --regexp '^ *port [0-9]+: va$'
	# And ovs-dpctl's changes are visible to vportctl's kernel view.
	dpctl_run del-if ovs-system p1
	assert_success
	run vp_dp_ports
	refute_output --partial ' p1 '
}
