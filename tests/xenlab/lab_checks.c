/* tests/xenlab/lab_checks.c - virt's integration checks on a real Xen node.
 *
 * Runs inside the lab's dom0 (tests/xenlab/run.sh), as root, while the PV
 * guest GUEST runs. Everything goes through virt's PUBLIC libvirt API on
 * xen:/// (hypercall and xenstore backends; there is no xend in the lab)
 * and is compared with what Xen's own tools say: `xl list`, `xl list -l`,
 * `xl info` and `xenstore-read`, run with popen.
 *
 *   lab_checks main GUEST   list/count/lookups, domain and node info,
 *                           version, cpu time, suspend/resume, setmaxmem,
 *                           setmem, the memory event, a read-only connection,
 *                           suspend/resume events through libvirt's event
 *                           API and the default loop
 *   lab_checks end GUEST SECOND CONFIG
 *                           `xl create CONFIG` (domain SECOND): the start
 *                           event, lookup, destroy while it runs, the stop
 *                           event; then GUEST: shutdown (through
 *                           control/shutdown), destroy, the stop event.
 *                           Both domains are gone afterwards.
 *
 * Prints "lab_checks <phase>: N passed, N failed"; exit 1 if any failed.
 * Outside dom0 (no /proc/xen/capabilities with control_d) it skips (77).
 */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#define LAB_NAME "lab_checks"
#include "lab_common.h"

#include <ctype.h>
#include <time.h>
#include <unistd.h>

#define LAB_MAX_DOMS 64

/* ------------------------------------------------------------------ */
/* Running Xen's tools                                                  */
/* ------------------------------------------------------------------ */

/* One line of `xl list`: Name ID Mem(MiB) VCPUs State Time(s). */
typedef struct lab_xl_dom {
    char name[64];
    int id;
    unsigned long mem_mib;
    int vcpus;
    char state[8];     /* "rbpscd" positions, '-' when clear */
    double cpu_s;
} lab_xl_dom;

/* Parses `xl list`; returns the number of domains, -1 if xl failed. Lines
 * that do not look like a domain (the header) are skipped. */
static int lab_xl_list(lab_xl_dom *doms, int max)
{
    char *out = lab_run("xl list"), *line, *save = NULL;
    int n = 0;
    if (!out) return -1;
    for (line = strtok_r(out, "\n", &save); line && n < max; line = strtok_r(NULL, "\n", &save)) {
        lab_xl_dom d;
        memset(&d, 0, sizeof d);
        if (sscanf(line, "%63s %d %lu %d %7s %lf", d.name, &d.id, &d.mem_mib, &d.vcpus,
                   d.state, &d.cpu_s) == 6)
            doms[n++] = d;
    }
    free(out);
    return n;
}

static const lab_xl_dom *lab_find_by_name(const lab_xl_dom *doms, int n, const char *name)
{
    int i;
    for (i = 0; i < n; i++)
        if (strcmp(doms[i].name, name) == 0) return &doms[i];
    return NULL;
}

/* The `xl list` line of one domain, re-read now; 0 if it is not listed. */
static int lab_xl_one(const char *name, lab_xl_dom *out)
{
    lab_xl_dom doms[LAB_MAX_DOMS];
    int n = lab_xl_list(doms, LAB_MAX_DOMS);
    const lab_xl_dom *d = n > 0 ? lab_find_by_name(doms, n, name) : NULL;
    if (!d) return 0;
    *out = *d;
    return 1;
}

/* What `xl list -l` (libxl's JSON domain configuration) says of a domain.
 * libxl fills max_memkb and target_memkb from xenstore memory/static-max
 * and memory/target (libxl_domain.c, retrieve_domain_configuration). */
typedef struct lab_xl_long {
    int domid;
    char name[64];
    char uuid[VIR_UUID_STRING_BUFLEN];
    long max_vcpus;    /* -1 when absent (Domain-0) */
    long max_memkb;    /* -1 when absent */
    long target_memkb; /* -1 when absent */
} lab_xl_long;

/* Where the value of "key" starts in text[0..end) (the first occurrence),
 * or NULL */
static const char *lab_json_value(const char *text, const char *end, const char *key)
{
    char pat[64];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\"", key);
    p = strstr(text, pat);
    if (!p || p >= end) return NULL;
    p += strlen(pat);
    while (p < end && (isspace((unsigned char)*p) || *p == ':')) p++;
    return p < end ? p : NULL;
}

/* The string value of "key" in text[0..end), or "" */
static void lab_json_str(const char *text, const char *end, const char *key, char *buf, size_t size)
{
    const char *p = lab_json_value(text, end, key);
    size_t i = 0;
    if (p && *p == '"')
        for (p++; p < end && *p != '"' && i + 1 < size; p++) buf[i++] = *p;
    buf[i] = '\0';
}

/* The integer value of "key" in text[0..end), or -1 */
static long lab_json_int(const char *text, const char *end, const char *key)
{
    const char *p = lab_json_value(text, end, key);
    return p && isdigit((unsigned char)*p) ? strtol(p, NULL, 10) : -1;
}

