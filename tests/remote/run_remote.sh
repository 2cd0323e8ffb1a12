#!/usr/bin/env bash
# tests/remote/run_remote.sh - virt's remote driver against Debian's real
# libvirtd (test driver only), over unix, tcp, ssh (a private sshd on
# loopback with a key made here) and ext (`nc -U` as the command). For each
# transport:
#   1. remote_scenario (virt) and remote_scenario.py (python3-libvirt) make
#      the same calls; their outputs must be identical (results and errors);
#   2. test_remote_live: changes made by virt seen by Debian's virsh and the
#      other way round, events raised by virsh delivered to virt, the daemon
#      killed mid-session and a new daemon opened;
#   3. (unix, tcp) virsh_remote.py: the virsh example vs Debian's virsh, both on
#      the daemon, tests/virsh's cases line for line; `virsh event` of both
#      listening while python3-libvirt changes a domain (event_same);
#   4. test_remote_events: libvirt's event API (events from python3-libvirt
#      through virt's event loop; the close callback when the daemon dies).
# then peer-to-peer migration between two QEMU daemons (virt == python3-
# libvirt, remote_migrate), keepalive, the daemon killed, a new one opened.
# SASL is run_sasl.sh's (ctest remote_sasl).
# Usage: run_remote.sh BINDIR VIRSH_EXAMPLE|- [unix|tcp|ssh|ext ...]  (default: all)
# Exit 77 (skip) when libvirtd, python3-libvirt or virsh is missing.
set -u
BIN=${1:?usage: $0 BINDIR VIRSH_EXAMPLE|- [transport...]}
VIRSH_EXAMPLE=${2:--}
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
TRANSPORTS=${*:-unix tcp ssh ext}
PY=/usr/bin/python3          # Debian's python3, where python3-libvirt lives
$PY -c 'import libvirt' 2>/dev/null || { echo "SKIP: python3-libvirt not installed"; exit 77; }
command -v virsh >/dev/null || { echo "SKIP: virsh not installed (libvirt-clients)"; exit 77; }
. "$HERE/daemons.sh"
vr_start_libvirtd; rc=$?; [ $rc = 0 ] || exit $rc
passed=0; failed=0
check() { # check NAME COMMAND...
    if "${@:2}"; then passed=$((passed + 1)); echo "ok: $1"
    else failed=$((failed + 1)); echo "FAILED: $1"; fi
}

uri_for() {
    case $1 in
    unix) echo "test+unix:///default?socket=$VR_SOCK" ;;
    tcp) echo "test+tcp://127.0.0.1:$VR_TCP_PORT/default" ;;
    ssh) echo "test+ssh://$(id -un)@127.0.0.1:$VR_SSH_PORT/default?socket=$VR_SOCK&keyfile=$VR_SSH_KEY&no_verify=1&no_tty=1" ;;
    ext) echo "test+ext:///default?command=$VR_EXT_DIR/ext-relay.sh" ;;
    esac
}

scenario_same() { # the same calls through virt and through libvirt
    local uri=$1 out=$VR_DIR/out.$2
    mkdir -p "$VR_DIR/save" && chmod 777 "$VR_DIR/save"
    "$BIN/remote_scenario" "$uri" "$VR_DIR/save" > "$out.virt" 2> "$out.virt.err" || { cat "$out.virt" "$out.virt.err"; return 1; }
    $PY "$HERE/remote_scenario.py" "$uri" "$VR_DIR/save" > "$out.libvirt" 2> "$out.libvirt.err" || { cat "$out.libvirt" "$out.libvirt.err"; return 1; }
    [ "$(wc -l < "$out.virt")" -gt 80 ] || { echo "scenario too short"; cat "$out.virt"; return 1; }
    diff -u "$out.libvirt" "$out.virt"
}

