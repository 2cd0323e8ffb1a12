/* tests/xl/test_xl_save.c - libvirt's libxl save image header
 * (virt_xl_save_header_format / _parse, virt_xl_save_xml_parse), byte for
 * byte against the layout of libvirt's libxlSavefileHeader
 * (src/libxl/libxl_conf.h: char magic[16] = "libvirt-xml\n \0 \r",
 * uint32_t version, uint32_t xmlLen, uint32_t unused[10]; written by
 * libxlDoDomainSave in host order, little-endian on every Xen host), and
 * every refusal libvirt's libxlDomainSaveImageOpen makes, plus the ones
 * virt adds (version 0, an XML length above VIRT_XML_MAX_BYTES, XML
 * without its NUL or with one inside); libvirt's libxl migration cookie
 * (virt_xl_mig_cookie_format / _parse). Needs no libxl context. */
#ifndef VIRT_WITH_XL
#define VIRT_WITH_XL
#endif
#define VIRT_IMPLEMENTATION
#include "virt_xl.h"
#include "../virt_test.h"

static const char magic[16] = {'l', 'i', 'b', 'v', 'i', 'r', 't', '-', 'x', 'm', 'l', '\n', ' ', '\0', ' ', '\r'};

/* libvirt's struct, as its compiler lays it out on x86-64 */
struct libvirt_hdr {
    char magic[16];
    uint32_t version;
    uint32_t xmlLen;
    uint32_t unused[10];
};

static void check_layout(void)
{
    unsigned char h[VIRT_XL_SAVE_HEADER_BYTES];
    struct libvirt_hdr lv;
    size_t i;
    int zeros = 1;
    VT_CHECK_EQ_INT(sizeof lv, VIRT_XL_SAVE_HEADER_BYTES);
    virt_xl_save_header_format(0x01020304u, h);
    VT_CHECK(memcmp(h, magic, 16) == 0);
    VT_CHECK(h[16] == 2 && h[17] == 0 && h[18] == 0 && h[19] == 0);       /* version 2, little-endian */
    VT_CHECK(h[20] == 4 && h[21] == 3 && h[22] == 2 && h[23] == 1);       /* xmlLen */
    for (i = 24; i < sizeof h; i++) zeros &= h[i] == 0;
    VT_CHECK(zeros);
    /* what libvirt writes (on a little-endian host) is these bytes */
    memset(&lv, 0, sizeof lv);
    memcpy(lv.magic, magic, 16);
    lv.version = 2;
    lv.xmlLen = 0x01020304u;
    {
        const uint16_t probe = 1;
        if (*(const unsigned char *)&probe == 1) VT_CHECK(memcmp(&lv, h, sizeof h) == 0);
    }
}

static int parse(const unsigned char *h, size_t len, uint32_t *v, uint32_t *n, virt_status *st)
{
    *v = *n = 0;
    st->message[0] = '\0';
    return virt_xl_save_header_parse(h, len, v, n, st);
}

