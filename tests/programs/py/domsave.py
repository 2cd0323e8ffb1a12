#!/usr/bin/env python3
"""Equivalent of libvirt-python's examples/domsave.py and domrestore.py
(see ../README.md): save every running domain into a directory, then restore
every file of it."""
import os
import sys

import libvirt

conn = libvirt.open(sys.argv[1])
os.mkdir("saved")
for domid in conn.listDomainsID():
    dom = conn.lookupByID(domid)
    path = os.path.join("saved", dom.name())
    print("Saving %s[%d] to %s ... %d" % (dom.name(), domid, path, dom.save(path)))
print("running after save: %d" % conn.numOfDomains())
for name in sorted(os.listdir("saved")):
    print("Restoring %s ... %d" % (name, conn.restore(os.path.join("saved", name))))
print("running after restore: %s" % conn.listDomainsID())
try:
    conn.restore("saved/none")
except libvirt.libvirtError as e:
    print("restore of a missing file: code %d domain %d" % (e.get_error_code(), e.get_error_domain()))
