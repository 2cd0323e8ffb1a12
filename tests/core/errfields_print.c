/* tests/core/errfields_print.c - every field of virError (code, origin,
 * message, str1, str2, str3, int1, int2) for failures of the public API
 * on test:///default: NULL and out-of-range arguments, unknown flags, a
 * missing domain, wrong states, an unknown callback id, an unsupported
 * call. Built against virt.h (VT_ABI_VIRT) and against Debian's libvirt;
 * core_error_fields requires the two outputs to be equal (libvirt fills
 * str1/str2/int1/int2 by the kind of report: an argument check gives the
 * function and the argument's name, other reports the code's message
 * format and the detail). */
#ifdef VT_ABI_VIRT
#  define VIRT_IMPLEMENTATION
#  include "virt.h"          /* first: it sets _DEFAULT_SOURCE for the system headers */
#else
#  include <libvirt/libvirt.h>
#  include <libvirt/virterror.h>
#endif
#include <stdio.h>

static void vt_quiet(void *u, virErrorPtr e) { (void)u; (void)e; }
static void vt_nop(virConnectPtr c, virDomainPtr d, int ev, int det, void *o)
{
    (void)c; (void)d; (void)ev; (void)det; (void)o;
}

static void pr(const char *what, int failed)
{
    virErrorPtr e = virGetLastError();
    printf("%s: %s", what, failed ? "failed" : "ok");
    if (failed && e)
        printf(" code=%d domain=%d level=%d message=[%s] str1=[%s] str2=[%s] str3=[%s] int1=%d int2=%d",
               e->code, e->domain, e->level, e->message ? e->message : "NULL", e->str1 ? e->str1 : "NULL",
               e->str2 ? e->str2 : "NULL", e->str3 ? e->str3 : "NULL", e->int1, e->int2);
    printf("\n");
    virResetLastError();
}

int main(void)
{
    virConnectPtr c;
    virDomainPtr d;
    virSetErrorFunc(NULL, vt_quiet);
    c = virConnectOpen("test:///default");
    if (!c) return 1;
    d = virDomainLookupByName(c, "test");
    if (!d) return 1;
    pr("GetVersion NULL", virConnectGetVersion(c, NULL) < 0);
    pr("NodeGetInfo NULL", virNodeGetInfo(c, NULL) < 0);
    pr("CreateXML NULL", virDomainCreateXML(c, NULL, 0) == NULL);
    pr("DefineXML NULL", virDomainDefineXML(c, NULL) == NULL);
    pr("LookupByName NULL", virDomainLookupByName(c, NULL) == NULL);
    pr("LookupByUUID NULL", virDomainLookupByUUID(c, NULL) == NULL);
    pr("LookupByUUIDString NULL", virDomainLookupByUUIDString(c, NULL) == NULL);
    pr("LookupByID -1", virDomainLookupByID(c, -1) == NULL);
    pr("GetUUID NULL", virDomainGetUUID(d, NULL) < 0);
    pr("GetUUIDString NULL", virDomainGetUUIDString(d, NULL) < 0);
    pr("GetInfo NULL", virDomainGetInfo(d, NULL) < 0);
    pr("XMLFromNative NULL config", virConnectDomainXMLFromNative(c, "xen-xm", NULL, 0) == NULL);
    pr("XMLToNative NULL xml", virConnectDomainXMLToNative(c, "xen-xm", NULL, 0) == NULL);
    pr("XMLFromNative NULL format", virConnectDomainXMLFromNative(c, NULL, "x", 0) == NULL);
    pr("SetMaxMemory 0", virDomainSetMaxMemory(d, 0) < 0);
    pr("SetMemory 0", virDomainSetMemory(d, 0) < 0);
    pr("SetVcpus 0", virDomainSetVcpus(d, 0) < 0);
    pr("Save NULL", virDomainSave(d, NULL) < 0);
    pr("Restore NULL", virDomainRestore(c, NULL) < 0);
    pr("CoreDump NULL", virDomainCoreDump(d, NULL, 0) < 0);
    pr("ShutdownFlags 99", virDomainShutdownFlags(d, 99) < 0);
    pr("ListAllDomains bad flag", virConnectListAllDomains(c, NULL, 1u << 30) < 0);
    pr("EventRegisterAny id 99", virConnectDomainEventRegisterAny(c, NULL, 99, VIR_DOMAIN_EVENT_CALLBACK(vt_nop),
                                                                  NULL, NULL) < 0);
    pr("EventRegisterAny id -1", virConnectDomainEventRegisterAny(c, NULL, -1, VIR_DOMAIN_EVENT_CALLBACK(vt_nop),
                                                                  NULL, NULL) < 0);
    pr("EventRegister NULL", virConnectDomainEventRegister(c, NULL, NULL, NULL) < 0);
    pr("EventDeregisterAny -1", virConnectDomainEventDeregisterAny(c, -1) < 0);
    pr("EventDeregisterAny 99", virConnectDomainEventDeregisterAny(c, 99) < 0);
    pr("LookupByName nosuch", virDomainLookupByName(c, "nosuch") == NULL);
    pr("Resume running", virDomainResume(d) < 0);
    pr("Create running", virDomainCreate(d) < 0);
    pr("Rename running", virDomainRename(d, "x", 0) < 0);
    pr("SetKeepAlive", virConnectSetKeepAlive(c, 5, 3) < 0);
    pr("SetMemory above max", virDomainSetMemory(d, 1ul << 40) < 0);
    virDomainFree(d);
    virConnectClose(c);
    return 0;
}
