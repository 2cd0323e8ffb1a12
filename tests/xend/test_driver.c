/* tests/xend/test_driver.c - the xend driver through the public libvirt API,
 * against tests/xend/fake_xend.py.
 *
 *   test_xend_driver PYTHON FAKE api VERSION unix|tcp|tcp6   every API call
 *   test_xend_driver PYTHON FAKE faults                      transport faults
 *   test_xend_driver PYTHON FAKE scale                       requests of list + info, 100 domains
 * Exits 77 (skipped) when python3 cannot run the fake. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "fake_spawn.h"
#include "../virt_test.h"
#include "../virt_test_api.h"

static const char *g_python, *g_script;

static int last_origin(void)
{
    virErrorPtr e = virGetLastError();
    return e ? e->domain : -1;
}
static int last_says(const char *text)
{
    virErrorPtr e = virGetLastError();
    int ok = e && e->message && strstr(e->message, text);
    if (!ok) fprintf(stderr, "  last error: %s (wanted '%s')\n", e && e->message ? e->message : "(none)", text);
    return ok;
}

static void fake_endpoint(const fake_xend *f, virt_http_endpoint *ep)
{
    virt_status st;
    if (f->port) virt_http_endpoint_tcp(ep, strchr(f->uri, '[') ? "::1" : "127.0.0.1", f->port, &st);
    else virt_http_endpoint_unix(ep, f->sock, &st);
}

/* The fake's request counter and the name of the last config it parsed. */
static long fake_requests(const fake_xend *f, char *last_name, size_t cap)
{
    virt_http_endpoint ep;
    virt_sxp_doc *doc = NULL;
    virt_status st;
    long long n = -1;
    fake_endpoint(f, &ep);
    if (virt_xend_get(&ep, "/fake/stats", &doc, &st) != VIRT_OK) { fprintf(stderr, "stats: %s\n", st.message); return -1; }
    virt_sxp_value_ll(doc->root, "stats/requests", &n);
    if (last_name) snprintf(last_name, cap, "%s", virt_sxp_value(doc->root, "stats/last_config_name") ? virt_sxp_value(doc->root, "stats/last_config_name") : "");
    virt_sxp_doc_free(doc);
    return (long)n;
}

static const char *pv_xml(char *buf, size_t cap, const char *name, const char *kernel)
{
    char *esc = virt_xml_escape(name);
    snprintf(buf, cap,
             "<domain type='xen'><name>%s</name><memory>262144</memory><currentMemory>131072</currentMemory>"
             "<vcpu>1</vcpu><os><type>linux</type><kernel>%s</kernel><cmdline>ro quiet</cmdline></os>"
             "<on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>restart</on_crash>"
             "<devices><disk type='file' device='disk'><source file='/var/xen/%s.img'/><target dev='xvda'/></disk>"
             "<interface type='bridge'><source bridge='xenbr0'/><mac address='00:16:3e:00:00:42'/></interface>"
             "</devices></domain>", esc, kernel, "g");
    free(esc);
    return buf;
}

static void check_node(virConnectPtr conn, const char *version)
{
    virNodeInfo ni;
    unsigned long ver = 0;
    char *host;
    VT_CHECK_EQ_STR(virConnectGetType(conn), "Xen");
    VT_CHECK_EQ_INT(virConnectGetVersion(conn, &ver), 0);
    VT_CHECK_EQ_INT(ver, 3000000 + (version[4] - '0') * 10 + 1);      /* xen_extra ".N-1" */
    VT_CHECK_NODE_INFO(conn, &ni, "x86_64", 4096UL * 1024, 4, 2394, 1, 1, 2, 2);
    host = virConnectGetHostname(conn);
    VT_CHECK_EQ_STR(host, "fakexen");
    free(host);
}

