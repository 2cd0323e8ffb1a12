/* tests/xml/xml_test_util.h - file and process helpers shared by the XML
 * tests (the implementation of virt_xml.h is compiled by each test). */
#ifndef XML_TEST_UTIL_H
#define XML_TEST_UTIL_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>

/* All that is left to read from f, NUL-terminated (*len without the NUL);
 * NULL when out of memory. The caller closes f. */
static inline char *xt_read_all(FILE *f, size_t *len)
{
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 4096 + 1 > cap) {
            char *p;
            cap = cap ? cap * 2 : 8192;
            p = (char *)realloc(buf, cap);
            if (!p) { free(buf); return NULL; }
            buf = p;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

/* The whole file, NUL-terminated (*len without the NUL); NULL if unreadable. */
static inline char *xt_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    if (!f) return NULL;
    buf = xt_read_all(f, len);
    fclose(f);
    return buf;
}

/* Calls each(dir, name, ctx) for every entry of dir whose name ends in
 * ".xml", in readdir order; -1 when dir cannot be opened, else 0. */
static inline int xt_each_xml(const char *dir, void (*each)(const char *dir, const char *name, void *ctx),
                              void *ctx)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d) return -1;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".xml") == 0) each(dir, e->d_name, ctx);
    }
    closedir(d);
    return 0;
}

/* Everything a shell command prints on stdout; NULL if it cannot run. */
static inline char *xt_run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    char *buf;
    if (!p) return NULL;
    buf = xt_read_all(p, NULL);
    if (pclose(p) != 0) { free(buf); return NULL; }
    return buf;
}

static inline int xt_is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static inline int xt_write_file(const char *path, const char *data)
{
    FILE *f = fopen(path, "wb");
    size_t n = strlen(data);
    int ok;
    if (!f) return 0;
    ok = fwrite(data, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}
#endif
