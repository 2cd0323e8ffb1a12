#!/usr/bin/env bash
# tests/xenlab/verdict_check.sh: the Xen lab's verdict on made-up serial
# logs (run.sh --stage verdict), no Xen needed. A failure must name its
# stage and show the console's last lines, and keep the log (issue 15,
# item 20: a failing run left nothing to diagnose).
set -u
RUN=$(cd "$(dirname "$0")" && pwd)/run.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $*"; fi; }
has() { grep -qF -- "$2" "$1" || { echo "     no '$2' in:"; sed 's/^/     | /' "$1"; return 1; }; }

# log NAME: a serial log as run.sh writes it (host seconds, then the line)
log() {
  mkdir -p "$tmp/$1"
  sed 's/^/   9.00 /' > "$tmp/$1/serial.log"
}

# verdict NAME: run.sh's verdict on log NAME, its output in $out, its exit status in $rc
verdict() {
  out=$tmp/$1.out
  bash "$RUN" --stage verdict "$tmp/$1" > "$out" 2>&1
  rc=$?
}

# 1. a check failed in the tests stage, after a console line that explains it
log checks <<'L'
XENLAB-STAGE: dom0-init (dom0 uptime 3.00 s)
XENLAB-STAGE: guest-boot (dom0 uptime 9.00 s)
XENLAB-CHECK PASS: guest tiny printed its marker (booted)
XENLAB-STAGE: tests (dom0 uptime 14.00 s)
XENLAB-RUN: lab_checks main (xen:/// vs xl, xenstore)
  | lab_checks.c:123: FAILED: a check
[   30.1] lab_checks[321]: segfault at 0 ip 0000 sp 0000 error 4
XENLAB-CHECK FAIL: lab_checks main (xen:/// vs xl, xenstore): exit 139
XENLAB-STAGE: poweroff (dom0 uptime 40.00 s)
XENLAB-RESULT: FAIL
L
verdict checks
check [ $rc = 1 ]
check has "$out" "FAIL in stage 'tests: 1 failed, the first in dom0 stage 'tests': lab_checks main (xen:/// vs xl, xenstore): exit 139'"
check has "$out" "segfault at 0"                     # a console line the filtered stream hides
check has "$out" "last 60 console lines"
check test -n "$(ls "$tmp"/checks/serial-failed-*.log 2>/dev/null)"

# 2. no result: dom0 hung in xl create (the stall detector stopped QEMU)
log hang <<'L'
(XEN) Xen version 4.17.7 (Debian 4.17.7)
Linux version 6.1.0-57-amd64
XENLAB-STAGE: dom0-init (dom0 uptime 3.00 s)
XENLAB-STAGE: guest-create (dom0 uptime 5.00 s)
Parsing config from /etc/xen/tiny.cfg
XENLAB-HOST: qemu exited rc=143
L
echo "no serial output for 120 s, QEMU stopped" > "$tmp/hang/stalled"
verdict hang
check [ $rc = 1 ]
check has "$out" "FAIL in stage 'boot: dom0 guest-create': no result from dom0 (no serial output for 120 s, QEMU stopped)"
check has "$out" "Parsing config from /etc/xen/tiny.cfg"

# 3. a pass stays a pass, with no console dump
log pass <<'L'
XENLAB-STAGE: tests (dom0 uptime 14.00 s)
XENLAB-CHECK PASS: lab_checks main (xen:/// vs xl, xenstore)
XENLAB-STAGE: poweroff (dom0 uptime 40.00 s)
XENLAB-RESULT: PASS
L
verdict pass
check [ $rc = 0 ]
check has "$out" "PASS (serial log:"
check [ "$(grep -c 'console lines' "$out")" = 0 ]

# 4. a partial run (XENLAB_ONLY) passes, and the verdict says it was partial
log partial <<'L'
XENLAB-STAGE: tests (dom0 uptime 14.00 s)
XENLAB: partial run, only the sections: pvh
XENLAB-CHECK PASS: pvh: xl create of a PVH guest
XENLAB-STAGE: poweroff (dom0 uptime 40.00 s)
XENLAB-RESULT: PASS
L
verdict partial
check [ $rc = 0 ]
check has "$out" "partial run, only the sections: pvh (XENLAB_ONLY)"
verdict pass
check [ "$(grep -c 'partial run' "$out")" = 0 ]

echo "xenlab_verdict: $passed passed, $failed failed"
[ "$failed" = 0 ]
