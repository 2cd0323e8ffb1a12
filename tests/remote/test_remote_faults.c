/* tests/remote/test_remote_faults.c - virt_remote.h's protocol library
 * alone (no virt.h) against a fake daemon running in a thread on a
 * socketpair. The fake speaks the wire format of virnetprotocol.x (length
 * word, 24-byte header) and remote_protocol.x payloads, and produces the
 * faults a real libvirtd cannot be made to: silence, bad lengths, wrong
 * serials, floods, huge XDR counts. */
#define VIRT_IMPLEMENTATION
#include "virt_remote.h"
#include "../virt_test.h"
#include <pthread.h>
#include <time.h>

/* >>fake daemon */

typedef struct fake {
    int fd;
    int (*body)(struct fake *f);
    int pongs;                       /* PONGs the client sent */
    int rc;
} fake;

static int read_full(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = recv(fd, (char *)buf + got, n - got, 0);
        if (r <= 0) return -1;
        got += (size_t)r;
    }
    return 0;
}

/* The next CALL (PONGs are counted and skipped); payload into buf. */
static int fake_read_call(fake *f, virt_rpc_header *h, unsigned char *buf, size_t cap, size_t *len)
{
    for (;;) {
        unsigned char lw[4];
        unsigned char pkt[65536];
        uint32_t n;
        const unsigned char *payload;
        size_t plen;
        if (read_full(f->fd, lw, 4) < 0) return -1;
        n = virt__be32(lw);
        if (n < 28 || n > sizeof pkt) return -1;
        memcpy(pkt, lw, 4);
        if (read_full(f->fd, pkt + 4, n - 4) < 0) return -1;
        if (virt_rpc_packet_parse(pkt, n, h, &payload, &plen, NULL) != VIRT_OK) return -1;
        if (h->prog == VIRT_RPC_PROG_KEEPALIVE) { if (h->proc == VIRT_RPC_KEEPALIVE_PONG) f->pongs++; continue; }
        if (plen > cap) return -1;
        memcpy(buf, payload, plen);
        if (len) *len = plen;
        return 0;
    }
}

static int fake_send(fake *f, uint32_t prog, int32_t proc, int32_t type, uint32_t serial, int32_t status,
                     const virt_xdr_out *payload)
{
    virt_rpc_header h;
    virt_xdr_out pkt;
    int rc;
    memset(&pkt, 0, sizeof pkt);
    h.prog = prog; h.vers = 1; h.proc = proc; h.type = type; h.serial = serial; h.status = status;
    rc = virt_rpc_packet_build(&pkt, &h, payload ? payload->data : NULL, payload ? payload->len : 0, NULL);
    if (rc == VIRT_OK && send(f->fd, pkt.data, pkt.len, MSG_NOSIGNAL) != (ssize_t)pkt.len) rc = -1;
    virt_xdr_out_free(&pkt);
    return rc;
}

static int fake_reply(fake *f, const virt_rpc_header *call, const virt_xdr_out *payload)
{
    return fake_send(f, call->prog, call->proc, VIRT_RPC_REPLY, call->serial, VIRT_RPC_OK, payload);
}

static void *fake_thread(void *arg)
{
    fake *f = (fake *)arg;
    f->rc = f->body(f);
    shutdown(f->fd, SHUT_RDWR);
    return NULL;
}

/* A client on one end of a socketpair, the fake on the other. */
static virt_rpc_client *start(fake *f, int (*body)(fake *), pthread_t *t)
{
    int sv[2];
    virt_status st;
    memset(f, 0, sizeof *f);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) return NULL;
    f->fd = sv[1];
    f->body = body;
    pthread_create(t, NULL, fake_thread, f);
    return virt_rpc_connect_fd(sv[0], &st);
}

