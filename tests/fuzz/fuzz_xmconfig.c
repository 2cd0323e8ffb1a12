/* tests/fuzz/fuzz_xmconfig.c - libFuzzer entry for virt_xend.h's >>xm config
 * section: the input is read both as an xm config file and as domain XML.
 *
 * xm config: virt_xm_config_parse succeeds or fails with a message; a
 * definition it returns writes XML that parses again, and is written as
 * an xm config (formats 1-3) or refused with a message; a config written
 * by us reads back and writes the same text (a fixed point after one round).
 * XML: what parses is written as an xm config or refused with a message.
 * Never a crash, leak or hang. */
#define VIRT_IMPLEMENTATION
#include "virt_xend.h"
#define FUZZ_NAME "fuzz_xmconfig"
#include "fuzz_common.h"

static void cfg_fixed_point(const char *cfg, int format)
{
    virt_domain_def *def = NULL;
    virt_status st;
    char *again = NULL;
    if (virt_xm_config_parse(cfg, strlen(cfg), &def, &st) != VIRT_OK) fail("our xm config does not parse", st.message, cfg);
    if (virt_xm_config_format(def, format, &again, &st) != VIRT_OK) fail("our xm config's definition cannot be written", st.message, cfg);
    if (strcmp(again, cfg) != 0) fail("cfg -> def -> cfg differs", again, cfg);
    free(again);
    virt_domain_def_free(def);
}

static void write_all(const virt_domain_def *def, int check_fixed_point)
{
    int format;
    for (format = 1; format <= 3; format++) {
        virt_status st;
        char *cfg = NULL;
        int rc = virt_xm_config_format(def, format, &cfg, &st);
        needs_message(rc, &st, "virt_xm_config_format");
        if (cfg && check_fixed_point) cfg_fixed_point(cfg, format);
        free(cfg);
    }
}

static void as_cfg(const char *text, size_t size)
{
    virt_domain_def *def = NULL;
    virt_status st;
    int rc = virt_xm_config_parse(text, size, &def, &st);
    needs_message(rc, &st, "virt_xm_config_parse");
    if (rc != VIRT_OK) return;
    xml_reparses(def, "the XML of a parsed xm config does not parse");
    write_all(def, 1);
    virt_domain_def_free(def);
}

static void as_xml(const char *text, size_t size)
{
    virt_domain_def *def = NULL;
    virt_status st;
    if (virt_domain_def_parse(text, size, &def, &st) != VIRT_OK) return;
    write_all(def, 1);
    virt_domain_def_free(def);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_as_both(data, size, as_cfg, as_xml);
    return 0;
}
