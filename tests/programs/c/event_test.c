/* Equivalent of libvirt's examples/c/misc/event-test.c (see ../README.md),
 * shortened to a bounded run: the default event loop, a lifecycle callback
 * through virConnectDomainEventRegisterAny, a timer that drives the domain
 * through suspend/resume/destroy, and the loop run until the timer is done. */
#include <stdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static int step;
static int timer_id = -1;

static int on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    (void)conn; (void)opaque;
    printf("event: domain %s(%d) event %d detail %d\n", virDomainGetName(dom),
           virDomainGetID(dom), event, detail);
    return 0;
}

static void on_timer(int timer, void *opaque)
{
    virDomainPtr dom = (virDomainPtr)opaque;
    (void)timer;
    switch (step++) {
    case 0: printf("suspend: %d\n", virDomainSuspend(dom)); break;
    case 1: printf("resume: %d\n", virDomainResume(dom)); break;
    case 2: printf("destroy: %d\n", virDomainDestroy(dom)); break;
    default: virEventRemoveTimeout(timer_id); timer_id = -1; break;
    }
}

int main(int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr dom;
    int cb, rounds = 0;

    if (virEventRegisterDefaultImpl() < 0) return 1;
    conn = virConnectOpenAuth(argc > 1 ? argv[1] : NULL, virConnectAuthPtrDefault, 0);
    if (!conn) return 1;
    dom = virDomainLookupByName(conn, "test");
    if (!dom) return 1;
    cb = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), NULL, NULL);
    if (cb < 0) return 1;
    timer_id = virEventAddTimeout(10, on_timer, dom, NULL);
    while (timer_id >= 0 && rounds++ < 100)
        if (virEventRunDefaultImpl() < 0) break;
    /* let the last events arrive */
    virEventAddTimeout(10, on_timer, dom, NULL);
    virEventRunDefaultImpl();
    virConnectDomainEventDeregisterAny(conn, cb);
    virDomainFree(dom);
    virConnectClose(conn);
    printf("done after %d rounds\n", rounds);
    return 0;
}
