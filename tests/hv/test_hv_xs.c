/* tests/hv/test_hv_xs.c - one xen:/// connection with two real backends:
 * the hypervisor backend on the simulated hypervisor (hv_sim.c) and the
 * xenstore backend on tests/xs/fake_xenstored.py (seeded as a dom0 with the
 * guests "tiny" (1) and "hvm1" (2)). Checks the documented dispatch order
 * (docs/backends.md) end to end: who lists, who names, who answers info,
 * who changes state, and that a domain the store still lists but Xen no
 * longer runs is not reported. Then the events the xenstore backend takes
 * from the hypervisor: SUSPENDED/RESUMED from the sampled paused flag
 * (docs/events.md), also while a poll with a timeout waits.
 *
 *   test_hv_xs PATH/TO/fake_xenstored.py      (skips with 77 without python3) */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "virt_test_api.h"
#include "hv_sim.h"
#include "../xs/xs_fake.h"

#include <stdlib.h>
#include <pthread.h>
#include <time.h>

static hv_sim sim;

static int handler_calls = 0;
static void quiet(void *data, virErrorPtr err) { (void)data; (void)err; handler_calls++; }

static int last_code(void)
{
    virErrorPtr e = virGetLastError();
    return e ? e->code : 0;
}

/* the seed's UUIDs (fake_xenstored.py) as the hypervisor's handles */
static void set_handle(unsigned int domid, const char *uuid)
{
    hv_sim_domain *d = hv_sim_find(&sim, domid);
    if (d) (void)virt_uuid_parse(uuid, d->handle);
}

/* After a poll that reported one event: N events in all, the last one
 * EVENT (detail 0) for tiny, and a second poll has nothing to add. */
static void check_last_event(virConnectPtr c, const vt_event_log *ev, int n, int event)
{
    VT_CHECK_EQ_INT(ev->n, n);
    if (ev->n != n) return;
    VT_CHECK_EQ_INT(ev->events[n - 1], event);
    VT_CHECK_EQ_INT(ev->details[n - 1], 0);
    VT_CHECK_EQ_STR(ev->names[n - 1], "tiny");
    VT_CHECK_EQ_INT(virt_domain_event_poll(c, 0), 0);
    VT_CHECK_EQ_INT(ev->n, n);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Suspends tiny through the API from another thread, 150 ms after it
 * starts, while the main thread waits in virt_domain_event_poll. The
 * simulator is touched only under the connection's call lock (the API
 * call here, the pause sample in the poll). */
typedef struct pauser_arg {
    virDomainPtr dom;
    int rc;
} pauser_arg;
static void *pauser(void *arg)
{
    pauser_arg *a = (pauser_arg *)arg;
    struct timespec ts;
    ts.tv_sec = 0;
    ts.tv_nsec = 150 * 1000000L;
    nanosleep(&ts, NULL);
    a->rc = virDomainSuspend(a->dom);
    return NULL;
}

/* SUSPENDED/RESUMED from the hypervisor's paused flag (docs/events.md):
 * once per change, one getdomaininfolist hypercall per sample, and within
 * VIRT_XS_PAUSE_SAMPLE_MS while a poll with a timeout waits. */
