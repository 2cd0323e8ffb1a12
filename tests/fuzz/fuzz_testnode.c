/* tests/fuzz/fuzz_testnode.c - libFuzzer entry for the test driver's node
 * file loader (libvirt's test-node format: <node> with <cpu>, <memory> and
 * <domain> children, inline or by file). The input is the node document;
 * it is handed to the loader as a buffer, named as if it sat in a directory
 * that does not exist, so <domain file='relative'/> references fail
 * cleanly and inline <domain> elements go through the domain XML parser.
 * Checks: no crash, no leak, and a loaded node is self-consistent. */
#define VIRT_IMPLEMENTATION
#include "virt.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    virt__test_node *node;
    virt_status st;
    size_t i;
    if (size > VIRT_XML_MAX_BYTES) return 0;
    node = virt__test_node_new();
    if (!node) return 0;
    virt__status_clear(&st);
    if (virt__test_load_node(node, "/nonexistent-virt-fuzz/node.xml", (const char *)data, size, &st)
        == VIRT_OK) {
        /* what the loader promises: at least one CPU, ids 1..n, running */
        if (node->info.cpus == 0 || node->info.cpus > VIR_NODEINFO_MAXCPUS(node->info)) abort();
        for (i = 0; i < node->ndoms; i++)
            if (node->doms[i]->id != (int)i + 1 || node->doms[i]->state != VIR_DOMAIN_RUNNING
                || node->doms[i]->def->memory_kib < node->doms[i]->def->current_memory_kib)
                abort();
    } else if (st.message[0] == '\0') {
        abort();                                /* a failure must say why */
    }
    virt__test_node_free(node);
    return 0;
}
