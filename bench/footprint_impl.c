/* bench/footprint_impl.c - the whole library in one object, compiled once
 * per configuration (bench/CMakeLists.txt: every backend, then each
 * VIRT_NO_* alone, then the test driver only) for bench_footprint. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
