/* tests/xend/test_hostile.c - the xend backend's protocol code against
 * hostile peers (issue 15).
 *
 *   stall      a reply that stops half way: VIRT_E_TIMEOUT within the
 *              endpoint's timeout, the message counting the bytes that did
 *              arrive (item 7)
 *   chunks     20 MiB of 1-byte chunks (RFC 7230 section 4.1: chunk-size
 *              line, data, CRLF; a 0-size chunk and an empty line end it):
 *              the client's CPU stays linear in the size (item 5; the
 *              quadratic re-parse took about 6 s of CPU here)
 *   error text an error body with ESC sequences and a newline (xend's
 *              (xend.err '...') in Python repr, as SrvBase writes it): the
 *              virt_status message has them escaped (item 10)
 *   devices    a record with more devices than VIRT_XML_MAX_DEVICES: the
 *              error names the limit (item 6; it said "out of memory")
 *
 * Each server is a forked child on a unix socket, so the CPU measured with
 * getrusage(RUSAGE_SELF) is the client's alone. */
#define _GNU_SOURCE 1
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"

typedef void (*serve_fn)(int fd);

static char sock_path[108];

static void read_request_head(int fd)
{
    char buf[4096];
    size_t len = 0;
    while (len < sizeof buf - 1) {
        ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);
        if (n <= 0) return;
        len += (size_t)n;
        buf[len] = '\0';
        if (strstr(buf, "\r\n\r\n")) return;
    }
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) return;
        p += w;
        n -= (size_t)w;
    }
}

/* Forks a server answering one connection with serve; returns its pid. */
static pid_t start_server(serve_fn serve)
{
    struct sockaddr_un sa;
    int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    pid_t pid;
    snprintf(sock_path, sizeof sock_path, "/tmp/virt-http-hostile-%ld.sock", (long)getpid());
    unlink(sock_path);
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, sock_path, strlen(sock_path) + 1);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(lfd, 4) < 0) {
        perror("server socket");
        exit(1);
    }
    pid = fork();
    if (pid == 0) {
        int fd = accept(lfd, NULL, NULL);
        if (fd >= 0) {
            read_request_head(fd);
            serve(fd);
            close(fd);
        }
        _exit(0);
    }
    close(lfd);
    return pid;
}

static void stop_server(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    unlink(sock_path);
}

