/* bench/bench_testdriver_ops.h - the measured calls, written once against
 * libvirt's public API and compiled twice: in bench_testdriver.c against
 * <libvirt/libvirt.h> (Debian's libvirt), in bench_testdriver_virt.c against
 * virt.h. Include it after one of those; it defines static functions only,
 * and BENCH_SIDE_INIT, the initialiser of a bench_side table. */
#include <stdio.h>
#include <stdlib.h>

/* Errors go to the measuring program's output once, not per call. */
static void bench_quiet(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

static void *bench_open(void)
{
    virConnectPtr conn;
    virSetErrorFunc(NULL, bench_quiet);
    conn = virConnectOpen("test:///default");
    if (!conn) {
        virErrorPtr e = virGetLastError();
        fprintf(stderr, "bench: cannot open test:///default: %s\n", e && e->message ? e->message : "?");
    }
    return conn;
}

static void bench_close(void *conn)
{
    virConnectClose((virConnectPtr)conn);
}

static void bench_report(const char *what)
{
    virErrorPtr e = virGetLastError();
    fprintf(stderr, "bench: %s failed: %s\n", what, e && e->message ? e->message : "?");
}

static int bench_create_dumpxml_destroy(void *conn, const char *xml)
{
    char *desc;
    virDomainPtr dom = virDomainCreateXML((virConnectPtr)conn, xml, 0);
    if (!dom) { bench_report("virDomainCreateXML"); return -1; }
    desc = virDomainGetXMLDesc(dom, 0);
    if (!desc) bench_report("virDomainGetXMLDesc");
    free(desc);
    if (virDomainDestroy(dom) < 0) { bench_report("virDomainDestroy"); desc = NULL; }
    virDomainFree(dom);
    return desc ? 0 : -1;
}

static int bench_populate(void *conn, int n)
{
    static int next = 0;   /* names stay unique over several calls */
    char name[32], xml[2048];
    int i;
    for (i = 0; i < n; i++, next++) {
        virDomainPtr dom;
        snprintf(name, sizeof name, "bench%04d", next);
        snprintf(xml, sizeof xml, BENCH_DOMAIN_XML_FMT, name, next % 10000, name);
        dom = virDomainCreateXML((virConnectPtr)conn, xml, 0);
        if (!dom) { bench_report("virDomainCreateXML (populate)"); return -1; }
        virDomainFree(dom);
    }
    return 0;
}

static int bench_list_lookup_info(void *conn)
{
    static int ids[8192];
    virDomainInfo info;
    int n, i;
    n = virConnectListDomains((virConnectPtr)conn, ids, (int)(sizeof ids / sizeof ids[0]));
    if (n < 0) { bench_report("virConnectListDomains"); return -1; }
    for (i = 0; i < n; i++) {
        virDomainPtr dom = virDomainLookupByID((virConnectPtr)conn, ids[i]);
        if (!dom) { bench_report("virDomainLookupByID"); return -1; }
        if (virDomainGetInfo(dom, &info) < 0) { bench_report("virDomainGetInfo"); virDomainFree(dom); return -1; }
        virDomainFree(dom);
    }
    return n;
}

/* virConnectListAllDomains(0) and the handles freed: the number listed, or -1 */
static int bench_list_all(void *conn)
{
    virDomainPtr *doms = NULL;
    int i, n = virConnectListAllDomains((virConnectPtr)conn, &doms, 0);
    if (n < 0) { bench_report("virConnectListAllDomains"); return -1; }
    for (i = 0; i < n; i++) virDomainFree(doms[i]);
    free(doms);
    return n;
}

#define BENCH_SIDE_INIT(label) \
    {label, bench_open, bench_close, bench_create_dumpxml_destroy, bench_populate, bench_list_lookup_info, \
     bench_list_all}
