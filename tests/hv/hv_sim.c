/* tests/hv/hv_sim.c - the simulated hypervisor (see hv_sim.h). */
#include "hv_sim.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* privcmd: _IOC(_IOC_NONE, 'P', 0, 48) (linux include/uapi/xen/privcmd.h) */
#define SIM_IOCTL_HYPERCALL 0x00305000UL
#define SIM_XEN_VERSION 17
#define SIM_SYSCTL 35
#define SIM_DOMCTL 36
#define SIM_DOMID_FIRST_RESERVED 0x7FF0u

/* Offsets in the sysctl/domctl blocks, from Xen's public headers at
 * RELEASE-4.15.0 .. RELEASE-4.20.0 (struct xen_sysctl: union at 8;
 * struct xen_domctl: domain at 8, union at 16). */
enum {
    OFF_CMD = 0, OFF_IFV = 4,
    SYS_U = 8, DOM_DOMAIN = 8, DOM_U = 16,
    /* xen_sysctl_getdomaininfolist */
    LIST_FIRST = 0, LIST_MAX = 4, LIST_BUFFER = 8, LIST_NUM = 16,
    /* xen_domctl_getdomaininfo (same up to the handle in 4.15 .. 4.20) */
    INFO_DOMAIN = 0, INFO_FLAGS = 4, INFO_TOT = 8, INFO_MAX = 16, INFO_CPUTIME = 56,
    INFO_ONLINE = 64, INFO_MAXVCPU = 68, INFO_HANDLE = 76,
    /* xen_sysctl_physinfo */
    PHYS_THREADS = 0, PHYS_CORES = 4, PHYS_NRCPUS = 8, PHYS_NODES = 16, PHYS_KHZ = 24,
    /* xen_domctl_getvcpuinfo */
    VCPU_VCPU = 0, VCPU_ONLINE = 4, VCPU_BLOCKED = 5, VCPU_RUNNING = 6, VCPU_TIME = 8, VCPU_CPU = 16,
    /* xen_sysctl_physinfo (continued) */
    PHYS_MAXCPU = 12, PHYS_MAXNODE = 20, PHYS_CAPS = 28,
    /* xen_domctl_vcpuaffinity: vcpu, flags, then two xenctl_bitmap
     * {uint64 handle; uint32 nr_bits} of 16 bytes (public/xen.h) */
    AFF_VCPU = 0, AFF_FLAGS = 4, AFF_HARD = 8, AFF_SOFT = 24, BITMAP_HANDLE = 0, BITMAP_NRBITS = 8,
    /* xen_domctl_scheduler_op: sched_id, cmd, union at 8 (credit: weight, cap) */
    SCHED_ID = 0, SCHED_CMD = 4, SCHED_WEIGHT = 8, SCHED_CAP = 10,
    /* xen_sysctl_cputopoinfo {num_cpus; handle at 8}, cputopo {core, socket, node};
     * xen_sysctl_numainfo {num_nodes; meminfo at 8; distance at 16},
     * meminfo {memsize, memfree} */
    TOPO_NUM = 0, TOPO_HANDLE = 8, TOPO_SIZE = 12,
    NUMA_NUM = 0, NUMA_MEMINFO = 8, NUMA_DISTANCE = 16, MEMINFO_SIZE = 16,
    /* xen_sysctl_getcpuinfo {max_cpus; info handle at 8; nr_cpus at 16} */
    CPUINFO_MAX = 0, CPUINFO_HANDLE = 8, CPUINFO_NR = 16
};
#define SIM_INVALID_ID 0xFFFFFFFFu

typedef struct sim_release {
    const char *name;
    unsigned int major, minor;
    const char *extra;
    uint32_t sysctl_version, domctl_version;
    unsigned int info_size;
    int physinfo_v15;
} sim_release;

