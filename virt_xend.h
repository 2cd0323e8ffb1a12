/* virt_xend.h - xend backend: SXP reader/writer, HTTP/1.1 client, xend driver - virt 0.1 - MIT licence (see end of file)

   Do this:
      #define VIRT_IMPLEMENTATION
      #include "virt.h"
   in exactly ONE C or C++ file (never in a header); every other file just
   includes the header. To use the protocol library alone (no libvirt API),
   define VIRT_IMPLEMENTATION and include "virt_xend.h" instead; it includes
   virt_xml.h (keep it beside this file) for the XML <-> SXP conversion, so
   link -lexpat.

   Compile-time options (all optional; the exact list, no others):
     VIRT_SXP_MAX_DEPTH      64        deepest list nesting the SXP reader accepts
     VIRT_SXP_MAX_BYTES      64 MiB    largest SXP text the reader accepts
     VIRT_HTTP_MAX_HEADER    16 KiB    largest HTTP response head (status + headers)
     VIRT_HTTP_MAX_BODY      16 MiB    largest HTTP response body (after de-chunking)
     VIRT_XEND_TIMEOUT_MS    60000     default deadline for one xend request (send + reply);
                                       xend's create/save/restore can take tens of seconds
     VIRT_XEND_CONNECT_TIMEOUT_MS 5000 default connect timeout
     VIRT_XEND_SOCKET        "/var/lib/xend/xend-socket"   xend's default unix socket
     VIRT_XEND_CACHE_MS      1000      how long the driver answers lookups and
                                       info from its last `GET /xend/domain?detail=1`
                                       (0: never; any change made through the
                                       connection drops it at once)
     VIRT_XM_MAX_BYTES       1 MiB     largest xm config text virt_xm_config_parse accepts
     VIRT_XM_MAX_ITEMS       1024      most settings in an xm config, and items in one list
   and those of virt.h (VIRT_API, VIRT_STATIC, VIRT_MALLOC/REALLOC/FREE, VIRT_ASSERT).

   Quick start (protocol library alone):
      virt_http_endpoint ep;  virt_status st;  virt_sxp_doc *doc;
      virt_http_endpoint_unix(&ep, VIRT_XEND_SOCKET, &st);
      if (virt_xend_get(&ep, "/xend/node/", &doc, &st) == VIRT_OK) {
          printf("%s\n", virt_sxp_value(doc->root, "node/xen_caps"));
          virt_sxp_doc_free(doc);
      } else fprintf(stderr, "%s\n", st.message);

   Layers (search for the markers):
     >>sxp   virt_sxp_*   xend's S-expressions: reader (atoms, '..' and ".."
                          strings with escapes, comments, pretty-printed
                          text), writer (quotes whatever is not a plain
                          atom, so a value can never inject SXP), path lookup.
                          Speed: ~1.3 GB/s per CPU second, into a fresh
                          document per reply (virt_sxp_parse) as into a
                          reused one (virt_sxp_parse_into); ~0.3 GB/s for a
                          process's first large parse, whose memory is new
                          to it (page faults) (bench/bench_sxp.c).
     >>http  virt_http_*  HTTP/1.1 client over a unix socket or TCP (IPv4,
                          IPv6): GET/POST, urlencoded forms, Content-Length,
                          chunked and read-until-close bodies, timeouts,
                          size caps, CR/LF/control characters refused in
                          anything placed in the request line or a header.
     >>xend  virt_xend_*  requests to xend (errors mapped: HTTP 404, 500 and
                          `(xend.err '...')` become VIRT_E_NOENT/VIRT_E_REMOTE
                          with xend's message), domain/node record parsing,
                          the 6-letter state string.
     >>sexpr2xml / >>xml2sexpr   SXP <-> virt_domain_def (libvirt 0.2.0's
                          formats, keyed by xend's `xend_config_format`;
                          virt_xend_sxp_to_xml and virt_xend_xml_to_sxp
                          expose them), plus the xend 3.0-3.2 settings
                          0.2.0 did not know, both ways: serial/parallel
                          strings, usb/usbdevice, soundhw, stdvga, keymap,
                          localtime, rtc_timeoffset, boot order, PCI
                          passthrough, tap disks, shared (w!) disks, empty
                          CD-ROMs, vif model/vifname, HVM direct kernel
                          boot, cpus, vcpu_avail, bootloader_args,
                          description. Nothing is lost: what xend cannot
                          carry (<channel>, <watchdog>, spice, network
                          interfaces, timers, hap/viridian, xenbus limits,
                          anything def->unsupported names) makes
                          xml_to_sxp fail with VIRT_E_UNSUPPORTED naming it
                          (the driver reports VIR_ERR_CONFIG_UNSUPPORTED).
     >>xm config virt_xm_config_parse / virt_xm_config_format: xm config
                          files (/etc/xen/NAME, Xen 3's `xm create`; the
                          "xen-xm" native format) <-> virt_domain_def, as
                          libvirt 0.2.0's xm_internal.c mapped them (the
                          xmconfig conformance data matches byte for byte).
                          Syntax (libvirt's virconf): `key = value` lines,
                          numbers, '..' or ".." strings (no escapes), flat
                          lists [ .., .. ] over several lines, # comments;
                          a key set twice is an error. Keys read: name uuid
                          memory maxmem vcpus cpus builder kernel ramdisk
                          root extra bootloader bootargs boot pae acpi apic
                          cdrom fda fdb localtime device_model on_poweroff
                          on_reboot on_crash vnc sdl vncunused vncdisplay
                          vnclisten vncpasswd keymap vfb disk vif, and
                          xend 3's description vcpu_avail pci and (HVM)
                          serial parallel soundhw stdvga usb usbdevice
                          rtc_timeoffset, read and written as >>sexpr2xml /
                          >>xml2sexpr carry the same image keys; any other
                          key is refused (VIRT_E_UNSUPPORTED naming line and
                          key), never ignored. The writer refuses what xend 3
                          cannot carry (the >>xml2sexpr rules) and what xm
                          has no key for (HVM direct kernel boot: xm's HVM
                          kernel is hvmloader, as in libvirt's xen-xm; a
                          second serial, as libvirt's "not supported by
                          xen-xm"), naming the element. Bounds: VIRT_XM_MAX_BYTES,
                          VIRT_XM_MAX_ITEMS, lists one level deep, numbers
                          below 10^8.
     driver glue (only inside virt.h's implementation): the libvirt API on
     top.

   What the driver does per call (xend's SrvDomain/SrvDomainDir ops):
     create        POST /xend/domain/ op=create config=(vm ...), then
                   op=wait_for_devices and op=unpause (xend creates paused);
                   if those fail the domain is destroyed again. The whole
                   call keeps one deadline, timeout_ms (the destroy gets its
                   last quarter); the error says whether the destroy worked
     define/start/undefine   op=new / op=start / op=delete (xend >= 3.0.4 only;
                   VIR_ERR_NO_SUPPORT before)
     suspend/resume/destroy  op=pause / op=unpause / op=destroy
     shutdown/reboot         op=shutdown reason=poweroff / reason=reboot
     save/restore  op=save file= / op=restore file= (absolute paths)
     setmem/setmaxmem/setvcpus   op=mem_target_set target=MiB /
                   op=maxmem_set memory=MiB / op=set_vcpus vcpus=N
     info, OS type, max memory, XML   GET /xend/domain/<name>?detail=1
     node info, version, host name    GET /xend/node/
   Errors have origin VIR_FROM_XEND and xend's message: VIR_ERR_NO_DOMAIN
   (404), VIR_ERR_POST_FAILED / VIR_ERR_GET_FAILED (refusals, broken or
   oversized replies), VIR_ERR_OPERATION_TIMEOUT, VIR_ERR_NO_CONNECT (open).

   Connection URIs handled by the xend driver (virConnectOpen):
     xen:///  (or NULL, "")   the local unix socket VIRT_XEND_SOCKET, then TCP
                              localhost:8000 (each checked with GET /xend/node/)
     xen:///?socket=/tmp/x/xend-socket   another unix socket (tests use this)
     /tmp/x/xend-socket       the same, as a scheme-less absolute path
     http://host:port/        a remote xend over TCP; http://[::1]:8000/ for IPv6
     Query parameters `timeout_ms=N`, `connect_timeout_ms=N` and `cache_ms=N`
     override the defaults for that connection (xen:///?socket=/s&timeout_ms=2000;
     values are taken literally, not URL-decoded). The test suite points the
     driver at tests/xend/fake_xend.py this way (see tests/xend/).

   Requests per call: virConnectListDomains / NumOfDomains make one request
   (`GET /xend/domain?detail=1`, all records at once; xend 3.0.4 leaves
   paused domains out of it, so there one more `?state=all` and one GET per
   paused domain: at most VIRT_MAX_DOMAINS names, within the call's
   timeout_ms). That reply is kept for VIRT_XEND_CACHE_MS, so the lookups
   and virDomainGetInfo calls that follow a listing (virsh list) need no
   more requests: `list` + info of 100 domains is 1 request instead of 201.

   Limits on untrusted input: everything read from a socket is bounded by
   the macros above and every read/write/connect has a deadline; a peer that
   stalls gets VIRT_E_TIMEOUT, one that closes early VIRT_E_CLOSED, an
   oversized reply VIRT_E_LIMIT (the rest is not read), malformed SXP
   VIRT_E_SYNTAX with the byte offset. DNS lookups (getaddrinfo) of a TCP
   host name are not covered by the connect timeout: use numeric addresses
   where that matters.

   Memory: every returned string / document is VIRT_MALLOC'd and freed by
   the caller with the matching *_free or VIRT_FREE. Thread safety: all
   functions here are reentrant (no global state); share nothing between
   threads without your own lock.
*/

/* The domain definition and its XML parser/writer: the XML <-> SXP
 * conversion below is part of the protocol library. virt_xml.h also brings
 * the prelude and the >>common helpers this header uses. Outside the guard, so
 * that including this header again with VIRT_IMPLEMENTATION also brings
 * virt_xml.h's implementation. */
#include "virt_xml.h"
#if VIRT__PRELUDE_VERSION != 1000   /* virt_xml.h from another release */
#  error "virt: headers of two different virt releases meet in one file (this one is 0.1.0); vendor all of them from one release"
#endif

#ifndef VIRT_XEND_H
#define VIRT_XEND_H
#ifdef __cplusplus
extern "C" {
#endif
/* ---- configuration (see the table at the top) ---- */
#ifndef VIRT_SXP_MAX_DEPTH
#define VIRT_SXP_MAX_DEPTH 64
#endif
#ifndef VIRT_SXP_MAX_BYTES
#define VIRT_SXP_MAX_BYTES ((size_t)64 * 1024 * 1024)
#endif
#ifndef VIRT_HTTP_MAX_HEADER
#define VIRT_HTTP_MAX_HEADER ((size_t)16 * 1024)
#endif
#ifndef VIRT_HTTP_MAX_BODY
#define VIRT_HTTP_MAX_BODY ((size_t)16 * 1024 * 1024)
#endif
#ifndef VIRT_XEND_TIMEOUT_MS
#define VIRT_XEND_TIMEOUT_MS 60000
#endif
#ifndef VIRT_XEND_CONNECT_TIMEOUT_MS
#define VIRT_XEND_CONNECT_TIMEOUT_MS 5000
#endif
#ifndef VIRT_XEND_SOCKET
#define VIRT_XEND_SOCKET "/var/lib/xend/xend-socket"
#endif
#ifndef VIRT_XEND_CACHE_MS
#define VIRT_XEND_CACHE_MS 1000
#endif
#ifndef VIRT_XM_MAX_BYTES
#define VIRT_XM_MAX_BYTES ((size_t)1024 * 1024)
#endif
#ifndef VIRT_XM_MAX_ITEMS
#define VIRT_XM_MAX_ITEMS 1024
#endif

/* >>sxp declarations */

/* One SXP value: an atom (is_list 0: atom/len hold the decoded text, always
 * NUL-terminated) or a list (is_list 1: child is the first element, each
 * element's next the following one; NULL-terminated). Nodes belong to their
 * virt_sxp_doc and are read-only for users. Since: 0.1.0 */
typedef struct virt_sxp {
    struct virt_sxp *next;
    struct virt_sxp *child;
    const char *atom;          /* NULL for a list */
    unsigned int len;          /* atom length in bytes (atoms may hold any byte but NUL) */
    int is_list;
} virt_sxp;

/* A parsed SXP text: root is its (first and only) value. The other members
 * are private. Free with virt_sxp_doc_free. Since: 0.1.0 */
typedef struct virt_sxp_doc {
    virt_sxp *root;                    /* NULL after a failed virt_sxp_parse_into */
    char *virt__strings;               /* private: the atoms' text */
    size_t virt__strings_cap;          /* private */
    struct virt__sxp_block *virt__blocks; /* private: node storage */
    struct virt__sxp_block *virt__cur;    /* private: block being filled */
} virt_sxp_doc;

/* Parse one SXP value from text[0..len) (len (size_t)-1: NUL-terminated).
 * Whitespace and `#` comments around it are allowed, anything else after it
 * is an error. Errors (VIRT_E_SYNTAX, VIRT_E_LIMIT over VIRT_SXP_MAX_DEPTH /
 * VIRT_SXP_MAX_BYTES, VIRT_E_NOMEM) name the byte offset. Thread-safe.
 * Since: 0.1.0 */
VIRT_API int virt_sxp_parse(const char *text, size_t len, virt_sxp_doc **out, virt_status *st);
/* Leniency flags of virt_sxp_parse_ex (virt_sxp_parse uses none). */
#define VIRT_SXP_FIRST_VALUE 1u   /* ignore whatever follows the first value, as xend's
                                     op=create does (it reads one value) */
#define VIRT_SXP_AUTOCLOSE   2u   /* close lists still open at the end of the input, as
                                     libvirt's sexpr reader did (its test data relies on it) */
VIRT_API int virt_sxp_parse_ex(const char *text, size_t len, unsigned int flags, virt_sxp_doc **out,
                               virt_status *st);
/* Parse into an existing document (from virt_sxp_doc_new), reusing its
 * memory: the fast path for repeated parses, as no allocation happens once
 * the document has grown to the size of the replies. The previous tree is
 * gone; after an error doc->root is NULL and doc can be used again. */
VIRT_API virt_sxp_doc *virt_sxp_doc_new(void);
VIRT_API int virt_sxp_parse_into(virt_sxp_doc *doc, const char *text, size_t len, unsigned int flags,
                                 virt_status *st);
VIRT_API void virt_sxp_doc_free(virt_sxp_doc *doc);

/* Write a value on one line the way xend does (`(a b (c d))`): atoms made of
 * letters, digits and . - _ : / ~ bare, anything else (spaces, quotes,
 * parentheses, control bytes, the empty string) quoted with escapes.
 * Parsing the result gives the same tree. NULL when out of memory. */
VIRT_API char *virt_sxp_format(const virt_sxp *value);
/* The SXP form of one string as an atom (bare or quoted). Caller frees. */
VIRT_API char *virt_sxp_quote(const char *s);

/* Path lookup as libvirt's sexpr_lookup: "domain/image/linux/kernel" means:
 * value is a list whose head atom is "domain"; in it, the first list element
 * headed "image"; in that, "linux"; in that, "kernel". Returns that list
 * (NULL if any step is missing). */
VIRT_API const virt_sxp *virt_sxp_lookup(const virt_sxp *value, const char *path);
/* The atom after the head of the list virt_sxp_lookup finds: "k" of `(kernel k)`;
 * "" for `(features )`; NULL if absent or not an atom. */
VIRT_API const char *virt_sxp_value(const virt_sxp *value, const char *path);
/* The same, converted: 0 and *out set, or -1 if absent / not a number. */
VIRT_API int virt_sxp_value_ll(const virt_sxp *value, const char *path, long long *out);
VIRT_API int virt_sxp_value_double(const virt_sxp *value, const char *path, double *out);
/* The head atom of a list ("domain" of `(domain ...)`), NULL if none. */
VIRT_API const char *virt_sxp_head(const virt_sxp *list);

/* >>http declarations */

/* Where an HTTP server is, and how long to wait for it. Fill it with
 * virt_http_endpoint_unix / _tcp, then adjust the limits if needed. */
typedef struct virt_http_endpoint {
    int is_unix;               /* 1: path is a unix socket; 0: TCP host:port */
    char path[108];            /* sun_path size on Linux */
    char host[256];            /* name or numeric address (no brackets) */
    int port;
    int connect_timeout_ms;    /* per connect attempt */
    int timeout_ms;            /* whole exchange after connect: send + reply */
    size_t max_header;         /* response head limit */
    size_t max_body;           /* response body limit */
} virt_http_endpoint;

/* A response. body is VIRT_MALLOC'd and NUL-terminated (body_len bytes). */
typedef struct virt_http_response {
    int status;                /* 200, 404, ... */
    char reason[128];          /* status text, truncated */
    char content_type[128];    /* "" if absent */
    char *body;
    size_t body_len;
} virt_http_response;

/* Set up an endpoint with default limits. VIRT_E_INVAL for a path longer
 * than a sockaddr_un holds, a host with control characters, port out of
 * 1..65535. */
VIRT_API int virt_http_endpoint_unix(virt_http_endpoint *ep, const char *path, virt_status *st);
VIRT_API int virt_http_endpoint_tcp(virt_http_endpoint *ep, const char *host, int port, virt_status *st);

/* One request on a new connection (closed afterwards, as xend expects).
 * method "GET" or "POST"; target the path and query ("/xend/domain?detail=1");
 * body/body_len for POST (content_type names it). Refuses (VIRT_E_INVAL)
 * CR, LF, space or any other control character in method, target and
 * content_type. On VIRT_OK, *resp holds any status (the caller judges it);
 * free it with virt_http_response_free. Thread-safe. Since: 0.1.0 */
VIRT_API int virt_http_request(const virt_http_endpoint *ep, const char *method, const char *target,
                               const char *content_type, const char *body, size_t body_len,
                               virt_http_response *resp, virt_status *st);
/* Parse a response held in data[0..len). at_eof: the peer has closed (a
 * body without length then ends here). Returns VIRT_OK (complete; *consumed
 * = bytes used), VIRT_E_AGAIN (need more bytes), or an error (VIRT_E_PROTO,
 * VIRT_E_LIMIT, VIRT_E_CLOSED). Used by virt_http_request, usable alone. */
VIRT_API int virt_http_parse_response(const char *data, size_t len, int at_eof, size_t max_header,
                                      size_t max_body, virt_http_response *resp, size_t *consumed,
                                      virt_status *st);
VIRT_API void virt_http_response_free(virt_http_response *resp);
/* Percent-encode everything but A-Z a-z 0-9 - _ . ~ (so `+`, `&`, `=`,
 * `%`, space and newline survive form decoding). Caller frees; NULL: no memory. */
VIRT_API char *virt_http_urlencode(const char *s);
/* "k1=v1&k2=v2" from pairs[0..2*npairs) = key, value, key, value...; every
 * key and value URL-encoded. Caller frees; NULL: no memory. */
VIRT_API char *virt_http_form(const char *const *pairs, size_t npairs);

/* >>xend declarations */

/* GET path from xend and parse the SXP reply into *out (NULL for an empty
 * body). POST pairs (see virt_http_form) to path; *out may be NULL when the
 * caller does not want the reply. Errors: VIRT_E_NOENT (HTTP 404, e.g.
 * unknown domain), VIRT_E_REMOTE (xend refused: HTTP 500, or any
 * `(xend.err '...')` reply whatever its status; xend's message is in
 * st->message), VIRT_E_UNSUPPORTED (HTTP 501, unknown op), VIRT_E_LIMIT
 * (HTTP 413, or a reply over the limits), VIRT_E_PROTO (HTML or malformed
 * SXP reply), plus the transport errors of virt_http_request. Messages look
 * like "xend: POST /xend/domain/fc4 op=pause: HTTP 500: Domain not found".
 * Since: 0.1.0 */
VIRT_API int virt_xend_get(const virt_http_endpoint *ep, const char *path, virt_sxp_doc **out,
                           virt_status *st);
VIRT_API int virt_xend_post(const virt_http_endpoint *ep, const char *path, const char *const *pairs,
                            size_t npairs, virt_sxp_doc **out, virt_status *st);

/* libvirt's domain state (virDomainState values: 0 nostate, 1 running,
 * 2 blocked, 3 paused, 4 shutdown, 5 shutoff, 6 crashed) from xend's
 * 6-letter string "rbpscd" (a letter when set, '-' when not). Precedence as
 * libvirt: crashed, shutdown, dying (shutoff), paused, blocked, running.
 * NULL (no state: an inactive managed domain) gives 5 (shutoff). */
VIRT_API int virt_xend_state_from_string(const char *s);

/* The fields of a `(domain ...)` record the libvirt API needs. name points
 * into the record (valid while its document lives). */
typedef struct virt_xend_domain {
    const char *name;
    int id;                            /* -1 when there is no domid (inactive) */
    unsigned char uuid[16];
    int has_uuid;
    int state;                         /* virt_xend_state_from_string */
    unsigned long long memory_kib;     /* xend's memory (MiB) * 1024 */
    unsigned long long maxmem_kib;     /* xend's maxmem (MiB) * 1024 */
    unsigned int vcpus;
    unsigned long long cpu_time_ns;    /* cpu_time (float seconds) * 1e9 */
    int is_hvm;                        /* (image (hvm ...)) */
} virt_xend_domain;
/* VIRT_E_PROTO if the record is not `(domain ...)` or lacks a name. */
VIRT_API int virt_xend_domain_parse(const virt_sxp *record, virt_xend_domain *out, virt_status *st);

/* The fields of `GET /xend/node/` the libvirt API needs. */
typedef struct virt_xend_node {
    char host[256];
    char machine[32];
    unsigned long long total_memory_kib;   /* total_memory (MiB) * 1024 */
    unsigned int nr_cpus, cpu_mhz, nr_nodes, sockets_per_node, cores_per_socket, threads_per_core;
    int xen_major, xen_minor;
    unsigned long xen_micro;               /* digits of xen_extra, as libvirt does */
    int config_format;                     /* xend_config_format; 1 when absent (xend <= 3.0.2) */
} virt_xend_node;
VIRT_API int virt_xend_node_parse(const virt_sxp *record, virt_xend_node *out, virt_status *st);
/* Conversions between xend's domain record and domain XML (libvirt 0.2.0's
 * formats), for a given xend_config_format (1: xend <= 3.0.2, 2: 3.0.3,
 * 3: >= 3.0.4). Part of the protocol library (virt_xend.h includes
 * virt_xml.h; link -lexpat). sxp_to_xml: a `(domain ...)`
 * record -> XML (read leniently: VIRT_SXP_FIRST_VALUE | VIRT_SXP_AUTOCLOSE);
 * xml_to_sxp: XML -> the `(vm ...)` config of op=create,
 * plus the domain name (name may be NULL). Caller frees the strings.
 * Since: 0.1.0 */
VIRT_API int virt_xend_sxp_to_xml(const char *sxp, size_t len, int config_format, char **xml, virt_status *st);
VIRT_API int virt_xend_xml_to_sxp(const char *xml, int config_format, char **sxp, char **name, virt_status *st);
/* Parse a UUID: 32 hex digits, dashes anywhere ignored. 0 or -1. */
VIRT_API int virt_xend_uuid_parse(const char *s, unsigned char uuid[16]);

/* >>xm config declarations */
/* xm config files (what Xen 3's `xm create` reads; libvirt's native format
 * "xen-xm") <-> virt_domain_def; see ">>xm config" in the manual above.
 * parse: `len` bytes of text (or (size_t)-1 for a NUL-terminated string)
 * -> *out (free with virt_domain_def_free). format: def -> the config
 * text in the layout of xend_config_format `config_format` (1, 2 or 3),
 * VIRT_MALLOC'd into *out. Errors: VIRT_E_SYNTAX (malformed text: line
 * and setting named), VIRT_E_INVAL (a bad value), VIRT_E_UNSUPPORTED (a
 * setting virt does not read, or a model part xm cannot say: named),
 * VIRT_E_LIMIT, VIRT_E_NOMEM. Reentrant. Since: 0.2 */
VIRT_API int virt_xm_config_parse(const char *text, size_t len, virt_domain_def **out, virt_status *st);
VIRT_API int virt_xm_config_format(const virt_domain_def *def, int config_format, char **out, virt_status *st);
#ifdef __cplusplus
}
#endif
#endif /* VIRT_XEND_H */

#if defined(VIRT_IMPLEMENTATION) && !defined(VIRT_XEND_IMPLEMENTATION_INCLUDED)
#define VIRT_XEND_IMPLEMENTATION_INCLUDED

/* >>xend protocol implementation (usable without virt.h) */
#include <stdlib.h>
#include <limits.h>
#include <time.h>
#include <poll.h>
#include <fcntl.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>

/* >>sxp */

/* Character classes of the reader and writer, one table lookup per byte
 * (the reader's speed comes from this). */
#define VIRT__SXP_WS 1     /* space \t \n \v \f \r: separates values (xend's sxp.Parser) */
#define VIRT__SXP_DELIM 2  /* ends a bare atom: whitespace, parentheses (and NUL, refused) */
#define VIRT__SXP_BARE 4   /* may be written unquoted: xend's sxp.show writes
                              letters, digits and . - _ : / ~ bare, quotes the rest */
#define VIRT__SXP_QSTOP 8  /* interrupts a quoted string: ' " \ and NUL */
static const unsigned char virt__sxp_class[256] = {
   10, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 0, 0,   /* NUL, \t \n \v \f \r */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    3, 0, 8, 0, 0, 0, 0, 8, 2, 2, 0, 0, 0, 4, 4, 4,   /* space " ' ( ) - . / */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0,   /* 0-9 : */
    0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,   /* A-O */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 8, 0, 0, 4,   /* P-Z \ _ */
    0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,   /* a-o */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 4, 0,   /* p-z ~ */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

/* Nodes live in blocks that never move, so child/next pointers stay valid
 * while the document grows; a document parsed again (virt_sxp_parse_into)
 * reuses its blocks. The first block is sized from the input length and
 * also holds the copy of the input that the atoms are cut from (right after
 * its nodes), so a fresh document is one allocation made once, not a chain
 * of small blocks grown while parsing. That matters for speed: glibc hands
 * a large block freed after one reply out again for the next (its mmap
 * threshold rises to the size of the largest block freed, up to 32 MiB, and
 * it keeps up to twice that at the top of the heap), whereas the memory of
 * a chain of 512 KiB blocks went back to the kernel on every free, and the
 * next reply paid a page fault per 4 KiB it touched (3x the parse itself). */
struct virt__sxp_block {
    struct virt__sxp_block *next;
    size_t used, cap;
    virt_sxp nodes[1];         /* cap nodes (allocated past the struct) */
};

/* First block: one node per VIRT__SXP_BYTES_PER_NODE input bytes (xend's
 * replies and libvirt's test data have 5.7 to 9.6); a text denser than
 * that continues in blocks sized by virt__sxp_grow. No block has more than
 * VIRT__SXP_BLOCK_MAX bytes of nodes and text (unless the text alone is
 * larger): glibc serves any request over 32 MiB with a fresh mmap, new
 * memory every time, and a text with few nodes reserves less. */
#define VIRT__SXP_BYTES_PER_NODE 6
#define VIRT__SXP_BLOCK_MAX ((size_t)30 << 20)
#define VIRT__SXP_BLOCK_MAX_NODES (VIRT__SXP_BLOCK_MAX / sizeof(virt_sxp))

/* A block of cap nodes followed by extra bytes (the input's copy, or 0). */
VIRT__PRIVATE struct virt__sxp_block *virt__sxp_block_new(size_t cap, size_t extra)
{
    struct virt__sxp_block *b;
    size_t bytes;
    if (cap < 1) cap = 1;
    if (!virt__size_mul(cap - 1, sizeof(virt_sxp), &bytes) ||
        !virt__size_add(bytes, sizeof(struct virt__sxp_block), &bytes) ||
        !virt__size_add(bytes, extra, &bytes)) return NULL;
    b = (struct virt__sxp_block *)VIRT_MALLOC(bytes);
    if (!b) return NULL;
    b->next = NULL;
    b->used = 0;
    b->cap = cap;
    return b;
}

/* Where a block's extra bytes start (just past its nodes). */
VIRT__PRIVATE char *virt__sxp_block_tail(struct virt__sxp_block *b)
{
    return (char *)(b->nodes + b->cap);
}

/* Slow path of node allocation, for the node of the byte at pos of len:
 * the next block, reused or new. A new one holds the rest of the input at
 * the density seen so far plus a quarter (never more nodes than bytes
 * left: each node starts at its own byte). */
VIRT__PRIVATE virt_sxp *virt__sxp_grow(virt_sxp_doc *doc, size_t pos, size_t len)
{
    struct virt__sxp_block *cur = doc->virt__cur, *b = cur ? cur->next : doc->virt__blocks, *x;
    if (!b) {
        size_t done = 0, left = len > pos ? len - pos : 1, cap = 64;
        for (x = doc->virt__blocks; x; x = x->next) done += x->cap;     /* all full */
        if (pos > 0 && done > 0)
            cap += (size_t)((double)left * (double)done / (double)pos * 1.25);
        if (cap > left) cap = left;
        if (cap > VIRT__SXP_BLOCK_MAX_NODES) cap = VIRT__SXP_BLOCK_MAX_NODES;
        b = virt__sxp_block_new(cap, 0);
        if (!b) return NULL;
        if (cur) cur->next = b;
        else doc->virt__blocks = b;
    }
    b->used = 1;
    doc->virt__cur = b;
    return &b->nodes[0];
}

VIRT_API virt_sxp_doc *virt_sxp_doc_new(void)
{
    virt_sxp_doc *doc = (virt_sxp_doc *)VIRT_MALLOC(sizeof *doc);
    if (doc) memset(doc, 0, sizeof *doc);
    return doc;
}

VIRT_API void virt_sxp_doc_free(virt_sxp_doc *doc)
{
    struct virt__sxp_block *b, *next;
    if (!doc) return;
    if (!doc->virt__blocks || doc->virt__strings != virt__sxp_block_tail(doc->virt__blocks))
        VIRT_FREE(doc->virt__strings);      /* not the first block's own */
    for (b = doc->virt__blocks; b; b = next) {
        next = b->next;
        VIRT_FREE(b);
    }
    VIRT_FREE(doc);
}

/* One open list while parsing: where its next element goes. */
typedef struct virt__sxp_frame {
    virt_sxp *list, *last;
    size_t opened_at;
} virt__sxp_frame;

VIRT__PRIVATE int virt__sxp_hex(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* One backslash escape at t[*pos] (just after the '\'), decoded to *w.
 * Escapes are xend's sxp.Parser set (\a \b \t \n \v \f \r \\ \' \" \xHH and
 * octal \NNN); an unknown one is kept as backslash + character, as xend
 * 3.0.4 does (3.0.2 crashed on it). A NUL result is refused: atoms are C
 * strings. Decoded text is never longer than its escape. */
VIRT__PRIVATE int virt__sxp_escape(const char *t, size_t len, size_t *pos, char **w, virt_status *st)
{
    size_t at = *pos - 1, p = *pos;
    int c, v, h1, h2, k;
    if (p >= len) return virt__status_set(st, VIRT_E_SYNTAX, 0, "SXP: unfinished escape at byte %zu", at);
    c = (unsigned char)t[p++];
    switch (c) {
    case 'a': v = '\a'; break;
    case 'b': v = '\b'; break;
    case 't': v = '\t'; break;
    case 'n': v = '\n'; break;
    case 'v': v = '\v'; break;
    case 'f': v = '\f'; break;
    case 'r': v = '\r'; break;
    case '\\': case '\'': case '"': v = c; break;
    case 'x':
        h1 = p < len ? virt__sxp_hex((unsigned char)t[p]) : -1;
        h2 = p + 1 < len ? virt__sxp_hex((unsigned char)t[p + 1]) : -1;
        if (h1 < 0 || h2 < 0)
            return virt__status_set(st, VIRT_E_SYNTAX, 0, "SXP: \\x needs two hex digits at byte %zu", at);
        v = h1 * 16 + h2;
        p += 2;
        break;
    default:
        if (c >= '0' && c <= '7') {
            v = c - '0';
            for (k = 0; k < 2 && p < len && t[p] >= '0' && t[p] <= '7'; k++) v = v * 8 + (t[p++] - '0');
            if (v > 255)
                return virt__status_set(st, VIRT_E_SYNTAX, 0, "SXP: octal escape over \\377 at byte %zu", at);
        } else {
            *(*w)++ = '\\';
            v = c;
        }
    }
    if (v == 0) return virt__status_set(st, VIRT_E_SYNTAX, 0, "SXP: NUL character (escape) at byte %zu", at);
    *(*w)++ = (char)v;
    *pos = p;
    return VIRT_OK;
}

/* A quoted string whose quote is at s[*pos], in the document's copy of the
 * input (s[len] is a NUL sentinel). Decoded in place: the text starts after
 * the quote and its NUL lands at the latest on the closing quote. */
VIRT__PRIVATE int virt__sxp_quoted(char *s, size_t len, size_t *pos, virt_sxp *node, virt_status *st)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t opened = *pos, p = opened + 1, run;
    char q = s[opened], *w = s + opened + 1;
    int rc;
    node->atom = w;
    for (;;) {
        size_t start = p;
        while (!(virt__sxp_class[u[p]] & VIRT__SXP_QSTOP)) p++;    /* stops at the sentinel */
        run = p - start;
        if (run && w != s + start) memmove(w, s + start, run);    /* only after an escape */
        w += run;
        if (p >= len)
            return virt__status_set(st, VIRT_E_SYNTAX, 0, "SXP: string opened at byte %zu is not closed", opened);
        if (s[p] == q) break;
        if (s[p] == '\0') return virt__status_set(st, VIRT_E_SYNTAX, 0, "SXP: NUL byte at byte %zu", p);
        if (s[p] != '\\') { *w++ = s[p++]; continue; }     /* the other quote character */
        p++;
        rc = virt__sxp_escape(s, len, &p, &w, st);
        if (rc != VIRT_OK) return rc;
    }
    *w = '\0';
    node->len = (unsigned int)(w - node->atom);
    *pos = p + 1;
    return VIRT_OK;
}

/* The parse loop over the document's copy s of the input (s[len] is a NUL
 * sentinel, so the scans need no bounds checks): one value, lists kept on
 * an explicit stack so the depth limit holds without recursion. A bare
 * atom is cut out by writing a NUL over the delimiter after it; that
 * delimiter is kept in c for the next step. */
VIRT__PRIVATE int virt__sxp_read(char *s, size_t len, size_t *ppos, virt_sxp_doc *doc, virt__sxp_frame *stack,
                                 unsigned int flags, virt_status *st)
{
    unsigned char *u = (unsigned char *)s;
    size_t depth = 0, p = *ppos;
    struct virt__sxp_block *blk = doc->virt__cur;
    virt_sxp *n;
    unsigned char c = u[p];
    int rc;
    for (;;) {
        while (virt__sxp_class[c] & VIRT__SXP_WS) c = u[++p];
        if (c == '#') {                     /* comment to the end of the line */
            while (p < len && u[p] != '\n') p++;
            c = u[p];
            continue;
        }
        if (p >= len) {
            *ppos = p;
            if (depth == 0) return virt__status_set(st, VIRT_E_SYNTAX, 0, "SXP: empty input");
            if (flags & VIRT_SXP_AUTOCLOSE) return VIRT_OK;
            return virt__status_set(st, VIRT_E_SYNTAX, 0,
                                    "SXP: input ends at byte %zu inside the list opened at byte %zu",
                                    len, stack[depth - 1].opened_at);
        }
        if (c == ')') {
            if (depth == 0)
                return virt__status_set(st, VIRT_E_SYNTAX, 0, "SXP: unexpected ')' at byte %zu", p);
            c = u[++p];
            if (--depth == 0) { *ppos = p; return VIRT_OK; }
            continue;
        }
        if (c == '\0') return virt__status_set(st, VIRT_E_SYNTAX, 0, "SXP: NUL byte at byte %zu", p);
        if (blk && blk->used < blk->cap) n = &blk->nodes[blk->used++];
        else {
            if (!(n = virt__sxp_grow(doc, p, len)))
                return virt__status_set(st, VIRT_E_NOMEM, 0, "SXP: out of memory at byte %zu", p);
            blk = doc->virt__cur;
        }
        n->next = NULL;
        n->child = NULL;
        if (c == '(') {
            if (depth == VIRT_SXP_MAX_DEPTH)
                return virt__status_set(st, VIRT_E_LIMIT, 0, "SXP: lists nested deeper than %d at byte %zu",
                                        (int)VIRT_SXP_MAX_DEPTH, p);
            n->atom = NULL;
            n->len = 0;
            n->is_list = 1;
            stack[depth].opened_at = p;
            c = u[++p];
        } else if (c == '\'' || c == '"') {
            n->is_list = 0;
            rc = virt__sxp_quoted(s, len, &p, n, st);
            if (rc != VIRT_OK) return rc;
            c = u[p];
        } else {
            size_t start = p;
            while (!(virt__sxp_class[u[p]] & VIRT__SXP_DELIM)) p++;   /* stops at the sentinel */
            c = u[p];
            u[p] = '\0';
            n->atom = s + start;
            n->len = (unsigned int)(p - start);
            n->is_list = 0;
        }
        if (depth == 0) doc->root = n;
        else {
            if (stack[depth - 1].last) stack[depth - 1].last->next = n;
            else stack[depth - 1].list->child = n;
            stack[depth - 1].last = n;
        }
        if (n->is_list) {
            stack[depth].list = n;
            stack[depth].last = NULL;
            depth++;
        } else if (depth == 0) {
            *ppos = p;
            return VIRT_OK;
        }
    }
}

VIRT_API int virt_sxp_parse(const char *text, size_t len, virt_sxp_doc **out, virt_status *st)
{
    return virt_sxp_parse_ex(text, len, 0, out, st);
}

VIRT_API int virt_sxp_parse_ex(const char *text, size_t len, unsigned int flags, virt_sxp_doc **out,
                               virt_status *st)
{
    virt_sxp_doc *doc;
    int rc;
    if (!out) return virt__status_set(st, VIRT_E_INVAL, 0, "SXP: no output pointer");
    *out = NULL;
    doc = virt_sxp_doc_new();
    if (!doc) return virt__status_set(st, VIRT_E_NOMEM, 0, "SXP: out of memory");
    rc = virt_sxp_parse_into(doc, text, len, flags, st);
    if (rc != VIRT_OK) {
        virt_sxp_doc_free(doc);
        return rc;
    }
    *out = doc;
    return VIRT_OK;
}

VIRT_API int virt_sxp_parse_into(virt_sxp_doc *doc, const char *text, size_t len, unsigned int flags,
                                 virt_status *st)
{
    virt__sxp_frame stack_small[64], *stack = stack_small, *heap_stack = NULL;
    size_t pos = 0;
    int rc;
    if (!doc) return virt__status_set(st, VIRT_E_INVAL, 0, "SXP: no document");
    doc->root = NULL;
    if (!text) return virt__status_set(st, VIRT_E_INVAL, 0, "SXP: no input");
    if (len == (size_t)-1) len = strlen(text);
    if (len > VIRT_SXP_MAX_BYTES)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "SXP: %zu bytes is over the limit of %zu",
                                len, (size_t)VIRT_SXP_MAX_BYTES);
    /* atoms are cut out of a private copy of the input (+1 for the NUL of
     * an atom that ends the input): in a new document it is part of the
     * first block, sized from len; a document reused for a longer text
     * gets a buffer of its own (malloc, not realloc: nothing to keep) */
    if (!doc->virt__blocks) {
        size_t cap = len / VIRT__SXP_BYTES_PER_NODE + 16,
               room = len < VIRT__SXP_BLOCK_MAX ? (VIRT__SXP_BLOCK_MAX - len) / sizeof(virt_sxp) : 0;
        struct virt__sxp_block *b;
        if (cap > room) cap = room > 64 ? room : 64;
        b = virt__sxp_block_new(cap, len + 1);
        if (!b) return virt__status_set(st, VIRT_E_NOMEM, 0, "SXP: out of memory for %zu bytes", len);
        VIRT_FREE(doc->virt__strings);
        doc->virt__blocks = b;
        doc->virt__strings = virt__sxp_block_tail(b);
        doc->virt__strings_cap = len + 1;
    } else if (doc->virt__strings_cap < len + 1) {
        char *s = (char *)VIRT_MALLOC(len + 1);
        if (!s) return virt__status_set(st, VIRT_E_NOMEM, 0, "SXP: out of memory for %zu bytes", len);
        if (doc->virt__strings != virt__sxp_block_tail(doc->virt__blocks)) VIRT_FREE(doc->virt__strings);
        doc->virt__strings = s;
        doc->virt__strings_cap = len + 1;
    }
    memcpy(doc->virt__strings, text, len);
    doc->virt__strings[len] = '\0';       /* the scans' sentinel */
    if (VIRT_SXP_MAX_DEPTH > 64) {
        heap_stack = (virt__sxp_frame *)VIRT_MALLOC(sizeof *stack * (size_t)VIRT_SXP_MAX_DEPTH);
        if (!heap_stack) return virt__status_set(st, VIRT_E_NOMEM, 0, "SXP: out of memory");
        stack = heap_stack;
    }
    if (doc->virt__blocks) doc->virt__blocks->used = 0;
    doc->virt__cur = doc->virt__blocks;
    rc = virt__sxp_read(doc->virt__strings, len, &pos, doc, stack, flags, st);
    VIRT_FREE(heap_stack);
    if (rc == VIRT_OK && !(flags & VIRT_SXP_FIRST_VALUE)) {
        for (;;) {
            while (pos < len && (virt__sxp_class[(unsigned char)text[pos]] & VIRT__SXP_WS)) pos++;
            if (pos >= len || text[pos] != '#') break;
            while (pos < len && text[pos] != '\n') pos++;
        }
        if (pos < len)
            rc = virt__status_set(st, VIRT_E_SYNTAX, 0, "SXP: unexpected data after the value at byte %zu", pos);
    }
    if (rc != VIRT_OK) doc->root = NULL;
    return rc;
}

