/* tests/fuzz/fuzz_xenddev.c - libFuzzer entry for the hot-plug device
 * reader of virt_xend.h (virt__xend_device_parse: one device element as
 * the only device of a stand-in domain) and its SXP (virt__xend_device_sxp,
 * what op=device_create sends), for a paravirtual and an HVM domain and
 * each xend config format.
 *
 * Any input: VIRT_OK or a negative virt_result with a message, never a
 * crash, leak or hang. An accepted device is exactly one; its SXP parses
 * and is a (vbd ...), (tap ...) or (vif ...) list. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#define FUZZ_NAME "fuzz_xenddev"
#include "fuzz_common.h"

static void one(const char *text, int hvm, int format)
{
    virt_domain_def *def = NULL;
    virt_sxp_doc *doc = NULL;
    virt_status st;
    char *sxp = NULL;
    const char *head;
    int rc = virt__xend_device_parse(text, hvm, &def, &st);
    needs_message(rc, &st, "device parse");
    if (rc != VIRT_OK) return;
    if (def->ndevices != 1) fail("accepted other than one device", NULL, text);
    rc = virt__xend_device_sxp(def, hvm, format, &sxp, &st);
    needs_message(rc, &st, "device sxp");
    virt_domain_def_free(def);
    if (rc != VIRT_OK) return;
    if (virt_sxp_parse(sxp, (size_t)-1, &doc, &st) != VIRT_OK) fail("device SXP does not parse", st.message, sxp);
    head = doc->root && doc->root->child ? doc->root->child->atom : NULL;
    if (!head || (strcmp(head, "vbd") != 0 && strcmp(head, "tap") != 0 && strcmp(head, "vif") != 0))
        fail("device SXP is not a vbd, tap or vif", head, sxp);
    virt_sxp_doc_free(doc);
    VIRT_FREE(sxp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = (char *)malloc(size + 1);
    int format;
    if (!text) return 0;
    if (size) memcpy(text, data, size);
    text[size] = '\0';
    for (format = 1; format <= 3; format++) {
        one(text, 0, format);
        one(text, 1, format);
    }
    free(text);
    return 0;
}
