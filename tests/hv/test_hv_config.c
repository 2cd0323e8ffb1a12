/* tests/hv/test_hv_config.c - the hypervisor ioctl hook on the connection
 * (virt_connect_open_config) instead of the process: two connections open
 * at once, each on its own simulated hypervisor, see each its own domains;
 * a connection opened without a config is not affected by them. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"
#include "hv_sim.h"

static void quiet(void *ud, virErrorPtr e) { (void)ud; (void)e; }

static int only_id(virConnectPtr c)
{
    int ids[4], n = virConnectListDomains(c, ids, 4);
    return n == 2 && ids[0] == 0 ? ids[1] : -1;     /* dom0 + one guest */
}

int main(void)
{
    hv_sim a, b;
    virt_open_config ca, cb;
    virConnectPtr x, y, plain;
    virSetErrorFunc(NULL, quiet);
    setenv("XENSTORED_PATH", "/nonexistent/virt-test-xenstored", 1);
    hv_sim_init(&a, "4.17");
    hv_sim_add(&a, 5, HV_SIM_RUNNING, 100, 100, 1);
    hv_sim_init(&b, "4.16");
    hv_sim_add(&b, 9, HV_SIM_BLOCKED, 200, 200, 2);
    memset(&ca, 0, sizeof ca);
    ca.hv_ioctl = hv_sim_ioctl;
    ca.hv_ioctl_ctx = &a;
    cb = ca;
    cb.hv_ioctl_ctx = &b;

    x = virt_connect_open_config("xen:///", 0, &ca);
    y = virt_connect_open_config("xen:///", 1, &cb);
    VT_CHECK(x != NULL && y != NULL);
    if (x && y) {
        VT_CHECK_EQ_INT(only_id(x), 5);
        VT_CHECK_EQ_INT(only_id(y), 9);
        VT_CHECK(a.calls > 0 && b.calls > 0);
        {
            virDomainPtr d = virDomainLookupByID(y, 9);
            virDomainInfo info;
            VT_CHECK(d != NULL);
            VT_CHECK_EQ_INT(d ? virDomainGetInfo(d, &info) : -1, 0);
            VT_CHECK_EQ_INT(info.nrVirtCpu, 2);
            VT_CHECK_EQ_INT(d ? virDomainSuspend(d) : 0, -1);    /* y is read-only */
            if (d) virDomainFree(d);
        }
    }
    /* no config, no process-wide hook: the real privcmd, absent here */
    plain = virConnectOpen("xen:///");
    if (plain) {
        VT_CHECK(only_id(plain) != 5 && only_id(plain) != 9);
        virConnectClose(plain);
    }
    if (x) virConnectClose(x);
    if (y) virConnectClose(y);
    return vt_summary("hv_config");
}
