/* tests/xend/test_sxp.c - the SXP reader/writer, the HTTP response parser,
 * the xend record helpers and the XML <-> SXP conversion of virt_xend.h,
 * used alone (no virt.h), as the protocol library it is meant to be. */
#define VIRT_IMPLEMENTATION
#include "virt_xend.h"
#include "../virt_test.h"

static virt_sxp_doc *parse_ok(const char *text)
{
    virt_sxp_doc *doc = NULL;
    virt_status st;
    int rc = virt_sxp_parse(text, (size_t)-1, &doc, &st);
    if (rc != VIRT_OK) fprintf(stderr, "parse failed: %s\n", st.message);
    VT_CHECK_EQ_INT(rc, VIRT_OK);
    return doc;
}

static void expect_error(const char *text, size_t len, int code, const char *offset_text)
{
    virt_sxp_doc *doc = (virt_sxp_doc *)1;
    virt_status st;
    int rc = virt_sxp_parse(text, len, &doc, &st);
    VT_CHECK_EQ_INT(rc, code);
    VT_CHECK(doc == NULL);
    if (offset_text) {
        VT_CHECK(strstr(st.message, offset_text) != NULL);
        if (!strstr(st.message, offset_text)) fprintf(stderr, "  message was: %s\n", st.message);
    }
}

/* format(parse(text)) == expected */
static void roundtrip(const char *text, const char *expected)
{
    virt_sxp_doc *doc = parse_ok(text), *again;
    char *out, *out2;
    if (!doc) return;
    out = virt_sxp_format(doc->root);
    VT_CHECK_EQ_STR(out, expected);
    again = parse_ok(out);
    out2 = again ? virt_sxp_format(again->root) : NULL;
    VT_CHECK_EQ_STR(out2, out);                 /* writing is a fixed point */
    free(out);
    free(out2);
    virt_sxp_doc_free(doc);
    virt_sxp_doc_free(again);
}

static void test_reader(void)
{
    virt_sxp_doc *doc;
    roundtrip("atom", "atom");
    roundtrip("  ( a  b\n\t(c) ( ) )  ", "(a b (c) ())");
    roundtrip("(a 'b c' \"d e\")", "(a 'b c' 'd e')");
    roundtrip("('it''s')", "(it s)");                   /* two atoms: 'it' then 's' */
    roundtrip("(x \"it's\")", "(x \"it's\")");
    roundtrip("(x 'a\\tb\\nc\\\\d\\'e')", "(x \"a\\tb\\nc\\\\d'e\")");
    roundtrip("(x '\\x41\\102\\q')", "(x 'AB\\\\q')");   /* hex, octal, unknown kept */
    roundtrip("(features )", "(features)");
    roundtrip("(a # comment )\n b)", "(a b)");
    roundtrip("(e '')", "(e '')");
    roundtrip("(u '\\xc3\\xa9')", "(u '\\xc3\\xa9')");
    /* path lookups as libvirt's sexpr_node */
    doc = parse_ok("(domain (domid 3) (name 'fc 4') (features ) (image (linux (kernel /boot/k) (args 'ro quiet'))) "
                   "(memory 256) (cpu_time 12.5) (device (vbd (dev sda1))) (device (vif (mac 00:16:3e:00:00:01))))");
    if (doc) {
        long long v = 0;
        double d = 0;
        VT_CHECK_EQ_STR(virt_sxp_head(doc->root), "domain");
        VT_CHECK_EQ_STR(virt_sxp_value(doc->root, "domain/name"), "fc 4");
        VT_CHECK_EQ_STR(virt_sxp_value(doc->root, "domain/image/linux/kernel"), "/boot/k");
        VT_CHECK_EQ_STR(virt_sxp_value(doc->root, "domain/image/linux/args"), "ro quiet");
        VT_CHECK_EQ_STR(virt_sxp_value(doc->root, "domain/features"), "");
        VT_CHECK(virt_sxp_value(doc->root, "domain/image") == NULL);      /* a list, not an atom */
        VT_CHECK(virt_sxp_value(doc->root, "domain/nothing") == NULL);
        VT_CHECK(virt_sxp_value(doc->root, "node/name") == NULL);
        VT_CHECK(virt_sxp_lookup(doc->root, "domain/image/hvm") == NULL);
        VT_CHECK_EQ_STR(virt_sxp_value(doc->root, "domain/device/vbd/dev"), "sda1");  /* first device */
        VT_CHECK_EQ_INT(virt_sxp_value_ll(doc->root, "domain/memory", &v), 0);
        VT_CHECK_EQ_INT(v, 256);
        VT_CHECK_EQ_INT(virt_sxp_value_ll(doc->root, "domain/name", &v), -1);
        VT_CHECK_EQ_INT(virt_sxp_value_double(doc->root, "domain/cpu_time", &d), 0);
        VT_CHECK(d > 12.49 && d < 12.51);
        virt_sxp_doc_free(doc);
    }
}

