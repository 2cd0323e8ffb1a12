/* tests/core/test_api.c - every public function of virt.h on the embedded
 * test driver (test:///default and node files it writes itself), with the
 * error paths: codes, origins, and that messages name the offending value.
 * Needs nothing outside the build tree. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "virt_test_api.h"
#include "test_common.h"

#include <time.h>

static const char *const TEST_UUID = "6695eb01-f6a4-8304-79aa-97f2502e193f";

static void sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

static void test_versions(void)
{
    unsigned long lib = 0, typ = 0;
    VT_CHECK_EQ_INT(virInitialize(), 0);
    VT_CHECK_EQ_INT(virGetVersion(&lib, NULL, NULL), 0);
    VT_CHECK_EQ_INT(lib, VIRT_VERSION_NUMBER);
    VT_CHECK_EQ_INT(virGetVersion(&lib, "Test", &typ), 0);
    VT_CHECK(typ > 0);
    VT_CHECK_EQ_INT(virGetVersion(&lib, "NoSuchHypervisor", &typ), -1);
    VT_EXPECT_ERROR(VIR_ERR_NO_SUPPORT, "NoSuchHypervisor");
    VT_CHECK_EQ_INT(virGetVersion(NULL, NULL, NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    VT_CHECK(virt_enabled_backends() & VIRT_BACKEND_TEST);
}

static void test_connection(void)
{
    virConnectPtr c = virConnectOpen("test:///default");
    unsigned long hv = 0;
    virNodeInfo ni;
    char *s, host[256];
    VT_CHECK(c != NULL);
    if (!c) return;
    VT_CHECK_EQ_STR(virConnectGetType(c), "TEST");
    VT_CHECK_EQ_INT(virConnectGetVersion(c, &hv), 0);
    VT_CHECK_EQ_INT(hv, 2);                      /* "0.0.2", as libvirt's test driver */
    VT_CHECK_EQ_INT(virConnectGetVersion(c, NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    s = virConnectGetURI(c);
    VT_CHECK_EQ_STR(s, "test:///default");
    free(s);
    s = virConnectGetHostname(c);
    VT_CHECK(gethostname(host, sizeof host) == 0);
    VT_CHECK_EQ_STR(s, host);
    free(s);
    VT_CHECK_NODE_INFO(c, &ni, "i686", 3145728, 16, 1400, 2, 2, 2, 2);
    VT_CHECK_EQ_INT(VIR_NODEINFO_MAXCPUS(ni), 16);
    VT_CHECK_EQ_INT(virNodeGetInfo(c, NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    VT_CHECK_EQ_INT(virConnectClose(c), 0);
}

static void test_lists(virConnectPtr c)
{
    int ids[4] = {0, 0, 0, 0};
    char *names[4];
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 1);
    VT_CHECK_EQ_INT(virConnectListDomains(c, ids, 4), 1);
    VT_CHECK_EQ_INT(ids[0], 1);
    VT_CHECK_EQ_INT(virConnectListDomains(c, ids, 0), 0);
    VT_CHECK_EQ_INT(virConnectListDomains(c, ids, -1), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, "-1");
    VT_CHECK_EQ_INT(virConnectListDomains(c, NULL, 3), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(c), 0);
    VT_CHECK_EQ_INT(virConnectListDefinedDomains(c, names, 4), 0);
    VT_CHECK_EQ_INT(virConnectListDefinedDomains(c, names, -2), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
}

static void test_lookups(virConnectPtr c)
{
    unsigned char uuid[VIR_UUID_BUFLEN], got[VIR_UUID_BUFLEN];
    char str[VIR_UUID_STRING_BUFLEN];
    virDomainPtr a = virDomainLookupByName(c, "test");
    virDomainPtr b = virDomainLookupByID(c, 1);
    virDomainPtr u = virDomainLookupByUUIDString(c, TEST_UUID);
    virDomainPtr r;
    char *os;
    VT_CHECK(a != NULL);
    VT_CHECK(a == b);                            /* one object per domain and connection */
    VT_CHECK(a == u);
    VT_CHECK(virt_uuid_parse(TEST_UUID, uuid) == 0);
    r = virDomainLookupByUUID(c, uuid);
    VT_CHECK(r == a);
    VT_CHECK_EQ_STR(virDomainGetName(a), "test");
    VT_CHECK_EQ_INT(virDomainGetID(a), 1);
    VT_CHECK_EQ_INT(virDomainGetUUID(a, got), 0);
    VT_CHECK(memcmp(got, uuid, VIR_UUID_BUFLEN) == 0);
    VT_CHECK_EQ_INT(virDomainGetUUIDString(a, str), 0);
    VT_CHECK_EQ_STR(str, TEST_UUID);
    VT_CHECK_EQ_INT(virDomainGetUUID(a, NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    VT_CHECK_EQ_INT(virDomainGetUUIDString(a, NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    os = virDomainGetOSType(a);
    VT_CHECK_EQ_STR(os, "linux");
    free(os);
    VT_CHECK_EQ_INT(virDomainGetMaxMemory(a), 8388608);
    VT_CHECK(virDomainGetConnect(a) == c);
    /* uppercase and undashed UUID strings name the same domain */
    VT_CHECK(virDomainLookupByUUIDString(c, "6695EB01F6A4830479AA97F2502E193F") == a);
    virDomainFree(a);

    VT_CHECK(virDomainLookupByName(c, "nosuchdomain") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_NO_DOMAIN, "Domain not found");   /* libvirt 9.0's words: no name */
    VT_CHECK(virDomainLookupByID(c, 4711) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_NO_DOMAIN, "Domain not found");
    VT_CHECK(virDomainLookupByID(c, -5) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, "id in virDomainLookupByID must be zero or greater");  /* libvirt 9.0's */
    VT_CHECK(virDomainLookupByUUIDString(c, "12345678-1234-1234-1234-123456789abc") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_NO_DOMAIN, "Domain not found");
    VT_CHECK(virDomainLookupByUUIDString(c, "not-a-uuid") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, "Invalid UUID");
    VT_CHECK(virDomainLookupByName(c, NULL) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    VT_CHECK(virDomainLookupByUUID(c, NULL) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    VT_CHECK(virDomainLookupByUUIDString(c, NULL) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    /* the four extra references */
    VT_CHECK_EQ_INT(virDomainFree(a), 0);
    VT_CHECK_EQ_INT(virDomainFree(a), 0);
    VT_CHECK_EQ_INT(virDomainFree(a), 0);
    VT_CHECK_EQ_INT(virDomainFree(a), 0);
}

static void test_info_and_cpu_time(virDomainPtr d)
{
    virDomainInfo i1, i2, i3;
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &i1), 0);
    VT_CHECK_EQ_INT(i1.state, VIR_DOMAIN_RUNNING);
    VT_CHECK_EQ_INT(i1.maxMem, 8388608);
    VT_CHECK_EQ_INT(i1.memory, 2097152);
    VT_CHECK_EQ_INT(i1.nrVirtCpu, 2);
    sleep_ms(30);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &i2), 0);
    VT_CHECK(i2.cpuTime >= i1.cpuTime + 20000000ull);  /* grows with wall time */
    VT_CHECK_EQ_INT(virDomainSuspend(d), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &i2), 0);
    VT_CHECK_EQ_INT(i2.state, VIR_DOMAIN_PAUSED);
    sleep_ms(20);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &i3), 0);
    VT_CHECK_EQ_INT(i3.cpuTime, i2.cpuTime);           /* frozen while paused */
    VT_CHECK_EQ_INT(virDomainResume(d), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
}

static void test_suspend_resume(virDomainPtr d)
{
    /* codes and words are libvirt 9.0's test driver's (python3-libvirt) */
    VT_CHECK_EQ_INT(virDomainResume(d), -1);           /* running, not paused */
    VT_EXPECT_ERROR(VIR_ERR_INTERNAL_ERROR, "internal error: domain 'test' not paused");
    VT_CHECK_EQ_INT(virDomainSuspend(d), 0);
    VT_CHECK_EQ_INT(virDomainSuspend(d), -1);          /* already paused */
    VT_EXPECT_ERROR(VIR_ERR_INTERNAL_ERROR, "internal error: domain 'test' not running");
    VT_CHECK_EQ_INT(virDomainResume(d), 0);
    VT_CHECK_EQ_INT(virDomainResume(d), -1);
    VT_EXPECT_ERROR(VIR_ERR_INTERNAL_ERROR, NULL);
}

static void test_resources(virDomainPtr d)
{
    virDomainInfo info;
    VT_CHECK_EQ_INT(virDomainSetMemory(d, 8388609), -1);   /* above the maximum (libvirt 9.0's words) */
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, "higher than max memory");
    VT_CHECK_EQ_INT(virDomainSetMemory(d, 100), -1);       /* below libvirt's 4096 KiB floor */
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, "100");
    VT_CHECK_EQ_INT(virDomainSetMemory(d, 1048576), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.memory, 1048576);
    VT_CHECK_EQ_INT(virDomainSetMaxMemory(d, 4194304), -1);  /* not on a running domain */
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_INVALID, "maximum memory on an active domain");
    VT_CHECK_EQ_INT(virDomainSetMaxMemory(d, 1000), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, "1000");
    VT_CHECK_EQ_INT(virDomainSetVcpus(d, 3), -1);          /* above the definition's 2 */
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, "3");
    VT_CHECK_EQ_INT(virDomainSetVcpus(d, 0), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    VT_CHECK_EQ_INT(virDomainSetVcpus(d, 1), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.nrVirtCpu, 1);
    VT_CHECK_EQ_INT(virDomainSetVcpus(d, 2), 0);           /* back up to the maximum */
    VT_CHECK_EQ_INT(virDomainGetMaxMemory(d), 8388608);
}

static void test_xml_desc(virDomainPtr d)
{
    char *xml = virDomainGetXMLDesc(d, 0);
    virt_domain_def *def = NULL;
    VT_CHECK(xml != NULL);
    if (!xml) return;
    VT_CHECK(strstr(xml, "type='test'") != NULL);
    VT_CHECK(strstr(xml, "id='1'") != NULL);
    VT_CHECK(strstr(xml, "<name>test</name>") != NULL);
    /* it is the definition: it parses back to the same values */
    VT_CHECK_EQ_INT(virt_domain_def_parse(xml, (size_t)-1, &def, NULL), 0);
    if (def) {
        VT_CHECK_EQ_STR(def->name, "test");
        VT_CHECK_EQ_INT(def->memory_kib, 8388608);
        VT_CHECK_EQ_INT(def->current_memory_kib, 1048576);  /* set by test_resources */
        VT_CHECK_EQ_INT(def->vcpus, 2);
        virt_domain_def_free(def);
    }
    free(xml);
}

/* reboot keeps it running (on_reboot restart); shutdown stops it
 * (on_poweroff destroy); it is persistent, so it is then defined. */
static void test_reboot_shutdown_start(virConnectPtr c, virDomainPtr d)
{
    virDomainInfo info;
    char *names[2] = {NULL, NULL};
    VT_CHECK_EQ_INT(virDomainReboot(d, 0), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_RUNNING);
    VT_CHECK_EQ_INT(virDomainGetID(d), 1);
    VT_CHECK_EQ_INT(virDomainShutdown(d), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_SHUTOFF);
    VT_CHECK_EQ_INT(info.cpuTime, 0);
    VT_CHECK_EQ_INT(virDomainGetID(d), (unsigned int)-1);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 0);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(c), 1);
    VT_CHECK_EQ_INT(virConnectListDefinedDomains(c, names, 2), 1);
    VT_CHECK_EQ_STR(names[0], "test");
    free(names[0]);
    VT_CHECK(virDomainLookupByID(c, 1) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_NO_DOMAIN, "Domain not found");
    /* everything that needs a running domain refuses, with libvirt 9.0's
     * codes and words (measured with python3-libvirt on test:///default) */
