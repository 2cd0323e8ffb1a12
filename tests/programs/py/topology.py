#!/usr/bin/env python3
"""Equivalent of libvirt-python's examples/topology.py (see ../README.md):
sockets, cores and threads of the host from the capabilities XML."""
import sys
import xml.etree.ElementTree as ET

import libvirt

conn = libvirt.openReadOnly(sys.argv[1])
caps = ET.fromstring(conn.getCapabilities())
cpus = caps.findall("host/topology/cells/cell/cpus/cpu")
sockets = {(c.get("socket_id")) for c in cpus}
cores = {(c.get("socket_id"), c.get("core_id")) for c in cpus}
print("Sockets: %d, cores: %d, threads: %d" % (len(sockets), len(cores), len(cpus)))
