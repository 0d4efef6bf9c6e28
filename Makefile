# SPDX-License-Identifier: GPL-2.0
# vportctl and vportdp: top-level build, install and test targets.

PREFIX ?= /usr
DESTDIR ?=
BINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
PKG_CONFIG ?= pkg-config
WITH_BASHCOMPLETION ?= auto
BASHCOMPDIR ?= $(or $(shell $(PKG_CONFIG) --variable=completionsdir bash-completion 2>/dev/null),$(PREFIX)/share/bash-completion/completions)

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1)

KVER ?= $(shell ls /lib/modules 2>/dev/null | sort -V | tail -n1)
KERNELDIR ?= /lib/modules/$(KVER)/build

PKGS := libnl-genl-3.0 libmnl sqlite3
CFLAGS ?= -O2 -g
# What the build needs, kept apart from CFLAGS so that `make CFLAGS=...` on the
# command line (which replaces CFLAGS) keeps the include paths and warnings.
VPORTCTL_CFLAGS := -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wformat=2 -Wmissing-prototypes \
	  -Wstrict-prototypes -Wold-style-definition -MMD -MP \
	  -DVPORTCTL_VERSION='"$(VERSION)"' -Inetlink \
	  $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# libnl and SQLite are linked statically where Debian ships the archives:
# relocating four shared objects at every exec was half of a one-port run.
STATIC_LIBS ?= yes
ifeq ($(STATIC_LIBS),yes)
LDLIBS += -Wl,-Bstatic -lnl-genl-3 -lnl-3 -lsqlite3 -Wl,-Bdynamic -lmnl -lm -lpthread -ldl
else
LDLIBS += $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

SRCS := $(sort $(wildcard cli/*.c netlink/*.c))
# BUILDDIR and PROG place a second build (tests/bats/host/79-faults.bats: LeakSanitizer).
BUILDDIR ?= build
PROG ?= vportctl
OBJS := $(patsubst %.c,$(BUILDDIR)/%.o,$(SRCS))

all: $(PROG)

$(PROG): $(OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -Wl,-O1 -Wl,--as-needed -o $@ $(OBJS) $(LDLIBS)

$(BUILDDIR)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(VPORTCTL_CFLAGS) $(CFLAGS) -c -o $@ $<

-include $(OBJS:.o=.d)

kmod:
	$(MAKE) -C kmod KERNELDIR=$(KERNELDIR)

deps:
	scripts/deps

nlsmoke: all
	$(MAKE) -C tests/nlsmoke

malformed:
	$(MAKE) -C tests/malformed

# The two first commands of a fresh clone: the packages come first, then a
# make of its own, which sees the pkg-config flags and kernel headers they
# brought.  Host suites first (no kernel datapath needed), then the VM suites.
check:
	scripts/deps --quiet
	$(MAKE) all kmod nlsmoke malformed
	tests/check

check-host: all
	tests/check --host

check-vm: all kmod nlsmoke malformed
	tests/check --vm

demo:
	scripts/deps --quiet
	$(MAKE) all kmod
	tests/vm/demo

bench: all kmod
	tests/bench/run

install: all
	install -v -d "$(DESTDIR)$(BINDIR)"
	install -v -m 0755 vportctl "$(DESTDIR)$(BINDIR)/vportctl"
	@[ ! -d man ] || { install -v -d "$(DESTDIR)$(MANDIR)/man8" && \
	  install -v -m 0644 man/vportctl.8 "$(DESTDIR)$(MANDIR)/man8/vportctl.8"; }
	@[ "$(WITH_BASHCOMPLETION)" = no ] || \
	 { [ "$(WITH_BASHCOMPLETION)" = auto ] && [ ! -d "$(DESTDIR)$(BASHCOMPDIR)" ] && \
	   ! $(PKG_CONFIG) --exists bash-completion 2>/dev/null; } || \
	 { install -v -d "$(DESTDIR)$(BASHCOMPDIR)" && \
	   install -v -m 0644 completions/vportctl "$(DESTDIR)$(BASHCOMPDIR)/vportctl"; }
	@[ ! -f systemd/vportctl-restore.service ] || \
	 { install -v -d "$(DESTDIR)$(SYSTEMDUNITDIR)" && \
	   sed 's|@BINDIR@|$(BINDIR)|g' systemd/vportctl-restore.service > "$(DESTDIR)$(SYSTEMDUNITDIR)/vportctl-restore.service" && \
	   chmod 0644 "$(DESTDIR)$(SYSTEMDUNITDIR)/vportctl-restore.service"; }

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/vportctl" "$(DESTDIR)$(MANDIR)/man8/vportctl.8" \
	      "$(DESTDIR)$(BASHCOMPDIR)/vportctl" "$(DESTDIR)$(SYSTEMDUNITDIR)/vportctl-restore.service"

dkms-install:
	$(MAKE) -C kmod dkms-install DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)"

dkms-uninstall:
	rm -rf "$(DESTDIR)$(PREFIX)/src/vportdp-$$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' kmod/dkms.conf)"

clean:
	rm -rf build vportctl
	-$(MAKE) -C kmod clean KERNELDIR=$(KERNELDIR) 2>/dev/null
	rm -rf tests/vm/out
	-$(MAKE) -C tests/nlsmoke clean
	-$(MAKE) -C tests/malformed clean

.PHONY: all kmod nlsmoke malformed deps check check-host check-vm demo bench install uninstall dkms-install \
	dkms-uninstall clean
