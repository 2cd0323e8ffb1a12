/* tests/xl/test_xl_driver.c - the libxl backend's core dump and device
 * calls through the libvirt API on xen:///, without Xen: xlmock.c lets
 * the real libxl_ctx_alloc succeed and xldrvmock.c fakes the libxl calls
 * (one running domain, a log of every call). Checked: libvirt's libxl
 * driver semantics (libxlDomainCoreDump: pause unless LIVE, resume after,
 * CRASH destroys; libxlDomainAttach/DetachDeviceFlags: CURRENT/LIVE/CONFIG,
 * disks on bus xen and interfaces live, the stored definition for CONFIG)
 * and libvirt's error codes for every refusal.
 * Usage: test_xl_driver (run with LD_PRELOAD=xlmock.so:xldrvmock.so). */
#ifndef VIRT_WITH_XL
#define VIRT_WITH_XL
#endif
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include <dlfcn.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "../virt_test.h"

static const char *(*fake_log)(void);
static void (*fake_reset)(const char *, int, int, const char *);
static void (*fake_fail)(const char *);
static void (*fake_add_nic)(const char *, int);
static char dir[256], path_buf[512];
static void (*fake_clear_log)(void);
static void fake_log_reset(void) { fake_clear_log(); }

static const char vm1_xml[] =
    "<domain type='xen'><name>vm1</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>"
    "<memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type>linux</type><kernel>/boot/vmlinuz</kernel></os>"
    "<devices><disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/srv/a.img'/>"
    "<target dev='xvda' bus='xen'/></disk>"
    "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='/srv/one.iso'/>"
    "<target dev='xvdd' bus='xen'/><readonly/></disk>"
    "<interface type='bridge'><mac address='00:16:3e:00:00:01'/><source bridge='xenbr0'/></interface>"
    "</devices></domain>";

static int last_code(void)
{
    virErrorPtr e = virGetLastError();
    return e ? e->code : 0;
}

static void reset(const char *name, int domid, int paused)
{
    fake_reset(name, domid, paused, vm1_xml);
    fake_add_nic("00:16:3e:00:00:01", 0);
}

static char *stored(void)
{
    return vt_read_file(dir, "vm1.xml");
}

static void core_dumps(virConnectPtr c, virDomainPtr d)
{
    char path[300], expect[600];
    struct stat sb;
    snprintf(path, sizeof path, "%s/vm1.core", dir);
    reset("vm1", 7, 0);
    VT_CHECK_EQ_INT(virDomainCoreDump(d, path, 0), 0);
    snprintf(expect, sizeof expect, "pause 7;dump 7 %s paused;unpause 7;", path);
    VT_CHECK_EQ_STR(fake_log(), expect);
    VT_CHECK(stat(path, &sb) == 0 && sb.st_size > 0);
    unlink(path);
    reset("vm1", 7, 0);   /* LIVE: no pause */
    VT_CHECK_EQ_INT(virDomainCoreDump(d, path, VIR_DUMP_LIVE), 0);
    snprintf(expect, sizeof expect, "dump 7 %s running;", path);
    VT_CHECK_EQ_STR(fake_log(), expect);
    reset("vm1", 7, 1);   /* paused already: stays paused */
    VT_CHECK_EQ_INT(virDomainCoreDumpWithFormat(d, path, VIR_DOMAIN_CORE_DUMP_FORMAT_RAW, 0), 0);
    snprintf(expect, sizeof expect, "dump 7 %s paused;", path);
    VT_CHECK_EQ_STR(fake_log(), expect);
    reset("vm1", 7, 0);   /* a failed dump resumes the domain */
    fake_fail("core_dump");
    VT_CHECK_EQ_INT(virDomainCoreDump(d, path, 0), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INTERNAL_ERROR);
    VT_CHECK(strstr(virGetLastError()->message, "Failed to dump core of domain '7'") != NULL);
    VT_CHECK_EQ_STR(fake_log(), "pause 7;unpause 7;");
    reset("vm1", 7, 0);   /* a failed pause: no dump */
    fake_fail("pause");
    VT_CHECK_EQ_INT(virDomainCoreDump(d, path, 0), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INTERNAL_ERROR);
    VT_CHECK_EQ_STR(fake_log(), "");
    reset("vm1", 7, 0);   /* refusals before any libxl call */
    VT_CHECK_EQ_INT(virDomainCoreDump(d, path, VIR_DUMP_BYPASS_CACHE), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK_EQ_INT(virDomainCoreDumpWithFormat(d, path, VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB, 0), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK_EQ_STR(fake_log(), "");
    /* CRASH: dump, then destroy; nothing resumes, the domain is gone */
    VT_CHECK_EQ_INT(virDomainCoreDump(d, path, VIR_DUMP_CRASH), 0);
    snprintf(expect, sizeof expect, "pause 7;dump 7 %s paused;destroy 7;", path);
    VT_CHECK_EQ_STR(fake_log(), expect);
    VT_CHECK_EQ_INT(virDomainGetID(d), (unsigned)-1);
    VT_CHECK_EQ_INT(virDomainCoreDump(d, path, 0), -1);   /* not running now */
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_INVALID);
    unlink(path);
    (void)c;
}

static void dom0(virConnectPtr c)
{
    char path[300];
    virDomainPtr d0;
    FILE *f;
    snprintf(path, sizeof path, "%s/Domain-0.xml", dir);
    f = fopen(path, "w");
    fputs("<domain type='xen'><name>Domain-0</name><memory>65536</memory><os><type>linux</type></os></domain>", f);
    fclose(f);
    reset("Domain-0", 0, 0);
    d0 = virDomainLookupByName(c, "Domain-0");
    VT_CHECK(d0 != NULL);
    if (d0) {
        VT_CHECK_EQ_INT(virDomainCoreDump(d0, "/nonexistent/core", 0), -1);
        VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_INVALID);
        VT_CHECK_EQ_INT(virDomainAttachDevice(d0, "<disk type='file'><source file='/x'/><target dev='xvdb'/></disk>"), -1);
        VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_INVALID);
        virDomainFree(d0);
    }
    VT_CHECK_EQ_STR(fake_log(), "");
    unlink(path);
}

