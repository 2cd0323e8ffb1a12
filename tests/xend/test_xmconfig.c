/* tests/xend/test_xmconfig.c - virt_xm_config_parse / virt_xm_config_format
 * (virt_xend.h's >>xm config section).
 * 1. libvirt 0.2.0's xmconfig data (../shared/conformance/libvirt-xen,
 *    pairs.tsv rows xm-format / xm-parse): .cfg -> model writes the .xml byte
 *    for byte; .xml -> model writes the .cfg byte for byte in the pair's xend
 *    config format; model -> cfg -> model -> cfg is a fixed point.
 * 2. Malformed text and refusals, one by one, by result code and named key.
 * Usage: test_xend_xmconfig SHARED_DIR (part 1 is skipped with a message
 * when SHARED_DIR has no conformance data). */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"

static void check_same(const char *what, const char *got, const char *want)
{
    if (got && want && strcmp(got, want) == 0) { VT_CHECK(1); return; }
    fprintf(stderr, "%s differs\n--- got:\n%s\n--- expected:\n%s\n", what, got ? got : "(null)", want ? want : "(null)");
    VT_CHECK(0);
}

/* model -> cfg -> model -> cfg: the same text and the same XML */
static void check_fixed_point(const char *what, const virt_domain_def *def, int format)
{
    virt_domain_def *back = NULL;
    virt_status st;
    char *cfg = NULL, *cfg2 = NULL, *xml = NULL, *xml2 = NULL;
    VT_CHECK_EQ_INT(virt_xm_config_format(def, format, &cfg, &st), VIRT_OK);
    if (!cfg) { fprintf(stderr, "%s: %s\n", what, st.message); return; }
    VT_CHECK_EQ_INT(virt_xm_config_parse(cfg, (size_t)-1, &back, &st), VIRT_OK);
    if (!back) { fprintf(stderr, "%s: %s\n", what, st.message); free(cfg); return; }
    VT_CHECK_EQ_INT(virt_xm_config_format(back, format, &cfg2, &st), VIRT_OK);
    check_same(what, cfg2, cfg);
    xml = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE);
    xml2 = virt_domain_def_format_ex(back, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE);
    check_same(what, xml2, xml);
    free(cfg); free(cfg2); free(xml); free(xml2);
    virt_domain_def_free(back);
}

static void lower_macs(char *cfg)
{
    char *p;
    for (p = strstr(cfg, "mac="); p; p = strstr(p, "mac="))
        for (p += 4; *p && *p != ',' && *p != '"'; p++)
            if (*p >= 'A' && *p <= 'F') *p = (char)(*p - 'A' + 'a');
}

static void run_pair(const char *dir, const char *cfgname, const char *xmlname, int format)
{
    char *cfg = vt_read_file(dir, cfgname), *xml = vt_read_file(dir, xmlname), *got = NULL;
    virt_domain_def *def = NULL;
    virt_status st;
    if (!cfg || !xml) { fprintf(stderr, "cannot read %s / %s\n", cfgname, xmlname); VT_CHECK(0); free(cfg); free(xml); return; }
    /* xm-format: cfg -> model equals the .xml's model (compared as the
     * XML both write: 0.2.0's xm writer put <currentMemory> first, which
     * virt_domain_def_format does not) */
    VT_CHECK_EQ_INT(virt_xm_config_parse(cfg, strlen(cfg), &def, &st), VIRT_OK);
    if (def) {
        virt_domain_def *want = NULL;
        char *want_xml = NULL;
        VT_CHECK_EQ_INT(virt_domain_def_parse(xml, strlen(xml), &want, &st), VIRT_OK);
        if (want) want_xml = virt_domain_def_format_ex(want, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE);
        got = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE);
        check_same(cfgname, got, want_xml);
        free(got);
        free(want_xml);
        virt_domain_def_free(want);
        check_fixed_point(cfgname, def, format);
        virt_domain_def_free(def);
        def = NULL;
    } else fprintf(stderr, "%s: %s\n", cfgname, st.message);
    /* xm-parse: XML -> model -> cfg, byte for byte but for the MAC's case
     * (the model keeps MACs in lower case, virt_xml.h; 0.2.0 kept them as written) */
    lower_macs(cfg);
    VT_CHECK_EQ_INT(virt_domain_def_parse(xml, strlen(xml), &def, &st), VIRT_OK);
    if (def) {
        got = NULL;
        VT_CHECK_EQ_INT(virt_xm_config_format(def, format, &got, &st), VIRT_OK);
        if (!got) fprintf(stderr, "%s: %s\n", xmlname, st.message);
        check_same(xmlname, got, cfg);
        free(got);
        check_fixed_point(xmlname, def, format);
        virt_domain_def_free(def);
    }
    free(cfg);
    free(xml);
}

