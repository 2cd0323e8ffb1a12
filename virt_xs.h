/* virt_xs.h - xenstore backend: wire-protocol client and xenstore driver - virt 0.1 - MIT licence (see end of file)

   Do this:
      #define VIRT_IMPLEMENTATION
      #include "virt.h"
   in exactly ONE C or C++ file (never in a header); every other file just
   includes the header. Used alone (no virt.h), as a protocol library:
      #define VIRT_IMPLEMENTATION
      #include "virt_xs.h"

   CONFIGURATION (define before including, identically in every file)
   ---------------------------------------------------------------------------
   macro                       default   effect
   VIRT_XS_TIMEOUT_MS          5000      default wait for one reply (per call;
                                         change per connection with
                                         virt_xs_set_timeout)
   VIRT_XS_MAX_QUEUED_EVENTS   1024      watch events kept between reads;
                                         more are dropped and counted (the
                                         next virt_xs_read_watch says so)
   VIRT_XS_MAX_DIRECTORY_BYTES 1 MiB     largest directory listing assembled
                                         from DIRECTORY_PART replies
   VIRT_XS_PAUSE_SAMPLE_MS     100       (driver) while virt_domain_event_poll
                                         waits, the hypervisor backend's paused
                                         flags are sampled this often (ms), for
                                         SUSPENDED/RESUMED; see EVENTS
   The options of virt.h (VIRT_STATIC, VIRT_MALLOC/REALLOC/FREE, ...) apply.
   Fixed by Xen, not options (xen/io/xs_wire.h): payload 4096 bytes
   (VIRT_XS_PAYLOAD_MAX), absolute path 3072 bytes (VIRT_XS_ABS_PATH_MAX).

   QUICK START (protocol library)
   ---------------------------------------------------------------------------
      virt_status st;
      char *name = NULL;
      virt_xs *xs = virt_xs_open(NULL, VIRT_XS_READONLY, &st);
      if (!xs) { fprintf(stderr, "%s\n", st.message); return 1; }
      if (virt_xs_read(xs, 0, "/local/domain/0/name", &name, NULL, &st) == VIRT_OK)
          printf("dom0 is %s\n", name);
      free(name);
      virt_xs_close(xs);

   WHERE THE DAEMON IS (as Debian's libxenstore 4.17 looks for it)
   ---------------------------------------------------------------------------
   virt_xs_open(NULL, ...) tries, in order: $XENSTORED_PATH,
   $XENSTORED_RUNDIR/socket, /run/xenstored/socket, /var/run/xenstored/socket
   (unix sockets), then the kernel device /dev/xen/xenbus and, on old
   kernels, /proc/xen/xenbus. A path given explicitly is used alone (a
   socket, or a device when it is not a socket).

   BEHAVIOUR
   ---------------------------------------------------------------------------
   - Every function returns VIRT_OK (0) or a negative virt_result and fills
     the virt_status (may be NULL) with a message naming the path and the
     operation. The daemon's errno names map to: ENOENT -> VIRT_E_NOENT,
     EACCES/EPERM/EROFS -> VIRT_E_PERM, EEXIST -> VIRT_E_EXISTS,
     EAGAIN -> VIRT_E_AGAIN, EINVAL -> VIRT_E_INVAL, E2BIG/ENOSPC/ENOMEM ->
     VIRT_E_LIMIT, ENOSYS -> VIRT_E_UNSUPPORTED, any other -> VIRT_E_REMOTE;
     st->sys_errno holds the errno value.
   - Refused before anything is sent (VIRT_E_INVAL / VIRT_E_LIMIT): relative
     paths, characters other than A-Z a-z 0-9 - / _ @ (so no "..", no NUL),
     "//", a trailing '/', paths over 3072 bytes, payloads over 4096 bytes.
     Watch paths may also be special ("@introduceDomain", "@releaseDomain").
     A VIRT_XS_READONLY connection refuses write, mkdir, rm and set_perms
     locally (VIRT_E_PERM).
   - Replies are matched by req_id; watch events that arrive while a reply
     is awaited are queued (at most VIRT_XS_MAX_QUEUED_EVENTS, then dropped
     and counted), never lost silently.
   - A timeout, an early close, or a protocol violation (bad length, wrong
     req_id, unknown reply type) drops the connection and fails the call;
     the next call reconnects (same path) and registers the watches again
     (each then fires once, as on any new watch: a natural resync point).
     Open transactions do not survive a reconnect.

   LIMITS ON UNTRUSTED INPUT (what a broken or hostile daemon can send)
   ---------------------------------------------------------------------------
   - A reply length over 4096 is refused (VIRT_E_PROTO) before anything is
     read into memory; the receive buffer is fixed (2 x (16 + 4096) bytes).
   - Every wait has a deadline (VIRT_XS_TIMEOUT_MS per request; the caller's
     timeout in virt_xs_read_watch): a stalled daemon gives VIRT_E_TIMEOUT.
     On sockets a request waits in recv() bounded by SO_RCVTIMEO (cheaper
     than poll), so a daemon that dribbles bytes can stretch one request to
     at most twice the timeout; the xenbus device is waited for with poll.
   - Watch events are queued up to VIRT_XS_MAX_QUEUED_EVENTS; a flood costs
     at most that much memory. The driver's virt_domain_event_poll handles
     at most one queue's worth per pass (one rescan for all of them) and
     returns within its timeout however fast events come. DIRECTORY_PART listings stop at
     VIRT_XS_MAX_DIRECTORY_BYTES and after 8 restarts (node keeps changing).
   - Error names, ids and permission entries are parsed with bounds; unknown
     errno names give VIRT_E_REMOTE with the (sanitised) name.
   - tests/fuzz/fuzz_xs.c feeds arbitrary bytes as the daemon's stream.

   MEMORY
   ---------------------------------------------------------------------------
   Values, paths and tokens returned are NUL-terminated and allocated with
   VIRT_MALLOC: free them with free() (or your VIRT_FREE, or virt_xs_free).
   virt_xs_directory and virt_xs_get_perms return ONE block each: free the
   array pointer only.

   THREAD SAFETY
   ---------------------------------------------------------------------------
   A virt_xs connection is not locked: use it from one thread at a time
   (the xenstore driver of virt.h locks around it). Distinct connections are
   independent.

   EVENTS (the xenstore driver, through virt_domain_event_register)
   ---------------------------------------------------------------------------
   Exactly what and when: docs/events.md. In short: STARTED when a domain id with a name
   appears under /local/domain (checked on @introduceDomain and at
   registration), STOPPED when it disappears from /local/domain or the
   hypervisor backend says it no longer exists (checked on @releaseDomain and
   when the domain's name node is removed), MEMORY (detail: KiB) when
   /local/domain/<id>/memory/target changes. SUSPENDED (detail 0, libvirt's
   SUSPENDED_PAUSED) / RESUMED (detail 0, RESUMED_UNPAUSED) only when the
   hypervisor backend is open on the same connection (xenstore has no signal
   for pause): each poll samples the hypervisor's paused flags (one
   getdomaininfolist hypercall per VIRT_HV_BATCH domains) when it starts and
   every VIRT_XS_PAUSE_SAMPLE_MS while it waits, and reports each known
   domain whose flag changed since the previous sample, once. A pause is thus
   reported within VIRT_XS_PAUSE_SAMPLE_MS (plus the sample's own time) by a
   poll that is waiting, or by the next poll; a pause undone between two
   samples is not reported. Without the hypervisor backend: never reported.
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

#ifndef VIRT_XS_H
#define VIRT_XS_H
#ifdef __cplusplus
extern "C" {
#endif

#ifndef VIRT_XS_TIMEOUT_MS
#  define VIRT_XS_TIMEOUT_MS 5000
#endif
#ifndef VIRT_XS_MAX_QUEUED_EVENTS
#  define VIRT_XS_MAX_QUEUED_EVENTS 1024
#endif
#ifndef VIRT_XS_MAX_DIRECTORY_BYTES
#  define VIRT_XS_MAX_DIRECTORY_BYTES (1024 * 1024)
#endif
/* Xen's own limits (xen/io/xs_wire.h XENSTORE_PAYLOAD_MAX, _ABS_PATH_MAX). */
#define VIRT_XS_PAYLOAD_MAX 4096
#define VIRT_XS_ABS_PATH_MAX 3072

/* Message types, numbered as in xen/io/xs_wire.h (enum xsd_sockmsg_type). */
typedef enum virt_xs_msg_type {
    VIRT_XS_CONTROL = 0,
    VIRT_XS_DIRECTORY = 1,
    VIRT_XS_READ = 2,
    VIRT_XS_GET_PERMS = 3,
    VIRT_XS_WATCH = 4,
    VIRT_XS_UNWATCH = 5,
    VIRT_XS_TRANSACTION_START = 6,
    VIRT_XS_TRANSACTION_END = 7,
    VIRT_XS_INTRODUCE = 8,
    VIRT_XS_RELEASE = 9,
    VIRT_XS_GET_DOMAIN_PATH = 10,
    VIRT_XS_WRITE = 11,
    VIRT_XS_MKDIR = 12,
    VIRT_XS_RM = 13,
    VIRT_XS_SET_PERMS = 14,
    VIRT_XS_WATCH_EVENT = 15,
    VIRT_XS_ERROR = 16,
    VIRT_XS_IS_DOMAIN_INTRODUCED = 17,
    VIRT_XS_RESUME = 18,
    VIRT_XS_SET_TARGET = 19,
    VIRT_XS_RESET_WATCHES = 21,
    VIRT_XS_DIRECTORY_PART = 22
} virt_xs_msg_type;

/* virt_xs_open flags */
#define VIRT_XS_READONLY 1u

/* One connection to xenstored (or to the xenbus device). Opaque. */
typedef struct virt_xs virt_xs;

/* Permission of one domain on a node (xenstore.txt, GET_PERMS): the first
 * entry names the owner and the access of every domain not listed. */
typedef enum virt_xs_access {
    VIRT_XS_ACCESS_NONE = 0,   /* 'n' */
    VIRT_XS_ACCESS_READ = 1,   /* 'r' */
    VIRT_XS_ACCESS_WRITE = 2,  /* 'w' */
    VIRT_XS_ACCESS_BOTH = 3    /* 'b' */
} virt_xs_access;
typedef struct virt_xs_perm {
    unsigned int domid;
    virt_xs_access access;
} virt_xs_perm;

/* Opens a connection: path NULL follows the search order of the manual.
 * flags: VIRT_XS_READONLY or 0. NULL on failure (st says why). Since: 0.1 */
VIRT_API virt_xs *virt_xs_open(const char *path, unsigned int flags, virt_status *st);
/* Wraps an already connected socket or device fd (taken over: closed by
 * virt_xs_close). Such a connection cannot reconnect. Since: 0.1 */
VIRT_API virt_xs *virt_xs_open_fd(int fd, unsigned int flags, virt_status *st);
/* Closes the connection, frees queued events. NULL is allowed. Since: 0.1 */
VIRT_API void virt_xs_close(virt_xs *xs);
/* Per-call reply timeout in ms (>0). Since: 0.1 */
VIRT_API void virt_xs_set_timeout(virt_xs *xs, int timeout_ms);
/* The fd to poll for watch events (-1 while disconnected). Since: 0.1 */
VIRT_API int virt_xs_fileno(const virt_xs *xs);
/* Frees what this library returned. Since: 0.1 */
VIRT_API void virt_xs_free(void *p);

/* Reads path (tx: 0 or a transaction id). *value is NUL-terminated; *len
 * (may be NULL) is the value's length (values may hold NUL bytes).
 * VIRT_E_NOENT if there is no such node. Since: 0.1 */
VIRT_API int virt_xs_read(virt_xs *xs, uint32_t tx, const char *path, char **value, size_t *len,
                          virt_status *st);
/* Writes len bytes at path (creating parents). Since: 0.1 */
VIRT_API int virt_xs_write(virt_xs *xs, uint32_t tx, const char *path, const void *value, size_t len,
                           virt_status *st);
/* Makes sure path exists (parents too); existing values are kept. Since: 0.1 */
VIRT_API int virt_xs_mkdir(virt_xs *xs, uint32_t tx, const char *path, virt_status *st);
/* Removes path and everything below it; fine if path is missing but its
 * parent exists (VIRT_E_NOENT otherwise, as xenstored says). Since: 0.1 */
VIRT_API int virt_xs_rm(virt_xs *xs, uint32_t tx, const char *path, virt_status *st);
/* Children of path: *names is one block (array + strings), *count entries.
 * Listings larger than one payload are read with DIRECTORY_PART (Xen 4.9+),
 * restarted when the node changes in between. Since: 0.1 */
VIRT_API int virt_xs_directory(virt_xs *xs, uint32_t tx, const char *path, char ***names,
                               unsigned int *count, virt_status *st);
/* Permissions of path: *perms is one block of *count entries. Since: 0.1 */
VIRT_API int virt_xs_get_perms(virt_xs *xs, uint32_t tx, const char *path, virt_xs_perm **perms,
                               unsigned int *count, virt_status *st);
