/* tests/hv/bench_hv.c - what the hypervisor backend costs, on the simulated
 * hypervisor: hypercalls per API call (asserted: they are the design) and
 * the library's own time per call (printed; the simulator answers in
 * nanoseconds, so this is virt's overhead, not Xen's).
 *
 *   bench_hv [ITERATIONS]      prints "hv_bench: N passed, N failed" */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "hv_sim.h"

#include <time.h>

static hv_sim sim;

static void quiet(void *data, virErrorPtr err) { (void)data; (void)err; }

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
    int iterations = argc > 1 ? atoi(argv[1]) : 2000, i;
    virConnectPtr c;
    virt_open_config cfg;
    virDomainPtr d;
    virDomainInfo info;
    long calls;
    double t0, t1;

    if (iterations < 1 || iterations > 10000000) {
        fprintf(stderr, "usage: bench_hv [ITERATIONS 1..10000000]\n");
        return 2;
    }
    virSetErrorFunc(NULL, quiet);    /* xenstore/xend are absent here */
    hv_sim_init(&sim, "4.17");
    for (i = 1; i < 600; i++) hv_sim_add(&sim, (unsigned)i, HV_SIM_BLOCKED, 32768, 33024, 1);
    memset(&cfg, 0, sizeof cfg);          /* the hypervisor hook of this connection */
    cfg.hv_ioctl = hv_sim_ioctl;
    cfg.hv_ioctl_ctx = &sim;

    calls = sim.calls;
    t0 = now_us();
    c = virt_connect_open_config("xen:///", 1, &cfg);
    t1 = now_us();
    VT_CHECK(c != NULL);
    if (!c) return vt_summary("hv_bench");
    /* XENVER_version, XENVER_pagesize, one sysctl probe, one domctl probe */
    VT_CHECK_EQ_INT(sim.calls - calls, 4);
    printf("open xen:///: %ld hypercalls, %.1f us\n", sim.calls - calls, t1 - t0);

    calls = sim.calls;
    t0 = now_us();
    for (i = 0; i < iterations; i++) VT_CHECK(virConnectNumOfDomains(c) == 600 || i < 0);
    t1 = now_us();
    VT_CHECK_EQ_INT((sim.calls - calls) / iterations, 600 / VIRT_HV_BATCH + 1);
    printf("virConnectNumOfDomains (600 domains): %ld hypercalls, %.2f us per call\n",
           (sim.calls - calls) / iterations, (t1 - t0) / iterations);

    d = virDomainLookupByID(c, 1);
    VT_CHECK(d != NULL);
    if (d) {
        calls = sim.calls;
        t0 = now_us();
        for (i = 0; i < iterations; i++) VT_CHECK(virDomainGetInfo(d, &info) == 0 || i < 0);
        t1 = now_us();
        VT_CHECK_EQ_INT((sim.calls - calls) / iterations, 1);
        printf("virDomainGetInfo: %ld hypercall, %.2f us per call\n", (sim.calls - calls) / iterations,
               (t1 - t0) / iterations);
        virDomainFree(d);
    }
    calls = sim.calls;
    t0 = now_us();
    for (i = 0; i < iterations; i++) {
        virDomainPtr x = virDomainLookupByID(c, 300);
        VT_CHECK(x != NULL);
        if (x) virDomainFree(x);
    }
    t1 = now_us();
    VT_CHECK_EQ_INT((sim.calls - calls) / iterations, 1);
    printf("virDomainLookupByID + virDomainFree: %ld hypercall, %.2f us per call\n",
           (sim.calls - calls) / iterations, (t1 - t0) / iterations);
    virConnectClose(c);
    return vt_summary("hv_bench");
}
