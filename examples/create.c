/* examples/create.c - start a new domain from a domain XML file.
 *
 * What it shows: reading a libvirt domain XML document, handing it to
 * virDomainCreateXML on a read-write connection, and what comes back: a
 * running domain with a name, an id and a UUID (XML errors are reported with
 * the line and the offending value). The domain is transient: it disappears
 * when destroyed. On test:/// URIs the node lives in this process only, so
 * the domain is gone when the program exits.
 *
 * Usage:  create FILE.xml [URI]         (default URI: NULL, the local Xen node)
 *         create guest.xml test:///default
 * Exit status 0 when the domain was created, else 1.
 */
#define VIRT_IMPLEMENTATION
#include "virt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole file (bounded by virt's own XML limit), or NULL. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len;
    if (!f) {
        perror(path);
        return NULL;
    }
    buf = (char *)malloc((size_t)VIRT_XML_MAX_BYTES + 2);
    if (buf) {
        len = fread(buf, 1, (size_t)VIRT_XML_MAX_BYTES + 1, f);
        if (ferror(f) || len > (size_t)VIRT_XML_MAX_BYTES) {
            fprintf(stderr, "create: %s: unreadable or larger than %lu bytes\n", path,
                    (unsigned long)VIRT_XML_MAX_BYTES);
            free(buf);
            buf = NULL;
        } else {
            buf[len] = '\0';
        }
    }
    fclose(f);
    return buf;
}

/* An error handler that prints nothing: main reports each failure once. */
static void quiet(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

static int fail(const char *what)
{
    virErrorPtr err = virGetLastError();
    fprintf(stderr, "create: %s: %s\n", what, err && err->message ? err->message : "unknown error");
    return 1;
}

int main(int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr dom;
    char uuid[VIR_UUID_STRING_BUFLEN];
    char *xml;
    int rc = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: create FILE.xml [URI]\n");
        return 1;
    }
    xml = read_file(argv[1]);
    if (!xml) return 1;
    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpen(argc > 2 ? argv[2] : NULL);
    if (!conn) {
        free(xml);
        return fail("cannot open the connection");
    }
    dom = virDomainCreateXML(conn, xml, 0);
    free(xml);
    if (!dom) {
        rc = fail("cannot create the domain");
    } else {
        if (virDomainGetUUIDString(dom, uuid) < 0) strcpy(uuid, "(unknown)");
        printf("Domain %s created from %s: id %u, UUID %s\n", virDomainGetName(dom), argv[1],
               virDomainGetID(dom), uuid);
        virDomainFree(dom);
    }
    virConnectClose(conn);
    return rc;
}
