/* tests/xenlab/lab_common.h - what the dom0 lab programs (lab_checks.c,
 * lab_vcpus.c) share: running Xen's tools, reading `xl info`, and the
 * dom0 test. Include after virt.h and virt_test.h, with LAB_NAME defined
 * as the program's name (it prefixes the messages), e.g.
 * #define LAB_NAME "lab_checks". */
#ifndef VIRT_LAB_COMMON_H
#define VIRT_LAB_COMMON_H
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LAB_NAME
#error "define LAB_NAME before including lab_common.h"
#endif

#define LAB_MAX_OUTPUT (1u << 20) /* bound on what we read from a tool */

/* Runs `timeout 30 <cmd>` and returns its stdout (malloc'd, at most
 * LAB_MAX_OUTPUT bytes), or NULL when it fails. */
static char *lab_run(const char *cmd)
{
    char full[512];
    char *out;
    size_t len = 0, got;
    FILE *p;
    int rc;
    snprintf(full, sizeof full, "timeout 30 %s 2>/dev/null", cmd);
    p = popen(full, "r");
    if (!p) return NULL;
    out = (char *)malloc(LAB_MAX_OUTPUT + 1);
    if (!out) { pclose(p); return NULL; }
    while (len < LAB_MAX_OUTPUT && (got = fread(out + len, 1, LAB_MAX_OUTPUT - len, p)) > 0)
        len += got;
    out[len] = '\0';
    rc = pclose(p);
    if (rc != 0) {
        fprintf(stderr, LAB_NAME ": `%s` failed (status %d)\n", cmd, rc);
        free(out);
        return NULL;
    }
    return out;
}

/* The value of "key : value" in `xl info` output into buf, or NULL (buf
 * then holds "") when the key is absent */
static const char *lab_info_field(const char *info, const char *key, char *buf, size_t size)
{
    const char *p = info;
    size_t klen = strlen(key), i = 0;
    buf[0] = '\0';
    while (p && *p) {
        if (strncmp(p, key, klen) == 0 && (p[klen] == ' ' || p[klen] == ':')) {
            p = strchr(p, ':');
            if (!p) return NULL;
            for (p++; *p == ' '; p++) {}
            while (*p && *p != '\n' && i + 1 < size) buf[i++] = *p++;
            while (i > 0 && isspace((unsigned char)buf[i - 1])) i--;
            buf[i] = '\0';
            return buf;
        }
        p = strchr(p, '\n');
        if (p) p++;
    }
    return NULL;
}

/* a numeric `xl info` field, -1 when absent */
static long lab_info_long(const char *info, const char *key)
{
    char buf[128];
    return lab_info_field(info, key, buf, sizeof buf) && buf[0] ? strtol(buf, NULL, 10) : -1;
}

/* Xen's control domain says so in /proc/xen/capabilities */
static int lab_in_dom0(void)
{
    char caps[128] = "";
    FILE *f = fopen("/proc/xen/capabilities", "r");
    if (!f) return 0;
    if (!fgets(caps, sizeof caps, f)) caps[0] = '\0';
    fclose(f);
    return strstr(caps, "control_d") != NULL;
}
#endif
