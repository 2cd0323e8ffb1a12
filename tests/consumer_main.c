/* tests/consumer_main.c - the program a user's project builds against virt,
 * compiled by tests/install_check.sh (installed headers: find_package and
 * pkg-config) and tests/subproject_check.sh (add_subdirectory): one
 * test:///default connection, which has one domain. */
#define VIRT_IMPLEMENTATION
#include "virt.h"
#include <stdio.h>
int main(int argc, char **argv)
{
    virConnectPtr c = virConnectOpenReadOnly("test:///default");
    int n = virConnectNumOfDomains(c);
    (void)argc;
    printf("%s: virt sees %d domain(s)\n", argv[0], n);
    return (n == 1 && virConnectClose(c) == 0) ? 0 : 1;
}
