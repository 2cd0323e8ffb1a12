/* tests/core/test_vcpus_node.c - issue 11 phase 2b on the test driver:
 * capabilities, node memory and CPU map, vCPU counts with their flags,
 * GetVcpus / PinVcpu / GetVcpuPinInfo, autostart, the "fair" scheduler and
 * the migration refusals. Expected values, codes, origins and messages
 * are libvirt 9.0's on test:///default, measured with Debian's libvirt0
 * and python3-libvirt (the same calls; tests/virsh compares virsh too).
 * The capabilities document is compared byte for byte with libvirt's
 * (tests/core/data/capabilities-test-default.xml, written by libvirt 9.0's
 * virConnectGetCapabilities). */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "test_common.h"

#define VT_ERR(code, origin, msg)                                               \
    do {                                                                        \
        VT_CHECK_EQ_INT(virGetLastErrorCode(), (code));                         \
        VT_CHECK_EQ_INT(virGetLastErrorDomain(), (origin));                     \
        VT_CHECK_EQ_STR(virGetLastErrorMessage(), (msg));                       \
        virResetLastError();                                                    \
    } while (0)

static char *vt_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = (char *)malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    if (buf) buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_node(virConnectPtr c)
{
    unsigned long long mems[4] = {0, 0, 0, 0};
    unsigned char *map = NULL;
    unsigned int online = 0;
    char *caps = virConnectGetCapabilities(c), *want = vt_read(VT_SOURCE_DIR "/data/capabilities-test-default.xml");
    VT_CHECK(want != NULL);
    VT_CHECK_EQ_STR(caps, want);
    free(caps);
    free(want);
    VT_CHECK_EQ_INT(virConnectGetMaxVcpus(c, NULL), 32);
    VT_CHECK_EQ_INT(virConnectGetMaxVcpus(c, "kvm"), 32);
    VT_CHECK_EQ_INT((long long)virNodeGetFreeMemory(c), 3145728);
    VT_CHECK_EQ_INT(virNodeGetCellsFreeMemory(c, mems, 0, 4), 2);
    VT_CHECK_EQ_INT((long long)mems[0], 2097152);
    VT_CHECK_EQ_INT((long long)mems[1], 4194304);
    VT_CHECK_EQ_INT(virNodeGetCellsFreeMemory(c, mems, 1, 4), 1);
    VT_CHECK_EQ_INT((long long)mems[0], 4194304);
    VT_CHECK_EQ_INT(virNodeGetCellsFreeMemory(c, mems, 5, 2), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: Range exceeds available cells");
    VT_CHECK_EQ_INT(virNodeGetCellsFreeMemory(c, NULL, 0, 2), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "freeMems in virNodeGetCellsFreeMemory must not be NULL");
    VT_CHECK_EQ_INT(virNodeGetCellsFreeMemory(c, mems, 0, 0), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "maxCells in virNodeGetCellsFreeMemory must be greater than zero");
    VT_CHECK_EQ_INT(virNodeGetCPUMap(c, &map, &online, 0), 8);
    VT_CHECK(map != NULL && map[0] == 0x15);
    VT_CHECK_EQ_INT(online, 3);
    free(map);
    VT_CHECK_EQ_INT(virNodeGetCPUMap(c, NULL, NULL, 1), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "unsupported flags (0x1) in function testNodeGetCPUMap");
}

static void test_vcpu_counts(virConnectPtr c, virDomainPtr d)
{
    virDomainPtr off, tr;
    virDomainInfo info;
    VT_CHECK_EQ_INT(virDomainGetMaxVcpus(d), 2);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, 0), 2);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_VCPU_MAXIMUM), 2);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
           "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, 16), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "unsupported flags (0x10) in function testDomainGetVcpusFlags");
    /* a new bound for the next boot leaves the live one */
    VT_CHECK_EQ_INT(virDomainSetVcpusFlags(d, 4, VIR_DOMAIN_VCPU_MAXIMUM), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
           "Flag 'VIR_DOMAIN_AFFECT_CONFIG' is required by flag 'VIR_DOMAIN_VCPU_MAXIMUM'");
    VT_CHECK_EQ_INT(virDomainSetVcpusFlags(d, 3, VIR_DOMAIN_VCPU_MAXIMUM | VIR_DOMAIN_AFFECT_CONFIG), 0);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_VCPU_MAXIMUM | VIR_DOMAIN_AFFECT_CONFIG), 3);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_VCPU_MAXIMUM | VIR_DOMAIN_AFFECT_LIVE), 2);
    VT_CHECK_EQ_INT(virDomainSetVcpusFlags(d, 3, VIR_DOMAIN_AFFECT_LIVE), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: requested cpu amount exceeds maximum (3 > 2)");
    VT_CHECK_EQ_INT(virDomainSetVcpusFlags(d, 33, 0), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
           "invalid argument: requested cpu amount exceeds maximum supported amount (33 > 32)");
    VT_CHECK_EQ_INT(virDomainSetVcpusFlags(d, 0, 0), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "nvcpus in virDomainSetVcpusFlags must not be zero");
    VT_CHECK_EQ_INT(virDomainSetVcpusFlags(d, 3, VIR_DOMAIN_AFFECT_CONFIG), 0);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_AFFECT_CONFIG), 3);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_AFFECT_LIVE), 2);
    /* an inactive domain with <vcpu current='1'>3</vcpu> */
    off = virDomainDefineXML(c, "<domain type='test'><name>off</name><memory>1048576</memory>"
                                "<vcpu current='1'>3</vcpu><os><type>hvm</type></os></domain>");
    VT_CHECK(off != NULL);
    if (!off) return;
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(off, 0), 1);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(off, VIR_DOMAIN_VCPU_MAXIMUM), 3);
    VT_CHECK_EQ_INT(virDomainGetInfo(off, &info), 0);
    VT_CHECK_EQ_INT(info.nrVirtCpu, 1);
    VT_CHECK_EQ_INT(virDomainGetMaxVcpus(off), -1);
    VT_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "Requested operation is not valid: domain is not running");
    VT_CHECK_EQ_INT(virDomainSetVcpusFlags(off, 4, 0), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: requested cpu amount exceeds maximum (4 > 3)");
    VT_CHECK_EQ_INT(virDomainSetVcpusFlags(off, 3, 0), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(off, &info), 0);
    VT_CHECK_EQ_INT(info.nrVirtCpu, 3);
    virDomainUndefine(off);
    virDomainFree(off);
    tr = virDomainCreateXML(c, "<domain type='test'><name>tr</name><memory>1048576</memory>"
                               "<vcpu>2</vcpu><os><type>hvm</type></os></domain>", 0);
    VT_CHECK(tr != NULL);
    if (!tr) return;
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(tr, VIR_DOMAIN_AFFECT_CONFIG), -1);
    VT_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
           "Requested operation is not valid: transient domains do not have any persistent config");
    /* libvirt keeps an autostart flag even on a transient domain */
    VT_CHECK_EQ_INT(virDomainSetAutostart(tr, 1), 0);
    virDomainDestroy(tr);
    virDomainFree(tr);
}