static const sim_release sim_releases[] = {
    {"4.14", 4, 14, ".0", 0x13, 0x12, 104, 0},   /* domctl 0x12: unknown to virt */
    {"4.15", 4, 15, ".0", 0x13, 0x13, 104, 0},
    {"4.16", 4, 16, ".0", 0x14, 0x14, 112, 0},
    {"4.17", 4, 17, ".7", 0x15, 0x15, 112, 1},
    {"4.18", 4, 18, ".0", 0x15, 0x16, 112, 1},
    {"4.19", 4, 19, ".0", 0x15, 0x17, 112, 1},
    {"4.20", 4, 20, ".0", 0x15, 0x17, 112, 1},
    {"4.21", 4, 21, "-unstable", 0x16, 0x18, 120, 1}, /* a future layout */
};

static void put16(unsigned char *p, uint16_t v) { memcpy(p, &v, sizeof v); }
static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, sizeof v); }
static void put64(unsigned char *p, uint64_t v) { memcpy(p, &v, sizeof v); }
static uint16_t get16(const unsigned char *p) { uint16_t v; memcpy(&v, p, sizeof v); return v; }
static uint32_t get32(const unsigned char *p) { uint32_t v; memcpy(&v, p, sizeof v); return v; }
static uint64_t get64(const unsigned char *p) { uint64_t v; memcpy(&v, p, sizeof v); return v; }
static unsigned char *ptr(uint64_t v) { return (unsigned char *)(uintptr_t)v; }

int hv_sim_init(hv_sim *s, const char *release)
{
    size_t i;
    memset(s, 0, sizeof *s);
    for (i = 0; i < sizeof sim_releases / sizeof sim_releases[0]; i++) {
        const sim_release *r = &sim_releases[i];
        if (strcmp(r->name, release) != 0) continue;
        s->major = r->major;
        s->minor = r->minor;
        snprintf(s->extra, sizeof s->extra, "%s", r->extra);
        s->sysctl_version = r->sysctl_version;
        s->domctl_version = r->domctl_version;
        s->info_size = r->info_size;
        s->physinfo_v15 = r->physinfo_v15;
        s->privileged = 1;
        /* the Xen lab's host: 2 CPUs, 1 node, 2 cores/socket, 2096 MHz, 1 GiB */
        s->nr_cpus = 2;
        s->cores_per_socket = 2;
        s->threads_per_core = 1;
        s->nr_nodes = 1;
        s->cpu_khz = 2096010;
        s->total_pages = 262112;
        s->free_pages = 127488;
        s->sched_id = HV_SIM_SCHED_CREDIT2;   /* Xen 4.17's default */
        (void)hv_sim_add(s, 0, HV_SIM_RUNNING, 131072, 131072, 1);
        return 0;
    }
    return -1;
}

hv_sim_domain *hv_sim_find(hv_sim *s, unsigned int domid)
{
    int i;
    for (i = 0; i < s->ndoms; i++)
        if (s->doms[i].domid == domid) return &s->doms[i];
    return NULL;
}

hv_sim_domain *hv_sim_add(hv_sim *s, unsigned int domid, uint32_t flags, uint64_t tot_pages,
                          uint64_t max_pages, uint32_t vcpus)
{
    hv_sim_domain *d = hv_sim_find(s, domid);
    int i;
    if (!d) {
        if (s->ndoms >= HV_SIM_MAX_DOMAINS) return NULL;
        for (i = s->ndoms; i > 0 && s->doms[i - 1].domid > domid; i--) s->doms[i] = s->doms[i - 1];
        d = &s->doms[i];
        s->ndoms++;
    }
    memset(d, 0, sizeof *d);
    d->domid = domid;
    d->flags = flags | 0xffff0000u;   /* as 4.17 shows: shutdown code 255 = none */
    d->tot_pages = tot_pages;
    d->max_pages = max_pages;
    d->vcpus = vcpus;
    d->cpu_time = 1000000000ull * (domid + 1);
    memset(d->affinity, 0xff, sizeof d->affinity);   /* Xen's default: every CPU */
    d->weight = 256;                  /* credit/credit2 defaults; cap 0 = none */
    if (domid != 0) {                 /* dom0's handle is all zeros */
        for (i = 0; i < 16; i++) d->handle[i] = (unsigned char)(0xa0 + i);
        d->handle[0] = (unsigned char)(domid & 0xff);
        d->handle[1] = (unsigned char)(domid >> 8);
    }
    return d;
}

