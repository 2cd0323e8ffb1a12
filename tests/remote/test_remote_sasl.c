/* tests/remote/test_remote_sasl.c - virConnectOpenAuth against a libvirtd
 * that asks for SASL (daemons.sh with VR_SASL_MECH), through virt.h:
 *   test_remote_sasl --live URI USER PASS   (VIRT_WITH_SASL) the cases of
 *       sasl_peer.py, one line each in its words: run_sasl.sh diffs the two
 *   test_remote_sasl --tcp URI USER PASS    (VIRT_WITH_SASL) DIGEST-MD5
 *       over TCP with its security layer: a 200 KB definition both ways,
 *       4 threads' calls through one layer
 *   test_remote_sasl --refused URI          (without VIRT_WITH_SASL) the
 *       daemon is refused by name, the callback never called */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"
#include <pthread.h>

static void quiet(void *data, virErrorPtr e) { (void)data; (void)e; }

typedef struct answers {
    const char *user, *pass;
    int refuse;
    int asked[16];                       /* asked[type] counts */
} answers;

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = (char *)malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static int answer(virConnectCredentialPtr cred, unsigned int ncred, void *cbdata)
{
    answers *a = (answers *)cbdata;
    unsigned int i;
    for (i = 0; i < ncred; i++) {
        if (cred[i].type >= 0 && cred[i].type < 16) a->asked[cred[i].type]++;
        if (cred[i].type == VIR_CRED_AUTHNAME) cred[i].result = dup_str(a->user);
        else if (cred[i].type == VIR_CRED_PASSPHRASE) cred[i].result = dup_str(a->pass);
        else continue;
        if (!cred[i].result) return -1;
        cred[i].resultlen = (unsigned int)strlen(cred[i].result);
    }
    return a->refuse ? -1 : 0;
}

#ifdef VIRT_WITH_SASL
/* sasl_peer.py's "asked=[2, 5]" */
static void print_asked(const answers *a)
{
    int t, first = 1;
    printf(" asked=[");
    for (t = 0; t < 16; t++)
        if (a->asked[t]) { printf("%s%d", first ? "" : ", ", t); first = 0; }
    printf("]\n");
}

/* One case: open (with credtypes and the callback, or virConnectOpen when
 * ntypes < 0), print what sasl_peer.py prints for it. */
static void login(const char *label, const char *u, const int *types, int ntypes, int with_cb,
                  const char *user, const char *pass, int refuse)
{
    answers a;
    virConnectAuth auth;
    virConnectPtr c;
    memset(&a, 0, sizeof a);
    a.user = user;
    a.pass = pass;
    a.refuse = refuse;
    auth.credtype = (int *)types;
    auth.ncredtype = ntypes < 0 ? 0 : (unsigned int)ntypes;
    auth.cb = with_cb ? answer : NULL;
    auth.cbdata = &a;
    c = ntypes < 0 ? virConnectOpen(u) : virConnectOpenAuth(u, &auth, 0);
    printf("%s: ", label);
    if (!c) {
        virErrorPtr e = virGetLastError();
        printf("error code=%d domain=%d message=%s", e ? e->code : -1, e ? e->domain : -1,
               e && e->message ? e->message : "(none)");
    } else {
        virDomainPtr *doms = NULL;
        int n = virConnectListAllDomains(c, &doms, 0), i, j;
        printf("ok type=%s domains=[", virConnectGetType(c));
        /* sorted, as Python's sorted() */
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++)
                if (strcmp(virDomainGetName(doms[j]), virDomainGetName(doms[i])) < 0) {
                    virDomainPtr t = doms[i]; doms[i] = doms[j]; doms[j] = t;
                }
        for (i = 0; i < n; i++) {
            printf("%s'%s'", i ? ", " : "", virDomainGetName(doms[i]));
            virDomainFree(doms[i]);
        }
        free(doms);
        printf("] secure=%d encrypted=%d", virConnectIsSecure(c), virConnectIsEncrypted(c));
        virConnectClose(c);
    }
    print_asked(&a);
}

