/* tests/compile/include_twice.c - every header included for its
 * declarations, code using them, then virt.h again with VIRT_IMPLEMENTATION
 * in the same file (stb_howto rule 1): the implementation must follow the
 * declaration guards, and a second inclusion must add only what is missing.
 *
 * _DEFAULT_SOURCE first: the first inclusion pulls in libc headers before
 * VIRT_IMPLEMENTATION is seen, so the prelude cannot request POSIX for us
 * (virt.h's prelude documents this). */
#define _DEFAULT_SOURCE 1
#include "virt.h"
#include "virt_xml.h"
#include "virt_xend.h"
#include "virt_xs.h"
#include "virt_hv.h"
#include "virt.h"
#include "smoke.h"

int main(void)
{
    return compile_smoke("include-twice") ? 1 : 0;
}

#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_hv.h"
#include "virt_xs.h"
#include "virt_xend.h"
#include "virt_xml.h"
#include "virt.h"
