/* virt_xml.h - domain XML: definition struct, expat parser, writer - virt 0.1 - MIT licence (see end of file)

   Do this:
      #define VIRT_IMPLEMENTATION
      #include "virt.h"
   in exactly ONE C or C++ file (never in a header); every other file just
   includes the header. virt_xml.h also works alone (expat and libc only):
   define VIRT_IMPLEMENTATION and include "virt_xml.h" instead; link -lexpat.

   Compile-time options (all optional; the exact list, no others):
     VIRT_XML_MAX_BYTES     1 MiB   largest document virt_domain_def_parse
                                    accepts (VIRT_E_LIMIT above it)
     VIRT_XML_MAX_DEVICES   256     most <devices> children (<emulator> not
                                    counted, unknown ones counted) per domain
     VIRT_XML_NO_FAST_PASS  off     parse with expat alone: no ASCII fast
                                    pass before it (smaller code; the same
                                    results, errors and positions, slower)
   and those of virt.h (VIRT_API, VIRT_STATIC, VIRT_MALLOC/REALLOC/FREE,
   VIRT_ASSERT). expat allocates through VIRT_MALLOC/REALLOC/FREE as well.

   Quick start:
      virt_domain_def *def;  virt_status st;
      if (virt_domain_def_parse(xml, (size_t)-1, &def, &st) != VIRT_OK) {
          fprintf(stderr, "%s\n", st.message);   // "domain XML line 7, column 3:
          return -1;                              //  <memory> is not a number: '12x'"
      }
      def->vcpus = 2;
      char *out = virt_domain_def_format(def);    // libvirt 0.2.0 layout
      puts(out);
      free(out);                                  // VIRT_FREE if you replaced it
      virt_domain_def_free(def);

   What is read: libvirt 9.0's domain model for `xen` and `test` domains
   (domain.rng, formatdomain), so documents of every libvirt era parse:
     <domain type='' id=''>  <name> (required)  <uuid> (32 hex digits, dashes
       anywhere)  <title> <description>  <bootloader> <bootloader_args>
     <memory> <currentMemory> <maxMemory slots=''>   unit='' b, bytes, KB, k,
       KiB, MB, M, MiB, GB, G, GiB, TB, T, TiB (default KiB); stored in KiB,
       rounded up
     <vcpu placement='' cpuset='' current=''>  on_poweroff/on_reboot/on_crash
     <cputune> <shares> <period> <quota> <vcpupin vcpu='' cpuset=''/>
     <numatune> <memory mode='' nodeset='' placement=''/> <memnode cellid=''
       mode='' nodeset=''/>
     <cpu mode='' match='' check='' migratable=''> <model fallback=''>
       <vendor> <topology sockets='' dies='' cores='' threads=''/> <feature
       policy='' name=''/> <numa><cell id='' cpus='' memory='' unit=''
       memAccess='' discard=''><distances><sibling id='' value=''/>
       </distances></cell></numa>
     <os> <type arch='' machine=''> <loader readonly='' type='' format=''>
       <nvram> <kernel> <initrd> <root> <cmdline> <smbios mode=''/> <boot dev=''/> (up to 4,
       in order; or 0.2.0's <boot>cdrom</boot>)
     <features> pae acpi apic viridian, hap and pvspinlock (state='on|off'),
       <xen><e820_host state=''/><passthrough state='' mode=''/></xen>,
       <hyperv mode=''> relaxed vapic spinlocks (retries) vpindex runtime
       synic stimer reset vendor_id (value) frequencies reenlightenment
       tlbflush ipi evmcs avic (state='')
     <clock offset='utc|localtime|variable' adjustment='' basis=''>
       <timer name='' present='' tickpolicy='' track='' mode=''/> (up to 8)
     <devices> <emulator>, and each device with its <address> (as written):
       disk (file, block, network with protocol, name and up to 8 <host
       name port transport socket>; disk, cdrom, floppy; driver name/type; source,
       absent for an empty cdrom; target dev/bus; readonly; shareable),
       interface (bridge, ethernet, network; mac, source, ip (up to 4), script,
       target, model, vlan tags, virtualport parameters, bandwidth), graphics (vnc, sdl, spice: port, autoport, listen,
       passwd, keymap, one <listen type='' address=''/>), serial, parallel,
       console, channel (type; tty; up to two <source mode path host
       service>; protocol; target type/port/name), input (type, bus), sound
       (model), video (model type, vram, heads, primary), hostdev (pci, usb:
       mode, managed, source address), controller (type, index, model,
       maxGrantFrames, maxEventChannels), memballoon (model), watchdog
       (model, action).
   Nothing is dropped silently: the first element or attribute this model
   does not hold (<memtune>, <stimer><direct>, a NUMA cell's <cache>, a fifth
   <ip>, a network disk's <auth>, <sysinfo>, scsi hostdevs, another interface type ...) is named in def->unsupported;
   the document still parses, and every consumer that would lose it
   refuses it instead (the test driver's define, xml2sexpr: both report
   VIR_ERR_CONFIG_UNSUPPORTED). A repeated element: the first one counts,
   as libvirt's XPath.

   What is written: virt_domain_def_format, libvirt 0.2.0's layout, byte for
   byte the sexpr2xml test data of that release: 2-space indent, the 0.2.0
   element order, devices in stored order, UUID as 32 digits, id only when
   >= 0, <vcpu> always (1 when unset), <currentMemory> when nonzero, vnc port
   always (-1 = any free port); what 0.2.0 did not know (the newer devices,
   a boot order, timers, vcpu attributes) is added in libvirt 9's form. Not
   written there: a slot-less <maxMemory> (test-node files), an ethernet interface's <source dev=''>,
   sdl's port. virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9)
   writes libvirt 9.0's `virsh dumpxml` layout (dashed UUID, units,
   defaults written out, devices grouped in libvirt's order; passwords only
   with VIRT_XML_FORMAT_SECURE); virt_domain_def_apply_defaults adds what
   libvirt's post-parse adds first (tests/xml/test_xml_libvirt9.c compares
   the pair live with libvirt 9.0's test driver). The output validates
   against libvirt 9's domain.rng, except what the data itself breaks: a
   target such as xend's 'xvda:disk' (tests/xml).

   Errors: parse returns VIRT_E_SYNTAX (not well-formed, not a <domain>, a
   DOCTYPE), VIRT_E_INVAL (a bad or missing value), VIRT_E_LIMIT (size,
   devices, nesting deeper than 48) or VIRT_E_NOMEM; st->message names the
   line, column, element and offending value.

   Untrusted input: documents are size-bounded before expat sees them;
   DTDs are refused (no internal or external entities, so no billion-laughs
   and no file disclosure); nesting and device counts are bounded; every
   number is range-checked; every path frees what it allocated.

   Thread safety: every function is reentrant (no global state).
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

#ifndef VIRT_XML_H
#define VIRT_XML_H

#ifdef __cplusplus
extern "C" {
#endif

/* Hard limit on the size of a domain XML document (bytes). */
#ifndef VIRT_XML_MAX_BYTES
#define VIRT_XML_MAX_BYTES (1024 * 1024)
#endif
/* Hard limit on the number of <devices> children of one domain. */
#ifndef VIRT_XML_MAX_DEVICES
#define VIRT_XML_MAX_DEVICES 256
#endif

#define VIRT_UUID_BUFLEN 16
#define VIRT_UUID_STRING_BUFLEN 37

/* on_poweroff / on_reboot / on_crash; values equal libvirt's virDomainRestart */
typedef enum virt_lifecycle {
    VIRT_LIFECYCLE_UNSET = 0,
    VIRT_LIFECYCLE_DESTROY = 1,
    VIRT_LIFECYCLE_RESTART = 2,
    VIRT_LIFECYCLE_PRESERVE = 3,
    VIRT_LIFECYCLE_RENAME_RESTART = 4
} virt_lifecycle;

/* <features> bits */
#define VIRT_FEATURE_PAE  (1u << 0)
#define VIRT_FEATURE_ACPI (1u << 1)
#define VIRT_FEATURE_APIC (1u << 2)
#define VIRT_FEATURE_HAP  (1u << 3)          /* <hap/> or <hap state='on'/> */
#define VIRT_FEATURE_VIRIDIAN (1u << 4)
#define VIRT_FEATURE_PVSPINLOCK (1u << 5)    /* <pvspinlock state='on'/> */
#define VIRT_FEATURE_HAP_OFF (1u << 8)       /* <hap state='off'/> */
#define VIRT_FEATURE_PVSPINLOCK_OFF (1u << 9)

/* <address type='' .../> of a device, as written: attrs holds name, value
 * pairs in document order (type first), natts pairs; none when natts 0. */
#define VIRT_ADDRESS_MAX_ATTRS 8
typedef struct virt_address_def {
    char *attrs[2 * VIRT_ADDRESS_MAX_ATTRS];
    unsigned int natts;
} virt_address_def;

typedef enum virt_disk_type { VIRT_DISK_FILE = 0, VIRT_DISK_BLOCK = 1, VIRT_DISK_NETWORK = 2 } virt_disk_type;
#define VIRT_DISK_MAX_HOSTS 8
typedef enum virt_disk_device {
    VIRT_DISK_DEVICE_DISK = 0, VIRT_DISK_DEVICE_CDROM = 1, VIRT_DISK_DEVICE_FLOPPY = 2
} virt_disk_device;
typedef struct virt_disk_def {
    virt_disk_type type;        /* <disk type='file|block'> */
    virt_disk_device device;    /* <disk device='disk|cdrom|floppy'> */
    char *driver_name;          /* <driver name=''>, NULL if absent */
    char *driver_type;          /* <driver type=''>, NULL if absent */
    char *source;               /* <source file=''> or <source dev=''> */
    char *target;               /* <target dev=''> */
    int readonly;               /* <readonly/> */
    char *bus;                  /* <target bus=''>: ide, scsi, xen, virtio, fdc, usb, sata */
    int shareable;              /* <shareable/> */
    /* VIRT_DISK_NETWORK: <source protocol='' name=''> (name in source) and
     * its <host name='' port='' transport='' socket=''/>s, four strings each */
    char *protocol;
    char *hosts[4 * VIRT_DISK_MAX_HOSTS];
    unsigned int nhosts;
} virt_disk_def;

#define VIRT_NET_MAX_VLAN_TAGS 4
#define VIRT_NET_MAX_MORE_IPS 3     /* <ip>s after the first */
/* VIRT_NET_NETWORK (a libvirt virtual network, <source network=''>) is read
 * so that modern libvirt XML parses; Xen 3.0 has no such interface. */
typedef enum virt_net_type {
    VIRT_NET_BRIDGE = 0, VIRT_NET_ETHERNET = 1, VIRT_NET_NETWORK = 2
} virt_net_type;
typedef struct virt_net_def {
    virt_net_type type;         /* <interface type='bridge|ethernet|network'> */
    char *source;               /* <source bridge=''> (bridge), <source dev=''> (ethernet),
                                   <source network=''> (network) */
    char *mac;                  /* <mac address=''>, normalised to lower case */
    char *ip;                   /* <ip address=''> */
    char *more_ips[VIRT_NET_MAX_MORE_IPS]; /* the next <ip address=''>s, in order */
    unsigned int nmore_ips;
    char *script;               /* <script path=''> */
    char *target;               /* <target dev=''> */
    char *model;                /* <model type=''> */
    char *vlan_trunk;           /* <vlan trunk=''> */
    char *vlan_tags[2 * VIRT_NET_MAX_VLAN_TAGS]; /* <tag id='' nativeMode=''>: id, mode pairs */
    unsigned int nvlan_tags;
    char *virtualport_type;     /* <virtualport type='openvswitch'> */
    virt_address_def virtualport_params; /* its <parameters .../> attributes, as written */
    virt_address_def bandwidth_in, bandwidth_out; /* <bandwidth><inbound .../><outbound .../> attributes */
} virt_net_def;

typedef enum virt_graphics_type {
    VIRT_GRAPHICS_VNC = 0, VIRT_GRAPHICS_SDL = 1, VIRT_GRAPHICS_SPICE = 2
} virt_graphics_type;
typedef struct virt_graphics_def {
    virt_graphics_type type;
    int port;                   /* -1: autoport (no port attribute / port='-1') */
    char *listen;               /* NULL if absent */
    char *passwd;               /* NULL if absent */
    char *keymap;               /* NULL if absent */
    int autoport;               /* autoport='yes' 1, 'no' 0, absent -1 */
    char *listen_type;          /* the first <listen type=''>, NULL if none */
    char *listen_address;       /* its address='' */
    int has_listen;             /* a <listen> element was given */
} virt_graphics_def;

/* One end of a character device (<source mode='' path='' host='' service=''/>) */
typedef struct virt_chardev_source {
    char *mode, *path, *host, *service;
} virt_chardev_source;
/* <serial>, <parallel>, <console>, <channel>. type is NULL for libvirt
 * 0.2.0's <console tty=''/> form (what sexpr2xml writes). */
typedef struct virt_chardev_def {
    char *type;                 /* pty, file, tcp, udp, unix, pipe, null, dev, ... */
    char *tty;                  /* tty='' */
    virt_chardev_source source[2]; /* udp has a connect and a bind end */
    char *protocol;             /* <protocol type='raw|telnet'/> */
    char *target_type, *target_port, *target_name; /* <target type='' port='' name=''/> */
} virt_chardev_def;
typedef virt_chardev_def virt_console_def;

typedef struct virt_input_def { char *type, *bus; } virt_input_def;       /* <input type='' bus=''/> */
typedef struct virt_sound_def { char *model; } virt_sound_def;            /* <sound model=''/> */
typedef struct virt_video_def {                                           /* <video><model .../> */
    char *model, *vram, *heads;
    int primary;
} virt_video_def;
/* <hostdev mode='subsystem' type='pci' managed=''><source><address .../> */
typedef struct virt_hostdev_def {
    char *mode, *type, *managed;
    virt_address_def source;
} virt_hostdev_def;
typedef struct virt_controller_def {       /* <controller type='' index='' model='' .../> */
    char *type, *index, *model, *max_grant_frames, *max_event_channels;
} virt_controller_def;
typedef struct virt_memballoon_def {
    char *model;
    int stats_period;             /* <stats period='N'/> in seconds; 0: none */
} virt_memballoon_def;
typedef struct virt_watchdog_def { char *model, *action; } virt_watchdog_def;

typedef enum virt_device_kind {
    VIRT_DEVICE_DISK = 0, VIRT_DEVICE_INTERFACE = 1,
    VIRT_DEVICE_GRAPHICS = 2, VIRT_DEVICE_CONSOLE = 3,
    VIRT_DEVICE_SERIAL = 4, VIRT_DEVICE_PARALLEL = 5, VIRT_DEVICE_CHANNEL = 6,
    VIRT_DEVICE_INPUT = 7, VIRT_DEVICE_SOUND = 8, VIRT_DEVICE_VIDEO = 9,
    VIRT_DEVICE_HOSTDEV = 10, VIRT_DEVICE_CONTROLLER = 11, VIRT_DEVICE_MEMBALLOON = 12,
    VIRT_DEVICE_WATCHDOG = 13
} virt_device_kind;
#define VIRT_DEVICE_KIND_COUNT 14
/* One <devices> child. Devices keep their document order, because xend
 * reports them in its own order and the XML must follow it. */
typedef struct virt_device_def {
    virt_device_kind kind;
    union {
        virt_disk_def disk;
        virt_net_def net;
        virt_graphics_def graphics;
        virt_chardev_def console;   /* console, serial, parallel, channel */
        virt_input_def input;
        virt_sound_def sound;
        virt_video_def video;
        virt_hostdev_def hostdev;
        virt_controller_def controller;
        virt_memballoon_def memballoon;
        virt_watchdog_def watchdog;
    } u;
    virt_address_def address;   /* <address>, any kind */
} virt_device_def;

/* <clock><timer name='' present='' tickpolicy='' track=''/> */
typedef struct virt_timer_def { char *name, *present, *tickpolicy, *track, *mode; } virt_timer_def;
#define VIRT_XML_MAX_TIMERS 8
/* <cputune><vcpupin vcpu='' cpuset=''/> */
typedef struct virt_vcpupin_def { char *vcpu, *cpuset; } virt_vcpupin_def;
#define VIRT_XML_MAX_VCPUPIN 64
/* <numatune><memnode cellid='' mode='' nodeset=''/> */
typedef struct virt_memnode_def { char *cellid, *mode, *nodeset; } virt_memnode_def;
#define VIRT_XML_MAX_MEMNODES 16
/* <cpu><feature policy='' name=''/> */
typedef struct virt_cpu_feature_def { char *policy, *name; } virt_cpu_feature_def;
#define VIRT_XML_MAX_CPU_FEATURES 64
/* <cpu><numa><cell id='' cpus='' memory='' memAccess='' discard=''/>;
 * memory in KiB (decimal digits), converted from its unit='' */
typedef struct virt_cpu_cell_def { char *id, *cpus, *memory, *mem_access, *discard; } virt_cpu_cell_def;
#define VIRT_XML_MAX_CPU_CELLS 16
/* <cell><distances><sibling id='' value=''/>: cell is the index (decimal) in
 * cpu_cells of the cell it belongs to */
typedef struct virt_cpu_distance_def { char *cell, *id, *value; } virt_cpu_distance_def;
#define VIRT_XML_MAX_CPU_DISTANCES 256
/* <features><hyperv>'s enlightenments, in libvirt's order (virDomainHyperv) */
typedef enum virt_hyperv_feature {
    VIRT_HYPERV_RELAXED = 0, VIRT_HYPERV_VAPIC, VIRT_HYPERV_SPINLOCKS, VIRT_HYPERV_VPINDEX,
    VIRT_HYPERV_RUNTIME, VIRT_HYPERV_SYNIC, VIRT_HYPERV_STIMER, VIRT_HYPERV_RESET,
    VIRT_HYPERV_VENDOR_ID, VIRT_HYPERV_FREQUENCIES, VIRT_HYPERV_REENLIGHTENMENT,
    VIRT_HYPERV_TLBFLUSH, VIRT_HYPERV_IPI, VIRT_HYPERV_EVMCS, VIRT_HYPERV_AVIC,
    VIRT_HYPERV_COUNT
} virt_hyperv_feature;
/* <features><hyperv mode=''>: state[f] is <f state=''/>'s state, NULL when absent */
typedef struct virt_hyperv_def {
    char *mode;                          /* custom (the default) or passthrough */
    char *state[VIRT_HYPERV_COUNT];
    char *spinlocks_retries;             /* <spinlocks retries=''/> */
    char *vendor_id;                     /* <vendor_id value=''/> */
} virt_hyperv_def;
#define VIRT_XML_MAX_BOOT 4

/* A domain definition: what a domain XML document says. Every string is
 * owned by the struct and may be NULL when absent: the parser and
 * virt_domain_def_copy keep a definition's strings together in a few
 * blocks the definition owns (one allocation for all of them, not one
 * each), any other string is VIRT_MALLOC'd. So a NULL field may be given a
 * VIRT_MALLOC'd string, but a set one is replaced or cleared only through
 * virt_domain_def_set_string (never free()d directly), and a string never
 * moves from one definition to another (copy it). The
 * record lists (timers, vcpupin, memnodes, cpu_features, cpu_cells,
 * cpu_distances) are NULL until their first record: then an array of
 * VIRT_XML_MAX_* records is VIRT_MALLOC'd and zeroed, owned by the struct
 * as well (a definition is then under 1 KB, not 10 KB: every parse and
 * copy zeroes or copies it). */
typedef struct virt_domain_def {
    char *type;                 /* <domain type=''>: "xen", "test", ... */
    int id;                     /* <domain id=''>, -1 when absent */
    char *name;                 /* required */
    unsigned char uuid[VIRT_UUID_BUFLEN];
    int has_uuid;
    char *bootloader;           /* <bootloader> */
    char *bootloader_args;      /* <bootloader_args> */
    struct {
        char *type;             /* <os><type>: "linux" (PV) or "hvm" */
        char *arch;             /* <type arch=''> (libvirt >= 0.2 writes it) */
        char *machine;          /* <type machine=''> */
        char *loader;           /* <loader> (HVM) */
        char *kernel, *initrd, *root, *cmdline;
        char *boot_dev;         /* <boot dev=''>: "hd", "cdrom", "fd", "network" */
    } os;
    unsigned long long memory_kib;         /* <memory>: the maximum, KiB */
    unsigned long long current_memory_kib; /* <currentMemory>, 0 when absent */
    unsigned long long max_memory_kib;     /* <maxMemory> (test-node files), 0 when absent */
    unsigned int vcpus;                    /* <vcpu>, 0 when absent (means 1) */
    virt_lifecycle on_poweroff, on_reboot, on_crash;
    unsigned int features;                 /* VIRT_FEATURE_* */
    int localtime;                         /* <clock offset='localtime'/> */
    char *emulator;                        /* <devices><emulator> */
    virt_device_def *devices;
    size_t ndevices;
    /* libvirt >= 0.8 */
    char *title, *description;             /* <title>, <description> */
    char *vcpu_placement, *vcpu_cpuset, *vcpu_current; /* <vcpu placement='' cpuset='' current=''> */
    char *clock_offset;                    /* utc, localtime, variable; NULL when absent */
    char *clock_adjustment, *clock_basis;  /* offset='variable' */
    virt_timer_def *timers;                /* <clock><timer>s (see below) */
    unsigned int ntimers;
    char *loader_readonly, *loader_type;   /* <loader readonly='' type=''> */
    char *loader_format;                   /* <loader format=''> (libvirt >= 9.2) */
    char *cputune_shares, *cputune_period, *cputune_quota; /* <cputune><shares> <period> <quota> */
    virt_vcpupin_def *vcpupin;             /* <cputune><vcpupin>, as written (see below) */
    unsigned int nvcpupin;
    char *nvram;                           /* <os><nvram> */
    char *boot_devs[VIRT_XML_MAX_BOOT];    /* every <boot dev=''>, in order; boot_devs[0] == os.boot_dev's value */
    unsigned int nboot;
    char *max_memory_slots;                /* <maxMemory slots=''> (memory hotplug); NULL in test-node files */
    int has_numatune_memory;               /* <numatune><memory mode='' nodeset='' placement=''/> */
    char *numatune_mode, *numatune_nodeset, *numatune_placement;
    virt_memnode_def *memnodes;            /* <numatune><memnode>, as written (see below) */
    unsigned int nmemnodes;
    int has_cpu;                           /* a <cpu> element was given */
    char *cpu_mode, *cpu_match, *cpu_check, *cpu_migratable; /* <cpu mode='' match='' check='' migratable=''> */
    char *cpu_model, *cpu_model_fallback;  /* <model fallback=''>name</model> */
    char *cpu_vendor;                      /* <vendor> */
    char *cpu_sockets, *cpu_dies, *cpu_cores, *cpu_threads; /* <topology .../> */
    virt_cpu_feature_def *cpu_features;    /* <feature>, as written (see below) */
    unsigned int ncpu_features;
    virt_cpu_cell_def *cpu_cells;          /* <numa><cell>, as written (see below) */
    unsigned int ncpu_cells;
    virt_cpu_distance_def *cpu_distances;  /* every cell's <sibling>s, in order (see below) */
    unsigned int ncpu_distances;
    int has_hyperv;                        /* <features><hyperv> */
    virt_hyperv_def hyperv;
    char *smbios_mode;                     /* <os><smbios mode=''/>: host or emulate (sysinfo needs <sysinfo>) */
    char *xen_e820_host;                   /* <features><xen><e820_host state=''/> */
    char *xen_passthrough, *xen_passthrough_mode; /* <passthrough state='' mode=''/> */
    /* The first element or attribute of the document that this model does
     * not hold ("<cputune>", "<vcpu> attribute 'foo'"), NULL when nothing
     * was left out. A consumer that must not lose configuration (the test
     * driver's define, xml2sexpr) refuses the document when it is set. */
    char *unsupported;
    void *virt__strings;        /* private: the blocks holding the strings (see above) */
} virt_domain_def;

/* Parse a domain XML document of `len` bytes (len may be (size_t)-1 for a
 * NUL-terminated string). On success *out is a new definition (free it with
 * virt_domain_def_free) and VIRT_OK is returned. On failure *out is NULL and
 * a negative virt_result comes back: VIRT_E_SYNTAX for malformed XML (or a
 * DOCTYPE, or a root other than <domain>), VIRT_E_INVAL for a bad or missing
 * value, VIRT_E_LIMIT over VIRT_XML_MAX_BYTES, VIRT_XML_MAX_DEVICES or the
 * nesting bound, VIRT_E_NOMEM; st->message (st may be NULL) says which line,
 * column, element and value. Thread-safe. */
VIRT_API int virt_domain_def_parse(const char *xml, size_t len, virt_domain_def **out,
                                   virt_status *st); /* Since: 0.1 */
/* Write the definition as libvirt 0.2.0 wrote Xen domain XML (2-space indent,
 * fixed element order, trailing newline; the top comment lists what is and
 * is not written). A NULL type is written as 'xen'. Returns a VIRT_MALLOC'd
 * string, NULL when out of memory or def is NULL. Thread-safe. */
VIRT_API char *virt_domain_def_format(const virt_domain_def *def); /* Since: 0.1 */
/* virt_domain_def_format_ex flags */
#define VIRT_XML_FORMAT_LIBVIRT9 1u   /* libvirt 9.0's `virsh dumpxml` layout, not 0.2.0's */
#define VIRT_XML_FORMAT_SECURE   2u   /* include passwords (VIR_DOMAIN_XML_SECURE) */
/* Writes the definition in the layout the flags ask for: 0 is
 * virt_domain_def_format's libvirt 0.2.0 layout; VIRT_XML_FORMAT_LIBVIRT9
 * writes every field of the model as libvirt 9.0 does (dashed UUID, units,
 * defaults written out, devices grouped in libvirt's order). NULL when out
 * of memory or def is NULL. Thread-safe. */
VIRT_API char *virt_domain_def_format_ex(const virt_domain_def *def, unsigned int flags); /* Since: 0.2 */
/* virt_domain_def_apply_defaults flags */
#define VIRT_XML_DEFAULTS_TEST 1u   /* the test driver's own: interface names testnetN */
/* Adds what libvirt 9.0's parser and post-parse callbacks add to a domain
 * it is given, so that virt_domain_def_format_ex(VIRT_XML_FORMAT_LIBVIRT9)
 * writes what libvirt's dumpxml does: arch i686 when absent, boot from hd
 * (HVM without a kernel), disk buses from the target names and their
 * order, drive addresses and the disk controllers they need, interface
 * MACs (52:54:00, from the UUID) and names, chardev target ports, the HVM
 * console as serial 0, video RAM and the primary card, graphics <listen>.
 * VIRT_OK, VIRT_E_NOMEM, or VIRT_E_LIMIT when the implicit devices exceed
 * VIRT_XML_MAX_DEVICES. Thread-safe. */
VIRT_API int virt_domain_def_apply_defaults(virt_domain_def *def, unsigned int flags, virt_status *st); /* Since: 0.2 */
/* Deep copy; NULL when out of memory. */
VIRT_API virt_domain_def *virt_domain_def_copy(const virt_domain_def *def); /* Since: 0.1 */
/* A new, empty definition (id -1), NULL when out of memory. */
VIRT_API virt_domain_def *virt_domain_def_new(void); /* Since: 0.1 */
/* Frees def and everything it owns; NULL is fine. Since: 0.1 */
VIRT_API void virt_domain_def_free(virt_domain_def *def);
/* Replaces the string *field of def (a char * member of def or of one of
 * its devices or records) by a VIRT_MALLOC'd copy of value, or by NULL when
 * value is NULL, releasing the old one as the definition holds it (see
 * virt_domain_def). VIRT_OK, or VIRT_E_NOMEM (*field unchanged). */
VIRT_API int virt_domain_def_set_string(virt_domain_def *def, char **field, const char *value); /* Since: 0.2 */

/* "on_*" names <-> enum ("destroy", "restart", "preserve", "rename-restart");
 * parse returns VIRT_LIFECYCLE_UNSET for an unknown name. */
VIRT_API virt_lifecycle virt_lifecycle_from_string(const char *s); /* Since: 0.1 */
/* NULL for VIRT_LIFECYCLE_UNSET or an unknown value. Since: 0.1 */
VIRT_API const char *virt_lifecycle_to_string(virt_lifecycle l);

/* UUIDs: parse accepts 32 hex digits with or without dashes anywhere
 * (libvirt's rule), either case, blanks around; returns 0 or -1. format
 * writes the dashed lower-case form into buf[VIRT_UUID_STRING_BUFLEN]. */
VIRT_API int virt_uuid_parse(const char *s, unsigned char uuid[VIRT_UUID_BUFLEN]); /* Since: 0.1 */
VIRT_API void virt_uuid_format(const unsigned char uuid[VIRT_UUID_BUFLEN], char *buf); /* Since: 0.1 */
/* MAC addresses "aa:bb:cc:dd:ee:ff" (one or two hex digits per group, either
 * case, as libvirt accepts): 0 and mac[] filled if valid, -1 if not. */
VIRT_API int virt_mac_parse(const char *s, unsigned char mac[6]); /* Since: 0.1 */

/* Escape &, <, >, ' and " for XML (CR, LF and TAB as character references,
 * other C0 control characters, which XML 1.0 cannot carry, dropped): safe in
 * text and in quoted attributes. A new VIRT_MALLOC'd string, NULL when out of
 * memory or s is NULL. */
VIRT_API char *virt_xml_escape(const char *s); /* Since: 0.1 */

#ifdef __cplusplus
}
#endif
#endif /* VIRT_XML_H */


