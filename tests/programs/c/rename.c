/* Equivalent of libvirt's examples/rename/rename.c (see ../README.md):
 * renames an inactive domain with virDomainRename. */
#include <stdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static const char xml[] =
    "<domain type='test'><name>old-name</name><memory>65536</memory>"
    "<os><type>hvm</type></os></domain>";

int main(int argc, char **argv)
{
    virConnectPtr conn = virConnectOpen(argc > 1 ? argv[1] : NULL);
    virDomainPtr dom;
    int rc;

    if (!conn) return 1;
    dom = virDomainDefineXML(conn, xml);
    if (!dom) return 1;
    rc = virDomainRename(dom, "new-name", 0);
    if (rc < 0) printf("rename failed: %s\n", virGetLastErrorMessage());
    else printf("renamed to %s\n", virDomainGetName(dom));
    virDomainUndefine(dom);
    virDomainFree(dom);
    virConnectClose(conn);
    return rc < 0 ? 1 : 0;
}
