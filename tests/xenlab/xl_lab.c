/* tests/xenlab/xl_lab.c - one libvirt call of the libxl backend per run,
 * on xen:/// inside the Xen lab's dom0 (built with VIRT_WITH_XL), for the
 * calls the virsh example has no command for or answers only through
 * backends this check is not about. dom0-tests.sh compares what it prints
 * with `xl list`, `xl vcpu-list`, xenstore and the files libvirt's libxl
 * driver keeps.
 *
 *   xl_lab vcpus NAME              live=N max=N config=N configmax=N (-1: refused)
 *   xl_lab setvcpus NAME N FLAGS   FLAGS: live, config, max-config
 *   xl_lab vcpuinfo NAME           "vcpu V cpu C state S map HEX" per vCPU
 *   xl_lab pin NAME VCPU CPU       hard affinity of VCPU to host CPU alone
 *   xl_lab managedsave NAME | hasmanaged NAME | managedremove NAME
 *   xl_lab autostart NAME 0|1 | getautostart NAME
 *   xl_lab coredump NAME PATH none|live|crash
 *   xl_lab attach|detach NAME XMLFILE live|config|current
 *   xl_lab events NAME SECONDS    "event TYPE DETAIL id N" per lifecycle
 *                                 event of NAME while the loop runs
 *   xl_lab migrate NAME URI [nonlive]
 *                                 virDomainMigrate(LIVE; nonlive: without VIR_MIGRATE_LIVE) to a
 *                                 second xen:/// connection: "migrated NAME id N"
 *   xl_lab migrate3 NAME URI      the same through virDomainMigrate3 (URI parameter)
 *   xl_lab refused NAME PORT      Begin, then Perform to 127.0.0.1:PORT (nothing
 *                                 listens): the error the source's step gives
 *   xl_lab console NAME XMLFILE   creates NAME from XMLFILE paused, opens its
 *                                 console (virDomainOpenConsole), resumes it and
 *                                 prints the first console line holding
 *                                 GUEST-MARKER; destroys it after
 * Exit 0 when the call succeeded; otherwise the error (code and message)
 * on stderr and exit 1. */
#define VIRT_WITH_XL
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failed(const char *what)
{
    virErrorPtr e = virGetLastError();
    fprintf(stderr, "xl_lab: %s failed: code %d: %s\n", what, e ? e->code : -1,
            e && e->message ? e->message : "(no error raised)");
    return 1;
}

static int vcpus(virDomainPtr d)
{
    printf("live=%d max=%d config=%d configmax=%d getmax=%d\n", virDomainGetVcpusFlags(d, VIR_DOMAIN_VCPU_LIVE),
           virDomainGetVcpusFlags(d, VIR_DOMAIN_VCPU_LIVE | VIR_DOMAIN_VCPU_MAXIMUM),
           virDomainGetVcpusFlags(d, VIR_DOMAIN_VCPU_CONFIG),
           virDomainGetVcpusFlags(d, VIR_DOMAIN_VCPU_CONFIG | VIR_DOMAIN_VCPU_MAXIMUM), virDomainGetMaxVcpus(d));
    return 0;
}

static int setvcpus(virDomainPtr d, const char *n, const char *how)
{
    unsigned flags = strcmp(how, "live") == 0     ? VIR_DOMAIN_VCPU_LIVE
                   : strcmp(how, "config") == 0   ? VIR_DOMAIN_VCPU_CONFIG
                   : VIR_DOMAIN_VCPU_CONFIG | VIR_DOMAIN_VCPU_MAXIMUM;
    return virDomainSetVcpusFlags(d, (unsigned)atoi(n), flags) == 0 ? 0 : failed("virDomainSetVcpusFlags");
}

static int vcpuinfo(virDomainPtr d)
{
    virVcpuInfo info[16];
    unsigned char maps[16 * 4];
    int n = virDomainGetVcpus(d, info, 16, maps, 4), i, j;
    if (n < 0) return failed("virDomainGetVcpus");
    for (i = 0; i < n; i++) {
        printf("vcpu %u cpu %d state %d map ", info[i].number, info[i].cpu, info[i].state);
        for (j = 0; j < 4; j++) printf("%02x", maps[i * 4 + j]);
        printf("\n");
    }
    return 0;
}

static int pin(virDomainPtr d, const char *vcpu, const char *cpu)
{
    unsigned char map[4] = {0, 0, 0, 0};
    int c = atoi(cpu);
    if (c < 0 || c >= 32) return 2;
    map[c / 8] = (unsigned char)(1u << (c % 8));
    return virDomainPinVcpu(d, (unsigned)atoi(vcpu), map, 4) == 0 ? 0 : failed("virDomainPinVcpu");
}

static int coredump(virDomainPtr d, const char *path, const char *how)
{
    unsigned flags = strcmp(how, "live") == 0 ? VIR_DUMP_LIVE : strcmp(how, "crash") == 0 ? VIR_DUMP_CRASH : 0;
    return virDomainCoreDump(d, path, flags) == 0 ? 0 : failed("virDomainCoreDump");
}

