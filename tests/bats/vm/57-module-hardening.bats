#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154 # bats sets status/output/lines
#
# The kernel module attacked as a local user would: a hang on a failed
# tunnel link, a datapath reached from another network namespace, leaked
# tunnel devices, readers racing deletions, reply sizes, unbounded arrays,
# half-applied requests.  Raw requests come from tests/malformed/ovs-malformed
# --req.  The attacks that an unprivileged user can make in a namespace of
# their own (`unshare -Urn`) run both as root and as that user
# (module-attacks.sh holds them).
#
# Needs VPORTCTL_MODULE=vportdp or openvswitch; where openvswitch.ko has the
# defect too (it is upstream's), the test says so and checks that it does.

load helpers

MALFORMED=$ROOT/tests/malformed/ovs-malformed
ATTACKS=$BATS_TEST_DIRNAME/module-attacks.sh

setup_file() {
	case ${VPORTCTL_MODULE:-} in
	vportdp | openvswitch) ;;
	*) echo "57-module-hardening.bats needs VPORTCTL_MODULE=vportdp|openvswitch" >&2; return 1 ;;
	esac
	make -s -C "$ROOT/tests/malformed" >&2
	# Unprivileged users cannot load modules: load what the scenarios use.
	modprobe -a 8021q vxlan geneve ip_gre
}

req() { nsx "$MALFORMED" --req "$@"; }

# A scenario as root in the test's namespace.
as_root() { run timeout -k 5 120 ip netns exec "$NS" bash "$ATTACKS" "$1" 3>&-; }

# The same as nobody, in a user and network namespace of nobody's own.
as_user() {
	run timeout -k 5 120 setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all unshare -Urn bash "$ATTACKS" "$1" 3>&-
}

dirty_dmesg() {
	dmesg | grep -E 'WARNING|BUG|Oops|general protection|refcount_t|KASAN|Call Trace|list_(add|del) corruption|waiting for .* to become free' || true
}

# Item 1 of issue 9: self-deadlock on a failed tunnel link.
@test "hardening: a tunnel port that cannot be linked (EMLINK) is refused, leaves nothing, hangs nothing (root)" {
	dmesg -C
	as_root emlink
	echo "$output"
	assert_success
	[ -z "$(dirty_dmesg)" ]
}

@test "hardening: a tunnel port that cannot be linked (EMLINK) is refused, leaves nothing, hangs nothing (unshare -Urn)" {
	dmesg -C
	as_user emlink
	echo "$output"
	assert_success
	[ -z "$(dirty_dmesg)" ]
}

# Item 2: a datapath reachable from another network namespace.
@test "hardening: an internal port moved to another namespace does not reach its datapath from there" {
	local idx
	dpctl add-dp dp0
	dpctl add-if dp0 p1,type=internal
	ip netns add "$NS-c"
	nsip link set p1 netns "$NS-c"
	idx=$(ip -n "$NS-c" -o link show dev p1 | cut -d: -f1)
	run ip netns exec "$NS-c" "$MALFORMED" --req dp get ifindex="$idx"
	echo "$output"
	if [ "$MODULE" != vportdp ]; then
		# Upstream has the hole: openvswitch.ko's get_dp() takes any
		# internal device of the requester's netns.  Only looked at.
		echo "# openvswitch.ko: the datapath of $NS is reachable from $NS-c (upstream hole)" >&3
		assert_success
		assert_output --partial 'dp name=dp0 '
		ip netns del "$NS-c"
		return 0
	fi
	assert_failure
	assert_output --partial 'ENODEV [dp_ifindex: no datapath has an internal port with this ifindex]'
	local r
	for r in "vport new ifindex=$idx name=evil type=internal upcall_pid=0" \
		"vport new ifindex=$idx name=lo type=netdev upcall_pid=0" \
		"vport new ifindex=$idx name=vxe type=vxlan upcall_pid=0 dst_port=4789" \
		"vport get ifindex=$idx port=0" "vport del ifindex=$idx port=1" \
		"vport set ifindex=$idx port=1 upcall_pid=7" "vport dump ifindex=$idx" \
		"dp set ifindex=$idx features=0" "dp del ifindex=$idx"; do
		# shellcheck disable=SC2086 # $r is the request's words
		run ip netns exec "$NS-c" "$MALFORMED" --req $r
		echo "$r: $output"
		assert_failure
		assert_output --regexp '^ENODEV'
	done
	# By name, the datapath of another netns is not found either.
	run ip netns exec "$NS-c" "$MALFORMED" --req dp get name=dp0
	assert_output --regexp '^ENODEV'
	# Nothing happened to the datapath; nothing was created anywhere.
	dpctl show dp0 | grep -q 'port 1: p1 (internal)'
	run dpctl show dp0
	refute_output --regexp 'port [2-9]'
	! nsip link show evil 2>/dev/null
	! nsip link show vxe 2>/dev/null
	ip netns del "$NS-c"
}

