/* virt_hv.h - hypervisor backend: privcmd hypercalls, sysctl/domctl ABI, driver - virt 0.1 - MIT licence (see end of file)

   Do this:
      #define VIRT_IMPLEMENTATION
      #include "virt.h"
   in exactly ONE C or C++ file (never in a header); every other file just
   includes the header.

   Compile-time options: see virt.h ("Configuration"). This file is usable
   alone as a protocol library: include it without virt.h (then define
   VIRT_IMPLEMENTATION before including virt_hv.h in one file).

   CONFIGURATION (this header's own)
   ---------------------------------------------------------------------------
   macro                 default   effect
   VIRT_HV_BATCH         256       domain records one getdomaininfolist
                                   hypercall returns at most (the buffer is
                                   VIRT_HV_BATCH * 112 bytes of locked memory)

   WHAT IT DOES
   ---------------------------------------------------------------------------
   Talks to the Xen hypervisor through the Linux privcmd driver: opens
   /dev/xen/privcmd (else /proc/xen/privcmd) and issues
   IOCTL_PRIVCMD_HYPERCALL. Argument blocks live in pages mapped from
   /dev/xen/hypercall when that device exists (as libxencall does), else in
   mlock()ed anonymous memory, so the hypervisor never faults on them.
   Calls: XENVER_version/extraversion/capabilities/pagesize; sysctl
   getdomaininfolist (batched), physinfo, cputopoinfo, numainfo, sched_id;
   domctl getdomaininfo, pausedomain, unpausedomain, destroydomain,
   max_mem, max_vcpus, getvcpuinfo, set/getvcpuaffinity (hard affinity),
   scheduler_op (credit/credit2 weight and cap). Needs root in dom0 (the
   devices are root-only).

   INTERFACE VERSIONS (x86 only: ARM's getdomaininfo has another size)
   ---------------------------------------------------------------------------
   Xen refuses a sysctl/domctl whose interface_version is not its own (EACCES)
   and the structures change between releases, so every layout is defined
   here, one per interface version, and virt_hv_open probes which one the
   running hypervisor accepts (first the one its XENVER_version suggests):
      Xen        sysctl  domctl  getdomaininfo    physinfo
      4.15       0x13    0x13    104 B (no gpaddr_bits)  104 B
      4.16       0x14    0x14    112 B            104 B
      4.17       0x15    0x15    112 B            112 B (arch_capabilities)
      4.18       0x15    0x16    112 B            112 B
      4.19-4.20  0x15    0x17    112 B            112 B
   Any other version fails to open with VIRT_E_UNSUPPORTED and a message
   naming the Xen version and the interface versions tried; a structure is
   never read with a layout the hypervisor did not accept.
   tests/hv/hv_abi.c checks these structures against Debian's libxen-dev.

   QUICK START (protocol library alone)
   ---------------------------------------------------------------------------
      virt_hv *hv;
      virt_status st;
      virt_hv_domain_info doms[16];
      int i, n;
      if (virt_hv_open(&hv, VIRT_HV_OPEN_READONLY, &st) != VIRT_OK) {
          fprintf(stderr, "%s\n", st.message);
          return 1;
      }
      n = virt_hv_list_domains(hv, 0, doms, 16, &st);
      for (i = 0; i < n; i++)
          printf("dom %u: %llu pages\n", doms[i].domid,
                 (unsigned long long)doms[i].tot_pages);
      virt_hv_close(hv);

   TESTING WITHOUT XEN
   ---------------------------------------------------------------------------
   virt_hv_open_hooked() opens a handle whose ioctl() is a function of yours
   (through virt.h: virt_connect_open_config with hv_ioctl set, for that
   connection alone). The hook belongs to the handle; there is no
   process-wide hook. With a hook set no device is opened: the hook
   receives the same privcmd request and argument a real driver would.
   tests/hv/hv_sim.c is a simulated hypervisor built on it.

   THREAD SAFETY, LIMITS
   ---------------------------------------------------------------------------
   A virt_hv handle has one argument buffer: use it from one thread at a
   time (the driver glue is serialised by the connection). A hypercall
   cannot be given a timeout: Xen splits long operations itself
   (continuations). Replies are checked: counts above what was asked, domain
   ids out of order or past DOMID_FIRST_RESERVED are VIRT_E_PROTO.
*/
/* >>prelude: identical in every header usable alone (virt_xml.h, virt_xs.h,
 * virt_hv.h, virt_remote.h; tests/compile/prelude_identical.sh checks
 * it); virt.h and virt_xend.h take it from virt_xml.h. */
#if defined(VIRT_IMPLEMENTATION) && !defined(_DEFAULT_SOURCE)
/* POSIX declarations (sockets, clocks, getcwd, ...) under -std=c99 too. */
#  define _DEFAULT_SOURCE 1
#  if defined(__GLIBC__) && !defined(__USE_POSIX199309)
/* A libc header came first under a strict -std, so glibc's <features.h>
 * chose ISO C only. It starts from a clean slate each time it is read:
 * read it again, and the libc headers not yet included declare POSIX.
 * Those already included stay ISO C: refuse the ones virt needs POSIX of. */
#    if defined(_TIME_H) || defined(_PTHREAD_H) || defined(_UNISTD_H) || \
        defined(_FCNTL_H) || defined(_NETDB_H) || defined(_SYS_STAT_H) || defined(_SYS_MMAN_H) || \
        defined(_SIGNAL_H)
#      error "virt: a POSIX header (<time.h>, <pthread.h>, <unistd.h>, ...) was included before virt under a strict -std: include virt first in the VIRT_IMPLEMENTATION file, or compile that file with -D_DEFAULT_SOURCE"
#    endif
#    undef _FEATURES_H
#    include <features.h>
#  endif
#endif
/* Two vendored virt headers of different releases in one file would share
 * the first one's prelude and common helpers silently: refused instead. */
#if defined(VIRT__PRELUDE_INCLUDED) && VIRT__PRELUDE_VERSION != 1000
#  error "virt: headers of two different virt releases meet in one file (this one is 0.1.0); vendor all of them from one release"
#endif
#ifndef VIRT__PRELUDE_INCLUDED
#define VIRT__PRELUDE_INCLUDED
#define VIRT__PRELUDE_VERSION 1000   /* = VIRT_VERSION_NUMBER of this copy */
#include <stddef.h>
#include <stdint.h>

#define VIRT_VERSION_MAJOR 0
#define VIRT_VERSION_MINOR 1
#define VIRT_VERSION_MICRO 0
#define VIRT_VERSION_STRING "0.1.0"
/* major * 1,000,000 + minor * 1,000 + micro, as libvirt counts versions */
#define VIRT_VERSION_NUMBER 1000

#ifndef VIRT_API
#  ifdef VIRT_STATIC
#    define VIRT_API static inline
#  else
#    define VIRT_API extern
#  endif
#endif

/* Allocation: all three together or none. */
#if defined(VIRT_MALLOC) || defined(VIRT_REALLOC) || defined(VIRT_FREE)
#  if !defined(VIRT_MALLOC) || !defined(VIRT_REALLOC) || !defined(VIRT_FREE)
#    error "virt: define VIRT_MALLOC, VIRT_REALLOC and VIRT_FREE together, or none of them"
#  endif
#else
#  include <stdlib.h>
#  define VIRT_MALLOC(n) malloc(n)
#  define VIRT_REALLOC(p, n) realloc((p), (n))
#  define VIRT_FREE(p) free(p)
#endif
#ifndef VIRT_ASSERT
#  include <assert.h>
#  define VIRT_ASSERT(c) assert(c)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The one result code every layer returns inside virt (protocol code,
 * drivers); the public libvirt API converts it to a virError. */
typedef enum virt_result {
    VIRT_OK = 0,
    VIRT_E_NOMEM = -1,       /* allocation failed */
    VIRT_E_INVAL = -2,       /* bad argument or bad input value */
    VIRT_E_SYNTAX = -3,      /* malformed input (SXP, XML, HTTP, wire) */
    VIRT_E_LIMIT = -4,       /* input exceeds a configured hard limit */
    VIRT_E_IO = -5,          /* a system call failed; sys_errno says why */
    VIRT_E_TIMEOUT = -6,     /* the peer did not answer in time */
    VIRT_E_CLOSED = -7,      /* the peer closed the connection */
    VIRT_E_PROTO = -8,       /* the peer broke the protocol */
    VIRT_E_REMOTE = -9,      /* the peer reported an error (message has it) */
    VIRT_E_NOENT = -10,      /* no such object */
    VIRT_E_PERM = -11,       /* permission denied */
    VIRT_E_UNSUPPORTED = -12,/* not supported by this peer or build */
    VIRT_E_AGAIN = -13,      /* transient conflict; retry */
    VIRT_E_EXISTS = -14      /* object already exists */
} virt_result;

/* What went wrong, filled by the function that failed. */
typedef struct virt_status {
    virt_result code;
    int sys_errno;           /* errno (or the peer's errno) when relevant, else 0 */
    char message[256];       /* names the offending value; NUL-terminated */
} virt_status;

#ifdef __cplusplus
}
#endif
#endif /* VIRT__PRELUDE_INCLUDED */
/* >>prelude end */

#ifndef VIRT_HV_H
#define VIRT_HV_H
#ifdef __cplusplus
extern "C" {
#endif

#ifndef VIRT_HV_BATCH
#define VIRT_HV_BATCH 256
#endif
#if VIRT_HV_BATCH < 1 || VIRT_HV_BATCH > 32768
#  error "virt: VIRT_HV_BATCH must be 1..32768 (domain records per hypercall)"
#endif

/* >>abi: the hypervisor's structures, one layout per interface version.
 * Field names follow Xen's public headers (xen/include/public/domctl.h,
 * sysctl.h, version.h; Linux include/uapi/xen/privcmd.h). Every 64-bit
 * field sits at a multiple of 8 with explicit padding, so 32-bit x86 builds
 * (where uint64_t aligns to 4) get the same layout as Xen's
 * uint64_aligned_t. Checked by tests/hv/hv_abi.c. Since: 0.1 */

/* privcmd's ioctl argument; the request number is
 * _IOC(_IOC_NONE, 'P', 0, sizeof(virt_hv_privcmd_hypercall)). */
typedef struct virt_hv_privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
} virt_hv_privcmd_hypercall;
#define VIRT_HV_IOCTL_PRIVCMD_HYPERCALL 0x00305000UL

/* hypercall numbers (public/xen.h) */
#define VIRT_HV_HYPERVISOR_xen_version 17
#define VIRT_HV_HYPERVISOR_sysctl 35
#define VIRT_HV_HYPERVISOR_domctl 36
/* xen_version commands (public/version.h) */
#define VIRT_HV_XENVER_version 0
#define VIRT_HV_XENVER_extraversion 1
#define VIRT_HV_XENVER_capabilities 3
#define VIRT_HV_XENVER_pagesize 7
#define VIRT_HV_XEN_EXTRAVERSION_LEN 16
#define VIRT_HV_XEN_CAPABILITIES_INFO_LEN 1024
/* sysctl and domctl commands: unchanged since Xen 3.0.4's split of dom0_op */
#define VIRT_HV_SYSCTL_physinfo 3
#define VIRT_HV_SYSCTL_getdomaininfolist 6
#define VIRT_HV_DOMCTL_destroydomain 2
#define VIRT_HV_DOMCTL_pausedomain 3
#define VIRT_HV_DOMCTL_unpausedomain 4
#define VIRT_HV_DOMCTL_getdomaininfo 5
#define VIRT_HV_DOMCTL_max_mem 11
#define VIRT_HV_DOMCTL_getvcpuinfo 14
#define VIRT_HV_DOMCTL_max_vcpus 15
#define VIRT_HV_DOMCTL_setvcpuaffinity 9
#define VIRT_HV_DOMCTL_scheduler_op 16
#define VIRT_HV_DOMCTL_getvcpuaffinity 25
#define VIRT_HV_SYSCTL_sched_id 4
#define VIRT_HV_SYSCTL_getcpuinfo 8
#define VIRT_HV_SYSCTL_cputopoinfo 16
#define VIRT_HV_SYSCTL_numainfo 17
/* vcpuaffinity flags; scheduler ids and scheduler_op commands (domctl.h) */
#define VIRT_HV_VCPUAFFINITY_HARD (1u << 0)
#define VIRT_HV_VCPUAFFINITY_SOFT (1u << 1)
#define VIRT_HV_SCHEDULER_CREDIT 5
#define VIRT_HV_SCHEDULER_CREDIT2 6
#define VIRT_HV_SCHEDULER_ARINC653 7
#define VIRT_HV_SCHEDULER_RTDS 8
#define VIRT_HV_SCHEDULER_NULL 9
#define VIRT_HV_SCHEDOP_putinfo 0
#define VIRT_HV_SCHEDOP_getinfo 1
/* cputopoinfo's "no such CPU" ids; numainfo's "no such node" size, which
 * Xen stores from the 32-bit ~0U into the 64-bit field (sysctl.h) */
#define VIRT_HV_INVALID_ID 0xFFFFFFFFu
#define VIRT_HV_INVALID_MEM_SZ 0xFFFFFFFFull
/* ids at and above this are special (DOMID_SELF, DOMID_IO, ...) */
#define VIRT_HV_DOMID_FIRST_RESERVED 0x7FF0u

/* getdomaininfo flags (bit positions unchanged since Xen 3.0) */
#define VIRT_HV_DOMINF_dying     (1u << 0)
#define VIRT_HV_DOMINF_hvm_guest (1u << 1)
#define VIRT_HV_DOMINF_shutdown  (1u << 2)
#define VIRT_HV_DOMINF_paused    (1u << 3)
#define VIRT_HV_DOMINF_blocked   (1u << 4)
#define VIRT_HV_DOMINF_running   (1u << 5)
#define VIRT_HV_DOMINF_debugged  (1u << 6)
#define VIRT_HV_DOMINF_xs_domain (1u << 7)
#define VIRT_HV_DOMINF_hap       (1u << 8)
#define VIRT_HV_DOMINF_shutdownshift 16
#define VIRT_HV_DOMINF_shutdownmask 255u
/* shutdown codes (public/sched.h) */
#define VIRT_HV_SHUTDOWN_poweroff 0
#define VIRT_HV_SHUTDOWN_reboot 1
#define VIRT_HV_SHUTDOWN_suspend 2
#define VIRT_HV_SHUTDOWN_crash 3

/* struct xen_sysctl: cmd, interface_version, then the union at offset 8 */
typedef struct virt_hv_sysctl_head {
    uint32_t cmd;
    uint32_t interface_version;
} virt_hv_sysctl_head;
#define VIRT_HV_SYSCTL_UNION_OFFSET 8

/* struct xen_domctl since Xen 4.15: the union at offset 16 */
typedef struct virt_hv_domctl_head {
    uint32_t cmd;
    uint32_t interface_version;
    uint16_t domain;
    uint16_t pad[3];
} virt_hv_domctl_head;
#define VIRT_HV_DOMCTL_UNION_OFFSET 16

/* sysctl getdomaininfolist (all supported versions) */
typedef struct virt_hv_getdomaininfolist {
    uint16_t first_domain;        /* in */
    uint16_t pad0;
    uint32_t max_domains;         /* in */
    uint64_t buffer;              /* in: guest handle of the record array */
    uint32_t num_domains;         /* out */
    uint32_t pad1;
} virt_hv_getdomaininfolist;

/* domctl getdomaininfo of Xen 4.15 (domctl/sysctl 0x13): 104 bytes */
typedef struct virt_hv_xen415_getdomaininfo {
    uint16_t domain;
    uint16_t pad1;
    uint32_t flags;
    uint64_t tot_pages;
    uint64_t max_pages;
    uint64_t outstanding_pages;
    uint64_t shr_pages;
    uint64_t paged_pages;
    uint64_t shared_info_frame;
    uint64_t cpu_time;
    uint32_t nr_online_vcpus;
    uint32_t max_vcpu_id;
    uint32_t ssidref;
    uint8_t handle[16];
    uint32_t cpupool;
    uint32_t arch_emulation_flags; /* x86 struct xen_arch_domainconfig */
    uint32_t arch_misc_flags;
} virt_hv_xen415_getdomaininfo;

/* domctl getdomaininfo of Xen 4.16 to 4.20 (0x14..0x17): gpaddr_bits and 7
 * pad bytes were added before arch_config: 112 bytes */
typedef struct virt_hv_xen416_getdomaininfo {
    uint16_t domain;
    uint16_t pad1;
    uint32_t flags;
    uint64_t tot_pages;
    uint64_t max_pages;
    uint64_t outstanding_pages;
    uint64_t shr_pages;
    uint64_t paged_pages;
    uint64_t shared_info_frame;
    uint64_t cpu_time;
    uint32_t nr_online_vcpus;
    uint32_t max_vcpu_id;
    uint32_t ssidref;
    uint8_t handle[16];
    uint32_t cpupool;
    uint8_t gpaddr_bits;
    uint8_t pad2[7];
    uint32_t arch_emulation_flags;
    uint32_t arch_misc_flags;
} virt_hv_xen416_getdomaininfo;

/* sysctl physinfo of Xen 4.13 to 4.16 (sysctl 0x13, 0x14): 104 bytes */
typedef struct virt_hv_xen415_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus;
    uint32_t max_cpu_id;
    uint32_t nr_nodes;
    uint32_t max_node_id;
    uint32_t cpu_khz;
    uint32_t capabilities;
    uint64_t total_pages;
    uint64_t free_pages;
    uint64_t scrub_pages;
    uint64_t outstanding_pages;
    uint64_t max_mfn;
    uint32_t hw_cap[8];
} virt_hv_xen415_physinfo;

/* sysctl physinfo of Xen 4.17 to 4.20 (sysctl 0x15): arch_capabilities and
 * a pad word moved the 64-bit counters by 8: 112 bytes */
typedef struct virt_hv_xen417_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus;
    uint32_t max_cpu_id;
    uint32_t nr_nodes;
    uint32_t max_node_id;
    uint32_t cpu_khz;
    uint32_t capabilities;
    uint32_t arch_capabilities;
    uint32_t pad;
    uint64_t total_pages;
    uint64_t free_pages;
    uint64_t scrub_pages;
    uint64_t outstanding_pages;
    uint64_t max_mfn;
    uint32_t hw_cap[8];
} virt_hv_xen417_physinfo;

