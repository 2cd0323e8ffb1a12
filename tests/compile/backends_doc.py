#!/usr/bin/env python3
"""tests/compile/backends_doc.py - docs/backends.md's routing table against
the Xen router's code (virt.h >>xen router): for every row, the backends
the table names in fallback order must be the backends the router
function(s) of that call ask, in the same order.

  backends_doc.py SRCDIR

Table side: the "answered by" column is cut at its fallback separators
("→", "otherwise", "; else"); each piece contributes the first backend it
names (hypervisor, xenstore, xend, libxl). Code side: the parts a router function
asks (VIRT__XEN_ASK(x->hv, ...), a direct virt__hv_*(x->hv.priv ...),
VIRT__XEN_OPEN(x->xend) for a local answer while that part is open),
in order, repeats merged. Exit 0 when every row agrees."""
import re
import sys

# first API name of a table row -> the router functions that implement it
ROWS = {
    "virConnectGetVersion": ["virt__xen_get_version"],
    "virConnectGetHostname": ["virt__xen_get_hostname"],
    "virNodeGetInfo": ["virt__xen_node_get_info"],
    "virNodeGetFreeMemory": ["virt__xen_node_get_free_memory"],
    "virConnectListDomains": ["virt__xen_list_domains", "virt__xen_num_of_domains"],
    "virConnectListDefinedDomains": ["virt__xen_list_defined", "virt__xen_num_of_defined"],
    "virDomainLookupByID": ["virt__xen_lookup_by_id"],
    "virDomainLookupByUUID": ["virt__xen_lookup_by_uuid"],
    "virDomainLookupByName": ["virt__xen_lookup_by_name"],
    "virDomainGetInfo": ["virt__xen_get_info"],
    "virDomainGetMaxMemory": ["virt__xen_get_max_memory"],
    "virDomainGetOSType": ["virt__xen_get_os_type"],
    "virDomainSuspend": ["virt__xen_suspend", "virt__xen_resume", "virt__xen_destroy"],
    "virDomainSetMaxMemory": ["virt__xen_set_max_memory"],
    "virDomainSetMemory": ["virt__xen_set_memory"],
    "virDomainShutdown": ["virt__xen_shutdown", "virt__xen_reboot"],
    "virDomainSetVcpus": ["virt__xen_set_vcpus"],
    "virDomainCreateXML": ["virt__xen_create_xml", "virt__xen_define_xml", "virt__xen_undefine",
                           "virt__xen_create", "virt__xen_get_xml_desc"],
    "virDomainSave": ["virt__xen_save", "virt__xen_restore"],
    "virDomainSetVcpusFlags": ["virt__xen_set_vcpus_flags"],
    "virDomainManagedSave": ["virt__xen_managed_save", "virt__xen_has_managed_save",
                             "virt__xen_managed_save_remove"],
    "virDomainGetAutostart": ["virt__xen_get_autostart", "virt__xen_set_autostart"],
    "virDomainCoreDump": ["virt__xen_core_dump"],
    "virDomainAttachDevice": ["virt__xen_attach_device", "virt__xen_detach_device"],
    "virDomainMigrate": ["virt__xen_migrate_step", "virt__xen_migrate_p2p", "virt__xen_migrate_perform"],
    "virDomainOpenConsole": ["virt__xen_open_console"],
    "virNodeGetCPUStats": ["virt__xen_node_cpu_stats"],
    "virDomainBlockStats": ["virt__xen_block_stats", "virt__xen_interface_stats"],
    "virNodeGetMemoryStats": ["virt__xen_node_memory_stats"],
    "virDomainMemoryStats": ["virt__xen_memory_stats", "virt__xen_get_cpu_stats"],
    "virDomainSetMemoryFlags": ["virt__xen_set_memory_flags"],
    "virt_domain_event_*": ["virt__xen_event_start", "virt__xen_event_poll"],
    "virConnectGetCapabilities": ["virt__xen_get_capabilities"],
    "virConnectGetMaxVcpus": ["virt__xen_get_max_vcpus"],
    "virNodeGetCellsFreeMemory": ["virt__xen_cells_free_memory"],
    "virNodeGetCPUMap": ["virt__xen_node_cpu_map"],
    "virDomainGetVcpus": ["virt__xen_get_vcpus"],
    "virDomainPinVcpu": ["virt__xen_pin_vcpu"],
    "virDomainGetVcpuPinInfo": ["virt__xen_get_vcpu_pin_info"],
    "virDomainGetVcpusFlags": ["virt__xen_get_vcpus_flags"],
    "virDomainGetState": ["virt__xen_get_state"],
    "virDomainGetSchedulerType": ["virt__xen_get_scheduler_type", "virt__xen_get_scheduler_params",
                                  "virt__xen_set_scheduler_params"],
    "virDomainGetAutostart": ["virt__xen_get_autostart", "virt__xen_set_autostart"],
    "virConnectDomainXMLFromNative": ["virt__xen_native_format"],
}
# Rows whose functions are alternatives, not the same route: migration's
# protocol is chosen first from the features (virt__xen_supports_feature:
# libxl's protocol 3 and peer to peer when libxl is open, else xend's
# protocol 1), so each function asks one part; the parts they ask, in
# this order, are the table's fallback order.
ALTERNATIVES = {"virDomainMigrate"}
WORDS = {"hypervisor": "hv", "xenstore": "xs", "xend": "xend", "libxl": "xl"}