/* The end of the JSON object or array that starts at p ('{' or '['):
 * the character after its closing bracket, skipping strings. */
static const char *lab_json_skip(const char *p)
{
    int depth = 0, in_string = 0;
    for (; *p; p++) {
        if (in_string) {
            if (*p == '\\' && p[1]) p++;
            else if (*p == '"') in_string = 0;
        } else if (*p == '"') {
            in_string = 1;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            if (--depth == 0) return p + 1;
        }
    }
    return p;
}

/* Parses `xl list -l`: a JSON array with one object per domain. The keys
 * we need are unique inside one object except "domid" (c_info has one
 * too), whose first occurrence is the domain's. */
static int lab_xl_list_long(lab_xl_long *doms, int max)
{
    char *out = lab_run("xl list -l");
    const char *p;
    int n = 0;
    if (!out) return -1;
    p = strchr(out, '[');
    for (p = p ? p + 1 : NULL; p && n < max; ) {
        const char *end;
        p = strchr(p, '{');
        if (!p) break;
        end = lab_json_skip(p);
        doms[n].domid = (int)lab_json_int(p, end, "domid");
        lab_json_str(p, end, "name", doms[n].name, sizeof doms[n].name);   /* c_info's */
        doms[n].max_vcpus = lab_json_int(p, end, "max_vcpus");
        lab_json_str(p, end, "uuid", doms[n].uuid, sizeof doms[n].uuid);
        /* libxl leaves out a null UUID (Domain-0's) */
        if (!doms[n].uuid[0])
            snprintf(doms[n].uuid, sizeof doms[n].uuid, "00000000-0000-0000-0000-000000000000");
        doms[n].max_memkb = lab_json_int(p, end, "max_memkb");
        doms[n].target_memkb = lab_json_int(p, end, "target_memkb");
        n++;
        p = end;
    }
    free(out);
    return n;
}

static const lab_xl_long *lab_long_by_id(const lab_xl_long *doms, int n, int id)
{
    int i;
    for (i = 0; i < n; i++)
        if (doms[i].domid == id) return &doms[i];
    return NULL;
}

/* xl list -l's max_memkb of one domain, re-read now (-1 if unknown) */
static long lab_xl_max_memkb(int id)
{
    lab_xl_long doms[LAB_MAX_DOMS];
    int n = lab_xl_list_long(doms, LAB_MAX_DOMS);
    const lab_xl_long *d = n > 0 ? lab_long_by_id(doms, n, id) : NULL;
    return d ? d->max_memkb : -1;
}

