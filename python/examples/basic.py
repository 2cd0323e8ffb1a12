#!/usr/bin/env python3
# python/examples/basic.py - the seed's Python example (libvirt 0.2.0's
# python/tests/basic.py) with Python 3 syntax and `import virt as libvirt`:
# open read-only, look a domain up by name, print its id and OS type, then
# its info() list [state, maxMem KiB, memory KiB, vcpus, cpuTime ns].
#
#   PYTHONPATH=<build>/python/lib python3 basic.py [URI [NAME]]
#
# Without arguments it does what the seed did: the local Xen node (URI
# None) and "Domain-0". ctest runs `basic.py test:///default test`.
import os
import sys

import virt as libvirt

uri = sys.argv[1] if len(sys.argv) > 1 else None
name = sys.argv[2] if len(sys.argv) > 2 else "Domain-0"

if uri is None and not os.access("/proc/xen", os.R_OK):
    print('System is not running a Xen kernel')
    sys.exit(1)

conn = libvirt.openReadOnly(uri)
if conn is None:
    print('Failed to open connection to the hypervisor')
    sys.exit(1)

try:
    dom0 = conn.lookupByName(name)
except libvirt.libvirtError:
    print('Failed to find the main domain')
    sys.exit(1)

print("Domain 0: id %d running %s" % (dom0.ID(), dom0.OSType()))
print(dom0.info())
del dom0
del conn
print("OK")
sys.exit(0)
