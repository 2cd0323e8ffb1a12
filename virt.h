/* virt.h - libvirt's domain API as a header-only C library - virt 0.1.0 - MIT licence (end of file)

   Do this:
      #define VIRT_IMPLEMENTATION
      #include "virt.h"
   in exactly ONE C or C++ file (never in a header). Every other file includes
   "virt.h" for the declarations. Keep virt_xml.h, virt_xend.h, virt_xs.h and
   virt_hv.h next to virt.h; link with -lexpat -lpthread.

   CONFIGURATION (define before including, identically in every file)
   ---------------------------------------------------------------------------
   macro                 default        effect
   VIRT_IMPLEMENTATION   undefined      compile the implementation in this file
   VIRT_STATIC           undefined      every function static inline (vendor
                                        virt twice into one binary); define
                                        VIRT_IMPLEMENTATION in each such file
   VIRT_NO_XEND          undefined      remove the xend backend (virt_xend.h)
   VIRT_NO_XS            undefined      remove the xenstore backend (virt_xs.h)
   VIRT_NO_HV            undefined      remove the hypercall backend (virt_hv.h)
   VIRT_NO_THREADS       undefined      no pthreads: no locks, one global
                                        last error (single-threaded firmware)
   VIRT_MALLOC/REALLOC/FREE  libc       allocator (all three or none)
   VIRT_ASSERT           assert()       internal consistency checks
   VIRT_MAX_DOMAINS      4096           domains one connection handles
   VIRT_XML_MAX_BYTES    1 MiB          largest domain XML document accepted
   VIRT_XML_MAX_DEVICES  256            devices per domain
   (each backend header lists its own limits: SXP, HTTP, xenstore)
   There are no other VIRT_* options; tests/compile checks this list.

   QUICK START
   ---------------------------------------------------------------------------
      virConnectPtr conn = virConnectOpenReadOnly("test:///default");
      virDomainPtr dom = virDomainLookupByName(conn, "test");
      virDomainInfo info;
      if (dom && virDomainGetInfo(dom, &info) == 0)
          printf("state %d, %lu KiB\n", info.state, info.memory);
      virDomainFree(dom);
      virConnectClose(conn);
   See examples/virsh.c for every call.

   CONNECTION URIs
   ---------------------------------------------------------------------------
   test:///default          the built-in test node (libvirt's test driver node)
   test:///ABS/PATH.xml     a test node loaded from libvirt's node XML format
   NULL, "", "xen", xen:/// the local Xen node: hypercalls, xenstore, xend,
                            each used when it opens (see BACKENDS)
   http://host:port/        a remote xend
   /path/to/socket          xend on that unix socket

   BACKENDS
   ---------------------------------------------------------------------------
   A connection holds up to four backends (driver tables). Each call is
   offered to them in order (hypervisor, xenstore, xend) and the first one
   that can answer does; a backend declines what it cannot do. docs/ has
   the table of which backend answers which call.

   ERRORS
   ---------------------------------------------------------------------------
   libvirt's model: functions return -1 or NULL; virGetLastError() gives the
   calling thread's last error (code, origin domain, message naming the
   offending value), virConnGetLastError() the connection's. Unless a handler
   is set (virSetErrorFunc / virConnSetErrorFunc), errors are also printed on
   stderr by virDefaultErrorFunc, as libvirt does.

   THREAD SAFETY
   ---------------------------------------------------------------------------
   Every function is thread-safe except virSetErrorFunc (set it first). One
   connection may be used from several threads at once: calls on it are
   serialised inside. The last error is per thread.

   MEMORY
   ---------------------------------------------------------------------------
   Strings returned to you (XML, OS type, URI, host name, defined names) are
   allocated with VIRT_MALLOC; free them with free() (or your VIRT_FREE).
   Domain objects are reference counted: virDomainFree each one you get.
*/
/* >>prelude: this block is identical in all five virt headers, so that each
 * header can be used alone; tests/compile/prelude_identical.sh checks it. */
#if defined(VIRT_IMPLEMENTATION) && !defined(_DEFAULT_SOURCE)
/* POSIX declarations (sockets, getcwd, ...) under -std=c99 as well. Takes
 * effect when the implementation file includes virt first; otherwise
 * compile that file with -D_DEFAULT_SOURCE. */
#  define _DEFAULT_SOURCE 1
#endif
#ifndef VIRT__PRELUDE_INCLUDED
#define VIRT__PRELUDE_INCLUDED
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

#ifndef VIRT_H
#define VIRT_H

#include "virt_xml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* libvirt's version macro: virt reports its own version through it. */
#define LIBVIR_VERSION_NUMBER VIRT_VERSION_NUMBER
#define LIBVIR_CHECK_VERSION(major, minor, micro) \
    ((major) * 1000000 + (minor) * 1000 + (micro) <= LIBVIR_VERSION_NUMBER)

/* Hard limit on domains one connection lists or holds (untrusted peers). */
#ifndef VIRT_MAX_DOMAINS
#define VIRT_MAX_DOMAINS 4096
#endif

/* ------------------------------------------------------------------ */
/* Objects                                                              */
/* ------------------------------------------------------------------ */

/* A connection to one node. Opaque. Since: 0.0.1 */
typedef struct _virConnect virConnect;
typedef virConnect *virConnectPtr;
/* A domain (guest) of a connection. Opaque, reference counted: the same
 * domain looked up twice on one connection is the same object. Since: 0.0.1 */
typedef struct _virDomain virDomain;
typedef virDomain *virDomainPtr;
/* Declared for virError's layout only; virt has no network API. */
typedef struct _virNetwork virNetwork;
typedef virNetwork *virNetworkPtr;

/* Domain states (values are libvirt's). Since: 0.0.1 */
typedef enum {
    VIR_DOMAIN_NOSTATE = 0,
    VIR_DOMAIN_RUNNING = 1,
    VIR_DOMAIN_BLOCKED = 2,
    VIR_DOMAIN_PAUSED = 3,
    VIR_DOMAIN_SHUTDOWN = 4,   /* being shut down */
    VIR_DOMAIN_SHUTOFF = 5,
    VIR_DOMAIN_CRASHED = 6,
    VIR_DOMAIN_PMSUSPENDED = 7
} virDomainState;

/* Seed-era enums, kept for source compatibility. Since: 0.0.1 */
typedef enum {
    VIR_DOMAIN_DESTROY = 1,
    VIR_DOMAIN_RESTART = 2,
    VIR_DOMAIN_PRESERVE = 3,
    VIR_DOMAIN_RENAME_RESTART = 4
} virDomainRestart;
typedef enum {
    VIR_DEVICE_DEFAULT = 0,
    VIR_DEVICE_RO = 1,
    VIR_DEVICE_RW = 2,
    VIR_DEVICE_RW_FORCE = 3
} virDeviceMode;
/* Flags of virDomainCreateXML / virDomainCreateLinux. Since: 0.0.1 */
typedef enum {
    VIR_DOMAIN_NONE = 0
} virDomainCreateFlags;

/* Information about a domain, as virDomainGetInfo fills it. Since: 0.0.1 */
typedef struct _virDomainInfo virDomainInfo;
struct _virDomainInfo {
    unsigned char state;          /* a virDomainState */
    unsigned long maxMem;         /* maximum memory, KiB */
    unsigned long memory;         /* memory in use, KiB */
    unsigned short nrVirtCpu;     /* number of virtual CPUs */
    unsigned long long cpuTime;   /* CPU time used, nanoseconds */
};
typedef virDomainInfo *virDomainInfoPtr;

/* Information about the node, as virNodeGetInfo fills it. Since: 0.1.0 */
typedef struct _virNodeInfo virNodeInfo;
struct _virNodeInfo {
    char model[32];               /* CPU model, NUL-terminated */
    unsigned long memory;         /* KiB */
    unsigned int cpus;            /* active CPUs */
    unsigned int mhz;
    unsigned int nodes;           /* NUMA cells */
    unsigned int sockets;         /* per node */
    unsigned int cores;           /* per socket */
    unsigned int threads;         /* per core */
};
typedef virNodeInfo *virNodeInfoPtr;
#define VIR_NODEINFO_MAXCPUS(nodeinfo) \
    ((nodeinfo).nodes * (nodeinfo).sockets * (nodeinfo).cores * (nodeinfo).threads)

#define VIR_UUID_BUFLEN VIRT_UUID_BUFLEN
#define VIR_UUID_STRING_BUFLEN VIRT_UUID_STRING_BUFLEN

/* Flags of virDomainGetXMLDesc (libvirt's values; virt writes the same XML
 * for all of them). Since: 0.0.1 */
typedef enum {
    VIR_DOMAIN_XML_SECURE = (1 << 0),
    VIR_DOMAIN_XML_INACTIVE = (1 << 1),
    VIR_DOMAIN_XML_UPDATE_CPU = (1 << 2),
    VIR_DOMAIN_XML_MIGRATABLE = (1 << 3)
} virDomainXMLFlags;

/* ------------------------------------------------------------------ */
/* Errors (libvirt's virterror.h; numeric values are libvirt's)          */
/* ------------------------------------------------------------------ */
typedef enum {
    VIR_ERR_NONE = 0,
    VIR_ERR_WARNING = 1,
    VIR_ERR_ERROR = 2
} virErrorLevel;