static int live(const char *u, const char *user, const char *pass)
{
    static const int both[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    static const int authname[] = {VIR_CRED_AUTHNAME};
    char wrong[256];
    snprintf(wrong, sizeof wrong, "%sx", pass);
    login("right password", u, both, 2, 1, user, pass, 0);
    login("wrong password", u, both, 2, 1, user, wrong, 0);
    login("no callback", u, both, 2, 0, user, pass, 0);
    login("callback refuses", u, both, 2, 1, user, pass, 1);
    login("authname only", u, authname, 1, 1, user, pass, 0);
    login("no credentials", u, NULL, -1, 0, user, pass, 0);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* DIGEST-MD5 over TCP: a security layer (libvirt asks SSF 56..100000
 * there), every packet through sasl_encode/sasl_decode: a definition of
 * 200 KB (more than one 64 KiB token each way) goes and comes back intact,
 * and 4 threads' calls share the layer. */
static virConnectPtr tcp_conn;
static void *tcp_worker(void *arg)
{
    int i, bad = 0;
    (void)arg;
    for (i = 0; i < 200; i++) {
        virDomainPtr d = virDomainLookupByName(tcp_conn, "test");
        virDomainInfo info;
        if (!d || virDomainGetInfo(d, &info) != 0) bad++;
        if (d) virDomainFree(d);
    }
    return (void *)(long)bad;
}

static void tcp(const char *u, const char *user, const char *pass)
{
    static const int both[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    answers a;
    virConnectAuth auth;
    virDomainPtr d;
    size_t big = 200000, i;
    char *xml, *back;
    pthread_t th[4];
    memset(&a, 0, sizeof a);
    a.user = user;
    a.pass = pass;
    auth.credtype = (int *)both;
    auth.ncredtype = 2;
    auth.cb = answer;
    auth.cbdata = &a;
    tcp_conn = virConnectOpenAuth(u, &auth, 0);
    VT_CHECK(tcp_conn != NULL);
    if (!tcp_conn) return;
    VT_CHECK_EQ_INT(virConnectIsEncrypted(tcp_conn), 1);
    VT_CHECK_EQ_INT(virConnectIsSecure(tcp_conn), 1);
    xml = (char *)malloc(big + 512);
    VT_CHECK(xml != NULL);
    if (!xml) return;
    i = (size_t)sprintf(xml, "<domain type='test'><name>sasl_big</name><memory>1024</memory><description>");
    for (; i < big; i++) xml[i] = (char)('a' + i % 26);
    strcpy(xml + i, "</description><os><type>hvm</type></os></domain>");
    d = virDomainDefineXML(tcp_conn, xml);
    VT_CHECK(d != NULL);
    if (d) {
        back = virDomainGetXMLDesc(d, 0);
        VT_CHECK(back != NULL);
        /* the description's 200 KB came back as sent */
        xml[big] = '\0';
        VT_CHECK(back && strstr(back, xml + strlen("<domain type='test'><name>sasl_big</name><memory>1024</memory><description>")) != NULL);
        free(back);
        VT_CHECK_EQ_INT(virDomainUndefine(d), 0);
        virDomainFree(d);
    }
    free(xml);
    for (i = 0; i < 4; i++) pthread_create(&th[i], NULL, tcp_worker, NULL);
    for (i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        VT_CHECK_EQ_INT((long)r, 0);
    }
    VT_CHECK_EQ_INT(virConnectClose(tcp_conn), 0);
}

#else
/* Without VIRT_WITH_SASL: refused naming 'sasl', the callback never asked
 * (nothing could use an answer). */
static void refused(const char *u)
{
    static const int both[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    answers a;
    virConnectAuth auth;
    virErrorPtr e;
    memset(&a, 0, sizeof a);
    a.user = "alice";
    a.pass = "secret";
    auth.credtype = (int *)both;
    auth.ncredtype = 2;
    auth.cb = answer;
    auth.cbdata = &a;
    VT_CHECK(virConnectOpenAuth(u, &auth, 0) == NULL);
    e = virGetLastError();
    VT_CHECK(e != NULL);
    if (!e) return;
    VT_CHECK_EQ_INT(e->code, VIR_ERR_NO_SUPPORT);
    VT_CHECK_EQ_INT(e->domain, VIR_FROM_REMOTE);
    VT_CHECK(e->message && strstr(e->message, "'sasl'") != NULL);
    VT_CHECK_EQ_INT(a.asked[VIR_CRED_AUTHNAME] + a.asked[VIR_CRED_PASSPHRASE], 0);
    VT_CHECK(virConnectOpen(u) == NULL);          /* the same without callbacks */
    VT_CHECK(virGetLastError() && strstr(virGetLastError()->message, "'sasl'") != NULL);
}
#endif

int main(int argc, char **argv)
{
    virSetErrorFunc(NULL, quiet);
#ifdef VIRT_WITH_SASL
    if (argc == 5 && strcmp(argv[1], "--live") == 0) return live(argv[2], argv[3], argv[4]);
    if (argc == 5 && strcmp(argv[1], "--tcp") == 0) {
        tcp(argv[2], argv[3], argv[4]);
        return vt_summary("remote_sasl_tcp");
    }
#else
    if (argc == 3 && strcmp(argv[1], "--refused") == 0) {
        refused(argv[2]);
        return vt_summary("remote_sasl_refused");
    }
#endif
    fprintf(stderr, "usage: %s --live|--tcp URI USER PASS (VIRT_WITH_SASL) | --refused URI (without)\n", argv[0]);
    return 2;
}
