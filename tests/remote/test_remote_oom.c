/* tests/remote/test_remote_oom.c - every allocation of the protocol
 * library's client fails in turn (allocator hooks, the client's thread
 * only) during one scenario against a fake daemon: open a client, a string
 * reply, an error reply, LIST_ALL_DOMAINS with three domains, a queued
 * event. Each run must fail cleanly (an error code, no crash); ASan and
 * valgrind (label memcheck) check that nothing leaks on any path. */
#define _DEFAULT_SOURCE 1          /* POSIX declarations: system headers come first here */
#include <pthread.h>
#include <stdlib.h>
static pthread_t oom_thread;
static long oom_countdown = -1;       /* fail the allocation when it hits 0 */
static int oom_hit;
static int oom_fail(void)
{
    if (!pthread_equal(pthread_self(), oom_thread) || oom_countdown < 0) return 0;
    if (oom_countdown-- == 0) { oom_hit = 1; return 1; }
    return 0;
}
static void *oom_malloc(size_t n) { return oom_fail() ? NULL : malloc(n); }
static void *oom_realloc(void *p, size_t n) { return oom_fail() ? NULL : realloc(p, n); }
#define VIRT_MALLOC(n) oom_malloc(n)
#define VIRT_REALLOC(p, n) oom_realloc((p), (n))
#define VIRT_FREE(p) free(p)
#define VIRT_IMPLEMENTATION
#include "virt_remote.h"
#include "../virt_test.h"

/* The fake daemon (virnetprotocol.x framing, built by hand on the stack so
 * that the hooks never touch it). */
static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24); p[1] = (unsigned char)(v >> 16); p[2] = (unsigned char)(v >> 8); p[3] = (unsigned char)v;
}

static int read_full(int fd, unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = recv(fd, buf + got, n - got, 0);
        if (r <= 0) return -1;
        got += (size_t)r;
    }
    return 0;
}

/* Reads one call; sends type/status/payload back with its serial. */
static int answer(int fd, int32_t type, int32_t status, const unsigned char *payload, size_t len)
{
    unsigned char in[4096], out[4096];
    uint32_t n;
    if (read_full(fd, in, 4) < 0) return -1;
    n = virt__be32(in);
    if (n < 28 || n > sizeof in || read_full(fd, in + 4, n - 4) < 0) return -1;
    memcpy(out, in, 28);
    put32(out, (uint32_t)(28 + len));
    put32(out + 16, (uint32_t)type);
    put32(out + 24, (uint32_t)status);
    memcpy(out + 28, payload, len);
    return send(fd, out, 28 + len, MSG_NOSIGNAL) == (ssize_t)(28 + len) ? 0 : -1;
}

static void *fake(void *arg)
{
    int fd = *(int *)arg;
    static const unsigned char type_ret[] = {0, 0, 0, 4, 'T', 'E', 'S', 'T'};
    static const unsigned char error_ret[] = {
        0, 0, 0, 42, 0, 0, 0, 12, 0, 0, 0, 1, 0, 0, 0, 3, 'n', 'o', 'p', 0, 0, 0, 0, 2, 0, 0, 0, 0,
        0, 0, 0, 1, 0, 0, 0, 1, 'x', 0, 0, 0,     /* str1 "x" */
        0, 0, 0, 0, 0, 0, 0, 0,                   /* str2, str3: NULL */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};      /* int1, int2, net: NULL */
    unsigned char list[4 + 3 * 28 + 4], ev[4 + 28 + 8], pkt[28 + sizeof ev];
    size_t i;
    memset(list, 0, sizeof list);
    put32(list, 3);
    for (i = 0; i < 3; i++) { put32(list + 4 + i * 28, 3); memcpy(list + 8 + i * 28, "dom", 3); put32(list + 28 + i * 28, (uint32_t)i); }
    put32(list + 4 + 3 * 28, 3);
    memset(ev, 0, sizeof ev);
    put32(ev + 4, 3); memcpy(ev + 8, "dom", 3); put32(ev + 32, 2);
    memset(pkt, 0, 28);
    put32(pkt, sizeof pkt); put32(pkt + 4, VIRT_RPC_PROG_REMOTE); put32(pkt + 8, 1);
    put32(pkt + 12, VIRT_RPC_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE); put32(pkt + 16, VIRT_RPC_MESSAGE);
    memcpy(pkt + 28, ev, sizeof ev);
    if (answer(fd, VIRT_RPC_REPLY, VIRT_RPC_OK, type_ret, sizeof type_ret) < 0) return NULL;
    if (answer(fd, VIRT_RPC_REPLY, VIRT_RPC_ERROR, error_ret, sizeof error_ret) < 0) return NULL;
    if (send(fd, pkt, sizeof pkt, MSG_NOSIGNAL) != (ssize_t)sizeof pkt) return NULL;
    (void)answer(fd, VIRT_RPC_REPLY, VIRT_RPC_OK, list, sizeof list);
    return NULL;
}

/* The scenario; 1 when every step succeeded. */
static int scenario(void)
{
    int sv[2], ok = 0;
    pthread_t t;
    virt_rpc_client *c;
    virt_rpc_error err;
    virt_rpc_domain *doms = NULL;
    virt_rpc_event ev;
    virt_status st;
    unsigned int n = 0;
    char *s = NULL;
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) return 0;
    pthread_create(&t, NULL, fake, &sv[1]);
    c = virt_rpc_connect_fd(sv[0], &st);
    if (!c) { close(sv[0]); shutdown(sv[1], SHUT_RDWR); pthread_join(t, NULL); close(sv[1]); return 0; }
    if (virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_TYPE, &s, &err, &st) == VIRT_OK) ok++;
    free(s);
    if (virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_TYPE, &s, &err, &st) == VIRT_E_REMOTE) {
        ok += err.code == 42 && err.str1 && strcmp(err.str1, "x") == 0;
        virt_rpc_error_free(&err);
    }
    if (virt_rpc_list_all_domains(c, 0, &doms, &n, &err, &st) == VIRT_OK) {
        ok += n == 3 && doms[2].id == 2 && strcmp(doms[0].name, "dom") == 0;
        virt_rpc_domains_free(doms, n);
    }
    if (virt_rpc_next_event(c, 0, &ev, &st) == VIRT_OK) { ok++; free(ev.payload); }
    shutdown(sv[1], SHUT_RDWR);
    virt_rpc_close(c);
    pthread_join(t, NULL);
    close(sv[1]);
    return ok == 4;
}

int main(void)
{
    long n;
    int completed = 0;
    oom_thread = pthread_self();
    VT_CHECK(scenario());                       /* no failures: it all works */
    for (n = 0; n < 200 && !completed; n++) {
        oom_countdown = n;
        oom_hit = 0;
        completed = scenario() && !oom_hit;
        if (!completed) VT_CHECK(oom_hit);      /* a failed run was caused by the injected failure */
    }
    oom_countdown = -1;
    VT_CHECK(completed);
    printf("allocations in the scenario: %ld\n", n - 1);
    return vt_summary("remote_oom");
}
