/* tests/xenlab/lab_vcpus.c - the issue-11 calls on a real Xen node, each
 * compared with what Xen's own tools say (`xl info`, `xl vcpu-list`,
 * `xl list`, `xl sched-credit2`/`sched-credit`, `xl vcpu-pin`):
 *
 *   lab_vcpus GUEST   capabilities (well-formed XML; host arch, guests and
 *                     cells agree with `xl info`), free memory and cells,
 *                     node memory stats, max vCPUs and the CPU map, vCPU
 *                     info and counts of
 *                     Domain-0 and GUEST, pinning both ways (virt pins, xl
 *                     sees it; xl pins, virt sees it), state and reason
 *                     through a pause, the scheduler's type and weight;
 *                     the capabilities' CPU topology, NUMA distances and
 *                     PVH guests against `xl info`; node CPU stats
 *                     (sysctl getcpuinfo idle times against dom0's uptime);
 *                     block/interface stats of GUEST (which has no disk
 *                     or vif: the errors of absent backends); GUEST's
 *                     memory and CPU stats against `xl list` (Mem, Time),
 *                     `xl list -l` (max_memkb) and `xl vcpu-list`.
 *
 * Runs inside the lab's dom0 as root, after lab_checks main; leaves GUEST
 * as it found it (affinity every CPU, weight restored, running). Prints
 * "lab_vcpus: N passed, N failed"; outside dom0 it skips (77). */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "virt_test_api.h"
#define LAB_NAME "lab_vcpus"
#include "lab_common.h"

#include <ctype.h>
#include <expat.h>

/* "key : value" of `xl info` into buf ("" when absent) */
static const char *lab_info(const char *info, const char *key, char *buf, size_t size)
{
    (void)lab_info_field(info, key, buf, size);
    return buf;
}

/* One line of `xl vcpu-list NAME`: vcpu, cpu, state ("-b-"), time, hard affinity */
typedef struct lab_vcpu {
    int vcpu, cpu;
    char state[8], hard[64];
    double secs;
} lab_vcpu;

static int lab_vcpu_list(const char *name, lab_vcpu *out, int max)
{
    char cmd[128], *text, *line, *save = NULL;
    int n = 0;
    snprintf(cmd, sizeof cmd, "xl vcpu-list %s", name);
    if (!(text = lab_run(cmd))) return -1;
    for (line = strtok_r(text, "\n", &save); line && n < max; line = strtok_r(NULL, "\n", &save)) {
        char nm[64];
        int id;
        if (sscanf(line, "%63s %d %d %d %7s %lf %63s", nm, &id, &out[n].vcpu, &out[n].cpu, out[n].state,
                   &out[n].secs, out[n].hard) == 7 && strcmp(nm, name) == 0)
            n++;
    }
    free(text);
    return n;
}