static void check_lookups(virConnectPtr conn)
{
    int ids[16], n, i, seen = 0;
    virDomainPtr a, b, c;
    unsigned char uuid[VIR_UUID_BUFLEN];
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), 3);
    n = virConnectListDomains(conn, ids, 16);
    VT_CHECK_EQ_INT(n, 3);
    for (i = 0; i < n; i++) seen |= 1 << ids[i];
    VT_CHECK_EQ_INT(seen, 7);                                  /* 0, 1, 2 */
    VT_CHECK_EQ_INT(virConnectListDomains(conn, ids, 2), 2);   /* maxids respected */
    a = virDomainLookupByName(conn, "guest1");
    VT_CHECK(a != NULL);
    if (!a) return;
    VT_CHECK_EQ_INT(virDomainGetID(a), 1);
    b = virDomainLookupByID(conn, 1);
    VT_CHECK(b == a);                                          /* one object per domain */
    VT_CHECK_EQ_INT(virDomainGetUUID(a, uuid), 0);
    c = virDomainLookupByUUID(conn, uuid);
    VT_CHECK(c == a);
    VT_CHECK_EQ_INT(virDomainGetUUIDString(a, uuidstr), 0);
    virDomainFree(c);
    c = virDomainLookupByUUIDString(conn, uuidstr);
    VT_CHECK(c == a);
    virDomainFree(c);
    virDomainFree(b);
    b = virDomainLookupByID(conn, 0);
    VT_CHECK(b && strcmp(virDomainGetName(b), "Domain-0") == 0);
    if (b) virDomainFree(b);
    virDomainFree(a);
    /* misses: NO_DOMAIN from xend's 404 */
    VT_CHECK(virDomainLookupByName(conn, "nosuch") == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);
    VT_CHECK_EQ_INT(last_origin(), VIR_FROM_XEND);
    VT_CHECK(last_says("No such domain nosuch"));
    VT_CHECK(virDomainLookupByName(conn, "2") == NULL);       /* xend would match domid 2 */
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);
    VT_CHECK(virDomainLookupByID(conn, 77) == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);
    memset(uuid, 0x5a, sizeof uuid);
    VT_CHECK(virDomainLookupByUUID(conn, uuid) == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);
}

static void check_info_and_memory(virConnectPtr conn, const char *version)
{
    virDomainPtr d = virDomainLookupByName(conn, "guest1");
    virDomainInfo info;
    char *s;
    if (!d) { VT_CHECK(0); return; }
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_BLOCKED);
    VT_CHECK_EQ_INT(info.memory, 128UL * 1024);
    VT_CHECK_EQ_INT(info.maxMem, 256UL * 1024);
    VT_CHECK_EQ_INT(info.nrVirtCpu, 1);
    VT_CHECK(info.cpuTime > 0);
    s = virDomainGetOSType(d);
    VT_CHECK_EQ_STR(s, "linux");
    free(s);
    VT_CHECK_EQ_INT(virDomainGetMaxMemory(d), 256UL * 1024);
    VT_CHECK_EQ_INT(virDomainSetMemory(d, 200UL * 1024), 0);
    VT_CHECK_EQ_INT(virDomainSetMaxMemory(d, 300UL * 1024), 0);
    VT_CHECK_EQ_INT(virDomainSetVcpus(d, 2), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.memory, 200UL * 1024);
    VT_CHECK_EQ_INT(info.maxMem, 300UL * 1024);
    VT_CHECK_EQ_INT(info.nrVirtCpu, 2);
    /* xend >= 3.0.3 refuses to shut Domain-0 down (HTTP 500 + xend.err); 3.0.2 lets it */
    {
        virDomainPtr d0 = virDomainLookupByID(conn, 0);
        int rc = d0 ? virDomainShutdown(d0) : -2;
        if (strcmp(version, "3.0.2") == 0) VT_CHECK_EQ_INT(rc, 0);
        else {
            VT_CHECK_EQ_INT(rc, -1);
            VT_CHECK(last_says(strcmp(version, "3.0.3") == 0 ? "HTTP 500: Can't specify Domain-0"
                                                            : "HTTP 500: Domain 0 cannot be shutdown"));
            VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_POST_FAILED);
            VT_CHECK_EQ_INT(last_origin(), VIR_FROM_XEND);
        }
        if (d0) virDomainFree(d0);
    }
    VT_CHECK_EQ_INT(virDomainSuspend(d), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_PAUSED);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), 3);          /* 3.0.4 hides paused ones from ?detail=1 */
    VT_CHECK_EQ_INT(virDomainResume(d), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_BLOCKED);
    s = virDomainGetXMLDesc(d, 0);
    VT_CHECK(s && strstr(s, "<name>guest1</name>") && strstr(s, "<kernel>/boot/vmlinuz-xenU</kernel>") &&
             strstr(s, "<source file='/var/xen/guest1.img'/>") && strstr(s, "<memory>307200</memory>"));
    free(s);
    virDomainFree(d);
}