/* Writes one atom: bare when every byte is in xend's bare set (and it is
 * not empty), else quoted like Python's repr(), which xend uses: single
 * quotes unless the text has a ' and no ", escapes for \ and the quote,
 * \n \r \t, \xNN for other control and non-ASCII bytes. */
VIRT__PRIVATE void virt__sxp_put_atom(virt__buf *b, const char *s, size_t len)
{
    size_t i, run;
    char q = '\'';
    int has_single = 0, has_double = 0, bare = len > 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(virt__sxp_class[c] & VIRT__SXP_BARE)) bare = 0;
        if (c == '\'') has_single = 1;
        if (c == '"') has_double = 1;
    }
    if (bare) { virt__buf_add(b, s, len); return; }
    if (has_single && !has_double) q = '"';
    virt__buf_add(b, &q, 1);
    for (i = 0; i < len; i += run) {
        unsigned char c = (unsigned char)s[i];
        for (run = 0; i + run < len; run++) {
            unsigned char d = (unsigned char)s[i + run];
            if (d < 0x20 || d >= 0x7f || d == '\\' || d == (unsigned char)q) break;
        }
        if (run) { virt__buf_add(b, s + i, run); continue; }
        run = 1;
        if (c == '\n') virt__buf_add(b, "\\n", 2);
        else if (c == '\r') virt__buf_add(b, "\\r", 2);
        else if (c == '\t') virt__buf_add(b, "\\t", 2);
        else if (c == '\\' || c == (unsigned char)q) { virt__buf_add(b, "\\", 1); virt__buf_add(b, s + i, 1); }
        else virt__buf_printf(b, "\\x%02x", c);
    }
    virt__buf_add(b, &q, 1);
}

VIRT__PRIVATE void virt__sxp_put(virt__buf *b, const virt_sxp *v, int depth)
{
    const virt_sxp *c;
    if (!v->is_list) { virt__sxp_put_atom(b, v->atom, v->len); return; }
    if (depth > VIRT_SXP_MAX_DEPTH) { b->failed = 1; return; }   /* hand-built cycles */
    virt__buf_add(b, "(", 1);
    for (c = v->child; c; c = c->next) {
        virt__sxp_put(b, c, depth + 1);
        if (c->next) virt__buf_add(b, " ", 1);
    }
    virt__buf_add(b, ")", 1);
}

VIRT_API char *virt_sxp_format(const virt_sxp *value)
{
    virt__buf b;
    memset(&b, 0, sizeof b);
    if (!value) return NULL;
    virt__sxp_put(&b, value, 0);
    return virt__buf_steal(&b);
}

VIRT_API char *virt_sxp_quote(const char *s)
{
    virt__buf b;
    memset(&b, 0, sizeof b);
    if (!s) return NULL;
    virt__sxp_put_atom(&b, s, strlen(s));
    return virt__buf_steal(&b);
}

VIRT_API const char *virt_sxp_head(const virt_sxp *list)
{
    if (!list || !list->is_list || !list->child || list->child->is_list) return NULL;
    return list->child->atom;
}

VIRT__PRIVATE int virt__sxp_head_is(const virt_sxp *list, const char *name, size_t n)
{
    const virt_sxp *h;
    if (!list || !list->is_list || !(h = list->child) || h->is_list) return 0;
    return h->len == n && memcmp(h->atom, name, n) == 0;
}

VIRT_API const virt_sxp *virt_sxp_lookup(const virt_sxp *value, const char *path)
{
    const char *seg, *end;
    const virt_sxp *cur = value, *c;
    if (!value || !path) return NULL;
    end = strchr(path, '/');
    if (!end) end = path + strlen(path);
    if (!virt__sxp_head_is(cur, path, (size_t)(end - path))) return NULL;
    while (*end == '/') {
        seg = end + 1;
        end = strchr(seg, '/');
        if (!end) end = seg + strlen(seg);
        for (c = cur->child->next; c; c = c->next)
            if (virt__sxp_head_is(c, seg, (size_t)(end - seg))) break;
        if (!c) return NULL;
        cur = c;
    }
    return cur;
}

VIRT_API const char *virt_sxp_value(const virt_sxp *value, const char *path)
{
    const virt_sxp *l = virt_sxp_lookup(value, path);
    if (!l) return NULL;
    if (!l->child->next) return "";          /* `(features )`: xend's empty string */
    if (l->child->next->is_list) return NULL;
    return l->child->next->atom;
}

VIRT_API int virt_sxp_value_ll(const virt_sxp *value, const char *path, long long *out)
{
    const char *s = virt_sxp_value(value, path);
    char *end;
    long long v;
    if (!s || !*s) return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

VIRT_API int virt_sxp_value_double(const virt_sxp *value, const char *path, double *out)
{
    const char *s = virt_sxp_value(value, path);
    char *end;
    double v;
    if (!s || !*s) return -1;
    errno = 0;
    v = strtod(s, &end);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

VIRT__FOR_SIZE_BEGIN
/* >>http */

#ifdef MSG_NOSIGNAL
#  define VIRT__SEND_FLAGS MSG_NOSIGNAL   /* a closed peer must not kill us with SIGPIPE */
#else
#  define VIRT__SEND_FLAGS 0
#endif

/* Refuses anything that could end or split a request line or header:
 * CR, LF, other control characters, DEL, and (in_line) spaces. */
VIRT__PRIVATE int virt__http_clean(const char *s, int allow_space)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f || (c == ' ' && !allow_space)) return 0;
    }
    return 1;
}

VIRT__PRIVATE void virt__http_endpoint_defaults(virt_http_endpoint *ep)
{
    memset(ep, 0, sizeof *ep);
    ep->connect_timeout_ms = VIRT_XEND_CONNECT_TIMEOUT_MS;
    ep->timeout_ms = VIRT_XEND_TIMEOUT_MS;
    ep->max_header = VIRT_HTTP_MAX_HEADER;
    ep->max_body = VIRT_HTTP_MAX_BODY;
}

VIRT_API int virt_http_endpoint_unix(virt_http_endpoint *ep, const char *path, virt_status *st)
{
    if (!ep || !path || !path[0]) return virt__status_set(st, VIRT_E_INVAL, 0, "http: no socket path");
    virt__http_endpoint_defaults(ep);
    if (strlen(path) >= sizeof ep->path)
        return virt__status_set(st, VIRT_E_INVAL, 0, "http: socket path '%.64s...' is longer than %zu bytes",
                                path, sizeof ep->path - 1);
    ep->is_unix = 1;
    strcpy(ep->path, path);
    return VIRT_OK;
}

VIRT_API int virt_http_endpoint_tcp(virt_http_endpoint *ep, const char *host, int port, virt_status *st)
{
    if (!ep || !host || !host[0]) return virt__status_set(st, VIRT_E_INVAL, 0, "http: no host");
    virt__http_endpoint_defaults(ep);
    if (strlen(host) >= sizeof ep->host || !virt__http_clean(host, 0))
        return virt__status_set(st, VIRT_E_INVAL, 0, "http: bad host name '%.64s'", host);
    if (port < 1 || port > 65535)
        return virt__status_set(st, VIRT_E_INVAL, 0, "http: port %d out of range 1..65535", port);
    strcpy(ep->host, host);
    ep->port = port;
    return VIRT_OK;
}

VIRT__PRIVATE long long virt__now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is ready for `events` or the deadline passes: 1 ready,
 * 0 timeout, -1 error (errno). */
VIRT__PRIVATE int virt__wait_fd(int fd, short events, long long deadline)
{
    for (;;) {
        struct pollfd p;
        long long left = deadline - virt__now_ms();
        int rc;
        if (left <= 0) return 0;
        p.fd = fd;
        p.events = events;
        p.revents = 0;
        rc = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
        if (rc > 0) return 1;
        if (rc == 0) return 0;
        if (errno != EINTR) return -1;
    }
}

VIRT__PRIVATE int virt__socket_nb(int family)
{
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) { close(fd); return -1; }
    return fd;
}

/* A unix-socket connect cannot be polled for completion on Linux: when the
 * listener's backlog is full it fails with EAGAIN, so retry until the
 * deadline. */
VIRT__PRIVATE int virt__connect_unix(const virt_http_endpoint *ep, virt_status *st)
{
    struct sockaddr_un sa;
    long long deadline = virt__now_ms() + ep->connect_timeout_ms;
    int fd = virt__socket_nb(AF_UNIX);
    if (fd < 0) return virt__status_set(st, VIRT_E_IO, errno, "http: socket: %s", strerror(errno)), -1;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, ep->path, strlen(ep->path) + 1);
    for (;;) {
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) return fd;
        if (errno == EINPROGRESS) {
            int err = 0;
            socklen_t el = sizeof err;
            if (virt__wait_fd(fd, POLLOUT, deadline) == 1 &&
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err == 0) return fd;
            errno = err ? err : ETIMEDOUT;
            break;
        }
        if (errno != EAGAIN && errno != EINTR) break;
        if (virt__now_ms() >= deadline) { errno = ETIMEDOUT; break; }
        (void)poll(NULL, 0, 10);
    }
    virt__status_set(st, errno == ETIMEDOUT ? VIRT_E_TIMEOUT : VIRT_E_IO, errno,
                     "http: cannot connect to unix socket %s: %s", ep->path, strerror(errno));
    close(fd);
    return -1;
}

VIRT__PRIVATE int virt__connect_addr(const struct addrinfo *ai, int timeout_ms, int *err)
{
    long long deadline = virt__now_ms() + timeout_ms;
    int fd = virt__socket_nb(ai->ai_family), e = 0;
    socklen_t el = sizeof e;
    if (fd < 0) { *err = errno; return -1; }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) return fd;
    if (errno != EINPROGRESS) { *err = errno; close(fd); return -1; }
    switch (virt__wait_fd(fd, POLLOUT, deadline)) {
    case 1:
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == 0 && e == 0) return fd;
        *err = e ? e : EIO;
        break;
    case 0: *err = ETIMEDOUT; break;
    default: *err = errno; break;
    }
    close(fd);
    return -1;
}

VIRT__PRIVATE int virt__connect_tcp(const virt_http_endpoint *ep, virt_status *st)
{
    struct addrinfo hints, *res = NULL, *ai;
    char port[16];
    int fd = -1, err = 0, rc;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    snprintf(port, sizeof port, "%d", ep->port);
    rc = getaddrinfo(ep->host, port, &hints, &res);
    if (rc != 0) {
        virt__status_set(st, VIRT_E_IO, 0, "http: cannot resolve '%s': %s", ep->host, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai && fd < 0; ai = ai->ai_next) fd = virt__connect_addr(ai, ep->connect_timeout_ms, &err);
    freeaddrinfo(res);
    if (fd < 0)
        virt__status_set(st, err == ETIMEDOUT ? VIRT_E_TIMEOUT : VIRT_E_IO, err,
                         "http: cannot connect to %s port %d: %s", ep->host, ep->port, strerror(err));
    return fd;
}

VIRT__PRIVATE int virt__send_all(int fd, const char *p, size_t n, long long deadline, virt_status *st)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, VIRT__SEND_FLAGS);
        if (w > 0) { p += w; n -= (size_t)w; continue; }
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            int rc = virt__wait_fd(fd, POLLOUT, deadline);
            if (rc == 1) continue;
            if (rc == 0) return virt__status_set(st, VIRT_E_TIMEOUT, 0, "http: timed out sending the request");
        }
        if (errno == EPIPE || errno == ECONNRESET)
            return virt__status_set(st, VIRT_E_CLOSED, errno,
                                    "http: the server closed the connection while we were sending");
        return virt__status_set(st, VIRT_E_IO, errno, "http: send: %s", strerror(errno));
    }
    return VIRT_OK;
}

VIRT__PRIVATE int virt__http_ieq(const char *a, size_t alen, const char *b)
{
    size_t i, blen = strlen(b);
    if (alen != blen) return 0;
    for (i = 0; i < alen; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return 0;
    }
    return 1;
}

/* Where the head ends: index after the blank line, 0 if not there yet.
 * Accepts bare LF line ends as well as CRLF. */
VIRT__PRIVATE size_t virt__http_head_end(const char *d, size_t len)
{
    size_t i;
    for (i = 0; i + 1 < len; i++) {
        if (d[i] != '\n') continue;
        if (d[i + 1] == '\n') return i + 2;
        if (d[i + 1] == '\r' && i + 2 < len && d[i + 2] == '\n') return i + 3;
    }
    return 0;
}

/* Response head facts the body reader needs. */
typedef struct virt__http_head {
    int chunked;
    int has_length;
    size_t length;
} virt__http_head;

VIRT__PRIVATE void virt__http_copy_trim(char *dst, size_t cap, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    if (n >= cap) n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

VIRT__PRIVATE int virt__http_status_line(const char *line, size_t n, virt_http_response *resp, virt_status *st)
{
    size_t i;
    if (n < 12 || memcmp(line, "HTTP/1.", 7) != 0 || line[8] != ' ')
        return virt__status_set(st, VIRT_E_PROTO, 0, "http: not an HTTP/1.x status line: '%.*s'",
                                (int)(n > 40 ? 40 : n), line);
    resp->status = 0;
    for (i = 9; i < 12; i++) {
        if (line[i] < '0' || line[i] > '9')
            return virt__status_set(st, VIRT_E_PROTO, 0, "http: bad status code in '%.*s'",
                                    (int)(n > 40 ? 40 : n), line);
        resp->status = resp->status * 10 + (line[i] - '0');
    }
    if (n > 12 && line[12] != ' ' && line[12] != '\r')
        return virt__status_set(st, VIRT_E_PROTO, 0, "http: bad status code in '%.*s'", (int)(n > 40 ? 40 : n), line);
    virt__http_copy_trim(resp->reason, sizeof resp->reason, line + 12, n > 12 ? n - 12 : 0);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__http_header(const char *line, size_t n, virt_http_response *resp,
                                    virt__http_head *h, virt_status *st)
{
    const char *colon = (const char *)memchr(line, ':', n);
    const char *v;
    size_t vn, i, len = 0;
    if (!colon)
        return virt__status_set(st, VIRT_E_PROTO, 0, "http: header line without ':': '%.*s'",
                                (int)(n > 40 ? 40 : n), line);
    v = colon + 1;
    vn = n - (size_t)(v - line);
    if (virt__http_ieq(line, (size_t)(colon - line), "content-length")) {
        while (vn && (*v == ' ' || *v == '\t')) { v++; vn--; }
        while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t' || v[vn - 1] == '\r')) vn--;
        if (vn == 0) return virt__status_set(st, VIRT_E_PROTO, 0, "http: empty Content-Length");
        for (i = 0; i < vn; i++) {
            if (v[i] < '0' || v[i] > '9' || !virt__size_mul(len, 10, &len) ||
                !virt__size_add(len, (size_t)(v[i] - '0'), &len))
                return virt__status_set(st, VIRT_E_PROTO, 0, "http: bad Content-Length '%.*s'",
                                        (int)(vn > 40 ? 40 : vn), v);
        }
        if (h->has_length && h->length != len)
            return virt__status_set(st, VIRT_E_PROTO, 0, "http: two different Content-Length headers");
        h->has_length = 1;
        h->length = len;
    } else if (virt__http_ieq(line, (size_t)(colon - line), "transfer-encoding")) {
        char te[64];
        virt__http_copy_trim(te, sizeof te, v, vn);
        for (i = 0; te[i]; i++) if (te[i] >= 'A' && te[i] <= 'Z') te[i] = (char)(te[i] - 'A' + 'a');
        if (strstr(te, "chunked")) h->chunked = 1;
        else if (strcmp(te, "identity") != 0)
            return virt__status_set(st, VIRT_E_PROTO, 0, "http: unsupported Transfer-Encoding '%s'", te);
    } else if (virt__http_ieq(line, (size_t)(colon - line), "content-type")) {
        virt__http_copy_trim(resp->content_type, sizeof resp->content_type, v, vn);
    }
    return VIRT_OK;
}

VIRT__PRIVATE int virt__http_parse_head(const char *d, size_t head_len, virt_http_response *resp,
                                        virt__http_head *h, virt_status *st)
{
    size_t pos = 0;
    int first = 1, rc;
    while (pos < head_len) {
        const char *nl = (const char *)memchr(d + pos, '\n', head_len - pos);
        size_t n = (size_t)(nl - (d + pos));
        if (n && d[pos + n - 1] == '\r') n--;
        if (n == 0) break;               /* the blank line */
        rc = first ? virt__http_status_line(d + pos, n, resp, st) : virt__http_header(d + pos, n, resp, h, st);
        if (rc != VIRT_OK) return rc;
        first = 0;
        pos += (size_t)(nl - (d + pos)) + 1;
    }
    if (h->chunked) h->has_length = 0;    /* RFC 7230 3.3.3: chunked wins */
    return VIRT_OK;
}

/* Walks the chunks of a chunked body from d[0..len): VIRT_OK with the
 * decoded size in *body_len and the bytes used in *used, VIRT_E_AGAIN if
 * incomplete. out (may be NULL) receives the decoded bytes. resume (may be
 * NULL) is {offset, decoded size} after the last whole chunk seen: a walk
 * starts there and moves it on, so a body arriving in many pieces is
 * walked once, not once per piece (issue 15 item 5). */
VIRT__PRIVATE int virt__http_chunks(const char *d, size_t len, size_t max_body, char *out,
                                    size_t *body_len, size_t *used, size_t *resume, virt_status *st)
{
    size_t pos = resume ? resume[0] : 0, total = resume ? resume[1] : 0;
    for (;;) {
        size_t size = 0, digits = 0, lim;
        const char *nl;
        lim = len - pos;
        if (lim > 1024) lim = 1024;      /* a chunk-size line is short */
        nl = (const char *)memchr(d + pos, '\n', lim);
        if (!nl) {
            if (len - pos >= 1024) return virt__status_set(st, VIRT_E_PROTO, 0, "http: chunk-size line too long");
            return VIRT_E_AGAIN;
        }
        while (d + pos < nl && virt__sxp_hex((unsigned char)d[pos]) >= 0) {
            if (++digits > 15) return virt__status_set(st, VIRT_E_PROTO, 0, "http: chunk size too large");
            size = size * 16 + (size_t)virt__sxp_hex((unsigned char)d[pos]);
            pos++;
        }
        if (digits == 0 || (d + pos < nl && d[pos] != ';' && d[pos] != '\r' && d[pos] != ' '))
            return virt__status_set(st, VIRT_E_PROTO, 0, "http: bad chunk-size line");
        pos = (size_t)(nl - d) + 1;
        if (size == 0) break;
        if (size > max_body || total > max_body - size)
            return virt__status_set(st, VIRT_E_LIMIT, 0, "http: chunked body over the limit of %zu bytes", max_body);
        if (len - pos < size + 1) return VIRT_E_AGAIN;
        if (out) memcpy(out + total, d + pos, size);
        total += size;
        pos += size;
        if (d[pos] == '\r') { if (len - pos < 2) return VIRT_E_AGAIN; pos++; }
        if (d[pos] != '\n') return virt__status_set(st, VIRT_E_PROTO, 0, "http: chunk not followed by CRLF");
        pos++;
        if (resume) { resume[0] = pos; resume[1] = total; }
    }
    /* trailers up to an empty line */
    for (;;) {
        const char *nl = (const char *)memchr(d + pos, '\n', len - pos);
        size_t n;
        if (!nl) return VIRT_E_AGAIN;
        n = (size_t)(nl - (d + pos));
        pos += n + 1;
        if (n == 0 || (n == 1 && d[pos - 2] == '\r')) break;
        if (pos > 64 * 1024) return virt__status_set(st, VIRT_E_PROTO, 0, "http: trailers too long");
    }
    *body_len = total;
    *used = pos;
    return VIRT_OK;
}

VIRT__PRIVATE int virt__http_set_body(virt_http_response *resp, const char *src, size_t n, virt_status *st)
{
    resp->body = (char *)VIRT_MALLOC(n + 1);
    if (!resp->body) return virt__status_set(st, VIRT_E_NOMEM, 0, "http: out of memory for a %zu-byte body", n);
    if (src && n) memcpy(resp->body, src, n);
    resp->body[n] = '\0';
    resp->body_len = n;
    return VIRT_OK;
}

VIRT__PRIVATE int virt__http_body(const char *d, size_t len, int at_eof, size_t head_len, size_t max_body,
                                  const virt__http_head *h, virt_http_response *resp, size_t *consumed,
                                  size_t *resume, virt_status *st)
{
    const char *b = d + head_len;
    size_t avail = len - head_len, blen = 0, used = 0;
    int rc;
    if ((resp->status >= 100 && resp->status < 200) || resp->status == 204 || resp->status == 304) {
        *consumed = head_len;
        return virt__http_set_body(resp, NULL, 0, st);
    }
    if (h->chunked) {
        rc = virt__http_chunks(b, avail, max_body, NULL, &blen, &used, resume, st);
        if (rc == VIRT_E_AGAIN && at_eof)
            return virt__status_set(st, VIRT_E_CLOSED, 0, "http: connection closed inside a chunked body");
        if (rc != VIRT_OK) return rc;
        if ((rc = virt__http_set_body(resp, NULL, blen, st)) != VIRT_OK) return rc;
        (void)virt__http_chunks(b, avail, max_body, resp->body, &blen, &used, NULL, st);
        *consumed = head_len + used;
        return VIRT_OK;
    }
    if (h->has_length) {
        if (h->length > max_body)
            return virt__status_set(st, VIRT_E_LIMIT, 0, "http: body of %zu bytes is over the limit of %zu",
                                    h->length, max_body);
        if (avail < h->length) {
            if (at_eof)
                return virt__status_set(st, VIRT_E_CLOSED, 0,
                                        "http: connection closed after %zu of %zu body bytes", avail, h->length);
            return VIRT_E_AGAIN;
        }
        *consumed = head_len + h->length;
        return virt__http_set_body(resp, b, h->length, st);
    }
    if (avail > max_body)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "http: body over the limit of %zu bytes", max_body);
    if (!at_eof) return VIRT_E_AGAIN;     /* no length: the body ends when the server closes */
    *consumed = len;
    return virt__http_set_body(resp, b, avail, st);
}

VIRT_API void virt_http_response_free(virt_http_response *resp)
{
    if (!resp) return;
    VIRT_FREE(resp->body);
    memset(resp, 0, sizeof *resp);
}

/* virt_http_parse_response, resuming a chunked body's walk at resume
 * (see virt__http_chunks; NULL: from the start). */
VIRT__PRIVATE int virt__http_parse(const char *data, size_t len, int at_eof, size_t max_header,
                                   size_t max_body, virt_http_response *resp, size_t *consumed,
                                   size_t *resume, virt_status *st)
{
    virt__http_head h;
    size_t head_len, used = 0;
    int rc;
    if (!resp || (!data && len)) return virt__status_set(st, VIRT_E_INVAL, 0, "http: bad arguments");
    memset(resp, 0, sizeof *resp);
    memset(&h, 0, sizeof h);
    head_len = virt__http_head_end(data, len > max_header ? max_header : len);
    if (head_len == 0) {
        if (len >= max_header)
            return virt__status_set(st, VIRT_E_LIMIT, 0, "http: response head over the limit of %zu bytes", max_header);
        if (at_eof)
            return virt__status_set(st, VIRT_E_CLOSED, 0,
                                    "http: connection closed after %zu bytes, before the end of the response head",
                                    len);
        return VIRT_E_AGAIN;
    }
    rc = virt__http_parse_head(data, head_len, resp, &h, st);
    if (rc == VIRT_OK) rc = virt__http_body(data, len, at_eof, head_len, max_body, &h, resp, &used, resume, st);
    if (rc != VIRT_OK) {
        virt_http_response_free(resp);
        return rc;
    }
    if (consumed) *consumed = used;
    return VIRT_OK;
}

VIRT_API int virt_http_parse_response(const char *data, size_t len, int at_eof, size_t max_header,
                                      size_t max_body, virt_http_response *resp, size_t *consumed,
                                      virt_status *st)
{
    return virt__http_parse(data, len, at_eof, max_header, max_body, resp, consumed, NULL, st);
}

/* Reads until the response is complete, the deadline passes, or the
 * limits are hit. Grows the buffer as needed, never past the limits. */
VIRT__PRIVATE int virt__http_receive(int fd, const virt_http_endpoint *ep, long long deadline,
                                     virt_http_response *resp, virt_status *st)
{
    virt__buf in;
    size_t cap_total, used, resume[2] = {0, 0};
    int eof = 0, rc;
    memset(&in, 0, sizeof in);
    /* head + body + room for chunk framing */
    if (!virt__size_add(ep->max_header, ep->max_body, &cap_total) ||
        !virt__size_add(cap_total, ep->max_body / 2 + 4096, &cap_total)) cap_total = (size_t)-1 / 2;
    for (;;) {
        ssize_t n;
        size_t room;
        if (in.len >= cap_total) {
            virt__buf_free(&in);
            return virt__status_set(st, VIRT_E_LIMIT, 0, "http: response over %zu bytes", cap_total);
        }
        room = cap_total - in.len;
        if (room > 65536) room = 65536;
        if (!virt__buf_reserve(&in, room)) {
            virt__buf_free(&in);
            return virt__status_set(st, VIRT_E_NOMEM, 0, "http: out of memory reading the response");
        }
        rc = virt__wait_fd(fd, POLLIN, deadline);
        if (rc == 0) {
            size_t received = in.len;      /* virt__buf_free zeroes it */
            virt__buf_free(&in);
            return virt__status_set(st, VIRT_E_TIMEOUT, 0,
                                    "http: no complete response within %d ms (%zu bytes received)",
                                    ep->timeout_ms, received);
        }
        n = rc < 0 ? -1 : recv(fd, in.data + in.len, room, 0);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
            if (errno == ECONNRESET) eof = 1;
            else {
                int e = errno;
                virt__buf_free(&in);
                return virt__status_set(st, VIRT_E_IO, e, "http: recv: %s", strerror(e));
            }
        } else if (n == 0) eof = 1;
        else { in.len += (size_t)n; in.data[in.len] = '\0'; }
        rc = virt__http_parse(in.data, in.len, eof, ep->max_header, ep->max_body, resp, &used, resume, st);
        if (rc != VIRT_E_AGAIN || eof) {
            virt__buf_free(&in);
            if (rc == VIRT_E_AGAIN)
                return virt__status_set(st, VIRT_E_CLOSED, 0,
                                        "http: connection closed before the response was complete");
            return rc;
        }
    }
}

VIRT_API int virt_http_request(const virt_http_endpoint *ep, const char *method, const char *target,
                               const char *content_type, const char *body, size_t body_len,
                               virt_http_response *resp, virt_status *st)
{
    virt__buf req;
    long long deadline;
    int fd, rc;
    if (!ep || !method || !target || !resp || (!body && body_len))
        return virt__status_set(st, VIRT_E_INVAL, 0, "http: bad arguments");
    memset(resp, 0, sizeof *resp);
    if (!method[0] || !virt__http_clean(method, 0) || target[0] != '/' || !virt__http_clean(target, 0) ||
        (content_type && !virt__http_clean(content_type, 1)) || (!ep->is_unix && !virt__http_clean(ep->host, 0)))
        return virt__status_set(st, VIRT_E_INVAL, 0,
                                "http: refusing a request with a control character or space in '%.60s %.120s'",
                                method, target);
    memset(&req, 0, sizeof req);
    virt__buf_printf(&req, "%s %s HTTP/1.1\r\n", method, target);
    /* xend answers in SXP when there is no User-Agent or the Accept header
     * names application/sxp (xen/web/httpserver.py, useSxp): send both
     * signals. It closes after every reply unless asked for keep-alive. */
    if (ep->is_unix) virt__buf_puts(&req, "Host: localhost\r\n");
    else if (strchr(ep->host, ':')) virt__buf_printf(&req, "Host: [%s]:%d\r\n", ep->host, ep->port);
    else virt__buf_printf(&req, "Host: %s:%d\r\n", ep->host, ep->port);
    virt__buf_puts(&req, "Accept: application/sxp\r\nAccept-Encoding: identity\r\nConnection: close\r\n");
    if (body || (method[0] == 'P')) {
        virt__buf_printf(&req, "Content-Type: %s\r\nContent-Length: %zu\r\n",
                         content_type ? content_type : "application/x-www-form-urlencoded", body_len);
    }
    virt__buf_puts(&req, "\r\n");
    if (body_len) virt__buf_add(&req, body, body_len);
    if (req.failed) {
        virt__buf_free(&req);
        return virt__status_set(st, VIRT_E_NOMEM, 0, "http: out of memory building the request");
    }
    fd = ep->is_unix ? virt__connect_unix(ep, st) : virt__connect_tcp(ep, st);
    if (fd < 0) { virt__buf_free(&req); return st ? (int)st->code : (int)VIRT_E_IO; }
    deadline = virt__now_ms() + ep->timeout_ms;
    rc = virt__send_all(fd, req.data, req.len, deadline, st);
    virt__buf_free(&req);
    if (rc == VIRT_OK) rc = virt__http_receive(fd, ep, deadline, resp, st);
    close(fd);
    return rc;
}

VIRT__PRIVATE void virt__urlencode_to(virt__buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            virt__buf_add(b, s, 1);
        } else {
            char e[3];
            e[0] = '%'; e[1] = hex[c >> 4]; e[2] = hex[c & 15];
            virt__buf_add(b, e, 3);
        }
    }
}

VIRT_API char *virt_http_urlencode(const char *s)
{
    virt__buf b;
    memset(&b, 0, sizeof b);
    if (!s) return NULL;
    virt__urlencode_to(&b, s);
    return virt__buf_steal(&b);
}

VIRT_API char *virt_http_form(const char *const *pairs, size_t npairs)
{
    virt__buf b;
    size_t i;
    memset(&b, 0, sizeof b);
    for (i = 0; i < npairs; i++) {
        if (i) virt__buf_add(&b, "&", 1);
        virt__urlencode_to(&b, pairs[2 * i] ? pairs[2 * i] : "");
        virt__buf_add(&b, "=", 1);
        virt__urlencode_to(&b, pairs[2 * i + 1] ? pairs[2 * i + 1] : "");
    }
    return virt__buf_steal(&b);
}

VIRT__FOR_SIZE_END
/* >>xend */

/* "GET /xend/node/" or "POST /xend/domain/x op=pause", for messages. */
VIRT__PRIVATE void virt__xend_what(char *out, size_t cap, const char *method, const char *path,
                                   const char *const *pairs, size_t npairs)
{
    size_t i;
    const char *op = NULL;
    for (i = 0; i < npairs; i++)
        if (pairs[2 * i] && strcmp(pairs[2 * i], "op") == 0) op = pairs[2 * i + 1];
    if (op) snprintf(out, cap, "xend: %s %.120s op=%.40s", method, path, op);
    else snprintf(out, cap, "xend: %s %.120s", method, path);
}

/* xend's error record `(xend.err 'message')` (SrvBase.perform / resultErr).
 * Returns the message or NULL if doc is not one. */
VIRT__PRIVATE const char *virt__xend_err_message(const virt_sxp_doc *doc)
{
    const char *h = doc ? virt_sxp_head(doc->root) : NULL;
    if (!h || strcmp(h, "xend.err") != 0) return NULL;
    if (doc->root->child->next && !doc->root->child->next->is_list) return doc->root->child->next->atom;
    return "(no message)";
}

/* Judges a reply the way xend's own client did (XendProtocol.handleStatus):
 * 2xx is success unless the SXP body is an (xend.err ...) record, which
 * xend <= 3.0.2 sends with status 200/202. */
VIRT__PRIVATE int virt__xend_judge(const char *what, virt_http_response *resp, virt_sxp_doc **out, virt_status *st)
{
    virt_sxp_doc *doc = NULL;
    virt_status pst;
    const char *err;
    int rc = VIRT_OK, sxp;
    char text[160];
    sxp = resp->content_type[0] == '\0' || strstr(resp->content_type, "sxp") != NULL;
    if (resp->body_len && sxp) {
        rc = virt_sxp_parse(resp->body, resp->body_len, &doc, &pst);
        if (rc != VIRT_OK && resp->status >= 200 && resp->status < 300)
            return virt__status_set(st, VIRT_E_PROTO, 0, "%s: malformed SXP reply: %s", what, pst.message);
    }
    err = virt__xend_err_message(doc);
    /* a short plain-text or HTML body is the message of an error page */
    snprintf(text, sizeof text, "%.*s", (int)(resp->body_len > 150 ? 150 : resp->body_len),
             resp->body ? resp->body : "");
    if (resp->status == 404)
        rc = virt__status_set(st, VIRT_E_NOENT, 0, "%s: HTTP 404: %s", what, err ? err : text);
    else if (resp->status == 501)
        rc = virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "%s: HTTP 501: %s", what, resp->reason);
    else if (resp->status == 413)
        rc = virt__status_set(st, VIRT_E_LIMIT, 0, "%s: HTTP 413: request body too large for xend (over 10000 bytes)",
                              what);
    else if (resp->status < 200 || resp->status > 299)
        rc = virt__status_set(st, VIRT_E_REMOTE, 0, "%s: HTTP %d: %s", what, resp->status,
                              err ? err : (text[0] ? text : resp->reason));
    else if (err)
        rc = virt__status_set(st, VIRT_E_REMOTE, 0, "%s: HTTP %d: %s", what, resp->status, err);
    else if (resp->body_len && !sxp)
        rc = virt__status_set(st, VIRT_E_PROTO, 0, "%s: reply is '%s', not SXP (HTML mode?)", what,
                              resp->content_type);
    else rc = VIRT_OK;
    if (rc == VIRT_OK && out) { *out = doc; doc = NULL; }
    virt_sxp_doc_free(doc);
    return rc;
}

