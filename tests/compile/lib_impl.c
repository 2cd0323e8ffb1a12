/* tests/compile/lib_impl.c - the implementation half of the two-file build:
 * the one file of a program that defines VIRT_IMPLEMENTATION. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
