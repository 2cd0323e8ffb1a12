/* tests/xend/test_devices.c - hot-plug through xend (virDomainAttachDevice,
 * DetachDevice and their Flags forms), per xend profile, on one xen:///
 * connection whose xend part is tests/xend/fake_xend.py and whose xenstore
 * part is tests/xs/fake_xenstored.py, which the fake xend keeps up to date
 * as xend does (fake_xend.py --xenstore). The device ids for device_destroy
 * come from the store, as libvirt's xend driver read them; xend alone (no
 * store) can attach but not detach. Also the flag rules of libvirt's xend
 * driver, the refused device kinds (by element), bad device XML, an
 * inactive managed domain (3.0.4) and a read-only connection.
 *
 *   test_xend_devices PYTHON FAKE_XEND FAKE_XENSTORED VERSION   (77: skipped) */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"
#include "../virt_test_api.h"
#include "fake_spawn.h"
#include "../xs/xs_fake.h"

static const char disk_xml[] =
    "<disk type='file' device='disk'><source file='/var/xen/extra.img'/><target dev='xvdb'/></disk>";
static const char nic_xml[] =
    "<interface type='bridge'><mac address='00:16:3e:00:00:42'/><source bridge='xenbr0'/></interface>";

static int has(virDomainPtr d, const char *what)
{
    char *xml = virDomainGetXMLDesc(d, 0);
    int r = xml && strstr(xml, what) != NULL;
    free(xml);
    return r;
}

/* attach, refuse a second, detach, refuse a second detach; the same for a
 * vif found by its MAC (the store's text compared without case) */
static void check_plug(virConnectPtr conn, const char *version)
{
    virDomainPtr d = virDomainLookupByName(conn, "guest1");
    unsigned int live = VIR_DOMAIN_AFFECT_LIVE;
    VT_CHECK(d != NULL);
    if (!d) return;
    VT_CHECK(!has(d, "xvdb"));
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, disk_xml), 0);
    VT_CHECK(has(d, "xvdb"));
    VT_CHECK(has(d, "/var/xen/extra.img"));
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, disk_xml), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_INVALID);
    VT_CHECK(vt_message_has("target 'xvdb' already exists"));
    VT_CHECK_EQ_INT(virDomainDetachDeviceFlags(d, disk_xml, live), 0);
    VT_CHECK(!has(d, "xvdb"));
    VT_CHECK_EQ_INT(virDomainDetachDevice(d, disk_xml), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_FAILED);
    VT_CHECK(vt_message_has("disk xvdb not found"));
    /* the disk the guest was started with: id 2049 (sda1) from the store */
    VT_CHECK(has(d, "<target dev='sda1'"));
    VT_CHECK_EQ_INT(virDomainDetachDevice(d, "<disk type='file'><source file='/x'/><target dev='sda1'/></disk>"), 0);
    VT_CHECK(!has(d, "<target dev='sda1'"));
    /* an interface */
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, nic_xml, live), 0);
    VT_CHECK(has(d, "00:16:3e:00:00:42"));
    VT_CHECK_EQ_INT(virDomainDetachDevice(d, "<interface type='bridge'><mac address='00:16:3E:00:00:42'/></interface>"), 0);
    VT_CHECK(!has(d, "00:16:3e:00:00:42"));
    VT_CHECK_EQ_INT(virDomainDetachDevice(d, "<interface type='bridge'><source bridge='xenbr0'/></interface>"), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_FAILED);
    VT_CHECK(vt_message_has("<mac address=''>"));
    /* the flag rules: a persistent change needs xend >= 3.0.4, and there
     * the live and persistent configs change together */
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, disk_xml, VIR_DOMAIN_AFFECT_CONFIG), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_INVALID);
    if (strcmp(version, "3.0.4") == 0) {
        VT_CHECK(vt_message_has("Xend only supports modifying both live and persistent config"));
        VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, disk_xml, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG), 0);
        VT_CHECK_EQ_INT(virDomainDetachDeviceFlags(d, disk_xml, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG), 0);
    } else {
        VT_CHECK(vt_message_has("Xend version does not support modifying persistent config"));
        VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, disk_xml, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG), -1);
        VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_INVALID);
    }
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, disk_xml, 0x100), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(!has(d, "xvdb"));
    virDomainFree(d);
}

