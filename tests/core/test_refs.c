/* tests/core/test_refs.c - object references and identity (issue 10):
 * virConnectRef / virDomainRef as libvirt documents them (each Ref needs
 * one more Free/Close; one call too many is an error, not a crash), the
 * same object handed out for the same domain however it is found, and a
 * name held by one thread while another renames the domain (the old
 * pointer stays valid until the handle is freed). Also built with
 * -fsanitize=thread (core_refs_tsan) when available; the asan stage runs it
 * under AddressSanitizer. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "test_common.h"

#include <pthread.h>

#define UUID "11111111-2222-3333-4444-555555555555"
#define RENAMES 200

static void quiet(void *ud, virErrorPtr e) { (void)ud; (void)e; }

static void test_connect_ref(void)
{
    virConnectPtr c = virConnectOpen("test:///default");
    VT_CHECK(c != NULL);
    if (!c) return;
    VT_CHECK_EQ_INT(virConnectRef(c), 0);
    VT_CHECK_EQ_INT(virConnectClose(c), 1);      /* one reference left */
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 1);
    VT_CHECK_EQ_INT(virConnectClose(c), 0);      /* closed */
    VT_CHECK_EQ_INT(virConnectClose(c), -1);     /* once too often: an error */
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
    VT_CHECK_EQ_INT(virConnectRef(NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_CONN, NULL);
}

static void test_domain_ref(void)
{
    virConnectPtr c = virConnectOpen("test:///default");
    virDomainPtr d, again;
    VT_CHECK(c != NULL);
    if (!c) return;
    d = virDomainLookupByName(c, "test");
    VT_CHECK(d != NULL);
    if (d) {
        VT_CHECK_EQ_INT(virDomainRef(d), 0);
        again = virDomainLookupByID(c, 1);       /* the same object, one more reference */
        VT_CHECK(again == d);
        if (again) virDomainFree(again);
        VT_CHECK_EQ_INT(virDomainFree(d), 0);
        VT_CHECK_EQ_STR(virDomainGetName(d), "test");   /* still held once */
        VT_CHECK_EQ_INT(virDomainFree(d), 0);
        VT_CHECK_EQ_INT(virDomainFree(d), -1);   /* once too often: an error */
        VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    }
    VT_CHECK_EQ_INT(virDomainRef(NULL), -1);
    VT_EXPECT_ERROR(VIR_ERR_INVALID_DOMAIN, NULL);
    /* the connection held one reference per live object: closing it now
     * frees it (no object is left) */
    VT_CHECK_EQ_INT(virConnectClose(c), 0);
}

/* Keeping many handles: every lookup finds its own object, and each is
 * found again (the index, issue 15 item 12). */
static void test_many_handles(void)
{
    enum { N = 300 };
    virConnectPtr c = virConnectOpen("test:///default");
    virDomainPtr kept[N];
    int i, ok = 1;
    VT_CHECK(c != NULL);
    if (!c) return;
    for (i = 0; i < N; i++) {
        char xml[512];
        snprintf(xml, sizeof xml,
                 "<domain type='test'><name>keep%d</name><memory>8192</memory>"
                 "<os><type>hvm</type></os></domain>", i);
        kept[i] = virDomainCreateXML(c, xml, 0);
        if (!kept[i]) ok = 0;
    }
    VT_CHECK(ok);
    for (i = 0; i < N && ok; i++) {
        char name[32];
        virDomainPtr again;
        snprintf(name, sizeof name, "keep%d", i);
        again = virDomainLookupByName(c, name);
        if (again != kept[i]) ok = 0;
        if (again) virDomainFree(again);
    }
    VT_CHECK(ok);
    for (i = 0; i < N; i++)
        if (kept[i]) { (void)virDomainDestroy(kept[i]); virDomainFree(kept[i]); }
    VT_CHECK_EQ_INT(virConnectClose(c), 0);
}

typedef struct rename_ctx {
    virDomainPtr dom;
    pthread_mutex_t lock;      /* guards stop */
    int stop;
    int bad;                   /* reads that saw a broken name */
    int reads;
} rename_ctx;

/* Holds the name it was handed while the other thread renames. */
static int stopped(rename_ctx *r)
{
    int s;
    pthread_mutex_lock(&r->lock);
    s = r->stop;
    pthread_mutex_unlock(&r->lock);
    return s;
}

static void *reader(void *arg)
{
    rename_ctx *r = (rename_ctx *)arg;
    const char *held = virDomainGetName(r->dom);
    do {                       /* at least once, however the threads are scheduled */
        const char *now = virDomainGetName(r->dom);
        if (!held || strncmp(held, "ren", 3) != 0) r->bad++;
        if (!now || strncmp(now, "ren", 3) != 0) r->bad++;
        held = now;
        r->reads++;
    } while (!stopped(r));
    return NULL;
}

static int define_named(virConnectPtr c, int i)
{
    char xml[512];
    virDomainPtr d;
    snprintf(xml, sizeof xml,
             "<domain type='test'><name>ren%d</name><uuid>" UUID "</uuid><memory>8192</memory>"
             "<os><type>hvm</type></os></domain>", i);
    d = virDomainDefineXML(c, xml);
    if (!d) return -1;
    virDomainFree(d);
    return 0;
}

static void test_rename_while_held(void)
{
    virConnectPtr c = virConnectOpen("test:///default");
    rename_ctx r;
    pthread_t th;
    int i, ok = 1;
    VT_CHECK(c != NULL);
    if (!c) return;
    memset(&r, 0, sizeof r);
    pthread_mutex_init(&r.lock, NULL);
    VT_CHECK_EQ_INT(define_named(c, 0), 0);
    r.dom = virDomainLookupByUUIDString(c, UUID);
    VT_CHECK(r.dom != NULL);
    if (!r.dom) { virConnectClose(c); return; }
    VT_CHECK_EQ_INT(pthread_create(&th, NULL, reader, &r), 0);
    /* the test driver renames by undefine + define with the same UUID: the
     * handle found again by UUID takes the new name */
    for (i = 1; i <= RENAMES && ok; i++) {
        virDomainPtr again;
        if (virDomainUndefine(r.dom) < 0 || define_named(c, i) < 0) ok = 0;
        again = virDomainLookupByUUIDString(c, UUID);
        if (again != r.dom) ok = 0;
        if (again) virDomainFree(again);
    }
    pthread_mutex_lock(&r.lock);
    r.stop = 1;
    pthread_mutex_unlock(&r.lock);
    VT_CHECK_EQ_INT(pthread_join(th, NULL), 0);
    pthread_mutex_destroy(&r.lock);
    VT_CHECK(ok);
    VT_CHECK_EQ_INT(r.bad, 0);
    VT_CHECK(r.reads > 0);
    {
        char want[16];
        snprintf(want, sizeof want, "ren%d", RENAMES);
        VT_CHECK_EQ_STR(virDomainGetName(r.dom), want);
    }
    (void)virDomainUndefine(r.dom);
    virDomainFree(r.dom);
    VT_CHECK_EQ_INT(virConnectClose(c), 0);
}

int main(void)
{
    virSetErrorFunc(NULL, quiet);
    test_connect_ref();
    test_domain_ref();
    test_many_handles();
    test_rename_while_held();
    return vt_summary("core_refs");
}
