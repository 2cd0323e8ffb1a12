#!/usr/bin/env bash
# tests/xend/virsh_e2e.sh - examples/virsh against the fake xend, end to end:
# list, dominfo, nodeinfo, create, suspend/resume, save/restore, setmem,
# dumpxml, shutdown, destroy, over the unix socket and loopback TCP.
#   virsh_e2e.sh VIRSH PYTHON FAKE_XEND    (exits 77 when python3 is missing)
set -u
VIRSH=$1 PYTHON=$2 FAKE=$3
command -v "$PYTHON" >/dev/null 2>&1 || { echo "SKIP: no $PYTHON"; exit 77; }
DIR=$(mktemp -d /tmp/virt-xend-virsh.XXXXXX)
FAKE_PID=
cleanup() { [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT
passed=0 failed=0
check() {   # check DESCRIPTION EXPECTED-REGEX COMMAND...
    local what=$1 want=$2 out; shift 2
    out=$("$@" 2>&1)
    if grep -Eq -- "$want" <<<"$out"; then passed=$((passed + 1))
    else failed=$((failed + 1)); printf 'FAILED: %s\n  command: %s\n  wanted: %s\n  got:\n%s\n' "$what" "$*" "$want" "$out"; fi
}
check_ok() {   # check_ok DESCRIPTION COMMAND...: exit status 0
    local what=$1 out; shift
    if out=$("$@" 2>&1); then passed=$((passed + 1))
    else failed=$((failed + 1)); printf 'FAILED: %s\n  command: %s\n  got:\n%s\n' "$what" "$*" "$out"; fi
}
start_fake() {   # start_fake unix|tcp: sets URI
    rm -f "$DIR/sock" "$DIR/port"
    if [ "$1" = unix ]; then
        "$PYTHON" "$FAKE" --unix "$DIR/sock" --guests 2 & FAKE_PID=$!
        for _ in $(seq 500); do [ -S "$DIR/sock" ] && break; sleep 0.02; done
        URI=$DIR/sock
    else
        "$PYTHON" "$FAKE" --tcp 127.0.0.1 --port-file "$DIR/port" --guests 2 & FAKE_PID=$!
        for _ in $(seq 500); do [ -s "$DIR/port" ] && break; sleep 0.02; done
        URI=http://127.0.0.1:$(cat "$DIR/port")/
    fi
}
printf 'name = "xmguest"\nmemory = 128\ndisk = [ "phy:/dev/vg/xmguest,xvda,w" ]\n' > "$DIR/xm.cfg"
printf 'name = "xmguest"\nmemory = 128\nshadow_memory = 8\n' > "$DIR/bad.cfg"
cat > "$DIR/new.xml" <<'XML'
<domain type='xen'>
  <name>webtest</name>
  <memory>262144</memory>
  <vcpu>1</vcpu>
  <os><type>linux</type><kernel>/boot/vmlinuz-xenU</kernel><cmdline>ro console=xvc0</cmdline></os>
  <devices>
    <disk type='file' device='disk'><source file='/var/xen/webtest.img'/><target dev='xvda'/></disk>
    <interface type='bridge'><source bridge='xenbr0'/><mac address='00:16:3e:00:11:22'/></interface>
  </devices>
</domain>
XML
for transport in unix tcp; do
    start_fake $transport
    v() { "$VIRSH" -c "$URI" "$@"; }
    check "$transport list" '^ 1 +guest1 +idle' v list
    check "$transport dominfo" 'Used memory: +131072 KiB' v dominfo guest1
    check "$transport nodeinfo" 'CPU model: +x86_64' v nodeinfo
    check "$transport create" "webtest' created from" v create "$DIR/new.xml"
    check "$transport list after create" 'webtest +idle' v list
    check "$transport suspend" "webtest' suspended" v suspend webtest
    check "$transport domstate paused" '^paused' v domstate webtest
    check "$transport resume" "webtest' resumed" v resume webtest
    check_ok "$transport setmem" v setmem webtest 200000
    check "$transport dominfo after setmem" 'Used memory: +(199680|200704) KiB' v dominfo webtest
    check "$transport save" 'saved to' v save webtest "$DIR/webtest.save"
    check "$transport list after save" '^ 2 +guest2' v list
    check "$transport restore" 'restored from' v restore "$DIR/webtest.save"
    check "$transport dumpxml" "<source file='/var/xen/webtest.img'/>" v dumpxml webtest
    # xen-xm, xend's native format, converted locally (issue 13)
    check "$transport domxml-from-native" "<name>xmguest</name>" v domxml-from-native xen-xm "$DIR/xm.cfg"
    check "$transport domxml-from-native disk" "<source dev='/dev/vg/xmguest'/>" v domxml-from-native xen-xm "$DIR/xm.cfg"
    check "$transport domxml-to-native" '^name = "webtest"$' v domxml-to-native xen-xm "$DIR/new.xml"
    check "$transport domxml-to-native --domain" '^name = "webtest"$' v domxml-to-native xen-xm --domain webtest
    check "$transport domxml-from-native bad key" "line 3: setting 'shadow_memory' is not supported" \
        v domxml-from-native xen-xm "$DIR/bad.cfg"
    check "$transport domxml unknown format" 'unsupported config type xen-foo' v domxml-from-native xen-foo "$DIR/xm.cfg"
    check "$transport shutdown" 'is being shutdown' v shutdown webtest
    check "$transport destroy" "guest2' destroyed" v destroy guest2
    check "$transport error" 'No such domain nosuch|failed to get domain' v dominfo nosuch
    check "$transport final list" '^ 1 +guest1' v list
    kill "$FAKE_PID"; wait "$FAKE_PID" 2>/dev/null; FAKE_PID=
done
echo "virsh_e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
