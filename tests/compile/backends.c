/* tests/compile/backends.c - a one-file program built once per VIRT_NO_*
 * combination (and with VIRT_NO_THREADS): it must compile cleanly, report
 * the backends it was built with, and still run the test driver. Without
 * any Xen backend, opening a Xen URI must fail with an error that says the
 * backends were compiled out. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "smoke.h"

#if defined(VIRT_NO_XEND) && defined(VIRT_NO_XS) && defined(VIRT_NO_HV)
static int check_xen_compiled_out(void)
{
    virErrorPtr err;
    virConnectPtr conn;
    virSetErrorFunc(NULL, smoke_silent);
    conn = virConnectOpenReadOnly("xen:///");
    virSetErrorFunc(NULL, NULL);
    err = virGetLastError();
    if (conn || !err || !err->message || !strstr(err->message, "VIRT_NO_XEND") ||
        !strstr(err->message, "VIRT_NO_XS") || !strstr(err->message, "VIRT_NO_HV")) {
        fprintf(stderr, "xen:/// without Xen backends: expected an error naming the "
                        "compiled-out backends, got %s\n",
                conn ? "a connection" : (err && err->message ? err->message : "no error"));
        if (conn) virConnectClose(conn);
        return 1;
    }
    return 0;
}
#else
static int check_xen_compiled_out(void) { return 0; }
#endif

int main(void)
{
    int failures = compile_smoke("backends");
    failures += check_xen_compiled_out();
    return failures ? 1 : 0;
}