/* domctl getvcpuinfo, max_mem, max_vcpus (all supported versions) */
typedef struct virt_hv_getvcpuinfo {
    uint32_t vcpu;                /* in */
    uint8_t online, blocked, running, pad;
    uint64_t cpu_time;            /* ns */
    uint32_t cpu;
    uint32_t pad2;
} virt_hv_getvcpuinfo;
/* struct xenctl_bitmap (public/xen.h): a guest handle to the bytes and the
 * number of bits; domctl set/getvcpuaffinity carries a hard and a soft one
 * (public/domctl.h; the same layout in 4.15 .. 4.20) */
typedef struct virt_hv_xenctl_bitmap {
    uint64_t bitmap;              /* guest handle (address) */
    uint32_t nr_bits;
    uint32_t pad;
} virt_hv_xenctl_bitmap;
typedef struct virt_hv_vcpuaffinity {
    uint32_t vcpu;
    uint32_t flags;               /* VIRT_HV_VCPUAFFINITY_* */
    virt_hv_xenctl_bitmap cpumap_hard;
    virt_hv_xenctl_bitmap cpumap_soft;
} virt_hv_vcpuaffinity;
/* domctl scheduler_op with the credit/credit2 member of its union (the
 * union is 16 bytes: its largest member holds a 64-bit handle) */
typedef struct virt_hv_scheduler_op {
    uint32_t sched_id;            /* VIRT_HV_SCHEDULER_* */
    uint32_t cmd;                 /* VIRT_HV_SCHEDOP_* */
    uint16_t weight;              /* u.credit.weight */
    uint16_t cap;                 /* u.credit.cap */
    uint8_t u_rest[12];
} virt_hv_scheduler_op;
/* sysctl sched_id, cputopoinfo, numainfo (sysctl.h; unchanged 4.15 .. 4.20) */
typedef struct virt_hv_sched_id_arg {
    uint32_t sched_id;
} virt_hv_sched_id_arg;
typedef struct virt_hv_cputopo {
    uint32_t core, socket, node;  /* VIRT_HV_INVALID_ID: not present */
} virt_hv_cputopo;
typedef struct virt_hv_cputopoinfo {
    uint32_t num_cpus;            /* in: entries; out: written (or wanted) */
    uint32_t pad;
    uint64_t cputopo;             /* guest handle of virt_hv_cputopo[] */
} virt_hv_cputopoinfo;
typedef struct virt_hv_meminfo {
    uint64_t memsize, memfree;    /* bytes */
} virt_hv_meminfo;
typedef struct virt_hv_numainfo {
    uint32_t num_nodes;
    uint32_t pad;
    uint64_t meminfo;             /* guest handle of virt_hv_meminfo[] */
    uint64_t distance;            /* guest handle of uint32_t[] (NULL: not asked) */
} virt_hv_numainfo;
/* sysctl getcpuinfo (sysctl.h; unchanged 3.0 .. 4.20): each CPU's idle
 * time in ns */
typedef struct virt_hv_getcpuinfo {
    uint32_t max_cpus;            /* in: entries */
    uint32_t pad;
    uint64_t info;                /* guest handle of uint64_t idletime[] */
    uint32_t nr_cpus;             /* out: written */
    uint32_t pad2;
} virt_hv_getcpuinfo;
typedef struct virt_hv_max_mem {
    uint64_t max_memkb;
} virt_hv_max_mem;
typedef struct virt_hv_max_vcpus {
    uint32_t max;
} virt_hv_max_vcpus;

/* >>hypercall API: plain structs of our own, the same for every version */

/* An open privcmd handle. Opaque. Since: 0.1 */
typedef struct virt_hv virt_hv;

/* What replaces ioctl(fd, request, arg) in a handle of
 * virt_hv_open_hooked: returns what ioctl would (>= 0, or -1 with errno
 * set). Since: 0.1 */
typedef int (*virt_hv_ioctl_fn)(void *ctx, unsigned long request, void *arg);

/* Flags of virt_hv_open */
#define VIRT_HV_OPEN_READONLY 1u   /* refuse every state-changing hypercall */

/* Opens privcmd, sets up the argument buffers and probes the interface
 * version. VIRT_E_NOENT: no privcmd device (not a Xen host);
 * VIRT_E_PERM: not allowed (not root, or not a privileged domain);
 * VIRT_E_UNSUPPORTED: a Xen whose interface versions are not built in.
 * Since: 0.1 */
VIRT_API int virt_hv_open(virt_hv **out, unsigned int flags, virt_status *st);
/* The same with fn in place of ioctl() for this handle alone (NULL: the
 * real driver). Since: 0.1 */
VIRT_API int virt_hv_open_hooked(virt_hv **out, unsigned int flags, virt_hv_ioctl_fn fn, void *ctx,
                                 virt_status *st);
VIRT_API void virt_hv_close(virt_hv *hv);

/* What virt_hv_open found. Since: 0.1 */
typedef struct virt_hv_interface {
    unsigned int xen_major, xen_minor; /* XENVER_version */
    uint32_t sysctl_version;      /* the accepted interface versions */
    uint32_t domctl_version;
    unsigned long page_size;      /* XENVER_pagesize, bytes */
    int readonly;
} virt_hv_interface;
VIRT_API void virt_hv_get_interface(const virt_hv *hv, virt_hv_interface *out);

/* XENVER_version, _extraversion, _capabilities. Since: 0.1 */
typedef struct virt_hv_version {
    unsigned int major, minor;
    char extra[VIRT_HV_XEN_EXTRAVERSION_LEN + 1];         /* ".7" */
    char capabilities[VIRT_HV_XEN_CAPABILITIES_INFO_LEN + 1]; /* "xen-3.0-x86_64 ..." */
} virt_hv_version;
VIRT_API int virt_hv_get_version(virt_hv *hv, virt_hv_version *out, virt_status *st);
/* major * 1,000,000 + minor * 1,000 + the number in extra (".7" -> 7) */
VIRT_API unsigned long virt_hv_version_number(const virt_hv_version *v);

/* One domain as the hypervisor reports it. Since: 0.1 */
typedef struct virt_hv_domain_info {
    uint16_t domid;
    uint32_t flags;               /* VIRT_HV_DOMINF_*, shutdown code in 16..23 */
    uint64_t tot_pages;           /* pages in use */
    uint64_t max_pages;
    uint64_t cpu_time;            /* ns */
    uint32_t online_vcpus;
    uint32_t max_vcpu_id;
    unsigned char handle[16];     /* the domain handle: its UUID */
} virt_hv_domain_info;

/* One getdomaininfolist hypercall: the domains with id >= first, in id
 * order, at most min(max, VIRT_HV_BATCH). Returns the count or a negative
 * virt_result. Since: 0.1 */
VIRT_API int virt_hv_list_domains(virt_hv *hv, unsigned int first, virt_hv_domain_info *out,
                                  int max, virt_status *st);
/* domctl getdomaininfo; VIRT_E_NOENT when domid does not exist. */
VIRT_API int virt_hv_domain_info_get(virt_hv *hv, unsigned int domid, virt_hv_domain_info *out,
                                     virt_status *st);
/* State changes: VIRT_E_PERM without a call on a read-only handle. */
VIRT_API int virt_hv_pause(virt_hv *hv, unsigned int domid, virt_status *st);
VIRT_API int virt_hv_unpause(virt_hv *hv, unsigned int domid, virt_status *st);
VIRT_API int virt_hv_destroy(virt_hv *hv, unsigned int domid, virt_status *st);
VIRT_API int virt_hv_set_max_mem(virt_hv *hv, unsigned int domid, uint64_t kib, virt_status *st);
/* Since Xen 4.12 the vCPU count is fixed when the domain is built
 * (createdomain's max_vcpus): Xen accepts only that same number
 * (VIRT_E_INVAL otherwise; xen/common/domctl.c). */
VIRT_API int virt_hv_set_max_vcpus(virt_hv *hv, unsigned int domid, unsigned int max,
                                   virt_status *st);

/* domctl getvcpuinfo. Since: 0.1 */
typedef struct virt_hv_vcpu_info {
    unsigned int vcpu;
    int online, blocked, running;
    uint64_t cpu_time;            /* ns */
    unsigned int cpu;             /* physical CPU it runs on */
} virt_hv_vcpu_info;
VIRT_API int virt_hv_vcpu_info_get(virt_hv *hv, unsigned int domid, unsigned int vcpu,
                                   virt_hv_vcpu_info *out, virt_status *st);

/* sysctl physinfo. Since: 0.1 (max_cpu_id, max_node_id, capabilities: 0.2) */
typedef struct virt_hv_physinfo {
    unsigned int threads_per_core, cores_per_socket, nr_cpus, nr_nodes;
    unsigned int cpu_khz;
    uint64_t total_pages, free_pages;
    unsigned int max_cpu_id, max_node_id;
    uint32_t capabilities;        /* XEN_SYSCTL_PHYSCAP_* (bit 0 hvm, bit 1 pv) */
} virt_hv_physinfo;
VIRT_API int virt_hv_physinfo_get(virt_hv *hv, virt_hv_physinfo *out, virt_status *st);

/* domctl getvcpuaffinity / setvcpuaffinity of the hard affinity: map is
 * len bytes, bit i of byte i/8 = physical CPU i (libvirt's cpumap order).
 * Xen clears the bits past its own CPUs on get; a set is refused (PERM)
 * on a read-only handle. len is at most virt_hv_map_capacity(hv).
 * Since: 0.2 */
VIRT_API int virt_hv_vcpu_affinity_get(virt_hv *hv, unsigned int domid, unsigned int vcpu,
                                       unsigned char *map, size_t len, virt_status *st);
VIRT_API int virt_hv_vcpu_affinity_set(virt_hv *hv, unsigned int domid, unsigned int vcpu,
                                       const unsigned char *map, size_t len, virt_status *st);
/* The largest bitmap / table (bytes) one hypercall can carry here. */
VIRT_API size_t virt_hv_map_capacity(const virt_hv *hv);
/* sysctl cputopoinfo: one entry per CPU id up to the highest present one
 * (an absent or offline CPU has core VIRT_HV_INVALID_ID). Returns the
 * count (VIRT_E_LIMIT when the host has more than max). Since: 0.2 */
VIRT_API int virt_hv_cpu_topology(virt_hv *hv, virt_hv_cputopo *out, int max, virt_status *st);
/* sysctl numainfo, memory only: one entry per node id up to the highest
 * online one (an offline node has memsize VIRT_HV_INVALID_MEM_SZ).
 * Returns the count. Since: 0.2 */
VIRT_API int virt_hv_numa_meminfo(virt_hv *hv, virt_hv_meminfo *out, int max, virt_status *st);
/* sysctl numainfo's distance table: out[i * n + j] the distance from node
 * i to node j, n (returned) the node ids up to the highest online one; a
 * pair with an offline node has ~0 (XEN_INVALID_NODE_DIST). out has room
 * for max * max. Since: 0.3 */
VIRT_API int virt_hv_numa_distances(virt_hv *hv, uint32_t *out, int max, virt_status *st);
/* sysctl getcpuinfo: the idle time (ns) of CPUs 0.. (an offline CPU's is
 * 0: Xen has no idle vCPU for it). Returns the count, min(max, the
 * hypervisor's CPU ids). Since: 0.3 */
VIRT_API int virt_hv_cpu_idle(virt_hv *hv, uint64_t *out, int max, virt_status *st);
/* sysctl sched_id: the scheduler of cpupool 0 (VIRT_HV_SCHEDULER_*). */
VIRT_API int virt_hv_sched_id(virt_hv *hv, unsigned int *sched_id, virt_status *st);
/* domctl scheduler_op of the credit scheduler (credit2 has the same two
 * fields): getinfo, and putinfo (refused on a read-only handle). Xen
 * answers EINVAL when sched_id is not the domain's cpupool's. Since: 0.2 */
VIRT_API int virt_hv_sched_credit_get(virt_hv *hv, unsigned int domid, unsigned int sched_id,
                                      unsigned int *weight, unsigned int *cap, virt_status *st);
VIRT_API int virt_hv_sched_credit_set(virt_hv *hv, unsigned int domid, unsigned int sched_id,
                                      unsigned int weight, unsigned int cap, virt_status *st);

#ifdef __cplusplus
}
#endif
#endif /* VIRT_HV_H */

#if defined(VIRT_IMPLEMENTATION) && !defined(VIRT_HV_IMPLEMENTATION_INCLUDED)
#define VIRT_HV_IMPLEMENTATION_INCLUDED
/* >>common: private helpers shared by the implementations, in pieces; a
 * header carries the pieces it uses, each byte-identical wherever it
 * stands and once-guarded by its version macro, so two headers of one
 * release share one copy and two releases are refused
 * (tests/compile/prelude_identical.sh). virt.h and virt_xend.h carry none:
 * they include virt_xml.h, which carries all. static inline, so each
 * translation unit has its own copy and unused ones cost nothing. */
/* >>common status: the includes, attribute macros and virt_status setters */
#if defined(VIRT__COMMON_STATUS_VERSION) && VIRT__COMMON_STATUS_VERSION != 1000
#  error "virt: headers of two different virt releases meet in one file (this one is 0.1.0); vendor all of them from one release"
#endif
#ifndef VIRT__COMMON_STATUS_VERSION
#define VIRT__COMMON_STATUS_VERSION 1000   /* = VIRT_VERSION_NUMBER of this copy */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

#if defined(__GNUC__) || defined(__clang__)
#  define VIRT__PRINTF(f, a) __attribute__((format(printf, f, a)))
#  define VIRT__PRIVATE static __attribute__((unused))
#else
#  define VIRT__PRINTF(f, a)
#  define VIRT__PRIVATE static
#endif
/* Code on no measured hot path (set-up, node files, save/restore, HTTP,
 * error reporting, the xenstore API wrappers) is compiled for size by GCC:
 * about 16 KB less text with every backend at -O2 and no bench slower
 * (issue 15 item 13). push/pop leaves the includer's options as they were. */
#if defined(__GNUC__) && !defined(__clang__) && !defined(__INTEL_COMPILER)
#  define VIRT__FOR_SIZE_BEGIN _Pragma("GCC push_options") _Pragma("GCC optimize(\"Os\")")
#  define VIRT__FOR_SIZE_END _Pragma("GCC pop_options")
#else
#  define VIRT__FOR_SIZE_BEGIN
#  define VIRT__FOR_SIZE_END
#endif

/* src into dst[0..cap), control characters written as \n, \r, \t or
 * \xNN (cut at a whole character). Messages carry text from peers (xend's
 * error bodies, xenstore replies, names) and end on terminals: an ESC or a
 * newline from a server must not reach them raw (issue 15 item 10). */
static inline void virt__escape_controls(char *dst, size_t cap, const char *src)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    if (cap == 0) return;
    for (; *src; src++) {
        unsigned char c = (unsigned char)*src;
        char e[4];
        size_t n = 2;
        e[0] = '\\';
        if (c >= 0x20 && c != 0x7f) { e[0] = (char)c; n = 1; }
        else if (c == '\n') e[1] = 'n';
        else if (c == '\r') e[1] = 'r';
        else if (c == '\t') e[1] = 't';
        else { e[1] = 'x'; e[2] = hex[c >> 4]; e[3] = hex[c & 15]; n = 4; }
        if (o + n >= cap) break;
        memcpy(dst + o, e, n);
        o += n;
    }
    dst[o] = '\0';
}

static inline int virt__status_set(virt_status *st, virt_result code, int sys_errno,
                                   const char *fmt, ...) VIRT__PRINTF(4, 5);
/* Fills *st (when st is not NULL) and returns code, so callers can
 * `return virt__status_set(st, VIRT_E_INVAL, 0, "...")`. Control
 * characters in the message are escaped (virt__escape_controls). */
static inline int virt__status_set(virt_status *st, virt_result code, int sys_errno,
                                   const char *fmt, ...)
{
    if (st) {
        char raw[sizeof st->message];
        va_list ap;
        st->code = code;
        st->sys_errno = sys_errno;
        va_start(ap, fmt);
        vsnprintf(raw, sizeof raw, fmt, ap);
        va_end(ap);
        virt__escape_controls(st->message, sizeof st->message, raw);
    }
    return (int)code;
}

static inline void virt__status_clear(virt_status *st)
{
    if (st) { st->code = VIRT_OK; st->sys_errno = 0; st->message[0] = '\0'; }
}
#endif
/* >>common status end */

/* >>hypercall: the protocol implementation (usable without virt.h) */
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

/* Which interface versions are built in, newest first. The layout numbers
 * name the first Xen release of a structure (virt_hv_xen415_... etc.). */
typedef struct virt__hv_known {
    uint32_t version;
    unsigned int major, minor;    /* the release that introduced it */
    int info_layout;              /* 415 or 416: getdomaininfo */
    int physinfo_layout;          /* 415 or 417: physinfo (sysctl only) */
} virt__hv_known;

/* xen/include/public/sysctl.h and domctl.h at RELEASE-4.15.0 .. 4.20.0 */
static const virt__hv_known virt__hv_sysctl_known[] = {
    {0x15, 4, 17, 416, 417},
    {0x14, 4, 16, 416, 415},
    {0x13, 4, 15, 415, 415},
};
static const virt__hv_known virt__hv_domctl_known[] = {
    {0x17, 4, 19, 416, 0},
    {0x16, 4, 18, 416, 0},
    {0x15, 4, 17, 416, 0},
    {0x14, 4, 16, 416, 0},
    {0x13, 4, 15, 415, 0},
};
#define VIRT__HV_NKNOWN(a) (sizeof(a) / sizeof((a)[0]))

/* The op page holds the sysctl/domctl block and the XENVER strings; the
 * list area after it the getdomaininfolist records. */
#define VIRT__HV_OP_BYTES 4096u

struct virt_hv {
    int fd;                       /* privcmd; -1 with a hook */
    virt_hv_ioctl_fn hook;
    void *hook_ctx;
    unsigned char *buf;           /* hypercall-safe: op page + list area */
    size_t buf_len;
    int readonly;
    unsigned int major, minor;
    unsigned long page_size;
    const virt__hv_known *sysctl;
    const virt__hv_known *domctl;
};

VIRT__PRIVATE size_t virt__hv_info_size(int layout)
{
    return layout == 415 ? sizeof(virt_hv_xen415_getdomaininfo)
                         : sizeof(virt_hv_xen416_getdomaininfo);
}

/* Locked memory for the argument blocks. /dev/xen/hypercall pages are what
 * libxencall uses: the kernel keeps them resident for Xen to read. The
 * mlock fallback can fail under RLIMIT_MEMLOCK; the pages are then still
 * valid, only possibly swappable, which the 2006-era libvirt accepted too. */