#define VT_NOT_ACTIVE "Requested operation is not valid: domain is not running"
    VT_CHECK_EQ_INT(virDomainDestroy(d), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_INVALID, VT_NOT_ACTIVE);
    VT_CHECK_EQ_INT(virDomainSuspend(d), -1);
    VT_EXPECT_ERROR(VIR_ERR_INTERNAL_ERROR, "internal error: domain 'test' not running");
    VT_CHECK_EQ_INT(virDomainResume(d), -1);
    VT_EXPECT_ERROR(VIR_ERR_INTERNAL_ERROR, "internal error: domain 'test' not paused");
    VT_CHECK_EQ_INT(virDomainShutdown(d), -1);
    VT_EXPECT_ERROR(VIR_ERR_INTERNAL_ERROR, "internal error: domain 'test' not running");
    VT_CHECK_EQ_INT(virDomainReboot(d, 0), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_INVALID, VT_NOT_ACTIVE);
    VT_CHECK_EQ_INT(virDomainSave(d, "/tmp/never-written"), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_INVALID, VT_NOT_ACTIVE);
    /* the maximum can change while it is off; a lower one lowers the current */
    VT_CHECK_EQ_INT(virDomainSetMaxMemory(d, 524288), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.maxMem, 524288);
    VT_CHECK_EQ_INT(info.memory, 524288);
    /* libvirt 9.0: virDomainSetMemory is a live change, refused while off;
     * the persistent definition changes with AFFECT_CONFIG */
    VT_CHECK_EQ_INT(virDomainSetMemory(d, 60000), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_INVALID, VT_NOT_ACTIVE);
    VT_CHECK_EQ_INT(virDomainSetMemoryFlags(d, 600000, VIR_DOMAIN_AFFECT_CONFIG), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, "higher than max memory");
    /* start it again: a new id */
    VT_CHECK_EQ_INT(virDomainCreate(d), 0);
    VT_CHECK_EQ_INT(virDomainGetID(d), 2);
    VT_CHECK_EQ_INT(virDomainCreate(d), -1);
    VT_EXPECT_ERROR(VIR_ERR_INTERNAL_ERROR, "internal error: Domain 'test' is already running");
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 1);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(c), 0);
}

