/* tests/fuzz/fuzz_remote_replies.c - libFuzzer entry for the remote
 * driver's reply decoders, the virt__remote_decode_* functions of
 * virt_remote.h's driver glue (compiled only inside virt.h: this file
 * includes virt.h with VIRT_IMPLEMENTATION, so it reaches them). Each
 * decoder takes a reply's payload and the caller's buffers and does no
 * I/O, so the input is used as a hostile daemon's reply:
 *   byte 0   which decoder (CPU map, vCPU info, pin info, scheduler
 *            parameters, memory stats, node stats, per-CPU stats,
 *            interface addresses, the migration cookie, each step of the
 *            managed migration protocol)
 *   byte 1   the caller's sizes (how many entries it asked for)
 *   the rest the payload (remote_protocol.x's *_ret struct)
 * Checks: no crash, no leak, no read past the payload or write past the
 * caller's buffer (ASan: every buffer is heap-allocated at its exact size);
 * a failure raises an error; a success fills no more than was asked. */
#define VIRT_IMPLEMENTATION
#include "virt.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *data, virErrorPtr e) { (void)data; (void)e; }

static void must_fail_with_error(int rc)
{
    if (rc < 0 && !virGetLastError()) abort();
}

static void fuzz_one(int which, unsigned int want, const unsigned char *p, size_t n)
{
    virt_xdr_in r;
    int rc, k;
    virt_xdr_in_init(&r, p, n);
    virResetLastError();
    switch (which) {
    case 0: {
        unsigned char *map = NULL;
        unsigned int online = 0;
        rc = virt__remote_decode_cpu_map(NULL, &r, (want & 1) ? &map : NULL, &online);
        must_fail_with_error(rc);
        free(map);
        break;
    }
    case 1: {
        int maxinfo = (int)(want % 9), maplen = (int)(want / 9 % 4);
        virVcpuInfoPtr info = (virVcpuInfoPtr)malloc((size_t)(maxinfo ? maxinfo : 1) * sizeof *info);
        unsigned char *maps = (unsigned char *)malloc((size_t)(maxinfo * maplen ? maxinfo * maplen : 1));
        rc = virt__remote_decode_vcpus(NULL, NULL, &r, info, maxinfo, (want & 128) ? NULL : maps, maplen);
        must_fail_with_error(rc);
        if (rc > maxinfo) abort();
        free(info);
        free(maps);
        break;
    }
    case 2: {
        int ncpumaps = (int)(want % 9), maplen = (int)(want / 9 % 4);
        unsigned char *maps = (unsigned char *)malloc((size_t)(ncpumaps * maplen ? ncpumaps * maplen : 1));
        rc = virt__remote_decode_pin_info(NULL, NULL, &r, maps, ncpumaps, maplen);
        must_fail_with_error(rc);
        if (rc > ncpumaps) abort();
        free(maps);
        break;
    }
    case 3: {
        int np = (int)(want % 17);
        virTypedParameterPtr params = (virTypedParameterPtr)malloc((size_t)(np ? np : 1) * sizeof *params);
        rc = virt__remote_decode_sched_params(NULL, NULL, &r, VIRT_RPC_PROC_DOMAIN_GET_SCHEDULER_PARAMETERS,
                                              params, &np);
        must_fail_with_error(rc);
        if (rc == 0) {
            if (np < 0 || np > (int)(want % 17)) abort();
            virTypedParamsClear(params, np);
        }
        free(params);
        break;
    }
    case 4: {
        unsigned int ns = want % 14;
        virDomainMemoryStatPtr stats = (virDomainMemoryStatPtr)malloc((ns ? ns : 1) * sizeof *stats);
        rc = virt__remote_decode_memory_stats(NULL, NULL, &r, stats, ns);
        must_fail_with_error(rc);
        if (rc > (int)ns) abort();
        free(stats);
        break;
    }
    case 5: {
        int np = (int)(want % 17);
        virNodeCPUStatsPtr params = (virNodeCPUStatsPtr)malloc((size_t)(np ? np : 1) * sizeof *params);
        rc = virt__remote_decode_node_stats(NULL, &r, VIRT_RPC_PROC_NODE_GET_CPU_STATS, params, &np,
                                            "remoteNodeGetCPUStats");
        must_fail_with_error(rc);
        if (rc == 0 && want % 17 && np > (int)(want % 17)) abort();
        free(params);
        break;
    }
    case 6: {
        unsigned int np = want % 17, ncpus = (want / 17) % 5;
        size_t cells = (size_t)np * ncpus;
        virTypedParameterPtr params = (virTypedParameterPtr)malloc((cells ? cells : 1) * sizeof *params);
        rc = virt__remote_decode_cpu_stats(NULL, NULL, &r, cells ? params : NULL, np, ncpus);
        must_fail_with_error(rc);
        if (rc >= 0 && np && ncpus) {
            if (rc > (int)np) abort();
            virTypedParamsClear(params, (int)cells);
        }
        free(params);
        break;
    }
    case 7: {
        virDomainInterfacePtr *ifs = NULL;
        rc = virt__remote_decode_ifaces(NULL, NULL, &r, &ifs);
        must_fail_with_error(rc);
        if (rc < 0 && ifs) abort();
        for (k = 0; k < rc; k++) {
            unsigned int j;
            if (!ifs[k] || !ifs[k]->name) abort();
            for (j = 0; j < ifs[k]->naddrs; j++)
                if (!ifs[k]->addrs[j].addr) abort();
            virDomainInterfaceFree(ifs[k]);
        }
        free(ifs);
        break;
    }
    case 8:
        rc = virt__remote_decode_perform3(NULL, NULL, &r);
        must_fail_with_error(rc);
        break;
    default: {              /* a step of the managed migration protocol */
        virt_migrate_step st;
        virt_rpc_domain fdom;
        int step = VIRT_MIGRATE_BEGIN + (int)(want % 5);
        memset(&st, 0, sizeof st);
        memset(&fdom, 0, sizeof fdom);
        rc = virt__remote_decode_migrate_step(NULL, &r, 213 + step, step, &st, &fdom);
        must_fail_with_error(rc);
        if (rc < 0 && (st.cookieout || st.xml_out || st.uri_out || fdom.name)) abort();
        if (rc == 0 && step == VIRT_MIGRATE_BEGIN && !st.xml_out) abort();
        if (rc == 0 && step == VIRT_MIGRATE_FINISH && !fdom.name) abort();
        if (st.cookieoutlen < 0 || (st.cookieoutlen && !st.cookieout)) abort();
        free(st.cookieout);
        free(st.xml_out);
        free(st.uri_out);
        virt_rpc_domain_free(&fdom);
        break;
    }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *payload;
    if (size < 2 || size > 1 << 20) return 0;
    virSetErrorFunc(NULL, quiet);            /* the errors are expected: not on stderr */
    /* an exact-size copy: a read past the payload is an ASan report */
    payload = (unsigned char *)malloc(size - 2 ? size - 2 : 1);
    if (!payload) return 0;
    memcpy(payload, data + 2, size - 2);
    fuzz_one(data[0] % 10, data[1], payload, size - 2);
    free(payload);
    return 0;
}
