/* tests/xml/test_xml_parse.c - the domain XML parser and writer on their
 * own: every refusal (code, and that the message names the place and the
 * offending value), the limits, no DTDs, memory units, libvirt 9 details,
 * escaping, UUID/MAC helpers, deep copy. */
#define VIRT_IMPLEMENTATION
#include "virt_xml.h"
#include "../virt_test.h"

/* A minimal valid domain around `body` (inside <domain>). */
static char *wrap(const char *body)
{
    static const char head[] = "<domain type='xen'>\n  <name>t</name>\n";
    static const char tail[] = "</domain>\n";
    size_t n = strlen(head) + strlen(body) + strlen(tail) + 1;
    char *s = (char *)malloc(n);
    if (!s) return NULL;
    snprintf(s, n, "%s%s%s", head, body, tail);
    return s;
}

/* Parses a whole document and expects failure `code`, no definition, and
 * n1 and n2 (when not NULL) in the message: the place and the offending
 * value, not the wording. */
static void expect_error_doc(const char *xml, int code, const char *n1, const char *n2)
{
    virt_domain_def *def = (virt_domain_def *)&def; /* must be reset to NULL */
    virt_status st;
    int rc = virt_domain_def_parse(xml, (size_t)-1, &def, &st);
    if (rc != code) fprintf(stderr, "expected %d, got %d (%s) for:\n%s\n", code, rc, st.message, xml);
    VT_CHECK_EQ_INT(rc, code);
    VT_CHECK_EQ_INT(st.code, code);
    VT_CHECK(def == NULL);
    if (rc == VIRT_OK) virt_domain_def_free(def);
    if (n1 && !strstr(st.message, n1)) fprintf(stderr, "'%s' not in '%s'\n", n1, st.message);
    if (n1) VT_CHECK(strstr(st.message, n1) != NULL);
    if (n2 && !strstr(st.message, n2)) fprintf(stderr, "'%s' not in '%s'\n", n2, st.message);
    if (n2) VT_CHECK(strstr(st.message, n2) != NULL);
}

static void expect_error(const char *body, int code, const char *n1, const char *n2)
{
    char *xml = wrap(body);
    VT_CHECK(xml != NULL);
    if (xml) expect_error_doc(xml, code, n1, n2);
    free(xml);
}

static virt_domain_def *parse_ok_doc(const char *xml)
{
    virt_domain_def *def = NULL;
    virt_status st;
    int rc = virt_domain_def_parse(xml, (size_t)-1, &def, &st);
    if (rc != VIRT_OK) fprintf(stderr, "unexpected failure: %s\n%s\n", st.message, xml);
    VT_CHECK_EQ_INT(rc, VIRT_OK);
    VT_CHECK_EQ_INT(st.code, VIRT_OK);
    return def;
}

static virt_domain_def *parse_ok(const char *body)
{
    char *xml = wrap(body);
    virt_domain_def *def = xml ? parse_ok_doc(xml) : NULL;
    free(xml);
    return def;
}

static void test_malformed(void)
{
    expect_error_doc("", VIRT_E_SYNTAX, "line 1", NULL);
    expect_error_doc("hello", VIRT_E_SYNTAX, "line 1", NULL);
    expect_error_doc("<domain type='xen'><name>x</name>", VIRT_E_SYNTAX, "line 1", NULL);
    expect_error_doc("<domain type='xen'>\n<name>x</nam>\n</domain>", VIRT_E_SYNTAX, "line 2", NULL);
    expect_error_doc("<domain type='xen'><name>x</name></domain><domain/>", VIRT_E_SYNTAX, NULL, NULL);
    expect_error_doc("<node><name>x</name></node>", VIRT_E_SYNTAX, "<node>", NULL);
    /* a NUL inside the given length */
    {
        static const char doc[] = "<domain type='xen'><name>a\0b</name></domain>";
        virt_domain_def *def = NULL;
        virt_status st;
        VT_CHECK_EQ_INT(virt_domain_def_parse(doc, sizeof doc - 1, &def, &st), VIRT_E_SYNTAX);
        VT_CHECK(def == NULL);
    }
}

static void test_required(void)
{
    expect_error_doc("<domain type='xen'>\n  <memory>1024</memory>\n</domain>", VIRT_E_INVAL,
                     "<name>", "line 1");
    expect_error_doc("<domain type='xen'><name></name></domain>", VIRT_E_INVAL, "<name>", NULL);
    expect_error_doc("<domain><name>x</name></domain>", VIRT_E_INVAL, "type", NULL);
    expect_error_doc("<domain type='xen' id='abc'><name>x</name></domain>", VIRT_E_INVAL, "'abc'", NULL);
    expect_error_doc("<domain type='xen' id='-2'><name>x</name></domain>", VIRT_E_INVAL, "'-2'", NULL);
    expect_error_doc("<domain type='xen' id='99999999999'><name>x</name></domain>", VIRT_E_INVAL,
                     "'99999999999'", NULL);
}