/* Replaces the permissions of path (perms[0]: owner and default). Since: 0.1 */
VIRT_API int virt_xs_set_perms(virt_xs *xs, uint32_t tx, const char *path, const virt_xs_perm *perms,
                               unsigned int count, virt_status *st);

/* Transactions: *tx gets the id. End with commit=1 (VIRT_E_AGAIN when
 * another write intervened: start again) or 0 (discard). Since: 0.1 */
VIRT_API int virt_xs_transaction_start(virt_xs *xs, uint32_t *tx, virt_status *st);
VIRT_API int virt_xs_transaction_end(virt_xs *xs, uint32_t tx, int commit, virt_status *st);
/* Runs fn inside a transaction, committing when it returns VIRT_OK and
 * starting over (at most max_attempts times) on VIRT_E_AGAIN from fn or
 * from the commit. Any other result of fn discards and is returned.
 * Since: 0.1 */
typedef int (*virt_xs_txn_fn)(virt_xs *xs, uint32_t tx, void *opaque, virt_status *st);
VIRT_API int virt_xs_transaction_run(virt_xs *xs, int max_attempts, virt_xs_txn_fn fn, void *opaque,
                                     virt_status *st);

/* Watches: path is a node or "@introduceDomain" / "@releaseDomain". The
 * daemon fires each new watch once at once. Since: 0.1 */
VIRT_API int virt_xs_watch(virt_xs *xs, const char *path, const char *token, virt_status *st);
VIRT_API int virt_xs_unwatch(virt_xs *xs, const char *path, const char *token, virt_status *st);
/* Next watch event: queued ones first, else waits up to timeout_ms (0: do
 * not wait, -1: forever). VIRT_E_TIMEOUT when none came; VIRT_E_LIMIT once
 * after events were dropped from a full queue (st->sys_errno = how many):
 * re-read what you watch. Since: 0.1 */
VIRT_API int virt_xs_read_watch(virt_xs *xs, int timeout_ms, char **path, char **token, virt_status *st);
/* Number of events waiting in the queue. Since: 0.1 */
VIRT_API unsigned int virt_xs_pending_events(const virt_xs *xs);

/* "/local/domain/<domid>" as the daemon says. Since: 0.1 */
VIRT_API int virt_xs_get_domain_path(virt_xs *xs, unsigned int domid, char **path, virt_status *st);
/* 1 if the daemon talks with the domain, 0 if not, <0 on error. Since: 0.1 */
VIRT_API int virt_xs_is_domain_introduced(virt_xs *xs, unsigned int domid, virt_status *st);

/* Any request, raw: payload of len bytes (at most 4096); *reply (NUL-terminated, may be
 * NULL) and *reply_len get the reply payload. For types this API does not
 * wrap (CONTROL, INTRODUCE, RELEASE, ...). Since: 0.1 */
VIRT_API int virt_xs_request(virt_xs *xs, uint32_t type, uint32_t tx, const void *payload, size_t len,
                             char **reply, size_t *reply_len, virt_status *st);

#ifdef __cplusplus
}
#endif
#endif /* VIRT_XS_H */

#if defined(VIRT_IMPLEMENTATION) && !defined(VIRT_XS_IMPLEMENTATION_INCLUDED)
#define VIRT_XS_IMPLEMENTATION_INCLUDED
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

/* >>xenstore: the wire-protocol client (usable without virt.h). Facts from
 * xen/io/xs_wire.h (framing, type numbers, limits, errno names) and Xen's
 * docs/misc/xenstore.txt (payload formats, watch and transaction rules). */
#include <ctype.h>
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>

/* struct xsd_sockmsg: four native-endian uint32 (type, req_id, tx_id, len) */
#define VIRT__XS_HDR 16u

typedef struct virt__xs_event {
    struct virt__xs_event *next;
    char *path;
    char *token;
} virt__xs_event;

/* watches kept so that a reconnect can register them again */
typedef struct virt__xs_watch {
    struct virt__xs_watch *next;
    char *path;
    char *token;
} virt__xs_watch;

struct virt_xs {
    int fd;                       /* -1 while disconnected */
    int is_socket;                /* send() with MSG_NOSIGNAL, else write() */
    int can_reconnect;
    unsigned int flags;
    char *path;                   /* explicit path, or NULL: the search order */
    int timeout_ms;
    uint32_t req_id;
    /* receive buffer: holds at least one whole message (header + 4096) */
    unsigned char rbuf[2 * (VIRT__XS_HDR + VIRT_XS_PAYLOAD_MAX)];
    size_t rlen;                  /* bytes buffered */
    size_t rmsg;                  /* size of the message handed out last */
    virt__xs_event *qhead, *qtail;
    unsigned int qcount;
    unsigned long lost;           /* events dropped since last reported */
    virt__xs_watch *watches;
};

VIRT__PRIVATE const char *virt__xs_op_name(uint32_t type)
{
    static const char *const names[] = {
        "CONTROL", "DIRECTORY", "READ", "GET_PERMS", "WATCH", "UNWATCH", "TRANSACTION_START",
        "TRANSACTION_END", "INTRODUCE", "RELEASE", "GET_DOMAIN_PATH", "WRITE", "MKDIR", "RM",
        "SET_PERMS", "WATCH_EVENT", "ERROR", "IS_DOMAIN_INTRODUCED", "RESUME", "SET_TARGET",
        "RESTRICT", "RESET_WATCHES", "DIRECTORY_PART"};
    return type < sizeof names / sizeof names[0] ? names[type] : "request";
}

/* The errno names of xs_wire.h's xsd_errors, in its order, and what they mean here. */
typedef struct virt__xs_errname {
    const char *name;
    int err;
    virt_result result;
} virt__xs_errname;
VIRT__PRIVATE const virt__xs_errname virt__xs_errnames[] = {
    {"EINVAL", EINVAL, VIRT_E_INVAL},     {"EACCES", EACCES, VIRT_E_PERM},
    {"EEXIST", EEXIST, VIRT_E_EXISTS},    {"EISDIR", EISDIR, VIRT_E_INVAL},
    {"ENOENT", ENOENT, VIRT_E_NOENT},     {"ENOMEM", ENOMEM, VIRT_E_LIMIT},
    {"ENOSPC", ENOSPC, VIRT_E_LIMIT},     {"EIO", EIO, VIRT_E_REMOTE},
    {"ENOTEMPTY", ENOTEMPTY, VIRT_E_REMOTE}, {"ENOSYS", ENOSYS, VIRT_E_UNSUPPORTED},
    {"EROFS", EROFS, VIRT_E_PERM},        {"EBUSY", EBUSY, VIRT_E_REMOTE},
    {"EAGAIN", EAGAIN, VIRT_E_AGAIN},     {"EISCONN", EISCONN, VIRT_E_REMOTE},
    {"E2BIG", E2BIG, VIRT_E_LIMIT},       {"EPERM", EPERM, VIRT_E_PERM}};

/* Maps an ERROR reply's payload ("ENOENT\0") to a result and message. */
VIRT__PRIVATE int virt__xs_error_reply(const unsigned char *p, size_t n, uint32_t type, const char *what,
                                       virt_status *st)
{
    char name[33];
    size_t i, k = 0;
    for (i = 0; i < n && p[i] && k < sizeof name - 1; i++)
        name[k++] = isprint(p[i]) ? (char)p[i] : '?';
    name[k] = '\0';
    for (i = 0; i < sizeof virt__xs_errnames / sizeof virt__xs_errnames[0]; i++)
        if (strcmp(name, virt__xs_errnames[i].name) == 0)
            return virt__status_set(st, virt__xs_errnames[i].result, virt__xs_errnames[i].err,
                                    "xenstore %s %s: %s", virt__xs_op_name(type), what, name);
    return virt__status_set(st, VIRT_E_REMOTE, 0, "xenstore %s %s: unknown error '%s'",
                            virt__xs_op_name(type), what, name);
}

/* Paths as xenstore.txt allows them: absolute, A-Z a-z 0-9 and -/_@ only,
 * no doubled or trailing '/', at most XENSTORE_ABS_PATH_MAX bytes. Watches
 * may also name the special "@..." events. */
VIRT__PRIVATE int virt__xs_check_path(uint32_t type, const char *path, int special_ok, virt_status *st)
{
    size_t i;
    const char *op = virt__xs_op_name(type);
    if (!path) return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore %s: path is NULL", op);
    for (i = 0; path[i]; i++)
        if (i >= VIRT_XS_ABS_PATH_MAX)
            return virt__status_set(st, VIRT_E_LIMIT, 0, "xenstore %s: path longer than %d bytes: '%.40s...'",
                                    op, VIRT_XS_ABS_PATH_MAX, path);
    if (special_ok && path[0] == '@' && path[1]) return VIRT_OK;
    if (path[0] != '/')
        return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore %s: relative path '%.200s' refused", op, path);
    if (strstr(path, ".."))
        return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore %s: '..' in path '%.200s' refused", op, path);
    for (i = 0; path[i]; i++) {
        unsigned char c = (unsigned char)path[i];
        if (!isalnum(c) && c != '-' && c != '/' && c != '_' && c != '@')
            return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore %s: character 0x%02x not allowed in path '%.200s'",
                                    op, c, path);
        if (c == '/' && path[i + 1] == '/')
            return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore %s: '//' in path '%.200s'", op, path);
    }
    if (i > 1 && path[i - 1] == '/')
        return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore %s: trailing '/' in path '%.200s'", op, path);
    return VIRT_OK;
}

VIRT__PRIVATE long long virt__xs_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* deadline: absolute ms, or -1 for none */
VIRT__PRIVATE long long virt__xs_deadline(int timeout_ms)
{
    return timeout_ms < 0 ? -1 : virt__xs_now_ms() + timeout_ms;
}

/* Waits until fd is ready for `events`; VIRT_E_TIMEOUT past the deadline. */
VIRT__PRIVATE int virt__xs_wait(int fd, short events, long long deadline, virt_status *st)
{
    struct pollfd pfd;
    for (;;) {
        int left = -1, n;
        if (deadline >= 0) {
            long long d = deadline - virt__xs_now_ms();
            left = d < 0 ? 0 : (d > 1000000000 ? 1000000000 : (int)d);
        }
        pfd.fd = fd;
        pfd.events = events;
        pfd.revents = 0;
        n = poll(&pfd, 1, left);
        if (n > 0) return VIRT_OK;
        if (n == 0) return virt__status_set(st, VIRT_E_TIMEOUT, 0, "xenstore: no answer in time");
        if (errno != EINTR) return virt__status_set(st, VIRT_E_IO, errno, "xenstore: poll: %s", strerror(errno));
    }
}

VIRT__PRIVATE void virt__xs_drop(virt_xs *xs)
{
    if (xs->fd >= 0) close(xs->fd);
    xs->fd = -1;
    xs->rlen = xs->rmsg = 0;
}

/* Sockets stay blocking with SO_RCVTIMEO/SO_SNDTIMEO = the reply timeout:
 * a request then costs one send and (usually) one recv, no poll. Devices
 * (xenbus) are non-blocking and waited for with poll. */
VIRT__PRIVATE int virt__xs_set_io_mode(int fd, int is_socket, int timeout_ms, virt_status *st)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, is_socket ? (fl & ~O_NONBLOCK) : (fl | O_NONBLOCK)) < 0)
        return virt__status_set(st, VIRT_E_IO, errno, "xenstore: fcntl: %s", strerror(errno));
    if (is_socket) {
        struct timeval tv;
        tv.tv_sec = timeout_ms / 1000;
        tv.tv_usec = (timeout_ms % 1000) * 1000;
        if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0 ||
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0)
            return virt__status_set(st, VIRT_E_IO, errno, "xenstore: setsockopt: %s", strerror(errno));
    }
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xs_connect_socket(const char *path, int *fd_out, virt_status *st)
{
    struct sockaddr_un sa;
    size_t n = strlen(path);
    int fd, err;
    if (n >= sizeof sa.sun_path)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "xenstore: socket path too long: '%.100s'", path);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return virt__status_set(st, VIRT_E_IO, errno, "xenstore: socket: %s", strerror(errno));
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path, n + 1);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        err = errno;
        close(fd);
        return virt__status_set(st, VIRT_E_IO, err, "xenstore: cannot connect to %s: %s", path, strerror(err));
    }
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    *fd_out = fd;
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xs_open_device(const char *path, int *fd_out, virt_status *st)
{
    int fd = open(path, O_RDWR);
    if (fd < 0) return virt__status_set(st, VIRT_E_IO, errno, "xenstore: cannot open %s: %s", path, strerror(errno));
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    *fd_out = fd;
    return VIRT_OK;
}

/* One explicit path: a socket if it is one, else a device. */
VIRT__PRIVATE int virt__xs_connect_path(const char *path, int *fd, int *is_socket, virt_status *st)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISSOCK(sb.st_mode)) {
        *is_socket = 0;
        return virt__xs_open_device(path, fd, st);
    }
    *is_socket = 1;
    return virt__xs_connect_socket(path, fd, st);
}