static void check_lifecycle(virConnectPtr conn, fake_xend *f)
{
    char xml[2048], path[400], last[128];
    virDomainPtr d, d2, dom0;
    virDomainInfo info;
    int before;
    d = virDomainCreateLinux(conn, pv_xml(xml, sizeof xml, "newguest", "/boot/vmlinuz"), 0);
    VT_CHECK(d != NULL);
    if (!d) { fprintf(stderr, "create: %s\n", virGetLastError() ? virGetLastError()->message : "?"); return; }
    VT_CHECK(virDomainGetID(d) > 2);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_BLOCKED);              /* unpaused after create */
    VT_CHECK_EQ_INT(info.memory, 128UL * 1024);
    VT_CHECK_EQ_INT(info.maxMem, 256UL * 1024);
    /* xend's refusals come back with its message */
    VT_CHECK(virDomainCreateXML(conn, xml, 0) == NULL);
    VT_CHECK(last_says("already in use"));
    VT_CHECK_EQ_INT(last_origin(), VIR_FROM_XEND);
    VT_CHECK(virDomainCreateXML(conn, pv_xml(xml, sizeof xml, "other", "/missing/vmlinuz"), 0) == NULL);
    VT_CHECK(last_says("Kernel image does not exist: /missing/vmlinuz"));
    /* names that would break SXP reach xend as one value */
    VT_CHECK(virDomainCreateXML(conn, pv_xml(xml, sizeof xml, "a) (b", "/boot/vmlinuz"), 0) == NULL);
    VT_CHECK(last_says("invalid vm name"));
    fake_requests(f, last, sizeof last);
    VT_CHECK_EQ_STR(last, "a) (b");
    VT_CHECK(virDomainCreateXML(conn, pv_xml(xml, sizeof xml, "it's", "/boot/vmlinuz"), 0) == NULL);
    fake_requests(f, last, sizeof last);
    VT_CHECK_EQ_STR(last, "it's");
    VT_CHECK(virDomainCreateXML(conn, "<domain type='xen'><name>x</name>", 0) == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_XML_ERROR);
    /* what xend 3 cannot carry is refused before xend sees it, never dropped */
    VT_CHECK(virDomainCreateXML(conn, "<domain type='xen'><name>ch</name><memory>131072</memory>"
                                      "<os><type>linux</type><kernel>/boot/vmlinuz</kernel></os><devices>"
                                      "<channel type='pty'><target type='xen' name='org.x'/></channel>"
                                      "</devices></domain>", 0) == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_CONFIG_UNSUPPORTED);
    VT_CHECK(last_says("<channel>"));
    /* xend reads at most 10000 bytes of form (http.py max_content_length): 413 */
    {
        char *big = (char *)malloc(16000), *kernel = (char *)malloc(12000);
        memset(kernel, 'k', 11999);
        kernel[0] = '/';
        kernel[11999] = '\0';
        VT_CHECK(virDomainCreateXML(conn, pv_xml(big, 16000, "bigguest", kernel), 0) == NULL);
        VT_CHECK(last_says("HTTP 413"));
        free(big);
        free(kernel);
    }
    /* save / restore through a file */
    before = virConnectNumOfDomains(conn);
    snprintf(path, sizeof path, "%s/newguest.save", f->dir);
    VT_CHECK_EQ_INT(virDomainSave(d, path), 0);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), before - 1);
    VT_CHECK(virDomainLookupByName(conn, "newguest") == NULL);
    VT_CHECK_EQ_INT(virDomainRestore(conn, path), 0);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), before);
    d2 = virDomainLookupByName(conn, "newguest");
    VT_CHECK(d2 == d);
    if (d2) virDomainFree(d2);
    snprintf(path, sizeof path, "%s/no-such.save", f->dir);
    VT_CHECK_EQ_INT(virDomainRestore(conn, path), -1);
    VT_CHECK(last_says("Restore failed"));
    /* shutdown removes it (on_poweroff destroy); reboot keeps it */
    VT_CHECK_EQ_INT(virDomainShutdown(d), 0);
    VT_CHECK(virDomainLookupByName(conn, "newguest") == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);
    virDomainFree(d);
    d = virDomainLookupByName(conn, "guest2");
    VT_CHECK(d != NULL);
    if (d) {
        VT_CHECK_EQ_INT(virDomainReboot(d, 0), 0);
        VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
        VT_CHECK_EQ_INT(virDomainDestroy(d), 0);
        VT_CHECK_EQ_INT((int)virDomainGetID(d), -1);
        VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), -1);
        VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);
        virDomainFree(d);
    }
    dom0 = virDomainLookupByID(conn, 0);
    if (dom0) {
        VT_CHECK_EQ_INT(virDomainDestroy(dom0), -1);
        VT_CHECK(last_says("Cannot destroy privileged domain 0"));
        virDomainFree(dom0);
    }
}

