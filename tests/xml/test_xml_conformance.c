/* tests/xml/test_xml_conformance.c - the "XML conformance" test: libvirt
 * 0.2.0's Xen test data (../shared/conformance/libvirt-xen).
 *
 *   sexpr2xml/NAME.xml parse, write: byte-identical to the file; the deep copy
 *                     writes the same bytes.
 *   xml2sexpr/NAME.xml, testdriver/testdomNAME.xml, xmconfig/NAME.xml
 *                     parse, check the fields that matter (names from
 *                     pairs.tsv), write -> parse -> write is stable.
 *   testdriver/testnode.xml  is a node, not a domain: refused.
 *
 * Usage: test_xml_conformance SHARED_DIR (skips, exit 77, when absent). */
#define VIRT_IMPLEMENTATION
#include "virt_xml.h"
#include "../virt_test.h"
#include "xml_test_util.h"
#include <dirent.h>

static char conf_dir[4096];

static virt_domain_def *parse_file(const char *rel)
{
    char path[4600];
    size_t len;
    char *xml;
    virt_domain_def *def = NULL;
    virt_status st;
    int rc;
    snprintf(path, sizeof path, "%s/%s", conf_dir, rel);
    xml = xt_slurp(path, &len);
    VT_CHECK(xml != NULL);
    if (!xml) return NULL;
    rc = virt_domain_def_parse(xml, len, &def, &st);
    if (rc != VIRT_OK) fprintf(stderr, "%s: %s\n", rel, st.message);
    VT_CHECK_EQ_INT(rc, VIRT_OK);
    free(xml);
    return def;
}