/* xenstore-read PATH into buf; 0 when it succeeded */
static int lab_xenstore_read(const char *path, char *buf, size_t size)
{
    char cmd[256];
    char *out;
    size_t len;
    snprintf(cmd, sizeof cmd, "xenstore-read %s", path);
    out = lab_run(cmd);
    if (!out) return -1;
    len = strcspn(out, "\n");
    snprintf(buf, size, "%.*s", (int)len, out);
    free(out);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Comparing                                                            */
/* ------------------------------------------------------------------ */

/* virt's state and xl's flags agree: paused is paused, shut down/dying/
 * crashed is one of SHUTDOWN/SHUTOFF/CRASHED, anything else is an active
 * domain (running and blocked flip between two calls, and a runnable
 * domain not on a CPU has neither flag). */
static int lab_state_agrees(int virt_state, const char *xl_state)
{
    if (strchr(xl_state, 'p')) return virt_state == VIR_DOMAIN_PAUSED;
    if (strchr(xl_state, 's') || strchr(xl_state, 'd') || strchr(xl_state, 'c'))
        return virt_state == VIR_DOMAIN_SHUTDOWN || virt_state == VIR_DOMAIN_SHUTOFF ||
               virt_state == VIR_DOMAIN_CRASHED;
    return virt_state == VIR_DOMAIN_RUNNING || virt_state == VIR_DOMAIN_BLOCKED ||
           virt_state == VIR_DOMAIN_NOSTATE;
}

/* libxl gives Xen LIBXL_MAXMEM_CONSTANT (1024 KiB) more than the
 * configured maximum (libxl_internal.h), so the hypervisor's max_pages is
 * max_memkb or max_memkb + 1024 depending on who set it last. */
static int lab_maxmem_agrees(unsigned long virt_kib, long xl_kib)
{
    return xl_kib >= 0 && (virt_kib == (unsigned long)xl_kib || virt_kib == (unsigned long)xl_kib + 1024);
}

/* xl prints (current + outstanding) KiB / 1024, rounded down; virt's KiB
 * must give the same MiB to within one page (4 KiB) either way. */
static int lab_mem_agrees(unsigned long virt_kib, unsigned long xl_mib)
{
    return virt_kib / 1024 == xl_mib || (virt_kib + 4) / 1024 == xl_mib ||
           (virt_kib >= 4 && (virt_kib - 4) / 1024 == xl_mib);
}

static int lab_last_error_code(void)
{
    virErrorPtr e = virGetLastError();
    return e ? e->code : VIR_ERR_OK;
}

static void lab_sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* ------------------------------------------------------------------ */
/* Events                                                               */
/* ------------------------------------------------------------------ */

#define LAB_MAX_EVENTS 32   /* kept per run; more are printed, not kept */

typedef struct lab_events {
    int n;
    char name[LAB_MAX_EVENTS][64];
    int event[LAB_MAX_EVENTS];
    unsigned long long detail[LAB_MAX_EVENTS];
} lab_events;

static void lab_on_event(virConnectPtr conn, virDomainPtr dom, int event,
                         unsigned long long detail, void *opaque)
{
    lab_events *ev = (lab_events *)opaque;
    const char *name = dom ? virDomainGetName(dom) : NULL;
    (void)conn;
    printf("  event: %s %d detail %llu\n", name ? name : "(null)", event, detail);
    if (ev->n >= LAB_MAX_EVENTS) return;
    snprintf(ev->name[ev->n], sizeof ev->name[0], "%s", name ? name : "");
    ev->event[ev->n] = event;
    ev->detail[ev->n] = detail;
    ev->n++;
}

static long lab_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Polls events for up to ms (by the clock: a poll that delivers another
 * event returns early) until one (name, event) arrived (with that detail
 * unless detail is 0); 1 if it did. */
static int lab_wait_event(virConnectPtr conn, lab_events *ev, const char *name, int event,
                          unsigned long long detail, long ms)
{
    long end = lab_now_ms() + ms;
    for (;;) {
        int i;
        for (i = 0; i < ev->n; i++)
            if (ev->event[i] == event && strcmp(ev->name[i], name) == 0 &&
                (detail == 0 || ev->detail[i] == detail))
                return 1;
        if (lab_now_ms() >= end) return 0;
        if (virt_domain_event_poll(conn, 200) < 0) lab_sleep_ms(200);
    }
}

/* ------------------------------------------------------------------ */
/* Phase "main"                                                         */
/* ------------------------------------------------------------------ */

static void lab_check_version_and_node(virConnectPtr conn)
{
    char *info = lab_run("xl info");
    char buf[64];
    unsigned long hv = 0, want;
    long micro = 0;
    virNodeInfo node;
    VT_CHECK(info != NULL);
    if (!info) return;
    /* xen_extra is ".7" for 4.17.7 */
    if (lab_info_field(info, "xen_extra", buf, sizeof buf) && buf[0] == '.')
        micro = strtol(buf + 1, NULL, 10);
    want = (unsigned long)lab_info_long(info, "xen_major") * 1000000UL +
           (unsigned long)lab_info_long(info, "xen_minor") * 1000UL + (unsigned long)micro;
    VT_CHECK_EQ_INT(virConnectGetVersion(conn, &hv), 0);
    VT_CHECK_EQ_INT(hv, want);
    printf("version: virt %lu, xl info %lu\n", hv, want);

    memset(&node, 0, sizeof node);
    VT_CHECK_EQ_INT(virNodeGetInfo(conn, &node), 0);
    printf("node: model %s memory %lu KiB cpus %u mhz %u nodes %u sockets %u cores %u threads %u\n",
           node.model, node.memory, node.cpus, node.mhz, node.nodes, node.sockets, node.cores,
           node.threads);
    /* xl prints total_memory in MiB, rounded down */
    VT_CHECK_EQ_INT(node.memory / 1024, lab_info_long(info, "total_memory"));
    VT_CHECK_EQ_INT(node.cpus, lab_info_long(info, "nr_cpus"));
    VT_CHECK_EQ_INT(node.nodes, lab_info_long(info, "nr_nodes"));
    VT_CHECK_EQ_INT(node.cores, lab_info_long(info, "cores_per_socket"));
    VT_CHECK_EQ_INT(node.threads, lab_info_long(info, "threads_per_core"));
    VT_CHECK_EQ_INT(VIR_NODEINFO_MAXCPUS(node), lab_info_long(info, "nr_cpus"));
    /* cpu_mhz is "2096.010": the integer part */
    VT_CHECK_EQ_INT(node.mhz, lab_info_long(info, "cpu_mhz"));
    if (lab_info_field(info, "machine", buf, sizeof buf)) VT_CHECK_EQ_STR(node.model, buf);
    free(info);
}

/* One domain: lookups by id, name and UUID, and its info, against xl. */
static void lab_check_domain(virConnectPtr conn, const lab_xl_dom *xd, const lab_xl_long *xl)
{
    virDomainPtr d = virDomainLookupByID(conn, xd->id), byname, byuuid;
    virDomainInfo before, after;
    lab_xl_dom now;
    char uuid[VIR_UUID_STRING_BUFLEN] = "";
    unsigned char raw[VIR_UUID_BUFLEN];

    printf("domain %s (id %d):\n", xd->name, xd->id);
    VT_CHECK(d != NULL);
    if (!d) return;
    VT_CHECK_EQ_STR(virDomainGetName(d), xd->name);
    VT_CHECK_EQ_INT(virDomainGetID(d), xd->id);

    byname = virDomainLookupByName(conn, xd->name);
    VT_CHECK(byname != NULL);
    if (byname) {
        VT_CHECK_EQ_INT(virDomainGetID(byname), xd->id);
        VT_CHECK(byname == d);   /* one object per domain and connection */
        virDomainFree(byname);
    }

    VT_CHECK_EQ_INT(virDomainGetUUIDString(d, uuid), 0);
    VT_CHECK(xl != NULL);
    if (xl) {
        VT_CHECK_EQ_STR(uuid, xl->uuid);
        VT_CHECK_EQ_STR(virDomainGetName(d), xl->name);
    }
    byuuid = virDomainLookupByUUIDString(conn, uuid);
    VT_CHECK(byuuid != NULL);
    if (byuuid) { VT_CHECK_EQ_STR(virDomainGetName(byuuid), xd->name); virDomainFree(byuuid); }
    VT_CHECK_EQ_INT(virDomainGetUUID(d, raw), 0);
    byuuid = virDomainLookupByUUID(conn, raw);
    VT_CHECK(byuuid != NULL);
    if (byuuid) { VT_CHECK_EQ_INT(virDomainGetID(byuuid), xd->id); virDomainFree(byuuid); }

    /* GetInfo around a fresh `xl list`: cpu time brackets xl's (printed
     * with one decimal, so +-0.05 s) */
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &before), 0);
    VT_CHECK(lab_xl_one(xd->name, &now));
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &after), 0);
    printf("  virt: state %d mem %lu KiB max %lu KiB vcpus %u cpu %.2f s | "
           "xl: %s %lu MiB vcpus %d cpu %.1f s, -l max %ld target %ld KiB\n",
           after.state, after.memory, after.maxMem, after.nrVirtCpu,
           (double)after.cpuTime / 1e9, now.state, now.mem_mib, now.vcpus, now.cpu_s,
           xl ? xl->max_memkb : -1, xl ? xl->target_memkb : -1);
    VT_CHECK(lab_state_agrees(after.state, now.state));
    VT_CHECK_EQ_INT(after.nrVirtCpu, now.vcpus);
    if (xl && xl->max_vcpus > 0) VT_CHECK_EQ_INT(after.nrVirtCpu, xl->max_vcpus);   /* all online */
    VT_CHECK(lab_mem_agrees(after.memory, now.mem_mib));
    /* the guest sits at its balloon target (dom0's target is libxl's guess) */
    if (xd->id != 0 && xl && xl->target_memkb > 0)
        VT_CHECK(after.memory + 4 >= (unsigned long)xl->target_memkb &&
                 after.memory <= (unsigned long)xl->target_memkb + 4);
    VT_CHECK((double)before.cpuTime / 1e9 <= now.cpu_s + 0.06);
    VT_CHECK((double)after.cpuTime / 1e9 >= now.cpu_s - 0.06);
    VT_CHECK(after.cpuTime >= before.cpuTime);
    VT_CHECK_EQ_INT(virDomainGetMaxMemory(d), after.maxMem);
    VT_CHECK(xl && lab_maxmem_agrees(after.maxMem, xl->max_memkb));
    virDomainFree(d);
}