#if defined(VIRT_IMPLEMENTATION) && !defined(VIRT_XML_IMPLEMENTATION_INCLUDED)
#define VIRT_XML_IMPLEMENTATION_INCLUDED
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
/* >>common size: overflow-checked size arithmetic */
#if defined(VIRT__COMMON_SIZE_VERSION) && VIRT__COMMON_SIZE_VERSION != 1000
#  error "virt: headers of two different virt releases meet in one file (this one is 0.1.0); vendor all of them from one release"
#endif
#ifndef VIRT__COMMON_SIZE_VERSION
#define VIRT__COMMON_SIZE_VERSION 1000   /* = VIRT_VERSION_NUMBER of this copy */
/* a + b and a * b without wrapping: 0 on overflow, 1 when *out is valid */
static inline int virt__size_add(size_t a, size_t b, size_t *out)
{
    if (a > (size_t)-1 - b) return 0;
    *out = a + b;
    return 1;
}
static inline int virt__size_mul(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > (size_t)-1 / a) return 0;
    *out = a * b;
    return 1;
}
#endif
/* >>common size end */
/* >>common str: string copies through VIRT_MALLOC */
#if defined(VIRT__COMMON_STR_VERSION) && VIRT__COMMON_STR_VERSION != 1000
#  error "virt: headers of two different virt releases meet in one file (this one is 0.1.0); vendor all of them from one release"
#endif
#ifndef VIRT__COMMON_STR_VERSION
#define VIRT__COMMON_STR_VERSION 1000   /* = VIRT_VERSION_NUMBER of this copy */
static inline char *virt__strndup(const char *s, size_t n)
{
    char *p;
    if (n == (size_t)-1) return NULL;
    p = (char *)VIRT_MALLOC(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
static inline char *virt__strdup(const char *s)
{
    return s ? virt__strndup(s, strlen(s)) : NULL;
}
#endif
/* >>common str end */
/* >>common buf: the growable byte buffer (needs size and str) */
#if defined(VIRT__COMMON_BUF_VERSION) && VIRT__COMMON_BUF_VERSION != 1000
#  error "virt: headers of two different virt releases meet in one file (this one is 0.1.0); vendor all of them from one release"
#endif
#ifndef VIRT__COMMON_BUF_VERSION
#define VIRT__COMMON_BUF_VERSION 1000   /* = VIRT_VERSION_NUMBER of this copy */
/* A growable byte buffer. After any failed append `failed` is set and later
 * appends do nothing, so writers check once at the end. Always NUL-terminated
 * when data is not NULL. */
typedef struct virt__buf {
    char *data;
    size_t len, cap;
    int failed;
} virt__buf;

static inline int virt__buf_reserve(virt__buf *b, size_t extra)
{
    size_t need, cap;
    char *p;
    if (b->failed) return 0;
    if (!virt__size_add(b->len, extra, &need) || !virt__size_add(need, 1, &need)) {
        b->failed = 1;
        return 0;
    }
    if (need <= b->cap) return 1;
    cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (!virt__size_mul(cap, 2, &cap)) { cap = need; break; }
    }
    p = (char *)VIRT_REALLOC(b->data, cap);
    if (!p) { b->failed = 1; return 0; }
    b->data = p;
    b->cap = cap;
    return 1;
}
static inline void virt__buf_add(virt__buf *b, const char *s, size_t n)
{
    if (!virt__buf_reserve(b, n)) return;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}
static inline void virt__buf_puts(virt__buf *b, const char *s)
{
    virt__buf_add(b, s, strlen(s));
}
static inline void virt__buf_printf(virt__buf *b, const char *fmt, ...) VIRT__PRINTF(2, 3);
static inline void virt__buf_printf(virt__buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    char small[128];
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) { b->failed = 1; return; }
    if ((size_t)n < sizeof small) { virt__buf_add(b, small, (size_t)n); return; }
    if (!virt__buf_reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}
/* Hands the string over to the caller (NULL if anything failed). */
static inline char *virt__buf_steal(virt__buf *b)
{
    char *s = b->data;
    if (b->failed) { VIRT_FREE(b->data); s = NULL; }
    else if (!s) s = virt__strdup("");
    b->data = NULL; b->len = b->cap = 0; b->failed = 0;
    return s;
}
static inline void virt__buf_free(virt__buf *b)
{
    VIRT_FREE(b->data);
    b->data = NULL; b->len = b->cap = 0; b->failed = 0;
}
#endif
/* >>common buf end */

/* >>xml implementation */
#include <expat.h>
#include <limits.h>

/* >>xml-small: UUIDs, MACs, escaping, lifecycle names */

VIRT__PRIVATE int virt__xml_hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

VIRT__PRIVATE int virt__xml_is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* libvirt's virUUIDParse rule: surrounding blanks are ignored and dashes may
 * stand anywhere between the 32 hex digits (0.2.0 wrote none, later
 * versions write the 8-4-4-4-12 form; both must be read). */
VIRT_API int virt_uuid_parse(const char *s, unsigned char uuid[VIRT_UUID_BUFLEN])
{
    unsigned char tmp[VIRT_UUID_BUFLEN];
    size_t i;
    if (!s || !uuid) return -1;
    while (virt__xml_is_space((unsigned char)*s)) s++;
    for (i = 0; i < VIRT_UUID_BUFLEN; i++) {
        int hi, lo;
        while (*s == '-') s++;
        hi = virt__xml_hexval((unsigned char)*s);
        if (hi < 0) return -1;
        s++;
        while (*s == '-') s++;
        lo = virt__xml_hexval((unsigned char)*s);
        if (lo < 0) return -1;
        s++;
        tmp[i] = (unsigned char)(hi * 16 + lo);
    }
    while (*s == '-') s++;
    while (virt__xml_is_space((unsigned char)*s)) s++;
    if (*s != '\0') return -1;
    memcpy(uuid, tmp, sizeof tmp);
    return 0;
}

VIRT_API void virt_uuid_format(const unsigned char uuid[VIRT_UUID_BUFLEN], char *buf)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, o = 0;
    for (i = 0; i < VIRT_UUID_BUFLEN; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) buf[o++] = '-';
        buf[o++] = hex[uuid[i] >> 4];
        buf[o++] = hex[uuid[i] & 15];
    }
    buf[o] = '\0';
}

/* Six groups of one or two hex digits separated by ':' (libvirt's
 * virMacAddrParse accepts the one-digit form too, e.g. "0:16:3e:1:2:3"). */
VIRT_API int virt_mac_parse(const char *s, unsigned char mac[6])
{
    unsigned char tmp[6];
    size_t i;
    if (!s || !mac) return -1;
    for (i = 0; i < 6; i++) {
        int v = virt__xml_hexval((unsigned char)*s);
        if (v < 0) return -1;
        s++;
        if (virt__xml_hexval((unsigned char)*s) >= 0) {
            v = v * 16 + virt__xml_hexval((unsigned char)*s);
            s++;
        }
        tmp[i] = (unsigned char)v;
        if (i < 5) {
            if (*s != ':') return -1;
            s++;
        }
    }
    if (*s != '\0') return -1;
    memcpy(mac, tmp, sizeof tmp);
    return 0;
}

/* Escapes for output. XML 1.0 cannot carry most C0 control characters,
 * not even as references, so those are dropped; CR (and in attributes TAB
 * and LF) become character references, or a reader would normalise them
 * (XML 1.0 sections 2.11 and 3.3.3) and a round trip would change them. */
/* Bytes the escaper stops at: 1 in text, 2 in an attribute (NUL, the
 * markup characters, CR and the other C0 controls in both; LF and TAB in
 * attributes only). A run of plain bytes costs one lookup each. */
static const unsigned char virt__xml_escape_class[256] = {
    3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 3, 3, 3, 3,   /* NUL, C0; TAB and LF: attributes */
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    0, 0, 3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0,   /* " & ' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 3, 0    /* < > */
};

/* The writer's pieces are called, not inlined: some 300 call sites
 * (inlined they cost 3 KB of text and gained nothing measurable). */
#if defined(__GNUC__) || defined(__clang__)
#  define VIRT__XML_PIECE VIRT__PRIVATE __attribute__((noinline))
#else
#  define VIRT__XML_PIECE VIRT__PRIVATE
#endif
/* The writer's pieces with one reservation each instead of one per
 * fragment (a dumpxml is some 300 of them). virt__xml_escape_to writes s
 * escaped at o, which has room for 6 bytes per byte of s (&quot;), and
 * returns the end. */
VIRT__PRIVATE char *virt__xml_escape_to(char *o, const char *s, int in_attr)
{
    const unsigned char stop = in_attr ? 2 : 1;
    for (;; s++) {
        const char *rep;
        size_t k;
        while (!(virt__xml_escape_class[(unsigned char)*s] & stop)) *o++ = *s++;
        switch (*s) {
        case '\0': return o;
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '\'': rep = "&apos;"; break;
        case '"': rep = "&quot;"; break;
        case '\r': rep = "&#13;"; break;
        case '\n': rep = "&#10;"; break;     /* attributes only (the class) */
        case '\t': rep = "&#9;"; break;
        default: rep = ""; break;            /* other C0 controls: XML 1.0 cannot carry them */
        }
        for (k = 0; rep[k]; k++) *o++ = rep[k];
    }
}

/* Room for n more bytes and the NUL, n computed without wrapping from a
 * fixed part and a part that may be escaped: the start of it, or NULL. */
VIRT__PRIVATE char *virt__w_room(virt__buf *b, size_t fixed, size_t escaped)
{
    if (escaped > ((size_t)-1 / 2 - fixed) / 6) { b->failed = 1; return NULL; }
    if (!virt__buf_reserve(b, fixed + 6 * escaped)) return NULL;
    return b->data + b->len;
}

VIRT__PRIVATE void virt__w_done(virt__buf *b, char *o)
{
    *o = '\0';
    b->len = (size_t)(o - b->data);
}

/* s escaped onto b (attribute rules when in_attr); a long s gets room
 * for what its escapes need, not six bytes a byte */
VIRT__PRIVATE void virt__xml_escape_into(virt__buf *b, const char *s, int in_attr)
{
    size_t n = strlen(s), special = 0;
    char *o;
    if (n > 4096) {
        const unsigned char stop = in_attr ? 2 : 1;
        const char *q;
        for (q = s; *q; q++) special += (virt__xml_escape_class[(unsigned char)*q] & stop) != 0;
        o = n > (size_t)-1 / 8 ? (b->failed = 1, (char *)NULL) : virt__w_room(b, n + 5 * special, 0);
    } else {
        o = virt__w_room(b, 0, n);
    }
    if (o) virt__w_done(b, virt__xml_escape_to(o, s, in_attr));
}

VIRT_API char *virt_xml_escape(const char *s)
{
    virt__buf b;
    if (!s) return NULL;
    memset(&b, 0, sizeof b);
    virt__xml_escape_into(&b, s, 1);
    return virt__buf_steal(&b);
}

/* Indexed by virt_lifecycle; the names are libvirt's (virDomainLifecycle). */
static const char *const virt__lifecycle_names[] = {
    NULL, "destroy", "restart", "preserve", "rename-restart"
};

VIRT_API virt_lifecycle virt_lifecycle_from_string(const char *s)
{
    size_t i;
    if (!s) return VIRT_LIFECYCLE_UNSET;
    for (i = 1; i < sizeof virt__lifecycle_names / sizeof virt__lifecycle_names[0]; i++)
        if (strcmp(s, virt__lifecycle_names[i]) == 0) return (virt_lifecycle)i;
    return VIRT_LIFECYCLE_UNSET;
}

VIRT_API const char *virt_lifecycle_to_string(virt_lifecycle l)
{
    if ((int)l <= 0 || (size_t)l >= sizeof virt__lifecycle_names / sizeof virt__lifecycle_names[0])
        return NULL;
    return virt__lifecycle_names[l];
}

/* >>xml-def: allocation, free, deep copy */

VIRT_API virt_domain_def *virt_domain_def_new(void)
{
    virt_domain_def *def = (virt_domain_def *)VIRT_MALLOC(sizeof *def);
    if (!def) return NULL;
    memset(def, 0, sizeof *def);
    def->id = -1;
    return def;
}

/* Every string a device owns, as offsets into virt_device_def: free and
 * copy walk these tables, so a new field is one line here. The counted
 * lists (a disk's hosts, an interface's VLAN tags and further IPs, which
 * only the parser fills) are walked by their counts (virt__device_lists). */
#define VIRT__DOFF(m) offsetof(virt_device_def, m)
static const size_t virt__disk_strings[] = {
    VIRT__DOFF(u.disk.driver_name), VIRT__DOFF(u.disk.driver_type), VIRT__DOFF(u.disk.source),
    VIRT__DOFF(u.disk.target), VIRT__DOFF(u.disk.bus), VIRT__DOFF(u.disk.protocol)
};
static const size_t virt__net_strings[] = {
    VIRT__DOFF(u.net.source), VIRT__DOFF(u.net.mac), VIRT__DOFF(u.net.ip), VIRT__DOFF(u.net.script),
    VIRT__DOFF(u.net.target), VIRT__DOFF(u.net.model), VIRT__DOFF(u.net.vlan_trunk),
    VIRT__DOFF(u.net.virtualport_type)
};
static const size_t virt__graphics_strings[] = {
    VIRT__DOFF(u.graphics.listen), VIRT__DOFF(u.graphics.passwd), VIRT__DOFF(u.graphics.keymap),
    VIRT__DOFF(u.graphics.listen_type), VIRT__DOFF(u.graphics.listen_address)
};
static const size_t virt__chardev_strings[] = {
    VIRT__DOFF(u.console.type), VIRT__DOFF(u.console.tty),
    VIRT__DOFF(u.console.source[0].mode), VIRT__DOFF(u.console.source[0].path),
    VIRT__DOFF(u.console.source[0].host), VIRT__DOFF(u.console.source[0].service),
    VIRT__DOFF(u.console.source[1].mode), VIRT__DOFF(u.console.source[1].path),
    VIRT__DOFF(u.console.source[1].host), VIRT__DOFF(u.console.source[1].service),
    VIRT__DOFF(u.console.protocol), VIRT__DOFF(u.console.target_type),
    VIRT__DOFF(u.console.target_port), VIRT__DOFF(u.console.target_name)
};
static const size_t virt__input_strings[] = { VIRT__DOFF(u.input.type), VIRT__DOFF(u.input.bus) };
static const size_t virt__sound_strings[] = { VIRT__DOFF(u.sound.model) };
static const size_t virt__video_strings[] = {
    VIRT__DOFF(u.video.model), VIRT__DOFF(u.video.vram), VIRT__DOFF(u.video.heads)
};
static const size_t virt__hostdev_strings[] = {
    VIRT__DOFF(u.hostdev.mode), VIRT__DOFF(u.hostdev.type), VIRT__DOFF(u.hostdev.managed)
};
static const size_t virt__controller_strings[] = {
    VIRT__DOFF(u.controller.type), VIRT__DOFF(u.controller.index), VIRT__DOFF(u.controller.model),
    VIRT__DOFF(u.controller.max_grant_frames), VIRT__DOFF(u.controller.max_event_channels)
};
static const size_t virt__memballoon_strings[] = { VIRT__DOFF(u.memballoon.model) };
static const size_t virt__watchdog_strings[] = { VIRT__DOFF(u.watchdog.model), VIRT__DOFF(u.watchdog.action) };
#undef VIRT__DOFF

VIRT__PRIVATE const size_t *virt__device_strings(virt_device_kind kind, size_t *n)
{
#define VIRT__TABLE(t) do { *n = sizeof t / sizeof t[0]; return t; } while (0)
    switch (kind) {
    case VIRT_DEVICE_DISK: VIRT__TABLE(virt__disk_strings);
    case VIRT_DEVICE_INTERFACE: VIRT__TABLE(virt__net_strings);
    case VIRT_DEVICE_GRAPHICS: VIRT__TABLE(virt__graphics_strings);
    case VIRT_DEVICE_CONSOLE: case VIRT_DEVICE_SERIAL: case VIRT_DEVICE_PARALLEL: case VIRT_DEVICE_CHANNEL:
        VIRT__TABLE(virt__chardev_strings);
    case VIRT_DEVICE_INPUT: VIRT__TABLE(virt__input_strings);
    case VIRT_DEVICE_SOUND: VIRT__TABLE(virt__sound_strings);
    case VIRT_DEVICE_VIDEO: VIRT__TABLE(virt__video_strings);
    case VIRT_DEVICE_HOSTDEV: VIRT__TABLE(virt__hostdev_strings);
    case VIRT_DEVICE_CONTROLLER: VIRT__TABLE(virt__controller_strings);
    case VIRT_DEVICE_MEMBALLOON: VIRT__TABLE(virt__memballoon_strings);
    case VIRT_DEVICE_WATCHDOG: VIRT__TABLE(virt__watchdog_strings);
    }
#undef VIRT__TABLE
    *n = 0;
    return NULL;
}

VIRT__PRIVATE char **virt__string_at(void *base, size_t off)
{
    return (char **)(void *)((char *)base + off);
}

/* >>xml-def strings: a definition's string blocks. The parser and
 * virt_domain_def_copy put strings one after the other in blocks the
 * definition owns (a list at def->virt__strings, newest first, each
 * block's bytes after its header): one allocation for a whole document's
 * strings instead of one per string, which was most of what the parser
 * cost beyond expat (issue 12). Strings set otherwise are VIRT_MALLOC'd;
 * releasing a string frees it only when it is not in a block. */
typedef struct virt__str_block {
    struct virt__str_block *next;
    size_t used, cap;
} virt__str_block;
#define VIRT__STR_BLOCK_MIN 256
#define VIRT__STR_BLOCK_MAX 16384   /* the growth stops doubling here */

/* 1 when s lies in one of def's blocks */
VIRT__PRIVATE int virt__def_owns(const virt_domain_def *def, const char *s)
{
    const virt__str_block *b;
    for (b = (const virt__str_block *)def->virt__strings; b; b = b->next)
        if ((uintptr_t)s - (uintptr_t)(b + 1) < b->cap) return 1;
    return 0;
}

/* Frees s unless a block of def holds it; NULL is fine. */
VIRT__PRIVATE void virt__def_release(const virt_domain_def *def, char *s)
{
    if (s && !virt__def_owns(def, s)) VIRT_FREE(s);
}

/* *field := owned (a VIRT_MALLOC'd string, or NULL), the old one released */
VIRT__PRIVATE void virt__def_put(const virt_domain_def *def, char **field, char *owned)
{
    virt__def_release(def, *field);
    *field = owned;
}

/* Makes the newest block of def have room for n more bytes: 0 when out of
 * memory. A new block is at least twice the last one (up to
 * VIRT__STR_BLOCK_MAX), at least VIRT__STR_BLOCK_MIN, at least n. */
VIRT__PRIVATE int virt__def_reserve(virt_domain_def *def, size_t n)
{
    virt__str_block *b = (virt__str_block *)def->virt__strings;
    size_t cap, bytes;
    if (b && b->cap - b->used >= n) return 1;
    cap = b ? (b->cap < VIRT__STR_BLOCK_MAX / 2 ? 2 * b->cap : VIRT__STR_BLOCK_MAX) : VIRT__STR_BLOCK_MIN;
    if (cap < n) cap = n;
    if (!virt__size_add(cap, sizeof *b, &bytes)) return 0;
    b = (virt__str_block *)VIRT_MALLOC(bytes);
    if (!b) return 0;
    b->next = (virt__str_block *)def->virt__strings;
    b->used = 0;
    b->cap = cap;
    def->virt__strings = b;
    return 1;
}

/* A copy of s[0..n) in def's blocks; NULL when out of memory. */
VIRT__PRIVATE char *virt__def_strndup(virt_domain_def *def, const char *s, size_t n)
{
    virt__str_block *b;
    char *d;
    if (n >= (size_t)-1 - sizeof *b || !virt__def_reserve(def, n + 1)) return NULL;
    b = (virt__str_block *)def->virt__strings;
    d = (char *)(void *)(b + 1) + b->used;
    memcpy(d, s, n);
    d[n] = '\0';
    b->used += n + 1;
    return d;
}

/* A copy of s in def's blocks; NULL when out of memory. */
VIRT__PRIVATE char *virt__def_strdup(virt_domain_def *def, const char *s)
{
    virt__str_block *b = (virt__str_block *)def->virt__strings;
    size_t n = strlen(s);
    if (b && b->cap - b->used > n) {    /* the common case, without a call */
        char *d = (char *)(void *)(b + 1) + b->used;
        memcpy(d, s, n + 1);
        b->used += n + 1;
        return d;
    }
    return virt__def_strndup(def, s, n);
}

/* Every string slot of a definition, walked by one visitor: free, copy
 * and measure are visitors. fn sees only the slots that are set. */
typedef enum { VIRT__VISIT_RELEASE, VIRT__VISIT_COPY, VIRT__VISIT_MEASURE } virt__visit_mode;
typedef struct virt__slot_visit {
    virt_domain_def *def;
    size_t bytes;               /* measure: the strings' bytes with their NULs */
    int ok;                     /* copy: 0 once a copy failed */
    virt__visit_mode mode;
} virt__slot_visit;

/* One set slot: release it, replace it by a copy in v->def (NULL where
 * the copy failed), or count its bytes. */
VIRT__PRIVATE void virt__visit_one(virt__slot_visit *v, char **slot)
{
    switch (v->mode) {
    case VIRT__VISIT_RELEASE: virt__def_release(v->def, *slot); break;
    case VIRT__VISIT_COPY: if (!(*slot = virt__def_strdup(v->def, *slot))) v->ok = 0; break;
    case VIRT__VISIT_MEASURE: v->bytes += strlen(*slot) + 1; break;
    }
}

/* Releasing a parsed definition: nearly every string lies in its newest
 * block and needs nothing. The loops below test that inline and call the
 * visitor only for the others (a call per set slot, each walking the
 * block list, was a third of virt_domain_def_free: callgrind). The
 * range's cap is 0 outside release, so copy and measure visit every set
 * slot. */
typedef struct virt__visit_range { uintptr_t lo; size_t cap; } virt__visit_range;
VIRT__PRIVATE virt__visit_range virt__visit_newest(const virt__slot_visit *v)
{
    virt__visit_range r;
    const virt__str_block *b = (const virt__str_block *)v->def->virt__strings;
    r.lo = b ? (uintptr_t)(b + 1) : 0;
    r.cap = b && v->mode == VIRT__VISIT_RELEASE ? b->cap : 0;
    return r;
}

VIRT__PRIVATE void virt__visit_slots(virt__slot_visit *v, char **slots, size_t n)
{
    virt__visit_range r = virt__visit_newest(v);
    size_t i;
    for (i = 0; i < n; i++)
        if (slots[i] && (uintptr_t)slots[i] - r.lo >= r.cap) virt__visit_one(v, &slots[i]);
}

VIRT__PRIVATE void virt__visit_offsets(virt__slot_visit *v, void *base, const size_t *offs, size_t n)
{
    virt__visit_range r = virt__visit_newest(v);
    size_t i;
    for (i = 0; i < n; i++) {
        char **f = virt__string_at(base, offs[i]);
        if (*f && (uintptr_t)*f - r.lo >= r.cap) virt__visit_one(v, f);
    }
}

VIRT__PRIVATE void virt__visit_address(virt__slot_visit *v, virt_address_def *a)
{
    if (!a->natts) return;      /* most devices have none (an interface has four lists) */
    virt__visit_slots(v, a->attrs, a->natts < VIRT_ADDRESS_MAX_ATTRS ? 2 * (size_t)a->natts : 2 * VIRT_ADDRESS_MAX_ATTRS);
}

/* The counted string lists of a device, one after the other: the first
 * when prev is NULL, then the one after prev; NULL after the last. *n is
 * the list's used length (counts clipped to the arrays). */
VIRT__PRIVATE char **virt__device_lists(virt_device_def *d, char **prev, size_t *n)
{
    virt_net_def *net = &d->u.net;
    if (d->kind == VIRT_DEVICE_DISK && !prev) {
        *n = d->u.disk.nhosts < VIRT_DISK_MAX_HOSTS ? 4 * (size_t)d->u.disk.nhosts : 4 * VIRT_DISK_MAX_HOSTS;
        return d->u.disk.hosts;
    }
    if (d->kind != VIRT_DEVICE_INTERFACE) return NULL;
    if (!prev) {
        *n = net->nvlan_tags < VIRT_NET_MAX_VLAN_TAGS ? 2 * (size_t)net->nvlan_tags : 2 * VIRT_NET_MAX_VLAN_TAGS;
        return net->vlan_tags;
    }
    if (prev == net->vlan_tags) {
        *n = net->nmore_ips < VIRT_NET_MAX_MORE_IPS ? (size_t)net->nmore_ips : VIRT_NET_MAX_MORE_IPS;
        return net->more_ips;
    }
    return NULL;
}

/* Most of a device's slots are empty (a disk has 38 and uses about 5). */
VIRT__PRIVATE void virt__visit_device(virt__slot_visit *v, virt_device_def *d)
{
    size_t n;
    const size_t *offs = virt__device_strings(d->kind, &n);
    char **list;
    virt__visit_offsets(v, d, offs, n);
    for (list = virt__device_lists(d, 0, &n); list; list = virt__device_lists(d, list, &n))
        virt__visit_slots(v, list, n);
    if (d->kind == VIRT_DEVICE_HOSTDEV) virt__visit_address(v, &d->u.hostdev.source);
    if (d->kind == VIRT_DEVICE_INTERFACE) {
        virt__visit_address(v, &d->u.net.virtualport_params);
        virt__visit_address(v, &d->u.net.bandwidth_in);
        virt__visit_address(v, &d->u.net.bandwidth_out);
    }
    virt__visit_address(v, &d->address);
}

/* Every string the domain itself owns (devices, boot list, timers apart). */
#define VIRT__OFF(m) offsetof(virt_domain_def, m)
static const size_t virt__def_strings[] = {
    VIRT__OFF(type), VIRT__OFF(name), VIRT__OFF(bootloader), VIRT__OFF(bootloader_args),
    VIRT__OFF(os.type), VIRT__OFF(os.arch), VIRT__OFF(os.machine), VIRT__OFF(os.loader),
    VIRT__OFF(os.kernel), VIRT__OFF(os.initrd), VIRT__OFF(os.root), VIRT__OFF(os.cmdline),
    VIRT__OFF(os.boot_dev), VIRT__OFF(emulator), VIRT__OFF(title), VIRT__OFF(description),
    VIRT__OFF(vcpu_placement), VIRT__OFF(vcpu_cpuset), VIRT__OFF(vcpu_current),
    VIRT__OFF(clock_offset), VIRT__OFF(clock_adjustment), VIRT__OFF(clock_basis),
    VIRT__OFF(loader_readonly), VIRT__OFF(loader_type), VIRT__OFF(nvram), VIRT__OFF(unsupported),
    VIRT__OFF(loader_format), VIRT__OFF(cputune_shares), VIRT__OFF(cputune_period), VIRT__OFF(cputune_quota),
    VIRT__OFF(max_memory_slots), VIRT__OFF(numatune_mode), VIRT__OFF(numatune_nodeset),
    VIRT__OFF(numatune_placement), VIRT__OFF(cpu_mode), VIRT__OFF(cpu_match), VIRT__OFF(cpu_check),
    VIRT__OFF(cpu_migratable), VIRT__OFF(cpu_model), VIRT__OFF(cpu_model_fallback), VIRT__OFF(cpu_vendor),
    VIRT__OFF(cpu_sockets), VIRT__OFF(cpu_dies), VIRT__OFF(cpu_cores), VIRT__OFF(cpu_threads),
    VIRT__OFF(xen_e820_host), VIRT__OFF(xen_passthrough), VIRT__OFF(xen_passthrough_mode), VIRT__OFF(smbios_mode)
};
#undef VIRT__OFF

/* The record arrays a definition points to (allocated at their maximum on
 * first use), for free and copy; records are made of string pointers
 * only; hyperv is one record held inline. */
#define VIRT__DEF_RECORDS(apply)                                                         \
    apply(timers, ntimers, VIRT_XML_MAX_TIMERS, virt_timer_def)                          \
    apply(vcpupin, nvcpupin, VIRT_XML_MAX_VCPUPIN, virt_vcpupin_def)                     \
    apply(memnodes, nmemnodes, VIRT_XML_MAX_MEMNODES, virt_memnode_def)                  \
    apply(cpu_features, ncpu_features, VIRT_XML_MAX_CPU_FEATURES, virt_cpu_feature_def)  \
    apply(cpu_cells, ncpu_cells, VIRT_XML_MAX_CPU_CELLS, virt_cpu_cell_def)              \
    apply(cpu_distances, ncpu_distances, VIRT_XML_MAX_CPU_DISTANCES, virt_cpu_distance_def)

VIRT__PRIVATE void virt__visit_def(virt__slot_visit *v, virt_domain_def *def)
{
    size_t i;
    virt__visit_offsets(v, def, virt__def_strings, sizeof virt__def_strings / sizeof virt__def_strings[0]);
    virt__visit_slots(v, def->boot_devs, def->nboot < VIRT_XML_MAX_BOOT ? def->nboot : VIRT_XML_MAX_BOOT);
#define VIRT__VISIT_RECORDS(arr, n, max, type) \
    if (def->arr) virt__visit_slots(v, (char **)(void *)def->arr, \
                                    (def->n < (max) ? def->n : (max)) * (sizeof(type) / sizeof(char *)));
    VIRT__DEF_RECORDS(VIRT__VISIT_RECORDS)
#undef VIRT__VISIT_RECORDS
    virt__visit_slots(v, (char **)(void *)&def->hyperv, sizeof def->hyperv / sizeof(char *));
    for (i = 0; i < def->ndevices; i++) virt__visit_device(v, &def->devices[i]);
}