/* write -> parse -> write gives the same bytes, and so does a deep copy */
static void check_stable(const virt_domain_def *def, const char *rel)
{
    char *once = virt_domain_def_format(def), *twice = NULL, *copied = NULL;
    virt_domain_def *again = NULL, *copy = virt_domain_def_copy(def);
    virt_status st;
    VT_CHECK(once != NULL && copy != NULL);
    if (once && virt_domain_def_parse(once, (size_t)-1, &again, &st) == VIRT_OK)
        twice = virt_domain_def_format(again);
    if (copy) copied = virt_domain_def_format(copy);
    VT_CHECK(twice != NULL && copied != NULL);
    if (once && twice && strcmp(once, twice) != 0)
        fprintf(stderr, "%s: not stable:\n%s---\n%s", rel, once, twice);
    VT_CHECK(once && twice && strcmp(once, twice) == 0);
    VT_CHECK(once && copied && strcmp(once, copied) == 0);
    free(once); free(twice); free(copied);
    virt_domain_def_free(again);
    virt_domain_def_free(copy);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void test_sexpr2xml_round_trip(void)
{
    char dir[4600];
    DIR *d;
    struct dirent *e;
    int files = 0;
    snprintf(dir, sizeof dir, "%s/sexpr2xml", conf_dir);
    d = opendir(dir);
    VT_CHECK(d != NULL);
    if (!d) return;
    while ((e = readdir(d)) != NULL) {
        char path[4900], *xml, *out, *copied;
        size_t len;
        virt_domain_def *def = NULL, *copy;
        virt_status st;
        if (!ends_with(e->d_name, ".xml")) continue;
        files++;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        xml = xt_slurp(path, &len);
        VT_CHECK(xml != NULL);
        if (!xml) continue;
        VT_CHECK_EQ_INT(virt_domain_def_parse(xml, len, &def, &st), VIRT_OK);
        if (!def) { fprintf(stderr, "%s: %s\n", e->d_name, st.message); free(xml); continue; }
        out = virt_domain_def_format(def);
        if (out && strcmp(out, xml) != 0)
            fprintf(stderr, "%s: output differs:\n%s", e->d_name, out);
        VT_CHECK(out != NULL && strcmp(out, xml) == 0);
        copy = virt_domain_def_copy(def);
        copied = copy ? virt_domain_def_format(copy) : NULL;
        VT_CHECK(copied != NULL && strcmp(copied, xml) == 0);
        free(out); free(copied); free(xml);
        virt_domain_def_free(def);
        virt_domain_def_free(copy);
    }
    closedir(d);
    VT_CHECK_EQ_INT(files, 12);
}

/* The domain_name column of pairs.tsv for every xml2sexpr input. */
static void test_xml2sexpr_names(void)
{
    char path[4600], *tsv, *line, *save = NULL;
    int rows = 0;
    snprintf(path, sizeof path, "%s/pairs.tsv", conf_dir);
    tsv = xt_slurp(path, NULL);
    VT_CHECK(tsv != NULL);
    if (!tsv) return;
    for (line = strtok_r(tsv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *cols[4], *c, *csave = NULL;
        int n = 0;
        virt_domain_def *def;
        if (strncmp(line, "xml2sexpr\t", 10) != 0) continue;
        for (c = strtok_r(line, "\t", &csave); c && n < 4; c = strtok_r(NULL, "\t", &csave))
            cols[n++] = c;
        VT_CHECK_EQ_INT(n, 4);
        if (n < 4) continue;
        rows++;
        def = parse_file(cols[1]);
        if (!def) continue;
        VT_CHECK_EQ_STR(def->name, cols[3]);
        VT_CHECK_EQ_STR(def->type, "xen");
        VT_CHECK(def->has_uuid);
        check_stable(def, cols[1]);
        virt_domain_def_free(def);
    }
    free(tsv);
    VT_CHECK_EQ_INT(rows, 17);
}

static const virt_device_def *device(const virt_domain_def *def, size_t i, virt_device_kind kind)
{
    VT_CHECK(i < def->ndevices);
    if (i >= def->ndevices) return NULL;
    VT_CHECK_EQ_INT(def->devices[i].kind, kind);
    return def->devices[i].kind == kind ? &def->devices[i] : NULL;
}

static void check_pv_common(const virt_domain_def *def)
{
    char uuid[VIRT_UUID_STRING_BUFLEN];
    virt_uuid_format(def->uuid, uuid);
    VT_CHECK_EQ_STR(uuid, "596a5d21-71f4-8fb2-e068-e2386a5c413e");
    VT_CHECK_EQ_STR(def->os.type, "linux");
    VT_CHECK_EQ_STR(def->os.kernel, "/var/lib/xen/vmlinuz.2Dn2YT");
    VT_CHECK_EQ_STR(def->os.initrd, "/var/lib/xen/initrd.img.0u-Vhq");
    /* blanks at both ends are part of the value */
    VT_CHECK_EQ_STR(def->os.cmdline, " method=http://download.fedora.devel.redhat.com/pub/"
                                     "fedora/linux/core/test/5.91/x86_64/os  ");
    VT_CHECK_EQ_INT(def->memory_kib, 430080);
    VT_CHECK_EQ_INT(def->current_memory_kib, 0);
    VT_CHECK_EQ_INT(def->vcpus, 2);
    VT_CHECK_EQ_INT(def->on_poweroff, VIRT_LIFECYCLE_DESTROY);
    VT_CHECK_EQ_INT(def->on_reboot, VIRT_LIFECYCLE_DESTROY);
    VT_CHECK_EQ_INT(def->on_crash, VIRT_LIFECYCLE_DESTROY);
}

static void test_xml2sexpr_pv(void)
{
    virt_domain_def *def = parse_file("xml2sexpr/xml2sexpr-pv.xml");
    const virt_device_def *d;
    if (!def) return;
    check_pv_common(def);
    VT_CHECK_EQ_INT(def->id, 15);
    VT_CHECK_EQ_INT(def->ndevices, 2);
    if ((d = device(def, 0, VIRT_DEVICE_DISK)) != NULL) {
        VT_CHECK_EQ_INT(d->u.disk.type, VIRT_DISK_FILE);
        VT_CHECK_EQ_INT(d->u.disk.device, VIRT_DISK_DEVICE_DISK);
        VT_CHECK(d->u.disk.driver_name == NULL && d->u.disk.driver_type == NULL);
        VT_CHECK_EQ_STR(d->u.disk.source, "/root/some.img");
        VT_CHECK_EQ_STR(d->u.disk.target, "xvda");
        VT_CHECK(!d->u.disk.readonly);
    }
    if ((d = device(def, 1, VIRT_DEVICE_CONSOLE)) != NULL)
        VT_CHECK_EQ_STR(d->u.console.tty, "/dev/pts/4");
    virt_domain_def_free(def);
}

static void check_fv(const char *rel, int port)
{
    virt_domain_def *def = parse_file(rel);
    const virt_device_def *d;
    if (!def) return;
    VT_CHECK_EQ_INT(def->id, -1);
    VT_CHECK_EQ_STR(def->os.type, "hvm");
    VT_CHECK_EQ_STR(def->os.loader, "/usr/lib/xen/boot/hvmloader");
    VT_CHECK_EQ_STR(def->os.boot_dev, "hd");
    VT_CHECK(def->os.kernel == NULL);
    VT_CHECK_EQ_INT(def->features, VIRT_FEATURE_ACPI);
    VT_CHECK_EQ_INT(def->on_reboot, VIRT_LIFECYCLE_RESTART);
    VT_CHECK_EQ_STR(def->emulator, "/usr/lib64/xen/bin/qemu-dm");
    VT_CHECK_EQ_INT(def->ndevices, 4);
    if ((d = device(def, 0, VIRT_DEVICE_INTERFACE)) != NULL) {
        VT_CHECK_EQ_INT(d->u.net.type, VIRT_NET_BRIDGE);
        VT_CHECK_EQ_STR(d->u.net.source, "xenbr0");
        VT_CHECK_EQ_STR(d->u.net.mac, "00:16:3e:1b:b1:47");
        VT_CHECK_EQ_STR(d->u.net.script, "vif-bridge");
    }
    if ((d = device(def, 1, VIRT_DEVICE_DISK)) != NULL) {
        VT_CHECK_EQ_INT(d->u.disk.device, VIRT_DISK_DEVICE_CDROM);
        VT_CHECK(d->u.disk.readonly);
        VT_CHECK_EQ_STR(d->u.disk.target, "hdc");
    }
    if ((d = device(def, 2, VIRT_DEVICE_DISK)) != NULL) {
        /* no device attribute: a disk */
        VT_CHECK_EQ_INT(d->u.disk.device, VIRT_DISK_DEVICE_DISK);
        VT_CHECK_EQ_STR(d->u.disk.target, "ioemu:hda");
    }
    if ((d = device(def, 3, VIRT_DEVICE_GRAPHICS)) != NULL) {
        VT_CHECK_EQ_INT(d->u.graphics.type, VIRT_GRAPHICS_VNC);
        VT_CHECK_EQ_INT(d->u.graphics.port, port);
    }
    virt_domain_def_free(def);
}

static void check_disk_driver(const char *rel, int type, const char *name, const char *dtype,
                              const char *source)
{
    virt_domain_def *def = parse_file(rel);
    const virt_device_def *d;
    if (!def) return;
    check_pv_common(def);
    if ((d = device(def, 0, VIRT_DEVICE_DISK)) != NULL) {
        VT_CHECK_EQ_INT(d->u.disk.type, type);
        if (name) VT_CHECK_EQ_STR(d->u.disk.driver_name, name);
        else VT_CHECK(d->u.disk.driver_name == NULL);
        if (dtype) VT_CHECK_EQ_STR(d->u.disk.driver_type, dtype);
        else VT_CHECK(d->u.disk.driver_type == NULL);
        VT_CHECK_EQ_STR(d->u.disk.source, source);
    }
    virt_domain_def_free(def);
}

static void test_xml2sexpr_devices(void)
{
    virt_domain_def *def;
    const virt_device_def *d;
    check_fv("xml2sexpr/xml2sexpr-fv.xml", 5917);
    check_fv("xml2sexpr/xml2sexpr-fv-vncunused.xml", -1);
    check_disk_driver("xml2sexpr/xml2sexpr-disk-file.xml", VIRT_DISK_FILE, NULL, NULL, "/root/some.img");
    check_disk_driver("xml2sexpr/xml2sexpr-disk-block.xml", VIRT_DISK_BLOCK, NULL, NULL,
                      "/dev/MainVG/GuestLV");
    check_disk_driver("xml2sexpr/xml2sexpr-disk-drv-blkback.xml", VIRT_DISK_BLOCK, "phy", NULL,
                      "/dev/MainVG/GuestLV");
    check_disk_driver("xml2sexpr/xml2sexpr-disk-drv-blktap.xml", VIRT_DISK_FILE, "tap", NULL,
                      "/root/some.img");
    check_disk_driver("xml2sexpr/xml2sexpr-disk-drv-blktap-qcow.xml", VIRT_DISK_FILE, "tap", "qcow",
                      "/root/some.img");
    check_disk_driver("xml2sexpr/xml2sexpr-disk-drv-blktap-raw.xml", VIRT_DISK_FILE, "tap", "aio",
                      "/root/some.img");
    check_disk_driver("xml2sexpr/xml2sexpr-disk-drv-loop.xml", VIRT_DISK_FILE, "file", NULL,
                      "/root/some.img");

    if ((def = parse_file("xml2sexpr/xml2sexpr-pv-vfb-new.xml")) != NULL) {
        if ((d = device(def, 1, VIRT_DEVICE_GRAPHICS)) != NULL) {
            VT_CHECK_EQ_INT(d->u.graphics.port, 5906);
            VT_CHECK_EQ_STR(d->u.graphics.listen, "127.0.0.1");
            VT_CHECK_EQ_STR(d->u.graphics.passwd, "123456");
        }
        virt_domain_def_free(def);
    }
    if ((def = parse_file("xml2sexpr/xml2sexpr-net-bridged.xml")) != NULL) {
        if ((d = device(def, 1, VIRT_DEVICE_INTERFACE)) != NULL) {
            VT_CHECK_EQ_INT(d->u.net.type, VIRT_NET_BRIDGE);
            VT_CHECK_EQ_STR(d->u.net.mac, "00:11:22:33:44:55");
            VT_CHECK_EQ_STR(d->u.net.source, "xenbr2");
            VT_CHECK_EQ_STR(d->u.net.script, "vif-bridge");
            VT_CHECK_EQ_STR(d->u.net.target, "vif4.0");
        }
        virt_domain_def_free(def);
    }
    if ((def = parse_file("xml2sexpr/xml2sexpr-net-routed.xml")) != NULL) {
        if ((d = device(def, 1, VIRT_DEVICE_INTERFACE)) != NULL) {
            VT_CHECK_EQ_INT(d->u.net.type, VIRT_NET_ETHERNET);
            VT_CHECK_EQ_STR(d->u.net.ip, "172.14.5.6");
            VT_CHECK_EQ_STR(d->u.net.source, "eth3");
            VT_CHECK_EQ_STR(d->u.net.script, "vif-routed");
        }
        virt_domain_def_free(def);
    }
    if ((def = parse_file("xml2sexpr/xml2sexpr-curmem.xml")) != NULL) {
        VT_CHECK_EQ_STR(def->bootloader, "/usr/bin/pygrub");
        VT_CHECK(def->os.type == NULL && def->os.kernel == NULL);
        VT_CHECK_EQ_INT(def->memory_kib, 394240);
        VT_CHECK_EQ_INT(def->current_memory_kib, 179200);
        VT_CHECK_EQ_INT(def->id, 5);
        /* document order kept: interface before disk */
        device(def, 0, VIRT_DEVICE_INTERFACE);
        if ((d = device(def, 1, VIRT_DEVICE_DISK)) != NULL)
            VT_CHECK_EQ_STR(d->u.disk.target, "xvda:disk");
        device(def, 2, VIRT_DEVICE_GRAPHICS);
        virt_domain_def_free(def);
    }
}

static void test_testdriver(void)
{
    virt_domain_def *def;
    const virt_device_def *d;
    char *xml, path[4600];
    virt_status st;
    if ((def = parse_file("testdriver/testdomfc4.xml")) != NULL) {
        char uuid[VIRT_UUID_STRING_BUFLEN];
        virt_uuid_format(def->uuid, uuid);
        VT_CHECK_EQ_STR(def->type, "test");
        VT_CHECK_EQ_STR(def->name, "fc4");
        VT_CHECK_EQ_STR(uuid, "ef861801-45b9-11cb-88e3-afbfe5370493");
        VT_CHECK_EQ_STR(def->os.root, "/dev/sda1");
        VT_CHECK_EQ_STR(def->os.cmdline, " ro selinux=0 3");
        VT_CHECK_EQ_INT(def->memory_kib, 261072);
        VT_CHECK_EQ_INT(def->current_memory_kib, 131072);
        VT_CHECK_EQ_INT(def->on_poweroff, VIRT_LIFECYCLE_UNSET);
        VT_CHECK_EQ_INT(def->ndevices, 3);
        if ((d = device(def, 1, VIRT_DEVICE_INTERFACE)) != NULL)
            VT_CHECK_EQ_STR(d->u.net.mac, "aa:00:00:00:00:11");
        if ((d = device(def, 2, VIRT_DEVICE_CONSOLE)) != NULL)
            VT_CHECK_EQ_STR(d->u.console.tty, "/dev/pts/5");
        check_stable(def, "testdomfc4.xml");
        virt_domain_def_free(def);
    }
    if ((def = parse_file("testdriver/testdomfv0.xml")) != NULL) {
        VT_CHECK_EQ_INT(def->memory_kib, 524288);
        VT_CHECK_EQ_INT(def->max_memory_kib, 1524288);
        VT_CHECK_EQ_INT(def->vcpus, 4);
        VT_CHECK_EQ_INT(def->features, VIRT_FEATURE_PAE | VIRT_FEATURE_ACPI | VIRT_FEATURE_APIC);
        VT_CHECK_EQ_INT(def->ndevices, 5);
        if ((d = device(def, 3, VIRT_DEVICE_DISK)) != NULL) {
            VT_CHECK_EQ_INT(d->u.disk.device, VIRT_DISK_DEVICE_FLOPPY);
            VT_CHECK_EQ_STR(d->u.disk.target, "fda");
        }
        if ((d = device(def, 4, VIRT_DEVICE_GRAPHICS)) != NULL)
            VT_CHECK_EQ_INT(d->u.graphics.port, 5904);
        check_stable(def, "testdomfv0.xml");
        virt_domain_def_free(def);
    }
    /* a node description is not a domain */
    snprintf(path, sizeof path, "%s/testdriver/testnode.xml", conf_dir);
    xml = xt_slurp(path, NULL);
    VT_CHECK(xml != NULL);
    if (xml) {
        def = NULL;
        VT_CHECK_EQ_INT(virt_domain_def_parse(xml, (size_t)-1, &def, &st), VIRT_E_SYNTAX);
        VT_CHECK(def == NULL);
        VT_CHECK(strstr(st.message, "<node>") != NULL);
        free(xml);
    }
}

static void check_xmconfig_hvm(const char *rel)
{
    virt_domain_def *def = parse_file(rel);
    const virt_device_def *d;
    if (!def) return;
    VT_CHECK_EQ_STR(def->name, "XenGuest2");
    VT_CHECK_EQ_STR(def->os.boot_dev, "cdrom"); /* written as <boot>cdrom</boot> */
    VT_CHECK_EQ_INT(def->memory_kib, 592896);
    VT_CHECK_EQ_INT(def->current_memory_kib, 403456);
    VT_CHECK_EQ_INT(def->features, VIRT_FEATURE_PAE | VIRT_FEATURE_ACPI | VIRT_FEATURE_APIC);
    if ((d = device(def, 0, VIRT_DEVICE_DISK)) != NULL) {
        VT_CHECK_EQ_INT(d->u.disk.type, VIRT_DISK_BLOCK);
        VT_CHECK_EQ_STR(d->u.disk.source, "/dev/HostVG/XenGuest2");
    }
    if ((d = device(def, 2, VIRT_DEVICE_INTERFACE)) != NULL) {
        VT_CHECK_EQ_STR(d->u.net.mac, "00:16:3e:66:92:9c"); /* normalised */
        VT_CHECK(d->u.net.source == NULL);
    }
    if ((d = device(def, 3, VIRT_DEVICE_GRAPHICS)) != NULL) {
        VT_CHECK_EQ_INT(d->u.graphics.port, -1);
        VT_CHECK_EQ_STR(d->u.graphics.listen, "127.0.0.1");
        VT_CHECK_EQ_STR(d->u.graphics.passwd, "123poi");
    }
    check_stable(def, rel);
    virt_domain_def_free(def);
}

static void check_xmconfig_pv(const char *rel)
{
    virt_domain_def *def = parse_file(rel);
    const virt_device_def *d;
    if (!def) return;
    VT_CHECK_EQ_STR(def->name, "XenGuest1");
    VT_CHECK_EQ_STR(def->bootloader, "/usr/bin/pygrub");
    VT_CHECK(def->os.type == NULL);
    VT_CHECK_EQ_INT(def->ndevices, 4);
    if ((d = device(def, 1, VIRT_DEVICE_INTERFACE)) != NULL)
        VT_CHECK_EQ_STR(d->u.net.ip, "192.168.0.9");
    if ((d = device(def, 3, VIRT_DEVICE_CONSOLE)) != NULL)
        VT_CHECK(d->u.console.tty == NULL);
    check_stable(def, rel);
    virt_domain_def_free(def);
}

int main(int argc, char **argv)
{
    if (argc < 2) VT_SKIP("usage: test_xml_conformance SHARED_DIR");
    snprintf(conf_dir, sizeof conf_dir, "%s/conformance/libvirt-xen", argv[1]);
    if (!xt_is_dir(conf_dir)) VT_SKIP("../shared/conformance/libvirt-xen is absent");
    test_sexpr2xml_round_trip();
    test_xml2sexpr_names();
    test_xml2sexpr_pv();
    test_xml2sexpr_devices();
    test_testdriver();
    check_xmconfig_hvm("xmconfig/test-fullvirt-new-cdrom.xml");
    check_xmconfig_hvm("xmconfig/test-fullvirt-old-cdrom.xml");
    check_xmconfig_pv("xmconfig/test-paravirt-new-pvfb.xml");
    check_xmconfig_pv("xmconfig/test-paravirt-old-pvfb.xml");
    return vt_summary("xml_conformance");
}
