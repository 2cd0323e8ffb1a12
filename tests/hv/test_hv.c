/* tests/hv/test_hv.c - the hypercall layer and the hypervisor driver against
 * the simulated hypervisor (hv_sim.c): version probing for every supported
 * release, the layouts, Xen's error answers, batching, read-only refusal,
 * and the public API on xen:/// including the dispatch order with fake
 * xenstore/xend backends. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "virt_test_api.h"
#include "hv_sim.h"
#include "hv_sim_open.h"

#include <unistd.h>

/* --- protocol layer ------------------------------------------------------- */

static void test_probe(const char *release, uint32_t sysctl_v, uint32_t domctl_v)
{
    virt_hv *hv = open_sim(release, 0);
    virt_hv_interface ifc;
    VT_CHECK(hv != NULL);
    if (!hv) return;
    virt_hv_get_interface(hv, &ifc);
    VT_CHECK_EQ_INT(ifc.sysctl_version, sysctl_v);
    VT_CHECK_EQ_INT(ifc.domctl_version, domctl_v);
    VT_CHECK_EQ_INT(ifc.xen_major, 4);
    VT_CHECK_EQ_INT(ifc.page_size, 4096);
    /* a release virt knows is found with its first guess: no EACCES */
    VT_CHECK_EQ_INT(sim.eacces, 0);
    virt_hv_close(hv);
}

static void test_unknown(const char *release, const char *named)
{
    virt_hv *hv = NULL;
    virt_status st;
    int rc;
    hv_sim_init(&sim, release);
    rc = virt_hv_open_hooked(&hv, 0, hv_sim_ioctl, &sim, &st);
    VT_CHECK_EQ_INT(rc, VIRT_E_UNSUPPORTED);
    VT_CHECK(hv == NULL);
    VT_CHECK(strstr(st.message, named) != NULL);
    VT_CHECK(strstr(st.message, "0x15") != NULL);   /* says what it tried */
    /* never decoded a reply: every sysctl/domctl probe was refused */
    VT_CHECK_EQ_INT(sim.eacces, sim.sysctl_calls + sim.domctl_calls - (strcmp(release, "4.14") == 0));
}

/* the records of each layout decode at the right stride */
static void test_list_layout(const char *release)
{
    virt_hv *hv = open_sim(release, VIRT_HV_OPEN_READONLY);
    virt_hv_domain_info d[8];
    virt_status st;
    int n;
    VT_CHECK(hv != NULL);
    if (!hv) return;
    hv_sim_add(&sim, 3, HV_SIM_BLOCKED, 32768, 33024, 2);
    hv_sim_add(&sim, 7, HV_SIM_PAUSED | HV_SIM_BLOCKED, 1000, 2000, 4);
    n = virt_hv_list_domains(hv, 0, d, 8, &st);
    VT_CHECK_EQ_INT(n, 3);
    if (n == 3) {
        VT_CHECK_EQ_INT(d[0].domid, 0);
        VT_CHECK_EQ_INT(d[1].domid, 3);
        VT_CHECK_EQ_INT(d[2].domid, 7);
        VT_CHECK_EQ_INT(d[2].tot_pages, 1000);
        VT_CHECK_EQ_INT(d[2].max_pages, 2000);
        VT_CHECK_EQ_INT(d[2].online_vcpus, 4);
        VT_CHECK_EQ_INT(d[2].max_vcpu_id, 3);
        VT_CHECK_EQ_INT(d[2].cpu_time, 8000000000ull);
        VT_CHECK_EQ_INT(d[2].flags & 0xff, HV_SIM_PAUSED | HV_SIM_BLOCKED);
        VT_CHECK_EQ_INT(d[2].handle[0], 7);
        VT_CHECK_EQ_INT(d[2].handle[15], 0xaf);
    }
    /* from an id on */
    n = virt_hv_list_domains(hv, 4, d, 8, &st);
    VT_CHECK_EQ_INT(n, 1);
    VT_CHECK_EQ_INT(n == 1 ? d[0].domid : 0, 7);
    virt_hv_close(hv);
}

