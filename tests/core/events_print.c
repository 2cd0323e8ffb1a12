/* tests/core/events_print.c - libvirt's domain event API on test:///default,
 * printed as a transcript: callback ids, every error (code, origin,
 * message), every event each callback gets (in the order it gets them),
 * when each free callback runs, and the connection calls of issue 14
 * (close callback, keepalive, IsAlive/IsEncrypted/IsSecure). Built twice,
 * against virt.h (VT_ABI_VIRT) and against Debian's libvirt (libvirt.so);
 * events_compare.cmake requires the two transcripts to be identical, line
 * for line, so an event, a detail, the order of callbacks, an error code
 * or message that differs from libvirt 9.0's fails. */
#ifdef VT_ABI_VIRT   /* virt first: it sets the POSIX level for libc's headers */
#  define VIRT_IMPLEMENTATION
#  include "virt.h"
#else
#  include <libvirt/libvirt.h>
#  include <libvirt/virterror.h>
#endif
#include <stdio.h>
#include <string.h>
#include <unistd.h>   /* getpid (after virt.h: it sets the POSIX level) */

static int drained;

static void vt_quiet(void *u, virErrorPtr e) { (void)u; (void)e; }

/* The last error, its message with any hex address masked (libvirt
 * prints the callback's address). */
static void vt_result(const char *what, int rc)
{
    virErrorPtr e = virGetLastError();
    printf("%s: %d", what, rc);
    if (rc < 0 && e) {
        char msg[512];
        const char *hex = strstr(e->message ? e->message : "", "0x");
        snprintf(msg, sizeof msg, "%s", e->message ? e->message : "");
        if (hex) {
            size_t at = (size_t)(hex - e->message), end = at + 2;
            while (e->message[end] && strchr("0123456789abcdef", e->message[end])) end++;
            snprintf(msg + at, sizeof msg - at, "ADDR%s", e->message + end);
        }
        printf(" error code=%d domain=%d \"%s\"", e->code, e->domain, msg);
    }
    printf("\n");
    virResetLastError();
}

static int vt_legacy(virConnectPtr c, virDomainPtr d, int ev, int detail, void *opaque)
{
    (void)c;
    printf("  legacy %s: %s event %d detail %d\n", (const char *)opaque, virDomainGetName(d), ev, detail);
    return 0;
}

static void vt_lifecycle(virConnectPtr c, virDomainPtr d, int ev, int detail, void *opaque)
{
    (void)c;
    printf("  any %s: %s event %d detail %d\n", (const char *)opaque, virDomainGetName(d), ev, detail);
}

static int self_id = -1;
/* Deregisters itself at its first event: later events of the same
 * dispatch must not reach it, its free callback runs after the call. */
static void vt_once(virConnectPtr c, virDomainPtr d, int ev, int detail, void *opaque)
{
    printf("  once %s: %s event %d detail %d\n", (const char *)opaque, virDomainGetName(d), ev, detail);
    if (self_id >= 0) vt_result("  once deregisters itself", virConnectDomainEventDeregisterAny(c, self_id));
    self_id = -1;
}

static void vt_free(void *opaque) { printf("  freecb %s\n", (const char *)opaque); }
static void vt_close(virConnectPtr c, int reason, void *opaque)
{
    (void)c;
    printf("  close %s reason %d\n", (const char *)opaque, reason);
}
static void vt_guard(int timer, void *opaque) { (void)timer; (void)opaque; drained = 1; }

/* Runs the loop until a 30 ms guard timer fires: every queued event is
 * delivered by then (both libraries deliver at the next iteration). */
static void vt_drain(void)
{
    int t = virEventAddTimeout(30, vt_guard, NULL, NULL);
    drained = 0;
    while (!drained) virEventRunDefaultImpl();
    virEventRemoveTimeout(t);
}

#define VT_XML "<domain type='test'><name>foo</name><uuid>12345678-1234-1234-1234-1234567890ab</uuid>" \
               "<memory>65536</memory><os><type>hvm</type></os></domain>"
#define VT_XML_TR "<domain type='test'><name>tr</name><memory>1024</memory><os><type>hvm</type></os></domain>"

static void vt_step(const char *what, int rc)
{
    vt_result(what, rc);
    vt_drain();
}

static int vt_free_dom(virDomainPtr d)
{
    if (!d) return -1;
    virDomainFree(d);
    return 0;
}

static int vt_named(virConnectPtr c, const char *name, int (*op)(virDomainPtr))
{
    virDomainPtr d = virDomainLookupByName(c, name);
    int rc;
    if (!d) return -1;
    rc = op(d);
    virDomainFree(d);
    return rc;
}

/* One save file per process: two runs of this test (two builds on one
 * machine) must not restore each other's image. */
static char vt_save_path[64];
static int vt_save(virDomainPtr d) { return virDomainSave(d, vt_save_path); }
static int vt_managed(virDomainPtr d) { return virDomainManagedSave(d, 0); }
static int vt_setmem(virDomainPtr d) { return virDomainSetMemory(d, 32768); }
static int vt_reboot(virDomainPtr d) { return virDomainReboot(d, 0); }
static int vt_rename(virDomainPtr d) { return virDomainRename(d, "bar", 0); }

