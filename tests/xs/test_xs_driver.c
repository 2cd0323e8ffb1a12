/* tests/xs/test_xs_driver.c - the xenstore driver through the libvirt API
 * (xen:/// with XENSTORED_PATH pointing at tests/xs/fake_xenstored.py,
 * seeded with dom0 and two guests), and the domain lifecycle events.
 * Usage: test_xs_driver FAKE_XENSTORED_PY */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"
#include "../virt_test_api.h"
#include "xs_fake.h"
#include <pthread.h>

static char sock[200];

typedef struct seen_event {
    int event;
    int id;
    char name[64];
    unsigned long long detail;
} seen_event;
static seen_event seen[64];
static int nseen;

static void on_event(virConnectPtr conn, virDomainPtr dom, int event, unsigned long long detail, void *opaque)
{
    (void)conn;
    (void)opaque;
    if (nseen >= 64) return;
    seen[nseen].event = event;
    seen[nseen].id = (int)virDomainGetID(dom);
    snprintf(seen[nseen].name, sizeof seen[nseen].name, "%s", virDomainGetName(dom));
    seen[nseen].detail = detail;
    nseen++;
}

/* Polls until `want` events came in (or 5 s passed). */
static void wait_events(virConnectPtr conn, int want)
{
    int i;
    for (i = 0; i < 50 && nseen < want; i++)
        if (virt_domain_event_poll(conn, 100) < 0) break;
}

static void quiet(void *ud, virErrorPtr e) { (void)ud; (void)e; }

static char *store_read(virt_xs *xs, const char *path)
{
    virt_status st;
    char *v = NULL;
    return virt_xs_read(xs, 0, path, &v, NULL, &st) == VIRT_OK ? v : NULL;
}

static void test_queries(virConnectPtr conn)
{
    virDomainPtr d;
    virDomainInfo info;
    char uuid[VIR_UUID_STRING_BUFLEN], *os;
    virErrorPtr err;

    VT_CHECK_THREE_IDS(conn, 0, 1, 2);

    d = virDomainLookupByID(conn, 1);
    VT_CHECK(d != NULL);
    if (d) {
        VT_CHECK_EQ_STR(virDomainGetName(d), "tiny");
        VT_CHECK_EQ_INT(virDomainGetUUIDString(d, uuid), 0);
        VT_CHECK_EQ_STR(uuid, "aa03ba70-e832-11f1-a634-33f88c26d566");
        os = virDomainGetOSType(d);
        VT_CHECK_EQ_STR(os, "linux");
        free(os);
        VT_CHECK_EQ_INT(virDomainGetMaxMemory(d), 131072);
        VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
        VT_CHECK_EQ_INT(info.memory, 131072);
        VT_CHECK_EQ_INT(info.maxMem, 131072);
        VT_CHECK_EQ_INT(info.nrVirtCpu, 1);
        virDomainFree(d);
    }
    d = virDomainLookupByName(conn, "hvm1");
    VT_CHECK(d != NULL);
    if (d) {
        VT_CHECK_EQ_INT(virDomainGetID(d), 2);
        os = virDomainGetOSType(d);
        VT_CHECK_EQ_STR(os, "hvm");
        free(os);
        VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
        VT_CHECK_EQ_INT(info.nrVirtCpu, 2);
        virDomainFree(d);
    }
    d = virDomainLookupByUUIDString(conn, "5f3a1c9e-0b1d-4c7e-9e51-3d2f6a8b9c01");
    VT_CHECK(d != NULL);
    if (d) { VT_CHECK_EQ_STR(virDomainGetName(d), "hvm1"); virDomainFree(d); }
    /* dom0 has no vm path: OS type falls back to "linux" is not possible
     * (no vm node) -> an error, not a crash */
    d = virDomainLookupByID(conn, 0);
    VT_CHECK(d != NULL);
    if (d) { VT_CHECK_EQ_STR(virDomainGetName(d), "Domain-0"); virDomainFree(d); }

    VT_CHECK(virDomainLookupByID(conn, 42) == NULL);
    err = virGetLastError();
    VT_CHECK(err != NULL);
    if (err) {
        VT_CHECK_EQ_INT(err->code, VIR_ERR_NO_DOMAIN);
        VT_CHECK_EQ_INT(err->domain, VIR_FROM_XENSTORE);
    }
    VT_CHECK(virDomainLookupByName(conn, "nosuch") == NULL);
    err = virGetLastError();
    VT_CHECK(err && err->code == VIR_ERR_NO_DOMAIN && err->message && strstr(err->message, "nosuch"));
}

