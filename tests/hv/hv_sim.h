/* tests/hv/hv_sim.h - a simulated Xen hypervisor behind virt_hv's ioctl hook.
 *
 * It decodes IOCTL_PRIVCMD_HYPERCALL the way Linux's privcmd driver hands it
 * to Xen, and answers xen_version, sysctl and domctl as the hypervisor of the
 * chosen release does (xen/common/sysctl.c, domctl.c at RELEASE-4.x.0):
 *   - a sysctl/domctl whose interface_version is not the release's: EACCES
 *     (checked first, before privilege and before the domain);
 *   - a domctl on a domain that does not exist: ESRCH, except getdomaininfo,
 *     which answers with the next domain above the id (ESRCH if none);
 *   - not privileged: EPERM.
 * Its structure offsets are written out here per release (read from Xen's
 * public headers of that tag), independently of virt_hv.h's structs, so the
 * two are checked against each other.
 *
 *   hv_sim s;
 *   hv_sim_init(&s, "4.17");            // dom0 + physinfo of a small host
 *   hv_sim_add(&s, 1, HV_SIM_BLOCKED, 32768, 33024, 1);
 *   virt_hv_open_hooked(&hv, 0, hv_sim_ioctl, &s, &st);   // or virt_open_config.hv_ioctl
 */
#ifndef HV_SIM_H
#define HV_SIM_H
#include <stdint.h>

#define HV_SIM_MAX_DOMAINS 700

/* flag bits as Xen defines them (public/domctl.h XEN_DOMINF_*) */
#define HV_SIM_DYING    (1u << 0)
#define HV_SIM_HVM      (1u << 1)
#define HV_SIM_SHUTDOWN (1u << 2)
#define HV_SIM_PAUSED   (1u << 3)
#define HV_SIM_BLOCKED  (1u << 4)
#define HV_SIM_RUNNING  (1u << 5)

#define HV_SIM_MAX_VCPUS 8           /* affinity kept for this many vCPUs */
#define HV_SIM_MAX_CPUS 64           /* physical CPUs the host may have */
#define HV_SIM_MAP_BYTES (HV_SIM_MAX_CPUS / 8)

/* scheduler ids (public/domctl.h XEN_SCHEDULER_*) */
#define HV_SIM_SCHED_CREDIT 5
#define HV_SIM_SCHED_CREDIT2 6
#define HV_SIM_SCHED_RTDS 8

typedef struct hv_sim_domain {
    unsigned int domid;
    uint32_t flags;
    uint64_t tot_pages, max_pages, cpu_time;
    uint32_t vcpus;
    unsigned char handle[16];
    /* hard affinity of each vCPU (all CPUs at hv_sim_add), credit params */
    unsigned char affinity[HV_SIM_MAX_VCPUS][HV_SIM_MAP_BYTES];
    uint16_t weight, cap;
} hv_sim_domain;

typedef struct hv_sim {
    /* the release simulated */
    unsigned int major, minor;
    char extra[16];
    uint32_t sysctl_version, domctl_version;
    unsigned int info_size;       /* getdomaininfo record: 104 or 112 */
    int physinfo_v15;             /* 1: 4.17+ physinfo (counters at 40) */
    int privileged;               /* 0: every sysctl/domctl gets EPERM */
    int corrupt;                  /* 1: list says one record more than asked;
                                     2: list records out of id order */
    /* the host */
    uint32_t nr_cpus, cores_per_socket, threads_per_core, nr_nodes, cpu_khz;
    uint64_t total_pages, free_pages;
    uint64_t offline_cpus;        /* bit i: CPU i present but offline */
    uint32_t offline_nodes;       /* bit i: node i without memory (offline) */
    unsigned int sched_id;        /* HV_SIM_SCHED_*: cpupool 0's scheduler */
    hv_sim_domain doms[HV_SIM_MAX_DOMAINS]; /* sorted by domid */
    int ndoms;
    /* what was asked */
    long calls, sysctl_calls, domctl_calls, list_calls, state_changes, eacces;
    uint32_t last_list_max;
} hv_sim;

/* "4.15" .. "4.20", or "4.14" / "4.21" (interface versions virt does not
 * know). Returns 0, -1 for a name it has no data for. */
int hv_sim_init(hv_sim *s, const char *release);
/* adds (or replaces) a domain; handle derived from domid unless set later */
hv_sim_domain *hv_sim_add(hv_sim *s, unsigned int domid, uint32_t flags, uint64_t tot_pages,
                          uint64_t max_pages, uint32_t vcpus);
hv_sim_domain *hv_sim_find(hv_sim *s, unsigned int domid);
/* the hook: ctx is the hv_sim */
int hv_sim_ioctl(void *ctx, unsigned long request, void *arg);
#endif
