/* tests/remote/test_remote_live.c - virt's remote driver and libvirt's own
 * client (Debian's virsh) on one daemon at the same time:
 *   test_remote_live URI            changes each way, events, 8 threads
 *   test_remote_live --kill URI PID the daemon killed under a waiting call
 *   test_remote_live --keepalive SOCKET    the daemon's keepalive both ways
 *   test_remote_live --open URI [SOCKET]  a (new) daemon opens; xen:///system
 *                                   goes to it when no Xen backend opens
 * test:///default in libvirtd is shared by the connections open at the
 * same moment, so virt's connection stays open while virsh runs. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"
#include <pthread.h>
#include <signal.h>
#include <time.h>

static const char *uri;
static virConnectPtr conn;
static int events[64][2];
static int nevents;

static void quiet(void *data, virErrorPtr e) { (void)data; (void)e; }

static void on_event(virConnectPtr c, virDomainPtr d, int event, unsigned long long detail, void *opaque)
{
    (void)c; (void)opaque;
    if (strcmp(virDomainGetName(d), "vr3") != 0 || nevents >= 64) return;
    events[nevents][0] = event;
    events[nevents][1] = (int)detail;
    nevents++;
}

/* virsh -c URI ARGS, its stdout (static buffer), exit status in *status */
static const char *virsh(const char *args, int *status)
{
    static char out[8192];
    char cmd[2048];
    size_t n;
    FILE *f;
    snprintf(cmd, sizeof cmd, "virsh -q -c '%s' %s 2>&1", uri, args);
    f = popen(cmd, "r");
    if (!f) { *status = -1; return ""; }
    n = fread(out, 1, sizeof out - 1, f);
    out[n] = '\0';
    *status = pclose(f);
    return out;
}

/* Polls until an event (event, detail) for vr3 arrived, 5 s at most. */
static int saw_event(int event, int detail)
{
    int i, round;
    for (round = 0; round < 50; round++) {
        for (i = 0; i < nevents; i++)
            if (events[i][0] == event && (detail < 0 || events[i][1] == detail)) return 1;
        virt_domain_event_poll(conn, 100);
    }
    return 0;
}

static int state_of(const char *name)
{
    virDomainInfo info;
    virDomainPtr d = virDomainLookupByName(conn, name);
    int rc = d && virDomainGetInfo(d, &info) == 0 ? info.state : -1;
    virDomainFree(d);
    return rc;
}

static void *threads_body(void *arg)
{
    int i, *ok = (int *)arg;
    for (i = 0; i < 100; i++) {
        virDomainPtr d = virDomainLookupByName(conn, "test");
        virDomainInfo info;
        if (d && virDomainGetInfo(d, &info) == 0 && info.nrVirtCpu == 2) (*ok)++;
        virDomainFree(d);
    }
    return NULL;
}

static void both_ways(void)
{
    static const char *xml = "<domain type='test'><name>vr3</name><memory>262144</memory><vcpu>1</vcpu>"
                             "<os><type>hvm</type></os></domain>";
    virDomainPtr d;
    int st;
    const char *out;

    VT_CHECK_EQ_INT(virt_domain_event_register(conn, on_event, NULL), 0);
    d = virDomainDefineXML(conn, xml);                       /* virt -> virsh */
    VT_CHECK(d != NULL);
    VT_CHECK(saw_event(VIRT_DOMAIN_EVENT_DEFINED, -1));
    out = virsh("domstate vr3", &st);
    VT_CHECK(st == 0 && strstr(out, "shut off") != NULL);
    out = virsh("start vr3", &st);                           /* virsh -> virt */
    VT_CHECK_EQ_INT(st, 0);
    VT_CHECK(saw_event(VIRT_DOMAIN_EVENT_STARTED, 0));        /* booted */
    VT_CHECK_EQ_INT(state_of("vr3"), VIR_DOMAIN_RUNNING);
    out = virsh("suspend vr3", &st);
    VT_CHECK(saw_event(VIRT_DOMAIN_EVENT_SUSPENDED, 0));
    VT_CHECK_EQ_INT(state_of("vr3"), VIR_DOMAIN_PAUSED);
    VT_CHECK_EQ_INT(virDomainResume(d), 0);                  /* virt -> virsh */
    out = virsh("domstate vr3", &st);
    VT_CHECK(strstr(out, "running") != NULL);
    VT_CHECK_EQ_INT(virDomainSetMemory(d, 100000), 0);
    out = virsh("dominfo vr3", &st);
    VT_CHECK(strstr(out, "Used memory:    100000 KiB") != NULL);
    out = virsh("destroy vr3", &st);
    VT_CHECK(saw_event(VIRT_DOMAIN_EVENT_STOPPED, 1));        /* destroyed */
    VT_CHECK_EQ_INT(state_of("vr3"), VIR_DOMAIN_SHUTOFF);
    out = virsh("undefine vr3", &st);
    VT_CHECK(saw_event(VIRT_DOMAIN_EVENT_UNDEFINED, -1));
    VT_CHECK(virDomainLookupByName(conn, "vr3") == NULL);
    VT_CHECK_EQ_INT(virGetLastError()->code, VIR_ERR_NO_DOMAIN);
    virDomainFree(d);
    (void)out;
}