/* The search order of libxenstore (xs_daemon_socket, xs_domain_dev). */
VIRT__PRIVATE int virt__xs_connect_default(int *fd, int *is_socket, virt_status *st)
{
    const char *sockets[4], *devices[2];
    char rundir_sock[512];
    const char *env = getenv("XENSTORED_PATH"), *rundir = getenv("XENSTORED_RUNDIR");
    int n = 0, i, rc = VIRT_E_IO;
    virt_status first;
    if (env && env[0]) sockets[n++] = env;
    if (rundir && rundir[0] && (size_t)snprintf(rundir_sock, sizeof rundir_sock, "%s/socket", rundir) < sizeof rundir_sock)
        sockets[n++] = rundir_sock;
    sockets[n++] = "/run/xenstored/socket";
    sockets[n++] = "/var/run/xenstored/socket";
    devices[0] = "/dev/xen/xenbus";
    devices[1] = "/proc/xen/xenbus";
    virt__status_clear(&first);
    for (i = 0; i < n; i++) {
        /* like libxenstore, a configured path that is not a socket is
         * opened as a device (XENSTORED_PATH=/dev/xen/xenbus works) */
        rc = virt__xs_connect_path(sockets[i], fd, is_socket, i == 0 ? &first : st);
        if (rc == VIRT_OK) return VIRT_OK;
    }
    for (i = 0; i < 2; i++) {
        rc = virt__xs_open_device(devices[i], fd, st);
        if (rc == VIRT_OK) { *is_socket = 0; return VIRT_OK; }
    }
    return virt__status_set(st, VIRT_E_IO, first.sys_errno,
                            "xenstore: no daemon socket and no xenbus device (first tried: %s)",
                            first.message + (strncmp(first.message, "xenstore: ", 10) == 0 ? 10 : 0));
}

VIRT__PRIVATE int virt__xs_connect(virt_xs *xs, virt_status *st)
{
    int fd = -1, is_socket = 0, rc;
    rc = xs->path ? virt__xs_connect_path(xs->path, &fd, &is_socket, st)
                  : virt__xs_connect_default(&fd, &is_socket, st);
    if (rc != VIRT_OK) return rc;
    if ((rc = virt__xs_set_io_mode(fd, is_socket, xs->timeout_ms, st)) != VIRT_OK) { close(fd); return rc; }
    xs->fd = fd;
    xs->is_socket = is_socket;
    xs->rlen = xs->rmsg = 0;
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xs_send_all(virt_xs *xs, const unsigned char *p, size_t n, long long deadline,
                                    virt_status *st)
{
    while (n > 0) {
#ifdef MSG_NOSIGNAL
        ssize_t w = xs->is_socket ? send(xs->fd, p, n, MSG_NOSIGNAL) : write(xs->fd, p, n);
#else
        ssize_t w = write(xs->fd, p, n);
#endif
        if (w > 0) { p += w; n -= (size_t)w; continue; }
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            int rc;
            if (xs->is_socket)         /* blocking socket: SO_SNDTIMEO expired */
                return virt__status_set(st, VIRT_E_TIMEOUT, 0, "xenstore: the daemon does not take requests");
            if ((rc = virt__xs_wait(xs->fd, POLLOUT, deadline, st)) != VIRT_OK) return rc;
            continue;
        }
        return virt__status_set(st, w < 0 && errno == EPIPE ? VIRT_E_CLOSED : VIRT_E_IO, w < 0 ? errno : 0,
                                "xenstore: sending: %s", w < 0 ? strerror(errno) : "nothing written");
    }
    return VIRT_OK;
}

/* Reads more bytes into the receive buffer (at least one, or an error).
 * in_request: waiting for a reply on a socket, where a blocking recv
 * bounded by SO_RCVTIMEO does the waiting (the deadline is checked after
 * each message by the caller); otherwise poll up to the deadline. */
VIRT__PRIVATE int virt__xs_fill(virt_xs *xs, long long deadline, int in_request, virt_status *st)
{
    for (;;) {
        ssize_t n;
        void *dst = xs->rbuf + xs->rlen;
        size_t room = sizeof xs->rbuf - xs->rlen;
        if (xs->is_socket && in_request) {
            n = recv(xs->fd, dst, room, 0);
        } else {
            int rc = virt__xs_wait(xs->fd, POLLIN, deadline, st);
            if (rc != VIRT_OK) return rc;
            n = xs->is_socket ? recv(xs->fd, dst, room, MSG_DONTWAIT) : read(xs->fd, dst, room);
        }
        if (n > 0) { xs->rlen += (size_t)n; return VIRT_OK; }
        if (n == 0) return virt__status_set(st, VIRT_E_CLOSED, 0, "xenstore: the daemon closed the connection");
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
            /* SO_RCVTIMEO expired, or a signal: over if past the deadline */
            if (xs->is_socket && in_request && deadline >= 0 && virt__xs_now_ms() >= deadline)
                return virt__status_set(st, VIRT_E_TIMEOUT, 0, "xenstore: no answer in time");
            continue;
        }
        return virt__status_set(st, VIRT_E_IO, errno, "xenstore: reading: %s", strerror(errno));
    }
}

/* The next whole message: hdr[4] and a payload pointer into the buffer,
 * valid until the next call. A length over XENSTORE_PAYLOAD_MAX is a
 * protocol violation (xenstore.txt: the limit holds in both directions). */
VIRT__PRIVATE int virt__xs_recv(virt_xs *xs, long long deadline, int in_request, uint32_t hdr[4],
                                const unsigned char **payload, virt_status *st)
{
    if (xs->rmsg) {
        memmove(xs->rbuf, xs->rbuf + xs->rmsg, xs->rlen - xs->rmsg);
        xs->rlen -= xs->rmsg;
        xs->rmsg = 0;
    }
    for (;;) {
        int rc;
        if (xs->rlen >= VIRT__XS_HDR) {
            memcpy(hdr, xs->rbuf, VIRT__XS_HDR);
            if (hdr[3] > VIRT_XS_PAYLOAD_MAX)
                return virt__status_set(st, VIRT_E_PROTO, 0, "xenstore: reply length %lu exceeds %d",
                                        (unsigned long)hdr[3], VIRT_XS_PAYLOAD_MAX);
            if (xs->rlen >= VIRT__XS_HDR + hdr[3]) {
                *payload = xs->rbuf + VIRT__XS_HDR;
                xs->rmsg = VIRT__XS_HDR + hdr[3];
                return VIRT_OK;
            }
        }
        /* a daemon that dribbles bytes must not stretch a request either */
        if (in_request && deadline >= 0 && virt__xs_now_ms() > deadline)
            return virt__status_set(st, VIRT_E_TIMEOUT, 0, "xenstore: no complete answer in time");
        if ((rc = virt__xs_fill(xs, deadline, in_request, st)) != VIRT_OK) return rc;
    }
}

/* Queues a WATCH_EVENT ("path\0token\0"); drops it when the queue is full. */
VIRT__PRIVATE int virt__xs_enqueue(virt_xs *xs, const unsigned char *p, size_t n, virt_status *st)
{
    const unsigned char *nul = (const unsigned char *)memchr(p, 0, n);
    size_t plen, tlen;
    virt__xs_event *ev;
    if (!nul) return virt__status_set(st, VIRT_E_PROTO, 0, "xenstore: watch event without a token");
    plen = (size_t)(nul - p);
    tlen = n - plen - 1;
    if (tlen > 0 && p[n - 1] == 0) tlen--;      /* the token's own terminator */
    if (xs->qcount >= VIRT_XS_MAX_QUEUED_EVENTS) { xs->lost++; return VIRT_OK; }
    ev = (virt__xs_event *)VIRT_MALLOC(sizeof *ev);
    if (!ev) { xs->lost++; return VIRT_OK; }
    ev->next = NULL;
    ev->path = virt__strndup((const char *)p, plen);
    ev->token = virt__strndup((const char *)nul + 1, tlen);
    if (!ev->path || !ev->token) {
        VIRT_FREE(ev->path); VIRT_FREE(ev->token); VIRT_FREE(ev);
        xs->lost++;
        return VIRT_OK;
    }
    if (xs->qtail) xs->qtail->next = ev; else xs->qhead = ev;
    xs->qtail = ev;
    xs->qcount++;
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xs_reconnect(virt_xs *xs, virt_status *st);

/* One request and its reply, matched by req_id; watch events met on the
 * way are queued. `what` names the object in messages. On success *reply
 * (if wanted) is the payload, NUL-terminated. */
VIRT__PRIVATE int virt__xs_talk(virt_xs *xs, uint32_t type, uint32_t tx, const void *p1, size_t n1,
                                const void *p2, size_t n2, const char *what, char **reply, size_t *rlen,
                                virt_status *st)
{
    unsigned char msg[VIRT__XS_HDR + VIRT_XS_PAYLOAD_MAX];
    uint32_t hdr[4] = {0, 0, 0, 0};
    const unsigned char *payload = NULL;
    long long deadline;
    int rc;
    if (reply) *reply = NULL;
    if (rlen) *rlen = 0;
    if (n1 > VIRT_XS_PAYLOAD_MAX || n2 > VIRT_XS_PAYLOAD_MAX - n1)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "xenstore %s %.200s: payload of %lu bytes exceeds %d",
                                virt__xs_op_name(type), what, (unsigned long)(n1 + (n2 < VIRT_XS_PAYLOAD_MAX ? n2 : 0)),
                                VIRT_XS_PAYLOAD_MAX);
    if (xs->fd < 0 && (rc = virt__xs_reconnect(xs, st)) != VIRT_OK) return rc;
    hdr[0] = type;
    hdr[1] = ++xs->req_id;
    hdr[2] = tx;
    hdr[3] = (uint32_t)(n1 + n2);
    memcpy(msg, hdr, VIRT__XS_HDR);
    if (n1) memcpy(msg + VIRT__XS_HDR, p1, n1);
    if (n2) memcpy(msg + VIRT__XS_HDR + n1, p2, n2);
    deadline = virt__xs_deadline(xs->timeout_ms);
    rc = virt__xs_send_all(xs, msg, VIRT__XS_HDR + n1 + n2, deadline, st);
    for (;;) {
        if (rc == VIRT_OK) rc = virt__xs_recv(xs, deadline, 1, hdr, &payload, st);
        if (rc != VIRT_OK) break;
        if (hdr[0] == VIRT_XS_WATCH_EVENT) {      /* unsolicited, req_id 0 */
            rc = virt__xs_enqueue(xs, payload, hdr[3], st);
            /* a daemon that floods events must not hold us past the deadline */
            if (rc == VIRT_OK && virt__xs_now_ms() > deadline)
                rc = virt__status_set(st, VIRT_E_TIMEOUT, 0, "xenstore: no answer in time (watch events only)");
            continue;
        }
        if (hdr[1] != xs->req_id) {
            rc = virt__status_set(st, VIRT_E_PROTO, 0, "xenstore: reply with req_id %lu, expected %lu",
                                  (unsigned long)hdr[1], (unsigned long)xs->req_id);
            break;
        }
        if (hdr[0] == VIRT_XS_ERROR) return virt__xs_error_reply(payload, hdr[3], type, what, st);
        if (hdr[0] != type) {
            rc = virt__status_set(st, VIRT_E_PROTO, 0, "xenstore: reply of type %lu to a %s request",
                                  (unsigned long)hdr[0], virt__xs_op_name(type));
            break;
        }
        if (reply) {
            *reply = virt__strndup((const char *)payload, hdr[3]);
            if (!*reply) return virt__status_set(st, VIRT_E_NOMEM, 0, "xenstore: out of memory");
        }
        if (rlen) *rlen = hdr[3];
        return VIRT_OK;
    }
    /* the stream is no longer in step with our requests: start afresh */
    virt__xs_drop(xs);
    if (st) {
        char why[sizeof st->message];
        memcpy(why, st->message, sizeof why);
        virt__status_set(st, st->code, st->sys_errno, "xenstore %s %.100s: %.120s", virt__xs_op_name(type), what,
                         why + (strncmp(why, "xenstore: ", 10) == 0 ? 10 : 0));
    }
    return rc;
}

/* path NUL, as most requests send it */
VIRT__PRIVATE int virt__xs_path_op(virt_xs *xs, uint32_t type, uint32_t tx, const char *path, char **reply,
                                   size_t *rlen, virt_status *st)
{
    int rc = virt__xs_check_path(type, path, 0, st);
    if (rc != VIRT_OK) return rc;
    return virt__xs_talk(xs, type, tx, path, strlen(path) + 1, NULL, 0, path, reply, rlen, st);
}