/* Frees what the device owns (the pointers are left dangling). */
VIRT__PRIVATE void virt__device_release(virt_domain_def *def, virt_device_def *d)
{
    virt__slot_visit v;
    v.def = def; v.bytes = 0; v.ok = 1; v.mode = VIRT__VISIT_RELEASE;
    virt__visit_device(&v, d);
}

VIRT__PRIVATE void virt__address_clear(virt_domain_def *def, virt_address_def *a)
{
    virt__slot_visit v;
    v.def = def; v.bytes = 0; v.ok = 1; v.mode = VIRT__VISIT_RELEASE;
    virt__visit_address(&v, a);
    memset(a, 0, sizeof *a);
}

VIRT__PRIVATE void virt__device_clear(virt_domain_def *def, virt_device_def *d)
{
    virt__device_release(def, d);
    memset(d, 0, sizeof *d);
}

/* A zeroed array of max records of `size` bytes; NULL when out of memory. */
VIRT__PRIVATE void *virt__records_new(size_t max, size_t size)
{
    void *a = VIRT_MALLOC(max * size);
    if (a) memset(a, 0, max * size);
    return a;
}

VIRT_API void virt_domain_def_free(virt_domain_def *def)
{
    virt__slot_visit v;
    virt__str_block *b, *next;
    if (!def) return;
    v.def = def; v.bytes = 0; v.ok = 1; v.mode = VIRT__VISIT_RELEASE;
    virt__visit_def(&v, def);
#define VIRT__FREE_RECORDS(arr, n, max, type) VIRT_FREE(def->arr);
    VIRT__DEF_RECORDS(VIRT__FREE_RECORDS)
#undef VIRT__FREE_RECORDS
    VIRT_FREE(def->devices);
    for (b = (virt__str_block *)def->virt__strings; b; b = next) {
        next = b->next;
        VIRT_FREE(b);
    }
    VIRT_FREE(def);
}

VIRT_API int virt_domain_def_set_string(virt_domain_def *def, char **field, const char *value)
{
    char *s = NULL;
    if (!def || !field) return VIRT_E_INVAL;
    if (value && !(s = virt__strdup(value))) return VIRT_E_NOMEM;
    virt__def_put(def, field, s);
    return VIRT_OK;
}

/* *dst becomes a copy of *src (dst may be src) whose strings def holds:
 * 0 when out of memory (the strings that failed are NULL, so releasing
 * dst is enough). */
VIRT__PRIVATE int virt__device_copy(virt_domain_def *def, virt_device_def *dst, const virt_device_def *src)
{
    virt__slot_visit v;
    v.def = def; v.bytes = 0; v.ok = 1; v.mode = VIRT__VISIT_COPY;
    if (dst != src) *dst = *src;
    virt__visit_device(&v, dst);
    return v.ok;
}

/* The copy's strings go into one block of exactly their size. */
VIRT_API virt_domain_def *virt_domain_def_copy(const virt_domain_def *src)
{
    virt_domain_def *dst;
    virt__slot_visit v;
    size_t bytes;
    int ok = 1;
    if (!src) return NULL;
    dst = virt_domain_def_new();
    if (!dst) return NULL;
    *dst = *src;
    dst->virt__strings = NULL;
    dst->devices = NULL;
    dst->ndevices = 0;
    if (src->ndevices) {
        if (virt__size_mul(src->ndevices, sizeof *src->devices, &bytes) &&
            (dst->devices = (virt_device_def *)VIRT_MALLOC(bytes)) != NULL) {
            memcpy(dst->devices, src->devices, bytes);
            dst->ndevices = src->ndevices;
        } else {
            ok = 0;
        }
    }
#define VIRT__COPY_RECORDS(arr, n, max, type)                                          \
    if (src->arr) {                                                                    \
        dst->arr = (type *)virt__records_new(max, sizeof(type));                       \
        if (dst->arr) memcpy(dst->arr, src->arr, (src->n < (max) ? src->n : (max)) * sizeof(type)); \
        else ok = 0;                                                                   \
    }
    VIRT__DEF_RECORDS(VIRT__COPY_RECORDS)
#undef VIRT__COPY_RECORDS
    /* every slot now aliases src: measure, then replace each by a copy */
    v.def = dst; v.bytes = 0; v.ok = ok; v.mode = VIRT__VISIT_MEASURE;
    virt__visit_def(&v, dst);
    if (v.bytes) (void)virt__def_reserve(dst, v.bytes);   /* a failure shows in the copies */
    v.mode = VIRT__VISIT_COPY;
    virt__visit_def(&v, dst);
    if (!v.ok) {
        virt_domain_def_free(dst);
        return NULL;
    }
    return dst;
}

/* >>xml-parse: expat-driven, one pass, a small stack of element frames */

/* Deepest element nesting accepted. libvirt's deepest real documents
 * (devices/disk/source/auth/secret ...) stay well under 16. */
#define VIRT__XML_MAX_DEPTH 48
/* expat is fed in pieces of at most this many bytes (its length is an int) */
#define VIRT__XML_CHUNK 65536

/* What an open element means to the parser. */
typedef enum virt__xml_ctx {
    VIRT__XC_TOP = 0,     /* before the root element */
    VIRT__XC_DOMAIN,
    VIRT__XC_OS,
    VIRT__XC_FEATURES,
    VIRT__XC_DEVICES,
    VIRT__XC_DISK,
    VIRT__XC_IFACE,
    VIRT__XC_GRAPHICS,
    VIRT__XC_CHARDEV,     /* serial, parallel, console, channel */
    VIRT__XC_VIDEO,
    VIRT__XC_HOSTDEV,
    VIRT__XC_HOSTDEV_SOURCE,
    VIRT__XC_DISK_SOURCE, /* a network disk's <source>: <host>s */
    VIRT__XC_DEVICE,      /* a device whose only child is <address> */
    VIRT__XC_CLOCK,
    VIRT__XC_CPUTUNE,
    VIRT__XC_NUMATUNE,
    VIRT__XC_CPU,
    VIRT__XC_CPU_NUMA,
    VIRT__XC_CPU_CELL,
    VIRT__XC_CPU_DISTANCES,
    VIRT__XC_XEN_FEATURES, /* <features><xen> */
    VIRT__XC_HYPERV,
    VIRT__XC_VLAN,
    VIRT__XC_VIRTUALPORT,
    VIRT__XC_BANDWIDTH,
    VIRT__XC_LEAF,        /* a known element without children: any child is unsupported */
    VIRT__XC_TEXT,        /* a known element whose text is a value */
    VIRT__XC_IGNORE       /* inside an element already recorded as unsupported, or a
                             repeated one (the first counts) */
} virt__xml_ctx;

/* Elements whose text content is a value. */
typedef enum virt__xml_field {
    VIRT__XF_NAME = 0, VIRT__XF_UUID, VIRT__XF_BOOTLOADER, VIRT__XF_BOOTLOADER_ARGS,
    VIRT__XF_MEMORY, VIRT__XF_CURMEM, VIRT__XF_MAXMEM, VIRT__XF_VCPU,
    VIRT__XF_ON_POWEROFF, VIRT__XF_ON_REBOOT, VIRT__XF_ON_CRASH,
    VIRT__XF_OS_TYPE, VIRT__XF_LOADER, VIRT__XF_KERNEL, VIRT__XF_INITRD,
    VIRT__XF_ROOT, VIRT__XF_CMDLINE, VIRT__XF_BOOT, VIRT__XF_EMULATOR,
    VIRT__XF_TITLE, VIRT__XF_DESCRIPTION, VIRT__XF_NVRAM,
    VIRT__XF_SHARES, VIRT__XF_PERIOD, VIRT__XF_QUOTA,
    VIRT__XF_CPU_MODEL, VIRT__XF_CPU_VENDOR,
    VIRT__XF_COUNT
} virt__xml_field;

typedef struct virt__xml_frame {
    virt__xml_ctx ctx;
    virt__xml_field field;       /* for VIRT__XC_TEXT */
    long pos;                    /* byte offset of the start tag (line and column are
                                    worked out from it only for a message) */
} virt__xml_frame;

#define VIRT__XML_DEVICE_BYTES 128   /* document bytes per device, a guess for the first array */
typedef struct virt__xml_parser {
    XML_Parser xp;
    virt_domain_def *def;
    virt_status *st;
    int rc;                      /* VIRT_OK until something fails */
    size_t depth;
    virt__xml_frame stack[VIRT__XML_MAX_DEPTH];
    virt__buf text;              /* character data of the open TEXT element */
    char unit[16];               /* unit='' of the open memory element */
    unsigned long seen;          /* bit per virt__xml_field already read */
    size_t device_children;      /* <devices> children, counted for the limit */
    size_t dev_cap;              /* def->devices has room for this many */
    long root_pos;
    const char *doc;             /* the document expat reads, for positions */
    size_t doc_len;
} virt__xml_parser;

/* Text of one element name for messages and the field table. */
static const char *const virt__xml_field_names[VIRT__XF_COUNT] = {
    "name", "uuid", "bootloader", "bootloader_args", "memory", "currentMemory",
    "maxMemory", "vcpu", "on_poweroff", "on_reboot", "on_crash", "type", "loader",
    "kernel", "initrd", "root", "cmdline", "boot", "emulator", "title", "description",
    "nvram", "shares", "period", "quota", "model", "vendor"
};

/* Names compared in the handlers' hot path: short, and the first bytes
 * decide almost every mismatch, so an inlined loop does it; a call to
 * strcmp costs more than the comparison (perf showed strcmp at a quarter
 * of the handlers' time). */
VIRT__PRIVATE int virt__xml_is(const char *s, const char *lit)
{
    size_t i;
    if (s[0] != lit[0]) return 0;
    if (!lit[0]) return 1;
    /* many names share their first byte (type/target, source/script,
     * model/mode/mac): the second decides those */
    for (i = 1; s[i] == lit[i]; i++)
        if (!lit[i]) return 1;
    return 0;
}

/* Line and column (1-based, columns in characters) of byte offset pos.
 * Asking expat for its position at every element costs it a second scan
 * of the document (XmlUpdatePosition); the byte offset is free, and the
 * lines are counted here only when a message needs them. */
VIRT__PRIVATE void virt__xml_line_column(const virt__xml_parser *p, long pos, unsigned long *line,
                                         unsigned long *column)
{
    size_t i, end = pos < 0 ? 0 : (size_t)pos;
    *line = 1;
    *column = 1;
    if (!p->doc) { *line = *column = 0; return; }   /* the fast pass: expat reports it again */
    if (end > p->doc_len) end = p->doc_len;
    for (i = 0; i < end; i++) {
        unsigned char c = (unsigned char)p->doc[i];
        if (c == '\n') { ++*line; *column = 1; }
        else if ((c & 0xc0) != 0x80) ++*column;
    }
}

VIRT__PRIVATE int virt__xml_fail_at(virt__xml_parser *p, virt_result code, long pos, const char *fmt, ...)
    VIRT__PRINTF(4, 5);
/* Records the first failure (with its position) and stops expat. */
VIRT__PRIVATE int virt__xml_fail_at(virt__xml_parser *p, virt_result code, long pos, const char *fmt, ...)
{
    char what[200];
    unsigned long line, column;
    va_list ap;
    if (p->rc != VIRT_OK) return p->rc;
    virt__xml_line_column(p, pos, &line, &column);
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    p->rc = virt__status_set(p->st, code, 0, "domain XML line %lu, column %lu: %s",
                             line, column, what);
    if (p->xp) XML_StopParser(p->xp, XML_FALSE);
    return p->rc;
}

VIRT__PRIVATE int virt__xml_nomem(virt__xml_parser *p)
{
    if (p->rc == VIRT_OK) {
        p->rc = virt__status_set(p->st, VIRT_E_NOMEM, 0, "domain XML: out of memory");
        if (p->xp) XML_StopParser(p->xp, XML_FALSE);
    }
    return p->rc;
}

/* Records the first thing the model does not hold (def->unsupported). */
VIRT__PRIVATE void virt__xml_unsupported(virt__xml_parser *p, const char *elem, const char *attr)
{
    virt__buf b;
    if (p->def->unsupported || p->rc != VIRT_OK) return;
    memset(&b, 0, sizeof b);
    if (attr) virt__buf_printf(&b, "<%.60s> attribute '%.60s'", elem, attr);
    else virt__buf_printf(&b, "<%.60s>", elem);
    p->def->unsupported = virt__buf_steal(&b);
    if (!p->def->unsupported) virt__xml_nomem(p);
}

/* Every attribute of elem must be in known (NULL-terminated); the first
 * other one is recorded as unsupported. */
VIRT__PRIVATE void virt__xml_known_attrs(virt__xml_parser *p, const char *elem, const XML_Char **attrs,
                                         const char *const *known)
{
    size_t i, k;
    if (p->def->unsupported) return;
    for (i = 0; attrs[i]; i += 2) {
        for (k = 0; known[k] && !virt__xml_is(attrs[i], known[k]); k++) {}
        if (!known[k]) { virt__xml_unsupported(p, elem, attrs[i]); return; }
    }
}

VIRT__PRIVATE virt__xml_frame *virt__xml_top(virt__xml_parser *p)
{
    return &p->stack[p->depth - 1];
}

/* Where expat is, as a byte offset; 0 in the fast pass (virt__xml_fast),
 * which has no positions: any failure there is found again, with them, by
 * expat. */
VIRT__PRIVATE long virt__xml_pos(virt__xml_parser *p)
{
    return p->xp ? (long)XML_GetCurrentByteIndex(p->xp) : 0;
}

VIRT__PRIVATE const char *virt__xml_attr(const XML_Char **attrs, const char *name)
{
    size_t i;
    for (i = 0; attrs[i]; i += 2)
        if (virt__xml_is(attrs[i], name)) return attrs[i + 1];
    return NULL;
}

/* The first record of one of the definition's record lists: the zeroed
 * array of all max records (virt__records_new); NULL when out of memory. */
VIRT__PRIVATE void *virt__xml_records(virt__xml_parser *p, size_t max, size_t size)
{
    void *a = virt__records_new(max, size);
    if (!a) virt__xml_nomem(p);
    return a;
}

/* Stores a copy of value in *dst unless *dst is already set: with repeated
 * elements the first one counts, as in libvirt's XPath lookups. */
VIRT__PRIVATE int virt__xml_keep(virt__xml_parser *p, char **dst, const char *value)
{
    if (*dst || !value) return 1;
    *dst = virt__def_strdup(p->def, value);
    if (!*dst) { virt__xml_nomem(p); return 0; }
    return 1;
}

/* One attribute an element keeps: its name and where its value goes, as a
 * byte offset into the record the element fills (virt__xml_take). */
typedef struct virt__xml_slot {
    const char *name;
    unsigned short off;
    unsigned char flags;
} virt__xml_slot;
#define VIRT__XS_KEEP 0        /* keep the value */
#define VIRT__XS_NONEMPTY 1    /* keep it unless it is empty */
#define VIRT__XS_KNOWN 2       /* a known attribute that is not kept here */
#define VIRT__XS_N(t) (sizeof t / sizeof t[0])

/* Keeps every attribute listed in slots[0..n) at base + its offset (the
 * first value counts) and records the first unlisted one as unsupported:
 * one pass over the attributes, where a lookup per name and a check of
 * the known names scanned them again and again. 0 when out of memory. */
VIRT__PRIVATE int virt__xml_take(virt__xml_parser *p, const char *elem, const XML_Char **attrs,
                                 const virt__xml_slot *slots, size_t n, void *base)
{
    size_t i, k;
    for (i = 0; attrs[i]; i += 2) {
        const char *value = attrs[i + 1];
        for (k = 0; k < n && !virt__xml_is(attrs[i], slots[k].name); k++) {}
        if (k == n) { virt__xml_unsupported(p, elem, attrs[i]); continue; }
        if (slots[k].flags == VIRT__XS_KNOWN || (slots[k].flags == VIRT__XS_NONEMPTY && !*value)) continue;
        if (!virt__xml_keep(p, virt__string_at(base, slots[k].off), value)) return 0;
    }
    return 1;
}

/* Trims XML blanks from both ends, in place. */
VIRT__PRIVATE char *virt__xml_trim(char *s)
{
    size_t n;
    while (virt__xml_is_space((unsigned char)*s)) s++;
    n = strlen(s);
    while (n && virt__xml_is_space((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

/* Decimal digits only (no sign, no blanks): 1 and *out, 0 if not a
 * number, -1 if it overflows. */
VIRT__PRIVATE int virt__xml_parse_ull(const char *s, unsigned long long *out)
{
    unsigned long long v = 0;
    if (!*s) return 0;
    for (; *s; s++) {
        unsigned d;
        if (*s < '0' || *s > '9') return 0;
        d = (unsigned)(*s - '0');
        if (v > (~0ULL - d) / 10) return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 1;
}

/* A signed int in [lo, hi]: 1, 0 (not a number) or -1 (out of range). */
VIRT__PRIVATE int virt__xml_parse_int(const char *s, long lo, long hi, int *out)
{
    unsigned long long v;
    int neg = 0, r;
    if (*s == '-') { neg = 1; s++; }
    else if (*s == '+') s++;
    r = virt__xml_parse_ull(s, &v);
    if (r <= 0) return r;
    if (v > 2147483648ULL) return -1;
    if (neg ? -(long long)v < lo : (long long)v > hi) return -1;
    *out = neg ? (int)-(long long)v : (int)v;
    return 1;
}

/* Bytes per unit, as libvirt's virScaleInteger reads them: the bare SI
 * letters and the *iB forms are powers of 1024, "KB", "MB"... powers of
 * 1000 (docs/formatdomain: "Memory Allocation"). 0 for an unknown unit. */
VIRT__PRIVATE unsigned long long virt__xml_unit_scale(const char *u)
{
    static const struct { const char *name; unsigned long long scale; } units[] = {
        { "b", 1ULL }, { "bytes", 1ULL },
        { "KB", 1000ULL }, { "k", 1024ULL }, { "K", 1024ULL }, { "KiB", 1024ULL },
        { "MB", 1000000ULL }, { "m", 1048576ULL }, { "M", 1048576ULL }, { "MiB", 1048576ULL },
        { "GB", 1000000000ULL }, { "g", 1073741824ULL }, { "G", 1073741824ULL },
        { "GiB", 1073741824ULL },
        { "TB", 1000000000000ULL }, { "t", 1099511627776ULL }, { "T", 1099511627776ULL },
        { "TiB", 1099511627776ULL }
    };
    size_t i;
    if (!*u) return 1024ULL; /* no unit: KiB */
    for (i = 0; i < sizeof units / sizeof units[0]; i++)
        if (virt__xml_is(u, units[i].name)) return units[i].scale;
    return 0;
}

/* <memory>, <currentMemory>, <maxMemory>: a number in `unit`, stored in
 * KiB rounded up (libvirt's virDomainParseMemory rounds up as well). */
VIRT__PRIVATE int virt__xml_set_memory(virt__xml_parser *p, const virt__xml_frame *f,
                                       const char *name, char *text,
                                       unsigned long long *out)
{
    unsigned long long v, scale = virt__xml_unit_scale(p->unit);
    int r;
    if (!scale)
        return virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                                 "<%s> has an unknown unit: '%.40s'", name, p->unit);
    text = virt__xml_trim(text);
    r = virt__xml_parse_ull(text, &v);
    if (r == 0)
        return virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                                 "<%s> is not a number: '%.60s'", name, text);
    if (r < 0 || (v != 0 && scale > ~0ULL / v))
        return virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                                 "<%s> is too large: '%.60s' %s", name, text,
                                 p->unit[0] ? p->unit : "KiB");
    v *= scale;
    *out = v / 1024 + (v % 1024 != 0);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xml_set_lifecycle(virt__xml_parser *p, const virt__xml_frame *f,
                                          const char *name, char *text, virt_lifecycle *out)
{
    text = virt__xml_trim(text);
    *out = virt_lifecycle_from_string(text);
    if (*out == VIRT_LIFECYCLE_UNSET)
        return virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                                 "<%s> has an unknown action: '%.60s'", name, text);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xml_set_vcpu(virt__xml_parser *p, const virt__xml_frame *f, char *text)
{
    unsigned long long v = 0; /* gcc -O2 cannot see that parse_ull sets it when it returns 1 */
    int r;
    text = virt__xml_trim(text);
    r = virt__xml_parse_ull(text, &v);
    if (r == 0)
        return virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                                 "<vcpu> is not a number: '%.60s'", text);
    if (r < 0 || v == 0 || v > 0xffffffffULL)
        return virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                                 "<vcpu> is out of range (1..4294967295): '%.60s'", text);
    p->def->vcpus = (unsigned int)v;
    return VIRT_OK;
}

/* A path or name: kept verbatim (cmdline's blanks matter: the sexpr2xml
 * data keeps " method=... "), NULL when empty. */
VIRT__PRIVATE int virt__xml_set_string(virt__xml_parser *p, char **dst, const char *text)
{
    if (!*text) return VIRT_OK;
    return virt__xml_keep(p, dst, text) ? VIRT_OK : p->rc;
}

/* The end of a TEXT element: convert and store its value. */
VIRT__PRIVATE int virt__xml_finish_text(virt__xml_parser *p, const virt__xml_frame *f)
{
    virt_domain_def *d = p->def;
    char empty[1] = { 0 };
    char *text = p->text.data ? p->text.data : empty;
    const char *name = virt__xml_field_names[f->field];
    if (p->text.failed) return virt__xml_nomem(p);
    switch (f->field) {
    case VIRT__XF_NAME: return virt__xml_set_string(p, &d->name, text);
    case VIRT__XF_UUID:
        if (virt_uuid_parse(text, d->uuid) < 0)
            return virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                                     "<uuid> is not a valid UUID: '%.60s'", virt__xml_trim(text));
        d->has_uuid = 1;
        return VIRT_OK;
    case VIRT__XF_BOOTLOADER: return virt__xml_set_string(p, &d->bootloader, text);
    case VIRT__XF_BOOTLOADER_ARGS: return virt__xml_set_string(p, &d->bootloader_args, text);
    case VIRT__XF_MEMORY: return virt__xml_set_memory(p, f, name, text, &d->memory_kib);
    case VIRT__XF_CURMEM: return virt__xml_set_memory(p, f, name, text, &d->current_memory_kib);
    case VIRT__XF_MAXMEM: return virt__xml_set_memory(p, f, name, text, &d->max_memory_kib);
    case VIRT__XF_VCPU: return virt__xml_set_vcpu(p, f, text);
    case VIRT__XF_ON_POWEROFF: return virt__xml_set_lifecycle(p, f, name, text, &d->on_poweroff);
    case VIRT__XF_ON_REBOOT: return virt__xml_set_lifecycle(p, f, name, text, &d->on_reboot);
    case VIRT__XF_ON_CRASH: return virt__xml_set_lifecycle(p, f, name, text, &d->on_crash);
    case VIRT__XF_OS_TYPE: return virt__xml_set_string(p, &d->os.type, virt__xml_trim(text));
    case VIRT__XF_LOADER: return virt__xml_set_string(p, &d->os.loader, text);
    case VIRT__XF_KERNEL: return virt__xml_set_string(p, &d->os.kernel, text);
    case VIRT__XF_INITRD: return virt__xml_set_string(p, &d->os.initrd, text);
    case VIRT__XF_ROOT: return virt__xml_set_string(p, &d->os.root, text);
    case VIRT__XF_CMDLINE: return virt__xml_set_string(p, &d->os.cmdline, text);
    /* <boot dev='hd'/>, or <boot>cdrom</boot> as 0.2.0's xm config writer put it */
    case VIRT__XF_BOOT:
        if (virt__xml_set_string(p, &d->os.boot_dev, virt__xml_trim(text)) != VIRT_OK) return p->rc;
        if (d->os.boot_dev && d->nboot == 0) {
            if (!(d->boot_devs[0] = virt__strdup(d->os.boot_dev))) return virt__xml_nomem(p);
            d->nboot = 1;
        }
        return VIRT_OK;
    case VIRT__XF_EMULATOR: return virt__xml_set_string(p, &d->emulator, text);
    case VIRT__XF_TITLE: return virt__xml_set_string(p, &d->title, text);
    case VIRT__XF_DESCRIPTION: return virt__xml_set_string(p, &d->description, text);
    case VIRT__XF_NVRAM: return virt__xml_set_string(p, &d->nvram, text);
    case VIRT__XF_SHARES: return virt__xml_set_string(p, &d->cputune_shares, virt__xml_trim(text));
    case VIRT__XF_PERIOD: return virt__xml_set_string(p, &d->cputune_period, virt__xml_trim(text));
    case VIRT__XF_QUOTA: return virt__xml_set_string(p, &d->cputune_quota, virt__xml_trim(text));
    case VIRT__XF_CPU_MODEL: return virt__xml_set_string(p, &d->cpu_model, virt__xml_trim(text));
    case VIRT__XF_CPU_VENDOR: return virt__xml_set_string(p, &d->cpu_vendor, virt__xml_trim(text));
    case VIRT__XF_COUNT: break;
    }
    return VIRT_OK;
}

/* Pushes a frame for the element that starts here. */
VIRT__PRIVATE virt__xml_frame *virt__xml_push(virt__xml_parser *p, virt__xml_ctx ctx,
                                              const char *name)
{
    virt__xml_frame *f;
    long pos = virt__xml_pos(p);
    if (p->depth >= VIRT__XML_MAX_DEPTH) {
        virt__xml_fail_at(p, VIRT_E_LIMIT, pos,
                          "<%.40s> is nested deeper than %d elements", name, VIRT__XML_MAX_DEPTH);
        return NULL;
    }
    f = &p->stack[p->depth++];
    f->ctx = ctx;
    f->field = VIRT__XF_COUNT;
    f->pos = pos;
    return f;
}

VIRT__PRIVATE void XMLCALL virt__xml_on_text(void *ud, const XML_Char *s, int len);

/* A TEXT element: capture its character data, unless it was seen before.
 * expat reports character data only while a TEXT element is open (the
 * handler is set here and cleared at its end): the blanks between the
 * other elements are most of a document's character data, a call per
 * line and per indentation. */
VIRT__PRIVATE void virt__xml_start_text(virt__xml_parser *p, virt__xml_field field,
                                        const char *name)
{
    unsigned long bit = 1UL << field;
    virt__xml_frame *f = virt__xml_push(p, (p->seen & bit) ? VIRT__XC_IGNORE : VIRT__XC_TEXT, name);
    if (!f) return;
    f->field = field;
    p->seen |= bit;
    p->text.len = 0;
    if (p->text.data) p->text.data[0] = '\0';
    if (f->ctx == VIRT__XC_TEXT && p->xp) XML_SetCharacterDataHandler(p->xp, virt__xml_on_text);
}

VIRT__PRIVATE int virt__xml_text_field(const char *name, const virt__xml_field *candidates,
                                       size_t n, virt__xml_field *out)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (virt__xml_is(name, virt__xml_field_names[candidates[i]])) {
            *out = candidates[i];
            return 1;
        }
    }
    return 0;
}

VIRT__PRIVATE void virt__xml_start_domain(virt__xml_parser *p, const char *name,
                                          const XML_Char **attrs)
{
    static const char *const known[] = { "type", "id", NULL };
    virt__xml_frame *f;
    const char *type, *id;
    if (!virt__xml_is(name, "domain")) {
        virt__xml_fail_at(p, VIRT_E_SYNTAX, virt__xml_pos(p),
                          "the root element is <%.40s>, not <domain>", name);
        return;
    }
    f = virt__xml_push(p, VIRT__XC_DOMAIN, name);
    if (!f) return;
    p->root_pos = f->pos;
    type = virt__xml_attr(attrs, "type");
    if (!type || !*type) {
        virt__xml_fail_at(p, VIRT_E_INVAL, f->pos, "<domain> has no type attribute");
        return;
    }
    if (!virt__xml_keep(p, &p->def->type, type)) return;
    id = virt__xml_attr(attrs, "id");
    if (id && virt__xml_parse_int(id, -1, 2147483647L, &p->def->id) <= 0)
        virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                          "<domain> id is not a number >= -1: '%.40s'", id);
    virt__xml_known_attrs(p, name, attrs, known);
}

/* <clock offset='utc|localtime|variable' adjustment='' basis=''> */
VIRT__PRIVATE void virt__xml_start_clock(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const known[] = { "offset", "adjustment", "basis", NULL };
    const char *offset = virt__xml_attr(attrs, "offset");
    virt__xml_frame *f = virt__xml_push(p, VIRT__XC_CLOCK, name);
    virt_domain_def *d = p->def;
    if (!f) return;
    virt__xml_known_attrs(p, name, attrs, known);
    if (!offset) return;
    if (virt__xml_is(offset, "localtime")) d->localtime = 1;
    else if (!virt__xml_is(offset, "utc") && !virt__xml_is(offset, "variable")) {
        virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                          "<clock> offset is not 'utc', 'localtime' or 'variable': '%.40s'", offset);
        return;
    }
    if (!virt__xml_keep(p, &d->clock_offset, offset) ||
        !virt__xml_keep(p, &d->clock_adjustment, virt__xml_attr(attrs, "adjustment")))
        return;
    virt__xml_keep(p, &d->clock_basis, virt__xml_attr(attrs, "basis"));
}

