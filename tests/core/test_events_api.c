/* tests/core/test_events_api.c - libvirt's event API on the test driver
 * beyond the transcript core_events_libvirt compares with libvirt:
 *   - a flood: 100 000 lifecycle changes with the loop not running queue at
 *     most the test driver's 256 events (the oldest are dropped), and one
 *     loop iteration then delivers exactly those, in order;
 *   - the loop on its own thread while this one changes the domain and
 *     deregisters: every change delivered, none after the deregistration
 *     (and the dispatch that ran meanwhile) is over, the free callback once;
 *   - two connections to test:///default with the loop on its own thread:
 *     changes made through the second reach the callbacks of both, while a
 *     third connection registers, closes and goes away again and again;
 *   - the timer: gone after the last deregistration (nothing fires), a new
 *     registration works again, a connection freed with a registration
 *     made and removed leaves no timer behind that touches it.
 * Runs under valgrind (label memcheck). */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "test_common.h"
#include <pthread.h>

static int delivered, last_event, freed, in_order = 1;
/* the loop thread writes them, the main thread reads them */
#define VT_GET(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define VT_BUMP(x) __atomic_fetch_add(&(x), 1, __ATOMIC_SEQ_CST)

static void count_cb(virConnectPtr c, virDomainPtr d, int event, int detail, void *opaque)
{
    (void)c; (void)d; (void)detail; (void)opaque;
    /* suspend/resume alternate: each event differs from the one before */
    if (VT_GET(delivered) && event == last_event) in_order = 0;
    last_event = event;
    VT_BUMP(delivered);
}

static void free_cb(void *opaque) { (void)opaque; VT_BUMP(freed); }

static void guard(int timer, void *opaque) { (void)timer; *(int *)opaque = 1; }

static void run_for(int ms)
{
    int fired = 0, t = virEventAddTimeout(ms, guard, &fired, NULL);
    while (!fired) virEventRunDefaultImpl();
    virEventRemoveTimeout(t);
}

static void flood(virConnectPtr conn, virDomainPtr dom)
{
    int i, id;
    id = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          VIR_DOMAIN_EVENT_CALLBACK(count_cb), NULL, free_cb);
    VT_CHECK(id >= 0);
    for (i = 0; i < 50000; i++) {
        if (virDomainSuspend(dom) < 0 || virDomainResume(dom) < 0) break;
    }
    VT_CHECK_EQ_INT(i, 50000);
    run_for(30);
    VT_CHECK_EQ_INT(delivered, 256);          /* VIRT__TEST_MAX_EVENTS: the newest 256 */
    VT_CHECK(in_order);
    VT_CHECK_EQ_INT(last_event, VIR_DOMAIN_EVENT_RESUMED);
    VT_CHECK_EQ_INT(virConnectDomainEventDeregisterAny(conn, id), 0);
    VT_CHECK_EQ_INT(freed, 1);
}

static int loop_stop;
static void *loop_body(void *arg)
{
    (void)arg;
    while (!VT_GET(loop_stop)) virEventRunDefaultImpl();
    return NULL;
}

static int wake_timer;
static void nop_timer(int timer, void *opaque) { (void)timer; (void)opaque; }

static void threaded(virConnectPtr conn, virDomainPtr dom)
{
#ifndef VIRT_NO_THREADS
    pthread_t t;
    int id, i, after;
    __atomic_store_n(&delivered, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&freed, 0, __ATOMIC_SEQ_CST);
    wake_timer = virEventAddTimeout(5, nop_timer, NULL, NULL);   /* the loop never sleeps long */
    id = virConnectDomainEventRegisterAny(conn, dom, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          VIR_DOMAIN_EVENT_CALLBACK(count_cb), NULL, free_cb);
    VT_CHECK(id >= 0);
    pthread_create(&t, NULL, loop_body, NULL);
    for (i = 0; i < 20; i++) {
        VT_CHECK_EQ_INT(virDomainSuspend(dom), 0);
        usleep(20000);
        VT_CHECK_EQ_INT(virDomainResume(dom), 0);
        usleep(20000);
    }
    VT_CHECK_EQ_INT(VT_GET(delivered), 40);
    VT_CHECK_EQ_INT(virConnectDomainEventDeregisterAny(conn, id), 0);
    usleep(50000);
    after = VT_GET(delivered);
    VT_CHECK_EQ_INT(virDomainSuspend(dom), 0);
    VT_CHECK_EQ_INT(virDomainResume(dom), 0);
    usleep(50000);
    VT_CHECK_EQ_INT(VT_GET(delivered), after);
    VT_CHECK_EQ_INT(VT_GET(freed), 1);
    __atomic_store_n(&loop_stop, 1, __ATOMIC_SEQ_CST);
    pthread_join(t, NULL);
    virEventRemoveTimeout(wake_timer);
#else
    (void)conn; (void)dom;
#endif
}

