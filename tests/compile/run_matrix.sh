#!/usr/bin/env bash
# tests/compile/run_matrix.sh - the compile matrix of virt's headers.
#
#   run_matrix.sh GROUP SRCDIR WORKDIR
#
# GROUP is one of (each is its own ctest entry, a few seconds long, so that
# `ctest -j2` spreads them; CMakeLists.txt gives each 300 s for a loaded
# machine):
#   headers        each header alone, declarations only, as C99, C11 and
#                  C++17 with gcc and clang; all five together in two orders
#   hygiene        no macro outside VIRT_*/VIR_*/LIBVIR_*; the includer's
#                  warnings stay on (warning_state.c must fail to compile)
#   protocol       virt_xml.h, virt_xend.h, virt_xs.h, virt_hv.h, virt_remote.h each with
#                  VIRT_IMPLEMENTATION and without virt.h (protocol
#                  libraries; gcc -std=c99 -O2 -DNDEBUG and clang++ -std=c++17
#                  -O0), and all five in one file; none may define the
#                  libvirt API
#   library_gcc    the two-file build (lib_impl.c + lib_user.c), linked and
#   library_clang  run: gcc / clang x -std=c99 / -std=c11 x debug (-O0 -g) /
#                  release (-O2 -DNDEBUG), pairwise (4 builds)
#   library_gxx    the same with g++ -std=c++17, debug and release
#   library_clangxx  and with clang++ -std=c++17
#   library_mixed  C++ implementation + C user, and C implementation + C++ user
#   include_twice  declarations, then the implementation, in one file
#   static_twice   two VIRT_STATIC copies with different VIRT_NO_* linked
#                  into one program; they must export no symbol but their entry
#   backends_1..4  one build per subset of VIRT_NO_XEND/VIRT_NO_XS/VIRT_NO_HV
#                  (8: two subsets a group), each run
#   options        VIRT_NO_THREADS, VIRT_XML_NO_FAST_PASS (gcc C, clang++),
#                  the allocator hooks, the #error of a
#                  half-replaced allocator and of two releases' headers
#   include_order  the implementation after the libc headers virt includes,
#                  under strict -std=c99/c11: after all it can fix (stdio.h
#                  first) it compiles, links and runs; after each POSIX
#                  header glibc then declared ISO C only it stops at virt's
#                  #error that says how to fix it
#   all            every group above
#
# Every program that links is run briefly (tests/compile/smoke.h: open
# test:///default, list, look up). Warnings are errors: -Wall -Wextra
# -Wpedantic -Werror -Wshadow, plus -Wstrict-prototypes for C.
# A compiler that is not installed is skipped with a note (CI has all four).
# Exit status: 0 when every step passed, 1 otherwise.
set -u

if [ $# -ne 3 ]; then
    echo "usage: $0 GROUP SRCDIR WORKDIR" >&2
    exit 2
fi
GROUP=$1
SRC=$(cd "$2" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$3/$GROUP
mkdir -p "$WORK" || exit 1

C_WARNINGS="-Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes"
CXX_WARNINGS="-Wall -Wextra -Wpedantic -Werror -Wshadow"
LIBS="-lexpat -lpthread"
HEADERS="virt.h virt_xml.h virt_xend.h virt_xs.h virt_hv.h virt_remote.h"
PROTOCOL_HEADERS="virt_xml.h virt_xend.h virt_xs.h virt_hv.h virt_remote.h"

passed=0
failed=0
skipped=0

# ---- helpers ---------------------------------------------------------------

# A "spec" is compiler:standard, e.g. gcc:c99, clang++:c++17.
spec_cc() { echo "${1%%:*}"; }
spec_std() { echo "${1##*:}"; }
spec_is_cxx() { case "$(spec_std "$1")" in c++*) return 0 ;; *) return 1 ;; esac; }
have() { command -v "$1" >/dev/null 2>&1; }

# Flags for compiling one source file with a spec in a mode (debug|release).
spec_flags() {
    local spec=$1 mode=$2 flags
    if spec_is_cxx "$spec"; then
        flags="-x c++ -std=$(spec_std "$spec") $CXX_WARNINGS"
    else
        flags="-x c -std=$(spec_std "$spec") $C_WARNINGS"
    fi
    if [ "$mode" = release ]; then flags="$flags -O2 -DNDEBUG"; else flags="$flags -O0 -g"; fi
    echo "$flags -I$SRC -I$HERE"
}