static int conformance(const char *shared)
{
    char dir[1024], line[2048];
    FILE *f;
    int rows = 0;
    snprintf(dir, sizeof dir, "%s/conformance/libvirt-xen", shared);
    snprintf(line, sizeof line, "%s/pairs.tsv", dir);
    if (!(f = fopen(line, "r"))) {
        printf("SKIP conformance: %s not found (the libvirt 0.2.0 data lives in ../shared)\n", line);
        return 0;
    }
    while (fgets(line, sizeof line, f)) {
        char direction[64], input[512], expected[512], name[64];
        int format;
        if (sscanf(line, "%63s %511s %511s %63s %d", direction, input, expected, name, &format) != 5) continue;
        if (strcmp(direction, "xm-format") != 0) continue;   /* xm-parse is the same pair, reversed */
        run_pair(dir, input, expected, format);
        rows++;
    }
    fclose(f);
    VT_CHECK_EQ_INT(rows, 4);
    return rows;
}

/* cfg text that must fail with rc, the message naming `needle` */
static void cfg_fails(const char *cfg, int rc, const char *needle)
{
    virt_domain_def *def = NULL;
    virt_status st;
    int got = virt_xm_config_parse(cfg, (size_t)-1, &def, &st);
    if (got != rc) fprintf(stderr, "for: %s\n", cfg);
    VT_CHECK_EQ_INT(got, rc);
    VT_CHECK(def == NULL);
    if (got != VIRT_OK && !strstr(st.message, needle)) {
        fprintf(stderr, "message '%s' does not name '%s'\n", st.message, needle);
        VT_CHECK(0);
    }
    virt_domain_def_free(def);
}

/* domain XML that parses but must be refused by the writer */
static void xml_refused(const char *devices_or_more, const char *needle)
{
    char xml[4096];
    virt_domain_def *def = NULL;
    virt_status st;
    char *cfg = NULL;
    snprintf(xml, sizeof xml,
             "<domain type='xen'><name>r</name><memory>65536</memory>%s</domain>", devices_or_more);
    VT_CHECK_EQ_INT(virt_domain_def_parse(xml, (size_t)-1, &def, &st), VIRT_OK);
    if (!def) { fprintf(stderr, "%s: %s\n", xml, st.message); return; }
    VT_CHECK_EQ_INT(virt_xm_config_format(def, 3, &cfg, &st), VIRT_E_UNSUPPORTED);
    VT_CHECK(cfg == NULL);
    if (!strstr(st.message, needle)) { fprintf(stderr, "message '%s' does not name '%s'\n", st.message, needle); VT_CHECK(0); }
    free(cfg);
    virt_domain_def_free(def);
}

