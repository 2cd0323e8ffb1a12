/* tests/xl/xldrvmock.c - LD_PRELOAD fake of the libxl calls the libxl
 * backend's core dump and device calls make, so that the driver runs on a
 * machine without Xen (preloaded after xlmock.c, whose xc/xs stand-ins let
 * the real libxl_ctx_alloc succeed). It keeps one fake running domain and
 * records every call in a log the test reads (virt_fake_xl_log). Nothing
 * here talks to a hypervisor; each answer follows the declaration and
 * comment of the call in Debian's libxen-dev 4.17 headers:
 *  - access("/dev/xen"): the backend's dom0 probe (virt_xl.h virt__xl_open)
 *    answers "exists"; every other path goes to libc.
 *  - libxl_name_to_domid (libxl_utils.h): 0 and *domid for a known name;
 *    for an unknown one libxl_utils.c answers ERROR_INVAL.
 *  - libxl_domain_info (libxl.h): ERROR_DOMAIN_NOTFOUND for a missing
 *    domain (libxl.h's comment on libxl_domain_info), else info_r filled.
 *  - libxl_userdata_store / _retrieve (libxl.h): retrieve of absent data
 *    sets *data_r = NULL, *datalen_r = 0 and returns 0; data_r is malloc'd.
 *  - libxl_domain_pause / _unpause / _destroy / _core_dump,
 *    libxl_device_disk_add / _remove, libxl_device_nic_add / _remove
 *    (libxl.h): 0 or an ERROR_* (ERROR_FAIL here, on request).
 *  - libxl_cdrom_insert (libxl.h): 0 or ERROR_*, as the other device calls.
 *  - libxl_mac_to_device_nic (libxl_utils.h): the NIC with that MAC
 *    (libxl_utils.c fills devid and mac, ERROR_FAIL when none matches).
 * The fake domain: name vm1, domid 7 (or Domain-0, domid 0), running. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxl.h>
#include <libxl_utils.h>

#define FAKE_MAX_NICS 8
static struct {
    int alive, paused, domid;
    char name[32];
    char *userdata;               /* "libvirt-xml" */
    int userdata_len;
    unsigned char nic_mac[FAKE_MAX_NICS][6];
    int nic_devid[FAKE_MAX_NICS], nnics;
    char fail[32];                /* the call that fails next, "" for none */
    char log[8192];
} fake;

/* the test's side: read and reset the log, set the domain, inject a failure */
const char *virt_fake_xl_log(void);
void virt_fake_xl_reset(const char *name, int domid, int paused, const char *xml);
void virt_fake_xl_fail(const char *call);
void virt_fake_xl_add_nic(const char *mac, int devid);
int virt_fake_xl_alive(void);

const char *virt_fake_xl_log(void) { return fake.log; }
int virt_fake_xl_alive(void) { return fake.alive; }
void virt_fake_xl_fail(const char *call) { snprintf(fake.fail, sizeof fake.fail, "%s", call); }

void virt_fake_xl_reset(const char *name, int domid, int paused, const char *xml)
{
    free(fake.userdata);
    memset(&fake, 0, sizeof fake);
    fake.alive = 1;
    fake.paused = paused;
    fake.domid = domid;
    snprintf(fake.name, sizeof fake.name, "%s", name);
    fake.userdata_len = (int)strlen(xml) + 1;
    fake.userdata = strdup(xml);
}

void virt_fake_xl_add_nic(const char *mac, int devid)
{
    unsigned m[6];
    int i;
    if (fake.nnics >= FAKE_MAX_NICS || sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6) return;
    for (i = 0; i < 6; i++) fake.nic_mac[fake.nnics][i] = (unsigned char)m[i];
    fake.nic_devid[fake.nnics++] = devid;
}

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
    size_t used = strlen(fake.log);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fake.log + used, sizeof fake.log - used, fmt, ap);
    va_end(ap);
    used = strlen(fake.log);
    if (used + 1 < sizeof fake.log) { fake.log[used] = ';'; fake.log[used + 1] = '\0'; }
}

/* ERROR_FAIL for the injected call (once), else 0 */
static int outcome(const char *call)
{
    if (strcmp(fake.fail, call) != 0) return 0;
    fake.fail[0] = '\0';
    return ERROR_FAIL;
}

static int mine(uint32_t domid) { return fake.alive && (int)domid == fake.domid; }

int access(const char *path, int mode)
{
    static int (*real)(const char *, int);
    if (strcmp(path, "/dev/xen") == 0) return 0;
    if (!real) *(void **)&real = dlsym(RTLD_NEXT, "access");
    return real(path, mode);
}

int libxl_name_to_domid(libxl_ctx *ctx, const char *name, uint32_t *domid)
{
    (void)ctx;
    if (!fake.alive || strcmp(name, fake.name) != 0) return ERROR_INVAL;
    *domid = (uint32_t)fake.domid;
    return 0;
}

int libxl_domain_info(libxl_ctx *ctx, libxl_dominfo *info_r, uint32_t domid)
{
    (void)ctx;
    if (!mine(domid)) return ERROR_DOMAIN_NOTFOUND;
    if (info_r) {
        info_r->domid = domid;
        info_r->paused = fake.paused;
        info_r->running = !fake.paused;
        info_r->vcpu_max_id = 0;
        info_r->vcpu_online = 1;
    }
    return 0;
}

int libxl_userdata_store(libxl_ctx *ctx, uint32_t domid, const char *userdata_userid, const uint8_t *data, int datalen)
{
    (void)ctx;
    if (!mine(domid) || strcmp(userdata_userid, "libvirt-xml") != 0) return ERROR_INVAL;
    if (outcome("userdata_store")) return ERROR_FAIL;
    free(fake.userdata);
    fake.userdata = (char *)malloc((size_t)datalen);
    memcpy(fake.userdata, data, (size_t)datalen);
    fake.userdata_len = datalen;
    note("store %u", domid);
    return 0;
}

