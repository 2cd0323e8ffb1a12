/* Equivalent of monitoringplug's libvirt/check_libvirtd.c (see
 * ../README.md): a monitoring plugin that answers OK with the library's
 * and the hypervisor's versions, or CRITICAL (exit 2) with libvirt's error. */
#include <stdio.h>
#include <stdlib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void quiet(void *opaque, virErrorPtr err) { (void)opaque; (void)err; }

int main(int argc, char **argv)
{
    virConnectPtr conn;
    unsigned long lib, hv;
    const char *type;

    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpenAuth(argc > 1 ? argv[1] : NULL, virConnectAuthPtrDefault, VIR_CONNECT_RO);
    if (!conn) {
        printf("CRITICAL - %s\n", virGetLastErrorMessage());
        return 2;
    }
    type = virConnectGetType(conn);
    if (virConnectGetLibVersion(conn, &lib) < 0 || virConnectGetVersion(conn, &hv) < 0) {
        printf("CRITICAL - %s\n", virGetLastErrorMessage());
        virConnectClose(conn);
        return 2;
    }
    printf("OK - libvirtd %s, %s %lu.%lu.%lu\n", lib > 0 ? "responding" : "no version",
           type, hv / 1000000, (hv / 1000) % 1000, hv % 1000);
    virConnectClose(conn);
    return 0;
}
