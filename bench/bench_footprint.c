/* bench/bench_footprint.c - the library's code size per configuration: the
 * text column of binutils' `size` (code, read-only data, unwind tables) of
 * bench/footprint_impl.c compiled at gcc -O2 with the three Xen backends,
 * with each VIRT_NO_* alone, with the test driver only (all of these
 * without the libvirtd client), then with everything. Target (issue 15):
 * the three Xen backends <= 200 000 bytes. The unwind tables (.eh_frame,
 * which the consumer's -fno-asynchronous-unwind-tables drops: no header
 * can) are printed apart. The build passes the object paths in
 * (VIRT_FOOTPRINT_OBJECTS: "label=path|label=path|..."). Reports, never
 * judges: exit 0 unless `size` cannot be run.
 *
 *   bench_footprint [--smoke]     (--smoke: the same; it is quick) */
#define _POSIX_C_SOURCE 200809L   /* popen, strtok_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef VIRT_FOOTPRINT_OBJECTS
#  define VIRT_FOOTPRINT_OBJECTS ""
#endif
#define FOOTPRINT_TARGET 200000L

/* Berkeley-format text size of obj (`size` prints "text data bss dec hex
 * name" then the numbers), or -1. */
static long text_size(const char *obj)
{
    char cmd[1200], line[512];
    long text = -1;
    FILE *p;
    if (strchr(obj, '\'')) return -1;
    snprintf(cmd, sizeof cmd, "size '%s' 2>/dev/null", obj);
    p = popen(cmd, "r");
    if (!p) return -1;
    if (fgets(line, sizeof line, p) && fgets(line, sizeof line, p)) text = strtol(line, NULL, 10);
    if (pclose(p) != 0) return -1;
    return text;
}

/* Size of one section of obj (`size -A` prints "name size addr" lines),
 * or -1 */
static long section_size(const char *obj, const char *section)
{
    char cmd[1200], line[512], name[128];
    long bytes = -1, n;
    FILE *p;
    if (strchr(obj, '\'')) return -1;
    snprintf(cmd, sizeof cmd, "size -A '%s' 2>/dev/null", obj);
    p = popen(cmd, "r");
    if (!p) return -1;
    while (fgets(line, sizeof line, p))
        if (sscanf(line, "%127s %ld", name, &n) == 2 && strcmp(name, section) == 0) bytes = n;
    if (pclose(p) != 0) return -1;
    return bytes;
}

int main(int argc, char **argv)
{
    char list[4096], *item, *save = NULL;
    int failed = 0;
    (void)argc;
    (void)argv;
    snprintf(list, sizeof list, "%s", VIRT_FOOTPRINT_OBJECTS);
    for (item = strtok_r(list, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
        char *eq = strchr(item, '=');
        long text;
        if (!eq) continue;
        *eq = '\0';
        text = text_size(eq + 1);
        if (text < 0) { printf("footprint: %s: cannot run size on %s\n", item, eq + 1); failed = 1; continue; }
        printf("footprint: %-17s %7ld bytes of text (gcc -O2; .eh_frame %ld of it)",
               strcmp(item, "all") == 0 ? "all Xen backends" : item, text, section_size(eq + 1, ".eh_frame"));
        if (strcmp(item, "all") == 0)
            printf("  target <= %ld: %s", FOOTPRINT_TARGET, text <= FOOTPRINT_TARGET ? "met" : "NOT met");
        printf("\n");
    }
    return failed;
}