static void check_header_parse(void)
{
    unsigned char h[VIRT_XL_SAVE_HEADER_BYTES];
    virt_status st;
    uint32_t v, n;
    virt_xl_save_header_format(1234, h);
    VT_CHECK_EQ_INT(parse(h, sizeof h, &v, &n, &st), VIRT_OK);
    VT_CHECK_EQ_INT(v, 2);
    VT_CHECK_EQ_INT(n, 1234);
    /* a header longer than 64 bytes (the XML follows) is fine: only 64 are read */
    VT_CHECK_EQ_INT(parse(h, sizeof h + 100, &v, &n, &st), VIRT_OK);
    /* version 1 (libxl stream v1, libvirt before Xen 4.6) is still read */
    h[16] = 1;
    VT_CHECK_EQ_INT(parse(h, sizeof h, &v, &n, &st), VIRT_OK);
    VT_CHECK_EQ_INT(v, 1);

    VT_CHECK_EQ_INT(parse(h, 63, &v, &n, &st), VIRT_E_SYNTAX);
    VT_CHECK(strstr(st.message, "failed to read libxl header") != NULL);
    VT_CHECK_EQ_INT(parse(h, 0, &v, &n, &st), VIRT_E_SYNTAX);

    virt_xl_save_header_format(1234, h);
    h[13] = 'x';   /* the magic's NUL */
    VT_CHECK_EQ_INT(parse(h, sizeof h, &v, &n, &st), VIRT_E_INVAL);
    VT_CHECK(strstr(st.message, "image magic is incorrect") != NULL);
    memcpy(h, "LinuxGuestRecord", 16);   /* xl's own save file is not libvirt's */
    VT_CHECK_EQ_INT(parse(h, sizeof h, &v, &n, &st), VIRT_E_INVAL);

    virt_xl_save_header_format(1234, h);
    h[16] = 3;
    VT_CHECK_EQ_INT(parse(h, sizeof h, &v, &n, &st), VIRT_E_UNSUPPORTED);
    VT_CHECK(strstr(st.message, "image version is not supported (3 > 2)") != NULL);
    h[16] = 0;
    VT_CHECK_EQ_INT(parse(h, sizeof h, &v, &n, &st), VIRT_E_UNSUPPORTED);
    h[16] = 2; h[19] = 0x80;   /* a version read as negative by libvirt's signed %d */
    VT_CHECK_EQ_INT(parse(h, sizeof h, &v, &n, &st), VIRT_E_UNSUPPORTED);

    virt_xl_save_header_format(0, h);
    VT_CHECK_EQ_INT(parse(h, sizeof h, &v, &n, &st), VIRT_E_LIMIT);
    VT_CHECK(strstr(st.message, "invalid XML length: 0") != NULL);
    virt_xl_save_header_format(VIRT_XML_MAX_BYTES + 1, h);
    VT_CHECK_EQ_INT(parse(h, sizeof h, &v, &n, &st), VIRT_E_LIMIT);
    virt_xl_save_header_format(0xffffffffu, h);
    VT_CHECK_EQ_INT(parse(h, sizeof h, &v, &n, &st), VIRT_E_LIMIT);
    VT_CHECK_EQ_INT(v, 0);   /* nothing is returned on failure */
    virt_xl_save_header_format(VIRT_XML_MAX_BYTES, h);
    VT_CHECK_EQ_INT(parse(h, sizeof h, &v, &n, &st), VIRT_OK);
}

static void check_xml_parse(void)
{
    static const char xml[] = "<domain type='xen' id='7'><name>saved</name><memory>131072</memory>"
                              "<os><type>linux</type><kernel>/k</kernel></os></domain>";
    char buf[sizeof xml + 8];
    virt_domain_def *def = NULL;
    virt_status st;
    VT_CHECK_EQ_INT(virt_xl_save_xml_parse(xml, sizeof xml, &def, &st), VIRT_OK);
    VT_CHECK(def && strcmp(def->name, "saved") == 0);
    VT_CHECK(def && def->memory_kib == 131072);
    virt_domain_def_free(def);

    /* the length must cover the NUL, and only one */
    def = (virt_domain_def *)1;
    VT_CHECK_EQ_INT(virt_xl_save_xml_parse(xml, sizeof xml - 1, &def, &st), VIRT_E_SYNTAX);
    VT_CHECK(def == NULL);
    VT_CHECK(strstr(st.message, "NUL") != NULL);
    memcpy(buf, xml, sizeof xml);
    buf[10] = '\0';
    VT_CHECK_EQ_INT(virt_xl_save_xml_parse(buf, sizeof xml, &def, &st), VIRT_E_SYNTAX);
    VT_CHECK_EQ_INT(virt_xl_save_xml_parse(xml, 0, &def, &st), VIRT_E_SYNTAX);
    /* garbage where the XML should be: the XML parser's error */
    memset(buf, 'x', sizeof buf);
    buf[sizeof buf - 1] = '\0';
    VT_CHECK(virt_xl_save_xml_parse(buf, sizeof buf, &def, &st) != VIRT_OK);
    VT_CHECK(def == NULL && st.message[0] != '\0');
}


/* libvirt's libxl migration cookie (libxlMigrationBakeCookie's layout,
 * libxlMigrationEatCookie's refusals and words) */
static int cookie_parse(const char *text, size_t len, virt_xl_mig_cookie *c, virt_status *st)
{
    return virt_xl_mig_cookie_parse(text, len, c, st);
}