VIRT__PRIVATE void virt__xml_start_in_clock(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const known[] = { "name", "present", "tickpolicy", "track", "mode", NULL };
    virt_timer_def *t;
    if (!virt__xml_push(p, VIRT__XC_LEAF, name)) return;
    if (!virt__xml_is(name, "timer") || p->def->ntimers >= VIRT_XML_MAX_TIMERS) {
        virt__xml_unsupported(p, name, NULL);
        virt__xml_top(p)->ctx = VIRT__XC_IGNORE;
        return;
    }
    virt__xml_known_attrs(p, name, attrs, known);
    if (!p->def->timers &&
        !(p->def->timers = (virt_timer_def *)virt__xml_records(p, VIRT_XML_MAX_TIMERS, sizeof *t)))
        return;
    t = &p->def->timers[p->def->ntimers++];
    if (!virt__xml_keep(p, &t->name, virt__xml_attr(attrs, "name")) ||
        !virt__xml_keep(p, &t->present, virt__xml_attr(attrs, "present")) ||
        !virt__xml_keep(p, &t->tickpolicy, virt__xml_attr(attrs, "tickpolicy")) ||
        !virt__xml_keep(p, &t->mode, virt__xml_attr(attrs, "mode")))
        return;
    virt__xml_keep(p, &t->track, virt__xml_attr(attrs, "track"));
}

/* <cputune>: shares, period, quota, vcpupin (the rest is not modelled) */
VIRT__PRIVATE void virt__xml_skip_unsupported(virt__xml_parser *p, const char *name);
VIRT__PRIVATE void virt__xml_start_in_cputune(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const virt__xml_field fields[] = { VIRT__XF_SHARES, VIRT__XF_PERIOD, VIRT__XF_QUOTA };
    static const char *const pin_attrs[] = { "vcpu", "cpuset", NULL };
    static const char *const none[] = { NULL };
    virt__xml_field field;
    virt_vcpupin_def *pin;
    if (virt__xml_text_field(name, fields, sizeof fields / sizeof fields[0], &field)) {
        virt__xml_known_attrs(p, name, attrs, none);
        virt__xml_start_text(p, field, name);
        return;
    }
    if (!virt__xml_is(name, "vcpupin") || p->def->nvcpupin >= VIRT_XML_MAX_VCPUPIN) {
        virt__xml_skip_unsupported(p, name);
        return;
    }
    if (!virt__xml_push(p, VIRT__XC_LEAF, name)) return;
    virt__xml_known_attrs(p, name, attrs, pin_attrs);
    if (!p->def->vcpupin &&
        !(p->def->vcpupin = (virt_vcpupin_def *)virt__xml_records(p, VIRT_XML_MAX_VCPUPIN, sizeof *pin)))
        return;
    pin = &p->def->vcpupin[p->def->nvcpupin++];
    if (!virt__xml_keep(p, &pin->vcpu, virt__xml_attr(attrs, "vcpu"))) return;
    virt__xml_keep(p, &pin->cpuset, virt__xml_attr(attrs, "cpuset"));
}


/* An attribute memory='' with its unit='' (default KiB) as KiB digits,
 * rounded up as libvirt's virDomainParseMemory does; 0 on failure. */
VIRT__PRIVATE int virt__xml_keep_kib(virt__xml_parser *p, const char *elem, const char *value,
                                     const char *unit, char **dst)
{
    unsigned long long v, scale = virt__xml_unit_scale(unit ? unit : "");
    char digits[24];
    int r;
    if (!value) return 1;
    if (!scale) {
        virt__xml_fail_at(p, VIRT_E_INVAL, virt__xml_pos(p), "<%s> has an unknown unit: '%.40s'", elem, unit);
        return 0;
    }
    r = virt__xml_parse_ull(value, &v);
    if (r <= 0 || (v != 0 && scale > ~0ULL / v)) {
        virt__xml_fail_at(p, VIRT_E_INVAL, virt__xml_pos(p), "<%s> memory is %s: '%.60s'", elem,
                          r == 0 ? "not a number" : "too large", value);
        return 0;
    }
    v *= scale;
    snprintf(digits, sizeof digits, "%llu", v / 1024 + (v % 1024 != 0));
    return virt__xml_keep(p, dst, digits);
}

/* state='on|off' of a <features><xen> child; 0 when it is neither */
VIRT__PRIVATE int virt__xml_keep_state(virt__xml_parser *p, const char *elem, const char *state, char **dst)
{
    if (state && !virt__xml_is(state, "on") && !virt__xml_is(state, "off")) {
        virt__xml_fail_at(p, VIRT_E_INVAL, virt__xml_pos(p),
                          "<%s> state is not 'on' or 'off': '%.40s'", elem, state);
        return 0;
    }
    return virt__xml_keep(p, dst, state);
}

/* <numatune>: one <memory mode='' nodeset='' placement=''/>, <memnode>s */
VIRT__PRIVATE void virt__xml_start_in_numatune(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const memory_attrs[] = { "mode", "nodeset", "placement", NULL };
    static const char *const memnode_attrs[] = { "cellid", "mode", "nodeset", NULL };
    virt_domain_def *d = p->def;
    if (virt__xml_is(name, "memory") && !d->has_numatune_memory) {
        d->has_numatune_memory = 1;
        virt__xml_known_attrs(p, name, attrs, memory_attrs);
        if (!virt__xml_keep(p, &d->numatune_mode, virt__xml_attr(attrs, "mode")) ||
            !virt__xml_keep(p, &d->numatune_nodeset, virt__xml_attr(attrs, "nodeset")) ||
            !virt__xml_keep(p, &d->numatune_placement, virt__xml_attr(attrs, "placement")))
            return;
    } else if (virt__xml_is(name, "memnode") && d->nmemnodes < VIRT_XML_MAX_MEMNODES) {
        virt_memnode_def *m;
        if (!d->memnodes && !(d->memnodes = (virt_memnode_def *)virt__xml_records(p, VIRT_XML_MAX_MEMNODES,
                                                                                   sizeof *m)))
            return;
        m = &d->memnodes[d->nmemnodes++];
        virt__xml_known_attrs(p, name, attrs, memnode_attrs);
        if (!virt__xml_keep(p, &m->cellid, virt__xml_attr(attrs, "cellid")) ||
            !virt__xml_keep(p, &m->mode, virt__xml_attr(attrs, "mode")) ||
            !virt__xml_keep(p, &m->nodeset, virt__xml_attr(attrs, "nodeset")))
            return;
    } else {
        virt__xml_skip_unsupported(p, name);
        return;
    }
    virt__xml_push(p, VIRT__XC_LEAF, name);
}

/* <cpu mode='' match='' check='' migratable=''>; a second one is ignored
 * (the first counts, as libvirt's XPath) */
VIRT__PRIVATE void virt__xml_start_cpu(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const known[] = { "mode", "match", "check", "migratable", NULL };
    virt_domain_def *d = p->def;
    if (d->has_cpu) { virt__xml_push(p, VIRT__XC_IGNORE, name); return; }
    d->has_cpu = 1;
    virt__xml_known_attrs(p, name, attrs, known);
    if (!virt__xml_keep(p, &d->cpu_mode, virt__xml_attr(attrs, "mode")) ||
        !virt__xml_keep(p, &d->cpu_match, virt__xml_attr(attrs, "match")) ||
        !virt__xml_keep(p, &d->cpu_check, virt__xml_attr(attrs, "check")) ||
        !virt__xml_keep(p, &d->cpu_migratable, virt__xml_attr(attrs, "migratable")))
        return;
    virt__xml_push(p, VIRT__XC_CPU, name);
}

/* In <cpu>: model, vendor, topology, feature, numa (the rest is not modelled) */
VIRT__PRIVATE void virt__xml_start_in_cpu(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const model_attrs[] = { "fallback", NULL };
    static const virt__xml_slot topology_slots[] = {
        { "sockets", (unsigned short)offsetof(virt_domain_def, cpu_sockets), 0 },
        { "dies", (unsigned short)offsetof(virt_domain_def, cpu_dies), 0 },
        { "cores", (unsigned short)offsetof(virt_domain_def, cpu_cores), 0 },
        { "threads", (unsigned short)offsetof(virt_domain_def, cpu_threads), 0 }
    };
    static const char *const feature_attrs[] = { "policy", "name", NULL };
    static const char *const none[] = { NULL };
    virt_domain_def *d = p->def;
    if (virt__xml_is(name, "model")) {
        virt__xml_known_attrs(p, name, attrs, model_attrs);
        if (!virt__xml_keep(p, &d->cpu_model_fallback, virt__xml_attr(attrs, "fallback"))) return;
        virt__xml_start_text(p, VIRT__XF_CPU_MODEL, name);
    } else if (virt__xml_is(name, "vendor")) {
        virt__xml_known_attrs(p, name, attrs, none);
        virt__xml_start_text(p, VIRT__XF_CPU_VENDOR, name);
    } else if (virt__xml_is(name, "topology")) {
        virt__xml_take(p, name, attrs, topology_slots, VIRT__XS_N(topology_slots), d);
        virt__xml_push(p, VIRT__XC_LEAF, name);
    } else if (virt__xml_is(name, "feature") && d->ncpu_features < VIRT_XML_MAX_CPU_FEATURES) {
        virt_cpu_feature_def *f;
        if (!d->cpu_features &&
            !(d->cpu_features = (virt_cpu_feature_def *)virt__xml_records(p, VIRT_XML_MAX_CPU_FEATURES, sizeof *f)))
            return;
        f = &d->cpu_features[d->ncpu_features++];
        virt__xml_known_attrs(p, name, attrs, feature_attrs);
        if (!virt__xml_keep(p, &f->policy, virt__xml_attr(attrs, "policy")) ||
            !virt__xml_keep(p, &f->name, virt__xml_attr(attrs, "name")))
            return;
        virt__xml_push(p, VIRT__XC_LEAF, name);
    } else if (virt__xml_is(name, "numa")) {
        virt__xml_known_attrs(p, name, attrs, none);
        virt__xml_push(p, VIRT__XC_CPU_NUMA, name);
    } else {
        virt__xml_skip_unsupported(p, name);
    }
}

/* In <cpu><numa>: <cell id='' cpus='' memory='' unit='' memAccess='' discard=''/> */
VIRT__PRIVATE void virt__xml_start_in_cpu_numa(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const cell_attrs[] = { "id", "cpus", "memory", "unit", "memAccess", "discard", NULL };
    virt_cpu_cell_def *c;
    if (!virt__xml_is(name, "cell") || p->def->ncpu_cells >= VIRT_XML_MAX_CPU_CELLS) {
        virt__xml_skip_unsupported(p, name);
        return;
    }
    if (!p->def->cpu_cells &&
        !(p->def->cpu_cells = (virt_cpu_cell_def *)virt__xml_records(p, VIRT_XML_MAX_CPU_CELLS, sizeof *c)))
        return;
    c = &p->def->cpu_cells[p->def->ncpu_cells++];
    virt__xml_known_attrs(p, name, attrs, cell_attrs);
    if (!virt__xml_keep(p, &c->id, virt__xml_attr(attrs, "id")) ||
        !virt__xml_keep(p, &c->cpus, virt__xml_attr(attrs, "cpus")) ||
        !virt__xml_keep_kib(p, name, virt__xml_attr(attrs, "memory"), virt__xml_attr(attrs, "unit"), &c->memory) ||
        !virt__xml_keep(p, &c->mem_access, virt__xml_attr(attrs, "memAccess")) ||
        !virt__xml_keep(p, &c->discard, virt__xml_attr(attrs, "discard")))
        return;
    virt__xml_push(p, VIRT__XC_CPU_CELL, name);
}

/* In <cell>: one <distances>; in it, <sibling id='' value=''/>s */
VIRT__PRIVATE void virt__xml_start_in_cpu_cell(virt__xml_parser *p, virt__xml_ctx ctx, const char *name,
                                               const XML_Char **attrs)
{
    static const char *const sibling_attrs[] = { "id", "value", NULL };
    static const char *const none[] = { NULL };
    virt_domain_def *d = p->def;
    virt_cpu_distance_def *dist;
    char cell[24];
    if (ctx == VIRT__XC_CPU_CELL && virt__xml_is(name, "distances")) {
        virt__xml_known_attrs(p, name, attrs, none);
        virt__xml_push(p, VIRT__XC_CPU_DISTANCES, name);
        return;
    }
    if (ctx != VIRT__XC_CPU_DISTANCES || !virt__xml_is(name, "sibling") ||
        d->ncpu_distances >= VIRT_XML_MAX_CPU_DISTANCES) {
        virt__xml_skip_unsupported(p, name);
        return;
    }
    if (!d->cpu_distances &&
        !(d->cpu_distances = (virt_cpu_distance_def *)virt__xml_records(p, VIRT_XML_MAX_CPU_DISTANCES, sizeof *dist)))
        return;
    dist = &d->cpu_distances[d->ncpu_distances++];
    snprintf(cell, sizeof cell, "%u", d->ncpu_cells - 1);
    virt__xml_known_attrs(p, name, attrs, sibling_attrs);
    if (!virt__xml_keep(p, &dist->cell, cell) ||
        !virt__xml_keep(p, &dist->id, virt__xml_attr(attrs, "id")) ||
        !virt__xml_keep(p, &dist->value, virt__xml_attr(attrs, "value")))
        return;
    virt__xml_push(p, VIRT__XC_LEAF, name);
}

static const char *const virt__hyperv_names[VIRT_HYPERV_COUNT] = {
    "relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic", "stimer", "reset",
    "vendor_id", "frequencies", "reenlightenment", "tlbflush", "ipi", "evmcs", "avic"
};

/* In <features><hyperv>: <name state=''/>, spinlocks retries='', vendor_id value='' */
VIRT__PRIVATE void virt__xml_start_in_hyperv(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const state_attrs[] = { "state", NULL };
    static const char *const spinlocks_attrs[] = { "state", "retries", NULL };
    static const char *const vendor_attrs[] = { "state", "value", NULL };
    virt_hyperv_def *h = &p->def->hyperv;
    unsigned int f;
    for (f = 0; f < VIRT_HYPERV_COUNT && !virt__xml_is(name, virt__hyperv_names[f]); f++) {}
    if (f == VIRT_HYPERV_COUNT || h->state[f]) { virt__xml_skip_unsupported(p, name); return; }
    virt__xml_known_attrs(p, name, attrs, f == VIRT_HYPERV_SPINLOCKS ? spinlocks_attrs
                                          : f == VIRT_HYPERV_VENDOR_ID ? vendor_attrs : state_attrs);
    if (!virt__xml_keep_state(p, name, virt__xml_attr(attrs, "state"), &h->state[f])) return;
    if (!h->state[f] && !virt__xml_keep(p, &h->state[f], "")) return;  /* present, state unsaid */
    if (f == VIRT_HYPERV_SPINLOCKS && !virt__xml_keep(p, &h->spinlocks_retries, virt__xml_attr(attrs, "retries")))
        return;
    if (f == VIRT_HYPERV_VENDOR_ID && !virt__xml_keep(p, &h->vendor_id, virt__xml_attr(attrs, "value")))
        return;
    virt__xml_push(p, VIRT__XC_LEAF, name);
}

/* In <features><xen>: <e820_host state=''/>, <passthrough state='' mode=''/> */
VIRT__PRIVATE void virt__xml_start_in_xen_features(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const e820_attrs[] = { "state", NULL };
    static const char *const passthrough_attrs[] = { "state", "mode", NULL };
    virt_domain_def *d = p->def;
    if (virt__xml_is(name, "e820_host")) {
        virt__xml_known_attrs(p, name, attrs, e820_attrs);
        if (!virt__xml_keep_state(p, name, virt__xml_attr(attrs, "state"), &d->xen_e820_host)) return;
    } else if (virt__xml_is(name, "passthrough")) {
        virt__xml_known_attrs(p, name, attrs, passthrough_attrs);
        if (!virt__xml_keep_state(p, name, virt__xml_attr(attrs, "state"), &d->xen_passthrough) ||
            !virt__xml_keep(p, &d->xen_passthrough_mode, virt__xml_attr(attrs, "mode")))
            return;
    } else {
        virt__xml_skip_unsupported(p, name);
        return;
    }
    virt__xml_push(p, VIRT__XC_LEAF, name);
}

/* An element the model does not have: recorded, and skipped with its children. */
VIRT__PRIVATE void virt__xml_skip_unsupported(virt__xml_parser *p, const char *name)
{
    virt__xml_unsupported(p, name, NULL);
    virt__xml_push(p, VIRT__XC_IGNORE, name);
}

VIRT__PRIVATE void virt__xml_start_in_domain(virt__xml_parser *p, const char *name,
                                             const XML_Char **attrs)
{
    static const virt__xml_field fields[] = {
        VIRT__XF_NAME, VIRT__XF_UUID, VIRT__XF_BOOTLOADER, VIRT__XF_BOOTLOADER_ARGS,
        VIRT__XF_MEMORY, VIRT__XF_CURMEM, VIRT__XF_MAXMEM, VIRT__XF_VCPU,
        VIRT__XF_ON_POWEROFF, VIRT__XF_ON_REBOOT, VIRT__XF_ON_CRASH,
        VIRT__XF_TITLE, VIRT__XF_DESCRIPTION
    };
    static const char *const memory_attrs[] = { "unit", NULL };
    static const char *const maxmem_attrs[] = { "unit", "slots", NULL };
    static const char *const vcpu_attrs[] = { "placement", "cpuset", "current", NULL };
    static const char *const none[] = { NULL };
    virt__xml_field field;
    if (virt__xml_text_field(name, fields, sizeof fields / sizeof fields[0], &field)) {
        if (field == VIRT__XF_MEMORY || field == VIRT__XF_CURMEM || field == VIRT__XF_MAXMEM) {
            const char *unit = virt__xml_attr(attrs, "unit");
            if (!unit) unit = "";
            if (strlen(unit) >= sizeof p->unit) {
                virt__xml_fail_at(p, VIRT_E_INVAL, virt__xml_pos(p),
                                  "<%s> has an unknown unit: '%.40s'", name, unit);
                return;
            }
            strcpy(p->unit, unit);
            virt__xml_known_attrs(p, name, attrs, field == VIRT__XF_MAXMEM ? maxmem_attrs : memory_attrs);
            if (field == VIRT__XF_MAXMEM && !(p->seen & (1UL << field)) &&
                !virt__xml_keep(p, &p->def->max_memory_slots, virt__xml_attr(attrs, "slots")))
                return;
        } else if (field == VIRT__XF_VCPU) {
            virt__xml_known_attrs(p, name, attrs, vcpu_attrs);
            if (!(p->seen & (1UL << field)) &&
                (!virt__xml_keep(p, &p->def->vcpu_placement, virt__xml_attr(attrs, "placement")) ||
                 !virt__xml_keep(p, &p->def->vcpu_cpuset, virt__xml_attr(attrs, "cpuset")) ||
                 !virt__xml_keep(p, &p->def->vcpu_current, virt__xml_attr(attrs, "current"))))
                return;
        } else {
            virt__xml_known_attrs(p, name, attrs, none);
        }
        virt__xml_start_text(p, field, name);
    } else if (virt__xml_is(name, "os")) {
        virt__xml_push(p, VIRT__XC_OS, name);
    } else if (virt__xml_is(name, "features")) {
        virt__xml_push(p, VIRT__XC_FEATURES, name);
    } else if (virt__xml_is(name, "devices")) {
        virt__xml_push(p, VIRT__XC_DEVICES, name);
    } else if (virt__xml_is(name, "clock")) {
        virt__xml_start_clock(p, name, attrs);
    } else if (virt__xml_is(name, "cputune")) {
        virt__xml_known_attrs(p, name, attrs, none);
        virt__xml_push(p, VIRT__XC_CPUTUNE, name);
    } else if (virt__xml_is(name, "numatune")) {
        virt__xml_known_attrs(p, name, attrs, none);
        virt__xml_push(p, VIRT__XC_NUMATUNE, name);
    } else if (virt__xml_is(name, "cpu")) {
        virt__xml_start_cpu(p, name, attrs);
    } else {
        virt__xml_skip_unsupported(p, name);
    }
}

VIRT__PRIVATE void virt__xml_start_boot(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const known[] = { "dev", NULL };
    const char *dev = virt__xml_attr(attrs, "dev");
    virt_domain_def *d = p->def;
    virt__xml_known_attrs(p, name, attrs, known);
    if (dev && *dev) {
        if (d->nboot >= VIRT_XML_MAX_BOOT) { virt__xml_skip_unsupported(p, name); return; }
        if (!(d->boot_devs[d->nboot] = virt__def_strdup(d, dev))) { virt__xml_nomem(p); return; }
        d->nboot++;
        p->seen |= 1UL << VIRT__XF_BOOT;
        if (!virt__xml_keep(p, &d->os.boot_dev, dev)) return;
        virt__xml_push(p, VIRT__XC_LEAF, name);
        return;
    }
    virt__xml_start_text(p, VIRT__XF_BOOT, name);
}

VIRT__PRIVATE void virt__xml_start_in_os(virt__xml_parser *p, const char *name,
                                         const XML_Char **attrs)
{
    static const virt__xml_field fields[] = {
        VIRT__XF_OS_TYPE, VIRT__XF_LOADER, VIRT__XF_KERNEL, VIRT__XF_INITRD,
        VIRT__XF_ROOT, VIRT__XF_CMDLINE, VIRT__XF_NVRAM
    };
    static const char *const type_attrs[] = { "arch", "machine", NULL };
    static const char *const loader_attrs[] = { "readonly", "type", "format", NULL };
    static const char *const none[] = { NULL };
    virt__xml_field field;
    virt_domain_def *d = p->def;
    if (virt__xml_is(name, "boot")) { virt__xml_start_boot(p, name, attrs); return; }
    if (virt__xml_is(name, "smbios") && !d->smbios_mode) {
        static const char *const smbios_attrs[] = { "mode", NULL };
        virt__xml_known_attrs(p, name, attrs, smbios_attrs);
        if (!virt__xml_keep(p, &d->smbios_mode, virt__xml_attr(attrs, "mode"))) return;
        virt__xml_push(p, VIRT__XC_LEAF, name);
        return;
    }
    if (!virt__xml_text_field(name, fields, sizeof fields / sizeof fields[0], &field)) {
        virt__xml_skip_unsupported(p, name);
        return;
    }
    virt__xml_known_attrs(p, name, attrs,
                          field == VIRT__XF_OS_TYPE ? type_attrs : field == VIRT__XF_LOADER ? loader_attrs : none);
    if (field == VIRT__XF_OS_TYPE && !(p->seen & (1UL << field))) {
        if (!virt__xml_keep(p, &d->os.arch, virt__xml_attr(attrs, "arch"))) return;
        if (!virt__xml_keep(p, &d->os.machine, virt__xml_attr(attrs, "machine"))) return;
    }
    if (field == VIRT__XF_LOADER && !(p->seen & (1UL << field))) {
        if (!virt__xml_keep(p, &d->loader_readonly, virt__xml_attr(attrs, "readonly"))) return;
        if (!virt__xml_keep(p, &d->loader_type, virt__xml_attr(attrs, "type"))) return;
        if (!virt__xml_keep(p, &d->loader_format, virt__xml_attr(attrs, "format"))) return;
    }
    virt__xml_start_text(p, field, name);
}

/* <hap/>, <pvspinlock/>: state='on' (the default) or 'off' */
VIRT__PRIVATE void virt__xml_feature_state(virt__xml_parser *p, const char *name, const XML_Char **attrs,
                                           unsigned int on, unsigned int off)
{
    static const char *const known[] = { "state", NULL };
    const char *state = virt__xml_attr(attrs, "state");
    virt__xml_known_attrs(p, name, attrs, known);
    if (!state || virt__xml_is(state, "on")) p->def->features |= on;
    else if (virt__xml_is(state, "off")) p->def->features |= off;
    else
        virt__xml_fail_at(p, VIRT_E_INVAL, virt__xml_pos(p),
                          "<%s> state is not 'on' or 'off': '%.40s'", name, state);
}

VIRT__PRIVATE void virt__xml_start_in_features(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const none[] = { NULL };
    if (virt__xml_is(name, "xen")) {
        virt__xml_known_attrs(p, name, attrs, none);
        virt__xml_push(p, VIRT__XC_XEN_FEATURES, name);
        return;
    }
    if (virt__xml_is(name, "hyperv") && !p->def->has_hyperv) {
        static const char *const hyperv_attrs[] = { "mode", NULL };
        p->def->has_hyperv = 1;
        virt__xml_known_attrs(p, name, attrs, hyperv_attrs);
        if (!virt__xml_keep(p, &p->def->hyperv.mode, virt__xml_attr(attrs, "mode"))) return;
        virt__xml_push(p, VIRT__XC_HYPERV, name);
        return;
    }
    if (virt__xml_is(name, "hap"))
        virt__xml_feature_state(p, name, attrs, VIRT_FEATURE_HAP, VIRT_FEATURE_HAP_OFF);
    else if (virt__xml_is(name, "pvspinlock"))
        virt__xml_feature_state(p, name, attrs, VIRT_FEATURE_PVSPINLOCK, VIRT_FEATURE_PVSPINLOCK_OFF);
    else {
        unsigned int bit = virt__xml_is(name, "pae") ? VIRT_FEATURE_PAE
                         : virt__xml_is(name, "acpi") ? VIRT_FEATURE_ACPI
                         : virt__xml_is(name, "apic") ? VIRT_FEATURE_APIC
                         : virt__xml_is(name, "viridian") ? VIRT_FEATURE_VIRIDIAN : 0;
        if (!bit) { virt__xml_skip_unsupported(p, name); return; }
        virt__xml_known_attrs(p, name, attrs, none);
        p->def->features |= bit;
    }
    virt__xml_push(p, VIRT__XC_LEAF, name);
}

/* Appends a zeroed device of the given kind; NULL on failure. The parser
 * owns the array of the definition it builds, so it grows it to powers of
 * two (reallocating at 0, 4, 8, 16 ... devices), not one by one. */
/* The size of the union member a device of each kind uses. */
static const unsigned short virt__device_member_size[VIRT_DEVICE_KIND_COUNT] = {
    sizeof(virt_disk_def), sizeof(virt_net_def), sizeof(virt_graphics_def),
    sizeof(virt_chardev_def), sizeof(virt_chardev_def), sizeof(virt_chardev_def), sizeof(virt_chardev_def),
    sizeof(virt_input_def), sizeof(virt_sound_def), sizeof(virt_video_def), sizeof(virt_hostdev_def),
    sizeof(virt_controller_def), sizeof(virt_memballoon_def), sizeof(virt_watchdog_def)
};

VIRT__PRIVATE virt_device_def *virt__xml_add_device(virt__xml_parser *p, virt_device_kind kind)
{
    virt_device_def *devs, *d;
    size_t n = p->def->ndevices, bytes, cap;
    if (n == p->dev_cap) {
        /* first the count the document's size suggests (a device takes 100
         * to 200 bytes of XML): growing a 40-device array by doubling
         * copied 60 devices (44 KB), more than the rest of the handlers */
        cap = n ? 2 * n : p->doc_len / VIRT__XML_DEVICE_BYTES;
        if (cap < 4) cap = 4;
        if (cap > VIRT_XML_MAX_DEVICES) cap = VIRT_XML_MAX_DEVICES + 1;
        if (!virt__size_mul(cap, sizeof *devs, &bytes)) {
            virt__xml_nomem(p);
            return NULL;
        }
        devs = (virt_device_def *)VIRT_REALLOC(p->def->devices, bytes);
        if (!devs) { virt__xml_nomem(p); return NULL; }
        p->def->devices = devs;
        p->dev_cap = cap;
    }
    devs = p->def->devices;
    d = &devs[p->def->ndevices++];
    /* only the kind's member of the union and the address are zeroed (no
     * code reads another member: they overlap): a 728-byte device is
     * mostly an interface's room, and a parse touched all of it twice */
    memset(d, 0, offsetof(virt_device_def, u) + virt__device_member_size[kind]);
    memset(&d->address, 0, sizeof d->address);
    d->kind = kind;
    return d;
}

/* The parsed definition keeps exactly its devices (the parser's array
 * has cap); shrinking in place cannot fail for good: on a refusal the
 * larger array stays. */
VIRT__PRIVATE void virt__xml_fit_devices(virt_domain_def *def, size_t cap)
{
    virt_device_def *devs;
    size_t n = def->ndevices;
    if (n == cap || n == 0) return;
    devs = (virt_device_def *)VIRT_REALLOC(def->devices, n * sizeof *devs);
    if (devs) def->devices = devs;
}

VIRT__PRIVATE virt_device_def *virt__xml_last_device(virt__xml_parser *p)
{
    return &p->def->devices[p->def->ndevices - 1];
}

/* Stores the attributes of an <address> (type first, as written). */
VIRT__PRIVATE void virt__xml_address(virt__xml_parser *p, virt_address_def *a, const char *name,
                                     const XML_Char **attrs)
{
    size_t i;
    if (a->natts) { virt__xml_push(p, VIRT__XC_IGNORE, name); return; }  /* the first counts */
    if (!virt__xml_push(p, VIRT__XC_LEAF, name)) return;
    for (i = 0; attrs[i]; i += 2) {
        if (a->natts >= VIRT_ADDRESS_MAX_ATTRS) { virt__xml_unsupported(p, name, attrs[i]); return; }
        a->attrs[2 * a->natts] = virt__def_strdup(p->def, attrs[i]);
        a->attrs[2 * a->natts + 1] = virt__def_strdup(p->def, attrs[i + 1]);
        a->natts++;
        if (!a->attrs[2 * a->natts - 2] || !a->attrs[2 * a->natts - 1]) { virt__xml_nomem(p); return; }
    }
}

/* A child of a device that only <address> may be. 1 when it was handled. */
VIRT__PRIVATE int virt__xml_device_common(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    if (!virt__xml_is(name, "address")) return 0;
    virt__xml_address(p, &virt__xml_last_device(p)->address, name, attrs);
    return 1;
}