state_same() { # tests/programs/c/state_reasons.c through virt and libvirt: states,
    # reasons, ListAllDomains (one RPC), the *Flags calls, each error's words.
    # libvirt runs first to bring the daemon's domain to the state both start from.
    local uri=$1 out=$VR_DIR/state.$2 lv=$VR_DIR/state_reasons_libvirt
    [ -x "$lv" ] || cc -o "$lv" "$HERE/../programs/c/state_reasons.c" $(pkg-config --cflags --libs libvirt) \
        || { echo "cannot build state_reasons.c against libvirt"; return 1; }
    "$lv" "$uri" > /dev/null 2>&1
    "$BIN/remote_state_reasons" "$uri" > "$out.virt" 2>&1 || { cat "$out.virt"; return 1; }
    "$lv" "$uri" > "$out.libvirt" 2>&1 || { cat "$out.libvirt"; return 1; }
    [ "$(wc -l < "$out.virt")" -gt 90 ] || { echo "state_reasons too short"; cat "$out.virt"; return 1; }
    diff -u "$out.libvirt" "$out.virt"
}

stats_same() { # tests/programs/c/stats_dump.c through virt and libvirt: core dump,
    # attach/detach, block/interface/memory/node statistics, setMemoryFlags
    local uri=$1 out=$VR_DIR/stats.$2 lv=$VR_DIR/stats_dump_libvirt
    [ -x "$lv" ] || cc -o "$lv" "$HERE/../programs/c/stats_dump.c" $(pkg-config --cflags --libs libvirt) \
        || { echo "cannot build stats_dump.c against libvirt"; return 1; }
    (cd "$VR_DIR/save" && "$BIN/remote_stats_dump" "$uri") > "$out.virt" 2>&1 || { cat "$out.virt"; return 1; }
    (cd "$VR_DIR/save" && "$lv" "$uri") > "$out.libvirt" 2>&1 || { cat "$out.libvirt"; return 1; }
    [ "$(wc -l < "$out.virt")" -gt 20 ] || { echo "stats_dump too short"; cat "$out.virt"; return 1; }
    # left out, a known gap: "b memstats" is a local test:///default
    # connection given a NULL domain (virt.h's wording of that error
    # differs). Since issue 14 the per-CPU statistics (DOMAIN_GET_CPU_STATS)
    # and the flagless attach/detach (ATTACH_DEVICE / DETACH_DEVICE: the
    # daemon's error names the API called) are compared too.
    local skip='^(b memstats)'
    grep -q '^cpustats cpu 1: 2$' "$out.virt" || { echo "no per-CPU statistics"; return 1; }
    diff -u <(grep -vE "$skip" "$out.libvirt") <(grep -vE "$skip" "$out.virt")
}

event_same() { # `virsh event`, Debian's and the example's, both listening
    # (--all --loop, and one-shot --event lifecycle) while python3-libvirt
    # changes "vre": the same lines, the same exit status
    local uri=$1 out=$VR_DIR/event.$2 p1 p2 p3 p4
    virsh -c "$uri" event --all --loop --timeout 4 > "$out.libvirt" 2>&1 & p1=$!
    "$VIRSH_EXAMPLE" -c "$uri" event --all --loop --timeout 4 > "$out.virt" 2>&1 & p2=$!
    virsh -c "$uri" event --event lifecycle --timeout 4 > "$out.once.libvirt" 2>&1 & p3=$!
    "$VIRSH_EXAMPLE" -c "$uri" event --event lifecycle --timeout 4 > "$out.once.virt" 2>&1 & p4=$!
    sleep 1.5
    $PY "$HERE/remote_events.py" "$uri" || return 1
    wait $p1; echo "rc=$?" >> "$out.libvirt"; wait $p2; echo "rc=$?" >> "$out.virt"
    wait $p3; echo "rc=$?" >> "$out.once.libvirt"; wait $p4; echo "rc=$?" >> "$out.once.virt"
    [ "$(grep -c "event 'lifecycle'" "$out.virt")" = 6 ] || { echo "virt's virsh got:"; cat "$out.virt"; return 1; }
    diff -u "$out.libvirt" "$out.virt" && diff -u "$out.once.libvirt" "$out.once.virt"
}