/* On a fresh connection, where no object exists yet, a lookup by name must
 * give the same identity as by id: UUID, id, OS type (virsh looks a name
 * up by name first). */
static void lab_check_name_first(const lab_xl_dom *xd, int n, const lab_xl_long *xl, int nl)
{
    virConnectPtr fresh = virConnectOpenReadOnly("xen:///");
    int i;
    VT_CHECK(fresh != NULL);
    if (!fresh) return;
    for (i = 0; i < n; i++) {
        const lab_xl_long *l = lab_long_by_id(xl, nl, xd[i].id);
        char uuid[VIR_UUID_STRING_BUFLEN] = "";
        char *os;
        virDomainPtr d = virDomainLookupByName(fresh, xd[i].name);
        printf("domain %s, looked up by name first:\n", xd[i].name);
        VT_CHECK(d != NULL);
        if (!d) continue;
        VT_CHECK_EQ_INT(virDomainGetID(d), xd[i].id);
        VT_CHECK_EQ_INT(virDomainGetUUIDString(d, uuid), 0);
        if (l) VT_CHECK_EQ_STR(uuid, l->uuid);
        os = virDomainGetOSType(d);
        VT_CHECK_EQ_STR(os, "linux");   /* Domain-0 and the guest are PV */
        free(os);
        virDomainFree(d);
    }
    VT_CHECK_EQ_INT(virConnectClose(fresh), 0);
}

