/* tests/remote/test_remote_sasl_fake.c - virt_remote.h's SASL client
 * (VIRT_WITH_SASL, the protocol library alone) against a fake daemon in a
 * thread on a socketpair, with libsasl2's own client mechanisms: the
 * encoding of AUTH_SASL_START (remote_protocol.x: mech, nil, char
 * data<65536>, each char an XDR int), a whole PLAIN login, LOGIN's steps,
 * libvirt's errors for no callback and no usable mechanism, and the bounds
 * of the daemon's data: a START or STEP reply whose data count is above
 * 65536 (REMOTE_AUTH_SASL_DATA_MAX) or above the bytes sent is refused
 * before anything is allocated for it. The real exchange with libvirtd is
 * run_sasl.sh's. */
#define VIRT_IMPLEMENTATION
#include "virt_remote.h"
#include "../virt_test.h"
#include <pthread.h>

typedef struct fake {
    int fd;
    int (*body)(struct fake *f);
    int rc;
    char got[512];                      /* the client's decoded data of its last START/STEP */
    size_t gotlen;
    char mech[64];
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

/* The next CALL; its payload into buf. */
static int fake_read_call(fake *f, virt_rpc_header *h, unsigned char *buf, size_t cap, size_t *len)
{
    static unsigned char pkt[65536];
    unsigned char lw[4];
    uint32_t n;
    const unsigned char *payload;
    size_t plen;
    if (read_full(f->fd, lw, 4) < 0) return -1;
    n = virt__be32(lw);
    if (n < 28 || n > sizeof pkt) return -1;
    memcpy(pkt, lw, 4);
    if (read_full(f->fd, pkt + 4, n - 4) < 0) return -1;
    if (virt_rpc_packet_parse(pkt, n, h, &payload, &plen, NULL) != VIRT_OK) return -1;
    if (plen > cap) return -1;
    memcpy(buf, payload, plen);
    if (len) *len = plen;
    return 0;
}

static int fake_reply(fake *f, const virt_rpc_header *call, const virt_xdr_out *payload)
{
    virt_rpc_header h;
    virt_xdr_out pkt;
    int rc;
    memset(&pkt, 0, sizeof pkt);
    h = *call;
    h.type = VIRT_RPC_REPLY;
    h.status = VIRT_RPC_OK;
    rc = virt_rpc_packet_build(&pkt, &h, payload ? payload->data : NULL, payload ? payload->len : 0, NULL);
    if (rc == VIRT_OK && send(f->fd, pkt.data, pkt.len, MSG_NOSIGNAL) != (ssize_t)pkt.len) rc = -1;
    virt_xdr_out_free(&pkt);
    return rc;
}

/* AUTH_LIST -> [sasl], AUTH_SASL_INIT -> mechlist */
static int fake_offer(fake *f, const char *mechlist)
{
    virt_rpc_header h;
    unsigned char buf[256];
    virt_xdr_out o;
    memset(&o, 0, sizeof o);
    if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0 || h.proc != VIRT_RPC_PROC_AUTH_LIST) return -1;
    virt_xdr_put_u32(&o, 1);
    virt_xdr_put_i32(&o, VIRT_RPC_AUTH_SASL);
    fake_reply(f, &h, &o);
    if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0 || h.proc != VIRT_RPC_PROC_AUTH_SASL_INIT) return -1;
    o.len = 0;
    virt_xdr_put_string(&o, mechlist);
    fake_reply(f, &h, &o);
    virt_xdr_out_free(&o);
    return 0;
}

