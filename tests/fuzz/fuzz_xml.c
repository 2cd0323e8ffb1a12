/* tests/fuzz/fuzz_xml.c - libFuzzer entry for the domain XML parser
 * (virt_domain_def_parse, virt_xml.h).
 *
 * Any input: parse must return VIRT_OK or a negative virt_result with a
 * message, never crash, leak or hang. When it parses, the written form must
 * parse again and write the same bytes (the writer's output is always
 * readable and the pair is stable), and a deep copy must write the same. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#define FUZZ_NAME "fuzz_xml"
#include "fuzz_common.h"

static void check_refusal(int rc, const virt_domain_def *def, const virt_status *st)
{
    if (def) fail("a failed parse returned a definition", NULL, NULL);
    if (rc >= 0 || (int)st->code != rc) fail("bad result code", st->message, NULL);
    if (!memchr(st->message, '\0', sizeof st->message) || !st->message[0])
        fail("refusal without a message", NULL, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    virt_domain_def *def = NULL, *again = NULL, *copy;
    virt_status st;
    char *out, *out2, *out3;
    int rc = virt_domain_def_parse((const char *)data, size, &def, &st);
    if (rc != VIRT_OK) {
        check_refusal(rc, def, &st);
        return 0;
    }
    out = virt_domain_def_format(def);
    if (!out) fail("format returned NULL", NULL, NULL);
    if (virt_domain_def_parse(out, strlen(out), &again, &st) != VIRT_OK)
        fail("our own output does not parse", st.message, out);
    out2 = virt_domain_def_format(again);
    if (!out2 || strcmp(out, out2) != 0) fail("write -> parse -> write differs", out2, out);
    copy = virt_domain_def_copy(def);
    out3 = copy ? virt_domain_def_format(copy) : NULL;
    if (!out3 || strcmp(out, out3) != 0) fail("the deep copy writes differently", out3, out);
    free(out);
    free(out2);
    free(out3);
    virt_domain_def_free(def);
    virt_domain_def_free(again);
    virt_domain_def_free(copy);
    return 0;
}
