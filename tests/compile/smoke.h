/* tests/compile/smoke.h - the short run every program of the compile matrix
 * does once it has linked: open test:///default read-only, list the running
 * domains, look the first one up. Also checks that virt_enabled_backends()
 * agrees with the VIRT_NO_* macros this translation unit was built with, so
 * a VIRT_NO_* that silently does nothing is caught.
 *
 * Include after "virt.h" (declarations or implementation). SMOKE_FN names
 * the function (default compile_smoke), so two VIRT_STATIC copies can each
 * have their own. Returns the number of failures (0: all good). */
#ifndef SMOKE_FN
#define SMOKE_FN compile_smoke
#endif
#include <stdio.h>
#include <string.h>

static unsigned int smoke_expected_backends(void)
{
    unsigned int b = VIRT_BACKEND_TEST;
#ifndef VIRT_NO_XEND
    b |= VIRT_BACKEND_XEND;
#endif
#ifndef VIRT_NO_XS
    b |= VIRT_BACKEND_XS;
#endif
#ifndef VIRT_NO_HV
    b |= VIRT_BACKEND_HV;
#endif
    return b;
}

static void smoke_silent(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

static int SMOKE_FN(const char *who)
{
    int failures = 0, n, ids[16];
    virConnectPtr conn;
    virDomainPtr dom;
    virErrorPtr err;

    if (virt_enabled_backends() != smoke_expected_backends()) {
        fprintf(stderr, "%s: virt_enabled_backends() = %#x, expected %#x\n", who,
                virt_enabled_backends(), smoke_expected_backends());
        failures++;
    }
    conn = virConnectOpenReadOnly("test:///default");
    if (!conn) {
        err = virGetLastError();
        fprintf(stderr, "%s: cannot open test:///default: %s\n", who,
                err && err->message ? err->message : "(no error)");
        return failures + 1;
    }
    n = virConnectListDomains(conn, ids, 16);
    if (n < 1 || n != virConnectNumOfDomains(conn)) {
        fprintf(stderr, "%s: test:///default lists %d domains\n", who, n);
        failures++;
    } else {
        dom = virDomainLookupByID(conn, ids[0]);
        if (!dom || !virDomainGetName(dom) || strcmp(virDomainGetName(dom), "test") != 0) {
            fprintf(stderr, "%s: domain %d is not 'test'\n", who, ids[0]);
            failures++;
        }
        if (dom) virDomainFree(dom);
    }
    /* read-only refuses changes with libvirt's error code */
    virSetErrorFunc(NULL, smoke_silent);
    dom = virDomainLookupByName(conn, "test");
    if (!dom || virDomainSuspend(dom) != -1 || !(err = virGetLastError()) ||
        err->code != VIR_ERR_OPERATION_DENIED) {
        fprintf(stderr, "%s: suspend on a read-only connection did not fail with OPERATION_DENIED\n", who);
        failures++;
    }
    if (dom) virDomainFree(dom);
    virSetErrorFunc(NULL, NULL);
    if (virConnectClose(conn) != 0) {
        fprintf(stderr, "%s: virConnectClose did not close\n", who);
        failures++;
    }
    printf("%s: %s\n", who, failures ? "FAILED" : "ok");
    return failures;
}
