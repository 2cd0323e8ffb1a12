#!/bin/sh
# tests/xenlab/dom0-tests.sh - virt's integration tests, run inside dom0 by
# dom0-init.sh while the guest $GUEST_NAME (domain $GUEST_DOMID) runs.
# Each program is built on the host (run.sh, PROGRAMS); one that could not
# be built is reported and counts as a failure. Prints one
# "XENLAB-CHECK PASS|FAIL: ..." line per step; exits 1 if any failed.
BIN=/xenlab/bin
FAILED=0
exec 3>&1   # the console, for progress lines while stdout is redirected
pass() { echo "XENLAB-CHECK PASS: $*"; }
fail() { echo "XENLAB-CHECK FAIL: $*"; FAILED=1; }
# want SECTION: true when SECTION is to run. XENLAB_ONLY (run.sh's knob,
# through /xenlab/config) lists the sections of a partial run: reads
# (lab_checks main, hv, vcpus, xenstore, bench, virsh), lifecycle, images
# (save images, vCPUs, autostart, PV migration), pvh, console, end. Empty:
# all of them.
want() {
    [ -z "${XENLAB_ONLY:-}" ] && return 0
    case " $XENLAB_ONLY " in *" $1 "*) return 0 ;; esac
    return 1
}
[ -n "${XENLAB_ONLY:-}" ] && echo "XENLAB: partial run, only the sections: $XENLAB_ONLY"

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

if want reads; then
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

fi   # want reads

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
if want lifecycle && built virsh_xl; then echo "XENLAB-RUN: libxl lifecycle (virsh_xl)"; libxl_lifecycle; fi

