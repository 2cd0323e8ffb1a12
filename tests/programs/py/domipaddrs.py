#!/usr/bin/env python3
"""Equivalent of libvirt-python's examples/domipaddrs.py (see ../README.md):
a domain's interface addresses from the lease source, or the driver's
error when it has none."""
import sys

import libvirt

conn = libvirt.openReadOnly(sys.argv[1])
dom = conn.lookupByName(sys.argv[2])
try:
    ifaces = dom.interfaceAddresses(libvirt.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE)
    for name, val in sorted(ifaces.items()):
        print(name, val["hwaddr"], [a["addr"] for a in val["addrs"] or []])
except libvirt.libvirtError as e:
    print("error %d: %s" % (e.get_error_code(), e.get_error_message()))
