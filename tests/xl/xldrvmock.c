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
 *  - libxl_domain_suspend / _create_restore / _rename / _resume and
 *    libxl_evenable_domain_death for migration (each above its fake).
 * The fake domain: name vm1, domid 7 (or Domain-0, domid 0), running; a
 * restore adds one (domids from 20). The state is in shared memory, so
 * that a child process's calls (virt's migration receiver) count too. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxl.h>
#include <libxl_utils.h>

#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>

#define FAKE_MAX_NICS 8
#define FAKE_MAX_DOMS 4
#define FAKE_USERDATA_MAX 8192
/* One fake domain. A migration's receiver is a process of its own: the
 * state lives in shared memory so that its restore shows here. */
typedef struct fake_dom {
    int alive, paused, suspended, domid;
    char name[64];
    char userdata[FAKE_USERDATA_MAX];   /* "libvirt-xml", "" for none */
    int userdata_len;
} fake_dom;
static struct fake_state {
    fake_dom dom[FAKE_MAX_DOMS];
    int next_domid;
    unsigned char nic_mac[FAKE_MAX_NICS][6];
    int nic_devid[FAKE_MAX_NICS], nnics;
    char fail[32];                /* the call that fails next, "" for none */
    char log[8192];
} *fake;

__attribute__((constructor)) static void fake_map(void)
{
    void *m = mmap(NULL, sizeof *fake, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) abort();
    fake = (struct fake_state *)m;
    memset(fake, 0, sizeof *fake);
}

/* the test's side: read and reset the log, set the domain, inject a failure */
const char *virt_fake_xl_log(void);
void virt_fake_xl_reset(const char *name, int domid, int paused, const char *xml);
void virt_fake_xl_fail(const char *call);
void virt_fake_xl_add_nic(const char *mac, int devid);
int virt_fake_xl_alive(void);
/* the live domain called name: its domid, paused flag and suspend flag; -1 when none */
int virt_fake_xl_find(const char *name, int *paused, int *suspended);

const char *virt_fake_xl_log(void) { return fake->log; }
void virt_fake_xl_clear_log(void);
void virt_fake_xl_clear_log(void) { fake->log[0] = '\0'; }
int virt_fake_xl_alive(void) { return fake->dom[0].alive; }
void virt_fake_xl_fail(const char *call) { snprintf(fake->fail, sizeof fake->fail, "%s", call); }

static fake_dom *by_id(uint32_t domid)
{
    int i;
    for (i = 0; i < FAKE_MAX_DOMS; i++)
        if (fake->dom[i].alive && fake->dom[i].domid == (int)domid) return &fake->dom[i];
    return NULL;
}

static fake_dom *by_name(const char *name)
{
    int i;
    for (i = 0; i < FAKE_MAX_DOMS; i++)
        if (fake->dom[i].alive && strcmp(fake->dom[i].name, name) == 0) return &fake->dom[i];
    return NULL;
}

int virt_fake_xl_find(const char *name, int *paused, int *suspended)
{
    fake_dom *d = by_name(name);
    if (!d) return -1;
    *paused = d->paused;
    *suspended = d->suspended;
    return d->domid;
}

void virt_fake_xl_reset(const char *name, int domid, int paused, const char *xml)
{
    memset(fake, 0, sizeof *fake);
    fake->next_domid = 20;
    fake->dom[0].alive = 1;
    fake->dom[0].paused = paused;
    fake->dom[0].domid = domid;
    snprintf(fake->dom[0].name, sizeof fake->dom[0].name, "%s", name);
    fake->dom[0].userdata_len = (int)strlen(xml) + 1;
    snprintf(fake->dom[0].userdata, sizeof fake->dom[0].userdata, "%s", xml);
}

void virt_fake_xl_add_nic(const char *mac, int devid)
{
    unsigned m[6];
    int i;
    if (fake->nnics >= FAKE_MAX_NICS || sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6) return;
    for (i = 0; i < 6; i++) fake->nic_mac[fake->nnics][i] = (unsigned char)m[i];
    fake->nic_devid[fake->nnics++] = devid;
}

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
    size_t used = strlen(fake->log);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(fake->log + used, sizeof fake->log - used, fmt, ap);
    va_end(ap);
    used = strlen(fake->log);
    if (used + 1 < sizeof fake->log) { fake->log[used] = ';'; fake->log[used + 1] = '\0'; }
}

/* ERROR_FAIL for the injected call (once), else 0 */
static int outcome(const char *call)
{
    if (strcmp(fake->fail, call) != 0) return 0;
    fake->fail[0] = '\0';
    return ERROR_FAIL;
}

static int mine(uint32_t domid) { return by_id(domid) != NULL; }

int access(const char *path, int mode)
{
    static int (*real)(const char *, int);
    if (strcmp(path, "/dev/xen") == 0) return 0;
    if (!real) *(void **)&real = dlsym(RTLD_NEXT, "access");
    return real(path, mode);
}

int libxl_name_to_domid(libxl_ctx *ctx, const char *name, uint32_t *domid)
{
    fake_dom *d = by_name(name);
    (void)ctx;
    if (!d) return ERROR_INVAL;
    *domid = (uint32_t)d->domid;
    return 0;
}

