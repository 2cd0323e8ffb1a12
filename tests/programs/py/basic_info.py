#!/usr/bin/env python3
"""The first page of the Application Development Guide's Python chapter (see
../README.md): open, node info, type, version, URI, domains by id."""
import sys

import libvirt

conn = libvirt.openReadOnly(sys.argv[1])
print("type %s, version %d, uri %s" % (conn.getType(), conn.getVersion(), conn.getURI()))
print("node %s" % conn.getInfo())
print("running %d, defined %d" % (conn.numOfDomains(), conn.numOfDefinedDomains()))
for domid in conn.listDomainsID():
    dom = conn.lookupByID(domid)
    print("%d %s %s %s" % (domid, dom.name(), dom.UUIDString(), dom.info()[:4]))
print("lib version known: %s" % (libvirt.getVersion() > 0))
conn.close()