static void sim_remove(hv_sim *s, hv_sim_domain *d)
{
    int i = (int)(d - s->doms);
    for (; i + 1 < s->ndoms; i++) s->doms[i] = s->doms[i + 1];
    s->ndoms--;
}

static void sim_write_info(const hv_sim *s, const hv_sim_domain *d, unsigned char *rec)
{
    memset(rec, 0, s->info_size);
    put16(rec + INFO_DOMAIN, (uint16_t)d->domid);
    put32(rec + INFO_FLAGS, d->flags);
    put64(rec + INFO_TOT, d->tot_pages);
    put64(rec + INFO_MAX, d->max_pages);
    put64(rec + INFO_CPUTIME, d->cpu_time);
    put32(rec + INFO_ONLINE, d->vcpus);
    put32(rec + INFO_MAXVCPU, d->vcpus ? d->vcpus - 1 : 0xFFFFFFFFu);
    memcpy(rec + INFO_HANDLE, d->handle, 16);
}

static int sim_fail(int e)
{
    errno = e;
    return -1;
}

static int sim_xen_version(hv_sim *s, uint64_t cmd, unsigned char *arg)
{
    switch (cmd) {
    case 0: return (int)((s->major << 16) | s->minor);
    case 1: memset(arg, 0, 16); memcpy(arg, s->extra, strlen(s->extra)); return 0;
    case 3: memset(arg, 0, 1024); strcpy((char *)arg, "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64"); return 0;
    case 7: return 4096;
    default: return sim_fail(ENOSYS);
    }
}

static int sim_list(hv_sim *s, unsigned char *u)
{
    unsigned int first = get16(u + LIST_FIRST);
    uint32_t max = get32(u + LIST_MAX), n = 0;
    unsigned char *buf = ptr(get64(u + LIST_BUFFER));
    int i;
    s->list_calls++;
    s->last_list_max = max;
    for (i = 0; i < s->ndoms && n < max; i++) {
        if (s->doms[i].domid < first) continue;
        sim_write_info(s, &s->doms[i], buf + (size_t)n * s->info_size);
        n++;
    }
    if (s->corrupt == 2 && n >= 2) {  /* swap the first two records */
        unsigned char tmp[128];
        memcpy(tmp, buf, s->info_size);
        memcpy(buf, buf + s->info_size, s->info_size);
        memcpy(buf + s->info_size, tmp, s->info_size);
    }
    put32(u + LIST_NUM, s->corrupt == 1 ? max + 1 : n);
    return 0;
}

static int sim_physinfo(hv_sim *s, unsigned char *u)
{
    unsigned int counters = s->physinfo_v15 ? 40 : 32;  /* arch_capabilities + pad in 4.17 */
    memset(u, 0, s->physinfo_v15 ? 112 : 104);
    put32(u + PHYS_THREADS, s->threads_per_core);
    put32(u + PHYS_CORES, s->cores_per_socket);
    put32(u + PHYS_NRCPUS, s->nr_cpus);
    put32(u + PHYS_NODES, s->nr_nodes);
    put32(u + PHYS_KHZ, s->cpu_khz);
    put32(u + PHYS_MAXCPU, s->nr_cpus ? s->nr_cpus - 1 : 0);
    put32(u + PHYS_MAXNODE, s->nr_nodes ? s->nr_nodes - 1 : 0);
    put32(u + PHYS_CAPS, 3);          /* XEN_SYSCTL_PHYSCAP_hvm | _pv */
    put64(u + counters, s->total_pages);
    put64(u + counters + 8, s->free_pages);
    return 0;
}

