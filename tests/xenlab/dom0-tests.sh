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

# vCPUs, pinning, node CPUs/memory, capabilities, state, scheduler vs xl (issue 11)
run "lab_vcpus (xen:/// vs xl vcpu-list, xl info, xl sched-*)" 90 lab_vcpus "$GUEST_NAME"

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

# The libxl backend (virsh built with VIRT_WITH_XL): a persistent guest's
# whole life through xen:///, each step checked against xl and xenstore.
XL_NAME=virtxl
XL_DEF=/etc/libvirt/libxl/$XL_NAME.xml
XL_LOG=/var/log/xen/console/guest-$XL_NAME.log
# vxl ARGS...: virsh_xl -c xen:/// ARGS; output shown and kept in /tmp/vxl.out
vxl() { timeout 60 $BIN/virsh_xl -c xen:/// "$@" > /tmp/vxl.out 2>&1; r=$?; sed 's/^/  | /' /tmp/vxl.out; return $r; }
xl_state() { xl list "$1" 2>/dev/null | awk -v n="$1" '$1 == n {print $5}'; }
xl_guest_xml() { # NAME KERNEL
    cat <<EOF
<domain type='xen'>
  <name>$1</name>
  <memory unit='KiB'>131072</memory>
  <currentMemory unit='KiB'>131072</currentMemory>
  <vcpu>1</vcpu>
  <os><type>linux</type><kernel>$2</kernel><initrd>/guest/initrd.gz</initrd>
    <cmdline>console=hvc0 loglevel=4</cmdline></os>
  <on_poweroff>preserve</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>preserve</on_crash>
  <devices><console type='pty'><target type='xen' port='0'/></console></devices>
</domain>
EOF
}
libxl_lifecycle() {
    xl_guest_xml $XL_NAME /guest/vmlinuz > /tmp/$XL_NAME.xml
    if vxl define /tmp/$XL_NAME.xml; then pass "libxl: define $XL_NAME"; else fail "libxl: define $XL_NAME"; return; fi
    if grep -q "<name>$XL_NAME</name>" $XL_DEF && grep -q "<uuid>" $XL_DEF; then pass "libxl: $XL_DEF holds the definition with a uuid"
    else fail "libxl: $XL_DEF missing or without name/uuid"; fi
    ls /etc/libvirt/libxl/.$XL_NAME.xml.* > /dev/null 2>&1 && fail "libxl: a temp file of the atomic write is left"
    xl list $XL_NAME > /dev/null 2>&1 && fail "libxl: define started $XL_NAME (xl list has it)"
    if vxl list --all && grep -Eq "^ *- +$XL_NAME +shut off" /tmp/vxl.out; then pass "libxl: list --all shows $XL_NAME shut off"
    else fail "libxl: list --all does not show $XL_NAME shut off"; fi
    if vxl dumpxml $XL_NAME && grep -q "<kernel>/guest/vmlinuz</kernel>" /tmp/vxl.out; then pass "libxl: dumpxml of the inactive definition"
    else fail "libxl: dumpxml of the inactive $XL_NAME"; fi

    if vxl start $XL_NAME; then pass "libxl: start $XL_NAME"; else fail "libxl: start $XL_NAME"; return; fi
    id=$(xl domid $XL_NAME 2>/dev/null)
    if [ -n "$id" ]; then pass "libxl: xl list has $XL_NAME (domain $id)"; else fail "libxl: xl list lacks $XL_NAME after start"; return; fi
    if [ "$(xenstore-read /local/domain/$id/name 2>/dev/null)" = $XL_NAME ]; then pass "libxl: xenstore names domain $id $XL_NAME"
    else fail "libxl: xenstore /local/domain/$id/name is not $XL_NAME"; fi
    n=0; while [ $n -lt 450 ] && ! grep -q GUEST-MARKER $XL_LOG 2>/dev/null; do sleep 0.2; n=$((n + 1)); done
    if grep -q GUEST-MARKER $XL_LOG 2>/dev/null; then pass "libxl: $XL_NAME booted (its marker in $XL_LOG)"
    else fail "libxl: $XL_NAME printed no marker in 90 s"; fi
    # "idle": the hypervisor's blocked flag (the guest sleeps between its ticks)
    if vxl list && grep -Eq "^ *$id +$XL_NAME +(running|idle)" /tmp/vxl.out; then pass "libxl: list shows $XL_NAME active as $id"
    else fail "libxl: list does not show $XL_NAME active (running or idle) as $id"; fi
    if vxl list --all && ! grep -q "shut off" /tmp/vxl.out; then pass "libxl: list --all lists no inactive definition now"
    else fail "libxl: list --all still shows something shut off"; fi
    uuid=$(xl list -l $XL_NAME | awk -F'"' '/"uuid"/{print $4; exit}')
    if vxl dumpxml $XL_NAME && grep -q "id='$id'" /tmp/vxl.out && grep -q "<name>$XL_NAME</name>" /tmp/vxl.out &&
       [ -n "$uuid" ] && grep -q "<uuid>$uuid</uuid>" /tmp/vxl.out; then
        pass "libxl: dumpxml of the running $XL_NAME (id $id, xl's uuid $uuid)"
    else fail "libxl: dumpxml of the running $XL_NAME (id $id / name / uuid '$uuid')"; fi

    if vxl setmem $XL_NAME 98304 && [ "$(xenstore-read /local/domain/$id/memory/target)" = 98304 ]; then
        pass "libxl: setmem 98304 (xenstore memory/target)"
    else fail "libxl: setmem: memory/target is '$(xenstore-read /local/domain/$id/memory/target 2>&1)'"; fi
    if vxl suspend $XL_NAME && xl_state $XL_NAME | grep -q p; then pass "libxl: suspend (xl list: paused)"
    else fail "libxl: suspend: xl state '$(xl_state $XL_NAME)'"; fi
    if vxl resume $XL_NAME && ! xl_state $XL_NAME | grep -q p; then pass "libxl: resume (xl list: not paused)"
    else fail "libxl: resume: xl state '$(xl_state $XL_NAME)'"; fi

    if vxl shutdown $XL_NAME; then pass "libxl: shutdown $XL_NAME"; else fail "libxl: shutdown $XL_NAME"; fi
    n=0; while [ $n -lt 300 ] && ! xl_state $XL_NAME | grep -q s; do sleep 0.2; n=$((n + 1)); done
    if xl_state $XL_NAME | grep -q s; then pass "libxl: $XL_NAME shut down (xl list: s)"
    else fail "libxl: $XL_NAME did not shut down in 60 s (xl state '$(xl_state $XL_NAME)')"; fi
    if grep -q GUEST-POWEROFF $XL_LOG; then pass "libxl: the guest ran its poweroff"; else fail "libxl: no GUEST-POWEROFF in $XL_LOG"; fi
    if vxl destroy $XL_NAME && ! xl list $XL_NAME > /dev/null 2>&1; then pass "libxl: destroy (gone from xl list)"
    else fail "libxl: destroy: xl list still has $XL_NAME"; fi
    xenstore-exists /local/domain/$id 2>/dev/null && fail "libxl: /local/domain/$id is left in xenstore"
    if vxl list --all && grep -Eq "^ *- +$XL_NAME +shut off" /tmp/vxl.out; then pass "libxl: defined $XL_NAME is shut off again"
    else fail "libxl: list --all after destroy"; fi
    if vxl undefine $XL_NAME && [ ! -e $XL_DEF ]; then pass "libxl: undefine (file removed)"; else fail "libxl: undefine"; fi
    if vxl list --all && ! grep -q $XL_NAME /tmp/vxl.out; then pass "libxl: list --all no longer has $XL_NAME"
    else fail "libxl: list --all still has $XL_NAME"; fi
    if vxl undefine $XL_NAME; then fail "libxl: a second undefine succeeded"; else pass "libxl: a second undefine is refused"; fi

    # a create that fails leaves nothing behind and names the cause
    xl_guest_xml virtxlbad /nonexistent/vmlinuz > /tmp/virtxlbad.xml
    if vxl create /tmp/virtxlbad.xml; then fail "libxl: create with a bad kernel path succeeded"
    elif grep -q "/nonexistent/vmlinuz" /tmp/vxl.out && grep -q "virtxlbad" /tmp/vxl.out; then
        pass "libxl: create with a bad kernel path fails, naming the domain and the path"
    else fail "libxl: create with a bad kernel: the error names neither the path nor the domain"; fi
    if xl list | grep -q virtxlbad; then fail "libxl: the failed create left virtxlbad in xl list"
    else pass "libxl: the failed create left no domain in xl list"; fi
    # a transient domain: running while it lives, never a definition
    xl_guest_xml virtxltr /guest/vmlinuz > /tmp/virtxltr.xml
    if vxl create /tmp/virtxltr.xml; then pass "libxl: create (transient) virtxltr"; else fail "libxl: create (transient) virtxltr"; fi
    tid=$(xl domid virtxltr 2>/dev/null)
    if [ -n "$tid" ] && [ ! -e /etc/libvirt/libxl/virtxltr.xml ]; then pass "libxl: virtxltr runs as $tid, with no definition file"
    else fail "libxl: virtxltr: domid '$tid', definition file $(ls /etc/libvirt/libxl/virtxltr.xml 2>&1)"; fi
    if vxl dumpxml virtxltr && grep -q "id='$tid'" /tmp/vxl.out; then pass "libxl: dumpxml of the transient domain (id $tid)"
    else fail "libxl: dumpxml of the transient domain"; fi
    if vxl destroy virtxltr && ! xl list virtxltr > /dev/null 2>&1; then pass "libxl: destroy of the transient domain (gone from xl list)"
    else fail "libxl: destroy of the transient domain"; fi
    if vxl list --all && ! grep -q virtxltr /tmp/vxl.out; then pass "libxl: the destroyed transient domain is listed nowhere"
    else fail "libxl: list --all still has virtxltr"; fi
    if vxl list && grep -q "Domain-0" /tmp/vxl.out && grep -q "$GUEST_NAME" /tmp/vxl.out; then
        pass "libxl: list still shows Domain-0 and $GUEST_NAME"
    else fail "libxl: list lost Domain-0 or $GUEST_NAME"; fi
}
if built virsh_xl; then echo "XENLAB-RUN: libxl lifecycle (virsh_xl)"; libxl_lifecycle; fi
rm -f /tmp/vxl.out

# Last: a second guest started (event) and destroyed while running, then
# shutdown through control/shutdown and destroy of the first (it ends).
run "lab_checks end (start event, shutdown, destroy)" 150 lab_checks end "$GUEST_NAME" \
    "$SECOND_NAME" /etc/xen/$SECOND_NAME.cfg

rm -f /tmp/out.$$
exit $FAILED
