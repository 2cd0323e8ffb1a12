/* tests/xml/test_xml_libxl.c - domain XML written by today's libvirt for
 * its libxl driver (../shared/conformance/libvirt-xl: xlconfig/ and
 * libxlxml2domconfig/, every .xml): every document parses; parse -> write (libvirt
 * 9 layout) -> parse -> write is a fixed point; the output validates
 * against libvirt's domain.rng. What the model does not hold yet is
 * listed (def->unsupported), not hidden: such a document is refused by
 * the consumers that must not lose it. Usage: test_xml_libxl SHARED_DIR;
 * skips (77) without the data. */
#define VIRT_IMPLEMENTATION
#include "virt_xml.h"
#include "../virt_test.h"
#include "xml_test_util.h"
#include <dirent.h>
#include <unistd.h>

#define SCHEMA "/usr/share/libvirt/schemas/domain.rng"

static int have_xmllint;
static unsigned files, complete, beyond_9;

/* 1 when xmllint accepts the document against libvirt 9.0's schema; *why
 * gets what it said otherwise (the caller frees it). */
static int rng_valid(const char *xml, char **why)
{
    char path[] = "/tmp/virt-libxl-rng-XXXXXX", cmd[512], *out;
    int fd = mkstemp(path), ok;
    FILE *f;
    *why = NULL;
    if (fd < 0 || !(f = fdopen(fd, "w"))) return 0;
    fputs(xml, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "xmllint --noout --relaxng " SCHEMA " %s 2>&1; echo RC=$?", path);
    out = xt_run(cmd);
    ok = out && strstr(out, "RC=0") != NULL;
    unlink(path);
    if (ok) free(out); else *why = out;
    return ok;
}

/* Our output validates whenever the input does (some of the data is
 * written by libvirt 11 and uses what 9.0's schema does not have yet,
 * such as <loader format=''>). */
static void validates(const char *input, const char *xml, const char *what)
{
    char *why;
    if (!have_xmllint) return;
    if (!rng_valid(input, &why)) { beyond_9++; free(why); return; }
    if (!rng_valid(xml, &why)) fprintf(stderr, "%s: our output does not validate:\n%s\n%s", what, why ? why : "", xml);
    else VT_CHECK(1);
    VT_CHECK(why == NULL);
    free(why);
}

static void one(const char *dir, const char *file, void *unused)
{
    char path[1024], *doc, *a = NULL, *b = NULL;
    virt_domain_def *d1 = NULL, *d2 = NULL;
    virt_status st;
    int rc;
    (void)unused;
    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path) {
        VT_CHECK(!"data path too long");
        return;
    }
    doc = xt_slurp(path, NULL);
    VT_CHECK(doc != NULL);
    if (!doc) return;
    files++;
    rc = virt_domain_def_parse(doc, (size_t)-1, &d1, &st);
    if (rc != VIRT_OK) fprintf(stderr, "%s: %s\n", file, st.message);
    VT_CHECK_EQ_INT(rc, VIRT_OK);
    if (d1) a = virt_domain_def_format_ex(d1, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE);
    VT_CHECK(a != NULL);
    if (a) VT_CHECK_EQ_INT(virt_domain_def_parse(a, (size_t)-1, &d2, &st), VIRT_OK);
    if (d2) b = virt_domain_def_format_ex(d2, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE);
    if (a && b && strcmp(a, b) != 0) fprintf(stderr, "%s: not a fixed point:\n%s----\n%s", file, a, b);
    VT_CHECK(a && b && strcmp(a, b) == 0);
    if (a) validates(doc, a, file);
    if (d1 && d1->unsupported) printf("  %-45s not modelled yet: %s\n", file, d1->unsupported);
    else if (d1) complete++;
    virt_domain_def_free(d1);
    virt_domain_def_free(d2);
    free(a);
    free(b);
    free(doc);
}

static void dir_of(const char *shared, const char *sub)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/conformance/libvirt-xl/%s", shared, sub);
    VT_CHECK(xt_each_xml(dir, one, NULL) == 0);
}

int main(int argc, char **argv)
{
    const char *shared = argc > 1 ? argv[1] : "../shared";
    char probe[1024], *v;
    snprintf(probe, sizeof probe, "%s/conformance/libvirt-xl/xlconfig", shared);
    if (!xt_is_dir(probe)) VT_SKIP("no libvirt-xl conformance data under ../shared");
    v = xt_run("xmllint --version 2>&1");
    have_xmllint = v != NULL && access(SCHEMA, R_OK) == 0;
    free(v);
    if (!have_xmllint) printf("xmllint or domain.rng missing: validation not checked\n");
    dir_of(shared, "xlconfig");
    dir_of(shared, "libxlxml2domconfig");
    printf("%u documents, %u held completely by the model; %u inputs beyond libvirt 9.0's schema "
           "(output validation not required for them)\n", files, complete, beyond_9);
    VT_CHECK(files >= 46);
    return vt_summary("xml_libxl");
}