static void vt_registrations(virConnectPtr c, virDomainPtr test, int *ids)
{
    vt_result("legacy L", virConnectDomainEventRegister(c, vt_legacy, (void *)"L", vt_free));
    vt_result("legacy L again", virConnectDomainEventRegister(c, vt_legacy, (void *)"L2", vt_free));
    vt_result("legacy NULL", virConnectDomainEventRegister(c, NULL, NULL, NULL));
    ids[0] = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(vt_lifecycle), (void *)"A", vt_free);
    vt_result("any A", ids[0]);
    vt_result("any A again", virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                              VIR_DOMAIN_EVENT_CALLBACK(vt_lifecycle),
                                                              (void *)"A2", vt_free));
    ids[1] = virConnectDomainEventRegisterAny(c, test, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(vt_lifecycle), (void *)"B(test)", vt_free);
    vt_result("any B for test", ids[1]);
    ids[2] = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_REBOOT,
                                              VIR_DOMAIN_EVENT_CALLBACK(vt_lifecycle), (void *)"R", vt_free);
    vt_result("any R reboot", ids[2]);
    vt_result("any id 27", virConnectDomainEventRegisterAny(c, NULL, 27, VIR_DOMAIN_EVENT_CALLBACK(vt_lifecycle),
                                                            NULL, NULL));
    vt_result("any id -1", virConnectDomainEventRegisterAny(c, NULL, -1, VIR_DOMAIN_EVENT_CALLBACK(vt_lifecycle),
                                                            NULL, NULL));
    vt_result("any NULL", virConnectDomainEventRegisterAny(c, NULL, 0, NULL, NULL, NULL));
    vt_result("deregister any 99", virConnectDomainEventDeregisterAny(c, 99));
    vt_result("deregister any -1", virConnectDomainEventDeregisterAny(c, -1));
}

static void vt_lifecycle_ops(virConnectPtr c, virDomainPtr test)
{
    vt_step("suspend test", virDomainSuspend(test));
    vt_step("resume test", virDomainResume(test));
    vt_step("shutdown test", virDomainShutdown(test));
    vt_step("start test", virDomainCreate(test));
    vt_step("reboot test", vt_reboot(test));
    vt_step("destroy test", virDomainDestroy(test));
    vt_step("define foo", vt_free_dom(virDomainDefineXML(c, VT_XML)));
    vt_step("define foo again", vt_free_dom(virDomainDefineXML(c, VT_XML)));
    vt_step("start foo", vt_named(c, "foo", virDomainCreate));
    vt_step("suspend foo", vt_named(c, "foo", virDomainSuspend));
    vt_step("resume foo", vt_named(c, "foo", virDomainResume));
    vt_step("save foo", vt_named(c, "foo", vt_save));
    vt_step("restore foo", virDomainRestore(c, vt_save_path));
    vt_step("suspend foo (saved paused)", vt_named(c, "foo", virDomainSuspend));
    vt_step("save paused foo", vt_named(c, "foo", vt_save));
    vt_step("restore paused foo (running again)", virDomainRestore(c, vt_save_path));
    vt_step("suspend foo restored", vt_named(c, "foo", virDomainSuspend));
    vt_step("resume foo restored", vt_named(c, "foo", virDomainResume));
    vt_step("managedsave foo", vt_named(c, "foo", vt_managed));
    vt_step("start foo (managed)", vt_named(c, "foo", virDomainCreate));
    vt_step("setmem foo", vt_named(c, "foo", vt_setmem));
    vt_step("destroy foo", vt_named(c, "foo", virDomainDestroy));
    vt_step("rename foo bar", vt_named(c, "foo", vt_rename));
    vt_step("undefine bar", vt_named(c, "bar", virDomainUndefine));
    vt_step("create tr", vt_free_dom(virDomainCreateXML(c, VT_XML_TR, 0)));
    vt_step("shutdown tr", vt_named(c, "tr", virDomainShutdown));
    vt_step("start test", virDomainCreate(test));
}

static void vt_connection_calls(virConnectPtr c)
{
    vt_result("register close", virConnectRegisterCloseCallback(c, vt_close, (void *)"C", vt_free));
    vt_result("register close again", virConnectRegisterCloseCallback(c, vt_close, (void *)"C", vt_free));
    vt_result("register close NULL", virConnectRegisterCloseCallback(c, NULL, NULL, NULL));
    vt_result("unregister close", virConnectUnregisterCloseCallback(c, vt_close));
    vt_result("unregister close again", virConnectUnregisterCloseCallback(c, vt_close));
    vt_result("keepalive 5 3", virConnectSetKeepAlive(c, 5, 3));
    vt_result("is alive", virConnectIsAlive(c));
    vt_result("is encrypted", virConnectIsEncrypted(c));
    vt_result("is secure", virConnectIsSecure(c));
}