static void finish(fake *f, virt_rpc_client *c, pthread_t t)
{
    virt_rpc_close(c);
    pthread_join(t, NULL);
    close(f->fd);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* >>XDR */

static void xdr_roundtrip(void)
{
    virt_xdr_out o;
    virt_xdr_in x;
    static const unsigned char uuid[16] = {0x66, 0x95, 0xeb, 1, 0xf6, 0xa4, 0x83, 4, 0x79, 0xaa, 0x97, 0xf2, 0x50, 0x2e, 0x19, 0x3f};
    virt_rpc_domain d;
    char *s, *n;
    memset(&o, 0, sizeof o);
    virt_xdr_put_u32(&o, 0xdeadbeefu);
    virt_xdr_put_i32(&o, -5);
    virt_xdr_put_u64(&o, 0x0102030405060708ull);
    virt_xdr_put_string(&o, "abcde");               /* 4 + 5 + 3 padding */
    virt_xdr_put_opt_string(&o, NULL);
    virt_xdr_put_domain(&o, "test", uuid, 1);
    VT_CHECK_EQ_INT(o.failed, 0);
    VT_CHECK_EQ_INT(o.len, 4 + 4 + 8 + 12 + 4 + (8 + 16 + 4));
    VT_CHECK(memcmp(o.data + 16, "\0\0\0\5abcde\0\0\0", 12) == 0);
    virt_xdr_in_init(&x, o.data, o.len);
    VT_CHECK_EQ_INT(virt_xdr_get_u32(&x), 0xdeadbeefu);
    VT_CHECK_EQ_INT(virt_xdr_get_i32(&x), -5);
    VT_CHECK(virt_xdr_get_u64(&x) == 0x0102030405060708ull);
    s = virt_xdr_get_string(&x, 100);
    VT_CHECK_EQ_STR(s, "abcde");
    n = virt_xdr_get_opt_string(&x, 100);
    VT_CHECK(n == NULL && !x.failed);
    VT_CHECK_EQ_INT(virt_xdr_get_domain(&x, &d), 0);
    VT_CHECK_EQ_STR(d.name, "test");
    VT_CHECK(memcmp(d.uuid, uuid, 16) == 0 && d.id == 1);
    VT_CHECK(virt_xdr_done(&x));
    virt_rpc_domain_free(&d);
    free(s);
    /* a string over its bound (string<4>): refused, nothing allocated */
    virt_xdr_in_init(&x, o.data + 16, 12);
    VT_CHECK(virt_xdr_get_string(&x, 4) == NULL && x.failed);
    /* writer bound */
    o.len = 0;
    virt_xdr_put_bytes(&o, "abcdef", 6, 4);
    VT_CHECK_EQ_INT(o.failed, 2);
    virt_xdr_out_free(&o);
}

static void xdr_hostile(void)
{
    static const unsigned char huge[] = {0xff, 0xff, 0xff, 0xf0, 'a', 'b', 'c', 'd'};
    static const unsigned char count_vs_left[] = {0, 0, 0, 100, 'a', 'b', 'c', 'd'};
    static const unsigned char flag2[] = {0, 0, 0, 2, 0, 0, 0, 1, 'a', 0, 0, 0};
    static const unsigned char nul[] = {0, 0, 0, 3, 'a', 0, 'b', 0};
    static const unsigned char shortpad[] = {0, 0, 0, 3, 'a', 'b', 'c'};
    virt_xdr_in x;
    virt_xdr_in_init(&x, huge, sizeof huge);
    VT_CHECK(virt_xdr_get_string(&x, VIRT_REMOTE_MAX_STRING) == NULL && x.failed);
    VT_CHECK(strstr(x.why, "bound") != NULL);
    virt_xdr_in_init(&x, count_vs_left, sizeof count_vs_left);
    VT_CHECK_EQ_INT(virt_xdr_get_count(&x, 16384, 4), 0);
    VT_CHECK(x.failed && strstr(x.why, "bytes left") != NULL);
    virt_xdr_in_init(&x, flag2, sizeof flag2);
    VT_CHECK(virt_xdr_get_opt_string(&x, 100) == NULL && x.failed);
    virt_xdr_in_init(&x, nul, sizeof nul);
    VT_CHECK(virt_xdr_get_string(&x, 100) == NULL && x.failed);
    virt_xdr_in_init(&x, shortpad, sizeof shortpad);
    VT_CHECK(virt_xdr_get_string(&x, 100) == NULL && x.failed);
    /* reads after a failure stay failed and return zero */
    VT_CHECK_EQ_INT(virt_xdr_get_u32(&x), 0);
}

/* remote_error with every field set, as remote_protocol.x orders them. */
static void put_error(virt_xdr_out *o, int code, int domain, const char *msg)
{
    virt_xdr_put_i32(o, code);
    virt_xdr_put_i32(o, domain);
    virt_xdr_put_opt_string(o, msg);
    virt_xdr_put_i32(o, 2);                           /* VIR_ERR_ERROR */
    virt_xdr_put_u32(o, 0);                           /* dom: NULL */
    virt_xdr_put_opt_string(o, "s1");
    virt_xdr_put_opt_string(o, NULL);
    virt_xdr_put_opt_string(o, "s3");
    virt_xdr_put_i32(o, 7);
    virt_xdr_put_i32(o, -8);
    virt_xdr_put_u32(o, 0);                           /* net: NULL */
}

/* >>calls against the fake */

static int body_basic(fake *f)
{
    virt_rpc_header h;
    unsigned char buf[4096];
    virt_xdr_out o;
    memset(&o, 0, sizeof o);
    /* 1: CONNECT_GET_TYPE, with a PING sent first (the client must PONG) */
    if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0) return -1;
    fake_send(f, VIRT_RPC_PROG_KEEPALIVE, VIRT_RPC_KEEPALIVE_PING, VIRT_RPC_MESSAGE, 0, VIRT_RPC_OK, NULL);
    virt_xdr_put_string(&o, "TEST");
    fake_reply(f, &h, &o);
    /* 2: an error reply */
    if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0) return -1;
    o.len = 0;
    put_error(&o, 42, 12, "Domain not found");
    fake_send(f, h.prog, h.proc, VIRT_RPC_REPLY, h.serial, VIRT_RPC_ERROR, &o);
    /* 3: a reply with a huge XDR string length */
    if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0) return -1;
    o.len = 0;
    virt_xdr_put_u32(&o, 0xfffffff0u);
    fake_reply(f, &h, &o);
    /* 4: reply to get the PONG counted */
    if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0) return -1;
    o.len = 0;
    virt_xdr_put_string(&o, "host");
    fake_reply(f, &h, &o);
    virt_xdr_out_free(&o);
    return 0;
}

