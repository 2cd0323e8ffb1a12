/* virt_xl.h - libxl backend: domain XML <-> libxl_domain_config - virt 0.1 - MIT licence (see end of file)

   Do this:
      #define VIRT_WITH_XL
      #define VIRT_IMPLEMENTATION
      #include "virt_xl.h"
   in exactly ONE C or C++ file (never in a header); every other file
   defines VIRT_WITH_XL and includes the header. Link what
   `pkg-config --libs xenlight xlutil xentoollog` prints, plus -lexpat.
   Without VIRT_WITH_XL this header is empty, so builds without Xen's
   libraries (libxen-dev) are unchanged.

   Compile-time options (all optional; the exact list, no others):
     VIRT_WITH_XL           undefined   compile the libxl backend in (needs
                                        libxl.h and libxlutil.h)
     VIRT_XL_CONFIG_DIR     "/etc/libvirt/libxl"  where persistent definitions
                                        live (NAME.xml, as libvirt's libxl
                                        driver keeps them); $VIRT_XL_CONFIG_DIR
                                        overrides it at run time
     VIRT_XL_SAVE_DIR       "/var/lib/libvirt/libxl/save"  managed save
                                        images (NAME.save, libvirt's place);
                                        $VIRT_XL_SAVE_DIR overrides it
   and those of virt_xml.h (which this header includes).

   What it is: the protocol part of the libxl backend, usable alone. The
   backend lets libxl (Xen's libxenlight) and libxlutil do everything
   they can do themselves (building domains, devices, JSON, xl.cfg
   tokenizing); the one thing written here by hand is the conversion
   between libvirt's domain XML model (virt_domain_def of virt_xml.h) and
   libxl's `libxl_domain_config`, following what libvirt's libxl driver
   builds (libxlBuildDomainConfig; ../shared/reference/libxl-backend.md).

   Quick start:
      virt_domain_def *def;  virt_status st;  libxl_domain_config cfg;
      if (virt_domain_def_parse(xml, (size_t)-1, &def, &st) != VIRT_OK ||
          virt_xl_config_from_def(def, &cfg, &st) != VIRT_OK) {
          fprintf(stderr, "%s\n", st.message);   // "libxl: <parallel> cannot be
          return -1;                              //  carried by libxl"
      }
      char *json = libxl_domain_config_to_json(ctx, &cfg);  // libxl's own
      libxl_domain_config_dispose(&cfg);

   Native format "xen-xl" (xl.cfg(5)), as `virsh domxml-from-native` and
   `domxml-to-native` use it:
      virt_xl_cfg_parse(text, (size_t)-1, &def, &st);   // xl.cfg -> model
      virt_xl_cfg_format(def, &cfg_text, &st);          // model -> xl.cfg
   With virt.h, virConnectDomainXMLFromNative / ToNative do the same on a
   Xen connection. The xl.cfg read is libvirt's (xenParseXL) plus what its
   libxl driver adds after parsing; the text written is libvirt's
   (xenFormatXL: its key order and quoting, byte for byte on its data).

   Nothing is dropped: what the model holds but libxl cannot carry (a
   parallel port, a floppy, a libvirt virtual network, an element the
   model itself records as unsupported, ...) is refused with
   VIRT_E_UNSUPPORTED and a message naming the element; the libvirt API
   turns that into VIR_ERR_CONFIG_UNSUPPORTED.

   Memory: everything put into a libxl_domain_config comes from malloc,
   never VIRT_MALLOC, because libxl's *_dispose functions free() it.

   A VNC display with autoport='yes' is written as libvirt writes it
   before its port allocator runs: display 0, findunused off. The driver
   that starts the domain picks the port (libvirt: 5900-6000).

   Untrusted input: xl.cfg text is bounded by VIRT_XML_MAX_BYTES, NUL bytes
   are refused, every value must be UTF-8 text without control characters
   (what domain XML can carry), numbers are range-checked; libxlutil's
   messages (with the line) become the error message.

   Thread safety: every function is reentrant (no global state) and needs
   no libxl context, so conversions run without a hypervisor.

   Save images (virt_xl_save_header_format / _parse / virt_xl_save_xml_parse)
   are libvirt's libxl format: a 64-byte header, the domain XML, then
   libxl's stream; either program restores the other's files.

   As a backend: with virt.h, xen:/// opens a libxl context in a dom0 and
   the Xen router asks it first for creation, definitions, lifecycle,
   XML, save/restore and managed save, vCPU counts, info and pins,
   autostart, core dumps (libvirt's libxlDomainCoreDump), migration, the
   console and device attach/detach (disks on bus xen, interfaces and CD-ROM media live;
   disks, interfaces, PCI hostdevs and controllers in the definition;
   docs/backends.md says which call goes where). Persistent
   definitions are VIRT_XL_CONFIG_DIR/NAME.xml, written atomically;
   managed images VIRT_XL_SAVE_DIR/NAME.save. Starting a domain whose
   on_poweroff/on_reboot/on_crash is not all "preserve" also starts a
   detached monitor process for it (fork, as xl does), which applies the
   policy when the guest shuts down and exits when the domain dies.

   Migration (libvirt's libxl_migration.c, protocol 3 with or without
   parameters, and peer to peer): the stream is libxl's own
   (libxl_domain_suspend with LIBXL_SUSPEND_LIVE into a TCP socket), read
   by a detached receiver process (libxl_domain_create_restore, paused)
   that Prepare starts; the cookie is libvirt's (virt_xl_mig_cookie_*).
   While both copies exist they are named as xl names them
   (NAME--incoming, NAME--migratedaway), so a migration to the same host
   works. The console: virDomainOpenConsole opens the pty
   libxl_console_get_tty names.
*/
#ifndef VIRT_XL_H
#define VIRT_XL_H
#ifdef VIRT_WITH_XL

#include "virt_xml.h"
/* Xen's headers have no extern "C" of their own. */
#ifdef __cplusplus
extern "C" {
#endif
#include <libxl.h>
#include <libxl_utils.h>
#include <libxlutil.h>
#ifdef __cplusplus
}
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Fills *cfg (which this call initialises) with what libvirt's libxl
 * driver hands libxl for the domain `def`. VIRT_OK: the caller owns cfg
 * and disposes it with libxl_domain_config_dispose. Otherwise cfg is
 * already disposed and VIRT_E_UNSUPPORTED (something libxl cannot carry;
 * st->message names it), VIRT_E_INVAL (a bad value) or VIRT_E_NOMEM comes
 * back. Thread-safe; no libxl context needed. */
VIRT_API int virt_xl_config_from_def(const virt_domain_def *def, libxl_domain_config *cfg,
                                     virt_status *st); /* Since: 0.2 */

/* Parses an xl.cfg(5) document (libvirt's native format "xen-xl") of len
 * bytes into a new definition, as libvirt's xenParseXL does, plus the
 * devices libvirt's libxl driver adds after parsing (xenbus controller,
 * memory balloon, implicit inputs and console, drive addresses), so that
 * virt_domain_def_format_ex(VIRT_XML_FORMAT_LIBVIRT9) writes what
 * `virsh domxml-from-native xen-xl` does. libxlutil tokenizes the file and
 * parses the disk specs. VIRT_OK and *out (free with virt_domain_def_free);
 * VIRT_E_SYNTAX with xl's own "file:line: ..." message for a malformed
 * file, VIRT_E_INVAL for a bad value (the key is named), VIRT_E_UNSUPPORTED
 * for a setting virt cannot carry yet, VIRT_E_LIMIT above
 * VIRT_XML_MAX_BYTES, VIRT_E_NOMEM. Thread-safe. */
VIRT_API int virt_xl_cfg_parse(const char *text, size_t len, virt_domain_def **out,
                               virt_status *st); /* Since: 0.2 */
/* Writes def as xl.cfg text in libvirt's key order and quoting
 * (xenFormatXL; `virsh domxml-to-native xen-xl`). VIRT_OK and *out, a
 * VIRT_MALLOC'd string; VIRT_E_UNSUPPORTED naming what xl.cfg cannot say
 * (or virt cannot write yet); VIRT_E_NOMEM. Thread-safe. */
VIRT_API int virt_xl_cfg_format(const virt_domain_def *def, char **out, virt_status *st); /* Since: 0.2 */

/* libvirt's libxl save image (libxlSavefileHeader of its libxl_conf.h),
 * so that each can restore what the other saved: a 64-byte header (the
 * 16-byte magic "libvirt-xml\n \0 \r", u32 version, u32 xml_len, zeros),
 * xml_len bytes of domain XML ending in its NUL, then libxl's own stream
 * (libxl_domain_suspend), whose stream version is the header's version.
 * libvirt writes the u32s in host order; virt writes and reads them
 * little-endian, the order of every host libxl runs on (x86, Arm). */
#define VIRT_XL_SAVE_HEADER_BYTES 64
#define VIRT_XL_SAVE_VERSION 2   /* libxl stream v2 (Xen >= 4.6) */
/* Writes the header for an XML of xml_len bytes (its NUL included). Thread-safe. */
VIRT_API void virt_xl_save_header_format(uint32_t xml_len, unsigned char *out /* [VIRT_XL_SAVE_HEADER_BYTES] */);
/* Reads len bytes of a save image's start. VIRT_OK with *version and
 * *xml_len; VIRT_E_SYNTAX when shorter than the header, VIRT_E_INVAL for
 * another magic ("image magic is incorrect", libvirt's words),
 * VIRT_E_UNSUPPORTED for a version above VIRT_XL_SAVE_VERSION (or 0),
 * VIRT_E_LIMIT for an XML length of 0 or above VIRT_XML_MAX_BYTES.
 * Thread-safe. */
VIRT_API int virt_xl_save_header_parse(const unsigned char *buf, size_t len, uint32_t *version,
                                       uint32_t *xml_len, virt_status *st); /* Since: 0.2 */
/* The definition in a save image's XML part (xml_len bytes, the last one
 * its NUL): VIRT_OK and *out (virt_domain_def_free), VIRT_E_SYNTAX when the
 * NUL is missing, or the XML parser's result. Thread-safe. */
VIRT_API int virt_xl_save_xml_parse(const char *xml, size_t xml_len, virt_domain_def **out,
                                    virt_status *st); /* Since: 0.2 */

/* libvirt's libxl migration cookie (libxlMigrationCookie of its
 * libxl_migration.c), the XML the source's Begin step hands to the
 * destination's Prepare: <libxl-migration> with <name>, <uuid>,
 * <hostname> and <migration-stream-version> (the libxl stream's version),
 * sent with its NUL. */
#define VIRT_XL_COOKIE_MAX_BYTES 65536
typedef struct virt_xl_mig_cookie {
    char *name, *hostname;        /* VIRT_MALLOC'd; hostname may be NULL */
    unsigned char uuid[VIRT_UUID_BUFLEN];
    uint32_t stream_version;
} virt_xl_mig_cookie;
/* The cookie's text, VIRT_MALLOC'd (send strlen + 1 bytes), or NULL
 * without memory. Thread-safe. */
VIRT_API char *virt_xl_mig_cookie_format(const virt_xl_mig_cookie *c); /* Since: 0.2 */
/* Reads len bytes of a cookie (the last one its NUL) into *out (freed
 * with virt_xl_mig_cookie_clear, also after a failure). VIRT_OK;
 * VIRT_E_SYNTAX for a missing NUL or malformed XML, VIRT_E_INVAL for a
 * missing or bad element (libvirt's words: "missing name element in
 * migration data", ...), VIRT_E_LIMIT above VIRT_XL_COOKIE_MAX_BYTES,
 * VIRT_E_NOMEM. Thread-safe. */
VIRT_API int virt_xl_mig_cookie_parse(const char *buf, size_t len, virt_xl_mig_cookie *out,
                                      virt_status *st); /* Since: 0.2 */
VIRT_API void virt_xl_mig_cookie_clear(virt_xl_mig_cookie *c); /* Since: 0.2 */

#ifdef __cplusplus
}
#endif
#endif /* VIRT_WITH_XL */
#endif /* VIRT_XL_H */


#if defined(VIRT_WITH_XL) && defined(VIRT_IMPLEMENTATION) && !defined(VIRT_XL_IMPLEMENTATION_INCLUDED)
#define VIRT_XL_IMPLEMENTATION_INCLUDED
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

/* >>xlconv: virt_domain_def -> libxl_domain_config */

/* Conversion state: the definition, the config being filled, the status. */
typedef struct virt__xl_conv {
    const virt_domain_def *def;
    libxl_domain_config *cfg;
    virt_status *st;
    int hvm;                    /* c_info.type is HVM */
} virt__xl_conv;

VIRT__PRIVATE int virt__xl_refuse(virt__xl_conv *c, const char *what)
{
    return virt__status_set(c->st, VIRT_E_UNSUPPORTED, 0, "libxl: %s cannot be carried by libxl", what);
}

VIRT__PRIVATE int virt__xl_nomem(virt__xl_conv *c)
{
    return virt__status_set(c->st, VIRT_E_NOMEM, 0, "libxl: out of memory");
}

/* malloc'd copy (libxl frees it with free()); *dst stays NULL for NULL. */
VIRT__PRIVATE int virt__xl_dup(virt__xl_conv *c, char **dst, const char *src)
{
    size_t n;
    if (!src) return VIRT_OK;
    n = strlen(src) + 1;
    *dst = (char *)malloc(n);
    if (!*dst) return virt__xl_nomem(c);
    memcpy(*dst, src, n);
    return VIRT_OK;
}