static void test_save_restore(virConnectPtr c, virDomainPtr d)
{
    char path[512], cwd[512];
    virDomainInfo info;
    FILE *f;
    char head[32] = "";
    snprintf(path, sizeof path, "%s/test.save", vt_tmpdir);
    VT_CHECK_EQ_INT(virDomainSetMemory(d, 262144), 0);
    VT_CHECK_EQ_INT(virDomainSuspend(d), 0);
    VT_CHECK_EQ_INT(virDomainSave(d, path), 0);
    VT_CHECK_EQ_INT(virDomainGetID(d), (unsigned int)-1);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_SHUTOFF);
    f = fopen(path, "r");
    VT_CHECK(f != NULL);
    if (f) { VT_CHECK(fgets(head, sizeof head, f) != NULL); fclose(f); }
    VT_CHECK_EQ_STR(head, "virt-test-save 1\n");
    VT_CHECK_EQ_INT(virDomainRestore(c, path), 0);
    VT_CHECK_EQ_INT(virDomainGetID(d), 3);               /* the handle learns the new id */
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_RUNNING);     /* saved paused, restored running: libvirt's test driver */
    VT_CHECK_EQ_INT(info.memory, 262144);
    VT_CHECK_EQ_INT(info.maxMem, 524288);
    VT_CHECK_EQ_INT(virDomainRestore(c, path), -1);      /* it is running again */
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_INVALID, "test");
    VT_CHECK_EQ_INT(virDomainResume(d), -1);             /* not paused */
    /* a relative path is taken from the working directory */
    VT_CHECK(getcwd(cwd, sizeof cwd) != NULL);
    VT_CHECK_EQ_INT(chdir(vt_tmpdir), 0);
    VT_CHECK_EQ_INT(virDomainSave(d, "relative.save"), 0);
    VT_CHECK_EQ_INT(chdir("/"), 0);
    snprintf(path, sizeof path, "%s/relative.save", vt_tmpdir);
    VT_CHECK_EQ_INT(virDomainRestore(c, path), 0);
    VT_CHECK_EQ_INT(chdir(cwd), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_RUNNING);
    /* bad files */
    snprintf(path, sizeof path, "%s/missing.save", vt_tmpdir);
    VT_CHECK_EQ_INT(virDomainRestore(c, path), -1);
    VT_EXPECT_ERROR(VIR_ERR_SYSTEM_ERROR, "missing.save");
    VT_CHECK_EQ_INT(virDomainRestore(c, vt_write_file("garbage.save", "hello world\n")), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_FAILED, "garbage.save");
    VT_CHECK_EQ_INT(virDomainRestore(c, vt_write_file("short.save",
                    "virt-test-save 1\nstate running\ncputime 5\nmaxvcpus 1\nxml 5000\n<domain")), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_FAILED, "short.save");
    VT_CHECK_EQ_INT(virDomainRestore(c, vt_write_file("badxml.save",
                    "virt-test-save 1\nstate running\ncputime 5\nmaxvcpus 1\nxml 9\n<domain>\n")), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_FAILED, "badxml.save");
    VT_CHECK_EQ_INT(virDomainRestore(c, vt_write_file("negative.save",
                    "virt-test-save 1\nstate running\ncputime -5\nmaxvcpus 1\nxml 1\n<")), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_FAILED, "negative.save");
    VT_CHECK_EQ_INT(virDomainRestore(c, ""), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    VT_CHECK_EQ_INT(virDomainRestore(c, NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    VT_CHECK_EQ_INT(virDomainSave(d, "/nonexistent-dir/x.save"), -1);
    VT_EXPECT_ERROR(VIR_ERR_WRITE_FAILED, "/nonexistent-dir/x.save");
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 1);       /* the failed save left it running */
}

/* Transient domains: created running, gone when they stop. */
static void test_transient(virConnectPtr c)
{
    char *xml = vt_domain_xml("t1", "11111111-2222-3333-4444-555555555555", 131072, 65536, 2,
                              "destroy", "restart");
    char *same_name = vt_domain_xml("t1", "11111111-2222-3333-4444-000000000000", 131072, 65536, 1,
                                    "destroy", "restart");
    char *same_uuid = vt_domain_xml("t2", "11111111-2222-3333-4444-555555555555", 131072, 65536, 1,
                                    "destroy", "restart");
    virDomainPtr t, again;
    virDomainInfo info;
    t = virDomainCreateXML(c, xml, 0);
    VT_CHECK(t != NULL);
    if (!t) goto out;
    VT_CHECK_EQ_INT(virDomainGetID(t), 5);  /* ids 3 and 4 went to the restores */
    VT_CHECK_DOMAIN_INFO(t, &info, 131072, 65536, 2, "linux");
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_RUNNING);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 2);
    again = virDomainLookupByName(c, "t1");
    VT_CHECK(again == t);
    virDomainFree(again);
    VT_CHECK(virDomainCreateXML(c, xml, 0) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_INVALID, "t1");
    VT_CHECK(virDomainCreateXML(c, same_name, 0) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_FAILED, "t1");
    VT_CHECK(virDomainCreateXML(c, same_uuid, 0) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_FAILED, "11111111-2222-3333-4444-555555555555");
    VT_CHECK(virDomainDefineXML(c, same_name) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_FAILED, "t1");
    /* libvirt 9.0 "undefines" a transient domain too: it runs on, transient */
    VT_CHECK_EQ_INT(virDomainUndefine(t), 0);
    VT_CHECK_EQ_INT(virDomainIsPersistent(t), 0);
    VT_CHECK_EQ_INT(virDomainDestroy(t), 0);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 1);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(c), 0);
    VT_CHECK(virDomainLookupByName(c, "t1") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_NO_DOMAIN, "Domain not found");
    /* the handle outlives the domain; calls on it say it is gone */
    VT_CHECK_EQ_INT(virDomainGetInfo(t, &info), -1);
    VT_EXPECT_ERROR(VIR_ERR_NO_DOMAIN, "t1");
    VT_CHECK_EQ_INT(virDomainDestroy(t), -1);
    VT_EXPECT_ERROR(VIR_ERR_NO_DOMAIN, "11111111-2222-3333-4444-555555555555");
    VT_CHECK(virDomainGetXMLDesc(t, 0) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_NO_DOMAIN, NULL);
    VT_CHECK_EQ_STR(virDomainGetName(t), "t1");
    virDomainFree(t);
    /* shutdown of a transient domain (on_poweroff destroy) removes it too */
    t = virDomainCreateLinux(c, xml, 0);
    VT_CHECK(t != NULL);
    if (t) {
        VT_CHECK_EQ_INT(virDomainShutdown(t), 0);
        VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 1);
        virDomainFree(t);
    }
    /* bad XML */
    VT_CHECK(virDomainCreateXML(c, "<domain><name>x</name", 0) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_XML_ERROR, NULL);
    VT_CHECK(virDomainCreateXML(c, "<domain type='test'><name>nomem</name></domain>", 0) == NULL);
    VT_CHECK(vt_last_code() == VIR_ERR_XML_ERROR);
    virResetLastError();
    VT_CHECK(virDomainCreateXML(c, NULL, 0) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
out:
    free(xml);
    free(same_name);
    free(same_uuid);
}