static void calls_basic(void)
{
    fake f;
    pthread_t t;
    virt_rpc_client *c = start(&f, body_basic, &t);
    virt_rpc_error err;
    virt_status st;
    char *s = NULL;
    VT_CHECK_EQ_INT(virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_TYPE, &s, &err, &st), VIRT_OK);
    VT_CHECK_EQ_STR(s, "TEST");
    free(s);
    VT_CHECK_EQ_INT(virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_TYPE, &s, &err, &st), VIRT_E_REMOTE);
    VT_CHECK_EQ_INT(err.code, 42);
    VT_CHECK_EQ_INT(err.domain, 12);
    VT_CHECK_EQ_INT(err.level, 2);
    VT_CHECK_EQ_STR(err.message, "Domain not found");
    VT_CHECK_EQ_STR(err.str1, "s1");
    VT_CHECK(err.str2 == NULL);
    VT_CHECK_EQ_STR(err.str3, "s3");
    VT_CHECK(err.int1 == 7 && err.int2 == -8);
    virt_rpc_error_free(&err);
    /* an error is the call's, not the connection's */
    VT_CHECK(virt_rpc_is_alive(c, NULL));
    VT_CHECK_EQ_INT(virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_TYPE, &s, &err, &st), VIRT_E_PROTO);
    VT_CHECK(s == NULL);
    VT_CHECK_EQ_INT(virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_HOSTNAME, &s, &err, &st), VIRT_OK);
    free(s);
    finish(&f, c, t);
    VT_CHECK_EQ_INT(f.rc, 0);
    VT_CHECK_EQ_INT(f.pongs, 1);
}

/* 8 threads, replies sent in reverse order of the calls: each thread must
 * get its own answer (SUPPORTS_FEATURE(n) -> n * 10). */
static int body_reorder(fake *f)
{
    int round, i;
    for (round = 0; round < 50; round++) {
        virt_rpc_header h[8];
        int feature[8];
        unsigned char buf[64];
        for (i = 0; i < 8; i++) {
            virt_xdr_in x;
            size_t len;
            if (fake_read_call(f, &h[i], buf, sizeof buf, &len) < 0) return -1;
            virt_xdr_in_init(&x, buf, len);
            feature[i] = virt_xdr_get_i32(&x);
        }
        for (i = 7; i >= 0; i--) {
            virt_xdr_out o;
            memset(&o, 0, sizeof o);
            virt_xdr_put_i32(&o, feature[i] * 10);
            fake_reply(f, &h[i], &o);
            virt_xdr_out_free(&o);
        }
    }
    return 0;
}