static void check_pause_events(virConnectPtr c, virDomainPtr tiny)
{
    vt_event_log ev;
    long calls;
    long long t0, elapsed;
    pthread_t th;
    pauser_arg arg;
    int rc;

    memset(&ev, 0, sizeof ev);
    VT_CHECK_EQ_INT(virt_domain_event_register(c, vt_record_event, &ev), 0);
    /* nothing changed since registration: nothing reported, and the sample
     * is one batched hypercall (not one per domain) */
    calls = sim.list_calls;
    VT_CHECK_EQ_INT(virt_domain_event_poll(c, 0), 0);
    VT_CHECK_EQ_INT(sim.list_calls - calls, 1);
    VT_CHECK_EQ_INT(ev.n, 0);

    /* paused behind virt's back (as `xl pause` would): SUSPENDED once */
    hv_sim_find(&sim, 1)->flags |= HV_SIM_PAUSED;
    VT_CHECK_EQ_INT(virt_domain_event_poll(c, 0), 1);
    check_last_event(c, &ev, 1, VIRT_DOMAIN_EVENT_SUSPENDED);
    VT_CHECK_EQ_INT(virt_domain_event_poll(c, 0), 0);   /* still no duplicate */

    /* resumed through the API: RESUMED once */
    VT_CHECK_EQ_INT(virDomainResume(tiny), 0);
    VT_CHECK_EQ_INT(virt_domain_event_poll(c, 0), 1);
    check_last_event(c, &ev, 2, VIRT_DOMAIN_EVENT_RESUMED);

    /* a quiet poll with a timeout waits it out, sampling every
     * VIRT_XS_PAUSE_SAMPLE_MS: a few hypercalls, not a busy loop */
    calls = sim.list_calls;
    t0 = now_ms();
    VT_CHECK_EQ_INT(virt_domain_event_poll(c, 300), 0);
    elapsed = now_ms() - t0;
    VT_CHECK(elapsed >= 290);
    VT_CHECK(sim.list_calls - calls >= 2 && sim.list_calls - calls <= 300 / VIRT_XS_PAUSE_SAMPLE_MS + 2);
    VT_CHECK_EQ_INT(ev.n, 2);

    /* paused by another thread while this one waits in a 5 s poll: the
     * poll returns with SUSPENDED about one sample interval after it */
    arg.dom = tiny;
    arg.rc = -2;
    VT_CHECK_EQ_INT(pthread_create(&th, NULL, pauser, &arg), 0);
    t0 = now_ms();
    rc = virt_domain_event_poll(c, 5000);
    elapsed = now_ms() - t0;
    VT_CHECK_EQ_INT(pthread_join(th, NULL), 0);
    VT_CHECK_EQ_INT(arg.rc, 0);
    VT_CHECK_EQ_INT(rc, 1);
    VT_CHECK(elapsed >= 100);
    VT_CHECK(elapsed < 150 + VIRT_XS_PAUSE_SAMPLE_MS + 1000);   /* well before the 5 s timeout */
    check_last_event(c, &ev, 3, VIRT_DOMAIN_EVENT_SUSPENDED);

    /* paused and resumed between two samples: nothing to report (the
     * flags are sampled, not watched) */
    VT_CHECK_EQ_INT(virDomainResume(tiny), 0);
    VT_CHECK_EQ_INT(virt_domain_event_poll(c, 0), 1);
    VT_CHECK_EQ_INT(ev.n, 4);
    VT_CHECK_EQ_INT(ev.events[3], VIRT_DOMAIN_EVENT_RESUMED);
    VT_CHECK_EQ_INT(virDomainSuspend(tiny), 0);
    VT_CHECK_EQ_INT(virDomainResume(tiny), 0);
    VT_CHECK_EQ_INT(virt_domain_event_poll(c, 0), 0);
    VT_CHECK_EQ_INT(ev.n, 4);

    VT_CHECK_EQ_INT(virt_domain_event_deregister(c, vt_record_event), 0);
}

