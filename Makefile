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
	check check-kunit check-vm check-vm-6.12 check-vm-xs8 check-vms check-vms-matrix check-vm-userspace check-vm-reload check-vm-churn \
	check-matrix sparse checkpatch layout

all: module

#: build openvswitch.ko (KERNEL_UNAME=<uname> or KSRC=<tree>; also plain "make")
module:
	$(say_configured)
	@$(TOP)/scripts/build.sh $(kernel_args) -- $(kbuild_args)

#: install it into /lib/modules/<uname>/updates/ and run depmod
install:
	$(say_configured)
	@$(TOP)/scripts/build.sh $(kernel_args) --install -- $(kbuild_args)

#: install the Debian packages builds and tests need
deps:
	@$(TOP)/scripts/install-deps.sh

# Lint first: it is quick.  -k: one failing suite does not hide the others.
#: every test: sparse, checkpatch, layout, KUnit, packaging, VM (6.1, 6.12, xs8), matrix
check: deps
	@$(MAKE) -k -f $(TOP)/Makefile --no-print-directory \
		sparse checkpatch layout check-kunit check-packaging check-vms-matrix

#: KUnit suites under UML with KASAN, UBSAN, lockdep, kmemleak
check-kunit:
	@$(TOP)/tests/kunit/run.sh

# make check runs each fuzz suite's short slice (in check-kunit); this is
# the long run.  FUZZ_ITERATIONS=N (default 1000000), FUZZ_SEED=S,
# FUZZ_FIRST=F (start at input F, or at its chunk's start where inputs
# depend on earlier ones: a failure at input F repeats alone with
# FUZZ_FIRST=F FUZZ_ITERATIONS=F+1 and the run's FUZZ_SEED).
.PHONY: fuzz
#: not in make check: the ovs_fuzz* KUnit suites, 1,000,000 inputs each; rates, coverage (FUZZ_ITERATIONS, FUZZ_SEED, FUZZ_FIRST=N repeats from input N)
fuzz:
	@$(TOP)/tests/kunit/fuzz.sh

#: our module under QEMU with Debian's ovs-vswitchd (6.1 guest)
check-vm:
	@$(TOP)/tests/vm/run.sh

# The same tests on bookworm-backports' 6.12 guest: the kernel where psample
# carries cookies, with its own in-tree recordings in tests/vm/expected/.
#: the same on a 6.12 guest (bookworm-backports)
check-vm-6.12:
	@$(TOP)/tests/vm/run.sh --kernel 6.12

# XenServer 8's kernel (4.19.0+1) from ../shared/kernels/xs8-4.19/ beside
# the project root: its in-tree recordings are tests/vm/expected/*-xs8.txt.
#: the same on XenServer 8's 4.19.0+1 (../shared/kernels/xs8-4.19/)
check-vm-xs8:
	@$(TOP)/tests/vm/run.sh --kernel xs8

# Each guest keeps one CPU busy (single-threaded TCG): boot them side by
# side, VM_JOBS at a time (default: the number of CPUs).  Each kernel's
# tests are split over two boots (up to 64, from 65 on: about as long as
# each other), and the jobs start longest first, so that with two lanes
# neither waits long for the other at the end.  Then the 6.1 guest with
# the userspace of bullseye (2.15) and of trixie (3.5).  make check adds
# the compile matrix as one more job (check-vms-matrix): it fills the lane
# that ends first instead of running after the guests.
vm_jobs_all = 6.1:65- 6.12:65- xs8:65- 6.1:-64 6.12:-64 xs8:-64
vm_jobs_userspace = 6.1/bullseye 6.1/trixie
#: the VM tests on every guest kernel at once (6.1, 6.12, xs8), and 6.1 with OVS 2.15 and 3.5
check-vms:
	@$(TOP)/tests/vm/run-guests.sh $(vm_jobs_all) $(vm_jobs_userspace)

