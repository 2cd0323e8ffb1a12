/* bench/virt_bench_spawn.c - runs a command N times and prints its mean wall
 * time and peak RSS, for bench_testdriver's whole-process numbers.
 *
 *   virt_bench_spawn RUNS PROGRAM [ARGS...]
 *   -> "<mean wall seconds> <mean CPU seconds (user+sys)> <max ru_maxrss KiB> <failed runs>"
 *
 * Why a separate program: wait4's ru_maxrss of a child includes what the
 * child inherited before exec (Linux keeps the old mm's high-water mark at
 * exec), so the process that forks must be small. This one links libc only.
 * (Not named bench_*: tests/run_all.sh runs every bench_* program.)
 */
#define _DEFAULT_SOURCE 1
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long runs, i, max_rss = 0, failures = 0;
    double total = 0, cpu = 0;
    if (argc < 3 || (runs = strtol(argv[1], NULL, 10)) <= 0 || runs > 100000) {
        fprintf(stderr, "usage: virt_bench_spawn RUNS PROGRAM [ARGS...]\n");
        return 2;
    }
    for (i = 0; i < runs; i++) {
        struct rusage ru;
        int status;
        double t0 = now_seconds();
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 1; }
        if (pid == 0) {
            int fd = open("/dev/null", O_RDWR);
            if (fd >= 0) { dup2(fd, 0); dup2(fd, 1); dup2(fd, 2); }
            execv(argv[2], &argv[2]);
            _exit(127);
        }
        if (wait4(pid, &status, 0, &ru) < 0) { perror("wait4"); return 1; }
        total += now_seconds() - t0;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failures++;
        if (ru.ru_maxrss > max_rss) max_rss = ru.ru_maxrss;
        cpu += (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
               (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    }
    printf("%.9f %.9f %ld %ld\n", total / (double)runs, cpu / (double)runs, max_rss, failures);
    return 0;
}