/* st->message = prefix + ": " + st->message, truncated to fit */
VIRT__PRIVATE void virt__xend_prefix(virt_status *st, const char *prefix)
{
    char msg[sizeof st->message];
    size_t p = strlen(prefix), m = strlen(st->message), cap = sizeof msg - 1;
    if (p > cap) p = cap;
    memcpy(msg, prefix, p);
    if (p + 2 <= cap) { memcpy(msg + p, ": ", 2); p += 2; }
    if (m > cap - p) m = cap - p;
    memcpy(msg + p, st->message, m);
    msg[p + m] = '\0';
    memcpy(st->message, msg, sizeof msg);
}

VIRT__PRIVATE int virt__xend_call(const virt_http_endpoint *ep, const char *method, const char *path,
                                  const char *const *pairs, size_t npairs, virt_sxp_doc **out, virt_status *st)
{
    virt_http_response resp;
    char what[200];
    char *form = NULL;
    int rc;
    if (out) *out = NULL;
    if (!ep || !path) return virt__status_set(st, VIRT_E_INVAL, 0, "xend: bad arguments");
    virt__xend_what(what, sizeof what, method, path, pairs, npairs);
    if (method[0] == 'P') {
        form = virt_http_form(pairs, npairs);
        if (!form) return virt__status_set(st, VIRT_E_NOMEM, 0, "%s: out of memory", what);
    }
    rc = virt_http_request(ep, method, path, form ? "application/x-www-form-urlencoded" : NULL,
                           form, form ? strlen(form) : 0, &resp, st);
    VIRT_FREE(form);
    if (rc != VIRT_OK) {
        if (st) virt__xend_prefix(st, what);
        return rc;
    }
    rc = virt__xend_judge(what, &resp, out, st);
    virt_http_response_free(&resp);
    return rc;
}

VIRT_API int virt_xend_get(const virt_http_endpoint *ep, const char *path, virt_sxp_doc **out, virt_status *st)
{
    return virt__xend_call(ep, "GET", path, NULL, 0, out, st);
}

VIRT_API int virt_xend_post(const virt_http_endpoint *ep, const char *path, const char *const *pairs,
                            size_t npairs, virt_sxp_doc **out, virt_status *st)
{
    return virt__xend_call(ep, "POST", path, pairs, npairs, out, st);
}

VIRT_API int virt_xend_state_from_string(const char *s)
{
    /* xend's six flags, in order r b p s c d (XendDomainInfo.sxpr); the
     * precedence is libvirt's (sexpr_to_xend_domain_info) */
    if (!s) return 5;
    if (strchr(s, 'c')) return 6;
    if (strchr(s, 's')) return 4;
    if (strchr(s, 'd')) return 5;
    if (strchr(s, 'p')) return 3;
    if (strchr(s, 'b')) return 2;
    if (strchr(s, 'r')) return 1;
    return 0;
}

VIRT_API int virt_xend_uuid_parse(const char *s, unsigned char uuid[16])
{
    int n = 0, hi = -1;
    if (!s) return -1;
    for (; *s; s++) {
        int v;
        if (*s == '-') continue;
        v = virt__sxp_hex((unsigned char)*s);
        if (v < 0 || n == 16) return -1;
        if (hi < 0) hi = v;
        else { uuid[n++] = (unsigned char)(hi * 16 + v); hi = -1; }
    }
    return (n == 16 && hi < 0) ? 0 : -1;
}

VIRT__PRIVATE unsigned long long virt__xend_mib_to_kib(const virt_sxp *rec, const char *path)
{
    long long v = 0;
    if (virt_sxp_value_ll(rec, path, &v) < 0 || v < 0) return 0;
    return (unsigned long long)v * 1024ULL;
}

VIRT_API int virt_xend_domain_parse(const virt_sxp *rec, virt_xend_domain *out, virt_status *st)
{
    long long v;
    double t;
    const char *u;
    if (!out) return virt__status_set(st, VIRT_E_INVAL, 0, "xend: no output");
    memset(out, 0, sizeof *out);
    out->name = virt_sxp_value(rec, "domain/name");
    if (!out->name || !out->name[0])
        return virt__status_set(st, VIRT_E_PROTO, 0, "xend: domain record without a name");
    out->id = virt_sxp_value_ll(rec, "domain/domid", &v) == 0 && v >= 0 && v <= INT_MAX ? (int)v : -1;
    u = virt_sxp_value(rec, "domain/uuid");
    out->has_uuid = u && virt_xend_uuid_parse(u, out->uuid) == 0;
    /* memory and maxmem are MiB (XendDomainInfo.sxpr); an inactive domain
     * has no state, running ones always do */
    out->memory_kib = virt__xend_mib_to_kib(rec, "domain/memory");
    out->maxmem_kib = virt__xend_mib_to_kib(rec, "domain/maxmem");
    if (out->maxmem_kib < out->memory_kib) out->maxmem_kib = out->memory_kib;
    out->state = virt_xend_state_from_string(virt_sxp_value(rec, "domain/state"));
    if (out->id >= 0 && !virt_sxp_value(rec, "domain/state")) out->state = 0;
    out->vcpus = virt_sxp_value_ll(rec, "domain/vcpus", &v) == 0 && v > 0 && v < 65536 ? (unsigned int)v : 0;
    if (virt_sxp_value_double(rec, "domain/cpu_time", &t) == 0 && t > 0 && t < 1.8e10)
        out->cpu_time_ns = (unsigned long long)(t * 1e9);
    out->is_hvm = virt_sxp_lookup(rec, "domain/image/hvm") != NULL;
    return VIRT_OK;
}

VIRT__PRIVATE unsigned int virt__xend_uint(const virt_sxp *rec, const char *path)
{
    long long v;
    return virt_sxp_value_ll(rec, path, &v) == 0 && v > 0 && v <= (long long)UINT_MAX ? (unsigned int)v : 0;
}

VIRT_API int virt_xend_node_parse(const virt_sxp *rec, virt_xend_node *out, virt_status *st)
{
    const char *s;
    long long v;
    if (!out) return virt__status_set(st, VIRT_E_INVAL, 0, "xend: no output");
    memset(out, 0, sizeof *out);
    if (!rec || !virt_sxp_head(rec) || strcmp(virt_sxp_head(rec), "node") != 0)
        return virt__status_set(st, VIRT_E_PROTO, 0, "xend: GET /xend/node/ did not return a (node ...) record");
    s = virt_sxp_value(rec, "node/host");
    snprintf(out->host, sizeof out->host, "%s", s ? s : "");
    s = virt_sxp_value(rec, "node/machine");
    snprintf(out->machine, sizeof out->machine, "%s", s ? s : "");
    out->total_memory_kib = virt__xend_mib_to_kib(rec, "node/total_memory");
    out->nr_cpus = virt__xend_uint(rec, "node/nr_cpus");
    out->cpu_mhz = virt__xend_uint(rec, "node/cpu_mhz");
    out->nr_nodes = virt__xend_uint(rec, "node/nr_nodes");
    out->sockets_per_node = virt__xend_uint(rec, "node/sockets_per_node");
    out->cores_per_socket = virt__xend_uint(rec, "node/cores_per_socket");
    out->threads_per_core = virt__xend_uint(rec, "node/threads_per_core");
    out->xen_major = (int)virt__xend_uint(rec, "node/xen_major");
    out->xen_minor = (int)virt__xend_uint(rec, "node/xen_minor");
    /* libvirt's xenDaemonGetVersion: the digits of xen_extra (".3-1" -> 31) */
    for (s = virt_sxp_value(rec, "node/xen_extra"); s && *s && out->xen_micro < 100000; s++)
        if (*s >= '0' && *s <= '9') out->xen_micro = out->xen_micro * 10 + (unsigned long)(*s - '0');
    /* absent before xend 3.0.3, which libvirt treats as format 1 */
    out->config_format = virt_sxp_value_ll(rec, "node/xend_config_format", &v) == 0 && v > 0 && v < 100 ? (int)v : 1;
    return VIRT_OK;
}

/* The SXP <-> domain conversions run once per define, create or dumpxml,
 * never in a loop: compiled for size (12 KB less text at -O2). */
VIRT__FOR_SIZE_BEGIN
/* >>sexpr2xml: a `(domain ...)` record -> virt_domain_def, following what
 * libvirt 0.2.0 read from it (src/xend_internal.c, xend_parse_sexp_desc),
 * so the XML is byte-identical to libvirt's; the conformance data in
 * ../shared/conformance/libvirt-xen/sexpr2xml checks it. */

VIRT__PRIVATE int virt__xend_dup(char **dst, const char *s)
{
    if (!s) return 1;
    *dst = virt__strdup(s);
    return *dst != NULL;
}

VIRT__PRIVATE virt_device_def *virt__xend_add_device(virt_domain_def *def, virt_device_kind kind)
{
    virt_device_def *d;
    size_t n;
    if (def->ndevices >= VIRT_XML_MAX_DEVICES || !virt__size_mul(def->ndevices + 1, sizeof *d, &n)) return NULL;
    d = (virt_device_def *)VIRT_REALLOC(def->devices, n);
    if (!d) return NULL;
    def->devices = d;
    d = &def->devices[def->ndevices++];
    memset(d, 0, sizeof *d);
    d->kind = kind;
    return d;
}

#define VIRT__XEND_NOMEM(st) virt__status_set((st), VIRT_E_NOMEM, 0, "sexpr2xml: out of memory")
/* virt__xend_add_device's NULL: the device limit or no memory */
#define VIRT__XEND_NODEV(def, st)                                                                       \
    ((def)->ndevices >= VIRT_XML_MAX_DEVICES                                                            \
         ? virt__status_set((st), VIRT_E_LIMIT, 0, "sexpr2xml: more than %d devices (VIRT_XML_MAX_DEVICES)", \
                            VIRT_XML_MAX_DEVICES)                                                       \
         : VIRT__XEND_NOMEM(st))

/* (device (vbd|tap (dev D) (uname DRIVER:[TYPE:]PATH) (mode M))) */
VIRT__PRIVATE int virt__xend_sxp_disk(virt_domain_def *def, const virt_sxp *dev, int format, virt_status *st)
{
    const char *src = virt_sxp_value(dev, "vbd/uname"), *dst = virt_sxp_value(dev, "vbd/dev");
    const char *mode = virt_sxp_value(dev, "vbd/mode"), *colon;
    virt_device_def *d;
    virt_disk_def *k;
    char *target;
    if (virt_sxp_lookup(dev, "tap")) {
        src = virt_sxp_value(dev, "tap/uname");
        dst = virt_sxp_value(dev, "tap/dev");
        mode = virt_sxp_value(dev, "tap/mode");
    }
    if (!src && dst && format > 1 && strlen(dst) > 6 && strcmp(dst + strlen(dst) - 6, ":cdrom") == 0) {
        /* a CD-ROM drive without a medium (xend >= 3.0.3 leaves out the uname) */
        if (!(d = virt__xend_add_device(def, VIRT_DEVICE_DISK))) return VIRT__XEND_NODEV(def, st);
        d->u.disk.device = VIRT_DISK_DEVICE_CDROM;
        d->u.disk.readonly = 1;
        if (!(d->u.disk.target = virt__strndup(dst, strlen(dst) - 6))) return VIRT__XEND_NOMEM(st);
        return VIRT_OK;
    }
    if (!src || !dst)
        return virt__status_set(st, VIRT_E_PROTO, 0, "sexpr2xml: disk device without %s", src ? "dev" : "uname");
    colon = strchr(src, ':');
    if (!colon)
        return virt__status_set(st, VIRT_E_PROTO, 0, "sexpr2xml: disk uname '%.80s' has no driver prefix", src);
    if (!(d = virt__xend_add_device(def, VIRT_DEVICE_DISK))) return VIRT__XEND_NODEV(def, st);
    k = &d->u.disk;
    if (!(k->driver_name = virt__strndup(src, (size_t)(colon - src)))) return VIRT__XEND_NOMEM(st);
    src = colon + 1;
    if (strcmp(k->driver_name, "tap") == 0) {
        colon = strchr(src, ':');
        if (!colon)
            return virt__status_set(st, VIRT_E_PROTO, 0, "sexpr2xml: tap uname without a driver type");
        if (!(k->driver_type = virt__strndup(src, (size_t)(colon - src)))) return VIRT__XEND_NOMEM(st);
        src = colon + 1;
    }
    k->type = strcmp(k->driver_name, "phy") == 0 ? VIRT_DISK_BLOCK : VIRT_DISK_FILE;
    if (strncmp(dst, "ioemu:", 6) == 0) dst += 6;
    if (!(k->source = virt__strdup(src)) || !(target = virt__strdup(dst))) return VIRT__XEND_NOMEM(st);
    k->target = target;
    /* xend >= 3.0.3 tags the dev: "hdc:cdrom", "xvda:disk" (blkif.py) */
    if (format > 1 && (colon = strrchr(target, ':')) != NULL) {
        if (strcmp(colon, ":cdrom") == 0) k->device = VIRT_DISK_DEVICE_CDROM;
        target[colon - target] = '\0';
    }
    k->readonly = mode && strcmp(mode, "r") == 0;
    k->shareable = mode && strcmp(mode, "w!") == 0;
    return VIRT_OK;
}

/* (device (vif (bridge B) (mac M) (ip I) (script S) (vifname V))) */
VIRT__PRIVATE int virt__xend_sxp_vif(virt_domain_def *def, const virt_sxp *dev, virt_status *st)
{
    const char *script = virt_sxp_value(dev, "vif/script");
    virt_device_def *d = virt__xend_add_device(def, VIRT_DEVICE_INTERFACE);
    virt_net_def *n;
    if (!d) return VIRT__XEND_NODEV(def, st);
    n = &d->u.net;
    /* libvirt 0.2.0 called it a bridge when the script was vif-bridge */
    n->type = script && strstr(script, "bridge") ? VIRT_NET_BRIDGE : VIRT_NET_ETHERNET;
    if ((n->type == VIRT_NET_BRIDGE && !virt__xend_dup(&n->source, virt_sxp_value(dev, "vif/bridge"))) ||
        !virt__xend_dup(&n->target, virt_sxp_value(dev, "vif/vifname")) ||
        !virt__xend_dup(&n->mac, virt_sxp_value(dev, "vif/mac")) ||
        !virt__xend_dup(&n->ip, virt_sxp_value(dev, "vif/ip")) || !virt__xend_dup(&n->script, script) ||
        !virt__xend_dup(&n->model, virt_sxp_value(dev, "vif/model")))
        return VIRT__XEND_NOMEM(st);
    return VIRT_OK;
}

/* A VNC or SDL display: the port is 5900 + domid unless xenstore says
 * otherwise (libvirt 0.2.0 asked xenstore; without it, the same default). */
VIRT__PRIVATE int virt__xend_graphics(virt_domain_def *def, int vnc, int domid, const char *listen, virt_status *st)
{
    virt_device_def *d = virt__xend_add_device(def, VIRT_DEVICE_GRAPHICS);
    if (!d) return VIRT__XEND_NODEV(def, st);
    d->u.graphics.type = vnc ? VIRT_GRAPHICS_VNC : VIRT_GRAPHICS_SDL;
    d->u.graphics.port = vnc ? 5900 + domid : -1;
    if (vnc && !virt__xend_dup(&d->u.graphics.listen, listen)) return VIRT__XEND_NOMEM(st);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xend_floppy_cdrom(virt_domain_def *def, const char *src, const char *target, int cdrom,
                                          virt_status *st)
{
    virt_device_def *d;
    if (!src || !src[0]) return VIRT_OK;
    if (!(d = virt__xend_add_device(def, VIRT_DEVICE_DISK))) return VIRT__XEND_NODEV(def, st);
    d->u.disk.type = VIRT_DISK_FILE;
    d->u.disk.device = cdrom ? VIRT_DISK_DEVICE_CDROM : VIRT_DISK_DEVICE_FLOPPY;
    d->u.disk.readonly = cdrom;
    if ((cdrom && !(d->u.disk.driver_name = virt__strdup("file"))) || !(d->u.disk.source = virt__strdup(src)) ||
        !(d->u.disk.target = virt__strdup(target)))
        return VIRT__XEND_NOMEM(st);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xend_sxp_os(virt_domain_def *def, const virt_sxp *root, int hvm, virt_status *st)
{
    const char *kernel = virt_sxp_value(root, hvm ? "domain/image/hvm/kernel" : "domain/image/linux/kernel");
    const char *s;
    if (!kernel) return virt__status_set(st, VIRT_E_PROTO, 0, "sexpr2xml: domain image without a kernel");
    if (!virt__xend_dup(&def->os.type, hvm ? "hvm" : "linux")) return VIRT__XEND_NOMEM(st);
    if (hvm) {
        const char *loader = virt_sxp_value(root, "domain/image/hvm/loader");
        /* direct kernel boot: (loader hvmloader)(kernel K)(ramdisk I)(args A) */
        if (loader && loader[0] && strcmp(loader, kernel) != 0) {
            if (!virt__xend_dup(&def->os.loader, loader) || !virt__xend_dup(&def->os.kernel, kernel) ||
                !virt__xend_dup(&def->os.initrd, virt_sxp_value(root, "domain/image/hvm/ramdisk")) ||
                !virt__xend_dup(&def->os.cmdline, virt_sxp_value(root, "domain/image/hvm/args")))
                return VIRT__XEND_NOMEM(st);
        } else if (!virt__xend_dup(&def->os.loader, kernel)) {
            return VIRT__XEND_NOMEM(st);
        }
        s = virt_sxp_value(root, "domain/image/hvm/boot");
        if (s && s[0]) {
            const char *dev = s[0] == 'a' ? "fd" : s[0] == 'c' ? "hd" : strcmp(s, "d") == 0 ? "cdrom" : NULL;
            if (!virt__xend_dup(&def->os.boot_dev, dev)) return VIRT__XEND_NOMEM(st);
            /* (boot dc): a boot order, one letter per device */
            for (s = strlen(s) > 1 ? s : ""; *s && def->nboot < VIRT_XML_MAX_BOOT; s++) {
                const char *b = *s == 'a' ? "fd" : *s == 'c' ? "hd" : *s == 'd' ? "cdrom" : *s == 'n' ? "network" : NULL;
                if (b && !(def->boot_devs[def->nboot++] = virt__strdup(b))) return VIRT__XEND_NOMEM(st);
            }
        }
        return VIRT_OK;
    }
    if (!virt__xend_dup(&def->os.kernel, kernel)) return VIRT__XEND_NOMEM(st);
    s = virt_sxp_value(root, "domain/image/linux/ramdisk");
    if (s && s[0] && !virt__xend_dup(&def->os.initrd, s)) return VIRT__XEND_NOMEM(st);
    s = virt_sxp_value(root, "domain/image/linux/root");
    if (s && s[0] && !virt__xend_dup(&def->os.root, s)) return VIRT__XEND_NOMEM(st);
    s = virt_sxp_value(root, "domain/image/linux/args");
    if (s && s[0] && !virt__xend_dup(&def->os.cmdline, s)) return VIRT__XEND_NOMEM(st);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xend_sxp_memory(virt_domain_def *def, const virt_sxp *root)
{
    long long max_mib = 0, cur_mib = 0, v;
    unsigned long long max_kib, cur_kib;
    if (virt_sxp_value_ll(root, "domain/maxmem", &max_mib) < 0 || max_mib < 0) max_mib = 0;
    if (virt_sxp_value_ll(root, "domain/memory", &cur_mib) < 0 || cur_mib < 0) cur_mib = 0;
    max_kib = (unsigned long long)max_mib << 10;
    cur_kib = (unsigned long long)cur_mib << 10;
    if (cur_kib > max_kib) max_kib = cur_kib;
    def->memory_kib = max_kib;
    if (cur_kib > 63 && cur_kib != max_kib) def->current_memory_kib = cur_kib;
    def->vcpus = virt_sxp_value_ll(root, "domain/vcpus", &v) == 0 && v > 0 && v < 65536 ? (unsigned int)v : 0;
    return VIRT_OK;
}

/* xend 3's string form of a character device ("pty", "file:/p",
 * "tcp:h:p[,server,nowait]", "telnet:...", "udp:h:p[@h:p]", "unix:/p[,server]",
 * "pipe:/p", "/dev/...", "null", "stdio", "vc") -> the XML model. */
VIRT__PRIVATE int virt__xend_parse_chardev(virt_chardev_def *c, const char *s)
{
    const char *type = "pty", *rest = NULL, *comma;
    char *host = NULL;
    int server = strstr(s, ",server") != NULL, ok = 1;
    if (strcmp(s, "pty") == 0 || strcmp(s, "null") == 0 || strcmp(s, "stdio") == 0 || strcmp(s, "vc") == 0)
        type = s;
    else if (strncmp(s, "file:", 5) == 0) { type = "file"; rest = s + 5; }
    else if (strncmp(s, "pipe:", 5) == 0) { type = "pipe"; rest = s + 5; }
    else if (strncmp(s, "unix:", 5) == 0) { type = "unix"; rest = s + 5; }
    else if (strncmp(s, "tcp:", 4) == 0) { type = "tcp"; rest = s + 4; }
    else if (strncmp(s, "telnet:", 7) == 0) { type = "tcp"; rest = s + 7; ok &= (c->protocol = virt__strdup("telnet")) != NULL; }
    else if (strncmp(s, "udp:", 4) == 0) { type = "udp"; rest = s + 4; }
    else if (s[0] == '/') { type = "dev"; rest = s; }
    else return VIRT_E_PROTO;
    ok &= (c->type = virt__strdup(type)) != NULL;
    if (!rest) return ok ? VIRT_OK : VIRT_E_NOMEM;
    comma = strchr(rest, ',');
    if (strcmp(type, "tcp") == 0 || strcmp(type, "udp") == 0) {
        const char *at = strchr(rest, '@');
        const char *end = at ? at : comma ? comma : rest + strlen(rest);
        const char *colon = (const char *)memchr(rest, ':', (size_t)(end - rest));
        if (!colon) return VIRT_E_PROTO;
        if (colon > rest) ok &= (c->source[0].host = virt__strndup(rest, (size_t)(colon - rest))) != NULL;
        ok &= (c->source[0].service = virt__strndup(colon + 1, (size_t)(end - colon - 1))) != NULL;
        ok &= (c->source[0].mode = virt__strdup(server ? "bind" : "connect")) != NULL;
        if (at) {
            const char *b = at + 1, *bc = strchr(b, ':');
            if (!bc) return VIRT_E_PROTO;
            if (bc > b) ok &= (c->source[1].host = virt__strndup(b, (size_t)(bc - b))) != NULL;
            ok &= (c->source[1].service = virt__strdup(bc + 1)) != NULL;
            ok &= (c->source[1].mode = virt__strdup("bind")) != NULL;
        }
    } else {
        ok &= (c->source[0].path = virt__strndup(rest, comma ? (size_t)(comma - rest) : strlen(rest))) != NULL;
        if (strcmp(type, "unix") == 0) ok &= (c->source[0].mode = virt__strdup(server ? "bind" : "connect")) != NULL;
    }
    (void)host;
    return ok ? VIRT_OK : VIRT_E_NOMEM;
}

VIRT__PRIVATE int virt__xend_sxp_chardev(virt_domain_def *def, const char *s, virt_device_kind kind, virt_status *st)
{
    virt_device_def *d;
    int rc;
    if (!s || !s[0] || strcmp(s, "none") == 0) return VIRT_OK;
    if (!(d = virt__xend_add_device(def, kind))) return VIRT__XEND_NODEV(def, st);
    rc = virt__xend_parse_chardev(&d->u.console, s);
    if (rc == VIRT_E_NOMEM) return VIRT__XEND_NOMEM(st);
    if (rc != VIRT_OK)
        return virt__status_set(st, VIRT_E_PROTO, 0, "sexpr2xml: %s '%.80s' is not a character device xend knows",
                                kind == VIRT_DEVICE_SERIAL ? "serial" : "parallel", s);
    if (!(d->u.console.target_port = virt__strdup("0"))) return VIRT__XEND_NOMEM(st);
    return VIRT_OK;
}

/* A device whose only value is one string (input type, sound model ...). */
VIRT__PRIVATE int virt__xend_sxp_simple(virt_domain_def *def, virt_device_kind kind, const char *a, const char *b,
                                        size_t alen, virt_status *st)
{
    virt_device_def *d = virt__xend_add_device(def, kind);
    char **first, **second = NULL;
    if (!d) return VIRT__XEND_NODEV(def, st);
    switch (kind) {
    case VIRT_DEVICE_INPUT: first = &d->u.input.type; second = &d->u.input.bus; break;
    case VIRT_DEVICE_SOUND: first = &d->u.sound.model; break;
    default: first = &d->u.video.model; break;
    }
    if (!(*first = virt__strndup(a, alen)) || (second && b && !(*second = virt__strdup(b)))) return VIRT__XEND_NOMEM(st);
    return VIRT_OK;
}

/* The xend 3 HVM image settings that are devices in the XML: serial,
 * parallel, usbdevice, soundhw, stdvga. */
VIRT__PRIVATE int virt__xend_sxp_hvm_devices(virt_domain_def *def, const virt_sxp *root, virt_status *st)
{
    const char *s;
    long long v;
    int rc = virt__xend_sxp_chardev(def, virt_sxp_value(root, "domain/image/hvm/serial"), VIRT_DEVICE_SERIAL, st);
    if (rc == VIRT_OK)
        rc = virt__xend_sxp_chardev(def, virt_sxp_value(root, "domain/image/hvm/parallel"), VIRT_DEVICE_PARALLEL, st);
    s = virt_sxp_value(root, "domain/image/hvm/usbdevice");
    if (rc == VIRT_OK && s && (strcmp(s, "tablet") == 0 || strcmp(s, "mouse") == 0))
        rc = virt__xend_sxp_simple(def, VIRT_DEVICE_INPUT, s, "usb", strlen(s), st);
    s = virt_sxp_value(root, "domain/image/hvm/soundhw");
    while (rc == VIRT_OK && s && *s) {
        size_t n = strcspn(s, ",");
        if (n) rc = virt__xend_sxp_simple(def, VIRT_DEVICE_SOUND, s, NULL, n, st);
        s += n + (s[n] == ',');
    }
    if (rc == VIRT_OK && virt_sxp_value_ll(root, "domain/image/hvm/stdvga", &v) == 0 && v)
        rc = virt__xend_sxp_simple(def, VIRT_DEVICE_VIDEO, "vga", NULL, 3, st);
    return rc;
}

/* (device (pci (dev (domain D)(bus B)(slot S)(func F)) ...)) -> hostdevs */
VIRT__PRIVATE int virt__xend_sxp_pci(virt_domain_def *def, const virt_sxp *pci, virt_status *st)
{
    static const char *const keys[] = { "domain", "bus", "slot", "func" };
    static const char *const names[] = { "domain", "bus", "slot", "function" };
    const virt_sxp *c;
    for (c = pci->child ? pci->child->next : NULL; c; c = c->next) {
        virt_device_def *d;
        virt_address_def *a;
        unsigned int i;
        char path[16];
        if (!c->is_list || !virt_sxp_head(c) || strcmp(virt_sxp_head(c), "dev") != 0) continue;
        if (!(d = virt__xend_add_device(def, VIRT_DEVICE_HOSTDEV))) return VIRT__XEND_NODEV(def, st);
        a = &d->u.hostdev.source;
        if (!(d->u.hostdev.mode = virt__strdup("subsystem")) || !(d->u.hostdev.type = virt__strdup("pci")) ||
            !(d->u.hostdev.managed = virt__strdup("no")) || !(a->attrs[0] = virt__strdup("type")) ||
            !(a->attrs[1] = virt__strdup("pci")))
            return VIRT__XEND_NOMEM(st);
        a->natts = 1;
        for (i = 0; i < 4; i++) {
            const char *v;
            snprintf(path, sizeof path, "dev/%s", keys[i]);
            if (!(v = virt_sxp_value(c, path))) continue;
            if (!(a->attrs[2 * a->natts] = virt__strdup(names[i])) || !(a->attrs[2 * a->natts + 1] = virt__strdup(v)))
                return VIRT__XEND_NOMEM(st);
            a->natts++;
        }
    }
    return VIRT_OK;
}

/* Domain settings of xend 3 beyond libvirt 0.2.0's: cpus, vcpu_avail,
 * description, bootloader_args, localtime, rtc_timeoffset. */
VIRT__PRIVATE int virt__xend_sxp_extras(virt_domain_def *def, const virt_sxp *root, int hvm, virt_status *st)
{
    const char *s;
    long long v;
    int ok = 1;
    ok &= virt__xend_dup(&def->vcpu_cpuset, virt_sxp_value(root, "domain/cpus"));
    if (virt_sxp_value_ll(root, "domain/vcpu_avail", &v) == 0 && v > 0 && def->vcpus) {
        unsigned int n = 0;
        char num[16];
        for (; v; v >>= 1) n += (unsigned int)(v & 1);
        if (n < def->vcpus) {
            snprintf(num, sizeof num, "%u", n);
            ok &= virt__xend_dup(&def->vcpu_current, num);
        }
    }
    s = virt_sxp_value(root, "domain/description");
    if (s && s[0]) ok &= virt__xend_dup(&def->description, s);
    s = virt_sxp_value(root, "domain/bootloader_args");
    if (s && s[0]) ok &= virt__xend_dup(&def->bootloader_args, s);
    if ((virt_sxp_value_ll(root, hvm ? "domain/image/hvm/localtime" : "domain/localtime", &v) == 0 && v))
        def->localtime = 1;
    s = virt_sxp_value(root, "domain/image/hvm/rtc_timeoffset");
    if (hvm && s && strcmp(s, "0") != 0) {
        ok &= virt__xend_dup(&def->clock_offset, "variable") && virt__xend_dup(&def->clock_adjustment, s) &&
              virt__xend_dup(&def->clock_basis, def->localtime ? "localtime" : "utc");
        def->localtime = 0;
    }
    return ok ? VIRT_OK : VIRT__XEND_NOMEM(st);
}

/* (keymap 'de') of the image, or of the vfb, on the display */
VIRT__PRIVATE int virt__xend_sxp_keymap(virt_domain_def *def, const virt_sxp *root, const char *kind, virt_status *st)
{
    const virt_sxp *c;
    const char *km, *disp;
    char path[64];
    size_t i;
    snprintf(path, sizeof path, "domain/image/%s/keymap", kind);
    km = virt_sxp_value(root, path);
    for (c = root->child->next; !km && c; c = c->next)
        if (c->is_list && virt_sxp_head(c) && strcmp(virt_sxp_head(c), "device") == 0)
            km = virt_sxp_value(c, "device/vfb/keymap");
    snprintf(path, sizeof path, "domain/image/%s/vncdisplay", kind);
    disp = virt_sxp_value(root, path);
    for (c = root->child->next; !disp && c; c = c->next)
        if (c->is_list && virt_sxp_head(c) && strcmp(virt_sxp_head(c), "device") == 0)
            disp = virt_sxp_value(c, "device/vfb/vncdisplay");
    /* (vncdisplay N): the fixed display xml2sexpr wrote for port 5900 + N */
    if (disp) {
        long long n = 0;
        const char *q;
        for (q = disp; *q >= '0' && *q <= '9' && n < 65536; q++) n = n * 10 + (*q - '0');
        for (i = 0; !*q && q != disp && n < 65536 - 5900 && i < def->ndevices; i++)
            if (def->devices[i].kind == VIRT_DEVICE_GRAPHICS && def->devices[i].u.graphics.type == VIRT_GRAPHICS_VNC)
                def->devices[i].u.graphics.port = 5900 + (int)n;
    }
    if (!km || !km[0]) return VIRT_OK;
    for (i = 0; i < def->ndevices; i++)
        if (def->devices[i].kind == VIRT_DEVICE_GRAPHICS && !def->devices[i].u.graphics.keymap &&
            !(def->devices[i].u.graphics.keymap = virt__strdup(km)))
            return VIRT__XEND_NOMEM(st);
    return VIRT_OK;
}

/* The devices, in xend's order, then what libvirt 0.2.0 appended after them. */
VIRT__PRIVATE int virt__xend_sxp_devices(virt_domain_def *def, const virt_sxp *root, int hvm, int format,
                                         virt_status *st)
{
    const virt_sxp *c;
    const char *s, *kind = hvm ? "hvm" : "linux";
    char path[64];
    int rc = VIRT_OK, domid = def->id < 0 ? 0 : def->id;
    for (c = root->child->next; c && rc == VIRT_OK; c = c->next) {
        if (!c->is_list || !virt_sxp_head(c) || strcmp(virt_sxp_head(c), "device") != 0 || !c->child->next) continue;
        if (virt_sxp_lookup(c, "device/vbd") || virt_sxp_lookup(c, "device/tap"))
            rc = virt__xend_sxp_disk(def, c->child->next, format, st);
        else if (virt_sxp_lookup(c, "device/vif"))
            rc = virt__xend_sxp_vif(def, c->child->next, st);
        else if (virt_sxp_lookup(c, "device/pci"))
            rc = virt__xend_sxp_pci(def, c->child->next, st);
        else if (!hvm && virt_sxp_lookup(c, "device/vfb")) {
            /* the paravirt framebuffer of xend >= 3.0.4 */
            s = virt_sxp_value(c, "device/vfb/type");
            if (s && (strcmp(s, "vnc") == 0 || strcmp(s, "sdl") == 0))
                rc = virt__xend_graphics(def, s[0] == 'v', domid, virt_sxp_value(c, "device/vfb/vnclisten"), st);
        }
    }
    if (rc == VIRT_OK && hvm) {
        rc = virt__xend_floppy_cdrom(def, virt_sxp_value(root, "domain/image/hvm/fda"), "fda", 0, st);
        if (rc == VIRT_OK)
            rc = virt__xend_floppy_cdrom(def, virt_sxp_value(root, "domain/image/hvm/fdb"), "fdb", 0, st);
        /* xend <= 3.0.2 kept the CD-ROM in the image */
        if (rc == VIRT_OK && format == 1)
            rc = virt__xend_floppy_cdrom(def, virt_sxp_value(root, "domain/image/hvm/cdrom"), "hdc", 1, st);
    }
    snprintf(path, sizeof path, "domain/image/%s/vnc", kind);
    s = virt_sxp_value(root, path);
    if (rc == VIRT_OK && s && s[0] == '1') {
        snprintf(path, sizeof path, "domain/image/%s/vnclisten", kind);
        rc = virt__xend_graphics(def, 1, domid, virt_sxp_value(root, path), st);
    }
    snprintf(path, sizeof path, "domain/image/%s/sdl", kind);
    s = virt_sxp_value(root, path);
    if (rc == VIRT_OK && s && s[0] == '1') rc = virt__xend_graphics(def, 0, domid, NULL, st);
    if (rc == VIRT_OK && hvm) rc = virt__xend_sxp_hvm_devices(def, root, st);
    if (rc == VIRT_OK) rc = virt__xend_sxp_keymap(def, root, kind, st);
    return rc;
}

VIRT__PRIVATE int virt__xend_sxp_to_def(const virt_sxp *root, int format, virt_domain_def **out, virt_status *st)
{
    virt_domain_def *def;
    const char *s;
    long long v;
    int rc = VIRT_OK, hvm;
    *out = NULL;
    if (!virt_sxp_head(root) || strcmp(virt_sxp_head(root), "domain") != 0)
        return virt__status_set(st, VIRT_E_PROTO, 0, "sexpr2xml: not a (domain ...) record");
    if (!(s = virt_sxp_value(root, "domain/name")) || !s[0])
        return virt__status_set(st, VIRT_E_PROTO, 0, "sexpr2xml: domain record without a name");
    if (!(def = virt_domain_def_new())) return VIRT__XEND_NOMEM(st);
    def->id = virt_sxp_value_ll(root, "domain/domid", &v) == 0 && v >= 0 && v <= INT_MAX ? (int)v : -1;
    if (!virt__xend_dup(&def->type, "xen") || !virt__xend_dup(&def->name, s) ||
        !virt__xend_dup(&def->bootloader, virt_sxp_value(root, "domain/bootloader")))
        rc = VIRT__XEND_NOMEM(st);
    s = virt_sxp_value(root, "domain/uuid");
    def->has_uuid = s && virt_xend_uuid_parse(s, def->uuid) == 0;
    hvm = virt_sxp_lookup(root, "domain/image/hvm") != NULL;
    if (rc == VIRT_OK && virt_sxp_lookup(root, "domain/image")) rc = virt__xend_sxp_os(def, root, hvm, st);
    virt__xend_sxp_memory(def, root);
    def->on_poweroff = virt_lifecycle_from_string(virt_sxp_value(root, "domain/on_poweroff"));
    def->on_reboot = virt_lifecycle_from_string(virt_sxp_value(root, "domain/on_reboot"));
    def->on_crash = virt_lifecycle_from_string(virt_sxp_value(root, "domain/on_crash"));
    if (hvm) {
        if (virt_sxp_value_ll(root, "domain/image/hvm/acpi", &v) == 0 && v) def->features |= VIRT_FEATURE_ACPI;
        if (virt_sxp_value_ll(root, "domain/image/hvm/apic", &v) == 0 && v) def->features |= VIRT_FEATURE_APIC;
        if (virt_sxp_value_ll(root, "domain/image/hvm/pae", &v) == 0 && v) def->features |= VIRT_FEATURE_PAE;
        s = virt_sxp_value(root, "domain/image/hvm/device_model");
        if (rc == VIRT_OK && s && s[0] && !virt__xend_dup(&def->emulator, s)) rc = VIRT__XEND_NOMEM(st);
    }
    if (rc == VIRT_OK) rc = virt__xend_sxp_devices(def, root, hvm, format, st);
    if (rc == VIRT_OK) rc = virt__xend_sxp_extras(def, root, hvm, st);
    if (rc != VIRT_OK) { virt_domain_def_free(def); return rc; }
    *out = def;
    return VIRT_OK;
}

/* >>xml2sexpr: virt_domain_def -> the `(vm ...)` config of op=create,
 * written exactly as libvirt 0.2.0 wrote it (src/xml.c,
 * virDomainParseXMLDesc) so the conformance data matches byte for byte;
 * unlike libvirt, every value is escaped, so no value can inject SXP. */

/* `(key 'value')`: libvirt's quoting, made safe: always single quotes,
 * with \ ' and control bytes escaped (xend's reader decodes them). */
VIRT__PRIVATE void virt__xend_kq(virt__buf *b, const char *key, const char *value)
{
    const char *s;
    virt__buf_printf(b, "(%s '", key);
    for (s = value; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == '\'') { virt__buf_add(b, "\\", 1); virt__buf_add(b, s, 1); }
        else if (c < 0x20 || c == 0x7f) virt__buf_printf(b, "\\x%02x", c);
        else virt__buf_add(b, s, 1);
    }
    virt__buf_add(b, "')", 2);
}

/* `(key value)` where libvirt wrote the value raw: bare when it is a
 * plain atom (as in all of libvirt's cases), quoted otherwise. */
VIRT__PRIVATE void virt__xend_kv(virt__buf *b, const char *key, const char *value)
{
    virt__buf_printf(b, "(%s ", key);
    virt__sxp_put_atom(b, value, strlen(value));
    virt__buf_add(b, ")", 1);
}

VIRT__PRIVATE void virt__xend_vnc_params(virt__buf *b, const virt_graphics_def *g)
{
    if (g->port == -1) virt__buf_puts(b, "(vncunused 1)");
    else if (g->port > 5900) virt__buf_printf(b, "(vncdisplay %d)", g->port - 5900);
    if (g->listen || g->listen_address) virt__xend_kv(b, "vnclisten", g->listen ? g->listen : g->listen_address);
    if (g->passwd) virt__xend_kv(b, "vncpasswd", g->passwd);
}

VIRT__PRIVATE const virt_device_def *virt__xend_first(const virt_domain_def *def, virt_device_kind kind)
{
    size_t i;
    for (i = 0; i < def->ndevices; i++)
        if (def->devices[i].kind == kind) return &def->devices[i];
    return NULL;
}

/* Old-style display settings inside the image (HVM; PV before 3.0.4). */
VIRT__PRIVATE void virt__xend_image_graphics(virt__buf *b, const virt_domain_def *def, int format)
{
    const virt_device_def *d = virt__xend_first(def, VIRT_DEVICE_GRAPHICS);
    if (!d) return;
    if (d->u.graphics.keymap) virt__xend_kv(b, "keymap", d->u.graphics.keymap);
    if (d->u.graphics.type == VIRT_GRAPHICS_SDL) { virt__buf_puts(b, "(sdl 1)"); return; }
    virt__buf_puts(b, "(vnc 1)");
    if (format >= 2) virt__xend_vnc_params(b, &d->u.graphics);
}

VIRT__PRIVATE const char *virt__xend_disk_source(const virt_domain_def *def, virt_disk_device dev, const char *target)
{
    size_t i;
    for (i = 0; i < def->ndevices; i++) {
        const virt_disk_def *k = &def->devices[i].u.disk;
        if (def->devices[i].kind == VIRT_DEVICE_DISK && k->device == dev && k->target && k->source &&
            strcmp(k->target, target) == 0)
            return k->source;
    }
    return NULL;
}

/* >>xml2sexpr rules: nothing a user wrote is lost on the way to xend. Each
 * element either has a place in xend 3's config (written below) or the
 * document is refused with VIRT_E_UNSUPPORTED naming it (the libvirt API
 * reports VIR_ERR_CONFIG_UNSUPPORTED). What xend 3.0-3.2 reads is in its
 * XendConfig.py / image.py (HVM: serial, parallel, usb, usbdevice,
 * soundhw, keymap, localtime, rtc_timeoffset, stdvga, boot; the vif
 * `model`; `(device (pci (dev ...)))`). */

VIRT__PRIVATE int virt__xend_refuse(virt_status *st, const char *what, const char *why)
{
    return virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xend: %s is not supported by xend 3%s%s", what,
                            why ? ": " : "", why ? why : "");
}

VIRT__PRIVATE int virt__xend_count(const virt_domain_def *def, virt_device_kind kind)
{
    size_t i;
    int n = 0;
    for (i = 0; i < def->ndevices; i++) n += def->devices[i].kind == kind;
    return n;
}

/* A device address xend can honour: none, or the drive address that the
 * target name already implies. */
VIRT__PRIVATE int virt__xend_address_ok(const virt_address_def *a)
{
    return a->natts == 0 || (strcmp(a->attrs[0], "type") == 0 && strcmp(a->attrs[1], "drive") == 0);
}

VIRT__PRIVATE int virt__xend_check_disk(const virt_disk_def *k, int hvm, virt_status *st)
{
    if (k->type == VIRT_DISK_NETWORK)
        return virt__xend_refuse(st, "<disk type='network'>", k->protocol ? k->protocol : "no protocol");
    if (k->bus && strcmp(k->bus, "xen") != 0 && strcmp(k->bus, "ide") != 0 && strcmp(k->bus, "scsi") != 0 &&
        strcmp(k->bus, "fdc") != 0)
        return virt__xend_refuse(st, "<disk> <target bus=''>", k->bus);
    if (!k->source && !(hvm && k->device == VIRT_DISK_DEVICE_CDROM))
        return virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: <disk> without <source> (target '%.40s')",
                                k->target ? k->target : "");
    if (k->shareable && k->readonly)
        return virt__xend_refuse(st, "a <disk> both <readonly/> and <shareable/>", k->target);
    return VIRT_OK;
}

