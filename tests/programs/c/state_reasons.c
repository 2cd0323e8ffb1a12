/* state_reasons.c - written for virt's tests (no public original): walks
 * the domain through every lifecycle call of libvirt's 0.8-1.2 era and
 * prints virDomainGetState's state and reason, the listing filters of
 * virConnectListAllDomains, managed save, rename and vCPU pinning, and each failure as
 * virGetLastErrorMessage() words it, the way monitoring tools report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void quiet(void *opaque, virErrorPtr err) { (void)opaque; (void)err; }

static void report(const char *what, int rc)
{
    if (rc < 0) printf("%s: failed (%d): %s\n", what, virGetLastErrorCode(), virGetLastErrorMessage());
    else printf("%s: %d\n", what, rc);
}

static void state(virDomainPtr d, const char *when)
{
    int st = -1, reason = -1;
    int rc = virDomainGetState(d, &st, &reason, 0);
    if (rc < 0) { report(when, rc); return; }
    printf("%s: state %d reason %d active %d persistent %d updated %d\n", when, st, reason,
           virDomainIsActive(d), virDomainIsPersistent(d), virDomainIsUpdated(d));
}

static int by_name(const void *a, const void *b)
{
    return strcmp(virDomainGetName(*(virDomainPtr const *)a), virDomainGetName(*(virDomainPtr const *)b));
}

/* sorted: libvirt lists in its hash table's order, seeded per process */
static void list(virConnectPtr c, const char *what, unsigned int flags)
{
    virDomainPtr *doms = NULL;
    int i, n = virConnectListAllDomains(c, &doms, flags);
    if (n < 0) { report(what, n); return; }
    qsort(doms, (size_t)n, sizeof *doms, by_name);
    printf("%s:", what);
    for (i = 0; i < n; i++) {
        printf(" %s", virDomainGetName(doms[i]));
        virDomainFree(doms[i]);
    }
    printf(" end%s", doms[n] == NULL ? "" : " (no NULL at the end)");
    printf(" (%d)\n", n);
    free(doms);
}

