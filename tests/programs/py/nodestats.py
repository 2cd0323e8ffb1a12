#!/usr/bin/env python3
"""Equivalent of libvirt-python's examples/nodestats.py (see ../README.md):
the node's NUMA cells from the capabilities XML and their free memory."""
import sys
import xml.etree.ElementTree as ET

import libvirt

conn = libvirt.openReadOnly(sys.argv[1])
caps = ET.fromstring(conn.getCapabilities())
cells = caps.findall("host/topology/cells/cell")
print("NUMA cells: %d" % len(cells))
free = conn.getCellsFreeMemory(0, len(cells))
for cell, mem in zip(cells, free):
    print("cell %s: %d CPU(s), %d bytes free" % (cell.get("id"), len(cell.findall("cpus/cpu")), mem))
print("node free memory: %d" % conn.getFreeMemory())
print("node info: %s" % conn.getInfo())
