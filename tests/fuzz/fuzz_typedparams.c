/* tests/fuzz/fuzz_typedparams.c - libFuzzer entry for the typed-parameter
 * parser (virTypedParamsAddFromString, which tools feed with user text such
 * as virsh's "schedinfo --set name=value"). The input's first byte picks the
 * type (including invalid ones), the rest up to the first '=' is the name,
 * the rest the value. Checks: no crash, no leak; a value that is accepted
 * reads back with the type it was added as, under its name. */
#define VIRT_IMPLEMENTATION
#include "virt.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_read_back(virTypedParameterPtr params, int n, const char *name, int type)
{
    virTypedParameterPtr p = virTypedParamsGet(params, n, name);
    if (!p || p != &params[n - 1] || p->type != type) abort();
    if (type == VIR_TYPED_PARAM_STRING && !p->value.s) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    virTypedParameterPtr params = NULL;
    int n = 0, max = 0, type;
    char *text, *eq;
    if (size < 1 || size > 4096) return 0;
    type = (int)(data[0] % 10);     /* 0, 8, 9: not types */
    text = (char *)malloc(size);
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    eq = strchr(text, '=');
    if (eq) {
        *eq = '\0';
        /* a name seen before must not clash in Get: empty list each time */
        if (virTypedParamsAddFromString(&params, &n, &max, text, type, eq + 1) == 0) {
            if (n != 1 || type < VIR_TYPED_PARAM_INT || type > VIR_TYPED_PARAM_STRING) abort();
            check_read_back(params, n, text, type);
        } else if (n != 0 || !virGetLastError()) {
            abort();
        }
    }
    virTypedParamsFree(params, n);
    virResetLastError();
    free(text);
    return 0;
}
