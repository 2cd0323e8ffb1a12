#!/bin/sh
# tests/subproject_check.sh SRCDIR CMAKE: virt as a C-only project's
# add_subdirectory(virt), the way an embedding program takes it (issue 15,
# item 14). Checks that
#   - no C++ compiler is needed (CMAKE_CXX_COMPILER points nowhere, so
#     enabling CXX would fail the configure),
#   - configure runs none of the test-suite probes (ThreadSanitizer, Python,
#     libvirt, Xen headers: none of their cache entries appear),
#   - the build builds the consumer and nothing of virt's: no test, example,
#     benchmark or Python module executable/library in virt's binary dir,
#   - the consumer runs against test:///default.
set -eu
src=$(cd "$1" && pwd) cmake=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/app"
ln -s "$src" "$tmp/app/virt"
cp "$(dirname "$0")/consumer_main.c" "$tmp/app/main.c"
cat > "$tmp/app/CMakeLists.txt" <<'C'
cmake_minimum_required(VERSION 3.16)
project(consumer C)
add_subdirectory(virt)
add_executable(consumer main.c)
target_link_libraries(consumer PRIVATE virt::virt)
C
fail() { echo "subproject_check: FAIL: $*"; exit 1; }
if ! "$cmake" -S "$tmp/app" -B "$tmp/b" -DCMAKE_CXX_COMPILER=/nonexistent/c++ > "$tmp/configure.log" 2>&1; then
    sed 's/^/  | /' "$tmp/configure.log" | tail -20
    fail "configure failed (a C++ compiler was required?)"
fi
echo "ok   configure without a C++ compiler"
probes=$(grep -E '^(VIRT_HAVE_TSAN|Python3_EXECUTABLE|_Python3_EXECUTABLE|VIRT_LIBVIRT_INCLUDE|VIRT_LIBVIRT_LIBRARY|VIRT_XEN_TOOLS_INCLUDE)[:=]' \
         "$tmp/b/CMakeCache.txt" || true)
[ -z "$probes" ] || fail "configure ran test-suite probes: $(echo "$probes" | cut -d: -f1 | tr '\n' ' ')"
echo "ok   no test-suite probes at configure time"
! ls "$tmp"/b/CMakeFiles/*/CMakeCXXCompiler.cmake >/dev/null 2>&1 || fail "the CXX language was enabled"
"$cmake" --build "$tmp/b" -j2 > "$tmp/build.log" 2>&1 || { tail -20 "$tmp/build.log"; fail "build failed"; }
built=$(find "$tmp/b/virt" -type f \( -perm -u+x -o -name '*.so' -o -name '*.a' -o -name '*.o' \) ! -name '*.sh' | sed "s|$tmp/b/||")
[ -z "$built" ] || fail "virt built more than its library target: $(echo "$built" | tr '\n' ' ')"
echo "ok   nothing of virt's built but the interface target"
targets=$("$cmake" --build "$tmp/b" --target help 2>/dev/null | grep -cE 'core_|test_|xenlab|virt_python|virt_example|bench_' || true)
[ "$targets" = 0 ] || fail "virt defines $targets test/example/bench targets"
echo "ok   no test, example or bench target defined"
"$tmp/b/consumer" || fail "the consumer did not run"
echo "ok   the consumer runs"
echo "subproject_check: 5 passed, 0 failed"
