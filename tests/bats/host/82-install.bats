#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0
# make install / uninstall / dkms-install into a DESTDIR: exactly the expected
# files, with the right modes, and the systemd unit's @BINDIR@ substituted.

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

ROOT=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)

setup() {
	command -v make >/dev/null || skip "no make"
	DEST=$BATS_TEST_TMPDIR/dest
	COMPDIR=$(pkg-config --variable=completionsdir bash-completion 2>/dev/null)
	COMPDIR=${COMPDIR:-/usr/share/bash-completion/completions}
}

# make in the source tree, quietly; output kept for failures.
mk() {
	run make -C "$ROOT" --no-print-directory "$@"
	[ "$status" -eq 0 ] || fail "make $*: status $status: $output"
}

# The files (and symlinks) under $DEST, sorted, relative to it.
files() {
	(cd "$DEST" && find . ! -type d | sed 's|^\.||' | LC_ALL=C sort)
}

assert_files() {
	local want
	want=$(printf '%s\n' "$@" | LC_ALL=C sort)
	[ "$(files)" = "$want" ] || fail "$(printf 'installed:\n%s\nexpected:\n%s' "$(files)" "$want")"
}

@test "make install DESTDIR: binary, man page, completion, unit" {
	mk install DESTDIR="$DEST"
	assert_files /usr/sbin/vportctl /usr/share/man/man8/vportctl.8 \
		"$COMPDIR/vportctl" /usr/lib/systemd/system/vportctl-restore.service
	[ -x "$DEST/usr/sbin/vportctl" ]
	[ "$(stat -c %a "$DEST/usr/sbin/vportctl")" = 755 ]
	for f in /usr/share/man/man8/vportctl.8 "$COMPDIR/vportctl" \
		/usr/lib/systemd/system/vportctl-restore.service; do
		[ "$(stat -c %a "$DEST$f")" = 644 ] || fail "$f: mode $(stat -c %a "$DEST$f")"
	done
	cmp "$ROOT/man/vportctl.8" "$DEST/usr/share/man/man8/vportctl.8"
	cmp "$ROOT/completions/vportctl" "$DEST$COMPDIR/vportctl"
	"$DEST/usr/sbin/vportctl" --version
}

@test "the installed unit runs BINDIR/vportctl reconcile, after the module" {
	mk install DESTDIR="$DEST" BINDIR=/opt/vp/bin WITH_BASHCOMPLETION=no
	local unit=$DEST/usr/lib/systemd/system/vportctl-restore.service
	run cat "$unit"
	refute_output --partial @BINDIR@
	assert_line "ExecStart=/opt/vp/bin/vportctl reconcile"
	assert_line "Type=oneshot"
	assert_line "WantedBy=multi-user.target"
	assert_line --regexp '^After=.*systemd-modules-load\.service'
	assert_line --regexp '^ExecStartPre=-.*modprobe.*vportdp.*openvswitch'
	[ -x "$DEST/opt/vp/bin/vportctl" ]
	if command -v systemd-analyze >/dev/null; then
		# verify with the binary where the unit says it is
		mkdir "$BATS_TEST_TMPDIR/verify"
		sed "s|/opt/vp/bin/vportctl|$DEST/opt/vp/bin/vportctl|" "$unit" \
			>"$BATS_TEST_TMPDIR/verify/vportctl-restore.service"
		run systemd-analyze verify --man=no "$BATS_TEST_TMPDIR/verify/vportctl-restore.service"
		assert_success
		assert_output ""
	fi
}

@test "make uninstall DESTDIR removes every installed file" {
	mk install DESTDIR="$DEST"
	[ -n "$(files)" ]
	mk uninstall DESTDIR="$DEST"
	assert_files
}

@test "WITH_BASHCOMPLETION=no installs no completion; yes does" {
	mk install DESTDIR="$DEST" WITH_BASHCOMPLETION=no
	assert_files /usr/sbin/vportctl /usr/share/man/man8/vportctl.8 \
		/usr/lib/systemd/system/vportctl-restore.service
	rm -rf "$DEST"
	mk install DESTDIR="$DEST" WITH_BASHCOMPLETION=yes BASHCOMPDIR=/usr/share/bc
	assert_files /usr/sbin/vportctl /usr/share/man/man8/vportctl.8 \
		/usr/share/bc/vportctl /usr/lib/systemd/system/vportctl-restore.service
	mk uninstall DESTDIR="$DEST" BASHCOMPDIR=/usr/share/bc
	assert_files
}

