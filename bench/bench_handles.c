/* bench/bench_handles.c - keeping domain handles (issue 15 item 12): list
 * the running domains of a test:/// node, then look each up by id, either
 * freeing each handle at once ("freed as you go") or keeping all of them
 * until the end ("kept", what virsh and Python scripts do). With handles in
 * a list walked on every lookup and free, kept cost O(n^2) (10 000
 * domains: 360 ms against 0.1 ms); indexed by name and UUID it stays O(n).
 *
 *   bench_handles [--smoke]
 *
 * Prints, for 10 000 and 65 536 domains, the time of one list+lookup pass
 * each way and the ratio kept/freed (goal: <= 2 at 10 000). It reports, it
 * does not judge: exit status 0 unless a call fails. --smoke: 1000 domains.
 */
#define VIRT_MAX_DOMAINS 70000     /* the default cap is lower than 65 536 */
#define VIRT_IMPLEMENTATION
#include "../virt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench_clock.h"

static double cpu_seconds(void)
{
    return bench_clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static void quiet(void *ud, virErrorPtr e) { (void)ud; (void)e; }

/* n running transient domains besides the default node's "test" */
static int populate(virConnectPtr c, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        char xml[256];
        virDomainPtr d;
        snprintf(xml, sizeof xml,
                 "<domain type='test'><name>b%d</name><memory>1024</memory>"
                 "<os><type>hvm</type></os></domain>", i);
        d = virDomainCreateXML(c, xml, 0);
        if (!d) return -1;
        virDomainFree(d);
    }
    return 0;
}

/* One pass: list, look up each id; keep=1 frees only at the end. */
static int pass(virConnectPtr c, int *ids, virDomainPtr *kept, int max, int keep)
{
    int n = virConnectListDomains(c, ids, max), i;
    if (n < 0) return -1;
    for (i = 0; i < n; i++) {
        virDomainPtr d = virDomainLookupByID(c, ids[i]);
        if (!d) return -1;
        if (keep) kept[i] = d;
        else virDomainFree(d);
    }
    if (keep)
        for (i = 0; i < n; i++) virDomainFree(kept[i]);
    return n;
}

/* Mean CPU seconds of one pass, over at least `min` seconds (3 passes). */
static double time_pass(virConnectPtr c, int *ids, virDomainPtr *kept, int max, int keep, double min)
{
    double t0, t;
    long runs = 0;
    if (pass(c, ids, kept, max, keep) < 0) return -1;   /* warm-up */
    t0 = cpu_seconds();
    do {
        if (pass(c, ids, kept, max, keep) < 0) return -1;
        runs++;
        t = cpu_seconds() - t0;
    } while (t < min || runs < 3);
    return t / (double)runs;
}

static int bench(int n, double min)
{
    virConnectPtr c = virConnectOpen("test:///default");
    int *ids = (int *)malloc((size_t)(n + 1) * sizeof *ids);
    virDomainPtr *kept = (virDomainPtr *)malloc((size_t)(n + 1) * sizeof *kept);
    double freed, keep;
    int rc = 1;
    if (c && ids && kept && populate(c, n) == 0) {
        freed = time_pass(c, ids, kept, n + 1, 0, min);
        keep = time_pass(c, ids, kept, n + 1, 1, min);
        if (freed > 0 && keep > 0) {
            printf("list+lookup of %d domains: freed as you go %.3f ms, kept %.3f ms, ratio %.2f\n",
                   n + 1, freed * 1e3, keep * 1e3, keep / freed);
            rc = 0;
        }
    }
    if (rc) fprintf(stderr, "bench_handles: a call failed at %d domains\n", n);
    free(ids);
    free(kept);
    if (c) virConnectClose(c);
    return rc;
}

int main(int argc, char **argv)
{
    int smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
    virSetErrorFunc(NULL, quiet);
    if (smoke) return bench(999, 0.01);
    return bench(9999, 0.5) || bench(65535, 1.0);
}