#: what make check runs after the quick suites: check-vms and check-matrix sharing the CPUs
check-vms-matrix:
	@$(TOP)/tests/vm/run-guests.sh $(vm_jobs_all) matrix $(vm_jobs_userspace)

#: the 6.1 guest with Open vSwitch 2.15 (bullseye) and 3.5 (trixie): vswitchd, forwarding, OpenFlow
check-vm-userspace:
	@$(TOP)/tests/vm/run-guests.sh 6.1/bullseye 6.1/trixie

# VM test 35 runs 3 reload cycles in make check; this is the long run.
#: not in make check: 100 module reloads under traffic (test 35; GUEST=6.12|xs8)
check-vm-reload:
	@VM_TESTS='35-*' VM_PARAMS='reload_cycles=100' VM_TEST_TIMEOUT=5400 VM_TIMEOUT=6000 \
		$(TOP)/tests/vm/run.sh $(if $(GUEST),--kernel $(GUEST))

# VM test 37 churns for 30 s in make check; this is the long run.  The
# test's limits grow with the churn: 10 minutes for what surrounds it.
CHURN_SECONDS ?= 600
#: not in make check: 10 minutes of flow, port, datapath and namespace churn under traffic (test 37; CHURN_SECONDS, GUEST=6.12|xs8)
check-vm-churn:
	@VM_TESTS='37-*' VM_PARAMS='churn_seconds=$(CHURN_SECONDS)' \
		VM_TEST_TIMEOUT=$$(($(CHURN_SECONDS) + 600)) VM_TIMEOUT=$$(($(CHURN_SECONDS) + 1200)) \
		$(TOP)/tests/vm/run.sh $(if $(GUEST),--kernel $(GUEST))

#: compile against every supported kernel (-Werror, W=1)
check-matrix:
	@$(TOP)/tests/matrix/run.sh $(if $(KSRC),--ksrc $(KSRC))

# Not a test: packets per second, in-tree module vs ours, in one VM boot.
# BENCH_ARGS="--reference-only --rounds 3" and the like (scripts/bench.sh).
.PHONY: bench
#: not a test: packets per second, in-tree module vs ours (QEMU)
bench:
	@$(TOP)/scripts/bench.sh $(BENCH_ARGS)

#: sparse (C=2) over our sources
sparse:
	@$(TOP)/scripts/sparse.sh $(kernel_args)

#: checkpatch.pl --strict over our sources
checkpatch:
	@$(TOP)/scripts/checkpatch.sh

#: datapath/README's rules on where code and declarations live
layout:
	@python3 $(TOP)/scripts/layout-check.py

# Packaging: RPMs from a clean source tarball (build/rpm/), the tarball
# alone (build/dist/), and the packaging tests.
.PHONY: rpm dist check-packaging
#: the module and boot RPMs for the detected kernel (build/rpm/)
rpm:
	@$(TOP)/scripts/install-deps.sh build packaging
	@$(TOP)/scripts/rpm.sh $(if $(rpm_uname),--uname $(rpm_uname))

#: the source tarball with the generated spec (build/dist/)
dist:
	@$(TOP)/scripts/dist.sh

# Detection, spec and RPMs; the boot package's scripts and XAPI plugin;
# DKMS.  Separate targets so that -k runs all three.
.PHONY: check-packaging-rpm check-packaging-boot check-packaging-dkms
#: kernel detection, spec, RPMs, boot script, XAPI plugin, DKMS
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
#: sources and dkms.conf into /usr/src, then dkms add
dkms:
	@$(TOP)/scripts/dkms.sh install

.PHONY: distclean
#: remove build/
clean:
	rm -rf $(TOP)/build

#: clean, and forget what ./configure chose (config.mk)
distclean: clean
	rm -f $(TOP)/config.mk

#: this list
help:
	@awk '/^#: / { doc = substr($$0, 4); next } \
	     /^[a-z][a-z0-9.-]*:/ && doc { sub(/:.*/, ""); \
		printf "  make %-18s %s\n", $$0, doc } { doc = "" }' $(TOP)/Makefile
