/* tests/hv/hv_real_checks.c - virt_hv.h against a REAL Xen (run in dom0 by
 * the Xen lab, as root).
 *
 *   hv_real_checks            read-only: version, interface probe, physinfo,
 *                             getdomaininfolist (dom0 included), getdomaininfo,
 *                             getcpuinfo (idle times), numainfo distances,
 *                             and the same through virConnectOpenReadOnly("xen:///")
 *   hv_real_checks DOMID      also pause, unpause and max_mem on that guest
 *                             (its max memory is restored afterwards)
 *
 * Prints "hv_real: N passed, N failed"; exits 77 (skip) when this is not a
 * Xen dom0 (no privcmd device) or not root. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"

#include <unistd.h>

static virt_hv *hv;

static void check_readonly_protocol(void)
{
    virt_hv_version v;
    virt_hv_interface ifc;
    virt_hv_physinfo pi;
    virt_hv_domain_info doms[64], d0;
    virt_status st;
    int n, i, has_dom0 = 0;

    VT_CHECK_EQ_INT(virt_hv_get_version(hv, &v, &st), VIRT_OK);
    printf("hv_real: Xen %u.%u%s, caps '%s'\n", v.major, v.minor, v.extra, v.capabilities);
    VT_CHECK(v.major >= 4);
    VT_CHECK(strstr(v.capabilities, "xen-3.0-") != NULL);
    virt_hv_get_interface(hv, &ifc);
    printf("hv_real: sysctl interface 0x%x, domctl interface 0x%x, page %lu bytes\n",
           (unsigned)ifc.sysctl_version, (unsigned)ifc.domctl_version, ifc.page_size);
    if (v.major == 4 && v.minor == 17) {
        VT_CHECK_EQ_INT(ifc.sysctl_version, 0x15);
        VT_CHECK_EQ_INT(ifc.domctl_version, 0x15);
    }
    VT_CHECK_EQ_INT(ifc.page_size, 4096);

    VT_CHECK_EQ_INT(virt_hv_physinfo_get(hv, &pi, &st), VIRT_OK);
    printf("hv_real: %u cpus, %u cores/socket, %u threads/core, %u nodes, %u kHz, %llu/%llu pages free\n",
           pi.nr_cpus, pi.cores_per_socket, pi.threads_per_core, pi.nr_nodes, pi.cpu_khz,
           (unsigned long long)pi.free_pages, (unsigned long long)pi.total_pages);
    VT_CHECK(pi.nr_cpus >= 1);
    VT_CHECK(pi.total_pages > 0 && pi.free_pages <= pi.total_pages);

    n = virt_hv_list_domains(hv, 0, doms, 64, &st);
    VT_CHECK(n >= 1);
    if (n < 0) fprintf(stderr, "list: %s\n", st.message);
    for (i = 0; i < n; i++) {
        printf("hv_real:  dom %u flags 0x%x tot_pages %llu max_pages %llu vcpus %u\n", doms[i].domid,
               (unsigned)doms[i].flags, (unsigned long long)doms[i].tot_pages,
               (unsigned long long)doms[i].max_pages, (unsigned)doms[i].online_vcpus);
        if (doms[i].domid == 0) has_dom0 = 1;
    }
    VT_CHECK(has_dom0);
    VT_CHECK_EQ_INT(virt_hv_domain_info_get(hv, 0, &d0, &st), VIRT_OK);
    VT_CHECK(d0.tot_pages > 0 && d0.online_vcpus >= 1);
    VT_CHECK(n < 1 || d0.tot_pages == doms[0].tot_pages);
    /* an id above every domain: Xen's ESRCH */
    VT_CHECK_EQ_INT(virt_hv_domain_info_get(hv, 0x7FEF, &d0, &st), VIRT_E_NOENT);
    /* sysctl getcpuinfo: an entry per CPU id, idle times that move on;
     * numainfo's distances: a square table, 10 on the diagonal of online
     * nodes (Xen's LOCAL_DISTANCE) */
    {
        uint64_t idle[256], again[256];
        uint32_t dist[64 * 64];
        int nc = virt_hv_cpu_idle(hv, idle, 256, &st), nc2, nd, k, moved = 0;
        printf("hv_real: getcpuinfo %d CPUs (max_cpu_id %u), CPU 0 idle %.3f s\n", nc, pi.max_cpu_id,
               nc > 0 ? idle[0] / 1e9 : -1.0);
        VT_CHECK_EQ_INT(nc, (int)pi.max_cpu_id + 1);
        usleep(200000);
        nc2 = virt_hv_cpu_idle(hv, again, 256, &st);
        VT_CHECK_EQ_INT(nc2, nc);
        for (k = 0; k < nc && k < nc2; k++) {
            VT_CHECK(again[k] >= idle[k]);
            moved |= again[k] > idle[k];
        }
        VT_CHECK(moved);
        nd = virt_hv_numa_distances(hv, dist, 64, &st);
        printf("hv_real: numainfo distances: %d nodes, node 0 to itself %u\n", nd, nd > 0 ? (unsigned)dist[0] : 0u);
        /* numainfo counts node ids up to the last online one; physinfo's
         * max_node_id is Xen's MAX_NUMNODES - 1 (63 in the lab), its
         * nr_nodes the online ones */
        VT_CHECK(nd >= (int)pi.nr_nodes && nd <= (int)pi.max_node_id + 1);
        if (nd > 0) VT_CHECK_EQ_INT(dist[0], 10);
    }
}

