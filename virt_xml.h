/* virt_xml.h - domain XML: definition struct, expat parser, writer - virt 0.1 - MIT licence (see end of file)

   Do this:
      #define VIRT_IMPLEMENTATION
      #include "virt.h"
   in exactly ONE C or C++ file (never in a header); every other file just
   includes the header.

   Needs expat (link with -lexpat). Compile-time options: see virt.h.
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

typedef enum virt_disk_type { VIRT_DISK_FILE = 0, VIRT_DISK_BLOCK = 1 } virt_disk_type;
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
} virt_disk_def;

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
    char *script;               /* <script path=''> */
    char *target;               /* <target dev=''> */
} virt_net_def;

typedef enum virt_graphics_type { VIRT_GRAPHICS_VNC = 0, VIRT_GRAPHICS_SDL = 1 } virt_graphics_type;
typedef struct virt_graphics_def {
    virt_graphics_type type;
    int port;                   /* -1: autoport (no port attribute / port='-1') */
    char *listen;               /* NULL if absent */
    char *passwd;               /* NULL if absent */
    char *keymap;               /* NULL if absent */
} virt_graphics_def;

typedef struct virt_console_def {
    char *tty;                  /* <console tty=''>, NULL for a bare <console/> */
} virt_console_def;

typedef enum virt_device_kind {
    VIRT_DEVICE_DISK = 0, VIRT_DEVICE_INTERFACE = 1,
    VIRT_DEVICE_GRAPHICS = 2, VIRT_DEVICE_CONSOLE = 3
} virt_device_kind;
/* One <devices> child. Devices keep their document order, because xend
 * reports them in its own order and the XML must follow it. */
typedef struct virt_device_def {
    virt_device_kind kind;
    union {
        virt_disk_def disk;
        virt_net_def net;
        virt_graphics_def graphics;
        virt_console_def console;
    } u;
} virt_device_def;

/* A domain definition: what a domain XML document says. Every string is
 * owned by the struct (VIRT_MALLOC'd) and may be NULL when absent. */
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
} virt_domain_def;

/* Parse a domain XML document of `len` bytes (len may be (size_t)-1 for a
 * NUL-terminated string). On success *out is a new definition (free it with
 * virt_domain_def_free) and VIRT_OK is returned. On failure a negative
 * virt_result: VIRT_E_SYNTAX for malformed XML, VIRT_E_INVAL for a bad value,
 * VIRT_E_LIMIT when over VIRT_XML_MAX_BYTES; st->message then says which line,
 * column, element and value. Thread-safe. */
VIRT_API int virt_domain_def_parse(const char *xml, size_t len, virt_domain_def **out,
                                   virt_status *st);
/* Write the definition as libvirt 0.2.0 wrote Xen domain XML (2-space indent,
 * fixed element order, trailing newline). Returns a VIRT_MALLOC'd string or
 * NULL when out of memory. Thread-safe. */
VIRT_API char *virt_domain_def_format(const virt_domain_def *def);
/* Deep copy; NULL when out of memory. */
VIRT_API virt_domain_def *virt_domain_def_copy(const virt_domain_def *def);
/* A new, empty definition (id -1), NULL when out of memory. */
VIRT_API virt_domain_def *virt_domain_def_new(void);
VIRT_API void virt_domain_def_free(virt_domain_def *def);

/* "on_*" names <-> enum ("destroy", "restart", "preserve", "rename-restart");
 * parse returns VIRT_LIFECYCLE_UNSET for an unknown name. */
VIRT_API virt_lifecycle virt_lifecycle_from_string(const char *s);
VIRT_API const char *virt_lifecycle_to_string(virt_lifecycle l);

/* UUIDs: parse accepts 32 hex digits with or without dashes anywhere
 * (libvirt's rule), either case; returns 0 or -1. format writes the dashed
 * lower-case form into buf[VIRT_UUID_STRING_BUFLEN]. */
