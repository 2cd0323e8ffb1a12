/* Equivalent of libvirt 0.1's examples/info1.c (see ../README.md): the
 * seed-era way, a read-only connection and a domain by id. */
#include <stdio.h>
#include <libvirt/libvirt.h>

int main(int argc, char **argv)
{
    virConnectPtr conn = virConnectOpenReadOnly(argc > 1 ? argv[1] : NULL);
    virDomainPtr dom;
    virDomainInfo info;

    if (conn == NULL) {
        fprintf(stderr, "Failed to connect to hypervisor\n");
        return 1;
    }
    dom = virDomainLookupByID(conn, 1);
    if (dom == NULL) {
        fprintf(stderr, "Failed to find Domain 1\n");
        virConnectClose(conn);
        return 1;
    }
    if (virDomainGetInfo(dom, &info) < 0) {
        fprintf(stderr, "Failed to get information for Domain 1\n");
    } else {
        printf("Domains 1: %d CPUs\n", info.nrVirtCpu);
        printf("state %d, memory %lu of %lu KiB\n", info.state, info.memory, info.maxMem);
    }
    virDomainFree(dom);
    virConnectClose(conn);
    return 0;
}
