/* tests/hv/test_hv_vcpu.c - the issue-11 calls the hypervisor answers, over
 * the simulated hypervisor (hv_sim.c, which decodes each structure from
 * its own offsets, written from Xen 4.17's public headers): vCPU info and
 * pinning (domctl getvcpuinfo, set/getvcpuaffinity), node CPU map
 * (cputopoinfo), cells' free memory (numainfo), max vCPUs (physinfo),
 * state with reasons, vCPU counts, the credit scheduler (sched_id,
 * scheduler_op) and the capabilities XML; the protocol layer first, then
 * the public API on xen:///, read-only refusals and the router's fallback
 * to xend for what the hypervisor declines. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "virt_test_api.h"
#include "hv_sim.h"
#include "hv_sim_open.h"

/* --- protocol layer ------------------------------------------------------ */

static void test_affinity_protocol(const char *release)
{
    virt_hv *hv = open_sim(release, 0);
    virt_status st;
    unsigned char map[4];
    hv_sim_domain *g;
    VT_CHECK(hv != NULL);
    if (!hv) return;
    sim.nr_cpus = 4;
    g = hv_sim_add(&sim, 3, HV_SIM_RUNNING, 1000, 2000, 2);
    /* default: every CPU; the bits past nr_bits are Xen's to clear */
    memset(map, 0, sizeof map);
    VT_CHECK_EQ_INT(virt_hv_vcpu_affinity_get(hv, 3, 1, map, 1, &st), VIRT_OK);
    VT_CHECK_EQ_INT(map[0], 0xff);
    VT_CHECK_EQ_INT(map[1], 0);
    map[0] = 0x04;                    /* CPU 2 alone */
    VT_CHECK_EQ_INT(virt_hv_vcpu_affinity_set(hv, 3, 1, map, 1, &st), VIRT_OK);
    VT_CHECK_EQ_INT(g->affinity[1][0], 0x04);
    VT_CHECK_EQ_INT(g->affinity[0][0], 0xff);   /* vCPU 0 untouched */
    memset(map, 0, sizeof map);
    VT_CHECK_EQ_INT(virt_hv_vcpu_affinity_get(hv, 3, 1, map, 4, &st), VIRT_OK);
    VT_CHECK_EQ_INT(map[0], 0x04);
    /* Xen's answers: a vCPU past the domain's, an empty map, no domain */
    VT_CHECK_EQ_INT(virt_hv_vcpu_affinity_get(hv, 3, 2, map, 1, &st), VIRT_E_INVAL);
    map[0] = 0x30;                    /* CPUs 4 and 5: not on this host */
    VT_CHECK_EQ_INT(virt_hv_vcpu_affinity_set(hv, 3, 0, map, 1, &st), VIRT_E_INVAL);
    VT_CHECK(strstr(st.message, "setvcpuaffinity") != NULL);
    VT_CHECK_EQ_INT(virt_hv_vcpu_affinity_set(hv, 9, 0, map, 1, &st), VIRT_E_NOENT);
    /* arguments refused before any hypercall */
    sim.calls = 0;
    VT_CHECK_EQ_INT(virt_hv_vcpu_affinity_get(hv, 3, 0, map, 0, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_hv_vcpu_affinity_set(hv, 3, 0, NULL, 1, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_hv_vcpu_affinity_get(hv, 3, 0, map, virt_hv_map_capacity(hv) + 1, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(sim.calls, 0);
    virt_hv_close(hv);

    /* read-only: refused without a hypercall; the get still works */
    hv = open_sim(release, VIRT_HV_OPEN_READONLY);
    VT_CHECK(hv != NULL);
    if (!hv) return;
    hv_sim_add(&sim, 3, HV_SIM_RUNNING, 1000, 2000, 2);
    sim.calls = 0;
    map[0] = 1;
    VT_CHECK_EQ_INT(virt_hv_vcpu_affinity_set(hv, 3, 0, map, 1, &st), VIRT_E_PERM);
    VT_CHECK_EQ_INT(virt_hv_sched_credit_set(hv, 3, HV_SIM_SCHED_CREDIT2, 100, 0, &st), VIRT_E_PERM);
    VT_CHECK_EQ_INT(sim.calls, 0);
    VT_CHECK_EQ_INT(virt_hv_vcpu_affinity_get(hv, 3, 0, map, 1, &st), VIRT_OK);
    virt_hv_close(hv);
}

static void test_topology_protocol(void)
{
    virt_hv *hv = open_sim("4.17", 0);
    virt_status st;
    virt_hv_cputopo t[8];
    virt_hv_meminfo mi[4];
    virt_hv_physinfo pi;
    unsigned int id = 0, w = 0, cap = 0;
    VT_CHECK(hv != NULL);
    if (!hv) return;
    sim.nr_cpus = 4;
    sim.nr_nodes = 2;
    sim.offline_cpus = 1u << 3;
    memset(&pi, 0, sizeof pi);
    VT_CHECK_EQ_INT(virt_hv_physinfo_get(hv, &pi, &st), VIRT_OK);
    VT_CHECK_EQ_INT(pi.max_cpu_id, 3);
    VT_CHECK_EQ_INT(pi.max_node_id, 1);
    VT_CHECK_EQ_INT(pi.capabilities, 3);
    VT_CHECK_EQ_INT(virt_hv_cpu_topology(hv, t, 8, &st), 4);
    VT_CHECK_EQ_INT(t[1].core, 1);
    VT_CHECK_EQ_INT(t[2].socket, 1);
    VT_CHECK_EQ_INT(t[2].node, 1);
    VT_CHECK_EQ_INT(t[3].core, VIRT_HV_INVALID_ID);
    /* a host with more CPUs than room: an error, not a silent cut */
    VT_CHECK_EQ_INT(virt_hv_cpu_topology(hv, t, 2, &st), VIRT_E_LIMIT);
    VT_CHECK(strstr(st.message, "4 CPU ids") != NULL);
    VT_CHECK_EQ_INT(virt_hv_numa_meminfo(hv, mi, 4, &st), 2);
    VT_CHECK_EQ_INT(mi[0].memsize, 262112ull * 4096 / 2);
    VT_CHECK_EQ_INT(mi[1].memfree, 127488ull * 4096 / 2);
    sim.offline_nodes = 2;
    VT_CHECK_EQ_INT(virt_hv_numa_meminfo(hv, mi, 4, &st), 2);
    VT_CHECK_EQ_INT(mi[1].memsize, VIRT_HV_INVALID_MEM_SZ);
    VT_CHECK_EQ_INT(virt_hv_numa_meminfo(hv, mi, 1, &st), VIRT_E_LIMIT);
    /* scheduler */
    VT_CHECK_EQ_INT(virt_hv_sched_id(hv, &id, &st), VIRT_OK);
    VT_CHECK_EQ_INT(id, HV_SIM_SCHED_CREDIT2);
    VT_CHECK_EQ_INT(virt_hv_sched_credit_get(hv, 0, id, &w, &cap, &st), VIRT_OK);
    VT_CHECK_EQ_INT(w, 256);
    VT_CHECK_EQ_INT(cap, 0);
    VT_CHECK_EQ_INT(virt_hv_sched_credit_set(hv, 0, id, 512, 50, &st), VIRT_OK);
    VT_CHECK_EQ_INT(hv_sim_find(&sim, 0)->weight, 512);
    VT_CHECK_EQ_INT(hv_sim_find(&sim, 0)->cap, 50);
    /* naming another scheduler than the pool's: Xen's EINVAL */
    VT_CHECK_EQ_INT(virt_hv_sched_credit_get(hv, 0, HV_SIM_SCHED_CREDIT, &w, &cap, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_hv_sched_credit_set(hv, 0, id, 70000, 0, &st), VIRT_E_INVAL);
    virt_hv_close(hv);
}

/* --- the public API on xen:/// -------------------------------------------- */

static virConnectPtr open_sim_conn(const char *release, int readonly)
{
    virt_open_config cfg;
    if (hv_sim_init(&sim, release) != 0) return NULL;
    sim.nr_cpus = 4;
    memset(&cfg, 0, sizeof cfg);
    cfg.hv_ioctl = hv_sim_ioctl;
    cfg.hv_ioctl_ctx = &sim;
    return virt_connect_open_config("xen:///", readonly, &cfg);
}

/* xen:/// on a 4-CPU Xen 4.17 sim with domain `id` added (its flags and
 * vCPUs; 1000 pages of 2000): the domain, or NULL with *conn closed and
 * NULL; the connection and the lookup are each one check. */
static virDomainPtr open_sim_domain(virConnectPtr *conn, unsigned int id, uint32_t flags, uint32_t vcpus,
                                    hv_sim_domain **g)
{
    virDomainPtr d;
    *conn = open_sim_conn("4.17", 0);
    VT_CHECK(*conn != NULL);
    if (!*conn) return NULL;
    *g = hv_sim_add(&sim, id, flags, 1000, 2000, vcpus);
    d = virDomainLookupByID(*conn, (int)id);
    VT_CHECK(d != NULL);
    if (!d) { virConnectClose(*conn); *conn = NULL; }
    return d;
}

static void test_api_vcpus(void)
{
    virConnectPtr c;
    virVcpuInfo info[4];
    unsigned char maps[4 * 2], map[2];
    hv_sim_domain *g;
    virDomainPtr d = open_sim_domain(&c, 5, HV_SIM_BLOCKED, 3, &g);
    if (!d) return;
    VT_CHECK_EQ_INT(virDomainGetMaxVcpus(d), 3);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_AFFECT_LIVE), 3);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, 0), 3);
    g->vcpus = 3;                     /* as built; online 3 */
    /* info, with maps of 2 bytes (CPUs 0..15; the host has 4) */
    memset(maps, 0xee, sizeof maps);
    VT_CHECK_EQ_INT(virDomainGetVcpus(d, info, 4, maps, 2), 3);
    VT_CHECK_EQ_INT(info[2].number, 2);
    VT_CHECK_EQ_INT(info[0].state, VIR_VCPU_BLOCKED);
    VT_CHECK_EQ_INT(info[1].cpuTime, 6000000000ull / 2);
    VT_CHECK_EQ_INT(maps[0], 0xff);   /* Xen's default hard affinity */
    VT_CHECK_EQ_INT(maps[7], 0xee);   /* past the 3 vCPUs: untouched */
    VT_CHECK_EQ_INT(virDomainGetVcpus(d, info, 2, NULL, 0), 2);
    /* pin vCPU 1 to CPU 2 and 3, read it back both ways */
    map[0] = 0x0c;
    map[1] = 0;
    VT_CHECK_EQ_INT(virDomainPinVcpu(d, 1, map, 2), 0);
    VT_CHECK_EQ_INT(g->affinity[1][0], 0x0c);
    VT_CHECK_EQ_INT(virDomainPinVcpuFlags(d, 2, map, 1, VIR_DOMAIN_AFFECT_LIVE), 0);
    memset(maps, 0, sizeof maps);
    VT_CHECK_EQ_INT(virDomainGetVcpuPinInfo(d, 4, maps, 2, 0), 3);
    VT_CHECK_EQ_INT(maps[0], 0xff);
    VT_CHECK_EQ_INT(maps[2], 0x0c);
    VT_CHECK_EQ_INT(maps[4], 0x0c);
    VT_CHECK_EQ_INT(virDomainGetVcpus(d, info, 4, maps, 2), 3);
    VT_CHECK_EQ_INT(info[1].cpu, 2);  /* it runs where it may */
    /* refusals: vCPU out of range, a map without a CPU of the host */
    VT_CHECK_EQ_INT(virDomainPinVcpu(d, 3, map, 2), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(strstr(vt_last_message(), "vcpu '3'") != NULL);
    map[0] = 0x30;
    VT_CHECK_EQ_INT(virDomainPinVcpu(d, 0, map, 1), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(strstr(vt_last_message(), "setvcpuaffinity") != NULL);
    /* CONFIG: only a configuration keeper answers (none here) */
    VT_CHECK_EQ_INT(virDomainPinVcpuFlags(d, 0, map, 1, VIR_DOMAIN_AFFECT_CONFIG), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_AFFECT_CONFIG), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_VCPU_GUEST), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(strstr(vt_last_message(), "libxlDomainGetVcpusFlags") != NULL);
    /* a domain that went away */
    hv_sim_add(&sim, 5, HV_SIM_BLOCKED, 1000, 2000, 3)->handle[3] = 0x11;   /* another guest, same id */
    VT_CHECK_EQ_INT(virDomainGetVcpus(d, info, 4, NULL, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);
    virDomainFree(d);
    virConnectClose(c);
}

static void test_api_node(void)
{
    virConnectPtr c = open_sim_conn("4.17", 1);
    unsigned long long mems[4];
    unsigned char *map = NULL;
    unsigned int online = 0;
    char *caps;
    VT_CHECK(c != NULL);
    if (!c) return;
    sim.nr_nodes = 2;
    sim.offline_cpus = 1u << 1;
    VT_CHECK_EQ_INT(virConnectGetMaxVcpus(c, NULL), 4);
    VT_CHECK_EQ_INT(virConnectGetMaxVcpus(c, "xen"), 4);
    VT_CHECK_EQ_INT(virNodeGetFreeMemory(c), 127488ull * 4096);
    VT_CHECK_EQ_INT(virNodeGetCellsFreeMemory(c, mems, 0, 4), 2);
    VT_CHECK_EQ_INT(mems[0], 127488ull * 4096 / 2 / 1024);
    VT_CHECK_EQ_INT(virNodeGetCellsFreeMemory(c, mems, 1, 1), 1);
    VT_CHECK_EQ_INT(virNodeGetCellsFreeMemory(c, mems, 2, 1), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INTERNAL_ERROR);
    VT_CHECK(strstr(vt_last_message(), "start cell 2 out of range (0-1)") != NULL);
    VT_CHECK_EQ_INT(virNodeGetCPUMap(c, &map, &online, 0), 4);
    VT_CHECK_EQ_INT(online, 3);
    VT_CHECK(map != NULL);
    if (map) VT_CHECK_EQ_INT(map[0], 0x0d);
    free(map);
    VT_CHECK_EQ_INT(virNodeGetCPUMap(c, NULL, NULL, 0), 4);
    VT_CHECK_EQ_INT(virNodeGetCPUMap(c, NULL, NULL, 1), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    /* capabilities: what the hypervisor says, in libvirt's libxl shape */
    caps = virConnectGetCapabilities(c);
    VT_CHECK(caps != NULL);
    if (caps) {
        VT_CHECK(strstr(caps, "<host>\n    <cpu>\n      <arch>x86_64</arch>") != NULL);
        VT_CHECK(strstr(caps, "<uri_transport>xenmigr</uri_transport>") != NULL);
        VT_CHECK(strstr(caps, "<cells num='2'>") != NULL);
        VT_CHECK(strstr(caps, "<memory unit='KiB'>524224</memory>") != NULL);
        VT_CHECK(strstr(caps, "<cpu id='0' socket_id='0' die_id='0' core_id='0' siblings='0'/>") != NULL);
        VT_CHECK(strstr(caps, "<cpu id='1'") == NULL);      /* offline */
        VT_CHECK(strstr(caps, "<cpus num='1'>") != NULL);   /* node 0: CPU 0 (1 is offline) */
        VT_CHECK(strstr(caps, "<os_type>xen</os_type>\n    <arch name='x86_64'>") != NULL);
        VT_CHECK(strstr(caps, "<os_type>hvm</os_type>\n    <arch name='i686'>\n      <wordsize>32</wordsize>") != NULL);
        VT_CHECK(strstr(caps, "<machine>xenfv</machine>") != NULL);
        VT_CHECK(strstr(caps, "<pae/>\n      <nonpae/>") != NULL);   /* x86_32 + x86_32p merged */
        VT_CHECK(strstr(caps, "<loader>/usr/lib/xen/boot/hvmloader</loader>") != NULL);
        /* physinfo's topology, numainfo's distances, a PVH guest after each new HVM one */
        {
            char want[128];
            unsigned int cores = sim.cores_per_socket ? sim.cores_per_socket : 1;
            unsigned int threads = sim.threads_per_core ? sim.threads_per_core : 1;
            snprintf(want, sizeof want, "<topology sockets='%u' dies='1' cores='%u' threads='%u'/>",
                     sim.nr_cpus / (cores * threads), sim.cores_per_socket, sim.threads_per_core);
            VT_CHECK(strstr(caps, want) != NULL);
        }
        VT_CHECK(strstr(caps, "<cell id='1'>\n          <memory unit='KiB'>524224</memory>\n          <distances>\n"
                              "            <sibling id='0' value='20'/>\n            <sibling id='1' value='10'/>\n"
                              "          </distances>\n          <cpus num=") != NULL);
        VT_CHECK(strstr(caps, "<os_type>hvm</os_type>\n    <arch name='i686'>") <
                 strstr(caps, "<os_type>xenpvh</os_type>\n    <arch name='i686'>"));
        VT_CHECK(strstr(caps, "<os_type>xenpvh</os_type>\n    <arch name='i686'>") <
                 strstr(caps, "<os_type>hvm</os_type>\n    <arch name='x86_64'>"));
        VT_CHECK(strstr(caps, "<os_type>xenpvh</os_type>\n    <arch name='x86_64'>\n      <wordsize>64</wordsize>\n"
                              "      <emulator>/usr/lib/xen/bin/qemu-system-i386</emulator>\n      <machine>xenpvh</machine>\n"
                              "      <domain type='xen'/>\n    </arch>\n    <features>\n      <hap default='on' toggle='yes'/>\n"
                              "    </features>\n  </guest>") != NULL);
        VT_CHECK_EQ_INT(strstr(caps, "</capabilities>\n") - caps + 16, (long)strlen(caps));
    }
    free(caps);
    virConnectClose(c);
}

static void test_api_state_and_sched(void)
{
    virConnectPtr c, ro;
    virDomainPtr d, r;
    virTypedParameter p[3];
    int state = -1, reason = -1, n = 0;
    char *type;
    hv_sim_domain *g;
    if (!(d = open_sim_domain(&c, 2, HV_SIM_RUNNING, 1, &g))) return;
    VT_CHECK_EQ_INT(virDomainGetState(d, &state, &reason, 0), 0);
    VT_CHECK_EQ_INT(state, VIR_DOMAIN_RUNNING);
    VT_CHECK_EQ_INT(reason, VIR_DOMAIN_RUNNING_UNKNOWN);
    g->flags = (g->flags & 0xffffu) | HV_SIM_PAUSED;
    g->flags |= 0xff0000u;
    VT_CHECK_EQ_INT(virDomainGetState(d, &state, NULL, 0), 0);
    VT_CHECK_EQ_INT(state, VIR_DOMAIN_PAUSED);
    g->flags = HV_SIM_SHUTDOWN | (3u << 16);          /* crash */
    VT_CHECK_EQ_INT(virDomainGetState(d, &state, &reason, 0), 0);
    VT_CHECK_EQ_INT(state, VIR_DOMAIN_CRASHED);
    VT_CHECK_EQ_INT(reason, VIR_DOMAIN_CRASHED_PANICKED);
    g->flags = HV_SIM_SHUTDOWN | (0u << 16);          /* poweroff */
    VT_CHECK_EQ_INT(virDomainGetState(d, &state, &reason, 0), 0);
    VT_CHECK_EQ_INT(state, VIR_DOMAIN_SHUTOFF);
    VT_CHECK_EQ_INT(reason, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
    g->flags = HV_SIM_SHUTDOWN | (2u << 16);          /* suspend (saved) */
    VT_CHECK_EQ_INT(virDomainGetState(d, &state, &reason, 0), 0);
    VT_CHECK_EQ_INT(reason, VIR_DOMAIN_SHUTOFF_SAVED);
    g->flags = HV_SIM_RUNNING | 0xffff0000u;
    /* scheduler: Xen 4.17's default credit2, weight and cap */
    VT_CHECK_SCHEDULER(d, "credit2", 2, p, 3);
    VT_CHECK_EQ_STR(p[0].field, "weight");
    VT_CHECK_EQ_INT(p[0].value.ui, 256);
    VT_CHECK_EQ_STR(p[1].field, "cap");
    n = 1;
    VT_CHECK_EQ_INT(virDomainGetSchedulerParametersFlags(d, p, &n, 0), 0);
    VT_CHECK_EQ_INT(n, 1);
    memset(p, 0, sizeof p);
    strcpy(p[0].field, "cap");
    p[0].type = VIR_TYPED_PARAM_UINT;
    p[0].value.ui = 40;
    VT_CHECK_EQ_INT(virDomainSetSchedulerParameters(d, p, 1), 0);
    VT_CHECK_EQ_INT(g->cap, 40);
    VT_CHECK_EQ_INT(g->weight, 256);  /* kept */
    p[0].type = VIR_TYPED_PARAM_INT;
    VT_CHECK_EQ_INT(virDomainSetSchedulerParameters(d, p, 1), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(strstr(vt_last_message(), "expected 'uint'") != NULL);
    strcpy(p[0].field, "slice");
    p[0].type = VIR_TYPED_PARAM_UINT;
    VT_CHECK_EQ_INT(virDomainSetSchedulerParameters(d, p, 1), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_ARGUMENT_UNSUPPORTED);
    strcpy(p[0].field, "weight");
    p[0].value.ui = 0;
    VT_CHECK_EQ_INT(virDomainSetSchedulerParameters(d, p, 1), -1);
    VT_CHECK(strstr(vt_last_message(), "weight 0") != NULL);
    p[0].value.ui = 65535;            /* Xen's "unchanged" cap marker is refused too */
    strcpy(p[0].field, "cap");
    VT_CHECK_EQ_INT(virDomainSetSchedulerParameters(d, p, 1), -1);
    VT_CHECK_EQ_INT(g->cap, 40);
    sim.sched_id = HV_SIM_SCHED_RTDS;
    n = 2;
    VT_CHECK_EQ_INT(virDomainGetSchedulerParameters(d, p, &n), -1);
    VT_CHECK(strstr(vt_last_message(), "'rtds'") != NULL);
    type = virDomainGetSchedulerType(d, &n);
    VT_CHECK(type != NULL && strcmp(type, "rtds") == 0);
    VT_CHECK_EQ_INT(n, 0);
    free(type);
    sim.sched_id = HV_SIM_SCHED_CREDIT;

    /* read-only: the core refuses the changes before the driver */
    {
        virt_open_config cfg;
        long calls;
        memset(&cfg, 0, sizeof cfg);
        cfg.hv_ioctl = hv_sim_ioctl;
        cfg.hv_ioctl_ctx = &sim;
        ro = virt_connect_open_config("xen:///", 1, &cfg);
        VT_CHECK(ro != NULL);
        r = ro ? virDomainLookupByID(ro, 2) : NULL;
        VT_CHECK(r != NULL);
        if (r) {
            unsigned char m = 1;
            calls = sim.calls;
            VT_CHECK_EQ_INT(virDomainPinVcpu(r, 0, &m, 1), -1);
            VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_DENIED);
            VT_CHECK_EQ_INT(virDomainSetSchedulerParameters(r, p, 1), -1);
            VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_DENIED);
            VT_CHECK_EQ_INT(sim.calls, calls);
            VT_CHECK_EQ_INT(virDomainGetState(r, &state, &reason, 0), 0);
            virDomainFree(r);
        }
        if (ro) virConnectClose(ro);
    }
    virDomainFree(d);
    virConnectClose(c);
}

/* A fake xend part answering pinning: the router asks it only for what the
 * hypervisor declines (CONFIG), and the hypervisor first otherwise. */
static int fake_xend_pins;
static int fake_xend_pin(void *priv, virDomainPtr dom, unsigned int vcpu, const unsigned char *cpumap, int maplen,
                         unsigned int flags)
{
    (void)priv; (void)dom; (void)vcpu; (void)cpumap; (void)maplen; (void)flags;
    fake_xend_pins++;
    return 0;
}
static int fake_xend_vcpus_flags(void *priv, virDomainPtr dom, unsigned int flags)
{
    (void)priv; (void)dom;
    return (flags & VIR_DOMAIN_AFFECT_CONFIG) ? 7 : 99;
}

static void test_router_fallback(void)
{
    virConnectPtr c = open_sim_conn("4.17", 0);
    static virt__driver fake;
    virt__xen *x;
    virDomainPtr d;
    unsigned char m = 1;
    VT_CHECK(c != NULL);
    if (!c) return;
    memset(&fake, 0, sizeof fake);
    fake.name = "xend";
    fake.domain_pin_vcpu = fake_xend_pin;
    fake.domain_get_vcpus_flags = fake_xend_vcpus_flags;
    hv_sim_add(&sim, 4, HV_SIM_RUNNING, 1000, 2000, 2);
    d = virDomainLookupByID(c, 4);    /* named by the hypervisor, before xend joins */
    x = (virt__xen *)c->priv;
    x->xend.drv = &fake;
    VT_CHECK(d != NULL);
    if (d) {
        VT_CHECK_EQ_INT(virDomainPinVcpu(d, 0, &m, 1), 0);
        VT_CHECK_EQ_INT(fake_xend_pins, 0);          /* the hypervisor answered */
        VT_CHECK_EQ_INT(virDomainPinVcpuFlags(d, 0, &m, 1, VIR_DOMAIN_AFFECT_CONFIG), 0);
        VT_CHECK_EQ_INT(fake_xend_pins, 1);
        VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, 0), 2);
        VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_AFFECT_CONFIG), 7);
        virDomainFree(d);
    }
    x->xend.drv = NULL;
    virConnectClose(c);
}

