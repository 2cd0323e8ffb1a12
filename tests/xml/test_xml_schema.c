/* tests/xml/test_xml_schema.c - everything the writer produces validates
 * against libvirt's own RELAX NG schema (Debian's libvirt0 installs it):
 *   xmllint --noout --relaxng /usr/share/libvirt/schemas/domain.rng FILE
 *
 * Written and checked: every conformance input re-written by us (sexpr2xml,
 * xml2sexpr, xmconfig, testdriver domains) and a set of definitions built
 * here (PV, HVM, bootloader, every device kind, escaped names, libvirt 9
 * features). One known exception, and why:
 *
 *   sexpr2xml-curmem.xml (and the xml2sexpr-curmem.xml input, the same
 *   domain) has <target dev='xvda:disk'/>: xend reports the device type
 *   after a colon and libvirt 0.2.0 copied it, but the schema's
 *   diskTargetDev is (ioemu:)?(fd|hd|sd|vd|xvd|ubd)[a-zA-Z0-9_]+. The
 *   sexpr2xml output must stay byte-identical, so that file cannot also be
 *   valid. The test proves that this is its only defect: the same output
 *   with 'xvda' validates.
 *
 * Usage: test_xml_schema [SHARED_DIR]. Skips (77) without xmllint or the
 * schema; without SHARED_DIR only the built definitions are checked. */
#define VIRT_IMPLEMENTATION
#include "virt_xml.h"
#include "../virt_test.h"
#include "xml_test_util.h"
#include <dirent.h>
#include <unistd.h>

#define SCHEMA "/usr/share/libvirt/schemas/domain.rng"
#define MAX_FILES 64

typedef struct written {
    char path[512];
    int expect_valid;
} written;

static written files[MAX_FILES];
static int nfiles;
static char tmpdir[] = "/tmp/virt-xml-schema-XXXXXX";

static void add_output(const char *label, const char *xml, int expect_valid)
{
    written *w;
    VT_CHECK(nfiles < MAX_FILES);
    if (nfiles >= MAX_FILES || !xml) return;
    w = &files[nfiles++];
    snprintf(w->path, sizeof w->path, "%s/%02d-%s.xml", tmpdir, nfiles, label);
    w->expect_valid = expect_valid;
    VT_CHECK(xt_write_file(w->path, xml));
}

static void add_def(const char *label, const virt_domain_def *def, int expect_valid)
{
    char *xml = virt_domain_def_format(def);
    VT_CHECK(xml != NULL);
    add_output(label, xml, expect_valid);
    free(xml);
}

static void add_parsed(const char *label, const char *doc, int expect_valid)
{
    virt_domain_def *def = NULL;
    virt_status st;
    int rc = virt_domain_def_parse(doc, strlen(doc), &def, &st);
    if (rc != VIRT_OK) fprintf(stderr, "%s: %s\n", label, st.message);
    VT_CHECK_EQ_INT(rc, VIRT_OK);
    if (def) add_def(label, def, expect_valid);
    virt_domain_def_free(def);
}

static int is_curmem(const char *name)
{
    return strstr(name, "curmem") != NULL;
}

/* One file of a conformance directory, when its name starts with prefix */
static void add_conformance_file(const char *dir, const char *name, void *prefix)
{
    char path[4500], label[300], *doc, *fixed;
    size_t len = strlen(name);
    if (strncmp(name, (const char *)prefix, strlen((const char *)prefix)) != 0) return;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(label, sizeof label, "%.*s", (int)(len - 4), name);
    doc = xt_slurp(path, NULL);
    VT_CHECK(doc != NULL);
    if (!doc) return;
    add_parsed(label, doc, !is_curmem(name));
    /* the known exception, minus its one defect, must be valid */
    if (is_curmem(name) && (fixed = strstr(doc, "xvda:disk")) != NULL) {
        memmove(fixed + 4, fixed + 9, strlen(fixed + 9) + 1);
        snprintf(label, sizeof label, "%.*s-xvda", (int)(len - 4), name);
        add_parsed(label, doc, 1);
    }
    free(doc);
}

static void add_conformance_dir(const char *conf, const char *sub, const char *prefix)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/%s", conf, sub);
    VT_CHECK(xt_each_xml(dir, add_conformance_file, (void *)prefix) == 0);
}

