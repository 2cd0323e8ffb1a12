#!/usr/bin/env python3
"""How libvirt-python scripts read errors (the Application Development
Guide's Python error chapter; see ../README.md): libvirtError's code,
domain and message for common failures."""
import sys

import libvirt


def quiet(ctx, err):
    pass


libvirt.registerErrorHandler(quiet, None)
conn = libvirt.openReadOnly(sys.argv[1])
for what, call in (("lookup", lambda: conn.lookupByName("nosuch")),
                   ("lookup id", lambda: conn.lookupByID(4242)),
                   ("suspend ro", lambda: conn.lookupByName("test").suspend()),
                   ("bad uuid", lambda: conn.lookupByUUIDString("xyz"))):
    try:
        call()
        print("%s: no error" % what)
    except libvirt.libvirtError as e:
        print("%s: code %s domain %s: %s" % (what, e.get_error_code(), e.get_error_domain(),
                                             e.get_error_message()))
try:
    libvirt.open("nosuchscheme:///x")
except libvirt.libvirtError as e:
    print("open: code %s" % e.get_error_code())
