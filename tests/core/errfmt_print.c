/* tests/core/errfmt_print.c - prints what virDefaultErrorFunc writes for
 * every origin (VIR_FROM_*) at both levels, on stdout. Built against virt.h
 * (VT_ABI_VIRT) and against Debian's libvirt (linked with -lvirt); the
 * core_error_format test requires the two outputs to be equal. */
#ifdef VT_ABI_VIRT
#  define VIRT_IMPLEMENTATION
#  include "virt.h"          /* first: it sets _DEFAULT_SOURCE for the system headers */
#else
#  include <libvirt/libvirt.h>
#  include <libvirt/virterror.h>
#endif
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    int origin, level;
    if (dup2(1, 2) < 0) return 1;
    for (origin = VIR_FROM_NONE; origin <= VIR_FROM_CH; origin++) {
        for (level = VIR_ERR_WARNING; level <= VIR_ERR_ERROR; level++) {
            virError e;
            memset(&e, 0, sizeof e);
            e.code = VIR_ERR_INTERNAL_ERROR;
            e.domain = origin;
            e.level = (virErrorLevel)level;
            e.message = (char *)"something failed: 'value'";
            virDefaultErrorFunc(&e);
            fflush(stderr);
        }
    }
    return 0;
}
