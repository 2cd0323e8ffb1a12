/* tests/core/test_node.c - the test driver against libvirt 0.2.0's own test
 * data: test:///<shared>/conformance/libvirt-xen/testdriver/testnode.xml
 * (which loads testdomfv0.xml as id 1 and testdomfc4.xml as id 2) must give
 * the values 0.2.0's virsh printed for it (the virsh/ files next to it), and
 * test:///default those of list-default.txt and nodeinfo-default.txt.
 * Skips (exit 77) when ../shared is absent. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "virt_test_api.h"
#include "test_common.h"

#include <sys/stat.h>

#ifndef VIRT_SHARED_DIR
#  define VIRT_SHARED_DIR "../shared"
#endif
#define VT_DATA VIRT_SHARED_DIR "/conformance/libvirt-xen"

/* The whole of a file in virsh/ (static buffer; "" if unreadable). */
static const char *virsh_file(const char *name)
{
    static char text[4096];
    char path[1024];
    size_t n;
    FILE *f;
    snprintf(path, sizeof path, "%s/virsh/%s", VT_DATA, name);
    text[0] = '\0';
    f = fopen(path, "r");
    if (!f) { fprintf(stderr, "cannot read %s\n", path); return text; }
    n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* The value after "Key:" in a virsh "Key:   value" listing (static). */
static const char *virsh_value(const char *text, const char *key)
{
    static char value[256];
    const char *line = text;
    size_t klen = strlen(key);
    value[0] = '\0';
    while (line && *line) {
        if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
            const char *v = line + klen + 1, *end;
            while (*v == ' ') v++;
            end = strchr(v, '\n');
            if (!end) end = v + strlen(v);
            snprintf(value, sizeof value, "%.*s", (int)(end - v), v);
            return value;
        }
        line = strchr(line, '\n');
        if (line) line++;
    }
    return value;
}

/* The first line of a one-value virsh output (static). */
static const char *virsh_line(const char *name)
{
    static char value[256];
    const char *t = virsh_file(name);
    size_t n = strcspn(t, "\n");
    snprintf(value, sizeof value, "%.*s", (int)n, t);
    return value;
}

static const char *state_name(int state)
{
    switch (state) {
    case VIR_DOMAIN_RUNNING: return "running";
    case VIR_DOMAIN_BLOCKED: return "blocked";
    case VIR_DOMAIN_PAUSED: return "paused";
    case VIR_DOMAIN_SHUTDOWN: return "in shutdown";
    case VIR_DOMAIN_SHUTOFF: return "shut off";
    case VIR_DOMAIN_CRASHED: return "crashed";
    default: return "no state";
    }
}

static void check_nodeinfo(virConnectPtr c, const char *file)
{
    const char *t = virsh_file(file);
    virNodeInfo ni;
    char buf[64];
    size_t i;
    /* virsh nodeinfo's lines: the key, and the unit virsh prints after the value */
    static const char *const keys[7] = {"CPU(s)", "CPU frequency", "CPU socket(s)", "Core(s) per socket",
                                        "Thread(s) per core", "NUMA cell(s)", "Memory size"};
    static const char *const units[7] = {"", " MHz", "", "", "", "", " kB"};
    unsigned long values[7];
    VT_CHECK_EQ_INT(virNodeGetInfo(c, &ni), 0);
    VT_CHECK_EQ_STR(ni.model, virsh_value(t, "CPU model"));
    values[0] = ni.cpus; values[1] = ni.mhz; values[2] = ni.sockets; values[3] = ni.cores;
    values[4] = ni.threads; values[5] = ni.nodes; values[6] = ni.memory;
    for (i = 0; i < 7; i++) {
        snprintf(buf, sizeof buf, "%lu%s", values[i], units[i]);
        VT_CHECK_EQ_STR(buf, virsh_value(t, keys[i]));
    }
}

/* virsh list's rows ("%3d %-20s %s") for the running domains, in id order. */
static void check_list(virConnectPtr c, const char *file)
{
    char expected[4096], got[4096];
    const char *t = virsh_file(file);
    const char *rows = strstr(t, "---\n");
    int ids[16], n, i;
    size_t used = 0;
    snprintf(expected, sizeof expected, "%s", rows ? strchr(rows, '\n') + 1 : "");
    got[0] = '\0';
    n = virConnectListDomains(c, ids, 16);
    VT_CHECK(n > 0);
    for (i = 0; i < n; i++) {
        virDomainPtr d = virDomainLookupByID(c, ids[i]);
        virDomainInfo info;
        VT_CHECK(d != NULL);
        if (!d) continue;
        VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
        used += (size_t)snprintf(got + used, sizeof got - used, "%3d %-20s %s\n", ids[i],
                                 virDomainGetName(d), state_name(info.state));
        virDomainFree(d);
    }
    snprintf(got + used, sizeof got - used, "\n");       /* virsh's trailing empty line */
    VT_CHECK_EQ_STR(got, expected);
}

