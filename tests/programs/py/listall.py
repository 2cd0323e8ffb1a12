#!/usr/bin/env python3
"""The modern listing idiom of libvirt-python scripts (the Application
Development Guide's Python domain chapter; see ../README.md): listAllDomains
with filters, isActive, isPersistent and state()."""
import sys

import libvirt

conn = libvirt.open(sys.argv[1])
conn.defineXML("<domain type='test'><name>idle</name><memory>65536</memory>"
               "<os><type>hvm</type></os></domain>")
for flags in (0, libvirt.VIR_CONNECT_LIST_DOMAINS_ACTIVE, libvirt.VIR_CONNECT_LIST_DOMAINS_INACTIVE):
    doms = conn.listAllDomains(flags)
    print("flags %d: %s" % (flags, sorted(d.name() for d in doms)))
for dom in sorted(conn.listAllDomains(0), key=lambda d: d.name()):
    print("%s active=%d persistent=%d state=%s" % (dom.name(), dom.isActive(), dom.isPersistent(),
                                                  dom.state()))