static void test_bad_values(void)
{
    /* the example of the design notes: the message gives line, column,
     * element and value */
    expect_error_doc("<domain type='xen'>\n  <name>t</name>\n  <uuid>596a5d2171f48fb2e068e2386a5c413e</uuid>\n"
                     "  <os>\n    <type>linux</type>\n  </os>\n  <memory>12x</memory>\n</domain>\n",
                     VIRT_E_INVAL, "domain XML line 7, column 3: <memory> is not a number: '12x'", NULL);
    expect_error("<memory>-5</memory>", VIRT_E_INVAL, "<memory>", "'-5'");
    expect_error("<memory></memory>", VIRT_E_INVAL, "<memory>", NULL);
    expect_error("<memory>99999999999999999999999</memory>", VIRT_E_INVAL, "<memory>",
                 "'99999999999999999999999'");
    /* fits in 64 bits as KiB, not as bytes */
    expect_error("<memory>18014398509481984</memory>", VIRT_E_INVAL, "<memory>", "18014398509481984");
    expect_error("<memory unit='T'>16777216</memory>", VIRT_E_INVAL, "<memory>", "16777216");
    expect_error("<memory unit='XB'>1</memory>", VIRT_E_INVAL, "unit", "'XB'");
    expect_error("<memory unit='averyveryverylongunit'>1</memory>", VIRT_E_INVAL, "unit", NULL);
    expect_error("<currentMemory>1k</currentMemory>", VIRT_E_INVAL, "<currentMemory>", "'1k'");
    expect_error("<vcpu>two</vcpu>", VIRT_E_INVAL, "<vcpu>", "'two'");
    expect_error("<vcpu>0</vcpu>", VIRT_E_INVAL, "<vcpu>", "'0'");
    expect_error("<vcpu>4294967296</vcpu>", VIRT_E_INVAL, "<vcpu>", "'4294967296'");
    expect_error("<uuid>596a5d2171f48fb2e068e2386a5c413</uuid>", VIRT_E_INVAL, "<uuid>",
                 "'596a5d2171f48fb2e068e2386a5c413'");
    expect_error("<uuid>596a5d2171f48fb2e068e2386a5c413ee</uuid>", VIRT_E_INVAL, "<uuid>", NULL);
    expect_error("<uuid>g96a5d2171f48fb2e068e2386a5c413e</uuid>", VIRT_E_INVAL, "<uuid>", NULL);
    expect_error("<on_crash>explode</on_crash>", VIRT_E_INVAL, "<on_crash>", "'explode'");
    expect_error("<on_reboot>coredump-restart</on_reboot>", VIRT_E_INVAL, "<on_reboot>", NULL);
    expect_error("<on_poweroff></on_poweroff>", VIRT_E_INVAL, "<on_poweroff>", NULL);
    expect_error("<clock offset='sometimes'/>", VIRT_E_INVAL, "<clock>", "'sometimes'");
}

/* <memballoon><stats period='N'/>: libvirt 9.0 reads an int, a negative one as 0 */
static void test_memballoon_stats(void)
{
    virt_domain_def *def = parse_ok("<devices><memballoon model='virtio'><stats period='7'/></memballoon></devices>");
    virt_domain_def *copy;
    char *out;
    if (!def) return;
    VT_CHECK_EQ_INT(def->devices[0].u.memballoon.stats_period, 7);
    copy = virt_domain_def_copy(def);
    VT_CHECK(copy && copy->devices[0].u.memballoon.stats_period == 7);
    out = copy ? virt_domain_def_format_ex(copy, VIRT_XML_FORMAT_LIBVIRT9) : NULL;
    VT_CHECK(out && strstr(out, "    <memballoon model='virtio'>\n      <stats period='7'/>\n    </memballoon>\n"));
    free(out);
    virt_domain_def_free(copy);
    virt_domain_def_free(def);
    def = parse_ok("<devices><memballoon model='virtio'><stats period='-3'/></memballoon></devices>");
    if (def) VT_CHECK_EQ_INT(def->devices[0].u.memballoon.stats_period, 0);
    virt_domain_def_free(def);
    expect_error("<devices><memballoon model='virtio'><stats period='abc'/></memballoon></devices>",
                 VIRT_E_INVAL, "'period'", "'abc'");
    expect_error("<devices><memballoon model='virtio'><stats period='99999999999'/></memballoon></devices>",
                 VIRT_E_INVAL, "'stats'", "'99999999999'");
}

static void test_bad_devices(void)
{
    expect_error("<devices>\n<disk type='floppy'><target dev='fda'/></disk></devices>",
                 VIRT_E_INVAL, "line 4", "'floppy'");
    expect_error("<devices><disk type='file' device='lun'><target dev='sda'/></disk></devices>",
                 VIRT_E_INVAL, "<disk>", "'lun'");
    expect_error("<devices><disk type='file'><source file='/a'/></disk></devices>",
                 VIRT_E_INVAL, "<disk>", "target");
    expect_error("<devices><interface type='bridge'><mac address='00:11:22:33:44'/></interface></devices>",
                 VIRT_E_INVAL, "<mac>", "'00:11:22:33:44'");
    expect_error("<devices><interface type='bridge'><mac address='00:11:22:33:44:zz'/></interface></devices>",
                 VIRT_E_INVAL, "<mac>", "'00:11:22:33:44:zz'");
    expect_error("<devices><interface type='usr'/></devices>", VIRT_E_INVAL, "<interface>", "'usr'");
    expect_error("<devices><interface/></devices>", VIRT_E_INVAL, "<interface>", NULL);
    expect_error("<devices><interface type='network'/></devices>", VIRT_E_INVAL, "network", NULL);
    expect_error("<devices><graphics type='rdp'/></devices>", VIRT_E_INVAL, "<graphics>", "'rdp'");
    expect_error("<devices><graphics type='vnc' port='59o0'/></devices>", VIRT_E_INVAL, "port", "'59o0'");
    expect_error("<devices><graphics type='vnc' port='65536'/></devices>", VIRT_E_INVAL, "port", "'65536'");
    expect_error("<devices><graphics type='vnc' port='-2'/></devices>", VIRT_E_INVAL, "port", "'-2'");
}

/* DTDs are refused outright: internal entities (billion laughs) and
 * external ones (file disclosure) both need one. */