VIRT__PRIVATE unsigned char *virt__hv_alloc_buf(size_t len, int use_device)
{
    void *p = MAP_FAILED;
    if (use_device) {
        int hfd = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);
        if (hfd >= 0) {
            p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, hfd, 0);
            close(hfd);           /* the mapping outlives the descriptor */
        }
    }
    if (p == MAP_FAILED) {
        p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return NULL;
        (void)mlock(p, len);
    }
    memset(p, 0, len);
    return (unsigned char *)p;
}

/* One hypercall: >= 0 is Xen's return value, < 0 is -errno. EINTR (a
 * signal while the driver waited) is retried a bounded number of times. */
VIRT__PRIVATE long virt__hv_call(virt_hv *hv, uint64_t op, uint64_t a0, uint64_t a1)
{
    virt_hv_privcmd_hypercall h;
    int tries, r = -1;
    memset(&h, 0, sizeof h);
    h.op = op;
    h.arg[0] = a0;
    h.arg[1] = a1;
    for (tries = 0; tries < 4; tries++) {
        errno = 0;
        if (hv->hook) r = hv->hook(hv->hook_ctx, VIRT_HV_IOCTL_PRIVCMD_HYPERCALL, &h);
        else r = ioctl(hv->fd, VIRT_HV_IOCTL_PRIVCMD_HYPERCALL, &h);
        if (r >= 0) return r;
        if (errno != EINTR) break;
    }
    return errno ? -(long)errno : -(long)EIO;
}

VIRT__PRIVATE const char *virt__hv_errno_name(int e)
{
    switch (e) {
    case EPERM: return "EPERM";
    case ESRCH: return "ESRCH";
    case EACCES: return "EACCES";
    case EINVAL: return "EINVAL";
    case EFAULT: return "EFAULT";
    case ENOSYS: return "ENOSYS";
    case ENOMEM: return "ENOMEM";
    case EBUSY: return "EBUSY";
    default: return "errno";
    }
}

/* Maps a failed hypercall to a virt_result with a message naming the call. */
VIRT__PRIVATE int virt__hv_fail(virt_status *st, long rc, const char *what, long domid)
{
    int e = (int)-rc;
    virt_result code = VIRT_E_IO;
    const char *why = strerror(e);
    switch (e) {
    case ESRCH: code = VIRT_E_NOENT; why = "no such domain"; break;
    case EPERM: code = VIRT_E_PERM; why = "the hypervisor refused: this domain is not privileged"; break;
    case EACCES: code = VIRT_E_UNSUPPORTED; why = "interface version rejected"; break;
    case EINVAL: code = VIRT_E_INVAL; break;
    case ENOSYS: code = VIRT_E_UNSUPPORTED; break;
    case ENOMEM: code = VIRT_E_NOMEM; break;
    default: break;
    }
    if (domid >= 0)
        return virt__status_set(st, code, e, "%s of domain %ld: %s (%s %d)", what, domid, why,
                                virt__hv_errno_name(e), e);
    return virt__status_set(st, code, e, "%s: %s (%s %d)", what, why, virt__hv_errno_name(e), e);
}

/* sysctl/domctl blocks start cleared, so no stale field reaches Xen */
VIRT__PRIVATE unsigned char *virt__hv_sysctl_prep(virt_hv *hv, uint32_t cmd, uint32_t version)
{
    virt_hv_sysctl_head head;
    memset(hv->buf, 0, VIRT__HV_OP_BYTES);
    head.cmd = cmd;
    head.interface_version = version;
    memcpy(hv->buf, &head, sizeof head);
    return hv->buf + VIRT_HV_SYSCTL_UNION_OFFSET;
}
VIRT__PRIVATE unsigned char *virt__hv_domctl_prep(virt_hv *hv, uint32_t cmd, uint32_t version,
                                                  unsigned int domid)
{
    virt_hv_domctl_head head;
    memset(hv->buf, 0, VIRT__HV_OP_BYTES);
    memset(&head, 0, sizeof head);
    head.cmd = cmd;
    head.interface_version = version;
    head.domain = (uint16_t)domid;
    memcpy(hv->buf, &head, sizeof head);
    return hv->buf + VIRT_HV_DOMCTL_UNION_OFFSET;
}

VIRT__PRIVATE long virt__hv_sysctl_call(virt_hv *hv)
{
    return virt__hv_call(hv, VIRT_HV_HYPERVISOR_sysctl, (uint64_t)(uintptr_t)hv->buf, 0);
}
VIRT__PRIVATE long virt__hv_domctl_call(virt_hv *hv)
{
    return virt__hv_call(hv, VIRT_HV_HYPERVISOR_domctl, (uint64_t)(uintptr_t)hv->buf, 0);
}

VIRT__PRIVATE void virt__hv_info_from_record(const unsigned char *rec, int layout,
                                             virt_hv_domain_info *o)
{
    memset(o, 0, sizeof *o);
#define VIRT__HV_COPY(r)                                                       \
    do {                                                                       \
        o->domid = (r).domain; o->flags = (r).flags;                           \
        o->tot_pages = (r).tot_pages; o->max_pages = (r).max_pages;            \
        o->cpu_time = (r).cpu_time; o->online_vcpus = (r).nr_online_vcpus;     \
        o->max_vcpu_id = (r).max_vcpu_id;                                      \
        memcpy(o->handle, (r).handle, sizeof o->handle);                       \
    } while (0)
    if (layout == 415) {
        virt_hv_xen415_getdomaininfo r;
        memcpy(&r, rec, sizeof r);
        VIRT__HV_COPY(r);
    } else {
        virt_hv_xen416_getdomaininfo r;
        memcpy(&r, rec, sizeof r);
        VIRT__HV_COPY(r);
    }
#undef VIRT__HV_COPY
}

/* getdomaininfolist with an explicit sysctl layout (used by the probe). */
VIRT__PRIVATE long virt__hv_list_raw(virt_hv *hv, const virt__hv_known *k, unsigned int first,
                                     uint32_t max)
{
    virt_hv_getdomaininfolist l;
    unsigned char *u = virt__hv_sysctl_prep(hv, VIRT_HV_SYSCTL_getdomaininfolist, k->version);
    memset(&l, 0, sizeof l);
    l.first_domain = (uint16_t)first;
    l.max_domains = max;
    l.buffer = (uint64_t)(uintptr_t)(hv->buf + VIRT__HV_OP_BYTES);
    memcpy(u, &l, sizeof l);
    memset(hv->buf + VIRT__HV_OP_BYTES, 0, (size_t)max * virt__hv_info_size(k->info_layout));
    return virt__hv_sysctl_call(hv);
}

VIRT__PRIVATE void virt__hv_order(const virt__hv_known *table, size_t n, unsigned int major,
                                  unsigned int minor, const virt__hv_known **order)
{
    size_t i, used = 0;
    /* the version that XENVER_version suggests first: one probe call on a
     * known Xen; the rest newest first, as libvirt 0.4 walked its ladder */
    for (i = 0; i < n; i++)
        if (table[i].major == major && table[i].minor == minor) order[used++] = &table[i];
    for (i = 0; i < n; i++)
        if (!(table[i].major == major && table[i].minor == minor)) order[used++] = &table[i];
}

VIRT__PRIVATE void virt__hv_tried(char *out, size_t len, const virt__hv_known *table, size_t n)
{
    size_t i, used = 0;
    out[0] = '\0';
    for (i = 0; i < n && used < len; i++) {
        int w = snprintf(out + used, len - used, "%s0x%x", i ? ", " : "", (unsigned)table[i].version);
        if (w < 0) break;
        used += (size_t)w;
    }
}

/* Finds the sysctl interface version Xen accepts: a getdomaininfolist of
 * one record; EACCES means "not my version" (xen/common/sysctl.c checks the
 * version before anything else), any other error is final. */
VIRT__PRIVATE int virt__hv_probe_sysctl(virt_hv *hv, virt_status *st)
{
    const virt__hv_known *order[VIRT__HV_NKNOWN(virt__hv_sysctl_known)];
    char tried[128];
    size_t i, n = VIRT__HV_NKNOWN(virt__hv_sysctl_known);
    virt__hv_order(virt__hv_sysctl_known, n, hv->major, hv->minor, order);
    for (i = 0; i < n; i++) {
        long rc = virt__hv_list_raw(hv, order[i], 0, 1);
        if (rc == -EACCES) continue;
        if (rc < 0) return virt__hv_fail(st, rc, "sysctl getdomaininfolist (version probe)", -1);
        hv->sysctl = order[i];
        return VIRT_OK;
    }
    virt__hv_tried(tried, sizeof tried, virt__hv_sysctl_known, n);
    return virt__status_set(st, VIRT_E_UNSUPPORTED, EACCES,
                            "Xen %u.%u: its sysctl interface version is not supported "
                            "(tried %s; virt_hv.h knows Xen 4.15 to 4.20)", hv->major, hv->minor, tried);
}

/* The same for domctl, with getdomaininfo of domain 0. */
VIRT__PRIVATE int virt__hv_probe_domctl(virt_hv *hv, virt_status *st)
{
    const virt__hv_known *order[VIRT__HV_NKNOWN(virt__hv_domctl_known)];
    char tried[128];
    size_t i, n = VIRT__HV_NKNOWN(virt__hv_domctl_known);
    virt__hv_order(virt__hv_domctl_known, n, hv->major, hv->minor, order);
    for (i = 0; i < n; i++) {
        long rc;
        (void)virt__hv_domctl_prep(hv, VIRT_HV_DOMCTL_getdomaininfo, order[i]->version, 0);
        rc = virt__hv_domctl_call(hv);
        if (rc == -EACCES) continue;
        if (rc < 0) return virt__hv_fail(st, rc, "domctl getdomaininfo (version probe)", -1);
        hv->domctl = order[i];
        return VIRT_OK;
    }
    virt__hv_tried(tried, sizeof tried, virt__hv_domctl_known, n);
    return virt__status_set(st, VIRT_E_UNSUPPORTED, EACCES,
                            "Xen %u.%u: its domctl interface version is not supported "
                            "(tried %s; virt_hv.h knows Xen 4.15 to 4.20)", hv->major, hv->minor, tried);
}

VIRT__PRIVATE int virt__hv_open_device(virt_hv *hv, virt_status *st)
{
    /* /dev/xen/privcmd on current kernels; /proc/xen/privcmd (xenfs) on
     * the older ones, the order libxencall uses */
    int e1, e2;
    hv->fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    if (hv->fd >= 0) return VIRT_OK;
    e1 = errno;
    hv->fd = open("/proc/xen/privcmd", O_RDWR | O_CLOEXEC);
    if (hv->fd >= 0) return VIRT_OK;
    e2 = errno;
    if (e1 == EACCES || e2 == EACCES || e1 == EPERM)
        return virt__status_set(st, VIRT_E_PERM, EACCES,
                                "cannot open /dev/xen/privcmd: %s (root is needed)", strerror(e1));
    return virt__status_set(st, VIRT_E_NOENT, e1,
                            "no Xen privcmd device: /dev/xen/privcmd: %s; /proc/xen/privcmd: %s",
                            strerror(e1), strerror(e2));
}

VIRT__PRIVATE int virt__hv_query_version(virt_hv *hv, virt_status *st)
{
    long v = virt__hv_call(hv, VIRT_HV_HYPERVISOR_xen_version, VIRT_HV_XENVER_version, 0);
    long ps;
    if (v < 0) return virt__hv_fail(st, v, "xen_version XENVER_version", -1);
    hv->major = (unsigned int)((unsigned long)v >> 16);
    hv->minor = (unsigned int)((unsigned long)v & 0xFFFFu);
    ps = virt__hv_call(hv, VIRT_HV_HYPERVISOR_xen_version, VIRT_HV_XENVER_pagesize, 0);
    /* Xen returns the page size as the result (public/version.h) */
    hv->page_size = (ps >= 1024 && ps <= (1L << 30) && (ps & (ps - 1)) == 0) ? (unsigned long)ps : 4096;
    return VIRT_OK;
}

VIRT_API void virt_hv_close(virt_hv *hv)
{
    if (!hv) return;
    if (hv->buf) munmap(hv->buf, hv->buf_len);
    if (hv->fd >= 0) close(hv->fd);
    VIRT_FREE(hv);
}

VIRT__PRIVATE int virt__hv_open_steps(virt_hv *hv, virt_status *st)
{
    int rc;
    long page = sysconf(_SC_PAGESIZE);
    size_t list = (size_t)VIRT_HV_BATCH * sizeof(virt_hv_xen416_getdomaininfo), pg;
    if (!hv->hook && (rc = virt__hv_open_device(hv, st)) != VIRT_OK) return rc;
    pg = page > 0 ? (size_t)page : 4096;
    hv->buf_len = VIRT__HV_OP_BYTES + ((list + pg - 1) / pg) * pg;
    hv->buf = virt__hv_alloc_buf(hv->buf_len, !hv->hook);
    if (!hv->buf)
        return virt__status_set(st, VIRT_E_NOMEM, errno, "cannot map %lu bytes for hypercall arguments",
                                (unsigned long)hv->buf_len);
    if ((rc = virt__hv_query_version(hv, st)) != VIRT_OK) return rc;
    if ((rc = virt__hv_probe_sysctl(hv, st)) != VIRT_OK) return rc;
    return virt__hv_probe_domctl(hv, st);
}

VIRT_API int virt_hv_open(virt_hv **out, unsigned int flags, virt_status *st)
{
    return virt_hv_open_hooked(out, flags, NULL, NULL, st);
}

VIRT_API int virt_hv_open_hooked(virt_hv **out, unsigned int flags, virt_hv_ioctl_fn fn, void *ctx,
                                 virt_status *st)
{
    virt_hv *hv;
    int rc;
    virt__status_clear(st);
    if (!out) return virt__status_set(st, VIRT_E_INVAL, 0, "virt_hv_open: out is NULL");
    *out = NULL;
#if !defined(__x86_64__) && !defined(__i386__)
    (void)flags; (void)hv; (void)rc; (void)fn; (void)ctx;
    return virt__status_set(st, VIRT_E_UNSUPPORTED, 0,
                            "virt_hv.h has the x86 getdomaininfo layouts only (this is not x86)");
#else
    hv = (virt_hv *)VIRT_MALLOC(sizeof *hv);
    if (!hv) return virt__status_set(st, VIRT_E_NOMEM, 0, "out of memory for the privcmd handle");
    memset(hv, 0, sizeof *hv);
    hv->fd = -1;
    hv->hook = fn;
    hv->hook_ctx = ctx;
    hv->readonly = (flags & VIRT_HV_OPEN_READONLY) != 0;
    rc = virt__hv_open_steps(hv, st);
    if (rc != VIRT_OK) { virt_hv_close(hv); return rc; }
    *out = hv;
    return VIRT_OK;
#endif
}

VIRT_API void virt_hv_get_interface(const virt_hv *hv, virt_hv_interface *out)
{
    memset(out, 0, sizeof *out);
    out->xen_major = hv->major;
    out->xen_minor = hv->minor;
    out->sysctl_version = hv->sysctl->version;
    out->domctl_version = hv->domctl->version;
    out->page_size = hv->page_size;
    out->readonly = hv->readonly;
}

/* XENVER string into out (len bytes, NUL added): the op page is the buffer */
VIRT__PRIVATE int virt__hv_xenver_string(virt_hv *hv, int cmd, size_t len, char *out, virt_status *st,
                                         const char *what)
{
    long rc;
    memset(hv->buf, 0, VIRT__HV_OP_BYTES);
    rc = virt__hv_call(hv, VIRT_HV_HYPERVISOR_xen_version, (uint64_t)cmd, (uint64_t)(uintptr_t)hv->buf);
    if (rc < 0) return virt__hv_fail(st, rc, what, -1);
    memcpy(out, hv->buf, len);
    out[len] = '\0';              /* Xen fills the array; it need not end in NUL */
    return VIRT_OK;
}

VIRT_API int virt_hv_get_version(virt_hv *hv, virt_hv_version *out, virt_status *st)
{
    int rc;
    long v;
    virt__status_clear(st);
    if (!hv || !out) return virt__status_set(st, VIRT_E_INVAL, 0, "virt_hv_get_version: NULL argument");
    memset(out, 0, sizeof *out);
    v = virt__hv_call(hv, VIRT_HV_HYPERVISOR_xen_version, VIRT_HV_XENVER_version, 0);
    if (v < 0) return virt__hv_fail(st, v, "xen_version XENVER_version", -1);
    out->major = (unsigned int)((unsigned long)v >> 16);
    out->minor = (unsigned int)((unsigned long)v & 0xFFFFu);
    rc = virt__hv_xenver_string(hv, VIRT_HV_XENVER_extraversion, VIRT_HV_XEN_EXTRAVERSION_LEN,
                                out->extra, st, "xen_version XENVER_extraversion");
    if (rc != VIRT_OK) return rc;
    return virt__hv_xenver_string(hv, VIRT_HV_XENVER_capabilities, VIRT_HV_XEN_CAPABILITIES_INFO_LEN,
                                  out->capabilities, st, "xen_version XENVER_capabilities");
}

VIRT_API unsigned long virt_hv_version_number(const virt_hv_version *v)
{
    unsigned long micro = 0;
    const char *p = v->extra;
    if (*p == '.') p++;
    /* ".7", ".7-rc", "-unstable": the leading digits, capped below 1000 */
    while (*p >= '0' && *p <= '9' && micro < 1000) micro = micro * 10 + (unsigned long)(*p++ - '0');
    if (micro > 999) micro = 999;
    return (unsigned long)v->major * 1000000ul + (unsigned long)v->minor * 1000ul + micro;
}