typedef enum {
    VIR_FROM_NONE = 0,
    VIR_FROM_XEN = 1,
    VIR_FROM_XEND = 2,
    VIR_FROM_XENSTORE = 3,
    VIR_FROM_SEXPR = 4,
    VIR_FROM_XML = 5,
    VIR_FROM_DOM = 6,
    VIR_FROM_RPC = 7,
    VIR_FROM_PROXY = 8,
    VIR_FROM_CONF = 9,
    VIR_FROM_QEMU = 10,
    VIR_FROM_NET = 11,
    VIR_FROM_TEST = 12,
    VIR_FROM_REMOTE = 13,
    VIR_FROM_OPENVZ = 14,
    VIR_FROM_XENXM = 15,
    VIR_FROM_STATS_LINUX = 16,
    VIR_FROM_LXC = 17,
    VIR_FROM_STORAGE = 18,
    VIR_FROM_NETWORK = 19,
    VIR_FROM_DOMAIN = 20,
    VIR_FROM_UML = 21,
    VIR_FROM_NODEDEV = 22,
    VIR_FROM_XEN_INOTIFY = 23,
    VIR_FROM_SECURITY = 24,
    VIR_FROM_VBOX = 25,
    VIR_FROM_INTERFACE = 26,
    VIR_FROM_ONE = 27,
    VIR_FROM_ESX = 28,
    VIR_FROM_PHYP = 29,
    VIR_FROM_SECRET = 30,
    VIR_FROM_CPU = 31,
    VIR_FROM_XENAPI = 32,
    VIR_FROM_NWFILTER = 33,
    VIR_FROM_HOOK = 34,
    VIR_FROM_DOMAIN_SNAPSHOT = 35,
    VIR_FROM_AUDIT = 36,
    VIR_FROM_SYSINFO = 37,
    VIR_FROM_STREAMS = 38,
    VIR_FROM_VMWARE = 39,
    VIR_FROM_EVENT = 40,
    VIR_FROM_LIBXL = 41,
    VIR_FROM_LOCKING = 42,
    VIR_FROM_HYPERV = 43,
    VIR_FROM_CAPABILITIES = 44,
    VIR_FROM_URI = 45,
    VIR_FROM_AUTH = 46,
    VIR_FROM_DBUS = 47,
    VIR_FROM_PARALLELS = 48,
    VIR_FROM_DEVICE = 49,
    VIR_FROM_SSH = 50,
    VIR_FROM_LOCKSPACE = 51,
    VIR_FROM_INITCTL = 52,
    VIR_FROM_IDENTITY = 53,
    VIR_FROM_CGROUP = 54,
    VIR_FROM_ACCESS = 55,
    VIR_FROM_SYSTEMD = 56,
    VIR_FROM_BHYVE = 57,
    VIR_FROM_CRYPTO = 58,
    VIR_FROM_FIREWALL = 59,
    VIR_FROM_POLKIT = 60,
    VIR_FROM_THREAD = 61,
    VIR_FROM_ADMIN = 62,
    VIR_FROM_LOGGING = 63,
    VIR_FROM_XENXL = 64,
    VIR_FROM_PERF = 65,
    VIR_FROM_LIBSSH = 66,
    VIR_FROM_RESCTRL = 67,
    VIR_FROM_FIREWALLD = 68,
    VIR_FROM_DOMAIN_CHECKPOINT = 69,
    VIR_FROM_TPM = 70,
    VIR_FROM_BPF = 71,
    VIR_FROM_CH = 72,
} virErrorDomain;

typedef enum {
    VIR_ERR_OK = 0,
    VIR_ERR_INTERNAL_ERROR = 1,
    VIR_ERR_NO_MEMORY = 2,
    VIR_ERR_NO_SUPPORT = 3,
    VIR_ERR_UNKNOWN_HOST = 4,
    VIR_ERR_NO_CONNECT = 5,
    VIR_ERR_INVALID_CONN = 6,
    VIR_ERR_INVALID_DOMAIN = 7,
    VIR_ERR_INVALID_ARG = 8,
    VIR_ERR_OPERATION_FAILED = 9,
    VIR_ERR_GET_FAILED = 10,
    VIR_ERR_POST_FAILED = 11,
    VIR_ERR_HTTP_ERROR = 12,
    VIR_ERR_SEXPR_SERIAL = 13,
    VIR_ERR_NO_XEN = 14,
    VIR_ERR_XEN_CALL = 15,
    VIR_ERR_OS_TYPE = 16,
    VIR_ERR_NO_KERNEL = 17,
    VIR_ERR_NO_ROOT = 18,
    VIR_ERR_NO_SOURCE = 19,
    VIR_ERR_NO_TARGET = 20,
    VIR_ERR_NO_NAME = 21,
    VIR_ERR_NO_OS = 22,
    VIR_ERR_NO_DEVICE = 23,
    VIR_ERR_NO_XENSTORE = 24,
    VIR_ERR_DRIVER_FULL = 25,
    VIR_ERR_CALL_FAILED = 26,
    VIR_ERR_XML_ERROR = 27,
    VIR_ERR_DOM_EXIST = 28,
    VIR_ERR_OPERATION_DENIED = 29,
    VIR_ERR_OPEN_FAILED = 30,
    VIR_ERR_READ_FAILED = 31,
    VIR_ERR_PARSE_FAILED = 32,
    VIR_ERR_CONF_SYNTAX = 33,
    VIR_ERR_WRITE_FAILED = 34,
    VIR_ERR_XML_DETAIL = 35,
    VIR_ERR_INVALID_NETWORK = 36,
    VIR_ERR_NETWORK_EXIST = 37,
    VIR_ERR_SYSTEM_ERROR = 38,
    VIR_ERR_RPC = 39,
    VIR_ERR_GNUTLS_ERROR = 40,
    VIR_WAR_NO_NETWORK = 41,
    VIR_ERR_NO_DOMAIN = 42,
    VIR_ERR_NO_NETWORK = 43,
    VIR_ERR_INVALID_MAC = 44,
    VIR_ERR_AUTH_FAILED = 45,
    VIR_ERR_INVALID_STORAGE_POOL = 46,
    VIR_ERR_INVALID_STORAGE_VOL = 47,
    VIR_WAR_NO_STORAGE = 48,
    VIR_ERR_NO_STORAGE_POOL = 49,
    VIR_ERR_NO_STORAGE_VOL = 50,
    VIR_WAR_NO_NODE = 51,
    VIR_ERR_INVALID_NODE_DEVICE = 52,
    VIR_ERR_NO_NODE_DEVICE = 53,
    VIR_ERR_NO_SECURITY_MODEL = 54,
    VIR_ERR_OPERATION_INVALID = 55,
    VIR_WAR_NO_INTERFACE = 56,
    VIR_ERR_NO_INTERFACE = 57,
    VIR_ERR_INVALID_INTERFACE = 58,
    VIR_ERR_MULTIPLE_INTERFACES = 59,
    VIR_WAR_NO_NWFILTER = 60,
    VIR_ERR_INVALID_NWFILTER = 61,
    VIR_ERR_NO_NWFILTER = 62,
    VIR_ERR_BUILD_FIREWALL = 63,
    VIR_WAR_NO_SECRET = 64,
    VIR_ERR_INVALID_SECRET = 65,
    VIR_ERR_NO_SECRET = 66,
    VIR_ERR_CONFIG_UNSUPPORTED = 67,
    VIR_ERR_OPERATION_TIMEOUT = 68,
    VIR_ERR_MIGRATE_PERSIST_FAILED = 69,
    VIR_ERR_HOOK_SCRIPT_FAILED = 70,
    VIR_ERR_INVALID_DOMAIN_SNAPSHOT = 71,
    VIR_ERR_NO_DOMAIN_SNAPSHOT = 72,
    VIR_ERR_INVALID_STREAM = 73,
    VIR_ERR_ARGUMENT_UNSUPPORTED = 74,
    VIR_ERR_STORAGE_PROBE_FAILED = 75,
    VIR_ERR_STORAGE_POOL_BUILT = 76,
    VIR_ERR_SNAPSHOT_REVERT_RISKY = 77,
    VIR_ERR_OPERATION_ABORTED = 78,
    VIR_ERR_AUTH_CANCELLED = 79,
    VIR_ERR_NO_DOMAIN_METADATA = 80,
    VIR_ERR_MIGRATE_UNSAFE = 81,
    VIR_ERR_OVERFLOW = 82,
    VIR_ERR_BLOCK_COPY_ACTIVE = 83,
    VIR_ERR_OPERATION_UNSUPPORTED = 84,
    VIR_ERR_SSH = 85,
    VIR_ERR_AGENT_UNRESPONSIVE = 86,
    VIR_ERR_RESOURCE_BUSY = 87,
    VIR_ERR_ACCESS_DENIED = 88,
    VIR_ERR_DBUS_SERVICE = 89,
    VIR_ERR_STORAGE_VOL_EXIST = 90,
    VIR_ERR_CPU_INCOMPATIBLE = 91,
    VIR_ERR_XML_INVALID_SCHEMA = 92,
    VIR_ERR_MIGRATE_FINISH_OK = 93,
    VIR_ERR_AUTH_UNAVAILABLE = 94,
    VIR_ERR_NO_SERVER = 95,
    VIR_ERR_NO_CLIENT = 96,
    VIR_ERR_AGENT_UNSYNCED = 97,
    VIR_ERR_LIBSSH = 98,
    VIR_ERR_DEVICE_MISSING = 99,
    VIR_ERR_INVALID_NWFILTER_BINDING = 100,
    VIR_ERR_NO_NWFILTER_BINDING = 101,
    VIR_ERR_INVALID_DOMAIN_CHECKPOINT = 102,
    VIR_ERR_NO_DOMAIN_CHECKPOINT = 103,
    VIR_ERR_NO_DOMAIN_BACKUP = 104,
    VIR_ERR_INVALID_NETWORK_PORT = 105,
    VIR_ERR_NETWORK_PORT_EXIST = 106,
    VIR_ERR_NO_NETWORK_PORT = 107,
    VIR_ERR_NO_HOSTNAME = 108,
    VIR_ERR_CHECKPOINT_INCONSISTENT = 109,
    VIR_ERR_MULTIPLE_DOMAINS = 110,
} virErrorNumber;

/* An error. Since: 0.0.6 (layout of libvirt's struct _virError) */
typedef struct _virError virError;
typedef virError *virErrorPtr;
struct _virError {
    int code;                     /* a virErrorNumber */
    int domain;                   /* a virErrorDomain: which part raised it */
    char *message;                /* human-readable message */
    virErrorLevel level;
    virConnectPtr conn;           /* the connection, if any (not referenced) */
    virDomainPtr dom;             /* the domain, if any (not referenced) */
    char *str1;                   /* extra information: the offending value */
    char *str2;
    char *str3;
    int int1;
    int int2;
    virNetworkPtr net;            /* always NULL in virt */
};
/* Error callback. Since: 0.0.6 */
typedef void (*virErrorFunc)(void *userData, virErrorPtr error);

/* The last error of the calling thread, or NULL. Thread-safe (the storage
 * is thread-local). Since: 0.0.6 */
VIRT_API virErrorPtr virGetLastError(void);
/* Clears the calling thread's last error. Since: 0.0.6 */
VIRT_API void virResetLastError(void);
/* Frees the strings of *err and zeroes it. Since: 0.0.6 */
VIRT_API void virResetError(virErrorPtr err);
/* Deep-copies the thread's last error into *to; returns its code, 0 if none.
 * Since: 0.0.6 */
VIRT_API int virCopyLastError(virErrorPtr to);
/* The last error raised on conn (by any thread), or NULL. The pointer stays
 * valid until the next error on conn; use virConnCopyLastError from several
 * threads. Since: 0.0.6 */
VIRT_API virErrorPtr virConnGetLastError(virConnectPtr conn);
VIRT_API void virConnResetLastError(virConnectPtr conn);
VIRT_API int virConnCopyLastError(virConnectPtr conn, virErrorPtr to);
/* Prints "libvirt: <origin> error : <message>" on stderr. Since: 0.0.6 */
VIRT_API void virDefaultErrorFunc(virErrorPtr err);
/* Global error handler: called for each error raised (NULL restores the
 * default, which prints nothing... see the manual: "Errors"). Not thread-safe:
 * set it before opening connections. Since: 0.0.6 */
VIRT_API void virSetErrorFunc(void *userData, virErrorFunc handler);
/* Per-connection handler; overrides the global one for errors on conn.
 * Since: 0.0.6 */
VIRT_API void virConnSetErrorFunc(virConnectPtr conn, void *userData, virErrorFunc handler);

