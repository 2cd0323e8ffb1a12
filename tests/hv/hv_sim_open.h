/* tests/hv/hv_sim_open.h - the simulated hypervisor of the hv tests and how
 * they open the protocol layer on it. Include after virt.h and hv_sim.h.
 *
 *   sim                              the one simulated host (static)
 *   open_sim(release, flags)         hv_sim_init(&sim, release), then
 *                                    virt_hv_open_hooked on it; NULL (and a
 *                                    message on stderr) when either fails
 */
#ifndef HV_SIM_OPEN_H
#define HV_SIM_OPEN_H
#include <stdio.h>

static hv_sim sim;

static inline virt_hv *open_sim(const char *release, unsigned int flags)
{
    virt_hv *hv = NULL;
    virt_status st;
    if (hv_sim_init(&sim, release) != 0) return NULL;
    if (virt_hv_open_hooked(&hv, flags, hv_sim_ioctl, &sim, &st) != VIRT_OK) {
        fprintf(stderr, "open %s: %s\n", release, st.message);
        return NULL;
    }
    return hv;
}
#endif