VIRT_API int virt_hv_list_domains(virt_hv *hv, unsigned int first, virt_hv_domain_info *out,
                                  int max, virt_status *st)
{
    virt_hv_getdomaininfolist l;
    uint32_t want, i;
    long rc;
    size_t rec = 0;
    unsigned int prev = first;
    virt__status_clear(st);
    if (!hv || (!out && max > 0) || max < 0)
        return virt__status_set(st, VIRT_E_INVAL, 0, "virt_hv_list_domains: bad arguments (max %d)", max);
    if (max == 0 || first >= VIRT_HV_DOMID_FIRST_RESERVED) return 0;
    want = (uint32_t)(max < VIRT_HV_BATCH ? max : VIRT_HV_BATCH);
    rc = virt__hv_list_raw(hv, hv->sysctl, first, want);
    if (rc < 0) return virt__hv_fail(st, rc, "sysctl getdomaininfolist", -1);
    memcpy(&l, hv->buf + VIRT_HV_SYSCTL_UNION_OFFSET, sizeof l);
    if (l.num_domains > want)
        return virt__status_set(st, VIRT_E_PROTO, 0,
                                "sysctl getdomaininfolist: %u records returned, %u asked",
                                (unsigned)l.num_domains, (unsigned)want);
    rec = virt__hv_info_size(hv->sysctl->info_layout);
    for (i = 0; i < l.num_domains; i++) {
        virt__hv_info_from_record(hv->buf + VIRT__HV_OP_BYTES + i * rec, hv->sysctl->info_layout, &out[i]);
        /* records come in increasing id order from `first` on */
        if (out[i].domid < prev || (i > 0 && out[i].domid == prev) ||
            out[i].domid >= VIRT_HV_DOMID_FIRST_RESERVED)
            return virt__status_set(st, VIRT_E_PROTO, 0,
                                    "sysctl getdomaininfolist: record %u has domain id %u after %u",
                                    (unsigned)i, (unsigned)out[i].domid, prev);
        prev = out[i].domid;
    }
    return (int)l.num_domains;
}

VIRT__PRIVATE int virt__hv_check_domid(unsigned int domid, virt_status *st, const char *what)
{
    if (domid >= VIRT_HV_DOMID_FIRST_RESERVED)
        return virt__status_set(st, VIRT_E_INVAL, 0, "%s: domain id %u is out of range (max %u)",
                                what, domid, VIRT_HV_DOMID_FIRST_RESERVED - 1);
    return VIRT_OK;
}

VIRT_API int virt_hv_domain_info_get(virt_hv *hv, unsigned int domid, virt_hv_domain_info *out,
                                     virt_status *st)
{
    long rc;
    unsigned char *u;
    virt__status_clear(st);
    if (!hv || !out) return virt__status_set(st, VIRT_E_INVAL, 0, "virt_hv_domain_info_get: NULL argument");
    if ((rc = virt__hv_check_domid(domid, st, "domctl getdomaininfo")) != VIRT_OK) return (int)rc;
    u = virt__hv_domctl_prep(hv, VIRT_HV_DOMCTL_getdomaininfo, hv->domctl->version, domid);
    rc = virt__hv_domctl_call(hv);
    if (rc < 0) return virt__hv_fail(st, rc, "domctl getdomaininfo", (long)domid);
    virt__hv_info_from_record(u, hv->domctl->info_layout, out);
    /* For an id that does not exist Xen answers with the next domain above
     * it (xen/common/domctl.c, XEN_DOMCTL_getdomaininfo): not ours. */
    if (out->domid != domid)
        return virt__status_set(st, VIRT_E_NOENT, ESRCH, "domctl getdomaininfo: no domain %u", domid);
    return VIRT_OK;
}

/* Shared body of the state-changing domctls: refuse on read-only handles
 * before anything reaches the hypervisor. */
VIRT__PRIVATE int virt__hv_domctl_change(virt_hv *hv, uint32_t cmd, unsigned int domid,
                                         const void *arg, size_t arg_len, const char *what,
                                         virt_status *st)
{
    long rc;
    unsigned char *u;
    virt__status_clear(st);
    if (!hv) return virt__status_set(st, VIRT_E_INVAL, 0, "%s: NULL handle", what);
    if (hv->readonly)
        return virt__status_set(st, VIRT_E_PERM, 0, "%s of domain %u: the handle is read-only", what, domid);
    if ((rc = virt__hv_check_domid(domid, st, what)) != VIRT_OK) return (int)rc;
    u = virt__hv_domctl_prep(hv, cmd, hv->domctl->version, domid);
    if (arg_len) memcpy(u, arg, arg_len);
    rc = virt__hv_domctl_call(hv);
    if (rc < 0) return virt__hv_fail(st, rc, what, (long)domid);
    return VIRT_OK;
}

VIRT_API int virt_hv_pause(virt_hv *hv, unsigned int domid, virt_status *st)
{
    return virt__hv_domctl_change(hv, VIRT_HV_DOMCTL_pausedomain, domid, NULL, 0, "domctl pausedomain", st);
}
VIRT_API int virt_hv_unpause(virt_hv *hv, unsigned int domid, virt_status *st)
{
    return virt__hv_domctl_change(hv, VIRT_HV_DOMCTL_unpausedomain, domid, NULL, 0, "domctl unpausedomain", st);
}
VIRT_API int virt_hv_destroy(virt_hv *hv, unsigned int domid, virt_status *st)
{
    return virt__hv_domctl_change(hv, VIRT_HV_DOMCTL_destroydomain, domid, NULL, 0, "domctl destroydomain", st);
}
VIRT_API int virt_hv_set_max_mem(virt_hv *hv, unsigned int domid, uint64_t kib, virt_status *st)
{
    virt_hv_max_mem m;
    m.max_memkb = kib;
    return virt__hv_domctl_change(hv, VIRT_HV_DOMCTL_max_mem, domid, &m, sizeof m, "domctl max_mem", st);
}
VIRT_API int virt_hv_set_max_vcpus(virt_hv *hv, unsigned int domid, unsigned int max, virt_status *st)
{
    virt_hv_max_vcpus m;
    m.max = max;
    return virt__hv_domctl_change(hv, VIRT_HV_DOMCTL_max_vcpus, domid, &m, sizeof m, "domctl max_vcpus", st);
}

VIRT_API int virt_hv_vcpu_info_get(virt_hv *hv, unsigned int domid, unsigned int vcpu,
                                   virt_hv_vcpu_info *out, virt_status *st)
{
    virt_hv_getvcpuinfo v;
    unsigned char *u;
    long rc;
    virt__status_clear(st);
    if (!hv || !out) return virt__status_set(st, VIRT_E_INVAL, 0, "virt_hv_vcpu_info_get: NULL argument");
    if ((rc = virt__hv_check_domid(domid, st, "domctl getvcpuinfo")) != VIRT_OK) return (int)rc;
    memset(&v, 0, sizeof v);
    v.vcpu = vcpu;
    u = virt__hv_domctl_prep(hv, VIRT_HV_DOMCTL_getvcpuinfo, hv->domctl->version, domid);
    memcpy(u, &v, sizeof v);
    rc = virt__hv_domctl_call(hv);
    if (rc < 0) return virt__hv_fail(st, rc, "domctl getvcpuinfo", (long)domid);
    memcpy(&v, u, sizeof v);
    memset(out, 0, sizeof *out);
    out->vcpu = vcpu;
    out->online = v.online != 0;
    out->blocked = v.blocked != 0;
    out->running = v.running != 0;
    out->cpu_time = v.cpu_time;
    out->cpu = v.cpu;
    return VIRT_OK;
}

VIRT_API int virt_hv_physinfo_get(virt_hv *hv, virt_hv_physinfo *out, virt_status *st)
{
    unsigned char *u;
    long rc;
    virt__status_clear(st);
    if (!hv || !out) return virt__status_set(st, VIRT_E_INVAL, 0, "virt_hv_physinfo_get: NULL argument");
    u = virt__hv_sysctl_prep(hv, VIRT_HV_SYSCTL_physinfo, hv->sysctl->version);
    rc = virt__hv_sysctl_call(hv);
    if (rc < 0) return virt__hv_fail(st, rc, "sysctl physinfo", -1);
    memset(out, 0, sizeof *out);
#define VIRT__HV_COPY(p)                                                       \
    do {                                                                       \
        out->threads_per_core = (p).threads_per_core;                          \
        out->cores_per_socket = (p).cores_per_socket;                          \
        out->nr_cpus = (p).nr_cpus; out->nr_nodes = (p).nr_nodes;              \
        out->cpu_khz = (p).cpu_khz;                                            \
        out->total_pages = (p).total_pages; out->free_pages = (p).free_pages;  \
        out->max_cpu_id = (p).max_cpu_id; out->max_node_id = (p).max_node_id;  \
        out->capabilities = (p).capabilities;                                  \
    } while (0)
    if (hv->sysctl->physinfo_layout == 415) {
        virt_hv_xen415_physinfo p;
        memcpy(&p, u, sizeof p);
        VIRT__HV_COPY(p);
    } else {
        virt_hv_xen417_physinfo p;
        memcpy(&p, u, sizeof p);
        VIRT__HV_COPY(p);
    }
#undef VIRT__HV_COPY
    return VIRT_OK;
}

/* The argument area past the op page: where the bitmaps and tables that
 * a sysctl/domctl points at live (hypercall-safe memory, as the op). */
VIRT_API size_t virt_hv_map_capacity(const virt_hv *hv)
{
    return hv ? hv->buf_len - VIRT__HV_OP_BYTES : 0;
}
VIRT__PRIVATE unsigned char *virt__hv_area(virt_hv *hv, size_t len)
{
    unsigned char *a = hv->buf + VIRT__HV_OP_BYTES;
    memset(a, 0, len);
    return a;
}

VIRT__PRIVATE int virt__hv_map_args(virt_hv *hv, const void *map, size_t len, const char *what,
                                    virt_status *st)
{
    if (!hv || !map || len == 0)
        return virt__status_set(st, VIRT_E_INVAL, 0, "%s: NULL or empty CPU map", what);
    if (len > virt_hv_map_capacity(hv) || len > 0x10000000u)
        return virt__status_set(st, VIRT_E_INVAL, 0, "%s: a CPU map of %lu bytes is larger than %lu",
                                what, (unsigned long)len, (unsigned long)virt_hv_map_capacity(hv));
    return VIRT_OK;
}

VIRT_API int virt_hv_vcpu_affinity_get(virt_hv *hv, unsigned int domid, unsigned int vcpu,
                                       unsigned char *map, size_t len, virt_status *st)
{
    virt_hv_vcpuaffinity a;
    unsigned char *u, *area;
    long rc;
    virt__status_clear(st);
    if ((rc = virt__hv_map_args(hv, map, len, "domctl getvcpuaffinity", st)) != VIRT_OK) return (int)rc;
    if ((rc = virt__hv_check_domid(domid, st, "domctl getvcpuaffinity")) != VIRT_OK) return (int)rc;
    area = virt__hv_area(hv, len);
    memset(&a, 0, sizeof a);
    a.vcpu = vcpu;
    a.flags = VIRT_HV_VCPUAFFINITY_HARD;
    a.cpumap_hard.bitmap = (uint64_t)(uintptr_t)area;
    a.cpumap_hard.nr_bits = (uint32_t)(len * 8);
    u = virt__hv_domctl_prep(hv, VIRT_HV_DOMCTL_getvcpuaffinity, hv->domctl->version, domid);
    memcpy(u, &a, sizeof a);
    rc = virt__hv_domctl_call(hv);
    if (rc < 0) return virt__hv_fail(st, rc, "domctl getvcpuaffinity", (long)domid);
    memcpy(map, area, len);
    return VIRT_OK;
}

VIRT_API int virt_hv_vcpu_affinity_set(virt_hv *hv, unsigned int domid, unsigned int vcpu,
                                       const unsigned char *map, size_t len, virt_status *st)
{
    virt_hv_vcpuaffinity a;
    unsigned char *area;
    long rc;
    virt__status_clear(st);
    if ((rc = virt__hv_map_args(hv, map, len, "domctl setvcpuaffinity", st)) != VIRT_OK) return (int)rc;
    area = virt__hv_area(hv, len);
    memcpy(area, map, len);
    memset(&a, 0, sizeof a);
    a.vcpu = vcpu;
    a.flags = VIRT_HV_VCPUAFFINITY_HARD;   /* the soft affinity stays as it is */
    a.cpumap_hard.bitmap = (uint64_t)(uintptr_t)area;
    a.cpumap_hard.nr_bits = (uint32_t)(len * 8);
    return virt__hv_domctl_change(hv, VIRT_HV_DOMCTL_setvcpuaffinity, domid, &a, sizeof a,
                                  "domctl setvcpuaffinity", st);
}

VIRT_API int virt_hv_cpu_topology(virt_hv *hv, virt_hv_cputopo *out, int max, virt_status *st)
{
    virt_hv_cputopoinfo t;
    unsigned char *u, *area;
    size_t room;
    long rc;
    virt__status_clear(st);
    if (!hv || !out || max <= 0) return virt__status_set(st, VIRT_E_INVAL, 0, "virt_hv_cpu_topology: bad arguments");
    room = virt_hv_map_capacity(hv) / sizeof(virt_hv_cputopo);
    if ((size_t)max > room) max = (int)room;
    area = virt__hv_area(hv, (size_t)max * sizeof(virt_hv_cputopo));
    memset(&t, 0, sizeof t);
    t.num_cpus = (uint32_t)max;
    t.cputopo = (uint64_t)(uintptr_t)area;
    u = virt__hv_sysctl_prep(hv, VIRT_HV_SYSCTL_cputopoinfo, hv->sysctl->version);
    memcpy(u, &t, sizeof t);
    rc = virt__hv_sysctl_call(hv);
    if (rc < 0) return virt__hv_fail(st, rc, "sysctl cputopoinfo", -1);
    memcpy(&t, u, sizeof t);
    /* more CPUs than asked: Xen wrote `max` and says how many it has */
    if (t.num_cpus > (uint32_t)max)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "sysctl cputopoinfo: the host has %u CPU ids, room for %d",
                                (unsigned)t.num_cpus, max);
    memcpy(out, area, (size_t)t.num_cpus * sizeof(virt_hv_cputopo));
    return (int)t.num_cpus;
}

VIRT_API int virt_hv_numa_meminfo(virt_hv *hv, virt_hv_meminfo *out, int max, virt_status *st)
{
    virt_hv_numainfo ni;
    unsigned char *u, *area;
    size_t room;
    long rc;
    virt__status_clear(st);
    if (!hv || !out || max <= 0) return virt__status_set(st, VIRT_E_INVAL, 0, "virt_hv_numa_meminfo: bad arguments");
    room = virt_hv_map_capacity(hv) / sizeof(virt_hv_meminfo);
    if ((size_t)max > room) max = (int)room;
    area = virt__hv_area(hv, (size_t)max * sizeof(virt_hv_meminfo));
    memset(&ni, 0, sizeof ni);
    ni.num_nodes = (uint32_t)max;
    ni.meminfo = (uint64_t)(uintptr_t)area;
    u = virt__hv_sysctl_prep(hv, VIRT_HV_SYSCTL_numainfo, hv->sysctl->version);
    memcpy(u, &ni, sizeof ni);
    rc = virt__hv_sysctl_call(hv);
    if (rc < 0) return virt__hv_fail(st, rc, "sysctl numainfo", -1);
    memcpy(&ni, u, sizeof ni);
    if (ni.num_nodes > (uint32_t)max)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "sysctl numainfo: the host has %u node ids, room for %d",
                                (unsigned)ni.num_nodes, max);
    memcpy(out, area, (size_t)ni.num_nodes * sizeof(virt_hv_meminfo));
    return (int)ni.num_nodes;
}

VIRT_API int virt_hv_numa_distances(virt_hv *hv, uint32_t *out, int max, virt_status *st)
{
    virt_hv_numainfo ni;
    unsigned char *u, *area;
    size_t cap;
    long rc;
    virt__status_clear(st);
    if (!hv || !out || max <= 0) return virt__status_set(st, VIRT_E_INVAL, 0, "virt_hv_numa_distances: bad arguments");
    /* meminfo (16 bytes a node) and the max * max table share the area */
    cap = virt_hv_map_capacity(hv);
    while (max > 1 && (size_t)max * 16u + (size_t)max * (size_t)max * 4u > cap) max--;
    area = virt__hv_area(hv, (size_t)max * 16u + (size_t)max * (size_t)max * 4u);
    memset(&ni, 0, sizeof ni);
    ni.num_nodes = (uint32_t)max;
    ni.meminfo = (uint64_t)(uintptr_t)area;
    ni.distance = (uint64_t)(uintptr_t)(area + (size_t)max * 16u);
    u = virt__hv_sysctl_prep(hv, VIRT_HV_SYSCTL_numainfo, hv->sysctl->version);
    memcpy(u, &ni, sizeof ni);
    rc = virt__hv_sysctl_call(hv);
    if (rc < 0) return virt__hv_fail(st, rc, "sysctl numainfo (distances)", -1);
    memcpy(&ni, u, sizeof ni);
    if (ni.num_nodes > (uint32_t)max)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "sysctl numainfo: the host has %u node ids, room for %d",
                                (unsigned)ni.num_nodes, max);
    /* xen/common/sysctl.c: row i at i * num_nodes (the host's count) */
    memcpy(out, area + (size_t)max * 16u, (size_t)ni.num_nodes * ni.num_nodes * sizeof(uint32_t));
    return (int)ni.num_nodes;
}

VIRT_API int virt_hv_cpu_idle(virt_hv *hv, uint64_t *out, int max, virt_status *st)
{
    virt_hv_getcpuinfo g;
    unsigned char *u, *area;
    size_t room;
    long rc;
    virt__status_clear(st);
    if (!hv || !out || max <= 0) return virt__status_set(st, VIRT_E_INVAL, 0, "virt_hv_cpu_idle: bad arguments");
    room = virt_hv_map_capacity(hv) / sizeof(uint64_t);
    if ((size_t)max > room) max = (int)room;
    area = virt__hv_area(hv, (size_t)max * sizeof(uint64_t));
    memset(&g, 0, sizeof g);
    g.max_cpus = (uint32_t)max;
    g.info = (uint64_t)(uintptr_t)area;
    u = virt__hv_sysctl_prep(hv, VIRT_HV_SYSCTL_getcpuinfo, hv->sysctl->version);
    memcpy(u, &g, sizeof g);
    rc = virt__hv_sysctl_call(hv);
    if (rc < 0) return virt__hv_fail(st, rc, "sysctl getcpuinfo", -1);
    memcpy(&g, u, sizeof g);
    /* xen/common/sysctl.c writes min(max_cpus, nr_cpu_ids) entries */
    if (g.nr_cpus > (uint32_t)max)
        return virt__status_set(st, VIRT_E_PROTO, 0, "sysctl getcpuinfo: %u entries written, %d asked",
                                (unsigned)g.nr_cpus, max);
    memcpy(out, area, (size_t)g.nr_cpus * sizeof(uint64_t));
    return (int)g.nr_cpus;
}