# The driver that links objects: the C++ one if any object is C++.
linker_for() {
    local spec cxx=""
    for spec in "$@"; do
        if spec_is_cxx "$spec"; then cxx=$(spec_cc "$spec"); fi
    done
    if [ -n "$cxx" ]; then echo "$cxx"; else spec_cc "$1"; fi
}

# Skips (returns 1) when a compiler of the given specs is missing.
need() {
    local spec
    for spec in "$@"; do
        if ! have "$(spec_cc "$spec")"; then
            echo "skip $STEP ($(spec_cc "$spec") is not installed)"
            skipped=$((skipped + 1))
            return 1
        fi
    done
    return 0
}

# run_step NAME CMD... : runs one command, records it, shows its output on failure.
run_step() {
    local name=$1 log
    shift
    log="$WORK/$(echo "$name" | tr -c 'A-Za-z0-9_.+-' '_').log"
    if "$@" >"$log" 2>&1; then
        passed=$((passed + 1))
        echo "ok   $name"
        return 0
    fi
    failed=$((failed + 1))
    echo "FAIL $name"
    echo "     command: $*"
    sed 's/^/     | /' "$log" | head -40
    return 1
}

# compile SPEC MODE OUT SRC [EXTRA FLAGS...]: to an object file.
compile() {
    local spec=$1 mode=$2 out=$3 src=$4
    shift 4
    # shellcheck disable=SC2046
    run_step "$STEP: $(spec_cc "$spec") -std=$(spec_std "$spec") $mode ${*:-} $(basename "$src")" \
        "$(spec_cc "$spec")" $(spec_flags "$spec" "$mode") "$@" -c "$src" -o "$out"
}

# syntax SPEC FILE: declarations only, no object.
syntax() {
    local spec=$1 src=$2
    # shellcheck disable=SC2046
    run_step "$STEP: $(spec_cc "$spec") -std=$(spec_std "$spec") $(basename "$src")" \
        "$(spec_cc "$spec")" $(spec_flags "$spec" debug) -fsyntax-only "$src"
}

# link LINKER OUT OBJS...
link() {
    local cc=$1 out=$2
    shift 2
    # shellcheck disable=SC2086
    run_step "$STEP: link $(basename "$out")" "$cc" -o "$out" "$@" $LIBS
}

# run EXE: a short run; a hang is a failure, not a stuck ctest.
run() {
    run_step "$STEP: run $(basename "$1")" timeout 20 "$1"
}

# no_exports OBJ ALLOWED: the object defines no global symbol but ALLOWED.
no_exports() {
    local obj=$1 allowed=$2
    run_step "$STEP: $(basename "$obj") exports only $allowed" check_exports "$obj" "$allowed"
}
check_exports() {
    local extra
    extra=$(nm -g --defined-only "$1" | awk '{print $3}' | grep -v -x "$2")
    if [ -n "$extra" ]; then
        echo "unexpected global symbols in $1:"
        echo "$extra"
        return 1
    fi
}

# defines_no_api OBJ: a protocol library object must not contain the libvirt API.
defines_no_api() {
    run_step "$STEP: $(basename "$1") defines no libvirt API" check_no_api "$1"
}
check_no_api() {
    local api
    api=$(nm --defined-only "$1" | awk '{print $3}' | grep -E '^vir(Connect|Domain|Node|GetVersion)')
    if [ -n "$api" ]; then
        echo "libvirt API symbols defined by a protocol header alone:"
        echo "$api"
        return 1
    fi
}

# ---- groups ----------------------------------------------------------------

group_headers() {
    local h spec base
    STEP="alone"
    for h in $HEADERS; do
        base=$WORK/alone_${h%.h}.c
        printf '/* %s alone, declarations only */\n#include "%s"\ntypedef int compile_alone_nonempty;\n' "$h" "$h" >"$base"
        for spec in gcc:c99 clang:c11 g++:c++17 clang++:c++17; do
            need "$spec" && syntax "$spec" "$base"
        done
    done
    STEP="together"
    printf '#include "virt_remote.h"\n#include "virt_hv.h"\n#include "virt_xs.h"\n#include "virt_xend.h"\n#include "virt_xml.h"\n#include "virt.h"\n' >"$WORK/together_reverse.c"
    printf '#include "virt.h"\n#include "virt_xml.h"\n#include "virt_xend.h"\n#include "virt_xs.h"\n#include "virt_hv.h"\n#include "virt_remote.h"\n' >"$WORK/together.c"
    for spec in gcc:c99 clang++:c++17; do
        need "$spec" && syntax "$spec" "$WORK/together.c"
        need "$spec" && syntax "$spec" "$WORK/together_reverse.c"
    done
}

