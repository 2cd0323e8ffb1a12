/* tests/xml/test_xml_oom.c - every allocation of parse, format and copy
 * made to fail in turn (VIRT_MALLOC/VIRT_REALLOC replaced; expat allocates
 * through them too). Each run must fail cleanly (VIRT_E_NOMEM or NULL,
 * never a crash, a half-built result or a leak: the test counts live
 * blocks, and valgrind/ASan see the rest) until the budget is large enough,
 * and then give exactly the normal result. */
#include <stdlib.h>
#include <stddef.h>

static long oom_budget = -1; /* allocations still allowed; -1: unlimited */
static long oom_live;        /* blocks currently allocated */

static void *oom_malloc(size_t n)
{
    void *p;
    if (oom_budget == 0) return NULL;
    if (oom_budget > 0) oom_budget--;
    p = malloc(n);
    if (p) oom_live++;
    return p;
}
static void *oom_realloc(void *q, size_t n)
{
    void *p;
    if (oom_budget == 0) return NULL;
    if (oom_budget > 0) oom_budget--;
    p = realloc(q, n);
    if (p && !q) oom_live++;
    return p;
}
static void oom_free(void *p)
{
    if (p) oom_live--;
    free(p);
}
#define VIRT_MALLOC(n) oom_malloc(n)
#define VIRT_REALLOC(p, n) oom_realloc((p), (n))
#define VIRT_FREE(p) oom_free(p)
#define VIRT_IMPLEMENTATION
#include "virt_xml.h"
#include "../virt_test.h"

static const char doc[] =
    "<?xml version='1.0'?>\n"
    "<domain type='xen' id='3'>\n  <name>fvtest &amp; co</name>\n"
    "  <uuid>b5d70dd275cdaca517769660b059d8bc</uuid>\n"
    "  <bootloader>/usr/bin/pygrub</bootloader><bootloader_args>-q</bootloader_args>\n"
    "  <os>\n    <type arch='x86_64' machine='xenfv'>hvm</type>\n"
    "    <loader>/usr/lib/xen/boot/hvmloader</loader>\n    <kernel>/k</kernel><initrd>/i</initrd>"
    "<root>/dev/hda1</root><cmdline>ro</cmdline>\n    <boot dev='hd'/>\n  </os>\n"
    "  <memory unit='MiB'>400</memory>\n  <currentMemory>204800</currentMemory>"
    "<maxMemory>819200</maxMemory>\n  <vcpu>1</vcpu>\n"
    "  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n"
    "  <on_crash>restart</on_crash>\n  <features>\n    <acpi/>\n  </features>\n"
    "  <clock offset='localtime'/><metadata><x:y xmlns:x='urn:x'>text</x:y></metadata>\n"
    "  <devices>\n    <emulator>/usr/lib64/xen/bin/qemu-dm</emulator>\n"
    "    <disk type='file' device='cdrom'>\n      <driver name='file' type='raw'/>\n"
    "      <source file='/root/boot.iso'/>\n      <target dev='hdc'/>\n      <readonly/>\n    </disk>\n"
    "    <interface type='bridge'>\n      <source bridge='xenbr0'/>\n"
    "      <mac address='00:16:3e:1b:b1:47'/>\n      <ip address='10.1.1.1'/>\n"
    "      <script path='vif-bridge'/>\n      <target dev='vif3.0'/>\n    </interface>\n"
    "    <graphics type='vnc' port='5903' listen='0.0.0.0' passwd='x' keymap='de'/>\n"
    "    <console tty='/dev/pts/1'/>\n    <memballoon model='none'/>\n"
    "  </devices>\n</domain>\n";

static void test_parse(const char *expected)
{
    long budget, base = oom_live;
    int succeeded = 0, nomem = 0;
    for (budget = 0; budget < 100000 && !succeeded; budget++) {
        virt_domain_def *def = (virt_domain_def *)&def;
        virt_status st;
        int rc;
        oom_budget = budget;
        rc = virt_domain_def_parse(doc, sizeof doc - 1, &def, &st);
        oom_budget = -1;
        if (rc == VIRT_OK) {
            char *out = virt_domain_def_format(def);
            VT_CHECK(out != NULL && strcmp(out, expected) == 0);
            oom_free(out);
            virt_domain_def_free(def);
            succeeded = 1;
        } else {
            if (rc != VIRT_E_NOMEM) fprintf(stderr, "budget %ld: %d %s\n", budget, rc, st.message);
            VT_CHECK_EQ_INT(rc, VIRT_E_NOMEM);
            VT_CHECK(def == NULL);
            nomem++;
        }
        VT_CHECK_EQ_INT(oom_live, base);
    }
    VT_CHECK(succeeded);
    VT_CHECK(nomem > 20); /* the document does need many allocations */
    printf("parse: %d allocation failures survived\n", nomem);
}