/* phase 3: node memory stats from physinfo/numainfo, SetMemoryFlags routed */
static void test_api_memory(void)
{
    virConnectPtr c = open_sim_conn("4.17", 0);
    virNodeMemoryStats ms[3];
    virDomainPtr d;
    hv_sim_domain *g;
    int n = 0;
    VT_CHECK(c != NULL);
    if (!c) return;
    sim.nr_nodes = 2;
    VT_CHECK_EQ_INT(virNodeGetMemoryStats(c, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &n, 0), 0);
    VT_CHECK_EQ_INT(n, 2);
    VT_CHECK_EQ_INT(virNodeGetMemoryStats(c, VIR_NODE_MEMORY_STATS_ALL_CELLS, ms, &n, 0), 0);
    VT_CHECK_EQ_STR(ms[0].field, "total");
    VT_CHECK_EQ_INT(ms[0].value, 262112ull * 4);
    VT_CHECK_EQ_STR(ms[1].field, "free");
    VT_CHECK_EQ_INT(ms[1].value, 127488ull * 4);
    VT_CHECK_EQ_INT(virNodeGetMemoryStats(c, 1, ms, &n, 0), 0);
    VT_CHECK_EQ_INT(ms[0].value, 262112ull * 4 / 2);
    VT_CHECK_EQ_INT(virNodeGetMemoryStats(c, 2, ms, &n, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    n = 3;
    VT_CHECK_EQ_INT(virNodeGetMemoryStats(c, 0, ms, &n, 0), -1);
    VT_CHECK(strstr(vt_last_message(), "must be 2") != NULL);
    /* SetMemoryFlags: live maximum through the max_mem domctl */
    g = hv_sim_add(&sim, 6, HV_SIM_RUNNING, 1000, 2000, 1);
    d = virDomainLookupByID(c, 6);
    VT_CHECK(d != NULL);
    if (d) {
        VT_CHECK_EQ_INT(virDomainSetMemoryFlags(d, 16384, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_MEM_MAXIMUM), 0);
        VT_CHECK_EQ_INT(g->max_pages, 16384 / 4);
        VT_CHECK_EQ_INT(virDomainSetMemoryFlags(d, 8192, VIR_DOMAIN_MEM_MAXIMUM), 0);   /* current = live */
        VT_CHECK_EQ_INT(g->max_pages, 8192 / 4);
        /* a balloon target needs the store, a config change a toolstack */
        VT_CHECK_EQ_INT(virDomainSetMemoryFlags(d, 4096, VIR_DOMAIN_AFFECT_LIVE), -1);
        VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
        VT_CHECK_EQ_INT(virDomainSetMemoryFlags(d, 8192, VIR_DOMAIN_AFFECT_CONFIG | VIR_DOMAIN_MEM_MAXIMUM), -1);
        VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
        VT_CHECK_EQ_INT(g->max_pages, 8192 / 4);
        virDomainFree(d);
    }
    virConnectClose(c);
}

int main(void)
{
    virSetErrorFunc(NULL, vt_quiet_errors);
    test_affinity_protocol("4.15");
    test_affinity_protocol("4.17");
    test_affinity_protocol("4.20");
    test_topology_protocol();
    test_api_vcpus();
    test_api_node();
    test_api_state_and_sched();
    test_router_fallback();
    test_api_memory();
    return vt_summary("hv_vcpu");
}
