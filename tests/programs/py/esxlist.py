#!/usr/bin/env python3
"""Equivalent of libvirt-python's examples/esxlist.py (see ../README.md):
openAuth with a credential callback, then every running domain with its
info and a few XML facts."""
import sys
import xml.etree.ElementTree as ET

import libvirt


def request_credentials(credentials, user_data):
    for credential in credentials:
        if credential[0] == libvirt.VIR_CRED_AUTHNAME:
            credential[4] = user_data[0]
        elif credential[0] == libvirt.VIR_CRED_NOECHOPROMPT:
            credential[4] = user_data[1]
        else:
            return -1
    return 0


auth = [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_NOECHOPROMPT], request_credentials, ("root", "pw")]
conn = libvirt.openAuth(sys.argv[1], auth, 0)
state_names = {libvirt.VIR_DOMAIN_RUNNING: "running", libvirt.VIR_DOMAIN_BLOCKED: "idle",
               libvirt.VIR_DOMAIN_PAUSED: "paused", libvirt.VIR_DOMAIN_SHUTDOWN: "in shutdown",
               libvirt.VIR_DOMAIN_SHUTOFF: "shut off", libvirt.VIR_DOMAIN_CRASHED: "crashed",
               libvirt.VIR_DOMAIN_NOSTATE: "no state"}
for domid in conn.listDomainsID():
    dom = conn.lookupByID(domid)
    info = dom.info()
    print("Domain %s (id %d): %s, %d vCPU(s), %d KiB" % (dom.name(), domid, state_names[info[0]],
                                                         info[3], info[2]))
    root = ET.fromstring(dom.XMLDesc(0))
    print("  os %s, %d disk(s), %d interface(s)" % (root.findtext("os/type"),
                                                  len(root.findall("devices/disk")),
                                                  len(root.findall("devices/interface"))))
conn.close()
