/* tests/fuzz/fuzz_uri.c - libFuzzer entry for the connection-URI parser
 * (virt.h >>uri: scheme, [ipv6] host, port, path, query split into params,
 * canonical form). Checks: no crash, no leak, and what a parse promises:
 * lower-case scheme, a port in range, every param found again by name,
 * and the canonical form parses again to the same fields. */
#define VIRT_IMPLEMENTATION
#include "virt.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *name;
    virt__uri u, again;
    const char *why;
    int i;
    if (size > 4096) return 0;
    name = (char *)malloc(size + 1);
    if (!name) return 0;
    memcpy(name, data, size);
    name[size] = '\0';                    /* a C string: stops at the first NUL */
    if (virt__uri_parse(name, &u, &why) == 0) {
        for (i = 0; u.scheme[i]; i++) if (u.scheme[i] >= 'A' && u.scheme[i] <= 'Z') abort();
        if (u.port < 0 || u.port > 65535 || !u.path || !u.canonical) abort();
        for (i = 0; i < u.nparams; i++)
            if (!virt__uri_param(&u, u.params[i].name)) abort();
        /* scheme-less paths and names without "://" format as themselves */
        if (strstr(name, "://") && virt__uri_parse(u.canonical, &again, &why) == 0) {
            if (!same(u.scheme, again.scheme) || u.port != again.port || !same(u.path[0] ? u.path : "/", again.path)
                || !same(u.query, again.query))
                abort();
            virt__uri_free(&again);
        }
        virt__uri_free(&u);
    }
    free(name);
    return 0;
}