static void serve_stall(int fd)
{
    static const char part[] = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n(domain";
    write_all(fd, part, sizeof part - 1);
    sleep(30);                             /* killed by the test */
}

static void test_stall(void)
{
    virt_http_endpoint ep;
    virt_http_response r;
    virt_status st;
    pid_t pid = start_server(serve_stall);
    char want[64];
    VT_CHECK_EQ_INT(virt_http_endpoint_unix(&ep, sock_path, &st), VIRT_OK);
    ep.timeout_ms = 300;
    VT_CHECK_EQ_INT(virt_http_request(&ep, "GET", "/xend/domain", NULL, NULL, 0, &r, &st), VIRT_E_TIMEOUT);
    snprintf(want, sizeof want, "(%zu bytes received)",
             sizeof "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n(domain" - 1);
    VT_CHECK(strstr(st.message, want) != NULL);
    if (!strstr(st.message, want)) fprintf(stderr, "  message: %s\n", st.message);
    stop_server(pid);
}

#define CHUNK_WIRE_BYTES ((size_t)20 * 1024 * 1024)

static void serve_tiny_chunks(int fd)
{
    static const char head[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    size_t nchunks = CHUNK_WIRE_BYTES / 6, i;
    char *wire = (char *)malloc(CHUNK_WIRE_BYTES);
    if (!wire) return;
    for (i = 0; i < nchunks; i++) memcpy(wire + 6 * i, "1\r\nx\r\n", 6);
    write_all(fd, head, sizeof head - 1);
    write_all(fd, wire, 6 * nchunks);
    write_all(fd, "0\r\n\r\n", 5);
    free(wire);
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
           ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

static void test_tiny_chunks(void)
{
    virt_http_endpoint ep;
    virt_http_response r;
    virt_status st;
    pid_t pid = start_server(serve_tiny_chunks);
    double t0, cpu;
    int rc;
    VT_CHECK_EQ_INT(virt_http_endpoint_unix(&ep, sock_path, &st), VIRT_OK);
    t0 = cpu_seconds();
    rc = virt_http_request(&ep, "GET", "/xend/domain", NULL, NULL, 0, &r, &st);
    cpu = cpu_seconds() - t0;
    VT_CHECK_EQ_INT(rc, VIRT_OK);
    if (rc != VIRT_OK) fprintf(stderr, "  %s\n", st.message);
    if (rc == VIRT_OK) {
        VT_CHECK_EQ_INT(r.body_len, CHUNK_WIRE_BYTES / 6);
        VT_CHECK(r.body[0] == 'x' && r.body[r.body_len - 1] == 'x');
        virt_http_response_free(&r);
    }
    printf("chunks: %zu MiB of 1-byte chunks decoded in %.3f s of CPU\n", CHUNK_WIRE_BYTES >> 20, cpu);
    VT_CHECK(cpu < 1.5);                   /* linear: ~0.1 s; quadratic: ~6 s */
    stop_server(pid);
}

static void serve_hostile_error(int fd)
{
    static const char reply[] = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/sxp\r\n"
                                "Content-Length: 40\r\n\r\n(xend.err '\\x1b[2J\\x1b[31mEVIL\\nroot# ')";
    write_all(fd, reply, sizeof reply - 1);
}

static void test_error_text(void)
{
    virt_http_endpoint ep;
    virt_sxp_doc *doc = NULL;
    virt_status st;
    pid_t pid = start_server(serve_hostile_error);
    const char *m;
    int clean = 1;
    VT_CHECK_EQ_INT(virt_http_endpoint_unix(&ep, sock_path, &st), VIRT_OK);
    VT_CHECK(virt_xend_get(&ep, "/xend/domain/x", &doc, &st) != VIRT_OK);
    for (m = st.message; *m; m++) if ((unsigned char)*m < 0x20 || *m == 0x7f) clean = 0;
    VT_CHECK(clean);
    VT_CHECK(strstr(st.message, "\\x1b[31mEVIL\\nroot# ") != NULL);
    if (!clean || !strstr(st.message, "EVIL")) fprintf(stderr, "  message: %s\n", st.message);
    virt_sxp_doc_free(doc);
    stop_server(pid);
}

/* More devices than a definition holds. */
static void test_device_limit(void)
{
    virt_status st;
    char *xml = NULL, *sxp;
    size_t cap = 128 + (VIRT_XML_MAX_DEVICES + 1) * 64, len;
    int i, rc;
    sxp = (char *)malloc(cap);
    if (!sxp) return;
    len = (size_t)snprintf(sxp, cap, "(domain (domid 5) (name many) (memory 64) (image (linux (kernel /k)))");
    for (i = 0; i <= VIRT_XML_MAX_DEVICES; i++)
        len += (size_t)snprintf(sxp + len, cap - len, "(device (vif (mac 00:16:3e:00:%02x:%02x)))",
                                i >> 8, i & 0xff);
    snprintf(sxp + len, cap - len, ")");
    rc = virt_xend_sxp_to_xml(sxp, (size_t)-1, 2, &xml, &st);
    VT_CHECK_EQ_INT(rc, VIRT_E_LIMIT);
    VT_CHECK(strstr(st.message, "VIRT_XML_MAX_DEVICES") != NULL);
    if (rc == VIRT_OK) VIRT_FREE(xml);
    else if (!strstr(st.message, "VIRT_XML_MAX_DEVICES")) fprintf(stderr, "  message: %s\n", st.message);
    free(sxp);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    test_stall();
    test_tiny_chunks();
    test_error_text();
    test_device_limit();
    return vt_summary("xend_hostile");
}
