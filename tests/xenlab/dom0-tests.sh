#!/bin/sh
# tests/xenlab/dom0-tests.sh - virt's integration tests, run inside dom0 by
# dom0-init.sh while the guest $GUEST_NAME (domain $GUEST_DOMID) runs.
# Each program is built on the host (run.sh, PROGRAMS); one that could not
# be built is reported and counts as a failure. Prints one
# "XENLAB-CHECK PASS|FAIL: ..." line per step; exits 1 if any failed.
BIN=/xenlab/bin
FAILED=0
pass() { echo "XENLAB-CHECK PASS: $*"; }
fail() { echo "XENLAB-CHECK FAIL: $*"; FAILED=1; }

# built NAME: true when the host built NAME; otherwise reports why not
built() {
    st=$(cat $BIN/$1.status 2>/dev/null || echo "not built (not in the image)")
    [ "$st" = built ] && return 0
    [ -e /tmp/reported.$1 ] || fail "$1: $st"   # once per program
    : > /tmp/reported.$1
    return 1
}

# run LABEL SECONDS NAME ARGS...: runs a test program, shows its output,
# passes when it exits 0 within SECONDS. $RUN_ENV (VAR=value words) is
# passed to the program's environment.
RUN_ENV=
run() {
    label=$1; secs=$2; name=$3; shift 3
    built "$name" || return 1
    echo "XENLAB-RUN: $label"
    timeout "$secs" env $RUN_ENV $BIN/$name "$@" > /tmp/out.$$ 2>&1
    rc=$?
    sed 's/^/  | /' /tmp/out.$$   # run.sh streams the "|" lines to the host's log
    case $rc in
        0) pass "$label" ;;
        124|137|143) fail "$label: timed out after $secs s (exit $rc)" ;;   # busybox timeout: killed by TERM
        77) fail "$label: skipped itself (exit 77) inside the lab" ;;
        *) fail "$label: exit $rc" ;;
    esac
    return $rc
}

# Read checks, suspend/resume, memory, read-only connection and events
# (lab_checks.c), while nothing else has touched the guest.
run "lab_checks main (xen:/// vs xl, xenstore)" 90 lab_checks main "$GUEST_NAME"

run "hv_real_checks $GUEST_DOMID" 60 hv_real_checks "$GUEST_DOMID"

run "xs_real_checks (unix socket)" 60 xs_real_checks
# Once through the kernel's xenbus device with the daemon's sockets out of
# sight, so nothing can quietly use them.
for s in /run/xenstored/socket /run/xenstored/socket_ro; do [ -e $s ] && mv $s $s.hidden; done
RUN_ENV=XENSTORED_PATH=/dev/xen/xenbus
run "xs_real_checks (/dev/xen/xenbus, sockets hidden)" 60 xs_real_checks
RUN_ENV=
for s in /run/xenstored/socket /run/xenstored/socket_ro; do [ -e $s.hidden ] && mv $s.hidden $s; done

RUN_ENV=XENSTORED_PATH=/run/xenstored/socket
if run "bench_xs (real xenstored, libxenstore)" 120 bench_xs; then
    # the benchmark's summary line (ratios against libxenstore)
    line=$(grep -i 'ratio' /tmp/out.$$ | tail -1)
    if [ -n "$line" ]; then echo "XENLAB-BENCH: $line"; else fail "bench_xs printed no ratio line"; fi
fi
RUN_ENV=

# the virsh example against the live node
if run "virsh list" 30 virsh -c xen:/// list; then
    for d in Domain-0 "$GUEST_NAME"; do
        if grep -q "[[:space:]]$d[[:space:]]" /tmp/out.$$; then pass "virsh list shows $d"
        else fail "virsh list does not show $d"; fi
    done
fi
for d in Domain-0 "$GUEST_NAME"; do
    if run "virsh dominfo $d" 30 virsh -c xen:/// dominfo "$d"; then
        if grep -q "^Name:[[:space:]]*$d\$" /tmp/out.$$; then pass "virsh dominfo $d names it"
        else fail "virsh dominfo $d: no 'Name: $d' line"; fi
        for field in Id UUID State "Max memory" "Used memory"; do
            grep -q "^$field:[[:space:]]*[^[:space:]]" /tmp/out.$$ ||
                fail "virsh dominfo $d: no '$field:' line"
        done
    fi
done

# Last: a second guest started (event) and destroyed while running, then
# shutdown through control/shutdown and destroy of the first (it ends).
run "lab_checks end (start event, shutdown, destroy)" 150 lab_checks end "$GUEST_NAME" \
    "$SECOND_NAME" /etc/xen/$SECOND_NAME.cfg

rm -f /tmp/out.$$
exit $FAILED