static char *live_xml(virDomainPtr d)
{
    return virDomainGetXMLDesc(d, 0);
}

static const char disk_b[] = "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                             "<source file='/srv/b.img'/><target dev='xvdb'/></disk>";
static const char nic_2[] = "<interface type='bridge'><mac address='00:16:3E:00:00:02'/><source bridge='xenbr1'/></interface>";

static void attach_live(virDomainPtr d)
{
    char *x;
    reset("vm1", 7, 0);
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, disk_b), 0);
    VT_CHECK_EQ_STR(fake_log(), "disk_add 7 vdev=xvdb pdev=/srv/b.img format=raw backend=qdisk rw=1;store 7;");
    x = live_xml(d);
    VT_CHECK(x && strstr(x, "<source file='/srv/b.img'/>") && strstr(x, "<target dev='xvdb' bus='xen'/>"));
    free(x);
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, disk_b), -1);   /* the target is taken now */
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_FAILED);
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='file'><source file='/c.img'/><target dev='hdb'/></disk>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_CONFIG_UNSUPPORTED);   /* bus ide cannot be hotplugged */
    VT_CHECK(strstr(virGetLastError()->message, "disk bus 'ide' cannot be hotplugged") != NULL);
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='file' device='floppy'><source file='/f'/><target dev='fda'/></disk>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_CONFIG_UNSUPPORTED);
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='file'><target dev='xvdc'/></disk>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INTERNAL_ERROR);       /* libvirt: disk source path is missing */
    fake_fail("disk_add");
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='file'><source file='/d.img'/><target dev='xvdf'/></disk>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INTERNAL_ERROR);
    x = live_xml(d);
    VT_CHECK(x && !strstr(x, "xvdf"));                          /* a failed add is not recorded */
    free(x);
    /* a CD-ROM "attach" changes the medium of the live CD-ROM (libxl_cdrom_insert) */
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
                                             "<source file='/srv/two.iso'/><target dev='xvdd'/><readonly/></disk>"), 0);
    VT_CHECK(strstr(fake_log(), "cdrom_insert 7 vdev=xvdd pdev=/srv/two.iso format=raw;store 7;") != NULL);
    x = live_xml(d);
    VT_CHECK(x && strstr(x, "/srv/two.iso") && !strstr(x, "/srv/one.iso"));
    free(x);
    fake_fail("cdrom_insert");
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='file' device='cdrom'><source file='/srv/3.iso'/><target dev='xvdd'/></disk>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_FAILED);
    x = live_xml(d);
    VT_CHECK(x && strstr(x, "/srv/two.iso") && !strstr(x, "/srv/3.iso"));   /* unchanged */
    free(x);
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='file' device='cdrom'><source file='/a.iso'/><target dev='xvdq'/></disk>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_FAILED);   /* "target xvdq doesn't exist." */
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='file' device='cdrom'><source file='/a.iso'/><target dev='xvda'/></disk>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_FAILED);   /* xvda is a disk: no removable media */
    /* an interface: MAC as given (lower case), libxl picks the devid */
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, nic_2, VIR_DOMAIN_AFFECT_CURRENT), 0);
    VT_CHECK(strstr(fake_log(), "nic_add 7 mac=00:16:3e:00:00:02 bridge=xenbr1 devid=-1;store 7;") != NULL);
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, nic_2), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);
    /* no MAC: one in Xen's 00:16:3e range, kept in the live XML */
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<interface type='bridge'><source bridge='xenbr0'/></interface>"), 0);
    x = live_xml(d);
    VT_CHECK(x && strstr(x, "<mac address='00:16:3e:") != NULL && strstr(x, "xenbr1") != NULL);
    free(x);
    /* kinds libvirt's libxl driver does not hotplug, kinds the model lacks, bad XML */
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<sound model='ac97'/>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_CONFIG_UNSUPPORTED);
    VT_CHECK_EQ_STR(virGetLastError()->message, "device type 'sound' cannot be attached");
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<rng model='virtio'><backend model='random'/></rng>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_CONFIG_UNSUPPORTED);
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<frobnicator/>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_XML_ERROR);
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='file'><target dev='xvde'/>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_XML_DETAIL);
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk/><disk/>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_XML_DETAIL);
    /* one element cannot close the stand-in <devices> */
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk/></devices><on_crash>destroy</on_crash><devices><disk/>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_XML_DETAIL);
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, disk_b, 1u << 4), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);
}