group_protocol() {
    local h base spec mode
    for h in $PROTOCOL_HEADERS; do
        STEP="protocol ${h}"
        base=$WORK/proto_${h%.h}
        printf '/* %s as a protocol library: implementation, no virt.h */\n#define VIRT_IMPLEMENTATION\n#include "%s"\n' "$h" "$h" >"$base.c"
        for spec_mode in gcc:c99/release clang++:c++17/debug; do
            spec=${spec_mode%/*}
            mode=${spec_mode#*/}
            need "$spec" || continue
            compile "$spec" "$mode" "$base.$(spec_cc "$spec").o" "$base.c" &&
                defines_no_api "$base.$(spec_cc "$spec").o"
        done
    done
    STEP="protocol all five"
    printf '#define VIRT_IMPLEMENTATION\n#include "virt_xml.h"\n#include "virt_xend.h"\n#include "virt_xs.h"\n#include "virt_hv.h"\n#include "virt_remote.h"\n' >"$WORK/proto_all.c"
    need gcc:c99 && compile gcc:c99 debug "$WORK/proto_all.o" "$WORK/proto_all.c" &&
        defines_no_api "$WORK/proto_all.o"
}

# two_file NAME IMPL_SPEC USER_SPEC MODE
two_file() {
    local name=$1 impl=$2 user=$3 mode=$4 dir
    STEP="two-file $name"
    need "$impl" "$user" || return 0
    dir=$WORK/$name
    mkdir -p "$dir"
    compile "$impl" "$mode" "$dir/impl.o" "$HERE/lib_impl.c" &&
        compile "$user" "$mode" "$dir/user.o" "$HERE/lib_user.c" &&
        link "$(linker_for "$impl" "$user")" "$dir/two_file" "$dir/impl.o" "$dir/user.o" &&
        run "$dir/two_file"
}

# library_gcc + library_clang: gcc and clang, -std=c99 and -std=c11, debug and release, in a
# pairwise design (every pair of values of two factors is built once; the
# full product would double the time and the backends groups add more
# combinations). library_gxx, library_clangxx: C++17, debug and release.
group_library_gcc() {
    two_file gcc-c99-debug gcc:c99 gcc:c99 debug
    two_file gcc-c11-release gcc:c11 gcc:c11 release
}
group_library_clang() {
    two_file clang-c99-release clang:c99 clang:c99 release
    two_file clang-c11-debug clang:c11 clang:c11 debug
}
library_cxx_with() {
    two_file "$1-debug" "$1:c++17" "$1:c++17" debug
    two_file "$1-release" "$1:c++17" "$1:c++17" release
}
group_library_gxx() { library_cxx_with g++; }
group_library_clangxx() { library_cxx_with clang++; }
group_library_mixed() {
    two_file "cxx-impl-c-user" g++:c++17 gcc:c99 debug
    two_file "c-impl-cxx-user" clang:c11 clang++:c++17 release
}

group_include_twice() {
    local spec_mode spec mode exe
    for spec_mode in gcc:c99/debug clang++:c++17/release; do
        spec=${spec_mode%/*}
        mode=${spec_mode#*/}
        STEP="include-twice $spec $mode"
        need "$spec" || continue
        exe=$WORK/include_twice_$(spec_cc "$spec")_$mode
        compile "$spec" "$mode" "$exe.o" "$HERE/include_twice.c" &&
            link "$(linker_for "$spec")" "$exe" "$exe.o" &&
            run "$exe"
    done
}

# The C compiler of the same family: g++ -> gcc, clang++ -> clang.
c_driver_of() {
    case "$(spec_cc "$1")" in
        g++) echo gcc ;;
        *++) spec_cc "$1" | sed 's/++$//' ;;
        *) spec_cc "$1" ;;
    esac
}

