#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# The man page man/vportctl.8: formats without warnings and documents every
# command, option, column, type, option key and exit code the program has.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

ROOT=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)
VPORTCTL=${VPORTCTL:-$ROOT/vportctl}
MAN=$ROOT/man/vportctl.8

# The page rendered as plain text (hyphenation and justification off).
rendered() {
	groff -man -Tutf8 -rHY=0 -dAD=l -P-cbou "$MAN" 2>/dev/null |
		sed 's/\xe2\x80\x90/-/g; s/\xe2\x88\x92/-/g'
}

# assert_documented WORD...: each word appears in the rendered page.
assert_documented() {
	local text w missing=()
	text=$(rendered)
	for w; do
		grep -qF -- "$w" <<<"$text" || missing+=("$w")
	done
	[ ${#missing[@]} -eq 0 ] || fail "not in vportctl.8: ${missing[*]}"
}

@test "groff -ww -man: no warnings" {
	command -v groff >/dev/null || fail "no groff: run make deps"
	run --separate-stderr groff -ww -man -z "$MAN"
	assert_success
	[ -z "$stderr" ] || fail "$stderr"
}

@test "man --warnings: no warnings" {
	command -v man >/dev/null || fail "no man (man-db): run make deps"
	run --separate-stderr env MANWIDTH=80 man --warnings -l "$MAN"
	assert_success
	[ -z "$stderr" ] || fail "$stderr"
	assert_output --partial "vportctl"
}

@test "every command of vportctl --commands is documented" {
	[ -x "$VPORTCTL" ] || fail "no executable $VPORTCTL: run make first"
	local -a cmds
	mapfile -t cmds < <("$VPORTCTL" --commands | cut -f1)
	[ ${#cmds[@]} -gt 10 ]
	local text c missing=()
	text=$(rendered)
	for c in "${cmds[@]}"; do
		# as a command heading: the name at the start of an indented line
		grep -qE -- "^ +$c( |\$)" <<<"$text" || missing+=("$c")
	done
	[ ${#missing[@]} -eq 0 ] || fail "commands not documented: ${missing[*]}"
}

@test "every option of vportctl --options and --commands is documented" {
	[ -x "$VPORTCTL" ] || fail "no executable $VPORTCTL: run make first"
	local -a opts
	mapfile -t opts < <({ "$VPORTCTL" --options
		"$VPORTCTL" --commands | cut -f2 | tr ',' '\n'; } | grep -v '^-$' | sort -u)
	[ ${#opts[@]} -gt 5 ]
	local text o missing=()
	text=$(rendered)
	for o in "${opts[@]}"; do
		# "--batch=" is documented as "--batch[=FILE]"
		grep -qF -- "$o" <<<"$text" || grep -qF -- "${o%=}[=" <<<"$text" ||
			missing+=("$o")
	done
	[ ${#missing[@]} -eq 0 ] || fail "options not documented: ${missing[*]}"
}

@test "global and command options, columns, types, option keys" {
	assert_documented --db=FILE --format= --dry-run --offline --timeout= --verbose \
		--batch --force --version --help --commands --options --option-keys= \
		--may-exist --if-exists -s --prune
	assert_documented name type options bridge dp_port backer mtu_request dp_port_request
	assert_documented system internal vxlan geneve gre patch
	assert_documented remote_ip local_ip key= in_key out_key dst_port tos= ttl= csum \
		df_default exts=gbp peer=
	# value ranges
	assert_documented 0–16777215 0–4294967295 1–65535 1–255 4789 6081 1–15
}

@test "option keys of vportctl --option-keys are documented" {
	[ -x "$VPORTCTL" ] || fail "no executable $VPORTCTL: run make first"
	local t k keys=()
	for t in system internal vxlan geneve gre patch; do
		while read -r k; do keys+=("$k="); done < <("$VPORTCTL" --option-keys=$t)
	done
	[ ${#keys[@]} -gt 5 ]
	assert_documented "${keys[@]}"
}

@test "every value range of vportctl --help and help COMMAND is documented" {
	[ -x "$VPORTCTL" ] || fail "no executable $VPORTCTL: run make first"
	local -a ranges
	mapfile -t ranges < <({ "$VPORTCTL" --help
		"$VPORTCTL" --commands | cut -f1 | while read -r c; do "$VPORTCTL" help "$c"; done; } |
		grep -oE '\b[0-9]+-[0-9]+\b' | grep -vx '0-9' | sort -u | sed 's/-/–/')
	# ("0-9" in the names grammar is a character class, not a range)
	[ ${#ranges[@]} -ge 5 ]
	assert_documented "${ranges[@]}"
}

@test "exit codes, files, environment, examples, see also" {
	run rendered
	assert_success
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
		assert_line --regexp "^$s\$"
	done
	for c in 0 1 2 64 65 69 75 77; do
		assert_line --regexp "^ +$c( |\$)"
	done
	assert_output --partial /var/lib/vportctl/conf.db
	assert_output --partial VPORTCTL_DB
	assert_output --partial vportctl-restore.service
	assert_output --partial "ovs-vsctl(8)"
}