int libxl_domain_info(libxl_ctx *ctx, libxl_dominfo *info_r, uint32_t domid)
{
    fake_dom *d = by_id(domid);
    (void)ctx;
    if (!d) return ERROR_DOMAIN_NOTFOUND;
    if (info_r) {
        info_r->domid = domid;
        info_r->paused = d->paused;
        info_r->running = !d->paused && !d->suspended;
        info_r->shutdown = d->suspended;
        info_r->shutdown_reason = d->suspended ? LIBXL_SHUTDOWN_REASON_SUSPEND : LIBXL_SHUTDOWN_REASON_UNKNOWN;
        /* the UUID of the XML it was started with: the bytes of vm1's */
        if (d->userdata_len > 0) {
            const char *u = strstr(d->userdata, "<uuid>");
            char text[37];
            if (u) {
                snprintf(text, sizeof text, "%s", u + 6);
                (void)libxl_uuid_from_string(&info_r->uuid, text);
            }
        }
        info_r->vcpu_max_id = 0;
        info_r->vcpu_online = 1;
    }
    return 0;
}

int libxl_userdata_store(libxl_ctx *ctx, uint32_t domid, const char *userdata_userid, const uint8_t *data, int datalen)
{
    fake_dom *d = by_id(domid);
    (void)ctx;
    if (!d || strcmp(userdata_userid, "libvirt-xml") != 0 || datalen > FAKE_USERDATA_MAX) return ERROR_INVAL;
    if (outcome("userdata_store")) return ERROR_FAIL;
    memcpy(d->userdata, data, (size_t)datalen);
    d->userdata_len = datalen;
    note("store %u", domid);
    return 0;
}

int libxl_userdata_retrieve(libxl_ctx *ctx, uint32_t domid, const char *userdata_userid, uint8_t **data_r,
                            int *datalen_r)
{
    fake_dom *d = by_id(domid);
    (void)ctx;
    *data_r = NULL;
    *datalen_r = 0;
    if (!d || strcmp(userdata_userid, "libvirt-xml") != 0 || d->userdata_len <= 0) return 0;
    *data_r = (uint8_t *)malloc((size_t)d->userdata_len);
    memcpy(*data_r, d->userdata, (size_t)d->userdata_len);
    *datalen_r = d->userdata_len;
    return 0;
}

/* pause, unpause, destroy: the call (unless made to fail) sets one flag of
 * the fake domain and is logged as "CALL DOMID" */
enum { FLAG_PAUSED, FLAG_ALIVE };
static int domain_op(uint32_t domid, const char *call, int which, int value)
{
    fake_dom *d = by_id(domid);
    if (!d || outcome(call)) return ERROR_FAIL;
    if (which == FLAG_PAUSED) d->paused = value;
    else d->alive = value;
    note("%s %u", call, domid);
    return 0;
}

int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)
{
    (void)ctx; (void)ao_how;
    return domain_op(domid, "pause", FLAG_PAUSED, 1);
}

int libxl_domain_unpause(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)
{
    (void)ctx; (void)ao_how;
    return domain_op(domid, "unpause", FLAG_PAUSED, 0);
}

int libxl_domain_destroy(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)
{
    (void)ctx; (void)ao_how;
    return domain_op(domid, "destroy", FLAG_ALIVE, 0);
}

