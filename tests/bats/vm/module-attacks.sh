#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2016 # the $ in expect's log line is literal
#
# Scenarios of 57-module-hardening.bats that run twice: as root in the
# test's network namespace, and as an unprivileged user in a namespace of
# their own (`unshare -Urn`: every vport write is GENL_UNS_ADMIN_PERM, so
# such a user reaches every write path there).  Each scenario starts in an
# empty netns, prints what it sends and gets, and exits non-zero at the
# first check that fails.
#
#   module-attacks.sh SCENARIO     (VPORTCTL_MODULE=vportdp|openvswitch)

set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$here/../../.." && pwd)
M=$ROOT/tests/malformed/ovs-malformed
MODULE=${VPORTCTL_MODULE:?VPORTCTL_MODULE must be vportdp or openvswitch}

fail() { echo "FAILED: $*" >&2; exit 1; }
req() { "$M" --req "$@"; }

# expect ERE CMD...: CMD's output (stdout and stderr) must match ERE.
expect() {
	local pat=$1 out
	shift
	out=$("$@" 2>&1)
	printf '$ %s\n%s\n' "$*" "$out"
	grep -Eq -- "$pat" <<<"$out" || fail "expected /$pat/"
}

# The ifindex of a device, from ip (sysfs may show another netns).
ifindex() { ip -o link show dev "$1" | cut -d: -f1; }
absent() { ! ip link show dev "$1" >/dev/null 2>&1 || fail "device $1 exists"; }