static int delivered2;
static void count2_cb(virConnectPtr c, virDomainPtr d, int event, int detail, void *opaque)
{
    (void)c; (void)d; (void)event; (void)detail; (void)opaque;
    VT_BUMP(delivered2);
}

static void two_connections(virConnectPtr conn)
{
#ifndef VIRT_NO_THREADS
    pthread_t t;
    virConnectPtr c2 = virConnectOpen("test:///default");
    virDomainPtr d2;
    int id1, id2, i;
    VT_CHECK(c2 != NULL);
    if (!c2) return;
    d2 = virDomainLookupByName(c2, "test");
    VT_CHECK(d2 != NULL);
    __atomic_store_n(&delivered, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&loop_stop, 0, __ATOMIC_SEQ_CST);
    in_order = 1;
    wake_timer = virEventAddTimeout(5, nop_timer, NULL, NULL);
    id1 = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                           VIR_DOMAIN_EVENT_CALLBACK(count_cb), NULL, NULL);
    id2 = virConnectDomainEventRegisterAny(c2, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                           VIR_DOMAIN_EVENT_CALLBACK(count2_cb), NULL, NULL);
    VT_CHECK(id1 >= 0 && id2 > id1);                 /* one counter for the shared node */
    pthread_create(&t, NULL, loop_body, NULL);
    for (i = 0; d2 && i < 20; i++) {
        virConnectPtr c3 = virConnectOpen("test:///default");
        int id3 = c3 ? virConnectDomainEventRegisterAny(c3, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                        VIR_DOMAIN_EVENT_CALLBACK(count2_cb), NULL, NULL)
                     : -1;
        VT_CHECK(id3 > id2);
        VT_CHECK_EQ_INT(virDomainSuspend(d2), 0);
        if (c3) {   /* gone with its registration while the event may be in flight */
            /* the registration holds it (and, for a moment, a dispatch
             * running in the loop thread may hold one more) */
            VT_CHECK(virConnectClose(c3) >= 1);
            VT_CHECK_EQ_INT(virConnectDomainEventDeregisterAny(c3, id3), 0);
        }
        usleep(20000);
        VT_CHECK_EQ_INT(virDomainResume(d2), 0);
        usleep(20000);
    }
    VT_CHECK_EQ_INT(VT_GET(delivered), 40);
    VT_CHECK(VT_GET(delivered2) >= 40);              /* c2's, plus what each c3 saw */
    VT_CHECK(in_order);
    __atomic_store_n(&loop_stop, 1, __ATOMIC_SEQ_CST);
    pthread_join(t, NULL);
    virEventRemoveTimeout(wake_timer);
    VT_CHECK_EQ_INT(virConnectDomainEventDeregisterAny(conn, id1), 0);
    VT_CHECK_EQ_INT(virConnectDomainEventDeregisterAny(c2, id2), 0);
    if (d2) virDomainFree(d2);
    VT_CHECK_EQ_INT(virConnectClose(c2), 0);
#else
    (void)conn;
#endif
}

/* After the last deregistration the connection has no timer: closing it
 * and running the loop touches nothing (valgrind would see it). */
static void timer_lifetime(void)
{
    virConnectPtr c = virConnectOpen("test:///default");
    int id;
    VT_CHECK(c != NULL);
    if (!c) return;
    id = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          VIR_DOMAIN_EVENT_CALLBACK(count_cb), NULL, NULL);
    VT_CHECK_EQ_INT(id, 0);
    VT_CHECK_EQ_INT(virConnectClose(c), 1);          /* the registration holds it */
    VT_CHECK_EQ_INT(virConnectDomainEventDeregisterAny(c, id), 0);   /* the last reference */
    run_for(20);
    c = virConnectOpen("test:///default");           /* may reuse the freed connection */
    VT_CHECK(c != NULL);
    if (!c) return;
    id = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          VIR_DOMAIN_EVENT_CALLBACK(count_cb), NULL, NULL);
    VT_CHECK_EQ_INT(id, 0);                          /* ids count from 0 per connection */
    VT_CHECK_EQ_INT(virConnectDomainEventDeregisterAny(c, id), 0);
    VT_CHECK_EQ_INT(virConnectClose(c), 0);
    run_for(20);
}

int main(void)
{
    virConnectPtr conn;
    virDomainPtr dom;
    virSetErrorFunc(NULL, vt_quiet_handler);
    VT_CHECK_EQ_INT(virEventRegisterDefaultImpl(), 0);
    conn = virConnectOpen("test:///default");
    VT_CHECK(conn != NULL);
    if (!conn) return vt_summary("core_events_api");
    dom = virDomainLookupByName(conn, "test");
    VT_CHECK(dom != NULL);
    if (dom) {
        flood(conn, dom);
        threaded(conn, dom);
        two_connections(conn);
        virDomainFree(dom);
    }
    VT_CHECK_EQ_INT(virConnectClose(conn), 0);
    timer_lifetime();
    run_for(10);
    return vt_summary("core_events_api");
}
