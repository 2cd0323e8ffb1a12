#!/usr/bin/env python3
"""python/tests/bench_binding.py - per-call cost of the binding on test:///default,
and of Debian's libvirt-python (python3-libvirt) doing the same, for comparison.

    PYTHONPATH=<build>/python/lib python3 bench_binding.py virt
    python3 bench_binding.py libvirt          # needs python3-libvirt

Not a unittest (never fails on speed); prints microseconds per call.
"""
import time, sys, importlib
mod = importlib.import_module(sys.argv[1])
mod.registerErrorHandler(lambda c, e: None, None)
conn = mod.open("test:///default")
def bench(name, f, n):
    t = time.perf_counter()
    for _ in range(n): f()
    dt = time.perf_counter() - t
    print("%-10s %-28s %8.2f us/call" % (sys.argv[1], name, dt / n * 1e6))
dom = conn.lookupByName("test")
bench("lookupByName", lambda: conn.lookupByName("test"), 20000)
bench("dom.info()", dom.info, 20000)
bench("dom.XMLDesc(0)", lambda: dom.XMLDesc(0), 20000)
bench("listDomainsID", conn.listDomainsID, 20000)
def missing():
    try: conn.lookupByName("nope")
    except mod.libvirtError: pass
bench("lookupByName error", missing, 20000)
xml = "<domain type='test'><name>b</name><memory>131072</memory><vcpu>1</vcpu><os><type>linux</type></os></domain>"
def cycle():
    d = conn.createXML(xml, 0); d.destroy()
bench("createXML+destroy", cycle, 5000)
