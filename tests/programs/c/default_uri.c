/* Programs that pass NULL and let the environment choose
 * (LIBVIRT_DEFAULT_URI; libvirt's examples/c/misc/hellolibvirt.c without an
 * argument; see ../README.md). The harness sets the variable. */
#include <stdio.h>
#include <stdlib.h>
#include <libvirt/libvirt.h>

int main(void)
{
    virConnectPtr conn = virConnectOpenReadOnly(NULL);
    char *uri;
    if (!conn) {
        printf("no connection\n");
        return 1;
    }
    uri = virConnectGetURI(conn);
    printf("uri %s, type %s, %d running\n", uri, virConnectGetType(conn), virConnectNumOfDomains(conn));
    free(uri);
    virConnectClose(conn);
    conn = virConnectOpen("");
    uri = conn ? virConnectGetURI(conn) : NULL;
    printf("empty string: %s\n", uri ? uri : "no connection");
    free(uri);
    if (conn) virConnectClose(conn);
    return 0;
}