VIRT_API int virt_hv_sched_id(virt_hv *hv, unsigned int *sched_id, virt_status *st)
{
    virt_hv_sched_id_arg s;
    unsigned char *u;
    long rc;
    virt__status_clear(st);
    if (!hv || !sched_id) return virt__status_set(st, VIRT_E_INVAL, 0, "virt_hv_sched_id: NULL argument");
    u = virt__hv_sysctl_prep(hv, VIRT_HV_SYSCTL_sched_id, hv->sysctl->version);
    rc = virt__hv_sysctl_call(hv);
    if (rc < 0) return virt__hv_fail(st, rc, "sysctl sched_id", -1);
    memcpy(&s, u, sizeof s);
    *sched_id = s.sched_id;
    return VIRT_OK;
}

VIRT_API int virt_hv_sched_credit_get(virt_hv *hv, unsigned int domid, unsigned int sched_id,
                                      unsigned int *weight, unsigned int *cap, virt_status *st)
{
    virt_hv_scheduler_op op;
    unsigned char *u;
    long rc;
    virt__status_clear(st);
    if (!hv || !weight || !cap) return virt__status_set(st, VIRT_E_INVAL, 0, "virt_hv_sched_credit_get: NULL argument");
    if ((rc = virt__hv_check_domid(domid, st, "domctl scheduler_op")) != VIRT_OK) return (int)rc;
    memset(&op, 0, sizeof op);
    op.sched_id = sched_id;
    op.cmd = VIRT_HV_SCHEDOP_getinfo;
    u = virt__hv_domctl_prep(hv, VIRT_HV_DOMCTL_scheduler_op, hv->domctl->version, domid);
    memcpy(u, &op, sizeof op);
    rc = virt__hv_domctl_call(hv);
    if (rc < 0) return virt__hv_fail(st, rc, "domctl scheduler_op getinfo", (long)domid);
    memcpy(&op, u, sizeof op);
    *weight = op.weight;
    *cap = op.cap;
    return VIRT_OK;
}

VIRT_API int virt_hv_sched_credit_set(virt_hv *hv, unsigned int domid, unsigned int sched_id,
                                      unsigned int weight, unsigned int cap, virt_status *st)
{
    virt_hv_scheduler_op op;
    virt__status_clear(st);
    if (weight > 0xFFFFu || cap > 0xFFFFu)
        return virt__status_set(st, VIRT_E_INVAL, 0, "domctl scheduler_op putinfo: weight %u / cap %u above 65535",
                                weight, cap);
    memset(&op, 0, sizeof op);
    op.sched_id = sched_id;
    op.cmd = VIRT_HV_SCHEDOP_putinfo;
    op.weight = (uint16_t)weight;
    op.cap = (uint16_t)cap;
    return virt__hv_domctl_change(hv, VIRT_HV_DOMCTL_scheduler_op, domid, &op, sizeof op,
                                  "domctl scheduler_op putinfo", st);
}

#endif /* VIRT_IMPLEMENTATION */

/* >>hv driver glue: maps the libvirt API onto the protocol code. Compiled
 * only inside virt.h's implementation, which defines VIRT__DRIVER_GLUE and
 * the virt__driver contract before including this file again.
 *
 * What this backend answers, whatever else is open (virt.h's Xen router
 * decides when it is asked; docs/backends.md has the table): list/count
 * of running domains, info, max memory, OS type (the hvm_guest flag), node
 * info, version, suspend/resume/destroy, the max_mem domctl; and (issue
 * 11, section below) vCPU info, pinning and counts, state with reasons,
 * node CPU map, cells' free memory, max vCPUs, the credit scheduler and
 * the capabilities XML. Xen does not
 * know names: domains are named "Domain-<id>" ("Domain-0" for dom0, as
 * xen-init-dom0 names it). Inactive domains are declined. Everything that
 * needs a configuration (XML, create, save, restore, balloon target,
 * shutdown, reboot, setting vcpus) is absent from the table. */
#if defined(VIRT__DRIVER_GLUE) && !defined(VIRT_HV_GLUE_INCLUDED)
#define VIRT_HV_GLUE_INCLUDED
#include <sys/utsname.h>

typedef struct virt__hv_priv {
    virt_hv *hv;
    virConnectPtr conn;           /* for errors and domain objects */
    char sysroot[256];            /* prefix of the /sys and /proc paths read ("" = /) */
} virt__hv_priv;

/* Does domid exist? 1 yes, 0 no, -1 error (not raised: the caller
 * decides). The Xen router hands this to the store, which may list dead
 * domains. */
VIRT__PRIVATE int virt__hv_domain_exists(void *hv_priv, int domid)
{
    virt__hv_priv *p = (virt__hv_priv *)hv_priv;
    virt_hv_domain_info info;
    virt_status st;
    int rc;
    if (!p) return -1;
    if (domid < 0 || (unsigned int)domid >= VIRT_HV_DOMID_FIRST_RESERVED) return 0;
    rc = virt_hv_domain_info_get(p->hv, (unsigned int)domid, &info, &st);
    if (rc == VIRT_OK) return (info.flags & VIRT_HV_DOMINF_dying) ? 0 : 1;
    return rc == VIRT_E_NOENT ? 0 : -1;
}

/* For the events of the store (SUSPENDED/RESUMED, wired by the router): a
 * snapshot of the paused flag of every live domain (neither dying nor shut down), in
 * increasing id order, from getdomaininfolist (VIRT_HV_BATCH records per
 * hypercall: one hypercall up to that many domains, never one per domain).
 * paused[i] is 1 when ids[i] is paused. Returns how many were stored (at
 * most max; the rest are left out), or -1 on error (not raised: the
 * caller decides). */
VIRT__PRIVATE int virt__hv_pause_snapshot(void *hv_priv, int *ids, unsigned char *paused, int max)
{
    virt__hv_priv *p = (virt__hv_priv *)hv_priv;
    virt_hv_domain_info *batch;
    virt_status st;
    unsigned int first = 0;
    int n, i, used = 0;
    if (!p || max < 0) return -1;
    batch = (virt_hv_domain_info *)VIRT_MALLOC(VIRT_HV_BATCH * sizeof *batch);
    if (!batch) return -1;
    do {
        n = virt_hv_list_domains(p->hv, first, batch, VIRT_HV_BATCH, &st);
        if (n < 0) { used = -1; break; }
        for (i = 0; i < n && used < max; i++) {
            if (batch[i].flags & (VIRT_HV_DOMINF_dying | VIRT_HV_DOMINF_shutdown)) continue;
            ids[used] = (int)batch[i].domid;
            paused[used] = (batch[i].flags & VIRT_HV_DOMINF_paused) ? 1 : 0;
            used++;
        }
        if (n > 0) first = (unsigned int)batch[n - 1].domid + 1;  /* ids increase: checked */
    } while (n == VIRT_HV_BATCH && used < max);
    VIRT_FREE(batch);
    return used;
}

VIRT__PRIVATE int virt__hv_report(virConnectPtr conn, virDomainPtr dom, const virt_status *st)
{
    /* a failed hypercall is libvirt's VIR_ERR_XEN_CALL */
    int code = st->code == VIRT_E_IO ? VIR_ERR_XEN_CALL : virt__result_to_code(st->code);
    virt__error_status(conn, dom, VIR_FROM_XEN, code, "hypervisor", st);
    return -1;
}

/* Domain state from the flags: the seed's meaning of each bit (dying ->
 * SHUTDOWN, shutdown -> SHUTOFF or CRASHED for the crash code, paused,
 * blocked, running), but by precedence instead of the seed's exact match on
 * one bit, which answered NOSTATE for a paused idle guest (paused|blocked,
 * as Xen 4.17 reports it) and for every HVM guest (hvm_guest bit). */
VIRT__PRIVATE unsigned char virt__hv_state(uint32_t flags)
{
    unsigned int code = (flags >> VIRT_HV_DOMINF_shutdownshift) & VIRT_HV_DOMINF_shutdownmask;
    if (flags & VIRT_HV_DOMINF_shutdown)
        return code == VIRT_HV_SHUTDOWN_crash ? VIR_DOMAIN_CRASHED : VIR_DOMAIN_SHUTOFF;
    if (flags & VIRT_HV_DOMINF_dying) return VIR_DOMAIN_SHUTDOWN;
    if (flags & VIRT_HV_DOMINF_paused) return VIR_DOMAIN_PAUSED;
    if (flags & VIRT_HV_DOMINF_blocked) return VIR_DOMAIN_BLOCKED;
    if (flags & VIRT_HV_DOMINF_running) return VIR_DOMAIN_RUNNING;
    return VIR_DOMAIN_NOSTATE;
}

/* pages -> KiB, saturating (dom0 without a limit has max_pages ~2^32) */
VIRT__PRIVATE unsigned long virt__hv_kib(const virt__hv_priv *p, uint64_t pages)
{
    virt_hv_interface i;
    uint64_t kib_per_page, limit = (uint64_t)(unsigned long)-1;
    virt_hv_get_interface(p->hv, &i);
    kib_per_page = i.page_size / 1024;
    if (pages > limit / kib_per_page) return (unsigned long)-1;
    return (unsigned long)(pages * kib_per_page);
}

VIRT__PRIVATE int virt__hv_open(virConnectPtr conn, const virt__uri *uri, int readonly, void **priv)
{
    virt__hv_priv *p;
    virt_status st;
    int rc;
    /* privcmd is local only: xen://host/ names a remote node */
    if (strcmp(uri->scheme, "xen") != 0 || !uri->local) return VIRT__DECLINED;
    p = (virt__hv_priv *)VIRT_MALLOC(sizeof *p);
    if (!p) {
        virt__error(NULL, NULL, VIR_FROM_XEN, VIR_ERR_NO_MEMORY, "hypervisor: out of memory");
        return -1;
    }
    p->conn = conn;
    p->sysroot[0] = '\0';
    if (uri->config && uri->config->xen_sysroot)
        snprintf(p->sysroot, sizeof p->sysroot, "%s", uri->config->xen_sysroot);
    /* the connection's own hypervisor hook (virt_connect_open_config), else privcmd */
    rc = virt_hv_open_hooked(&p->hv, readonly ? VIRT_HV_OPEN_READONLY : 0u,
                             uri->config ? uri->config->hv_ioctl : NULL,
                             uri->config ? uri->config->hv_ioctl_ctx : NULL, &st);
    if (rc != VIRT_OK) {
        VIRT_FREE(p);
        virt__error_status(NULL, NULL, VIR_FROM_XEN, rc == VIRT_E_NOENT ? VIR_ERR_NO_XEN
                           : (rc == VIRT_E_IO ? VIR_ERR_XEN_CALL : virt__result_to_code((virt_result)rc)),
                           "hypervisor", &st);
        return -1;
    }
    *priv = p;
    return 0;
}

VIRT__PRIVATE void virt__hv_close(void *priv)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    if (!p) return;
    virt_hv_close(p->hv);
    VIRT_FREE(p);
}

VIRT__PRIVATE int virt__hv_get_version(void *priv, unsigned long *hv_ver)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_version v;
    virt_status st;
    memset(&v, 0, sizeof v);
    if (virt_hv_get_version(p->hv, &v, &st) != VIRT_OK) return virt__hv_report(p->conn, NULL, &st);
    *hv_ver = virt_hv_version_number(&v);
    return 0;
}

/* virNodeGetFreeMemory: physinfo's free pages, in bytes (libvirt's Xen
 * hypervisor driver answered the same). */
VIRT__PRIVATE int virt__hv_node_get_free_memory(void *priv, unsigned long long *out)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_physinfo pi;
    virt_status st;
    memset(&pi, 0, sizeof pi);
    if (virt_hv_physinfo_get(p->hv, &pi, &st) != VIRT_OK) return virt__hv_report(p->conn, NULL, &st);
    *out = (unsigned long long)virt__hv_kib(p, pi.free_pages) * 1024ull;
    return 0;
}

VIRT__PRIVATE int virt__hv_node_get_info(void *priv, virNodeInfoPtr info)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_physinfo pi;
    virt_status st;
    struct utsname un;
    unsigned int per_socket;
    memset(&pi, 0, sizeof pi);    /* gcc -O3 cannot see that the call fills it */
    if (virt_hv_physinfo_get(p->hv, &pi, &st) != VIRT_OK) return virt__hv_report(p->conn, NULL, &st);
    memset(info, 0, sizeof *info);
    /* physinfo has no CPU model; libvirt's xend path reported the machine */
    if (uname(&un) == 0) snprintf(info->model, sizeof info->model, "%.31s", un.machine);
    info->memory = virt__hv_kib(p, pi.total_pages);
    info->cpus = pi.nr_cpus;
    info->mhz = pi.cpu_khz / 1000;
    info->nodes = pi.nr_nodes ? pi.nr_nodes : 1;
    info->cores = pi.cores_per_socket ? pi.cores_per_socket : 1;
    info->threads = pi.threads_per_core ? pi.threads_per_core : 1;
    /* sockets per node, derived as xl does (physinfo has no such field) */
    per_socket = info->nodes * info->cores * info->threads;
    info->sockets = pi.nr_cpus / per_socket ? pi.nr_cpus / per_socket : 1;
    return 0;
}

/* Walks every running domain, VIRT_HV_BATCH per hypercall; calls fn on each
 * (stop early when it returns non-zero). Returns the count or -1. */
typedef int (*virt__hv_each_fn)(const virt_hv_domain_info *d, void *ctx);
VIRT__PRIVATE int virt__hv_each(virt__hv_priv *p, virt__hv_each_fn fn, void *ctx)
{
    virt_hv_domain_info *batch = (virt_hv_domain_info *)VIRT_MALLOC(VIRT_HV_BATCH * sizeof *batch);
    virt_status st;
    unsigned int first = 0;
    int n, i, total = 0, rc = -2;
    if (!batch) {
        virt__error(p->conn, NULL, VIR_FROM_XEN, VIR_ERR_NO_MEMORY, "hypervisor: out of memory");
        return -1;
    }
    while (rc == -2) {
        n = virt_hv_list_domains(p->hv, first, batch, VIRT_HV_BATCH, &st);
        if (n < 0) { rc = virt__hv_report(p->conn, NULL, &st); break; }
        for (i = 0; i < n && rc == -2; i++) {
            if (total >= VIRT_MAX_DOMAINS) {
                virt__error(p->conn, NULL, VIR_FROM_XEN, VIR_ERR_OVERFLOW,
                            "hypervisor: more than VIRT_MAX_DOMAINS (%d) domains", VIRT_MAX_DOMAINS);
                rc = -1;
                break;
            }
            total++;
            if (fn && fn(&batch[i], ctx)) rc = total;
        }
        if (rc == -2 && n < VIRT_HV_BATCH) rc = total;
        if (n > 0) first = (unsigned int)batch[n - 1].domid + 1;  /* ids increase: checked */
    }
    VIRT_FREE(batch);
    return rc;
}

typedef struct virt__hv_ids_ctx {
    int *ids;
    int max, used;
} virt__hv_ids_ctx;
VIRT__PRIVATE int virt__hv_collect_id(const virt_hv_domain_info *d, void *ctx)
{
    virt__hv_ids_ctx *c = (virt__hv_ids_ctx *)ctx;
    if (c->used >= c->max) return 1;
    c->ids[c->used++] = d->domid;
    return c->used >= c->max;
}

VIRT__PRIVATE int virt__hv_list_domains(void *priv, int *ids, int maxids)
{
    virt__hv_ids_ctx c;
    c.ids = ids;
    c.max = maxids;
    c.used = 0;
    if (maxids == 0) return 0;
    if (virt__hv_each((virt__hv_priv *)priv, virt__hv_collect_id, &c) < 0) return -1;
    return c.used;
}

VIRT__PRIVATE int virt__hv_num_of_domains(void *priv)
{
    return virt__hv_each((virt__hv_priv *)priv, NULL, NULL);
}

/* The object for a domain the hypervisor reported (see the naming rule at
 * the top of this section). Dom0's handle is all zeros, and so may be the
 * handle of a domain built without one: only dom0 keeps a zero UUID. */
VIRT__PRIVATE int virt__hv_make_domain(virConnectPtr conn, const virt_hv_domain_info *d, virDomainPtr *out)
{
    static const unsigned char zero[16] = {0};
    char name[32];
    int has_uuid = d->domid == 0 || memcmp(d->handle, zero, sizeof zero) != 0;
    if (d->domid == 0) snprintf(name, sizeof name, "Domain-0");
    else snprintf(name, sizeof name, "Domain-%u", (unsigned)d->domid);
    *out = virt__domain_get(conn, name, has_uuid ? d->handle : NULL, d->domid);
    return *out ? 0 : -1;
}

VIRT__PRIVATE int virt__hv_lookup_by_id(void *priv, virConnectPtr conn, int id, virDomainPtr *out)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    virt_status st;
    int rc;
    if (id >= (int)VIRT_HV_DOMID_FIRST_RESERVED) {
        virt__error(conn, NULL, VIR_FROM_XEN, VIR_ERR_NO_DOMAIN, "hypervisor: no domain with id %d", id);
        return -1;
    }
    rc = virt_hv_domain_info_get(p->hv, (unsigned int)id, &d, &st);
    if (rc == VIRT_E_NOENT || (rc == VIRT_OK && (d.flags & VIRT_HV_DOMINF_dying))) {
        virt__error(conn, NULL, VIR_FROM_XEN, VIR_ERR_NO_DOMAIN, "hypervisor: no domain with id %d", id);
        return -1;
    }
    if (rc != VIRT_OK) return virt__hv_report(conn, NULL, &st);
    return virt__hv_make_domain(conn, &d, out);
}

typedef struct virt__hv_uuid_ctx {
    const unsigned char *uuid;
    virt_hv_domain_info found;
    int hit;
} virt__hv_uuid_ctx;
VIRT__PRIVATE int virt__hv_match_uuid(const virt_hv_domain_info *d, void *ctx)
{
    virt__hv_uuid_ctx *c = (virt__hv_uuid_ctx *)ctx;
    if (memcmp(d->handle, c->uuid, sizeof d->handle) != 0) return 0;
    c->found = *d;
    c->hit = 1;
    return 1;
}

VIRT__PRIVATE int virt__hv_lookup_by_uuid(void *priv, virConnectPtr conn, const unsigned char *uuid,
                                          virDomainPtr *out)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt__hv_uuid_ctx c;
    char text[VIRT_UUID_STRING_BUFLEN];
    memset(&c, 0, sizeof c);
    c.uuid = uuid;
    if (virt__hv_each(p, virt__hv_match_uuid, &c) < 0) return -1;
    if (!c.hit) {
        virt_uuid_format(uuid, text);
        virt__error(conn, NULL, VIR_FROM_XEN, VIR_ERR_NO_DOMAIN, "hypervisor: no domain with UUID %s", text);
        return -1;
    }
    return virt__hv_make_domain(conn, &c.found, out);
}