@test "hardening: an internal port handed to an unprivileged user's namespace does not reach its datapath" {
	local pid idx
	dpctl add-dp dp0
	dpctl add-if dp0 p1,type=internal
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		unshare -Urn sleep 60 3>&- &
	pid=$!
	wait_for "[ \"\$(readlink /proc/$pid/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]" 10
	nsip link set p1 netns "$pid"
	idx=$(nsenter -t "$pid" -n ip -o link show dev p1 | cut -d: -f1)
	user() {
		setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
			nsenter --preserve-credentials -U -n -t "$pid" "$MALFORMED" --req "$@"
	}
	run user dp get ifindex="$idx"
	echo "$output"
	if [ "$MODULE" != vportdp ]; then
		echo "# openvswitch.ko: the datapath is reachable from the user's namespace (upstream hole)" >&3
		assert_success
		kill "$pid"
		return 0
	fi
	assert_output --regexp '^ENODEV'
	run user vport new ifindex="$idx" name=evil type=internal upcall_pid=0
	assert_output --regexp '^ENODEV'
	run user dp del ifindex="$idx"
	assert_output --regexp '^ENODEV'
	dpctl show dp0 | grep -q 'port 1: p1 (internal)'
	! nsip link show evil 2>/dev/null
	kill "$pid"
}

# Item 3: tunnel devices left behind.
@test "hardening: names the kernel would expand are refused and leave no device (root)" {
	as_root percent
	echo "$output"
	assert_success
}

@test "hardening: names the kernel would expand are refused and leave no device (unshare -Urn)" {
	as_user percent
	echo "$output"
	assert_success
}

# Item 4: readers racing the deletion of a tunnel device.
@test "hardening: deleting and re-creating vxlan_sys_4789 against parallel dumps and GETs, 20 s, clean log" {
	local idx end d1 d2 g n=0
	dpctl add-dp dp0
	idx=$(nsx cat /sys/class/net/dp0/ifindex)
	req vport new ifindex="$idx" name=vxlan_sys_4789 type=vxlan upcall_pid=0 dst_port=4789
	dmesg -C
	nsx "$MALFORMED" --repeat=20 --req vport dump ifindex="$idx" >"$BATS_TEST_TMPDIR/d1" 3>&- &
	d1=$!
	nsx "$MALFORMED" --repeat=20 --req vport dump ifindex="$idx" >"$BATS_TEST_TMPDIR/d2" 3>&- &
	d2=$!
	nsx "$MALFORMED" --repeat=20 --req vport get ifindex="$idx" name=vxlan_sys_4789 >"$BATS_TEST_TMPDIR/g" 3>&- &
	g=$!
	end=$((SECONDS + 20))
	while [ $SECONDS -lt $end ]; do
		nsip link del vxlan_sys_4789
		wait_for "! nsx '$MALFORMED' --req vport get ifindex=$idx name=vxlan_sys_4789 >/dev/null" 10
		req vport new ifindex="$idx" name=vxlan_sys_4789 type=vxlan upcall_pid=0 dst_port=4789 >/dev/null
		n=$((n + 1))
	done
	wait "$d1" "$d2" "$g"
	echo "$n deletions"
	cat "$BATS_TEST_TMPDIR/d1" "$BATS_TEST_TMPDIR/d2" "$BATS_TEST_TMPDIR/g"
	[ "$n" -ge 3 ]
	grep -q ' 0 bad entries' "$BATS_TEST_TMPDIR/d1"
	grep -q ' 0 bad entries' "$BATS_TEST_TMPDIR/d2"
	grep -q ' 0 bad entries' "$BATS_TEST_TMPDIR/g"
	[ -z "$(dirty_dmesg)" ]
	# Still whole: the port answers, and it goes with the datapath.
	req vport get ifindex="$idx" name=vxlan_sys_4789
	dpctl del-dp dp0
	! nsip link show vxlan_sys_4789 2>/dev/null
}

