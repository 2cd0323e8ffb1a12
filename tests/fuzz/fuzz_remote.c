/* tests/fuzz/fuzz_remote.c - libFuzzer entry for virt_remote.h's packet and
 * XDR decoders (fuzz_remote_stream.c drives a whole client).
 *
 * The input is what a hostile or broken libvirtd sends, given as one
 * packet to virt_rpc_packet_parse and as one payload to each decoder:
 * remote_error, a lifecycle event message, and the XDR readers in the
 * shapes the typed replies use (domain lists, strings, optional data).
 * Nothing may crash, leak or read out of bounds. */
#define VIRT_IMPLEMENTATION
#include "virt_remote.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* remote_connect_list_all_domains_ret and remote_connect_list_defined_
 * domains_ret shapes, read with the bounds the typed calls use. */
static void fuzz_xdr_shapes(const uint8_t *data, size_t size)
{
    virt_xdr_in x;
    uint32_t n, i;
    virt_xdr_in_init(&x, data, size);
    n = virt_xdr_get_count(&x, VIRT_RPC_DOMAIN_LIST_MAX, 24);
    for (i = 0; i < n && !x.failed; i++) {
        virt_rpc_domain d;
        if (virt_xdr_get_domain(&x, &d) == 0) virt_rpc_domain_free(&d);
    }
    VIRT_ASSERT(x.pos <= x.len);
    virt_xdr_in_init(&x, data, size);
    n = virt_xdr_get_count(&x, VIRT_RPC_DOMAIN_LIST_MAX, 4);
    for (i = 0; i < n && !x.failed; i++) free(virt_xdr_get_opt_string(&x, VIRT_REMOTE_MAX_STRING));
    (void)virt_xdr_get_u64(&x);
    VIRT_ASSERT(x.pos <= x.len);
}

static void fuzz_payloads(const uint8_t *data, size_t size)
{
    virt_rpc_header h;
    const unsigned char *payload;
    size_t plen;
    virt_rpc_error e;
    virt_rpc_event ev;
    virt_rpc_domain d;
    virt_status st;
    int cb, event, detail;
    if (virt_rpc_packet_parse(data, size, &h, &payload, &plen, &st) == VIRT_OK)
        VIRT_ASSERT(plen + 28 == size);
    if (virt_rpc_error_decode(data, size, &e, &st) == VIRT_OK) virt_rpc_error_free(&e);
    ev.prog = VIRT_RPC_PROG_REMOTE;
    ev.proc = VIRT_RPC_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE;
    ev.payload = (unsigned char *)data;
    ev.len = size;
    if (virt_rpc_decode_lifecycle(&ev, &cb, &d, &event, &detail, &st) == VIRT_OK) {
        VIRT_ASSERT(d.name != NULL);
        virt_rpc_domain_free(&d);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_payloads(data, size);
    fuzz_xdr_shapes(data, size);
    return 0;
}
