/* ifaddrs.c - written for virt's tests (no public original): the guest
 * address report of monitoring tools in C, virDomainInterfaceAddresses on
 * each source, freeing every interface, and its failures as
 * virGetLastErrorMessage() words them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void quiet(void *opaque, virErrorPtr err) { (void)opaque; (void)err; }

static int by_name(const void *a, const void *b)
{
    return strcmp((*(virDomainInterfacePtr const *)a)->name, (*(virDomainInterfacePtr const *)b)->name);
}

static void addresses(virDomainPtr dom, const char *what, unsigned int source, unsigned int flags)
{
    virDomainInterfacePtr *ifaces = NULL;
    int i, n = virDomainInterfaceAddresses(dom, &ifaces, source, flags);
    unsigned int j;
    if (n < 0) {
        printf("%s: failed (%d): %s\n", what, virGetLastErrorCode(), virGetLastErrorMessage());
        return;
    }
    printf("%s: %d interfaces\n", what, n);
    qsort(ifaces, (size_t)n, sizeof *ifaces, by_name);
    for (i = 0; i < n; i++) {
        printf("  %s %s", ifaces[i]->name, ifaces[i]->hwaddr ? ifaces[i]->hwaddr : "-");
        for (j = 0; j < ifaces[i]->naddrs; j++)
            printf(" %s/%u (%s)", ifaces[i]->addrs[j].addr, ifaces[i]->addrs[j].prefix,
                   ifaces[i]->addrs[j].type == VIR_IP_ADDR_TYPE_IPV4 ? "ipv4" : "ipv6");
        printf("\n");
        virDomainInterfaceFree(ifaces[i]);
    }
    free(ifaces);
}

int main(int argc, char **argv)
{
    const char *uri = argc > 1 ? argv[1] : "test:///default";
    const char *xml =
        "<domain type='test'><name>guest</name><memory>65536</memory><os><type>hvm</type></os><devices>"
        "<interface type='network'><source network='default'/><mac address='52:54:00:12:34:56'/></interface>"
        "<interface type='bridge'><source bridge='br0'/><mac address='52:54:00:12:34:57'/></interface>"
        "<interface type='network'><source network='default'/><mac address='52:54:00:12:34:58'/></interface>"
        "</devices></domain>";
    virConnectPtr conn, ro;
    virDomainPtr dom, guest, idle;
    virDomainInterfacePtr *none = NULL;
    virSetErrorFunc(NULL, quiet);
    if (!(conn = virConnectOpen(uri)) || !(ro = virConnectOpenReadOnly(uri))) return 1;
    dom = virDomainLookupByName(conn, "test");
    addresses(dom, "lease", VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0);
    addresses(dom, "agent", VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0);
    addresses(dom, "arp", VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP, 0);
    addresses(dom, "source 7", 7, 0);
    addresses(dom, "flags 1", VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 1);
    printf("NULL array: %d", virDomainInterfaceAddresses(dom, NULL, 0, 0));
    printf(" (%d): %s\n", virGetLastErrorCode(), virGetLastErrorMessage());
    guest = virDomainCreateXML(conn, xml, 0);
    if (guest) addresses(guest, "guest", VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0);
    idle = virDomainDefineXML(conn, "<domain type='test'><name>idle</name><memory>65536</memory>"
                                    "<os><type>hvm</type></os></domain>");
    if (idle) addresses(idle, "inactive", VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0);
    if (idle && virDomainCreate(idle) == 0) {
        int n = virDomainInterfaceAddresses(idle, &none, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0);
        printf("no interfaces: %d\n", n);
        free(none);
    }
    virDomainFree(dom);
    dom = virDomainLookupByName(ro, "test");
    addresses(dom, "read-only lease", VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0);
    addresses(dom, "read-only agent", VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0);
    virDomainInterfaceFree(NULL);
    virDomainFree(dom);
    if (guest) virDomainFree(guest);
    if (idle) virDomainFree(idle);
    virConnectClose(ro);
    virConnectClose(conn);
    return 0;
}
