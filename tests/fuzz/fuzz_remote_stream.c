/* tests/fuzz/fuzz_remote_stream.c - libFuzzer entry for virt_remote.h's
 * client read path (framing, serial matching, keepalive, event queue, the
 * typed replies). fuzz_remote.c does the decoders alone, much faster.
 *
 * The input is what a hostile or broken libvirtd sends: the whole byte
 * stream of a daemon, written into one end of a
 *      socketpair (then closed), while a client on the other end runs
 *      CONNECT_GET_TYPE, SUPPORTS_FEATURE, LIST_ALL_DOMAINS, GET_STATE,
 *      three pipelined SUPPORTS_FEATURE (virt_rpc_call_many), then reads
 *      events until the stream ends. Calls get serials 0, 1,
 *      2, ..., so inputs can answer them; keepalive PINGs are answered.
 * Nothing may crash, leak, hang (the stream ends: EOF) or read out of bounds. */
#define VIRT_IMPLEMENTATION
#include "virt_remote.h"
#include <sys/socket.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_stream(const uint8_t *data, size_t size)
{
    int sv[2];
    virt_rpc_client *c;
    virt_rpc_error err;
    virt_rpc_domain *doms = NULL;
    virt_rpc_event ev;
    virt_status st;
    unsigned int n = 0;
    char *s = NULL;
    int v, state, reason, sndbuf = 1 << 20;
    if (size > 200000) size = 200000;
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) return;
    (void)setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    if (size && write(sv[1], data, size) != (ssize_t)size) { close(sv[0]); close(sv[1]); return; }
    shutdown(sv[1], SHUT_WR);
    c = virt_rpc_connect_fd(sv[0], &st);
    if (!c) { close(sv[0]); close(sv[1]); return; }
    virt_rpc_set_timeout(c, 2000);
    if (virt_rpc_call_string(c, VIRT_RPC_PROC_CONNECT_GET_TYPE, &s, &err, &st) == VIRT_E_REMOTE) virt_rpc_error_free(&err);
    free(s);
    if (virt_rpc_supports_feature(c, 10, &v, &err, &st) == VIRT_E_REMOTE) virt_rpc_error_free(&err);
    if (virt_rpc_list_all_domains(c, 0, &doms, &n, &err, &st) == VIRT_OK) {
        if (n) {
            if (virt_rpc_domain_get_state(c, &doms[0], 0, &state, &reason, &err, &st) == VIRT_E_REMOTE)
                virt_rpc_error_free(&err);
        }
        virt_rpc_domains_free(doms, n);
    } else if (st.code == VIRT_E_REMOTE) {
        virt_rpc_error_free(&err);
    }
    {   /* three pipelined calls (virt_rpc_call_many): one batch, replies in any order */
        virt_xdr_out args[3];
        virt_rpc_reply rep[3];
        int i;
        memset(args, 0, sizeof args);
        for (i = 0; i < 3; i++) virt_xdr_put_i32(&args[i], i);
        (void)virt_rpc_call_many(c, VIRT_RPC_PROG_REMOTE, VIRT_RPC_PROC_CONNECT_SUPPORTS_FEATURE, 3, args, rep, &st);
        virt_rpc_replies_free(rep, 3);
        for (i = 0; i < 3; i++) virt_xdr_out_free(&args[i]);
    }
    while (virt_rpc_next_event(c, 50, &ev, &st) == VIRT_OK) {
        virt_rpc_domain d;
        int cb, event, detail;
        if (virt_rpc_decode_lifecycle(&ev, &cb, &d, &event, &detail, &st) == VIRT_OK) virt_rpc_domain_free(&d);
        free(ev.payload);
    }
    virt_rpc_close(c);
    close(sv[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_stream(data, size);
    return 0;
}
