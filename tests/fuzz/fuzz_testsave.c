/* tests/fuzz/fuzz_testsave.c - libFuzzer entry for the test driver's save
 * file reader (virDomainRestore's input: a text header with the runtime
 * state, then the domain XML). The input is the file's contents.
 * Checks: no crash, no leak; a file that parses gives a definition the
 * driver can keep (name, memory within its maximum, at least one vCPU,
 * within the recorded maximum). */
#define VIRT_IMPLEMENTATION
#include "virt.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    virt__test_node *node;
    virt__test_saved saved;
    virt_status st;
    char *doc;
    if (size > VIRT_XML_MAX_BYTES) return 0;
    doc = (char *)malloc(size + 1);             /* the reader wants a NUL after the data */
    if (!doc) return 0;
    if (size) memcpy(doc, data, size);
    doc[size] = '\0';
    node = virt__test_node_new();
    if (!node) { free(doc); return 0; }
    memset(&saved, 0, sizeof saved);
    virt__status_clear(&st);
    if (virt__test_save_parse(node, doc, size, "fuzz.save", &saved, &st) == VIRT_OK) {
        if (!saved.def || !saved.def->name || saved.def->vcpus == 0
            || saved.def->current_memory_kib > saved.def->memory_kib
            || saved.max_vcpus < saved.def->vcpus)
            abort();
        virt_domain_def_free(saved.def);
    } else if (st.message[0] == '\0' || saved.def) {
        abort();                                /* a failure says why and keeps nothing */
    }
    virt__test_node_free(node);
    free(doc);
    return 0;
}
