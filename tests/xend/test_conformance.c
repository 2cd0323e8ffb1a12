/* tests/xend/test_conformance.c - libvirt 0.2.0's Xen conversion data
 * (../shared/conformance/libvirt-xen/pairs.tsv): every xml2sexpr and
 * sexpr2xml case, byte for byte, with the xend config format it lists.
 * Usage: test_xend_conformance SHARED_DIR (exits 77 when it is absent). */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"

static void report_diff(const char *what, const char *got, const char *want)
{
    size_t i = 0;
    while (got[i] && got[i] == want[i]) i++;
    fprintf(stderr, "%s: differs at byte %zu\n--- got:\n%s\n--- expected:\n%s\n", what, i, got, want);
}

static int run_case(const char *dir, const char *direction, const char *input, const char *expected,
                    const char *domain_name, int format)
{
    char *in = vt_read_file(dir, input), *want = vt_read_file(dir, expected), *got = NULL, *name = NULL;
    virt_status st;
    int rc, ok = 0;
    char what[1100];   /* direction and input are at most 511 bytes each (pairs.tsv fields) */
    snprintf(what, sizeof what, "%s %s (format %d)", direction, input, format);
    if (!in || !want) { free(in); free(want); VT_CHECK(0); return 0; }
    if (strcmp(direction, "xml2sexpr") == 0) {
        rc = virt_xend_xml_to_sxp(in, format, &got, &name, &st);
        VT_CHECK_EQ_INT(rc, VIRT_OK);
        if (rc == VIRT_OK) {
            ok = strcmp(got, want) == 0 && strcmp(name, domain_name) == 0;
            VT_CHECK_EQ_STR(name, domain_name);
        }
    } else {
        rc = virt_xend_sxp_to_xml(in, (size_t)-1, format, &got, &st);
        VT_CHECK_EQ_INT(rc, VIRT_OK);
        if (rc == VIRT_OK) ok = strcmp(got, want) == 0;
    }
    if (rc != VIRT_OK) fprintf(stderr, "%s: %s\n", what, st.message);
    else if (!ok) report_diff(what, got, want);
    VT_CHECK(ok);
    free(in);
    free(want);
    free(got);
    free(name);
    return ok;
}

int main(int argc, char **argv)
{
    char dir[1024], line[2048];
    char *pairs;
    FILE *f;
    int cases = 0, passed = 0;
    if (argc < 2) VT_SKIP("usage: test_xend_conformance SHARED_DIR");
    snprintf(dir, sizeof dir, "%s/conformance/libvirt-xen", argv[1]);
    snprintf(line, sizeof line, "%s/pairs.tsv", dir);
    f = fopen(line, "r");
    if (!f) VT_SKIP("../shared/conformance/libvirt-xen/pairs.tsv is not there (a clone without ../shared)");
    virSetErrorFunc(NULL, NULL);
    while (fgets(line, sizeof line, f)) {
        char direction[32], input[512], expected[512], name[128], source[256];
        int format;
        if (line[0] == '#') continue;
        if (sscanf(line, "%31s %511s %511s %127s %d %255s", direction, input, expected, name, &format, source) < 5)
            continue;
        if (strcmp(direction, "xml2sexpr") != 0 && strcmp(direction, "sexpr2xml") != 0) continue;
        cases++;
        passed += run_case(dir, direction, input, expected, name, format);
    }
    fclose(f);
    pairs = NULL;
    (void)pairs;
    printf("conformance: %d of %d xml2sexpr/sexpr2xml cases byte-identical\n", passed, cases);
    VT_CHECK_EQ_INT(cases, 30);
    /* a value with quotes and parentheses stays one value in the config */
    {
        const char *xml = "<domain type='xen'><name>a) (b 'x'</name><memory>131072</memory>"
                          "<os><type>linux</type><kernel>/k</kernel></os></domain>";
        char *sxp = NULL, *name = NULL;
        virt_sxp_doc *doc = NULL;
        virt_status st;
        VT_CHECK_EQ_INT(virt_xend_xml_to_sxp(xml, 2, &sxp, &name, &st), VIRT_OK);
        if (sxp) {
            VT_CHECK_EQ_INT(virt_sxp_parse(sxp, (size_t)-1, &doc, &st), VIRT_OK);
            VT_CHECK_EQ_STR(doc ? virt_sxp_value(doc->root, "vm/name") : NULL, "a) (b 'x'");
            VT_CHECK_EQ_STR(doc ? virt_sxp_value(doc->root, "vm/image/linux/kernel") : NULL, "/k");
        }
        virt_sxp_doc_free(doc);
        free(sxp);
        free(name);
    }
    return vt_summary("test_xend_conformance");
}