static int device(virDomainPtr d, int attach, const char *file, const char *how)
{
    unsigned flags = strcmp(how, "live") == 0 ? VIR_DOMAIN_AFFECT_LIVE
                   : strcmp(how, "config") == 0 ? VIR_DOMAIN_AFFECT_CONFIG : VIR_DOMAIN_AFFECT_CURRENT;
    char xml[4096];
    FILE *f = fopen(file, "r");
    size_t n = f ? fread(xml, 1, sizeof xml - 1, f) : 0;
    if (f) fclose(f);
    if (!n) return 2;
    xml[n] = '\0';
    if (attach) return virDomainAttachDeviceFlags(d, xml, flags) == 0 ? 0 : failed("virDomainAttachDeviceFlags");
    return virDomainDetachDeviceFlags(d, xml, flags) == 0 ? 0 : failed("virDomainDetachDeviceFlags");
}

static int on_event(virConnectPtr c, virDomainPtr d, int event, int detail, void *opaque)
{
    (void)c; (void)opaque;
    printf("event %d %d id %d\n", event, detail, (int)virDomainGetID(d));
    fflush(stdout);
    return 0;
}

/* the lifecycle events of one domain for SECONDS, from the default loop */
static int events(virConnectPtr c, virDomainPtr d, int seconds)
{
    time_t end = time(NULL) + seconds;
    int id = virConnectDomainEventRegisterAny(c, d, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(on_event), NULL, NULL);
    if (id < 0) return failed("virConnectDomainEventRegisterAny");
    printf("ready\n");
    fflush(stdout);
    while (time(NULL) < end)
        if (virEventRunDefaultImpl() < 0) return failed("virEventRunDefaultImpl");
    virConnectDomainEventDeregisterAny(c, id);
    return 0;
}

/* localhost live migration between two connections (protocol 3) */
static int migrate(virDomainPtr d, const char *uri, int params, unsigned long flags)
{
    virConnectPtr dc = virConnectOpen("xen:///");
    virDomainPtr nd = NULL;
    virTypedParameterPtr p = NULL;
    int np = 0, maxp = 0, rc;
    if (!dc) return failed("virConnectOpen (destination)");
    if (!params) {
        nd = virDomainMigrate(d, dc, flags, NULL, uri, 0);
    } else if (virTypedParamsAddString(&p, &np, &maxp, VIR_MIGRATE_PARAM_URI, uri) == 0) {
        nd = virDomainMigrate3(d, dc, p, (unsigned)np, (unsigned)flags);
        virTypedParamsFree(p, np);
    }
    rc = nd ? 0 : failed(params ? "virDomainMigrate3" : "virDomainMigrate");
    if (nd) {
        printf("migrated %s id %d\n", virDomainGetName(nd), (int)virDomainGetID(nd));
        virDomainFree(nd);
    }
    virConnectClose(dc);
    return rc;
}

/* the source's Perform to a port nobody listens on (the steps the API runs) */
static int refused(virDomainPtr d, const char *port)
{
    virt_migrate_step s;
    char uri[64];
    int rc;
    memset(&s, 0, sizeof s);
    s.step = VIRT_MIGRATE_BEGIN;
    s.dom = d;
    if (virt__migrate_step(virDomainGetConnect(d), &s) < 0) return failed("Begin");
    VIRT_FREE(s.cookieout);
    VIRT_FREE(s.xml_out);
    s.cookieout = s.xml_out = NULL;
    snprintf(uri, sizeof uri, "tcp://127.0.0.1:%s", port);
    s.step = VIRT_MIGRATE_PERFORM;
    s.uri = uri;
    rc = virt__migrate_step(virDomainGetConnect(d), &s);
    VIRT_FREE(s.cookieout);
    if (rc == 0) {
        printf("perform to %s succeeded\n", uri);
        return 1;
    }
    return failed("Perform");
}

/* the first line holding GUEST-MARKER the stream gives within 150 s (at
 * most 8 MiB of console output), printed */
static int console_marker(virStreamPtr st)
{
    static char text[8 << 20];
    size_t used = 0;
    time_t end = time(NULL) + 150;
    while (time(NULL) < end && used < sizeof text - 1) {
        int n = virStreamRecv(st, text + used, sizeof text - 1 - used);
        char *m, *eol;
        if (n == -2) { struct timespec ts = {0, 20000000}; nanosleep(&ts, NULL); continue; }
        if (n <= 0) return n == 0 ? 1 : failed("virStreamRecv");
        used += (size_t)n;
        text[used] = '\0';
        if ((m = strstr(text, "GUEST-MARKER")) != NULL && (eol = strchr(m, '\n')) != NULL) {
            *eol = '\0';
            printf("console: %s\n", m);
            return 0;
        }
    }
    fprintf(stderr, "xl_lab: no GUEST-MARKER line in %lu bytes of console output\n", (unsigned long)used);
    return 1;
}

