/* tests/compile/lib_user.c - the other half of the two-file build: includes
 * virt.h for the declarations only and calls the library compiled in
 * lib_impl.c (possibly by another compiler or language: the extern "C"
 * blocks of the headers make a C++ implementation callable from C). */
#include "virt.h"
#include "smoke.h"

int main(void)
{
    return compile_smoke("two-file") ? 1 : 0;
}