static void check_managed(virConnectPtr conn, const char *version)
{
    char xml[2048], *names[4];
    virDomainPtr d;
    int n;
    if (strcmp(version, "3.0.4") != 0) {
        VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(conn), 0);
        VT_CHECK(virDomainDefineXML(conn, pv_xml(xml, sizeof xml, "managed", "/boot/vmlinuz")) == NULL);
        VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
        return;
    }
    d = virDomainDefineXML(conn, pv_xml(xml, sizeof xml, "managed", "/boot/vmlinuz"));
    VT_CHECK(d != NULL);
    if (!d) return;
    VT_CHECK_EQ_INT((int)virDomainGetID(d), -1);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(conn), 1);
    n = virConnectListDefinedDomains(conn, names, 4);
    VT_CHECK_EQ_INT(n, 1);
    if (n == 1) { VT_CHECK_EQ_STR(names[0], "managed"); free(names[0]); }
    VT_CHECK_EQ_INT(virDomainCreate(d), 0);
    VT_CHECK((int)virDomainGetID(d) > 0);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(conn), 0);
    VT_CHECK_EQ_INT(virDomainUndefine(d), -1);                 /* xend: not halted */
    VT_CHECK_EQ_INT(virDomainDestroy(d), 0);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(conn), 1);
    VT_CHECK_EQ_INT(virDomainUndefine(d), 0);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(conn), 0);
    virDomainFree(d);
}

static int run_api(const char *version, const char *transport)
{
    fake_xend f;
    const char *extra[] = { "--version", version, "--guests", "2", NULL };
    virConnectPtr conn, ro;
    virDomainPtr d;
    char uri[700];
    if (fake_start(&f, g_python, g_script, strcmp(transport, "unix") == 0 ? NULL
                                            : strcmp(transport, "tcp6") == 0 ? "::1" : "127.0.0.1", extra) < 0)
        VT_SKIP("cannot run fake_xend.py (python3, or ::1 for tcp6)");
    conn = virConnectOpen(f.uri);
    VT_CHECK(conn != NULL);
    if (!conn) { fprintf(stderr, "open %s: %s\n", f.uri, vt_last_code() ? virGetLastError()->message : "?"); fake_stop(&f); return vt_summary("test_xend_driver"); }
    check_node(conn, version);
    check_lookups(conn);
    check_info_and_memory(conn, version);
    check_lifecycle(conn, &f);
    check_managed(conn, version);
    VT_CHECK_EQ_INT(virConnectClose(conn), 0);
    /* read-only connections refuse changes before asking xend */
    ro = virConnectOpenReadOnly(f.uri);
    VT_CHECK(ro != NULL);
    if (ro) {
        d = virDomainLookupByName(ro, "guest1");
        VT_CHECK(d != NULL);
        if (d) {
            VT_CHECK_EQ_INT(virDomainSuspend(d), -1);
            VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_DENIED);
            virDomainFree(d);
        }
        virConnectClose(ro);
    }
    /* the xen:///?socket= form */
    if (!f.port) {
        snprintf(uri, sizeof uri, "xen:///?socket=%s&timeout_ms=5000", f.sock);
        conn = virConnectOpen(uri);
        VT_CHECK(conn != NULL);
        if (conn) {
            VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), 2);     /* guest1 and Domain-0 are left */
            virConnectClose(conn);
        }
    }
    fake_stop(&f);
    return vt_summary("test_xend_driver");
}

/* One fault mode of the fake against one API call; every case must fail
 * fast with a clear error (never hang: the ctest TIMEOUT would catch it). */