# static_twice NAME SPEC_A FLAGS_A SPEC_B FLAGS_B MODE
static_twice() {
    local name=$1 a=$2 fa=$3 b=$4 fb=$5 mode=$6 dir
    STEP="static-twice $name"
    need "$a" "$b" || return 0
    dir=$WORK/$name
    mkdir -p "$dir"
    # shellcheck disable=SC2086
    compile "$a" "$mode" "$dir/a.o" "$HERE/static_copy.c" -DSTATIC_COPY_ENTRY=static_copy_a $fa &&
        compile "$b" "$mode" "$dir/b.o" "$HERE/static_copy.c" -DSTATIC_COPY_ENTRY=static_copy_b $fb &&
        compile "$(c_driver_of "$a"):c99" "$mode" "$dir/main.o" "$HERE/static_main.c" &&
        no_exports "$dir/a.o" static_copy_a &&
        no_exports "$dir/b.o" static_copy_b &&
        link "$(linker_for "$a" "$b")" "$dir/static_twice" "$dir/a.o" "$dir/b.o" "$dir/main.o" &&
        run "$dir/static_twice"
}

group_static_twice() {
    static_twice gcc-c99 gcc:c99 "-DVIRT_NO_XEND" gcc:c99 "-DVIRT_NO_XS -DVIRT_NO_HV" debug
    static_twice clang-cxx-and-c clang++:c++17 "-DVIRT_NO_HV" clang:c11 "-DVIRT_NO_XEND -DVIRT_NO_XS" release
}

# backends_1 .. backends_4: subsets FIRST..LAST of VIRT_NO_XEND (bit 0),
# VIRT_NO_XS (bit 1), VIRT_NO_HV (bit 2), spread over compilers and modes.
backends_subsets() {
    local i flags spec mode specs exe
    specs=(gcc:c99 clang:c11 g++:c++17 clang++:c++17 clang:c99 gcc:c11 clang++:c++17 g++:c++17)
    for i in $(seq "$1" "$2"); do
        flags=""
        if [ $((i & 1)) -ne 0 ]; then flags="$flags -DVIRT_NO_XEND"; fi
        if [ $((i & 2)) -ne 0 ]; then flags="$flags -DVIRT_NO_XS"; fi
        if [ $((i & 4)) -ne 0 ]; then flags="$flags -DVIRT_NO_HV"; fi
        spec=${specs[$i]}
        if [ $((i % 2)) -eq 0 ]; then mode=debug; else mode=release; fi
        STEP="backends${flags:- (all)}"
        need "$spec" || continue
        exe=$WORK/backends_$i
        # shellcheck disable=SC2086
        compile "$spec" "$mode" "$exe.o" "$HERE/backends.c" $flags &&
            link "$(linker_for "$spec")" "$exe" "$exe.o" &&
            run "$exe"
    done
}
group_backends_1() { backends_subsets 0 1; }
group_backends_2() { backends_subsets 2 3; }
group_backends_3() { backends_subsets 4 5; }
group_backends_4() { backends_subsets 6 7; }

# no_symbol OBJ NAME: OBJ (unoptimised, so nothing inlined) holds no symbol
# whose name contains NAME.
no_symbol() {
    if nm "$1" | grep -q "$2"; then echo "$1 still holds $2:"; nm "$1" | grep "$2"; return 1; fi
    return 0
}

