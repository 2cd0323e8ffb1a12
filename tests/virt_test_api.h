/* tests/virt_test_api.h - checks of libvirt API answers that the driver
 * tests (test driver, xend, xenstore, hypervisor) share. Include after
 * virt.h and virt_test.h. Each counts one check per value, like VT_CHECK_EQ_*.
 *
 *   VT_CHECK_NODE_INFO(conn, &ni, model, memory, cpus, mhz, nodes, sockets, cores, threads)
 *       virNodeGetInfo succeeds into ni and gives these values (model NULL: not checked)
 *   VT_CHECK_DOMAIN_INFO(dom, &info, maxMem, memory, nrVirtCpu, ostype)
 *       virDomainGetInfo into info and virDomainGetOSType give these values
 *   VT_CHECK_THREE_IDS(conn, id0, id1, id2)
 *       three running domains, listed in this order; a shorter array is filled
 *   VT_CHECK_SCHEDULER(dom, type, nparams, params, room)
 *       virDomainGetSchedulerType names type with nparams parameters, and
 *       virDomainGetSchedulerParameters (room for `room`) fills that many into params
 *   vt_event_log log; virt_domain_event_register(conn, vt_record_event, &log)
 *       keeps the first VT_EVENT_LOG_MAX lifecycle events (event, detail, domain name);
 *       zero the log first
 *   virSetErrorFunc(NULL, vt_quiet_errors)   keep expected errors off stderr
 *   vt_last_code(), vt_last_message()         the last error's code (0: none) and message ("")
 *   vt_message_has(what)                      the last error's message holds what (else printed)
 */
#ifndef VIRT_TEST_API_H
#define VIRT_TEST_API_H

#define VT_EVENT_LOG_MAX 64
typedef struct vt_event_log {
    int n;
    int events[VT_EVENT_LOG_MAX];
    unsigned long long details[VT_EVENT_LOG_MAX];
    char names[VT_EVENT_LOG_MAX][32];
} vt_event_log;

static inline void vt_record_event(virConnectPtr conn, virDomainPtr dom, int event, unsigned long long detail,
                                   void *opaque)
{
    vt_event_log *log = (vt_event_log *)opaque;
    const char *name = virDomainGetName(dom);
    (void)conn;
    if (log->n >= VT_EVENT_LOG_MAX) return;
    log->events[log->n] = event;
    log->details[log->n] = detail;
    snprintf(log->names[log->n], sizeof log->names[0], "%s", name ? name : "");
    log->n++;
}

static inline void vt_quiet_errors(void *opaque, virErrorPtr err) { (void)opaque; (void)err; }

static inline int vt_last_code(void)
{
    virErrorPtr e = virGetLastError();
    return e ? e->code : 0;
}

static inline const char *vt_last_message(void)
{
    virErrorPtr e = virGetLastError();
    return e && e->message ? e->message : "";
}

static inline int vt_message_has(const char *what)
{
    int r = strstr(vt_last_message(), what) != NULL;
    if (!r) printf("  message was: %s\n", vt_last_message());
    return r;
}

/* got[i] == want[i] for each of n named values, failures reported at file:line */
static inline void vt_check_values_at(const char *file, int line, const char *what, int n,
                                      const char *const *names, const long long *got,
                                      const long long *want)
{
    int i;
    for (i = 0; i < n; i++) {
        if (got[i] == want[i]) { vt_passed++; continue; }
        vt_failed++;
        fprintf(stderr, "%s:%d: FAILED: %s %s (%lld != %lld)\n", file, line, what, names[i], got[i], want[i]);
    }
}

