/* tests/remote/remote_scenario.c - every call virt offers, through virt's
 * remote driver, against the daemon at argv[1]; one line per call (result
 * or "error code=.. domain=.. message=.."). remote_scenario.py makes the
 * same calls through libvirt's own client (python3-libvirt) and prints the
 * same lines; run_remote.sh diffs the two. argv[2]: a directory the daemon
 * may write (save files). The scenario leaves the daemon as it found it. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static virConnectPtr conn;

static void quiet(void *data, virErrorPtr e) { (void)data; (void)e; }

static void err_line(const char *what)
{
    virErrorPtr e = virGetLastError();
    printf("%s: error code=%d domain=%d message=%s\n", what, e ? e->code : -1, e ? e->domain : -1,
           e && e->message ? e->message : "");
}

static void rc_line(const char *what, int rc)
{
    if (rc < 0) err_line(what);
    else printf("%s: %d\n", what, rc);
}

static void dom_line(const char *what, virDomainPtr d)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    if (!d) { err_line(what); return; }
    virDomainGetUUIDString(d, uuid);
    printf("%s: name=%s id=%d uuid=%s\n", what, virDomainGetName(d), (int)virDomainGetID(d), uuid);
}

static void info_line(const char *what, virDomainPtr d)
{
    virDomainInfo i;
    if (virDomainGetInfo(d, &i) < 0) { err_line(what); return; }
    /* cpuTime is the clock: not comparable between two clients */
    printf("%s: state=%d maxMem=%lu memory=%lu nrVirtCpu=%d\n", what, i.state, i.maxMem, i.memory, i.nrVirtCpu);
}

static void str_line(const char *what, char *s)
{
    if (!s) { err_line(what); return; }
    printf("%s: %s\n", what, s);
    free(s);
}

/* The save-image procedures (235, 236) on the image of a saved domain: its
 * XML read back, defined again, and the errors of a missing file. */
static void save_image_calls(const char *path, const char *dir)
{
    char missing[4096];
    char *xml = virDomainSaveImageGetXMLDesc(conn, path, 0);
    printf("saveImageGetXMLDesc test: %s\n", xml ? (strstr(xml, "<name>test</name>") ? "names test" : xml) : "");
    if (!xml) err_line("saveImageGetXMLDesc test");
    if (xml) rc_line("saveImageDefineXML test", virDomainSaveImageDefineXML(conn, path, xml, 0));
    else printf("saveImageDefineXML test: skipped\n");
    free(xml);
    snprintf(missing, sizeof missing, "%s/missing.save", dir);
    str_line("saveImageGetXMLDesc missing", virDomainSaveImageGetXMLDesc(conn, missing, 0));
    rc_line("saveImageDefineXML missing",
            virDomainSaveImageDefineXML(conn, missing, "<domain type='test'><name>test</name></domain>", 0));
}