# the other options: VIRT_NO_THREADS, VIRT_XML_NO_FAST_PASS, the allocator
# hooks, and the #error
# of a half-replaced allocator
group_options() {
    STEP="backends -DVIRT_NO_THREADS"
    if need gcc:c99; then
        compile gcc:c99 release "$WORK/no_threads.o" "$HERE/backends.c" -DVIRT_NO_THREADS &&
            link gcc "$WORK/no_threads" "$WORK/no_threads.o" &&
            run "$WORK/no_threads"
    fi
    STEP="backends -DVIRT_XML_NO_FAST_PASS"
    if need gcc:c99; then
        compile gcc:c99 release "$WORK/no_fast_pass.o" "$HERE/backends.c" -DVIRT_XML_NO_FAST_PASS &&
            link gcc "$WORK/no_fast_pass" "$WORK/no_fast_pass.o" &&
            run "$WORK/no_fast_pass"
    fi
    if need clang++:c++17; then
        compile clang++:c++17 debug "$WORK/no_fast_pass_cxx.o" "$HERE/backends.c" -DVIRT_XML_NO_FAST_PASS &&
            link clang++ "$WORK/no_fast_pass_cxx" "$WORK/no_fast_pass_cxx.o" &&
            run "$WORK/no_fast_pass_cxx" &&
            run_step "$STEP: no fast pass in the -O0 object" no_symbol "$WORK/no_fast_pass_cxx.o" virt__xml_fast_run
    fi
    STEP="allocator hooks"
    if need clang:c99; then
        compile clang:c99 debug "$WORK/alloc_hooks.o" "$HERE/alloc_hooks.c" &&
            link clang "$WORK/alloc_hooks" "$WORK/alloc_hooks.o" &&
            run "$WORK/alloc_hooks"
    fi
    STEP="half-replaced allocator"
    if need gcc:c99; then
        run_step "$STEP: VIRT_MALLOC alone is an #error" expect_alloc_error
    fi
    STEP="two releases"
    if need gcc:c99; then
        run_step "$STEP: virt_xs.h of another release after virt_hv.h is an #error" expect_version_error
        run_step "$STEP: a >>common piece of another release is an #error too" expect_piece_version_error
    fi
}
# include_order: an implementation file that includes libc headers before
# virt, under a strict -std (issue 15, item 17). The headers are the ones
# virt itself includes, read from the five headers: all that virt can fix
# together in one file (gcc, clang), then each it refuses alone (gcc).
group_include_order() {
    local h tu spec refused fixable=""
    refused=" fcntl.h netdb.h pthread.h signal.h sys/mman.h sys/stat.h time.h unistd.h "
    for h in $(grep -ho '^# *include <[^>]*>' "$SRC"/virt*.h | sed 's/.*<\(.*\)>/\1/' | sort -u); do
        case $refused in
            *" $h "*)
                STEP="include <$h> first"
                tu=$WORK/first_$(echo "$h" | tr '/.' '__').c
                order_tu "$tu" "$h"
                need gcc:c99 && run_step "$STEP: gcc:c99 stops at virt's #error" expect_order_error gcc:c99 "$tu" ;;
            *) fixable="$fixable $h" ;;
        esac
    done
    # stdio.h first of all: the case of the issue
    fixable="stdio.h $(echo "$fixable" | tr ' ' '\n' | grep -vx 'stdio.h' | tr '\n' ' ')"
    echo "the headers virt makes work before it: $fixable"
    STEP="include the $(echo $fixable | wc -w) fixable headers first"
    tu=$WORK/first_fixable.c
    # shellcheck disable=SC2086
    order_tu "$tu" $fixable
    for spec in gcc:c99 clang:c11; do need "$spec" && syntax "$spec" "$tu"; done
    need gcc:c99 && compile gcc:c99 release "$WORK/first_fixable.o" "$tu" &&
        link gcc "$WORK/first_fixable" "$WORK/first_fixable.o" && run "$WORK/first_fixable"
}
# order_tu TU HEADER...: the headers, then virt's implementation and a smoke run.
order_tu() {
    local tu=$1 h
    shift
    for h in "$@"; do printf '#include <%s>\n' "$h"; done >"$tu"
    printf '#define VIRT_IMPLEMENTATION\n#include "virt.h"\n#include "smoke.h"\nint main(void) { return compile_smoke("include order"); }\n' >>"$tu"
}
# expect_order_error SPEC TU: the first error is virt's, naming the fix.
expect_order_error() {
    local out
    # shellcheck disable=SC2046
    if out=$("$(spec_cc "$1")" $(spec_flags "$1" debug) -fsyntax-only "$2" 2>&1); then
        echo "$2 compiled, but that include order cannot give virt POSIX: virt must #error"
        return 1
    fi
    echo "$out" | grep -m1 'error' | tee /dev/stderr | grep -q "include virt first in the VIRT_IMPLEMENTATION file"
}
# hygiene: the headers define no macro outside VIRT_* / VIR_* / LIBVIR_*
# (no CHECK, MIN, BUF_SIZE leaking into the includer), with and without the
# implementation, and leave the includer's warnings on.
group_hygiene() {
    local cc
    STEP="macro names"
    if need gcc:c99; then
        run_step "$STEP: declarations" check_macro_names decl
        run_step "$STEP: implementation" check_macro_names impl
    fi
    for cc in gcc clang; do
        STEP="warning state ($cc)"
        need "$cc:c99" && run_step "$STEP: the includer's -Wunused-variable survives" expect_warning_kept "$cc"
    done
}
# check_macro_names decl|impl: the macros a TU of virt defines, minus those
# of the same system headers alone, must all carry virt's prefixes.
check_macro_names() {
    local tu=$WORK/names_$1.c sys=$WORK/names_sys.c stray
    printf '#include "virt.h"\n#include "virt_xml.h"\n#include "virt_xend.h"\n#include "virt_xs.h"\n#include "virt_hv.h"\n' >"$tu"
    if [ "$1" = impl ]; then sed -i '1i #define VIRT_IMPLEMENTATION' "$tu"; fi
    { echo '#define _DEFAULT_SOURCE 1'
      grep -ho '^# *include <[^>]*>' "$SRC"/virt.h "$SRC"/virt_xml.h "$SRC"/virt_xend.h \
          "$SRC"/virt_xs.h "$SRC"/virt_hv.h "$SRC"/virt_remote.h | sort -u; } >"$sys"
    gcc -std=c99 -dM -E -I"$SRC" "$tu" | awk '{print $2}' | sed 's/(.*//' | sort -u >"$tu.macros" || return 1
    gcc -std=c99 -dM -E "$sys" | awk '{print $2}' | sed 's/(.*//' | sort -u >"$sys.macros" || return 1
    # virConnectAuthPtrDefault: libvirt's name (a variable there, a macro here)
    stray=$(comm -23 "$tu.macros" "$sys.macros" | grep -vE '^(VIRT_|VIR_|LIBVIR_)' | grep -vx 'virConnectAuthPtrDefault')
    if [ -n "$stray" ]; then
        echo "macros without a virt prefix:"
        echo "$stray"
        return 1
    fi
    echo "$(comm -23 "$tu.macros" "$sys.macros" | wc -l) macros, all prefixed"
}
expect_warning_kept() {
    local out
    # shellcheck disable=SC2046
    if out=$("$1" $(spec_flags "$1:c99" debug) -fsyntax-only "$HERE/warning_state.c" 2>&1); then
        echo "warning_state.c compiled: a header switched the includer's -Wunused-variable off"
        return 1
    fi
    echo "$out"
    echo "$out" | grep -q "unused_on_purpose"
}