/* ------------------------------------------------------------------ */
/* Library and connections                                              */
/* ------------------------------------------------------------------ */

/* libVer = virt's version; with type != NULL, typeVer = the version of that
 * driver type ("Test", "Xen", ...); -1 with VIR_ERR_NO_SUPPORT for an unknown
 * type. Thread-safe. Since: 0.0.1 */
VIRT_API int virGetVersion(unsigned long *libVer, const char *type, unsigned long *typeVer);
/* Nothing to do in virt (no global state to set up); returns 0. Since: 0.1.0 */
VIRT_API int virInitialize(void);
/* Opens a connection (see the manual, "Connection URIs"). NULL on failure.
 * Thread-safe. Since: 0.0.1 */
VIRT_API virConnectPtr virConnectOpen(const char *name);
/* Same, but every call that changes state fails with
 * VIR_ERR_OPERATION_DENIED. Since: 0.0.1 */
VIRT_API virConnectPtr virConnectOpenReadOnly(const char *name);
/* Drops the caller's reference; the connection is freed once its last domain
 * object is freed. Returns the references left (0: closed), -1 on error.
 * Since: 0.0.1 */
VIRT_API int virConnectClose(virConnectPtr conn);
/* "Test", "Xen", ... Since: 0.0.1 */
VIRT_API const char *virConnectGetType(virConnectPtr conn);
/* hvVer = major * 1,000,000 + minor * 1,000 + micro of the hypervisor.
 * Since: 0.0.1 */
VIRT_API int virConnectGetVersion(virConnectPtr conn, unsigned long *hvVer);
/* The canonical URI of the connection; caller frees. Since: 0.3.0 */
VIRT_API char *virConnectGetURI(virConnectPtr conn);
/* The node's host name; caller frees. Since: 0.3.0 */
VIRT_API char *virConnectGetHostname(virConnectPtr conn);
VIRT_API int virNodeGetInfo(virConnectPtr conn, virNodeInfoPtr info);
/* Fills ids[0..maxids) with the ids of the running domains; returns how
 * many. Since: 0.0.1 */
VIRT_API int virConnectListDomains(virConnectPtr conn, int *ids, int maxids);
VIRT_API int virConnectNumOfDomains(virConnectPtr conn);
/* Fills names with the names of defined (inactive) domains; each is
 * malloc'd, the caller frees them. Since: 0.1.1 */
VIRT_API int virConnectListDefinedDomains(virConnectPtr conn, char **const names, int maxnames);
VIRT_API int virConnectNumOfDefinedDomains(virConnectPtr conn);

/* ------------------------------------------------------------------ */
/* Domains                                                              */
/* ------------------------------------------------------------------ */

/* Creates and starts a transient domain from XML. Since: 0.0.5 */
VIRT_API virDomainPtr virDomainCreateLinux(virConnectPtr conn, const char *xmlDesc,
                                           unsigned int flags);
/* The same under its modern name. Since: 0.5.0 */
VIRT_API virDomainPtr virDomainCreateXML(virConnectPtr conn, const char *xmlDesc,
                                         unsigned int flags);
/* Defines (does not start) a persistent domain. Since: 0.1.1 */
VIRT_API virDomainPtr virDomainDefineXML(virConnectPtr conn, const char *xml);
VIRT_API int virDomainUndefine(virDomainPtr domain);
/* Starts a defined domain. Since: 0.1.1 */
VIRT_API int virDomainCreate(virDomainPtr domain);
VIRT_API virDomainPtr virDomainLookupByName(virConnectPtr conn, const char *name);
VIRT_API virDomainPtr virDomainLookupByID(virConnectPtr conn, int id);
VIRT_API virDomainPtr virDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid);
VIRT_API virDomainPtr virDomainLookupByUUIDString(virConnectPtr conn, const char *uuid);
/* Drops one reference to the domain object (the domain itself lives on). */
VIRT_API int virDomainFree(virDomainPtr domain);
VIRT_API int virDomainDestroy(virDomainPtr domain);
VIRT_API int virDomainSuspend(virDomainPtr domain);
VIRT_API int virDomainResume(virDomainPtr domain);
VIRT_API int virDomainShutdown(virDomainPtr domain);
VIRT_API int virDomainReboot(virDomainPtr domain, unsigned int flags);
/* Saves the domain's state to a file (relative paths are made absolute)
 * and stops it. Since: 0.0.2 */
VIRT_API int virDomainSave(virDomainPtr domain, const char *to);
VIRT_API int virDomainRestore(virConnectPtr conn, const char *from);
VIRT_API int virDomainGetInfo(virDomainPtr domain, virDomainInfoPtr info);
VIRT_API const char *virDomainGetName(virDomainPtr domain);
/* (unsigned int)-1 for an inactive domain or on error. */
VIRT_API unsigned int virDomainGetID(virDomainPtr domain);
VIRT_API int virDomainGetUUID(virDomainPtr domain, unsigned char *uuid);
VIRT_API int virDomainGetUUIDString(virDomainPtr domain, char *buf);
/* "linux", "hvm", ...; caller frees. */
VIRT_API char *virDomainGetOSType(virDomainPtr domain);
/* KiB; 0 on error. */
VIRT_API unsigned long virDomainGetMaxMemory(virDomainPtr domain);
VIRT_API int virDomainSetMaxMemory(virDomainPtr domain, unsigned long memory);
VIRT_API int virDomainSetMemory(virDomainPtr domain, unsigned long memory);
VIRT_API int virDomainSetVcpus(virDomainPtr domain, unsigned int nvcpus);
/* Domain XML; caller frees. */
VIRT_API char *virDomainGetXMLDesc(virDomainPtr domain, unsigned int flags);
/* The domain's connection (not an extra reference). */
VIRT_API virConnectPtr virDomainGetConnect(virDomainPtr domain);

/* ------------------------------------------------------------------ */
/* virt's own additions                                                 */
/* ------------------------------------------------------------------ */

/* Which backends this build has: a bit set of VIRT_BACKEND_*. */
#define VIRT_BACKEND_TEST (1u << 0)
#define VIRT_BACKEND_XEND (1u << 1)
#define VIRT_BACKEND_XS   (1u << 2)
#define VIRT_BACKEND_HV   (1u << 3)
VIRT_API unsigned int virt_enabled_backends(void);

/* Domain events (virt's addition). Event numbers are libvirt's
 * virDomainEventType; VIRT_DOMAIN_EVENT_MEMORY is virt's own. Which backend
 * reports what, and when, is in the manual ("Events"). */
typedef enum {
    VIRT_DOMAIN_EVENT_DEFINED = 0,
    VIRT_DOMAIN_EVENT_UNDEFINED = 1,
    VIRT_DOMAIN_EVENT_STARTED = 2,
    VIRT_DOMAIN_EVENT_SUSPENDED = 3,
    VIRT_DOMAIN_EVENT_RESUMED = 4,
    VIRT_DOMAIN_EVENT_STOPPED = 5,
    VIRT_DOMAIN_EVENT_SHUTDOWN = 6,
    VIRT_DOMAIN_EVENT_CRASHED = 8,
    VIRT_DOMAIN_EVENT_MEMORY = 100   /* detail: the new memory target, KiB */
} virt_domain_event_type;
/* dom is valid during the call only (virDomainFree is not needed). */
typedef void (*virt_domain_event_cb)(virConnectPtr conn, virDomainPtr dom, int event,
                                     unsigned long long detail, void *opaque);
#define VIRT_MAX_EVENT_CALLBACKS 8
/* Registers cb on conn (at most VIRT_MAX_EVENT_CALLBACKS); 0 or -1. */
VIRT_API int virt_domain_event_register(virConnectPtr conn, virt_domain_event_cb cb, void *opaque);
VIRT_API int virt_domain_event_deregister(virConnectPtr conn, virt_domain_event_cb cb);
/* Waits up to timeout_ms (0: do not wait, -1: forever) for events and calls
 * the callbacks from this thread. Returns the number delivered, or -1. */
VIRT_API int virt_domain_event_poll(virConnectPtr conn, int timeout_ms);

#ifdef __cplusplus
}
#endif
#endif /* VIRT_H */

#if defined(VIRT_IMPLEMENTATION) && !defined(VIRT_IMPLEMENTATION_INCLUDED)
#define VIRT_IMPLEMENTATION_INCLUDED
/* >>common: private helpers shared by every implementation; identical in all
 * five headers (tests/compile/prelude_identical.sh). static inline, so each
 * translation unit has its own copy and unused ones cost nothing. */
#ifndef VIRT__COMMON_INCLUDED
#define VIRT__COMMON_INCLUDED
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

static inline int virt__status_set(virt_status *st, virt_result code, int sys_errno,
                                   const char *fmt, ...) VIRT__PRINTF(4, 5);
/* Fills *st (when st is not NULL) and returns code, so callers can
 * `return virt__status_set(st, VIRT_E_INVAL, 0, "...")`. */
static inline int virt__status_set(virt_status *st, virt_result code, int sys_errno,
                                   const char *fmt, ...)
{
    if (st) {
        va_list ap;
        st->code = code;
        st->sys_errno = sys_errno;
        va_start(ap, fmt);
        vsnprintf(st->message, sizeof st->message, fmt, ap);
        va_end(ap);
    }
    return (int)code;
}

static inline void virt__status_clear(virt_status *st)
{
    if (st) { st->code = VIRT_OK; st->sys_errno = 0; st->message[0] = '\0'; }
}

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
#endif /* VIRT__COMMON_INCLUDED */
/* >>common end */

/* The protocol code of every enabled backend (their implementation halves). */
#include "virt_xml.h"
#ifndef VIRT_NO_XEND
#  include "virt_xend.h"
#endif
#ifndef VIRT_NO_XS
#  include "virt_xs.h"
#endif
#ifndef VIRT_NO_HV
#  include "virt_hv.h"
#endif

#include <ctype.h>
#include <limits.h>
#include <unistd.h>
#ifndef VIRT_NO_THREADS
#  include <pthread.h>
#endif

/* >>threads: one mutex type, compiled away with VIRT_NO_THREADS */
#ifndef VIRT_NO_THREADS
typedef pthread_mutex_t virt__mutex;
#  define VIRT__MUTEX_INIT(m) pthread_mutex_init((m), NULL)
#  define VIRT__MUTEX_DESTROY(m) pthread_mutex_destroy(m)
#  define VIRT__LOCK(m) pthread_mutex_lock(m)
#  define VIRT__UNLOCK(m) pthread_mutex_unlock(m)
#else
typedef int virt__mutex;
#  define VIRT__MUTEX_INIT(m) (*(m) = 0)
#  define VIRT__MUTEX_DESTROY(m) ((void)(m))
#  define VIRT__LOCK(m) ((void)(m))
#  define VIRT__UNLOCK(m) ((void)(m))
#endif

#define VIRT__CONNECT_MAGIC 0x56495254u /* "VIRT" */
#define VIRT__DOMAIN_MAGIC  0x444f4d30u /* "DOM0" */