VIRT__PRIVATE int virt__xs_check_writable(const virt_xs *xs, uint32_t type, const char *path, virt_status *st)
{
    if (xs->flags & VIRT_XS_READONLY)
        return virt__status_set(st, VIRT_E_PERM, EROFS, "xenstore %s %.200s: the connection is read-only",
                                virt__xs_op_name(type), path ? path : "");
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xs_register(virt_xs *xs, const char *path, const char *token, virt_status *st)
{
    size_t lp = strlen(path) + 1, lt = strlen(token) + 1;
    return virt__xs_talk(xs, VIRT_XS_WATCH, 0, path, lp, token, lt, path, NULL, NULL, st);
}

VIRT__PRIVATE int virt__xs_reconnect(virt_xs *xs, virt_status *st)
{
    virt__xs_watch *w;
    int rc;
    if (!xs->can_reconnect)
        return virt__status_set(st, VIRT_E_CLOSED, 0, "xenstore: connection lost (opened from an fd, cannot reconnect)");
    if ((rc = virt__xs_connect(xs, st)) != VIRT_OK) return rc;
    for (w = xs->watches; w; w = w->next)
        if ((rc = virt__xs_register(xs, w->path, w->token, st)) != VIRT_OK) return rc;
    return VIRT_OK;
}

/* Splits "a\0b\0c\0" into one block: the array (NULL-terminated) and the
 * strings. Empty names (DIRECTORY_PART's end mark) are skipped. */
VIRT__PRIVATE int virt__xs_split_names(const char *p, size_t n, char ***names, unsigned int *count,
                                       virt_status *st)
{
    size_t i, k = 0, bytes, arr;
    char **out, *s;
    unsigned int c = 0;
    for (i = 0; i < n; i++)
        if (p[i] == 0 ? (i > 0 && p[i - 1] != 0) : (i + 1 == n)) k++;
    if (!virt__size_mul(k + 1, sizeof(char *), &arr) || !virt__size_add(arr, n + 1, &bytes))
        return virt__status_set(st, VIRT_E_LIMIT, 0, "xenstore: directory too large");
    out = (char **)VIRT_MALLOC(bytes);
    if (!out) return virt__status_set(st, VIRT_E_NOMEM, 0, "xenstore: out of memory for a directory");
    s = (char *)out + arr;
    if (n) memcpy(s, p, n);
    s[n] = '\0';
    for (i = 0; i < n; i++) {
        if (s[i] != 0 && (i == 0 || s[i - 1] == 0)) out[c++] = s + i;
    }
    out[c] = NULL;
    *names = out;
    *count = c;
    return VIRT_OK;
}

/* Parses GET_PERMS' "<r|w|b|n><domid>\0"+ */
VIRT__PRIVATE int virt__xs_parse_perms(const char *p, size_t n, virt_xs_perm **perms, unsigned int *count,
                                       virt_status *st)
{
    size_t i, k = 0;
    unsigned int c = 0;
    virt_xs_perm *out;
    for (i = 0; i < n; i++) if (p[i] == 0) k++;
    if (n && p[n - 1] != 0) k++;
    if (k == 0) return virt__status_set(st, VIRT_E_PROTO, 0, "xenstore: empty permission list");
    out = (virt_xs_perm *)VIRT_MALLOC(k * sizeof *out);
    if (!out) return virt__status_set(st, VIRT_E_NOMEM, 0, "xenstore: out of memory");
    for (i = 0; i < n;) {
        unsigned long id = 0;
        size_t j = i + 1;
        const char *kinds = "nrwb", *pos = p[i] ? strchr(kinds, p[i]) : NULL;
        if (!pos || j >= n + 1 || j == n || !isdigit((unsigned char)p[j])) goto bad;
        for (; j < n && isdigit((unsigned char)p[j]); j++) {
            id = id * 10 + (unsigned long)(p[j] - '0');
            if (id > 65535) goto bad;
        }
        if (j < n && p[j] != 0) goto bad;
        out[c].domid = (unsigned int)id;
        out[c].access = (virt_xs_access)(pos - kinds);
        c++;
        i = j + 1;
    }
    *perms = out;
    *count = c;
    return VIRT_OK;
bad:
    VIRT_FREE(out);
    return virt__status_set(st, VIRT_E_PROTO, 0, "xenstore: bad permission entry at byte %lu", (unsigned long)i);
}

/* Parses a decimal uint32 reply ("17\0"). */
VIRT__PRIVATE int virt__xs_parse_u32(const char *s, size_t n, uint32_t *out)
{
    unsigned long long v = 0;
    size_t i;
    if (n == 0 || !isdigit((unsigned char)s[0])) return 0;
    for (i = 0; i < n && s[i]; i++) {
        if (!isdigit((unsigned char)s[i])) return 0;
        v = v * 10 + (unsigned)(s[i] - '0');
        if (v > 0xffffffffull) return 0;
    }
    *out = (uint32_t)v;
    return 1;
}

VIRT__FOR_SIZE_BEGIN
/* >>xenstore api */

VIRT_API virt_xs *virt_xs_open(const char *path, unsigned int flags, virt_status *st)
{
    virt_xs *xs = (virt_xs *)VIRT_MALLOC(sizeof *xs);
    virt__status_clear(st);
    if (!xs) { virt__status_set(st, VIRT_E_NOMEM, 0, "xenstore: out of memory"); return NULL; }
    memset(xs, 0, sizeof *xs);
    xs->fd = -1;
    xs->flags = flags;
    xs->can_reconnect = 1;
    xs->timeout_ms = VIRT_XS_TIMEOUT_MS;
    if (path && !(xs->path = virt__strdup(path))) {
        VIRT_FREE(xs);
        virt__status_set(st, VIRT_E_NOMEM, 0, "xenstore: out of memory");
        return NULL;
    }
    if (virt__xs_connect(xs, st) != VIRT_OK) {
        VIRT_FREE(xs->path);
        VIRT_FREE(xs);
        return NULL;
    }
    return xs;
}

VIRT_API virt_xs *virt_xs_open_fd(int fd, unsigned int flags, virt_status *st)
{
    struct stat sb;
    virt_xs *xs;
    virt__status_clear(st);
    if (fd < 0 || fstat(fd, &sb) < 0) {
        virt__status_set(st, VIRT_E_INVAL, fd < 0 ? EBADF : errno, "xenstore: bad file descriptor %d", fd);
        return NULL;
    }
    if (virt__xs_set_io_mode(fd, S_ISSOCK(sb.st_mode), VIRT_XS_TIMEOUT_MS, st) != VIRT_OK) return NULL;
    xs = (virt_xs *)VIRT_MALLOC(sizeof *xs);
    if (!xs) { virt__status_set(st, VIRT_E_NOMEM, 0, "xenstore: out of memory"); return NULL; }
    memset(xs, 0, sizeof *xs);
    xs->fd = fd;
    xs->is_socket = S_ISSOCK(sb.st_mode) ? 1 : 0;
    xs->flags = flags;
    xs->timeout_ms = VIRT_XS_TIMEOUT_MS;
    return xs;
}

VIRT_API void virt_xs_close(virt_xs *xs)
{
    virt__xs_event *ev;
    virt__xs_watch *w;
    if (!xs) return;
    virt__xs_drop(xs);
    while ((ev = xs->qhead) != NULL) {
        xs->qhead = ev->next;
        VIRT_FREE(ev->path); VIRT_FREE(ev->token); VIRT_FREE(ev);
    }
    while ((w = xs->watches) != NULL) {
        xs->watches = w->next;
        VIRT_FREE(w->path); VIRT_FREE(w->token); VIRT_FREE(w);
    }
    VIRT_FREE(xs->path);
    VIRT_FREE(xs);
}

VIRT_API void virt_xs_set_timeout(virt_xs *xs, int timeout_ms)
{
    virt_status st;
    if (!xs || timeout_ms <= 0) return;
    xs->timeout_ms = timeout_ms;
    if (xs->fd >= 0) (void)virt__xs_set_io_mode(xs->fd, xs->is_socket, timeout_ms, &st);
}

VIRT_API int virt_xs_fileno(const virt_xs *xs) { return xs ? xs->fd : -1; }

VIRT_API void virt_xs_free(void *p) { VIRT_FREE(p); }

VIRT_API int virt_xs_read(virt_xs *xs, uint32_t tx, const char *path, char **value, size_t *len,
                          virt_status *st)
{
    virt__status_clear(st);
    if (!value) return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore READ: value pointer is NULL");
    return virt__xs_path_op(xs, VIRT_XS_READ, tx, path, value, len, st);
}

VIRT_API int virt_xs_write(virt_xs *xs, uint32_t tx, const char *path, const void *value, size_t len,
                           virt_status *st)
{
    int rc;
    virt__status_clear(st);
    if ((rc = virt__xs_check_path(VIRT_XS_WRITE, path, 0, st)) != VIRT_OK) return rc;
    if ((rc = virt__xs_check_writable(xs, VIRT_XS_WRITE, path, st)) != VIRT_OK) return rc;
    if (!value && len) return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore WRITE %s: value is NULL", path);
    /* WRITE is "<path>|<value|>": the value carries no terminator (xenstore.txt) */
    return virt__xs_talk(xs, VIRT_XS_WRITE, tx, path, strlen(path) + 1, value, len, path, NULL, NULL, st);
}

VIRT_API int virt_xs_mkdir(virt_xs *xs, uint32_t tx, const char *path, virt_status *st)
{
    int rc;
    virt__status_clear(st);
    if ((rc = virt__xs_check_writable(xs, VIRT_XS_MKDIR, path, st)) != VIRT_OK) return rc;
    return virt__xs_path_op(xs, VIRT_XS_MKDIR, tx, path, NULL, NULL, st);
}

VIRT_API int virt_xs_rm(virt_xs *xs, uint32_t tx, const char *path, virt_status *st)
{
    int rc;
    virt__status_clear(st);
    if ((rc = virt__xs_check_writable(xs, VIRT_XS_RM, path, st)) != VIRT_OK) return rc;
    return virt__xs_path_op(xs, VIRT_XS_RM, tx, path, NULL, NULL, st);
}

/* DIRECTORY_PART (xenstore.txt): "<path>|<offset>|" -> "<gencnt>|<names>|*",
 * offset in bytes into the list; the list's end is an empty name. A change
 * of gencnt between parts means the node changed: start over. */
VIRT__PRIVATE int virt__xs_directory_part(virt_xs *xs, uint32_t tx, const char *path, char ***names,
                                          unsigned int *count, virt_status *st)
{
    virt__buf all;
    char gen[32], off_str[24];
    int restarts = 0, rc = VIRT_OK;
    size_t off = 0;
    memset(&all, 0, sizeof all);
    gen[0] = '\0';
    for (;;) {
        char *r = NULL;
        size_t rlen = 0, glen;
        snprintf(off_str, sizeof off_str, "%lu", (unsigned long)off);
        rc = virt__xs_talk(xs, VIRT_XS_DIRECTORY_PART, tx, path, strlen(path) + 1, off_str, strlen(off_str) + 1,
                           path, &r, &rlen, st);
        if (rc != VIRT_OK) break;
        glen = strlen(r);
        if (glen >= rlen || glen >= sizeof gen) {
            VIRT_FREE(r);
            rc = virt__status_set(st, VIRT_E_PROTO, 0, "xenstore DIRECTORY_PART %.200s: bad generation count", path);
            break;
        }
        if (off == 0) memcpy(gen, r, glen + 1);
        else if (strcmp(gen, r) != 0) {            /* changed under us */
            VIRT_FREE(r);
            if (++restarts > 8) {
                rc = virt__status_set(st, VIRT_E_AGAIN, EAGAIN, "xenstore DIRECTORY_PART %.200s: keeps changing", path);
                break;
            }
            all.len = 0;
            off = 0;
            continue;
        }
        virt__buf_add(&all, r + glen + 1, rlen - glen - 1);
        VIRT_FREE(r);
        if (all.failed) { rc = virt__status_set(st, VIRT_E_NOMEM, 0, "xenstore: out of memory"); break; }
        if (all.len > VIRT_XS_MAX_DIRECTORY_BYTES) {
            rc = virt__status_set(st, VIRT_E_LIMIT, 0, "xenstore DIRECTORY %.200s: listing exceeds %d bytes", path,
                                  (int)VIRT_XS_MAX_DIRECTORY_BYTES);
            break;
        }
        if (rlen - glen - 1 == 0 || all.len <= 1 || all.data[all.len - 2] == 0) break;
        off = all.len;
    }
    if (rc == VIRT_OK) rc = virt__xs_split_names(all.data ? all.data : "", all.len, names, count, st);
    virt__buf_free(&all);
    return rc;
}

VIRT_API int virt_xs_directory(virt_xs *xs, uint32_t tx, const char *path, char ***names,
                               unsigned int *count, virt_status *st)
{
    char *r = NULL;
    size_t rlen = 0;
    int rc;
    virt_status local;
    if (!st) st = &local;
    virt__status_clear(st);
    if (!names || !count) return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore DIRECTORY: NULL output");
    *names = NULL;
    *count = 0;
    rc = virt__xs_path_op(xs, VIRT_XS_DIRECTORY, tx, path, &r, &rlen, st);
    /* E2BIG: the list does not fit one payload; xenstored answers so since
     * DIRECTORY_PART exists (Xen 4.9) */
    if (rc == VIRT_E_LIMIT && st->sys_errno == E2BIG)
        return virt__xs_directory_part(xs, tx, path, names, count, st);
    if (rc != VIRT_OK) return rc;
    rc = virt__xs_split_names(r, rlen, names, count, st);
    VIRT_FREE(r);
    return rc;
}

VIRT_API int virt_xs_get_perms(virt_xs *xs, uint32_t tx, const char *path, virt_xs_perm **perms,
                               unsigned int *count, virt_status *st)
{
    char *r = NULL;
    size_t rlen = 0;
    int rc;
    virt__status_clear(st);
    if (!perms || !count) return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore GET_PERMS: NULL output");
    rc = virt__xs_path_op(xs, VIRT_XS_GET_PERMS, tx, path, &r, &rlen, st);
    if (rc != VIRT_OK) return rc;
    rc = virt__xs_parse_perms(r, rlen, perms, count, st);
    VIRT_FREE(r);
    return rc;
}

VIRT_API int virt_xs_set_perms(virt_xs *xs, uint32_t tx, const char *path, const virt_xs_perm *perms,
                               unsigned int count, virt_status *st)
{
    char body[VIRT_XS_PAYLOAD_MAX];
    size_t n = 0;
    unsigned int i;
    int rc;
    virt__status_clear(st);
    if ((rc = virt__xs_check_path(VIRT_XS_SET_PERMS, path, 0, st)) != VIRT_OK) return rc;
    if ((rc = virt__xs_check_writable(xs, VIRT_XS_SET_PERMS, path, st)) != VIRT_OK) return rc;
    if (!perms || count == 0)
        return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore SET_PERMS %s: no permissions given", path);
    for (i = 0; i < count; i++) {
        int w;
        if (perms[i].domid > 65535 || (unsigned)perms[i].access > 3)
            return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore SET_PERMS %s: bad entry %u (domain %u)", path,
                                    i, perms[i].domid);
        w = snprintf(body + n, sizeof body - n, "%c%u", "nrwb"[perms[i].access], perms[i].domid);
        if (w < 0 || (size_t)w + 1 >= sizeof body - n)
            return virt__status_set(st, VIRT_E_LIMIT, 0, "xenstore SET_PERMS %s: too many entries", path);
        n += (size_t)w + 1;                      /* keep the NUL after each entry */
    }
    return virt__xs_talk(xs, VIRT_XS_SET_PERMS, tx, path, strlen(path) + 1, body, n, path, NULL, NULL, st);
}

