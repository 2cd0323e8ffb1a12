/* examples/virsh.c - virsh, the libvirt shell, rebuilt on virt in one file.
 *
 * What it shows: every call of virt's libvirt API used the way a real tool
 * uses it - opening a connection read-write or read-only, looking domains up
 * by id, then UUID, then name, the domain life cycle (define, start, suspend,
 * resume, save, restore, shutdown, reboot, destroy, undefine), memory and
 * vCPU changes, node information, domain events through libvirt's event
 * loop (`event`), and libvirt's error model: a quiet error
 * handler is installed and each failure is reported from virGetLastError()
 * as "error: <message>" on stderr, with exit status 1.
 *
 * Build:  cc -I.. virsh.c -lexpat -lpthread   (or the examples CMake target)
 * Usage:  virsh [-c URI] [-r] [-q] [COMMAND [ARGS] [; COMMAND ...]]
 *         virsh -c test:///default list --all
 *         virsh -c test:///default 'suspend test; list; resume test'
 *         virsh -c test:///default            (interactive shell)
 *
 * Decisions, compared with virsh of libvirt 9.0 (Debian libvirt-clients):
 *  - Output is 9.0's, line for line on test:///default, for 51 of the 54
 *    commands both have (tests/virsh, case every_command, lists them; the
 *    statistics, dump, device, managedsave, domrename, migrate and node
 *    stats commands, event, domxml-from-native, domxml-to-native and list's filters among them, case stats): the
 *    dynamic `list` table, `%-20s` nodeinfo labels, KiB units, quoted domain
 *    names in action messages, dumpxml's XML, an empty line after each
 *    command (not with -q), errors on stderr. The other three differ:
 *    dominfo in its CPU time and Security lines (Persistent and Managed
 *    save come from virDomainIsPersistent / HasManagedSaveImage where the
 *    driver answers; "unknown" for an active domain where it cannot)
 *    (below; the rest, `%-15s` labels and all, is 9.0's), help (virt's
 *    commands and options only) and version (virt's numbers). An
 *    error's first line is virsh's own words, as 9.0's; the second is the
 *    library's message, which for many errors virt words differently.
 *  - The URI: -c URI, else $VIRSH_DEFAULT_CONNECT_URI, else NULL. As in
 *    libvirt's virsh, NULL means the local Xen node (virt has no libvirtd to
 *    ask); use -c test:///default for the built-in test node.
 *  - dominfo prints what virt knows. Persistent comes from
 *    virDomainIsPersistent ("unknown" when a driver cannot tell, which is
 *    what virsh 9.0 itself prints when that call fails), Autostart from
 *    virDomainGetAutostart (no line when it fails), Managed save from
 *    virDomainHasManagedSaveImage. The Security model/DOI/label lines are
 *    omitted: virt has no security driver, and empty lines would claim one.
 *  - version: "Compiled against library: libvirt X.Y.Z" is virt's version
 *    at build time (LIBVIR_VERSION_NUMBER), "Using library" virGetVersion's,
 *    "Using API" the connection type and virGetVersion's typeVer,
 *    "Running hypervisor" virConnectGetVersion.
 *  - Several commands in one argument separated by ';' are supported (as
 *    virsh does); separate argv words are one command, as in virsh 9.0.
 *  - The interactive shell edits lines with libedit (-DVSH_EDITLINE -ledit)
 *    or GNU readline (-DVSH_READLINE -lreadline) when built with one (the
 *    CMake target picks what it finds, libedit first: its licence is BSD's),
 *    on a terminal: arrows, history, Ctrl-R. The history is virsh 9.0's:
 *    $XDG_CACHE_HOME/virsh/history (else ~/.cache/virsh/history), read at
 *    start and written at exit, $VIRSH_HISTSIZE lines (default 500), one
 *    command a line as GNU readline writes it (so real virsh and this one
 *    share it; libedit's own file format is not used). Built without
 *    either, it reads stdin line by line and keeps no history (as virsh
 *    built without readline). When stdin is not a terminal each line is
 *    echoed after the prompt, as readline does, so transcripts look like
 *    virsh's.
 *  - The seed's (0.0.4) command names dinfo, dstate, idof, nameof and
 *    xmldump are aliases of dominfo, domstate, domid, domname and dumpxml.
 */
#define VIRT_IMPLEMENTATION
#include "virt.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if defined(VSH_EDITLINE)
/* libedit is loaded with dlopen when the shell starts (VSH_EDITLINE_SONAME,
 * "libedit.so.2" by default), so a one-shot command such as `virsh list`
 * does not map it (about 530 KiB resident, issue 2's memory target). The
 * calls the shell makes, by libedit's readline-compatible names; a
 * HIST_ENTRY starts with its line in both libedit and GNU readline. Without
 * the library at run time the shell works as a build without editing. */
#  include <dlfcn.h>
#  ifndef VSH_EDITLINE_SONAME
#    define VSH_EDITLINE_SONAME "libedit.so.2"
#  endif
#  define VSH_LINE_EDITING 1
#  define VSH_LINE_EDITING_DLOPEN 1
typedef struct vsh_hist_entry { const char *line; } HIST_ENTRY;
static struct {
    char *(*p_readline)(const char *prompt);
    int (*p_add_history)(const char *line);
    void (*p_stifle_history)(int max);
    HIST_ENTRY *(*p_history_get)(int offset);
    void (*p_clear_history)(void);
    int *p_history_length, *p_history_base;
} vsh_el;
#  define readline(p) vsh_el.p_readline(p)
#  define add_history(l) vsh_el.p_add_history(l)
#  define stifle_history(n) vsh_el.p_stifle_history(n)
#  define history_get(o) vsh_el.p_history_get(o)
#  define clear_history() vsh_el.p_clear_history()
#  define history_length (*vsh_el.p_history_length)
#  define history_base (*vsh_el.p_history_base)
#elif defined(VSH_READLINE)
#  include <readline/readline.h>
#  include <readline/history.h>
#  define VSH_LINE_EDITING 1
#endif

/* Largest command line the interactive shell accepts. */
#define VSH_MAX_LINE 65536
/* Largest number of words in one command line. */
#define VSH_MAX_WORDS 1024

#if defined(__GNUC__) || defined(__clang__)
#  define VSH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define VSH_PRINTF(f, a)
#endif

typedef struct vsh_ctl {
    virConnectPtr conn;
    char *uri;              /* the URI to (re)connect to; NULL = local Xen */
    int readonly;
    int quiet;              /* -q: no headers, footers, action messages */
    int quit;               /* set by quit/exit */
    char *history_file;     /* interactive, with line editing: virsh's history */
} vsh_ctl;

/* >>output */

static void vsh_error(const char *fmt, ...) VSH_PRINTF(1, 2);
static void vsh_error(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs("error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* The library's reason for the last failure, as virsh's vshReportError. */
static void vsh_report_last_error(void)
{
    virErrorPtr err = virGetLastError();
    vsh_error("%s", err && err->message ? err->message : "unknown error");
    virResetLastError();
}

/* virsh's vshPrintExtra: informational text that -q suppresses. */
static void vsh_print_extra(const vsh_ctl *ctl, const char *fmt, ...) VSH_PRINTF(2, 3);
static void vsh_print_extra(const vsh_ctl *ctl, const char *fmt, ...)
{
    va_list ap;
    if (ctl->quiet) return;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

/* Errors are reported by virsh itself, not by virDefaultErrorFunc. */
static void vsh_quiet_error_handler(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

static char *vsh_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = (char *)malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* >>numbers */

/* A whole decimal number in [0, max]; 0 if s is not one. */
static int vsh_parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    unsigned long v;
    if (!s || !isdigit((unsigned char)s[0])) return 0;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end || v > max) return 0;
    *out = v;
    return 1;
}

/* A size with an optional unit (b, k/KiB, KB, m/MiB, MB, g/GiB, GB, t/TiB,
 * TB), default KiB, as virsh 9.0's setmem/setmaxmem: the size in bytes must
 * fit 64 bits; the result is in KiB, rounded up. */
static int vsh_parse_kib(const char *s, unsigned long *kib)
{
    static const char *const units[] = {"b", "bytes", "k", "kib", "kb", "m", "mib", "mb",
                                        "g", "gib", "gb", "t", "tib", "tb"};
    static const unsigned long long factors[] = {
        1ULL, 1ULL, 1ULL << 10, 1ULL << 10, 1000ULL, 1ULL << 20, 1ULL << 20, 1000000ULL,
        1ULL << 30, 1ULL << 30, 1000000000ULL, 1ULL << 40, 1ULL << 40, 1000000000000ULL};
    char *end;
    unsigned long long v, factor = 1024, bytes, k;
    size_t i;
    if (!s || !isdigit((unsigned char)s[0])) return 0;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno) return 0;
    if (*end) {
        char unit[8];
        for (i = 0; end[i] && i < sizeof unit - 1; i++) unit[i] = (char)tolower((unsigned char)end[i]);
        if (end[i]) return 0;        /* longer than any unit */
        unit[i] = '\0';
        for (i = 0; i < sizeof units / sizeof units[0]; i++)
            if (strcmp(unit, units[i]) == 0) break;
        if (i == sizeof units / sizeof units[0]) return 0;
        factor = factors[i];
    }
    if (v > ULLONG_MAX / factor) return 0;
    bytes = v * factor;
    k = bytes / 1024 + (bytes % 1024 != 0);
    if (k > ULONG_MAX) return 0;
    *kib = (unsigned long)k;
    return 1;
}

/* >>files */

/* The whole file at path (at most VIRT_XML_MAX_BYTES), or NULL with an
 * error printed. The caller frees. */
static char *vsh_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t len;
    if (!f) {
        vsh_error("Failed to open file '%s': %s", path, strerror(errno));
        return NULL;
    }
    buf = (char *)malloc((size_t)VIRT_XML_MAX_BYTES + 2);
    if (!buf) {
        fclose(f);
        vsh_error("out of memory reading '%s'", path);
        return NULL;
    }
    len = fread(buf, 1, (size_t)VIRT_XML_MAX_BYTES + 1, f);
    if (ferror(f) || len > (size_t)VIRT_XML_MAX_BYTES) {
        if (ferror(f)) vsh_error("Failed to read file '%s': %s", path, strerror(errno));
        else vsh_error("file '%s' is larger than %lu bytes", path, (unsigned long)VIRT_XML_MAX_BYTES);
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

/* >>domains */

#define VSH_BYID   1u
#define VSH_BYUUID 2u
#define VSH_BYNAME 4u
#define VSH_BYANY  (VSH_BYID | VSH_BYUUID | VSH_BYNAME)

/* The domain an argument names, tried as an id, then a UUID, then a name
 * (virsh's order; `by` limits the tries as each virsh 9.0 command does).
 * NULL with "failed to get domain" printed. */
static virDomainPtr vsh_lookup_domain(vsh_ctl *ctl, const char *arg, unsigned by)
{
    virDomainPtr dom = NULL;
    unsigned long id;
    if ((by & VSH_BYID) && vsh_parse_ulong(arg, INT_MAX, &id))
        dom = virDomainLookupByID(ctl->conn, (int)id);
    if (!dom && (by & VSH_BYUUID) && strlen(arg) == VIR_UUID_STRING_BUFLEN - 1)
        dom = virDomainLookupByUUIDString(ctl->conn, arg);
    if (!dom && (by & VSH_BYNAME))
        dom = virDomainLookupByName(ctl->conn, arg);
    if (!dom) {
        vsh_error("failed to get domain '%s'", arg);
        virResetLastError();
    }
    return dom;
}

/* virsh 9.0's words for virDomainState */
static const char *vsh_state_string(int state)
{
    switch (state) {
    case VIR_DOMAIN_RUNNING: return "running";
    case VIR_DOMAIN_BLOCKED: return "idle";
    case VIR_DOMAIN_PAUSED: return "paused";
    case VIR_DOMAIN_SHUTDOWN: return "in shutdown";
    case VIR_DOMAIN_SHUTOFF: return "shut off";
    case VIR_DOMAIN_CRASHED: return "crashed";
    case VIR_DOMAIN_PMSUSPENDED: return "pmsuspended";
    default: return "no state";
    }
}

static int vsh_domain_is_active(virDomainPtr dom)
{
    return virDomainGetID(dom) != (unsigned int)-1;
}

/* >>table: virsh 9.0's list layout (vsh-table): one leading space, every
 * column but the last padded to its widest cell, three spaces between
 * columns, and a dash line two longer than the widest row. */

#define VSH_TABLE_COLS 4        /* Id, Name, State and, with list --title, Title */

typedef struct vsh_row {
    char id[16];
    const char *name;       /* owned by the domain object */
    const char *state;
    char *title;            /* list --title: the domain's <title> ("" without one) */
    virDomainPtr dom;
} vsh_row;

/* Display width of UTF-8 text: code points, not bytes. */
static size_t vsh_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) w++;
    return w;
}

/* One row of ncols cells: each but the last padded to its width + 3. */
static void vsh_table_line(const char *const *cells, const size_t *widths, int ncols)
{
    int c;
    size_t pad;
    putchar(' ');
    for (c = 0; c < ncols; c++) {
        fputs(cells[c], stdout);
        if (c == ncols - 1) break;
        for (pad = vsh_width(cells[c]); pad < widths[c] + 3; pad++) putchar(' ');
    }
    putchar('\n');
}

static void vsh_row_cells(const vsh_row *r, const char **cells)
{
    cells[0] = r->id; cells[1] = r->name; cells[2] = r->state; cells[3] = r->title ? r->title : "";
}

/* virsh's table: 3 columns, 4 with the titles */
static void vsh_table_print(const vsh_ctl *ctl, const vsh_row *rows, size_t nrows, int titles)
{
    static const char *const header[VSH_TABLE_COLS] = {"Id", "Name", "State", "Title"};
    const char *cells[VSH_TABLE_COLS];
    size_t widths[VSH_TABLE_COLS], i, total;
    int c, ncols = titles ? 4 : 3;
    /* with -q there is no header, and it does not widen the columns either */
    for (c = 0; c < ncols; c++) widths[c] = ctl->quiet ? 0 : vsh_width(header[c]);
    for (i = 0; i < nrows; i++) {
        vsh_row_cells(&rows[i], cells);
        for (c = 0; c < ncols; c++)
            if (vsh_width(cells[c]) > widths[c]) widths[c] = vsh_width(cells[c]);
    }
    if (!ctl->quiet) {
        total = 1 + 3 * (size_t)(ncols - 1) + 2;
        for (c = 0; c < ncols; c++) total += widths[c];
        vsh_table_line(header, widths, ncols);
        for (i = 0; i < total; i++) putchar('-');
        putchar('\n');
    }
    for (i = 0; i < nrows; i++) {
        vsh_row_cells(&rows[i], cells);
        vsh_table_line(cells, widths, ncols);
    }
}

/* >>commands */

/* Option kinds: a flag, or a value that may be given positionally or as
 * --name VALUE (virsh's VSH_OT_BOOL and VSH_OT_DATA; VSH_OT_STRING and
 * VSH_OT_INT are values too, whose help reads "[--name <string>]" and
 * "<number>": event's options). */
enum { VSH_BOOL, VSH_DATA, VSH_NAMED, VSH_NAMED_INT, VSH_NAMED_ONLY /* never positional */ };

typedef struct vsh_opt {
    const char *name;
    int kind;
    int required;
    const char *help;
} vsh_opt;

#define VSH_MAX_OPTS 24

/* val[i] is the value of opts[i] ("" for a set flag), NULL when absent */
typedef int (*vsh_handler)(vsh_ctl *ctl, const char *const *val);

typedef struct vsh_cmd {
    const char *name;
    vsh_handler run;
    const vsh_opt *opts;    /* terminated by a NULL name */
    int needs_conn;
    const char *help;       /* one line */
    const char *desc;
    const char *alias_of;   /* for the seed's command names */
} vsh_cmd;