static void test_pinning(virDomainPtr d)
{
    virVcpuInfo info[4];
    unsigned char maps[8], one = 1, zero = 0, big[4] = {0, 0, 0, 1}, two[2] = {0x06, 0x80};
    char *xml;
    VT_CHECK_EQ_INT(virDomainGetVcpus(d, info, 4, maps, 1), 2);
    VT_CHECK_EQ_INT(maps[0], 0xff);
    VT_CHECK_EQ_INT(maps[1], 0xff);
    VT_CHECK_EQ_INT(info[0].cpu, 15);
    VT_CHECK_EQ_INT(info[1].state, VIR_VCPU_RUNNING);
    VT_CHECK(info[0].cpuTime > 0);
    VT_CHECK_EQ_INT(virDomainGetVcpus(d, NULL, 2, NULL, 0), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "info in virDomainGetVcpus must not be NULL");
    VT_CHECK_EQ_INT(virDomainGetVcpus(d, info, 4, maps, 0), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "maplen in virDomainGetVcpus must be greater than zero");
    VT_CHECK_EQ_INT(virDomainPinVcpu(d, 2, &one, 1), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: requested vcpu '2' is not present in the domain");
    VT_CHECK_EQ_INT(virDomainPinVcpu(d, 0, NULL, 1), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "cpumap in virDomainPinVcpu must not be NULL");
    VT_CHECK_EQ_INT(virDomainPinVcpuFlags(d, 0, &one, 1, VIR_DOMAIN_AFFECT_LIVE), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "unsupported flags (0x1) in function testDomainPinVcpuFlags");
    VT_CHECK_EQ_INT(virDomainPinVcpu(d, 0, &zero, 1), 0);
    VT_CHECK_EQ_INT(virDomainPinVcpu(d, 0, big, 4), 0);       /* CPU 24: beyond the node, kept */
    VT_CHECK_EQ_INT(virDomainPinVcpu(d, 1, two, 2), 0);
    memset(maps, 0xee, sizeof maps);
    VT_CHECK_EQ_INT(virDomainGetVcpus(d, info, 4, maps, 2), 2);
    VT_CHECK(maps[0] == 0 && maps[1] == 0 && maps[2] == 0x06 && maps[3] == 0x80);
    VT_CHECK_EQ_INT(info[0].cpu, 24);
    VT_CHECK_EQ_INT(info[1].cpu, 15);
    VT_CHECK_EQ_INT(virDomainGetVcpuPinInfo(d, 4, maps, 2, 0), 2);
    VT_CHECK(maps[2] == 0x06 && maps[3] == 0x80);
    xml = virDomainGetXMLDesc(d, 0);
    VT_CHECK(xml && strstr(xml, "  <cputune>\n    <vcpupin vcpu='0' cpuset='24'/>\n"
                                "    <vcpupin vcpu='1' cpuset='1-2,15'/>\n  </cputune>\n"));
    free(xml);
    VT_CHECK_EQ_INT(virDomainSetVcpus(d, 1), 0);
    xml = virDomainGetXMLDesc(d, 0);
    VT_CHECK(xml && strstr(xml, "<vcpu placement='static' current='1'>2</vcpu>"));
    free(xml);
    VT_CHECK_EQ_INT(virDomainGetVcpus(d, info, 4, maps, 2), 1);
    VT_CHECK_EQ_INT(virDomainSetVcpus(d, 2), 0);
}

static void test_autostart_sched_migrate(virConnectPtr c, virDomainPtr d, virDomainPtr ro)
{
    virTypedParameter p[4];
    int n = 0, a = -1;
    VT_CHECK_EQ_INT(virDomainGetAutostart(d, &a), 0);
    VT_CHECK_EQ_INT(a, 0);
    VT_CHECK_EQ_INT(virDomainSetAutostart(d, 1), 0);
    VT_CHECK_EQ_INT(virDomainGetAutostart(d, &a), 0);
    VT_CHECK_EQ_INT(a, 1);
    VT_CHECK_EQ_INT(virDomainSetAutostart(ro, 0), -1);
    VT_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
           "operation forbidden: read only access prevents virDomainSetAutostart");
    VT_CHECK_SCHEDULER(d, "fair", 1, p, 4);
    VT_CHECK_EQ_STR(p[0].field, "weight");
    VT_CHECK_EQ_INT(p[0].type, VIR_TYPED_PARAM_UINT);
    VT_CHECK_EQ_INT(p[0].value.ui, 50);
    n = 4;
    VT_CHECK_EQ_INT(virDomainGetSchedulerParametersFlags(d, p, &n, 0), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
           "unsupported flags (0x4) in function testDomainGetSchedulerParametersFlags");
    p[0].value.ui = 10;
    VT_CHECK_EQ_INT(virDomainSetSchedulerParameters(d, p, 1), 0);
    n = 4;
    VT_CHECK_EQ_INT(virDomainGetSchedulerParameters(d, p, &n), 0);
    VT_CHECK_EQ_INT(p[0].value.ui, 50);                        /* accepted, not kept */
    strcpy(p[0].field, "cap");
    VT_CHECK_EQ_INT(virDomainSetSchedulerParameters(d, p, 1), -1);
    VT_ERR(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_NONE, "argument unsupported: parameter 'cap' not supported");
    strcpy(p[0].field, "weight");
    p[0].type = VIR_TYPED_PARAM_INT;
    VT_CHECK_EQ_INT(virDomainSetSchedulerParameters(d, p, 1), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
           "invalid argument: invalid type 'int' for parameter 'weight', expected 'uint'");
    VT_CHECK(virDomainMigrate(d, c, 0, NULL, NULL, 0) == NULL);
    VT_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
           "this function is not supported by the connection driver: virDomainMigrate");
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, "test:///default", 0, NULL, 0), -1);
    VT_ERR(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN,
           "argument unsupported: direct migration is not supported by the source host");
    VT_CHECK_EQ_INT(virDomainMigrateToURI3(d, "test:///default", NULL, 0, VIR_MIGRATE_PEER2PEER), -1);
    VT_ERR(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN,
           "argument unsupported: p2p migration is not supported by the source host");
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, NULL, 0, NULL, 0), -1);
    VT_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "duri in virDomainMigrateToURI must not be NULL");
    VT_CHECK_EQ_INT(virDomainMigrateToURI(ro, "test:///default", 0, NULL, 0), -1);
    VT_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
           "operation forbidden: read only access prevents virDomainMigrateToURI");
}

int main(void)
{
    virConnectPtr c, r;
    virDomainPtr d, ro;
    virSetErrorFunc(NULL, vt_quiet_handler);
    c = virConnectOpen("test:///default");
    r = virConnectOpenReadOnly("test:///default");
    VT_CHECK(c != NULL && r != NULL);
    if (!c || !r) return vt_summary("core_vcpus_node");
    d = virDomainLookupByName(c, "test");
    ro = virDomainLookupByName(r, "test");
    VT_CHECK(d != NULL && ro != NULL);
    if (d && ro) {
        test_node(c);
        test_pinning(d);
        test_vcpu_counts(c, d);
        test_autostart_sched_migrate(c, d, ro);
    }
    if (d) virDomainFree(d);
    if (ro) virDomainFree(ro);
    virConnectClose(c);
    virConnectClose(r);
    return vt_summary("core_vcpus_node");
}