def merged(seq):
    out = []
    for s in seq:
        if not out or out[-1] != s:
            out.append(s)
    return out


def table(md):
    rows = {}
    for line in md.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 4 or not cells[1].startswith("`vir"):
            continue
        first = re.match(r"`([^`]+)`", cells[1]).group(1)
        order = []
        for piece in re.split(r"→|otherwise|; else", cells[2]):
            hit = re.search(r"\b(hypervisor|xenstore|xend|libxl)\b", piece)
            if hit:
                order.append(WORDS[hit.group(1)])
        rows[first] = merged(order)
    return rows


def router_bodies(src):
    start = src.index("/* >>xen router:")
    end = src.index("/* >>xen router: opening */")
    text = src[start:end]
    bodies = {}
    for m in re.finditer(r"VIRT__PRIVATE int (virt__xen_\w+)\([^)]*\)\s*\{", text):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        bodies[m.group(1)] = text[m.end():i]
    # suspend/resume/destroy come from one macro: its body stands for each
    macro = re.search(r"#define VIRT__XEN_XEND_ELSE_HV\(name, member\)(.*?)\n\n", text, re.S).group(1)
    for name in re.findall(r"VIRT__XEN_XEND_ELSE_HV\((virt__xen_\w+),", text):
        bodies[name] = macro
    return bodies


def asked(body):
    parts = re.findall(r"VIRT__XEN_ASK0?\((?:x|VIRT__XEN_X\(priv\))->(hv|xs|xend|xl)\b"
                       r"|virt__(?:hv|xs)_\w+\(x->(hv|xs)\.priv"
                       r"|VIRT__XEN_OPEN\(x->(hv|xs|xend|xl)\)", body)   # a local answer while a part is open
    return merged([a or b or c for a, b, c in parts])


def main():
    root = sys.argv[1]
    md = open(root + "/docs/backends.md", encoding="utf-8").read()
    src = open(root + "/virt.h", encoding="utf-8").read()
    doc, bodies = table(md), router_bodies(src)
    failed = 0
    for api, funcs in ROWS.items():
        if api not in doc:
            print("FAIL %s: no row in docs/backends.md" % api)
            failed += 1
            continue
        if api in ALTERNATIVES:
            code = merged([p for f in funcs for p in asked(bodies.get(f, ""))])
            if any(f not in bodies for f in funcs) or code != doc[api]:
                print("FAIL %s: the table says %s, %s ask %s" % (api, doc[api], " then ".join(funcs), code))
                failed += 1
            continue
        for f in funcs:
            code = asked(bodies.get(f, ""))
            if f not in bodies or code != doc[api]:
                print("FAIL %s: the table says %s, %s asks %s" % (api, doc[api], f, code))
                failed += 1
    for api in doc:
        if api not in ROWS:
            print("FAIL %s: a table row this check does not know" % api)
            failed += 1
    print("backends-doc: %d rows, %d failed" % (len(ROWS), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
