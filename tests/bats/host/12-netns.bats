#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2034,SC2016 # bats sets status/output/stderr/lines
# --netns without a kernel datapath: the name and pid:N checks and their
# exit codes, the database it chooses, and show's netns line and key.  The
# tests that need named namespaces make them in a private mount namespace
# (tmpfs on /run and /var/lib), so the host's are never touched; they are
# skipped where unshare is not allowed.

load helpers

setup() {
	common_setup
}

# Run SCRIPT with bash, its arguments ARG..., in a private mount namespace
# where /run/netns holds the namespaces NAMES (ip netns add) and /var/lib is
# empty.  Usage: in_private_mounts 'NAME...' 'SCRIPT' ARG...
in_private_mounts() {
	local names=$1 script=$2
	shift 2
	unshare -m --propagation private bash -euo pipefail -c '
		mount -t tmpfs none /run
		mount -t tmpfs none /var/lib
		for n in '"$names"'; do ip netns add "$n" >/dev/null; done
		'"$script" bash "$@"
}

need_unshare() {
	unshare -m --propagation private sh -c 'mount -t tmpfs none /run' 2>/dev/null ||
		skip "needs unshare -m and mount (root)"
	command -v ip >/dev/null || skip "needs ip (iproute2)"
}

@test "--netns: a bad name is exit 65, naming it; nothing is written" {
	local bad
	for bad in a/b ../x .. . '' "$(printf 'n%.0s' {1..253})"; do
		run --separate-stderr vp --offline --netns "$bad" add-br br0
		assert_equal "$status" 65
		assert_no_stdout
		assert_stderr "vportctl: invalid network namespace name '$bad': expected a name under /run/netns (1-252 characters, no '/', not '.' or '..') or pid:PID"
	done
	for bad in pid: pid:0 pid:x pid:-1 pid:1x pid:99999999999; do
		expect_error 65 "invalid --netns '$bad': expected a name under /run/netns or pid:PID" \
			--offline --netns "$bad" add-br br0
	done
	[ ! -e "$DB" ]
}

@test "--netns: usage errors are 64" {
	expect_error 64 "option '--netns' requires an argument" --netns
	expect_error 64 "'--netns' option specified multiple times" --netns a --netns b list-br
	run --separate-stderr vp --options
	assert_line --netns=
	run --separate-stderr vp --help
	assert_output --partial '--netns=NAME|pid:PID'
}

@test "--netns: a missing namespace or process is exit 1, naming it" {
	expect_error 1 "no network namespace named vp-nosuch-$$ (/run/netns/vp-nosuch-$$; see ip netns list)" \
		--netns "vp-nosuch-$$" list-br
	expect_error 1 "--netns pid:999999999: no process 999999999" --netns pid:999999999 list-br
	expect_error 1 "--netns pid:999999999: no process 999999999" --offline --netns pid:999999999 \
		add-br br0
	[ ! -e "$DB" ]
}

@test "--netns pid:N of an unnamed namespace needs --db (64); with it, it is shown as pid:N" {
	[ -r /proc/$$/ns/net ] || skip "cannot read /proc/$$/ns/net"
	[ -d /run/netns ] && skip "this host has named network namespaces"
	VPORTCTL_DB='' run --separate-stderr vp --offline --netns "pid:$$" add-br br0
	assert_equal "$status" 64
	assert_stderr "vportctl: --netns pid:$$: the network namespace of process $$ has no name under /run/netns, so it has no default database; name it (ip netns attach NAME $$) or give --db"
	# The same line twice, then show: the namespace's name is pid:N.
	run --separate-stderr vp --offline --netns "pid:$$" --may-exist add-br br0
	assert_success
	run --separate-stderr vp --offline --netns "pid:$$" --may-exist add-br br0
	assert_success
	run --separate-stderr vp --offline --netns "pid:$$" show
	assert_line --index 0 "netns: pid:$$"
	assert_line --index 1 "Bridge br0"
}

