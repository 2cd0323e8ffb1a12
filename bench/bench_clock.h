/* bench/bench_clock.h - the benchmarks' clocks, in seconds. Which clock a
 * figure uses is said where it is printed: CPU time of the thread or the
 * process (what the code costs, whatever else the machine runs) or
 * CLOCK_MONOTONIC wall time. */
#ifndef VIRT_BENCH_CLOCK_H
#define VIRT_BENCH_CLOCK_H
#include <time.h>

static inline double bench_clock_s(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
#endif