/* printf into a malloc'd string for libxl. */
VIRT__PRIVATE int virt__xl_printf(virt__xl_conv *c, char **dst, const char *fmt, ...) VIRT__PRINTF(3, 4);
VIRT__PRIVATE int virt__xl_printf(virt__xl_conv *c, char **dst, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return virt__xl_nomem(c);
    *dst = (char *)malloc((size_t)n + 1);
    if (!*dst) return virt__xl_nomem(c);
    va_start(ap, fmt);
    vsnprintf(*dst, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xl_streq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* A number attribute in [0, max]: VIRT_OK and *out, else VIRT_E_INVAL. */
VIRT__PRIVATE int virt__xl_number(virt__xl_conv *c, const char *what, const char *s,
                                  unsigned long max, unsigned long *out)
{
    char *end;
    unsigned long v;
    int hex;
    if (!s || !isdigit((unsigned char)*s)) goto bad;
    errno = 0;
    /* decimal, or hex with 0x as <address> writes it (never octal) */
    hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    if (hex && !isxdigit((unsigned char)s[2])) goto bad;
    v = hex ? strtoul(s + 2, &end, 16) : strtoul(s, &end, 10);
    if (errno || *end || v > max) goto bad;
    *out = v;
    return VIRT_OK;
bad:
    return virt__status_set(c->st, VIRT_E_INVAL, 0, "libxl: %s is not a valid number: '%s'",
                            what, s ? s : "");
}

/* A bitmap of nbits bits, the first `set` of them on (malloc'd: libxl's
 * libxl_bitmap_dispose frees map). */
VIRT__PRIVATE int virt__xl_bitmap_first(virt__xl_conv *c, libxl_bitmap *bm, unsigned nbits, unsigned set)
{
    unsigned i;
    bm->size = (nbits + 7) / 8;
    bm->map = (uint8_t *)calloc(bm->size ? bm->size : 1, 1);
    if (!bm->map) return virt__xl_nomem(c);
    for (i = 0; i < set && i < nbits; i++) bm->map[i / 8] |= (uint8_t)(1u << (i % 8));
    return VIRT_OK;
}

/* c_info: type, name, uuid, hap (libvirt's libxlMakeDomCreateInfo). */
VIRT__PRIVATE int virt__xl_create_info(virt__xl_conv *c)
{
    const virt_domain_def *d = c->def;
    libxl_domain_create_info *ci = &c->cfg->c_info;
    const char *os = d->os.type ? d->os.type : "linux";
    if (strcmp(os, "hvm") == 0) ci->type = LIBXL_DOMAIN_TYPE_HVM;
    else if (strcmp(os, "xenpvh") == 0) ci->type = LIBXL_DOMAIN_TYPE_PVH;
    else if (strcmp(os, "linux") == 0 || strcmp(os, "xen") == 0) ci->type = LIBXL_DOMAIN_TYPE_PV;
    else return virt__status_set(c->st, VIRT_E_UNSUPPORTED, 0,
                                 "libxl: <os><type>%s</type> cannot be carried by libxl", os);
    c->hvm = ci->type == LIBXL_DOMAIN_TYPE_HVM;
    if (c->hvm && (d->features & VIRT_FEATURE_HAP)) libxl_defbool_set(&ci->hap, true);
    if (c->hvm && (d->features & VIRT_FEATURE_HAP_OFF)) libxl_defbool_set(&ci->hap, false);
    if (d->has_uuid) memcpy(libxl_uuid_bytearray(&ci->uuid), d->uuid, VIRT_UUID_BUFLEN);
    return virt__xl_dup(c, &ci->name, d->name);
}

/* Maximum and online vCPUs (<vcpu current=''>), memory. */
VIRT__PRIVATE int virt__xl_vcpus_memory(virt__xl_conv *c)
{
    const virt_domain_def *d = c->def;
    libxl_domain_build_info *b = &c->cfg->b_info;
    unsigned long max = d->vcpus ? d->vcpus : 1, cur = max;
    int rc;
    if (d->vcpu_cpuset) return virt__xl_refuse(c, "<vcpu cpuset=''>");
    if (d->cputune_period || d->cputune_quota) return virt__xl_refuse(c, "<cputune><period>/<quota>");
    if (d->nvcpupin) return virt__xl_refuse(c, "<cputune><vcpupin>");
    if (d->cputune_shares) {   /* the credit scheduler's weight, as libvirt sets it */
        unsigned long w;
        if ((rc = virt__xl_number(c, "<cputune><shares>", d->cputune_shares, 65535, &w)) != VIRT_OK) return rc;
        b->sched_params.weight = (int)w;
    }
    if (d->max_memory_kib) return virt__xl_refuse(c, "<maxMemory>");
    if (d->vcpu_current && (rc = virt__xl_number(c, "<vcpu current=''>", d->vcpu_current, max, &cur)) != VIRT_OK)
        return rc;
    b->max_vcpus = (int)max;
    if ((rc = virt__xl_bitmap_first(c, &b->avail_vcpus, (unsigned)max, (unsigned)cur)) != VIRT_OK) return rc;
    b->max_memkb = d->memory_kib;
    b->target_memkb = d->current_memory_kib ? d->current_memory_kib : d->memory_kib;
    /* libvirt asks libxl for the shadow memory the guest needs */
    b->shadow_memkb = libxl_get_required_shadow_memory(b->max_memkb, (unsigned)max);
    return VIRT_OK;
}

/* <clock> offset and timers (libvirt's libxlMakeDomBuildInfo). */
VIRT__PRIVATE int virt__xl_clock(virt__xl_conv *c)
{
    const virt_domain_def *d = c->def;
    libxl_domain_build_info *b = &c->cfg->b_info;
    const char *off = d->clock_offset ? d->clock_offset : (d->localtime ? "localtime" : "utc");
    unsigned i;
    if (strcmp(off, "localtime") == 0) libxl_defbool_set(&b->localtime, true);
    else if (strcmp(off, "variable") == 0) {
        long adj = d->clock_adjustment ? strtol(d->clock_adjustment, NULL, 10) : 0;
        if (virt__xl_streq(d->clock_basis, "localtime")) libxl_defbool_set(&b->localtime, true);
        b->rtc_timeoffset = (uint32_t)adj;
    } else if (strcmp(off, "utc") != 0)
        return virt__status_set(c->st, VIRT_E_UNSUPPORTED, 0, "libxl: <clock offset='%s'> cannot be carried by libxl", off);
    for (i = 0; i < d->ntimers && i < VIRT_XML_MAX_TIMERS; i++) {
        const virt_timer_def *t = &d->timers[i];
        if (virt__xl_streq(t->name, "tsc")) {
            const char *m = t->mode ? t->mode : "auto";
            b->tsc_mode = strcmp(m, "native") == 0 ? LIBXL_TSC_MODE_NATIVE
                        : strcmp(m, "paravirt") == 0 ? LIBXL_TSC_MODE_NATIVE_PARAVIRT
                        : strcmp(m, "emulate") == 0 ? LIBXL_TSC_MODE_ALWAYS_EMULATE
                        : LIBXL_TSC_MODE_DEFAULT;
        } else if (virt__xl_streq(t->name, "hpet") && c->hvm) {
            libxl_defbool_set(&b->u.hvm.hpet, !virt__xl_streq(t->present, "no"));
        } else {
            return virt__status_set(c->st, VIRT_E_UNSUPPORTED, 0, "libxl: <timer name='%s'> cannot be carried by libxl",
                                    t->name ? t->name : "");
        }
    }
    return VIRT_OK;
}

/* Splits args on blanks into a NULL-terminated malloc'd list. */
VIRT__PRIVATE int virt__xl_split_args(virt__xl_conv *c, libxl_string_list *out, const char *args)
{
    size_t n = 0, cap = 4;
    char **list = (char **)calloc(cap, sizeof *list);
    if (!list) return virt__xl_nomem(c);
    while (*args) {
        size_t len = 0;
        while (isspace((unsigned char)*args)) args++;
        while (args[len] && !isspace((unsigned char)args[len])) len++;
        if (!len) break;
        if (n + 2 > cap) {
            char **p = (char **)realloc(list, (cap *= 2) * sizeof *list);
            if (!p) { *out = list; return virt__xl_nomem(c); }
            list = p;
        }
        list[n] = (char *)malloc(len + 1);
        list[n + 1] = NULL;
        if (!list[n]) { *out = list; return virt__xl_nomem(c); }
        memcpy(list[n], args, len);
        list[n++][len] = '\0';
        args += len;
    }
    *out = list;
    return VIRT_OK;
}

/* Kernel, initrd, command line (<os><root> becomes root=, as xm did),
 * bootloader: top-level b_info fields since LIBXL_HAVE_BUILDINFO_KERNEL. */
VIRT__PRIVATE int virt__xl_boot_source(virt__xl_conv *c)
{
    const virt_domain_def *d = c->def;
    libxl_domain_build_info *b = &c->cfg->b_info;
    int rc;
    if ((rc = virt__xl_dup(c, &b->kernel, d->os.kernel)) != VIRT_OK) return rc;
    if ((rc = virt__xl_dup(c, &b->ramdisk, d->os.initrd)) != VIRT_OK) return rc;
    if (d->os.root)
        rc = d->os.cmdline ? virt__xl_printf(c, &b->cmdline, "root=%s %s", d->os.root, d->os.cmdline)
                           : virt__xl_printf(c, &b->cmdline, "root=%s", d->os.root);
    else if (d->os.cmdline && *d->os.cmdline)
        rc = virt__xl_dup(c, &b->cmdline, d->os.cmdline);
    if (rc != VIRT_OK) return rc;
    if (c->cfg->c_info.type != LIBXL_DOMAIN_TYPE_PV) {
        if (d->bootloader) return virt__xl_refuse(c, "<bootloader> of a non-PV guest");
        return VIRT_OK;
    }
    if ((rc = virt__xl_dup(c, &b->u.pv.bootloader, d->bootloader)) != VIRT_OK) return rc;
    if (d->bootloader_args) return virt__xl_split_args(c, &b->u.pv.bootloader_args, d->bootloader_args);
    return VIRT_OK;
}

/* HVM firmware and boot order: <loader type='pflash'> is OVMF; a loader
 * other than the default hvmloader is libxl's system_firmware. */
VIRT__PRIVATE int virt__xl_hvm_firmware(virt__xl_conv *c)
{
    const virt_domain_def *d = c->def;
    libxl_domain_build_info *b = &c->cfg->b_info;
    char order[VIRT_XML_MAX_BOOT + 1];
    unsigned i, n = 0;
    if (virt__xl_streq(d->loader_type, "pflash")) {
        b->u.hvm.bios = LIBXL_BIOS_TYPE_OVMF;
        if (virt__xl_dup(c, &b->u.hvm.system_firmware, d->os.loader) != VIRT_OK) return VIRT_E_NOMEM;
    } else if (d->os.loader && !strstr(d->os.loader, "hvmloader")) {
        if (virt__xl_dup(c, &b->u.hvm.system_firmware, d->os.loader) != VIRT_OK) return VIRT_E_NOMEM;
    }
    if (d->nvram) return virt__xl_refuse(c, "<nvram>");
    for (i = 0; i < d->nboot && i < VIRT_XML_MAX_BOOT; i++) {
        const char *dev = d->boot_devs[i];
        char ch = virt__xl_streq(dev, "fd") ? 'a' : virt__xl_streq(dev, "cdrom") ? 'd'
                : virt__xl_streq(dev, "network") ? 'n' : 'c';
        order[n++] = ch;
    }
    if (!n) order[n++] = 'c';
    order[n] = '\0';
    return virt__xl_dup(c, &b->u.hvm.boot, order);
}

/* <features>: pae/apic/acpi are explicit booleans for HVM, as libvirt sets them. */
VIRT__PRIVATE int virt__xl_features(virt__xl_conv *c)
{
    unsigned f = c->def->features;
    libxl_domain_build_info *b = &c->cfg->b_info;
    if (f & VIRT_FEATURE_VIRIDIAN) return virt__xl_refuse(c, "<features><viridian/>");
    if (f & (VIRT_FEATURE_PVSPINLOCK | VIRT_FEATURE_PVSPINLOCK_OFF)) return virt__xl_refuse(c, "<features><pvspinlock>");
    if (!c->hvm) return VIRT_OK;
    libxl_defbool_set(&b->u.hvm.pae, (f & VIRT_FEATURE_PAE) != 0);
    libxl_defbool_set(&b->apic, (f & VIRT_FEATURE_APIC) != 0);
    libxl_defbool_set(&b->acpi, (f & VIRT_FEATURE_ACPI) != 0);
    return VIRT_OK;
}

/* <emulator>: libxl's device model; with one, libvirt also names the
 * upstream QEMU (the only one Xen 4.17 builds). */
VIRT__PRIVATE int virt__xl_emulator(virt__xl_conv *c)
{
    libxl_domain_build_info *b = &c->cfg->b_info;
    if (!c->def->emulator) return VIRT_OK;
    b->device_model_version = strstr(c->def->emulator, "qemu-dm") ? LIBXL_DEVICE_MODEL_VERSION_QEMU_XEN_TRADITIONAL
                                                                    : LIBXL_DEVICE_MODEL_VERSION_QEMU_XEN;
    return virt__xl_dup(c, &b->device_model, c->def->emulator);
}

VIRT__PRIVATE libxl_action_on_shutdown virt__xl_action(virt_lifecycle l, libxl_action_on_shutdown dflt)
{
    switch (l) {
    case VIRT_LIFECYCLE_DESTROY: return LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    case VIRT_LIFECYCLE_RESTART: return LIBXL_ACTION_ON_SHUTDOWN_RESTART;
    case VIRT_LIFECYCLE_PRESERVE: return LIBXL_ACTION_ON_SHUTDOWN_PRESERVE;
    case VIRT_LIFECYCLE_RENAME_RESTART: return LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME;
    default: return dflt;
    }
}

/* >>xlconv devices */

/* Grows a libxl device array by one zeroed element; NULL when out of memory. */
VIRT__PRIVATE void *virt__xl_grow(void **array, int *count, size_t elem)
{
    char *p = (char *)realloc(*array, ((size_t)*count + 1) * elem);
    if (!p) return NULL;
    *array = p;
    memset(p + (size_t)*count * elem, 0, elem);
    return p + (size_t)(*count)++ * elem;
}

/* Disk driver and format -> libxl backend and format (libvirt's libxlMakeDisk). */
VIRT__PRIVATE int virt__xl_disk_backend(virt__xl_conv *c, const virt_disk_def *dk, libxl_device_disk *x)
{
    const char *drv = dk->driver_name, *fmt = dk->driver_type ? dk->driver_type : "raw";
    int is_tap = virt__xl_streq(drv, "tap") || virt__xl_streq(drv, "tap2");
    if (strcmp(fmt, "raw") == 0 || strcmp(fmt, "aio") == 0) x->format = LIBXL_DISK_FORMAT_RAW;
    else if (strcmp(fmt, "qcow") == 0 && (is_tap || virt__xl_streq(drv, "qemu"))) x->format = LIBXL_DISK_FORMAT_QCOW;
    else if (strcmp(fmt, "qcow2") == 0 && (is_tap || virt__xl_streq(drv, "qemu"))) x->format = LIBXL_DISK_FORMAT_QCOW2;
    else if (strcmp(fmt, "vhd") == 0 && (is_tap || virt__xl_streq(drv, "qemu"))) x->format = LIBXL_DISK_FORMAT_VHD;
    else return virt__status_set(c->st, VIRT_E_UNSUPPORTED, 0,
                                 "libxl: disk format '%s' with driver '%s' cannot be carried by libxl", fmt, drv ? drv : "");
    if (!drv) x->backend = LIBXL_DISK_BACKEND_UNKNOWN;
    else if (is_tap) x->backend = LIBXL_DISK_BACKEND_TAP;
    else if (strcmp(drv, "qemu") == 0) x->backend = LIBXL_DISK_BACKEND_QDISK;
    else if (strcmp(drv, "phy") == 0) x->backend = LIBXL_DISK_BACKEND_PHY;
    else if (strcmp(drv, "file") == 0) x->backend = LIBXL_DISK_BACKEND_QDISK;
    else return virt__status_set(c->st, VIRT_E_UNSUPPORTED, 0, "libxl: disk driver '%s' cannot be carried by libxl", drv);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xl_disk(virt__xl_conv *c, const virt_disk_def *dk)
{
    libxl_domain_config *cfg = c->cfg;
    libxl_device_disk *x;
    int rc;
    if (dk->device == VIRT_DISK_DEVICE_FLOPPY) return virt__xl_refuse(c, "<disk device='floppy'>");
    if (dk->shareable) return virt__xl_refuse(c, "<disk><shareable/>");
    x = (libxl_device_disk *)virt__xl_grow((void **)&cfg->disks, &cfg->num_disks, sizeof *x);
    if (!x) return virt__xl_nomem(c);
    libxl_device_disk_init(x);
    if ((rc = virt__xl_disk_backend(c, dk, x)) != VIRT_OK) return rc;
    if (!dk->source) x->format = LIBXL_DISK_FORMAT_EMPTY;
    x->removable = 1;
    x->is_cdrom = dk->device == VIRT_DISK_DEVICE_CDROM;
    /* libvirt's parser makes every CD-ROM read-only */
    x->readwrite = !dk->readonly && !x->is_cdrom;
    if ((rc = virt__xl_dup(c, &x->pdev_path, dk->source)) != VIRT_OK) return rc;
    return virt__xl_dup(c, &x->vdev, dk->target);
}

VIRT__PRIVATE int virt__xl_nic(virt__xl_conv *c, const virt_net_def *n)
{
    libxl_domain_config *cfg = c->cfg;
    libxl_device_nic *x;
    unsigned char mac[6];
    int rc;
    if (n->type == VIRT_NET_NETWORK) return virt__xl_refuse(c, "<interface type='network'> (no libvirt network driver here)");
    if (n->vlan_trunk || n->nvlan_tags || n->virtualport_type) return virt__xl_refuse(c, "<interface><vlan>/<virtualport>");
    if (n->bandwidth_in.natts || n->bandwidth_out.natts) return virt__xl_refuse(c, "<interface><bandwidth>");
    x = (libxl_device_nic *)virt__xl_grow((void **)&cfg->nics, &cfg->num_nics, sizeof *x);
    if (!x) return virt__xl_nomem(c);
    libxl_device_nic_init(x);
    x->devid = cfg->num_nics - 1;
    if (n->mac) {
        if (virt_mac_parse(n->mac, mac) != 0)
            return virt__status_set(c->st, VIRT_E_INVAL, 0, "libxl: <mac address='%s'> is not a MAC address", n->mac);
        memcpy(x->mac, mac, 6);
    }
    x->nictype = (!c->hvm || virt__xl_streq(n->model, "netfront")) ? LIBXL_NIC_TYPE_VIF : LIBXL_NIC_TYPE_VIF_IOEMU;
    if ((rc = virt__xl_dup(c, &x->model, n->model)) != VIRT_OK) return rc;
    if (n->type == VIRT_NET_BRIDGE && (rc = virt__xl_dup(c, &x->bridge, n->source)) != VIRT_OK) return rc;
    if ((rc = virt__xl_dup(c, &x->script, n->script)) != VIRT_OK) return rc;
    if ((rc = virt__xl_dup(c, &x->ip, n->ip)) != VIRT_OK) return rc;
    return virt__xl_dup(c, &x->ifname, n->target);
}

/* One value of a <hostdev><source><address>: hex with 0x, as libvirt writes. */
VIRT__PRIVATE const char *virt__xl_addr(const virt_address_def *a, const char *name)
{
    unsigned i;
    for (i = 0; i < a->natts; i++)
        if (virt__xl_streq(a->attrs[2 * i], name)) return a->attrs[2 * i + 1];
    return NULL;
}

VIRT__PRIVATE int virt__xl_pci(virt__xl_conv *c, const virt_hostdev_def *h)
{
    libxl_domain_config *cfg = c->cfg;
    libxl_device_pci *x;
    unsigned long dom = 0, bus, slot, fn;
    const char *ds = virt__xl_addr(&h->source, "domain");
    int rc;
    if (!virt__xl_streq(h->type, "pci")) return virt__xl_refuse(c, "<hostdev> other than PCI");
    if ((ds && (rc = virt__xl_number(c, "<address domain=''>", ds, 0xffff, &dom)) != VIRT_OK) ||
        (rc = virt__xl_number(c, "<address bus=''>", virt__xl_addr(&h->source, "bus"), 0xff, &bus)) != VIRT_OK ||
        (rc = virt__xl_number(c, "<address slot=''>", virt__xl_addr(&h->source, "slot"), 0x1f, &slot)) != VIRT_OK ||
        (rc = virt__xl_number(c, "<address function=''>", virt__xl_addr(&h->source, "function"), 7, &fn)) != VIRT_OK)
        return rc;
    x = (libxl_device_pci *)virt__xl_grow((void **)&cfg->pcidevs, &cfg->num_pcidevs, sizeof *x);
    if (!x) return virt__xl_nomem(c);
    libxl_device_pci_init(x);
    x->domain = (int)dom;
    x->bus = (uint8_t)bus;
    x->dev = (uint8_t)slot;
    x->func = (uint8_t)fn;
    return VIRT_OK;
}

/* A graphics device becomes a vfb plus its vkb (libvirt's libxlMakeVfbList). */
VIRT__PRIVATE int virt__xl_vfb(virt__xl_conv *c, const virt_graphics_def *g)
{
    libxl_domain_config *cfg = c->cfg;
    libxl_device_vfb *v;
    libxl_device_vkb *k;
    const char *listen = g->listen ? g->listen : g->listen_address;
    int rc;
    if (g->type == VIRT_GRAPHICS_SPICE) return virt__xl_refuse(c, "<graphics type='spice'>");
    v = (libxl_device_vfb *)virt__xl_grow((void **)&cfg->vfbs, &cfg->num_vfbs, sizeof *v);
    if (!v) return virt__xl_nomem(c);
    libxl_device_vfb_init(v);
    k = (libxl_device_vkb *)virt__xl_grow((void **)&cfg->vkbs, &cfg->num_vkbs, sizeof *k);
    if (!k) return virt__xl_nomem(c);
    libxl_device_vkb_init(k);
    if (g->type == VIRT_GRAPHICS_SDL) {
        libxl_defbool_set(&v->sdl.enable, true);
        libxl_defbool_set(&v->vnc.enable, false);
        return VIRT_OK;
    }
    libxl_defbool_set(&v->vnc.enable, true);
    libxl_defbool_set(&v->sdl.enable, false);
    /* libvirt picks the port itself, so libxl must not search for one */
    libxl_defbool_set(&v->vnc.findunused, false);
    if (g->autoport != 1 && g->port >= 5900) v->vnc.display = (uint32_t)(g->port - 5900);
    if ((rc = virt__xl_dup(c, &v->vnc.listen, listen)) != VIRT_OK) return rc;
    if ((rc = virt__xl_dup(c, &v->vnc.passwd, g->passwd)) != VIRT_OK) return rc;
    return virt__xl_dup(c, &v->keymap, g->keymap);
}

/* A character device as QEMU's -serial argument (libvirt's libxlMakeChrdevStr). */
VIRT__PRIVATE const virt_chardev_source *virt__xl_chr_end(const virt_chardev_def *ch, const char *mode)
{
    unsigned i;
    for (i = 0; i < 2; i++)
        if (virt__xl_streq(ch->source[i].mode, mode)) return &ch->source[i];
    return NULL;
}

VIRT__PRIVATE int virt__xl_chrdev_str(virt__xl_conv *c, const virt_chardev_def *ch, char **out)
{
    const char *t = ch->type ? ch->type : "pty", *path = ch->source[0].path;
    const virt_chardev_source *con = virt__xl_chr_end(ch, "connect"), *bind = virt__xl_chr_end(ch, "bind");
    const virt_chardev_source *one = con ? con : bind ? bind : &ch->source[0];
    const char *server = bind && !con ? ",server,nowait" : "";
    if (!strcmp(t, "null") || !strcmp(t, "stdio") || !strcmp(t, "vc") || !strcmp(t, "pty")) return virt__xl_dup(c, out, t);
    if (!strcmp(t, "pipe") || !strcmp(t, "file")) return virt__xl_printf(c, out, "%s:%s", t, path ? path : "");
    if (!strcmp(t, "dev")) return virt__xl_dup(c, out, path ? path : "");
    if (!strcmp(t, "udp"))
        return virt__xl_printf(c, out, "udp:%s:%s@%s:%s", con && con->host ? con->host : "",
                               con && con->service ? con->service : "", bind && bind->host ? bind->host : "",
                               bind && bind->service ? bind->service : "0");
    if (!strcmp(t, "tcp"))
        return virt__xl_printf(c, out, "%s:%s:%s%s", virt__xl_streq(ch->protocol, "telnet") ? "telnet" : "tcp",
                               one->host ? one->host : "", one->service ? one->service : "", server);
    if (!strcmp(t, "unix")) return virt__xl_printf(c, out, "unix:%s%s", one->path ? one->path : "", server);
    return virt__status_set(c->st, VIRT_E_UNSUPPORTED, 0, "libxl: <serial type='%s'> cannot be carried by libxl", t);
}

/* HVM serial ports: one is b_info.u.hvm.serial, more are serial_list. A
 * console of an HVM guest with no serial port is serial 0 (libvirt's
 * post-parse makes it one). */
VIRT__PRIVATE int virt__xl_serials(virt__xl_conv *c)
{
    const virt_domain_def *d = c->def;
    libxl_domain_build_info *b = &c->cfg->b_info;
    const virt_chardev_def *list[16];
    size_t i, n = 0;
    int rc;
    for (i = 0; i < d->ndevices; i++)
        if (d->devices[i].kind == VIRT_DEVICE_SERIAL) {
            if (n == sizeof list / sizeof list[0]) return virt__xl_refuse(c, "a 17th <serial>");
            list[n++] = &d->devices[i].u.console;
        }
    for (i = 0; n == 0 && i < d->ndevices; i++)
        if (d->devices[i].kind == VIRT_DEVICE_CONSOLE && d->devices[i].u.console.type) list[n++] = &d->devices[i].u.console;
    if (n && !c->hvm) {   /* a PV guest's console is libxl's own PV console */
        for (i = 0; i < d->ndevices; i++)
            if (d->devices[i].kind == VIRT_DEVICE_SERIAL) return virt__xl_refuse(c, "<serial> of a PV guest");
        return VIRT_OK;
    }
    if (n == 1) return virt__xl_chrdev_str(c, list[0], &b->u.hvm.serial);
    if (n == 0) return VIRT_OK;
    b->u.hvm.serial_list = (char **)calloc(n + 1, sizeof(char *));
    if (!b->u.hvm.serial_list) return virt__xl_nomem(c);
    for (i = 0; i < n; i++)
        if ((rc = virt__xl_chrdev_str(c, list[i], &b->u.hvm.serial_list[i])) != VIRT_OK) return rc;
    return VIRT_OK;
}

/* USB mice and tablets of an HVM guest (PS/2 and Xen inputs are implicit). */
VIRT__PRIVATE int virt__xl_usb_inputs(virt__xl_conv *c)
{
    const virt_domain_def *d = c->def;
    char ***list = &c->cfg->b_info.u.hvm.usbdevice_list;
    size_t i, n = 0;
    for (i = 0; i < d->ndevices; i++) {
        const virt_input_def *in = &d->devices[i].u.input;
        char **p;
        if (d->devices[i].kind != VIRT_DEVICE_INPUT || !virt__xl_streq(in->bus, "usb")) continue;
        if (!virt__xl_streq(in->type, "mouse") && !virt__xl_streq(in->type, "tablet"))
            return virt__status_set(c->st, VIRT_E_UNSUPPORTED, 0, "libxl: <input type='%s' bus='usb'> cannot be carried by libxl",
                                    in->type ? in->type : "");
        if (!c->hvm) return virt__xl_refuse(c, "<input bus='usb'> of a PV guest");
        p = (char **)realloc(*list, (n + 2) * sizeof *p);
        if (!p) return virt__xl_nomem(c);
        *list = p;
        p[n + 1] = NULL;
        p[n] = NULL;
        if (virt__xl_dup(c, &p[n++], in->type) != VIRT_OK) return VIRT_E_NOMEM;
    }
    return VIRT_OK;
}

/* The first <video> (or the implicit cirrus libvirt adds when there are
 * graphics) and its RAM with libvirt's defaults for upstream QEMU. */
VIRT__PRIVATE int virt__xl_video(virt__xl_conv *c)
{
    const virt_domain_def *d = c->def;
    libxl_domain_build_info *b = &c->cfg->b_info;
    const char *model = NULL, *vram = NULL;
    unsigned long kib = 0, min;
    size_t i;
    int rc;
    for (i = 0; i < d->ndevices && !model; i++)
        if (d->devices[i].kind == VIRT_DEVICE_VIDEO) {
            model = d->devices[i].u.video.model ? d->devices[i].u.video.model : "cirrus";
            vram = d->devices[i].u.video.vram;
        }
    if (!model && c->cfg->num_vfbs) model = "cirrus";
    if (!model || strcmp(model, "none") == 0) {
        b->u.hvm.vga.kind = LIBXL_VGA_INTERFACE_TYPE_NONE;
        libxl_defbool_set(&b->u.hvm.nographic, true);
        return VIRT_OK;
    }
    if (strcmp(model, "cirrus") == 0) { b->u.hvm.vga.kind = LIBXL_VGA_INTERFACE_TYPE_CIRRUS; min = 8192; }
    else if (strcmp(model, "vga") == 0 || strcmp(model, "xen") == 0) { b->u.hvm.vga.kind = LIBXL_VGA_INTERFACE_TYPE_STD; min = 16384; }
    else if (strcmp(model, "qxl") == 0) { b->u.hvm.vga.kind = LIBXL_VGA_INTERFACE_TYPE_QXL; min = 131072; }
    else return virt__status_set(c->st, VIRT_E_UNSUPPORTED, 0, "libxl: <video><model type='%s'> cannot be carried by libxl", model);
    if (vram && (rc = virt__xl_number(c, "<video><model vram=''>", vram, 0xffffffffUL, &kib)) != VIRT_OK) return rc;
    if (!vram) kib = min;
    if (kib < min)
        return virt__status_set(c->st, VIRT_E_INVAL, 0, "libxl: <video><model type='%s' vram='%lu'>: at least %lu KiB needed",
                                model, kib, min);
    b->video_memkb = kib;
    return VIRT_OK;
}

/* An HVM guest's display is b_info.u.hvm's copy of the first vfb. */
VIRT__PRIVATE int virt__xl_hvm_display(virt__xl_conv *c)
{
    libxl_domain_config *cfg = c->cfg;
    libxl_domain_build_info *b = &cfg->b_info;
    int rc;
    if (!cfg->num_vfbs) {
        libxl_defbool_set(&b->u.hvm.vnc.enable, false);
        libxl_defbool_set(&b->u.hvm.sdl.enable, false);
        return VIRT_OK;
    }
    b->u.hvm.vnc.enable = cfg->vfbs[0].vnc.enable;
    b->u.hvm.vnc.findunused = cfg->vfbs[0].vnc.findunused;
    b->u.hvm.vnc.display = cfg->vfbs[0].vnc.display;
    b->u.hvm.sdl.enable = cfg->vfbs[0].sdl.enable;
    if ((rc = virt__xl_dup(c, &b->u.hvm.vnc.listen, cfg->vfbs[0].vnc.listen)) != VIRT_OK) return rc;
    if ((rc = virt__xl_dup(c, &b->u.hvm.vnc.passwd, cfg->vfbs[0].vnc.passwd)) != VIRT_OK) return rc;
    return virt__xl_dup(c, &b->u.hvm.keymap, cfg->vfbs[0].keymap);
}

VIRT__PRIVATE int virt__xl_controller(virt__xl_conv *c, const virt_controller_def *k)
{
    libxl_domain_build_info *b = &c->cfg->b_info;
    unsigned long v;
    int rc;
    if (!virt__xl_streq(k->type, "xenbus")) return VIRT_OK;   /* ide, usb ...: implicit in libxl */
    if (k->max_grant_frames) {
        if ((rc = virt__xl_number(c, "<controller maxGrantFrames=''>", k->max_grant_frames, 0xffffffffUL, &v)) != VIRT_OK) return rc;
        b->max_grant_frames = (uint32_t)v;
    }
    if (k->max_event_channels) {
        if ((rc = virt__xl_number(c, "<controller maxEventChannels=''>", k->max_event_channels, 0xffffffffUL, &v)) != VIRT_OK) return rc;
        b->event_channels = (uint32_t)v;
    }
    return VIRT_OK;
}

/* A Xen PV channel (<channel><target type='xen' name=''/>), pty or a unix
 * socket libxl listens on (libvirt's libxlMakeChannel). */
VIRT__PRIVATE int virt__xl_channel(virt__xl_conv *c, const virt_chardev_def *ch)
{
    libxl_domain_config *cfg = c->cfg;
    libxl_device_channel *x;
    int pty = virt__xl_streq(ch->type, "pty"), rc;
    if (!virt__xl_streq(ch->target_type, "xen")) return virt__xl_refuse(c, "a <channel> other than target type xen");
    if (!pty && !(virt__xl_streq(ch->type, "unix") && ch->source[0].path))
        return virt__xl_refuse(c, "a <channel> other than pty or unix");
    x = (libxl_device_channel *)virt__xl_grow((void **)&cfg->channels, &cfg->num_channels, sizeof *x);
    if (!x) return virt__xl_nomem(c);
    libxl_device_channel_init(x);
    libxl_device_channel_init_connection(x, pty ? LIBXL_CHANNEL_CONNECTION_PTY : LIBXL_CHANNEL_CONNECTION_SOCKET);
    x->devid = cfg->num_channels - 1;
    if ((rc = virt__xl_dup(c, &x->name, ch->target_name)) != VIRT_OK) return rc;
    return pty ? VIRT_OK : virt__xl_dup(c, &x->u.socket.path, ch->source[0].path);
}

VIRT__PRIVATE int virt__xl_sound(virt__xl_conv *c, const virt_sound_def *s)
{
    if (!c->hvm) return virt__xl_refuse(c, "<sound> of a PV guest");
    if (c->cfg->b_info.u.hvm.soundhw) return virt__xl_refuse(c, "a second <sound>");
    return virt__xl_dup(c, &c->cfg->b_info.u.hvm.soundhw, s->model ? s->model : "");
}

/* Every device in document order; the kinds libxl has no place for are refused. */
VIRT__PRIVATE int virt__xl_devices(virt__xl_conv *c)
{
    const virt_domain_def *d = c->def;
    size_t i;
    int rc = VIRT_OK;
    for (i = 0; i < d->ndevices && rc == VIRT_OK; i++) {
        const virt_device_def *dev = &d->devices[i];
        switch (dev->kind) {
        case VIRT_DEVICE_DISK: rc = virt__xl_disk(c, &dev->u.disk); break;
        case VIRT_DEVICE_INTERFACE: rc = virt__xl_nic(c, &dev->u.net); break;
        case VIRT_DEVICE_GRAPHICS: rc = virt__xl_vfb(c, &dev->u.graphics); break;
        case VIRT_DEVICE_HOSTDEV: rc = virt__xl_pci(c, &dev->u.hostdev); break;
        case VIRT_DEVICE_CONTROLLER: rc = virt__xl_controller(c, &dev->u.controller); break;
        case VIRT_DEVICE_SOUND: rc = virt__xl_sound(c, &dev->u.sound); break;
        case VIRT_DEVICE_SERIAL: case VIRT_DEVICE_CONSOLE: case VIRT_DEVICE_INPUT:
        case VIRT_DEVICE_VIDEO: case VIRT_DEVICE_MEMBALLOON:
            break;   /* read by the build-info steps below */
        case VIRT_DEVICE_PARALLEL: rc = virt__xl_refuse(c, "<parallel>"); break;
        case VIRT_DEVICE_CHANNEL: rc = virt__xl_channel(c, &dev->u.console); break;
        case VIRT_DEVICE_WATCHDOG: rc = virt__xl_refuse(c, "<watchdog>"); break;
        }
    }
    return rc;
}

VIRT__PRIVATE int virt__xl_hvm_build(virt__xl_conv *c)
{
    int rc;
    if ((rc = virt__xl_hvm_firmware(c)) != VIRT_OK) return rc;
    if ((rc = virt__xl_video(c)) != VIRT_OK) return rc;
    if ((rc = virt__xl_hvm_display(c)) != VIRT_OK) return rc;
    if ((rc = virt__xl_serials(c)) != VIRT_OK) return rc;
    return virt__xl_usb_inputs(c);
}

/* The first element of the domain model the libxl and xl.cfg conversions
 * do not carry yet (the model grew after they were written), or NULL:
 * refused by name rather than dropped. */
VIRT__PRIVATE const char *virt__xl_not_carried(const virt_domain_def *d)
{
    size_t i;
    if (d->max_memory_slots) return "<maxMemory slots=''>";
    if (d->has_numatune_memory || d->nmemnodes) return "<numatune>";
    if (d->has_cpu) return "<cpu>";
    if (d->has_hyperv) return "<features><hyperv>";
    if (d->xen_e820_host || d->xen_passthrough || d->xen_passthrough_mode) return "<features><xen>";
    if (d->smbios_mode) return "<os><smbios>";
    for (i = 0; i < d->ndevices; i++) {
        const virt_device_def *dev = &d->devices[i];
        if (dev->kind == VIRT_DEVICE_DISK && (dev->u.disk.type == VIRT_DISK_NETWORK || dev->u.disk.protocol))
            return "<disk type='network'>";
        if (dev->kind == VIRT_DEVICE_INTERFACE && dev->u.net.nmore_ips) return "a second <interface><ip>";
    }
    return NULL;
}

/* >>xlconv api */

VIRT__PRIVATE int virt__xl_build(virt__xl_conv *c)
{
    const virt_domain_def *d = c->def;
    libxl_domain_config *cfg = c->cfg;
    const char *missing;
    int rc;
    if (d->unsupported)
        return virt__status_set(c->st, VIRT_E_UNSUPPORTED, 0, "libxl: %s is not supported by virt's domain model", d->unsupported);
    if ((missing = virt__xl_not_carried(d)) != NULL)
        return virt__status_set(c->st, VIRT_E_UNSUPPORTED, 0, "libxl: %s is not carried to libxl by virt yet", missing);
    if (d->type && strcmp(d->type, "xen") != 0)
        return virt__status_set(c->st, VIRT_E_UNSUPPORTED, 0, "libxl: <domain type='%s'> is not a Xen domain", d->type);
    if ((rc = virt__xl_create_info(c)) != VIRT_OK) return rc;
    libxl_domain_build_info_init_type(&cfg->b_info, cfg->c_info.type);
    cfg->on_poweroff = virt__xl_action(d->on_poweroff, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    cfg->on_reboot = virt__xl_action(d->on_reboot, LIBXL_ACTION_ON_SHUTDOWN_RESTART);
    cfg->on_crash = virt__xl_action(d->on_crash, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    if ((rc = virt__xl_vcpus_memory(c)) != VIRT_OK) return rc;
    if ((rc = virt__xl_features(c)) != VIRT_OK) return rc;
    if ((rc = virt__xl_clock(c)) != VIRT_OK) return rc;
    if ((rc = virt__xl_boot_source(c)) != VIRT_OK) return rc;
    if ((rc = virt__xl_emulator(c)) != VIRT_OK) return rc;
    if ((rc = virt__xl_devices(c)) != VIRT_OK) return rc;
    if (c->hvm) return virt__xl_hvm_build(c);
    return virt__xl_serials(c);
}

VIRT_API int virt_xl_config_from_def(const virt_domain_def *def, libxl_domain_config *cfg, virt_status *st)
{
    virt__xl_conv c;
    int rc;
    virt__status_clear(st);
    if (!cfg) return virt__status_set(st, VIRT_E_INVAL, 0, "libxl: no config to fill");
    libxl_domain_config_init(cfg);
    if (!def || !def->name) return virt__status_set(st, VIRT_E_INVAL, 0, "libxl: a domain needs a name");
    c.def = def;
    c.cfg = cfg;
    c.st = st;
    c.hvm = 0;
    rc = virt__xl_build(&c);
    if (rc != VIRT_OK) {
        libxl_domain_config_dispose(cfg);
        libxl_domain_config_init(cfg);
    }
    return rc;
}

/* >>xlcfg: xl.cfg(5) -> virt_domain_def (libvirt's xenParseXL, "xen-xl") */

/* Parse state: libxlutil's config, the definition being filled, the status. */
typedef struct virt__xlp {
    XLU_Config *cfg;
    FILE *report;               /* libxlutil's messages, into report_text */
    char *report_text;
    size_t report_len;
    virt_domain_def *def;
    virt_status *st;
    int hvm;
} virt__xlp;

VIRT__PRIVATE int virt__xlp_nomem(virt__xlp *p)
{
    return virt__status_set(p->st, VIRT_E_NOMEM, 0, "xl.cfg: out of memory");
}

/* A string key; NULL when absent. A key of another type is an error. */
VIRT__PRIVATE int virt__xlp_str(virt__xlp *p, const char *key, const char **out)
{
    int e = xlu_cfg_get_string(p->cfg, key, out, 1);
    if (e == ESRCH) { *out = NULL; return VIRT_OK; }
    if (e) return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: %s must be a string", key);
    return VIRT_OK;
}

/* A number key (xl writes them bare; libvirt also accepts them quoted). */
VIRT__PRIVATE int virt__xlp_long(virt__xlp *p, const char *key, long dflt, long *out)
{
    const char *s;
    char *end;
    int e = xlu_cfg_get_long(p->cfg, key, out, 1);
    if (e == ESRCH) { *out = dflt; return VIRT_OK; }
    if (e == 0) return VIRT_OK;
    if (xlu_cfg_get_string(p->cfg, key, &s, 1) == 0) {
        errno = 0;
        *out = strtol(s, &end, 10);
        if (!errno && end != s && !*end) return VIRT_OK;
    }
    return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: %s is not a number", key);
}

/* 1 when s is well-formed UTF-8 without control characters: what domain
 * XML can carry unchanged (its writer drops C0 controls). */
VIRT__PRIVATE int virt__xlp_text_ok(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        int more = *u < 0x80 ? 0 : (*u & 0xe0) == 0xc0 ? 1 : (*u & 0xf0) == 0xe0 ? 2 : (*u & 0xf8) == 0xf0 ? 3 : -1;
        if (more < 0 || *u < 0x20 || *u == 0x7f || (more == 1 && *u < 0xc2)) return 0;
        for (u++; more > 0; more--, u++)
            if ((*u & 0xc0) != 0x80) return 0;
    }
    return 1;
}

VIRT__PRIVATE int virt__xlp_set(virt__xlp *p, char **dst, const char *value)
{
    if (!value) return VIRT_OK;
    if (!virt__xlp_text_ok(value))
        return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: the value '%s' is not UTF-8 text", value);
    {
        char *copy = virt__strdup(value);
        if (!copy) return virt__xlp_nomem(p);
        virt__def_put(p->def, dst, copy);
    }
    return VIRT_OK;
}

VIRT__PRIVATE virt_device_def *virt__xlp_device(virt__xlp *p, virt_device_kind kind)
{
    virt_device_def *d = virt__def_append(p->def, kind);
    if (!d) virt__status_set(p->st, p->def->ndevices >= VIRT_XML_MAX_DEVICES ? VIRT_E_LIMIT : VIRT_E_NOMEM, 0,
                             "xl.cfg: out of memory or more than %d devices", VIRT_XML_MAX_DEVICES);
    return d;
}

/* Keys libvirt's xen-xl parser reads that virt does not carry yet: refused,
 * never ignored (the config would lose them on the way to XML). */
VIRT__PRIVATE int virt__xlp_unsupported_keys(virt__xlp *p)
{
    static const char *const keys[] = {
        "cpus", "cpuid", "nestedhvm", "vnuma", "pci", "pci_permissive", "usb", "usbctrl", "usbdev",
        "usbdevice", "spice", "spicehost", "spiceport", "spicetls_port", "vfb", "hpet",
        "tsc_mode", "device_model_args", "device_model_args_hvm", "device_model_args_pv", "soundhw",
        "e820_host", "vga", "videoram", "stdvga", "nographic", "rtc_timeoffset_adjustment",
        "max_grant_frames", "passthrough", "tty", "cpu_weight", "cap", "cpu_cap", "nomigrate", NULL
    };
    XLU_ConfigList *list;
    const char *s;
    long l;
    int n, i;
    for (i = 0; keys[i]; i++)
        if (xlu_cfg_get_string(p->cfg, keys[i], &s, 1) != ESRCH || xlu_cfg_get_long(p->cfg, keys[i], &l, 1) != ESRCH ||
            xlu_cfg_get_list(p->cfg, keys[i], &list, &n, 1) != ESRCH)
            return virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: '%s' is not supported by virt yet", keys[i]);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xlp_identity(virt__xlp *p)
{
    const char *name, *uuid;
    int rc;
    if ((rc = virt__xlp_str(p, "name", &name)) != VIRT_OK || (rc = virt__xlp_str(p, "uuid", &uuid)) != VIRT_OK) return rc;
    if (!name || !*name) return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: name is missing or empty");
    if ((rc = virt__xlp_set(p, &p->def->name, name)) != VIRT_OK || (rc = virt__xlp_set(p, &p->def->type, "xen")) != VIRT_OK)
        return rc;
    if (uuid && virt_uuid_parse(uuid, p->def->uuid) != 0)
        return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: uuid '%s' is not a UUID", uuid);
    p->def->has_uuid = uuid != NULL;
    return VIRT_OK;
}

/* memory/maxmem in MiB (libvirt's default 2 * 32 MiB), vcpus/maxvcpus. */
VIRT__PRIVATE int virt__xlp_sizes(virt__xlp *p)
{
    virt_domain_def *d = p->def;
    long mem, maxmem, vcpus, maxvcpus;
    char num[24];
    int rc;
    if ((rc = virt__xlp_long(p, "memory", 64, &mem)) != VIRT_OK) return rc;
    if ((rc = virt__xlp_long(p, "maxmem", mem, &maxmem)) != VIRT_OK) return rc;
    if ((rc = virt__xlp_long(p, "vcpus", 1, &vcpus)) != VIRT_OK) return rc;
    if ((rc = virt__xlp_long(p, "maxvcpus", vcpus, &maxvcpus)) != VIRT_OK) return rc;
    if (mem <= 0 || maxmem < mem || maxmem > (1L << 30))
        return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: memory %ld / maxmem %ld MiB are out of range", mem, maxmem);
    if (vcpus <= 0 || maxvcpus < vcpus || maxvcpus > 4096)
        return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: vcpus %ld / maxvcpus %ld are out of range", vcpus, maxvcpus);
    d->memory_kib = (unsigned long long)maxmem * 1024;
    d->current_memory_kib = (unsigned long long)mem * 1024;
    d->vcpus = (unsigned)maxvcpus;
    if ((rc = virt__xlp_set(p, &d->vcpu_placement, "static")) != VIRT_OK) return rc;
    snprintf(num, sizeof num, "%ld", vcpus);
    return vcpus != maxvcpus ? virt__xlp_set(p, &d->vcpu_current, num) : VIRT_OK;
}

VIRT__PRIVATE int virt__xlp_lifecycle(virt__xlp *p, const char *key, virt_lifecycle dflt, virt_lifecycle *out)
{
    const char *s;
    int rc = virt__xlp_str(p, key, &s);
    if (rc != VIRT_OK) return rc;
    *out = s ? virt_lifecycle_from_string(s) : dflt;
    if (*out == VIRT_LIFECYCLE_UNSET)
        return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: %s = \"%s\" is not a lifecycle action", key, s);
    return VIRT_OK;
}

/* builder/type, firmware, kernel and boot order. */
VIRT__PRIVATE int virt__xlp_os(virt__xlp *p)
{
    virt_domain_def *d = p->def;
    const char *builder, *type, *bios, *biospath, *kernel, *ramdisk, *cmdline, *extra, *root, *boot, *bl;
    int rc;
    if ((rc = virt__xlp_str(p, "builder", &builder)) || (rc = virt__xlp_str(p, "type", &type)) ||
        (rc = virt__xlp_str(p, "bios", &bios)) || (rc = virt__xlp_str(p, "bios_path_override", &biospath)) ||
        (rc = virt__xlp_str(p, "kernel", &kernel)) || (rc = virt__xlp_str(p, "ramdisk", &ramdisk)) ||
        (rc = virt__xlp_str(p, "cmdline", &cmdline)) || (rc = virt__xlp_str(p, "extra", &extra)) ||
        (rc = virt__xlp_str(p, "root", &root)) || (rc = virt__xlp_str(p, "boot", &boot)) ||
        (rc = virt__xlp_str(p, "bootloader", &bl)))
        return rc;
    p->hvm = virt__xl_streq(type, "hvm") || (!type && virt__xl_streq(builder, "hvm"));
    if (virt__xl_streq(type, "pvh")) return virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: type = \"pvh\" is not supported by virt yet");
    if ((rc = virt__xlp_set(p, &d->os.type, p->hvm ? "hvm" : "linux")) || (rc = virt__xlp_set(p, &d->os.arch, "x86_64")) ||
        (rc = virt__xlp_set(p, &d->os.machine, p->hvm ? "xenfv" : "xenpv")))
        return rc;
    if (p->hvm) {
        int ovmf = virt__xl_streq(bios, "ovmf");
        if ((rc = virt__xlp_set(p, &d->os.loader, biospath ? biospath : ovmf ? "/usr/share/qemu/ovmf-x86_64-xen.bin"
                                                                       : "/usr/lib/xen/boot/hvmloader")) ||
            (rc = virt__xlp_set(p, &d->loader_type, ovmf ? "pflash" : "rom")) ||
            (rc = virt__xlp_set(p, &d->loader_format, "raw")) ||
            (ovmf && (rc = virt__xlp_set(p, &d->loader_readonly, "yes"))))
            return rc;
    }
    /* xl.cfg(5): cmdline, when set, is the whole command line and extra
     * and root are ignored (libvirt reads them the same way) */
    if (cmdline) root = NULL;
    else cmdline = extra;
    if (root) {   /* libvirt folds root= into the command line */
        size_t n = strlen(root) + (cmdline ? strlen(cmdline) : 0) + 8;
        char *joined;
        if (!virt__xlp_text_ok(root) || (cmdline && !virt__xlp_text_ok(cmdline)))
            return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: root or extra is not UTF-8 text");
        joined = (char *)VIRT_MALLOC(n);
        if (!joined) return virt__xlp_nomem(p);
        snprintf(joined, n, cmdline ? "root=%s %s" : "root=%s", root, cmdline ? cmdline : "");
        virt__def_put(d, &d->os.cmdline, joined);
        cmdline = NULL;
    }
    if ((rc = virt__xlp_set(p, &d->os.kernel, kernel)) || (rc = virt__xlp_set(p, &d->os.initrd, ramdisk)) ||
        (rc = virt__xlp_set(p, &d->os.cmdline, cmdline)) ||
        (rc = virt__xlp_set(p, &d->bootloader, bl)))
        return rc;
    for (; p->hvm && boot && *boot && d->nboot < VIRT_XML_MAX_BOOT; boot++) {
        const char *dev = *boot == 'a' ? "fd" : *boot == 'd' ? "cdrom" : *boot == 'n' ? "network" : "hd";
        if (!(d->boot_devs[d->nboot++] = virt__strdup(dev))) return virt__xlp_nomem(p);
    }
    if (p->hvm && !d->nboot && !d->os.kernel) {
        if (!(d->boot_devs[d->nboot++] = virt__strdup("hd"))) return virt__xlp_nomem(p);
    }
    return d->nboot ? virt__xlp_set(p, &d->os.boot_dev, d->boot_devs[0]) : VIRT_OK;
}

/* pae/acpi/apic/viridian/hap, clock, lifecycle, emulator. */
VIRT__PRIVATE int virt__xlp_features(virt__xlp *p)
{
    virt_domain_def *d = p->def;
    long pae, acpi, apic, viridian, hap, localtime, offset;
    const char *dm;
    char num[24];
    int rc;
    if ((rc = virt__xlp_long(p, "pae", 1, &pae)) || (rc = virt__xlp_long(p, "acpi", 1, &acpi)) ||
        (rc = virt__xlp_long(p, "apic", 1, &apic)) || (rc = virt__xlp_long(p, "viridian", 0, &viridian)) ||
        (rc = virt__xlp_long(p, "hap", -1, &hap)) || (rc = virt__xlp_long(p, "localtime", 0, &localtime)) ||
        (rc = virt__xlp_long(p, "rtc_timeoffset", 0, &offset)) || (rc = virt__xlp_str(p, "device_model_override", &dm)))
        return rc;
    if (p->hvm) {
        if (viridian) return virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: viridian is not supported by virt yet");
        d->features |= (pae ? VIRT_FEATURE_PAE : 0) | (acpi ? VIRT_FEATURE_ACPI : 0) | (apic ? VIRT_FEATURE_APIC : 0) |
                       (hap == 1 ? VIRT_FEATURE_HAP : hap == 0 ? VIRT_FEATURE_HAP_OFF : 0);
        snprintf(num, sizeof num, "%ld", offset);
        if ((rc = virt__xlp_set(p, &d->clock_offset, "variable")) || (rc = virt__xlp_set(p, &d->clock_adjustment, num)) ||
            (rc = virt__xlp_set(p, &d->clock_basis, localtime ? "localtime" : "utc")) || (rc = virt__xlp_set(p, &d->emulator, dm)))
            return rc;
    } else {
        if (offset) return virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: rtc_timeoffset of a PV guest");
        /* libvirt's PV clock follows dom0's and is reset at each start */
        if ((rc = virt__xlp_set(p, &d->clock_offset, localtime ? "localtime" : "utc")) ||
            (rc = virt__xlp_set(p, &d->clock_adjustment, "reset")))
            return rc;
        d->localtime = localtime != 0;
    }
    if ((rc = virt__xlp_lifecycle(p, "on_poweroff", VIRT_LIFECYCLE_DESTROY, &d->on_poweroff)) ||
        (rc = virt__xlp_lifecycle(p, "on_reboot", VIRT_LIFECYCLE_RESTART, &d->on_reboot)))
        return rc;
    return virt__xlp_lifecycle(p, "on_crash", VIRT_LIFECYCLE_RESTART, &d->on_crash);
}

/* One disk spec, parsed by libxlutil's xlu_disk_parse (positional and
 * key=value forms alike), then mapped as libvirt's xenParseXLDisk does. */
VIRT__PRIVATE int virt__xlp_disk(virt__xlp *p, const char *spec)
{
    libxl_device_disk x;
    virt_device_def *dev;
    virt_disk_def *dk;
    const char *fmt, *drv;
    char lower[16];
    size_t i;
    int rc = VIRT_OK;
    libxl_device_disk_init(&x);
    if (xlu_disk_parse(p->cfg, 1, &spec, &x) != 0) {
        libxl_device_disk_dispose(&x);
        return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: disk '%s' is not a disk spec", spec);
    }
    if (x.script || x.direct_io_safe || libxl_defbool_is_default(x.discard_enable) == 0) {
        rc = virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: disk '%s': script/discard/direct-io-safe", spec);
        goto out;
    }
    if (!x.vdev || !*x.vdev) {
        rc = virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: disk '%s' has no vdev", spec);
        goto out;
    }
    if ((x.backend == LIBXL_DISK_BACKEND_PHY || !x.is_cdrom) && (!x.pdev_path || !*x.pdev_path)) {
        /* libxlutil itself refuses a disk that is not a CD-ROM, or has
         * backendtype=phy, without a target (an empty one slips through) */
        rc = virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: disk '%s' needs a target", spec);
        goto out;
    }
    if (x.pdev_path && strncmp(x.pdev_path, "rbd:", 4) == 0) {
        /* libvirt makes a network disk of it, which virt's model has not */
        rc = virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: disk '%s': an rbd network disk", spec);
        goto out;
    }
    fmt = x.format == LIBXL_DISK_FORMAT_EMPTY || x.format == LIBXL_DISK_FORMAT_UNKNOWN ? "raw"
        : libxl_disk_format_to_string(x.format);
    drv = x.backend == LIBXL_DISK_BACKEND_PHY ? "phy" : x.backend == LIBXL_DISK_BACKEND_TAP ? "tap" : "qemu";
    for (i = 0; fmt && fmt[i] && i + 1 < sizeof lower; i++) lower[i] = (char)tolower((unsigned char)fmt[i]);
    lower[i] = '\0';
    if (!(dev = virt__xlp_device(p, VIRT_DEVICE_DISK))) { rc = p->st ? p->st->code : VIRT_E_NOMEM; goto out; }
    dk = &dev->u.disk;
    dk->type = x.backend == LIBXL_DISK_BACKEND_PHY && x.pdev_path ? VIRT_DISK_BLOCK : VIRT_DISK_FILE;
    dk->device = x.is_cdrom ? VIRT_DISK_DEVICE_CDROM : VIRT_DISK_DEVICE_DISK;
    dk->readonly = !x.readwrite || x.is_cdrom;
    if ((rc = virt__xlp_set(p, &dk->driver_name, drv)) || (rc = virt__xlp_set(p, &dk->driver_type, lower)) ||
        (rc = virt__xlp_set(p, &dk->source, x.pdev_path && *x.pdev_path ? x.pdev_path : NULL)) ||
        (rc = virt__xlp_set(p, &dk->target, x.vdev)))
        goto out;
out:
    libxl_device_disk_dispose(&x);
    return rc;
}

/* A list key whose items are strings; *n 0 when absent. A plain string
 * counts as a one-item list (serial = "pty"). */
VIRT__PRIVATE int virt__xlp_list(virt__xlp *p, const char *key, XLU_ConfigList **list, int *n, const char **single)
{
    int e = xlu_cfg_get_list(p->cfg, key, list, n, 1);
    *single = NULL;
    if (e == ESRCH) { *n = 0; return VIRT_OK; }
    if (e == 0) return VIRT_OK;
    if (xlu_cfg_get_string(p->cfg, key, single, 1) == 0) { *n = 1; *list = NULL; return VIRT_OK; }
    return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: %s must be a list of strings", key);
}

VIRT__PRIVATE const char *virt__xlp_item(virt__xlp *p, XLU_ConfigList *list, const char *single, int i)
{
    (void)p;
    return list ? xlu_cfg_get_listitem(list, i) : single;
}

VIRT__PRIVATE int virt__xlp_disks(virt__xlp *p)
{
    XLU_ConfigList *list;
    const char *single, *spec;
    int n, i, rc;
    if ((rc = virt__xlp_list(p, "disk", &list, &n, &single)) != VIRT_OK) return rc;
    for (i = 0; i < n; i++) {
        if (!(spec = virt__xlp_item(p, list, single, i)))
            return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: disk item %d is not a string", i);
        if ((rc = virt__xlp_disk(p, spec)) != VIRT_OK) return rc;
    }
    return VIRT_OK;
}

/* One vif spec "key=value,key=value" (xl-network-configuration(5)). */
VIRT__PRIVATE int virt__xlp_vif(virt__xlp *p, const char *spec)
{
    virt_device_def *dev = virt__xlp_device(p, VIRT_DEVICE_INTERFACE);
    virt_net_def *n;
    const char *at = spec;
    unsigned char mac[6];
    if (!dev) return p->st ? p->st->code : VIRT_E_NOMEM;
    n = &dev->u.net;
    n->type = VIRT_NET_ETHERNET;
    while (*at) {
        const char *end = strchr(at, ','), *eq;
        char key[32], val[512];
        size_t klen, vlen;
        if (!end) end = at + strlen(at);
        eq = (const char *)memchr(at, '=', (size_t)(end - at));
        while (*at == ' ') at++;
        if (!eq || (klen = (size_t)(eq - at)) >= sizeof key || (vlen = (size_t)(end - eq - 1)) >= sizeof val)
            return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: vif '%s' is not key=value,...", spec);
        memcpy(key, at, klen); key[klen] = '\0';
        memcpy(val, eq + 1, vlen); val[vlen] = '\0';
        if (!strcmp(key, "mac")) {
            if (virt_mac_parse(val, mac) != 0) return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: vif mac '%s' is not a MAC address", val);
            if (virt__xlp_set(p, &n->mac, val)) return VIRT_E_NOMEM;
        } else if (!strcmp(key, "bridge")) {
            n->type = VIRT_NET_BRIDGE;
            if (virt__xlp_set(p, &n->source, val)) return VIRT_E_NOMEM;
        } else if (!strcmp(key, "script")) {
            /* libvirt turns an Open vSwitch bridge.TAG into <virtualport>/<vlan> */
            if (strstr(val, "openvswitch"))
                return virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: vif '%s': Open vSwitch is not supported by virt yet", spec);
            if (virt__xlp_set(p, &n->script, val)) return VIRT_E_NOMEM;
        }
        else if (!strcmp(key, "model")) { if (virt__xlp_set(p, &n->model, val)) return VIRT_E_NOMEM; }
        else if (!strcmp(key, "vifname")) { if (virt__xlp_set(p, &n->target, val)) return VIRT_E_NOMEM; }
        else if (!strcmp(key, "ip") && !strchr(val, ' ')) { if (virt__xlp_set(p, &n->ip, val)) return VIRT_E_NOMEM; }
        else if (strcmp(key, "type") != 0)
            return virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: vif setting '%s' is not supported by virt yet", key);
        at = *end ? end + 1 : end;
    }
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xlp_vifs(virt__xlp *p)
{
    XLU_ConfigList *list;
    const char *single, *spec;
    int n, i, rc;
    if ((rc = virt__xlp_list(p, "vif", &list, &n, &single)) != VIRT_OK) return rc;
    for (i = 0; i < n; i++) {
        if (!(spec = virt__xlp_item(p, list, single, i)))
            return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: vif item %d is not a string", i);
        if ((rc = virt__xlp_vif(p, spec)) != VIRT_OK) return rc;
    }
    return VIRT_OK;
}

/* HVM graphics: sdl, vnc, vncunused, vncdisplay, vnclisten, vncpasswd, keymap. */
VIRT__PRIVATE int virt__xlp_graphics(virt__xlp *p)
{
    long vnc, sdl, unused, display;
    const char *listen, *passwd, *keymap;
    virt_device_def *dev;
    int rc;
    if ((rc = virt__xlp_long(p, "vnc", 0, &vnc)) || (rc = virt__xlp_long(p, "sdl", 0, &sdl)) ||
        (rc = virt__xlp_long(p, "vncunused", 1, &unused)) || (rc = virt__xlp_long(p, "vncdisplay", 0, &display)) ||
        (rc = virt__xlp_str(p, "vnclisten", &listen)) || (rc = virt__xlp_str(p, "vncpasswd", &passwd)) ||
        (rc = virt__xlp_str(p, "keymap", &keymap)))
        return rc;
    if (!p->hvm && (vnc || sdl)) return virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: vnc/sdl of a PV guest (use vfb)");
    if (sdl) return virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: sdl is not supported by virt yet");
    if (!vnc) return VIRT_OK;
    if (display < 0 || display > 65535 - 5900) return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: vncdisplay %ld is out of range", display);
    if (!(dev = virt__xlp_device(p, VIRT_DEVICE_GRAPHICS))) return p->st ? p->st->code : VIRT_E_NOMEM;
    dev->u.graphics.type = VIRT_GRAPHICS_VNC;
    dev->u.graphics.autoport = unused ? 1 : 0;
    dev->u.graphics.port = unused ? -1 : (int)(5900 + display);
    if ((rc = virt__xlp_set(p, &dev->u.graphics.listen, listen)) || (rc = virt__xlp_set(p, &dev->u.graphics.passwd, passwd)))
        return rc;
    return virt__xlp_set(p, &dev->u.graphics.keymap, keymap);
}

/* serial = "none" | "pty" | [ ... ]; parallel must be none. */
VIRT__PRIVATE int virt__xlp_serials(virt__xlp *p)
{
    XLU_ConfigList *list;
    const char *single, *item, *par;
    int n, i, rc;
    if ((rc = virt__xlp_str(p, "parallel", &par)) != VIRT_OK) return rc;
    if (par && strcmp(par, "none") != 0) return virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: parallel = \"%s\"", par);
    if ((rc = virt__xlp_list(p, "serial", &list, &n, &single)) != VIRT_OK) return rc;
    for (i = 0; i < n; i++) {
        virt_device_def *dev;
        if (!(item = virt__xlp_item(p, list, single, i)))
            return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: serial item %d is not a string", i);
        if (strcmp(item, "none") == 0) continue;
        if (strcmp(item, "pty") != 0) return virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: serial \"%s\" is not supported by virt yet", item);
        if (!p->hvm) return virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: serial of a PV guest");
        if (!(dev = virt__xlp_device(p, VIRT_DEVICE_SERIAL))) return p->st ? p->st->code : VIRT_E_NOMEM;
        if ((rc = virt__xlp_set(p, &dev->u.console.type, "pty"))) return rc;
    }
    return VIRT_OK;
}

/* One channel spec "connection=pty|socket,path=...,name=..." (xl.cfg(5),
 * libvirt's xenParseXLChannel): a Xen PV channel. */
VIRT__PRIVATE int virt__xlp_channel(virt__xlp *p, const char *spec)
{
    char conn[16] = "", path[512] = "", name[256] = "";
    const char *at = spec;
    virt_device_def *dev;
    virt_chardev_def *ch;
    while (*at) {
        const char *end = strchr(at, ','), *eq;
        size_t klen, vlen;
        char *dst;
        size_t cap;
        if (!end) end = at + strlen(at);
        eq = (const char *)memchr(at, '=', (size_t)(end - at));
        if (!eq) return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: channel '%s' is not key=value,...", spec);
        klen = (size_t)(eq - at);
        vlen = (size_t)(end - eq - 1);
        if (klen == 10 && !strncmp(at, "connection", 10)) { dst = conn; cap = sizeof conn; }
        else if (klen == 4 && !strncmp(at, "path", 4)) { dst = path; cap = sizeof path; }
        else if (klen == 4 && !strncmp(at, "name", 4)) { dst = name; cap = sizeof name; }
        else return virt__status_set(p->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: channel '%s': a setting virt does not carry", spec);
        if (vlen >= cap) return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: channel '%s': a value is too long", spec);
        memcpy(dst, eq + 1, vlen);
        dst[vlen] = '\0';
        at = *end ? end + 1 : end;
    }
    if (strcmp(conn, "pty") != 0 && strcmp(conn, "socket") != 0)
        return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: channel '%s': connection must be pty or socket", spec);
    if (!strcmp(conn, "socket") && !*path)
        return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: channel '%s': a socket needs a path", spec);
    if (!(dev = virt__xlp_device(p, VIRT_DEVICE_CHANNEL))) return p->st ? p->st->code : VIRT_E_NOMEM;
    ch = &dev->u.console;
    if (virt__xlp_set(p, &ch->type, !strcmp(conn, "pty") ? "pty" : "unix") ||
        virt__xlp_set(p, &ch->target_type, "xen") || virt__xlp_set(p, &ch->target_name, *name ? name : NULL))
        return p->st ? p->st->code : VIRT_E_NOMEM;
    if (!strcmp(conn, "socket") && (virt__xlp_set(p, &ch->source[0].mode, "bind") || virt__xlp_set(p, &ch->source[0].path, path)))
        return p->st ? p->st->code : VIRT_E_NOMEM;
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xlp_channels(virt__xlp *p)
{
    XLU_ConfigList *list;
    const char *single, *spec;
    int n, i, rc;
    if ((rc = virt__xlp_list(p, "channel", &list, &n, &single)) != VIRT_OK) return rc;
    for (i = 0; i < n; i++) {
        if (!(spec = virt__xlp_item(p, list, single, i)))
            return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: channel item %d is not a string", i);
        if ((rc = virt__xlp_channel(p, spec)) != VIRT_OK) return rc;
    }
    return VIRT_OK;
}

/* max_event_channels (and the xenbus controller libvirt always has). */
VIRT__PRIVATE int virt__xlp_xenbus(virt__xlp *p)
{
    virt_device_def *dev = virt__xlp_device(p, VIRT_DEVICE_CONTROLLER);
    long chans;
    char num[24];
    int rc;
    if (!dev) return p->st ? p->st->code : VIRT_E_NOMEM;
    if ((rc = virt__xlp_set(p, &dev->u.controller.type, "xenbus")) || (rc = virt__xlp_set(p, &dev->u.controller.index, "0")))
        return rc;
    if ((rc = virt__xlp_long(p, "max_event_channels", -1, &chans)) != VIRT_OK) return rc;
    if (chans < -1 || chans > 0x7fffffffL) return virt__status_set(p->st, VIRT_E_INVAL, 0, "xl.cfg: max_event_channels %ld", chans);
    snprintf(num, sizeof num, "%ld", chans);
    return chans >= 0 ? virt__xlp_set(p, &dev->u.controller.max_event_channels, num) : VIRT_OK;
}

/* What libvirt's libxl driver adds after parsing: implicit inputs, the
 * video card (cirrus, 8 MiB with upstream QEMU), the HVM console that is
 * serial 0, the PV console, the memory balloon. */
VIRT__PRIVATE int virt__xlp_implicit(virt__xlp *p)
{
    virt_domain_def *d = p->def;
    const char *bus = p->hvm ? "ps2" : "xen";
    virt_device_def *dev;
    size_t i;
    int graphics = 0, serials = 0, rc;
    for (i = 0; i < d->ndevices; i++) {
        graphics += d->devices[i].kind == VIRT_DEVICE_GRAPHICS;
        serials += d->devices[i].kind == VIRT_DEVICE_SERIAL;
    }
    {
        if (!(dev = virt__xlp_device(p, VIRT_DEVICE_INPUT)) || (rc = virt__xlp_set(p, &dev->u.input.type, "mouse")) ||
            (rc = virt__xlp_set(p, &dev->u.input.bus, bus)))
            return p->st ? p->st->code : VIRT_E_NOMEM;
        if (!(dev = virt__xlp_device(p, VIRT_DEVICE_INPUT)) || (rc = virt__xlp_set(p, &dev->u.input.type, "keyboard")) ||
            (rc = virt__xlp_set(p, &dev->u.input.bus, bus)))
            return p->st ? p->st->code : VIRT_E_NOMEM;
    }
    if (p->hvm && graphics) {
        if (!(dev = virt__xlp_device(p, VIRT_DEVICE_VIDEO)) || (rc = virt__xlp_set(p, &dev->u.video.model, "cirrus")) ||
            (rc = virt__xlp_set(p, &dev->u.video.vram, "8192")) || (rc = virt__xlp_set(p, &dev->u.video.heads, "1")))
            return p->st ? p->st->code : VIRT_E_NOMEM;
        dev->u.video.primary = 1;
    }
    if (!p->hvm || serials) {
        if (!(dev = virt__xlp_device(p, VIRT_DEVICE_CONSOLE)) || (rc = virt__xlp_set(p, &dev->u.console.type, "pty")) ||
            (rc = virt__xlp_set(p, &dev->u.console.target_type, p->hvm ? "serial" : "xen")))
            return p->st ? p->st->code : VIRT_E_NOMEM;
    }
    if (!(dev = virt__xlp_device(p, VIRT_DEVICE_MEMBALLOON)) || (rc = virt__xlp_set(p, &dev->u.memballoon.model, "xen")))
        return p->st ? p->st->code : VIRT_E_NOMEM;
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xlp_all(virt__xlp *p)
{
    int rc;
    if ((rc = virt__xlp_unsupported_keys(p)) || (rc = virt__xlp_identity(p)) || (rc = virt__xlp_sizes(p)) ||
        (rc = virt__xlp_os(p)) || (rc = virt__xlp_features(p)) || (rc = virt__xlp_disks(p)) ||
        (rc = virt__xlp_xenbus(p)) || (rc = virt__xlp_vifs(p)) || (rc = virt__xlp_graphics(p)) ||
        (rc = virt__xlp_serials(p)) || (rc = virt__xlp_channels(p)) || (rc = virt__xlp_implicit(p)))
        return rc;
    return virt_domain_def_apply_defaults(p->def, 0, p->st);
}

/* libxlutil reports errors on a FILE, for as long as the config lives
 * (xlu_disk_parse too): collect them in memory for the messages. */
VIRT__PRIVATE int virt__xlp_read(virt__xlp *p, const char *text, size_t len)
{
    int e;
    p->report = open_memstream(&p->report_text, &p->report_len);
    if (!p->report) return virt__status_set(p->st, VIRT_E_NOMEM, errno, "xl.cfg: out of memory");
    p->cfg = xlu_cfg_init(p->report, "xl.cfg");
    e = p->cfg ? xlu_cfg_readdata(p->cfg, text, (int)len) : ENOMEM;
    if (!e) return VIRT_OK;
    fflush(p->report);
    if (e == ENOMEM) return virt__status_set(p->st, VIRT_E_NOMEM, 0, "xl.cfg: out of memory");
    {
        size_t n = p->report_text ? strlen(p->report_text) : 0;
        while (n && (p->report_text[n - 1] == '\n' || p->report_text[n - 1] == ' ')) p->report_text[--n] = '\0';
        return virt__status_set(p->st, VIRT_E_SYNTAX, 0, "%s", n ? p->report_text : "xl.cfg: cannot parse the configuration");
    }
}

VIRT_API int virt_xl_cfg_parse(const char *text, size_t len, virt_domain_def **out, virt_status *st)
{
    virt__xlp p;
    int rc;
    virt__status_clear(st);
    if (out) *out = NULL;
    if (!text || !out) return virt__status_set(st, VIRT_E_INVAL, 0, "xl.cfg: no text");
    if (len == (size_t)-1) len = strlen(text);
    if (len > VIRT_XML_MAX_BYTES)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "xl.cfg: %lu bytes, more than the %lu allowed",
                                (unsigned long)len, (unsigned long)VIRT_XML_MAX_BYTES);
    if (memchr(text, '\0', len)) return virt__status_set(st, VIRT_E_SYNTAX, 0, "xl.cfg: a NUL byte in the text");
    memset(&p, 0, sizeof p);
    p.st = st;
    if ((rc = virt__xlp_read(&p, text, len)) == VIRT_OK) {
        if (!(p.def = virt_domain_def_new())) rc = virt__status_set(st, VIRT_E_NOMEM, 0, "xl.cfg: out of memory");
        else rc = virt__xlp_all(&p);
    }
    if (p.cfg) xlu_cfg_destroy(p.cfg);
    if (p.report) fclose(p.report);
    free(p.report_text);
    if (rc != VIRT_OK) { virt_domain_def_free(p.def); return rc; }
    *out = p.def;
    return VIRT_OK;
}

/* >>xlcfg write: virt_domain_def -> xl.cfg(5) text (libvirt's xenFormatXL order) */

typedef struct virt__xlw {
    const virt_domain_def *def;
    virt__buf b;
    virt_status *st;
    int hvm;
} virt__xlw;

VIRT__PRIVATE int virt__xlw_refuse(virt__xlw *w, const char *what)
{
    return virt__status_set(w->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: %s cannot be written as xl.cfg by virt", what);
}

/* A double-quoted xl.cfg string. libxlutil's lexer (xlu__cfgl_dequote)
 * reads \\ \" \n \t \r escapes, so those characters are written escaped;
 * libvirt's data has none of them, so its byte-exact output is unchanged.
 * Other control characters cannot come from a parsed XML document. */
VIRT__PRIVATE void virt__xlw_quoted(virt__buf *b, const char *v)
{
    virt__buf_puts(b, "\"");
    for (; *v; v++) {
        const char *esc = *v == '\\' ? "\\\\" : *v == '"' ? "\\\"" : *v == '\n' ? "\\n"
                        : *v == '\t' ? "\\t" : *v == '\r' ? "\\r" : NULL;
        if (esc) virt__buf_puts(b, esc);
        else virt__buf_add(b, v, 1);
    }
    virt__buf_puts(b, "\"");
}

VIRT__PRIVATE int virt__xlw_str(virt__xlw *w, const char *key, const char *v)
{
    if (!v) return VIRT_OK;
    virt__buf_printf(&w->b, "%s = ", key);
    virt__xlw_quoted(&w->b, v);
    virt__buf_puts(&w->b, "\n");
    return VIRT_OK;
}

VIRT__PRIVATE void virt__xlw_num(virt__xlw *w, const char *key, unsigned long long v)
{
    virt__buf_printf(&w->b, "%s = %llu\n", key, v);
}

/* key = [ "a", "b" ] from n strings (libvirt's virConfWriteMem layout). */
VIRT__PRIVATE int virt__xlw_list(virt__xlw *w, const char *key, char **items, size_t n)
{
    size_t i;
    virt__buf_printf(&w->b, "%s = [ ", key);
    (void)key;
    for (i = 0; i < n; i++) {
        if (i) virt__buf_puts(&w->b, ", ");
        virt__xlw_quoted(&w->b, items[i]);
    }
    virt__buf_puts(&w->b, " ]\n");
    return VIRT_OK;
}

VIRT__PRIVATE void virt__xlw_free_items(char **items, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) VIRT_FREE(items[i]);
    VIRT_FREE(items);
}

/* What xl.cfg has no key for (or virt does not write yet) is refused. */
VIRT__PRIVATE int virt__xlw_check(virt__xlw *w)
{
    const virt_domain_def *d = w->def;
    const char *missing;
    if (d->unsupported) return virt__status_set(w->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: %s is not supported by virt's domain model", d->unsupported);
    if ((missing = virt__xl_not_carried(d)) != NULL) return virt__xlw_refuse(w, missing);
    if (d->title || d->description) return virt__xlw_refuse(w, "<title>/<description>");
    if (d->vcpu_cpuset) return virt__xlw_refuse(w, "<vcpu cpuset=''>");
    if (d->cputune_shares || d->cputune_period || d->cputune_quota || d->nvcpupin) return virt__xlw_refuse(w, "<cputune>");
    if (d->ntimers) return virt__xlw_refuse(w, "<clock><timer>");
    if (d->max_memory_kib) return virt__xlw_refuse(w, "<maxMemory>");
    if (d->nvram) return virt__xlw_refuse(w, "<nvram>");
    if (d->features & (VIRT_FEATURE_VIRIDIAN | VIRT_FEATURE_PVSPINLOCK | VIRT_FEATURE_PVSPINLOCK_OFF | VIRT_FEATURE_HAP | VIRT_FEATURE_HAP_OFF))
        return virt__xlw_refuse(w, "<features> other than pae, acpi, apic");
    if (d->os.type && strcmp(d->os.type, "hvm") != 0 && strcmp(d->os.type, "linux") != 0 && strcmp(d->os.type, "xen") != 0)
        return virt__xlw_refuse(w, "this <os><type>");
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xlw_head(virt__xlw *w)
{
    const virt_domain_def *d = w->def;
    char uuid[VIRT_UUID_STRING_BUFLEN];
    unsigned long long max = d->vcpus ? d->vcpus : 1, cur = max;
    int rc;
    if (d->vcpu_current) cur = strtoull(d->vcpu_current, NULL, 10);
    if ((rc = virt__xlw_str(w, "name", d->name)) != VIRT_OK) return rc;
    if (d->has_uuid) { virt_uuid_format(d->uuid, uuid); virt__xlw_str(w, "uuid", uuid); }
    virt__xlw_num(w, "maxmem", d->memory_kib / 1024);
    virt__xlw_num(w, "memory", (d->current_memory_kib ? d->current_memory_kib : d->memory_kib) / 1024);
    if (cur != max) virt__xlw_num(w, "maxvcpus", max);
    virt__xlw_num(w, "vcpus", cur);
    return VIRT_OK;
}

VIRT__PRIVATE int virt__xlw_features_clock(virt__xlw *w)
{
    const virt_domain_def *d = w->def;
    const char *off = d->clock_offset ? d->clock_offset : d->localtime ? "localtime" : "utc";
    int localtime = strcmp(off, "localtime") == 0 || (strcmp(off, "variable") == 0 && virt__xl_streq(d->clock_basis, "localtime"));
    if (w->hvm) {
        virt__xlw_num(w, "pae", (d->features & VIRT_FEATURE_PAE) != 0);
        virt__xlw_num(w, "acpi", (d->features & VIRT_FEATURE_ACPI) != 0);
        virt__xlw_num(w, "apic", (d->features & VIRT_FEATURE_APIC) != 0);
        virt__xlw_num(w, "viridian", 0);
        virt__buf_printf(&w->b, "rtc_timeoffset = %ld\n",
                         strcmp(off, "variable") == 0 && d->clock_adjustment ? strtol(d->clock_adjustment, NULL, 10) : 0L);
    } else if (strcmp(off, "variable") == 0) {
        return virt__xlw_refuse(w, "<clock offset='variable'> of a PV guest");
    }
    virt__xlw_num(w, "localtime", (unsigned long long)localtime);
    if (virt__xlw_str(w, "on_poweroff", virt_lifecycle_to_string(d->on_poweroff ? d->on_poweroff : VIRT_LIFECYCLE_DESTROY)) ||
        virt__xlw_str(w, "on_reboot", virt_lifecycle_to_string(d->on_reboot ? d->on_reboot : VIRT_LIFECYCLE_RESTART)) ||
        virt__xlw_str(w, "on_crash", virt_lifecycle_to_string(d->on_crash ? d->on_crash : VIRT_LIFECYCLE_DESTROY)))
        return VIRT_E_UNSUPPORTED;
    return w->hvm ? virt__xlw_str(w, "device_model_override", d->emulator) : VIRT_OK;
}

VIRT__PRIVATE const virt_device_def *virt__xlw_first(const virt_domain_def *d, virt_device_kind kind)
{
    size_t i;
    for (i = 0; i < d->ndevices; i++)
        if (d->devices[i].kind == kind) return &d->devices[i];
    return NULL;
}

/* HVM: sdl, vnc, vncunused|vncdisplay, vnclisten, vncpasswd, keymap. */
VIRT__PRIVATE int virt__xlw_graphics(virt__xlw *w)
{
    const virt_device_def *dev = virt__xlw_first(w->def, VIRT_DEVICE_GRAPHICS);
    const virt_graphics_def *g;
    size_t i, n = 0;
    int rc;
    for (i = 0; i < w->def->ndevices; i++) n += w->def->devices[i].kind == VIRT_DEVICE_GRAPHICS;
    if (!w->hvm) return dev ? virt__xlw_refuse(w, "<graphics> of a PV guest (vfb)") : VIRT_OK;
    if (n > 1) return virt__xlw_refuse(w, "a second <graphics>");
    g = dev ? &dev->u.graphics : NULL;
    if (g && g->type != VIRT_GRAPHICS_VNC) return virt__xlw_refuse(w, "<graphics> other than vnc");
    virt__xlw_num(w, "sdl", 0);
    virt__xlw_num(w, "vnc", g != NULL);
    if (!g) return VIRT_OK;
    if (g->autoport == 1 || g->port < 5900) virt__xlw_num(w, "vncunused", 1);
    else { virt__xlw_num(w, "vncunused", 0); virt__xlw_num(w, "vncdisplay", (unsigned long long)(g->port - 5900)); }
    if ((rc = virt__xlw_str(w, "vnclisten", g->listen ? g->listen : g->listen_address)) != VIRT_OK) return rc;
    if ((rc = virt__xlw_str(w, "vncpasswd", g->passwd)) != VIRT_OK) return rc;
    return virt__xlw_str(w, "keymap", g->keymap);
}

/* vif = [ "mac=...,bridge=...,ip=...,script=...,model=...,vifname=..." ] */
VIRT__PRIVATE int virt__xlw_vifs(virt__xlw *w)
{
    const virt_domain_def *d = w->def;
    char **items = NULL;
    size_t i, n = 0;
    int rc = VIRT_OK;
    for (i = 0; i < d->ndevices && rc == VIRT_OK; i++) {
        const virt_net_def *net = &d->devices[i].u.net;
        virt__buf one;
        char **grown;
        if (d->devices[i].kind != VIRT_DEVICE_INTERFACE) continue;
        if (net->type == VIRT_NET_NETWORK) { rc = virt__xlw_refuse(w, "<interface type='network'>"); break; }
        if (net->vlan_trunk || net->nvlan_tags || net->virtualport_type || net->bandwidth_in.natts || net->bandwidth_out.natts) {
            rc = virt__xlw_refuse(w, "<interface><vlan>/<virtualport>/<bandwidth>");
            break;
        }
        memset(&one, 0, sizeof one);
        virt__buf_printf(&one, "mac=%s", net->mac ? net->mac : "");
        if (net->type == VIRT_NET_BRIDGE && net->source) virt__buf_printf(&one, ",bridge=%s", net->source);
        if (net->ip) virt__buf_printf(&one, ",ip=%s", net->ip);
        if (net->script) virt__buf_printf(&one, ",script=%s", net->script);
        if (net->model) virt__buf_printf(&one, ",model=%s", net->model);
        if (net->target) virt__buf_printf(&one, ",vifname=%s", net->target);
        grown = (char **)VIRT_REALLOC(items, (n + 1) * sizeof *items);
        if (!grown) { virt__buf_steal(&one); rc = VIRT_E_NOMEM; break; }
        items = grown;
        if (!(items[n] = virt__buf_steal(&one))) { rc = VIRT_E_NOMEM; break; }
        n++;
    }
    if (rc == VIRT_OK && n) rc = virt__xlw_list(w, "vif", items, n);
    virt__xlw_free_items(items, n);
    return rc == VIRT_E_NOMEM ? virt__status_set(w->st, VIRT_E_NOMEM, 0, "xl.cfg: out of memory") : rc;
}

/* HVM: parallel = "none", serial = "none" | "pty" | [ "pty", ... ] */
VIRT__PRIVATE int virt__xlw_serials(virt__xlw *w)
{
    const virt_domain_def *d = w->def;
    static const char *pty = "pty";
    char *items[16];
    size_t i, n = 0;
    for (i = 0; i < d->ndevices; i++) {
        const virt_chardev_def *c = &d->devices[i].u.console;
        if (d->devices[i].kind == VIRT_DEVICE_PARALLEL) return virt__xlw_refuse(w, "<parallel>");
        if (d->devices[i].kind != VIRT_DEVICE_SERIAL) continue;
        if (!w->hvm) return virt__xlw_refuse(w, "<serial> of a PV guest");
        if (c->type && strcmp(c->type, "pty") != 0) return virt__xlw_refuse(w, "a <serial> other than pty");
        if (n == 16) return virt__xlw_refuse(w, "a 17th <serial>");
        items[n++] = (char *)(void *)(size_t)pty;
    }
    if (!w->hvm) return VIRT_OK;
    virt__xlw_str(w, "parallel", "none");
    if (n == 0) return virt__xlw_str(w, "serial", "none");
    if (n == 1) return virt__xlw_str(w, "serial", "pty");
    return virt__xlw_list(w, "serial", items, n);
}

/* builder, firmware, kernel, boot order (HVM); bootloader, kernel (PV). */
VIRT__PRIVATE int virt__xlw_os(virt__xlw *w)
{
    const virt_domain_def *d = w->def;
    char boot[VIRT_XML_MAX_BOOT + 1];
    unsigned i, n = 0;
    int rc;
    if (w->hvm) {
        virt__xlw_str(w, "builder", "hvm");
        if (virt__xl_streq(d->loader_type, "pflash")) {
            virt__xlw_str(w, "bios", "ovmf");
            if ((rc = virt__xlw_str(w, "bios_path_override", d->os.loader)) != VIRT_OK) return rc;
        } else if (d->os.loader && strcmp(d->os.loader, "/usr/lib/xen/boot/hvmloader") != 0) {
            return virt__xlw_refuse(w, "a <loader> other than hvmloader or OVMF");
        }
    } else {
        if ((rc = virt__xlw_str(w, "bootloader", d->bootloader)) != VIRT_OK) return rc;
        if ((rc = virt__xlw_str(w, "bootargs", d->bootloader_args)) != VIRT_OK) return rc;
    }
    if ((rc = virt__xlw_str(w, "kernel", d->os.kernel)) || (rc = virt__xlw_str(w, "ramdisk", d->os.initrd))) return rc;
    if (d->os.root) return virt__xlw_refuse(w, "<os><root> (fold it into <cmdline>)");
    if ((rc = virt__xlw_str(w, "cmdline", d->os.cmdline)) != VIRT_OK) return rc;
    if (!w->hvm) return VIRT_OK;
    for (i = 0; i < d->nboot && i < VIRT_XML_MAX_BOOT; i++) {
        const char *dev = d->boot_devs[i];
        boot[n++] = virt__xl_streq(dev, "fd") ? 'a' : virt__xl_streq(dev, "cdrom") ? 'd' : virt__xl_streq(dev, "network") ? 'n' : 'c';
    }
    boot[n] = '\0';
    return n ? virt__xlw_str(w, "boot", boot) : VIRT_OK;
}

/* max_event_channels (and max_grant_frames) of the xenbus controller. */
VIRT__PRIVATE int virt__xlw_xenbus(virt__xlw *w)
{
    size_t i;
    for (i = 0; i < w->def->ndevices; i++) {
        const virt_controller_def *c = &w->def->devices[i].u.controller;
        if (w->def->devices[i].kind != VIRT_DEVICE_CONTROLLER || !virt__xl_streq(c->type, "xenbus")) continue;
        if (c->max_event_channels) virt__buf_printf(&w->b, "max_event_channels = %s\n", c->max_event_channels);
        if (c->max_grant_frames) virt__buf_printf(&w->b, "max_grant_frames = %s\n", c->max_grant_frames);
    }
    return VIRT_OK;
}

/* One disk as an xl-disk-configuration(5) key=value spec. */
VIRT__PRIVATE int virt__xlw_disk_spec(virt__xlw *w, const virt_disk_def *k, char **out)
{
    const char *drv = k->driver_name, *backend;
    virt__buf one;
    if (k->device == VIRT_DISK_DEVICE_FLOPPY) return virt__xlw_refuse(w, "<disk device='floppy'>");
    if (k->shareable) return virt__xlw_refuse(w, "<shareable/>");
    backend = !drv ? NULL : !strcmp(drv, "phy") ? "phy" : !strcmp(drv, "qemu") ? "qdisk"
            : (!strcmp(drv, "tap") || !strcmp(drv, "tap2")) ? "tap" : "";
    if (backend && !*backend) return virt__status_set(w->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: disk driver '%s'", drv);
    if (((backend && !strcmp(backend, "phy")) || k->device != VIRT_DISK_DEVICE_CDROM) && !k->source)
        return virt__status_set(w->st, VIRT_E_UNSUPPORTED, 0, "xl.cfg: a disk without a source that is not an empty CD-ROM (%s)", k->target ? k->target : "");
    memset(&one, 0, sizeof one);
    virt__buf_printf(&one, "format=%s,vdev=%s,access=%s", k->driver_type ? k->driver_type : "raw",
                     k->target ? k->target : "", k->readonly || k->device == VIRT_DISK_DEVICE_CDROM ? "ro" : "rw");
    if (backend) virt__buf_printf(&one, ",backendtype=%s", backend);
    if (k->device == VIRT_DISK_DEVICE_CDROM) virt__buf_puts(&one, ",devtype=cdrom");
    if (k->source) virt__buf_printf(&one, ",target=%s", k->source);
    *out = virt__buf_steal(&one);
    return *out ? VIRT_OK : virt__status_set(w->st, VIRT_E_NOMEM, 0, "xl.cfg: out of memory");
}

VIRT__PRIVATE int virt__xlw_disks(virt__xlw *w)
{
    const virt_domain_def *d = w->def;
    char **items = NULL, **grown;
    size_t i, n = 0;
    int rc = VIRT_OK;
    for (i = 0; i < d->ndevices && rc == VIRT_OK; i++) {
        if (d->devices[i].kind != VIRT_DEVICE_DISK) continue;
        if (!(grown = (char **)VIRT_REALLOC(items, (n + 1) * sizeof *items))) {
            rc = virt__status_set(w->st, VIRT_E_NOMEM, 0, "xl.cfg: out of memory");
            break;
        }
        items = grown;
        if ((rc = virt__xlw_disk_spec(w, &d->devices[i].u.disk, &items[n])) == VIRT_OK) n++;
    }
    if (rc == VIRT_OK && n) rc = virt__xlw_list(w, "disk", items, n);
    virt__xlw_free_items(items, n);
    return rc;
}

/* Devices with no xl.cfg key virt writes; implicit ones pass (the xenbus
 * and disk controllers, PS/2 or Xen inputs, the cirrus card, the balloon,
 * the console). */
VIRT__PRIVATE int virt__xlw_check_devices(virt__xlw *w)
{
    const virt_domain_def *d = w->def;
    size_t i;
    for (i = 0; i < d->ndevices; i++) {
        const virt_device_def *dev = &d->devices[i];
        switch (dev->kind) {
        case VIRT_DEVICE_INPUT:
            if (virt__xl_streq(dev->u.input.bus, "usb")) return virt__xlw_refuse(w, "<input bus='usb'>");
            break;
        case VIRT_DEVICE_VIDEO:
            if (dev->u.video.model && strcmp(dev->u.video.model, "cirrus") != 0) return virt__xlw_refuse(w, "<video> other than cirrus");
            if (dev->u.video.vram && strcmp(dev->u.video.vram, "8192") != 0) return virt__xlw_refuse(w, "<video vram=''> other than 8192");
            break;
        case VIRT_DEVICE_HOSTDEV: return virt__xlw_refuse(w, "<hostdev>");
        case VIRT_DEVICE_SOUND: return virt__xlw_refuse(w, "<sound>");
        case VIRT_DEVICE_WATCHDOG: return virt__xlw_refuse(w, "<watchdog>");
        case VIRT_DEVICE_MEMBALLOON:
            if (dev->u.memballoon.model && strcmp(dev->u.memballoon.model, "xen") != 0) return virt__xlw_refuse(w, "<memballoon> other than xen");
            break;
        default: break;
        }
    }
    return VIRT_OK;
}

/* channel = [ "connection=pty,name=..." | "connection=socket,path=...,name=..." ] */
VIRT__PRIVATE int virt__xlw_channels(virt__xlw *w)
{
    const virt_domain_def *d = w->def;
    char *items[16];
    size_t i, n = 0;
    int rc = VIRT_OK;
    for (i = 0; i < d->ndevices && rc == VIRT_OK; i++) {
        const virt_chardev_def *c = &d->devices[i].u.console;
        virt__buf one;
        if (d->devices[i].kind != VIRT_DEVICE_CHANNEL) continue;
        if (!virt__xl_streq(c->target_type, "xen")) { rc = virt__xlw_refuse(w, "a <channel> other than target type xen"); break; }
        if (!virt__xl_streq(c->type, "pty") && !(virt__xl_streq(c->type, "unix") && c->source[0].path)) {
            rc = virt__xlw_refuse(w, "a <channel> other than pty or unix");
            break;
        }
        if (n == 16) { rc = virt__xlw_refuse(w, "a 17th <channel>"); break; }
        memset(&one, 0, sizeof one);
        if (virt__xl_streq(c->type, "pty")) virt__buf_puts(&one, "connection=pty");
        else virt__buf_printf(&one, "connection=socket,path=%s", c->source[0].path);
        if (c->target_name) virt__buf_printf(&one, ",name=%s", c->target_name);
        if (!(items[n] = virt__buf_steal(&one))) rc = virt__status_set(w->st, VIRT_E_NOMEM, 0, "xl.cfg: out of memory");
        else n++;
    }
    if (rc == VIRT_OK && n) rc = virt__xlw_list(w, "channel", items, n);
    for (i = 0; i < n; i++) VIRT_FREE(items[i]);
    return rc;
}

VIRT_API int virt_xl_cfg_format(const virt_domain_def *def, char **out, virt_status *st)
{
    virt__xlw w;
    int rc;
    virt__status_clear(st);
    if (out) *out = NULL;
    if (!def || !out || !def->name) return virt__status_set(st, VIRT_E_INVAL, 0, "xl.cfg: no domain (or no name) to write");
    memset(&w, 0, sizeof w);
    w.def = def;
    w.st = st;
    w.hvm = virt__xl_streq(def->os.type, "hvm");
    if ((rc = virt__xlw_check(&w)) || (rc = virt__xlw_check_devices(&w)) || (rc = virt__xlw_head(&w)) ||
        (rc = virt__xlw_features_clock(&w)) || (rc = virt__xlw_graphics(&w)) || (rc = virt__xlw_vifs(&w)) ||
        (rc = virt__xlw_serials(&w)) || (rc = virt__xlw_os(&w)) || (rc = virt__xlw_xenbus(&w)) ||
        (rc = virt__xlw_disks(&w)) || (rc = virt__xlw_channels(&w))) {
        VIRT_FREE(virt__buf_steal(&w.b));
        return rc;
    }
    if (!(*out = virt__buf_steal(&w.b))) return virt__status_set(st, VIRT_E_NOMEM, 0, "xl.cfg: out of memory");
    return VIRT_OK;
}

/* >>xlsave: libvirt's libxl save image header (libxl_conf.h libxlSavefileHeader) */

static const char virt__xl_save_magic[16] = {'l', 'i', 'b', 'v', 'i', 'r', 't', '-',
                                             'x', 'm', 'l', '\n', ' ', '\0', ' ', '\r'};

VIRT__PRIVATE void virt__xl_put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}

VIRT__PRIVATE uint32_t virt__xl_get_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

VIRT_API void virt_xl_save_header_format(uint32_t xml_len, unsigned char *out)
{
    memset(out, 0, VIRT_XL_SAVE_HEADER_BYTES);
    memcpy(out, virt__xl_save_magic, sizeof virt__xl_save_magic);
    virt__xl_put_le32(out + 16, VIRT_XL_SAVE_VERSION);
    virt__xl_put_le32(out + 20, xml_len);
}

/* libvirt's checks and words (libxlDomainSaveImageOpen); version 0 was
 * never written by anyone and has no stream version. */
VIRT_API int virt_xl_save_header_parse(const unsigned char *buf, size_t len, uint32_t *version,
                                       uint32_t *xml_len, virt_status *st)
{
    uint32_t v, n;
    if (len < VIRT_XL_SAVE_HEADER_BYTES)
        return virt__status_set(st, VIRT_E_SYNTAX, 0, "failed to read libxl header: %lu of %d bytes",
                                (unsigned long)len, VIRT_XL_SAVE_HEADER_BYTES);
    if (memcmp(buf, virt__xl_save_magic, sizeof virt__xl_save_magic) != 0)
        return virt__status_set(st, VIRT_E_INVAL, 0, "image magic is incorrect");
    v = virt__xl_get_le32(buf + 16);
    n = virt__xl_get_le32(buf + 20);
    if (v == 0 || v > VIRT_XL_SAVE_VERSION)
        return virt__status_set(st, VIRT_E_UNSUPPORTED, 0, "image version is not supported (%lu > %d)",
                                (unsigned long)v, VIRT_XL_SAVE_VERSION);
    if (n == 0 || n > VIRT_XML_MAX_BYTES)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "invalid XML length: %lu (1 to %d bytes)",
                                (unsigned long)n, VIRT_XML_MAX_BYTES);
    *version = v;
    *xml_len = n;
    return VIRT_OK;
}

VIRT_API int virt_xl_save_xml_parse(const char *xml, size_t xml_len, virt_domain_def **out, virt_status *st)
{
    *out = NULL;
    if (xml_len == 0 || xml[xml_len - 1] != '\0' || strlen(xml) != xml_len - 1)
        return virt__status_set(st, VIRT_E_SYNTAX, 0, "the save image's XML (%lu bytes) does not end in its one NUL",
                                (unsigned long)xml_len);
    return virt_domain_def_parse(xml, xml_len - 1, out, st);
}


/* >>xlcookie: libvirt's libxl migration cookie (libxlMigrationBakeCookie / EatCookie) */

VIRT_API char *virt_xl_mig_cookie_format(const virt_xl_mig_cookie *c)
{
    char uuid[VIRT_UUID_STRING_BUFLEN], *name = virt_xml_escape(c->name ? c->name : "");
    char *host = virt_xml_escape(c->hostname ? c->hostname : ""), *out = NULL;
    size_t size;
    if (name && host) {
        virt_uuid_format(c->uuid, uuid);
        size = strlen(name) + strlen(host) + 256;
        if ((out = (char *)VIRT_MALLOC(size)) != NULL)
            snprintf(out, size,
                     "<libxl-migration>\n  <name>%s</name>\n  <uuid>%s</uuid>\n  <hostname>%s</hostname>\n"
                     "  <migration-stream-version>%lu</migration-stream-version>\n</libxl-migration>\n",
                     name, uuid, host, (unsigned long)c->stream_version);
    }
    VIRT_FREE(name);
    VIRT_FREE(host);
    return out;
}

VIRT_API void virt_xl_mig_cookie_clear(virt_xl_mig_cookie *c)
{
    VIRT_FREE(c->name);
    VIRT_FREE(c->hostname);
    memset(c, 0, sizeof *c);
}

/* The text of the root's first <name>, <uuid>, <hostname> and
 * <migration-stream-version> children; anything else is skipped. */
enum { VIRT__XLC_NAME, VIRT__XLC_UUID, VIRT__XLC_HOST, VIRT__XLC_VERSION, VIRT__XLC_N };
typedef struct virt__xl_cookie_reader {
    XML_Parser xp;
    int depth, field, bad_root, nomem, doctype;
    char *text[VIRT__XLC_N];
    size_t len[VIRT__XLC_N];
    int seen[VIRT__XLC_N];
} virt__xl_cookie_reader;

VIRT__PRIVATE void XMLCALL virt__xlc_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    static const char *const names[VIRT__XLC_N] = {"name", "uuid", "hostname", "migration-stream-version"};
    virt__xl_cookie_reader *r = (virt__xl_cookie_reader *)ud;
    int i;
    (void)attrs;
    r->depth++;
    r->field = -1;
    if (r->depth == 1 && strcmp(name, "libxl-migration") != 0) r->bad_root = 1;
    if (r->depth != 2) return;
    for (i = 0; i < VIRT__XLC_N; i++)
        if (strcmp(name, names[i]) == 0 && !r->seen[i]) { r->field = i; r->seen[i] = 1; }
}

VIRT__PRIVATE void XMLCALL virt__xlc_end(void *ud, const XML_Char *name)
{
    virt__xl_cookie_reader *r = (virt__xl_cookie_reader *)ud;
    (void)name;
    r->depth--;
    r->field = -1;
}

VIRT__PRIVATE void XMLCALL virt__xlc_text(void *ud, const XML_Char *s, int len)
{
    virt__xl_cookie_reader *r = (virt__xl_cookie_reader *)ud;
    char *grown;
    int f = r->field;
    if (f < 0 || len <= 0 || r->depth != 2) return;
    if (!(grown = (char *)VIRT_REALLOC(r->text[f], r->len[f] + (size_t)len + 1))) {
        r->nomem = 1;
        XML_StopParser(r->xp, XML_FALSE);
        return;
    }
    memcpy(grown + r->len[f], s, (size_t)len);
    r->len[f] += (size_t)len;
    grown[r->len[f]] = '\0';
    r->text[f] = grown;
}

VIRT__PRIVATE void XMLCALL virt__xlc_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                             const XML_Char *pubid, int has_internal_subset)
{
    virt__xl_cookie_reader *r = (virt__xl_cookie_reader *)ud;
    (void)name; (void)sysid; (void)pubid; (void)has_internal_subset;
    r->doctype = 1;   /* no entities from a peer: no expansion to bound */
    XML_StopParser(r->xp, XML_FALSE);
}

/* The element texts into *out, with libvirt's words for what is missing. */
VIRT__PRIVATE int virt__xlc_take(virt__xl_cookie_reader *r, virt_xl_mig_cookie *out, virt_status *st)
{
    char *v = r->text[VIRT__XLC_VERSION], *end = NULL;
    unsigned long version;
    if (!r->text[VIRT__XLC_NAME] || !r->text[VIRT__XLC_NAME][0])
        return virt__status_set(st, VIRT_E_INVAL, 0, "missing name element in migration data");
    if (!r->text[VIRT__XLC_UUID])
        return virt__status_set(st, VIRT_E_INVAL, 0, "missing uuid element in migration data");
    if (virt_uuid_parse(virt__xml_trim(r->text[VIRT__XLC_UUID]), out->uuid) != 0)
        return virt__status_set(st, VIRT_E_INVAL, 0, "malformed uuid element");
    if (!v) return virt__status_set(st, VIRT_E_INVAL, 0, "missing Xen migration stream version");
    v = virt__xml_trim(v);
    errno = 0;
    version = strtoul(v, &end, 10);
    if (!v[0] || *end || errno || v[0] == '-' || version > 0xffffffffUL)
        return virt__status_set(st, VIRT_E_INVAL, 0, "invalid Xen migration stream version '%.40s'", v);
    out->stream_version = (uint32_t)version;
    out->name = r->text[VIRT__XLC_NAME];
    r->text[VIRT__XLC_NAME] = NULL;
    out->hostname = r->text[VIRT__XLC_HOST];
    r->text[VIRT__XLC_HOST] = NULL;
    return VIRT_OK;
}

VIRT_API int virt_xl_mig_cookie_parse(const char *buf, size_t len, virt_xl_mig_cookie *out, virt_status *st)
{
    virt__xl_cookie_reader r;
    int rc, i;
    memset(out, 0, sizeof *out);
    if (len > VIRT_XL_COOKIE_MAX_BYTES)
        return virt__status_set(st, VIRT_E_LIMIT, 0, "migration cookie of %lu bytes (at most %d)", (unsigned long)len,
                                VIRT_XL_COOKIE_MAX_BYTES);
    if (len == 0 || buf[len - 1] != '\0')
        return virt__status_set(st, VIRT_E_SYNTAX, 0, "Migration cookie was not NULL terminated");
    memset(&r, 0, sizeof r);
    r.field = -1;
    if (!(r.xp = XML_ParserCreate("UTF-8"))) return virt__status_set(st, VIRT_E_NOMEM, 0, "out of memory");
    XML_SetUserData(r.xp, &r);
    XML_SetElementHandler(r.xp, virt__xlc_start, virt__xlc_end);
    XML_SetCharacterDataHandler(r.xp, virt__xlc_text);
    XML_SetStartDoctypeDeclHandler(r.xp, virt__xlc_doctype);
    if (XML_Parse(r.xp, buf, (int)(len - 1), XML_TRUE) != XML_STATUS_OK || r.bad_root || r.nomem || r.doctype) {
        rc = r.nomem ? virt__status_set(st, VIRT_E_NOMEM, 0, "out of memory")
           : r.doctype ? virt__status_set(st, VIRT_E_SYNTAX, 0, "a DOCTYPE is not allowed in a migration cookie")
           : r.bad_root ? virt__status_set(st, VIRT_E_SYNTAX, 0, "(libxl_migration_cookie): the root is not <libxl-migration>")
           : virt__status_set(st, VIRT_E_SYNTAX, 0, "(libxl_migration_cookie):%lu: %s",
                              (unsigned long)XML_GetCurrentLineNumber(r.xp), XML_ErrorString(XML_GetErrorCode(r.xp)));
    } else {
        rc = virt__xlc_take(&r, out, st);
    }
    XML_ParserFree(r.xp);
    for (i = 0; i < VIRT__XLC_N; i++) VIRT_FREE(r.text[i]);
    if (rc != VIRT_OK) virt_xl_mig_cookie_clear(out);
    return rc;
}

#endif /* VIRT_WITH_XL && VIRT_IMPLEMENTATION */

/* >>libxl driver glue: the backend's virt__driver table, compiled only
 * inside virt.h's implementation (which defines VIRT__DRIVER_GLUE) and
 * handed to the Xen router (virt.h >>xen router). One libxl_ctx per
 * connection, opened when /dev/xen exists. What each call does follows
 * libvirt's libxl driver (../shared/reference/libxl-backend.md, section 3);
 * persistent definitions live where that driver keeps them (section 5). */
#if defined(VIRT__DRIVER_GLUE) && defined(VIRT_WITH_XL) && !defined(VIRT_XL_GLUE_INCLUDED)
#define VIRT_XL_GLUE_INCLUDED
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef VIRT_XL_CONFIG_DIR
#  define VIRT_XL_CONFIG_DIR "/etc/libvirt/libxl"
#endif
/* libvirt's VIR_DOMAIN_START_PAUSED (virDomainCreateFlags), by value */
#define VIRT__XL_START_PAUSED 1u
/* the most vCPUs a live change names (Xen 4.17's HVM_MAX_VCPUS is 128) */
#define VIRT__XL_MAX_VCPUS 512

/* A xentoollog logger keeping the first error libxl (or libxc under it)
 * logged since the call began: the cause; what follows are its echoes
 * ("cannot (re-)build domain: -3"). */
typedef struct virt__xl_logger {
    xentoollog_logger vtable;
    char last[512];               /* that first error; "" before one */
} virt__xl_logger;

typedef struct virt__xl_priv {
    virConnectPtr conn;
    libxl_ctx *ctx;
    virt__xl_logger log;
    char dir[256];                /* the definitions' directory */
    int monitor;                  /* this is a domain monitor's process (>>the domain monitor) */
    struct virt__xl_outgoing *out;    /* a migration this connection sends (>>migration) */
    struct virt__xl_incoming *in;     /* one it receives */
} virt__xl_priv;
VIRT__PRIVATE void virt__xl_migration_drop(virt__xl_priv *p);

VIRT__PRIVATE void virt__xl_log_message(xentoollog_logger *lg, xentoollog_level level, int errnoval,
                                        const char *context, const char *format, va_list al)
{
    virt__xl_logger *l = (virt__xl_logger *)lg;
    size_t used;
    if (level < XTL_ERROR || l->last[0]) return;
    vsnprintf(l->last, sizeof l->last, format, al);
    used = strlen(l->last);
    if (errnoval > 0 && used + 8 < sizeof l->last)
        snprintf(l->last + used, sizeof l->last - used, ": %s", strerror(errnoval));
    (void)context;
}
VIRT__PRIVATE void virt__xl_log_progress(xentoollog_logger *lg, const char *context, const char *doing_what,
                                         int percent, unsigned long done, unsigned long total)
{
    (void)lg; (void)context; (void)doing_what; (void)percent; (void)done; (void)total;
}
VIRT__PRIVATE void virt__xl_log_destroy(xentoollog_logger *lg) { (void)lg; }

/* libvirt's wording plus libxl's own last error, when it logged one. */
VIRT__PRIVATE int virt__xl_fail(virt__xl_priv *p, virDomainPtr dom, const char *what, const char *name)
{
    if (p->log.last[0])
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "%s '%s': %s", what, name, p->log.last);
    else
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "%s '%s'", what, name);
    return -1;
}

/* libvirt loads its libxl driver only in a dom0 (libxlDriverShouldLoad);
 * elsewhere the backend declines quietly and hv/xs answer alone. The
 * directory can be moved with $VIRT_XL_CONFIG_DIR (tests, a second tree). */
VIRT__PRIVATE int virt__xl_open(virConnectPtr conn, const virt__uri *uri, int readonly, void **priv)
{
    virt__xl_priv *p;
    const char *dir = getenv("VIRT_XL_CONFIG_DIR");
    (void)uri;
    if (access("/dev/xen", F_OK) != 0) return VIRT__DECLINED;
    if (!(p = (virt__xl_priv *)VIRT_MALLOC(sizeof *p))) {
        virt__error(NULL, NULL, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "libxl: out of memory");
        return -1;
    }
    memset(p, 0, sizeof *p);
    p->conn = conn;
    p->log.vtable.vmessage = virt__xl_log_message;
    p->log.vtable.progress = virt__xl_log_progress;
    p->log.vtable.destroy = virt__xl_log_destroy;
    snprintf(p->dir, sizeof p->dir, "%s", dir && *dir ? dir : VIRT_XL_CONFIG_DIR);
    if (libxl_ctx_alloc(&p->ctx, LIBXL_VERSION, 0, &p->log.vtable) != 0) {
        VIRT_FREE(p);
        if (readonly) return VIRT__DECLINED;   /* unprivileged: the read paths are hv/xs */
        virt__error(NULL, NULL, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR,
                    "cannot initialize libxenlight context, probably not running in a Xen Dom0");
        return -1;
    }
    *priv = p;
    return 0;
}

VIRT__PRIVATE void virt__xl_close(void *priv)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    if (!p) return;
    virt__xl_migration_drop(p);
    libxl_ctx_free(p->ctx);
    VIRT_FREE(p);
}

