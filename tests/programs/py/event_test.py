#!/usr/bin/env python3
"""Equivalent of libvirt-python's examples/event-test.py (see ../README.md),
bounded: the default event loop, a lifecycle callback, a timer driving the
domain through suspend, resume and destroy."""
import sys

import libvirt

events = []


def lifecycle(conn, dom, event, detail, opaque):
    events.append((dom.name(), event, detail))
    print("event: %s %d %d" % (dom.name(), event, detail))


libvirt.virEventRegisterDefaultImpl()
conn = libvirt.openReadOnly(sys.argv[1]) if len(sys.argv) > 2 else libvirt.open(sys.argv[1])
dom = conn.lookupByName("test")
cb = conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lifecycle, None)
steps = [dom.suspend, dom.resume, dom.destroy]


def tick(timer, opaque):
    if steps:
        print("%s -> %d" % (steps[0].__name__, steps.pop(0)()))


timer = libvirt.virEventAddTimeout(10, tick, None)
for _ in range(50):
    libvirt.virEventRunDefaultImpl()
    if not steps and len(events) >= 3:
        break
libvirt.virEventRemoveTimeout(timer)
conn.domainEventDeregisterAny(cb)
print("%d events" % len(events))