# Save images, managed save, vCPUs and autostart of the libxl backend
# (virsh_xl for save/restore, xl_lab for the calls virsh has no command
# for), each checked against xl, xenstore and libvirt's files.
X2=virtxl2
X2_DEF=/etc/libvirt/libxl/$X2.xml
X2_SAVE=/tmp/$X2.save
X2_MANAGED=/var/lib/libvirt/libxl/save/$X2.save
# xlab ARGS...: xl_lab ARGS; output shown and kept in /tmp/xlab.out
xlab() { timeout 60 $BIN/xl_lab "$@" > /tmp/xlab.out 2>&1; r=$?; sed 's/^/  | /' /tmp/xlab.out; return $r; }
xl_vcpus() { xl list "$1" 2>/dev/null | awk -v n="$1" '$1 == n {print $4}'; }
# wait_for SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds
wait_for() { t=$(( $1 * 5 )); shift; n=0; while [ $n -lt $t ] && ! "$@"; do sleep 0.2; n=$((n + 1)); done; "$@"; }
x2_vcpus_are() { [ "$(xl_vcpus $X2)" = "$1" ]; }
# the cpu time xl list gives domain NAME (its 6th column)
xl_time() { xl list "$1" 2>/dev/null | awk -v n="$1" '$1 == n {print $6}'; }
# x2 answers: running or blocked (not paused, not shut down) and its cpu time grows
x2_answers() {
    t1=$(xl_time $X2); sleep 3; t2=$(xl_time $X2)
    ! xl_state $X2 | grep -q '[sp]' && [ -n "$t1" ] && awk -v a="$t1" -v b="$t2" 'BEGIN { exit !(b > a) }'
}
# Localhost live migration through libxl (libvirt's libxl protocol 3:
# libxl_domain_suspend(LIVE) into a TCP socket, create_restore in virt's
# receiver under NAME--incoming, the source NAME--migratedaway until it is
# destroyed), then failed ones that must leave the guest running.
libxl_migrate() {
    # the migration's socket is on the loopback interface, which nothing else here brings up
    ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
    oid=$(xl domid $X2 2>/dev/null)
    if timeout 300 $BIN/xl_lab migrate $X2 tcp://127.0.0.1 > /tmp/xlab.out 2>&1; then r=0; else r=1; fi
    sed 's/^/  | /' /tmp/xlab.out
    how=live
    # Debian's Xen 4.17 is built without CONFIG_SHADOW_PAGING (its
    # /boot/xen-4.17-amd64.config), and a PV guest's log-dirty mode, which a
    # live migration needs, is shadow code: XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY
    # gives EOPNOTSUPP, libxl says "Failed to enable logdirty". Then the
    # failure must leave the guest running, xl's own migrate is shown for
    # comparison, and the migration is done without VIR_MIGRATE_LIVE (the
    # guest suspended while its memory is sent), as libvirt's libxl driver
    # does without the flag. A PVH guest's log-dirty mode is HAP code and
    # migrates live here (libxl_pvh below).
    if [ $r != 0 ] && grep -q "Failed to enable logdirty" /tmp/xlab.out; then
        if [ "$(xl domid $X2 2>/dev/null)" = "$oid" ] && x2_answers; then
            pass "libxl: a live migration Xen refuses here (log-dirty mode) fails and $X2 runs on as domain $oid"
        else fail "libxl: after the refused live migration: domid '$(xl domid $X2 2>&1)' state '$(xl_state $X2)'"; fi
        echo "  | xl's own live migration on this host, for comparison:"
        timeout 120 xl migrate -s "" $X2 "xl migrate-receive" 2>&1 | grep -i "logdirty\|error\|fail" | head -3 | sed 's/^/  | /'
        oid=$(xl domid $X2 2>/dev/null)
        how=non-live
        if timeout 300 $BIN/xl_lab migrate $X2 tcp://127.0.0.1 nonlive > /tmp/xlab.out 2>&1; then r=0; else r=1; fi
        sed 's/^/  | /' /tmp/xlab.out
    fi
    nid=$(xl domid $X2 2>/dev/null)
    if [ $r = 0 ] && [ -n "$nid" ] && [ "$nid" != "$oid" ] && grep -q "^migrated $X2 id $nid$" /tmp/xlab.out; then
        pass "libxl: $how migration to localhost: $X2 runs as domain $nid (was $oid)"
    else fail "libxl: $how migration to localhost (xl domid '$nid', was $oid)"; xl list | sed 's/^/  | /'; fi
    if ! xl list | awk '{print $2}' | grep -qx "$oid"; then pass "libxl: the old domain $oid is gone"
    else fail "libxl: domain $oid still exists after the migration"; fi
    if ! xl list | grep -Eq -- '--incoming|--migratedaway'; then pass "libxl: no --incoming / --migratedaway domain left"
    else fail "libxl: a temporary migration name is left in xl list"; xl list | sed 's/^/  | /'; fi
    if x2_answers; then pass "libxl: the migrated $X2 runs (state '$(xl_state $X2)', cpu time grows)"
    else fail "libxl: the migrated $X2 does not run (state '$(xl_state $X2)', time '$(xl_time $X2)')"; fi
    if vxl dumpxml $X2 && grep -q "id='$nid'" /tmp/vxl.out; then pass "libxl: dumpxml of the migrated $X2 (id $nid)"
    else fail "libxl: dumpxml of the migrated $X2"; fi
    # failures leave it where it runs
    oid=$nid
    if xlab migrate3 $X2 tcp://192.0.2.1:49999; then fail "libxl: a migration to an address not on this host succeeded"
    elif grep -q "Fail to create socket for incoming migration" /tmp/xlab.out && [ "$(xl domid $X2 2>/dev/null)" = "$oid" ] &&
         x2_answers; then pass "libxl: a migration with a bad URI fails and $X2 runs on as domain $oid"
    else fail "libxl: after the bad-URI migration: domid '$(xl domid $X2 2>&1)' state '$(xl_state $X2)'"; fi
    if xlab refused $X2 1; then fail "libxl: a transfer to a port nobody listens on succeeded"
    elif grep -q "Connection refused" /tmp/xlab.out && [ "$(xl domid $X2 2>/dev/null)" = "$oid" ] && x2_answers; then
        pass "libxl: a transfer to a refused port fails and $X2 runs on as domain $oid"
    else fail "libxl: after the refused transfer: domid '$(xl domid $X2 2>&1)' state '$(xl_state $X2)'"; fi
}
# The console through libxl (virDomainOpenConsole on the pty
# libxl_console_get_tty names): a guest created paused, its console
# opened, resumed: its boot and its marker come through the stream.
libxl_console() {
    xl_guest_xml virtxl3 /guest/vmlinuz > /tmp/virtxl3.xml
    if timeout 200 $BIN/xl_lab console virtxl3 /tmp/virtxl3.xml > /tmp/xlab.out 2>&1 &&
       grep -q "^console: GUEST-MARKER" /tmp/xlab.out; then pass "libxl: the guest's marker read through its console"
    else fail "libxl: no marker through the console"; fi
    sed 's/^/  | /' /tmp/xlab.out
    xl list virtxl3 > /dev/null 2>&1 && { fail "libxl: virtxl3 left running"; xl destroy virtxl3; }
    rm -f /tmp/virtxl3.xml
}
libxl_images_vcpus() {
    xl_guest_xml $X2 /guest/vmlinuz | sed -e "s|<vcpu>1</vcpu>|<vcpu current='1'>2</vcpu>|" \
        -e 's|<on_poweroff>preserve</on_poweroff>|<on_poweroff>destroy</on_poweroff>|' > /tmp/$X2.xml
    if vxl define /tmp/$X2.xml && vxl start $X2; then pass "libxl: define and start $X2 (2 vCPUs, 1 online)"
    else fail "libxl: define/start $X2"; return; fi
    id=$(xl domid $X2 2>/dev/null)
    wait_for 90 grep -q GUEST-MARKER /var/log/xen/console/guest-$X2.log 2>/dev/null ||
        fail "libxl: $X2 printed no marker in 90 s"

    # vCPUs: counts against xl list, online through xenstore, pin against xl vcpu-list
    if xlab vcpus $X2 && grep -q "^live=1 max=2 config=1 configmax=2 getmax=2$" /tmp/xlab.out &&
       [ "$(xl_vcpus $X2)" = 1 ]; then pass "libxl: vcpu counts (live 1 of 2, config 1 of 2; xl list: 1)"
    else fail "libxl: vcpu counts (xl list says '$(xl_vcpus $X2)')"; fi
    if xlab setvcpus $X2 2 live && [ "$(xenstore-read /local/domain/$id/cpu/1/availability 2>&1)" = online ] &&
       wait_for 30 x2_vcpus_are 2; then pass "libxl: setvcpus 2 --live (xenstore cpu/1 online, xl list: 2)"
    else fail "libxl: setvcpus 2 --live: cpu/1 '$(xenstore-read /local/domain/$id/cpu/1/availability 2>&1)', xl list '$(xl_vcpus $X2)'"; fi
    if xlab setvcpus $X2 3 live; then fail "libxl: setvcpus 3 above the maximum 2 succeeded"
    elif grep -q "greater than max allowable vcpus for the domain: 3 > 2" /tmp/xlab.out; then pass "libxl: setvcpus 3 > max 2 refused, naming both"
    else fail "libxl: setvcpus 3: not libvirt's refusal"; fi
    if xlab setvcpus $X2 2 config && ! grep -q "current=" $X2_DEF && xlab vcpus $X2 &&
       grep -q "config=2 configmax=2" /tmp/xlab.out; then pass "libxl: setvcpus 2 --config (definition: <vcpu>2</vcpu>)"
    else fail "libxl: setvcpus 2 --config: $(grep vcpu $X2_DEF)"; fi
    if vxl dumpxml $X2 && grep -q "<vcpu placement='static'>2</vcpu>\|<vcpu>2</vcpu>" /tmp/vxl.out && ! grep -q "current=" /tmp/vxl.out; then
        pass "libxl: dumpxml of the running $X2 says 2 vCPUs online"
    else fail "libxl: dumpxml after setvcpus --live"; fi
    if xlab vcpuinfo $X2 && [ "$(grep -c '^vcpu ' /tmp/xlab.out)" = "$(xl vcpu-list $X2 | awk -v n=$X2 '$1 == n' | wc -l)" ]; then
        pass "libxl: vcpuinfo lists as many vCPUs as xl vcpu-list"
    else fail "libxl: vcpuinfo and xl vcpu-list differ"; xl vcpu-list $X2 | sed 's/^/  | /'; fi
    if xlab pin $X2 0 1 && xl vcpu-list $X2 | awk -v n=$X2 '$1 == n && $3 == 0 {print $7}' | grep -qx 1 &&
       xlab vcpuinfo $X2 && grep -q "^vcpu 0 .* map 02000000$" /tmp/xlab.out; then
        pass "libxl: vcpupin 0 to CPU 1 (xl vcpu-list hard affinity 1; vcpuinfo map 0x02)"
    else fail "libxl: vcpupin 0 1"; xl vcpu-list $X2 | sed 's/^/  | /'; fi

    # a core dump through libxl_domain_core_dump (libvirt's libxlDomainCoreDump:
    # paused for it, resumed after); Xen's dump format is ELF. 128 MiB take
    # about a minute under TCG (a 32 MiB guest cannot hold the kernel)
    x2_core=/tmp/$X2.core
    if timeout 150 $BIN/xl_lab coredump $X2 $x2_core none > /tmp/xlab.out 2>&1 &&
       [ "$(head -c 4 $x2_core | tail -c 3)" = ELF ] && ! xl_state $X2 | grep -q p; then
        pass "libxl: dump $X2 (an ELF core written by libxl, $(wc -c < $x2_core) bytes; running again after it)"
    else fail "libxl: dump $X2 (xl state '$(xl_state $X2)', $(ls -l $x2_core 2>&1))"; sed 's/^/  | /' /tmp/xlab.out; fi
    rm -f $x2_core

    # devices: a disk into and out of the definition (CONFIG); live, a disk
    # whose source libxl cannot use fails with libxl's own error and leaves
    # the live XML as it was (this dom0 has no blkback for a real hotplug);
    # a bus other than xen is refused before libxl is asked, as libvirt does
    printf "<disk type='block' device='disk'><driver name='phy'/><source dev='/dev/virt-no-disk'/><target dev='xvdb'/></disk>\n" > /tmp/x2disk.xml
    if xlab attach $X2 /tmp/x2disk.xml config && grep -q "<target dev='xvdb' bus='xen'/>" $X2_DEF; then
        pass "libxl: attach-device --config (the definition has xvdb)"
    else fail "libxl: attach-device --config: $(grep xvdb $X2_DEF)"; fi
    if xlab detach $X2 /tmp/x2disk.xml config && ! grep -q xvdb $X2_DEF; then pass "libxl: detach-device --config (xvdb gone from the definition)"
    else fail "libxl: detach-device --config"; fi
    if xlab attach $X2 /tmp/x2disk.xml live; then fail "libxl: live attach of a missing block device succeeded"
    elif grep -q "libxenlight failed to attach disk 'xvdb'" /tmp/xlab.out && vxl dumpxml $X2 && ! grep -q xvdb /tmp/vxl.out &&
         ! xenstore-exists /local/domain/0/backend/vbd/$id/51728 2>/dev/null; then
        pass "libxl: live attach of a missing device fails naming xvdb, nothing recorded (live XML, xenstore)"
    else fail "libxl: live attach of a missing device: not libvirt's error, or xvdb left behind"; fi
    printf "<disk type='file' device='disk'><source file='/tmp/x'/><target dev='hdb' bus='ide'/></disk>\n" > /tmp/x2ide.xml
    if xlab attach $X2 /tmp/x2ide.xml live; then fail "libxl: live attach of an ide disk succeeded"
    elif grep -q "disk bus 'ide' cannot be hotplugged" /tmp/xlab.out; then pass "libxl: live attach on bus ide refused (libvirt's words)"
    else fail "libxl: live attach on bus ide: not libvirt's refusal"; fi
    rm -f /tmp/x2disk.xml /tmp/x2ide.xml

    # save and restore through libvirt's image format; bad images change nothing
    if vxl save $X2 $X2_SAVE && ! xl list $X2 > /dev/null 2>&1 && [ "$(head -c 11 $X2_SAVE)" = libvirt-xml ]; then
        pass "libxl: save $X2 (gone from xl list; the image starts with libvirt's magic)"
    else fail "libxl: save $X2"; return; fi
    if vxl list --all && grep -Eq "^ *- +$X2 +shut off" /tmp/vxl.out; then pass "libxl: saved $X2 is shut off"
    else fail "libxl: saved $X2 is not listed shut off"; fi
    printf 'not a save image at all, longer than its 64-byte header....................\n' > /tmp/bad.save
    if vxl restore /tmp/bad.save; then fail "libxl: a file without the magic restored"
    elif grep -q "image magic is incorrect" /tmp/vxl.out; then pass "libxl: restore of a file without the magic refused (libvirt's words)"
    else fail "libxl: restore of a bad file: not the magic error"; fi
    # header and XML (a few KiB) whole, libxl's stream (~128 MiB) cut short
    head -c 65600 $X2_SAVE > /tmp/truncated.save
    if vxl restore /tmp/truncated.save; then fail "libxl: a truncated stream restored"
    elif grep -q "failed to restore domain '$X2'" /tmp/vxl.out; then pass "libxl: restore of a truncated stream fails, naming $X2"
    else fail "libxl: restore of a truncated stream: no 'failed to restore' error"; fi
    if xl list | grep -q "^$X2 "; then fail "libxl: the failed restore left $X2 in xl list"
    else pass "libxl: the failed restore left no domain in xl list"; fi
    if vxl restore $X2_SAVE && nid=$(xl domid $X2 2>/dev/null) && [ -n "$nid" ] && ! xl_state $X2 | grep -q '[scp]'; then
        pass "libxl: restore $X2 (running again as domain $nid)"
    else fail "libxl: restore $X2 (xl state '$(xl_state $X2)')"; return; fi
    # the guest brings its vCPU back up itself after the resume (slow under TCG)
    if [ "$(xenstore-read /local/domain/$nid/cpu/1/availability 2>&1)" = online ] && wait_for 30 x2_vcpus_are 2; then
        pass "libxl: the restored $X2 has its 2 online vCPUs (from the image's XML; xenstore cpu/1 online)"
    else fail "libxl: the restored $X2: cpu/1 '$(xenstore-read /local/domain/$nid/cpu/1/availability 2>&1)', xl list '$(xl_vcpus $X2)' vCPUs"; fi
    t1=$(xl list $X2 | awk -v n=$X2 '$1 == n {print $6}')
    sleep 3
    t2=$(xl list $X2 | awk -v n=$X2 '$1 == n {print $6}')
    if awk -v a="$t1" -v b="$t2" 'BEGIN {exit !(b > a)}'; then pass "libxl: the restored guest runs on (CPU time $t1 -> $t2 s)"
    else fail "libxl: the restored guest's CPU time did not grow ($t1 -> $t2 s)"; fi
    if vxl restore $X2_SAVE; then fail "libxl: a second restore while $X2 runs succeeded"
    elif grep -q "already active" /tmp/vxl.out; then pass "libxl: restore while $X2 runs refused (already active)"
    else fail "libxl: restore while running: not 'already active'"; fi

    # managed save: the image under libvirt's save dir, start resumes from it
    if xlab managedsave $X2 && [ -s $X2_MANAGED ] && ! xl list $X2 > /dev/null 2>&1; then
        pass "libxl: managedsave $X2 ($X2_MANAGED written, gone from xl list)"
    else fail "libxl: managedsave $X2"; fi
    if xlab hasmanaged $X2 && grep -qx 1 /tmp/xlab.out; then pass "libxl: HasManagedSaveImage is 1"
    else fail "libxl: HasManagedSaveImage is not 1"; fi
    if vxl start $X2 && [ -n "$(xl domid $X2 2>/dev/null)" ] && [ ! -e $X2_MANAGED ] && wait_for 30 x2_vcpus_are 2; then
        pass "libxl: start $X2 resumed the managed image (removed; 2 vCPUs online as saved)"
    else fail "libxl: start from the managed image"; fi
    if xlab hasmanaged $X2 && grep -qx 0 /tmp/xlab.out; then pass "libxl: HasManagedSaveImage is 0 after the start"
    else fail "libxl: HasManagedSaveImage after the start"; fi

    # autostart: a link in the autostart dir to the definition, as libvirt keeps it
    link=/etc/libvirt/libxl/autostart/$X2.xml
    if xlab autostart $X2 1 && [ -L $link ] && [ "$(readlink $link)" = $X2_DEF ] && xlab getautostart $X2 &&
       grep -qx 1 /tmp/xlab.out; then pass "libxl: autostart on (link $link -> $X2_DEF)"
    else fail "libxl: autostart on"; fi
    if xlab autostart $X2 0 && [ ! -e $link ] && xlab getautostart $X2 && grep -qx 0 /tmp/xlab.out; then
        pass "libxl: autostart off (link removed)"
    else fail "libxl: autostart off"; fi
    if xlab managedsave virtxlnone; then fail "libxl: managedsave of an unknown domain succeeded"; fi

    # restart policies, applied by the domain monitor virt starts as xl does
    x2_log=/var/log/xen/console/guest-$X2.log
    booted=$(grep -c GUEST-MARKER $x2_log)
    oid=$(xl domid $X2 2>/dev/null)
    # restarted: a new domid, running (unpaused: its live XML is stored by then)
    x2_restarted() { nid=$(xl domid $X2 2>/dev/null); [ -n "$nid" ] && [ "$nid" != "$oid" ] && ! xl_state $X2 | grep -q '[sp]'; }
    # the monitor's restart seen through libvirt's event API (the xenstore
    # watches of another process's connection: STOPPED SHUTDOWN, STARTED BOOTED)
    $BIN/xl_lab events $X2 100 > /tmp/x2events.out 2>&1 &
    evpid=$!
    wait_for 20 grep -q ready /tmp/x2events.out || fail "libxl: xl_lab events did not start"
    if vxl reboot $X2 && wait_for 60 x2_restarted; then
        pass "libxl: reboot with on_reboot restart: $X2 runs again as domain $nid (was $oid)"
    else fail "libxl: reboot: $X2 did not come back in 60 s (xl domid '$(xl domid $X2 2>&1)', state '$(xl_state $X2)')"; fi
    x2_started_event() { grep -q "^event 2 0 id $nid$" /tmp/x2events.out; }
    if wait_for 20 x2_started_event && grep -q "^event 5 0 " /tmp/x2events.out &&
       [ "$(grep -n '^event 5 0' /tmp/x2events.out | head -1 | cut -d: -f1)" -lt "$(grep -n '^event 2 0' /tmp/x2events.out | head -1 | cut -d: -f1)" ]; then
        pass "libxl: the restart's events: STOPPED SHUTDOWN, then STARTED BOOTED as domain $nid"
    else fail "libxl: the restart's events"; fi
    sed 's/^/  | events: /' /tmp/x2events.out
    kill $evpid 2>/dev/null; wait $evpid 2>/dev/null; rm -f /tmp/x2events.out
    grep -q GUEST-REBOOT $x2_log || fail "libxl: no GUEST-REBOOT in $X2's console log"
    if vxl dumpxml $X2 && grep -q "id='$nid'" /tmp/vxl.out; then pass "libxl: dumpxml of the restarted $X2 (id $nid)"
    else fail "libxl: dumpxml of the restarted $X2"; fi
    x2_booted() { [ "$(grep -c GUEST-MARKER $x2_log)" -gt "$booted" ]; }
    x2_gone() { ! xl list $X2 > /dev/null 2>&1; }
    wait_for 90 x2_booted || fail "libxl: the restarted $X2 printed no marker in 90 s"
    libxl_migrate
    # after the migration: the shutdown reaches the guest and the monitor
    # the destination started applies on_poweroff destroy
    if vxl shutdown $X2 && wait_for 60 x2_gone; then
        pass "libxl: shutdown with on_poweroff destroy: $X2 is gone from xl list"
    else fail "libxl: on_poweroff destroy: $X2 still in xl list (state '$(xl_state $X2)')"; vxl destroy $X2 > /dev/null 2>&1; fi
    if vxl list --all && grep -Eq "^ *- +$X2 +shut off" /tmp/vxl.out; then pass "libxl: the destroyed $X2 is still defined, shut off"
    else fail "libxl: $X2 after its on_poweroff destroy is not listed shut off"; fi

    # ManagedSaveRemove of an image (the saved one, put where a managed one lives)
    mkdir -p ${X2_MANAGED%/*} && mv $X2_SAVE $X2_MANAGED
    if xlab hasmanaged $X2 && grep -qx 1 /tmp/xlab.out && xlab managedremove $X2 && [ ! -e $X2_MANAGED ] &&
       xlab hasmanaged $X2 && grep -qx 0 /tmp/xlab.out; then pass "libxl: ManagedSaveRemove removes the image"
    else fail "libxl: ManagedSaveRemove"; fi

    vxl undefine $X2 > /dev/null 2>&1
    rm -f $X2_SAVE /tmp/bad.save /tmp/truncated.save /tmp/xlab.out
}
if want images && built virsh_xl && built xl_lab; then echo "XENLAB-RUN: libxl save images, vCPUs, autostart, migration"; libxl_images_vcpus; fi
# A PVH guest (issue 13): its log-dirty mode is HAP code (Xen's
# arch/x86/mm/hap/hap.c), which this Xen has ("HAP detected" under QEMU
# with +svm,+npt), unlike a PV guest's shadow log-dirty (no
# CONFIG_SHADOW_PAGING), so it should migrate live. First xl alone (xl
# migrate with an empty ssh command runs its host argument, here `xl
# migrate-receive`, through sh -c: tools/xl/xl_migrate.c), then virt's API
# with VIR_MIGRATE_LIVE.
PVH_XL=pvhxl
PVH=virtpvh
pvh_cfg() { # NAME: xl.cfg of a PVH guest with the PV guest's kernel and initrd
    cat <<EOF
name = "$1"
type = "pvh"
kernel = "/guest/vmlinuz"
ramdisk = "/guest/initrd.gz"
extra = "console=hvc0 loglevel=4"
memory = 128
maxmem = 128
vcpus = 1
on_poweroff = "destroy"
EOF
}
# the console logs xenconsoled wrote for NAME under any of its names (a
# migrated domain is created as NAME--incoming)
pvh_logs() { ls /var/log/xen/console/guest-$1.log /var/log/xen/console/guest-$1--*.log 2>/dev/null; }
pvh_marker() { grep -q GUEST-MARKER $(pvh_logs $1) /dev/null 2>/dev/null; }
pvh_poweroff() { grep -q GUEST-POWEROFF $(pvh_logs $1) /dev/null 2>/dev/null; }
pvh_gone() { ! xl list $1 > /dev/null 2>&1; }
pvh_state() { xl list "$1" 2>/dev/null | awk -v n="$1" '$1 == n {print $5}'; }
pvh_time() { xl list "$1" 2>/dev/null | awk -v n="$1" '$1 == n {print $6}'; }
# NAME runs: neither paused nor shut down, and its cpu time grows
pvh_answers() {
    t1=$(pvh_time $1); sleep 3; t2=$(pvh_time $1)
    ! pvh_state $1 | grep -q '[sp]' && [ -n "$t1" ] && awk -v a="$t1" -v b="$t2" 'BEGIN { exit !(b > a) }'
}
pvh_temp_names() { xl list | grep -Eq -- '--incoming|--migratedaway'; }
# A PVH guest is slow under TCG (its boot took 66 s idle, a PV one 16 s;
# each migration 20-35 s, silent until it ends): these print a line every
# 30 s so that run.sh's STALL_TIMEOUT (no serial output) cannot fire while
# the lab waits.
# pvh_wait_marker NAME SECONDS: waits for NAME's GUEST-MARKER
pvh_wait_marker() {
    s=0
    while [ $s -lt $2 ]; do
        wait_for 30 pvh_marker $1 && return 0
        s=$((s + 30)); echo "XENLAB: $1: no marker yet after $s s"
    done
    return 1
}
# pvh_beat LABEL CMD...: runs CMD, saying every 30 s that it still runs
# (on fd 3, the console, whatever CMD's output is redirected to); CMD's exit code
pvh_beat() {
    label=$1; shift
    rm -f /tmp/pvh.rc
    ( "$@"; echo $? > /tmp/pvh.rc ) &
    bp=$!
    s=0
    while [ ! -s /tmp/pvh.rc ]; do
        sleep 1; s=$((s + 1))
        [ $((s % 30)) = 0 ] && echo "XENLAB: $label: running for $s s" >&3
    done
    wait $bp
    return "$(cat /tmp/pvh.rc)"
}
libxl_pvh() {
    ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
    # 1. xl alone
    pvh_cfg $PVH_XL > /etc/xen/$PVH_XL.cfg
    if pvh_beat "xl create $PVH_XL" timeout 120 xl create /etc/xen/$PVH_XL.cfg > /tmp/pvh.out 2>&1; then pass "pvh: xl create of a PVH guest"
    else fail "pvh: xl create of a PVH guest"; sed 's/^/  | /' /tmp/pvh.out; return; fi
    if pvh_wait_marker $PVH_XL 240; then pass "pvh: the PVH guest booted ($(grep -h GUEST-MARKER $(pvh_logs $PVH_XL) | head -1))"
    else fail "pvh: the PVH guest printed no marker in 240 s"; tail -n 20 $(pvh_logs $PVH_XL) | sed 's/^/  | /'; fi
    oid=$(xl domid $PVH_XL 2>/dev/null)
    t0=$(cut -d. -f1 /proc/uptime)
    if pvh_beat "xl migrate $PVH_XL" timeout 300 xl migrate -s "" $PVH_XL "xl migrate-receive" > /tmp/pvh.out 2>&1; then r=0; else r=$?; fi
    secs=$(( $(cut -d. -f1 /proc/uptime) - t0 ))
    sed 's/^/  | xl: /' /tmp/pvh.out
    nid=$(xl domid $PVH_XL 2>/dev/null)
    if [ $r = 0 ] && [ -n "$nid" ] && [ "$nid" != "$oid" ] && pvh_answers $PVH_XL; then
        pass "pvh: xl migrate (live) of the PVH guest to localhost: domain $oid -> $nid in $secs s, running"
    else fail "pvh: xl migrate (live) of the PVH guest: exit $r, domid '$nid' (was $oid), state '$(pvh_state $PVH_XL)'"
        xl list | sed 's/^/  | /'
    fi
    for n in $PVH_XL $PVH_XL--incoming $PVH_XL--migratedaway; do xl destroy $n > /dev/null 2>&1; done

    # 2. virt: created from libvirt's XML of a PVH guest, migrated live
    xl_guest_xml $PVH /guest/vmlinuz | sed -e "s|<type>linux</type>|<type arch='x86_64' machine='xenpvh'>xenpvh</type>|" \
        -e 's|<on_poweroff>preserve</on_poweroff>|<on_poweroff>destroy</on_poweroff>|' > /tmp/$PVH.xml
    if pvh_beat "virt create $PVH" vxl create /tmp/$PVH.xml && oid=$(xl domid $PVH 2>/dev/null) && [ -n "$oid" ]; then
        pass "pvh: create of a PVH guest through virt (domain $oid)"
    else fail "pvh: create of a PVH guest through virt"; return; fi
    if xl list -l $PVH | grep -q '"type": "pvh"'; then pass "pvh: libxl built $PVH as type pvh"
    else fail "pvh: libxl's config of $PVH is not type pvh"; xl list -l $PVH | grep -i '"type"' | sed 's/^/  | /'; fi
    if pvh_wait_marker $PVH 240; then pass "pvh: $PVH booted (its marker)"
    else fail "pvh: $PVH printed no marker in 240 s"; tail -n 20 $(pvh_logs $PVH) | sed 's/^/  | /'; fi
    t0=$(cut -d. -f1 /proc/uptime)
    if pvh_beat "virt migrate $PVH" timeout 300 $BIN/xl_lab migrate $PVH tcp://127.0.0.1 > /tmp/xlab.out 2>&1; then r=0; else r=1; fi
    secs=$(( $(cut -d. -f1 /proc/uptime) - t0 ))
    sed 's/^/  | /' /tmp/xlab.out
    nid=$(xl domid $PVH 2>/dev/null)
    if [ $r = 0 ] && [ -n "$nid" ] && [ "$nid" != "$oid" ] && grep -q "^migrated $PVH id $nid$" /tmp/xlab.out; then
        pass "pvh: live migration (VIR_MIGRATE_LIVE) through virt to localhost: $PVH runs as domain $nid (was $oid), $secs s"
    else fail "pvh: live migration through virt (exit $r, xl domid '$nid', was $oid)"; xl list | sed 's/^/  | /'; fi
    if ! xl list | awk '{print $2}' | grep -qx "$oid"; then pass "pvh: the old domain $oid is gone"
    else fail "pvh: domain $oid still exists after the migration"; fi
    if ! pvh_temp_names; then pass "pvh: no --incoming / --migratedaway domain left"
    else fail "pvh: a temporary migration name is left in xl list"; xl list | sed 's/^/  | /'; fi
    if pvh_answers $PVH; then pass "pvh: the migrated $PVH runs (state '$(pvh_state $PVH)', cpu time grows)"
    else fail "pvh: the migrated $PVH does not run (state '$(pvh_state $PVH)', time '$(pvh_time $PVH)')"; fi
    if vxl dumpxml $PVH && grep -q "id='$nid'" /tmp/vxl.out && grep -q "<name>$PVH</name>" /tmp/vxl.out &&
       grep -q "machine='xenpvh'>xenpvh</type>" /tmp/vxl.out; then pass "pvh: dumpxml of the migrated $PVH (id $nid, xenpvh)"
    else fail "pvh: dumpxml of the migrated $PVH (id $nid, name, <type machine='xenpvh'>xenpvh)"; fi
    # the migrated kernel still answers xenstore: control/shutdown reaches
    # it, it runs its poweroff, and the monitor applies on_poweroff destroy
    if vxl shutdown $PVH && wait_for 60 pvh_gone $PVH && pvh_poweroff $PVH; then
        pass "pvh: shutdown of the migrated $PVH: the guest ran its poweroff, the domain is gone"
    else fail "pvh: shutdown of the migrated $PVH (state '$(pvh_state $PVH)', poweroff line: $(pvh_poweroff $PVH && echo yes || echo no))"
        vxl destroy $PVH > /dev/null 2>&1; fi
    rm -f /tmp/$PVH.xml /tmp/pvh.out /tmp/pvh.rc /etc/xen/$PVH_XL.cfg
}
if want pvh && built virsh_xl && built xl_lab; then echo "XENLAB-RUN: libxl PVH live migration"; libxl_pvh; fi
if want console && built xl_lab; then echo "XENLAB-RUN: libxl console"; libxl_console; fi
rm -f /tmp/vxl.out

# Last: a second guest started (event) and destroyed while running, then
# shutdown through control/shutdown and destroy of the first (it ends).
want end && run "lab_checks end (start event, shutdown, destroy)" 150 lab_checks end "$GUEST_NAME" \
    "$SECOND_NAME" /etc/xen/$SECOND_NAME.cfg

rm -f /tmp/out.$$
exit $FAILED