VIRT__PRIVATE void virt__xml_start_disk(virt__xml_parser *p, const char *name,
                                        const XML_Char **attrs)
{
    static const char *const known[] = { "type", "device", NULL };
    const char *type = virt__xml_attr(attrs, "type");
    const char *device = virt__xml_attr(attrs, "device");
    virt__xml_frame *f = virt__xml_push(p, VIRT__XC_DISK, name);
    virt_disk_def *disk;
    virt_device_def *d;
    if (!f || !(d = virt__xml_add_device(p, VIRT_DEVICE_DISK))) return;
    disk = &d->u.disk;
    virt__xml_known_attrs(p, name, attrs, known);
    /* type and device default to file and disk, as in libvirt */
    if (!type || virt__xml_is(type, "file")) disk->type = VIRT_DISK_FILE;
    else if (virt__xml_is(type, "block")) disk->type = VIRT_DISK_BLOCK;
    else if (virt__xml_is(type, "network")) disk->type = VIRT_DISK_NETWORK;
    else if (virt__xml_is(type, "volume") || virt__xml_is(type, "dir")) {
        virt__xml_unsupported(p, "disk", "type");      /* volume, dir disks: not modelled yet */
        virt__device_clear(p->def, d);                 /* recorded, not kept half-read */
        p->def->ndevices--;
        f->ctx = VIRT__XC_IGNORE;
        return;
    } else {
        virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                          "<disk> type is not 'file', 'block' or 'network': '%.40s'", type);
        return;
    }
    if (!device || virt__xml_is(device, "disk")) disk->device = VIRT_DISK_DEVICE_DISK;
    else if (virt__xml_is(device, "cdrom")) disk->device = VIRT_DISK_DEVICE_CDROM;
    else if (virt__xml_is(device, "floppy")) disk->device = VIRT_DISK_DEVICE_FLOPPY;
    else
        virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                          "<disk> device is not 'disk', 'cdrom' or 'floppy': '%.40s'", device);
}

VIRT__PRIVATE void virt__xml_start_in_disk(virt__xml_parser *p, const char *name,
                                           const XML_Char **attrs)
{
    static const virt__xml_slot driver_slots[] = {
        { "name", (unsigned short)offsetof(virt_disk_def, driver_name), VIRT__XS_KEEP },
        { "type", (unsigned short)offsetof(virt_disk_def, driver_type), VIRT__XS_KEEP }
    };
    static const virt__xml_slot target_slots[] = {
        { "dev", (unsigned short)offsetof(virt_disk_def, target), VIRT__XS_NONEMPTY },
        { "bus", (unsigned short)offsetof(virt_disk_def, bus), VIRT__XS_KEEP }
    };
    static const char *const source_attrs[] = { "file", "dev", NULL };
    static const char *const none[] = { NULL };
    virt_disk_def *disk = &virt__xml_last_device(p)->u.disk;
    if (virt__xml_device_common(p, name, attrs)) return;
    if (!virt__xml_push(p, VIRT__XC_LEAF, name)) return;
    if (virt__xml_is(name, "driver")) {
        virt__xml_take(p, name, attrs, driver_slots, VIRT__XS_N(driver_slots), disk);
    } else if (virt__xml_is(name, "source") && disk->type == VIRT_DISK_NETWORK) {
        static const char *const network_attrs[] = { "protocol", "name", NULL };
        virt__xml_top(p)->ctx = VIRT__XC_DISK_SOURCE;
        virt__xml_known_attrs(p, name, attrs, network_attrs);
        if (!virt__xml_keep(p, &disk->protocol, virt__xml_attr(attrs, "protocol"))) return;
        virt__xml_keep(p, &disk->source, virt__xml_attr(attrs, "name"));
    } else if (virt__xml_is(name, "source")) {
        /* the attribute that matches the disk type first, then the other */
        const char *file = virt__xml_attr(attrs, "file"), *dev = virt__xml_attr(attrs, "dev");
        const char *src = disk->type == VIRT_DISK_BLOCK ? (dev ? dev : file) : (file ? file : dev);
        virt__xml_known_attrs(p, name, attrs, source_attrs);
        if (src && *src) virt__xml_keep(p, &disk->source, src);
    } else if (virt__xml_is(name, "target")) {
        virt__xml_take(p, name, attrs, target_slots, VIRT__XS_N(target_slots), disk);
    } else if (virt__xml_is(name, "readonly")) {
        virt__xml_known_attrs(p, name, attrs, none);
        disk->readonly = 1;
    } else if (virt__xml_is(name, "shareable")) {
        virt__xml_known_attrs(p, name, attrs, none);
        disk->shareable = 1;
    } else {
        virt__xml_unsupported(p, name, NULL);
        virt__xml_top(p)->ctx = VIRT__XC_IGNORE;
    }
}

/* In a network disk's <source>: <host name='' port='' transport='' socket=''/> */
VIRT__PRIVATE void virt__xml_start_in_disk_source(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const host_attrs[] = { "name", "port", "transport", "socket", NULL };
    virt_disk_def *disk = &virt__xml_last_device(p)->u.disk;
    char **h;
    if (!virt__xml_is(name, "host") || disk->nhosts >= VIRT_DISK_MAX_HOSTS) {
        virt__xml_skip_unsupported(p, name);   /* <auth>, <snapshot>, <config> ... */
        return;
    }
    if (!virt__xml_push(p, VIRT__XC_LEAF, name)) return;
    h = &disk->hosts[4 * disk->nhosts++];
    virt__xml_known_attrs(p, name, attrs, host_attrs);
    if (!virt__xml_keep(p, &h[0], virt__xml_attr(attrs, "name")) ||
        !virt__xml_keep(p, &h[1], virt__xml_attr(attrs, "port")) ||
        !virt__xml_keep(p, &h[2], virt__xml_attr(attrs, "transport")))
        return;
    virt__xml_keep(p, &h[3], virt__xml_attr(attrs, "socket"));
}

/* libvirt's other <interface type=''> values (virDomainNetType) */
VIRT__PRIVATE int virt__xml_is_libvirt_net_type(const char *t)
{
    static const char *const types[] = { "user", "vhostuser", "server", "client", "mcast", "internal", "direct",
                                         "hostdev", "udp", "vdpa", "null", "vds", NULL };
    size_t i;
    for (i = 0; types[i]; i++)
        if (virt__xml_is(t, types[i])) return 1;
    return 0;
}

VIRT__PRIVATE void virt__xml_start_iface(virt__xml_parser *p, const char *name,
                                         const XML_Char **attrs)
{
    static const char *const known[] = { "type", NULL };
    const char *type = virt__xml_attr(attrs, "type");
    virt__xml_frame *f = virt__xml_push(p, VIRT__XC_IFACE, name);
    virt_device_def *d;
    if (!f || !(d = virt__xml_add_device(p, VIRT_DEVICE_INTERFACE))) return;
    virt__xml_known_attrs(p, name, attrs, known);
    if (type && virt__xml_is(type, "bridge")) d->u.net.type = VIRT_NET_BRIDGE;
    else if (type && virt__xml_is(type, "ethernet")) d->u.net.type = VIRT_NET_ETHERNET;
    else if (type && virt__xml_is(type, "network")) d->u.net.type = VIRT_NET_NETWORK;
    else if (type && virt__xml_is_libvirt_net_type(type)) {
        virt__xml_unsupported(p, "interface", "type");   /* hostdev, direct, user ...: not modelled */
        virt__device_clear(p->def, d);
        p->def->ndevices--;
        f->ctx = VIRT__XC_IGNORE;
    } else
        virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                          "<interface> type is not 'bridge', 'ethernet' or 'network': '%.40s'",
                          type ? type : "(none)");
}

VIRT__PRIVATE void virt__xml_iface_mac(virt__xml_parser *p, virt_net_def *net,
                                       const virt__xml_frame *f, const char *addr)
{
    static const char digits[] = "0123456789abcdef";
    unsigned char mac[6];
    char buf[18];
    size_t i;
    if (!addr || net->mac) return;
    if (virt_mac_parse(addr, mac) < 0) {
        virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                          "<mac> address is not a MAC address: '%.40s'", addr);
        return;
    }
    for (i = 0; i < 6; i++) {       /* "%02x:" six times, without printf */
        buf[3 * i] = digits[mac[i] >> 4];
        buf[3 * i + 1] = digits[mac[i] & 15];
        buf[3 * i + 2] = i < 5 ? ':' : '\0';
    }
    virt__xml_keep(p, &net->mac, buf);
}

/* One child of <interface>: the attribute it carries, where it goes. */
VIRT__PRIVATE char **virt__xml_iface_slot(virt_net_def *net, const char *name, const char **attr)
{
    if (virt__xml_is(name, "ip")) { *attr = "address"; return &net->ip; }
    if (virt__xml_is(name, "script")) { *attr = "path"; return &net->script; }
    if (virt__xml_is(name, "target")) { *attr = "dev"; return &net->target; }
    if (virt__xml_is(name, "model")) { *attr = "type"; return &net->model; }
    return NULL;
}

VIRT__PRIVATE void virt__xml_start_in_iface(virt__xml_parser *p, const char *name,
                                            const XML_Char **attrs)
{
    virt_net_def *net = &virt__xml_last_device(p)->u.net;
    virt__xml_frame *f;
    const char *attr = NULL;
    char **slot;
    if (virt__xml_device_common(p, name, attrs)) return;
    if (!(f = virt__xml_push(p, VIRT__XC_LEAF, name))) return;
    if (virt__xml_is(name, "source")) {
        const char *key = net->type == VIRT_NET_BRIDGE ? "bridge"
                        : net->type == VIRT_NET_NETWORK ? "network" : "dev";
        const char *src = virt__xml_attr(attrs, key);
        const char *known[2];
        known[0] = key; known[1] = NULL;
        virt__xml_known_attrs(p, name, attrs, known);
        if (src && *src) virt__xml_keep(p, &net->source, src);
    } else if (virt__xml_is(name, "mac")) {
        static const char *const known[] = { "address", NULL };
        virt__xml_known_attrs(p, name, attrs, known);
        virt__xml_iface_mac(p, net, f, virt__xml_attr(attrs, "address"));
    } else if (virt__xml_is(name, "vlan") && !net->nvlan_tags && !net->vlan_trunk) {
        static const char *const known[] = { "trunk", NULL };
        virt__xml_known_attrs(p, name, attrs, known);
        f->ctx = VIRT__XC_VLAN;
        virt__xml_keep(p, &net->vlan_trunk, virt__xml_attr(attrs, "trunk"));
    } else if (virt__xml_is(name, "virtualport") && !net->virtualport_type) {
        static const char *const known[] = { "type", NULL };
        virt__xml_known_attrs(p, name, attrs, known);
        f->ctx = VIRT__XC_VIRTUALPORT;
        virt__xml_keep(p, &net->virtualport_type, virt__xml_attr(attrs, "type") ? virt__xml_attr(attrs, "type") : "");
    } else if (virt__xml_is(name, "bandwidth")) {
        static const char *const none[] = { NULL };
        virt__xml_known_attrs(p, name, attrs, none);
        f->ctx = VIRT__XC_BANDWIDTH;
    } else if ((slot = virt__xml_iface_slot(net, name, &attr)) != NULL) {
        const char *known[3];
        if (*slot && slot == &net->ip && net->nmore_ips < VIRT_NET_MAX_MORE_IPS)
            slot = &net->more_ips[net->nmore_ips++];
        else if (*slot) { virt__xml_unsupported(p, name, NULL); return; }  /* a second <script> ... */
        /* <ip family=''> follows from the address: written, not kept */
        known[0] = attr; known[1] = virt__xml_is(name, "ip") ? "family" : NULL; known[2] = NULL;
        virt__xml_known_attrs(p, name, attrs, known);
        virt__xml_keep(p, slot, virt__xml_attr(attrs, attr));
    } else {
        virt__xml_unsupported(p, name, NULL);
        f->ctx = VIRT__XC_IGNORE;
    }
}

/* Children of <vlan>, <virtualport>, <bandwidth> in an <interface>. */
VIRT__PRIVATE void virt__xml_start_in_net_part(virt__xml_parser *p, virt__xml_ctx ctx, const char *name,
                                               const XML_Char **attrs)
{
    static const char *const tag_attrs[] = { "id", "nativeMode", NULL };
    virt_net_def *net = &virt__xml_last_device(p)->u.net;
    if (ctx == VIRT__XC_VLAN && virt__xml_is(name, "tag") && net->nvlan_tags < VIRT_NET_MAX_VLAN_TAGS) {
        if (!virt__xml_push(p, VIRT__XC_LEAF, name)) return;
        virt__xml_known_attrs(p, name, attrs, tag_attrs);
        net->nvlan_tags++;
        if (!virt__xml_keep(p, &net->vlan_tags[2 * net->nvlan_tags - 2], virt__xml_attr(attrs, "id"))) return;
        virt__xml_keep(p, &net->vlan_tags[2 * net->nvlan_tags - 1], virt__xml_attr(attrs, "nativeMode"));
    } else if (ctx == VIRT__XC_VIRTUALPORT && virt__xml_is(name, "parameters")) {
        virt__xml_address(p, &net->virtualport_params, name, attrs);
    } else if (ctx == VIRT__XC_BANDWIDTH && virt__xml_is(name, "inbound")) {
        virt__xml_address(p, &net->bandwidth_in, name, attrs);
    } else if (ctx == VIRT__XC_BANDWIDTH && virt__xml_is(name, "outbound")) {
        virt__xml_address(p, &net->bandwidth_out, name, attrs);
    } else {
        virt__xml_skip_unsupported(p, name);
    }
}

VIRT__PRIVATE void virt__xml_start_graphics(virt__xml_parser *p, const char *name,
                                            const XML_Char **attrs)
{
    static const char *const known[] = { "type", "port", "autoport", "listen", "passwd", "keymap", NULL };
    const char *type = virt__xml_attr(attrs, "type");
    const char *port = virt__xml_attr(attrs, "port");
    const char *autoport = virt__xml_attr(attrs, "autoport");
    virt__xml_frame *f = virt__xml_push(p, VIRT__XC_GRAPHICS, name);
    virt_graphics_def *g;
    virt_device_def *d;
    if (!f || !(d = virt__xml_add_device(p, VIRT_DEVICE_GRAPHICS))) return;
    g = &d->u.graphics;
    g->port = -1;
    g->autoport = -1;
    virt__xml_known_attrs(p, name, attrs, known);
    if (type && virt__xml_is(type, "vnc")) g->type = VIRT_GRAPHICS_VNC;
    else if (type && virt__xml_is(type, "sdl")) g->type = VIRT_GRAPHICS_SDL;
    else if (type && virt__xml_is(type, "spice")) g->type = VIRT_GRAPHICS_SPICE;
    else {
        virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                          "<graphics> type is not 'vnc', 'sdl' or 'spice': '%.40s'", type ? type : "(none)");
        return;
    }
    if (port && virt__xml_parse_int(port, -1, 65535, &g->port) <= 0) {
        virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                          "<graphics> port is not a port number (-1..65535): '%.40s'", port);
        return;
    }
    if (autoport) g->autoport = virt__xml_is(autoport, "yes");
    if (g->autoport == 1) g->port = -1;
    if (!virt__xml_keep(p, &g->listen, virt__xml_attr(attrs, "listen"))) return;
    if (!virt__xml_keep(p, &g->passwd, virt__xml_attr(attrs, "passwd"))) return;
    virt__xml_keep(p, &g->keymap, virt__xml_attr(attrs, "keymap"));
}

VIRT__PRIVATE void virt__xml_start_in_graphics(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const known[] = { "type", "address", NULL };
    virt_graphics_def *g = &virt__xml_last_device(p)->u.graphics;
    if (!virt__xml_push(p, VIRT__XC_LEAF, name)) return;
    if (!virt__xml_is(name, "listen") || g->has_listen) {   /* one <listen> is modelled */
        virt__xml_unsupported(p, name, NULL);
        virt__xml_top(p)->ctx = VIRT__XC_IGNORE;
        return;
    }
    virt__xml_known_attrs(p, name, attrs, known);
    g->has_listen = 1;
    if (!virt__xml_keep(p, &g->listen_type, virt__xml_attr(attrs, "type"))) return;
    virt__xml_keep(p, &g->listen_address, virt__xml_attr(attrs, "address"));
}

/* <serial|parallel|console|channel type=''> (a bare <console tty=''/> is
 * libvirt 0.2.0's console). */
VIRT__PRIVATE void virt__xml_start_chardev(virt__xml_parser *p, const char *name, const XML_Char **attrs,
                                           virt_device_kind kind)
{
    static const virt__xml_slot slots[] = {
        { "type", (unsigned short)offsetof(virt_chardev_def, type), VIRT__XS_KEEP },
        { "tty", (unsigned short)offsetof(virt_chardev_def, tty), VIRT__XS_NONEMPTY }
    };
    virt_device_def *d;
    if (!virt__xml_push(p, VIRT__XC_CHARDEV, name)) return;
    if (!(d = virt__xml_add_device(p, kind))) return;
    virt__xml_take(p, name, attrs, slots, VIRT__XS_N(slots), &d->u.console);
}

#define VIRT__CS(m) (unsigned short)offsetof(virt_chardev_source, m)
static const virt__xml_slot virt__chardev_source_slots[] = {
    { "mode", VIRT__CS(mode), 0 }, { "path", VIRT__CS(path), 0 }, { "host", VIRT__CS(host), 0 },
    { "service", VIRT__CS(service), 0 }
};
#undef VIRT__CS
#define VIRT__CD(m) (unsigned short)offsetof(virt_chardev_def, m)
static const virt__xml_slot virt__chardev_protocol_slots[] = { { "type", VIRT__CD(protocol), 0 } };
static const virt__xml_slot virt__chardev_target_slots[] = {
    { "type", VIRT__CD(target_type), 0 }, { "port", VIRT__CD(target_port), 0 }, { "name", VIRT__CD(target_name), 0 }
};
#undef VIRT__CD

VIRT__PRIVATE void virt__xml_start_in_chardev(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    virt_chardev_def *c = &virt__xml_last_device(p)->u.console;
    if (virt__xml_device_common(p, name, attrs)) return;
    if (!virt__xml_push(p, VIRT__XC_LEAF, name)) return;
    if (virt__xml_is(name, "source") && !c->source[1].mode && !c->source[1].path && !c->source[1].host) {
        virt_chardev_source *src = &c->source[c->source[0].mode || c->source[0].path || c->source[0].host ||
                                              c->source[0].service];
        virt__xml_take(p, name, attrs, virt__chardev_source_slots, VIRT__XS_N(virt__chardev_source_slots), src);
    } else if (virt__xml_is(name, "protocol")) {
        virt__xml_take(p, name, attrs, virt__chardev_protocol_slots, 1, c);
    } else if (virt__xml_is(name, "target")) {
        virt__xml_take(p, name, attrs, virt__chardev_target_slots, VIRT__XS_N(virt__chardev_target_slots), c);
    } else {
        virt__xml_unsupported(p, name, NULL);
        virt__xml_top(p)->ctx = VIRT__XC_IGNORE;
    }
}

/* Devices that are only attributes (and an <address>): what each keeps,
 * as offsets into virt_device_def. */
#define VIRT__DS(m) (unsigned short)offsetof(virt_device_def, m)
static const virt__xml_slot virt__input_slots[] = { { "type", VIRT__DS(u.input.type), 0 }, { "bus", VIRT__DS(u.input.bus), 0 } };
static const virt__xml_slot virt__sound_slots[] = { { "model", VIRT__DS(u.sound.model), 0 } };
static const virt__xml_slot virt__memballoon_slots[] = { { "model", VIRT__DS(u.memballoon.model), 0 } };
static const virt__xml_slot virt__watchdog_slots[] = {
    { "model", VIRT__DS(u.watchdog.model), 0 }, { "action", VIRT__DS(u.watchdog.action), 0 }
};
static const virt__xml_slot virt__controller_slots[] = {
    { "type", VIRT__DS(u.controller.type), 0 }, { "index", VIRT__DS(u.controller.index), 0 },
    { "model", VIRT__DS(u.controller.model), 0 }, { "maxGrantFrames", VIRT__DS(u.controller.max_grant_frames), 0 },
    { "maxEventChannels", VIRT__DS(u.controller.max_event_channels), 0 }
};
static const virt__xml_slot virt__hostdev_slots[] = {
    { "mode", VIRT__DS(u.hostdev.mode), 0 }, { "type", VIRT__DS(u.hostdev.type), 0 },
    { "managed", VIRT__DS(u.hostdev.managed), 0 }
};
#undef VIRT__DS

VIRT__PRIVATE const virt__xml_slot *virt__simple_slots(virt_device_kind kind, size_t *n)
{
#define VIRT__TABLE(t) do { *n = VIRT__XS_N(t); return t; } while (0)
    switch (kind) {
    case VIRT_DEVICE_INPUT: VIRT__TABLE(virt__input_slots);
    case VIRT_DEVICE_SOUND: VIRT__TABLE(virt__sound_slots);
    case VIRT_DEVICE_MEMBALLOON: VIRT__TABLE(virt__memballoon_slots);
    case VIRT_DEVICE_WATCHDOG: VIRT__TABLE(virt__watchdog_slots);
    case VIRT_DEVICE_CONTROLLER: VIRT__TABLE(virt__controller_slots);
    case VIRT_DEVICE_HOSTDEV: VIRT__TABLE(virt__hostdev_slots);
    default: break;
    }
#undef VIRT__TABLE
    *n = 0;       /* <video>: no attribute */
    return NULL;
}

VIRT__PRIVATE void virt__xml_start_simple(virt__xml_parser *p, const char *name, const XML_Char **attrs,
                                          virt_device_kind kind)
{
    virt_device_def *d;
    size_t n;
    const virt__xml_slot *slots = virt__simple_slots(kind, &n);
    if (!virt__xml_push(p, kind == VIRT_DEVICE_HOSTDEV ? VIRT__XC_HOSTDEV
                           : kind == VIRT_DEVICE_VIDEO ? VIRT__XC_VIDEO : VIRT__XC_DEVICE, name))
        return;
    if (!(d = virt__xml_add_device(p, kind))) return;
    if (!virt__xml_take(p, name, attrs, slots, n, d)) return;
    if (kind == VIRT_DEVICE_HOSTDEV && d->u.hostdev.type && !virt__xml_is(d->u.hostdev.type, "pci") &&
        !virt__xml_is(d->u.hostdev.type, "usb")) {
        virt__xml_unsupported(p, name, "type");      /* scsi, mdev hostdevs: not modelled */
        virt__device_clear(p->def, d);
        p->def->ndevices--;
        virt__xml_top(p)->ctx = VIRT__XC_IGNORE;
    }
}

/* <memballoon><stats period='N'/>, as libvirt 9.0 reads it: an int, a
 * negative one taken as 0. 0 when name is not this element. */
VIRT__PRIVATE int virt__xml_memballoon_stats(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const known[] = { "period", NULL };
    virt_device_def *d = virt__xml_last_device(p);
    const char *period = virt__xml_attr(attrs, "period");
    int v = 0;
    if (d->kind != VIRT_DEVICE_MEMBALLOON || !virt__xml_is(name, "stats")) return 0;
    if (!virt__xml_push(p, VIRT__XC_LEAF, name)) return 1;
    virt__xml_known_attrs(p, name, attrs, known);
    if (period && virt__xml_parse_int(period, -2147483647L - 1, 2147483647L, &v) <= 0) {
        virt__xml_fail_at(p, VIRT_E_INVAL, virt__xml_pos(p),
                          "Invalid value for attribute 'period' in element 'stats': '%.40s'", period);
        return 1;
    }
    d->u.memballoon.stats_period = v < 0 ? 0 : v;
    return 1;
}

VIRT__PRIVATE void virt__xml_start_in_video(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const known[] = { "type", "vram", "heads", "primary", NULL };
    virt_video_def *v = &virt__xml_last_device(p)->u.video;
    char **slots[3];
    const char *primary;
    if (virt__xml_device_common(p, name, attrs)) return;
    if (!virt__xml_push(p, VIRT__XC_LEAF, name)) return;
    if (!virt__xml_is(name, "model") || v->model) {
        virt__xml_unsupported(p, name, NULL);
        virt__xml_top(p)->ctx = VIRT__XC_IGNORE;
        return;
    }
    virt__xml_known_attrs(p, name, attrs, known);
    slots[0] = &v->model; slots[1] = &v->vram; slots[2] = &v->heads;
    {
        static const char *const kept[] = { "type", "vram", "heads", NULL };
        size_t i;
        for (i = 0; kept[i]; i++)
            if (!virt__xml_keep(p, slots[i], virt__xml_attr(attrs, kept[i]))) return;
    }
    primary = virt__xml_attr(attrs, "primary");
    v->primary = primary && virt__xml_is(primary, "yes");
}

VIRT__PRIVATE void virt__xml_start_in_hostdev(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    static const char *const none[] = { NULL };
    if (virt__xml_device_common(p, name, attrs)) return;
    if (virt__xml_is(name, "source")) {
        virt__xml_known_attrs(p, name, attrs, none);
        virt__xml_push(p, VIRT__XC_HOSTDEV_SOURCE, name);
        return;
    }
    virt__xml_skip_unsupported(p, name);
}

VIRT__PRIVATE void virt__xml_start_in_hostdev_source(virt__xml_parser *p, const char *name, const XML_Char **attrs)
{
    if (virt__xml_is(name, "address")) {
        virt__xml_address(p, &virt__xml_last_device(p)->u.hostdev.source, name, attrs);
        return;
    }
    virt__xml_skip_unsupported(p, name);
}

VIRT__PRIVATE void virt__xml_start_in_devices(virt__xml_parser *p, const char *name,
                                              const XML_Char **attrs)
{
    static const struct { const char *name; virt_device_kind kind; } simple[] = {
        { "input", VIRT_DEVICE_INPUT }, { "sound", VIRT_DEVICE_SOUND }, { "video", VIRT_DEVICE_VIDEO },
        { "hostdev", VIRT_DEVICE_HOSTDEV }, { "controller", VIRT_DEVICE_CONTROLLER },
        { "memballoon", VIRT_DEVICE_MEMBALLOON }, { "watchdog", VIRT_DEVICE_WATCHDOG }
    };
    size_t i;
    if (virt__xml_is(name, "emulator")) {
        virt__xml_start_text(p, VIRT__XF_EMULATOR, name);
        return;
    }
    if (++p->device_children > VIRT_XML_MAX_DEVICES) {
        virt__xml_fail_at(p, VIRT_E_LIMIT, virt__xml_pos(p),
                          "more than %d devices (VIRT_XML_MAX_DEVICES)", VIRT_XML_MAX_DEVICES);
        return;
    }
    if (virt__xml_is(name, "disk")) virt__xml_start_disk(p, name, attrs);
    else if (virt__xml_is(name, "interface")) virt__xml_start_iface(p, name, attrs);
    else if (virt__xml_is(name, "graphics")) virt__xml_start_graphics(p, name, attrs);
    else if (virt__xml_is(name, "console")) virt__xml_start_chardev(p, name, attrs, VIRT_DEVICE_CONSOLE);
    else if (virt__xml_is(name, "serial")) virt__xml_start_chardev(p, name, attrs, VIRT_DEVICE_SERIAL);
    else if (virt__xml_is(name, "parallel")) virt__xml_start_chardev(p, name, attrs, VIRT_DEVICE_PARALLEL);
    else if (virt__xml_is(name, "channel")) virt__xml_start_chardev(p, name, attrs, VIRT_DEVICE_CHANNEL);
    else {
        for (i = 0; i < sizeof simple / sizeof simple[0]; i++)
            if (virt__xml_is(name, simple[i].name)) { virt__xml_start_simple(p, name, attrs, simple[i].kind); return; }
        virt__xml_skip_unsupported(p, name);
    }
}

VIRT__PRIVATE void XMLCALL virt__xml_on_start(void *ud, const XML_Char *name,
                                              const XML_Char **attrs)
{
    virt__xml_parser *p = (virt__xml_parser *)ud;
    virt__xml_ctx ctx;
    if (p->rc != VIRT_OK) return;
    ctx = p->depth ? virt__xml_top(p)->ctx : VIRT__XC_TOP;
    switch (ctx) {
    case VIRT__XC_TOP: virt__xml_start_domain(p, name, attrs); break;
    case VIRT__XC_DOMAIN: virt__xml_start_in_domain(p, name, attrs); break;
    case VIRT__XC_OS: virt__xml_start_in_os(p, name, attrs); break;
    case VIRT__XC_FEATURES: virt__xml_start_in_features(p, name, attrs); break;
    case VIRT__XC_DEVICES: virt__xml_start_in_devices(p, name, attrs); break;
    case VIRT__XC_DISK: virt__xml_start_in_disk(p, name, attrs); break;
    case VIRT__XC_IFACE: virt__xml_start_in_iface(p, name, attrs); break;
    case VIRT__XC_GRAPHICS: virt__xml_start_in_graphics(p, name, attrs); break;
    case VIRT__XC_CHARDEV: virt__xml_start_in_chardev(p, name, attrs); break;
    case VIRT__XC_VIDEO: virt__xml_start_in_video(p, name, attrs); break;
    case VIRT__XC_HOSTDEV: virt__xml_start_in_hostdev(p, name, attrs); break;
    case VIRT__XC_HOSTDEV_SOURCE: virt__xml_start_in_hostdev_source(p, name, attrs); break;
    case VIRT__XC_DISK_SOURCE: virt__xml_start_in_disk_source(p, name, attrs); break;
    case VIRT__XC_CLOCK: virt__xml_start_in_clock(p, name, attrs); break;
    case VIRT__XC_CPUTUNE: virt__xml_start_in_cputune(p, name, attrs); break;
    case VIRT__XC_NUMATUNE: virt__xml_start_in_numatune(p, name, attrs); break;
    case VIRT__XC_CPU: virt__xml_start_in_cpu(p, name, attrs); break;
    case VIRT__XC_CPU_NUMA: virt__xml_start_in_cpu_numa(p, name, attrs); break;
    case VIRT__XC_CPU_CELL: case VIRT__XC_CPU_DISTANCES: virt__xml_start_in_cpu_cell(p, ctx, name, attrs); break;
    case VIRT__XC_XEN_FEATURES: virt__xml_start_in_xen_features(p, name, attrs); break;
    case VIRT__XC_HYPERV: virt__xml_start_in_hyperv(p, name, attrs); break;
    case VIRT__XC_VLAN: case VIRT__XC_VIRTUALPORT: case VIRT__XC_BANDWIDTH:
        virt__xml_start_in_net_part(p, ctx, name, attrs);
        break;
    case VIRT__XC_DEVICE:
        if (!virt__xml_device_common(p, name, attrs) && !virt__xml_memballoon_stats(p, name, attrs))
            virt__xml_skip_unsupported(p, name);
        break;
    case VIRT__XC_LEAF: case VIRT__XC_TEXT:
        virt__xml_skip_unsupported(p, name);
        break;
    case VIRT__XC_IGNORE:
        virt__xml_push(p, VIRT__XC_IGNORE, name);
        break;
    }
}

