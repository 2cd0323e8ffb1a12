/* stats_dump.c - written for virt's tests (no public original): the
 * statistics, core dump, device and memory calls a monitoring or backup
 * tool makes, run against test:///default, and what a second connection
 * of the same process sees of the first one's changes (libvirt's test
 * driver shares test:///default's node between connections). Prints each
 * result, or the failure's code, origin and message; the time-derived
 * counters are printed as the relations libvirt's test driver keeps
 * between them, not as values. */
#include <stdio.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void quiet(void *opaque, virErrorPtr err)
{
    (void)opaque;
    (void)err;
}

static int report(const char *what, int rc)
{
    if (rc < 0)
        printf("%s: failed: code %d, from %d: %s\n", what, virGetLastErrorCode(), virGetLastErrorDomain(),
               virGetLastErrorMessage());
    else
        printf("%s: %d\n", what, rc);
    return rc;
}

static void block_and_interface(virDomainPtr dom)
{
    virDomainBlockStatsStruct b;
    virDomainInterfaceStatsStruct n;
    if (report("blockstats vda", virDomainBlockStats(dom, "vda", &b, sizeof b)) == 0)
        printf("  rd_req/2 ~ rd_bytes: %d, errs > 0: %d\n", b.rd_req / 2 - b.rd_bytes <= 1, b.errs > 0);
    report("blockstats by path", virDomainBlockStats(dom, "/guest/diskimage1", &b, sizeof b));
    report("blockstats hda", virDomainBlockStats(dom, "hda", &b, sizeof b));
    report("blockstats summary", virDomainBlockStats(dom, "", &b, sizeof b));
    report("blockstats too big", virDomainBlockStats(dom, "vda", &b, sizeof b + 8));
    report("blockstats NULL", virDomainBlockStats(dom, NULL, &b, sizeof b));
    if (report("ifstats mac", virDomainInterfaceStats(dom, "AA:BB:CC:DD:EE:FF", &n, sizeof n)) == 0)
        printf("  rx_bytes/10 ~ rx_packets: %d, rx_errs == 2 rx_drop (+1): %d\n",
               n.rx_bytes / 10 - n.rx_packets <= 1, n.rx_errs / 2 == n.rx_drop);
    report("ifstats testnet0", virDomainInterfaceStats(dom, "testnet0", &n, sizeof n));
    report("ifstats vnet9", virDomainInterfaceStats(dom, "vnet9", &n, sizeof n));
}

static void memory_and_cpu(virDomainPtr dom)
{
    virDomainMemoryStatStruct ms[VIR_DOMAIN_MEMORY_STAT_NR + 4];
    virTypedParameter p[8];
    int i, n;
    n = report("memstats", virDomainMemoryStats(dom, ms, VIR_DOMAIN_MEMORY_STAT_NR + 4, 0));
    for (i = 0; i < n; i++) printf("  tag %d = %llu\n", ms[i].tag, ms[i].val);
    report("memstats 3", virDomainMemoryStats(dom, ms, 3, 0));
    report("memstats flags", virDomainMemoryStats(dom, ms, 3, 1));
    report("cpustats count", virDomainGetCPUStats(dom, NULL, 0, -1, 1, 0));
    n = report("cpustats total", virDomainGetCPUStats(dom, p, 8, -1, 1, 0));
    for (i = 0; i < n; i++) printf("  %s = %llu (type %d)\n", p[i].field, p[i].value.ul, p[i].type);
    report("cpustats cpus", virDomainGetCPUStats(dom, NULL, 0, 0, 0, 0));
    n = report("cpustats cpu 1", virDomainGetCPUStats(dom, p, 4, 1, 1, 0));
    for (i = 0; i < n; i++) printf("  %s = %llu\n", p[i].field, p[i].value.ul);
    report("cpustats cpu 2", virDomainGetCPUStats(dom, p, 4, 2, 1, 0));
    report("cpustats -1 x2", virDomainGetCPUStats(dom, p, 4, -1, 2, 0));
    report("cpustats -2", virDomainGetCPUStats(dom, p, 4, -2, 1, 0));
    report("cpustats params 0", virDomainGetCPUStats(dom, p, 0, -1, 1, 0));
}

static void node_stats(virConnectPtr conn)
{
    virNodeCPUStats cs[8];
    int i, n = 0;
    report("nodecpu count", virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &n, 0));
    printf("  nparams %d\n", n);
    n = 8;
    if (report("nodecpu", virNodeGetCPUStats(conn, 3, cs, &n, 0)) == 0)
        for (i = 0; i < n; i++) printf("  %s = %llu\n", cs[i].field, cs[i].value);
    n = 2;
    report("nodecpu 2", virNodeGetCPUStats(conn, -1, cs, &n, 0));
    printf("  nparams %d\n", n);
    report("nodecpu -2", virNodeGetCPUStats(conn, -2, cs, &n, 0));
    report("nodecpu flags", virNodeGetCPUStats(conn, -1, cs, &n, 1));
    report("nodecpu NULL", virNodeGetCPUStats(conn, -1, cs, NULL, 0));
    n = 0;
    report("nodemem", virNodeGetMemoryStats(conn, -1, NULL, &n, 0));
    report("nodemem -3", virNodeGetMemoryStats(conn, -3, NULL, &n, 0));
    report("secure", virConnectIsSecure(conn));
    report("encrypted", virConnectIsEncrypted(conn));
}