/* cputopoinfo (xen/common/sysctl.c): a NULL handle asks for the count;
 * otherwise min(asked, present) entries, and num_cpus set to what Xen has
 * when that is more than asked. Offline CPUs have invalid ids. */
static int sim_cputopo(hv_sim *s, unsigned char *u)
{
    uint32_t asked = get32(u + TOPO_NUM), i, have = s->nr_cpus;
    unsigned char *buf = ptr(get64(u + TOPO_HANDLE));
    if (buf) {
        for (i = 0; i < asked && i < have; i++) {
            int off = i < 64 && ((s->offline_cpus >> i) & 1);
            uint32_t cores = s->cores_per_socket ? s->cores_per_socket : 1;
            put32(buf + i * TOPO_SIZE, off ? SIM_INVALID_ID : i % cores);
            put32(buf + i * TOPO_SIZE + 4, off ? SIM_INVALID_ID : i / cores);
            put32(buf + i * TOPO_SIZE + 8, off ? SIM_INVALID_ID : i * s->nr_nodes / have);
        }
    }
    put32(u + TOPO_NUM, !buf || asked < have ? have : i);
    return 0;
}

/* numainfo: bytes; an offline node gets XEN_INVALID_MEM_SZ (~0U, stored
 * into the 64-bit fields) */
static int sim_numainfo(hv_sim *s, unsigned char *u)
{
    uint32_t asked = get32(u + NUMA_NUM), i, have = s->nr_nodes;
    unsigned char *mem = ptr(get64(u + NUMA_MEMINFO));
    unsigned char *dist = ptr(get64(u + NUMA_DISTANCE));
    if (dist && asked >= have) {
        /* row i at i * num_nodes (the host's count); ~0 with an offline
         * node; the simulated distances: 10 to itself, 20 to the others */
        uint32_t j;
        for (i = 0; i < have; i++)
            for (j = 0; j < have; j++) {
                int off = ((s->offline_nodes >> i) & 1) || ((s->offline_nodes >> j) & 1);
                put32(dist + (i * have + j) * 4, off ? 0xFFFFFFFFu : i == j ? 10 : 20);
            }
    }
    if (mem) {
        for (i = 0; i < asked && i < have; i++) {
            int off = (s->offline_nodes >> i) & 1;
            put64(mem + i * MEMINFO_SIZE, off ? 0xFFFFFFFFull : s->total_pages * 4096ull / have);
            put64(mem + i * MEMINFO_SIZE + 8, off ? 0xFFFFFFFFull : s->free_pages * 4096ull / have);
        }
    }
    put32(u + NUMA_NUM, !mem || asked < have ? have : i);
    return 0;
}

/* getcpuinfo (xen/common/sysctl.c): min(max_cpus, nr_cpu_ids) entries of
 * {uint64 idletime} (ns), nr_cpus set to that; get_cpu_idle_time is 0 for
 * an offline CPU. The simulated idle time of CPU i: (i + 1) * 7 s. */
static int sim_getcpuinfo(hv_sim *s, unsigned char *u)
{
    uint32_t asked = get32(u + CPUINFO_MAX), i;
    unsigned char *buf = ptr(get64(u + CPUINFO_HANDLE));
    if (!buf) return sim_fail(EFAULT);
    for (i = 0; i < asked && i < s->nr_cpus; i++) {
        int off = i < 64 && ((s->offline_cpus >> i) & 1);
        put64(buf + i * 8, off ? 0 : (uint64_t)(i + 1) * 7000000000ull);
    }
    put32(u + CPUINFO_NR, i);
    return 0;
}

