# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034 # bats sets status/output/stderr/lines
# Shared set-up for the kernel-facing suites.  They run as root inside the
# test guest (tests/vm/run, through tests/check --vm), never on a host: each
# test gets a fresh network namespace, where its datapath lives and dies, and
# a fresh database in $BATS_TEST_TMPDIR.
#
# Load with `load helpers` from a tests/bats/vm/*.bats file.  Spawning a
# process costs ~35 ms in the TCG guest: helpers keep the count low.

load ../common

# The kernel module variant the guest loaded: openvswitch or vportdp.
MODULE=${VPORTCTL_MODULE:-openvswitch}
# Bound on one vportctl invocation (seconds).
VP_TIMEOUT=${VP_TIMEOUT:-60}

# Every suite's setup() calls this first (files may define their own setup).
vm_setup() {
	if [ "${VPORTCTL_VM:-}" != 1 ]; then
		echo "these tests change the kernel's datapath: run them in the guest (tests/check --vm)" >&2
		return 1
	fi
	common_setup || return 1
	NS=vp-$BATS_SUITE_TEST_NUMBER-$$
	# The kernel log from here on is this test's (vm_leak_check).
	echo "vportctl-test: setup $NS" >/dev/kmsg 2>/dev/null
	ip netns add "$NS" || return 1
	ip -n "$NS" link set lo up
}

# Deleting the namespace destroys its datapath and every device in it.  A
# test that timed out may have left processes in it: they go first.  Then
# the leak check.
vm_teardown() {
	[ -n "${NS:-}" ] || return 0
	local pids
	pids=$(ip netns pids "$NS" 2>/dev/null)
	[ -z "$pids" ] || kill -9 $pids 2>/dev/null
	ip netns del "$NS" 2>/dev/null || true
	vm_leak_check
}

# The kernel log since vm_setup marked it (all of it, if a test cleared it).
kernel_log_since_setup() {
	dmesg 2>/dev/null | awk -v m="vportctl-test: setup $NS" \
		'index($0, m) { buf = ""; next } { buf = buf $0 "\n" } END { printf "%s", buf }'
}

# Nothing a test did may outlive its namespace: no datapath (its local port
# is a device of kind openvswitch or vportdp), vport or tunnel backer device
# (*_sys, *_sys_N) in the root namespace, and no kernel warning since setup.
# ip and jq only: ovs-dpctl could autoload openvswitch.ko while a module test
# has it unloaded.
vm_leak_check() {
	local devs warn
	devs=$(ip -j -d link show 2>/dev/null | jq -r '.[] | select(.linkinfo.info_kind == "openvswitch"
		or .linkinfo.info_kind == "vportdp" or (.ifname | test("_sys(_[0-9]+)?$")))
		| .ifname' | tr '\n' ' ')
	warn=$(kernel_log_since_setup | grep -E 'BUG:|WARNING:|Oops|refcount')
	[ -z "$devs" ] || echo "leak check: left in the root namespace: $devs" >&2
	[ -z "$warn" ] || printf 'leak check: kernel log since setup:\n%s\n' "$warn" >&2
	[ -z "$devs" ] && [ -z "$warn" ]
}

setup() { vm_setup; }
teardown() { vm_teardown; }

# run_vportctl [EXPECTED|'?'] ARG...: run vportctl in the test's namespace,
# podman style: the command line is logged (shown when a test fails), it is
# bounded by `timeout`, bats' FD 3 is closed, and the exit status must be
# EXPECTED (default 0; '?' accepts any).  Sets $status, $output, $stderr
# (stdout and stderr separately) and $lines.
run_vportctl() {
	local expected=0
	case ${1:-} in
	'?' | [0-9] | [0-9][0-9] | [0-9][0-9][0-9]) expected=$1; shift ;;
	esac
	echo "\$ vportctl $*"
	run --separate-stderr timeout -k 5 "$VP_TIMEOUT" \
		ip netns exec "$NS" "$VPORTCTL" "$@" 3>&-
	[ -z "$output" ] || printf '%s\n' "$output"
	[ -z "$stderr" ] || printf '%s\n' "$stderr" | sed 's/^/[stderr] /'
	if [ "$status" = 124 ] && [ "$expected" != 124 ]; then
		echo "vportctl timed out after ${VP_TIMEOUT}s" >&2
		return 1
	fi
	if [ "$expected" != '?' ] && [ "$status" != "$expected" ]; then
		echo "vportctl $*: exit status $status, expected $expected" >&2
		return 1
	fi
}

# vp ARG...: vportctl in the namespace, plainly, for fixtures and pipes.  A
# fixture that fails fails the test (use it under `run` to look at failures).
vp() {
	timeout -k 5 "$VP_TIMEOUT" ip netns exec "$NS" "$VPORTCTL" "$@" 3>&- || {
		local rc=$?
		echo "fixture failed (exit $rc): vportctl $*" >&2
		return $rc
	}
}

# In the namespace: any command, and ip.
nsx() { ip netns exec "$NS" "$@"; }
nsip() { ip -n "$NS" "$@"; }

# Open vSwitch's own client, as an independent view of the datapath.
dpctl() { ip netns exec "$NS" ovs-dpctl "$@"; }

# The kernel's vports of ovs-system, one "PORT_NO NAME" line each, sorted by
# number, from ovs-dpctl (empty when there is no datapath).
kernel_ports() {
	ip netns exec "$NS" ovs-dpctl show ovs-system 2>/dev/null |
		sed -n 's/^ *port \([0-9]*\): \([^ ]*\).*/\1 \2/p' | sort -n
}

# Does the namespace have the datapath?
dp_exists() {
	ip netns exec "$NS" ovs-dpctl show ovs-system >/dev/null 2>&1
}

# A net device in the namespace?
link_exists() { ip -n "$NS" link show dev "$1" >/dev/null 2>&1; }

# The kernel side of vportctl's view: `dp-show` as JSON, reduced to sorted
# "PORT_NO NAME TYPE" lines.
vp_dp_ports() {
	vp -f json dp-show | jq -r '.datapaths[] | select(.name == "ovs-system") | .ports[] |
		"\(.port_no) \(.name) \(.type)"' | sort -n
}

# The whole state, kernel and database, for before/after comparisons: the
# database (show as JSON without its kernel annotations would hide nothing
# here: the kernel state is in it too) and the kernel from two clients.
state() {
	echo "== show"
	vp -f json show 2>&1
	echo "== dp-show"
	vp dp-show 2>&1 | grep -v -E 'lookups|flows|masks'
	echo "== links"
	ip -n "$NS" -o link show | sed 's/^[0-9]*: //; s/ qlen.*//; s/link\/ether .*//'
}

# The datapath port number of interface IFACE, from the database.
dp_port_of() { vp get interface "$1" dp_port; }

# ip -d link of a device in the namespace, on one line.
link_details() { ip -n "$NS" -d -o link show dev "$1"; }