static void test_physinfo(const char *release)
{
    virt_hv *hv = open_sim(release, 0);
    virt_hv_physinfo pi;
    virt_status st;
    VT_CHECK(hv != NULL);
    if (!hv) return;
    VT_CHECK_EQ_INT(virt_hv_physinfo_get(hv, &pi, &st), VIRT_OK);
    VT_CHECK_EQ_INT(pi.nr_cpus, 2);
    VT_CHECK_EQ_INT(pi.cores_per_socket, 2);
    VT_CHECK_EQ_INT(pi.threads_per_core, 1);
    VT_CHECK_EQ_INT(pi.nr_nodes, 1);
    VT_CHECK_EQ_INT(pi.cpu_khz, 2096010);
    VT_CHECK_EQ_INT(pi.total_pages, 262112);
    VT_CHECK_EQ_INT(pi.free_pages, 127488);
    virt_hv_close(hv);
}

static void test_protocol_ops(void)
{
    virt_hv *hv = open_sim("4.17", 0);
    virt_hv_version v;
    virt_hv_domain_info d;
    virt_hv_vcpu_info vc;
    virt_status st;
    hv_sim_domain *g;
    VT_CHECK(hv != NULL);
    if (!hv) return;
    g = hv_sim_add(&sim, 1, HV_SIM_BLOCKED, 32768, 33024, 2);
    hv_sim_add(&sim, 9, HV_SIM_RUNNING, 100, 200, 1);

    VT_CHECK_EQ_INT(virt_hv_get_version(hv, &v, &st), VIRT_OK);
    VT_CHECK_EQ_INT(v.major, 4);
    VT_CHECK_EQ_INT(v.minor, 17);
    VT_CHECK_EQ_STR(v.extra, ".7");
    VT_CHECK(strncmp(v.capabilities, "xen-3.0-x86_64", 14) == 0);
    VT_CHECK_EQ_INT(virt_hv_version_number(&v), 4017007);

    VT_CHECK_EQ_INT(virt_hv_domain_info_get(hv, 1, &d, &st), VIRT_OK);
    VT_CHECK_EQ_INT(d.domid, 1);
    VT_CHECK_EQ_INT(d.max_pages, 33024);
    /* id 5 does not exist: Xen answers with domain 9; that is "no domain" */
    VT_CHECK_EQ_INT(virt_hv_domain_info_get(hv, 5, &d, &st), VIRT_E_NOENT);
    VT_CHECK(strstr(st.message, "5") != NULL);
    /* above every domain: ESRCH from Xen */
    VT_CHECK_EQ_INT(virt_hv_domain_info_get(hv, 100, &d, &st), VIRT_E_NOENT);
    VT_CHECK_EQ_INT(virt_hv_domain_info_get(hv, 0x7FF0, &d, &st), VIRT_E_INVAL);

    VT_CHECK_EQ_INT(virt_hv_pause(hv, 1, &st), VIRT_OK);
    VT_CHECK(g->flags & HV_SIM_PAUSED);
    VT_CHECK_EQ_INT(virt_hv_unpause(hv, 1, &st), VIRT_OK);
    VT_CHECK(!(g->flags & HV_SIM_PAUSED));
    VT_CHECK_EQ_INT(virt_hv_set_max_mem(hv, 1, 200 * 1024, &st), VIRT_OK);
    VT_CHECK_EQ_INT(g->max_pages, 200 * 256);
    VT_CHECK_EQ_INT(virt_hv_pause(hv, 42, &st), VIRT_E_NOENT);   /* ESRCH */
    VT_CHECK(strstr(st.message, "42") != NULL);
    VT_CHECK_EQ_INT(virt_hv_set_max_vcpus(hv, 1, 2, &st), VIRT_OK);
    VT_CHECK_EQ_INT(virt_hv_set_max_vcpus(hv, 1, 3, &st), VIRT_E_INVAL);

    VT_CHECK_EQ_INT(virt_hv_vcpu_info_get(hv, 1, 1, &vc, &st), VIRT_OK);
    VT_CHECK_EQ_INT(vc.online, 1);
    VT_CHECK_EQ_INT(vc.blocked, 1);
    VT_CHECK_EQ_INT(vc.cpu, 1);
    VT_CHECK_EQ_INT(vc.cpu_time, 2000000000ull / 2);
    VT_CHECK_EQ_INT(virt_hv_vcpu_info_get(hv, 1, 2, &vc, &st), VIRT_E_INVAL);

    VT_CHECK_EQ_INT(virt_hv_destroy(hv, 9, &st), VIRT_OK);
    VT_CHECK(hv_sim_find(&sim, 9) == NULL);
    virt_hv_close(hv);
}

