/* tests/fuzz/fuzz_xlcookie.c - libFuzzer entry for virt_xl.h's reader of
 * libvirt's libxl migration cookie (built only with -DVIRT_WITH_XL=ON):
 * the input is the cookie a migration source sends to Prepare.
 * virt_xl_mig_cookie_parse accepts it or fails with a message; an
 * accepted cookie has a name, written again (virt_xl_mig_cookie_format)
 * it parses to the same name, UUID, host name and stream version. Never a
 * crash, leak or hang. */
#ifndef VIRT_WITH_XL
#define VIRT_WITH_XL
#endif
#define VIRT_IMPLEMENTATION
#include "virt_xl.h"
#define FUZZ_NAME "fuzz_xlcookie"
#include "fuzz_common.h"

static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    virt_xl_mig_cookie c, again;
    virt_status st;
    char *text;
    int rc;
    st.message[0] = '\0';
    rc = virt_xl_mig_cookie_parse((const char *)data, size, &c, &st);
    needs_message(rc, &st, "virt_xl_mig_cookie_parse");
    if (rc != VIRT_OK) {
        if (c.name || c.hostname) fail("a refused cookie left fields set", st.message, NULL);
        return 0;
    }
    if (!c.name || !c.name[0]) fail("an accepted cookie has no name", NULL, NULL);
    if (!(text = virt_xl_mig_cookie_format(&c))) fail("format failed", NULL, NULL);
    rc = virt_xl_mig_cookie_parse(text, strlen(text) + 1, &again, &st);
    /* the format writes names as given: one XML cannot carry (a control character) is refused, not changed */
    if (rc == VIRT_OK && (!same_text(c.name, again.name) || memcmp(c.uuid, again.uuid, sizeof c.uuid) != 0 ||
                          c.stream_version != again.stream_version ||
                          !same_text(c.hostname ? c.hostname : "", again.hostname ? again.hostname : "")))
        fail("the cookie does not read back the same", NULL, text);
    virt_xl_mig_cookie_clear(&again);
    VIRT_FREE(text);
    virt_xl_mig_cookie_clear(&c);
    return 0;
}