typedef struct { virt_rpc_client *c; int base, ok; } reorder_arg;

static void *reorder_thread(void *p)
{
    reorder_arg *a = (reorder_arg *)p;
    int i;
    for (i = 0; i < 50; i++) {
        int got = -1, feature = a->base * 1000 + i;
        virt_rpc_error err;
        virt_status st;
        if (virt_rpc_supports_feature(a->c, feature, &got, &err, &st) == VIRT_OK && got == feature * 10) a->ok++;
    }
    return NULL;
}

static void calls_reorder(void)
{
    fake f;
    pthread_t t, th[8];
    reorder_arg a[8];
    int i, total = 0;
    virt_rpc_client *c = start(&f, body_reorder, &t);
    for (i = 0; i < 8; i++) { a[i].c = c; a[i].base = i + 1; a[i].ok = 0; pthread_create(&th[i], NULL, reorder_thread, &a[i]); }
    for (i = 0; i < 8; i++) { pthread_join(th[i], NULL); total += a[i].ok; }
    VT_CHECK_EQ_INT(total, 400);
    finish(&f, c, t);
    VT_CHECK_EQ_INT(f.rc, 0);
}

/* virt_rpc_call_many: 300 SUPPORTS_FEATURE calls (three batches); the fake
 * reads each whole batch, then answers it in reverse order, with an event
 * between two replies and an error (remote_error) for every feature that
 * is a multiple of 7; after 300 it answers 10 more calls and closes mid-way
 * through a second call_many. */
static int body_many(fake *f)
{
    int answered = 0;
    while (answered < 300) {
        virt_rpc_header h[128];
        int feature[128], k = 0, i;
        unsigned char buf[64];
        /* a batch is whatever arrives before the client waits: 128 calls */
        for (k = 0; k < 128 && answered + k < 300; k++) {
            virt_xdr_in x;
            size_t len;
            if (fake_read_call(f, &h[k], buf, sizeof buf, &len) < 0) return -1;
            virt_xdr_in_init(&x, buf, len);
            feature[k] = virt_xdr_get_i32(&x);
        }
        for (i = k - 1; i >= 0; i--) {
            virt_xdr_out o;
            memset(&o, 0, sizeof o);
            if (feature[i] % 7 == 0) {
                virt_xdr_put_i32(&o, 42);              /* code: VIR_ERR_NO_DOMAIN */
                virt_xdr_put_i32(&o, 12);              /* domain: VIR_FROM_TEST */
                virt_xdr_put_opt_string(&o, "seven");
                virt_xdr_put_i32(&o, 2);               /* level */
                virt_xdr_put_u32(&o, 0);               /* dom */
                virt_xdr_put_u32(&o, 0); virt_xdr_put_u32(&o, 0); virt_xdr_put_u32(&o, 0);
                virt_xdr_put_i32(&o, 0); virt_xdr_put_i32(&o, 0);
                virt_xdr_put_u32(&o, 0);               /* net */
                fake_send(f, h[i].prog, h[i].proc, VIRT_RPC_REPLY, h[i].serial, VIRT_RPC_ERROR, &o);
            } else {
                virt_xdr_put_i32(&o, feature[i] * 10);
                fake_reply(f, &h[i], &o);
            }
            virt_xdr_out_free(&o);
            if (i == k / 2) fake_send(f, VIRT_RPC_PROG_REMOTE, VIRT_RPC_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
                                      VIRT_RPC_MESSAGE, 1, VIRT_RPC_OK, NULL);
        }
        answered += k;
    }
    for (answered = 0; answered < 10; answered++) {
        virt_rpc_header h;
        unsigned char buf[64];
        virt_xdr_out o;
        if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0) return -1;
        memset(&o, 0, sizeof o);
        virt_xdr_put_i32(&o, 1);
        fake_reply(f, &h, &o);
        virt_xdr_out_free(&o);
    }
    return 0;                                      /* closes: the rest of the second batch dies */
}

