/* tests/fuzz/fuzz_common.h - what the round-trip fuzz entries share: the
 * libFuzzer prototype and how a broken promise is reported. Include it
 * after the virt header (it needs virt_status) with FUZZ_NAME defined as
 * the target's name, e.g. #define FUZZ_NAME "fuzz_xml". A failed check
 * prints the target, what broke, the detail and the text involved, then
 * aborts so libFuzzer keeps the input. The config-file entries also
 * share xml_reparses and read_as_both. */
#ifndef VIRT_FUZZ_COMMON_H
#define VIRT_FUZZ_COMMON_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_NAME
#error "define FUZZ_NAME before including fuzz_common.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fail(const char *what, const char *detail, const char *text)
{
    fprintf(stderr, FUZZ_NAME ": %s: %s\n%s\n", what, detail ? detail : "", text ? text : "");
    abort();
}

/* a refusal must say why */
static inline void needs_message(int rc, const virt_status *st, const char *what)
{
    if (rc != VIRT_OK && st->message[0] == '\0') fail(what, "failed without a message", NULL);
}

/* def's libvirt 9 XML is written and parses again (what: the message if not) */
static inline void xml_reparses(const virt_domain_def *def, const char *what)
{
    virt_domain_def *back = NULL;
    virt_status st;
    char *xml = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE);
    if (!xml) fail("format_ex returned NULL", NULL, NULL);
    if (virt_domain_def_parse(xml, strlen(xml), &back, &st) != VIRT_OK) fail(what, st.message, xml);
    free(xml);
    virt_domain_def_free(back);
}

/* Hands a NUL-terminated copy of the input (the config readers want the
 * NUL after the data) to each of the two readers in turn. */
static inline void read_as_both(const uint8_t *data, size_t size, void (*first)(const char *, size_t),
                                void (*second)(const char *, size_t))
{
    char *text = (char *)malloc(size + 1);
    if (!text) return;
    if (size) memcpy(text, data, size);
    text[size] = '\0';
    first(text, size);
    second(text, size);
    free(text);
}
#endif
