/* Equivalent of the libvirt Application Development Guide's error-handler
 * examples (ex21/ex22 in the course repository named in ../README.md): a
 * global and a per-connection error function, triggered by a bad argument. */
#include <stdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void report(const char *who, virErrorPtr err)
{
    fprintf(stderr, "%s handler, failure of libvirt library call:\n", who);
    fprintf(stderr, " Code: %d\n Domain: %d\n Message: %s\n Level: %d\n",
            err->code, err->domain, err->message, err->level);
    fprintf(stderr, " str1: %s\n int1: %d\n", err->str1 ? err->str1 : "(null)", err->int1);
}
static void on_conn_error(void *opaque, virErrorPtr err) { (void)opaque; report("Connection", err); }
static void on_global_error(void *opaque, virErrorPtr err) { (void)opaque; report("Global", err); }

int main(int argc, char **argv)
{
    virConnectPtr conn1, conn2;
    const char *uri = argc > 1 ? argv[1] : NULL;

    virSetErrorFunc(NULL, on_global_error);
    conn1 = virConnectOpen(uri);
    if (!conn1) return 1;
    conn2 = virConnectOpen(uri);
    if (!conn2) { virConnectClose(conn1); return 2; }
    virConnSetErrorFunc(conn1, NULL, on_conn_error);
    if (virConnectGetVersion(conn1, NULL) < 0) fprintf(stderr, "virConnectGetVersion failed\n");
    if (virConnectGetVersion(conn2, NULL) < 0) fprintf(stderr, "virConnectGetVersion failed\n");
    if (!virDomainLookupByName(conn2, "no-such-domain")) fprintf(stderr, "lookup failed\n");
    virConnSetErrorFunc(conn1, NULL, NULL);
    virSetErrorFunc(NULL, NULL);
    virConnectClose(conn2);
    virConnectClose(conn1);
    return 0;
}