static void calls_many(void)
{
    fake f;
    pthread_t t;
    virt_xdr_out args[300];
    virt_rpc_reply rep[300];
    virt_status st;
    int i, good = 0, errors = 0, rc;
    virt_rpc_client *c = start(&f, body_many, &t);
    memset(args, 0, sizeof args);
    for (i = 0; i < 300; i++) virt_xdr_put_i32(&args[i], i + 1);
    VT_CHECK_EQ_INT(virt_rpc_call_many(c, VIRT_RPC_PROG_REMOTE, VIRT_RPC_PROC_CONNECT_SUPPORTS_FEATURE, 300, args,
                                       rep, &st), VIRT_OK);
    for (i = 0; i < 300; i++) {
        virt_xdr_in x;
        if ((i + 1) % 7 == 0) {
            errors += rep[i].rc == VIRT_E_REMOTE && rep[i].err.code == 42 && rep[i].err.domain == 12
                      && rep[i].err.message && strcmp(rep[i].err.message, "seven") == 0;
            continue;
        }
        if (rep[i].rc != VIRT_OK || rep[i].len != 4) continue;
        virt_xdr_in_init(&x, rep[i].ret, rep[i].len);
        good += virt_xdr_get_i32(&x) == (i + 1) * 10;
    }
    VT_CHECK_EQ_INT(good, 300 - 42);
    VT_CHECK_EQ_INT(errors, 42);
    virt_rpc_replies_free(rep, 300);
    {
        virt_rpc_event ev;
        int events = 0;
        while (virt_rpc_next_event(c, 0, &ev, &st) == VIRT_OK) { events++; free(ev.payload); }
        VT_CHECK_EQ_INT(events, 3);                /* one per batch, none lost in the batching */
    }
    /* 40 calls, the daemon answers 10 and closes: every call has an answer */
    rc = virt_rpc_call_many(c, VIRT_RPC_PROG_REMOTE, VIRT_RPC_PROC_CONNECT_SUPPORTS_FEATURE, 40, args, rep, &st);
    VT_CHECK_EQ_INT(rc, VIRT_E_CLOSED);
    for (good = 0, errors = 0, i = 0; i < 40; i++) {
        good += rep[i].rc == VIRT_OK;
        errors += rep[i].rc == VIRT_E_CLOSED;
    }
    VT_CHECK_EQ_INT(good, 10);
    VT_CHECK_EQ_INT(errors, 30);
    virt_rpc_replies_free(rep, 40);
    VT_CHECK_EQ_INT(virt_rpc_call_many(c, VIRT_RPC_PROG_REMOTE, VIRT_RPC_PROC_CONNECT_SUPPORTS_FEATURE, 5, args,
                                       rep, &st), VIRT_E_CLOSED);
    VT_CHECK_EQ_INT(rep[4].rc, VIRT_E_CLOSED);
    VT_CHECK_EQ_INT(virt_rpc_call_many(c, VIRT_RPC_PROG_REMOTE, VIRT_RPC_PROC_CONNECT_SUPPORTS_FEATURE, 0, NULL,
                                       NULL, &st), VIRT_OK);
    for (i = 0; i < 300; i++) virt_xdr_out_free(&args[i]);
    finish(&f, c, t);
    VT_CHECK_EQ_INT(f.rc, 0);
}

/* 100 000 events before the reply: the call succeeds, the queue keeps the
 * newest VIRT_REMOTE_MAX_QUEUED_EVENTS and counts the rest. */
static int body_flood(fake *f)
{
    virt_rpc_header h;
    unsigned char buf[256];
    virt_xdr_out ev, o;
    int i;
    static const unsigned char uuid[16] = {0};
    if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0) return -1;
    memset(&ev, 0, sizeof ev);
    memset(&o, 0, sizeof o);
    for (i = 0; i < 100000; i++) {
        ev.len = 0;
        virt_xdr_put_i32(&ev, 0);                      /* callbackID */
        virt_xdr_put_domain(&ev, "flood", uuid, i);    /* id: the sequence number */
        virt_xdr_put_i32(&ev, 3);
        virt_xdr_put_i32(&ev, 0);
        /* libvirtd 9.0 sends events with serial 1: must not match a call */
        if (fake_send(f, VIRT_RPC_PROG_REMOTE, VIRT_RPC_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE, VIRT_RPC_MESSAGE,
                      h.serial, VIRT_RPC_OK, &ev) < 0) return -1;
    }
    virt_xdr_put_string(&o, "TEST");
    fake_reply(f, &h, &o);
    virt_xdr_out_free(&ev);
    virt_xdr_out_free(&o);
    return 0;
}

