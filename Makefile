# SPDX-License-Identifier: GPL-2.0-only
#
# User entry points.  The kernel build itself is Kbuild's; the scripts named
# below do the work so that each can also be run on its own.
#
#   ./configure [--with-linux=<build tree>]           choose the kernel for make
#   make [KERNEL_UNAME=<uname> | KSRC=<build tree>]   build openvswitch.ko
#   make install                                      into updates/, depmod
#   make check                                        every test below

TOP := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

KERNEL_UNAME ?=
KSRC ?=
W ?=
C ?=

# ./configure's kernel (config.mk), used when make is given none.
-include $(TOP)/config.mk
CONFIGURED_KERNEL_UNAME ?=
CONFIGURED_KSRC ?=

kernel_args = $(if $(KERNEL_UNAME)$(KSRC),$(if $(KERNEL_UNAME),--uname $(KERNEL_UNAME)) \
	      $(if $(KSRC),--build-dir $(KSRC)),$(if $(CONFIGURED_KSRC),--build-dir $(CONFIGURED_KSRC)))
rpm_uname = $(if $(KERNEL_UNAME),$(KERNEL_UNAME),$(CONFIGURED_KERNEL_UNAME))
say_configured = $(if $(KERNEL_UNAME)$(KSRC),,$(if $(CONFIGURED_KSRC),\
	@echo "make: kernel $(CONFIGURED_KERNEL_UNAME) from ./configure (config.mk)"))
kbuild_args = $(if $(W),W=$(W)) $(if $(C),C=$(C))

.PHONY: all module install deps clean help \
	check check-kunit check-vm check-vm-6.12 check-matrix sparse checkpatch

all: module

module:
	$(say_configured)
	@$(TOP)/scripts/build.sh $(kernel_args) -- $(kbuild_args)

install:
	$(say_configured)
	@$(TOP)/scripts/build.sh $(kernel_args) --install -- $(kbuild_args)

deps:
	@$(TOP)/scripts/install-deps.sh

# Lint first: it is quick.  -k: one failing suite does not hide the others.
check: deps
	@$(MAKE) -k -f $(TOP)/Makefile --no-print-directory \
		sparse checkpatch check-kunit check-packaging check-vm \
		check-vm-6.12 check-matrix

check-kunit:
	@$(TOP)/tests/kunit/run.sh

check-vm:
	@$(TOP)/tests/vm/run.sh

# The same tests on bookworm-backports' 6.12 guest: the kernel where psample
# carries cookies, with its own in-tree recordings in tests/vm/expected/.
check-vm-6.12:
	@$(TOP)/tests/vm/run.sh --kernel 6.12

check-matrix:
	@$(TOP)/tests/matrix/run.sh $(if $(KSRC),--ksrc $(KSRC))

# Not a test: packets per second, in-tree module vs ours, in one VM boot.
# BENCH_ARGS="--reference-only --rounds 3" and the like (scripts/bench.sh).
.PHONY: bench
bench:
	@$(TOP)/scripts/bench.sh $(BENCH_ARGS)

sparse:
	@$(TOP)/scripts/sparse.sh $(kernel_args)

checkpatch:
	@$(TOP)/scripts/checkpatch.sh

# Packaging: RPMs from a clean source tarball (build/rpm/), the tarball
# alone (build/dist/), and the packaging tests.
.PHONY: rpm dist check-packaging
rpm:
	@$(TOP)/scripts/install-deps.sh build packaging
	@$(TOP)/scripts/rpm.sh $(if $(rpm_uname),--uname $(rpm_uname))

dist:
	@$(TOP)/scripts/dist.sh

# Detection, spec and RPMs; the boot package's scripts and XAPI plugin;
# DKMS.  Separate targets so that -k runs all three.
.PHONY: check-packaging-rpm check-packaging-boot check-packaging-dkms
check-packaging: check-packaging-rpm check-packaging-boot check-packaging-dkms

check-packaging-rpm:
	@$(TOP)/tests/packaging/run.sh

check-packaging-boot:
	@$(TOP)/tests/packaging/boot/run.sh

check-packaging-dkms:
	@$(TOP)/tests/packaging/dkms/run.sh

# DKMS: the sources and a dkms.conf made from META into
# /usr/src/<name>-<version>/, then "dkms add" (README, "DKMS").
.PHONY: dkms
dkms:
	@$(TOP)/scripts/dkms.sh install

.PHONY: distclean
clean:
	rm -rf $(TOP)/build

distclean: clean
	rm -f $(TOP)/config.mk

help:
	@sed -n 's/^#   //p' $(TOP)/Makefile
	@echo "  make deps            install the Debian packages builds and tests need"
	@echo "  make check-kunit     KUnit suites under UML with KASAN, UBSAN, lockdep, kmemleak"
	@echo "  make check-vm        our module under QEMU with Debian's ovs-vswitchd"
	@echo "  make check-vm-6.12   the same on a 6.12 guest (bookworm-backports)"
	@echo "  make check-matrix    compile against every supported kernel (-Werror, W=1)"
	@echo "  make bench           pps through the datapath, in-tree module vs ours (QEMU)"
	@echo "  make sparse          sparse (C=2) over our sources"
	@echo "  make checkpatch      checkpatch.pl --strict over our sources"
