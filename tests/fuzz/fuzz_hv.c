/* tests/fuzz/fuzz_hv.c - libFuzzer entry for virt_hv.h's decoding of the
 * hypervisor's replies (the issue-11 calls above all).
 *
 * The input is what a broken or hostile hypervisor writes back. A hook in
 * place of privcmd's ioctl answers the open's probes as Xen 4.17 does
 * (XENVER_version 4.17, interface 0x15, one getdomaininfo record of domain
 * 0), then fills every later reply from the input: the sysctl/domctl
 * block after its head (counts such as num_cpus and num_nodes included),
 * the buffers its guest handles point at (cputopoinfo, numainfo,
 * vcpuaffinity, getdomaininfolist records, up to the size the request
 * declared) and the XENVER_capabilities string. Then it runs the calls:
 * capabilities, max vCPUs, CPU map, cells' free memory, vCPU info and pin
 * maps, state, vCPU counts, the scheduler, node memory stats. Nothing may crash, leak or read
 * past what was asked for; errors are fine. */
#define VIRT_IMPLEMENTATION
#include "virt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fuzz_hv {
    const uint8_t *data;
    size_t size, at;
    int probes_left;              /* XENVER_version, pagesize, sysctl, domctl */
} fuzz_hv;

/* the next n input bytes into p (zeros once the input is used up) */
static void fuzz_take(fuzz_hv *f, void *p, size_t n)
{
    size_t k = f->size - f->at < n ? f->size - f->at : n;
    memcpy(p, f->data + f->at, k);
    memset((unsigned char *)p + k, 0, n - k);
    f->at += k;
}

static uint32_t get32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* A handle's buffer: filled with at most `bytes` of input, as Xen fills
 * at most what the request said it has room for. */
static void fuzz_fill_handle(fuzz_hv *f, uint64_t handle, size_t bytes)
{
    if (handle && bytes <= (1u << 20)) fuzz_take(f, (void *)(uintptr_t)handle, bytes);
}

static int fuzz_sysctl(fuzz_hv *f, unsigned char *op)
{
    unsigned char *u = op + 8;
    uint32_t cmd = get32(op);
    if (get32(op + 4) != 0x15) { errno = EACCES; return -1; }
    if (f->probes_left > 0) {       /* the open's getdomaininfolist of one record */
        f->probes_left--;
        memset((void *)(uintptr_t)get64(u + 8), 0, 112);
        memcpy(u + 16, "\1\0\0\0", 4);
        return 0;
    }
    switch (cmd) {
    case 6: {                        /* getdomaininfolist: records, then their count */
        uint32_t max = get32(u + 4);
        fuzz_fill_handle(f, get64(u + 8), (size_t)max * 112);
        fuzz_take(f, u + 16, 4);
        return 0;
    }
    case 16: {                       /* cputopoinfo: entries, then num_cpus */
        uint32_t n = get32(u);
        fuzz_fill_handle(f, get64(u + 8), (size_t)n * 12);
        fuzz_take(f, u, 4);
        return 0;
    }
    case 17: {                       /* numainfo */
        uint32_t n = get32(u);
        fuzz_fill_handle(f, get64(u + 8), (size_t)n * 16);
        fuzz_take(f, u, 4);
        return 0;
    }
    default:                         /* physinfo, sched_id: the union */
        fuzz_take(f, u, 120);
        return 0;
    }
}

static int fuzz_domctl(fuzz_hv *f, unsigned char *op)
{
    unsigned char *u = op + 16;
    uint32_t cmd = get32(op);
    if (get32(op + 4) != 0x15) { errno = EACCES; return -1; }
    if (f->probes_left > 0) { f->probes_left--; memset(u, 0, 112); return 0; }
    if (cmd == 9 || cmd == 25) {     /* vcpuaffinity: the hard map */
        uint32_t bits = get32(u + 16);
        fuzz_fill_handle(f, get64(u + 8), ((size_t)bits + 7) / 8);
        return 0;
    }
    if (cmd == 5) {                  /* getdomaininfo: keep the asked domain half the time */
        unsigned char keep = 0;
        uint16_t dom;
        memcpy(&dom, op + 8, 2);
        fuzz_take(f, &keep, 1);
        fuzz_take(f, u, 112);
        if (keep & 1) memcpy(u, &dom, 2);
        return 0;
    }
    fuzz_take(f, u, 64);
    return 0;
}

