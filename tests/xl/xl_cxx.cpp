// tests/xl/xl_cxx.cpp - virt_xl.h's implementation compiles as C++ (the
// project's rule for every header) and converts one domain there too.
#ifndef VIRT_WITH_XL
#define VIRT_WITH_XL
#endif
#define VIRT_IMPLEMENTATION
#include "virt_xl.h"
#include <cstdio>
#include <string_view>

int main()
{
    const char *xml = "<domain type='xen'><name>cxx</name><memory>65536</memory><vcpu>2</vcpu>"
                      "<os><type>linux</type><kernel>/boot/vmlinuz</kernel></os><devices>"
                      "<channel type='unix'><source mode='bind' path='/run/ga.sock'/>"
                      "<target type='xen' name='org.qemu.guest_agent.0'/></channel></devices></domain>";
    virt_domain_def *def = NULL;
    virt_status st;
    libxl_domain_config cfg;
    int ok = virt_domain_def_parse(xml, (size_t)-1, &def, &st) == VIRT_OK &&
             virt_xl_config_from_def(def, &cfg, &st) == VIRT_OK;
    if (ok) {
        ok = cfg.c_info.type == LIBXL_DOMAIN_TYPE_PV && cfg.b_info.max_vcpus == 2 &&
             cfg.b_info.max_memkb == 65536 && cfg.b_info.kernel && std::string_view(cfg.b_info.kernel) == "/boot/vmlinuz" &&
             cfg.num_channels == 1 && cfg.channels[0].connection == LIBXL_CHANNEL_CONNECTION_SOCKET &&
             std::string_view(cfg.channels[0].u.socket.path) == "/run/ga.sock";
        libxl_domain_config_dispose(&cfg);
    }
    virt_domain_def_free(def);
    std::printf("xl_cxx: %s\n", ok ? "ok" : st.message);
    return ok ? 0 : 1;
}
