/* tests/xend/fake_spawn.h - start and stop tests/xend/fake_xend.py from a C
 * test: a private temporary folder, a unix socket or a loopback TCP port. */
#ifndef VIRT_FAKE_SPAWN_H
#define VIRT_FAKE_SPAWN_H
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct fake_xend {
    pid_t pid;
    char dir[256];        /* private temporary folder */
    char sock[300];       /* unix socket path ("" for TCP) */
    int port;             /* TCP port (0 for unix) */
    char uri[512];        /* a URI for virConnectOpen */
} fake_xend;

static void fake_sleep_ms(int ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* Starts the fake: tcp_host NULL for a unix socket. extra: NULL-terminated
 * fake_xend.py arguments. Returns 0, or -1 (message printed). */
static int fake_start(fake_xend *f, const char *python, const char *script, const char *tcp_host,
                      const char *const *extra)
{
    const char *argv[32];
    char portfile[320];
    int n = 0, i;
    memset(f, 0, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/virt-xend-test.XXXXXX");
    if (!mkdtemp(f->dir)) { perror("mkdtemp"); return -1; }
    snprintf(f->sock, sizeof f->sock, "%s/xend-socket", f->dir);
    snprintf(portfile, sizeof portfile, "%s/port", f->dir);
    argv[n++] = python;
    argv[n++] = script;
    if (tcp_host) {
        argv[n++] = "--tcp"; argv[n++] = tcp_host;
        argv[n++] = "--port-file"; argv[n++] = portfile;
    } else {
        argv[n++] = "--unix"; argv[n++] = f->sock;
    }
    for (i = 0; extra && extra[i] && n < 30; i++) argv[n++] = extra[i];
    argv[n] = NULL;
    f->pid = fork();
    if (f->pid < 0) { perror("fork"); return -1; }
    if (f->pid == 0) {
        execvp(python, (char *const *)argv);
        perror("exec python3");
        _exit(127);
    }
    for (i = 0; i < 1000; i++) {          /* up to 10 s for python to start */
        struct stat sb;
        int status;
        if (waitpid(f->pid, &status, WNOHANG) == f->pid) {
            fprintf(stderr, "fake_xend.py exited early (status %d)\n", status);
            f->pid = 0;
            return -1;
        }
        if (tcp_host) {
            FILE *pf = fopen(portfile, "r");
            if (pf) {
                if (fscanf(pf, "%d", &f->port) == 1) {
                    fclose(pf);
                    f->sock[0] = '\0';
                    if (strchr(tcp_host, ':')) snprintf(f->uri, sizeof f->uri, "http://[%s]:%d/", tcp_host, f->port);
                    else snprintf(f->uri, sizeof f->uri, "http://%s:%d/", tcp_host, f->port);
                    return 0;
                }
                fclose(pf);
            }
        } else if (stat(f->sock, &sb) == 0) {
            snprintf(f->uri, sizeof f->uri, "%s", f->sock);
            return 0;
        }
        fake_sleep_ms(10);
    }
    fprintf(stderr, "fake_xend.py did not start listening\n");
    kill(f->pid, SIGKILL);
    waitpid(f->pid, NULL, 0);
    f->pid = 0;
    return -1;
}

static void fake_stop(fake_xend *f)
{
    char cmd[400];
    if (f->pid > 0) {
        kill(f->pid, SIGTERM);
        waitpid(f->pid, NULL, 0);
        f->pid = 0;
    }
    if (f->dir[0] && strncmp(f->dir, "/tmp/virt-xend-test.", 20) == 0) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", f->dir);
    }
}
#endif