/* >>libxl driver glue: persistent definitions (DIR/NAME.xml) */

/* A name that is one file in the directory. */
VIRT__PRIVATE int virt__xl_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n > 0 && n < 200 && name[0] != '.' && !strchr(name, '/');
}

VIRT__PRIVATE void virt__xl_def_path(const virt__xl_priv *p, const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s.xml", p->dir, name);
}

/* The stored XML of name: VIRT_OK and *out, VIRT_E_NOENT when not defined. */
VIRT__PRIVATE int virt__xl_def_read(const virt__xl_priv *p, const char *name, char **out)
{
    char path[512];
    FILE *f;
    size_t len = 0, got;
    char *buf;
    *out = NULL;
    if (!virt__xl_name_ok(name)) return VIRT_E_NOENT;
    virt__xl_def_path(p, name, path, sizeof path);
    if (!(f = fopen(path, "rb"))) return errno == ENOENT ? VIRT_E_NOENT : VIRT_E_IO;
    if (!(buf = (char *)VIRT_MALLOC(VIRT_XML_MAX_BYTES + 1))) { fclose(f); return VIRT_E_NOMEM; }
    while ((got = fread(buf + len, 1, VIRT_XML_MAX_BYTES + 1 - len, f)) > 0 && len <= VIRT_XML_MAX_BYTES) len += got;
    fclose(f);
    if (len > VIRT_XML_MAX_BYTES) { VIRT_FREE(buf); return VIRT_E_LIMIT; }
    buf[len] = '\0';
    *out = buf;
    return VIRT_OK;
}

