/* tests/xl/test_xl_api.c - virConnectDomainXMLFromNative / ToNative with
 * "xen-xl" through the libvirt API on a Xen connection (opened against
 * tests/xend/fake_xend.py: the conversion itself never asks the
 * hypervisor, as in libvirt's libxl driver), and the refusals libvirt
 * gives: another format is VIR_ERR_INVALID_ARG, the test driver
 * VIR_ERR_NO_SUPPORT with libvirt's message, flags VIR_ERR_INVALID_ARG, a
 * malformed xl.cfg VIR_ERR_CONF_SYNTAX with its line, an unsupported
 * setting VIR_ERR_CONFIG_UNSUPPORTED; "xen-xm" (xm config) beside it.
 * Usage: test_xl_api PYTHON FAKE_XEND_PY SHARED_DIR. */
#ifndef VIRT_WITH_XL
#define VIRT_WITH_XL
#endif
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "../virt_test.h"
#include "../xml/xml_test_util.h"
#include "../xend/fake_spawn.h"

static int last_code(void)
{
    virErrorPtr e = virGetLastError();
    return e ? e->code : 0;
}

static void refusals(virConnectPtr xen)
{
    virConnectPtr test = virConnectOpen("test:///default");
    char *out;
    VT_CHECK(test != NULL);
    out = virConnectDomainXMLFromNative(test, "xen-xl", "name = \"a\"\n", 0);
    VT_CHECK(out == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_NO_SUPPORT);
    VT_CHECK_EQ_STR(virGetLastError()->message,
                    "this function is not supported by the connection driver: virConnectDomainXMLFromNative");
    VT_CHECK(virConnectDomainXMLToNative(test, "xen-xl", "<domain/>", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_NO_SUPPORT);
    virConnectClose(test);
    VT_CHECK(virConnectDomainXMLFromNative(xen, "vmware-vmx", "name = \"a\"\n", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK_EQ_INT(virGetLastError()->domain, VIR_FROM_LIBXL);
    /* xen-xm (virt_xend.h >>xm config) next to it: libvirt's codes and origins */
    out = virConnectDomainXMLFromNative(xen, "xen-xm", "name = \"a\"\nmemory = 64\n", 0);
    VT_CHECK(out != NULL && strstr(out, "<name>a</name>") != NULL);
    free(out);
    VT_CHECK(virConnectDomainXMLFromNative(xen, "xen-xm", "name = \"a\"\nmemory = \n", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_CONF_SYNTAX);
    VT_CHECK_EQ_INT(virGetLastError()->domain, VIR_FROM_CONF);
    VT_CHECK(virConnectDomainXMLFromNative(xen, "xen-xm", "name = \"a\"\nmemory = 64\nfoo = 1\n", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_CONFIG_UNSUPPORTED);
    VT_CHECK_EQ_INT(virGetLastError()->domain, VIR_FROM_XENXM);
    out = virConnectDomainXMLToNative(xen, "xen-xm", "<domain type='xen'><name>a</name><memory>65536</memory></domain>", 0);
    VT_CHECK_EQ_STR(out, "name = \"a\"\nmaxmem = 64\nmemory = 64\nvcpus = 1\n");
    free(out);
    VT_CHECK(virConnectDomainXMLFromNative(xen, "xen-xl", "name = \"a\"\n", 1) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_ARG);
    VT_CHECK(virConnectDomainXMLFromNative(xen, "xen-xl", "name = \"a\"\nmemory = = 3\n", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_CONF_SYNTAX);
    VT_CHECK(strstr(virGetLastError()->message, "xl.cfg:2:") != NULL);
    VT_CHECK(virConnectDomainXMLFromNative(xen, "xen-xl", "name = \"a\"\npci = [ \"01:00.0\" ]\n", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_CONFIG_UNSUPPORTED);
    VT_CHECK(virConnectDomainXMLToNative(xen, "xen-xl", "<domain type='xen'><name>a</name><memory>65536</memory>"
                                         "<devices><parallel type='pty'/></devices></domain>", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_CONFIG_UNSUPPORTED);
    VT_CHECK(virConnectDomainXMLToNative(xen, "xen-xl", "<domain", 0) == NULL);
    VT_CHECK_EQ_INT(virGetLastError()->domain, VIR_FROM_XML);
    VT_CHECK(virConnectDomainXMLFromNative(NULL, "xen-xl", "", 0) == NULL);
    VT_CHECK_EQ_INT(last_code(), VIR_ERR_INVALID_CONN);
}

/* One libvirt case each way through the API (the protocol test covers them all). */
static void conversions(virConnectPtr xen, const char *shared)
{
    char path[1024], *cfg, *xml, *out, *want_xml;
    virt_domain_def *def = NULL;
    virt_status st;
    snprintf(path, sizeof path, "%s/conformance/libvirt-xl/xlconfig/test-new-disk.cfg", shared);
    cfg = xt_slurp(path, NULL);
    snprintf(path, sizeof path, "%s/conformance/libvirt-xl/xlconfig/test-new-disk.xml", shared);
    xml = xt_slurp(path, NULL);
    if (!cfg || !xml) { free(cfg); free(xml); printf("  (no libvirt-xl data: conversions not checked)\n"); return; }
    out = virConnectDomainXMLToNative(xen, "xen-xl", xml, 0);
    VT_CHECK_EQ_STR(out, cfg);
    free(out);
    /* the API writes inactive XML without secrets, as libvirt does */
    VT_CHECK_EQ_INT(virt_domain_def_parse(xml, (size_t)-1, &def, &st), VIRT_OK);
    want_xml = def ? virt_domain_def_format_ex(def, VIRT_XML_FORMAT_LIBVIRT9) : NULL;
    out = virConnectDomainXMLFromNative(xen, "xen-xl", cfg, 0);
    VT_CHECK_EQ_STR(out, want_xml);
    free(out);
    free(want_xml);
    virt_domain_def_free(def);
    free(cfg);
    free(xml);
}

int main(int argc, char **argv)
{
    fake_xend f;
    const char *extra[] = { "--version", "3.0.3", NULL };
    virConnectPtr xen;
    if (argc < 4) { fprintf(stderr, "usage: %s PYTHON FAKE_XEND_PY SHARED_DIR\n", argv[0]); return 2; }
    if (fake_start(&f, argv[1], argv[2], NULL, extra) < 0) VT_SKIP("cannot run fake_xend.py (python3)");
    xen = virConnectOpen(f.uri);
    VT_CHECK(xen != NULL);
    if (xen) {
        VT_CHECK_EQ_STR(virConnectGetType(xen), "Xen");
        refusals(xen);
        conversions(xen, argv[3]);
        virConnectClose(xen);
    }
    fake_stop(&f);
    return vt_summary("xl_api");
}