/* a cookie as sent: its text and the NUL */
static int cookie_text(const char *text, virt_xl_mig_cookie *c, virt_status *st)
{
    return virt_xl_mig_cookie_parse(text, strlen(text) + 1, c, st);
}

static void check_cookie(void)
{
    static const char libvirt_cookie[] =
        "<libxl-migration>\n  <name>vm1</name>\n  <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>\n"
        "  <hostname>dom0.example</hostname>\n  <migration-stream-version>2</migration-stream-version>\n"
        "</libxl-migration>\n";
    virt_xl_mig_cookie c, d;
    virt_status st;
    char *text, big[VIRT_XL_COOKIE_MAX_BYTES + 2];
    VT_CHECK_EQ_INT(cookie_parse(libvirt_cookie, sizeof libvirt_cookie, &c, &st), VIRT_OK);
    VT_CHECK_EQ_STR(c.name, "vm1");
    VT_CHECK_EQ_STR(c.hostname, "dom0.example");
    VT_CHECK_EQ_INT(c.stream_version, 2);
    VT_CHECK_EQ_INT(c.uuid[0], 0x4d);
    text = virt_xl_mig_cookie_format(&c);   /* what libvirt's source writes, byte for byte */
    VT_CHECK_EQ_STR(text, libvirt_cookie);
    VIRT_FREE(text);
    virt_xl_mig_cookie_clear(&c);
    /* names are escaped and read back */
    memset(&d, 0, sizeof d);
    d.name = (char *)"a<&>b";
    d.stream_version = 1;
    text = virt_xl_mig_cookie_format(&d);
    VT_CHECK(text && strstr(text, "<name>a&lt;&amp;&gt;b</name>") && strstr(text, "<hostname></hostname>"));
    VT_CHECK_EQ_INT(cookie_parse(text, strlen(text) + 1, &c, &st), VIRT_OK);
    VT_CHECK_EQ_STR(c.name, "a<&>b");
    VT_CHECK_EQ_INT(c.stream_version, 1);
    virt_xl_mig_cookie_clear(&c);
    VIRT_FREE(text);
    /* refusals */
    VT_CHECK_EQ_INT(cookie_parse(libvirt_cookie, sizeof libvirt_cookie - 1, &c, &st), VIRT_E_SYNTAX);
    VT_CHECK_EQ_STR(st.message, "Migration cookie was not NULL terminated");
    VT_CHECK_EQ_INT(cookie_text("<libxl-migration><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid></libxl-migration>", &c, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_STR(st.message, "missing name element in migration data");
    VT_CHECK_EQ_INT(cookie_text("<libxl-migration><name>x</name></libxl-migration>", &c, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_STR(st.message, "missing uuid element in migration data");
    VT_CHECK_EQ_INT(cookie_text("<libxl-migration><name>x</name><uuid>nope</uuid></libxl-migration>", &c, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_STR(st.message, "malformed uuid element");
    VT_CHECK_EQ_INT(cookie_text("<libxl-migration><name>x</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid></libxl-migration>", &c, &st), VIRT_E_INVAL);
    VT_CHECK_EQ_STR(st.message, "missing Xen migration stream version");
    VT_CHECK_EQ_INT(cookie_text("<libxl-migration><name>x</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>"
                                 "<migration-stream-version>-1</migration-stream-version></libxl-migration>", &c, &st),
                    VIRT_E_INVAL);
    VT_CHECK_EQ_INT(cookie_text("<qemu-migration/>", &c, &st), VIRT_E_SYNTAX);
    VT_CHECK_EQ_INT(cookie_text("<libxl-migration><name>", &c, &st), VIRT_E_SYNTAX);
    VT_CHECK_EQ_INT(cookie_text("<!DOCTYPE x [<!ENTITY a 'b'>]><libxl-migration/>", &c, &st), VIRT_E_SYNTAX);
    memset(big, ' ', sizeof big);
    big[sizeof big - 1] = '\0';
    VT_CHECK_EQ_INT(cookie_parse(big, sizeof big, &c, &st), VIRT_E_LIMIT);
    VT_CHECK(c.name == NULL && c.hostname == NULL);
}

int main(void)
{
    check_layout();
    check_header_parse();
    check_xml_parse();
    check_cookie();
    return vt_summary("xl_save");
}