static void events_flood(void)
{
    fake f;
    pthread_t t;
    virt_rpc_client *c = start(&f, body_flood, &t);
    virt_rpc_error err;
    virt_status st;
    virt_rpc_event ev;
    virt_rpc_domain d;
    char *s = NULL;
    int n = 0, cb, event, detail, first = -1, ok = 1;
    VT_CHECK_EQ_INT(virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_TYPE, &s, &err, &st), VIRT_OK);
    VT_CHECK_EQ_STR(s, "TEST");
    free(s);
    while (virt_rpc_next_event(c, 0, &ev, &st) == VIRT_OK) {
        if (virt_rpc_decode_lifecycle(&ev, &cb, &d, &event, &detail, &st) != VIRT_OK || event != 3) ok = 0;
        if (first < 0) first = d.id;
        virt_rpc_domain_free(&d);
        free(ev.payload);
        n++;
    }
    VT_CHECK(ok);
    VT_CHECK_EQ_INT(n, VIRT_REMOTE_MAX_QUEUED_EVENTS);
    VT_CHECK_EQ_INT(first, 100000 - VIRT_REMOTE_MAX_QUEUED_EVENTS);     /* the newest kept */
    VT_CHECK_EQ_INT(virt_rpc_events_dropped(c), 100000 - VIRT_REMOTE_MAX_QUEUED_EVENTS);
    finish(&f, c, t);
}

/* >>faults that kill the client */

static int body_wrong_serial(fake *f)
{
    virt_rpc_header h;
    unsigned char buf[256];
    virt_xdr_out o;
    if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0) return -1;
    memset(&o, 0, sizeof o);
    virt_xdr_put_string(&o, "TEST");
    h.serial += 7;
    fake_reply(f, &h, &o);
    virt_xdr_out_free(&o);
    return 0;
}

static int raw_after_call(fake *f, const unsigned char *raw, size_t n, int close_after)
{
    virt_rpc_header h;
    unsigned char buf[256];
    if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0) return -1;
    if (n && send(f->fd, raw, n, MSG_NOSIGNAL) != (ssize_t)n) return -1;
    if (!close_after) { char c; (void)recv(f->fd, &c, 1, 0); }   /* wait for the client to hang up */
    return 0;
}

static int body_truncated(fake *f)
{
    /* says 100 bytes, sends 20, closes */
    static const unsigned char raw[20] = {0, 0, 0, 100, 0x20, 0, 0x80, 0x86};
    return raw_after_call(f, raw, sizeof raw, 1);
}

static int body_oversized(fake *f)
{
    static const unsigned char raw[] = {0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0};
    return raw_after_call(f, raw, sizeof raw, 0);
}

static int body_undersized(fake *f)
{
    static const unsigned char raw[] = {0, 0, 0, 8, 0, 0, 0, 0};
    return raw_after_call(f, raw, sizeof raw, 0);
}

static int body_close_mid_call(fake *f)
{
    return raw_after_call(f, NULL, 0, 1);
}

static int body_unknown_prog(fake *f)
{
    virt_rpc_header h;
    unsigned char buf[256];
    if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0) return -1;
    return fake_send(f, 0x12345678u, 1, VIRT_RPC_REPLY, h.serial, VIRT_RPC_OK, NULL);
}

/* reads calls, answers nothing (not even keepalive), until the client goes */
static int body_silent(fake *f)
{
    char c;
    while (recv(f->fd, &c, 1, 0) > 0) {}
    return 0;
}