VIRT_API int virt_xs_transaction_start(virt_xs *xs, uint32_t *tx, virt_status *st)
{
    char *r = NULL;
    size_t rlen = 0;
    int rc;
    virt__status_clear(st);
    if (!tx) return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore TRANSACTION_START: NULL output");
    /* payload: an empty string, i.e. one NUL (xenstore.txt "|") */
    rc = virt__xs_talk(xs, VIRT_XS_TRANSACTION_START, 0, "", 1, NULL, 0, "", &r, &rlen, st);
    if (rc != VIRT_OK) return rc;
    if (!virt__xs_parse_u32(r, rlen, tx) || *tx == 0)
        rc = virt__status_set(st, VIRT_E_PROTO, 0, "xenstore TRANSACTION_START: bad transaction id '%.20s'", r);
    VIRT_FREE(r);
    return rc;
}

VIRT_API int virt_xs_transaction_end(virt_xs *xs, uint32_t tx, int commit, virt_status *st)
{
    char what[24];
    virt__status_clear(st);
    snprintf(what, sizeof what, "%lu", (unsigned long)tx);
    return virt__xs_talk(xs, VIRT_XS_TRANSACTION_END, tx, commit ? "T" : "F", 2, NULL, 0, what, NULL, NULL, st);
}

VIRT_API int virt_xs_transaction_run(virt_xs *xs, int max_attempts, virt_xs_txn_fn fn, void *opaque,
                                     virt_status *st)
{
    int attempt, rc = VIRT_E_AGAIN;
    virt__status_clear(st);
    if (!fn) return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore transaction: no function");
    for (attempt = 0; attempt < (max_attempts > 0 ? max_attempts : 1); attempt++) {
        uint32_t tx;
        if ((rc = virt_xs_transaction_start(xs, &tx, st)) != VIRT_OK) return rc;
        rc = fn(xs, tx, opaque, st);
        if (rc != VIRT_OK) {
            virt_status ignored;
            (void)virt_xs_transaction_end(xs, tx, 0, &ignored);
            if (rc == VIRT_E_AGAIN) continue;
            return rc;
        }
        rc = virt_xs_transaction_end(xs, tx, 1, st);
        if (rc != VIRT_E_AGAIN) return rc;
    }
    return virt__status_set(st, VIRT_E_AGAIN, EAGAIN, "xenstore transaction: still conflicting after %d attempts",
                            attempt);
}

VIRT_API int virt_xs_watch(virt_xs *xs, const char *path, const char *token, virt_status *st)
{
    virt__xs_watch *w;
    int rc;
    virt__status_clear(st);
    if ((rc = virt__xs_check_path(VIRT_XS_WATCH, path, 1, st)) != VIRT_OK) return rc;
    if (!token) return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore WATCH %s: token is NULL", path);
    w = (virt__xs_watch *)VIRT_MALLOC(sizeof *w);
    if (!w) return virt__status_set(st, VIRT_E_NOMEM, 0, "xenstore: out of memory");
    w->path = virt__strdup(path);
    w->token = virt__strdup(token);
    if (!w->path || !w->token) {
        VIRT_FREE(w->path); VIRT_FREE(w->token); VIRT_FREE(w);
        return virt__status_set(st, VIRT_E_NOMEM, 0, "xenstore: out of memory");
    }
    /* a reconnect inside the request registers the list, so add after */
    rc = virt__xs_register(xs, path, token, st);
    if (rc != VIRT_OK) {
        VIRT_FREE(w->path); VIRT_FREE(w->token); VIRT_FREE(w);
        return rc;
    }
    w->next = xs->watches;
    xs->watches = w;
    return VIRT_OK;
}

VIRT_API int virt_xs_unwatch(virt_xs *xs, const char *path, const char *token, virt_status *st)
{
    virt__xs_watch **pw;
    int rc;
    virt__status_clear(st);
    if ((rc = virt__xs_check_path(VIRT_XS_UNWATCH, path, 1, st)) != VIRT_OK) return rc;
    if (!token) return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore UNWATCH %s: token is NULL", path);
    for (pw = &xs->watches; *pw; pw = &(*pw)->next) {
        virt__xs_watch *w = *pw;
        if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0) {
            *pw = w->next;
            VIRT_FREE(w->path); VIRT_FREE(w->token); VIRT_FREE(w);
            break;
        }
    }
    return virt__xs_talk(xs, VIRT_XS_UNWATCH, 0, path, strlen(path) + 1, token, strlen(token) + 1, path, NULL,
                         NULL, st);
}

VIRT__PRIVATE int virt__xs_pop(virt_xs *xs, char **path, char **token)
{
    virt__xs_event *ev = xs->qhead;
    if (!ev) return 0;
    xs->qhead = ev->next;
    if (!xs->qhead) xs->qtail = NULL;
    xs->qcount--;
    if (path) *path = ev->path; else VIRT_FREE(ev->path);
    if (token) *token = ev->token; else VIRT_FREE(ev->token);
    VIRT_FREE(ev);
    return 1;
}

VIRT_API int virt_xs_read_watch(virt_xs *xs, int timeout_ms, char **path, char **token, virt_status *st)
{
    long long deadline;
    int rc;
    virt__status_clear(st);
    if (path) *path = NULL;
    if (token) *token = NULL;
    if (virt__xs_pop(xs, path, token)) return VIRT_OK;
    if (xs->lost) {
        unsigned long n = xs->lost;
        xs->lost = 0;
        return virt__status_set(st, VIRT_E_LIMIT, n > 1000000 ? 1000000 : (int)n,
                                "xenstore: %lu watch events dropped (queue of %d full)", n, VIRT_XS_MAX_QUEUED_EVENTS);
    }
    if (xs->fd < 0) {
        if ((rc = virt__xs_reconnect(xs, st)) != VIRT_OK) return rc;
        if (virt__xs_pop(xs, path, token)) return VIRT_OK;
    }
    deadline = virt__xs_deadline(timeout_ms);
    for (;;) {
        uint32_t hdr[4] = {0, 0, 0, 0};
        const unsigned char *payload = NULL;
        rc = virt__xs_recv(xs, deadline, 0, hdr, &payload, st);
        if (rc == VIRT_E_TIMEOUT)     /* nothing half-read is lost: it stays buffered */
            return virt__status_set(st, VIRT_E_TIMEOUT, 0, "xenstore: no watch event within %d ms", timeout_ms);
        if (rc == VIRT_OK && hdr[0] != VIRT_XS_WATCH_EVENT)
            rc = virt__status_set(st, VIRT_E_PROTO, 0, "xenstore: unsolicited message of type %lu",
                                  (unsigned long)hdr[0]);
        if (rc == VIRT_OK) rc = virt__xs_enqueue(xs, payload, hdr[3], st);
        if (rc != VIRT_OK) { virt__xs_drop(xs); return rc; }
        if (virt__xs_pop(xs, path, token)) return VIRT_OK;
    }
}

VIRT_API unsigned int virt_xs_pending_events(const virt_xs *xs) { return xs ? xs->qcount : 0; }

VIRT_API int virt_xs_get_domain_path(virt_xs *xs, unsigned int domid, char **path, virt_status *st)
{
    char id[16];
    int rc;
    virt__status_clear(st);
    if (!path) return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore GET_DOMAIN_PATH: NULL output");
    snprintf(id, sizeof id, "%u", domid);
    rc = virt__xs_talk(xs, VIRT_XS_GET_DOMAIN_PATH, 0, id, strlen(id) + 1, NULL, 0, id, path, NULL, st);
    return rc;
}

VIRT_API int virt_xs_is_domain_introduced(virt_xs *xs, unsigned int domid, virt_status *st)
{
    char id[16], *r = NULL;
    int rc;
    virt__status_clear(st);
    snprintf(id, sizeof id, "%u", domid);
    rc = virt__xs_talk(xs, VIRT_XS_IS_DOMAIN_INTRODUCED, 0, id, strlen(id) + 1, NULL, 0, id, &r, NULL, st);
    if (rc != VIRT_OK) return rc;
    if (r[0] == 'T' || r[0] == 'F') rc = r[0] == 'T';
    else rc = virt__status_set(st, VIRT_E_PROTO, 0, "xenstore IS_DOMAIN_INTRODUCED %s: answer '%.8s'", id, r);
    VIRT_FREE(r);
    return rc;
}

VIRT_API int virt_xs_request(virt_xs *xs, uint32_t type, uint32_t tx, const void *payload, size_t len,
                             char **reply, size_t *reply_len, virt_status *st)
{
    int rc;
    virt__status_clear(st);
    if (type == VIRT_XS_WRITE || type == VIRT_XS_MKDIR || type == VIRT_XS_RM || type == VIRT_XS_SET_PERMS)
        if ((rc = virt__xs_check_writable(xs, type, "", st)) != VIRT_OK) return rc;
    if (!payload && len) return virt__status_set(st, VIRT_E_INVAL, 0, "xenstore request: payload is NULL");
    return virt__xs_talk(xs, type, tx, payload, len, NULL, 0, virt__xs_op_name(type), reply, reply_len, st);
}

VIRT__FOR_SIZE_END
#endif /* VIRT_IMPLEMENTATION */

/* >>xs driver glue: maps the libvirt API onto the protocol code. Compiled
 * only inside virt.h's implementation, which defines VIRT__DRIVER_GLUE and
 * the virt__driver contract before including this file again.
 *
 * What this backend answers (paths as early libvirt used them, see
 * shared/reference/xen-backends.md (b) and Xen's xenstore-paths.markdown):
 *   list/count      directory of /local/domain (numeric names), each id
 *                   checked with the liveness oracle when one is set
 *   lookup id/name/uuid  /local/domain/<id>/name and .../vm (= /vm/<uuid>)
 *   OS type         <vm>/image/ostype, "linux" when absent (as libvirt 0.x);
 *                   no vm path at all (dom0): declined
 *   max memory      memory/static-max, else memory/target (KiB)
 *   info            memory/target, static-max, online cpu/<n>; state
 *                   NOSTATE (the store does not know it)
 *   set memory      writes memory/target (the balloon driver watches it)
 *   set max memory  with the oracle's set_limit (the max_mem domctl):
 *                   that + memory/static-max, as libxl does
 *   shutdown/reboot writes control/shutdown "poweroff"/"reboot": PV guests
 *                   watch it (libvirt 0.x wrote "halt"; xl writes
 *                   "poweroff", which is what feature-poweroff announces)
 * Everything else (create, destroy, pause, save, XML, vcpus) is absent:
 * it needs xend or hypercalls. What the store cannot know (is a listed
 * domain alive, is it paused) its owner may tell through a
 * virt__xs_oracle (virt.h's Xen router wires the hypervisor's). */
#if defined(VIRT__DRIVER_GLUE) && !defined(VIRT_XS_GLUE_INCLUDED)
#define VIRT_XS_GLUE_INCLUDED