/* The stored definition of name, parsed: 0, VIRT__XL_UNDEFINED (no such
 * definition, no error), or -1 with the error raised. */
#define VIRT__XL_UNDEFINED 1
VIRT__PRIVATE int virt__xl_def_load(virt__xl_priv *p, virDomainPtr dom, const char *name, virt_domain_def **def)
{
    char *xml = NULL;
    virt_status st;
    int rc = virt__xl_def_read(p, name, &xml);
    *def = NULL;
    if (rc == VIRT_E_NOENT) return VIRT__XL_UNDEFINED;
    if (rc != VIRT_OK) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, virt__result_to_code((virt_result)rc),
                    "cannot read the definition of '%s' in %s", name, p->dir);
        return -1;
    }
    rc = virt_domain_def_parse(xml, (size_t)-1, def, &st);
    VIRT_FREE(xml);
    if (rc != VIRT_OK) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "the definition of '%s' in %s: %s",
                    name, p->dir, st.message);
        return -1;
    }
    return VIRT_OK;
}

/* mkdir -p, as libvirt creates its configuration directory on first use. */
VIRT__PRIVATE int virt__xl_mkdirs(const char *dir)
{
    char path[256];
    size_t i;
    snprintf(path, sizeof path, "%s", dir);
    for (i = 1; path[i]; i++) {
        if (path[i] != '/') continue;
        path[i] = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) return -1;
        path[i] = '/';
    }
    return mkdir(path, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* Writes the definition atomically: a temp file in the same directory,
 * fsync, rename (a crash leaves the old or the new file, never half). */
VIRT__PRIVATE int virt__xl_def_write(virt__xl_priv *p, const char *name, const char *xml)
{
    char path[512], tmp[540];
    size_t len = strlen(xml);
    int fd, ok;
    virt__xl_def_path(p, name, path, sizeof path);
    snprintf(tmp, sizeof tmp, "%s/.%s.xml.XXXXXX", p->dir, name);
    if (virt__xl_mkdirs(p->dir) != 0) {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED, "cannot create directory %s: %s",
                    p->dir, strerror(errno));
        return -1;
    }
    if ((fd = mkstemp(tmp)) < 0) {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED, "cannot create %s: %s", tmp, strerror(errno));
        return -1;
    }
    ok = fchmod(fd, 0600) == 0 && write(fd, xml, len) == (ssize_t)len && fsync(fd) == 0;
    ok = (close(fd) == 0) && ok && rename(tmp, path) == 0;
    if (!ok) {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* The running domain called name: its domid, or -1. */
VIRT__PRIVATE int virt__xl_running_id(virt__xl_priv *p, const char *name)
{
    uint32_t domid;
    char saved[sizeof p->log.last];
    int rc;
    memcpy(saved, p->log.last, sizeof saved);
    rc = libxl_name_to_domid(p->ctx, name, &domid);
    memcpy(p->log.last, saved, sizeof saved);   /* "not found" is no error */
    return rc == 0 ? (int)domid : -1;
}

/* Calls fn(name) for each defined domain; stops at the first nonzero. */
VIRT__PRIVATE int virt__xl_def_each(virt__xl_priv *p, int (*fn)(void *ctx, const char *name), void *ctx)
{
    DIR *d = opendir(p->dir);
    struct dirent *e;
    int rc = 0;
    if (!d) return 0;   /* no directory yet: nothing defined */
    while (rc == 0 && (e = readdir(d)) != NULL) {
        char name[256];
        size_t n = strlen(e->d_name);
        if (n <= 4 || n >= sizeof name || strcmp(e->d_name + n - 4, ".xml") != 0) continue;
        memcpy(name, e->d_name, n - 4);
        name[n - 4] = '\0';
        if (!virt__xl_name_ok(name)) continue;
        rc = fn(ctx, name);
    }
    closedir(d);
    return rc;
}

typedef struct virt__xl_lister {
    virt__xl_priv *p;
    char **names;
    int max, n;
} virt__xl_lister;

/* Inactive definitions only, as libvirt's ListDefinedDomains. */
VIRT__PRIVATE int virt__xl_list_one(void *ctx, const char *name)
{
    virt__xl_lister *l = (virt__xl_lister *)ctx;
    if (virt__xl_running_id(l->p, name) >= 0) return 0;
    if (l->names) {
        if (l->n >= l->max) return 1;
        if (!(l->names[l->n] = virt__strdup(name))) return -1;
    }
    l->n++;
    return 0;
}

VIRT__PRIVATE int virt__xl_list_defined(void *priv, char **names, int maxnames)
{
    virt__xl_lister l;
    l.p = (virt__xl_priv *)priv;
    l.names = names;
    l.max = maxnames;
    l.n = 0;
    if (virt__xl_def_each(l.p, virt__xl_list_one, &l) < 0) {
        while (l.n > 0) VIRT_FREE(names[--l.n]);
        virt__error(l.p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "list defined domains: out of memory");
        return -1;
    }
    return l.n;
}

VIRT__PRIVATE int virt__xl_num_defined(void *priv)
{
    return virt__xl_list_defined(priv, NULL, 0);
}

/* Defined domains by name (running or not); others are for hv/xs. */
VIRT__PRIVATE int virt__xl_lookup_by_name(void *priv, virConnectPtr conn, const char *name, virDomainPtr *out)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    virt_domain_def *def;
    int rc = virt__xl_def_load(p, NULL, name, &def);
    if (rc == VIRT__XL_UNDEFINED) return VIRT__DECLINED;
    if (rc < 0) return -1;
    *out = virt__domain_get(conn, def->name, def->has_uuid ? def->uuid : NULL, virt__xl_running_id(p, name));
    virt_domain_def_free(def);
    return *out ? 0 : -1;
}

