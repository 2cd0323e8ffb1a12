/* tests/xml/test_xml_dumpxml.c - real libvirt 9 XML in both directions.
 *
 *  1. `virsh -c test:///default dumpxml test` (active and --inactive)
 *     parses, and agrees with what `virsh dominfo test` says (id, name,
 *     UUID, CPUs, max and used memory); write -> parse -> write is stable.
 *  2. What our writer produces is accepted by libvirt: `define` it in the
 *     same virsh session (test:///default keeps state per connection),
 *     `dumpxml` it back, parse that and compare the values.
 *
 * Skips (exit 77) when virsh cannot be run. */
#define VIRT_IMPLEMENTATION
#include "virt_xml.h"
#include "../virt_test.h"
#include "xml_test_util.h"
#include <unistd.h>

#define VIRSH "virsh -q -c test:///default "

/* The value after "Key:" in virsh's two-column output, trimmed. */
static const char *info_value(const char *info, const char *key, char *buf, size_t size)
{
    const char *p = info;
    size_t klen = strlen(key);
    while (p && *p) {
        if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
            size_t n = 0;
            p += klen + 1;
            while (*p == ' ') p++;
            while (p[n] && p[n] != '\n' && n + 1 < size) { buf[n] = p[n]; n++; }
            while (n && buf[n - 1] == ' ') n--;
            buf[n] = '\0';
            return buf;
        }
        p = strchr(p, '\n');
        if (p) p++;
    }
    return NULL;
}

static virt_domain_def *parse_virsh_xml(const char *out)
{
    const char *xml = out ? strstr(out, "<domain") : NULL;
    virt_domain_def *def = NULL;
    virt_status st;
    VT_CHECK(xml != NULL);
    if (!xml) return NULL;
    if (virt_domain_def_parse(xml, strlen(xml), &def, &st) != VIRT_OK)
        fprintf(stderr, "libvirt's XML refused: %s\n%s", st.message, xml);
    VT_CHECK(def != NULL);
    return def;
}

static void check_stable(const virt_domain_def *def)
{
    char *once = virt_domain_def_format(def), *twice = NULL;
    virt_domain_def *again = NULL;
    virt_status st;
    VT_CHECK(once != NULL);
    if (once) VT_CHECK_EQ_INT(virt_domain_def_parse(once, (size_t)-1, &again, &st), VIRT_OK);
    if (again) twice = virt_domain_def_format(again);
    VT_CHECK(once && twice && strcmp(once, twice) == 0);
    free(once); free(twice);
    virt_domain_def_free(again);
}

static const virt_device_def *find_device(const virt_domain_def *def, virt_device_kind kind)
{
    size_t i;
    for (i = 0; i < def->ndevices; i++)
        if (def->devices[i].kind == kind) return &def->devices[i];
    return NULL;
}

static void test_dumpxml_matches_dominfo(void)
{
    char *xml = xt_run(VIRSH "dumpxml test");
    char *inactive = xt_run(VIRSH "dumpxml --inactive test");
    char *info = xt_run("LC_ALL=C " VIRSH "dominfo test");
    char buf[128], uuid[VIRT_UUID_STRING_BUFLEN];
    virt_domain_def *def = parse_virsh_xml(xml), *idef = parse_virsh_xml(inactive);
    const virt_device_def *d;
    VT_CHECK(info != NULL);
    if (def && info) {
        virt_uuid_format(def->uuid, uuid);
        VT_CHECK_EQ_STR(def->type, "test");
        VT_CHECK_EQ_STR(def->name, info_value(info, "Name", buf, sizeof buf));
        VT_CHECK_EQ_STR(uuid, info_value(info, "UUID", buf, sizeof buf));
        VT_CHECK_EQ_INT(def->id, atoi(info_value(info, "Id", buf, sizeof buf) ? buf : "-9"));
        VT_CHECK_EQ_INT(def->vcpus, atoi(info_value(info, "CPU(s)", buf, sizeof buf) ? buf : "-9"));
        VT_CHECK_EQ_INT(def->memory_kib,
                        strtoull(info_value(info, "Max memory", buf, sizeof buf) ? buf : "0", NULL, 10));
        VT_CHECK_EQ_INT(def->current_memory_kib,
                        strtoull(info_value(info, "Used memory", buf, sizeof buf) ? buf : "0", NULL, 10));
        VT_CHECK_EQ_STR(def->os.type, "hvm");
        VT_CHECK(def->os.arch != NULL);
        VT_CHECK(def->on_poweroff != VIRT_LIFECYCLE_UNSET && def->on_crash != VIRT_LIFECYCLE_UNSET);
        /* the test domain has a disk and a libvirt-network interface */
        VT_CHECK((d = find_device(def, VIRT_DEVICE_DISK)) != NULL);
        if (d) VT_CHECK(d->u.disk.target != NULL && d->u.disk.source != NULL);
        VT_CHECK((d = find_device(def, VIRT_DEVICE_INTERFACE)) != NULL);
        if (d) VT_CHECK(d->u.net.mac != NULL && d->u.net.source != NULL);
        check_stable(def);
    }
    if (idef) {
        VT_CHECK_EQ_INT(idef->id, -1);
        VT_CHECK(def && strcmp(idef->name, def->name) == 0);
        check_stable(idef);
    }
    virt_domain_def_free(def);
    virt_domain_def_free(idef);
    free(xml); free(inactive); free(info);
}

