/* tests/core/test_openauth_params_events.c - the core-level calls of issue
 * 11 on the test driver: virConnectOpenAuth (flags, read-only, default
 * URI from LIBVIRT_DEFAULT_URI), virConnectGetLibVersion, the last-error
 * shortcuts, the virTypedParams helpers and the default event loop.
 * Expected values are libvirt 9.0's, measured with Debian's libvirt0 (the
 * same programs run against both in tests/programs). */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "test_common.h"
#include <pthread.h>

static void test_open_auth(void)
{
    virConnectPtr c;
    virDomainPtr d;
    unsigned long v = 0;

    c = virConnectOpenAuth("test:///default", virConnectAuthPtrDefault, 0);
    VT_CHECK(c != NULL);
    if (!c) return;
    VT_CHECK_EQ_INT(virConnectGetLibVersion(c, &v), 0);
    VT_CHECK_EQ_INT((long)v, (long)VIRT_VERSION_NUMBER);
    VT_CHECK_EQ_INT(virConnectGetLibVersion(c, NULL), -1);
    VT_CHECK_EQ_INT(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
    VT_CHECK_EQ_INT(virGetLastErrorDomain(), VIR_FROM_DOMAIN);
    VT_CHECK_EQ_STR(virGetLastErrorMessage(), "libVer in virConnectGetLibVersion must not be NULL");
    VT_CHECK_EQ_INT(virConnectGetLibVersion(NULL, &v), -1);
    VT_CHECK_EQ_INT(virGetLastErrorCode(), VIR_ERR_INVALID_CONN);
    d = virDomainLookupByName(c, "test");
    VT_CHECK(d != NULL && virDomainSuspend(d) == 0 && virDomainResume(d) == 0);   /* read-write */
    if (d) virDomainFree(d);
    virConnectClose(c);

    c = virConnectOpenAuth("test:///default", NULL, VIR_CONNECT_RO);
    VT_CHECK(c != NULL);
    if (!c) return;
    d = virDomainLookupByName(c, "test");
    VT_CHECK(d != NULL && virDomainSuspend(d) == -1);
    VT_CHECK_EQ_INT(virGetLastErrorCode(), VIR_ERR_OPERATION_DENIED);
    if (d) virDomainFree(d);
    virConnectClose(c);

    VT_CHECK(virConnectOpenAuth("test:///default", NULL, 1u << 5) == NULL);
    VT_CHECK_EQ_INT(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
    VT_CHECK(strstr(virGetLastErrorMessage(), "0x20") != NULL);
    VT_CHECK(virConnectAuthPtrDefault != NULL && virConnectAuthPtrDefault->cb != NULL);
    VT_CHECK_EQ_INT((int)virConnectAuthPtrDefault->ncredtype, 6);
}

static void test_default_uri(void)
{
    virConnectPtr c;
    char *uri;
    setenv("LIBVIRT_DEFAULT_URI", "test:///default", 1);
    c = virConnectOpenReadOnly(NULL);
    VT_CHECK(c != NULL);
    uri = c ? virConnectGetURI(c) : NULL;
    VT_CHECK_EQ_STR(uri, "test:///default");
    free(uri);
    if (c) virConnectClose(c);
    c = virConnectOpenAuth("", NULL, 0);
    VT_CHECK(c != NULL && strcmp(virConnectGetType(c), "TEST") == 0);
    if (c) virConnectClose(c);
    /* an explicit URI wins over the variable */
    setenv("LIBVIRT_DEFAULT_URI", "nosuch:///", 1);
    c = virConnectOpen("test:///default");
    VT_CHECK(c != NULL);
    if (c) virConnectClose(c);
    VT_CHECK(virConnectOpen(NULL) == NULL);   /* the variable is used, and fails */
    unsetenv("LIBVIRT_DEFAULT_URI");
}

static void test_last_error_shortcuts(void)
{
    virResetLastError();
    VT_CHECK_EQ_INT(virGetLastErrorCode(), VIR_ERR_OK);
    VT_CHECK_EQ_INT(virGetLastErrorDomain(), VIR_FROM_NONE);
    VT_CHECK_EQ_STR(virGetLastErrorMessage(), "no error");
}

static void test_typed_params(void)
{
    virTypedParameterPtr p = NULL;
    int n = 0, max = 0, iv = 0;
    unsigned long long ull = 0;
    const char *s = NULL;
    const char *list[] = { "a", "b", NULL };
    char long_name[100];

    VT_CHECK_EQ_INT(virTypedParamsAddInt(&p, &n, &max, "weight", 256), 0);
    VT_CHECK_EQ_INT(virTypedParamsAddULLong(&p, &n, &max, "cpu_time", 42), 0);
    VT_CHECK_EQ_INT(virTypedParamsAddString(&p, &n, &max, "model", "qemu64"), 0);
    VT_CHECK_EQ_INT(virTypedParamsAddBoolean(&p, &n, &max, "on", 5), 0);
    VT_CHECK_EQ_INT(n, 4);
    VT_CHECK(max >= n);
    VT_CHECK_EQ_INT(virTypedParamsGetInt(p, n, "weight", &iv), 1);
    VT_CHECK_EQ_INT(iv, 256);
    VT_CHECK_EQ_INT(virTypedParamsGetULLong(p, n, "cpu_time", &ull), 1);
    VT_CHECK_EQ_INT((int)ull, 42);
    VT_CHECK_EQ_INT(virTypedParamsGetString(p, n, "model", &s), 1);
    VT_CHECK_EQ_STR(s, "qemu64");
    VT_CHECK_EQ_INT(virTypedParamsGetBoolean(p, n, "on", &iv), 1);
    VT_CHECK_EQ_INT(iv, 1);
    VT_CHECK_EQ_INT(virTypedParamsGetInt(p, n, "missing", &iv), 0);
    VT_CHECK_EQ_INT(virTypedParamsGetInt(p, n, "model", &iv), -1);
    VT_CHECK_EQ_INT(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
    VT_CHECK_EQ_STR(virGetLastErrorMessage(),
                    "invalid argument: Invalid type 'int' requested for parameter 'model', actual type is 'string'");
    VT_CHECK(virTypedParamsGet(p, n, "on") == &p[3]);
    VT_CHECK_EQ_INT(virTypedParamsAddStringList(&p, &n, &max, "disk", list), 0);
    VT_CHECK_EQ_INT(n, 6);
    VT_CHECK_EQ_INT(virTypedParamsAddFromString(&p, &n, &max, "q", VIR_TYPED_PARAM_LLONG, "-5"), 0);
    VT_CHECK_EQ_INT(virTypedParamsAddFromString(&p, &n, &max, "x", VIR_TYPED_PARAM_INT, "12x"), -1);
    VT_CHECK_EQ_STR(virGetLastErrorMessage(), "invalid argument: Invalid value for field 'x': expected int");
    VT_CHECK_EQ_INT(virTypedParamsAddFromString(&p, &n, &max, "b", VIR_TYPED_PARAM_BOOLEAN, "maybe"), -1);
    VT_CHECK_EQ_INT(virTypedParamsAddFromString(&p, &n, &max, "t", 99, "1"), -1);
    VT_CHECK_EQ_INT(virGetLastErrorCode(), VIR_ERR_INTERNAL_ERROR);
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    VT_CHECK_EQ_INT(virTypedParamsAddInt(&p, &n, &max, long_name, 1), -1);
    VT_CHECK_EQ_INT(n, 7);
    virTypedParamsFree(p, n);
}

static int ticks, handle_events, freed;
static int pipe_fds[2];
static int tick_timer = -1;

static void on_tick(int timer, void *opaque)
{
    (void)opaque;
    VT_CHECK_EQ_INT(timer, tick_timer);
    if (++ticks == 2) VT_CHECK_EQ_INT((int)write(pipe_fds[1], "x", 1), 1);
    if (ticks == 3) virEventRemoveTimeout(timer);     /* removing itself */
}

static void on_readable(int watch, int fd, int events, void *opaque)
{
    char c;
    (void)opaque;
    handle_events = events;
    VT_CHECK_EQ_INT((int)read(fd, &c, 1), 1);
    virEventRemoveHandle(watch);
}

static void on_free(void *opaque) { (void)opaque; freed++; }
static void on_idle(int timer, void *opaque) { (void)timer; (void)opaque; ticks++; }
static void on_noop(int timer, void *opaque) { (void)timer; (void)opaque; }

static void test_event_loop(void)
{
    int i, idle, watch, last;
    VT_CHECK_EQ_INT(virEventAddTimeout(1, on_tick, NULL, NULL), -1);   /* nothing registered */
    VT_CHECK_EQ_INT(virEventRegisterDefaultImpl(), 0);
    VT_CHECK_EQ_INT(pipe(pipe_fds), 0);
    tick_timer = virEventAddTimeout(1, on_tick, NULL, on_free);
    idle = virEventAddTimeout(-1, on_idle, NULL, on_free);
    watch = virEventAddHandle(pipe_fds[0], VIR_EVENT_HANDLE_READABLE, on_readable, NULL, on_free);
    VT_CHECK_EQ_INT(tick_timer, 1);
    VT_CHECK_EQ_INT(idle, 2);
    VT_CHECK_EQ_INT(watch, 1);
    for (i = 0; i < 50 && freed < 2; i++) VT_CHECK_EQ_INT(virEventRunDefaultImpl(), 0);
    VT_CHECK_EQ_INT(ticks, 3);
    VT_CHECK_EQ_INT(handle_events, VIR_EVENT_HANDLE_READABLE);
    VT_CHECK_EQ_INT(freed, 2);               /* the timer and the handle */
    VT_CHECK_EQ_INT(virEventRemoveTimeout(tick_timer), -1);
    VT_CHECK_EQ_INT(virEventRemoveHandle(watch), -1);
    virEventUpdateTimeout(idle, 0);          /* every iteration now */
    VT_CHECK_EQ_INT(virEventRunDefaultImpl(), 0);
    VT_CHECK_EQ_INT(ticks, 4);
    VT_CHECK_EQ_INT(virEventRemoveTimeout(idle), 0);
    last = virEventAddTimeout(0, on_noop, NULL, NULL);   /* so the next run returns */
    VT_CHECK_EQ_INT(last, 3);
    VT_CHECK_EQ_INT(virEventRunDefaultImpl(), 0);
    VT_CHECK_EQ_INT(freed, 3);                           /* the removed one's free ran */
    VT_CHECK_EQ_INT(virEventRemoveTimeout(last), 0);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
}

/* A loop thread waiting in poll with nothing armed returns once another
 * thread adds a due timer (the wake-up pipe). */
static int woken;
static void on_wake(int timer, void *opaque) { (void)opaque; woken++; virEventRemoveTimeout(timer); }
static void *run_once(void *arg) { (void)arg; VT_CHECK_EQ_INT(virEventRunDefaultImpl(), 0); return NULL; }

static void test_wakeup_from_another_thread(void)
{
    pthread_t t;
    int i;
    VT_CHECK_EQ_INT(pthread_create(&t, NULL, run_once, NULL), 0);
    usleep(100 * 1000);                     /* let it reach poll: nothing is armed */
    VT_CHECK(virEventAddTimeout(0, on_wake, NULL, NULL) > 0);
    for (i = 0; i < 50 && !woken; i++) usleep(20 * 1000);
    VT_CHECK_EQ_INT(woken, 1);
    if (woken) pthread_join(t, NULL);
}

/* An application's loop: every public call goes to its callbacks. */
static int app_calls[6];
static int app_add_handle(int fd, int ev, virEventHandleCallback cb, void *o, virFreeCallback ff)
{ (void)fd; (void)ev; (void)cb; (void)o; (void)ff; app_calls[0]++; return 41; }
static void app_update_handle(int w, int ev) { (void)w; (void)ev; app_calls[1]++; }
static int app_remove_handle(int w) { app_calls[2]++; return w == 41 ? 0 : -1; }
static int app_add_timeout(int f, virEventTimeoutCallback cb, void *o, virFreeCallback ff)
{ (void)f; (void)cb; (void)o; (void)ff; app_calls[3]++; return 42; }
static void app_update_timeout(int t, int f) { (void)t; (void)f; app_calls[4]++; }
static int app_remove_timeout(int t) { app_calls[5]++; return t == 42 ? 0 : -1; }

static void test_application_loop(void)
{
    int i;
    virEventRegisterImpl(app_add_handle, app_update_handle, app_remove_handle, app_add_timeout,
                         app_update_timeout, app_remove_timeout);
    VT_CHECK_EQ_INT(virEventAddHandle(0, VIR_EVENT_HANDLE_READABLE, on_readable, NULL, NULL), 41);
    virEventUpdateHandle(41, 0);
    VT_CHECK_EQ_INT(virEventRemoveHandle(41), 0);
    VT_CHECK_EQ_INT(virEventAddTimeout(5, on_noop, NULL, NULL), 42);
    virEventUpdateTimeout(42, -1);
    VT_CHECK_EQ_INT(virEventRemoveTimeout(7), -1);
    for (i = 0; i < 6; i++) VT_CHECK_EQ_INT(app_calls[i], 1);
    VT_CHECK_EQ_INT(virEventRegisterDefaultImpl(), 0);     /* back to virt's */
    VT_CHECK(virEventAddTimeout(-1, on_noop, NULL, NULL) > 0);
    VT_CHECK_EQ_INT(app_calls[3], 1);
}

int main(void)
{
    virSetErrorFunc(NULL, vt_quiet_handler);
    test_last_error_shortcuts();
    test_open_auth();
    test_default_uri();
    test_typed_params();
    test_event_loop();
    test_wakeup_from_another_thread();
    test_application_loop();
    return vt_summary("core_openauth_params_events");
}