static void test_no_dtd(void)
{
    expect_error_doc("<!DOCTYPE domain>\n<domain type='xen'><name>x</name></domain>",
                     VIRT_E_SYNTAX, "DOCTYPE", NULL);
    expect_error_doc("<?xml version='1.0'?>\n<!DOCTYPE domain [\n"
                     " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
                     " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
                     " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
                     " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
                     " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
                     " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
                     "]>\n<domain type='xen'><name>&f;</name></domain>",
                     VIRT_E_SYNTAX, "DOCTYPE", "line 2");
    expect_error_doc("<!DOCTYPE domain [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                     "<domain type='xen'><name>&x;</name></domain>", VIRT_E_SYNTAX, "DOCTYPE", NULL);
    expect_error_doc("<domain type='xen'><name>&undefined;</name></domain>", VIRT_E_SYNTAX, NULL, NULL);
}

static void test_limits(void)
{
    size_t i, n = VIRT_XML_MAX_BYTES + 64;
    char *big = (char *)malloc(n + 1), *xml;
    virt__buf b;
    virt_domain_def *def = NULL;
    virt_status st;
    VT_CHECK(big != NULL);
    if (!big) return;
    memcpy(big, "<domain type='xen'><name>", 25);
    memset(big + 25, 'a', n - 25);
    big[n] = '\0';
    /* both with a length and NUL-terminated */
    VT_CHECK_EQ_INT(virt_domain_def_parse(big, n, &def, &st), VIRT_E_LIMIT);
    VT_CHECK(strstr(st.message, "VIRT_XML_MAX_BYTES") != NULL);
    VT_CHECK_EQ_INT(virt_domain_def_parse(big, (size_t)-1, &def, &st), VIRT_E_LIMIT);
    VT_CHECK(def == NULL);
    free(big);

    /* exactly VIRT_XML_MAX_DEVICES devices pass, one more does not */
    memset(&b, 0, sizeof b);
    virt__buf_puts(&b, "<domain type='xen'><name>x</name><devices><emulator>/e</emulator>\n");
    for (i = 0; i < VIRT_XML_MAX_DEVICES; i++) virt__buf_puts(&b, "<console/>\n");
    virt__buf_puts(&b, "</devices></domain>");
    xml = virt__buf_steal(&b);
    def = xml ? parse_ok_doc(xml) : NULL;
    VT_CHECK(def != NULL && def->ndevices == VIRT_XML_MAX_DEVICES);
    virt_domain_def_free(def);
    free(xml);
    virt__buf_puts(&b, "<domain type='xen'><name>x</name><devices>\n");
    for (i = 0; i <= VIRT_XML_MAX_DEVICES; i++) virt__buf_puts(&b, "<memballoon/>\n");
    virt__buf_puts(&b, "</devices></domain>");
    xml = virt__buf_steal(&b);
    if (xml) expect_error_doc(xml, VIRT_E_LIMIT, "VIRT_XML_MAX_DEVICES", "line 258");
    free(xml);

    /* nesting depth is bounded, even inside ignored elements */
    virt__buf_puts(&b, "<domain type='xen'><name>x</name>");
    for (i = 0; i < 1000; i++) virt__buf_puts(&b, "<m>");
    for (i = 0; i < 1000; i++) virt__buf_puts(&b, "</m>");
    virt__buf_puts(&b, "</domain>");
    xml = virt__buf_steal(&b);
    if (xml) expect_error_doc(xml, VIRT_E_LIMIT, "nested", NULL);
    free(xml);

    /* NULL arguments */
    VT_CHECK_EQ_INT(virt_domain_def_parse(NULL, 0, &def, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_domain_def_parse("<domain/>", 9, NULL, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_domain_def_parse("<domain/>", 9, NULL, NULL), VIRT_E_INVAL);
}

static void check_memory(const char *unit, const char *value, unsigned long long kib)
{
    char body[200];
    virt_domain_def *def;
    snprintf(body, sizeof body, "<memory unit='%s'>%s</memory><currentMemory unit='%s'>%s</currentMemory>",
             unit, value, unit, value);
    def = parse_ok(body);
    if (!def) return;
    if (def->memory_kib != kib) fprintf(stderr, "unit %s value %s\n", unit, value);
    VT_CHECK_EQ_INT(def->memory_kib, kib);
    VT_CHECK_EQ_INT(def->current_memory_kib, kib);
    virt_domain_def_free(def);
}

static void test_units(void)
{
    check_memory("b", "1025", 2);                 /* rounded up to whole KiB */
    check_memory("bytes", "1048576", 1024);
    check_memory("KB", "1000", 977);              /* 1,000,000 bytes */
    check_memory("k", "7", 7);
    check_memory("KiB", "8388608", 8388608);
    check_memory("MB", "1", 977);
    check_memory("M", "512", 524288);
    check_memory("MiB", "512", 524288);
    check_memory("GB", "1", 976563);
    check_memory("G", "2", 2097152);
    check_memory("GiB", "2", 2097152);
    check_memory("TB", "1", 976562500);
    check_memory("T", "1", 1073741824ULL);
    check_memory("TiB", "3", 3221225472ULL);
    check_memory("KiB", " \n 42 \t", 42);         /* blanks around the number */
}

static void test_libvirt9_details(void)
{
    virt_domain_def *def = parse_ok(
        "<uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>\n"
        "<metadata><name>not-the-name</name></metadata>\n"
        "<memory unit='KiB'>8388608</memory>\n"
        "<vcpu placement='static'>2</vcpu>\n"
        "<os><type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type><boot dev='hd'/><boot dev='cdrom'/>"
        "<bootmenu enable='no'/></os>\n"
        "<features><acpi/><apic/><vmport state='off'/></features>\n"
        "<clock offset='localtime'><timer name='rtc' tickpolicy='catchup'/></clock>\n"
        "<cpu mode='host-model'/>\n"
        "<devices>\n"
        "  <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
        "  <disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='/var/lib/a.qcow2'/><target dev='vda' bus='virtio'/>"
        "<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></disk>\n"
        "  <interface type='network'><mac address='AA:BB:CC:DD:EE:FF'/><source network='default'/>"
        "<model type='virtio'/></interface>\n"
        "  <graphics type='vnc' port='5900' autoport='yes' listen='127.0.0.1'><listen type='address'/></graphics>\n"
        "  <console type='pty' tty='/dev/pts/3'><target type='serial' port='0'/></console>\n"
        "  <memballoon model='virtio'/>\n"
        "</devices>\n");
    const virt_device_def *d;
    char *out;
    if (!def) return;
    VT_CHECK_EQ_STR(def->name, "t");               /* <metadata><name> is not the name */
    VT_CHECK(def->has_uuid && def->uuid[0] == 0x66 && def->uuid[15] == 0x3f);
    VT_CHECK_EQ_INT(def->vcpus, 2);
    VT_CHECK_EQ_STR(def->os.type, "hvm");
    VT_CHECK_EQ_STR(def->os.arch, "x86_64");
    VT_CHECK_EQ_STR(def->os.machine, "pc-i440fx-7.2");
    VT_CHECK_EQ_STR(def->os.boot_dev, "hd");        /* the first <boot> */
    VT_CHECK_EQ_INT(def->features, VIRT_FEATURE_ACPI | VIRT_FEATURE_APIC);
    VT_CHECK_EQ_INT(def->localtime, 1);
    VT_CHECK_EQ_INT(def->ndevices, 5);              /* memballoon is modelled now */
    VT_CHECK_EQ_STR(def->unsupported, "<metadata>"); /* the first thing not modelled */
    if (def->ndevices == 5) {
        VT_CHECK_EQ_INT(def->devices[4].kind, VIRT_DEVICE_MEMBALLOON);
        VT_CHECK_EQ_STR(def->devices[4].u.memballoon.model, "virtio");
        d = &def->devices[0];
        VT_CHECK_EQ_STR(d->u.disk.driver_type, "qcow2");
        d = &def->devices[1];
        VT_CHECK_EQ_INT(d->u.net.type, VIRT_NET_NETWORK);
        VT_CHECK_EQ_STR(d->u.net.source, "default");
        VT_CHECK_EQ_STR(d->u.net.mac, "aa:bb:cc:dd:ee:ff");
        VT_CHECK_EQ_INT(def->devices[2].u.graphics.port, -1); /* autoport wins */
        VT_CHECK_EQ_STR(def->devices[3].u.console.tty, "/dev/pts/3");
    }
    out = virt_domain_def_format(def);
    VT_CHECK(out != NULL);
    if (out) {
        VT_CHECK(strstr(out, "    <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>\n") != NULL);
        /* the timer is kept now, so the clock has a child */
        VT_CHECK(strstr(out, "  <clock offset='localtime'>\n    <timer name='rtc' tickpolicy='catchup'/>\n"
                             "  </clock>\n") != NULL);
        VT_CHECK(strstr(out, "      <source network='default'/>\n") != NULL);
        VT_CHECK(strstr(out, "  <uuid>6695eb01f6a4830479aa97f2502e193f</uuid>\n") != NULL);
        /* devices 0.2.0 did not know are written as libvirt 9 writes them */
        VT_CHECK(strstr(out, "    <memballoon model='virtio'/>\n") != NULL);
    }
    free(out);
    virt_domain_def_free(def);

    /* repeated elements: the first one counts, as with libvirt's XPath */
    def = parse_ok("<memory>1</memory><memory>2</memory><name>second</name>");
    if (def) {
        VT_CHECK_EQ_STR(def->name, "t");
        VT_CHECK_EQ_INT(def->memory_kib, 1);
        virt_domain_def_free(def);
    }
    /* 0.2.0's xm writer put the boot device in the text */
    def = parse_ok("<os><type>hvm</type><boot>\n  cdrom\n</boot></os>");
    if (def) {
        VT_CHECK_EQ_STR(def->os.boot_dev, "cdrom");
        virt_domain_def_free(def);
    }
    /* other encodings are converted to UTF-8 */
    def = parse_ok_doc("<?xml version='1.0' encoding='ISO-8859-1'?>\n"
                       "<domain type='xen'><name>caf\xe9</name></domain>");
    if (def) {
        VT_CHECK_EQ_STR(def->name, "caf\xc3\xa9");
        virt_domain_def_free(def);
    }
}

/* A definition with every field set and every character that needs care. */
static virt_domain_def *rich_def(void)
{
    virt_domain_def *def = virt_domain_def_new();
    virt_device_def *devs;
    int i;
    if (!def) return NULL;
    devs = (virt_device_def *)calloc(5, sizeof *devs);
    if (!devs) { virt_domain_def_free(def); return NULL; }
    def->devices = devs;
    def->ndevices = 5;
    def->type = virt__strdup("xen");
    def->id = 7;
    def->name = virt__strdup("a&b<c>'d\"e");
    for (i = 0; i < VIRT_UUID_BUFLEN; i++) def->uuid[i] = (unsigned char)(i * 17);
    def->has_uuid = 1;
    def->bootloader = virt__strdup("/usr/bin/pygrub");
    def->bootloader_args = virt__strdup("--entry=0 'x'");
    def->os.type = virt__strdup("linux");
    def->os.kernel = virt__strdup("/boot/k&1");
    def->os.initrd = virt__strdup("/boot/i<1>");
    def->os.root = virt__strdup("/dev/xvda1");
    def->os.cmdline = virt__strdup(" ro\tquiet\r\nx=\"1\" \x01");
    def->memory_kib = 524288;
    def->current_memory_kib = 262144;
    def->max_memory_kib = 1048576;
    def->vcpus = 3;
    def->on_poweroff = VIRT_LIFECYCLE_DESTROY;
    def->on_reboot = VIRT_LIFECYCLE_RESTART;
    def->on_crash = VIRT_LIFECYCLE_RENAME_RESTART;
    def->features = VIRT_FEATURE_PAE | VIRT_FEATURE_APIC;
    def->localtime = 1;
    def->emulator = virt__strdup("/usr/lib/xen/bin/qemu-dm");
    devs[0].kind = VIRT_DEVICE_DISK;
    devs[0].u.disk.type = VIRT_DISK_BLOCK;
    devs[0].u.disk.device = VIRT_DISK_DEVICE_CDROM;
    devs[0].u.disk.driver_name = virt__strdup("phy");
    devs[0].u.disk.source = virt__strdup("/dev/vg/a b'c");
    devs[0].u.disk.target = virt__strdup("hdc");
    devs[0].u.disk.readonly = 1;
    devs[1].kind = VIRT_DEVICE_INTERFACE;
    devs[1].u.net.type = VIRT_NET_BRIDGE;
    devs[1].u.net.source = virt__strdup("xenbr0");
    devs[1].u.net.mac = virt__strdup("00:16:3e:00:00:01");
    devs[1].u.net.ip = virt__strdup("10.0.0.1");
    devs[1].u.net.script = virt__strdup("vif-bridge");
    devs[1].u.net.target = virt__strdup("vif7.0");
    devs[2].kind = VIRT_DEVICE_GRAPHICS;
    devs[2].u.graphics.type = VIRT_GRAPHICS_VNC;
    devs[2].u.graphics.port = 5901;
    devs[2].u.graphics.listen = virt__strdup("0.0.0.0");
    devs[2].u.graphics.passwd = virt__strdup("p&'\"\n\t");
    devs[2].u.graphics.keymap = virt__strdup("en-us");
    devs[3].kind = VIRT_DEVICE_CONSOLE;
    devs[3].u.console.tty = virt__strdup("/dev/pts/1");
    devs[4].kind = VIRT_DEVICE_GRAPHICS;
    devs[4].u.graphics.type = VIRT_GRAPHICS_SDL;
    devs[4].u.graphics.port = -1;
    return def;
}

static int str_same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}
/* Same content in separate memory (every string a different pointer). */
static int str_copied(const char *a, const char *b)
{
    return str_same(a, b) && (!a || a != b);
}

static int device_copied(const virt_device_def *a, const virt_device_def *b)
{
    if (a->kind != b->kind) return 0;
    switch (a->kind) {
    case VIRT_DEVICE_DISK:
        return a->u.disk.type == b->u.disk.type && a->u.disk.device == b->u.disk.device &&
               a->u.disk.readonly == b->u.disk.readonly &&
               str_copied(a->u.disk.driver_name, b->u.disk.driver_name) &&
               str_copied(a->u.disk.driver_type, b->u.disk.driver_type) &&
               str_copied(a->u.disk.source, b->u.disk.source) &&
               str_copied(a->u.disk.target, b->u.disk.target);
    case VIRT_DEVICE_INTERFACE:
        return a->u.net.type == b->u.net.type && str_copied(a->u.net.source, b->u.net.source) &&
               str_copied(a->u.net.mac, b->u.net.mac) && str_copied(a->u.net.ip, b->u.net.ip) &&
               str_copied(a->u.net.script, b->u.net.script) &&
               str_copied(a->u.net.target, b->u.net.target);
    case VIRT_DEVICE_GRAPHICS:
        return a->u.graphics.type == b->u.graphics.type && a->u.graphics.port == b->u.graphics.port &&
               str_copied(a->u.graphics.listen, b->u.graphics.listen) &&
               str_copied(a->u.graphics.passwd, b->u.graphics.passwd) &&
               str_copied(a->u.graphics.keymap, b->u.graphics.keymap);
    case VIRT_DEVICE_CONSOLE:
        return str_copied(a->u.console.tty, b->u.console.tty);
    default:    /* the newer kinds: test_xml_modern compares whole documents */
        return 1;
    }
}

static int def_copied(const virt_domain_def *a, const virt_domain_def *b)
{
    size_t i;
    if (!(str_copied(a->type, b->type) && a->id == b->id && str_copied(a->name, b->name) &&
          a->has_uuid == b->has_uuid && memcmp(a->uuid, b->uuid, sizeof a->uuid) == 0 &&
          str_copied(a->bootloader, b->bootloader) &&
          str_copied(a->bootloader_args, b->bootloader_args) &&
          str_copied(a->os.type, b->os.type) && str_copied(a->os.arch, b->os.arch) &&
          str_copied(a->os.machine, b->os.machine) && str_copied(a->os.loader, b->os.loader) &&
          str_copied(a->os.kernel, b->os.kernel) && str_copied(a->os.initrd, b->os.initrd) &&
          str_copied(a->os.root, b->os.root) && str_copied(a->os.cmdline, b->os.cmdline) &&
          str_copied(a->os.boot_dev, b->os.boot_dev) && a->memory_kib == b->memory_kib &&
          a->current_memory_kib == b->current_memory_kib &&
          a->max_memory_kib == b->max_memory_kib && a->vcpus == b->vcpus &&
          a->on_poweroff == b->on_poweroff && a->on_reboot == b->on_reboot &&
          a->on_crash == b->on_crash && a->features == b->features &&
          a->localtime == b->localtime && str_copied(a->emulator, b->emulator) &&
          a->ndevices == b->ndevices && (a->ndevices == 0 || a->devices != b->devices)))
        return 0;
    for (i = 0; i < a->ndevices; i++)
        if (!device_copied(&a->devices[i], &b->devices[i])) return 0;
    return 1;
}

/* maxMemory slots, numatune, cpu and <features><xen>: held, checked, copied */
static void test_tuning(void)
{
    virt_domain_def *def, *copy;
    char *a, *b;
    expect_error("<cpu><numa><cell id='0' cpus='0' memory='12x'/></numa></cpu>", VIRT_E_INVAL, "<cell>", "'12x'");
    expect_error("<cpu><numa><cell cpus='0' memory='1' unit='XB'/></numa></cpu>", VIRT_E_INVAL, "unit", "'XB'");
    expect_error("<cpu><numa><cell cpus='0' memory='99999999999999999999' unit='KiB'/></numa></cpu>",
                 VIRT_E_INVAL, "<cell>", "too large");
    expect_error("<features><xen><e820_host state='maybe'/></xen></features>", VIRT_E_INVAL, "<e820_host>", "'maybe'");
    expect_error("<features><xen><passthrough state='yes'/></xen></features>", VIRT_E_INVAL, "<passthrough>", "'yes'");
    def = parse_ok("<memory>524288</memory><maxMemory slots='8' unit='MiB'>2048</maxMemory>"
                   "<numatune><memory mode='interleave' nodeset='0-1'/><memnode cellid='0' mode='strict' nodeset='1'/>"
                   "</numatune><features><xen><passthrough state='on' mode='sync_pt'/></xen></features>"
                   "<cpu mode='custom' match='minimum' check='partial'><model fallback='forbid'>Haswell</model>"
                   "<topology sockets='2' dies='1' cores='2' threads='1'/><feature policy='disable' name='rtm'/>"
                   "<numa><cell id='0' cpus='0-3' memory='1' unit='GiB'/></numa></cpu>"
                   "<cpu mode='host-model'/>");
    VT_CHECK(def != NULL);
    if (!def) return;
    VT_CHECK(def->unsupported == NULL);
    VT_CHECK_EQ_STR(def->max_memory_slots, "8");
    VT_CHECK_EQ_INT(def->max_memory_kib, 2097152);
    VT_CHECK(def->has_numatune_memory);
    VT_CHECK_EQ_STR(def->numatune_mode, "interleave");
    VT_CHECK_EQ_INT(def->nmemnodes, 1);
    VT_CHECK_EQ_STR(def->memnodes[0].nodeset, "1");
    VT_CHECK_EQ_STR(def->xen_passthrough_mode, "sync_pt");
    VT_CHECK_EQ_STR(def->cpu_mode, "custom");         /* the first <cpu> counts */
    VT_CHECK_EQ_STR(def->cpu_model, "Haswell");
    VT_CHECK_EQ_STR(def->cpu_cores, "2");
    VT_CHECK_EQ_INT(def->ncpu_features, 1);
    VT_CHECK_EQ_STR(def->cpu_features[0].name, "rtm");
    VT_CHECK_EQ_INT(def->ncpu_cells, 1);
    VT_CHECK_EQ_STR(def->cpu_cells[0].memory, "1048576");
    /* the record lists are allocated on first use; a copy has its own */
    VT_CHECK(def->cpu_distances == NULL && def->timers == NULL && def->vcpupin == NULL);
    copy = virt_domain_def_copy(def);
    VT_CHECK(copy != NULL);
    VT_CHECK(copy && copy->memnodes && copy->memnodes != def->memnodes && copy->cpu_features != def->cpu_features &&
             copy->cpu_cells != def->cpu_cells && copy->cpu_distances == NULL);
    VT_CHECK(copy && copy->memnodes && copy->memnodes[0].nodeset != def->memnodes[0].nodeset);
    a = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9);
    virt_domain_def_free(def);
    b = copy ? virt_domain_def_format_ex(copy, VIRT_XML_FORMAT_LIBVIRT9) : NULL;
    VT_CHECK(a && b && strcmp(a, b) == 0);
    VT_CHECK(a && strstr(a, "<maxMemory slots='8' unit='KiB'>2097152</maxMemory>\n  <memory"));
    VT_CHECK(a && strstr(a, "<cell id='0' cpus='0-3' memory='1048576' unit='KiB'/>"));
    free(a);
    free(b);
    virt_domain_def_free(copy);
    /* what the model does not hold yet inside them is still named */
    def = parse_ok("<cpu><numa><cell id='0' cpus='0' memory='1'><distances><sibling id='0' value='10'/>"
                   "</distances><cache level='3' associativity='direct' policy='writeback'/></cell></numa></cpu>");
    VT_CHECK(def && def->unsupported && strstr(def->unsupported, "<cache>"));
    VT_CHECK(def && def->ncpu_distances == 1 && strcmp(def->cpu_distances[0].cell, "0") == 0);
    virt_domain_def_free(def);
}

static void test_copy(void)
{
    virt_domain_def *def = rich_def(), *copy, *empty;
    VT_CHECK(def != NULL);
    if (!def) return;
    copy = virt_domain_def_copy(def);
    VT_CHECK(copy != NULL);
    if (copy) VT_CHECK(def_copied(def, copy));
    /* the copy lives on when the original is gone */
    virt_domain_def_free(def);
    if (copy) {
        char *out = virt_domain_def_format(copy);
        VT_CHECK(out != NULL && strstr(out, "<kernel>/boot/k&amp;1</kernel>") != NULL);
        free(out);
    }
    virt_domain_def_free(copy);
    VT_CHECK(virt_domain_def_copy(NULL) == NULL);
    virt_domain_def_free(NULL);
    empty = virt_domain_def_new();
    VT_CHECK(empty != NULL && empty->id == -1 && empty->ndevices == 0 && empty->name == NULL);
    copy = empty ? virt_domain_def_copy(empty) : NULL;
    VT_CHECK(copy != NULL && copy->devices == NULL && copy->id == -1);
    virt_domain_def_free(copy);
    virt_domain_def_free(empty);
}

static void test_escaping(void)
{
    virt_domain_def *def = rich_def(), *back = NULL;
    char *out, *again = NULL, *e;
    virt_status st;
    VT_CHECK(def != NULL);
    if (!def) return;
    out = virt_domain_def_format(def);
    VT_CHECK(out != NULL);
    if (!out) { virt_domain_def_free(def); return; }
    VT_CHECK(strstr(out, "  <name>a&amp;b&lt;c&gt;&apos;d&quot;e</name>\n") != NULL);
    VT_CHECK(strstr(out, "<source dev='/dev/vg/a b&apos;c'/>") != NULL);
    VT_CHECK(strstr(out, "passwd='p&amp;&apos;&quot;&#10;&#9;'") != NULL);
    /* CR as a reference, the control character dropped */
    VT_CHECK(strstr(out, "<cmdline> ro\tquiet&#13;\nx=&quot;1&quot; </cmdline>") != NULL);
    VT_CHECK(strstr(out, "  <uuid>00112233445566778899aabbccddeeff</uuid>\n") != NULL);
    VT_CHECK(strstr(out, "<domain type='xen' id='7'>\n") == out);
    VT_CHECK(strstr(out, "    <graphics type='sdl'/>\n") != NULL);
    VT_CHECK(strstr(out, "<on_crash>rename-restart</on_crash>") != NULL);
    /* what was written reads back as the same values */
    VT_CHECK_EQ_INT(virt_domain_def_parse(out, strlen(out), &back, &st), VIRT_OK);
    if (back) {
        VT_CHECK_EQ_STR(back->name, def->name);
        VT_CHECK_EQ_STR(back->os.cmdline, " ro\tquiet\r\nx=\"1\" ");
        VT_CHECK_EQ_STR(back->devices[2].u.graphics.passwd, "p&'\"\n\t");
        VT_CHECK_EQ_STR(back->devices[0].u.disk.source, "/dev/vg/a b'c");
        VT_CHECK_EQ_INT(back->max_memory_kib, 0); /* input only: not written */
        again = virt_domain_def_format(back);
        VT_CHECK(again != NULL && strcmp(again, out) == 0);
    }
    free(again);
    free(out);
    virt_domain_def_free(back);
    virt_domain_def_free(def);

    e = virt_xml_escape("<a href=\"x\">'&'</a>\r\n\t\x02.");
    VT_CHECK_EQ_STR(e, "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;&#13;&#10;&#9;.");
    free(e);
    e = virt_xml_escape("");
    VT_CHECK_EQ_STR(e, "");
    free(e);
    VT_CHECK(virt_xml_escape(NULL) == NULL);
    VT_CHECK(virt_domain_def_format(NULL) == NULL);
}

static void test_writer_choices(void)
{
    virt_domain_def *def = parse_ok(
        "<devices><interface type='ethernet'><source dev='eth3'/><ip address='1.2.3.4'/></interface>"
        "<graphics type='sdl' port='5900'/></devices>");
    char *out;
    if (!def) return;
    VT_CHECK_EQ_STR(def->devices[0].u.net.source, "eth3");
    out = virt_domain_def_format(def);
    VT_CHECK(out != NULL);
    if (out) {
        /* no ethernet <source dev>: 0.2.0 did not write it, the schema has none */
        VT_CHECK(strstr(out, "eth3") == NULL);
        VT_CHECK(strstr(out, "      <ip address='1.2.3.4'/>\n") != NULL);
        VT_CHECK(strstr(out, "    <graphics type='sdl'/>\n") != NULL);
        /* no vcpu given: 1; no id: no attribute */
        VT_CHECK(strstr(out, "  <vcpu>1</vcpu>\n") != NULL);
        VT_CHECK(strstr(out, "<domain type='xen'>\n") == out);
    }
    free(out);
    virt_domain_def_free(def);
}

static void test_uuid_mac_lifecycle(void)
{
    unsigned char u[VIRT_UUID_BUFLEN], m[6];
    char buf[VIRT_UUID_STRING_BUFLEN];
    VT_CHECK_EQ_INT(virt_uuid_parse("EF86180145B911CB88E3AFBFE5370493", u), 0);
    virt_uuid_format(u, buf);
    VT_CHECK_EQ_STR(buf, "ef861801-45b9-11cb-88e3-afbfe5370493");
    VT_CHECK_EQ_INT(virt_uuid_parse("ef861801-45b9-11cb-88e3-afbfe5370493", u), 0);
    VT_CHECK_EQ_INT(virt_uuid_parse(" e-f86180145b911cb88e3afbfe537049-3 \n", u), 0);
    VT_CHECK(u[0] == 0xef && u[15] == 0x93);
    VT_CHECK_EQ_INT(virt_uuid_parse("ef861801-45b9-11cb-88e3-afbfe537049", u), -1);
    VT_CHECK_EQ_INT(virt_uuid_parse("ef861801-45b9-11cb-88e3-afbfe53704930", u), -1);
    VT_CHECK_EQ_INT(virt_uuid_parse("ef861801 45b9 11cb 88e3 afbfe5370493", u), -1);
    VT_CHECK_EQ_INT(virt_uuid_parse("", u), -1);
    VT_CHECK_EQ_INT(virt_uuid_parse(NULL, u), -1);

    VT_CHECK_EQ_INT(virt_mac_parse("00:16:3E:66:92:9c", m), 0);
    VT_CHECK(m[0] == 0 && m[2] == 0x3e && m[5] == 0x9c);
    VT_CHECK_EQ_INT(virt_mac_parse("0:16:3e:1:2:3", m), 0);
    VT_CHECK(m[3] == 1);
    VT_CHECK_EQ_INT(virt_mac_parse("00:16:3e:66:92", m), -1);
    VT_CHECK_EQ_INT(virt_mac_parse("00:16:3e:66:92:9c:00", m), -1);
    VT_CHECK_EQ_INT(virt_mac_parse("00-16-3e-66-92-9c", m), -1);
    VT_CHECK_EQ_INT(virt_mac_parse("000:16:3e:66:92:9c", m), -1);
    VT_CHECK_EQ_INT(virt_mac_parse("00:16:3e:66:92:9c ", m), -1);
    VT_CHECK_EQ_INT(virt_mac_parse(NULL, m), -1);

    VT_CHECK_EQ_INT(virt_lifecycle_from_string("destroy"), VIRT_LIFECYCLE_DESTROY);
    VT_CHECK_EQ_INT(virt_lifecycle_from_string("restart"), VIRT_LIFECYCLE_RESTART);
    VT_CHECK_EQ_INT(virt_lifecycle_from_string("preserve"), VIRT_LIFECYCLE_PRESERVE);
    VT_CHECK_EQ_INT(virt_lifecycle_from_string("rename-restart"), VIRT_LIFECYCLE_RENAME_RESTART);
    VT_CHECK_EQ_INT(virt_lifecycle_from_string("Destroy"), VIRT_LIFECYCLE_UNSET);
    VT_CHECK_EQ_INT(virt_lifecycle_from_string(NULL), VIRT_LIFECYCLE_UNSET);
    VT_CHECK_EQ_STR(virt_lifecycle_to_string(VIRT_LIFECYCLE_PRESERVE), "preserve");
    VT_CHECK(virt_lifecycle_to_string(VIRT_LIFECYCLE_UNSET) == NULL);
    VT_CHECK(virt_lifecycle_to_string((virt_lifecycle)99) == NULL);
}

/* The parser and copy keep a definition's strings in blocks it owns;
 * virt_domain_def_set_string replaces any of them (in a block or
 * VIRT_MALLOC'd), a NULL slot may take a VIRT_MALLOC'd string, and a copy
 * owns its own strings: ASan/valgrind see every one freed exactly once. */
static void test_string_ownership(void)
{
    static const char xml[] =
        "<domain type='xen'><name>own</name><memory>1024</memory>"
        "<clock offset='utc'><timer name='hpet' present='no'/></clock>"
        "<devices><disk type='file' device='disk'><source file='/a.img'/><target dev='xvda'/></disk>"
        "<hostdev mode='subsystem' type='pci'><source><address domain='0x0' bus='0x1' slot='0x0' function='0x0'/></source></hostdev>"
        "</devices></domain>";
    virt_domain_def *def = parse_ok_doc(xml), *copy;
    char *out;
    if (!def) return;
    VT_CHECK_EQ_INT(virt_domain_def_set_string(def, &def->name, "renamed"), VIRT_OK);
    VT_CHECK_EQ_STR(def->name, "renamed");
    VT_CHECK_EQ_INT(virt_domain_def_set_string(def, &def->name, "again"), VIRT_OK);  /* a VIRT_MALLOC'd one */
    VT_CHECK_EQ_INT(virt_domain_def_set_string(def, &def->devices[0].u.disk.source, "/b.img"), VIRT_OK);
    VT_CHECK_EQ_INT(virt_domain_def_set_string(def, &def->timers[0].present, NULL), VIRT_OK);
    VT_CHECK(def->timers[0].present == NULL);
    VT_CHECK_EQ_INT(virt_domain_def_set_string(def, &def->devices[1].u.hostdev.source.attrs[1], def->devices[1].u.hostdev.source.attrs[1]), VIRT_OK);
    VT_CHECK_EQ_STR(def->devices[1].u.hostdev.source.attrs[1], "0x0");
    VT_CHECK(def->title == NULL);
    def->title = virt__strdup("a title");       /* a NULL slot takes a VIRT_MALLOC'd string */
    VT_CHECK_EQ_INT(virt_domain_def_set_string(NULL, &def->name, "x"), VIRT_E_INVAL);
    VT_CHECK_EQ_INT(virt_domain_def_set_string(def, NULL, "x"), VIRT_E_INVAL);
    copy = virt_domain_def_copy(def);
    VT_CHECK(copy != NULL);
    if (copy) {
        VT_CHECK(copy->name != def->name && copy->title != def->title);
        VT_CHECK_EQ_INT(virt_domain_def_set_string(copy, &copy->devices[0].u.disk.target, "xvdb"), VIRT_OK);
        VT_CHECK_EQ_STR(def->devices[0].u.disk.target, "xvda");
        out = virt_domain_def_format_ex(copy, VIRT_XML_FORMAT_LIBVIRT9);
        VT_CHECK(out && strstr(out, "<name>again</name>") && strstr(out, "/b.img") && strstr(out, "dev='xvdb'") &&
                 strstr(out, "<title>a title</title>"));
        free(out);
    }
    virt_domain_def_free(def);
    virt_domain_def_free(copy);
}

int main(void)
{
    test_malformed();
    test_required();
    test_bad_values();
    test_bad_devices();
    test_memballoon_stats();
    test_no_dtd();
    test_limits();
    test_units();
    test_libvirt9_details();
    test_tuning();
    test_copy();
    test_string_ownership();
    test_escaping();
    test_writer_choices();
    test_uuid_mac_lifecycle();
    return vt_summary("xml_parse");
}