/* >>internal: the contract between the public API and the backends.
 * Backends (the driver glue sections of virt_xend.h, virt_xs.h, virt_hv.h
 * and the test driver below) implement a virt__driver; virt.h dispatches. */

/* A driver function returns 0 (or a count) on success, -1 after reporting
 * an error with virt__error*, or VIRT__DECLINED when this backend cannot
 * answer the call (not its job, device missing): the next backend of the
 * connection is then asked. A NULL function pointer also declines. */
#define VIRT__DECLINED (-2)

/* A parsed connection URI: scheme://server:port/path. "xen" alone (and
 * NULL, "") gives scheme "xen"; "/some/path" gives scheme "" and that path. */
typedef struct virt__uri {
    char *scheme;                 /* lower case; never NULL */
    char *server;                 /* NULL if absent */
    int port;                     /* 0 if absent */
    char *path;                   /* never NULL ("" if absent) */
    char *query;                  /* NULL if absent (text after '?') */
    const char *original;         /* the name the user passed (may be NULL) */
} virt__uri;

typedef struct virt__driver {
    const char *name;             /* backend name in messages: "test", "xend", ... */
    const char *type;             /* virConnectGetType: "TEST", "Xen" */
    int origin;                   /* VIR_FROM_* of this backend's errors */
    /* 0 and *priv set: opened. VIRT__DECLINED: not for this URI (quiet).
     * -1: it is for this URI but failed (error reported). */
    int (*open)(virConnectPtr conn, const virt__uri *uri, int readonly, void **priv);
    void (*close)(void *priv);
    int (*get_version)(void *priv, unsigned long *hv_ver);
    int (*get_hostname)(void *priv, char **out);
    int (*node_get_info)(void *priv, virNodeInfoPtr info);
    int (*list_domains)(void *priv, int *ids, int maxids);
    int (*num_of_domains)(void *priv);
    int (*list_defined_domains)(void *priv, char **names, int maxnames);
    int (*num_of_defined_domains)(void *priv);
    int (*domain_create_xml)(void *priv, virConnectPtr conn, const char *xml,
                             unsigned int flags, virDomainPtr *out);
    int (*domain_define_xml)(void *priv, virConnectPtr conn, const char *xml, virDomainPtr *out);
    int (*domain_undefine)(void *priv, virDomainPtr dom);
    int (*domain_create)(void *priv, virDomainPtr dom);
    int (*domain_lookup_by_name)(void *priv, virConnectPtr conn, const char *name, virDomainPtr *out);
    int (*domain_lookup_by_id)(void *priv, virConnectPtr conn, int id, virDomainPtr *out);
    int (*domain_lookup_by_uuid)(void *priv, virConnectPtr conn, const unsigned char *uuid,
                                 virDomainPtr *out);
    int (*domain_destroy)(void *priv, virDomainPtr dom);
    int (*domain_suspend)(void *priv, virDomainPtr dom);
    int (*domain_resume)(void *priv, virDomainPtr dom);
    int (*domain_shutdown)(void *priv, virDomainPtr dom);
    int (*domain_reboot)(void *priv, virDomainPtr dom, unsigned int flags);
    int (*domain_save)(void *priv, virDomainPtr dom, const char *abs_path);
    int (*domain_restore)(void *priv, virConnectPtr conn, const char *abs_path);
    int (*domain_get_info)(void *priv, virDomainPtr dom, virDomainInfoPtr info);
    int (*domain_get_os_type)(void *priv, virDomainPtr dom, char **out);
    int (*domain_get_max_memory)(void *priv, virDomainPtr dom, unsigned long *out);
    int (*domain_set_max_memory)(void *priv, virDomainPtr dom, unsigned long kib);
    int (*domain_set_memory)(void *priv, virDomainPtr dom, unsigned long kib);
    int (*domain_set_vcpus)(void *priv, virDomainPtr dom, unsigned int nvcpus);
    int (*domain_get_xml_desc)(void *priv, virDomainPtr dom, unsigned int flags, char **out);
    /* Events (virt_domain_event_*): start watching / wait and deliver with
     * virt__event_emit. Optional. event_poll is called WITHOUT call_lock
     * (it may block): the backend locks whatever it shares itself. */
    int (*event_start)(void *priv, virConnectPtr conn);
    int (*event_poll)(void *priv, virConnectPtr conn, int timeout_ms);
} virt__driver;

#define VIRT__MAX_BACKENDS 4

typedef struct virt__backend {
    const virt__driver *driver;
    void *priv;
} virt__backend;

/* The domain object handed to users. Identity: the UUID when the backend
 * knows it, else the name (see virt__domain_get). */
struct _virDomain {
    unsigned int magic;           /* VIRT__DOMAIN_MAGIC while alive */
    int refs;
    virConnectPtr conn;           /* holds one reference on conn */
    char *name;
    unsigned char uuid[VIRT_UUID_BUFLEN];
    int has_uuid;
    int id;                       /* -1 while inactive */
    struct _virDomain *next;      /* conn's list of live objects */
};

/* Raise an error: sets the thread's and conn's last error, then calls the
 * connection's handler, else the global one, else virDefaultErrorFunc.
 * str1 of the virError is the formatted message's offending value when the
 * caller passes one through virt__error_full. */
VIRT__PRIVATE void virt__error(virConnectPtr conn, virDomainPtr dom, int origin, int code,
                        const char *fmt, ...) VIRT__PRINTF(5, 6);
/* Raise an error from a virt_status: message = prefix + ": " + st->message. */
VIRT__PRIVATE void virt__error_status(virConnectPtr conn, virDomainPtr dom, int origin, int code,
                               const char *prefix, const virt_status *st);
/* The usual VIR_ERR_* for a virt_result (NOMEM -> NO_MEMORY, NOENT ->
 * NO_DOMAIN, PERM -> OPERATION_DENIED, ...). */
VIRT__PRIVATE int virt__result_to_code(virt_result r);

/* The domain object for (name, uuid) on conn, new or existing, with one more
 * reference for the caller; id is recorded (-1 for inactive). uuid may be
 * NULL when the backend does not know it. NULL (error raised) on OOM. */
VIRT__PRIVATE virDomainPtr virt__domain_get(virConnectPtr conn, const char *name,
                                     const unsigned char *uuid, int id);
/* Update the id a domain object reports (e.g. after start or destroy). */
VIRT__PRIVATE void virt__domain_set_id(virDomainPtr dom, int id);
/* The priv of another backend of the same connection, NULL if it is not open. */
VIRT__PRIVATE void *virt__conn_backend_priv(virConnectPtr conn, const virt__driver *driver);
/* Deliver a domain event to the callbacks registered on conn. */
VIRT__PRIVATE void virt__event_emit(virConnectPtr conn, virDomainPtr dom, int event,
                             unsigned long long detail);


typedef struct virt__event_slot {
    virt_domain_event_cb cb;
    void *opaque;
} virt__event_slot;

struct _virConnect {
    unsigned int magic;           /* VIRT__CONNECT_MAGIC while alive */
    int refs;                     /* the user's + one per live domain object */
    int readonly;
    char *uri;                    /* canonical URI (virConnectGetURI) */
    const char *type;             /* virConnectGetType */
    virt__backend backends[VIRT__MAX_BACKENDS];
    int nbackends;
    virDomainPtr domains;         /* live domain objects */
    /* obj_lock guards refs, domains, last_error, handler and events;
     * call_lock serialises driver calls, so a backend never sees two calls
     * of one connection at once (see the manual, "Thread safety"). */
    virt__mutex obj_lock;
    virt__mutex call_lock;
    virError last_error;
    virErrorFunc handler;
    void *handler_data;
    virt__event_slot events[VIRT_MAX_EVENT_CALLBACKS];
    int events_started;
};

/* >>errors */

/* The global handler: set once before threads start (as in libvirt). */
VIRT__PRIVATE virErrorFunc virt__global_handler = NULL;
VIRT__PRIVATE void *virt__global_handler_data = NULL;

/* Per-thread last error, with a counter that tells the dispatcher whether a
 * driver that returned -1 raised an error. */
typedef struct virt__thread_state {
    virError err;
    unsigned long raised;
} virt__thread_state;

VIRT__PRIVATE void virt__copy_error(virErrorPtr to, const virError *from)
{
    virResetError(to);
    *to = *from;
    to->message = virt__strdup(from->message);
    to->str1 = virt__strdup(from->str1);
    to->str2 = virt__strdup(from->str2);
    to->str3 = virt__strdup(from->str3);
}

#ifndef VIRT_NO_THREADS
VIRT__PRIVATE pthread_key_t virt__tls_key;
VIRT__PRIVATE pthread_once_t virt__tls_once = PTHREAD_ONCE_INIT;
VIRT__PRIVATE void virt__tls_free(void *p)
{
    virt__thread_state *ts = (virt__thread_state *)p;
    virResetError(&ts->err);
    VIRT_FREE(ts);
}
VIRT__PRIVATE void virt__tls_init(void)
{
    (void)pthread_key_create(&virt__tls_key, virt__tls_free);
}
/* NULL only when out of memory */
VIRT__PRIVATE virt__thread_state *virt__thread(void)
{
    virt__thread_state *ts;
    (void)pthread_once(&virt__tls_once, virt__tls_init);
    ts = (virt__thread_state *)pthread_getspecific(virt__tls_key);
    if (!ts) {
        ts = (virt__thread_state *)VIRT_MALLOC(sizeof *ts);
        if (!ts) return NULL;
        memset(ts, 0, sizeof *ts);
        if (pthread_setspecific(virt__tls_key, ts) != 0) { VIRT_FREE(ts); return NULL; }
    }
    return ts;
}
#else
VIRT__PRIVATE virt__thread_state virt__single_thread;
VIRT__PRIVATE virt__thread_state *virt__thread(void) { return &virt__single_thread; }
#endif

VIRT__PRIVATE const char *virt__origin_name(int origin)
{
    switch (origin) {
    case VIR_FROM_XEN: return "Xen";
    case VIR_FROM_XEND: return "Xen Daemon";
    case VIR_FROM_XENSTORE: return "Xen Store";
    case VIR_FROM_SEXPR: return "S-Expression";
    case VIR_FROM_XML: return "XML";
    case VIR_FROM_DOM: return "Domain";
    case VIR_FROM_TEST: return "Test";
    case VIR_FROM_DOMAIN: return "Domain Config";
    case VIR_FROM_CONF: return "Config File";
    default: return "";
    }
}

