#!/bin/sh
# tests/core/uuid_syscalls.sh PROGRAM - runs core_uuid (400 domains without
# <uuid> on two connections) under strace and counts how often it asks the
# kernel for randomness: getrandom calls plus opens of /dev/urandom. The
# test driver seeds its generator once per connection, so at most 2 (it
# was one open+read+close per UUID: 400). Skips (77) without strace.
prog=$1
command -v strace >/dev/null 2>&1 || { echo "SKIP: strace not installed"; exit 77; }
# LeakSanitizer cannot run under ptrace (an ASan build aborts): leaks are
# the other tests' business here.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT
strace -f -qq -o "$log" -e trace=getrandom,openat,open "$prog" || { echo "FAIL: $prog failed"; exit 1; }
asks=$(grep -c -e 'getrandom(' -e '/dev/urandom' "$log")
# libc may call getrandom by itself (glibc >= 2.36 seeds malloc's tcache
# at the first allocation): count those out with the same program making
# no UUID.
base_log=$(mktemp) || exit 1
strace -f -qq -o "$base_log" -e trace=getrandom,openat,open "$prog" --baseline
base=$(grep -c -e 'getrandom(' -e '/dev/urandom' "$base_log")
rm -f "$base_log"
echo "randomness requests: $asks (a program doing nothing: $base)"
if [ "$asks" -gt $((base + 2)) ]; then
    echo "FAIL: more than one seed per connection"
    grep -e 'getrandom(' -e '/dev/urandom' "$log" | head -5
    exit 1
fi
echo "core_uuid_syscalls: 1 passed, 0 failed"