static int sim_sysctl(hv_sim *s, unsigned char *op)
{
    s->sysctl_calls++;
    if (get32(op + OFF_IFV) != s->sysctl_version) { s->eacces++; return sim_fail(EACCES); }
    if (!s->privileged) return sim_fail(EPERM);
    switch (get32(op + OFF_CMD)) {
    case 3: return sim_physinfo(s, op + SYS_U);
    case 6: return sim_list(s, op + SYS_U);
    case 4: put32(op + SYS_U, s->sched_id); return 0;
    case 8: return sim_getcpuinfo(s, op + SYS_U);
    case 16: return sim_cputopo(s, op + SYS_U);
    case 17: return sim_numainfo(s, op + SYS_U);
    default: return sim_fail(ENOSYS);
    }
}

static int sim_getdomaininfo(hv_sim *s, unsigned char *op, unsigned int domid)
{
    int i;
    if (domid >= SIM_DOMID_FIRST_RESERVED) return sim_fail(EINVAL);
    /* no such domain: Xen answers with the next one above the id */
    for (i = 0; i < s->ndoms; i++) {
        if (s->doms[i].domid < domid) continue;
        sim_write_info(s, &s->doms[i], op + DOM_U);
        put16(op + DOM_DOMAIN, (uint16_t)s->doms[i].domid);
        return 0;
    }
    return sim_fail(ESRCH);
}

static int sim_vcpuinfo(hv_sim_domain *d, unsigned char *u)
{
    uint32_t v = get32(u + VCPU_VCPU);
    if (v >= d->vcpus) return sim_fail(EINVAL);
    u[VCPU_ONLINE] = 1;
    u[VCPU_BLOCKED] = (d->flags & HV_SIM_BLOCKED) ? 1 : 0;
    u[VCPU_RUNNING] = (d->flags & HV_SIM_RUNNING) ? 1 : 0;
    put64(u + VCPU_TIME, d->cpu_time / (v + 1));
    put32(u + VCPU_CPU, v % 2);
    if (v < HV_SIM_MAX_VCPUS && !(d->affinity[v][0] & (1u << (v % 2)))) {  /* on a CPU it may use */
        uint32_t c;
        for (c = 0; c < HV_SIM_MAX_CPUS; c++)
            if (d->affinity[v][c / 8] & (1u << (c % 8))) { put32(u + VCPU_CPU, c); break; }
    }
    return 0;
}

/* set/getvcpuaffinity (xen/common/sched/core.c vcpu_affinity_domctl):
 * vCPU past the domain's: EINVAL; neither HARD nor SOFT: EINVAL; the
 * guest's bitmap holds nr_bits bits, copied to/from Xen's CPU mask (the
 * guest bytes past Xen's are cleared on get); a set whose map leaves no
 * online CPU: EINVAL. Only the hard map is kept. */
static int sim_affinity(hv_sim *s, hv_sim_domain *d, unsigned char *u, int set)
{
    uint32_t v = get32(u + AFF_VCPU), flags = get32(u + AFF_FLAGS);
    unsigned char *map = ptr(get64(u + AFF_HARD + BITMAP_HANDLE));
    uint32_t nbits = get32(u + AFF_HARD + BITMAP_NRBITS), bytes = (nbits + 7) / 8, i;
    unsigned char mask[HV_SIM_MAP_BYTES];
    int any = 0;
    if (v >= d->vcpus || v >= HV_SIM_MAX_VCPUS) return sim_fail(EINVAL);
    if (!(flags & 3)) return sim_fail(EINVAL);
    if (!(flags & 1)) return 0;
    if (!map) return sim_fail(EFAULT);
    if (!set) {
        for (i = 0; i < bytes; i++) map[i] = i < HV_SIM_MAP_BYTES ? d->affinity[v][i] : 0;
        if (nbits % 8) map[bytes - 1] &= (unsigned char)((1u << (nbits % 8)) - 1);
        return 0;
    }
    memset(mask, 0, sizeof mask);
    for (i = 0; i < nbits && i < HV_SIM_MAX_CPUS; i++)
        if (map[i / 8] & (1u << (i % 8))) mask[i / 8] |= (unsigned char)(1u << (i % 8));
    for (i = 0; i < s->nr_cpus; i++)
        if ((mask[i / 8] & (1u << (i % 8))) && !((s->offline_cpus >> i) & 1)) any = 1;
    if (!any) return sim_fail(EINVAL);
    memcpy(d->affinity[v], mask, sizeof mask);
    s->state_changes++;
    return 0;
}