VIRT__PRIVATE void virt__raise(virConnectPtr conn, virDomainPtr dom, int origin, int code,
                        const char *message, const char *str1)
{
    virt__thread_state *ts = virt__thread();
    virError e;
    virErrorFunc handler = virt__global_handler;
    void *data = virt__global_handler_data;

    memset(&e, 0, sizeof e);
    e.code = code;
    e.domain = origin;
    e.level = VIR_ERR_ERROR;
    e.conn = conn;
    e.dom = dom;
    e.message = (char *)message;
    e.str1 = (char *)str1;
    if (ts) {
        virt__copy_error(&ts->err, &e);
        ts->raised++;
    }
    if (conn) {
        VIRT__LOCK(&conn->obj_lock);
        virt__copy_error(&conn->last_error, &e);
        if (conn->handler) { handler = conn->handler; data = conn->handler_data; }
        VIRT__UNLOCK(&conn->obj_lock);
    }
    /* the handler gets the thread's copy, which stays valid after return */
    if (handler) handler(data, ts ? &ts->err : &e);
    else virDefaultErrorFunc(ts ? &ts->err : &e);
}

VIRT__PRIVATE void virt__error(virConnectPtr conn, virDomainPtr dom, int origin, int code,
                        const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    virt__raise(conn, dom, origin, code, msg, NULL);
}

VIRT__PRIVATE void virt__error_status(virConnectPtr conn, virDomainPtr dom, int origin, int code,
                               const char *prefix, const virt_status *st)
{
    const char *detail = (st && st->message[0]) ? st->message : "unknown error";
    if (prefix && prefix[0])
        virt__error(conn, dom, origin, code, "%s: %s", prefix, detail);
    else
        virt__error(conn, dom, origin, code, "%s", detail);
}

VIRT__PRIVATE int virt__result_to_code(virt_result r)
{
    switch (r) {
    case VIRT_OK: return VIR_ERR_OK;
    case VIRT_E_NOMEM: return VIR_ERR_NO_MEMORY;
    case VIRT_E_INVAL: return VIR_ERR_INVALID_ARG;
    case VIRT_E_SYNTAX: return VIR_ERR_PARSE_FAILED;
    case VIRT_E_LIMIT: return VIR_ERR_INVALID_ARG;
    case VIRT_E_IO: return VIR_ERR_SYSTEM_ERROR;
    case VIRT_E_TIMEOUT: return VIR_ERR_OPERATION_TIMEOUT;
    case VIRT_E_CLOSED: return VIR_ERR_RPC;
    case VIRT_E_PROTO: return VIR_ERR_RPC;
    case VIRT_E_REMOTE: return VIR_ERR_OPERATION_FAILED;
    case VIRT_E_NOENT: return VIR_ERR_NO_DOMAIN;
    case VIRT_E_PERM: return VIR_ERR_OPERATION_DENIED;
    case VIRT_E_UNSUPPORTED: return VIR_ERR_NO_SUPPORT;
    case VIRT_E_AGAIN: return VIR_ERR_OPERATION_FAILED;
    case VIRT_E_EXISTS: return VIR_ERR_DOM_EXIST;
    }
    return VIR_ERR_INTERNAL_ERROR;
}

VIRT__PRIVATE unsigned long virt__errors_raised(void)
{
    virt__thread_state *ts = virt__thread();
    return ts ? ts->raised : 0;
}

VIRT_API virErrorPtr virGetLastError(void)
{
    virt__thread_state *ts = virt__thread();
    if (!ts || ts->err.code == VIR_ERR_OK) return NULL;
    return &ts->err;
}

VIRT_API void virResetLastError(void)
{
    virt__thread_state *ts = virt__thread();
    if (ts) virResetError(&ts->err);
}

VIRT_API void virResetError(virErrorPtr err)
{
    if (!err) return;
    VIRT_FREE(err->message);
    VIRT_FREE(err->str1);
    VIRT_FREE(err->str2);
    VIRT_FREE(err->str3);
    memset(err, 0, sizeof *err);
}

VIRT_API int virCopyLastError(virErrorPtr to)
{
    virt__thread_state *ts = virt__thread();
    if (!to) return -1;
    if (!ts || ts->err.code == VIR_ERR_OK) { virResetError(to); return 0; }
    virt__copy_error(to, &ts->err);
    return to->code;
}

VIRT__PRIVATE int virt__conn_valid(virConnectPtr conn)
{
    return conn && conn->magic == VIRT__CONNECT_MAGIC;
}
VIRT__PRIVATE int virt__domain_valid(virDomainPtr dom)
{
    return dom && dom->magic == VIRT__DOMAIN_MAGIC && virt__conn_valid(dom->conn);
}

VIRT_API virErrorPtr virConnGetLastError(virConnectPtr conn)
{
    if (!virt__conn_valid(conn) || conn->last_error.code == VIR_ERR_OK) return NULL;
    return &conn->last_error;
}

VIRT_API void virConnResetLastError(virConnectPtr conn)
{
    if (!virt__conn_valid(conn)) return;
    VIRT__LOCK(&conn->obj_lock);
    virResetError(&conn->last_error);
    VIRT__UNLOCK(&conn->obj_lock);
}

VIRT_API int virConnCopyLastError(virConnectPtr conn, virErrorPtr to)
{
    int code;
    if (!virt__conn_valid(conn) || !to) return -1;
    VIRT__LOCK(&conn->obj_lock);
    if (conn->last_error.code == VIR_ERR_OK) virResetError(to);
    else virt__copy_error(to, &conn->last_error);
    code = to->code;
    VIRT__UNLOCK(&conn->obj_lock);
    return code;
}

VIRT_API void virDefaultErrorFunc(virErrorPtr err)
{
    const char *origin;
    if (!err || err->code == VIR_ERR_OK) return;
    origin = virt__origin_name(err->domain);
    if (origin[0])
        fprintf(stderr, "libvirt: %s error : %s\n", origin, err->message ? err->message : "");
    else
        fprintf(stderr, "libvirt: error : %s\n", err->message ? err->message : "");
}

VIRT_API void virSetErrorFunc(void *userData, virErrorFunc handler)
{
    virt__global_handler = handler;
    virt__global_handler_data = userData;
}

VIRT_API void virConnSetErrorFunc(virConnectPtr conn, void *userData, virErrorFunc handler)
{
    if (!virt__conn_valid(conn)) return;
    VIRT__LOCK(&conn->obj_lock);
    conn->handler = handler;
    conn->handler_data = userData;
    VIRT__UNLOCK(&conn->obj_lock);
}

/* >>objects */

VIRT__PRIVATE void virt__conn_free(virConnectPtr conn)
{
    int i;
    for (i = conn->nbackends - 1; i >= 0; i--)
        if (conn->backends[i].driver->close) conn->backends[i].driver->close(conn->backends[i].priv);
    conn->magic = 0;
    virResetError(&conn->last_error);
    VIRT__MUTEX_DESTROY(&conn->obj_lock);
    VIRT__MUTEX_DESTROY(&conn->call_lock);
    VIRT_FREE(conn->uri);
    VIRT_FREE(conn);
}

/* Drops one reference; frees the connection at zero. Returns refs left. */
VIRT__PRIVATE int virt__conn_unref(virConnectPtr conn)
{
    int left;
    VIRT__LOCK(&conn->obj_lock);
    left = --conn->refs;
    VIRT__UNLOCK(&conn->obj_lock);
    if (left == 0) virt__conn_free(conn);
    return left;
}

VIRT__PRIVATE int virt__domain_matches(virDomainPtr d, const char *name, const unsigned char *uuid)
{
    if (uuid && d->has_uuid) return memcmp(d->uuid, uuid, VIRT_UUID_BUFLEN) == 0;
    return strcmp(d->name, name) == 0;
}

VIRT__PRIVATE virDomainPtr virt__domain_get(virConnectPtr conn, const char *name,
                                     const unsigned char *uuid, int id)
{
    virDomainPtr d;
    VIRT__LOCK(&conn->obj_lock);
    for (d = conn->domains; d; d = d->next) {
        if (!virt__domain_matches(d, name, uuid)) continue;
        d->refs++;
        d->id = id;
        if (strcmp(d->name, name) != 0) {         /* renamed behind our back */
            char *n = virt__strdup(name);
            if (n) { VIRT_FREE(d->name); d->name = n; }
        }
        if (uuid && !d->has_uuid) { memcpy(d->uuid, uuid, VIRT_UUID_BUFLEN); d->has_uuid = 1; }
        VIRT__UNLOCK(&conn->obj_lock);
        return d;
    }
    d = (virDomainPtr)VIRT_MALLOC(sizeof *d);
    if (d) {
        memset(d, 0, sizeof *d);
        d->name = virt__strdup(name);
        if (!d->name) { VIRT_FREE(d); d = NULL; }
    }
    if (!d) {
        VIRT__UNLOCK(&conn->obj_lock);
        virt__error(conn, NULL, VIR_FROM_DOM, VIR_ERR_NO_MEMORY, "out of memory for domain %s", name);
        return NULL;
    }
    d->magic = VIRT__DOMAIN_MAGIC;
    d->refs = 1;
    d->conn = conn;
    d->id = id;
    if (uuid) { memcpy(d->uuid, uuid, VIRT_UUID_BUFLEN); d->has_uuid = 1; }
    d->next = conn->domains;
    conn->domains = d;
    conn->refs++;
    VIRT__UNLOCK(&conn->obj_lock);
    return d;
}

VIRT__PRIVATE void virt__domain_set_id(virDomainPtr dom, int id)
{
    VIRT__LOCK(&dom->conn->obj_lock);
    dom->id = id;
    VIRT__UNLOCK(&dom->conn->obj_lock);
}

VIRT__PRIVATE void *virt__conn_backend_priv(virConnectPtr conn, const virt__driver *driver)
{
    int i;
    for (i = 0; i < conn->nbackends; i++)
        if (conn->backends[i].driver == driver) return conn->backends[i].priv;
    return NULL;
}

/* >>events */

VIRT__PRIVATE void virt__event_emit(virConnectPtr conn, virDomainPtr dom, int event,
                             unsigned long long detail)
{
    virt__event_slot slots[VIRT_MAX_EVENT_CALLBACKS];
    int i;
    VIRT__LOCK(&conn->obj_lock);
    memcpy(slots, conn->events, sizeof slots);
    VIRT__UNLOCK(&conn->obj_lock);
    for (i = 0; i < VIRT_MAX_EVENT_CALLBACKS; i++)
        if (slots[i].cb) slots[i].cb(conn, dom, event, detail, slots[i].opaque);
}

/* >>uri */

VIRT__PRIVATE void virt__uri_free(virt__uri *u)
{
    VIRT_FREE(u->scheme);
    VIRT_FREE(u->server);
    VIRT_FREE(u->path);
    VIRT_FREE(u->query);
    memset(u, 0, sizeof *u);
}

/* Splits "scheme://server:port/path?query". NULL, "" and names without
 * "://" that do not start with '/' are taken as a scheme alone ("xen").
 * Returns 0, or -1 with a reason in *why. */
