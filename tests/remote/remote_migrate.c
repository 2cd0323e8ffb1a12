/* tests/remote/remote_migrate.c - peer-to-peer migration through virt's
 * remote driver between two QEMU libvirtds (qemu:///session, run by
 * run_remote.sh): argv[1] the source's URI, argv[2] the destination's.
 * remote_migrate.py makes the same calls through libvirt's own client
 * (python3-libvirt) and prints the same lines; run_remote.sh diffs them.
 * The daemons' own errors (a domain not running, a destination that cannot
 * be reached) must reach virt as they reach libvirt's client, and offline
 * migrations (VIR_MIGRATE_OFFLINE | PERSIST_DEST) really move the
 * definition: the destination lists the domain afterwards. The program
 * leaves both daemons as it found them. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void quiet(void *data, virErrorPtr e) { (void)data; (void)e; }

static void rc_line(const char *what, int rc)
{
    virErrorPtr e = virGetLastError();
    if (rc < 0) printf("%s: error code=%d domain=%d message=%s\n", what, e ? e->code : -1, e ? e->domain : -1,
                       e && e->message ? e->message : "");
    else printf("%s: %d\n", what, rc);
}

static void names_line(const char *what, virConnectPtr c)
{
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(c, &doms, 0), i;
    if (n < 0) { rc_line(what, -1); return; }
    printf("%s:", what);
    for (i = 0; i < n; i++) {
        const char *name = virDomainGetName(doms[i]);
        printf(" %s", name ? name : "(none)");
        virDomainFree(doms[i]);
    }
    printf("\n");
    free(doms);
}

/* undefines name on c if it is there (a migrated copy) */
static void drop(virConnectPtr c, const char *name)
{
    virDomainPtr d = virDomainLookupByName(c, name);
    if (d) { virDomainUndefine(d); virDomainFree(d); }
}

static const char *xml_vrm =
    "<domain type='qemu'><name>vrm</name><uuid>44444444-5555-6666-7777-888888888888</uuid>"
    "<memory>65536</memory><os><type arch='x86_64'>hvm</type></os></domain>";

int main(int argc, char **argv)
{
    virConnectPtr src, dst;
    virDomainPtr d, m;
    virTypedParameterPtr params = NULL;
    int np = 0, maxp = 0;
    char bad[1100];
    const unsigned long off = VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_OFFLINE | VIR_MIGRATE_PERSIST_DEST;
    if (argc < 3) { fprintf(stderr, "usage: %s SRC_URI DST_URI\n", argv[0]); return 2; }
    virSetErrorFunc(NULL, quiet);
    src = virConnectOpen(argv[1]);
    dst = virConnectOpen(argv[2]);
    if (!src || !dst) { rc_line("open", -1); return 1; }
    snprintf(bad, sizeof bad, "qemu+unix:///session?socket=/nonexistent/virt-migrate.sock");
    printf("type: %s\n", virConnectGetType(src));
    d = virDomainDefineXML(src, xml_vrm);
    rc_line("define vrm", d ? 0 : -1);
    if (!d) return 1;
    rc_line("toURI p2p inactive", virDomainMigrateToURI(d, argv[2], VIR_MIGRATE_PEER2PEER, NULL, 0));
    rc_line("toURI p2p same host", virDomainMigrateToURI(d, "qemu:///session", VIR_MIGRATE_PEER2PEER, NULL, 0));
    rc_line("toURI direct", virDomainMigrateToURI(d, "tcp://127.0.0.1:49152", 0, NULL, 0));
    rc_line("toURI p2p offline unreachable", virDomainMigrateToURI(d, bad, off, NULL, 0));
    rc_line("toURI p2p offline", virDomainMigrateToURI(d, argv[2], off, "vrm1", 0));
    names_line("destination after toURI", dst);
    drop(dst, "vrm1");
    rc_line("toURI2 p2p offline", virDomainMigrateToURI2(d, argv[2], NULL, NULL, off, "vrm2", 0));
    names_line("destination after toURI2", dst);
    drop(dst, "vrm2");
    virTypedParamsAddString(&params, &np, &maxp, VIR_MIGRATE_PARAM_DEST_NAME, "vrm3");
    rc_line("toURI3 p2p offline", virDomainMigrateToURI3(d, argv[2], params, (unsigned int)np, (unsigned int)off));
    virTypedParamsFree(params, np);
    names_line("destination after toURI3", dst);
    drop(dst, "vrm3");
    m = virDomainMigrate(d, dst, off, "vrm4", NULL, 0);
    rc_line("migrate p2p offline", m ? 0 : -1);
    if (m) { printf("migrate p2p offline: returned %s\n", virDomainGetName(m)); virDomainFree(m); }
    names_line("destination after migrate", dst);
    drop(dst, "vrm4");
    /* the managed protocol 3, run by the client between the two daemons:
     * BEGIN3 / PREPARE3 / FINISH3 / CONFIRM3 (PERFORM3 skipped offline),
     * and their _PARAMS forms for virDomainMigrate3 */
    m = virDomainMigrate(d, dst, 0, NULL, NULL, 0);
    rc_line("migrate managed inactive", m ? 0 : -1);
    if (m) virDomainFree(m);
    m = virDomainMigrate(d, dst, VIR_MIGRATE_OFFLINE | VIR_MIGRATE_PERSIST_DEST, "vrm5", NULL, 0);
    rc_line("migrate managed offline", m ? 0 : -1);
    if (m) { printf("migrate managed offline: returned %s\n", virDomainGetName(m)); virDomainFree(m); }
    names_line("destination after managed migrate", dst);
    drop(dst, "vrm5");
    params = NULL; np = 0; maxp = 0;
    virTypedParamsAddString(&params, &np, &maxp, VIR_MIGRATE_PARAM_DEST_NAME, "vrm6");
    m = virDomainMigrate3(d, dst, params, (unsigned int)np, 0);
    rc_line("migrate3 managed inactive", m ? 0 : -1);
    if (m) virDomainFree(m);
    m = virDomainMigrate3(d, dst, params, (unsigned int)np, VIR_MIGRATE_OFFLINE | VIR_MIGRATE_PERSIST_DEST);
    rc_line("migrate3 managed offline", m ? 0 : -1);
    if (m) { printf("migrate3 managed offline: returned %s\n", virDomainGetName(m)); virDomainFree(m); }
    virTypedParamsFree(params, np);
    names_line("destination after managed migrate3", dst);
    drop(dst, "vrm6");
    names_line("source at the end", src);
    rc_line("undefine vrm", virDomainUndefine(d));
    virDomainFree(d);
    virConnectClose(dst);
    virConnectClose(src);
    return 0;
}
