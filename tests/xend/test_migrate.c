/* tests/xend/test_migrate.c - migration through xend (virDomainMigrate,
 * MigrateToURI, 2, 3 and Migrate3) against tests/xend/fake_xend.py, whose
 * op=migrate connects to the destination as xend does: a TCP listener of
 * this test on loopback plays the destination's relocation port. The URI
 * forms and the flag checks of libvirt's xend driver, the protocol-1
 * virDomainMigrate (the destination's host name as the default URI, the
 * domain found by name on the destination connection), and the refusals.
 *
 *   test_xend_migrate PYTHON FAKE_XEND VERSION     (77: skipped) */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"
#include "../virt_test_api.h"
#include "fake_spawn.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* The fake's last migration ("HOST:PORT live=L", "... refused"). */
static void last_migrate(const fake_xend *f, char *out, size_t cap)
{
    virt_http_endpoint ep;
    virt_sxp_doc *doc = NULL;
    virt_status st;
    const char *v;
    out[0] = '\0';
    if (virt_http_endpoint_unix(&ep, f->sock, &st) != VIRT_OK) return;
    if (virt_xend_get(&ep, "/fake/stats", &doc, &st) != VIRT_OK) return;
    v = virt_sxp_value(doc->root, "stats/last_migrate");
    snprintf(out, cap, "%s", v ? v : "");
    virt_sxp_doc_free(doc);
}

/* A loopback listener (the destination's relocation port); its port. */
static int listener(int *port)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);    /* the fakes must not keep it listening */
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 8) < 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(sa.sin_port);
    return fd;
}