static void test_readonly_handle(void)
{
    virt_hv *hv = open_sim("4.17", VIRT_HV_OPEN_READONLY);
    virt_status st;
    long calls;
    VT_CHECK(hv != NULL);
    if (!hv) return;
    hv_sim_add(&sim, 1, HV_SIM_RUNNING, 10, 10, 1);
    calls = sim.calls;
    VT_CHECK_EQ_INT(virt_hv_pause(hv, 1, &st), VIRT_E_PERM);
    VT_CHECK_EQ_INT(virt_hv_unpause(hv, 1, &st), VIRT_E_PERM);
    VT_CHECK_EQ_INT(virt_hv_destroy(hv, 1, &st), VIRT_E_PERM);
    VT_CHECK_EQ_INT(virt_hv_set_max_mem(hv, 1, 8192, &st), VIRT_E_PERM);
    VT_CHECK_EQ_INT(virt_hv_set_max_vcpus(hv, 1, 1, &st), VIRT_E_PERM);
    VT_CHECK_EQ_INT(sim.calls, calls);              /* nothing reached Xen */
    VT_CHECK_EQ_INT(sim.state_changes, 0);
    virt_hv_close(hv);
}

static void test_errors(void)
{
    virt_hv *hv = NULL;
    virt_hv_domain_info d[4];
    virt_status st;
    int i;

    /* not privileged: EPERM from the probe */
    hv_sim_init(&sim, "4.17");
    sim.privileged = 0;
    VT_CHECK_EQ_INT(virt_hv_open_hooked(&hv, 0, hv_sim_ioctl, &sim, &st), VIRT_E_PERM);
    VT_CHECK(hv == NULL);
    VT_CHECK_EQ_INT(st.sys_errno, EPERM);

    /* broken replies are refused, not trusted */
    hv = open_sim("4.17", 0);
    VT_CHECK(hv != NULL);
    if (!hv) return;
    for (i = 1; i <= 3; i++) hv_sim_add(&sim, (unsigned)i, HV_SIM_RUNNING, 1, 1, 1);
    sim.corrupt = 1;
    VT_CHECK_EQ_INT(virt_hv_list_domains(hv, 0, d, 2, &st), VIRT_E_PROTO);
    sim.corrupt = 2;
    VT_CHECK_EQ_INT(virt_hv_list_domains(hv, 0, d, 4, &st), VIRT_E_PROTO);
    sim.corrupt = 0;
    VT_CHECK_EQ_INT(virt_hv_list_domains(hv, 0, d, -1, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_hv_list_domains(hv, 0, NULL, 0, &st), 0);
    virt_hv_close(hv);

    /* batching: one hypercall returns at most VIRT_HV_BATCH records */
    hv = open_sim("4.17", 0);
    if (!hv) return;
    for (i = 1; i <= 400; i++) hv_sim_add(&sim, (unsigned)i, HV_SIM_BLOCKED, 1, 1, 1);
    {
        virt_hv_domain_info *many = (virt_hv_domain_info *)malloc(500 * sizeof *many);
        long before = sim.list_calls;
        VT_CHECK(many != NULL);
        if (many) {
            VT_CHECK_EQ_INT(virt_hv_list_domains(hv, 0, many, 500, &st), VIRT_HV_BATCH);
            VT_CHECK_EQ_INT(sim.list_calls - before, 1);
            VT_CHECK_EQ_INT(sim.last_list_max, VIRT_HV_BATCH);
            VT_CHECK_EQ_INT(many[VIRT_HV_BATCH - 1].domid, VIRT_HV_BATCH - 1);
            free(many);
        }
    }
    virt_hv_close(hv);

    /* no hook and no Xen here: the device is missing (or root-only) */
    if (access("/dev/xen/privcmd", F_OK) != 0 && access("/proc/xen/privcmd", F_OK) != 0) {
        VT_CHECK_EQ_INT(virt_hv_open(&hv, 0, &st), VIRT_E_NOENT);
        VT_CHECK(strstr(st.message, "/dev/xen/privcmd") != NULL);
    }
    VT_CHECK_EQ_INT(virt_hv_open(NULL, 0, &st), VIRT_E_INVAL);
}

/* --- the driver through the public API --------------------------------------- */

static void test_state_mapping(void)
{
    VT_CHECK_EQ_INT(virt__hv_state(0xffff0020u), VIR_DOMAIN_RUNNING);
    VT_CHECK_EQ_INT(virt__hv_state(0xffff0010u), VIR_DOMAIN_BLOCKED);
    VT_CHECK_EQ_INT(virt__hv_state(0xffff0018u), VIR_DOMAIN_PAUSED);  /* 4.17: paused + blocked */
    VT_CHECK_EQ_INT(virt__hv_state(0xffff0022u), VIR_DOMAIN_RUNNING); /* HVM */
    VT_CHECK_EQ_INT(virt__hv_state(0x00000004u), VIR_DOMAIN_SHUTOFF); /* poweroff */
    VT_CHECK_EQ_INT(virt__hv_state(0x00030004u), VIR_DOMAIN_CRASHED);
    VT_CHECK_EQ_INT(virt__hv_state(0xffff0001u), VIR_DOMAIN_SHUTDOWN); /* dying */
    VT_CHECK_EQ_INT(virt__hv_state(0xffff0000u), VIR_DOMAIN_NOSTATE);
}

/* xen:/// with this connection's hypervisor on the simulator (the hook
 * lives on the connection: virt_connect_open_config). */
static virConnectPtr open_sim_conn(int readonly)
{
    virt_open_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.hv_ioctl = hv_sim_ioctl;
    cfg.hv_ioctl_ctx = &sim;
    return virt_connect_open_config("xen:///", readonly, &cfg);
}

/* The backends the Xen router opened for c (white-box: its private data). */
static virt__xen *xen_of(virConnectPtr c)
{
    return (virt__xen *)c->priv;
}

/* When no other backend opened here (no xenstored, no xend on this
 * machine) the hypervisor is the only one. */
static int hv_only(virConnectPtr c)
{
    return c && xen_of(c)->hv.drv && !xen_of(c)->xs.drv && !xen_of(c)->xend.drv;
}

static void test_driver(void)
{
    virConnectPtr c;
    virDomainPtr d0, d1, d5, again;
    virDomainInfo info;
    virNodeInfo node;
    unsigned long ver = 0;
    char uuid[VIR_UUID_STRING_BUFLEN];
    unsigned char raw[VIR_UUID_BUFLEN];
    char *os;

    hv_sim_init(&sim, "4.17");
    hv_sim_add(&sim, 1, HV_SIM_BLOCKED, 32768, 33024, 1);
    hv_sim_add(&sim, 5, HV_SIM_RUNNING | HV_SIM_HVM, 65536, 65536, 2);
    c = open_sim_conn(0);
    VT_CHECK(c != NULL);
    if (!c) return;
    VT_CHECK(xen_of(c)->hv.drv && strcmp(xen_of(c)->hv.drv->name, "hypervisor") == 0);
    if (!hv_only(c)) {
        printf("note: other Xen backends opened here; the hypervisor-alone checks are skipped\n");
        virConnectClose(c);
        return;
    }
    VT_CHECK_EQ_STR(virConnectGetType(c), "Xen");
    VT_CHECK_EQ_INT(virConnectGetVersion(c, &ver), 0);
    VT_CHECK_EQ_INT(ver, 4017007);
    /* xend alone keeps defined domains: the router names what it has */
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(c), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK(virGetLastErrorMessage() && strstr(virGetLastErrorMessage(),
             "not supported by the backends of this connection (hypervisor)") != NULL);

    VT_CHECK_NODE_INFO(c, &node, NULL, 262112ul * 4, 2, 2096, 1, 1, 2, 1);
    VT_CHECK_EQ_INT((long long)virNodeGetFreeMemory(c), 127488ll * 4096);

    VT_CHECK_THREE_IDS(c, 0, 1, 5);

    d0 = virDomainLookupByID(c, 0);
    VT_CHECK_EQ_STR(d0 ? virDomainGetName(d0) : NULL, "Domain-0");
    VT_CHECK(d0 && virDomainGetUUIDString(d0, uuid) == 0 &&
             strcmp(uuid, "00000000-0000-0000-0000-000000000000") == 0);
    d1 = virDomainLookupByID(c, 1);
    VT_CHECK_EQ_STR(d1 ? virDomainGetName(d1) : NULL, "Domain-1");
    d5 = virDomainLookupByID(c, 5);
    VT_CHECK_EQ_STR(d5 ? virDomainGetName(d5) : NULL, "Domain-5");
    VT_CHECK(d5 && virDomainGetUUIDString(d5, uuid) == 0 &&
             strcmp(uuid, "0500a2a3-a4a5-a6a7-a8a9-aaabacadaeaf") == 0);

    /* the helper the xenstore backend uses to drop dead domains */
    VT_CHECK_EQ_INT(virt__hv_domain_exists(xen_of(c)->hv.priv, 0), 1);
    VT_CHECK_EQ_INT(virt__hv_domain_exists(xen_of(c)->hv.priv, 5), 1);
    VT_CHECK_EQ_INT(virt__hv_domain_exists(xen_of(c)->hv.priv, 3), 0);
    VT_CHECK_EQ_INT(virt__hv_domain_exists(xen_of(c)->hv.priv, 99), 0);
    VT_CHECK_EQ_INT(virt__hv_domain_exists(xen_of(c)->hv.priv, -1), 0);
    VT_CHECK_EQ_INT(virt__hv_domain_exists(NULL, 0), -1);
    hv_sim_find(&sim, 5)->flags |= HV_SIM_DYING;
    VT_CHECK_EQ_INT(virt__hv_domain_exists(xen_of(c)->hv.priv, 5), 0);
    hv_sim_find(&sim, 5)->flags &= ~HV_SIM_DYING;

    /* id 3 is free but 5 is above it: Xen would answer with domain 5 */
    VT_CHECK(virDomainLookupByID(c, 3) == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);
    VT_CHECK(virDomainLookupByID(c, 99) == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);

    again = virDomainLookupByUUIDString(c, "0500a2a3-a4a5-a6a7-a8a9-aaabacadaeaf");
    VT_CHECK(again != NULL && again == d5);
    if (again) virDomainFree(again);
    memset(raw, 0x11, sizeof raw);
    VT_CHECK(virDomainLookupByUUID(c, raw) == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);
    again = virDomainLookupByName(c, "Domain-1");
    VT_CHECK(again != NULL && again == d1);
    if (again) virDomainFree(again);
    VT_CHECK(virDomainLookupByName(c, "tiny") == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);
    VT_CHECK(virDomainLookupByName(c, "Domain-01") == NULL);

    VT_CHECK_EQ_INT(d1 ? virDomainGetInfo(d1, &info) : -1, 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_BLOCKED);
    VT_CHECK_EQ_INT(info.memory, 32768ul * 4);
    VT_CHECK_EQ_INT(info.maxMem, 33024ul * 4);
    VT_CHECK_EQ_INT(info.nrVirtCpu, 1);
    VT_CHECK_EQ_INT(info.cpuTime, 2000000000ull);
    VT_CHECK_EQ_INT(d5 ? virDomainGetInfo(d5, &info) : -1, 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_RUNNING);
    VT_CHECK_EQ_INT(info.nrVirtCpu, 2);
    os = d5 ? virDomainGetOSType(d5) : NULL;
    VT_CHECK_EQ_STR(os, "hvm");
    free(os);
    os = d1 ? virDomainGetOSType(d1) : NULL;
    VT_CHECK_EQ_STR(os, "linux");
    free(os);

    VT_CHECK_EQ_INT(virDomainSuspend(d1), 0);
    VT_CHECK(hv_sim_find(&sim, 1)->flags & HV_SIM_PAUSED);
    VT_CHECK(virDomainGetInfo(d1, &info) == 0 && info.state == VIR_DOMAIN_PAUSED);
    VT_CHECK_EQ_INT(virDomainResume(d1), 0);
    VT_CHECK(!(hv_sim_find(&sim, 1)->flags & HV_SIM_PAUSED));
    VT_CHECK_EQ_INT(virDomainSetMaxMemory(d1, 262144), 0);
    VT_CHECK_EQ_INT(hv_sim_find(&sim, 1)->max_pages, 65536);
    VT_CHECK_EQ_INT(virDomainGetMaxMemory(d1), 262144);

    /* what needs a name or a configuration is not the hypervisor's */
    VT_CHECK_EQ_INT(virDomainShutdown(d1), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK_EQ_INT(virDomainSetMemory(d1, 65536), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK(virDomainGetXMLDesc(d1, 0) == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);

    VT_CHECK_EQ_INT(virDomainDestroy(d5), 0);
    VT_CHECK(hv_sim_find(&sim, 5) == NULL);
    VT_CHECK_EQ_INT((int)virDomainGetID(d5), -1);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 2);
    /* the object outlives the domain; its calls now fail cleanly */
    VT_CHECK_EQ_INT(virDomainGetInfo(d5, &info), -1);

    /* the domain's id was reused by another guest: not the same domain */
    hv_sim_add(&sim, 1, HV_SIM_RUNNING, 1, 1, 1)->handle[5] = 0x55;
    VT_CHECK_EQ_INT(virDomainGetInfo(d1, &info), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);

    if (d0) virDomainFree(d0);
    if (d1) virDomainFree(d1);
    if (d5) virDomainFree(d5);
    VT_CHECK_EQ_INT(virConnectClose(c), 0);
}

static void test_driver_batches(void)
{
    virConnectPtr c;
    int *ids = (int *)malloc(700 * sizeof *ids), i;
    long before;
    hv_sim_init(&sim, "4.15");                    /* 104-byte records */
    for (i = 1; i < 600; i++) hv_sim_add(&sim, (unsigned)i * 3, HV_SIM_BLOCKED, 1, 1, 1);
    c = open_sim_conn(1);
    VT_CHECK(c != NULL && ids != NULL);
    if (c && ids) {
        before = sim.list_calls;
        VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 600);
        /* VIRT_HV_BATCH records per hypercall: 256 + 256 + 88 */
        VT_CHECK_EQ_INT(sim.list_calls - before, 600 / VIRT_HV_BATCH + 1);
        VT_CHECK_EQ_INT(sim.last_list_max, VIRT_HV_BATCH);
        VT_CHECK_EQ_INT(virConnectListDomains(c, ids, 700), 600);
        VT_CHECK_EQ_INT(ids[599], 599 * 3);
        VT_CHECK_EQ_INT(virConnectListDomains(c, ids, 10), 10);
    }
    free(ids);
    if (c) virConnectClose(c);
}

static void test_driver_readonly(void)
{
    virConnectPtr c;
    virDomainPtr d;
    virDomainInfo info;
    long changes, calls;
    hv_sim_init(&sim, "4.17");
    hv_sim_add(&sim, 1, HV_SIM_RUNNING, 100, 100, 1);
    c = open_sim_conn(1);
    VT_CHECK(c != NULL);
    if (!c) return;
    d = virDomainLookupByID(c, hv_only(c) ? 1 : 0);
    VT_CHECK(d != NULL);
    if (!d) { virConnectClose(c); return; }
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    changes = sim.state_changes;
    /* the core refuses first ... */
    VT_CHECK_EQ_INT(virDomainSuspend(d), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_DENIED);
    VT_CHECK_EQ_INT(virDomainDestroy(d), -1);
    VT_CHECK_EQ_INT(virDomainSetMaxMemory(d, 8192), -1);
    /* ... and the driver itself never issues the hypercall either */
    calls = sim.calls;
    VT_CHECK_EQ_INT(xen_of(c)->hv.drv->domain_suspend(xen_of(c)->hv.priv, d), -1);
    VT_CHECK_EQ_INT(xen_of(c)->hv.drv->domain_destroy(xen_of(c)->hv.priv, d), -1);
    VT_CHECK_EQ_INT(xen_of(c)->hv.drv->domain_set_max_memory(xen_of(c)->hv.priv, d, 8192), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_DENIED);
    VT_CHECK_EQ_INT(sim.calls, calls);
    VT_CHECK_EQ_INT(sim.state_changes, changes);
    virDomainFree(d);
    virConnectClose(c);
}

/* --- dispatch order with fake xenstore and xend backends ----------------------- */

static int fake_calls[2];                        /* [0] xenstore, [1] xend */
static int fake_lookup_by_id(void *priv, virConnectPtr conn, int id, virDomainPtr *out)
{
    fake_calls[priv == (void *)&fake_calls[1]]++;
    *out = virt__domain_get(conn, "tiny", NULL, id);
    return *out ? 0 : -1;
}
static int fake_suspend(void *priv, virDomainPtr dom)
{
    (void)dom;
    fake_calls[priv == (void *)&fake_calls[1]]++;
    return 0;
}
static int fake_lookup_by_uuid(void *priv, virConnectPtr conn, const unsigned char *uuid, virDomainPtr *out)
{
    fake_calls[priv == (void *)&fake_calls[1]]++;
    *out = virt__domain_get(conn, "tiny", uuid, 1);
    return *out ? 0 : -1;
}
/* a xenstore setmaxmem as its glue would do it: static-max, then the domctl */
static void *fake_hv_priv;
static int fake_set_max_memory(void *priv, virDomainPtr dom, unsigned long kib)
{
    fake_calls[priv == (void *)&fake_calls[1]]++;
    return virt__hv_set_max_mem(fake_hv_priv, dom, (int)virDomainGetID(dom), kib);
}

static void test_dispatch_order(void)
{
    virt__driver fake_xs, fake_xend;
    virt__xen *xen;
    virConnectPtr c;
    virDomainPtr d0, d1;
    long changes;
    memset(&fake_xs, 0, sizeof fake_xs);
    memset(&fake_xend, 0, sizeof fake_xend);
    fake_xs.name = "xenstore";
    fake_xs.origin = VIR_FROM_XENSTORE;
    fake_xs.domain_lookup_by_id = fake_lookup_by_id;
    fake_xs.domain_lookup_by_uuid = fake_lookup_by_uuid;
    fake_xend.name = "xend";
    fake_xend.origin = VIR_FROM_XEND;
    fake_xend.domain_lookup_by_id = fake_lookup_by_id;
    fake_xend.domain_suspend = fake_suspend;

    hv_sim_init(&sim, "4.17");
    hv_sim_add(&sim, 1, HV_SIM_RUNNING, 100, 100, 1);
    c = open_sim_conn(0);
    VT_CHECK(hv_only(c));
    if (!hv_only(c)) { if (c) virConnectClose(c); return; }
    /* the connection as the Xen router builds it on a Xen 3 host: hv, xs, xend */
    xen = (virt__xen *)c->priv;
    xen->xs.drv = &fake_xs;
    xen->xs.priv = &fake_calls[0];
    xen->xend.drv = &fake_xend;
    xen->xend.priv = &fake_calls[1];

    /* Domain-0 is the hypervisor's; other ids go to the first backend that
     * knows names: xenstore */
    d0 = virDomainLookupByID(c, 0);
    VT_CHECK_EQ_STR(d0 ? virDomainGetName(d0) : NULL, "Domain-0");
    VT_CHECK_EQ_INT(fake_calls[0] + fake_calls[1], 0);
    d1 = virDomainLookupByID(c, 1);
    VT_CHECK_EQ_STR(d1 ? virDomainGetName(d1) : NULL, "tiny");
    VT_CHECK_EQ_INT(fake_calls[0], 1);
    VT_CHECK_EQ_INT(fake_calls[1], 0);
    /* state changes go to xend when it is open; the hypervisor stays out */
    changes = sim.state_changes;
    VT_CHECK_EQ_INT(d1 ? virDomainSuspend(d1) : -1, 0);
    VT_CHECK_EQ_INT(fake_calls[1], 1);
    VT_CHECK_EQ_INT(sim.state_changes, changes);
    /* info still comes from the hypervisor (xenstore/xend have no info here) */
    {
        virDomainInfo info;
        VT_CHECK_EQ_INT(d1 ? virDomainGetInfo(d1, &info) : -1, 0);
        VT_CHECK_EQ_INT(info.memory, 400);
    }
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 2);
    /* Domain-0 by UUID stays with the hypervisor (no vm/ path in the store);
     * any other UUID goes to xenstore */
    {
        unsigned char zero[VIR_UUID_BUFLEN], other[VIR_UUID_BUFLEN];
        virDomainPtr byuuid;
        memset(zero, 0, sizeof zero);
        memcpy(other, hv_sim_find(&sim, 1)->handle, sizeof other);
        byuuid = virDomainLookupByUUID(c, zero);
        VT_CHECK(byuuid != NULL && byuuid == d0);
        VT_CHECK_EQ_INT(fake_calls[0], 1);
        if (byuuid) virDomainFree(byuuid);
        byuuid = virDomainLookupByUUID(c, other);
        VT_CHECK_EQ_STR(byuuid ? virDomainGetName(byuuid) : NULL, "tiny");
        VT_CHECK_EQ_INT(fake_calls[0], 2);
        if (byuuid) virDomainFree(byuuid);
    }
    /* setmaxmem: xend when open (the hypervisor issues nothing) ... */
    changes = sim.state_changes;
    VT_CHECK_EQ_INT(d1 ? virDomainSetMaxMemory(d1, 8192) : -1, -1);  /* fake xend has none */
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK(strstr(virGetLastErrorMessage(), "backends of this connection (hypervisor, xenstore, xend)") != NULL);
    VT_CHECK_EQ_INT(sim.state_changes, changes);
    /* ... without xend, a xenstore backend that implements it, calling the
     * hypervisor's domctl helper ... */
    xen->xend.drv = NULL;
    fake_xs.domain_set_max_memory = fake_set_max_memory;
    fake_hv_priv = xen_of(c)->hv.priv;
    VT_CHECK_EQ_INT(d1 ? virDomainSetMaxMemory(d1, 8192) : -1, 0);
    VT_CHECK_EQ_INT(fake_calls[0], 3);
    VT_CHECK_EQ_INT(hv_sim_find(&sim, 1)->max_pages, 2048);
    /* ... and the hypervisor alone when xenstore does not */
    fake_xs.domain_set_max_memory = NULL;
    VT_CHECK_EQ_INT(d1 ? virDomainSetMaxMemory(d1, 16384) : -1, 0);
    VT_CHECK_EQ_INT(fake_calls[0], 3);
    VT_CHECK_EQ_INT(hv_sim_find(&sim, 1)->max_pages, 4096);

    if (d0) virDomainFree(d0);
    if (d1) virDomainFree(d1);
    xen->xs.drv = NULL;                   /* the fakes have nothing to close */
    virConnectClose(c);
}