static int fuzz_ioctl(void *ctx, unsigned long request, void *arg)
{
    fuzz_hv *f = (fuzz_hv *)ctx;
    const unsigned char *h = (const unsigned char *)arg;
    uint64_t op = get64(h), a0 = get64(h + 8), a1 = get64(h + 16);
    unsigned char fail = 0;
    (void)request;
    if (op == 17) {                  /* xen_version */
        if (a0 == 0) return (4 << 16) | 17;
        if (a0 == 7) return 4096;
        if (a0 == 1) { fuzz_take(f, (void *)(uintptr_t)a1, 16); return 0; }
        if (a0 == 3) { fuzz_take(f, (void *)(uintptr_t)a1, 1024); return 0; }
        errno = ENOSYS;
        return -1;
    }
    if (f->probes_left <= 0) {       /* any later call may fail with an errno of the input */
        fuzz_take(f, &fail, 1);
        if (fail >= 0xf0) { errno = (int)(fail & 0x0f) + 1; return -1; }
    }
    if (op == 35) return fuzz_sysctl(f, (unsigned char *)(uintptr_t)a0);
    if (op == 36) return fuzz_domctl(f, (unsigned char *)(uintptr_t)a0);
    errno = ENOSYS;
    return -1;
}

static void quiet(void *opaque, virErrorPtr e) { (void)opaque; (void)e; }

static void fuzz_domain_calls(virDomainPtr d)
{
    virVcpuInfo info[8];
    unsigned char maps[8 * 4];
    virTypedParameter p[2];
    int state, reason, n = 2;
    char *type;
    (void)virDomainGetVcpus(d, info, 8, maps, 4);
    (void)virDomainGetVcpuPinInfo(d, 8, maps, 4, 0);
    (void)virDomainGetState(d, &state, &reason, 0);
    (void)virDomainGetMaxVcpus(d);
    (void)virDomainGetVcpusFlags(d, 0);
    maps[0] = 1;
    (void)virDomainPinVcpu(d, 0, maps, 4);
    type = virDomainGetSchedulerType(d, &n);
    free(type);
    n = 2;
    (void)virDomainGetSchedulerParameters(d, p, &n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int once;
    fuzz_hv f;
    virt_open_config cfg;
    virConnectPtr c;
    virDomainPtr d;
    unsigned long long cells[4];
    unsigned char *map = NULL;
    unsigned int online;
    char *caps;
    if (!once) {
        once = 1;
        virSetErrorFunc(NULL, quiet);
        setenv("XENSTORED_PATH", "/nonexistent/xenstored-socket", 1);   /* the hypervisor alone */
    }
    memset(&f, 0, sizeof f);
    f.data = data;
    f.size = size;
    f.probes_left = 2;
    memset(&cfg, 0, sizeof cfg);
    cfg.hv_ioctl = fuzz_ioctl;
    cfg.hv_ioctl_ctx = &f;
    if (!(c = virt_connect_open_config("xen:///?socket=/nonexistent/xend-socket", 0, &cfg))) return 0;
    caps = virConnectGetCapabilities(c);
    free(caps);
    (void)virConnectGetMaxVcpus(c, NULL);
    if (virNodeGetCPUMap(c, &map, &online, 0) >= 0) free(map);
    (void)virNodeGetCellsFreeMemory(c, cells, 0, 4);
    (void)virNodeGetFreeMemory(c);
    {
        virNodeMemoryStats ms[2];
        int np = 2;
        (void)virNodeGetMemoryStats(c, VIR_NODE_MEMORY_STATS_ALL_CELLS, ms, &np, 0);
        (void)virNodeGetMemoryStats(c, 0, ms, &np, 0);
    }
    if ((d = virDomainLookupByID(c, 1)) != NULL) {
        fuzz_domain_calls(d);
        virDomainFree(d);
    }
    virConnectClose(c);
    return 0;
}