static void one_fault(const char *what, int (*body)(fake *), int want, int keepalive, int timeout_ms)
{
    fake f;
    pthread_t t;
    virt_rpc_client *c = start(&f, body, &t);
    virt_rpc_error err;
    virt_status st, why;
    char *s = NULL;
    double t0 = now_s();
    int rc;
    if (keepalive) virt_rpc_set_keepalive(c, 1, 2);
    if (timeout_ms) virt_rpc_set_timeout(c, timeout_ms);
    rc = virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_TYPE, &s, &err, &st);
    if (rc != want) fprintf(stderr, "%s: got %d (%s), want %d\n", what, rc, st.message, want);
    VT_CHECK_EQ_INT(rc, want);
    VT_CHECK(s == NULL);
    VT_CHECK(!virt_rpc_is_alive(c, &why));
    VT_CHECK_EQ_INT(why.code, want);
    /* the next call fails at once with the same reason */
    VT_CHECK_EQ_INT(virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_TYPE, &s, &err, &st), want);
    if (keepalive) {
        VT_CHECK(strstr(st.message, "keepalive") != NULL);
        VT_CHECK(now_s() - t0 > 1.5 && now_s() - t0 < 6.0);      /* 1 s interval, 2 pings */
    } else if (!timeout_ms) {
        VT_CHECK(now_s() - t0 < 2.0);                             /* no waiting for a deadline */
    }
    finish(&f, c, t);
}

/* Three threads wait when the daemon dies: all fail at once. */
static int body_die_with_three(fake *f)
{
    virt_rpc_header h;
    unsigned char buf[256];
    int i;
    for (i = 0; i < 3; i++)
        if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0) return -1;
    return 0;                                          /* then closes */
}

static void *pending_thread(void *p)
{
    virt_rpc_client *c = (virt_rpc_client *)p;
    virt_rpc_error err;
    virt_status st;
    char *s = NULL;
    return (void *)(intptr_t)virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_TYPE, &s, &err, &st);
}

static void die_with_pending(void)
{
    fake f;
    pthread_t t, th[3];
    int i;
    double t0 = now_s();
    virt_rpc_client *c = start(&f, body_die_with_three, &t);
    for (i = 0; i < 3; i++) pthread_create(&th[i], NULL, pending_thread, c);
    for (i = 0; i < 3; i++) {
        void *r;
        pthread_join(th[i], &r);
        VT_CHECK_EQ_INT((int)(intptr_t)r, VIRT_E_CLOSED);
    }
    VT_CHECK(now_s() - t0 < 2.0);
    finish(&f, c, t);
}

/* >>authentication (remote_protocol.x AUTH_LIST, AUTH_POLKIT) */

/* AUTH_LIST answers [auth]; polkit is then asked for, CONNECT_OPEN last. */
static int body_auth(fake *f, int auth)
{
    virt_rpc_header h;
    unsigned char buf[256];
    virt_xdr_out o;
    memset(&o, 0, sizeof o);
    if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0 || h.proc != VIRT_RPC_PROC_AUTH_LIST) return -1;
    virt_xdr_put_u32(&o, 1);
    virt_xdr_put_i32(&o, auth);
    fake_reply(f, &h, &o);
    if (auth == VIRT_RPC_AUTH_POLKIT) {
        if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0 || h.proc != VIRT_RPC_PROC_AUTH_POLKIT) return -1;
        o.len = 0;
        virt_xdr_put_i32(&o, 1);                       /* complete */
        fake_reply(f, &h, &o);
        if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0 || h.proc != VIRT_RPC_PROC_CONNECT_OPEN) return -1;
        fake_reply(f, &h, NULL);
    }
    virt_xdr_out_free(&o);
    return 0;
}
static int body_auth_sasl(fake *f) { return body_auth(f, VIRT_RPC_AUTH_SASL); }
static int body_auth_polkit(fake *f) { return body_auth(f, VIRT_RPC_AUTH_POLKIT); }

static void auth(void)
{
    fake f;
    pthread_t t;
    virt_rpc_error err;
    virt_status st;
    virt_rpc_client *c = start(&f, body_auth_sasl, &t);
    VT_CHECK_EQ_INT(virt_rpc_open_session(c, "test:///default", 0, &err, &st), VIRT_E_UNSUPPORTED);
    VT_CHECK(strstr(st.message, "'sasl'") != NULL);
    finish(&f, c, t);
    VT_CHECK_EQ_INT(f.rc, 0);
    c = start(&f, body_auth_polkit, &t);
    VT_CHECK_EQ_INT(virt_rpc_open_session(c, "test:///default", 0, &err, &st), VIRT_OK);
    finish(&f, c, t);
    VT_CHECK_EQ_INT(f.rc, 0);
}

