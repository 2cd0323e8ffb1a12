/* Equivalent of libvirt's examples/c/domain/dommigrate.c (see
 * ../README.md): migrate a domain to another URI with virDomainMigrateToURI
 * (peer to peer, live); the test driver cannot, and says so. */
#include <stdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

int main(int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr dom;
    int rc = 1;

    if (argc < 4) {
        printf("Usage: %s <src uri> <dst uri> <domain name>\n", argv[0]);
        return 1;
    }
    printf("Attempting to connect to the source hypervisor...\n");
    conn = virConnectOpenAuth(argv[1], virConnectAuthPtrDefault, 0);
    if (!conn) {
        fprintf(stderr, "No connection to the source hypervisor: %s.\n", virGetLastErrorMessage());
        return 1;
    }
    printf("Attempting to retrieve domain %s...\n", argv[3]);
    dom = virDomainLookupByName(conn, argv[3]);
    if (!dom) {
        fprintf(stderr, "Failed to find domain %s.\n", argv[3]);
    } else {
        printf("Attempting to migrate %s to %s...\n", argv[3], argv[2]);
        if (virDomainMigrateToURI(dom, argv[2], VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_LIVE, NULL, 0) < 0)
            fprintf(stderr, "Failed to migrate domain %s: %s.\n", argv[3], virGetLastErrorMessage());
        else {
            printf("Migration finished with success.\n");
            rc = 0;
        }
        virDomainFree(dom);
    }
    virConnectClose(conn);
    return rc;
}