/* An inactive defined domain (the hypervisor and the store know only running ones). */
VIRT__PRIVATE int virt__xl_get_info(void *priv, virDomainPtr dom, virDomainInfoPtr info)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    virt_domain_def *def;
    int rc;
    if (dom->id >= 0) return VIRT__DECLINED;
    if ((rc = virt__xl_def_load(p, dom, virt__domain_name(dom), &def)) == VIRT__XL_UNDEFINED) return VIRT__DECLINED;
    if (rc < 0) return -1;
    memset(info, 0, sizeof *info);
    info->state = VIR_DOMAIN_SHUTOFF;
    info->maxMem = (unsigned long)def->memory_kib;
    info->memory = (unsigned long)(def->current_memory_kib ? def->current_memory_kib : def->memory_kib);
    info->nrVirtCpu = (unsigned short)(def->vcpus ? def->vcpus : 1);
    virt_domain_def_free(def);
    return 0;
}

VIRT__PRIVATE char *virt__xl_live_xml(virt__xl_priv *p, int id);
VIRT__PRIVATE int virt__xl_start(virt__xl_priv *p, virDomainPtr dom, virt_domain_def *def, int paused,
                                 uint32_t *domid);

/* >>libxl driver glue: the domain monitor. libxl never acts on a guest's
 * shutdown by itself: something must watch the domain and apply
 * on_poweroff/on_reboot/on_crash (reference section 3, "reboot"). xl does
 * it in a process it forks per domain (tools/xl/xl_vmcontrol.c,
 * handle_domain_death); libvirt in its daemon. virt has no daemon, so it
 * does what xl does: at start, a detached process (double fork, setsid,
 * every inherited fd but 0-2 closed, its own libxl context) waits for the
 * domain's death events and applies the policy from the domain's live
 * XML (userdata "libvirt-xml"), read when the guest shuts down. It exits
 * when the domain dies or is preserved. Not started when every policy is
 * "preserve" (libxl's behaviour without a watcher). */

/* The policy for a shutdown reason, with libvirt's defaults. */
VIRT__PRIVATE virt_lifecycle virt__xl_policy(const virt_domain_def *d, libxl_shutdown_reason why)
{
    virt_lifecycle l;
    switch (why) {
    case LIBXL_SHUTDOWN_REASON_POWEROFF: l = d->on_poweroff ? d->on_poweroff : VIRT_LIFECYCLE_DESTROY; break;
    case LIBXL_SHUTDOWN_REASON_REBOOT: l = d->on_reboot ? d->on_reboot : VIRT_LIFECYCLE_RESTART; break;
    case LIBXL_SHUTDOWN_REASON_CRASH:
    case LIBXL_SHUTDOWN_REASON_WATCHDOG: l = d->on_crash ? d->on_crash : VIRT_LIFECYCLE_DESTROY; break;
    default: l = VIRT_LIFECYCLE_PRESERVE; break;   /* soft reset: not handled yet, left as libxl leaves it */
    }
    return l;
}

/* What the monitor does after a shutdown: 0 watch on (restarted as
 * *domid), 1 stop watching. */
VIRT__PRIVATE int virt__xl_monitor_act(virt__xl_priv *p, uint32_t *domid, libxl_shutdown_reason why)
{
    char *xml = virt__xl_live_xml(p, (int)*domid);
    virt_domain_def *def = NULL;
    virt_status st;
    virt_lifecycle l;
    int rc = 1;
    if (!xml || virt_domain_def_parse(xml, (size_t)-1, &def, &st) != VIRT_OK) {
        VIRT_FREE(xml);
        return 1;   /* nothing to act on: left as it is */
    }
    VIRT_FREE(xml);
    l = virt__xl_policy(def, why);
    if (l != VIRT_LIFECYCLE_PRESERVE) (void)libxl_domain_destroy(p->ctx, *domid, NULL);
    /* restart: the same definition (name, UUID, the vCPUs online now) again,
     * as xl recreates from its stored config; rename-restart as restart */
    if (l == VIRT_LIFECYCLE_RESTART || l == VIRT_LIFECYCLE_RENAME_RESTART) {
        def->id = -1;
        rc = virt__xl_start(p, NULL, def, 0, domid) == 0 ? 0 : 1;
    }
    virt_domain_def_free(def);
    return rc;
}

/* The monitor's loop, in the detached process. */
VIRT__PRIVATE void virt__xl_monitor_run(virt__xl_priv *p, uint32_t domid)
{
    libxl_evgen_domain_death *watch = NULL;
    libxl_event *ev;
    int more = 1;
    if (libxl_evenable_domain_death(p->ctx, domid, 0, &watch) != 0) return;
    while (more && libxl_event_wait(p->ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL) == 0) {
        libxl_event_type type = ev->type;
        libxl_shutdown_reason why = type == LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN
                                  ? (libxl_shutdown_reason)ev->u.domain_shutdown.shutdown_reason
                                  : LIBXL_SHUTDOWN_REASON_UNKNOWN;
        int mine = ev->domid == domid;
        libxl_event_free(p->ctx, ev);
        if (!mine) continue;
        if (type == LIBXL_EVENT_TYPE_DOMAIN_DEATH) break;
        /* SUSPEND: a save is under way; whoever saves destroys it (libvirt's handler ignores it too) */
        if (type != LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN || why == LIBXL_SHUTDOWN_REASON_SUSPEND) continue;
        libxl_evdisable_domain_death(p->ctx, watch);
        watch = NULL;
        more = virt__xl_monitor_act(p, &domid, why) == 0 &&
               libxl_evenable_domain_death(p->ctx, domid, 0, &watch) == 0;
    }
    if (watch) libxl_evdisable_domain_death(p->ctx, watch);
}

/* The detached process: nothing of the caller's but the directory. */
VIRT__PRIVATE void virt__xl_monitor_child(const char *dir, uint32_t domid)
{
    virt__xl_priv m;
    long fd, max = sysconf(_SC_OPEN_MAX);
    int null = open("/dev/null", O_RDWR);
    for (fd = 0; fd < 3 && null >= 0; fd++) (void)dup2(null, (int)fd);
    for (fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); fd++) (void)close((int)fd);
    memset(&m, 0, sizeof m);
    m.monitor = 1;
    m.log.vtable.vmessage = virt__xl_log_message;
    m.log.vtable.progress = virt__xl_log_progress;
    m.log.vtable.destroy = virt__xl_log_destroy;
    snprintf(m.dir, sizeof m.dir, "%s", dir);
    if (libxl_ctx_alloc(&m.ctx, LIBXL_VERSION, 0, &m.log.vtable) != 0) return;
    virt__xl_monitor_run(&m, domid);
    libxl_ctx_free(m.ctx);
}

/* Starts the monitor of domid unless def preserves on every shutdown;
 * the caller's process keeps no child (the middle one is reaped here). */
VIRT__PRIVATE void virt__xl_monitor_start(virt__xl_priv *p, uint32_t domid, const virt_domain_def *def)
{
    pid_t pid;
    int status;
    if (p->monitor) return;   /* the monitor itself watches the domain it restarted */
    if (virt__xl_policy(def, LIBXL_SHUTDOWN_REASON_POWEROFF) == VIRT_LIFECYCLE_PRESERVE &&
        virt__xl_policy(def, LIBXL_SHUTDOWN_REASON_REBOOT) == VIRT_LIFECYCLE_PRESERVE &&
        virt__xl_policy(def, LIBXL_SHUTDOWN_REASON_CRASH) == VIRT_LIFECYCLE_PRESERVE)
        return;
    if ((pid = fork()) < 0) return;
    if (pid == 0) {
        if (setsid() >= 0 && fork() == 0) virt__xl_monitor_child(p->dir, domid);
        _exit(0);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
}

/* >>libxl driver glue: starting a domain */

/* The UUID libxl gave the domain (it makes one when the XML has none). */
VIRT__PRIVATE void virt__xl_take_uuid(virt__xl_priv *p, uint32_t domid, virt_domain_def *def)
{
    libxl_dominfo info;
    libxl_dominfo_init(&info);
    if (libxl_domain_info(p->ctx, &info, domid) == 0) {
        memcpy(def->uuid, libxl_uuid_bytearray(&info.uuid), VIRT_UUID_BUFLEN);
        def->has_uuid = 1;
    }
    libxl_dominfo_dispose(&info);
}

/* A new domain, or one rebuilt from a save image's stream (restore_fd >=
 * 0; the stream carries no configuration, so cfg comes from the image's
 * XML, and its stream version is the header's: libvirt's
 * libxlDomainStart). Either way the domain exists paused afterwards. */
VIRT__PRIVATE int virt__xl_make_domain(virt__xl_priv *p, libxl_domain_config *cfg, uint32_t *domid,
                                 int restore_fd, uint32_t stream_version)
{
    libxl_domain_restore_params params;
    int rc;
    if (restore_fd < 0) return libxl_domain_create_new(p->ctx, cfg, domid, NULL, NULL);
    libxl_domain_restore_params_init(&params);
    params.stream_version = stream_version;
    rc = libxl_domain_create_restore(p->ctx, cfg, domid, restore_fd, -1, &params, NULL, NULL);
    libxl_domain_restore_params_dispose(&params);
    return rc;
}

/* libvirt's order (libxlDomainStart): build the config, create or restore
 * (the domain exists paused), store the XML as userdata "libvirt-xml",
 * unpause unless asked not to. A failure at any step leaves no domain. */
VIRT__PRIVATE int virt__xl_start_from(virt__xl_priv *p, virDomainPtr dom, virt_domain_def *def, int paused,
                                      int restore_fd, uint32_t stream_version, uint32_t *domid)
{
    libxl_domain_config cfg;
    virt_status st;
    char *xml;
    int rc;
    if (virt_xl_config_from_def(def, &cfg, &st) != VIRT_OK) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "%s", st.message);
        return -1;
    }
    p->log.last[0] = '\0';
    *domid = (uint32_t)INVALID_DOMID;
    rc = virt__xl_make_domain(p, &cfg, domid, restore_fd, stream_version);
    libxl_domain_config_dispose(&cfg);
    if (rc != 0) {
        /* libxl destroys what it built; a domid it still reports is gone too */
        if (*domid != (uint32_t)INVALID_DOMID) (void)libxl_domain_destroy(p->ctx, *domid, NULL);
        return virt__xl_fail(p, dom, restore_fd < 0 ? "libxenlight failed to create new domain"
                                                    : "libxenlight failed to restore domain", def->name);
    }
    virt__xl_take_uuid(p, *domid, def);
    def->id = (int)*domid;
    xml = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9);
    def->id = -1;
    rc = xml ? libxl_userdata_store(p->ctx, *domid, "libvirt-xml", (const uint8_t *)xml, (int)strlen(xml) + 1) : -1;
    VIRT_FREE(xml);
    if (rc == 0 && !paused) rc = libxl_domain_unpause(p->ctx, *domid, NULL);
    if (rc != 0) {
        (void)libxl_domain_destroy(p->ctx, *domid, NULL);
        return virt__xl_fail(p, dom, "libxenlight failed to start domain", def->name);
    }
    virt__xl_monitor_start(p, *domid, def);
    return 0;
}

VIRT__PRIVATE int virt__xl_start(virt__xl_priv *p, virDomainPtr dom, virt_domain_def *def, int paused,
                                 uint32_t *domid)
{
    return virt__xl_start_from(p, dom, def, paused, -1, 0, domid);
}

VIRT__PRIVATE int virt__xl_parse(virt__xl_priv *p, const char *xml, virt_domain_def **def)
{
    virt_status st;
    int rc = virt_domain_def_parse(xml, (size_t)-1, def, &st);
    if (rc == VIRT_OK && !virt__xl_name_ok((*def)->name)) {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_XML_ERROR, "domain name '%s' cannot name a file in %s",
                    (*def)->name, p->dir);
        virt_domain_def_free(*def);
        *def = NULL;
        return -1;
    }
    if (rc == VIRT_OK) return 0;
    virt__error(p->conn, NULL, VIR_FROM_DOMAIN, rc == VIRT_E_SYNTAX ? VIR_ERR_XML_DETAIL : VIR_ERR_XML_ERROR,
                "%s", st.message);
    return -1;
}

VIRT__PRIVATE int virt__xl_create_xml(void *priv, virConnectPtr conn, const char *xml, unsigned int flags,
                                      virDomainPtr *out)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    virt_domain_def *def;
    uint32_t domid;
    if (flags & ~VIRT__XL_START_PAUSED) {
        virt__error(conn, NULL, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function libxlDomainCreateXML",
                    flags & ~VIRT__XL_START_PAUSED);
        return -1;
    }
    if (virt__xl_parse(p, xml, &def) < 0) return -1;
    if (virt__xl_running_id(p, def->name) >= 0) {
        virt__error(conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED, "domain '%s' is already active", def->name);
        virt_domain_def_free(def);
        return -1;
    }
    if (virt__xl_start(p, NULL, def, (flags & VIRT__XL_START_PAUSED) != 0, &domid) < 0) {
        virt_domain_def_free(def);
        return -1;
    }
    *out = virt__domain_get(conn, def->name, def->uuid, (int)domid);
    virt_domain_def_free(def);
    return *out ? 0 : -1;
}

/* A random version-4 UUID, as libvirt gives a definition without one. */
VIRT__PRIVATE int virt__xl_new_uuid(unsigned char *uuid)
{
    int fd = open("/dev/urandom", O_RDONLY), ok;
    if (fd < 0) return -1;
    ok = read(fd, uuid, VIRT_UUID_BUFLEN) == VIRT_UUID_BUFLEN;
    close(fd);
    uuid[6] = (unsigned char)((uuid[6] & 0x0f) | 0x40);
    uuid[8] = (unsigned char)((uuid[8] & 0x3f) | 0x80);
    return ok ? 0 : -1;
}

/* The name keeps its UUID: a new definition takes the stored one's, a
 * different one is refused (libvirt's virDomainObjListAdd wording). */
VIRT__PRIVATE int virt__xl_keep_uuid(virt__xl_priv *p, virt_domain_def *def)
{
    virt_domain_def *old;
    int rc = virt__xl_def_load(p, NULL, def->name, &old);
    if (rc < 0) return -1;
    if (rc == 0) {
        int differs = def->has_uuid && old->has_uuid && memcmp(def->uuid, old->uuid, VIRT_UUID_BUFLEN) != 0;
        if (!def->has_uuid && old->has_uuid) {
            memcpy(def->uuid, old->uuid, VIRT_UUID_BUFLEN);
            def->has_uuid = 1;
        }
        virt_domain_def_free(old);
        if (differs) {
            virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED,
                        "domain '%s' already exists with a different uuid", def->name);
            return -1;
        }
    }
    if (!def->has_uuid) {
        if (virt__xl_new_uuid(def->uuid) < 0) {
            virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "cannot read /dev/urandom for a UUID");
            return -1;
        }
        def->has_uuid = 1;
    }
    return 0;
}

VIRT__PRIVATE int virt__xl_define_xml(void *priv, virConnectPtr conn, const char *xml, virDomainPtr *out)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    virt_domain_def *def;
    libxl_domain_config cfg;
    virt_status st;
    char *text = NULL;
    int rc = -1;
    if (virt__xl_parse(p, xml, &def) < 0) return -1;
    /* refuse now what a start would refuse: nothing is dropped */
    if (virt_xl_config_from_def(def, &cfg, &st) != VIRT_OK) {
        virt__error(conn, NULL, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "%s", st.message);
        virt_domain_def_free(def);
        return -1;
    }
    libxl_domain_config_dispose(&cfg);
    def->id = -1;
    if (virt__xl_keep_uuid(p, def) == 0) {
        if (!(text = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9)))
            virt__error(conn, NULL, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "define: out of memory");
        else if (virt__xl_def_write(p, def->name, text) == 0)
            rc = (*out = virt__domain_get(conn, def->name, def->uuid, virt__xl_running_id(p, def->name))) ? 0 : -1;
    }
    VIRT_FREE(text);
    virt_domain_def_free(def);
    return rc;
}

VIRT__PRIVATE int virt__xl_undefine(void *priv, virDomainPtr dom)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    const char *name = virt__domain_name(dom);
    char path[512];
    if (!virt__xl_name_ok(name)) return VIRT__DECLINED;
    virt__xl_def_path(p, name, path, sizeof path);
    if (unlink(path) == 0) return 0;
    if (errno == ENOENT) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: cannot undefine transient domain");
        return -1;
    }
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED, "cannot remove %s: %s", path, strerror(errno));
    return -1;
}

VIRT__PRIVATE int virt__xl_start_managed(virt__xl_priv *p, virDomainPtr dom, const virt_domain_def *stored,
                                         uint32_t *domid);
VIRT__PRIVATE int virt__xl_create(void *priv, virDomainPtr dom)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    const char *name = virt__domain_name(dom);
    virt_domain_def *def;
    uint32_t domid;
    int rc;
    if (virt__xl_running_id(p, name) >= 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: domain is already running");
        return -1;
    }
    if ((rc = virt__xl_def_load(p, dom, name, &def)) == VIRT__XL_UNDEFINED) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_DOMAIN, "Domain not found: no domain with matching name '%s'", name);
        return -1;
    }
    if (rc < 0) return -1;
    rc = virt__xl_start_managed(p, dom, def, &domid);
    if (rc == 1) rc = virt__xl_start(p, dom, def, 0, &domid);
    virt_domain_def_free(def);
    if (rc == 0) virt__domain_set_id(dom, (int)domid);
    return rc;
}

/* >>libxl driver glue: running domains */

/* The domid of a running domain object, or -1 with libvirt's error. */
VIRT__PRIVATE int virt__xl_active(virt__xl_priv *p, virDomainPtr dom)
{
    int id = virt__xl_running_id(p, virt__domain_name(dom));
    if (id < 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: domain is not running");
        return -1;
    }
    return id;
}

VIRT__PRIVATE int virt__xl_destroy(void *priv, virDomainPtr dom)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    int id = virt__xl_active(p, dom);
    if (id < 0) return -1;
    p->log.last[0] = '\0';
    if (libxl_domain_destroy(p->ctx, (uint32_t)id, NULL) != 0)
        return virt__xl_fail(p, dom, "Failed to destroy domain", virt__domain_name(dom));
    virt__domain_set_id(dom, -1);
    return 0;
}

/* The PV control path; without PV drivers, the ACPI power button (libvirt's fallback). */
VIRT__PRIVATE int virt__xl_shutdown(void *priv, virDomainPtr dom)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    int id = virt__xl_active(p, dom), rc;
    if (id < 0) return -1;
    p->log.last[0] = '\0';
    rc = libxl_domain_shutdown(p->ctx, (uint32_t)id, NULL);
    if (rc == ERROR_NOPARAVIRT) rc = libxl_send_trigger(p->ctx, (uint32_t)id, LIBXL_TRIGGER_POWER, 0, NULL);
    return rc == 0 ? 0 : virt__xl_fail(p, dom, "Failed to shutdown domain", virt__domain_name(dom));
}

/* The PV control path (flags 0 or VIR_DOMAIN_REBOOT_PARAVIRT, 1 << 2). */
VIRT__PRIVATE int virt__xl_reboot(void *priv, virDomainPtr dom, unsigned int flags)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    int id;
    if (flags & ~(1u << 2)) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function libxlDomainReboot", flags & ~(1u << 2));
        return -1;
    }
    if ((id = virt__xl_active(p, dom)) < 0) return -1;
    p->log.last[0] = '\0';
    return libxl_domain_reboot(p->ctx, (uint32_t)id, NULL) == 0 ? 0
         : virt__xl_fail(p, dom, "Failed to reboot domain", virt__domain_name(dom));
}

VIRT__PRIVATE int virt__xl_suspend(void *priv, virDomainPtr dom)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    int id = virt__xl_active(p, dom);
    if (id < 0) return -1;
    p->log.last[0] = '\0';
    return libxl_domain_pause(p->ctx, (uint32_t)id, NULL) == 0 ? 0
         : virt__xl_fail(p, dom, "Failed to suspend domain", virt__domain_name(dom));
}

VIRT__PRIVATE int virt__xl_resume(void *priv, virDomainPtr dom)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    int id = virt__xl_active(p, dom);
    if (id < 0) return -1;
    p->log.last[0] = '\0';
    return libxl_domain_unpause(p->ctx, (uint32_t)id, NULL) == 0 ? 0
         : virt__xl_fail(p, dom, "Failed to resume domain", virt__domain_name(dom));
}

/* The balloon target (relative 0, enforce 1), as libvirt's SetMemoryFlags LIVE. */
VIRT__PRIVATE int virt__xl_set_memory(void *priv, virDomainPtr dom, unsigned long kib)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    int id = virt__xl_active(p, dom);
    if (id < 0) return -1;
    p->log.last[0] = '\0';
    return libxl_set_memory_target(p->ctx, (uint32_t)id, (int64_t)kib, 0, 1) == 0 ? 0
         : virt__xl_fail(p, dom, "Failed to set memory for domain", virt__domain_name(dom));
}

VIRT__PRIVATE int virt__xl_set_max_memory(void *priv, virDomainPtr dom, unsigned long kib)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    int id = virt__xl_active(p, dom);
    if (id < 0) return -1;
    p->log.last[0] = '\0';
    return libxl_domain_setmaxmem(p->ctx, (uint32_t)id, (uint64_t)kib) == 0 ? 0
         : virt__xl_fail(p, dom, "Failed to set maximum memory for domain", virt__domain_name(dom));
}

/* Running: the XML stored at start (userdata "libvirt-xml"; a domain virt
 * or libvirt did not start has none, and is declined). Inactive: the
 * stored definition. */
VIRT__PRIVATE int virt__xl_get_xml_desc(void *priv, virDomainPtr dom, unsigned int flags, char **out)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    const char *name = virt__domain_name(dom);
    int id = virt__xl_running_id(p, name), rc;
    (void)flags;
    if (id >= 0 && !(flags & VIR_DOMAIN_XML_INACTIVE)) {
        uint8_t *data = NULL;
        int len = 0;
        if (libxl_userdata_retrieve(p->ctx, (uint32_t)id, "libvirt-xml", &data, &len) != 0 || !data || len <= 0) {
            free(data);
            return VIRT__DECLINED;
        }
        data[len - 1] = '\0';
        *out = virt__strdup((const char *)data);
        free(data);
        if (*out) return 0;
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "dumpxml: out of memory");
        return -1;
    }
    rc = virt__xl_def_read(p, name, out);
    if (rc == VIRT_E_NOENT) return VIRT__DECLINED;
    if (rc == VIRT_OK) return 0;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, virt__result_to_code((virt_result)rc),
                "cannot read the definition of '%s' in %s", name, p->dir);
    return -1;
}

/* >>libxl driver glue: save images (libvirt's header + XML, then libxl's
 * stream; virt_xl_save_header_format) and managed save */

/* write(2) until done: 0, or -1 with errno. */
VIRT__PRIVATE int virt__xl_write_all(int fd, const void *buf, size_t len)
{
    const char *at = (const char *)buf;
    while (len > 0) {
        ssize_t n = write(fd, at, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        at += n;
        len -= (size_t)n;
    }
    return 0;
}

/* read(2) until len bytes or end of file: the bytes read, or -1. */
VIRT__PRIVATE ssize_t virt__xl_read_all(int fd, void *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, (char *)buf + got, len - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/* The live XML stored at start (userdata "libvirt-xml"), VIRT_MALLOC'd;
 * NULL when the domain has none (neither virt nor libvirt started it). */
VIRT__PRIVATE char *virt__xl_live_xml(virt__xl_priv *p, int id)
{
    uint8_t *data = NULL;
    int len = 0;
    char *xml = NULL;
    if (libxl_userdata_retrieve(p->ctx, (uint32_t)id, "libvirt-xml", &data, &len) == 0 && data && len > 0) {
        data[len - 1] = '\0';
        xml = virt__strdup((const char *)data);
    }
    free(data);
    return xml;
}

/* The live XML of running domain id, or -1 with an error naming why not. */
VIRT__PRIVATE int virt__xl_need_live_xml(virt__xl_priv *p, virDomainPtr dom, int id, char **xml)
{
    if ((*xml = virt__xl_live_xml(p, id)) != NULL) return 0;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                "Requested operation is not valid: domain '%s' (%d) was not started through libvirt or virt "
                "(no libvirt-xml userdata to save with it)", virt__domain_name(dom), id);
    return -1;
}

/* libxl_domain_info of a running domain: 0, or -1 with the error raised. */
VIRT__PRIVATE int virt__xl_dominfo(virt__xl_priv *p, virDomainPtr dom, int id, libxl_dominfo *info)
{
    libxl_dominfo_init(info);
    p->log.last[0] = '\0';
    if (libxl_domain_info(p->ctx, info, (uint32_t)id) == 0) return 0;
    libxl_dominfo_dispose(info);
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "libxl_domain_info failed for domain '%d'", id);
    return -1;
}

/* Header and XML into a new file at path: its fd, or -1 (error raised,
 * nothing left at path). */
VIRT__PRIVATE int virt__xl_image_create(virt__xl_priv *p, virDomainPtr dom, const char *path, const char *xml)
{
    unsigned char hdr[VIRT_XL_SAVE_HEADER_BYTES];
    size_t len = strlen(xml) + 1;
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_SYSTEM_ERROR, "Failed to create domain save file '%s': %s",
                    path, strerror(errno));
        return -1;
    }
    virt_xl_save_header_format((uint32_t)len, hdr);
    if (virt__xl_write_all(fd, hdr, sizeof hdr) == 0 && virt__xl_write_all(fd, xml, len) == 0) return fd;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED, "Failed to write save file header of '%s': %s",
                path, strerror(errno));
    close(fd);
    unlink(path);
    return -1;
}

/* After a failed save: the domain runs on (libxl's suspend may have left
 * it suspended: resume it with suspend_cancel, as `xl save -c` and xl's
 * failed migration do) and no partial image stays behind. */
VIRT__PRIVATE void virt__xl_save_undo(virt__xl_priv *p, int id, const char *path)
{
    libxl_dominfo info;
    unlink(path);
    libxl_dominfo_init(&info);
    if (libxl_domain_info(p->ctx, &info, (uint32_t)id) == 0 && info.shutdown &&
        info.shutdown_reason == LIBXL_SHUTDOWN_REASON_SUSPEND)
        (void)libxl_domain_resume(p->ctx, (uint32_t)id, 1, NULL);
    libxl_dominfo_dispose(&info);
}

/* libvirt's libxlDoDomainSave: refuse a paused domain, write the header
 * and the XML, let libxl suspend the domain into the file (not live),
 * flush it to disk, then destroy the domain. */
VIRT__PRIVATE int virt__xl_do_save(virt__xl_priv *p, virDomainPtr dom, const char *path)
{
    libxl_dominfo info;
    char *xml = NULL;
    int id = virt__xl_active(p, dom), fd, paused, rc;
    if (id < 0 || virt__xl_dominfo(p, dom, id, &info) < 0) return -1;
    paused = info.paused;
    libxl_dominfo_dispose(&info);
    if (paused) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: Domain '%d' has to be running because libxenlight will suspend it", id);
        return -1;
    }
    if (virt__xl_need_live_xml(p, dom, id, &xml) < 0) return -1;
    fd = virt__xl_image_create(p, dom, path, xml);
    VIRT_FREE(xml);
    if (fd < 0) return -1;
    p->log.last[0] = '\0';
    rc = libxl_domain_suspend(p->ctx, (uint32_t)id, fd, 0, NULL);
    if (rc == 0 && (fsync(fd) != 0 || close(fd) != 0)) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_SYSTEM_ERROR, "cannot write domain save file '%s': %s",
                    path, strerror(errno));
        virt__xl_save_undo(p, id, path);
        return -1;
    }
    if (rc != 0) {
        close(fd);
        virt__xl_save_undo(p, id, path);
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "Failed to save domain '%d' with libxenlight%s%s",
                    id, p->log.last[0] ? ": " : "", p->log.last);
        return -1;
    }
    if (libxl_domain_destroy(p->ctx, (uint32_t)id, NULL) != 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "Failed to destroy domain '%d'", id);
        return -1;
    }
    virt__domain_set_id(dom, -1);
    return 0;
}

