/* tests/compile/alloc_hooks.c - VIRT_MALLOC/VIRT_REALLOC/VIRT_FREE and
 * VIRT_ASSERT overridden: the library must build with them and allocate
 * through them. _DEFAULT_SOURCE first because libc headers come before
 * virt.h here (see virt.h's prelude). */
#define _DEFAULT_SOURCE 1
#include <stdlib.h>
#include <stdio.h>

static unsigned long hook_calls = 0;
static void *hook_malloc(size_t n) { hook_calls++; return malloc(n); }
static void *hook_realloc(void *p, size_t n) { hook_calls++; return realloc(p, n); }
static void hook_free(void *p) { free(p); }
static void hook_assert_failed(const char *what)
{
    fprintf(stderr, "virt assertion failed: %s\n", what);
    abort();
}

#define VIRT_MALLOC(n) hook_malloc(n)
#define VIRT_REALLOC(p, n) hook_realloc((p), (n))
#define VIRT_FREE(p) hook_free(p)
#define VIRT_ASSERT(c) ((c) ? (void)0 : hook_assert_failed(#c))
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "smoke.h"

int main(void)
{
    int failures = compile_smoke("alloc-hooks");
    VIRT_ASSERT(failures >= 0); /* the override expands in user code too */
    if (hook_calls == 0) {
        fprintf(stderr, "alloc-hooks: VIRT_MALLOC/VIRT_REALLOC were never called\n");
        failures++;
    }
    return failures ? 1 : 0;
}