/* The xm/xend string form of a character device ("pty", "file:/p",
 * "tcp:host:port,server,nowait", "udp:remote@local", "unix:/p,server",
 * "/dev/ttyS0", "null", "stdio", "vc"), as qemu-dm reads -serial. */
VIRT__PRIVATE int virt__xend_chardev_string(const virt_chardev_def *c, virt__buf *u, virt_status *st)
{
    const char *t = c->type ? c->type : "pty";
    const virt_chardev_source *s = &c->source[0];
    if (c->target_type && strcmp(c->target_type, "serial") != 0 && strcmp(c->target_type, "isa-serial") != 0)
        return virt__xend_refuse(st, "a character device <target type=''>", c->target_type);
    if (strcmp(t, "pty") == 0 || strcmp(t, "null") == 0 || strcmp(t, "stdio") == 0 || strcmp(t, "vc") == 0)
        virt__buf_puts(u, t);
    else if (strcmp(t, "file") == 0 && s->path) virt__buf_printf(u, "file:%s", s->path);
    else if (strcmp(t, "pipe") == 0 && s->path) virt__buf_printf(u, "pipe:%s", s->path);
    else if (strcmp(t, "dev") == 0 && s->path) virt__buf_puts(u, s->path);
    else if (strcmp(t, "unix") == 0 && s->path)
        virt__buf_printf(u, "unix:%s%s", s->path, s->mode && strcmp(s->mode, "bind") == 0 ? ",server,nowait" : "");
    else if (strcmp(t, "tcp") == 0 && s->service)
        virt__buf_printf(u, "%s:%s:%s%s", c->protocol && strcmp(c->protocol, "telnet") == 0 ? "telnet" : "tcp",
                         s->host ? s->host : "", s->service,
                         s->mode && strcmp(s->mode, "bind") == 0 ? ",server,nowait" : "");
    else if (strcmp(t, "udp") == 0 && s->service) {
        const virt_chardev_source *b = &c->source[1];
        virt__buf_printf(u, "udp:%s:%s", s->host ? s->host : "", s->service);
        if (b->service) virt__buf_printf(u, "@%s:%s", b->host ? b->host : "", b->service);
    } else
        return virt__xend_refuse(st, "a character device of this type", t);
    return u->failed ? virt__status_set(st, VIRT_E_NOMEM, 0, "xml2sexpr: out of memory") : VIRT_OK;
}

/* qemu-dm's -usbdevice names for <input bus='usb'>; the PS/2 mouse and
 * keyboard (and the paravirt ones of a vfb) are always there. */
VIRT__PRIVATE int virt__xend_check_input(const virt_input_def *in, int hvm, virt_status *st)
{
    const char *bus = in->bus ? in->bus : "ps2";
    int pointer = in->type && (strcmp(in->type, "mouse") == 0 || strcmp(in->type, "tablet") == 0);
    if (strcmp(bus, "usb") == 0 && hvm && pointer) return VIRT_OK;
    if (in->type && (strcmp(in->type, "mouse") == 0 || strcmp(in->type, "keyboard") == 0) &&
        (hvm ? strcmp(bus, "ps2") == 0 : strcmp(bus, "xen") == 0))
        return VIRT_OK;  /* implicit: nothing to write */
    return virt__xend_refuse(st, "this <input>", in->type ? in->type : "(no type)");
}

VIRT__PRIVATE int virt__xend_check_video(const virt_video_def *v, int hvm, virt_status *st)
{
    /* cirrus is qemu-dm's card, vga its (stdvga 1); xend 3 has no videoram */
    if (!hvm) return virt__xend_refuse(st, "<video> on a paravirtual domain", "the vfb has no model");
    if (v->model && strcmp(v->model, "cirrus") != 0 && strcmp(v->model, "vga") != 0)
        return virt__xend_refuse(st, "<video> model", v->model);
    if (v->vram && strcmp(v->vram, "16384") != 0 && strcmp(v->vram, "8192") != 0 && strcmp(v->vram, "9216") != 0)
        return virt__xend_refuse(st, "<video> vram", v->vram);
    if (v->heads && strcmp(v->heads, "1") != 0) return virt__xend_refuse(st, "<video> heads", v->heads);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xend_check_controller(const virt_controller_def *c, virt_status *st)
{
    const char *t = c->type ? c->type : "";
    if (c->max_grant_frames) return virt__xend_refuse(st, "<controller type='xenbus'> maxGrantFrames", c->max_grant_frames);
    if (c->max_event_channels)
        return virt__xend_refuse(st, "<controller type='xenbus'> maxEventChannels", c->max_event_channels);
    if (c->model) return virt__xend_refuse(st, "<controller> model", c->model);
    /* the buses qemu-dm and xenbus always have */
    if (strcmp(t, "xenbus") == 0 || strcmp(t, "ide") == 0 || strcmp(t, "fdc") == 0 || strcmp(t, "usb") == 0)
        return VIRT_OK;
    return virt__xend_refuse(st, "this <controller>", t);
}

VIRT__PRIVATE int virt__xend_check_device(const virt_domain_def *def, const virt_device_def *d, int hvm, int format,
                                          virt_status *st)
{
    if (!virt__xend_address_ok(&d->address)) return virt__xend_refuse(st, "a device <address>", d->address.attrs[1]);
    switch (d->kind) {
    case VIRT_DEVICE_DISK: return virt__xend_check_disk(&d->u.disk, hvm, st);
    case VIRT_DEVICE_INTERFACE:
        if (d->u.net.type == VIRT_NET_NETWORK)
            return virt__xend_refuse(st, "<interface type='network'>", "xend has no libvirt networks");
        /* a vif's (ip ...) is one string; vif-common.sh splits it at blanks,
         * but sexpr2xml could not give the list back as it was written */
        if (d->u.net.nmore_ips) return virt__xend_refuse(st, "a second <ip>", d->u.net.more_ips[0]);
        if (d->u.net.nvlan_tags || d->u.net.vlan_trunk) return virt__xend_refuse(st, "<vlan>", NULL);
        if (d->u.net.virtualport_type) return virt__xend_refuse(st, "<virtualport>", NULL);
        if (d->u.net.bandwidth_in.natts || d->u.net.bandwidth_out.natts)
            return virt__xend_refuse(st, "<bandwidth>", NULL);
        return VIRT_OK;
    case VIRT_DEVICE_GRAPHICS:
        if (d->u.graphics.type == VIRT_GRAPHICS_SPICE) return virt__xend_refuse(st, "<graphics type='spice'>", NULL);
        if (d->u.graphics.listen_type && strcmp(d->u.graphics.listen_type, "address") != 0)
            return virt__xend_refuse(st, "<listen type=''>", d->u.graphics.listen_type);
        if (d->u.graphics.listen && d->u.graphics.listen_address &&
            strcmp(d->u.graphics.listen, d->u.graphics.listen_address) != 0)
            return virt__xend_refuse(st, "two different <graphics> listen addresses", NULL);
        if (virt__xend_count(def, VIRT_DEVICE_GRAPHICS) > 1) return virt__xend_refuse(st, "a second <graphics>", NULL);
        return VIRT_OK;
    case VIRT_DEVICE_SERIAL: case VIRT_DEVICE_PARALLEL: {
        virt__buf u;
        int rc;
        if (!hvm) return virt__xend_refuse(st, d->kind == VIRT_DEVICE_SERIAL ? "<serial> on a paravirtual domain"
                                                                           : "<parallel> on a paravirtual domain",
                                          "use <console>");
        if (virt__xend_count(def, d->kind) > 1)
            return virt__xend_refuse(st, d->kind == VIRT_DEVICE_SERIAL ? "a second <serial>" : "a second <parallel>",
                                     "xend 3 has one of each");
        memset(&u, 0, sizeof u);
        rc = virt__xend_chardev_string(&d->u.console, &u, st);
        virt__buf_free(&u);
        return rc;
    }
    case VIRT_DEVICE_CONSOLE:
        if (d->u.console.type && strcmp(d->u.console.type, "pty") != 0 && !hvm)
            return virt__xend_refuse(st, "a paravirtual <console> other than a pty", d->u.console.type);
        if (hvm && d->u.console.type && strcmp(d->u.console.type, "pty") != 0 &&
            !virt__xend_count(def, VIRT_DEVICE_SERIAL))
            return virt__xend_refuse(st, "an HVM <console> other than a pty without a <serial>", d->u.console.type);
        return VIRT_OK;
    case VIRT_DEVICE_CHANNEL: return virt__xend_refuse(st, "<channel>", NULL);
    case VIRT_DEVICE_INPUT: return virt__xend_check_input(&d->u.input, hvm, st);
    case VIRT_DEVICE_SOUND:
        return hvm ? VIRT_OK : virt__xend_refuse(st, "<sound> on a paravirtual domain", NULL);
    case VIRT_DEVICE_VIDEO: return virt__xend_check_video(&d->u.video, hvm, st);
    case VIRT_DEVICE_HOSTDEV:
        /* xend 3's (usbdevice host:...) is one device, in HVM only, and
         * sexpr2xml reads it as an <input>: refused rather than mistaken */
        if (d->u.hostdev.type && strcmp(d->u.hostdev.type, "pci") != 0)
            return virt__xend_refuse(st, "<hostdev type=''>", d->u.hostdev.type);
        if (d->u.hostdev.source.natts == 0)
            return virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: <hostdev> without a source <address>");
        return VIRT_OK;
    case VIRT_DEVICE_CONTROLLER: return virt__xend_check_controller(&d->u.controller, st);
    case VIRT_DEVICE_MEMBALLOON:
        if (d->u.memballoon.model && strcmp(d->u.memballoon.model, "xen") != 0 &&
            strcmp(d->u.memballoon.model, "none") != 0)
            return virt__xend_refuse(st, "<memballoon> model", d->u.memballoon.model);
        return VIRT_OK;
    case VIRT_DEVICE_WATCHDOG: return virt__xend_refuse(st, "<watchdog>", NULL);
    }
    (void)format;
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xend_check_domain(const virt_domain_def *def, int hvm, int format, virt_status *st)
{
    unsigned int bad = VIRT_FEATURE_HAP | VIRT_FEATURE_HAP_OFF | VIRT_FEATURE_VIRIDIAN | VIRT_FEATURE_PVSPINLOCK |
                       VIRT_FEATURE_PVSPINLOCK_OFF | (hvm ? 0u : VIRT_FEATURE_ACPI | VIRT_FEATURE_APIC);
    size_t i;
    int rc;
    if (def->unsupported) return virt__xend_refuse(st, def->unsupported, "not in virt's domain model");
    if (def->title) return virt__xend_refuse(st, "<title>", NULL);
    if (def->cputune_shares || def->cputune_period || def->cputune_quota || def->nvcpupin)
        return virt__xend_refuse(st, "<cputune>", "use xm sched-credit / vcpu-pin");
    if (def->max_memory_slots) return virt__xend_refuse(st, "<maxMemory slots=''>", "no memory hotplug");
    if (def->has_numatune_memory || def->nmemnodes) return virt__xend_refuse(st, "<numatune>", NULL);
    if (def->has_cpu) return virt__xend_refuse(st, "<cpu>", "xend 3 has no CPU model, topology or guest NUMA");
    if (def->has_hyperv) return virt__xend_refuse(st, "<hyperv>", "xend 3 has only viridian");
    if (def->smbios_mode) return virt__xend_refuse(st, "<smbios>", def->smbios_mode);
    if (def->xen_e820_host || def->xen_passthrough || def->xen_passthrough_mode)
        return virt__xend_refuse(st, "<features><xen>", "e820_host and passthrough are libxl's");
    if (def->description && format < 3) return virt__xend_refuse(st, "<description>", "xend >= 3.0.4 only");
    if (def->features & bad) return virt__xend_refuse(st, "this <features> element", hvm ? "hap, viridian, pvspinlock"
                                                                                      : "acpi/apic on paravirt");
    if (def->vcpu_placement && strcmp(def->vcpu_placement, "static") != 0)
        return virt__xend_refuse(st, "<vcpu placement=''>", def->vcpu_placement);
    if (def->ntimers) return virt__xend_refuse(st, "<timer>", def->timers[0].name);
    if (def->clock_offset && strcmp(def->clock_offset, "variable") == 0 && def->clock_basis &&
        strcmp(def->clock_basis, "utc") != 0 && strcmp(def->clock_basis, "localtime") != 0)
        return virt__xend_refuse(st, "<clock basis=''>", def->clock_basis);
    if (def->nvram) return virt__xend_refuse(st, "<nvram>", NULL);
    if (def->loader_type && strcmp(def->loader_type, "rom") != 0) return virt__xend_refuse(st, "<loader type=''>", def->loader_type);
    if (def->os.machine && strcmp(def->os.machine, hvm ? "xenfv" : "xenpv") != 0)
        return virt__xend_refuse(st, "<type machine=''>", def->os.machine);
    if (!hvm && def->os.type && def->os.loader) return virt__xend_refuse(st, "<loader> on a paravirtual domain", NULL);
    for (i = 0; i < def->ndevices; i++)
        if ((rc = virt__xend_check_device(def, &def->devices[i], hvm, format, st)) != VIRT_OK) return rc;
    return VIRT_OK;
}

/* (vcpu_avail N): the bitmap of online vCPUs of <vcpu current=''>. */
VIRT__PRIVATE int virt__xend_vcpu_avail(virt__buf *b, const virt_domain_def *def, virt_status *st)
{
    unsigned long long cur = 0;
    const char *s;
    if (!def->vcpu_current) return VIRT_OK;
    for (s = def->vcpu_current; *s >= '0' && *s <= '9' && cur < 1000; s++) cur = cur * 10 + (unsigned)(*s - '0');
    if (*s || cur == 0 || cur > 63 || s == def->vcpu_current)
        return virt__xend_refuse(st, "<vcpu current=''>", def->vcpu_current);
    virt__buf_printf(b, "(vcpu_avail %llu)", (1ULL << cur) - 1);
    return VIRT_OK;
}

/* HVM image extras of xend 3: serial/parallel strings, usb, soundhw,
 * stdvga, localtime, rtc_timeoffset, keymap. */
VIRT__PRIVATE int virt__xend_image_hvm_devices(virt__buf *b, const virt_domain_def *def, virt_status *st)
{
    size_t i;
    int usb = 0, sound = 0, rc = VIRT_OK;
    virt__buf u;
    memset(&u, 0, sizeof u);
    for (i = 0; i < def->ndevices && rc == VIRT_OK; i++) {
        const virt_device_def *d = &def->devices[i];
        if (d->kind == VIRT_DEVICE_SERIAL || d->kind == VIRT_DEVICE_PARALLEL) {
            u.len = 0;
            rc = virt__xend_chardev_string(&d->u.console, &u, st);
            if (rc == VIRT_OK) virt__xend_kv(b, d->kind == VIRT_DEVICE_SERIAL ? "serial" : "parallel", u.data);
        } else if (d->kind == VIRT_DEVICE_INPUT && d->u.input.bus && strcmp(d->u.input.bus, "usb") == 0) {
            if (usb++) { rc = virt__xend_refuse(st, "a second USB <input>", "one (usbdevice) only"); break; }
            virt__buf_puts(b, "(usb 1)");
            virt__xend_kv(b, "usbdevice", d->u.input.type);
        } else if (d->kind == VIRT_DEVICE_SOUND) {
            sound++;    /* (soundhw 'sb16,es1370'): every model, comma-separated, below */
        } else if (d->kind == VIRT_DEVICE_VIDEO && d->u.video.model && strcmp(d->u.video.model, "vga") == 0) {
            virt__buf_puts(b, "(stdvga 1)");
        } else if (d->kind == VIRT_DEVICE_CONTROLLER && d->u.controller.type &&
                   strcmp(d->u.controller.type, "usb") == 0 && !usb) {
            virt__buf_puts(b, "(usb 1)");
            usb = 1;
        }
    }
    if (rc == VIRT_OK && sound) {
        u.len = 0;
        for (i = 0; i < def->ndevices; i++)
            if (def->devices[i].kind == VIRT_DEVICE_SOUND)
                virt__buf_printf(&u, "%s%s", u.len ? "," : "",
                                 def->devices[i].u.sound.model ? def->devices[i].u.sound.model : "es1370");
        virt__xend_kv(b, "soundhw", u.data ? u.data : "es1370");
    }
    virt__buf_free(&u);
    return rc;
}

/* localtime / rtc_timeoffset: <clock offset='localtime'>, or 'variable'
 * with an adjustment (seconds) from utc or localtime. */
VIRT__PRIVATE void virt__xend_clock(virt__buf *b, const virt_domain_def *def)
{
    int variable = def->clock_offset && strcmp(def->clock_offset, "variable") == 0;
    if (def->localtime || (variable && def->clock_basis && strcmp(def->clock_basis, "localtime") == 0))
        virt__buf_puts(b, "(localtime 1)");
    if (variable && def->clock_adjustment && strcmp(def->clock_adjustment, "0") != 0)
        virt__xend_kv(b, "rtc_timeoffset", def->clock_adjustment);
}

/* (boot dc): every <boot dev=''>, one letter each (xend's -boot). */
VIRT__PRIVATE void virt__xend_boot(virt__buf *b, const virt_domain_def *def)
{
    char order[VIRT_XML_MAX_BOOT + 1];
    unsigned int i, n = 0;
    for (i = 0; i < def->nboot && i < VIRT_XML_MAX_BOOT; i++) {
        const char *dev = def->boot_devs[i];
        char c = strcmp(dev, "fd") == 0 ? 'a' : strcmp(dev, "cdrom") == 0 ? 'd' : strcmp(dev, "hd") == 0 ? 'c'
               : strcmp(dev, "network") == 0 ? 'n' : 0;
        if (c) order[n++] = c;
    }
    order[n] = '\0';
    if (n) virt__buf_printf(b, "(boot %s)", order);
}

VIRT__PRIVATE int virt__xend_image_hvm(virt__buf *b, const virt_domain_def *def, unsigned int vcpus, int format,
                                       virt_status *st)
{
    const char *s;
    int rc;
    if (!def->os.loader) return virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: HVM domain without <loader>");
    if (!def->emulator) return virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: HVM domain without <emulator>");
    virt__buf_puts(b, "(image (hvm ");
    if (def->os.kernel) {
        /* direct kernel boot: hvmloader is the (loader), as libvirt's
         * later xend driver wrote it */
        virt__xend_kq(b, "kernel", def->os.kernel);
        virt__xend_kq(b, "loader", def->os.loader);
        if (def->os.initrd) virt__xend_kq(b, "ramdisk", def->os.initrd);
        if (def->os.cmdline) virt__xend_kq(b, "args", def->os.cmdline);
    } else {
        virt__xend_kq(b, "kernel", def->os.loader);
    }
    virt__xend_kq(b, "device_model", def->emulator);
    virt__buf_printf(b, "(vcpus %u)", vcpus);
    virt__xend_boot(b, def);
    if ((s = virt__xend_disk_source(def, VIRT_DISK_DEVICE_FLOPPY, "fda"))) virt__xend_kq(b, "fda", s);
    if ((s = virt__xend_disk_source(def, VIRT_DISK_DEVICE_FLOPPY, "fdb"))) virt__xend_kq(b, "fdb", s);
    if (format == 1 && (s = virt__xend_disk_source(def, VIRT_DISK_DEVICE_CDROM, "hdc")))
        virt__xend_kq(b, "cdrom", s);
    if (def->features & VIRT_FEATURE_ACPI) virt__buf_puts(b, "(acpi 1)");
    if (def->features & VIRT_FEATURE_APIC) virt__buf_puts(b, "(apic 1)");
    if (def->features & VIRT_FEATURE_PAE) virt__buf_puts(b, "(pae 1)");
    /* a console on HVM is the first serial port (libvirt's rule) */
    if (virt__xend_first(def, VIRT_DEVICE_CONSOLE) && !virt__xend_first(def, VIRT_DEVICE_SERIAL))
        virt__buf_puts(b, "(serial pty)");
    if ((rc = virt__xend_image_hvm_devices(b, def, st)) != VIRT_OK) return rc;
    virt__xend_clock(b, def);
    virt__xend_image_graphics(b, def, format);
    virt__buf_puts(b, "))");
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xend_image_pv(virt__buf *b, const virt_domain_def *def, int format, virt_status *st)
{
    if (def->os.type && strcmp(def->os.type, "linux") != 0)
        return virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: unsupported OS type '%.40s'", def->os.type);
    if (!def->os.kernel)
        return virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: domain without <kernel> or <bootloader>");
    virt__buf_puts(b, "(image (linux ");
    virt__xend_kq(b, "kernel", def->os.kernel);
    if (def->os.initrd) virt__xend_kq(b, "ramdisk", def->os.initrd);
    if (def->os.root) virt__xend_kq(b, "root", def->os.root);
    if (def->os.cmdline) virt__xend_kq(b, "args", def->os.cmdline);
    if (format < 3) virt__xend_image_graphics(b, def, format);
    virt__buf_puts(b, "))");
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xend_disk_sxp(virt__buf *b, const virt_disk_def *k, int hvm, int format, virt_status *st)
{
    const char *t;
    int cdrom = 0;
    if (!k->source && !(hvm && k->device == VIRT_DISK_DEVICE_CDROM && format > 1))
        return virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: <disk> without <source> (target '%.40s')",
                                k->target ? k->target : "");
    if (!k->target)
        return virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: <disk> '%.80s' without <target>", k->source);
    /* floppies always, and the CD-ROM before xend 3.0.3, go in the HVM image */
    if (hvm && k->device == VIRT_DISK_DEVICE_FLOPPY) return VIRT_OK;
    if (hvm && k->device == VIRT_DISK_DEVICE_CDROM) {
        if (format == 1) return VIRT_OK;
        cdrom = 1;
    }
    virt__buf_puts(b, k->driver_name && strcmp(k->driver_name, "tap") == 0 ? "(device (tap " : "(device (vbd ");
    t = k->target;
    {
        virt__buf u;
        char *s;
        memset(&u, 0, sizeof u);
        /* HVM: xend <= 3.0.2 wants "ioemu:hda", later ones "hda:disk" */
        if (hvm && strncmp(t, "ioemu:", 6) == 0) t += 6;
        if (hvm && format == 1) virt__buf_printf(&u, "ioemu:%s", t);
        else if (hvm) virt__buf_printf(&u, "%s%s", t, cdrom ? ":cdrom" : ":disk");
        else virt__buf_puts(&u, t);
        s = virt__buf_steal(&u);
        if (!s) return virt__status_set(st, VIRT_E_NOMEM, 0, "xml2sexpr: out of memory");
        virt__xend_kq(b, "dev", s);
        VIRT_FREE(s);
        memset(&u, 0, sizeof u);
        if (!k->source) {   /* a CD-ROM drive without a medium: no uname (xend >= 3.0.3) */
            virt__buf_puts(b, k->readonly || cdrom ? "(mode 'r')))" : "(mode 'w')))");
            return VIRT_OK;
        }
        if (k->driver_name && strcmp(k->driver_name, "tap") == 0)
            virt__buf_printf(&u, "tap:%s:%s", k->driver_type ? k->driver_type : "aio", k->source);
        else if (k->driver_name) virt__buf_printf(&u, "%s:%s", k->driver_name, k->source);
        else if (k->type == VIRT_DISK_FILE) virt__buf_printf(&u, "file:%s", k->source);
        else virt__buf_printf(&u, "phy:%s%s", k->source[0] == '/' ? "" : "/dev/", k->source);
        s = virt__buf_steal(&u);
        if (!s) return virt__status_set(st, VIRT_E_NOMEM, 0, "xml2sexpr: out of memory");
        virt__xend_kq(b, "uname", s);
        VIRT_FREE(s);
    }
    /* w!: writable and shared with other domains (xend's blkif mode) */
    virt__buf_puts(b, k->readonly ? "(mode 'r')" : k->shareable ? "(mode 'w!')" : "(mode 'w')");
    virt__buf_puts(b, "))");
    return VIRT_OK;
}

VIRT__PRIVATE void virt__xend_vif_sxp(virt__buf *b, const virt_net_def *n, int hvm)
{
    virt__buf_puts(b, "(device (vif ");
    if (n->mac) virt__xend_kq(b, "mac", n->mac);
    if (n->source) virt__xend_kq(b, n->type == VIRT_NET_BRIDGE ? "bridge" : "dev", n->source);
    if (n->script) virt__xend_kq(b, "script", n->script);
    if (n->ip) virt__xend_kq(b, "ip", n->ip);
    /* "vifD.N" is the name xend makes up itself (libvirt leaves it out too) */
    if (n->target && strncmp(n->target, "vif", 3) != 0) virt__xend_kq(b, "vifname", n->target);
    if (n->model) virt__xend_kq(b, "model", n->model);
    if (hvm) virt__buf_puts(b, "(type ioemu)");
    virt__buf_puts(b, "))");
}

/* The paravirt framebuffer as devices (xend >= 3.0.4). */
VIRT__PRIVATE void virt__xend_vfb_sxp(virt__buf *b, const virt_graphics_def *g)
{
    virt__buf_puts(b, "(device (vkbd))(device (vfb ");
    if (g->type == VIRT_GRAPHICS_SDL) virt__buf_puts(b, "(type sdl)");
    else {
        virt__buf_puts(b, "(type vnc)");
        virt__xend_vnc_params(b, g);
    }
    if (g->keymap) virt__xend_kv(b, "keymap", g->keymap);
    virt__buf_puts(b, "))");
}

/* An <address> attribute's value, or def. */
VIRT__PRIVATE const char *virt__xend_addr(const virt_address_def *a, const char *name, const char *def)
{
    unsigned int i;
    for (i = 0; i < a->natts; i++)
        if (strcmp(a->attrs[2 * i], name) == 0) return a->attrs[2 * i + 1];
    return def;
}

/* PCI passthrough, one (device (pci (dev ...) ...)) for all of them, as
 * xend 3's pciif.py reads it. */
VIRT__PRIVATE void virt__xend_pci_sxp(virt__buf *b, const virt_domain_def *def)
{
    size_t i;
    int any = 0;
    for (i = 0; i < def->ndevices; i++) {
        const virt_address_def *a = &def->devices[i].u.hostdev.source;
        if (def->devices[i].kind != VIRT_DEVICE_HOSTDEV) continue;
        if (!any++) virt__buf_puts(b, "(device (pci ");
        virt__buf_puts(b, "(dev (domain ");
        virt__sxp_put_atom(b, virt__xend_addr(a, "domain", "0x0000"), strlen(virt__xend_addr(a, "domain", "0x0000")));
        virt__buf_puts(b, ")(bus ");
        virt__sxp_put_atom(b, virt__xend_addr(a, "bus", "0x00"), strlen(virt__xend_addr(a, "bus", "0x00")));
        virt__buf_puts(b, ")(slot ");
        virt__sxp_put_atom(b, virt__xend_addr(a, "slot", "0x00"), strlen(virt__xend_addr(a, "slot", "0x00")));
        virt__buf_puts(b, ")(func ");
        virt__sxp_put_atom(b, virt__xend_addr(a, "function", "0x0"), strlen(virt__xend_addr(a, "function", "0x0")));
        virt__buf_puts(b, "))");
    }
    if (any) virt__buf_puts(b, "))");
}

VIRT__PRIVATE int virt__xend_def_to_sxp(const virt_domain_def *def, int format, char **out, virt_status *st)
{
    virt__buf b;
    unsigned long long max_mib, cur_mib;
    unsigned int vcpus = def->vcpus ? def->vcpus : 1;
    int hvm = def->os.type && strcmp(def->os.type, "hvm") == 0, rc = VIRT_OK, pygrub;
    int has_os = def->os.type || def->os.kernel || def->os.loader;
    size_t i;
    *out = NULL;
    if (!def->name || !def->name[0]) return virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: domain without a <name>");
    if (def->type && strcmp(def->type, "xen") != 0)
        return virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: domain type '%.40s' is not 'xen'", def->type);
    if ((rc = virt__xend_check_domain(def, hvm, format, st)) != VIRT_OK) return rc;
    memset(&b, 0, sizeof b);
    virt__buf_puts(&b, "(vm ");
    virt__xend_kq(&b, "name", def->name);
    /* KiB -> MiB; libvirt 0.2.0 took under 64000 KiB as "not given" (128 MiB) */
    max_mib = def->memory_kib < 64000 ? 128 : def->memory_kib / 1024;
    cur_mib = def->current_memory_kib < 64000 ? max_mib : def->current_memory_kib / 1024;
    if (cur_mib > max_mib) max_mib = cur_mib;
    virt__buf_printf(&b, "(memory %llu)(maxmem %llu)(vcpus %u)", cur_mib, max_mib, vcpus);
    if (def->has_uuid) {
        char hex[33];
        for (i = 0; i < 16; i++) snprintf(hex + 2 * i, 3, "%02x", def->uuid[i]);
        virt__xend_kq(&b, "uuid", hex);
    }
    if (def->vcpu_cpuset) virt__xend_kq(&b, "cpus", def->vcpu_cpuset);
    if (rc == VIRT_OK) rc = virt__xend_vcpu_avail(&b, def, st);
    if (def->description) virt__xend_kq(&b, "description", def->description);
    pygrub = def->bootloader && strstr(def->bootloader, "pygrub") != NULL;
    if (def->bootloader && def->bootloader[0]) virt__xend_kq(&b, "bootloader", def->bootloader);
    if (def->bootloader_args) virt__xend_kq(&b, "bootloader_args", def->bootloader_args);
    if (!hvm) virt__xend_clock(&b, def);
    if (def->on_poweroff) virt__xend_kq(&b, "on_poweroff", virt_lifecycle_to_string(def->on_poweroff));
    if (def->on_reboot) virt__xend_kq(&b, "on_reboot", virt_lifecycle_to_string(def->on_reboot));
    if (def->on_crash) virt__xend_kq(&b, "on_crash", virt_lifecycle_to_string(def->on_crash));
    /* with pygrub the kernel comes from inside the guest: no image */
    if (rc == VIRT_OK && !pygrub && has_os)
        rc = hvm ? virt__xend_image_hvm(&b, def, vcpus, format, st) : virt__xend_image_pv(&b, def, format, st);
    else if (rc == VIRT_OK && !pygrub && !(def->bootloader && def->bootloader[0]))
        rc = virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: domain '%.60s' has neither <os> nor <bootloader>",
                              def->name);
    for (i = 0; i < def->ndevices && rc == VIRT_OK; i++)
        if (def->devices[i].kind == VIRT_DEVICE_DISK)
            rc = virt__xend_disk_sxp(&b, &def->devices[i].u.disk, hvm, format, st);
    for (i = 0; i < def->ndevices && rc == VIRT_OK; i++)
        if (def->devices[i].kind == VIRT_DEVICE_INTERFACE) virt__xend_vif_sxp(&b, &def->devices[i].u.net, hvm);
    for (i = 0; i < def->ndevices && rc == VIRT_OK && format >= 3 && !hvm; i++)
        if (def->devices[i].kind == VIRT_DEVICE_GRAPHICS) virt__xend_vfb_sxp(&b, &def->devices[i].u.graphics);
    virt__xend_pci_sxp(&b, def);
    virt__buf_puts(&b, ")");
    if (rc != VIRT_OK) { virt__buf_free(&b); return rc; }
    *out = virt__buf_steal(&b);
    return *out ? VIRT_OK : virt__status_set(st, VIRT_E_NOMEM, 0, "xml2sexpr: out of memory");
}

VIRT_API int virt_xend_sxp_to_xml(const char *sxp, size_t len, int config_format, char **xml, virt_status *st)
{
    virt_sxp_doc *doc;
    virt_domain_def *def;
    int rc;
    if (!xml) return virt__status_set(st, VIRT_E_INVAL, 0, "sexpr2xml: no output pointer");
    *xml = NULL;
    /* lenient like libvirt's reader: its own sexpr2xml data has a record
     * with one ')' too many and one with one too few */
    rc = virt_sxp_parse_ex(sxp, len, VIRT_SXP_FIRST_VALUE | VIRT_SXP_AUTOCLOSE, &doc, st);
    if (rc != VIRT_OK) return rc;
    rc = virt__xend_sxp_to_def(doc->root, config_format, &def, st);
    virt_sxp_doc_free(doc);
    if (rc != VIRT_OK) return rc;
    *xml = virt_domain_def_format(def);
    virt_domain_def_free(def);
    return *xml ? VIRT_OK : virt__status_set(st, VIRT_E_NOMEM, 0, "sexpr2xml: out of memory");
}

VIRT_API int virt_xend_xml_to_sxp(const char *xml, int config_format, char **sxp, char **name, virt_status *st)
{
    virt_domain_def *def;
    int rc;
    if (!sxp) return virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: no output pointer");
    *sxp = NULL;
    if (name) *name = NULL;
    rc = virt_domain_def_parse(xml, (size_t)-1, &def, st);
    if (rc != VIRT_OK) return rc;
    rc = virt__xend_def_to_sxp(def, config_format, sxp, st);
    if (rc == VIRT_OK && name && !(*name = virt__strdup(def->name))) {
        VIRT_FREE(*sxp);
        *sxp = NULL;
        rc = virt__status_set(st, VIRT_E_NOMEM, 0, "xml2sexpr: out of memory");
    }
    virt_domain_def_free(def);
    return rc;
}

/* >>xml2sexpr: one device for hot-plug (virDomainAttachDevice and
 * DetachDevice through xend). The XML is one <disk>, <interface>, ...
 * element, parsed as the only device of a stand-in domain (an XML
 * declaration before it is skipped; anything that is not exactly one
 * device is refused). */
VIRT__PRIVATE int virt__xend_device_parse(const char *xml, int hvm, virt_domain_def **out, virt_status *st)
{
    static const char head_pv[] = "<domain type='xen'><name>hotplug</name><memory>1024</memory>"
                                  "<os><type>linux</type></os><devices>";
    static const char head_hvm[] = "<domain type='xen'><name>hotplug</name><memory>1024</memory>"
                                   "<os><type>hvm</type></os><devices>";
    static const char tail[] = "</devices></domain>";
    const char *x = xml, *head = hvm ? head_hvm : head_pv;
    virt__buf b;
    char *doc;
    int rc;
    *out = NULL;
    while (*x == ' ' || *x == '\t' || *x == '\n' || *x == '\r') x++;
    if (strncmp(x, "<?xml", 5) == 0) {
        const char *e = strstr(x, "?>");
        if (!e) return virt__status_set(st, VIRT_E_SYNTAX, 0, "device XML: unterminated XML declaration");
        x = e + 2;
    }
    if (strlen(x) > VIRT_XML_MAX_BYTES)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "device XML: over %d bytes", VIRT_XML_MAX_BYTES);
    memset(&b, 0, sizeof b);
    virt__buf_puts(&b, head);
    virt__buf_puts(&b, x);
    virt__buf_puts(&b, tail);
    if (!(doc = virt__buf_steal(&b))) return virt__status_set(st, VIRT_E_NOMEM, 0, "device XML: out of memory");
    rc = virt_domain_def_parse(doc, (size_t)-1, out, st);
    VIRT_FREE(doc);
    if (rc != VIRT_OK) return rc;
    if ((*out)->unsupported) {
        rc = virt__xend_refuse(st, (*out)->unsupported, "not in virt's domain model");
    } else if ((*out)->ndevices != 1 || (*out)->emulator) {
        rc = virt__status_set(st, VIRT_E_SYNTAX, 0, "device XML: expected exactly one device element, found %lu",
                              (unsigned long)(*out)->ndevices + ((*out)->emulator ? 1u : 0u));
    }
    if (rc != VIRT_OK) {
        virt_domain_def_free(*out);
        *out = NULL;
    }
    return rc;
}

/* The element name of a device kind, for refusals. */
VIRT__PRIVATE const char *virt__xend_kind_element(virt_device_kind k)
{
    static const char *const names[VIRT_DEVICE_KIND_COUNT] = {
        "<disk>", "<interface>", "<graphics>", "<console>", "<serial>", "<parallel>", "<channel>",
        "<input>", "<sound>", "<video>", "<hostdev>", "<controller>", "<memballoon>", "<watchdog>"};
    return (unsigned)k < VIRT_DEVICE_KIND_COUNT ? names[k] : "<device>";
}

/* The device's config for op=device_create / device_configure: the
 * `(vbd ...)` / `(tap ...)` / `(vif ...)` that the domain's (vm ...) would
 * hold inside (device ...), as libvirt's xenFormatSxprDisk/Net wrote it
 * with isAttach. VIRT_E_UNSUPPORTED (naming the element) for what xend 3
 * cannot hot-plug: only virtual block and network devices have a device
 * controller that creates them in a running domain (xend 3.0's pciif has
 * no hot-plug, the framebuffer and qemu-dm's devices exist from boot).
 * VIRT_E_INVAL for an HVM floppy (xend keeps it in the image) and, before
 * xend 3.0.3, an HVM CD-ROM, with libvirt's words. */
VIRT__PRIVATE int virt__xend_device_sxp(const virt_domain_def *def, int hvm, int format, char **out, virt_status *st)
{
    const virt_device_def *d = &def->devices[0];
    virt__buf b;
    char *all;
    size_t n;
    int rc = VIRT_OK;
    *out = NULL;
    if (!virt__xend_address_ok(&d->address)) return virt__xend_refuse(st, "a device <address>", d->address.attrs[1]);
    memset(&b, 0, sizeof b);
    if (d->kind == VIRT_DEVICE_DISK) {
        const virt_disk_def *k = &d->u.disk;
        if (hvm && k->device == VIRT_DISK_DEVICE_FLOPPY)
            return virt__status_set(st, VIRT_E_INVAL, 0, "Cannot directly attach floppy %.200s",
                                    k->source ? k->source : "");
        if (hvm && k->device == VIRT_DISK_DEVICE_CDROM && format == 1)
            return virt__status_set(st, VIRT_E_INVAL, 0, "Cannot directly attach CDROM %.200s",
                                    k->source ? k->source : "");
        if ((rc = virt__xend_check_disk(k, hvm, st)) != VIRT_OK) return rc;
        rc = virt__xend_disk_sxp(&b, k, hvm, format, st);
    } else if (d->kind == VIRT_DEVICE_INTERFACE) {
        if ((rc = virt__xend_check_device(def, d, hvm, format, st)) != VIRT_OK) return rc;
        virt__xend_vif_sxp(&b, &d->u.net, hvm);
    } else {
        return virt__status_set(st, VIRT_E_UNSUPPORTED, 0,
                                "xend: hot-plugging %s is not supported by xend 3 (only <disk> and <interface>)",
                                virt__xend_kind_element(d->kind));
    }
    if (rc != VIRT_OK) { virt__buf_free(&b); return rc; }
    if (!(all = virt__buf_steal(&b))) return virt__status_set(st, VIRT_E_NOMEM, 0, "xml2sexpr: out of memory");
    /* "(device (vbd ...))" -> "(vbd ...)" */
    n = strlen(all);
    if (n < 10 || strncmp(all, "(device ", 8) != 0 || all[n - 1] != ')') {
        VIRT_FREE(all);
        return virt__status_set(st, VIRT_E_INVAL, 0, "xml2sexpr: no device config for this %s",
                                virt__xend_kind_element(d->kind));
    }
    memmove(all, all + 8, n - 9);
    all[n - 9] = '\0';
    *out = all;
    return VIRT_OK;
}

/* >>xm config: xm's domain config files (/etc/xen/NAME, what `xm create`
 * of Xen 3 reads) <-> virt_domain_def. The syntax is the one libvirt's
 * virconf reads: `key = value` lines, values a number, a '..' or ".."
 * string (no escapes) or a flat list `[ v, v, ]` that may span lines, `#`
 * comments. The keys and their meaning are xm's (xend's create.py), mapped
 * as libvirt 0.2.0's xm_internal.c did so the conformance data in
 * ../shared/conformance/libvirt-xen/xmconfig matches byte for byte. */

typedef struct virt__xm_entry {
    char *key;
    unsigned int line;
    int is_list, is_number, used;
    char *str;                  /* string value, or the number's digits */
    char **items;               /* list items (strings) */
    size_t nitems;
} virt__xm_entry;
typedef struct virt__xm_conf {
    virt__xm_entry *e;
    size_t n;
    const char *p, *end;        /* the reader's position */
    unsigned int line;
} virt__xm_conf;

VIRT__PRIVATE void virt__xm_conf_free(virt__xm_conf *c)
{
    size_t i, j;
    for (i = 0; i < c->n; i++) {
        VIRT_FREE(c->e[i].key);
        VIRT_FREE(c->e[i].str);
        for (j = 0; j < c->e[i].nitems; j++) VIRT_FREE(c->e[i].items[j]);
        VIRT_FREE(c->e[i].items);
    }
    VIRT_FREE(c->e);
    c->e = NULL;
    c->n = 0;
}

#define VIRT__XM_NOMEM(st) virt__status_set((st), VIRT_E_NOMEM, 0, "xm config: out of memory")

/* Skips blanks, comments and (when newlines is set) line ends. */
VIRT__PRIVATE void virt__xm_skip(virt__xm_conf *c, int newlines)
{
    while (c->p < c->end) {
        char ch = *c->p;
        if (ch == ' ' || ch == '\t' || ch == '\r') c->p++;
        else if (ch == '#') { while (c->p < c->end && *c->p != '\n') c->p++; }
        else if (ch == '\n' && newlines) { c->line++; c->p++; }
        else break;
    }
}

/* 1 when s[0..n) is well-formed UTF-8 (no overlong forms, surrogates or
 * values above U+10FFFF) without control characters: what domain XML can
 * carry (expat refuses the rest) and the writer can write back. */
VIRT__PRIVATE int virt__xm_text_ok(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s, *end = u + n;
    while (u < end) {
        unsigned char c = *u++;
        int more = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
        if (more < 0 || c < 0x20 || c == 0x7f || end - u < more) return 0;
        if ((c == 0xe0 && u[0] < 0xa0) || (c == 0xed && u[0] >= 0xa0) || (c == 0xf0 && u[0] < 0x90) ||
            (c == 0xf4 && u[0] >= 0x90))
            return 0;
        for (; more > 0; more--, u++)
            if ((*u & 0xc0) != 0x80) return 0;
    }
    return 1;
}

/* One scalar: a quoted string or a number, into *out (VIRT_MALLOC'd). */
VIRT__PRIVATE int virt__xm_scalar(virt__xm_conf *c, const char *key, char **out, int *is_number, virt_status *st)
{
    const char *s = c->p;
    if (c->p < c->end && (*c->p == '"' || *c->p == '\'')) {
        char q = *c->p++;
        s = c->p;
        while (c->p < c->end && *c->p != q && *c->p != '\n' && *c->p != '\0') c->p++;
        if (c->p >= c->end || *c->p != q)
            return virt__status_set(st, VIRT_E_SYNTAX, 0, "xm config line %u: unterminated string in '%.64s'", c->line, key);
        if (!virt__xm_text_ok(s, (size_t)(c->p - s)))
            return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: '%.64s' is not UTF-8 text without control characters",
                                    c->line, key);
        *is_number = 0;
        *out = virt__strndup(s, (size_t)(c->p - s));
        c->p++;
        return *out ? VIRT_OK : VIRT__XM_NOMEM(st);
    }
    if (c->p < c->end && *c->p == '-') c->p++;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') c->p++;
    if (c->p == s || (c->p - s == 1 && *s == '-') || c->p - s > 20) {
        c->p = s;
        return virt__status_set(st, VIRT_E_SYNTAX, 0, "xm config line %u: expecting a value for '%.64s'", c->line, key);
    }
    *is_number = 1;
    *out = virt__strndup(s, (size_t)(c->p - s));
    return *out ? VIRT_OK : VIRT__XM_NOMEM(st);
}

