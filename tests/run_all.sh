#!/usr/bin/env bash
# tests/run_all.sh - virt's whole test suite, as CI runs it (.ci/run).
#
#   tests/install_deps.sh    # once, as root: the Debian packages
#   tests/run_all.sh         # everything below; exits non-zero on any failure
#
# Stages (each can be skipped with VIRT_SKIP="lab fuzz ..."):
#   gcc      Debug build with gcc, every ctest test (compile matrix included)
#   release  Release (-O2 -DNDEBUG) build with gcc: warnings only -O2 finds
#   xl       -DVIRT_WITH_XL=ON (the libxl backend, virt_xl.h): only the xl
#            tests (label xl) are built and run, then again under valgrind
#   sasl     -DVIRT_WITH_SASL=ON (libsasl2): the SASL logins against libvirtd
#            (label sasl: SCRAM-SHA-256, DIGEST-MD5, the TCP security layer)
#   noxen    the whole suite again with each VIRT_NO_* backend removal
#            (xend, xenstore, hypervisor, and all three at once)
#   asan     clang build with AddressSanitizer + UBSan, every C test again
#   valgrind the C unit tests of the gcc build under valgrind (label memcheck:
#            core, xml, xend, xenstore, hypervisor, virsh; leaks = failure)
#   fuzz     clang libFuzzer targets, a short smoke run of each (built with
#            VIRT_WITH_XL, so fuzz_xlcfg is among them)
#   bench    the benchmarks once, printing their ratios (never fails on speed)
#   lab      the Xen lab: a real Xen 4.17 + dom0 + guest under QEMU (tests/xenlab)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${VIRT_BUILD_DIR:-$ROOT/build}
SKIP=" ${VIRT_SKIP:-} "
JOBS=${VIRT_JOBS:-2}
failed=()

stage() { [[ "$SKIP" != *" $1 "* ]]; }
banner() { printf '\n=== %s (%s)\n' "$1" "$(date +%T)"; }
run_stage() {   # run_stage NAME COMMAND...: remember a failure, go on
    local name=$1; shift
    banner "$name"
    local t0=$SECONDS
    if "$@"; then echo "=== $name: ok ($((SECONDS - t0)) s)"
    else echo "=== $name: FAILED ($((SECONDS - t0)) s)"; failed+=("$name"); fi
}

gcc_stage() {
    cmake -S . -B "$BUILD/gcc" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ >/dev/null &&
    cmake --build "$BUILD/gcc" -j"$JOBS" &&
    ctest --test-dir "$BUILD/gcc" --output-on-failure -j"$JOBS"
}

release_stage() {
    cmake -S . -B "$BUILD/release" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ >/dev/null &&
    cmake --build "$BUILD/release" -j"$JOBS" &&
    ctest --test-dir "$BUILD/release" --output-on-failure -j"$JOBS" -LE 'compile|python'
}

xl_stage() {
    cmake -S . -B "$BUILD/xl" -DCMAKE_BUILD_TYPE=Debug -DVIRT_WITH_XL=ON -DVIRT_BUILD_BENCH=OFF \
          -DVIRT_BUILD_EXAMPLES=OFF -DVIRT_BUILD_PYTHON=OFF >/dev/null &&
    cmake --build "$BUILD/xl" -j"$JOBS" --target xlmock xldrvmock test_xl_domconfig test_xl_native test_xl_api test_xl_save test_xl_cxx \
          test_xl_driver &&
    ctest --test-dir "$BUILD/xl" --output-on-failure -j"$JOBS" -L xl &&
    ctest --test-dir "$BUILD/xl" --output-on-failure -j"$JOBS" -L xl -T memcheck
}

sasl_stage() {
    cmake -S . -B "$BUILD/sasl" -DCMAKE_BUILD_TYPE=Debug -DVIRT_WITH_SASL=ON -DVIRT_BUILD_BENCH=OFF \
          -DVIRT_BUILD_EXAMPLES=OFF -DVIRT_BUILD_PYTHON=OFF >/dev/null &&
    cmake --build "$BUILD/sasl" -j"$JOBS" --target test_remote_sasl test_remote_sasl_fake &&
    ctest --test-dir "$BUILD/sasl" --output-on-failure -L sasl
}

noxen_stage() {
    local config dir flags
    for config in XEND XS HV "XEND XS HV"; do
        dir="$BUILD/no-${config// /-}"
        flags=()
        for b in $config; do flags+=("-DVIRT_NO_$b=ON"); done
        echo "--- VIRT_NO_{${config// /,}}"
        # -O0 without -g: the same code as Debug, a third less compile time
        # (four whole builds are this stage's cost; its failures need no gdb)
        cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG=-O0 -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
              -DVIRT_BUILD_BENCH=OFF "${flags[@]}" >/dev/null &&
        cmake --build "$dir" -j"$JOBS" >/dev/null &&
        ctest --test-dir "$dir" --output-on-failure -j"$JOBS" -LE compile || return 1
    done
}

asan_stage() {
    cmake -S . -B "$BUILD/asan" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
          -DCMAKE_CXX_COMPILER=clang++ -DVIRT_SANITIZE=ON -DVIRT_BUILD_BENCH=OFF >/dev/null &&
    cmake --build "$BUILD/asan" -j"$JOBS" &&
    # The Python module cannot load an ASan runtime into an uninstrumented
    # interpreter; the compile matrix is compiler-only: both run in gcc.
    # (Stage functions chain with &&: errexit is off inside `if`.)
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$BUILD/asan" --output-on-failure -j"$JOBS" -LE 'python|compile|nosan'
}

valgrind_stage() {
    # valgrind's command line is in the build's DartConfiguration.tcl (the
    # top CMakeLists.txt): its --error-exitcode turns any error or
    # definite/indirect leak into a failed test, so ctest's own exit status
    # is the verdict.
    ctest --test-dir "$BUILD/gcc" --output-on-failure -L memcheck -T memcheck -j"$JOBS"
}

fuzz_stage() {
    cmake -S . -B "$BUILD/fuzz" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
          -DCMAKE_CXX_COMPILER=clang++ -DVIRT_FUZZ=ON -DVIRT_WITH_XL=ON -DVIRT_BUILD_BENCH=OFF >/dev/null &&
    cmake --build "$BUILD/fuzz" -j"$JOBS" &&
    # the smoke runs are single-threaded: two at a time on two cores
    ctest --test-dir "$BUILD/fuzz" --output-on-failure -R '^fuzz_' -j"$JOBS"
}

bench_stage() {
    local b
    for b in "$BUILD"/gcc/bench/bench_*; do
        [ -x "$b" ] || continue
        echo "--- $(basename "$b")"
        "$b" || echo "(benchmark $(basename "$b") exited $?)"
    done
    return 0
}

lab_stage() {
    bash tests/xenlab/run.sh
}

stage gcc && run_stage gcc gcc_stage
stage release && run_stage release release_stage
stage xl && run_stage xl xl_stage
stage sasl && run_stage sasl sasl_stage
stage noxen && run_stage noxen noxen_stage
stage asan && run_stage asan asan_stage
stage valgrind && run_stage valgrind valgrind_stage
stage fuzz && run_stage fuzz fuzz_stage
stage bench && run_stage bench bench_stage
stage lab && [ -f tests/xenlab/run.sh ] && run_stage lab lab_stage

banner summary
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED stages: ${failed[*]}"
    exit 1
fi
echo "all stages passed"
