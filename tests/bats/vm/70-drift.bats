#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Drift and recovery: the kernel changes behind vportctl's back; check finds
# it, reconcile mends it with the same port numbers, --prune removes strays.

load helpers

MALFORMED=$ROOT/tests/malformed/ovs-malformed

setup() {
	vm_setup
	nsip link add v0 type veth peer name v1
	vp add-br br0 -- add-port br0 p1 type=internal mtu_request=1400 -- add-port br0 v0 \
		-- add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 \
		-- add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.3 \
		-- add-port br0 gn1 type=geneve options:remote_ip=10.0.0.4 \
		-- add-port br0 pa type=patch options:peer=pb \
		-- add-port br0 p2 type=internal dp_port_request=20
	PORTS=$(kernel_ports)
}

# reconcile twice: the first restores, the second finds nothing to do.
reconcile_and_verify() {
	run_vportctl reconcile "$@"
	assert_equal "$(kernel_ports)" "$PORTS"
	run_vportctl check
	local after
	after=$(state)
	run_vportctl reconcile "$@"
	refute_output --regexp 'creat|delet|recreat|set '
	assert_equal "$(state)" "$after"
}

@test "a vport deleted with ovs-dpctl del-if: check reports it, reconcile restores its number" {
	run_vportctl check
	dpctl del-if ovs-system p1
	run_vportctl 1 check
	assert_output --partial p1
	run_vportctl show
	assert_output --partial 'missing in kernel'
	reconcile_and_verify
	run link_details p1
	assert_output --partial 'mtu 1400 '
}

@test "a tunnel backer deleted behind our back is restored with its number" {
	# (ovs-dpctl del-if cannot delete a tunnel vport: it fails with ENODEV.)
	nsip link del vxlan_sys_4789
	wait_for '! kernel_ports | grep -q vxlan_sys_4789' 10
	run_vportctl 1 check
	assert_output --partial vxlan_sys_4789
	run_vportctl 1 -f json check
	run jq -e '.differences | length > 0' <<<"$output"
	reconcile_and_verify
	run link_details vxlan_sys_4789
	assert_output --partial 'dstport 4789'
}

@test "a backer re-made on another UDP port: check names the port, reconcile restores it" {
	local no
	no=$(kernel_ports | awk '$2 == "vxlan_sys_4789" { print $1 }')
	nsip link del vxlan_sys_4789
	wait_for '! kernel_ports | grep -q vxlan_sys_4789' 10
	nsx "$MALFORMED" --req vport new ifindex="$(nsx cat /sys/class/net/ovs-system/ifindex)" \
		name=vxlan_sys_4789 type=vxlan upcall_pid=0 port="$no" dst_port=4790
	run_vportctl 1 check
	assert_output --partial 'vxlan_sys_4789: options differ in kernel: dst_port 4790, expected 4789'
	reconcile_and_verify
	run link_details vxlan_sys_4789
	assert_output --partial 'dstport 4789'
}

@test "a released system port is attached again" {
	dpctl del-if ovs-system v0
	run_vportctl 1 check
	assert_output --partial v0
	reconcile_and_verify
	run link_details v0
	assert_output --partial 'master ovs-system'
}

@test "the whole datapath deleted: reconcile rebuilds it with the same numbers" {
	dpctl del-dp ovs-system
	run_vportctl 1 check
	reconcile_and_verify
}

@test "a stray vport stays with reconcile and goes with reconcile --prune" {
	nsip link add d0 type dummy
	dpctl add-if ovs-system d0
	run_vportctl 1 check
	assert_output --partial d0
	run_vportctl -f json show
	run jq -r '.strays[].name' <<<"$output"
	assert_output d0
	run_vportctl reconcile
	run kernel_ports
	assert_line --regexp '^[0-9]+ d0$'
	run_vportctl 1 check
	run_vportctl reconcile --prune
	assert_equal "$(kernel_ports)" "$PORTS"
	run_vportctl check
	# The device itself is released, not deleted.
	run link_details d0
	refute_output --partial master
}

# Unload the module variant this guest runs with, and load it again.  The
# datapath goes first: openvswitch.ko is pinned by its vports (and by its
# tunnel vport modules while a tunnel vport exists); vportdp would destroy
# it on unload, but the test is the same for both.  Other tests' namespaces
# may still be going away: retry.
reload_module() {
	dpctl del-dp ovs-system
	case $MODULE in
	openvswitch)
		wait_for 'rmmod_all vport_vxlan vport_geneve vport_gre openvswitch' 30
		# vportctl's family lookup would load openvswitch.ko again (genl
		# autoload): block that while we look at the unloaded state.
		echo 'install openvswitch /bin/false' >/etc/modprobe.d/vportctl-test-block.conf
		run_vportctl '?' check
		rm -f /etc/modprobe.d/vportctl-test-block.conf
		assert_equal "$status" 69
		assert_stderr --regexp 'vportdp|openvswitch'
		modprobe openvswitch
		;;
	vportdp)
		wait_for 'rmmod_all vportdp' 30
		run_vportctl 69 check
		assert_stderr --regexp 'vportdp|openvswitch'
		insmod "$ROOT/kmod/vportdp.ko"
		;;
	*) fail "unknown module variant $MODULE" ;;
	esac
}

rmmod_all() {
	local m
	for m in "$@"; do
		grep -q "^$m " /proc/modules || continue
		rmmod "$m" 2>/dev/null || return 1
	done
}

@test "module unloaded and loaded again: check exits 69, then 1; reconcile restores the numbers" {
	reload_module
	run_vportctl 1 check
	reconcile_and_verify
	run link_details p1
	assert_output --partial 'mtu 1400 '
	run link_details v0
	assert_output --partial 'master ovs-system'
}

@test "vportctl killed with -9 in the middle of a large --batch: reconcile --prune mends it" {
	local i pid
	for ((i = 0; i < 1000; i++)); do
		echo "add-port br0 k$i type=internal"
	done >"$BATS_TEST_TMPDIR/batch"
	ip netns exec "$NS" "$VPORTCTL" --batch="$BATS_TEST_TMPDIR/batch" 3>&- &
	pid=$!
	wait_for '[ "$(nsip -o link show | grep -c ": k[0-9]")" -ge 10 ]' 60
	kill -9 "$pid"
	run wait "$pid"
	assert_equal "$status" 137
	# The database never saw the batch; the kernel has the ports made so far.
	run_vportctl list-ports br0
	assert_output $'gn1\np1\np2\npa\nv0\nvx1\nvx2'
	run_vportctl 1 check
	assert_output --partial k0
	run_vportctl reconcile
	run_vportctl 1 check
	reconcile_and_verify --prune
	run nsip -o link show
	refute_output --regexp ': k[0-9]+'
}
