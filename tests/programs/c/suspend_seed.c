/* Equivalent of libvirt 0.1's examples/suspend.c (see ../README.md): a
 * read-write connection, domain by id, suspend, check, resume, check. */
#include <stdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static int check_state(virDomainPtr dom, int want)
{
    virDomainInfo info;
    if (virDomainGetInfo(dom, &info) < 0) {
        fprintf(stderr, "Failed to get information\n");
        return -1;
    }
    if (info.state != want) {
        fprintf(stderr, "Domain is in state %d, expected %d\n", info.state, want);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    virConnectPtr conn = virConnectOpen(argc > 1 ? argv[1] : NULL);
    virDomainPtr dom;
    int rc = 1;

    if (!conn) {
        fprintf(stderr, "Failed to connect to hypervisor\n");
        return 1;
    }
    dom = virDomainLookupByID(conn, 1);
    if (!dom) {
        fprintf(stderr, "Failed to find Domain 1\n");
    } else {
        printf("suspending %s\n", virDomainGetName(dom));
        if (virDomainSuspend(dom) == 0 && check_state(dom, VIR_DOMAIN_PAUSED) == 0) {
            printf("resuming %s\n", virDomainGetName(dom));
            if (virDomainResume(dom) == 0 && check_state(dom, VIR_DOMAIN_RUNNING) == 0) rc = 0;
        }
        if (virDomainSuspend(dom) == 0 && virDomainSuspend(dom) < 0)
            printf("second suspend refused: %d\n", virGetLastError()->code);
        virDomainResume(dom);
        virDomainFree(dom);
    }
    virConnectClose(conn);
    return rc;
}