static void detach_live(virDomainPtr d)
{
    char *x;
    VT_CHECK_EQ_INT(virDomainDetachDevice(d, "<disk type='file'><source file='/srv/b.img'/><target dev='xvdb'/></disk>"), 0);
    VT_CHECK(strstr(fake_log(), "disk_remove 7 vdev=xvdb pdev=/srv/b.img;store 7;") != NULL);
    x = live_xml(d);
    VT_CHECK(x && !strstr(x, "xvdb"));
    free(x);
    VT_CHECK_EQ_INT(virDomainDetachDevice(d, "<disk type='file'><target dev='xvdz'/></disk>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_FAILED);
    VT_CHECK_EQ_INT(virDomainDetachDevice(d, "<disk type='file' device='cdrom'><target dev='hdc'/></disk>"), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_CONFIG_UNSUPPORTED);
    VT_CHECK_EQ_INT(virDomainDetachDevice(d, nic_2), 0);
    VT_CHECK(strstr(fake_log(), "nic_remove 7 devid=1;") != NULL);
    VT_CHECK_EQ_INT(virDomainDetachDevice(d, nic_2), -1);       /* gone from the live XML */
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_DEVICE_MISSING);
    VT_CHECK_EQ_INT(virDomainDetachDevice(d, "<interface type='bridge'/>"), -1);   /* two left: which? */
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_FAILED);
}

