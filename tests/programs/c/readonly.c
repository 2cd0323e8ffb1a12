/* What a read-only connection refuses, printed with the error's code,
 * origin and message (as the Application Development Guide's examples
 * print errors; see ../README.md). */
#include <stdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void quiet(void *opaque, virErrorPtr err) { (void)opaque; (void)err; }

static void show(const char *what, int rc)
{
    virErrorPtr e = virGetLastError();
    if (rc >= 0 || !e) printf("%s: allowed\n", what);
    else printf("%s: code %d from %d: %s\n", what, e->code, e->domain, e->message);
    virResetLastError();
}

int main(int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr dom;

    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpenReadOnly(argc > 1 ? argv[1] : NULL);
    if (!conn) return 1;
    dom = virDomainLookupByName(conn, "test");
    if (!dom) return 1;
    show("suspend", virDomainSuspend(dom));
    show("destroy", virDomainDestroy(dom));
    show("setmem", virDomainSetMemory(dom, 1024 * 1024));
    show("define", virDomainDefineXML(conn, "<domain type='test'><name>x</name></domain>") ? 0 : -1);
    show("lookup id 99", virDomainLookupByID(conn, 99) ? 0 : -1);
    show("lookup name", virDomainLookupByName(conn, "nope") ? 0 : -1);
    virDomainFree(dom);
    virConnectClose(conn);
    return 0;
}