# Item 5: reply sizes missing the genetlink header.
@test "hardening: replies at the boundary sizes (names of 12-15 characters, 15/143/399 PIDs) (root)" {
	as_root sizes
	echo "$output" | tail -n 20
	assert_success
}

@test "hardening: replies at the boundary sizes (names of 12-15 characters, 15/143/399 PIDs) (unshare -Urn)" {
	as_user sizes
	echo "$output" | tail -n 20
	assert_success
}

# Item 6: unbounded upcall-PID arrays, dumps ended early.
@test "hardening: upcall PID arrays are bounded by nr_cpu_ids and every port is dumped through 4 KiB reads (root)" {
	as_root pid_bounds
	echo "$output"
	assert_success
}

@test "hardening: upcall PID arrays are bounded by nr_cpu_ids and every port is dumped through 4 KiB reads (unshare -Urn)" {
	as_user pid_bounds
	echo "$output"
	assert_success
}

# Item 7: datapath dump and GET while datapaths are deleted.
@test "hardening: datapath dumps and GETs racing datapath deletion never show a nameless datapath, 15 s" {
	local d g end n=0
	dpctl add-dp dp0
	nsx "$MALFORMED" --repeat=15 --req dp dump >"$BATS_TEST_TMPDIR/d" 3>&- &
	d=$!
	nsx "$MALFORMED" --repeat=15 --req dp get name=dpx >"$BATS_TEST_TMPDIR/g" 3>&- &
	g=$!
	end=$((SECONDS + 15))
	while [ $SECONDS -lt $end ]; do
		req dp new name=dpx upcall_pid=0 >/dev/null
		req vport new ifindex="$(nsx cat /sys/class/net/dpx/ifindex)" name=dpx_p1 type=internal upcall_pid=0 >/dev/null
		req dp del name=dpx >/dev/null
		n=$((n + 1))
	done
	wait "$d" "$g"
	echo "$n deletions"
	cat "$BATS_TEST_TMPDIR/d" "$BATS_TEST_TMPDIR/g"
	[ "$n" -ge 3 ]
	grep -q ' 0 bad entries' "$BATS_TEST_TMPDIR/d"
	grep -q ' 0 bad entries' "$BATS_TEST_TMPDIR/g"
	dpctl show dp0 | grep -q 'port 0: dp0 (internal)'
}

# Item 8: SET changing state before it validates.
@test "hardening: a refused datapath SET changes nothing (root)" {
	as_root set_atomic
	echo "$output"
	assert_success
}

@test "hardening: a refused datapath SET changes nothing (unshare -Urn)" {
	as_user set_atomic
	echo "$output"
	assert_success
}

# Item 9: dst_port 0.
@test "hardening: a tunnel's dst_port 0 is refused (root)" {
	as_root dst_port_0
	echo "$output"
	assert_success
}

@test "hardening: a tunnel's dst_port 0 is refused (unshare -Urn)" {
	as_user dst_port_0
	echo "$output"
	assert_success
}
