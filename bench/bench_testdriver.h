/* bench/bench_testdriver.h - the interface between bench_testdriver.c (the
 * program, and the libvirt side) and bench_testdriver_virt.c (the virt side).
 * The two sides live in separate translation units because virt and libvirt
 * define the same public names; virt's is compiled with VIRT_STATIC, so
 * nothing of it is visible outside its file but the table below. */
#ifndef BENCH_TESTDRIVER_H
#define BENCH_TESTDRIVER_H

/* One implementation of the libvirt API, driven through the test driver. */
typedef struct bench_side {
    const char *name;
    /* a read-write connection to test:///default, or NULL */
    void *(*open)(void);
    void (*close)(void *conn);
    /* one create + dumpxml + destroy of a transient domain; 0 on success */
    int (*create_dumpxml_destroy)(void *conn, const char *xml);
    /* starts n more domains bench0000.. from the template (name/uuid set
     * per domain); 0 on success */
    int (*populate)(void *conn, int n);
    /* one pass: list the running ids, look each up, get its info; the
     * number of domains visited, or -1 */
    int (*list_lookup_info)(void *conn);
    /* one virConnectListAllDomains(0), handles freed; the count, or -1 */
    int (*list_all)(void *conn);
} bench_side;

extern const bench_side bench_virt_side;

/* A seed-style (libvirt 0.x Xen paravirt) domain, as the test driver
 * takes it: %s is the name, %04d part of the UUID. */
#define BENCH_DOMAIN_XML_FMT                                                   \
    "<domain type='test'>\n"                                                   \
    "  <name>%s</name>\n"                                                      \
    "  <uuid>3f1c2a6e-8d2b-4c55-9a10-00000000%04d</uuid>\n"                    \
    "  <os>\n"                                                                 \
    "    <type>linux</type>\n"                                                 \
    "    <kernel>/boot/vmlinuz-2.6.18-xenU</kernel>\n"                         \
    "    <initrd>/boot/initrd-2.6.18-xenU.img</initrd>\n"                      \
    "    <cmdline>ro root=/dev/xvda1 console=xvc0</cmdline>\n"                 \
    "  </os>\n"                                                                \
    "  <memory>262144</memory>\n"                                              \
    "  <currentMemory>131072</currentMemory>\n"                                \
    "  <vcpu>2</vcpu>\n"                                                       \
    "  <on_poweroff>destroy</on_poweroff>\n"                                   \
    "  <on_reboot>restart</on_reboot>\n"                                       \
    "  <on_crash>destroy</on_crash>\n"                                         \
    "  <devices>\n"                                                            \
    "    <disk type='file' device='disk'>\n"                                   \
    "      <source file='/var/lib/xen/images/%s.img'/>\n"                      \
    "      <target dev='xvda'/>\n"                                             \
    "    </disk>\n"                                                            \
    "    <interface type='bridge'>\n"                                          \
    "      <source bridge='xenbr0'/>\n"                                        \
    "      <mac address='00:16:3e:5d:c7:9e'/>\n"                               \
    "    </interface>\n"                                                       \
    "  </devices>\n"                                                           \
    "</domain>\n"

#endif
