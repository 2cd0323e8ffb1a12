/* bench/bench_xs.c - virt's xenstore client (virt_xs.h) against Debian's
 * libxenstore (xs_open/xs_read/xs_write/xs_directory), the same daemon in
 * one run: read, write and directory operations per second.
 *
 *   bench_xs [--smoke] [--fake PATH/fake_xenstored.py] [--seconds S]
 *
 * The daemon: $XENSTORED_PATH, else the default search order of both
 * libraries (so in dom0 it is the real xenstored); --fake starts the test
 * suite's fake on a private socket instead (CI). Both clients work in
 * /tool/virt-bench-<pid> (created and removed here): a 16-byte value, and a
 * directory of 20 children. Rounds alternate virt and libxenstore; the best
 * round of each counts. The last line is the summary:
 *   bench_xs ratio (virt/libxenstore): read 1.23x write 1.10x directory 1.31x
 * Target (issue): >= 1.0x everywhere, aim 1.5x. Exit status: 0 unless an
 * operation fails; the program reports, it does not judge. */
#define VIRT_IMPLEMENTATION
#include "virt_xs.h"
#include <xenstore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../tests/xs/xs_fake.h"

enum { OP_READ, OP_WRITE, OP_DIR, NOPS };
static const char *const op_names[NOPS] = {"read", "write", "directory"};
static char base[64], value_path[96], dir_path[96];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One operation by virt's client; 0 on success. */
static int virt_op(virt_xs *xs, int op)
{
    virt_status st;
    char *v = NULL, **names = NULL;
    unsigned int n = 0;
    int rc;
    switch (op) {
    case OP_READ:
        rc = virt_xs_read(xs, 0, value_path, &v, NULL, &st);
        free(v);
        return rc;
    case OP_WRITE:
        return virt_xs_write(xs, 0, value_path, "0123456789abcdef", 16, &st);
    default:
        rc = virt_xs_directory(xs, 0, dir_path, &names, &n, &st);
        free(names);
        return rc == VIRT_OK && n == 20 ? 0 : -1;
    }
}

/* The same by libxenstore. */
static int lib_op(struct xs_handle *h, int op)
{
    unsigned int n = 0;
    void *p;
    switch (op) {
    case OP_READ:
        p = xs_read(h, XBT_NULL, value_path, &n);
        free(p);
        return p ? 0 : -1;
    case OP_WRITE:
        return xs_write(h, XBT_NULL, value_path, "0123456789abcdef", 16) ? 0 : -1;
    default:
        p = xs_directory(h, XBT_NULL, dir_path, &n);
        free(p);
        return p && n == 20 ? 0 : -1;
    }
}

/* ops/s of one side for `seconds`; negative when an operation failed */
static double measure(virt_xs *xs, struct xs_handle *h, int op, double seconds)
{
    long iters = 0;
    double start = now_s(), el;
    do {
        int i;
        for (i = 0; i < 50; i++)
            if ((xs ? virt_op(xs, op) : lib_op(h, op)) != 0) return -1.0;
        iters += 50;
        el = now_s() - start;
    } while (el < seconds);
    return (double)iters / el;
}

static int setup(virt_xs *xs)
{
    virt_status st;
    char p[160];
    int i;
    snprintf(base, sizeof base, "/tool/virt-bench-%ld", (long)getpid());
    snprintf(value_path, sizeof value_path, "%s/value", base);
    snprintf(dir_path, sizeof dir_path, "%s/dir", base);
    if (virt_xs_write(xs, 0, value_path, "0123456789abcdef", 16, &st) != VIRT_OK) {
        fprintf(stderr, "bench_xs: %s\n", st.message);
        return -1;
    }
    for (i = 0; i < 20; i++) {
        snprintf(p, sizeof p, "%s/child-%02d", dir_path, i);
        if (virt_xs_write(xs, 0, p, "x", 1, &st) != VIRT_OK) return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    double seconds = 0.4, best[2][NOPS];
    int rounds = 3, smoke = 0, i, op, r, failed = 0;
    const char *fake = NULL;
    char sock[200];
    pid_t pid = -1;
    virt_status st;
    virt_xs *xs;
    struct xs_handle *h;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--smoke") == 0) smoke = 1;
        else if (strcmp(argv[i], "--fake") == 0 && i + 1 < argc) fake = argv[++i];
        else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) seconds = atof(argv[++i]);
        else { fprintf(stderr, "usage: bench_xs [--smoke] [--fake FAKE_XENSTORED_PY] [--seconds S]\n"); return 2; }
    }
    if (smoke) { seconds = 0.05; rounds = 1; }
    signal(SIGPIPE, SIG_IGN);
    if (fake) {
        xsf_socket_path(sock, sizeof sock, "bench");
        pid = xsf_start(fake, sock, 0);
        if (pid < 0) { fprintf(stderr, "bench_xs: cannot start %s\n", fake); return 77; }
        setenv("XENSTORED_PATH", sock, 1);
    }
    xs = virt_xs_open(NULL, 0, &st);
    h = xs_open(0);
    if (!xs || !h) {
        fprintf(stderr, "bench_xs: cannot connect: %s\n", xs ? "libxenstore's xs_open failed" : st.message);
        virt_xs_close(xs);
        if (h) xs_close(h);
        xsf_stop(pid);
        return 1;
    }
    if (setup(xs) != 0) failed = 1;
    memset(best, 0, sizeof best);
    for (r = 0; r < rounds && !failed; r++)
        for (op = 0; op < NOPS && !failed; op++) {
            double v = measure(xs, NULL, op, seconds), l = measure(NULL, h, op, seconds);
            if (v < 0 || l < 0) { fprintf(stderr, "bench_xs: %s failed\n", op_names[op]); failed = 1; }
            if (v > best[0][op]) best[0][op] = v;
            if (l > best[1][op]) best[1][op] = l;
        }
    printf("daemon: %s\n", getenv("XENSTORED_PATH") ? getenv("XENSTORED_PATH") : "(default search order)");
    for (op = 0; op < NOPS; op++)
        printf("%-10s virt %9.0f ops/s   libxenstore %9.0f ops/s   ratio %.2fx\n", op_names[op], best[0][op],
               best[1][op], best[1][op] > 0 ? best[0][op] / best[1][op] : 0.0);
    printf("bench_xs ratio (virt/libxenstore): read %.2fx write %.2fx directory %.2fx\n",
           best[1][0] > 0 ? best[0][0] / best[1][0] : 0.0, best[1][1] > 0 ? best[0][1] / best[1][1] : 0.0,
           best[1][2] > 0 ? best[0][2] / best[1][2] : 0.0);
    (void)virt_xs_rm(xs, 0, base, &st);
    virt_xs_close(xs);
    xs_close(h);
    xsf_stop(pid);
    if (pid > 0) unlink(sock);
    return failed;
}