/* the "core" is one line, so the test can tell libxl wrote the file */
int libxl_domain_core_dump(libxl_ctx *ctx, uint32_t domid, const char *filename, const libxl_asyncop_how *ao_how)
{
    FILE *f;
    fake_dom *d = by_id(domid);
    (void)ctx; (void)ao_how;
    if (!d || outcome("core_dump")) return ERROR_FAIL;
    if (!(f = fopen(filename, "w"))) return ERROR_FAIL;
    fprintf(f, "fake core of domain %u (%s)\n", domid, d->paused ? "paused" : "running");
    fclose(f);
    note("dump %u %s %s", domid, filename, d->paused ? "paused" : "running");
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
    if (fake->nnics < FAKE_MAX_NICS) {
        memcpy(fake->nic_mac[fake->nnics], nic->mac, 6);
        fake->nic_devid[fake->nnics] = fake->nnics;
        fake->nnics++;
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
    for (i = 0; i < fake->nnics; i++) {
        for (j = 0; j < 6 && fake->nic_mac[i][j] == (unsigned char)m[j]; j++) {}
        if (j < 6) continue;
        memcpy(nic->mac, fake->nic_mac[i], 6);
        nic->devid = fake->nic_devid[i];
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

/* Migration. libxl_domain_suspend (libxl.h: the domain's state into fd;
 * the domain stays, suspended, until its caller destroys or resumes it)
 * writes one line as the "stream" and, so that the log's order does not
 * depend on two processes' timing, returns once the receiver has closed
 * its end (which virt's receiver does after storing the domain's XML). */
#define FAKE_STREAM "FAKE-LIBXL-STREAM v2\n"
int libxl_domain_suspend(libxl_ctx *ctx, uint32_t domid, int fd, int flags, const libxl_asyncop_how *ao_how)
{
    fake_dom *d = by_id(domid);
    char buf[64];
    (void)ctx; (void)ao_how;
    if (!d) return ERROR_FAIL;
    note("suspend %u live=%d", domid, (flags & LIBXL_SUSPEND_LIVE) != 0);
    d->suspended = 1;
    if (outcome("suspend")) return ERROR_FAIL;   /* as libxl can: failed with the guest suspended */
    if (write(fd, FAKE_STREAM, strlen(FAKE_STREAM)) != (ssize_t)strlen(FAKE_STREAM)) return ERROR_FAIL;
    (void)shutdown(fd, SHUT_WR);
    while (read(fd, buf, sizeof buf) > 0) {}
    return 0;
}

/* libxl_domain_create_restore (libxl.h): a new domain from the stream on
 * restore_fd, paused; ERROR_FAIL for a stream that is not the fake's */
int libxl_domain_create_restore(libxl_ctx *ctx, libxl_domain_config *d_config, uint32_t *domid, int restore_fd,
                                int send_back_fd, const libxl_domain_restore_params *params,
                                const libxl_asyncop_how *ao_how, const libxl_asyncprogress_how *aop_console_how)
{
    char buf[sizeof FAKE_STREAM];
    size_t got = 0;
    ssize_t n;
    int i;
    (void)ctx; (void)send_back_fd; (void)ao_how; (void)aop_console_how;
    while (got < sizeof buf - 1 && (n = read(restore_fd, buf + got, sizeof buf - 1 - got)) > 0) got += (size_t)n;
    buf[got] = '\0';
    if (strcmp(buf, FAKE_STREAM) != 0 || outcome("restore")) return ERROR_FAIL;
    for (i = 0; i < FAKE_MAX_DOMS && fake->dom[i].alive; i++) {}
    if (i == FAKE_MAX_DOMS) return ERROR_FAIL;
    memset(&fake->dom[i], 0, sizeof fake->dom[i]);
    fake->dom[i].alive = 1;
    fake->dom[i].paused = 1;
    fake->dom[i].domid = fake->next_domid++;
    snprintf(fake->dom[i].name, sizeof fake->dom[i].name, "%s", d_config->c_info.name);
    *domid = (uint32_t)fake->dom[i].domid;
    note("restore %d name=%s version=%u", fake->dom[i].domid, fake->dom[i].name, params->stream_version);
    return 0;
}

/* libxl_domain_rename (libxl.h): old_name checked when given; a name
 * another domain has is refused */
int libxl_domain_rename(libxl_ctx *ctx, uint32_t domid, const char *old_name, const char *new_name)
{
    fake_dom *d = by_id(domid), *other = by_name(new_name);
    (void)ctx;
    if (!d || (old_name && strcmp(d->name, old_name) != 0) || (other && other != d) || outcome("rename"))
        return ERROR_FAIL;
    snprintf(d->name, sizeof d->name, "%s", new_name);
    note("rename %u %s", domid, new_name);
    return 0;
}

/* libxl_domain_resume (libxl.h): a suspended domain runs again */
int libxl_domain_resume(libxl_ctx *ctx, uint32_t domid, int suspend_cancel, const libxl_asyncop_how *ao_how)
{
    fake_dom *d = by_id(domid);
    (void)ctx; (void)ao_how;
    if (!d || outcome("resume")) return ERROR_FAIL;
    d->suspended = 0;
    note("resume %u cancel=%d", domid, suspend_cancel);
    return 0;
}

/* libxl_evenable_domain_death (libxl_event.h): refused, so that a domain
 * monitor started for a migrated domain ends at once (no xenstore here) */
int libxl_evenable_domain_death(libxl_ctx *ctx, uint32_t domid, libxl_ev_user user, libxl_evgen_domain_death **evgen_out)
{
    (void)ctx; (void)domid; (void)user;
    *evgen_out = NULL;
    return ERROR_FAIL;
}

/* libxl_console_get_tty (libxl.h): *path (malloc'd) of the domain's
 * console pty. The fake makes a real pty pair: the test writes the
 * guest's side into its master (virt_fake_xl_console_master) and reads
 * what the console sent. ERROR_FAIL for an unknown domain, or on request. */
static int console_master = -1;
int virt_fake_xl_console_master(void);
int virt_fake_xl_console_master(void) { return console_master; }

int libxl_console_get_tty(libxl_ctx *ctx, uint32_t domid, int cons_num, libxl_console_type type, char **path)
{
    const char *name;
    (void)ctx;
    if (!mine(domid) || outcome("console_get_tty")) return ERROR_FAIL;
    if (console_master >= 0) close(console_master);
    if ((console_master = posix_openpt(O_RDWR | O_NOCTTY)) < 0 || grantpt(console_master) != 0 ||
        unlockpt(console_master) != 0 || !(name = ptsname(console_master)))
        return ERROR_FAIL;
    *path = strdup(name);
    note("console_get_tty %u %d %s", domid, cons_num, type == LIBXL_CONSOLE_TYPE_PV ? "pv" : "serial");
    return 0;
}