/* One document parsed again and again (the allocation-free path), also
 * after a failed parse; and the lenient flags. */
static void test_reuse_and_flags(void)
{
    virt_sxp_doc *doc = virt_sxp_doc_new();
    virt_status st;
    char big[4096];
    int i;
    VT_CHECK(doc != NULL);
    if (!doc) return;
    for (i = 0; i < 3; i++) {
        VT_CHECK_EQ_INT(virt_sxp_parse_into(doc, "(a (b 'c d'))", (size_t)-1, 0, &st), VIRT_OK);
        VT_CHECK_EQ_STR(virt_sxp_value(doc->root, "a/b"), "c d");
        VT_CHECK_EQ_INT(virt_sxp_parse_into(doc, "(a (b", (size_t)-1, 0, &st), VIRT_E_SYNTAX);
        VT_CHECK(doc->root == NULL);
    }
    /* grows past its first blocks, then shrinks back */
    big[0] = '(';
    for (i = 0; i < 900; i++) memcpy(big + 1 + 4 * i, "(x) ", 4);
    big[3601] = ')';
    big[3602] = '\0';
    VT_CHECK_EQ_INT(virt_sxp_parse_into(doc, big, (size_t)-1, 0, &st), VIRT_OK);
    VT_CHECK_EQ_INT(virt_sxp_parse_into(doc, "last", (size_t)-1, 0, &st), VIRT_OK);
    VT_CHECK_EQ_STR(doc->root ? doc->root->atom : NULL, "last");
    virt_sxp_doc_free(doc);
    /* leniency of libvirt's reader, on request only */
    doc = NULL;
    VT_CHECK_EQ_INT(virt_sxp_parse_ex("(a b))", (size_t)-1, VIRT_SXP_FIRST_VALUE, &doc, &st), VIRT_OK);
    virt_sxp_doc_free(doc);
    doc = NULL;
    VT_CHECK_EQ_INT(virt_sxp_parse_ex("(a (b c)", (size_t)-1, VIRT_SXP_AUTOCLOSE, &doc, &st), VIRT_OK);
    VT_CHECK_EQ_STR(doc ? virt_sxp_value(doc->root, "a/b") : NULL, "c");
    virt_sxp_doc_free(doc);
    doc = NULL;
    VT_CHECK_EQ_INT(virt_sxp_parse_ex("(a (b c)", (size_t)-1, 0, &doc, &st), VIRT_E_SYNTAX);
}

