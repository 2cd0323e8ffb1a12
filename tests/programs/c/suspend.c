/* Equivalent of libvirt's examples/c/domain/suspend.c (see ../README.md):
 * getopt options, virConnectOpenAuth, the running domains through
 * virConnectListAllDomains, or suspend + sleep + resume of one domain. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#define FAIL(...) do { fprintf(stderr, "ERROR: "); fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); } while (0)

static int list_running(virConnectPtr conn)
{
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE), i;
    if (n < 0) {
        FAIL("Unable to fetch list of running domains");
        return -1;
    }
    printf("Running domains:\n----------------\n");
    for (i = 0; i < n; i++) {
        printf("%s\n", virDomainGetName(doms[i]));
        virDomainFree(doms[i]);
    }
    free(doms);
    return 0;
}

static int pause_a_while(virConnectPtr conn, const char *name, unsigned int seconds)
{
    virDomainInfo info;
    int rc = -1;
    virDomainPtr dom = virDomainLookupByName(conn, name);
    if (!dom) {
        FAIL("Unable to find domain '%s'", name);
        return -1;
    }
    if (virDomainGetInfo(dom, &info) < 0) {
        FAIL("Unable to get domain info");
    } else if (info.state != VIR_DOMAIN_NOSTATE && info.state != VIR_DOMAIN_RUNNING &&
               info.state != VIR_DOMAIN_BLOCKED) {
        FAIL("Domain is not in a state where it can be suspended: %d", info.state);
    } else if (virDomainSuspend(dom) < 0) {
        FAIL("Unable to suspend domain");
    } else {
        sleep(seconds);
        if (virDomainResume(dom) < 0) FAIL("Unable to resume domain");
        else rc = 0;
    }
    virDomainFree(dom);
    return rc;
}

int main(int argc, char **argv)
{
    const char *uri = NULL;
    unsigned int seconds = 1;
    int opt, rc = EXIT_FAILURE, left;
    virConnectPtr conn;
    static struct option longopts[] = {
        { "connect", required_argument, NULL, 'c' },
        { "seconds", required_argument, NULL, 's' },
        { NULL, 0, NULL, 0 },
    };

    while ((opt = getopt_long(argc, argv, "+c:s:", longopts, NULL)) != -1) {
        if (opt == 'c') uri = optarg;
        else if (opt == 's') seconds = (unsigned int)strtoul(optarg, NULL, 10);
        else return EXIT_FAILURE;
    }
    conn = virConnectOpenAuth(uri, virConnectAuthPtrDefault, 0);
    if (!conn) {
        FAIL("Failed to connect to hypervisor");
        return EXIT_FAILURE;
    }
    if (optind >= argc) rc = list_running(conn) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
    else rc = pause_a_while(conn, argv[optind], seconds) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
    left = virConnectClose(conn);
    if (left != 0) {
        FAIL("references left after close: %d", left);
        rc = EXIT_FAILURE;
    }
    return rc;
}