static void fault_case(const char *mode, const char *fault_path, int expect_code, const char *expect_text)
{
    fake_xend f;
    const char *extra[] = { "--guests", "1", "--fault", mode, "--fault-path", fault_path, "--delay", "3", NULL };
    char uri[700];
    virConnectPtr conn;
    virDomainPtr d;
    time_t t0 = time(NULL);
    if (fake_start(&f, g_python, g_script, NULL, extra) < 0) VT_SKIP("cannot run fake_xend.py");
    snprintf(uri, sizeof uri, "xen:///?socket=%s&timeout_ms=1000", f.sock);
    conn = virConnectOpen(uri);
    if (strcmp(fault_path, "/xend/node") == 0) {
        VT_CHECK(conn == NULL);                               /* the open probe itself fails */
        VT_CHECK_EQ_INT(vt_last_code(), expect_code);
        VT_CHECK(last_says(expect_text));
        if (conn) virConnectClose(conn);
    } else {
        VT_CHECK(conn != NULL);
        if (conn) {
            d = virDomainLookupByName(conn, "guest1");
            VT_CHECK(d == NULL);
            VT_CHECK_EQ_INT(vt_last_code(), expect_code);
            VT_CHECK_EQ_INT(last_origin(), VIR_FROM_XEND);
            VT_CHECK(last_says(expect_text));
            if (d) virDomainFree(d);
            VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), -1);
            virConnectClose(conn);
        }
    }
    VT_CHECK(time(NULL) - t0 < 20);
    fake_stop(&f);
}

/* op=create leaves the domain paused; when the unpause fails the driver
 * destroys it again (xenDaemonCreateLinux's rule). Also xend's answers to
 * requests the driver never makes: unknown op (501), no op (406). */
static void check_create_rollback(void)
{
    fake_xend f;
    const char *extra[] = { "--guests", "1", "--fail-op", "unpause", NULL };
    char xml[2048];
    virConnectPtr conn;
    virt_http_endpoint ep;
    virt_status st;
    const char *halt[] = { "op", "halt" }, *noop[] = { "x", "y" };
    if (fake_start(&f, g_python, g_script, NULL, extra) < 0) VT_SKIP("cannot run fake_xend.py");
    conn = virConnectOpen(f.uri);
    VT_CHECK(conn != NULL);
    if (conn) {
        VT_CHECK(virDomainCreateXML(conn, pv_xml(xml, sizeof xml, "rollback", "/boot/vmlinuz"), 0) == NULL);
        VT_CHECK(last_says("Injected failure of unpause"));
        VT_CHECK(last_says("destroyed again"));
        VT_CHECK(virDomainLookupByName(conn, "rollback") == NULL);    /* not left behind, paused */
        VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), 2);
        virConnectClose(conn);
    }
    fake_endpoint(&f, &ep);
    VT_CHECK_EQ_INT(virt_xend_post(&ep, "/xend/node/", halt, 1, NULL, &st), VIRT_E_UNSUPPORTED);
    VT_CHECK(strstr(st.message, "Operation not implemented: halt") != NULL);
    VT_CHECK_EQ_INT(virt_xend_post(&ep, "/xend/domain/guest1", noop, 1, NULL, &st), VIRT_E_REMOTE);
    VT_CHECK(strstr(st.message, "HTTP 406") != NULL);
    VT_CHECK_EQ_INT(virt_xend_get(&ep, "/xend/nothing", NULL, &st), VIRT_E_NOENT);
    VT_CHECK(strstr(st.message, "Not found: nothing") != NULL);
    fake_stop(&f);
}

/* xend keeps a destroyed domain listed as Zombie-<name> (state -----d)
 * until Xen has torn it down: the driver lists it as shut off, once. */
static void check_zombies(void)
{
    fake_xend f;
    const char *extra[] = { "--guests", "2", "--zombies", NULL };
    virConnectPtr conn;
    virDomainPtr d, z;
    virDomainInfo info;
    char uri[600];
    if (fake_start(&f, g_python, g_script, NULL, extra) < 0) VT_SKIP("cannot run fake_xend.py");
    snprintf(uri, sizeof uri, "xen:///?socket=%s&cache_ms=0", f.sock);
    conn = virConnectOpen(uri);
    VT_CHECK(conn != NULL);
    if (conn && (d = virDomainLookupByName(conn, "guest2")) != NULL) {
        VT_CHECK_EQ_INT(virDomainDestroy(d), 0);
        z = virDomainLookupByName(conn, "Zombie-guest2");
        VT_CHECK(z != NULL);
        if (z) {
            VT_CHECK_EQ_INT(virDomainGetInfo(z, &info), 0);
            VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_SHUTOFF);
            virDomainFree(z);
        }
        VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), 3);     /* the zombie, listed once */
        VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), 2);
        virDomainFree(d);
    } else VT_CHECK(0);
    if (conn) virConnectClose(conn);
    fake_stop(&f);
}

/* True when text has no control character (what a terminal would act on). */
static int printable(const char *text)
{
    for (; text && *text; text++)
        if ((unsigned char)*text < 0x20 || (unsigned char)*text == 0x7f) return 0;
    return text != NULL;
}

