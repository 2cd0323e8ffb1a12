/* examples/info.c - the smallest virt program: look one domain up and print
 * what libvirt knows about it.
 *
 * What it shows: a read-only connection (no privileges needed), a lookup by
 * name, virDomainGetID / virDomainGetOSType / virDomainGetInfo, and the
 * libvirt error model (-1 or NULL, then virGetLastError()). It is the
 * seed's first example, kept to the same few calls.
 *
 * Usage:  info [URI [NAME]]
 *         info test:///default          (domain "test" of the test node)
 *         info                          (NULL URI: the local Xen node, Domain-0)
 * The default NAME is "test" on a test:// URI, else "Domain-0".
 * Exit status 0 when the domain was found and described, else 1.
 */
#define VIRT_IMPLEMENTATION
#include "virt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *state_name(int state)
{
    switch (state) {
    case VIR_DOMAIN_RUNNING: return "running";
    case VIR_DOMAIN_BLOCKED: return "blocked";
    case VIR_DOMAIN_PAUSED: return "paused";
    case VIR_DOMAIN_SHUTDOWN: return "being shut down";
    case VIR_DOMAIN_SHUTOFF: return "shut off";
    case VIR_DOMAIN_CRASHED: return "crashed";
    default: return "no state";
    }
}

/* Prints the library's reason for the last failure. */
/* An error handler that prints nothing: main reports each failure once. */
static void quiet(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

static int fail(const char *what)
{
    virErrorPtr err = virGetLastError();
    fprintf(stderr, "info: %s: %s\n", what, err && err->message ? err->message : "unknown error");
    return 1;
}

int main(int argc, char **argv)
{
    const char *uri = argc > 1 ? argv[1] : NULL;
    const char *name = argc > 2 ? argv[2] : (uri && strncmp(uri, "test:", 5) == 0 ? "test" : "Domain-0");
    virConnectPtr conn;
    virDomainPtr dom;
    virDomainInfo info;
    char *ostype;
    int rc = 1;

    /* errors are reported below from virGetLastError(), not printed twice */
    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpenReadOnly(uri);
    if (!conn) return fail("cannot open the connection");
    dom = virDomainLookupByName(conn, name);
    if (!dom) {
        rc = fail("cannot find the domain");
        goto out;
    }
    if (virDomainGetInfo(dom, &info) < 0) {
        rc = fail("cannot get the domain's information");
        goto out;
    }
    ostype = virDomainGetOSType(dom);
    printf("Domain 0: id %d running %s\n", (int)virDomainGetID(dom), ostype ? ostype : "(unknown OS)");
    free(ostype);
    printf("  name %s, state %s, %u vCPU(s), memory %lu of %lu KiB, CPU time %.1f s\n",
           virDomainGetName(dom), state_name(info.state), (unsigned)info.nrVirtCpu, info.memory,
           info.maxMem, (double)info.cpuTime / 1e9);
    rc = 0;
out:
    if (dom) virDomainFree(dom);
    virConnectClose(conn);
    return rc;
}
