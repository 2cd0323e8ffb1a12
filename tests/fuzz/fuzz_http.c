/* tests/fuzz/fuzz_http.c - libFuzzer entry for the HTTP/1.1 response parser
 * of virt_xend.h (virt_http_parse_response): status line, headers,
 * Content-Length, chunked and read-until-close bodies, with small limits.
 *
 * Any input: the parser never reads past the input, never returns a body
 * over the limit, never crashes or leaks; "need more" without EOF becomes
 * an answer (complete or error) once EOF is known. Fed in pieces, as
 * virt__http_receive does (each parse resuming the chunk walk where the
 * previous one stopped), it gives the same answer and body as in one go. */
#define VIRT_IMPLEMENTATION
#include "virt_xend.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_http: %s: %s\n", what, detail ? detail : "");
    abort();
}

static int parse(const uint8_t *data, size_t size, int eof, size_t max_header, size_t max_body)
{
    virt_http_response r;
    virt_status st;
    size_t used = 0;
    /* a private copy without spare bytes, so ASan sees any overread */
    char *copy = (char *)malloc(size ? size : 1);
    int rc;
    if (!copy) return VIRT_E_NOMEM;
    if (size) memcpy(copy, data, size);
    rc = virt_http_parse_response(copy, size, eof, max_header, max_body, &r, &used, &st);
    if (rc == VIRT_OK) {
        if (used > size) fail("consumed more than the input", NULL);
        if (r.body_len > max_body) fail("body over the limit", NULL);
        if (!r.body || r.body[r.body_len] != '\0') fail("body not NUL-terminated", NULL);
        if (r.status < 0 || r.status > 999) fail("status out of range", NULL);
        virt_http_response_free(&r);
    } else if (rc != VIRT_E_AGAIN) {
        if ((int)st.code != rc || !st.message[0]) fail("error without a message", NULL);
        if (r.body) fail("error left a body", NULL);
    }
    free(copy);
    return rc;
}

/* The input in pieces of 1..16 bytes (sizes taken from the input), parsed
 * after each piece with one resume position throughout, as the receive
 * loop does; then compared with one parse of the whole. */
static void parse_in_pieces(const uint8_t *data, size_t size, size_t max_header, size_t max_body)
{
    virt_http_response whole, part;
    virt_status st;
    size_t used = 0, len = 0, resume[2] = {0, 0}, i = 0;
    char *copy = (char *)malloc(size ? size : 1);
    int rc_whole, rc = VIRT_E_AGAIN;
    if (!copy) return;
    if (size) memcpy(copy, data, size);
    rc_whole = virt_http_parse_response(copy, size, 0, max_header, max_body, &whole, &used, &st);
    while (rc == VIRT_E_AGAIN && len < size) {
        len += 1 + (size_t)(data[i++ % size] & 15);
        if (len > size) len = size;
        rc = virt__http_parse(copy, len, 0, max_header, max_body, &part, &used, resume, &st);
    }
    if (rc != rc_whole) fail("pieces and whole disagree", st.message);
    if (rc == VIRT_OK && rc_whole == VIRT_OK &&
        (part.body_len != whole.body_len || memcmp(part.body, whole.body, part.body_len) != 0))
        fail("pieces and whole give different bodies", NULL);
    if (rc == VIRT_OK) virt_http_response_free(&part);
    if (rc_whole == VIRT_OK) virt_http_response_free(&whole);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t max_header = 256 + (size ? data[0] : 0) * 16, max_body = 1024;
    int rc = parse(data, size, 0, max_header, max_body);
    int rc_eof = parse(data, size, 1, max_header, max_body);
    if (rc_eof == VIRT_E_AGAIN) fail("need-more at EOF", NULL);
    if (rc == VIRT_OK && rc_eof != VIRT_OK) fail("complete response rejected at EOF", NULL);
    (void)parse(data, size, 1, VIRT_HTTP_MAX_HEADER, VIRT_HTTP_MAX_BODY);
    parse_in_pieces(data, size, max_header, max_body);
    return 0;
}