static void refusals(void)
{
    char big[64];
    virt_domain_def *def = NULL;
    virt_status st;
    char *cfg = NULL;
    int i;
    /* syntax, with the line named */
    cfg_fails("name = \"a\"\nmemory = \n", VIRT_E_SYNTAX, "line 2");
    cfg_fails("name = \"a\nmemory = 1\n", VIRT_E_SYNTAX, "unterminated");
    cfg_fails("name \"a\"\n", VIRT_E_SYNTAX, "'='");
    cfg_fails("name = \"a\"\ndisk = [ \"x\", [ \"y\" ] ]\n", VIRT_E_SYNTAX, "nested");
    cfg_fails("name = \"a\"\ndisk = [ \"x\" \"y\" ]\n", VIRT_E_SYNTAX, "']'");
    cfg_fails("name = \"a\" junk\n", VIRT_E_SYNTAX, "after 'name'");
    cfg_fails("name = \"a\"\nname = \"b\"\n", VIRT_E_SYNTAX, "twice");
    cfg_fails("= 1\n", VIRT_E_SYNTAX, "setting name");
    /* values */
    cfg_fails("memory = 64\n", VIRT_E_INVAL, "name");
    cfg_fails("name = \"a\"\nmemory = \"6x4\"\n", VIRT_E_INVAL, "'memory'");   /* a string of digits is fine, as in libvirt */
    cfg_fails("name = \"a\"\nmemory = 64\nuuid = \"zz\"\n", VIRT_E_INVAL, "uuid");
    cfg_fails("name = \"a\"\nmemory = 64\non_crash = \"explode\"\n", VIRT_E_INVAL, "explode");
    cfg_fails("name = \"a\"\nmemory = 64\ndisk = [ \"phy:/dev/x,xvda\" ]\n", VIRT_E_INVAL, "disk");
    cfg_fails("name = \"a\"\nmemory = 64\ndisk = [ \"/dev/x,xvda,w\" ]\n", VIRT_E_INVAL, "driver prefix");
    cfg_fails("name = \"a\"\nmemory = 64\ndisk = [ \"phy:/dev/x,xvda,rw\" ]\n", VIRT_E_INVAL, "mode");
    cfg_fails("name = \"a\"\nmemory = 64\nvcpus = 0\n", VIRT_E_INVAL, "vcpus");
    cfg_fails("name = \"a\"\nmemory = 123456789012\n", VIRT_E_INVAL, "memory");
    cfg_fails("name = \"a\"\nmemory = 64\nbuilder = \"hvm\"\nboot = \"x\"\n", VIRT_E_INVAL, "boot");
    /* what virt does not read is refused, naming line and key */
    cfg_fails("name = \"a\"\nmemory = 64\nshadow_memory = 8\n", VIRT_E_UNSUPPORTED, "line 3: setting 'shadow_memory'");
    cfg_fails("name = \"a\"\nmemory = 64\nvif = [ \"mac=00:16:3e:00:00:01,rate=10Mb/s\" ]\n", VIRT_E_UNSUPPORTED, "rate");
    cfg_fails("name = \"a\"\nmemory = 64\nvfb = [ \"type=vnc,display=:0\" ]\n", VIRT_E_UNSUPPORTED, "display");
    cfg_fails("name = \"a\"\nmemory = 64\nvfb = [ \"type=vnc\", \"type=sdl\" ]\n", VIRT_E_UNSUPPORTED, "second vfb");
    cfg_fails("name = \"a\"\nmemory = 64\nserial = \"pty\"\n", VIRT_E_UNSUPPORTED, "line 3: setting 'serial'");   /* HVM only */
    cfg_fails("name = \"a\"\nmemory = 64\nbuilder = \"hvm\"\nserial = \"tty:x\"\n", VIRT_E_INVAL, "serial 'tty:x'");
    cfg_fails("name = \"a\"\nmemory = 64\nbuilder = \"hvm\"\nusbdevice = \"host:1234:5678\"\n", VIRT_E_UNSUPPORTED, "usbdevice");
    cfg_fails("name = \"a\"\nmemory = 64\nbuilder = \"hvm\"\nsoundhw = \"all\"\n", VIRT_E_UNSUPPORTED, "soundhw 'all'");
    cfg_fails("name = \"a\"\nmemory = 64\nbuilder = \"hvm\"\nrtc_timeoffset = \"1h\"\n", VIRT_E_INVAL, "rtc_timeoffset");
    cfg_fails("name = \"a\"\nmemory = 64\nvcpus = 4\nvcpu_avail = 5\n", VIRT_E_UNSUPPORTED, "vcpu_avail 5");
    cfg_fails("name = \"a\"\nmemory = 64\npci = [ \"01:00.0,permissive=1\" ]\n", VIRT_E_UNSUPPORTED, "pci");
    cfg_fails("name = \"a\"\nmemory = 64\npci = [ \"01:20.0\" ]\n", VIRT_E_INVAL, "slot");
    cfg_fails("name = \"a\"\nmemory = 64\npci = [ \"-1:00.0\" ]\n", VIRT_E_INVAL, "pci");
    cfg_fails("name = \"a\"\nmemory = 64\nvnc = 1\nvncunused = 0\n", VIRT_E_UNSUPPORTED, "vncdisplay");
    cfg_fails("name = \"a\"\nmemory = 64\nbuilder = \"generic\"\n", VIRT_E_UNSUPPORTED, "builder");
    /* bounds */
    {
        size_t n = (size_t)VIRT_XM_MAX_ITEMS * 8 + 64, len = 0;
        char *t = (char *)malloc(n);
        len += (size_t)snprintf(t, n, "name = \"a\"\nvif = [");
        for (i = 0; i <= VIRT_XM_MAX_ITEMS; i++) len += (size_t)snprintf(t + len, n - len, " \"\",");
        snprintf(t + len, n - len, " ]\n");
        cfg_fails(t, VIRT_E_LIMIT, "VIRT_XM_MAX_ITEMS");
        free(t);
    }
    snprintf(big, sizeof big, "name = \"a\"\n");
    VT_CHECK_EQ_INT(virt_xm_config_parse(big, VIRT_XM_MAX_BYTES + 1, &def, &st), VIRT_E_LIMIT);
    VT_CHECK_EQ_INT(virt_xm_config_parse("name = \"a\"\nmemory = 64\n# a comment \xff\n", (size_t)-1, &def, &st), VIRT_OK);
    virt_domain_def_free(def);
    def = NULL;
    /* the writer: what xend 3 cannot carry, and what virt does not write yet */
    xml_refused("<devices><channel type='pty'><target type='virtio'/></channel></devices>", "<channel>");
    xml_refused("<devices><serial type='pty'/></devices>", "<serial> on a paravirtual domain");
    xml_refused("<os><type>hvm</type></os><devices><serial type='pty'/><serial type='null'/></devices>", "a second <serial>");
    xml_refused("<devices><sound model='es1370'/></devices>", "<sound> on a paravirtual domain");
    xml_refused("<os><type>hvm</type></os><devices><input type='tablet' bus='usb'/><input type='mouse' bus='usb'/></devices>",
                "a second USB <input>");
    xml_refused("<devices><hostdev mode='subsystem' type='pci'><source><address domain='0x0000' bus='0x01' slot='0x20'"
                " function='0x0'/></source></hostdev></devices>", "<hostdev>");
    xml_refused("<vcpu current='3'>2</vcpu>", "<vcpu current=''>");
    xml_refused("<clock offset='variable' adjustment='10' basis='utc'/>", "paravirtual clock");
    xml_refused("<os><type>hvm</type><kernel>/boot/vmlinuz</kernel></os>", "HVM direct kernel boot");
    xml_refused("<os><type>hvm</type></os><devices><video><model type='qxl'/></video></devices>", "<video> model");
    /* a description needs xend >= 3.0.4 (format 3) */
    VT_CHECK_EQ_INT(virt_domain_def_parse("<domain type='xen'><name>d</name><memory>65536</memory><description>x</description>"
                                          "</domain>", (size_t)-1, &def, &st), VIRT_OK);
    VT_CHECK_EQ_INT(virt_xm_config_format(def, 2, &cfg, &st), VIRT_E_UNSUPPORTED);
    VT_CHECK(strstr(st.message, "<description>") != NULL);
    virt_domain_def_free(def);
    def = NULL;
    xml_refused("<devices><watchdog model='i6300esb'/></devices>", "<watchdog>");
    xml_refused("<devices><graphics type='spice'/></devices>", "spice");
    xml_refused("<devices><interface type='network'><source network='default'/></interface></devices>", "network");
    xml_refused("<devices><disk type='file'><source file='/a,b'/><target dev='xvda'/></disk></devices>", "comma");
    xml_refused("<devices><interface type='bridge'><source bridge='br0'/><mac address='00:16:3e:00:00:01'/>"
                "<model type='e1000,x=1'/></interface></devices>", "','");
    xml_refused("<devices><disk type='file'><source file='/a&quot;b&apos;c'/><target dev='xvda'/></disk></devices>",
                "quotes");
    /* memory in whole MiB only */
    {
        VT_CHECK_EQ_INT(virt_domain_def_parse("<domain type='xen'><name>m</name><memory>1000</memory></domain>",
                                              (size_t)-1, &def, &st), VIRT_OK);
        VT_CHECK_EQ_INT(virt_xm_config_format(def, 3, &cfg, &st), VIRT_E_UNSUPPORTED);
        VT_CHECK(strstr(st.message, "<memory>") != NULL);
        VT_CHECK_EQ_INT(virt_xm_config_format(def, 4, &cfg, &st), VIRT_E_INVAL);
        virt_domain_def_free(def);
        def = NULL;
    }
}