VIRT_API int virt_uuid_parse(const char *s, unsigned char uuid[VIRT_UUID_BUFLEN]);
VIRT_API void virt_uuid_format(const unsigned char uuid[VIRT_UUID_BUFLEN], char *buf);
/* MAC addresses "aa:bb:cc:dd:ee:ff": 0 if valid, -1 if not. */
VIRT_API int virt_mac_parse(const char *s, unsigned char mac[6]);

/* Escape &, <, >, ' and " for XML; appends to a new VIRT_MALLOC'd string. */
VIRT_API char *virt_xml_escape(const char *s);

#ifdef __cplusplus
}
#endif
#endif /* VIRT_XML_H */


#if defined(VIRT_IMPLEMENTATION) && !defined(VIRT_XML_IMPLEMENTATION_INCLUDED)
#define VIRT_XML_IMPLEMENTATION_INCLUDED
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

/* >>xml implementation */
#include <expat.h>

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

VIRT__PRIVATE void virt__xml_escape_into(virt__buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '\'': rep = "&apos;"; break;
        case '"': rep = "&quot;"; break;
        default: continue;
        }
        virt__buf_add(b, run, (size_t)(s - run));
        virt__buf_puts(b, rep);
        run = s + 1;
    }
    virt__buf_add(b, run, (size_t)(s - run));
}