VIRT__PRIVATE int virt__uri_parse(const char *name, virt__uri *u, const char **why)
{
    const char *p, *sep, *host_end, *path, *q;
    size_t i;
    memset(u, 0, sizeof *u);
    u->original = name;
    *why = "out of memory";
    if (!name || !name[0]) name = "xen";
    sep = strstr(name, "://");
    if (!sep) {
        if (name[0] == '/') { u->scheme = virt__strdup(""); u->path = virt__strdup(name); }
        else { u->scheme = virt__strdup(name); u->path = virt__strdup(""); }
        if (!u->scheme || !u->path) goto fail;
        for (i = 0; u->scheme[i]; i++) u->scheme[i] = (char)tolower((unsigned char)u->scheme[i]);
        return 0;
    }
    u->scheme = virt__strndup(name, (size_t)(sep - name));
    if (!u->scheme) goto fail;
    for (i = 0; u->scheme[i]; i++) u->scheme[i] = (char)tolower((unsigned char)u->scheme[i]);
    p = sep + 3;
    path = strchr(p, '/');
    q = strchr(p, '?');
    if (q && (!path || q < path)) path = q;
    host_end = path ? path : p + strlen(p);
    if (host_end > p) {
        const char *colon = NULL, *s;
        if (*p == '[') {                        /* [ipv6]:port */
            const char *rb = (const char *)memchr(p, ']', (size_t)(host_end - p));
            if (!rb) { *why = "unterminated '[' in host"; goto fail; }
            u->server = virt__strndup(p + 1, (size_t)(rb - p - 1));
            if (rb + 1 < host_end && rb[1] == ':') colon = rb + 1;
            else if (rb + 1 != host_end) { *why = "junk after ']'"; goto fail; }
        } else {
            for (s = p; s < host_end; s++) if (*s == ':') colon = s;
            u->server = virt__strndup(p, (size_t)((colon ? colon : host_end) - p));
        }
        if (!u->server) goto fail;
        if (colon) {
            long port = 0;
            const char *d = colon + 1;
            if (d == host_end) { *why = "empty port"; goto fail; }
            for (; d < host_end; d++) {
                if (!isdigit((unsigned char)*d)) { *why = "port is not a number"; goto fail; }
                port = port * 10 + (*d - '0');
                if (port > 65535) { *why = "port out of range"; goto fail; }
            }
            u->port = (int)port;
        }
    }
    q = strchr(host_end, '?');
    u->path = q ? virt__strndup(host_end, (size_t)(q - host_end)) : virt__strdup(host_end);
    if (!u->path) goto fail;
    if (q) { u->query = virt__strdup(q + 1); if (!u->query) goto fail; }
    return 0;
fail:
    virt__uri_free(u);
    return -1;
}

/* >>dispatch: ask each backend of the connection in order until one does
 * not decline. `member` is a virt__driver field; the rest are its
 * arguments after priv. Leaves the result in `rc`. */
#define VIRT__DISPATCH(conn, rc, member, ...)                                  \
    do {                                                                       \
        int virt__i_;                                                          \
        (rc) = VIRT__DECLINED;                                                 \
        VIRT__LOCK(&(conn)->call_lock);                                        \
        for (virt__i_ = 0; virt__i_ < (conn)->nbackends && (rc) == VIRT__DECLINED; virt__i_++) { \
            const virt__driver *virt__d_ = (conn)->backends[virt__i_].driver;  \
            if (virt__d_->member)                                              \
                (rc) = virt__d_->member((conn)->backends[virt__i_].priv, __VA_ARGS__); \
        }                                                                      \
        VIRT__UNLOCK(&(conn)->call_lock);                                      \
    } while (0)

/* The same for driver functions that take priv alone. */
#define VIRT__DISPATCH0(conn, rc, member)                                      \
    do {                                                                       \
        int virt__i_;                                                          \
        (rc) = VIRT__DECLINED;                                                 \
        VIRT__LOCK(&(conn)->call_lock);                                        \
        for (virt__i_ = 0; virt__i_ < (conn)->nbackends && (rc) == VIRT__DECLINED; virt__i_++) { \
            const virt__driver *virt__d_ = (conn)->backends[virt__i_].driver;  \
            if (virt__d_->member) (rc) = virt__d_->member((conn)->backends[virt__i_].priv); \
        }                                                                      \
        VIRT__UNLOCK(&(conn)->call_lock);                                      \
    } while (0)

/* Turns a dispatch result into the API's: reports "no backend supports
 * it" for VIRT__DECLINED, and an internal error if a backend failed
 * without saying why (errors_before is virt__errors_raised() before). */
VIRT__PRIVATE int virt__dispatch_done(virConnectPtr conn, virDomainPtr dom, int rc, const char *api,
                               unsigned long errors_before)
{
    if (rc == VIRT__DECLINED) {
        char names[128] = "";
        int i;
        for (i = 0; i < conn->nbackends; i++) {
            if (i) strncat(names, ", ", sizeof names - strlen(names) - 1);
            strncat(names, conn->backends[i].driver->name, sizeof names - strlen(names) - 1);
        }
        virt__error(conn, dom, VIR_FROM_NONE, VIR_ERR_NO_SUPPORT,
                    "%s: not supported by the backends of this connection (%s)", api, names);
        return -1;
    }
    if (rc < 0) {
        if (virt__errors_raised() == errors_before)
            virt__error(conn, dom, VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                        "%s: a backend failed without reporting why", api);
        return -1;
    }
    return rc;
}

#define VIRT__CHECK_CONN(conn, fail)                                           \
    do {                                                                       \
        if (!virt__conn_valid(conn)) {                                         \
            virt__error(NULL, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_CONN,       \
                        "%s: invalid connection pointer", __func__);           \
            return fail;                                                       \
        }                                                                      \
    } while (0)
#define VIRT__CHECK_DOMAIN(dom, fail)                                          \
    do {                                                                       \
        if (!virt__domain_valid(dom)) {                                        \
            virt__error(NULL, NULL, VIR_FROM_DOM, VIR_ERR_INVALID_DOMAIN,      \
                        "%s: invalid domain pointer", __func__);               \
            return fail;                                                       \
        }                                                                      \
    } while (0)
#define VIRT__CHECK_WRITABLE(conn, dom, fail)                                  \
    do {                                                                       \
        if ((conn)->readonly) {                                                \
            virt__error((conn), (dom), VIR_FROM_NONE, VIR_ERR_OPERATION_DENIED, \
                        "%s: the connection is read-only", __func__);          \
            return fail;                                                       \
        }                                                                      \
    } while (0)

/* >>test driver: the embedded node (test:///default, test:///PATH.xml) */

VIRT__PRIVATE int virt__test_open(virConnectPtr conn, const virt__uri *uri, int readonly, void **priv)
{
    (void)conn; (void)readonly; (void)priv;
    if (strcmp(uri->scheme, "test") != 0) return VIRT__DECLINED;
    virt__error(NULL, NULL, VIR_FROM_TEST, VIR_ERR_NO_SUPPORT, "test driver: not written yet");
    return -1;
}
VIRT__PRIVATE void virt__test_driver_fill(virt__driver *d)
{
    d->name = "test";
    d->type = "TEST";
    d->origin = VIR_FROM_TEST;
    d->open = virt__test_open;
}

/* >>driver glue of the Xen backends */
#define VIRT__DRIVER_GLUE
#ifndef VIRT_NO_HV
#  include "virt_hv.h"
#endif
#ifndef VIRT_NO_XS
#  include "virt_xs.h"
#endif
#ifndef VIRT_NO_XEND
#  include "virt_xend.h"
#endif

/* Every backend, in the order a connection asks them. Each backend fills
 * its table with a function (positional initialisers of a 35-member struct
 * would break silently); the table is built once and read-only after. */
typedef void (*virt__driver_fill_fn)(virt__driver *d);
static const virt__driver_fill_fn virt__driver_fills[] = {
    virt__test_driver_fill,
#ifndef VIRT_NO_HV
    virt__hv_driver_fill,
#endif
#ifndef VIRT_NO_XS
    virt__xs_driver_fill,
#endif
#ifndef VIRT_NO_XEND
    virt__xend_driver_fill,
#endif
};
#define VIRT__NDRIVERS (sizeof virt__driver_fills / sizeof virt__driver_fills[0])
static virt__driver virt__driver_table[VIRT__NDRIVERS];

static void virt__drivers_init(void)
{
    size_t i;
    for (i = 0; i < VIRT__NDRIVERS; i++) {
        memset(&virt__driver_table[i], 0, sizeof virt__driver_table[i]);
        virt__driver_fills[i](&virt__driver_table[i]);
    }
}

static const virt__driver *virt__drivers(size_t i)
{
#ifndef VIRT_NO_THREADS
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    (void)pthread_once(&once, virt__drivers_init);
#else
    static int done = 0;
    if (!done) { virt__drivers_init(); done = 1; }
#endif
    return &virt__driver_table[i];
}

/* >>api: the public libvirt functions. Each checks its handles, refuses
 * changes on read-only connections, and dispatches. */

VIRT__PRIVATE int virt__strcaseeq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

VIRT_API unsigned int virt_enabled_backends(void)
{
    unsigned int b = VIRT_BACKEND_TEST;
#ifndef VIRT_NO_XEND
    b |= VIRT_BACKEND_XEND;
#endif
#ifndef VIRT_NO_XS
    b |= VIRT_BACKEND_XS;
#endif
#ifndef VIRT_NO_HV
    b |= VIRT_BACKEND_HV;
#endif
    return b;
}

VIRT_API int virInitialize(void)
{
    return 0;
}

VIRT_API int virGetVersion(unsigned long *libVer, const char *type, unsigned long *typeVer)
{
    size_t i;
    if (!libVer && !typeVer) {
        virt__error(NULL, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "virGetVersion: no output argument");
        return -1;
    }
    if (libVer) *libVer = VIRT_VERSION_NUMBER;
    if (typeVer) {
        if (!type) type = "Xen";
        for (i = 0; i < VIRT__NDRIVERS; i++) {
            if (virt__strcaseeq(type, virt__drivers(i)->type)) {
                *typeVer = VIRT_VERSION_NUMBER;
                return 0;
            }
        }
        virt__error(NULL, NULL, VIR_FROM_NONE, VIR_ERR_NO_SUPPORT,
                    "virGetVersion: no driver of type '%s' in this build", type);
        return -1;
    }
    return 0;
}

/* Why each backend did not open, for the final error message. */
typedef struct virt__open_report {
    char text[512];
} virt__open_report;

VIRT__PRIVATE void virt__open_note(virt__open_report *r, const char *backend, const char *why)
{
    size_t used = strlen(r->text);
    snprintf(r->text + used, sizeof r->text - used, "%s%s: %s", used ? "; " : "", backend, why);
}

VIRT__PRIVATE virConnectPtr virt__conn_new(const char *name, int readonly)
{
    virConnectPtr conn = (virConnectPtr)VIRT_MALLOC(sizeof *conn);
    if (!conn) return NULL;
    memset(conn, 0, sizeof *conn);
    conn->uri = virt__strdup(name && name[0] ? name : "xen:///");
    if (!conn->uri) { VIRT_FREE(conn); return NULL; }
    conn->magic = VIRT__CONNECT_MAGIC;
    conn->refs = 1;
    conn->readonly = readonly;
    VIRT__MUTEX_INIT(&conn->obj_lock);
    VIRT__MUTEX_INIT(&conn->call_lock);
    return conn;
}