# The most per-CPU upcall PIDs a datapath echoes: nr_cpu_ids.
ncpus() {
	local p
	p=$(cat /sys/devices/system/cpu/possible)
	echo $((${p##*-} + 1))
}
min() { [ "$1" -lt "$2" ] && echo "$1" || echo "$2"; }

new_dp() {
	expect '^OK$' req dp new name="$1" upcall_pid=0 "${@:2}"
}

# 1. A tunnel device that cannot be linked to the datapath: 7 VLANs stacked
# on the local device reach the core's nesting limit (EMLINK).
s_emlink() {
	local idx i prev=dp0
	new_dp dp0
	idx=$(ifindex dp0)
	for i in 1 2 3 4 5 6 7; do
		ip link add link "$prev" name "q$i" type vlan id "$i" || fail "vlan q$i"
		prev=q$i
	done
	if [ "$MODULE" = vportdp ]; then
		expect '^EMLINK \[OVS_VPORT_ATTR_NAME: the datapath.s local device has too many levels of upper devices' \
			timeout 30 "$M" --req vport new ifindex="$idx" name=vx1 type=vxlan upcall_pid=0 dst_port=4789
		absent vx1
		expect '^EMLINK \[OVS_VPORT_ATTR_NAME' \
			timeout 30 "$M" --req vport new ifindex="$idx" name=gre_sys type=gre upcall_pid=0
		absent gre_sys
	else
		# openvswitch.ko refuses it too, but leaves the vxlan device
		# behind: its vxlan_create() does not delete the device when
		# ovs_netdev_link() fails.  vportdp deletes it.
		echo "# openvswitch.ko: the refused vxlan device is left behind (upstream leak)"
		expect '^EMLINK' timeout 30 "$M" --req vport new ifindex="$idx" name=vx1 type=vxlan upcall_pid=0 dst_port=4789
		ip link del vx1 || fail "openvswitch.ko did not leave vx1 (has upstream changed?)"
	fi
	# The next requests work: nothing hangs, nothing was left in the way.
	expect '^vport name=p1 port=1 ' timeout 30 "$M" --req vport new ifindex="$idx" name=p1 type=internal upcall_pid=0
	ip link del q7 || fail "del q7"
	expect '^vport name=vx1 port=2 ' timeout 30 "$M" --req vport new ifindex="$idx" name=vx1 type=vxlan upcall_pid=0 dst_port=4789
	expect '^vport name=gre_sys port=3 ' timeout 30 "$M" --req vport new ifindex="$idx" name=gre_sys type=gre upcall_pid=0
	expect '^OK$' timeout 30 "$M" --req dp del name=dp0
	absent vx1
}

# 3. Names the kernel would expand ("vx%d" -> "vx0").
s_percent() {
	local idx t
	new_dp dp0
	idx=$(ifindex dp0)
	if [ "$MODULE" != vportdp ]; then
		# openvswitch.ko creates vx0, then looks "vx%d" up, fails with
		# ENODEV and leaves vx0 behind, holding UDP port 4789.
		echo "# openvswitch.ko: expands the name and leaks the device (upstream)"
		expect '^E' req vport new ifindex="$idx" name='vx%d' type=vxlan upcall_pid=0 dst_port=4789
		return 0
	fi
	for t in "vxlan dst_port=4789" "geneve dst_port=6081" gre internal; do
		# shellcheck disable=SC2086 # $t is a type and its options
		expect "^EINVAL \[OVS_VPORT_ATTR_NAME: not a valid network device name \(a '%' would be expanded by the kernel\)\]$" \
			req vport new ifindex="$idx" name='t%d' upcall_pid=0 type=$t
	done
	absent t0
	absent t1
	expect "^EINVAL \[OVS_DP_ATTR_NAME: not a valid network device name \(a '%' would" req dp new name='dp%d' upcall_pid=0
	absent dp1
	# Nothing holds the collect-metadata gretap or the UDP ports.
	expect '^vport name=gre_sys port=1 ' req vport new ifindex="$idx" name=gre_sys type=gre upcall_pid=0
	expect '^vport name=vxlan_sys_4789 port=2 ' req vport new ifindex="$idx" name=vxlan_sys_4789 type=vxlan upcall_pid=0 dst_port=4789
	expect '^vport name=genev_sys_6081 port=3 ' req vport new ifindex="$idx" name=genev_sys_6081 type=geneve upcall_pid=0 dst_port=6081
	# A netdev vport of such a name is not found, as with openvswitch.ko.
	expect '^ENODEV' req vport new ifindex="$idx" name='e%d' type=netdev upcall_pid=0
}

# 5. Reply sizes at the boundaries: 12 to 15 character names, 15, 143 and
# 399 per-CPU PIDs (and more than there are CPUs).  SET, GET and DEL all
# answer; a datapath's echo has at most nr_cpu_ids PIDs.
s_sizes() {
	local name n want cpus idx
	cpus=$(ncpus)
	for name in dp_456789012 dp_4567890123 dp_45678901234 dp_456789012345; do
		for n in 15 143 399; do
			want=$(min "$n" "$cpus")
			new_dp "$name"
			expect "^dp name=$name .* pids=$want\$" req dp set name="$name" features=11 pids="$n"
			expect "^dp name=$name .* pids=$want\$" req dp get name="$name"
			expect '^OK$' req dp del name="$name"
		done
	done
	# Vports: the whole array is echoed with OVS_DP_F_VPORT_PIDS; it has at
	# most nr_cpu_ids entries.
	new_dp dp_456789012345 features=2
	idx=$(ifindex dp_456789012345)
	expect '^vport name=p2345678901234 ' req vport new ifindex="$idx" name=p2345678901234 type=internal upcall_pid=0
	for n in 1 "$cpus"; do
		expect "^vport name=p2345678901234 .* pids=$n\$" req vport set ifindex="$idx" name=p2345678901234 pids="$n"
		expect "^vport name=p2345678901234 .* pids=$n\$" req vport get ifindex="$idx" name=p2345678901234
	done
	expect '^OK$' req vport del ifindex="$idx" name=p2345678901234
	expect '^OK$' req dp del name=dp_456789012345
}

# 6. Upcall PID arrays are bounded by nr_cpu_ids (as openvswitch.ko's since
# its fix), and a dump shows every port, even read through 4 KiB reads.
s_pid_bounds() {
	local idx out cpus p
	cpus=$(ncpus)
	new_dp dp0 features=2
	idx=$(ifindex dp0)
	for p in p1 p2 p3; do
		expect "^vport name=$p " req vport new ifindex="$idx" name=$p type=internal upcall_pid=0
	done
	for n in $((cpus + 1)) 10000; do
		if [ "$MODULE" = vportdp ]; then
			expect '^EINVAL \[OVS_VPORT_ATTR_UPCALL_PID: at most one port ID per possible CPU \(nr_cpu_ids\)\]$' \
				req vport set ifindex="$idx" name=p2 pids="$n"
		else
			# The same refusal, without a message.
			expect '^EINVAL$' req vport set ifindex="$idx" name=p2 pids="$n"
		fi
	done
	expect '^EINVAL' req vport new ifindex="$idx" name=p4 type=internal pids=$((cpus + 1))
	absent p4
	expect "^vport name=p2 .* pids=$cpus\$" req vport set ifindex="$idx" name=p2 pids="$cpus"
	out=$(req vport dump ifindex="$idx" rcvbuf=4096)
	echo "$out"
	[ "$(grep -c '^vport name=' <<<"$out")" = 4 ] || fail "the dump does not list 4 ports"
	grep -q '^vport name=p3 ' <<<"$out" || fail "p3 missing from the dump"
	grep -q "^vport name=p2 .* pids=$cpus\$" <<<"$out" || fail "p2 missing from the dump"
	[ "$(tail -n 1 <<<"$out")" = OK ] || fail "the dump did not end with OK"
	# A datapath keeps (and echoes) at most nr_cpu_ids per-CPU PIDs.
	expect "^dp name=dp0 .* pids=$cpus\$" req dp set name=dp0 features=10 pids=5000
}

# 8. A refused SET changes nothing.
s_set_atomic() {
	local before after
	new_dp dp0 features=3
	before=$(req dp get name=dp0 | head -n 1)
	echo "$before"
	grep -q 'features=3 masks=256 ' <<<"$before" || fail "unexpected start state"
	expect '^EINVAL' req dp set name=dp0 features=11 masks=64 pid_bytes=3
	after=$(req dp get name=dp0 | head -n 1)
	echo "$after"
	if [ "$MODULE" = vportdp ]; then
		[ "$after" = "$before" ] || fail "a refused SET changed the datapath"
	else
		# openvswitch.ko stores the mask cache size and the features
		# before it looks at the PIDs (Linux 6.1's ovs_dp_change()).
		echo "# openvswitch.ko: the refused SET changed masks and features (upstream)"
		grep -q 'features=11 masks=64 ' <<<"$after" || fail "openvswitch.ko did not change them (has upstream changed?)"
	fi
}

# 9. dst_port 0.
s_dst_port_0() {
	local idx
	new_dp dp0
	idx=$(ifindex dp0)
	if [ "$MODULE" = vportdp ]; then
		expect '^EINVAL \[OVS_TUNNEL_ATTR_DST_PORT: must be a UDP port from 1 to 65535\]$' \
			req vport new ifindex="$idx" name=vx0 type=vxlan upcall_pid=0 dst_port=0
		expect '^EINVAL \[OVS_TUNNEL_ATTR_DST_PORT: must be a UDP port from 1 to 65535\]$' \
			req vport new ifindex="$idx" name=gnv0 type=geneve upcall_pid=0 dst_port=0
		absent vx0
		absent gnv0
	else
		# openvswitch.ko takes it; the drivers then bind a port of
		# their own (vxlan 4789, geneve an ephemeral one).
		echo "# openvswitch.ko: dst_port 0 is accepted (upstream)"
		expect '^vport name=vx0 ' req vport new ifindex="$idx" name=vx0 type=vxlan upcall_pid=0 dst_port=0
	fi
}

[ $# = 1 ] && declare -F "s_$1" >/dev/null || fail "usage: module-attacks.sh SCENARIO"
ip link set lo up
"s_$1"
echo "scenario $1: passed"
