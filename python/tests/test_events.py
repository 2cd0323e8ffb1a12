"""Domain events (virt's addition, libvirt-python's domainEventRegister
shape: cb(conn, dom, event, detail, opaque)) on the test driver."""
import gc
import unittest

import virt
from support import VirtTestCase, domain_xml

URI = "test:///default"


class TestEvents(VirtTestCase):
    def setUp(self):
        super().setUp()
        self.conn = virt.open(URI)
        self.events = []

    def tearDown(self):
        self.conn.close()
        super().tearDown()

    def record(self, conn, dom, event, detail, opaque):
        self.events.append((conn, dom, event, detail, opaque))

    def test_lifecycle_events(self):
        self.assertIsNone(self.conn.domainEventRegister(self.record, "opaque"))   # as libvirt-python
        dom = self.conn.lookupByName("test")
        dom.suspend()
        dom.resume()
        delivered = self.conn.domainEventPoll(1000)
        self.assertEqual(delivered, len(self.events))
        kinds = [e[2] for e in self.events]
        self.assertEqual(kinds, [virt.VIRT_DOMAIN_EVENT_SUSPENDED, virt.VIRT_DOMAIN_EVENT_RESUMED])
        conn, evdom, _, _, opaque = self.events[0]
        self.assertIs(conn, self.conn)
        self.assertEqual(evdom, dom)
        self.assertEqual(evdom.name(), "test")
        self.assertEqual(opaque, "opaque")

    def test_event_domain_outlives_the_callback(self):
        self.conn.domainEventRegister(self.record, None)
        dom = self.conn.createXML(domain_xml("evguest"), 0)
        dom.destroy()
        del dom
        gc.collect()
        self.conn.domainEventPoll(1000)
        kinds = [e[2] for e in self.events]
        self.assertIn(virt.VIRT_DOMAIN_EVENT_STARTED, kinds)
        self.assertIn(virt.VIRT_DOMAIN_EVENT_STOPPED, kinds)
        # the domain is gone from the node, the object kept from the event is not
        kept = self.events[-1][1]
        self.assertEqual(kept.name(), "evguest")
        self.assertVirtError(virt.VIR_ERR_NO_DOMAIN, kept.info)

    def test_poll_waits_without_holding_the_gil(self):
        import threading
        import time
        self.conn.domainEventRegister(self.record, None)
        dom = self.conn.lookupByName("test")
        timer = threading.Timer(0.2, dom.suspend)     # needs the GIL while we poll
        started = time.monotonic()
        timer.start()
        try:
            delivered = self.conn.domainEventPoll(10000)
        finally:
            timer.join(10)
        self.assertGreaterEqual(delivered, 1)
        self.assertLess(time.monotonic() - started, 9)
        self.assertEqual(self.events[0][2], virt.VIRT_DOMAIN_EVENT_SUSPENDED)

    def test_deregister(self):
        self.conn.domainEventRegister(self.record, None)
        self.assertIsNone(self.conn.domainEventDeregister(self.record))
        self.conn.lookupByName("test").suspend()
        self.conn.domainEventPoll(0)      # virt still counts what it polled
        self.assertEqual(self.events, [])
        self.assertVirtError(virt.VIR_ERR_INVALID_ARG, self.conn.domainEventDeregister, self.record)

    def test_register_errors(self):
        self.assertRaises(TypeError, self.conn.domainEventRegister, 42, None)

    def test_callback_exception_does_not_stop_delivery(self):
        def bad(conn, dom, event, detail, opaque):
            raise RuntimeError("callback failure")
        self.conn.domainEventRegister(bad, None)
        self.conn.domainEventRegister(self.record, None)
        self.conn.lookupByName("test").suspend()
        import io
        import sys
        saved, sys.stderr = sys.stderr, io.StringIO()
        try:
            self.conn.domainEventPoll(1000)
        finally:
            sys.stderr = saved
        self.assertEqual([e[2] for e in self.events], [virt.VIRT_DOMAIN_EVENT_SUSPENDED])

    def test_close_with_callbacks_registered(self):
        conn = virt.open(URI)
        conn.domainEventRegister(self.record, None)
        dom = conn.lookupByName("test")
        dom.suspend()
        conn.close()
        del conn
        gc.collect()
        self.assertEqual(dom.resume(), 0)
        self.assertEqual(self.events, [])


if __name__ == "__main__":
    unittest.main()