VIRT__PRIVATE virConnectPtr virt__open(const char *name, int readonly)
{
    virt__uri uri;
    const char *why;
    virConnectPtr conn;
    virt__open_report report;
    size_t i;
    unsigned long errors_before;

    if (virt__uri_parse(name, &uri, &why) < 0) {
        virt__error(NULL, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                    "invalid connection URI '%s': %s", name ? name : "", why);
        return NULL;
    }
    conn = virt__conn_new(name, readonly);
    if (!conn) {
        virt__uri_free(&uri);
        virt__error(NULL, NULL, VIR_FROM_NONE, VIR_ERR_NO_MEMORY, "out of memory opening '%s'", name ? name : "");
        return NULL;
    }
    report.text[0] = '\0';
    errors_before = virt__errors_raised();
    for (i = 0; i < VIRT__NDRIVERS; i++) {
        void *priv = NULL;
        const virt__driver *drv = virt__drivers(i);
        int rc = drv->open(conn, &uri, readonly, &priv);
        if (rc == VIRT__DECLINED) continue;
        if (rc < 0) {
            virErrorPtr e = virGetLastError();
            virt__open_note(&report, drv->name, e && e->message ? e->message : "failed");
            continue;
        }
        conn->backends[conn->nbackends].driver = drv;
        conn->backends[conn->nbackends].priv = priv;
        conn->nbackends++;
        if (!conn->type) conn->type = drv->type;
    }
    /* Backends the URI names but this build lacks, so the error says so. */
    if (strcmp(uri.scheme, "xen") == 0 || strcmp(uri.scheme, "http") == 0 || uri.scheme[0] == '\0') {
#ifdef VIRT_NO_HV
        if (strcmp(uri.scheme, "xen") == 0) virt__open_note(&report, "hypervisor", "compiled out (VIRT_NO_HV)");
#endif
#ifdef VIRT_NO_XS
        if (strcmp(uri.scheme, "xen") == 0) virt__open_note(&report, "xenstore", "compiled out (VIRT_NO_XS)");
#endif
#ifdef VIRT_NO_XEND
        virt__open_note(&report, "xend", "compiled out (VIRT_NO_XEND)");
#endif
    }
    virt__uri_free(&uri);
    if (conn->nbackends == 0) {
        int code = virt__errors_raised() != errors_before || report.text[0] ? VIR_ERR_NO_CONNECT : VIR_ERR_NO_SUPPORT;
        if (report.text[0])
            virt__error(NULL, NULL, VIR_FROM_NONE, code, "cannot open '%s': %s", conn->uri, report.text);
        else
            virt__error(NULL, NULL, VIR_FROM_NONE, code, "no backend accepts the URI '%s'", conn->uri);
        virt__conn_free(conn);
        return NULL;
    }
    /* an earlier backend's failure is not the caller's error */
    if (virt__errors_raised() != errors_before) virResetLastError();
    return conn;
}

VIRT_API virConnectPtr virConnectOpen(const char *name)
{
    return virt__open(name, 0);
}

VIRT_API virConnectPtr virConnectOpenReadOnly(const char *name)
{
    return virt__open(name, 1);
}

VIRT_API int virConnectClose(virConnectPtr conn)
{
    VIRT__CHECK_CONN(conn, -1);
    return virt__conn_unref(conn);
}

VIRT_API const char *virConnectGetType(virConnectPtr conn)
{
    VIRT__CHECK_CONN(conn, NULL);
    return conn->type;
}

VIRT_API int virConnectGetVersion(virConnectPtr conn, unsigned long *hvVer)
{
    int rc;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, -1);
    if (!hvVer) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: hvVer is NULL", __func__);
        return -1;
    }
    VIRT__DISPATCH(conn, rc, get_version, hvVer);
    return virt__dispatch_done(conn, NULL, rc, __func__, before) < 0 ? -1 : 0;
}

VIRT_API char *virConnectGetURI(virConnectPtr conn)
{
    char *s;
    VIRT__CHECK_CONN(conn, NULL);
    s = virt__strdup(conn->uri);
    if (!s) virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_NO_MEMORY, "%s: out of memory", __func__);
    return s;
}

VIRT_API char *virConnectGetHostname(virConnectPtr conn)
{
    int rc;
    char *out = NULL;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, NULL);
    VIRT__DISPATCH(conn, rc, get_hostname, &out);
    if (rc == VIRT__DECLINED) {
        /* every backend here is local to this machine, unless it declined */
        char host[256];
        if (gethostname(host, sizeof host) == 0) {
            host[sizeof host - 1] = '\0';
            out = virt__strdup(host);
            if (out) return out;
        }
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR, "%s: gethostname failed", __func__);
        return NULL;
    }
    if (virt__dispatch_done(conn, NULL, rc, __func__, before) < 0) return NULL;
    return out;
}

VIRT_API int virNodeGetInfo(virConnectPtr conn, virNodeInfoPtr info)
{
    int rc;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, -1);
    if (!info) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: info is NULL", __func__);
        return -1;
    }
    memset(info, 0, sizeof *info);
    VIRT__DISPATCH(conn, rc, node_get_info, info);
    return virt__dispatch_done(conn, NULL, rc, __func__, before) < 0 ? -1 : 0;
}

VIRT_API int virConnectListDomains(virConnectPtr conn, int *ids, int maxids)
{
    int rc;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, -1);
    if (maxids < 0 || (!ids && maxids > 0)) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: bad ids/maxids (%d)", __func__, maxids);
        return -1;
    }
    VIRT__DISPATCH(conn, rc, list_domains, ids, maxids);
    return virt__dispatch_done(conn, NULL, rc, __func__, before);
}

VIRT_API int virConnectNumOfDomains(virConnectPtr conn)
{
    int rc;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, -1);
    VIRT__DISPATCH0(conn, rc, num_of_domains);
    return virt__dispatch_done(conn, NULL, rc, __func__, before);
}

VIRT_API int virConnectListDefinedDomains(virConnectPtr conn, char **const names, int maxnames)
{
    int rc;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, -1);
    if (maxnames < 0 || (!names && maxnames > 0)) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: bad names/maxnames (%d)", __func__, maxnames);
        return -1;
    }
    VIRT__DISPATCH(conn, rc, list_defined_domains, names, maxnames);
    return virt__dispatch_done(conn, NULL, rc, __func__, before);
}

VIRT_API int virConnectNumOfDefinedDomains(virConnectPtr conn)
{
    int rc;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, -1);
    VIRT__DISPATCH0(conn, rc, num_of_defined_domains);
    return virt__dispatch_done(conn, NULL, rc, __func__, before);
}

/* Shared body of the calls that return a new domain object. */
#define VIRT__RETURN_DOMAIN(conn, rc, out, before)                             \
    do {                                                                       \
        if (virt__dispatch_done((conn), NULL, (rc), __func__, (before)) < 0) return NULL; \
        return (out);                                                          \
    } while (0)

VIRT_API virDomainPtr virDomainCreateXML(virConnectPtr conn, const char *xmlDesc, unsigned int flags)
{
    int rc;
    virDomainPtr out = NULL;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, NULL);
    VIRT__CHECK_WRITABLE(conn, NULL, NULL);
    if (!xmlDesc) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: xmlDesc is NULL", __func__);
        return NULL;
    }
    VIRT__DISPATCH(conn, rc, domain_create_xml, conn, xmlDesc, flags, &out);
    VIRT__RETURN_DOMAIN(conn, rc, out, before);
}

VIRT_API virDomainPtr virDomainCreateLinux(virConnectPtr conn, const char *xmlDesc, unsigned int flags)
{
    return virDomainCreateXML(conn, xmlDesc, flags);
}

VIRT_API virDomainPtr virDomainDefineXML(virConnectPtr conn, const char *xml)
{
    int rc;
    virDomainPtr out = NULL;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, NULL);
    VIRT__CHECK_WRITABLE(conn, NULL, NULL);
    if (!xml) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: xml is NULL", __func__);
        return NULL;
    }
    VIRT__DISPATCH(conn, rc, domain_define_xml, conn, xml, &out);
    VIRT__RETURN_DOMAIN(conn, rc, out, before);
}

VIRT_API virDomainPtr virDomainLookupByName(virConnectPtr conn, const char *name)
{
    int rc;
    virDomainPtr out = NULL;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, NULL);
    if (!name) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: name is NULL", __func__);
        return NULL;
    }
    VIRT__DISPATCH(conn, rc, domain_lookup_by_name, conn, name, &out);
    VIRT__RETURN_DOMAIN(conn, rc, out, before);
}

VIRT_API virDomainPtr virDomainLookupByID(virConnectPtr conn, int id)
{
    int rc;
    virDomainPtr out = NULL;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, NULL);
    if (id < 0) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: negative id %d", __func__, id);
        return NULL;
    }
    VIRT__DISPATCH(conn, rc, domain_lookup_by_id, conn, id, &out);
    VIRT__RETURN_DOMAIN(conn, rc, out, before);
}

VIRT_API virDomainPtr virDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    int rc;
    virDomainPtr out = NULL;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, NULL);
    if (!uuid) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: uuid is NULL", __func__);
        return NULL;
    }
    VIRT__DISPATCH(conn, rc, domain_lookup_by_uuid, conn, uuid, &out);
    VIRT__RETURN_DOMAIN(conn, rc, out, before);
}

VIRT_API virDomainPtr virDomainLookupByUUIDString(virConnectPtr conn, const char *uuidstr)
{
    unsigned char uuid[VIRT_UUID_BUFLEN];
    VIRT__CHECK_CONN(conn, NULL);
    if (!uuidstr || virt_uuid_parse(uuidstr, uuid) < 0) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                    "%s: invalid UUID '%s'", __func__, uuidstr ? uuidstr : "(null)");
        return NULL;
    }
    return virDomainLookupByUUID(conn, uuid);
}

VIRT_API int virDomainFree(virDomainPtr domain)
{
    virConnectPtr conn;
    virDomainPtr *pp;
    int left;
    VIRT__CHECK_DOMAIN(domain, -1);
    conn = domain->conn;
    VIRT__LOCK(&conn->obj_lock);
    left = --domain->refs;
    if (left == 0) {
        for (pp = &conn->domains; *pp; pp = &(*pp)->next)
            if (*pp == domain) { *pp = domain->next; break; }
        domain->magic = 0;
    }
    VIRT__UNLOCK(&conn->obj_lock);
    if (left == 0) {
        VIRT_FREE(domain->name);
        VIRT_FREE(domain);
        virt__conn_unref(conn);
    }
    return 0;
}

VIRT_API virConnectPtr virDomainGetConnect(virDomainPtr domain)
{
    VIRT__CHECK_DOMAIN(domain, NULL);
    return domain->conn;
}

VIRT_API const char *virDomainGetName(virDomainPtr domain)
{
    VIRT__CHECK_DOMAIN(domain, NULL);
    return domain->name;
}