/* `[ v, v, ... ]`, flat (xm has no nested lists), at most VIRT_XM_MAX_ITEMS. */
VIRT__PRIVATE int virt__xm_list(virt__xm_conf *c, virt__xm_entry *e, virt_status *st)
{
    c->p++;   /* '[' */
    e->is_list = 1;
    for (;;) {
        char *item = NULL;
        char **grown;
        int num, rc;
        virt__xm_skip(c, 1);
        if (c->p < c->end && *c->p == ']') { c->p++; return VIRT_OK; }
        if (c->p < c->end && *c->p == '[')
            return virt__status_set(st, VIRT_E_SYNTAX, 0, "xm config line %u: nested list in '%.64s'", c->line, e->key);
        if (e->nitems >= VIRT_XM_MAX_ITEMS)
            return virt__status_set(st, VIRT_E_LIMIT, 0, "xm config line %u: '%.64s' has more than %d items (VIRT_XM_MAX_ITEMS)",
                                    c->line, e->key, VIRT_XM_MAX_ITEMS);
        if ((rc = virt__xm_scalar(c, e->key, &item, &num, st)) != VIRT_OK) return rc;
        grown = (char **)VIRT_REALLOC(e->items, (e->nitems + 1) * sizeof *grown);
        if (!grown) { VIRT_FREE(item); return VIRT__XM_NOMEM(st); }
        e->items = grown;
        e->items[e->nitems++] = item;
        virt__xm_skip(c, 1);
        if (c->p < c->end && *c->p == ',') { c->p++; continue; }
        if (c->p < c->end && *c->p == ']') { c->p++; return VIRT_OK; }
        return virt__status_set(st, VIRT_E_SYNTAX, 0, "xm config line %u: expecting ',' or ']' in '%.64s'", c->line, e->key);
    }
}

VIRT__PRIVATE virt__xm_entry *virt__xm_find(virt__xm_conf *c, const char *key)
{
    size_t i;
    for (i = 0; i < c->n; i++)
        if (strcmp(c->e[i].key, key) == 0) return &c->e[i];
    return NULL;
}

/* One `key = value` setting; a key given twice is refused (xm's Python
 * would keep the last one silently). */
VIRT__PRIVATE int virt__xm_setting(virt__xm_conf *c, virt_status *st)
{
    const char *k = c->p;
    virt__xm_entry *e;
    int rc;
    while (c->p < c->end && ((*c->p >= 'a' && *c->p <= 'z') || (*c->p >= 'A' && *c->p <= 'Z') || *c->p == '_' ||
                             (c->p > k && ((*c->p >= '0' && *c->p <= '9') || *c->p == '.' || *c->p == '-'))))
        c->p++;
    if (c->p == k || c->p - k > 64)
        return virt__status_set(st, VIRT_E_SYNTAX, 0, "xm config line %u: expecting a setting name", c->line);
    if (c->n >= VIRT_XM_MAX_ITEMS)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "xm config line %u: more than %d settings (VIRT_XM_MAX_ITEMS)", c->line,
                                VIRT_XM_MAX_ITEMS);
    e = (virt__xm_entry *)VIRT_REALLOC(c->e, (c->n + 1) * sizeof *e);
    if (!e) return VIRT__XM_NOMEM(st);
    c->e = e;
    e = &c->e[c->n];
    memset(e, 0, sizeof *e);
    if (!(e->key = virt__strndup(k, (size_t)(c->p - k)))) return VIRT__XM_NOMEM(st);
    c->n++;
    e->line = c->line;
    if (c->n > 1 && virt__xm_find(c, e->key) != e)
        return virt__status_set(st, VIRT_E_SYNTAX, 0, "xm config line %u: '%s' is set twice", c->line, e->key);
    virt__xm_skip(c, 0);
    if (c->p >= c->end || *c->p != '=')
        return virt__status_set(st, VIRT_E_SYNTAX, 0, "xm config line %u: expecting '=' after '%s'", c->line, e->key);
    c->p++;
    virt__xm_skip(c, 0);
    rc = c->p < c->end && *c->p == '[' ? virt__xm_list(c, e, st) : virt__xm_scalar(c, e->key, &e->str, &e->is_number, st);
    if (rc != VIRT_OK) return rc;
    virt__xm_skip(c, 0);
    if (c->p < c->end && *c->p != '\n' && *c->p != ';')
        return virt__status_set(st, VIRT_E_SYNTAX, 0, "xm config line %u: unexpected text after '%s'", c->line, e->key);
    if (c->p < c->end && *c->p == ';') c->p++;
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xm_read(virt__xm_conf *c, const char *text, size_t len, virt_status *st)
{
    int rc;
    if (len > VIRT_XM_MAX_BYTES)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "xm config: %zu bytes, more than VIRT_XM_MAX_BYTES", len);
    if (memchr(text, '\0', len)) return virt__status_set(st, VIRT_E_SYNTAX, 0, "xm config: a NUL byte in the text");
    c->p = text;
    c->end = text + len;
    c->line = 1;
    for (;;) {
        virt__xm_skip(c, 1);
        if (c->p >= c->end) return VIRT_OK;
        if ((rc = virt__xm_setting(c, st)) != VIRT_OK) return rc;
    }
}

/* ---- typed access; each use marks the setting, the rest is refused ---- */

VIRT__PRIVATE const char *virt__xm_str(virt__xm_conf *c, const char *key, virt_status *st, int *rc)
{
    virt__xm_entry *e = virt__xm_find(c, key);
    if (!e || *rc != VIRT_OK) return NULL;
    e->used = 1;
    if (e->is_list || e->is_number) {
        *rc = virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: '%s' must be a string", e->line, key);
        return NULL;
    }
    return e->str;
}

/* A number; -1 when absent (or on error, with *rc set). */
VIRT__PRIVATE long long virt__xm_num(virt__xm_conf *c, const char *key, virt_status *st, int *rc)
{
    virt__xm_entry *e = virt__xm_find(c, key);
    long long v = 0;
    const char *s;
    if (!e || *rc != VIRT_OK) return -1;
    e->used = 1;
    for (s = e->str; s && *s >= '0' && *s <= '9' && v < 100000000LL; s++) v = v * 10 + (*s - '0');
    if (e->is_list || !s || *s || s == e->str || v >= 100000000LL) {
        *rc = virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: '%s' must be a number below 100000000, not '%.40s'",
                               e->line, key, e->str ? e->str : "[...]");
        return -1;
    }
    return v;
}

/* A number or a string, as its text (xm reads vncunused/vncdisplay either way). */
VIRT__PRIVATE const char *virt__xm_scalar_text(virt__xm_conf *c, const char *key)
{
    virt__xm_entry *e = virt__xm_find(c, key);
    if (!e || e->is_list) return NULL;
    e->used = 1;
    return e->str;
}

VIRT__PRIVATE virt__xm_entry *virt__xm_items(virt__xm_conf *c, const char *key, virt_status *st, int *rc)
{
    virt__xm_entry *e = virt__xm_find(c, key);
    if (!e || *rc != VIRT_OK) return NULL;
    e->used = 1;
    if (!e->is_list) {
        *rc = virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: '%s' must be a list", e->line, key);
        return NULL;
    }
    return e;
}

VIRT__PRIVATE int virt__xm_setstr(char **dst, const char *s, virt_status *st)
{
    if (!s) return VIRT_OK;
    VIRT_FREE(*dst);
    return (*dst = virt__strdup(s)) ? VIRT_OK : VIRT__XM_NOMEM(st);
}

/* `k=v,k=v` of a vif or vfb: the value of `key` (a copy, n bytes) */
VIRT__PRIVATE int virt__xm_opt(const char *spec, const char *key, char **out, virt_status *st)
{
    size_t klen = strlen(key);
    const char *s = spec;
    while (*s) {
        size_t n = strcspn(s, ",");
        if (n > klen && strncmp(s, key, klen) == 0 && s[klen] == '=') {
            if (!(*out = virt__strndup(s + klen + 1, n - klen - 1))) return VIRT__XM_NOMEM(st);
            return VIRT_OK;
        }
        s += n + (s[n] == ',');
    }
    return VIRT_OK;
}

/* Every k of a `k=v,...` spec must be one of `known` (NULL-terminated). */
VIRT__PRIVATE int virt__xm_opts_known(const char *spec, const char *const *known, const virt__xm_entry *e, virt_status *st)
{
    const char *s = spec;
    while (*s) {
        size_t n = strcspn(s, ","), k = strcspn(s, "=");
        const char *const *q;
        if (k > n) k = n;
        for (q = known; *q; q++)
            if (strlen(*q) == k && strncmp(*q, s, k) == 0) break;
        if (n && (!*q || k == n))
            return virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config line %u: '%s' option '%.*s' is not supported",
                                    e->line, e->key, (int)(n > 40 ? 40 : n), s);
        s += n + (s[n] == ',');
    }
    return VIRT_OK;
}

/* "uname,dev,mode" (xm's disk spec): phy:/dev/x, file:/p, tap:aio:/p;
 * dev "hda", "ioemu:hda" (xend <= 3.0.2) or "hdc:cdrom"; mode r, w, w!. */
VIRT__PRIVATE int virt__xm_disk(virt_domain_def *def, const virt__xm_entry *e, const char *spec, virt_status *st)
{
    const char *c1 = strchr(spec, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL, *colon, *dev, *mode;
    virt_device_def *d;
    virt_disk_def *k;
    size_t devlen;
    if (!c1 || !c2 || strchr(c2 + 1, ','))
        return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: disk '%.80s' is not 'source,target,mode'", e->line, spec);
    dev = c1 + 1;
    devlen = (size_t)(c2 - dev);
    mode = c2 + 1;
    if (strcmp(mode, "r") != 0 && strcmp(mode, "w") != 0 && strcmp(mode, "w!") != 0)
        return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: disk '%.80s': mode '%s' is not r, w or w!", e->line, spec, mode);
    if (devlen > 6 && strncmp(dev, "ioemu:", 6) == 0) { dev += 6; devlen -= 6; }
    if (!(d = virt__xend_add_device(def, VIRT_DEVICE_DISK))) return VIRT__XEND_NODEV(def, st);
    k = &d->u.disk;
    if (devlen > 6 && strncmp(dev + devlen - 6, ":cdrom", 6) == 0) { k->device = VIRT_DISK_DEVICE_CDROM; devlen -= 6; }
    else if (devlen > 5 && strncmp(dev + devlen - 5, ":disk", 5) == 0) devlen -= 5;
    if (devlen == 0 || memchr(dev, ':', devlen))
        return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: disk '%.80s' has no usable target", e->line, spec);
    if (!(k->target = virt__strndup(dev, devlen))) return VIRT__XM_NOMEM(st);
    k->readonly = mode[0] == 'r';
    k->shareable = strcmp(mode, "w!") == 0;
    if (c1 == spec) {
        if (k->device != VIRT_DISK_DEVICE_CDROM)
            return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: disk '%.80s' has no source", e->line, spec);
        return VIRT_OK;   /* an empty CD-ROM drive */
    }
    colon = (const char *)memchr(spec, ':', (size_t)(c1 - spec));
    if (!colon)
        return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: disk source '%.*s' has no driver prefix (phy:, file:, tap:)",
                                e->line, (int)(c1 - spec > 80 ? 80 : c1 - spec), spec);
    if (!(k->driver_name = virt__strndup(spec, (size_t)(colon - spec)))) return VIRT__XM_NOMEM(st);
    spec = colon + 1;
    if (strcmp(k->driver_name, "tap") == 0) {
        colon = (const char *)memchr(spec, ':', (size_t)(c1 - spec));
        if (!colon) return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: tap disk without a driver type", e->line);
        if (!(k->driver_type = virt__strndup(spec, (size_t)(colon - spec)))) return VIRT__XM_NOMEM(st);
        spec = colon + 1;
    }
    k->type = strcmp(k->driver_name, "phy") == 0 ? VIRT_DISK_BLOCK : VIRT_DISK_FILE;
    if (spec == c1) return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: disk with an empty path", e->line);
    return (k->source = virt__strndup(spec, (size_t)(c1 - spec))) ? VIRT_OK : VIRT__XM_NOMEM(st);
}

/* "mac=..,bridge=..,ip=..,script=..,model=..,vifname=..,type=ioemu" */
VIRT__PRIVATE int virt__xm_vif(virt_domain_def *def, const virt__xm_entry *e, const char *spec, virt_status *st)
{
    static const char *const known[] = { "mac", "bridge", "ip", "script", "model", "vifname", "type", NULL };
    virt_device_def *d;
    virt_net_def *n;
    char *type = NULL;
    int rc = virt__xm_opts_known(spec, known, e, st);
    if (rc != VIRT_OK) return rc;
    if (!(d = virt__xend_add_device(def, VIRT_DEVICE_INTERFACE))) return VIRT__XEND_NODEV(def, st);
    n = &d->u.net;
    if ((rc = virt__xm_opt(spec, "type", &type, st)) != VIRT_OK) return rc;
    /* type=ioemu (HVM's emulated card) or netfront: implied by the domain */
    if (type && strcmp(type, "ioemu") != 0 && strcmp(type, "netfront") != 0) {
        rc = virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config line %u: vif type '%.40s' is not supported", e->line, type);
        VIRT_FREE(type);
        return rc;
    }
    VIRT_FREE(type);
    if ((rc = virt__xm_opt(spec, "mac", &n->mac, st)) != VIRT_OK || (rc = virt__xm_opt(spec, "bridge", &n->source, st)) != VIRT_OK ||
        (rc = virt__xm_opt(spec, "ip", &n->ip, st)) != VIRT_OK || (rc = virt__xm_opt(spec, "script", &n->script, st)) != VIRT_OK ||
        (rc = virt__xm_opt(spec, "model", &n->model, st)) != VIRT_OK ||
        (rc = virt__xm_opt(spec, "vifname", &n->target, st)) != VIRT_OK)
        return rc;
    if (n->mac) {
        unsigned char mac[6];
        char *q;
        if (virt_mac_parse(n->mac, mac) != 0)
            return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: vif mac '%.40s' is not a MAC address", e->line, n->mac);
        for (q = n->mac; *q; q++)   /* the model's form (virt_xml.h): lower case */
            if (*q >= 'A' && *q <= 'F') *q = (char)(*q - 'A' + 'a');
    }
    /* libvirt's rule: a bridge unless a script other than vif-bridge is named */
    n->type = n->script && !strstr(n->script, "bridge") && !n->source ? VIRT_NET_ETHERNET : VIRT_NET_BRIDGE;
    return VIRT_OK;
}

/* A display from vnc/sdl settings: port -1 (vncunused, xm's default) or
 * 5900 + vncdisplay. */
VIRT__PRIVATE int virt__xm_graphics(virt_domain_def *def, int vnc, const char *unused, const char *display, const char *listen,
                                    const char *passwd, const char *keymap, unsigned int line, virt_status *st)
{
    virt_device_def *d = virt__xend_add_device(def, VIRT_DEVICE_GRAPHICS);
    virt_graphics_def *g;
    if (!d) return VIRT__XEND_NODEV(def, st);
    g = &d->u.graphics;
    g->type = vnc ? VIRT_GRAPHICS_VNC : VIRT_GRAPHICS_SDL;
    g->port = -1;
    g->autoport = -1;
    if (vnc && unused && strcmp(unused, "0") == 0) {
        long long n = 0;
        const char *s;
        for (s = display; s && *s >= '0' && *s <= '9' && n < 100000; s++) n = n * 10 + (*s - '0');
        if (!display || *s || s == display || n > 65535 - 5900)
            return virt__status_set(st, VIRT_E_UNSUPPORTED, 0,
                                    "xm config line %u: vncunused = 0 needs a vncdisplay (0-59635), not '%.20s'", line,
                                    display ? display : "");
        g->port = 5900 + (int)n;
    } else if (vnc && display) {
        return virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config line %u: vncdisplay without vncunused = 0", line);
    }
    if (vnc && (virt__xm_setstr(&g->listen, listen, st) != VIRT_OK || virt__xm_setstr(&g->passwd, passwd, st) != VIRT_OK))
        return VIRT_E_NOMEM;
    return virt__xm_setstr(&g->keymap, keymap, st);
}

/* vfb = [ "type=vnc,vncunused=1,vnclisten=..,vncpasswd=..,vncdisplay=N,keymap=.." ] (xend >= 3.0.4) */
VIRT__PRIVATE int virt__xm_vfb(virt_domain_def *def, const virt__xm_entry *e, virt_status *st)
{
    static const char *const known[] = { "type", "vncunused", "vnclisten", "vncpasswd", "vncdisplay", "keymap", NULL };
    char *v[6] = { NULL, NULL, NULL, NULL, NULL, NULL };
    int rc, i;
    if (e->nitems > 1) return virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config line %u: a second vfb", e->line);
    if (e->nitems == 0) return VIRT_OK;
    rc = virt__xm_opts_known(e->items[0], known, e, st);
    for (i = 0; i < 6 && rc == VIRT_OK; i++) rc = virt__xm_opt(e->items[0], known[i], &v[i], st);
    if (rc == VIRT_OK && (!v[0] || (strcmp(v[0], "vnc") != 0 && strcmp(v[0], "sdl") != 0)))
        rc = virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config line %u: vfb type '%.20s' is not vnc or sdl", e->line,
                              v[0] ? v[0] : "");
    if (rc == VIRT_OK) rc = virt__xm_graphics(def, v[0][0] == 'v', v[1], v[4], v[2], v[3], v[5], e->line, st);
    for (i = 0; i < 6; i++) VIRT_FREE(v[i]);
    return rc;
}

VIRT__PRIVATE int virt__xm_lifecycle(virt__xm_conf *c, const char *key, virt_lifecycle *out, virt_status *st, int *rc)
{
    const char *s = virt__xm_str(c, key, st, rc);
    if (!s) return *rc;
    *out = virt_lifecycle_from_string(s);
    if (*out == VIRT_LIFECYCLE_UNSET)
        *rc = virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: %s '%.40s' is not destroy, restart, preserve or rename-restart",
                               virt__xm_find(c, key)->line, key, s);
    return *rc;
}

/* HVM `boot = "dc"`: one letter per device (a floppy, c disk, d cdrom, n network) */
VIRT__PRIVATE int virt__xm_boot(virt_domain_def *def, const char *s, unsigned int line, virt_status *st)
{
    const char *p;
    if (!s) return VIRT_OK;
    if (!s[0] || strlen(s) > VIRT_XML_MAX_BOOT)
        return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: boot '%.20s' is not 1 to %d letters", line, s,
                                VIRT_XML_MAX_BOOT);
    for (p = s; *p; p++) {
        const char *b = *p == 'a' ? "fd" : *p == 'c' ? "hd" : *p == 'd' ? "cdrom" : *p == 'n' ? "network" : NULL;
        if (!b) return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: boot letter '%c' is not a, c, d or n", line, *p);
        if (!(def->boot_devs[def->nboot++] = virt__strdup(b))) return VIRT__XM_NOMEM(st);
    }
    return virt__xm_setstr(&def->os.boot_dev, def->boot_devs[0], st);
}

VIRT__PRIVATE int virt__xm_os(virt_domain_def *def, virt__xm_conf *c, int hvm, virt_status *st)
{
    int rc = VIRT_OK;
    const char *kernel = virt__xm_str(c, "kernel", st, &rc), *s;
    long long v;
    if (rc == VIRT_OK) rc = virt__xm_setstr(&def->bootloader, virt__xm_str(c, "bootloader", st, &rc), st);
    if (rc == VIRT_OK) rc = virt__xm_setstr(&def->bootloader_args, virt__xm_str(c, "bootargs", st, &rc), st);
    if (hvm) {
        if (rc == VIRT_OK) rc = virt__xm_setstr(&def->os.type, "hvm", st);
        if (rc == VIRT_OK) rc = virt__xm_setstr(&def->os.loader, kernel, st);
        s = virt__xm_str(c, "boot", st, &rc);
        if (rc == VIRT_OK) rc = virt__xm_boot(def, s, s ? virt__xm_find(c, "boot")->line : 0, st);
        if ((v = virt__xm_num(c, "pae", st, &rc)) > 0) def->features |= VIRT_FEATURE_PAE;
        if ((v = virt__xm_num(c, "acpi", st, &rc)) > 0) def->features |= VIRT_FEATURE_ACPI;
        if ((v = virt__xm_num(c, "apic", st, &rc)) > 0) def->features |= VIRT_FEATURE_APIC;
        if (rc == VIRT_OK) rc = virt__xm_setstr(&def->emulator, virt__xm_str(c, "device_model", st, &rc), st);
        return rc;
    }
    if (rc == VIRT_OK && kernel) rc = virt__xm_setstr(&def->os.type, "linux", st);
    if (rc == VIRT_OK) rc = virt__xm_setstr(&def->os.kernel, kernel, st);
    if (rc == VIRT_OK) rc = virt__xm_setstr(&def->os.initrd, virt__xm_str(c, "ramdisk", st, &rc), st);
    if (rc == VIRT_OK) rc = virt__xm_setstr(&def->os.root, virt__xm_str(c, "root", st, &rc), st);
    if (rc == VIRT_OK) rc = virt__xm_setstr(&def->os.cmdline, virt__xm_str(c, "extra", st, &rc), st);
    return rc;
}

VIRT__PRIVATE int virt__xm_memory(virt_domain_def *def, virt__xm_conf *c, virt_status *st)
{
    int rc = VIRT_OK;
    long long max = virt__xm_num(c, "maxmem", st, &rc), cur = virt__xm_num(c, "memory", st, &rc), n;
    if (rc != VIRT_OK) return rc;
    if (cur < 0) cur = max;
    if (max < cur) max = cur;
    if (max <= 0) return virt__status_set(st, VIRT_E_INVAL, 0, "xm config: no 'memory' (MiB)");
    def->memory_kib = (unsigned long long)max << 10;
    if (cur != max) def->current_memory_kib = (unsigned long long)cur << 10;
    n = virt__xm_num(c, "vcpus", st, &rc);
    if (rc == VIRT_OK && (n == 0 || n > 4096))
        return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: vcpus %lld is not 1-4096", virt__xm_find(c, "vcpus")->line, n);
    def->vcpus = n > 0 ? (unsigned int)n : 0;
    if (rc == VIRT_OK) rc = virt__xm_setstr(&def->vcpu_cpuset, virt__xm_str(c, "cpus", st, &rc), st);
    if (rc == VIRT_OK && virt__xm_num(c, "localtime", st, &rc) > 0) def->localtime = 1;
    return rc;
}

VIRT__PRIVATE int virt__xm_devices(virt_domain_def *def, virt__xm_conf *c, int hvm, virt_status *st)
{
    int rc = VIRT_OK;
    virt__xm_entry *disks = virt__xm_items(c, "disk", st, &rc), *vifs, *vfb;
    size_t i;
    long long vnc, sdl;
    for (i = 0; disks && rc == VIRT_OK && i < disks->nitems; i++) rc = virt__xm_disk(def, disks, disks->items[i], st);
    if (hvm) {   /* xend <= 3.0.2's CD-ROM, and the floppies, are image settings */
        if (rc == VIRT_OK) rc = virt__xend_floppy_cdrom(def, virt__xm_str(c, "cdrom", st, &rc), "hdc", 1, st);
        if (rc == VIRT_OK) rc = virt__xend_floppy_cdrom(def, virt__xm_str(c, "fda", st, &rc), "fda", 0, st);
        if (rc == VIRT_OK) rc = virt__xend_floppy_cdrom(def, virt__xm_str(c, "fdb", st, &rc), "fdb", 0, st);
    }
    vifs = virt__xm_items(c, "vif", st, &rc);
    for (i = 0; vifs && rc == VIRT_OK && i < vifs->nitems; i++) rc = virt__xm_vif(def, vifs, vifs->items[i], st);
    vfb = hvm ? NULL : virt__xm_items(c, "vfb", st, &rc);
    vnc = virt__xm_num(c, "vnc", st, &rc);
    sdl = virt__xm_num(c, "sdl", st, &rc);
    if (rc == VIRT_OK && vfb && (vnc > 0 || sdl > 0))
        rc = virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config line %u: both vfb and vnc/sdl", vfb->line);
    if (rc == VIRT_OK && vfb) rc = virt__xm_vfb(def, vfb, st);
    if (rc == VIRT_OK && vnc > 0 && sdl > 0)
        rc = virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config line %u: both vnc and sdl", virt__xm_find(c, "sdl")->line);
    if (rc == VIRT_OK && (vnc > 0 || sdl > 0)) {
        const char *unused = virt__xm_scalar_text(c, "vncunused"), *display = virt__xm_scalar_text(c, "vncdisplay");
        const char *listen, *passwd, *keymap;
        listen = virt__xm_str(c, "vnclisten", st, &rc);
        passwd = virt__xm_str(c, "vncpasswd", st, &rc);
        keymap = virt__xm_str(c, "keymap", st, &rc);
        if (rc == VIRT_OK)
            rc = virt__xm_graphics(def, vnc > 0, unused, display, listen, passwd, keymap, virt__xm_find(c, vnc > 0 ? "vnc" : "sdl")->line, st);
    }
    /* libvirt gives every paravirtual domain its xenconsole pty */
    if (rc == VIRT_OK && !hvm && !virt__xend_add_device(def, VIRT_DEVICE_CONSOLE)) rc = VIRT__XEND_NODEV(def, st);
    return rc;
}