static void test_format_and_copy(const char *expected)
{
    virt_domain_def *def = NULL, *copy;
    virt_status st;
    long budget, base = oom_live;
    int done = 0, fails = 0;
    VT_CHECK_EQ_INT(virt_domain_def_parse(doc, sizeof doc - 1, &def, &st), VIRT_OK);
    if (!def) return;
    for (budget = 0; budget < 100000 && !done; budget++) {
        long before = oom_live;
        char *out;
        oom_budget = budget;
        out = virt_domain_def_format(def);
        oom_budget = -1;
        if (out) { VT_CHECK_EQ_STR(out, expected); oom_free(out); done = 1; }
        else fails++;
        VT_CHECK_EQ_INT(oom_live, before);
    }
    VT_CHECK(done && fails > 0);
    done = fails = 0;
    for (budget = 0; budget < 100000 && !done; budget++) {
        long before = oom_live;
        oom_budget = budget;
        copy = virt_domain_def_copy(def);
        oom_budget = -1;
        if (copy) {
            char *out = virt_domain_def_format(copy);
            VT_CHECK(out != NULL && strcmp(out, expected) == 0);
            oom_free(out);
            virt_domain_def_free(copy);
            done = 1;
        } else {
            fails++;
        }
        VT_CHECK_EQ_INT(oom_live, before);
    }
    /* the copy allocates the definition, its device array and one block
     * for all its strings: each of them fails once */
    printf("copy: %d allocation failures survived\n", fails);
    VT_CHECK(done && fails >= 3);
    virt_domain_def_free(def);
    VT_CHECK_EQ_INT(oom_live, base);
}

/* The modern model: parse, libvirt's defaults and the libvirt 9 writer. */
static const char modern[] =
    "<domain type='test'><name>m</name><uuid>59e1d4b7-bb3e-429e-bc67-2dab4f5b51d9</uuid><title>t</title>"
    "<memory unit='MiB'>512</memory><vcpu placement='static' cpuset='0-1' current='1'>2</vcpu>"
    "<maxMemory slots='4' unit='GiB'>2</maxMemory>"
    "<cputune><shares>10</shares><vcpupin vcpu='1' cpuset='0'/><vcpupin vcpu='0' cpuset='1'/></cputune>"
    "<numatune><memory mode='strict' nodeset='0'/><memnode cellid='0' mode='strict' nodeset='0'/></numatune>"
    "<os><type>hvm</type><loader readonly='yes' type='rom'>/l</loader><boot dev='cdrom'/><boot dev='hd'/></os>"
    "<features><pae/><hap/><hyperv><relaxed state='on'/><spinlocks state='on' retries='8191'/><vendor_id state='on' value='v'/></hyperv><xen><e820_host state='on'/><passthrough state='on' mode='sync_pt'/></xen></features>"
    "<cpu mode='custom' match='exact'><model fallback='allow'>qemu64</model><vendor>AMD</vendor>"
    "<topology sockets='1' cores='2' threads='1'/><feature policy='require' name='svm'/>"
    "<numa><cell id='0' cpus='0-1' memory='512' unit='MiB' memAccess='shared'>"
    "<distances><sibling id='0' value='10'/></distances></cell></numa></cpu>"
    "<clock offset='variable' adjustment='3600' basis='utc'><timer name='hpet' present='no'/></clock>"
    "<devices><disk type='file' device='disk'><source file='/a'/><target dev='hda'/><shareable/></disk>"
    "<disk type='file' device='disk'><source file='/b'/><target dev='sdb'/></disk>"
    "<disk type='network' device='disk'><source protocol='rbd' name='p/i'><host name='m1' port='6789'/><host name='m2'/></source><target dev='sdc'/></disk>"
    "<interface type='bridge'><source bridge='br0'/><ip address='10.0.0.1'/><ip address='fe80::1'/><model type='e1000'/>"
    "<vlan trunk='yes'><tag id='4'/><tag id='5' nativeMode='tagged'/></vlan><virtualport type='openvswitch'>"
    "<parameters interfaceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f'/></virtualport>"
    "<bandwidth><inbound average='1' peak='2'/><outbound average='3'/></bandwidth></interface>"
    "<console type='pty'/><serial type='udp'><source mode='connect' host='h' service='1'/>"
    "<source mode='bind' host='b' service='2'/></serial><parallel type='file'><source path='/p'/></parallel>"
    "<channel type='unix'><source mode='bind' path='/u'/><target type='xen' name='n'/></channel>"
    "<input type='tablet' bus='usb'/><graphics type='vnc' keymap='de'><listen type='address' address='::'/></graphics>"
    "<sound model='es1370'/><video><model type='vga'/></video>"
    "<hostdev mode='subsystem' type='pci'><source><address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>"
    "</source></hostdev><controller type='xenbus' maxGrantFrames='64'/><memballoon model='xen'/>"
    "<watchdog model='i6300esb' action='reset'/></devices></domain>";

