/* tests/fuzz/fuzz_sxp.c - libFuzzer entry for the SXP reader of virt_xend.h
 * (virt_sxp_parse / virt_sxp_parse_ex), the writer, path lookups, xend's
 * record helpers and the SXP -> domain XML conversion.
 *
 * Any input: parse returns VIRT_OK or a negative virt_result with a message,
 * never crashes, leaks or hangs. When it parses, the written form parses
 * again and writes the same bytes (writing is lossless and stable). */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_sxp: %s: %s\n", what, detail ? detail : "");
    abort();
}

static void check_tree(const virt_sxp_doc *doc)
{
    static const char *const paths[] = { "domain/name", "domain/image/linux/kernel", "domain/device/vbd/uname",
                                         "node/xend_config_format", "a", "a/b/c", "", "/", "//x" };
    virt_sxp_doc *again = NULL;
    virt_status st;
    virt_xend_domain dom;
    virt_xend_node node;
    long long ll;
    double d;
    size_t i;
    char *out = virt_sxp_format(doc->root), *out2;
    if (!out) fail("format returned NULL", NULL);
    if (virt_sxp_parse(out, (size_t)-1, &again, &st) != VIRT_OK) fail("written form does not parse", st.message);
    out2 = virt_sxp_format(again->root);
    if (!out2 || strcmp(out, out2) != 0) fail("writing is not stable", out);
    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        (void)virt_sxp_lookup(doc->root, paths[i]);
        (void)virt_sxp_value(doc->root, paths[i]);
        (void)virt_sxp_value_ll(doc->root, paths[i], &ll);
        (void)virt_sxp_value_double(doc->root, paths[i], &d);
    }
    (void)virt_xend_domain_parse(doc->root, &dom, &st);
    (void)virt_xend_node_parse(doc->root, &node, &st);
    free(out);
    free(out2);
    virt_sxp_doc_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    virt_sxp_doc *doc = NULL;
    virt_status st;
    char *xml = NULL;
    unsigned int flags = size ? (unsigned int)(data[0] & 3u) : 0;
    int rc = virt_sxp_parse_ex((const char *)data, size, flags, &doc, &st);
    if (rc != VIRT_OK) {
        if (doc) fail("a failed parse returned a document", NULL);
        if ((int)st.code != rc || !memchr(st.message, '\0', sizeof st.message) || !st.message[0])
            fail("refusal without a proper status", st.message);
    } else {
        if (!doc || !doc->root) fail("OK without a document", NULL);
        check_tree(doc);
        virt_sxp_doc_free(doc);
    }
    /* the conversion the driver runs on every domain record */
    rc = virt_xend_sxp_to_xml((const char *)data, size, size > 1 ? 1 + data[1] % 3 : 2, &xml, &st);
    if ((rc == VIRT_OK) != (xml != NULL)) fail("sxp_to_xml result and output disagree", st.message);
    free(xml);
    return 0;
}