VIRT__PRIVATE int virt__xl_save(void *priv, virDomainPtr dom, const char *path)
{
    return virt__xl_do_save((virt__xl_priv *)priv, dom, path);
}

/* libvirt's words for each header fault (libxlDomainSaveImageOpen). */
VIRT__PRIVATE int virt__xl_image_fault(virt__xl_priv *p, virDomainPtr dom, const char *path, int rc,
                                       const virt_status *st)
{
    int code = rc == VIRT_E_INVAL ? VIR_ERR_INVALID_ARG : rc == VIRT_E_NOMEM ? VIR_ERR_NO_MEMORY
             : VIR_ERR_OPERATION_FAILED;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, code, "save image '%s': %s", path, st->message);
    return -1;
}

/* Opens a save image and reads its header and XML: the fd, positioned at
 * libxl's stream, with *def and *version; or -1 (error raised). */
VIRT__PRIVATE int virt__xl_image_open(virt__xl_priv *p, virDomainPtr dom, const char *path, virt_domain_def **def,
                                      uint32_t *version)
{
    unsigned char hdr[VIRT_XL_SAVE_HEADER_BYTES];
    virt_status st;
    uint32_t xml_len = 0;
    char *xml;
    ssize_t got;
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
    *def = NULL;
    if (fd < 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_SYSTEM_ERROR, "Failed to open domain image file '%s': %s",
                    path, strerror(errno));
        return -1;
    }
    got = virt__xl_read_all(fd, hdr, sizeof hdr);
    rc = virt_xl_save_header_parse(hdr, got < 0 ? 0 : (size_t)got, version, &xml_len, &st);
    if (rc == VIRT_OK && !(xml = (char *)VIRT_MALLOC(xml_len)))
        rc = virt__status_set(&st, VIRT_E_NOMEM, 0, "out of memory for %lu bytes of XML", (unsigned long)xml_len);
    if (rc == VIRT_OK) {
        got = virt__xl_read_all(fd, xml, xml_len);
        rc = got == (ssize_t)xml_len ? virt_xl_save_xml_parse(xml, xml_len, def, &st)
           : virt__status_set(&st, VIRT_E_SYNTAX, 0, "failed to read XML: %ld of %lu bytes", (long)got,
                              (unsigned long)xml_len);
        VIRT_FREE(xml);
    }
    if (rc == VIRT_OK && !virt__xl_name_ok((*def)->name))
        rc = virt__status_set(&st, VIRT_E_INVAL, 0, "domain name '%s' cannot name a file in %s", (*def)->name, p->dir);
    if (rc == VIRT_OK) return fd;
    virt_domain_def_free(*def);
    *def = NULL;
    close(fd);
    return virt__xl_image_fault(p, dom, path, rc, &st);
}

/* The stream after the header into a new domain (libvirt's
 * libxlDomainStartRestore); a failure leaves no domain. */
VIRT__PRIVATE int virt__xl_start_image(virt__xl_priv *p, virDomainPtr dom, virt_domain_def *def, int fd,
                                       uint32_t version, uint32_t *domid)
{
    def->id = -1;
    if (virt__xl_running_id(p, def->name) >= 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: domain '%s' is already active", def->name);
        return -1;
    }
    if (virt__xl_keep_uuid(p, def) < 0) return -1;
    return virt__xl_start_from(p, dom, def, 0, fd, version, domid);
}

VIRT__PRIVATE int virt__xl_restore(void *priv, virConnectPtr conn, const char *path)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    virt_domain_def *def;
    uint32_t version, domid;
    int fd = virt__xl_image_open(p, NULL, path, &def, &version), rc;
    virDomainPtr d;
    if (fd < 0) return -1;
    rc = virt__xl_start_image(p, NULL, def, fd, version, &domid);
    close(fd);
    /* a handle the caller still holds reports the new id */
    if (rc == 0 && (d = virt__domain_get(conn, def->name, def->uuid, (int)domid)) != NULL) virDomainFree(d);
    virt_domain_def_free(def);
    return rc;
}

#ifndef VIRT_XL_SAVE_DIR
#  define VIRT_XL_SAVE_DIR "/var/lib/libvirt/libxl/save"
#endif

/* SAVE_DIR/NAME.save, where libvirt's libxl driver keeps a managed image. */
VIRT__PRIVATE void virt__xl_managed_path(const virt__xl_priv *p, const char *name, char *out, size_t size)
{
    const char *dir = getenv("VIRT_XL_SAVE_DIR");
    snprintf(out, size, "%s/%s.save", dir && *dir ? dir : VIRT_XL_SAVE_DIR, name);
    (void)p;
}

VIRT__PRIVATE int virt__xl_flags0(virt__xl_priv *p, virDomainPtr dom, unsigned int flags, const char *fn)
{
    if (!flags) return 0;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function %s", flags, fn);
    return -1;
}

/* Only a persistent domain (libvirt: "cannot do managed save for transient domain"). */
VIRT__PRIVATE int virt__xl_managed_save(void *priv, virDomainPtr dom, unsigned int flags)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    const char *name = virt__domain_name(dom);
    char path[512], dir[512], *slash;
    virt_domain_def *def;
    int rc;
    if (virt__xl_flags0(p, dom, flags, "libxlDomainManagedSave") < 0 || virt__xl_active(p, dom) < 0) return -1;
    if ((rc = virt__xl_def_load(p, dom, name, &def)) < 0) return -1;
    virt_domain_def_free(def);
    if (rc == VIRT__XL_UNDEFINED) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: cannot do managed save for transient domain");
        return -1;
    }
    virt__xl_managed_path(p, name, path, sizeof path);
    snprintf(dir, sizeof dir, "%s", path);
    if ((slash = strrchr(dir, '/')) != NULL) *slash = '\0';
    if (virt__xl_mkdirs(dir) != 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_SYSTEM_ERROR, "cannot create directory %s: %s", dir,
                    strerror(errno));
        return -1;
    }
    return virt__xl_do_save(p, dom, path);
}

VIRT__PRIVATE int virt__xl_has_managed_save(void *priv, virDomainPtr dom, unsigned int flags)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    char path[512];
    if (virt__xl_flags0(p, dom, flags, "libxlDomainHasManagedSaveImage") < 0) return -1;
    virt__xl_managed_path(p, virt__domain_name(dom), path, sizeof path);
    return access(path, F_OK) == 0;
}

/* No image is nothing to remove (libvirt returns unlink's -1 there, with no error raised). */
VIRT__PRIVATE int virt__xl_managed_save_remove(void *priv, virDomainPtr dom, unsigned int flags)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    char path[512];
    if (virt__xl_flags0(p, dom, flags, "libxlDomainManagedSaveRemove") < 0) return -1;
    virt__xl_managed_path(p, virt__domain_name(dom), path, sizeof path);
    if (unlink(path) == 0 || errno == ENOENT) return 0;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_SYSTEM_ERROR, "cannot remove managed save image %s: %s", path,
                strerror(errno));
    return -1;
}

/* Start from the managed image when there is one (libvirt's
 * libxlDomainStartNew): it must be this domain's; it is removed once the
 * domain runs from it, and kept when the restore fails. 1: no image. */
VIRT__PRIVATE int virt__xl_start_managed(virt__xl_priv *p, virDomainPtr dom, const virt_domain_def *stored,
                                         uint32_t *domid)
{
    char path[512];
    virt_domain_def *def;
    uint32_t version;
    int fd, rc;
    virt__xl_managed_path(p, stored->name, path, sizeof path);
    if (access(path, F_OK) != 0) return 1;
    if ((fd = virt__xl_image_open(p, dom, path, &def, &version)) < 0) return -1;
    if (strcmp(def->name, stored->name) != 0 ||
        (stored->has_uuid && def->has_uuid && memcmp(def->uuid, stored->uuid, VIRT_UUID_BUFLEN) != 0)) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED,
                    "cannot restore domain '%s' from %s, a file which belongs to domain '%s'", stored->name, path,
                    def->name);
        rc = -1;
    } else {
        rc = virt__xl_start_image(p, dom, def, fd, version, domid);
    }
    close(fd);
    virt_domain_def_free(def);
    if (rc == 0) unlink(path);
    return rc;
}

/* >>libxl driver glue: vCPUs (libvirt's libxlDomainSetVcpusFlags and
 * friends; reference section 3, "set/get/pin vcpus") */

/* The stored definition of a persistent domain, for a CONFIG change: 0
 * with *def, or -1 with libvirt's error for a transient one. */
VIRT__PRIVATE int virt__xl_persistent_def(virt__xl_priv *p, virDomainPtr dom, const char *transient_msg,
                                          virt_domain_def **def)
{
    int rc = virt__xl_def_load(p, dom, virt__domain_name(dom), def);
    if (rc < 0) return -1;
    if (rc == 0) return 0;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: %s",
                transient_msg);
    return -1;
}

/* The current count of a definition (<vcpu current=''>, else the maximum). */
VIRT__PRIVATE unsigned virt__xl_def_vcpus(const virt_domain_def *d, int maximum)
{
    unsigned max = d->vcpus ? d->vcpus : 1u;
    unsigned long cur = d->vcpu_current ? strtoul(d->vcpu_current, NULL, 10) : max;
    return maximum || cur == 0 || cur > max ? max : (unsigned)cur;
}

/* <vcpu current=''> set to n (dropped when n is the maximum, as libvirt writes it). */
VIRT__PRIVATE int virt__xl_def_set_current(virt_domain_def *d, unsigned n)
{
    char num[16];
    virt__def_put(d, &d->vcpu_current, NULL);
    if (n == (d->vcpus ? d->vcpus : 1u)) return 0;
    snprintf(num, sizeof num, "%u", n);
    return (d->vcpu_current = virt__strdup(num)) ? 0 : -1;
}

/* Rewrites the stored definition with a new vCPU count (or maximum). */
VIRT__PRIVATE int virt__xl_config_vcpus(virt__xl_priv *p, virDomainPtr dom, unsigned n, int maximum)
{
    virt_domain_def *def;
    char *xml;
    unsigned cur;
    int rc;
    if (virt__xl_persistent_def(p, dom, "cannot change persistent config of a transient domain", &def) < 0) return -1;
    cur = virt__xl_def_vcpus(def, 0);
    if (!maximum && n > virt__xl_def_vcpus(def, 1)) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG,
                    "requested vcpus is greater than max allowable vcpus for the domain: %u > %u", n,
                    virt__xl_def_vcpus(def, 1));
        virt_domain_def_free(def);
        return -1;
    }
    if (maximum) def->vcpus = n;   /* libvirt's virDomainDefSetVcpusMax lowers the current count with it */
    rc = virt__xl_def_set_current(def, maximum ? (cur < n ? cur : n) : n);
    xml = rc == 0 ? virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9) : NULL;
    rc = xml ? virt__xl_def_write(p, def->name, xml) : -1;
    if (!xml) virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "setvcpus: out of memory");
    VIRT_FREE(xml);
    virt_domain_def_free(def);
    return rc;
}

/* The live XML (userdata "libvirt-xml") follows a live change, so that
 * dumpxml says what runs; a domain without one has nothing to follow. */
VIRT__PRIVATE void virt__xl_live_vcpus(virt__xl_priv *p, int id, unsigned n)
{
    char *xml = virt__xl_live_xml(p, id), *out = NULL;
    virt_domain_def *def = NULL;
    virt_status st;
    if (xml && virt_domain_def_parse(xml, (size_t)-1, &def, &st) == VIRT_OK && virt__xl_def_set_current(def, n) == 0 &&
        (out = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9)) != NULL)
        (void)libxl_userdata_store(p->ctx, (uint32_t)id, "libvirt-xml", (const uint8_t *)out, (int)strlen(out) + 1);
    VIRT_FREE(out);
    VIRT_FREE(xml);
    virt_domain_def_free(def);
}

/* vCPUs 0..n-1 online: at most the domain's maximum (fixed when it was
 * built, vcpu_max_id + 1) and the host's (libxl_get_max_cpus). */
VIRT__PRIVATE int virt__xl_live_set_vcpus(virt__xl_priv *p, virDomainPtr dom, unsigned n)
{
    libxl_dominfo info;
    libxl_bitmap map;
    unsigned char bits[VIRT__XL_MAX_VCPUS / 8];
    unsigned max, i;
    int id = virt__xl_active(p, dom), host, rc;
    if (id < 0 || virt__xl_dominfo(p, dom, id, &info) < 0) return -1;
    max = info.vcpu_max_id + 1;
    libxl_dominfo_dispose(&info);
    host = libxl_get_max_cpus(p->ctx);
    if (host > 0 && (unsigned)host < max) max = (unsigned)host;
    if (max > VIRT__XL_MAX_VCPUS) max = VIRT__XL_MAX_VCPUS;
    if (n > max) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG,
                    "requested vcpus is greater than max allowable vcpus for the domain: %u > %u", n, max);
        return -1;
    }
    memset(bits, 0, sizeof bits);
    for (i = 0; i < n; i++) bits[i / 8] = (unsigned char)(bits[i / 8] | (1u << (i % 8)));
    map.size = (n + 7) / 8;
    map.map = bits;
    p->log.last[0] = '\0';
    if ((rc = libxl_set_vcpuonline(p->ctx, (uint32_t)id, &map, NULL)) != 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR,
                    "Failed to set vcpus for domain '%d' with libxenlight%s%s", id, p->log.last[0] ? ": " : "",
                    p->log.last);
        return -1;
    }
    virt__xl_live_vcpus(p, id, n);
    return 0;
}

/* libvirt's flag rules: LIVE or CONFIG (at least one), MAXIMUM only with
 * CONFIG alone. */
VIRT__PRIVATE int virt__xl_set_vcpus_flags(void *priv, virDomainPtr dom, unsigned int n, unsigned int flags)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    const unsigned live = VIR_DOMAIN_VCPU_LIVE, config = VIR_DOMAIN_VCPU_CONFIG, maximum = VIR_DOMAIN_VCPU_MAXIMUM;
    if (flags & ~(live | config | maximum)) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG,
                    "unsupported flags (0x%x) in function libxlDomainSetVcpusFlags", flags & ~(live | config | maximum));
        return -1;
    }
    if (!(flags & (live | config)) || (flags & (live | maximum)) == (live | maximum)) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "invalid flag combination: (0x%x)", flags);
        return -1;
    }
    if ((flags & live) && virt__xl_running_id(p, virt__domain_name(dom)) < 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: cannot set vcpus on an inactive domain");
        return -1;
    }
    if ((flags & live) && virt__xl_live_set_vcpus(p, dom, n) < 0) return -1;
    return (flags & config) ? virt__xl_config_vcpus(p, dom, n, (flags & maximum) != 0) : 0;
}

VIRT__PRIVATE int virt__xl_set_vcpus(void *priv, virDomainPtr dom, unsigned int n)
{
    return virt__xl_set_vcpus_flags(priv, dom, n, VIR_DOMAIN_VCPU_LIVE);
}

/* LIVE from the hypervisor's count (libxl_domain_info: vcpu_online,
 * vcpu_max_id), CONFIG from the stored definition; CURRENT is whichever
 * the domain has now. */
VIRT__PRIVATE int virt__xl_get_vcpus_flags(void *priv, virDomainPtr dom, unsigned int flags)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    const unsigned live = VIR_DOMAIN_VCPU_LIVE, config = VIR_DOMAIN_VCPU_CONFIG, maximum = VIR_DOMAIN_VCPU_MAXIMUM;
    virt_domain_def *def;
    libxl_dominfo info;
    int id, n;
    if (flags & ~(live | config | maximum)) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG,
                    "unsupported flags (0x%x) in function libxlDomainGetVcpusFlags", flags & ~(live | config | maximum));
        return -1;
    }
    id = virt__xl_running_id(p, virt__domain_name(dom));
    if (!(flags & (live | config))) flags |= id >= 0 ? live : config;
    if ((flags & live) && (flags & config)) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "invalid flag combination: (0x%x)", flags);
        return -1;
    }
    if (flags & config) {
        if (virt__xl_persistent_def(p, dom, "domain is transient", &def) < 0) return -1;
        n = (int)virt__xl_def_vcpus(def, (flags & maximum) != 0);
        virt_domain_def_free(def);
        return n;
    }
    if ((id = virt__xl_active(p, dom)) < 0 || virt__xl_dominfo(p, dom, id, &info) < 0) return -1;
    n = (flags & maximum) ? (int)info.vcpu_max_id + 1 : (int)info.vcpu_online;
    libxl_dominfo_dispose(&info);
    return n;
}

/* libxl_list_vcpu: RUNNING if running, else BLOCKED if blocked, else
 * OFFLINE (libvirt's libxlDomainGetVcpus); the hard affinity into cpumaps. */
VIRT__PRIVATE int virt__xl_get_vcpus(void *priv, virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                                     unsigned char *cpumaps, int maplen)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    libxl_vcpuinfo *v;
    int id = virt__xl_active(p, dom), n = 0, host = 0, i;
    if (id < 0) return -1;
    p->log.last[0] = '\0';
    if (!(v = libxl_list_vcpu(p->ctx, (uint32_t)id, &n, &host))) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "Failed to list vcpus for domain '%d' with libxenlight",
                    id);
        return -1;
    }
    for (i = 0; i < n && i < maxinfo; i++) {
        info[i].number = v[i].vcpuid;
        info[i].cpu = (int)v[i].cpu;
        info[i].cpuTime = v[i].vcpu_time;
        info[i].state = v[i].running ? VIR_VCPU_RUNNING : v[i].blocked ? VIR_VCPU_BLOCKED : VIR_VCPU_OFFLINE;
        if (cpumaps) {
            size_t len = v[i].cpumap.size < (uint32_t)maplen ? v[i].cpumap.size : (size_t)maplen;
            memset(cpumaps + (size_t)i * (size_t)maplen, 0, (size_t)maplen);
            if (v[i].cpumap.map) memcpy(cpumaps + (size_t)i * (size_t)maplen, v[i].cpumap.map, len);
        }
    }
    libxl_vcpuinfo_list_free(v, n);
    return i;
}

/* Hard affinity of a running domain's vCPU (libxl_set_vcpuaffinity, no
 * soft map); a CONFIG pin would be <cputune><vcpupin>, which virt does
 * not carry to libxl yet, so it is refused rather than dropped. */
VIRT__PRIVATE int virt__xl_pin_vcpu(void *priv, virDomainPtr dom, unsigned int vcpu, const unsigned char *cpumap,
                                    int maplen, unsigned int flags)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    libxl_bitmap hard;
    int id;
    if (flags & ~(unsigned)(VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function libxlDomainPinVcpuFlags",
                    flags & ~(unsigned)(VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG));
        return -1;
    }
    id = virt__xl_running_id(p, virt__domain_name(dom));
    if ((flags & VIR_DOMAIN_AFFECT_CONFIG) || (flags == 0 && id < 0)) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED,
                    "libxl: <cputune><vcpupin> (a pin in the persistent definition) cannot be carried by libxl yet");
        return -1;
    }
    if ((id = virt__xl_active(p, dom)) < 0) return -1;
    hard.size = (uint32_t)maplen;
    hard.map = (uint8_t *)(uintptr_t)cpumap;   /* libxl only reads it */
    p->log.last[0] = '\0';
    if (libxl_set_vcpuaffinity(p->ctx, (uint32_t)id, vcpu, &hard, NULL) == 0) return 0;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "Failed to pin vcpu '%u' with libxenlight%s%s", vcpu,
                p->log.last[0] ? ": " : "", p->log.last);
    return -1;
}

/* >>libxl driver glue: autostart (DIR/autostart/NAME.xml, a link to the
 * definition, as libvirt's libxl driver keeps them; virt has no daemon,
 * so nothing starts them at boot by itself) */

VIRT__PRIVATE void virt__xl_autostart_path(const virt__xl_priv *p, const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/autostart/%s.xml", p->dir, name);
}

VIRT__PRIVATE int virt__xl_get_autostart(void *priv, virDomainPtr dom, int *autostart)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    char path[512];
    struct stat sb;
    virt_domain_def *def;
    int rc = virt__xl_def_load(p, dom, virt__domain_name(dom), &def);
    if (rc == VIRT__XL_UNDEFINED) { *autostart = 0; return 0; }   /* transient: never autostarted */
    if (rc < 0) return -1;
    virt_domain_def_free(def);
    virt__xl_autostart_path(p, virt__domain_name(dom), path, sizeof path);
    *autostart = lstat(path, &sb) == 0;
    return 0;
}

VIRT__PRIVATE int virt__xl_set_autostart(void *priv, virDomainPtr dom, int autostart)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    const char *name = virt__domain_name(dom);
    char link[512], target[512], dir[300];
    virt_domain_def *def;
    if (virt__xl_persistent_def(p, dom, "cannot set autostart for transient domain", &def) < 0) return -1;
    virt_domain_def_free(def);
    virt__xl_autostart_path(p, name, link, sizeof link);
    if (!autostart) {
        if (unlink(link) == 0 || errno == ENOENT) return 0;
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_SYSTEM_ERROR, "Failed to delete symlink '%s': %s", link,
                    strerror(errno));
        return -1;
    }
    snprintf(dir, sizeof dir, "%s/autostart", p->dir);
    virt__xl_def_path(p, name, target, sizeof target);
    if (virt__xl_mkdirs(dir) != 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_SYSTEM_ERROR, "cannot create autostart directory %s: %s", dir,
                    strerror(errno));
        return -1;
    }
    if (symlink(target, link) == 0 || errno == EEXIST) return 0;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_SYSTEM_ERROR, "Failed to create symlink '%s' to '%s': %s", link,
                target, strerror(errno));
    return -1;
}

/* >>libxl driver glue: core dumps (libvirt's libxlDomainCoreDump;
 * reference section 3, "core dump") */

/* libvirt's libxl driver refuses Domain-0 for dumps and device changes
 * (LIBXL_CHECK_DOM0_GOTO). */
VIRT__PRIVATE int virt__xl_not_dom0(virt__xl_priv *p, virDomainPtr dom)
{
    if (strcmp(virt__domain_name(dom), "Domain-0") != 0) return 0;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                "Requested operation is not valid: Domain-0 does not support requested operation");
    return -1;
}

/* Flags LIVE and CRASH only. libvirt's libxl driver has no
 * CoreDumpWithFormat: libxl writes Xen's own ELF core format, which the
 * API calls raw, so any other format is refused as libvirt refuses the
 * call. A running domain is paused for the dump unless LIVE and resumed
 * after it (a failed resume is reported, the dump still counts, as in
 * libvirt); CRASH destroys the domain after a good dump. */
VIRT__PRIVATE int virt__xl_core_dump(void *priv, virDomainPtr dom, const char *path, unsigned int format,
                                     unsigned int flags)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    const unsigned known = VIR_DUMP_LIVE | VIR_DUMP_CRASH;
    libxl_dominfo info;
    int id, paused = 0, rc = 0;
    if (flags & ~known) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG,
                    "unsupported flags (0x%x) in function libxlDomainCoreDump", flags & ~known);
        return -1;
    }
    if (format != VIR_DOMAIN_CORE_DUMP_FORMAT_RAW) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_SUPPORT,
                    "this function is not supported by the connection driver: virDomainCoreDumpWithFormat "
                    "(libxl writes raw core dumps only, not format %u)", format);
        return -1;
    }
    if (virt__xl_not_dom0(p, dom) < 0 || (id = virt__xl_active(p, dom)) < 0) return -1;
    if (!(flags & VIR_DUMP_LIVE)) {
        if (virt__xl_dominfo(p, dom, id, &info) < 0) return -1;
        paused = !info.paused;   /* pause only what runs; a paused domain stays so */
        libxl_dominfo_dispose(&info);
        if (paused && libxl_domain_pause(p->ctx, (uint32_t)id, NULL) != 0) {
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR,
                        "Before dumping core, failed to suspend domain '%d' with libxenlight", id);
            return -1;
        }
    }
    p->log.last[0] = '\0';
    if (libxl_domain_core_dump(p->ctx, (uint32_t)id, path, NULL) != 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR,
                    "Failed to dump core of domain '%d' with libxenlight%s%s", id, p->log.last[0] ? ": " : "",
                    p->log.last);
        rc = -1;
    } else if (flags & VIR_DUMP_CRASH) {
        if (libxl_domain_destroy(p->ctx, (uint32_t)id, NULL) == 0) {
            virt__domain_set_id(dom, -1);
            return 0;
        }
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "Failed to destroy domain '%d'", id);
        rc = -1;
    }
    if (paused && libxl_domain_unpause(p->ctx, (uint32_t)id, NULL) != 0)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR,
                    "After dumping core, failed to resume domain '%d' with libxenlight", id);
    return rc;
}

/* >>libxl driver glue: devices (libvirt's libxlDomainAttachDeviceFlags and
 * DetachDeviceFlags; reference section 3, "attach / detach disk|NIC").
 * CONFIG changes the stored definition (disks, interfaces, PCI hostdevs
 * and controllers, as libvirt's libxlDomainAttachDeviceConfig allows),
 * LIVE hotplugs disks on bus xen and interfaces through libxl and keeps
 * the live XML (userdata "libvirt-xml") in step; CONFIG first, so a
 * refused config change leaves the running domain untouched. */

/* Device elements of libvirt's schema that virt's model does not hold:
 * libvirt parses them and then refuses to attach them. */
static const char *const virt__xl_foreign_devices[] = {
    "lease", "filesystem", "hub", "redirdev", "smartcard", "nvram", "rng", "shmem",
    "tpm", "panic", "memory", "iommu", "vsock", "audio", "crypto"
};
static const char *const virt__xl_model_devices[] = {
    "disk", "interface", "graphics", "console", "serial", "parallel", "channel",
    "input", "sound", "video", "hostdev", "controller", "memballoon", "watchdog"
};

/* The device fragment's root element, from expat (a DOCTYPE is refused,
 * as the domain parser refuses one: no entity tricks). */
typedef struct virt__xl_frag {
    int depth, doctype;
    char root[24];
} virt__xl_frag;
static void XMLCALL virt__xl_frag_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    virt__xl_frag *f = (virt__xl_frag *)ud;
    if (f->depth++ == 0) snprintf(f->root, sizeof f->root, "%s", name);
    (void)atts;
}
static void XMLCALL virt__xl_frag_end(void *ud, const XML_Char *name)
{
    ((virt__xl_frag *)ud)->depth--;
    (void)name;
}
static void XMLCALL virt__xl_frag_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                          const XML_Char *pubid, int has_internal_subset)
{
    ((virt__xl_frag *)ud)->doctype = 1;
    (void)name; (void)sysid; (void)pubid; (void)has_internal_subset;
}

VIRT__PRIVATE int virt__xl_in(const char *s, const char *const *set, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(s, set[i]) == 0) return 1;
    return 0;
}

/* Checks that xml is one well-formed element and names it in root. */
VIRT__PRIVATE int virt__xl_frag_check(virt__xl_priv *p, virDomainPtr dom, const char *xml, char *root, size_t size)
{
    virt__xl_frag f;
    XML_Parser xp;
    size_t len = strlen(xml);
    int ok;
    if (len > VIRT_XML_MAX_BYTES) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_XML_ERROR, "device XML of %lu bytes is above VIRT_XML_MAX_BYTES",
                    (unsigned long)len);
        return -1;
    }
    memset(&f, 0, sizeof f);
    if (!(xp = XML_ParserCreate("UTF-8"))) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "device XML: out of memory");
        return -1;
    }
    XML_SetUserData(xp, &f);
    XML_SetElementHandler(xp, virt__xl_frag_start, virt__xl_frag_end);
    XML_SetStartDoctypeDeclHandler(xp, virt__xl_frag_doctype);
    ok = XML_Parse(xp, xml, (int)len, 1) == XML_STATUS_OK;
    if (!ok && !f.doctype)
        virt__error(p->conn, dom, VIR_FROM_XML, VIR_ERR_XML_DETAIL, "(device_definition):%lu: %s",
                    (unsigned long)XML_GetCurrentLineNumber(xp), XML_ErrorString(XML_GetErrorCode(xp)));
    XML_ParserFree(xp);
    if (f.doctype) {
        virt__error(p->conn, dom, VIR_FROM_XML, VIR_ERR_XML_ERROR, "device XML with a DOCTYPE is refused");
        return -1;
    }
    if (!ok) return -1;
    snprintf(root, size, "%s", f.root);
    return 0;
}

/* The device XML, parsed as the one device of a stand-in domain: 0 and
 * *frag; 1 for a device of libvirt's schema that the model lacks (root
 * names it); -1 with the error raised. A disk's bus is defaulted from its
 * target as libvirt's parser does (xvd* xen, hd* ide, ...; else ide). */
VIRT__PRIVATE int virt__xl_device_parse(virt__xl_priv *p, virDomainPtr dom, const char *xml, virt_domain_def **frag,
                                        char *root, size_t size)
{
    static const char head[] = "<domain type='xen'><name>device</name><memory>1</memory><devices>";
    static const char tail[] = "</devices></domain>";
    const char *body = xml, *decl_end;
    virt_status st;
    virt__buf b;
    virt_disk_def *dk;
    int rc;
    *frag = NULL;
    if (virt__xl_frag_check(p, dom, xml, root, size) < 0) return -1;
    if (virt__xl_in(root, virt__xl_foreign_devices, sizeof virt__xl_foreign_devices / sizeof *virt__xl_foreign_devices))
        return 1;
    if (!virt__xl_in(root, virt__xl_model_devices, sizeof virt__xl_model_devices / sizeof *virt__xl_model_devices)) {
        virt__error(p->conn, dom, VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "unknown device type '%s'", root);
        return -1;
    }
    while (*body == ' ' || *body == '\t' || *body == '\r' || *body == '\n') body++;
    if (strncmp(body, "<?xml", 5) == 0 && (decl_end = strstr(body, "?>")) != NULL) body = decl_end + 2;
    memset(&b, 0, sizeof b);
    virt__buf_puts(&b, head);
    virt__buf_puts(&b, body);
    virt__buf_puts(&b, tail);
    if (b.failed) {
        virt__buf_free(&b);
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "device XML: out of memory");
        return -1;
    }
    rc = virt_domain_def_parse(b.data, b.len, frag, &st);
    virt__buf_free(&b);
    if (rc != VIRT_OK) {
        virt__error(p->conn, dom, VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "device XML: %s", st.message);
        return -1;
    }
    if ((*frag)->unsupported || (*frag)->ndevices != 1) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "libxl: %s is not supported by virt's domain model",
                    (*frag)->unsupported ? (*frag)->unsupported : "this device XML");
        virt_domain_def_free(*frag);
        *frag = NULL;
        return -1;
    }
    dk = &(*frag)->devices[0].u.disk;
    if ((*frag)->devices[0].kind == VIRT_DEVICE_DISK && !dk->bus) {
        const char *bus = dk->device == VIRT_DISK_DEVICE_FLOPPY ? "fdc" : virt__disk_default_bus(dk->target);
        if (!(dk->bus = virt__strdup(bus ? bus : "ide"))) {
            virt_domain_def_free(*frag);
            *frag = NULL;
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "device XML: out of memory");
            return -1;
        }
    }
    return 0;
}

/* libvirt's virDomainDeviceTypeToString for the model's kinds. */
VIRT__PRIVATE const char *virt__xl_kind_name(virt_device_kind k)
{
    static const char *const names[VIRT_DEVICE_KIND_COUNT] = {
        "disk", "interface", "graphics", "chr", "chr", "chr", "chr",
        "input", "sound", "video", "hostdev", "controller", "memballoon", "watchdog"
    };
    return names[k];
}

/* Index of the device of def that `dev` names (a disk by target, an
 * interface by MAC, a hostdev by source address, a controller by type and
 * index), -1 when none; -2 when an interface without a MAC names several. */