/* The client's next START or STEP: its mech (START), nil and data decoded. */
static int fake_read_sasl(fake *f, virt_rpc_header *h, int32_t proc)
{
    static unsigned char buf[65536];
    size_t len, i;
    virt_xdr_in x;
    uint32_t n;
    int nil;
    if (fake_read_call(f, h, buf, sizeof buf, &len) < 0 || h->proc != proc) return -1;
    virt_xdr_in_init(&x, buf, len);
    if (proc == VIRT_RPC_PROC_AUTH_SASL_START) {
        char *m = virt_xdr_get_string(&x, 64);
        if (!m) return -1;
        snprintf(f->mech, sizeof f->mech, "%s", m);
        free(m);
    }
    nil = virt_xdr_get_i32(&x);
    n = virt_xdr_get_count(&x, sizeof f->got, 4);
    for (i = 0; i < n; i++) f->got[i] = (char)virt_xdr_get_i32(&x);
    f->gotlen = nil ? (size_t)-1 : n;
    return virt_xdr_done(&x) ? 0 : -1;
}

/* {complete, nil, data} with count words of data claimed and sent words
 * really sent (count > sent: a lie about the length) */
static int fake_sasl_ret(fake *f, const virt_rpc_header *h, int complete, const char *data,
                         uint32_t count, uint32_t sent)
{
    virt_xdr_out o;
    uint32_t i;
    int rc;
    memset(&o, 0, sizeof o);
    virt_xdr_put_i32(&o, complete);
    virt_xdr_put_i32(&o, data ? 0 : 1);
    virt_xdr_put_u32(&o, count);
    for (i = 0; i < sent; i++) virt_xdr_put_i32(&o, data && i < strlen(data) ? data[i] : 'x');
    rc = fake_reply(f, h, &o);
    virt_xdr_out_free(&o);
    return rc;
}

static int fake_open_ok(fake *f)
{
    virt_rpc_header h;
    unsigned char buf[256];
    if (fake_read_call(f, &h, buf, sizeof buf, NULL) < 0 || h.proc != VIRT_RPC_PROC_CONNECT_OPEN) return -1;
    return fake_reply(f, &h, NULL);
}

/* PLAIN: the whole login in START, the server done at once (nil data) */
static int body_plain(fake *f)
{
    virt_rpc_header h;
    if (fake_offer(f, "PLAIN") < 0 || fake_read_sasl(f, &h, VIRT_RPC_PROC_AUTH_SASL_START) < 0) return -1;
    fake_sasl_ret(f, &h, 1, NULL, 0, 0);
    return fake_open_ok(f);
}

/* LOGIN: no initial data, then "Username:", "Password:" (one STEP each) */
static int body_login(fake *f)
{
    virt_rpc_header h;
    if (fake_offer(f, "LOGIN") < 0 || fake_read_sasl(f, &h, VIRT_RPC_PROC_AUTH_SASL_START) < 0) return -1;
    if (f->gotlen != (size_t)-1) return -2;               /* LOGIN starts with nil data */
    fake_sasl_ret(f, &h, 0, "Username:", 9, 9);
    if (fake_read_sasl(f, &h, VIRT_RPC_PROC_AUTH_SASL_STEP) < 0) return -3;
    if (f->gotlen != 5 || memcmp(f->got, "alice", 5) != 0) return -4;
    fake_sasl_ret(f, &h, 0, "Password:", 9, 9);
    if (fake_read_sasl(f, &h, VIRT_RPC_PROC_AUTH_SASL_STEP) < 0) return -5;
    if (f->gotlen != 6 || memcmp(f->got, "secret", 6) != 0) return -6;
    fake_sasl_ret(f, &h, 1, NULL, 0, 0);
    return fake_open_ok(f);
}

static int bad_mode;   /* 0: START count 65537 (all sent), 1: START count 2^31, 2: STEP count 2^31 */
static int body_huge(fake *f)
{
    virt_rpc_header h;
    if (fake_offer(f, bad_mode == 2 ? "LOGIN" : "PLAIN") < 0 ||
        fake_read_sasl(f, &h, VIRT_RPC_PROC_AUTH_SASL_START) < 0) return -1;
    if (bad_mode == 0) return fake_sasl_ret(f, &h, 0, "", 65537, 65537);
    if (bad_mode == 1) return fake_sasl_ret(f, &h, 0, "", 0x80000000u, 4);
    fake_sasl_ret(f, &h, 0, "Username:", 9, 9);
    if (fake_read_sasl(f, &h, VIRT_RPC_PROC_AUTH_SASL_STEP) < 0) return -3;
    return fake_sasl_ret(f, &h, 0, "", 0x80000000u, 4);
}

