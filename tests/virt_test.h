/* tests/virt_test.h - the minimal harness every C test of virt uses.
 *
 *   VT_CHECK(cond)              count a check; print file:line on failure
 *   VT_CHECK_EQ_INT(a, b)       the same, printing both values
 *   VT_CHECK_EQ_STR(a, b)       the same for strings (NULL-safe)
 *   VT_SKIP(reason)             print "SKIP: reason" and exit 77 (ctest: SKIP_RETURN_CODE 77)
 *   return vt_summary("name");  prints "name: N passed, N failed" and the exit code
 *   vt_read_file(dir, name)     the file dir/name as a NUL-terminated malloc'd
 *                               string, or NULL (saying which path) when it cannot be read
 */
#ifndef VIRT_TEST_H
#define VIRT_TEST_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int vt_passed = 0, vt_failed = 0;

#define VT_CHECK(cond)                                                          \
    do {                                                                        \
        if (cond) vt_passed++;                                                  \
        else { vt_failed++; fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

#define VT_CHECK_EQ_INT(a, b)                                                   \
    do {                                                                        \
        long long vt_a_ = (long long)(a), vt_b_ = (long long)(b);               \
        if (vt_a_ == vt_b_) vt_passed++;                                        \
        else { vt_failed++; fprintf(stderr, "%s:%d: FAILED: %s == %s (%lld != %lld)\n", \
                                    __FILE__, __LINE__, #a, #b, vt_a_, vt_b_); } \
    } while (0)

#define VT_CHECK_EQ_STR(a, b)                                                   \
    do {                                                                        \
        const char *vt_a_ = (a), *vt_b_ = (b);                                  \
        if (vt_a_ && vt_b_ && strcmp(vt_a_, vt_b_) == 0) vt_passed++;           \
        else { vt_failed++; fprintf(stderr, "%s:%d: FAILED: %s == %s (\"%s\" != \"%s\")\n", \
                                    __FILE__, __LINE__, #a, #b, vt_a_ ? vt_a_ : "(null)", \
                                    vt_b_ ? vt_b_ : "(null)"); }                \
    } while (0)

#define VT_SKIP(reason)                                                         \
    do { printf("SKIP: %s\n", reason); exit(77); } while (0)

static inline char *vt_read_file(const char *dir, const char *name)
{
    char path[2048];
    FILE *f;
    long n;
    char *buf;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); return NULL; }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = n < 0 ? NULL : (char *)malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    if (buf) buf[n] = '\0';
    fclose(f);
    return buf;
}

static int vt_summary(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, vt_passed, vt_failed);
    return vt_failed ? 1 : 0;
}
#endif
