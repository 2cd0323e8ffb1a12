/* tests/xend/test_convert.c - XML -> SXP -> XML through virt_xend.h's
 * conversion (xml2sexpr, then sexpr2xml of the same config as xend would
 * report it), for the xend 3 devices beyond libvirt 0.2.0's, and the
 * refusals, one by one: nothing a user wrote may be lost on the way. */
#define VIRT_IMPLEMENTATION
#include "virt_xend.h"
#include "../virt_test.h"

/* xend answers GET /xend/domain/<name> with the config it was given as a
 * (domain ...) record; the conversion reads both the same way. */
static char *as_record(const char *vm)
{
    size_t n = strlen(vm) + 32;
    char *r = (char *)malloc(n);
    if (!r || strncmp(vm, "(vm ", 4) != 0) { free(r); return NULL; }
    snprintf(r, n, "(domain (domid 7)%s", vm + 3);
    return r;
}

static virt_domain_def *round_trip(const char *xml, int format, char **sxp_out)
{
    char *sxp = NULL, *rec, *back = NULL;
    virt_domain_def *def = NULL;
    virt_status st;
    int rc = virt_xend_xml_to_sxp(xml, format, &sxp, NULL, &st);
    if (rc != VIRT_OK) fprintf(stderr, "xml2sexpr: %s\n", st.message);
    VT_CHECK_EQ_INT(rc, VIRT_OK);
    if (rc != VIRT_OK) return NULL;
    rec = as_record(sxp);
    VT_CHECK(rec != NULL);
    rc = rec ? virt_xend_sxp_to_xml(rec, (size_t)-1, format, &back, &st) : -1;
    if (rc != VIRT_OK) fprintf(stderr, "sexpr2xml: %s\n%s\n", st.message, sxp);
    VT_CHECK_EQ_INT(rc, VIRT_OK);
    if (back) VT_CHECK_EQ_INT(virt_domain_def_parse(back, (size_t)-1, &def, &st), VIRT_OK);
    if (def && def->unsupported) fprintf(stderr, "unsupported after the round trip: %s\n%s", def->unsupported, back);
    if (def) VT_CHECK(def->unsupported == NULL);
    free(rec);
    free(back);
    if (sxp_out) *sxp_out = sxp; else free(sxp);
    return def;
}

static const virt_device_def *nth(const virt_domain_def *d, virt_device_kind kind, int n)
{
    size_t i;
    for (i = 0; i < d->ndevices; i++)
        if (d->devices[i].kind == kind && n-- == 0) return &d->devices[i];
    return NULL;
}

static const char hvm_doc[] =
    "<domain type='xen'><name>hvm3</name><uuid>b5d70dd2-75cd-aca5-1776-9660b059d8bc</uuid>"
    "<description>a test guest</description>"
    "<memory unit='MiB'>512</memory><vcpu placement='static' cpuset='0-1' current='2'>4</vcpu>"
    "<os><type arch='x86_64' machine='xenfv'>hvm</type><loader>/usr/lib/xen/boot/hvmloader</loader>"
    "<boot dev='cdrom'/><boot dev='hd'/></os>"
    "<features><acpi/><apic/><pae/></features>"
    "<clock offset='variable' adjustment='3600' basis='localtime'/>"
    "<devices><emulator>/usr/lib/xen/bin/qemu-dm</emulator>"
    "<disk type='file' device='disk'><driver name='tap' type='qcow'/><source file='/a.img'/>"
    "<target dev='hda' bus='ide'/><shareable/></disk>"
    "<disk type='file' device='cdrom'><target dev='hdc'/><readonly/></disk>"
    "<disk type='file' device='floppy'><source file='/f.img'/><target dev='fda'/></disk>"
    "<interface type='bridge'><mac address='00:16:3e:00:00:01'/><source bridge='xenbr0'/>"
    "<script path='vif-bridge'/><target dev='guest0'/><model type='e1000'/></interface>"
    "<serial type='tcp'><source mode='bind' host='0.0.0.0' service='4555'/><protocol type='telnet'/>"
    "<target port='0'/></serial>"
    "<parallel type='file'><source path='/tmp/lp'/><target port='0'/></parallel>"
    "<console type='tcp'><source mode='bind' host='0.0.0.0' service='4555'/><target type='serial' port='0'/></console>"
    "<input type='tablet' bus='usb'/><input type='mouse' bus='ps2'/>"
    "<graphics type='vnc' port='5904' autoport='no' keymap='de'><listen type='address' address='127.0.0.1'/></graphics>"
    "<sound model='sb16'/><sound model='es1370'/>"
    "<video><model type='vga' vram='16384' heads='1' primary='yes'/></video>"
    "<hostdev mode='subsystem' type='pci' managed='no'><source>"
    "<address domain='0x0000' bus='0x01' slot='0x02' function='0x3'/></source></hostdev>"
    "<controller type='xenbus' index='0'/><memballoon model='xen'/>"
    "</devices></domain>";