static int body_offer_only(fake *f)
{
    return fake_offer(f, "NO-SUCH-MECH");
}

static int body_plain_start_only(fake *f)
{
    return fake_offer(f, "PLAIN");
}

static void *fake_thread(void *arg)
{
    fake *f = (fake *)arg;
    f->rc = f->body(f);
    shutdown(f->fd, SHUT_RDWR);
    return NULL;
}

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

typedef struct asked { int authname, pass, calls, refuse; } asked;

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = (char *)malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static int answer(virt_rpc_cred *cred, unsigned int ncred, void *cbdata)
{
    asked *a = (asked *)cbdata;
    unsigned int i;
    a->calls++;
    for (i = 0; i < ncred; i++) {
        const char *v = NULL;
        if (cred[i].type == 2) { a->authname++; v = "alice"; }            /* VIR_CRED_AUTHNAME */
        if (cred[i].type == 5) { a->pass++; v = "secret"; }               /* VIR_CRED_PASSPHRASE */
        if (!v) continue;
        cred[i].result = dup_str(v);
        cred[i].resultlen = (unsigned int)strlen(v);
    }
    return a->refuse ? -1 : 0;
}

static const int both[] = {2, 5};

static void plain_login(void)
{
    fake f;
    pthread_t t;
    virt_rpc_error err;
    virt_status st;
    asked a;
    virt_rpc_auth auth;
    virt_rpc_client *c = start(&f, body_plain, &t);
    memset(&a, 0, sizeof a);
    auth.credtype = both; auth.ncredtype = 2; auth.cb = answer; auth.cbdata = &a;
    VT_CHECK_EQ_INT(virt_rpc_auth_type(c), -1);
    VT_CHECK_EQ_INT(virt_rpc_open_session_auth(c, "test:///default", 0, &auth, NULL, &err, &st), VIRT_OK);
    VT_CHECK_EQ_INT(virt_rpc_auth_type(c), VIRT_RPC_AUTH_SASL);
    finish(&f, c, t);
    VT_CHECK_EQ_INT(f.rc, 0);
    VT_CHECK_EQ_STR(f.mech, "PLAIN");
    /* RFC 4616: [authzid] NUL authcid NUL passwd, each byte one XDR int */
    VT_CHECK_EQ_INT(f.gotlen, 13);
    VT_CHECK(f.gotlen == 13 && memcmp(f.got, "\0alice\0secret", 13) == 0);
    VT_CHECK_EQ_INT(a.calls, 1);
    VT_CHECK_EQ_INT(a.authname, 1);
    VT_CHECK_EQ_INT(a.pass, 1);
}

static void login_steps(void)
{
    fake f;
    pthread_t t;
    virt_rpc_error err;
    virt_status st;
    asked a;
    virt_rpc_auth auth;
    virt_rpc_client *c = start(&f, body_login, &t);
    memset(&a, 0, sizeof a);
    auth.credtype = both; auth.ncredtype = 2; auth.cb = answer; auth.cbdata = &a;
    VT_CHECK_EQ_INT(virt_rpc_open_session_auth(c, "test:///default", 0, &auth, NULL, &err, &st), VIRT_OK);
    finish(&f, c, t);
    VT_CHECK_EQ_INT(f.rc, 0);
    VT_CHECK_EQ_STR(f.mech, "LOGIN");
    VT_CHECK(a.authname >= 1 && a.pass >= 1);
}

