#!/usr/bin/env python3
"""Equivalent of libvirt-python's examples/domstart.py (see ../README.md):
start a domain from its XML file unless a domain of that name runs."""
import sys
import xml.etree.ElementTree as ET

import libvirt

# a fixed UUID: the second destroy's error names it (a generated one
# differs between any two runs, libvirt's own included)
XML = """<domain type='test'><name>started</name><uuid>6f1d2c3b-4a59-4e8f-9d07-1c2b3a4d5e6f</uuid>
<memory>131072</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>"""

conn = libvirt.open(sys.argv[1])
for attempt in (1, 2):
    name = ET.fromstring(XML).findtext("name")
    try:
        dom = conn.lookupByName(name)
        print("Domain %s is already running (id %d)" % (name, dom.ID()))
    except libvirt.libvirtError as e:
        print("lookup failed: %s" % e.get_error_message())
        dom = conn.createXML(XML, 0)
        print("Started domain %s, id %d, state %d" % (dom.name(), dom.ID(), dom.info()[0]))
dom.destroy()
try:
    dom.destroy()
except libvirt.libvirtError as e:
    print("second destroy: code %d: %s" % (e.get_error_code(), e.get_error_message()))
