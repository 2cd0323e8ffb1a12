/* tests/xs/test_xs_debian.c - the fake xenstored against Debian's own
 * xenstore tools (xenstore-utils, built on libxenstore 4.17, which honours
 * XENSTORED_PATH): what the tools write, virt's client reads, and the other
 * way round. This is what tells us the fake speaks the real protocol
 * (transactions: every tool call runs in one; DIRECTORY_PART: libxenstore
 * falls back to it on E2BIG; GET/SET_PERMS: xenstore-chmod, xenstore-ls -p;
 * watches: xenstore-watch).
 * Usage: test_xs_debian FAKE_XENSTORED_PY */
#define VIRT_IMPLEMENTATION
#include "virt_xs.h"
#include "../virt_test.h"
#include "xs_fake.h"

/* Runs a shell command; returns its exit status and first 64 KiB of stdout. */
static int run(const char *cmd, char *out, size_t n)
{
    FILE *f = popen(cmd, "r");
    size_t got = 0;
    int rc;
    if (!f) return -1;
    if (out && n) {
        size_t r;
        while (got < n - 1 && (r = fread(out + got, 1, n - 1 - got, f)) > 0) got += r;
        out[got] = '\0';
    } else {
        char sink[256];
        while (fread(sink, 1, sizeof sink, f) > 0) {}
    }
    rc = pclose(f);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++) if (*s == '\n') n++;
    return n;
}

