#!/bin/sh
# tests/xenlab/dom0-init.sh - /init of the lab's dom0 (busybox sh, PID 1).
# Brings up Xen's toolstack the way a bare initramfs must (facts from
# ../shared/xenlab/REPORT.md: Debian builds the Xen drivers as modules;
# xenfs must be mounted before xenstored reads /proc/xen/xsd_kva;
# xen-init-dom0 needs a running xenstored), starts the guest, runs
# /xenlab/dom0-tests.sh, prints "XENLAB-RESULT: PASS|FAIL" and powers off.
# Every step is bounded in time; "XENLAB-STAGE: <name>" lines tell the host
# how far dom0 got.
export PATH=/usr/lib/xen-4.17/bin:/usr/sbin:/usr/bin:/sbin:/bin:/xenlab/bin
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu
. /xenlab/config

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mkdir -p /run/lock /run/xen /run/xenstored
mount -t tmpfs tmpfs /tmp

FAIL=0
uptime_s() { cut -d' ' -f1 /proc/uptime; }
stage() { echo "XENLAB-STAGE: $1 (dom0 uptime $(uptime_s) s)"; }
pass() { echo "XENLAB-CHECK PASS: $*"; }
fail() { echo "XENLAB-CHECK FAIL: $*"; FAIL=1; }
check() { d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }
finish() {
    stage poweroff
    if [ "$FAIL" = 0 ]; then echo "XENLAB-RESULT: PASS"; else echo "XENLAB-RESULT: FAIL"; fi
    sync
    poweroff -f
    sleep 20
    echo o > /proc/sysrq-trigger
}
# wait_for SECONDS CMD...: polls CMD every 0.2 s
wait_for() {
    n=$(($1 * 5)); shift
    while [ $n -gt 0 ]; do "$@" && return 0; sleep 0.2; n=$((n - 1)); done
    return 1
}

stage dom0-init
echo "XENLAB: kernel $(uname -r), hypervisor $(cat /sys/hypervisor/type 2>/dev/null)" \
     "$(cat /sys/hypervisor/version/major 2>/dev/null).$(cat /sys/hypervisor/version/minor 2>/dev/null)"

stage modules
for m in xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc; do   # this order: xenfs needs privcmd
    insmod /lib/modules/$m.ko || fail "insmod $m"
done
mkdir -p /proc/xen
check "mount xenfs on /proc/xen" mount -t xenfs xenfs /proc/xen
check "/dev/xen/privcmd is a character device" test -c /dev/xen/privcmd
check "/dev/xen/xenbus is a character device" test -c /dev/xen/xenbus
check "/proc/xen/capabilities says control_d" grep -q control_d /proc/xen/capabilities

stage xenstored
timeout 30 xenstored --pid-file /run/xenstored.pid   # forks; the parent returns
check "xenstored socket /run/xenstored/socket appears" wait_for 20 test -S /run/xenstored/socket
stage xen-init-dom0
check "xen-init-dom0" timeout 30 xen-init-dom0
stage xenconsoled
# --log=guest: the guest's console is a file we can read
timeout 30 xenconsoled --pid-file=/run/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console ||
    fail "xenconsoled"
check "xl list works" timeout 30 xl list

if [ "$FAIL" != 0 ]; then echo "XENLAB: the toolstack is not up; no guest, no tests"; finish; fi

stage guest-create
GUEST_LOG=/var/log/xen/console/guest-$GUEST_NAME.log
# xl create returns once the domain is built (8-12 s under TCG: it inflates
# the xz kernel); its monitor process stays to apply on_poweroff.
if timeout 120 xl create /etc/xen/$GUEST_NAME.cfg; then
    pass "xl create $GUEST_NAME"
    stage guest-boot
    check "guest $GUEST_NAME printed its marker (booted)" \
        wait_for 150 grep -q GUEST-MARKER "$GUEST_LOG"
else
    fail "xl create $GUEST_NAME"
fi
GUEST_DOMID=$(xl domid "$GUEST_NAME" 2>/dev/null)
export GUEST_NAME GUEST_DOMID GUEST_LOG SECOND_NAME XENLAB_ONLY

if [ -n "$GUEST_DOMID" ]; then
    stage tests
    echo "===== xl list ====="; xl list
    if [ "$XENLAB_DEBUG" = 1 ]; then
        for c in "xl list -l" "xl info" "xenstore-ls -f"; do echo "===== $c ====="; $c; done
    fi
    # dom0-tests.sh prints its own XENLAB-CHECK lines and exits 1 if any
    # failed; other codes (timeout, crash) need a line of their own.
    # TESTS_TIMEOUT (run.sh's knob, 1500 s) bounds the whole suite.
    timeout ${TESTS_TIMEOUT:-1500} sh /xenlab/dom0-tests.sh
    rc=$?
    case $rc in
        0) ;;
        1) FAIL=1 ;;
        124|137|143) fail "dom0-tests.sh timed out after ${TESTS_TIMEOUT:-1500} s (exit $rc)" ;;
        *) fail "dom0-tests.sh exited $rc" ;;
    esac
else
    fail "no guest domain id: tests not run"
fi
echo "===== guest console ====="; grep GUEST- "$GUEST_LOG" 2>/dev/null
if [ "$FAIL" != 0 ]; then
    # what the host's console tail cannot show otherwise: the guest's own
    # console (a file here) and dom0's kernel messages below the console's
    # loglevel (segfaults, OOM kills, xen driver warnings)
    echo "===== guest console, last 30 lines ====="; tail -n 30 "$GUEST_LOG" 2>/dev/null
    echo "===== dom0 kernel messages, last 30 ====="; dmesg 2>/dev/null | tail -n 30
    echo "===== xl list ====="; timeout 30 xl list 2>&1
fi
finish
