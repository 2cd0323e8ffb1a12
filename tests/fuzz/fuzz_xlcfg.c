/* tests/fuzz/fuzz_xlcfg.c - libFuzzer entry for virt_xl.h (built only with
 * -DVIRT_WITH_XL=ON): the input is read both as xl.cfg and as domain XML.
 *
 * xl.cfg: virt_xl_cfg_parse succeeds or fails with a message; a definition
 * it returns writes XML that parses again, and is written as xl.cfg or
 * refused with a message; written xl.cfg reads back and writes the same
 * text (a fixed point after one round).
 * XML: what parses converts to a libxl_domain_config or is refused with a
 * message, and the config is disposed. Never a crash, leak or hang. */
#ifndef VIRT_WITH_XL
#define VIRT_WITH_XL
#endif
#define VIRT_IMPLEMENTATION
#include "virt_xl.h"
#define FUZZ_NAME "fuzz_xlcfg"
#include "fuzz_common.h"

/* xl.cfg written by us reads back and writes the same text. */
static void cfg_fixed_point(const char *cfg)
{
    virt_domain_def *def = NULL;
    virt_status st;
    char *again = NULL;
    if (virt_xl_cfg_parse(cfg, strlen(cfg), &def, &st) != VIRT_OK) fail("our xl.cfg does not parse", st.message, cfg);
    if (virt_xl_cfg_format(def, &again, &st) != VIRT_OK) fail("our xl.cfg's definition cannot be written", st.message, cfg);
    if (strcmp(again, cfg) != 0) fail("cfg -> def -> cfg differs", again, cfg);
    free(again);
    virt_domain_def_free(def);
}

static void as_cfg(const char *text, size_t size)
{
    virt_domain_def *def = NULL;
    virt_status st;
    char *cfg = NULL;
    int rc = virt_xl_cfg_parse(text, size, &def, &st);
    needs_message(rc, &st, "virt_xl_cfg_parse");
    if (rc != VIRT_OK) return;
    xml_reparses(def, "the XML of a parsed xl.cfg does not parse");
    rc = virt_xl_cfg_format(def, &cfg, &st);
    needs_message(rc, &st, "virt_xl_cfg_format");
    if (cfg) cfg_fixed_point(cfg);
    free(cfg);
    virt_domain_def_free(def);
}

static void as_xml(const char *text, size_t size)
{
    virt_domain_def *def = NULL;
    libxl_domain_config cfg;
    virt_status st;
    char *out = NULL;
    int rc;
    if (virt_domain_def_parse(text, size, &def, &st) != VIRT_OK) return;
    rc = virt_xl_config_from_def(def, &cfg, &st);
    needs_message(rc, &st, "virt_xl_config_from_def");
    if (rc == VIRT_OK) libxl_domain_config_dispose(&cfg);
    rc = virt_xl_cfg_format(def, &out, &st);
    needs_message(rc, &st, "virt_xl_cfg_format");
    free(out);
    virt_domain_def_free(def);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_as_both(data, size, as_cfg, as_xml);
    return 0;
}