static void test_reader_errors(void)
{
    char deep[400];
    int i;
    expect_error("", 0, VIRT_E_SYNTAX, "empty");
    expect_error("   ", (size_t)-1, VIRT_E_SYNTAX, "empty");
    expect_error("(a (b)", (size_t)-1, VIRT_E_SYNTAX, "opened at byte 0");
    expect_error(")", (size_t)-1, VIRT_E_SYNTAX, "byte 0");
    expect_error("(a 'bc)", (size_t)-1, VIRT_E_SYNTAX, "opened at byte 3");
    expect_error("(a) b", (size_t)-1, VIRT_E_SYNTAX, "byte 4");
    expect_error("(a '\\x4')", (size_t)-1, VIRT_E_SYNTAX, "byte 4");
    expect_error("(a '\\0')", (size_t)-1, VIRT_E_SYNTAX, "NUL");
    expect_error("(a b\0c)", 7, VIRT_E_SYNTAX, "byte 4");
    for (i = 0; i < 200; i++) { deep[i] = '('; deep[200 + i] = ')'; }
    expect_error(deep, 400, VIRT_E_LIMIT, "deeper than");
    expect_error(deep, 100, VIRT_E_LIMIT, "deeper than");
    for (i = 0; i < VIRT_SXP_MAX_DEPTH; i++) { deep[i] = '('; deep[VIRT_SXP_MAX_DEPTH + i] = ')'; }
    {
        virt_sxp_doc *doc = NULL;
        virt_status st;
        VT_CHECK_EQ_INT(virt_sxp_parse(deep, 2 * VIRT_SXP_MAX_DEPTH, &doc, &st), VIRT_OK);
        virt_sxp_doc_free(doc);
    }
}

/* The writer must make any string one atom: names like these cannot add
 * fields to a (vm ...) config. */
static void test_quoting(void)
{
    static const char *const nasty[] = { "a) (b", "it's", "say \"hi\"", "both ' and \"", "back\\slash",
                                         "new\nline", "tab\there", "", "(name evil)", "#comment",
                                         "\x01\x7f\xff", "plain-atom_1.2:3/4~" };
    size_t i;
    for (i = 0; i < sizeof nasty / sizeof nasty[0]; i++) {
        char *q = virt_sxp_quote(nasty[i]);
        char *wrapped = NULL;
        virt_sxp_doc *doc = NULL;
        virt_status st;
        size_t n = strlen(q) + 16;
        wrapped = (char *)malloc(n);
        snprintf(wrapped, n, "(name %s)", q);
        VT_CHECK_EQ_INT(virt_sxp_parse(wrapped, (size_t)-1, &doc, &st), VIRT_OK);
        if (doc) {
            VT_CHECK(doc->root->child->next && !doc->root->child->next->next);   /* exactly one value */
            VT_CHECK_EQ_STR(virt_sxp_value(doc->root, "name"), nasty[i]);
        }
        virt_sxp_doc_free(doc);
        free(wrapped);
        free(q);
    }
    {
        char *q = virt_sxp_quote("plain-atom_1.2:3/4~");
        VT_CHECK_EQ_STR(q, "plain-atom_1.2:3/4~");       /* xend's bare set stays bare */
        free(q);
        q = virt_sxp_quote("it's");
        VT_CHECK_EQ_STR(q, "\"it's\"");                  /* Python repr's choice of quote */
        free(q);
    }
}

/* The pretty-printed xend 3.0.3 reply of libvirt's test data. */
static void test_pretty_file(const char *shared)
{
    char path[1024];
    FILE *f;
    char buf[8192];
    size_t n;
    virt_sxp_doc *doc;
    snprintf(path, sizeof path, "%s/conformance/libvirt-xen/sexpr2xml/sexpr2xml-curmem.sexpr", shared);
    f = fopen(path, "rb");
    if (!f) { printf("note: %s missing, pretty-print case skipped\n", path); return; }
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    doc = parse_ok(buf);
    if (!doc) return;
    VT_CHECK_EQ_STR(virt_sxp_value(doc->root, "domain/image/linux/args"), "ro root=/dev/VolGroup00/LogVol00 rhgb quiet");
    /* a path step takes the first list of that name: the vif device */
    VT_CHECK_EQ_STR(virt_sxp_value(doc->root, "domain/device/vif/mac"), "00:16:3e:1d:06:15");
    VT_CHECK(virt_sxp_lookup(doc->root, "domain/device/tap") == NULL);
    VT_CHECK_EQ_STR(virt_sxp_value(doc->root, "domain/state"), "-b----");
    {
        virt_xend_domain d;
        virt_status st;
        VT_CHECK_EQ_INT(virt_xend_domain_parse(doc->root, &d, &st), VIRT_OK);
        VT_CHECK_EQ_STR(d.name, "rhel5");
        VT_CHECK_EQ_INT(d.id, 5);
        VT_CHECK_EQ_INT(d.state, 2);                 /* blocked */
        VT_CHECK_EQ_INT(d.memory_kib, 175 * 1024);
        VT_CHECK_EQ_INT(d.maxmem_kib, 385 * 1024);
        VT_CHECK_EQ_INT(d.vcpus, 1);
        VT_CHECK_EQ_INT(d.cpu_time_ns / 1000000, 137189);
        VT_CHECK(d.has_uuid && d.uuid[0] == 0x4f && d.uuid[15] == 0x80);
    }
    virt_sxp_doc_free(doc);
}

