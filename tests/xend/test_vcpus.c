/* tests/xend/test_vcpus.c - the xend backend's issue-11 calls against
 * tests/xend/fake_xend.py (each xend profile): vCPU info and pin maps from
 * GET ?op=vcpuinfo, pinning through op=pincpu (3.0.2 ignores the map over
 * HTTP, as xend's xc binding did), vCPU counts from the record's vcpus and
 * vcpu_avail, autostart through on_xend_start and op=new (3.0.4 only). */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"
#include "../virt_test_api.h"
#include "fake_spawn.h"

static const char *g_python, *g_script;

static void check_vcpus(virConnectPtr conn, const char *version)
{
    virDomainPtr d = virDomainLookupByName(conn, "guest1"), d0 = virDomainLookupByID(conn, 0);
    virVcpuInfo info[4];
    unsigned char maps[4], map;
    VT_CHECK(d != NULL && d0 != NULL);
    if (!d || !d0) { if (d) virDomainFree(d); if (d0) virDomainFree(d0); return; }
    memset(maps, 0xee, sizeof maps);
    VT_CHECK_EQ_INT(virDomainGetVcpus(d, info, 4, maps, 1), 1);
    VT_CHECK_EQ_INT(info[0].number, 0);
    VT_CHECK_EQ_INT(info[0].state, VIR_VCPU_BLOCKED);   /* an idle guest */
    VT_CHECK_EQ_INT(maps[0], 0x0f);                    /* the fake node's 4 CPUs */
    VT_CHECK_EQ_INT(maps[1], 0xee);
    VT_CHECK_EQ_INT(virDomainGetVcpus(d0, info, 4, NULL, 0), 2);
    VT_CHECK_EQ_INT(info[1].number, 1);
    VT_CHECK_EQ_INT(info[1].state, VIR_VCPU_RUNNING);
    VT_CHECK(info[0].cpuTime > 0);
    /* pin guest1's vCPU 0 to CPUs 0 and 2 */
    map = 0x05;
    VT_CHECK_EQ_INT(virDomainPinVcpu(d, 0, &map, 1), 0);
    memset(maps, 0, sizeof maps);
    VT_CHECK_EQ_INT(virDomainGetVcpuPinInfo(d, 4, maps, 1, 0), 1);
    /* xend 3.0.2 handed the map to xc as a string, which it ignores */
    VT_CHECK_EQ_INT(maps[0], strcmp(version, "3.0.2") == 0 ? 0x0f : 0x05);
    VT_CHECK_EQ_INT(virDomainPinVcpu(d, 3, &map, 1), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_POST_FAILED);
    VT_CHECK(strstr(vt_last_message(), "Invalid VCPU 3") != NULL);
    VT_CHECK_EQ_INT(virDomainPinVcpuFlags(d, 0, &map, 1, VIR_DOMAIN_AFFECT_CONFIG), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
    /* counts */
    VT_CHECK_EQ_INT(virDomainGetMaxVcpus(d0), 2);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, 0), 1);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d0, VIR_DOMAIN_AFFECT_LIVE), 2);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_VCPU_GUEST), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    /* the state comes from the record (reason unknown) */
    {
        int state = -1, reason = -1;
        VT_CHECK_EQ_INT(virDomainGetState(d, &state, &reason, 0), 0);
        VT_CHECK_EQ_INT(state, VIR_DOMAIN_BLOCKED);
        VT_CHECK_EQ_INT(reason, 0);
    }
    virDomainFree(d);
    virDomainFree(d0);
}