static void memory_flags(virDomainPtr dom)
{
    virDomainInfo info;
    report("setmem 0", virDomainSetMemoryFlags(dom, 0, 0));
    report("setmem live+config", virDomainSetMemoryFlags(dom, 1024, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG));
    report("setmem bad flag", virDomainSetMemoryFlags(dom, 1024, 8));
    report("setmem above max", virDomainSetMemoryFlags(dom, 9000000, VIR_DOMAIN_AFFECT_LIVE));
    report("setmem live", virDomainSetMemoryFlags(dom, 1048576, VIR_DOMAIN_AFFECT_LIVE));
    report("setmem config", virDomainSetMemoryFlags(dom, 524288, VIR_DOMAIN_AFFECT_CONFIG));
    report("setmaxmem live", virDomainSetMemoryFlags(dom, 4194304, VIR_DOMAIN_MEM_MAXIMUM));
    report("setmaxmem config", virDomainSetMemoryFlags(dom, 4194304, VIR_DOMAIN_MEM_MAXIMUM | VIR_DOMAIN_AFFECT_CONFIG));
    if (virDomainGetInfo(dom, &info) == 0) printf("  live: max %lu, memory %lu\n", info.maxMem, info.memory);
}

static void dumps_and_devices(virDomainPtr dom)
{
    char buf[32];
    size_t got;
    FILE *f;
    report("dump NULL", virDomainCoreDump(dom, NULL, 0));
    report("dump crash+live", virDomainCoreDump(dom, "core.a", VIR_DUMP_CRASH | VIR_DUMP_LIVE));
    report("dump live+reset", virDomainCoreDump(dom, "core.a", VIR_DUMP_LIVE | VIR_DUMP_RESET));
    report("dump live", virDomainCoreDump(dom, "core.a", VIR_DUMP_LIVE));
    report("dump format 7", virDomainCoreDumpWithFormat(dom, "core.a", 7, 0));
    report("dump kdump", virDomainCoreDumpWithFormat(dom, "core.a", VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB, 0));
    report("dump no dir", virDomainCoreDump(dom, "/nonexistent-dir/core", 0));
    report("dump", virDomainCoreDump(dom, "core.a", 0));
    if ((f = fopen("core.a", "rb"))) {
        got = fread(buf, 1, sizeof buf, f);
        fclose(f);
        printf("  core.a: %lu bytes, starts '%.14s'\n", (unsigned long)got, buf);
    }
    report("attach", virDomainAttachDevice(dom, "<disk type='file'/>"));
    report("attach flags", virDomainAttachDeviceFlags(dom, "<disk type='file'/>", VIR_DOMAIN_AFFECT_CONFIG));
    report("detach", virDomainDetachDevice(dom, "<disk type='file'/>"));
    report("detach flags", virDomainDetachDeviceFlags(dom, "<disk type='file'/>", VIR_DOMAIN_AFFECT_LIVE));
    report("attach NULL", virDomainAttachDevice(dom, NULL));
    report("dump crash", virDomainCoreDumpWithFormat(dom, "core.b", VIR_DOMAIN_CORE_DUMP_FORMAT_RAW, VIR_DUMP_CRASH));
}

/* A second connection sees the first one's changes, and its own. */
static void shared_node(virConnectPtr a)
{
    virConnectPtr b = virConnectOpenReadOnly("test:///default");
    virDomainPtr d;
    int state = -1, reason = -1;
    if (!b) { report("open b", -1); return; }
    d = virDomainLookupByName(b, "test");
    if (d && virDomainGetState(d, &state, &reason, 0) == 0)
        printf("b sees test: state %d reason %d\n", state, reason);
    if (d) virDomainFree(d);
    d = virDomainDefineXML(a, "<domain type='test'><name>shared</name><memory>65536</memory>"
                              "<os><type>hvm</type></os></domain>");
    if (d) virDomainFree(d);
    printf("b defined domains: %d\n", virConnectNumOfDefinedDomains(b));
    report("b memstats", virDomainMemoryStats(d = virDomainLookupByName(b, "shared"), NULL, 0, 0));
    if (d) virDomainFree(d);
    virConnectClose(b);
}

int main(int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr dom;
    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpen(argc > 1 ? argv[1] : "test:///default");
    if (!conn) return 1;
    dom = virDomainLookupByName(conn, "test");
    if (!dom) return 2;
    block_and_interface(dom);
    memory_and_cpu(dom);
    node_stats(conn);
    memory_flags(dom);
    dumps_and_devices(dom);
    report("blockstats after crash", virDomainBlockStats(dom, "vda", NULL, 0));
    memory_and_cpu(dom);
    shared_node(conn);
    virDomainFree(dom);
    virConnectClose(conn);
    return 0;
}