static void lab_check_lists(virConnectPtr conn)
{
    lab_xl_dom xd[LAB_MAX_DOMS];
    lab_xl_long xl[LAB_MAX_DOMS];
    int ids[LAB_MAX_DOMS];
    int n = lab_xl_list(xd, LAB_MAX_DOMS), nl = lab_xl_list_long(xl, LAB_MAX_DOMS);
    int nv, i, j;
    VT_CHECK(n >= 2);   /* Domain-0 and the guest */
    VT_CHECK_EQ_INT(nl, n);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), n);
    nv = virConnectListDomains(conn, ids, LAB_MAX_DOMS);
    VT_CHECK_EQ_INT(nv, n);
    for (i = 0; i < n; i++) {   /* every xl id is listed by virt */
        int found = 0;
        for (j = 0; j < nv; j++) found |= ids[j] == xd[i].id;
        VT_CHECK(found);
        if (!found) fprintf(stderr, "  virt does not list domain %d (%s)\n", xd[i].id, xd[i].name);
    }
    for (i = 0; i < n; i++) lab_check_domain(conn, &xd[i], lab_long_by_id(xl, nl, xd[i].id));
    lab_check_name_first(xd, n, xl, nl);

    VT_CHECK(virDomainLookupByName(conn, "no-such-domain") == NULL);
    VT_CHECK_EQ_INT(lab_last_error_code(), VIR_ERR_NO_DOMAIN);
    VT_CHECK(virDomainLookupByID(conn, 31000) == NULL);
    VT_CHECK_EQ_INT(lab_last_error_code(), VIR_ERR_NO_DOMAIN);
}

/* cpu time grows: dom0 (running this loop) and the guest (it wakes every
 * second, guest-init.sh) */
static void lab_check_cpu_time(virDomainPtr dom0, virDomainPtr guest)
{
    virDomainInfo a0, b0, ag, bg;
    clock_t start = clock();
    volatile unsigned long spin = 0;
    VT_CHECK_EQ_INT(virDomainGetInfo(dom0, &a0), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(guest, &ag), 0);
    while (clock() - start < CLOCKS_PER_SEC / 5) spin++;
    lab_sleep_ms(2000);
    VT_CHECK_EQ_INT(virDomainGetInfo(dom0, &b0), 0);
    VT_CHECK_EQ_INT(virDomainGetInfo(guest, &bg), 0);
    printf("cpu time: Domain-0 %llu -> %llu ns, guest %llu -> %llu ns\n",
           a0.cpuTime, b0.cpuTime, ag.cpuTime, bg.cpuTime);
    VT_CHECK(b0.cpuTime > a0.cpuTime);
    VT_CHECK(bg.cpuTime > ag.cpuTime);
}

/* How many (name, event) arrived so far. */
static int lab_count_events(const lab_events *ev, const char *name, int event)
{
    int i, n = 0;
    for (i = 0; i < ev->n; i++)
        if (ev->event[i] == event && strcmp(ev->name[i], name) == 0) n++;
    return n;
}

/* Suspend and resume as hypercalls; with the hypervisor backend open the
 * xenstore backend samples the paused flag (docs/events.md): SUSPENDED
 * then RESUMED, detail 0, once each. */
