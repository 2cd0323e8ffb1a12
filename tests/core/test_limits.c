/* tests/core/test_limits.c - the test driver at its limits (issue 15).
 *
 *   full node   a node holding VIRT_MAX_DOMAINS domains refuses the next
 *               virDomainCreateXML / virDomainDefineXML with an error that
 *               names the refused domain. The VIRT_FREE hook poisons every
 *               freed block, so a message formatted from freed memory (the
 *               use-after-free of item 1) shows as a wrong name here, with
 *               or without a sanitizer. virDomainRestore into a full node
 *               goes the same way.
 *
 * VIRT_MAX_DOMAINS is lowered to 8 so the limit is reached in a few calls. */
#define _GNU_SOURCE 1       /* malloc_usable_size; the hooks come before virt.h */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *vt_malloc(size_t n) { return malloc(n ? n : 1); }
static void *vt_realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }
static void vt_free(void *p)
{
    if (p) memset(p, 0xA5, malloc_usable_size(p));
    free(p);
}

#define VIRT_MALLOC(n) vt_malloc(n)
#define VIRT_REALLOC(p, n) vt_realloc((p), (n))
#define VIRT_FREE(p) vt_free(p)
#define VIRT_MAX_DOMAINS 8
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include "virt_test.h"

static void quiet(void *opaque, virErrorPtr err)
{
    (void)opaque;
    (void)err;
}

static void domain_xml(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "<domain type='test'><name>%s</name><os><type>linux</type></os>"
                     "<memory>65536</memory><vcpu>1</vcpu></domain>", name);
}

/* The refused call's error: OPERATION_FAILED from the test driver, naming
 * the domain and the limit. */
static void check_full_error(const char *name)
{
    virErrorPtr e = virGetLastError();
    char want[64];
    VT_CHECK(e != NULL);
    if (!e) return;
    VT_CHECK_EQ_INT(e->code, VIR_ERR_OPERATION_FAILED);
    VT_CHECK_EQ_INT(e->domain, VIR_FROM_TEST);
    snprintf(want, sizeof want, "cannot add domain '%s'", name);
    VT_CHECK(e->message && strstr(e->message, want) != NULL);
    VT_CHECK(e->message && strstr(e->message, "VIRT_MAX_DOMAINS") != NULL);
    if (e->message && !strstr(e->message, want)) fprintf(stderr, "  message: %s\n", e->message);
}

static void test_full_node(void)
{
    virConnectPtr c = virConnectOpen("test:///default");
    char xml[256], name[32];
    int i, n;
    VT_CHECK(c != NULL);
    if (!c) return;
    n = virConnectNumOfDomains(c) + virConnectNumOfDefinedDomains(c);
    for (i = n; i < VIRT_MAX_DOMAINS; i++) {       /* fill the node */
        virDomainPtr d;
        snprintf(name, sizeof name, "fill%d", i);
        domain_xml(xml, sizeof xml, name);
        d = virDomainCreateXML(c, xml, 0);
        VT_CHECK(d != NULL);
        if (d) virDomainFree(d);
    }
    domain_xml(xml, sizeof xml, "one-too-many-created");
    VT_CHECK(virDomainCreateXML(c, xml, 0) == NULL);
    check_full_error("one-too-many-created");
    domain_xml(xml, sizeof xml, "one-too-many-defined");
    VT_CHECK(virDomainDefineXML(c, xml) == NULL);
    check_full_error("one-too-many-defined");
    VT_CHECK_EQ_INT(virConnectNumOfDomains(c) + virConnectNumOfDefinedDomains(c), VIRT_MAX_DOMAINS);
    {   /* restore: save a transient domain (it goes), fill its place, restore it */
        char path[64];
        virDomainPtr d = virDomainLookupByName(c, "fill7");
        snprintf(path, sizeof path, "/tmp/virt-core-limits-%ld.save", (long)getpid());
        VT_CHECK(d != NULL);
        if (d) {
            VT_CHECK_EQ_INT(virDomainSave(d, path), 0);
            virDomainFree(d);
        }
        domain_xml(xml, sizeof xml, "took-its-place");
        d = virDomainCreateXML(c, xml, 0);
        VT_CHECK(d != NULL);
        if (d) virDomainFree(d);
        VT_CHECK_EQ_INT(virDomainRestore(c, path), -1);
        check_full_error("fill7");
        unlink(path);
    }
    VT_CHECK_EQ_INT(virConnectClose(c), 0);
}

int main(void)
{
    virSetErrorFunc(NULL, quiet);
    test_full_node();
    return vt_summary("core_limits");
}