int libxl_userdata_retrieve(libxl_ctx *ctx, uint32_t domid, const char *userdata_userid, uint8_t **data_r,
                            int *datalen_r)
{
    (void)ctx;
    *data_r = NULL;
    *datalen_r = 0;
    if (!mine(domid) || strcmp(userdata_userid, "libvirt-xml") != 0 || !fake.userdata) return 0;
    *data_r = (uint8_t *)malloc((size_t)fake.userdata_len);
    memcpy(*data_r, fake.userdata, (size_t)fake.userdata_len);
    *datalen_r = fake.userdata_len;
    return 0;
}

/* pause, unpause, destroy: the call (unless made to fail) sets one flag of
 * the fake domain and is logged as "CALL DOMID" */
static int domain_op(uint32_t domid, const char *call, int *flag, int value)
{
    if (!mine(domid) || outcome(call)) return ERROR_FAIL;
    *flag = value;
    note("%s %u", call, domid);
    return 0;
}

int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)
{
    (void)ctx; (void)ao_how;
    return domain_op(domid, "pause", &fake.paused, 1);
}

int libxl_domain_unpause(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)
{
    (void)ctx; (void)ao_how;
    return domain_op(domid, "unpause", &fake.paused, 0);
}

int libxl_domain_destroy(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)
{
    (void)ctx; (void)ao_how;
    return domain_op(domid, "destroy", &fake.alive, 0);
}

/* the "core" is one line, so the test can tell libxl wrote the file */
int libxl_domain_core_dump(libxl_ctx *ctx, uint32_t domid, const char *filename, const libxl_asyncop_how *ao_how)
{
    FILE *f;
    (void)ctx; (void)ao_how;
    if (!mine(domid) || outcome("core_dump")) return ERROR_FAIL;
    if (!(f = fopen(filename, "w"))) return ERROR_FAIL;
    fprintf(f, "fake core of domain %u (%s)\n", domid, fake.paused ? "paused" : "running");
    fclose(f);
    note("dump %u %s %s", domid, filename, fake.paused ? "paused" : "running");
    return 0;
}

int libxl_device_disk_add(libxl_ctx *ctx, uint32_t domid, libxl_device_disk *disk, const libxl_asyncop_how *ao_how)
{
    (void)ctx; (void)ao_how;
    if (!mine(domid) || outcome("disk_add")) return ERROR_FAIL;
    note("disk_add %u vdev=%s pdev=%s format=%s backend=%s rw=%d", domid, disk->vdev ? disk->vdev : "",
         disk->pdev_path ? disk->pdev_path : "", libxl_disk_format_to_string(disk->format),
         libxl_disk_backend_to_string(disk->backend), disk->readwrite);
    return 0;
}

int libxl_device_disk_remove(libxl_ctx *ctx, uint32_t domid, libxl_device_disk *disk, const libxl_asyncop_how *ao_how)
{
    (void)ctx; (void)ao_how;
    if (!mine(domid) || outcome("disk_remove")) return ERROR_FAIL;
    note("disk_remove %u vdev=%s pdev=%s", domid, disk->vdev ? disk->vdev : "", disk->pdev_path ? disk->pdev_path : "");
    return 0;
}

int libxl_device_nic_add(libxl_ctx *ctx, uint32_t domid, libxl_device_nic *nic, const libxl_asyncop_how *ao_how)
{
    (void)ctx; (void)ao_how;
    if (!mine(domid) || outcome("nic_add")) return ERROR_FAIL;
    note("nic_add %u mac=%02x:%02x:%02x:%02x:%02x:%02x bridge=%s devid=%d", domid, nic->mac[0], nic->mac[1], nic->mac[2],
         nic->mac[3], nic->mac[4], nic->mac[5], nic->bridge ? nic->bridge : "", nic->devid);
    if (fake.nnics < FAKE_MAX_NICS) {
        memcpy(fake.nic_mac[fake.nnics], nic->mac, 6);
        fake.nic_devid[fake.nnics] = fake.nnics;
        fake.nnics++;
    }
    return 0;
}

int libxl_device_nic_remove(libxl_ctx *ctx, uint32_t domid, libxl_device_nic *nic, const libxl_asyncop_how *ao_how)
{
    (void)ctx; (void)ao_how;
    if (!mine(domid) || outcome("nic_remove")) return ERROR_FAIL;
    note("nic_remove %u devid=%d", domid, nic->devid);
    return 0;
}

int libxl_mac_to_device_nic(libxl_ctx *ctx, uint32_t domid, const char *mac, libxl_device_nic *nic)
{
    unsigned m[6];
    int i, j;
    (void)ctx;
    if (!mine(domid) || sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6) return ERROR_FAIL;
    for (i = 0; i < fake.nnics; i++) {
        for (j = 0; j < 6 && fake.nic_mac[i][j] == (unsigned char)m[j]; j++) {}
        if (j < 6) continue;
        memcpy(nic->mac, fake.nic_mac[i], 6);
        nic->devid = fake.nic_devid[i];
        return 0;
    }
    return ERROR_FAIL;
}

int libxl_cdrom_insert(libxl_ctx *ctx, uint32_t domid, libxl_device_disk *disk, const libxl_asyncop_how *ao_how)
{
    (void)ctx; (void)ao_how;
    if (!mine(domid) || outcome("cdrom_insert")) return ERROR_FAIL;
    note("cdrom_insert %u vdev=%s pdev=%s format=%s", domid, disk->vdev ? disk->vdev : "",
         disk->pdev_path ? disk->pdev_path : "", libxl_disk_format_to_string(disk->format));
    return 0;
}
