/* tests/core/test_oom.c - out of memory everywhere: a scenario over the
 * test driver (open, lookups, info, XML, create/define/undefine, events,
 * save/restore, a node file) runs again and again with the Nth allocation
 * of virt failing, for N = 1, 2, ... until it runs through. Each time:
 * no crash, every failed call leaves an error (VIR_ERR_NO_MEMORY or what
 * the failure led to), and once everything is closed no allocation of
 * virt is left (a leak on an error path shows as a count, with or without
 * a sanitizer). Uses the VIRT_MALLOC/REALLOC/FREE hooks. */
#define _DEFAULT_SOURCE 1   /* the hooks come before virt.h, which would set it */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static long vt_alloc_count = 0;     /* allocations made so far */
static long vt_fail_at = 0;         /* 0: never fail */
static long vt_outstanding = 0;     /* live blocks */

static void *vt_malloc(size_t n)
{
    void *p;
    if (vt_fail_at && ++vt_alloc_count == vt_fail_at) return NULL;
    p = malloc(n ? n : 1);
    if (p) vt_outstanding++;
    return p;
}
static void *vt_realloc(void *old, size_t n)
{
    void *p;
    if (vt_fail_at && ++vt_alloc_count == vt_fail_at) return NULL;
    p = realloc(old, n ? n : 1);
    if (p && !old) vt_outstanding++;
    return p;
}
static void vt_free(void *p)
{
    if (p) vt_outstanding--;
    free(p);
}

#define VIRT_MALLOC(n) vt_malloc(n)
#define VIRT_REALLOC(p, n) vt_realloc((p), (n))
#define VIRT_FREE(p) vt_free(p)
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"

static int unreported = 0;          /* calls that failed without an error */
static char node_uri[600], save_path[512];

#define FAILED(call_failed)                                                    \
    do { if (call_failed) { if (!virGetLastError()) unreported++; virResetLastError(); } } while (0)

static void quiet(void *opaque, virErrorPtr err)
{
    (void)opaque;
    (void)err;
}

static void on_event(virConnectPtr conn, virDomainPtr dom, int event, unsigned long long detail,
                     void *opaque)
{
    (void)conn; (void)dom; (void)event; (void)detail; (void)opaque;
}

static const char *const DOMAIN_XML =
    "<domain type='test'><name>oom</name><uuid>01234567-89ab-cdef-0123-456789abcdef</uuid>"
    "<os><type>linux</type><kernel>/k</kernel></os><memory>65536</memory><vcpu>2</vcpu></domain>";

static void domain_calls(virConnectPtr c)
{
    virDomainPtr d = virDomainLookupByName(c, "test");
    virDomainInfo info;
    char *s;
    FAILED(!d);
    if (!d) return;
    FAILED(virDomainGetInfo(d, &info) < 0);
    s = virDomainGetXMLDesc(d, 0);
    FAILED(!s);
    vt_free(s);
    s = virDomainGetOSType(d);
    FAILED(!s);
    vt_free(s);
    FAILED(virDomainSuspend(d) < 0);
    FAILED(virDomainResume(d) < 0);
    FAILED(virDomainSetMemory(d, 1048576) < 0);
    FAILED(virDomainSave(d, save_path) < 0);
    FAILED(virDomainRestore(c, save_path) < 0);
    FAILED(virDomainShutdown(d) < 0);
    FAILED(virDomainCreate(d) < 0);
    FAILED(virDomainFree(d) < 0);
    d = virDomainLookupByID(c, 12345);                   /* an error on purpose */
    FAILED(!d);
}

static void lifecycle_calls(virConnectPtr c)
{
    virDomainPtr t = virDomainCreateXML(c, DOMAIN_XML, 0), p;
    char *names[4];
    int n, i;
    FAILED(!t);
    if (t) {
        FAILED(virDomainDestroy(t) < 0);
        virDomainFree(t);
    }
    p = virDomainDefineXML(c, DOMAIN_XML);
    FAILED(!p);
    n = virConnectListDefinedDomains(c, names, 4);
    FAILED(n < 0);
    for (i = 0; i < n; i++) vt_free(names[i]);
    if (p) {
        FAILED(virDomainUndefine(p) < 0);
        virDomainFree(p);
    }
}

static void scenario(void)
{
    virConnectPtr c = virConnectOpen("test:///default"), n;
    char *s;
    FAILED(!c);
    if (c) {
        s = virConnectGetHostname(c);
        FAILED(!s);
        vt_free(s);
        s = virConnectGetURI(c);
        FAILED(!s);
        vt_free(s);
        FAILED(virt_domain_event_register(c, on_event, NULL) < 0);
        domain_calls(c);
        lifecycle_calls(c);
        FAILED(virt_domain_event_poll(c, 0) < 0);
        virConnectClose(c);
    }
    n = virConnectOpenReadOnly(node_uri);
    FAILED(!n);
    if (n) virConnectClose(n);
}

int main(void)
{
    long baseline, n, last_count = 0;
    int completed = 0;
    FILE *f;
    char dir[] = "/tmp/virt-oom-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    snprintf(save_path, sizeof save_path, "%s/oom.save", dir);
    snprintf(node_uri, sizeof node_uri, "test://%s/node.xml", dir);
    f = fopen(node_uri + 7, "w");
    if (!f) return 1;
    fprintf(f, "<node><cpu><mhz>100</mhz></cpu>%s<memory>1000000</memory></node>\n", DOMAIN_XML);
    fclose(f);
    virSetErrorFunc(NULL, quiet);
    /* the thread's error state is allocated once, before counting */
    (void)virConnectOpen("nosuchscheme:///");
    virResetLastError();
    baseline = vt_outstanding;

    vt_fail_at = 0;
    vt_alloc_count = 0;
    scenario();
    VT_CHECK_EQ_INT(vt_outstanding, baseline);           /* no leak when nothing fails */
    VT_CHECK_EQ_INT(unreported, 0);
    remove(save_path);

    for (n = 1; n < 100000 && !completed; n++) {
        vt_fail_at = n;
        vt_alloc_count = 0;
        scenario();
        virResetLastError();
        remove(save_path);
        if (vt_outstanding != baseline) {
            fprintf(stderr, "allocation %ld failing leaks %ld block(s)\n", n, vt_outstanding - baseline);
            VT_CHECK_EQ_INT(vt_outstanding, baseline);
            baseline = vt_outstanding;
        }
        if (vt_alloc_count < n) completed = 1;           /* the Nth never came: all covered */
        last_count = vt_alloc_count;
    }
    VT_CHECK(completed);
    VT_CHECK_EQ_INT(unreported, 0);
    printf("oom: failed each of %ld allocations in turn (scenario makes %ld)\n", n - 2, last_count);
    rmdir(dir);
    return vt_summary("core_oom");
}