/* Settings beyond the conformance data, read and written back */
static void extras(void)
{
    static const char *const cfgs[] = {
        ("name = \"pv\"\nmaxmem = 512\nmemory = 256\nvcpus = 2\ncpus = \"0-1\"\nkernel = \"/boot/vmlinuz\"\n"
        "ramdisk = \"/boot/initrd\"\nroot = \"/dev/xvda1\"\nextra = \"console=hvc0 'x'\"\nlocaltime = 1\n"
        "on_poweroff = \"destroy\"\nvfb = [ \"type=vnc,vncunused=0,vncdisplay=3,keymap=de\" ]\n"
        "disk = [ \"tap:aio:/img/a.img,xvda,w!\", \"file:/img/b.iso,xvdb:cdrom,r\" ]\n"
        "vif = [ \"mac=00:16:3e:00:00:01,bridge=xenbr0,script=vif-bridge,vifname=v1\", \"ip=10.0.0.2,script=vif-route\" ]\n"),
        ("name = \"hvm\"\nmemory = 128\nbuilder = \"hvm\"\nkernel = \"/usr/lib/xen/boot/hvmloader\"\nboot = \"dcn\"\n"
        "fda = \"/img/f.img\"\nsdl = 1\nvnc = 0\ndisk = [ \",hdc:cdrom,r\" ]\nvif = [ \"mac=00:16:3e:00:00:02,model=e1000,type=ioemu\" ]\n"),
        ("# comment line\n  name='q' # trailing\nmemory=64;vcpus=1\ndisk = [\n  'phy:/dev/vg/q,xvda,w', # first\n]\n"),
    };
    size_t i;
    for (i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
        virt_domain_def *def = NULL;
        virt_status st;
        char what[32];
        snprintf(what, sizeof what, "extras[%zu]", i);
        VT_CHECK_EQ_INT(virt_xm_config_parse(cfgs[i], (size_t)-1, &def, &st), VIRT_OK);
        if (!def) { fprintf(stderr, "%s: %s\n", what, st.message); continue; }
        check_fixed_point(what, def, 3);
        check_fixed_point(what, def, 2);
        if (i == 0) {
            VT_CHECK_EQ_INT((int)def->ndevices, 6);   /* 2 disks, 2 vifs, vfb, console */
            VT_CHECK_EQ_INT(def->devices[4].u.graphics.port, 5903);
            VT_CHECK_EQ_STR(def->devices[4].u.graphics.keymap, "de");
            VT_CHECK(def->devices[0].u.disk.shareable);
            VT_CHECK_EQ_STR(def->devices[0].u.disk.driver_type, "aio");
            VT_CHECK_EQ_INT((int)def->devices[3].u.net.type, (int)VIRT_NET_ETHERNET);
            VT_CHECK_EQ_STR(def->os.cmdline, "console=hvc0 'x'");
        }
        if (i == 1) {
            VT_CHECK_EQ_INT((int)def->nboot, 3);
            VT_CHECK_EQ_STR(def->boot_devs[2], "network");
            VT_CHECK(def->devices[0].u.disk.source == NULL);
        }
        virt_domain_def_free(def);
    }
}