int main(int argc, char **argv)
{
    static char out[65536];
    char sock[200], cmd[8192], *v = NULL, **names = NULL;
    virt_status st;
    virt_xs *xs;
    unsigned int n = 0, i;
    virt_xs_perm *perms = NULL;
    size_t len;
    pid_t pid;

    if (argc < 2) VT_SKIP("usage: test_xs_debian FAKE_XENSTORED_PY");
    if (run("command -v xenstore-read >/dev/null 2>&1", NULL, 0) != 0)
        VT_SKIP("Debian's xenstore tools are not installed (apt-get install xenstore-utils)");
    pid = xsf_start_for_test(argv[1], sock, sizeof sock, "debian", 0, 1);
    xs = virt_xs_open(sock, 0, &st);
    VT_CHECK(xs != NULL);
    if (!xs) { xsf_stop(pid); return vt_summary("test_xs_debian"); }

    /* Debian writes, virt reads */
    VT_CHECK_EQ_INT(run("xenstore-write /virt/a 1 /virt/b two /virt/c/d deep", NULL, 0), 0);
    VT_CHECK_EQ_INT(virt_xs_read(xs, 0, "/virt/b", &v, &len, &st), VIRT_OK);
    VT_CHECK_EQ_STR(v, "two");
    free(v);
    VT_CHECK_EQ_INT(virt_xs_read(xs, 0, "/virt/c/d", &v, &len, &st), VIRT_OK);
    VT_CHECK_EQ_STR(v, "deep");
    free(v);
    VT_CHECK_EQ_INT(virt_xs_directory(xs, 0, "/virt", &names, &n, &st), VIRT_OK);
    VT_CHECK_EQ_INT(n, 3);
    free(names);

    /* virt writes, Debian reads, lists, walks */
    VT_CHECK_EQ_INT(virt_xs_write(xs, 0, "/virt/e", "from-virt", 9, &st), VIRT_OK);
    VT_CHECK_EQ_INT(run("xenstore-read /virt/e", out, sizeof out), 0);
    VT_CHECK_EQ_STR(out, "from-virt\n");
    VT_CHECK_EQ_INT(run("xenstore-list /virt", out, sizeof out), 0);
    VT_CHECK_EQ_STR(out, "a\nb\nc\ne\n");
    VT_CHECK_EQ_INT(run("xenstore-ls -f /virt", out, sizeof out), 0);
    VT_CHECK(strstr(out, "/virt/c/d = \"deep\"") != NULL);
    VT_CHECK(strstr(out, "/virt/e = \"from-virt\"") != NULL);
    VT_CHECK_EQ_INT(run("xenstore-exists /virt/e", NULL, 0), 0);
    VT_CHECK(run("xenstore-exists /virt/nothing", NULL, 0) != 0);
    VT_CHECK(run("xenstore-read /virt/nothing 2>/dev/null", NULL, 0) != 0);

    /* removal both ways */
    VT_CHECK_EQ_INT(run("xenstore-rm /virt/a", NULL, 0), 0);
    VT_CHECK_EQ_INT(virt_xs_read(xs, 0, "/virt/a", &v, NULL, &st), VIRT_E_NOENT);
    VT_CHECK_EQ_INT(virt_xs_rm(xs, 0, "/virt/b", &st), VIRT_OK);
    VT_CHECK(run("xenstore-read /virt/b 2>/dev/null", NULL, 0) != 0);

    /* permissions: xenstore-chmod sets, virt reads; virt sets, xenstore-ls -p shows */
    VT_CHECK_EQ_INT(run("xenstore-chmod /virt/e b0 r7", NULL, 0), 0);
    VT_CHECK_EQ_INT(virt_xs_get_perms(xs, 0, "/virt/e", &perms, &n, &st), VIRT_OK);
    VT_CHECK_EQ_INT(n, 2);
    if (n == 2) {
        VT_CHECK_EQ_INT(perms[0].access, VIRT_XS_ACCESS_BOTH);
        VT_CHECK_EQ_INT(perms[1].domid, 7);
        VT_CHECK_EQ_INT(perms[1].access, VIRT_XS_ACCESS_READ);
    }
    free(perms);
    VT_CHECK_EQ_INT(run("xenstore-ls -p /virt", out, sizeof out), 0);
    VT_CHECK(strstr(out, "(b0,r7)") != NULL);

    /* a directory larger than one payload: libxenstore's DIRECTORY_PART
     * path and ours must both see every child */
    len = (size_t)snprintf(cmd, sizeof cmd, "xenstore-write");
    for (i = 0; i < 150; i++)
        len += (size_t)snprintf(cmd + len, sizeof cmd - len, " /virt/many/a-rather-long-child-name-%03u x", i);
    VT_CHECK_EQ_INT(run(cmd, NULL, 0), 0);
    for (i = 150; i < 300; i++) {
        char path[96];
        snprintf(path, sizeof path, "/virt/many/a-rather-long-child-name-%03u", i);
        (void)virt_xs_write(xs, 0, path, "y", 1, &st);
    }
    VT_CHECK_EQ_INT(run("xenstore-list /virt/many", out, sizeof out), 0);
    VT_CHECK_EQ_INT(count_lines(out), 300);
    VT_CHECK(strstr(out, "a-rather-long-child-name-299\n") != NULL);
    VT_CHECK_EQ_INT(virt_xs_directory(xs, 0, "/virt/many", &names, &n, &st), VIRT_OK);
    VT_CHECK_EQ_INT(n, 300);
    free(names);

    /* a watch: xenstore-watch sees virt's write (initial event + ours) */
    {
        FILE *w = popen("timeout 10 xenstore-watch -n 2 /virt/watched", "r");
        VT_CHECK(w != NULL);
        if (w) {
            size_t got = 0, r;
            xsf_sleep_ms(300);                    /* let it register */
            VT_CHECK_EQ_INT(virt_xs_write(xs, 0, "/virt/watched/x", "1", 1, &st), VIRT_OK);
            while (got < sizeof out - 1 && (r = fread(out + got, 1, sizeof out - 1 - got, w)) > 0) got += r;
            out[got] = '\0';
            VT_CHECK_EQ_INT(pclose(w), 0);
            VT_CHECK(strstr(out, "/virt/watched\n") != NULL);
            VT_CHECK(strstr(out, "/virt/watched/x\n") != NULL);
        }
    }

    virt_xs_close(xs);
    xsf_stop(pid);
    unlink(sock);
    return vt_summary("test_xs_debian");
}