static void lists(virConnectPtr c)
{
    list(c, "all", 0);
    list(c, "active", VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    list(c, "inactive", VIR_CONNECT_LIST_DOMAINS_INACTIVE);
    list(c, "persistent", VIR_CONNECT_LIST_DOMAINS_PERSISTENT);
    list(c, "transient", VIR_CONNECT_LIST_DOMAINS_TRANSIENT);
    list(c, "running|paused", VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED);
    list(c, "shutoff", VIR_CONNECT_LIST_DOMAINS_SHUTOFF);
    list(c, "other", VIR_CONNECT_LIST_DOMAINS_OTHER);
    list(c, "managedsave", VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE);
    list(c, "no managedsave", VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE);
    list(c, "autostart", VIR_CONNECT_LIST_DOMAINS_AUTOSTART);
    list(c, "no snapshot", VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT);
    list(c, "has checkpoint", VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT);
    list(c, "active+transient", VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_TRANSIENT);
}

int main(int argc, char **argv)
{
    virConnectPtr c, ro;
    virDomainPtr d, t;
    char *xml;
    int n;
    if (argc < 2) { fprintf(stderr, "usage: %s URI\n", argv[0]); return 2; }
    virSetErrorFunc(NULL, quiet);
    c = virConnectOpen(argv[1]);
    if (!c) { printf("open: %s\n", virGetLastErrorMessage()); return 1; }
    d = virDomainLookupByName(c, "test");
    if (!d) { printf("lookup: %s\n", virGetLastErrorMessage()); return 1; }
    state(d, "initial");
    {
        int st;
        report("state bad flags", virDomainGetState(d, &st, NULL, 1));
    }
    n = virConnectListAllDomains(c, NULL, 0);
    printf("count only: %d\n", n);
    report("list bad flags", virConnectListAllDomains(c, NULL, 1u << 20));
    report("suspend", virDomainSuspend(d));
    state(d, "paused");
    report("suspend again", virDomainSuspend(d));
    report("resume", virDomainResume(d));
    state(d, "resumed");
    report("resume again", virDomainResume(d));
    report("reboot", virDomainReboot(d, 0));
    state(d, "rebooted");
    report("destroy bad flags", virDomainDestroyFlags(d, 8));
    report("destroy graceful", virDomainDestroyFlags(d, VIR_DOMAIN_DESTROY_GRACEFUL));
    state(d, "destroyed");
    report("destroy again", virDomainDestroyFlags(d, 0));
    report("shutdown off", virDomainShutdownFlags(d, 0));
    report("reboot off", virDomainReboot(d, 0));
    report("managedsave off", virDomainManagedSave(d, 0));
    report("create bad flags", virDomainCreateWithFlags(d, VIR_DOMAIN_START_PAUSED));
    report("create", virDomainCreateWithFlags(d, 0));
    state(d, "created");
    report("create again", virDomainCreateWithFlags(d, 0));
    report("shutdown bad flags", virDomainShutdownFlags(d, 0x100));
    report("managedsave", virDomainManagedSave(d, 0));
    state(d, "managed-saved");
    report("has image", virDomainHasManagedSaveImage(d, 0));
    lists(c);
    report("undefine with image", virDomainUndefineFlags(d, 0));
    report("undefine bad flags", virDomainUndefineFlags(d, 0x100));
    report("remove image", virDomainManagedSaveRemove(d, 0));
    report("has image", virDomainHasManagedSaveImage(d, 0));
    report("remove none", virDomainManagedSaveRemove(d, 0));
    report("managedsave", virDomainManagedSave(d, 0));
    report("create", virDomainCreate(d));
    state(d, "started from image");
    report("has image", virDomainHasManagedSaveImage(d, 0));

    xml = virDomainGetXMLDesc(d, 0);
    if (xml) {
        char *name = strstr(xml, "<name>test</name>"), *uuid = strstr(xml, "<uuid>6");
        if (name && uuid) {
            memcpy(name + 6, "tran", 4);
            uuid[6] = '7';
            t = virDomainCreateXML(c, xml, 0);
            if (t) {
                state(t, "transient");
                lists(c);
                report("managedsave transient", virDomainManagedSave(t, 0));
                report("rename active", virDomainRename(t, "x", 0));
                report("undefine transient", virDomainUndefine(t));
                state(t, "transient undefined");
                report("destroy transient", virDomainDestroy(t));
                state(t, "transient gone");
                virDomainFree(t);
            } else {
                report("create transient", -1);
            }
        }
        free(xml);
    }
    report("rename running", virDomainRename(d, "renamed", 0));
    report("destroy", virDomainDestroy(d));
    report("rename bad flags", virDomainRename(d, "renamed", 1));
    report("rename to itself", virDomainRename(d, "test", 0));
    report("rename empty", virDomainRename(d, "", 0));
    report("rename", virDomainRename(d, "renamed", 0));
    t = virDomainLookupByName(c, "renamed");
    printf("lookup renamed: %s\n", t ? virDomainGetName(t) : virGetLastErrorMessage());
    if (t) virDomainFree(t);
    t = virDomainLookupByName(c, "test");
    printf("lookup old name: %s\n", t ? "found" : virGetLastErrorMessage());
    if (t) virDomainFree(t);
    t = virDomainLookupByID(c, 4711);
    printf("lookup id: %s\n", t ? "found" : virGetLastErrorMessage());
    t = virDomainLookupByUUIDString(c, "nonsense");
    printf("lookup uuid: %s\n", t ? "found" : virGetLastErrorMessage());
    t = virDomainDefineXMLFlags(c, "<domain type='test'><name>d2</name><memory>1024</memory></domain>", 2);
    printf("define bad flags: %s\n", t ? "defined" : virGetLastErrorMessage());
    if (t) virDomainFree(t);
    report("rename back", virDomainRename(d, "test", 0));
    report("create", virDomainCreate(d));
    lists(c);

    ro = virConnectOpenReadOnly(argv[1]);
    if (ro) {
        virDomainPtr r = virDomainLookupByName(ro, "test");
        if (r) {
            /* (its state is not printed: virt does not yet share
             * test:///default's state between connections as libvirt does) */
            report("ro destroy", virDomainDestroyFlags(r, 0));
            report("ro managedsave", virDomainManagedSave(r, 0));
            report("ro has image", virDomainHasManagedSaveImage(r, 0));
            report("ro rename", virDomainRename(r, "y", 0));
            report("ro rename empty", virDomainRename(r, "", 0));
            report("ro create", virDomainCreateWithFlags(r, 0));
            virDomainFree(r);
        }
        virConnectClose(ro);
    }
    {
        /* a pin changes the running definition only */
        unsigned char map = 1, maps[2] = {0, 0};
        report("pin", virDomainPinVcpu(d, 0, &map, 1));
        report("pin vcpu -1", virDomainPinVcpu(d, (unsigned int)-1, &map, 1));
        n = virDomainGetVcpuPinInfo(d, 2, maps, 1, 0);
        printf("pin info running: %d 0x%02x 0x%02x\n", n, maps[0], maps[1]);
        report("destroy", virDomainDestroy(d));
        n = virDomainGetVcpuPinInfo(d, 2, maps, 1, 0);
        printf("pin info stopped: %d 0x%02x 0x%02x\n", n, maps[0], maps[1]);
    }
    virDomainFree(d);
    virConnectClose(c);
    return 0;
}
