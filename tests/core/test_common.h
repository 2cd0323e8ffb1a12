/* tests/core/test_common.h - helpers shared by the core tests: error
 * capture (a quiet handler that counts), expectations on the last error,
 * temporary files. Include after virt.h and virt_test.h. */
#ifndef VT_CORE_COMMON_H
#define VT_CORE_COMMON_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../virt_test_api.h"      /* vt_last_code, vt_last_message */

#if defined(__GNUC__) || defined(__clang__)
#  define VT_HELPER static __attribute__((unused))
#else
#  define VT_HELPER static
#endif

static int vt_errors_seen = 0;

/* Installed as the global handler: keeps the test output readable and
 * proves the handler is called. Threads raise errors at once (as libvirt,
 * virt calls the handler on the raising thread, unserialised): the count
 * is atomic. */
VT_HELPER void vt_quiet_handler(void *opaque, virErrorPtr err)
{
    (void)opaque;
    (void)err;
#if defined(__GNUC__) || defined(__clang__)
    __atomic_fetch_add(&vt_errors_seen, 1, __ATOMIC_RELAXED);
#else
    vt_errors_seen++;
#endif
}

/* The call failed with `code` and (when needle is not NULL) its message
 * names `needle`; the error is then cleared. */
VT_HELPER void vt_expect_error(int code, const char *needle, const char *file, int line)
{
    const char *msg = vt_last_message();
    if (vt_last_code() == code) vt_passed++;
    else { vt_failed++; fprintf(stderr, "%s:%d: FAILED: error code %d, expected %d (\"%s\")\n",
                                file, line, vt_last_code(), code, msg); }
    if (needle) {
        if (strstr(msg, needle)) vt_passed++;
        else { vt_failed++; fprintf(stderr, "%s:%d: FAILED: message \"%s\" lacks \"%s\"\n",
                                    file, line, msg, needle); }
    }
    virResetLastError();
}
#define VT_EXPECT_ERROR(code, needle) vt_expect_error((code), (needle), __FILE__, __LINE__)

/* A fresh directory for this test's files, removed by vt_tmpdir_remove. */
static char vt_tmpdir[256];
VT_HELPER void vt_tmpdir_make(void)
{
    snprintf(vt_tmpdir, sizeof vt_tmpdir, "/tmp/virt-core-XXXXXX");
    if (!mkdtemp(vt_tmpdir)) { perror("mkdtemp"); exit(1); }
}
VT_HELPER void vt_tmpdir_remove(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", vt_tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "warning: cannot remove %s\n", vt_tmpdir);
}

/* Writes text to vt_tmpdir/name and returns the path (static buffer). */
VT_HELPER const char *vt_write_file(const char *name, const char *text)
{
    static char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", vt_tmpdir, name);
    f = fopen(path, "w");
    if (!f) { perror(path); exit(1); }
    fputs(text, f);
    fclose(f);
    return path;
}

/* A small PV domain for create/define tests. */
VT_HELPER char *vt_domain_xml(const char *name, const char *uuid, unsigned long max_kib,
                           unsigned long cur_kib, unsigned int vcpus, const char *on_poweroff,
                           const char *on_reboot)
{
    char *s = (char *)malloc(2048);
    if (!s) exit(1);
    snprintf(s, 2048,
             "<domain type='test'>\n"
             "  <name>%s</name>\n"
             "  <uuid>%s</uuid>\n"
             "  <os>\n"
             "    <type>linux</type>\n"
             "    <kernel>/boot/vmlinuz</kernel>\n"
             "  </os>\n"
             "  <memory>%lu</memory>\n"
             "  <currentMemory>%lu</currentMemory>\n"
             "  <vcpu>%u</vcpu>\n"
             "  <on_poweroff>%s</on_poweroff>\n"
             "  <on_reboot>%s</on_reboot>\n"
             "  <on_crash>destroy</on_crash>\n"
             "</domain>\n",
             name, uuid, max_kib, cur_kib, vcpus, on_poweroff, on_reboot);
    return s;
}
#endif
