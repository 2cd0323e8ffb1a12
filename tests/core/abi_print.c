/* tests/core/abi_print.c - prints the value of every name in abi_names.h,
 * one "NAME VALUE" line each. Built twice: against virt.h (VT_ABI_VIRT) and
 * against Debian's <libvirt/libvirt.h>; abi_compare.cmake diffs the two
 * outputs, so a wrong enum value, string constant, struct size or member
 * offset fails.
 * Run with "--skip" (the build does so when libvirt-dev is absent) it
 * exits 77. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#ifdef VT_ABI_VIRT
#  include "virt.h"
#  define VT_EVENT_NAME(n) VIRT_DOMAIN_EVENT_##n
#else
/* virError's conn, dom and net are marked deprecated there; reading their
 * offsets is the point here */
#  define VIR_DEPRECATED
#  include <libvirt/libvirt.h>
#  include <libvirt/virterror.h>
#  define VT_EVENT_NAME(n) VIR_DOMAIN_EVENT_##n
#endif

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--skip") == 0) {
        printf("SKIP: <libvirt/libvirt.h> not found (install libvirt-dev)\n");
        return 77;
    }
#define VT_ABI_VALUE(n) printf("%s %lld\n", #n, (long long)(n));
#define VT_ABI_EVENT(n) printf("EVENT_%s %lld\n", #n, (long long)VT_EVENT_NAME(n));
#define VT_ABI_SIZE(t) printf("sizeof(%s) %lu\n", #t, (unsigned long)sizeof(t));
#define VT_ABI_OFFSET(t, m) printf("offsetof(%s,%s) %lu\n", #t, #m, (unsigned long)offsetof(t, m));
#define VT_ABI_TEXT(n) printf("%s \"%s\"\n", #n, n);
#include "abi_names.h"
    return 0;
}