static void test_states_and_node(void)
{
    virt_sxp_doc *doc;
    virt_xend_node node;
    virt_status st;
    VT_CHECK_EQ_INT(virt_xend_state_from_string("r-----"), 1);
    VT_CHECK_EQ_INT(virt_xend_state_from_string("-b----"), 2);
    VT_CHECK_EQ_INT(virt_xend_state_from_string("--p---"), 3);
    VT_CHECK_EQ_INT(virt_xend_state_from_string("---s--"), 4);
    VT_CHECK_EQ_INT(virt_xend_state_from_string("-----d"), 5);
    VT_CHECK_EQ_INT(virt_xend_state_from_string("----cd"), 6);
    VT_CHECK_EQ_INT(virt_xend_state_from_string("------"), 0);
    VT_CHECK_EQ_INT(virt_xend_state_from_string(NULL), 5);
    doc = parse_ok("(node (system Linux) (host xenhost) (machine i686) (nr_cpus 2) (nr_nodes 1) "
                   "(sockets_per_node 1) (cores_per_socket 2) (threads_per_core 1) (cpu_mhz 2394) "
                   "(total_memory 2047) (xen_major 3) (xen_minor 0) (xen_extra .3-1) (xend_config_format 2))");
    if (doc) {
        VT_CHECK_EQ_INT(virt_xend_node_parse(doc->root, &node, &st), VIRT_OK);
        VT_CHECK_EQ_STR(node.machine, "i686");
        VT_CHECK_EQ_INT(node.total_memory_kib, 2047 * 1024);
        VT_CHECK_EQ_INT(node.cores_per_socket, 2);
        VT_CHECK_EQ_INT(node.xen_micro, 31);
        VT_CHECK_EQ_INT(node.config_format, 2);
        virt_sxp_doc_free(doc);
    }
    doc = parse_ok("(node (machine x86_64))");     /* 3.0.2: no xend_config_format */
    if (doc) {
        VT_CHECK_EQ_INT(virt_xend_node_parse(doc->root, &node, &st), VIRT_OK);
        VT_CHECK_EQ_INT(node.config_format, 1);
        virt_sxp_doc_free(doc);
    }
    doc = parse_ok("(domain (domid 1))");
    if (doc) {
        VT_CHECK_EQ_INT(virt_xend_node_parse(doc->root, &node, &st), VIRT_E_PROTO);
        VT_CHECK_EQ_INT(virt_xend_domain_parse(doc->root, (virt_xend_domain *)&node, &st), VIRT_E_PROTO);
        virt_sxp_doc_free(doc);
    }
}

static int parse_http(const char *raw, int eof, size_t max_body, virt_http_response *r, virt_status *st)
{
    size_t used = 0;
    return virt_http_parse_response(raw, strlen(raw), eof, 4096, max_body, r, &used, st);
}

/* Replies the parser must refuse, or wait on, with the code it gives:
 * Content-length bodies, chunked bodies, then heads. */