VIRT_API char *virt_xml_escape(const char *s)
{
    virt__buf b;
    if (!s) return NULL;
    memset(&b, 0, sizeof b);
    virt__xml_escape_into(&b, s);
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

VIRT__PRIVATE void virt__device_clear(virt_device_def *d)
{
    switch (d->kind) {
    case VIRT_DEVICE_DISK:
        VIRT_FREE(d->u.disk.driver_name);
        VIRT_FREE(d->u.disk.driver_type);
        VIRT_FREE(d->u.disk.source);
        VIRT_FREE(d->u.disk.target);
        break;
    case VIRT_DEVICE_INTERFACE:
        VIRT_FREE(d->u.net.source);
        VIRT_FREE(d->u.net.mac);
        VIRT_FREE(d->u.net.ip);
        VIRT_FREE(d->u.net.script);
        VIRT_FREE(d->u.net.target);
        break;
    case VIRT_DEVICE_GRAPHICS:
        VIRT_FREE(d->u.graphics.listen);
        VIRT_FREE(d->u.graphics.passwd);
        VIRT_FREE(d->u.graphics.keymap);
        break;
    case VIRT_DEVICE_CONSOLE:
        VIRT_FREE(d->u.console.tty);
        break;
    }
    memset(d, 0, sizeof *d);
}

VIRT_API void virt_domain_def_free(virt_domain_def *def)
{
    size_t i;
    if (!def) return;
    VIRT_FREE(def->type);
    VIRT_FREE(def->name);
    VIRT_FREE(def->bootloader);
    VIRT_FREE(def->bootloader_args);
    VIRT_FREE(def->os.type);
    VIRT_FREE(def->os.arch);
    VIRT_FREE(def->os.machine);
    VIRT_FREE(def->os.loader);
    VIRT_FREE(def->os.kernel);
    VIRT_FREE(def->os.initrd);
    VIRT_FREE(def->os.root);
    VIRT_FREE(def->os.cmdline);
    VIRT_FREE(def->os.boot_dev);
    VIRT_FREE(def->emulator);
    for (i = 0; i < def->ndevices; i++) virt__device_clear(&def->devices[i]);
    VIRT_FREE(def->devices);
    VIRT_FREE(def);
}

/* Copies *src into *dst; 0 when out of memory (dst then owns what was
 * copied so far, so freeing it is enough). */
VIRT__PRIVATE int virt__xml_dup_field(char **dst, const char *src)
{
    *dst = NULL;
    if (!src) return 1;
    *dst = virt__strdup(src);
    return *dst != NULL;
}

VIRT__PRIVATE int virt__device_copy(virt_device_def *dst, const virt_device_def *src)
{
    int ok = 1;
    *dst = *src;
    switch (src->kind) {
    case VIRT_DEVICE_DISK:
        ok &= virt__xml_dup_field(&dst->u.disk.driver_name, src->u.disk.driver_name);
        ok &= virt__xml_dup_field(&dst->u.disk.driver_type, src->u.disk.driver_type);
        ok &= virt__xml_dup_field(&dst->u.disk.source, src->u.disk.source);
        ok &= virt__xml_dup_field(&dst->u.disk.target, src->u.disk.target);
        break;
    case VIRT_DEVICE_INTERFACE:
        ok &= virt__xml_dup_field(&dst->u.net.source, src->u.net.source);
        ok &= virt__xml_dup_field(&dst->u.net.mac, src->u.net.mac);
        ok &= virt__xml_dup_field(&dst->u.net.ip, src->u.net.ip);
        ok &= virt__xml_dup_field(&dst->u.net.script, src->u.net.script);
        ok &= virt__xml_dup_field(&dst->u.net.target, src->u.net.target);
        break;
    case VIRT_DEVICE_GRAPHICS:
        ok &= virt__xml_dup_field(&dst->u.graphics.listen, src->u.graphics.listen);
        ok &= virt__xml_dup_field(&dst->u.graphics.passwd, src->u.graphics.passwd);
        ok &= virt__xml_dup_field(&dst->u.graphics.keymap, src->u.graphics.keymap);
        break;
    case VIRT_DEVICE_CONSOLE:
        ok &= virt__xml_dup_field(&dst->u.console.tty, src->u.console.tty);
        break;
    }
    return ok;
}

VIRT__PRIVATE int virt__def_copy_strings(virt_domain_def *dst, const virt_domain_def *src)
{
    int ok = 1;
    ok &= virt__xml_dup_field(&dst->type, src->type);
    ok &= virt__xml_dup_field(&dst->name, src->name);
    ok &= virt__xml_dup_field(&dst->bootloader, src->bootloader);
    ok &= virt__xml_dup_field(&dst->bootloader_args, src->bootloader_args);
    ok &= virt__xml_dup_field(&dst->os.type, src->os.type);
    ok &= virt__xml_dup_field(&dst->os.arch, src->os.arch);
    ok &= virt__xml_dup_field(&dst->os.machine, src->os.machine);
    ok &= virt__xml_dup_field(&dst->os.loader, src->os.loader);
    ok &= virt__xml_dup_field(&dst->os.kernel, src->os.kernel);
    ok &= virt__xml_dup_field(&dst->os.initrd, src->os.initrd);
    ok &= virt__xml_dup_field(&dst->os.root, src->os.root);
    ok &= virt__xml_dup_field(&dst->os.cmdline, src->os.cmdline);
    ok &= virt__xml_dup_field(&dst->os.boot_dev, src->os.boot_dev);
    ok &= virt__xml_dup_field(&dst->emulator, src->emulator);
    return ok;
}

VIRT_API virt_domain_def *virt_domain_def_copy(const virt_domain_def *src)
{
    virt_domain_def *dst;
    size_t i, bytes;
    if (!src) return NULL;
    dst = virt_domain_def_new();
    if (!dst) return NULL;
    *dst = *src;
    dst->devices = NULL;
    dst->ndevices = 0;
    if (!virt__def_copy_strings(dst, src)) goto fail;
    if (src->ndevices) {
        if (!virt__size_mul(src->ndevices, sizeof *src->devices, &bytes)) goto fail;
        dst->devices = (virt_device_def *)VIRT_MALLOC(bytes);
        if (!dst->devices) goto fail;
        for (i = 0; i < src->ndevices; i++) {
            dst->ndevices = i + 1;
            if (!virt__device_copy(&dst->devices[i], &src->devices[i])) goto fail;
        }
    }
    return dst;
fail:
    virt_domain_def_free(dst);
    return NULL;
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