static void huge(int mode, int32_t proc)
{
    fake f;
    pthread_t t;
    virt_rpc_error err;
    virt_status st;
    asked a;
    virt_rpc_auth auth;
    char want[64];
    virt_rpc_client *c;
    bad_mode = mode;
    c = start(&f, body_huge, &t);
    memset(&a, 0, sizeof a);
    auth.credtype = both; auth.ncredtype = 2; auth.cb = answer; auth.cbdata = &a;
    VT_CHECK_EQ_INT(virt_rpc_open_session_auth(c, "test:///default", 0, &auth, NULL, &err, &st), VIRT_E_PROTO);
    snprintf(want, sizeof want, "procedure %d", (int)proc);
    VT_CHECK(strstr(st.message, want) != NULL);
    if (!strstr(st.message, want)) fprintf(stderr, "message: %s\n", st.message);
    finish(&f, c, t);
    VT_CHECK_EQ_INT(f.rc, 0);
}

/* libvirt's client-side errors: numbers in err, words in st.message */
static void client_errors(void)
{
    fake f;
    pthread_t t;
    virt_rpc_error err;
    virt_status st;
    asked a;
    virt_rpc_auth auth;
    virt_rpc_client *c = start(&f, body_offer_only, &t);
    memset(&a, 0, sizeof a);
    auth.credtype = both; auth.ncredtype = 2; auth.cb = answer; auth.cbdata = &a;
    VT_CHECK_EQ_INT(virt_rpc_open_session_auth(c, "test:///default", 0, &auth, NULL, &err, &st), VIRT_E_PERM);
    VT_CHECK_EQ_INT(err.code, 45);                     /* VIR_ERR_AUTH_FAILED */
    VT_CHECK_EQ_INT(err.domain, 7);                    /* VIR_FROM_RPC */
    VT_CHECK(strncmp(st.message, "authentication failed: Failed to start SASL negotiation: -4 (", 61) == 0);
    VT_CHECK_EQ_INT(virt_rpc_auth_type(c), -1);
    finish(&f, c, t);
    VT_CHECK_EQ_INT(a.calls, 0);

    c = start(&f, body_plain_start_only, &t);
    auth.cb = NULL;
    VT_CHECK_EQ_INT(virt_rpc_open_session_auth(c, "test:///default", 0, &auth, NULL, &err, &st), VIRT_E_PERM);
    VT_CHECK_EQ_INT(err.code, 45);
    VT_CHECK_EQ_INT(err.domain, 13);                   /* VIR_FROM_REMOTE */
    VT_CHECK_EQ_STR(st.message, "authentication failed: No authentication callback available");
    finish(&f, c, t);

    c = start(&f, body_plain_start_only, &t);
    auth.cb = answer;
    a.refuse = 1;
    VT_CHECK_EQ_INT(virt_rpc_open_session_auth(c, "test:///default", 0, &auth, NULL, &err, &st), VIRT_E_PERM);
    VT_CHECK_EQ_INT(err.domain, 13);
    VT_CHECK_EQ_STR(st.message, "authentication failed: Failed to collect auth credentials");
    finish(&f, c, t);

    /* no credentials at all (virt_rpc_open_session): PLAIN needs some */
    c = start(&f, body_plain_start_only, &t);
    VT_CHECK_EQ_INT(virt_rpc_open_session(c, "test:///default", 0, &err, &st), VIRT_E_PERM);
    VT_CHECK_EQ_INT(err.domain, 7);
    VT_CHECK(strstr(st.message, "Failed to start SASL negotiation") != NULL);
    finish(&f, c, t);
}

int main(void)
{
    plain_login();
    login_steps();
    huge(0, VIRT_RPC_PROC_AUTH_SASL_START);
    huge(1, VIRT_RPC_PROC_AUTH_SASL_START);
    huge(2, VIRT_RPC_PROC_AUTH_SASL_STEP);
    client_errors();
    return vt_summary("remote_sasl_fake");
}
