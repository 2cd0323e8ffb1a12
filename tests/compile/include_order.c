/* tests/compile/include_order.c - the include-order probe (issue 10): the
 * same program, tests/hv/test_hv_xs.c (one xen:/// connection with the
 * hypervisor backend on the simulator and the xenstore backend on the fake
 * xenstored: who lists, who names, the store's liveness check through the
 * hypervisor, setmaxmem through both, SUSPENDED/RESUMED from the paused
 * flags), built with the headers included in the order VIRT_PROBE_ORDER
 * picks before it. The backends' cooperation is wired by virt.h's Xen
 * router, so every order must build and give the same checks and results;
 * CMake's compile_include_order runs the builds and compares their output.
 *   1: the usual order (virt.h first)
 *   2: reverse (the backends first, virt.h last)
 *   3: virt_xs.h before virt_hv.h, virt.h in the middle */
#define VIRT_IMPLEMENTATION
#if VIRT_PROBE_ORDER == 1
#  include "virt.h"
#  include "virt_xml.h"
#  include "virt_xend.h"
#  include "virt_xs.h"
#  include "virt_hv.h"
#elif VIRT_PROBE_ORDER == 2
#  include "virt_hv.h"
#  include "virt_xs.h"
#  include "virt_xend.h"
#  include "virt_xml.h"
#  include "virt.h"
#elif VIRT_PROBE_ORDER == 3
#  include "virt_xs.h"
#  include "virt_hv.h"
#  include "virt.h"
#  include "virt_xml.h"
#  include "virt_xend.h"
#else
#  error "define VIRT_PROBE_ORDER as 1, 2 or 3"
#endif
#include "../hv/test_hv_xs.c"
