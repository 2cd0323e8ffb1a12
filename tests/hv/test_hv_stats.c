/* tests/hv/test_hv_stats.c - the statistics the hypervisor part answers on
 * xen:///: virNodeGetCPUStats from sysctl getcpuinfo (the simulated
 * hypervisor, hv_sim.c, decodes it from Xen's public layout), and
 * virDomainBlockStats / InterfaceStats from dom0's blkback counters in
 * /sys/bus/xen-backend and /proc/net/dev, read under a sysroot this test
 * writes (virt_open_config.xen_sysroot) in its build directory.
 *
 *   test_hv_stats BUILD_DIR */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "virt_test_api.h"
#include "hv_sim.h"
#include "hv_sim_open.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[512];

static void put_file(const char *rel, const char *text)
{
    char path[768], cmd[1024];
    FILE *f;
    snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s/%s')\"", root, rel);
    if (system(cmd) != 0) return;
    snprintf(path, sizeof path, "%s/%s", root, rel);
    if ((f = fopen(path, "w")) != NULL) {
        fputs(text, f);
        fclose(f);
    }
}

static void make_sysroot(void)
{
    const char *dir = "sys/bus/xen-backend/devices/vbd-3-51712/statistics";   /* xvda */
    char rel[256];
    static const char *const names[] = { "rd_req", "wr_req", "rd_sect", "wr_sect", "oo_req" };
    static const char *const values[] = { "120\n", "34\n", "2048\n", "80\n", "2\n" };
    size_t i;
    for (i = 0; i < 5; i++) {
        snprintf(rel, sizeof rel, "%s/%s", dir, names[i]);
        put_file(rel, values[i]);
    }
    /* hda as a blktap device: tap-3-768 */
    put_file("sys/bus/xen-backend/devices/tap-3-768/statistics/rd_req", "7\n");
    put_file("sys/bus/xen-backend/devices/tap-3-768/statistics/rd_sect", "16\n");
    put_file("proc/net/dev",
             "Inter-|   Receive                                                |  Transmit\n"
             " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
             "    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0\n"
             "vif3.0:   5000      50    1    2    0     0          0         0     9000      90    3    4    0     0       0          0\n"
             "vif3.1: 1 2\n");
}

static virConnectPtr open_conn(void)
{
    virt_open_config cfg;
    if (hv_sim_init(&sim, "4.17") != 0) return NULL;
    sim.nr_cpus = 4;
    sim.offline_cpus = 1u << 2;
    memset(&cfg, 0, sizeof cfg);
    cfg.hv_ioctl = hv_sim_ioctl;
    cfg.hv_ioctl_ctx = &sim;
    cfg.xen_sysroot = root;
    return virt_connect_open_config("xen:///", 0, &cfg);
}

