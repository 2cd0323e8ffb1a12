/* tests/xl/test_xl_native.c - libvirt's native format "xen-xl" (xl.cfg)
 * against libvirt's xlconfig data (../shared/conformance/libvirt-xl,
 * cases.tsv says each case's directions):
 *   cfg2xml  virt_xl_cfg_parse(.cfg), written in libvirt 9 layout with
 *            passwords (virt_domain_def_format_ex), must equal the .xml;
 *   xml2cfg  virt_domain_def_parse(.xml) -> virt_xl_cfg_format must equal
 *            the .cfg, byte for byte, as libvirt's test compares;
 * and what a passing cfg2xml case writes back as xl.cfg parses to the same
 * XML (a fixed point). A case virt cannot carry yet must be refused with
 * VIRT_E_UNSUPPORTED and a message (listed, counted), never converted with
 * something lost. Then bad input: syntax errors name the line, bad values
 * the key. Needs no libxl context. Usage: test_xl_native SHARED_DIR;
 * skips (77) without the data. */
#ifndef VIRT_WITH_XL
#define VIRT_WITH_XL
#endif
#define VIRT_IMPLEMENTATION
#include "virt_xl.h"
#include "../virt_test.h"
#include "../xml/xml_test_util.h"

static unsigned tried[2], same[2], refused[2], fixed_points;

static char *case_file(const char *dir, const char *name, const char *ext)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/test-%s.%s", dir, name, ext);
    return xt_slurp(path, NULL);
}

static void report(int dir, const char *name, const char *what, int rc, const char *got, const char *want,
                   const virt_status *st)
{
    tried[dir]++;
    if (rc == VIRT_E_UNSUPPORTED) {
        refused[dir]++;
        printf("  %-8s %-36s refused: %s\n", what, name, st->message);
        VT_CHECK(st->message[0] != '\0');
        return;
    }
    if (rc != VIRT_OK) fprintf(stderr, "%s %s: %s\n", what, name, st->message);
    VT_CHECK_EQ_INT(rc, VIRT_OK);
    if (rc != VIRT_OK) return;
    if (got && want && strcmp(got, want) == 0) { same[dir]++; printf("  %-8s %-36s identical\n", what, name); return; }
    printf("  %-8s %-36s DIFFERS\n", what, name);
    fprintf(stderr, "%s %s: expected\n%s---- got\n%s", what, name, want ? want : "", got ? got : "");
    VT_CHECK(0);
}

/* The XML of a cfg2xml result, written back as xl.cfg and read again. */
static void fixed_point(const virt_domain_def *def, const char *xml, const char *name)
{
    char *cfg = NULL, *again = NULL;
    virt_domain_def *d2 = NULL;
    virt_status st;
    if (virt_xl_cfg_format(def, &cfg, &st) != VIRT_OK) return;   /* not writable yet: counted elsewhere */
    VT_CHECK_EQ_INT(virt_xl_cfg_parse(cfg, (size_t)-1, &d2, &st), VIRT_OK);
    if (d2) again = virt_domain_def_format_ex(d2, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE);
    if (again && strcmp(again, xml) == 0) fixed_points++;
    else fprintf(stderr, "%s: xml -> cfg -> xml differs:\n%s----\n%s", name, xml, again ? again : "");
    VT_CHECK(again && strcmp(again, xml) == 0);
    free(cfg);
    free(again);
    virt_domain_def_free(d2);
}

/* One direction of a case: cfg2xml reads test-NAME.cfg and must write
 * test-NAME.xml (then the round trip back must hold), xml2cfg the reverse. */
static void convert(const char *dir, const char *name, int to_cfg)
{
    char *in = case_file(dir, name, to_cfg ? "xml" : "cfg"), *want = case_file(dir, name, to_cfg ? "cfg" : "xml");
    char *got = NULL;
    virt_domain_def *def = NULL;
    virt_status st;
    int rc;
    VT_CHECK(in && want);
    if (!in || !want) { free(in); free(want); return; }
    if (to_cfg) {
        rc = virt_domain_def_parse(in, (size_t)-1, &def, &st);
        VT_CHECK_EQ_INT(rc, VIRT_OK);
        if (rc == VIRT_OK) rc = virt_xl_cfg_format(def, &got, &st);
    } else {
        rc = virt_xl_cfg_parse(in, (size_t)-1, &def, &st);
        if (rc == VIRT_OK) got = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE);
    }
    report(to_cfg, name, to_cfg ? "xml2cfg" : "cfg2xml", rc, got, want, &st);
    if (!to_cfg && got && strcmp(got, want) == 0) fixed_point(def, got, name);
    virt_domain_def_free(def);
    free(in);
    free(want);
    free(got);
}