static inline void vt_check_node_info_at(const char *file, int line, virConnectPtr conn, virNodeInfo *out,
                                         const char *model,
                                         unsigned long memory, unsigned int cpus, unsigned int mhz,
                                         unsigned int nodes, unsigned int sockets, unsigned int cores,
                                         unsigned int threads)
{
    static const char *const names[] = {"rc", "memory", "cpus", "mhz", "nodes", "sockets", "cores", "threads"};
    virNodeInfo ni;
    long long got[8], want[8];
    memset(&ni, 0, sizeof ni);
    got[0] = virNodeGetInfo(conn, &ni);
    *out = ni;
    got[1] = (long long)ni.memory; got[2] = ni.cpus; got[3] = ni.mhz; got[4] = ni.nodes;
    got[5] = ni.sockets; got[6] = ni.cores; got[7] = ni.threads;
    want[0] = 0; want[1] = (long long)memory; want[2] = cpus; want[3] = mhz; want[4] = nodes;
    want[5] = sockets; want[6] = cores; want[7] = threads;
    vt_check_values_at(file, line, "virNodeGetInfo", 8, names, got, want);
    if (!model) return;
    if (strcmp(ni.model, model) == 0) vt_passed++;
    else { vt_failed++; fprintf(stderr, "%s:%d: FAILED: node model \"%s\" != \"%s\"\n", file, line, ni.model, model); }
}
static inline void vt_check_scheduler_at(const char *file, int line, virDomainPtr dom, const char *type,
                                         int nparams, virTypedParameterPtr params, int room)
{
    static const char *const names[] = {"nparams of the type", "rc", "nparams"};
    long long got[3], want[3];
    int n = 0;
    char *got_type = virDomainGetSchedulerType(dom, &n);
    if (got_type && strcmp(got_type, type) == 0) vt_passed++;
    else {
        vt_failed++;
        fprintf(stderr, "%s:%d: FAILED: scheduler \"%s\" != \"%s\"\n", file, line, got_type ? got_type : "(null)", type);
    }
    free(got_type);
    got[0] = n; want[0] = nparams;
    n = room;
    got[1] = virDomainGetSchedulerParameters(dom, params, &n); want[1] = 0;
    got[2] = n; want[2] = nparams;
    vt_check_values_at(file, line, "virDomainGetSchedulerParameters", 3, names, got, want);
}
#define VT_CHECK_SCHEDULER(dom, type, nparams, params, room) \
    vt_check_scheduler_at(__FILE__, __LINE__, dom, type, nparams, params, room)

#define VT_CHECK_NODE_INFO(conn, out, model, memory, cpus, mhz, nodes, sockets, cores, threads) \
    vt_check_node_info_at(__FILE__, __LINE__, conn, out, model, memory, cpus, mhz, nodes, sockets, cores, threads)

static inline void vt_check_domain_info_at(const char *file, int line, virDomainPtr dom, virDomainInfo *out,
                                           unsigned long max_mem,
                                           unsigned long memory, unsigned int vcpus, const char *ostype)
{
    static const char *const names[] = {"rc", "maxMem", "memory", "nrVirtCpu"};
    virDomainInfo info;
    long long got[4], want[4];
    char *os;
    memset(&info, 0, sizeof info);
    got[0] = virDomainGetInfo(dom, &info);
    *out = info;
    got[1] = (long long)info.maxMem; got[2] = (long long)info.memory; got[3] = info.nrVirtCpu;
    want[0] = 0; want[1] = (long long)max_mem; want[2] = (long long)memory; want[3] = vcpus;
    vt_check_values_at(file, line, "virDomainGetInfo", 4, names, got, want);
    os = virDomainGetOSType(dom);
    if (os && strcmp(os, ostype) == 0) vt_passed++;
    else { vt_failed++; fprintf(stderr, "%s:%d: FAILED: OS type \"%s\" != \"%s\"\n", file, line, os ? os : "(null)", ostype); }
    free(os);
}
#define VT_CHECK_DOMAIN_INFO(dom, out, max_mem, memory, vcpus, ostype) \
    vt_check_domain_info_at(__FILE__, __LINE__, dom, out, max_mem, memory, vcpus, ostype)

static inline void vt_check_three_ids_at(const char *file, int line, virConnectPtr conn, int id0, int id1, int id2)
{
    static const char *const names[] = {"NumOfDomains", "ListDomains", "ids[0]", "ids[1]", "ids[2]", "ListDomains(max 2)"};
    int ids[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
    long long got[6], want[6];
    got[0] = virConnectNumOfDomains(conn);
    got[1] = virConnectListDomains(conn, ids, 8);
    got[2] = ids[0]; got[3] = ids[1]; got[4] = ids[2];
    got[5] = virConnectListDomains(conn, ids, 2);
    want[0] = 3; want[1] = 3; want[2] = id0; want[3] = id1; want[4] = id2; want[5] = 2;
    vt_check_values_at(file, line, "domain list", 6, names, got, want);
}
#define VT_CHECK_THREE_IDS(conn, id0, id1, id2) vt_check_three_ids_at(__FILE__, __LINE__, conn, id0, id1, id2)
#endif
