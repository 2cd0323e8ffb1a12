/* bench/virt_bench_remote_api.c - bench_remote's helper: ListAllDomains +
 * virDomainGetInfo of every domain through virt.h's libvirt API (the remote
 * driver), one call after another, as a libvirt program makes them.
 *
 *   virt_bench_remote_api URI ROUNDS
 *   -> "<wall s> <CPU s> <voluntary switches> <domains> <running>" of the
 *      round with the least CPU
 *
 * A process of its own because virt.h defines libvirt's names: it cannot
 * link next to libvirt.so, which bench_remote measures in the same run.
 * (Not named bench_*: tests/run_all.sh runs every bench_* program.)
 */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long voluntary_switches(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_nvcsw;
}

typedef struct { double wall, cpu; long sw; int n, running; } round_result;

/* One round: the list in one call, then GetInfo domain by domain. */
static int one_round(virConnectPtr conn, round_result *out)
{
    virDomainPtr *doms = NULL;
    int n, i, failed = 0;
    out->wall = seconds(CLOCK_MONOTONIC);
    out->cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    out->sw = voluntary_switches();
    out->running = 0;
    n = virConnectListAllDomains(conn, &doms, 0);
    for (i = 0; i < n; i++) {
        virDomainInfo info;
        if (virDomainGetInfo(doms[i], &info) != 0) failed = 1;
        else if (info.state == VIR_DOMAIN_RUNNING) out->running++;
    }
    out->cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - out->cpu;
    out->wall = seconds(CLOCK_MONOTONIC) - out->wall;
    out->sw = voluntary_switches() - out->sw;
    out->n = n;
    for (i = 0; i < n; i++) virDomainFree(doms[i]);
    free(doms);
    return n < 0 || failed ? -1 : 0;
}

int main(int argc, char **argv)
{
    virConnectPtr conn;
    round_result best, r;
    int rounds, i;
    if (argc != 3 || (rounds = atoi(argv[2])) < 1) {
        fprintf(stderr, "usage: virt_bench_remote_api URI ROUNDS\n");
        return 2;
    }
    conn = virConnectOpen(argv[1]);
    if (!conn) {
        const char *msg = virGetLastErrorMessage();
        fprintf(stderr, "virConnectOpen %s: %s\n", argv[1], msg ? msg : "failed");
        return 1;
    }
    memset(&best, 0, sizeof best);
    for (i = 0; i < rounds; i++) {
        if (one_round(conn, &r) < 0) {
            const char *msg = virGetLastErrorMessage();
            fprintf(stderr, "round %d: %s\n", i, msg ? msg : "failed");
            virConnectClose(conn);
            return 1;
        }
        if (i == 0 || r.cpu < best.cpu) best = r;
    }
    printf("%.6f %.6f %ld %d %d\n", best.wall, best.cpu, best.sw, best.n, best.running);
    virConnectClose(conn);
    return 0;
}
