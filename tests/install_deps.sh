#!/usr/bin/env bash
# Installs every Debian package virt's build, tests, benchmarks and Xen lab
# need. Run as root (or with sudo). Safe to run again.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then exec sudo "$0" "$@"; fi
export DEBIAN_FRONTEND=noninteractive
PACKAGES=(
  # build
  gcc g++ clang cmake make pkg-config libexpat1-dev
  # sanitizers' and fuzzers' runtimes for clang, valgrind
  libclang-rt-14-dev valgrind
  # syscall counts (core_uuid_syscalls)
  strace
  # the real libvirt to compare with: virsh, its test driver, its headers
  # for the benchmark, its RNG schemas for XML validation
  libvirt-clients libvirt0 libvirt-dev libxml2-utils
  # Xen's public headers (ABI checks), libxenstore and its tools (peers);
  # libxen-dev also brings libxenlight/libxlutil (libxenmisc4.17) for the
  # libxl backend's build and tests (-DVIRT_WITH_XL=ON, tests/xl)
  libxen-dev libxenmisc4.17 libxenstore4 xenstore-utils
  # virsh's line editing (libedit), and tmux to test it as a person types
  libedit-dev tmux
  # the remote driver's peers: Debian's libvirtd (test driver), libvirt's
  # Python client to compare with (also for tests/programs), sshd and netcat for the ssh transport
  libvirt-daemon python3-libvirt openssh-server netcat-openbsd
  # SASL logins to that daemon: saslpasswd2 makes the test's sasldb, the
  # mechanisms (SCRAM, DIGEST-MD5) and the client library's headers
  sasl2-bin libsasl2-modules libsasl2-modules-db libsasl2-dev
  # the Python binding
  python3 python3-dev python3-setuptools python3-pip python3-wheel python3-venv
  # the Xen lab: QEMU and the tools that build its images
  qemu-system-x86 cpio gzip xz-utils busybox-static
)
apt-get update -q
apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