/* xend 3's settings beyond libvirt 0.2.0's, under xm's own names (xm's
 * create.py hands them to xend as the image keys of the same name), read
 * as >>sexpr2xml reads those keys of xend's record: description,
 * vcpu_avail, pci = [ "[DDDD:]BB:SS.F" ], and for HVM serial, parallel
 * (qemu-dm's -serial strings; "none" is no device), usb and usbdevice,
 * soundhw (comma-separated models), stdvga, rtc_timeoffset (seconds). */
VIRT__PRIVATE int virt__xm_chardev(virt_domain_def *def, virt__xm_conf *c, const char *key, virt_device_kind kind,
                                   virt_status *st)
{
    int rc = VIRT_OK;
    const char *s = virt__xm_str(c, key, st, &rc);
    virt_device_def *d;
    if (rc != VIRT_OK || !s || !s[0] || strcmp(s, "none") == 0) return rc;
    if (!(d = virt__xend_add_device(def, kind))) return VIRT__XEND_NODEV(def, st);
    rc = virt__xend_parse_chardev(&d->u.console, s);
    if (rc == VIRT_E_NOMEM) return VIRT__XM_NOMEM(st);
    if (rc != VIRT_OK)
        return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: %s '%.80s' is not a character device qemu-dm knows",
                                virt__xm_find(c, key)->line, key, s);
    return (d->u.console.target_port = virt__strdup("0")) ? VIRT_OK : VIRT__XM_NOMEM(st);
}

/* One PCI device "[DDDD:]BB:SS.F" as libvirt writes its <address>. */
VIRT__PRIVATE int virt__xm_pci(virt_domain_def *def, const virt__xm_entry *e, const char *spec, virt_status *st)
{
    static const char *const names[] = { "type", "domain", "bus", "slot", "function" };
    unsigned int dom = 0, bus, slot, fn, i;
    char vals[5][8], tail;
    virt_device_def *d;
    virt_address_def *a;
    if (strspn(spec, "0123456789abcdefABCDEF:.") != strlen(spec) ||
        (sscanf(spec, "%4x:%2x:%2x.%1x%c", &dom, &bus, &slot, &fn, &tail) != 4 &&
         (dom = 0, sscanf(spec, "%2x:%2x.%1x%c", &bus, &slot, &fn, &tail) != 3)))
        return virt__status_set(st, strchr(spec, ',') ? VIRT_E_UNSUPPORTED : VIRT_E_INVAL, 0,
                                "xm config line %u: pci '%.60s' is not [DDDD:]BB:SS.F (options are not read by virt)", e->line, spec);
    if (slot > 0x1f || fn > 7)
        return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: pci '%.60s' has no such slot or function", e->line, spec);
    if (!(d = virt__xend_add_device(def, VIRT_DEVICE_HOSTDEV))) return VIRT__XEND_NODEV(def, st);
    snprintf(vals[0], sizeof vals[0], "pci");
    snprintf(vals[1], sizeof vals[1], "0x%04x", dom);
    snprintf(vals[2], sizeof vals[2], "0x%02x", bus);
    snprintf(vals[3], sizeof vals[3], "0x%02x", slot);
    snprintf(vals[4], sizeof vals[4], "0x%x", fn);
    a = &d->u.hostdev.source;
    if (!(d->u.hostdev.mode = virt__strdup("subsystem")) || !(d->u.hostdev.type = virt__strdup("pci")) ||
        !(d->u.hostdev.managed = virt__strdup("no")))
        return VIRT__XM_NOMEM(st);
    for (i = 0; i < 5; i++, a->natts++)
        if (!(a->attrs[2 * i] = virt__strdup(names[i])) || !(a->attrs[2 * i + 1] = virt__strdup(vals[i]))) {
            a->natts++;
            return VIRT__XM_NOMEM(st);
        }
    return VIRT_OK;
}

/* vcpu_avail: the online vCPUs 0..n-1 (a mask with holes has no <vcpu current=''>). */
VIRT__PRIVATE int virt__xm_vcpu_avail(virt_domain_def *def, virt__xm_conf *c, virt_status *st)
{
    int rc = VIRT_OK;
    long long v = virt__xm_num(c, "vcpu_avail", st, &rc);
    unsigned int n = 0;
    char num[16];
    if (rc != VIRT_OK || v < 0) return rc;
    for (; (v >> n) & 1; n++) {}
    if (n == 0 || (v >> n) != 0)
        return virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config line %u: vcpu_avail %lld is not vCPUs 0..n-1 online",
                                virt__xm_find(c, "vcpu_avail")->line, v);
    if (n >= (def->vcpus ? def->vcpus : 1u)) return VIRT_OK;
    snprintf(num, sizeof num, "%u", n);
    return virt__xm_setstr(&def->vcpu_current, num, st);
}

VIRT__PRIVATE int virt__xm_hvm_extras(virt_domain_def *def, virt__xm_conf *c, virt_status *st)
{
    int rc = virt__xm_chardev(def, c, "serial", VIRT_DEVICE_SERIAL, st);
    const char *s, *off;
    long long usb;
    if (rc == VIRT_OK) rc = virt__xm_chardev(def, c, "parallel", VIRT_DEVICE_PARALLEL, st);
    s = virt__xm_str(c, "soundhw", st, &rc);
    while (rc == VIRT_OK && s && *s) {
        size_t n = strcspn(s, ",");
        if (n == 3 && strncmp(s, "all", 3) == 0)
            return virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config line %u: soundhw 'all' (name the models)",
                                    virt__xm_find(c, "soundhw")->line);
        if (n) rc = virt__xend_sxp_simple(def, VIRT_DEVICE_SOUND, s, NULL, n, st);
        s += n + (s[n] == ',');
    }
    if (rc == VIRT_OK && virt__xm_num(c, "stdvga", st, &rc) > 0)
        rc = virt__xend_sxp_simple(def, VIRT_DEVICE_VIDEO, "vga", NULL, 3, st);
    usb = virt__xm_num(c, "usb", st, &rc);
    s = virt__xm_str(c, "usbdevice", st, &rc);
    if (rc == VIRT_OK && s && strcmp(s, "tablet") != 0 && strcmp(s, "mouse") != 0 && strcmp(s, "keyboard") != 0)
        return virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config line %u: usbdevice '%.60s' (virt reads tablet, mouse, keyboard)",
                                virt__xm_find(c, "usbdevice")->line, s);
    if (rc == VIRT_OK && s) rc = virt__xend_sxp_simple(def, VIRT_DEVICE_INPUT, s, "usb", strlen(s), st);
    else if (rc == VIRT_OK && usb > 0) {
        virt_device_def *d = virt__xend_add_device(def, VIRT_DEVICE_CONTROLLER);
        if (!d) return VIRT__XEND_NODEV(def, st);
        if (!(d->u.controller.type = virt__strdup("usb")) || !(d->u.controller.index = virt__strdup("0")))
            return VIRT__XM_NOMEM(st);
    }
    off = virt__xm_scalar_text(c, "rtc_timeoffset");
    if (rc == VIRT_OK && off) {
        const char *q = off + (off[0] == '-');
        while (*q >= '0' && *q <= '9') q++;
        if (*q || q == off + (off[0] == '-') || q - off > 11)
            return virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: rtc_timeoffset '%.40s' is not a number of seconds",
                                    virt__xm_find(c, "rtc_timeoffset")->line, off);
        if (strcmp(off, "0") != 0 && strcmp(off, "-0") != 0) {
            if ((rc = virt__xm_setstr(&def->clock_offset, "variable", st)) == VIRT_OK &&
                (rc = virt__xm_setstr(&def->clock_adjustment, off, st)) == VIRT_OK)
                rc = virt__xm_setstr(&def->clock_basis, def->localtime ? "localtime" : "utc", st);
            def->localtime = 0;
        }
    }
    return rc;
}

VIRT__PRIVATE int virt__xm_extras(virt_domain_def *def, virt__xm_conf *c, int hvm, virt_status *st)
{
    int rc = VIRT_OK;
    virt__xm_entry *pci;
    size_t i;
    rc = virt__xm_setstr(&def->description, virt__xm_str(c, "description", st, &rc), st);
    if (rc == VIRT_OK) rc = virt__xm_vcpu_avail(def, c, st);
    pci = rc == VIRT_OK ? virt__xm_items(c, "pci", st, &rc) : NULL;
    for (i = 0; pci && rc == VIRT_OK && i < pci->nitems; i++) rc = virt__xm_pci(def, pci, pci->items[i], st);
    if (rc == VIRT_OK && hvm) rc = virt__xm_hvm_extras(def, c, st);
    return rc;
}

VIRT_API int virt_xm_config_parse(const char *text, size_t len, virt_domain_def **out, virt_status *st)
{
    virt__xm_conf c;
    virt_domain_def *def = NULL;
    const char *s;
    int rc, hvm = 0;
    size_t i;
    if (out) *out = NULL;
    if (!text || !out) return virt__status_set(st, VIRT_E_INVAL, 0, "xm config: NULL argument");
    if (len == (size_t)-1) len = strlen(text);
    memset(&c, 0, sizeof c);
    rc = virt__xm_read(&c, text, len, st);
    if (rc == VIRT_OK && !(def = virt_domain_def_new())) rc = VIRT__XM_NOMEM(st);
    if (rc == VIRT_OK) rc = virt__xm_setstr(&def->type, "xen", st);
    s = virt__xm_str(&c, "name", st, &rc);
    if (rc == VIRT_OK && (!s || !s[0])) rc = virt__status_set(st, VIRT_E_INVAL, 0, "xm config: no 'name'");
    if (rc == VIRT_OK) rc = virt__xm_setstr(&def->name, s, st);
    s = virt__xm_str(&c, "uuid", st, &rc);
    if (rc == VIRT_OK && s && !(def->has_uuid = virt_xend_uuid_parse(s, def->uuid) == 0))
        rc = virt__status_set(st, VIRT_E_INVAL, 0, "xm config line %u: uuid '%.60s' is not a UUID", virt__xm_find(&c, "uuid")->line, s);
    s = virt__xm_str(&c, "builder", st, &rc);
    if (rc == VIRT_OK && s && strcmp(s, "hvm") != 0 && strcmp(s, "linux") != 0)
        rc = virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config line %u: builder '%.40s' is not hvm or linux",
                              virt__xm_find(&c, "builder")->line, s);
    hvm = rc == VIRT_OK && s && strcmp(s, "hvm") == 0;
    if (rc == VIRT_OK) rc = virt__xm_os(def, &c, hvm, st);
    if (rc == VIRT_OK) rc = virt__xm_memory(def, &c, st);
    if (rc == VIRT_OK) virt__xm_lifecycle(&c, "on_poweroff", &def->on_poweroff, st, &rc);
    if (rc == VIRT_OK) virt__xm_lifecycle(&c, "on_reboot", &def->on_reboot, st, &rc);
    if (rc == VIRT_OK) virt__xm_lifecycle(&c, "on_crash", &def->on_crash, st, &rc);
    if (rc == VIRT_OK) rc = virt__xm_devices(def, &c, hvm, st);
    if (rc == VIRT_OK) rc = virt__xm_extras(def, &c, hvm, st);
    /* what the model cannot hold is refused, not dropped */
    for (i = 0; rc == VIRT_OK && i < c.n; i++)
        if (!c.e[i].used)
            rc = virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config line %u: setting '%s' is not supported by virt",
                                  c.e[i].line, c.e[i].key);
    virt__xm_conf_free(&c);
    if (rc != VIRT_OK) { virt_domain_def_free(def); return rc; }
    *out = def;
    return VIRT_OK;
}

/* ---- writer ---- */

VIRT__PRIVATE int virt__xm_refuse(virt_status *st, const char *what, const char *detail)
{
    return virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "xm config: %s cannot be written as an xm config%s%s", what,
                            detail ? ": " : "", detail ? detail : "");
}

/* A string value: ".." unless it holds a ", then '..'; a value with both
 * quotes or a line end cannot be written (virconf has no escapes). */