static void check_autostart(virConnectPtr conn, const char *version)
{
    static const char xml[] =
        "<domain type='xen'><name>auto</name><memory>262144</memory><vcpu>2</vcpu>"
        "<os><type>linux</type><kernel>/boot/vmlinuz</kernel></os>"
        "<devices><disk type='file' device='disk'><source file='/var/xen/auto.img'/><target dev='xvda'/></disk>"
        "</devices></domain>";
    virDomainPtr d;
    int a = -1;
    if (strcmp(version, "3.0.4") != 0) {
        d = virDomainLookupByName(conn, "guest1");
        if (!d) { VT_CHECK(d != NULL); return; }
        VT_CHECK_EQ_INT(virDomainGetAutostart(d, &a), -1);   /* no on_xend_start before 3.0.4 */
        VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
        virDomainFree(d);
        return;
    }
    d = virDomainDefineXML(conn, xml);
    VT_CHECK(d != NULL);
    if (!d) return;
    VT_CHECK_EQ_INT(virDomainGetAutostart(d, &a), 0);
    VT_CHECK_EQ_INT(a, 0);
    VT_CHECK_EQ_INT(virDomainSetAutostart(d, 1), 0);
    VT_CHECK_EQ_INT(virDomainGetAutostart(d, &a), 0);
    VT_CHECK_EQ_INT(a, 1);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_VCPU_MAXIMUM | VIR_DOMAIN_AFFECT_CONFIG), 2);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(d, VIR_DOMAIN_AFFECT_LIVE), -1);   /* not running */
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_INVALID);
    VT_CHECK_EQ_INT(virDomainSetAutostart(d, 0), 0);
    VT_CHECK_EQ_INT(virDomainGetAutostart(d, &a), 0);
    VT_CHECK_EQ_INT(a, 0);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(conn), 1);   /* redefined, not duplicated */
    VT_CHECK_EQ_INT(virDomainUndefine(d), 0);
    virDomainFree(d);
    /* a domain xend does not manage cannot be redefined under its name */
    d = virDomainLookupByName(conn, "guest1");
    if (d) {
        VT_CHECK_EQ_INT(virDomainSetAutostart(d, 1), -1);
        VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_XEN_CALL);
        VT_CHECK(strstr(vt_last_message(), "already in use") != NULL);
        virDomainFree(d);
    }
}

/* virDomainCoreDump through op=dump (xend 3.0.4; earlier xend has no such op) */
static void check_core_dump(virConnectPtr conn, const fake_xend *f, const char *version)
{
    char path[400], buf[64] = "";
    virDomainPtr d = virDomainLookupByName(conn, "guest2");
    FILE *fp;
    VT_CHECK(d != NULL);
    if (!d) return;
    snprintf(path, sizeof path, "%s/guest2.core", f->dir);
    if (strcmp(version, "3.0.4") != 0) {
        VT_CHECK_EQ_INT(virDomainCoreDump(d, path, 0), -1);
        VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);     /* xend's 501 */
        VT_CHECK(strstr(vt_last_message(), "dump") != NULL);
        virDomainFree(d);
        return;
    }
    VT_CHECK_EQ_INT(virDomainCoreDump(d, path, VIR_DUMP_LIVE), 0);
    if ((fp = fopen(path, "rb")) != NULL) {
        size_t n = fread(buf, 1, sizeof buf - 1, fp);
        buf[n] = '\0';
        fclose(fp);
    }
    VT_CHECK(strncmp(buf, "\177ELF", 4) == 0 && strstr(buf, "live=1") != NULL);
    VT_CHECK_EQ_INT(virDomainIsActive(d), 1);
    VT_CHECK_EQ_INT(virDomainCoreDumpWithFormat(d, path, VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_UNSUPPORTED);
    VT_CHECK_EQ_INT(virDomainCoreDump(d, path, VIR_DUMP_CRASH), 0);
    VT_CHECK_EQ_INT((int)virDomainGetID(d), -1);               /* xend destroyed it */
    VT_CHECK(virDomainLookupByName(conn, "guest2") == NULL);
    VT_CHECK_EQ_INT(virDomainCoreDump(d, path, 0), -1);
    unlink(path);
    virDomainFree(d);
}

int main(int argc, char **argv)
{
    fake_xend f;
    const char *extra[] = { "--version", NULL, "--guests", "2", NULL };
    virConnectPtr conn, ro;
    if (argc < 4) VT_SKIP("usage: test_xend_vcpus PYTHON FAKE VERSION");
    g_python = argv[1];
    g_script = argv[2];
    extra[1] = argv[3];
    virSetErrorFunc(NULL, vt_quiet_errors);
    setenv("XENSTORED_PATH", "/nonexistent/xenstored-socket", 1);   /* only xend answers */
    if (fake_start(&f, g_python, g_script, NULL, extra) < 0) VT_SKIP("cannot run fake_xend.py");
    conn = virConnectOpen(f.uri);
    VT_CHECK(conn != NULL);
    if (conn) {
        check_vcpus(conn, argv[3]);
        check_autostart(conn, argv[3]);
        check_core_dump(conn, &f, argv[3]);
        virConnectClose(conn);
    }
    ro = virConnectOpenReadOnly(f.uri);
    if (ro) {
        virDomainPtr d = virDomainLookupByName(ro, "guest1");
        unsigned char map = 1;
        if (d) {
            VT_CHECK_EQ_INT(virDomainPinVcpu(d, 0, &map, 1), -1);
            VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_DENIED);
            VT_CHECK_EQ_INT(virDomainSetAutostart(d, 1), -1);
            VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_DENIED);
            virDomainFree(d);
        }
        virConnectClose(ro);
    }
    fake_stop(&f);
    return vt_summary("test_xend_vcpus");
}
