/* tests/remote/test_remote_events.c - libvirt's event API through virt's
 * remote driver, against Debian's libvirtd (run_remote.sh starts it):
 *   test_remote_events URI SECURE PYSCRIPT
 *       callbacks registered with virConnectDomainEventRegisterAny (all
 *       domains, and one for the domain "vre" only) get, from the default
 *       event loop, the six lifecycle events python3-libvirt's changes make
 *       the daemon push (remote_events.py), in order, with libvirt's
 *       details; keepalive is accepted (the daemon has the feature);
 *       IsAlive 1, IsEncrypted 0, IsSecure SECURE
 *   test_remote_events --close URI PID
 *       the close callback runs from the loop, reason EOF, within 3 s of
 *       the daemon's death; IsAlive then says 0; unregistering runs the
 *       free callback once */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"
#include <signal.h>
#include <time.h>

static int got[16][2], ngot, nfiltered, closed_reason = -1, freed;

static void quiet(void *data, virErrorPtr e) { (void)data; (void)e; }

static void on_any(virConnectPtr c, virDomainPtr d, int event, int detail, void *opaque)
{
    (void)c; (void)opaque;
    if (strcmp(virDomainGetName(d), "vre") != 0 || ngot >= 16) return;
    got[ngot][0] = event;
    got[ngot][1] = detail;
    ngot++;
}

static void on_vre(virConnectPtr c, virDomainPtr d, int event, int detail, void *opaque)
{
    (void)c; (void)event; (void)detail; (void)opaque;
    if (strcmp(virDomainGetName(d), "vre") == 0) nfiltered++;
}

static void on_close(virConnectPtr c, int reason, void *opaque)
{
    (void)c; (void)opaque;
    closed_reason = reason;
}

static void on_free(void *opaque) { (void)opaque; freed++; }

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void guard(int timer, void *opaque) { (void)timer; *(int *)opaque = 1; }

/* Runs the default loop until done() or seconds pass. */
static void run_loop(int (*done)(void), double seconds)
{
    double until = now_s() + seconds;
    int fired = 0, t = virEventAddTimeout(50, guard, &fired, NULL);
    while (!done() && now_s() < until) virEventRunDefaultImpl();
    virEventRemoveTimeout(t);
}

static int six_events(void) { return ngot >= 6 && nfiltered >= 6; }
static int close_seen(void) { return closed_reason >= 0; }

static void events(virConnectPtr conn, int secure, const char *script, const char *uri)
{
    static const int want[6][2] = {
        { VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_ADDED },
        { VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED },
        { VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED },
        { VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED },
        { VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED },
        { VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED } };
    char cmd[4096];
    int any, one, i;
    virDomainPtr vre;
    VT_CHECK_EQ_INT(virConnectIsAlive(conn), 1);
    VT_CHECK_EQ_INT(virConnectIsEncrypted(conn), 0);
    VT_CHECK_EQ_INT(virConnectIsSecure(conn), secure);
    VT_CHECK_EQ_INT(virConnectSetKeepAlive(conn, 5, 3), 0);
    any = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                           VIR_DOMAIN_EVENT_CALLBACK(on_any), NULL, on_free);
    VT_CHECK_EQ_INT(any, 0);
    /* a filter by domain needs the domain: define it first, through virt */
    vre = virDomainDefineXML(conn, "<domain type='test'><name>vre</name>"
                                   "<uuid>33333333-2222-3333-4444-555555555555</uuid><memory>65536</memory>"
                                   "<os><type>hvm</type></os></domain>");
    VT_CHECK(vre != NULL);
    if (!vre) return;
    one = virConnectDomainEventRegisterAny(conn, vre, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                           VIR_DOMAIN_EVENT_CALLBACK(on_vre), NULL, on_free);
    VT_CHECK_EQ_INT(one, 1);
    VT_CHECK_EQ_INT(virDomainUndefine(vre), 0);
    virDomainFree(vre);
    run_loop(six_events, 0.5);           /* our own define/undefine: two events */
    VT_CHECK_EQ_INT(ngot, 2);
    ngot = 0;
    nfiltered = 0;
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s'", script, uri);
    VT_CHECK_EQ_INT(system(cmd), 0);
    run_loop(six_events, 5.0);
    VT_CHECK_EQ_INT(ngot, 6);
    VT_CHECK_EQ_INT(nfiltered, 6);
    for (i = 0; i < 6 && i < ngot; i++) {
        VT_CHECK_EQ_INT(got[i][0], want[i][0]);
        VT_CHECK_EQ_INT(got[i][1], want[i][1]);
    }
    VT_CHECK_EQ_INT(virConnectDomainEventDeregisterAny(conn, one), 0);
    VT_CHECK_EQ_INT(virConnectDomainEventDeregisterAny(conn, any), 0);
    VT_CHECK_EQ_INT(freed, 2);
}

static void close_callback(virConnectPtr conn, int pid)
{
    double t0;
    VT_CHECK_EQ_INT(virConnectRegisterCloseCallback(conn, on_close, NULL, on_free), 0);
    VT_CHECK_EQ_INT(virConnectRegisterCloseCallback(conn, on_close, NULL, on_free), -1);
    VT_CHECK(virGetLastError() && virGetLastError()->code == VIR_ERR_OPERATION_INVALID);
    VT_CHECK_EQ_INT(virConnectUnregisterCloseCallback(conn, (virConnectCloseFunc)(void (*)(void))on_free), -1);
    run_loop(close_seen, 0.3);
    VT_CHECK_EQ_INT(closed_reason, -1);
    t0 = now_s();
    kill(pid, SIGKILL);
    run_loop(close_seen, 5.0);
    VT_CHECK_EQ_INT(closed_reason, VIR_CONNECT_CLOSE_REASON_EOF);
    VT_CHECK(now_s() - t0 < 3.0);
    VT_CHECK_EQ_INT(virConnectIsAlive(conn), 0);
    VT_CHECK_EQ_INT(virConnectUnregisterCloseCallback(conn, on_close), 0);
    VT_CHECK_EQ_INT(freed, 1);
}

int main(int argc, char **argv)
{
    virConnectPtr conn;
    int closing = argc > 3 && strcmp(argv[1], "--close") == 0;
    if (argc < 4) { fprintf(stderr, "usage: %s URI SECURE PYSCRIPT | --close URI PID\n", argv[0]); return 2; }
    virSetErrorFunc(NULL, quiet);
    VT_CHECK_EQ_INT(virEventRegisterDefaultImpl(), 0);
    conn = virConnectOpen(argv[closing ? 2 : 1]);
    VT_CHECK(conn != NULL);
    if (!conn) return vt_summary("remote_events");
    if (closing) close_callback(conn, atoi(argv[3]));
    else events(conn, atoi(argv[2]), argv[3], argv[1]);
    VT_CHECK_EQ_INT(virConnectClose(conn), 0);
    run_loop(close_seen, 0.1);        /* the removed timer's binding is freed */
    return vt_summary(closing ? "remote_close_callback" : "remote_events");
}
