/* tests/hv/hv_abi.c - virt_hv.h's in-header Xen structures against the Xen
 * headers Debian ships (libxen-dev 4.17: sysctl/domctl interface 0x15).
 * The checks are compile-time: a drifting size or offset breaks the build
 * of this file. The layouts of releases Debian does not ship (Xen 4.15 and
 * 4.16) are checked against numbers read from Xen's public headers at
 * RELEASE-4.15.0 and RELEASE-4.16.0, and against the 4.17 structures where
 * those releases share them. Built as C and as C++ (hv_abi.cpp), in the GNU
 * dialects (gnu99, gnu++17): Debian's xen/hvm/save.h refuses strict ISO C
 * because of anonymous unions. virt_hv.h itself needs no extension. */
#define __XEN_TOOLS__ 1
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>   /* _IOC, which privcmd.h uses */
#include <xen/xen.h>
#include <xen/version.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/sys/privcmd.h>
#include "virt_hv.h"

#ifdef __cplusplus
#  define ABI_ASSERT(cond, tag) static_assert(cond, #tag)
#else
#  define ABI_ASSERT(cond, tag) typedef char abi_assert_##tag[(cond) ? 1 : -1]
#endif
#define SAME_SIZE(ours, theirs, tag) ABI_ASSERT(sizeof(ours) == sizeof(theirs), size_##tag)
#define SAME_OFFSET(ours, theirs, field, tag) \
    ABI_ASSERT(offsetof(ours, field) == offsetof(theirs, field), off_##tag##_##field)
#define AT(ours, field, n, tag) ABI_ASSERT(offsetof(ours, field) == (n), at_##tag##_##field)

/* the interface Debian's headers describe is the one our 4.17 layouts are for */
ABI_ASSERT(XEN_SYSCTL_INTERFACE_VERSION == 0x15, sysctl_version);
ABI_ASSERT(XEN_DOMCTL_INTERFACE_VERSION == 0x15, domctl_version);

/* privcmd */
SAME_SIZE(virt_hv_privcmd_hypercall, privcmd_hypercall_t, privcmd);
SAME_OFFSET(virt_hv_privcmd_hypercall, privcmd_hypercall_t, op, privcmd);
SAME_OFFSET(virt_hv_privcmd_hypercall, privcmd_hypercall_t, arg, privcmd);
ABI_ASSERT(VIRT_HV_IOCTL_PRIVCMD_HYPERCALL == IOCTL_PRIVCMD_HYPERCALL, ioctl);

/* numbers */
ABI_ASSERT(VIRT_HV_HYPERVISOR_xen_version == __HYPERVISOR_xen_version, hc_version);
ABI_ASSERT(VIRT_HV_HYPERVISOR_sysctl == __HYPERVISOR_sysctl, hc_sysctl);
ABI_ASSERT(VIRT_HV_HYPERVISOR_domctl == __HYPERVISOR_domctl, hc_domctl);
ABI_ASSERT(VIRT_HV_XENVER_version == XENVER_version, xv_version);
ABI_ASSERT(VIRT_HV_XENVER_extraversion == XENVER_extraversion, xv_extra);
ABI_ASSERT(VIRT_HV_XENVER_capabilities == XENVER_capabilities, xv_caps);
ABI_ASSERT(VIRT_HV_XENVER_pagesize == XENVER_pagesize, xv_pagesize);
ABI_ASSERT(VIRT_HV_XEN_EXTRAVERSION_LEN == XEN_EXTRAVERSION_LEN, xv_extra_len);
ABI_ASSERT(VIRT_HV_XEN_CAPABILITIES_INFO_LEN == XEN_CAPABILITIES_INFO_LEN, xv_caps_len);
ABI_ASSERT(VIRT_HV_SYSCTL_physinfo == XEN_SYSCTL_physinfo, sc_physinfo);
ABI_ASSERT(VIRT_HV_SYSCTL_getdomaininfolist == XEN_SYSCTL_getdomaininfolist, sc_list);
ABI_ASSERT(VIRT_HV_DOMCTL_destroydomain == XEN_DOMCTL_destroydomain, dc_destroy);
ABI_ASSERT(VIRT_HV_DOMCTL_pausedomain == XEN_DOMCTL_pausedomain, dc_pause);
ABI_ASSERT(VIRT_HV_DOMCTL_unpausedomain == XEN_DOMCTL_unpausedomain, dc_unpause);
ABI_ASSERT(VIRT_HV_DOMCTL_getdomaininfo == XEN_DOMCTL_getdomaininfo, dc_info);
ABI_ASSERT(VIRT_HV_DOMCTL_max_mem == XEN_DOMCTL_max_mem, dc_max_mem);
ABI_ASSERT(VIRT_HV_DOMCTL_getvcpuinfo == XEN_DOMCTL_getvcpuinfo, dc_vcpuinfo);
ABI_ASSERT(VIRT_HV_DOMCTL_max_vcpus == XEN_DOMCTL_max_vcpus, dc_max_vcpus);
ABI_ASSERT(VIRT_HV_DOMID_FIRST_RESERVED == DOMID_FIRST_RESERVED, domid_reserved);
ABI_ASSERT(VIRT_HV_DOMINF_dying == XEN_DOMINF_dying, f_dying);
ABI_ASSERT(VIRT_HV_DOMINF_hvm_guest == XEN_DOMINF_hvm_guest, f_hvm);
ABI_ASSERT(VIRT_HV_DOMINF_shutdown == XEN_DOMINF_shutdown, f_shutdown);
ABI_ASSERT(VIRT_HV_DOMINF_paused == XEN_DOMINF_paused, f_paused);
ABI_ASSERT(VIRT_HV_DOMINF_blocked == XEN_DOMINF_blocked, f_blocked);
ABI_ASSERT(VIRT_HV_DOMINF_running == XEN_DOMINF_running, f_running);
ABI_ASSERT(VIRT_HV_DOMINF_debugged == XEN_DOMINF_debugged, f_debugged);
ABI_ASSERT(VIRT_HV_DOMINF_xs_domain == XEN_DOMINF_xs_domain, f_xs);
ABI_ASSERT(VIRT_HV_DOMINF_hap == XEN_DOMINF_hap, f_hap);
ABI_ASSERT(VIRT_HV_DOMINF_shutdownshift == XEN_DOMINF_shutdownshift, f_shift);
ABI_ASSERT(VIRT_HV_DOMINF_shutdownmask == XEN_DOMINF_shutdownmask, f_mask);

/* the sysctl and domctl blocks */
SAME_OFFSET(virt_hv_sysctl_head, struct xen_sysctl, cmd, sysctl);
SAME_OFFSET(virt_hv_sysctl_head, struct xen_sysctl, interface_version, sysctl);
ABI_ASSERT(VIRT_HV_SYSCTL_UNION_OFFSET == offsetof(struct xen_sysctl, u), sysctl_u);
ABI_ASSERT(sizeof(struct xen_sysctl) <= 4096, sysctl_fits_op_page);
SAME_OFFSET(virt_hv_domctl_head, struct xen_domctl, cmd, domctl);
SAME_OFFSET(virt_hv_domctl_head, struct xen_domctl, interface_version, domctl);
SAME_OFFSET(virt_hv_domctl_head, struct xen_domctl, domain, domctl);
ABI_ASSERT(VIRT_HV_DOMCTL_UNION_OFFSET == offsetof(struct xen_domctl, u), domctl_u);
ABI_ASSERT(sizeof(virt_hv_domctl_head) == offsetof(struct xen_domctl, u), domctl_head);
ABI_ASSERT(sizeof(struct xen_domctl) <= 4096, domctl_fits_op_page);

/* getdomaininfolist */
#define L virt_hv_getdomaininfolist
#define X struct xen_sysctl_getdomaininfolist
SAME_SIZE(L, X, list);
SAME_OFFSET(L, X, first_domain, list);
SAME_OFFSET(L, X, max_domains, list);
SAME_OFFSET(L, X, buffer, list);
SAME_OFFSET(L, X, num_domains, list);
#undef L
#undef X

/* getdomaininfo of 4.16+ (= Debian's 4.17) */
#define L virt_hv_xen416_getdomaininfo
#define X struct xen_domctl_getdomaininfo
SAME_SIZE(L, X, info416);
SAME_OFFSET(L, X, domain, info416);
SAME_OFFSET(L, X, flags, info416);
SAME_OFFSET(L, X, tot_pages, info416);
SAME_OFFSET(L, X, max_pages, info416);
SAME_OFFSET(L, X, outstanding_pages, info416);
SAME_OFFSET(L, X, shr_pages, info416);
SAME_OFFSET(L, X, paged_pages, info416);
SAME_OFFSET(L, X, shared_info_frame, info416);
SAME_OFFSET(L, X, cpu_time, info416);
SAME_OFFSET(L, X, nr_online_vcpus, info416);
SAME_OFFSET(L, X, max_vcpu_id, info416);
SAME_OFFSET(L, X, ssidref, info416);
SAME_OFFSET(L, X, handle, info416);
SAME_OFFSET(L, X, cpupool, info416);
SAME_OFFSET(L, X, gpaddr_bits, info416);
ABI_ASSERT(offsetof(L, arch_emulation_flags) == offsetof(X, arch_config.emulation_flags), info416_arch1);
ABI_ASSERT(offsetof(L, arch_misc_flags) == offsetof(X, arch_config.misc_flags), info416_arch2);
ABI_ASSERT(sizeof(((L *)0)->handle) == sizeof(xen_domain_handle_t), info416_handle_size);
#undef X

/* getdomaininfo of 4.15 (RELEASE-4.15.0 public/domctl.h): the same up to
 * cpupool, then arch_config directly (no gpaddr_bits): 104 bytes */
#define O virt_hv_xen415_getdomaininfo
ABI_ASSERT(sizeof(O) == 104, size_info415);
AT(O, flags, 4, info415);
AT(O, tot_pages, 8, info415);
AT(O, max_pages, 16, info415);
AT(O, shared_info_frame, 48, info415);
AT(O, cpu_time, 56, info415);
AT(O, nr_online_vcpus, 64, info415);
AT(O, max_vcpu_id, 68, info415);
AT(O, handle, 76, info415);
AT(O, cpupool, 92, info415);
AT(O, arch_emulation_flags, 96, info415);
AT(O, arch_misc_flags, 100, info415);
ABI_ASSERT(offsetof(O, cpupool) == offsetof(L, cpupool), info415_prefix);
#undef O
#undef L

/* physinfo of 4.17+ (= Debian's) */
#define P virt_hv_xen417_physinfo
#define X struct xen_sysctl_physinfo
SAME_SIZE(P, X, phys417);
SAME_OFFSET(P, X, threads_per_core, phys417);
SAME_OFFSET(P, X, cores_per_socket, phys417);
SAME_OFFSET(P, X, nr_cpus, phys417);
SAME_OFFSET(P, X, max_cpu_id, phys417);
SAME_OFFSET(P, X, nr_nodes, phys417);
SAME_OFFSET(P, X, max_node_id, phys417);
SAME_OFFSET(P, X, cpu_khz, phys417);
SAME_OFFSET(P, X, capabilities, phys417);
SAME_OFFSET(P, X, arch_capabilities, phys417);
SAME_OFFSET(P, X, total_pages, phys417);
SAME_OFFSET(P, X, free_pages, phys417);
SAME_OFFSET(P, X, scrub_pages, phys417);
SAME_OFFSET(P, X, outstanding_pages, phys417);
SAME_OFFSET(P, X, max_mfn, phys417);
SAME_OFFSET(P, X, hw_cap, phys417);
#undef X
/* physinfo of 4.13-4.16 (RELEASE-4.16.0 public/sysctl.h): no
 * arch_capabilities/pad, counters 8 bytes earlier, 104 bytes */
#define O virt_hv_xen415_physinfo
ABI_ASSERT(sizeof(O) == 104, size_phys415);
AT(O, cpu_khz, 24, phys415);
AT(O, capabilities, 28, phys415);
AT(O, total_pages, 32, phys415);
AT(O, free_pages, 40, phys415);
AT(O, max_mfn, 64, phys415);
AT(O, hw_cap, 72, phys415);
ABI_ASSERT(offsetof(O, cpu_khz) == offsetof(P, cpu_khz), phys_prefix);
#undef O
#undef P

/* getvcpuinfo, max_mem, max_vcpus */
#define V virt_hv_getvcpuinfo
#define X struct xen_domctl_getvcpuinfo
SAME_SIZE(V, X, vcpu);
SAME_OFFSET(V, X, vcpu, vcpu);
SAME_OFFSET(V, X, online, vcpu);
SAME_OFFSET(V, X, blocked, vcpu);
SAME_OFFSET(V, X, running, vcpu);
SAME_OFFSET(V, X, cpu_time, vcpu);
SAME_OFFSET(V, X, cpu, vcpu);
#undef X
#undef V
SAME_SIZE(virt_hv_max_mem, struct xen_domctl_max_mem, max_mem);
SAME_OFFSET(virt_hv_max_mem, struct xen_domctl_max_mem, max_memkb, max_mem);
SAME_SIZE(virt_hv_max_vcpus, struct xen_domctl_max_vcpus, max_vcpus);

/* issue 11: vcpuaffinity, scheduler_op, sched_id, cputopoinfo, numainfo */
ABI_ASSERT(VIRT_HV_DOMCTL_setvcpuaffinity == XEN_DOMCTL_setvcpuaffinity, dc_setaff);
ABI_ASSERT(VIRT_HV_DOMCTL_getvcpuaffinity == XEN_DOMCTL_getvcpuaffinity, dc_getaff);
ABI_ASSERT(VIRT_HV_DOMCTL_scheduler_op == XEN_DOMCTL_scheduler_op, dc_sched);
ABI_ASSERT(VIRT_HV_SYSCTL_sched_id == XEN_SYSCTL_sched_id, sc_sched_id);
ABI_ASSERT(VIRT_HV_SYSCTL_cputopoinfo == XEN_SYSCTL_cputopoinfo, sc_topo);
ABI_ASSERT(VIRT_HV_SYSCTL_numainfo == XEN_SYSCTL_numainfo, sc_numa);
ABI_ASSERT(VIRT_HV_SYSCTL_getcpuinfo == XEN_SYSCTL_getcpuinfo, sc_getcpuinfo);
ABI_ASSERT(VIRT_HV_VCPUAFFINITY_HARD == XEN_VCPUAFFINITY_HARD, aff_hard);
ABI_ASSERT(VIRT_HV_VCPUAFFINITY_SOFT == XEN_VCPUAFFINITY_SOFT, aff_soft);
ABI_ASSERT(VIRT_HV_SCHEDULER_CREDIT == XEN_SCHEDULER_CREDIT, s_credit);
ABI_ASSERT(VIRT_HV_SCHEDULER_CREDIT2 == XEN_SCHEDULER_CREDIT2, s_credit2);
ABI_ASSERT(VIRT_HV_SCHEDULER_ARINC653 == XEN_SCHEDULER_ARINC653, s_arinc);
ABI_ASSERT(VIRT_HV_SCHEDULER_RTDS == XEN_SCHEDULER_RTDS, s_rtds);
ABI_ASSERT(VIRT_HV_SCHEDULER_NULL == XEN_SCHEDULER_NULL, s_null);
ABI_ASSERT(VIRT_HV_SCHEDOP_putinfo == XEN_DOMCTL_SCHEDOP_putinfo, s_put);
ABI_ASSERT(VIRT_HV_SCHEDOP_getinfo == XEN_DOMCTL_SCHEDOP_getinfo, s_get);
ABI_ASSERT(VIRT_HV_INVALID_ID == XEN_INVALID_CORE_ID && VIRT_HV_INVALID_ID == XEN_INVALID_NODE_ID, inv_id);
ABI_ASSERT(VIRT_HV_INVALID_MEM_SZ == XEN_INVALID_MEM_SZ, inv_mem);
SAME_SIZE(virt_hv_xenctl_bitmap, struct xenctl_bitmap, bitmap);
SAME_OFFSET(virt_hv_xenctl_bitmap, struct xenctl_bitmap, bitmap, bitmap);
SAME_OFFSET(virt_hv_xenctl_bitmap, struct xenctl_bitmap, nr_bits, bitmap);
SAME_SIZE(virt_hv_vcpuaffinity, struct xen_domctl_vcpuaffinity, aff);
SAME_OFFSET(virt_hv_vcpuaffinity, struct xen_domctl_vcpuaffinity, vcpu, aff);
SAME_OFFSET(virt_hv_vcpuaffinity, struct xen_domctl_vcpuaffinity, flags, aff);
SAME_OFFSET(virt_hv_vcpuaffinity, struct xen_domctl_vcpuaffinity, cpumap_hard, aff);
SAME_OFFSET(virt_hv_vcpuaffinity, struct xen_domctl_vcpuaffinity, cpumap_soft, aff);
SAME_SIZE(virt_hv_scheduler_op, struct xen_domctl_scheduler_op, sched);
SAME_OFFSET(virt_hv_scheduler_op, struct xen_domctl_scheduler_op, sched_id, sched);
SAME_OFFSET(virt_hv_scheduler_op, struct xen_domctl_scheduler_op, cmd, sched);
ABI_ASSERT(offsetof(virt_hv_scheduler_op, weight) == offsetof(struct xen_domctl_scheduler_op, u.credit.weight),
           sched_weight);
ABI_ASSERT(offsetof(virt_hv_scheduler_op, cap) == offsetof(struct xen_domctl_scheduler_op, u.credit.cap), sched_cap);
ABI_ASSERT(offsetof(virt_hv_scheduler_op, weight) == offsetof(struct xen_domctl_scheduler_op, u.credit2.weight),
           sched2_weight);
ABI_ASSERT(offsetof(virt_hv_scheduler_op, cap) == offsetof(struct xen_domctl_scheduler_op, u.credit2.cap),
           sched2_cap);
SAME_SIZE(virt_hv_sched_id_arg, struct xen_sysctl_sched_id, sched_id);
SAME_SIZE(virt_hv_cputopo, struct xen_sysctl_cputopo, cputopo);
SAME_OFFSET(virt_hv_cputopo, struct xen_sysctl_cputopo, core, cputopo);
SAME_OFFSET(virt_hv_cputopo, struct xen_sysctl_cputopo, socket, cputopo);
SAME_OFFSET(virt_hv_cputopo, struct xen_sysctl_cputopo, node, cputopo);
SAME_SIZE(virt_hv_cputopoinfo, struct xen_sysctl_cputopoinfo, topoinfo);
SAME_OFFSET(virt_hv_cputopoinfo, struct xen_sysctl_cputopoinfo, num_cpus, topoinfo);
SAME_OFFSET(virt_hv_cputopoinfo, struct xen_sysctl_cputopoinfo, cputopo, topoinfo);
SAME_SIZE(virt_hv_meminfo, struct xen_sysctl_meminfo, meminfo);
SAME_OFFSET(virt_hv_meminfo, struct xen_sysctl_meminfo, memsize, meminfo);
SAME_OFFSET(virt_hv_meminfo, struct xen_sysctl_meminfo, memfree, meminfo);
SAME_SIZE(virt_hv_numainfo, struct xen_sysctl_numainfo, numainfo);
SAME_OFFSET(virt_hv_numainfo, struct xen_sysctl_numainfo, num_nodes, numainfo);
SAME_OFFSET(virt_hv_numainfo, struct xen_sysctl_numainfo, meminfo, numainfo);
SAME_OFFSET(virt_hv_numainfo, struct xen_sysctl_numainfo, distance, numainfo);
SAME_SIZE(virt_hv_getcpuinfo, struct xen_sysctl_getcpuinfo, getcpuinfo);
SAME_OFFSET(virt_hv_getcpuinfo, struct xen_sysctl_getcpuinfo, max_cpus, getcpuinfo);
SAME_OFFSET(virt_hv_getcpuinfo, struct xen_sysctl_getcpuinfo, info, getcpuinfo);
SAME_OFFSET(virt_hv_getcpuinfo, struct xen_sysctl_getcpuinfo, nr_cpus, getcpuinfo);

int main(void)
{
    /* the real checks ran at compile time; say what was checked */
    printf("hv_abi: virt_hv.h matches <xen/domctl.h>/<xen/sysctl.h> interface 0x%x "
           "(getdomaininfo %u bytes, physinfo %u bytes): 1 passed, 0 failed\n",
           (unsigned)XEN_DOMCTL_INTERFACE_VERSION, (unsigned)sizeof(struct xen_domctl_getdomaininfo),
           (unsigned)sizeof(struct xen_sysctl_physinfo));
    return 0;
}