VIRT_API unsigned int virDomainGetID(virDomainPtr domain)
{
    int id;
    VIRT__CHECK_DOMAIN(domain, (unsigned int)-1);
    VIRT__LOCK(&domain->conn->obj_lock);
    id = domain->id;
    VIRT__UNLOCK(&domain->conn->obj_lock);
    return (unsigned int)id;
}

VIRT_API int virDomainGetUUID(virDomainPtr domain, unsigned char *uuid)
{
    VIRT__CHECK_DOMAIN(domain, -1);
    if (!uuid) {
        virt__error(domain->conn, domain, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: uuid is NULL", __func__);
        return -1;
    }
    if (!domain->has_uuid) {
        virt__error(domain->conn, domain, VIR_FROM_DOM, VIR_ERR_NO_SUPPORT,
                    "%s: the backends of this connection do not know the UUID of domain '%s'",
                    __func__, domain->name);
        return -1;
    }
    memcpy(uuid, domain->uuid, VIRT_UUID_BUFLEN);
    return 0;
}

VIRT_API int virDomainGetUUIDString(virDomainPtr domain, char *buf)
{
    unsigned char uuid[VIRT_UUID_BUFLEN];
    VIRT__CHECK_DOMAIN(domain, -1);
    if (!buf) {
        virt__error(domain->conn, domain, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: buf is NULL", __func__);
        return -1;
    }
    if (virDomainGetUUID(domain, uuid) < 0) return -1;
    virt_uuid_format(uuid, buf);
    return 0;
}

/* Body of the simple domain calls: check, refuse on read-only, dispatch.
 * `...` are the driver arguments after priv and dom. */
#define VIRT__DOMAIN_CALL(domain, writes, member, ...)                         \
    do {                                                                       \
        int virt__rc_;                                                         \
        unsigned long virt__before_ = virt__errors_raised();                   \
        VIRT__CHECK_DOMAIN(domain, -1);                                        \
        if (writes) VIRT__CHECK_WRITABLE((domain)->conn, (domain), -1);        \
        VIRT__DISPATCH((domain)->conn, virt__rc_, member, __VA_ARGS__);        \
        return virt__dispatch_done((domain)->conn, (domain), virt__rc_, __func__, virt__before_) < 0 ? -1 : 0; \
    } while (0)

VIRT_API int virDomainUndefine(virDomainPtr domain) { VIRT__DOMAIN_CALL(domain, 1, domain_undefine, domain); }
VIRT_API int virDomainCreate(virDomainPtr domain) { VIRT__DOMAIN_CALL(domain, 1, domain_create, domain); }
VIRT_API int virDomainDestroy(virDomainPtr domain) { VIRT__DOMAIN_CALL(domain, 1, domain_destroy, domain); }
VIRT_API int virDomainSuspend(virDomainPtr domain) { VIRT__DOMAIN_CALL(domain, 1, domain_suspend, domain); }
VIRT_API int virDomainResume(virDomainPtr domain) { VIRT__DOMAIN_CALL(domain, 1, domain_resume, domain); }
VIRT_API int virDomainShutdown(virDomainPtr domain) { VIRT__DOMAIN_CALL(domain, 1, domain_shutdown, domain); }
VIRT_API int virDomainReboot(virDomainPtr domain, unsigned int flags)
{
    VIRT__DOMAIN_CALL(domain, 1, domain_reboot, domain, flags);
}
VIRT_API int virDomainSetVcpus(virDomainPtr domain, unsigned int nvcpus)
{
    if (virt__domain_valid(domain) && nvcpus == 0) {
        virt__error(domain->conn, domain, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: nvcpus is 0", __func__);
        return -1;
    }
    VIRT__DOMAIN_CALL(domain, 1, domain_set_vcpus, domain, nvcpus);
}
VIRT_API int virDomainSetMaxMemory(virDomainPtr domain, unsigned long memory)
{
    if (virt__domain_valid(domain) && memory < 4096) {
        virt__error(domain->conn, domain, VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                    "%s: %lu KiB is below the 4096 KiB minimum", __func__, memory);
        return -1;
    }
    VIRT__DOMAIN_CALL(domain, 1, domain_set_max_memory, domain, memory);
}
VIRT_API int virDomainSetMemory(virDomainPtr domain, unsigned long memory)
{
    if (virt__domain_valid(domain) && memory < 4096) {
        virt__error(domain->conn, domain, VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                    "%s: %lu KiB is below the 4096 KiB minimum", __func__, memory);
        return -1;
    }
    VIRT__DOMAIN_CALL(domain, 1, domain_set_memory, domain, memory);
}
VIRT_API int virDomainGetInfo(virDomainPtr domain, virDomainInfoPtr info)
{
    if (virt__domain_valid(domain) && !info) {
        virt__error(domain->conn, domain, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: info is NULL", __func__);
        return -1;
    }
    if (info) memset(info, 0, sizeof *info);
    VIRT__DOMAIN_CALL(domain, 0, domain_get_info, domain, info);
}

/* An absolute copy of path (relative to the working directory), or NULL
 * with an error raised. */
VIRT__PRIVATE char *virt__absolute_path(virConnectPtr conn, virDomainPtr dom, const char *path, const char *api)
{
    char cwd[4096];
    virt__buf b = {NULL, 0, 0, 0};
    if (!path || !path[0]) {
        virt__error(conn, dom, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: empty path", api);
        return NULL;
    }
    if (path[0] == '/') {
        char *s = virt__strdup(path);
        if (!s) virt__error(conn, dom, VIR_FROM_NONE, VIR_ERR_NO_MEMORY, "%s: out of memory", api);
        return s;
    }
    if (!getcwd(cwd, sizeof cwd)) {
        virt__error(conn, dom, VIR_FROM_NONE, VIR_ERR_SYSTEM_ERROR,
                    "%s: cannot make '%s' absolute: getcwd: %s", api, path, strerror(errno));
        return NULL;
    }
    virt__buf_printf(&b, "%s/%s", cwd, path);
    {
        char *s = virt__buf_steal(&b);
        if (!s) virt__error(conn, dom, VIR_FROM_NONE, VIR_ERR_NO_MEMORY, "%s: out of memory", api);
        return s;
    }
}

VIRT_API int virDomainSave(virDomainPtr domain, const char *to)
{
    int rc;
    char *abs_path;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_DOMAIN(domain, -1);
    VIRT__CHECK_WRITABLE(domain->conn, domain, -1);
    abs_path = virt__absolute_path(domain->conn, domain, to, __func__);
    if (!abs_path) return -1;
    VIRT__DISPATCH(domain->conn, rc, domain_save, domain, abs_path);
    VIRT_FREE(abs_path);
    return virt__dispatch_done(domain->conn, domain, rc, __func__, before) < 0 ? -1 : 0;
}

VIRT_API int virDomainRestore(virConnectPtr conn, const char *from)
{
    int rc;
    char *abs_path;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, -1);
    VIRT__CHECK_WRITABLE(conn, NULL, -1);
    abs_path = virt__absolute_path(conn, NULL, from, __func__);
    if (!abs_path) return -1;
    VIRT__DISPATCH(conn, rc, domain_restore, conn, abs_path);
    VIRT_FREE(abs_path);
    return virt__dispatch_done(conn, NULL, rc, __func__, before) < 0 ? -1 : 0;
}

VIRT_API char *virDomainGetOSType(virDomainPtr domain)
{
    int rc;
    char *out = NULL;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_DOMAIN(domain, NULL);
    VIRT__DISPATCH(domain->conn, rc, domain_get_os_type, domain, &out);
    if (virt__dispatch_done(domain->conn, domain, rc, __func__, before) < 0) return NULL;
    return out;
}

VIRT_API unsigned long virDomainGetMaxMemory(virDomainPtr domain)
{
    int rc;
    unsigned long out = 0;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_DOMAIN(domain, 0);
    VIRT__DISPATCH(domain->conn, rc, domain_get_max_memory, domain, &out);
    if (virt__dispatch_done(domain->conn, domain, rc, __func__, before) < 0) return 0;
    return out;
}

VIRT_API char *virDomainGetXMLDesc(virDomainPtr domain, unsigned int flags)
{
    int rc;
    char *out = NULL;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_DOMAIN(domain, NULL);
    VIRT__DISPATCH(domain->conn, rc, domain_get_xml_desc, domain, flags, &out);
    if (virt__dispatch_done(domain->conn, domain, rc, __func__, before) < 0) return NULL;
    return out;
}

/* >>events api */

VIRT_API int virt_domain_event_register(virConnectPtr conn, virt_domain_event_cb cb, void *opaque)
{
    int i, slot = -1, rc = 0;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, -1);
    if (!cb) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: callback is NULL", __func__);
        return -1;
    }
    VIRT__LOCK(&conn->obj_lock);
    for (i = 0; i < VIRT_MAX_EVENT_CALLBACKS && slot < 0; i++)
        if (!conn->events[i].cb) slot = i;
    if (slot >= 0) { conn->events[slot].cb = cb; conn->events[slot].opaque = opaque; }
    VIRT__UNLOCK(&conn->obj_lock);
    if (slot < 0) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                    "%s: already %d callbacks registered", __func__, VIRT_MAX_EVENT_CALLBACKS);
        return -1;
    }
    if (!conn->events_started) {
        VIRT__DISPATCH(conn, rc, event_start, conn);
        if (rc == VIRT__DECLINED) rc = 0;  /* backends without events deliver none */
        if (rc < 0) {
            VIRT__LOCK(&conn->obj_lock);
            conn->events[slot].cb = NULL;
            VIRT__UNLOCK(&conn->obj_lock);
            return virt__dispatch_done(conn, NULL, rc, __func__, before);
        }
        conn->events_started = 1;
    }
    return 0;
}

VIRT_API int virt_domain_event_deregister(virConnectPtr conn, virt_domain_event_cb cb)
{
    int i, found = 0;
    VIRT__CHECK_CONN(conn, -1);
    VIRT__LOCK(&conn->obj_lock);
    for (i = 0; i < VIRT_MAX_EVENT_CALLBACKS; i++)
        if (conn->events[i].cb == cb) { conn->events[i].cb = NULL; found = 1; }
    VIRT__UNLOCK(&conn->obj_lock);
    if (!found) {
        virt__error(conn, NULL, VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "%s: callback not registered", __func__);
        return -1;
    }
    return 0;
}

VIRT_API int virt_domain_event_poll(virConnectPtr conn, int timeout_ms)
{
    int rc, total = 0, i;
    unsigned long before = virt__errors_raised();
    VIRT__CHECK_CONN(conn, -1);
    /* every backend that delivers events is polled; only the first waits */
    for (i = 0; i < conn->nbackends; i++) {
        const virt__driver *d = conn->backends[i].driver;
        if (!d->event_poll) continue;
        rc = d->event_poll(conn->backends[i].priv, conn, total ? 0 : timeout_ms);
        if (rc < 0) return virt__dispatch_done(conn, NULL, rc, __func__, before);
        total += rc;
    }
    return total;
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