static void test_changes(virConnectPtr conn, virt_xs *raw)
{
    virDomainPtr d = virDomainLookupByID(conn, 1);
    char *v;
    VT_CHECK(d != NULL);
    if (!d) return;
    VT_CHECK_EQ_INT(virDomainSetMemory(d, 65536), 0);
    v = store_read(raw, "/local/domain/1/memory/target");
    VT_CHECK_EQ_STR(v, "65536");
    free(v);
    VT_CHECK_EQ_INT(virDomainShutdown(d), 0);
    v = store_read(raw, "/local/domain/1/control/shutdown");
    VT_CHECK_EQ_STR(v, "poweroff");
    free(v);
    VT_CHECK_EQ_INT(virDomainReboot(d, 0), 0);
    v = store_read(raw, "/local/domain/1/control/shutdown");
    VT_CHECK_EQ_STR(v, "reboot");
    free(v);
    /* not supported here: declined, so "no backend" (hv/xend absent) */
    VT_CHECK_EQ_INT(virDomainSuspend(d), -1);
    virDomainFree(d);
    /* domain 0 is not shut down through the store */
    d = virDomainLookupByID(conn, 0);
    if (d) {
        VT_CHECK_EQ_INT(virDomainShutdown(d), -1);
        VT_CHECK_EQ_INT(virGetLastError()->code, VIR_ERR_OPERATION_INVALID);
        virDomainFree(d);
    }
}

/* issue 15 item 3: a vm path the client refuses (relative, or with "..")
 * is the store's bad value, reported by xenstore as an invalid argument;
 * it used to read as "declined" (VIRT_E_INVAL and the driver's decline
 * were both -2), leaking the vm string and blaming no backend. */
static void test_refused_vm_path(virConnectPtr conn, virt_xs *raw)
{
    static const char *const bad[] = {"vm/relative", "/vm/../etc"};
    virt_status st;
    virDomainPtr d = virDomainLookupByID(conn, 1);
    char *os, *saved = store_read(raw, "/local/domain/1/vm");
    size_t i;
    VT_CHECK(d != NULL && saved != NULL);
    for (i = 0; d && saved && i < sizeof bad / sizeof bad[0]; i++) {
        virErrorPtr err;
        VT_CHECK_EQ_INT(virt_xs_write(raw, 0, "/local/domain/1/vm", bad[i], strlen(bad[i]), &st), VIRT_OK);
        os = virDomainGetOSType(d);
        VT_CHECK(os == NULL);
        free(os);
        err = virGetLastError();
        VT_CHECK(err != NULL);
        if (err) {
            VT_CHECK_EQ_INT(err->code, VIR_ERR_INVALID_ARG);
            VT_CHECK_EQ_INT(err->domain, VIR_FROM_XENSTORE);
        }
    }
    if (saved) (void)virt_xs_write(raw, 0, "/local/domain/1/vm", saved, strlen(saved), &st);
    free(saved);
    if (d) virDomainFree(d);
}

static void test_readonly(void)
{
    virConnectPtr ro = virConnectOpenReadOnly("xen:///");
    virDomainPtr d;
    VT_CHECK(ro != NULL);
    if (!ro) return;
    d = virDomainLookupByID(ro, 1);
    VT_CHECK(d != NULL);
    if (d) {
        VT_CHECK_EQ_INT(virDomainSetMemory(d, 65536), -1);
        VT_CHECK_EQ_INT(virGetLastError()->code, VIR_ERR_OPERATION_DENIED);
        VT_CHECK_EQ_INT(virDomainGetMaxMemory(d), 131072);
        virDomainFree(d);
    }
    virConnectClose(ro);
}