for t in $TRANSPORTS; do
    if [ "$t" = ssh ] && [ -z "${VR_SSH_PORT:-}" ]; then
        vr_start_sshd || { echo "SKIP: ssh transport (no sshd/nc)"; continue; }
        export HOME="$VR_DIR/ssh"      # ssh's known_hosts goes there, not into ~/.ssh
    fi
    if [ "$t" = ext ]; then     # the ext transport: a program whose stdio is the link
        # not under VR_DIR (nobody's, 0700): libvirt runs the command with no
        # capabilities, so even root could not reach it there
        VR_EXT_DIR=$(mktemp -d /tmp/virt-remote-ext.XXXXXX); VR_DIRS="$VR_DIRS $VR_EXT_DIR"
        chmod 755 "$VR_EXT_DIR"
        printf '#!/bin/sh\nexec nc -U %s\n' "$VR_SOCK" > "$VR_EXT_DIR/ext-relay.sh"
        chmod 755 "$VR_EXT_DIR/ext-relay.sh"
    fi
    uri=$(uri_for "$t")
    check "scenario_$t: virt == python3-libvirt" scenario_same "$uri" "$t"
    check "live_$t: virt <-> virsh, events" "$BIN/test_remote_live" "$uri"
    [ "$t" = unix ] && check "state_reasons_$t: virt == libvirt (ListAllDomains, GetState, *Flags)" state_same "$uri" "$t"
    [ "$t" = unix ] && check "stats_dump_$t: virt == libvirt (core dump, devices, statistics)" stats_same "$uri" "$t"
    secure=1; [ "$t" = tcp ] && secure=0
    check "events_$t: python3-libvirt's changes reach virt's event loop" \
        "$BIN/test_remote_events" "$uri" $secure "$HERE/remote_events.py"
    if { [ "$t" = unix ] || [ "$t" = tcp ]; } && [ "$VIRSH_EXAMPLE" != - ]; then
        check "virsh_event_$t: virsh event as Debian's, events from python3-libvirt" event_same "$uri" "$t"
        check "virsh_example_$t: same output as Debian's virsh" $PY "$HERE/virsh_remote.py" \
            --virt "$VIRSH_EXAMPLE" --uri "$uri" list dominfo single_values nodeinfo lifecycle errors shell
    fi
done
migrate_same() { # remote_migrate.c (virt) and .py (libvirt) between two QEMU
    # daemons: peer-to-peer migration forwarded (MIGRATE_PERFORM3_PARAMS),
    # the daemons' errors, offline migrations that move the definition
    local out=$VR_DIR/migrate
    "$BIN/remote_migrate" "$1" "$2" > "$out.virt" 2>&1 || { cat "$out.virt"; return 1; }
    $PY "$HERE/remote_migrate.py" "$1" "$2" > "$out.libvirt" 2>&1 || { cat "$out.libvirt"; return 1; }
    grep -q '^destination after toURI: vrm1$' "$out.virt" || { echo "no domain migrated"; cat "$out.virt"; return 1; }
    diff -u "$out.libvirt" "$out.virt"
}
if vr_start_qemud; then
    qsrc=$VR_QSOCK
    if vr_start_qemud; then
        check "migrate_p2p: virt == python3-libvirt between two QEMU daemons" \
            migrate_same "qemu+unix:///session?socket=$qsrc" "qemu+unix:///session?socket=$VR_QSOCK"
    fi
else
    echo "SKIP: migration between QEMU daemons"
fi
check "keepalive: pings answered, silence dropped" "$BIN/test_remote_live" --keepalive "$VR_SOCK"
# last: kill the daemon under an open connection, then a fresh daemon opens
check "daemon_killed" "$BIN/test_remote_live" --kill "$(uri_for unix)" "$VR_LIBVIRTD_PID"
vr_start_libvirtd || exit 1
check "reopen_new_daemon" "$BIN/test_remote_live" --open "$(uri_for unix)" "$VR_SOCK"
check "close_callback: runs when the daemon dies" "$BIN/test_remote_events" --close "$(uri_for unix)" "$VR_LIBVIRTD_PID"
# SASL: run_sasl.sh (ctest remote_sasl, label sasl)
echo "run_remote: $passed passed, $failed failed"
[ $failed = 0 ]
