/* bench/bench_sxp.c - how fast virt_xend.h reads and writes xend's SXP.
 *
 * Input: a synthetic `GET /xend/domain?detail=1` reply of 4000 domains in
 * xend 3.0.3's one-line layout (quoted strings, floats, devices), about
 * 3.7 MB, and the same records pretty-printed (indentation and newlines, as
 * in libvirt's sexpr2xml-curmem.sexpr). Prints MB/s (10^6 bytes) of:
 *   - parsing into a fresh document per reply and freeing it (virt_sxp_parse
 *     + virt_sxp_doc_free: exactly what the xend driver does with every
 *     reply; the figure the target of >= 500 MB/s is about), with
 *     the page faults per parse;
 *   - the first parse of the process alone (its memory is new to the
 *     process, so every page it touches faults once: the cold case);
 *   - parsing into a reused document (virt_sxp_parse_into: no allocation),
 *     parse + one lookup per record (fresh documents), virt_sxp_format.
 * Rates are bytes per second of this thread's CPU time.
 *
 *   bench_sxp [--smoke]      (--smoke: a short run that only checks it works) */
#define VIRT_IMPLEMENTATION
#include "virt_xend.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench_clock.h"
#include <sys/resource.h>

/* CPU time of this thread: on a shared CI machine (other jobs on the same
 * cores) wall time mostly measures the neighbours. */
static double now_s(void)
{
    return bench_clock_s(CLOCK_THREAD_CPUTIME_ID);
}

/* Page faults of the process so far (minor: memory mapped in on first touch). */
static long faults(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return 0;
    return ru.ru_minflt + ru.ru_majflt;
}

/* One record as xend 3.0.3 prints it (XendDomainInfo.sxpr), with pretty
 * layout when pretty is set. */
static void record(virt__buf *b, int i, int pretty)
{
    const char *sep = pretty ? "\n    " : " ";
    virt__buf_printf(b, "(domain%s(domid %d)%s(uuid %08x-3019-58e8-3bab-6fbf2118f880)%s(vcpus 2)%s(vcpu_avail 3)%s"
                        "(cpu_weight 1.0)%s(memory 512)%s(shadow_memory 0)%s(maxmem 1024)%s(features )%s"
                        "(name guest-%05d)%s(on_poweroff destroy)%s(on_reboot restart)%s(on_crash restart)%s",
                     sep, i, sep, (unsigned)i, sep, sep, sep, sep, sep, sep, sep, sep, i, sep, sep, sep, sep);
    virt__buf_printf(b, "(image (linux (ramdisk /var/lib/xen/initrd.%d) (kernel /var/lib/xen/vmlinuz.%d) "
                        "(args 'ro root=/dev/VolGroup00/LogVol00 rhgb quiet console=xvc0') (vncunused 1) (vnc 1) "
                        "(display localhost:10.0) (xauthority /root/.Xauthority)))%s", i, i, sep);
    virt__buf_printf(b, "(device (vif (backend 0) (script vif-bridge) (bridge xenbr0) (mac 00:16:3e:%02x:%02x:%02x)))%s"
                        "(device (tap (backend 0) (dev xvda:disk) (uname tap:aio:/xen/guest-%05d.img) (mode w)))%s"
                        "(device (vbd (backend 0) (dev 'hdc:cdrom') (uname 'file:/isos/My Install Disc.iso') (mode r)))%s",
                     (i >> 16) & 255, (i >> 8) & 255, i & 255, sep, i, sep, sep);
    virt__buf_printf(b, "(state -b----)%s(shutdown_reason poweroff)%s(cpu_time 137.189121425)%s(online_vcpus 2)%s"
                        "(up_time 66492.0194759)%s(start_time 1163083021.65)%s(store_mfn 74407)%s(console_mfn 198038)%s)",
                     sep, sep, sep, sep, sep, sep, sep, pretty ? "\n" : "");
}

static char *make_reply(int n, int pretty, size_t *len)
{
    virt__buf b;
    int i;
    memset(&b, 0, sizeof b);
    virt__buf_puts(&b, "(");
    for (i = 0; i < n; i++) {
        if (i) virt__buf_puts(&b, pretty ? "\n" : " ");
        record(&b, i, pretty);
    }
    virt__buf_puts(&b, ")");
    *len = b.len;
    return virt__buf_steal(&b);
}