static void check_fc4(virConnectPtr c, virDomainPtr d)
{
    char t[4096];       /* a copy: virsh_line() reuses virsh_file()'s buffer */
    virDomainInfo info;
    char buf[64], uuid[VIR_UUID_STRING_BUFLEN];
    char *os;
    snprintf(t, sizeof t, "%s", virsh_file("dominfo-fc4.txt"));
    VT_CHECK(d != NULL);
    if (!d) return;
    snprintf(buf, sizeof buf, "%u", virDomainGetID(d));
    VT_CHECK_EQ_STR(buf, virsh_value(t, "Id"));
    VT_CHECK_EQ_STR(buf, virsh_line("domid-fc4.txt"));
    VT_CHECK_EQ_STR(virDomainGetName(d), virsh_value(t, "Name"));
    VT_CHECK_EQ_STR(virDomainGetName(d), virsh_line("domname-fc4.txt"));
    VT_CHECK_EQ_INT(virDomainGetUUIDString(d, uuid), 0);
    VT_CHECK_EQ_STR(uuid, virsh_value(t, "UUID"));
    VT_CHECK_EQ_STR(uuid, virsh_line("domuuid-fc4.txt"));
    os = virDomainGetOSType(d);
    VT_CHECK_EQ_STR(os, virsh_value(t, "OS Type"));
    free(os);
    VT_CHECK_EQ_INT(virDomainGetInfo(d, &info), 0);
    VT_CHECK_EQ_STR(state_name(info.state), virsh_value(t, "State"));
    VT_CHECK_EQ_STR(state_name(info.state), virsh_line("domstate-fc4.txt"));
    snprintf(buf, sizeof buf, "%u", info.nrVirtCpu);
    VT_CHECK_EQ_STR(buf, virsh_value(t, "CPU(s)"));
    snprintf(buf, sizeof buf, "%lu kB", info.maxMem);
    VT_CHECK_EQ_STR(buf, virsh_value(t, "Max memory"));
    snprintf(buf, sizeof buf, "%lu kB", info.memory);
    VT_CHECK_EQ_STR(buf, virsh_value(t, "Used memory"));
    VT_CHECK_EQ_INT(virDomainGetMaxMemory(d), info.maxMem);
    VT_CHECK(virDomainGetConnect(d) == c);
}

int main(void)
{
    struct stat sb;
    char uri[1200];
    virConnectPtr c;
    virDomainPtr by_id, by_name, by_uuid, fv0;
    virDomainInfo info;
    if (stat(VT_DATA "/testdriver/testnode.xml", &sb) != 0)
        VT_SKIP(VT_DATA "/testdriver/testnode.xml not found (the shared conformance data is absent)");
    virSetErrorFunc(NULL, vt_quiet_handler);

    c = virConnectOpenReadOnly("test:///default");
    VT_CHECK(c != NULL);
    if (c) {
        check_nodeinfo(c, "nodeinfo-default.txt");
        check_list(c, "list-default.txt");
        virConnectClose(c);
    }

    snprintf(uri, sizeof uri, "test://%s/testdriver/testnode.xml", VT_DATA);
    c = virConnectOpenReadOnly(uri);
    VT_CHECK(c != NULL);
    if (!c) return vt_summary("core_node");
    check_nodeinfo(c, "nodeinfo-custom.txt");
    check_list(c, "list-custom.txt");
    /* dominfo for "2", "fc4" and the UUID: one object, the same values */
    by_id = virDomainLookupByID(c, 2);
    by_name = virDomainLookupByName(c, "fc4");
    by_uuid = virDomainLookupByUUIDString(c, "ef861801-45b9-11cb-88e3-afbfe5370493");
    VT_CHECK(by_id && by_id == by_name && by_id == by_uuid);
    check_fc4(c, by_id);
    check_fc4(c, by_uuid);
    /* fv0: <memory> is the current amount when <maxMemory> is given */
    fv0 = virDomainLookupByID(c, 1);
    VT_CHECK(fv0 != NULL);
    if (fv0) {
        VT_CHECK_EQ_STR(virDomainGetName(fv0), "fv0");
        VT_CHECK_DOMAIN_INFO(fv0, &info, 1524288, 524288, 4, "linux");
        virDomainFree(fv0);
    }
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 2);
    VT_CHECK_EQ_INT(virConnectNumOfDefinedDomains(c), 0);
    if (by_id) virDomainFree(by_id);
    if (by_name) virDomainFree(by_name);
    if (by_uuid) virDomainFree(by_uuid);
    VT_CHECK_EQ_INT(virConnectClose(c), 0);

    /* a node file given by a path with "." and ".." still finds its domains */
    snprintf(uri, sizeof uri, "test://%s/testdriver/../testdriver/./testnode.xml", VT_DATA);
    c = virConnectOpenReadOnly(uri);
    VT_CHECK(c != NULL);
    if (c) {
        VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 2);
        virConnectClose(c);
    }
    return vt_summary("core_node");
}
