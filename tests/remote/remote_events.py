#!/usr/bin/env python3
"""tests/remote/remote_events.py URI - libvirt's own client (python3-libvirt)
changes a domain "vre" on the daemon while virt's connection listens
(test_remote_events.c): define, start, suspend, resume, destroy, undefine.
Each change makes the daemon push one lifecycle event to every client that
registered (remote_protocol.x: REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE)."""
import sys
import libvirt

XML = ("<domain type='test'><name>vre</name><uuid>33333333-2222-3333-4444-555555555555</uuid>"
       "<memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>")

c = libvirt.open(sys.argv[1])
d = c.defineXML(XML)
d.create()
d.suspend()
d.resume()
d.destroy()
d.undefine()
c.close()