static void lists(void)
{
    int ids[64], n, i;
    char *names[64];
    n = virConnectListDomains(conn, ids, 64);
    printf("listDomains:");
    for (i = 0; i < n; i++) printf(" %d", ids[i]);
    printf("\n");
    rc_line("numOfDomains", virConnectNumOfDomains(conn));
    n = virConnectListDefinedDomains(conn, names, 64);
    printf("listDefinedDomains:");
    for (i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
    rc_line("numOfDefinedDomains", virConnectNumOfDefinedDomains(conn));
}

static const char *xml_vr1 =
    "<domain type='test'><name>vr1</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
    "<memory>262144</memory><currentMemory>131072</currentMemory><vcpu>2</vcpu>"
    "<os><type>hvm</type></os></domain>";
static const char *xml_vr2 =
    "<domain type='test'><name>vr2</name><uuid>22222222-3333-4444-5555-666666666666</uuid><memory>65536</memory><vcpu>1</vcpu>"
    "<os><type>hvm</type></os></domain>";

static void node_part(void)
{
    unsigned long v = 0;
    virNodeInfo ni;
    printf("getType: %s\n", virConnectGetType(conn));
    str_line("getURI", virConnectGetURI(conn));
    if (virConnectGetVersion(conn, &v) < 0) err_line("getVersion"); else printf("getVersion: %lu\n", v);
    str_line("getHostname", virConnectGetHostname(conn));
    if (virNodeGetInfo(conn, &ni) < 0) err_line("nodeGetInfo");
    else printf("nodeGetInfo: model=%s memoryMiB=%lu cpus=%u mhz=%u nodes=%u sockets=%u cores=%u threads=%u\n",
                ni.model, ni.memory / 1024, ni.cpus, ni.mhz, ni.nodes, ni.sockets, ni.cores, ni.threads);
    lists();
}

/* issue 11 phase 2b: capabilities, node memory, vCPU counts, autostart,
 * scheduler type (remote_scenario.py makes the same calls) */
static void vcpu_node_part(virDomainPtr d)
{
    unsigned long long cells[4];
    int n = -1, a = -1, i;
    str_line("getCapabilities", virConnectGetCapabilities(conn));
    printf("getMaxVcpus: %d\n", virConnectGetMaxVcpus(conn, NULL));
    printf("getFreeMemory: %llu\n", virNodeGetFreeMemory(conn));
    n = virNodeGetCellsFreeMemory(conn, cells, 0, 4);
    printf("getCellsFreeMemory:");
    for (i = 0; i < n; i++) printf(" %llu", cells[i]);
    printf("\n");
    printf("maxVcpus test: %d\n", virDomainGetMaxVcpus(d));
    printf("vcpusFlags test: %d\n", virDomainGetVcpusFlags(d, VIR_DOMAIN_VCPU_MAXIMUM | VIR_DOMAIN_AFFECT_CONFIG));
    printf("setVcpusFlags test: %d\n", virDomainSetVcpusFlags(d, 1, VIR_DOMAIN_AFFECT_LIVE));
    printf("vcpusFlags live: %d\n", virDomainGetVcpusFlags(d, VIR_DOMAIN_AFFECT_LIVE));
    printf("setVcpusFlags back: %d\n", virDomainSetVcpusFlags(d, 2, VIR_DOMAIN_AFFECT_LIVE));
    printf("setAutostart test: %d\n", virDomainSetAutostart(d, 1));
    if (virDomainGetAutostart(d, &a) == 0) printf("autostart test: %d\n", a);
    printf("setAutostart off: %d\n", virDomainSetAutostart(d, 0));
    str_line("schedulerType test", virDomainGetSchedulerType(d, &n));
    printf("scheduler nparams: %d\n", n);
}

static void lookup_part(void)
{
    virDomainPtr d;
    static const unsigned char nouuid[16] = {1, 2, 3};
    d = virDomainLookupByName(conn, "test"); dom_line("lookupByName test", d);
    str_line("OSType test", virDomainGetOSType(d));
    printf("maxMemory test: %lu\n", virDomainGetMaxMemory(d));
    info_line("info test", d);
    vcpu_node_part(d);
    str_line("XMLDesc test", virDomainGetXMLDesc(d, 0));
    virDomainFree(d);
    d = virDomainLookupByID(conn, 1); dom_line("lookupByID 1", d); virDomainFree(d);
    d = virDomainLookupByUUIDString(conn, "6695eb01-f6a4-8304-79aa-97f2502e193f");
    dom_line("lookupByUUIDString test", d); virDomainFree(d);
    dom_line("lookupByName nope", virDomainLookupByName(conn, "nope"));
    dom_line("lookupByID 99", virDomainLookupByID(conn, 99));
    dom_line("lookupByUUID 0102030000", virDomainLookupByUUID(conn, nouuid));
}

static void lifecycle_part(const char *dir)
{
    virDomainPtr d, t;
    char path[1024];
    d = virDomainDefineXML(conn, xml_vr1); dom_line("defineXML vr1", d);
    dom_line("defineXML bad", virDomainDefineXML(conn, "<domain type='test'><name>x</name>"));
    lists();
    info_line("info vr1 defined", d);
    rc_line("destroy vr1 inactive", virDomainDestroy(d));
    rc_line("create vr1", virDomainCreate(d));
    dom_line("vr1 after create", d);
    info_line("info vr1 running", d);
    rc_line("suspend vr1", virDomainSuspend(d));
    info_line("info vr1 paused", d);
    rc_line("suspend vr1 again", virDomainSuspend(d));
    rc_line("resume vr1", virDomainResume(d));
    rc_line("resume vr1 again", virDomainResume(d));
    rc_line("setMemory vr1 200000", virDomainSetMemory(d, 200000));
    rc_line("setMemory vr1 over max", virDomainSetMemory(d, 999999999));
    rc_line("setVcpus vr1 1", virDomainSetVcpus(d, 1));
    info_line("info vr1 changed", d);
    rc_line("reboot vr1", virDomainReboot(d, 0));
    rc_line("shutdown vr1", virDomainShutdown(d));
    info_line("info vr1 shut", d);
    rc_line("setMaxMemory vr1 300000", virDomainSetMaxMemory(d, 300000));
    printf("maxMemory vr1: %lu\n", virDomainGetMaxMemory(d));
    rc_line("undefine vr1", virDomainUndefine(d));
    dom_line("lookupByName vr1 gone", virDomainLookupByName(conn, "vr1"));
    virDomainFree(d);
    d = virDomainCreateXML(conn, xml_vr2, 0); dom_line("createXML vr2", d);
    lists();
    rc_line("destroy vr2", virDomainDestroy(d));
    dom_line("lookupByName vr2 gone", virDomainLookupByName(conn, "vr2"));
    virDomainFree(d);
    snprintf(path, sizeof path, "%s/test.save", dir);
    t = virDomainLookupByName(conn, "test");
    rc_line("save test", virDomainSave(t, path));
    lists();
    save_image_calls(path, dir);
    rc_line("restore test", virDomainRestore(conn, path));
    virDomainFree(t);
    t = virDomainLookupByName(conn, "test");
    info_line("info test restored", t);
    rc_line("saveFlags test paused", virDomainSaveFlags(t, path, NULL, VIR_DOMAIN_SAVE_PAUSED));
    rc_line("saveFlags test", virDomainSaveFlags(t, path, NULL, 0));
    rc_line("restoreFlags test running+paused",
            virDomainRestoreFlags(conn, path, NULL, VIR_DOMAIN_SAVE_RUNNING | VIR_DOMAIN_SAVE_PAUSED));
    rc_line("restoreFlags test paused", virDomainRestoreFlags(conn, path, NULL, VIR_DOMAIN_SAVE_PAUSED));
    virDomainFree(t);
    t = virDomainLookupByName(conn, "test");
    info_line("info test restored paused", t);
    rc_line("resume test", virDomainResume(t));
    virDomainFree(t);
    lists();
}

/* issue 14: rename, CPU map, vCPU info and pinning, scheduler parameters,
 * migration refused, on domains made for it and removed after (cpuTime is
 * the clock: left out). remote_scenario.py makes the same calls. */
static const char *xml_vr3 =
    "<domain type='test'><name>vr3</name><uuid>33333333-4444-5555-6666-777777777777</uuid><memory>65536</memory>"
    "<vcpu>2</vcpu><os><type>hvm</type></os></domain>";

static void map_line(const unsigned char *map, int ncpus)
{
    int i;
    for (i = 0; i < ncpus; i++) printf("%c", VIR_CPU_USABLE(map, VIR_CPU_MAPLEN(ncpus), 0, i) ? 'y' : '-');
}

static void vcpus_line(const char *what, virDomainPtr d, int ncpus)
{
    virVcpuInfo vi[8];
    unsigned char maps[8 * 8];
    virDomainInfo di;
    int n, i;
    if (virDomainGetInfo(d, &di) < 0) { err_line(what); return; }
    n = virDomainGetVcpus(d, vi, di.nrVirtCpu, maps, VIR_CPU_MAPLEN(ncpus));
    if (n < 0) { err_line(what); return; }
    printf("%s:", what);
    for (i = 0; i < n; i++) {
        printf(" %u/%d/%d/", vi[i].number, vi[i].state, vi[i].cpu);
        map_line(maps + i * VIR_CPU_MAPLEN(ncpus), ncpus);
    }
    printf("\n");
}

static void pininfo_line(const char *what, virDomainPtr d, int ncpus, unsigned int flags)
{
    unsigned char maps[8 * 8];
    virDomainInfo di;
    int n, i;
    if (virDomainGetInfo(d, &di) < 0) { err_line(what); return; }
    n = virDomainGetVcpuPinInfo(d, di.nrVirtCpu, maps, VIR_CPU_MAPLEN(ncpus), flags);
    if (n < 0) { err_line(what); return; }
    printf("%s:", what);
    for (i = 0; i < (int)di.nrVirtCpu; i++) { printf(" "); map_line(maps + i * VIR_CPU_MAPLEN(ncpus), ncpus); }
    printf("\n");
}

static void sched_line(const char *what, virDomainPtr d, int flags_call, unsigned int flags)
{
    virTypedParameter params[4];
    int n = 4, i;
    memset(params, 0, sizeof params);
    if ((flags_call ? virDomainGetSchedulerParametersFlags(d, params, &n, flags)
                    : virDomainGetSchedulerParameters(d, params, &n)) < 0) { err_line(what); return; }
    printf("%s:", what);
    for (i = 0; i < n; i++) {
        if (params[i].type == VIR_TYPED_PARAM_UINT) printf(" %s=%u", params[i].field, params[i].value.ui);
        else printf(" %s:type%d", params[i].field, params[i].type);
    }
    printf("\n");
    virTypedParamsClear(params, n);
}

static void sched_set(const char *what, virDomainPtr d, unsigned int weight, int flags_call, unsigned int flags)
{
    virTypedParameter p;
    memset(&p, 0, sizeof p);
    strcpy(p.field, VIR_DOMAIN_SCHEDULER_WEIGHT);
    p.type = VIR_TYPED_PARAM_UINT;
    p.value.ui = weight;
    rc_line(what, flags_call ? virDomainSetSchedulerParametersFlags(d, &p, 1, flags)
                             : virDomainSetSchedulerParameters(d, &p, 1));
}

static void issue14_part(void)
{
    unsigned char *map = NULL, pin[8];
    unsigned int online = 0;
    int ncpus;
    virDomainPtr d, r;
    ncpus = virNodeGetCPUMap(conn, &map, &online, 0);
    if (ncpus < 0) { err_line("getCPUMap"); return; }
    printf("getCPUMap: %d online=%u ", ncpus, online);
    map_line(map, ncpus);
    printf("\n");
    free(map);
    d = virDomainCreateXML(conn, xml_vr3, 0); dom_line("createXML vr3", d);
    if (!d) return;
    vcpus_line("vcpus vr3", d, ncpus);
    pininfo_line("vcpuPinInfo vr3", d, ncpus, 0);
    memset(pin, 0, sizeof pin);
    VIR_USE_CPU(pin, 2);
    rc_line("pinVcpu vr3 0 cpu2", virDomainPinVcpu(d, 0, pin, VIR_CPU_MAPLEN(ncpus)));
    VIR_USE_CPU(pin, 4);
    rc_line("pinVcpuFlags vr3 1 cpu2,4 live", virDomainPinVcpuFlags(d, 1, pin, VIR_CPU_MAPLEN(ncpus), VIR_DOMAIN_AFFECT_LIVE));
    rc_line("pinVcpu vr3 9", virDomainPinVcpu(d, 9, pin, VIR_CPU_MAPLEN(ncpus)));
    rc_line("pinVcpuFlags vr3 config", virDomainPinVcpuFlags(d, 0, pin, VIR_CPU_MAPLEN(ncpus), VIR_DOMAIN_AFFECT_CONFIG));
    vcpus_line("vcpus vr3 pinned", d, ncpus);
    pininfo_line("vcpuPinInfo vr3 pinned", d, ncpus, 0);
    pininfo_line("vcpuPinInfo vr3 live|config", d, ncpus, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG);
    sched_line("schedulerParameters vr3", d, 0, 0);
    sched_line("schedulerParametersFlags vr3 live", d, 1, VIR_DOMAIN_AFFECT_LIVE);
    sched_line("schedulerParametersFlags vr3 bad flag", d, 1, 0x100);
    sched_set("setSchedulerParameters vr3 100", d, 100, 0, 0);
    sched_line("schedulerParameters vr3 after", d, 0, 0);
    rc_line("rename vr3 active", virDomainRename(d, "vr3b", 0));
    rc_line("migrateToURI vr3", virDomainMigrateToURI(d, "test:///default", 0, NULL, 0));
    rc_line("migrateToURI vr3 p2p", virDomainMigrateToURI(d, "test:///default", VIR_MIGRATE_PEER2PEER, NULL, 0));
    rc_line("migrateToURI2 vr3", virDomainMigrateToURI2(d, "test:///default", NULL, NULL, 0, NULL, 0));
    rc_line("migrateToURI3 vr3", virDomainMigrateToURI3(d, "test:///default", NULL, 0, 0));
    dom_line("migrate vr3", virDomainMigrate(d, conn, 0, NULL, NULL, 0));
    rc_line("destroy vr3", virDomainDestroy(d));
    virDomainFree(d);
    d = virDomainDefineXML(conn, xml_vr1); dom_line("defineXML vr1 again", d);
    if (!d) return;
    rc_line("rename vr1 to test", virDomainRename(d, "test", 0));
    rc_line("rename vr1 bad flag", virDomainRename(d, "vr1b", 1));
    rc_line("rename vr1 vr1b", virDomainRename(d, "vr1b", 0));
    dom_line("vr1 renamed", d);
    dom_line("lookupByName vr1 after rename", virDomainLookupByName(conn, "vr1"));
    r = virDomainLookupByName(conn, "vr1b"); dom_line("lookupByName vr1b", r);
    if (r) virDomainFree(r);
    rc_line("undefine vr1b", virDomainUndefine(d));
    virDomainFree(d);
    lists();
}

/* issue 14, second part: interface addresses, migration decided by the
 * daemon's features (the test driver has none), the flagless device calls
 * (remote_scenario.py: issue14b_part) */
static void ifaddr_line(const char *what, virDomainPtr d, unsigned int source, unsigned int flags)
{
    virDomainInterfacePtr *ifs = NULL;
    int n, i;
    unsigned int j;
    n = virDomainInterfaceAddresses(d, &ifs, source, flags);
    if (n < 0) { err_line(what); return; }
    printf("%s:", what);
    for (i = 0; i < n; i++) {
        printf(" %s hw=%s", ifs[i]->name, ifs[i]->hwaddr ? ifs[i]->hwaddr : "-");
        for (j = 0; j < ifs[i]->naddrs; j++)
            printf(" %s/%u/%d", ifs[i]->addrs[j].addr, ifs[i]->addrs[j].prefix, ifs[i]->addrs[j].type);
        virDomainInterfaceFree(ifs[i]);
    }
    printf("\n");
    free(ifs);
}

static void issue14b_part(void)
{
    virDomainPtr t = virDomainLookupByName(conn, "test"), d;
    virTypedParameterPtr mp = NULL;
    int nmp = 0, maxmp = 0;
    if (!t) { err_line("lookupByName test"); return; }
    ifaddr_line("interfaceAddresses lease", t, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0);
    ifaddr_line("interfaceAddresses agent", t, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0);
    ifaddr_line("interfaceAddresses arp", t, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP, 0);
    ifaddr_line("interfaceAddresses source 7", t, 7, 0);
    ifaddr_line("interfaceAddresses flag 1", t, 0, 1);
    d = virDomainDefineXML(conn, xml_vr1); dom_line("defineXML vr1 (inactive)", d);
    if (d) {
        ifaddr_line("interfaceAddresses vr1 inactive", d, 0, 0);
        rc_line("undefine vr1", virDomainUndefine(d));
        virDomainFree(d);
    }
    rc_line("attachDevice test", virDomainAttachDevice(t, "<disk type='file'/>"));
    rc_line("detachDevice test", virDomainDetachDevice(t, "<disk type='file'/>"));
    rc_line("attachDeviceFlags test", virDomainAttachDeviceFlags(t, "<disk type='file'/>", VIR_DOMAIN_AFFECT_LIVE));
    rc_line("migrateToURI test offline",
            virDomainMigrateToURI(t, "test:///default", VIR_MIGRATE_OFFLINE, NULL, 0));
    rc_line("migrateToURI test non-shared disk+inc",
            virDomainMigrateToURI(t, "test:///default", VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC, NULL, 0));
    rc_line("migrateToURI2 test p2p no dconnuri",
            virDomainMigrateToURI2(t, NULL, NULL, NULL, VIR_MIGRATE_PEER2PEER, NULL, 0));
    virTypedParamsAddString(&mp, &nmp, &maxmp, VIR_MIGRATE_PARAM_URI, "tcp://127.0.0.1");
    rc_line("migrateToURI3 test migrate_uri", virDomainMigrateToURI3(t, NULL, mp, (unsigned int)nmp, 0));
    dom_line("migrate3 test p2p", virDomainMigrate3(t, conn, mp, (unsigned int)nmp, VIR_MIGRATE_PEER2PEER));
    dom_line("migrate3 test tunnelled", virDomainMigrate3(t, conn, mp, (unsigned int)nmp, VIR_MIGRATE_TUNNELLED));
    dom_line("migrate3 test", virDomainMigrate3(t, conn, mp, (unsigned int)nmp, 0));
    virTypedParamsFree(mp, nmp);
    dom_line("migrate test p2p", virDomainMigrate(t, conn, VIR_MIGRATE_PEER2PEER, NULL, NULL, 0));
    dom_line("migrate test tunnelled", virDomainMigrate(t, conn, VIR_MIGRATE_TUNNELLED, NULL, NULL, 0));
    dom_line("migrate test offline", virDomainMigrate(t, conn, VIR_MIGRATE_OFFLINE, NULL, NULL, 0));
    virDomainFree(t);
}

int main(int argc, char **argv)
{
    if (argc < 3) { fprintf(stderr, "usage: %s URI WRITABLE_DIR\n", argv[0]); return 2; }
    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpen(argv[1]);
    if (!conn) { err_line("open"); return 1; }
    node_part();
    lookup_part();
    lifecycle_part(argv[2]);
    issue14_part();
    issue14b_part();
    virConnectClose(conn);
    return 0;
}
