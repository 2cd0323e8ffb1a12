/* tests/core/test_user_driver.c - a driver of the program's own under the
 * published contract (virt_driver, virt_driver_register): it is offered
 * URIs before the built-in drivers, answers what it fills, declines the
 * rest (VIR_ERR_NO_SUPPORT), hands out domain objects through
 * virt_driver_domain, raises its errors with virt_driver_error, and a
 * failed open is the caller's error. The built-in drivers still open. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "test_common.h"

typedef struct mem_node {
    int opened, closed;
    unsigned long memory;
} mem_node;
static mem_node node;

static int mem_open(virConnectPtr conn, const virt_uri *uri, int readonly, void **priv)
{
    (void)conn; (void)readonly;
    if (strcmp(uri->scheme, "mem") != 0) return VIRT_DRIVER_DECLINED;
    if (strcmp(uri->path, "/fail") == 0) {
        virt_driver_error(NULL, NULL, VIR_FROM_TEST, VIR_ERR_OPEN_FAILED, "mem: cannot open '%s'", uri->path);
        return -1;
    }
    node.opened++;
    node.memory = 4096;
    *priv = &node;
    return 0;
}
static void mem_close(void *priv) { ((mem_node *)priv)->closed++; }
static int mem_num(void *priv) { (void)priv; return 1; }
static int mem_by_name(void *priv, virConnectPtr conn, const char *name, virDomainPtr *out)
{
    (void)priv;
    if (strcmp(name, "only") != 0) {
        virt_driver_error(conn, NULL, VIR_FROM_TEST, VIR_ERR_NO_DOMAIN, "mem: no domain '%s'", name);
        return -1;
    }
    *out = virt_driver_domain(conn, "only", NULL, 7);
    return *out ? 0 : -1;
}
static int mem_max(void *priv, virDomainPtr dom, unsigned long *out)
{
    (void)dom;
    *out = ((mem_node *)priv)->memory;
    return 0;
}

static void quiet(void *ud, virErrorPtr e) { (void)ud; (void)e; }

int main(void)
{
    virt_driver mem;
    virConnectPtr c;
    virDomainPtr d, again;
    char *uri;
    virSetErrorFunc(NULL, quiet);
    memset(&mem, 0, sizeof mem);
    VT_CHECK_EQ_INT(virt_driver_register(&mem), -1);         /* no name, no open */
    VT_EXPECT_ERROR(VIR_ERR_INVALID_ARG, NULL);
    mem.name = "mem";
    mem.type = "MEM";
    mem.origin = VIR_FROM_TEST;
    mem.open = mem_open;
    mem.close = mem_close;
    mem.num_of_domains = mem_num;
    mem.domain_lookup_by_name = mem_by_name;
    mem.domain_get_max_memory = mem_max;
    VT_CHECK_EQ_INT(virt_driver_register(&mem), 0);

    c = virConnectOpen("mem:///node");
    VT_CHECK(c != NULL);
    if (c) {
        VT_CHECK_EQ_STR(virConnectGetType(c), "MEM");
        uri = virConnectGetURI(c);
        VT_CHECK_EQ_STR(uri, "mem:///node");
        free(uri);
        VT_CHECK_EQ_INT(virConnectNumOfDomains(c), 1);
        d = virDomainLookupByName(c, "only");
        VT_CHECK(d != NULL);
        again = virDomainLookupByName(c, "only");
        VT_CHECK(again == d);                                 /* one object per domain */
        VT_CHECK_EQ_INT(d ? (int)virDomainGetID(d) : 0, 7);
        VT_CHECK_EQ_INT(d ? (long)virDomainGetMaxMemory(d) : 0, 4096);
        VT_CHECK(virDomainLookupByName(c, "other") == NULL);
        VT_EXPECT_ERROR(VIR_ERR_NO_DOMAIN, "other");
        VT_CHECK_EQ_INT(d ? virDomainSuspend(d) : 0, -1);     /* not in the table: declined */
        VT_EXPECT_ERROR(VIR_ERR_NO_SUPPORT, NULL);
        if (again) virDomainFree(again);
        if (d) virDomainFree(d);
        VT_CHECK_EQ_INT(virConnectClose(c), 0);
        VT_CHECK_EQ_INT(node.closed, 1);
    }
    VT_CHECK(virConnectOpen("mem:///fail") == NULL);          /* its own error, code and all */
    VT_EXPECT_ERROR(VIR_ERR_OPEN_FAILED, "/fail");
    c = virConnectOpen("test:///default");                    /* declined: the built-in driver */
    VT_CHECK(c != NULL);
    if (c) {
        VT_CHECK_EQ_STR(virConnectGetType(c), "TEST");
        virConnectClose(c);
    }
    VT_CHECK_EQ_INT(node.opened, 1);
    return vt_summary("core_user_driver");
}