/* A hostile xend's error text (ESC sequences, a newline, a fake prompt)
 * reaches the error message escaped (issue 15 item 10). */
static void check_hostile_text(void)
{
    fake_xend f;
    const char *extra[] = { "--guests", "1", "--fail-op", "pause", "--fail-text", "\033[2J\033[31mEVIL\nroot# ", NULL };
    virConnectPtr conn;
    virDomainPtr d;
    virErrorPtr e;
    if (fake_start(&f, g_python, g_script, NULL, extra) < 0) VT_SKIP("cannot run fake_xend.py");
    conn = virConnectOpen(f.uri);
    VT_CHECK(conn != NULL);
    d = conn ? virDomainLookupByName(conn, "guest1") : NULL;
    VT_CHECK(d != NULL);
    if (d) {
        VT_CHECK_EQ_INT(virDomainSuspend(d), -1);
        e = virGetLastError();
        VT_CHECK(e != NULL && e->message != NULL);
        if (e && e->message) {
            VT_CHECK(printable(e->message));
            VT_CHECK(strstr(e->message, "\\x1b[2J") != NULL);      /* escaped, still readable */
            VT_CHECK(strstr(e->message, "EVIL\\nroot# ") != NULL);
            if (!printable(e->message)) fprintf(stderr, "  raw control characters in: %s\n", e->message);
        }
        virDomainFree(d);
    }
    if (conn) virConnectClose(conn);
    fake_stop(&f);
}

/* Domain names "." and ".." are dot-segments in a path: they go
 * percent-encoded (issue 15 item 9), and the domain works like any other. */
static void check_dot_names(void)
{
    fake_xend f;
    const char *extra[] = { "--guests", "1", NULL };
    const char *names[] = { ".", ".." };
    char xml[2048], uri[600];
    virConnectPtr conn;
    virt_http_endpoint ep;
    virt_sxp_doc *doc = NULL;
    virt_status st;
    int i;
    if (fake_start(&f, g_python, g_script, NULL, extra) < 0) VT_SKIP("cannot run fake_xend.py");
    snprintf(uri, sizeof uri, "xen:///?socket=%s&cache_ms=0", f.sock);
    conn = virConnectOpen(uri);
    VT_CHECK(conn != NULL);
    fake_endpoint(&f, &ep);
    for (i = 0; i < 2 && conn; i++) {
        virDomainPtr d = virDomainCreateXML(conn, pv_xml(xml, sizeof xml, names[i], "/boot/vmlinuz"), 0);
        const char *last;
        VT_CHECK(d != NULL);
        VT_CHECK_EQ_INT(virt_xend_get(&ep, "/fake/stats", &doc, &st), VIRT_OK);
        last = doc ? virt_sxp_value(doc->root, "stats/last_path") : NULL;
        VT_CHECK(last != NULL && strcmp(last, i ? "/xend/domain/%2E%2E" : "/xend/domain/%2E") == 0);
        if (last && strcmp(last, i ? "/xend/domain/%2E%2E" : "/xend/domain/%2E") != 0)
            fprintf(stderr, "  last path on the wire: %s\n", last);
        virt_sxp_doc_free(doc);
        doc = NULL;
        if (d) {
            VT_CHECK_EQ_STR(virDomainGetName(d), names[i]);
            VT_CHECK_EQ_INT(virDomainDestroy(d), 0);
            virDomainFree(d);
        }
    }
    if (conn) virConnectClose(conn);
    fake_stop(&f);
}

/* xend >= 3.0.4: ?state=all names domains that the driver then fetches
 * one by one; a listing of names that are all answered 404 costs a
 * bounded number of requests: a listing over VIRT_MAX_DOMAINS is refused,
 * and the fetches stop at the call's deadline (issue 15 item 4). */
