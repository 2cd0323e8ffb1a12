/* tests/fuzz/fuzz_xs.c - libFuzzer entry for virt_xs.h's reply parsing.
 *
 * The input is what a hostile or broken xenstored sends back. It is used
 * twice:
 *   1. as one reply payload, given to each payload parser (directory
 *      names, permissions, errno names, transaction ids);
 *   2. as the whole byte stream of a daemon: it is written into one end of
 *      a socketpair and a client on the other end runs READ, DIRECTORY
 *      (which may follow DIRECTORY_PART replies), GET_PERMS,
 *      TRANSACTION_START and then reads watch events until the stream ends.
 *      Requests are numbered 1, 2, 3..., so inputs can answer them.
 * Nothing may crash, leak, hang (the stream ends: EOF) or read out of bounds. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include <sys/socket.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_payload_parsers(const uint8_t *data, size_t size)
{
    virt_status st;
    char **names = NULL;
    unsigned int n = 0;
    virt_xs_perm *perms = NULL;
    uint32_t u;
    if (size > VIRT_XS_PAYLOAD_MAX) size = VIRT_XS_PAYLOAD_MAX;
    if (virt__xs_split_names((const char *)data, size, &names, &n, &st) == VIRT_OK) {
        unsigned int i;
        for (i = 0; i < n; i++) VIRT_ASSERT(names[i] && names[i][0]);
        VIRT_ASSERT(names[n] == NULL);
        VIRT_FREE(names);
    }
    if (virt__xs_parse_perms((const char *)data, size, &perms, &n, &st) == VIRT_OK) {
        VIRT_ASSERT(n > 0 && perms[0].domid <= 65535);
        VIRT_FREE(perms);
    }
    (void)virt__xs_error_reply(data, size, VIRT_XS_READ, "/fuzz", &st);
    (void)virt__xs_parse_u32((const char *)data, size, &u);
}

static void fuzz_stream(const uint8_t *data, size_t size)
{
    int sv[2];
    virt_status st;
    virt_xs *xs;
    char *v = NULL, **names = NULL, *p = NULL, *t = NULL;
    unsigned int n = 0, i;
    virt_xs_perm *perms = NULL;
    uint32_t tx = 0;
    size_t len = 0;
    if (size > 65536) size = 65536;          /* stays within the socket buffer */
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) return;
    if (size && write(sv[1], data, size) != (ssize_t)size) { close(sv[0]); close(sv[1]); return; }
    shutdown(sv[1], SHUT_WR);                /* the daemon says no more */
    xs = virt_xs_open_fd(sv[0], 0, &st);
    if (!xs) { close(sv[0]); close(sv[1]); return; }
    virt_xs_set_timeout(xs, 1000);
    if (virt_xs_read(xs, 0, "/local/domain/0/name", &v, &len, &st) == VIRT_OK) {
        VIRT_ASSERT(v && v[len] == '\0');
        VIRT_FREE(v);
    }
    if (virt_xs_directory(xs, 0, "/local/domain", &names, &n, &st) == VIRT_OK) {
        for (i = 0; i < n; i++) VIRT_ASSERT(names[i] != NULL);
        VIRT_FREE(names);
    }
    if (virt_xs_get_perms(xs, 0, "/local", &perms, &n, &st) == VIRT_OK) VIRT_FREE(perms);
    (void)virt_xs_transaction_start(xs, &tx, &st);
    (void)virt_xs_is_domain_introduced(xs, 1, &st);
    for (i = 0; i < 2 * VIRT_XS_MAX_QUEUED_EVENTS + 2; i++) {
        int rc = virt_xs_read_watch(xs, 0, &p, &t, &st);
        VIRT_FREE(p);
        VIRT_FREE(t);
        p = t = NULL;
        if (rc != VIRT_OK && rc != VIRT_E_LIMIT) break;
    }
    virt_xs_close(xs);                        /* closes sv[0] */
    close(sv[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_payload_parsers(data, size);
    fuzz_stream(data, size);
    return 0;
}
