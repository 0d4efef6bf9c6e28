#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# Bash completion (completions/vportctl): the completion function is driven
# through COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT exactly as bash sets them,
# against a database built with `vportctl --offline`; and once through a real
# interactive bash in tmux.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

ROOT=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
VPORTCTL=${VPORTCTL:-$ROOT/vportctl}

setup() {
	[ -x "$VPORTCTL" ] || fail "no executable $VPORTCTL: run make first"
	DB=$BATS_TEST_TMPDIR/conf.db
	export VPORTCTL_DB=$DB
	vp add-br br0
	vp add-br br1
	vp add-port br0 p1 type=internal
	vp add-port br0 vx1 type=vxlan options:remote_ip=10.0.0.2 options:key=100
	vp add-port br1 gn1 type=geneve options:remote_ip=10.0.0.3
	vp add-port br1 pa type=patch options:peer=pb
	vp add-port br1 pb type=patch options:peer=pa
	# shellcheck source=../../../completions/vportctl
	source "$ROOT/completions/vportctl"
}

# vportctl on the per-test database, offline.
vp() {
	"$VPORTCTL" --offline --db="$DB" "$@"
}

# Split LINE into COMP_WORDS the way bash does: at blanks, and with each run
# of the word-break characters "=" and ":" as a word of its own; the cursor is
# at the end.  Then call the completion function and leave the sorted replies,
# one per line, in $reply.
complete_line() {
	local line=$1 c q='' w='' i
	COMP_WORDS=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		if [[ -n $q ]]; then
			w+=$c
			[[ $c == "$q" ]] && q=
		elif [[ $c == [\'\"] ]]; then
			q=$c
			w+=$c
		elif [[ $c == [[:space:]] ]]; then
			[[ -n $w ]] && COMP_WORDS+=("$w")
			w=
		elif [[ $c == [=:] ]]; then
			if [[ -n $w && $w != *[!=:]* ]]; then
				w+=$c
			else
				[[ -n $w ]] && COMP_WORDS+=("$w")
				w=$c
			fi
		else
			[[ -n $w && $w != *[!=:]* ]] && { COMP_WORDS+=("$w"); w=; }
			w+=$c
		fi
	done
	COMP_WORDS+=("$w")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	_vportctl || true
	reply=$(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort)
	[[ -n ${COMPREPLY[*]} ]] || reply=
}

# assert_reply WORD...: the replies are exactly these words (in any order).
assert_reply() {
	local want
	want=$(printf '%s\n' "$@" | LC_ALL=C sort)
	[[ $# -gt 0 ]] || want=
	if [[ $reply != "$want" ]]; then
		printf 'line:     %s\nexpected: %s\nactual:   %s\n' "$COMP_LINE" \
			"${want//$'\n'/ }" "${reply//$'\n'/ }" >&2
		return 1
	fi
}

@test "command names come from --commands, each once" {
	complete_line "$VPORTCTL "
	local -a names
	mapfile -t names < <("$VPORTCTL" --commands | cut -f1)
	[ ${#names[@]} -gt 10 ]
	assert_reply "${names[@]}"
	[ "$(printf '%s\n' "${COMPREPLY[@]}" | sort | uniq -d)" = "" ]
	for c in add-br del-br list-br br-exists add-port del-port list-ports list-ifaces \
		port-to-br set get show dp-show check reconcile help; do
		[[ $'\n'$reply$'\n' == *$'\n'$c$'\n'* ]] || fail "command $c not offered"
	done
}

@test "command name prefix" {
	complete_line "$VPORTCTL add-"
	assert_reply add-br add-port
	complete_line "$VPORTCTL --offline li"
	assert_reply list list-br list-ifaces list-ports
}

@test "global options come from --options" {
	complete_line "$VPORTCTL --"
	local o
	while read -r o; do
		[[ $o == --* ]] || continue
		[[ $'\n'$reply$'\n' == *$'\n'$o$'\n'* ]] || fail "option $o not offered"
	done < <("$VPORTCTL" --options)
	for o in --db= --format= --dry-run --offline --timeout= --verbose --force --version \
		--help --commands --may-exist --if-exists; do
		[[ $'\n'$reply$'\n' == *$'\n'$o$'\n'* ]] || fail "option $o not offered"
	done
	[ "$(printf '%s\n' "${COMPREPLY[@]}" | sort | uniq -d)" = "" ]
	complete_line "$VPORTCTL --d"
	assert_reply --data= --db= --dry-run
	complete_line "$VPORTCTL --of"
	assert_reply --offline
}

@test "command options after --, and only commands that take them" {
	# after "--" only command options: those of the OPTIONS field of --commands
	local -a copts
	mapfile -t copts < <("$VPORTCTL" --commands | cut -f2 | tr ',' '\n' | grep -vx -- - | sort -u)
	[[ " ${copts[*]} " == *" --may-exist "* && " ${copts[*]} " == *" --if-exists "* ]]
	complete_line "$VPORTCTL add-br br2 -- --"
	assert_reply "${copts[@]}"
	complete_line "$VPORTCTL add-br br2 -- --m"
	assert_reply --may-exist
	local -a may
	mapfile -t may < <("$VPORTCTL" --commands | awk -F'\t' '$2 ~ /--may-exist/ {print $1}')
	[ ${#may[@]} -ge 2 ]
	complete_line "$VPORTCTL --may-exist "
	assert_reply "${may[@]}"
	complete_line "$VPORTCTL --offline -- --may-exist add-"
	assert_reply add-br add-port
	complete_line "$VPORTCTL --if-exists del-"
	assert_reply del-br del-port
}

@test "--opt=value: --format= and -f" {
	complete_line "$VPORTCTL --format="
	assert_reply text json
	complete_line "$VPORTCTL --format=j"
	assert_reply json
	complete_line "$VPORTCTL -f "
	assert_reply text json
	complete_line "$VPORTCTL --format "
	assert_reply text json
	complete_line "$VPORTCTL --format=json list-p"
	assert_reply list-ports
	complete_line "$VPORTCTL -t 5 list-p"
	assert_reply list-ports
}

@test "--db= completes file names" {
	touch "$BATS_TEST_TMPDIR/other.db"
	complete_line "$VPORTCTL --db=$BATS_TEST_TMPDIR/oth"
	assert_reply "$BATS_TEST_TMPDIR/other.db"
}

@test "bridge names for add-port, del-br, list-ports, br-exists, list-ifaces" {
	for c in add-port del-br list-ports br-exists list-ifaces; do
		complete_line "$VPORTCTL $c "
		assert_reply br0 br1
	done
	complete_line "$VPORTCTL add-port br"
	assert_reply br0 br1
	complete_line "$VPORTCTL --may-exist add-port br1"
	assert_reply br1
	complete_line "$VPORTCTL add-br "
	assert_reply
}

@test "port names for del-port and port-to-br; del-port BR PORT" {
	for c in del-port port-to-br; do
		complete_line "$VPORTCTL $c "
		assert_reply gn1 p1 pa pb vx1
	done
	complete_line "$VPORTCTL --if-exists del-port p"
	assert_reply p1 pa pb
	complete_line "$VPORTCTL del-port br1 "
	assert_reply gn1 pa pb
	complete_line "$VPORTCTL del-port p1 "
	assert_reply
}

@test "set/get: table, then interface names (port too), bridge names and columns" {
	complete_line "$VPORTCTL set "
	assert_reply bridge interface port
	complete_line "$VPORTCTL get i"
	assert_reply interface
	for t in interface port; do
		complete_line "$VPORTCTL set $t "
		assert_reply br0 br1 gn1 p1 pa pb vx1
		complete_line "$VPORTCTL get $t v"
		assert_reply vx1
	done
	complete_line "$VPORTCTL set bridge "
	assert_reply br0 br1
	complete_line "$VPORTCTL set bridge br0 "
	assert_reply external_ids: fail_mode= other_config:
	complete_line "$VPORTCTL set bridge br0 fail_mode="
	assert_reply standalone secure
	complete_line "$VPORTCTL get bridge br1 "
	assert_reply external_ids fail_mode name other_config ports
	complete_line "$VPORTCTL dump-flows "
	assert_reply br0 br1
}

@test "column names after the interface: settable for set, all for get" {
	complete_line "$VPORTCTL set interface p1 "
	assert_reply dp_port_request= external_ids: mtu_request= ofport_request= options: other_config: type=
	complete_line "$VPORTCTL set port p1 mtu"
	assert_reply mtu_request=
	complete_line "$VPORTCTL set interface p1 mtu_request=1400 "
	assert_reply dp_port_request= external_ids: ofport_request= options: other_config: type=
	complete_line "$VPORTCTL get interface p1 "
	assert_reply backer bridge dp_port dp_port_request external_ids mtu_request name ofport ofport_request options other_config type
	complete_line "$VPORTCTL get port vx1 dp"
	assert_reply dp_port dp_port_request
	complete_line "$VPORTCTL add-port br0 p9 "
	assert_reply dp_port_request= mtu_request= ofport_request= options: type=
}

@test "type= values" {
	complete_line "$VPORTCTL add-port br0 p9 type="
	assert_reply system internal vxlan geneve gre patch
	complete_line "$VPORTCTL add-port br0 p9 type=g"
	assert_reply geneve gre
	complete_line "$VPORTCTL set interface p1 type=in"
	assert_reply internal
}

@test "options: keys for the type given on the add-port line" {
	local -a keys
	for t in vxlan geneve gre patch; do
		mapfile -t keys < <("$VPORTCTL" --option-keys=$t | sed 's/$/=/')
		[ ${#keys[@]} -ge 1 ]
		complete_line "$VPORTCTL add-port br0 t9 type=$t options:"
		assert_reply "${keys[@]}"
	done
	complete_line "$VPORTCTL add-port br0 t9 type=vxlan options:re"
	assert_reply remote_ip=
	complete_line "$VPORTCTL add-port br0 t9 type=patch options:"
	assert_reply peer=
	# keys already given are not offered again
	complete_line "$VPORTCTL add-port br0 t9 type=vxlan options:remote_ip=10.0.0.9 options:re"
	assert_reply
	# system and internal interfaces take no options
	complete_line "$VPORTCTL add-port br0 eth9 options:"
	assert_reply
}

@test "options: keys for the interface's current type (set, get)" {
	local -a keys
	mapfile -t keys < <("$VPORTCTL" --option-keys=vxlan | sed 's/$/=/')
	complete_line "$VPORTCTL set interface vx1 options:"
	assert_reply "${keys[@]}"
	complete_line "$VPORTCTL set port pa options:"
	assert_reply peer=
	mapfile -t keys < <("$VPORTCTL" --option-keys=geneve)
	complete_line "$VPORTCTL get interface gn1 options:"
	assert_reply "${keys[@]}"
	# a type= earlier on the same line wins over the stored type
	mapfile -t keys < <("$VPORTCTL" --option-keys=gre | sed 's/$/=/')
	complete_line "$VPORTCTL set interface vx1 type=gre options:"
	assert_reply "${keys[@]}"
	# the -- set interface idiom after add-port
	mapfile -t keys < <("$VPORTCTL" --option-keys=geneve | sed 's/$/=/')
	complete_line "$VPORTCTL add-port br0 p9 -- set interface gn1 options:"
	assert_reply "${keys[@]}"
}

@test "option values: peer= names, booleans" {
	complete_line "$VPORTCTL set interface pa options:peer="
	assert_reply gn1 p1 pa pb vx1
	complete_line "$VPORTCTL add-port br0 v9 type=vxlan options:csum="
	assert_reply true false
}

@test "other commands: help COMMAND, dp-show -s, reconcile --prune" {
	complete_line "$VPORTCTL help add-"
	assert_reply add-br add-port
	complete_line "$VPORTCTL dp-show "
	assert_reply -s
	complete_line "$VPORTCTL reconcile --"
	assert_reply --prune
	complete_line "$VPORTCTL --batch "
	assert_reply
}

@test "ovs-vsctl's commands: iface-to-br IFACE, br-to-parent BR, set-fail-mode BR MODE" {
	complete_line "$VPORTCTL iface-to-br "
	assert_reply gn1 p1 pa pb vx1
	complete_line "$VPORTCTL br-to-parent "
	assert_reply br0 br1
	complete_line "$VPORTCTL set-fail-mode br0 "
	assert_reply standalone secure
	complete_line "$VPORTCTL get-fail-mode b"
	assert_reply br0 br1
	complete_line "$VPORTCTL --on"
	assert_reply --oneline
	complete_line "$VPORTCTL --no-w"
	assert_reply --no-wait
}

@test "--db=FILE and --db FILE on the line choose the database" {
	local other=$BATS_TEST_TMPDIR/other.db
	"$VPORTCTL" --offline --db="$other" add-br obr
	complete_line "$VPORTCTL --db=$other list-ports "
	assert_reply obr
	complete_line "$VPORTCTL --db $other del-br "
	assert_reply obr
	complete_line "$VPORTCTL --offline --db=$other br-exists o"
	assert_reply obr
	# and the environment's database otherwise
	complete_line "$VPORTCTL list-ports "
	assert_reply br0 br1
}

@test "VPORTCTL_DB from the environment and on the line" {
	local other=$BATS_TEST_TMPDIR/other.db
	"$VPORTCTL" --offline --db="$other" add-br obr
	VPORTCTL_DB=$other complete_line "$VPORTCTL del-br "
	assert_reply obr
	# bash >= 5 hides leading assignments from completion functions; a shell
	# (or caller) that passes them in COMP_WORDS gets them honoured.
	unset VPORTCTL_DB
	complete_line "VPORTCTL_DB=$other $VPORTCTL br-exists "
	assert_reply obr
	complete_line "VPORTCTL_DB=$other $VPORTCTL --db=$DB br-exists "
	assert_reply br0 br1
}

@test "plain 'vportctl' is found on PATH" {
	PATH=$(dirname "$VPORTCTL"):$PATH complete_line "vportctl del-br "
	assert_reply br0 br1
}

@test "never prints errors: bad database, missing program, unknown command" {
	mkdir "$BATS_TEST_TMPDIR/dir.db"
	echo garbage >"$BATS_TEST_TMPDIR/bad.db"
	local l
	for l in "$VPORTCTL --db=$BATS_TEST_TMPDIR/dir.db del-br " \
		"$VPORTCTL --db=$BATS_TEST_TMPDIR/bad.db set interface x options:" \
		"$VPORTCTL --db=$BATS_TEST_TMPDIR/nodir/x.db del-port " \
		"$VPORTCTL set interface nosuch options:" \
		"$VPORTCTL add-port br0 p9 type=bogus options:" \
		"$VPORTCTL frobnicate " \
		"$BATS_TEST_TMPDIR/no-such-vportctl " \
		"$VPORTCTL --format=" ; do
		run --separate-stderr complete_line "$l"
		assert_success
		[ -z "$stderr" ] || fail "stderr for '$l': $stderr"
	done
	# nothing offered from an unusable database
	complete_line "$VPORTCTL --db=$BATS_TEST_TMPDIR/bad.db del-br "
	assert_reply
}

# An interactive bash in a private tmux server, started with rc file $1.
tmux_bash() {
	TMUX_SOCK=$BATS_TEST_TMPDIR/tmux.sock
	tmux -S "$TMUX_SOCK" -f /dev/null new-session -d -x 150 -y 20 \
		"env -i HOME=$BATS_TEST_TMPDIR TERM=screen PATH=/usr/bin:/bin bash --noprofile --rcfile $1 -i"
	tmux_wait '^prompt\$'
}

# Wait (at most 5 s) until a line of the screen matches the regular
# expression RE; leave the screen in $screen.
tmux_wait() {
	local i
	for ((i = 0; i < 50; i++)); do
		screen=$(tmux -S "$TMUX_SOCK" capture-pane -p)
		grep -qE -- "$1" <<<"$screen" && return 0
		sleep 0.1
	done
	fail "waited for /$1/; screen: $screen"
}

# Type "vportctl list-ports tab", press Tab: the bridge name is completed and
# the completed line runs.
tab_completes_bridge() {
	tmux -S "$TMUX_SOCK" send-keys -l 'vportctl list-ports tab'
	tmux -S "$TMUX_SOCK" send-keys Tab
	tmux_wait 'vportctl list-ports tabbridge0'
	# a space followed the name
	tmux -S "$TMUX_SOCK" send-keys -l '&& echo "rc=$?"'
	tmux -S "$TMUX_SOCK" send-keys Enter
	tmux_wait '^rc=[0-9]+$'
	[[ $screen == *'list-ports tabbridge0 && echo'* ]] || fail "screen: $screen"
	[[ $screen == *rc=0* ]] || fail "screen: $screen"
	[[ $screen != *vportctl:* ]] || fail "error on screen: $screen"
}

@test "leaves the shell's options, IFS and globals alone" {
	local before after
	before="$- $(shopt -p) ${IFS@Q} $(compgen -v | grep -v -e '^COMP' -e '^BASH' -e '^_$' | sort | tr '\n' ' ')"
	complete_line "$VPORTCTL del-port "
	complete_line "$VPORTCTL set interface vx1 options:"
	complete_line "$VPORTCTL --format="
	after="$- $(shopt -p) ${IFS@Q} $(compgen -v | grep -v -e '^COMP' -e '^BASH' -e '^_$' -e '^reply$' -e '^before$' | sort | tr '\n' ' ')"
	[ "$before" = "$after" ] || fail "$(diff <(tr ' ' '\n' <<<"$before") <(tr ' ' '\n' <<<"$after"))"
}

@test "interactive bash under tmux: Tab completes a bridge name" {
	command -v tmux >/dev/null || fail "no tmux: run make deps"
	"$VPORTCTL" --offline --db="$DB" add-br tabbridge0
	cat >"$BATS_TEST_TMPDIR/bashrc" <<-EOF
		PS1='prompt\$ '
		export PATH=$(dirname "$VPORTCTL"):\$PATH VPORTCTL_DB=$DB
		source $ROOT/completions/vportctl
	EOF
	tmux_bash "$BATS_TEST_TMPDIR/bashrc"
	tab_completes_bridge
}

@test "interactive bash under tmux: bash-completion loads it on demand" {
	command -v tmux >/dev/null || fail "no tmux: run make deps"
	[ -r /usr/share/bash-completion/bash_completion ] || fail "no bash-completion: run make deps"
	"$VPORTCTL" --offline --db="$DB" add-br tabbridge0
	# bash-completion looks in $XDG_DATA_HOME/bash-completion/completions/<command>
	mkdir -p "$BATS_TEST_TMPDIR/share/bash-completion/completions"
	cp "$ROOT/completions/vportctl" "$BATS_TEST_TMPDIR/share/bash-completion/completions/"
	cat >"$BATS_TEST_TMPDIR/bashrc" <<-EOF
		PS1='prompt\$ '
		export PATH=$(dirname "$VPORTCTL"):\$PATH VPORTCTL_DB=$DB
		export XDG_DATA_HOME=$BATS_TEST_TMPDIR/share
		source /usr/share/bash-completion/bash_completion
	EOF
	tmux_bash "$BATS_TEST_TMPDIR/bashrc"
	tab_completes_bridge
}

teardown() {
	if [[ -n ${TMUX_SOCK:-} ]]; then
		tmux -S "$TMUX_SOCK" kill-server 2>/dev/null || true
	fi
}

@test "list, find, remove, clear: tables, records and columns" {
	complete_line "$VPORTCTL list "
	assert_reply bridge interface port
	complete_line "$VPORTCTL list bridge "
	assert_reply br0 br1
	complete_line "$VPORTCTL list interface v"
	assert_reply vx1
	complete_line "$VPORTCTL find bridge "
	assert_reply external_ids fail_mode name other_config ports
	complete_line "$VPORTCTL find port int"
	assert_reply interfaces
	complete_line "$VPORTCTL remove interface p1 "
	assert_reply dp_port_request external_ids mtu_request ofport_request options other_config
	complete_line "$VPORTCTL clear bridge br0 "
	assert_reply external_ids fail_mode other_config
}
