/* virt_xs.h - xenstore backend: wire-protocol client and xenstore driver - virt 0.1 - MIT licence (see end of file)

   Do this:
      #define VIRT_IMPLEMENTATION
      #include "virt.h"
   in exactly ONE C or C++ file (never in a header); every other file just
   includes the header.

   Compile-time options: see virt.h ("Configuration"). This file is usable
   alone as a protocol library: include it without virt.h.
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

#ifndef VIRT_XS_H
#define VIRT_XS_H
#ifdef __cplusplus
extern "C" {
#endif
/* (declarations of the protocol library come here) */
#ifdef __cplusplus
}
#endif
#endif /* VIRT_XS_H */

#if defined(VIRT_IMPLEMENTATION) && !defined(VIRT_XS_IMPLEMENTATION_INCLUDED)
#define VIRT_XS_IMPLEMENTATION_INCLUDED
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

/* >>xs protocol implementation (usable without virt.h) */

#endif /* VIRT_IMPLEMENTATION */

/* >>xs driver glue: maps the libvirt API onto the protocol code. Compiled
 * only inside virt.h's implementation, which defines VIRT__DRIVER_GLUE and
 * the virt__driver contract before including this file again. */
#if defined(VIRT__DRIVER_GLUE) && !defined(VIRT_XS_GLUE_INCLUDED)
#define VIRT_XS_GLUE_INCLUDED
/* placeholder until the xenstore backend lands: claims xen URIs and says so */
VIRT__PRIVATE int virt__xs_open(virConnectPtr conn, const virt__uri *uri, int readonly, void **priv)
{
    (void)conn; (void)readonly; (void)priv;
    if (strcmp(uri->scheme, "xen") != 0) return VIRT__DECLINED;
    virt__error(NULL, NULL, VIR_FROM_NONE, VIR_ERR_NO_SUPPORT, "the xenstore backend is not implemented yet");
    return -1;
}
VIRT__PRIVATE void virt__xs_driver_fill(virt__driver *d)
{
    d->name = "xenstore";
    d->type = "Xen";
    d->origin = VIR_FROM_NONE;
    d->open = virt__xs_open;
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
