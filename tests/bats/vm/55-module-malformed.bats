#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154 # bats sets status/output/lines
#
# Malformed generic netlink requests (tests/malformed/ovs-malformed):
# truncated headers and attributes, oversized messages and attributes,
# missing and wrongly typed attributes, to every command of the four
# families.  Each must be refused with an errno; the guest's kernel log is
# checked for WARNING/BUG/Oops by tests/vm/run after the run (exit 121).
#
# Needs VPORTCTL_MODULE=vportdp or openvswitch.  Against both, the errnos
# of the requests the UAPI pins down are checked too (--strict: vportdp and
# Debian's openvswitch.ko answer every one of them alike).  Against vportdp,
# every refusal made by the families' own code must also carry an extended
# ack (--require-extack); openvswitch.ko sends almost none, a difference the
# tests state.

load helpers

MALFORMED=$ROOT/tests/malformed/ovs-malformed

setup_file() {
	case ${VPORTCTL_MODULE:-} in
	vportdp | openvswitch) ;;
	*) echo "55-module-malformed.bats needs VPORTCTL_MODULE=vportdp|openvswitch" >&2; return 1 ;;
	esac
	make -s -C "$ROOT/tests/malformed" >&2
}

# Lines of the kernel log that are not the core's lenient-parsing notes
# ("bytes leftover", "invalid length"), which openvswitch.ko's and
# vportdp's families both trigger by design.
dirty_dmesg() {
	dmesg | grep -E 'WARNING|BUG|Oops|general protection|refcount_t|KASAN|Call Trace|list_(add|del) corruption' || true
}

@test "malformed: every request naming no datapath is refused with an errno" {
	dmesg -C
	run nsx "$MALFORMED"
	echo "$output" | tail -n 40
	assert_success
	assert_output --regexp '^[0-9]+ requests, [0-9]+ refused as expected, 0 not$'
	[ -z "$(dirty_dmesg)" ]
}

@test "malformed: requests reaching the vport types are refused with the UAPI's errnos" {
	local idx args=(--strict)
	dpctl add-dp dp0
	idx=$(nsx cat /sys/class/net/dp0/ifindex)
	# openvswitch.ko: same errnos, but no extended acks to require.
	[ "$MODULE" != vportdp ] || args+=(--require-extack)
	dmesg -C
	run nsx "$MALFORMED" -v "${args[@]}" --dp-ifindex="$idx"
	echo "$output" | grep -v -E ' (attr[0-9]+-|no-ovs-header|short-ovs-header|unknown-command|truncated-attr|attr-len-2|attr-past-end|oversized-message)'
	assert_success
	assert_output --regexp ' 0 not$'
	# Nothing was created by a refused request.
	run dpctl show dp0
	refute_output --regexp 'port [1-9]'
	run nsip -o link show
	refute_output --partial 'mf_'
	[ -z "$(dirty_dmesg)" ]
}

@test "malformed: vportdp explains attribute-level refusals in the extended ack" {
	if [ "$MODULE" != vportdp ]; then
		# openvswitch.ko leaves most of these without a message: nothing
		# to compare.  This is a difference, stated here, not a skip.
		echo "# openvswitch.ko: no extended-ack requirement" >&3
		return 0
	fi
	run nsx "$MALFORMED" -v --require-extack
	assert_success
	assert_output --partial 'ovs_datapath NEW attr1-1-byte: EINVAL [OVS_DP_ATTR_NAME: must be a NUL-terminated name of at most 15 characters]'
	assert_output --partial 'ovs_vport NEW no-attributes: EINVAL [OVS_VPORT_ATTR_NAME: required to create a port]'
	assert_output --partial 'ovs_vport GET no-attributes: EINVAL [OVS_VPORT_ATTR_NAME or OVS_VPORT_ATTR_PORT_NO: one is required to name the port]'
	assert_output --partial 'ovs_flow NEW no-attributes: EINVAL [OVS_FLOW_ATTR_KEY: required to create a flow]'
}