@test "PREFIX and the directory variables are honoured" {
	mk install DESTDIR="$DEST" PREFIX=/usr/local BASHCOMPDIR=/usr/local/share/bash-completion/completions
	assert_files /usr/local/sbin/vportctl /usr/local/share/man/man8/vportctl.8 \
		/usr/local/share/bash-completion/completions/vportctl \
		/usr/local/lib/systemd/system/vportctl-restore.service
	grep -qx 'ExecStart=/usr/local/sbin/vportctl reconcile' \
		"$DEST/usr/local/lib/systemd/system/vportctl-restore.service"
	mk uninstall DESTDIR="$DEST" PREFIX=/usr/local BASHCOMPDIR=/usr/local/share/bash-completion/completions
	assert_files
}

@test "make dkms-install DESTDIR installs the module sources" {
	[ -f "$ROOT/kmod/dkms.conf" ] || skip "no kmod/dkms.conf yet"
	mk dkms-install DESTDIR="$DEST"
	local dir
	dir=$(cd "$DEST" && find . -name dkms.conf -printf '%h\n')
	[ -n "$dir" ] || fail "no dkms.conf installed: $(files)"
	[[ $dir == ./usr/src/vportdp-* ]] || fail "installed in $dir"
	run files
	assert_line --partial "${dir#.}/Makefile"
	assert_line --regexp "^${dir#.}/.*\.c\$"
	# sources only: no build products
	refute_line --regexp '\.(o|ko|mod|mod\.c|cmd|a)$|Module\.symvers|modules\.order'
	# the version in the directory name is the one dkms.conf declares
	local ver
	ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$DEST/$dir/dkms.conf")
	[ "${dir##*/}" = "vportdp-$ver" ] || fail "dir ${dir##*/}, PACKAGE_VERSION $ver"
}

# Issue 9, item 11: the range dkms.conf states is the range that builds.
# Every Debian 12 linux-headers-6.1.0-N-amd64 installed here (make deps
# installs the newest; the oldest still in the archive can be added by hand)
# must be accepted by BUILD_EXCLUSIVE_KERNEL and build the module.
@test "kmod builds against every installed linux-headers-6.1.0-N-amd64, and dkms.conf accepts exactly that range" {
	local re hdr rel n=0
	re=$(sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"$/\1/p' "$ROOT/kmod/dkms.conf")
	[ -n "$re" ] || fail "no BUILD_EXCLUSIVE_KERNEL in dkms.conf"
	# Older than 6.1.0-47 (one-argument rtnl_delete_link()) and other series
	# are refused.
	for rel in 6.1.0-9-amd64 6.1.0-46-amd64 6.12.107+deb12-amd64 5.10.0-30-amd64; do
		! [[ $rel =~ $re ]] || fail "dkms.conf accepts $rel"
	done
	for rel in 6.1.0-47-amd64 6.1.0-57-amd64 6.1.0-57-cloud-amd64 6.1.0-123-amd64; do
		[[ $rel =~ $re ]] || fail "dkms.conf refuses $rel"
	done
	for hdr in /usr/src/linux-headers-6.1.0-*-amd64; do
		[ -d "$hdr" ] || continue
		rel=${hdr#/usr/src/linux-headers-}
		case $rel in *-cloud-amd64 | *-rt-amd64) continue ;; esac
		[[ $rel =~ $re ]] || fail "dkms.conf refuses the installed $rel"
		rm -rf "$BATS_TEST_TMPDIR/kmod"
		cp -r "$ROOT/kmod" "$BATS_TEST_TMPDIR/kmod"
		make -s -C "$BATS_TEST_TMPDIR/kmod" clean KERNELDIR="$hdr" >/dev/null 2>&1 || true
		run make -s -C "$BATS_TEST_TMPDIR/kmod" KERNELDIR="$hdr"
		[ "$status" -eq 0 ] || fail "build against $rel: $output"
		[ "$(modinfo -F vermagic "$BATS_TEST_TMPDIR/kmod/vportdp.ko" | cut -d' ' -f1)" = "$rel" ] ||
			fail "not built for $rel"
		n=$((n + 1))
	done
	[ "$n" -ge 1 ] || fail "no linux-headers-6.1.0-N-amd64 installed (make deps)"
}