VIRT__PRIVATE long virt__xl_find(const virt_domain_def *def, const virt_device_def *dev)
{
    size_t i, j;
    long hit = -1;
    for (i = 0; i < def->ndevices; i++) {
        const virt_device_def *d = &def->devices[i];
        int same = 0;
        if (d->kind != dev->kind) continue;
        switch (d->kind) {
        case VIRT_DEVICE_DISK: same = virt__xl_streq(d->u.disk.target, dev->u.disk.target); break;
        case VIRT_DEVICE_INTERFACE:
            if (!dev->u.net.mac) {
                if (hit >= 0) return -2;
                same = 1;
            } else {
                same = virt__xl_streq(d->u.net.mac, dev->u.net.mac);   /* both lower case (the parser's) */
            }
            break;
        case VIRT_DEVICE_HOSTDEV:
            same = d->u.hostdev.source.natts == dev->u.hostdev.source.natts;
            for (j = 0; same && j < 2 * (size_t)d->u.hostdev.source.natts; j++)
                same = virt__xl_streq(d->u.hostdev.source.attrs[j], dev->u.hostdev.source.attrs[j]);
            break;
        case VIRT_DEVICE_CONTROLLER:
            same = virt__xl_streq(d->u.controller.type, dev->u.controller.type) &&
                   strcmp(d->u.controller.index ? d->u.controller.index : "0",
                          dev->u.controller.index ? dev->u.controller.index : "0") == 0;
            break;
        default: break;
        }
        if (!same) continue;
        if (dev->kind != VIRT_DEVICE_INTERFACE || dev->u.net.mac) return (long)i;
        hit = (long)i;
    }
    return hit;
}

/* Copies the one device of frag to the end of def: its strings into def's
 * own blocks, since a definition's strings never move to another one
 * (virt_xml.h); frag keeps its device and is freed as usual. */
VIRT__PRIVATE int virt__xl_device_take(virt_domain_def *def, virt_domain_def *frag)
{
    virt_device_def *grown;
    if (def->ndevices >= VIRT_XML_MAX_DEVICES) return -1;
    grown = (virt_device_def *)VIRT_REALLOC(def->devices, (def->ndevices + 1) * sizeof *grown);
    if (!grown) return -1;
    def->devices = grown;
    if (!virt__device_copy(def, &def->devices[def->ndevices], &frag->devices[0])) return -1;
    def->ndevices++;
    if (def->devices[def->ndevices - 1].kind == VIRT_DEVICE_DISK) virt__order_disks(def);
    return 0;
}

VIRT__PRIVATE void virt__xl_device_drop(virt_domain_def *def, size_t at)
{
    virt__device_release(def, &def->devices[at]);
    memmove(def->devices + at, def->devices + at + 1, (def->ndevices - at - 1) * sizeof *def->devices);
    def->ndevices--;
}

/* A MAC for an interface without one, in Xen's range 00:16:3e (the prefix
 * libvirt's libxl driver generates with), so the live XML can name it. */
VIRT__PRIVATE int virt__xl_give_mac(virt__xl_priv *p, virDomainPtr dom, virt_net_def *n)
{
    unsigned char r[VIRT_UUID_BUFLEN];
    char mac[18];
    if (n->mac) return 0;
    if (virt__xl_new_uuid(r) < 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "cannot read /dev/urandom for a MAC address");
        return -1;
    }
    snprintf(mac, sizeof mac, "00:16:3e:%02x:%02x:%02x", r[0] & 0x7f, r[1], r[2]);
    if ((n->mac = virt__strdup(mac)) != NULL) return 0;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "attach: out of memory");
    return -1;
}

/* def converted for libxl (CONFIG_UNSUPPORTED naming what it cannot carry). */
VIRT__PRIVATE int virt__xl_convert(virt__xl_priv *p, virDomainPtr dom, const virt_domain_def *def,
                                   libxl_domain_config *cfg)
{
    virt_status st;
    if (virt_xl_config_from_def(def, cfg, &st) == VIRT_OK) return 0;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, st.code == VIRT_E_NOMEM ? VIR_ERR_NO_MEMORY : VIR_ERR_CONFIG_UNSUPPORTED,
                "%s", st.message);
    return -1;
}

/* Writes def as the stored definition (config) or as the live XML. */
VIRT__PRIVATE int virt__xl_keep_def(virt__xl_priv *p, virDomainPtr dom, const virt_domain_def *def, int id)
{
    char *xml = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9);
    int rc;
    if (!xml) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "device change: out of memory");
        return -1;
    }
    if (id < 0) rc = virt__xl_def_write(p, def->name, xml);
    else if ((rc = libxl_userdata_store(p->ctx, (uint32_t)id, "libvirt-xml", (const uint8_t *)xml, (int)strlen(xml) + 1)) != 0)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR,
                    "the device changed, but the live XML of domain '%d' could not be stored", id);
    VIRT_FREE(xml);
    return rc == 0 ? 0 : -1;
}

/* The live definition of running domain id (userdata "libvirt-xml"). */
VIRT__PRIVATE int virt__xl_live_def(virt__xl_priv *p, virDomainPtr dom, int id, virt_domain_def **def)
{
    char *xml = virt__xl_live_xml(p, id);
    virt_status st;
    int rc;
    *def = NULL;
    if (!xml) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: domain '%s' (%d) was not started through libvirt or virt "
                    "(no libvirt-xml userdata to change)", virt__domain_name(dom), id);
        return -1;
    }
    rc = virt_domain_def_parse(xml, (size_t)-1, def, &st);
    VIRT_FREE(xml);
    if (rc == VIRT_OK) return 0;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "the live XML of domain '%d': %s", id, st.message);
    return -1;
}

/* libvirt's virDomainObjUpdateModificationImpact: CURRENT is LIVE on a
 * running domain, CONFIG on an inactive one. *id: the domid or -1. */
VIRT__PRIVATE int virt__xl_impact(virt__xl_priv *p, virDomainPtr dom, unsigned int *flags, const char *fn, int *id)
{
    const unsigned live = VIR_DOMAIN_AFFECT_LIVE, config = VIR_DOMAIN_AFFECT_CONFIG;
    virt_domain_def *def = NULL;
    int rc;
    if (*flags & ~(live | config)) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function %s",
                    *flags & ~(live | config), fn);
        return -1;
    }
    if (virt__xl_not_dom0(p, dom) < 0) return -1;
    *id = virt__xl_running_id(p, virt__domain_name(dom));
    if (!(*flags & (live | config))) *flags = *id >= 0 ? live : config;
    if ((*flags & live) && *id < 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: domain is not running");
        return -1;
    }
    if (!(*flags & config)) return 0;
    if ((rc = virt__xl_def_load(p, dom, virt__domain_name(dom), &def)) < 0) return -1;
    virt_domain_def_free(def);
    if (rc == 0) return 0;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                "Requested operation is not valid: transient domains do not have any persistent config");
    return -1;
}

/* libxlDomainAttachDeviceConfig: the checks, then the stored definition
 * with the device, refused if libxl could not start it. */
VIRT__PRIVATE int virt__xl_attach_config(virt__xl_priv *p, virDomainPtr dom, virt_domain_def *frag)
{
    virt_device_def *dev = &frag->devices[0];
    virt_domain_def *def;
    libxl_domain_config cfg;
    long at;
    int rc = -1;
    if (dev->kind != VIRT_DEVICE_DISK && dev->kind != VIRT_DEVICE_INTERFACE && dev->kind != VIRT_DEVICE_HOSTDEV &&
        dev->kind != VIRT_DEVICE_CONTROLLER) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "persistent attach of device is not supported");
        return -1;
    }
    if (virt__xl_def_load(p, dom, virt__domain_name(dom), &def) != 0) return -1;
    at = dev->kind == VIRT_DEVICE_INTERFACE && !dev->u.net.mac ? -1 : virt__xl_find(def, dev);
    if (at >= 0 && dev->kind == VIRT_DEVICE_DISK)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "target %s already exists.", dev->u.disk.target);
    else if (at >= 0 && dev->kind == VIRT_DEVICE_INTERFACE)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "network device with mac %s already exists",
                    dev->u.net.mac);
    else if (at >= 0 && dev->kind == VIRT_DEVICE_HOSTDEV)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: device is already in the domain configuration");
    else if (at >= 0)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: Target already exists");
    else if (dev->kind == VIRT_DEVICE_INTERFACE && virt__xl_give_mac(p, dom, &dev->u.net) < 0) {}
    else if (virt__xl_device_take(def, frag) < 0)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "attach: out of memory or above VIRT_XML_MAX_DEVICES");
    else if (virt__xl_convert(p, dom, def, &cfg) == 0) {
        libxl_domain_config_dispose(&cfg);
        rc = virt__xl_keep_def(p, dom, def, -1);
    }
    virt_domain_def_free(def);
    return rc;
}

/* The libxl disk of target in def's conversion (cfg is the caller's). */
VIRT__PRIVATE libxl_device_disk *virt__xl_cfg_disk(libxl_domain_config *cfg, const char *target)
{
    int i;
    for (i = 0; i < cfg->num_disks; i++)
        if (virt__xl_streq(cfg->disks[i].vdev, target)) return &cfg->disks[i];
    return NULL;
}

VIRT__PRIVATE libxl_device_nic *virt__xl_cfg_nic(libxl_domain_config *cfg, const char *mac)
{
    unsigned char m[6];
    int i;
    if (!mac || virt_mac_parse(mac, m) != 0) return NULL;
    for (i = 0; i < cfg->num_nics; i++)
        if (memcmp(cfg->nics[i].mac, m, 6) == 0) return &cfg->nics[i];
    return NULL;
}

/* The live checks libvirt makes before libxl_device_disk_add. */
VIRT__PRIVATE int virt__xl_disk_hotplug_ok(virt__xl_priv *p, virDomainPtr dom, const virt_domain_def *live,
                                           const virt_device_def *dev)
{
    const virt_disk_def *dk = &dev->u.disk;
    if (dk->device != VIRT_DISK_DEVICE_DISK) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "disk device type '%s' cannot be hotplugged",
                    "floppy");
        return -1;
    }
    if (!virt__xl_streq(dk->bus, "xen")) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "disk bus '%s' cannot be hotplugged.", dk->bus);
        return -1;
    }
    if (virt__xl_find(live, dev) >= 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED, "target %s already exists", dk->target);
        return -1;
    }
    if (!dk->source) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "disk source path is missing");
        return -1;
    }
    return 0;
}

/* A CD-ROM "attach" is a media change (libvirt's
 * libxlDomainChangeEjectableMedia): the live CD-ROM of that target takes
 * the new source (none: ejected) through libxl_cdrom_insert. */
VIRT__PRIVATE int virt__xl_change_media(virt__xl_priv *p, virDomainPtr dom, int id, virt_domain_def *live,
                                        virt_disk_def *fresh)
{
    libxl_domain_config cfg;
    libxl_device_disk *disk;
    virt_device_def probe;
    virt_disk_def *orig;
    virt_disk_type old_type;
    char *old_source;
    long at;
    int xrc;
    memset(&probe, 0, sizeof probe);
    probe.kind = VIRT_DEVICE_DISK;
    probe.u.disk.target = fresh->target;
    if ((at = virt__xl_find(live, &probe)) < 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED, "target %s doesn't exist.", fresh->target);
        return -1;
    }
    orig = &live->devices[at].u.disk;
    if (orig->device != VIRT_DISK_DEVICE_CDROM) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED, "Removable media not supported for %s device",
                    orig->device == VIRT_DISK_DEVICE_FLOPPY ? "floppy" : "disk");
        return -1;
    }
    old_source = orig->source;
    old_type = orig->type;
    /* the new source is copied into live's own strings: a definition's
     * strings never move to another one (virt_xml.h) */
    orig->source = fresh->source ? virt__def_strdup(live, fresh->source) : NULL;
    if (fresh->source && !orig->source) {
        orig->source = old_source;
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "media change: out of memory");
        return -1;
    }
    orig->type = fresh->type;
    xrc = virt__xl_convert(p, dom, live, &cfg);
    if (xrc == 0) {
        p->log.last[0] = '\0';
        disk = virt__xl_cfg_disk(&cfg, fresh->target);
        xrc = disk ? libxl_cdrom_insert(p->ctx, (uint32_t)id, disk, NULL) : -1;
        libxl_domain_config_dispose(&cfg);
        if (xrc != 0)
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED,
                        "libxenlight failed to change media for disk '%s'%s%s", fresh->target, p->log.last[0] ? ": " : "",
                        p->log.last);
    }
    if (xrc != 0) {
        orig->source = old_source;
        orig->type = old_type;
        return -1;
    }
    virt__def_release(live, old_source);
    return virt__xl_keep_def(p, dom, live, id);
}

/* libxlDomainAttachDeviceLive for disks (bus xen) and interfaces: the live
 * definition with the device is converted, libxl adds that device, and the
 * live XML records it. */
VIRT__PRIVATE int virt__xl_attach_live(virt__xl_priv *p, virDomainPtr dom, int id, virt_domain_def *frag)
{
    virt_device_def *dev = &frag->devices[0];
    virt_domain_def *live;
    libxl_domain_config cfg;
    virt_device_kind kind = dev->kind;
    char target[64] = "", mac[18] = "";
    int rc = -1, xrc;
    if (dev->kind == VIRT_DEVICE_HOSTDEV || dev->kind == VIRT_DEVICE_CONTROLLER) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED,
                    "libxl: a live <%s> attach is not carried to libxl by virt yet", virt__xl_kind_name(dev->kind));
        return -1;
    }
    if (dev->kind != VIRT_DEVICE_DISK && dev->kind != VIRT_DEVICE_INTERFACE) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "device type '%s' cannot be attached",
                    virt__xl_kind_name(dev->kind));
        return -1;
    }
    if (virt__xl_live_def(p, dom, id, &live) < 0) return -1;
    if (dev->kind == VIRT_DEVICE_DISK && dev->u.disk.device == VIRT_DISK_DEVICE_CDROM) {
        rc = virt__xl_change_media(p, dom, id, live, &dev->u.disk);
        goto out;
    }
    if (dev->kind == VIRT_DEVICE_DISK && virt__xl_disk_hotplug_ok(p, dom, live, dev) < 0) goto out;
    if (dev->kind == VIRT_DEVICE_INTERFACE) {
        if (dev->u.net.mac && virt__xl_find(live, dev) >= 0) {
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "network device with mac %s already exists",
                        dev->u.net.mac);
            goto out;
        }
        if (virt__xl_give_mac(p, dom, &dev->u.net) < 0) goto out;
        snprintf(mac, sizeof mac, "%s", dev->u.net.mac);
    } else {
        snprintf(target, sizeof target, "%s", dev->u.disk.target);
    }
    if (virt__xl_device_take(live, frag) < 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "attach: out of memory or above VIRT_XML_MAX_DEVICES");
        goto out;
    }
    if (virt__xl_convert(p, dom, live, &cfg) < 0) goto out;
    p->log.last[0] = '\0';
    if (kind == VIRT_DEVICE_INTERFACE) {
        libxl_device_nic *nic = virt__xl_cfg_nic(&cfg, mac);
        if (nic) nic->devid = -1;   /* libxl takes the next free one */
        xrc = nic ? libxl_device_nic_add(p->ctx, (uint32_t)id, nic, NULL) : -1;
        if (xrc != 0)
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "libxenlight failed to attach network device%s%s",
                        p->log.last[0] ? ": " : "", p->log.last);
    } else {
        libxl_device_disk *disk = virt__xl_cfg_disk(&cfg, target);
        xrc = disk ? libxl_device_disk_add(p->ctx, (uint32_t)id, disk, NULL) : -1;
        if (xrc != 0)
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "libxenlight failed to attach disk '%s'%s%s",
                        target, p->log.last[0] ? ": " : "", p->log.last);
    }
    libxl_domain_config_dispose(&cfg);
    if (xrc == 0) rc = virt__xl_keep_def(p, dom, live, id);
out:
    virt_domain_def_free(live);
    return rc;
}

/* Where frag's device is in def, with libvirt's errors for a miss
 * (detach: live says OPERATION_FAILED, config INVALID_ARG). */
VIRT__PRIVATE long virt__xl_locate(virt__xl_priv *p, virDomainPtr dom, const virt_domain_def *def,
                                   const virt_device_def *dev, int live)
{
    long at = virt__xl_find(def, dev);
    if (at >= 0) return at;
    if (dev->kind == VIRT_DEVICE_INTERFACE && at == -2)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED, "multiple matching devices found");
    else if (dev->kind == VIRT_DEVICE_INTERFACE && dev->u.net.mac)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_DEVICE_MISSING, "no device matching MAC address %s found",
                    dev->u.net.mac);
    else if (dev->kind == VIRT_DEVICE_INTERFACE)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_DEVICE_MISSING, "no matching device found");
    else if (dev->kind == VIRT_DEVICE_DISK && live)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED, "disk %s not found", dev->u.disk.target);
    else if (dev->kind == VIRT_DEVICE_DISK)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "no target device %s", dev->u.disk.target);
    else
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "device not present in domain configuration");
    return -1;
}

/* libxlDomainDetachDeviceConfig */
VIRT__PRIVATE int virt__xl_detach_config(virt__xl_priv *p, virDomainPtr dom, const virt_domain_def *frag)
{
    const virt_device_def *dev = &frag->devices[0];
    virt_domain_def *def;
    long at;
    int rc = -1;
    if (dev->kind != VIRT_DEVICE_DISK && dev->kind != VIRT_DEVICE_INTERFACE && dev->kind != VIRT_DEVICE_HOSTDEV &&
        dev->kind != VIRT_DEVICE_CONTROLLER) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "persistent detach of device is not supported");
        return -1;
    }
    if (virt__xl_def_load(p, dom, virt__domain_name(dom), &def) != 0) return -1;
    if ((at = virt__xl_locate(p, dom, def, dev, 0)) >= 0) {
        virt__xl_device_drop(def, (size_t)at);
        rc = virt__xl_keep_def(p, dom, def, -1);
    }
    virt_domain_def_free(def);
    return rc;
}

/* libxlDomainDetachDeviceLive for disks (device disk, bus xen) and
 * interfaces (found by MAC through libxl_mac_to_device_nic, as libvirt). */
VIRT__PRIVATE int virt__xl_detach_live(virt__xl_priv *p, virDomainPtr dom, int id, const virt_domain_def *frag)
{
    const virt_device_def *dev = &frag->devices[0];
    virt_domain_def *live;
    libxl_domain_config cfg;
    libxl_device_nic nic;
    libxl_device_disk *disk;
    long at;
    int rc = -1, xrc;
    if (dev->kind == VIRT_DEVICE_HOSTDEV || dev->kind == VIRT_DEVICE_CONTROLLER) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED,
                    "libxl: a live <%s> detach is not carried to libxl by virt yet", virt__xl_kind_name(dev->kind));
        return -1;
    }
    if (dev->kind != VIRT_DEVICE_DISK && dev->kind != VIRT_DEVICE_INTERFACE) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "device type '%s' cannot be detached",
                    virt__xl_kind_name(dev->kind));
        return -1;
    }
    if (dev->kind == VIRT_DEVICE_DISK && dev->u.disk.device != VIRT_DISK_DEVICE_DISK) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "device type '%s' cannot hot unplugged",
                    dev->u.disk.device == VIRT_DISK_DEVICE_CDROM ? "cdrom" : "floppy");
        return -1;
    }
    if (dev->kind == VIRT_DEVICE_DISK && !virt__xl_streq(dev->u.disk.bus, "xen")) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "disk bus '%s' cannot be hot unplugged.",
                    dev->u.disk.bus);
        return -1;
    }
    if (virt__xl_live_def(p, dom, id, &live) < 0) return -1;
    if ((at = virt__xl_locate(p, dom, live, dev, 1)) < 0) goto out;
    p->log.last[0] = '\0';
    if (dev->kind == VIRT_DEVICE_INTERFACE) {
        libxl_device_nic_init(&nic);
        xrc = libxl_mac_to_device_nic(p->ctx, (uint32_t)id, live->devices[at].u.net.mac, &nic);
        if (xrc == 0) xrc = libxl_device_nic_remove(p->ctx, (uint32_t)id, &nic, NULL);
        libxl_device_nic_dispose(&nic);
        if (xrc != 0)
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "libxenlight failed to detach network device%s%s",
                        p->log.last[0] ? ": " : "", p->log.last);
    } else {
        if (virt__xl_convert(p, dom, live, &cfg) < 0) goto out;
        disk = virt__xl_cfg_disk(&cfg, dev->u.disk.target);
        xrc = disk ? libxl_device_disk_remove(p->ctx, (uint32_t)id, disk, NULL) : -1;
        libxl_domain_config_dispose(&cfg);
        if (xrc != 0)
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "libxenlight failed to detach disk '%s'%s%s",
                        dev->u.disk.target, p->log.last[0] ? ": " : "", p->log.last);
    }
    if (xrc == 0) {
        virt__xl_device_drop(live, (size_t)at);
        rc = virt__xl_keep_def(p, dom, live, id);
    }
out:
    virt_domain_def_free(live);
    return rc;
}

/* CONFIG, then LIVE, each from its own parse of the XML (libvirt parses
 * twice too; a MAC generated for the config copy is given to the live one). */
VIRT__PRIVATE int virt__xl_device_change(void *priv, virDomainPtr dom, const char *xml, unsigned int flags, int attach)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    const char *fn = attach ? "libxlDomainAttachDeviceFlags" : "libxlDomainDetachDeviceFlags";
    virt_domain_def *frag = NULL;
    char root[24], mac[18] = "";
    int id, rc;
    if (virt__xl_impact(p, dom, &flags, fn, &id) < 0) return -1;
    if ((rc = virt__xl_device_parse(p, dom, xml, &frag, root, sizeof root)) < 0) return -1;
    if (rc == 1) {
        if (flags & VIR_DOMAIN_AFFECT_CONFIG)
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "persistent %s of device is not supported",
                        attach ? "attach" : "detach");
        else
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "device type '%s' cannot be %s", root,
                        attach ? "attached" : "detached");
        return -1;
    }
    if (flags & VIR_DOMAIN_AFFECT_CONFIG) {
        if (attach && frag->devices[0].kind == VIRT_DEVICE_INTERFACE &&
            virt__xl_give_mac(p, dom, &frag->devices[0].u.net) < 0) rc = -1;
        if (rc == 0 && frag->devices[0].kind == VIRT_DEVICE_INTERFACE && frag->devices[0].u.net.mac)
            snprintf(mac, sizeof mac, "%s", frag->devices[0].u.net.mac);
        if (rc == 0) rc = attach ? virt__xl_attach_config(p, dom, frag) : virt__xl_detach_config(p, dom, frag);
        virt_domain_def_free(frag);
        frag = NULL;
        if (rc == 0 && (flags & VIR_DOMAIN_AFFECT_LIVE)) rc = virt__xl_device_parse(p, dom, xml, &frag, root, sizeof root);
        if (rc == 0 && frag && mac[0] && !frag->devices[0].u.net.mac && !(frag->devices[0].u.net.mac = virt__strdup(mac))) {
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "attach: out of memory");
            rc = -1;
        }
    }
    if (rc == 0 && (flags & VIR_DOMAIN_AFFECT_LIVE))
        rc = attach ? virt__xl_attach_live(p, dom, id, frag) : virt__xl_detach_live(p, dom, id, frag);
    virt_domain_def_free(frag);
    return rc;
}

VIRT__PRIVATE int virt__xl_attach_device(void *priv, virDomainPtr dom, const char *xml, unsigned int flags)
{
    return virt__xl_device_change(priv, dom, xml, flags, 1);
}
VIRT__PRIVATE int virt__xl_detach_device(void *priv, virDomainPtr dom, const char *xml, unsigned int flags)
{
    return virt__xl_device_change(priv, dom, xml, flags, 0);
}

/* >>libxl driver glue: migration (libvirt's libxl_migration.c, protocol 3
 * with or without parameters). Begin (source): the live XML and a cookie
 * with the stream version. Prepare (destination): listen on a TCP port
 * (49152-49215 unless the URI names one) and start a receiver process that
 * accepts one connection and restores the stream, paused, under the name
 * NAME--incoming (xl's migrate-receive name: the source still runs as NAME
 * when both ends share a host). Perform (source): connect and let
 * libxl_domain_suspend(LIVE) write the stream; then rename the source
 * NAME--migratedaway, as `xl migrate` does before its "GO". Finish
 * (destination): the receiver's report, the final name, unpause. Confirm
 * (source): destroy the old copy, or on cancel give it its name back and
 * resume it. Every failure leaves the guest running on the source. The
 * receiver is a detached process (double fork, its own libxl context,
 * as the domain monitor), so this process keeps no child while libxl
 * runs (libxl's default SIGCHLD mode reaps every child it sees). */
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

/* LIBXL_MIGRATION_FLAGS of libvirt's libxl_migration.h: LIVE, PEER2PEER,
 * TUNNELLED, PERSIST_DEST, UNDEFINE_SOURCE, PAUSED, CHANGE_PROTECTION */
#define VIRT__XL_MIGRATION_FLAGS 0x13ful
#define VIRT__XL_MIG_PORT_MIN 49152          /* libvirt's migration_port_min */
#define VIRT__XL_MIG_PORT_MAX 49215
#define VIRT__XL_MIG_ACCEPT_MS 120000        /* the receiver waits this long for the source */
#define VIRT__XL_MIG_IO_S 300                /* a socket silent this long fails the transfer */
#define VIRT__XL_MIG_CONNECT_MS 30000
#define VIRT__XL_MIG_FINISH_MS 600000        /* the receiver's report after the stream ended */
#define VIRT__XL_MIG_REPORT_MAX 600          /* bytes of the receiver's report */

typedef struct virt__xl_outgoing {
    int domid, renamed;
    char name[256];
} virt__xl_outgoing;

typedef struct virt__xl_incoming {
    int report_fd;                /* the receiver's report pipe */
    pid_t pid;                    /* the receiver, 0 until it said */
    int accepted, domid;          /* it has the source's connection; its domain, -1: none yet */
    char report[VIRT__XL_MIG_REPORT_MAX];
    size_t used;
    virt_domain_def *def;         /* under its final name */
} virt__xl_incoming;

typedef struct virt__xl_mig_args {
    const char *uri, *dname, *dxml;
} virt__xl_mig_args;

VIRT__PRIVATE void virt__xl_incoming_free(virt__xl_incoming *in)
{
    if (!in) return;
    if (in->report_fd >= 0) close(in->report_fd);
    virt_domain_def_free(in->def);
    VIRT_FREE(in);
}

/* A receiver not yet connected is ended; a restored domain nobody will finish is destroyed. */
VIRT__PRIVATE void virt__xl_incoming_cancel(virt__xl_priv *p);
VIRT__PRIVATE void virt__xl_migration_drop(virt__xl_priv *p)
{
    if (p->in) virt__xl_incoming_cancel(p);
    VIRT_FREE(p->out);
    p->out = NULL;
}

/* libvirt's checks of the flags and (virTypedParamsValidate) the parameters. */
VIRT__PRIVATE int virt__xl_mig_check(virt__xl_priv *p, virDomainPtr dom, const virt_migrate_step *s,
                                     const char *fn, virt__xl_mig_args *a)
{
    int i;
    memset(a, 0, sizeof *a);
    if (s->flags & ~VIRT__XL_MIGRATION_FLAGS) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "unsupported flags (0x%lx) in function %s",
                    s->flags & ~VIRT__XL_MIGRATION_FLAGS, fn);
        return -1;
    }
    if (!s->use_params) {
        a->uri = s->uri;
        a->dname = s->dname;
        a->dxml = s->step == VIRT_MIGRATE_BEGIN ? s->xmlin : s->dom_xml;
        return 0;
    }
    for (i = 0; i < s->nparams; i++) {
        const virTypedParameter *t = &s->params[i];
        const char **slot = strcmp(t->field, VIR_MIGRATE_PARAM_URI) == 0 ? &a->uri
                          : strcmp(t->field, VIR_MIGRATE_PARAM_DEST_NAME) == 0 ? &a->dname
                          : strcmp(t->field, VIR_MIGRATE_PARAM_DEST_XML) == 0 ? &a->dxml : NULL;
        /* a zero bandwidth is "no limit", what the unmanaged calls always add */
        if (!slot && strcmp(t->field, VIR_MIGRATE_PARAM_BANDWIDTH) == 0 && t->type == VIR_TYPED_PARAM_ULLONG &&
            t->value.ul == 0)
            continue;
        if (!slot) {
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "argument unsupported: parameter '%s' not supported", t->field);
            return -1;
        }
        if (t->type != VIR_TYPED_PARAM_STRING) {
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG,
                        "invalid argument: invalid type '%d' for parameter '%s', expected 'string'", t->type, t->field);
            return -1;
        }
        if (!*slot) *slot = t->value.s;
    }
    if (s->step != VIRT_MIGRATE_BEGIN && s->dom_xml) a->dxml = s->dom_xml;
    return 0;
}

VIRT__PRIVATE int virt__xl_mig_nomem(virt__xl_priv *p, virDomainPtr dom)
{
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_NO_MEMORY, "migration: out of memory");
    return -1;
}

/* Begin: the XML the destination builds from (the live one, or xmlin
 * for the same domain) and the cookie; domains with host devices stay. */
VIRT__PRIVATE int virt__xl_mig_begin(virt__xl_priv *p, virDomainPtr dom, virt_migrate_step *s)
{
    virt__xl_mig_args a;
    virt_xl_mig_cookie c;
    virt_domain_def *def = NULL, *in = NULL;
    char *xml = NULL, host[256];
    size_t i;
    int id, rc = -1;
    if (virt__xl_mig_check(p, dom, s, "libxlDomainMigrateBegin3Params", &a) < 0) return -1;
    if ((id = virt__xl_active(p, dom)) < 0 || virt__xl_need_live_xml(p, dom, id, &xml) < 0) return -1;
    if (virt__xl_parse(p, a.dxml ? a.dxml : xml, &def) < 0) goto done;
    if (a.dxml && (virt__xl_parse(p, xml, &in) < 0 || strcmp(in->name, def->name) != 0 ||
                   (def->has_uuid && memcmp(in->uuid, def->uuid, VIRT_UUID_BUFLEN) != 0))) {
        if (in) virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED,
                            "unsupported configuration: Target domain name '%s' or uuid does not match source '%s'",
                            def->name, in->name);
        goto done;
    }
    for (i = 0; i < def->ndevices; i++)
        if (def->devices[i].kind == VIRT_DEVICE_HOSTDEV) {
            virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                        "Requested operation is not valid: domain has assigned host devices");
            goto done;
        }
    memset(&c, 0, sizeof c);
    c.name = def->name;
    memcpy(c.uuid, in ? in->uuid : def->uuid, VIRT_UUID_BUFLEN);
    c.hostname = gethostname(host, sizeof host) == 0 ? host : NULL;
    host[sizeof host - 1] = '\0';
    c.stream_version = VIRT_XL_SAVE_VERSION;
    VIRT_FREE(p->out);
    if (!(s->cookieout = virt_xl_mig_cookie_format(&c)) ||
        !(s->xml_out = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9)) ||
        !(p->out = (virt__xl_outgoing *)VIRT_MALLOC(sizeof *p->out))) {
        virt__xl_mig_nomem(p, dom);
        goto done;
    }
    s->cookieoutlen = (int)strlen(s->cookieout) + 1;
    memset(p->out, 0, sizeof *p->out);
    p->out->domid = id;
    snprintf(p->out->name, sizeof p->out->name, "%s", virt__domain_name(dom));
    rc = 0;
done:
    if (rc < 0) { VIRT_FREE(s->cookieout); s->cookieout = NULL; VIRT_FREE(s->xml_out); s->xml_out = NULL; }
    virt_domain_def_free(def);
    virt_domain_def_free(in);
    VIRT_FREE(xml);
    return rc;
}

/* host and port of a migration URI ("tcp://HOST[:PORT]", the scheme
 * optional as libvirt adds it); 0, or -1 with libvirt's error. */