static void config(virDomainPtr d)
{
    char *x;
    reset("vm1", 7, 0);
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, disk_b, VIR_DOMAIN_AFFECT_CONFIG), 0);
    VT_CHECK_EQ_STR(fake_log(), "");                            /* nothing live */
    x = stored();
    VT_CHECK(x && strstr(x, "<target dev='xvdb' bus='xen'/>") != NULL);
    free(x);
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, disk_b, VIR_DOMAIN_AFFECT_CONFIG), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);           /* "target xvdb already exists." */
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, "<sound model='ac97'/>", VIR_DOMAIN_AFFECT_CONFIG), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_CONFIG_UNSUPPORTED);
    VT_CHECK_EQ_STR(virGetLastError()->message, "persistent attach of device is not supported");
    /* both: the config first, then live with the same (generated) MAC */
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, "<interface type='bridge'><source bridge='xenbr2'/></interface>",
                                               VIR_DOMAIN_AFFECT_CONFIG | VIR_DOMAIN_AFFECT_LIVE), 0);
    x = stored();
    if (x && strstr(x, "xenbr2")) {
        /* the last <mac> before xenbr2 is the new interface's */
        char mac[18] = "", *at = x, *end = strstr(x, "xenbr2");
        while ((at = strstr(at, "<mac address='")) != NULL && at < end) {
            snprintf(mac, sizeof mac, "%s", at + 14);
            at++;
        }
        VT_CHECK(strncmp(mac, "00:16:3e:", 9) == 0 && strstr(fake_log(), mac) != NULL);
    } else {
        VT_CHECK(x && strstr(x, "xenbr2"));
    }
    free(x);
    VT_CHECK_EQ_INT(virDomainDetachDeviceFlags(d, disk_b, VIR_DOMAIN_AFFECT_CONFIG), 0);
    x = stored();
    VT_CHECK(x && !strstr(x, "xvdb"));
    free(x);
    VT_CHECK_EQ_INT(virDomainDetachDeviceFlags(d, disk_b, VIR_DOMAIN_AFFECT_CONFIG), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);           /* "no target device xvdb" */
    /* a disk libxl cannot carry is refused for the config as define refuses it */
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, "<disk type='file' device='floppy'><source file='/f'/><target dev='fda'/></disk>",
                                               VIR_DOMAIN_AFFECT_CONFIG), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_CONFIG_UNSUPPORTED);
    /* LIVE on an inactive domain */
    fake_reset("nobody", 9, 0, vm1_xml);
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, disk_b, VIR_DOMAIN_AFFECT_LIVE), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_INVALID);
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, disk_b), -1);       /* AttachDevice is LIVE */
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_INVALID);
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, disk_b, VIR_DOMAIN_AFFECT_CURRENT), 0);   /* CURRENT: config */
    x = stored();
    VT_CHECK(x && strstr(x, "xvdb") != NULL);
    free(x);
}


/* Migration (libvirt's libxl_migration.c through protocol 3): two
 * connections on this host, the receiver a process of virt's own. */
static int (*fake_find)(const char *, int *, int *);

static int running_as(const char *name, int *paused)
{
    int suspended = 0, id = fake_find(name, paused, &suspended);
    return id >= 0 && !suspended ? id : -1;
}

static const char *last_message(void)
{
    virErrorPtr e = virGetLastError();
    return e && e->message ? e->message : "";
}

static void source_untouched(virConnectPtr c)
{
    int paused = 1, suspended = 0;
    VT_CHECK_EQ_INT(running_as("vm1", &paused), 7);
    VT_CHECK_EQ_INT(paused, 0);
    VT_CHECK_EQ_INT(fake_find("vm1--incoming", &paused, &suspended), -1);
    (void)c;
}

static void migrate_ok(virConnectPtr c, virConnectPtr c2)
{
    virDomainPtr d, dd, back;
    virTypedParameterPtr params = NULL;
    int nparams = 0, maxparams = 0, paused = 1, suspended = 0;
    char *x;
    reset("vm1", 7, 0);
    d = virDomainLookupByName(c, "vm1");
    VT_CHECK(d != NULL);
    if (!d) return;
    dd = virDomainMigrate(d, c2, VIR_MIGRATE_LIVE, NULL, "tcp://127.0.0.1", 0);
    VT_CHECK(dd != NULL);
    VT_CHECK_EQ_STR(fake_log(), "suspend 7 live=1;restore 20 name=vm1--incoming version=2;store 20;"
                                "rename 7 vm1--migratedaway;rename 20 vm1;unpause 20;destroy 7;");
    VT_CHECK_EQ_INT(running_as("vm1", &paused), 20);
    VT_CHECK_EQ_INT(paused, 0);
    VT_CHECK_EQ_INT(virDomainGetID(d), (unsigned)-1);
    if (!dd) { virDomainFree(d); return; }
    VT_CHECK_EQ_INT(virDomainGetID(dd), 20);
    VT_CHECK_EQ_STR(virDomainGetName(dd), "vm1");
    x = virDomainGetXMLDesc(dd, 0);   /* the receiver stored the live XML */
    VT_CHECK(x && strstr(x, "<name>vm1</name>") && strstr(x, "4dea22b3-1d52-d8f3-2516-782e98ab3fa0"));
    free(x);
    /* and back, with parameters: a new name, paused, defined there */
    fake_log_reset();
    virTypedParamsAddString(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_URI, "127.0.0.1");
    virTypedParamsAddString(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_DEST_NAME, "vm2");
    back = virDomainMigrate3(dd, c, params, (unsigned)nparams, VIR_MIGRATE_PAUSED | VIR_MIGRATE_PERSIST_DEST);
    VT_CHECK(back != NULL);
    VT_CHECK_EQ_STR(fake_log(), "suspend 20 live=0;restore 21 name=vm2--incoming version=2;store 21;"
                                "rename 20 vm1--migratedaway;rename 21 vm2;destroy 20;");
    VT_CHECK_EQ_INT(fake_find("vm2", &paused, &suspended), 21);
    VT_CHECK_EQ_INT(paused, 1);
    x = vt_read_file(dir, "vm2.xml");
    VT_CHECK(x && strstr(x, "<name>vm2</name>"));
    free(x);
    snprintf(path_buf, sizeof path_buf, "%s/vm2.xml", dir);
    unlink(path_buf);
    if (back) virDomainFree(back);
    virTypedParamsFree(params, nparams);
    virDomainFree(dd);
    virDomainFree(d);
}

