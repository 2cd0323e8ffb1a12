/* tests/hv/test_hv_xs.c - one xen:/// connection with two real backends:
 * the hypervisor backend on the simulated hypervisor (hv_sim.c) and the
 * xenstore backend on tests/xs/fake_xenstored.py (seeded as a dom0 with the
 * guests "tiny" (1) and "hvm1" (2)). Checks the documented dispatch order
 * (docs/backends.md) end to end: who lists, who names, who answers info,
 * who changes state, and that a domain the store still lists but Xen no
 * longer runs is not reported.
 *
 *   test_hv_xs PATH/TO/fake_xenstored.py      (skips with 77 without python3) */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "hv_sim.h"
#include "../xs/xs_fake.h"

#include <stdlib.h>

static hv_sim sim;

static int handler_calls = 0;
static void quiet(void *data, virErrorPtr err) { (void)data; (void)err; handler_calls++; }

static int last_code(void)
{
    virErrorPtr e = virGetLastError();
    return e ? e->code : 0;
}

/* the seed's UUIDs (fake_xenstored.py) as the hypervisor's handles */
static void set_handle(unsigned int domid, const char *uuid)
{
    hv_sim_domain *d = hv_sim_find(&sim, domid);
    if (d) (void)virt_uuid_parse(uuid, d->handle);
}

static void check(virConnectPtr c)
{
    virDomainPtr d0, tiny, byname, byuuid;
    virDomainInfo info;
    unsigned char zero[VIR_UUID_BUFLEN];
    int ids[8];
    char *os;
    long changes;

    VT_CHECK_EQ_INT(c->nbackends >= 2, 1);
    VT_CHECK_EQ_STR(c->backends[0].driver->name, "hypervisor");
    VT_CHECK_EQ_STR(c->nbackends >= 2 ? c->backends[1].driver->name : NULL, "xenstore");

    /* the store lists 0, 1, 2; the hypervisor runs 0 and 1: it answers */
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 2);
    VT_CHECK_EQ_INT(virConnectListDomains(c, ids, 8), 2);

    /* Domain-0 named by the store first, which has no vm/ path (no UUID)
     * for it: asking for the UUID completes it from the hypervisor's handle */
    byname = virDomainLookupByName(c, "Domain-0");
    VT_CHECK(byname != NULL);
    if (byname) {
        char s[VIR_UUID_STRING_BUFLEN];
        VT_CHECK_EQ_INT(virDomainGetUUIDString(byname, s), 0);
        VT_CHECK_EQ_STR(s, "00000000-0000-0000-0000-000000000000");
        virDomainFree(byname);
    }

    d0 = virDomainLookupByID(c, 0);
    VT_CHECK_EQ_STR(d0 ? virDomainGetName(d0) : NULL, "Domain-0");
    tiny = virDomainLookupByID(c, 1);                 /* named by xenstore */
    VT_CHECK_EQ_STR(tiny ? virDomainGetName(tiny) : NULL, "tiny");
    if (!tiny) { if (d0) virDomainFree(d0); return; }
    byname = virDomainLookupByName(c, "tiny");
    VT_CHECK(byname == tiny);
    if (byname) virDomainFree(byname);
    byuuid = virDomainLookupByUUIDString(c, "aa03ba70-e832-11f1-a634-33f88c26d566");
    VT_CHECK(byuuid == tiny);
    if (byuuid) virDomainFree(byuuid);
    memset(zero, 0, sizeof zero);
    byuuid = virDomainLookupByUUID(c, zero);          /* dom0: the hypervisor's */
    VT_CHECK(byuuid != NULL && byuuid == d0);
    if (byuuid) virDomainFree(byuuid);
    /* in the store, gone from Xen: the hypervisor's answer wins */
    VT_CHECK(virDomainLookupByID(c, 2) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_NO_DOMAIN);

    /* info from the hypervisor (state and pages), OS type from the store */
    VT_CHECK_EQ_INT(virDomainGetInfo(tiny, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_BLOCKED);
    VT_CHECK_EQ_INT(info.memory, 30720ul * 4);
    VT_CHECK_EQ_INT(info.maxMem, 33024ul * 4);
    os = virDomainGetOSType(tiny);
    VT_CHECK_EQ_STR(os, "linux");
    free(os);

    /* no xend here: suspend/resume and setmaxmem reach Xen */
    changes = sim.state_changes;
    VT_CHECK_EQ_INT(virDomainSuspend(tiny), 0);
    VT_CHECK(hv_sim_find(&sim, 1)->flags & HV_SIM_PAUSED);
    VT_CHECK(virDomainGetInfo(tiny, &info) == 0 && info.state == VIR_DOMAIN_PAUSED);
    VT_CHECK_EQ_INT(virDomainResume(tiny), 0);
    /* setmaxmem goes through the xenstore backend, as libxl does it: the
     * domctl gets the toolstack's 1024 KiB slack above the new maximum, and
     * memory/static-max the maximum itself (what `xl list -l` shows) */
    VT_CHECK_EQ_INT(virDomainSetMaxMemory(tiny, 163840), 0);
    VT_CHECK_EQ_INT(hv_sim_find(&sim, 1)->max_pages, (163840 + 1024) / 4);
    VT_CHECK(virDomainSetMaxMemory(tiny, 4096) == -1);   /* below memory/target */
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK_EQ_INT(sim.state_changes - changes, 3);

    /* the balloon target is the store's (no hypercall) */
    changes = sim.state_changes;
    VT_CHECK_EQ_INT(virDomainSetMemory(tiny, 122880), 0);
    VT_CHECK_EQ_INT(sim.state_changes, changes);

    virDomainFree(tiny);
    if (d0) virDomainFree(d0);
}

int main(int argc, char **argv)
{
    char sock[256];
    pid_t pid;
    virConnectPtr c;
    if (argc < 2) VT_SKIP("usage: test_hv_xs PATH/TO/fake_xenstored.py");
    signal(SIGPIPE, SIG_IGN);
    virSetErrorFunc(NULL, quiet);
    xsf_socket_path(sock, sizeof sock, "hv");
    pid = xsf_start(argv[1], sock, 1);
    if (pid < 0) VT_SKIP("cannot start python3 fake_xenstored.py");
    setenv("XENSTORED_PATH", sock, 1);

    hv_sim_init(&sim, "4.17");
    hv_sim_add(&sim, 1, HV_SIM_BLOCKED, 30720, 33024, 1);
    set_handle(1, "aa03ba70-e832-11f1-a634-33f88c26d566");
    virt_hv_set_ioctl_hook(hv_sim_ioctl, &sim);

    /* xend is not reachable here: its failure to open must not reach the
     * error handler or the last error of a connection that opens anyway */
    handler_calls = 0;
    c = virConnectOpen("xen:///");
    VT_CHECK(c != NULL);
    VT_CHECK_EQ_INT(handler_calls, 0);
    VT_CHECK(virGetLastError() == NULL);
    VT_CHECK(c == NULL || virConnGetLastError(c) == NULL);
    if (c) {
        check(c);
        virConnectClose(c);
    }
    virt_hv_set_ioctl_hook(NULL, NULL);
    xsf_stop(pid);
    unlink(sock);
    return vt_summary("hv_xs");
}
