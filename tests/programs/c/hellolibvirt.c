/* Equivalent of libvirt's examples/c/misc/hellolibvirt.c (see ../README.md):
 * opens with virConnectOpenAuth and the default callback, prints the
 * hypervisor, counts domains and lists all of them with their activity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static int show_hypervisor(virConnectPtr conn)
{
    unsigned long ver;
    const char *type = virConnectGetType(conn);
    if (!type) {
        printf("no type: %s\n", virGetLastErrorMessage());
        return -1;
    }
    if (virConnectGetVersion(conn, &ver) != 0) {
        printf("no version: %s\n", virGetLastErrorMessage());
        return -1;
    }
    printf("Hypervisor: \"%s\" version: %lu.%lu.%lu\n", type,
           ver / 1000000, (ver / 1000) % 1000, ver % 1000);
    return 0;
}

static int show_domains(virConnectPtr conn)
{
    virDomainPtr *doms = NULL;
    int active = virConnectNumOfDomains(conn);
    int inactive = virConnectNumOfDefinedDomains(conn);
    int n, i, width = 0;

    if (active < 0 || inactive < 0) {
        printf("cannot count domains: %s\n", virGetLastErrorMessage());
        return -1;
    }
    printf("There are %d active and %d inactive domains\n", active, inactive);
    n = virConnectListAllDomains(conn, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE |
                                              VIR_CONNECT_LIST_DOMAINS_INACTIVE);
    if (n < 0) {
        printf("cannot list domains: %s\n", virGetLastErrorMessage());
        return -1;
    }
    for (i = 0; i < n; i++) {
        int len = (int)strlen(virDomainGetName(doms[i]));
        if (len > width) width = len;
    }
    for (i = 0; i < n; i++) {
        printf("  %-*s (%s)\n", width, virDomainGetName(doms[i]),
               virDomainIsActive(doms[i]) == 1 ? "active" : "non-active");
        virDomainFree(doms[i]);
    }
    free(doms);
    return 0;
}

int main(int argc, char **argv)
{
    virConnectPtr conn;
    char *uri;
    int rc = 0;

    printf("Attempting to connect to hypervisor\n");
    conn = virConnectOpenAuth(argc > 1 ? argv[1] : NULL, virConnectAuthPtrDefault, 0);
    if (!conn) {
        printf("No connection to hypervisor: %s\n", virGetLastErrorMessage());
        return 1;
    }
    uri = virConnectGetURI(conn);
    if (!uri) {
        printf("no URI: %s\n", virGetLastErrorMessage());
        rc = 1;
    } else {
        printf("Connected to hypervisor at \"%s\"\n", uri);
        free(uri);
        if (show_hypervisor(conn) < 0 || show_domains(conn) < 0) rc = 1;
    }
    if (virConnectClose(conn) != 0) {
        printf("close failed: %s\n", virGetLastErrorMessage());
        rc = 1;
    } else {
        printf("Disconnected from hypervisor\n");
    }
    return rc;
}
