/* Equivalent of libvirt's examples/c/domain/info1.c (see ../README.md):
 * read-only connection, one domain by name, its vCPU count. */
#include <stdio.h>
#include <libvirt/libvirt.h>

int main(int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr dom = NULL;
    virDomainInfo info;

    if (argc != 3) {
        fprintf(stderr, "syntax: %s: URI NAME\n", argv[0]);
        return 1;
    }
    conn = virConnectOpenReadOnly(argv[1]);
    if (!conn) {
        fprintf(stderr, "Failed to connect to hypervisor\n");
        return 0;
    }
    dom = virDomainLookupByName(conn, argv[2]);
    if (!dom)
        fprintf(stderr, "Failed to find Domain %s\n", argv[2]);
    else if (virDomainGetInfo(dom, &info) < 0)
        fprintf(stderr, "Failed to get information for Domain %s\n", argv[2]);
    else
        printf("Domain %s: %d CPUs\n", argv[2], info.nrVirtCpu);
    if (dom) virDomainFree(dom);
    virConnectClose(conn);
    return 0;
}