static const vsh_opt vsh_opts_none[] = {{NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_domain[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_file[] = {
    {"file", VSH_DATA, 1, "file containing an XML domain description"}, {NULL, 0, 0, NULL}};
/* virsh 9.0's options, in its order (cmd_list indexes them) */
static const vsh_opt vsh_opts_list[] = {
    {"inactive", VSH_BOOL, 0, "list inactive domains"},
    {"all", VSH_BOOL, 0, "list inactive & active domains"},
    {"transient", VSH_BOOL, 0, "list transient domains"},
    {"persistent", VSH_BOOL, 0, "list persistent domains"},
    {"with-snapshot", VSH_BOOL, 0, "list domains with existing snapshot"},
    {"without-snapshot", VSH_BOOL, 0, "list domains without a snapshot"},
    {"with-checkpoint", VSH_BOOL, 0, "list domains with existing checkpoint"},
    {"without-checkpoint", VSH_BOOL, 0, "list domains without a checkpoint"},
    {"state-running", VSH_BOOL, 0, "list domains in running state"},
    {"state-paused", VSH_BOOL, 0, "list domains in paused state"},
    {"state-shutoff", VSH_BOOL, 0, "list domains in shutoff state"},
    {"state-other", VSH_BOOL, 0, "list domains in other states"},
    {"autostart", VSH_BOOL, 0, "list domains with autostart enabled"},
    {"no-autostart", VSH_BOOL, 0, "list domains with autostart disabled"},
    {"with-managed-save", VSH_BOOL, 0, "list domains with managed save state"},
    {"without-managed-save", VSH_BOOL, 0, "list domains without managed save"},
    {"uuid", VSH_BOOL, 0, "list uuid's only"},
    {"name", VSH_BOOL, 0, "list domain names only"},
    {"id", VSH_BOOL, 0, "list domain IDs only"},
    {"table", VSH_BOOL, 0, "list table (default)"},
    {"managed-save", VSH_BOOL, 0, "mark inactive domains with managed save state"},
    {"title", VSH_BOOL, 0, "show domain title"}, {NULL, 0, 0, NULL}};
enum { VSH_L_INACTIVE, VSH_L_ALL, VSH_L_TRANSIENT, VSH_L_PERSISTENT, VSH_L_WITH_SNAP, VSH_L_WITHOUT_SNAP,
       VSH_L_WITH_CKPT, VSH_L_WITHOUT_CKPT, VSH_L_RUNNING, VSH_L_PAUSED, VSH_L_SHUTOFF, VSH_L_OTHER,
       VSH_L_AUTOSTART, VSH_L_NO_AUTOSTART, VSH_L_WITH_MSAVE, VSH_L_WITHOUT_MSAVE, VSH_L_UUID, VSH_L_NAME,
       VSH_L_ID, VSH_L_TABLE, VSH_L_MANAGED_SAVE, VSH_L_TITLE };
static const vsh_opt vsh_opts_dumpxml[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"inactive", VSH_BOOL, 0, "show inactive defined XML"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_domstate[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"reason", VSH_BOOL, 0, "also print reason for the state"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_dump[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"file", VSH_DATA, 1, "where to dump the core"},
    {"live", VSH_BOOL, 0, "perform a live core dump if supported"},
    {"crash", VSH_BOOL, 0, "crash the domain after core dump"},
    {"bypass-cache", VSH_BOOL, 0, "avoid file system cache when dumping"},
    {"reset", VSH_BOOL, 0, "reset the domain after core dump"},
    {"verbose", VSH_BOOL, 0, "display the progress of dump"},
    {"memory-only", VSH_BOOL, 0, "dump domain's memory only"},
    {"format", VSH_DATA, 0, "specify the format of memory-only dump"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_device[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"file", VSH_DATA, 1, "XML file"},
    {"persistent", VSH_BOOL, 0, "make live change persistent"},
    {"config", VSH_BOOL, 0, "affect next boot"},
    {"live", VSH_BOOL, 0, "affect running domain"},
    {"current", VSH_BOOL, 0, "affect current domain"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_domifstat[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"interface", VSH_DATA, 1, "interface device specified by name or MAC Address"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_domblkstat[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"device", VSH_DATA, 0, "block device"},
    {"human", VSH_BOOL, 0, "print a more human readable output"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_dommemstat[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"period", VSH_NAMED_ONLY, 0, "period in seconds to set collection"},
    {"config", VSH_BOOL, 0, "affect next boot"},
    {"live", VSH_BOOL, 0, "affect running domain"},
    {"current", VSH_BOOL, 0, "affect current domain"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_managedsave[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"bypass-cache", VSH_BOOL, 0, "avoid file system cache when saving"},
    {"running", VSH_BOOL, 0, "set domain to be running on next start"},
    {"paused", VSH_BOOL, 0, "set domain to be paused on next start"},
    {"verbose", VSH_BOOL, 0, "display the progress of save"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_domrename[] = {
    {"domain", VSH_DATA, 1, "domain name or uuid"},
    {"new-name", VSH_DATA, 1, "new domain name"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_migrate[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"desturi", VSH_DATA, 1, "connection URI of the destination host"},
    {"live", VSH_BOOL, 0, "live migration"},
    {"offline", VSH_BOOL, 0, "offline migration"},
    {"p2p", VSH_BOOL, 0, "peer-2-peer migration"},
    {"direct", VSH_BOOL, 0, "direct migration"},
    {"persistent", VSH_BOOL, 0, "persist VM on destination"},
    {"undefinesource", VSH_BOOL, 0, "undefine VM on source"},
    {"suspend", VSH_BOOL, 0, "do not restart the domain on the destination host"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_console[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"devname", VSH_NAMED, 0, "character device name"},
    {"force", VSH_BOOL, 0, "force console connection (disconnect already connected sessions)"},
    {"safe", VSH_BOOL, 0, "only connect if safe console handling is supported"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_nodememstats[] = {
    {"cell", VSH_DATA, 0, "prints specified cell statistics only."}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_nodecpustats[] = {
    {"cpu", VSH_DATA, 0, "prints specified cpu statistics only."},
    {"percent", VSH_BOOL, 0, "prints by percentage during 1 second."}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_save[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"file", VSH_DATA, 1, "where to save the data"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_save_image_dumpxml[] = {
    {"file", VSH_DATA, 1, "saved state file to read"},
    {"security-info", VSH_BOOL, 0, "include security sensitive information in XML dump"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_save_image_define[] = {
    {"file", VSH_DATA, 1, "saved state file to modify"},
    {"xml", VSH_DATA, 1, "filename containing updated XML for the target"},
    {"running", VSH_BOOL, 0, "set domain to be running on restore"},
    {"paused", VSH_BOOL, 0, "set domain to be paused on restore"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_restore[] = {
    {"file", VSH_DATA, 1, "the state to restore"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_mem[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"size", VSH_DATA, 1, "new memory size, as scaled integer (default KiB)"},
    {"config", VSH_BOOL, 0, "affect next boot"},
    {"live", VSH_BOOL, 0, "affect running domain"},
    {"current", VSH_BOOL, 0, "affect current domain"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_vcpus[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"count", VSH_DATA, 1, "number of virtual CPUs"},
    {"maximum", VSH_BOOL, 0, "set maximum limit on next boot"},
    {"config", VSH_BOOL, 0, "affect next boot"},
    {"live", VSH_BOOL, 0, "affect running domain"},
    {"current", VSH_BOOL, 0, "affect current domain"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_maxvcpus[] = {
    {"type", VSH_DATA, 0, "domain type"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_freecell[] = {
    {"cellno", VSH_DATA, 0, "NUMA cell number"},
    {"all", VSH_BOOL, 0, "show free memory for all NUMA cells"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_vcpucount[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"maximum", VSH_BOOL, 0, "get maximum count of vcpus"},
    {"active", VSH_BOOL, 0, "get number of currently active vcpus"},
    {"live", VSH_BOOL, 0, "get value from running domain"},
    {"config", VSH_BOOL, 0, "get value to be used on next boot"},
    {"current", VSH_BOOL, 0, "get value according to current domain state"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_vcpuinfo[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"pretty", VSH_BOOL, 0, "return human readable output"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_vcpupin[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"vcpu", VSH_DATA, 0, "vcpu number"},
    {"cpulist", VSH_DATA, 0, "host cpu number(s) to set, or omit option to query"},
    {"config", VSH_BOOL, 0, "affect next boot"},
    {"live", VSH_BOOL, 0, "affect running domain"},
    {"current", VSH_BOOL, 0, "affect current domain"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_autostart[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"disable", VSH_BOOL, 0, "disable autostarting"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_schedinfo[] = {
    {"domain", VSH_DATA, 1, "domain name, id or uuid"},
    {"weight", VSH_DATA, 0, "weight for XEN_CREDIT"},
    {"cap", VSH_DATA, 0, "cap for XEN_CREDIT"},
    {"set", VSH_DATA, 0, "parameter=value"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_connect[] = {
    {"name", VSH_DATA, 0, "hypervisor connection URI"},
    {"readonly", VSH_BOOL, 0, "read-only connection"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_event[] = {
    {"domain", VSH_NAMED, 0, "filter by domain name, id or uuid"},
    {"event", VSH_NAMED, 0, "which event type to wait for"},
    {"all", VSH_BOOL, 0, "wait for all events instead of just one type"},
    {"loop", VSH_BOOL, 0, "loop until timeout or interrupt, rather than one-shot"},
    {"timeout", VSH_NAMED_INT, 0, "timeout seconds"},
    {"list", VSH_BOOL, 0, "list valid event types"},
    {"timestamp", VSH_BOOL, 0, "show timestamp for each printed event"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_help[] = {
    {"command", VSH_DATA, 0, "Prints global help, command specific help, or help for a group of related commands"},
    {NULL, 0, 0, NULL}};

/* The domain of val[0], limited to `by`; NULL after an error message. */
#define VSH_DOMAIN(ctl, val, by) vsh_lookup_domain((ctl), (val)[0], (by))

static int cmd_list(vsh_ctl *ctl, const char *const *val);
static int cmd_help(vsh_ctl *ctl, const char *const *val);

static int cmd_dominfo(vsh_ctl *ctl, const char *const *val)
{
    virDomainInfo info;
    char uuid[VIR_UUID_STRING_BUFLEN];
    char *ostype;
    unsigned int id;
    int ok = 1, active;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    if (!dom) return 0;
    id = virDomainGetID(dom);
    active = id != (unsigned int)-1;
    if (active) printf("%-15s %u\n", "Id:", id);
    else printf("%-15s %s\n", "Id:", "-");
    printf("%-15s %s\n", "Name:", virDomainGetName(dom));
    if (virDomainGetUUIDString(dom, uuid) == 0) printf("%-15s %s\n", "UUID:", uuid);
    ostype = virDomainGetOSType(dom);
    if (ostype) printf("%-15s %s\n", "OS Type:", ostype);
    free(ostype);
    virResetLastError();
    if (virDomainGetInfo(dom, &info) == 0) {
        printf("%-15s %s\n", "State:", vsh_state_string(info.state));
        printf("%-15s %d\n", "CPU(s):", info.nrVirtCpu);
        if (info.cpuTime != 0)
            printf("%-15s %.1lfs\n", "CPU time:", (double)info.cpuTime / 1000000000.0);
        if (info.maxMem != UINT_MAX) printf("%-15s %lu KiB\n", "Max memory:", info.maxMem);
        else printf("%-15s %s\n", "Max memory:", "no limit");
        printf("%-15s %lu KiB\n", "Used memory:", info.memory);
    } else {
        ok = 0;
    }
    /* see the top comment: what virt can and cannot tell; as virsh, a
     * driver that cannot say prints "unknown" */
    {
        int persistent = virDomainIsPersistent(dom), managed = virDomainHasManagedSaveImage(dom, 0), autostart;
        printf("%-15s %s\n", "Persistent:", persistent < 0 ? (active ? "unknown" : "yes")
                                            : persistent ? "yes" : "no");
        if (virDomainGetAutostart(dom, &autostart) == 0)
            printf("%-15s %s\n", "Autostart:", autostart ? "enable" : "disable");
        printf("%-15s %s\n", "Managed save:", managed < 0 ? "no" : managed ? "yes" : "no");
        virResetLastError();
    }
    if (!ok) vsh_report_last_error();
    virDomainFree(dom);
    return ok;
}

static const char *vsh_reason_string(int state, int reason);

static int cmd_domstate(vsh_ctl *ctl, const char *const *val)
{
    virDomainInfo info;
    int ok, state, reason;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    if (!dom) return 0;
    if (val[1]) {
        ok = virDomainGetState(dom, &state, &reason, 0) == 0;
        if (ok) printf("%s (%s)\n", vsh_state_string(state), vsh_reason_string(state, reason));
    } else {
        ok = virDomainGetInfo(dom, &info) == 0;
        if (ok) printf("%s\n", vsh_state_string(info.state));
    }
    if (!ok) vsh_report_last_error();
    virDomainFree(dom);
    return ok;
}

static int cmd_domid(vsh_ctl *ctl, const char *const *val)
{
    unsigned int id;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYNAME | VSH_BYUUID);
    if (!dom) return 0;
    id = virDomainGetID(dom);
    if (id == (unsigned int)-1) printf("%s\n", "-");
    else printf("%u\n", id);
    virDomainFree(dom);
    return 1;
}

static int cmd_domname(vsh_ctl *ctl, const char *const *val)
{
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYID | VSH_BYUUID);
    if (!dom) return 0;
    printf("%s\n", virDomainGetName(dom));
    virDomainFree(dom);
    return 1;
}

static int cmd_domuuid(vsh_ctl *ctl, const char *const *val)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    int ok;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYID | VSH_BYNAME);
    if (!dom) return 0;
    ok = virDomainGetUUIDString(dom, uuid) == 0;
    if (ok) printf("%s\n", uuid);
    else vsh_error("failed to get domain UUID");
    virResetLastError();
    virDomainFree(dom);
    return ok;
}

static int cmd_dumpxml(vsh_ctl *ctl, const char *const *val)
{
    char *xml;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    if (!dom) return 0;
    xml = virDomainGetXMLDesc(dom, val[1] ? VIR_DOMAIN_XML_INACTIVE : 0);
    if (xml) {
        size_t n = strlen(xml);
        /* libvirt's XML ends with a newline; keep the footer on its own line */
        printf("%s%s", xml, n && xml[n - 1] == '\n' ? "" : "\n");
    } else {
        vsh_report_last_error();
    }
    free(xml);
    virDomainFree(dom);
    return xml != NULL;
}

/* >>native: domxml-from-native / domxml-to-native (virsh 9.0's options,
 * arguments and error lines: --xml is positional, --domain is not) */
static const vsh_opt vsh_opts_from_native[] = {
    {"format", VSH_DATA, 1, "source config data format"},
    {"config", VSH_DATA, 1, "config data file to import from"}, {NULL, 0, 0, NULL}};
static const vsh_opt vsh_opts_to_native[] = {
    {"format", VSH_DATA, 1, "target config data type format"},
    {"xml", VSH_DATA, 0, "xml data file to export from"},
    {"domain", VSH_NAMED_ONLY, 0, "domain name, id or uuid"}, {NULL, 0, 0, NULL}};

/* prints text as virsh does, on its own line */
static void vsh_print_text(const char *text)
{
    size_t n = strlen(text);
    printf("%s%s", text, n && text[n - 1] == '\n' ? "" : "\n");
}

static int cmd_domxml_from_native(vsh_ctl *ctl, const char *const *val)
{
    char *config = vsh_read_file(val[1]), *xml;
    if (!config) return 0;
    xml = virConnectDomainXMLFromNative(ctl->conn, val[0], config, 0);
    free(config);
    if (!xml) { vsh_report_last_error(); return 0; }
    vsh_print_text(xml);
    free(xml);
    return 1;
}

static int cmd_domxml_to_native(vsh_ctl *ctl, const char *const *val)
{
    char *xml = NULL, *config;
    if (val[1] && val[2]) { vsh_error("Options --domain and --xml are mutually exclusive"); return 0; }
    if (!val[1] && !val[2]) { vsh_error("need either domain or domain XML"); return 0; }
    if (val[2]) {
        virDomainPtr dom = vsh_lookup_domain(ctl, val[2], VSH_BYANY);
        if (!dom) return 0;
        xml = virDomainGetXMLDesc(dom, 0);
        virDomainFree(dom);
        if (!xml) { vsh_report_last_error(); return 0; }
    } else if (!(xml = vsh_read_file(val[1]))) {
        return 0;
    }
    config = virConnectDomainXMLToNative(ctl->conn, val[0], xml, 0);
    free(xml);
    if (!config) { vsh_report_last_error(); return 0; }
    vsh_print_text(config);
    free(config);
    return 1;
}

/* create and define: the XML of a file handed to one API call */
static int vsh_from_file(vsh_ctl *ctl, const char *path, int define)
{
    virDomainPtr dom;
    char *xml = vsh_read_file(path);
    if (!xml) return 0;
    dom = define ? virDomainDefineXML(ctl->conn, xml) : virDomainCreateXML(ctl->conn, xml, 0);
    free(xml);
    if (!dom) {
        vsh_error("Failed to %s domain from %s", define ? "define" : "create", path);
        vsh_report_last_error();
        return 0;
    }
    vsh_print_extra(ctl, "Domain '%s' %s from %s\n", virDomainGetName(dom),
                    define ? "defined" : "created", path);
    virDomainFree(dom);
    return 1;
}

static int cmd_create(vsh_ctl *ctl, const char *const *val) { return vsh_from_file(ctl, val[0], 0); }
static int cmd_define(vsh_ctl *ctl, const char *const *val) { return vsh_from_file(ctl, val[0], 1); }

/* The commands that call one domain function and print one message. */
typedef struct vsh_action {
    const char *verb;       /* "Failed to <verb> domain" */
    const char *done;       /* "Domain '<name>' <done>" */
} vsh_action;

static int vsh_domain_action(vsh_ctl *ctl, const char *arg, int (*call)(virDomainPtr),
                             const vsh_action *what)
{
    int ok;
    virDomainPtr dom = vsh_lookup_domain(ctl, arg, VSH_BYANY);
    if (!dom) return 0;
    ok = call(dom) == 0;
    if (ok) {
        vsh_print_extra(ctl, "Domain '%s' %s\n", virDomainGetName(dom), what->done);
    } else {
        vsh_error("Failed to %s domain '%s'", what->verb, virDomainGetName(dom));
        vsh_report_last_error();
    }
    virDomainFree(dom);
    return ok;
}

static int vsh_reboot0(virDomainPtr dom) { return virDomainReboot(dom, 0); }

static int cmd_suspend(vsh_ctl *ctl, const char *const *val)
{
    static const vsh_action a = {"suspend", "suspended"};
    return vsh_domain_action(ctl, val[0], virDomainSuspend, &a);
}
static int cmd_resume(vsh_ctl *ctl, const char *const *val)
{
    static const vsh_action a = {"resume", "resumed"};
    return vsh_domain_action(ctl, val[0], virDomainResume, &a);
}
static int cmd_destroy(vsh_ctl *ctl, const char *const *val)
{
    static const vsh_action a = {"destroy", "destroyed"};
    return vsh_domain_action(ctl, val[0], virDomainDestroy, &a);
}
static int cmd_shutdown(vsh_ctl *ctl, const char *const *val)
{
    static const vsh_action a = {"shutdown", "is being shutdown"};
    return vsh_domain_action(ctl, val[0], virDomainShutdown, &a);
}
static int cmd_reboot(vsh_ctl *ctl, const char *const *val)
{
    static const vsh_action a = {"reboot", "is being rebooted"};
    return vsh_domain_action(ctl, val[0], vsh_reboot0, &a);
}
static int cmd_undefine(vsh_ctl *ctl, const char *const *val)
{
    static const vsh_action a = {"undefine", "has been undefined"};
    return vsh_domain_action(ctl, val[0], virDomainUndefine, &a);
}

static int cmd_start(vsh_ctl *ctl, const char *const *val)
{
    int ok;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYNAME | VSH_BYUUID);
    if (!dom) return 0;
    if (vsh_domain_is_active(dom)) {
        vsh_error("Domain is already active");
        virDomainFree(dom);
        return 0;
    }
    ok = virDomainCreate(dom) == 0;
    if (ok) {
        vsh_print_extra(ctl, "Domain '%s' started\n", virDomainGetName(dom));
    } else {
        vsh_error("Failed to start domain '%s'", virDomainGetName(dom));
        vsh_report_last_error();
    }
    virDomainFree(dom);
    return ok;
}

static int cmd_save(vsh_ctl *ctl, const char *const *val)
{
    int ok;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    if (!dom) return 0;
    ok = virDomainSave(dom, val[1]) == 0;
    if (ok) {
        /* virsh 9.0 starts this message with a newline (it ends a progress line) */
        vsh_print_extra(ctl, "\nDomain '%s' saved to %s\n", virDomainGetName(dom), val[1]);
    } else {
        vsh_error("Failed to save domain '%s' to %s", virDomainGetName(dom), val[1]);
        vsh_report_last_error();
    }
    virDomainFree(dom);
    return ok;
}

static int cmd_restore(vsh_ctl *ctl, const char *const *val)
{
    if (virDomainRestore(ctl->conn, val[0]) < 0) {
        vsh_error("Failed to restore domain from %s", val[0]);
        vsh_report_last_error();
        return 0;
    }
    vsh_print_extra(ctl, "Domain restored from %s\n", val[0]);
    return 1;
}

/* virsh 9.0's save-image-dumpxml: the XML as the library returns it */
static int cmd_save_image_dumpxml(vsh_ctl *ctl, const char *const *val)
{
    char *xml = virDomainSaveImageGetXMLDesc(ctl->conn, val[0], val[1] ? VIR_DOMAIN_SAVE_IMAGE_XML_SECURE : 0);
    if (!xml) {
        vsh_report_last_error();
        return 0;
    }
    printf("%s", xml);
    free(xml);
    return 1;
}

/* virsh 9.0's save-image-define (--running with --paused: the library refuses) */
static int cmd_save_image_define(vsh_ctl *ctl, const char *const *val)
{
    unsigned int flags = (val[2] ? VIR_DOMAIN_SAVE_RUNNING : 0) | (val[3] ? VIR_DOMAIN_SAVE_PAUSED : 0);
    char *xml;
    int rc;
    if (!(xml = vsh_read_file(val[1]))) return 0;
    rc = virDomainSaveImageDefineXML(ctl->conn, val[0], xml, flags);
    free(xml);
    if (rc < 0) {
        vsh_error("Failed to update %s", val[0]);
        vsh_report_last_error();
        return 0;
    }
    vsh_print_extra(ctl, "State file %s updated.\n", val[0]);
    return 1;
}

static int vsh_impact(const char *current, const char *live, const char *config, unsigned int *flags);

/* setmem and setmaxmem: a size in KiB handed to one call; setmem's
 * --config/--live/--current make it virDomainSetMemoryFlags, as in virsh */
static int vsh_set_memory(vsh_ctl *ctl, const char *const *val, int max)
{
    unsigned long kib;
    unsigned int flags = 0;
    int ok, use_flags = !max && (val[2] || val[3] || val[4]);
    virDomainPtr dom;
    if (!max && !vsh_impact(val[4], val[3], val[2], &flags)) return 0;
    if (!vsh_parse_kib(val[1], &kib)) {
        vsh_error("Scaled numeric value '%s' for <size> option is malformed or out of range", val[1]);
        return 0;
    }
    dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    if (!dom) return 0;
    if (use_flags) ok = virDomainSetMemoryFlags(dom, kib, flags) == 0;
    else ok = (max ? virDomainSetMaxMemory(dom, kib) : virDomainSetMemory(dom, kib)) == 0;
    if (!ok) {
        if (max) vsh_error("Unable to change MaxMemorySize");
        vsh_report_last_error();
    }
    virDomainFree(dom);
    return ok;
}

static int cmd_setmem(vsh_ctl *ctl, const char *const *val) { return vsh_set_memory(ctl, val, 0); }
static int cmd_setmaxmem(vsh_ctl *ctl, const char *const *val) { return vsh_set_memory(ctl, val, 1); }

static int cmd_setvcpus(vsh_ctl *ctl, const char *const *val)
{
    unsigned long count;
    int ok;
    virDomainPtr dom;
    unsigned int impact;
    if (!vsh_impact(val[5], val[4], val[3], &impact)) return 0;
    if (!vsh_parse_ulong(val[1], UINT_MAX, &count)) {
        vsh_error("Numeric value '%s' for <count> option is malformed or out of range", val[1]);
        return 0;
    }
    if (val[2] && !val[3]) {
        vsh_error("Option --config is required by option --maximum");
        return 0;
    }
    dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    if (!dom) return 0;
    if (val[2] || val[3] || val[4] || val[5]) {
        unsigned int flags = (val[2] ? VIR_DOMAIN_VCPU_MAXIMUM : 0) | (val[3] ? VIR_DOMAIN_AFFECT_CONFIG : 0) |
                             (val[4] ? VIR_DOMAIN_AFFECT_LIVE : 0);
        ok = virDomainSetVcpusFlags(dom, (unsigned int)count, flags) == 0;
    } else {
        ok = virDomainSetVcpus(dom, (unsigned int)count) == 0;
    }
    if (!ok) vsh_report_last_error();
    virDomainFree(dom);
    return ok;
}

static int cmd_nodeinfo(vsh_ctl *ctl, const char *const *val)
{
    virNodeInfo info;
    (void)val;
    if (virNodeGetInfo(ctl->conn, &info) < 0) {
        vsh_error("failed to get node information");
        vsh_report_last_error();
        return 0;
    }
    printf("%-20s %s\n", "CPU model:", info.model);
    printf("%-20s %u\n", "CPU(s):", info.cpus);
    printf("%-20s %u MHz\n", "CPU frequency:", info.mhz);
    printf("%-20s %u\n", "CPU socket(s):", info.sockets);
    printf("%-20s %u\n", "Core(s) per socket:", info.cores);
    printf("%-20s %u\n", "Thread(s) per core:", info.threads);
    printf("%-20s %u\n", "NUMA cell(s):", info.nodes);
    printf("%-20s %lu KiB\n", "Memory size:", info.memory);
    return 1;
}

static void vsh_print_version(const char *label, const char *what, unsigned long v)
{
    printf("%s: %s %lu.%lu.%lu\n", label, what, v / 1000000, (v / 1000) % 1000, v % 1000);
}

static int cmd_version(vsh_ctl *ctl, const char *const *val)
{
    unsigned long lib = 0, api = 0, hv = 0;
    const char *type = virConnectGetType(ctl->conn);
    (void)val;
    if (!type) {
        vsh_error("failed to get hypervisor type");
        vsh_report_last_error();
        return 0;
    }
    vsh_print_version("Compiled against library", "libvirt", LIBVIR_VERSION_NUMBER);
    if (virGetVersion(&lib, type, &api) < 0) {
        vsh_error("failed to get the library version");
        vsh_report_last_error();
        return 0;
    }
    vsh_print_version("Using library", "libvirt", lib);
    vsh_print_version("Using API", type, api);
    if (virConnectGetVersion(ctl->conn, &hv) < 0) {
        vsh_error("failed to get the hypervisor version");
        vsh_report_last_error();
        return 0;
    }
    if (hv == 0) printf("Cannot extract running %s hypervisor version\n", type);
    else vsh_print_version("Running hypervisor", type, hv);
    return 1;
}

static int cmd_uri(vsh_ctl *ctl, const char *const *val)
{
    char *uri = virConnectGetURI(ctl->conn);
    (void)val;
    if (!uri) {
        vsh_error("failed to get URI");
        vsh_report_last_error();
        return 0;
    }
    printf("%s\n", uri);
    free(uri);
    return 1;
}

static int cmd_hostname(vsh_ctl *ctl, const char *const *val)
{
    char *host = virConnectGetHostname(ctl->conn);
    (void)val;
    if (!host) {
        vsh_error("failed to get hostname");
        vsh_report_last_error();
        return 0;
    }
    printf("%s\n", host);
    free(host);
    return 1;
}

/* Opens ctl->uri; on failure the previous connection (if any) stays. */
static int vsh_connect(vsh_ctl *ctl, const char *uri, int readonly)
{
    virConnectPtr conn = readonly ? virConnectOpenReadOnly(uri) : virConnectOpen(uri);
    char *copy = NULL;
    if (!conn) {
        vsh_error("failed to connect to the hypervisor");
        vsh_report_last_error();
        return 0;
    }
    if (uri && !(copy = vsh_strdup(uri))) {
        virConnectClose(conn);
        vsh_error("out of memory");
        return 0;
    }
    if (ctl->conn) virConnectClose(ctl->conn);
    free(ctl->uri);
    ctl->conn = conn;
    ctl->uri = copy;
    ctl->readonly = readonly;
    return 1;
}

static int cmd_connect(vsh_ctl *ctl, const char *const *val)
{
    /* without a name, reconnect to the current URI (as virsh 9.0 does) */
    char *uri = NULL;
    int ok;
    const char *name = val[0] ? val[0] : ctl->uri;
    if (name && !(uri = vsh_strdup(name))) {
        vsh_error("out of memory");
        return 0;
    }
    ok = vsh_connect(ctl, uri, val[1] != NULL);
    free(uri);
    return ok;
}

static int cmd_quit(vsh_ctl *ctl, const char *const *val)
{
    (void)val;
    ctl->quit = 1;
    return 1;
}


/* >>node and vcpu commands (virsh 9.0's output, compared by tests/virsh) */

static int cmd_maxvcpus(vsh_ctl *ctl, const char *const *val)
{
    int n = virConnectGetMaxVcpus(ctl->conn, val[0]);
    if (n < 0) { vsh_report_last_error(); return 0; }
    printf("%d\n", n);
    return 1;
}

static int cmd_capabilities(vsh_ctl *ctl, const char *const *val)
{
    char *caps = virConnectGetCapabilities(ctl->conn);
    (void)val;
    if (!caps) {
        vsh_error("failed to get capabilities");
        vsh_report_last_error();
        return 0;
    }
    printf("%s\n", caps);
    free(caps);
    return 1;
}

/* virsh prints free memory in KiB; the calls answer bytes */
static int vsh_freecell_all(vsh_ctl *ctl)
{
    virNodeInfo info;
    unsigned long long mems[64], total = 0;
    int i, n;
    if (virNodeGetInfo(ctl->conn, &info) < 0) { vsh_report_last_error(); return 0; }
    n = virNodeGetCellsFreeMemory(ctl->conn, mems, 0, info.nodes < 64 ? (int)info.nodes : 64);
    if (n < 0) { vsh_report_last_error(); return 0; }
    for (i = 0; i < n; i++) {
        printf("%5d: %10llu KiB\n", i, mems[i] / 1024);
        total += mems[i] / 1024;
    }
    printf("--------------------\n%5s: %10llu KiB\n", "Total", total);
    return 1;
}

static int cmd_freecell(vsh_ctl *ctl, const char *const *val)
{
    unsigned long cell;
    unsigned long long mem;
    if (val[0] && val[1]) {
        vsh_error("Options --all and --cellno are mutually exclusive");
        return 0;
    }
    if (val[1]) return vsh_freecell_all(ctl);
    if (!val[0]) {
        mem = virNodeGetFreeMemory(ctl->conn);
        if (mem == 0) { vsh_report_last_error(); return 0; }
        printf("Total: %llu KiB\n", mem / 1024);
        return 1;
    }
    if (!vsh_parse_ulong(val[0], INT_MAX, &cell)) {
        vsh_error("Numeric value '%s' for <cellno> option is malformed or out of range", val[0]);
        return 0;
    }
    if (virNodeGetCellsFreeMemory(ctl->conn, &mem, (int)cell, 1) != 1) { vsh_report_last_error(); return 0; }
    printf("%lu: %llu KiB\n", cell, mem / 1024);
    return 1;
}

/* val: domain, maximum, active, live, config, current */
static int cmd_vcpucount(vsh_ctl *ctl, const char *const *val)
{
    static const char *const what[2] = {"maximum", "current"};
    static const char *const where[2] = {"config", "live"};
    unsigned int flags = 0;
    int n, w, p, ok = 1;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    if (!dom) return 0;
    if (val[1] || val[2] || val[3] || val[4] || val[5]) {
        if (val[1]) flags |= VIR_DOMAIN_VCPU_MAXIMUM;
        if (val[3]) flags |= VIR_DOMAIN_AFFECT_LIVE;
        if (val[4]) flags |= VIR_DOMAIN_AFFECT_CONFIG;
        n = virDomainGetVcpusFlags(dom, flags);
        if (n < 0) { vsh_report_last_error(); ok = 0; }
        else printf("%d\n", n);
        virDomainFree(dom);
        return ok;
    }
    for (w = 0; w < 2; w++) {
        for (p = 0; p < 2; p++) {
            flags = (w == 0 ? VIR_DOMAIN_VCPU_MAXIMUM : 0) |
                    (p == 0 ? VIR_DOMAIN_AFFECT_CONFIG : VIR_DOMAIN_AFFECT_LIVE);
            n = virDomainGetVcpusFlags(dom, flags);
            if (n < 0) { virResetLastError(); continue; }  /* no live counts for an inactive domain */
            printf("%-12s %-12s %3d\n", what[w], where[p], n);
        }
    }
    virDomainFree(dom);
    return 1;
}

/* libvirt's bitmap text of the first ncpus bits of map: "0-2,5" */
static void vsh_cpulist(const unsigned char *map, int ncpus, char *out, size_t outlen)
{
    int i = 0, start;
    size_t len = 0;
    out[0] = '\0';
    while (i < ncpus && len + 24 < outlen) {
        if (!VIR_CPU_USED(map, i)) { i++; continue; }
        start = i;
        while (i + 1 < ncpus && VIR_CPU_USED(map, i + 1)) i++;
        len += (size_t)snprintf(out + len, outlen - len, start == i ? "%s%d" : "%s%d-%d", len ? "," : "", start, i);
        i++;
    }
}

static int cmd_vcpuinfo(vsh_ctl *ctl, const char *const *val)
{
    virDomainInfo info;
    virVcpuInfo vcpus[64];
    unsigned char maps[64 * 64];
    char list[512];
    int ncpus, maplen, n, i, c;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    if (!dom) return 0;
    ncpus = virNodeGetCPUMap(ctl->conn, NULL, NULL, 0);
    if (ncpus <= 0 || ncpus > 64 * 8 || virDomainGetInfo(dom, &info) < 0) {
        vsh_report_last_error();
        virDomainFree(dom);
        return 0;
    }
    maplen = VIR_CPU_MAPLEN(ncpus);
    n = virDomainGetVcpus(dom, vcpus, info.nrVirtCpu < 64 ? info.nrVirtCpu : 64, maps, maplen);
    if (n < 0) {
        vsh_report_last_error();
        virDomainFree(dom);
        return 0;
    }
    for (i = 0; i < n; i++) {
        const unsigned char *map = VIR_GET_CPUMAP(maps, maplen, i);
        if (i) printf("\n");
        printf("%-15s %u\n%-15s %d\n%-15s %s\n%-15s %.1lfs\n%-15s ", "VCPU:", vcpus[i].number, "CPU:",
               vcpus[i].cpu, "State:", vcpus[i].state == VIR_VCPU_RUNNING ? "running"
               : vcpus[i].state == VIR_VCPU_BLOCKED ? "blocked" : "offline",
               "CPU time:", (double)vcpus[i].cpuTime / 1e9, "CPU Affinity:");
        if (val[1]) {
            vsh_cpulist(map, ncpus, list, sizeof list);
            printf("%s (out of %d)\n", list, ncpus);
        } else {
            for (c = 0; c < ncpus; c++) putchar(VIR_CPU_USED(map, c) ? 'y' : '-');
            putchar('\n');
        }
    }
    virDomainFree(dom);
    return 1;
}

/* virsh's cpulist syntax: "0-3,^2,5" (or "r" for every CPU), within ncpus */
static int vsh_parse_cpulist(const char *s, int ncpus, unsigned char *map)
{
    memset(map, 0, (size_t)VIR_CPU_MAPLEN(ncpus));
    if (strcmp(s, "r") == 0) {
        int i;
        for (i = 0; i < ncpus; i++) VIR_USE_CPU(map, i);
        return 1;
    }
    while (*s) {
        int neg = *s == '^';
        unsigned long lo, hi, i;
        char *end;
        if (neg) s++;
        if (*s < '0' || *s > '9') return 0;
        lo = hi = strtoul(s, &end, 10);
        if (*end == '-') {
            if (end[1] < '0' || end[1] > '9') return 0;
            hi = strtoul(end + 1, &end, 10);
        }
        if (hi < lo || hi >= (unsigned long)ncpus) return 0;
        for (i = lo; i <= hi; i++) {
            if (neg) VIR_UNUSE_CPU(map, i); else VIR_USE_CPU(map, i);
        }
        if (*end == ',') end++;
        else if (*end) return 0;
        s = end;
    }
    return 1;
}

static void vsh_vcpupin_table(const unsigned char *maps, int maplen, int ncpus, int n, long only)
{
    char list[512];
    int i, dashes;
    printf(" %-4s   %s\n", "VCPU", "CPU Affinity");
    for (dashes = 0; dashes < 22; dashes++) putchar('-');
    putchar('\n');
    for (i = 0; i < n; i++) {
        if (only >= 0 && i != only) continue;
        vsh_cpulist(VIR_GET_CPUMAP(maps, maplen, i), ncpus, list, sizeof list);
        printf(" %-4d   %s\n", i, list);
    }
}

/* val: domain, vcpu, cpulist, config, live, current */
static int cmd_vcpupin(vsh_ctl *ctl, const char *const *val)
{
    unsigned char maps[64 * 64];
    unsigned long vcpu = 0;
    unsigned int flags = (val[3] ? VIR_DOMAIN_AFFECT_CONFIG : 0) | (val[4] ? VIR_DOMAIN_AFFECT_LIVE : 0);
    int ncpus, maplen, n, ok = 1;
    virDomainPtr dom;
    if (val[1] && !vsh_parse_ulong(val[1], INT_MAX, &vcpu)) {
        vsh_error("Numeric value '%s' for <vcpu> option is malformed or out of range", val[1]);
        return 0;
    }
    if (!(dom = VSH_DOMAIN(ctl, val, VSH_BYANY))) return 0;
    ncpus = virNodeGetCPUMap(ctl->conn, NULL, NULL, 0);
    if (ncpus <= 0 || ncpus > 64 * 8) { vsh_report_last_error(); virDomainFree(dom); return 0; }
    maplen = VIR_CPU_MAPLEN(ncpus);
    if (val[2]) {
        if (!val[1]) { vsh_error("vcpupin: Missing vCPU number in pin mode."); ok = 0; }
        else if (!vsh_parse_cpulist(val[2], ncpus, maps)) {
            vsh_error("Invalid cpulist '%s'", val[2]);
            vsh_error("invalid argument: Failed to parse bitmap '%s'", val[2]);
            ok = 0;
        } else if ((flags ? virDomainPinVcpuFlags(dom, (unsigned int)vcpu, maps, maplen, flags)
                          : virDomainPinVcpu(dom, (unsigned int)vcpu, maps, maplen)) < 0) {
            vsh_report_last_error();
            ok = 0;
        }
        virDomainFree(dom);
        return ok;
    }
    n = virDomainGetVcpusFlags(dom, VIR_DOMAIN_VCPU_MAXIMUM | flags);
    if (n > 64) n = 64;
    if (n < 0 || (n = virDomainGetVcpuPinInfo(dom, n, maps, maplen, flags)) < 0) {
        vsh_report_last_error();
        ok = 0;
    } else {
        vsh_vcpupin_table(maps, maplen, ncpus, n, val[1] ? (long)vcpu : -1);
    }
    virDomainFree(dom);
    return ok;
}

/* val: domain, disable */
static int cmd_autostart(vsh_ctl *ctl, const char *const *val)
{
    const char *un = val[1] ? "un" : "";
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    int ok;
    if (!dom) return 0;
    ok = virDomainSetAutostart(dom, !val[1]) == 0;
    if (ok) {
        printf("Domain '%s' %smarked as autostarted\n", virDomainGetName(dom), un);
    } else {
        vsh_error("Failed to %smark domain '%s' as autostarted", un, virDomainGetName(dom));
        vsh_report_last_error();
    }
    virDomainFree(dom);
    return ok;
}

static int vsh_sched_print(virDomainPtr dom, const virTypedParameter *params, int n)
{
    int i;
    (void)dom;
    for (i = 0; i < n; i++) {
        printf("%-15s: ", params[i].field);
        switch (params[i].type) {
        case VIR_TYPED_PARAM_INT: printf("%d\n", params[i].value.i); break;
        case VIR_TYPED_PARAM_UINT: printf("%u\n", params[i].value.ui); break;
        case VIR_TYPED_PARAM_LLONG: printf("%lld\n", params[i].value.l); break;
        case VIR_TYPED_PARAM_ULLONG: printf("%llu\n", params[i].value.ul); break;
        case VIR_TYPED_PARAM_DOUBLE: printf("%f\n", params[i].value.d); break;
        case VIR_TYPED_PARAM_BOOLEAN: printf("%d\n", params[i].value.b); break;
        default: printf("%s\n", params[i].value.s ? params[i].value.s : ""); break;
        }
    }
    return 1;
}

/* One "name=value" (or --weight / --cap) into the matching parameter of
 * params; 0 with virsh's error when the scheduler has no such one. */
static int vsh_sched_assign(virTypedParameter *params, int n, const char *name, size_t namelen, const char *value)
{
    int i;
    unsigned long v;
    for (i = 0; i < n; i++) {
        if (strlen(params[i].field) != namelen || strncmp(params[i].field, name, namelen) != 0) continue;
        if (!vsh_parse_ulong(value, UINT_MAX, &v)) {
            vsh_error("invalid value of %s", params[i].field);
            return 0;
        }
        params[i].value.ui = (unsigned int)v;
        return 1;
    }
    vsh_error("invalid scheduler option: %.*s", (int)namelen, name);
    return 0;
}

/* val: domain, weight, cap, set */
static int cmd_schedinfo(vsh_ctl *ctl, const char *const *val)
{
    virTypedParameter params[16];
    int n = 0, ok = 1;
    char *type;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    if (!dom) return 0;
    if (!(type = virDomainGetSchedulerType(dom, &n))) { vsh_report_last_error(); virDomainFree(dom); return 0; }
    printf("%-15s: %s\n", "Scheduler", type);
    free(type);
    if (n > 16) n = 16;
    if (n > 0 && virDomainGetSchedulerParameters(dom, params, &n) < 0) {
        vsh_report_last_error();
        virDomainFree(dom);
        return 0;
    }
    if (val[1] || val[2] || val[3]) {
        const char *eq = val[3] ? strchr(val[3], '=') : NULL;
        if (val[3] && !eq) { vsh_error("Invalid syntax for --set, expecting name=value"); ok = 0; }
        if (ok && val[1]) ok = vsh_sched_assign(params, n, "weight", 6, val[1]);
        if (ok && val[2]) ok = vsh_sched_assign(params, n, "cap", 3, val[2]);
        if (ok && eq) ok = vsh_sched_assign(params, n, val[3], (size_t)(eq - val[3]), eq + 1);
        if (ok && virDomainSetSchedulerParameters(dom, params, n) < 0) { vsh_report_last_error(); ok = 0; }
        if (ok && virDomainGetSchedulerParameters(dom, params, &n) < 0) { vsh_report_last_error(); ok = 0; }
    }
    if (ok) vsh_sched_print(dom, params, n);
    virDomainFree(dom);
    return ok;
}

/* >>event: virsh 9.0's `event`. One callback per event id (all 27 with
 * --all); virt raises lifecycle events only, so the others never print.
 * The loop is libvirt's default one, run on this thread until the first
 * event (one-shot), the timeout, or SIGINT. */

static const char *const vsh_event_names[VIR_DOMAIN_EVENT_ID_LAST] = {
    "lifecycle", "reboot", "rtc-change", "watchdog", "io-error", "graphics", "io-error-reason",
    "control-error", "block-job", "disk-change", "tray-change", "pm-wakeup", "pm-suspend",
    "balloon-change", "pm-suspend-disk", "device-removed", "block-job-2", "tunable",
    "agent-lifecycle", "device-added", "migration-iteration", "job-completed",
    "device-removal-failed", "metadata-change", "block-threshold", "memory-failure",
    "memory-device-size-change"};

/* virsh's words for the lifecycle events and their details (one row per
 * virDomainEventType, NULL-terminated) */
static const char *const vsh_event_words[][10] = {
    {"Defined", "Added", "Updated", "Renamed", "Snapshot", NULL},
    {"Undefined", "Removed", "Renamed", NULL},
    {"Started", "Booted", "Migrated", "Restored", "Snapshot", "Event wakeup", NULL},
    {"Suspended", "Paused", "Migrated", "I/O Error", "Watchdog", "Restored", "Snapshot", "API error",
     "Post-copy", "Post-copy Error"},
    {"Resumed", "Unpaused", "Migrated", "Snapshot", "Post-copy", "Post-copy Error", NULL},
    {"Stopped", "Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "Snapshot", NULL},
    {"Shutdown", "Finished", "Finished after guest request", "Finished after host request", NULL},
    {"PMSuspended", "Memory", "Disk", NULL},
    {"Crashed", "Panicked", "Crashloaded", NULL}};

typedef struct vsh_event_wait {
    int loop, timestamp, count, done, id;
} vsh_event_wait;

static volatile sig_atomic_t vsh_event_interrupted;
static void vsh_event_sigint(int sig) { (void)sig; vsh_event_interrupted = 1; }

static const char *vsh_event_word(int event, int detail)
{
    int i;
    if (event < 0 || event > VIR_DOMAIN_EVENT_CRASHED) return "unknown";
    if (detail < 0) return vsh_event_words[event][0];
    for (i = 0; i <= detail + 1 && i < 10; i++)
        if (!vsh_event_words[event][i]) return "unknown";
    return detail + 1 < 10 ? vsh_event_words[event][detail + 1] : "unknown";
}

/* virTimeStringNowRaw's form: "2026-12-02 00:50:01.123+0000" (UTC) */
static void vsh_event_timestamp(void)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    printf("%04d-%02d-%02d %02d:%02d:%02d.%03d+0000: ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
           tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ts.tv_nsec / 1000000));
}

static void vsh_event_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    vsh_event_wait *w = (vsh_event_wait *)opaque;
    (void)conn;
    if (!w->loop && w->count) return;
    if (w->timestamp) vsh_event_timestamp();
    printf("event 'lifecycle' for domain '%s': %s %s\n", virDomainGetName(dom), vsh_event_word(event, -1),
           vsh_event_word(event, detail));
    fflush(stdout);
    w->count++;
    if (!w->loop) w->done = 1;
}

/* The other ids: virt never raises them (registered, as virsh does). */
static void vsh_event_other(virConnectPtr conn, virDomainPtr dom, void *opaque)
{
    (void)conn; (void)dom; (void)opaque;
}

static void vsh_event_timer(int timer, void *opaque)
{
    (void)timer;
    ((vsh_event_wait *)opaque)->done = 2;
}

static void vsh_event_tick(int timer, void *opaque)
{
    (void)timer;
    if (vsh_event_interrupted) ((vsh_event_wait *)opaque)->done = 3;
}

/* --timeout: a positive number of seconds (vshCommandOptTimeoutToMs) */
static int vsh_event_timeout(const char *arg, int *ms)
{
    unsigned long s;
    *ms = 0;
    if (!arg) return 1;
    if (!vsh_parse_ulong(arg, INT_MAX / 1000, &s) || s == 0) {
        vsh_error("Numeric value '%s' for <timeout> option is malformed or out of range", arg);
        return 0;
    }
    *ms = (int)s * 1000;
    return 1;
}

static int vsh_event_options_ok(const char *const *val)
{
    static const char *const names[] = {"domain", "event", "all", "loop", "timeout", "list", "timestamp"};
    static const int pairs[3][2] = {{2, 1}, {5, 2}, {5, 1}};   /* virsh's VSH_EXCLUSIVE_OPTIONS order */
    int i;
    for (i = 0; i < 3; i++) {
        if (val[pairs[i][0]] && val[pairs[i][1]]) {
            vsh_error("Options --%s and --%s are mutually exclusive", names[pairs[i][0]], names[pairs[i][1]]);
            return 0;
        }
    }
    return 1;
}

/* Registers (id >= 0 for each registered one), waits, deregisters. */
static int vsh_event_run(vsh_ctl *ctl, virDomainPtr dom, int only, int timeout_ms, vsh_event_wait *w)
{
    int ids[VIR_DOMAIN_EVENT_ID_LAST], i, n = 0, t = -1, tick, ok = 1;
    struct sigaction sa, old;
    for (i = 0; i < VIR_DOMAIN_EVENT_ID_LAST; i++) {
        if (only >= 0 && i != only) continue;
        ids[i] = virConnectDomainEventRegisterAny(
            ctl->conn, dom, i,
            i == VIR_DOMAIN_EVENT_ID_LIFECYCLE ? VIR_DOMAIN_EVENT_CALLBACK(vsh_event_lifecycle) : vsh_event_other,
            w, NULL);
        if (ids[i] < 0 && n == 0) { vsh_report_last_error(); return 0; }
        if (ids[i] < 0) virResetLastError();   /* as virsh: a later one may be unknown to an old server */
        n++;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = vsh_event_sigint;
    sigaction(SIGINT, &sa, &old);
    vsh_event_interrupted = 0;
    if (timeout_ms > 0) t = virEventAddTimeout(timeout_ms, vsh_event_timer, w, NULL);
    tick = virEventAddTimeout(100, vsh_event_tick, w, NULL);
    while (!w->done)
        if (virEventRunDefaultImpl() < 0) { ok = 0; break; }
    if (t >= 0) virEventRemoveTimeout(t);
    virEventRemoveTimeout(tick);
    sigaction(SIGINT, &old, NULL);
    for (i = 0; i < VIR_DOMAIN_EVENT_ID_LAST; i++)
        if ((only < 0 || i == only) && ids[i] >= 0 && virConnectDomainEventDeregisterAny(ctl->conn, ids[i]) < 0)
            ok = 0;
    return ok;
}

static int cmd_event(vsh_ctl *ctl, const char *const *val)
{
    static int loop_registered;
    vsh_event_wait w;
    virDomainPtr dom = NULL;
    int i, only = -1, timeout_ms = 0, ok;
    if (!vsh_event_options_ok(val)) return 0;
    if (val[5]) {
        for (i = 0; i < VIR_DOMAIN_EVENT_ID_LAST; i++) printf("%s\n", vsh_event_names[i]);
        return 1;
    }
    if (!val[1] && !val[2]) {
        vsh_error("one of --list, --all, or --event <type> is required");
        return 0;
    }
    for (i = 0; val[1] && i < VIR_DOMAIN_EVENT_ID_LAST && only < 0; i++)
        if (strcmp(val[1], vsh_event_names[i]) == 0) only = i;
    if (val[1] && only < 0) {
        vsh_error("unknown event type %s", val[1]);
        return 0;
    }
    if (!vsh_event_timeout(val[4], &timeout_ms)) return 0;
    if (val[0] && !(dom = VSH_DOMAIN(ctl, val, VSH_BYID | VSH_BYUUID | VSH_BYNAME))) return 0;
    if (!loop_registered) loop_registered = virEventRegisterDefaultImpl() == 0;
    memset(&w, 0, sizeof w);
    w.loop = val[3] != NULL;
    w.timestamp = val[6] != NULL;
    ok = vsh_event_run(ctl, dom, only, timeout_ms, &w);
    if (dom) virDomainFree(dom);
    if (!ok) return 0;
    if (w.done == 2) printf("event loop timed out\n");
    if (w.done == 3) printf("event loop interrupted\n");
    printf("events received: %d\n", w.count);
    return w.count > 0;
}

/* >>stats, dumps and devices (issue 11 phase 3): virsh 9.0's output and
 * first error lines, compared by tests/virsh (cases stats and every_command) */

/* virsh's --current / --live / --config: 0 after its error when --current
 * comes with one of the others. */
static int vsh_impact(const char *current, const char *live, const char *config, unsigned int *flags)
{
    if (current && live) {
        vsh_error("Options --current and --live are mutually exclusive");
        return 0;
    }
    if (current && config) {
        vsh_error("Options --current and --config are mutually exclusive");
        return 0;
    }
    *flags = (live ? VIR_DOMAIN_AFFECT_LIVE : 0) | (config ? VIR_DOMAIN_AFFECT_CONFIG : 0);
    return 1;
}

/* virsh 9.0's words for each state's reasons (virsh-domain-monitor.c) */
static const char *vsh_reason_string(int state, int reason)
{
    static const char *const running[] = {"unknown", "booted", "migrated", "restored", "from snapshot",
                                          "unpaused", "migration canceled", "save canceled", "event wakeup",
                                          "crashed", "post-copy", "post-copy failed"};
    static const char *const paused[] = {"unknown", "user", "migrating", "saving", "dumping", "I/O error",
                                         "watchdog", "from snapshot", "shutting down", "creating snapshot",
                                         "crashed", "starting up", "post-copy", "post-copy failed", "api error"};
    static const char *const shutdown[] = {"unknown", "user"};
    static const char *const shutoff[] = {"unknown", "shutdown", "destroyed", "crashed", "migrated",
                                          "saved", "failed", "from snapshot", "daemon"};
    static const char *const crashed[] = {"unknown", "panicked"};
    const char *const *names = NULL;
    size_t n = 0;
#define VSH_REASONS(a) (names = (a), n = sizeof (a) / sizeof (a)[0])
    switch (state) {
    case VIR_DOMAIN_RUNNING: VSH_REASONS(running); break;
    case VIR_DOMAIN_PAUSED: VSH_REASONS(paused); break;
    case VIR_DOMAIN_SHUTDOWN: VSH_REASONS(shutdown); break;
    case VIR_DOMAIN_SHUTOFF: VSH_REASONS(shutoff); break;
    case VIR_DOMAIN_CRASHED: VSH_REASONS(crashed); break;
    default: break;
    }
#undef VSH_REASONS
    return reason >= 0 && (size_t)reason < n ? names[reason] : "unknown";
}

static int cmd_dump(vsh_ctl *ctl, const char *const *val)
{
    /* val: domain file live crash bypass-cache reset verbose memory-only format */
    static const char *const formats[] = {"raw", "kdump-zlib", "kdump-lzo", "kdump-snappy", "win-dmp"};
    unsigned int flags = (val[2] ? VIR_DUMP_LIVE : 0) | (val[3] ? VIR_DUMP_CRASH : 0) |
                         (val[4] ? VIR_DUMP_BYPASS_CACHE : 0) | (val[5] ? VIR_DUMP_RESET : 0) |
                         (val[7] ? VIR_DUMP_MEMORY_ONLY : 0);
    unsigned int format = VIR_DOMAIN_CORE_DUMP_FORMAT_RAW, i;
    int ok;
    virDomainPtr dom;
    if (val[8] && !val[7]) {
        vsh_error("--format only works with --memory-only");
        return 0;
    }
    if (val[8]) {
        for (i = 0; i < sizeof formats / sizeof formats[0] && strcmp(val[8], formats[i]) != 0; i++) {}
        if (i == sizeof formats / sizeof formats[0]) {
            vsh_error("format '%s' is not supported, expecting 'kdump-zlib', 'kdump-lzo', 'kdump-snappy', "
                      "'win-dmp' or 'elf'", val[8]);
            return 0;
        }
        format = i;
    }
    if (!(dom = VSH_DOMAIN(ctl, val, VSH_BYANY))) return 0;
    ok = (val[7] ? virDomainCoreDumpWithFormat(dom, val[1], format, flags)
                 : virDomainCoreDump(dom, val[1], flags)) == 0;
    if (ok) {
        /* a newline first, as virsh 9.0 (it ends the progress line) */
        vsh_print_extra(ctl, "\nDomain '%s' dumped to %s\n", virDomainGetName(dom), val[1]);
    } else {
        vsh_error("Failed to core dump domain '%s' to %s", virDomainGetName(dom), val[1]);
        vsh_report_last_error();
    }
    virDomainFree(dom);
    return ok;
}

/* attach-device / detach-device: val = domain file persistent config live current */
static int vsh_device(vsh_ctl *ctl, const char *const *val, int attach)
{
    unsigned int flags;
    int ok, use_flags = val[2] || val[3] || val[4] || val[5];
    char *xml;
    virDomainPtr dom;
    if (!vsh_impact(val[5], val[4], val[3], &flags)) return 0;
    if (val[5] && val[2]) {
        vsh_error("Options --current and --persistent are mutually exclusive");
        return 0;
    }
    if (!(dom = VSH_DOMAIN(ctl, val, VSH_BYANY))) return 0;
    if (!(xml = vsh_read_file(val[1]))) {
        virDomainFree(dom);
        return 0;
    }
    if (val[2]) flags |= VIR_DOMAIN_AFFECT_CONFIG | (vsh_domain_is_active(dom) ? VIR_DOMAIN_AFFECT_LIVE : 0);
    if (attach)
        ok = (use_flags ? virDomainAttachDeviceFlags(dom, xml, flags) : virDomainAttachDevice(dom, xml)) == 0;
    else
        ok = (use_flags ? virDomainDetachDeviceFlags(dom, xml, flags) : virDomainDetachDevice(dom, xml)) == 0;
    if (ok) {
        vsh_print_extra(ctl, "Device %s successfully\n", attach ? "attached" : "detached");
    } else {
        vsh_error("Failed to %s device from %s", attach ? "attach" : "detach", val[1]);
        vsh_report_last_error();
    }
    free(xml);
    virDomainFree(dom);
    return ok;
}

static int cmd_attach_device(vsh_ctl *ctl, const char *const *val) { return vsh_device(ctl, val, 1); }
static int cmd_detach_device(vsh_ctl *ctl, const char *const *val) { return vsh_device(ctl, val, 0); }

static int cmd_domifstat(vsh_ctl *ctl, const char *const *val)
{
    virDomainInterfaceStatsStruct s;
    int ok;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    if (!dom) return 0;
    ok = virDomainInterfaceStats(dom, val[1], &s, sizeof s) == 0;
    if (ok) {
        /* a counter the driver does not know is -1 and not printed */
#define VSH_IFSTAT(f) if (s.f >= 0) printf("%s %s %lld\n", val[1], #f, s.f)
        VSH_IFSTAT(rx_bytes); VSH_IFSTAT(rx_packets); VSH_IFSTAT(rx_errs); VSH_IFSTAT(rx_drop);
        VSH_IFSTAT(tx_bytes); VSH_IFSTAT(tx_packets); VSH_IFSTAT(tx_errs); VSH_IFSTAT(tx_drop);
#undef VSH_IFSTAT
    } else {
        vsh_error("Failed to get interface stats %s %s", val[0], val[1]);
        vsh_report_last_error();
    }
    virDomainFree(dom);
    return ok;
}

static int cmd_domblkstat(vsh_ctl *ctl, const char *const *val)
{
    virDomainBlockStatsStruct s;
    const char *device = val[1] ? val[1] : "";
    int ok;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    if (!dom) return 0;
    ok = virDomainBlockStats(dom, device, &s, sizeof s) == 0;
    if (ok && val[2]) {     /* --human: virsh 9.0's labels, the value at column 34 */
        printf("Device: %s\n", device);
#define VSH_BLKSTAT(f, label) if (s.f >= 0) printf(" %-32s%lld\n", label, s.f)
        VSH_BLKSTAT(rd_req, "number of read operations:");
        VSH_BLKSTAT(rd_bytes, "number of bytes read:");
        VSH_BLKSTAT(wr_req, "number of write operations:");
        VSH_BLKSTAT(wr_bytes, "number of bytes written:");
        VSH_BLKSTAT(errs, "error count:");
#undef VSH_BLKSTAT
    } else if (ok) {
#define VSH_BLKSTAT(f) if (s.f >= 0) printf("%s %s %lld\n", device, #f, s.f)
        VSH_BLKSTAT(rd_req); VSH_BLKSTAT(rd_bytes); VSH_BLKSTAT(wr_req); VSH_BLKSTAT(wr_bytes); VSH_BLKSTAT(errs);
#undef VSH_BLKSTAT
    } else {
        vsh_error("Failed to get block stats %s %s", val[0], device);
        vsh_report_last_error();
    }
    virDomainFree(dom);
    return ok;
}

static int cmd_dommemstat(vsh_ctl *ctl, const char *const *val)
{
    static const char *const names[VIR_DOMAIN_MEMORY_STAT_NR] = {
        "swap_in", "swap_out", "major_fault", "minor_fault", "unused", "available", "actual", "rss",
        "usable", "last_update", "disk_caches", "hugetlb_pgalloc", "hugetlb_pgfail"};
    virDomainMemoryStatStruct st[VIR_DOMAIN_MEMORY_STAT_NR];
    unsigned int flags;
    int n, i;
    virDomainPtr dom;
    /* val: domain period config live current */
    if (!vsh_impact(val[4], val[3], val[2], &flags)) return 0;
    if (!(dom = VSH_DOMAIN(ctl, val, VSH_BYANY))) return 0;
    if (val[1]) {       /* --period: virsh 9.0 sets it and prints no statistics */
        char *end;
        long period;
        int ok;
        errno = 0;
        period = strtol(val[1], &end, 10);
        if (!val[1][0] || *end || errno || period > INT_MAX || period < INT_MIN) {
            vsh_error("Numeric value '%s' for <period> option is malformed or out of range", val[1]);
            virDomainFree(dom);
            return 0;
        }
        if (period < 0) {
            vsh_error("Invalid collection period value '%ld'", period);
            virDomainFree(dom);
            return 0;
        }
        ok = virDomainSetMemoryStatsPeriod(dom, (int)period, flags) == 0;
        if (!ok) {
            vsh_error("Unable to change balloon collection period.");
            vsh_report_last_error();
        }
        virDomainFree(dom);
        return ok;
    }
    n = virDomainMemoryStats(dom, st, VIR_DOMAIN_MEMORY_STAT_NR, 0);
    if (n < 0) {
        vsh_error("Failed to get memory statistics for domain %s", val[0]);
        vsh_report_last_error();
    }
    for (i = 0; i < n; i++)
        if (st[i].tag >= 0 && st[i].tag < VIR_DOMAIN_MEMORY_STAT_NR)
            printf("%s %llu\n", names[st[i].tag], st[i].val);
    virDomainFree(dom);
    return n >= 0;
}

static int cmd_managedsave(vsh_ctl *ctl, const char *const *val)
{
    /* val: domain bypass-cache running paused verbose */
    unsigned int flags = (val[1] ? VIR_DOMAIN_SAVE_BYPASS_CACHE : 0) | (val[2] ? VIR_DOMAIN_SAVE_RUNNING : 0) |
                         (val[3] ? VIR_DOMAIN_SAVE_PAUSED : 0);
    int ok;
    virDomainPtr dom;
    if (val[2] && val[3]) {
        vsh_error("Options --running and --paused are mutually exclusive");
        return 0;
    }
    if (!(dom = VSH_DOMAIN(ctl, val, VSH_BYANY))) return 0;
    ok = virDomainManagedSave(dom, flags) == 0;
    if (ok) {
        vsh_print_extra(ctl, "\nDomain '%s' state saved by libvirt\n", virDomainGetName(dom));
    } else {
        vsh_error("Failed to save domain '%s' state", virDomainGetName(dom));
        vsh_report_last_error();
    }
    virDomainFree(dom);
    return ok;
}

static int cmd_domrename(vsh_ctl *ctl, const char *const *val)
{
    int ok;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYNAME | VSH_BYUUID);
    if (!dom) return 0;
    ok = virDomainRename(dom, val[1], 0) == 0;
    if (ok) vsh_print_extra(ctl, "Domain successfully renamed\n");
    else vsh_report_last_error();
    virDomainFree(dom);
    return ok;
}

/* migrate: virt has no migration, so this shows the refusal the
 * connection gives (libvirt 9.0's test driver refuses the same way). */
static int cmd_migrate(vsh_ctl *ctl, const char *const *val)
{
    /* val: domain desturi live offline p2p direct persistent undefinesource suspend */
    unsigned int flags = (val[2] ? VIR_MIGRATE_LIVE : 0) | (val[3] ? VIR_MIGRATE_OFFLINE : 0) |
                         (val[4] ? VIR_MIGRATE_PEER2PEER : 0) |
                         (val[6] ? VIR_MIGRATE_PERSIST_DEST : 0) | (val[7] ? VIR_MIGRATE_UNDEFINE_SOURCE : 0) |
                         (val[8] ? VIR_MIGRATE_PAUSED : 0);
    int ok;
    virDomainPtr dom = VSH_DOMAIN(ctl, val, VSH_BYANY);
    if (!dom) return 0;
    if (val[4] || val[5]) {
        ok = virDomainMigrateToURI3(dom, val[1], NULL, 0, flags) == 0;
    } else {
        virConnectPtr dconn = virConnectOpen(val[1]);
        ok = dconn && virDomainMigrate3(dom, dconn, NULL, 0, flags) != NULL;
        if (dconn) virConnectClose(dconn);
    }
    if (!ok) vsh_report_last_error();
    virDomainFree(dom);
    return ok;
}

/* >>console: virsh 9.0's `console` (virsh-console.c): the terminal in raw
 * mode, the guest's output copied to stdout and stdin to the guest through
 * a non-blocking stream driven by libvirt's event loop, until the escape
 * character ^] (0x1d) or the end of the console. */
#include <termios.h>
#define VSH_CONSOLE_ESCAPE 0x1d

typedef struct vsh_console {
    virStreamPtr st;
    int stdin_watch, quit, failed;
} vsh_console;

static void vsh_console_output(virStreamPtr st, int events, void *opaque)
{
    vsh_console *con = (vsh_console *)opaque;
    char buf[4096];
    int n;
    (void)events;
    while ((n = virStreamRecv(st, buf, sizeof buf)) > 0)
        if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n) break;
    fflush(stdout);
    if (n == 0) con->quit = 1;                     /* the console closed */
    if (n == -1) con->quit = con->failed = 1;
}

static void vsh_console_input(int watch, int fd, int events, void *opaque)
{
    vsh_console *con = (vsh_console *)opaque;
    char buf[1024];
    ssize_t n = read(fd, buf, sizeof buf), i, sent;
    (void)watch; (void)events;
    if (n <= 0) { con->quit = 1; return; }
    for (i = 0; i < n; i++)
        if (buf[i] == VSH_CONSOLE_ESCAPE) { n = i; con->quit = 1; break; }
    for (sent = 0; sent < n;) {
        int m = virStreamSend(con->st, buf + sent, (size_t)(n - sent));
        if (m == -2) continue;                     /* the pty is full: the guest reads on */
        if (m < 0) { con->quit = con->failed = 1; return; }
        sent += m;
    }
}

/* The console loop, the terminal raw meanwhile (virsh's vshMakeStdinRaw). */
static int vsh_console_run(virDomainPtr dom, const char *devname, unsigned int flags)
{
    static int loop_registered;
    struct termios saved, raw;
    vsh_console con;
    int have_tty = tcgetattr(STDIN_FILENO, &saved) == 0;
    memset(&con, 0, sizeof con);
    if (!loop_registered) loop_registered = virEventRegisterDefaultImpl() == 0;
    if (!(con.st = virStreamNew(virDomainGetConnect(dom), VIR_STREAM_NONBLOCK))) return 0;
    if (virDomainOpenConsole(dom, devname, con.st, flags) < 0) {
        virStreamFree(con.st);
        return 0;
    }
    if (virStreamEventAddCallback(con.st, VIR_STREAM_EVENT_READABLE, vsh_console_output, &con, NULL) < 0 ||
        (con.stdin_watch = virEventAddHandle(STDIN_FILENO, VIR_EVENT_HANDLE_READABLE, vsh_console_input, &con,
                                             NULL)) < 0) {
        virStreamAbort(con.st);
        virStreamFree(con.st);
        return 0;
    }
    if (have_tty) {
        raw = saved;
        raw.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        raw.c_oflag &= ~(tcflag_t)OPOST;
        raw.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        raw.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
        raw.c_cflag |= CS8;
        (void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
    }
    while (!con.quit && virEventRunDefaultImpl() == 0) {}
    if (have_tty) (void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    virEventRemoveHandle(con.stdin_watch);
    virStreamEventRemoveCallback(con.st);
    if (con.failed) virStreamAbort(con.st);
    else virStreamFinish(con.st);
    virStreamFree(con.st);
    printf("\n");
    return !con.failed;
}

static int cmd_console(vsh_ctl *ctl, const char *const *val)
{
    /* val: domain devname force safe */
    unsigned int flags = (val[2] ? VIR_DOMAIN_CONSOLE_FORCE : 0) | (val[3] ? VIR_DOMAIN_CONSOLE_SAFE : 0);
    virDomainPtr dom;
    int state = 0, reason = 0, ok = 0;
    if (!isatty(STDIN_FILENO)) {
        vsh_error("Cannot run interactive console without a controlling TTY");
        return 0;
    }
    if (!(dom = VSH_DOMAIN(ctl, val, VSH_BYANY))) return 0;
    if (virDomainGetState(dom, &state, &reason, 0) < 0) {
        vsh_error("Unable to get domain status");
    } else if (state == VIR_DOMAIN_SHUTOFF) {
        vsh_error("The domain is not running");
    } else {
        printf("Connected to domain '%s'\nEscape character is ^] (Ctrl + ])\n", virDomainGetName(dom));
        fflush(stdout);
        if (!(ok = vsh_console_run(dom, val[1], flags))) vsh_report_last_error();
    }
    virDomainFree(dom);
    return ok;
}

static int cmd_nodememstats(vsh_ctl *ctl, const char *const *val)
{
    virNodeMemoryStats params[8];
    long cell = VIR_NODE_MEMORY_STATS_ALL_CELLS;
    int n = 0, i;
    if (val[0]) {
        char *end;
        errno = 0;
        cell = strtol(val[0], &end, 10);
        if (errno || *end || !val[0][0] || cell < INT_MIN || cell > INT_MAX) {
            vsh_error("Numeric value '%s' for <cell> option is malformed or out of range", val[0]);
            return 0;
        }
    }
    if (virNodeGetMemoryStats(ctl->conn, (int)cell, NULL, &n, 0) < 0) {
        vsh_error("Unable to get number of memory stats");
        vsh_report_last_error();
        return 0;
    }
    if (n > 8) n = 8;
    if (n && virNodeGetMemoryStats(ctl->conn, (int)cell, params, &n, 0) < 0) {
        vsh_error("Unable to get memory stats");
        vsh_report_last_error();
        return 0;
    }
    for (i = 0; i < n; i++) printf("%-7s %20llu KiB\n", params[i].field, params[i].value);
    return 1;
}

/* One sample of the four counters virsh prints (user, system, idle, iowait). */
static int vsh_cpu_sample(vsh_ctl *ctl, int cpu, unsigned long long v[4])
{
    static const char *const fields[4] = {"user", "kernel", "idle", "iowait"};
    virNodeCPUStats params[16];
    int n = 0, i, j;
    if (virNodeGetCPUStats(ctl->conn, cpu, NULL, &n, 0) < 0) {
        vsh_error("Unable to get number of cpu stats");
        vsh_report_last_error();
        return 0;
    }
    if (n > 16) n = 16;
    if (n && virNodeGetCPUStats(ctl->conn, cpu, params, &n, 0) < 0) {
        vsh_error("Unable to get node cpu stats");
        vsh_report_last_error();
        return 0;
    }
    for (j = 0; j < 4; j++) v[j] = 0;
    for (i = 0; i < n; i++)
        for (j = 0; j < 4; j++)
            if (strcmp(params[i].field, fields[j]) == 0) v[j] = params[i].value;
    return 1;
}

static int cmd_nodecpustats(vsh_ctl *ctl, const char *const *val)
{
    static const char *const labels[4] = {"user:", "system:", "idle:", "iowait:"};
    unsigned long long a[4], b[4];
    long cpu = VIR_NODE_CPU_STATS_ALL_CPUS;
    int j;
    if (val[0]) {
        char *end;
        errno = 0;
        cpu = strtol(val[0], &end, 10);
        if (errno || *end || !val[0][0] || cpu < INT_MIN || cpu > INT_MAX) {
            vsh_error("Numeric value '%s' for <cpu> option is malformed or out of range", val[0]);
            return 0;
        }
    }
    if (!vsh_cpu_sample(ctl, (int)cpu, a)) return 0;
    if (!val[1]) {
        for (j = 0; j < 4; j++) printf("%-15s %20llu\n", labels[j], a[j]);
        return 1;
    }
    /* --percent: the share of each counter's growth over one second */
    sleep(1);
    if (!vsh_cpu_sample(ctl, (int)cpu, b)) return 0;
    {
        double d[4], total = 0;
        for (j = 0; j < 4; j++) { d[j] = (double)(b[j] - a[j]); total += d[j]; }
        printf("%-15s %5.1lf%%\n", "usage:", (d[0] + d[1]) / total * 100);
        for (j = 0; j < 4; j++) printf("%-15s %5.1lf%%\n", labels[j], d[j] / total * 100);
    }
    return 1;
}

static const vsh_cmd vsh_commands[] = {
    {"attach-device", cmd_attach_device, vsh_opts_device, 1, "attach device from an XML file",
     "Attach device from an XML <file>.", NULL},
    {"autostart", cmd_autostart, vsh_opts_autostart, 1, "autostart a domain",
     "Configure a domain to be automatically started at boot.", NULL},
    {"capabilities", cmd_capabilities, vsh_opts_none, 1, "capabilities",
     "Returns capabilities of hypervisor/driver.", NULL},
    {"connect", cmd_connect, vsh_opts_connect, 0, "(re)connect to hypervisor",
     "Connect to local hypervisor. This is built-in command after shell start up.", NULL},
    {"create", cmd_create, vsh_opts_file, 1, "create a domain from an XML file",
     "Create a domain.", NULL},
    {"define", cmd_define, vsh_opts_file, 1, "define (but don't start) a domain from an XML file",
     "Define a domain.", NULL},
    {"destroy", cmd_destroy, vsh_opts_domain, 1, "destroy (stop) a domain",
     "Forcefully stop a given domain, but leave its resources intact.", NULL},
    {"detach-device", cmd_detach_device, vsh_opts_device, 1, "detach device from an XML file",
     "Detach device from an XML <file>", NULL},
    {"domblkstat", cmd_domblkstat, vsh_opts_domblkstat, 1, "get device block stats for a domain",
     "Get device block stats for a running domain.", NULL},
    {"domid", cmd_domid, vsh_opts_domain, 1, "convert a domain name or UUID to domain id",
     "Convert a domain name or UUID to domain id", NULL},
    {"domifstat", cmd_domifstat, vsh_opts_domifstat, 1, "get network interface stats for a domain",
     "Get network interface stats for a running domain.", NULL},
    {"dominfo", cmd_dominfo, vsh_opts_domain, 1, "domain information",
     "Returns basic information about the domain.", NULL},
    {"domname", cmd_domname, vsh_opts_domain, 1, "convert a domain id or UUID to domain name",
     "Convert a domain id or UUID to domain name", NULL},
    {"dommemstat", cmd_dommemstat, vsh_opts_dommemstat, 1, "get memory statistics for a domain",
     "Get memory statistics for a running domain.", NULL},
    {"domrename", cmd_domrename, vsh_opts_domrename, 1, "rename a domain", "Rename an inactive domain.", NULL},
    {"domstate", cmd_domstate, vsh_opts_domstate, 1, "domain state", "Returns state about a domain.", NULL},
    {"domuuid", cmd_domuuid, vsh_opts_domain, 1, "convert a domain name or id to domain UUID",
     "Convert a domain name or id to domain UUID", NULL},
    {"domxml-from-native", cmd_domxml_from_native, vsh_opts_from_native, 1, "Convert native config to domain XML",
     "Convert native guest configuration format to domain XML format.", NULL},
    {"domxml-to-native", cmd_domxml_to_native, vsh_opts_to_native, 1, "Convert domain XML to native config",
     "Convert domain XML config to a native guest configuration format.", NULL},
    {"dump", cmd_dump, vsh_opts_dump, 1, "dump the core of a domain to a file for analysis",
     "Core dump a domain.", NULL},
    {"dumpxml", cmd_dumpxml, vsh_opts_dumpxml, 1, "domain information in XML",
     "Output the domain information as an XML dump to stdout.", NULL},
    {"event", cmd_event, vsh_opts_event, 1, "Domain Events",
     "List event types, or wait for domain events to occur", NULL},
    {"exit", cmd_quit, vsh_opts_none, 0, "quit this interactive terminal",
     "quit this interactive terminal", NULL},
    {"freecell", cmd_freecell, vsh_opts_freecell, 1, "NUMA free memory",
     "display available free memory for the NUMA cell.", NULL},
    {"help", cmd_help, vsh_opts_help, 0, "print help for this program",
     "Prints global help, command specific help, or help for a group of related commands", NULL},
    {"hostname", cmd_hostname, vsh_opts_none, 1, "print the hypervisor hostname", "", NULL},
    {"list", cmd_list, vsh_opts_list, 1, "list domains", "Returns list of domains.", NULL},
    {"managedsave", cmd_managedsave, vsh_opts_managedsave, 1, "managed save of a domain state",
     "Save and destroy a running domain, so it can be restarted from the same state at a later time.", NULL},
    {"maxvcpus", cmd_maxvcpus, vsh_opts_maxvcpus, 1, "connection vcpu maximum",
     "Get the maximum number of virtual CPUs supported for a guest VM on this connection.", NULL},
    {"console", cmd_console, vsh_opts_console, 1, "connect to the guest console",
     "Connect the virtual serial console for the guest", NULL},
    {"migrate", cmd_migrate, vsh_opts_migrate, 1, "migrate domain to another host",
     "Migrate domain to another host.  Add --live for live migration.", NULL},
    {"nodecpustats", cmd_nodecpustats, vsh_opts_nodecpustats, 1, "Prints cpu stats of the node.",
     "Returns cpu stats of the node, in nanoseconds.", NULL},
    {"nodeinfo", cmd_nodeinfo, vsh_opts_none, 1, "node information",
     "Returns basic information about the node.", NULL},
    {"nodememstats", cmd_nodememstats, vsh_opts_nodememstats, 1, "Prints memory stats of the node.",
     "Returns memory stats of the node, in kilobytes.", NULL},
    {"quit", cmd_quit, vsh_opts_none, 0, "quit this interactive terminal",
     "quit this interactive terminal", NULL},
    {"reboot", cmd_reboot, vsh_opts_domain, 1, "reboot a domain", "Run a reboot command in the target domain.", NULL},
    {"restore", cmd_restore, vsh_opts_restore, 1, "restore a domain from a saved state in a file",
     "Restore a domain.", NULL},
    {"resume", cmd_resume, vsh_opts_domain, 1, "resume a domain", "Resume a previously suspended domain.", NULL},
    {"save", cmd_save, vsh_opts_save, 1, "save a domain state to a file", "Save the RAM state of a running domain.", NULL},
    {"save-image-define", cmd_save_image_define, vsh_opts_save_image_define, 1,
     "redefine the XML for a domain's saved state file", "Replace the domain XML associated with a saved state file",
     NULL},
    {"save-image-dumpxml", cmd_save_image_dumpxml, vsh_opts_save_image_dumpxml, 1,
     "saved state domain information in XML", "Dump XML of domain information for a saved state file to stdout.",
     NULL},
    {"schedinfo", cmd_schedinfo, vsh_opts_schedinfo, 1, "show/set scheduler parameters",
     "Show/Set scheduler parameters.", NULL},
    {"setmaxmem", cmd_setmaxmem, vsh_opts_mem, 1, "change maximum memory limit",
     "Change the maximum memory allocation limit in the guest domain.", NULL},
    {"setmem", cmd_setmem, vsh_opts_mem, 1, "change memory allocation",
     "Change the current memory allocation in the guest domain.", NULL},
    {"setvcpus", cmd_setvcpus, vsh_opts_vcpus, 1, "change number of virtual CPUs",
     "Change the number of virtual CPUs in the guest domain.", NULL},
    {"shutdown", cmd_shutdown, vsh_opts_domain, 1, "gracefully shutdown a domain",
     "Run shutdown in the target domain.", NULL},
    {"start", cmd_start, vsh_opts_domain, 1, "start a (previously defined) inactive domain",
     "Start a domain, either from the last managedsave state, or via a fresh boot if no managedsave state is present.", NULL},
    {"suspend", cmd_suspend, vsh_opts_domain, 1, "suspend a domain", "Suspend a running domain.", NULL},
    {"undefine", cmd_undefine, vsh_opts_domain, 1, "undefine a domain",
     "Undefine an inactive domain, or convert persistent to transient.", NULL},
    {"uri", cmd_uri, vsh_opts_none, 1, "print the hypervisor canonical URI", "", NULL},
    {"vcpucount", cmd_vcpucount, vsh_opts_vcpucount, 1, "domain vcpu counts",
     "Returns the number of virtual CPUs used by the domain.", NULL},
    {"vcpuinfo", cmd_vcpuinfo, vsh_opts_vcpuinfo, 1, "detailed domain vcpu information",
     "Returns basic information about the domain virtual CPUs.", NULL},
    {"vcpupin", cmd_vcpupin, vsh_opts_vcpupin, 1, "control or query domain vcpu affinity",
     "Pin domain VCPUs to host physical CPUs.", NULL},
    {"version", cmd_version, vsh_opts_none, 1, "show version", "Display the system version information.", NULL},
    /* the seed's (virsh 0.0.4) names */
    {"dinfo", cmd_dominfo, vsh_opts_domain, 1, "domain information", "", "dominfo"},
    {"dstate", cmd_domstate, vsh_opts_domain, 1, "domain state", "", "domstate"},
    {"idof", cmd_domid, vsh_opts_domain, 1, "convert a domain name to domain id", "", "domid"},
    {"nameof", cmd_domname, vsh_opts_domain, 1, "convert a domain id to domain name", "", "domname"},
    {"xmldump", cmd_dumpxml, vsh_opts_dumpxml, 1, "domain information in XML", "", "dumpxml"},
};
#define VSH_NCOMMANDS (sizeof vsh_commands / sizeof vsh_commands[0])

static const vsh_cmd *vsh_find_command(const char *name)
{
    size_t i;
    for (i = 0; i < VSH_NCOMMANDS; i++)
        if (strcmp(vsh_commands[i].name, name) == 0) return &vsh_commands[i];
    return NULL;
}

/* >>list */

static int vsh_row_cmp(const void *a, const void *b)
{
    const vsh_row *ra = (const vsh_row *)a, *rb = (const vsh_row *)b;
    unsigned int ia = virDomainGetID(ra->dom), ib = virDomainGetID(rb->dom);
    const unsigned int inactive = (unsigned int)-1;
    /* virsh's order: active by id, then inactive by name, case-blind */
    if (ia == inactive && ib == inactive) {
        const char *x = ra->name, *y = rb->name;
        for (; *x && tolower((unsigned char)*x) == tolower((unsigned char)*y); x++, y++) {}
        return tolower((unsigned char)*x) - tolower((unsigned char)*y);
    }
    if (ia != inactive && ib != inactive) return ia < ib ? -1 : ia > ib;
    return ia != inactive ? -1 : 1;
}

/* Appends a row for dom (takes the reference); 0 when dom is NULL. */
static int vsh_row_add(vsh_row *rows, size_t *n, virDomainPtr dom)
{
    virDomainInfo info;
    unsigned int id;
    if (!dom) return 0;
    id = virDomainGetID(dom);
    if (id == (unsigned int)-1) strcpy(rows[*n].id, "-");
    else snprintf(rows[*n].id, sizeof rows[*n].id, "%u", id);
    rows[*n].name = virDomainGetName(dom);
    rows[*n].state = virDomainGetInfo(dom, &info) == 0 ? vsh_state_string(info.state) : "no state";
    rows[*n].dom = dom;
    (*n)++;
    return 1;
}

/* virConnectListAllDomains' filters for list's options (virsh 9.0:
 * without --inactive, --all or a state filter it lists the active ones) */
static unsigned int vsh_list_flags(const char *const *val)
{
    static const struct { int opt; unsigned int flag; } map[] = {
        {VSH_L_INACTIVE, VIR_CONNECT_LIST_DOMAINS_INACTIVE},
        {VSH_L_ALL, VIR_CONNECT_LIST_DOMAINS_INACTIVE | VIR_CONNECT_LIST_DOMAINS_ACTIVE},
        {VSH_L_TRANSIENT, VIR_CONNECT_LIST_DOMAINS_TRANSIENT},
        {VSH_L_PERSISTENT, VIR_CONNECT_LIST_DOMAINS_PERSISTENT},
        {VSH_L_WITH_SNAP, VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT},
        {VSH_L_WITHOUT_SNAP, VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT},
        {VSH_L_WITH_CKPT, VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT},
        {VSH_L_WITHOUT_CKPT, VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT},
        {VSH_L_RUNNING, VIR_CONNECT_LIST_DOMAINS_RUNNING},
        {VSH_L_PAUSED, VIR_CONNECT_LIST_DOMAINS_PAUSED},
        {VSH_L_SHUTOFF, VIR_CONNECT_LIST_DOMAINS_SHUTOFF},
        {VSH_L_OTHER, VIR_CONNECT_LIST_DOMAINS_OTHER},
        {VSH_L_AUTOSTART, VIR_CONNECT_LIST_DOMAINS_AUTOSTART},
        {VSH_L_NO_AUTOSTART, VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART},
        {VSH_L_WITH_MSAVE, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE},
        {VSH_L_WITHOUT_MSAVE, VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE}};
    unsigned int flags = 0;
    size_t i;
    for (i = 0; i < sizeof map / sizeof map[0]; i++)
        if (val[map[i].opt]) flags |= map[i].flag;
    if (!(flags & (VIR_CONNECT_LIST_DOMAINS_INACTIVE | VIR_CONNECT_LIST_DOMAINS_RUNNING |
                   VIR_CONNECT_LIST_DOMAINS_PAUSED | VIR_CONNECT_LIST_DOMAINS_SHUTOFF |
                   VIR_CONNECT_LIST_DOMAINS_OTHER)))
        flags |= VIR_CONNECT_LIST_DOMAINS_ACTIVE;
    return flags;
}

/* --uuid, --id and/or --name: one line per domain, "UUID ID NAME" with
 * what was asked ("-" as an inactive domain's id); --id alone lists the
 * active domains' ids only, as virsh 9.0 */
static void vsh_list_plain(const vsh_row *rows, size_t n, int uuid, int id, int name)
{
    size_t i;
    char u[VIR_UUID_STRING_BUFLEN];
    for (i = 0; i < n; i++) {
        if (id && !uuid && !name && strcmp(rows[i].id, "-") == 0) continue;
        if (uuid && virDomainGetUUIDString(rows[i].dom, u) == 0) printf("%s%s", u, id || name ? " " : "");
        if (id) printf("%s%s", rows[i].id, name ? " " : "");
        printf("%s\n", name ? rows[i].name : "");
    }
}

/* The domain's <title> (virsh shows it in list --title), or "". */
static char *vsh_domain_title(virDomainPtr dom)
{
    char *xml = virDomainGetXMLDesc(dom, 0), *title = NULL;
    virt_domain_def *def = NULL;
    virt_status st;
    if (xml && virt_domain_def_parse(xml, strlen(xml), &def, &st) == VIRT_OK && def->title)
        title = strdup(def->title);
    virt_domain_def_free(def);
    free(xml);
    virResetLastError();
    return title ? title : strdup("");
}

static int cmd_list(vsh_ctl *ctl, const char *const *val)
{
    int uuid = val[VSH_L_UUID] != NULL, name = val[VSH_L_NAME] != NULL, id = val[VSH_L_ID] != NULL, count, i;
    int titles = val[VSH_L_TITLE] != NULL;
    size_t n = 0;
    virDomainPtr *doms = NULL;
    vsh_row *rows;
    if (val[VSH_L_TABLE] && (name || uuid || id)) {
        vsh_error("Options --table and --%s are mutually exclusive", name ? "name" : uuid ? "uuid" : "id");
        return 0;
    }
    count = virConnectListAllDomains(ctl->conn, &doms, vsh_list_flags(val));
    if (count < 0) {
        vsh_error("Failed to list domains");
        vsh_report_last_error();
        return 0;
    }
    rows = (vsh_row *)calloc((size_t)count + 1, sizeof *rows);
    if (!rows) {
        vsh_error("out of memory");
        for (i = 0; i < count; i++) virDomainFree(doms[i]);
        free(doms);
        return 0;
    }
    for (i = 0; i < count; i++) vsh_row_add(rows, &n, doms[i]);   /* takes the reference */
    free(doms);
    for (i = 0; i < (int)n; i++) {
        /* --managed-save: an inactive domain with an image is "saved" */
        if (val[VSH_L_MANAGED_SAVE] && strcmp(rows[i].id, "-") == 0
            && virDomainHasManagedSaveImage(rows[i].dom, 0) > 0)
            rows[i].state = "saved";
        if (titles && !uuid && !name && !id) rows[i].title = vsh_domain_title(rows[i].dom);
    }
    virResetLastError();   /* a domain that vanished meanwhile is not an error */
    qsort(rows, n, sizeof *rows, vsh_row_cmp);
    if (uuid || name || id) vsh_list_plain(rows, n, uuid, id, name);
    else vsh_table_print(ctl, rows, n, titles);
    for (i = 0; i < (int)n; i++) {
        free(rows[i].title);
        virDomainFree(rows[i].dom);
    }
    free(rows);
    return 1;
}

/* >>help */

static void vsh_synopsis_opt(const vsh_opt *o)
{
    if (o->kind == VSH_BOOL) printf(" [--%s]", o->name);
    else if (o->kind != VSH_DATA) printf(" [--%s <%s>]", o->name, o->kind == VSH_NAMED_INT ? "number" : "string");
    else if (o->required) printf(" <%s>", o->name);
    else printf(" [<%s>]", o->name);
}

static void vsh_command_help(const vsh_cmd *c)
{
    const vsh_opt *o;
    if (c->alias_of) c = vsh_find_command(c->alias_of);
    printf("  NAME\n    %s - %s\n\n  SYNOPSIS\n    %s", c->name, c->help, c->name);
    for (o = c->opts; o->name; o++) vsh_synopsis_opt(o);
    printf("\n\n");
    if (c->desc[0]) printf("  DESCRIPTION\n    %s\n\n", c->desc);
    if (!c->opts[0].name) return;
    printf("  OPTIONS\n");
    for (o = c->opts; o->name; o++) {
        char head[64];
        if (o->kind == VSH_BOOL) snprintf(head, sizeof head, "--%s", o->name);
        else snprintf(head, sizeof head, "%s--%s%s <%s>", o->required ? "[" : "", o->name,
                      o->required ? "]" : "", o->kind == VSH_NAMED_INT ? "number" : "string");
        printf("    %-15s  %s\n", head, o->help);
    }
    printf("\n");
}

static int cmd_help(vsh_ctl *ctl, const char *const *val)
{
    size_t i;
    (void)ctl;
    if (val[0]) {
        const vsh_cmd *c = vsh_find_command(val[0]);
        if (!c) {
            vsh_error("command or command group '%s' doesn't exist", val[0]);
            return 0;
        }
        vsh_command_help(c);
        return 1;
    }
    printf("Grouped commands:\n\n Domain and node commands (virt's test driver and Xen):\n");
    for (i = 0; i < VSH_NCOMMANDS; i++)
        if (!vsh_commands[i].alias_of)
            printf("    %-15s %s%s\n", vsh_commands[i].name, strlen(vsh_commands[i].name) >= 15 ? " " : "",
                   vsh_commands[i].help);
    printf("\n Aliases (the names of virsh 0.0.4):\n");
    for (i = 0; i < VSH_NCOMMANDS; i++)
        if (vsh_commands[i].alias_of)
            printf("    %-15s same as %s\n", vsh_commands[i].name, vsh_commands[i].alias_of);
    printf("\n  (specify help <command> for details about the command)\n");
    return 1;
}

/* >>parse: a command line is words separated by blanks; ';' or a newline
 * ends a command; "..." and '...' quote, backslash escapes, '#' at the start
 * of a word comments out the rest of the line (virsh's rules). */

typedef struct vsh_words {
    char *word[VSH_MAX_WORDS];  /* NULL entries separate commands */
    int n;
} vsh_words;

static void vsh_words_free(vsh_words *w)
{
    int i;
    for (i = 0; i < w->n; i++) free(w->word[i]);
    w->n = 0;
}

static int vsh_words_push(vsh_words *w, char *word)
{
    if (w->n >= VSH_MAX_WORDS) {
        free(word);
        vsh_error("too many words in one command line (at most %d)", VSH_MAX_WORDS);
        return 0;
    }
    w->word[w->n++] = word;
    return 1;
}

/* Reads one word at *pp into a new string; *pp moves past it. */
static int vsh_next_word(const char **pp, char **out)
{
    const char *p = *pp;
    size_t len = 0;
    char quote = 0;
    char *buf = (char *)malloc(strlen(p) + 1);
    if (!buf) { vsh_error("out of memory"); return 0; }
    for (; *p; p++) {
        if (quote) {
            if (*p == quote) { quote = 0; continue; }
            if (quote == '"' && *p == '\\' && p[1]) p++;
        } else {
            if (*p == ' ' || *p == '\t' || *p == ';' || *p == '\n' || *p == '\r') break;
            if (*p == '"' || *p == '\'') { quote = *p; continue; }
            if (*p == '\\' && p[1]) p++;
        }
        buf[len++] = *p;
    }
    if (quote) {
        free(buf);
        vsh_error("missing %c", quote);
        return 0;
    }
    buf[len] = '\0';
    *pp = p;
    /* give back the room of the rest of the line, so a long line of many
     * words does not hold one line-sized buffer per word */
    {
        char *shrunk = (char *)realloc(buf, len + 1);
        if (!shrunk) {               /* shrinking cannot really fail; be safe */
            free(buf);
            vsh_error("out of memory");
            return 0;
        }
        *out = shrunk;
    }
    return 1;
}

static int vsh_split_line(const char *line, vsh_words *w)
{
    const char *p = line;
    w->n = 0;
    for (;;) {
        char *word;
        while (*p == ' ' || *p == '\t' || *p == '\r') p++;
        if (!*p) return 1;
        if (*p == ';' || *p == '\n') {
            if (w->n && w->word[w->n - 1] && !vsh_words_push(w, NULL)) return 0;
            p++;
            continue;
        }
        if (*p == '#') {                 /* comment to end of line */
            while (*p && *p != '\n') p++;
            continue;
        }
        if (!vsh_next_word(&p, &word) || !vsh_words_push(w, word)) return 0;
    }
}

/* One command ready to run: its definition and option values. */
typedef struct vsh_parsed {
    const vsh_cmd *cmd;
    const char *val[VSH_MAX_OPTS];
} vsh_parsed;

static int vsh_find_opt(const vsh_cmd *c, const char *name, size_t namelen)
{
    int i;
    for (i = 0; c->opts[i].name; i++)
        if (strlen(c->opts[i].name) == namelen && strncmp(c->opts[i].name, name, namelen) == 0) return i;
    return -1;
}

/* Fills *pc from the words argv[0..argc) (argv[0] is the command name). */
static int vsh_parse_command(char **argv, int argc, vsh_parsed *pc)
{
    int i, o, next_data = 0;
    const vsh_cmd *c = vsh_find_command(argv[0]);
    if (!c) {
        vsh_error("unknown command: '%s'", argv[0]);
        return 0;
    }
    memset(pc, 0, sizeof *pc);
    pc->cmd = c;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-' && a[1] == '-' && a[2]) {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            o = vsh_find_opt(c, a + 2, len);
            if (o < 0) {
                vsh_error("command '%s' doesn't support option --%.*s", c->name, (int)len, a + 2);
                return 0;
            }
            if (pc->val[o]) {
                vsh_error("option --%s already seen", c->opts[o].name);
                return 0;
            }
            if (c->opts[o].kind == VSH_BOOL) {
                if (eq) { vsh_error("invalid '=' after option --%s", c->opts[o].name); return 0; }
                pc->val[o] = "";
            } else if (eq) {
                pc->val[o] = eq + 1;
            } else if (i + 1 < argc) {
                pc->val[o] = argv[++i];
            } else {
                vsh_error("expected syntax: --%s <string>", c->opts[o].name);
                return 0;
            }
            continue;
        }
        while (c->opts[next_data].name && (c->opts[next_data].kind == VSH_BOOL ||
                                           c->opts[next_data].kind == VSH_NAMED_ONLY || pc->val[next_data]))
            next_data++;
        if (!c->opts[next_data].name) {
            vsh_error("unexpected data '%s'", a);
            return 0;
        }
        pc->val[next_data] = a;
    }
    for (o = 0; c->opts[o].name; o++) {
        if (c->opts[o].required && !pc->val[o]) {
            vsh_error("command '%s' requires <%s> option", c->name, c->opts[o].name);
            return 0;
        }
    }
    return 1;
}

/* Parses every command of w (all or nothing, as virsh) into cmds. */
static int vsh_parse_all(vsh_words *w, vsh_parsed *cmds, int *ncmds)
{
    int start = 0, i;
    *ncmds = 0;
    for (i = 0; i <= w->n; i++) {
        if (i < w->n && w->word[i]) continue;
        if (i > start) {
            if (!vsh_parse_command(&w->word[start], i - start, &cmds[*ncmds])) return 0;
            (*ncmds)++;
        }
        start = i + 1;
    }
    return 1;
}

/* >>run */

/* Runs parsed commands in order; each failure is reported, the next runs
 * anyway; the result is the last command's (virsh's rule). */
static int vsh_run(vsh_ctl *ctl, const vsh_parsed *cmds, int ncmds)
{
    int i, ok = 1;
    for (i = 0; i < ncmds && !ctl->quit; i++) {
        if (cmds[i].cmd->needs_conn && !ctl->conn) {
            /* as virsh: without a connection the rest of the line is not run */
            if (!vsh_connect(ctl, ctl->uri, ctl->readonly)) return 0;
        }
        ok = cmds[i].cmd->run(ctl, cmds[i].val);
        if (ctl->quit) break;          /* quit/exit: no footer, nothing after */
        if (!ctl->quiet) putchar('\n');
        fflush(stdout);
    }
    return ok;
}

/* Splits, parses and runs one command line; 1 on success. */
static int vsh_run_line(vsh_ctl *ctl, const char *line)
{
    vsh_words *w = (vsh_words *)malloc(sizeof *w);
    vsh_parsed *cmds = (vsh_parsed *)calloc(VSH_MAX_WORDS, sizeof *cmds);
    int ncmds = 0, ok = 0;
    if (!w || !cmds) {
        vsh_error("out of memory");
    } else {
        w->n = 0;
        if (vsh_split_line(line, w) && vsh_parse_all(w, cmds, &ncmds)) ok = vsh_run(ctl, cmds, ncmds);
        vsh_words_free(w);
    }
    free(w);
    free(cmds);
    return ok;
}

/* Runs the words of argv as one command (virsh 9.0: no ';' here). */
static int vsh_run_argv(vsh_ctl *ctl, char **argv, int argc)
{
    vsh_parsed pc;
    if (!vsh_parse_command(argv, argc, &pc)) return 0;
    return vsh_run(ctl, &pc, 1);
}

/* Reads a line of at most VSH_MAX_LINE bytes; 0 at end of input. */
static int vsh_read_line(char *buf, size_t size, int *too_long)
{
    size_t n;
    *too_long = 0;
    if (!fgets(buf, (int)size, stdin)) return 0;
    n = strlen(buf);
    if (n == size - 1 && buf[n - 1] != '\n') {
        int ch;
        while ((ch = getchar()) != EOF && ch != '\n') {}
        *too_long = 1;
    }
    return 1;
}

/* >>history: virsh 9.0's history file (tools/vsh.c, vshReadlineInit and
 * vshReadlineDeinit): $XDG_CACHE_HOME/virsh/history or ~/.cache/virsh/history
 * (GLib's g_get_user_cache_dir), at most $VIRSH_HISTSIZE entries. */
#ifdef VSH_LINE_EDITING_DLOPEN
/* Loads libedit once; 1 when every call the shell needs was found. */
static int vsh_editline_load(void)
{
    static int state;       /* 0 not tried, 1 loaded, -1 not available */
    void *h;
    if (state) return state > 0;
    state = -1;
    if (!(h = dlopen(VSH_EDITLINE_SONAME, RTLD_NOW | RTLD_LOCAL))) return 0;
    /* object pointers to function pointers through memcpy (ISO C has no cast) */
#  define VSH_SYM(field, name)                                              \
    do {                                                                    \
        void *sym = dlsym(h, name);                                         \
        if (!sym) { dlclose(h); return 0; }                                 \
        memcpy(&vsh_el.field, &sym, sizeof sym);                            \
    } while (0)
    VSH_SYM(p_readline, "readline");
    VSH_SYM(p_add_history, "add_history");
    VSH_SYM(p_stifle_history, "stifle_history");
    VSH_SYM(p_history_get, "history_get");
    VSH_SYM(p_clear_history, "clear_history");
    VSH_SYM(p_history_length, "history_length");
    VSH_SYM(p_history_base, "history_base");
#  undef VSH_SYM
    state = 1;              /* kept loaded until exit */
    return 1;
}
#elif defined(VSH_LINE_EDITING)
static int vsh_editline_load(void) { return 1; }    /* linked with GNU readline */
#endif

#ifdef VSH_LINE_EDITING
#define VSH_HISTSIZE_MAX 500000

/* The history directory, malloc'd; NULL when there is no $HOME either. */
static char *vsh_history_dir(void)
{
    const char *cache = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char *dir;
    size_t n;
    if (cache && cache[0]) {
        n = strlen(cache) + sizeof "/virsh";
        if ((dir = (char *)malloc(n))) snprintf(dir, n, "%s/virsh", cache);
    } else if (home && home[0]) {
        n = strlen(home) + sizeof "/.cache/virsh";
        if ((dir = (char *)malloc(n))) snprintf(dir, n, "%s/.cache/virsh", home);
    } else {
        return NULL;
    }
    return dir;
}

/* $VIRSH_HISTSIZE as virsh checks it; -1 (reported) when it is bad. */
static int vsh_history_size(void)
{
    const char *env = getenv("VIRSH_HISTSIZE");
    char *end;
    long v;
    if (!env) return 500;
    errno = 0;
    v = strtol(env, &end, 10);
    if (errno || end == env || *end || v < INT_MIN || v > INT_MAX) {
        vsh_error("Bad $VIRSH_HISTSIZE value.");
        return -1;
    }
    if (v < 0 || v > VSH_HISTSIZE_MAX) {
        vsh_error("$VIRSH_HISTSIZE value should be between 0 and %d", VSH_HISTSIZE_MAX);
        return -1;
    }
    return (int)v;
}

/* Reads the history file: one entry a line, as GNU readline writes it
 * (its "#<digits>" timestamp lines and libedit's cookie line skipped). */
static void vsh_history_read(const char *path)
{
    char line[VSH_MAX_LINE];
    FILE *f = fopen(path, "r");
    if (!f) return;   /* none yet: virsh says nothing either */
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || strcmp(line, "_HiStOrY_V2_") == 0) continue;
        if (line[0] == '#' && isdigit((unsigned char)line[1])) continue;
        add_history(line);
    }
    fclose(f);
}

/* Sets up the history; 0 when $VIRSH_HISTSIZE is bad (virsh then exits). */
static int vsh_history_init(vsh_ctl *ctl)
{
    int size = vsh_history_size();
    char *dir;
    size_t n;
    if (size < 0) return 0;
    stifle_history(size);
    if (!(dir = vsh_history_dir())) return 1;
    n = strlen(dir) + sizeof "/history";
    ctl->history_file = (char *)malloc(n);
    if (ctl->history_file) {
        snprintf(ctl->history_file, n, "%s/history", dir);
        vsh_history_read(ctl->history_file);
    }
    free(dir);
    return 1;
}

/* mkdir -p of the file's directory (virsh: g_mkdir_with_parents, 0755). */
static int vsh_mkdir_parents(char *path)
{
    char *p;
    for (p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) { *p = '/'; return -1; }
        *p = '/';
    }
    return mkdir(path, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* Writes the history back (at most $VIRSH_HISTSIZE entries, stifled) and
 * frees it. */
static void vsh_history_save(vsh_ctl *ctl)
{
    char *dir = ctl->history_file, *slash;
    FILE *f;
    int i;
    if (dir && (slash = strrchr(dir, '/')) && slash != dir) {
        *slash = '\0';
        if (vsh_mkdir_parents(dir) != 0) {
            vsh_error("Failed to create '%s': %s", dir, strerror(errno));
            *slash = '/';
            dir = NULL;
        } else {
            *slash = '/';
        }
    }
    f = dir ? fopen(ctl->history_file, "w") : NULL;
    for (i = 0; f && i < history_length; i++) {
        HIST_ENTRY *e = history_get(history_base + i);
        if (e && e->line) fprintf(f, "%s\n", e->line);
    }
    if (f) fclose(f);
    clear_history();
    free(ctl->history_file);
    ctl->history_file = NULL;
}

/* One line from the terminal with editing, malloc'd; NULL at end of input. */
static char *vsh_edit_line(const vsh_ctl *ctl)
{
    char *line;
    fflush(stdout);
    line = readline(ctl->readonly ? "virsh > " : "virsh # ");
    if (line && line[0]) add_history(line);
    return line;
}
#endif /* VSH_LINE_EDITING */

static int vsh_shell(vsh_ctl *ctl)
{
    char *line = (char *)malloc(VSH_MAX_LINE);
    int tty = isatty(fileno(stdin)), too_long, ok = 1;
#ifdef VSH_LINE_EDITING
    int editing = vsh_editline_load();
#endif
    if (!line) { vsh_error("out of memory"); return 0; }
#ifdef VSH_LINE_EDITING
    if (editing && !vsh_history_init(ctl)) { free(line); return 0; }
#endif
    if (!ctl->quiet) {
        printf("Welcome to virsh, the virtualization interactive terminal.\n\n");
        printf("Type:  'help' for help with commands\n       'quit' to quit\n\n");
    }
    if (!ctl->conn) vsh_connect(ctl, ctl->uri, ctl->readonly);
    while (!ctl->quit) {
#ifdef VSH_LINE_EDITING
        if (tty && editing) {
            char *edited = vsh_edit_line(ctl);
            if (!edited) break;
            too_long = strlen(edited) >= VSH_MAX_LINE;
            if (!too_long) memcpy(line, edited, strlen(edited) + 1);
            free(edited);
            if (too_long) { vsh_error("line longer than %d bytes", VSH_MAX_LINE - 1); ok = 0; continue; }
            ok = vsh_run_line(ctl, line);
            continue;
        }
#endif
        fputs(ctl->readonly ? "virsh > " : "virsh # ", stdout);
        fflush(stdout);
        if (!vsh_read_line(line, VSH_MAX_LINE, &too_long)) break;
        if (!tty) fputs(line, stdout);
        if (!tty && line[0] && line[strlen(line) - 1] != '\n') putchar('\n');
        if (too_long) { vsh_error("line longer than %d bytes", VSH_MAX_LINE - 1); ok = 0; continue; }
        line[strcspn(line, "\r\n")] = '\0';   /* a trailing backslash must not escape it */
#ifdef VSH_LINE_EDITING
        if (editing && line[0]) add_history(line);        /* virsh keeps piped lines too */
#endif
        ok = vsh_run_line(ctl, line);
    }
    putchar('\n');                     /* ends the last prompt's line, as virsh */
#ifdef VSH_LINE_EDITING
    if (editing) vsh_history_save(ctl);
#endif
    free(line);
    return ok;
}

/* >>main */

static void vsh_usage(void)
{
    printf("\nvirsh [options]... [<command_string>]\n"
           "virsh [options]... <command> [args...]\n\n"
           "  options:\n"
           "    -c | --connect=URI      hypervisor connection URI\n"
           "    -h | --help             this help\n"
           "    -q | --quiet            quiet mode\n"
           "    -r | --readonly         connect readonly\n"
           "    -v | --version          program version\n\n"
           "  commands (non interactive mode):\n\n");
    {
        static const char *const no_values[VSH_MAX_OPTS] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
        cmd_help(NULL, no_values);
    }
}

int main(int argc, char **argv)
{
    vsh_ctl ctl;
    int i, ok;
    const char *uri = getenv("VIRSH_DEFAULT_CONNECT_URI");
    memset(&ctl, 0, sizeof ctl);
    virSetErrorFunc(NULL, vsh_quiet_error_handler);
    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) { i++; break; }
        if (strcmp(a, "-c") == 0 || strcmp(a, "--connect") == 0) {
            if (i + 1 >= argc) { vsh_error("option '%s' requires an argument", a); return 1; }
            uri = argv[++i];
        } else if (strncmp(a, "--connect=", 10) == 0) {
            uri = a + 10;
        } else if (strcmp(a, "-r") == 0 || strcmp(a, "--readonly") == 0) {
            ctl.readonly = 1;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            ctl.quiet = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            vsh_usage();
            return 0;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--version") == 0) {
            printf("%s\n", VIRT_VERSION_STRING);
            return 0;
        } else {
            vsh_error("unsupported option '%s'. See --help.", a);
            return 1;
        }
    }
    if (uri && uri[0] && !(ctl.uri = vsh_strdup(uri))) { vsh_error("out of memory"); return 1; }
    if (i == argc) ok = vsh_shell(&ctl);
    else if (i + 1 == argc) ok = vsh_run_line(&ctl, argv[i]);
    else ok = vsh_run_argv(&ctl, &argv[i], argc - i);
    if (ctl.conn) virConnectClose(ctl.conn);
    free(ctl.uri);
    return ok ? 0 : 1;
}
