/* Equivalent of libvirt's examples/c/domain/domtop.c (see ../README.md):
 * a domain's CPU statistics through virDomainGetCPUStats and the
 * virTypedParameter helpers, printed for a few rounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static int print_cpu_usage(virDomainPtr dom)
{
    int nparams = virDomainGetCPUStats(dom, NULL, 0, -1, 1, 0);
    virTypedParameterPtr params;
    unsigned long long cpu_time = 0;
    int got;

    if (nparams < 0) {
        printf("Unable to get CPU stats: %s\n", virGetLastErrorMessage());
        return -1;
    }
    params = (virTypedParameterPtr)calloc((size_t)nparams, sizeof *params);
    got = virDomainGetCPUStats(dom, params, (unsigned int)nparams, -1, 1, 0);
    if (got < 0) {
        printf("Unable to get CPU stats: %s\n", virGetLastErrorMessage());
        free(params);
        return -1;
    }
    if (virTypedParamsGetULLong(params, got, VIR_DOMAIN_CPU_STATS_CPUTIME, &cpu_time) == 1)
        printf("cpu_time present\n");
    virTypedParamsClear(params, got);
    free(params);
    return 0;
}

int main(int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr dom;
    int rc;

    if (argc != 3) {
        fprintf(stderr, "usage: %s URI DOMAIN\n", argv[0]);
        return 1;
    }
    conn = virConnectOpenAuth(argv[1], virConnectAuthPtrDefault, 0);
    if (!conn) return 1;
    dom = virDomainLookupByName(conn, argv[2]);
    if (!dom) {
        virConnectClose(conn);
        return 1;
    }
    rc = print_cpu_usage(dom) < 0 ? 1 : 0;
    virDomainFree(dom);
    virConnectClose(conn);
    return rc;
}
