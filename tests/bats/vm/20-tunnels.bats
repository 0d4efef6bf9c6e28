#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Tunnel backers and ghost ports against the real kernel datapath.

load helpers

@test "vxlan interfaces share one collect-metadata backer on UDP 4789, up" {
	run_vportctl add-br br0 \
		-- add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 options:key=100 \
		-- add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.3 \
		-- add-port br0 vx3 type=vxlan options:remote_ip=10.0.0.4 options:key=flow
	run link_details vxlan_sys_4789
	assert_output --partial 'vxlan external'
	assert_output --partial 'dstport 4789'
	assert_output --partial 'master ovs-system'
	assert_output --regexp '<[^>]*\bUP\b'
	run kernel_ports
	assert_output $'0 ovs-system\n1 br0\n2 vxlan_sys_4789'
	# Ghost ports: no net device of their own.
	run link_exists vx1
	assert_failure
	for i in vx1 vx2 vx3; do
		run_vportctl get interface "$i" backer dp_port
		assert_output $'vxlan_sys_4789\n2'
	done
}

@test "deleting one tunnel interface keeps the backer for the others" {
	run_vportctl add-br br0 \
		-- add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 \
		-- add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.3
	run_vportctl del-port vx1
	link_exists vxlan_sys_4789
	run kernel_ports
	assert_line '2 vxlan_sys_4789'
	run_vportctl del-port vx2
	run link_exists vxlan_sys_4789
	assert_failure
	run kernel_ports
	assert_output $'0 ovs-system\n1 br0'
}

@test "another dst_port is another backer" {
	run_vportctl add-br br0 \
		-- add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 \
		-- add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.2 options:dst_port=4790
	run link_details vxlan_sys_4790
	assert_output --partial 'dstport 4790'
	link_exists vxlan_sys_4789
	run_vportctl get interface vx2 backer
	assert_output vxlan_sys_4790
}

@test "geneve and gre backers" {
	run_vportctl add-br br0 \
		-- add-port br0 gn1 type=geneve options:remote_ip=10.0.0.2 \
		-- add-port br0 gn2 type=geneve options:remote_ip=10.0.0.3 options:dst_port=6082 \
		-- add-port br0 gr1 type=gre options:remote_ip=10.0.0.4 \
		-- add-port br0 gr2 type=gre options:remote_ip=10.0.0.5
	run link_details genev_sys_6081
	assert_output --partial 'geneve external'
	assert_output --partial 'dstport 6081'
	assert_output --partial 'master ovs-system'
	run link_details genev_sys_6082
	assert_output --partial 'dstport 6082'
	run link_details gre_sys
	assert_output --partial 'gretap'
	assert_output --partial 'external'
	assert_output --partial 'master ovs-system'
	run kernel_ports
	assert_equal "$(grep -c . <<<"$output")" 5
	run_vportctl del-port gr1
	link_exists gre_sys
	run_vportctl del-port gr2 -- del-port gn2
	run link_exists gre_sys
	assert_failure
	run link_exists genev_sys_6082
	assert_failure
	link_exists genev_sys_6081
}

@test "vxlan with exts=gbp gets a GBP backer" {
	run_vportctl add-br br0 -- add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 options:exts=gbp
	run link_details vxlan_sys_4789
	assert_output --partial ' gbp'
	run_vportctl -f json dp-show
	run jq -r '.datapaths[0].ports[] | select(.name == "vxlan_sys_4789") | .gbp' <<<"$output"
	assert_output true
}

@test "set options:dst_port moves the interface to another backer, in the same command" {
	run_vportctl add-br br0 \
		-- add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 \
		-- add-port br0 vx2 type=vxlan options:remote_ip=10.0.0.3
	run_vportctl set interface vx1 options:dst_port=4800
	link_exists vxlan_sys_4800
	link_exists vxlan_sys_4789
	run_vportctl set interface vx2 options:dst_port=4800
	run link_exists vxlan_sys_4789
	assert_failure
	run kernel_ports
	assert_output --regexp '[0-9]+ vxlan_sys_4800'
	refute_output --partial vxlan_sys_4789
}

@test "a type change swaps backers" {
	run_vportctl add-br br0 -- add-port br0 t1 type=vxlan options:remote_ip=10.0.0.2
	run_vportctl set interface t1 type=geneve
	link_exists genev_sys_6081
	run link_exists vxlan_sys_4789
	assert_failure
	run_vportctl get interface t1 backer
	assert_output genev_sys_6081
}

@test "del-br deletes the backers of its tunnels, not those another bridge uses" {
	run_vportctl add-br br0 -- add-br br1 \
		-- add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 \
		-- add-port br0 gn1 type=geneve options:remote_ip=10.0.0.2 \
		-- add-port br1 vx2 type=vxlan options:remote_ip=10.0.0.3
	run_vportctl del-br br0
	run link_exists genev_sys_6081
	assert_failure
	link_exists vxlan_sys_4789
	run_vportctl del-br br1
	run link_exists vxlan_sys_4789
	assert_failure
	run dp_exists
	assert_failure
}

@test "patch ports create nothing in the kernel" {
	run_vportctl add-br br0 -- add-br br1
	run kernel_ports
	local before=$output links
	links=$(nsip -o link show | wc -l)
	run_vportctl add-port br0 pa type=patch options:peer=pb -- add-port br1 pb type=patch options:peer=pa
	run kernel_ports
	assert_output "$before"
	assert_equal "$(nsip -o link show | wc -l)" "$links"
	run_vportctl show
	refute_output --partial 'error:'
	run_vportctl del-port pa
	run_vportctl show
	assert_output --partial 'patch peer not found'
}