/* What the event code last saw of a domain, to report changes only. */
typedef struct virt__xs_known {
    int id;
    char *name;
    unsigned char uuid[VIRT_UUID_BUFLEN];
    int has_uuid;
    unsigned long target;      /* memory/target, KiB; 0 if unknown */
    int paused;                /* the hypervisor's paused flag when last
                                  sampled: 1, 0, or -1 not sampled yet */
    int seen;                  /* mark of the current rescan */
} virt__xs_known;

/* While event_poll waits, the paused flags are sampled at least this often
 * (ms) when the oracle can tell them (SUSPENDED/RESUMED; docs/events.md). */
#ifndef VIRT_XS_PAUSE_SAMPLE_MS
#define VIRT_XS_PAUSE_SAMPLE_MS 100
#endif

/* What the store cannot do, provided by its owner (the Xen router wires the
 * hypervisor's): tell whether a domain is alive (1, 0, or -1 unknown; the
 * store may list dead domains, as libvirt 0.x noted); give the paused flag
 * of each live domain in increasing id order (count, or -1); set the
 * hypervisor's memory limit of a domain (0, or -1 with the error raised).
 * Any may be NULL. */
typedef struct virt__xs_oracle {
    void *ctx;
    int (*alive)(void *ctx, int domid);
    int (*paused)(void *ctx, int *ids, unsigned char *paused, int max);
    int (*set_limit)(void *ctx, virDomainPtr dom, int domid, unsigned long kib);
} virt__xs_oracle;

typedef struct virt__xs_priv {
    virt_xs *xs;
    virConnectPtr conn;
    virt__xs_oracle oracle;
    virt__mutex lock;          /* the protocol connection is shared with event_poll */
    int watching;
    virt__xs_known *known;
    int nknown, capknown;
} virt__xs_priv;

/* An event found under the lock, delivered after it is released (callbacks
 * may call back into this connection). */
typedef struct virt__xs_pending {
    virDomainPtr dom;
    int event;
    unsigned long long detail;
} virt__xs_pending;

typedef struct virt__xs_pending_list {
    virt__xs_pending *items;
    int n, cap;
} virt__xs_pending_list;

#define VIRT__XS_TOKEN_INTRO "virt-introduce"
#define VIRT__XS_TOKEN_RELEASE "virt-release"
#define VIRT__XS_TOKEN_NAME "virt-name-"
#define VIRT__XS_TOKEN_MEM "virt-mem-"

VIRT__PRIVATE int virt__xs_raise(virt__xs_priv *p, virDomainPtr dom, const char *api, const virt_status *st)
{
    virt__error_status(p->conn, dom, VIR_FROM_XENSTORE, virt__result_to_code(st->code), api, st);
    return -1;
}

/* Reads /local/domain/<id>/<rel>. */
VIRT__PRIVATE int virt__xs_dom_read(virt__xs_priv *p, int id, const char *rel, char **out, virt_status *st)
{
    char path[128];
    snprintf(path, sizeof path, "/local/domain/%d/%s", id, rel);
    return virt_xs_read(p->xs, 0, path, out, NULL, st);
}

/* Decimal without sign or junk; 0 when it is not one. */
VIRT__PRIVATE int virt__xs_parse_ulong(const char *s, unsigned long *out)
{
    unsigned long v = 0;
    if (!s || !*s) return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (ULONG_MAX - 9) / 10) return 0;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    *out = v;
    return 1;
}

/* "/vm/aa03ba70-e832-11f1-a634-33f88c26d566" -> 16 bytes (xl's vm path). */
VIRT__PRIVATE int virt__xs_uuid_from_vm(const char *vm, unsigned char uuid[VIRT_UUID_BUFLEN])
{
    const char *s = strrchr(vm, '/');
    int n = 0, hi = -1;
    if (!s) return 0;
    for (s++; *s && n < VIRT_UUID_BUFLEN; s++) {
        int v;
        if (*s == '-') continue;
        if (!isxdigit((unsigned char)*s)) return 0;
        v = isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10);
        if (hi < 0) hi = v;
        else { uuid[n++] = (unsigned char)(hi * 16 + v); hi = -1; }
    }
    return n == VIRT_UUID_BUFLEN && *s == '\0';
}

VIRT__PRIVATE void virt__xs_set_oracle(void *priv, const virt__xs_oracle *o)
{
    ((virt__xs_priv *)priv)->oracle = *o;
}

/* 1 if the oracle says the domain is gone; 0 if alive or unknown. */
VIRT__PRIVATE int virt__xs_says_gone(virt__xs_priv *p, int id)
{
    return p->oracle.alive && p->oracle.alive(p->oracle.ctx, id) == 0;
}