static void phantom_case(const char *count, const char *timeout_ms, int expect_code, long max_requests)
{
    fake_xend f;
    const char *extra[] = { "--version", "3.0.4", "--guests", "1", "--phantoms", count, NULL };
    char uri[600];
    virConnectPtr conn;
    long before, after;
    time_t t0;
    if (fake_start(&f, g_python, g_script, NULL, extra) < 0) VT_SKIP("cannot run fake_xend.py");
    snprintf(uri, sizeof uri, "xen:///?socket=%s&cache_ms=0&timeout_ms=%s", f.sock, timeout_ms);
    conn = virConnectOpen(uri);
    VT_CHECK(conn != NULL);
    if (conn) {
        before = fake_requests(&f, NULL, 0);
        t0 = time(NULL);
        VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), -1);
        VT_CHECK_EQ_INT(vt_last_code(), expect_code);
        VT_CHECK(time(NULL) - t0 <= 2 + atoi(timeout_ms) / 1000);
        after = fake_requests(&f, NULL, 0);
        printf("?state=all with %s phantom names, timeout_ms=%s: %ld requests\n", count, timeout_ms, after - before);
        VT_CHECK(after - before <= max_requests);
        virConnectClose(conn);
    }
    fake_stop(&f);
}

static void check_phantoms(void)
{
    char max[16];
    snprintf(max, sizeof max, "%d", VIRT_MAX_DOMAINS + 1);
    phantom_case(max, "60000", VIR_ERR_GET_FAILED, 2);          /* refused before any fetch */
    phantom_case("4000", "200", VIR_ERR_OPERATION_TIMEOUT, 4000);
}

/* A create whose device wait times out: the whole call keeps one
 * deadline (timeout_ms), the code is VIR_ERR_OPERATION_TIMEOUT, and the
 * message says whether the cleanup destroy worked (issue 15 item 8). */
static long long wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void create_timeout_case(const char *version, const char *slow_ops, const char *cleanup_text)
{
    fake_xend f;
    const char *extra[] = { "--version", version, "--guests", "1", "--slow-op", slow_ops, "--delay", "3", NULL };
    char xml[2048], uri[600];
    virConnectPtr conn;
    long long t0, took;
    if (fake_start(&f, g_python, g_script, NULL, extra) < 0) VT_SKIP("cannot run fake_xend.py");
    snprintf(uri, sizeof uri, "xen:///?socket=%s&timeout_ms=1000&cache_ms=0", f.sock);
    conn = virConnectOpen(uri);
    VT_CHECK(conn != NULL);
    if (conn) {
        t0 = wall_ms();
        VT_CHECK(virDomainCreateXML(conn, pv_xml(xml, sizeof xml, "slowdev", "/boot/vmlinuz"), 0) == NULL);
        took = wall_ms() - t0;
        printf("create on xend %s with slow %s, timeout_ms=1000: failed after %lld ms\n", version, slow_ops, took);
        VT_CHECK(took < 1500);
        VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_TIMEOUT);
        VT_CHECK(last_says(cleanup_text));
        VT_CHECK(last_says("wait_for_devices"));
        if (!last_says(cleanup_text)) fprintf(stderr, "  message: %s\n", virGetLastError()->message);
        virConnectClose(conn);
    }
    fake_stop(&f);
}

static void check_create_timeout(void)
{
    /* 3.0.4 serves each connection in a thread: the destroy is answered */
    create_timeout_case("3.0.4", "wait_for_devices", "(destroyed again)");
    /* 3.0.3 serves one connection at a time: still busy waiting, it
     * cannot destroy either */
    create_timeout_case("3.0.3", "wait_for_devices", "destroying it again failed too");
}