static int find_event(int event, const char *name)
{
    int i;
    for (i = 0; i < nseen; i++)
        if (seen[i].event == event && strcmp(seen[i].name, name) == 0) return i;
    return -1;
}

/* Waits for one event, which must be EVENT for domain NAME: its index in
 * seen[] (-1, counted as a failure, when it did not come). */
static int expect_event(virConnectPtr conn, int event, const char *name)
{
    int i;
    wait_events(conn, 1);
    i = find_event(event, name);
    VT_CHECK(i >= 0);
    return i;
}

static void test_events(virConnectPtr conn, virt_xs *raw)
{
    virt_status st;
    virDomainPtr d;
    int i;
    VT_CHECK_EQ_INT(virt_domain_event_register(conn, on_event, NULL), 0);
    /* domains already there are not reported */
    VT_CHECK_EQ_INT(virt_domain_event_poll(conn, 300), 0);
    VT_CHECK_EQ_INT(nseen, 0);

    /* a toolstack creates domain 5, then introduces it to xenstored */
    VT_CHECK_EQ_INT(virt_xs_write(raw, 0, "/local/domain/5/name", "newguest", 8, &st), VIRT_OK);
    VT_CHECK_EQ_INT(virt_xs_write(raw, 0, "/local/domain/5/vm", "/vm/11111111-2222-3333-4444-555555555555", 40, &st), VIRT_OK);
    VT_CHECK_EQ_INT(virt_xs_write(raw, 0, "/local/domain/5/memory/target", "65536", 5, &st), VIRT_OK);
    VT_CHECK_EQ_INT(virt_xs_request(raw, VIRT_XS_INTRODUCE, 0, "5\0" "99\0" "3\0", 7, NULL, NULL, &st), VIRT_OK);
    i = expect_event(conn, VIRT_DOMAIN_EVENT_STARTED, "newguest");
    if (i >= 0) VT_CHECK_EQ_INT(seen[i].id, 5);

    /* balloon target changes, by the store and by the API */
    nseen = 0;
    VT_CHECK_EQ_INT(virt_xs_write(raw, 0, "/local/domain/1/memory/target", "100000", 6, &st), VIRT_OK);
    i = expect_event(conn, VIRT_DOMAIN_EVENT_MEMORY, "tiny");
    if (i >= 0) VT_CHECK_EQ_INT(seen[i].detail, 100000);
    nseen = 0;
    d = virDomainLookupByName(conn, "newguest");
    VT_CHECK(d != NULL);
    if (d) { VT_CHECK_EQ_INT(virDomainSetMemory(d, 32768), 0); virDomainFree(d); }
    i = expect_event(conn, VIRT_DOMAIN_EVENT_MEMORY, "newguest");
    if (i >= 0) VT_CHECK_EQ_INT(seen[i].detail, 32768);
    /* writing the same value again reports nothing */
    nseen = 0;
    VT_CHECK_EQ_INT(virt_xs_write(raw, 0, "/local/domain/5/memory/target", "32768", 5, &st), VIRT_OK);
    VT_CHECK_EQ_INT(virt_domain_event_poll(conn, 300), 0);

    /* the domain dies: @releaseDomain, then the toolstack removes its node */
    VT_CHECK_EQ_INT(virt_xs_request(raw, VIRT_XS_RELEASE, 0, "5\0", 2, NULL, NULL, &st), VIRT_OK);
    VT_CHECK_EQ_INT(virt_xs_rm(raw, 0, "/local/domain/5", &st), VIRT_OK);
    i = expect_event(conn, VIRT_DOMAIN_EVENT_STOPPED, "newguest");
    if (i >= 0) VT_CHECK_EQ_INT(seen[i].id, -1);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), 3);

    /* removal without any special watch (the per-domain name watch sees
     * it), after a rename: STOPPED names the domain as it is called then */
    nseen = 0;
    VT_CHECK_EQ_INT(virt_xs_write(raw, 0, "/local/domain/6/name", "short", 5, &st), VIRT_OK);
    VT_CHECK_EQ_INT(virt_xs_request(raw, VIRT_XS_INTRODUCE, 0, "6\0" "99\0" "3\0", 7, NULL, NULL, &st), VIRT_OK);
    wait_events(conn, 1);
    VT_CHECK(find_event(VIRT_DOMAIN_EVENT_STARTED, "short") >= 0);
    VT_CHECK_EQ_INT(virt_xs_write(raw, 0, "/local/domain/6/name", "renamed", 7, &st), VIRT_OK);
    VT_CHECK_EQ_INT(virt_domain_event_poll(conn, 300), 0);
    VT_CHECK_EQ_INT(virt_xs_rm(raw, 0, "/local/domain/6", &st), VIRT_OK);
    wait_events(conn, 2);
    VT_CHECK(find_event(VIRT_DOMAIN_EVENT_STOPPED, "renamed") >= 0);

    VT_CHECK_EQ_INT(virt_domain_event_deregister(conn, on_event), 0);
}