/* Persistent domains: defined inactive, on_* actions, undefine. */
static void test_persistent(virConnectPtr c)
{
    char *xml = vt_domain_xml("p1", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", 65536, 65536, 1,
                              "restart", "destroy");
    char *names[4] = {NULL, NULL, NULL, NULL};
    virDomainPtr p;
    virDomainInfo info;
    int i, n;
    p = virDomainDefineXML(c, xml);
    VT_CHECK(p != NULL);
    if (!p) { free(xml); return; }
    VT_CHECK_EQ_INT(virDomainGetID(p), (unsigned int)-1);
    VT_CHECK_EQ_INT(virDomainGetInfo(p, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_SHUTOFF);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(c), 1);
    n = virConnectListDefinedDomains(c, names, 4);
    VT_CHECK_EQ_INT(n, 1);
    VT_CHECK_EQ_STR(names[0], "p1");
    for (i = 0; i < n; i++) free(names[i]);
    /* redefining the same name and UUID updates it */
    VT_CHECK(virDomainDefineXML(c, xml) == p);
    virDomainFree(p);
    VT_CHECK_EQ_INT(virDomainCreate(p), 0);
    VT_CHECK_EQ_INT(virDomainGetID(p), 7);
    /* on_poweroff restart: shutdown leaves it running, same id */
    VT_CHECK_EQ_INT(virDomainShutdown(p), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(p, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_RUNNING);
    VT_CHECK_EQ_INT(virDomainGetID(p), 7);
    /* on_reboot destroy: reboot stops it */
    VT_CHECK_EQ_INT(virDomainReboot(p, 0), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(p, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_SHUTOFF);
    /* setvcpus and setmem on an inactive domain change its definition */
    VT_CHECK_EQ_INT(virDomainSetVcpus(p, 2), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, "p1");
    VT_CHECK_EQ_INT(virDomainSetMemory(p, 32768), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_INVALID, VT_NOT_ACTIVE);
    VT_CHECK_EQ_INT(virDomainSetMemoryFlags(p, 32768, VIR_DOMAIN_AFFECT_CURRENT), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(p, &info), 0);
    VT_CHECK_EQ_INT(info.memory, 32768);
    /* created while defined and inactive: it starts */
    {
        virDomainPtr q = virDomainCreateXML(c, xml, 0);
        VT_CHECK(q == p);
        if (q) virDomainFree(q);
        VT_CHECK_EQ_INT(virDomainGetID(p), 8);
    }
    /* undefine while running: it runs on, transient; destroy removes it */
    VT_CHECK_EQ_INT(virDomainUndefine(p), 0);
    VT_CHECK_EQ_INT(virDomainIsPersistent(p), 0);
    VT_CHECK_EQ_INT(virDomainUndefine(p), 0);           /* transient: libvirt 9.0 accepts */
    VT_CHECK_EQ_INT(virDomainDestroy(p), 0);
    VT_CHECK(virDomainLookupByName(c, "p1") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_NO_DOMAIN, "Domain not found");
    virDomainFree(p);
    /* define and undefine while inactive */
    p = virDomainDefineXML(c, xml);
    VT_CHECK(p != NULL);
    if (p) {
        VT_CHECK_EQ_INT(virDomainUndefine(p), 0);
        VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(c), 0);
        VT_CHECK_EQ_INT(virDomainCreate(p), -1);
        VT_EXPECT_ERROR(VIR_ERR_NO_DOMAIN, "p1");
        virDomainFree(p);
    }
    VT_CHECK(virDomainDefineXML(c, "not xml at all") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_XML_ERROR, NULL);
    /* what the model cannot hold is refused, not dropped */
    VT_CHECK(virDomainDefineXML(c, "<domain type='test'><name>tune</name><memory>8192</memory>"
                                   "<memtune><hard_limit>1048576</hard_limit></memtune></domain>") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_CONFIG_UNSUPPORTED, "<memtune>");
    VT_CHECK(virDomainDefineXML(c, NULL) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    free(xml);
}

static void other_event_cb(virConnectPtr conn, virDomainPtr dom, int event, unsigned long long detail,
                           void *opaque)
{
    (void)conn; (void)dom; (void)event; (void)detail; (void)opaque;
}

static void test_events(void)
{
    virConnectPtr c = virConnectOpen("test:///default");
    virDomainPtr d;
    vt_event_log log;
    struct timespec t0, t1;
    long waited_ms;
    int i;
    memset(&log, 0, sizeof log);
    if (!c) { VT_CHECK(c != NULL); return; }
    d = virDomainLookupByName(c, "test");
    VT_CHECK_EQ_INT(virDomainSuspend(d), 0);             /* before registering: not queued */
    VT_CHECK_EQ_INT(virt_domain_event_register(c, vt_record_event, &log), 0);
    VT_CHECK_EQ_INT(virt_domain_event_poll(c, 0), 0);
    VT_CHECK_EQ_INT(virDomainResume(d), 0);
    VT_CHECK_EQ_INT(virDomainSetMemory(d, 1000000), 0);
    VT_CHECK_EQ_INT(virDomainDestroy(d), 0);
    VT_CHECK_EQ_INT(virDomainCreate(d), 0);
    VT_CHECK_EQ_INT(virt_domain_event_poll(c, 100), 4);
    VT_CHECK_EQ_INT(log.n, 4);
    VT_CHECK_EQ_INT(log.events[0], VIRT_DOMAIN_EVENT_RESUMED);
    VT_CHECK_EQ_INT(log.events[1], VIRT_DOMAIN_EVENT_MEMORY);
    VT_CHECK_EQ_INT(log.details[1], 1000000);
    VT_CHECK_EQ_INT(log.events[2], VIRT_DOMAIN_EVENT_STOPPED);
    VT_CHECK_EQ_INT(log.details[2], 1);                  /* VIR_DOMAIN_EVENT_STOPPED_DESTROYED */
    VT_CHECK_EQ_INT(log.events[3], VIRT_DOMAIN_EVENT_STARTED);
    VT_CHECK_EQ_STR(log.names[3], "test");
    /* nothing queued: a bounded wait (without threads, no wait at all) */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    VT_CHECK_EQ_INT(virt_domain_event_poll(c, 50), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    waited_ms = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
#ifndef VIRT_NO_THREADS
    VT_CHECK(waited_ms >= 40 && waited_ms < 2000);
#else
    VT_CHECK(waited_ms < 40);
#endif
    /* errors */
    VT_CHECK_EQ_INT(virt_domain_event_register(c, NULL, NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    for (i = 1; i < VIRT_MAX_EVENT_CALLBACKS; i++)
        VT_CHECK_EQ_INT(virt_domain_event_register(c, other_event_cb, NULL), 0);
    VT_CHECK_EQ_INT(virt_domain_event_register(c, other_event_cb, NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    VT_CHECK_EQ_INT(virt_domain_event_deregister(c, other_event_cb), 0);
    VT_CHECK_EQ_INT(virt_domain_event_deregister(c, other_event_cb), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    VT_CHECK_EQ_INT(virt_domain_event_deregister(c, vt_record_event), 0);
    VT_CHECK_EQ_INT(virDomainSuspend(d), 0);
    log.n = 0;
    VT_CHECK_EQ_INT(virt_domain_event_poll(c, 0), 0);    /* no callback: not even queued, as libvirt */
    VT_CHECK_EQ_INT(log.n, 0);
    VT_CHECK_EQ_INT(virt_domain_event_poll(NULL, 0), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    virDomainFree(d);
    virConnectClose(c);
}

static void test_readonly(void)
{
    virConnectPtr ro = virConnectOpenReadOnly("test:///default");
    virDomainPtr d;
    virDomainInfo info;
    char *xml;
    VT_CHECK(ro != NULL);
    if (!ro) return;
    d = virDomainLookupByName(ro, "test");
    VT_CHECK(d != NULL);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);      /* reading works */
    xml = virDomainGetXMLDesc(d, 0);
    VT_CHECK(xml != NULL);
    VT_CHECK(virDomainCreateXML(ro, xml, 0) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK(virDomainCreateLinux(ro, xml, 0) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK(virDomainDefineXML(ro, xml) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    free(xml);
    VT_CHECK_EQ_INT(virDomainUndefine(d), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK_EQ_INT(virDomainCreate(d), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK_EQ_INT(virDomainDestroy(d), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK_EQ_INT(virDomainSuspend(d), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK_EQ_INT(virDomainResume(d), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK_EQ_INT(virDomainShutdown(d), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK_EQ_INT(virDomainReboot(d, 0), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK_EQ_INT(virDomainSave(d, "/tmp/x"), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK_EQ_INT(virDomainRestore(ro, "/tmp/x"), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK_EQ_INT(virDomainSetMemory(d, 1048576), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK_EQ_INT(virDomainSetMaxMemory(d, 1048576), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK_EQ_INT(virDomainSetVcpus(d, 1), -1);
    VT_EXPECT_ERROR(VIR_ERR_OPERATION_DENIED, NULL);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);      /* nothing changed */
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_RUNNING);
    VT_CHECK_EQ_INT(info.memory, 2097152);
    virDomainFree(d);
    virConnectClose(ro);
}

static void test_invalid_handles(void)
{
    /* an object that is not a connection or domain (magic 0) */
    union { unsigned int magic; long long pad[64]; } fake;
    virConnectPtr bad_conn = (virConnectPtr)(void *)&fake;
    virDomainPtr bad_dom = (virDomainPtr)(void *)&fake;
    virDomainInfo info;
    virNodeInfo ni;
    unsigned long v;
    int ids[2];
    char *names[2];
    unsigned char uuid[16];
    char buf[64];
    memset(&fake, 0, sizeof fake);

    VT_CHECK_EQ_INT(virConnectClose(NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK_EQ_INT(virConnectClose(bad_conn), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK(virConnectGetType(NULL) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK_EQ_INT(virConnectGetVersion(bad_conn, &v), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK(virConnectGetURI(NULL) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK(virConnectGetHostname(NULL) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK_EQ_INT(virNodeGetInfo(NULL, &ni), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK_EQ_INT(virConnectListDomains(NULL, ids, 2), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK_EQ_INT(virConnectListDefinedDomains(NULL, names, 2), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK(virDomainCreateXML(NULL, "<domain/>", 0) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK(virDomainCreateLinux(NULL, "<domain/>", 0) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK(virDomainDefineXML(NULL, "<domain/>") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK(virDomainLookupByName(NULL, "test") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK(virDomainLookupByID(NULL, 1) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK(virDomainLookupByUUID(NULL, uuid) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK(virDomainLookupByUUIDString(NULL, TEST_UUID) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK_EQ_INT(virDomainRestore(NULL, "/tmp/x"), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK_EQ_INT(virt_domain_event_register(NULL, other_event_cb, NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK_EQ_INT(virt_domain_event_deregister(NULL, other_event_cb), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);

    VT_CHECK_EQ_INT(virDomainFree(NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainFree(bad_dom), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK(virDomainGetName(NULL) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainGetID(NULL), (unsigned int)-1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainGetUUID(NULL, uuid), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainGetUUIDString(NULL, buf), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK(virDomainGetConnect(NULL) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK(virDomainGetOSType(NULL) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainGetMaxMemory(NULL), 0);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK(virDomainGetXMLDesc(bad_dom, 0) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainGetInfo(NULL, &info), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainUndefine(NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainCreate(NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainDestroy(NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainSuspend(bad_dom), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainResume(NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainShutdown(NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainReboot(NULL, 0), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainSave(NULL, "/tmp/x"), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainSetMemory(NULL, 65536), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainSetMaxMemory(NULL, 65536), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    VT_CHECK_EQ_INT(virDomainSetVcpus(NULL, 1), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
}

/* The opens of test:///default in one process share its node, as
 * libvirt 9.0's test driver does (measured: a second connection sees a
 * domain the first one defined, and the state the first one set); the
 * last close drops it, and the next open starts from the default again. */
static void test_shared_default_node(void)
{
    virConnectPtr a = virConnectOpen("test:///default");
    virConnectPtr b = virConnectOpen("test:///default");
    virDomainPtr da, db, dn;
    virDomainInfo ia, ib;
    VT_CHECK(a && b && a != b);
    if (!a || !b) return;
    da = virDomainLookupByName(a, "test");
    db = virDomainLookupByName(b, "test");
    VT_CHECK(da != db);                                  /* handles are per connection */
    VT_CHECK_EQ_INT(virDomainGetID(db), 1);
    VT_CHECK_EQ_INT(virDomainSuspend(da), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(da, &ia), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(db, &ib), 0);
    VT_CHECK_EQ_INT(ia.state, VIR_DOMAIN_PAUSED);
    VT_CHECK_EQ_INT(ib.state, VIR_DOMAIN_PAUSED);        /* b sees a's change */
    dn = virDomainDefineXML(b, "<domain type='test'><name>from_b</name><memory>65536</memory>"
                               "<os><type>hvm</type></os></domain>");
    VT_CHECK(dn != NULL);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(a), 1);
    if (dn) virDomainFree(dn);
    dn = virDomainLookupByName(a, "from_b");
    VT_CHECK(dn != NULL);
    if (dn) virDomainFree(dn);
    VT_CHECK_EQ_INT(virDomainResume(db), 0);
    /* closing with a domain held: the connection lives until it is freed */
    VT_CHECK_EQ_INT(virConnectClose(a), 1);
    VT_CHECK_EQ_STR(virDomainGetName(da), "test");
    VT_CHECK_EQ_INT(virDomainGetInfo(da, &ia), 0);
    VT_CHECK_EQ_INT(ia.state, VIR_DOMAIN_RUNNING);
    VT_CHECK_EQ_INT(virDomainFree(da), 0);
    virDomainFree(db);
    VT_CHECK_EQ_INT(virConnectClose(b), 0);
    /* every connection closed: a new open gets the default node again */
    a = virConnectOpen("test:///default");
    VT_CHECK(a != NULL);
    if (a) {
        VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(a), 0);
        virConnectClose(a);
    }
}

static void test_uris(void)
{
    virConnectPtr c;
    const char *msg;
    /* no Xen here: NULL and "xen" fail clearly, naming the backends */
    c = virConnectOpen(NULL);
    if (c) {
        printf("note: a Xen node answered virConnectOpen(NULL); skipping the no-Xen checks\n");
        virConnectClose(c);
    } else {
        int code = vt_last_code();
        VT_CHECK(code == VIR_ERR_NO_CONNECT || code == VIR_ERR_NO_SUPPORT);
        msg = vt_last_message();
        VT_CHECK(strstr(msg, "xen") != NULL);
        virResetLastError();
        c = virConnectOpenReadOnly("xen");
        VT_CHECK(c == NULL);
        code = vt_last_code();
        VT_CHECK(code == VIR_ERR_NO_CONNECT || code == VIR_ERR_NO_SUPPORT);
        virResetLastError();
    }
#if defined(VIRT_NO_XEND) && defined(VIRT_NO_XS) && defined(VIRT_NO_HV)
    /* a build without the Xen backends says which are missing */
    VT_CHECK(virConnectOpen(NULL) == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_CONNECT);
    VT_CHECK(strstr(vt_last_message(), "VIRT_NO_HV") != NULL);
    VT_CHECK(strstr(vt_last_message(), "VIRT_NO_XS") != NULL);
    VT_EXPECT_ERROR(VIR_ERR_NO_CONNECT, "VIRT_NO_XEND");
    VT_CHECK(virConnectOpen("http://localhost:8000/") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_NO_CONNECT, "VIRT_NO_XEND");
    VT_CHECK_EQ_INT(virt_enabled_backends(), VIRT_BACKEND_TEST);
#endif
    VT_CHECK(virConnectOpen("frobnicate:///x") == NULL);
#ifdef VIRT_NO_REMOTE
    VT_EXPECT_ERROR(VIR_ERR_NO_SUPPORT, "frobnicate:///x");
#else
    /* as libvirt 9.0: a driver virt does not own goes to libvirtd's socket */
    VT_EXPECT_ERROR(VIR_ERR_SYSTEM_ERROR, "libvirt-sock");
#endif
    VT_CHECK(virConnectOpen("test://") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, "test://");
    VT_CHECK(virConnectOpen("test://somehost/default") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_NO_SUPPORT, "somehost");
    VT_CHECK(virConnectOpen("http://[::1/") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    VT_CHECK(virConnectOpen("http://host:99999/") == NULL);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, "99999");
    c = virConnectOpen("TEST:///default");              /* schemes are case-insensitive */
    VT_CHECK(c != NULL);
    if (c) virConnectClose(c);
}

/* Node files this test writes itself: errors and the cpus rule. */
static void test_node_files(void)
{
    char uri[600];
    virConnectPtr c;
    virNodeInfo ni;
    const char *p;

    p = vt_write_file("cpuonly.xml",
                      "<node>\n  <cpu><mhz>2000</mhz><model>virtcpu</model><nodes>1</nodes>"
                      "<sockets>2</sockets><cores>3</cores><threads>2</threads></cpu>\n"
                      "  <memory>1048576</memory>\n</node>\n");
    snprintf(uri, sizeof uri, "test://%s", p);
    c = virConnectOpen(uri);
    VT_CHECK(c != NULL);
    if (c) {
        VT_CHECK_EQ_INT(virNodeGetInfo(c, &ni), 0);
        VT_CHECK_EQ_STR(ni.model, "virtcpu");
        VT_CHECK_EQ_INT(ni.cpus, 12);                    /* 1*2*3*2, no <active> */
        VT_CHECK_EQ_INT(ni.mhz, 2000);
        VT_CHECK_EQ_INT(ni.memory, 1048576);
        VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 0);
        virConnectClose(c);
    }
    /* an inline domain and <active> above the topology (no lowering) */
    p = vt_write_file("inline.xml",
                      "<node><cpu><active>64</active></cpu>"
                      "<domain type='test'><name>in1</name><memory>65536</memory>"
                      "<os><type>linux</type><kernel>/k</kernel></os></domain></node>");
    snprintf(uri, sizeof uri, "test://%s", p);
    c = virConnectOpen(uri);
    VT_CHECK(c != NULL);
    if (c) {
        virDomainPtr d = virDomainLookupByID(c, 1);
        VT_CHECK(d != NULL);
        VT_CHECK_EQ_STR(virDomainGetName(d), "in1");
        VT_CHECK_EQ_INT(virDomainGetMaxMemory(d), 65536);
        VT_CHECK_EQ_INT(virNodeGetInfo(c, &ni), 0);
        VT_CHECK_EQ_INT(ni.cpus, 16);
        if (d) virDomainFree(d);
        virConnectClose(c);
    }
    snprintf(uri, sizeof uri, "test://%s/absent.xml", vt_tmpdir);
    VT_CHECK(virConnectOpen(uri) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_OPEN_FAILED, "absent.xml");
    VT_CHECK(virGetLastError() == NULL);
    p = vt_write_file("broken.xml", "<node>\n<cpu>\n</node>\n");
    snprintf(uri, sizeof uri, "test://%s", p);
    VT_CHECK(virConnectOpen(uri) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_XML_ERROR, "broken.xml");
    p = vt_write_file("missingdom.xml", "<node><domain file='nodomain.xml'/></node>");
    snprintf(uri, sizeof uri, "test://%s", p);
    VT_CHECK(virConnectOpen(uri) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_OPEN_FAILED, "nodomain.xml");
    p = vt_write_file("badnum.xml", "<node><cpu><mhz>12x</mhz></cpu></node>");
    snprintf(uri, sizeof uri, "test://%s", p);
    VT_CHECK(virConnectOpen(uri) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_XML_ERROR, "12x");
    p = vt_write_file("zero.xml", "<node><cpu><sockets>0</sockets></cpu></node>");
    snprintf(uri, sizeof uri, "test://%s", p);
    VT_CHECK(virConnectOpen(uri) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_XML_ERROR, "sockets");
    p = vt_write_file("root.xml", "<domain/>");
    snprintf(uri, sizeof uri, "test://%s", p);
    VT_CHECK(virConnectOpen(uri) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_XML_ERROR, "<domain>");
    p = vt_write_file("dup.xml",
                      "<node><domain type='test'><name>a</name><memory>65536</memory><os><type>linux</type>"
                      "<kernel>/k</kernel></os></domain><domain type='test'><name>a</name><memory>65536</memory>"
                      "<os><type>linux</type><kernel>/k</kernel></os></domain></node>");
    snprintf(uri, sizeof uri, "test://%s", p);
    VT_CHECK(virConnectOpen(uri) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_DOM_EXIST, "'a'");
    p = vt_write_file("badmodel.xml",
                      "<node><cpu><model>0123456789012345678901234567890123456789</model></cpu></node>");
    snprintf(uri, sizeof uri, "test://%s", p);
    VT_CHECK(virConnectOpen(uri) == NULL);
    VT_EXPECT_ERROR(VIR_ERR_XML_ERROR, "model");
}

int main(void)
{
    virConnectPtr c;
    virDomainPtr d;
    vt_tmpdir_make();
    virSetErrorFunc(NULL, vt_quiet_handler);
    test_versions();
    test_connection();
    c = virConnectOpen("test:///default");
    VT_CHECK(c != NULL);
    if (!c) return vt_summary("core_api");
    test_lists(c);
    test_lookups(c);
    d = virDomainLookupByName(c, "test");
    test_info_and_cpu_time(d);
    test_suspend_resume(d);
    test_resources(d);
    test_xml_desc(d);
    test_reboot_shutdown_start(c, d);
    test_save_restore(c, d);
    test_transient(c);
    test_persistent(c);
    virDomainFree(d);
    VT_CHECK_EQ_INT(virConnectClose(c), 0);
    test_events();
    test_readonly();
    test_invalid_handles();
    test_shared_default_node();
    test_uris();
    test_node_files();
    VT_CHECK(vt_errors_seen > 50);                       /* the global handler saw them */
    vt_tmpdir_remove();
    return vt_summary("core_api");
}
