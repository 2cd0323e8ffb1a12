/* Equivalent of the libvirt Application Development Guide's connection
 * example (ex28 in the course repository named in ../README.md): every
 * connection-level query of the guide on one node. */
#include <stdio.h>
#include <stdlib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

int main(int argc, char **argv)
{
    const char *uri = argc > 1 ? argv[1] : NULL;
    virConnectPtr rw = virConnectOpen(uri);
    virConnectPtr ro = virConnectOpenAuth(uri, virConnectAuthPtrDefault, VIR_CONNECT_RO);
    virNodeInfo node;
    unsigned long long *cells;
    unsigned long ver, libver;
    char *s;
    int i, n;

    if (!rw || !ro) {
        fprintf(stderr, "Failed to open connection to %s\n", uri ? uri : "(default)");
        return 1;
    }
    s = virConnectGetCapabilities(rw);
    printf("Capabilities:\n%s\n", s ? s : "(none)");
    free(s);
    s = virConnectGetHostname(ro);
    printf("Hostname: %s\n", s ? "(set)" : "(none)");
    free(s);
    printf("Max vCPUs: %d\n", virConnectGetMaxVcpus(rw, NULL));
    printf("Free memory: %llu\n", virNodeGetFreeMemory(ro));
    if (virNodeGetInfo(rw, &node) < 0) return 1;
    printf("Model: %s, %lu KiB, %u CPUs at %u MHz, %u nodes %u sockets %u cores %u threads\n",
           node.model, node.memory, node.cpus, node.mhz, node.nodes, node.sockets, node.cores,
           node.threads);
    cells = (unsigned long long *)calloc(node.nodes, sizeof *cells);
    n = virNodeGetCellsFreeMemory(rw, cells, 0, (int)node.nodes);
    for (i = 0; i < n; i++) printf(" Cell %d: %llu free\n", i, cells[i]);
    free(cells);
    printf("Type: %s\n", virConnectGetType(ro));
    if (virConnectGetVersion(rw, &ver) == 0) printf("Version: %lu\n", ver);
    if (virConnectGetLibVersion(ro, &libver) == 0) printf("Library version: %s\n", libver > 0 ? "known" : "zero");
    s = virConnectGetURI(rw);
    printf("URI: %s\n", s);
    free(s);
    printf("Encrypted: %d, secure: %d\n", virConnectIsEncrypted(ro), virConnectIsSecure(rw));
    virConnectClose(ro);
    virConnectClose(rw);
    return 0;
}