@test "--offline --netns NAME: the namespace need not exist; show says it; without --netns nothing changes" {
	off add-br br0 -- add-port br0 p1 type=internal
	run --separate-stderr vp show
	local plain=$output
	run --separate-stderr vp -f json show
	local plainjson=$output
	run jq -r .netns <<<"$plainjson"
	assert_output null
	# Byte-identical to before --netns existed: no netns line.
	assert_equal "$(head -1 <<<"$plain")" "Bridge br0"

	run --separate-stderr vp --offline --netns "vp-later-$$" --may-exist add-br br0
	assert_success
	run --separate-stderr vp --offline --netns "vp-later-$$" --may-exist add-br br0
	assert_success
	run --separate-stderr vp --offline --netns "vp-later-$$" show
	assert_success
	assert_equal "$output" "netns: vp-later-$$
$plain"
	run --separate-stderr vp --offline --netns "vp-later-$$" -f json show
	run jq -c '{netns, bridges: [.bridges[].name]}' <<<"$output"
	assert_output "{\"netns\":\"vp-later-$$\",\"bridges\":[\"br0\"]}"
	# (--offline: the kernel is not asked, and --dry-run does enter it.)
	expect_error 1 "no network namespace named vp-later-$$ (/run/netns/vp-later-$$; see ip netns list)" \
		--dry-run --netns "vp-later-$$" add-br br1
}

@test "--netns NAME: the default database is /var/lib/vportctl/netns/NAME.db (0755/0644); --db and VPORTCTL_DB win" {
	need_unshare
	run in_private_mounts 'c1 c2' '
		V=$1
		VPORTCTL_DB= $V --offline --netns c1 --may-exist add-br br1
		VPORTCTL_DB= $V --offline --netns c1 --may-exist add-br br1
		VPORTCTL_DB= $V --offline --netns c2 add-br br2
		stat -c "%n %a" /var/lib/vportctl /var/lib/vportctl/netns /var/lib/vportctl/netns/*.db
		echo "c1: $(VPORTCTL_DB= $V --offline --netns c1 list-br)"
		echo "c2: $(VPORTCTL_DB= $V --offline --netns c2 list-br)"
		echo "root: $(VPORTCTL_DB= $V --offline list-br)"
		echo "env: $(VPORTCTL_DB=$2 $V --offline --netns c1 list-br)"
		echo "db: $(VPORTCTL_DB= $V --offline --netns c1 --db=$2 list-br)"
		# pid:N of a process in a named namespace: that name and its database.
		ip netns exec c2 sleep 30 & pid=$!
		while [ "$(stat -L -c %i /proc/$pid/ns/net)" != "$(stat -L -c %i /run/netns/c2)" ]; do
			sleep 0.1
		done
		VPORTCTL_DB= $V --offline --netns pid:$pid show 2>/dev/null | head -2
		kill $pid
		touch /run/netns/plain
		VPORTCTL_DB= $V --netns plain list-br || echo "exit $?"
	' "$VPORTCTL" "$DB"
	assert_success
	assert_output "/var/lib/vportctl 755
/var/lib/vportctl/netns 755
/var/lib/vportctl/netns/c1.db 644
/var/lib/vportctl/netns/c2.db 644
c1: br1
c2: br2
root: 
env: 
db: 
netns: c2
Bridge br2
vportctl: --netns plain: /run/netns/plain is not a network namespace
exit 1"
}

@test "completion: --netns completes the names under /run/netns and reads that namespace's database" {
	need_unshare
	run in_private_mounts 'c1 c2 other' '
		export VPORTCTL_DB=
		source "$2/completions/vportctl"
		eval "$3"
		VPORTCTL_DB= $1 --offline --netns c1 add-br brc1
		for line in "$1 --netns " "$1 --netns c" "$1 --netns=" "$1 --netns=c" \
			"$1 --netns c1 list-ports " "$1 --netns=c1 del-br "; do
			complete_line "$line"
			echo "[$line]" $reply
		done
	' "$VPORTCTL" "$ROOT" "$(sed -n '/^complete_line()/,/^}/p' "$ROOT/tests/bats/host/80-completion.bats")"
	assert_success
	assert_output "[$VPORTCTL --netns ] c1 c2 other
[$VPORTCTL --netns c] c1 c2
[$VPORTCTL --netns=] c1 c2 other
[$VPORTCTL --netns=c] c1 c2
[$VPORTCTL --netns c1 list-ports ] brc1
[$VPORTCTL --netns=c1 del-br ] brc1"
}
