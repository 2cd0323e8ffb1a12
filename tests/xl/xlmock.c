/* tests/xl/xlmock.c - LD_PRELOAD stand-in for the few libxenctrl and
 * libxenstore opens that libxl_ctx_alloc makes, so libxl's own JSON
 * generator and parser (which need a context) run on a machine without
 * /dev/xen. Facts (../shared/reference/libxl-backend.md section 2):
 * libxl_ctx_alloc opens a libxc handle (xc_interface_open) and then
 * xenstore (xs_open); either failing is ERROR_FAIL. The conversion tests
 * never reach the hypervisor, so the handles are never used for I/O:
 * each open hands back a distinct dummy object and each close accepts it.
 *
 * libvirt's conformance data (its libxlxml2domconfig test) assumes a host
 * where libxl_get_required_shadow_memory() answers 1234 KiB; this mock
 * answers the same so that the expected JSON applies unchanged (README of
 * ../shared/conformance/libvirt-xl, "Host capabilities"). */
#include <stddef.h>

struct xc_interface_core;
struct xs_handle;
struct xentoollog_logger;

static char virt_mock_xc_handle, virt_mock_xs_handle;

struct xc_interface_core *xc_interface_open(struct xentoollog_logger *logger,
                                            struct xentoollog_logger *dombuild_logger,
                                            unsigned open_flags);
int xc_interface_close(struct xc_interface_core *xch);
struct xs_handle *xs_open(unsigned long flags);
void xs_close(struct xs_handle *xsh);
unsigned long libxl_get_required_shadow_memory(unsigned long maxmem_kb, unsigned int smp_cpus);

struct xc_interface_core *xc_interface_open(struct xentoollog_logger *logger,
                                            struct xentoollog_logger *dombuild_logger,
                                            unsigned open_flags)
{
    (void)logger; (void)dombuild_logger; (void)open_flags;
    return (struct xc_interface_core *)(void *)&virt_mock_xc_handle;
}

int xc_interface_close(struct xc_interface_core *xch)
{
    (void)xch;
    return 0;
}

struct xs_handle *xs_open(unsigned long flags)
{
    (void)flags;
    return (struct xs_handle *)(void *)&virt_mock_xs_handle;
}

void xs_close(struct xs_handle *xsh)
{
    (void)xsh;
}

unsigned long libxl_get_required_shadow_memory(unsigned long maxmem_kb, unsigned int smp_cpus)
{
    (void)maxmem_kb; (void)smp_cpus;
    return 1234;
}