/* xend 3's keys beyond libvirt 0.2.0's (description, vcpu_avail, pci, and
 * for HVM serial, parallel, soundhw, stdvga, usb/usbdevice,
 * rtc_timeoffset): read and written back byte for byte, in the writer's
 * order (tests/fuzz/seeds/xmconfig has the same two files) */
static void xend3_keys(void)
{
    static const char *const cfgs[] = {
        "name = \"hvm2\"\n"
        "uuid = \"c7a5fdb2cdaf9455926ad65c16db1809\"\n"
        "description = \"a guest\"\n"
        "maxmem = 256\n"
        "memory = 256\n"
        "vcpus = 4\n"
        "vcpu_avail = 3\n"
        "builder = \"hvm\"\n"
        "kernel = \"/usr/lib/xen/boot/hvmloader\"\n"
        "boot = \"c\"\n"
        "localtime = 1\n"
        "rtc_timeoffset = -3600\n"
        "on_poweroff = \"destroy\"\n"
        "on_reboot = \"restart\"\n"
        "on_crash = \"restart\"\n"
        "device_model = \"/usr/lib/xen/bin/qemu-dm\"\n"
        "disk = [ \"phy:/dev/vg/h,hda,w\" ]\n"
        "vif = [ \"mac=00:16:3e:00:00:02,type=ioemu\" ]\n"
        "pci = [ \"0000:01:00.0\", \"0000:03:1f.7\" ]\n"
        "parallel = \"file:/tmp/lpt\"\n"
        "serial = \"tcp:127.0.0.1:7777,server,nowait\"\n"
        "soundhw = \"sb16,es1370\"\n"
        "stdvga = 1\n"
        "usb = 1\n"
        "usbdevice = \"tablet\"\n",
        "name = \"pv2\"\n"
        "description = 'a \"quoted\" word'\n"
        "maxmem = 128\n"
        "memory = 64\n"
        "vcpus = 2\n"
        "vcpu_avail = 1\n"
        "kernel = \"/boot/vmlinuz\"\n"
        "pci = [ \"0000:00:19.0\" ]\n",
    };
    size_t i;
    for (i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
        virt_domain_def *def = NULL;
        virt_status st;
        char *out = NULL, what[32];
        snprintf(what, sizeof what, "xend3_keys[%zu]", i);
        VT_CHECK_EQ_INT(virt_xm_config_parse(cfgs[i], (size_t)-1, &def, &st), VIRT_OK);
        if (!def) { fprintf(stderr, "%s: %s\n", what, st.message); continue; }
        VT_CHECK_EQ_INT(virt_xm_config_format(def, 3, &out, &st), VIRT_OK);
        check_same(what, out, cfgs[i]);
        check_fixed_point(what, def, 3);
        if (i == 0) {
            VT_CHECK_EQ_STR(def->vcpu_current, "2");
            VT_CHECK_EQ_STR(def->clock_offset, "variable");
            VT_CHECK_EQ_STR(def->clock_basis, "localtime");
            VT_CHECK_EQ_INT(virt__xend_count(def, VIRT_DEVICE_SOUND), 2);
            VT_CHECK_EQ_INT(virt__xend_count(def, VIRT_DEVICE_HOSTDEV), 2);
        }
        free(out);
        virt_domain_def_free(def);
    }
}

int main(int argc, char **argv)
{
    conformance(argc > 1 ? argv[1] : "../shared");
    refusals();
    extras();
    xend3_keys();
    return vt_summary("xend_xmconfig");
}
