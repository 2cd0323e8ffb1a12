/* tests/core/test_threads.c - several threads on ONE connection at once:
 * lookups (which must all hand out the same object), info, suspend/resume
 * races (each call either works or fails with libvirt 9.0's VIR_ERR_INTERNAL_ERROR),
 * per-thread transient domains created and destroyed, errors (each
 * thread's last error is its own), and an event thread polling meanwhile.
 * The odd threads use a second connection to test:///default: the two
 * share the node (as in libvirt), so their calls race on it too.
 * Also built with -fsanitize=thread (core_threads_tsan) when available. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "test_common.h"

#include <pthread.h>
#include <time.h>

#define NTHREADS 4
#define ROUNDS 300

typedef struct worker {
    virConnectPtr conn;
    virDomainPtr shared;        /* the main thread's handle of "test" */
    int index;
    int failures;               /* checks that failed in this thread */
    int suspends, resumes;
} worker;

static volatile int events_stop = 0;
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static int events_delivered = 0;

#define W_CHECK(w, cond)                                                       \
    do { if (!(cond)) { (w)->failures++;                                       \
        fprintf(stderr, "thread %d: %s:%d: FAILED: %s\n", (w)->index, __FILE__, __LINE__, #cond); } \
    } while (0)

static void lookups(worker *w)
{
    virDomainPtr a = virDomainLookupByName(w->conn, "test");
    virDomainPtr b = virDomainLookupByUUIDString(w->conn, "6695eb01-f6a4-8304-79aa-97f2502e193f");
    virDomainInfo info;
    W_CHECK(w, a == w->shared && b == w->shared);
    W_CHECK(w, virDomainGetInfo(a, &info) == 0);
    W_CHECK(w, info.maxMem == 8388608);
    W_CHECK(w, strcmp(virDomainGetName(a), "test") == 0);
    if (a) virDomainFree(a);
    if (b) virDomainFree(b);
}

/* Another thread may have suspended (resumed) the domain first: then the
 * call fails with libvirt 9.0 test driver's code for a domain in the wrong
 * state, VIR_ERR_INTERNAL_ERROR ("domain 'test' not running" / "not paused"). */
static void suspend_resume(worker *w)
{
    if (virDomainSuspend(w->shared) == 0) w->suspends++;
    else W_CHECK(w, vt_last_code() == VIR_ERR_INTERNAL_ERROR);
    if (virDomainResume(w->shared) == 0) w->resumes++;
    else W_CHECK(w, vt_last_code() == VIR_ERR_INTERNAL_ERROR);
    virResetLastError();
}

static void own_domain(worker *w, int round)
{
    char name[32], uuid[40];
    char *xml;
    virDomainPtr d;
    snprintf(name, sizeof name, "w%d-%d", w->index, round);
    snprintf(uuid, sizeof uuid, "%08x-0000-4000-8000-%012x", (unsigned)w->index, (unsigned)round);
    xml = vt_domain_xml(name, uuid, 65536, 32768, 1, "destroy", "restart");
    d = virDomainCreateXML(w->conn, xml, 0);
    free(xml);
    W_CHECK(w, d != NULL);
    if (!d) return;
    W_CHECK(w, virDomainSetMemory(d, 16384) == 0);
    W_CHECK(w, virDomainDestroy(d) == 0);
    virDomainFree(d);
}

static void errors(worker *w, int round)
{
    char name[32];
    snprintf(name, sizeof name, "ghost-%d-%d", w->index, round);
    /* libvirt's lookup errors name nothing: odd and even threads fail
     * differently, and each must see its own kind */
    if (w->index % 2) {
        W_CHECK(w, virDomainLookupByName(w->conn, name) == NULL);
        W_CHECK(w, vt_last_code() == VIR_ERR_NO_DOMAIN);
        W_CHECK(w, strcmp(vt_last_message(), "Domain not found") == 0);
    } else {
        W_CHECK(w, virDomainLookupByUUIDString(w->conn, name) == NULL);
        W_CHECK(w, vt_last_code() == VIR_ERR_INVALID_ARG);
        W_CHECK(w, strcmp(vt_last_message(), "Invalid UUID") == 0);
    }
    virResetLastError();
}

static void *work(void *arg)
{
    worker *w = (worker *)arg;
    int round;
    for (round = 0; round < ROUNDS; round++) {
        lookups(w);
        suspend_resume(w);
        if (round % 10 == 0) own_domain(w, round);
        errors(w, round);
    }
    return NULL;
}

static void count_event(virConnectPtr conn, virDomainPtr dom, int event, unsigned long long detail,
                        void *opaque)
{
    virDomainInfo info;
    (void)event; (void)detail; (void)opaque; (void)conn;
    (void)virDomainGetInfo(dom, &info);                  /* callbacks may call the API */
    virResetLastError();
    pthread_mutex_lock(&count_lock);
    events_delivered++;
    pthread_mutex_unlock(&count_lock);
}

static void *poll_events(void *arg)
{
    virConnectPtr c = (virConnectPtr)arg;
    int stop = 0;
    while (!stop) {
        (void)virt_domain_event_poll(c, 5);
        pthread_mutex_lock(&count_lock);
        stop = events_stop;
        pthread_mutex_unlock(&count_lock);
    }
    (void)virt_domain_event_poll(c, 0);
    return NULL;
}

/* A poll without a time limit returns once another thread changes state. */
static void *suspend_later(void *arg)
{
    struct timespec ts;
    ts.tv_sec = 0;
    ts.tv_nsec = 30 * 1000000L;
    nanosleep(&ts, NULL);
    (void)virDomainSuspend((virDomainPtr)arg);
    return NULL;
}

int main(void)
{
    virConnectPtr c, c2;
    pthread_t threads[NTHREADS], poller;
    worker workers[NTHREADS];
    virDomainInfo info;
    int i, suspends = 0, resumes = 0;
    virSetErrorFunc(NULL, vt_quiet_handler);
    c = virConnectOpen("test:///default");
    VT_CHECK(c != NULL);
    if (!c) return vt_summary("core_threads");
    c2 = virConnectOpen("test:///default");
    VT_CHECK(c2 != NULL);
    if (!c2) return vt_summary("core_threads");
    VT_CHECK_EQ_INT(virt_domain_event_register(c, count_event, NULL), 0);
    VT_CHECK_EQ_INT(pthread_create(&poller, NULL, poll_events, c), 0);
    for (i = 0; i < NTHREADS; i++) {
        memset(&workers[i], 0, sizeof workers[i]);
        workers[i].conn = i % 2 ? c2 : c;
        workers[i].index = i;
        workers[i].shared = virDomainLookupByName(workers[i].conn, "test");
        VT_CHECK(workers[i].shared != NULL);
    }
    for (i = 0; i < NTHREADS; i++)
        VT_CHECK_EQ_INT(pthread_create(&threads[i], NULL, work, &workers[i]), 0);
    for (i = 0; i < NTHREADS; i++) {
        pthread_join(threads[i], NULL);
        VT_CHECK_EQ_INT(workers[i].failures, 0);
        suspends += workers[i].suspends;
        resumes += workers[i].resumes;
    }
    pthread_mutex_lock(&count_lock);
    events_stop = 1;
    pthread_mutex_unlock(&count_lock);
    pthread_join(poller, NULL);
    /* every suspend was matched by a resume: the domain ends up running */
    VT_CHECK(suspends > 0);
    VT_CHECK_EQ_INT(suspends, resumes);
    VT_CHECK_EQ_INT(virDomainGetInfo(workers[0].shared, &info), 0);
    VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_RUNNING);
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 1);     /* the per-thread domains are gone */
    VT_CHECK(events_delivered > 0);
    printf("threads: %d suspends, %d resumes, %d events delivered\n", suspends, resumes, events_delivered);
    {
        pthread_t waker;
        int before = events_delivered;
        VT_CHECK_EQ_INT(pthread_create(&waker, NULL, suspend_later, workers[0].shared), 0);
        VT_CHECK(virt_domain_event_poll(c, -1) >= 1);
        pthread_join(waker, NULL);
        VT_CHECK(events_delivered > before);
        VT_CHECK_EQ_INT(virDomainGetInfo(workers[0].shared, &info), 0);
        VT_CHECK_EQ_INT(info.state, VIR_DOMAIN_PAUSED);
    }
    for (i = 0; i < NTHREADS; i++) virDomainFree(workers[i].shared);
    VT_CHECK_EQ_INT(virConnectClose(c2), 0);
    VT_CHECK_EQ_INT(virConnectClose(c), 0);
    return vt_summary("core_threads");
}
