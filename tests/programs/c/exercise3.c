/* Equivalent of a course exercise against libvirt (EXERCICE3.c in the
 * course repository named in ../README.md): host name, maximum vCPUs,
 * free memory, then the running domains by id and name. */
#include <stdio.h>
#include <stdlib.h>
#include <libvirt/libvirt.h>

int main(int argc, char **argv)
{
    virConnectPtr conn = virConnectOpen(argc > 1 ? argv[1] : NULL);
    int n, i, *ids;

    if (!conn) {
        fprintf(stderr, "Failed to open connection\n");
        return 1;
    }
    printf("Connection established\n");
    printf("Maximum support virtual CPUs: %d\n", virConnectGetMaxVcpus(conn, NULL));
    printf("Node free memory: %llu\n", virNodeGetFreeMemory(conn));
    n = virConnectNumOfDomains(conn);
    ids = (int *)malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    n = virConnectListDomains(conn, ids, n);
    printf("Active domain IDs:\n");
    for (i = 0; i < n; i++) {
        virDomainPtr d = virDomainLookupByID(conn, ids[i]);
        printf("  id: %d, name: %s\n", ids[i], d ? virDomainGetName(d) : "?");
        if (d) virDomainFree(d);
    }
    free(ids);
    virConnectClose(conn);
    return 0;
}