static const struct http_refusal {
    const char *raw;
    int eof;
    size_t max_body;
    int want;
} http_refusals[] = {
    {"HTTP/1.1 200 OK\r\nContent-length: 9\r\n\r\n(a b)", 0, 100, VIRT_E_AGAIN},
    {"HTTP/1.1 200 OK\r\nContent-length: 9\r\n\r\n(a b)", 1, 100, VIRT_E_CLOSED},
    {"HTTP/1.1 200 OK\r\nContent-length: 1000\r\n\r\n(a b)", 0, 100, VIRT_E_LIMIT},
    {"HTTP/1.1 200 OK\r\nContent-length: 99999999999999999999999\r\n\r\n", 0, 100, VIRT_E_PROTO},
    {"HTTP/1.1 200 OK\r\nContent-length: 5x\r\n\r\n", 0, 100, VIRT_E_PROTO},
    {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n(a ", 0, 100, VIRT_E_AGAIN},
    {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n(a ", 1, 100, VIRT_E_CLOSED},
    {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfff\r\n", 0, 100, VIRT_E_LIMIT},
    {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 0, 100, VIRT_E_PROTO},
    {"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", 0, 100, VIRT_E_PROTO},
    {"SSH-2.0-OpenSSH\r\n\r\n", 0, 100, VIRT_E_PROTO},            /* not HTTP */
    {"HTTP/1.1 2x0 OK\r\n\r\n", 0, 100, VIRT_E_PROTO},
    {"HTTP/1.1 200 OK\r\nContent-", 0, 100, VIRT_E_AGAIN},         /* incomplete head */
    {"HTTP/1.1 200 OK\r\nContent-", 1, 100, VIRT_E_CLOSED},
};

static void check_http_refusals(size_t from, size_t to)
{
    size_t i;
    for (i = from; i < to; i++) {
        virt_http_response r;
        virt_status st;
        int rc = parse_http(http_refusals[i].raw, http_refusals[i].eof, http_refusals[i].max_body, &r, &st);
        if (rc == VIRT_OK) virt_http_response_free(&r);
        if (rc != http_refusals[i].want) fprintf(stderr, "http_refusals[%u]:\n", (unsigned)i);
        VT_CHECK_EQ_INT(rc, http_refusals[i].want);
    }
}

static void test_http_parser(void)
{
    virt_http_response r;
    virt_status st;
    /* xend's shape: Content-length in its capitalisation, no trailing newline */
    VT_CHECK_EQ_INT(parse_http("HTTP/1.1 200 OK\r\nContent-type: application/sxp\r\nContent-length: 5\r\n\r\n(a b)", 0,
                               100, &r, &st), VIRT_OK);
    VT_CHECK_EQ_INT(r.status, 200);
    VT_CHECK_EQ_STR(r.reason, "OK");
    VT_CHECK_EQ_STR(r.content_type, "application/sxp");
    VT_CHECK_EQ_STR(r.body, "(a b)");
    virt_http_response_free(&r);
    check_http_refusals(0, 5);
    /* chunked */
    VT_CHECK_EQ_INT(parse_http("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n(a \r\n2;x=y\r\nb)\r\n0\r\n\r\n",
                               0, 100, &r, &st), VIRT_OK);
    VT_CHECK_EQ_STR(r.body, "(a b)");
    VT_CHECK_EQ_INT(r.body_len, 5);
    virt_http_response_free(&r);
    check_http_refusals(5, 10);
    /* read until close */
    VT_CHECK_EQ_INT(parse_http("HTTP/1.0 200 OK\r\n\r\n(a)", 0, 100, &r, &st), VIRT_E_AGAIN);
    VT_CHECK_EQ_INT(parse_http("HTTP/1.0 200 OK\r\n\r\n(a)", 1, 100, &r, &st), VIRT_OK);
    VT_CHECK_EQ_STR(r.body, "(a)");
    virt_http_response_free(&r);
    VT_CHECK_EQ_INT(parse_http("HTTP/1.0 200 OK\r\n\r\n(aaaaaaaaaa)", 0, 4, &r, &st), VIRT_E_LIMIT);
    /* 204 has no body; bare LF line ends work too */
    VT_CHECK_EQ_INT(parse_http("HTTP/1.1 204 No Content\n\n", 0, 100, &r, &st), VIRT_OK);
    VT_CHECK_EQ_INT(r.body_len, 0);
    virt_http_response_free(&r);
    /* not HTTP, incomplete head, oversized head */
    check_http_refusals(10, 14);
    {
        char big[5000];
        memset(big, 'a', sizeof big - 1);
        memcpy(big, "HTTP/1.1 200 OK\r\nX: ", 20);
        big[sizeof big - 1] = '\0';
        VT_CHECK_EQ_INT(parse_http(big, 0, 100, &r, &st), VIRT_E_LIMIT);
    }
}

static void test_http_request_guards(void)
{
    virt_http_endpoint ep;
    virt_http_response r;
    virt_status st;
    char longpath[200];
    VT_CHECK_EQ_INT(virt_http_endpoint_unix(&ep, "/nonexistent/virt-test/xend-socket", &st), VIRT_OK);
    ep.connect_timeout_ms = 200;
    /* refused before any connection is tried */
    VT_CHECK_EQ_INT(virt_http_request(&ep, "GET", "/xend/domain/a\r\nX: y", NULL, NULL, 0, &r, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_http_request(&ep, "GET", "/xend/domain/a b", NULL, NULL, 0, &r, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_http_request(&ep, "GET\n", "/", NULL, NULL, 0, &r, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_http_request(&ep, "POST", "/", "text/plain\r\nX: y", "a", 1, &r, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_http_request(&ep, "GET", "relative", NULL, NULL, 0, &r, &st), VIRT_E_INVAL);
    /* a missing socket is an I/O error naming the path */
    VT_CHECK_EQ_INT(virt_http_request(&ep, "GET", "/xend/node/", NULL, NULL, 0, &r, &st), VIRT_E_IO);
    VT_CHECK(strstr(st.message, "/nonexistent/virt-test/xend-socket") != NULL);
    memset(longpath, 'x', sizeof longpath - 1);
    longpath[0] = '/';
    longpath[sizeof longpath - 1] = '\0';
    VT_CHECK_EQ_INT(virt_http_endpoint_unix(&ep, longpath, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_http_endpoint_tcp(&ep, "local\nhost", 80, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_http_endpoint_tcp(&ep, "localhost", 70000, &st), VIRT_E_INVAL);
    {
        const char *pairs[] = { "op", "create", "config", "(vm (name 'a+b&c=d%e f\n'))" };
        char *form = virt_http_form(pairs, 2);
        char *enc = virt_http_urlencode("a-b_c.d~e/f");
        VT_CHECK_EQ_STR(form, "op=create&config=%28vm%20%28name%20%27a%2Bb%26c%3Dd%25e%20f%0A%27%29%29");
        VT_CHECK_EQ_STR(enc, "a-b_c.d~e%2Ff");
        free(form);
        free(enc);
    }
}

/* The conversion is part of the protocol library: no virt.h needed. */
static void test_conversion_alone(void)
{
    static const char xml[] = "<domain type='xen'><name>p</name><memory>131072</memory>"
                              "<os><type>linux</type><kernel>/k</kernel></os></domain>";
    char *sxp = NULL, *name = NULL, *back = NULL;
    virt_status st;
    VT_CHECK_EQ_INT(virt_xend_xml_to_sxp(xml, 3, &sxp, &name, &st), VIRT_OK);
    VT_CHECK(sxp && strstr(sxp, "(kernel '/k')") != NULL);
    VT_CHECK(name && strcmp(name, "p") == 0);
    VT_CHECK_EQ_INT(virt_xend_sxp_to_xml("(domain (domid 1) (name p) (memory 128) (maxmem 128) (vcpus 1)"
                                         " (image (linux (kernel /k))))", (size_t)-1, 3, &back, &st), VIRT_OK);
    VT_CHECK(back && strstr(back, "<name>p</name>") != NULL);
    VIRT_FREE(sxp);
    VIRT_FREE(name);
    VIRT_FREE(back);
}

int main(void)
{
    const char *shared = getenv("VIRT_SHARED_DIR");
    test_reader();
    test_reader_errors();
    test_reuse_and_flags();
    test_quoting();
    test_pretty_file(shared ? shared : "../shared");
    test_states_and_node();
    test_http_parser();
    test_http_request_guards();
    test_conversion_alone();
    return vt_summary("test_sxp");
}