static void check_refusals(virConnectPtr c, const char *to)
{
    virDomainPtr d = virDomainLookupByName(c, "guest3");
    VT_CHECK(d != NULL);
    if (!d) return;
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, to, 0, "renamed", 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK(vt_message_has("Xen does not support renaming domains during migration"));
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, to, 0, NULL, 10), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK(vt_message_has("bandwidth limits"));
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, to, VIR_MIGRATE_PAUSED, NULL, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK(vt_message_has("xend cannot migrate paused domains"));
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, to, VIR_MIGRATE_TUNNELLED, NULL, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK(vt_message_has("unsupported flag (0x4)"));
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, to, VIR_MIGRATE_PEER2PEER, NULL, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_ARGUMENT_UNSUPPORTED);
    VT_CHECK(vt_message_has("p2p migration is not supported by the source host"));
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, "tcp://127.0.0.1:1/", 0, NULL, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(vt_message_has("only xenmigr:// migrations are supported by Xen"));
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, "xenmigr:///", 0, NULL, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(vt_message_has("a hostname must be specified"));
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, "127.0.0.1:port", 0, NULL, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(vt_message_has("invalid port number"));
    VT_CHECK_EQ_INT(virDomainMigrateToURI2(d, NULL, to, "<domain/>", 0, NULL, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_ARGUMENT_UNSUPPORTED);
    VT_CHECK(vt_message_has("Unable to change target guest XML during migration"));
    VT_CHECK_EQ_INT(virDomainMigrateToURI2(d, NULL, NULL, NULL, 0, NULL, 0), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK_EQ_INT(virDomainIsActive(d), 1);     /* nothing moved */
    virDomainFree(d);
}

int main(int argc, char **argv)
{
    fake_xend src, dst;
    const char *extra_src[] = { "--version", NULL, "--guests", "4", NULL };
    const char *extra_dst[] = { "--version", NULL, "--guests", "1", NULL };
    char to[128], seen[160];
    int lfd, port, dead;
    virConnectPtr c, dc, ro;
    virDomainPtr d, moved;
    if (argc < 4) VT_SKIP("usage: test_xend_migrate PYTHON FAKE_XEND VERSION");
    extra_src[1] = extra_dst[1] = argv[3];
    virSetErrorFunc(NULL, vt_quiet_errors);
    setenv("XENSTORED_PATH", "/nonexistent/xenstored-socket", 1);
    if ((lfd = listener(&port)) < 0) VT_SKIP("no loopback TCP");
    if (fake_start(&src, argv[1], argv[2], NULL, extra_src) < 0) VT_SKIP("cannot run fake_xend.py");
    if (fake_start(&dst, argv[1], argv[2], NULL, extra_dst) < 0) { fake_stop(&src); VT_SKIP("cannot run fake_xend.py"); }
    c = virConnectOpen(src.uri);
    dc = virConnectOpen(dst.uri);
    VT_CHECK(c != NULL && dc != NULL);
    if (!c || !dc) goto out;
    snprintf(to, sizeof to, "xenmigr://127.0.0.1:%d/", port);
    check_refusals(c, to);

    /* ToURI with a xenmigr:// URI, live */
    d = virDomainLookupByName(c, "guest3");
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, to, VIR_MIGRATE_LIVE, NULL, 0), 0);
    last_migrate(&src, seen, sizeof seen);
    snprintf(to, sizeof to, "127.0.0.1:%d live=1", port);
    VT_CHECK_EQ_STR(seen, to);
    VT_CHECK(virDomainIsActive(d) != 1);
    VT_CHECK(virDomainLookupByName(c, "guest3") == NULL);       /* it left the source */
    virDomainFree(d);

    /* ToURI2's migrate URI as "host:port", not live */
    d = virDomainLookupByName(c, "guest4");
    snprintf(to, sizeof to, "127.0.0.1:%d", port);
    VT_CHECK_EQ_INT(virDomainMigrateToURI2(d, NULL, to, NULL, 0, NULL, 0), 0);
    last_migrate(&src, seen, sizeof seen);
    snprintf(to, sizeof to, "127.0.0.1:%d live=0", port);
    VT_CHECK_EQ_STR(seen, to);
    virDomainFree(d);

    /* protocol 1: no URI -> xenmigr://<the destination's host name>; the
     * fake cannot reach "fakexen", so xend's error comes back */
    d = virDomainLookupByName(c, "guest1");
    VT_CHECK(virDomainMigrate(d, dc, VIR_MIGRATE_LIVE, NULL, NULL, 0) == NULL);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_POST_FAILED);
    VT_CHECK(vt_message_has("can't connect"));
    last_migrate(&src, seen, sizeof seen);
    VT_CHECK_EQ_STR(seen, "fakexen:8002 live=1 refused");
    /* with a URI: performed, then found by name on the destination */
    snprintf(to, sizeof to, "xenmigr://127.0.0.1:%d", port);
    moved = virDomainMigrate(d, dc, VIR_MIGRATE_LIVE, NULL, to, 0);
    VT_CHECK(moved != NULL);
    if (moved) {
        VT_CHECK(virDomainGetConnect(moved) == dc);
        VT_CHECK_EQ_STR(virDomainGetName(moved), "guest1");
        virDomainFree(moved);
    }
    virDomainFree(d);

    /* Migrate3 / ToURI3 take the URI from the typed parameters */
    d = virDomainLookupByName(c, "guest2");
    {
        virTypedParameterPtr params = NULL;
        int n = 0, max = 0;
        close(lfd);                                   /* the destination goes away */
        VT_CHECK_EQ_INT(virTypedParamsAddString(&params, &n, &max, "migrate_uri", to), 0);
        VT_CHECK_EQ_INT(virDomainMigrateToURI3(d, NULL, params, (unsigned int)n, 0), -1);
        VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_POST_FAILED);
        VT_CHECK(vt_message_has("can't connect"));
        last_migrate(&src, seen, sizeof seen);
        VT_CHECK(strstr(seen, "refused") != NULL);
        VT_CHECK_EQ_INT(virTypedParamsAddString(&params, &n, &max, "destination_xml", "<domain/>"), 0);
        VT_CHECK(virDomainMigrate3(d, dc, params, (unsigned int)n, 0) == NULL);
        VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_ARGUMENT_UNSUPPORTED);
        virTypedParamsFree(params, n);
        VT_CHECK_EQ_INT(virDomainIsActive(d), 1);
    }
    /* a destination of another driver, a read-only one, domain 0 */
    {
        virConnectPtr t = virConnectOpen("test:///default");
        if (t) {
            VT_CHECK(virDomainMigrate(d, t, 0, NULL, NULL, 0) == NULL);
            VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_NO_SUPPORT);
            virConnectClose(t);
        }
    }
    ro = virConnectOpenReadOnly(dst.uri);
    if (ro) {
        VT_CHECK(virDomainMigrate(d, ro, 0, NULL, NULL, 0) == NULL);
        VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_DENIED);
        virConnectClose(ro);
    }
    virDomainFree(d);
    d = virDomainLookupByID(c, 0);
    VT_CHECK_EQ_INT(virDomainMigrateToURI(d, "127.0.0.1:1", 0, NULL, 0), -1);
    VT_CHECK(vt_message_has("Cannot migrate privileged domain 0"));
    virDomainFree(d);
    dead = 0;
out:
    (void)dead;
    if (c) virConnectClose(c);
    if (dc) virConnectClose(dc);
    fake_stop(&src);
    fake_stop(&dst);
    return vt_summary("test_xend_migrate");
}