/* A second connection to test:///default shares the node: each
 * connection's callbacks get every event, whichever connection made it,
 * in the order they were raised; ids and deregistrations stay per
 * connection. Two changes before one drain show the interleaving. */
static void vt_two_connections(virConnectPtr c, virDomainPtr test, int a_id)
{
    virConnectPtr c2;
    virDomainPtr t2;
    int x, y;
    printf("-- two connections\n");
    c2 = virConnectOpen("test:///default");
    if (!c2) { printf("second open failed\n"); return; }
    t2 = virDomainLookupByName(c2, "test");
    vt_step("resume test (second, no callback there)", t2 ? virDomainResume(t2) : -1);
    x = virConnectDomainEventRegisterAny(c2, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                         VIR_DOMAIN_EVENT_CALLBACK(vt_lifecycle), (void *)"X(second)", vt_free);
    vt_result("any X on second", x);
    y = virConnectDomainEventRegisterAny(c2, test, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                         VIR_DOMAIN_EVENT_CALLBACK(vt_lifecycle), (void *)"Y(second, test)",
                                         vt_free);
    vt_result("any Y on second for test (first's handle)", y);
    y = virConnectDomainEventRegisterAny(c2, t2, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                         VIR_DOMAIN_EVENT_CALLBACK(vt_lifecycle), (void *)"Y(second, test)",
                                         vt_free);
    vt_result("any Y on second for test", y);
    vt_result("legacy L on second", virConnectDomainEventRegister(c2, vt_legacy, (void *)"L(second)", vt_free));
    vt_result("suspend test (first)", virDomainSuspend(test));
    vt_result("resume test (second)", t2 ? virDomainResume(t2) : -1);
    vt_drain();
    vt_step("define foo (second)", vt_free_dom(virDomainDefineXML(c2, VT_XML)));
    vt_step("undefine foo (first)", vt_named(c, "foo", virDomainUndefine));
    vt_result("deregister X on first", virConnectDomainEventDeregisterAny(c, x));
    vt_result("deregister A on second", a_id == x ? 0 : virConnectDomainEventDeregisterAny(c2, a_id));
    vt_result("deregister X on second", virConnectDomainEventDeregisterAny(c2, x));
    vt_step("suspend test (first)", virDomainSuspend(test));
    vt_result("deregister legacy on second", virConnectDomainEventDeregister(c2, vt_legacy));
    if (t2) virDomainFree(t2);
    printf("-- close second with Y registered\n");
    vt_result("close second", virConnectClose(c2));
    vt_step("resume test (first)", virDomainResume(test));
    vt_result("deregister Y on second", virConnectDomainEventDeregisterAny(c2, y));
    vt_step("suspend test (first)", virDomainSuspend(test));
    vt_step("resume test (first)", virDomainResume(test));
}

int main(void)
{
    virConnectPtr c;
    virDomainPtr test;
    int ids[3];
    virSetErrorFunc(NULL, vt_quiet);
    c = virConnectOpen("test:///default");
    if (!c) return 1;
    snprintf(vt_save_path, sizeof vt_save_path, "/tmp/virt-events-print-%ld.sav", (long)getpid());
    remove(vt_save_path);
    printf("-- no event loop\n");
    vt_result("legacy", virConnectDomainEventRegister(c, vt_legacy, (void *)"L", vt_free));
    vt_result("any", virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                      VIR_DOMAIN_EVENT_CALLBACK(vt_lifecycle), NULL, vt_free));
    vt_result("default loop", virEventRegisterDefaultImpl());
    test = virDomainLookupByName(c, "test");
    printf("-- registrations\n");
    vt_registrations(c, test, ids);
    printf("-- lifecycle\n");
    vt_lifecycle_ops(c, test);
    printf("-- a callback deregistering itself\n");
    self_id = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                               VIR_DOMAIN_EVENT_CALLBACK(vt_once), (void *)"O", vt_free);
    vt_result("any O", self_id >= 0 ? 0 : -1);
    vt_result("suspend test", virDomainSuspend(test));
    vt_result("resume test", virDomainResume(test));
    vt_drain();
    printf("-- deregistrations\n");
    vt_result("deregister legacy", virConnectDomainEventDeregister(c, vt_legacy));
    vt_result("deregister legacy again", virConnectDomainEventDeregister(c, vt_legacy));
    vt_result("deregister B", virConnectDomainEventDeregisterAny(c, ids[1]));
    vt_result("deregister B again", virConnectDomainEventDeregisterAny(c, ids[1]));
    vt_result("deregister R", virConnectDomainEventDeregisterAny(c, ids[2]));
    vt_step("suspend test", virDomainSuspend(test));
    vt_two_connections(c, test, ids[0]);
    printf("-- connection\n");
    vt_connection_calls(c);
    virDomainFree(test);
    printf("-- close with A registered\n");
    vt_result("close", virConnectClose(c));
    vt_result("deregister A", virConnectDomainEventDeregisterAny(c, ids[0]));
    vt_drain();
    remove(vt_save_path);
    return 0;
}