/* `xl list NAME`'s state column ("-b----"), "" when absent */
static void lab_xl_state(const char *name, char *state, size_t size)
{
    char cmd[128], *text, nm[64], st[16];
    const char *line;
    int id, vcpus;
    double mem, t;
    state[0] = '\0';
    snprintf(cmd, sizeof cmd, "xl list %s", name);
    if (!(text = lab_run(cmd))) return;
    for (line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (sscanf(line, "%63s %d %lf %d %15s %lf", nm, &id, &mem, &vcpus, st, &t) == 6 && strcmp(nm, name) == 0)
            snprintf(state, size, "%s", st);
    free(text);
}

/* ------------------------------------------------------------------ */

static int lab_xml_ok(const char *xml)
{
    XML_Parser p = XML_ParserCreate(NULL);
    int ok;
    if (!p) return 0;
    ok = XML_Parse(p, xml, (int)strlen(xml), 1) == XML_STATUS_OK;
    if (!ok) fprintf(stderr, "capabilities: %s at line %lu\n", XML_ErrorString(XML_GetErrorCode(p)),
                     (unsigned long)XML_GetCurrentLineNumber(p));
    XML_ParserFree(p);
    return ok;
}

/* how often needle occurs in hay */
static int lab_count(const char *hay, const char *needle)
{
    int n = 0;
    for (; (hay = strstr(hay, needle)) != NULL; hay += strlen(needle)) n++;
    return n;
}

/* every "xen-3.0-ARCH" / "hvm-3.0-ARCH" of xen_caps is a guest of caps */
static void lab_check_caps_guests(const char *caps, const char *xen_caps)
{
    char tok[64], want[128];
    const char *p = xen_caps;
    int used;
    while (sscanf(p, "%63s%n", tok, &used) == 1) {
        const char *arch = strstr(tok, "x86_64") ? "x86_64" : strstr(tok, "x86_32") ? "i686" : NULL;
        p += used;
        if (!arch) continue;
        snprintf(want, sizeof want, "<os_type>%s</os_type>\n    <arch name='%s'>",
                 strncmp(tok, "hvm", 3) == 0 ? "hvm" : "xen", arch);
        printf("capabilities: xen_caps %s -> %s guest: %s\n", tok, arch, strstr(caps, want) ? "yes" : "NO");
        VT_CHECK(strstr(caps, want) != NULL);
    }
}

static void lab_check_node(virConnectPtr conn, const char *info)
{
    char buf[512], arch[sizeof buf + 16];   /* "<arch>" buf "</arch>" */
    long nr_cpus = lab_info_long(info, "nr_cpus"), max_cpu = lab_info_long(info, "max_cpu_id");
    long nodes = lab_info_long(info, "nr_nodes"), free_mib = lab_info_long(info, "free_memory");
    unsigned long long free_bytes, cells[8], cell_sum = 0;
    unsigned char *map = NULL;
    unsigned int online = 0;
    char *caps;
    int i, n;
    /* capabilities */
    caps = virConnectGetCapabilities(conn);
    VT_CHECK(caps != NULL);
    if (caps) {
        VT_CHECK(lab_xml_ok(caps));
        snprintf(arch, sizeof arch, "<arch>%s</arch>", lab_info(info, "machine", buf, sizeof buf));
        printf("capabilities: %lu bytes; host %s (xl info machine %s); cells %d (xl nr_nodes %ld); cpus %d (xl nr_cpus %ld)\n",
               (unsigned long)strlen(caps), strstr(caps, arch) ? "agrees" : "DIFFERS", buf,
               lab_count(caps, "<cell id="), nodes, lab_count(caps, "<cpu id="), nr_cpus);
        VT_CHECK(strstr(caps, arch) != NULL);
        VT_CHECK_EQ_INT(lab_count(caps, "<cell id="), nodes);
        VT_CHECK_EQ_INT(lab_count(caps, "<cpu id="), nr_cpus);
        lab_check_caps_guests(caps, lab_info(info, "xen_caps", buf, sizeof buf));
        free(caps);
    }
    /* free memory: xl info's free_memory is MiB, rounded down */
    free_bytes = virNodeGetFreeMemory(conn);
    n = virNodeGetCellsFreeMemory(conn, cells, 0, 8);
    for (i = 0; i < n; i++) cell_sum += cells[i];
    printf("free memory: virt %llu KiB, cells %d sum %llu KiB; xl info free_memory %ld MiB\n",
           free_bytes / 1024, n, cell_sum, free_mib);
    VT_CHECK(free_mib >= 0 && free_bytes / 1048576 + 4 >= (unsigned long long)free_mib &&
             free_bytes / 1048576 <= (unsigned long long)free_mib + 4);
    VT_CHECK_EQ_INT(n, nodes);
    VT_CHECK(cell_sum / 1024 + 4 >= (unsigned long long)free_mib && cell_sum / 1024 <= (unsigned long long)free_mib + 4);
    /* node memory stats: the host's total and free, as xl info has them */
    {
        virNodeMemoryStats ms[2];
        int np = 2;
        long total_mib = lab_info_long(info, "total_memory");
        VT_CHECK_EQ_INT(virNodeGetMemoryStats(conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, ms, &np, 0), 0);
        printf("memory stats: total %llu KiB free %llu KiB; xl info total_memory %ld MiB\n", ms[0].value,
               ms[1].value, total_mib);
        VT_CHECK(ms[0].value / 1024 + 1 >= (unsigned long long)total_mib && ms[0].value / 1024 <= (unsigned long long)total_mib + 1);
        VT_CHECK(ms[1].value / 1024 + 4 >= (unsigned long long)free_mib && ms[1].value / 1024 <= (unsigned long long)free_mib + 4);
    }
    /* CPUs */
    VT_CHECK_EQ_INT(virConnectGetMaxVcpus(conn, NULL), max_cpu + 1);
    n = virNodeGetCPUMap(conn, &map, &online, 0);
    printf("cpu map: %d CPU ids, %u online, map 0x%02x; xl info max_cpu_id %ld nr_cpus %ld\n", n, online,
           map ? map[0] : 0, max_cpu, nr_cpus);
    VT_CHECK_EQ_INT(n, max_cpu + 1);
    VT_CHECK_EQ_INT(online, nr_cpus);
    free(map);
}

/* virt's vCPUs of dom against `xl vcpu-list` */
static void lab_check_vcpus(virDomainPtr dom, const char *name)
{
    virVcpuInfo info[16];
    unsigned char maps[16];
    lab_vcpu xl[16];
    int n = virDomainGetVcpus(dom, info, 16, maps, 1), nx = lab_vcpu_list(name, xl, 16), i;
    VT_CHECK(n > 0);
    VT_CHECK_EQ_INT(n, nx);
    VT_CHECK_EQ_INT(virDomainGetMaxVcpus(dom), nx);
    VT_CHECK_EQ_INT(virDomainGetVcpusFlags(dom, VIR_DOMAIN_AFFECT_LIVE), nx);
    for (i = 0; i < n && i < nx; i++) {
        int xl_running = xl[i].state[0] == 'r', xl_blocked = xl[i].state[1] == 'b';
        double secs = (double)info[i].cpuTime / 1e9;
        printf("%s vcpu %d: virt state %d cpu %d %.2f s map 0x%02x | xl %s cpu %d %.1f s hard %s\n", name, i,
               info[i].state, info[i].cpu, secs, maps[i], xl[i].state, xl[i].cpu, xl[i].secs, xl[i].hard);
        VT_CHECK_EQ_INT((int)info[i].number, xl[i].vcpu);
        /* an idle vCPU's state is stable between the two reads; a running one may block */
        if (xl_blocked && !xl_running) VT_CHECK(info[i].state == VIR_VCPU_BLOCKED || info[i].state == VIR_VCPU_RUNNING);
        VT_CHECK(info[i].cpu >= 0 && info[i].cpu < 8);
        /* xl reads after virt (one decimal), and starting it costs dom0 CPU: a
         * busy Domain-0 vCPU gains about 1.5 s under TCG in between */
        VT_CHECK(secs <= xl[i].secs + 0.1 && xl[i].secs - secs <= 5.0);
        if (strcmp(xl[i].hard, "all") == 0) VT_CHECK_EQ_INT(maps[i] & 0x03, 0x03);
    }
}

/* pin vCPU 0 of the guest with virt, read it with xl; the reverse; restore */
static void lab_check_pinning(virDomainPtr dom, const char *name, long nr_cpus)
{
    unsigned char map = 0x02, got = 0;
    lab_vcpu xl[4];
    char cmd[128];
    if (nr_cpus < 2) { printf("pinning: one CPU, nothing to pin\n"); return; }
    VT_CHECK_EQ_INT(virDomainPinVcpu(dom, 0, &map, 1), 0);
    VT_CHECK_EQ_INT(lab_vcpu_list(name, xl, 4) >= 1, 1);
    printf("virt pinned vcpu 0 to CPU 1: xl vcpu-list hard affinity '%s'\n", xl[0].hard);
    VT_CHECK_EQ_STR(xl[0].hard, "1");
    VT_CHECK_EQ_INT(virDomainGetVcpuPinInfo(dom, 1, &got, 1, 0), 1);
    VT_CHECK_EQ_INT(got, 0x02);
    snprintf(cmd, sizeof cmd, "xl vcpu-pin %s 0 0", name);
    free(lab_run(cmd));
    got = 0;
    VT_CHECK_EQ_INT(virDomainGetVcpuPinInfo(dom, 1, &got, 1, VIR_DOMAIN_AFFECT_LIVE), 1);
    printf("xl pinned vcpu 0 to CPU 0: virt's pin map 0x%02x\n", got);
    VT_CHECK_EQ_INT(got, 0x01);
    map = 0xff;                                   /* back to every CPU */
    VT_CHECK_EQ_INT(virDomainPinVcpu(dom, 0, &map, 1), 0);
    VT_CHECK_EQ_INT(lab_vcpu_list(name, xl, 4) >= 1, 1);
    printf("virt unpinned vcpu 0: xl hard affinity '%s'\n", xl[0].hard);
    VT_CHECK_EQ_STR(xl[0].hard, "all");
}

static void lab_check_state(virDomainPtr dom, const char *name)
{
    int state = -1, reason = -1;
    char xs[16];
    VT_CHECK_EQ_INT(virDomainGetState(dom, &state, &reason, 0), 0);
    lab_xl_state(name, xs, sizeof xs);
    printf("%s: virt state %d reason %d, xl list %s\n", name, state, reason, xs);
    VT_CHECK(state == VIR_DOMAIN_RUNNING || state == VIR_DOMAIN_BLOCKED);
    VT_CHECK_EQ_INT(reason, 0);
    VT_CHECK(xs[0] == 'r' || xs[1] == 'b');
    VT_CHECK_EQ_INT(virDomainSuspend(dom), 0);
    VT_CHECK_EQ_INT(virDomainGetState(dom, &state, &reason, 0), 0);
    lab_xl_state(name, xs, sizeof xs);
    printf("%s paused: virt state %d reason %d, xl list %s\n", name, state, reason, xs);
    VT_CHECK_EQ_INT(state, VIR_DOMAIN_PAUSED);
    VT_CHECK_EQ_INT(xs[2], 'p');
    VT_CHECK_EQ_INT(virDomainResume(dom), 0);
    VT_CHECK_EQ_INT(virDomainGetState(dom, &state, NULL, 0), 0);
    VT_CHECK(state != VIR_DOMAIN_PAUSED);
}

static void lab_check_sched(virDomainPtr dom, const char *name, const char *info)
{
    char sched[32], cmd[128], *text, nm[64];
    const char *line;
    virTypedParameter p[2];
    int nparams = 0, n = 2, id, weight = -1, cap = -1;
    char *type = virDomainGetSchedulerType(dom, &nparams);
    lab_info(info, "xen_scheduler", sched, sizeof sched);
    printf("scheduler: virt %s (%d parameters), xl info xen_scheduler %s\n", type ? type : "(error)", nparams, sched);
    VT_CHECK(type != NULL && strcmp(type, sched) == 0);
    free(type);
    if (strcmp(sched, "credit") != 0 && strcmp(sched, "credit2") != 0) return;
    VT_CHECK_EQ_INT(virDomainGetSchedulerParameters(dom, p, &n), 0);
    snprintf(cmd, sizeof cmd, "xl sched-%s -d %s", sched, name);
    if ((text = lab_run(cmd))) {
        for (line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
            if (sscanf(line, "%63s %d %d %d", nm, &id, &weight, &cap) == 4 && strcmp(nm, name) == 0) break;
        free(text);
    }
    printf("scheduler: virt weight %u cap %u, xl weight %d cap %d\n", p[0].value.ui, p[1].value.ui, weight, cap);
    VT_CHECK_EQ_INT((int)p[0].value.ui, weight);
    VT_CHECK_EQ_INT((int)p[1].value.ui, cap);
    /* set the weight with virt, read it with xl, restore it */
    memset(p, 0, sizeof p);
    strcpy(p[0].field, VIR_DOMAIN_SCHEDULER_WEIGHT);
    p[0].type = VIR_TYPED_PARAM_UINT;
    p[0].value.ui = (unsigned int)weight * 2;
    VT_CHECK_EQ_INT(virDomainSetSchedulerParameters(dom, p, 1), 0);
    if ((text = lab_run(cmd))) {
        int w2 = -1;
        for (line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
            if (sscanf(line, "%63s %d %d %d", nm, &id, &w2, &cap) == 4 && strcmp(nm, name) == 0) break;
        free(text);
        printf("scheduler: virt set weight %d, xl shows %d\n", weight * 2, w2);
        VT_CHECK_EQ_INT(w2, weight * 2);
    }
    p[0].value.ui = (unsigned int)weight;
    VT_CHECK_EQ_INT(virDomainSetSchedulerParameters(dom, p, 1), 0);
}

static int lab_occurrences(const char *hay, const char *needle)
{
    int n = 0;
    const char *p = hay;
    while ((p = strstr(p, needle)) != NULL) { n++; p += strlen(needle); }
    return n;
}

/* topology from xl info; a sibling per node pair; a xenpvh guest for each
 * HVM arch of xen_caps (libvirt's libxl driver adds one, Xen >= 4.10) */
static void lab_check_caps_more(virConnectPtr conn, const char *info)
{
    char buf[512], want[160];
    long nr_cpus = lab_info_long(info, "nr_cpus"), nodes = lab_info_long(info, "nr_nodes");
    long cores = lab_info_long(info, "cores_per_socket"), threads = lab_info_long(info, "threads_per_core");
    const char *p;
    char tok[64];
    int used;
    char *caps = virConnectGetCapabilities(conn);
    VT_CHECK(caps != NULL);
    if (!caps) return;
    snprintf(want, sizeof want, "<topology sockets='%ld' dies='1' cores='%ld' threads='%ld'/>",
             cores > 0 && threads > 0 ? nr_cpus / (cores * threads) : -1, cores, threads);
    printf("capabilities: %s %s; siblings %d (nodes %ld); pvh guests %d\n", want,
           strstr(caps, want) ? "present" : "ABSENT", lab_occurrences(caps, "<sibling id="), nodes,
           lab_occurrences(caps, "<os_type>xenpvh</os_type>"));
    VT_CHECK(strstr(caps, want) != NULL);
    VT_CHECK_EQ_INT(lab_occurrences(caps, "<sibling id="), (int)(nodes * nodes));
    VT_CHECK(strstr(caps, "<sibling id='0' value='10'/>") != NULL);   /* a node's distance to itself */
    p = lab_info(info, "xen_caps", buf, sizeof buf);
    while (p && sscanf(p, "%63s%n", tok, &used) == 1) {
        const char *arch = strstr(tok, "x86_64") ? "x86_64" : strstr(tok, "x86_32") ? "i686" : NULL;
        p += used;
        if (!arch || strncmp(tok, "hvm", 3) != 0) continue;
        snprintf(want, sizeof want, "<os_type>xenpvh</os_type>\n    <arch name='%s'>", arch);
        VT_CHECK(strstr(caps, want) != NULL);
    }
    free(caps);
}

/* sysctl getcpuinfo: one "idle" field; each CPU's idle time within Xen's
 * uptime (dom0's /proc/uptime plus the boot before it); the sum of the
 * CPUs read one by one agrees with the all-CPUs figure read before; time
 * goes on between two reads */
static void lab_check_cpu_stats(virConnectPtr conn, const char *info)
{
    long max_cpu = lab_info_long(info, "max_cpu_id");
    virNodeCPUStats p[1];
    unsigned long long all, all2, sum = 0, cpu0 = 0;
    double uptime = 0;
    FILE *f = fopen("/proc/uptime", "r");
    int n = 0, i, bad = 0;
    if (f) { if (fscanf(f, "%lf", &uptime) != 1) uptime = 0; fclose(f); }
    VT_CHECK_EQ_INT(virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &n, 0), 0);
    VT_CHECK_EQ_INT(n, 1);
    n = 1;
    VT_CHECK_EQ_INT(virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, p, &n, 0), 0);
    VT_CHECK_EQ_STR(p[0].field, "idle");
    all = p[0].value;
    for (i = 0; i <= max_cpu; i++) {
        n = 1;
        if (virNodeGetCPUStats(conn, i, p, &n, 0) != 0) { bad++; continue; }
        if (i == 0) cpu0 = p[0].value;
        if (p[0].value > (unsigned long long)((uptime + 120) * 1e9)) bad++;
        sum += p[0].value;
    }
    n = 1;
    VT_CHECK_EQ_INT(virNodeGetCPUStats(conn, (int)max_cpu + 1, p, &n, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    n = 1;
    VT_CHECK_EQ_INT(virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, p, &n, 0), 0);
    all2 = p[0].value;
    printf("cpu stats: idle all %.3f s, per CPU sum %.3f s, CPU 0 %.3f s, again %.3f s; dom0 uptime %.2f s, %ld CPU ids\n",
           all / 1e9, sum / 1e9, cpu0 / 1e9, all2 / 1e9, uptime, max_cpu + 1);
    VT_CHECK_EQ_INT(bad, 0);
    VT_CHECK(cpu0 > 0);
    VT_CHECK(sum >= all && sum - all <= (unsigned long long)(max_cpu + 1) * 10000000000ull);
    VT_CHECK(all2 >= sum - (unsigned long long)(max_cpu + 1) * 10000000000ull && all2 > all);
}

/* the lab guest has no disk and no vif: the hypervisor part looks where
 * the backends would be and says what is missing */
static void lab_check_dom_stats(virDomainPtr dom)
{
    virDomainBlockStatsStruct b;
    virDomainInterfaceStatsStruct s;
    char vif[32];
    int id = (int)virDomainGetID(dom);
    VT_CHECK_EQ_INT(virDomainBlockStats(dom, "xvda", &b, sizeof b), -1);
    printf("block stats xvda: %s\n", vt_last_message());
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INTERNAL_ERROR);
    VT_CHECK(strstr(vt_last_message(), "51712") != NULL);
    VT_CHECK_EQ_INT(virDomainBlockStats(dom, "vdz", &b, sizeof b), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    snprintf(vif, sizeof vif, "vif%d.0", id);
    VT_CHECK_EQ_INT(virDomainInterfaceStats(dom, vif, &s, sizeof s), -1);
    printf("interface stats %s: %s\n", vif, vt_last_message());
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INTERNAL_ERROR);
    VT_CHECK(strstr(vt_last_message(), "Interface not found") != NULL);
    snprintf(vif, sizeof vif, "vif%d.0", id + 1);
    VT_CHECK_EQ_INT(virDomainInterfaceStats(dom, vif, &s, sizeof s), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
}

/* `xl list NAME`'s Mem (MiB) and Time (s) columns; -1 when absent */
static void lab_xl_mem_time(const char *name, double *mem_mib, double *secs)
{
    char cmd[128], *text, nm[64], st[16];
    const char *line;
    int id, vcpus;
    double mem, t;
    *mem_mib = *secs = -1;
    snprintf(cmd, sizeof cmd, "xl list %s", name);
    if (!(text = lab_run(cmd))) return;
    for (line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (sscanf(line, "%63s %d %lf %d %15s %lf", nm, &id, &mem, &vcpus, st, &t) == 6 && strcmp(nm, name) == 0) {
            *mem_mib = mem;
            *secs = t;
        }
    free(text);
}

/* `xl list -l NAME`'s configured "max_memkb" (b_info), -1 when absent */
static long long lab_xl_max_memkb(const char *name)
{
    char cmd[128], *text;
    const char *at;
    long long kib = -1;
    snprintf(cmd, sizeof cmd, "xl list -l %s", name);
    if (!(text = lab_run(cmd))) return -1;
    if ((at = strstr(text, "\"max_memkb\":")) != NULL) kib = strtoll(at + strlen("\"max_memkb\":"), NULL, 10);
    free(text);
    return kib;
}

/* virDomainMemoryStats and virDomainGetCPUStats (libvirt's libxl answers:
 * actual, available; cpu_time of the domain and of each vCPU) against
 * `xl list`, `xl list -l` and `xl vcpu-list`, read after virt */
static void lab_check_mem_cpu_stats(virDomainPtr dom, const char *name)
{
    virDomainMemoryStatStruct m[VIR_DOMAIN_MEMORY_STAT_NR];
    virTypedParameter total, per[16];
    lab_vcpu xl[16];
    double mem_mib, xl_secs;
    long long max_kib;
    int n = virDomainMemoryStats(dom, m, VIR_DOMAIN_MEMORY_STAT_NR, 0), rows, nx, i;
    int t = virDomainGetCPUStats(dom, &total, 1, -1, 1, 0);
    rows = virDomainGetCPUStats(dom, NULL, 0, 0, 0, 0);
    VT_CHECK(rows > 0 && rows <= 16);
    if (rows < 0 || rows > 16) rows = 0;
    VT_CHECK_EQ_INT(virDomainGetCPUStats(dom, per, 1, 0, (unsigned int)rows, 0), 1);
    lab_xl_mem_time(name, &mem_mib, &xl_secs);
    max_kib = lab_xl_max_memkb(name);
    nx = lab_vcpu_list(name, xl, 16);
    VT_CHECK_EQ_INT(n, 2);
    VT_CHECK_EQ_INT(t, 1);
    if (n == 2 && t == 1) {
        double secs = (double)total.value.ul / 1e9;
        printf("%s memory stats: actual %llu KiB available %llu KiB | xl list Mem %.0f MiB, xl list -l max_memkb %lld\n",
               name, m[0].val, m[1].val, mem_mib, max_kib);
        printf("%s cpu stats: cpu_time %.2f s | xl list Time %.1f s\n", name, secs, xl_secs);
        VT_CHECK(m[0].tag == VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON && m[1].tag == VIR_DOMAIN_MEMORY_STAT_AVAILABLE);
        VT_CHECK(m[0].val / 1024 == (unsigned long long)mem_mib);
        /* the hypervisor's max_pages: the configured maximum and libxl's slack (LIBXL_MAXMEM_CONSTANT, video RAM) */
        VT_CHECK(max_kib > 0 && m[1].val >= (unsigned long long)max_kib && m[1].val - (unsigned long long)max_kib <= 16384);
        VT_CHECK(m[1].val == virDomainGetMaxMemory(dom));
        VT_CHECK_EQ_STR(total.field, "cpu_time");
        VT_CHECK(secs <= xl_secs + 0.1 && xl_secs - secs <= 5.0);
    }
    VT_CHECK_EQ_INT(rows, nx);
    for (i = 0; i < rows && i < nx; i++) {
        double secs = (double)per[i].value.ul / 1e9;
        printf("%s vcpu %d cpu_time %.2f s | xl vcpu-list %.1f s\n", name, i, secs, xl[i].secs);
        VT_CHECK_EQ_STR(per[i].field, "cpu_time");
        VT_CHECK(secs <= xl[i].secs + 0.1 && xl[i].secs - secs <= 5.0);
    }
}

int main(int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr guest, dom0;
    char *info;
    if (argc != 2) { fprintf(stderr, "usage: %s GUEST\n", argv[0]); return 2; }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!lab_in_dom0()) VT_SKIP("not in a Xen dom0 (no control_d in /proc/xen/capabilities)");
    info = lab_run("xl info");
    VT_CHECK(info != NULL);
    conn = virConnectOpen("xen:///");
    VT_CHECK(conn != NULL);
    if (conn && info) {
        lab_check_node(conn, info);
        lab_check_caps_more(conn, info);
        lab_check_cpu_stats(conn, info);
        guest = virDomainLookupByName(conn, argv[1]);
        dom0 = virDomainLookupByID(conn, 0);
        VT_CHECK(guest != NULL && dom0 != NULL);
        if (dom0) { lab_check_vcpus(dom0, "Domain-0"); virDomainFree(dom0); }
        if (guest) {
            lab_check_vcpus(guest, argv[1]);
            lab_check_pinning(guest, argv[1], lab_info_long(info, "nr_cpus"));
            lab_check_state(guest, argv[1]);
            lab_check_sched(guest, argv[1], info);
            lab_check_dom_stats(guest);
            lab_check_mem_cpu_stats(guest, argv[1]);
            virDomainFree(guest);
        }
    }
    if (conn) VT_CHECK_EQ_INT(virConnectClose(conn), 0);
    free(info);
    return vt_summary("lab_vcpus");
}
