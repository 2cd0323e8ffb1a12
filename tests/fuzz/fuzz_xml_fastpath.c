/* tests/fuzz/fuzz_xml_fastpath.c - differential libFuzzer entry for the
 * domain XML parser's fast pass (virt_xml.h, ">>xml-parse fast pass").
 *
 * virt_domain_def_parse reads plain-ASCII documents with its own small
 * scanner and hands everything else to expat. Two parsers may only coexist
 * if they cannot disagree: for any input, the public parse and the
 * expat-only reference (virt__xml_parse_expat) must give the same result
 * code, the same message on a refusal, and definitions that write the same
 * bytes. Seeds: the conformance XML files (see CMakeLists.txt). */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void disagree(const char *what, const char *a, const char *b)
{
    fprintf(stderr, "fuzz_xml_fastpath: %s\n  public: %s\n  expat:  %s\n", what, a ? a : "", b ? b : "");
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    virt_domain_def *pub = NULL, *ref = NULL;
    virt_status spub, sref;
    int rpub, rref;
    if (size > 65536) return 0;
    rpub = virt_domain_def_parse((const char *)data, size, &pub, &spub);
    rref = virt__xml_parse_expat((const char *)data, size, &ref, &sref);
    if (rpub != rref) disagree("result codes differ", spub.message, sref.message);
    if (rpub != VIRT_OK && strcmp(spub.message, sref.message) != 0)
        disagree("refusal messages differ", spub.message, sref.message);
    if (rpub == VIRT_OK) {
        char *fpub = virt_domain_def_format(pub), *fref = virt_domain_def_format(ref);
        if (!fpub || !fref) abort();
        if (strcmp(fpub, fref) != 0 || pub->id != ref->id) disagree("definitions differ", fpub, fref);
        free(fpub);
        free(fref);
        /* the libvirt 9 writer shows the whole modern model, and what was left out */
        fpub = virt_domain_def_format_ex(pub, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE);
        fref = virt_domain_def_format_ex(ref, VIRT_XML_FORMAT_LIBVIRT9 | VIRT_XML_FORMAT_SECURE);
        if (!fpub || !fref) abort();
        if (strcmp(fpub, fref) != 0) disagree("modern definitions differ", fpub, fref);
        if ((pub->unsupported == NULL) != (ref->unsupported == NULL) ||
            (pub->unsupported && strcmp(pub->unsupported, ref->unsupported) != 0))
            disagree("what was not modelled differs", pub->unsupported, ref->unsupported);
        free(fpub);
        free(fref);
    }
    virt_domain_def_free(pub);
    virt_domain_def_free(ref);
    return 0;
}
