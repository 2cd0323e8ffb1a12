/* bench/footprint_impl.c - the whole library in one object, compiled once
 * per configuration (bench/CMakeLists.txt: the Xen backends, each VIRT_NO_*
 * alone, the test driver only, everything) for bench_footprint. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
