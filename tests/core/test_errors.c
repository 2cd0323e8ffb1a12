/* tests/core/test_errors.c - libvirt's error API as virt implements it:
 * virGetLastError / virCopyLastError / virResetLastError / virResetError,
 * the per-connection copies (virConnGetLastError, virConnCopyLastError,
 * virConnResetLastError), the handlers (global and per connection), the
 * per-thread last error, and virDefaultErrorFunc's output on stderr
 * ("libvirt: <origin> error : <message>", with libvirt 9's origin names;
 * core_error_format compares every origin with the real libvirt). */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "test_common.h"

#include <fcntl.h>
#include <pthread.h>

/* Runs fn with stderr going to a temporary file; returns what it printed
 * (static buffer). */
static const char *capture_stderr(void (*fn)(void *), void *arg)
{
    static char out[2048];
    char path[] = "/tmp/virt-stderr-XXXXXX";
    int fd = mkstemp(path), saved;
    ssize_t n;
    out[0] = '\0';
    if (fd < 0) return out;
    fflush(stderr);
    saved = dup(2);
    dup2(fd, 2);
    fn(arg);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    lseek(fd, 0, SEEK_SET);
    n = read(fd, out, sizeof out - 1);
    out[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    return out;
}

static void print_default(void *arg)
{
    virDefaultErrorFunc((virErrorPtr)arg);
}

static void fail_a_lookup(void *arg)
{
    VT_CHECK(virDomainLookupByName((virConnectPtr)arg, "ghost") == NULL);
}

static void test_default_output(void)
{
    virError e;
    virConnectPtr c;
    const char *out;
    memset(&e, 0, sizeof e);
    e.code = VIR_ERR_NO_DOMAIN;
    e.domain = VIR_FROM_TEST;
    e.level = VIR_ERR_ERROR;
    e.message = (char *)"no domain with matching name 'x'";
    VT_CHECK_EQ_STR(capture_stderr(print_default, &e),
                    "libvirt: Test Driver error : no domain with matching name 'x'\n");
    e.domain = VIR_FROM_XEND;
    e.message = (char *)"boom";
    VT_CHECK_EQ_STR(capture_stderr(print_default, &e), "libvirt: Xen Daemon error : boom\n");
    e.level = VIR_ERR_WARNING;
    VT_CHECK_EQ_STR(capture_stderr(print_default, &e), "libvirt: Xen Daemon warning : boom\n");
    e.level = VIR_ERR_ERROR;
    e.domain = VIR_FROM_NONE;
    VT_CHECK_EQ_STR(capture_stderr(print_default, &e), "libvirt:  error : boom\n");
    e.code = VIR_ERR_OK;                                 /* nothing to print */
    VT_CHECK_EQ_STR(capture_stderr(print_default, &e), "");
    VT_CHECK_EQ_STR(capture_stderr(print_default, NULL), "");
    /* without a handler, a failing call prints through virDefaultErrorFunc */
    c = virConnectOpen("test:///default");
    VT_CHECK(c != NULL);
    if (!c) return;
    out = capture_stderr(fail_a_lookup, c);
    /* libvirt 9.0's test driver names nothing in a failed lookup */
    VT_CHECK_EQ_STR(out, "libvirt: Test Driver error : Domain not found\n");
    virConnectClose(c);
    virResetLastError();
}

static int global_calls, conn_calls;
static int last_handler_code;
static void *last_handler_data;
static void global_handler(void *data, virErrorPtr err)
{
    global_calls++;
    last_handler_code = err->code;
    last_handler_data = data;
}
static void conn_handler(void *data, virErrorPtr err)
{
    conn_calls++;
    last_handler_code = err->code;
    last_handler_data = data;
}

static void test_last_error(void)
{
    virConnectPtr c = virConnectOpen("test:///default");
    virConnectPtr other = virConnectOpen("test:///default");
    virErrorPtr e;
    virError copy;
    memset(&copy, 0, sizeof copy);
    if (!c || !other) { VT_CHECK(c && other); return; }
    virResetLastError();
    VT_CHECK(virGetLastError() == NULL);
    VT_CHECK(virConnGetLastError(c) == NULL);
    VT_CHECK_EQ_INT(virCopyLastError(&copy), 0);
    VT_CHECK_EQ_INT(copy.code, 0);

    VT_CHECK(virDomainLookupByName(c, "ghost") == NULL);
    e = virGetLastError();
    VT_CHECK(e != NULL);
    if (!e) return;
    VT_CHECK_EQ_INT(e->code, VIR_ERR_NO_DOMAIN);
    VT_CHECK_EQ_INT(e->domain, VIR_FROM_TEST);
    VT_CHECK_EQ_INT(e->level, VIR_ERR_ERROR);
    VT_CHECK(e->conn == c);
    VT_CHECK(e->message && strcmp(e->message, "Domain not found") == 0);
    /* the copy is deep: it survives the next error and a reset */
    VT_CHECK_EQ_INT(virCopyLastError(&copy), VIR_ERR_NO_DOMAIN);
    VT_CHECK(copy.message != e->message);
    VT_CHECK(copy.message && strcmp(copy.message, "Domain not found") == 0);
    /* a different error next (libvirt's wording names neither value) */
    VT_CHECK(virDomainLookupByUUIDString(c, "not-a-uuid-77") == NULL);
    VT_CHECK(strcmp(copy.message, "Domain not found") == 0);
    VT_CHECK(strcmp(virGetLastError()->message, "Invalid UUID") == 0);
    virResetError(&copy);
    VT_CHECK(copy.message == NULL);
    VT_CHECK_EQ_INT(copy.code, 0);
    virResetError(NULL);                                 /* harmless */
    VT_CHECK_EQ_INT(virCopyLastError(NULL), -1);

    /* the connection keeps its own last error */
    e = virConnGetLastError(c);
    VT_CHECK(e != NULL);
    if (e) VT_CHECK_EQ_INT(e->code, VIR_ERR_INVALID_ARG);
    VT_CHECK(virConnGetLastError(other) == NULL);        /* not another connection's */
    VT_CHECK_EQ_INT(virConnCopyLastError(c, &copy), VIR_ERR_INVALID_ARG);
    VT_CHECK(copy.message && strcmp(copy.message, "Invalid UUID") == 0);
    virResetError(&copy);
    VT_CHECK_EQ_INT(virConnCopyLastError(other, &copy), 0);
    VT_CHECK_EQ_INT(virConnCopyLastError(NULL, &copy), -1);
    VT_CHECK_EQ_INT(virConnCopyLastError(c, NULL), -1);
    virConnResetLastError(c);
    VT_CHECK(virConnGetLastError(c) == NULL);
    VT_CHECK(virGetLastError() != NULL);                 /* the thread's is separate */
    virResetLastError();
    VT_CHECK(virGetLastError() == NULL);
    VT_CHECK(virConnGetLastError(NULL) == NULL);
    virConnResetLastError(NULL);                         /* harmless */

    /* the error names the domain when a domain call fails */
    {
        virDomainPtr d = virDomainLookupByName(c, "test");
        VT_CHECK_EQ_INT(virDomainResume(d), -1);
        e = virGetLastError();
        /* libvirt 9.0's test driver: VIR_ERR_INTERNAL_ERROR, "domain 'test' not paused" */
        VT_CHECK(e && e->dom == d && e->code == VIR_ERR_INTERNAL_ERROR);
        virDomainFree(d);
    }

    /* handlers: the connection's overrides the global one for its errors */
    global_calls = conn_calls = 0;
    virSetErrorFunc((void *)&global_calls, global_handler);
    VT_CHECK(virDomainLookupByName(c, "ghost") == NULL);
    VT_CHECK_EQ_INT(global_calls, 1);
    VT_CHECK_EQ_INT(last_handler_code, VIR_ERR_NO_DOMAIN);
    VT_CHECK(last_handler_data == (void *)&global_calls);
    virConnSetErrorFunc(c, (void *)&conn_calls, conn_handler);
    VT_CHECK(virDomainLookupByName(c, "ghost") == NULL);
    VT_CHECK_EQ_INT(conn_calls, 1);
    VT_CHECK_EQ_INT(global_calls, 1);
    VT_CHECK(last_handler_data == (void *)&conn_calls);
    VT_CHECK(virDomainLookupByName(other, "ghost") == NULL);  /* other conn: global */
    VT_CHECK_EQ_INT(global_calls, 2);
    VT_CHECK(virConnectOpen("nosuchscheme://x/") == NULL);    /* no conn: global */
    VT_CHECK_EQ_INT(global_calls, 3);
    VT_CHECK_EQ_INT(last_handler_code, VIR_ERR_NO_SUPPORT);
    virConnSetErrorFunc(c, NULL, NULL);
    VT_CHECK(virDomainLookupByName(c, "ghost") == NULL);
    VT_CHECK_EQ_INT(global_calls, 4);
    virConnSetErrorFunc(NULL, NULL, conn_handler);           /* harmless */
    virSetErrorFunc(NULL, vt_quiet_handler);
    virConnectClose(c);
    virConnectClose(other);
    virResetLastError();
}

/* The last error is per thread: another thread's failure does not show
 * here, and its own error is its own. */
typedef struct thread_result {
    virConnectPtr conn;
    int code_seen;
    int main_error_visible;
} thread_result;

static void *thread_fails(void *arg)
{
    thread_result *r = (thread_result *)arg;
    r->main_error_visible = virGetLastError() != NULL;
    (void)virDomainLookupByUUIDString(r->conn, "bad");   /* not main's error */
    r->code_seen = vt_last_code();
    virResetLastError();
    return NULL;
}

static void test_thread_local(void)
{
    virConnectPtr c = virConnectOpen("test:///default");
    pthread_t t;
    thread_result r;
    if (!c) { VT_CHECK(c != NULL); return; }
    memset(&r, 0, sizeof r);
    r.conn = c;
    VT_CHECK(virDomainLookupByName(c, "ghost") == NULL);
    VT_CHECK_EQ_INT(pthread_create(&t, NULL, thread_fails, &r), 0);
    pthread_join(t, NULL);
    VT_CHECK_EQ_INT(r.main_error_visible, 0);
    VT_CHECK_EQ_INT(r.code_seen, VIR_ERR_INVALID_ARG);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_DOMAIN);     /* still main's own */
    VT_CHECK(strcmp(vt_last_message(), "Domain not found") == 0);
    virResetLastError();
    virConnectClose(c);
}

int main(void)
{
    test_default_output();
    virSetErrorFunc(NULL, vt_quiet_handler);
    test_last_error();
    test_thread_local();
    return vt_summary("core_errors");
}
