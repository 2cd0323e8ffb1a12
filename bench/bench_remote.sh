#!/usr/bin/env bash
# bench/bench_remote.sh BENCH_REMOTE VIRT_VIRSH [--smoke] - starts Debian's
# libvirtd (tests/remote/daemons.sh: test driver only, private config,
# stopped by PID at exit) and runs bench_remote against it. 77: no libvirtd.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../tests/remote/daemons.sh"
vr_start_libvirtd; rc=$?; [ $rc = 0 ] || exit $rc
VIRT_BENCH_DAEMON_PID=$VR_LIBVIRTD_PID "$1" "$VR_SOCK" "$2" "${3:-}"