static void lab_check_suspend_resume(virConnectPtr conn, lab_events *ev, virDomainPtr guest,
                                     const char *name)
{
    lab_xl_dom x;
    virDomainInfo info;
    VT_CHECK_EQ_INT(lab_count_events(ev, name, VIRT_DOMAIN_EVENT_SUSPENDED), 0);
    VT_CHECK_EQ_INT(virDomainSuspend(guest), 0);
    VT_CHECK(lab_xl_one(name, &x) && strchr(x.state, 'p') != NULL);
    printf("after suspend: xl state %s\n", x.state);
    VT_CHECK_EQ_INT(virDomainGetInfo(guest, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_PAUSED);
    VT_CHECK(lab_wait_event(conn, ev, name, VIRT_DOMAIN_EVENT_SUSPENDED, 0, 5000));
    VT_CHECK_EQ_INT(virDomainResume(guest), 0);
    VT_CHECK(lab_xl_one(name, &x) && strchr(x.state, 'p') == NULL);
    printf("after resume: xl state %s\n", x.state);
    VT_CHECK_EQ_INT(virDomainGetInfo(guest, &info), 0);
    VT_CHECK(info.state == VIR_DOMAIN_RUNNING || info.state == VIR_DOMAIN_BLOCKED);
    VT_CHECK(lab_wait_event(conn, ev, name, VIRT_DOMAIN_EVENT_RESUMED, 0, 5000));
    VT_CHECK(virt_domain_event_poll(conn, 300) >= 0);   /* then no duplicate */
    VT_CHECK_EQ_INT(lab_count_events(ev, name, VIRT_DOMAIN_EVENT_SUSPENDED), 1);
    VT_CHECK_EQ_INT(lab_count_events(ev, name, VIRT_DOMAIN_EVENT_RESUMED), 1);
}

/* The same through libvirt's API: a RegisterAny callback for the guest
 * gets SUSPENDED PAUSED and RESUMED UNPAUSED from the default event loop
 * (its timer polls the Xen router, which samples the paused flags). */
static int lab_lv_events[8], lab_lv_details[8], lab_lv_n;
static void lab_lv_on_event(virConnectPtr c, virDomainPtr d, int event, int detail, void *opaque)
{
    (void)c; (void)d; (void)opaque;
    if (lab_lv_n >= 8) return;
    lab_lv_events[lab_lv_n] = event;
    lab_lv_details[lab_lv_n++] = detail;
}
static void lab_lv_guard(int timer, void *opaque) { (void)timer; *(int *)opaque = 1; }
static int lab_lv_wait(int n, int ms)
{
    int fired = 0, t = virEventAddTimeout(ms, lab_lv_guard, &fired, NULL);
    while (!fired && lab_lv_n < n) virEventRunDefaultImpl();
    virEventRemoveTimeout(t);
    return lab_lv_n >= n;
}

static void lab_check_libvirt_events(virConnectPtr conn, virDomainPtr guest)
{
    int id;
    VT_CHECK_EQ_INT(virEventRegisterDefaultImpl(), 0);
    id = virConnectDomainEventRegisterAny(conn, guest, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          VIR_DOMAIN_EVENT_CALLBACK(lab_lv_on_event), NULL, NULL);
    VT_CHECK(id >= 0);
    VT_CHECK_EQ_INT(virDomainSuspend(guest), 0);
    VT_CHECK(lab_lv_wait(1, 5000));
    VT_CHECK_EQ_INT(virDomainResume(guest), 0);
    VT_CHECK(lab_lv_wait(2, 5000));
    VT_CHECK_EQ_INT(lab_lv_events[0], VIR_DOMAIN_EVENT_SUSPENDED);
    VT_CHECK_EQ_INT(lab_lv_details[0], VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
    VT_CHECK_EQ_INT(lab_lv_events[1], VIR_DOMAIN_EVENT_RESUMED);
    VT_CHECK_EQ_INT(lab_lv_details[1], VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
    printf("libvirt API events: %d (suspended %d/%d, resumed %d/%d)\n", lab_lv_n, lab_lv_events[0],
           lab_lv_details[0], lab_lv_events[1], lab_lv_details[1]);
    VT_CHECK_EQ_INT(virConnectIsAlive(conn), 1);
    VT_CHECK_EQ_INT(virConnectIsSecure(conn), 1);
    if (id >= 0) VT_CHECK_EQ_INT(virConnectDomainEventDeregisterAny(conn, id), 0);
    (void)lab_lv_wait(3, 50);       /* the connection's timer goes away */
}

static void lab_check_memory(virConnectPtr conn, lab_events *ev, virDomainPtr guest, const char *name)
{
    int id = (int)virDomainGetID(guest);
    long xl_max = lab_xl_max_memkb(id), xl_after;
    unsigned long new_max, target;
    char path[128], val[64] = "";

    /* setmaxmem: 32 MiB above what xl says; xl list -l must show it */
    VT_CHECK(xl_max > 0);
    if (xl_max <= 0) return;
    new_max = (unsigned long)xl_max + 32768;
    VT_CHECK_EQ_INT(virDomainSetMaxMemory(guest, new_max), 0);
    xl_after = lab_xl_max_memkb(id);
    printf("setmaxmem %lu KiB: xl list -l max_memkb %ld, virt max %lu\n", new_max, xl_after,
           virDomainGetMaxMemory(guest));
    VT_CHECK_EQ_INT(xl_after, new_max);
    if (xl_after != (long)new_max)
        fprintf(stderr, "  (libxl reads max_memkb from xenstore memory/static-max; `xl mem-max` "
                        "writes it besides the max_mem domctl)\n");
    VT_CHECK(lab_maxmem_agrees(virDomainGetMaxMemory(guest), (long)new_max));

    /* setmem: 8 MiB below the original size; the balloon target in
     * xenstore is what the guest's balloon driver follows */
    target = (unsigned long)xl_max - 8192;
    VT_CHECK_EQ_INT(virDomainSetMemory(guest, target), 0);
    snprintf(path, sizeof path, "/local/domain/%d/memory/target", id);
    VT_CHECK_EQ_INT(lab_xenstore_read(path, val, sizeof val), 0);
    printf("setmem %lu KiB: xenstore %s = %s\n", target, path, val);
    VT_CHECK_EQ_INT(strtoul(val, NULL, 10), target);
    VT_CHECK(lab_wait_event(conn, ev, name, VIRT_DOMAIN_EVENT_MEMORY, target, 5000));
}

/* The guest by name; if that fails (a check already failed), by the id
 * xl gives, so that the remaining checks still run and say more. */
static virDomainPtr lab_guest(virConnectPtr conn, const char *name)
{
    virDomainPtr d = virDomainLookupByName(conn, name);
    lab_xl_dom x;
    VT_CHECK(d != NULL);
    if (!d && lab_xl_one(name, &x)) {
        fprintf(stderr, "  lookup of '%s' by name failed; going on with its id %d\n", name, x.id);
        d = virDomainLookupByID(conn, x.id);
    }
    return d;
}

/* A read-only connection answers but refuses every change, and the node
 * shows that none was made. */
static void lab_check_readonly(const char *name)
{
    virConnectPtr ro = virConnectOpenReadOnly("xen:///");
    virDomainPtr d;
    virDomainInfo info;
    lab_xl_dom before, after;
    char path[128], target_before[64] = "", target_after[64] = "", shut[64] = "x";
    long max_before, max_after;
    int id;
    VT_CHECK(ro != NULL);
    if (!ro) return;
    d = lab_guest(ro, name);
    if (!d) { virConnectClose(ro); return; }
    id = (int)virDomainGetID(d);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK(virConnectNumOfDomains(ro) >= 2);
    VT_CHECK(lab_xl_one(name, &before));
    max_before = lab_xl_max_memkb(id);
    snprintf(path, sizeof path, "/local/domain/%d/memory/target", id);
    lab_xenstore_read(path, target_before, sizeof target_before);

    VT_CHECK_EQ_INT(virDomainSuspend(d), -1);
    VT_CHECK_EQ_INT(lab_last_error_code(), VIR_ERR_OPERATION_DENIED);
    VT_CHECK_EQ_INT(virDomainSetMemory(d, 65536), -1);
    VT_CHECK_EQ_INT(lab_last_error_code(), VIR_ERR_OPERATION_DENIED);
    VT_CHECK_EQ_INT(virDomainSetMaxMemory(d, 262144), -1);
    VT_CHECK_EQ_INT(lab_last_error_code(), VIR_ERR_OPERATION_DENIED);
    VT_CHECK_EQ_INT(virDomainShutdown(d), -1);
    VT_CHECK_EQ_INT(lab_last_error_code(), VIR_ERR_OPERATION_DENIED);
    VT_CHECK_EQ_INT(virDomainDestroy(d), -1);
    VT_CHECK_EQ_INT(lab_last_error_code(), VIR_ERR_OPERATION_DENIED);

    VT_CHECK(lab_xl_one(name, &after));           /* not destroyed */
    VT_CHECK(strchr(after.state, 'p') == NULL);   /* not paused */
    VT_CHECK(strchr(after.state, 's') == NULL);   /* not shut down */
    VT_CHECK_EQ_INT(after.id, before.id);
    max_after = lab_xl_max_memkb(id);
    VT_CHECK_EQ_INT(max_after, max_before);
    lab_xenstore_read(path, target_after, sizeof target_after);
    VT_CHECK_EQ_STR(target_after, target_before);
    snprintf(path, sizeof path, "/local/domain/%d/control/shutdown", id);
    VT_CHECK_EQ_INT(lab_xenstore_read(path, shut, sizeof shut), 0);
    VT_CHECK_EQ_STR(shut, "");                    /* no shutdown request */
    virDomainFree(d);
    VT_CHECK_EQ_INT(virConnectClose(ro), 0);
}

static void lab_phase_main(virConnectPtr conn, lab_events *ev, const char *name)
{
    virDomainPtr dom0, guest;
    char *os;
    VT_CHECK_EQ_STR(virConnectGetType(conn), "Xen");
    lab_check_version_and_node(conn);
    lab_check_lists(conn);
    dom0 = virDomainLookupByID(conn, 0);
    guest = lab_guest(conn, name);
    VT_CHECK(dom0 != NULL && guest != NULL);
    if (!dom0 || !guest) {
        if (dom0) virDomainFree(dom0);
        if (guest) virDomainFree(guest);
        return;
    }
    VT_CHECK_EQ_STR(virDomainGetName(dom0), "Domain-0");
    os = virDomainGetOSType(guest);
    VT_CHECK_EQ_STR(os, "linux");   /* a PV guest */
    free(os);
    lab_check_cpu_time(dom0, guest);
    lab_check_readonly(name);
    lab_check_suspend_resume(conn, ev, guest, name);
    lab_check_libvirt_events(conn, guest);
    lab_check_memory(conn, ev, guest, name);
    virDomainFree(dom0);
    virDomainFree(guest);
}

/* ------------------------------------------------------------------ */
/* Phase "end"                                                          */
/* ------------------------------------------------------------------ */

/* Polls `xl list` up to seconds until the guest shows a shutdown flag
 * (gone = 0) or vanished (gone = 1). */
static int lab_wait_xl(const char *name, int gone, int seconds)
{
    int i;
    for (i = 0; i < seconds * 2; i++) {
        lab_xl_dom x;
        int listed = lab_xl_one(name, &x);
        if (gone ? !listed : listed && strchr(x.state, 's') != NULL) return 1;
        lab_sleep_ms(500);
    }
    return 0;
}

/* The guest's console log (GUEST_LOG, set by dom0-init.sh) has text:
 * read whole (the first 1 MiB; the kernel's messages come first), and
 * waited for up to `seconds`: xenconsoled copies the guest's console ring
 * into the file when it gets round to it, which can be after the guest
 * has already shut down and xl shows it. */
static int lab_guest_log_has(const char *text, int seconds)
{
    const char *path = getenv("GUEST_LOG");
    static char buf[1 << 20];
    int i;
    for (i = 0; path && i <= seconds * 5; i++) {
        FILE *f = fopen(path, "r");
        size_t len = 0;
        if (f) {
            len = fread(buf, 1, sizeof buf - 1, f);
            fclose(f);
        }
        buf[len] = '\0';
        if (strstr(buf, text)) return 1;
        lab_sleep_ms(200);
    }
    return 0;
}

/* A second guest, created with xl after the events were registered:
 * STARTED arrives, lookups find it, destroy while it runs removes it from
 * xl list and reports STOPPED. */
static void lab_check_start_destroy(virConnectPtr conn, lab_events *ev, const char *name,
                                    const char *cfg)
{
    char cmd[256];
    lab_xl_dom x;
    virDomainPtr d;
    snprintf(cmd, sizeof cmd, "timeout 120 xl create %s", cfg);
    VT_CHECK_EQ_INT(system(cmd), 0);
    VT_CHECK(lab_wait_event(conn, ev, name, VIRT_DOMAIN_EVENT_STARTED, 0, 10000));
    VT_CHECK(lab_xl_one(name, &x));
    d = virDomainLookupByName(conn, name);
    VT_CHECK(d != NULL);
    if (!d) return;
    VT_CHECK_EQ_INT(virDomainGetID(d), x.id);
    VT_CHECK_EQ_INT(virDomainDestroy(d), 0);
    VT_CHECK(lab_wait_xl(name, 1, 30));
    VT_CHECK(lab_wait_event(conn, ev, name, VIRT_DOMAIN_EVENT_STOPPED, 0, 10000));
    VT_CHECK_EQ_INT(virDomainGetID(d), (unsigned int)-1);
    virDomainFree(d);
}

static void lab_phase_end(virConnectPtr conn, lab_events *ev, const char *name,
                          const char *second, const char *second_cfg)
{
    virDomainPtr guest = lab_guest(conn, name);
    virDomainInfo info;
    lab_xl_dom xd[LAB_MAX_DOMS];
    if (!guest) return;
    lab_check_start_destroy(conn, ev, second, second_cfg);

    /* shutdown writes control/shutdown; only the guest's own kernel acting
     * on it can shut it down, and it says so on its console. The domain
     * stays (on_poweroff = "preserve"), so no STOPPED yet. */
    VT_CHECK_EQ_INT(virDomainShutdown(guest), 0);
    VT_CHECK(lab_wait_xl(name, 0, 60));
    VT_CHECK(lab_guest_log_has("GUEST-POWEROFF", 10));
    VT_CHECK_EQ_INT(virDomainGetInfo(guest, &info), 0);
    printf("after shutdown: virt state %d\n", info.state);
    VT_CHECK(info.state == VIR_DOMAIN_SHUTOFF || info.state == VIR_DOMAIN_SHUTDOWN);

    /* destroy: the domain vanishes from xl list and from virt */
    ev->n = 0;
    VT_CHECK_EQ_INT(virDomainDestroy(guest), 0);
    VT_CHECK(lab_wait_xl(name, 1, 30));
    VT_CHECK(lab_wait_event(conn, ev, name, VIRT_DOMAIN_EVENT_STOPPED, 0, 10000));
    virDomainFree(guest);
    guest = virDomainLookupByName(conn, name);
    VT_CHECK(guest == NULL);
    VT_CHECK_EQ_INT(lab_last_error_code(), VIR_ERR_NO_DOMAIN);
    if (guest) virDomainFree(guest);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), lab_xl_list(xd, LAB_MAX_DOMS));
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    virConnectPtr conn;
    lab_events ev;
    char label[64];
    int is_main = argc == 3 && strcmp(argv[1], "main") == 0;
    if (!is_main && !(argc == 5 && strcmp(argv[1], "end") == 0)) {
        fprintf(stderr, "usage: %s main GUEST | end GUEST SECOND-NAME SECOND-XL-CONFIG\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);   /* keep stdout and stderr in order on the console */
    if (!lab_in_dom0()) VT_SKIP("not in a Xen dom0 (no control_d in /proc/xen/capabilities)");
    memset(&ev, 0, sizeof ev);
    conn = virConnectOpen("xen:///");
    VT_CHECK(conn != NULL);
    if (conn) {
        VT_CHECK_EQ_INT(virt_domain_event_register(conn, lab_on_event, &ev), 0);
        if (is_main) lab_phase_main(conn, &ev, argv[2]);
        else lab_phase_end(conn, &ev, argv[2], argv[3], argv[4]);
        VT_CHECK_EQ_INT(virt_domain_event_deregister(conn, lab_on_event), 0);
        VT_CHECK_EQ_INT(virConnectClose(conn), 0);
    }
    snprintf(label, sizeof label, "lab_checks %s", argv[1]);
    return vt_summary(label);
}