/* >>URIs and the ssh command line */

static void targets(void)
{
    virt_rpc_target t;
    virt_status st;
    char **argv;
    int i;
    VT_CHECK_EQ_INT(virt_rpc_target_init(&t, "test+unix", NULL, 0, "/default", "socket=/tmp/x%20y&foo=bar", &st), VIRT_OK);
    VT_CHECK_EQ_INT(t.transport, VIRT_RPC_UNIX);
    VT_CHECK_EQ_STR(t.socket, "/tmp/x y");
    VT_CHECK_EQ_STR(t.name, "test:///default?foo=bar");
    virt_rpc_target_free(&t);
    VT_CHECK_EQ_INT(virt_rpc_target_init(&t, "qemu+ssh", "root@node1", 2222, "/system",
                                         "keyfile=/k&no_verify=1&no_tty=1", &st), VIRT_OK);
    VT_CHECK_EQ_STR(t.name, "qemu:///system");
    argv = virt_rpc_ssh_argv(&t, 1, &st);
    VT_CHECK(argv != NULL);
    if (argv) {
        static const char *const want[] = {"ssh", "-p", "2222", "-l", "root", "-i", "/k", "-T", "-e", "none",
                                           "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "--", "node1"};
        for (i = 0; i < 16; i++) VT_CHECK_EQ_STR(argv[i], want[i]);
        VT_CHECK(argv[16] && strstr(argv[16], "virt-ssh-helper -r") && strstr(argv[16], "libvirt-sock-ro"));
        VT_CHECK(argv[17] == NULL);
        virt_rpc_argv_free(argv);
    }
    virt_rpc_target_free(&t);
    VT_CHECK_EQ_INT(virt_rpc_target_init(&t, "test", "host", 0, "/default", NULL, &st), VIRT_OK);
    VT_CHECK_EQ_INT(t.transport, VIRT_RPC_TLS);       /* host, no transport: tls, as libvirt */
    VT_CHECK(virt_rpc_connect_target(&t, 0, &st) == NULL && st.code == VIRT_E_UNSUPPORTED);
    virt_rpc_target_free(&t);
    VT_CHECK_EQ_INT(virt_rpc_target_init(&t, "test+unix", "host", 0, "/default", NULL, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_rpc_target_init(&t, "test+carrier", NULL, 0, "/default", NULL, &st), VIRT_E_UNSUPPORTED);
    VT_CHECK(strstr(st.message, "carrier") != NULL);
    VT_CHECK_EQ_INT(virt_rpc_target_init(&t, "remote", NULL, 0, "/", NULL, &st), VIRT_OK);
    VT_CHECK_EQ_STR(t.name, "");                       /* the daemon chooses */
    virt_rpc_target_free(&t);
    VT_CHECK(virt_rpc_connect_unix("/nonexistent/sock", &st) == NULL && st.code == VIRT_E_IO);
    VT_CHECK(strstr(st.message, "/nonexistent/sock") != NULL);
}

int main(void)
{
    xdr_roundtrip();
    xdr_hostile();
    targets();
    calls_basic();
    auth();
    calls_reorder();
    calls_many();
    events_flood();
    one_fault("wrong serial", body_wrong_serial, VIRT_E_PROTO, 0, 0);
    one_fault("truncated", body_truncated, VIRT_E_CLOSED, 0, 0);
    one_fault("oversized", body_oversized, VIRT_E_LIMIT, 0, 0);
    one_fault("undersized", body_undersized, VIRT_E_PROTO, 0, 0);
    one_fault("closed mid-call", body_close_mid_call, VIRT_E_CLOSED, 0, 0);
    one_fault("unknown program", body_unknown_prog, VIRT_E_PROTO, 0, 0);
    one_fault("silent, keepalive", body_silent, VIRT_E_TIMEOUT, 1, 0);
    one_fault("silent, call deadline", body_silent, VIRT_E_TIMEOUT, 0, 300);
    die_with_pending();
    return vt_summary("remote_faults");
}