static void test_hvm_devices(void)
{
    char *sxp = NULL;
    virt_domain_def *d = round_trip(hvm_doc, 3, &sxp);
    const virt_device_def *x;
    if (!d) { free(sxp); return; }
    VT_CHECK(strstr(sxp, "(serial 'telnet:0.0.0.0:4555,server,nowait')") != NULL);
    VT_CHECK(strstr(sxp, "(mode 'w!')") != NULL);
    VT_CHECK(strstr(sxp, "(boot dc)") != NULL);
    VT_CHECK_EQ_STR(d->description, "a test guest");
    VT_CHECK_EQ_STR(d->vcpu_cpuset, "0-1");
    VT_CHECK_EQ_STR(d->vcpu_current, "2");
    VT_CHECK_EQ_INT(d->nboot, 2);
    if (d->nboot == 2) { VT_CHECK_EQ_STR(d->boot_devs[0], "cdrom"); VT_CHECK_EQ_STR(d->boot_devs[1], "hd"); }
    VT_CHECK_EQ_INT(d->features, VIRT_FEATURE_ACPI | VIRT_FEATURE_APIC | VIRT_FEATURE_PAE);
    VT_CHECK_EQ_STR(d->clock_offset, "variable");
    VT_CHECK_EQ_STR(d->clock_adjustment, "3600");
    VT_CHECK_EQ_STR(d->clock_basis, "localtime");
    VT_CHECK((x = nth(d, VIRT_DEVICE_DISK, 0)) != NULL);
    if (x) { VT_CHECK(x->u.disk.shareable); VT_CHECK_EQ_STR(x->u.disk.driver_type, "qcow"); }
    VT_CHECK((x = nth(d, VIRT_DEVICE_DISK, 1)) != NULL);
    if (x) { VT_CHECK_EQ_INT(x->u.disk.device, VIRT_DISK_DEVICE_CDROM); VT_CHECK(x->u.disk.source == NULL); }
    VT_CHECK((x = nth(d, VIRT_DEVICE_DISK, 2)) != NULL);
    if (x) { VT_CHECK_EQ_INT(x->u.disk.device, VIRT_DISK_DEVICE_FLOPPY); VT_CHECK_EQ_STR(x->u.disk.source, "/f.img"); }
    VT_CHECK((x = nth(d, VIRT_DEVICE_INTERFACE, 0)) != NULL);
    if (x) { VT_CHECK_EQ_STR(x->u.net.model, "e1000"); VT_CHECK_EQ_STR(x->u.net.target, "guest0"); }
    VT_CHECK((x = nth(d, VIRT_DEVICE_SERIAL, 0)) != NULL);
    if (x) {
        VT_CHECK_EQ_STR(x->u.console.type, "tcp");
        VT_CHECK_EQ_STR(x->u.console.protocol, "telnet");
        VT_CHECK_EQ_STR(x->u.console.source[0].service, "4555");
        VT_CHECK_EQ_STR(x->u.console.source[0].mode, "bind");
    }
    VT_CHECK((x = nth(d, VIRT_DEVICE_PARALLEL, 0)) != NULL);
    if (x) { VT_CHECK_EQ_STR(x->u.console.type, "file"); VT_CHECK_EQ_STR(x->u.console.source[0].path, "/tmp/lp"); }
    VT_CHECK((x = nth(d, VIRT_DEVICE_INPUT, 0)) != NULL);
    if (x) { VT_CHECK_EQ_STR(x->u.input.type, "tablet"); VT_CHECK_EQ_STR(x->u.input.bus, "usb"); }
    VT_CHECK((x = nth(d, VIRT_DEVICE_GRAPHICS, 0)) != NULL);
    if (x) {
        VT_CHECK_EQ_STR(x->u.graphics.keymap, "de");
        VT_CHECK_EQ_STR(x->u.graphics.listen, "127.0.0.1");
        VT_CHECK_EQ_INT(x->u.graphics.port, 5904);
    }
    VT_CHECK((x = nth(d, VIRT_DEVICE_SOUND, 1)) != NULL);
    if (x) VT_CHECK_EQ_STR(x->u.sound.model, "es1370");
    VT_CHECK((x = nth(d, VIRT_DEVICE_VIDEO, 0)) != NULL);
    if (x) VT_CHECK_EQ_STR(x->u.video.model, "vga");
    VT_CHECK((x = nth(d, VIRT_DEVICE_HOSTDEV, 0)) != NULL);
    if (x) {
        VT_CHECK_EQ_INT(x->u.hostdev.source.natts, 5);
        if (x->u.hostdev.source.natts == 5) VT_CHECK_EQ_STR(x->u.hostdev.source.attrs[7], "0x02");
    }
    free(sxp);
    virt_domain_def_free(d);
}

