/* bench/bench_testdriver_virt.c - the virt side of bench_testdriver: the
 * calls of bench_testdriver_ops.h compiled against virt.h. VIRT_STATIC keeps
 * every virt function private to this file, so the program can also link
 * Debian's libvirt, which has the same public names. */
#define VIRT_STATIC
/* Only the test driver is measured: leave the Xen backends out, as an
 * embedder that needs no Xen would. */
#ifndef VIRT_NO_XEND
#  define VIRT_NO_XEND 1
#endif
#ifndef VIRT_NO_XS
#  define VIRT_NO_XS 1
#endif
#ifndef VIRT_NO_HV
#  define VIRT_NO_HV 1
#endif
/* ListAllDomains is measured with 10 000 domains: more than the default
 * limit of one connection (4096) */
#define VIRT_MAX_DOMAINS 16384
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "bench_testdriver.h"
#include "bench_testdriver_ops.h"

const bench_side bench_virt_side = BENCH_SIDE_INIT("virt");
