/* Equivalent of monitoringplug's libvirt/check_libvirt_domain.c (see
 * ../README.md): OK when the named domain runs, WARNING when paused,
 * CRITICAL otherwise or when it does not exist (the error's message). */
#include <stdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void quiet(void *opaque, virErrorPtr err) { (void)opaque; (void)err; }

int main(int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr dom;
    int state, reason, rc;

    if (argc != 3) {
        printf("UNKNOWN - usage: %s URI DOMAIN\n", argv[0]);
        return 3;
    }
    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpenAuth(argv[1], virConnectAuthPtrDefault, VIR_CONNECT_RO);
    if (!conn) {
        printf("CRITICAL - %s\n", virGetLastErrorMessage());
        return 2;
    }
    dom = virDomainLookupByName(conn, argv[2]);
    if (!dom) {
        printf("CRITICAL - %s (code %d, from %d)\n", virGetLastErrorMessage(),
               virGetLastErrorCode(), virGetLastErrorDomain());
        virConnectClose(conn);
        return 2;
    }
    if (virDomainGetState(dom, &state, &reason, 0) < 0) {
        printf("CRITICAL - %s\n", virGetLastErrorMessage());
        rc = 2;
    } else if (state == VIR_DOMAIN_RUNNING) {
        printf("OK - %s is running (reason %d)\n", argv[2], reason);
        rc = 0;
    } else if (state == VIR_DOMAIN_PAUSED) {
        printf("WARNING - %s is paused (reason %d)\n", argv[2], reason);
        rc = 1;
    } else {
        printf("CRITICAL - %s is in state %d (reason %d)\n", argv[2], state, reason);
        rc = 2;
    }
    virDomainFree(dom);
    virConnectClose(conn);
    return rc;
}