/* Domain-0 when uuid is its handle, else VIRT__DECLINED (also when the
 * hypercall fails: others may know). For the router: the store has no vm/
 * path (hence no UUID) for dom0, so only the hypervisor finds it so. */
VIRT__PRIVATE int virt__hv_lookup_dom0_by_uuid(void *priv, virConnectPtr conn, const unsigned char *uuid,
                                               virDomainPtr *out)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    virt_status st;
    if (virt_hv_domain_info_get(p->hv, 0, &d, &st) != VIRT_OK || memcmp(d.handle, uuid, sizeof d.handle) != 0)
        return VIRT__DECLINED;
    return virt__hv_make_domain(conn, &d, out);
}

/* Only the names this backend gives out: "Domain-<id>". */
VIRT__PRIVATE int virt__hv_lookup_by_name(void *priv, virConnectPtr conn, const char *name, virDomainPtr *out)
{
    const char *digits = name + 7;
    long id = 0;
    if (strncmp(name, "Domain-", 7) != 0 || !*digits || strlen(digits) > 5) goto none;
    for (; *digits; digits++) {
        if (*digits < '0' || *digits > '9') goto none;
        id = id * 10 + (*digits - '0');
    }
    if ((name[7] == '0' && name[8]) || id >= (long)VIRT_HV_DOMID_FIRST_RESERVED) goto none;
    return virt__hv_lookup_by_id(priv, conn, (int)id, out);
none:
    virt__error(conn, NULL, VIR_FROM_XEN, VIR_ERR_NO_DOMAIN,
                "hypervisor: no domain named '%s' (without xenstore or xend, domains are named Domain-<id>)",
                name);
    return -1;
}

/* The hypervisor's record of dom; VIRT__DECLINED for an inactive domain
 * (only xend knows those), -1 when it is gone or the id was reused. */
VIRT__PRIVATE int virt__hv_dom_info(virt__hv_priv *p, virDomainPtr dom, virt_hv_domain_info *d)
{
    virt_status st;
    unsigned char uuid[VIRT_UUID_BUFLEN];
    int id = virt__domain_id(dom), rc;
    memset(d, 0, sizeof *d);
    if (id < 0) return VIRT__DECLINED;
    rc = virt_hv_domain_info_get(p->hv, (unsigned int)id, d, &st);
    if (rc == VIRT_OK && virt__domain_copy_uuid(dom, uuid) && memcmp(uuid, d->handle, sizeof d->handle) != 0)
        rc = VIRT_E_NOENT;        /* the id now belongs to another domain */
    if (rc == VIRT_E_NOENT) {
        virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_NO_DOMAIN,
                    "hypervisor: domain '%s' (id %d) no longer exists", virt__domain_name(dom), id);
        return -1;
    }
    if (rc != VIRT_OK) return virt__hv_report(p->conn, dom, &st);
    return 0;
}

VIRT__PRIVATE int virt__hv_get_info(void *priv, virDomainPtr dom, virDomainInfoPtr info)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    int rc = virt__hv_dom_info(p, dom, &d);
    if (rc != 0) return rc;
    info->state = virt__hv_state(d.flags);
    info->maxMem = virt__hv_kib(p, d.max_pages);
    info->memory = virt__hv_kib(p, d.tot_pages);
    info->nrVirtCpu = (unsigned short)(d.online_vcpus > 0xFFFFu ? 0xFFFFu : d.online_vcpus);
    info->cpuTime = d.cpu_time;
    return 0;
}

VIRT__PRIVATE int virt__hv_get_max_memory(void *priv, virDomainPtr dom, unsigned long *out)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    int rc = virt__hv_dom_info(p, dom, &d);
    if (rc != 0) return rc;
    *out = virt__hv_kib(p, d.max_pages);
    return 0;
}

VIRT__PRIVATE int virt__hv_get_os_type(void *priv, virDomainPtr dom, char **out)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    int rc;
    if ((rc = virt__hv_dom_info(p, dom, &d)) != 0) return rc;
    /* the flag is all the hypervisor says; PV guests were "linux" in 0.x */
    *out = virt__strdup((d.flags & VIRT_HV_DOMINF_hvm_guest) ? "hvm" : "linux");
    if (!*out) {
        virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_NO_MEMORY, "hypervisor: out of memory");
        return -1;
    }
    return 0;
}

typedef int (*virt__hv_change_fn)(virt_hv *hv, unsigned int domid, virt_status *st);

/* Shared body of suspend/resume/destroy. */
VIRT__PRIVATE int virt__hv_change(void *priv, virDomainPtr dom, virt__hv_change_fn fn)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_status st;
    int id = virt__domain_id(dom);
    if (id < 0) return VIRT__DECLINED;
    if (fn(p->hv, (unsigned int)id, &st) != VIRT_OK) return virt__hv_report(p->conn, dom, &st);
    return 0;
}
VIRT__PRIVATE int virt__hv_suspend(void *priv, virDomainPtr dom) { return virt__hv_change(priv, dom, virt_hv_pause); }
VIRT__PRIVATE int virt__hv_resume(void *priv, virDomainPtr dom) { return virt__hv_change(priv, dom, virt_hv_unpause); }
VIRT__PRIVATE int virt__hv_destroy(void *priv, virDomainPtr dom)
{
    int rc = virt__hv_change(priv, dom, virt_hv_destroy);
    if (rc == 0) virt__domain_set_id(dom, -1);
    return rc;
}

/* The max_mem domctl: 0, or -1 with the error raised. The router calls it
 * with libxl's slack added when the store records the maximum too. */
VIRT__PRIVATE int virt__hv_set_max_mem(void *hv_priv, virDomainPtr dom, int domid, unsigned long kib)
{
    virt__hv_priv *p = (virt__hv_priv *)hv_priv;
    virt_status st;
    if (virt_hv_set_max_mem(p->hv, (unsigned int)domid, (uint64_t)kib, &st) != VIRT_OK)
        return virt__hv_report(p->conn, dom, &st);
    return 0;
}

/* The domctl alone, as libvirt 0.x did. */
VIRT__PRIVATE int virt__hv_set_max_memory(void *priv, virDomainPtr dom, unsigned long kib)
{
    int id = virt__domain_id(dom);
    if (id < 0) return VIRT__DECLINED;
    return virt__hv_set_max_mem(priv, dom, id, kib);
}

/* >>hv driver glue: vCPUs, node CPUs and memory, scheduler, capabilities
 * (issue 11). The rules and messages are libvirt 9.0's libxl driver's
 * (src/libxl/libxl_driver.c: it answers these on a Xen 4.x host), the
 * values the hypervisor's; a call for the persistent configuration
 * (VIR_DOMAIN_AFFECT_CONFIG) is declined: only libxl or xend keep one. */

VIRT__PRIVATE int virt__hv_bad_flags(virDomainPtr dom, unsigned int flags, const char *fn)
{
    virt__error(dom ? dom->conn : NULL, dom, VIR_FROM_XEN, VIR_ERR_INVALID_ARG,
                "unsupported flags (0x%x) in function %s", flags, fn);
    return -1;
}
VIRT__PRIVATE int virt__hv_nomem(virt__hv_priv *p, virDomainPtr dom)
{
    virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_NO_MEMORY, "hypervisor: out of memory");
    return -1;
}
/* vCPUs a domain has: max_vcpu_id + 1 (Xen reports ~0 for none yet) */
VIRT__PRIVATE unsigned int virt__hv_vcpu_count(const virt_hv_domain_info *d)
{
    return d->max_vcpu_id == 0xFFFFFFFFu ? 0u : d->max_vcpu_id + 1u;
}

/* libxl_get_max_cpus (libvirt's libxlConnectGetMaxVcpus): physinfo's
 * max_cpu_id + 1; the type is not looked at. */
VIRT__PRIVATE int virt__hv_get_max_vcpus(void *priv, const char *type)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_physinfo pi;
    virt_status st;
    (void)type;
    memset(&pi, 0, sizeof pi);
    if (virt_hv_physinfo_get(p->hv, &pi, &st) != VIRT_OK) return virt__hv_report(p->conn, NULL, &st);
    return pi.max_cpu_id >= 0x7FFFFFFFu ? 0x7FFFFFFF : (int)pi.max_cpu_id + 1;
}

/* numainfo's free bytes per node, in KiB as libvirt reports cells;
 * offline nodes are skipped (libxlNodeGetCellsFreeMemory). */
#define VIRT__HV_MAX_NODES 64
VIRT__PRIVATE int virt__hv_cells_free_memory(void *priv, unsigned long long *mems, int start, int max)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_meminfo mi[VIRT__HV_MAX_NODES];
    virt_status st;
    int n, i, used = 0;
    n = virt_hv_numa_meminfo(p->hv, mi, VIRT__HV_MAX_NODES, &st);
    if (n < 0) return virt__hv_report(p->conn, NULL, &st);
    if (start >= n) {
        virt__error(p->conn, NULL, VIR_FROM_XEN, VIR_ERR_INTERNAL_ERROR,
                    "internal error: start cell %d out of range (0-%d)", start, n - 1);
        return -1;
    }
    for (i = start; i < n && used < max; i++) {
        if (mi[i].memsize == VIRT_HV_INVALID_MEM_SZ) continue;
        mems[used++] = mi[i].memfree / 1024ull;
    }
    return used;
}

/* The hypervisor's CPUs (cputopoinfo), not dom0's /sys view: one bit per
 * CPU id up to the highest present one; online = those with a core id. */
#define VIRT__HV_MAX_CPUS 4096
VIRT__PRIVATE int virt__hv_node_cpu_map(void *priv, unsigned char **cpumap, unsigned int *online,
                                        unsigned int flags)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_cputopo *topo;
    virt_status st;
    unsigned int count = 0;
    int n, i;
    if (flags) return virt__hv_bad_flags(NULL, flags, "libxlNodeGetCPUMap");
    if (!(topo = (virt_hv_cputopo *)VIRT_MALLOC(VIRT__HV_MAX_CPUS * sizeof *topo))) return virt__hv_nomem(p, NULL);
    n = virt_hv_cpu_topology(p->hv, topo, VIRT__HV_MAX_CPUS, &st);
    if (n < 0) { VIRT_FREE(topo); return virt__hv_report(p->conn, NULL, &st); }
    if (cpumap) {
        *cpumap = (unsigned char *)VIRT_MALLOC((size_t)VIR_CPU_MAPLEN(n > 0 ? n : 1));
        if (!*cpumap) { VIRT_FREE(topo); return virt__hv_nomem(p, NULL); }
        memset(*cpumap, 0, (size_t)VIR_CPU_MAPLEN(n > 0 ? n : 1));
    }
    for (i = 0; i < n; i++) {
        if (topo[i].core == VIRT_HV_INVALID_ID) continue;
        count++;
        if (cpumap) VIR_USE_CPU(*cpumap, i);
    }
    VIRT_FREE(topo);
    if (online) *online = count;
    return n;
}

/* libvirt's libxlDomainGetVcpus: state RUNNING if running, else BLOCKED if
 * blocked, else OFFLINE; each map is the vCPU's hard affinity. */
VIRT__PRIVATE int virt__hv_get_vcpus(void *priv, virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                                     unsigned char *cpumaps, int maplen)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    virt_hv_vcpu_info v;
    virt_status st;
    size_t len = (size_t)maplen < virt_hv_map_capacity(p->hv) ? (size_t)maplen : virt_hv_map_capacity(p->hv);
    unsigned int i, n;
    int rc = virt__hv_dom_info(p, dom, &d);
    if (rc != 0) return rc;
    n = virt__hv_vcpu_count(&d);
    if (n > (unsigned int)maxinfo) n = (unsigned int)maxinfo;
    if (cpumaps) memset(cpumaps, 0, (size_t)n * (size_t)maplen);
    for (i = 0; i < n; i++) {
        if (virt_hv_vcpu_info_get(p->hv, d.domid, i, &v, &st) != VIRT_OK) return virt__hv_report(p->conn, dom, &st);
        info[i].number = i;
        info[i].state = v.running ? VIR_VCPU_RUNNING : v.blocked ? VIR_VCPU_BLOCKED : VIR_VCPU_OFFLINE;
        info[i].cpuTime = v.cpu_time;
        info[i].cpu = (int)v.cpu;
        if (cpumaps && virt_hv_vcpu_affinity_get(p->hv, d.domid, i, VIR_GET_CPUMAP(cpumaps, maplen, (int)i), len,
                                                 &st) != VIRT_OK)
            return virt__hv_report(p->conn, dom, &st);
    }
    return (int)n;
}

/* The flags libvirt's libxl driver takes for the live domain: LIVE or
 * current (0); CONFIG is declined (VIRT__DECLINED), others refused. */
VIRT__PRIVATE int virt__hv_live_flags(virDomainPtr dom, unsigned int flags, unsigned int extra, const char *fn)
{
    unsigned int known = VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG | extra;
    if (flags & ~known) return virt__hv_bad_flags(dom, flags & ~known, fn);
    return (flags & VIR_DOMAIN_AFFECT_CONFIG) ? VIRT__DECLINED : 0;
}

/* The domain's record with vcpu checked against its vCPUs. */
VIRT__PRIVATE int virt__hv_vcpu_of(virt__hv_priv *p, virDomainPtr dom, unsigned int vcpu, virt_hv_domain_info *d)
{
    int rc = virt__hv_dom_info(p, dom, d);
    if (rc != 0) return rc;
    if (vcpu >= virt__hv_vcpu_count(d)) {
        virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_INVALID_ARG,
                    "invalid argument: requested vcpu '%u' is not present in the domain", vcpu);
        return -1;
    }
    return 0;
}

VIRT__PRIVATE int virt__hv_pin_vcpu(void *priv, virDomainPtr dom, unsigned int vcpu, const unsigned char *cpumap,
                                    int maplen, unsigned int flags)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    virt_status st;
    size_t len = (size_t)maplen;
    int rc = virt__hv_live_flags(dom, flags, 0, "libxlDomainPinVcpuFlags");
    if (rc != 0) return rc;
    if ((rc = virt__hv_vcpu_of(p, dom, vcpu, &d)) != 0) return rc;
    /* bits past the map the handle can carry name CPUs no Xen has */
    if (len > virt_hv_map_capacity(p->hv)) len = virt_hv_map_capacity(p->hv);
    if (virt_hv_vcpu_affinity_set(p->hv, d.domid, vcpu, cpumap, len, &st) != VIRT_OK)
        return virt__hv_report(p->conn, dom, &st);
    return 0;
}

VIRT__PRIVATE int virt__hv_get_vcpu_pin_info(void *priv, virDomainPtr dom, int ncpumaps, unsigned char *cpumaps,
                                             int maplen, unsigned int flags)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    virt_status st;
    size_t len = (size_t)maplen < virt_hv_map_capacity(p->hv) ? (size_t)maplen : virt_hv_map_capacity(p->hv);
    unsigned int i, n;
    int rc = virt__hv_live_flags(dom, flags, 0, "libxlDomainGetVcpuPinInfo");
    if (rc != 0) return rc;
    if ((rc = virt__hv_dom_info(p, dom, &d)) != 0) return rc;
    n = virt__hv_vcpu_count(&d);
    if (n > (unsigned int)ncpumaps) n = (unsigned int)ncpumaps;
    memset(cpumaps, 0, (size_t)ncpumaps * (size_t)maplen);
    for (i = 0; i < n; i++)
        if (virt_hv_vcpu_affinity_get(p->hv, d.domid, i, VIR_GET_CPUMAP(cpumaps, maplen, (int)i), len, &st) != VIRT_OK)
            return virt__hv_report(p->conn, dom, &st);
    return (int)n;
}

/* online vCPUs, or with VIR_DOMAIN_VCPU_MAXIMUM the vCPUs it was built with */
VIRT__PRIVATE int virt__hv_get_vcpus_flags(void *priv, virDomainPtr dom, unsigned int flags)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    int rc = virt__hv_live_flags(dom, flags, VIR_DOMAIN_VCPU_MAXIMUM, "libxlDomainGetVcpusFlags");
    if (rc != 0) return rc;
    if ((rc = virt__hv_dom_info(p, dom, &d)) != 0) return rc;
    return (int)((flags & VIR_DOMAIN_VCPU_MAXIMUM) ? virt__hv_vcpu_count(&d) : d.online_vcpus);
}

/* virt__hv_state's state, and the reason the flags tell: the shutdown
 * code says why a domain stopped (poweroff and reboot: SHUTOFF_SHUTDOWN,
 * suspend: SHUTOFF_SAVED, crash: CRASHED_PANICKED, the guest's own
 * SCHEDOP_shutdown(crash)); who paused a domain Xen does not record. */
VIRT__PRIVATE int virt__hv_get_state(void *priv, virDomainPtr dom, int *state, int *reason)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    unsigned int code;
    int why = 0;
    int rc = virt__hv_dom_info(p, dom, &d);
    if (rc != 0) return rc;
    *state = virt__hv_state(d.flags);
    code = (d.flags >> VIRT_HV_DOMINF_shutdownshift) & VIRT_HV_DOMINF_shutdownmask;
    if (*state == VIR_DOMAIN_CRASHED) why = VIR_DOMAIN_CRASHED_PANICKED;
    else if (*state == VIR_DOMAIN_SHUTOFF)
        why = code == VIRT_HV_SHUTDOWN_suspend ? VIR_DOMAIN_SHUTOFF_SAVED : VIR_DOMAIN_SHUTOFF_SHUTDOWN;
    if (reason) *reason = why;
    return 0;
}

/* libxl's scheduler names (libxlDomainGetSchedulerType); credit and
 * credit2 carry weight and cap, the two parameters answered here. */
VIRT__PRIVATE const char *virt__hv_sched_name(unsigned int id)
{
    switch (id) {
    case VIRT_HV_SCHEDULER_CREDIT: return "credit";
    case VIRT_HV_SCHEDULER_CREDIT2: return "credit2";
    case VIRT_HV_SCHEDULER_ARINC653: return "arinc653";
    case VIRT_HV_SCHEDULER_RTDS: return "rtds";
    case VIRT_HV_SCHEDULER_NULL: return "null";
    default: return NULL;
    }
}
VIRT__PRIVATE int virt__hv_is_credit(unsigned int id)
{
    return id == VIRT_HV_SCHEDULER_CREDIT || id == VIRT_HV_SCHEDULER_CREDIT2;
}