/* Defines `def` (as written by us) in a fresh test:///default session and
 * returns libvirt's dumpxml of it, parsed. */
static virt_domain_def *through_libvirt(const virt_domain_def *def)
{
    char path[] = "/tmp/virt-xml-dumpxml-XXXXXX", cmd[512], *xml, *out;
    virt_domain_def *back;
    int fd = mkstemp(path);
    VT_CHECK(fd >= 0);
    if (fd < 0) return NULL;
    close(fd);
    xml = virt_domain_def_format(def);
    VT_CHECK(xml != NULL && xt_write_file(path, xml));
    snprintf(cmd, sizeof cmd, VIRSH "'define %s; dumpxml %s' 2>&1", path, def->name);
    out = xt_run(cmd);
    if (!out || !strstr(out, "<domain")) fprintf(stderr, "virsh refused:\n%s\n%s", xml, out ? out : "");
    back = parse_virsh_xml(out);
    unlink(path);
    free(xml);
    free(out);
    return back;
}

static void test_libvirt_reads_ours_from_dumpxml(void)
{
    char *xml = xt_run(VIRSH "dumpxml test");
    virt_domain_def *def = parse_virsh_xml(xml), *back;
    const virt_device_def *a, *b;
    free(xml);
    if (!def) return;
    VT_CHECK_EQ_INT(virt_domain_def_set_string(def, &def->name, "virt-xml-copy"), VIRT_OK);
    def->uuid[0] ^= 0xff; /* the test domain keeps its UUID */
    def->id = -1;
    back = through_libvirt(def);
    if (back) {
        VT_CHECK_EQ_STR(back->name, "virt-xml-copy");
        VT_CHECK(memcmp(back->uuid, def->uuid, VIRT_UUID_BUFLEN) == 0);
        VT_CHECK_EQ_INT(back->memory_kib, def->memory_kib);
        VT_CHECK_EQ_INT(back->current_memory_kib, def->current_memory_kib);
        VT_CHECK_EQ_INT(back->vcpus, def->vcpus);
        VT_CHECK_EQ_INT(back->on_reboot, def->on_reboot);
        a = find_device(def, VIRT_DEVICE_INTERFACE);
        b = find_device(back, VIRT_DEVICE_INTERFACE);
        VT_CHECK(a && b);
        if (a && b) {
            VT_CHECK_EQ_STR(b->u.net.mac, a->u.net.mac);
            VT_CHECK_EQ_INT(b->u.net.type, VIRT_NET_NETWORK);
            VT_CHECK_EQ_STR(b->u.net.source, a->u.net.source);
        }
    }
    virt_domain_def_free(back);
    virt_domain_def_free(def);
}

/* A Xen-style definition as our xend code would build it (0.2.0 layout,
 * UUID without dashes, <graphics port>), with the test driver's type. */