static void test_pv_and_direct_boot(void)
{
    static const char pv[] =
        "<domain type='xen'><name>pv3</name><memory>262144</memory><vcpu>2</vcpu>"
        "<bootloader>/usr/bin/pygrub</bootloader><bootloader_args>--entry=2</bootloader_args>"
        "<clock offset='localtime'/>"
        "<devices><disk type='block' device='disk'><source dev='/dev/vg/a'/><target dev='xvda'/></disk>"
        "<console type='pty'/><graphics type='vnc' port='-1' keymap='fr'/></devices></domain>";
    static const char kernel[] =
        "<domain type='xen'><name>dk</name><memory>262144</memory>"
        "<os><type>hvm</type><loader>/usr/lib/xen/boot/hvmloader</loader><kernel>/boot/vmlinuz</kernel>"
        "<initrd>/boot/initrd</initrd><cmdline>console=ttyS0</cmdline></os>"
        "<devices><emulator>/usr/lib/xen/bin/qemu-dm</emulator></devices></domain>";
    virt_domain_def *d = round_trip(pv, 3, NULL);
    const virt_device_def *x;
    if (d) {
        VT_CHECK_EQ_STR(d->bootloader_args, "--entry=2");
        VT_CHECK_EQ_INT(d->localtime, 1);
        VT_CHECK((x = nth(d, VIRT_DEVICE_GRAPHICS, 0)) != NULL);
        if (x) VT_CHECK_EQ_STR(x->u.graphics.keymap, "fr");
    }
    virt_domain_def_free(d);
    d = round_trip(kernel, 3, NULL);
    if (d) {
        VT_CHECK_EQ_STR(d->os.loader, "/usr/lib/xen/boot/hvmloader");
        VT_CHECK_EQ_STR(d->os.kernel, "/boot/vmlinuz");
        VT_CHECK_EQ_STR(d->os.initrd, "/boot/initrd");
        VT_CHECK_EQ_STR(d->os.cmdline, "console=ttyS0");
    }
    virt_domain_def_free(d);
}