static void check(virConnectPtr c)
{
    virDomainPtr d0, tiny, byname, byuuid;
    virDomainInfo info;
    unsigned char zero[VIR_UUID_BUFLEN];
    int ids[8];
    char *os;
    long changes;

    VT_CHECK(((virt__xen *)c->priv)->hv.drv != NULL);      /* the router's backends */
    VT_CHECK(((virt__xen *)c->priv)->xs.drv != NULL);

    /* the store lists 0, 1, 2; the hypervisor runs 0 and 1: it answers */
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 2);
    VT_CHECK_EQ_INT(virConnectListDomains(c, ids, 8), 2);

    /* Domain-0 named by the store first, which has no vm/ path (no UUID)
     * for it: asking for the UUID completes it from the hypervisor's handle */
    byname = virDomainLookupByName(c, "Domain-0");
    VT_CHECK(byname != NULL);
    if (byname) {
        char s[VIR_UUID_STRING_BUFLEN];
        VT_CHECK_EQ_INT(virDomainGetUUIDString(byname, s), 0);
        VT_CHECK_EQ_STR(s, "00000000-0000-0000-0000-000000000000");
        virDomainFree(byname);
    }

    d0 = virDomainLookupByID(c, 0);
    VT_CHECK_EQ_STR(d0 ? virDomainGetName(d0) : NULL, "Domain-0");
    tiny = virDomainLookupByID(c, 1);                 /* named by xenstore */
    VT_CHECK_EQ_STR(tiny ? virDomainGetName(tiny) : NULL, "tiny");
    if (!tiny) { if (d0) virDomainFree(d0); return; }
    byname = virDomainLookupByName(c, "tiny");
    VT_CHECK(byname == tiny);
    if (byname) virDomainFree(byname);
    byuuid = virDomainLookupByUUIDString(c, "aa03ba70-e832-11f1-a634-33f88c26d566");
    VT_CHECK(byuuid == tiny);
    if (byuuid) virDomainFree(byuuid);
    memset(zero, 0, sizeof zero);
    byuuid = virDomainLookupByUUID(c, zero);          /* dom0: the hypervisor's */
    VT_CHECK(byuuid != NULL && byuuid == d0);
    if (byuuid) virDomainFree(byuuid);
    /* in the store, gone from Xen: the hypervisor's answer wins */
    VT_CHECK(virDomainLookupByID(c, 2) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_NO_DOMAIN);

    /* info from the hypervisor (state and pages), OS type from the store */
    VT_CHECK_EQ_INT(virDomainGetInfo(tiny, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_BLOCKED);
    VT_CHECK_EQ_INT(info.memory, 30720ul * 4);
    VT_CHECK_EQ_INT(info.maxMem, 33024ul * 4);
    os = virDomainGetOSType(tiny);
    VT_CHECK_EQ_STR(os, "linux");
    free(os);

    /* no xend here: suspend/resume and setmaxmem reach Xen */
    changes = sim.state_changes;
    VT_CHECK_EQ_INT(virDomainSuspend(tiny), 0);
    VT_CHECK(hv_sim_find(&sim, 1)->flags & HV_SIM_PAUSED);
    VT_CHECK(virDomainGetInfo(tiny, &info) == 0 && info.state == VIR_DOMAIN_PAUSED);
    VT_CHECK_EQ_INT(virDomainResume(tiny), 0);
    /* setmaxmem goes through the xenstore backend, as libxl does it: the
     * domctl gets the toolstack's 1024 KiB slack above the new maximum, and
     * memory/static-max the maximum itself (what `xl list -l` shows) */
    VT_CHECK_EQ_INT(virDomainSetMaxMemory(tiny, 163840), 0);
    VT_CHECK_EQ_INT(hv_sim_find(&sim, 1)->max_pages, (163840 + 1024) / 4);
    VT_CHECK(virDomainSetMaxMemory(tiny, 4096) == -1);   /* below memory/target */
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK_EQ_INT(sim.state_changes - changes, 3);

    /* the balloon target is the store's (no hypercall) */
    changes = sim.state_changes;
    VT_CHECK_EQ_INT(virDomainSetMemory(tiny, 122880), 0);
    VT_CHECK_EQ_INT(sim.state_changes, changes);

    check_pause_events(c, tiny);

    virDomainFree(tiny);
    if (d0) virDomainFree(d0);
}

int main(int argc, char **argv)
{
    char sock[256];
    pid_t pid;
    virConnectPtr c;
    virt_open_config cfg;
    if (argc < 2) VT_SKIP("usage: test_hv_xs PATH/TO/fake_xenstored.py");
    virSetErrorFunc(NULL, quiet);
    pid = xsf_start_for_test(argv[1], sock, sizeof sock, "hv", 1, 1);

    hv_sim_init(&sim, "4.17");
    hv_sim_add(&sim, 1, HV_SIM_BLOCKED, 30720, 33024, 1);
    set_handle(1, "aa03ba70-e832-11f1-a634-33f88c26d566");
    memset(&cfg, 0, sizeof cfg);          /* the hypervisor hook of this connection */
    cfg.hv_ioctl = hv_sim_ioctl;
    cfg.hv_ioctl_ctx = &sim;

    /* xend is not reachable here: its failure to open must not reach the
     * error handler or the last error of a connection that opens anyway */
    handler_calls = 0;
    c = virt_connect_open_config("xen:///", 0, &cfg);
    VT_CHECK(c != NULL);
    VT_CHECK_EQ_INT(handler_calls, 0);
    VT_CHECK(virGetLastError() == NULL);
    VT_CHECK(c == NULL || virConnGetLastError(c) == NULL);
    if (c) {
        check(c);
        virConnectClose(c);
    }
    xsf_stop(pid);
    unlink(sock);
    return vt_summary("hv_xs");
}