static void test_open_errors(void)
{
    virConnectPtr c;
    hv_sim_init(&sim, "4.21");
    c = open_sim_conn(0);
    /* with nothing else to open here the connection fails, naming Xen 4.21 */
    if (!c) {
        virErrorPtr e = virGetLastError();
        VT_CHECK(e && e->message && strstr(e->message, "Xen 4.21") != NULL);
    } else {
        VT_CHECK(xen_of(c)->hv.drv == NULL);
        virConnectClose(c);
    }
    /* xen://remote/ is not for the local privcmd: declined before any call */
    hv_sim_init(&sim, "4.17");
    {
        virt__uri u;
        const char *why;
        void *priv = NULL;
        VT_CHECK_EQ_INT(virt__uri_parse("xen://otherhost/", &u, &why), 0);
        VT_CHECK_EQ_INT(virt__hv_open(NULL, &u, 0, &priv), VIRT__DECLINED);
        virt__uri_free(&u);
        VT_CHECK_EQ_INT(virt__uri_parse("test:///default", &u, &why), 0);
        VT_CHECK_EQ_INT(virt__hv_open(NULL, &u, 0, &priv), VIRT__DECLINED);
        virt__uri_free(&u);
    }
    VT_CHECK_EQ_INT(sim.calls, 0);
}

int main(void)
{
    virSetErrorFunc(NULL, vt_quiet_errors);

    test_probe("4.15", 0x13, 0x13);
    test_probe("4.16", 0x14, 0x14);
    test_probe("4.17", 0x15, 0x15);
    test_probe("4.18", 0x15, 0x16);
    test_probe("4.19", 0x15, 0x17);
    test_probe("4.20", 0x15, 0x17);
    test_unknown("4.14", "Xen 4.14");
    test_unknown("4.21", "Xen 4.21");
    test_list_layout("4.15");
    test_list_layout("4.16");
    test_list_layout("4.17");
    test_list_layout("4.19");
    test_physinfo("4.15");
    test_physinfo("4.16");
    test_physinfo("4.17");
    test_physinfo("4.20");
    test_protocol_ops();
    test_readonly_handle();
    test_errors();

    test_state_mapping();
    test_driver();
    test_driver_batches();
    test_driver_readonly();
    test_dispatch_order();
    test_open_errors();

    return vt_summary("hv");
}