static void add_built(void)
{
    add_parsed("built-pv",
        "<domain type='xen' id='3'><name>pv &amp; &lt;friends&gt; 'quoted'</name>"
        "<uuid>596a5d21-71f4-8fb2-e068-e2386a5c413e</uuid>"
        "<os><type>linux</type><kernel>/boot/vmlinuz</kernel><initrd>/boot/initrd</initrd>"
        "<root>/dev/xvda1</root><cmdline>ro quiet console=hvc0 a=&quot;b&quot;</cmdline></os>"
        "<memory unit='GiB'>1</memory><currentMemory unit='MiB'>512</currentMemory><vcpu>2</vcpu>"
        "<on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot>"
        "<on_crash>rename-restart</on_crash>"
        "<devices><disk type='block' device='disk'><driver name='phy'/><source dev='/dev/vg/pv'/>"
        "<target dev='xvda'/></disk>"
        "<disk type='file' device='disk'><driver name='tap' type='qcow'/>"
        "<source file='/var/lib/xen/images/a b.img'/><target dev='xvdb'/><readonly/></disk>"
        "<interface type='bridge'><source bridge='xenbr0'/><mac address='00:16:3E:00:00:01'/>"
        "<script path='vif-bridge'/><target dev='vif3.0'/></interface>"
        "<interface type='ethernet'><source dev='eth1'/><mac address='00:16:3e:00:00:02'/>"
        "<ip address='10.0.0.2'/><script path='vif-routed'/></interface>"
        "<graphics type='vnc' port='-1' listen='0.0.0.0' passwd='s&amp;cret' keymap='en-us'/>"
        "<console tty='/dev/pts/7'/></devices></domain>", 1);
    add_parsed("built-hvm",
        "<domain type='xen'><name>hvm</name><uuid>b5d70dd275cdaca517769660b059d8bc</uuid>"
        "<os><type arch='x86_64' machine='xenfv'>hvm</type><loader>/usr/lib/xen/boot/hvmloader</loader>"
        "<boot dev='network'/></os><memory>409600</memory><vcpu>4</vcpu>"
        "<on_poweroff>preserve</on_poweroff><features><pae/><acpi/><apic/></features>"
        "<clock offset='localtime'/>"
        "<devices><emulator>/usr/lib/xen/bin/qemu-dm</emulator>"
        "<disk type='file' device='floppy'><source file='/root/fd.img'/><target dev='fda'/></disk>"
        "<disk type='file' device='cdrom'><source file='/root/boot.iso'/><target dev='hdc'/>"
        "<readonly/></disk><disk type='file'><source file='/root/hda.img'/><target dev='ioemu:hda'/></disk>"
        "<interface type='bridge'><source bridge='xenbr1'/></interface>"
        "<graphics type='sdl'/></devices></domain>", 1);
    add_parsed("built-bootloader",
        "<domain type='xen'><name>bl</name><bootloader>/usr/bin/pygrub</bootloader>"
        "<bootloader_args>--entry=1</bootloader_args><memory>262144</memory>"
        "<devices><console/></devices></domain>", 1);
    add_parsed("built-minimal", "<domain type='xen'><name>m</name></domain>", 1);
    add_parsed("built-network",
        "<domain type='test'><name>n</name><memory unit='KiB'>8388608</memory>"
        "<vcpu placement='static'>2</vcpu><os><type arch='i686'>hvm</type><boot dev='hd'/></os>"
        "<clock offset='utc'/><devices><disk type='file' device='disk'>"
        "<source file='/guest/diskimage1'/><target dev='vda' bus='virtio'/></disk>"
        "<interface type='network'><mac address='aa:bb:cc:dd:ee:ff'/><source network='default'/>"
        "<target dev='testnet0'/></interface></devices></domain>", 1);
}

/* One xmllint run for all files; its stderr says "FILE validates" or
 * "FILE fails to validate" per file. */
static void validate_all(void)
{
    size_t cap = 256 + (size_t)nfiles * 520;
    char *cmd = (char *)malloc(cap), *out;
    int i;
    VT_CHECK(cmd != NULL);
    if (!cmd) return;
    snprintf(cmd, cap, "xmllint --noout --relaxng " SCHEMA);
    for (i = 0; i < nfiles; i++) {
        strcat(cmd, " ");
        strcat(cmd, files[i].path);
    }
    strcat(cmd, " 2>&1; true");
    out = xt_run(cmd);
    VT_CHECK(out != NULL);
    for (i = 0; out && i < nfiles; i++) {
        char ok[600], bad[600];
        int valid, invalid;
        snprintf(ok, sizeof ok, "%.511s validates\n", files[i].path);   /* path is char[512] */
        snprintf(bad, sizeof bad, "%.511s fails to validate\n", files[i].path);
        valid = strstr(out, ok) != NULL;
        invalid = strstr(out, bad) != NULL;
        if (valid == invalid || valid != files[i].expect_valid)
            fprintf(stderr, "%s: expected %s\n", files[i].path,
                    files[i].expect_valid ? "valid" : "invalid");
        VT_CHECK(valid != invalid);
        VT_CHECK_EQ_INT(valid, files[i].expect_valid);
    }
    if (vt_failed && out) fprintf(stderr, "xmllint said:\n%s", out);
    free(out);
    free(cmd);
}

int main(int argc, char **argv)
{
    char conf[4096];
    int i;
    char *probe = xt_run("xmllint --version 2>&1");
    if (!probe) VT_SKIP("xmllint cannot be run (Debian package libxml2-utils)");
    free(probe);
    if (access(SCHEMA, R_OK) != 0) VT_SKIP(SCHEMA " is missing (Debian package libvirt0)");
    if (!mkdtemp(tmpdir)) { perror("mkdtemp"); return 1; }
    add_built();
    snprintf(conf, sizeof conf, "%s/conformance/libvirt-xen", argc > 1 ? argv[1] : "/nonexistent");
    if (xt_is_dir(conf)) {
        add_conformance_dir(conf, "sexpr2xml", "sexpr2xml-");
        add_conformance_dir(conf, "xml2sexpr", "xml2sexpr-");
        add_conformance_dir(conf, "xmconfig", "test-");
        add_conformance_dir(conf, "testdriver", "testdom");
        VT_CHECK(nfiles >= 5 + 12 + 15 + 4 + 2 + 2);
    } else {
        printf("note: ../shared absent, checking the built definitions only\n");
    }
    validate_all();
    for (i = 0; i < nfiles; i++) unlink(files[i].path);
    rmdir(tmpdir);
    return vt_summary("xml_schema");
}
