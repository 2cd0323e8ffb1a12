/* tests/fuzz/fuzz_xml_modern.c - libFuzzer entry for the modern paths of
 * virt_xml.h and the XML -> SXP conversion of virt_xend.h:
 *
 * When the input parses, the libvirt 9 layout (virt_domain_def_format_ex)
 * must parse again and write the same bytes; libvirt's defaults
 * (virt_domain_def_apply_defaults) must succeed or fail cleanly, and their
 * result must be stable the same way; xml2sexpr must write SXP or refuse
 * with a message, and what it writes must read back through sexpr2xml as
 * a record that parses. Never a crash, leak or hang. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#define FUZZ_NAME "fuzz_xml_modern"
#include "fuzz_common.h"

/* format -> parse -> format is the same text */
static void stable(const virt_domain_def *def)
{
    virt_domain_def *again = NULL;
    virt_status st;
    char *a = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE), *b;
    if (!a) fail("format_ex returned NULL", NULL, NULL);
    if (virt_domain_def_parse(a, strlen(a), &again, &st) != VIRT_OK) fail("our libvirt 9 output does not parse", st.message, a);
    if (again->unsupported && !def->unsupported) fail("our output has something we cannot read", again->unsupported, a);
    b = virt_domain_def_format_ex(again, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE);
    if (!b || strcmp(a, b) != 0) fail("write -> parse -> write differs", b, a);
    free(a);
    free(b);
    virt_domain_def_free(again);
}

static void through_xend(const char *xml)
{
    char *sxp = NULL, *rec, *back = NULL;
    virt_status st;
    size_t n;
    int rc = virt_xend_xml_to_sxp(xml, 3, &sxp, NULL, &st);
    if (rc != VIRT_OK) {
        if (sxp || !st.message[0]) fail("xml2sexpr refusal without a message, or with output", st.message, xml);
        return;
    }
    n = strlen(sxp) + 32;
    if (!(rec = (char *)malloc(n))) fail("malloc", NULL, NULL);
    snprintf(rec, n, "(domain (domid 1)%s", sxp + 3);
    if (virt_xend_sxp_to_xml(rec, (size_t)-1, 3, &back, &st) == VIRT_OK) {
        virt_domain_def *d = NULL;
        if (virt_domain_def_parse(back, (size_t)-1, &d, &st) != VIRT_OK) fail("sexpr2xml output does not parse", st.message, back);
        virt_domain_def_free(d);
    }
    free(back);
    free(rec);
    free(sxp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    virt_domain_def *def = NULL, *copy;
    virt_status st;
    char *text;
    if (virt_domain_def_parse((const char *)data, size, &def, &st) != VIRT_OK) return 0;
    stable(def);
    copy = virt_domain_def_copy(def);
    if (!copy) fail("copy returned NULL", NULL, NULL);
    if (virt_domain_def_apply_defaults(copy, VIRT_XML_DEFAULTS_TEST, &st) == VIRT_OK) stable(copy);
    else if (st.code != VIRT_E_LIMIT) fail("apply_defaults failed", st.message, NULL);
    virt_domain_def_free(copy);
    if ((text = (char *)malloc(size + 1)) != NULL) {
        memcpy(text, data, size);
        text[size] = '\0';
        if (strlen(text) == size) through_xend(text);
        free(text);
    }
    virt_domain_def_free(def);
    return 0;
}