static void test_cpu_stats(virConnectPtr c)
{
    virNodeCPUStats p[2];
    int n = 0;
    VT_CHECK_EQ_INT(virNodeGetCPUStats(c, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &n, 0), 0);
    VT_CHECK_EQ_INT(n, 1);
    memset(p, 0, sizeof p);
    VT_CHECK_EQ_INT(virNodeGetCPUStats(c, VIR_NODE_CPU_STATS_ALL_CPUS, p, &n, 0), 0);
    VT_CHECK_EQ_STR(p[0].field, "idle");
    /* CPUs 0, 1, 3 at 7, 14, 28 s; CPU 2 offline (0) */
    VT_CHECK(p[0].value == 49000000000ull);
    VT_CHECK_EQ_INT(virNodeGetCPUStats(c, 1, p, &n, 0), 0);
    VT_CHECK(p[0].value == 14000000000ull);
    VT_CHECK_EQ_INT(virNodeGetCPUStats(c, 2, p, &n, 0), 0);
    VT_CHECK(p[0].value == 0);
    VT_CHECK_EQ_INT(virNodeGetCPUStats(c, 4, p, &n, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(strstr(vt_last_message(), "less than or equal to 3") != NULL);
    n = 2;
    VT_CHECK_EQ_INT(virNodeGetCPUStats(c, 0, p, &n, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    n = 1;
    VT_CHECK_EQ_INT(virNodeGetCPUStats(c, 0, p, &n, 1), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
}

static void test_dom_stats(virConnectPtr c)
{
    virDomainBlockStatsStruct b;
    virDomainInterfaceStatsStruct i;
    virDomainPtr d;
    hv_sim_add(&sim, 3, HV_SIM_RUNNING, 1000, 2000, 1);
    d = virDomainLookupByID(c, 3);
    VT_CHECK(d != NULL);
    if (!d) return;
    VT_CHECK_EQ_INT(virDomainBlockStats(d, "xvda", &b, sizeof b), 0);
    VT_CHECK(b.rd_req == 120 && b.wr_req == 34 && b.rd_bytes == 2048 * 512 && b.wr_bytes == 80 * 512 && b.errs == 2);
    VT_CHECK_EQ_INT(virDomainBlockStats(d, "/dev/hda", &b, sizeof b), 0);   /* blktap */
    VT_CHECK(b.rd_req == 7 && b.rd_bytes == 16 * 512 && b.wr_req == -1 && b.errs == -1);
    VT_CHECK_EQ_INT(virDomainBlockStats(d, "xvdb", &b, sizeof b), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INTERNAL_ERROR);
    VT_CHECK(strstr(vt_last_message(), "vbd-3-51728") != NULL);
    VT_CHECK_EQ_INT(virDomainBlockStats(d, "vda", &b, sizeof b), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(strstr(vt_last_message(), "'vda'") != NULL);
    /* dom0's rx is the guest's tx */
    VT_CHECK_EQ_INT(virDomainInterfaceStats(d, "vif3.0", &i, sizeof i), 0);
    VT_CHECK(i.rx_bytes == 9000 && i.rx_packets == 90 && i.rx_errs == 3 && i.rx_drop == 4);
    VT_CHECK(i.tx_bytes == 5000 && i.tx_packets == 50 && i.tx_errs == 1 && i.tx_drop == 2);
    VT_CHECK_EQ_INT(virDomainInterfaceStats(d, "vif4.0", &i, sizeof i), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK_EQ_INT(virDomainInterfaceStats(d, "eth0", &i, sizeof i), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK_EQ_INT(virDomainInterfaceStats(d, "vif3.1", &i, sizeof i), -1);   /* too few counters */
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INTERNAL_ERROR);
    VT_CHECK_EQ_INT(virDomainInterfaceStats(d, "vif3.7", &i, sizeof i), -1);
    VT_CHECK(strstr(vt_last_message(), "Interface not found") != NULL);
    virDomainFree(d);
}

/* virDomainMemoryStats and virDomainGetCPUStats as libvirt's libxl driver
 * answers them: actual and available from getdomaininfo, cpu_time of the
 * domain and of each vCPU (the simulator gives vCPU v cpu_time / (v + 1)). */
static void test_mem_cpu_stats(virConnectPtr c)
{
    virDomainMemoryStatStruct m[VIR_DOMAIN_MEMORY_STAT_NR];
    virTypedParameter p[8];
    virDomainPtr d;
    hv_sim_add(&sim, 4, HV_SIM_RUNNING, 1000, 2000, 3);   /* cpu_time 5 s */
    d = virDomainLookupByID(c, 4);
    VT_CHECK(d != NULL);
    if (!d) return;
    VT_CHECK_EQ_INT(virDomainMemoryStats(d, m, VIR_DOMAIN_MEMORY_STAT_NR, 0), 2);
    VT_CHECK(m[0].tag == VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON && m[0].val == 4000);
    VT_CHECK(m[1].tag == VIR_DOMAIN_MEMORY_STAT_AVAILABLE && m[1].val == 8000);
    VT_CHECK_EQ_INT(virDomainMemoryStats(d, m, 1, 0), 1);
    VT_CHECK_EQ_INT(virDomainMemoryStats(d, m, 2, 1), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(strstr(vt_last_message(), "libxlDomainMemoryStats") != NULL);
    /* the domain's total: one parameter */
    VT_CHECK_EQ_INT(virDomainGetCPUStats(d, NULL, 0, -1, 1, 0), 1);
    VT_CHECK_EQ_INT(virDomainGetCPUStats(d, p, 1, -1, 1, 0), 1);
    VT_CHECK_EQ_STR(p[0].field, "cpu_time");
    VT_CHECK(p[0].type == VIR_TYPED_PARAM_ULLONG && p[0].value.ul == 5000000000ull);
    /* libvirt returns nparams even though it fills one */
    VT_CHECK_EQ_INT(virDomainGetCPUStats(d, p, 3, -1, 1, 0), 3);
    VT_CHECK(p[1].field[0] == '\0' && p[1].type == 0);
    /* per vCPU: 3 rows, 1 parameter each */
    VT_CHECK_EQ_INT(virDomainGetCPUStats(d, NULL, 0, 0, 0, 0), 3);
    VT_CHECK_EQ_INT(virDomainGetCPUStats(d, NULL, 0, 0, 1, 0), 1);
    VT_CHECK_EQ_INT(virDomainGetCPUStats(d, p, 1, 0, 3, 0), 1);
    VT_CHECK(p[0].value.ul == 5000000000ull && p[1].value.ul == 2500000000ull);
    VT_CHECK(p[2].value.ul == 5000000000ull / 3);
    VT_CHECK_EQ_STR(p[2].field, "cpu_time");
    /* rows past the last vCPU stay empty */
    VT_CHECK_EQ_INT(virDomainGetCPUStats(d, p, 1, 2, 4, 0), 1);
    VT_CHECK(p[0].value.ul == 5000000000ull / 3 && p[1].type == 0 && p[3].type == 0);
    VT_CHECK_EQ_INT(virDomainGetCPUStats(d, p, 2, 0, 2, 0), 2);
    VT_CHECK(p[2].value.ul == 2500000000ull && p[1].type == 0);
    VT_CHECK_EQ_INT(virDomainGetCPUStats(d, p, 1, 0, 1, VIR_TYPED_PARAM_STRING_OKAY), 1);
    VT_CHECK_EQ_INT(virDomainGetCPUStats(d, p, 1, 0, 1, 1), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(strstr(vt_last_message(), "libxlDomainGetCPUStats") != NULL);
    /* gone from the hypervisor: the domain's own error */
    sim.ndoms--;
    VT_CHECK_EQ_INT(virDomainMemoryStats(d, m, 2, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);
    VT_CHECK_EQ_INT(virDomainGetCPUStats(d, p, 1, -1, 1, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);
    virDomainFree(d);
}

int main(int argc, char **argv)
{
    virConnectPtr c;
    char cmd[600];
    virSetErrorFunc(NULL, vt_quiet_errors);
    setenv("XENSTORED_PATH", "/nonexistent/xenstored-socket", 1);
    snprintf(root, sizeof root, "%s/hv-stats-root-%ld", argc > 1 ? argv[1] : ".", (long)getpid());
    make_sysroot();
    c = open_conn();
    VT_CHECK(c != NULL);
    if (c) {
        test_cpu_stats(c);
        test_dom_stats(c);
        test_mem_cpu_stats(c);
        virConnectClose(c);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
    return vt_summary("hv_stats");
}