/* The numeric entries of /local/domain, live ones only; *ids allocated. */
VIRT__PRIVATE int virt__xs_ids(virt__xs_priv *p, int **ids, int *n, virt_status *st)
{
    char **names = NULL;
    unsigned int count = 0, i;
    int rc = virt_xs_directory(p->xs, 0, "/local/domain", &names, &count, st);
    *ids = NULL;
    *n = 0;
    if (rc != VIRT_OK) return rc;
    *ids = (int *)VIRT_MALLOC((count ? count : 1) * sizeof(int));
    if (!*ids) {
        VIRT_FREE(names);
        return virt__status_set(st, VIRT_E_NOMEM, 0, "xenstore: out of memory");
    }
    for (i = 0; i < count && *n < VIRT_MAX_DOMAINS; i++) {
        unsigned long id;
        if (!virt__xs_parse_ulong(names[i], &id) || id > 65535) continue;   /* not a domain id */
        if (virt__xs_says_gone(p, (int)id)) continue;
        (*ids)[(*n)++] = (int)id;
    }
    VIRT_FREE(names);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xs_open(virConnectPtr conn, const virt__uri *uri, int readonly, void **priv)
{
    virt_status st;
    virt__xs_priv *p;
    if (strcmp(uri->scheme, "xen") != 0 || !uri->local) return VIRT__DECLINED;   /* this machine's store */
    p = (virt__xs_priv *)VIRT_MALLOC(sizeof *p);
    if (!p) {
        virt__error(NULL, NULL, VIR_FROM_XENSTORE, VIR_ERR_NO_MEMORY, "xenstore backend: out of memory");
        return -1;
    }
    memset(p, 0, sizeof *p);
    p->xs = virt_xs_open(NULL, readonly ? VIRT_XS_READONLY : 0, &st);
    if (!p->xs) {
        VIRT_FREE(p);
        virt__error_status(NULL, NULL, VIR_FROM_XENSTORE, VIR_ERR_NO_XENSTORE, NULL, &st);
        return -1;
    }
    p->conn = conn;
    VIRT__MUTEX_INIT(&p->lock);
    *priv = p;
    return 0;
}

VIRT__PRIVATE void virt__xs_close(void *priv)
{
    virt__xs_priv *p = (virt__xs_priv *)priv;
    int i;
    if (!p) return;
    virt_xs_close(p->xs);
    for (i = 0; i < p->nknown; i++) VIRT_FREE(p->known[i].name);
    VIRT_FREE(p->known);
    VIRT__MUTEX_DESTROY(&p->lock);
    VIRT_FREE(p);
}

VIRT__PRIVATE int virt__xs_list_domains(void *priv, int *ids, int maxids)
{
    virt__xs_priv *p = (virt__xs_priv *)priv;
    virt_status st;
    int *all, n, i, rc;
    VIRT__LOCK(&p->lock);
    rc = virt__xs_ids(p, &all, &n, &st);
    VIRT__UNLOCK(&p->lock);
    if (rc != VIRT_OK) return virt__xs_raise(p, NULL, "list domains", &st);
    for (i = 0; i < n && i < maxids; i++) ids[i] = all[i];
    VIRT_FREE(all);
    return i;
}

VIRT__PRIVATE int virt__xs_num_of_domains(void *priv)
{
    virt__xs_priv *p = (virt__xs_priv *)priv;
    virt_status st;
    int *all, n, rc;
    VIRT__LOCK(&p->lock);
    rc = virt__xs_ids(p, &all, &n, &st);
    VIRT__UNLOCK(&p->lock);
    if (rc != VIRT_OK) return virt__xs_raise(p, NULL, "count domains", &st);
    VIRT_FREE(all);
    return n;
}

/* Name and UUID of a live id; VIRT_E_NOENT if it is not (or no longer) there. */
VIRT__PRIVATE int virt__xs_identity(virt__xs_priv *p, int id, char **name, unsigned char uuid[VIRT_UUID_BUFLEN],
                                    int *has_uuid, virt_status *st)
{
    char *vm = NULL;
    int rc;
    *has_uuid = 0;
    if (id < 0 || virt__xs_says_gone(p, id))
        return virt__status_set(st, VIRT_E_NOENT, 0, "no domain with id %d", id);
    rc = virt__xs_dom_read(p, id, "name", name, st);
    if (rc == VIRT_E_NOENT) return virt__status_set(st, VIRT_E_NOENT, 0, "no domain with id %d", id);
    if (rc != VIRT_OK) return rc;
    if (virt__xs_dom_read(p, id, "vm", &vm, st) == VIRT_OK) *has_uuid = virt__xs_uuid_from_vm(vm, uuid);
    VIRT_FREE(vm);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xs_lookup_by_id(void *priv, virConnectPtr conn, int id, virDomainPtr *out)
{
    virt__xs_priv *p = (virt__xs_priv *)priv;
    virt_status st;
    unsigned char uuid[VIRT_UUID_BUFLEN];
    char *name = NULL;
    int has_uuid, rc;
    VIRT__LOCK(&p->lock);
    rc = virt__xs_identity(p, id, &name, uuid, &has_uuid, &st);
    VIRT__UNLOCK(&p->lock);
    if (rc != VIRT_OK) return virt__xs_raise(p, NULL, "lookup by id", &st);
    *out = virt__domain_get(conn, name, has_uuid ? uuid : NULL, id);
    VIRT_FREE(name);
    return *out ? 0 : -1;
}

/* Scans the live ids for one whose name (want_name) or UUID (want_uuid) matches. */
VIRT__PRIVATE int virt__xs_scan(virt__xs_priv *p, virConnectPtr conn, const char *want_name,
                                const unsigned char *want_uuid, virDomainPtr *out, const char *api)
{
    virt_status st;
    int *ids, n, i, rc;
    VIRT__LOCK(&p->lock);
    rc = virt__xs_ids(p, &ids, &n, &st);
    for (i = 0; rc == VIRT_OK && i < n; i++) {
        unsigned char uuid[VIRT_UUID_BUFLEN];
        char *name = NULL;
        int has_uuid, found;
        if (virt__xs_identity(p, ids[i], &name, uuid, &has_uuid, &st) != VIRT_OK) continue;
        found = want_name ? strcmp(name, want_name) == 0
                          : (has_uuid && memcmp(uuid, want_uuid, VIRT_UUID_BUFLEN) == 0);
        if (found) {
            VIRT__UNLOCK(&p->lock);
            *out = virt__domain_get(conn, name, has_uuid ? uuid : NULL, ids[i]);
            VIRT_FREE(name);
            VIRT_FREE(ids);
            return *out ? 0 : -1;
        }
        VIRT_FREE(name);
    }
    VIRT__UNLOCK(&p->lock);
    VIRT_FREE(ids);
    if (rc != VIRT_OK) return virt__xs_raise(p, NULL, api, &st);
    if (want_name)
        virt__error(p->conn, NULL, VIR_FROM_XENSTORE, VIR_ERR_NO_DOMAIN, "%s: no running domain named '%s'",
                    api, want_name);
    else
        virt__error(p->conn, NULL, VIR_FROM_XENSTORE, VIR_ERR_NO_DOMAIN, "%s: no running domain with that UUID", api);
    return -1;
}

VIRT__PRIVATE int virt__xs_lookup_by_name(void *priv, virConnectPtr conn, const char *name, virDomainPtr *out)
{
    return virt__xs_scan((virt__xs_priv *)priv, conn, name, NULL, out, "lookup by name");
}

VIRT__PRIVATE int virt__xs_lookup_by_uuid(void *priv, virConnectPtr conn, const unsigned char *uuid,
                                          virDomainPtr *out)
{
    return virt__xs_scan((virt__xs_priv *)priv, conn, NULL, uuid, out, "lookup by uuid");
}

/* <vm>/image/ostype, "linux" when the vm has none (as libvirt 0.x). The
 * protocol's result (virt_result) and the driver's answer (0, -1,
 * VIRT__DECLINED) are kept in separate variables: both are negative ints. */
VIRT__PRIVATE virt_result virt__xs_os_type_read(virt__xs_priv *p, int id, char **out, int *has_vm,
                                                virt_status *st)
{
    char *vm = NULL, path[VIRT_XS_ABS_PATH_MAX + 16];
    virt_result rc = (virt_result)virt__xs_dom_read(p, id, "vm", &vm, st);
    *has_vm = rc != VIRT_E_NOENT;
    if (rc == VIRT_OK) {
        snprintf(path, sizeof path, "%s/image/ostype", vm);
        rc = (virt_result)virt_xs_read(p->xs, 0, path, out, NULL, st);
        if (rc == VIRT_E_NOENT) rc = (*out = virt__strdup("linux")) ? VIRT_OK : VIRT_E_NOMEM;
    } else if (rc == VIRT_E_NOENT) {
        char *name = NULL;           /* no vm path: is the domain there at all? */
        rc = (virt_result)virt__xs_dom_read(p, id, "name", &name, st);
        VIRT_FREE(name);
    }
    VIRT_FREE(vm);
    if (rc == VIRT_E_NOMEM) virt__status_set(st, VIRT_E_NOMEM, 0, "out of memory");
    return rc;
}

VIRT__PRIVATE int virt__xs_get_os_type(void *priv, virDomainPtr dom, char **out)
{
    virt__xs_priv *p = (virt__xs_priv *)priv;
    virt_status st;
    virt_result rc;
    int has_vm = 1, id = virt__domain_id(dom);
    if (id < 0) return VIRT__DECLINED;               /* inactive: not in the store */
    VIRT__LOCK(&p->lock);
    rc = virt__xs_os_type_read(p, id, out, &has_vm, &st);
    VIRT__UNLOCK(&p->lock);
    /* no vm path, but the domain is there (dom0 on Xen 4.x has none): the
     * store cannot say; the router asks xend, else answers libvirt 0.x's
     * "linux" */
    if (rc == VIRT_OK && !has_vm) return VIRT__DECLINED;
    return rc == VIRT_OK ? 0 : virt__xs_raise(p, dom, "OS type", &st);
}

/* memory/<leaf> in KiB */
VIRT__PRIVATE int virt__xs_dom_kib(virt__xs_priv *p, int id, const char *leaf, unsigned long *kib, virt_status *st)
{
    char rel[64], *v = NULL;
    int rc;
    snprintf(rel, sizeof rel, "memory/%s", leaf);
    rc = virt__xs_dom_read(p, id, rel, &v, st);
    if (rc == VIRT_OK && !virt__xs_parse_ulong(v, kib))
        rc = virt__status_set(st, VIRT_E_SYNTAX, 0, "/local/domain/%d/%s is not a number: '%.40s'", id, rel, v);
    VIRT_FREE(v);
    return rc;
}

VIRT__PRIVATE int virt__xs_max_kib(virt__xs_priv *p, int id, unsigned long *kib, virt_status *st)
{
    int rc = virt__xs_dom_kib(p, id, "static-max", kib, st);
    return rc == VIRT_E_NOENT ? virt__xs_dom_kib(p, id, "target", kib, st) : rc;
}

VIRT__PRIVATE int virt__xs_get_max_memory(void *priv, virDomainPtr dom, unsigned long *out)
{
    virt__xs_priv *p = (virt__xs_priv *)priv;
    virt_status st;
    int rc, id = virt__domain_id(dom);
    if (id < 0) return VIRT__DECLINED;
    VIRT__LOCK(&p->lock);
    rc = virt__xs_max_kib(p, id, out, &st);
    VIRT__UNLOCK(&p->lock);
    return rc == VIRT_OK ? 0 : virt__xs_raise(p, dom, "max memory", &st);
}

/* Online vCPUs: entries of cpu/ whose availability is "online" (or unset). */
VIRT__PRIVATE int virt__xs_vcpus(virt__xs_priv *p, int id, unsigned short *n, virt_status *st)
{
    char path[96], **names = NULL;
    unsigned int count = 0, i;
    int rc;
    snprintf(path, sizeof path, "/local/domain/%d/cpu", id);
    rc = virt_xs_directory(p->xs, 0, path, &names, &count, st);
    if (rc == VIRT_E_NOENT) { *n = 0; return VIRT_OK; }
    if (rc != VIRT_OK) return rc;
    *n = 0;
    for (i = 0; i < count; i++) {
        char sub[160], *v = NULL;
        snprintf(sub, sizeof sub, "%s/%.40s/availability", path, names[i]);
        rc = virt_xs_read(p->xs, 0, sub, &v, NULL, st);
        if (rc == VIRT_E_NOENT || (rc == VIRT_OK && strcmp(v, "online") == 0)) (*n)++;
        VIRT_FREE(v);
        if (rc != VIRT_OK && rc != VIRT_E_NOENT) break;
        rc = VIRT_OK;
    }
    VIRT_FREE(names);
    return rc;
}

VIRT__PRIVATE int virt__xs_get_info(void *priv, virDomainPtr dom, virDomainInfoPtr info)
{
    virt__xs_priv *p = (virt__xs_priv *)priv;
    virt_status st;
    unsigned long target = 0, max = 0;
    int rc, id = virt__domain_id(dom);
    if (id < 0) return VIRT__DECLINED;
    memset(info, 0, sizeof *info);
    VIRT__LOCK(&p->lock);
    rc = virt__xs_dom_kib(p, id, "target", &target, &st);
    if (rc == VIRT_OK) rc = virt__xs_max_kib(p, id, &max, &st);
    if (rc == VIRT_OK) rc = virt__xs_vcpus(p, id, &info->nrVirtCpu, &st);
    VIRT__UNLOCK(&p->lock);
    if (rc != VIRT_OK) return virt__xs_raise(p, dom, "domain info", &st);
    info->state = VIR_DOMAIN_NOSTATE;     /* not in the store */
    info->memory = target;
    info->maxMem = max;
    return 0;
}

/* Writes /local/domain/<id>/<rel> = value after checking the domain is there. */
VIRT__PRIVATE int virt__xs_dom_write(virt__xs_priv *p, virDomainPtr dom, const char *rel, const char *value,
                                     const char *api)
{
    virt_status st;
    char path[128], *name = NULL;
    int rc, id = virt__domain_id(dom);
    if (id < 0) return VIRT__DECLINED;
    snprintf(path, sizeof path, "/local/domain/%d/%s", id, rel);
    VIRT__LOCK(&p->lock);
    rc = virt__xs_dom_read(p, id, "name", &name, &st);
    if (rc == VIRT_E_NOENT || (rc == VIRT_OK && virt__xs_says_gone(p, id)))
        rc = virt__status_set(&st, VIRT_E_NOENT, 0, "domain %d ('%s') is no longer running", id, virt__domain_name(dom));
    if (rc == VIRT_OK) rc = virt_xs_write(p->xs, 0, path, value, strlen(value), &st);
    VIRT__UNLOCK(&p->lock);
    VIRT_FREE(name);
    return rc == VIRT_OK ? 0 : virt__xs_raise(p, dom, api, &st);
}

VIRT__PRIVATE int virt__xs_set_memory(void *priv, virDomainPtr dom, unsigned long kib)
{
    char v[32];
    snprintf(v, sizeof v, "%lu", kib);
    return virt__xs_dom_write((virt__xs_priv *)priv, dom, "memory/target", v, "set memory");
}

/* Xen's toolstack gives the hypervisor limit this much above static-max
 * (LIBXL_MAXMEM_CONSTANT, tools/libs/light/libxl_mem.c, x86). */
#define VIRT__XS_MAXMEM_SLACK_KIB 1024ul

/* setmaxmem as libxl_domain_setmaxmem does it, so `xl list -l` agrees:
 * refuse a maximum below memory/target, raise the hypervisor limit (the
 * oracle's set_limit: the max_mem domctl) to the new maximum plus the
 * toolstack's slack, then record the maximum in memory/static-max.
 * Declined without a set_limit: the store alone cannot change a limit. */
VIRT__PRIVATE int virt__xs_set_max_memory(void *priv, virDomainPtr dom, unsigned long kib)
{
    virt__xs_priv *p = (virt__xs_priv *)priv;
    virt_status st;
    unsigned long target = 0;
    char v[32];
    int rc, id = virt__domain_id(dom);
    if (id < 0 || !p->oracle.set_limit) return VIRT__DECLINED;
    VIRT__LOCK(&p->lock);
    rc = virt__xs_dom_kib(p, id, "target", &target, &st);
    VIRT__UNLOCK(&p->lock);
    if (rc != VIRT_OK) return virt__xs_raise(p, dom, "set max memory", &st);
    if (kib < target) {
        virt__error(p->conn, dom, VIR_FROM_XENSTORE, VIR_ERR_INVALID_ARG,
                    "set max memory: %lu KiB is below the memory target of domain '%s' (%lu KiB)",
                    kib, virt__domain_name(dom), target);
        return -1;
    }
    if (kib > ULONG_MAX - VIRT__XS_MAXMEM_SLACK_KIB) {
        virt__error(p->conn, dom, VIR_FROM_XENSTORE, VIR_ERR_INVALID_ARG,
                    "set max memory: %lu KiB is too large", kib);
        return -1;
    }
    if (p->oracle.set_limit(p->oracle.ctx, dom, id, kib + VIRT__XS_MAXMEM_SLACK_KIB) < 0) return -1;
    snprintf(v, sizeof v, "%lu", kib);
    return virt__xs_dom_write(p, dom, "memory/static-max", v, "set max memory");
}

VIRT__PRIVATE int virt__xs_shutdown_request(void *priv, virDomainPtr dom, const char *what)
{
    if (virt__domain_id(dom) == 0) {
        virt__error(((virt__xs_priv *)priv)->conn, dom, VIR_FROM_XENSTORE, VIR_ERR_OPERATION_INVALID,
                    "%s: domain 0 does not take requests through control/shutdown", what);
        return -1;
    }
    return virt__xs_dom_write((virt__xs_priv *)priv, dom, "control/shutdown", what, what);
}

VIRT__PRIVATE int virt__xs_shutdown(void *priv, virDomainPtr dom)
{
    return virt__xs_shutdown_request(priv, dom, "poweroff");
}

VIRT__PRIVATE int virt__xs_reboot(void *priv, virDomainPtr dom, unsigned int flags)
{
    (void)flags;
    return virt__xs_shutdown_request(priv, dom, "reboot");
}

/* The event watch: started once, then a poll per wake-up (set-up and
 * bookkeeping, not a per-call path): compiled for size. */
VIRT__FOR_SIZE_BEGIN
/* >>xs events */

VIRT__PRIVATE void virt__xs_pend(virt__xs_priv *p, virt__xs_pending_list *l, const virt__xs_known *k, int id,
                                 int event, unsigned long long detail)
{
    virDomainPtr dom;
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 8;
        virt__xs_pending *n = (virt__xs_pending *)VIRT_REALLOC(l->items, (size_t)cap * sizeof *n);
        if (!n) return;                          /* out of memory: the event is lost */
        l->items = n;
        l->cap = cap;
    }
    dom = virt__domain_get(p->conn, k->name, k->has_uuid ? k->uuid : NULL, id);
    if (!dom) return;
    l->items[l->n].dom = dom;
    l->items[l->n].event = event;
    l->items[l->n].detail = detail;
    l->n++;
}

VIRT__PRIVATE void virt__xs_watch_domain(virt__xs_priv *p, int id, int on)
{
    char path[96], token[48];
    virt_status st;
    snprintf(path, sizeof path, "/local/domain/%d/name", id);
    snprintf(token, sizeof token, VIRT__XS_TOKEN_NAME "%d", id);
    if (on) (void)virt_xs_watch(p->xs, path, token, &st); else (void)virt_xs_unwatch(p->xs, path, token, &st);
    snprintf(path, sizeof path, "/local/domain/%d/memory/target", id);
    snprintf(token, sizeof token, VIRT__XS_TOKEN_MEM "%d", id);
    if (on) (void)virt_xs_watch(p->xs, path, token, &st); else (void)virt_xs_unwatch(p->xs, path, token, &st);
}

VIRT__PRIVATE virt__xs_known *virt__xs_find_known(virt__xs_priv *p, int id)
{
    int i;
    for (i = 0; i < p->nknown; i++) if (p->known[i].id == id) return &p->known[i];
    return NULL;
}

/* Compares /local/domain with what was known: new named ids are STARTED,
 * vanished (or hypervisor-dead) ones STOPPED. report=0 only records. */
VIRT__PRIVATE int virt__xs_rescan(virt__xs_priv *p, virt__xs_pending_list *l, int report, virt_status *st)
{
    int *ids, n, i, rc = virt__xs_ids(p, &ids, &n, st);
    if (rc != VIRT_OK) return rc;
    for (i = 0; i < p->nknown; i++) p->known[i].seen = 0;
    for (i = 0; i < n; i++) {
        virt__xs_known k, *old = virt__xs_find_known(p, ids[i]);
        if (old) { old->seen = 1; continue; }
        memset(&k, 0, sizeof k);
        k.id = ids[i];
        k.seen = 1;
        k.paused = -1;                           /* the next pause sample records it */
        /* not named yet: the toolstack is still writing; the next event tells */
        if (virt__xs_identity(p, ids[i], &k.name, k.uuid, &k.has_uuid, st) != VIRT_OK) continue;
        (void)virt__xs_dom_kib(p, ids[i], "target", &k.target, st);
        if (p->nknown == p->capknown) {
            int cap = p->capknown ? p->capknown * 2 : 16;
            virt__xs_known *nk = (virt__xs_known *)VIRT_REALLOC(p->known, (size_t)cap * sizeof *nk);
            if (!nk) { VIRT_FREE(k.name); continue; }
            p->known = nk;
            p->capknown = cap;
        }
        p->known[p->nknown++] = k;
        virt__xs_watch_domain(p, k.id, 1);
        if (report) virt__xs_pend(p, l, &k, k.id, VIRT_DOMAIN_EVENT_STARTED, 0);
    }
    VIRT_FREE(ids);
    for (i = 0; i < p->nknown;) {
        virt__xs_known *k = &p->known[i];
        if (k->seen) { i++; continue; }
        if (report) virt__xs_pend(p, l, k, -1, VIRT_DOMAIN_EVENT_STOPPED, 0);
        virt__xs_watch_domain(p, k->id, 0);
        VIRT_FREE(k->name);
        p->known[i] = p->known[--p->nknown];
    }
    virt__status_clear(st);
    return VIRT_OK;
}

/* A memory/target watch fired: report the new target if it changed. */
VIRT__PRIVATE void virt__xs_check_memory(virt__xs_priv *p, virt__xs_pending_list *l, int id)
{
    virt__xs_known *k = virt__xs_find_known(p, id);
    unsigned long kib;
    virt_status st;
    if (!k || virt__xs_dom_kib(p, id, "target", &kib, &st) != VIRT_OK || kib == k->target) return;
    k->target = kib;
    virt__xs_pend(p, l, k, id, VIRT_DOMAIN_EVENT_MEMORY, kib);
}

/* A name watch fired: a renamed domain (xl rename) keeps its record, so
 * that a later STOPPED names it as it is called then. */
VIRT__PRIVATE void virt__xs_check_name(virt__xs_priv *p, int id)
{
    virt__xs_known *k = virt__xs_find_known(p, id);
    char *name = NULL;
    virt_status st;
    if (!k || virt__xs_dom_read(p, id, "name", &name, &st) != VIRT_OK) return;
    if (strcmp(name, k->name) != 0) { VIRT_FREE(k->name); k->name = name; }
    else VIRT_FREE(name);
}

/* SUSPENDED/RESUMED: one snapshot of the oracle's paused flags (from the
 * hypervisor: one getdomaininfolist per VIRT_HV_BATCH domains), compared with
 * what was last seen of each known domain. A domain sampled for the first
 * time, or with report=0, is only recorded; one that the hypervisor does
 * not list as live (gone, dying, shut down) keeps its record (STOPPED is
 * the rescan's business). Nothing without an oracle that tells, or when
 * the sample fails (the next one tells). Called with both locks held. */
VIRT__PRIVATE void virt__xs_check_pause(virt__xs_priv *p, virt__xs_pending_list *l, int report)
{
    int *ids, n, i;
    unsigned char *paused;
    if (!p->oracle.paused || p->nknown == 0) return;
    ids = (int *)VIRT_MALLOC(VIRT_MAX_DOMAINS * sizeof *ids);
    paused = (unsigned char *)VIRT_MALLOC(VIRT_MAX_DOMAINS);
    n = ids && paused ? p->oracle.paused(p->oracle.ctx, ids, paused, VIRT_MAX_DOMAINS) : -1;
    for (i = 0; i < p->nknown && n > 0; i++) {
        virt__xs_known *k = &p->known[i];
        int lo = 0, hi = n - 1, now = -1;
        while (lo <= hi) {                       /* ids increase */
            int mid = lo + (hi - lo) / 2;
            if (ids[mid] == k->id) { now = paused[mid]; break; }
            if (ids[mid] < k->id) lo = mid + 1; else hi = mid - 1;
        }
        if (now < 0 || now == k->paused) continue;
        if (report && k->paused >= 0)
            virt__xs_pend(p, l, k, k->id, now ? VIRT_DOMAIN_EVENT_SUSPENDED : VIRT_DOMAIN_EVENT_RESUMED, 0);
        k->paused = now;
    }
    VIRT_FREE(ids);
    VIRT_FREE(paused);
}

VIRT__PRIVATE int virt__xs_event_start(void *priv, virConnectPtr conn)
{
    virt__xs_priv *p = (virt__xs_priv *)priv;
    virt_status st;
    int rc = VIRT_OK;
    (void)conn;
    VIRT__LOCK(&p->lock);
    if (!p->watching) {
        /* @introduceDomain / @releaseDomain: xenstored's special watches
         * (xenstore.txt), fired on domain introduction and on shutdown,
         * crash, release or destruction */
        rc = virt_xs_watch(p->xs, "@introduceDomain", VIRT__XS_TOKEN_INTRO, &st);
        if (rc == VIRT_OK) rc = virt_xs_watch(p->xs, "@releaseDomain", VIRT__XS_TOKEN_RELEASE, &st);
        if (rc == VIRT_OK) rc = virt__xs_rescan(p, NULL, 0, &st);
        if (rc == VIRT_OK) virt__xs_check_pause(p, NULL, 0);   /* paused flags as they are now */
        if (rc == VIRT_OK) p->watching = 1;
    }
    VIRT__UNLOCK(&p->lock);
    return rc == VIRT_OK ? 0 : virt__xs_raise(p, NULL, "event registration", &st);
}

/* Handles the queued events without waiting: at most one queue's worth
 * (VIRT_XS_MAX_QUEUED_EVENTS), and one rescan for all that call for one,
 * after them. The requests a rescan makes bring more events when
 * xenstored sends one before each reply; handling those in the same call
 * never ended (issue 15 item 2): they wait for the next pass. */
VIRT__PRIVATE int virt__xs_drain(virt__xs_priv *p, virt__xs_pending_list *l, virt_status *st)
{
    size_t nm = strlen(VIRT__XS_TOKEN_MEM), nn = strlen(VIRT__XS_TOKEN_NAME);
    int rescan = 0, n, rc = VIRT_OK;
    for (n = 0; n < VIRT_XS_MAX_QUEUED_EVENTS && rc == VIRT_OK; n++) {
        char *path = NULL, *token = NULL;
        rc = virt_xs_read_watch(p->xs, 0, &path, &token, st);
        if (rc == VIRT_E_TIMEOUT) { rc = VIRT_OK; break; }
        if (rc == VIRT_E_LIMIT) { rescan = 1; rc = VIRT_OK; }   /* events were dropped: resync */
        else if (rc == VIRT_OK) {
            if (strncmp(token, VIRT__XS_TOKEN_MEM, nm) == 0) virt__xs_check_memory(p, l, atoi(token + nm));
            else {
                if (strncmp(token, VIRT__XS_TOKEN_NAME, nn) == 0) virt__xs_check_name(p, atoi(token + nn));
                rescan = 1;
            }
        }
        VIRT_FREE(path);
        VIRT_FREE(token);
    }
    if (rc == VIRT_OK && rescan) rc = virt__xs_rescan(p, l, 1, st);
    return rc;
}

VIRT__PRIVATE int virt__xs_event_poll(void *priv, virConnectPtr conn, int timeout_ms)
{
    virt__xs_priv *p = (virt__xs_priv *)priv;
    long long deadline = virt__xs_deadline(timeout_ms);
    /* with an oracle for pauses, each pass also samples the paused flags:
     * waits are cut into slices of VIRT_XS_PAUSE_SAMPLE_MS so that a pause
     * is noticed within that while the poll waits */
    long long slice = p->oracle.paused ? VIRT_XS_PAUSE_SAMPLE_MS : 250;
    int delivered = 0;
    (void)conn;
    for (;;) {
        virt__xs_pending_list l;
        virt_status st;
        int rc, fd, i, queued;
        struct pollfd pfd;
        memset(&l, 0, sizeof l);
        /* the connection's call lock too (same order as API calls: call,
         * then ours) while handling events, because a rescan may ask the
         * oracle, whose backend counts on calls being serialised */
        virt__call_lock(p->conn);
        VIRT__LOCK(&p->lock);
        rc = p->watching ? virt__xs_drain(p, &l, &st) : VIRT_OK;
        if (rc == VIRT_OK && p->watching) virt__xs_check_pause(p, &l, 1);
        fd = virt_xs_fileno(p->xs);
        queued = (int)virt_xs_pending_events(p->xs);   /* left for the next pass */
        VIRT__UNLOCK(&p->lock);
        virt__call_unlock(p->conn);
        for (i = 0; i < l.n; i++) {
            virt__event_emit(p->conn, l.items[i].dom, l.items[i].event, l.items[i].detail);
            virDomainFree(l.items[i].dom);
        }
        delivered += l.n;
        VIRT_FREE(l.items);
        if (rc != VIRT_OK) return virt__xs_raise(p, NULL, "event poll", &st);
        if (delivered || !p->watching) return delivered;
        {
            long long left = deadline < 0 ? slice : deadline - virt__xs_now_ms();
            if (left <= 0) return 0;
            /* waits without the lock, so that other calls go on; in slices,
             * because another thread may reconnect (new fd) meanwhile, and
             * to sample the paused flags again */
            pfd.fd = fd;
            pfd.events = POLLIN;
            pfd.revents = 0;
            if (fd >= 0 && !queued) (void)poll(&pfd, 1, left > slice ? (int)slice : (int)left);
        }
    }
}

/* Two MAC addresses' text equal but for the case of the hex digits. */
VIRT__PRIVATE int virt__xs_mac_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

/* A device's id (its number under the backend directory) for the xend
 * backend's hot-unplug, as libvirt's xend driver found it in the store
 * (xs_internal.c xenStoreDomainGetDiskID / GetNetworkID / GetPCIID):
 * cls "vbd" looks for key among /local/domain/0/backend/vbd/<domid>/<n>/dev,
 * then backend/tap (blktap disks); "vif" compares key with each
 * backend/vif/<domid>/<n>/mac ignoring case; "pci" compares it with
 * backend/pci/<domid>/<n>/dev-0 (the BDF "0000:00:1b.0"). 1 and the id in
 * out, 0 when no device matches (a missing directory too), -1 after
 * raising the error of a store that failed. */
VIRT__PRIVATE int virt__xs_device_id(void *priv, virDomainPtr dom, int domid, const char *cls, const char *key,
                                     char *out, size_t cap)
{
    virt__xs_priv *p = (virt__xs_priv *)priv;
    const char *dirs[2], *leaf;
    int ndirs, d, found = 0, failed = 0;
    virt_status st;
    memset(&st, 0, sizeof st);
    if (strcmp(cls, "vif") == 0) { dirs[0] = "vif"; ndirs = 1; leaf = "mac"; }
    else if (strcmp(cls, "pci") == 0) { dirs[0] = "pci"; ndirs = 1; leaf = "dev-0"; }
    else { dirs[0] = "vbd"; dirs[1] = "tap"; ndirs = 2; leaf = "dev"; }
    VIRT__LOCK(&p->lock);
    for (d = 0; d < ndirs && !found && !failed; d++) {
        char dir[96], path[192], **names = NULL;
        unsigned int count = 0, i;
        int rc;
        snprintf(dir, sizeof dir, "/local/domain/0/backend/%s/%d", dirs[d], domid);
        rc = virt_xs_directory(p->xs, 0, dir, &names, &count, &st);
        if (rc == VIRT_E_NOENT) continue;
        if (rc != VIRT_OK) { failed = 1; break; }
        for (i = 0; i < count && !found; i++) {
            char *v = NULL;
            snprintf(path, sizeof path, "%s/%s/%s", dir, names[i], leaf);
            rc = virt_xs_read(p->xs, 0, path, &v, NULL, &st);
            if (rc == VIRT_E_NOENT) continue;
            if (rc != VIRT_OK) { failed = 1; break; }
            if (strcmp(cls, "vif") == 0 ? virt__xs_mac_eq(v, key) : strcmp(v, key) == 0) {
                if (strlen(names[i]) < cap) { memcpy(out, names[i], strlen(names[i]) + 1); found = 1; }
            }
            VIRT_FREE(v);
        }
        VIRT_FREE(names);
    }
    VIRT__UNLOCK(&p->lock);
    if (failed) return virt__xs_raise(p, dom, "device id", &st);
    return found;
}

VIRT__PRIVATE void virt__xs_driver_fill(virt__driver *d)
{
    d->name = "xenstore";
    d->type = "Xen";
    d->origin = VIR_FROM_XENSTORE;
    d->open = virt__xs_open;
    d->close = virt__xs_close;
    d->list_domains = virt__xs_list_domains;
    d->num_of_domains = virt__xs_num_of_domains;
    d->domain_lookup_by_id = virt__xs_lookup_by_id;
    d->domain_lookup_by_name = virt__xs_lookup_by_name;
    d->domain_lookup_by_uuid = virt__xs_lookup_by_uuid;
    d->domain_get_os_type = virt__xs_get_os_type;
    d->domain_get_max_memory = virt__xs_get_max_memory;
    d->domain_get_info = virt__xs_get_info;
    d->domain_set_memory = virt__xs_set_memory;
    d->domain_set_max_memory = virt__xs_set_max_memory;
    d->domain_shutdown = virt__xs_shutdown;
    d->domain_reboot = virt__xs_reboot;
    d->event_start = virt__xs_event_start;
    d->event_poll = virt__xs_event_poll;
}
VIRT__FOR_SIZE_END
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
