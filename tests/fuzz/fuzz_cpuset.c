/* tests/fuzz/fuzz_cpuset.c - libFuzzer entry for the test driver's CPU
 * set parser (a <vcpupin cpuset=''> or <vcpu cpuset=''> of a user's domain
 * XML, read by virDomainGetVcpus and virDomainGetVcpuPinInfo) and its
 * formatter. The input is the cpuset text. Checks: no crash, and the
 * formatted set parses back to the same bitmap. */
#define VIRT_IMPLEMENTATION
#include "virt.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char map[VIRT__TEST_CPUSET_BYTES], again[VIRT__TEST_CPUSET_BYTES];
    char *text, *formatted;
    if (size > 4096) return 0;
    text = (char *)malloc(size + 1);
    if (!text) return 0;
    if (size) memcpy(text, data, size);
    text[size] = '\0';
    virt__test_cpuset_parse(text, map);
    formatted = virt__test_cpuset_format(map, VIRT__TEST_CPUSET_BITS);
    if (formatted) {
        virt__test_cpuset_parse(formatted, again);
        if (memcmp(map, again, sizeof map) != 0) abort();
        VIRT_FREE(formatted);
    }
    free(text);
    return 0;
}