VIRT__PRIVATE int virt__xl_mig_uri(virt__xl_priv *p, virDomainPtr dom, const char *text, char *host, size_t size,
                                   int *port)
{
    char buf[1024];
    const char *why;
    virt__uri u;
    int rc = -1;
    snprintf(buf, sizeof buf, "%s%s", strstr(text, "://") ? "" : "tcp://", text);
    if (strlen(text) >= sizeof buf - 8 || virt__uri_parse(buf, &u, &why) < 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "invalid argument: unable to parse URI: %s", text);
        return -1;
    }
    if (strcmp(u.scheme, "tcp") != 0)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG,
                    "invalid argument: migration URI scheme '%s' is not tcp: %s", u.scheme, text);
    else if (!u.server || !u.server[0] || strlen(u.server) >= size)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "invalid argument: missing host in migration URI: %s",
                    text);
    else if (u.port < 0 || u.port > 65535)
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "invalid argument: bad port in migration URI: %s",
                    text);
    else {
        snprintf(host, size, "%s", u.server);
        *port = u.port;
        rc = 0;
    }
    virt__uri_free(&u);
    return rc;
}

/* A listening socket on host:port (port 0: the first free one of libvirt's
 * range, written back); the fd, or -1 with errno. */
VIRT__PRIVATE int virt__xl_listen_one(const char *host, int port)
{
    struct addrinfo hints, *res = NULL, *ai;
    char portstr[16];
    int fd = -1, one = 1, err = EADDRNOTAVAIL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    snprintf(portstr, sizeof portstr, "%d", port);
    if (getaddrinfo(host, portstr, &hints, &res) != 0) { errno = EADDRNOTAVAIL; return -1; }
    for (ai = res; ai && fd < 0; ai = ai->ai_next) {
        if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol)) < 0) { err = errno; continue; }
        (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0) break;
        err = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) errno = err;
    return fd;
}

VIRT__PRIVATE int virt__xl_listen(const char *host, int *port)
{
    int fd, try_port;
    if (*port > 0) return virt__xl_listen_one(host, *port);
    for (try_port = VIRT__XL_MIG_PORT_MIN; try_port <= VIRT__XL_MIG_PORT_MAX; try_port++) {
        if ((fd = virt__xl_listen_one(host, try_port)) >= 0) { *port = try_port; return fd; }
        if (errno != EADDRINUSE) return -1;
    }
    errno = EADDRINUSE;
    return -1;
}

/* One line of the receiver's report: "P pid", "A" (connected),
 * "O domid" (restored, paused) or "E why". */
VIRT__PRIVATE void virt__xl_report(int fd, const char *fmt, ...)
{
    char line[VIRT__XL_MIG_REPORT_MAX];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n > sizeof line - 2) n = (int)sizeof line - 2;
    line[n++] = '\n';
    (void)virt__xl_write_all(fd, line, (size_t)n);
}

/* The receiver's work: one connection within the deadline, the stream
 * restored (paused) under NAME--incoming, the live XML stored. */
VIRT__PRIVATE void virt__xl_receive(virt__xl_priv *r, int lfd, int wfd, virt_domain_def *def, uint32_t version)
{
    struct pollfd pfd;
    struct timeval tv;
    libxl_domain_config cfg;
    virt_status st;
    char *xml, incoming[300];
    uint32_t domid = (uint32_t)INVALID_DOMID;
    int cfd, rc;
    pfd.fd = lfd;
    pfd.events = POLLIN;
    if (poll(&pfd, 1, VIRT__XL_MIG_ACCEPT_MS) != 1 || (cfd = accept(lfd, NULL, NULL)) < 0) {
        virt__xl_report(wfd, "E no connection from the source within %d s", VIRT__XL_MIG_ACCEPT_MS / 1000);
        return;
    }
    close(lfd);
    tv.tv_sec = VIRT__XL_MIG_IO_S;
    tv.tv_usec = 0;
    (void)setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    virt__xl_report(wfd, "A");
    if (virt_xl_config_from_def(def, &cfg, &st) != VIRT_OK) {
        virt__xl_report(wfd, "E %s", st.message);
        close(cfd);
        return;
    }
    snprintf(incoming, sizeof incoming, "%s--incoming", def->name);
    free(cfg.c_info.name);
    cfg.c_info.name = strdup(incoming);
    r->log.last[0] = '\0';
    rc = cfg.c_info.name ? virt__xl_make_domain(r, &cfg, &domid, cfd, version) : ERROR_NOMEM;
    libxl_domain_config_dispose(&cfg);
    if (rc == 0) {
        def->id = (int)domid;
        xml = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9);
        rc = xml ? libxl_userdata_store(r->ctx, domid, "libvirt-xml", (const uint8_t *)xml, (int)strlen(xml) + 1) : -1;
        VIRT_FREE(xml);
    }
    close(cfd);   /* after the store: the source sees the end of the transfer */
    if (rc == 0) {
        virt__xl_report(wfd, "O %u", domid);
        return;
    }
    if (domid != (uint32_t)INVALID_DOMID) (void)libxl_domain_destroy(r->ctx, domid, NULL);
    virt__xl_report(wfd, "E libxenlight failed to restore domain '%s'%s%s", def->name, r->log.last[0] ? ": " : "",
                    r->log.last);
}

/* The detached receiver: fds 0-2 on /dev/null, none of the caller's but
 * the listening socket and the report pipe, its own libxl context. */
VIRT__PRIVATE void virt__xl_receiver_child(const char *dir, int lfd, int wfd, virt_domain_def *def, uint32_t version)
{
    virt__xl_priv r;
    long fd, max = sysconf(_SC_OPEN_MAX);
    int null = open("/dev/null", O_RDWR);
    for (fd = 0; fd < 3 && null >= 0; fd++) (void)dup2(null, (int)fd);
    for (fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); fd++)
        if (fd != lfd && fd != wfd) (void)close((int)fd);
    virt__xl_report(wfd, "P %ld", (long)getpid());
    memset(&r, 0, sizeof r);
    r.monitor = 1;   /* Finish, in the caller, starts the monitor */
    r.log.vtable.vmessage = virt__xl_log_message;
    r.log.vtable.progress = virt__xl_log_progress;
    r.log.vtable.destroy = virt__xl_log_destroy;
    snprintf(r.dir, sizeof r.dir, "%s", dir);
    if (libxl_ctx_alloc(&r.ctx, LIBXL_VERSION, 0, &r.log.vtable) != 0) {
        virt__xl_report(wfd, "E cannot initialize libxenlight context");
        return;
    }
    virt__xl_receive(&r, lfd, wfd, def, version);
    libxl_ctx_free(r.ctx);
}

/* Starts the receiver on lfd; p->in holds its report pipe. 0 or -1. */
VIRT__PRIVATE int virt__xl_receiver_start(virt__xl_priv *p, int lfd, virt_domain_def *def, uint32_t version)
{
    int fds[2], status;
    pid_t pid;
    if (pipe(fds) != 0) return -1;
    if ((pid = fork()) < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        if (setsid() >= 0 && fork() == 0) virt__xl_receiver_child(p->dir, lfd, fds[1], def, version);
        _exit(0);
    }
    close(fds[1]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    (void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    p->in->report_fd = fds[0];
    return 0;
}

/* Reads the report until a line of kind 'O' or 'E' (want_end) or any
 * line (else), within ms; 1 when one came, 0 on timeout, -1 when the
 * receiver went away. Records its pid, the connection and the domid. */
VIRT__PRIVATE int virt__xl_report_read(virt__xl_incoming *in, int want_end, int ms)
{
    for (;;) {
        char *nl;
        struct pollfd pfd;
        ssize_t n;
        while ((nl = (char *)memchr(in->report, '\n', in->used)) != NULL) {
            char kind = in->report[0];
            size_t len = (size_t)(nl - in->report) + 1;
            *nl = '\0';
            if (kind == 'P') in->pid = (pid_t)atol(in->report + 2);
            if (kind == 'A') in->accepted = 1;
            if (kind == 'O') in->domid = atoi(in->report + 2);
            if (kind == 'O' || kind == 'E') return 1;   /* the last line: kept in report */
            memmove(in->report, in->report + len, in->used - len);
            in->used -= len;
            if (!want_end) return 1;
        }
        if (in->used >= sizeof in->report - 1) return -1;   /* a line longer than any the receiver writes */
        pfd.fd = in->report_fd;
        pfd.events = POLLIN;
        if (poll(&pfd, 1, ms) != 1) return 0;
        n = read(in->report_fd, in->report + in->used, sizeof in->report - 1 - in->used);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        in->used += (size_t)n;
    }
}

/* The source has given up. A receiver still waiting for its connection
 * (a moment's grace for one that just accepted) is ended; one that has it
 * sees the source's end closed, so its restore fails soon or is done, and
 * what it built is destroyed, as is anything left under the incoming name. */
VIRT__PRIVATE void virt__xl_incoming_cancel(virt__xl_priv *p)
{
    virt__xl_incoming *in = p->in;
    char incoming[300];
    int id, got;
    while ((got = virt__xl_report_read(in, 0, 500)) == 1 && in->report[0] != 'O' && in->report[0] != 'E') {}
    if (!in->accepted && in->pid > 0) (void)kill(in->pid, SIGKILL);
    else if (got != 1 || in->report[0] == 'O' || in->report[0] == 'A')
        (void)virt__xl_report_read(in, 1, VIRT__XL_MIG_FINISH_MS);
    if (in->report[0] == 'O' && in->domid >= 0) (void)libxl_domain_destroy(p->ctx, (uint32_t)in->domid, NULL);
    snprintf(incoming, sizeof incoming, "%s--incoming", in->def->name);
    if ((id = virt__xl_running_id(p, incoming)) >= 0) (void)libxl_domain_destroy(p->ctx, (uint32_t)id, NULL);
    virt__xl_incoming_free(in);
    p->in = NULL;
}

/* Prepare: the definition (renamed to dname), the cookie's stream
 * version, a listening socket and the receiver behind it; *uri_out. */
VIRT__PRIVATE int virt__xl_mig_prepare_listen(virt__xl_priv *p, const virt__xl_mig_args *a, virt_domain_def *def,
                                              uint32_t version, char **uri_out)
{
    char host[256];
    int port = 0, lfd;
    size_t size;
    if (!a->uri) {
        if (gethostname(host, sizeof host) != 0) host[0] = '\0';
        host[sizeof host - 1] = '\0';
        if (strncmp(host, "localhost", 9) == 0) {
            virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR,
                        "internal error: hostname on destination resolved to localhost, but migration requires an FQDN");
            return -1;
        }
    } else if (virt__xl_mig_uri(p, NULL, a->uri, host, sizeof host, &port) < 0) {
        return -1;
    }
    if ((lfd = virt__xl_listen(host, &port)) < 0) {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED,
                    "operation failed: Fail to create socket for incoming migration on %s:%d: %s", host, port,
                    strerror(errno));
        return -1;
    }
    size = strlen(host) + 32;
    if (!(*uri_out = (char *)VIRT_MALLOC(size))) { close(lfd); return virt__xl_mig_nomem(p, NULL); }
    snprintf(*uri_out, size, strchr(host, ':') ? "tcp://[%s]:%d" : "tcp://%s:%d", host, port);
    if (virt__xl_receiver_start(p, lfd, def, version) < 0) {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED,
                    "operation failed: Failed to create a process for receiving migration data: %s", strerror(errno));
        close(lfd);
        VIRT_FREE(*uri_out);
        *uri_out = NULL;
        return -1;
    }
    close(lfd);
    return 0;
}

/* The name is free here, or taken by the same domain (a migration to this host). */
VIRT__PRIVATE int virt__xl_mig_name_free(virt__xl_priv *p, const virt_domain_def *def)
{
    libxl_dominfo info;
    int id = virt__xl_running_id(p, def->name), same;
    if (id < 0) return 1;
    libxl_dominfo_init(&info);
    same = libxl_domain_info(p->ctx, &info, (uint32_t)id) == 0 &&
           memcmp(libxl_uuid_bytearray(&info.uuid), def->uuid, VIRT_UUID_BUFLEN) == 0;
    libxl_dominfo_dispose(&info);
    if (same) return 1;
    virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                "Requested operation is not valid: domain '%s' is already active", def->name);
    return 0;
}

/* The cookie's stream version (1 without a cookie: libvirt's legacy
 * source); 0, or -1 with libvirt's error. */
VIRT__PRIVATE int virt__xl_mig_version(virt__xl_priv *p, const virt_migrate_step *s, uint32_t *version)
{
    virt_xl_mig_cookie c;
    virt_status st;
    *version = 1;
    if (!s->cookiein || s->cookieinlen <= 0) return 0;
    if (virt_xl_mig_cookie_parse(s->cookiein, (size_t)s->cookieinlen, &c, &st) != VIRT_OK) {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "internal error: %s", st.message);
        return -1;
    }
    *version = c.stream_version;
    virt_xl_mig_cookie_clear(&c);
    if (*version >= 1 && *version <= VIRT_XL_SAVE_VERSION) return 0;
    virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_UNSUPPORTED,
                "Operation not supported: Xen migration stream version '%lu' is not supported on this host",
                (unsigned long)*version);
    return -1;
}

VIRT__PRIVATE int virt__xl_mig_prepare(virt__xl_priv *p, virt_migrate_step *s)
{
    virt__xl_mig_args a;
    virt_domain_def *def = NULL;
    libxl_domain_config cfg;
    virt_status st;
    uint32_t version;
    if (virt__xl_mig_check(p, NULL, s, "libxlDomainMigratePrepare3Params", &a) < 0) return -1;
    if (p->in) {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: an incoming migration is in progress on this connection");
        return -1;
    }
    if (virt__xl_mig_version(p, s, &version) < 0) return -1;
    if (!a.dxml) {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "internal error: no domain XML passed");
        return -1;
    }
    if (virt__xl_parse(p, a.dxml, &def) < 0) return -1;
    def->id = -1;
    if (a.dname && (!virt__xl_name_ok(a.dname) || virt_domain_def_set_string(def, &def->name, a.dname) != VIRT_OK)) {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG,
                    "invalid argument: domain name '%s' cannot name a file in %s", a.dname, p->dir);
        goto fail;
    }
    if (!virt__xl_mig_name_free(p, def)) goto fail;
    if (virt_xl_config_from_def(def, &cfg, &st) != VIRT_OK) {   /* refused now, not in the receiver */
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_CONFIG_UNSUPPORTED, "%s", st.message);
        goto fail;
    }
    libxl_domain_config_dispose(&cfg);
    if (!(p->in = (virt__xl_incoming *)VIRT_MALLOC(sizeof *p->in))) { virt__xl_mig_nomem(p, NULL); goto fail; }
    memset(p->in, 0, sizeof *p->in);
    p->in->report_fd = -1;
    p->in->domid = -1;
    p->in->def = def;
    if (virt__xl_mig_prepare_listen(p, &a, def, version, &s->uri_out) == 0) return 0;
    virt__xl_incoming_free(p->in);
    p->in = NULL;
    return -1;
fail:
    virt_domain_def_free(def);
    return -1;
}

/* A connected socket to host:port within the deadline; -1 with libvirt's error. */
VIRT__PRIVATE int virt__xl_connect(virt__xl_priv *p, virDomainPtr dom, const char *host, int port)
{
    struct addrinfo hints, *res = NULL, *ai;
    struct timeval tv;
    char portstr[16];
    int fd = -1, err = ECONNREFUSED, rc;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    snprintf(portstr, sizeof portstr, "%d", port);
    if ((rc = getaddrinfo(host, portstr, &hints, &res)) != 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_SYSTEM_ERROR, "Unable to resolve address '%s' service '%s': %s",
                    host, portstr, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai && fd < 0; ai = ai->ai_next) {
        struct pollfd pfd;
        socklen_t len = sizeof err;
        if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol)) < 0) {
            err = errno;
            continue;
        }
        pfd.fd = fd;
        pfd.events = POLLOUT;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
        err = errno;
        if (err == EINPROGRESS) {
            err = ETIMEDOUT;
            if (poll(&pfd, 1, VIRT__XL_MIG_CONNECT_MS) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 &&
                err == 0)
                break;
        }
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_SYSTEM_ERROR, "unable to connect to server at '%s:%d': %s",
                    host, port, strerror(err));
        return -1;
    }
    (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    tv.tv_sec = VIRT__XL_MIG_IO_S;
    tv.tv_usec = 0;
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

/* The source runs on after a failed transfer (libxl's suspend may have
 * left it suspended: resumed with suspend_cancel, as xl does). */
VIRT__PRIVATE void virt__xl_resume_suspended(virt__xl_priv *p, int id)
{
    libxl_dominfo info;
    libxl_dominfo_init(&info);
    if (libxl_domain_info(p->ctx, &info, (uint32_t)id) == 0 && info.shutdown &&
        info.shutdown_reason == LIBXL_SHUTDOWN_REASON_SUSPEND)
        (void)libxl_domain_resume(p->ctx, (uint32_t)id, 1, NULL);
    libxl_dominfo_dispose(&info);
}

/* The outgoing migration begun for dom; NULL with an error when none. */
VIRT__PRIVATE virt__xl_outgoing *virt__xl_mig_out(virt__xl_priv *p, virDomainPtr dom)
{
    if (p->out && strcmp(p->out->name, virt__domain_name(dom)) == 0) return p->out;
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                "Requested operation is not valid: no migration of domain '%s' was begun on this connection",
                virt__domain_name(dom));
    return NULL;
}

VIRT__PRIVATE int virt__xl_mig_perform(virt__xl_priv *p, virDomainPtr dom, virt_migrate_step *s)
{
    virt__xl_mig_args a;
    virt__xl_outgoing *o;
    char host[256], away[300];
    int port = 0, fd, rc;
    if (virt__xl_mig_check(p, dom, s, "libxlDomainMigratePerform3Params", &a) < 0) return -1;
    if (!(o = virt__xl_mig_out(p, dom))) return -1;
    if (!a.uri) a.uri = s->uri;
    if (!a.uri) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "invalid argument: no migration URI");
        return -1;
    }
    if (virt__xl_mig_uri(p, dom, a.uri, host, sizeof host, &port) < 0) return -1;
    if (port == 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG, "invalid argument: missing port in migration URI: %s",
                    a.uri);
        return -1;
    }
    if (virt__xl_running_id(p, o->name) != o->domid) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: domain is not running");
        return -1;
    }
    if ((fd = virt__xl_connect(p, dom, host, port)) < 0) return -1;
    p->log.last[0] = '\0';
    rc = libxl_domain_suspend(p->ctx, (uint32_t)o->domid, fd, (s->flags & VIR_MIGRATE_LIVE) ? LIBXL_SUSPEND_LIVE : 0,
                              NULL);
    close(fd);
    snprintf(away, sizeof away, "%s--migratedaway", o->name);
    if (rc == 0 && libxl_domain_rename(p->ctx, (uint32_t)o->domid, o->name, away) == 0) {
        o->renamed = 1;
        return 0;
    }
    virt__xl_resume_suspended(p, o->domid);
    virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR,
                "internal error: Failed to send migration data to destination host%s%s",
                p->log.last[0] ? ": " : "", p->log.last);
    VIRT_FREE(p->out);
    p->out = NULL;
    return -1;
}

/* Finish: the receiver's domain under its final name, running unless
 * VIR_MIGRATE_PAUSED, defined with VIR_MIGRATE_PERSIST_DEST. */
VIRT__PRIVATE int virt__xl_mig_finish_domain(virt__xl_priv *p, virt__xl_incoming *in, unsigned long flags)
{
    virt_domain_def *def = in->def;
    uint32_t domid = (uint32_t)in->domid;
    char incoming[300], *text;
    snprintf(incoming, sizeof incoming, "%s--incoming", def->name);
    p->log.last[0] = '\0';
    if (libxl_domain_rename(p->ctx, domid, incoming, def->name) != 0)
        return virt__xl_fail(p, NULL, "Failed to rename the migrated domain to", def->name);
    if (!(flags & VIR_MIGRATE_PAUSED) && libxl_domain_unpause(p->ctx, domid, NULL) != 0) {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED, "operation failed: Failed to unpause domain");
        return -1;
    }
    virt__xl_take_uuid(p, domid, def);
    if (flags & VIR_MIGRATE_PERSIST_DEST) {
        if (virt__xl_keep_uuid(p, def) < 0) return -1;
        if (!(text = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9))) return virt__xl_mig_nomem(p, NULL);
        if (virt__xl_def_write(p, def->name, text) < 0) { VIRT_FREE(text); return -1; }
        VIRT_FREE(text);
    }
    virt__xl_monitor_start(p, domid, def);
    return 0;
}

VIRT__PRIVATE int virt__xl_mig_finish(virt__xl_priv *p, virConnectPtr conn, virt_migrate_step *s)
{
    virt__xl_mig_args a;
    virt__xl_incoming *in = p->in;
    int got, rc = -1;
    if (virt__xl_mig_check(p, NULL, s, "libxlDomainMigrateFinish3Params", &a) < 0) return -1;
    if (!in) {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: no incoming migration on this connection");
        return -1;
    }
    if (s->cancelled) {
        virt__xl_incoming_cancel(p);
        return -1;
    }
    got = virt__xl_report_read(in, 1, VIRT__XL_MIG_FINISH_MS);
    if (got == 1 && in->report[0] == 'O' && in->domid >= 0) {
        if (virt__xl_mig_finish_domain(p, in, s->flags) == 0) rc = 0;
        else (void)libxl_domain_destroy(p->ctx, (uint32_t)in->domid, NULL);
        if (rc == 0 && !(s->ddomain = virt__domain_get(conn, in->def->name, in->def->uuid, in->domid))) rc = -1;
    } else {
        virt__error(p->conn, NULL, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED,
                    "operation failed: Migration failed. Domain is not running on destination host: %s",
                    got == 1 ? in->report + 2 : got == 0 ? "no report from the receiver in time"
                                                        : "the receiver ended without a report");
        if (got == 0 && in->pid > 0) (void)kill(in->pid, SIGKILL);
    }
    virt__xl_incoming_free(in);
    p->in = NULL;
    return rc;
}

/* Confirm: the migrated source destroyed (and undefined with
 * VIR_MIGRATE_UNDEFINE_SOURCE, unless the definition is now the running
 * copy's on this same host), or after a cancel named back and resumed. */
VIRT__PRIVATE int virt__xl_mig_confirm(virt__xl_priv *p, virDomainPtr dom, virt_migrate_step *s)
{
    virt__xl_mig_args a;
    virt__xl_outgoing *o;
    char away[300];
    int rc = 0;
    if (virt__xl_mig_check(p, dom, s, "libxlDomainMigrateConfirm3Params", &a) < 0) return -1;
    if (!(o = virt__xl_mig_out(p, dom))) return -1;
    p->log.last[0] = '\0';
    if (s->cancelled) {
        snprintf(away, sizeof away, "%s--migratedaway", o->name);
        if (o->renamed && libxl_domain_rename(p->ctx, (uint32_t)o->domid, away, o->name) != 0)
            rc = virt__xl_fail(p, dom, "Failed to rename the domain back to", o->name);
        virt__xl_resume_suspended(p, o->domid);
    } else if (libxl_domain_destroy(p->ctx, (uint32_t)o->domid, NULL) != 0) {
        rc = virt__xl_fail(p, dom, "Failed to destroy the migrated domain", o->name);
    } else {
        virt__domain_set_id(dom, -1);
        if ((s->flags & VIR_MIGRATE_UNDEFINE_SOURCE) && virt__xl_running_id(p, o->name) < 0)
            (void)virt__xl_undefine(p, dom);
    }
    VIRT_FREE(p->out);
    p->out = NULL;
    return rc;
}

VIRT__PRIVATE int virt__feature(virConnectPtr conn, int feature);   /* virt.h's VIR_DRV_SUPPORTS_FEATURE */
/* Peer-to-peer (libvirt's libxlDomainMigrationSrcPerformP2P): this side
 * opens the destination and runs protocol 3 with parameters itself. */
VIRT__PRIVATE int virt__xl_migrate_p2p(void *priv, virDomainPtr dom, const char *dconnuri,
                                       virTypedParameterPtr params, int nparams, unsigned int flags)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    virConnectPtr dconn;
    virDomainPtr ddom = NULL;
    if (flags & ~VIRT__XL_MIGRATION_FLAGS) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG,
                    "unsupported flags (0x%x) in function libxlDomainMigratePerform3Params",
                    flags & ~(unsigned int)VIRT__XL_MIGRATION_FLAGS);
        return -1;
    }
    if (flags & VIR_MIGRATE_TUNNELLED) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_ARGUMENT_UNSUPPORTED,
                    "argument unsupported: tunnelled migration is not supported by virt's libxl backend");
        return -1;
    }
    if (!(dconn = virConnectOpen(dconnuri))) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED,
                    "operation failed: Failed to connect to remote libvirt URI %s: %s", dconnuri, virGetLastErrorMessage());
        return -1;
    }
    if (virt__feature(dconn, VIRT__FEATURE_MIGRATION_PARAMS))
        ddom = virDomainMigrate3(dom, dconn, params, (unsigned int)nparams, flags & ~(unsigned int)VIR_MIGRATE_PEER2PEER);
    else
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_FAILED,
                    "operation failed: Destination libvirt does not support migration with extensible parameters");
    if (ddom) virDomainFree(ddom);
    if (ddom) {
        virConnectClose(dconn);
        return 0;
    }
    {   /* closing the destination keeps the error the migration left */
        virError saved;
        int have = virCopyLastError(&saved) > 0;
        virConnectClose(dconn);
        if (have) {
            virt__error(p->conn, dom, saved.domain, saved.code, "%s", saved.message ? saved.message : "");
            virResetError(&saved);
        }
    }
    return -1;
}

VIRT__PRIVATE int virt__xl_migrate_step(void *priv, virConnectPtr conn, virt_migrate_step *s)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    switch (s->step) {
    case VIRT_MIGRATE_BEGIN: return virt__xl_mig_begin(p, s->dom, s);
    case VIRT_MIGRATE_PREPARE: return virt__xl_mig_prepare(p, s);
    case VIRT_MIGRATE_PERFORM: return virt__xl_mig_perform(p, s->dom, s);
    case VIRT_MIGRATE_FINISH: return virt__xl_mig_finish(p, conn, s);
    case VIRT_MIGRATE_CONFIRM: return virt__xl_mig_confirm(p, s->dom, s);
    default: return VIRT__DECLINED;
    }
}

/* >>libxl driver glue: the console (libvirt's libxlDomainOpenConsole):
 * the domain's first console (its serial port when the console is one),
 * the pty libxl names for it (libxl_console_get_tty: xenconsoled's for a
 * PV console, QEMU's for a serial one), opened raw as libvirt's
 * virFDStreamOpenPTY does. */
#include <termios.h>

/* The console device of def, libvirt's choice; NULL when it has none. */
VIRT__PRIVATE const virt_chardev_def *virt__xl_console_dev(const virt_domain_def *def)
{
    const virt_chardev_def *console = NULL, *serial = NULL;
    size_t i;
    for (i = 0; i < def->ndevices; i++) {
        if (def->devices[i].kind == VIRT_DEVICE_CONSOLE && !console) console = &def->devices[i].u.console;
        if (def->devices[i].kind == VIRT_DEVICE_SERIAL && !serial) serial = &def->devices[i].u.console;
    }
    if (console && console->target_type && strcmp(console->target_type, "serial") == 0) return serial;
    return console;
}

VIRT__PRIVATE int virt__xl_open_pty(virt__xl_priv *p, virDomainPtr dom, const char *path)
{
    struct termios raw;
    int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || tcgetattr(fd, &raw) != 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_SYSTEM_ERROR, "Unable to open tty %s: %s", path,
                    strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    /* cfmakeraw's settings, spelled out (it is not POSIX) */
    raw.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    raw.c_oflag &= ~(tcflag_t)OPOST;
    raw.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    raw.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    raw.c_cflag |= CS8;
    if (tcsetattr(fd, TCSANOW, &raw) != 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_SYSTEM_ERROR, "unable to set tty attributes: %s",
                    strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

VIRT__PRIVATE int virt__xl_open_console(void *priv, virDomainPtr dom, const char *dev_name, unsigned int flags,
                                        int *fd_out)
{
    virt__xl_priv *p = (virt__xl_priv *)priv;
    const virt_chardev_def *chr;
    virt_domain_def *def = NULL;
    char *xml = NULL, *path = NULL;
    int id, rc = -1, serial;
    if (flags & ~(unsigned int)VIR_DOMAIN_CONSOLE_FORCE) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INVALID_ARG,
                    "unsupported flags (0x%x) in function libxlDomainOpenConsole",
                    flags & ~(unsigned int)VIR_DOMAIN_CONSOLE_FORCE);
        return -1;
    }
    if ((id = virt__xl_active(p, dom)) < 0) return -1;
    if (dev_name) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_OPERATION_INVALID,
                    "Requested operation is not valid: Named device aliases are not supported");
        return -1;
    }
    if (!(xml = virt__xl_live_xml(p, id))) return VIRT__DECLINED;   /* not started through libvirt or virt */
    if (virt__xl_parse(p, xml, &def) < 0) goto done;
    if (!(chr = virt__xl_console_dev(def))) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR, "internal error: cannot find character device (null)");
        goto done;
    }
    if (!chr->type || strcmp(chr->type, "pty") != 0) {
        virt__error(p->conn, dom, VIR_FROM_LIBXL, VIR_ERR_INTERNAL_ERROR,
                    "internal error: character device %s is not using a PTY", chr->type ? chr->type : "(null)");
        goto done;
    }
    serial = chr->target_type && strcmp(chr->target_type, "serial") == 0;
    p->log.last[0] = '\0';
    if (libxl_console_get_tty(p->ctx, (uint32_t)id, 0, serial ? LIBXL_CONSOLE_TYPE_SERIAL : LIBXL_CONSOLE_TYPE_PV,
                              &path) != 0 || !path) {
        virt__xl_fail(p, dom, "Failed to get the console pty of domain", virt__domain_name(dom));
        goto done;
    }
    if ((*fd_out = virt__xl_open_pty(p, dom, path)) >= 0) rc = 0;
done:
    free(path);
    virt_domain_def_free(def);
    VIRT_FREE(xml);
    return rc;
}

VIRT__PRIVATE void virt__xl_driver_fill(virt__driver *d)
{
    d->name = "libxl";
    d->type = "Xen";
    d->origin = VIR_FROM_LIBXL;
    d->open = virt__xl_open;
    d->close = virt__xl_close;
    d->list_defined_domains = virt__xl_list_defined;
    d->num_of_defined_domains = virt__xl_num_defined;
    d->domain_create_xml = virt__xl_create_xml;
    d->domain_define_xml = virt__xl_define_xml;
    d->domain_undefine = virt__xl_undefine;
    d->domain_create = virt__xl_create;
    d->domain_lookup_by_name = virt__xl_lookup_by_name;
    d->domain_get_info = virt__xl_get_info;
    d->domain_destroy = virt__xl_destroy;
    d->domain_shutdown = virt__xl_shutdown;
    d->domain_reboot = virt__xl_reboot;
    d->domain_suspend = virt__xl_suspend;
    d->domain_resume = virt__xl_resume;
    d->domain_set_memory = virt__xl_set_memory;
    d->domain_set_max_memory = virt__xl_set_max_memory;
    d->domain_get_xml_desc = virt__xl_get_xml_desc;
    d->domain_save = virt__xl_save;
    d->domain_restore = virt__xl_restore;
    d->domain_managed_save = virt__xl_managed_save;
    d->domain_has_managed_save = virt__xl_has_managed_save;
    d->domain_managed_save_remove = virt__xl_managed_save_remove;
    d->domain_set_vcpus = virt__xl_set_vcpus;
    d->domain_set_vcpus_flags = virt__xl_set_vcpus_flags;
    d->domain_get_vcpus_flags = virt__xl_get_vcpus_flags;
    d->domain_get_vcpus = virt__xl_get_vcpus;
    d->domain_pin_vcpu = virt__xl_pin_vcpu;
    d->domain_get_autostart = virt__xl_get_autostart;
    d->domain_set_autostart = virt__xl_set_autostart;
    d->domain_core_dump = virt__xl_core_dump;
    d->domain_attach_device = virt__xl_attach_device;
    d->domain_detach_device = virt__xl_detach_device;
    d->domain_migrate_step = virt__xl_migrate_step;
    d->domain_migrate_perform3_params = virt__xl_migrate_p2p;
    d->domain_open_console = virt__xl_open_console;
}
#endif /* VIRT__DRIVER_GLUE && VIRT_WITH_XL */

/*
   MIT licence: see virt.h.
*/
