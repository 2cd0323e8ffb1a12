/* Equivalent of libvirt's examples/c/misc/openauth.c (see ../README.md):
 * virConnectOpenAuth with a callback of the program's own that answers
 * VIR_CRED_AUTHNAME and VIR_CRED_PASSPHRASE from its arguments, then the
 * pre-0.9 listing calls (virConnectListDomains/ListDefinedDomains). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

struct creds { const char *user, *password; };

static int auth_cb(virConnectCredentialPtr cred, unsigned int ncred, void *cbdata)
{
    struct creds *c = (struct creds *)cbdata;
    unsigned int i;
    for (i = 0; i < ncred; i++) {
        const char *answer = NULL;
        if (cred[i].type == VIR_CRED_AUTHNAME) answer = c->user;
        else if (cred[i].type == VIR_CRED_PASSPHRASE) answer = c->password;
        else return -1;
        cred[i].result = strdup(answer);
        if (!cred[i].result) return -1;
        cred[i].resultlen = (unsigned int)strlen(answer);
    }
    return 0;
}

static int cred_types[] = { VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE };

int main(int argc, char **argv)
{
    struct creds c;
    virConnectAuth auth;
    virConnectPtr conn;
    int ids[64], n, i;
    char *names[64];

    if (argc != 4) {
        fprintf(stderr, "usage: %s URI USER PASSWORD\n", argv[0]);
        return 2;
    }
    c.user = argv[2];
    c.password = argv[3];
    auth.credtype = cred_types;
    auth.ncredtype = sizeof cred_types / sizeof cred_types[0];
    auth.cb = auth_cb;
    auth.cbdata = &c;
    conn = virConnectOpenAuth(argv[1], &auth, 0);
    if (!conn) {
        virErrorPtr e = virGetLastError();
        printf("No connection to hypervisor: %s\n", e ? e->message : "?");
        return 1;
    }
    n = virConnectListDomains(conn, ids, 64);
    printf("%d active domain(s)\n", n);
    for (i = 0; i < n; i++) {
        virDomainPtr d = virDomainLookupByID(conn, ids[i]);
        printf("  %d %s\n", ids[i], d ? virDomainGetName(d) : "?");
        if (d) virDomainFree(d);
    }
    n = virConnectListDefinedDomains(conn, names, 64);
    printf("%d inactive domain(s)\n", n);
    for (i = 0; i < n; i++) {
        printf("  %s\n", names[i]);
        free(names[i]);
    }
    virConnectClose(conn);
    return 0;
}
