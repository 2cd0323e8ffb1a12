/* tests/fuzz/fuzz_common.h - what the round-trip fuzz entries share: the
 * libFuzzer prototype and how a broken promise is reported. Include it
 * after the virt header (it needs virt_status) with FUZZ_NAME defined as
 * the target's name, e.g. #define FUZZ_NAME "fuzz_xml". A failed check
 * prints the target, what broke, the detail and the text involved, then
 * aborts so libFuzzer keeps the input. */
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
#endif