/* the console of a guest created paused: its boot, marker included */
static int console(virConnectPtr c, const char *file)
{
    static char xml[8192];
    virDomainPtr d;
    virStreamPtr st;
    FILE *f = fopen(file, "r");
    size_t n = f ? fread(xml, 1, sizeof xml - 1, f) : 0;
    int rc = 1, tries;
    if (f) fclose(f);
    if (!n) return 2;
    xml[n] = '\0';
    if (!(d = virDomainCreateXML(c, xml, VIR_DOMAIN_START_PAUSED))) return failed("virDomainCreateXML");
    st = virStreamNew(c, VIR_STREAM_NONBLOCK);
    /* xenconsoled names the pty shortly after the domain exists */
    for (tries = 0; st && tries < 50; tries++) {
        struct timespec ts = {0, 200000000};
        if (virDomainOpenConsole(d, NULL, st, 0) == 0) break;
        nanosleep(&ts, NULL);
    }
    if (!st || tries == 50) rc = failed("virDomainOpenConsole");
    else if (virDomainResume(d) < 0) rc = failed("virDomainResume");
    else rc = console_marker(st);
    if (st) {
        virStreamAbort(st);
        virStreamFree(st);
    }
    virDomainDestroy(d);
    virDomainFree(d);
    return rc;
}

static int run(virDomainPtr d, int argc, char **argv)
{
    const char *op = argv[1];
    int v = 0;
    if (strcmp(op, "vcpus") == 0) return vcpus(d);
    if (strcmp(op, "setvcpus") == 0 && argc == 5) return setvcpus(d, argv[3], argv[4]);
    if (strcmp(op, "vcpuinfo") == 0) return vcpuinfo(d);
    if (strcmp(op, "pin") == 0 && argc == 5) return pin(d, argv[3], argv[4]);
    if (strcmp(op, "managedsave") == 0) return virDomainManagedSave(d, 0) == 0 ? 0 : failed("virDomainManagedSave");
    if (strcmp(op, "hasmanaged") == 0) {
        if ((v = virDomainHasManagedSaveImage(d, 0)) < 0) return failed("virDomainHasManagedSaveImage");
        printf("%d\n", v);
        return 0;
    }
    if (strcmp(op, "managedremove") == 0)
        return virDomainManagedSaveRemove(d, 0) == 0 ? 0 : failed("virDomainManagedSaveRemove");
    if (strcmp(op, "autostart") == 0 && argc == 4)
        return virDomainSetAutostart(d, atoi(argv[3])) == 0 ? 0 : failed("virDomainSetAutostart");
    if (strcmp(op, "getautostart") == 0) {
        if (virDomainGetAutostart(d, &v) < 0) return failed("virDomainGetAutostart");
        printf("%d\n", v);
        return 0;
    }
    if (strcmp(op, "coredump") == 0 && argc == 5) return coredump(d, argv[3], argv[4]);
    if ((strcmp(op, "attach") == 0 || strcmp(op, "detach") == 0) && argc == 5)
        return device(d, op[0] == 'a', argv[3], argv[4]);
    if (strcmp(op, "events") == 0 && argc == 4) return events(virDomainGetConnect(d), d, atoi(argv[3]));
    if ((strcmp(op, "migrate") == 0 || strcmp(op, "migrate3") == 0) && argc == 4)
        return migrate(d, argv[3], op[7] == '3', VIR_MIGRATE_LIVE);
    if (strcmp(op, "migrate") == 0 && argc == 5 && strcmp(argv[4], "nonlive") == 0)
        return migrate(d, argv[3], 0, 0);
    if (strcmp(op, "refused") == 0 && argc == 4) return refused(d, argv[3]);
    fprintf(stderr, "xl_lab: unknown or incomplete command '%s'\n", op);
    return 2;
}

int main(int argc, char **argv)
{
    virConnectPtr c;
    virDomainPtr d;
    int rc;
    if (argc < 3) {
        fprintf(stderr, "usage: xl_lab OP NAME [ARGS]\n");
        return 2;
    }
    if (strcmp(argv[1], "events") == 0 && virEventRegisterDefaultImpl() < 0) return failed("virEventRegisterDefaultImpl");
    if (!(c = virConnectOpen("xen:///"))) return failed("virConnectOpen");
    if (strcmp(argv[1], "console") == 0 && argc == 4) {   /* creates the domain itself */
        rc = console(c, argv[3]);
        virConnectClose(c);
        return rc;
    }
    if (!(d = virDomainLookupByName(c, argv[2]))) {
        rc = failed("virDomainLookupByName");
    } else {
        rc = run(d, argc, argv);
        virDomainFree(d);
    }
    virConnectClose(c);
    return rc;
}
