/* tests/xs/test_xs_hv.c - the xenstore backend next to the hypervisor
 * backend on one xen:/// connection: the store may still list domains that
 * are dead (libvirt 0.x checked each id with a hypercall), so the xenstore
 * backend asks virt_hv.h's virt__hv_domain_exists. The hypervisor is
 * tests/hv's simulator (ioctl hook), the store is fake_xenstored.py seeded
 * with domains 0, 1 ("tiny") and 2 ("hvm1"); the simulator knows 0 and 1.
 * Usage: test_xs_hv FAKE_XENSTORED_PY */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"
#include "../hv/hv_sim.h"
#include "xs_fake.h"

static int stopped_tiny;

static void on_event(virConnectPtr conn, virDomainPtr dom, int event, unsigned long long detail, void *opaque)
{
    (void)conn; (void)detail; (void)opaque;
    if (event == VIRT_DOMAIN_EVENT_STOPPED && strcmp(virDomainGetName(dom), "tiny") == 0) stopped_tiny++;
}

static void quiet(void *ud, virErrorPtr e) { (void)ud; (void)e; }

int main(int argc, char **argv)
{
    static hv_sim sim;
    char sock[200];
    virConnectPtr conn;
    virt_open_config cfg;
    virDomainPtr d;
    virt_status st;
    virt_xs *raw;
    pid_t pid;
    int i;
    if (argc < 2) VT_SKIP("usage: test_xs_hv FAKE_XENSTORED_PY");
    signal(SIGPIPE, SIG_IGN);
    virSetErrorFunc(NULL, quiet);
    if (hv_sim_init(&sim, "4.17") != 0) VT_SKIP("hv_sim has no 4.17 data");
    hv_sim_add(&sim, 1, HV_SIM_BLOCKED, 32768, 32768, 1);
    memset(&cfg, 0, sizeof cfg);          /* the hypervisor hook of this connection */
    cfg.hv_ioctl = hv_sim_ioctl;
    cfg.hv_ioctl_ctx = &sim;
    pid = xsf_start_for_test(argv[1], sock, sizeof sock, "hv", 1, 1);
    conn = virt_connect_open_config("xen:///", 0, &cfg);
    raw = virt_xs_open(sock, 0, &st);
    VT_CHECK(conn != NULL);
    VT_CHECK(raw != NULL);
    if (conn && raw) {
        /* both backends are open (hypervisor first, then xenstore) */
        const virt__xen *x = (const virt__xen *)conn->priv;  /* the router's backends */
        VT_CHECK(x->hv.drv != NULL && x->xs.drv != NULL);
        VT_CHECK_EQ_STR(x->hv.drv ? x->hv.drv->name : NULL, "hypervisor");
        VT_CHECK_EQ_STR(x->xs.drv ? x->xs.drv->name : NULL, "xenstore");
        /* "hvm1" is in the store only: not a live domain */
        VT_CHECK(virDomainLookupByName(conn, "hvm1") == NULL);
        VT_CHECK_EQ_INT(virGetLastError()->code, VIR_ERR_NO_DOMAIN);
        d = virDomainLookupByName(conn, "tiny");
        VT_CHECK(d != NULL);
        if (d) { VT_CHECK_EQ_INT(virDomainGetID(d), 1); virDomainFree(d); }
        VT_CHECK_EQ_INT(virConnectNumOfDomains(conn), 2);

        /* tiny dies in the hypervisor; the store keeps its entry (the
         * toolstack has not cleaned up): @releaseDomain -> STOPPED */
        VT_CHECK_EQ_INT(virt_domain_event_register(conn, on_event, NULL), 0);
        VT_CHECK_EQ_INT(virt_domain_event_poll(conn, 200), 0);
        hv_sim_find(&sim, 1)->flags = HV_SIM_DYING;
        VT_CHECK_EQ_INT(virt_xs_request(raw, VIRT_XS_RELEASE, 0, "1\0", 2, NULL, NULL, &st), VIRT_OK);
        for (i = 0; i < 30 && !stopped_tiny; i++) (void)virt_domain_event_poll(conn, 100);
        VT_CHECK_EQ_INT(stopped_tiny, 1);
        VT_CHECK(virDomainLookupByName(conn, "tiny") == NULL);
        VT_CHECK_EQ_INT(virt_domain_event_deregister(conn, on_event), 0);
    }
    if (conn) virConnectClose(conn);
    virt_xs_close(raw);
    xsf_stop(pid);
    unlink(sock);
    return vt_summary("test_xs_hv");
}