/* cases.tsv rows: set, case, directions, files, notes. */
static void run_cases(const char *base)
{
    char path[1024], dir[1024], *tsv, *line, *next;
    snprintf(path, sizeof path, "%s/cases.tsv", base);
    snprintf(dir, sizeof dir, "%s/xlconfig", base);
    tsv = xt_slurp(path, NULL);
    VT_CHECK(tsv != NULL);
    for (line = tsv; line && *line; line = next) {
        char *f[3], *p = line;
        int i;
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        for (i = 0; i < 3 && p; i++) { f[i] = p; p = strchr(p, '\t'); if (p) *p++ = '\0'; }
        if (i < 3 || strcmp(f[0], "xlconfig") != 0) continue;
        if (strstr(f[2], "cfg2xml")) convert(dir, f[1], 0);
        if (strstr(f[2], "xml2cfg")) convert(dir, f[1], 1);
    }
    free(tsv);
}

static void expect_error(const char *cfg, int code, const char *needle)
{
    virt_domain_def *def = (virt_domain_def *)(void *)&def;   /* must come back NULL */
    virt_status st;
    int rc = virt_xl_cfg_parse(cfg, (size_t)-1, &def, &st);
    VT_CHECK_EQ_INT(rc, code);
    VT_CHECK(def == NULL);
    if (!strstr(st.message, needle)) fprintf(stderr, "message '%s' lacks '%s'\n", st.message, needle);
    VT_CHECK(strstr(st.message, needle) != NULL);
}

static void bad_input(void)
{
    char *big;
    expect_error("name = \"a\"\nmemory = 64\nvcpus = = 2\n", VIRT_E_SYNTAX, "xl.cfg:3:");
    expect_error("name = \"a\n", VIRT_E_SYNTAX, "xl.cfg:1");
    expect_error("memory = 64\n", VIRT_E_INVAL, "name");
    expect_error("name = \"a\"\nmemory = \"lots\"\n", VIRT_E_INVAL, "memory");
    expect_error("name = \"a\"\nmemory = 512\nmaxmem = 256\n", VIRT_E_INVAL, "maxmem");
    expect_error("name = \"a\"\nvcpus = 0\n", VIRT_E_INVAL, "vcpus");
    expect_error("name = \"a\"\nuuid = \"not-a-uuid\"\n", VIRT_E_INVAL, "not-a-uuid");
    expect_error("name = \"a\"\non_crash = \"explode\"\n", VIRT_E_INVAL, "explode");
    expect_error("name = \"a\"\ndisk = [ \"vdev=xvda,bogus=1\" ]\n", VIRT_E_INVAL, "disk");
    expect_error("name = \"a\"\nvif = [ \"mac=zz\" ]\n", VIRT_E_INVAL, "zz");
    expect_error("name = \"a\"\nvif = [ \"rate=10Mb/s\" ]\n", VIRT_E_UNSUPPORTED, "rate");
    expect_error("name = \"a\"\npci = [ \"01:00.0\" ]\n", VIRT_E_UNSUPPORTED, "pci");
    expect_error("name = \"a\"\nparallel = \"pty\"\n", VIRT_E_UNSUPPORTED, "parallel");
    big = (char *)malloc(VIRT_XML_MAX_BYTES + 2);
    VT_CHECK(big != NULL);
    if (big) {
        memset(big, ' ', VIRT_XML_MAX_BYTES + 1);
        big[VIRT_XML_MAX_BYTES + 1] = '\0';
        expect_error(big, VIRT_E_LIMIT, "bytes");
        free(big);
    }
}

int main(int argc, char **argv)
{
    char base[1024];
    if (argc < 2) { fprintf(stderr, "usage: %s SHARED_DIR\n", argv[0]); return 2; }
    bad_input();
    snprintf(base, sizeof base, "%s/conformance/libvirt-xl", argv[1]);
    if (!xt_is_dir(base)) { printf("SKIP: %s absent\n", base); vt_summary("xl_native"); return 77; }
    run_cases(base);
    printf("xen-xl cfg2xml: %u cases, %u identical, %u refused as unsupported, %u differ; %u xml->cfg->xml fixed points\n",
           tried[0], same[0], refused[0], tried[0] - same[0] - refused[0], fixed_points);
    printf("xen-xl xml2cfg: %u cases, %u identical, %u refused as unsupported, %u differ\n",
           tried[1], same[1], refused[1], tried[1] - same[1] - refused[1]);
    return vt_summary("xl_native");
}
