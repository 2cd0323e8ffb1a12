/* tests/xml/test_xml_libvirt9.c - the test driver's dumpxml against libvirt
 * 9.0's, live: every document of tests/xml/data/libvirt9 is defined on
 * Debian's `virsh -c test:///default` and on ours, and the two `dumpxml`
 * outputs must be the same text (MAC addresses that libvirt makes up at
 * random compared as a placeholder). Our output must also validate
 * against libvirt's domain.rng, and parse -> write -> parse must be a
 * fixed point. Usage: test_xml_libvirt9 DATA_DIR. Skips (77) without virsh. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"
#include "xml_test_util.h"
#include <dirent.h>
#include <unistd.h>

#define SCHEMA "/usr/share/libvirt/schemas/domain.rng"

/* 52:54:00:xx:xx:xx (libvirt's random MACs) -> 52:54:00:RR:RR:RR */
static void mask_random_macs(char *s)
{
    char *p = s;
    while ((p = strstr(p, "52:54:00:")) != NULL) {
        if (strlen(p) >= 17) memcpy(p + 9, "RR:RR:RR", 8);
        p += 9;
    }
}

/* The <domain>...</domain> part of virsh's output, or NULL. */
static char *domain_part(const char *out)
{
    const char *a = out ? strstr(out, "<domain") : NULL, *b = a ? strstr(a, "</domain>") : NULL;
    char *r;
    if (!b) return NULL;
    r = (char *)malloc((size_t)(b - a) + sizeof "</domain>\n");
    if (!r) return NULL;
    memcpy(r, a, (size_t)(b - a));
    strcpy(r + (b - a), "</domain>\n");
    return r;
}

static char *libvirt_dumpxml(const char *path, const char *name)
{
    char cmd[1024], *out, *xml;
    if (snprintf(cmd, sizeof cmd, "virsh -q -c test:///default 'define %s; dumpxml %s' 2>&1", path, name) >=
        (int)sizeof cmd) {
        fprintf(stderr, "command for %s too long\n", path);
        return NULL;
    }
    out = xt_run(cmd);
    xml = domain_part(out);
    if (!xml) fprintf(stderr, "virsh refused %s:\n%s\n", path, out ? out : "(no output)");
    free(out);
    return xml;
}

static char *our_dumpxml(virConnectPtr conn, const char *doc)
{
    virDomainPtr dom = virDomainDefineXML(conn, doc);
    char *xml;
    if (!dom) {
        virErrorPtr e = virGetLastError();
        fprintf(stderr, "virt refused the document: %s\n", e && e->message ? e->message : "?");
        return NULL;
    }
    xml = virDomainGetXMLDesc(dom, 0);
    virDomainUndefine(dom);
    virDomainFree(dom);
    return xml;
}

static void show_diff(const char *want, const char *got)
{
    char a[] = "/tmp/virt-lv9-want-XXXXXX", b[] = "/tmp/virt-lv9-got-XXXXXX", cmd[256], *out;
    int fa = mkstemp(a), fb = mkstemp(b);
    FILE *f;
    if (fa >= 0 && (f = fdopen(fa, "w"))) { fputs(want, f); fclose(f); }
    if (fb >= 0 && (f = fdopen(fb, "w"))) { fputs(got, f); fclose(f); }
    snprintf(cmd, sizeof cmd, "diff -u %s %s; true", a, b);
    out = xt_run(cmd);
    fprintf(stderr, "libvirt (-) and virt (+) differ:\n%s", out ? out : "");
    free(out);
    unlink(a);
    unlink(b);
}

static void validates(const char *xml, const char *what)
{
    char path[] = "/tmp/virt-lv9-rng-XXXXXX", cmd[512], *out;
    int fd = mkstemp(path);
    FILE *f;
    if (access(SCHEMA, R_OK) != 0 || fd < 0 || !(f = fdopen(fd, "w"))) return;
    fputs(xml, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "xmllint --noout --relaxng " SCHEMA " %s 2>&1 && echo VALID", path);
    out = xt_run(cmd);
    if (!out || !strstr(out, "VALID")) fprintf(stderr, "%s does not validate:\n%s\n%s", what, out ? out : "", xml);
    VT_CHECK(out && strstr(out, "VALID"));
    free(out);
    unlink(path);
}

/* parse(ours) -> write -> parse -> write gives the same text */
static void fixed_point(const char *xml)
{
    virt_domain_def *a = NULL, *b = NULL;
    char *one = NULL, *two = NULL;
    VT_CHECK_EQ_INT(virt_domain_def_parse(xml, (size_t)-1, &a, NULL), VIRT_OK);
    if (a) { VT_CHECK(a->unsupported == NULL); one = virt_domain_def_format_ex(a, VIRT_XML_FORMAT_LIBVIRT9); }
    if (one) VT_CHECK_EQ_INT(virt_domain_def_parse(one, (size_t)-1, &b, NULL), VIRT_OK);
    if (b) two = virt_domain_def_format_ex(b, VIRT_XML_FORMAT_LIBVIRT9);
    VT_CHECK(one && two && strcmp(one, two) == 0);
    VT_CHECK(one && strcmp(one, xml) == 0);
    virt_domain_def_free(a);
    virt_domain_def_free(b);
    free(one);
    free(two);
}

static void compare_one(virConnectPtr conn, const char *dir, const char *file)
{
    char path[1024], *doc, *want, *got;
    virt_domain_def *def = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    doc = xt_slurp(path, NULL);
    VT_CHECK(doc != NULL);
    if (!doc) return;
    VT_CHECK_EQ_INT(virt_domain_def_parse(doc, (size_t)-1, &def, NULL), VIRT_OK);
    want = def ? libvirt_dumpxml(path, def->name) : NULL;
    got = our_dumpxml(conn, doc);
    VT_CHECK(want != NULL);
    VT_CHECK(got != NULL);
    if (want && got) {
        mask_random_macs(want);
        mask_random_macs(got);
        if (strcmp(want, got) != 0) { fprintf(stderr, "%s:\n", file); show_diff(want, got); }
        VT_CHECK_EQ_INT(strcmp(want, got), 0);
    }
    if (got) { validates(got, file); fixed_point(got); }
    printf("%s: %s\n", file, want && got && strcmp(want, got) == 0 ? "identical to libvirt 9" : "DIFFERS");
    virt_domain_def_free(def);
    free(doc);
    free(want);
    free(got);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/xml/data/libvirt9";
    char *version = xt_run("virsh --version 2>/dev/null");
    virConnectPtr conn;
    DIR *d;
    struct dirent *e;
    if (!version) VT_SKIP("virsh cannot be run (Debian package libvirt-clients)");
    free(version);
    conn = virConnectOpen("test:///default");
    VT_CHECK(conn != NULL);
    d = opendir(dir);
    VT_CHECK(d != NULL);
    while (conn && d && (e = readdir(d)) != NULL)
        if (strlen(e->d_name) > 4 && strcmp(e->d_name + strlen(e->d_name) - 4, ".xml") == 0)
            compare_one(conn, dir, e->d_name);
    if (d) closedir(d);
    if (conn) virConnectClose(conn);
    return vt_summary("xml_libvirt9");
}
