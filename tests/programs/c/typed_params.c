/* The virTypedParams helpers as domain-statistics programs use them
 * (libvirt's examples/c/domain/domtop.c, virsh's schedinfo; see
 * ../README.md): build a list, read it back, the errors of a wrong type
 * and of a bad value. */
#include <stdio.h>
#include <stdlib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void quiet(void *opaque, virErrorPtr err) { (void)opaque; (void)err; }

static void said(const char *what, int rc)
{
    printf("%s: %d", what, rc);
    if (rc < 0) printf(" (%d/%d: %s)", virGetLastErrorCode(), virGetLastErrorDomain(), virGetLastErrorMessage());
    printf("\n");
    virResetLastError();
}

int main(void)
{
    virTypedParameterPtr params = NULL;
    int n = 0, max = 0, i, iv = 0, rc;
    unsigned int uv = 0;
    long long lv = 0;
    unsigned long long ull = 0;
    const char *s = NULL;
    const char *list[] = { "vda", "vdb", NULL };
    double d = 0;

    /* libvirt's error storage needs this before a call that does not
     * open a connection (without it libvirt 9.0 crashes here) */
    if (virInitialize() < 0) return 1;
    virSetErrorFunc(NULL, quiet);
    if (virTypedParamsAddInt(&params, &n, &max, "weight", 256) < 0 ||
        virTypedParamsAddUInt(&params, &n, &max, "period", 100000) < 0 ||
        virTypedParamsAddLLong(&params, &n, &max, "quota", -1) < 0 ||
        virTypedParamsAddULLong(&params, &n, &max, "cpu_time", 123456789ULL) < 0 ||
        virTypedParamsAddString(&params, &n, &max, "model", "qemu64") < 0 ||
        virTypedParamsAddDouble(&params, &n, &max, "load", 0.5) < 0 ||
        virTypedParamsAddBoolean(&params, &n, &max, "enabled", 7) < 0)
        return 1;
    printf("%d params\n", n);
    for (i = 0; i < n; i++) printf("  %s type %d\n", params[i].field, params[i].type);
    rc = virTypedParamsGetInt(params, n, "weight", &iv);
    printf("weight %d -> %d\n", rc, iv);
    rc = virTypedParamsGetUInt(params, n, "period", &uv);
    printf("period %d -> %u\n", rc, uv);
    rc = virTypedParamsGetLLong(params, n, "quota", &lv);
    printf("quota %d -> %lld\n", rc, lv);
    rc = virTypedParamsGetULLong(params, n, "cpu_time", &ull);
    printf("cpu_time %d -> %llu\n", rc, ull);
    rc = virTypedParamsGetString(params, n, "model", &s);
    printf("model %d -> %s\n", rc, s);
    rc = virTypedParamsGetDouble(params, n, "load", &d);
    printf("load %d -> %.2f\n", rc, d);
    rc = virTypedParamsGetBoolean(params, n, "enabled", &iv);
    printf("enabled %d -> %d\n", rc, iv);
    said("missing", virTypedParamsGetInt(params, n, "missing", &iv));
    said("wrong type", virTypedParamsGetInt(params, n, "model", &iv));
    said("duplicate add", virTypedParamsAddInt(&params, &n, &max, "weight", 1));
    rc = virTypedParamsGetInt(params, n, "weight", &iv);
    printf("weight after duplicate %d -> %d\n", rc, iv);
    printf("lookup %s\n", virTypedParamsGet(params, n, "load") ? "found" : "none");
    printf("lookup missing %s\n", virTypedParamsGet(params, n, "nope") ? "found" : "none");
    said("string list", virTypedParamsAddStringList(&params, &n, &max, "disk", list));
    said("from string uint", virTypedParamsAddFromString(&params, &n, &max, "shares", VIR_TYPED_PARAM_UINT, "1024"));
    said("from string double", virTypedParamsAddFromString(&params, &n, &max, "ratio", VIR_TYPED_PARAM_DOUBLE, "2.5"));
    said("from string bool", virTypedParamsAddFromString(&params, &n, &max, "on", VIR_TYPED_PARAM_BOOLEAN, "1"));
    said("from bad string", virTypedParamsAddFromString(&params, &n, &max, "bad", VIR_TYPED_PARAM_LLONG, "12x"));
    said("from bad bool", virTypedParamsAddFromString(&params, &n, &max, "flag", VIR_TYPED_PARAM_BOOLEAN, "yes"));
    said("from bad type", virTypedParamsAddFromString(&params, &n, &max, "what", 99, "1"));
    said("long name", virTypedParamsAddInt(&params, &n, &max,
         "a-name-of-more-than-eighty-characters-which-does-not-fit-in-the-field-of-the-struct", 1));
    printf("now %d params\n", n);
    for (i = 7; i < n; i++) {
        if (params[i].type == VIR_TYPED_PARAM_STRING) printf("  %s = %s\n", params[i].field, params[i].value.s);
        else printf("  %s type %d\n", params[i].field, params[i].type);
    }
    virTypedParamsFree(params, n);
    return 0;
}
