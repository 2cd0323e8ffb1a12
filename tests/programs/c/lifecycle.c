/* A domain's whole life through the core API, with every failure printed
 * through virGetLastErrorMessage the way the Application Development
 * Guide's examples do (see ../README.md): define, start, refuse a second
 * start, suspend, save, restore, destroy, undefine, and look it up again. */
#include <stdio.h>
#include <stdlib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static const char xml[] =
    "<domain type='test'><name>lc1</name><memory>131072</memory><vcpu>1</vcpu>"
    "<os><type>hvm</type></os></domain>";

static void quiet(void *opaque, virErrorPtr err) { (void)opaque; (void)err; }

static void step(const char *what, int rc)
{
    if (rc < 0) printf("%s: failed: %s\n", what, virGetLastErrorMessage());
    else printf("%s: ok\n", what);
}

int main(int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr dom;
    virDomainInfo info;

    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpen(argc > 1 ? argv[1] : NULL);
    if (!conn) {
        printf("open: %s\n", virGetLastErrorMessage());
        return 1;
    }
    dom = virDomainDefineXML(conn, xml);
    if (!dom) {
        printf("define: %s\n", virGetLastErrorMessage());
        return 1;
    }
    step("start", virDomainCreate(dom));
    step("start again", virDomainCreate(dom));
    step("suspend", virDomainSuspend(dom));
    step("suspend again", virDomainSuspend(dom));
    step("save", virDomainSave(dom, "lc1.save"));
    step("info", virDomainGetInfo(dom, &info));
    printf("state after save: %d\n", info.state);
    step("restore", virDomainRestore(conn, "lc1.save"));
    step("restore missing", virDomainRestore(conn, "no-such.save"));
    step("destroy", virDomainDestroy(dom));
    step("destroy again", virDomainDestroy(dom));
    step("set memory", virDomainSetMemory(dom, 65536));
    step("undefine", virDomainUndefine(dom));
    virDomainFree(dom);
    dom = virDomainLookupByName(conn, "lc1");
    printf("lookup after undefine: %s\n", dom ? "found" : virGetLastErrorMessage());
    if (dom) virDomainFree(dom);
    dom = virDomainLookupByUUIDString(conn, "not-a-uuid");
    printf("bad uuid: %s\n", dom ? "found" : virGetLastErrorMessage());
    virConnectClose(conn);
    return 0;
}
