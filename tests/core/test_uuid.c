/* tests/core/test_uuid.c - UUIDs the test driver makes for definitions
 * without <uuid> (issue 15 item 11): version 4, RFC 4122 variant, all
 * distinct, different again on a second connection. Run alone it checks
 * that; core_uuid_syscalls runs it under strace and counts the kernel
 * randomness it asks for (one seed per connection, not one per UUID);
 * with --baseline it opens and closes two connections and makes no UUID. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"

#define NDOMS 200

static int make_uuids(char uuids[][VIR_UUID_STRING_BUFLEN], int n)
{
    virConnectPtr c = virConnectOpen("test:///default");
    char xml[256];
    int i, made = 0;
    if (!c) return 0;
    for (i = 0; i < n; i++) {
        virDomainPtr d;
        snprintf(xml, sizeof xml, "<domain type='test'><name>nouuid%d</name><os><type>linux</type></os>"
                                  "<memory>65536</memory></domain>", i);
        d = i % 2 ? virDomainDefineXML(c, xml) : virDomainCreateXML(c, xml, 0);
        if (!d) break;
        if (virDomainGetUUIDString(d, uuids[made]) == 0) made++;
        virDomainFree(d);
    }
    virConnectClose(c);
    return made;
}

static int cmp(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

int main(int argc, char **argv)
{
    static char uuids[2 * NDOMS][VIR_UUID_STRING_BUFLEN];
    int i, n;
    if (argc > 1 && strcmp(argv[1], "--baseline") == 0) {   /* the same program making no UUID */
        virConnectClose(virConnectOpen("test:///default"));
        virConnectClose(virConnectOpen("test:///default"));
        return 0;
    }
    n = make_uuids(uuids, NDOMS);
    VT_CHECK_EQ_INT(n, NDOMS);
    n += make_uuids(uuids + n, NDOMS);        /* a second connection: another seed */
    VT_CHECK_EQ_INT(n, 2 * NDOMS);
    for (i = 0; i < n; i++) {
        VT_CHECK_EQ_INT(strlen(uuids[i]), 36);
        VT_CHECK(uuids[i][14] == '4');                              /* version 4 */
        VT_CHECK(strchr("89ab", uuids[i][19]) != NULL);             /* RFC 4122 variant */
    }
    qsort(uuids, (size_t)n, sizeof uuids[0], cmp);
    for (i = 1; i < n; i++) VT_CHECK(strcmp(uuids[i - 1], uuids[i]) != 0);
    return vt_summary("core_uuid");
}