/* issue 14's calls seen by virsh (libvirt's client) on the same daemon:
 * what virt pins, renames and reads, virsh shows the same; and the one
 * call the Python comparison cannot make (setSchedulerParametersFlags:
 * python3-libvirt reads the parameters with the same flags first). */
static void pin_rename_sched(void)
{
    static const char *xml = "<domain type='test'><name>vr5</name><memory>65536</memory><vcpu>2</vcpu>"
                             "<os><type>hvm</type></os></domain>";
    unsigned char pin[1] = {0}, *map = NULL;
    unsigned int online = 0;
    virTypedParameter tp;
    virDomainPtr d;
    int st, n = 1;
    const char *out;
    VT_CHECK_EQ_INT(virNodeGetCPUMap(conn, &map, &online, 0), 8);
    out = virsh("nodecpumap", &st);
    VT_CHECK(st == 0 && strstr(out, "CPUs online:    3") && strstr(out, "CPU map:        y-y-y---")
             && map && map[0] == 0x15 && online == 3);
    free(map);
    d = virDomainCreateXML(conn, xml, 0);
    VT_CHECK(d != NULL);
    if (!d) return;
    VIR_USE_CPU(pin, 2);
    VT_CHECK_EQ_INT(virDomainPinVcpu(d, 1, pin, 1), 0);
    out = virsh("vcpuinfo vr5", &st);
    VT_CHECK(st == 0 && strstr(out, "CPU Affinity:   --y-----") != NULL);
    memset(&tp, 0, sizeof tp);
    VT_CHECK_EQ_INT(virDomainGetSchedulerParameters(d, &tp, &n), 0);
    out = virsh("schedinfo vr5", &st);
    VT_CHECK(n == 1 && strcmp(tp.field, "weight") == 0 && tp.value.ui == 50 && strstr(out, "weight         : 50"));
    VT_CHECK_EQ_INT(virDomainSetSchedulerParametersFlags(d, &tp, 1, VIR_DOMAIN_AFFECT_LIVE), -1);
    VT_CHECK(virGetLastError() && virGetLastError()->code == VIR_ERR_INVALID_ARG
             && strstr(virGetLastError()->message, "testDomainSetSchedulerParametersFlags") != NULL);
    VT_CHECK_EQ_INT(virDomainSetSchedulerParametersFlags(d, &tp, 1, 0), 0);
    VT_CHECK_EQ_INT(virDomainDestroy(d), 0);
    virDomainFree(d);
    xml = "<domain type='test'><name>vr6</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>";
    d = virDomainDefineXML(conn, xml);
    VT_CHECK(d != NULL);
    if (!d) return;
    VT_CHECK_EQ_INT(virDomainRename(d, "vr6b", 0), 0);
    VT_CHECK_EQ_STR(virDomainGetName(d), "vr6b");
    out = virsh("list --all --name", &st);
    VT_CHECK(st == 0 && strstr(out, "vr6b") != NULL && strstr(out, "vr6\n") == NULL);
    out = virsh("undefine vr6b", &st);
    VT_CHECK_EQ_INT(st, 0);
    virDomainFree(d);
}

static int poller_stop;
static pthread_mutex_t poller_lock = PTHREAD_MUTEX_INITIALIZER;

static int poller_stopped(void)
{
    int stop;
    pthread_mutex_lock(&poller_lock);
    stop = poller_stop;
    pthread_mutex_unlock(&poller_lock);
    return stop;
}

/* Waits for events the whole time, without the connection's call lock:
 * the eight callers' replies then often arrive while this thread reads. */
static void *poller_body(void *arg)
{
    int *polls = (int *)arg;
    while (!poller_stopped()) { if (virt_domain_event_poll(conn, 50) >= 0) (*polls)++; }
    return NULL;
}

static void many_threads(void)
{
    pthread_t t[8], poller;
    int ok[8] = {0}, i, total = 0, polls = 0;
    poller_stop = 0;
    pthread_create(&poller, NULL, poller_body, &polls);
    for (i = 0; i < 8; i++) pthread_create(&t[i], NULL, threads_body, &ok[i]);
    for (i = 0; i < 8; i++) { pthread_join(t[i], NULL); total += ok[i]; }
    pthread_mutex_lock(&poller_lock);
    poller_stop = 1;
    pthread_mutex_unlock(&poller_lock);
    pthread_join(poller, NULL);
    VT_CHECK_EQ_INT(total, 800);
    VT_CHECK(polls > 0);
}