VIRT__PRIVATE int virt__hv_sched(virt__hv_priv *p, virDomainPtr dom, unsigned int *id)
{
    virt_status st;
    if (virt_hv_sched_id(p->hv, id, &st) != VIRT_OK) return virt__hv_report(p->conn, dom, &st);
    return 0;
}

VIRT__PRIVATE int virt__hv_get_scheduler_type(void *priv, virDomainPtr dom, int *nparams, char **out)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    unsigned int id = 0;   /* gcc -O2 cannot see that virt__hv_sched sets it */
    const char *name;
    int rc = virt__hv_dom_info(p, dom, &d);
    if (rc != 0) return rc;
    if (virt__hv_sched(p, dom, &id) < 0) return -1;
    if (!(name = virt__hv_sched_name(id))) {
        virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_INTERNAL_ERROR,
                    "internal error: Failed to get scheduler id for domain '%u': Xen's scheduler %u is unknown",
                    (unsigned)d.domid, id);
        return -1;
    }
    if (nparams) *nparams = virt__hv_is_credit(id) ? 2 : 0;
    if (!(*out = virt__strdup(name))) return virt__hv_nomem(p, dom);
    return 0;
}

/* The domain's credit parameters; -1 (raised) when the scheduler has none. */
VIRT__PRIVATE int virt__hv_credit(virt__hv_priv *p, virDomainPtr dom, virt_hv_domain_info *d, unsigned int *id,
                                  unsigned int *weight, unsigned int *cap)
{
    virt_status st;
    int rc = virt__hv_dom_info(p, dom, d);
    if (rc != 0) return rc;
    if (virt__hv_sched(p, dom, id) < 0) return -1;
    if (!virt__hv_is_credit(*id)) {
        virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_INTERNAL_ERROR,
                    "internal error: Only 'credit' and 'credit2' schedulers are supported (Xen runs '%s')",
                    virt__hv_sched_name(*id) ? virt__hv_sched_name(*id) : "unknown");
        return -1;
    }
    if (virt_hv_sched_credit_get(p->hv, d->domid, *id, weight, cap, &st) != VIRT_OK)
        return virt__hv_report(p->conn, dom, &st);
    return 0;
}

VIRT__PRIVATE void virt__hv_uint_param(virTypedParameterPtr tp, const char *field, unsigned int v)
{
    memset(tp, 0, sizeof *tp);
    snprintf(tp->field, sizeof tp->field, "%s", field);
    tp->type = VIR_TYPED_PARAM_UINT;
    tp->value.ui = v;
}

VIRT__PRIVATE int virt__hv_get_scheduler_params(void *priv, virDomainPtr dom, virTypedParameterPtr params,
                                                int *nparams, unsigned int flags)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    unsigned int id, weight, cap;
    int rc = virt__hv_live_flags(dom, flags & ~(unsigned int)VIR_TYPED_PARAM_STRING_OKAY, 0,
                                 "libxlDomainGetSchedulerParametersFlags");
    if (rc != 0) return rc;
    if ((rc = virt__hv_credit(p, dom, &d, &id, &weight, &cap)) != 0) return rc;
    virt__hv_uint_param(&params[0], VIR_DOMAIN_SCHEDULER_WEIGHT, weight);
    if (*nparams > 1) virt__hv_uint_param(&params[1], VIR_DOMAIN_SCHEDULER_CAP, cap);
    if (*nparams > 2) *nparams = 2;
    return 0;
}

/* virTypedParamsValidate's checks for weight and cap (both uint). */
VIRT__PRIVATE int virt__hv_sched_param_ok(virDomainPtr dom, const virTypedParameter *tp)
{
    static const char *const types[] = { "int", "uint", "llong", "ullong", "double", "boolean", "string" };
    if (strncmp(tp->field, VIR_DOMAIN_SCHEDULER_WEIGHT, VIR_TYPED_PARAM_FIELD_LENGTH) != 0 &&
        strncmp(tp->field, VIR_DOMAIN_SCHEDULER_CAP, VIR_TYPED_PARAM_FIELD_LENGTH) != 0) {
        virt__error(dom->conn, dom, VIR_FROM_NONE, VIR_ERR_ARGUMENT_UNSUPPORTED,
                    "argument unsupported: parameter '%.*s' not supported", VIR_TYPED_PARAM_FIELD_LENGTH, tp->field);
        return 0;
    }
    if (tp->type != VIR_TYPED_PARAM_UINT) {
        virt__error(dom->conn, dom, VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                    "invalid argument: invalid type '%s' for parameter '%.*s', expected 'uint'",
                    tp->type >= VIR_TYPED_PARAM_INT && tp->type <= VIR_TYPED_PARAM_STRING ? types[tp->type - 1]
                                                                                          : "unknown",
                    VIR_TYPED_PARAM_FIELD_LENGTH, tp->field);
        return 0;
    }
    return 1;
}

VIRT__PRIVATE int virt__hv_set_scheduler_params(void *priv, virDomainPtr dom, const virTypedParameter *params,
                                                int nparams, unsigned int flags)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    virt_status st;
    unsigned int id, weight, cap;
    int i, rc = virt__hv_live_flags(dom, flags, 0, "libxlDomainSetSchedulerParametersFlags");
    if (rc != 0) return rc;
    for (i = 0; i < nparams; i++)
        if (!virt__hv_sched_param_ok(dom, &params[i])) return -1;
    if ((rc = virt__hv_credit(p, dom, &d, &id, &weight, &cap)) != 0) return rc;
    for (i = 0; i < nparams; i++) {
        unsigned int v = params[i].value.ui;
        int is_weight = strncmp(params[i].field, VIR_DOMAIN_SCHEDULER_WEIGHT, VIR_TYPED_PARAM_FIELD_LENGTH) == 0;
        /* putinfo reads a 0 weight and a 0xFFFF cap as "keep the current
         * one" (sched_credit.c, sched_credit2.c): libxl's ranges, 1..65535
         * and 0..65534, so that what is asked is what is set */
        if ((is_weight && (v == 0 || v > 0xFFFFu)) || (!is_weight && v >= 0xFFFFu)) {
            virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_INVALID_ARG,
                        "invalid argument: scheduler %s %u is out of range (%s)",
                        is_weight ? "weight" : "cap", v, is_weight ? "1..65535" : "0..65534");
            return -1;
        }
        if (is_weight) weight = v; else cap = v;
    }
    if (virt_hv_sched_credit_set(p->hv, d.domid, id, weight, cap, &st) != VIRT_OK)
        return virt__hv_report(p->conn, dom, &st);
    return 0;
}

/* >>hv driver glue: virConnectGetCapabilities, in the shape libvirt's
 * libxl driver gives it (src/libxl/libxl_capabilities.c: host arch,
 * live migration over "xenmigr", NUMA cells from numainfo and the CPU
 * topology, one guest per (os type, arch) of XENVER_capabilities, e.g.
 * "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64").
 * The host CPU's topology from physinfo (sockets = nr_cpus / (cores *
 * threads), dies 1, as libxlCapsInitCPU); each cell's distances to every
 * node id from numainfo (libxlCapsInitNuma); a PVH guest after each new
 * HVM one (libxlCapsInitGuests, Xen >= 4.10). Not there: the host CPU
 * model, vendor and features (libvirt decodes physinfo's hw_cap through
 * its CPU map, cpuDecode). Paths are Xen's defaults (LIBEXEC_BIN
 * /usr/lib/xen/bin, firmware /usr/lib/xen/boot). */
typedef struct virt__hv_guest_arch {
    int hvm;                      /* hvm-* entry, else xen-* (PV) or PVH */
    int pvh;                      /* the PVH guest added after a new HVM one */
    char arch[8];                 /* libvirt's name: i686, x86_64 */
    int wordsize, pae, nonpae;
} virt__hv_guest_arch;

/* One "xen-3.0-x86_32p"-style token into archs (merged by os type and
 * arch: x86_32 and x86_32p are one i686 guest with pae and nonpae). */
VIRT__PRIVATE int virt__hv_caps_token(const char *tok, size_t len, virt__hv_guest_arch *archs, int n, int max)
{
    virt__hv_guest_arch g;
    const char *a;
    int i, p = 0;
    memset(&g, 0, sizeof g);
    if (len > 4 && strncmp(tok, "xen-", 4) == 0) g.hvm = 0;
    else if (len > 4 && strncmp(tok, "hvm-", 4) == 0) g.hvm = 1;
    else return n;
    if (!(a = (const char *)memchr(tok + 4, '-', len - 4))) return n;
    a++;
    len -= (size_t)(a - tok);
    if (len >= 6 && strncmp(a, "x86_64", 6) == 0) { snprintf(g.arch, sizeof g.arch, "x86_64"); g.wordsize = 64; }
    else if (len >= 6 && strncmp(a, "x86_32", 6) == 0) {
        snprintf(g.arch, sizeof g.arch, "i686");
        g.wordsize = 32;
        p = len == 7 && a[6] == 'p';
    } else return n;
    if (p) g.pae = 1; else if (g.wordsize == 32) g.nonpae = 1;
    /* libvirt matches (arch, hvm) only: a PV token after the HVM ones
     * would merge into the PVH entry, as there */
    for (i = 0; i < n; i++)
        if (archs[i].hvm == g.hvm && strcmp(archs[i].arch, g.arch) == 0) {
            archs[i].pae |= g.pae;
            archs[i].nonpae |= g.nonpae;
            return n;
        }
    if (n < max) archs[n++] = g;
    if (g.hvm && n < max) {          /* a new HVM guest: its PVH twin */
        virt__hv_guest_arch h;
        memset(&h, 0, sizeof h);
        h.pvh = 1;
        h.wordsize = g.wordsize;
        snprintf(h.arch, sizeof h.arch, "%s", g.arch);
        archs[n++] = h;
    }
    return n;
}

VIRT__PRIVATE int virt__hv_caps_archs(const char *caps, virt__hv_guest_arch *archs, int max)
{
    int n = 0;
    while (*caps) {
        size_t len = strcspn(caps, " \t\n");
        if (len) n = virt__hv_caps_token(caps, len, archs, n, max);
        caps += len;
        while (*caps == ' ' || *caps == '\t' || *caps == '\n') caps++;
    }
    return n;
}

VIRT__PRIVATE void virt__hv_caps_guest(virt__buf *b, const virt__hv_guest_arch *g)
{
    virt__buf_printf(b, "  <guest>\n    <os_type>%s</os_type>\n    <arch name='%s'>\n      <wordsize>%d</wordsize>\n"
                     "      <emulator>/usr/lib/xen/bin/qemu-system-i386</emulator>\n",
                     g->hvm ? "hvm" : g->pvh ? "xenpvh" : "xen", g->arch, g->wordsize);
    if (g->hvm) virt__buf_printf(b, "      <loader>/usr/lib/xen/boot/hvmloader</loader>\n");
    virt__buf_printf(b, "      <machine>%s</machine>\n      <domain type='xen'/>\n    </arch>\n",
                     g->hvm ? "xenfv" : g->pvh ? "xenpvh" : "xenpv");
    if (!g->pae && !g->nonpae && !g->hvm && !g->pvh) { virt__buf_printf(b, "  </guest>\n\n"); return; }
    virt__buf_printf(b, "    <features>\n");
    if (g->pae) virt__buf_printf(b, "      <pae/>\n");
    if (g->nonpae) virt__buf_printf(b, "      <nonpae/>\n");
    if (g->hvm)
        virt__buf_printf(b, "      <acpi default='on' toggle='yes'/>\n      <apic default='on' toggle='no'/>\n");
    if (g->hvm || g->pvh) virt__buf_printf(b, "      <hap default='on' toggle='yes'/>\n");
    virt__buf_printf(b, "    </features>\n  </guest>\n\n");
}

/* siblings of cpu: the CPUs with its socket and core */
VIRT__PRIVATE void virt__hv_caps_siblings(virt__buf *b, const virt_hv_cputopo *t, int n, int cpu)
{
    int i, first = 1;
    for (i = 0; i < n; i++) {
        if (t[i].core != t[cpu].core || t[i].socket != t[cpu].socket || t[i].node != t[cpu].node) continue;
        virt__buf_printf(b, "%s%d", first ? "" : ",", i);
        first = 0;
    }
}

VIRT__PRIVATE void virt__hv_caps_cells(virt__buf *b, const virt_hv_meminfo *mi, int nodes, const virt_hv_cputopo *t,
                                       int ncpus, const uint32_t *dist, int ndist)
{
    int node, i, cells = 0;
    for (node = 0; node < nodes; node++) cells += mi[node].memsize != VIRT_HV_INVALID_MEM_SZ;
    virt__buf_printf(b, "    <topology>\n      <cells num='%d'>\n", cells);
    for (node = 0; node < nodes; node++) {
        int cpus = 0;
        if (mi[node].memsize == VIRT_HV_INVALID_MEM_SZ) continue;
        for (i = 0; i < ncpus; i++) cpus += t[i].core != VIRT_HV_INVALID_ID && t[i].node == (uint32_t)node;
        virt__buf_printf(b, "        <cell id='%d'>\n          <memory unit='KiB'>%llu</memory>\n", node,
                         (unsigned long long)(mi[node].memsize / 1024u));
        if (dist && node < ndist) {
            virt__buf_printf(b, "          <distances>\n");
            for (i = 0; i < ndist; i++)
                virt__buf_printf(b, "            <sibling id='%d' value='%u'/>\n", i,
                                 (unsigned)dist[(size_t)node * (size_t)ndist + (size_t)i]);
            virt__buf_printf(b, "          </distances>\n");
        }
        virt__buf_printf(b, "          <cpus num='%d'>\n", cpus);
        for (i = 0; i < ncpus; i++) {
            if (t[i].core == VIRT_HV_INVALID_ID || t[i].node != (uint32_t)node) continue;
            virt__buf_printf(b, "            <cpu id='%d' socket_id='%u' die_id='0' core_id='%u' siblings='", i,
                             (unsigned)t[i].socket, (unsigned)t[i].core);
            virt__hv_caps_siblings(b, t, ncpus, i);
            virt__buf_printf(b, "'/>\n");
        }
        virt__buf_printf(b, "          </cpus>\n        </cell>\n");
    }
    virt__buf_printf(b, "      </cells>\n    </topology>\n");
}

/* The host's arch: the first PV/HVM entry's, as libvirt's hostarch on x86 */
VIRT__PRIVATE const char *virt__hv_caps_host_arch(const virt__hv_guest_arch *archs, int n)
{
    int i;
    for (i = 0; i < n; i++) if (strcmp(archs[i].arch, "x86_64") == 0) return "x86_64";
    return n ? archs[0].arch : "x86_64";
}

VIRT__PRIVATE int virt__hv_get_capabilities(void *priv, char **out)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_version *v = (virt_hv_version *)VIRT_MALLOC(sizeof *v);
    virt_hv_cputopo *topo = (virt_hv_cputopo *)VIRT_MALLOC(VIRT__HV_MAX_CPUS * sizeof *topo);
    virt_hv_meminfo mi[VIRT__HV_MAX_NODES];
    uint32_t *dist = (uint32_t *)VIRT_MALLOC(VIRT__HV_MAX_NODES * VIRT__HV_MAX_NODES * sizeof *dist);
    virt_hv_physinfo pi;
    virt__hv_guest_arch archs[16];
    virt_status st;
    virt__buf b;
    unsigned int cores, threads;
    int narch, ncpus = 0, nodes = 0, ndist = 0, i, rc = -1;
    memset(&b, 0, sizeof b);
    memset(&pi, 0, sizeof pi);
    if (!v || !topo || !dist) { rc = virt__hv_nomem(p, NULL); goto done; }
    if (virt_hv_get_version(p->hv, v, &st) != VIRT_OK || virt_hv_physinfo_get(p->hv, &pi, &st) != VIRT_OK ||
        (ncpus = virt_hv_cpu_topology(p->hv, topo, VIRT__HV_MAX_CPUS, &st)) < 0 ||
        (nodes = virt_hv_numa_meminfo(p->hv, mi, VIRT__HV_MAX_NODES, &st)) < 0 ||
        (ndist = virt_hv_numa_distances(p->hv, dist, VIRT__HV_MAX_NODES, &st)) < 0) {
        rc = virt__hv_report(p->conn, NULL, &st);
        goto done;
    }
    narch = virt__hv_caps_archs(v->capabilities, archs, 16);
    cores = pi.cores_per_socket ? pi.cores_per_socket : 1;
    threads = pi.threads_per_core ? pi.threads_per_core : 1;
    virt__buf_printf(&b, "<capabilities>\n\n  <host>\n    <cpu>\n      <arch>%s</arch>\n"
                     "      <topology sockets='%u' dies='1' cores='%u' threads='%u'/>\n    </cpu>\n"
                     "    <power_management/>\n    <iommu support='no'/>\n    <migration_features>\n      <live/>\n"
                     "      <uri_transports>\n        <uri_transport>xenmigr</uri_transport>\n"
                     "      </uri_transports>\n    </migration_features>\n", virt__hv_caps_host_arch(archs, narch),
                     pi.nr_cpus / (cores * threads), pi.cores_per_socket, pi.threads_per_core);
    virt__hv_caps_cells(&b, mi, nodes, topo, ncpus, dist, ndist);
    virt__buf_printf(&b, "  </host>\n\n");
    for (i = 0; i < narch; i++) virt__hv_caps_guest(&b, &archs[i]);
    virt__buf_printf(&b, "</capabilities>\n");
    if (!(*out = virt__buf_steal(&b))) { rc = virt__hv_nomem(p, NULL); goto done; }
    rc = 0;
done:
    VIRT_FREE(b.data);
    VIRT_FREE(dist);
    VIRT_FREE(topo);
    VIRT_FREE(v);
    return rc;
}

/* virNodeGetMemoryStats from the hypervisor: "total" and "free" in KiB of
 * the whole host (physinfo) or of one NUMA cell (numainfo). libvirt's
 * drivers read dom0's /proc/meminfo instead (virHostMemGetStats), which on
 * Xen is dom0's share only; buffers and cached are dom0 notions, left out.
 * *nparams 0 asks for the count, as libvirt's contract has it. */