VIRT__PRIVATE int virt__xm_quote(virt__buf *b, const char *v, const char *what, virt_status *st)
{
    const char *s;
    for (s = v; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) return virt__xm_refuse(st, what, "a control character in the value");
    if (strchr(v, '"') && strchr(v, '\'')) return virt__xm_refuse(st, what, "both kinds of quotes in the value");
    virt__buf_printf(b, strchr(v, '"') ? "'%s'" : "\"%s\"", v);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xm_put(virt__buf *b, const char *key, const char *v, virt_status *st)
{
    int rc;
    if (!v) return VIRT_OK;
    virt__buf_printf(b, "%s = ", key);
    rc = virt__xm_quote(b, v, key, st);
    virt__buf_puts(b, "\n");
    return rc;
}

/* <vcpu current=''> as xm's vcpu_avail can say it: 1..min(vcpus, 63)
 * (a 64-bit mask, as >>xml2sexpr writes it), else 0. */
VIRT__PRIVATE unsigned int virt__xm_vcpus_online(const virt_domain_def *def)
{
    unsigned long n = 0;
    const char *s;
    for (s = def->vcpu_current; s && *s >= '0' && *s <= '9' && n < 1000; s++) n = n * 10 + (unsigned long)(*s - '0');
    if (!def->vcpu_current || *s || s == def->vcpu_current || n == 0 || n > 63 || n > (def->vcpus ? def->vcpus : 1u)) return 0;
    return (unsigned int)n;
}

/* <clock adjustment=''> as xm's rtc_timeoffset: decimal seconds (0 when
 * it is one, else -1) */
VIRT__PRIVATE int virt__xm_seconds(const char *s)
{
    const char *q = s + (s[0] == '-' || s[0] == '+');
    const char *start = q;
    while (*q >= '0' && *q <= '9') q++;
    return *q || q == start || q - start > 10 ? -1 : 0;
}

/* A PCI <hostdev>'s source address as xm's "DDDD:BB:SS.F" (libvirt's
 * xenFormatPCI layout): 0, or -1 when an attribute is missing or out of range. */
VIRT__PRIVATE int virt__xm_pci_string(const virt_hostdev_def *h, char *out, size_t size)
{
    static const char *const names[] = { "domain", "bus", "slot", "function" };
    static const unsigned long max[] = { 0xffff, 0xff, 0x1f, 7 };
    unsigned long v[4];
    unsigned int i, j;
    for (i = 0; i < 4; i++) {
        const char *val = NULL;
        char *end;
        for (j = 0; j < h->source.natts; j++)
            if (strcmp(h->source.attrs[2 * j], names[i]) == 0) val = h->source.attrs[2 * j + 1];
        if (!val || !*val || *val == '-' || *val == '+') return -1;
        v[i] = strtoul(val, &end, 0);
        if (*end || v[i] > max[i]) return -1;
    }
    snprintf(out, size, "%04lx:%02lx:%02lx.%lx", v[0], v[1], v[2], v[3]);
    return 0;
}

/* the writer's own refusals, beyond what xend 3 cannot carry at all
 * (virt__xend_check_domain): the model parts it has no xm key for yet */
VIRT__PRIVATE int virt__xm_check(const virt_domain_def *def, int hvm, int format, virt_status *st)
{
    size_t i;
    int usb = 0;
    if (def->memory_kib == 0 || def->memory_kib % 1024 || def->current_memory_kib % 1024)
        return virt__xm_refuse(st, "<memory>/<currentMemory>", "xm counts whole MiB");
    if (def->current_memory_kib > def->memory_kib) return virt__xm_refuse(st, "a <currentMemory> above <memory>", NULL);
    if (def->vcpu_current && virt__xm_vcpus_online(def) == 0) return virt__xm_refuse(st, "<vcpu current=''>", def->vcpu_current);
    if (def->clock_offset && strcmp(def->clock_offset, "utc") != 0 && strcmp(def->clock_offset, "localtime") != 0 &&
        (!hvm || strcmp(def->clock_offset, "variable") != 0))
        return virt__xm_refuse(st, "<clock offset=''>", hvm ? def->clock_offset : "a paravirtual clock is utc or localtime");
    if (def->clock_adjustment && virt__xm_seconds(def->clock_adjustment) != 0)
        return virt__xm_refuse(st, "<clock adjustment=''>", def->clock_adjustment);
    if (!hvm && (def->features & VIRT_FEATURE_PAE)) return virt__xm_refuse(st, "<pae/> on a paravirtual domain", NULL);
    if (def->features & ~(VIRT_FEATURE_PAE | VIRT_FEATURE_ACPI | VIRT_FEATURE_APIC))
        return virt__xm_refuse(st, "this <features> element", NULL);
    if (hvm && (def->os.kernel || def->os.initrd || def->os.cmdline || def->os.root))
        return virt__xm_refuse(st, "HVM direct kernel boot (<kernel>, <initrd>, <cmdline>)",
                               "xm's HVM kernel is the firmware (hvmloader), as in libvirt's xen-xm");
    if (hvm && (def->bootloader || def->bootloader_args)) return virt__xm_refuse(st, "<bootloader> on an HVM domain", NULL);
    for (i = 0; i < def->ndevices; i++) {
        const virt_device_def *d = &def->devices[i];
        switch (d->kind) {
        case VIRT_DEVICE_DISK:
            if (d->u.disk.target && strchr(d->u.disk.target, ','))
                return virt__xm_refuse(st, "a <disk> <target dev=''> with a comma", d->u.disk.target);
            if (d->u.disk.source && strchr(d->u.disk.source, ','))
                return virt__xm_refuse(st, "a <disk> <source> with a comma", d->u.disk.source);
            if (!d->u.disk.target || !d->u.disk.target[0] || strchr(d->u.disk.target, ':'))
                return virt__xm_refuse(st, "a <disk> without a <target dev=''> or with a ':' in it", d->u.disk.target);
            if ((d->u.disk.driver_name && (!d->u.disk.driver_name[0] || strpbrk(d->u.disk.driver_name, ":,"))) ||
                (d->u.disk.driver_type && (!d->u.disk.driver_type[0] || strpbrk(d->u.disk.driver_type, ":,"))))
                return virt__xm_refuse(st, "a <disk> <driver> name or type that is empty or has ':' or ','", NULL);
            if (d->u.disk.source && !d->u.disk.source[0]) return virt__xm_refuse(st, "a <disk> with an empty <source>", NULL);
            if (d->u.disk.driver_name && strcmp(d->u.disk.driver_name, "tap") == 0 && !d->u.disk.driver_type)
                return virt__xm_refuse(st, "<driver name='tap'> without type=''", NULL);
            if (d->u.disk.driver_type && (!d->u.disk.driver_name || strcmp(d->u.disk.driver_name, "tap") != 0))
                return virt__xm_refuse(st, "<driver type=''> other than with name='tap'", d->u.disk.driver_type);
            if (d->u.disk.device == VIRT_DISK_DEVICE_FLOPPY && (!hvm || !d->u.disk.target || !d->u.disk.source ||
                                                               (strcmp(d->u.disk.target, "fda") != 0 && strcmp(d->u.disk.target, "fdb") != 0)))
                return virt__xm_refuse(st, "this floppy <disk>", "HVM fda/fdb with a source only");
            if (d->u.disk.device == VIRT_DISK_DEVICE_CDROM && format < 2 && hvm &&
                (!d->u.disk.target || strcmp(d->u.disk.target, "hdc") != 0 || !d->u.disk.source))
                return virt__xm_refuse(st, "this CD-ROM <disk>", "xend <= 3.0.2 has one, hdc, with a medium");
            break;
        case VIRT_DEVICE_INTERFACE: {
            const virt_net_def *n = &d->u.net;
            const char *vals[6];
            unsigned int j;
            vals[0] = n->mac; vals[1] = n->source; vals[2] = n->ip; vals[3] = n->script; vals[4] = n->model; vals[5] = n->target;
            for (j = 0; j < 6; j++)
                if (vals[j] && strpbrk(vals[j], ",=")) return virt__xm_refuse(st, "an <interface> value with ',' or '='", vals[j]);
            /* an ethernet interface without a script is what sexpr2xml
             * makes of a vif with none: xend runs its default script, and
             * so will xm (libvirt's xen_common writes it the same way) */
            if (n->type == VIRT_NET_ETHERNET && n->source)
                return virt__xm_refuse(st, "<interface type='ethernet'> with a <source dev=''>", n->source);
            if (n->type == VIRT_NET_BRIDGE && !n->source && n->script && !strstr(n->script, "bridge"))
                return virt__xm_refuse(st, "<interface type='bridge'> without a <source> and with this <script>", n->script);
            break;
        }
        case VIRT_DEVICE_GRAPHICS: {
            const virt_graphics_def *g = &d->u.graphics;
            if (g->port != -1 && (g->port < 5900 || g->port > 65535)) return virt__xm_refuse(st, "a <graphics> port below 5900", NULL);
            if (g->type == VIRT_GRAPHICS_SDL && (g->listen || g->passwd || g->listen_address))
                return virt__xm_refuse(st, "<graphics type='sdl'> with listen or passwd", NULL);
            if (!hvm && format >= 3) {
                const char *vals[3];
                unsigned int j;
                vals[0] = g->listen ? g->listen : g->listen_address; vals[1] = g->passwd; vals[2] = g->keymap;
                for (j = 0; j < 3; j++)
                    if (vals[j] && strpbrk(vals[j], ",=")) return virt__xm_refuse(st, "a <graphics> value with ',' or '='", vals[j]);
            }
            break;
        }
        case VIRT_DEVICE_CONSOLE:   /* paravirtual: the xenconsole pty; HVM: serial = "pty" (xend's rules) */
        case VIRT_DEVICE_SERIAL: case VIRT_DEVICE_PARALLEL:   /* HVM, one each, a qemu-dm string (xend's rules) */
            break;
        case VIRT_DEVICE_SOUND:
            if (!d->u.sound.model || !d->u.sound.model[0] || strpbrk(d->u.sound.model, ",\"'"))
                return virt__xm_refuse(st, "this <sound> model", d->u.sound.model);
            break;
        case VIRT_DEVICE_HOSTDEV: {
            char pci[32];
            if (virt__xm_pci_string(&d->u.hostdev, pci, sizeof pci) != 0)
                return virt__xm_refuse(st, "a <hostdev> whose <address> is not domain, bus, slot, function", NULL);
            break;
        }
        case VIRT_DEVICE_INPUT:
            if (d->u.input.bus && strcmp(d->u.input.bus, "usb") == 0 && usb++)
                return virt__xm_refuse(st, "a second USB <input>", "xm has one usbdevice");
            break;
        case VIRT_DEVICE_VIDEO:   /* cirrus, or vga as stdvga = 1 (xend's rules) */
            if (virt__xend_count(def, VIRT_DEVICE_VIDEO) > 1) return virt__xm_refuse(st, "a second <video>", NULL);
            break;
        default: break;   /* controllers, memballoon: implicit (checked by xend's rules) */
        }
    }
    return VIRT_OK;
}

VIRT__PRIVATE const virt_graphics_def *virt__xm_first_graphics(const virt_domain_def *def)
{
    const virt_device_def *d = virt__xend_first(def, VIRT_DEVICE_GRAPHICS);
    return d ? &d->u.graphics : NULL;
}

/* vnc/sdl as top-level settings (HVM; paravirt before xend 3.0.4) */
VIRT__PRIVATE int virt__xm_put_display(virt__buf *b, const virt_graphics_def *g, virt_status *st)
{
    int rc;
    if (!g) return VIRT_OK;
    virt__buf_printf(b, "sdl = %d\nvnc = %d\n", g->type == VIRT_GRAPHICS_SDL, g->type == VIRT_GRAPHICS_VNC);
    if (g->type == VIRT_GRAPHICS_VNC) {
        if (g->port == -1) virt__buf_puts(b, "vncunused = 1\n");
        else virt__buf_printf(b, "vncunused = 0\nvncdisplay = %d\n", g->port - 5900);
        if ((rc = virt__xm_put(b, "vnclisten", g->listen ? g->listen : g->listen_address, st)) != VIRT_OK ||
            (rc = virt__xm_put(b, "vncpasswd", g->passwd, st)) != VIRT_OK)
            return rc;
    }
    return virt__xm_put(b, "keymap", g->keymap, st);
}

VIRT__PRIVATE int virt__xm_put_vfb(virt__buf *b, const virt_graphics_def *g, virt_status *st)
{
    virt__buf v;
    int rc;
    const char *listen;
    if (!g) return VIRT_OK;
    memset(&v, 0, sizeof v);
    listen = g->listen ? g->listen : g->listen_address;
    virt__buf_puts(&v, g->type == VIRT_GRAPHICS_VNC ? "type=vnc" : "type=sdl");
    if (g->type == VIRT_GRAPHICS_VNC) {
        if (g->port == -1) virt__buf_puts(&v, ",vncunused=1");
        else virt__buf_printf(&v, ",vncunused=0,vncdisplay=%d", g->port - 5900);
        if (listen) virt__buf_printf(&v, ",vnclisten=%s", listen);
        if (g->passwd) virt__buf_printf(&v, ",vncpasswd=%s", g->passwd);
    }
    if (g->keymap) virt__buf_printf(&v, ",keymap=%s", g->keymap);
    if (v.failed) { virt__buf_free(&v); return VIRT__XM_NOMEM(st); }
    virt__buf_puts(b, "vfb = [ ");
    rc = virt__xm_quote(b, v.data, "the vfb", st);
    virt__buf_puts(b, " ]\n");
    virt__buf_free(&v);
    return rc;
}

VIRT__PRIVATE void virt__xm_disk_spec(virt__buf *v, const virt_disk_def *k, int hvm, int format)
{
    if (k->source) {
        const char *drv = k->driver_name ? k->driver_name : k->type == VIRT_DISK_BLOCK ? "phy" : "file";
        virt__buf_printf(v, "%s:", drv);
        if (k->driver_type) virt__buf_printf(v, "%s:", k->driver_type);
        virt__buf_puts(v, k->source);
    }
    virt__buf_printf(v, ",%s%s%s,%s", hvm && format < 2 ? "ioemu:" : "", k->target ? k->target : "",
                     k->device == VIRT_DISK_DEVICE_CDROM ? ":cdrom" : "",
                     k->readonly ? "r" : k->shareable ? "w!" : "w");
}

/* disk = [ ... ] and vif = [ ... ] */
VIRT__PRIVATE int virt__xm_put_lists(virt__buf *b, const virt_domain_def *def, int hvm, int format, virt_status *st)
{
    int pass, rc = VIRT_OK;
    for (pass = 0; pass < 2 && rc == VIRT_OK; pass++) {
        size_t i, n = 0;
        for (i = 0; i < def->ndevices && rc == VIRT_OK; i++) {
            const virt_device_def *d = &def->devices[i];
            virt__buf v;
            memset(&v, 0, sizeof v);
            if (pass == 0) {
                if (d->kind != VIRT_DEVICE_DISK || d->u.disk.device == VIRT_DISK_DEVICE_FLOPPY ||
                    (hvm && format < 2 && d->u.disk.device == VIRT_DISK_DEVICE_CDROM))
                    continue;
                virt__xm_disk_spec(&v, &d->u.disk, hvm, format);
            } else {
                const virt_net_def *k = &d->u.net;
                if (d->kind != VIRT_DEVICE_INTERFACE) continue;
                if (k->mac) virt__buf_printf(&v, ",mac=%s", k->mac);
                if (k->source) virt__buf_printf(&v, ",bridge=%s", k->source);
                if (k->ip) virt__buf_printf(&v, ",ip=%s", k->ip);
                if (k->script) virt__buf_printf(&v, ",script=%s", k->script);
                if (k->model) virt__buf_printf(&v, ",model=%s", k->model);
                if (k->target) virt__buf_printf(&v, ",vifname=%s", k->target);
                if (hvm) virt__buf_puts(&v, ",type=ioemu");
            }
            if (v.failed) { virt__buf_free(&v); return VIRT__XM_NOMEM(st); }
            virt__buf_puts(b, n++ ? ", " : pass == 0 ? "disk = [ " : "vif = [ ");
            rc = virt__xm_quote(b, v.data ? v.data + (pass == 1 && v.data[0] == ',') : "", pass ? "vif" : "disk", st);
            virt__buf_free(&v);
        }
        if (n) virt__buf_puts(b, " ]\n");
    }
    return rc;
}

VIRT__PRIVATE int virt__xm_put_hvm(virt__buf *b, const virt_domain_def *def, int format, virt_status *st)
{
    unsigned int i;
    int rc = VIRT_OK;
    char boot[VIRT_XML_MAX_BOOT + 1];
    size_t nb = 0;
    virt__buf_puts(b, "builder = \"hvm\"\n");
    if ((rc = virt__xm_put(b, "kernel", def->os.loader, st)) != VIRT_OK) return rc;
    for (i = 0; i < (def->nboot ? def->nboot : def->os.boot_dev ? 1u : 0u); i++) {
        const char *dev = def->nboot ? def->boot_devs[i] : def->os.boot_dev;
        boot[nb++] = strcmp(dev, "fd") == 0 ? 'a' : strcmp(dev, "cdrom") == 0 ? 'd' : strcmp(dev, "network") == 0 ? 'n' : 'c';
    }
    boot[nb] = '\0';
    if (nb) virt__buf_printf(b, "boot = \"%s\"\n", boot);
    if (def->features & VIRT_FEATURE_PAE) virt__buf_puts(b, "pae = 1\n");
    if (def->features & VIRT_FEATURE_ACPI) virt__buf_puts(b, "acpi = 1\n");
    if (def->features & VIRT_FEATURE_APIC) virt__buf_puts(b, "apic = 1\n");
    if (format < 2) rc = virt__xm_put(b, "cdrom", virt__xend_disk_source(def, VIRT_DISK_DEVICE_CDROM, "hdc"), st);
    if (rc == VIRT_OK) rc = virt__xm_put(b, "fda", virt__xend_disk_source(def, VIRT_DISK_DEVICE_FLOPPY, "fda"), st);
    if (rc == VIRT_OK) rc = virt__xm_put(b, "fdb", virt__xend_disk_source(def, VIRT_DISK_DEVICE_FLOPPY, "fdb"), st);
    return rc;
}

VIRT__PRIVATE int virt__xm_put_pv(virt__buf *b, const virt_domain_def *def, virt_status *st)
{
    int rc = virt__xm_put(b, "bootloader", def->bootloader, st);
    if (rc == VIRT_OK) rc = virt__xm_put(b, "bootargs", def->bootloader_args, st);
    if (rc == VIRT_OK) rc = virt__xm_put(b, "kernel", def->os.kernel, st);
    if (rc == VIRT_OK) rc = virt__xm_put(b, "ramdisk", def->os.initrd, st);
    if (rc == VIRT_OK) rc = virt__xm_put(b, "root", def->os.root, st);
    if (rc == VIRT_OK) rc = virt__xm_put(b, "extra", def->os.cmdline, st);
    return rc;
}

/* The settings >>xml2sexpr writes into xend 3's HVM image, under xm's
 * names and in libvirt's xen-xm order after the vif list (xenFormatPCI,
 * xenFormatCharDev, xenFormatSound; then the video and USB keys): pci,
 * parallel, serial (an HVM <console> alone is serial "pty", libvirt's
 * rule), soundhw, stdvga, usb/usbdevice (a USB <controller> alone: usb). */
VIRT__PRIVATE int virt__xm_put_extras(virt__buf *b, const virt_domain_def *def, int hvm, virt_status *st)
{
    virt__buf u;
    size_t i, n = 0;
    int rc = VIRT_OK, pass;
    const virt_device_def *d;
    char pci[32];
    for (i = 0; i < def->ndevices; i++) {
        if (def->devices[i].kind != VIRT_DEVICE_HOSTDEV || virt__xm_pci_string(&def->devices[i].u.hostdev, pci, sizeof pci) != 0)
            continue;
        virt__buf_printf(b, "%s\"%s\"", n++ ? ", " : "pci = [ ", pci);
    }
    if (n) virt__buf_puts(b, " ]\n");
    if (!hvm) return VIRT_OK;
    memset(&u, 0, sizeof u);
    for (pass = 0; pass < 2 && rc == VIRT_OK; pass++) {
        virt_device_kind kind = pass == 0 ? VIRT_DEVICE_PARALLEL : VIRT_DEVICE_SERIAL;
        if (!(d = virt__xend_first(def, kind))) {
            if (kind == VIRT_DEVICE_SERIAL && virt__xend_first(def, VIRT_DEVICE_CONSOLE)) virt__buf_puts(b, "serial = \"pty\"\n");
            continue;
        }
        u.len = 0;
        if ((rc = virt__xend_chardev_string(&d->u.console, &u, st)) == VIRT_OK)
            rc = virt__xm_put(b, pass == 0 ? "parallel" : "serial", u.data, st);
    }
    for (i = 0, u.len = 0; rc == VIRT_OK && i < def->ndevices; i++)
        if (def->devices[i].kind == VIRT_DEVICE_SOUND) virt__buf_printf(&u, "%s%s", u.len ? "," : "", def->devices[i].u.sound.model);
    if (rc == VIRT_OK && u.len) rc = virt__xm_put(b, "soundhw", u.data, st);
    if (u.failed && rc == VIRT_OK) rc = VIRT__XM_NOMEM(st);
    virt__buf_free(&u);
    if (rc != VIRT_OK) return rc;
    if ((d = virt__xend_first(def, VIRT_DEVICE_VIDEO)) && d->u.video.model && strcmp(d->u.video.model, "vga") == 0)
        virt__buf_puts(b, "stdvga = 1\n");
    for (i = 0; i < def->ndevices; i++) {
        d = &def->devices[i];
        if (d->kind == VIRT_DEVICE_INPUT && d->u.input.bus && strcmp(d->u.input.bus, "usb") == 0) {
            virt__buf_puts(b, "usb = 1\n");
            return virt__xm_put(b, "usbdevice", d->u.input.type, st);
        }
    }
    if ((d = virt__xend_first(def, VIRT_DEVICE_CONTROLLER)) != NULL)
        for (i = 0; i < def->ndevices; i++)
            if (def->devices[i].kind == VIRT_DEVICE_CONTROLLER && def->devices[i].u.controller.type &&
                strcmp(def->devices[i].u.controller.type, "usb") == 0) {
                virt__buf_puts(b, "usb = 1\n");
                break;
            }
    return VIRT_OK;
}

VIRT_API int virt_xm_config_format(const virt_domain_def *def, int config_format, char **out, virt_status *st)
{
    virt__buf b;
    int hvm, rc, variable;
    char uuid[VIRT_UUID_STRING_BUFLEN], hex[33];
    size_t i, n = 0;
    if (out) *out = NULL;
    if (!def || !out || !def->name) return virt__status_set(st, VIRT_E_INVAL, 0, "xm config: no definition or no <name>");
    if (config_format < 1 || config_format > 3)
        return virt__status_set(st, VIRT_E_INVAL, 0, "xm config: xend config format %d is not 1, 2 or 3", config_format);
    hvm = def->os.type && strcmp(def->os.type, "hvm") == 0;
    variable = def->clock_offset && strcmp(def->clock_offset, "variable") == 0;
    if ((rc = virt__xend_check_domain(def, hvm, config_format, st)) != VIRT_OK) return rc;
    if ((rc = virt__xm_check(def, hvm, config_format, st)) != VIRT_OK) return rc;
    memset(&b, 0, sizeof b);
    rc = virt__xm_put(&b, "name", def->name, st);
    if (def->has_uuid) {
        virt_uuid_format(def->uuid, uuid);
        for (i = 0; uuid[i]; i++)
            if (uuid[i] != '-') hex[n++] = uuid[i];
        hex[n] = '\0';
        virt__buf_printf(&b, "uuid = \"%s\"\n", hex);
    }
    if (rc == VIRT_OK) rc = virt__xm_put(&b, "description", def->description, st);
    virt__buf_printf(&b, "maxmem = %llu\nmemory = %llu\nvcpus = %u\n", def->memory_kib >> 10,
                     (def->current_memory_kib ? def->current_memory_kib : def->memory_kib) >> 10, def->vcpus ? def->vcpus : 1);
    if (def->vcpu_current && virt__xm_vcpus_online(def) < (def->vcpus ? def->vcpus : 1u))
        virt__buf_printf(&b, "vcpu_avail = %llu\n", (1ULL << virt__xm_vcpus_online(def)) - 1);
    if (rc == VIRT_OK) rc = virt__xm_put(&b, "cpus", def->vcpu_cpuset, st);
    if (rc == VIRT_OK) rc = hvm ? virt__xm_put_hvm(&b, def, config_format, st) : virt__xm_put_pv(&b, def, st);
    if (rc == VIRT_OK && (def->localtime || (variable && def->clock_basis && strcmp(def->clock_basis, "localtime") == 0)))
        virt__buf_puts(&b, "localtime = 1\n");
    if (rc == VIRT_OK && variable && def->clock_adjustment && strcmp(def->clock_adjustment, "0") != 0)
        virt__buf_printf(&b, "rtc_timeoffset = %s\n", def->clock_adjustment);
    if (rc == VIRT_OK) rc = virt__xm_put(&b, "on_poweroff", virt_lifecycle_to_string(def->on_poweroff), st);
    if (rc == VIRT_OK) rc = virt__xm_put(&b, "on_reboot", virt_lifecycle_to_string(def->on_reboot), st);
    if (rc == VIRT_OK) rc = virt__xm_put(&b, "on_crash", virt_lifecycle_to_string(def->on_crash), st);
    if (rc == VIRT_OK && hvm) rc = virt__xm_put(&b, "device_model", def->emulator, st);
    if (rc == VIRT_OK && !hvm && def->emulator) rc = virt__xm_refuse(st, "<emulator> on a paravirtual domain", def->emulator);
    if (rc == VIRT_OK)
        rc = !hvm && config_format >= 3 ? virt__xm_put_vfb(&b, virt__xm_first_graphics(def), st)
                                        : virt__xm_put_display(&b, virt__xm_first_graphics(def), st);
    if (rc == VIRT_OK) rc = virt__xm_put_lists(&b, def, hvm, config_format, st);
    if (rc == VIRT_OK) rc = virt__xm_put_extras(&b, def, hvm, st);
    if (rc == VIRT_OK && b.failed) rc = VIRT__XM_NOMEM(st);
    if (rc != VIRT_OK) { virt__buf_free(&b); return rc; }
    *out = virt__buf_steal(&b);
    return *out ? VIRT_OK : VIRT__XM_NOMEM(st);
}
VIRT__FOR_SIZE_END

#endif /* VIRT_IMPLEMENTATION */

/* >>xend driver glue: maps the libvirt API onto the protocol code. Compiled
 * only inside virt.h's implementation, which defines VIRT__DRIVER_GLUE and
 * the virt__driver contract before including this file again. */
#if defined(VIRT__DRIVER_GLUE) && !defined(VIRT_XEND_GLUE_INCLUDED)
#define VIRT_XEND_GLUE_INCLUDED
/* Every call here is an HTTP round trip to xend: compiled for size. */
VIRT__FOR_SIZE_BEGIN

/* >>xend driver */

/* See virt__xend_set_oracle. */
typedef struct virt__xend_oracle {
    void *ctx;
    int (*device_id)(void *ctx, virDomainPtr dom, int domid, const char *cls, const char *key, char *out,
                     size_t cap);
} virt__xend_oracle;

typedef struct virt__xend_priv {
    virt_http_endpoint ep;
    int config_format;            /* xend_config_format of GET /xend/node/ */
    virConnectPtr conn;
    /* the last ?detail=1 reply, answering lookups/info for cache_ms */
    virt_sxp_doc *snap;
    long long snap_at;
    int cache_ms;
    virt__xend_oracle oracle;     /* what xend's clients read elsewhere (virt__xend_set_oracle) */
} virt__xend_priv;

/* libvirt's xend driver found a device's id (to unplug or reconfigure it)
 * in xenstore, not in xend (virDomainXMLDevID): the owner of this backend
 * (the Xen router) wires the xenstore backend's lookup here. device_id:
 * 1 and the id in out, 0 when no device matches, -1 after raising an
 * error. Without it, no device can be detached. */
VIRT__PRIVATE void virt__xend_set_oracle(void *priv, const virt__xend_oracle *o)
{
    ((virt__xend_priv *)priv)->oracle = *o;
}

/* Caps the per-request timeout to what is left until deadline (at least
 * 1 ms), so that a call of several requests keeps one deadline; returns
 * the timeout to restore afterwards. */
VIRT__PRIVATE int virt__xend_cap_timeout(virt__xend_priv *p, long long deadline)
{
    int old = p->ep.timeout_ms;
    long long left = deadline - virt__now_ms();
    if (left < 1) left = 1;
    if (left < old) p->ep.timeout_ms = (int)left;
    return old;
}

VIRT__PRIVATE void virt__xend_snap_drop(virt__xend_priv *p)
{
    virt_sxp_doc_free(p->snap);
    p->snap = NULL;
}

/* The record of a domain in the fresh snapshot (by name, or by id when
 * name is NULL), or NULL. */
VIRT__PRIVATE const virt_sxp *virt__xend_snap_find(virt__xend_priv *p, const char *name, int id)
{
    const virt_sxp *c;
    long long v;
    if (!p->snap) return NULL;
    if (virt__now_ms() - p->snap_at >= p->cache_ms) { virt__xend_snap_drop(p); return NULL; }
    for (c = p->snap->root->child; c; c = c->next) {
        const char *n = virt_sxp_value(c, "domain/name");
        if (name ? (n && strcmp(n, name) == 0)
                 : (virt_sxp_value_ll(c, "domain/domid", &v) == 0 && v == id))
            return c;
    }
    return NULL;
}

/* Raises the libvirt error for a failed xend exchange: origin
 * VIR_FROM_XEND, xend's message inside st. */
VIRT__PRIVATE int virt__xend_fail(virConnectPtr conn, virDomainPtr dom, int post, const virt_status *st)
{
    int code;
    switch (st->code) {
    case VIRT_E_NOENT: code = VIR_ERR_NO_DOMAIN; break;
    case VIRT_E_NOMEM: code = VIR_ERR_NO_MEMORY; break;
    case VIRT_E_TIMEOUT: code = VIR_ERR_OPERATION_TIMEOUT; break;
    case VIRT_E_UNSUPPORTED: code = VIR_ERR_NO_SUPPORT; break;
    case VIRT_E_INVAL: code = VIR_ERR_INVALID_ARG; break;
    default: code = post ? VIR_ERR_POST_FAILED : VIR_ERR_GET_FAILED; break;
    }
    virt__error(conn, dom, VIR_FROM_XEND, code, "%s", st->message);
    return -1;
}

/* "/xend/domain/<name>" with the name URL-encoded (xend unquotes each path
 * segment, so a '/' or '?' in a name cannot change the path). The names
 * "." and ".." go as %2E and %2E%2E: raw, they are dot-segments, which a
 * server or proxy removes (RFC 3986 5.2.4), so "/xend/domain/.." would
 * name /xend (issue 15 item 9). */
VIRT__PRIVATE char *virt__xend_dom_path(const char *name, const char *query)
{
    int dots = strcmp(name, ".") == 0 ? 1 : strcmp(name, "..") == 0 ? 2 : 0;
    char *enc = dots ? virt__strdup(dots == 1 ? "%2E" : "%2E%2E") : virt_http_urlencode(name);
    char *p;
    size_t n;
    if (!enc) return NULL;
    n = strlen(enc) + 32 + (query ? strlen(query) : 0);
    p = (char *)VIRT_MALLOC(n);
    if (p) snprintf(p, n, "/xend/domain/%s%s", enc, query ? query : "");
    VIRT_FREE(enc);
    return p;
}

/* GET /xend/domain/<name>?detail=1: the record of one domain. */
VIRT__PRIVATE int virt__xend_get_record(virt__xend_priv *p, virConnectPtr conn, virDomainPtr dom, const char *name,
                                        virt_sxp_doc **doc)
{
    virt_status st;
    char *path = virt__xend_dom_path(name, "?detail=1");
    int rc;
    if (!conn) conn = p->conn;
    if (!path) { virt__error(conn, dom, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory"); return -1; }
    rc = virt_xend_get(&p->ep, path, doc, &st);
    VIRT_FREE(path);
    if (rc != VIRT_OK) return virt__xend_fail(conn, dom, 0, &st);
    if (!*doc) {
        virt__error(conn, dom, VIR_FROM_XEND, VIR_ERR_GET_FAILED, "xend: empty reply for domain '%s'", name);
        return -1;
    }
    return 0;
}

/* POST op (+ one optional argument) to /xend/domain/<name>. */
VIRT__PRIVATE int virt__xend_domain_op(virt__xend_priv *p, virDomainPtr dom, const char *name, const char *op,
                                       const char *key, const char *value)
{
    virt_status st;
    const char *pairs[4];
    char *path = virt__xend_dom_path(name, NULL);
    int rc;
    if (!path) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory");
        return -1;
    }
    pairs[0] = "op"; pairs[1] = op; pairs[2] = key; pairs[3] = value;
    virt__xend_snap_drop(p);
    rc = virt_xend_post(&p->ep, path, pairs, key ? 2 : 1, NULL, &st);
    VIRT_FREE(path);
    if (rc != VIRT_OK) return virt__xend_fail(p->conn, dom, 1, &st);
    return 0;
}

/* A positive integer query parameter (the URI's params, parsed once by the
 * core): *out set when it is one; 1 if the parameter is present. */
VIRT__PRIVATE int virt__xend_query_int(const virt__uri *uri, const char *key, int *out)
{
    const char *v = virt__uri_param(uri, key);
    long n;
    if (!v) return 0;
    n = strtol(v, NULL, 10);
    if (n > 0 && n < INT_MAX) *out = (int)n;
    return 1;
}

/* A string query parameter copied to out: 1, 0 when absent, -1 when it
 * does not fit in cap. */
VIRT__PRIVATE int virt__xend_query_str(const virt__uri *uri, const char *key, char *out, size_t cap)
{
    const char *v = virt__uri_param(uri, key);
    size_t n;
    if (!v) return 0;
    n = strlen(v);
    if (n >= cap) return -1;
    memcpy(out, v, n + 1);
    return 1;
}

/* GET /xend/node/: proves that xend answers and gives the config format. */
VIRT__PRIVATE int virt__xend_probe(virt__xend_priv *p, virt_xend_node *node, virt_status *st)
{
    virt_sxp_doc *doc = NULL;
    int rc = virt_xend_get(&p->ep, "/xend/node/", &doc, st);
    if (rc == VIRT_OK) rc = virt_xend_node_parse(doc ? doc->root : NULL, node, st);
    virt_sxp_doc_free(doc);
    if (rc == VIRT_OK) p->config_format = node->config_format;
    return rc;
}

VIRT__PRIVATE void virt__xend_apply_query(virt_http_endpoint *ep, const virt__uri *uri)
{
    (void)virt__xend_query_int(uri, "timeout_ms", &ep->timeout_ms);
    (void)virt__xend_query_int(uri, "connect_timeout_ms", &ep->connect_timeout_ms);
}

VIRT__PRIVATE int virt__xend_cache_ms(const virt__uri *uri)
{
    char v[16];
    if (virt__xend_query_str(uri, "cache_ms", v, sizeof v) > 0) return atoi(v) > 0 ? atoi(v) : 0;
    return VIRT_XEND_CACHE_MS;
}

/* Which xend a URI means (see the manual at the top). DECLINED for URIs of
 * other backends. */
VIRT__PRIVATE int virt__xend_open(virConnectPtr conn, const virt__uri *uri, int readonly, void **priv)
{
    virt__xend_priv *p;
    virt_status st, st2;
    virt_xend_node node;
    char sock[108];
    int rc, has_sock;
    (void)conn; (void)readonly;
    if (strcmp(uri->scheme, "xen") != 0 && strcmp(uri->scheme, "http") != 0 && uri->scheme[0] != '\0')
        return VIRT__DECLINED;
    if (strcmp(uri->scheme, "xen") == 0 && uri->server && uri->server[0] && strcmp(uri->server, "localhost") != 0)
        return VIRT__DECLINED;        /* a remote xen:// node is not reachable through a local xend */
    p = (virt__xend_priv *)VIRT_MALLOC(sizeof *p);
    if (!p) { virt__error(NULL, NULL, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory"); return -1; }
    memset(p, 0, sizeof *p);
    has_sock = virt__xend_query_str(uri, "socket", sock, sizeof sock);
    if (strcmp(uri->scheme, "http") == 0) {
        rc = virt_http_endpoint_tcp(&p->ep, uri->server ? uri->server : "", uri->port ? uri->port : 8000, &st);
    } else if (uri->scheme[0] == '\0' || has_sock > 0) {
        rc = virt_http_endpoint_unix(&p->ep, uri->scheme[0] ? sock : uri->path, &st);
    } else if (has_sock < 0) {
        rc = virt__status_set(&st, VIRT_E_INVAL, 0, "socket path in '%s' is too long", uri->query);
    } else {
        rc = virt_http_endpoint_unix(&p->ep, VIRT_XEND_SOCKET, &st);
    }
    virt__xend_apply_query(&p->ep, uri);
    if (rc == VIRT_OK) rc = virt__xend_probe(p, &node, &st);
    if (rc != VIRT_OK && strcmp(uri->scheme, "xen") == 0 && has_sock == 0) {
        /* libvirt's order (xenDaemonOpen): the unix socket, then TCP localhost:8000 */
        rc = virt_http_endpoint_tcp(&p->ep, "localhost", 8000, &st2);
        virt__xend_apply_query(&p->ep, uri);
        if (rc == VIRT_OK) rc = virt__xend_probe(p, &node, &st2);
        if (rc != VIRT_OK) {
            virt__error(NULL, NULL, VIR_FROM_XEND, VIR_ERR_NO_CONNECT, "xend is not reachable: %s; and %s",
                        st.message, st2.message);
            VIRT_FREE(p);
            return -1;
        }
    } else if (rc != VIRT_OK) {
        virt__error(NULL, NULL, VIR_FROM_XEND, rc == VIRT_E_INVAL ? VIR_ERR_INVALID_ARG : VIR_ERR_NO_CONNECT,
                    "%s", st.message);
        VIRT_FREE(p);
        return -1;
    }
    p->conn = conn;
    p->cache_ms = virt__xend_cache_ms(uri);
    *priv = p;
    return 0;
}

VIRT__PRIVATE void virt__xend_close(void *priv)
{
    virt__xend_snap_drop((virt__xend_priv *)priv);
    VIRT_FREE(priv);
}

VIRT__PRIVATE int virt__xend_node(virt__xend_priv *p, virt_xend_node *node)
{
    virt_status st;
    if (virt__xend_probe(p, node, &st) != VIRT_OK) return virt__xend_fail(p->conn, NULL, 0, &st);
    return 0;
}

VIRT__PRIVATE int virt__xend_get_version(void *priv, unsigned long *hv_ver)
{
    virt_xend_node node;
    if (virt__xend_node((virt__xend_priv *)priv, &node) < 0) return -1;
    *hv_ver = (unsigned long)node.xen_major * 1000000UL + (unsigned long)node.xen_minor * 1000UL +
              (node.xen_micro < 1000 ? node.xen_micro : 999);
    return 0;
}

VIRT__PRIVATE int virt__xend_get_hostname(void *priv, char **out)
{
    virt_xend_node node;
    if (virt__xend_node((virt__xend_priv *)priv, &node) < 0) return -1;
    if (!node.host[0]) return VIRT__DECLINED;
    *out = virt__strdup(node.host);
    if (!*out) {
        virt__error(((virt__xend_priv *)priv)->conn, NULL, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory");
        return -1;
    }
    return 0;
}

VIRT__PRIVATE int virt__xend_node_get_info(void *priv, virNodeInfoPtr info)
{
    virt_xend_node node;
    if (virt__xend_node((virt__xend_priv *)priv, &node) < 0) return -1;
    snprintf(info->model, sizeof info->model, "%s", node.machine);
    info->memory = (unsigned long)node.total_memory_kib;
    info->cpus = node.nr_cpus;
    info->mhz = node.cpu_mhz;
    info->nodes = node.nr_nodes;
    info->sockets = node.sockets_per_node;
    info->cores = node.cores_per_socket;
    info->threads = node.threads_per_core;
    return 0;
}

/* Calls fn for every domain record xend knows: one GET ?detail=1 (all
 * live domains in one request); xend >= 3.0.4 leaves paused and inactive
 * domains out of that list (SrvDomainDir.ls_domain -> XendDomain.list's
 * default state), so then also GET ?state=all and fetch the few missing
 * ones one by one. fn returns 1 to stop. */
typedef int (*virt__xend_dom_fn)(void *ctx, const virt_sxp *record, const virt_xend_domain *info);

VIRT__PRIVATE int virt__xend_seen(const virt_sxp *list, const char *name)
{
    const virt_sxp *c;
    for (c = list ? list->child : NULL; c; c = c->next) {
        const char *n = virt_sxp_value(c, "domain/name");
        if (n && strcmp(n, name) == 0) return 1;
    }
    return 0;
}

/* The one-by-one fetches are bounded (issue 15 item 4): at most
 * VIRT_MAX_DOMAINS of them, all within the call's deadline, also when
 * every name listed is answered 404 ("gone meanwhile"). */
VIRT__PRIVATE int virt__xend_each_extra(virt__xend_priv *p, const virt_sxp *listed, virt__xend_dom_fn fn, void *ctx,
                                        long long deadline)
{
    virt_sxp_doc *names = NULL, *rec;
    virt_status st;
    virt_xend_domain info;
    const virt_sxp *c;
    int stop = 0, fetched = 0, timeout_ms = p->ep.timeout_ms, rc = 0;
    if (virt_xend_get(&p->ep, "/xend/domain?state=all", &names, &st) != VIRT_OK)
        return virt__xend_fail(p->conn, NULL, 0, &st);
    for (c = names && names->root->is_list ? names->root->child : NULL; c; c = c->next)
        if (++fetched > VIRT_MAX_DOMAINS) {
            virt_sxp_doc_free(names);
            virt__error(p->conn, NULL, VIR_FROM_XEND, VIR_ERR_GET_FAILED,
                        "xend: GET /xend/domain?state=all: more than %d domains (VIRT_MAX_DOMAINS)",
                        VIRT_MAX_DOMAINS);
            return -1;
        }
    fetched = 0;
    for (c = names && names->root->is_list ? names->root->child : NULL; c && !stop; c = c->next) {
        if (c->is_list || virt__xend_seen(listed, c->atom)) continue;
        if (virt__now_ms() >= deadline) {
            virt__error(p->conn, NULL, VIR_FROM_XEND, VIR_ERR_OPERATION_TIMEOUT,
                        "xend: GET /xend/domain?state=all: %d domain records fetched one by one "
                        "and more to go after %d ms", fetched, timeout_ms);
            rc = -1;
            break;
        }
        fetched++;
        (void)virt__xend_cap_timeout(p, deadline);
        rc = virt__xend_get_record(p, NULL, NULL, c->atom, &rec);
        p->ep.timeout_ms = timeout_ms;
        if (rc < 0) {
            virErrorPtr e = virGetLastError();
            if (e && e->code == VIR_ERR_NO_DOMAIN) { rc = 0; continue; }    /* gone meanwhile */
            break;
        }
        if (virt_xend_domain_parse(rec->root, &info, &st) == VIRT_OK) stop = fn(ctx, rec->root, &info);
        virt_sxp_doc_free(rec);
    }
    virt_sxp_doc_free(names);
    return rc < 0 ? -1 : stop;
}

VIRT__PRIVATE int virt__xend_each_domain(virt__xend_priv *p, int with_hidden, virt__xend_dom_fn fn, void *ctx)
{
    virt_sxp_doc *doc = NULL;
    virt_status st;
    virt_xend_domain info;
    const virt_sxp *c;
    int stop = 0, n = 0;
    long long deadline = virt__now_ms() + p->ep.timeout_ms;   /* the whole call's */
    if (p->snap && virt__now_ms() - p->snap_at < p->cache_ms) {
        doc = p->snap;
        p->snap = NULL;
    } else {
        virt__xend_snap_drop(p);
        if (virt_xend_get(&p->ep, "/xend/domain?detail=1", &doc, &st) != VIRT_OK)
            return virt__xend_fail(p->conn, NULL, 0, &st);
        p->snap_at = virt__now_ms();
    }
    if (doc && !doc->root->is_list) {
        virt_sxp_doc_free(doc);
        virt__error(p->conn, NULL, VIR_FROM_XEND, VIR_ERR_GET_FAILED, "xend: GET /xend/domain?detail=1: not a list");
        return -1;
    }
    for (c = doc ? doc->root->child : NULL; c && !stop; c = c->next) {
        if (++n > VIRT_MAX_DOMAINS) {
            virt_sxp_doc_free(doc);
            virt__error(p->conn, NULL, VIR_FROM_XEND, VIR_ERR_GET_FAILED, "xend: more than %d domains",
                        VIRT_MAX_DOMAINS);
            return -1;
        }
        if (virt_xend_domain_parse(c, &info, &st) == VIRT_OK) stop = fn(ctx, c, &info);
    }
    if (!stop && with_hidden && p->config_format >= 3)
        stop = virt__xend_each_extra(p, doc ? doc->root : NULL, fn, ctx, deadline);
    if (doc && p->cache_ms > 0 && !p->snap) p->snap = doc;   /* keep it for the calls that follow */
    else virt_sxp_doc_free(doc);
    return stop < 0 ? -1 : 0;
}

typedef struct virt__xend_ids_ctx {
    int *ids;
    int max, n;
} virt__xend_ids_ctx;

VIRT__PRIVATE int virt__xend_collect_id(void *vctx, const virt_sxp *record, const virt_xend_domain *info)
{
    virt__xend_ids_ctx *ctx = (virt__xend_ids_ctx *)vctx;
    (void)record;
    if (info->id < 0) return 0;
    if (ctx->ids && ctx->n < ctx->max) ctx->ids[ctx->n] = info->id;
    if (ctx->ids && ctx->n >= ctx->max) return 1;
    ctx->n++;
    return ctx->ids && ctx->n >= ctx->max;
}

VIRT__PRIVATE int virt__xend_list_domains(void *priv, int *ids, int maxids)
{
    virt__xend_ids_ctx ctx;
    ctx.ids = ids;
    ctx.max = maxids;
    ctx.n = 0;
    if (maxids == 0) return 0;
    if (virt__xend_each_domain((virt__xend_priv *)priv, 1, virt__xend_collect_id, &ctx) < 0) return -1;
    return ctx.n;
}

VIRT__PRIVATE int virt__xend_num_of_domains(void *priv)
{
    virt__xend_ids_ctx ctx;
    ctx.ids = NULL;
    ctx.max = 0;
    ctx.n = 0;
    if (virt__xend_each_domain((virt__xend_priv *)priv, 1, virt__xend_collect_id, &ctx) < 0) return -1;
    return ctx.n;
}

/* Inactive managed domains exist from xend 3.0.4 (config format 3) on:
 * GET /xend/domain?state=halted lists their names. */
VIRT__PRIVATE int virt__xend_defined_names(virt__xend_priv *p, char **names, int maxnames)
{
    virt_sxp_doc *doc = NULL;
    virt_status st;
    const virt_sxp *c;
    int n = 0;
    if (p->config_format < 3) return 0;
    if (virt_xend_get(&p->ep, "/xend/domain?state=halted", &doc, &st) != VIRT_OK)
        return virt__xend_fail(p->conn, NULL, 0, &st);
    for (c = doc && doc->root->is_list ? doc->root->child : NULL; c; c = c->next) {
        if (c->is_list) continue;
        if (names) {
            if (n >= maxnames) break;
            if (!(names[n] = virt__strdup(c->atom))) {
                while (n > 0) VIRT_FREE(names[--n]);
                virt_sxp_doc_free(doc);
                virt__error(p->conn, NULL, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory");
                return -1;
            }
        }
        n++;
    }
    virt_sxp_doc_free(doc);
    return n;
}

VIRT__PRIVATE int virt__xend_list_defined_domains(void *priv, char **names, int maxnames)
{
    return virt__xend_defined_names((virt__xend_priv *)priv, names, maxnames);
}

VIRT__PRIVATE int virt__xend_num_of_defined_domains(void *priv)
{
    return virt__xend_defined_names((virt__xend_priv *)priv, NULL, 0);
}

/* The domain object for a record. */
VIRT__PRIVATE int virt__xend_domain_from(virConnectPtr conn, const virt_sxp *record, virDomainPtr *out)
{
    virt_xend_domain info;
    virt_status st;
    if (virt_xend_domain_parse(record, &info, &st) != VIRT_OK) return virt__xend_fail(conn, NULL, 0, &st);
    *out = virt__domain_get(conn, info.name, info.has_uuid ? info.uuid : NULL, info.id);
    return *out ? 0 : -1;
}

VIRT__PRIVATE int virt__xend_lookup_by_name(void *priv, virConnectPtr conn, const char *name, virDomainPtr *out)
{
    virt_sxp_doc *doc;
    const char *got;
    const virt_sxp *rec = virt__xend_snap_find((virt__xend_priv *)priv, name, 0);
    int rc;
    if (rec) return virt__xend_domain_from(conn, rec, out);
    if (virt__xend_get_record((virt__xend_priv *)priv, conn, NULL, name, &doc) < 0) return -1;
    /* xend falls back to a domid when no name matches: "3" may find domid 3 */
    got = virt_sxp_value(doc->root, "domain/name");
    if (!got || strcmp(got, name) != 0) {
        virt_sxp_doc_free(doc);
        virt__error(conn, NULL, VIR_FROM_XEND, VIR_ERR_NO_DOMAIN, "xend: no domain named '%s'", name);
        return -1;
    }
    rc = virt__xend_domain_from(conn, doc->root, out);
    virt_sxp_doc_free(doc);
    return rc;
}

typedef struct virt__xend_find_ctx {
    int id;
    const unsigned char *uuid;
    virConnectPtr conn;
    virDomainPtr found;
    int failed;
} virt__xend_find_ctx;

VIRT__PRIVATE int virt__xend_find_cb(void *vctx, const virt_sxp *record, const virt_xend_domain *info)
{
    virt__xend_find_ctx *ctx = (virt__xend_find_ctx *)vctx;
    if (ctx->uuid ? !(info->has_uuid && memcmp(info->uuid, ctx->uuid, 16) == 0) : info->id != ctx->id) return 0;
    if (virt__xend_domain_from(ctx->conn, record, &ctx->found) < 0) ctx->failed = 1;
    return 1;
}

VIRT__PRIVATE int virt__xend_find(virt__xend_priv *p, virConnectPtr conn, int id, const unsigned char *uuid,
                                  virDomainPtr *out)
{
    virt__xend_find_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.id = id;
    ctx.uuid = uuid;
    ctx.conn = conn;
    if (virt__xend_each_domain(p, 1, virt__xend_find_cb, &ctx) < 0 || ctx.failed) return -1;
    if (!ctx.found) {
        if (uuid) {
            char s[37];
            virt_uuid_format(uuid, s);
            virt__error(conn, NULL, VIR_FROM_XEND, VIR_ERR_NO_DOMAIN, "xend: no domain with UUID %s", s);
        } else virt__error(conn, NULL, VIR_FROM_XEND, VIR_ERR_NO_DOMAIN, "xend: no domain with id %d", id);
        return -1;
    }
    *out = ctx.found;
    return 0;
}

VIRT__PRIVATE int virt__xend_lookup_by_id(void *priv, virConnectPtr conn, int id, virDomainPtr *out)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    virt_sxp_doc *doc = NULL;
    virt_status st;
    virt_xend_domain info;
    char path[64];
    int rc;
    const virt_sxp *rec;
    if (id < 0) {
        virt__error(conn, NULL, VIR_FROM_XEND, VIR_ERR_INVALID_ARG, "xend: domain id %d is negative", id);
        return -1;
    }
    if ((rec = virt__xend_snap_find(p, NULL, id)) != NULL) return virt__xend_domain_from(conn, rec, out);
    /* xend looks a segment up as a name first, then as a domid (proto 2.5) */
    snprintf(path, sizeof path, "/xend/domain/%d?detail=1", id);
    rc = virt_xend_get(&p->ep, path, &doc, &st);
    if (rc == VIRT_E_NOENT) {
        virt__error(conn, NULL, VIR_FROM_XEND, VIR_ERR_NO_DOMAIN, "xend: no domain with id %d", id);
        return -1;
    }
    if (rc != VIRT_OK) return virt__xend_fail(conn, NULL, 0, &st);
    if (doc && virt_xend_domain_parse(doc->root, &info, &st) == VIRT_OK && info.id == id) {
        rc = virt__xend_domain_from(conn, doc->root, out);
        virt_sxp_doc_free(doc);
        return rc;
    }
    virt_sxp_doc_free(doc);
    return virt__xend_find(p, conn, id, NULL, out);    /* a domain is named "<id>" */
}

VIRT__PRIVATE int virt__xend_lookup_by_uuid(void *priv, virConnectPtr conn, const unsigned char *uuid,
                                             virDomainPtr *out)
{
    return virt__xend_find((virt__xend_priv *)priv, conn, -1, uuid, out);
}

VIRT__PRIVATE int virt__xend_destroy(void *priv, virDomainPtr dom)
{
    if (virt__xend_domain_op((virt__xend_priv *)priv, dom, virt__domain_name(dom), "destroy", NULL, NULL) < 0) return -1;
    virt__domain_set_id(dom, -1);
    return 0;
}

VIRT__PRIVATE int virt__xend_suspend(void *priv, virDomainPtr dom)
{
    return virt__xend_domain_op((virt__xend_priv *)priv, dom, virt__domain_name(dom), "pause", NULL, NULL);
}

VIRT__PRIVATE int virt__xend_resume(void *priv, virDomainPtr dom)
{
    return virt__xend_domain_op((virt__xend_priv *)priv, dom, virt__domain_name(dom), "unpause", NULL, NULL);
}

/* There is no reboot op: both go through op=shutdown with a reason
 * (SrvDomain.op_shutdown; libvirt >= 0.4 sends "poweroff"). */
VIRT__PRIVATE int virt__xend_shutdown(void *priv, virDomainPtr dom)
{
    return virt__xend_domain_op((virt__xend_priv *)priv, dom, virt__domain_name(dom), "shutdown", "reason", "poweroff");
}

VIRT__PRIVATE int virt__xend_reboot(void *priv, virDomainPtr dom, unsigned int flags)
{
    (void)flags;
    return virt__xend_domain_op((virt__xend_priv *)priv, dom, virt__domain_name(dom), "shutdown", "reason", "reboot");
}

VIRT__PRIVATE int virt__xend_save(void *priv, virDomainPtr dom, const char *abs_path)
{
    if (virt__xend_domain_op((virt__xend_priv *)priv, dom, virt__domain_name(dom), "save", "file", abs_path) < 0) return -1;
    virt__domain_set_id(dom, -1);
    return 0;
}

VIRT__PRIVATE int virt__xend_restore(void *priv, virConnectPtr conn, const char *abs_path)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    virt_status st;
    const char *pairs[4];
    pairs[0] = "op"; pairs[1] = "restore"; pairs[2] = "file"; pairs[3] = abs_path;
    virt__xend_snap_drop(p);
    if (virt_xend_post(&p->ep, "/xend/domain/", pairs, 2, NULL, &st) != VIRT_OK)
        return virt__xend_fail(conn, NULL, 1, &st);
    return 0;
}

/* The record of dom: from the fresh snapshot (then *doc is NULL) or
 * fetched. The caller frees *doc. */
VIRT__PRIVATE int virt__xend_with_record(void *priv, virDomainPtr dom, virt_sxp_doc **doc, virt_xend_domain *info)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    virt_status st;
    const virt_sxp *rec = virt__xend_snap_find(p, virt__domain_name(dom), 0);
    *doc = NULL;
    if (!rec) {
        if (virt__xend_get_record(p, dom->conn, dom, virt__domain_name(dom), doc) < 0) return -1;
        rec = (*doc)->root;
    }
    if (virt_xend_domain_parse(rec, info, &st) != VIRT_OK) {
        virt_sxp_doc_free(*doc);
        *doc = NULL;
        return virt__xend_fail(dom->conn, dom, 0, &st);
    }
    virt__domain_set_id(dom, info->id);
    return 0;
}

VIRT__PRIVATE int virt__xend_get_info(void *priv, virDomainPtr dom, virDomainInfoPtr out)
{
    virt_sxp_doc *doc;
    virt_xend_domain info;
    if (virt__xend_with_record(priv, dom, &doc, &info) < 0) return -1;
    out->state = (unsigned char)info.state;
    out->maxMem = (unsigned long)info.maxmem_kib;
    out->memory = (unsigned long)info.memory_kib;
    out->nrVirtCpu = (unsigned short)info.vcpus;
    out->cpuTime = info.cpu_time_ns;
    virt_sxp_doc_free(doc);
    return 0;
}

VIRT__PRIVATE int virt__xend_get_os_type(void *priv, virDomainPtr dom, char **out)
{
    virt_sxp_doc *doc;
    virt_xend_domain info;
    if (virt__xend_with_record(priv, dom, &doc, &info) < 0) return -1;
    virt_sxp_doc_free(doc);
    *out = virt__strdup(info.is_hvm ? "hvm" : "linux");
    if (!*out) { virt__error(dom->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory"); return -1; }
    return 0;
}

VIRT__PRIVATE int virt__xend_get_max_memory(void *priv, virDomainPtr dom, unsigned long *out)
{
    virt_sxp_doc *doc;
    virt_xend_domain info;
    if (virt__xend_with_record(priv, dom, &doc, &info) < 0) return -1;
    virt_sxp_doc_free(doc);
    *out = (unsigned long)info.maxmem_kib;
    return 0;
}

/* xend takes MiB for both (SrvDomain: maxmem_set memory=, mem_target_set target=) */
VIRT__PRIVATE int virt__xend_set_max_memory(void *priv, virDomainPtr dom, unsigned long kib)
{
    char v[32];
    snprintf(v, sizeof v, "%lu", kib >> 10);
    return virt__xend_domain_op((virt__xend_priv *)priv, dom, virt__domain_name(dom), "maxmem_set", "memory", v);
}

VIRT__PRIVATE int virt__xend_set_memory(void *priv, virDomainPtr dom, unsigned long kib)
{
    char v[32];
    snprintf(v, sizeof v, "%lu", kib >> 10);
    return virt__xend_domain_op((virt__xend_priv *)priv, dom, virt__domain_name(dom), "mem_target_set", "target", v);
}

VIRT__PRIVATE int virt__xend_set_vcpus(void *priv, virDomainPtr dom, unsigned int nvcpus)
{
    char v[32];
    snprintf(v, sizeof v, "%u", nvcpus);
    return virt__xend_domain_op((virt__xend_priv *)priv, dom, virt__domain_name(dom), "set_vcpus", "vcpus", v);
}

VIRT__PRIVATE int virt__xend_get_xml_desc(void *priv, virDomainPtr dom, unsigned int flags, char **out)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    virt_sxp_doc *doc;
    virt_domain_def *def;
    virt_status st;
    (void)flags;
    if (virt__xend_get_record(p, dom->conn, dom, virt__domain_name(dom), &doc) < 0) return -1;
    if (virt__xend_sxp_to_def(doc->root, p->config_format, &def, &st) != VIRT_OK) {
        virt_sxp_doc_free(doc);
        virt__error(dom->conn, dom, VIR_FROM_SEXPR, VIR_ERR_PARSE_FAILED, "%s", st.message);
        return -1;
    }
    virt_sxp_doc_free(doc);
    *out = virt_domain_def_format(def);
    virt_domain_def_free(def);
    if (!*out) { virt__error(dom->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory"); return -1; }
    return 0;
}

/* XML -> (vm ...) for this xend's config format; the domain name too. */
VIRT__PRIVATE int virt__xend_config(virt__xend_priv *p, virConnectPtr conn, const char *xml, char **sxp, char **name)
{
    virt_status st;
    int rc = virt_xend_xml_to_sxp(xml, p->config_format, sxp, name, &st);
    if (rc == VIRT_OK) return 0;
    virt__error(conn, NULL, VIR_FROM_XML, rc == VIRT_E_NOMEM ? VIR_ERR_NO_MEMORY : rc == VIRT_E_UNSUPPORTED ? VIR_ERR_CONFIG_UNSUPPORTED : VIR_ERR_XML_ERROR, "%s", st.message);
    return -1;
}

/* POST /xend/domain/ op=<op> config=<the XML as (vm ...)>; *name is the
 * domain's name (the caller frees it). 0, or -1 with the error raised. */
VIRT__PRIVATE int virt__xend_post_config(virt__xend_priv *p, virConnectPtr conn, const char *op,
                                         const char *xml, char **name)
{
    virt_status st;
    const char *pairs[4];
    char *sxp;
    int rc;
    if (virt__xend_config(p, conn, xml, &sxp, name) < 0) return -1;
    pairs[0] = "op"; pairs[1] = op; pairs[2] = "config"; pairs[3] = sxp;
    virt__xend_snap_drop(p);
    rc = virt_xend_post(&p->ep, "/xend/domain/", pairs, 2, NULL, &st);
    VIRT_FREE(sxp);
    if (rc != VIRT_OK) {
        VIRT_FREE(*name);
        return virt__xend_fail(conn, NULL, 1, &st);
    }
    return 0;
}

/* The domain object for the domain xend now knows as `name` (freed here). */
VIRT__PRIVATE int virt__xend_domain_named(virt__xend_priv *p, virConnectPtr conn, char *name,
                                          virDomainPtr *out)
{
    virt_sxp_doc *doc = NULL;
    int rc = virt__xend_get_record(p, conn, NULL, name, &doc);
    VIRT_FREE(name);
    if (rc < 0) return -1;
    rc = virt__xend_domain_from(conn, doc->root, out);
    virt_sxp_doc_free(doc);
    return rc;
}

/* op=create leaves the new domain paused (XendDomainInfo.create, proto
 * 4.2): wait for its devices, unpause it, and destroy it again if that
 * fails, as xm and libvirt (xenDaemonCreateLinux) do. The whole call has
 * one deadline, timeout_ms (issue 15 item 8): the steps up to the unpause
 * share its first three quarters, the destroy gets the rest, so a wait
 * that times out still leaves time to clean up. */
VIRT__PRIVATE int virt__xend_create_xml(void *priv, virConnectPtr conn, const char *xml, unsigned int flags,
                                        virDomainPtr *out)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    char *name = NULL;
    int timeout_ms = p->ep.timeout_ms, rc;
    long long deadline = virt__now_ms() + timeout_ms, steps_deadline = deadline - timeout_ms / 4;
    (void)flags;
    (void)virt__xend_cap_timeout(p, steps_deadline);
    rc = virt__xend_post_config(p, conn, "create", xml, &name);   /* on failure, no name */
    p->ep.timeout_ms = timeout_ms;
    if (rc < 0) return -1;
    (void)virt__xend_cap_timeout(p, steps_deadline);
    rc = virt__xend_domain_op(p, NULL, name, "wait_for_devices", NULL, NULL);
    if (rc == 0) {
        (void)virt__xend_cap_timeout(p, steps_deadline);
        rc = virt__xend_domain_op(p, NULL, name, "unpause", NULL, NULL);
    }
    if (rc < 0) {
        virErrorPtr e = virGetLastError();
        int code = e && e->code == VIR_ERR_OPERATION_TIMEOUT ? VIR_ERR_OPERATION_TIMEOUT : VIR_ERR_POST_FAILED;
        char why[512], cleanup[300];
        snprintf(why, sizeof why, "%s", e && e->message ? e->message : "unknown error");
        p->ep.timeout_ms = timeout_ms;
        (void)virt__xend_cap_timeout(p, deadline);
        if (virt__xend_domain_op(p, NULL, name, "destroy", NULL, NULL) == 0) {
            snprintf(cleanup, sizeof cleanup, "destroyed again");
        } else {
            e = virGetLastError();
            if (e && e->code == VIR_ERR_OPERATION_TIMEOUT) code = VIR_ERR_OPERATION_TIMEOUT;
            snprintf(cleanup, sizeof cleanup, "destroying it again failed too: %.240s",
                     e && e->message ? e->message : "unknown error");
        }
        p->ep.timeout_ms = timeout_ms;
        virt__error(conn, NULL, VIR_FROM_XEND, code,
                    "xend: domain '%s' was created paused but could not be started (%s): %s", name, cleanup, why);
        VIRT_FREE(name);
        return -1;
    }
    p->ep.timeout_ms = timeout_ms;
    (void)virt__xend_cap_timeout(p, deadline);
    rc = virt__xend_domain_named(p, conn, name, out);
    p->ep.timeout_ms = timeout_ms;
    return rc;
}

VIRT__PRIVATE int virt__xend_need_managed(virt__xend_priv *p, virConnectPtr conn, virDomainPtr dom)
{
    if (p->config_format >= 3) return 0;
    virt__error(conn, dom, VIR_FROM_XEND, VIR_ERR_NO_SUPPORT,
                "xend: defined (inactive) domains need xend >= 3.0.4; this one reports config format %d",
                p->config_format);
    return -1;
}

VIRT__PRIVATE int virt__xend_define_xml(void *priv, virConnectPtr conn, const char *xml, virDomainPtr *out)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    char *name = NULL;
    if (virt__xend_need_managed(p, conn, NULL) < 0 || virt__xend_post_config(p, conn, "new", xml, &name) < 0)
        return -1;
    return virt__xend_domain_named(p, conn, name, out);
}

VIRT__PRIVATE int virt__xend_undefine(void *priv, virDomainPtr dom)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    if (virt__xend_need_managed(p, dom->conn, dom) < 0) return -1;
    return virt__xend_domain_op(p, dom, virt__domain_name(dom), "delete", NULL, NULL);
}

VIRT__PRIVATE int virt__xend_start(void *priv, virDomainPtr dom)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    virt_sxp_doc *doc;
    virt_xend_domain info;
    if (virt__xend_need_managed(p, dom->conn, dom) < 0 ||
        virt__xend_domain_op(p, dom, virt__domain_name(dom), "start", NULL, NULL) < 0)
        return -1;
    if (virt__xend_with_record(priv, dom, &doc, &info) == 0) virt_sxp_doc_free(doc);
    return 0;
}

/* >>xend driver: vCPUs and autostart (issue 11), as libvirt's xend
 * driver asked xend 3.x (src/xen/xend_internal.c of libvirt 0.4 - 1.x):
 * GET ?op=vcpuinfo (XendDomainInfo.getVCPUInfo: one (vcpu (number)
 * (online) (blocked) (running) (cpu_time seconds) (cpu) (cpumap (0 1 ..)))
 * per vCPU), POST op=pincpu vcpu=N cpumap=[0,2], the record's vcpus and
 * vcpu_avail, and on_xend_start (xend >= 3.0.4) rewritten through op=new. */

/* GET /xend/domain/<name>?op=vcpuinfo; the caller frees *doc. */
VIRT__PRIVATE int virt__xend_vcpuinfo(virt__xend_priv *p, virDomainPtr dom, virt_sxp_doc **doc)
{
    virt_status st;
    char *path = virt__xend_dom_path(virt__domain_name(dom), "?op=vcpuinfo");
    int rc;
    *doc = NULL;
    if (!path) { virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory"); return -1; }
    rc = virt_xend_get(&p->ep, path, doc, &st);
    VIRT_FREE(path);
    if (rc != VIRT_OK) return virt__xend_fail(p->conn, dom, 0, &st);
    if (!*doc || !virt_sxp_lookup((*doc)->root, "domain")) {
        virt_sxp_doc_free(*doc);
        *doc = NULL;
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_GET_FAILED,
                    "xend: the vcpuinfo reply for domain '%s' is not a (domain ...) list", virt__domain_name(dom));
        return -1;
    }
    return 0;
}

/* The CPUs of a (cpumap (0 1 ...)) into map (len bytes, cleared first);
 * numbers past the map are left out, as libvirt's xend driver did. */
VIRT__PRIVATE void virt__xend_cpumap(const virt_sxp *vcpu, unsigned char *map, size_t len)
{
    const virt_sxp *l = virt_sxp_lookup(vcpu, "vcpu/cpumap"), *c;
    memset(map, 0, len);
    if (!l || !l->child->next) return;
    c = l->child->next->is_list ? l->child->next->child : l->child->next;
    for (; c; c = c->next) {
        char *end;
        long cpu;
        if (c->is_list || !c->atom) continue;
        cpu = strtol(c->atom, &end, 10);
        if (*end || cpu < 0 || (size_t)cpu >= len * 8) continue;
        VIR_USE_CPU(map, cpu);
    }
}

VIRT__PRIVATE long long virt__xend_ll(const virt_sxp *v, const char *path)
{
    long long n = 0;
    return virt_sxp_value_ll(v, path, &n) == 0 ? n : 0;
}

/* Each (vcpu ...) of a vcpuinfo reply in order; at most max. */
VIRT__PRIVATE int virt__xend_vcpus_of(const virt_sxp *root, const virt_sxp **out, int max)
{
    const virt_sxp *c;
    int n = 0;
    for (c = root->child->next; c && n < max; c = c->next) {
        const char *h = virt_sxp_head(c);
        if (h && strcmp(h, "vcpu") == 0) out[n++] = c;
    }
    return n;
}

#define VIRT__XEND_MAX_VCPUS 128        /* vCPUs per domain in Xen 3.x (MAX_VIRT_CPUS 32; HVM 128) */

VIRT__PRIVATE int virt__xend_get_vcpus(void *priv, virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                                       unsigned char *cpumaps, int maplen)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    const virt_sxp *v[VIRT__XEND_MAX_VCPUS];
    virt_sxp_doc *doc;
    int i, n;
    if (virt__domain_id(dom) < 0) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: domain '%s' is not running", virt__domain_name(dom));
        return -1;
    }
    if (virt__xend_vcpuinfo(p, dom, &doc) < 0) return -1;
    n = virt__xend_vcpus_of(doc->root, v, maxinfo < VIRT__XEND_MAX_VCPUS ? maxinfo : VIRT__XEND_MAX_VCPUS);
    for (i = 0; i < n; i++) {
        double secs = 0;
        info[i].number = (unsigned int)virt__xend_ll(v[i], "vcpu/number");
        info[i].state = VIR_VCPU_OFFLINE;
        if (virt__xend_ll(v[i], "vcpu/online")) info[i].state = VIR_VCPU_RUNNING;
        if (virt__xend_ll(v[i], "vcpu/blocked")) info[i].state = VIR_VCPU_BLOCKED;
        (void)virt_sxp_value_double(v[i], "vcpu/cpu_time", &secs);
        info[i].cpuTime = secs > 0 ? (unsigned long long)(secs * 1e9) : 0;
        info[i].cpu = (int)virt__xend_ll(v[i], "vcpu/cpu");
        if (cpumaps) virt__xend_cpumap(v[i], VIR_GET_CPUMAP(cpumaps, maplen, i), (size_t)maplen);
    }
    virt_sxp_doc_free(doc);
    return n;
}