expect_alloc_error() {
    local out
    # shellcheck disable=SC2046
    if out=$(gcc $(spec_flags gcc:c99 debug) -fsyntax-only "$HERE/alloc_partial.c" 2>&1); then
        echo "alloc_partial.c compiled, but VIRT_MALLOC without VIRT_REALLOC/VIRT_FREE must be refused"
        return 1
    fi
    echo "$out"
    echo "$out" | grep -q "VIRT_MALLOC, VIRT_REALLOC and VIRT_FREE together"
}

# other_release_refused SED: a copy of virt_xs.h edited by SED into another
# release's (its version checks expect 2000) and included after this
# release's virt_hv.h, with the implementation, must be refused.
other_release_refused() {
    local out dir=$WORK/other_release
    mkdir -p "$dir" || return 1
    sed "$1" "$SRC/virt_xs.h" >"$dir/virt_xs_other.h" || return 1
    printf '#define VIRT_IMPLEMENTATION\n#include "virt_hv.h"\n#include "%s"\n' "$dir/virt_xs_other.h" >"$dir/two.c"
    # shellcheck disable=SC2046
    if out=$(gcc $(spec_flags gcc:c99 debug) -fsyntax-only "$dir/two.c" 2>&1); then
        echo "two releases' headers compiled together; the version check must refuse them"
        return 1
    fi
    echo "$out"
    echo "$out" | grep -q "headers of two different virt releases meet in one file"
}
PIECE_VERSIONS='s/VIRT__COMMON_\([A-Z]*\)_VERSION != 1000/VIRT__COMMON_\1_VERSION != 2000/g'
# expect_version_error: the prelude and the >>common pieces of another release.
expect_version_error() {
    other_release_refused "s/VIRT__PRELUDE_VERSION != 1000/VIRT__PRELUDE_VERSION != 2000/; $PIECE_VERSIONS"
}
# expect_piece_version_error: only the pieces of another release (the prelude
# matches): the status piece, carried by both headers, refuses it by itself.
expect_piece_version_error() {
    other_release_refused "$PIECE_VERSIONS"
}

# ---- main ------------------------------------------------------------------

GROUPS_ALL="headers hygiene protocol library_gcc library_clang library_gxx library_clangxx library_mixed include_twice
            static_twice backends_1 backends_2 backends_3 backends_4 options include_order"
case " $(echo $GROUPS_ALL) all " in
    *" $GROUP "*) ;;
    *) echo "unknown group '$GROUP' (one of: $(echo $GROUPS_ALL) all)" >&2; exit 2 ;;
esac
if [ "$GROUP" = all ]; then
    for g in $GROUPS_ALL; do "group_$g"; done
else
    "group_$GROUP"
fi

echo "compile-$GROUP: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then
    echo "no compiler was available: nothing was checked" >&2
    exit 1
fi
exit 0
