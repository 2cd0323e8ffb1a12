/* Equivalent of the listing loop of virt-top / virsh 0.1-era tools and of
 * the OCaml bindings' examples/list_domains (see ../README.md): ids of the
 * running domains, each one's info, then the defined names. */
#include <stdio.h>
#include <stdlib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static const char *state_name(int s)
{
    switch (s) {
    case VIR_DOMAIN_RUNNING: return "running";
    case VIR_DOMAIN_BLOCKED: return "blocked";
    case VIR_DOMAIN_PAUSED: return "paused";
    case VIR_DOMAIN_SHUTDOWN: return "shutdown";
    case VIR_DOMAIN_SHUTOFF: return "shutoff";
    case VIR_DOMAIN_CRASHED: return "crashed";
    default: return "no state";
    }
}

int main(int argc, char **argv)
{
    virConnectPtr conn = virConnectOpenReadOnly(argc > 1 ? argv[1] : NULL);
    int ids[256], n, i;
    char *names[256];

    if (!conn) return 1;
    n = virConnectListDomains(conn, ids, 256);
    if (n < 0) return 1;
    printf("%d running\n", n);
    for (i = 0; i < n; i++) {
        virDomainPtr d = virDomainLookupByID(conn, ids[i]);
        virDomainInfo info;
        if (!d) continue;
        if (virDomainGetInfo(d, &info) == 0)
            printf("%5d %-20s %-10s %2d vcpu %10lu/%lu KiB\n", ids[i], virDomainGetName(d),
                   state_name(info.state), info.nrVirtCpu, info.memory, info.maxMem);
        virDomainFree(d);
    }
    n = virConnectListDefinedDomains(conn, names, 256);
    printf("%d defined\n", n);
    for (i = 0; i < n; i++) {
        printf("  %s\n", names[i]);
        free(names[i]);
    }
    virConnectClose(conn);
    return 0;
}
