/* tests/compile/alloc_partial.c - MUST NOT compile: VIRT_MALLOC without
 * VIRT_REALLOC and VIRT_FREE is refused with an #error (a half-replaced
 * allocator would free memory with the wrong function). */
#include <stdlib.h>
#define VIRT_MALLOC(n) malloc(n)
#define VIRT_IMPLEMENTATION
#include "virt.h"

int main(void) { return 0; }