/* Checks that need the whole element: a disk needs its target (libvirt
 * refuses a disk without one, and xend needs the device name). */
VIRT__PRIVATE void virt__xml_finish_device(virt__xml_parser *p, const virt__xml_frame *f)
{
    const virt_device_def *d = &p->def->devices[p->def->ndevices - 1];
    if (d->kind == VIRT_DEVICE_DISK && !d->u.disk.target)
        virt__xml_fail_at(p, VIRT_E_INVAL, f->pos, "<disk> has no <target dev=''>");
    else if (d->kind == VIRT_DEVICE_INTERFACE && d->u.net.type == VIRT_NET_NETWORK &&
             !d->u.net.source)
        virt__xml_fail_at(p, VIRT_E_INVAL, f->pos,
                          "<interface type='network'> has no <source network=''>");
}

VIRT__PRIVATE void XMLCALL virt__xml_on_end(void *ud, const XML_Char *name)
{
    virt__xml_parser *p = (virt__xml_parser *)ud;
    virt__xml_frame *f;
    (void)name;
    if (p->rc != VIRT_OK || p->depth == 0) return;
    f = virt__xml_top(p);
    if (f->ctx == VIRT__XC_TEXT) {
        virt__xml_finish_text(p, f);
        if (p->xp) XML_SetCharacterDataHandler(p->xp, NULL);
    } else if (f->ctx == VIRT__XC_DISK || f->ctx == VIRT__XC_IFACE) virt__xml_finish_device(p, f);
    p->depth--;
}

VIRT__PRIVATE void XMLCALL virt__xml_on_text(void *ud, const XML_Char *s, int len)
{
    virt__xml_parser *p = (virt__xml_parser *)ud;
    if (p->rc != VIRT_OK || p->depth == 0 || virt__xml_top(p)->ctx != VIRT__XC_TEXT) return;
    virt__buf_add(&p->text, s, (size_t)len);
    if (p->text.failed) virt__xml_nomem(p);
}

/* No DTDs at all: entity declarations are the way to billion-laughs and
 * external-entity attacks, and no libvirt document has one. */
VIRT__PRIVATE void XMLCALL virt__xml_on_doctype(void *ud, const XML_Char *name,
                                                const XML_Char *sysid, const XML_Char *pubid,
                                                int has_internal_subset)
{
    virt__xml_parser *p = (virt__xml_parser *)ud;
    (void)sysid; (void)pubid; (void)has_internal_subset;
    virt__xml_fail_at(p, VIRT_E_SYNTAX, virt__xml_pos(p),
                      "a DOCTYPE (<!DOCTYPE %.40s>) is not allowed", name ? name : "");
}

VIRT__PRIVATE void XMLCALL virt__xml_on_entity(void *ud, const XML_Char *name, int is_param,
                                               const XML_Char *value, int value_len,
                                               const XML_Char *base, const XML_Char *sysid,
                                               const XML_Char *pubid, const XML_Char *notation)
{
    virt__xml_parser *p = (virt__xml_parser *)ud;
    (void)is_param; (void)value; (void)value_len; (void)base; (void)sysid; (void)pubid;
    (void)notation;
    virt__xml_fail_at(p, VIRT_E_SYNTAX, virt__xml_pos(p),
                      "entity declarations are not allowed ('%.40s')", name ? name : "");
}

/* expat allocates through VIRT_MALLOC too (the macros may not be
 * functions, so they are wrapped). */
VIRT__PRIVATE void *virt__xml_malloc(size_t n) { return VIRT_MALLOC(n); }
VIRT__PRIVATE void *virt__xml_realloc(void *q, size_t n) { return VIRT_REALLOC(q, n); }
VIRT__PRIVATE void virt__xml_free(void *q) { VIRT_FREE(q); }

VIRT__PRIVATE XML_Parser virt__xml_create(virt__xml_parser *p)
{
    XML_Memory_Handling_Suite mm;
    XML_Parser xp;
    mm.malloc_fcn = virt__xml_malloc;
    mm.realloc_fcn = virt__xml_realloc;
    mm.free_fcn = virt__xml_free;
    xp = XML_ParserCreate_MM(NULL, &mm, NULL);
    if (!xp) return NULL;
    XML_SetUserData(xp, p);
    XML_SetElementHandler(xp, virt__xml_on_start, virt__xml_on_end);
    XML_SetStartDoctypeDeclHandler(xp, virt__xml_on_doctype);
    XML_SetEntityDeclHandler(xp, virt__xml_on_entity);
    XML_SetParamEntityParsing(xp, XML_PARAM_ENTITY_PARSING_NEVER);
    return xp;
}

/* Length of a NUL-terminated document, looking at most limit + 1 bytes:
 * memchr stops at the first NUL (C11 7.24.5.1) and is the C library's
 * vectorised scan, a tenth of a byte loop's cost. */
VIRT__PRIVATE size_t virt__xml_bounded_len(const char *s, size_t limit)
{
    const char *nul = (const char *)memchr(s, '\0', limit + 1);
    return nul ? (size_t)(nul - s) : limit + 1;
}

VIRT__PRIVATE int virt__xml_feed(virt__xml_parser *p, const char *xml, size_t len)
{
    size_t off = 0;
    do {
        size_t n = len - off > VIRT__XML_CHUNK ? VIRT__XML_CHUNK : len - off;
        int last = off + n == len;
        if (XML_Parse(p->xp, xml + off, (int)n, last) != XML_STATUS_OK) {
            if (p->rc != VIRT_OK) return p->rc;
            if (XML_GetErrorCode(p->xp) == XML_ERROR_NO_MEMORY) return virt__xml_nomem(p);
            return virt__xml_fail_at(p, VIRT_E_SYNTAX,
                                     virt__xml_pos(p),
                                     "%s", XML_ErrorString(XML_GetErrorCode(p->xp)));
        }
        if (p->rc != VIRT_OK) return p->rc;
        off += n;
    } while (off < len);
    return VIRT_OK;
}

/* >>xml-parse fast pass
 *
 * expat costs about 5 us for a 900-byte domain document, most of it in
 * per-parser setup and general machinery; the domain documents programs
 * send are plain ASCII markup. This pass reads exactly that subset -
 * printable ASCII, TAB and LF; elements and attributes; character data
 * without references - checks it is well-formed, and drives the same
 * handlers expat would, with the same arguments (attribute values
 * normalised as expat does: TAB and LF become spaces). Anything else (a
 * byte outside the subset, a reference, a comment, a CDATA section, a
 * processing instruction or XML declaration, a DOCTYPE, CR, or a
 * well-formedness error) makes it give up, and so does any failure of the
 * handlers and a missing <name>: expat then parses the document again from
 * scratch, so the result, the errors and their positions are expat's. */

#ifndef VIRT_XML_NO_FAST_PASS
#define VIRT__XML_FAST_ATTRS 16      /* attributes per element; more go to expat */
#define VIRT__XML_FAST_COPY 4096     /* documents shorter than this are copied on the stack */

/* Byte classes of the fast pass: 1 a byte it reads (printable ASCII, TAB,
 * LF), 2 a blank, 4 a name's first character, 8 a name character, 16 a
 * byte that ends a run of character data (NUL, &, <, >). */
static const unsigned char virt__xml_fast_class[256] = {
    16, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0,                 /* NUL TAB LF */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    3, 1, 1, 1, 1, 1, 17, 1, 1, 1, 1, 1, 1, 9, 9, 1,                 /* ' ' & - . */
    9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 13, 1, 17, 1, 17, 1,               /* 0-9 : < > */
    1, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13,   /* A-O */
    13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 1, 1, 1, 1, 13,      /* P-Z _ */
    1, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13,   /* a-o */
    13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 1, 1, 1, 1, 0        /* p-z, not DEL */
};

VIRT__PRIVATE int virt__xml_fast_name_start(unsigned char c)
{
    return (virt__xml_fast_class[c] & 4) != 0;
}

VIRT__PRIVATE int virt__xml_fast_name_char(unsigned char c)
{
    return (virt__xml_fast_class[c] & 8) != 0;
}

VIRT__PRIVATE int virt__xml_fast_space(unsigned char c)
{
    return (virt__xml_fast_class[c] & 2) != 0;
}

/* One start tag at s[*at] (just past '<'), names and values terminated in
 * place; 1 and the handlers called, 0 to give up. */
VIRT__PRIVATE int virt__xml_fast_start_tag(virt__xml_parser *p, char *s, size_t *at, char **name,
                                           int *empty)
{
    const XML_Char *attrs[2 * VIRT__XML_FAST_ATTRS + 1];
    size_t i = *at, name_end, nattrs = 0, k;
    if (!virt__xml_fast_name_start((unsigned char)s[i])) return 0;
    *name = s + i;
    while (virt__xml_fast_name_char((unsigned char)s[i])) i++;
    name_end = i;
    for (;;) {
        size_t before = i, attr_end;
        char quote, *attr, *value;
        while (virt__xml_fast_space((unsigned char)s[i])) i++;
        if (s[i] == '>') { *empty = 0; i++; break; }
        if (s[i] == '/') {
            if (s[i + 1] != '>') return 0;
            *empty = 1;
            i += 2;
            break;
        }
        /* an attribute, which must follow a blank */
        if (i == before || !virt__xml_fast_name_start((unsigned char)s[i])) return 0;
        attr = s + i;
        while (virt__xml_fast_name_char((unsigned char)s[i])) i++;
        attr_end = i;
        while (virt__xml_fast_space((unsigned char)s[i])) i++;
        if (s[i] != '=') return 0;
        i++;
        while (virt__xml_fast_space((unsigned char)s[i])) i++;
        quote = s[i];
        if (quote != '\'' && quote != '"') return 0;
        value = s + ++i;
        for (; s[i] != quote; i++) {
            if (s[i] == '<' || s[i] == '&' || s[i] == '\0') return 0;
            if (s[i] == '\t' || s[i] == '\n') s[i] = ' ';
        }
        s[i++] = '\0';
        s[attr_end] = '\0';     /* '=' or a blank, both read already */
        if (nattrs == VIRT__XML_FAST_ATTRS) return 0;
        for (k = 0; k < nattrs; k++)
            if (virt__xml_is(attrs[2 * k], attr)) return 0;   /* duplicate attribute */
        attrs[2 * nattrs] = attr;
        attrs[2 * nattrs + 1] = value;
        nattrs++;
    }
    attrs[2 * nattrs] = NULL;
    s[name_end] = '\0';         /* a blank, '>' or '/', read already */
    *at = i;
    virt__xml_on_start(p, *name, attrs);
    return 1;
}

/* 1 when every byte of s[0..n) is one the fast pass reads (class 1):
 * eight bytes at a time, a word with a byte under 0x20 other than TAB and
 * LF, 0x7f or one over 0x7f fails (each lane computed without carries
 * into the next: the low seven bits plus at most 0x7f stay in the lane). */
VIRT__PRIVATE int virt__xml_fast_bytes_ok(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL, low7 = ~high;
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        uint64_t w, l, lt20, del, lf, tab;
        memcpy(&w, s + i, 8);
        l = w & low7;
        lt20 = ~(l + 0x60 * ones) & high;          /* under 0x20 */
        del = (l + ones) & high;                   /* 0x7f */
        lf = ~((l ^ 0x0a * ones) + low7) & high;   /* LF */
        tab = ~((l ^ 0x09 * ones) + low7) & high;  /* TAB */
        if ((w & high) | del | (lt20 & ~lf & ~tab)) return 0;
    }
    for (; i < n; i++)
        if (!(virt__xml_fast_class[(unsigned char)s[i]] & 1)) return 0;
    return 1;
}

/* Parses s[0..n) (s[n] is NUL; s is changed): 1 when the document was
 * read to its end or a handler failed (p->rc), 0 to give up. */
VIRT__PRIVATE int virt__xml_fast_run(virt__xml_parser *p, char *s, size_t n)
{
    char *open[VIRT__XML_MAX_DEPTH];
    size_t depth = 0, i, start;
    int done = 0;
    if (!virt__xml_fast_bytes_ok(s, n)) return 0;
    i = 0;
    while (i < n) {
        if (s[i] != '<') {      /* character data: up to '<' or the end (s[n] is the only NUL) */
            start = i;
            for (;;) {
                while (!(virt__xml_fast_class[(unsigned char)s[i]] & 16)) i++;
                if (s[i] != '>') break;
                if (i - start >= 2 && s[i - 1] == ']' && s[i - 2] == ']') return 0;
                i++;
            }
            if (s[i] == '&') return 0;
            if (depth == 0) {
                size_t k;
                for (k = start; k < i; k++)
                    if (!virt__xml_fast_space((unsigned char)s[k])) return 0;
            }
            if (depth && i - start <= (size_t)INT_MAX) virt__xml_on_text(p, s + start, (int)(i - start));
            else if (depth) return 0;
        } else if (s[i + 1] == '/') {   /* an end tag: the open element's name */
            size_t len;
            if (depth == 0) return 0;
            len = strlen(open[depth - 1]);
            i += 2;
            if (len > n - i || memcmp(s + i, open[depth - 1], len) != 0) return 0;
            i += len;
            while (virt__xml_fast_space((unsigned char)s[i])) i++;
            if (s[i] != '>') return 0;
            i++;
            virt__xml_on_end(p, open[--depth]);
            if (depth == 0) done = 1;
        } else {
            char *name;
            int empty;
            if (done || depth == VIRT__XML_MAX_DEPTH) return 0;
            i++;
            if (!virt__xml_fast_start_tag(p, s, &i, &name, &empty)) return 0;
            if (empty) {
                virt__xml_on_end(p, name);
                if (depth == 0) done = 1;
            } else {
                open[depth++] = name;
            }
        }
        if (p->rc != VIRT_OK) return 1;
    }
    return done && depth == 0;
}

VIRT__PRIVATE int virt__xml_fast(virt__xml_parser *p, const char *xml, size_t len)
{
    char small[VIRT__XML_FAST_COPY];
    char *s = small;
    int ok;
    if (len >= sizeof small) {
        s = (char *)VIRT_MALLOC(len + 1);
        if (!s) return 0;
    }
    memcpy(s, xml, len);
    s[len] = '\0';
    ok = virt__xml_fast_run(p, s, len);
    if (s != small) VIRT_FREE(s);
    return ok;
}

#endif /* !VIRT_XML_NO_FAST_PASS */

VIRT__PRIVATE int virt__xml_parse_expat(const char *xml, size_t len, virt_domain_def **out,
                                        virt_status *st);

/* The first string block of a parse: a document's strings are a fifth to
 * a quarter of its bytes (at most 30% over the libvirt-xl conformance
 * data), so a third is one block for nearly every document and wastes
 * little in a definition kept for long. */
#define VIRT__XML_STRINGS_HINT(len) ((len) / 3 + 64)

VIRT_API int virt_domain_def_parse(const char *xml, size_t len, virt_domain_def **out,
                                   virt_status *st)
{
#ifndef VIRT_XML_NO_FAST_PASS
    virt__xml_parser p;
#endif
    virt__status_clear(st);
    if (!out || !xml)
        return virt__status_set(st, VIRT_E_INVAL, 0, "domain XML: %s is NULL", xml ? "out" : "xml");
    *out = NULL;
    if (len == (size_t)-1) len = virt__xml_bounded_len(xml, VIRT_XML_MAX_BYTES);
    if (len > VIRT_XML_MAX_BYTES)
        return virt__status_set(st, VIRT_E_LIMIT, 0,
                                "domain XML: document larger than %lu bytes (VIRT_XML_MAX_BYTES)",
                                (unsigned long)VIRT_XML_MAX_BYTES);
#ifndef VIRT_XML_NO_FAST_PASS
    memset(&p, 0, sizeof p);
    p.st = st;
    p.doc_len = len;              /* p.doc stays NULL: no positions */
    p.def = virt_domain_def_new();
    if (!p.def || !virt__def_reserve(p.def, VIRT__XML_STRINGS_HINT(len))) {
        virt_domain_def_free(p.def);
        return virt__status_set(st, VIRT_E_NOMEM, 0, "domain XML: out of memory");
    }
    if (virt__xml_fast(&p, xml, len) && p.rc == VIRT_OK && p.def->name) {
        virt__buf_free(&p.text);
        virt__xml_fit_devices(p.def, p.dev_cap);
        *out = p.def;
        return VIRT_OK;
    }
    /* outside the fast pass's subset, or a failure to report: expat reads
     * the document again from scratch */
    virt_domain_def_free(p.def);
    virt__buf_free(&p.text);
#endif
    return virt__xml_parse_expat(xml, len, out, st);
}

/* The whole document through expat alone: the reference the fast pass must
 * agree with (tests/fuzz/fuzz_xml_fastpath.c checks that it does). */
VIRT__PRIVATE int virt__xml_parse_expat(const char *xml, size_t len, virt_domain_def **out,
                                        virt_status *st)
{
    virt__xml_parser p;
    *out = NULL;
    memset(&p, 0, sizeof p);
    virt__status_clear(st);
    p.st = st;
    p.def = virt_domain_def_new();
    if (!p.def || !virt__def_reserve(p.def, VIRT__XML_STRINGS_HINT(len))) {
        virt_domain_def_free(p.def);
        return virt__status_set(st, VIRT_E_NOMEM, 0, "domain XML: out of memory");
    }
    p.doc = xml;
    p.doc_len = len;
    p.xp = virt__xml_create(&p);
    if (!p.xp) virt__xml_nomem(&p);
    else virt__xml_feed(&p, xml, len);
    if (p.rc == VIRT_OK && !p.def->name)
        virt__xml_fail_at(&p, VIRT_E_INVAL, p.root_pos,
                          "<domain> has no <name> (or it is empty)");
    if (p.xp) XML_ParserFree(p.xp);
    virt__buf_free(&p.text);
    if (p.rc != VIRT_OK) {
        virt_domain_def_free(p.def);
        return p.rc;
    }
    virt__xml_fit_devices(p.def, p.dev_cap);
    *out = p.def;
    return VIRT_OK;
}

/* >>xml-format: libvirt 0.2.0's layout (xend_internal.c's sexpr-to-XML
 * output; byte-identical to the sexpr2xml test data) */