static int run_faults(void)
{
    virConnectPtr conn;
    char uri[400];
    check_create_rollback();
    check_zombies();
    check_hostile_text();
    check_dot_names();
    check_phantoms();
    check_create_timeout();
    fault_case("close-mid", "/xend/domain", VIR_ERR_GET_FAILED, "connection closed after");
    fault_case("slow", "/xend/domain", VIR_ERR_OPERATION_TIMEOUT, "no complete response within 1000 ms");
    fault_case("huge", "/xend/domain", VIR_ERR_GET_FAILED, "over the limit");
    fault_case("huge-noclen", "/xend/domain", VIR_ERR_GET_FAILED, "over the limit");
    fault_case("bad-sxp", "/xend/domain", VIR_ERR_GET_FAILED, "malformed SXP reply");
    fault_case("garbage", "/xend/domain", VIR_ERR_GET_FAILED, "not an HTTP/1.x status line");
    fault_case("html", "/xend/domain", VIR_ERR_GET_FAILED, "not SXP");
    fault_case("slow", "/xend/node", VIR_ERR_NO_CONNECT, "no complete response");
    /* chunked replies (xend never sends them) work */
    {
        fake_xend f;
        const char *extra[] = { "--guests", "1", "--fault", "chunked", NULL };
        if (fake_start(&f, g_python, g_script, NULL, extra) < 0) VT_SKIP("cannot run fake_xend.py");
        conn = virConnectOpen(f.uri);
        VT_CHECK(conn != NULL);
        if (conn) {
            VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), 2);
            virConnectClose(conn);
        }
        fake_stop(&f);
    }
    /* nobody listening: refused at once, with the socket named */
    snprintf(uri, sizeof uri, "xen:///?socket=/tmp/virt-xend-test-nobody/xend-socket");
    conn = virConnectOpen(uri);
    VT_CHECK(conn == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_CONNECT);
    VT_CHECK(last_says("/tmp/virt-xend-test-nobody/xend-socket"));
    conn = virConnectOpen("http://127.0.0.1:1/");
    VT_CHECK(conn == NULL);
    VT_CHECK(last_says("127.0.0.1 port 1"));
    /* xen:/// tries xend's standard socket, then TCP localhost:8000; with
     * neither there (and no Xen on the test machine) the error names both */
    if (access(VIRT_XEND_SOCKET, F_OK) != 0) {
        conn = virConnectOpen("xen:///?connect_timeout_ms=1000&timeout_ms=1000");
        if (conn) virConnectClose(conn);          /* a Xen host: another backend opened */
        else {
            VT_CHECK(last_says(VIRT_XEND_SOCKET));
            VT_CHECK(last_says("localhost port 8000") || last_says("localhost:8000") || last_says("/xend/node/"));
        }
    }
    return vt_summary("test_xend_driver_faults");
}

/* What `virsh list` does: ListDomains, then LookupByID + GetInfo for each. */
static int run_scale(void)
{
    fake_xend f;
    const char *extra[] = { "--guests", "100", NULL };
    virConnectPtr conn;
    int ids[200], n, i, ok = 0;
    long before, after;
    if (fake_start(&f, g_python, g_script, NULL, extra) < 0) VT_SKIP("cannot run fake_xend.py");
    conn = virConnectOpen(f.uri);
    VT_CHECK(conn != NULL);
    if (!conn) { fake_stop(&f); return vt_summary("test_xend_driver_scale"); }
    before = fake_requests(&f, NULL, 0);
    n = virConnectListDomains(conn, ids, 200);
    VT_CHECK_EQ_INT(n, 101);
    for (i = 0; i < n; i++) {
        virDomainPtr d = virDomainLookupByID(conn, ids[i]);
        virDomainInfo info;
        if (d && virDomainGetInfo(d, &info) == 0 && info.maxMem > 0) ok++;
        if (d) virDomainFree(d);
    }
    after = fake_requests(&f, NULL, 0);
    VT_CHECK_EQ_INT(ok, 101);
    printf("list + lookup + info of %d domains: %ld HTTP request(s)\n", n, after - before);
    VT_CHECK(after - before <= 2);
    virConnectClose(conn);
    /* without the snapshot (cache_ms=0): one request per call */
    {
        char uri[600];
        snprintf(uri, sizeof uri, "xen:///?socket=%s&cache_ms=0", f.sock);
        conn = virConnectOpen(uri);
        before = fake_requests(&f, NULL, 0);
        n = conn ? virConnectListDomains(conn, ids, 200) : 0;
        for (i = 0; i < n; i++) {
            virDomainPtr d = virDomainLookupByID(conn, ids[i]);
            virDomainInfo info;
            if (d) { virDomainGetInfo(d, &info); virDomainFree(d); }
        }
        after = fake_requests(&f, NULL, 0);
        printf("the same with cache_ms=0: %ld HTTP requests\n", after - before);
        VT_CHECK_EQ_INT(after - before, 1 + 2 * 101);
        if (conn) virConnectClose(conn);
    }
    fake_stop(&f);
    return vt_summary("test_xend_driver_scale");
}

int main(int argc, char **argv)
{
    if (argc < 4) VT_SKIP("usage: test_xend_driver PYTHON FAKE api|faults|scale ...");
    g_python = argv[1];
    g_script = argv[2];
    virSetErrorFunc(NULL, vt_quiet_errors);
    setenv("XENSTORED_PATH", "/nonexistent/xenstored-socket", 1);  /* only xend answers xen:/// here */
    if (strcmp(argv[3], "api") == 0 && argc >= 6) return run_api(argv[4], argv[5]);
    if (strcmp(argv[3], "faults") == 0) return run_faults();
    if (strcmp(argv[3], "scale") == 0) return run_scale();
    VT_SKIP("unknown mode");
}