/* what xend 3 cannot hot-plug is refused by element, bad XML as such */
static void check_refusals(virConnectPtr conn)
{
    virDomainPtr d = virDomainLookupByName(conn, "guest2");
    VT_CHECK(d != NULL);
    if (!d) return;
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<graphics type='vnc' port='-1'/>"), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_INVALID);
    VT_CHECK(vt_message_has("<graphics>"));
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<hostdev mode='subsystem' type='pci' managed='no'><source>"
                                             "<address domain='0x0000' bus='0x00' slot='0x1b' function='0x0'/>"
                                             "</source></hostdev>"), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_CONFIG_UNSUPPORTED);
    VT_CHECK(vt_message_has("<hostdev>"));
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='network' device='disk'><source protocol='nbd' name='x'>"
                                             "<host name='h' port='1'/></source><target dev='xvdc'/></disk>"), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_CONFIG_UNSUPPORTED);
    VT_CHECK(vt_message_has("network"));
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='file'><source file='/a'/><target dev='xvdc'/>"), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_XML_ERROR);
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<?xml version='1.0'?>\n" "<disk type='file'><source file='/a'/>"
                                             "<target dev='xvdc'/></disk><disk type='file'><source file='/b'/>"
                                             "<target dev='xvdd'/></disk>"), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_XML_ERROR);
    VT_CHECK(vt_message_has("exactly one device"));
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='file'><source file='/a'/></disk>"), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_XML_ERROR);
    VT_CHECK(vt_message_has("no <target dev=''>"));
    /* a device name xend has no number for: xend's own error */
    VT_CHECK_EQ_INT(virDomainAttachDevice(d, "<disk type='file'><source file='/a'/><target dev='vdz'/></disk>"), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_POST_FAILED);
    VT_CHECK(vt_message_has("Unable to find number for device (vdz)"));
    VT_CHECK(!has(d, "vdz"));
    virDomainFree(d);
}

/* 3.0.4: a halted managed domain's config takes a device (CONFIG only);
 * before 3.0.4 xend keeps no config to change */
static void check_inactive(virConnectPtr conn, const char *version)
{
    static const char xml[] =
        "<domain type='xen'><name>cold</name><memory>131072</memory>"
        "<os><type>linux</type><kernel>/boot/vmlinuz</kernel></os>"
        "<devices><disk type='file' device='disk'><source file='/var/xen/cold.img'/><target dev='xvda'/></disk>"
        "</devices></domain>";
    virDomainPtr d;
    if (strcmp(version, "3.0.4") != 0) return;
    d = virDomainDefineXML(conn, xml);
    VT_CHECK(d != NULL);
    if (!d) return;
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, disk_xml, VIR_DOMAIN_AFFECT_LIVE), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_INVALID);
    VT_CHECK(vt_message_has("Cannot modify live config if domain is inactive"));
    VT_CHECK_EQ_INT(virDomainAttachDeviceFlags(d, disk_xml, VIR_DOMAIN_AFFECT_CONFIG), 0);
    VT_CHECK(has(d, "xvdb"));
    VT_CHECK_EQ_INT(virDomainDetachDeviceFlags(d, disk_xml, VIR_DOMAIN_AFFECT_CONFIG), -1);
    VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_INVALID);
    VT_CHECK(vt_message_has("only while it runs"));
    VT_CHECK_EQ_INT(virDomainUndefine(d), 0);
    virDomainFree(d);
}

int main(int argc, char **argv)
{
    fake_xend f;
    const char *extra[] = { "--version", NULL, "--guests", "2", "--xenstore", NULL, NULL };
    char xs_sock[256], uri[700];
    pid_t xs;
    virConnectPtr conn, alone, ro;
    if (argc < 5) VT_SKIP("usage: test_xend_devices PYTHON FAKE_XEND FAKE_XENSTORED VERSION");
    extra[1] = argv[4];
    virSetErrorFunc(NULL, vt_quiet_errors);
    xs = xsf_start_for_test(argv[3], xs_sock, sizeof xs_sock, "xenddev", 0, 1);
    extra[5] = xs_sock;
    if (fake_start(&f, argv[1], argv[2], NULL, extra) < 0) { xsf_stop(xs); VT_SKIP("cannot run fake_xend.py"); }
    snprintf(uri, sizeof uri, "xen:///?socket=%s", f.sock);
    conn = virConnectOpen(uri);
    VT_CHECK(conn != NULL);
    if (conn) {
        char *what = virConnectGetURI(conn);
        VT_CHECK(what != NULL);
        free(what);
        check_plug(conn, argv[4]);
        check_refusals(conn);
        check_inactive(conn, argv[4]);
        virConnectClose(conn);
    }
    /* xend alone: attaching needs no id, detaching does */
    alone = virConnectOpen(f.uri);
    VT_CHECK(alone != NULL);
    if (alone) {
        virDomainPtr d = virDomainLookupByName(alone, "guest2");
        VT_CHECK(d != NULL);
        if (d) {
            VT_CHECK_EQ_INT(virDomainAttachDevice(d, disk_xml), 0);
            VT_CHECK(has(d, "xvdb"));
            VT_CHECK_EQ_INT(virDomainDetachDevice(d, disk_xml), -1);
            VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_FAILED);
            VT_CHECK(vt_message_has("no xenstore to find the device id of disk xvdb"));
            virDomainFree(d);
        }
        virConnectClose(alone);
    }
    ro = virConnectOpenReadOnly(f.uri);
    if (ro) {
        virDomainPtr d = virDomainLookupByName(ro, "guest2");
        if (d) {
            VT_CHECK_EQ_INT(virDomainAttachDevice(d, nic_xml), -1);
            VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_DENIED);
            VT_CHECK_EQ_INT(virDomainDetachDevice(d, disk_xml), -1);
            VT_CHECK_EQ_INT(vt_last_code(), VIR_ERR_OPERATION_DENIED);
            virDomainFree(d);
        }
        virConnectClose(ro);
    }
    fake_stop(&f);
    xsf_stop(xs);
    unlink(xs_sock);
    return vt_summary("test_xend_devices");
}