VIRT__PRIVATE int virt__hv_node_memory_stats(void *priv, int cell, virNodeMemoryStatsPtr params, int *nparams,
                                             unsigned int flags)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_meminfo mi[VIRT__HV_MAX_NODES];
    virt_hv_physinfo pi;
    virt_status st;
    unsigned long long total, free_kib;
    int n;
    if (flags) return virt__hv_bad_flags(NULL, flags, "virNodeGetMemoryStats");
    if (*nparams == 0) { *nparams = 2; return 0; }
    if (*nparams != 2) {
        virt__error(p->conn, NULL, VIR_FROM_XEN, VIR_ERR_INVALID_ARG,
                    "invalid argument: nparams in virNodeGetMemoryStats must be 2");
        return -1;
    }
    if (cell == VIR_NODE_MEMORY_STATS_ALL_CELLS) {
        memset(&pi, 0, sizeof pi);
        if (virt_hv_physinfo_get(p->hv, &pi, &st) != VIRT_OK) return virt__hv_report(p->conn, NULL, &st);
        total = virt__hv_kib(p, pi.total_pages);
        free_kib = virt__hv_kib(p, pi.free_pages);
    } else {
        if ((n = virt_hv_numa_meminfo(p->hv, mi, VIRT__HV_MAX_NODES, &st)) < 0) return virt__hv_report(p->conn, NULL, &st);
        if (cell >= n || mi[cell].memsize == VIRT_HV_INVALID_MEM_SZ) {
            virt__error(p->conn, NULL, VIR_FROM_XEN, VIR_ERR_INVALID_ARG,
                        "invalid argument: cellNum in virNodeGetMemoryStats must be less than or equal to %d", n - 1);
            return -1;
        }
        total = mi[cell].memsize / 1024u;
        free_kib = mi[cell].memfree / 1024u;
    }
    memset(params, 0, 2 * sizeof *params);
    snprintf(params[0].field, sizeof params[0].field, "%s", VIR_NODE_MEMORY_STATS_TOTAL);
    params[0].value = total;
    snprintf(params[1].field, sizeof params[1].field, "%s", VIR_NODE_MEMORY_STATS_FREE);
    params[1].value = free_kib;
    return 0;
}

/* virNodeGetCPUStats from the hypervisor: sysctl getcpuinfo's idle time
 * of one physical CPU, or of all of them summed (VIR_NODE_CPU_STATS_ALL_CPUS),
 * as "idle" in ns. Xen keeps no user/kernel/iowait split of a physical CPU
 * (dom0's /proc/stat, which libvirt's drivers read, covers dom0's vCPUs
 * only), so idle is the one field. *nparams 0 asks for the count. */
VIRT__PRIVATE int virt__hv_node_cpu_stats(void *priv, int cpu, virNodeCPUStatsPtr params, int *nparams,
                                          unsigned int flags)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    uint64_t *idle;
    unsigned long long sum = 0;
    virt_status st;
    int n, i;
    if (flags) return virt__hv_bad_flags(NULL, flags, "virNodeGetCPUStats");
    if (*nparams == 0) { *nparams = 1; return 0; }
    if (*nparams != 1) {
        virt__error(p->conn, NULL, VIR_FROM_XEN, VIR_ERR_INVALID_ARG,
                    "invalid argument: nparams in virNodeGetCPUStats must be 1");
        return -1;
    }
    if (!(idle = (uint64_t *)VIRT_MALLOC(4096 * sizeof *idle))) return virt__hv_nomem(p, NULL);
    if ((n = virt_hv_cpu_idle(p->hv, idle, 4096, &st)) < 0) {
        VIRT_FREE(idle);
        return virt__hv_report(p->conn, NULL, &st);
    }
    if (cpu != VIR_NODE_CPU_STATS_ALL_CPUS && (cpu < 0 || cpu >= n)) {
        VIRT_FREE(idle);
        virt__error(p->conn, NULL, VIR_FROM_XEN, VIR_ERR_INVALID_ARG,
                    "invalid argument: cpuNum in virNodeGetCPUStats must be less than or equal to %d", n - 1);
        return -1;
    }
    for (i = 0; i < n; i++)
        if (cpu == VIR_NODE_CPU_STATS_ALL_CPUS || i == cpu) sum += idle[i];
    VIRT_FREE(idle);
    memset(params, 0, sizeof *params);
    snprintf(params[0].field, sizeof params[0].field, "%s", VIR_NODE_CPU_STATS_IDLE);
    params[0].value = sum;
    return 0;
}

/* >>hv driver glue: block and interface statistics, where libvirt's xen
 * driver read them (xen/block_stats.c, util/virnetdevtap's /proc/net/dev
 * reader): the counters of dom0's backends, not the hypervisor's. */

/* The Xen device number of a disk name (libvirt's xenLinuxDomainDeviceID
 * rules, which are Linux's and the vbd numbering of Xen's
 * docs/misc/vbd-interface.txt): xvdX[N] (202 major; disks past 15 or
 * partitions past 15 in the extended form 1<<28 | disk<<8 | part),
 * sdX[N] (the SCSI majors), hdX[N] (the IDE majors); an optional "/dev/".
 * -1 when the name is none of them. */
VIRT__PRIVATE long virt__hv_disk_number(const char *path)
{
    static const int scsi[16] = { 8, 65, 66, 67, 68, 69, 70, 71, 128, 129, 130, 131, 132, 133, 134, 135 };
    static const int ide[10] = { 3, 22, 33, 34, 56, 57, 88, 89, 90, 91 };
    const char *s = path;
    long disk = 0, part = 0;
    int kind, letters = 0;
    if (strncmp(s, "/dev/", 5) == 0) s += 5;
    if (strncmp(s, "xvd", 3) == 0) { kind = 0; s += 3; }
    else if (strncmp(s, "sd", 2) == 0) { kind = 1; s += 2; }
    else if (strncmp(s, "hd", 2) == 0) { kind = 2; s += 2; }
    else return -1;
    while (*s >= 'a' && *s <= 'z') {
        disk = letters ? (disk + 1) * 26 + (*s - 'a') : *s - 'a';
        if (disk > 0xfffff) return -1;
        letters++;
        s++;
    }
    if (!letters) return -1;
    if (*s) {
        if (*s == '0' || !isdigit((unsigned char)*s)) return -1;
        while (isdigit((unsigned char)*s)) {
            part = part * 10 + (*s++ - '0');
            if (part > 255) return -1;
        }
        if (*s) return -1;
    }
    if (kind == 0) {
        if (disk < 16 && part < 16) return (202L << 8) | (disk << 4) | part;
        return (1L << 28) | (disk << 8) | part;
    }
    if (kind == 1) {
        if (disk >= 256 || part >= 16) return -1;
        return ((long)scsi[disk / 16] << 8) | ((disk % 16) * 16 + part);
    }
    if (disk >= 20 || part >= 64) return -1;
    return ((long)ide[disk / 2] << 8) | ((disk % 2) * 64 + part);
}

/* One counter file of a backend's statistics/ directory: 1 read, 0 absent. */
VIRT__PRIVATE int virt__hv_read_counter(const char *dir, const char *name, long long *out)
{
    char path[512], buf[64];
    FILE *f;
    size_t n;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(f = fopen(path, "r"))) return 0;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    if (!isdigit((unsigned char)buf[0])) return 0;
    *out = strtoll(buf, NULL, 10);
    return 1;
}

/* virDomainBlockStats: blkback's counters in
 * /sys/bus/xen-backend/devices/vbd-<domid>-<devno>/statistics (blktap's
 * tap-<domid>-<devno> before it): rd_req, wr_req, rd_sect and wr_sect
 * (512-byte sectors), oo_req as errs, as libvirt's xen driver read them. */
VIRT__PRIVATE int virt__hv_block_stats(void *priv, virDomainPtr dom, const char *disk, virDomainBlockStatsPtr out)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    static const char *const kinds[2] = { "vbd", "tap" };
    int id = virt__domain_id(dom), k;
    long devno;
    if (id < 0) return VIRT__DECLINED;
    if ((devno = virt__hv_disk_number(disk)) < 0) {
        virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_INVALID_ARG,
                    "invalid argument: invalid path, device names must be in the form sdX, xvdX, or hdX: '%s'", disk);
        return -1;
    }
    for (k = 0; k < 2; k++) {
        char dir[400];
        long long rd_sect = -1, wr_sect = -1;
        snprintf(dir, sizeof dir, "%s/sys/bus/xen-backend/devices/%s-%d-%ld/statistics", p->sysroot, kinds[k], id, devno);
        if (!virt__hv_read_counter(dir, "rd_req", &out->rd_req)) continue;
        (void)virt__hv_read_counter(dir, "wr_req", &out->wr_req);
        (void)virt__hv_read_counter(dir, "oo_req", &out->errs);
        if (virt__hv_read_counter(dir, "rd_sect", &rd_sect)) out->rd_bytes = rd_sect * 512;
        if (virt__hv_read_counter(dir, "wr_sect", &wr_sect)) out->wr_bytes = wr_sect * 512;
        return 0;
    }
    virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_INTERNAL_ERROR,
                "internal error: Failed to read any block statistics for domain %d (disk '%s', device %ld: no "
                "vbd-%d-%ld in /sys/bus/xen-backend/devices)", id, disk, devno, id, devno);
    return -1;
}

/* virDomainInterfaceStats: "vif<domid>.<n>" (the name Xen's vif scripts
 * give the backend; libvirt's xen driver took only that form) in
 * /proc/net/dev, whose counters are dom0's view: what dom0 sends the
 * guest receives, so rx and tx are swapped, as libvirt did. */
VIRT__PRIVATE int virt__hv_interface_stats(void *priv, virDomainPtr dom, const char *device,
                                           virDomainInterfaceStatsPtr out)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    char path[320], line[512], want[32], tail;
    int id = virt__domain_id(dom), rqdomid, devno;
    FILE *f;
    if (id < 0) return VIRT__DECLINED;
    if (sscanf(device, "vif%d.%d%c", &rqdomid, &devno, &tail) != 2 || rqdomid < 0 || devno < 0) {
        virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_INVALID_ARG,
                    "invalid argument: invalid path, should be vif<domid>.<n>.: '%s'", device);
        return -1;
    }
    if (rqdomid != id) {
        virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_INVALID_ARG,
                    "invalid argument: invalid path, vif<domid> should match this domain ID (%d, not %d)", id, rqdomid);
        return -1;
    }
    snprintf(want, sizeof want, "vif%d.%d", rqdomid, devno);
    snprintf(path, sizeof path, "%s/proc/net/dev", p->sysroot);
    if (!(f = fopen(path, "r"))) {
        virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_INTERNAL_ERROR, "internal error: cannot open %s", path);
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':'), *name = line;
        long long v[12];
        if (!colon) continue;
        *colon = '\0';
        while (*name == ' ') name++;
        if (strcmp(name, want) != 0) continue;
        if (sscanf(colon + 1, "%lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld", &v[0], &v[1], &v[2],
                   &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10], &v[11]) != 12)
            break;   /* too few counters: as if absent */
        fclose(f);
        out->rx_bytes = v[8]; out->rx_packets = v[9]; out->rx_errs = v[10]; out->rx_drop = v[11];
        out->tx_bytes = v[0]; out->tx_packets = v[1]; out->tx_errs = v[2]; out->tx_drop = v[3];
        return 0;
    }
    fclose(f);
    virt__error(p->conn, dom, VIR_FROM_XEN, VIR_ERR_INTERNAL_ERROR,
                "internal error: /proc/net/dev: Interface not found: '%s'", want);
    return -1;
}

/* virDomainMemoryStats as libvirt's libxl driver answers it
 * (libxlDomainMemoryStats): ACTUAL_BALLOON, the KiB the domain holds
 * (libxl_domain_info's current_memkb: tot_pages), then AVAILABLE, its
 * maximum (libvirt takes its definition's memory; the hypervisor knows
 * max_pages, what virDomainGetMaxMemory answers here), as many as asked. */
VIRT__PRIVATE int virt__hv_memory_stats(void *priv, virDomainPtr dom, struct _virDomainMemoryStat *stats,
                                        unsigned int nr_stats, unsigned int flags)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    unsigned int n = 0;
    int rc;
    if (flags) return virt__hv_bad_flags(dom, flags, "libxlDomainMemoryStats");
    if ((rc = virt__hv_dom_info(p, dom, &d)) != 0) return rc;
    if (n < nr_stats) {
        stats[n].tag = VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON;
        stats[n++].val = virt__hv_kib(p, d.tot_pages);
    }
    if (n < nr_stats) {
        stats[n].tag = VIR_DOMAIN_MEMORY_STAT_AVAILABLE;
        stats[n++].val = virt__hv_kib(p, d.max_pages);
    }
    return (int)n;
}

VIRT__PRIVATE void virt__hv_cpu_time_param(virTypedParameterPtr tp, unsigned long long ns)
{
    snprintf(tp->field, sizeof tp->field, "%s", VIR_DOMAIN_CPU_STATS_CPUTIME);
    tp->type = VIR_TYPED_PARAM_ULLONG;
    tp->value.ul = ns;
}

/* One "cpu_time" per vCPU, as libvirt's libxlDomainGetPerCPUStats (its
 * rows are the domain's vCPUs, not the host's CPUs): params NULL asks
 * how many parameters (1) or, with ncpus 0, how many rows (the vCPUs).
 * Rows past the last vCPU stay empty, as libvirt leaves them. libvirt's
 * loop stops at ncpus instead of start_cpu + ncpus and writes row i at
 * params[i - start_cpu]; both agree with this one when start_cpu is 0 or
 * nparams 1, all virsh and libvirt-python ask. */
VIRT__PRIVATE int virt__hv_per_vcpu_stats(virt__hv_priv *p, virDomainPtr dom, const virt_hv_domain_info *d,
                                          virTypedParameterPtr params, unsigned int nparams, unsigned int start,
                                          unsigned int ncpus)
{
    virt_hv_vcpu_info v;
    virt_status st;
    unsigned int i, count = virt__hv_vcpu_count(d);
    if (!params) return ncpus ? 1 : (int)count;
    for (i = start; i < count && i - start < ncpus; i++) {
        if (virt_hv_vcpu_info_get(p->hv, d->domid, i, &v, &st) != VIRT_OK) return virt__hv_report(p->conn, dom, &st);
        virt__hv_cpu_time_param(&params[(size_t)(i - start) * nparams], v.cpu_time);
    }
    return (int)nparams;
}

/* virDomainGetCPUStats as libvirt's libxl driver answers it
 * (libxlDomainGetCPUStats): start_cpu -1 gives the domain's "cpu_time"
 * (getdomaininfo), else one per vCPU (getvcpuinfo). The count returned
 * is nparams, as libvirt returns it; entries it does not fill are zeroed,
 * as libvirt's remote client zeroes them. */
VIRT__PRIVATE int virt__hv_get_cpu_stats(void *priv, virDomainPtr dom, virTypedParameterPtr params,
                                         unsigned int nparams, int start_cpu, unsigned int ncpus, unsigned int flags)
{
    virt__hv_priv *p = (virt__hv_priv *)priv;
    virt_hv_domain_info d;
    int rc;
    if (flags & ~(unsigned int)VIR_TYPED_PARAM_STRING_OKAY)
        return virt__hv_bad_flags(dom, flags & ~(unsigned int)VIR_TYPED_PARAM_STRING_OKAY, "libxlDomainGetCPUStats");
    if ((rc = virt__hv_dom_info(p, dom, &d)) != 0) return rc;
    if (params) memset(params, 0, sizeof *params * (size_t)nparams * (start_cpu == -1 ? 1u : ncpus));
    if (start_cpu != -1) return virt__hv_per_vcpu_stats(p, dom, &d, params, nparams, (unsigned int)start_cpu, ncpus);
    if (!params) return 1;
    virt__hv_cpu_time_param(&params[0], d.cpu_time);
    return (int)nparams;
}

VIRT__PRIVATE void virt__hv_driver_fill_issue11(virt__driver *d)
{
    d->domain_memory_stats = virt__hv_memory_stats;
    d->domain_get_cpu_stats = virt__hv_get_cpu_stats;
    d->node_get_memory_stats = virt__hv_node_memory_stats;
    d->node_get_cpu_stats = virt__hv_node_cpu_stats;
    d->domain_block_stats = virt__hv_block_stats;
    d->domain_interface_stats = virt__hv_interface_stats;
    d->get_capabilities = virt__hv_get_capabilities;
    d->get_max_vcpus = virt__hv_get_max_vcpus;
    d->node_get_cells_free_memory = virt__hv_cells_free_memory;
    d->node_get_cpu_map = virt__hv_node_cpu_map;
    d->domain_get_vcpus = virt__hv_get_vcpus;
    d->domain_pin_vcpu = virt__hv_pin_vcpu;
    d->domain_get_vcpu_pin_info = virt__hv_get_vcpu_pin_info;
    d->domain_get_vcpus_flags = virt__hv_get_vcpus_flags;
    d->domain_get_state = virt__hv_get_state;
    d->domain_get_scheduler_type = virt__hv_get_scheduler_type;
    d->domain_get_scheduler_params = virt__hv_get_scheduler_params;
    d->domain_set_scheduler_params = virt__hv_set_scheduler_params;
}

VIRT__PRIVATE void virt__hv_driver_fill(virt__driver *d)
{
    virt__hv_driver_fill_issue11(d);
    d->name = "hypervisor";
    d->type = "Xen";
    d->origin = VIR_FROM_XEN;
    d->open = virt__hv_open;
    d->close = virt__hv_close;
    d->get_version = virt__hv_get_version;
    d->node_get_info = virt__hv_node_get_info;
    d->node_get_free_memory = virt__hv_node_get_free_memory;
    d->list_domains = virt__hv_list_domains;
    d->num_of_domains = virt__hv_num_of_domains;
    d->domain_lookup_by_name = virt__hv_lookup_by_name;
    d->domain_lookup_by_id = virt__hv_lookup_by_id;
    d->domain_lookup_by_uuid = virt__hv_lookup_by_uuid;
    d->domain_destroy = virt__hv_destroy;
    d->domain_suspend = virt__hv_suspend;
    d->domain_resume = virt__hv_resume;
    d->domain_get_info = virt__hv_get_info;
    d->domain_get_os_type = virt__hv_get_os_type;
    d->domain_get_max_memory = virt__hv_get_max_memory;
    d->domain_set_max_memory = virt__hv_set_max_memory;
}
#endif /* VIRT__DRIVER_GLUE */

/*
MIT License. Copyright (c) 2026 The virt developers.
Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions: The above copyright notice and this
permission notice shall be included in all copies or substantial portions of
the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
*/