static void migrate_refused(virConnectPtr c, virConnectPtr c2)
{
    virDomainPtr d;
    virTypedParameterPtr params = NULL;
    int nparams = 0, maxparams = 0, busy, port;
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    char uri[64];
    reset("vm1", 7, 0);
    d = virDomainLookupByName(c, "vm1");
    VT_CHECK(d != NULL);
    if (!d) return;
    /* bad URIs: the destination refuses them before anything moves */
    VT_CHECK(virDomainMigrate(d, c2, VIR_MIGRATE_LIVE, NULL, "ftp://127.0.0.1", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(virDomainMigrate(d, c2, VIR_MIGRATE_LIVE, NULL, "tcp://", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(strstr(last_message(), "missing host in migration URI: tcp://") != NULL);
    VT_CHECK_EQ_STR(fake_log(), "");
    source_untouched(c);
    /* a port in use: no socket for the incoming migration */
    busy = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    VT_CHECK(bind(busy, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(busy, 1) == 0 &&
             getsockname(busy, (struct sockaddr *)&sa, &len) == 0);
    port = ntohs(sa.sin_port);
    snprintf(uri, sizeof uri, "tcp://127.0.0.1:%d", port);
    VT_CHECK(virDomainMigrate(d, c2, 0, NULL, uri, 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_FAILED);
    VT_CHECK(strstr(last_message(), "Fail to create socket for incoming migration") != NULL);
    close(busy);
    /* a refused port at the source's perform (the port closed since) */
    {
        virt_migrate_step s;
        memset(&s, 0, sizeof s);
        s.step = VIRT_MIGRATE_BEGIN;
        s.dom = d;
        VT_CHECK_EQ_INT(virt__migrate_step(c, &s), 0);
        VIRT_FREE(s.cookieout);
        VIRT_FREE(s.xml_out);
        s.cookieout = s.xml_out = NULL;
        s.step = VIRT_MIGRATE_PERFORM;
        s.uri = uri;
        VT_CHECK_EQ_INT(virt__migrate_step(c, &s), -1);
        VT_CHECK_EQ_INT(last_code(), VIR_ERR_SYSTEM_ERROR);
        VT_CHECK(strstr(last_message(), "Connection refused") != NULL);
    }
    VT_CHECK_EQ_STR(fake_log(), "");
    source_untouched(c);
    /* libxl fails the transfer: the source is resumed, the receiver gives up */
    fake_fail("suspend");
    VT_CHECK(virDomainMigrate(d, c2, VIR_MIGRATE_LIVE, NULL, "tcp://127.0.0.1", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INTERNAL_ERROR);
    VT_CHECK(strstr(last_message(), "Failed to send migration data to destination host") != NULL);
    VT_CHECK_EQ_STR(fake_log(), "suspend 7 live=1;resume 7 cancel=1;");
    source_untouched(c);
    /* the destination fails the restore: Finish fails, Confirm names the source back and resumes it */
    fake_log_reset();
    fake_fail("restore");
    VT_CHECK(virDomainMigrate(d, c2, VIR_MIGRATE_LIVE, NULL, "tcp://127.0.0.1", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_FAILED);
    VT_CHECK(strstr(last_message(), "Migration failed. Domain is not running on destination host") != NULL);
    VT_CHECK_EQ_STR(fake_log(), "suspend 7 live=1;rename 7 vm1--migratedaway;rename 7 vm1;resume 7 cancel=1;");
    source_untouched(c);
    /* libvirt's refusals of flags and parameters, before any libxl call */
    fake_log_reset();
    VT_CHECK(virDomainMigrate(d, c2, VIR_MIGRATE_NON_SHARED_DISK, NULL, "tcp://127.0.0.1", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(strstr(last_message(), "in function libxlDomainMigrateBegin3Params") != NULL);
    virTypedParamsAddString(&params, &nparams, &maxparams, "compression", "xbzrle");
    VT_CHECK(virDomainMigrate3(d, c2, params, (unsigned)nparams, 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_ARGUMENT_UNSUPPORTED);
    virTypedParamsFree(params, nparams);
    /* peer to peer: this side opens the destination (refused here: nothing listens on port 1) */
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, "xen+tcp://127.0.0.1:1/", VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_LIVE, NULL, 0), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_FAILED);
    VT_CHECK(strstr(last_message(), "Failed to connect to remote libvirt URI xen+tcp://127.0.0.1:1/") != NULL);
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, "xen:///", VIR_MIGRATE_PEER2PEER, NULL, 0), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);   /* libvirt: "Attempt to migrate guest to the same host" */
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, "xen+tcp://127.0.0.1:1/", VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_TUNNELLED,
                                          NULL, 0), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_ARGUMENT_UNSUPPORTED);
    /* direct migration is not libxl's (libvirt's libxl driver offers protocol 3) */
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, "tcp://127.0.0.1:1", 0, NULL, 0), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_ARGUMENT_UNSUPPORTED);
    VT_CHECK_EQ_STR(fake_log(), "");
    source_untouched(c);
    virDomainFree(d);
}


/* The console (libvirt's libxlDomainOpenConsole, its fdstream): the pty
 * libxl names, here a real pty pair the fake made; the test plays the
 * guest on its master side. */
static int (*fake_console_master)(void);
static const char vm1_console_xml[] =
    "<domain type='xen'><name>vm1</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>"
    "<memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type>linux</type><kernel>/boot/vmlinuz</kernel></os>"
    "<devices><console type='pty'><target type='xen' port='0'/></console></devices></domain>";

/* reads from st until the text came (or 5 s of reads have passed) */
static int recv_until(virStreamPtr st, const char *text)
{
    char got[512];
    size_t used = 0;
    int n, tries;
    for (tries = 0; tries < 500 && used < sizeof got - 1; tries++) {
        n = virStreamRecv(st, got + used, sizeof got - 1 - used);
        if (n == -2) { usleep(10000); continue; }
        if (n <= 0) break;
        used += (size_t)n;
        got[used] = '\0';
        if (strstr(got, text)) return 1;
    }
    return 0;
}

static void on_readable(virStreamPtr st, int events, void *opaque)
{
    (void)st;
    *(int *)opaque |= events;
}

static void console_stream(virConnectPtr c, virDomainPtr d)
{
    virStreamPtr st = virStreamNew(c, 0), nb;
    char buf[64];
    int master, events = 0, i, n;
    /* a stream nothing stands behind answers as libvirt's */
    VT_CHECK_EQ_INT(virStreamRecv(st, buf, sizeof buf), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK_EQ_INT(virGetLastError()->domain, VIR_FROM_STREAMS);
    VT_CHECK_EQ_STR(last_message(), "this function is not supported by the connection driver: virStreamRecv");
    VT_CHECK_EQ_INT(virStreamSend(st, "x", 1), -1);
    VT_CHECK_EQ_INT(virStreamFinish(st), -1);
    VT_CHECK_EQ_INT(virStreamEventAddCallback(st, VIR_STREAM_EVENT_READABLE, on_readable, &events, NULL), -1);
    VT_CHECK_EQ_INT(virStreamAbort(st), 0);
    /* no console in the live XML; a named device; a flag libxl does not take */
    reset("vm1", 7, 0);
    VT_CHECK_EQ_INT(virDomainOpenConsole(d, NULL, st, 0), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INTERNAL_ERROR);
    VT_CHECK(strstr(last_message(), "cannot find character device") != NULL);
    fake_reset("vm1", 7, 0, vm1_console_xml);
    VT_CHECK_EQ_INT(virDomainOpenConsole(d, "serial0", st, 0), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_INVALID);
    VT_CHECK_EQ_INT(virDomainOpenConsole(d, NULL, st, VIR_DOMAIN_CONSOLE_SAFE), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK_EQ_STR(fake_log(), "");
    /* the console: what the guest prints comes out, what is sent goes in */
    VT_CHECK_EQ_INT(virDomainOpenConsole(d, NULL, st, VIR_DOMAIN_CONSOLE_FORCE), 0);
    VT_CHECK_EQ_STR(fake_log(), "console_get_tty 7 0 pv;");
    VT_CHECK_EQ_INT(virDomainOpenConsole(d, NULL, st, 0), -1);   /* one stream, one console */
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_INVALID);
    master = fake_console_master();
    VT_CHECK(write(master, "GUEST-MARKER: tiny is up\r\n", 26) == 26);
    VT_CHECK(recv_until(st, "GUEST-MARKER: tiny is up"));
    VT_CHECK_EQ_INT(virStreamSend(st, "ls\r", 3), 3);
    n = (int)read(master, buf, sizeof buf);
    VT_CHECK(n == 3 && memcmp(buf, "ls\r", 3) == 0);   /* raw: nothing added or echoed */
    /* non-blocking, with a callback from the event loop */
    nb = virStreamNew(c, VIR_STREAM_NONBLOCK);
    VT_CHECK_EQ_INT(virDomainOpenConsole(d, NULL, nb, 0), 0);
    master = fake_console_master();
    VT_CHECK_EQ_INT(virStreamRecv(nb, buf, sizeof buf), -2);
    VT_CHECK_EQ_INT(virStreamEventAddCallback(nb, VIR_STREAM_EVENT_READABLE, on_readable, &events, NULL), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INTERNAL_ERROR);   /* no event loop registered */
    VT_CHECK_EQ_INT(virEventRegisterDefaultImpl(), 0);
    VT_CHECK_EQ_INT(virStreamEventAddCallback(nb, VIR_STREAM_EVENT_READABLE, on_readable, &events, NULL), 0);
    VT_CHECK_EQ_INT(virStreamEventAddCallback(nb, VIR_STREAM_EVENT_READABLE, on_readable, &events, NULL), -1);
    VT_CHECK(strstr(last_message(), "stream already has a callback registered") != NULL);
    VT_CHECK(write(master, "tick\r\n", 6) == 6);
    for (i = 0; i < 50 && !(events & VIR_STREAM_EVENT_READABLE); i++) (void)virEventRunDefaultImpl();
    VT_CHECK(events & VIR_STREAM_EVENT_READABLE);
    VT_CHECK(recv_until(nb, "tick"));
    VT_CHECK_EQ_INT(virStreamEventUpdateCallback(nb, VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_WRITABLE), 0);
    VT_CHECK_EQ_INT(virStreamEventRemoveCallback(nb), 0);
    VT_CHECK_EQ_INT(virStreamEventRemoveCallback(nb), -1);
    VT_CHECK(strstr(last_message(), "stream does not have a callback registered") != NULL);
    /* the guest's side gone: the end of the stream */
    close(master);
    VT_CHECK_EQ_INT(virStreamRecv(nb, buf, sizeof buf), 0);
    VT_CHECK_EQ_INT(virStreamAbort(nb), 0);
    VT_CHECK_EQ_INT(virStreamFree(nb), 0);
    VT_CHECK_EQ_INT(virStreamFinish(st), 0);
    VT_CHECK_EQ_INT(virStreamRecv(st, buf, sizeof buf), -1);
    VT_CHECK_EQ_STR(last_message(), "internal error: stream is not open");
    VT_CHECK_EQ_INT(virStreamFree(st), 0);
    /* an inactive domain has no console */
    fake_reset("nobody", 9, 0, vm1_console_xml);
    st = virStreamNew(c, 0);
    VT_CHECK_EQ_INT(virDomainOpenConsole(d, NULL, st, 0), -1);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_INVALID);
    virStreamFree(st);
}

/* libvirt 9.0's test driver has no console: python3-libvirt on
 * test:///default gives VIR_ERR_NO_SUPPORT (3), VIR_FROM_DOMAIN (20),
 * "this function is not supported by the connection driver:
 * virDomainOpenConsole"; read-only, VIR_ERR_OPERATION_DENIED first */
static void console_test_driver(void)
{
    virConnectPtr t = virConnectOpen("test:///default"), ro = virConnectOpenReadOnly("test:///default");
    virDomainPtr d = t ? virDomainLookupByName(t, "test") : NULL, rd = ro ? virDomainLookupByName(ro, "test") : NULL;
    virStreamPtr st = t ? virStreamNew(t, 0) : NULL, rst = ro ? virStreamNew(ro, 0) : NULL;
    VT_CHECK(d && rd && st && rst);
    if (d && st) {
        VT_CHECK_EQ_INT(virDomainOpenConsole(d, NULL, st, 0), -1);
        VT_CHECK_EQ_INT(last_code(), VIR_ERR_NO_SUPPORT);
        VT_CHECK_EQ_INT(virGetLastError()->domain, VIR_FROM_DOMAIN);
        VT_CHECK_EQ_STR(last_message(), "this function is not supported by the connection driver: virDomainOpenConsole");
    }
    if (rd && rst) {
        VT_CHECK_EQ_INT(virDomainOpenConsole(rd, NULL, rst, 0), -1);
        VT_CHECK_EQ_INT(last_code(), VIR_ERR_OPERATION_DENIED);
        VT_CHECK_EQ_STR(last_message(), "operation forbidden: read only access prevents virDomainOpenConsole");
    }
    if (st && rd) {   /* a stream of another connection */
        VT_CHECK_EQ_INT(virDomainOpenConsole(d, NULL, rst, 0), -1);
        VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);
    }
    if (st) virStreamFree(st);
    if (rst) virStreamFree(rst);
    if (d) virDomainFree(d);
    if (rd) virDomainFree(rd);
    if (t) virConnectClose(t);
    if (ro) virConnectClose(ro);
}

int main(void)
{
    virConnectPtr c;
    virDomainPtr d;
    char path[300];
    FILE *f;
    *(void **)&fake_log = dlsym(RTLD_DEFAULT, "virt_fake_xl_log");
    *(void **)&fake_reset = dlsym(RTLD_DEFAULT, "virt_fake_xl_reset");
    *(void **)&fake_fail = dlsym(RTLD_DEFAULT, "virt_fake_xl_fail");
    *(void **)&fake_add_nic = dlsym(RTLD_DEFAULT, "virt_fake_xl_add_nic");
    *(void **)&fake_find = dlsym(RTLD_DEFAULT, "virt_fake_xl_find");
    *(void **)&fake_clear_log = dlsym(RTLD_DEFAULT, "virt_fake_xl_clear_log");
    *(void **)&fake_console_master = dlsym(RTLD_DEFAULT, "virt_fake_xl_console_master");
    if (!fake_log || !fake_reset || !fake_fail || !fake_add_nic || !fake_find || !fake_clear_log || !fake_console_master) VT_SKIP("run with LD_PRELOAD=xlmock.so:xldrvmock.so");
    snprintf(dir, sizeof dir, "/tmp/virt-xl-driver-%ld", (long)getpid());
    mkdir(dir, 0700);
    setenv("VIRT_XL_CONFIG_DIR", dir, 1);
    snprintf(path, sizeof path, "%s/vm1.xml", dir);
    f = fopen(path, "w");
    fputs(vm1_xml, f);
    fclose(f);
    reset("vm1", 7, 0);
    c = virConnectOpen("xen:///");
    VT_CHECK(c != NULL);
    if (!c) return vt_summary("xl_driver");
    d = virDomainLookupByName(c, "vm1");
    VT_CHECK(d != NULL);
    if (d) {
        attach_live(d);
        detach_live(d);
        config(d);
        core_dumps(c, d);
        virDomainFree(d);
    }
    dom0(c);
    {
        virConnectPtr c2 = virConnectOpen("xen:///");
        VT_CHECK(c2 != NULL);
        if (c2) {
            migrate_ok(c, c2);
            migrate_refused(c, c2);
            virConnectClose(c2);
        }
    }
    d = virDomainLookupByName(c, "vm1");
    VT_CHECK(d != NULL);
    if (d) {
        console_stream(c, d);
        virDomainFree(d);
    }
    console_test_driver();
    virConnectClose(c);
    unlink(path);
    rmdir(dir);
    return vt_summary("xl_driver");
}