VIRT__PRIVATE int virt__xend_get_vcpu_pin_info(void *priv, virDomainPtr dom, int ncpumaps, unsigned char *cpumaps,
                                               int maplen, unsigned int flags)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    const virt_sxp *v[VIRT__XEND_MAX_VCPUS];
    virt_sxp_doc *doc;
    int i, n;
    if (flags & ~(unsigned int)(VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INVALID_ARG,
                    "unsupported flags (0x%x) in function xenDaemonDomainGetVcpuPinInfo", flags);
        return -1;
    }
    if (flags & VIR_DOMAIN_AFFECT_CONFIG) return VIRT__DECLINED;   /* xend keeps no pinning in its config */
    if (virt__domain_id(dom) < 0) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: domain '%s' is not running", virt__domain_name(dom));
        return -1;
    }
    if (virt__xend_vcpuinfo(p, dom, &doc) < 0) return -1;
    n = virt__xend_vcpus_of(doc->root, v, ncpumaps < VIRT__XEND_MAX_VCPUS ? ncpumaps : VIRT__XEND_MAX_VCPUS);
    memset(cpumaps, 0, (size_t)ncpumaps * (size_t)maplen);
    for (i = 0; i < n; i++) virt__xend_cpumap(v[i], VIR_GET_CPUMAP(cpumaps, maplen, i), (size_t)maplen);
    virt_sxp_doc_free(doc);
    return n;
}

/* cpumap=[0,2,5]: the CPUs of the map, as libvirt wrote it. */
VIRT__PRIVATE char *virt__xend_cpulist(const unsigned char *map, int maplen)
{
    virt__buf b;
    int cpu, first = 1;
    memset(&b, 0, sizeof b);
    virt__buf_printf(&b, "[");
    for (cpu = 0; cpu < maplen * 8; cpu++) {
        if (!VIR_CPU_USABLE(map, maplen, 0, cpu)) continue;
        virt__buf_printf(&b, "%s%d", first ? "" : ",", cpu);
        first = 0;
    }
    virt__buf_printf(&b, "]");
    return virt__buf_steal(&b);
}

VIRT__PRIVATE int virt__xend_pin_vcpu(void *priv, virDomainPtr dom, unsigned int vcpu, const unsigned char *cpumap,
                                      int maplen, unsigned int flags)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    virt_status st;
    const char *pairs[6];
    char n[16], *list, *path;
    int rc;
    if (flags & ~(unsigned int)(VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INVALID_ARG,
                    "unsupported flags (0x%x) in function xenDaemonDomainPinVcpu", flags);
        return -1;
    }
    if (flags & VIR_DOMAIN_AFFECT_CONFIG) return VIRT__DECLINED;
    snprintf(n, sizeof n, "%u", vcpu);
    path = virt__xend_dom_path(virt__domain_name(dom), NULL);
    list = virt__xend_cpulist(cpumap, maplen);
    if (!path || !list) {
        VIRT_FREE(path);
        VIRT_FREE(list);
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory");
        return -1;
    }
    pairs[0] = "op"; pairs[1] = "pincpu"; pairs[2] = "vcpu"; pairs[3] = n; pairs[4] = "cpumap"; pairs[5] = list;
    virt__xend_snap_drop(p);
    rc = virt_xend_post(&p->ep, path, pairs, 3, NULL, &st);
    VIRT_FREE(path);
    VIRT_FREE(list);
    return rc == VIRT_OK ? 0 : virt__xend_fail(p->conn, dom, 1, &st);
}

/* The record's vcpus (the maximum) and the bits of vcpu_avail (online),
 * libvirt's xenDaemonDomainGetVcpusFlags. */
VIRT__PRIVATE int virt__xend_get_vcpus_flags(void *priv, virDomainPtr dom, unsigned int flags)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    unsigned int known = VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG | VIR_DOMAIN_VCPU_MAXIMUM;
    virt_sxp_doc *doc;
    long long max = 0, avail = 0;
    int online = 0;
    if (flags & ~known) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INVALID_ARG,
                    "unsupported flags (0x%x) in function xenDaemonDomainGetVcpusFlags", flags & ~known);
        return -1;
    }
    if (virt__xend_get_record(p, dom->conn, dom, virt__domain_name(dom), &doc) < 0) return -1;
    if ((flags & VIR_DOMAIN_AFFECT_LIVE) && virt_sxp_value(doc->root, "domain/domid") == NULL) {
        virt_sxp_doc_free(doc);
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: domain '%s' is not running", virt__domain_name(dom));
        return -1;
    }
    (void)virt_sxp_value_ll(doc->root, "domain/vcpus", &max);
    if (virt_sxp_value_ll(doc->root, "domain/vcpu_avail", &avail) == 0)
        for (; avail > 0; avail >>= 1) online += (int)(avail & 1);
    virt_sxp_doc_free(doc);
    if (max <= 0 || max > INT_MAX) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INTERNAL_ERROR,
                    "internal error: xend reports no vcpus for domain '%s'", virt__domain_name(dom));
        return -1;
    }
    if (flags & VIR_DOMAIN_VCPU_MAXIMUM) return (int)max;
    return online && online <= max ? online : (int)max;
}

/* on_xend_start: "start" is autostart (xend >= 3.0.4 records it). */
VIRT__PRIVATE int virt__xend_get_autostart(void *priv, virDomainPtr dom, int *autostart)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    virt_sxp_doc *doc;
    const char *v;
    if (p->config_format < 3) return VIRT__DECLINED;
    if (virt__xend_get_record(p, dom->conn, dom, virt__domain_name(dom), &doc) < 0) return -1;
    v = virt_sxp_value(doc->root, "domain/on_xend_start");
    *autostart = v && strcmp(v, "start") == 0;
    virt_sxp_doc_free(doc);
    return 0;
}

/* The record with on_xend_start set, as a config for op=new (libvirt
 * changed the value in place and redefined the domain with it). */
VIRT__PRIVATE char *virt__xend_with_autostart(const virt_sxp *root, int autostart)
{
    const virt_sxp *c;
    virt__buf b;
    memset(&b, 0, sizeof b);
    virt__buf_printf(&b, "(domain");
    for (c = root->child->next; c; c = c->next) {
        const char *h = virt_sxp_head(c);
        char *one;
        if (h && strcmp(h, "on_xend_start") == 0) {
            virt__buf_printf(&b, " (on_xend_start %s)", autostart ? "start" : "ignore");
            continue;
        }
        if (!(one = virt_sxp_format(c))) { b.failed = 1; break; }
        virt__buf_printf(&b, " %s", one);
        VIRT_FREE(one);
    }
    virt__buf_printf(&b, ")");
    return virt__buf_steal(&b);
}

VIRT__PRIVATE int virt__xend_set_autostart(void *priv, virDomainPtr dom, int autostart)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    virt_sxp_doc *doc;
    virt_status st;
    const char *v, *pairs[4];
    char *cfg;
    int rc;
    if (p->config_format < 3) return VIRT__DECLINED;
    if (virt__xend_get_record(p, dom->conn, dom, virt__domain_name(dom), &doc) < 0) return -1;
    v = virt_sxp_value(doc->root, "domain/on_xend_start");
    if (!v || (strcmp(v, "ignore") != 0 && strcmp(v, "start") != 0)) {
        if (v) virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INTERNAL_ERROR,
                           "internal error: unexpected value from on_xend_start: '%s'", v);
        else virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INTERNAL_ERROR,
                         "internal error: on_xend_start not present in sexpr");
        virt_sxp_doc_free(doc);   /* v points into it */
        return -1;
    }
    cfg = virt__xend_with_autostart(doc->root, autostart);
    virt_sxp_doc_free(doc);
    if (!cfg) { virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory"); return -1; }
    pairs[0] = "op"; pairs[1] = "new"; pairs[2] = "config"; pairs[3] = cfg;
    virt__xend_snap_drop(p);
    rc = virt_xend_post(&p->ep, "/xend/domain/", pairs, 2, NULL, &st);
    VIRT_FREE(cfg);
    if (rc != VIRT_OK) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_XEN_CALL, "Failed to redefine sexpr: %s", st.message);
        return -1;
    }
    return 0;
}

/* virDomainCoreDump: POST op=dump file= live= crash= (xend >= 3.0.4,
 * SrvDomain.op_dump; earlier xend answers 501), libvirt's
 * xenDaemonDomainCoreDump. With VIR_DUMP_CRASH xend destroys the domain
 * after the dump. xend writes raw ELF cores only. */
VIRT__PRIVATE int virt__xend_core_dump(void *priv, virDomainPtr dom, const char *path, unsigned int format,
                                       unsigned int flags)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    unsigned int known = VIR_DUMP_LIVE | VIR_DUMP_CRASH;
    virt_status st;
    const char *pairs[8];
    char *where;
    int rc;
    if (flags & ~known) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INVALID_ARG,
                    "unsupported flags (0x%x) in function xenDaemonDomainCoreDump", flags & ~known);
        return -1;
    }
    if (format != VIR_DOMAIN_CORE_DUMP_FORMAT_RAW) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_OPERATION_UNSUPPORTED,
                    "Operation not supported: xend writes raw core dumps only (format %u)", format);
        return -1;
    }
    if (!(where = virt__xend_dom_path(virt__domain_name(dom), NULL))) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory");
        return -1;
    }
    pairs[0] = "op"; pairs[1] = "dump"; pairs[2] = "file"; pairs[3] = path;
    pairs[4] = "live"; pairs[5] = (flags & VIR_DUMP_LIVE) ? "1" : "0";
    pairs[6] = "crash"; pairs[7] = (flags & VIR_DUMP_CRASH) ? "1" : "0";
    virt__xend_snap_drop(p);
    rc = virt_xend_post(&p->ep, where, pairs, 4, NULL, &st);
    VIRT_FREE(where);
    if (rc != VIRT_OK) return virt__xend_fail(p->conn, dom, 1, &st);
    if (flags & VIR_DUMP_CRASH) virt__domain_set_id(dom, -1);
    return 0;
}

/* >>xend driver: hot-plug (virDomainAttachDevice(Flags),
 * DetachDevice(Flags)), as libvirt's xend driver did it
 * (xenDaemonAttachDeviceFlags / DetachDeviceFlags, libvirt 0.1.9 - 1.x):
 * the device as SXP (above), its id from xenstore (the oracle), then
 * POST op=device_create config=, op=device_configure config= dev= (a
 * CD-ROM that already exists: change its medium) or op=device_destroy
 * type= dev= force=0 rm_cfg=1 (xend ignores form fields it does not
 * declare, SrvDomain's FormFn; 3.0.x has no force/rm_cfg). */

/* The flag rules of libvirt's xend driver. xend >= 3.0.4 (config format
 * 3) changes a running domain's live and persistent config together:
 * virDomainAttachDevice passed LIVE|CONFIG there (xenUnifiedDomainAttach-
 * Device); virt's API passes LIVE for it, which is taken as the same. */
VIRT__PRIVATE int virt__xend_device_flags(virt__xend_priv *p, virDomainPtr dom, unsigned int flags, int active,
                                          const char *fn)
{
    unsigned int both = VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG;
    const char *why = NULL;
    if (flags & ~both) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function %s",
                    flags & ~both, fn);
        return -1;
    }
    if (!active) {
        if (flags & VIR_DOMAIN_AFFECT_LIVE) why = "Cannot modify live config if domain is inactive";
        else if (p->config_format < 3) why = "Xend version does not support modifying persistent config";
    } else if (p->config_format < 3) {
        if (flags & VIR_DOMAIN_AFFECT_CONFIG) why = "Xend version does not support modifying persistent config";
    } else if (flags != both && flags != VIR_DOMAIN_AFFECT_LIVE) {
        why = "Xend only supports modifying both live and persistent config";
    }
    if (!why) return 0;
    virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: %s", why);
    return -1;
}

/* The parsed device and the domain's record: *def holds the one device;
 * *active and *hvm describe the domain. */
VIRT__PRIVATE int virt__xend_device_prepare(virt__xend_priv *p, virDomainPtr dom, const char *xml, unsigned int flags,
                                            const char *fn, virt_domain_def **def, int *active, int *hvm)
{
    virt_sxp_doc *doc;
    virt_xend_domain info;
    virt_status st;
    int rc;
    *def = NULL;
    if (virt__xend_with_record(p, dom, &doc, &info) < 0) return -1;
    virt_sxp_doc_free(doc);
    *active = info.id >= 0;
    *hvm = info.is_hvm;
    if (virt__xend_device_flags(p, dom, flags, *active, fn) < 0) return -1;
    rc = virt__xend_device_parse(xml, *hvm, def, &st);
    if (rc == VIRT_OK) return 0;
    virt__error(p->conn, dom, VIR_FROM_XML,
                rc == VIRT_E_NOMEM ? VIR_ERR_NO_MEMORY
                : rc == VIRT_E_UNSUPPORTED ? VIR_ERR_CONFIG_UNSUPPORTED : VIR_ERR_XML_ERROR, "%s", st.message);
    return -1;
}

/* The class and lookup key of a device, as virDomainXMLDevID chose them:
 * disks by target (class tap for blktap, else vbd), interfaces by MAC.
 * *key NULL: the device names nothing to look for. */
VIRT__PRIVATE const char *virt__xend_device_key(const virt_device_def *d, const char **key)
{
    if (d->kind == VIRT_DEVICE_DISK) {
        const char *t = d->u.disk.target;
        if (t && strncmp(t, "ioemu:", 6) == 0) t += 6;
        *key = t;
        return d->u.disk.driver_name && strncmp(d->u.disk.driver_name, "tap", 3) == 0 ? "tap" : "vbd";
    }
    *key = d->u.net.mac;
    return "vif";
}

/* The device's id from the store: 1 found, 0 not, -1 error raised. */
VIRT__PRIVATE int virt__xend_device_lookup(virt__xend_priv *p, virDomainPtr dom, const char *cls, const char *key,
                                           char *ref, size_t cap)
{
    int id = virt__domain_id(dom);
    if (!p->oracle.device_id || !key || id < 0) return 0;
    return p->oracle.device_id(p->oracle.ctx, dom, id, strcmp(cls, "vif") == 0 ? "vif" : "vbd", key, ref, cap);
}

/* Refuses device kinds xend 3 cannot hot-plug, by element: libvirt's
 * VIR_ERR_OPERATION_INVALID ("unsupported device type"), and a PCI
 * <hostdev> as a configuration xend 3.0 cannot honour. */
VIRT__PRIVATE int virt__xend_device_kind_ok(virt__xend_priv *p, virDomainPtr dom, const virt_device_def *d)
{
    if (d->kind == VIRT_DEVICE_DISK || d->kind == VIRT_DEVICE_INTERFACE) return 1;
    if (d->kind == VIRT_DEVICE_HOSTDEV)
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_CONFIG_UNSUPPORTED,
                    "unsupported configuration: xend 3 cannot hot-plug <hostdev> (PCI hot-plug came with Xen 3.3)");
    else
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: unsupported device type %s (xend hot-plugs <disk> and <interface>)",
                    virt__xend_kind_element(d->kind));
    return 0;
}

VIRT__PRIVATE int virt__xend_attach_device(void *priv, virDomainPtr dom, const char *xml, unsigned int flags)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    virt_domain_def *def;
    const virt_device_def *d;
    const char *cls, *key, *pairs[6];
    char ref[64], *sxp = NULL, *where;
    virt_status st;
    int active, hvm, rc, found;
    if (virt__xend_device_prepare(p, dom, xml, flags, "xenDaemonAttachDeviceFlags", &def, &active, &hvm) < 0)
        return -1;
    d = &def->devices[0];
    if (!virt__xend_device_kind_ok(p, dom, d)) { virt_domain_def_free(def); return -1; }
    rc = virt__xend_device_sxp(def, hvm, p->config_format, &sxp, &st);
    if (rc != VIRT_OK) {
        virt__error(p->conn, dom, VIR_FROM_XEND,
                    rc == VIRT_E_NOMEM ? VIR_ERR_NO_MEMORY
                    : rc == VIRT_E_UNSUPPORTED ? VIR_ERR_CONFIG_UNSUPPORTED : VIR_ERR_INVALID_ARG, "%s", st.message);
        virt_domain_def_free(def);
        return -1;
    }
    cls = virt__xend_device_key(d, &key);
    found = virt__xend_device_lookup(p, dom, cls, key, ref, sizeof ref);
    if (found > 0 && !(d->kind == VIRT_DEVICE_DISK && d->u.disk.device == VIRT_DISK_DEVICE_CDROM)) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: target '%s' already exists", key);
        found = -1;
    }
    virt_domain_def_free(def);
    if (found < 0 || !(where = virt__xend_dom_path(virt__domain_name(dom), NULL))) {
        if (found >= 0) virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory");
        VIRT_FREE(sxp);
        return -1;
    }
    pairs[0] = "op"; pairs[1] = found ? "device_configure" : "device_create";
    pairs[2] = "config"; pairs[3] = sxp;
    pairs[4] = "dev"; pairs[5] = ref;
    virt__xend_snap_drop(p);
    rc = virt_xend_post(&p->ep, where, pairs, found ? 3 : 2, NULL, &st);
    VIRT_FREE(where);
    VIRT_FREE(sxp);
    return rc == VIRT_OK ? 0 : virt__xend_fail(p->conn, dom, 1, &st);
}

VIRT__PRIVATE int virt__xend_detach_device(void *priv, virDomainPtr dom, const char *xml, unsigned int flags)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    virt_domain_def *def;
    const virt_device_def *d;
    const char *cls, *key, *pairs[10];
    char ref[64], *where;
    virt_status st;
    int active, hvm, rc, found;
    if (virt__xend_device_prepare(p, dom, xml, flags, "xenDaemonDetachDeviceFlags", &def, &active, &hvm) < 0)
        return -1;
    d = &def->devices[0];
    if (!virt__xend_device_kind_ok(p, dom, d)) { virt_domain_def_free(def); return -1; }
    cls = virt__xend_device_key(d, &key);
    if (!key) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_OPERATION_FAILED,
                    "operation failed: %s", d->kind == VIRT_DEVICE_DISK ? "the <disk> has no <target dev=''> to find it by"
                                                                      : "the <interface> has no <mac address=''> to find it by");
        virt_domain_def_free(def);
        return -1;
    }
    found = virt__xend_device_lookup(p, dom, cls, key, ref, sizeof ref);
    if (found == 0) {
        const char *what = d->kind == VIRT_DEVICE_DISK ? "disk" : "interface";
        if (!active)
            virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_OPERATION_INVALID,
                        "Requested operation is not valid: the device ids of domain '%s' are in xenstore only while it runs (%s %s)",
                        virt__domain_name(dom), what, key);
        else if (!p->oracle.device_id)
            virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_OPERATION_FAILED,
                        "operation failed: no xenstore to find the device id of %s %s in", what, key);
        else
            virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_OPERATION_FAILED, "operation failed: %s %s not found",
                        what, key);
    }
    virt_domain_def_free(def);
    if (found <= 0) return -1;
    if (!(where = virt__xend_dom_path(virt__domain_name(dom), NULL))) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory");
        return -1;
    }
    pairs[0] = "op"; pairs[1] = "device_destroy";
    pairs[2] = "type"; pairs[3] = cls;
    pairs[4] = "dev"; pairs[5] = ref;
    pairs[6] = "force"; pairs[7] = "0";
    pairs[8] = "rm_cfg"; pairs[9] = "1";
    virt__xend_snap_drop(p);
    rc = virt_xend_post(&p->ep, where, pairs, 5, NULL, &st);
    VIRT_FREE(where);
    return rc == VIRT_OK ? 0 : virt__xend_fail(p->conn, dom, 1, &st);
}

/* >>xend driver: migration (virDomainMigrate*, direct), as libvirt's
 * xend driver did it (xenDaemonDomainMigratePerform, libvirt 0.3.2 -
 * 1.x): no rename, no bandwidth limit (xend takes `resource` and ignores
 * it), LIVE, UNDEFINE_SOURCE (undefined after a migration that worked)
 * and PERSIST_DEST (the destination's part) accepted, PAUSED refused
 * (xend cannot migrate paused domains), any other flag refused. The URI:
 * xenmigr://host[:port][/], "host:port" or "host". Then POST op=migrate
 * destination= live= port= (0: xend's relocation port) and the fields
 * later xends read (node=-1 ssl=0 change_home_server=0 resource=0);
 * xend ignores form fields it does not declare. */
/* The scheme is "xenmigr", in any case (libvirt compared it so). */
VIRT__PRIVATE int virt__xend_is_xenmigr(const char *uri)
{
    static const char want[] = "xenmigr";
    size_t i;
    for (i = 0; i < 7; i++)
        if (tolower((unsigned char)uri[i]) != want[i]) return 0;
    return 1;
}

VIRT__PRIVATE int virt__xend_migrate_perform(void *priv, virDomainPtr dom, const char *uri, unsigned long flags,
                                             const char *dname, unsigned long bandwidth)
{
    virt__xend_priv *p = (virt__xend_priv *)priv;
    char host[256], port[16] = "0", *where;
    const char *live = "0", *pairs[16], *colon;
    int undefine = 0, rc;
    virt_status st;
    if (dname) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_SUPPORT, "%s",
                    "this function is not supported by the connection driver: xenDaemonDomainMigrate: "
                    "Xen does not support renaming domains during migration");
        return -1;
    }
    if (bandwidth) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_SUPPORT, "%s",
                    "this function is not supported by the connection driver: xenDaemonDomainMigrate: "
                    "Xen does not support bandwidth limits during migration");
        return -1;
    }
    if (flags & VIR_MIGRATE_LIVE) { live = "1"; flags &= ~(unsigned long)VIR_MIGRATE_LIVE; }
    if (flags & VIR_MIGRATE_UNDEFINE_SOURCE) { undefine = 1; flags &= ~(unsigned long)VIR_MIGRATE_UNDEFINE_SOURCE; }
    flags &= ~(unsigned long)VIR_MIGRATE_PERSIST_DEST;
    if (flags & VIR_MIGRATE_PAUSED) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_SUPPORT, "%s",
                    "this function is not supported by the connection driver: xenDaemonDomainMigrate: "
                    "xend cannot migrate paused domains");
        return -1;
    }
    if (flags) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_SUPPORT,
                    "this function is not supported by the connection driver: xenDaemonDomainMigrate: "
                    "unsupported flag (0x%lx)", flags);
        return -1;
    }
    if (strstr(uri, "//")) {
        const char *h, *e;
        size_t n;
        long pn = 0;
        if (strncmp(uri, "//", 2) != 0) {
            const char *sep = strstr(uri, "://");
            if (!sep || (size_t)(sep - uri) != 7 || !virt__xend_is_xenmigr(uri)) {
                virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INVALID_ARG,
                            "invalid argument: xenDaemonDomainMigrate: only xenmigr:// migrations are supported by Xen (not '%.200s')",
                            uri);
                return -1;
            }
            h = sep + 3;
        } else {
            h = uri + 2;
        }
        e = h + strcspn(h, ":/?#");
        n = (size_t)(e - h);
        if (n == 0 || n >= sizeof host) {
            virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INVALID_ARG,
                        "invalid argument: xenDaemonDomainMigrate: a hostname must be specified in the URI '%.200s'", uri);
            return -1;
        }
        memcpy(host, h, n);
        host[n] = '\0';
        if (*e == ':') {
            char *end;
            pn = strtol(e + 1, &end, 10);
            if (end == e + 1 || (*end && *end != '/') || pn < 0 || pn > 65535) {
                virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INVALID_ARG,
                            "invalid argument: xenDaemonDomainMigrate: invalid port number in '%.200s'", uri);
                return -1;
            }
            snprintf(port, sizeof port, "%ld", pn);
        }
    } else if ((colon = strrchr(uri, ':')) != NULL) {
        char *end;
        long pn = strtol(colon + 1, &end, 10);
        if (end == colon + 1 || *end || pn < INT_MIN || pn > INT_MAX) {
            virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INVALID_ARG,
                        "invalid argument: xenDaemonDomainMigrate: invalid port number in '%.200s'", uri);
            return -1;
        }
        snprintf(port, sizeof port, "%ld", pn);
        if ((size_t)(colon - uri) >= sizeof host || colon == uri) {
            virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INVALID_ARG,
                        "invalid argument: xenDaemonDomainMigrate: a hostname must be specified in '%.200s'", uri);
            return -1;
        }
        memcpy(host, uri, (size_t)(colon - uri));
        host[colon - uri] = '\0';
    } else {
        if (!*uri || strlen(uri) >= sizeof host) {
            virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_INVALID_ARG,
                        "invalid argument: xenDaemonDomainMigrate: a hostname must be specified");
            return -1;
        }
        snprintf(host, sizeof host, "%s", uri);
    }
    if (!(where = virt__xend_dom_path(virt__domain_name(dom), NULL))) {
        virt__error(p->conn, dom, VIR_FROM_XEND, VIR_ERR_NO_MEMORY, "xend: out of memory");
        return -1;
    }
    pairs[0] = "op"; pairs[1] = "migrate";
    pairs[2] = "destination"; pairs[3] = host;
    pairs[4] = "live"; pairs[5] = live;
    pairs[6] = "port"; pairs[7] = port;
    pairs[8] = "node"; pairs[9] = "-1";
    pairs[10] = "ssl"; pairs[11] = "0";
    pairs[12] = "change_home_server"; pairs[13] = "0";
    pairs[14] = "resource"; pairs[15] = "0";
    virt__xend_snap_drop(p);
    rc = virt_xend_post(&p->ep, where, pairs, 8, NULL, &st);
    VIRT_FREE(where);
    if (rc != VIRT_OK) return virt__xend_fail(p->conn, dom, 1, &st);
    virt__domain_set_id(dom, -1);
    if (undefine && p->config_format >= 3) {
        /* a managed domain's config stays behind on the source: delete it
         * (libvirt's xenDaemonDomainUndefine; a domain xend does not keep
         * is already gone, so its 404 is no failure) */
        char *path = virt__xend_dom_path(virt__domain_name(dom), NULL);
        const char *del[2];
        if (!path) return 0;
        del[0] = "op"; del[1] = "delete";
        (void)virt_xend_post(&p->ep, path, del, 1, NULL, &st);
        VIRT_FREE(path);
    }
    return 0;
}

VIRT__PRIVATE void virt__xend_driver_fill_issue11(virt__driver *d)
{
    d->domain_core_dump = virt__xend_core_dump;
    d->domain_attach_device = virt__xend_attach_device;
    d->domain_detach_device = virt__xend_detach_device;
    d->domain_migrate_perform = virt__xend_migrate_perform;
    d->domain_get_vcpus = virt__xend_get_vcpus;
    d->domain_get_vcpu_pin_info = virt__xend_get_vcpu_pin_info;
    d->domain_pin_vcpu = virt__xend_pin_vcpu;
    d->domain_get_vcpus_flags = virt__xend_get_vcpus_flags;
    d->domain_get_autostart = virt__xend_get_autostart;
    d->domain_set_autostart = virt__xend_set_autostart;
}

VIRT__PRIVATE void virt__xend_driver_fill(virt__driver *d)
{
    virt__xend_driver_fill_issue11(d);
    d->name = "xend";
    d->type = "Xen";
    d->origin = VIR_FROM_XEND;
    d->open = virt__xend_open;
    d->close = virt__xend_close;
    d->get_version = virt__xend_get_version;
    d->get_hostname = virt__xend_get_hostname;
    d->node_get_info = virt__xend_node_get_info;
    d->list_domains = virt__xend_list_domains;
    d->num_of_domains = virt__xend_num_of_domains;
    d->list_defined_domains = virt__xend_list_defined_domains;
    d->num_of_defined_domains = virt__xend_num_of_defined_domains;
    d->domain_create_xml = virt__xend_create_xml;
    d->domain_define_xml = virt__xend_define_xml;
    d->domain_undefine = virt__xend_undefine;
    d->domain_create = virt__xend_start;
    d->domain_lookup_by_name = virt__xend_lookup_by_name;
    d->domain_lookup_by_id = virt__xend_lookup_by_id;
    d->domain_lookup_by_uuid = virt__xend_lookup_by_uuid;
    d->domain_destroy = virt__xend_destroy;
    d->domain_suspend = virt__xend_suspend;
    d->domain_resume = virt__xend_resume;
    d->domain_shutdown = virt__xend_shutdown;
    d->domain_reboot = virt__xend_reboot;
    d->domain_save = virt__xend_save;
    d->domain_restore = virt__xend_restore;
    d->domain_get_info = virt__xend_get_info;
    d->domain_get_os_type = virt__xend_get_os_type;
    d->domain_get_max_memory = virt__xend_get_max_memory;
    d->domain_set_max_memory = virt__xend_set_max_memory;
    d->domain_set_memory = virt__xend_set_memory;
    d->domain_set_vcpus = virt__xend_set_vcpus;
    d->domain_get_xml_desc = virt__xend_get_xml_desc;
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
