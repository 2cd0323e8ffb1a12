/* tests/compile/static_copy.c - one vendored, private copy of virt.
 * Compiled twice into one program (static_main.c) with different VIRT_NO_*
 * sets and STATIC_COPY_ENTRY names: with VIRT_STATIC every function is
 * static, so the two copies neither clash at link time nor warn about the
 * functions they do not use. */
#define VIRT_STATIC
#define VIRT_IMPLEMENTATION
#include "virt.h"
#define SMOKE_FN static_copy_smoke
#include "smoke.h"

#define STATIC_COPY_STR2(x) #x
#define STATIC_COPY_STR(x) STATIC_COPY_STR2(x)

#ifdef __cplusplus
extern "C"
#endif
int STATIC_COPY_ENTRY(void);

int STATIC_COPY_ENTRY(void)
{
    return static_copy_smoke(STATIC_COPY_STR(STATIC_COPY_ENTRY));
}