static void test_modern(void)
{
    virt_domain_def *ref = NULL;
    char *expected;
    long budget, base = oom_live, held;
    int done = 0, fails = 0;
    VT_CHECK_EQ_INT(virt_domain_def_parse(modern, (size_t)-1, &ref, NULL), VIRT_OK);
    if (!ref) return;
    VT_CHECK(ref->unsupported == NULL);
    VT_CHECK_EQ_INT(virt_domain_def_apply_defaults(ref, VIRT_XML_DEFAULTS_TEST, NULL), VIRT_OK);
    expected = virt_domain_def_format_ex(ref, VIRT_XML_FORMAT_LIBVIRT9);
    VT_CHECK(expected != NULL);
    held = oom_live;        /* ref and expected */
    for (budget = 0; budget < 100000 && !done && expected; budget++) {
        virt_domain_def *def = NULL;
        virt_status st;
        char *out = NULL;
        int rc;
        oom_budget = budget;
        rc = virt_domain_def_parse(modern, (size_t)-1, &def, &st);
        if (rc == VIRT_OK) rc = virt_domain_def_apply_defaults(def, VIRT_XML_DEFAULTS_TEST, &st);
        if (rc == VIRT_OK && !(out = virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9))) rc = VIRT_E_NOMEM;
        oom_budget = -1;
        if (rc == VIRT_OK) { VT_CHECK_EQ_STR(out, expected); done = 1; }
        else { VT_CHECK_EQ_INT(rc, VIRT_E_NOMEM); fails++; }
        oom_free(out);
        virt_domain_def_free(def);
        VT_CHECK_EQ_INT(oom_live, held);
    }
    /* every allocation of the path fails once: expat's, the definition's,
     * its string blocks (the defaults' strings go there too), the device
     * array's growth and the writer's buffer */
    VT_CHECK(done && fails > 40);
    printf("modern parse + defaults + format: %d allocation failures survived\n", fails);
    done = fails = 0;
    for (budget = 0; budget < 100000 && !done; budget++) {
        virt_domain_def *copy;
        oom_budget = budget;
        copy = virt_domain_def_copy(ref);
        oom_budget = -1;
        if (copy) {
            char *out = virt_domain_def_format_ex(copy, VIRT_XML_FORMAT_LIBVIRT9);
            VT_CHECK(out && expected && strcmp(out, expected) == 0);
            oom_free(out);
            virt_domain_def_free(copy);
            done = 1;
        } else {
            fails++;
        }
        VT_CHECK_EQ_INT(oom_live, held);
    }
    /* the definition, its device array, its timer array, one string block */
    printf("modern copy: %d allocation failures survived\n", fails);
    VT_CHECK(done && fails >= 4);
    oom_free(expected);
    virt_domain_def_free(ref);
    VT_CHECK_EQ_INT(oom_live, base);
}

int main(void)
{
    virt_domain_def *def = NULL;
    virt_status st;
    char *expected;
    char *esc;
    VT_CHECK_EQ_INT(virt_domain_def_parse(doc, sizeof doc - 1, &def, &st), VIRT_OK);
    if (!def) return vt_summary("xml_oom");
    expected = virt_domain_def_format(def);
    virt_domain_def_free(def);
    VT_CHECK(expected != NULL);
    if (!expected) return vt_summary("xml_oom");
    test_parse(expected);
    test_format_and_copy(expected);
    test_modern();
    oom_budget = 0;
    esc = virt_xml_escape("a&b");
    def = virt_domain_def_new();
    oom_budget = -1;
    VT_CHECK(esc == NULL && def == NULL);
    oom_free(expected);
    VT_CHECK_EQ_INT(oom_live, 0);
    return vt_summary("xml_oom");
}
