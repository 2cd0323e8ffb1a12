#!/bin/sh
# tests/install_check.sh BUILD_DIR CMAKE: installs the build into a temporary
# prefix, then compiles and runs a program against the installed headers
# twice: with find_package(virt) + virt::virt, and with pkg-config's flags.
set -eu
build=$1 cmake=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$cmake" --install "$build" --prefix "$tmp/prefix" >/dev/null
mkdir -p "$tmp/src"
cp "$(dirname "$0")/consumer_main.c" "$tmp/src/main.c"
cat > "$tmp/src/CMakeLists.txt" <<'C'
cmake_minimum_required(VERSION 3.16)
project(consumer C)
find_package(virt 0.1 REQUIRED)
add_executable(consumer main.c)
target_link_libraries(consumer PRIVATE virt::virt)
C
"$cmake" -S "$tmp/src" -B "$tmp/b" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
"$cmake" --build "$tmp/b" >/dev/null
"$tmp/b/consumer"
pc=$(find "$tmp/prefix" -name virt.pc)
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
cc -std=c99 $(pkg-config --cflags virt) "$tmp/src/main.c" $(pkg-config --libs virt) -o "$tmp/pc"
"$tmp/pc"