static void test_libvirt_reads_xen_layout(void)
{
    static const char doc[] =
        "<domain type='test'>\n  <name>virt-xml-hvm</name>\n"
        "  <uuid>b5d70dd275cdaca517769660b059d8bc</uuid>\n"
        "  <os>\n    <type>hvm</type>\n    <loader>/usr/lib/xen/boot/hvmloader</loader>\n"
        "    <boot dev='cdrom'/>\n  </os>\n  <memory>409600</memory>\n"
        "  <currentMemory>204800</currentMemory>\n  <vcpu>3</vcpu>\n"
        "  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n"
        "  <on_crash>preserve</on_crash>\n  <features>\n    <pae/>\n    <acpi/>\n  </features>\n"
        "  <clock offset='localtime'/>\n"
        "  <devices>\n    <disk type='file' device='disk'>\n      <source file='/root/foo.img'/>\n"
        "      <target dev='hda'/>\n    </disk>\n"
        "    <disk type='block' device='cdrom'>\n      <source dev='/dev/sr0'/>\n"
        "      <target dev='hdc'/>\n      <readonly/>\n    </disk>\n"
        "    <interface type='bridge'>\n      <source bridge='xenbr0'/>\n"
        "      <mac address='00:16:3e:1b:b1:47'/>\n    </interface>\n"
        "    <graphics type='vnc' port='5907' listen='127.0.0.1' keymap='de'/>\n"
        "  </devices>\n</domain>\n";
    virt_domain_def *def = NULL, *back;
    virt_status st;
    const virt_device_def *d;
    VT_CHECK_EQ_INT(virt_domain_def_parse(doc, sizeof doc - 1, &def, &st), VIRT_OK);
    if (!def) return;
    back = through_libvirt(def);
    if (back) {
        VT_CHECK_EQ_STR(back->name, "virt-xml-hvm");
        VT_CHECK(memcmp(back->uuid, def->uuid, VIRT_UUID_BUFLEN) == 0);
        VT_CHECK_EQ_INT(back->memory_kib, 409600);
        VT_CHECK_EQ_INT(back->current_memory_kib, 204800);
        VT_CHECK_EQ_INT(back->vcpus, 3);
        VT_CHECK_EQ_INT(back->on_crash, VIRT_LIFECYCLE_PRESERVE);
        VT_CHECK_EQ_STR(back->os.boot_dev, "cdrom");
        VT_CHECK_EQ_INT(back->features & (VIRT_FEATURE_PAE | VIRT_FEATURE_ACPI),
                        VIRT_FEATURE_PAE | VIRT_FEATURE_ACPI);
        VT_CHECK_EQ_INT(back->localtime, 1);
        VT_CHECK((d = find_device(back, VIRT_DEVICE_INTERFACE)) != NULL);
        if (d) {
            VT_CHECK_EQ_STR(d->u.net.source, "xenbr0");
            VT_CHECK_EQ_STR(d->u.net.mac, "00:16:3e:1b:b1:47");
        }
        VT_CHECK((d = find_device(back, VIRT_DEVICE_GRAPHICS)) != NULL);
        if (d) {
            VT_CHECK_EQ_INT(d->u.graphics.port, 5907);
            VT_CHECK_EQ_STR(d->u.graphics.keymap, "de");
        }
        VT_CHECK_EQ_INT(back->ndevices >= 4, 1);
        if (back->ndevices >= 2) {
            VT_CHECK_EQ_STR(back->devices[1].u.disk.source, "/dev/sr0");
            VT_CHECK_EQ_INT(back->devices[1].u.disk.device, VIRT_DISK_DEVICE_CDROM);
            VT_CHECK(back->devices[1].u.disk.readonly);
        }
    }
    virt_domain_def_free(back);
    virt_domain_def_free(def);
}

int main(void)
{
    char *version = xt_run("virsh --version 2>/dev/null");
    if (!version) VT_SKIP("virsh cannot be run (Debian package libvirt-clients)");
    printf("virsh %s", version);
    free(version);
    test_dumpxml_matches_dominfo();
    test_libvirt_reads_ours_from_dumpxml();
    test_libvirt_reads_xen_layout();
    return vt_summary("xml_dumpxml");
}