static void *poll_body(void *arg)
{
    int *rc = (int *)arg;
    *rc = virt_domain_event_poll(conn, 20000);
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The daemon dies while a thread waits on the connection: the wait ends at
 * once with libvirt's error for a dead socket, and so does every call. */
static void killed(int pid)
{
    pthread_t t;
    int rc = 0;
    double t0;
    virErrorPtr e;
    VT_CHECK_EQ_INT(virt_domain_event_register(conn, on_event, NULL), 0);
    pthread_create(&t, NULL, poll_body, &rc);
    usleep(300000);
    t0 = now_s();
    kill(pid, SIGKILL);
    pthread_join(t, NULL);
    VT_CHECK_EQ_INT(rc, -1);
    VT_CHECK(now_s() - t0 < 3.0);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), -1);
    e = virGetLastError();
    VT_CHECK(e && e->domain == VIR_FROM_RPC && e->code == VIR_ERR_SYSTEM_ERROR);
}

/* Keepalive with the real daemon (keepalive_interval 1, count 2 in
 * daemons.sh): once asked (feature 10) it pings; a client that reads
 * answers and stays, one that nobody reads is dropped; our own PINGs get
 * PONGs. The protocol library alone, on the daemon's socket. */
static virt_rpc_client *ka_open(const char *sock)
{
    virt_status st;
    virt_rpc_error err;
    int supported = 0;
    virt_rpc_client *c = virt_rpc_connect_unix(sock, &st);
    if (!c) return NULL;
    if (virt_rpc_open_session(c, "test:///default", 0, &err, &st) != VIRT_OK ||
        virt_rpc_supports_feature(c, VIRT_RPC_FEATURE_PROGRAM_KEEPALIVE, &supported, &err, &st) != VIRT_OK ||
        !supported) {
        virt_rpc_close(c);
        return NULL;
    }
    return c;
}

static void keepalive(const char *sock)
{
    virt_rpc_client *c = ka_open(sock), *mine = ka_open(sock);
    virt_rpc_error err;
    virt_rpc_event ev;
    virt_status st;
    char *s = NULL;
    double t0 = now_s();
    VT_CHECK(c != NULL && mine != NULL);
    if (!c || !mine) return;
    virt_rpc_set_keepalive(mine, 1, 2);
    /* 4 s of waiting readers: the daemon's pings are answered */
    while (now_s() - t0 < 4.0) {
        if (virt_rpc_next_event(c, 200, &ev, &st) == VIRT_OK) free(ev.payload);
        if (virt_rpc_next_event(mine, 200, &ev, &st) == VIRT_OK) free(ev.payload);
    }
    VT_CHECK(virt_rpc_is_alive(c, NULL));
    VT_CHECK(virt_rpc_is_alive(mine, NULL));
    VT_CHECK_EQ_INT(virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_TYPE, &s, &err, &st), VIRT_OK);
    free(s);
    /* nobody reads for 5 s: the daemon gives up on us and closes */
    sleep(5);
    VT_CHECK(virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_TYPE, &s, &err, &st) != VIRT_OK);
    VT_CHECK(st.code == VIRT_E_CLOSED || st.code == VIRT_E_IO);
    virt_rpc_close(c);
    virt_rpc_close(mine);
}

int main(int argc, char **argv)
{
    int mode = 0;
    if (argc > 2 && strcmp(argv[1], "--keepalive") == 0) {
        keepalive(argv[2]);
        return vt_summary("remote_keepalive");
    }
    if (argc > 2 && strcmp(argv[1], "--kill") == 0) mode = 1;
    if (argc > 2 && strcmp(argv[1], "--open") == 0) mode = 2;
    uri = argv[mode ? 2 : 1];
    if (!uri) { fprintf(stderr, "usage: %s [--kill|--open] URI [PID]\n", argv[0]); return 2; }
    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpen(uri);
    VT_CHECK(conn != NULL);
    if (!conn) return vt_summary("remote_live");
    if (mode == 0) { both_ways(); pin_rename_sched(); many_threads(); }
    if (mode == 1 && argc > 3) killed(atoi(argv[3]));
    if (mode == 2) VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), 1);
    if (mode == 2 && argc > 3) {
        /* xen:///system that no local Xen backend opens is asked of the
         * daemon, whose answer (it has no libxl driver here) proves it */
        char xen[1100];
        snprintf(xen, sizeof xen, "xen:///system?socket=%s", argv[3]);
        VT_CHECK(virConnectOpen(xen) == NULL);
        VT_CHECK(virGetLastError() && strstr(virGetLastError()->message, "no connection driver available for xen:///system"));
    }
    virConnectClose(conn);
    return vt_summary("remote_live");
}