static void check_readonly_api(void)
{
    virConnectPtr c = virConnectOpenReadOnly("xen:///");
    virDomainPtr d0;
    virDomainInfo info;
    virNodeInfo node;
    unsigned long ver = 0;
    VT_CHECK(c != NULL);
    if (!c) return;
    VT_CHECK_EQ_INT(virConnectGetVersion(c, &ver), 0);
    VT_CHECK(ver >= 4000000);
    VT_CHECK_EQ_INT(virNodeGetInfo(c, &node), 0);
    VT_CHECK(node.cpus >= 1 && node.memory > 0);
    /* free memory from physinfo: some, and less than the node has */
    VT_CHECK(virNodeGetFreeMemory(c) > 0 && virNodeGetFreeMemory(c) <= (unsigned long long)node.memory * 1024);
    VT_CHECK(virConnectNumOfDomains(c) >= 1);
    d0 = virDomainLookupByID(c, 0);
    VT_CHECK(d0 != NULL);
    if (d0) {
        VT_CHECK_EQ_STR(virDomainGetName(d0), "Domain-0");
        VT_CHECK_EQ_INT(virDomainGetInfo(d0, &info), 0);
        VT_CHECK(info.memory > 0 && info.nrVirtCpu >= 1);
        VT_CHECK_EQ_INT(virDomainSuspend(d0), -1);      /* read-only */
        virDomainFree(d0);
    }
    virConnectClose(c);
}

static void check_guest(unsigned int domid)
{
    virt_hv *rw = NULL;
    virt_hv_domain_info d;
    virt_status st;
    uint64_t old_max_kib;
    VT_CHECK_EQ_INT(virt_hv_open(&rw, 0, &st), VIRT_OK);
    if (!rw) return;
    VT_CHECK_EQ_INT(virt_hv_domain_info_get(rw, domid, &d, &st), VIRT_OK);
    old_max_kib = d.max_pages * 4;
    VT_CHECK_EQ_INT(virt_hv_pause(rw, domid, &st), VIRT_OK);
    VT_CHECK(virt_hv_domain_info_get(rw, domid, &d, &st) == VIRT_OK && (d.flags & VIRT_HV_DOMINF_paused));
    VT_CHECK_EQ_INT(virt_hv_unpause(rw, domid, &st), VIRT_OK);
    VT_CHECK(virt_hv_domain_info_get(rw, domid, &d, &st) == VIRT_OK && !(d.flags & VIRT_HV_DOMINF_paused));
    VT_CHECK_EQ_INT(virt_hv_set_max_mem(rw, domid, 200 * 1024, &st), VIRT_OK);
    VT_CHECK(virt_hv_domain_info_get(rw, domid, &d, &st) == VIRT_OK && d.max_pages == 200 * 256);
    VT_CHECK_EQ_INT(virt_hv_set_max_mem(rw, domid, old_max_kib, &st), VIRT_OK);
    /* read-only handles refuse without asking Xen */
    VT_CHECK_EQ_INT(virt_hv_pause(hv, domid, &st), VIRT_E_PERM);
    virt_hv_close(rw);
}

int main(int argc, char **argv)
{
    virt_status st;
    int rc;
    if (access("/dev/xen/privcmd", F_OK) != 0 && access("/proc/xen/privcmd", F_OK) != 0)
        VT_SKIP("no /dev/xen/privcmd: not a Xen dom0");
    rc = virt_hv_open(&hv, VIRT_HV_OPEN_READONLY, &st);
    if (rc == VIRT_E_PERM && geteuid() != 0) VT_SKIP("privcmd needs root");
    VT_CHECK_EQ_INT(rc, VIRT_OK);
    if (rc != VIRT_OK) {
        fprintf(stderr, "hv_real: %s\n", st.message);
        return vt_summary("hv_real");
    }
    check_readonly_protocol();
    check_readonly_api();
    if (argc > 1) check_guest((unsigned int)atoi(argv[1]));
    virt_hv_close(hv);
    return vt_summary("hv_real");
}
