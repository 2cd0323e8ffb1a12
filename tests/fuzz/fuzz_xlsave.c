/* tests/fuzz/fuzz_xlsave.c - libFuzzer entry for virt_xl.h's save image
 * reader (built only with -DVIRT_WITH_XL=ON): the input is the start of a
 * libvirt libxl save image. virt_xl_save_header_parse accepts it or fails
 * with a message; an accepted header written again gives the same first
 * 24 bytes (for version 2); the XML part it announces, when the input
 * holds it, parses or fails with a message, and a parsed definition
 * converts to a libxl_domain_config or is refused with a message. Never a
 * crash, leak or hang. */
#ifndef VIRT_WITH_XL
#define VIRT_WITH_XL
#endif
#define VIRT_IMPLEMENTATION
#include "virt_xl.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_xlsave: %s: %s\n", what, detail ? detail : "");
    abort();
}

static void xml_part(const uint8_t *xml, size_t len)
{
    virt_domain_def *def = NULL;
    libxl_domain_config cfg;
    virt_status st;
    char *copy = (char *)malloc(len);
    if (!copy) return;
    memcpy(copy, xml, len);
    st.message[0] = '\0';
    if (virt_xl_save_xml_parse(copy, len, &def, &st) != VIRT_OK) {
        if (!st.message[0]) fail("the XML part failed without a message", NULL);
        if (def) fail("a failed XML part returned a definition", NULL);
    } else {
        st.message[0] = '\0';
        if (virt_xl_config_from_def(def, &cfg, &st) == VIRT_OK) libxl_domain_config_dispose(&cfg);
        else if (!st.message[0]) fail("a refused conversion has no message", NULL);
        virt_domain_def_free(def);
    }
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char again[VIRT_XL_SAVE_HEADER_BYTES];
    uint32_t version = 0, xml_len = 0;
    virt_status st;
    st.message[0] = '\0';
    if (virt_xl_save_header_parse(data, size, &version, &xml_len, &st) != VIRT_OK) {
        if (!st.message[0]) fail("a refused header has no message", NULL);
        return 0;
    }
    if (version == 0 || version > VIRT_XL_SAVE_VERSION || xml_len == 0 || xml_len > VIRT_XML_MAX_BYTES)
        fail("an accepted header is out of range", st.message);
    virt_xl_save_header_format(xml_len, again);
    if (version == VIRT_XL_SAVE_VERSION && memcmp(again, data, 24) != 0) fail("the header does not write back", NULL);
    if (size - VIRT_XL_SAVE_HEADER_BYTES >= xml_len) xml_part(data + VIRT_XL_SAVE_HEADER_BYTES, xml_len);
    return 0;
}