/* Runs parse into a reused document (mode 0), format (1), parse + lookups
 * (2) or parse into a fresh document each time (3) for at least min_s
 * seconds; returns MB/s of input text and page faults per run. */
static double measure(const char *text, size_t len, int mode, double min_s, int *ok, double *faults_per_run)
{
    double t0, t = 1;
    size_t bytes = 0, runs = 0;
    long f0;
    virt_sxp_doc *doc = NULL;
    virt_status st;
    if ((mode == 1 && virt_sxp_parse(text, len, &doc, &st) != VIRT_OK) || (mode == 0 && !(doc = virt_sxp_doc_new()))) {
        *ok = 0;
        return 0;
    }
    f0 = faults();
    t0 = now_s();
    do {
        if (mode == 0) {
            if (virt_sxp_parse_into(doc, text, len, 0, &st) != VIRT_OK) { *ok = 0; fprintf(stderr, "%s\n", st.message); break; }
        } else if (mode == 1) {
            char *s = virt_sxp_format(doc->root);
            if (!s) *ok = 0;
            free(s);
        } else {
            virt_sxp_doc *d = NULL;
            if (virt_sxp_parse(text, len, &d, &st) != VIRT_OK) { *ok = 0; fprintf(stderr, "%s\n", st.message); return 0; }
            if (mode == 2) {
                const virt_sxp *c;
                int found = 0;
                for (c = d->root->child; c; c = c->next)
                    found += virt_sxp_value(c, "domain/image/linux/kernel") != NULL;
                if (found != 4000 && found != 40) *ok = 0;
            }
            virt_sxp_doc_free(d);
        }
        bytes += len;
        runs++;
        t = now_s() - t0;
    } while (t < min_s);
    if (faults_per_run) *faults_per_run = (double)(faults() - f0) / (double)runs;
    virt_sxp_doc_free(doc);
    return (double)bytes / t / 1e6;
}

int main(int argc, char **argv)
{
    int smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
    int n = smoke ? 40 : 4000, ok = 1;
    double secs = smoke ? 0.05 : 1.0, parse, fmt, look, pretty, fresh, fresh_pretty, first_t, fresh_faults;
    long first_faults;
    size_t len, plen;
    char *line = make_reply(n, 0, &len), *pp = make_reply(n, 1, &plen);
    virt_sxp_doc *d = NULL;
    virt_status st;
    if (!line || !pp) { fprintf(stderr, "out of memory\n"); return 1; }
    /* first: the cold parse, before any document memory was ever allocated */
    first_faults = faults();
    first_t = now_s();
    if (virt_sxp_parse(line, len, &d, &st) != VIRT_OK) { fprintf(stderr, "%s\n", st.message); return 1; }
    virt_sxp_doc_free(d);
    first_t = now_s() - first_t;
    first_faults = faults() - first_faults;
    fresh = measure(line, len, 3, secs, &ok, &fresh_faults);
    fresh_pretty = measure(pp, plen, 3, secs, &ok, NULL);
    parse = measure(line, len, 0, secs, &ok, NULL);
    pretty = measure(pp, plen, 0, secs, &ok, NULL);
    look = measure(line, len, 2, secs, &ok, NULL);
    fmt = measure(line, len, 1, secs, &ok, NULL);
    printf("bench_sxp: %d domain records, %.2f MB one-line, %.2f MB pretty-printed\n", n, len / 1e6, plen / 1e6);
    printf("bench_sxp: parse %.0f MB/s into a fresh document per reply (virt_sxp_parse + virt_sxp_doc_free, "
           "as the xend driver does; target >= 500 MB/s), pretty-printed %.0f MB/s, %.1f page faults per parse\n",
           fresh, fresh_pretty, fresh_faults);
    printf("bench_sxp: first parse of the process %.0f MB/s (%ld page faults: memory new to the process)\n",
           first_t > 0 ? len / first_t / 1e6 : 0.0, first_faults);
    printf("bench_sxp: parse into a reused document %.0f MB/s (virt_sxp_parse_into), pretty-printed %.0f MB/s; "
           "parse+lookup %.0f MB/s, format %.0f MB/s\n", parse, pretty, look, fmt);
    free(line);
    free(pp);
    if (!ok) { fprintf(stderr, "bench_sxp: a parse or lookup failed\n"); return 1; }
    return 0;
}