/* scheduler_op with credit/credit2: the pool's scheduler must be named
 * (EINVAL otherwise, xen/common/sched/core.c sched_adjust); putinfo keeps
 * a 0 weight and a cap of 0xFFFF as "unchanged" (sched_credit.c). */
static int sim_sched(hv_sim *s, hv_sim_domain *d, unsigned char *u)
{
    uint32_t id = get32(u + SCHED_ID), cmd = get32(u + SCHED_CMD);
    if (id != s->sched_id) return sim_fail(EINVAL);
    if (id != HV_SIM_SCHED_CREDIT && id != HV_SIM_SCHED_CREDIT2) return sim_fail(ENOSYS);
    if (cmd == 1) { put16(u + SCHED_WEIGHT, d->weight); put16(u + SCHED_CAP, d->cap); return 0; }
    if (cmd != 0) return sim_fail(EINVAL);
    s->state_changes++;
    if (get16(u + SCHED_WEIGHT)) d->weight = get16(u + SCHED_WEIGHT);
    if (get16(u + SCHED_CAP) != 0xFFFFu) d->cap = get16(u + SCHED_CAP);
    return 0;
}

static int sim_domctl(hv_sim *s, unsigned char *op)
{
    uint32_t cmd = get32(op + OFF_CMD);
    unsigned int domid = get16(op + DOM_DOMAIN);
    hv_sim_domain *d;
    s->domctl_calls++;
    if (get32(op + OFF_IFV) != s->domctl_version) { s->eacces++; return sim_fail(EACCES); }
    d = hv_sim_find(s, domid);
    if (!d && cmd != 5) return sim_fail(ESRCH);
    if (!s->privileged) return sim_fail(EPERM);
    switch (cmd) {
    case 5: return sim_getdomaininfo(s, op, domid);
    case 2: s->state_changes++; sim_remove(s, d); return 0;
    case 3: s->state_changes++; d->flags |= HV_SIM_PAUSED; return 0;
    case 4: s->state_changes++; d->flags &= ~HV_SIM_PAUSED; return 0;
    case 11: s->state_changes++; d->max_pages = get64(op + DOM_U) >> 2; return 0;
    case 15:
        s->state_changes++;
        /* since 4.11 only the count given at createdomain is accepted */
        return get32(op + DOM_U) == d->vcpus ? 0 : sim_fail(EINVAL);
    case 14: return sim_vcpuinfo(d, op + DOM_U);
    case 9: return sim_affinity(s, d, op + DOM_U, 1);
    case 25: return sim_affinity(s, d, op + DOM_U, 0);
    case 16: return sim_sched(s, d, op + DOM_U);
    default: return sim_fail(ENOSYS);
    }
}

int hv_sim_ioctl(void *ctx, unsigned long request, void *arg)
{
    hv_sim *s = (hv_sim *)ctx;
    const unsigned char *h = (const unsigned char *)arg;
    uint64_t op, a0, a1;
    if (request != SIM_IOCTL_HYPERCALL) return sim_fail(ENOTTY);
    op = get64(h);
    a0 = get64(h + 8);
    a1 = get64(h + 16);
    s->calls++;
    switch (op) {
    case SIM_XEN_VERSION: return sim_xen_version(s, a0, ptr(a1));
    case SIM_SYSCTL: return sim_sysctl(s, ptr(a0));
    case SIM_DOMCTL: return sim_domctl(s, ptr(a0));
    default: return sim_fail(ENOSYS);
    }
}