/* xenstored may send a watch event before every reply (a watched node
 * that never stops changing): a poll still returns within its timeout
 * plus a small bound, and the connection's other calls still work. A
 * poll that hangs (issue 15 item 2) is caught by an alarm. */
static pid_t fake_pid;

static void on_alarm(int sig)
{
    static const char msg[] = "test_xs_driver: FAILED: virt_domain_event_poll hangs under a watch flood\n";
    (void)sig;
    if (fake_pid > 0) kill(fake_pid, SIGKILL);
    if (write(2, msg, sizeof msg - 1) < 0) _exit(1);
    _exit(1);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void flood_case(virConnectPtr conn, virt_xs *raw, const char *per_reply, size_t len)
{
    virt_status st;
    char cmd[64];
    long long t0, took;
    int rc;
    virDomainPtr d;
    memcpy(cmd, "fault\0flood-watchers\0", 21);
    memcpy(cmd + 21, per_reply, len);
    VT_CHECK_EQ_INT(virt_xs_request(raw, VIRT_XS_CONTROL, 0, cmd, 21 + len, NULL, NULL, &st), VIRT_OK);
    d = virDomainLookupByID(conn, 1);                 /* a reply, and the flood's first events */
    VT_CHECK(d != NULL);
    if (d) virDomainFree(d);
    alarm(20);
    t0 = now_ms();
    rc = virt_domain_event_poll(conn, 300);
    took = now_ms() - t0;
    printf("poll(300 ms) under a flood of %s event(s) per reply: %lld ms, rc %d\n", per_reply, took, rc);
    VT_CHECK(rc >= 0);
    VT_CHECK(took < 2000);
    d = virDomainLookupByID(conn, 2);                 /* the connection is not held */
    VT_CHECK(d != NULL);
    if (d) virDomainFree(d);
    alarm(0);
    VT_CHECK_EQ_INT(virt_xs_request(raw, VIRT_XS_CONTROL, 0, "fault\0flood-watchers\0" "0\0", 23, NULL, NULL, &st),
                    VIRT_OK);
    (void)virt_domain_event_poll(conn, 100);          /* what is left of the flood */
}

static void test_event_flood(virConnectPtr conn, virt_xs *raw)
{
    nseen = 0;
    signal(SIGALRM, on_alarm);
    VT_CHECK_EQ_INT(virt_domain_event_register(conn, on_event, NULL), 0);
    VT_CHECK_EQ_INT(virt_domain_event_poll(conn, 100), 0);
    flood_case(conn, raw, "1\0", 2);
    flood_case(conn, raw, "3000\0", 5);                /* more than the client's queue holds */
    VT_CHECK_EQ_INT(nseen, 0);                        /* nothing changed: nothing reported */
    VT_CHECK_EQ_INT(virt_domain_event_deregister(conn, on_event), 0);
}

#ifdef VIRT_NO_THREADS
static const int virt_no_threads = 1;
#else
static const int virt_no_threads = 0;
#endif

/* One thread waits for events while another uses the same connection:
 * event_poll waits without the call lock, so neither blocks the other. */
static volatile int poller_stop;
static int poller_calls;
static void *poller(void *arg)
{
    virConnectPtr conn = (virConnectPtr)arg;
    while (!poller_stop) {
        if (virt_domain_event_poll(conn, 50) < 0) break;
        poller_calls++;
    }
    return NULL;
}

static void test_threads(virConnectPtr conn, virt_xs *raw)
{
    pthread_t th;
    virt_status st;
    int i, ok = 1;
    double t0;
    struct timespec ts;
    nseen = 0;
    poller_stop = 0;
    VT_CHECK_EQ_INT(virt_domain_event_register(conn, on_event, NULL), 0);
    VT_CHECK_EQ_INT(pthread_create(&th, NULL, poller, conn), 0);
    clock_gettime(CLOCK_MONOTONIC, &ts);
    t0 = (double)ts.tv_sec + ts.tv_nsec / 1e9;
    for (i = 0; i < 40 && ok; i++) {
        virDomainPtr d = virDomainLookupByID(conn, 2);
        char v[16];
        ok = d != NULL && virConnectNumOfDomains(conn) == 3;
        snprintf(v, sizeof v, "%d", 200000 + i);
        if (virt_xs_write(raw, 0, "/local/domain/2/memory/target", v, strlen(v), &st) != VIRT_OK) ok = 0;
        if (d) virDomainFree(d);
    }
    VT_CHECK(ok);
    xsf_sleep_ms(300);
    poller_stop = 1;
    VT_CHECK_EQ_INT(pthread_join(th, NULL), 0);
    clock_gettime(CLOCK_MONOTONIC, &ts);
    /* 40 rounds of calls did not wait for the poller's 50 ms slices */
    VT_CHECK((double)ts.tv_sec + ts.tv_nsec / 1e9 - t0 < 5.0);
    VT_CHECK(poller_calls > 0);
    VT_CHECK(find_event(VIRT_DOMAIN_EVENT_MEMORY, "hvm1") >= 0);
    if (nseen > 0) VT_CHECK_EQ_INT(seen[nseen - 1].detail, 200039);
    VT_CHECK_EQ_INT(virt_domain_event_deregister(conn, on_event), 0);
}

int main(int argc, char **argv)
{
    virConnectPtr conn;
    virt_status st;
    virt_xs *raw;
    pid_t pid;
    if (argc < 2) VT_SKIP("usage: test_xs_driver FAKE_XENSTORED_PY");
    virSetErrorFunc(NULL, quiet);
    pid = xsf_start_for_test(argv[1], sock, sizeof sock, "driver", 1, 1);
    fake_pid = pid;

    conn = virConnectOpen("xen:///");
    VT_CHECK(conn != NULL);
    raw = virt_xs_open(sock, 0, &st);
    VT_CHECK(raw != NULL);
    if (conn && raw) {
        test_queries(conn);
        test_changes(conn, raw);
        test_refused_vm_path(conn, raw);
        test_readonly();
        test_events(conn, raw);
        test_event_flood(conn, raw);
        if (!virt_no_threads) test_threads(conn, raw);    /* without locks: one thread only */
    }
    if (conn) virConnectClose(conn);
    virt_xs_close(raw);
    xsf_stop(pid);
    unlink(sock);

    /* no daemon: the xenstore backend fails to open, with a clear reason */
    setenv("XENSTORED_PATH", sock, 1);
    conn = virConnectOpen("xen:///");
    if (conn) {
        virConnectClose(conn);        /* another backend (a real node) opened */
    } else {
        virErrorPtr e = virGetLastError();
        VT_CHECK(e && e->message && strstr(e->message, "xenstore") != NULL);
    }
    return vt_summary("test_xs_driver");
}
