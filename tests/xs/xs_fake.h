/* tests/xs/xs_fake.h - start and stop tests/xs/fake_xenstored.py for a test.
 *
 *   pid_t pid = xsf_start(script, socket_path, seed);   (-1: cannot run it)
 *   pid = xsf_start_for_test(script, sock, sizeof sock, "tag", seed, export);
 *   xsf_stop(pid);
 *
 * The fake is a separate process, so a test can also kill it to play "the
 * daemon went away" and start it again on the same socket. */
#ifndef VIRT_XS_FAKE_H
#define VIRT_XS_FAKE_H
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int xsf_connectable(const char *path)
{
    struct sockaddr_un sa;
    size_t n = strlen(path);
    int fd, ok;
    if (n >= sizeof sa.sun_path) return 0;
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path, n + 1);
    ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    close(fd);
    return ok;
}

static void xsf_sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* Starts python3 SCRIPT --socket PATH [--seed]; waits until it accepts. */
static pid_t xsf_start(const char *script, const char *sock, int seed)
{
    int i;
    pid_t pid;
    unlink(sock);
    pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        if (seed) execlp("python3", "python3", script, "--socket", sock, "--seed", (char *)NULL);
        else execlp("python3", "python3", script, "--socket", sock, (char *)NULL);
        _exit(127);
    }
    for (i = 0; i < 400; i++) {
        int status;
        if (xsf_connectable(sock)) return pid;
        if (waitpid(pid, &status, WNOHANG) == pid) return -1;
        xsf_sleep_ms(25);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return -1;
}

static void xsf_stop(pid_t pid)
{
    if (pid <= 0) return;
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

/* A fresh socket path under $TMPDIR (or /tmp) for this process. */
static void xsf_socket_path(char *buf, size_t n, const char *tag)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, n, "%s/virt-xs-%s-%ld.sock", tmp && tmp[0] ? tmp : "/tmp", tag, (long)getpid());
}

/* The start of a test against the fake: SIGPIPE ignored (a test may kill
 * the fake while a request is in flight), a fresh socket path in sock, the
 * fake started (seed: with the usual domains), and with export_path the
 * socket exported as XENSTORED_PATH for the code under test. Exits 77
 * (ctest's skip code) when python3 cannot run the fake. */
static inline pid_t xsf_start_for_test(const char *script, char *sock, size_t n, const char *tag, int seed,
                                       int export_path)
{
    pid_t pid;
    signal(SIGPIPE, SIG_IGN);
    xsf_socket_path(sock, n, tag);
    pid = xsf_start(script, sock, seed);
    if (pid < 0) {
        printf("SKIP: cannot start python3 %s\n", script);
        exit(77);
    }
    if (export_path) setenv("XENSTORED_PATH", sock, 1);
    return pid;
}
#endif
