/* The virTypedParams helpers as domain-statistics programs use them
 * (libvirt's examples/c/domain/domtop.c, virsh's schedinfo; see
 * ../README.md): build a list, read it back, the error of a wrong type. */
#include <stdio.h>
#include <stdlib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void quiet(void *opaque, virErrorPtr err) { (void)opaque; (void)err; }

int main(void)
{
    virTypedParameterPtr params = NULL;
    int n = 0, max = 0, i, iv = 0;
    unsigned long long ull = 0;
    const char *s = NULL;
    double d = 0;

    virSetErrorFunc(NULL, quiet);
    if (virTypedParamsAddInt(&params, &n, &max, "weight", 256) < 0 ||
        virTypedParamsAddULLong(&params, &n, &max, "cpu_time", 123456789ULL) < 0 ||
        virTypedParamsAddString(&params, &n, &max, "model", "qemu64") < 0 ||
        virTypedParamsAddDouble(&params, &n, &max, "load", 0.5) < 0 ||
        virTypedParamsAddBoolean(&params, &n, &max, "enabled", 1) < 0)
        return 1;
    printf("%d params\n", n);
    for (i = 0; i < n; i++) printf("  %s type %d\n", params[i].field, params[i].type);
    printf("weight %d -> %d\n", virTypedParamsGetInt(params, n, "weight", &iv), iv);
    printf("cpu_time %d -> %llu\n", virTypedParamsGetULLong(params, n, "cpu_time", &ull), ull);
    printf("model %d -> %s\n", virTypedParamsGetString(params, n, "model", &s), s);
    printf("load %d -> %.2f\n", virTypedParamsGetDouble(params, n, "load", &d), d);
    printf("missing %d\n", virTypedParamsGetInt(params, n, "missing", &iv));
    printf("wrong type %d: %s\n", virTypedParamsGetInt(params, n, "model", &iv), virGetLastErrorMessage());
    printf("duplicate add %d: %s\n", virTypedParamsAddInt(&params, &n, &max, "weight", 1),
           virGetLastErrorMessage());
    printf("lookup %s\n", virTypedParamsGet(params, n, "load") ? "found" : "none");
    virTypedParamsFree(params, n);
    return 0;
}