/* A number in decimal, without printf (the formatter's hot path). */
VIRT__PRIVATE void virt__xml_put_ull(virt__buf *b, unsigned long long v)
{
    char digits[24];
    size_t i = sizeof digits;
    do {
        digits[--i] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    virt__buf_add(b, digits + i, sizeof digits - i);
}

VIRT__PRIVATE void virt__xml_put_int(virt__buf *b, int v)
{
    if (v < 0) {
        virt__buf_add(b, "-", 1);
        virt__xml_put_ull(b, 0ULL - (unsigned long long)(long long)v);
    } else {
        virt__xml_put_ull(b, (unsigned long long)v);
    }
}

/* `indent` spaces, <tag>number</tag>, newline */
VIRT__PRIVATE void virt__xml_put_number(virt__buf *b, const char *tag, unsigned long long v)
{
    virt__buf_puts(b, "  <");
    virt__buf_puts(b, tag);
    virt__buf_add(b, ">", 1);
    virt__xml_put_ull(b, v);
    virt__buf_add(b, "</", 2);
    virt__buf_puts(b, tag);
    virt__buf_add(b, ">\n", 2);
}

VIRT__PRIVATE void virt__w_open(virt__buf *b, int depth, const char *tag);
VIRT__PRIVATE void virt__w_text(virt__buf *b, int depth, const char *tag, const char *text);

/* `indent` spaces (even), <tag>escaped text</tag>, newline; nothing when
 * NULL: the libvirt 9 writer's element at depth indent / 2 */
VIRT__PRIVATE void virt__xml_put_text(virt__buf *b, int indent, const char *tag, const char *text)
{
    virt__w_text(b, indent / 2, tag, text);
}

/* ` name='escaped value'`; nothing when NULL */
VIRT__XML_PIECE void virt__xml_put_attr(virt__buf *b, const char *name, const char *value)
{
    size_t n, v;
    char *o;
    if (!value) return;
    n = strlen(name);
    v = strlen(value);
    if (!(o = virt__w_room(b, n + 4, v))) return;
    *o++ = ' ';
    memcpy(o, name, n);
    o += n;
    *o++ = '=';
    *o++ = '\'';
    o = virt__xml_escape_to(o, value, 1);
    *o++ = '\'';
    virt__w_done(b, o);
}

/* `indent` spaces (even), <tag name='value'/>, newline; nothing when NULL */
VIRT__PRIVATE void virt__xml_put_empty(virt__buf *b, int indent, const char *tag,
                                       const char *attr, const char *value)
{
    if (!value) return;
    virt__w_open(b, indent / 2, tag);
    virt__xml_put_attr(b, attr, value);
    virt__buf_puts(b, "/>\n");
}

VIRT__PRIVATE void virt__xml_put_os(virt__buf *b, const virt_domain_def *d)
{
    if (!d->os.type && !d->os.loader && !d->os.kernel && !d->os.initrd && !d->os.root &&
        !d->os.cmdline && !d->os.boot_dev)
        return;
    virt__buf_puts(b, "  <os>\n");
    if (d->os.type) {
        virt__buf_puts(b, "    <type");
        virt__xml_put_attr(b, "arch", d->os.arch);
        virt__xml_put_attr(b, "machine", d->os.machine);
        virt__buf_puts(b, ">");
        virt__xml_escape_into(b, d->os.type, 0);
        virt__buf_puts(b, "</type>\n");
    }
    virt__xml_put_text(b, 4, "loader", d->os.loader);
    virt__xml_put_text(b, 4, "kernel", d->os.kernel);
    virt__xml_put_text(b, 4, "initrd", d->os.initrd);
    virt__xml_put_text(b, 4, "root", d->os.root);
    virt__xml_put_text(b, 4, "cmdline", d->os.cmdline);
    if (d->nboot > 1) {       /* a boot order: 0.2.0 had one device only */
        unsigned int i;
        for (i = 0; i < d->nboot && i < VIRT_XML_MAX_BOOT; i++) virt__xml_put_empty(b, 4, "boot", "dev", d->boot_devs[i]);
    } else {
        virt__xml_put_empty(b, 4, "boot", "dev", d->os.boot_dev);
    }
    virt__xml_put_empty(b, 4, "smbios", "mode", d->smbios_mode);
    virt__buf_puts(b, "  </os>\n");
}

/* The port libvirt fills in for a host without one
 * (virStorageSourceNetworkDefaultPort); NULL where it adds none (rbd, nfs) */
VIRT__PRIVATE const char *virt__disk_default_port(const char *protocol)
{
    static const char *const ports[] = {
        "nbd", "10809", "sheepdog", "7000", "gluster", "24007", "iscsi", "3260", "http", "80",
        "https", "443", "ftp", "21", "ftps", "990", "tftp", "69", "ssh", "22", "vxhs", "9999", NULL
    };
    size_t i;
    for (i = 0; protocol && ports[i]; i += 2)
        if (strcmp(protocol, ports[i]) == 0) return ports[i + 1];
    return NULL;
}

/* A network disk's <source protocol='' name=''> and its <host>s, with
 * libvirt's default port; transport='tcp' is the default, not written */
VIRT__PRIVATE void virt__w_network_source(virt__buf *b, const virt_disk_def *disk)
{
    unsigned int i;
    virt__buf_puts(b, "      <source");
    virt__xml_put_attr(b, "protocol", disk->protocol);
    virt__xml_put_attr(b, "name", disk->source);
    if (!disk->nhosts) { virt__buf_puts(b, "/>\n"); return; }
    virt__buf_puts(b, ">\n");
    for (i = 0; i < disk->nhosts && i < VIRT_DISK_MAX_HOSTS; i++) {
        char *const *h = &disk->hosts[4 * i];
        const char *transport = h[2] && strcmp(h[2], "tcp") != 0 ? h[2] : NULL;
        virt__buf_puts(b, "        <host");
        virt__xml_put_attr(b, "transport", transport);
        virt__xml_put_attr(b, "name", h[0]);
        virt__xml_put_attr(b, "port", h[1] ? h[1] : h[0] && !transport ? virt__disk_default_port(disk->protocol) : NULL);
        virt__xml_put_attr(b, "socket", h[3]);
        virt__buf_puts(b, "/>\n");
    }
    virt__buf_puts(b, "      </source>\n");
}

VIRT__PRIVATE const char *virt__disk_type_name(virt_disk_type t)
{
    return t == VIRT_DISK_BLOCK ? "block" : t == VIRT_DISK_NETWORK ? "network" : "file";
}

VIRT__PRIVATE void virt__xml_put_disk(virt__buf *b, const virt_disk_def *disk)
{
    static const char *const devices[] = { "disk", "cdrom", "floppy" };
    int block = disk->type == VIRT_DISK_BLOCK;
    const char *device = (unsigned)disk->device < 3 ? devices[disk->device] : "disk";
    virt__buf_puts(b, "    <disk type='");
    virt__buf_puts(b, virt__disk_type_name(disk->type));
    virt__buf_puts(b, "' device='");
    virt__buf_puts(b, device);
    virt__buf_add(b, "'>\n", 3);
    if (disk->driver_name || disk->driver_type) {
        virt__buf_puts(b, "      <driver");
        virt__xml_put_attr(b, "name", disk->driver_name);
        virt__xml_put_attr(b, "type", disk->driver_type);
        virt__buf_puts(b, "/>\n");
    }
    if (disk->type == VIRT_DISK_NETWORK) virt__w_network_source(b, disk);
    else virt__xml_put_empty(b, 6, "source", block ? "dev" : "file", disk->source);
    virt__xml_put_empty(b, 6, "target", "dev", disk->target);
    if (disk->readonly) virt__buf_puts(b, "      <readonly/>\n");
    if (disk->shareable) virt__buf_puts(b, "      <shareable/>\n");
    virt__buf_puts(b, "    </disk>\n");
}

VIRT__PRIVATE void virt__w_net_parts(virt__buf *b, const virt_net_def *net);

VIRT__PRIVATE void virt__xml_put_interface(virt__buf *b, const virt_net_def *net)
{
    static const char *const types[] = { "bridge", "ethernet", "network" };
    const char *type = (unsigned)net->type < 3 ? types[net->type] : "bridge";
    unsigned int i;
    virt__buf_puts(b, "    <interface type='");
    virt__buf_puts(b, type);
    virt__buf_add(b, "'>\n", 3);
    /* An ethernet interface's <source dev=''> is read (xend's vif "dev")
     * but not written: libvirt 0.2.0 never wrote it (sexpr2xml-net-routed)
     * and libvirt's schema has no such attribute for type='ethernet'. */
    if (net->type == VIRT_NET_BRIDGE) virt__xml_put_empty(b, 6, "source", "bridge", net->source);
    if (net->type == VIRT_NET_NETWORK) virt__xml_put_empty(b, 6, "source", "network", net->source);
    virt__w_net_parts(b, net);
    virt__xml_put_empty(b, 6, "mac", "address", net->mac);
    virt__xml_put_empty(b, 6, "ip", "address", net->ip);
    for (i = 0; i < net->nmore_ips && i < VIRT_NET_MAX_MORE_IPS; i++)
        virt__xml_put_empty(b, 6, "ip", "address", net->more_ips[i]);
    virt__xml_put_empty(b, 6, "script", "path", net->script);
    virt__xml_put_empty(b, 6, "target", "dev", net->target);
    virt__xml_put_empty(b, 6, "model", "type", net->model);
    virt__buf_puts(b, "    </interface>\n");
}

VIRT__PRIVATE void virt__xml_put_graphics(virt__buf *b, const virt_graphics_def *g)
{
    if (g->type == VIRT_GRAPHICS_SDL) {
        virt__buf_puts(b, "    <graphics type='sdl'");
    } else {
        /* port='-1' is how 0.2.0 wrote "pick a free port" (xmconfig data) */
        virt__buf_puts(b, "    <graphics type='vnc' port='");
        virt__xml_put_int(b, g->port);
        virt__buf_add(b, "'", 1);
        virt__xml_put_attr(b, "listen", g->listen);
        virt__xml_put_attr(b, "passwd", g->passwd);
    }
    virt__xml_put_attr(b, "keymap", g->keymap);
    virt__buf_puts(b, "/>\n");
}

VIRT__PRIVATE void virt__w_device(virt__buf *b, const virt_device_def *dev, unsigned int flags);
VIRT__PRIVATE void virt__w_clock(virt__buf *b, const virt_domain_def *d);
VIRT__PRIVATE void virt__w_cputune(virt__buf *b, const virt_domain_def *d);
VIRT__PRIVATE void virt__w_numatune(virt__buf *b, const virt_domain_def *d);
VIRT__PRIVATE void virt__w_cpu(virt__buf *b, const virt_domain_def *d);
VIRT__PRIVATE void virt__w_max_memory(virt__buf *b, const virt_domain_def *d);

VIRT__PRIVATE void virt__xml_put_device(virt__buf *b, const virt_device_def *dev)
{
    switch (dev->kind) {
    case VIRT_DEVICE_DISK: virt__xml_put_disk(b, &dev->u.disk); break;
    case VIRT_DEVICE_INTERFACE: virt__xml_put_interface(b, &dev->u.net); break;
    case VIRT_DEVICE_GRAPHICS: virt__xml_put_graphics(b, &dev->u.graphics); break;
    case VIRT_DEVICE_CONSOLE:
        if (dev->u.console.tty) virt__xml_put_empty(b, 4, "console", "tty", dev->u.console.tty);
        else virt__buf_puts(b, "    <console/>\n");
        break;
    default:    /* 0.2.0 had no other devices: written as libvirt 9 writes them */
        virt__w_device(b, dev, 0);
        break;
    }
}

VIRT__PRIVATE void virt__xml_put_lifecycle(virt__buf *b, const char *tag, virt_lifecycle l)
{
    virt__xml_put_text(b, 2, tag, virt_lifecycle_to_string(l));
}

VIRT__PRIVATE void virt__w_xen_features(virt__buf *b, const virt_domain_def *d);
VIRT__PRIVATE void virt__w_hyperv(virt__buf *b, const virt_domain_def *d);

VIRT__PRIVATE void virt__xml_put_features(virt__buf *b, const virt_domain_def *d)
{
    unsigned int features = d->features;
    if (!(features & (VIRT_FEATURE_PAE | VIRT_FEATURE_ACPI | VIRT_FEATURE_APIC)) && !d->has_hyperv &&
        !d->xen_e820_host && !d->xen_passthrough && !d->xen_passthrough_mode)
        return;
    virt__buf_puts(b, "  <features>\n");
    if (features & VIRT_FEATURE_PAE) virt__buf_puts(b, "    <pae/>\n");
    if (features & VIRT_FEATURE_ACPI) virt__buf_puts(b, "    <acpi/>\n");
    if (features & VIRT_FEATURE_APIC) virt__buf_puts(b, "    <apic/>\n");
    virt__w_hyperv(b, d);
    virt__w_xen_features(b, d);
    virt__buf_puts(b, "  </features>\n");
}

VIRT__PRIVATE void virt__xml_put_devices(virt__buf *b, const virt_domain_def *d)
{
    size_t i;
    if (!d->emulator && !d->ndevices) return;
    virt__buf_puts(b, "  <devices>\n");
    virt__xml_put_text(b, 4, "emulator", d->emulator);
    for (i = 0; i < d->ndevices; i++) virt__xml_put_device(b, &d->devices[i]);
    virt__buf_puts(b, "  </devices>\n");
}

VIRT_API char *virt_domain_def_format(const virt_domain_def *d)
{
    virt__buf b;
    if (!d) return NULL;
    memset(&b, 0, sizeof b);
    (void)virt__buf_reserve(&b, 1023);   /* most documents fit: no regrowth */
    virt__buf_puts(&b, "<domain");
    virt__xml_put_attr(&b, "type", d->type ? d->type : "xen");
    if (d->id >= 0) {
        virt__buf_puts(&b, " id='");
        virt__xml_put_int(&b, d->id);
        virt__buf_add(&b, "'", 1);
    }
    virt__buf_puts(&b, ">\n");
    virt__xml_put_text(&b, 2, "name", d->name);
    if (d->has_uuid) {
        /* 0.2.0 wrote the 32 digits without dashes; libvirt reads both */
        static const char digits[] = "0123456789abcdef";
        char line[sizeof "  <uuid></uuid>\n" + VIRT_UUID_BUFLEN * 2];
        size_t i, o = sizeof "  <uuid>" - 1;
        memcpy(line, "  <uuid>", o);
        for (i = 0; i < VIRT_UUID_BUFLEN; i++) {
            line[o++] = digits[d->uuid[i] >> 4];
            line[o++] = digits[d->uuid[i] & 15];
        }
        memcpy(line + o, "</uuid>\n", sizeof "</uuid>\n" - 1);
        o += sizeof "</uuid>\n" - 1;
        virt__buf_add(&b, line, o);
    }
    virt__xml_put_text(&b, 2, "title", d->title);
    virt__xml_put_text(&b, 2, "description", d->description);
    virt__xml_put_text(&b, 2, "bootloader", d->bootloader);
    virt__xml_put_text(&b, 2, "bootloader_args", d->bootloader_args);
    virt__xml_put_os(&b, d);
    if (d->memory_kib) virt__xml_put_number(&b, "memory", d->memory_kib);
    if (d->current_memory_kib) virt__xml_put_number(&b, "currentMemory", d->current_memory_kib);
    virt__w_max_memory(&b, d);
    if (d->vcpu_placement || d->vcpu_cpuset || d->vcpu_current) {
        virt__buf_puts(&b, "  <vcpu");
        virt__xml_put_attr(&b, "placement", d->vcpu_placement);
        virt__xml_put_attr(&b, "cpuset", d->vcpu_cpuset);
        virt__xml_put_attr(&b, "current", d->vcpu_current);
        virt__buf_puts(&b, ">");
        virt__xml_put_ull(&b, d->vcpus ? d->vcpus : 1u);
        virt__buf_puts(&b, "</vcpu>\n");
    } else {
        virt__xml_put_number(&b, "vcpu", d->vcpus ? d->vcpus : 1u);
    }
    virt__w_cputune(&b, d);
    virt__w_numatune(&b, d);
    virt__xml_put_lifecycle(&b, "on_poweroff", d->on_poweroff);
    virt__xml_put_lifecycle(&b, "on_reboot", d->on_reboot);
    virt__xml_put_lifecycle(&b, "on_crash", d->on_crash);
    virt__xml_put_features(&b, d);
    virt__w_cpu(&b, d);
    if (d->ntimers || (d->clock_offset && strcmp(d->clock_offset, "variable") == 0)) virt__w_clock(&b, d);
    else if (d->localtime) virt__buf_puts(&b, "  <clock offset='localtime'/>\n");
    virt__xml_put_devices(&b, d);
    virt__buf_puts(&b, "</domain>\n");
    return virt__buf_steal(&b);
}

/* >>xml-format9: libvirt 9.0's layout (virDomainDefFormat of
 * src/conf/domain_conf.c, as `virsh dumpxml` prints it): element order,
 * units, dashed UUID, devices grouped by class in libvirt's order and in
 * document order within a class. tests/xml/test_xml_libvirt9.c compares
 * it live with Debian's libvirt 9.0 test driver. */

/* 2 * depth spaces (at most 20) at o */
VIRT__PRIVATE char *virt__w_indent(char *o, int depth)
{
    size_t n = (size_t)(2 * depth < 20 ? 2 * depth : 20);
    memset(o, ' ', n);
    return o + n;
}

/* "<tag" at o, or with closing "</tag>\n"; returns the end */
VIRT__PRIVATE char *virt__w_tag(char *o, const char *tag, size_t t, int closing)
{
    *o++ = '<';
    if (closing) *o++ = '/';
    memcpy(o, tag, t);
    o += t;
    if (closing) {
        *o++ = '>';
        *o++ = '\n';
    }
    return o;
}

VIRT__XML_PIECE void virt__w_open(virt__buf *b, int depth, const char *tag)
{
    size_t t = strlen(tag);
    char *o = virt__w_room(b, 21 + t, 0);
    if (!o) return;
    virt__w_done(b, virt__w_tag(virt__w_indent(o, depth), tag, t, 0));
}

/* <tag>escaped text</tag> at depth; nothing when text is NULL */
VIRT__XML_PIECE void virt__w_text(virt__buf *b, int depth, const char *tag, const char *text)
{
    size_t t;
    char *o;
    if (!text) return;
    t = strlen(tag);
    if (!(o = virt__w_room(b, 26 + 2 * t, strlen(text)))) return;
    o = virt__w_tag(virt__w_indent(o, depth), tag, t, 0);
    *o++ = '>';
    o = virt__xml_escape_to(o, text, 0);
    virt__w_done(b, virt__w_tag(o, tag, t, 1));
}

VIRT__XML_PIECE void virt__w_close(virt__buf *b, int depth, const char *tag)
{
    size_t t = strlen(tag);
    char *o = virt__w_room(b, 24 + t, 0);
    if (!o) return;
    virt__w_done(b, virt__w_tag(virt__w_indent(o, depth), tag, t, 1));
}

VIRT__PRIVATE void virt__w_address(virt__buf *b, int depth, const virt_address_def *a)
{
    unsigned int i;
    if (!a->natts) return;
    virt__w_open(b, depth, "address");
    for (i = 0; i < a->natts; i++) virt__xml_put_attr(b, a->attrs[2 * i], a->attrs[2 * i + 1]);
    virt__buf_puts(b, "/>\n");
}

/* Ends a device start tag: "/>" when it has no <address>, else the
 * address and the end tag. */
VIRT__PRIVATE void virt__w_end_simple(virt__buf *b, int depth, const char *tag, const virt_address_def *a)
{
    if (!a->natts) { virt__buf_puts(b, "/>\n"); return; }
    virt__buf_puts(b, ">\n");
    virt__w_address(b, depth + 1, a);
    virt__w_close(b, depth, tag);
}

VIRT__PRIVATE void virt__w_memory(virt__buf *b, const char *tag, unsigned long long kib)
{
    virt__w_open(b, 1, tag);
    virt__buf_puts(b, " unit='KiB'>");
    virt__xml_put_ull(b, kib);
    virt__buf_puts(b, "</");
    virt__buf_puts(b, tag);
    virt__buf_add(b, ">\n", 2);
}

/* <cputune>, vcpupins in vCPU order as libvirt keeps them */
VIRT__PRIVATE void virt__w_cputune(virt__buf *b, const virt_domain_def *d)
{
    unsigned int i, done = 0;
    long last = -1;
    if (!d->cputune_shares && !d->cputune_period && !d->cputune_quota && !d->nvcpupin) return;
    virt__buf_puts(b, "  <cputune>\n");
    virt__w_text(b, 2, "shares", d->cputune_shares);
    virt__w_text(b, 2, "period", d->cputune_period);
    virt__w_text(b, 2, "quota", d->cputune_quota);
    while (done < d->nvcpupin) {     /* smallest vCPU number above the last one */
        long best = -1;
        unsigned int at = 0;
        for (i = 0; i < d->nvcpupin; i++) {
            long v = d->vcpupin[i].vcpu ? strtol(d->vcpupin[i].vcpu, NULL, 10) : 0;
            if (v > last && (best < 0 || v < best)) { best = v; at = i; }
        }
        if (best < 0) break;
        virt__buf_puts(b, "    <vcpupin");
        virt__xml_put_attr(b, "vcpu", d->vcpupin[at].vcpu);
        virt__xml_put_attr(b, "cpuset", d->vcpupin[at].cpuset);
        virt__buf_puts(b, "/>\n");
        last = best;
        done++;
    }
    virt__buf_puts(b, "  </cputune>\n");
}

VIRT__PRIVATE void virt__w_os(virt__buf *b, const virt_domain_def *d)
{
    unsigned int i;
    virt__buf_puts(b, "  <os>\n");
    virt__buf_puts(b, "    <type");
    virt__xml_put_attr(b, "arch", d->os.arch);
    virt__xml_put_attr(b, "machine", d->os.machine);
    virt__buf_puts(b, ">");
    virt__xml_escape_into(b, d->os.type ? d->os.type : "linux", 0);
    virt__buf_puts(b, "</type>\n");
    if (d->os.loader) {
        virt__buf_puts(b, "    <loader");
        virt__xml_put_attr(b, "readonly", d->loader_readonly);
        virt__xml_put_attr(b, "type", d->loader_type);
        virt__xml_put_attr(b, "format", d->loader_format);
        virt__buf_puts(b, ">");
        virt__xml_escape_into(b, d->os.loader, 0);
        virt__buf_puts(b, "</loader>\n");
    }
    virt__w_text(b, 2, "nvram", d->nvram);
    virt__w_text(b, 2, "kernel", d->os.kernel);
    virt__w_text(b, 2, "initrd", d->os.initrd);
    virt__w_text(b, 2, "cmdline", d->os.cmdline);
    virt__w_text(b, 2, "root", d->os.root);
    for (i = 0; i < d->nboot && i < VIRT_XML_MAX_BOOT; i++)
        virt__xml_put_empty(b, 4, "boot", "dev", d->boot_devs[i]);
    if (!d->nboot) virt__xml_put_empty(b, 4, "boot", "dev", d->os.boot_dev);
    virt__xml_put_empty(b, 4, "smbios", "mode", d->smbios_mode);
    virt__buf_puts(b, "  </os>\n");
}

/* <xen><e820_host/><passthrough/></xen> inside <features>, in libvirt's
 * order (virDomainXen enum) */
VIRT__PRIVATE void virt__w_xen_features(virt__buf *b, const virt_domain_def *d)
{
    if (!d->xen_e820_host && !d->xen_passthrough && !d->xen_passthrough_mode) return;
    virt__buf_puts(b, "    <xen>\n");
    if (d->xen_e820_host) virt__xml_put_empty(b, 6, "e820_host", "state", d->xen_e820_host);
    if (d->xen_passthrough || d->xen_passthrough_mode) {
        virt__buf_puts(b, "      <passthrough");
        virt__xml_put_attr(b, "state", d->xen_passthrough);
        virt__xml_put_attr(b, "mode", d->xen_passthrough_mode);
        virt__buf_puts(b, "/>\n");
    }
    virt__buf_puts(b, "    </xen>\n");
}

/* <hyperv mode=''>: mode custom by default, enlightenments in libvirt's
 * order; passthrough is written as an open and a close tag, as libvirt does */
VIRT__PRIVATE void virt__w_hyperv(virt__buf *b, const virt_domain_def *d)
{
    const virt_hyperv_def *h = &d->hyperv;
    unsigned int f;
    if (!d->has_hyperv) return;
    virt__buf_puts(b, "    <hyperv");
    virt__xml_put_attr(b, "mode", h->mode ? h->mode : "custom");
    virt__buf_puts(b, ">\n");
    for (f = 0; f < VIRT_HYPERV_COUNT; f++) {
        if (!h->state[f]) continue;
        virt__buf_puts(b, "      <");
        virt__buf_puts(b, virt__hyperv_names[f]);
        virt__xml_put_attr(b, "state", h->state[f][0] ? h->state[f] : NULL);
        if (f == VIRT_HYPERV_SPINLOCKS) virt__xml_put_attr(b, "retries", h->spinlocks_retries);
        if (f == VIRT_HYPERV_VENDOR_ID) virt__xml_put_attr(b, "value", h->vendor_id);
        virt__buf_puts(b, "/>\n");
    }
    virt__buf_puts(b, "    </hyperv>\n");
}

/* <maxMemory slots='' unit='KiB'>: only libvirt's memory-hotplug form
 * (test-node files' slot-less one is folded into <memory> by the driver) */
VIRT__PRIVATE void virt__w_max_memory(virt__buf *b, const virt_domain_def *d)
{
    if (!d->max_memory_slots) return;
    virt__buf_puts(b, "  <maxMemory");
    virt__xml_put_attr(b, "slots", d->max_memory_slots);
    virt__buf_puts(b, " unit='KiB'>");
    virt__xml_put_ull(b, d->max_memory_kib);
    virt__buf_puts(b, "</maxMemory>\n");
}

/* <numatune>: memory's mode defaults to strict; placement='static' is
 * implied by a nodeset and not written (virDomainNumatuneFormatXML) */
VIRT__PRIVATE void virt__w_numatune(virt__buf *b, const virt_domain_def *d)
{
    unsigned int i;
    if (!d->has_numatune_memory && !d->nmemnodes) return;
    virt__buf_puts(b, "  <numatune>\n");
    if (d->has_numatune_memory) {
        const char *placement = d->numatune_placement;
        if (placement && strcmp(placement, "static") == 0 && d->numatune_nodeset) placement = NULL;
        virt__buf_puts(b, "    <memory");
        virt__xml_put_attr(b, "mode", d->numatune_mode ? d->numatune_mode : "strict");
        virt__xml_put_attr(b, "nodeset", d->numatune_nodeset);
        virt__xml_put_attr(b, "placement", placement);
        virt__buf_puts(b, "/>\n");
    }
    for (i = 0; i < d->nmemnodes && i < VIRT_XML_MAX_MEMNODES; i++) {
        virt__buf_puts(b, "    <memnode");
        virt__xml_put_attr(b, "cellid", d->memnodes[i].cellid);
        virt__xml_put_attr(b, "mode", d->memnodes[i].mode);
        virt__xml_put_attr(b, "nodeset", d->memnodes[i].nodeset);
        virt__buf_puts(b, "/>\n");
    }
    virt__buf_puts(b, "  </numatune>\n");
}

/* The end of <cell ...: "/>", or its <distances> and "</cell>" */
VIRT__PRIVATE void virt__w_cell_distances(virt__buf *b, const virt_domain_def *d, unsigned int cell)
{
    unsigned int i, n = 0;
    for (i = 0; i < d->ncpu_distances && i < VIRT_XML_MAX_CPU_DISTANCES; i++) {
        const virt_cpu_distance_def *s = &d->cpu_distances[i];
        if (!s->cell || strtoul(s->cell, NULL, 10) != cell) continue;
        if (n++ == 0) virt__buf_puts(b, ">\n        <distances>\n");
        virt__buf_puts(b, "          <sibling");
        virt__xml_put_attr(b, "id", s->id);
        virt__xml_put_attr(b, "value", s->value);
        virt__buf_puts(b, "/>\n");
    }
    virt__buf_puts(b, n ? "        </distances>\n      </cell>\n" : "/>\n");
}

/* <cpu>'s children, with libvirt's defaults (virCPUDefFormatBuf): a
 * custom model's fallback 'allow', dies 1, feature policy 'require', a
 * cell's id its index and its memory in KiB */
VIRT__PRIVATE void virt__w_cpu_children(virt__buf *b, const virt_domain_def *d, int custom)
{
    unsigned int i;
    if (d->cpu_model) {
        virt__buf_puts(b, "    <model");
        virt__xml_put_attr(b, "fallback", d->cpu_model_fallback ? d->cpu_model_fallback : custom ? "allow" : NULL);
        virt__buf_puts(b, ">");
        virt__xml_escape_into(b, d->cpu_model, 0);
        virt__buf_puts(b, "</model>\n");
    }
    virt__w_text(b, 2, "vendor", d->cpu_vendor);
    if (d->cpu_sockets || d->cpu_dies || d->cpu_cores || d->cpu_threads) {
        virt__buf_puts(b, "    <topology");
        virt__xml_put_attr(b, "sockets", d->cpu_sockets);
        virt__xml_put_attr(b, "dies", d->cpu_dies ? d->cpu_dies : "1");
        virt__xml_put_attr(b, "cores", d->cpu_cores);
        virt__xml_put_attr(b, "threads", d->cpu_threads);
        virt__buf_puts(b, "/>\n");
    }
    for (i = 0; i < d->ncpu_features && i < VIRT_XML_MAX_CPU_FEATURES; i++) {
        virt__buf_puts(b, "    <feature");
        virt__xml_put_attr(b, "policy", d->cpu_features[i].policy ? d->cpu_features[i].policy : "require");
        virt__xml_put_attr(b, "name", d->cpu_features[i].name);
        virt__buf_puts(b, "/>\n");
    }
    if (!d->ncpu_cells) return;
    virt__buf_puts(b, "    <numa>\n");
    for (i = 0; i < d->ncpu_cells && i < VIRT_XML_MAX_CPU_CELLS; i++) {
        const virt_cpu_cell_def *c = &d->cpu_cells[i];
        virt__buf_puts(b, "      <cell id='");
        if (c->id) virt__xml_escape_into(b, c->id, 1);
        else virt__xml_put_ull(b, i);
        virt__buf_puts(b, "'");
        virt__xml_put_attr(b, "cpus", c->cpus);
        virt__xml_put_attr(b, "memory", c->memory);
        if (c->memory) virt__buf_puts(b, " unit='KiB'");
        virt__xml_put_attr(b, "memAccess", c->mem_access);
        virt__xml_put_attr(b, "discard", c->discard);
        virt__w_cell_distances(b, d, i);
    }
    virt__buf_puts(b, "    </numa>\n");
}

/* <cpu>: a model without a mode is mode='custom' with match='exact' */
VIRT__PRIVATE void virt__w_cpu(virt__buf *b, const virt_domain_def *d)
{
    const char *mode = d->cpu_mode ? d->cpu_mode : d->cpu_model ? "custom" : NULL;
    int custom = mode && strcmp(mode, "custom") == 0;
    if (!d->has_cpu) return;
    virt__buf_puts(b, "  <cpu");
    virt__xml_put_attr(b, "mode", mode);
    virt__xml_put_attr(b, "match", d->cpu_match ? d->cpu_match : custom && d->cpu_model ? "exact" : NULL);
    virt__xml_put_attr(b, "check", d->cpu_check);
    virt__xml_put_attr(b, "migratable", d->cpu_migratable);
    if (!d->cpu_model && !d->cpu_vendor && !d->cpu_sockets && !d->cpu_dies && !d->cpu_cores &&
        !d->cpu_threads && !d->ncpu_features && !d->ncpu_cells) {
        virt__buf_puts(b, "/>\n");
        return;
    }
    virt__buf_puts(b, ">\n");
    virt__w_cpu_children(b, d, custom);
    virt__buf_puts(b, "  </cpu>\n");
}

VIRT__PRIVATE void virt__w_features(virt__buf *b, const virt_domain_def *d)
{
    unsigned int f = d->features;
    if (!f && !d->has_hyperv && !d->xen_e820_host && !d->xen_passthrough && !d->xen_passthrough_mode) return;
    virt__buf_puts(b, "  <features>\n");
    if (f & VIRT_FEATURE_ACPI) virt__buf_puts(b, "    <acpi/>\n");
    if (f & VIRT_FEATURE_APIC) virt__buf_puts(b, "    <apic/>\n");
    if (f & VIRT_FEATURE_PAE) virt__buf_puts(b, "    <pae/>\n");
    if (f & VIRT_FEATURE_HAP) virt__buf_puts(b, "    <hap state='on'/>\n");
    if (f & VIRT_FEATURE_HAP_OFF) virt__buf_puts(b, "    <hap state='off'/>\n");
    if (f & VIRT_FEATURE_VIRIDIAN) virt__buf_puts(b, "    <viridian/>\n");
    virt__w_hyperv(b, d);
    if (f & VIRT_FEATURE_PVSPINLOCK) virt__buf_puts(b, "    <pvspinlock state='on'/>\n");
    if (f & VIRT_FEATURE_PVSPINLOCK_OFF) virt__buf_puts(b, "    <pvspinlock state='off'/>\n");
    virt__w_xen_features(b, d);
    virt__buf_puts(b, "  </features>\n");
}

VIRT__PRIVATE void virt__w_clock(virt__buf *b, const virt_domain_def *d)
{
    const char *offset = d->clock_offset ? d->clock_offset : d->localtime ? "localtime" : "utc";
    unsigned int i;
    virt__buf_puts(b, "  <clock");
    virt__xml_put_attr(b, "offset", offset);
    if (strcmp(offset, "variable") == 0) {
        virt__xml_put_attr(b, "adjustment", d->clock_adjustment ? d->clock_adjustment : "0");
        virt__xml_put_attr(b, "basis", d->clock_basis ? d->clock_basis : "utc");
    } else if (d->clock_adjustment && strcmp(d->clock_adjustment, "reset") == 0) {
        /* offset='utc|localtime' adjustment='reset' (libvirt's utc_reset) */
        virt__xml_put_attr(b, "adjustment", "reset");
    }
    if (!d->ntimers) { virt__buf_puts(b, "/>\n"); return; }
    virt__buf_puts(b, ">\n");
    for (i = 0; i < d->ntimers && i < VIRT_XML_MAX_TIMERS; i++) {
        const virt_timer_def *t = &d->timers[i];
        virt__buf_puts(b, "    <timer");
        virt__xml_put_attr(b, "name", t->name);
        virt__xml_put_attr(b, "present", t->present);
        virt__xml_put_attr(b, "tickpolicy", t->tickpolicy);
        virt__xml_put_attr(b, "track", t->track);
        virt__xml_put_attr(b, "mode", t->mode);
        virt__buf_puts(b, "/>\n");
    }
    virt__buf_puts(b, "  </clock>\n");
}

VIRT__PRIVATE void virt__w_disk(virt__buf *b, const virt_device_def *dev)
{
    static const char *const devices[] = { "disk", "cdrom", "floppy" };
    const virt_disk_def *disk = &dev->u.disk;
    int block = disk->type == VIRT_DISK_BLOCK;
    virt__buf_puts(b, "    <disk type='");
    virt__buf_puts(b, virt__disk_type_name(disk->type));
    virt__buf_puts(b, "' device='");
    virt__buf_puts(b, (unsigned)disk->device < 3 ? devices[disk->device] : "disk");
    virt__buf_add(b, "'>\n", 3);
    if (disk->driver_name || disk->driver_type) {
        virt__buf_puts(b, "      <driver");
        virt__xml_put_attr(b, "name", disk->driver_name);
        virt__xml_put_attr(b, "type", disk->driver_type);
        virt__buf_puts(b, "/>\n");
    }
    if (disk->type == VIRT_DISK_NETWORK) virt__w_network_source(b, disk);
    else virt__xml_put_empty(b, 6, "source", block ? "dev" : "file", disk->source);
    virt__buf_puts(b, "      <target");
    virt__xml_put_attr(b, "dev", disk->target);
    virt__xml_put_attr(b, "bus", disk->bus);
    virt__buf_puts(b, "/>\n");
    if (disk->readonly) virt__buf_puts(b, "      <readonly/>\n");
    if (disk->shareable) virt__buf_puts(b, "      <shareable/>\n");
    virt__w_address(b, 3, &dev->address);
    virt__buf_puts(b, "    </disk>\n");
}

/* <tag attrs .../> at depth from an attribute list */
VIRT__PRIVATE void virt__w_attr_list(virt__buf *b, int depth, const char *tag, const virt_address_def *a)
{
    unsigned int i;
    virt__w_open(b, depth, tag);
    for (i = 0; i < a->natts; i++) virt__xml_put_attr(b, a->attrs[2 * i], a->attrs[2 * i + 1]);
    virt__buf_puts(b, "/>\n");
}

/* <vlan>, <virtualport>, <bandwidth> of an interface, as libvirt orders them */
VIRT__PRIVATE void virt__w_net_parts(virt__buf *b, const virt_net_def *net)
{
    unsigned int i;
    if (net->nvlan_tags || net->vlan_trunk) {
        virt__buf_puts(b, "      <vlan");
        virt__xml_put_attr(b, "trunk", net->vlan_trunk);
        virt__buf_puts(b, ">\n");
        for (i = 0; i < net->nvlan_tags && i < VIRT_NET_MAX_VLAN_TAGS; i++) {
            virt__buf_puts(b, "        <tag");
            virt__xml_put_attr(b, "id", net->vlan_tags[2 * i]);
            virt__xml_put_attr(b, "nativeMode", net->vlan_tags[2 * i + 1]);
            virt__buf_puts(b, "/>\n");
        }
        virt__buf_puts(b, "      </vlan>\n");
    }
    if (net->virtualport_type) {
        virt__buf_puts(b, "      <virtualport");
        if (net->virtualport_type[0]) virt__xml_put_attr(b, "type", net->virtualport_type);
        if (!net->virtualport_params.natts) virt__buf_puts(b, "/>\n");
        else {
            virt__buf_puts(b, ">\n");
            virt__w_attr_list(b, 4, "parameters", &net->virtualport_params);
            virt__buf_puts(b, "      </virtualport>\n");
        }
    }
    if (net->bandwidth_in.natts || net->bandwidth_out.natts) {
        virt__buf_puts(b, "      <bandwidth>\n");
        if (net->bandwidth_in.natts) virt__w_attr_list(b, 4, "inbound", &net->bandwidth_in);
        if (net->bandwidth_out.natts) virt__w_attr_list(b, 4, "outbound", &net->bandwidth_out);
        virt__buf_puts(b, "      </bandwidth>\n");
    }
}

/* <ip address='' family=''/>: the family follows from the address */
VIRT__PRIVATE void virt__w_ip(virt__buf *b, const char *address)
{
    virt__buf_puts(b, "      <ip");
    virt__xml_put_attr(b, "address", address);
    virt__xml_put_attr(b, "family", strchr(address, ':') ? "ipv6" : "ipv4");
    virt__buf_puts(b, "/>\n");
}

VIRT__PRIVATE void virt__w_interface(virt__buf *b, const virt_device_def *dev)
{
    static const char *const types[] = { "bridge", "ethernet", "network" };
    const virt_net_def *net = &dev->u.net;
    unsigned int i;
    virt__buf_puts(b, "    <interface type='");
    virt__buf_puts(b, (unsigned)net->type < 3 ? types[net->type] : "bridge");
    virt__buf_add(b, "'>\n", 3);
    virt__xml_put_empty(b, 6, "mac", "address", net->mac);
    if (net->type == VIRT_NET_BRIDGE) virt__xml_put_empty(b, 6, "source", "bridge", net->source);
    if (net->type == VIRT_NET_NETWORK) virt__xml_put_empty(b, 6, "source", "network", net->source);
    if (net->type == VIRT_NET_ETHERNET) virt__xml_put_empty(b, 6, "source", "dev", net->source);
    virt__w_net_parts(b, net);
    if (net->ip) virt__w_ip(b, net->ip);
    for (i = 0; i < net->nmore_ips && i < VIRT_NET_MAX_MORE_IPS; i++)
        if (net->more_ips[i]) virt__w_ip(b, net->more_ips[i]);
    virt__xml_put_empty(b, 6, "script", "path", net->script);
    virt__xml_put_empty(b, 6, "target", "dev", net->target);
    virt__xml_put_empty(b, 6, "model", "type", net->model);
    virt__w_address(b, 3, &dev->address);
    virt__buf_puts(b, "    </interface>\n");
}

VIRT__PRIVATE void virt__w_chardev(virt__buf *b, const char *tag, const virt_device_def *dev)
{
    const virt_chardev_def *c = &dev->u.console;
    int i;
    virt__w_open(b, 2, tag);
    virt__xml_put_attr(b, "type", c->type ? c->type : "pty");
    virt__xml_put_attr(b, "tty", c->tty);
    virt__buf_puts(b, ">\n");
    /* udp: libvirt writes the bind end first */
    int first = c->source[1].mode && strcmp(c->source[1].mode, "bind") == 0;
    for (i = 0; i < 2; i++) {
        const virt_chardev_source *s = &c->source[first ? 1 - i : i];
        if (!s->mode && !s->path && !s->host && !s->service) continue;
        virt__buf_puts(b, "      <source");
        virt__xml_put_attr(b, "mode", s->mode);
        virt__xml_put_attr(b, "path", s->path);
        virt__xml_put_attr(b, "host", s->host);
        virt__xml_put_attr(b, "service", s->service);
        virt__buf_puts(b, "/>\n");
    }
    virt__xml_put_empty(b, 6, "protocol", "type", c->protocol);
    if (c->target_type || c->target_port || c->target_name) {
        virt__buf_puts(b, "      <target");
        virt__xml_put_attr(b, "type", c->target_type);
        virt__xml_put_attr(b, "port", c->target_port);
        virt__xml_put_attr(b, "name", c->target_name);
        virt__buf_puts(b, "/>\n");
    }
    virt__w_address(b, 3, &dev->address);
    virt__w_close(b, 2, tag);
}

VIRT__PRIVATE void virt__w_graphics(virt__buf *b, const virt_graphics_def *g, unsigned int flags)
{
    static const char *const types[] = { "vnc", "sdl", "spice" };
    virt__buf_puts(b, "    <graphics type='");
    virt__buf_puts(b, (unsigned)g->type < 3 ? types[g->type] : "vnc");
    virt__buf_puts(b, "'");
    if (g->type != VIRT_GRAPHICS_SDL) {
        if (g->type == VIRT_GRAPHICS_VNC || g->port >= 0) {
            virt__buf_puts(b, " port='");
            virt__xml_put_int(b, g->port);
            virt__buf_puts(b, "'");
        }
        virt__buf_puts(b, g->port < 0 ? " autoport='yes'" : " autoport='no'");
        virt__xml_put_attr(b, "listen", g->listen ? g->listen : g->listen_address);
        if (flags & VIRT_XML_FORMAT_SECURE) virt__xml_put_attr(b, "passwd", g->passwd);
    }
    virt__xml_put_attr(b, "keymap", g->keymap);
    if (g->type == VIRT_GRAPHICS_SDL) { virt__buf_puts(b, "/>\n"); return; }
    virt__buf_puts(b, ">\n      <listen");
    virt__xml_put_attr(b, "type", g->listen_type ? g->listen_type : "address");
    virt__xml_put_attr(b, "address", g->listen_address ? g->listen_address : g->listen);
    virt__buf_puts(b, "/>\n    </graphics>\n");
}

VIRT__PRIVATE void virt__w_video(virt__buf *b, const virt_device_def *dev)
{
    const virt_video_def *v = &dev->u.video;
    virt__buf_puts(b, "    <video>\n      <model");
    virt__xml_put_attr(b, "type", v->model);
    virt__xml_put_attr(b, "vram", v->vram);
    virt__xml_put_attr(b, "heads", v->heads);
    if (v->primary) virt__buf_puts(b, " primary='yes'");
    virt__buf_puts(b, "/>\n");
    virt__w_address(b, 3, &dev->address);
    virt__buf_puts(b, "    </video>\n");
}

VIRT__PRIVATE void virt__w_hostdev(virt__buf *b, const virt_device_def *dev)
{
    const virt_hostdev_def *h = &dev->u.hostdev;
    virt__buf_puts(b, "    <hostdev");
    virt__xml_put_attr(b, "mode", h->mode ? h->mode : "subsystem");
    virt__xml_put_attr(b, "type", h->type ? h->type : "pci");
    virt__xml_put_attr(b, "managed", h->managed ? h->managed : "no");
    virt__buf_puts(b, ">\n      <source>\n");
    virt__w_address(b, 4, &h->source);
    virt__buf_puts(b, "      </source>\n");
    virt__w_address(b, 3, &dev->address);
    virt__buf_puts(b, "    </hostdev>\n");
}

/* libvirt writes <stats> before the address */
VIRT__PRIVATE void virt__w_memballoon(virt__buf *b, const virt_device_def *dev)
{
    virt__w_open(b, 2, "memballoon");
    virt__xml_put_attr(b, "model", dev->u.memballoon.model);
    if (dev->u.memballoon.stats_period <= 0) {
        virt__w_end_simple(b, 2, "memballoon", &dev->address);
        return;
    }
    virt__buf_puts(b, ">\n");
    virt__w_open(b, 3, "stats");
    virt__buf_puts(b, " period='");
    virt__xml_put_ull(b, (unsigned long long)dev->u.memballoon.stats_period);
    virt__buf_puts(b, "'/>\n");
    virt__w_address(b, 3, &dev->address);
    virt__w_close(b, 2, "memballoon");
}

/* <input>, <sound>, <controller>, <watchdog>: attributes only. */
VIRT__PRIVATE void virt__w_simple(virt__buf *b, const virt_device_def *dev)
{
    const char *tag = "";
    switch (dev->kind) {
    case VIRT_DEVICE_INPUT:
        virt__w_open(b, 2, tag = "input");
        virt__xml_put_attr(b, "type", dev->u.input.type);
        virt__xml_put_attr(b, "bus", dev->u.input.bus);
        break;
    case VIRT_DEVICE_SOUND:
        virt__w_open(b, 2, tag = "sound");
        virt__xml_put_attr(b, "model", dev->u.sound.model);
        break;
    case VIRT_DEVICE_CONTROLLER:
        virt__w_open(b, 2, tag = "controller");
        virt__xml_put_attr(b, "type", dev->u.controller.type);
        virt__xml_put_attr(b, "index", dev->u.controller.index ? dev->u.controller.index : "0");
        virt__xml_put_attr(b, "model", dev->u.controller.model);
        virt__xml_put_attr(b, "maxGrantFrames", dev->u.controller.max_grant_frames);
        virt__xml_put_attr(b, "maxEventChannels", dev->u.controller.max_event_channels);
        break;
    case VIRT_DEVICE_WATCHDOG:
        virt__w_open(b, 2, tag = "watchdog");
        virt__xml_put_attr(b, "model", dev->u.watchdog.model);
        virt__xml_put_attr(b, "action", dev->u.watchdog.action);
        break;
    case VIRT_DEVICE_MEMBALLOON:
        virt__w_memballoon(b, dev);
        return;
    default:
        return;
    }
    virt__w_end_simple(b, 2, tag, &dev->address);
}

VIRT__PRIVATE void virt__w_device(virt__buf *b, const virt_device_def *dev, unsigned int flags)
{
    switch (dev->kind) {
    case VIRT_DEVICE_DISK: virt__w_disk(b, dev); break;
    case VIRT_DEVICE_INTERFACE: virt__w_interface(b, dev); break;
    case VIRT_DEVICE_GRAPHICS: virt__w_graphics(b, &dev->u.graphics, flags); break;
    case VIRT_DEVICE_CONSOLE: virt__w_chardev(b, "console", dev); break;
    case VIRT_DEVICE_SERIAL: virt__w_chardev(b, "serial", dev); break;
    case VIRT_DEVICE_PARALLEL: virt__w_chardev(b, "parallel", dev); break;
    case VIRT_DEVICE_CHANNEL: virt__w_chardev(b, "channel", dev); break;
    case VIRT_DEVICE_VIDEO: virt__w_video(b, dev); break;
    case VIRT_DEVICE_HOSTDEV: virt__w_hostdev(b, dev); break;
    default: virt__w_simple(b, dev); break;
    }
}

VIRT__PRIVATE void virt__w_devices(virt__buf *b, const virt_domain_def *d, unsigned int flags)
{
    /* libvirt's device classes in the order virDomainDefFormat writes them */
    static const virt_device_kind order[] = {
        VIRT_DEVICE_DISK, VIRT_DEVICE_CONTROLLER, VIRT_DEVICE_INTERFACE, VIRT_DEVICE_SERIAL,
        VIRT_DEVICE_PARALLEL, VIRT_DEVICE_CONSOLE, VIRT_DEVICE_CHANNEL, VIRT_DEVICE_INPUT,
        VIRT_DEVICE_GRAPHICS, VIRT_DEVICE_SOUND, VIRT_DEVICE_VIDEO, VIRT_DEVICE_HOSTDEV,
        VIRT_DEVICE_WATCHDOG, VIRT_DEVICE_MEMBALLOON
    };
    size_t k, i;
    if (!d->emulator && !d->ndevices) { virt__buf_puts(b, "  <devices>\n  </devices>\n"); return; }
    virt__buf_puts(b, "  <devices>\n");
    virt__w_text(b, 2, "emulator", d->emulator);
    for (k = 0; k < sizeof order / sizeof order[0]; k++)
        for (i = 0; i < d->ndevices; i++)
            if (d->devices[i].kind == order[k]) virt__w_device(b, &d->devices[i], flags);
    virt__buf_puts(b, "  </devices>\n");
}

VIRT__PRIVATE char *virt__format_libvirt9(const virt_domain_def *d, unsigned int flags)
{
    virt__buf b;
    char uuid[VIRT_UUID_STRING_BUFLEN];
    memset(&b, 0, sizeof b);
    (void)virt__buf_reserve(&b, 2047);
    virt__buf_puts(&b, "<domain");
    virt__xml_put_attr(&b, "type", d->type ? d->type : "xen");
    if (d->id >= 0) {
        virt__buf_puts(&b, " id='");
        virt__xml_put_int(&b, d->id);
        virt__buf_add(&b, "'", 1);
    }
    virt__buf_puts(&b, ">\n");
    virt__w_text(&b, 1, "name", d->name);
    if (d->has_uuid) {
        virt_uuid_format(d->uuid, uuid);
        virt__w_text(&b, 1, "uuid", uuid);
    }
    virt__w_text(&b, 1, "title", d->title);
    virt__w_text(&b, 1, "description", d->description);
    virt__w_max_memory(&b, d);
    virt__w_memory(&b, "memory", d->memory_kib);
    virt__w_memory(&b, "currentMemory", d->current_memory_kib ? d->current_memory_kib : d->memory_kib);
    virt__buf_puts(&b, "  <vcpu");
    /* virDomainDefPostParse: numatune's placement='auto' is the vcpus' default too */
    virt__xml_put_attr(&b, "placement", d->vcpu_placement ? d->vcpu_placement
                                        : d->numatune_placement && strcmp(d->numatune_placement, "auto") == 0
                                        ? "auto" : "static");
    virt__xml_put_attr(&b, "cpuset", d->vcpu_cpuset);
    virt__xml_put_attr(&b, "current", d->vcpu_current);
    virt__buf_puts(&b, ">");
    virt__xml_put_ull(&b, d->vcpus ? d->vcpus : 1u);
    virt__buf_puts(&b, "</vcpu>\n");
    virt__w_cputune(&b, d);
    virt__w_numatune(&b, d);
    virt__w_text(&b, 1, "bootloader", d->bootloader);
    virt__w_text(&b, 1, "bootloader_args", d->bootloader_args);
    virt__w_os(&b, d);
    virt__w_features(&b, d);
    virt__w_cpu(&b, d);
    virt__w_clock(&b, d);
    virt__w_text(&b, 1, "on_poweroff", virt_lifecycle_to_string(d->on_poweroff ? d->on_poweroff : VIRT_LIFECYCLE_DESTROY));
    virt__w_text(&b, 1, "on_reboot", virt_lifecycle_to_string(d->on_reboot ? d->on_reboot : VIRT_LIFECYCLE_RESTART));
    virt__w_text(&b, 1, "on_crash", virt_lifecycle_to_string(d->on_crash ? d->on_crash : VIRT_LIFECYCLE_DESTROY));
    virt__w_devices(&b, d, flags);
    virt__buf_puts(&b, "</domain>\n");
    return virt__buf_steal(&b);
}

VIRT_API char *virt_domain_def_format_ex(const virt_domain_def *def, unsigned int flags)
{
    if (!def) return NULL;
    if (flags & VIRT_XML_FORMAT_LIBVIRT9) return virt__format_libvirt9(def, flags);
    return virt_domain_def_format(def);
}

/* >>xml-defaults: what libvirt 9.0's parser and post-parse callbacks add
 * to a definition before the test driver stores it (src/conf/domain_conf.c:
 * virDomainDiskInsert, virDomainDiskDefAssignAddress,
 * virDomainDefAddImplicitControllers, virDomainDefAddConsoleCompat,
 * virDomainVideoDefaultRAM; src/test/test_driver.c: testDomainGenerateIfnames),
 * so that dumpxml writes what libvirt's writes. */

/* virDiskNameToIndex: "hdc" -> 2, "sdaa" -> 26, "xvdb1" -> 1; -1 if none */
VIRT__PRIVATE long virt__disk_index(const char *dst)
{
    static const char *const prefixes[] = { "xvd", "ubd", "hd", "sd", "vd", "fd", NULL };
    const char *p = NULL;
    long idx = 0;
    size_t i;
    if (!dst) return -1;
    for (i = 0; prefixes[i] && !p; i++)
        if (strncmp(dst, prefixes[i], strlen(prefixes[i])) == 0) p = dst + strlen(prefixes[i]);
    if (!p || *p < 'a' || *p > 'z') return -1;
    for (i = 0; *p >= 'a' && *p <= 'z' && idx < 100000; i++, p++) idx = (idx + (i ? 1 : 0)) * 26 + (*p - 'a');
    return idx;
}

VIRT__PRIVATE const char *virt__disk_default_bus(const char *dst)
{
    if (!dst) return NULL;
    if (strncmp(dst, "hd", 2) == 0) return "ide";
    if (strncmp(dst, "sd", 2) == 0) return "scsi";
    if (strncmp(dst, "vd", 2) == 0) return "virtio";
    if (strncmp(dst, "xvd", 3) == 0) return "xen";
    if (strncmp(dst, "fd", 2) == 0) return "fdc";
    if (strncmp(dst, "ubd", 3) == 0) return "uml";
    return NULL;
}

/* *dst, when NULL, becomes a copy of value in def's blocks: 0 when out of memory */
VIRT__PRIVATE int virt__set_str(virt_domain_def *def, char **dst, const char *value)
{
    char *s;
    if (*dst) return 1;
    if (!(s = virt__def_strdup(def, value))) return 0;
    *dst = s;
    return 1;
}

/* v in decimal into buf (room for any int and its NUL): the writer's
 * numbers without printf */
VIRT__PRIVATE char *virt__xml_itoa(char buf[16], int v)
{
    char *e = buf + 15;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    *e = '\0';
    do { *--e = (char)('0' + (int)(u % 10)); u /= 10; } while (u);
    if (v < 0) *--e = '-';
    return e;
}

VIRT__PRIVATE int virt__address_add(virt_address_def *a, const char *name, const char *value)
{
    if (a->natts >= VIRT_ADDRESS_MAX_ATTRS) return 1;
    if (!(a->attrs[2 * a->natts] = virt__strdup(name))) return 0;
    if (!(a->attrs[2 * a->natts + 1] = virt__strdup(value))) { VIRT_FREE(a->attrs[2 * a->natts]); a->attrs[2 * a->natts] = NULL; return 0; }
    a->natts++;
    return 1;
}

/* <address type='drive' controller='' bus='' target='0' unit=''/> for an
 * ide, fdc, scsi or sata disk without one; *ctrl gets the controller. */
VIRT__PRIVATE int virt__disk_drive_address(virt_device_def *d, long *ctrl)
{
    const char *bus = d->u.disk.bus;
    long idx = virt__disk_index(d->u.disk.target), c, b = 0, u;
    char num[24];
    int ok = 1;
    *ctrl = -1;
    if (!bus || idx < 0 || d->address.natts) return 1;
    if (strcmp(bus, "ide") == 0) { c = idx / 4; b = (idx % 4) / 2; u = idx % 2; }
    else if (strcmp(bus, "fdc") == 0) { c = idx / 2; u = idx % 2; }
    else if (strcmp(bus, "scsi") == 0) { c = idx / 7; u = idx % 7; }
    else if (strcmp(bus, "sata") == 0) { c = idx / 6; u = idx % 6; }
    else return 1;
    *ctrl = c;
    ok &= virt__address_add(&d->address, "type", "drive");
    snprintf(num, sizeof num, "%ld", c);
    ok &= virt__address_add(&d->address, "controller", num);
    snprintf(num, sizeof num, "%ld", b);
    ok &= virt__address_add(&d->address, "bus", num);
    ok &= virt__address_add(&d->address, "target", "0");
    snprintf(num, sizeof num, "%ld", u);
    ok &= virt__address_add(&d->address, "unit", num);
    return ok;
}

/* Moves device `from` to position `to` (to <= from), keeping the others' order. */
VIRT__PRIVATE void virt__device_move(virt_domain_def *def, size_t from, size_t to)
{
    virt_device_def tmp = def->devices[from];
    memmove(&def->devices[to + 1], &def->devices[to], (from - to) * sizeof tmp);
    def->devices[to] = tmp;
}

/* virDomainDiskInsertPreAlloced: among disks of the same (written) bus,
 * ordered by index; the others in document order. */
VIRT__PRIVATE void virt__order_disks(virt_domain_def *def)
{
    size_t i, j;
    for (i = 0; i < def->ndevices; i++) {
        const virt_disk_def *k = &def->devices[i].u.disk;
        long at = -1;
        if (def->devices[i].kind != VIRT_DEVICE_DISK) continue;
        for (j = i; j-- > 0;) {
            const virt_disk_def *o = &def->devices[j].u.disk;
            int same;
            if (def->devices[j].kind != VIRT_DEVICE_DISK) continue;
            same = (!o->bus && !k->bus) || (o->bus && k->bus && strcmp(o->bus, k->bus) == 0);
            if (same && virt__disk_index(o->target) > virt__disk_index(k->target)) at = (long)j;
            else if (same && at == -1) break;
        }
        if (at >= 0) virt__device_move(def, i, (size_t)at);
    }
}

VIRT__PRIVATE int virt__has_controller(const virt_domain_def *def, const char *type, long index)
{
    size_t i;
    char num[24];
    snprintf(num, sizeof num, "%ld", index);
    for (i = 0; i < def->ndevices; i++) {
        const virt_controller_def *c = &def->devices[i].u.controller;
        if (def->devices[i].kind == VIRT_DEVICE_CONTROLLER && c->type && strcmp(c->type, type) == 0 &&
            strcmp(c->index ? c->index : "0", num) == 0)
            return 1;
    }
    return 0;
}

VIRT__PRIVATE virt_device_def *virt__def_append(virt_domain_def *def, virt_device_kind kind)
{
    virt_device_def *devs;
    size_t bytes;
    if (def->ndevices >= VIRT_XML_MAX_DEVICES || !virt__size_mul(def->ndevices + 1, sizeof *devs, &bytes)) return NULL;
    devs = (virt_device_def *)VIRT_REALLOC(def->devices, bytes);
    if (!devs) return NULL;
    def->devices = devs;
    memset(&devs[def->ndevices], 0, sizeof *devs);
    devs[def->ndevices].kind = kind;
    return &devs[def->ndevices++];
}

/* The disk controllers the drive addresses need: scsi, fdc, ide, sata,
 * in virDomainDefAddImplicitControllers' order. */
VIRT__PRIVATE int virt__implicit_controllers(virt_domain_def *def)
{
    static const char *const buses[] = { "scsi", "fdc", "ide", "sata" };
    size_t b, i;
    for (b = 0; b < 4; b++) {
        long max = -1, c;
        for (i = 0; i < def->ndevices; i++) {
            virt_device_def *d = &def->devices[i];
            if (d->kind != VIRT_DEVICE_DISK || !d->u.disk.bus || strcmp(d->u.disk.bus, buses[b]) != 0) continue;
            if (!virt__disk_drive_address(d, &c)) return 0;
            if (c < 0 && d->address.natts) {   /* an address the user gave */
                const char *v = NULL;
                unsigned int a;
                for (a = 0; a < d->address.natts; a++)
                    if (strcmp(d->address.attrs[2 * a], "controller") == 0) v = d->address.attrs[2 * a + 1];
                c = v ? strtol(v, NULL, 10) : 0;
            }
            if (c > max) max = c;
        }
        for (c = 0; c <= max && c < 64; c++) {
            virt_device_def *d;
            char num[24];
            if (virt__has_controller(def, buses[b], c)) continue;
            if (!(d = virt__def_append(def, VIRT_DEVICE_CONTROLLER))) return 0;
            snprintf(num, sizeof num, "%ld", c);
            if (!(d->u.controller.type = virt__strdup(buses[b])) || !(d->u.controller.index = virt__strdup(num)))
                return 0;
        }
    }
    return 1;
}

/* Serial, parallel and channel target ports in order; the console's
 * target; on HVM the console is serial 0 (a serial is made from it when
 * there is none), as virDomainDefAddConsoleCompat does. */
VIRT__PRIVATE int virt__chardev_defaults(virt_domain_def *def, int hvm)
{
    size_t i;
    int serials = 0, parallels = 0, consoles = 0, nserial = 0, ok = 1;
    char num[24];
    for (i = 0; i < def->ndevices; i++) nserial += def->devices[i].kind == VIRT_DEVICE_SERIAL;
    for (i = 0; i < def->ndevices && ok; i++) {
        virt_device_def *d = &def->devices[i];
        virt_chardev_def *c = &d->u.console;
        if (d->kind == VIRT_DEVICE_SERIAL || d->kind == VIRT_DEVICE_PARALLEL) {
            snprintf(num, sizeof num, "%d", d->kind == VIRT_DEVICE_SERIAL ? serials++ : parallels++);
            ok &= virt__set_str(def, &c->target_port, num);
        } else if (d->kind == VIRT_DEVICE_CONSOLE) {
            ok &= virt__set_str(def, &c->type, "pty");
            ok &= virt__set_str(def, &c->target_type, "serial");
            snprintf(num, sizeof num, "%d", consoles++);
            ok &= virt__set_str(def, &c->target_port, num);
        }
    }
    if (!ok) return 0;
    if (hvm && nserial) {
        /* the HVM console is serial 0 under another name: libvirt writes
         * serial 0's settings for it */
        virt_device_def *con = NULL, *ser = NULL;
        for (i = 0; i < def->ndevices; i++) {
            if (!con && def->devices[i].kind == VIRT_DEVICE_CONSOLE) con = &def->devices[i];
            if (!ser && def->devices[i].kind == VIRT_DEVICE_SERIAL) ser = &def->devices[i];
        }
        if (con && ser && strcmp(con->u.console.target_type, "serial") == 0) {
            virt_device_def copy = *ser;
            if (!virt__device_copy(def, &copy, ser)) { virt__device_clear(def, &copy); return 0; }
            copy.kind = VIRT_DEVICE_CONSOLE;
            virt__def_release(def, copy.u.console.target_type);
            virt__def_release(def, copy.u.console.target_port);
            copy.u.console.target_type = con->u.console.target_type;
            copy.u.console.target_port = con->u.console.target_port;
            con->u.console.target_type = con->u.console.target_port = NULL;
            virt__address_clear(def, &copy.address);
            copy.address = con->address;
            memset(&con->address, 0, sizeof con->address);
            virt__device_clear(def, con);
            *con = copy;
        }
    }
    if (hvm && !nserial) {
        for (i = 0; i < def->ndevices; i++) {
            virt_device_def *d = &def->devices[i], *s;
            if (d->kind != VIRT_DEVICE_CONSOLE || strcmp(d->u.console.target_type, "serial") != 0) continue;
            if (!(s = virt__def_append(def, VIRT_DEVICE_SERIAL))) return 0;
            d = &def->devices[i];   /* the array may have moved */
            *s = *d;
            s->kind = VIRT_DEVICE_SERIAL;
            memset(&s->address, 0, sizeof s->address);
            if (!virt__device_copy(def, s, s)) return 0;
            virt__def_release(def, s->u.console.target_type);
            s->u.console.target_type = NULL;
            break;
        }
    }
    return 1;
}

VIRT__PRIVATE int virt__video_defaults(virt_domain_def *def, int hvm)
{
    size_t i;
    int first = 1, ok = 1;
    for (i = 0; i < def->ndevices && ok; i++) {
        virt_video_def *v = &def->devices[i].u.video;
        if (def->devices[i].kind != VIRT_DEVICE_VIDEO) continue;
        ok &= virt__set_str(def, &v->model, hvm ? "cirrus" : "xen");
        if (strcmp(v->model, "none") != 0) {
            /* virDomainVideoDefaultRAM: the Xen PV framebuffer had 4 MiB */
            ok &= virt__set_str(def, &v->vram, strcmp(v->model, "xen") == 0 ? "4096"
                                        : strcmp(v->model, "qxl") == 0 ? "65536" : "16384");
            ok &= virt__set_str(def, &v->heads, "1");
        }
        if (first) v->primary = 1;
        first = 0;
    }
    return ok;
}

VIRT__PRIVATE int virt__misc_defaults(virt_domain_def *def, unsigned int flags)
{
    size_t i;
    int ok = 1, nets = 0;
    char name[32];
    for (i = 0; i < def->ndevices && ok; i++) {
        virt_device_def *d = &def->devices[i];
        if (d->kind == VIRT_DEVICE_DISK) {
            if (!d->u.disk.source && d->u.disk.type == VIRT_DISK_BLOCK) d->u.disk.type = VIRT_DISK_FILE;
            if (!d->u.disk.bus && virt__disk_default_bus(d->u.disk.target))
                ok &= virt__set_str(def, &d->u.disk.bus, virt__disk_default_bus(d->u.disk.target));
        } else if (d->kind == VIRT_DEVICE_INTERFACE) {
            if (!d->u.net.mac) {
                /* libvirt makes up a random 52:54:00 address; ours comes from the UUID */
                snprintf(name, sizeof name, "52:54:00:%02x:%02x:%02x", def->uuid[13], def->uuid[14],
                         (unsigned)((def->uuid[15] + nets) & 0xff));
                ok &= virt__set_str(def, &d->u.net.mac, name);
            }
            if ((flags & VIRT_XML_DEFAULTS_TEST) && !d->u.net.target) {
                char num[16];
                memcpy(name, "testnet", 7);
                strcpy(name + 7, virt__xml_itoa(num, nets));
                ok &= virt__set_str(def, &d->u.net.target, name);
            }
            nets++;
        } else if (d->kind == VIRT_DEVICE_GRAPHICS && d->u.graphics.type != VIRT_GRAPHICS_SDL) {
            virt_graphics_def *g = &d->u.graphics;
            if (!g->has_listen) {
                g->has_listen = 1;
                ok &= virt__set_str(def, &g->listen_type, "address");
                if (g->listen) ok &= virt__set_str(def, &g->listen_address, g->listen);
            }
            if (!g->listen && g->listen_address) ok &= virt__set_str(def, &g->listen, g->listen_address);
        } else if (d->kind == VIRT_DEVICE_CONTROLLER) {
            ok &= virt__set_str(def, &d->u.controller.index, "0");
        } else if (d->kind == VIRT_DEVICE_HOSTDEV) {
            ok &= virt__set_str(def, &d->u.hostdev.managed, "no");
        }
    }
    return ok;
}

VIRT_API int virt_domain_def_apply_defaults(virt_domain_def *def, unsigned int flags, virt_status *st)
{
    int hvm;
    if (!def) return virt__status_set(st, VIRT_E_INVAL, 0, "no definition");
    hvm = def->os.type && strcmp(def->os.type, "hvm") == 0;
    if (!def->os.arch && !virt__set_str(def, &def->os.arch, "i686")) goto nomem;
    if (hvm && !def->nboot && !def->os.boot_dev && !def->os.kernel) {
        if (!(def->boot_devs[0] = virt__strdup("hd"))) goto nomem;
        def->nboot = 1;
        if (!virt__set_str(def, &def->os.boot_dev, "hd")) goto nomem;
    }
    virt__order_disks(def);
    if (!virt__misc_defaults(def, flags) || !virt__implicit_controllers(def) || !virt__chardev_defaults(def, hvm) ||
        !virt__video_defaults(def, hvm))
        goto nomem;
    return VIRT_OK;
nomem:
    if (def->ndevices >= VIRT_XML_MAX_DEVICES)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "more than %d devices with libvirt's implicit ones (VIRT_XML_MAX_DEVICES)",
                                VIRT_XML_MAX_DEVICES);
    return virt__status_set(st, VIRT_E_NOMEM, 0, "out of memory");
}

#endif /* VIRT_IMPLEMENTATION */

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
