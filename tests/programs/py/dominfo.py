#!/usr/bin/env python3
"""Equivalent of libvirt-python's examples/dominfo.py (see ../README.md):
info and XML of one domain over a read-only default connection (the harness
sets LIBVIRT_DEFAULT_URI); xml.etree instead of libxml2."""
import sys
import xml.etree.ElementTree as ET

import libvirt


def entry(key, value):
    print("%-10s %-10s" % (key, value))


def section(title):
    print("\n%s" % title)
    print("=" * 60)


try:
    conn = libvirt.openReadOnly(None)
except libvirt.libvirtError:
    print("Failed to open connection to the hypervisor")
    sys.exit(1)
try:
    dom = conn.lookupByName(sys.argv[1])
except libvirt.libvirtError:
    print("Domain %s is not running" % sys.argv[1])
    sys.exit(0)

info = dom.info()
section("Domain info")
for key, value in zip(("State:", "MaxMem:", "UsedMem:", "VCPUs:"), info):
    entry(key, value)
root = ET.fromstring(dom.XMLDesc(0))
section("Kernel")
for key, path in (("Type:", "os/type"), ("Kernel:", "os/kernel"), ("initrd:", "os/initrd"),
                  ("cmdline:", "os/cmdline")):
    node = root.find(path)
    entry(key, node.text if node is not None else "Unknown")
section("Devices")
for dev in root.find("devices"):
    entry("Type:", dev.get("type", "Unknown"))
    src, tgt = dev.find("source"), dev.find("target")
    if dev.get("type") == "file":
        entry("Source:", src.get("file") if src is not None else "Unknown")
        entry("Target:", tgt.get("dev") if tgt is not None else "Unknown")
    elif dev.get("type") == "network":
        mac = dev.find("mac")
        entry("MAC Addr:", mac.get("address") if mac is not None else "Unknown")