/* Each of these is refused with VIRT_E_UNSUPPORTED and a message naming it. */
static void test_refusals(void)
{
    static const struct { const char *body; const char *named; int pv; } cases[] = {
        { "<devices><channel type='pty'><target type='xen' name='org.x'/></channel></devices>", "<channel>", 0 },
        { "<devices><watchdog model='i6300esb'/></devices>", "<watchdog>", 0 },
        { "<devices><graphics type='spice'/></devices>", "spice", 0 },
        { "<devices><interface type='network'><source network='default'/></interface></devices>", "network", 0 },
        { "<devices><controller type='xenbus' maxGrantFrames='64'/></devices>", "maxGrantFrames", 0 },
        { "<devices><serial type='pty'/><serial type='pty'/></devices>", "second <serial>", 0 },
        { "<devices><input type='keyboard' bus='usb'/></devices>", "keyboard", 0 },
        { "<devices><video><model type='qxl'/></video></devices>", "qxl", 0 },
        { "<devices><memballoon model='virtio'/></devices>", "virtio", 0 },
        { "<devices><disk type='file'><source file='/a'/><target dev='vda' bus='virtio'/></disk></devices>", "virtio", 0 },
        { "<devices><interface type='bridge'><source bridge='b'/>"
          "<address type='pci' domain='0' bus='0' slot='3' function='0'/></interface></devices>", "pci", 0 },
        { "<devices><interface type='bridge'><source bridge='b'/><ip address='10.0.0.1'/><ip address='10.0.0.2'/>"
          "</interface></devices>", "a second <ip>", 0 },
        { "<devices><interface type='bridge'><source bridge='b'/><vlan><tag id='42'/></vlan></interface></devices>",
          "<vlan>", 0 },
        { "<devices><interface type='bridge'><source bridge='b'/><bandwidth><outbound average='128'/></bandwidth>"
          "</interface></devices>", "<bandwidth>", 0 },
        { "<devices><serial type='pty'/></devices>", "<serial>", 1 },
        { "<devices><sound model='es1370'/></devices>", "<sound>", 1 },
        { "<devices><hostdev mode='subsystem' type='usb'><source><address bus='1' device='3'/></source></hostdev>"
          "</devices>", "<hostdev type=''>", 0 },
        { "<cputune><shares>10</shares></cputune>", "<cputune>", 0 },
        { "<cpu mode='host-passthrough'/>", "<cpu>", 0 },
        { "<cpu><topology sockets='1' cores='2' threads='1'/></cpu>", "<cpu>", 0 },
        { "<maxMemory slots='4' unit='GiB'>2</maxMemory>", "<maxMemory slots=''>", 0 },
        { "<numatune><memory mode='strict' nodeset='0'/></numatune>", "<numatune>", 0 },
        { "<numatune><memnode cellid='0' mode='strict' nodeset='0'/></numatune>", "<numatune>", 0 },
        { "<features><xen><e820_host state='on'/></xen></features>", "<features><xen>", 1 },
        { "<features><acpi/><hyperv><relaxed state='on'/></hyperv></features>", "<hyperv>", 0 },
        { "<os><type>hvm</type><smbios mode='host'/></os>", "<smbios>", 0 },
        { "<features><xen><passthrough state='on' mode='sync_pt'/></xen></features>", "<features><xen>", 0 },
        { "<title>t</title>", "<title>", 0 },
        { "<clock offset='utc'><timer name='hpet' present='no'/></clock>", "<timer>", 0 },
        { "<features><viridian/></features>", "<features>", 0 },
        { "<features><hap/></features>", "<features>", 0 },
        { "<vcpu placement='auto'>2</vcpu>", "placement", 0 },
        { "<devices><disk type='network' device='disk'><source protocol='rbd' name='p/i'/>"
          "<target dev='xvda'/></disk></devices>", "<disk type='network'>", 0 },
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char xml[1024], *sxp = (char *)1;
        virt_status st;
        int rc;
        snprintf(xml, sizeof xml, "<domain type='xen'><name>r</name><memory>262144</memory>%s%s</domain>",
                 cases[i].pv ? "<os><type>linux</type><kernel>/k</kernel></os>"
                             : "<os><type>hvm</type><loader>/usr/lib/xen/boot/hvmloader</loader></os>"
                               "<devices><emulator>/usr/lib/xen/bin/qemu-dm</emulator></devices>",
                 cases[i].body);
        rc = virt_xend_xml_to_sxp(xml, 3, &sxp, NULL, &st);
        if (rc != VIRT_E_UNSUPPORTED || !strstr(st.message, cases[i].named))
            fprintf(stderr, "case %u: rc %d, '%s' not refused naming '%s'\n", (unsigned)i, rc,
                    rc ? st.message : sxp, cases[i].named);
        VT_CHECK_EQ_INT(rc, VIRT_E_UNSUPPORTED);
        VT_CHECK(sxp == NULL);
        if (rc == VIRT_OK) free(sxp);
        VT_CHECK(strstr(st.message, cases[i].named) != NULL);
        VT_CHECK(strstr(st.message, "xend") != NULL);
    }
}

/* sexpr2xml over a record with more devices than VIRT_XML_MAX_DEVICES
 * names the limit, not memory. */
static void test_device_limit(void)
{
    size_t i, n = 64 + 80 * (VIRT_XML_MAX_DEVICES + 2);
    char *rec = (char *)malloc(n), *xml = NULL;
    virt_status st;
    size_t o;
    if (!rec) return;
    o = (size_t)snprintf(rec, n, "(domain (domid 1)(name many)(memory 128)(image (linux (kernel /k)))");
    for (i = 0; i < VIRT_XML_MAX_DEVICES + 1; i++)
        o += (size_t)snprintf(rec + o, n - o, "(device (vif (mac 00:16:3e:00:00:01)(bridge b)(script vif-bridge)))");
    snprintf(rec + o, n - o, ")");
    VT_CHECK_EQ_INT(virt_xend_sxp_to_xml(rec, (size_t)-1, 3, &xml, &st), VIRT_E_LIMIT);
    VT_CHECK(strstr(st.message, "VIRT_XML_MAX_DEVICES") != NULL);
    VT_CHECK(xml == NULL);
    free(rec);
}

int main(void)
{
    test_hvm_devices();
    test_pv_and_direct_boot();
    test_refusals();
    test_device_limit();
    return vt_summary("xend_convert");
}
