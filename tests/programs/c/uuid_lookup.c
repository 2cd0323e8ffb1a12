/* Looking a domain up by UUID and reading its identity, as management tools
 * that store UUIDs do (the Application Development Guide's domain chapter;
 * see ../README.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void quiet(void *opaque, virErrorPtr err) { (void)opaque; (void)err; }

int main(int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr a, b;
    char uuid[VIR_UUID_STRING_BUFLEN];
    unsigned char raw[VIR_UUID_BUFLEN];

    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpenReadOnly(argc > 1 ? argv[1] : NULL);
    if (!conn) return 1;
    a = virDomainLookupByName(conn, "test");
    if (!a || virDomainGetUUIDString(a, uuid) < 0 || virDomainGetUUID(a, raw) < 0) return 1;
    printf("uuid %s\n", uuid);
    b = virDomainLookupByUUIDString(conn, uuid);
    printf("by string: %s\n", b ? virDomainGetName(b) : "not found");
    if (b) virDomainFree(b);
    b = virDomainLookupByUUID(conn, raw);
    printf("by bytes: %s, id %u\n", b ? virDomainGetName(b) : "not found", b ? virDomainGetID(b) : 0);
    if (b) virDomainFree(b);
    raw[0] ^= 0xff;
    b = virDomainLookupByUUID(conn, raw);
    printf("changed uuid: %s\n", b ? "found" : "not found");
    printf("error code %d\n", b ? 0 : virGetLastError()->code);
    if (b) virDomainFree(b);
    printf("max memory %lu\n", virDomainGetMaxMemory(a));
    virDomainFree(a);
    virConnectClose(conn);
    return 0;
}
